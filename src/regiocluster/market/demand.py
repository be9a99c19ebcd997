r"""Driver-based demand: material intensities times the drivers of construction.

Demand for a product in a region and year is

.. math:: D_{p,t} = B_p \cdot \frac{N_t}{N_0} + \sum_d I_{p,d} \, x_{d,\,t+\ell_{p,d}}

where :math:`x_d` are the drivers (m² of housing completed, km of roads
built), :math:`I_{p,d}` the material intensity (tonnes of cement per m²) with
lag :math:`\ell` (materials are delivered :math:`\ell` years before the
driver is counted, e.g. cement a year before the building is commissioned),
and :math:`B_p` the base of uses no driver explains (repair, other
construction), held per head of population :math:`N`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

__all__ = ["IntensityEstimate", "driver_demand", "estimate_intensities", "lagged_drivers"]

_Z95 = 1.959963984540054


@dataclass(frozen=True)
class IntensityEstimate:
    """Intensities of one product in one region, estimated or taken from the case.

    Attributes
    ----------
    product_id, region_id : str
    table : DataFrame
        One row per driver: ``driver``, ``lag_years``, ``intensity``, ``low``,
        ``high`` (95% range), ``std_error``, ``source`` (``"estimated"`` or
        ``"case"``), ``case_intensity``.
    base : float
        Consumption no driver explains, in the last history year (product units).
    base_per_capita : float
        ``base`` divided by that year's population (NaN without population).
    residual_std : float
        Standard deviation of the history's residual, product units.
    r2 : float
        Share of the history's variance explained (NaN if not estimated).
    n_years : int
        Years of history used.
    """

    product_id: str
    region_id: str
    table: pd.DataFrame
    base: float
    base_per_capita: float
    residual_std: float
    r2: float
    n_years: int


def lagged_drivers(
    drivers: pd.DataFrame, lags: pd.Series, *, scenario: str = "actual"
) -> pd.DataFrame:
    """Wide table of drivers shifted by their lags: the driver value in year ``t + lag``.

    Parameters
    ----------
    drivers : DataFrame
        ``driver``, ``region_id``, ``year``, ``scenario``, ``value``. For a
        scenario other than ``"actual"`` the history is prepended, so that
        the paths join on to the actual years.
    lags : Series
        Lag in years by driver.
    scenario : str, keyword-only
        Scenario to read.

    Returns
    -------
    DataFrame
        Index (``region_id``, ``year``), one column per driver in ``lags``.
        Years past a path's end hold its last value (a lag reaches beyond the
        horizon).
    """
    rows = drivers[drivers["scenario"].isin({"actual", scenario})]
    wide = rows.pivot_table(
        index=["region_id", "year"], columns="driver", values="value", aggfunc="last"
    )
    out = {}
    for driver, lag in lags.items():
        if driver not in wide:
            continue
        col = wide[driver].unstack("region_id").sort_index()
        col = col.reindex(range(col.index.min(), col.index.max() + 1))
        shifted = col.shift(-int(lag)).ffill()
        out[driver] = shifted.stack(future_stack=True)
    if not out:
        return pd.DataFrame(index=pd.MultiIndex.from_tuples([], names=["region_id", "year"]))
    frame = pd.DataFrame(out)
    frame.index = frame.index.swaplevel().rename(["region_id", "year"])
    return frame.sort_index()


def estimate_intensities(
    consumption: pd.Series,
    drivers: pd.DataFrame,
    case_intensities: pd.DataFrame,
    *,
    population: pd.Series | None = None,
    product_id: str = "",
    region_id: str = "",
    min_years: int = 8,
    max_p_value: float = 0.05,
) -> IntensityEstimate:
    r"""Estimate a product's intensities from history, or fall back on the case's.

    Consumption is regressed on the lagged drivers with an intercept (the
    base of other uses), by ordinary least squares:
    :math:`C_t = B + \sum_d I_d x_{d,t+\ell_d} + e_t`. An estimate replaces the
    case's intensity only when the data allow: at least ``min_years``
    years, a positive slope significant at ``max_p_value``, and a value
    inside twice the case's plausible range. Otherwise the case's intensity
    (and its low–high range) is kept and the base is the mean residual
    :math:`\overline{C_t - \sum_d I_d x_{d,t+\ell}}` of the last three years.

    Parameters
    ----------
    consumption : Series
        Apparent consumption indexed by year.
    drivers : DataFrame
        Lagged drivers indexed by year (one region's rows of
        :func:`lagged_drivers`).
    case_intensities : DataFrame
        The product's rows of ``material_intensities``.
    population : Series, optional, keyword-only
        Population by year, to express the base per head.
    product_id, region_id : str, keyword-only
        Labels carried into the result.
    min_years : int, keyword-only
        Fewest years for an estimate.
    max_p_value : float, keyword-only
        Significance a slope needs.

    Returns
    -------
    IntensityEstimate

    References
    ----------
    .. [1] Müller, D. B. (2006). Stock dynamics for forecasting material
       flows—case study for housing in the Netherlands. Ecological Economics,
       59(1), 142-156.
    """
    rows = case_intensities.set_index("driver")
    names = [d for d in rows.index if d in drivers.columns]
    data = pd.concat(
        [consumption.rename("consumption"), drivers[names]], axis=1, join="inner"
    ).dropna()
    n = len(data)
    table = pd.DataFrame(
        {
            "driver": names,
            "lag_years": [int(rows.loc[d, "lag_years"]) for d in names],
            "case_intensity": [float(rows.loc[d, "intensity"]) for d in names],
            "intensity": [float(rows.loc[d, "intensity"]) for d in names],
            "low": [float(rows.loc[d, "low"]) for d in names],
            "high": [float(rows.loc[d, "high"]) for d in names],
            "std_error": [
                (float(rows.loc[d, "high"]) - float(rows.loc[d, "low"])) / (2 * _Z95) for d in names
            ],
            "source": "case",
        }
    )
    r2 = float("nan")
    if names and n >= max(min_years, len(names) + 3):
        x = np.column_stack([np.ones(n), data[names].to_numpy(float)])
        y = data["consumption"].to_numpy(float)
        coef, *_ = np.linalg.lstsq(x, y, rcond=None)
        resid = y - x @ coef
        dof = n - x.shape[1]
        sigma2 = resid @ resid / dof
        # (X'X)^-1 through QR of the column-scaled design: drivers in the
        # millions make the normal equations ill-conditioned
        norms = np.linalg.norm(x, axis=0)
        r_inv = np.linalg.inv(np.linalg.qr(x / norms, mode="r"))
        cov = sigma2 * (r_inv @ r_inv.T) / np.outer(norms, norms)
        se = np.sqrt(np.diag(cov))
        tcrit = stats.t.ppf(0.975, dof)
        total = ((y - y.mean()) ** 2).sum()
        r2_fit = 1 - (resid @ resid) / total if total > 0 else float("nan")
        for i in range(len(names)):
            slope, s = coef[i + 1], se[i + 1]
            p = 2 * stats.t.sf(abs(slope / s), dof) if s > 0 else 0.0
            lo_ok = 0.5 * table.loc[i, "low"]
            hi_ok = 2 * table.loc[i, "high"]
            if slope > 0 and p <= max_p_value and lo_ok <= slope <= hi_ok:
                table.loc[i, ["intensity", "std_error"]] = [slope, s]
                table.loc[i, ["low", "high"]] = [max(slope - tcrit * s, 0.0), slope + tcrit * s]
                table.loc[i, "source"] = "estimated"
                r2 = r2_fit
    explained = data[names].to_numpy(float) @ table["intensity"].to_numpy(float) if names else 0.0
    residual = data["consumption"].to_numpy(float) - explained if n else np.array([])
    base = float(np.mean(residual[-3:])) if n else float("nan")
    resid_std = float(np.std(residual - residual.mean(), ddof=1)) if n > 2 else float("nan")
    last_year = data.index.max() if n else None
    per_head = float("nan")
    if population is not None and last_year is not None and last_year in population.index:
        per_head = base / float(population.loc[last_year])
    return IntensityEstimate(
        product_id=product_id,
        region_id=region_id,
        table=table,
        base=base,
        base_per_capita=per_head,
        residual_std=resid_std,
        r2=r2,
        n_years=n,
    )


def driver_demand(
    estimate: IntensityEstimate,
    drivers: pd.DataFrame,
    *,
    population: pd.Series | None = None,
    level: Sequence[int] = (80, 95),
) -> pd.DataFrame:
    """Demand implied by drivers' paths, with intervals from the intensities' ranges.

    Parameters
    ----------
    estimate : IntensityEstimate
        From :func:`estimate_intensities`.
    drivers : DataFrame
        Lagged drivers by year (one region and scenario).
    population : Series, optional, keyword-only
        Population by year: the base of other uses moves with it
        (per head constant). Without it the base is flat.
    level : sequence of int, keyword-only
        Interval coverage in percent. Intensities are independent normals
        with standard deviation ``std_error`` (the case's low–high range read
        as a 95% range); the residual of history adds its variance.

    Returns
    -------
    DataFrame
        Indexed by year: ``driver_part``, ``base_part``, ``demand``,
        ``sd_intensity`` (from the intensities alone), ``sd`` (with the
        residual) and ``lo_<l>``/``hi_<l>`` (floored at zero).
    """
    table = estimate.table
    names = [d for d in table["driver"] if d in drivers.columns]
    sub = table.set_index("driver").loc[names]
    x = drivers[names].astype(float).fillna(0.0)
    out = pd.DataFrame(index=drivers.index)
    out["driver_part"] = x.to_numpy() @ sub["intensity"].to_numpy() if names else 0.0
    if population is not None and np.isfinite(estimate.base_per_capita):
        pop = population.reindex(out.index).ffill().bfill()
        out["base_part"] = estimate.base_per_capita * pop.to_numpy(float)
    else:
        out["base_part"] = estimate.base
    out["demand"] = out["driver_part"] + out["base_part"]
    var = (x.to_numpy() ** 2) @ (sub["std_error"].to_numpy() ** 2) if names else 0.0
    resid = estimate.residual_std if np.isfinite(estimate.residual_std) else 0.0
    out["sd_intensity"] = np.sqrt(var)
    out["sd"] = np.sqrt(var + resid**2)
    for lv in level:
        z = stats.norm.ppf(0.5 + lv / 200)
        out[f"lo_{lv}"] = np.maximum(out["demand"] - z * out["sd"], 0.0)
        out[f"hi_{lv}"] = out["demand"] + z * out["sd"]
    return out
