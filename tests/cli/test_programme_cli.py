"""``regiocluster programme``: the indicators are the core's, the plan's critical path printed."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from regiocluster import load_case
from regiocluster.cli import app
from regiocluster.programme import cluster_indicators

FIXTURE = Path(__file__).resolve().parents[1] / "portal" / "fixture_case"
runner = CliRunner()


def test_indicators_json_equals_the_core():
    result = runner.invoke(app, ["programme", "indicators", str(FIXTURE), "--format", "json"])
    assert result.exit_code == 0, result.output
    printed = json.loads(result.output)
    core = cluster_indicators(load_case(FIXTURE))
    assert printed["year"] == core.year
    assert {f["id"]: f["value"] for f in printed["figures"]} == {
        f.id: f.value for f in core.figures
    }


def test_indicators_bad_year_is_one_line_and_exit_2():
    result = runner.invoke(app, ["programme", "indicators", str(FIXTURE), "--year", "1999"])
    assert result.exit_code == 2
    assert "invalid year 1999" in result.output
    assert "Traceback" not in result.output


def test_plan_prints_the_critical_path():
    result = runner.invoke(app, ["programme", "plan", "--start", "2026-01-01"])
    assert result.exit_code == 0, result.output
    assert "Critical path: P01 → P02 → P03 → P07 → P08" in result.output
    assert "Illustrative" in result.output
    bad = runner.invoke(app, ["programme", "plan", "--start", "soon"])
    assert bad.exit_code == 2 and "not a date" in bad.output
