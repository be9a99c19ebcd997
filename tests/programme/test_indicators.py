"""Computed indicators: by hand on the fixture case, and the same as the structure analysis."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from regiocluster import load_case
from regiocluster.network.case import decree779
from regiocluster.programme import COMPUTED, cluster_indicators

FIXTURE = Path(__file__).resolve().parents[1] / "portal" / "fixture_case"


def _rows(name):
    with open(FIXTURE / f"{name}.csv", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_indicators_by_hand_on_the_fixture_case():
    case = load_case(FIXTURE)
    members = set(case.members()["enterprise_id"])
    result = cluster_indicators(case)
    assert result.year == case.year == 2021
    fin = {r["enterprise_id"]: r for r in _rows("enterprise_finances") if r["year"] == "2021"}
    fin_2020 = {r["enterprise_id"]: r for r in _rows("enterprise_finances") if r["year"] == "2020"}
    inside = [
        r
        for r in _rows("supply_links")
        if r["year"] == "2021" and r["supplier_id"] in members and r["buyer_id"] in members
    ]
    revenue = sum(float(fin[m]["revenue"]) for m in members)
    bought = sum(float(r["value"]) for r in inside)
    assert bought > 0  # the test must see contracts among members
    assert result.figure("members").value == len(members)
    # functional dependence is Decree 779 as written, the network's one computation
    decree = decree779(case)
    assert result.figure("functional_dependence").value == pytest.approx(
        100 * decree.value("functional_dependence")
    )
    assert result.decree_779.value("compliant") == decree.value("compliant")
    assert result.figure("internal_sales_share").value == pytest.approx(100 * bought / revenue)
    assert result.figure("investment").value == pytest.approx(
        sum(float(fin[m]["investment"]) for m in members)
    )
    assert result.figure("exports").value == pytest.approx(
        sum(float(fin[m]["exports"]) for m in members)
    )
    both = [m for m in members if m in fin_2020]
    assert result.figure("new_jobs").value == pytest.approx(
        sum(float(fin[m]["employees"]) - float(fin_2020[m]["employees"]) for m in both)
    )
    assert result.illustrative
    assert [f.id for f in result.figures] == list(COMPUTED)
    assert "Участники кластера" in result.summary("ru")
    assert result.to_dict()["figures"][0]["id"] == "members"


@pytest.mark.slow
def test_indicators_on_the_embedded_case_agree_with_the_network_results():
    from regiocluster.network.case import cooperation

    case = load_case("leningrad")
    result = cluster_indicators(case)
    assert result.year == case.year
    assert result.figure("functional_dependence").value == pytest.approx(
        100 * decree779(case).value("functional_dependence")
    )
    assert result.figure("members").value == cooperation(case).value("members")
    for key in ("functional_dependence", "internal_sales_share"):
        assert 0 <= result.figure(key).value <= 100
    assert result.figure("investment").value > 0
    assert result.figure("import_substitution").value >= 0
