"""Innovation infrastructure: what exists, what the cluster's firms need, and what is missing where.

Every product group whose firms are in the cluster needs **testing** and
**certification** of its products (technical regulations require
conformity assessment before sale) and **training** of its workforce; a
group with a technology still to develop (TRL below 7) also needs **pilot
production**. A need is met for a firm when a facility offering that service
for its product group (or for all groups) lies within ``radius_km``. The
result lists, per service and product group, the firms left without one:
``missing`` when no facility in the case offers it at all, ``distant`` when
one exists but too far away.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from regiocluster.case.codes import split_prefixes
from regiocluster.geo import great_circle_km

__all__ = ["BASE_SERVICES", "service_gaps", "technopark_facilities"]

#: Services every product group with firms in the cluster needs.
BASE_SERVICES: tuple[str, ...] = ("testing", "certification", "training")

#: What a technopark offers its residents (the regional law on technoparks: premises,
#: shared equipment for pilot production, incubation of small firms).
TECHNOPARK_SERVICES = "incubation|pilot_production"


def technopark_facilities(sites: pd.DataFrame) -> pd.DataFrame:
    """Technoparks and technology centres among the candidate sites, as facilities.

    Examples
    --------
    >>> sites = pd.DataFrame({"site_id": ["S1", "S2"], "name": ["Luga state technopark",
    ...     "Kola industrial park"], "region_id": "LEN-LUZH", "lon": 29.8, "lat": 58.7})
    >>> technopark_facilities(sites)["facility_id"].tolist()
    ['S1']
    """
    names = sites["name"].astype(str).str.lower()
    chosen = sites[names.str.contains("technopark|technology centre|nanotechnology")]
    return pd.DataFrame(
        {
            "facility_id": chosen["site_id"],
            "name": chosen["name"],
            "kind": "technopark",
            "region_id": chosen["region_id"],
            "lon": chosen["lon"],
            "lat": chosen["lat"],
            "services": TECHNOPARK_SERVICES,
            "product_groups": "all",
        }
    )


def _offers(facilities: pd.DataFrame, service: str, group: str) -> pd.DataFrame:
    def serves(rec: pd.Series) -> bool:
        groups = split_prefixes(rec["product_groups"])
        return service in split_prefixes(rec["services"]) and ("all" in groups or group in groups)

    if facilities.empty:
        return facilities
    return facilities[facilities.apply(serves, axis=1)]


def service_gaps(
    facilities: pd.DataFrame,
    firms: pd.DataFrame,
    *,
    develop_groups: Iterable[str] = (),
    radius_km: float = 100.0,
) -> pd.DataFrame:
    """Services the cluster's firms need and cannot reach.

    Parameters
    ----------
    facilities : pandas.DataFrame
        ``facility_id``, ``name``, ``lon``, ``lat``, ``services`` and
        ``product_groups`` ('|'-separated; ``all`` for every group).
    firms : pandas.DataFrame
        Member producers: ``enterprise_id``, ``name``, ``region_id``, ``lon``,
        ``lat``, ``group`` (the product group they make).
    develop_groups : iterable of str
        Product groups with a technology still to develop (they need pilot
        production too).
    radius_km : float
        Reach of a facility, great-circle km.

    Returns
    -------
    pandas.DataFrame
        One row per (service, group) with firms left out: ``status``
        (``missing`` / ``distant``), ``nearest`` (facility), ``nearest_km``
        (median over the firms left out), ``beneficiaries`` (their ids),
        ``n_beneficiaries``, ``districts``.

    Examples
    --------
    >>> fac = pd.DataFrame({"facility_id": ["F"], "name": ["Lab"], "lon": [30.0], "lat": [60.0],
    ...                     "services": ["testing"], "product_groups": ["all"]})
    >>> firms = pd.DataFrame({"enterprise_id": ["near", "far"], "name": ["n", "f"],
    ...     "region_id": ["A", "B"], "lon": [30.1, 34.0], "lat": [60.0, 60.0],
    ...     "group": "binders"})
    >>> out = service_gaps(fac, firms)
    >>> out[["service", "status", "beneficiaries"]].values.tolist()[:2]
    [['testing', 'distant', 'far'], ['certification', 'missing', 'far, near']]
    """
    services = list(BASE_SERVICES)
    rows = []
    for group, members in firms.groupby("group", sort=True):
        wanted = services + (["pilot_production"] if group in set(develop_groups) else [])
        for service in wanted:
            offer = _offers(facilities, service, str(group))
            if offer.empty:
                left, nearest, km = members, "", np.full(len(members), np.nan)
            else:
                dist = great_circle_km(
                    members["lon"].to_numpy()[:, None],
                    members["lat"].to_numpy()[:, None],
                    offer["lon"].to_numpy()[None, :],
                    offer["lat"].to_numpy()[None, :],
                )
                best = dist.min(axis=1)
                out = best > radius_km
                left = members[out]
                km = best[out]
                nearest = str(offer["name"].iloc[int(np.argmin(dist.min(axis=0)))])
            if left.empty:
                continue
            rows.append(
                {
                    "service": service,
                    "group": group,
                    "status": "missing" if offer.empty else "distant",
                    "nearest": nearest,
                    "nearest_km": float(np.median(km)) if np.isfinite(km).any() else np.nan,
                    "beneficiaries": ", ".join(sorted(left["enterprise_id"])),
                    "n_beneficiaries": len(left),
                    "districts": ", ".join(sorted(set(left["region_id"]))),
                }
            )
    columns = [
        "service",
        "group",
        "status",
        "nearest",
        "nearest_km",
        "beneficiaries",
        "n_beneficiaries",
        "districts",
    ]
    out = pd.DataFrame(rows, columns=columns)
    order = {s: i for i, s in enumerate([*BASE_SERVICES, "pilot_production"])}
    return out.sort_values(
        ["group", "service"], key=lambda c: c.map(order) if c.name == "service" else c
    ).reset_index(drop=True)
