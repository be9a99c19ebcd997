"""KPI progress and traffic lights; the self-assessment; the bill of materials; slots."""

from __future__ import annotations

import math
from datetime import datetime

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from regiocluster.programme import (
    AREAS,
    INDICATORS,
    MAX_SLOTS,
    ProgrammeError,
    bom_compare,
    bom_summary,
    booking_slots,
    kpi_progress,
    kpi_table,
    self_assessment,
    traffic_light,
)


def test_progress_for_rising_and_falling_targets():
    assert kpi_progress(baseline=10, target=20, actual=15) == 0.5
    # a falling indicator (import share from 40 % to 20 %): 30 % is half way
    assert kpi_progress(baseline=40, target=20, actual=30) == 0.5
    assert kpi_progress(baseline=40, target=20, actual=None) is None
    with pytest.raises(ProgrammeError, match="target must be a finite number"):
        kpi_progress(baseline=1, target=float("inf"), actual=1)


def test_traffic_lights():
    assert traffic_light(baseline=0, target=100, actual=100).colour == "green"
    assert traffic_light(baseline=0, target=100, actual=85).colour == "amber"
    assert traffic_light(baseline=0, target=100, actual=50).colour == "red"
    # half way through the period, half way to target is on track
    assert traffic_light(baseline=0, target=100, actual=50, expected=0.5).colour == "green"
    assert traffic_light(baseline=0, target=100, actual=None).colour == "grey"
    table = kpi_table(
        pd.DataFrame(
            {"kpi": ["a", "b"], "period": [2025, 2025], "baseline": [0, 40],
             "target": [10, 20], "actual": [12, float("nan")]}
        )
    )  # fmt: skip
    assert list(table["light"]) == ["green", "grey"]


@given(st.floats(-1e6, 1e6), st.floats(-1e6, 1e6), st.floats(-1e6, 1e6), st.floats(0, 1))
def test_light_is_monotone_in_the_actual(baseline, target, actual, expected):
    """Moving the actual towards the target never makes the light worse."""
    if abs(target - baseline) < 1e-6:
        return
    order = {"red": 0, "amber": 1, "green": 2}
    better = actual + (target - baseline) * 0.1
    a = traffic_light(baseline=baseline, target=target, actual=actual, expected=expected)
    b = traffic_light(baseline=baseline, target=target, actual=better, expected=expected)
    assert order[b.colour] >= order[a.colour]


def test_self_assessment_has_six_areas_of_six_indicators():
    assert len(INDICATORS) == 36
    assert set(AREAS) == {
        "structure", "governance", "financing", "services", "cooperation", "recognition"
    }  # fmt: skip
    answers = {k: 4 for k in INDICATORS if k.startswith("structure")}
    answers.update({k: 2 for k in INDICATORS if k.startswith("financing")})
    result = self_assessment(answers, management_fte=0.4, members=20, member_types=3, website=True)
    areas = result.frames["areas"].set_index("area")
    assert areas.loc["structure", "percent"] == 100.0
    assert areas.loc["financing", "percent"] == 50.0
    assert math.isnan(areas.loc["services", "percent"])
    assert result.overall == 75.0
    # ECCP needs at least 0.5 FTE of cluster management
    assert not result.eligible
    elig = result.frames["eligibility"].set_index("criterion")["met"]
    assert not elig["management_fte"] and elig["members"]


def test_self_assessment_refuses_bad_answers():
    with pytest.raises(ProgrammeError, match="unknown indicator 'structure.7'"):
        self_assessment({"structure.7": 1}, management_fte=1, members=1, member_types=1,
                        website=True)  # fmt: skip
    with pytest.raises(ProgrammeError, match="'governance.1': score must be one of"):
        self_assessment({"governance.1": 9}, management_fte=1, members=1, member_types=1,
                        website=True)  # fmt: skip


def _bom(**changes):
    frame = pd.DataFrame(
        {
            "item": ["cement", "blocks", "windows"],
            "quantity": [20.0, 300.0, 12.0],
            "unit": ["t", "m3", "pcs"],
            "unit_price": [6000.0, 5000.0, 25000.0],
            "supplier": ["F001", "F002", ""],
            "cluster_made": [True, True, False],
            "imported": [False, False, True],
        }
    )
    return frame.assign(**changes)


def test_bom_summary_by_cost():
    result = bom_summary(_bom())
    # 120 000 + 1 500 000 + 300 000
    assert result.cost == 1_920_000.0
    assert result.cluster_share == pytest.approx(100 * 1_620_000 / 1_920_000)
    assert result.imported_share == pytest.approx(100 * 300_000 / 1_920_000)
    assert result.cluster_share + result.imported_share <= 100.0
    assert list(result.frames["suppliers"]["supplier"]) == ["F002", "F001"]
    with pytest.raises(ProgrammeError, match="'windows': cannot be both"):
        bom_summary(_bom(cluster_made=[True, True, True]))
    with pytest.raises(ProgrammeError, match="'cement': quantity must be a non-negative"):
        bom_summary(_bom(quantity=[-1.0, 1.0, 1.0]))


def test_bom_compare_versions():
    new = _bom().iloc[[0, 1]].assign(quantity=[25.0, 300.0])
    new = pd.concat([new, _bom().iloc[[0]].assign(item="sand", unit_price=900.0)])
    table = bom_compare(_bom(), new).set_index("item")
    assert table.loc["cement", "change"] == "changed"
    assert table.loc["cement", "cost_change"] == 5 * 6000.0
    assert table.loc["blocks", "change"] == "same"
    assert table.loc["windows", "change"] == "removed"
    assert table.loc["sand", "change"] == "added"


def test_booking_slots():
    slots = booking_slots(datetime(2026, 5, 4, 9, 0), datetime(2026, 5, 4, 11, 0))
    assert slots == [datetime(2026, 5, 4, 9, 0), datetime(2026, 5, 4, 9, 30),
                     datetime(2026, 5, 4, 10, 0), datetime(2026, 5, 4, 10, 30)]  # fmt: skip
    with pytest.raises(ProgrammeError, match="09:10 is not on a 30-minute boundary"):
        booking_slots(datetime(2026, 5, 4, 9, 10), datetime(2026, 5, 4, 11, 0))
    with pytest.raises(ProgrammeError, match="not after its start"):
        booking_slots(datetime(2026, 5, 4, 9, 0), datetime(2026, 5, 4, 9, 0))
    with pytest.raises(ProgrammeError, match="longer than"):
        booking_slots(datetime(2026, 1, 1), datetime(2026, 3, 1))
    assert MAX_SLOTS == 672
