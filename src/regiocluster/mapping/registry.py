"""Aggregate a firm registry into region × industry employment with DuckDB.

A national firm registry (millions of rows: firm, region, OKVED code,
employees) is too large to pass through pandas comfortably; DuckDB scans the
CSV or Parquet file in parallel and returns only the aggregate. This is the
data-entry side of mapping: its output is an ``employment`` table.
"""

from __future__ import annotations

import csv
import gzip
from pathlib import Path

import duckdb
import pandas as pd

from regiocluster.errors import InvalidValueError

__all__ = ["registry_employment"]


def _csv_header(path: str) -> tuple[str, list[str]]:
    """Delimiter and column names from the header line (the only line Python reads)."""
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8-sig", newline="") as handle:
        line = handle.readline()
    delimiter = max([",", ";", "\t", "|"], key=line.count)
    return delimiter, next(csv.reader([line], delimiter=delimiter))


def _csv_relation(path: str, region: str, industry: str, employees: str, year: str | None) -> str:
    """``read_csv`` with every column typed up front: no sniffing, codes stay text.

    A sniffer would read "08.12" as the number 8.12; here the codes are VARCHAR,
    employees DOUBLE, the year INTEGER and columns the query does not use
    VARCHAR (DuckDB skips converting them).
    """
    delimiter, names = _csv_header(path)
    types = {region: "VARCHAR", industry: "VARCHAR", employees: "DOUBLE"}
    if year is not None:
        types[year] = "INTEGER"
    for name in types:
        if name not in names:
            raise InvalidValueError("registry column", name, valid=names)
    columns = ", ".join(
        "'{}': '{}'".format(n.replace("'", "''"), types.get(n, "VARCHAR")) for n in names
    )
    quoted = path.replace("'", "''")
    return (
        f"read_csv('{quoted}', columns={{{columns}}}, header=true, "
        f"delim='{delimiter}', quote='\"', escape='\"', auto_detect=false)"
    )


def registry_employment(
    source: str | Path | pd.DataFrame,
    *,
    digits: int = 2,
    region: str = "region_id",
    industry: str = "okved",
    employees: str = "employees",
    year: str | None = None,
    threads: int | None = None,
    memory_limit: str | None = "2GB",
) -> pd.DataFrame:
    """Employees and establishments by region × industry (× year) from a firm registry.

    The file is streamed by DuckDB in parallel: the registry never sits in
    pandas, a CSV's columns are typed from its header line (nothing is
    sniffed), only the aggregate comes back, and
    DuckDB's own memory is capped by ``memory_limit`` (it spills to disk
    past it), so a registry larger than memory aggregates all the same.

    Parameters
    ----------
    source : path or pandas.DataFrame
        A CSV or Parquet file (one row per establishment), or a DataFrame.
    digits : int
        OKVED level to aggregate to: 2 = division (``23``), 3 = group
        (``23.5``), 4 = class (``23.51``).
    region, industry, employees : str
        Column names in the registry.
    year : str, optional
        Column of the year (one row per establishment and year); the result
        then has a ``year`` column too.
    threads : int, optional
        DuckDB threads (default: all cores).
    memory_limit : str, optional
        DuckDB's memory cap (``"2GB"``); None leaves DuckDB's default.

    Returns
    -------
    pandas.DataFrame
        Columns ``region_id``, ``okved``, (``year``,) ``employees`` (sum) and
        ``establishments`` (rows), sorted by region, industry (and year). Rows with a
        missing employee count are counted as establishments but add nothing
        to employees.
    """
    # "23.51.2" -> first `digits` digits, re-dotted after the division
    width = digits + (1 if digits > 2 else 0)
    # analyses never print: no DuckDB progress bar on a long scan
    con = duckdb.connect()
    try:
        con.execute("SET enable_progress_bar = false")
        if threads is not None:
            con.execute(f"SET threads TO {int(threads)}")
        if memory_limit is not None:
            con.execute("SET memory_limit = ?", [memory_limit])
        if isinstance(source, pd.DataFrame):
            con.register("registry", source)
            relation = "registry"
        else:
            path = str(source).replace("'", "''")
            if str(source).endswith(".parquet"):
                relation = f"read_parquet('{path}')"
            else:
                relation = _csv_relation(str(source), region, industry, employees, year)
        year_column = "" if year is None else f', CAST("{year}" AS INTEGER) AS year'
        keys = "1, 2" if year is None else "1, 2, 3"
        query = f"""
            SELECT CAST("{region}" AS VARCHAR) AS region_id,
                   substr(CAST("{industry}" AS VARCHAR), 1, {width}) AS okved{year_column},
                   CAST(sum("{employees}") AS DOUBLE) AS employees,
                   CAST(count(*) AS DOUBLE) AS establishments
            FROM {relation}
            GROUP BY {keys}
            ORDER BY {keys}
        """
        return con.execute(query).df()
    finally:
        con.close()
