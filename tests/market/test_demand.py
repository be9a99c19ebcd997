"""Intensity estimation against scipy's regression; demand and scenario properties."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from regiocluster.market import (
    AGGLOMERATION,
    capacity_gap,
    driver_demand,
    estimate_intensities,
    lagged_drivers,
    scenario_demand,
    user_scenario,
    with_agglomeration,
)

YEARS = np.arange(2010, 2025)


def _case_row(intensity=0.44, low=0.41, high=0.47, lag=1):
    return pd.DataFrame(
        {
            "product_id": ["cement"],
            "driver": ["housing_m2"],
            "intensity": [intensity],
            "low": [low],
            "high": [high],
            "lag_years": [lag],
            "source": ["test"],
        }
    )


def test_single_driver_estimate_matches_scipy_linregress():
    rng = np.random.default_rng(7)
    housing = rng.uniform(2e6, 5e6, len(YEARS))
    consumption = 1.5e6 + 0.45 * housing + rng.normal(0, 5e4, len(YEARS))
    drivers = pd.DataFrame({"housing_m2": housing}, index=pd.Index(YEARS, name="year"))
    est = estimate_intensities(pd.Series(consumption, index=YEARS), drivers, _case_row())
    peer = stats.linregress(housing, consumption)
    row = est.table.iloc[0]
    assert row["source"] == "estimated"
    assert row["intensity"] == pytest.approx(peer.slope, rel=1e-9)
    assert row["std_error"] == pytest.approx(peer.stderr, rel=1e-9)
    assert est.r2 == pytest.approx(peer.rvalue**2, rel=1e-9)
    tcrit = stats.t.ppf(0.975, len(YEARS) - 2)
    assert row["high"] == pytest.approx(peer.slope + tcrit * peer.stderr, rel=1e-9)


def test_falls_back_on_case_when_data_do_not_allow():
    rng = np.random.default_rng(1)
    housing = rng.uniform(2e6, 5e6, len(YEARS))
    consumption = rng.uniform(1e6, 3e6, len(YEARS))  # unrelated to housing
    drivers = pd.DataFrame({"housing_m2": housing}, index=pd.Index(YEARS, name="year"))
    est = estimate_intensities(pd.Series(consumption, index=YEARS), drivers, _case_row())
    row = est.table.iloc[0]
    if row["source"] == "case":
        assert row["intensity"] == 0.44
        # the base is what the case's intensity leaves unexplained in the last 3 years
        expected = np.mean(consumption[-3:] - 0.44 * housing[-3:])
        assert est.base == pytest.approx(expected)


@settings(max_examples=40, deadline=None)
@given(
    lag=st.integers(0, 3),
    values=st.lists(st.floats(0, 1e7), min_size=6, max_size=12),
)
def test_lagged_drivers_read_the_driver_lag_years_later(lag, values):
    years = list(range(2014, 2014 + len(values)))
    drivers = pd.DataFrame(
        {
            "driver": "housing_m2",
            "region_id": "R",
            "year": years,
            "scenario": "actual",
            "value": values,
            "unit": "m2",
            "source": "t",
        }
    )
    wide = lagged_drivers(drivers, pd.Series({"housing_m2": lag})).xs("R", level="region_id")
    for i, year in enumerate(years):
        expected = values[min(i + lag, len(values) - 1)]
        assert wide.loc[year, "housing_m2"] == expected


@settings(max_examples=40, deadline=None)
@given(
    intensity=st.floats(0.01, 2),
    base=st.floats(0, 1e6),
    housing=st.lists(st.floats(1e5, 1e7), min_size=3, max_size=10),
)
def test_driver_demand_is_base_plus_intensity_times_driver(intensity, base, housing):
    from regiocluster.market import IntensityEstimate

    table = pd.DataFrame(
        {
            "driver": ["housing_m2"],
            "lag_years": [0],
            "case_intensity": [intensity],
            "intensity": [intensity],
            "low": [intensity],
            "high": [intensity],
            "std_error": [0.0],
            "source": ["case"],
        }
    )
    est = IntensityEstimate("p", "R", table, base, float("nan"), 0.0, float("nan"), 0)
    drivers = pd.DataFrame({"housing_m2": housing}, index=range(len(housing)))
    out = driver_demand(est, drivers)
    np.testing.assert_allclose(out["demand"], base + intensity * np.asarray(housing), rtol=1e-12)
    # no uncertainty in, no width out
    np.testing.assert_allclose(out["hi_95"], out["demand"], rtol=1e-12)


@pytest.fixture(scope="module")
def agglomeration(case):
    return with_agglomeration(
        case["market_balances"], case["demand_drivers"], members=case.territory.regions
    )


def test_agglomeration_drivers_are_the_sum_of_members(case, agglomeration):
    _, drivers = agglomeration
    d = drivers[(drivers["driver"] == "housing_m2") & (drivers["scenario"] == "base")]
    wide = d.pivot_table(index="year", columns="region_id", values="value")
    np.testing.assert_allclose(wide[AGGLOMERATION], wide["RU-LEN"] + wide["RU-SPE"], rtol=1e-12)


def test_scenario_demand_properties(case, agglomeration):
    balances, drivers = agglomeration
    drivers = user_scenario(drivers, "more_housing", scale={"housing_m2": 1.25})
    result = scenario_demand(
        balances,
        drivers,
        case["material_intensities"],
        product_id="cement",
        region_id=AGGLOMERATION,
        scenarios=("base", "optimistic", "pessimistic", "more_housing"),
    )
    t = result.table.set_index(["scenario", "year"])
    assert set(t.index.get_level_values("year")) == set(range(2025, 2036))
    # beyond the short run the drivers alone carry the forecast
    late = result.table[result.table["h"] > 6]
    np.testing.assert_allclose(late["demand"], late["driver_part"] + late["base_part"], rtol=1e-12)
    assert (late["driven_by"] == "drivers").all()
    # intensities are non-negative: more housing never means less cement
    more_housing = drivers[
        (drivers["scenario"] == "more_housing") & (drivers["driver"] == "housing_m2")
    ]
    assert len(more_housing)
    assert (t.loc["more_housing", "demand"] >= t.loc["base", "demand"] - 1e-6).all()
    cols = ["lo_95", "lo_80", "demand", "hi_80", "hi_95"]
    assert (np.diff(result.table[cols].to_numpy(), axis=1) >= -1e-6).all()


def test_capacity_gap_formula(case, agglomeration):
    balances, drivers = agglomeration
    result = scenario_demand(
        balances, drivers, case["material_intensities"], product_id="cement", region_id="RU-LEN"
    )
    gap = capacity_gap(result.table, balances, utilisation=0.8)
    m, x = gap.attrs["import_share"], gap.attrs["exports"]
    np.testing.assert_allclose(
        gap["required_capacity"] * 0.8, (1 - m) * gap["demand"] + x, rtol=1e-12
    )
    last = balances[(balances["product_id"] == "cement") & (balances["region_id"] == "RU-LEN")]
    capacity = last.sort_values("year")["capacity"].dropna().iloc[-1]
    np.testing.assert_allclose(gap["gap"], gap["required_capacity"] - capacity, rtol=1e-12)
