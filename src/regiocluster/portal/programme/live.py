"""The live case: the portal's data exported as a Case, so the core computes every number.

The export is the one ``regiocluster portal export-case`` writes; it is kept
per data version, so a change anywhere in the portal makes the next reader
compute afresh.
"""

from __future__ import annotations

import tempfile
import threading
from pathlib import Path
from typing import Any

from regiocluster import load_case
from regiocluster.portal.cacheversion import data_version
from regiocluster.portal.casebridge import case_export
from regiocluster.portal.members.models import CaseSource
from regiocluster.programme import ClusterIndicators, cluster_indicators

_LOCK = threading.Lock()
_CACHE: dict[str, Any] = {}


def base_case_name() -> str:
    """Return the case that seeded the portal (path or name), ``leningrad`` by default."""
    seed = CaseSource.objects.first()
    return (seed.path or seed.name) if seed else "leningrad"


def live_case() -> Any:
    """Return the live data as a loaded Case (cached per data version)."""
    key = f"{data_version()}:{base_case_name()}"
    with _LOCK:
        if _CACHE.get("key") == key:
            return _CACHE["case"]
        base = load_case(base_case_name())
        with tempfile.TemporaryDirectory(prefix="regiocluster-live-") as tmp:
            case = load_case(case_export(folder=Path(tmp) / "case", base=base))
        _CACHE.update(key=key, case=case, indicators={})
        return case


def live_indicators(*, year: int | None = None) -> ClusterIndicators:
    """Return the live case's indicators (:func:`regiocluster.programme.cluster_indicators`)."""
    case = live_case()
    with _LOCK:
        done = _CACHE.setdefault("indicators", {})
        if year not in done:
            done[year] = cluster_indicators(case, year=year)
        return done[year]
