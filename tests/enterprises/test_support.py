"""Eligibility for support measures: boundaries by hand, and a monotonicity property."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from regiocluster.enterprises import eligible_measures, okved_covers


def _measure(measure_id: str = "M", **conditions: object) -> dict:
    row = {
        "measure_id": measure_id,
        "okved_prefixes": None,
        "min_employees": np.nan,
        "max_employees": np.nan,
        "max_revenue": np.nan,
        "min_investment": np.nan,
        "requires_cluster_member": False,
        "regions": None,
    }
    row.update(conditions)
    return row


def _firms(rows: list[tuple[str, str, str, float, float, float]]):
    enterprises = pd.DataFrame(
        [(i, okved, region) for i, okved, region, *_ in rows],
        columns=["enterprise_id", "okved", "region_id"],
    )
    finances = pd.DataFrame(
        [(i, 2024, emp, rev, inv) for i, _, _, emp, rev, inv in rows],
        columns=["enterprise_id", "year", "employees", "revenue", "investment"],
    )
    return enterprises, finances


def _check(enterprises, finances, measures, **kw) -> pd.DataFrame:
    return eligible_measures(enterprises, finances, pd.DataFrame(measures), year=2024, **kw)


SME = _measure("SME", max_employees=250.0, max_revenue=2000.0)


def test_sme_ceilings_are_inclusive():
    enterprises, finances = _firms(
        [
            ("at250", "23.61", "LEN-VSEV", 250, 2000.0, 0),
            ("at251", "23.61", "LEN-VSEV", 251, 100.0, 0),
            ("rev", "23.61", "LEN-VSEV", 10, 2000.1, 0),
            ("both", "23.61", "LEN-VSEV", 312, 2345.6, 0),
        ]
    )
    out = _check(enterprises, finances, [SME]).set_index("enterprise_id")
    assert out["eligible"].to_dict() == {"at250": True, "at251": False, "rev": False, "both": False}
    assert out.loc["at251", "reasons"] == "employees 251 > 250 (SME ceiling)"
    assert out.loc["rev", "reasons"] == "revenue 2000.1 > 2000 mln RUB (SME ceiling)"
    assert out.loc["both", "reasons"] == (
        "employees 312 > 250 (SME ceiling); revenue 2345.6 > 2000 mln RUB (SME ceiling)"
    )
    assert out.loc["both", "failed"] == 2
    assert out.loc["at250", "reasons"] == ""


@pytest.mark.parametrize(
    ("prefix", "code", "covered"),
    [
        ("23", "23.51", True),
        ("23", "23", True),
        ("2", "23.51", False),
        ("23.5", "23.51", True),
        ("23.51", "23.5", False),
        ("08.9", "08.92", True),
        ("23", "230", False),
        ("41", "41.20", True),
    ],
)
def test_okved_prefix_rule(prefix, code, covered):
    assert okved_covers(prefix, code) is covered


def test_okved_prefixes_in_the_table():
    enterprises, finances = _firms(
        [("cem", "23.51", "RU-SPE", 50, 10, 0), ("merch", "46.73", "RU-SPE", 50, 10, 0)]
    )
    measures = [_measure("two", okved_prefixes="2"), _measure("ind", okved_prefixes="10|23|08")]
    out = _check(enterprises, finances, measures).set_index(["enterprise_id", "measure_id"])
    assert not out.loc[("cem", "two"), "eligible"]
    assert out.loc[("cem", "two"), "reasons"] == "OKVED 23.51 not in 2"
    assert out.loc[("cem", "ind"), "eligible"]
    assert not out.loc[("merch", "ind"), "eligible"]
    assert out.loc[("merch", "ind"), "reasons"] == "OKVED 46.73 not in 10|23|08"


def test_regions_and_districts():
    enterprises, finances = _firms(
        [
            ("king", "23.61", "LEN-KING", 10, 1, 0),
            ("vyb", "23.61", "LEN-VYBO", 10, 1, 0),
            ("spb", "23.61", "RU-SPE", 10, 1, 0),
        ]
    )
    regions = pd.DataFrame(
        {
            "region_id": ["RU", "RU-LEN", "RU-SPE", "LEN-KING", "LEN-VYBO"],
            "parent_id": [None, "RU", "RU", "RU-LEN", "RU-LEN"],
        }
    )
    measures = [
        _measure("sez", regions="LEN-KING"),
        _measure("oblast", regions="RU-LEN"),
        _measure("city", regions="RU-SPE|LEN-VYBO"),
    ]
    out = _check(enterprises, finances, measures, regions=regions)
    got = out.pivot(index="enterprise_id", columns="measure_id", values="eligible")
    assert got.loc["king"].to_dict() == {"sez": True, "oblast": True, "city": False}
    assert got.loc["vyb"].to_dict() == {"sez": False, "oblast": True, "city": True}
    assert got.loc["spb"].to_dict() == {"sez": False, "oblast": False, "city": True}
    reasons = out.set_index(["enterprise_id", "measure_id"])["reasons"]
    assert reasons[("spb", "sez")] == "region RU-SPE not in LEN-KING"
    # without the regions table a district is not inside its oblast
    plain = _check(enterprises, finances, measures)
    assert not plain.set_index(["enterprise_id", "measure_id"]).loc[("king", "oblast"), "eligible"]


def test_cluster_membership_and_investment():
    enterprises, finances = _firms(
        [("in", "23.61", "RU-SPE", 10, 1, 150.0), ("out", "23.61", "RU-SPE", 10, 1, 99.0)]
    )
    measures = [
        _measure("cl", requires_cluster_member=True),
        _measure("frp", min_investment=100.0),
    ]
    out = _check(enterprises, finances, measures, members=["in"]).set_index(
        ["enterprise_id", "measure_id"]
    )
    assert out.loc[("in", "cl"), "eligible"]
    assert not out.loc[("out", "cl"), "eligible"]
    assert out.loc[("out", "cl"), "reasons"] == "not a member of a registered industrial cluster"
    assert out.loc[("in", "frp"), "eligible"]
    assert out.loc[("out", "frp"), "reasons"] == "investment in 2024 99 < 100 mln RUB (minimum)"
    # nobody is a member when the membership list is not given
    assert not _check(enterprises, finances, measures)["eligible"].iloc[0]
    # an explicit project investment replaces the firm's yearly investment
    proj = _check(
        enterprises, finances, measures, project_investment=pd.Series({"in": 50.0, "out": 120.0})
    ).set_index(["enterprise_id", "measure_id"])
    assert not proj.loc[("in", "frp"), "eligible"]
    assert proj.loc[("in", "frp"), "reasons"] == "project investment 50 < 100 mln RUB (minimum)"
    assert proj.loc[("out", "frp"), "eligible"]


def test_missing_finances_fail_with_a_reason():
    enterprises, finances = _firms([("a", "23.61", "RU-SPE", 10, 1, 0)])
    enterprises = pd.concat(
        [
            enterprises,
            pd.DataFrame([{"enterprise_id": "b", "okved": "23.61", "region_id": "RU-SPE"}]),
        ]
    )
    out = _check(enterprises, finances, [SME]).set_index("enterprise_id")
    assert out.loc["a", "eligible"]
    assert not out.loc["b", "eligible"]
    assert "employees unknown in 2024" in out.loc["b", "reasons"]
    assert "revenue unknown in 2024" in out.loc["b", "reasons"]


def test_min_employees_bound_is_inclusive():
    enterprises, finances = _firms(
        [("a", "23.61", "RU-SPE", 10, 1, 0), ("b", "23.61", "RU-SPE", 9, 1, 0)]
    )
    out = _check(enterprises, finances, [_measure(min_employees=10.0)]).set_index("enterprise_id")
    assert out["eligible"].to_dict() == {"a": True, "b": False}
    assert out.loc["b", "reasons"] == "employees 9 < 10 (minimum)"


def test_matches_a_row_by_row_check():
    """The vectorised table equals a plain loop over pairs on random firms."""
    rng = np.random.default_rng(3)
    n = 300
    codes = np.array(["23.51", "23.61", "08.12", "46.73", "41", "16.10", "2"])
    regs = np.array(["RU-SPE", "LEN-KING", "LEN-VYBO"])
    rows = [
        (f"e{i}", rng.choice(codes), rng.choice(regs), float(rng.integers(1, 600)),
         float(rng.uniform(1, 4000)), float(rng.uniform(0, 300)))
        for i in range(n)
    ]  # fmt: skip
    enterprises, finances = _firms(rows)
    members = {f"e{i}" for i in range(0, n, 3)}
    measures = [
        SME,
        _measure("ind", okved_prefixes="23|08", min_investment=100.0),
        _measure("cl", requires_cluster_member=True, min_employees=50.0, regions="RU-SPE"),
    ]
    out = _check(enterprises, finances, measures, members=members)
    out = out.set_index(["enterprise_id", "measure_id"]).loc[
        [(i, m["measure_id"]) for i, *_ in rows for m in measures]
    ]
    expected = []
    for i, okved, region, emp, rev, inv in rows:
        expected += [
            emp <= 250 and rev <= 2000,
            (okved == "23" or okved.startswith("23.") or okved.startswith("08.")) and inv >= 100,
            i in members and emp >= 50 and region == "RU-SPE",
        ]
    assert out["eligible"].tolist() == expected
    assert (out["eligible"] == (out["reasons"] == "")).all()


@st.composite
def _case(draw):
    n = draw(st.integers(1, 12))
    firms = [
        (
            f"e{i}",
            draw(st.sampled_from(["23.51", "23.61", "08.12", "46.73", "41"])),
            draw(st.sampled_from(["RU-SPE", "LEN-KING", "LEN-VYBO"])),
            float(draw(st.integers(0, 500))),
            float(draw(st.integers(0, 4000))),
            float(draw(st.integers(0, 400))),
        )
        for i in range(n)
    ]
    measure = _measure(
        "M",
        okved_prefixes=draw(st.sampled_from([None, "23", "23|08", "46.73", "2"])),
        min_employees=draw(st.sampled_from([np.nan, 10.0, 100.0])),
        max_employees=draw(st.sampled_from([np.nan, 100.0, 250.0])),
        max_revenue=draw(st.sampled_from([np.nan, 800.0, 2000.0])),
        min_investment=draw(st.sampled_from([np.nan, 50.0, 200.0])),
        requires_cluster_member=draw(st.booleans()),
        regions=draw(st.sampled_from([None, "RU-SPE", "LEN-KING|LEN-VYBO"])),
    )
    members = draw(st.sets(st.sampled_from([f"e{i}" for i in range(n)])))
    relax = draw(
        st.sampled_from(
            ["okved", "min_employees", "max_employees", "max_revenue", "min_investment",
             "member", "regions"]
        )
    )  # fmt: skip
    return firms, measure, members, relax


def _relaxed(measure: dict, what: str) -> dict:
    out = dict(measure)
    if what == "okved":
        out["okved_prefixes"] = (
            None if out["okved_prefixes"] is None else (out["okved_prefixes"] + "|46|41")
        )
    elif what == "min_employees":
        out["min_employees"] = np.nan
    elif what == "max_employees":
        out["max_employees"] = out["max_employees"] * 2
    elif what == "max_revenue":
        out["max_revenue"] = np.nan
    elif what == "min_investment":
        out["min_investment"] = out["min_investment"] / 2
    elif what == "member":
        out["requires_cluster_member"] = False
    elif what == "regions":
        out["regions"] = None if out["regions"] is None else out["regions"] + "|LEN-GATC|RU-SPE"
    return out


@settings(max_examples=150, deadline=None)
@given(_case())
def test_relaxing_a_condition_never_removes_eligibility(drawn):
    firms, measure, members, relax = drawn
    enterprises, finances = _firms(firms)
    before = _check(enterprises, finances, [measure], members=members)
    after = _check(enterprises, finances, [_relaxed(measure, relax)], members=members)
    assert not (before["eligible"] & ~after["eligible"]).any()
    # and a relaxed condition never adds a failed condition
    assert (after["failed"] <= before["failed"]).all()
