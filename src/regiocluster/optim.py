"""A thin wrapper around HiGHS for the package's mixed-integer programs.

Shared by the location models (:mod:`regiocluster.siting`) and the meeting
scheduler (:mod:`regiocluster.events`): one place that builds a HiGHS model
from sparse arrays, runs it and reads back the solution, bound, gap and status.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass

import highspy
import numpy as np
import scipy.sparse as sp

__all__ = ["MilpResult", "solve_milp"]

_INF = highspy.kHighsInf
_BANNER_SHOWN = False


def _new_highs() -> highspy.Highs:
    """Create a solver; the first one in a process prints HiGHS's banner, which we swallow.

    Analyses never print, and the banner is written by the C++ library straight
    to file descriptor 1, so it is redirected there for that one call.
    """
    global _BANNER_SHOWN
    if _BANNER_SHOWN:
        return highspy.Highs()
    _BANNER_SHOWN = True
    sys.stdout.flush()
    saved = os.dup(1)
    try:
        with open(os.devnull, "w") as sink:
            os.dup2(sink.fileno(), 1)
            return highspy.Highs()
    finally:
        os.dup2(saved, 1)
        os.close(saved)


@dataclass(frozen=True)
class MilpResult:
    """Outcome of one HiGHS run.

    Attributes
    ----------
    x : numpy.ndarray or None
        Best primal solution found (``None`` if none was found).
    objective : float
        Objective of ``x`` (``nan`` without a solution).
    bound : float
        Proven dual bound on the optimum.
    gap : float
        Relative gap ``(objective - bound) / |objective|`` (0 when optimal).
    status : str
        ``"optimal"``, ``"time_limit"``, ``"infeasible"`` or HiGHS's own status text.
    """

    x: np.ndarray | None
    objective: float
    bound: float
    gap: float
    status: str


def solve_milp(
    cost: np.ndarray,
    matrix: sp.spmatrix,
    row_lower: np.ndarray,
    row_upper: np.ndarray,
    col_lower: np.ndarray,
    col_upper: np.ndarray,
    integer: np.ndarray,
    *,
    offset: float = 0.0,
    sense: str = "min",
    start: np.ndarray | None = None,
    time_limit: float | None = None,
    relative_gap: float = 1e-9,
    absolute_gap: float = 1e-9,
    options: dict[str, object] | None = None,
    log: bool = False,
) -> MilpResult:
    """Solve ``min/max cost @ x + offset`` s.t. ``row_lower <= matrix @ x <= row_upper``.

    Bounds may be ``±numpy.inf``. ``integer`` is a boolean mask of integer columns.
    ``start`` is a feasible point passed to HiGHS as an incumbent; ``options``
    are further HiGHS options; ``log`` shows HiGHS's own log.
    """
    matrix = sp.csc_matrix(matrix)
    n_rows, n_cols = matrix.shape
    lp = highspy.HighsLp()
    lp.num_col_ = n_cols
    lp.num_row_ = n_rows
    lp.col_cost_ = np.asarray(cost, dtype=float)
    lp.col_lower_ = np.where(np.isfinite(col_lower), col_lower, -_INF).astype(float)
    lp.col_upper_ = np.where(np.isfinite(col_upper), col_upper, _INF).astype(float)
    lp.row_lower_ = np.where(np.isfinite(row_lower), row_lower, -_INF).astype(float)
    lp.row_upper_ = np.where(np.isfinite(row_upper), row_upper, _INF).astype(float)
    lp.offset_ = float(offset)
    lp.sense_ = highspy.ObjSense.kMaximize if sense == "max" else highspy.ObjSense.kMinimize
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = matrix.indptr.astype(np.int32)
    lp.a_matrix_.index_ = matrix.indices.astype(np.int32)
    lp.a_matrix_.value_ = matrix.data.astype(float)
    lp.integrality_ = [
        highspy.HighsVarType.kInteger if flag else highspy.HighsVarType.kContinuous
        for flag in np.asarray(integer, dtype=bool)
    ]
    highs = _new_highs()
    highs.setOptionValue("output_flag", bool(log))
    highs.setOptionValue("mip_rel_gap", float(relative_gap))
    highs.setOptionValue("mip_abs_gap", float(absolute_gap))
    if time_limit is not None:
        highs.setOptionValue("time_limit", float(time_limit))
    for key, value in (options or {}).items():
        highs.setOptionValue(key, value)
    highs.passModel(lp)
    if start is not None:
        solution = highspy.HighsSolution()
        solution.col_value = np.asarray(start, dtype=float).tolist()
        solution.value_valid = True
        highs.setSolution(solution)
    highs.run()
    model_status = highs.getModelStatus()
    info = highs.getInfo()
    has_solution = info.primal_solution_status == highspy.kSolutionStatusFeasible
    x = np.asarray(highs.getSolution().col_value) if has_solution else None
    objective = float(info.objective_function_value) if has_solution else float("nan")
    bound = float(info.mip_dual_bound)
    if model_status == highspy.HighsModelStatus.kOptimal:
        status = "optimal"
        gap = 0.0
    else:
        if model_status == highspy.HighsModelStatus.kInfeasible:
            status = "infeasible"
        elif model_status == highspy.HighsModelStatus.kTimeLimit:
            status = "time_limit"
        else:
            status = highs.modelStatusToString(model_status)
        gap = float(info.mip_gap) if has_solution else float("inf")
    return MilpResult(x=x, objective=objective, bound=bound, gap=gap, status=status)
