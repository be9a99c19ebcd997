"""Aggregate a firm registry into region × industry employment with DuckDB.

A national firm registry (millions of rows: firm, region, OKVED code,
employees) is too large to pass through pandas comfortably; DuckDB scans the
CSV or Parquet file in parallel and returns only the aggregate. This is the
data-entry side of mapping: its output is an ``employment`` table.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

__all__ = ["registry_employment"]


def registry_employment(
    source: str | Path | pd.DataFrame,
    *,
    digits: int = 2,
    region: str = "region_id",
    industry: str = "okved",
    employees: str = "employees",
    threads: int | None = None,
) -> pd.DataFrame:
    """Employees and establishments by region × industry from a firm registry.

    Parameters
    ----------
    source : path or pandas.DataFrame
        A CSV or Parquet file (one row per establishment), or a DataFrame.
    digits : int
        OKVED level to aggregate to: 2 = division (``23``), 3 = group
        (``23.5``), 4 = class (``23.51``).
    region, industry, employees : str
        Column names in the registry.
    threads : int, optional
        DuckDB threads (default: all cores).

    Returns
    -------
    pandas.DataFrame
        Columns ``region_id``, ``okved``, ``employees`` (sum) and
        ``establishments`` (rows), sorted by region and industry. Rows with a
        missing employee count are counted as establishments but add nothing
        to employees.
    """
    # "23.51.2" -> first `digits` digits, re-dotted after the division
    width = digits + (1 if digits > 2 else 0)
    con = duckdb.connect()
    try:
        if threads is not None:
            con.execute(f"SET threads TO {int(threads)}")
        if isinstance(source, pd.DataFrame):
            con.register("registry", source)
            relation = "registry"
        else:
            path = str(source).replace("'", "''")
            reader = "read_parquet" if str(source).endswith(".parquet") else "read_csv_auto"
            relation = f"{reader}('{path}')"
        query = f"""
            SELECT CAST("{region}" AS VARCHAR) AS region_id,
                   substr(CAST("{industry}" AS VARCHAR), 1, {width}) AS okved,
                   CAST(sum("{employees}") AS DOUBLE) AS employees,
                   CAST(count(*) AS DOUBLE) AS establishments
            FROM {relation}
            GROUP BY 1, 2
            ORDER BY 1, 2
        """
        return con.execute(query).df()
    finally:
        con.close()
