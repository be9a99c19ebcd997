"""Cases as Excel workbooks: one sheet per table and a ``case`` sheet of metadata.

Analysts keep and exchange data in Excel, so a case travels as one ``.xlsx``
file: a ``case`` sheet holding ``case.toml`` as key/value rows (dotted keys,
values written as TOML literals where they are not plain text) and one sheet
per table with the schema's column names in the first row. Reading returns
text cells with their sheet row numbers (:class:`~regiocluster.case.read.RawTable`)
so that validation names the same rows a user sees in Excel; writing and
reading back gives equal tables.
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from regiocluster.case.errors import Problem
from regiocluster.case.read import RawTable
from regiocluster.case.schema import TABLES, TableSpec

#: Name of the metadata sheet.
META_SHEET = "case"

__all__ = ["META_SHEET", "export_xlsx", "read_xlsx_case", "read_xlsx_tables"]


def _cell_text(value: object) -> str:
    """Text of a cell as a CSV would have held it (floats in shortest round-trip form)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        if value.is_integer() and abs(value) < 1e16:
            return str(int(value))
        return repr(value)
    if isinstance(value, datetime):
        return (
            value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
        )
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _sheet_to_raw(ws: Any, *, table: str, file: str) -> tuple[RawTable | None, list[Problem]]:
    """Read one worksheet as text cells with sheet row numbers."""
    header: list[str] | None = None
    rows: list[list[str]] = []
    lines: list[int] = []
    problems: list[Problem] = []
    for number, values in enumerate(ws.iter_rows(values_only=True), start=1):
        cells = [_cell_text(v) for v in values]
        if header is None:
            if not any(c.strip() for c in cells):
                continue
            while cells and not cells[-1].strip():
                cells.pop()
            header = [c.strip() for c in cells]
            continue
        if not any(c.strip() for c in cells):
            continue
        extra = [c for c in cells[len(header) :] if c.strip()]
        if extra:
            problems.append(
                Problem(
                    table,
                    number,
                    None,
                    f"has {len(header) + len(extra)} filled cells, the header has {len(header)}",
                    file=file,
                )
            )
            continue
        cells = (cells + [""] * len(header))[: len(header)]
        rows.append(cells)
        lines.append(number)
    if header is None:
        return None, [Problem(table, None, None, "sheet is empty", file=file)]
    frame = pd.DataFrame(rows, columns=header, dtype=object)
    if not rows:
        frame = pd.DataFrame(columns=header, dtype=object)
    # A text cell like "12,5" in a Russian workbook is a decimal comma; real
    # numbers arrive as numbers, so a comma is never a separator here.
    raw = RawTable(frame, pd.Series(lines, index=frame.index, dtype="int64"), file, True)
    return raw, problems


def _parse_value(text: str) -> Any:
    """Parse a metadata value written as a TOML literal, else keep it as text."""
    text = text.strip()
    try:
        return tomllib.loads(f"v = {text}")["v"]
    except tomllib.TOMLDecodeError:
        return text


def _meta_from_rows(
    rows: list[tuple[str, object]], *, file: str
) -> tuple[dict[str, Any], list[Problem]]:
    meta: dict[str, Any] = {}
    problems: list[Problem] = []
    for number, (key, value) in enumerate(rows, start=1):
        if not key or (number == 1 and key.lower() == "key"):
            continue
        if isinstance(value, str):
            parsed: Any = _parse_value(value)
        elif isinstance(value, float) and value.is_integer():
            parsed = int(value)
        else:
            parsed = value
        parts = key.split(".")
        node = meta
        for part in parts[:-1]:
            child = node.setdefault(part, {})
            if not isinstance(child, dict):
                problems.append(
                    Problem("case.toml", number, key, "key clashes with a value", file=file)
                )
                break
            node = child
        else:
            node[parts[-1]] = parsed
    return meta, problems


def read_xlsx_tables(
    path: Path | str, *, sheet_tables: Mapping[str, str] | None = None
) -> tuple[dict[str, RawTable], list[tuple[str, object]] | None, list[str], list[Problem]]:
    """Read a workbook's table sheets as text, without validating them.

    Parameters
    ----------
    path : Path or str
        The ``.xlsx`` file.
    sheet_tables : mapping of str to str, optional
        Sheet name → table name for sheets not named after a table.

    Returns
    -------
    raws : dict of str to RawTable
        One entry per sheet that names a schema table.
    meta_rows : list of (key, value) or None
        Rows of the ``case`` sheet, if there is one.
    unknown : list of str
        Sheets that are neither a table nor ``case``.
    problems : list of Problem
        Empty sheets, rows wider than their header.
    """
    from openpyxl import load_workbook

    path = Path(path)
    lookup = _table_lookup(sheet_tables)
    raws: dict[str, RawTable] = {}
    problems: list[Problem] = []
    unknown: list[str] = []
    meta_rows: list[tuple[str, object]] | None = None
    wb = load_workbook(path, read_only=True, data_only=True)
    try:
        for ws in wb.worksheets:
            title = ws.title.strip()
            if title.lower() == META_SHEET:
                meta_rows = [
                    (_cell_text(row[0]).strip() if row else "", row[1] if len(row) > 1 else None)
                    for row in ws.iter_rows(values_only=True)
                ]
                continue
            table = lookup.get(title.lower())
            if table is None:
                unknown.append(title)
                continue
            raw, sheet_problems = _sheet_to_raw(ws, table=table, file=f"{path.name}:{title}")
            problems.extend(sheet_problems)
            if raw is not None:
                if table in raws:
                    problems.append(
                        Problem(table, None, None, "two sheets hold this table", file=path.name)
                    )
                raws[table] = raw
    finally:
        wb.close()
    return raws, meta_rows, unknown, problems


#: Excel refuses sheet titles longer than this.
MAX_SHEET_TITLE = 31


def sheet_name(spec: TableSpec) -> str:
    """Sheet title of a table: its name, or its first alias short enough for Excel."""
    if len(spec.name) <= MAX_SHEET_TITLE:
        return spec.name
    for alias in spec.aliases:
        if len(alias) <= MAX_SHEET_TITLE:
            return alias
    return spec.name[:MAX_SHEET_TITLE]


def _table_lookup(extra: Mapping[str, str] | None) -> dict[str, str]:
    lookup = {name.lower(): name for name in TABLES}
    for name, spec in TABLES.items():
        for alias in spec.aliases:
            lookup.setdefault(alias.lower(), name)
    for sheet, table in (extra or {}).items():
        lookup[sheet.strip().lower()] = table
    return lookup


def read_xlsx_case(path: Path | str) -> tuple[dict[str, Any], dict[str, RawTable], list[Problem]]:
    """Read a case workbook: metadata and every table sheet as text.

    Metadata comes from a ``case.toml`` beside the workbook when there is one,
    else from the workbook's ``case`` sheet (dotted keys in column A, values
    in column B).

    Parameters
    ----------
    path : Path or str
        The ``.xlsx`` file.

    Returns
    -------
    meta : dict
        The case's metadata.
    raws : dict of str to RawTable
        Text tables; row numbers are sheet rows (the header is row 1).
    problems : list of Problem
        Missing required sheets, empty sheets, missing metadata.
    """
    from regiocluster.case.load import read_meta

    path = Path(path)
    raws, meta_rows, _unknown, problems = read_xlsx_tables(path)
    beside = path.parent / "case.toml"
    if beside.exists():
        meta, meta_problems = read_meta(path.parent)
        problems.extend(meta_problems)
    elif meta_rows is not None:
        meta, meta_problems = _meta_from_rows(meta_rows, file=f"{path.name}:{META_SHEET}")
        problems.extend(meta_problems)
        for key in ("name", "years"):
            if key not in meta:
                problems.append(
                    Problem("case.toml", None, key, "missing key", file=f"{path.name}:{META_SHEET}")
                )
    else:
        meta = {}
        problems.append(
            Problem(
                "case.toml",
                None,
                None,
                f"no '{META_SHEET}' sheet in the workbook and no case.toml beside it",
                file=path.name,
            )
        )
    empty_tables = {p.table for p in problems if p.message == "sheet is empty"}
    for name, spec in TABLES.items():
        if spec.required and name not in raws and name not in empty_tables:
            problems.append(Problem(name, None, None, "missing sheet", file=path.name))
    return meta, raws, problems


def _flatten(meta: Mapping[str, Any], prefix: str = "") -> list[tuple[str, Any]]:
    rows: list[tuple[str, Any]] = []
    for key, value in meta.items():
        dotted = f"{prefix}{key}"
        if isinstance(value, Mapping):
            rows.extend(_flatten(value, f"{dotted}."))
        else:
            rows.append((dotted, value))
    return rows


def _meta_cell(value: Any) -> Any:
    """Return a metadata value as a cell: numbers and booleans as such, the rest as TOML."""
    from regiocluster.case.export import toml_value

    if isinstance(value, bool | int | float):
        return value
    if isinstance(value, str) and _parse_value(value) == value:
        return value
    return toml_value(value)


def _excel_value(value: Any) -> Any:
    if value is None or value is pd.NA:
        return None
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        value = float(value)
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def export_xlsx(case: Any, path: Path | str, *, progress: Any = None) -> Path:
    """Write a case to one workbook: a ``case`` sheet and one sheet per table.

    Header rows are bold and frozen, columns sized to their content, and
    text columns stored as text so that codes keep their leading zeros.

    Parameters
    ----------
    case : Case
        The case to write.
    path : Path or str
        Target ``.xlsx`` file (overwritten).
    progress : callable, optional
        Called with each table's name after it is written (for progress bars).

    Returns
    -------
    Path
        The file written.
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    path = Path(path)
    wb = Workbook(write_only=True)
    bold = Font(bold=True)

    def header_cells(ws: Any, names: list[str]) -> list[Any]:
        cells = []
        for name in names:
            cell = WriteOnlyCell(ws, value=name)
            cell.font = bold
            cells.append(cell)
        return cells

    meta_ws = wb.create_sheet(META_SHEET)
    meta_ws.freeze_panes = "A2"
    meta_ws.column_dimensions["A"].width = 32
    meta_ws.column_dimensions["B"].width = 80
    meta_ws.append(header_cells(meta_ws, ["key", "value"]))
    for key, value in _flatten(case.meta):
        meta_ws.append([key, _meta_cell(value)])

    for name, spec in TABLES.items():
        if name not in case.tables:
            continue
        frame = case.tables[name]
        ws = wb.create_sheet(sheet_name(spec))
        ws.freeze_panes = "A2"
        # Declaring the sheet's size up front lets read-only readers (ours
        # included) skip a full pass over the sheet just to find its extent.
        ref = f"A1:{_letter(max(frame.shape[1], 1))}{len(frame) + 1}"
        ws.calculate_dimension = lambda ref=ref: ref
        columns = [c for c in frame.columns]
        for i, column in enumerate(columns, start=1):
            width = _column_width(frame[column], column)
            ws.column_dimensions[_letter(i)].width = width
        ws.append(header_cells(ws, [str(c) for c in columns]))
        str_cols = {c.name for c in spec.columns if c.dtype == "str"}
        lists = [
            _column_values(frame[c], ws, text=c in str_cols, cell_type=WriteOnlyCell)
            for c in columns
        ]
        for row in zip(*lists, strict=True):
            ws.append(row)
        if progress is not None:
            progress(name)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def _column_values(series: pd.Series, ws: Any, *, text: bool, cell_type: Any) -> list[Any]:
    """Return a column as Python cell values: None for missing, text kept as text."""
    values = [_excel_value(v) for v in series.astype(object).tolist()]
    if text:
        values = [None if v is None else str(v) for v in values]
        for i, value in enumerate(values):
            if value is not None and value.startswith("="):
                # Text, not a formula: a user's "=..." label stays as written.
                cell = cell_type(ws, value=value)
                cell.data_type = "s"
                values[i] = cell
    return values


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index)


def _column_width(values: pd.Series, header: str) -> float:
    sample = values.head(200).astype("string").fillna("")
    longest = max([len(header), *sample.str.len().tolist()]) if len(sample) else len(header)
    return float(min(max(longest + 2, 8), 60))
