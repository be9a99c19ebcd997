r"""Long-horizon demand by scenario, and the capacity it calls for.

To 2030 and 2035 the drivers carry the forecast: each scenario's paths of
housing completions, road building and population, times material
intensities (:mod:`regiocluster.market.demand`). The forecast is anchored
at the last actual: the driver model's residual in the last history year
:math:`r_T` (what the drivers did not explain) is carried forward and fades
linearly to nothing over ``short_run`` years:

.. math:: \hat D_{s,t} = D^{\text{drivers}}_{s,t} + w_h r_T, \qquad
          w_h = \max\left(0, 1 - \frac{h - 1}{H}\right)

with :math:`h` the years ahead and :math:`H` = ``short_run`` (6). So year 1
continues the last actual, and the step from it is the change of the named
drivers (:math:`D^{\text{drivers}}_{s,T+1} - D^{\text{drivers}}_{T}`); from
year :math:`H + 1` on the drivers alone carry the forecast. The statistical
forecast of the residual (:func:`regiocluster.market.forecast`) widens the
short-run intervals. A per-capita ceiling (cement flattens around 600 kg
per head in rich economies, Global Cement after Cembureau and the World
Bank) can cap the total.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from regiocluster.market.balances import agglomerate
from regiocluster.market.demand import (
    IntensityEstimate,
    driver_demand,
    estimate_intensities,
    lagged_drivers,
)
from regiocluster.market.forecast import forecast

__all__ = [
    "ScenarioDemand",
    "capacity_gap",
    "scenario_demand",
    "user_scenario",
    "with_agglomeration",
]

_ADDITIVE_DRIVERS = (
    "housing_m2",
    "housing_apartment_m2",
    "housing_individual_m2",
    "roads_km",
    "population",
)

#: Drivers that are parts of another: scaling the whole scales its parts
#: (``housing_m2=1.2`` scales apartment buildings and individual houses alike).
_COMPONENTS = {"housing_m2": ("housing_apartment_m2", "housing_individual_m2")}


@dataclass(frozen=True)
class ScenarioDemand:
    """Demand for one product in one region under several scenarios.

    Attributes
    ----------
    table : DataFrame
        ``product_id``, ``region_id``, ``scenario``, ``year``, ``h`` (years
        ahead), ``demand``, ``driver_part``, ``base_part``, ``correction``
        (the weighted statistical residual forecast), ``weight`` (of the
        statistical part), ``lo_<l>``, ``hi_<l>``, ``driven_by``
        (``"statistics+drivers"`` or ``"drivers"``).
    history : DataFrame
        ``year``, ``consumption``, ``fitted`` (driver model in sample).
    intensities : IntensityEstimate
        The intensities used.
    """

    table: pd.DataFrame
    history: pd.DataFrame
    intensities: IntensityEstimate


def with_agglomeration(
    balances: pd.DataFrame,
    drivers: pd.DataFrame,
    *,
    members: Sequence[str],
    region_id: str | None = None,
    flows: pd.DataFrame | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Add the agglomeration's balance and driver rows (drivers summed over members).

    ``flows`` (``product_id``, ``year``, ``quantity``) are shipments between
    members, netted out of the agglomeration's imports and exports
    (:func:`~regiocluster.market.agglomerate`).

    Returns
    -------
    (DataFrame, DataFrame)
        Balances and drivers with the agglomeration's rows appended.
    """
    region_id = "+".join(members) if region_id is None else region_id
    agg = agglomerate(balances, members=members, region_id=region_id, internal_flows=flows)
    cols = [c for c in balances.columns if c in agg.columns]
    new_bal = pd.concat([balances, agg[cols].assign(source="sum of members")], ignore_index=True)
    part = drivers[drivers["region_id"].isin(members) & drivers["driver"].isin(_ADDITIVE_DRIVERS)]
    counts = part.groupby(["driver", "year", "scenario"])["region_id"].transform("nunique")
    part = part[counts == len(set(members))]
    summed = part.groupby(["driver", "year", "scenario"], as_index=False).agg(
        value=("value", "sum"), unit=("unit", "first")
    )
    summed["region_id"] = region_id
    summed["source"] = "sum of members"
    new_drv = pd.concat([drivers, summed[drivers.columns]], ignore_index=True)
    return new_bal, new_drv


def user_scenario(
    drivers: pd.DataFrame,
    name: str,
    *,
    scale: Mapping[str, float] | None = None,
    paths: pd.DataFrame | None = None,
    like: str = "base",
) -> pd.DataFrame:
    """Make a user-defined scenario from the base paths.

    Parameters
    ----------
    drivers : DataFrame
        The case's ``demand_drivers``.
    name : str
        The new scenario's name.
    scale : mapping, optional, keyword-only
        Factor per driver applied to every year of the ``like`` path
        (``{"housing_m2": 1.1}``: 10% more housing than the base; the
        parts of housing, apartment buildings and individual houses, scale
        with it).
    paths : DataFrame, optional, keyword-only
        ``driver``, ``region_id``, ``year``, ``value`` rows replacing the
        scaled path where given.
    like : str, keyword-only
        Scenario to start from.

    Returns
    -------
    DataFrame
        ``drivers`` with the new scenario's rows appended.
    """
    new = drivers[drivers["scenario"] == like].copy()
    new["scenario"] = name
    new["source"] = f"user scenario from {like}"
    for driver, factor in (scale or {}).items():
        scaled = (driver, *_COMPONENTS.get(driver, ()))
        new.loc[new["driver"].isin(scaled), "value"] *= float(factor)
    if paths is not None and len(paths):
        key = ["driver", "region_id", "year"]
        new = new.set_index(key)
        given = paths.set_index(key)["value"]
        new.loc[new.index.intersection(given.index), "value"] = given
        extra = given.index.difference(new.index)
        if len(extra):
            add = given.loc[extra].to_frame().assign(scenario=name, unit="", source="user")
            new = pd.concat([new, add])
        new = new.reset_index()[drivers.columns]
    return pd.concat([drivers, new], ignore_index=True)


def scenario_demand(
    balances: pd.DataFrame,
    drivers: pd.DataFrame,
    intensities: pd.DataFrame,
    *,
    product_id: str,
    region_id: str,
    scenarios: Sequence[str] = ("base", "optimistic", "pessimistic"),
    last_year: int = 2035,
    short_run: int = 6,
    level: Sequence[int] = (80, 95),
    saturation_per_capita: float | None = None,
    estimate: bool = True,
) -> ScenarioDemand:
    r"""Demand for a product in a region to ``last_year`` under each scenario.

    Parameters
    ----------
    balances : DataFrame
        ``market_balances`` (consumption history).
    drivers : DataFrame
        ``demand_drivers``: history (``actual``) and scenario paths.
    intensities : DataFrame
        ``material_intensities``.
    product_id, region_id : str, keyword-only
        What and where.
    scenarios : sequence of str, keyword-only
        Scenario paths to use.
    last_year : int, keyword-only
        Last forecast year.
    short_run : int, keyword-only
        Years over which the statistical correction fades out.
    level : sequence of int, keyword-only
        Interval coverage in percent.
    saturation_per_capita : float, optional, keyword-only
        Ceiling on demand per head of population, product units per person.
    estimate : bool, keyword-only
        Estimate intensities from history where the data allow
        (:func:`~regiocluster.market.demand.estimate_intensities`); False
        keeps the case's.

    Returns
    -------
    ScenarioDemand

    Notes
    -----
    Intervals combine, as independent normal errors, the intensities'
    uncertainty (scaled by the driver path), the statistical forecast's
    interval for the correction (weight :math:`w_h^2`) and the history's
    residual spread (weight :math:`1 - w_h^2`, so it never vanishes).

    References
    ----------
    .. [1] Müller, D. B. (2006). Stock dynamics for forecasting material
       flows. Ecological Economics, 59(1), 142-156.
    .. [2] Petropoulos, F., et al. (2022). Forecasting: theory and practice.
       International Journal of Forecasting, 38(3), 705-871.
    """
    case_int = intensities[intensities["product_id"] == product_id]
    if case_int.empty:
        raise ValueError(f"no material intensities for product {product_id!r}")
    lags = case_int.set_index("driver")["lag_years"]
    region_drv = drivers[drivers["region_id"] == region_id]
    history_drv = _region(lagged_drivers(region_drv, lags), region_id)
    bal = balances[(balances["product_id"] == product_id) & (balances["region_id"] == region_id)]
    if bal.empty:
        raise ValueError(f"no balance rows for {product_id!r} in {region_id!r}")
    bal = bal.sort_values("year")
    consumption = (bal["production"] + bal["imports"] - bal["exports"]).set_axis(bal["year"])
    first_year = int(consumption.index.max()) + 1
    pop_rows = region_drv[region_drv["driver"] == "population"]
    pop_hist = pop_rows[pop_rows["scenario"] == "actual"].set_index("year")["value"]

    est = estimate_intensities(
        consumption,
        history_drv,
        case_int,
        population=pop_hist if len(pop_hist) else None,
        product_id=product_id,
        region_id=region_id,
        **({} if estimate else {"min_years": 10**9}),  # without estimation: the case's
    )
    # in sample the base moves with population as it does in the forecast
    fitted = driver_demand(
        est,
        history_drv.loc[consumption.index.intersection(history_drv.index)],
        population=pop_hist if len(pop_hist) else None,
    )
    resid = (consumption - fitted["demand"]).dropna()
    horizon = last_year - first_year + 1
    years = range(first_year, last_year + 1)
    steps = np.arange(1, horizon + 1)
    weight = np.maximum(0.0, 1 - (steps - 1) / short_run)
    correction, sd_stat = _anchor(resid, horizon)
    resid_sd = est.residual_std if np.isfinite(est.residual_std) else 0.0

    frames = [
        _scenario_frame(
            est, region_drv, lags, pop_rows, scenario=scenario, product_id=product_id,
            region_id=region_id, years=years, steps=steps, weight=weight,
            correction=correction, sd_stat=sd_stat, resid_sd=resid_sd, level=level,
            saturation_per_capita=saturation_per_capita,
        )
        for scenario in scenarios
        if (region_drv["scenario"] == scenario).any()
    ]  # fmt: skip
    if not frames:
        raise ValueError(f"no scenario paths among {list(scenarios)} for {region_id!r}")
    history = pd.DataFrame(
        {
            "year": consumption.index,
            "consumption": consumption.to_numpy(),
            "fitted": fitted["demand"].reindex(consumption.index).to_numpy(),
        }
    )
    return ScenarioDemand(
        table=pd.concat(frames, ignore_index=True), history=history, intensities=est
    )


def _scenario_frame(
    est: IntensityEstimate,
    region_drv: pd.DataFrame,
    lags: pd.Series,
    pop_rows: pd.DataFrame,
    *,
    scenario: str,
    product_id: str,
    region_id: str,
    years: range,
    steps: np.ndarray,
    weight: np.ndarray,
    correction: np.ndarray,
    sd_stat: np.ndarray,
    resid_sd: float,
    level: Sequence[int],
    saturation_per_capita: float | None,
) -> pd.DataFrame:
    """Demand of one scenario with its intervals (see :func:`scenario_demand`)."""
    path = _region(lagged_drivers(region_drv, lags, scenario=scenario), region_id)
    path = path.reindex(years).ffill()
    pop_path = pop_rows[pop_rows["scenario"].isin(["actual", scenario])].set_index("year")["value"]
    pop_path = pop_path.reindex(years).ffill() if len(pop_path) else None
    d = driver_demand(est, path, population=pop_path, level=())
    out = pd.DataFrame(
        {
            "product_id": product_id,
            "region_id": region_id,
            "scenario": scenario,
            "year": list(years),
            "h": steps,
            "driver_part": d["driver_part"].to_numpy(),
            "base_part": d["base_part"].to_numpy(),
            "correction": weight * correction,
            "weight": weight,
        }
    )
    out["demand"] = out["driver_part"] + out["base_part"] + out["correction"]
    sd = np.sqrt(
        d["sd_intensity"].to_numpy() ** 2 + (weight * sd_stat) ** 2 + (1 - weight**2) * resid_sd**2
    )
    if saturation_per_capita is not None and pop_path is not None:
        ceiling = saturation_per_capita * pop_path.to_numpy(float)
        capped = np.minimum(out["demand"].to_numpy(), ceiling)
        sd = np.where(out["demand"].to_numpy() > ceiling, sd * capped / out["demand"], sd)
        out["demand"] = capped
    out["demand"] = np.maximum(out["demand"], 0.0)
    for lv in sorted(level, reverse=True):
        z = stats.norm.ppf(0.5 + lv / 200)
        out[f"lo_{lv}"] = np.maximum(out["demand"] - z * sd, 0.0)
    for lv in sorted(level):
        z = stats.norm.ppf(0.5 + lv / 200)
        out[f"hi_{lv}"] = out["demand"] + z * sd
    out["driven_by"] = np.where(weight > 0, "statistics+drivers", "drivers")
    return out


def _anchor(resid: pd.Series, horizon: int) -> tuple[np.ndarray, np.ndarray]:
    """Correction that anchors the forecast at the last actual, and its spread.

    The driver model's residual in the last history year is carried into the
    forecast (fading with the weight), so the first forecast year continues
    the last actual and any step is the drivers' change (a named driver: the
    scenario's housing or roads path), not a jump back to the driver model's
    fit. The statistical forecast of the residual gives the spread only.
    """
    if len(resid) == 0:
        return np.zeros(horizon), np.zeros(horizon)
    correction = np.full(horizon, float(resid.iloc[-1]))
    sd_stat = np.zeros(horizon)
    if len(resid) >= 3:
        stat = forecast(
            pd.DataFrame({"unique_id": "r", "ds": resid.index.astype(int), "y": resid.to_numpy()}),
            horizon,
            level=(95,),
            n_jobs=1,
        )
        sd_stat = (stat["hi_95"] - stat["lo_95"]).to_numpy() / (2 * stats.norm.ppf(0.975))
    return correction, sd_stat


def _region(frame: pd.DataFrame, region_id: str) -> pd.DataFrame:
    if frame.empty or region_id not in frame.index.get_level_values("region_id"):
        return pd.DataFrame(index=pd.Index([], name="year"))
    return frame.xs(region_id, level="region_id")


def capacity_gap(
    demand: pd.DataFrame,
    balances: pd.DataFrame,
    *,
    utilisation: float = 0.85,
    import_share: float | None = None,
    exports: float | None = None,
    capacity: float | None = None,
    recent_years: int = 1,
) -> pd.DataFrame:
    r"""Capacity the region needs to meet demand, against what it has.

    .. math:: K^{\text{need}}_t = \frac{(1 - m) D_t + X}{u}, \qquad
              \text{gap}_t = K^{\text{need}}_t - K

    with :math:`m` the import share kept (default: the last actual year's,
    the import share the market balance reports; the mean of the last
    ``recent_years`` when more than one), :math:`X` exports kept (same default), :math:`u` the
    target utilisation and :math:`K` today's capacity (the last known
    ``capacity``; 0 where the region makes none). A positive gap is capacity
    to build; a negative one is spare capacity.

    Parameters
    ----------
    demand : DataFrame
        ``ScenarioDemand.table`` (one product and region).
    balances : DataFrame
        ``market_balances``.
    utilisation, import_share, exports, capacity : float, keyword-only
        Assumptions overriding the defaults above.
    recent_years : int, keyword-only
        Years averaged for the defaults.

    Returns
    -------
    DataFrame
        ``product_id``, ``region_id``, ``scenario``, ``year``, ``demand``,
        ``required_production``, ``required_capacity``, ``capacity``, ``gap``,
        and the same at the upper 80% bound (``gap_hi_80``) if present.
    """
    product_id = demand["product_id"].iloc[0]
    region_id = demand["region_id"].iloc[0]
    bal = balances[(balances["product_id"] == product_id) & (balances["region_id"] == region_id)]
    recent = bal.sort_values("year").tail(recent_years)
    cons = recent["production"] + recent["imports"] - recent["exports"]
    if import_share is None:
        import_share = (
            float((recent["imports"] / cons.where(cons > 0)).mean()) if len(recent) else 0.0
        )
        import_share = 0.0 if not np.isfinite(import_share) else min(max(import_share, 0.0), 1.0)
    if exports is None:
        exports = float(recent["exports"].mean()) if len(recent) else 0.0
    if capacity is None:
        known = bal.dropna(subset=["capacity"]) if "capacity" in bal else bal.iloc[0:0]
        if len(known):
            capacity = float(known.sort_values("year")["capacity"].iloc[-1])
        else:
            # no capacity and no production: none to count; production without
            # a stated capacity: unknown
            capacity = 0.0 if (recent["production"] == 0).all() else float("nan")
    out = demand[["product_id", "region_id", "scenario", "year", "demand"]].copy()
    out["required_production"] = (1 - import_share) * out["demand"] + exports
    out["required_capacity"] = out["required_production"] / utilisation
    out["capacity"] = capacity
    out["gap"] = out["required_capacity"] - capacity
    if "hi_80" in demand:
        out["gap_hi_80"] = ((1 - import_share) * demand["hi_80"] + exports) / utilisation - capacity
    out.attrs.update({"utilisation": utilisation, "import_share": import_share, "exports": exports})
    return out
