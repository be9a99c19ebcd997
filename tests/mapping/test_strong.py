"""Strong-cluster rules against fixtures computed by hand from the published definitions."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from regiocluster.mapping import eco_stars, us_strong_clusters


def _us_fixture(r4_establishments: float = 5.0) -> pd.DataFrame:
    # One industry "x" in six regions of type "subject"; LQs given directly.
    #   region  lq   employees  establishments
    #   R1     0.5      10          2
    #   R2     1.2      50          8
    #   R3     2.0      40          6
    #   R4     3.0      30          5   (or 4)
    #   R5     0.9      20          4
    #   R6     0.0       0          0   <- employment zero: excluded from all percentiles
    # Among R1-R5 (linear interpolation, numpy's default):
    #   LQ sorted (0.5, 0.9, 1.2, 2.0, 3.0): 75th pct at position 0.75*4 = 3 -> 2.0;
    #       90th pct at position 3.6 -> 2.0 + 0.6*(3.0-2.0) = 2.6.
    #   employment sorted (10, 20, 30, 40, 50): 25th pct at position 1 -> 20.
    #   establishments sorted (2, 4, 5, 6, 8): 25th pct -> 4.
    # 75th rule: R3 (2.0 >= 2.0, 40 > 20, 6 > 4) and R4 (3.0, 30 > 20, 5 > 4) strong.
    # 90th rule: only R4 (3.0 >= 2.6).
    # With R4 at 4 establishments the 25th pct is still 4 (2, 4, 4, 6, 8) and 4 is not
    # *above* 4, so R4 is not strong: the published rule says "above".
    # Had R6 (zero employment) been included, the LQ 75th pct would be 1.8 and the
    # thresholds would differ.
    return pd.DataFrame(
        {
            "region_id": ["R1", "R2", "R3", "R4", "R5", "R6"],
            "okved": "x",
            "lq_given": [0.5, 1.2, 2.0, 3.0, 0.9, 0.0],
            "employees": [10, 50, 40, 30, 20, 0.0],
            "establishments": [2, 8, 6, r4_establishments, 4, 0.0],
        }
    )


def _strong(out: pd.DataFrame) -> set:
    return set(out.loc[out.strong, "region_id"])


def test_us_rule_75th_percentile_by_hand():
    out = us_strong_clusters(_us_fixture(), lq_column="lq_given")
    assert _strong(out) == {"R3", "R4"}
    assert out.lq_threshold.iloc[0] == pytest.approx(2.0)
    assert out.employees_threshold.iloc[0] == pytest.approx(20.0)
    assert out.establishments_threshold.iloc[0] == pytest.approx(4.0)


def test_us_rule_90th_percentile_variant_by_hand():
    out = us_strong_clusters(_us_fixture(), lq_column="lq_given", lq_percentile=90)
    assert out.lq_threshold.iloc[0] == pytest.approx(2.6)
    assert _strong(out) == {"R4"}


def test_us_rule_size_thresholds_are_strict():
    out = us_strong_clusters(_us_fixture(4.0), lq_column="lq_given")
    assert _strong(out) == {"R3"}


def test_us_rule_needs_lq_at_least_one_and_compares_within_type():
    # Two districts with LQ 0.3 and 0.6: the 75th pct is 0.525, the second clears it
    # but its LQ is below 1, so neither is strong. The subjects keep their own thresholds.
    df = _us_fixture()
    districts = pd.DataFrame(
        {
            "region_id": ["D1", "D2"],
            "okved": "x",
            "lq_given": [0.3, 0.6],
            "employees": [100.0, 200.0],
            "establishments": [10.0, 20.0],
        }
    )
    both = pd.concat([df, districts], ignore_index=True)
    kinds = {r: "subject" for r in df.region_id} | {"D1": "district", "D2": "district"}
    out = us_strong_clusters(both, lq_column="lq_given", region_type=kinds)
    assert _strong(out) == {"R3", "R4"}
    assert out.set_index("region_id").loc["D2", "lq_threshold"] == pytest.approx(0.525)


def test_us_rule_suppressed_establishments_never_strong():
    df = _us_fixture()
    df.loc[df.region_id == "R3", "establishments"] = np.nan
    out = us_strong_clusters(df, lq_column="lq_given")
    # establishments among R1, R2, R4, R5: (2, 4, 5, 8) -> 25th pct at 0.75 -> 3.5
    assert out.establishments_threshold.iloc[0] == pytest.approx(3.5)
    assert _strong(out) == {"R4"}


def _eco_fixture() -> pd.DataFrame:
    # Employment, five regions x three categories:
    #        a    b    c   total
    #   r0   5  100   50   155
    #   r1  10  100   60   170
    #   r2  15  100   70   185
    #   r3  20  100   80   200
    #   r4 150  110   90   350
    #  sum 200  510  350  1060
    # Size (top 10% within the category = at/above the 90th pct, position 0.9*4 = 3.6):
    #   a: (5,10,15,20,150) -> 20 + 0.6*130 = 98 -> r4; b: 100 + 0.6*10 = 106 -> r4;
    #   c: 80 + 0.6*10 = 86 -> r4.
    # Specialisation (LQ >= 2): a,r4 = (150/350)/(200/1060) = 2.2714 -> the only one
    #   (next highest: b,r0 = (100/155)/(510/1060) = 1.3409).
    # Focus (share of region's employment, top 10% of all 15 regional clusters):
    #   sorted shares ... 0.5, 0.5405 (b,r2), 0.5882 (b,r1), 0.6452 (b,r0);
    #   90th pct at position 12.6 -> 0.5405 + 0.6*(0.5882-0.5405) = 0.5692 -> b,r1 and b,r0.
    emp = {
        "a": [5, 10, 15, 20, 150],
        "b": [100, 100, 100, 100, 110],
        "c": [50, 60, 70, 80, 90],
    }
    rows = [
        {"region_id": f"r{k}", "okved": cat, "employees": float(v[k])}
        for cat, v in emp.items()
        for k in range(5)
    ]
    return pd.DataFrame(rows)


def test_eco_stars_by_hand():
    out = eco_stars(_eco_fixture()).set_index(["region_id", "okved"])
    size = set(out.index[out.size_star])
    assert size == {("r4", "a"), ("r4", "b"), ("r4", "c")}
    assert set(out.index[out.specialisation_star]) == {("r4", "a")}
    assert out.loc[("r4", "a"), "lq"] == pytest.approx((150 / 350) / (200 / 1060))
    assert set(out.index[out.focus_star]) == {("r0", "b"), ("r1", "b")}
    stars = out.stars[out.stars > 0].to_dict()
    assert stars == {("r4", "a"): 2, ("r4", "b"): 1, ("r4", "c"): 1, ("r0", "b"): 1, ("r1", "b"): 1}


def test_eco_focus_within_category_orders_like_lq():
    out = eco_stars(_eco_fixture(), focus_within="category")
    for _, group in out.groupby("okved"):
        assert group.focus.rank().tolist() == group.lq.rank().tolist()


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.integers(0, 500), min_size=30, max_size=30),
    st.lists(st.integers(1, 40), min_size=30, max_size=30),
)
def test_stricter_percentile_never_adds_strong_clusters(employees, establishments):
    # ten regions x three industries; the 90th-percentile set is inside the 75th-percentile set
    rows = [
        {"region_id": f"r{k % 10}", "okved": f"i{k // 10}", "employees": float(e),
         "establishments": float(n)}
        for k, (e, n) in enumerate(zip(employees, establishments, strict=True))
    ]  # fmt: skip
    table = pd.DataFrame(rows)
    if table.employees.sum() == 0:
        return
    s75 = us_strong_clusters(table).strong
    s90 = us_strong_clusters(table, lq_percentile=90).strong
    assert not (s90 & ~s75).any()
    strong = us_strong_clusters(table)
    assert (strong.loc[strong.strong, "lq"] >= 1).all()
    assert (strong.loc[strong.strong, "employees"] > 0).all()
