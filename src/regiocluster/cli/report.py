"""`regiocluster report`: build the static HTML report."""

from __future__ import annotations

from pathlib import Path

import typer


def report_command(
    case: str = typer.Option("leningrad", "--case", help="Case name or folder."),
    out: Path = typer.Option(Path("report"), "--out", help="Output folder."),
) -> None:
    """Build the HTML report of CASE into OUT."""
    raise typer.Exit(code=2)
