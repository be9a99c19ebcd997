"""``regiocluster io ...`` renders the core Results: ``--format table|json|csv``."""

from __future__ import annotations

import io
import json

import pandas as pd
import pytest
from typer.testing import CliRunner

from regiocluster.cli import app
from regiocluster.inputoutput.case import impact, multipliers


@pytest.mark.parametrize(
    ("args", "compute"),
    [
        (["io", "multipliers", "leningrad"], lambda c: multipliers(c)),
        (
            ["io", "impact", "leningrad", "--product", "cement", "--capacity", "2000000"],
            lambda c: impact(c, product="cement", capacity=2_000_000),
        ),
        (["io", "impact", "leningrad", "--output", "5"], lambda c: impact(c, output=5.0)),
    ],
)
def test_json_is_the_core_result(case, args, compute):
    result = CliRunner().invoke(app, [*args, "--format", "json"])
    assert result.exit_code == 0, result.output
    shown = json.loads(result.stdout)
    core = compute(case).to_dict()
    assert shown["name"] == core["name"]
    assert shown["figures"] == core["figures"]
    assert shown["frames"] == core["frames"]


def test_csv_is_the_main_frame(case):
    result = CliRunner().invoke(app, ["io", "impact", "leningrad", "--format", "csv"])
    assert result.exit_code == 0, result.output
    frame = pd.read_csv(io.StringIO(result.stdout))
    core = impact(case).frame
    assert list(frame["region_id"]) == list(core["region_id"]) == list(case.territory.regions)
    assert frame["jobs"].to_numpy() == pytest.approx(core["jobs"].to_numpy())


def test_table_keeps_the_readable_form():
    result = CliRunner().invoke(
        app, ["io", "impact", "leningrad", "--product", "cement", "--capacity", "2000000"]
    )
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    assert "Direct jobs at the plant: 350 (capacity and labour productivity)" in text
    multipliers_out = CliRunner().invoke(app, ["io", "multipliers", "leningrad", "-f", "table"])
    assert "CMT" in multipliers_out.output


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["--sector", "XXX"], "IO sector 'XXX'; valid: "),
        (["--product", "unobtainium"], "product 'unobtainium'; valid: "),
        (["--region", "RU-MOW"], "region of the plant 'RU-MOW'; valid: RU-LEN, RU-SPE"),
        (["--capacity", "1000000"], "capacity needs the product"),
    ],
)
def test_a_bad_option_is_one_line_and_exit_2(args, named):
    result = CliRunner().invoke(app, ["io", "impact", "leningrad", *args])
    assert result.exit_code == 2
    assert named in result.output
    assert "Traceback" not in result.output
