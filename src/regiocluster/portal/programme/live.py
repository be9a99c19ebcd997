"""The programme's numbers on the live case (:func:`regiocluster.portal.analytics.current_case`).

The live Case is the portal's data as ``regiocluster portal export-case``
writes it, rebuilt when the data version changes; the indicators are
:func:`regiocluster.programme.cluster_indicators` on it, kept per version and year.
"""

from __future__ import annotations

import threading
from typing import Any

from regiocluster.portal.analytics import current_case
from regiocluster.portal.cacheversion import data_version
from regiocluster.programme import ClusterIndicators, cluster_indicators

_LOCK = threading.Lock()
_CACHE: dict[Any, ClusterIndicators] = {}


def live_case() -> Any:
    """Return the live data as a Case (the portal's one cached copy)."""
    return current_case()


def live_indicators(*, year: int | None = None) -> ClusterIndicators:
    """Return the live case's indicators (:func:`regiocluster.programme.cluster_indicators`)."""
    case = current_case()
    key = (data_version(), id(case), year)
    with _LOCK:
        if key not in _CACHE:
            if len(_CACHE) > 32:
                _CACHE.clear()
            _CACHE[key] = cluster_indicators(case, year=year)
        return _CACHE[key]
