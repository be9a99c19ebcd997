"""Market analysis: balances, demand drivers, statistical forecasts, scenarios."""

from __future__ import annotations

from regiocluster.market.forecast import COMBINATION, FAST, METHODS, backtest, forecast, mase, smape

__all__ = [
    "COMBINATION",
    "FAST",
    "METHODS",
    "backtest",
    "forecast",
    "mase",
    "smape",
]
