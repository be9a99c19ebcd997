"""``regiocluster simulate`` through Typer's runner."""

from __future__ import annotations

import io
import json

import pandas as pd
import pytest
from typer.testing import CliRunner

from regiocluster.cli import app

runner = CliRunner()


def test_unknown_scenario_is_one_line_and_exit_2():
    result = runner.invoke(app, ["simulate", "leningrad", "--scenario", "utopia", "--runs", "2"])
    assert result.exit_code == 2
    assert "unknown scenario 'utopia'" in result.output
    assert "base" in result.output and "Traceback" not in result.output


def test_lever_out_of_range_is_refused():
    result = runner.invoke(app, ["simulate", "leningrad", "--test-site", "3"])
    assert result.exit_code == 2
    assert "test_site" in result.output and "Traceback" not in result.output


@pytest.mark.slow
def test_csv_and_json_carry_the_same_quantiles():
    args = ["simulate", "leningrad", "--runs", "20", "--no-sensitivity", "--seed", "3"]
    csv = runner.invoke(app, [*args, "--format", "csv"])
    assert csv.exit_code == 0, csv.output
    table = pd.read_csv(io.StringIO(csv.stdout))
    assert {"year", "indicator", "q05", "q50", "q95"} <= set(table.columns)
    assert table["year"].max() == 2035
    members = table[table["indicator"] == "members"].set_index("year")
    assert members.at[2024, "q50"] == 291
    as_json = runner.invoke(app, [*args, "--format", "json"])
    payload = json.loads(as_json.stdout)
    fan = pd.DataFrame(payload["frames"]["quantiles"])
    pd.testing.assert_series_equal(
        fan["q50"], table["q50"], check_names=False, check_exact=False, rtol=1e-12
    )
