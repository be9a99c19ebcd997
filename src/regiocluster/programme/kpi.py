"""KPI progress and traffic lights (targets and actuals per period).

The results framework follows Akvo RSR's: an indicator has a baseline, and
for each period a target and an actual; progress is the share of the way
from baseline to target covered by the actual.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from regiocluster.programme._result import ProgrammeError

__all__ = ["Light", "kpi_progress", "kpi_table", "traffic_light"]


@dataclass(frozen=True)
class Light:
    """Traffic light of one KPI period."""

    colour: str  # "green", "amber", "red" or "grey" (no actual)
    progress: float | None  # share of the way from baseline to target


def kpi_progress(*, baseline: float, target: float, actual: float | None) -> float | None:
    r"""Share of the way from baseline to target the actual has come.

    .. math:: p = \frac{a - b}{t - b}

    Works for indicators meant to fall (target below baseline) as well as
    to rise. With target equal to baseline, 1 when the actual is at least as
    good, else 0. ``None`` without an actual.
    """
    if actual is None or (isinstance(actual, float) and math.isnan(actual)):
        return None
    for name, value in (("baseline", baseline), ("target", target), ("actual", actual)):
        if not isinstance(value, int | float) or not math.isfinite(value):
            raise ProgrammeError(f"KPI {name} must be a finite number, got {value!r}")
    if target == baseline:
        return 1.0 if actual == target else 0.0
    return (actual - baseline) / (target - baseline)


def traffic_light(
    *,
    baseline: float,
    target: float,
    actual: float | None,
    expected: float = 1.0,
    tolerance: float = 0.2,
) -> Light:
    """Colour a KPI period.

    Parameters
    ----------
    baseline, target, actual : float
        The indicator's baseline, the period's target and actual.
    expected : float
        Share of the period elapsed (1 for a closed period): the progress
        expected by now.
    tolerance : float
        Amber band below the expected progress.

    Returns
    -------
    Light
        Green when progress reaches the expected share, amber within
        ``tolerance`` below it, red further below, grey without an actual.
    """
    if not 0.0 <= expected <= 1.0:
        raise ProgrammeError(f"expected progress must be in [0, 1], got {expected!r}")
    p = kpi_progress(baseline=baseline, target=target, actual=actual)
    if p is None:
        return Light("grey", None)
    if p >= expected - 1e-12:
        return Light("green", p)
    if p >= expected - tolerance:
        return Light("amber", p)
    return Light("red", p)


def kpi_table(periods: pd.DataFrame) -> pd.DataFrame:
    """Progress and light of every KPI period.

    Parameters
    ----------
    periods : DataFrame
        ``kpi``, ``period``, ``baseline``, ``target``, ``actual`` and
        optionally ``expected``.

    Returns
    -------
    DataFrame
        The input with ``progress`` and ``light``.
    """
    out = periods.copy()
    lights = [
        traffic_light(
            baseline=float(r.baseline),
            target=float(r.target),
            actual=None if pd.isna(r.actual) else float(r.actual),
            expected=float(getattr(r, "expected", 1.0)),
        )
        for r in out.itertuples()
    ]
    out["progress"] = [light.progress for light in lights]
    out["light"] = [light.colour for light in lights]
    return out
