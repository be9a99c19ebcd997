"""The needs analyses on the embedded case and through the CLI."""

import json
import re

import pandas as pd
import pytest
from typer.testing import CliRunner

import regiocluster.needs as needs
from regiocluster.cli import app
from regiocluster.errors import InvalidValueError
from regiocluster.geo import great_circle_km


@pytest.fixture(scope="module")
def case():
    from regiocluster import load_case

    return load_case("leningrad")


def test_international_table_is_complete_and_sourced(case):
    table = case.tables["support_programmes_international"]
    assert len(table) >= 12
    assert table["country"].nunique() >= 6
    assert not (table.astype(str).apply(lambda c: c.str.strip() == "")).any().any()
    assert table["source_url"].str.match(r"https?://").all()
    assert table["date_read"].str.match(r"\d{4}-\d\d-\d\d$").all()


def test_every_new_enterprise_names_gap_site_raw_material_and_support(case):
    result = needs.new_enterprises(case)
    plants = result.frames["plants"]
    assert len(plants) > 0
    assert (plants["need"] > 0).all() and (plants["capacity"] > 0).all()
    assert plants["site_id"].notna().all()
    deposits = case.tables["deposits"].set_index("deposit_id")
    dep = deposits.loc[plants["deposit_id"]]
    sites = case.tables["sites"].set_index("site_id").loc[plants["site_id"]]
    km = great_circle_km(
        sites["lon"].to_numpy(),
        sites["lat"].to_numpy(),
        dep["lon"].to_numpy(),
        dep["lat"].to_numpy(),
    )
    assert (km <= 50.0 + 1e-9).all()
    raw = case.tables["products"].set_index("product_id")["raw_material"]
    assert (dep["mineral"].to_numpy() == raw.loc[plants["product_id"]].to_numpy()).all()
    assert plants["support_measures"].str.len().gt(0).all()


def test_every_infrastructure_gap_names_beneficiaries(case):
    projects = needs.infrastructure_needs(case).frame
    assert len(projects) > 0
    assert (projects["n_beneficiaries"] >= 1).all()
    assert projects["beneficiaries"].str.strip().str.len().gt(0).all()


@pytest.mark.parametrize(
    "compute",
    [
        needs.product_needs,
        needs.technology_needs,
        needs.international_experience,
        needs.innovation_gaps,
        needs.small_tech_companies,
    ],
)
def test_results_speak_both_languages_and_carry_provenance(case, compute):
    result = compute(case)
    assert result.summary("en") and re.search("[а-я]", result.summary("ru"))
    data = json.loads(json.dumps(result.to_dict()))
    assert data["figures"] and data["provenance"]["inputs"]


def test_shares_are_shares(case):
    frame = needs.product_needs(case).frame
    assert frame["need_share"].between(0, 1).all()
    assert (frame["replaceable_now"] <= frame["imports"] + 1e-9).all()


def test_case_without_the_tables_gets_a_clear_error(case):
    from dataclasses import replace

    bare = replace(
        case,
        tables={k: v for k, v in case.tables.items() if k != "support_programmes_international"},
    )
    with pytest.raises(InvalidValueError, match="support_programmes_international"):
        needs.international_experience(bare)


def test_cli_json_is_the_result(case):
    out = CliRunner().invoke(app, ["needs", "international", "leningrad", "--format", "json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    expected = needs.international_experience(case).to_dict()
    assert data["figures"] == expected["figures"]
    csv = CliRunner().invoke(app, ["needs", "small-tech", "leningrad", "--format", "csv"])
    assert csv.exit_code == 0
    assert len(pd.read_csv(__import__("io").StringIO(csv.output))) == len(
        needs.small_tech_companies(case).frame
    )
