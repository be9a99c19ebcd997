"""The Case data contract: schemas, loading, validation, import and export."""

from regiocluster.case.errors import CaseError, Problem
from regiocluster.case.load import BUILTIN_CASES, Case, load_case
from regiocluster.case.schema import TABLES, TableSpec, pandera_schema

__all__ = [
    "BUILTIN_CASES",
    "TABLES",
    "Case",
    "CaseError",
    "Problem",
    "TableSpec",
    "load_case",
    "pandera_schema",
]
