"""Helpers shared by CLI commands."""

from __future__ import annotations

from typing import NoReturn

import typer
from rich.console import Console
from rich.table import Table

from regiocluster.case.errors import CaseError


def fail_with_problems(error: CaseError, console: Console | None = None) -> NoReturn:
    """Print every problem of ``error`` as a table and exit with status 1."""
    console = console or Console(stderr=True)
    table = Table(title=f"{len(error.problems)} problem(s)", show_lines=False)
    for header in ("file", "row", "column", "value", "reason"):
        table.add_column(header)
    for p in error.problems:
        table.add_row(
            p.file or p.table,
            "" if p.row is None else str(p.row),
            p.column or "",
            p.value or "",
            p.message,
        )
    console.print(table)
    raise typer.Exit(code=1)
