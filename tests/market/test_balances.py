"""Balance identities (properties) and the embedded case's balances."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from regiocluster.market import agglomerate, balance, national_context, population_table

REGIONS = ["RU-LEN", "RU-SPE", "RU"]
PRODUCTS = ["cement", "sand"]
YEARS = [2020, 2021, 2022]
N = len(REGIONS) * len(PRODUCTS) * len(YEARS)
# Zero or at least a kilogram: near the smallest normal float, per-capita figures
# fall into subnormals and lose digits (a flaky failure, not a balance error).
quantities = hnp.arrays(float, N, elements=st.just(0.0) | st.floats(1e-3, 1e8))


def _frame(production, imports, exports, capacity, price):
    idx = pd.MultiIndex.from_product(
        [PRODUCTS, REGIONS, YEARS], names=["product_id", "region_id", "year"]
    )
    out = idx.to_frame(index=False)
    out["production"] = production
    out["imports"] = imports
    # exports never exceed what is available, as in real balances
    out["exports"] = np.minimum(exports, production + imports)
    out["capacity"] = production + capacity
    out["price"] = price + 1
    return out


@settings(max_examples=60, deadline=None)
@given(quantities, quantities, quantities, quantities, quantities)
def test_balances_close_and_ratios_recompose(production, imports, exports, capacity, price):
    raw = _frame(production, imports, exports, capacity, price)
    pop = pd.DataFrame(
        {"region_id": REGIONS * 3, "year": np.repeat(YEARS, 3), "population": 1e6 + np.arange(9)}
    )
    b = balance(raw, population=pop)
    scale = 1 + b[["production", "imports", "exports"]].abs().max(axis=1)
    residual = b["production"] + b["imports"] - b["exports"] - b["consumption"]
    assert (residual.abs() <= 1e-12 * scale).all()
    assert (b["consumption"] >= -1e-9 * scale).all()
    ok = b["consumption"] > 0
    np.testing.assert_allclose(
        (b["import_share"] * b["consumption"])[ok], b["imports"][ok], rtol=1e-9, atol=1e-6
    )
    np.testing.assert_allclose(b["per_capita"] * b["population"], b["consumption"], rtol=1e-12)
    assert (b["utilisation"].dropna() <= 1 + 1e-12).all()
    first = b[b["year"] == YEARS[0]]
    np.testing.assert_allclose(first["price_index"], 100.0)


@settings(max_examples=60, deadline=None)
@given(quantities, quantities, quantities, quantities, quantities, st.floats(0, 1e8))
def test_agglomeration_nets_internal_flows(production, imports, exports, capacity, price, flow):
    raw = _frame(production, imports, exports, capacity, price)
    flows = pd.DataFrame({"product_id": "cement", "year": YEARS, "quantity": flow})
    agg = agglomerate(raw, members=("RU-LEN", "RU-SPE"), internal_flows=flows)
    members = raw[raw["region_id"].isin(["RU-LEN", "RU-SPE"])]
    sums = members.groupby(["product_id", "year"])[["production", "imports", "exports"]].sum()
    sums["consumption"] = sums["production"] + sums["imports"] - sums["exports"]
    got = agg.set_index(["product_id", "year"])
    scale = 1 + sums.abs().max(axis=1)
    # consumption of the whole is the sum of the parts whatever is netted out
    assert ((got["consumption"] - sums["consumption"]).abs() <= 1e-9 * scale).all()
    assert (
        (got["production"] + got["imports"] - got["exports"] - got["consumption"]).abs()
        <= 1e-9 * scale
    ).all()
    assert (got["imports"] >= 0).all() and (got["exports"] >= 0).all()
    netted = got.loc["cement", "internal_flow"]
    expected = np.minimum(
        flow, np.minimum(sums.loc["cement", "imports"], sums.loc["cement", "exports"])
    )
    np.testing.assert_allclose(netted, expected, rtol=1e-12)
    assert (got.loc["sand", "internal_flow"] == 0).all()


def test_embedded_case_balances_close_to_rounding(case):
    mb = (
        case["market_balances"]
        .sort_values(["product_id", "region_id", "year"])
        .reset_index(drop=True)
    )
    b = balance(mb)
    # the case rounds the four columns to 3 decimals
    assert (b["consumption"] - mb["consumption"]).abs().max() <= 2e-3


def test_embedded_cement_matches_published_russian_balance(case):
    pop = population_table(regions=case["regions"], demand_drivers=case["demand_drivers"])
    b = balance(case["market_balances"], population=pop, products=case["products"])
    ru = b[(b["region_id"] == "RU") & (b["product_id"] == "cement")].set_index("year")
    # FACTS.md: Rosstat production 63.76 Mt 2024 and Soyuzcement's 64.7 Mt; the case's
    # production closes consumption ≈66.8 Mt, imports 3.74 Mt and exports ≈1.2 Mt
    assert 63.76e6 <= ru.loc[2024, "production"] <= 64.7e6
    assert ru.loc[2024, "exports"] == pytest.approx(1.18e6, rel=0.01)
    assert ru.loc[2024, "consumption"] == pytest.approx(66.8e6, rel=0.01)
    assert ru.loc[2024, "import_share"] == pytest.approx(3.74 / 66.8, rel=0.01)
    # ≈450 kg per head: between the 375 kg of 2016 and the ≈600 kg saturation level
    assert 375 < ru.loc[2024, "per_capita_kg"] < 600
    ctx = national_context(b, regions=["RU-LEN"], nation="RU")
    assert ctx["production_share"].between(0, 1).all()


def test_internal_flows_from_links_hand_computed():
    from regiocluster.market import internal_flows

    regions = pd.DataFrame(
        {
            "region_id": ["RU", "RU-LEN", "RU-SPE", "LEN-A"],
            "parent_id": [None, "RU", "RU", "RU-LEN"],
        }
    )
    enterprises = pd.DataFrame(
        {
            "enterprise_id": ["plant", "builder", "other_plant"],
            "region_id": ["LEN-A", "RU-SPE", "LEN-A"],
        }
    )
    links = pd.DataFrame(
        {
            "link_id": ["1", "2", "3", "4"],
            "supplier_id": ["plant", "plant", "builder", "plant"],
            "buyer_id": ["builder", "other_plant", "plant", "builder"],
            "product_id": ["cement", "cement", "cement", None],
            "year": [2024, 2024, 2024, 2024],
            "value": [6.5, 100.0, 1.3, 50.0],
        }
    )
    balances = pd.DataFrame(
        {
            "product_id": ["cement", "cement"],
            "region_id": ["RU-LEN", "RU-SPE"],
            "year": [2024, 2024],
            "price": [6500.0, 6500.0],
        }
    )
    out = internal_flows(
        links, enterprises, balances, regions=regions, members=("RU-LEN", "RU-SPE")
    )
    # link 1 (LEN → SPB): 6.5 mln RUB / 6500 RUB per t = 1000 t; link 3 (SPB → LEN): 200 t;
    # link 2 stays inside the oblast and link 4 names no product
    assert out.set_index("product_id").loc["cement", "quantity"] == pytest.approx(1200.0)
