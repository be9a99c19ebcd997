"""The market outlook, CLI and report section on the embedded case."""

from __future__ import annotations

import numpy as np
import pytest
from typer.testing import CliRunner

from regiocluster.market import AGGLOMERATION


@pytest.fixture(scope="module")
def chapter(case):
    from regiocluster.report.results import ResultBook
    from regiocluster.report.sections import market

    book = ResultBook()
    return market.compose(case, book), book


def test_study_chapter_has_demand_by_scenario_and_the_gap(case, chapter):
    from regiocluster.report.model import Chart, Table

    ch, book = chapter
    result = book.results["market.outlook"]
    demand = result.frames["demand"]
    balanced = set(case["market_balances"]["product_id"])
    assert set(demand["product_id"]) == balanced
    assert set(demand["scenario"]) == {"base", "optimistic", "pessimistic"}
    assert demand["year"].max() == 2035
    cols = ["lo_95", "lo_80", "demand", "hi_80", "hi_95"]
    assert (np.diff(demand[cols].to_numpy(), axis=1) >= -1e-6).all()
    assert (demand["region_id"] == AGGLOMERATION).all()
    charts = [b for b in ch.blocks if isinstance(b, Chart) and b.kind == "line"]
    for chart in charts:  # history plus the three scenarios, each with its interval
        assert len(chart.series) == 4 and all(s.lo is not None for s in chart.series[1:])
    gaps = next(b for b in ch.blocks if isinstance(b, Table) and b.id == "market.gaps")
    assert set(gaps.frame["year"]) == {2030, 2035}


def test_study_escapes_case_text(case):
    from dataclasses import replace

    from regiocluster.report.builder import environment
    from regiocluster.report.i18n import Localizer
    from regiocluster.report.render import chapter_view
    from regiocluster.report.results import ResultBook
    from regiocluster.report.sections import market

    products = case["products"].copy()
    products.loc[products["product_id"] == "lime", "name_en"] = "<script>alert(1)</script>"
    tables = dict(case.tables)
    tables["products"] = products
    ch = market.compose(replace(case, tables=tables), ResultBook())
    view = chapter_view(Localizer("en"), ch, "1", None)
    html = environment("en").get_template("sections/market.html.j2").render(ch=view)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


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
