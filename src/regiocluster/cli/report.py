"""`regiocluster report`: build the study (HTML, PDF, DOCX, XLSX; Russian and English)."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn

from regiocluster.cli._common import load_or_exit
from regiocluster.errors import RegioclusterError


def report_command(
    case: str = typer.Option("leningrad", "--case", help="Built-in case name or case folder."),
    out: Path = typer.Option(Path("report"), "--out", help="Folder to write the study into."),
    lang: list[str] = typer.Option(
        [],
        "--lang",
        help="ru or en (repeat for both); default: case.toml's language, then the other.",
    ),
    fmt: list[str] = typer.Option(
        [], "--format", help="html, pdf, docx or xlsx (repeat); default: all four."
    ),
) -> None:
    """Build the study of a case (opens offline from OUT/index.html)."""
    from regiocluster.report import build_study
    from regiocluster.report.builder import FORMATS

    console = Console()
    loaded = load_or_exit(case, console)
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        TaskProgressColumn(),
        TimeElapsedColumn(),
    )
    try:
        with Progress(*columns, console=console, transient=True) as progress:
            task = progress.add_task("study", total=100)
            result = build_study(
                loaded,
                out,
                langs=lang or None,
                formats=fmt or FORMATS,
                progress=lambda step, pct: progress.update(task, description=step, completed=pct),
            )
    except RegioclusterError as exc:
        console.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(code=2) from None
    for key, error in result.failures:
        console.print(f"[red]chapter {key} failed:[/red] {error}")
    for path in result.files:
        console.print(f"written: {path}")
    console.print(f"Study: [bold]{result.index}[/bold] ({len(result.chapters)} chapters)")
    if result.failures:
        raise typer.Exit(code=1)
