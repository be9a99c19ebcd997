"""Specialisation measures against hand-computed fixtures from their definitions."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from regiocluster.mapping import (
    hoover_specialisation,
    krugman_specialisation,
    location_quotient,
    shift_share,
)

# Fixture (employees), three regions x three industries:
#        x    y    z   total
#   A   10   20   70   100
#   B   30   10   60   100
#   C   60   70   70   200
#  sum 100  100  200   400
EMP = {
    ("A", "x"): 10, ("A", "y"): 20, ("A", "z"): 70,
    ("B", "x"): 30, ("B", "y"): 10, ("B", "z"): 60,
    ("C", "x"): 60, ("C", "y"): 70, ("C", "z"): 70,
}  # fmt: skip


def _table(cells: dict, year: int | None = None) -> pd.DataFrame:
    rows = [{"region_id": r, "okved": i, "employees": float(v)} for (r, i), v in cells.items()]
    df = pd.DataFrame(rows)
    if year is not None:
        df["year"] = year
    return df


def _lq(df: pd.DataFrame) -> dict:
    return {(r, i): v for r, i, v in df[["region_id", "okved", "lq"]].itertuples(index=False)}


def test_location_quotient_total_base_by_hand():
    # LQ = (E_ri/E_r)/(E_i/E): A,x = (10/100)/(100/400) = 0.4; A,y = 0.2/0.25 = 0.8;
    # A,z = 0.7/0.5 = 1.4; B,x = 0.3/0.25 = 1.2; B,y = 0.4; B,z = 1.2;
    # C,x = (60/200)/0.25 = 1.2; C,y = 0.35/0.25 = 1.4; C,z = 0.35/0.5 = 0.7.
    expected = {
        ("A", "x"): 0.4, ("A", "y"): 0.8, ("A", "z"): 1.4,
        ("B", "x"): 1.2, ("B", "y"): 0.4, ("B", "z"): 1.2,
        ("C", "x"): 1.2, ("C", "y"): 1.4, ("C", "z"): 0.7,
    }  # fmt: skip
    got = _lq(location_quotient(_table(EMP)))
    assert got == pytest.approx(expected)


def test_location_quotient_traded_base_by_hand():
    # US Cluster Mapping base: x and y traded, z local. Traded employment:
    # A 30, B 40, C 130, nation 200; E_x = E_y = 100, so E_i/E = 0.5.
    # A,x = (10/30)/0.5 = 0.6667; A,y = (20/30)/0.5 = 1.3333; B,x = (30/40)/0.5 = 1.5;
    # B,y = (10/40)/0.5 = 0.5; C,x = (60/130)/0.5 = 0.923077; C,y = (70/130)/0.5 = 1.076923.
    got = location_quotient(_table(EMP), base="traded", traded={"x": True, "y": True, "z": False})
    lq = _lq(got)
    assert lq[("A", "x")] == pytest.approx(2 / 3)
    assert lq[("A", "y")] == pytest.approx(4 / 3)
    assert lq[("B", "x")] == pytest.approx(1.5)
    assert lq[("B", "y")] == pytest.approx(0.5)
    assert lq[("C", "x")] == pytest.approx(12 / 13)
    assert lq[("C", "y")] == pytest.approx(14 / 13)
    assert all(np.isnan(lq[(r, "z")]) for r in "ABC")


def test_traded_base_accepts_a_column_and_a_code_list():
    df = _table(EMP)
    df["traded"] = df["okved"] != "z"
    a = location_quotient(df, base="traded")["lq"]
    b = location_quotient(df, base="traded", traded=["x", "y"])["lq"]
    pd.testing.assert_series_equal(a, b)


@pytest.mark.parametrize("as_series", [False, True])
def test_traded_mapping_may_name_only_the_traded_codes(as_series):
    # {"x": True, "y": True} leaves z out: z is local, as in the by-hand fixture
    # above (A,x = 2/3, C,y = 14/13), and no pandas downcasting warning escapes.
    flags = {"x": True, "y": True}
    traded = pd.Series(flags) if as_series else flags
    lq = _lq(location_quotient(_table(EMP), base="traded", traded=traded))
    assert lq[("A", "x")] == pytest.approx(2 / 3)
    assert lq[("C", "y")] == pytest.approx(14 / 13)
    assert all(np.isnan(lq[(r, "z")]) for r in "ABC")


def test_suppressed_cell_is_missing_and_counts_as_zero_in_totals():
    # B,y suppressed: B total 90, E_y 90, E 390. A,x = (10/100)/(100/390) = 0.39.
    cells = dict(EMP)
    cells[("B", "y")] = np.nan
    lq = _lq(location_quotient(_table(cells)))
    assert np.isnan(lq[("B", "y")])
    assert lq[("A", "x")] == pytest.approx(0.39)
    assert lq[("B", "x")] == pytest.approx((30 / 90) / (100 / 390))
    assert lq[("A", "y")] == pytest.approx((20 / 100) / (90 / 390))


def test_years_are_separate_economies():
    df = pd.concat([_table(EMP, 2020), _table({k: 3 * v for k, v in EMP.items()}, 2021)])
    df.loc[(df.year == 2021) & (df.region_id == "A") & (df.okved == "x"), "employees"] = 0.0
    out = location_quotient(df)
    lq2020 = _lq(out[out.year == 2020])
    assert lq2020[("A", "x")] == pytest.approx(0.4)
    assert out[(out.year == 2021) & (out.region_id == "A") & (out.okved == "x")].lq.iloc[0] == 0


def test_hoover_and_krugman_by_hand():
    # Hoover: national shares (.25, .25, .5). A: (|.1-.25| + |.2-.25| + |.7-.5|)/2 = 0.2;
    # B: (.05 + .15 + .1)/2 = 0.15; C: (.05 + .10 + .15)/2 = 0.15.
    hoover = hoover_specialisation(_table(EMP))
    assert hoover.to_dict() == pytest.approx({"A": 0.2, "B": 0.15, "C": 0.15})
    # Krugman, A against B+C = (90, 80, 130)/300:
    # |.1-.3| + |.2-.266667| + |.7-.433333| = 0.533333.
    # B against A+C = (70, 90, 140)/300: |.3-.233333| + |.1-.3| + |.6-.466667| = 0.4.
    krugman = krugman_specialisation(_table(EMP))
    assert krugman["A"] == pytest.approx(0.2 + 0.2 / 3 + 0.8 / 3)
    assert krugman["B"] == pytest.approx(0.4)


def test_shift_share_by_hand():
    # Year 1: A (20, 20, 70), B (30, 20, 60), C (60, 70, 110); nation (110, 110, 240) = 460.
    # g = 460/400 - 1 = 0.15; g_x = g_y = 0.10; g_z = 0.20.
    # A,x: e0 = 10, e1 = 20: national 10*0.15 = 1.5; mix 10*(0.10-0.15) = -0.5;
    #      regional 10*(1.0 - 0.10) = 9.0; total 10.
    # C,z: e0 = 70, e1 = 110: national 10.5; mix 70*0.05 = 3.5; regional 70*(40/70 - 0.2) = 26.
    end = dict(EMP)
    end.update({("A", "x"): 20, ("B", "y"): 20, ("C", "z"): 110})
    df = pd.concat([_table(EMP, 2015), _table(end, 2024)])
    out = shift_share(df, start=2015, end=2024).set_index(["region_id", "okved"])
    assert out.loc[("A", "x"), ["national", "industry_mix", "regional"]].tolist() == pytest.approx(
        [1.5, -0.5, 9.0]
    )
    assert out.loc[("C", "z"), ["national", "industry_mix", "regional"]].tolist() == pytest.approx(
        [10.5, 3.5, 26.0]
    )


def test_shift_share_drops_cells_suppressed_in_either_year():
    end = dict(EMP)
    end[("B", "y")] = np.nan
    df = pd.concat([_table(EMP, 2015), _table(end, 2024)])
    out = shift_share(df, start=2015, end=2024)
    assert ("B", "y") not in set(zip(out.region_id, out.okved, strict=True))
    assert len(out) == 8


cells = st.floats(min_value=0, max_value=1e5, allow_nan=False)


@settings(max_examples=60, deadline=None)
@given(st.lists(cells, min_size=24, max_size=24), st.lists(cells, min_size=24, max_size=24))
def test_shift_share_components_sum_to_change(start, end):
    regions = [f"r{k}" for k in range(4)]
    industries = [f"i{k}" for k in range(6)]
    idx = [(r, i) for r in regions for i in industries]
    if sum(start) == 0:
        start = [1.0, *start[1:]]
    df = pd.concat(
        [_table(dict(zip(idx, start, strict=True)), 0), _table(dict(zip(idx, end, strict=True)), 1)]
    )
    df = df[~((df.year == 0) & (df.employees == 0) & df.okved.isin(["i5"]))]
    out = shift_share(df, start=0, end=1)
    total = out.national + out.industry_mix + out.regional
    np.testing.assert_allclose(total, out.change, rtol=1e-9, atol=1e-6)
    # the national component over all cells equals g times start employment
    g = out.end_value.sum() / out.start_value.sum() - 1
    np.testing.assert_allclose(out.national.sum(), g * out.start_value.sum(), rtol=1e-9, atol=1e-6)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(min_value=1, max_value=1e5), min_size=12, max_size=12))
def test_employment_weighted_lq_averages_to_one(values):
    # Property of the definition: sum_r E_ri * LQ_ri / ... ; for each region,
    # sum_i LQ_ri * (E_i/E) = 1 (shares of the region sum to one).
    idx = [(f"r{k}", f"i{j}") for k in range(3) for j in range(4)]
    df = location_quotient(_table(dict(zip(idx, values, strict=True))))
    nat = df.groupby("okved").employees.sum() / df.employees.sum()
    check = (df.lq * df.okved.map(nat)).groupby(df.region_id).sum()
    np.testing.assert_allclose(check, 1.0, rtol=1e-9)
