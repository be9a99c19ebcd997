"""Market analysis: balances, demand drivers, statistical forecasts, scenarios."""

from __future__ import annotations

from regiocluster.market.balances import (
    AGGLOMERATION,
    agglomerate,
    balance,
    internal_flows,
    national_context,
    population_table,
)
from regiocluster.market.context import territory_context, world_context
from regiocluster.market.demand import (
    IntensityEstimate,
    driver_demand,
    estimate_intensities,
    lagged_drivers,
)
from regiocluster.market.forecast import (
    COMBINATION,
    FAST,
    METHODS,
    SEASONAL_COMBINATION,
    backtest,
    forecast,
    mase,
    smape,
)
from regiocluster.market.outlook import CEMENT_SATURATION_KG, Outlook, outlook, product_outlook
from regiocluster.market.reconcile import (
    aggregate_history,
    forecast_hierarchy,
    product_groups,
    reconcile,
    shrunk_covariance,
    summing_matrix,
)
from regiocluster.market.scenarios import (
    ScenarioDemand,
    capacity_gap,
    scenario_demand,
    user_scenario,
    with_agglomeration,
)

__all__ = [
    "AGGLOMERATION",
    "agglomerate",
    "balance",
    "internal_flows",
    "national_context",
    "population_table",
    "COMBINATION",
    "FAST",
    "METHODS",
    "SEASONAL_COMBINATION",
    "backtest",
    "forecast",
    "mase",
    "smape",
    "IntensityEstimate",
    "driver_demand",
    "estimate_intensities",
    "lagged_drivers",
    "CEMENT_SATURATION_KG",
    "Outlook",
    "outlook",
    "product_outlook",
    "aggregate_history",
    "forecast_hierarchy",
    "product_groups",
    "reconcile",
    "shrunk_covariance",
    "summing_matrix",
    "ScenarioDemand",
    "capacity_gap",
    "scenario_demand",
    "user_scenario",
    "with_agglomeration",
    "territory_context",
    "world_context",
]
