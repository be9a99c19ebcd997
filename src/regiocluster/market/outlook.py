"""The market outlook of a case: balances, demand by scenario and capacity gaps.

One call that the CLI, the report and a notebook share. It reads only the
case's tables: ``market_balances``, ``demand_drivers``,
``material_intensities``, ``products``, ``regions``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from regiocluster.case.load import Case
from regiocluster.market.balances import balance, population_table
from regiocluster.market.forecast import forecast
from regiocluster.market.scenarios import capacity_gap, scenario_demand

__all__ = ["CEMENT_SATURATION_KG", "Outlook", "outlook", "product_outlook"]

#: Cement consumption flattens around 600 kg per head above about US$25k GDP
#: per head (Global Cement, after Cembureau and World Bank data; FACTS.md).
CEMENT_SATURATION_KG = 600.0


@dataclass(frozen=True)
class Outlook:
    """Balances, demand and capacity gaps of a case's market.

    Attributes
    ----------
    balances : DataFrame
        :func:`~regiocluster.market.balance` for every product and region,
        the agglomeration included.
    demand : DataFrame
        Demand by product, scenario and year with intervals (see
        :class:`~regiocluster.market.ScenarioDemand`); ``basis`` says
        ``"drivers"`` (intensities × scenario drivers, statistics in the short
        run) or ``"statistics"`` (no intensity in the case: a statistical
        forecast, the same in every scenario).
    history : DataFrame
        ``product_id``, ``year``, ``consumption``, ``fitted``.
    gaps : DataFrame
        :func:`~regiocluster.market.capacity_gap` for every product and scenario.
    intensities : DataFrame
        The intensities used per product: ``driver``, ``intensity``, ``low``,
        ``high``, ``source`` (``estimated`` or ``case``).
    region_id : str
        The market the demand and gaps are for.
    """

    balances: pd.DataFrame
    demand: pd.DataFrame
    history: pd.DataFrame
    gaps: pd.DataFrame
    intensities: pd.DataFrame
    region_id: str


def _statistical(
    balances: pd.DataFrame,
    product_id: str,
    region_id: str,
    scenarios: Sequence[str],
    last_year: int,
    level: Sequence[int],
) -> tuple[pd.DataFrame, pd.DataFrame]:
    bal = balances[(balances["product_id"] == product_id) & (balances["region_id"] == region_id)]
    bal = bal.sort_values("year")
    cons = bal["production"] + bal["imports"] - bal["exports"]
    history = pd.DataFrame({"unique_id": product_id, "ds": bal["year"].astype(int), "y": cons})
    horizon = last_year - int(bal["year"].max())
    fc = forecast(history, horizon, level=level, n_jobs=1)
    cols = [f"lo_{lv}" for lv in level] + [f"hi_{lv}" for lv in level]
    fc[["y", *cols]] = fc[["y", *cols]].clip(lower=0.0)
    frames = []
    for scenario in scenarios:
        out = pd.DataFrame(
            {
                "product_id": product_id,
                "region_id": region_id,
                "scenario": scenario,
                "year": fc["ds"].to_numpy(),
                "h": np.arange(1, horizon + 1),
                "demand": fc["y"].to_numpy(),
                "driver_part": np.nan,
                "base_part": np.nan,
                "correction": np.nan,
                "weight": 1.0,
                "driven_by": "statistics",
            }
        )
        for col in cols:
            out[col] = fc[col].to_numpy()
        frames.append(out)
    hist = pd.DataFrame(
        {"year": bal["year"].to_numpy(), "consumption": cons.to_numpy(), "fitted": np.nan}
    )
    return pd.concat(frames, ignore_index=True), hist


def product_outlook(
    balances: pd.DataFrame,
    drivers: pd.DataFrame,
    intensities: pd.DataFrame,
    *,
    product_id: str,
    region_id: str,
    scenarios: Sequence[str] = ("base", "optimistic", "pessimistic"),
    last_year: int = 2035,
    level: Sequence[int] = (80, 95),
    saturation_per_capita: float | None = None,
    utilisation: float = 0.85,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Demand, history, capacity gap and intensities of one product in one market.

    Returns
    -------
    (demand, history, gaps, intensities) : tuple of DataFrame
    """
    has_int = (intensities["product_id"] == product_id).any()
    has_path = drivers[(drivers["region_id"] == region_id) & drivers["scenario"].isin(scenarios)]
    if has_int and len(has_path):
        result = scenario_demand(
            balances,
            drivers,
            intensities,
            product_id=product_id,
            region_id=region_id,
            scenarios=scenarios,
            last_year=last_year,
            level=level,
            saturation_per_capita=saturation_per_capita,
        )
        demand = result.table.assign(basis="drivers")
        history = result.history
        used = result.intensities.table.assign(product_id=product_id)
    else:
        demand, history = _statistical(balances, product_id, region_id, scenarios, last_year, level)
        demand = demand.assign(basis="statistics")
        used = pd.DataFrame(columns=["product_id", "driver", "intensity", "low", "high", "source"])
    gaps = pd.concat(
        [
            capacity_gap(demand[demand["scenario"] == s], balances, utilisation=utilisation)
            for s in demand["scenario"].unique()
        ],
        ignore_index=True,
    )
    return demand, history.assign(product_id=product_id), gaps, used


def outlook(
    case: Case,
    *,
    products: Sequence[str] | None = None,
    region_id: str | None = None,
    scenarios: Sequence[str] = ("base", "optimistic", "pessimistic"),
    last_year: int = 2035,
    level: Sequence[int] = (80, 95),
    utilisation: float = 0.85,
    drivers: pd.DataFrame | None = None,
) -> Outlook:
    """Balances, demand by scenario to ``last_year`` and capacity gaps of a case.

    Parameters
    ----------
    case : Case
        A loaded case with the market tables.
    products : sequence of str, optional, keyword-only
        Products to forecast (default: every product with a balance).
    region_id : str, optional, keyword-only
        The market: a region of the case or, by default, the territory as
        one market (:func:`~regiocluster.market.case.market_region`).
    scenarios : sequence of str, keyword-only
        Driver scenarios.
    last_year : int, keyword-only
        Horizon.
    level : sequence of int, keyword-only
        Interval coverage.
    utilisation : float, keyword-only
        Target utilisation for the capacity needed.
    drivers : DataFrame, optional, keyword-only
        Replaces the case's ``demand_drivers``, e.g. with a user scenario
        added by :func:`~regiocluster.market.user_scenario`.

    Returns
    -------
    Outlook

    Examples
    --------
    >>> from regiocluster import load_case
    >>> o = outlook(load_case("leningrad"), products=["cement"])
    >>> sorted(o.demand["scenario"].unique())
    ['base', 'optimistic', 'pessimistic']
    """
    from regiocluster.market.case import market_region, territory_balances

    region_id = region_id or market_region(case)
    raw_bal, drivers = territory_balances(case, drivers=drivers)
    pop = population_table(regions=case["regions"], demand_drivers=drivers)
    balances = balance(raw_bal, population=pop, products=case["products"])
    chosen = list(products) if products is not None else sorted(raw_bal["product_id"].unique())
    tpu = case["products"].set_index("product_id")["tonnes_per_unit"]
    parts = []
    for product_id in chosen:
        saturation = None
        if product_id == "cement" and region_id == case.territory.country:
            # national per-head ceiling; regions import and export too freely for it
            saturation = CEMENT_SATURATION_KG / 1000 / float(tpu.get(product_id, 1.0))
        parts.append(
            product_outlook(
                raw_bal,
                drivers,
                case["material_intensities"],
                product_id=product_id,
                region_id=region_id,
                scenarios=scenarios,
                last_year=last_year,
                level=level,
                saturation_per_capita=saturation,
                utilisation=utilisation,
            )
        )
    demand, history, gaps, used = (
        pd.concat([p[i] for p in parts if len(p[i])], ignore_index=True) for i in range(4)
    )
    return Outlook(
        balances=balances,
        demand=demand,
        history=history,
        gaps=gaps,
        intensities=used,
        region_id=region_id,
    )
