r"""Calibration by the simulated method of moments, and the backcast that checks it.

The moments are the yearly levels of six indicators of the cluster's
history (members, employment, real output, supply ties among members, and
the entries and exits summed since the first year). For
parameters :math:`\theta` the model is run :math:`S` times from the first
history year with the observed demand, always with the same random numbers
(common random numbers keep the objective smooth in :math:`\theta`), and

.. math:: \hat\theta = \arg\min_\theta \sum_{t, j}
          \left(\log (1 + \bar m_{j,t}(\theta)) - \log (1 + m_{j,t})\right)^2

is found by :func:`scipy.optimize.least_squares` within the parameters'
bounds. The covariance of :math:`\hat\theta` is the Gauss-Newton one,
:math:`s^2 (1 + 1/S) (J^\top J)^{-1}` with :math:`s^2` the residual
variance; runs draw their parameters from it, so parameter uncertainty
widens the fan charts.

References
----------
.. [1] McFadden, D. (1989). A method of simulated moments for estimation of
   discrete response models without numerical integration. Econometrica,
   57(5), 995-1026.
.. [2] Gourieroux, C., & Monfort, A. (1996). Simulation-Based Econometric
   Methods. Oxford University Press.
.. [3] Fagiolo, G., Guerini, M., Lamperti, F., Moneta, A., & Roventini, A.
   (2019). Validation of agent-based models in economics and finance. In
   Computer Simulation Validation (pp. 763-787). Springer.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import optimize

from regiocluster.case.load import Case
from regiocluster.simulation.inputs import HISTORY_SCENARIO, member_finances, model_inputs
from regiocluster.simulation.levers import (
    CALIBRATED,
    LEVER_BOUNDS,
    MECHANISMS,
    PARAMETER_BOUNDS,
    Parameters,
)
from regiocluster.simulation.model import INDICATORS
from regiocluster.simulation.runner import ParameterDraw, run_runs

__all__ = ["BACKCAST", "MOMENTS", "Backcast", "Calibration", "backcast", "calibrate", "history"]

#: Indicators whose yearly history the calibration matches.
MOMENTS = ("members", "employment", "output", "supply_ties", "entries", "exits")
#: Indicators the backcast predicts.
BACKCAST = ("members", "employment", "output", "supply_ties")

_NO_LEVERS = dict.fromkeys(LEVER_BOUNDS, 0.0)
_CUMULATED = ("entries", "exits")


def history(case: Case) -> pd.DataFrame:
    """Return the members' observed indicators per year (output at the last year's prices).

    Returns
    -------
    DataFrame
        Index ``year``; columns ``members``, ``employment``, ``output``,
        ``exports``, ``supply_ties`` (distinct supplier-buyer pairs among
        members), ``entries`` (first year with finances) and ``exits`` (the
        year after the last, for firms that stop before the last year).
    """
    fin = member_finances(case)
    table = fin.groupby("year").agg(
        members=("enterprise_id", "nunique"),
        employment=("employees", "sum"),
        output=("real_output", "sum"),
        exports=("real_exports", "sum"),
    )
    ids = set(fin["enterprise_id"])
    links = case["supply_links"]
    links = links[links["supplier_id"].isin(ids) & links["buyer_id"].isin(ids)]
    links = links[links["supplier_id"] != links["buyer_id"]]
    ties = links.drop_duplicates(["supplier_id", "buyer_id", "year"]).groupby("year").size()
    table["supply_ties"] = ties.reindex(table.index).fillna(0)
    span = fin.groupby("enterprise_id")["year"].agg(["min", "max"])
    first, last = int(table.index.min()), int(table.index.max())
    table["entries"] = span["min"].value_counts().reindex(table.index).fillna(0)
    table.loc[first, "entries"] = 0
    # a firm whose finances stop before the last year left in the year after
    table["exits"] = (
        (span["max"][span["max"] < last] + 1).value_counts().reindex(table.index).fillna(0)
    )
    table.index = table.index.astype(int)
    return table.astype(float)


@dataclass(frozen=True)
class Calibration:
    """Estimated parameters, their covariance and the fit.

    Attributes
    ----------
    parameters : Parameters
        Every parameter, the calibrated ones at their estimate.
    names : tuple of str
        The calibrated parameters.
    covariance : ndarray
        Their covariance.
    fit : DataFrame
        ``year``, ``indicator``, ``observed``, ``simulated`` (mean of the
        runs); entries and exits summed since the first year.
    years : tuple of int
        First and last history year used.
    objective : float
        Sum of squared log deviations at the estimate.
    """

    parameters: Parameters
    names: tuple[str, ...]
    covariance: np.ndarray
    fit: pd.DataFrame
    years: tuple[int, int]
    objective: float

    @property
    def standard_errors(self) -> pd.Series:
        """Standard error of each calibrated parameter."""
        return pd.Series(np.sqrt(np.diag(self.covariance)), index=list(self.names))

    def draw(self) -> ParameterDraw:
        """Return the per-run parameter draw this calibration implies."""
        chol = np.linalg.cholesky(self.covariance + 1e-12 * np.eye(len(self.names)))
        return ParameterDraw(base=self.parameters, names=self.names, cholesky=chol)

    def table(self) -> pd.DataFrame:
        """Estimate and standard error per calibrated parameter."""
        values = [getattr(self.parameters, n) for n in self.names]
        return pd.DataFrame(
            {
                "parameter": self.names,
                "estimate": values,
                "std_error": self.standard_errors.to_numpy(),
            }
        )


#: Mechanisms of the moment simulations: all but the market's limit. The limit
#: caps projected sales at the start year's market share; on the history the
#: members' observed sales already say where the market stood, and with the cap
#: binding the demand elasticity would not be identified (a firm wanting more
#: than the market is cut back whatever its elasticity). The backcast runs
#: the full model, so it validates what the projections use.
CALIBRATION_MECHANISMS = frozenset(MECHANISMS) - {"market"}


def _simulated_moments(inputs, theta, names, *, base, n_runs, n_years, seed) -> np.ndarray:
    draw = ParameterDraw(base=base.replace(**dict(zip(names, theta, strict=True))))
    out = run_runs(
        inputs,
        seed=seed,
        run_ids=np.arange(n_runs),
        n_years=n_years,
        scenario=HISTORY_SCENARIO,
        draw=draw,
        levers=_NO_LEVERS,
        mechanisms=CALIBRATION_MECHANISMS,
    )
    columns = [list(INDICATORS).index(m) for m in MOMENTS]
    return _cumulate(out[:, 1:, columns].mean(axis=0))


def _cumulate(moments: np.ndarray) -> np.ndarray:
    """Entries and exits summed since the start year (smooth where yearly counts are small)."""
    moments = moments.copy()
    for name in _CUMULATED:
        k = MOMENTS.index(name)
        moments[:, k] = np.cumsum(moments[:, k])
    return moments


def calibrate(
    case: Case,
    *,
    first: int | None = None,
    last: int | None = None,
    n_runs: int = 32,
    seed: int = 12345,
    names: tuple[str, ...] = CALIBRATED,
    max_evaluations: int = 100,
    observed: pd.DataFrame | None = None,
) -> Calibration:
    """Estimate the model's parameters from the case's history (simulated method of moments).

    Parameters
    ----------
    case : Case
    first, last : int, optional, keyword-only
        History years used (default: all years of ``enterprise_finances``).
        The model starts from ``first`` and is matched to ``first + 1 .. last``.
    n_runs : int, keyword-only
        Simulated runs per evaluation :math:`S`.
    seed : int, keyword-only
        Seed of the common random numbers.
    names : tuple of str, keyword-only
        Parameters to estimate; the others stay at their priors.
    max_evaluations : int, keyword-only
        Budget of model evaluations for the optimiser.
    observed : DataFrame, optional, keyword-only
        Moments to match, shaped like :func:`history` (default: the case's
        history); tests pass a model-generated history to check recovery.

    Returns
    -------
    Calibration
    """
    observed = history(case) if observed is None else observed
    first = int(observed.index.min()) if first is None else int(first)
    last = int(observed.index.max()) if last is None else int(last)
    if not first < last:
        raise ValueError(f"calibration needs first < last years, got {first} and {last}")
    inputs = model_inputs(case, start_year=first, siting=False)
    target = np.log1p(_cumulate(observed.loc[first + 1 : last, list(MOMENTS)].to_numpy(float)))
    base = Parameters()
    n_years = last - first

    def residuals(theta: np.ndarray) -> np.ndarray:
        sim = _simulated_moments(
            inputs, theta, names, base=base, n_runs=n_runs, n_years=n_years, seed=seed
        )
        return (np.log1p(np.maximum(sim, 0.0)) - target).ravel()

    low = np.array([PARAMETER_BOUNDS[n][0] for n in names])
    high = np.array([PARAMETER_BOUNDS[n][1] for n in names])
    start = np.clip([getattr(base, n) for n in names], low + 1e-6, high - 1e-6)
    fit = optimize.least_squares(
        residuals,
        start,
        bounds=(low, high),
        diff_step=0.05,
        max_nfev=max_evaluations,
        x_scale="jac",
    )
    covariance = _covariance(fit, n_runs, low, high)
    estimate = base.replace(**dict(zip(names, fit.x, strict=True)))
    sim = _simulated_moments(
        inputs, fit.x, names, base=base, n_runs=n_runs, n_years=n_years, seed=seed
    )
    frame = _fit_frame(np.arange(first + 1, last + 1), np.expm1(target), sim)
    return Calibration(
        parameters=estimate,
        names=tuple(names),
        covariance=covariance,
        fit=frame,
        years=(first, last),
        objective=float(fit.fun @ fit.fun),
    )


def _fit_frame(years: np.ndarray, observed: np.ndarray, simulated: np.ndarray) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "year": np.repeat(years, len(MOMENTS)),
            "indicator": np.tile(MOMENTS, len(years)),
            "observed": observed.ravel(),
            "simulated": simulated.ravel(),
        }
    )


def _covariance(fit, n_runs: int, low: np.ndarray, high: np.ndarray) -> np.ndarray:
    """Gauss-Newton covariance of the estimate, guarded for flat and wide directions."""
    dof = max(fit.fun.size - len(fit.x), 1)
    s2 = float(fit.fun @ fit.fun) / dof
    covariance = s2 * (1 + 1 / n_runs) * np.linalg.pinv(fit.jac.T @ fit.jac)
    # a parameter the moments do not move (a flat column of the Jacobian, as
    # the exit hazard of a history without exits) stays at its estimate;
    # one whose variance exceeds a quarter of its range keeps that spread
    spread = ((high - low) / 4) ** 2
    variances = np.diag(covariance)
    flat = np.linalg.norm(fit.jac, axis=0) < 1e-8
    wide = ~np.isfinite(variances) | (variances > spread)
    for mask, value in ((flat, np.zeros_like(spread)), (wide & ~flat, spread)):
        covariance[mask, :] = 0.0
        covariance[:, mask] = 0.0
        covariance[mask, mask] = value[mask]
    covariance[np.diag_indices_from(covariance)] = np.maximum(np.diag(covariance), 0.0)
    return covariance


@dataclass(frozen=True)
class Backcast:
    """Out-of-sample check: calibrate on early years, predict the later ones.

    Attributes
    ----------
    calibration : Calibration
        Fitted on ``calibration.years``.
    predictions : DataFrame
        ``year``, ``indicator``, ``observed``, ``model`` (median of the runs),
        ``naive`` (the last calibration year's value carried forward).
    errors : DataFrame
        Per indicator: ``model_mape`` and ``naive_mape`` (mean absolute
        percentage error, %), and ``model_better``.
    """

    calibration: Calibration
    predictions: pd.DataFrame
    errors: pd.DataFrame

    @property
    def model_mape(self) -> float:
        """Mean of the indicators' model errors, %."""
        return float(self.errors["model_mape"].mean())

    @property
    def naive_mape(self) -> float:
        """Mean of the indicators' naive errors, %."""
        return float(self.errors["naive_mape"].mean())


def backcast(
    case: Case,
    *,
    split: int = 2019,
    n_runs: int = 200,
    seed: int = 0,
    calibration_runs: int = 32,
) -> Backcast:
    """Calibrate on the history up to ``split``, predict the years after it.

    The prediction starts from the observed state in ``split`` and follows
    the observed demand, with parameters drawn from the calibration's
    uncertainty; the naive forecast carries the ``split`` value forward.
    """
    observed = history(case)
    cal = calibrate(case, last=split, n_runs=calibration_runs)
    inputs = model_inputs(case, start_year=split, siting=False)
    last = int(observed.index.max())
    out = run_runs(
        inputs,
        seed=seed,
        run_ids=np.arange(n_runs),
        n_years=last - split,
        scenario=HISTORY_SCENARIO,
        draw=cal.draw(),
        levers=_NO_LEVERS,
    )
    years = np.arange(split + 1, last + 1)
    rows = []
    for indicator in BACKCAST:
        median = np.median(out[:, 1:, list(INDICATORS).index(indicator)], axis=0)
        for year, value in zip(years, median, strict=True):
            rows.append(
                {
                    "year": int(year),
                    "indicator": indicator,
                    "observed": float(observed.at[year, indicator]),
                    "model": float(value),
                    "naive": float(observed.at[split, indicator]),
                }
            )
    pred = pd.DataFrame(rows)
    ape = lambda col: 100 * (pred[col] - pred["observed"]).abs() / pred["observed"]  # noqa: E731
    errors = (
        pred.assign(model_mape=ape("model"), naive_mape=ape("naive"))
        .groupby("indicator", sort=False)[["model_mape", "naive_mape"]]
        .mean()
    )
    errors["model_better"] = errors["model_mape"] <= errors["naive_mape"]
    return Backcast(calibration=cal, predictions=pred, errors=errors.reset_index())
