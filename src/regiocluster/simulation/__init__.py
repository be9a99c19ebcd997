"""The cluster development model: firms, supply ties and policy levers to 2035.

A firm-level, evolutionary model of the cluster (Brenner 2001) with yearly
steps from the case's last year, vectorised over Monte Carlo runs; its
parameters are estimated from the case's history by the simulated method of
moments, and SALib's Morris screening says which levers and parameters
matter. Runs scale out on Dask with results identical to a local run.

Examples
--------
>>> from regiocluster import load_case
>>> from regiocluster.simulation import Levers, simulate
>>> case = load_case("leningrad")
>>> result = simulate(case, n_runs=200, levers=Levers(matchmaking_meetings=100))  # doctest: +SKIP
>>> result.fan("functional_dependence").loc[2035, ["q05", "q50", "q95"]]  # doctest: +SKIP
"""

from __future__ import annotations

from regiocluster.simulation.calibrate import (
    MOMENTS,
    Backcast,
    Calibration,
    backcast,
    calibrate,
    history,
)
from regiocluster.simulation.case import development_model
from regiocluster.simulation.inputs import ModelInputs, model_inputs
from regiocluster.simulation.levers import (
    CALIBRATED,
    LEVER_BOUNDS,
    LEVER_LABELS,
    LEVER_UNITS,
    MECHANISMS,
    PARAMETER_BOUNDS,
    Levers,
    Parameters,
)
from regiocluster.simulation.model import INDICATORS, State, draws, run_batch, tie_flows
from regiocluster.simulation.montecarlo import (
    QUANTILES,
    SimulationResult,
    UnknownScenarioError,
    prepare,
    simulate,
)
from regiocluster.simulation.plan import PlanLevers, plan_levers
from regiocluster.simulation.runner import ParameterDraw, run_runs
from regiocluster.simulation.sensitivity import (
    OUTCOMES,
    Comparison,
    Sensitivity,
    compare,
    sensitivity,
)

__all__ = [
    "CALIBRATED",
    "INDICATORS",
    "LEVER_BOUNDS",
    "LEVER_LABELS",
    "LEVER_UNITS",
    "MECHANISMS",
    "MOMENTS",
    "OUTCOMES",
    "PARAMETER_BOUNDS",
    "QUANTILES",
    "Backcast",
    "Calibration",
    "Comparison",
    "Levers",
    "ModelInputs",
    "ParameterDraw",
    "PlanLevers",
    "Parameters",
    "Sensitivity",
    "SimulationResult",
    "State",
    "UnknownScenarioError",
    "backcast",
    "calibrate",
    "compare",
    "development_model",
    "draws",
    "history",
    "model_inputs",
    "plan_levers",
    "prepare",
    "run_batch",
    "run_runs",
    "sensitivity",
    "simulate",
    "tie_flows",
]
