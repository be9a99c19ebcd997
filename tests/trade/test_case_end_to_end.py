"""The trade analyses, CLI and report section on the embedded case."""

from __future__ import annotations

import numpy as np
import pytest
from typer.testing import CliRunner

from regiocluster.cli import app

WIDE = {"COLUMNS": "220", "NO_COLOR": "1", "TERM": "dumb"}


@pytest.fixture(scope="module")
def case():
    from regiocluster import load_case

    return load_case("leningrad")


@pytest.fixture(scope="module")
def overview(case):
    from regiocluster.trade.overview import trade_overview

    return trade_overview(case)


def test_world_panel_complexity_keeps_its_identities(overview) -> None:
    table = overview.complexity.dropna(subset=["mcp"])
    for _, year in table.groupby("year"):
        eci = year.groupby("reporter")["eci"].first()
        np.testing.assert_allclose([eci.mean(), eci.std(ddof=0)], [0.0, 1.0], atol=1e-9)
        present = year[year["mcp"] == 1].groupby("reporter")["pci"].mean()
        np.testing.assert_allclose(present, eci.loc[present.index], atol=1e-9)
    assert overview.country == "RUS"


def test_regions_are_counted_once(case, overview) -> None:
    """The regions' exports stay inside Russia's: world totals are those of the countries."""
    regional = overview.regions.regions
    assert set(regional["reporter"]) == set(overview.cluster_regions)
    assert regional["density"].between(0, 1).all()
    world = overview.complexity.dropna(subset=["mcp"])
    assert not set(world["reporter"]) & set(overview.cluster_regions)


def test_potential_ranks_products_with_reasons(overview) -> None:
    ranked = overview.potential.by_product
    reasons = {"supply", "demand", "best_market_ease", "best_market_transport_cost"}
    assert reasons <= set(ranked.columns)
    assert set(ranked["product"]) == set(overview.product_names)
    # ranked by untapped potential by market, each the sum over markets of
    # supply x demand x ease x (1 + freight rate)^-sigma minus actual exports where positive
    untapped = ranked["untapped_markets"]
    assert untapped.is_monotonic_decreasing and untapped.max() > 0
    table = overview.potential.table
    sigma = overview.potential.elasticity
    potential = table.supply * table.demand * table.ease * (1 + table.transport_cost) ** -sigma
    np.testing.assert_allclose(table["potential"], potential, rtol=1e-12)
    by_market = np.maximum(potential - table["actual"], 0).groupby(table["product"]).sum()
    np.testing.assert_allclose(untapped, by_market.loc[ranked["product"]].to_numpy(), rtol=1e-9)
    # the product's own unrealised potential is never positive when actual exceeds potential
    net = (ranked["potential"] - ranked["actual"]).clip(lower=0)
    np.testing.assert_allclose(ranked["unrealised"], net, rtol=1e-12)
    assert (ranked.loc[ranked["actual"] >= ranked["potential"], "unrealised"] == 0).all()
    # Freight weighs on heavy, cheap goods: sand and crushed stone lose most of their potential.
    kept = ranked.set_index("product")
    share = kept["potential"] / kept["itc_potential"]
    assert share.loc["250590"] < share.loc["441233"]
    assert share.loc["251710"] < share.loc["440711"]


def test_substitution_lists_candidates_with_volumes(overview) -> None:
    candidates = overview.substitution.candidates
    positive = candidates[candidates["replaceable"] > 0]
    assert len(positive) >= 5
    assert (positive["replaceable"] <= positive["headroom"] + 1e-6).all()
    assert positive["replaceable_value"].is_monotonic_decreasing


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        ("complexity", "Economic complexity index"),
        ("potential", "Export potential of RU-LEN + RU-SPE"),
        ("substitution", "Import substitution"),
    ],
)
def test_cli(command: str, expected: str) -> None:
    result = CliRunner().invoke(app, ["trade", command, "leningrad", "--limit", "5"], env=WIDE)
    assert result.exit_code == 0, result.output
    assert expected in result.output


def test_cli_writes_csv(tmp_path) -> None:
    out = tmp_path / "potential.csv"
    args = ["trade", "potential", "leningrad", "--out", str(out)]
    result = CliRunner().invoke(app, args, env=WIDE)
    assert result.exit_code == 0, result.output
    import pandas as pd

    table = pd.read_csv(out, dtype={"product": str})
    assert {"supply", "demand", "ease", "transport_cost", "potential", "unrealised"} <= set(
        table.columns
    )


def test_study_shows_export_potential_by_product(case, monkeypatch) -> None:
    from regiocluster.report.model import Table
    from regiocluster.report.results import ResultBook
    from regiocluster.report.sections import members
    from regiocluster.trade.overview import trade_overview

    monkeypatch.setattr(members, "N_NULL", 9)
    chapter = members.compose(case, ResultBook())
    table = next(
        b for b in chapter.blocks if isinstance(b, Table) and b.id.endswith("export_potential")
    )
    expected = trade_overview(case).potential.by_product
    assert len(table.frame) == len(expected)
    assert table.frame["unrealised"].is_monotonic_decreasing
    assert table.frame["unrealised"].max() == pytest.approx(expected["unrealised"].max())
    # products appear by name, never by HS code
    assert all(name.en and not name.en.isdigit() for name in table.frame["name"])
