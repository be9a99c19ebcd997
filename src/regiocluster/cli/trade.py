"""``regiocluster trade ...``: economic complexity, export potential, import substitution."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import typer
from rich.console import Console

from regiocluster.case.load import Case
from regiocluster.cli._common import load_or_exit, save_csv, show_frame
from regiocluster.trade.overview import TradeOverview, trade_overview

app = typer.Typer(
    help="Economic complexity, export potential and import substitution.",
    no_args_is_help=True,
)
console = Console()


def _load(case: str) -> Case:
    return load_or_exit(case, console)


def _overview(case: str, year: int | None) -> TradeOverview:
    loaded = _load(case)
    try:
        with console.status("Computing ..."):
            return trade_overview(loaded, year=year)
    except (KeyError, ValueError) as exc:
        console.print(f"[red]Cannot run the trade analyses on {case}: {exc}[/red]")
        raise typer.Exit(code=1) from exc


def _cell(value: Any) -> str:
    if isinstance(value, float):
        if pd.isna(value):
            return ""
        return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:,.3f}"
    return "" if value is None else str(value)


def _show(frame: pd.DataFrame, title: str, *, limit: int) -> None:
    show_frame(console, frame, title, limit=limit, cell=_cell)


def _save(frame: pd.DataFrame, out: Path | None) -> None:
    save_csv(console, frame, out)


@app.command("complexity")
def complexity_command(
    case: str = typer.Argument(..., help="Case name or folder."),
    year: int | None = typer.Option(None, help="Year (default: the last)."),
    limit: int = typer.Option(15, help="Rows to show."),
    out: Path | None = typer.Option(None, help="Write the full complexity table to this CSV."),
) -> None:
    """ECI ranking of the world matrix and the country's diversification opportunities."""
    result = _overview(case, year)
    table = result.complexity
    in_year = table[(table["year"] == result.year) & table["mcp"].notna()]
    ranking = (
        in_year.groupby("reporter")
        .agg(eci=("eci", "first"), diversity=("diversity", "first"), coi=("coi", "first"))
        .sort_values("eci", ascending=False)
        .reset_index()
    )
    ranking.insert(0, "rank", range(1, len(ranking) + 1))
    position = ranking.loc[ranking["reporter"] == result.country, "rank"]
    _show(ranking, f"Economic complexity index, {result.year} (synthetic world panel)", limit=limit)
    if len(position):
        console.print(f"{result.country} ranks {int(position.iloc[0])} of {len(ranking)}.")
    opportunities = result.opportunities.assign(
        name=lambda f: f["hs"].map(result.product_names).fillna("")
    )
    _show(
        opportunities[["hs", "name", "density", "pci", "cog", "rca", "score"]],
        f"Diversification opportunities of {result.country} (M = 0, by density, PCI, COG)",
        limit=limit,
    )
    _save(table, out)


@app.command("potential")
def potential_command(
    case: str = typer.Argument(..., help="Case name or folder."),
    year: int | None = typer.Option(None, help="Year (default: the last)."),
    limit: int = typer.Option(20, help="Rows to show."),
    by_market: bool = typer.Option(False, help="Show product × market rows, not product sums."),
    out: Path | None = typer.Option(None, help="Write the product × market table to this CSV."),
) -> None:
    """Export potential of the cluster (ITC method plus freight), with its reasons."""
    result = _overview(case, year)
    potential = result.potential
    if by_market:
        frame = potential.table
    else:
        frame = potential.by_product.assign(
            name=lambda f: f["product"].map(result.product_names).fillna("")
        )[
            [
                "product",
                "name",
                "supply",
                "demand",
                "best_market_ease",
                "best_market_transport_cost",
                "itc_potential",
                "potential",
                "actual",
                "unrealised",
                "untapped_markets",
                "best_market",
                "best_market_mode",
            ]
        ]
    regions = " + ".join(result.cluster_regions)
    _show(frame, f"Export potential of {regions}, {result.year}, thousand US$", limit=limit)
    _save(potential.table, out)


@app.command("substitution")
def substitution_command(
    case: str = typer.Argument(..., help="Case name or folder."),
    year: int | None = typer.Option(None, help="Year (default: the last)."),
    limit: int = typer.Option(20, help="Rows to show."),
    out: Path | None = typer.Option(None, help="Write the candidates to this CSV."),
) -> None:
    """List imports the cluster's spare capacity could replace, by product."""
    result = _overview(case, year)
    frame = result.substitution.candidates
    columns = [
        c
        for c in (
            "product_id",
            "consumption",
            "imports",
            "foreign_imports",
            "import_share",
            "capacity",
            "output",
            "headroom",
            "replaceable",
            "replaceable_foreign",
            "replaceable_value",
        )
        if c in frame
    ]
    regions = " + ".join(result.cluster_regions)
    _show(
        frame[columns],
        f"Import substitution, {regions}, {result.substitution.year} (product units; value RUB)",
        limit=limit,
    )
    _save(frame, out)
