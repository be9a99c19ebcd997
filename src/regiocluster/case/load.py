"""The :class:`Case` object and :func:`load_case`.

A case is a folder holding ``case.toml`` and one file per table
(``<table>.csv`` or ``<table>.parquet``), or one XLSX workbook with a sheet
per table and a ``case`` sheet (or a ``case.toml`` beside it). Built-in cases
ship inside the package and are loaded by name.
"""

from __future__ import annotations

import importlib.resources
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pandas as pd

from regiocluster.case.errors import CaseError, Problem
from regiocluster.case.provenance import Provenance, row_kinds, table_kinds
from regiocluster.case.read import RawTable, read_csv_raw
from regiocluster.case.schema import TABLES
from regiocluster.case.territory import Territory
from regiocluster.case.validate import cross_check, map_headers, type_table
from regiocluster.errors import InvalidValueError

BUILTIN_CASES = ("leningrad",)


@dataclass(frozen=True)
class Case:
    """A validated case: metadata and typed tables.

    Attributes
    ----------
    name : str
        Short name (``leningrad``).
    meta : Mapping
        Everything in ``case.toml``: title, region, years, currency,
        ``study_bbox``, ``country_bbox``, ``tables`` (per-table source notes).
    tables : Mapping of str to pandas.DataFrame
        One tidy table per schema table, columns in schema order.
    path : Path or None
        Where the case was loaded from.
    """

    name: str
    meta: Mapping[str, Any]
    tables: Mapping[str, pd.DataFrame]
    path: Path | None = field(default=None, compare=False)

    def __getitem__(self, table: str) -> pd.DataFrame:
        """Return table ``table`` (a copy-free view; do not mutate it)."""
        return self.tables[table]

    @property
    def years(self) -> tuple[int, int]:
        """First and last year the case covers."""
        first, last = self.meta["years"]
        return int(first), int(last)

    def table_source(self, table: str) -> str:
        """Return the source note for ``table`` from ``case.toml``."""
        info = self.meta.get("tables", {}).get(table, {})
        return str(info.get("source", ""))

    def is_synthetic(self, table: str) -> bool | str | None:
        """Whether ``table`` is synthetic: True, False, ``"partly"``, or None if undeclared."""
        info = self.meta.get("tables", {}).get(table, {})
        return info.get("synthetic")

    def table(self, name: str) -> pd.DataFrame:
        """Table ``name``, or a clear error naming the tables the case has."""
        if name not in self.tables:
            raise InvalidValueError("table", name, self.tables.keys())
        return self.tables[name]

    @cached_property
    def territory(self) -> Territory:
        """The cluster's territory: region, partner regions, their districts."""
        return Territory.from_case(self.meta, self.tables.get("regions"))

    def last_year(self, table: str) -> int:
        """Last year present in ``table`` (its ``year`` column).

        Examples
        --------
        >>> load_case("leningrad").last_year("enterprise_finances")
        2024
        """
        frame = self.table(table)
        if "year" not in frame.columns or frame["year"].dropna().empty:
            raise InvalidValueError("table with years", table, reason="it has no year column")
        return int(frame["year"].max())

    def years_of(self, table: str) -> tuple[int, int]:
        """First and last year present in ``table``."""
        frame = self.table(table)
        if "year" not in frame.columns or frame["year"].dropna().empty:
            raise InvalidValueError("table with years", table, reason="it has no year column")
        return int(frame["year"].min()), int(frame["year"].max())

    @cached_property
    def year(self) -> int:
        """The cluster's year: the last year of enterprise finances.

        Every "current" figure about the cluster (members, functional
        dependence, cooperation share, capacity use) describes this year
        unless a year is asked for. It is the last year for which the
        members' purchases, the denominator of functional dependence, are
        known; a case without finances falls back to the last history year of
        ``case.toml``.
        """
        if "enterprise_finances" in self.tables and len(self.tables["enterprise_finances"]):
            return self.last_year("enterprise_finances")
        history = self.meta.get("history_years") or self.meta["years"]
        return int(history[-1])

    def check_year(self, year: int | None, table: str | None = None) -> int:
        """``year`` if the case (or ``table``) covers it; the cluster's year when None."""
        if year is None:
            return self.year if table is None else self.last_year(table)
        first, last = self.years_of(table) if table else self.years
        if not first <= int(year) <= last:
            where = f"table {table}" if table else "the case"
            raise InvalidValueError("year", year, reason=f"{where} covers {first}-{last}")
        return int(year)

    def membership(self, year: int | None = None) -> pd.DataFrame:
        """Every enterprise with its role, the reason it is in, and ``member``.

        The one membership rule (see :meth:`members`), with the non-members
        kept so a client can say why an organisation is out.
        """
        from regiocluster.mapping.members import cluster_members

        year = self.check_year(year)
        links = self.tables.get("supply_links")
        if links is not None and "year" in links.columns:
            links = links[links["year"] == year]
        return cluster_members(
            self.table("enterprises"),
            self.table("industries"),
            territory=self.territory.regions,
            regions=self.tables.get("regions"),
            links=links,
        )

    def members(self, year: int | None = None) -> pd.DataFrame:
        """Members of the cluster in ``year`` (the cluster's year by default).

        An organisation is a member when it is located in the territory
        (:attr:`territory`, districts included) and either works in an
        industry of the value chain (``industries.chain_role``), or is
        infrastructure (a university, college, laboratory, park, association,
        bank or service of the chain), or has a supply link in ``year`` with
        an industry member. This is the rule of
        :func:`regiocluster.mapping.cluster_members`; every client uses it.

        Examples
        --------
        >>> case = load_case("leningrad")
        >>> int(case.members()["member"].all())
        1
        """
        frame = self.membership(year)
        return frame[frame["member"]].reset_index(drop=True)

    def provenance(
        self, *tables: str, rows: Mapping[str, pd.DataFrame] | None = None
    ) -> Provenance:
        """Provenance of a result built from ``tables``.

        Parameters
        ----------
        *tables : str
            Tables the result read.
        rows : mapping of str to DataFrame, optional
            For tables whose kinds vary by row (a ``provenance`` column, or
            the enterprises' ``synthetic`` flag), the rows actually used;
            only their kinds count.

        Examples
        --------
        >>> load_case("leningrad").provenance("supply_links").illustrative
        True
        """
        inputs: dict[str, tuple[str, ...]] = {}
        sources: dict[str, str] = {}
        for name in tables:
            kinds = table_kinds(self.meta, name)
            used = (rows or {}).get(name, self.tables.get(name))
            per_row = row_kinds(used) if used is not None else None
            if per_row is not None and len(per_row) and kinds != ("user",):
                kinds = tuple(sorted(set(per_row)))
            inputs[name] = kinds
            sources[name] = self.table_source(name)
        return Provenance.of(inputs, sources)


def builtin_path(name: str) -> Path:
    """Folder of a built-in case shipped inside the package."""
    if name not in BUILTIN_CASES:
        raise KeyError(f"no built-in case {name!r}; built-in cases: {', '.join(BUILTIN_CASES)}")
    root = importlib.resources.files("regiocluster.case.builtin") / name
    return Path(str(root))


def resolve_case_path(name_or_path: str | Path) -> Path:
    """Turn a built-in case name or a path into a path."""
    if isinstance(name_or_path, str) and name_or_path in BUILTIN_CASES:
        return builtin_path(name_or_path)
    path = Path(name_or_path)
    if not path.exists():
        raise CaseError([Problem("case", None, None, f"no such case or folder: {name_or_path}")])
    return path


def read_meta(folder: Path) -> tuple[dict[str, Any], list[Problem]]:
    """Read ``case.toml`` from ``folder``."""
    file = folder / "case.toml"
    if not file.exists():
        return {}, [Problem("case.toml", None, None, "missing case.toml", file=str(file))]
    try:
        meta = tomllib.loads(file.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        return {}, [Problem("case.toml", None, None, f"not valid TOML: {exc}", file="case.toml")]
    problems = []
    for key in ("name", "years"):
        if key not in meta:
            problems.append(Problem("case.toml", None, key, "missing key", file="case.toml"))
    years = meta.get("years")
    if years is not None and not (
        isinstance(years, list) and len(years) == 2 and all(isinstance(y, int) for y in years)
    ):
        problems.append(
            Problem("case.toml", None, "years", "must be [first, last]", file="case.toml")
        )
    for box in ("study_bbox", "country_bbox"):
        value = meta.get(box)
        if value is not None and not (isinstance(value, list) and len(value) == 4):
            problems.append(
                Problem(
                    "case.toml",
                    None,
                    box,
                    "must be [lon_min, lat_min, lon_max, lat_max]",
                    file="case.toml",
                )
            )
    return meta, problems


def read_column_mapping(folder: Path) -> dict[str, dict[str, str]]:
    """Read an optional ``columns.toml``: ``[table]`` → ``"their header" = "our_column"``."""
    file = folder / "columns.toml"
    if not file.exists():
        return {}
    data = tomllib.loads(file.read_text(encoding="utf-8"))
    return {str(t): {str(k): str(v) for k, v in m.items()} for t, m in data.items()}


def read_raw_tables(folder: Path) -> tuple[dict[str, RawTable], list[Problem]]:
    """Read every schema table's file in ``folder`` as text."""
    raws: dict[str, RawTable] = {}
    problems: list[Problem] = []
    for name, spec in TABLES.items():
        csv = folder / f"{name}.csv"
        parquet = folder / f"{name}.parquet"
        try:
            if csv.exists():
                raws[name] = read_csv_raw(csv, table=name)
            elif parquet.exists():
                frame = pd.read_parquet(parquet).astype("string").fillna("")
                frame = frame.astype(object)
                lines = pd.Series(range(2, len(frame) + 2), index=frame.index, dtype="int64")
                raws[name] = RawTable(
                    frame.reset_index(drop=True), lines.reset_index(drop=True), parquet.name, False
                )
            elif spec.required:
                problems.append(Problem(name, None, None, "missing table file", file=csv.name))
        except CaseError as exc:
            problems.extend(exc.problems)
    return raws, problems


def type_raw_tables(
    raws: Mapping[str, RawTable],
    mapping: Mapping[str, Mapping[str, str]] | None,
    problems: list[Problem],
) -> tuple[dict[str, pd.DataFrame], dict[str, pd.Series], dict[str, str]]:
    """Map headers and type every raw table, adding what is wrong to ``problems``.

    Returns
    -------
    (dict, dict, dict)
        Typed tables, the source line of each row, and each table's file.
    """
    typed: dict[str, pd.DataFrame] = {}
    lines: dict[str, pd.Series] = {}
    files: dict[str, str] = {}
    for name, raw in raws.items():
        frame, header_problems = map_headers(raw, name, (mapping or {}).get(name))
        problems.extend(header_problems)
        if TABLES[name].required and len(frame) == 0:
            problems.append(Problem(name, None, None, "table has no rows", file=raw.file))
        table, cell_problems = type_table(
            frame, raw.lines, name, file=raw.file, decimal_comma=raw.decimal_comma
        )
        problems.extend(cell_problems)
        typed[name] = table.reset_index(drop=True)
        lines[name] = raw.lines.reset_index(drop=True)
        files[name] = raw.file
    return typed, lines, files


def build_case(
    raws: Mapping[str, RawTable],
    meta: Mapping[str, Any],
    *,
    mapping: Mapping[str, Mapping[str, str]] | None = None,
    problems: list[Problem] | None = None,
    path: Path | None = None,
) -> Case:
    """Type, validate and cross-check raw tables into a :class:`Case`.

    Collects every problem from every table before raising, so a user fixes
    a file once, not once per error.

    Raises
    ------
    CaseError
        If anything is wrong; nothing is returned half-loaded.
    """
    problems = list(problems or [])
    typed, lines, files = type_raw_tables(raws, mapping, problems)
    problems.extend(cross_check(typed, lines, files, meta))
    if problems:
        raise CaseError(problems)
    name = str(meta.get("name", path.name if path else "case"))
    return Case(
        name=name, meta=MappingProxyType(dict(meta)), tables=MappingProxyType(typed), path=path
    )


def load_case(name_or_path: str | Path) -> Case:
    """Load and validate a case by built-in name or folder/workbook path.

    Parameters
    ----------
    name_or_path : str or Path
        ``"leningrad"`` for the embedded case, a folder with ``case.toml`` and
        table files, or an ``.xlsx`` workbook with one sheet per table.

    Returns
    -------
    Case

    Raises
    ------
    CaseError
        Listing every problem (table, row = line in the source file, column,
        value, reason). Nothing is loaded when it is raised.

    Examples
    --------
    >>> case = load_case("leningrad")
    >>> case.tables["regions"].query("region_id == 'RU-LEN'")["name_en"].item()
    'Leningrad Oblast'
    """
    path = resolve_case_path(name_or_path)
    if path.is_file() and path.suffix.lower() != ".xlsx":
        message = (
            f"{path.name} is a single file; a case is a folder with case.toml and one file "
            "per table, or an .xlsx workbook (add a table to a case with `regiocluster case "
            "import`)"
        )
        raise CaseError([Problem("case", None, None, message, file=path.name)])
    if path.is_file() and path.suffix.lower() == ".xlsx":
        from regiocluster.case.xlsx import read_xlsx_case

        meta, raws, problems = read_xlsx_case(path)
        return build_case(raws, meta, problems=problems, path=path)
    meta, problems = read_meta(path)
    raws, read_problems = read_raw_tables(path)
    return build_case(
        raws, meta, mapping=read_column_mapping(path), problems=problems + read_problems, path=path
    )
