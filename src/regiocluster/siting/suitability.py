"""Site suitability for a product: hard constraints with reasons, then criteria.

The hard constraints screen out sites that cannot host the plant at all, each
exclusion with its reason: land category, plot size, protected and
water-protection zones, the sanitary protection zone of the product's hazard
class, and land use (a technopark is no place for a class I-III emitter). The
criteria then measure what drives the cost and risk of a construction-materials
plant: transport to raw material and to the market (bulk goods are
transport-bound), rail and port access, utilities and labour within an hour's
travel. Zones, plots, raw materials and weights come per product family from
:mod:`regiocluster.siting.classes`, with their sources.

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

from regiocluster.siting.classes import GENERAL, PRODUCT_CLASSES, product_class, sanitary_class
from regiocluster.siting.travel import FreightNetwork

__all__ = [
    "CRITERIA",
    "DEFAULT_WEIGHTS",
    "SITE_KIND_LEAST_CLASS",
    "Criterion",
    "SiteRules",
    "demand_points",
    "population_points",
    "raw_material_points",
    "rules_for",
    "screen_sites",
    "site_criteria",
    "site_kinds",
]

#: Sanitary protection zone, metres, by product (from the SanPiN class of each product).
SANITARY_DISTANCE_M: dict[str, float] = {
    pid: zone.distance_m for cls in PRODUCT_CLASSES.values() for pid, zone in cls.sanitary.items()
}

#: Estimated minimum plot, hectares, by product (see :mod:`regiocluster.siting.classes`).
MIN_AREA_HA: dict[str, float] = {
    pid: area for cls in PRODUCT_CLASSES.values() for pid, area in cls.min_area_ha.items()
}

#: The most hazardous SanPiN class (1 = I, the most) a kind of site accepts. Technoparks
#: host small and medium firms in shared buildings for R&D and light manufacturing, so a
#: class I-III emitter (a cement, brick or board plant) does not belong there.
SITE_KIND_LEAST_CLASS: dict[str, int] = {
    "industrial_park": 1,
    "industrial_zone": 1,
    "greenfield": 1,
    "technopark": 4,
}


@dataclass(frozen=True)
class SiteRules:
    """Hard constraints for a plant.

    Attributes
    ----------
    hazard_class : int
        SanPiN hazard class of the production (1 = I ... 5 = V); a site kind
        that does not accept it (see :data:`SITE_KIND_LEAST_CLASS`) is excluded.
    sanitary_source : str
        Where ``sanitary_distance_m`` comes from.
    """

    allowed_land: tuple[str, ...] = ("industrial",)
    min_area_ha: float = 3.0
    sanitary_distance_m: float = 300.0
    exclude_protected: bool = True
    exclude_water_protection: bool = True
    hazard_class: int = 3
    sanitary_source: str = ""


def rules_for(product_id: str, **overrides) -> SiteRules:
    """Return the product's rules: SanPiN zone and class, estimated plot (override by keyword).

    Examples
    --------
    >>> rules = rules_for("cement")
    >>> rules.sanitary_distance_m, rules.hazard_class
    (500.0, 2)
    """
    zone = sanitary_class(product_id)
    base = SiteRules(
        min_area_ha=MIN_AREA_HA.get(product_id, 3.0),
        sanitary_distance_m=zone.distance_m,
        hazard_class=zone.hazard_class,
        sanitary_source=zone.source,
    )
    return SiteRules(**{**base.__dict__, **overrides})


def site_kinds(sites: pd.DataFrame) -> pd.Series:
    """Return every site's kind: technopark, industrial_zone, industrial_park or greenfield.

    A ``site_kind`` column is used as it is. Otherwise the kind is read from the
    park's name (``technopark``, ``technology centre``; ``industrial zone``), and
    a site with ``status == "greenfield"`` is greenfield.
    """
    frame = sites.set_index("site_id") if "site_id" in sites.columns else sites
    if "site_kind" in frame.columns:
        return frame["site_kind"].astype(str)
    label = frame.get("industrial_park", frame["name"]).fillna(frame["name"]).str.lower()
    kind = pd.Series("industrial_park", index=frame.index)
    kind[label.str.contains("industrial zone|industrial and business zone")] = "industrial_zone"
    kind[label.str.contains("technopark|technology centre|nanotechnolog")] = "technopark"
    kind[frame["status"].astype(str) == "greenfield"] = "greenfield"
    return kind


def screen_sites(sites: pd.DataFrame, rules: SiteRules) -> pd.DataFrame:
    """Apply the hard constraints; every failed rule is named in ``exclusion``.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``site_id``: ``eligible`` (bool), ``exclusion`` (text,
        empty for eligible sites) and ``site_kind``.
    """
    frame = sites.set_index("site_id") if "site_id" in sites.columns else sites
    kinds = site_kinds(frame)
    roman = {1: "I", 2: "II", 3: "III", 4: "IV", 5: "V"}
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
        least = SITE_KIND_LEAST_CLASS.get(kinds[site], 1)
        if rules.hazard_class < least:
            reasons[site].append(
                f"a {kinds[site]} takes hazard class {roman[least]} or lower, not class "
                f"{roman.get(rules.hazard_class, rules.hazard_class)}"
            )
    exclusion = pd.Series({site: "; ".join(items) for site, items in reasons.items()})
    return pd.DataFrame(
        {"eligible": exclusion == "", "exclusion": exclusion, "site_kind": kinds},
        index=frame.index,
    )


@dataclass(frozen=True)
class Criterion:
    """A ranking criterion: label, unit and direction."""

    label: str
    unit: str
    benefit: bool


CRITERIA: dict[str, Criterion] = {
    "cost_to_raw_material": Criterion("cost to the raw material", "rub/t", False),
    "cost_to_market": Criterion("demand-weighted cost to market", "rub/t", False),
    "rail_siding": Criterion("rail siding", "", True),
    "cost_to_port": Criterion("cost to nearest sea port", "rub/t", False),
    "power_mw": Criterion("power available", "MW", True),
    "gas": Criterion("gas connection", "", True),
    "water": Criterion("water supply", "", True),
    "labour_60min": Criterion("population within 60 min", "thousand", True),
}

#: Weights for a product no family names (a judgement). Each family in
#: :data:`regiocluster.siting.classes.PRODUCT_CLASSES` has its own; pass your own or derive
#: them with :func:`regiocluster.siting.mcda.ahp_weights`.
DEFAULT_WEIGHTS: dict[str, float] = dict(GENERAL.weights)


def population_points(case) -> pd.DataFrame:
    """Return the region's districts and partner regions as points with population."""
    regions = case.tables["regions"]
    region, partners = case.territory.region, list(case.territory.partners)
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
    region, partners = case.territory.region, case.territory.partners
    districts = [r for r in points.index if r not in partners]
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
    for partner in partners:
        if partner in tonnes.index:
            tonnes[partner] = float(consumption.get(partner, 0.0))
    result = points.copy()
    result["tonnes"] = tonnes * tonnes_per_unit
    result.attrs["year"] = year
    return result


def raw_material_points(case, product_id: str) -> pd.DataFrame:
    """Where the product's raw material comes from, as weighted points.

    Minerals: the case's deposits of the product family's minerals (for cement
    only those fit for cement, see :class:`~regiocluster.siting.classes.RawMaterial`),
    weight 1 each. A non-mineral raw material (roundwood): the centres of the
    region's districts specialised in the supplying activity (``okved`` prefix;
    location quotient of employment at least 1 among the districts), weighted by
    that employment in the latest year. A mill draws on the forests around it,
    so the criterion is the cost to the nearest source either way.

    Returns
    -------
    pandas.DataFrame
        ``lon``, ``lat``, ``weight``; empty when the case has no source.
    """
    material = product_class(product_id).material_for(product_id)
    empty = pd.DataFrame(columns=["lon", "lat", "weight"], dtype=float)
    if material.okved:
        jobs = case.tables["employment"]
        districts = population_points(case)
        districts = districts.drop(
            index=[r for r in case.territory.partners if r in districts.index]
        )
        rows = jobs[
            jobs["okved"].astype(str).str.startswith(material.okved)
            & jobs["region_id"].isin(districts.index)
        ]
        if rows.empty:
            return empty
        year = rows["year"].max()
        latest = rows[rows["year"] == year]
        weight = latest.groupby("region_id")["employees"].sum(min_count=1).fillna(0.0)
        every = jobs[(jobs["year"] == year) & jobs["region_id"].isin(districts.index)]
        total = every.groupby("region_id")["employees"].sum().reindex(weight.index)
        # Keep the districts specialised in the activity (location quotient >= 1).
        quotient = (weight / total) / (weight.sum() / total.sum())
        weight = weight[(weight > 0) & (quotient >= 1.0)]
        return districts.loc[weight.index, ["lon", "lat"]].assign(weight=weight)
    minerals = material.minerals
    if not minerals:
        products = case.tables["products"].set_index("product_id")
        mineral = products.loc[product_id, "raw_material"]
        minerals = (mineral,) if isinstance(mineral, str) and mineral else ()
    deposits = case.tables["deposits"]
    chosen = deposits[deposits["mineral"].isin(minerals)]
    if material.use and len(chosen):
        text = chosen["use"] if "use" in chosen.columns else chosen["name"]
        fit = chosen[text.fillna("").str.lower().str.contains(material.use.lower())]
        chosen = fit if len(fit) else chosen
    if chosen.empty:
        return empty
    return chosen.set_index("deposit_id")[["lon", "lat"]].assign(weight=1.0)


def site_criteria(
    case,
    product_id: str,
    *,
    network: FreightNetwork | None = None,
    demand: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Criteria of every site for a product (columns as in :data:`CRITERIA`).

    ``cost_to_raw_material`` is the cost to the nearest source of the raw
    material (:func:`raw_material_points`: a deposit, or for roundwood a forest
    district's centre); missing (NaN) when the case has no source.
    """
    network = network or FreightNetwork.from_case(case)
    sites = case.tables["sites"].set_index("site_id")
    demand = demand if demand is not None else demand_points(case, product_id)
    people = population_points(case)
    nodes = case.tables["transport_nodes"].set_index("node_id")
    ports = nodes[nodes["kind"] == "port"]
    sources = raw_material_points(case, product_id)
    targets = pd.concat(
        [
            demand[["lon", "lat"]].rename(index=lambda r: f"demand:{r}"),
            ports[["lon", "lat"]].rename(index=lambda r: f"port:{r}"),
            sources[["lon", "lat"]].rename(index=lambda r: f"source:{r}"),
        ]
    )
    travel = network.matrices(sites, targets)
    cost = travel.cost
    criteria = pd.DataFrame(index=sites.index)
    source_cols = [f"source:{r}" for r in sources.index]
    criteria["cost_to_raw_material"] = cost[source_cols].min(axis=1) if source_cols else np.nan
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
