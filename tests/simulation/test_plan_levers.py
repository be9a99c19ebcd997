"""A plan of measures maps onto the model's levers by the documented rules (hand-computed)."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from regiocluster.errors import InvalidValueError
from regiocluster.programme.seed import illustrative_plan
from regiocluster.simulation import Levers
from regiocluster.simulation.plan import plan_levers

# simulated years 2025-2034: 10 years, 3652 days
MEASURES = pd.DataFrame(
    [
        ("M1", "infrastructure", "Shared rail siding", "2025-01-01", "2027-01-01", None, None),
        ("M2", "infrastructure", "Renovation", "2026-01-01", "2031-01-01", None, None),
        ("M3", "rnd", "Joint R&D centre with a test site", "2022-01-01", "2029-01-01", None, None),
        ("M4", "support", "Subcontracting exchange", "2025-01-01", "2030-01-01", 120, None),
        ("M5", "support", "Priority imports", "2025-01-01", "2035-01-01", None, 5),
        ("M6", "infrastructure", "Old depot", "2020-01-01", "2022-01-01", None, None),
        ("M7", "training", "College courses", "2025-01-01", "2027-01-01", None, None),
    ],
    columns=["measure_id", "kind", "name_en", "start", "due", "meetings_per_year",
             "import_substitution_pct"],
)  # fmt: skip
BUDGET = pd.DataFrame(
    [
        ("M1", "federal", 200.0),
        ("M1", "own", 100.0),
        ("M2", "support_measure", 500.0),
        ("M2", "own", 250.0),
        ("M6", "regional", 1000.0),
        ("M7", "regional", 40.0),
    ],
    columns=["measure_id", "source", "amount"],
)


def test_hand_made_plan():
    out = plan_levers(MEASURES, BUDGET, start_year=2024, until=2034)
    lv = out.levers
    # M1 300 and M2's own 250 all inside the window, over 10 years; M6 before it
    assert lv.infrastructure_mrub == pytest.approx((300 + 250) / 10)
    # M2's support-measure money is a subsidy to members
    assert lv.support_mrub == pytest.approx(500 / 10)
    # the test site opens 2029-01-01: 2029-2034 of 2025-2034
    days = (date(2035, 1, 1) - date(2025, 1, 1)).days
    assert lv.test_site == pytest.approx((date(2035, 1, 1) - date(2029, 1, 1)).days / days)
    # 120 meetings a year for 2025-2029, 5 % for the whole window
    assert lv.matchmaking_meetings == pytest.approx(
        120 * (date(2030, 1, 1) - date(2025, 1, 1)).days / days
    )
    assert lv.import_substitution_pct == pytest.approx(5.0)
    contributions = out.frames["contributions"]
    assert set(contributions.loc[contributions["lever"] == "", "measure_id"]) == {"M7"}
    assert out.figure("support_mrub").value == pytest.approx(50.0)


def test_a_budget_only_partly_inside_the_window_counts_in_part():
    out = plan_levers(MEASURES, BUDGET, start_year=2025, until=2030)  # 2026-2030
    # M1 runs 2025-2026: half of it (2026) falls inside, 150 over 5 years
    m1 = (date(2027, 1, 1) - date(2026, 1, 1)).days / (date(2027, 1, 1) - date(2025, 1, 1)).days
    assert out.levers.infrastructure_mrub == pytest.approx((300 * m1 + 250) / 5)


def test_the_illustrative_plan_gives_valid_levers():
    plan = illustrative_plan(start=date(2026, 1, 1))
    out = plan_levers(plan.frames["measures"], plan.frames["budget"], start_year=2024)
    assert isinstance(out.levers, Levers)
    # P05 (330) + P06's own 250 are infrastructure, P06's 400 a subsidy, P07 a test site
    assert out.levers.infrastructure_mrub == pytest.approx((330 + 250) / 11)
    assert out.levers.support_mrub == pytest.approx(400 / 11)
    assert 0 < out.levers.test_site < 1


@pytest.mark.parametrize(
    ("change", "what"),
    [
        ({"due": "2020-01-01"}, "dates of measure M1"),
        ({"kind": None}, None),
    ],
)
def test_bad_plans_are_refused_with_the_place(change, what):
    bad = MEASURES.copy()
    for col, value in change.items():
        if value is None:
            bad = bad.drop(columns=col)
        else:
            bad.loc[0, col] = value
    with pytest.raises(InvalidValueError, match=what or "kind"):
        plan_levers(bad, BUDGET, start_year=2024, until=2034)


def test_money_beyond_a_levers_range_names_the_lever():
    huge = pd.concat([BUDGET, pd.DataFrame([("M1", "federal", 1e6)], columns=BUDGET.columns)])
    with pytest.raises(InvalidValueError, match="infrastructure_mrub"):
        plan_levers(MEASURES, huge, start_year=2024, until=2034)
    with pytest.raises(InvalidValueError, match="budget measure"):
        plan_levers(MEASURES, BUDGET.assign(measure_id="X9"), start_year=2024, until=2034)
