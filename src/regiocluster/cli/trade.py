"""``regiocluster trade ...``: render the Results of :mod:`regiocluster.trade.case`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import typer
from rich.console import Console

from regiocluster.cli._common import (
    Format,
    FormatOption,
    load_or_exit,
    render,
    save_csv,
    show_frame,
)
from regiocluster.result import Result

app = typer.Typer(
    help="Economic complexity, export potential and import substitution.",
    no_args_is_help=True,
)
console = Console(width=120)


def _cell(value: Any) -> str:
    if isinstance(value, float):
        if pd.isna(value):
            return ""
        return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:,.3f}"
    return "" if value is None else str(value)


def _tables(result: Result, titles: dict[str, tuple[str, list[str] | None]], limit: int) -> None:
    for name, (title, columns) in titles.items():
        frame = result.frames[name]
        if columns is not None:
            frame = frame[[c for c in columns if c in frame]]
        show_frame(console, frame, title, limit=limit, cell=_cell)


@app.command("complexity")
def complexity_command(
    case: str = typer.Argument(..., help="Case name or folder."),
    year: int | None = typer.Option(None, help="Year (default: the last)."),
    limit: int = typer.Option(15, help="Rows to show."),
    out: Path | None = typer.Option(None, help="Write the ranking to this CSV."),
    fmt: FormatOption = Format.table,
) -> None:
    """ECI ranking of the world matrix and the country's diversification opportunities."""
    from regiocluster.trade.case import complexity

    result = complexity(load_or_exit(case, console), year=year)
    country = result.options["country"]
    titles = {
        "ranking": (f"Economic complexity index, {result.year} (synthetic world panel)", None),
        "opportunities": (
            f"Diversification opportunities of {country} (M = 0, by density, PCI, COG)",
            ["hs", "name", "density", "pci", "cog", "rca", "score"],
        ),
    }
    render(result, fmt, table=lambda r: _tables(r, titles, limit), console=console)
    save_csv(console if fmt is Format.table else Console(stderr=True), result.frame, out)


@app.command("potential")
def potential_command(
    case: str = typer.Argument(..., help="Case name or folder."),
    year: int | None = typer.Option(None, help="Year (default: the last)."),
    limit: int = typer.Option(20, help="Rows to show."),
    by_market: bool = typer.Option(False, help="Show product × market rows, not product sums."),
    out: Path | None = typer.Option(None, help="Write the product × market table to this CSV."),
    fmt: FormatOption = Format.table,
) -> None:
    """Export potential of the cluster (ITC method plus freight), with its reasons."""
    from regiocluster.trade.case import potential

    result = potential(load_or_exit(case, console), year=year)
    columns = ["product", "name", "supply", "demand", "best_market_ease",
               "best_market_transport_cost", "itc_potential", "potential", "actual",
               "unrealised", "untapped_markets", "best_market", "best_market_mode"]  # fmt: skip
    title = f"Export potential of {result.options['exporters']}, {result.year}, thousand US$"
    titles = {"by_market": (title, None)} if by_market else {"by_product": (title, columns)}
    render(result, fmt, table=lambda r: _tables(r, titles, limit), console=console)
    save_csv(console if fmt is Format.table else Console(stderr=True),
             result.frames["by_market"], out)  # fmt: skip


@app.command("substitution")
def substitution_command(
    case: str = typer.Argument(..., help="Case name or folder."),
    year: int | None = typer.Option(None, help="Year (default: the last)."),
    limit: int = typer.Option(20, help="Rows to show."),
    out: Path | None = typer.Option(None, help="Write the candidates to this CSV."),
    fmt: FormatOption = Format.table,
) -> None:
    """List imports the cluster's spare capacity could replace, by product."""
    from regiocluster.trade.case import substitution

    result = substitution(load_or_exit(case, console), year=year)
    columns = ["product_id", "consumption", "imports", "foreign_imports", "import_share",
               "capacity", "output", "headroom", "replaceable", "replaceable_foreign",
               "replaceable_value"]  # fmt: skip
    title = f"Import substitution, {result.year} (product units; value RUB)"
    titles = {"candidates": (title, columns)}
    render(result, fmt, table=lambda r: _tables(r, titles, limit), console=console)
    save_csv(console if fmt is Format.table else Console(stderr=True), result.frame, out)
