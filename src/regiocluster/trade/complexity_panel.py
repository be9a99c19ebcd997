"""Economic complexity over many years: year by year, out of core, or on Dask.

Every indicator of :func:`~regiocluster.trade.complexity` depends on one year
only, so a long panel can be computed a year or two at a time.  This module
does that for panels that do not fit in memory (a Parquet file or directory
read through pyarrow two years at a time, computed side by side on two cores,
with the result written year by year to Parquet) and for panels spread over a
Dask cluster (``client=``).  Either way the numbers are those of
:func:`~regiocluster.trade.complexity` on the whole table.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from regiocluster.batch import ClientLike, map_pieces
from regiocluster.errors import InvalidValueError
from regiocluster.trade.economic_complexity import _check_cols, complexity

__all__ = ["complexity_panel"]


def _parquet_years(path: str, time: str) -> list[Any]:
    """Distinct years of a Parquet file or directory, read from the time column only."""
    import pyarrow.compute as pc
    import pyarrow.dataset as ds

    dataset = ds.dataset(path, format="parquet")
    if time not in dataset.schema.names:
        raise InvalidValueError("cols_input['time']", time, valid=dataset.schema.names)
    column = dataset.to_table(columns=[time]).column(time)
    return sorted(pc.unique(column).to_pylist())


def _read_years(path: str, time: str, years: list[Any]) -> pd.DataFrame:
    """Read some years' rows of a Parquet dataset (predicate pushed down to row groups)."""
    import pyarrow.dataset as ds

    table = ds.dataset(path, format="parquet").to_table(filter=ds.field(time).isin(years))
    return table.to_pandas()


def _one_year(piece: Any, *, source: str | None, cols: dict, out: str | None, options: dict):
    """Complexity of one piece: its frame, or a list of years to read from ``source``.

    Returns a list with one frame, or one written file, per year.
    """
    frame = _read_years(source, cols["time"], piece) if source is not None else piece
    result = complexity(frame, cols, **options)
    if out is None:
        return [result]
    time = cols["time"]
    paths = []
    years = result.groupby(time, sort=True, observed=True, dropna=False).indices
    for year, rows in years.items():
        target = Path(out) / f"{time}={year}.parquet"
        part = result if len(years) == 1 else result.take(rows)
        part.to_parquet(target, index=False)
        paths.append(str(target))
    return paths


def complexity_panel(
    source: pd.DataFrame | str | Path,
    cols_input: Mapping[str, str],
    *,
    out: str | Path | None = None,
    client: ClientLike = None,
    **options: Any,
) -> pd.DataFrame | list[Path]:
    """Economic complexity for a long panel, one year at a time.

    Parameters
    ----------
    source : DataFrame, str or Path
        The long table, or a Parquet file or directory (hive partitions
        allowed) holding it.  A Parquet source is never loaded whole: two
        years at a time (one per Dask task) are read with a filter on
        ``cols_input["time"]``, so memory is bounded by two years.
    cols_input : mapping
        As in :func:`~regiocluster.trade.complexity`.
    out : str or Path, optional, keyword-only
        A directory: each year's result is written to
        ``<out>/<time>=<year>.parquet`` and the paths are returned, so the
        result need not fit in memory either.  Default: return one DataFrame.
    client : distributed.Client, str or bool, optional, keyword-only
        Spread the years over Dask workers (see :mod:`regiocluster.batch`);
        with a Parquet source the workers read the file themselves, so it
        must be on storage they all see.
    **options
        Passed to :func:`~regiocluster.trade.complexity` (``presence_test``,
        ``knn``, ...).  ``pop`` is not supported here.

    Returns
    -------
    DataFrame or list of Path
        The rows of :func:`~regiocluster.trade.complexity` on the whole
        table, in its order; or the written files, one per year.

    Raises
    ------
    InvalidValueError
        If the time column is missing or ``pop`` is given.

    Examples
    --------
    >>> from regiocluster.trade import complexity_panel
    >>> cols = {"time": "year", "loc": "country", "prod": "hs", "val": "value"}
    >>> complexity_panel("exports.parquet", cols, out="complexity/")  # doctest: +SKIP
    """
    cols = _check_cols(cols_input)
    if "pop" in options:
        raise InvalidValueError("pop", "given", reason="use complexity() for rpop presence")
    if out is not None:
        Path(out).mkdir(parents=True, exist_ok=True)
    if isinstance(source, pd.DataFrame):
        if cols["time"] not in source.columns:
            raise InvalidValueError("cols_input['time']", cols["time"], valid=list(source.columns))
        groups = source.groupby(cols["time"], sort=True, observed=True, dropna=False).indices
        pieces: list[Any] = [source.iloc[rows] for rows in groups.values()]
        path = None
    else:
        path = str(source)
        years = _parquet_years(path, cols["time"])
        # Locally two years per read, so complexity() runs them side by side on the
        # two cores (memory: two years); on Dask, one year per task.
        step = 2 if client is None or client is False else 1
        pieces = [years[i : i + step] for i in range(0, len(years), step)]
    kwargs = {"source": path, "cols": cols, "out": None if out is None else str(out)}
    results = map_pieces(_one_year, pieces, client=client, options=options, **kwargs)
    flat = [item for part in results for item in part]
    if out is not None:
        return [Path(p) for p in flat]
    return pd.concat(flat, ignore_index=True)
