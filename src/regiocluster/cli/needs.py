"""`regiocluster needs ...` commands: what the cluster lacks (study goals 1, 3, 7 and 9)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import typer
from rich.console import Console

from regiocluster.cli._common import load_or_exit, show_frame
from regiocluster.errors import InvalidValueError
from regiocluster.result import Result

app = typer.Typer(
    help="Needed products and technologies, international experience, new enterprises, "
    "innovation and transport infrastructure.",
    no_args_is_help=True,
)
_console = Console(width=140)
FORMATS = ("table", "json", "csv")

CaseArg = typer.Argument(..., help="Built-in case name or path to a case folder.")
FormatOpt = typer.Option("table", "--format", "-f", help="table, json (the Result) or csv.")
OutOpt = typer.Option(None, "--out", help="Write the main table as CSV here.")


def _cell(value: object) -> str:
    if isinstance(value, float):
        return "–" if value != value else f"{value:,.3g}" if abs(value) < 1 else f"{value:,.0f}"
    return "" if value is None else str(value)


def _emit(result: Result, fmt: str, out: Path | None) -> None:
    if fmt not in FORMATS:
        raise InvalidValueError("format", fmt, FORMATS)
    frame = result.frame
    if out is not None:
        frame.to_csv(out)
    if fmt == "json":
        typer.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=1))
    elif fmt == "csv":
        typer.echo(frame.to_csv(), nl=False)
    else:
        show_frame(_console, frame.reset_index(), result.name, limit=40, cell=_cell)
        _console.print(result.summary("en"))


def _run(
    case: str, fmt: str, out: Path | None, compute: Callable[..., Result], **kw: object
) -> None:
    loaded = load_or_exit(case, _console)
    _emit(compute(loaded, **kw), fmt, out)


@app.command("products")
def products_command(
    case: str = CaseArg,
    scenario: str = typer.Option("base", "--scenario", "-s", help="Demand scenario."),
    fmt: str = FormatOpt,
    out: Path | None = OutOpt,
) -> None:
    """Rank products by capacity gap, replaceable imports and missing producers."""
    from regiocluster.needs import product_needs

    _run(case, fmt, out, product_needs, scenario=scenario)


@app.command("technologies")
def technologies_command(
    case: str = CaseArg,
    scenario: str = typer.Option("base", "--scenario", "-s", help="Demand scenario."),
    fmt: str = FormatOpt,
    out: Path | None = OutOpt,
) -> None:
    """Rank technologies by the demand they serve and how few members use them."""
    from regiocluster.needs import technology_needs

    _run(case, fmt, out, technology_needs, scenario=scenario)


@app.command("international")
def international_command(
    case: str = CaseArg, fmt: str = FormatOpt, out: Path | None = OutOpt
) -> None:
    """Compare other countries' cluster support with the case's measures."""
    from regiocluster.needs import international_experience

    _run(case, fmt, out, international_experience)


@app.command("new-enterprises")
def new_enterprises_command(
    case: str = CaseArg,
    year: int = typer.Option(2030, "--year", help="Horizon of the product gap."),
    max_raw_km: float = typer.Option(50.0, "--max-raw-km", help="Site to raw material, km."),
    fmt: str = FormatOpt,
    out: Path | None = OutOpt,
) -> None:
    """Recommend new plants: gap, site, raw material, investment, support."""
    from regiocluster.needs import new_enterprises

    _run(case, fmt, out, new_enterprises, year=year, max_raw_km=max_raw_km)


@app.command("innovation")
def innovation_command(
    case: str = CaseArg,
    radius_km: float = typer.Option(100.0, "--radius", help="Reach of a facility, km."),
    fmt: str = FormatOpt,
    out: Path | None = OutOpt,
) -> None:
    """Innovation infrastructure: what exists and which services are missing where."""
    from regiocluster.needs import innovation_gaps

    _run(case, fmt, out, innovation_gaps, radius_km=radius_km)


@app.command("small-tech")
def small_tech_command(
    case: str = CaseArg, fmt: str = FormatOpt, out: Path | None = OutOpt
) -> None:
    """Small technology firms among the members, with fitting technologies and support."""
    from regiocluster.needs import small_tech_companies

    _run(case, fmt, out, small_tech_companies)


@app.command("infrastructure")
def infrastructure_command(
    case: str = CaseArg,
    year: int = typer.Option(2030, "--year", help="Horizon of the new plants."),
    fmt: str = FormatOpt,
    out: Path | None = OutOpt,
) -> None:
    """Infrastructure projects (rail, terminals, port, power, gas, shared facilities)."""
    from regiocluster.needs import infrastructure_needs

    _run(case, fmt, out, infrastructure_needs, year=year)
