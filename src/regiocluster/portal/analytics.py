"""The portal's analytical numbers: core functions on :func:`live_case`, never recomputed here.

Every figure the portal shows about the cluster as a whole (its members, the
cooperation share of Decree 779) comes from the same code as the CLI and the
report, run on a Case built from the live database; the Case is rebuilt only
when the data version changes (any write of the registry or the exchange).
"""

from __future__ import annotations

import math
import threading
import uuid
from typing import Any

import pandas as pd
from django.core.cache import cache

from regiocluster.network import cooperation_share as network_cooperation_share
from regiocluster.portal.cacheversion import data_version

_lock = threading.Lock()
_cached: dict[str, Any] = {"version": None, "case": None}


def current_case() -> Any:
    """Return :func:`~regiocluster.portal.casebridge.live_case` for the current data version."""
    from regiocluster.portal.casebridge import live_case

    # the cache's own generation too: a cleared cache restarts the data version at 1
    version = (cache.get_or_set("live-case-generation", uuid.uuid4().hex, None), data_version())
    with _lock:
        if _cached["version"] != version or _cached["case"] is None:
            _cached["case"] = live_case()
            _cached["version"] = version
        return _cached["case"]


def member_ids(case: Any, year: int | None = None) -> pd.Index:
    """Members of the live cluster by the one membership rule (``Case.members``)."""
    return pd.Index(case.members(year)["enterprise_id"])


def cooperation_share(*, year: int | None = None) -> tuple[int | None, float | None]:
    """Return the cluster's year and its cooperation share (Decree 779 functional dependence).

    The members are ``Case.members(year)``; the share is
    :func:`regiocluster.network.cooperation_share` of the year's contracts over
    the members' purchases. ``year`` defaults to the cluster's year
    (``Case.year``: the last year of enterprise finances).
    """
    case = current_case()
    fin = case.tables.get("enterprise_finances")
    if fin is None or fin.empty:
        return None, None
    year = case.year if year is None else int(year)
    members = member_ids(case, year if year in set(fin["year"]) else None)
    rows = fin[(fin["year"] == year) & fin["enterprise_id"].isin(members)]
    purchases = rows.groupby("enterprise_id")["purchases"].sum()
    links = case.tables["supply_links"]
    share = network_cooperation_share(links[links["year"] == year], purchases)
    return year, (None if math.isnan(share) else share)


def member_count() -> int:
    """Return the number of members of the live cluster in the cluster's year."""
    return len(member_ids(current_case()))


def headline_figures() -> dict[str, Any]:
    """Return the cluster in figures on the live case (:mod:`regiocluster.headlines`).

    Cached per data version (rebuilt after any write of the registry or the
    exchange). Returns ``{"case", "year", "figures": [...], "unavailable": [...]}``:
    each figure is :meth:`~regiocluster.headlines.HeadlineFigure.to_dict` (id,
    value, unit, labels in both languages, the Result's name, year and
    provenance); ``unavailable`` names the analyses the live data cannot
    support, with the reason.
    """
    from regiocluster.headlines import headline_figures as compute

    generation = cache.get_or_set("live-case-generation", uuid.uuid4().hex, None)
    key = f"headline-figures:{generation}:{data_version()}"
    value = cache.get(key)
    if value is None:
        case = current_case()
        failures: list = []
        figures = compute(case, failures=failures)
        value = {
            "case": case.name,
            "year": case.year,
            "figures": [f.to_dict() for f in figures],
            "unavailable": [
                {"analysis": h.key, "figures": list(h.figures), "reason": reason}
                for h, reason in failures
            ],
        }
        cache.set(key, value, 3600)
    return value
