"""Import a user's own tables (CSV or XLSX, any encoding and dialect) into a case.

Users bring tables as they get them: Excel-exported CSV in cp1251 with ``;``
and decimal commas, UTF-8 with a BOM, tab-separated files, workbooks with a
sheet per table, Russian headers. :func:`import_tables` reads every source,
maps headers (schema names, the schema's aliases, or a ``columns.toml``
mapping), replaces the corresponding tables of a base case, and validates
the whole result at once: either a complete :class:`~regiocluster.case.load.Case`
or one :class:`~regiocluster.CaseError` listing every problem.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pandas as pd

from regiocluster.case.errors import CaseError, Problem
from regiocluster.case.load import Case, load_case, read_meta, read_raw_tables, type_raw_tables
from regiocluster.case.read import RawTable, read_csv_raw
from regiocluster.case.schema import TABLES
from regiocluster.case.validate import cross_check

__all__ = ["ColumnMapping", "import_tables", "read_mapping", "table_for_name"]

#: ``{table: {their header: schema column}}``, plus an optional ``files``
#: entry ``{file or sheet name: table}``.
ColumnMapping = Mapping[str, Mapping[str, str]]

_TEXT_SUFFIXES = {".csv", ".txt", ".tsv", ".tab"}
_XLSX_SUFFIXES = {".xlsx", ".xlsm"}


def read_mapping(path: Path | str) -> dict[str, dict[str, str]]:
    """Read a column-mapping file.

    The file is TOML: one section per table mapping a user's header to the
    schema's column, and an optional ``[files]`` section naming the table a
    file or sheet holds::

        [employment]
        "Численность работников" = "employees"

        [files]
        "Численность по районам.csv" = "employment"

    Parameters
    ----------
    path : Path or str
        The ``columns.toml`` file.

    Returns
    -------
    dict
        ``{table: {header: column}}``.

    Raises
    ------
    CaseError
        When the file is not valid TOML, names an unknown table or column.
    """
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise CaseError(
            [Problem("columns.toml", None, None, f"cannot read mapping: {exc}", file=path.name)]
        ) from exc
    problems: list[Problem] = []
    mapping: dict[str, dict[str, str]] = {}
    for table, entries in data.items():
        if not isinstance(entries, dict):
            problems.append(
                Problem("columns.toml", None, table, "expected a [section]", file=path.name)
            )
            continue
        if table == "files":
            mapping["files"] = {str(k): str(v) for k, v in entries.items()}
            for target in entries.values():
                if target not in TABLES:
                    problems.append(
                        Problem(
                            "columns.toml",
                            None,
                            "files",
                            "unknown table",
                            value=str(target),
                            file=path.name,
                        )
                    )
            continue
        if table not in TABLES:
            problems.append(Problem("columns.toml", None, table, "unknown table", file=path.name))
            continue
        names = set(TABLES[table].column_names)
        for header, column in entries.items():
            if column not in names:
                problems.append(
                    Problem(
                        "columns.toml",
                        None,
                        f"{table}.{header}",
                        f"unknown column of {table}",
                        value=str(column),
                        file=path.name,
                    )
                )
        mapping[table] = {str(k): str(v) for k, v in entries.items()}
    if problems:
        raise CaseError(problems)
    return mapping


def table_for_name(name: str, files: Mapping[str, str] | None = None) -> str | None:
    """Which table a file or sheet holds, from its name.

    Parameters
    ----------
    name : str
        File name (``employment.csv``) or sheet name.
    files : mapping of str to str, optional
        The mapping file's ``[files]`` section.

    Returns
    -------
    str or None
    """
    files = {k.strip().lower(): v for k, v in (files or {}).items()}
    lowered = name.strip().lower()
    if lowered in files:
        return files[lowered]
    stem = (
        Path(lowered).stem if Path(lowered).suffix in _TEXT_SUFFIXES | _XLSX_SUFFIXES else lowered
    )
    if stem in files:
        return files[stem]
    for table, spec in TABLES.items():
        if stem == table or stem in (a.lower() for a in spec.aliases):
            return table
    return None


def _as_mapping(mapping: ColumnMapping | Path | str | None) -> dict[str, dict[str, str]]:
    if mapping is None:
        return {}
    if isinstance(mapping, str | Path):
        return read_mapping(mapping)
    return {str(t): {str(k): str(v) for k, v in m.items()} for t, m in mapping.items()}


def _read_source(
    source: Path, table: str | None, files: Mapping[str, str]
) -> tuple[dict[str, RawTable], dict[str, Any] | None, list[Problem]]:
    """Read one source (file or folder) into raw tables and, if it has some, metadata."""
    if not source.exists():
        return (
            {},
            None,
            [Problem(table or "case", None, None, "no such file or folder", file=str(source))],
        )
    if source.is_dir():
        meta = None
        problems: list[Problem] = []
        if (source / "case.toml").exists():
            meta, problems = read_meta(source)
        raws, read_problems = read_raw_tables(source)
        # A partial folder is fine: the rest comes from the base case.
        problems += [p for p in read_problems if p.message != "missing table file"]
        return raws, meta, problems
    suffix = source.suffix.lower()
    if suffix in _XLSX_SUFFIXES:
        from regiocluster.case.xlsx import META_SHEET, _meta_from_rows, read_xlsx_tables

        raws, meta_rows, unknown, problems = read_xlsx_tables(source, sheet_tables=files)
        if table is not None and len(raws) + len(unknown) == 1:
            only = next(iter(raws.values())) if raws else None
            if only is None:
                raws2, _, _, _ = read_xlsx_tables(source, sheet_tables={unknown[0]: table})
                raws = raws2
            else:
                raws = {table: only}
            unknown = []
        problems += [
            Problem(
                "case",
                None,
                None,
                "sheet is not a case table (name it after a table or map it in [files])",
                value=sheet,
                file=source.name,
            )
            for sheet in unknown
        ]
        meta = None
        if meta_rows is not None:
            meta, meta_problems = _meta_from_rows(meta_rows, file=f"{source.name}:{META_SHEET}")
            problems += meta_problems
        return raws, meta, problems
    if suffix == ".parquet":
        name = table or table_for_name(source.name, files)
        if name is None:
            return {}, None, [_unknown_file(source)]
        frame = pd.read_parquet(source).astype("string").fillna("").astype(object)
        lines = pd.Series(range(2, len(frame) + 2), index=frame.index, dtype="int64")
        return {name: RawTable(frame, lines, source.name, False)}, None, []
    name = table or table_for_name(source.name, files)
    if name is None:
        return {}, None, [_unknown_file(source)]
    try:
        return {name: read_csv_raw(source, table=name)}, None, []
    except CaseError as exc:
        return {}, None, list(exc.problems)


def _unknown_file(source: Path) -> Problem:
    return Problem(
        "case",
        None,
        None,
        "cannot tell which table this file holds: name it after a table "
        "(employment.csv) or map it in the [files] section of columns.toml",
        file=source.name,
    )


def _parse_source(source: str | Path) -> tuple[Path, str | None]:
    """Split ``table=path`` (the CLI's way to name a file's table) from a plain path."""
    text = str(source)
    if "=" in text and not Path(text).exists():
        table, _, path = text.partition("=")
        if table.strip() in TABLES:
            return Path(path.strip()), table.strip()
    return Path(source), None


def _declare_user_tables(meta: dict[str, Any], imported: Mapping[str, str]) -> None:
    """Declare the imported tables the user's own (``provenance = "user"``).

    A base case's declaration (``synthetic = true`` for the embedded case's
    enterprises ...) describes the table the import replaces, not the user's:
    kept, it would label the user's real data synthetic.
    """
    if not imported:
        return
    tables = {k: dict(v) for k, v in (meta.get("tables") or {}).items()}
    for name, file in imported.items():
        tables[name] = {"provenance": "user", "source": f"imported from {file}"}
    meta["tables"] = tables


def import_tables(
    sources: Iterable[str | Path] | Mapping[str, str | Path],
    *,
    mapping: ColumnMapping | Path | str | None = None,
    base_case: Case | str | Path | None = None,
    meta: Mapping[str, Any] | None = None,
) -> Case:
    """Bring a user's tables into a case, validating everything at once.

    Parameters
    ----------
    sources : iterable of path, or mapping of table name to path
        CSV/TSV files (any encoding: UTF-8, UTF-8 with BOM, cp1251; any of
        ``,`` ``;`` tab ``|`` as separator; decimal comma allowed), XLSX
        workbooks (a sheet per table), Parquet files or case folders. A file's
        table is its name (``employment.csv``), a schema alias, an entry of the
        mapping's ``[files]`` section, or given explicitly as ``table=path``
        or as a mapping key.
    mapping : mapping or path, optional
        Column mapping ``{table: {their header: schema column}}`` or the path
        of a ``columns.toml`` holding it (see :func:`read_mapping`).
    base_case : Case, str or Path, optional
        The case whose tables the imported ones replace (a built-in name,
        a folder, a workbook or a loaded :class:`Case`). Without it, the
        sources must hold every required table and the metadata.
    meta : mapping, optional
        Metadata overriding the base case's and the sources' (``name`` ...).

    Returns
    -------
    Case
        The validated case.

    Raises
    ------
    CaseError
        Listing every problem in every source (file, row, column, value,
        reason); nothing is returned half-loaded.

    Examples
    --------
    >>> case = import_tables(["employment.csv"], base_case="leningrad",
    ...                      mapping="columns.toml")  # doctest: +SKIP
    """
    column_map = _as_mapping(mapping)
    files = column_map.get("files", {})
    if isinstance(sources, Mapping):
        items = [(Path(p), str(t)) for t, p in sources.items()]
    else:
        items = [_parse_source(s) for s in sources]

    problems: list[Problem] = []
    raws, source_meta = _read_sources(items, files, problems)
    base = base_case if base_case is None or isinstance(base_case, Case) else load_case(base_case)
    merged_meta: dict[str, Any] = dict(base.meta) if base is not None else {}
    merged_meta.update(source_meta)
    merged_meta.update(meta or {})
    _declare_user_tables(merged_meta, {name: raw.file for name, raw in raws.items()})
    for key in ("name", "years"):
        if key not in merged_meta:
            problems.append(
                Problem("case.toml", None, key, "missing key (give a base case or a case.toml)")
            )

    typed, lines, origin = type_raw_tables(raws, column_map, problems)
    base_label = base.name if base is not None else ""
    for name, spec in TABLES.items():
        if name in typed:
            continue
        if base is not None and name in base.tables:
            frame = base.tables[name]
            typed[name] = frame
            lines[name] = pd.Series(range(2, len(frame) + 2), index=frame.index, dtype="int64")
            origin[name] = f"{base_label}:{name}"
        elif spec.required and not any(p.table == name for p in problems):
            problems.append(Problem(name, None, None, "missing table (no source and no base case)"))
    problems.extend(cross_check(typed, lines, origin, merged_meta))
    if problems:
        raise CaseError(problems)
    ordered = {name: typed[name] for name in TABLES if name in typed}
    return Case(
        name=str(merged_meta["name"]),
        meta=MappingProxyType(merged_meta),
        tables=MappingProxyType(ordered),
        path=None,
    )


def _read_sources(
    items: list[tuple[Path, str | None]], files: Mapping[str, str], problems: list[Problem]
) -> tuple[dict[str, RawTable], dict[str, Any]]:
    """Read every source as raw tables (and any case metadata it holds)."""
    raws: dict[str, RawTable] = {}
    source_meta: dict[str, Any] = {}
    for path, table in items:
        if table is not None and table not in TABLES:
            problems.append(
                Problem("case", None, None, "unknown table", value=table, file=path.name)
            )
            continue
        got, got_meta, got_problems = _read_source(path, table, files)
        problems.extend(got_problems)
        if got_meta:
            source_meta.update(got_meta)
        for name, raw in got.items():
            if name in raws:
                problems.append(
                    Problem(
                        name, None, None, f"given twice (also in {raws[name].file})", file=raw.file
                    )
                )
            raws[name] = raw
    return raws, source_meta
