"""`regiocluster report`: build the static HTML report."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.progress import Progress

from regiocluster.case.errors import CaseError
from regiocluster.cli._common import fail_with_problems


def report_command(
    case: str = typer.Option("leningrad", "--case", help="Built-in case name or case folder."),
    out: Path = typer.Option(Path("report"), "--out", help="Folder to write the report into."),
) -> None:
    """Build the HTML report of a case (opens offline from OUT/index.html)."""
    from regiocluster import load_case
    from regiocluster.report import build_report

    console = Console()
    try:
        loaded = load_case(case)
    except CaseError as exc:
        fail_with_problems(exc, console)
    with Progress(console=console, transient=True) as progress:
        task = progress.add_task("Building report", total=None)
        result = build_report(
            loaded, out, progress=lambda title: progress.update(task, description=title)
        )
    for key, error in result.failures:
        console.print(f"[red]section {key} failed:[/red] {error}")
    console.print(f"Report written: [bold]{result.index}[/bold] ({len(result.sections)} sections)")
    if result.failures:
        raise typer.Exit(code=1)
