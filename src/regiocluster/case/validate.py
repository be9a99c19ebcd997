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

from collections.abc import Mapping

import numpy as np
import pandas as pd
import pandera.errors as pa_errors

from regiocluster.case.errors import Problem
from regiocluster.case.read import NUMBER_COMMA, RawTable
from regiocluster.case.schema import TABLES, Column, pandera_schema

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
        if col.name not in frame.columns
    ]
    return frame, problems


def _type_column(
    values: pd.Series, col: Column, *, decimal_comma: bool
) -> tuple[pd.Series, pd.Series, str]:
    """Convert a text column; return (typed, bad_mask, reason)."""
    text = values.astype("string").str.strip()
    empty = text.isna() | (text == "")
    if col.dtype == "str":
        out = text.where(~empty, None).astype(object)
        return out, pd.Series(False, index=values.index), ""
    if col.dtype == "bool":
        low = text.str.lower()
        out = pd.Series(pd.NA, index=values.index, dtype="boolean")
        out[low.isin(_TRUE)] = True
        out[low.isin(_FALSE)] = False
        bad = ~empty & out.isna()
        return out, bad, "not a boolean (true/false)"
    cleaned = text
    if decimal_comma and text.str.match(NUMBER_COMMA).fillna(False).any():
        cleaned = cleaned.str.replace(r"[ \u00a0]", "", regex=True).str.replace(
            ",", ".", regex=False
        )
    numbers = pd.to_numeric(cleaned.where(~empty, None), errors="coerce")
    bad = ~empty & numbers.isna()
    if col.dtype == "int":
        frac = ~numbers.isna() & (numbers != np.floor(numbers.fillna(0)))
        out = numbers.where(~frac).astype("Float64").round().astype("Int64")
        return out, bad | frac, "not an integer"
    return numbers.astype("float64"), bad, "not a number"


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
        if col.name not in frame.columns:
            continue
        out, bad, reason = _type_column(frame[col.name], col, decimal_comma=decimal_comma)
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
    schema = pandera_schema(table)
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
    problems: list[Problem] = []
    years = meta.get("years")
    study = meta.get("study_bbox")
    country = meta.get("country_bbox")
    okved_codes = set(tables["industries"]["okved"].dropna()) if "industries" in tables else None

    def add(table: str, mask: pd.Series, column: str, message: str) -> None:
        frame = tables[table]
        for idx in np.flatnonzero(mask.to_numpy(dtype=bool)):
            problems.append(
                Problem(
                    table,
                    int(lines[table].iloc[idx]),
                    column,
                    message,
                    value=_fmt(frame[column].iloc[idx]),
                    file=files.get(table),
                )
            )

    for name, frame in tables.items():
        spec = TABLES[name]
        key = list(spec.key)
        if all(k in frame.columns for k in key) and len(frame):
            dup = frame.duplicated(subset=key, keep="first")
            label = key[0] if len(key) == 1 else "+".join(key)
            for idx in np.flatnonzero(dup.to_numpy()):
                problems.append(
                    Problem(
                        name,
                        int(lines[name].iloc[idx]),
                        key[0],
                        f"duplicate id ({label} already used above)",
                        value="/".join(_fmt(frame[k].iloc[idx]) for k in key),
                        file=files.get(name),
                    )
                )
        for fk in spec.foreign_keys:
            if fk.column not in frame.columns or fk.table not in tables:
                continue
            target = tables[fk.table]
            if fk.target not in target.columns:
                continue
            values = frame[fk.column]
            dangling = values.notna() & ~values.isin(set(target[fk.target].dropna()))
            add(name, dangling, fk.column, f"unknown {fk.table}.{fk.target} (dangling reference)")
        if years is not None:
            lo, hi = years  # type: ignore[misc]
            for col in spec.columns:
                if col.year and col.name in frame.columns:
                    y = frame[col.name]
                    add(
                        name,
                        y.notna() & ((y < lo) | (y > hi)),
                        col.name,
                        f"year outside the case's range {lo}-{hi}",
                    )
        for boxes, points in ((study, spec.study_area_points), (country, spec.country_points)):
            if boxes is None:
                continue
            lon_min, lat_min, lon_max, lat_max = boxes  # type: ignore[misc]
            for lon, lat in points:
                if lon not in frame.columns or lat not in frame.columns:
                    continue
                x, y = frame[lon], frame[lat]
                add(
                    name,
                    x.notna() & ((x < lon_min) | (x > lon_max)),
                    lon,
                    f"longitude outside the case's area [{lon_min}, {lon_max}]",
                )
                add(
                    name,
                    y.notna() & ((y < lat_min) | (y > lat_max)),
                    lat,
                    f"latitude outside the case's area [{lat_min}, {lat_max}]",
                )
        if okved_codes is not None:
            for col in spec.okved_columns:
                if col in frame.columns:
                    v = frame[col]
                    add(
                        name,
                        v.notna() & ~v.isin(okved_codes),
                        col,
                        "unknown OKVED-2 code (not in industries)",
                    )
    return problems


def _fmt(value: object) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA:
        return ""
    return str(value)
