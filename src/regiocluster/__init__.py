"""regiocluster: analyse, design and run a regional industrial cluster."""

from __future__ import annotations

from regiocluster.case.errors import CaseError, Problem
from regiocluster.case.load import Case, load_case

__all__ = ["Case", "CaseError", "Problem", "load_case", "__version__"]

__version__ = "0.1.0"
