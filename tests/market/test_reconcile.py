"""Reconciliation against hierarchicalforecast's MinTrace; coherence properties."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from regiocluster.market import (
    AGGLOMERATION,
    forecast_hierarchy,
    reconcile,
    shrunk_covariance,
    summing_matrix,
)

TREE = {"T": ["A", "B"], "A": ["a1", "a2"], "B": ["b1", "b2", "b3"]}


def _long(values: np.ndarray, ids) -> pd.DataFrame:
    rows = [(uid, h, values[i, h]) for i, uid in enumerate(ids) for h in range(values.shape[1])]
    return pd.DataFrame(rows, columns=["unique_id", "ds", "y"])


@pytest.mark.parametrize("method", ["ols", "wls_struct", "mint_shrink"])
def test_matches_hierarchicalforecast_mintrace(method):
    from hierarchicalforecast import methods as hf  # a declared test dependency

    S = summing_matrix(TREE)
    rng = np.random.default_rng(0)
    y_in = rng.normal(100, 10, (len(S), 20))
    fitted = y_in + rng.normal(0, 3, y_in.shape)
    y_hat = rng.normal(100, 10, (len(S), 4))
    peer = hf.MinTrace(method=method)(
        S=S.to_numpy(), y_hat=y_hat, y_insample=y_in, y_hat_insample=fitted
    )["mean"]
    residuals = pd.DataFrame((y_in - fitted).T, columns=S.index)
    ours = reconcile(_long(y_hat, S.index), S, method=method, residuals=residuals)
    wide = ours.pivot(index="unique_id", columns="ds", values="y").reindex(S.index).to_numpy()
    np.testing.assert_allclose(wide, peer, rtol=1e-6)


def test_shrinkage_is_between_sample_covariance_and_its_diagonal():
    rng = np.random.default_rng(5)
    r = rng.normal(size=(30, 4)) @ rng.normal(size=(4, 4))
    sample = np.cov(r, rowvar=False)
    shrunk = shrunk_covariance(r)
    np.testing.assert_allclose(np.diag(shrunk), np.diag(sample), rtol=1e-12)
    off = ~np.eye(4, dtype=bool)
    ratio = shrunk[off] / sample[off]
    assert np.allclose(ratio, ratio[0]) and 0 <= ratio[0] <= 1


@settings(max_examples=50, deadline=None)
@given(
    values=hnp.arrays(float, (8, 3), elements=st.floats(-1e6, 1e6, allow_subnormal=False)),
    method=st.sampled_from(["ols", "wls_struct"]),
)
def test_reconciled_forecasts_add_up(values, method):
    S = summing_matrix(TREE)
    out = reconcile(_long(values, S.index), S, method=method)
    wide = out.pivot(index="unique_id", columns="ds", values="y")
    for parent, kids in TREE.items():
        assert np.all(np.abs(wide.loc[parent] - wide.loc[kids].sum()) <= 1e-6)


DEEP = {
    "T": ["A", "B"],
    "A": ["A1", "A2"],
    "A1": ["a1", "a2"],
    "A2": ["a3"],
    "B": ["b1", "b2"],
}


@settings(max_examples=40, deadline=None)
@given(
    values=hnp.arrays(float, (10, 3), elements=st.floats(-1e6, 1e6, allow_subnormal=False)),
    seed=st.integers(0, 2**31 - 1),
)
def test_mint_shrink_forecasts_add_up_at_every_level(values, seed):
    S = summing_matrix(DEEP)
    assert len(S) == 10
    rng = np.random.default_rng(seed)
    residuals = pd.DataFrame(
        rng.normal(size=(15, len(S))) * rng.uniform(0.1, 100, len(S)), columns=S.index
    )
    base = _long(values, S.index)
    base["lo_80"] = base["y"] - 5.0
    base["hi_80"] = base["y"] + 5.0
    out = reconcile(base, S, method="mint_shrink", residuals=residuals)
    wide = out.pivot(index="unique_id", columns="ds", values="y")
    for parent, kids in DEEP.items():
        assert np.all(np.abs(wide.loc[parent] - wide.loc[kids].sum()) <= 1e-6)
    # intervals keep their width and stay centred on the coherent forecast
    np.testing.assert_allclose(out["hi_80"] - out["y"], 5.0, atol=1e-6)
    np.testing.assert_allclose(out["y"] - out["lo_80"], 5.0, atol=1e-6)


def test_embedded_case_districts_oblast_city_agglomeration(case):
    drivers = case["demand_drivers"]
    housing = drivers[(drivers["driver"] == "housing_m2") & (drivers["scenario"] == "actual")]
    districts = sorted(r for r in housing["region_id"].unique() if r.startswith("LEN-"))
    assert len(districts) >= 10
    bottom = housing[housing["region_id"].isin([*districts, "RU-SPE"])]
    bottom = bottom.rename(columns={"region_id": "unique_id", "year": "ds", "value": "y"})
    # the case's districts add up to the oblast's published total
    oblast = housing[housing["region_id"] == "RU-LEN"].set_index("year")["value"]
    summed = bottom[bottom["unique_id"] != "RU-SPE"].groupby("ds")["y"].sum()
    np.testing.assert_allclose(summed.reindex(oblast.index), oblast, rtol=1e-6)
    children = {AGGLOMERATION: ["RU-LEN", "RU-SPE"], "RU-LEN": districts}
    out = forecast_hierarchy(bottom[["unique_id", "ds", "y"]], children, 3)
    wide = out.pivot(index="unique_id", columns="ds", values="y")
    np.testing.assert_allclose(
        wide.loc[AGGLOMERATION], wide.loc[["RU-LEN", "RU-SPE"]].sum(), atol=1e-6
    )
    np.testing.assert_allclose(wide.loc["RU-LEN"], wide.loc[districts].sum(), atol=1e-6)
    assert (out["base"] != out["y"]).any()


def test_embedded_case_products_add_up_to_groups_in_tonnes(case):
    from regiocluster.market import product_groups, with_agglomeration

    balances, _ = with_agglomeration(
        case["market_balances"], case["demand_drivers"], members=case.territory.regions
    )
    agg = balances[balances["region_id"] == AGGLOMERATION]
    tonnes = case["products"].set_index("product_id")["tonnes_per_unit"]
    bottom = pd.DataFrame(
        {
            "unique_id": agg["product_id"],
            "ds": agg["year"],
            "y": (agg["production"] + agg["imports"] - agg["exports"])
            * agg["product_id"].map(tonnes),
        }
    )
    children = product_groups(
        case["products"][case["products"]["product_id"].isin(agg["product_id"])]
    )
    out = forecast_hierarchy(bottom, children, 2, method="ols")
    wide = out.pivot(index="unique_id", columns="ds", values="y")
    for parent, kids in children.items():
        np.testing.assert_allclose(wide.loc[parent], wide.loc[kids].sum(), atol=1e-6)
