"""Case-level siting Results: the ranked sites and the plant plan of a product.

Examples
--------
>>> from regiocluster import load_case
>>> result = site_ranking(load_case("leningrad"), "cement", draws=50)
>>> result.value("top_site")
'GF-SLAN'
"""

from __future__ import annotations

import weakref
from typing import Any

from regiocluster.result import Figure, Result
from regiocluster.siting.plan import SiteRanking, locate_plants, rank_sites
from regiocluster.siting.problem import LocationProblem
from regiocluster.siting.travel import FreightNetwork

__all__ = ["network", "plant_plan", "ranked", "site_ranking"]

#: Weight draws of the shared ranking (rank stability); the ranks do not depend on them.
SHARED_DRAWS = 300
_MEMO: dict[tuple[int, Any], tuple[weakref.ref, Any]] = {}


def _memo(case, key, build):
    slot = (id(case), key)
    held = _MEMO.get(slot)
    if held is not None and held[0]() is case:
        return held[1]
    for stale in [k for k, (ref, _) in _MEMO.items() if ref() is None]:
        del _MEMO[stale]
    value = build()
    _MEMO[slot] = (weakref.ref(case), value)
    return value


def network(case) -> FreightNetwork:
    """Return the case's freight network, built once per live case."""
    return _memo(case, "network", lambda: FreightNetwork.from_case(case))


def ranked(case, product_id: str) -> SiteRanking:
    """Return the product's site ranking with the default rules and weights, once per case.

    The one ranking the study, the needs analyses (new plants) and the
    development model (where entrants locate) share: computed once per live
    case and product, with :data:`SHARED_DRAWS` weight draws for the ranks'
    stability.
    """
    return _memo(
        case,
        ("ranked", product_id),
        lambda: rank_sites(case, product_id, draws=SHARED_DRAWS, network=network(case)),
    )


_TABLES = ("sites", "deposits", "transport_nodes", "transport_links", "market_balances")


def site_ranking(case, product_id: str, *, draws: int = 500, weights=None) -> Result:
    """Return the sites for a product, screened and ranked, as a Result.

    Frames: ``ranking`` (every site, eligible first) and ``weights``. Figures:
    ``eligible`` (count), ``top_site`` (site id), ``top_topsis`` (closeness)
    and ``top_stability`` (share of weight draws keeping its rank).
    """
    ranking = rank_sites(case, product_id, draws=draws, weights=weights)
    eligible = ranking.eligible
    top = eligible.iloc[0] if len(eligible) else None
    top_id = str(eligible.index[0]) if top is not None else None
    figures = (
        Figure("eligible", len(eligible), "count", "Eligible sites", "Подходящие площадки"),
        Figure("top_site", top_id, "site", "Top-ranked site", "Лучшая площадка"),
        Figure(
            "top_topsis",
            None if top is None else float(top["topsis"]),
            "ratio",
            "TOPSIS closeness of the top site",
            "Близость лучшей площадки (TOPSIS)",
        ),
        Figure(
            "top_stability",
            None if top is None else float(top["p_same_rank"]),
            "share",
            "Weight draws that keep its rank",
            "Доля розыгрышей весов без смены ранга",
        ),
    )
    name = "" if top is None else str(top["name"])
    sentences = {
        "en": (
            f"{len(eligible)} of {len(ranking.table)} sites qualify for {product_id}; "
            f"the best is {top_id} {name}.",
        ),
        "ru": (
            f"Для продукта {product_id} подходят {len(eligible)} площадок из "
            f"{len(ranking.table)}; лучшая — {top_id} {name}.",
        ),
    }
    return Result(
        "siting.ranking",
        frames={
            "ranking": ranking.table.reset_index(),
            "weights": ranking.weights.rename("weight").rename_axis("criterion").reset_index(),
        },
        figures=figures,
        sentences=sentences,
        provenance=case.provenance(*_TABLES),
        options={"product": product_id, "draws": draws},
    )


def plant_plan(case, product_id: str, *, p: int = 3, time_limit: float | None = None) -> Result:
    """Return the least-cost plan of ``p`` new plants beside the existing ones as a Result.

    Frames: ``assignment`` (demand points, tonnes, serving plant, cost).
    Figures: ``new_sites``, ``existing_plants`` (counts), ``cost_per_tonne``
    (rub/t), ``transport_cost`` (rub a year), ``gap`` (share).
    """
    problem = LocationProblem.from_case(case, product_id)
    plan = locate_plants(case, product_id, p, problem=problem, time_limit=time_limit)
    figures = (
        Figure("new_sites", len(plan.sites), "count", "New plant sites", "Новые площадки"),
        Figure(
            "existing_plants", len(plan.existing), "count", "Existing plants", "Действующие заводы"
        ),
        Figure(
            "cost_per_tonne",
            plan.cost_per_tonne,
            "rub/t",
            "Mean delivery cost",
            "Средняя стоимость доставки",
        ),
        Figure(
            "transport_cost",
            plan.objective,
            "rub/yr",
            "Transport cost",
            "Транспортные затраты",
        ),
        Figure("gap", plan.gap, "share", "Proven optimality gap", "Доказанный разрыв"),
    )
    sites = ", ".join(map(str, plan.sites))
    sentences = {
        "en": (
            f"{len(plan.sites)} new {product_id} plants ({sites}) beside {len(plan.existing)} "
            f"existing serve the market at {plan.cost_per_tonne:,.0f} rub/t ({plan.status}).",
        ),
        "ru": (
            f"{len(plan.sites)} новых заводов ({sites}) вместе с {len(plan.existing)} "
            f"действующими обслуживают рынок по {plan.cost_per_tonne:,.0f} руб./т "
            f"({plan.status}).",
        ),
    }
    return Result(
        "siting.plan",
        frames={"assignment": plan.assignment.reset_index(names="demand_point")},
        figures=figures,
        sentences=sentences,
        provenance=case.provenance(*_TABLES, "enterprise_products", "enterprises"),
        year=plan.year,
        options={"product": product_id, "p": p},
    )
