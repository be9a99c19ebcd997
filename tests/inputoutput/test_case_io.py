"""Input-output on the embedded case: the national table, the two-region model, the CLI."""

from __future__ import annotations

import numpy as np
import pytest
from typer.testing import CliRunner

from regiocluster.inputoutput import leontief_inverse, national_table
from regiocluster.inputoutput.impact import interregional_flows, plant_impact, two_region_model


@pytest.fixture(scope="module")
def case():
    from regiocluster import load_case

    return load_case("leningrad")


def test_national_table_is_balanced(case):
    table = national_table(case)
    # Column totals (intermediate + primary inputs) equal row totals (gross output),
    # up to the table's rounding to 0.1 bn rub.
    inputs = table.Z.sum(axis=0) + table.primary_inputs.sum(axis=0)
    assert inputs.to_numpy() == pytest.approx(table.x.to_numpy(), abs=0.5)
    L = leontief_inverse(table.A)
    assert (np.eye(len(L)) - table.A.to_numpy()) @ L.to_numpy() == pytest.approx(
        np.eye(len(L)), abs=1e-9
    )


def test_two_region_model_reproduces_national_purchases_at_most(case):
    model = two_region_model(case)
    n = len(model.A)
    block = model.A_.to_numpy()
    for start in (0, n):
        bought = block[:n, start : start + n] + block[n:, start : start + n]
        assert (bought <= model.A.to_numpy() + 1e-12).all()


def test_plant_impact_in_both_regions(case):
    result = plant_impact(case, sector="CMT", output=5.0)
    output = result.impact.output
    assert set(output.index) == {"RU-LEN", "RU-SPE"}
    assert output.loc["RU-LEN", "CMT"] >= 5.0
    assert output.loc["RU-SPE"].sum() > 0  # spill-over into St. Petersburg
    assert 1.0 <= result.impact.output_multiplier <= result.national_multiplier


def test_interregional_flows_add_up_to_the_links(case):
    flows = interregional_flows(case)
    links = case.tables["supply_links"]
    year = flows.attrs["year"]
    assert flows["value"].sum() <= links[links["year"] == year]["value"].sum() + 1e-6
    assert {"RU-LEN", "RU-SPE"} <= set(flows["from_region"])


def test_cli_io_impact_and_multipliers():
    from regiocluster.cli import app

    runner = CliRunner()
    result = runner.invoke(app, ["io", "impact", "leningrad", "--output", "5"])
    assert result.exit_code == 0, result.output
    assert "RU-SPE" in result.output
    result = runner.invoke(app, ["io", "multipliers", "leningrad"])
    assert result.exit_code == 0, result.output
    assert "CMT" in result.output
    result = runner.invoke(app, ["io", "impact", "leningrad", "--sector", "XXX"])
    assert result.exit_code == 2  # a user's mistake: one line naming the valid sectors
