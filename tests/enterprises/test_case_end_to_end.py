"""The enterprise analyses, CLI and report section on the embedded case.

Expected figures are computed here from the raw case tables, independently
of the package's functions.
"""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from regiocluster.cli import app

WIDE = {"COLUMNS": "240", "NO_COLOR": "1", "TERM": "dumb"}


@pytest.fixture(scope="module")
def case():
    from regiocluster import load_case

    return load_case("leningrad")


@pytest.fixture(scope="module")
def raw(case):
    t = case.tables
    firms = t["enterprises"]
    inside = firms["region_id"].eq("RU-SPE") | firms["region_id"].str.startswith("LEN-")
    last = int(t["enterprise_finances"]["year"].max())
    fin = t["enterprise_finances"][t["enterprise_finances"]["year"] == last]
    fin = fin.set_index("enterprise_id")
    return {"firms": firms[inside], "fin": fin, "year": last, "tables": t}


@pytest.fixture(scope="module")
def sme_count(raw):
    fin = raw["fin"].reindex(raw["firms"]["enterprise_id"])
    return int(((fin["employees"] <= 250) & (fin["revenue"] <= 2000)).sum())


def _run(*args: str) -> str:
    result = CliRunner().invoke(app, ["enterprises", *args], env=WIDE)
    assert result.exit_code == 0, result.output
    return result.output


def _row(output: str, key: str) -> str:
    return next(line for line in output.splitlines() if f" {key} " in line)


def test_sme_measures_count_members_within_the_legal_ceilings(case, raw, sme_count):
    from regiocluster.enterprises import case_eligibility, case_members

    # every organisation of the embedded case in the territory is a member
    assert set(case_members(case)["enterprise_id"]) == set(raw["firms"]["enterprise_id"])
    summary = case_eligibility(case).summary.set_index("measure_id")
    sme = raw["tables"]["support_measures"]
    sme = sme[(sme["max_employees"] == 250) & (sme["max_revenue"] == 2000) & sme["regions"].isna()]
    assert len(sme) >= 3
    for measure in sme["measure_id"]:
        assert summary.loc[measure, "eligible"] == sme_count
    assert 0 < sme_count < len(raw["firms"])
    output = _run("support", "leningrad")
    for measure in sme["measure_id"]:
        assert f" {sme_count} " in _row(output, measure)
    assert "synthetic" in output


def test_one_enterprise_sees_its_failed_conditions(raw):
    fin = raw["fin"].reindex(raw["firms"]["enterprise_id"])
    big = fin[fin["employees"] > 250].index[0]
    output = _run("support", "leningrad", "--enterprise", big)
    assert f"employees {fin.loc[big, 'employees']:.0f} > 250 (SME ceiling)" in output
    spb = raw["firms"].set_index("enterprise_id")["region_id"].eq("RU-SPE")
    if spb[big]:
        assert "region RU-SPE not in LEN-KING" in output


def test_scorecard_ranks_worn_plants(case, raw):
    from regiocluster.enterprises import case_modernisation

    output = _run("scorecard", "leningrad", "--limit", "5")
    needs = case_modernisation(case)
    top = needs.iloc[0]
    # the top plant's wear from the raw table, and the reasons name it
    wear = raw["fin"].loc[top["enterprise_id"], "fixed_assets_wear"]
    assert top["asset_wear"] == wear
    assert top["enterprise_id"] in output
    if wear >= 0.6:
        assert f"fixed-asset wear {wear:.0%}" in top["reasons"]
    # every ranked plant has capacity in the raw table
    products = raw["tables"]["enterprise_products"]
    assert set(needs["enterprise_id"]) <= set(products["enterprise_id"])
    # one enterprise's card: value added per employee from the raw finances
    firm = top["enterprise_id"]
    card = _run("scorecard", "leningrad", "--enterprise", firm)
    f = raw["fin"].loc[firm]
    assert f"{(f['revenue'] - f['purchases']) / f['employees']:.3f}" in _row(card, str(raw["year"]))


def test_project_supply_against_raw_capacity(case, raw):
    from regiocluster.enterprises import case_project_supply

    supply = case_project_supply(case)
    products = raw["tables"]["enterprise_products"]
    products = products[products["enterprise_id"].isin(raw["firms"]["enterprise_id"])]
    year = raw["year"]
    now = products[products["year"] == year]
    free = (now["capacity"] - now["output"]).clip(lower=0).groupby(now["product_id"]).sum()
    needs = raw["tables"]["project_needs"]
    need = needs[needs["year"] == year].groupby("product_id")["quantity"].sum()
    got = supply.by_product[supply.by_product["year"] == year].set_index("product_id")
    for product, quantity in need.items():
        expected = min(quantity, free.get(product, 0.0))
        assert got.loc[product, "allocated"] == pytest.approx(expected, rel=1e-9, abs=1e-6)
    missing = set(need.index) - set(now["product_id"])
    for product in missing:  # nobody in the cluster makes it
        assert got.loc[product, "coverage"] == 0
    output = _run("projects", "leningrad")
    assert "MP-KAD2" in output and "Project needs are synthetic" in output
    by_year = _run("projects", "leningrad", "--year", str(year))
    for product in need.index:
        assert product in by_year


def test_cement_technologies_go_to_cement_makers(raw):
    products = raw["tables"]["enterprise_products"]
    makers = set(
        products[(products["product_id"] == "cement") & (products["capacity"] > 0)]["enterprise_id"]
    ) & set(raw["firms"]["enterprise_id"])
    output = _run("technologies", "leningrad", "--technology", "TECH-DRYK")
    listed = {e for e in makers if e in output}
    assert listed == makers and makers
    table = _run("technologies", "leningrad", "--limit", "30")
    assert "TRL 6 < 7: pilot stage" in table


def test_study_chapters_show_eligibility_and_project_coverage(case, sme_count):
    from regiocluster.report.model import Table
    from regiocluster.report.results import ResultBook
    from regiocluster.report.sections import enterprises as chapters

    book = ResultBook()
    support = chapters.support(case, book)
    assert support.illustrative  # the members and their finances are synthetic
    tables = {b.id: b for b in support.blocks if isinstance(b, Table)}
    measures = tables["support.measures"].frame.set_index("measure_id")
    # the SME loan programme: members within the legal ceilings, counted from the raw tables
    assert int(measures.loc["SM-F-1764", "eligible"]) == sme_count
    coverage = {b.id: b for b in chapters.projects(case, book).blocks if isinstance(b, Table)}
    covered = coverage["projects.coverage"].frame["coverage"]
    assert covered.between(0, 1).all()  # a share of the need, never above the whole
