"""Which levers and parameters move the 2035 outcomes (Morris screening); lever comparisons.

:func:`sensitivity` runs the elementary-effects (Morris) design of SALib
over the policy levers (within :data:`~regiocluster.simulation.LEVER_BOUNDS`)
and the model's parameters (the calibrated ones within two standard errors
of their estimate, the priors within ±50 %). Every design point is
simulated ``replicates`` times with the same random numbers (common random
numbers), so the elementary effects measure the factor, not the noise.
:func:`compare` sets scenarios and lever sets side by side.

References
----------
.. [1] Morris, M. D. (1991). Factorial sampling plans for preliminary
   computational experiments. Technometrics, 33(2), 161-174.
.. [2] Campolongo, F., Cariboni, J., & Saltelli, A. (2007). An effective
   screening design for sensitivity analysis of large models. Environmental
   Modelling & Software, 22(10), 1509-1518.
.. [3] Herman, J., & Usher, W. (2017). SALib: an open-source Python library
   for sensitivity analysis. Journal of Open Source Software, 2(9), 97.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from SALib.analyze import morris as morris_analyze
from SALib.sample import morris as morris_sample

from regiocluster.case.load import Case
from regiocluster.simulation.calibrate import Calibration
from regiocluster.simulation.levers import LEVER_BOUNDS, LEVER_UNITS, PARAMETER_BOUNDS, Levers
from regiocluster.simulation.model import INDICATORS
from regiocluster.simulation.montecarlo import (
    SimulationResult,
    check_scenario,
    prepare,
    run_many,
    simulate,
)
from regiocluster.simulation.runner import ParameterDraw

__all__ = ["OUTCOMES", "Comparison", "Sensitivity", "compare", "sensitivity"]

#: Final-year outcomes the sensitivity analysis ranks factors by.
OUTCOMES = ("members", "employment", "output", "functional_dependence", "import_share")

_PRIORS_VARIED = (
    "spillover",
    "investment_response",
    "modernisation_gain",
    "meeting_conversion",
    "support_effect",
)


@dataclass(frozen=True)
class Sensitivity:
    """Morris elementary effects of levers and parameters on the final year's outcomes.

    Attributes
    ----------
    table : DataFrame
        One row per factor and outcome: ``factor``, ``kind`` (lever or
        parameter), ``unit``, ``low``, ``high``, ``outcome``, ``mu_star``
        (mean absolute elementary effect over the factor's range, in the
        outcome's unit), ``mu_star_conf``, ``mu`` (signed), ``sigma``.
    year : int
    trajectories, replicates : int
    """

    table: pd.DataFrame = field(repr=False)
    year: int
    trajectories: int
    replicates: int

    def ranking(self, outcome: str = "employment", *, kind: str | None = None) -> pd.DataFrame:
        """Factors by ``mu_star`` on ``outcome``, largest first (``kind``: lever or parameter)."""
        if outcome not in OUTCOMES:
            raise ValueError(f"unknown outcome {outcome!r}; valid: {', '.join(OUTCOMES)}")
        rows = self.table[self.table["outcome"] == outcome]
        if kind is not None:
            rows = rows[rows["kind"] == kind]
        return rows.sort_values("mu_star", ascending=False).reset_index(drop=True)

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form."""
        return {
            "year": self.year,
            "trajectories": self.trajectories,
            "replicates": self.replicates,
            "table": self.table.to_dict(orient="records"),
        }


def _factors(draw: ParameterDraw, errors: pd.Series) -> list[tuple[str, str, float, float]]:
    factors = [(name, "lever", low, high) for name, (low, high) in LEVER_BOUNDS.items()]
    for name in draw.names:
        value, sd = getattr(draw.base, name), float(errors.get(name, 0.0))
        low, high = PARAMETER_BOUNDS[name]
        lo, hi = max(low, value - 2 * sd), min(high, value + 2 * sd)
        if hi > lo:
            factors.append((name, "parameter", lo, hi))
    for name in _PRIORS_VARIED:
        value = getattr(draw.base, name)
        low, high = PARAMETER_BOUNDS[name]
        factors.append((name, "parameter", max(low, 0.5 * value), min(high, 1.5 * value)))
    return factors


def sensitivity(
    case: Case,
    *,
    scenario: str = "base",
    until: int = 2035,
    trajectories: int = 8,
    replicates: int = 16,
    seed: int = 0,
    client: Any = None,
    progress: Any = None,
    calibration: Calibration | None = None,
) -> Sensitivity:
    """Morris screening of the levers and parameters on the outcomes in ``until``.

    Parameters
    ----------
    case : Case
    scenario, until : keyword-only
        As in :func:`~regiocluster.simulation.simulate`.
    trajectories : int, keyword-only
        Morris trajectories :math:`r`; the design has :math:`r (k + 1)` points.
    replicates : int, keyword-only
        Runs per design point (common random numbers across points).
    seed : int, keyword-only
        Seeds the design and the runs.
    client : distributed.Client, optional, keyword-only
    progress : callable, optional, keyword-only
        ``progress(done, total)`` over the runs.
    calibration : Calibration, optional, keyword-only
        Use this calibration instead of calibrating on the whole history.

    Returns
    -------
    Sensitivity
    """
    check_scenario(case, scenario)
    prepared = prepare(case, until=until, calibration=calibration)
    inputs = prepared.inputs
    draw = prepared.calibration.draw()
    factors = _factors(draw, prepared.calibration.standard_errors)
    problem = {
        "num_vars": len(factors),
        "names": [f[0] for f in factors],
        "bounds": [[f[2], f[3]] for f in factors],
    }
    design = morris_sample.sample(problem, trajectories, num_levels=4, seed=seed)
    points = len(design)
    rows = np.repeat(np.arange(points), replicates)
    values = {name: design[rows, j] for j, (name, *_rest) in enumerate(factors)}
    levers = {k: values.get(k, np.zeros(len(rows))) for k in LEVER_BOUNDS}
    overrides = {f[0]: values[f[0]] for f in factors if f[1] == "parameter"}
    fixed_draw = ParameterDraw(base=draw.base)
    out = run_many(
        inputs,
        run_ids=np.tile(np.arange(replicates), points),
        seed=seed,
        n_years=until - inputs.start_year,
        scenario=scenario,
        draw=fixed_draw,
        levers=levers,
        overrides=overrides,
        client=client,
        progress=progress,
    )
    records = _records(problem, design, out, factors, points, replicates, seed)
    return Sensitivity(
        table=pd.DataFrame(records), year=until, trajectories=trajectories, replicates=replicates
    )


def _records(problem, design, out, factors, points, replicates, seed) -> list[dict[str, Any]]:
    """Morris statistics of every factor on every outcome (replicates averaged per point)."""
    records = []
    for outcome in OUTCOMES:
        final = out[:, -1, list(INDICATORS).index(outcome)].reshape(points, replicates).mean(axis=1)
        result = morris_analyze.analyze(problem, design, final, num_levels=4, seed=seed)
        for j, (name, kind, low, high) in enumerate(factors):
            records.append(
                {
                    "factor": name,
                    "kind": kind,
                    "unit": LEVER_UNITS.get(name, ""),
                    "low": low,
                    "high": high,
                    "outcome": outcome,
                    "mu_star": float(result["mu_star"][j]),
                    "mu_star_conf": float(result["mu_star_conf"][j]),
                    "mu": float(result["mu"][j]),
                    "sigma": float(result["sigma"][j]),
                }
            )
    return records


@dataclass(frozen=True)
class Comparison:
    """Several scenarios or lever sets side by side.

    Attributes
    ----------
    results : Mapping of str to SimulationResult
    table : DataFrame
        ``variant``, ``indicator``, ``year``, ``q05``, ``q50``, ``q95``,
        ``difference`` (median minus the first variant's median).
    """

    results: Mapping[str, SimulationResult] = field(repr=False)
    table: pd.DataFrame = field(repr=False)


def compare(
    case: Case,
    variants: Mapping[str, tuple[str, Levers | None]],
    *,
    until: int = 2035,
    n_runs: int = 500,
    seed: int = 0,
    years: tuple[int, ...] = (2030, 2035),
    client: Any = None,
    calibration: Calibration | None = None,
) -> Comparison:
    """Simulate each ``name: (scenario, levers)`` with the same seeds and compare medians.

    The first variant is the reference; runs share their random numbers
    across variants, so the differences are the levers' and scenarios' own.
    """
    if not variants:
        raise ValueError("compare needs at least one variant")
    results = {
        name: simulate(
            case,
            scenario=scenario,
            levers=levers,
            until=until,
            n_runs=n_runs,
            seed=seed,
            client=client,
            calibration=calibration,
        )
        for name, (scenario, levers) in variants.items()
    }
    frames = []
    reference = None
    for name, result in results.items():
        q = result.quantiles[result.quantiles["year"].isin(years)][
            ["indicator", "year", "q05", "q50", "q95"]
        ]
        q = q.assign(variant=name).reset_index(drop=True)
        reference = q["q50"].to_numpy() if reference is None else reference
        frames.append(q.assign(difference=q["q50"].to_numpy() - reference))
    table = pd.concat(frames, ignore_index=True)[
        ["variant", "indicator", "year", "q05", "q50", "q95", "difference"]
    ]
    return Comparison(results=results, table=table)
