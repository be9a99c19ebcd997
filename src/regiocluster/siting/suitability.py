"""Site suitability for a product: hard constraints with reasons, then criteria.

The hard constraints screen out sites that cannot host the plant at all, each
exclusion with its reason. The criteria then measure what drives the cost and
risk of a construction-materials plant: transport to raw material and to the
market (bulk goods are transport-bound), rail and port access, utilities and
labour within an hour's travel.

The sanitary protection distances and minimum plot sizes below are indicative
defaults (after SanPiN 2.2.1/2.1.1.1200-03, the Russian sanitary classification
of enterprises, and typical plant footprints); check them for a real project
and override them through :class:`SiteRules`.

References
----------
SanPiN 2.2.1/2.1.1.1200-03 "Sanitary protection zones and sanitary
classification of enterprises, structures and other objects" (Russia).
Malczewski, J., & Rinner, C. (2015). *Multicriteria Decision Analysis in
Geographic Information Science*. Springer.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from regiocluster.siting.travel import FreightNetwork

__all__ = [
    "CRITERIA",
    "DEFAULT_WEIGHTS",
    "Criterion",
    "SiteRules",
    "demand_points",
    "population_points",
    "rules_for",
    "screen_sites",
    "site_criteria",
]

#: Indicative sanitary protection distance from housing, metres, by product.
SANITARY_DISTANCE_M: dict[str, float] = {
    "cement": 1000.0,
    "clinker": 1000.0,
    "lime": 500.0,
    "mineral_wool": 500.0,
    "crushed_stone": 500.0,
    "ceramic_brick": 300.0,
    "ceramic_tiles": 300.0,
    "flat_glass": 300.0,
    "aerated_blocks": 300.0,
    "dry_mix": 300.0,
    "gypsum_board": 300.0,
    "precast": 300.0,
    "osb": 300.0,
    "plywood": 300.0,
    "ready_mix": 100.0,
    "sand": 100.0,
    "sawn_timber": 100.0,
    "timber_houses": 100.0,
}

#: Indicative minimum plot, hectares, by product.
MIN_AREA_HA: dict[str, float] = {
    "cement": 30.0,
    "clinker": 30.0,
    "lime": 10.0,
    "flat_glass": 20.0,
    "mineral_wool": 10.0,
    "gypsum_board": 10.0,
    "aerated_blocks": 8.0,
    "ceramic_brick": 8.0,
    "osb": 15.0,
}


@dataclass(frozen=True)
class SiteRules:
    """Hard constraints for a plant."""

    allowed_land: tuple[str, ...] = ("industrial",)
    min_area_ha: float = 3.0
    sanitary_distance_m: float = 300.0
    exclude_protected: bool = True
    exclude_water_protection: bool = True


def rules_for(product_id: str, **overrides) -> SiteRules:
    """Return indicative rules for a product (override any field by keyword)."""
    base = SiteRules(
        min_area_ha=MIN_AREA_HA.get(product_id, 3.0),
        sanitary_distance_m=SANITARY_DISTANCE_M.get(product_id, 300.0),
    )
    return SiteRules(**{**base.__dict__, **overrides})


def screen_sites(sites: pd.DataFrame, rules: SiteRules) -> pd.DataFrame:
    """Apply the hard constraints; every failed rule is named in ``exclusion``.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``site_id``: ``eligible`` (bool) and ``exclusion`` (text,
        empty for eligible sites).
    """
    frame = sites.set_index("site_id") if "site_id" in sites.columns else sites
    reasons: dict[str, list[str]] = {site: [] for site in frame.index}
    for site, row in frame.iterrows():
        if row["land_category"] not in rules.allowed_land:
            reasons[site].append(
                f"land category '{row['land_category']}' (needs transfer to "
                f"{' or '.join(rules.allowed_land)} land)"
            )
        if row["area_ha"] < rules.min_area_ha:
            reasons[site].append(f"area {row['area_ha']:g} ha < {rules.min_area_ha:g} ha needed")
        if rules.exclude_protected and bool(row["protected_area"]):
            reasons[site].append("inside a specially protected natural area")
        if rules.exclude_water_protection and bool(row["water_protection_zone"]):
            reasons[site].append("inside a water protection zone")
        if row["distance_to_housing_m"] < rules.sanitary_distance_m:
            reasons[site].append(
                f"housing {row['distance_to_housing_m']:g} m away < sanitary zone "
                f"{rules.sanitary_distance_m:g} m"
            )
    exclusion = pd.Series({site: "; ".join(items) for site, items in reasons.items()})
    return pd.DataFrame({"eligible": exclusion == "", "exclusion": exclusion}, index=frame.index)


@dataclass(frozen=True)
class Criterion:
    """A ranking criterion: label, unit and direction."""

    label: str
    unit: str
    benefit: bool


CRITERIA: dict[str, Criterion] = {
    "cost_to_raw_material": Criterion("cost to nearest raw-material deposit", "rub/t", False),
    "cost_to_market": Criterion("demand-weighted cost to market", "rub/t", False),
    "rail_siding": Criterion("rail siding", "", True),
    "cost_to_port": Criterion("cost to nearest sea port", "rub/t", False),
    "power_mw": Criterion("power available", "MW", True),
    "gas": Criterion("gas connection", "", True),
    "water": Criterion("water supply", "", True),
    "labour_60min": Criterion("population within 60 min", "thousand", True),
}

#: Default weights: transport costs dominate for bulk materials (a judgement; pass your own
#: or derive them with :func:`regiocluster.siting.mcda.ahp_weights`).
DEFAULT_WEIGHTS: dict[str, float] = {
    "cost_to_raw_material": 0.25,
    "cost_to_market": 0.25,
    "rail_siding": 0.10,
    "cost_to_port": 0.05,
    "power_mw": 0.10,
    "gas": 0.08,
    "water": 0.07,
    "labour_60min": 0.10,
}


def population_points(case) -> pd.DataFrame:
    """Return the region's districts and partner regions as points with population."""
    regions = case.tables["regions"]
    region = case.meta.get("region")
    partners = list(case.meta.get("partner_regions", []))
    chosen = regions[(regions["parent_id"] == region) | regions["region_id"].isin(partners)]
    return chosen.set_index("region_id")[["name_en", "lon", "lat", "population"]].rename(
        columns={"name_en": "name"}
    )


def demand_points(case, product_id: str, *, year: int | None = None) -> pd.DataFrame:
    """Demand for ``product_id`` in tonnes at district centres and partner-region centres.

    Partner regions' consumption (e.g. St. Petersburg's) sits at their centre;
    the region's own consumption is split over its districts by their share of
    housing completions (``demand_drivers``), else by population.
    """
    balances = case.tables["market_balances"]
    products = case.tables["products"].set_index("product_id")
    tonnes_per_unit = float(products.loc[product_id, "tonnes_per_unit"])
    rows = balances[balances["product_id"] == product_id]
    year = int(rows["year"].max()) if year is None else int(year)
    consumption = rows[rows["year"] == year].set_index("region_id")["consumption"]
    points = population_points(case)
    region = case.meta.get("region")
    districts = [r for r in points.index if r not in case.meta.get("partner_regions", [])]
    drivers = case.tables["demand_drivers"]
    housing = drivers[
        (drivers["driver"] == "housing_m2")
        & (drivers["region_id"].isin(districts))
        & (drivers["scenario"] == "actual")
    ]
    if len(housing):
        latest = housing[housing["year"] == housing["year"].max()].set_index("region_id")["value"]
        share = latest.reindex(districts).fillna(0.0)
    else:
        share = points.loc[districts, "population"].fillna(0.0)
    share = share / share.sum() if share.sum() > 0 else share
    tonnes = pd.Series(0.0, index=points.index)
    tonnes[districts] = share * float(consumption.get(region, 0.0))
    for partner in case.meta.get("partner_regions", []):
        if partner in tonnes.index:
            tonnes[partner] = float(consumption.get(partner, 0.0))
    result = points.copy()
    result["tonnes"] = tonnes * tonnes_per_unit
    result.attrs["year"] = year
    return result


def site_criteria(
    case,
    product_id: str,
    *,
    network: FreightNetwork | None = None,
    demand: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Criteria of every site for a product (columns as in :data:`CRITERIA`).

    ``cost_to_raw_material`` is missing (NaN) when the product has no mineral
    raw material in the case.
    """
    network = network or FreightNetwork.from_case(case)
    sites = case.tables["sites"].set_index("site_id")
    products = case.tables["products"].set_index("product_id")
    mineral = products.loc[product_id, "raw_material"]
    demand = demand if demand is not None else demand_points(case, product_id)
    people = population_points(case)
    nodes = case.tables["transport_nodes"].set_index("node_id")
    ports = nodes[nodes["kind"] == "port"]
    targets = pd.concat(
        [
            demand[["lon", "lat"]].rename(index=lambda r: f"demand:{r}"),
            ports[["lon", "lat"]].rename(index=lambda r: f"port:{r}"),
        ]
    )
    deposits = case.tables["deposits"]
    if isinstance(mineral, str) and mineral:
        sources = deposits[deposits["mineral"] == mineral].set_index("deposit_id")
        targets = pd.concat(
            [targets, sources[["lon", "lat"]].rename(index=lambda r: f"deposit:{r}")]
        )
    travel = network.matrices(sites, targets)
    cost = travel.cost
    criteria = pd.DataFrame(index=sites.index)
    deposit_cols = [c for c in cost.columns if c.startswith("deposit:")]
    criteria["cost_to_raw_material"] = cost[deposit_cols].min(axis=1) if deposit_cols else np.nan
    demand_cols = [f"demand:{r}" for r in demand.index]
    weights = demand["tonnes"].to_numpy(dtype=float)
    criteria["cost_to_market"] = (
        cost[demand_cols].to_numpy() @ weights / weights.sum() if weights.sum() > 0 else np.nan
    )
    criteria["rail_siding"] = sites["rail_siding"].astype(float)
    port_cols = [c for c in cost.columns if c.startswith("port:")]
    criteria["cost_to_port"] = cost[port_cols].min(axis=1) if port_cols else np.nan
    criteria["power_mw"] = sites["power_mw"].astype(float)
    criteria["gas"] = sites["gas"].astype(float)
    criteria["water"] = sites["water"].astype(float)
    people_time = network.matrices(sites, people).time
    within = (people_time <= 1.0).to_numpy()
    criteria["labour_60min"] = within @ people["population"].fillna(0.0).to_numpy() / 1000.0
    return criteria


def usable_criteria(criteria: pd.DataFrame, weights: Mapping[str, float]) -> list[str]:
    """Criteria with a weight, a value for every site and some spread between sites."""
    return [
        name
        for name in criteria.columns
        if weights.get(name, 0.0) > 0
        and criteria[name].notna().all()
        and criteria[name].nunique() > 1
    ]
