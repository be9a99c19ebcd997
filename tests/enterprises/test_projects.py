"""Major projects: supply by hand on an obvious fixture, and allocation properties."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from regiocluster.enterprises import allocate_nearest, free_capacity, project_supply

# two projects on the 60th parallel; enterprises east of them at known longitudes
PROJECTS = pd.DataFrame({"project_id": ["P1", "P2"], "lon": [30.0, 31.0], "lat": [60.0, 60.0]})
ENTERPRISES = pd.DataFrame(
    {
        "enterprise_id": ["near", "mid", "far", "outside"],
        "region_id": ["LEN-VSEV", "RU-SPE", "LEN-TIKH", "RU-MOW"],
        "lon": [30.1, 30.5, 33.0, 30.0],
        "lat": [60.0, 60.0, 60.0, 60.0],
    }
)
#: The cluster's territory in these tests (the embedded case's two regions).
TERRITORY = ("RU-LEN", "RU-SPE")

REGIONS = pd.DataFrame(
    {
        "region_id": ["RU", "RU-LEN", "RU-SPE", "RU-MOW", "LEN-VSEV", "LEN-TIKH"],
        "parent_id": [None, "RU", "RU", "RU", "RU-LEN", "RU-LEN"],
    }
)
PRODUCTS = pd.DataFrame(
    [
        ("near", "cement", 2024, 100.0, 70.0),  # 30 free
        ("mid", "cement", 2024, 100.0, 50.0),  # 50 free
        ("far", "cement", 2024, 200.0, 100.0),  # 100 free
        ("outside", "cement", 2024, 1000.0, 0.0),  # outside the territory
        ("near", "sand", 2024, 10.0, 12.0),  # over capacity: no free capacity
    ],
    columns=["enterprise_id", "product_id", "year", "capacity", "output"],
)


def test_obvious_allocation():
    needs = pd.DataFrame(
        [("P1", "cement", 2024, 60.0), ("P1", "sand", 2024, 5.0), ("P2", "cement", 2024, 200.0)],
        columns=["project_id", "product_id", "year", "quantity"],
    )
    result = project_supply(
        PROJECTS, needs, PRODUCTS, ENTERPRISES, territory=TERRITORY, regions=REGIONS
    )
    alloc = result.allocations.set_index(["project_id", "enterprise_id"])["allocated"]
    # nearest pair first: P1-near (5.6 km) takes all 30, then P1-mid (27.8 km) takes 30 of 50;
    # P2-mid (27.8 km) gets the remaining 20, P2-far (111 km) all 100; "outside" never supplies
    assert alloc.to_dict() == {
        ("P1", "near"): 30.0,
        ("P1", "mid"): 30.0,
        ("P2", "mid"): 20.0,
        ("P2", "far"): 100.0,
    }
    by_product = result.by_product.set_index("product_id")
    assert by_product.loc["cement", "need"] == 260.0
    assert by_product.loc["cement", "free_capacity"] == 180.0
    assert by_product.loc["cement", "allocated"] == 180.0
    assert by_product.loc["cement", "shortfall"] == 80.0
    assert by_product.loc["cement", "coverage"] == pytest.approx(180 / 260)
    assert by_product.loc["cement", "output"] == 220.0
    assert by_product.loc["sand", "coverage"] == 0.0
    by_project = result.by_project.set_index(["project_id", "product_id"])
    assert by_project.loc[("P1", "cement"), "coverage"] == 1.0
    assert by_project.loc[("P2", "cement"), "shortfall"] == 80.0
    assert by_project.loc[("P2", "cement"), "suppliers"] == 2
    cands = result.candidates[result.candidates["project_id"] == "P2"]
    assert list(cands["enterprise_id"]) == ["mid", "near", "far"]  # by distance from P2
    assert cands["distance_km"].iloc[0] == pytest.approx(
        2 * 6371.0088 * np.arcsin(np.cos(np.radians(60)) * np.sin(np.radians(0.25))), rel=1e-9
    )


def test_members_filter_and_market_balances():
    needs = pd.DataFrame(
        [("P1", "cement", 2024, 60.0)], columns=["project_id", "product_id", "year", "quantity"]
    )
    balances = pd.DataFrame(
        {
            "product_id": ["cement"] * 3,
            "region_id": ["RU-LEN", "RU-SPE", "RU"],
            "year": [2024] * 3,
            "consumption": [500.0, 700.0, 60000.0],
        }
    )
    result = project_supply(
        PROJECTS, needs, PRODUCTS, ENTERPRISES, members=["far"], regions=REGIONS,
        territory=TERRITORY,
        market_balances=balances,
    )  # fmt: skip
    row = result.by_product.iloc[0]
    assert row["consumption"] == 1200.0  # the territory, not Russia
    assert row["free_capacity"] == 100.0
    assert set(result.allocations["enterprise_id"]) == {"far"}


def test_free_capacity_is_carried_forward():
    free = free_capacity(PRODUCTS, years=[2024, 2026]).set_index(
        ["enterprise_id", "product_id", "year"]
    )
    assert free.loc[("mid", "cement", 2026), "free_capacity"] == 50.0
    assert free.loc[("mid", "cement", 2026), "extrapolated"]
    assert not free.loc[("mid", "cement", 2024), "extrapolated"]
    assert free.loc[("near", "sand", 2024), "free_capacity"] == 0.0


@st.composite
def _market(draw):
    n_proj = draw(st.integers(1, 4))
    n_firm = draw(st.integers(1, 5))
    needs = pd.DataFrame(
        [(f"P{i}", "x", 2024, float(draw(st.integers(0, 100)))) for i in range(n_proj)],
        columns=["project_id", "product_id", "year", "quantity"],
    )
    supply = pd.DataFrame(
        [(f"E{j}", "x", 2024, float(draw(st.integers(0, 100)))) for j in range(n_firm)],
        columns=["enterprise_id", "product_id", "year", "free_capacity"],
    )
    dist = np.array(
        [[draw(st.floats(0, 500, allow_nan=False)) for _ in range(n_firm)] for _ in range(n_proj)]
    )
    distance = pd.DataFrame(dist, index=needs["project_id"], columns=supply["enterprise_id"])
    return needs, supply, distance


@settings(max_examples=150, deadline=None)
@given(_market())
def test_allocation_respects_capacity_and_need(drawn):
    needs, supply, distance = drawn
    alloc = allocate_nearest(needs, supply, distance)
    per_firm = alloc.groupby("enterprise_id")["allocated"].sum()
    per_project = alloc.groupby("project_id")["allocated"].sum()
    cap = supply.set_index("enterprise_id")["free_capacity"]
    need = needs.set_index("project_id")["quantity"]
    assert (per_firm <= cap.reindex(per_firm.index) + 1e-9).all()
    assert (per_project <= need.reindex(per_project.index) + 1e-9).all()
    assert (alloc["allocated"] > 0).all()
    total = alloc["allocated"].sum()
    assert total == pytest.approx(min(need.sum(), cap.sum()))
    # nearest first: a project left short was refused only by firms with nothing left
    short = need.reindex(need.index) - per_project.reindex(need.index).fillna(0)
    left = cap - per_firm.reindex(cap.index).fillna(0)
    assert not ((short > 1e-9).any() and (left > 1e-9).any())
