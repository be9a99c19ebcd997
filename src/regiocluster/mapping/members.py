"""Cluster members, their roles, and the cluster's boundaries (industries, territories).

Membership follows the cluster-mapping practice of starting from the
industries of the value chain and the territory, then adding the
organisations tied to them by supply links:

1. **by industry** — organisations in the territory whose main OKVED code
   falls in an industry with a ``chain_role`` (raw materials, core, wood,
   equipment, services, trade, construction);
2. **infrastructure** — research, education, finance, logistics organisations
   and the cluster's management organisation in the territory;
3. **by supply links** — other organisations in the territory that sell to or
   buy from a member found in step 1.

Roles come from ``enterprises.kind`` (the case's own classification) and fall
back on the industry's ``chain_role``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from regiocluster.case.codes import covers as _covers
from regiocluster.case.codes import longest_match
from regiocluster.case.territory import Territory

__all__ = [
    "ROLES",
    "ClusterBoundaries",
    "cluster_boundaries",
    "cluster_members",
    "members_geojson",
]

#: Role of a member, and the group it belongs to.
ROLES: dict[str, str] = {
    "core_producer": "business",
    "raw_material_supplier": "business",
    "equipment_service_supplier": "business",
    "trade": "business",
    "customer": "business",
    "research": "infrastructure",
    "education": "infrastructure",
    "finance": "infrastructure",
    "logistics": "infrastructure",
    "management": "infrastructure",
}

_KIND_ROLE = {
    "producer": "core_producer",
    "raw_materials": "raw_material_supplier",
    "equipment": "equipment_service_supplier",
    "services": "equipment_service_supplier",
    "customer": "customer",
    "research": "research",
    "education": "education",
    "finance": "finance",
    "logistics": "logistics",
    "management": "management",
}
_CHAIN_ROLE = {
    "raw_materials": "raw_material_supplier",
    "core": "core_producer",
    "wood": "core_producer",
    "equipment": "equipment_service_supplier",
    "services": "equipment_service_supplier",
    "trade": "trade",
    "construction": "customer",
}
_INFRASTRUCTURE_KINDS = {"research", "education", "finance", "logistics", "management"}


def _chain_role_of(codes: pd.Series, industries: pd.DataFrame) -> pd.Series:
    chain = industries.loc[industries["chain_role"].notna(), ["okved", "chain_role"]]
    roles = dict(zip(chain["okved"].astype(str), chain["chain_role"], strict=True))
    return codes.map(lambda code: longest_match(str(code), roles))


def cluster_members(
    enterprises: pd.DataFrame,
    industries: pd.DataFrame,
    *,
    territory: Iterable[str],
    regions: pd.DataFrame | None = None,
    links: pd.DataFrame | None = None,
    supplier: str = "supplier_id",
    buyer: str = "buyer_id",
) -> pd.DataFrame:
    """Candidate members of the cluster with their role and the reason they are in.

    Parameters
    ----------
    enterprises : pandas.DataFrame
        ``enterprises`` table (``enterprise_id``, ``okved``, ``kind``, ``region_id`` ...).
    industries : pandas.DataFrame
        ``industries`` table with ``chain_role``.
    territory : iterable of str
        Regions of the cluster; Leningrad Oblast and St. Petersburg form one
        cluster spanning two federal subjects. Districts count through
        ``regions.parent_id``.
    regions : pandas.DataFrame, optional
        ``regions`` table, to resolve districts to their oblast.
    links : pandas.DataFrame, optional
        ``supply_links``; organisations tied to an industry member join.
    supplier, buyer : str
        Column names of ``links``.

    Returns
    -------
    pandas.DataFrame
        The enterprises table with ``chain_role``, ``role``, ``role_group``
        (business / infrastructure), ``reason`` (industry, infrastructure,
        supply_links, or empty) and ``member`` (bool).

    References
    ----------
    Porter, M. E. (1998). Clusters and the new economics of competition.
    *Harvard Business Review*, 76(6), 77-90.
    """
    out = enterprises.copy()
    out["chain_role"] = _chain_role_of(out["okved"], industries)
    # a district belongs to the territory when its parent (the oblast) does
    inside = Territory.of(territory, regions).contains_all(out["region_id"]).astype(bool)
    kind = out["kind"] if "kind" in out.columns else pd.Series(None, index=out.index)
    role = kind.map(_KIND_ROLE)
    role = role.fillna(out["chain_role"].map(_CHAIN_ROLE))
    out["role"] = role
    out["role_group"] = role.map(ROLES)
    by_industry = inside & out["chain_role"].notna()
    by_infrastructure = inside & kind.isin(_INFRASTRUCTURE_KINDS) & ~by_industry
    reason = pd.Series("", index=out.index, dtype=object)
    reason[by_industry] = "industry"
    reason[by_infrastructure] = "infrastructure"
    if links is not None and len(links):
        seeds = set(out.loc[by_industry, "enterprise_id"])
        touching = links[links[supplier].isin(seeds) | links[buyer].isin(seeds)]
        partners = set(touching[supplier]) | set(touching[buyer])
        by_links = inside & (reason == "") & out["enterprise_id"].isin(partners)
        reason[by_links] = "supply_links"
    out["reason"] = reason
    out["member"] = reason != ""
    out.loc[~out["member"], ["role", "role_group"]] = None
    return out


@dataclass(frozen=True)
class ClusterBoundaries:
    """The cluster's boundaries.

    Attributes
    ----------
    industries : pandas.DataFrame
        One row per industry of the chain: ``okved``, ``name_en``,
        ``chain_role``, ``members`` (number of member organisations).
    territories : pandas.DataFrame
        One row per region of the territory where members are:
        ``region_id``, ``name_en``, ``kind``, ``members``, and ``roles``
        (role → count, as text).
    """

    industries: pd.DataFrame
    territories: pd.DataFrame


def cluster_boundaries(
    members: pd.DataFrame, industries: pd.DataFrame, regions: pd.DataFrame
) -> ClusterBoundaries:
    """Industry and territorial boundaries of the mapped cluster.

    Parameters
    ----------
    members : pandas.DataFrame
        Output of :func:`cluster_members`.
    industries, regions : pandas.DataFrame
        Case tables.

    Returns
    -------
    ClusterBoundaries
    """
    inside = members[members["member"]]
    chain = industries.loc[
        industries["chain_role"].notna(), ["okved", "name_en", "chain_role"]
    ].copy()
    counts = {
        code: int(sum(_covers(code, str(c)) for c in inside["okved"])) for code in chain["okved"]
    }
    chain["members"] = chain["okved"].map(counts).astype(int)
    chain = chain.sort_values(["chain_role", "okved"]).reset_index(drop=True)
    per_region = inside.groupby("region_id")
    terr = pd.DataFrame(
        {
            "members": per_region.size(),
            "roles": per_region["role"].agg(
                lambda s: ", ".join(f"{k} {v}" for k, v in s.value_counts().items())
            ),
        }
    ).reset_index()
    info = regions[["region_id", "name_en", "kind"]]
    terr = info.merge(terr, on="region_id", how="inner")
    terr = terr.sort_values("members", ascending=False).reset_index(drop=True)
    return ClusterBoundaries(industries=chain, territories=terr)


def members_geojson(
    members: pd.DataFrame,
    *,
    core: Iterable[str] | None = None,
    properties: Iterable[str] = ("enterprise_id", "name", "okved", "kind", "role", "region_id"),
) -> dict[str, Any]:
    """Members as a GeoJSON FeatureCollection of points (RFC 7946, EPSG:4326).

    Parameters
    ----------
    members : pandas.DataFrame
        Output of :func:`cluster_members` (only ``member`` rows are written).
    core : iterable of str, optional
        Enterprise ids in the cooperation core; adds the boolean property ``core``.
    properties : iterable of str
        Columns copied to each feature's properties.

    Returns
    -------
    dict
        A FeatureCollection; coordinates are ``[lon, lat]`` in WGS 84, as
        RFC 7946 requires, so QGIS and Leaflet read it without a CRS member.
    """
    inside = members[members["member"]]
    core_set = set(core) if core is not None else None
    features = []
    for row in inside.to_dict(orient="records"):
        props = {k: _plain(row.get(k)) for k in properties if k in row}
        if core_set is not None:
            props["core"] = row["enterprise_id"] in core_set
        features.append(
            {
                "type": "Feature",
                "geometry": {
                    "type": "Point",
                    "coordinates": [float(row["lon"]), float(row["lat"])],
                },
                "properties": props,
            }
        )
    return {"type": "FeatureCollection", "features": features}


def _plain(value: Any) -> Any:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    if hasattr(value, "item"):
        return value.item()
    return value
