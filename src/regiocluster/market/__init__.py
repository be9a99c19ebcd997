"""Market analysis: balances, demand drivers, statistical forecasts, scenarios."""

from __future__ import annotations

from regiocluster.market.balances import (
    AGGLOMERATION,
    agglomerate,
    balance,
    national_context,
    population_table,
)
from regiocluster.market.forecast import COMBINATION, FAST, METHODS, backtest, forecast, mase, smape

__all__ = [
    "AGGLOMERATION",
    "agglomerate",
    "balance",
    "national_context",
    "population_table",
    "COMBINATION",
    "FAST",
    "METHODS",
    "backtest",
    "forecast",
    "mase",
    "smape",
]
