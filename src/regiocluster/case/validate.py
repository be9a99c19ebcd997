"""Turn raw text tables into typed, validated tables, collecting every problem.

Validation happens once, where data enters. Three passes, each collecting
all its problems before anything is returned:

1. headers: the schema's names, their aliases (Russian headers) or a
   user's column mapping; missing columns are reported;
2. cells: typed per column (decimal comma aware), then the pandera schema
   (non-negative quantities, closed vocabularies, missing values);
3. cross-table: unique keys, foreign keys, years in range, coordinates in
   the case's bounding boxes, OKVED codes present in ``industries``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping

import numpy as np
import pandas as pd
import pandera.errors as pa_errors
import pandera.pandas as pa

from regiocluster.case.errors import Problem
from regiocluster.case.read import NUMBER_COMMA, RawTable
from regiocluster.case.schema import TABLES, Column, pandera_schema

_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(?:[ \u00a0]\d{3})+$")
_TRUE = {"true", "1", "yes", "y", "да", "истина", "t"}
_FALSE = {"false", "0", "no", "n", "нет", "ложь", "f"}


def _norm(header: str) -> str:
    return " ".join(str(header).replace("\ufeff", "").strip().lower().replace("_", " ").split())


def map_headers(
    raw: RawTable, table: str, mapping: Mapping[str, str] | None = None
) -> tuple[pd.DataFrame, list[Problem]]:
    """Rename a raw table's headers to the schema's column names.

    Parameters
    ----------
    raw : RawTable
        The table as read.
    table : str
        Schema table name.
    mapping : mapping of str to str, optional
        User's header → schema column, from the case's ``columns.toml``.

    Returns
    -------
    frame : pandas.DataFrame
        Columns renamed; unknown extra columns kept as they are.
    problems : list of Problem
        One per missing required column.
    """
    spec = TABLES[table]
    lookup: dict[str, str] = {}
    for col in spec.columns:
        lookup[_norm(col.name)] = col.name
        for alias in col.aliases:
            lookup.setdefault(_norm(alias), col.name)
    for source, target in (mapping or {}).items():
        lookup[_norm(source)] = target
    renames: dict[str, str] = {}
    for header in raw.frame.columns:
        target = lookup.get(_norm(header))
        if target is not None and target not in renames.values():
            renames[header] = target
    frame = raw.frame.rename(columns=renames)
    problems = [
        Problem(table, None, col.name, "missing column", file=raw.file)
        for col in spec.columns
        if col.name not in frame.columns and not col.optional
    ]
    return frame, problems


def _as_text(values: pd.Series) -> np.ndarray:
    """Cells as stripped ``str`` in an object array (missing cells become "")."""
    arr = values.to_numpy(dtype=object)
    missing = pd.isna(arr)
    if missing.any():
        arr = np.where(missing, "", arr)
    try:
        return np.array([v.strip() for v in arr], dtype=object)
    except AttributeError:
        return np.array([str(v).strip() for v in arr], dtype=object)


def _parse_numbers(text: np.ndarray, empty: np.ndarray) -> np.ndarray:
    """Parse text as float64 exactly; unparseable and empty cells become NaN."""
    out = np.full(len(text), np.nan)
    filled = ~empty
    try:
        # Python's float() rounds correctly (pandas' fast parser can be one ulp
        # off), so a table written with repr() reads back to the same numbers.
        out[filled] = text[filled].astype(np.float64)
    except (ValueError, TypeError):
        for i in np.flatnonzero(filled):
            try:
                out[i] = float(text[i])
            except ValueError:
                out[i] = np.nan
    return out


def _type_column(
    values: pd.Series, col: Column, *, decimal_comma: bool
) -> tuple[pd.Series, pd.Series, str]:
    """Convert a text column; return (typed, bad_mask, reason)."""
    index = values.index
    text = _as_text(values)
    empty = text == ""
    if col.dtype == "str":
        out = pd.Series(np.where(empty, None, text), index=index, dtype=object)
        return out, pd.Series(False, index=index), ""
    if col.dtype == "bool":
        low = pd.Series([v.lower() for v in text], index=index, dtype=object)
        truth = low.isin(_TRUE).to_numpy()
        falsity = low.isin(_FALSE).to_numpy()
        out = pd.Series(pd.array(truth, dtype="boolean"), index=index)
        out[~truth & ~falsity] = pd.NA
        return out, pd.Series(~empty & ~truth & ~falsity, index=index), "not a boolean (true/false)"
    cleaned = text
    if decimal_comma:
        marked = [v for v in text if "," in v or " " in v or "\u00a0" in v]
        if any(NUMBER_COMMA.match(v) or _THOUSANDS.match(v) for v in marked):
            cleaned = np.array(
                [v.replace(" ", "").replace("\u00a0", "").replace(",", ".") for v in text],
                dtype=object,
            )
    numbers = _parse_numbers(cleaned, empty)
    nan = np.isnan(numbers)
    bad = ~empty & nan
    if col.dtype == "int":
        finite = np.where(nan | np.isinf(numbers), 0.0, numbers)
        frac = ~nan & (numbers != np.floor(finite))
        keep = ~nan & ~frac
        ints = pd.array(np.where(keep, finite, 0).astype("int64"), dtype="Int64")
        out = pd.Series(ints, index=index)
        out[~keep] = pd.NA
        return out, pd.Series(bad | frac, index=index), "not an integer"
    return (
        pd.Series(numbers, index=index, dtype="float64"),
        pd.Series(bad, index=index),
        ("not a number"),
    )


@functools.cache
def _check_schema(table: str) -> pa.DataFrameSchema:
    """Build the table's pandera checks without dtype checks (columns are typed already).

    :func:`~regiocluster.case.schema.pandera_schema` checks dtypes element by
    element on text columns, which dominates loading a large case; typing
    here has already guaranteed them.
    """
    full = pandera_schema(table)
    return pa.DataFrameSchema(
        {
            name: pa.Column(None, checks=column.checks, nullable=column.nullable, required=False)
            for name, column in full.columns.items()
        },
        strict=False,
        name=table,
    )


def type_table(
    frame: pd.DataFrame, lines: pd.Series, table: str, *, file: str, decimal_comma: bool
) -> tuple[pd.DataFrame, list[Problem]]:
    """Type every declared column and run the table's pandera schema.

    Parameters
    ----------
    frame : pandas.DataFrame
        Text cells with schema column names (see :func:`map_headers`).
    lines : pandas.Series
        Source line per row.
    table : str
        Schema table name.
    file : str
        Source file, for messages.
    decimal_comma : bool
        Whether numbers use a decimal comma.

    Returns
    -------
    typed : pandas.DataFrame
        Declared columns only, in schema order, typed.
    problems : list of Problem
    """
    spec = TABLES[table]
    problems: list[Problem] = []
    typed: dict[str, pd.Series] = {}
    for col in spec.columns:
        if col.name not in frame.columns and not col.optional:
            continue
        # an optional column left out is typed as empty cells: every client sees the same columns
        cells = frame[col.name] if col.name in frame.columns else pd.Series("", index=frame.index)
        out, bad, reason = _type_column(cells, col, decimal_comma=decimal_comma)
        for idx in np.flatnonzero(bad.to_numpy()):
            problems.append(
                Problem(
                    table,
                    int(lines.iloc[idx]),
                    col.name,
                    reason,
                    value=str(frame[col.name].iloc[idx]),
                    file=file,
                )
            )
        out = out.where(~bad, None) if col.dtype == "str" else out.mask(bad)
        typed[col.name] = out
    result = pd.DataFrame(typed, index=frame.index)
    schema = _check_schema(table)
    present = [c for c in schema.columns if c in result.columns]
    bad_type_rows = {(p.row, p.column) for p in problems}
    try:
        schema.select_columns(present).validate(result, lazy=True)
    except pa_errors.SchemaErrors as exc:
        problems.extend(_pandera_problems(exc, table, lines, frame, file, bad_type_rows))
    return result, problems


def _pandera_problems(
    exc: pa_errors.SchemaErrors,
    table: str,
    lines: pd.Series,
    frame: pd.DataFrame,
    file: str,
    already: set[tuple[int | None, str | None]],
) -> list[Problem]:
    problems: list[Problem] = []
    cases = exc.failure_cases
    for rec in cases.itertuples(index=False):
        column = getattr(rec, "column", None)
        check = str(getattr(rec, "check", ""))
        index = getattr(rec, "index", None)
        value = getattr(rec, "failure_case", None)
        row = None
        if index is not None and not (isinstance(index, float) and np.isnan(index)):
            try:
                row = int(lines.loc[index])
            except (KeyError, TypeError, ValueError):
                row = None
        if (row, column) in already:
            continue
        if row is not None and value is not None and column in frame.columns:
            # Report the cell as the user wrote it ("-5", "1 520,5"), not as parsed.
            value = frame.at[index, column]
        if "not_nullable" in check:
            message = "empty value where one is required"
            value = None
        elif check.startswith("must") or "greater_than" in check:
            message = check
        else:
            message = check or "invalid value"
        problems.append(
            Problem(
                table, row, column, message, value=None if value is None else str(value), file=file
            )
        )
    return problems


def cross_check(
    tables: Mapping[str, pd.DataFrame],
    lines: Mapping[str, pd.Series],
    files: Mapping[str, str],
    meta: Mapping[str, object],
) -> list[Problem]:
    """Check keys, foreign keys, years, coordinates and codes across tables.

    Parameters
    ----------
    tables : mapping of str to DataFrame
        Typed tables.
    lines : mapping of str to Series
        Source line per row, per table.
    files : mapping of str to str
        Source file per table.
    meta : mapping
        The case's metadata (``years``, ``study_bbox``, ``country_bbox``).

    Returns
    -------
    list of Problem
    """
    checker = _CrossChecker(tables, lines, files, meta)
    for name in tables:
        checker.check(name)
    return checker.problems


class _CrossChecker:
    """Collects the cross-table problems of one case, table by table."""

    def __init__(
        self,
        tables: Mapping[str, pd.DataFrame],
        lines: Mapping[str, pd.Series],
        files: Mapping[str, str],
        meta: Mapping[str, object],
    ) -> None:
        self.tables, self.lines, self.files, self.meta = tables, lines, files, meta
        self.problems: list[Problem] = []
        self.okved_codes = (
            set(tables["industries"]["okved"].dropna()) if "industries" in tables else None
        )

    def add(self, table: str, mask: pd.Series, column: str, message: str) -> None:
        frame = self.tables[table]
        for idx in np.flatnonzero(mask.to_numpy(dtype=bool)):
            self.problems.append(
                Problem(
                    table,
                    int(self.lines[table].iloc[idx]),
                    column,
                    message,
                    value=_fmt(frame[column].iloc[idx]),
                    file=self.files.get(table),
                )
            )

    def check(self, name: str) -> None:
        frame, spec = self.tables[name], TABLES[name]
        self.duplicates(name, frame, list(spec.key))
        for fk in spec.foreign_keys:
            if fk.column not in frame.columns or fk.table not in self.tables:
                continue
            target = self.tables[fk.table]
            if fk.target not in target.columns:
                continue
            values = frame[fk.column]
            dangling = values.notna() & ~values.isin(set(target[fk.target].dropna()))
            self.add(
                name, dangling, fk.column, f"unknown {fk.table}.{fk.target} (dangling reference)"
            )
        years = self.meta.get("years")
        if years is not None:
            lo, hi = years  # type: ignore[misc]
            for col in spec.columns:
                if col.year and col.name in frame.columns:
                    y = frame[col.name]
                    self.add(name, y.notna() & ((y < lo) | (y > hi)), col.name,
                             f"year outside the case's range {lo}-{hi}")  # fmt: skip
        self.boxes(name, frame, self.meta.get("study_bbox"), spec.study_area_points)
        self.boxes(name, frame, self.meta.get("country_bbox"), spec.country_points)
        if self.okved_codes is not None:
            for col in spec.okved_columns:
                if col in frame.columns:
                    v = frame[col]
                    self.add(name, v.notna() & ~v.isin(self.okved_codes), col,
                             "unknown OKVED-2 code (not in industries)")  # fmt: skip

    def duplicates(self, name: str, frame: pd.DataFrame, key: list[str]) -> None:
        if not (all(k in frame.columns for k in key) and len(frame)):
            return
        dup = frame.duplicated(subset=key, keep="first")
        label = key[0] if len(key) == 1 else "+".join(key)
        for idx in np.flatnonzero(dup.to_numpy()):
            self.problems.append(
                Problem(
                    name,
                    int(self.lines[name].iloc[idx]),
                    key[0],
                    f"duplicate id ({label} already used above)",
                    value="/".join(_fmt(frame[k].iloc[idx]) for k in key),
                    file=self.files.get(name),
                )
            )

    def boxes(self, name: str, frame: pd.DataFrame, box: object, points: object) -> None:
        if box is None:
            return
        lon_min, lat_min, lon_max, lat_max = box  # type: ignore[misc]
        for lon, lat in points:  # type: ignore[attr-defined]
            if lon not in frame.columns or lat not in frame.columns:
                continue
            x, y = frame[lon], frame[lat]
            self.add(name, x.notna() & ((x < lon_min) | (x > lon_max)), lon,
                     f"longitude outside the case's area [{lon_min}, {lon_max}]")  # fmt: skip
            self.add(name, y.notna() & ((y < lat_min) | (y > lat_max)), lat,
                     f"latitude outside the case's area [{lat_min}, {lat_max}]")  # fmt: skip


def _fmt(value: object) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA:
        return ""
    return str(value)
