"""Helpers shared by CLI commands."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Mapping
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, NoReturn

import pandas as pd
import typer
from rich.console import Console, OverflowMethod
from rich.table import Table

from regiocluster.case.errors import CaseError
from regiocluster.case.load import Case, load_case
from regiocluster.result import Result


class Format(StrEnum):
    """Output format of an analysis command."""

    table = "table"
    json = "json"
    csv = "csv"


#: The ``--format`` option every analysis command takes.
FormatOption = Annotated[
    Format,
    typer.Option(
        "--format",
        "-f",
        help="table (readable), json (the Result's to_dict()) or csv (its main table).",
        case_sensitive=False,
    ),
]


def render(
    result: Result,
    fmt: Format,
    *,
    table: Callable[[Result], None] | None = None,
    console: Console | None = None,
) -> None:
    """Print a Result as ``fmt``: JSON (``to_dict()``), CSV (main frame) or a table.

    ``table`` prints the readable form; without it the main frame is shown.
    The summary (with the illustrative label when due) follows the table.
    """
    if fmt is Format.json:
        sys.stdout.write(json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n")
        return
    if fmt is Format.csv:
        result.frame.to_csv(sys.stdout, index=False)
        return
    console = console or Console(width=120)
    if table is not None:
        table(result)
    else:
        show_frame(console, result.frame, result.name, limit=30)
    summary = result.summary("en")
    if summary:
        console.print(summary, markup=False)


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


def show_frame(
    console: Console,
    frame: pd.DataFrame,
    title: str,
    *,
    limit: int,
    cell: Callable[[Any], str] = str,
    column_cells: Mapping[str, Callable[[Any], str]] | None = None,
    numeric_kinds: str = "fiu",
    overflow: OverflowMethod = "ellipsis",
) -> None:
    """Print the first ``limit`` rows of ``frame`` as a Rich table, numbers right-aligned.

    ``cell`` formats every value; ``column_cells`` overrides it for named columns.
    """
    column_cells = column_cells or {}
    table = Table(title=title)
    for col in frame.columns:
        justify = "right" if frame[col].dtype.kind in numeric_kinds else "left"
        table.add_column(str(col), justify=justify, overflow=overflow)
    formats = [column_cells.get(col, cell) for col in frame.columns]
    for row in frame.head(limit).itertuples(index=False):
        table.add_row(*[fmt(v) for fmt, v in zip(formats, row, strict=True)])
    console.print(table)
    if len(frame) > limit:
        console.print(f"... {len(frame) - limit} more rows (use --out to save all)")


def save_csv(
    console: Console, frame: pd.DataFrame, out: Path | None, *, index: bool = False
) -> None:
    """Write ``frame`` to the ``--out`` CSV, if one was given, and say so."""
    if out is not None:
        frame.to_csv(out, index=index)
        console.print(f"Wrote {len(frame)} rows to {out}")
