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
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from regiocluster.siting.classes import product_class
from regiocluster.siting.mcda import rank_stability, site_rationale, topsis, weighted_sum
from regiocluster.siting.pmedian import PMedian
from regiocluster.siting.problem import LocationProblem, screen_case_sites
from regiocluster.siting.suitability import (
    CRITERIA,
    SiteRules,
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
    The default weights are the product family's
    (:data:`regiocluster.siting.classes.PRODUCT_CLASSES`): raw-material-bound
    products weigh the cost to their deposits most, wood products the forest
    districts and the ports, concrete the market.
    """
    rules, screen = screen_case_sites(case, product_id, rules)
    sites = case.tables["sites"].set_index("site_id")
    criteria = site_criteria(case, product_id, network=network)
    chosen = dict(product_class(product_id).weights if weights is None else weights)
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
        Chosen new site ids.
    assignment : pandas.DataFrame
        Per demand point: name, lon, lat, tonnes, ``site`` serving it (a new
        site, or the id of the existing plant that serves it cheaper) and
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
    existing : tuple of str
        Existing plants kept open (enterprise ids).
    existing_plants : pandas.DataFrame or None
        Their names, locations and capacities (:func:`existing_plants`).
    """

    product_id: str
    sites: list
    assignment: pd.DataFrame
    objective: float
    cost_per_tonne: float
    gap: float
    status: str
    year: int
    existing: tuple = ()
    existing_plants: pd.DataFrame | None = None


def locate_plants(
    case,
    product_id: str,
    p: int,
    *,
    candidates: list[str] | None = None,
    rules: SiteRules | None = None,
    network: FreightNetwork | None = None,
    time_limit: float | None = None,
    keep_existing: bool = True,
    problem: LocationProblem | None = None,
) -> PlantPlan:
    """Choose ``p`` new eligible sites that serve the product's demand at least transport cost.

    A p-median over demand points (districts and partner regions, tonnes) and
    eligible candidate sites, with costs in rub per tonne on the multimodal
    network. With ``keep_existing`` (default) the plants that make the product
    now stay open: a demand point pays the cheaper of its new site and its
    cheapest existing plant, so the new sites go where they save the most.
    Capacities are not limited here; :func:`locate_capacitated` places new
    capacity for the gap only.
    """
    problem = problem or LocationProblem.from_case(
        case, product_id, rules=rules, candidates=candidates, network=network
    )
    cost = problem.cost_with_existing() if keep_existing else problem.cost
    p = min(int(p), cost.shape[1])
    model = PMedian.from_cost_matrix(cost, problem.weights, p=p).solve(time_limit=time_limit)
    demand = problem.demand
    assignment = demand[["name", "lon", "lat", "tonnes"]].copy()
    assignment["site"] = model.assignment_
    assignment["cost_rub_per_t"] = [
        cost.loc[point, site] for point, site in model.assignment_.items()
    ]
    existing: tuple = ()
    if keep_existing and problem.existing_cost.shape[1]:
        served_new = [
            problem.cost.loc[point, site] < problem.existing_cost.loc[point].min()
            for point, site in model.assignment_.items()
        ]
        nearest = problem.existing_cost.idxmin(axis=1)
        assignment["site"] = assignment["site"].where(served_new, nearest)
        existing = tuple(problem.existing.index)
    total = float(demand["tonnes"].sum())
    return PlantPlan(
        product_id=product_id,
        sites=list(model.sites_),
        assignment=assignment,
        objective=model.objective_,
        cost_per_tonne=model.objective_ / total if total else float("nan"),
        gap=model.gap_,
        status=model.status_,
        year=problem.year,
        existing=existing,
        existing_plants=problem.existing if existing else None,
    )


@dataclass(frozen=True)
class CapacitatedPlan:
    """Existing plants kept open, new plants for the capacity gap, and their deliveries.

    Attributes
    ----------
    sites : list of str
        New plants to build (none when the existing plants cover demand).
    existing : list of str
        Existing plants kept open with their capacities (enterprise ids).
    flows : pandas.DataFrame
        Tonnes per year from each open plant (columns) to each demand point (rows).
    fixed_cost, transport_cost, objective : float
        Rub per year; ``objective`` is their sum (existing plants carry no fixed cost).
    status : str
    gap : float
    year : int
        Demand year.
    demand_t, existing_capacity_t, capacity_gap_t, new_capacity_t : float
        Demand, the existing plants' capacity, the demand they cannot cover, and
        the capacity of the new plants (tonnes a year).
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
    existing: list = field(default_factory=list)
    demand_t: float = 0.0
    existing_capacity_t: float = 0.0
    capacity_gap_t: float = 0.0
    new_capacity_t: float = 0.0


def _plants_for_gap(capacity: pd.Series, gap: float) -> int:
    """Fewest new plants whose largest capacities cover ``gap`` (0 when there is none)."""
    if gap <= 0:
        return 0
    cumulative = capacity.sort_values(ascending=False).cumsum().to_numpy()
    enough = np.nonzero(cumulative >= gap - 1e-9)[0]
    return int(enough[0]) + 1 if enough.size else len(capacity)


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
    keep_existing: bool = True,
    problem: LocationProblem | None = None,
) -> CapacitatedPlan:
    """Keep the existing plants, and place new plants only for the demand they cannot cover.

    ``capacity`` (tonnes per year) and ``fixed_cost`` (annualised rub per year)
    of a new plant are the user's assumptions, one number for every site or a
    Series by site. With ``keep_existing`` (default) every plant that makes the
    product now is open with its capacity and no fixed cost, and exactly as
    many new plants are opened as the capacity gap needs (none when there is no
    gap); the model chooses where they go and who ships to whom. Without it,
    the number of new plants is free. Demand that cannot be covered makes the
    problem infeasible (``status == "infeasible"``).
    """
    from regiocluster.siting.facility import CapacitatedFacilityLocation

    problem = problem or LocationProblem.from_case(
        case, product_id, rules=rules, candidates=candidates, network=network
    )
    new = list(problem.cost.columns)

    def by_site(value) -> pd.Series:
        if isinstance(value, pd.Series):
            return value.reindex(new).astype(float)
        return pd.Series(float(value), index=new)

    new_capacity, new_fixed = by_site(capacity), by_site(fixed_cost)
    existing = problem.existing if keep_existing else problem.existing.iloc[:0]
    old = [str(label) for label in existing.index]
    cost = pd.concat(
        [problem.existing_cost[existing.index].set_axis(old, axis=1), problem.cost], axis=1
    )
    capacities = pd.concat([existing["capacity_t"].set_axis(old), new_capacity])
    fixed = pd.concat([pd.Series(0.0, index=old), new_fixed])
    p = None
    if keep_existing:
        p = len(old) + _plants_for_gap(new_capacity, problem.capacity_gap)
    if p == 0:
        p = None
    model = CapacitatedFacilityLocation.from_cost_matrix(
        cost, problem.weights, capacity=capacities, fixed_cost=fixed, existing=old, p=p
    ).solve(time_limit=time_limit)
    built = [site for site in model.sites_ if site not in set(old)]
    opened = [*[site for site in model.sites_ if site in set(old)], *built]
    return CapacitatedPlan(
        product_id=product_id,
        sites=built,
        flows=model.flows_.loc[:, opened] if opened else model.flows_,
        fixed_cost=model.fixed_cost_,
        transport_cost=model.transport_cost_,
        objective=model.objective_,
        status=model.status_,
        gap=model.gap_,
        year=problem.year,
        existing=old,
        demand_t=float(problem.weights.sum()),
        existing_capacity_t=float(existing["capacity_t"].sum()),
        capacity_gap_t=problem.capacity_gap if keep_existing else float(problem.weights.sum()),
        new_capacity_t=float(new_capacity[built].sum()),
    )
