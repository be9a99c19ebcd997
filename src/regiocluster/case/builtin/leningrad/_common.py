r"""Shared helpers of the embedded-case generator: reading facts, writing CSV deterministically.

The shipped CSV files must be reproduced byte for byte by the generator, so
everything that reaches a file goes through :func:`write_table`: columns in
the schema's order, floats with a fixed number of decimals and no trailing
zeros, booleans as ``true``/``false``, missing values as empty cells, UTF-8
and ``\\n`` line ends.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from regiocluster.case.schema import TABLES

HERE = Path(__file__).resolve().parent
FACTS_DIR = HERE / "facts"

#: Seed of every random generator used by the synthetic tables.
SEED = 20240601

#: Study-area bounding box (lon_min, lat_min, lon_max, lat_max).
STUDY_BBOX = (27.0, 58.3, 36.5, 61.8)

#: History years of every yearly table.
YEARS = tuple(range(2014, 2025))

#: Years of scenario paths of demand drivers.
SCENARIO_YEARS = tuple(range(2025, 2036))

#: Decimals written for float columns; unlisted float columns get ``DEFAULT_DECIMALS``.
DEFAULT_DECIMALS = 3
DECIMALS: dict[tuple[str, str], int] = {
    ("regions", "lon"): 5,
    ("regions", "lat"): 5,
    ("regions", "population"): 0,
    ("employment", "employees"): 0,
    ("employment", "establishments"): 0,
    ("enterprises", "lon"): 5,
    ("enterprises", "lat"): 5,
    ("enterprise_finances", "employees"): 0,
    ("enterprise_finances", "fixed_assets_wear"): 3,
    ("major_projects", "lon"): 5,
    ("major_projects", "lat"): 5,
    ("sites", "lon"): 5,
    ("sites", "lat"): 5,
    ("deposits", "lon"): 5,
    ("deposits", "lat"): 5,
    ("transport_nodes", "lon"): 5,
    ("transport_nodes", "lat"): 5,
    ("trade_flows", "value_usd"): 1,
    ("trade_flows", "quantity_t"): 1,
    ("demand_drivers", "value"): 4,
    ("material_intensities", "intensity"): 4,
    ("material_intensities", "low"): 4,
    ("material_intensities", "high"): 4,
    ("io_flows", "value"): 1,
    ("io_sectors", "employment"): 1,
    ("io_sectors", "labour_income"): 1,
}


#: Columns beyond the schema's that the embedded case writes (read back as extra columns):
#: per-row provenance where kinds vary by row, and per-row sources of territorial rows.
EXTRA_COLUMNS: dict[str, tuple[str, ...]] = {
    "market_balances": ("provenance",),
    "demand_drivers": ("provenance",),
    "sites": ("source", "coordinates"),
    "deposits": ("source", "coordinates"),
    "transport_nodes": ("source", "provenance", "coordinates"),
}


def read_facts(folder: Path = FACTS_DIR) -> dict[str, pd.DataFrame]:
    """Read every hand-entered fact file of the case.

    Parameters
    ----------
    folder : Path
        The ``facts`` folder; each ``*.csv`` becomes one entry named by its stem.
        Several ``sources*.csv`` files (one per engineer) are concatenated
        into the single entry ``"sources"``.

    Returns
    -------
    dict of str to DataFrame
        All cells as strings; empty cells are empty strings.
    """
    facts: dict[str, pd.DataFrame] = {}
    sources: list[pd.DataFrame] = []
    for path in sorted(folder.glob("*.csv")):
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8", comment=None)
        if path.stem.startswith("sources"):
            sources.append(frame)
        else:
            facts[path.stem] = frame
    if sources:
        facts["sources"] = pd.concat(sources, ignore_index=True)
    return facts


def to_number(series: pd.Series) -> pd.Series:
    """Convert a fact column of strings to floats (empty → NaN)."""
    return pd.to_numeric(series.replace("", np.nan), errors="raise").astype(float)


def _format_float(value: float, decimals: int) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    text = f"{float(value):.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text in ("-0", ""):
        text = "0"
    return text


def _format_column(table: str, name: str, dtype: str, values: pd.Series) -> list[str]:
    if dtype == "float":
        decimals = DECIMALS.get((table, name), DEFAULT_DECIMALS)
        return [_format_float(v, decimals) for v in values.astype(float).tolist()]
    if dtype == "int":
        out = []
        for v in values.tolist():
            if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)):
                out.append("")
            else:
                out.append(str(int(v)))
        return out
    if dtype == "bool":
        return ["true" if bool(v) else "false" for v in values.tolist()]
    return [
        "" if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)) else str(v)
        for v in values.tolist()
    ]


def table_text(table: str, frame: pd.DataFrame) -> str:
    r"""Render ``frame`` as the canonical CSV text of ``table``.

    Parameters
    ----------
    table : str
        A key of :data:`regiocluster.case.schema.TABLES`.
    frame : DataFrame
        Must hold every declared column and the table's :data:`EXTRA_COLUMNS`;
        any other column is an error.

    Returns
    -------
    str
        The CSV text, header included, ``\\n`` line ends.
    """
    spec = TABLES[table]
    extras = EXTRA_COLUMNS.get(table, ())
    names = spec.column_names + list(extras)
    missing = [c for c in names if c not in frame.columns]
    extra = [c for c in frame.columns if c not in names]
    if missing or extra:
        raise ValueError(f"{table}: missing columns {missing}, unexpected columns {extra}")
    columns = [_format_column(table, col.name, col.dtype, frame[col.name]) for col in spec.columns]
    columns += [_format_column(table, name, "str", frame[name]) for name in extras]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(names)
    writer.writerows(zip(*columns, strict=True))
    return buffer.getvalue()


def write_table(folder: Path, table: str, frame: pd.DataFrame) -> Path:
    """Write ``frame`` as ``folder/<table>.csv`` in the canonical format."""
    path = folder / f"{table}.csv"
    path.write_bytes(table_text(table, frame).encode("utf-8"))
    return path


def write_tables(folder: Path, tables: Mapping[str, pd.DataFrame]) -> list[Path]:
    """Write several tables in the canonical format; return the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    return [write_table(folder, name, tables[name]) for name in TABLES if name in tables]
