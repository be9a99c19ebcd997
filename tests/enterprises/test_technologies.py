"""Technology fit on a fixture computed by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from regiocluster.enterprises import technology_fit

TECHNOLOGIES = pd.DataFrame(
    [
        ("T1", "Dry kilns", "production", "23.51", "cement", 9),
        ("T2", "3D printing", "production", "23.63", "ready_mix", 6),
        ("T3", "BIM", "demand", "41", None, 9),
    ],
    columns=["technology_id", "name_en", "side", "okved", "product_id", "trl"],
)
ENTERPRISES = pd.DataFrame(
    [
        ("k1", "23.51", "LEN-SLAN"),
        ("k2", "23.51", "LEN-BOKS"),
        ("k3", "23.51", "RU-MOW"),  # outside the territory
        ("b1", "41.20", "RU-SPE"),
        ("k4", "23.5", "RU-SPE"),  # the group, not the class: not covered by 23.51
    ],
    columns=["enterprise_id", "okved", "region_id"],
)
#: The cluster's territory in these tests (the embedded case's two regions).
TERRITORY = ("RU-LEN", "RU-SPE")

REGIONS = pd.DataFrame(
    {
        "region_id": ["RU", "RU-LEN", "RU-SPE", "RU-MOW", "LEN-SLAN", "LEN-BOKS"],
        "parent_id": [None, "RU", "RU", "RU", "RU-LEN", "RU-LEN"],
    }
)
PRODUCTS = pd.DataFrame(
    [
        ("k1", "cement", 2024, 1000.0, 800.0),
        ("k1", "cement", 2020, 900.0, 800.0),
        ("k2", "lime", 2024, 100.0, 80.0),
        ("k3", "cement", 2024, 5000.0, 100.0),
    ],
    columns=["enterprise_id", "product_id", "year", "capacity", "output"],
)
BALANCES = pd.DataFrame(
    [
        ("cement", "RU-LEN", 2019, 60.0),
        ("cement", "RU-SPE", 2019, 40.0),
        ("cement", "RU-LEN", 2024, 70.0),
        ("cement", "RU-SPE", 2024, 50.0),
        ("cement", "RU", 2024, 60000.0),
        ("ready_mix", "RU-SPE", 2019, 100.0),
        ("ready_mix", "RU-SPE", 2024, 80.0),
    ],
    columns=["product_id", "region_id", "year", "consumption"],
)
NEEDS = pd.DataFrame(
    [
        ("P", "cement", 2024, 999.0),  # not ahead of 2024
        ("P", "cement", 2025, 20.0),
        ("P", "cement", 2029, 30.0),
        ("P", "cement", 2030, 999.0),  # beyond the horizon
    ],
    columns=["project_id", "product_id", "year", "quantity"],
)


def _fit(**kw):
    return technology_fit(
        TECHNOLOGIES, ENTERPRISES, enterprise_products=PRODUCTS, project_needs=NEEDS,
        market_balances=BALANCES, regions=REGIONS, territory=TERRITORY, **kw,
    )  # fmt: skip


def test_scores_by_hand():
    result = _fit()
    assert result.year == 2024
    scores = result.scores.set_index("technology_id")
    t1 = scores.loc["T1"]
    assert t1["producers"] == 2 and t1["makers"] == 1
    assert t1["consumption"] == 120.0
    assert t1["growth"] == pytest.approx(0.2)
    assert t1["pipeline"] == pytest.approx(50 / 5)
    demand = (1.0 + (10 / 120) / 0.2) / 2
    assert t1["demand"] == pytest.approx(demand)
    assert t1["fit"] == pytest.approx(100 * (0.4 * 2 / 3 + 0.4 * demand + 0.2 * 1.0))
    assert "2 member(s) in OKVED 23.51" in t1["reasons"]
    assert "consumption of cement +20.0% over 2019–2024" in t1["reasons"]
    assert "TRL 9 ≥ 7: near-term" in t1["reasons"]

    t2 = scores.loc["T2"]
    assert t2["presence"] == 0
    assert t2["demand"] == pytest.approx(0.0, abs=1e-12)
    assert t2["fit"] == pytest.approx(100 * 0.2 * 0.25)
    assert not t2["near_term"]
    assert "no member in OKVED 23.63" in t2["reasons"]
    assert "TRL 6 < 7: pilot stage" in t2["reasons"]
    assert "no major-project need in 2025–2029" in t2["reasons"]

    t3 = scores.loc["T3"]
    assert t3["producers"] == 1
    assert t3["fit"] == pytest.approx(100 * (0.4 / 3 + 0.4 * 0.5 + 0.2))
    assert "demand not measured" in t3["reasons"]
    assert list(result.scores["technology_id"]) == ["T1", "T3", "T2"]


def test_candidates_make_the_product_and_follow_modernisation_need():
    result = _fit()
    cands = result.candidates
    # only k1 makes cement inside the territory; k3 is outside, k2 makes lime
    assert list(cands.loc[cands["technology_id"] == "T1", "enterprise_id"]) == ["k1"]
    assert cands.loc[cands["technology_id"] == "T1", "capacity"].iloc[0] == 1000.0
    assert set(cands["technology_id"]) == {"T1"}  # T3 is demand side, T2 has nobody
    # without a product, every member of the OKVED is a candidate, ranked by need
    techs = pd.concat(
        [TECHNOLOGIES, pd.DataFrame([("T4", "Digital", "production", "23.51", None, 8)],
                                    columns=TECHNOLOGIES.columns)]
    )  # fmt: skip
    needs = pd.DataFrame({"enterprise_id": ["k1", "k2"], "score": [20.0, 70.0]})
    result = technology_fit(
        techs, ENTERPRISES, enterprise_products=PRODUCTS, regions=REGIONS, modernisation=needs,
        market_balances=BALANCES, territory=TERRITORY,
    )  # fmt: skip
    t4 = result.candidates[result.candidates["technology_id"] == "T4"]
    assert list(t4["enterprise_id"]) == ["k2", "k1"]
    assert list(t4["rank"]) == [1, 2]
    assert "modernisation score 70" in t4["reason"].iloc[0]


def test_members_restrict_presence():
    scores = _fit(members=["k1", "b1"]).scores.set_index("technology_id")
    assert scores.loc["T1", "producers"] == 1
    assert scores.loc["T1", "presence"] == pytest.approx(1 / 3)
