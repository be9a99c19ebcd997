"""Computed indicators: by hand on the fixture case, and the same as the structure analysis."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from regiocluster import load_case
from regiocluster.enterprises import case_members
from regiocluster.programme import COMPUTED, cluster_indicators

FIXTURE = Path(__file__).resolve().parents[1] / "portal" / "fixture_case"


def _rows(name):
    with open(FIXTURE / f"{name}.csv", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_indicators_by_hand_on_the_fixture_case():
    case = load_case(FIXTURE)
    members = set(case_members(case)["enterprise_id"])
    result = cluster_indicators(case)
    assert result.year == 2021
    fin = {r["enterprise_id"]: r for r in _rows("enterprise_finances") if r["year"] == "2021"}
    fin_2020 = {r["enterprise_id"]: r for r in _rows("enterprise_finances") if r["year"] == "2020"}
    inside = [
        r
        for r in _rows("supply_links")
        if r["year"] == "2021" and r["supplier_id"] in members and r["buyer_id"] in members
    ]
    purchases = sum(float(fin[m]["purchases"]) for m in members)
    revenue = sum(float(fin[m]["revenue"]) for m in members)
    bought = sum(float(r["value"]) for r in inside)
    assert result.figure("members").value == len(members)
    assert result.figure("functional_dependence").value == pytest.approx(100 * bought / purchases)
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
def test_indicators_on_the_embedded_case_agree_with_the_structure_analysis():
    from regiocluster.mapping.structure import cluster_structure

    case = load_case("leningrad")
    result = cluster_indicators(case)
    structure = cluster_structure(case, year=result.year, n_null=1)
    assert result.figure("functional_dependence").value == pytest.approx(
        100 * structure.decree_779.functional_dependence
    )
    assert result.figure("members").value == structure.decree_779.members
    for key in ("functional_dependence", "internal_sales_share"):
        assert 0 <= result.figure(key).value <= 100
    assert result.figure("investment").value > 0
    assert result.figure("import_substitution").value >= 0
