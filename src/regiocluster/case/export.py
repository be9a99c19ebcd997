"""Write a case out: a clean case folder (UTF-8 CSV + ``case.toml``) or one workbook.

A written folder is what :func:`~regiocluster.case.load.load_case` reads
fastest and what version control diffs best: UTF-8 without BOM, ``,`` as
separator, ``.`` as decimal mark, newline line ends, booleans as
``true``/``false``, missing values as empty cells, floats in their shortest
exact form so that reading the file back gives the same numbers.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import tomli_w

from regiocluster.case.schema import TABLES

__all__ = ["dumps_toml", "export_csv", "frame_to_csv", "toml_value", "write_case"]

_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


def _key(key: str) -> str:
    # fullmatch: ``$`` alone would also accept a key ending in a newline.
    return key if _BARE_KEY.fullmatch(key) else _string(key)


def _string(text: str) -> str:
    escaped = (
        text.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\n", "\\n")
        .replace("\r", "\\r")
        .replace("\t", "\\t")
    )
    escaped = re.sub(r"[\x00-\x1f\x7f]", lambda m: f"\\u{ord(m.group()):04x}", escaped)
    return f'"{escaped}"'


def toml_value(value: Any) -> str:
    """Format a scalar, list or inline table as a TOML value.

    Parameters
    ----------
    value : str, int, float, bool, date, list or mapping

    Returns
    -------
    str
        Text that ``tomllib`` parses back to ``value``.
    """
    if isinstance(value, bool | np.bool_):
        return "true" if value else "false"
    if isinstance(value, int | np.integer):
        return str(int(value))
    if isinstance(value, float | np.floating):
        value = float(value)
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Mapping):
        inner = ", ".join(f"{_key(str(k))} = {toml_value(v)}" for k, v in value.items())
        return f"{{{inner}}}" if inner else "{}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    raise TypeError(f"cannot write {type(value).__name__} as TOML")


def _plain(value: Any) -> Any:
    """Turn numpy scalars, tuples and mappings into the types ``tomli_w`` writes."""
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return float(value)
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def dumps_toml(data: Mapping[str, Any]) -> str:
    """Serialise a mapping as a TOML document with ``tomli_w`` (tables as ``[section]``).

    Parameters
    ----------
    data : mapping
        Strings, numbers, booleans, dates, lists and nested mappings (numpy
        scalars are converted).

    Returns
    -------
    str

    Examples
    --------
    >>> print(dumps_toml({"name": "demo", "tables": {"regions": {"synthetic": False}}}).strip())
    name = "demo"
    <BLANKLINE>
    [tables.regions]
    synthetic = false
    """
    return tomli_w.dumps(_plain(data))


def _text_column(series: pd.Series, dtype: str) -> pd.Series:
    if dtype == "bool":
        mapped = series.astype("boolean").map({True: "true", False: "false"})
        return mapped.astype(object).where(series.notna(), "")
    if dtype == "float":
        values = pd.to_numeric(series, errors="coerce").astype("float64")
        return pd.Series(
            ["" if math.isnan(v) else _float_text(v) for v in values.tolist()],
            index=series.index,
            dtype=object,
        )
    if dtype == "int":
        values = series.astype("Int64")
        return values.astype("string").fillna("").astype(object)
    return series.astype(object).where(series.notna(), "").map(str)


def _float_text(value: float) -> str:
    if value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    return repr(value)


def frame_to_csv(frame: pd.DataFrame, table: str) -> str:
    """Render a typed case table as clean CSV text.

    Parameters
    ----------
    frame : pandas.DataFrame
        A table with (at least) the schema's columns.
    table : str
        Schema table name (gives column order and types).

    Returns
    -------
    str
        UTF-8-ready CSV text with newline line ends.
    """
    spec = TABLES[table]
    names = [c.name for c in spec.columns if c.name in frame.columns]
    text = pd.DataFrame(
        {c.name: _text_column(frame[c.name], c.dtype) for c in spec.columns if c.name in names},
        index=frame.index,
    )
    return text.to_csv(index=False, lineterminator="\n")


def write_case(
    case: Any,
    folder: Path | str,
    *,
    progress: Callable[[str], None] | None = None,
) -> Path:
    """Write a case as a clean folder: one UTF-8 CSV per table and ``case.toml``.

    Parameters
    ----------
    case : Case
        The (validated) case.
    folder : Path or str
        Target folder; created if needed, existing table files overwritten.
    progress : callable, optional
        Called with each table's name after it is written.

    Returns
    -------
    Path
        The folder.

    Examples
    --------
    >>> from regiocluster import load_case
    >>> import tempfile
    >>> out = write_case(load_case("leningrad"), tempfile.mkdtemp())
    >>> load_case(out).tables["regions"].equals(load_case("leningrad").tables["regions"])
    True
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "case.toml").write_text(dumps_toml(dict(case.meta)), encoding="utf-8")
    for name in TABLES:
        if name not in case.tables:
            continue
        (folder / f"{name}.csv").write_text(
            frame_to_csv(case.tables[name], name), encoding="utf-8", newline=""
        )
        if progress is not None:
            progress(name)
    return folder


def export_csv(case: Any, folder: Path | str) -> Path:
    """Alias of :func:`write_case` for symmetry with ``export_xlsx``."""
    return write_case(case, folder)
