"""Scorecards and modernisation needs on a fixture computed by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from regiocluster.enterprises import modernisation_needs, peer_percentiles, scorecards

ENTERPRISES = pd.DataFrame(
    {
        "enterprise_id": ["a", "b", "c", "d"],
        "okved": ["23.61", "23.61", "23.61", "08.12"],
    }
)
# columns: id, year, revenue, purchases, wages, investment, exports, employees, profit, wear
_ROWS = [
    ("a", 2023, 100.0, 60.0, 10.0, 5.0, 0.0, 10.0, 4.0, 0.50),
    ("a", 2024, 120.0, 70.0, 12.0, 12.0, 30.0, 10.0, 6.0, 0.70),
    ("b", 2024, 200.0, 100.0, 20.0, 10.0, 0.0, 20.0, 10.0, 0.40),
    ("c", 2024, 300.0, 150.0, 30.0, 30.0, 0.0, 10.0, -15.0, 0.90),
    ("d", 2024, 50.0, 20.0, 5.0, 1.0, 0.0, 5.0, 1.0, 0.55),
]
FINANCES = pd.DataFrame(
    _ROWS,
    columns=[
        "enterprise_id", "year", "revenue", "purchases", "wages", "investment", "exports",
        "employees", "net_profit", "fixed_assets_wear",
    ],
)  # fmt: skip
PRODUCTS = pd.DataFrame(
    [
        ("a", "blocks", 2024, 100.0, 50.0),
        ("a", "precast", 2024, 10.0, 10.0),
        ("b", "blocks", 2024, 100.0, 95.0),
        ("c", "blocks", 2024, 100.0, 75.0),
    ],
    columns=["enterprise_id", "product_id", "year", "capacity", "output"],
)


def _card(**kw):
    return scorecards(ENTERPRISES, FINANCES, PRODUCTS, **kw).set_index(["enterprise_id", "year"])


def test_ratios_by_hand():
    card = _card()
    a = card.loc[("a", 2024)]
    assert a["productivity"] == pytest.approx((120 - 70) / 10)
    assert a["revenue_growth"] == pytest.approx(120 / 100 - 1)
    assert a["export_share"] == pytest.approx(30 / 120)
    assert a["investment_rate"] == pytest.approx(12 / 120)
    assert a["profitability"] == pytest.approx(6 / 120)
    assert a["asset_wear"] == pytest.approx(0.70)
    # unweighted mean over products without prices: (0.5 + 1.0) / 2
    assert a["utilisation"] == pytest.approx(0.75)
    assert np.isnan(card.loc[("a", 2023), "revenue_growth"])
    assert np.isnan(card.loc[("d", 2024), "utilisation"])
    assert card.loc[("b", 2024), "peers"] == 3
    assert card.loc[("d", 2024), "peers"] == 1


def test_prices_weight_products_by_value():
    card = _card(prices=pd.Series({"blocks": 1.0, "precast": 9.0}))
    # (50*1 + 10*9) / (100*1 + 10*9)
    assert card.loc[("a", 2024), "utilisation"] == pytest.approx(140 / 190)


def test_peer_percentiles_by_hand():
    card = _card()
    # productivity 2024 in 23.61: a 5.0, b 5.0, c 15.0 -> a and b tie (mid-rank 1.5 of 3)
    assert card.loc[("a", 2024), "productivity_pct"] == pytest.approx((1.5 - 0.5) / 3)
    assert card.loc[("b", 2024), "productivity_pct"] == pytest.approx((1.5 - 0.5) / 3)
    assert card.loc[("c", 2024), "productivity_pct"] == pytest.approx((3 - 0.5) / 3)
    # a group of one sits in the middle
    assert card.loc[("d", 2024), "productivity_pct"] == pytest.approx(0.5)


def test_modernisation_score_by_hand():
    card = scorecards(ENTERPRISES, FINANCES, PRODUCTS)
    needs = modernisation_needs(card, year=2024).set_index("enterprise_id")
    # c: wear 0.9 -> W = 1; productivity top of 3 peers -> P = 1 - 5/6; utilisation 0.75 -> U = 0
    c = needs.loc["c"]
    assert c["wear_need"] == pytest.approx(1.0)
    assert c["productivity_need"] == pytest.approx(1 - 2.5 / 3)
    assert c["utilisation_need"] == pytest.approx(0.0)
    assert c["score"] == pytest.approx(100 * (0.40 * 1 + 0.35 * (1 - 2.5 / 3) + 0) / 1.0)
    assert c["reasons"] == "fixed-asset wear 90% ≥ 60%"
    # b: utilisation 0.95 > 0.9 -> bottleneck, U = 0.05 / 0.1 = 0.5; wear 0.4 -> W = 0
    b = needs.loc["b"]
    assert b["bottleneck"]
    assert b["utilisation_need"] == pytest.approx(0.5)
    assert b["score"] == pytest.approx(100 * (0.35 * (1 - 1 / 3) + 0.25 * 0.5))
    assert "utilisation 95% > 90% (capacity bottleneck)" in b["reasons"]
    # d: no peers and no capacity -> only wear counts: W = (0.55 - 0.4) / 0.4
    d = needs.loc["d"]
    assert np.isnan(d["productivity_need"]) and np.isnan(d["utilisation_need"])
    assert d["score"] == pytest.approx(100 * 0.15 / 0.4)
    # a: wear 0.7 -> W = 0.75; productivity tied lowest -> P = 1 - 1/3; utilisation 0.75
    a = needs.loc["a"]
    assert a["score"] == pytest.approx(100 * (0.40 * 0.75 + 0.35 * (2 / 3)))
    assert "fixed-asset wear 70% ≥ 60%" in a["reasons"]
    assert "percentile" not in a["reasons"]  # 33rd percentile is above the 25% threshold
    assert list(needs.index) == list(needs.sort_values("score", ascending=False).index)


def test_idle_capacity_reason():
    products = PRODUCTS.assign(
        output=PRODUCTS["output"].where(PRODUCTS["enterprise_id"] != "c", 30)
    )
    card = scorecards(ENTERPRISES, FINANCES, products)
    c = modernisation_needs(card, year=2024).set_index("enterprise_id").loc["c"]
    assert c["utilisation_need"] == pytest.approx((0.6 - 0.3) / 0.6)
    assert "utilisation 30% < 60% (idle capacity)" in c["reasons"]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.integers(0, 20), min_size=1, max_size=15),
    st.lists(st.sampled_from(["x", "y"]), min_size=15, max_size=15),
)
def test_percentiles_match_their_definition(values, labels):
    values = pd.Series(values, dtype=float)
    groups = pd.Series(labels[: len(values)])
    got = peer_percentiles(values, groups)
    for i in range(len(values)):
        peers = values[groups == groups[i]]
        below = (peers < values[i]).sum()
        equal = (peers == values[i]).sum()
        assert got[i] == pytest.approx((below + 0.5 * equal) / len(peers))
