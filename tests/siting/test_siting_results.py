"""Siting Results: the same numbers in Python, CLI JSON and the ranking itself."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from regiocluster.siting import plant_plan, rank_sites, site_ranking


@pytest.fixture(scope="module")
def case():
    from regiocluster import load_case

    return load_case("leningrad")


def test_ranking_result_matches_the_ranking(case):
    result = site_ranking(case, "cement", draws=50)
    ranking = rank_sites(case, "cement", draws=50)
    assert result.value("top_site") == ranking.eligible.index[0]
    assert result.value("eligible") == len(ranking.eligible)
    assert result.value("top_topsis") == pytest.approx(ranking.eligible["topsis"].iloc[0])
    assert 0.0 <= result.value("top_stability") <= 1.0
    assert result.illustrative  # the site attributes are synthetic
    json.dumps(result.to_dict(), allow_nan=False)


def test_plan_result_and_cli_json_agree(case):
    result = plant_plan(case, "cement", p=2)
    assert result.value("new_sites") == 2
    assert result.value("existing_plants") >= 1
    tonnes = result.frame["tonnes"]
    cost = (tonnes * result.frame["cost_rub_per_t"]).sum()
    assert result.value("cost_per_tonne") == pytest.approx(cost / tonnes.sum())
    output = CliRunner().invoke(
        __import__("regiocluster.cli", fromlist=["app"]).app,
        ["siting", "locate", "leningrad", "--product", "cement", "--p", "2", "--format", "json"],
    )
    assert output.exit_code == 0, output.output
    figures = {f["id"]: f["value"] for f in json.loads(output.output)["figures"]}
    assert figures["cost_per_tonne"] == pytest.approx(result.value("cost_per_tonne"))


def test_cli_rank_json_names_the_top_site(case):
    from regiocluster.cli import app

    output = CliRunner().invoke(
        app,
        ["siting", "rank", "leningrad", "--product", "cement", "--draws", "50", "--format", "json"],
    )
    assert output.exit_code == 0, output.output
    figures = {f["id"]: f["value"] for f in json.loads(output.output)["figures"]}
    assert figures["top_site"] == site_ranking(case, "cement", draws=50).value("top_site")
