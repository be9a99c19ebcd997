"""``regiocluster case ...``: list, inspect, validate, import and export cases."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn
from rich.table import Table

from regiocluster.case.errors import CaseError
from regiocluster.case.load import BUILTIN_CASES, Case, builtin_path, read_meta
from regiocluster.case.schema import TABLES
from regiocluster.cli._common import fail_with_problems, load_or_exit

app = typer.Typer(help="Inspect, validate, import and export cases.", no_args_is_help=True)

_YEAR_EXTRA = ("start_year", "end_year", "population_year")


def _load(case: str | Path, console: Console) -> Case:
    return load_or_exit(case, console, status="Loading and validating")


def _years(frame: pd.DataFrame, table: str) -> str:
    spec = TABLES[table]
    cols = [c.name for c in spec.columns if c.year] + [c for c in _YEAR_EXTRA if c in frame]
    values = [frame[c].dropna() for c in cols if c in frame]
    values = [v for v in values if len(v)]
    if not values:
        return ""
    years = pd.concat(values)
    first, last = int(years.min()), int(years.max())
    return str(first) if first == last else f"{first}–{last}"


def _data_card_sections(case: Case) -> dict[str, tuple[bool | str | None, str]]:
    """Provenance of each table read from the case's data card (a fallback)."""
    if case.path is None:
        return {}
    folder = case.path if case.path.is_dir() else case.path.parent
    card = folder / str(case.meta.get("data_card", "DATA_CARD.md"))
    if not card.is_file():
        return {}
    lines = card.read_text(encoding="utf-8").splitlines()
    found: dict[str, tuple[bool | str | None, str]] = {}
    headings = [(i, line) for i, line in enumerate(lines) if line.startswith("#")]
    for k, (start, heading) in enumerate(headings):
        level = len(heading) - len(heading.lstrip("#"))
        end = len(lines)
        for later, text in headings[k + 1 :]:
            if len(text) - len(text.lstrip("#")) <= level:
                end = later
                break
        body = "\n".join(lines[start + 1 : end])
        title = heading.lstrip("#").strip()
        for table in TABLES:
            if table in found or not re.search(
                rf"(?<![\w`]){re.escape(table)}(?![\w`])|`{table}`", title, re.IGNORECASE
            ):
                continue
            synthetic_word = re.search(r"\bsynthetic\b", body, re.IGNORECASE)
            real_word = re.search(r"\breal\b", body, re.IGNORECASE)
            synthetic: bool | str | None = (
                "partly"
                if synthetic_word and real_word
                else True
                if synthetic_word
                else False
                if real_word
                else None
            )
            match = re.search(r"^\W*sources?\W*[:—-]\s*(.+)$", body, re.IGNORECASE | re.MULTILINE)
            source = match.group(1).strip() if match else f"{card.name} § {title}"
            found[table] = (synthetic, source)
    return found


def _provenance(
    case: Case, card: dict[str, tuple[bool | str | None, str]], table: str
) -> tuple[str, str]:
    info: dict[str, Any] = dict(case.meta.get("tables", {}).get(table, {}))
    synthetic = info.get("synthetic")
    source = str(info.get("source", "") or "")
    if table in card:
        card_synthetic, card_source = card[table]
        synthetic = card_synthetic if synthetic is None else synthetic
        source = source or card_source
    label = {True: "synthetic", False: "real", "partly": "partly synthetic", None: "?"}.get(
        synthetic, str(synthetic)
    )
    return label, source


@app.command("list")
def list_cases() -> None:
    """List the built-in cases."""
    console = Console()
    table = Table(title="Built-in cases")
    for header in ("case", "title", "years", "folder"):
        table.add_column(header)
    for name in BUILTIN_CASES:
        folder = builtin_path(name)
        meta, _ = read_meta(folder)
        years = meta.get("years", ["", ""])
        table.add_row(name, str(meta.get("title", "")), f"{years[0]}–{years[1]}", str(folder))
    console.print(table)


@app.command("info")
def info(
    case: str = typer.Argument("leningrad", help="Built-in case name, case folder or workbook."),
) -> None:
    """List every table of a case: rows, years covered, real or synthetic, sources."""
    console = Console()
    loaded = _load(case, console)
    card = _data_card_sections(loaded)
    title = loaded.meta.get("title", loaded.name)
    first, last = loaded.years
    table = Table(title=f"{loaded.name}: {title} ({first}–{last})")
    table.add_column("table")
    table.add_column("rows", justify="right")
    table.add_column("years")
    table.add_column("data")
    table.add_column("source", overflow="fold")
    total = 0
    for name, frame in loaded.tables.items():
        label, source = _provenance(loaded, card, name)
        table.add_row(name, f"{len(frame):,}", _years(frame, name), label, source)
        total += len(frame)
    console.print(table)
    console.print(f"{len(loaded.tables)} tables, {total:,} rows.")


@app.command("validate")
def validate(
    path: str = typer.Argument(..., help="Case folder, workbook (.xlsx) or built-in case name."),
) -> None:
    """Validate a case; exit status 1 and every problem listed when it is invalid."""
    console = Console()
    loaded = _load(path, console)
    rows = sum(len(f) for f in loaded.tables.values())
    console.print(
        f"[green]OK[/green]: case {loaded.name!r} is valid: "
        f"{len(loaded.tables)} tables, {rows:,} rows."
    )


def _advance(progress: Progress, task: TaskID) -> Callable[[str], None]:
    return lambda name: progress.update(task, advance=1, description=name)


def _table_progress(console: Console, label: str) -> Progress:
    return Progress(
        TextColumn(label),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.description}"),
        console=console,
        transient=True,
    )


@app.command("import")
def import_command(
    sources: list[str] = typer.Argument(
        ...,
        help="CSV/XLSX/Parquet files or case folders; TABLE=FILE names a file's table.",
    ),
    into: Path = typer.Option(..., "--into", help="Folder to write the clean case into."),
    base: str | None = typer.Option(
        None, "--base", help="Case whose tables the imported ones replace (e.g. leningrad)."
    ),
    mapping: Path | None = typer.Option(
        None, "--mapping", help='columns.toml: \\[table] "their header" = "our_column".'
    ),
) -> None:
    """Import a user's tables, validate everything, and write a clean case folder."""
    from regiocluster.case.export import write_case
    from regiocluster.case.importers import import_tables

    console = Console()
    try:
        with console.status("Reading and validating ..."):
            case = import_tables(sources, mapping=mapping, base_case=base)
    except CaseError as exc:
        fail_with_problems(exc)
    with _table_progress(console, "Writing") as progress:
        task = progress.add_task("", total=len(case.tables))
        write_case(case, into, progress=_advance(progress, task))
    console.print(
        f"[green]OK[/green]: case {case.name!r} written to {into} ({len(case.tables)} tables)."
    )


@app.command("export")
def export_command(
    case: str = typer.Argument("leningrad", help="Built-in case name, folder or workbook."),
    xlsx: Path | None = typer.Option(None, "--xlsx", help="Write one workbook here."),
    csv: Path | None = typer.Option(None, "--csv", help="Write a clean case folder here."),
) -> None:
    """Export a case to one XLSX workbook and/or a folder of UTF-8 CSV files."""
    from regiocluster.case.export import write_case
    from regiocluster.case.xlsx import export_xlsx

    console = Console()
    if xlsx is None and csv is None:
        console.print("[red]Give --xlsx FILE and/or --csv DIR.[/red]")
        raise typer.Exit(code=2)
    loaded = _load(case, console)
    for target, writer in ((xlsx, export_xlsx), (csv, write_case)):
        if target is None:
            continue
        with _table_progress(console, f"Writing {target.name}") as progress:
            task = progress.add_task("", total=len(loaded.tables))
            writer(
                loaded,
                target,
                progress=_advance(progress, task),
            )
        console.print(f"[green]OK[/green]: {target}")
