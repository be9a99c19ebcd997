"""The market outlook, CLI and report section on the embedded case."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from regiocluster.market import AGGLOMERATION


@pytest.fixture(scope="module")
def section(case):
    from regiocluster.report.sections.market import market_section

    return market_section(case)


def test_section_covers_every_product_scenario_and_the_gap(case, section):
    html = section.html
    products = case["products"]
    balanced = set(case["market_balances"]["product_id"])
    for name in products.loc[products["product_id"].isin(balanced), "name_en"]:
        assert f"{name}: demand" in html
    assert "Capacity gap" in html and "kg per head" in html
    assert "<script src" not in html
    demand = pd.read_csv(io.BytesIO(section.assets["market/demand.csv"]))
    assert set(demand["product_id"]) == balanced
    assert set(demand["scenario"]) == {"base", "optimistic", "pessimistic"}
    assert demand["year"].max() == 2035
    # every forecast row carries ordered intervals
    cols = ["lo_95", "lo_80", "demand", "hi_80", "hi_95"]
    assert (np.diff(demand[cols].to_numpy(), axis=1) >= -1e-6).all()
    assert (demand["region_id"] == AGGLOMERATION).all()


def test_section_escapes_case_text(case):
    from dataclasses import replace

    from regiocluster.report.sections.market import market_section

    products = case["products"].copy()
    products.loc[products["product_id"] == "lime", "name_en"] = "<script>alert(1)</script>"
    tables = dict(case.tables)
    tables["products"] = products
    html = market_section(replace(case, tables=tables)).html
    assert "<script>alert(1)</script>" not in html


def test_cli_forecast_prints_the_table():
    from regiocluster.cli import app

    result = CliRunner().invoke(
        app, ["market", "forecast", "leningrad", "--product", "cement", "--scenario", "base"]
    )
    assert result.exit_code == 0, result.output
    for year in range(2025, 2036):
        assert str(year) in result.output
    assert "cement demand" in result.output and "gap" in result.output


def test_cli_balance_closes(case):
    from regiocluster.cli import app

    result = CliRunner().invoke(
        app, ["market", "balance", "leningrad", "-p", "cement", "-y", "2024", "-r", "RU"]
    )
    assert result.exit_code == 0, result.output
    row = case["market_balances"].query(
        "product_id == 'cement' and region_id == 'RU' and year == 2024"
    )
    assert f"{row['consumption'].iloc[0] / 1000:,.0f}" in result.output


def test_cli_user_scenario_scales_the_drivers(case):
    from regiocluster.market import outlook, user_scenario

    drivers = user_scenario(case["demand_drivers"], "user", scale={"housing_m2": 1.2})
    result = outlook(case, products=["aerated_blocks"], scenarios=["base", "user"], drivers=drivers)
    d = result.demand.pivot(index="year", columns="scenario", values="driver_part")
    # the driver part is linear in the drivers: housing × 1.2 → driver part × 1.2
    # (aerated blocks depend on housing only)
    np.testing.assert_allclose(d["user"], 1.2 * d["base"], rtol=1e-9)
