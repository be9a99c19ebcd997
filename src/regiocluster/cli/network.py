"""``regiocluster network ...``: render the Results of :mod:`regiocluster.network.case`."""

from __future__ import annotations

import typer
from rich.console import Console

from regiocluster.cli._common import Format, FormatOption, load_or_exit, render, show_frame
from regiocluster.result import Result

app = typer.Typer(help="Cooperation graph, Decree 779 tests, core-periphery.", no_args_is_help=True)
console = Console(width=120)


def _decree_table(result: Result) -> None:
    colour, word = ("green", "MEETS") if result.value("compliant") else ("red", "DOES NOT MEET")
    console.print(f"[bold {colour}]{word} the Decree 779 cooperation tests[/]")
    table = result.frames["members"].sort_values("from_members", ascending=False)
    show_frame(console, table, "Members buying most from other members", limit=10,
               cell=lambda v: f"{v:,.1f}" if isinstance(v, float) else str(v))  # fmt: skip


@app.command("decree779")
def decree779_command(
    case: str = typer.Argument(..., help="Case name or folder."),
    year: int | None = typer.Option(None, help="Year (default: the cluster's year)."),
    threshold: float | None = typer.Option(None, help="Required dependence (default 0.20)."),
    special_case: bool = typer.Option(False, help="Apply the 10% special-case threshold."),
    fmt: FormatOption = Format.table,
) -> None:
    """Functional dependence and contracts among members (Decree No. 779 of 31.07.2015)."""
    from regiocluster.network.case import decree779

    c = load_or_exit(case, console)
    result = decree779(c, year=year, threshold=threshold, special_case=special_case)
    render(result, fmt, table=_decree_table, console=console)


@app.command("cooperation")
def cooperation_command(
    case: str = typer.Argument(..., help="Case name or folder."),
    year: int | None = typer.Option(None, help="Year (default: the cluster's year)."),
    fmt: FormatOption = Format.table,
) -> None:
    """Print the cooperation share: members' purchases from members ÷ their purchases."""
    from regiocluster.network.case import cooperation

    result = cooperation(load_or_exit(case, console), year=year)
    render(result, fmt, table=lambda r: None, console=console)


@app.command("coreperiphery")
def coreperiphery_command(
    case: str = typer.Argument(..., help="Case name or folder."),
    year: int | None = typer.Option(None, help="Year (default: the cluster's year)."),
    n_null: int = typer.Option(99, help="Degree-preserving randomisations for the p-value."),
    seed: int = typer.Option(0, help="Random seed."),
    fmt: FormatOption = Format.table,
) -> None:
    """Borgatti-Everett core of the members' cooperation graph, with its p-value."""
    from regiocluster.network.case import core_periphery

    c = load_or_exit(case, console)
    with console.status(f"Fitting the core and {n_null} randomised graphs ..."):
        result = core_periphery(c, year=year, n_null=n_null, seed=seed)
    render(result, fmt, table=lambda r: show_frame(console, r.frame, "Core members", limit=30),
           console=console)  # fmt: skip
