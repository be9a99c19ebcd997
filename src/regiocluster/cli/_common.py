"""Helpers shared by CLI commands."""

from __future__ import annotations

from pathlib import Path
from typing import NoReturn

import typer
from rich.console import Console
from rich.table import Table

from regiocluster.case.errors import CaseError
from regiocluster.case.load import Case, load_case


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


def load_or_exit(case: str | Path, console: Console, *, status: str = "Loading") -> Case:
    """Load a case with a spinner, or print its problems and exit with status 1."""
    try:
        with console.status(f"{status} {case} ..."):
            return load_case(case)
    except CaseError as exc:
        fail_with_problems(exc)
