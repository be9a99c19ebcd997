"""Plan of measures: the critical path against a published answer, status, budgets."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from regiocluster.programme import (
    ProgrammeError,
    budget_rollup,
    critical_path,
    illustrative_plan,
    plan_status,
)

# Hillier & Lieberman, Introduction to Operations Research: the Reliable
# Construction Co. project (weeks); critical path A-B-C-E-F-J-L-N, 44 weeks.
RELIABLE = {
    "A": (2, ""),
    "B": (4, "A"),
    "C": (10, "B"),
    "D": (6, "C"),
    "E": (4, "C"),
    "F": (5, "E"),
    "G": (7, "D"),
    "H": (9, "EG"),
    "I": (7, "C"),
    "J": (8, "FI"),
    "K": (4, "J"),
    "L": (5, "J"),
    "M": (2, "H"),
    "N": (6, "KL"),
}
PUBLISHED_SLACK = {
    "A": 0, "B": 0, "C": 0, "D": 4, "E": 0, "F": 0, "G": 4,
    "H": 4, "I": 2, "J": 0, "K": 1, "L": 0, "M": 4, "N": 0,
}  # fmt: skip


def _reliable():
    durations = {k: v[0] for k, v in RELIABLE.items()}
    deps = [(k, p) for k, (_, before) in RELIABLE.items() for p in before]
    return durations, deps


def test_critical_path_matches_the_textbook():
    result = critical_path(*_reliable())
    assert result.length == 44
    assert result.path == tuple("ABCEFJLN")
    slack = result.frames["schedule"]["slack"].to_dict()
    assert slack == PUBLISHED_SLACK
    assert result.frames["schedule"].loc["N", "early_finish"] == 44


def test_critical_path_refuses_a_cycle_and_names_it():
    with pytest.raises(ProgrammeError, match="cycle: .*A.*B"):
        critical_path({"A": 1, "B": 2}, [("A", "B"), ("B", "A")])
    with pytest.raises(ProgrammeError, match="unknown measure 'Z'"):
        critical_path({"A": 1}, [("A", "Z")])
    with pytest.raises(ProgrammeError, match="non-negative"):
        critical_path({"A": -1}, [])


def _measures():
    return pd.DataFrame(
        [
            ("M1", date(2026, 1, 1), date(2026, 3, 1), "in_progress", 0.5),
            ("M2", date(2026, 2, 1), date(2026, 6, 1), "planned", 0.0),
            ("M3", date(2026, 1, 1), date(2026, 12, 31), "in_progress", 0.05),
            ("M4", date(2026, 1, 1), date(2026, 2, 1), "done", 1.0),
            ("M5", date(2026, 1, 1), date(2026, 12, 31), "in_progress", 0.3),
        ],
        columns=["measure_id", "start", "due", "status", "progress"],
    )


def test_plan_status_marks_overdue_and_at_risk():
    status = plan_status(_measures(), [("M2", "M1")], today=date(2026, 7, 1))
    # M1 is past its due date and not done; M2 too; M4 is done.
    assert status.overdue == ("M1", "M2")
    # M3 has 5 % done after half its time; M5 30 % is within the tolerance.
    assert status.at_risk == ("M3",)
    early = plan_status(_measures(), [("M2", "M1")], today=date(2026, 2, 15))
    reasons = early.frames["measures"].set_index("measure_id")["reason"]
    assert early.overdue == ()
    # M1 (due 1 March) finishes after M2 (start 1 February) must start
    assert reasons["M2"] == "late_dependency"
    assert reasons["M5"] == ""


def test_plan_status_refuses_due_before_start():
    bad = _measures()
    bad.loc[0, "due"] = date(2025, 1, 1)
    with pytest.raises(ProgrammeError, match="'M1': due date before start"):
        plan_status(bad, today=date(2026, 1, 1))


def test_budget_rollup_sums_by_source():
    lines = pd.DataFrame(
        {
            "measure_id": ["A", "A", "B", "B"],
            "source": ["federal", "own", "own", "own"],
            "amount": [10.0, 2.5, 1.0, 0.5],
        }
    )
    table = budget_rollup(lines)
    assert table.loc["A", "total"] == 12.5
    assert table.loc["B", "own"] == 1.5
    assert table.loc["total", "federal"] == 10.0
    assert table.loc["total", "total"] == 14.0
    with pytest.raises(ProgrammeError, match="non-negative"):
        budget_rollup(lines.assign(amount=[1, -2, 3, 4]))


def test_illustrative_plan_is_labelled_and_consistent():
    plan = illustrative_plan(start=date(2026, 3, 15))
    assert plan.illustrative
    measures = plan.frames["measures"]
    assert set(measures["kind"]) == {
        "organisational", "infrastructure", "rnd", "promotion", "training", "support"
    }  # fmt: skip
    assert (measures["due"] > measures["start"]).all()
    deps = plan.frames["dependencies"]
    starts = measures.set_index("measure_id")["start"]
    dues = measures.set_index("measure_id")["due"]
    # every measure starts when the measures it depends on are due, so none starts at risk
    assert all(
        starts[a] >= dues[b] for a, b in zip(deps["measure_id"], deps["depends_on"], strict=True)
    )
    status = plan_status(
        measures.assign(status="planned"),
        zip(deps["measure_id"], deps["depends_on"], strict=True),
        today=date(2026, 3, 1),
    )
    assert status.at_risk == () and status.overdue == ()
    durations = {m: (dues[m] - starts[m]).days for m in measures["measure_id"]}
    cpm = critical_path(durations, zip(deps["measure_id"], deps["depends_on"], strict=True))
    assert cpm.path[0] == "P01"
    assert budget_rollup(plan.frames["budget"]).loc["total", "total"] > 0
