"""Case-level siting: ranked candidate sites with reasons, and the optimal plant plan.

Examples
--------
>>> from regiocluster import load_case
>>> case = load_case("leningrad")
>>> ranking = rank_sites(case, "cement")
>>> plan = locate_plants(case, "cement", p=2)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from regiocluster.siting.mcda import rank_stability, site_rationale, topsis, weighted_sum
from regiocluster.siting.pmedian import PMedian
from regiocluster.siting.suitability import (
    CRITERIA,
    DEFAULT_WEIGHTS,
    SiteRules,
    demand_points,
    rules_for,
    screen_sites,
    site_criteria,
    usable_criteria,
)
from regiocluster.siting.travel import FreightNetwork

__all__ = [
    "CapacitatedPlan",
    "PlantPlan",
    "SiteRanking",
    "locate_capacitated",
    "locate_plants",
    "rank_sites",
]


@dataclass(frozen=True)
class SiteRanking:
    """Sites for one product: screening, criteria, scores, ranks, stability and reasons.

    Attributes
    ----------
    product_id : str
    table : pandas.DataFrame
        One row per site (eligible first, by rank): name, region, lon/lat,
        ``eligible``, ``exclusion``, every criterion, ``topsis``,
        ``weighted_sum``, ``rank``, ``p_same_rank``, ``p_top3``, ``reason``.
    weights : pandas.Series
        Weights of the criteria actually used.
    rules : SiteRules
    """

    product_id: str
    table: pd.DataFrame
    weights: pd.Series
    rules: SiteRules

    @property
    def eligible(self) -> pd.DataFrame:
        """The eligible sites, best first."""
        return self.table[self.table["eligible"]]


def rank_sites(
    case,
    product_id: str,
    *,
    weights: Mapping[str, float] | None = None,
    rules: SiteRules | None = None,
    draws: int = 500,
    seed: int = 0,
    network: FreightNetwork | None = None,
) -> SiteRanking:
    """Screen, score and rank the case's sites for a product.

    Ranking is by TOPSIS (vector normalisation); the weighted sum is shown
    beside it. Rank stability comes from ``draws`` Monte Carlo weight draws.
    """
    if product_id not in set(case.tables["products"]["product_id"]):
        raise ValueError(f"unknown product {product_id!r}")
    rules = rules or rules_for(product_id)
    sites = case.tables["sites"].set_index("site_id")
    screen = screen_sites(case.tables["sites"], rules)
    criteria = site_criteria(case, product_id, network=network)
    chosen = dict(DEFAULT_WEIGHTS if weights is None else weights)
    eligible = screen.index[screen["eligible"]]
    used = usable_criteria(criteria.loc[eligible], chosen) if len(eligible) > 1 else []
    w = pd.Series({name: chosen[name] for name in used}, dtype=float)
    w = w / w.sum() if w.sum() > 0 else w
    table = sites[["name", "region_id", "lon", "lat", "area_ha", "land_category", "status"]].join(
        screen
    )
    table = table.join(criteria)
    for column in ("topsis", "weighted_sum", "p_same_rank", "p_top3"):
        table[column] = np.nan
    table["rank"] = pd.array([pd.NA] * len(table), dtype="Int64")
    table["reason"] = table["exclusion"].map(lambda text: f"Excluded: {text}." if text else "")
    if used:
        scores = criteria.loc[eligible, used]
        benefit = pd.Series({name: CRITERIA[name].benefit for name in used})
        table.loc[eligible, "topsis"] = topsis(scores, w, benefit)
        table.loc[eligible, "weighted_sum"] = weighted_sum(scores, w, benefit)
        stability = rank_stability(scores, w, benefit, draws=draws, seed=seed, top=3)
        table.loc[eligible, "rank"] = stability["rank"].astype("Int64")
        table.loc[eligible, "p_same_rank"] = stability["p_same_rank"]
        table.loc[eligible, "p_top3"] = stability["p_top"]
        reasons = site_rationale(
            scores,
            w,
            benefit,
            labels={k: c.label for k, c in CRITERIA.items()},
            units={k: c.unit for k, c in CRITERIA.items()},
        )
        table.loc[eligible, "reason"] = reasons["reason"]
    elif len(eligible) == 1:
        table.loc[eligible, "rank"] = 1
        table.loc[eligible, "reason"] = "The only site that passes every constraint."
    table = table.sort_values(["eligible", "rank"], ascending=[False, True], na_position="last")
    return SiteRanking(product_id=product_id, table=table, weights=w, rules=rules)


@dataclass(frozen=True)
class PlantPlan:
    """Least-cost plan of ``p`` plants serving the case's demand for one product.

    Attributes
    ----------
    sites : list of str
        Chosen site ids.
    assignment : pandas.DataFrame
        Per demand point: name, lon, lat, tonnes, ``site`` serving it and
        ``cost_rub_per_t``.
    objective : float
        Total transport cost to the market, rub per year.
    cost_per_tonne : float
        Average delivery cost, rub per tonne.
    gap : float
        Proven optimality gap (0 = optimal).
    status : str
    year : int
        Demand year.
    """

    product_id: str
    sites: list
    assignment: pd.DataFrame
    objective: float
    cost_per_tonne: float
    gap: float
    status: str
    year: int


def locate_plants(
    case,
    product_id: str,
    p: int,
    *,
    candidates: list[str] | None = None,
    rules: SiteRules | None = None,
    network: FreightNetwork | None = None,
    time_limit: float | None = None,
) -> PlantPlan:
    """Choose ``p`` eligible sites that serve the product's demand at least transport cost.

    A p-median over demand points (districts and partner regions, tonnes) and
    eligible candidate sites, with costs in rub per tonne on the multimodal
    network.
    """
    network = network or FreightNetwork.from_case(case)
    sites = case.tables["sites"].set_index("site_id")
    if candidates is None:
        screen = screen_sites(case.tables["sites"], rules or rules_for(product_id))
        candidates = list(screen.index[screen["eligible"]])
    if not candidates:
        raise ValueError(f"no eligible site for {product_id!r}")
    p = min(int(p), len(candidates))
    demand = demand_points(case, product_id)
    demand = demand[demand["tonnes"] > 0]
    cost = network.matrices(demand, sites.loc[candidates]).cost
    model = PMedian.from_cost_matrix(cost, demand["tonnes"], p).solve(time_limit=time_limit)
    assignment = demand[["name", "lon", "lat", "tonnes"]].copy()
    assignment["site"] = model.assignment_
    assignment["cost_rub_per_t"] = [
        cost.loc[point, site] for point, site in model.assignment_.items()
    ]
    total = float(demand["tonnes"].sum())
    return PlantPlan(
        product_id=product_id,
        sites=list(model.sites_),
        assignment=assignment,
        objective=model.objective_,
        cost_per_tonne=model.objective_ / total if total else float("nan"),
        gap=model.gap_,
        status=model.status_,
        year=int(demand.attrs.get("year", 0) or 0),
    )


@dataclass(frozen=True)
class CapacitatedPlan:
    """Least-cost set of new plants with capacities and fixed costs, and their deliveries.

    Attributes
    ----------
    sites : list of str
        Plants to build.
    flows : pandas.DataFrame
        Tonnes per year from each plant (columns) to each demand point (rows).
    fixed_cost, transport_cost, objective : float
        Rub per year; ``objective`` is their sum.
    status : str
    gap : float
    year : int
        Demand year.
    """

    product_id: str
    sites: list
    flows: pd.DataFrame
    fixed_cost: float
    transport_cost: float
    objective: float
    status: str
    gap: float
    year: int


def locate_capacitated(
    case,
    product_id: str,
    *,
    capacity: float | pd.Series,
    fixed_cost: float | pd.Series,
    candidates: list[str] | None = None,
    rules: SiteRules | None = None,
    network: FreightNetwork | None = None,
    time_limit: float | None = None,
) -> CapacitatedPlan:
    """Which plants to build, where, and which demand each serves (capacitated location).

    ``capacity`` (tonnes per year) and ``fixed_cost`` (annualised rub per year)
    are the user's assumptions, one number for every site or a Series by site.
    Demand that the chosen plants cannot cover makes the problem infeasible
    (``status == "infeasible"``).
    """
    from regiocluster.siting.facility import CapacitatedFacilityLocation

    network = network or FreightNetwork.from_case(case)
    sites = case.tables["sites"].set_index("site_id")
    if candidates is None:
        screen = screen_sites(case.tables["sites"], rules or rules_for(product_id))
        candidates = list(screen.index[screen["eligible"]])
    if not candidates:
        raise ValueError(f"no eligible site for {product_id!r}")
    demand = demand_points(case, product_id)
    demand = demand[demand["tonnes"] > 0]
    cost = network.matrices(demand, sites.loc[candidates]).cost

    def by_site(value) -> pd.Series:
        if isinstance(value, pd.Series):
            return value.reindex(candidates).astype(float)
        return pd.Series(float(value), index=candidates)

    model = CapacitatedFacilityLocation.from_costs(
        cost, demand["tonnes"], by_site(capacity), by_site(fixed_cost)
    ).solve(time_limit=time_limit)
    return CapacitatedPlan(
        product_id=product_id,
        sites=list(model.sites_),
        flows=model.flows_.loc[:, list(model.sites_)] if model.sites_ else model.flows_,
        fixed_cost=model.fixed_cost_,
        transport_cost=model.transport_cost_,
        objective=model.objective_,
        status=model.status_,
        gap=model.gap_,
        year=int(demand.attrs.get("year", 0) or 0),
    )
