"""The national scan over many years: LQ, US strong clusters and ECO stars, year by year.

Each year is a separate economy for all three measures, so the years can run
one at a time here or on Dask workers (``client=``) with the same result.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from regiocluster.batch import ClientLike, map_pieces
from regiocluster.errors import InvalidValueError
from regiocluster.mapping.strong import eco_stars, us_strong_clusters

__all__ = ["national_scan"]

_STARS = ["focus", "size_star", "specialisation_star", "focus_star", "stars"]


def _scan_year(frame: pd.DataFrame, *, columns: dict[str, str], strong: dict, stars: dict):
    """Strong clusters and ECO stars of one year's table (row order kept)."""
    names = {k: columns[k] for k in ("region", "industry", "employees")}
    out = us_strong_clusters(frame, **names, establishments=columns["establishments"], **strong)
    starred = eco_stars(frame, **names, **stars)
    for column in _STARS:
        out[column] = starred[column].to_numpy()
    return out


def national_scan(
    table: pd.DataFrame,
    *,
    year: str = "year",
    region: str = "region_id",
    industry: str = "okved",
    employees: str = "employees",
    establishments: str = "establishments",
    region_type: Mapping[str, str] | pd.Series | None = None,
    stars: Mapping[str, Any] | None = None,
    client: ClientLike = None,
) -> pd.DataFrame:
    """Location quotients, US strong clusters and ECO stars of every region × industry × year.

    Parameters
    ----------
    table : pandas.DataFrame
        Long national table: region, industry, year, employees, establishments.
    year, region, industry, employees, establishments : str, keyword-only
        Column names.
    region_type : mapping or Series, optional, keyword-only
        Region → type for :func:`~regiocluster.mapping.us_strong_clusters`.
    stars : mapping, optional, keyword-only
        Options of :func:`~regiocluster.mapping.eco_stars` (``min_lq`` ...).
    client : distributed.Client, str or bool, optional, keyword-only
        Spread the years over Dask workers (see :mod:`regiocluster.batch`);
        the result is the same as without.

    Returns
    -------
    pandas.DataFrame
        ``table`` (in its row order and index) with the columns of
        :func:`~regiocluster.mapping.us_strong_clusters` (``lq``, thresholds,
        ``strong``) and of :func:`~regiocluster.mapping.eco_stars` (``focus``,
        the three stars and ``stars``).

    Raises
    ------
    InvalidValueError
        If a named column is missing.

    Examples
    --------
    >>> from regiocluster.mapping import national_scan
    >>> national_scan(employment, client="tcp://scheduler:8786")  # doctest: +SKIP
    """
    columns = {
        "region": region,
        "industry": industry,
        "employees": employees,
        "establishments": establishments,
    }
    for name in [year, *columns.values()]:
        if name not in table.columns:
            raise InvalidValueError("column", name, valid=list(table.columns))
    if table.empty:
        raise InvalidValueError("table", "empty", reason="the scan needs at least one row")
    groups = table.groupby(year, sort=True, dropna=False).indices
    pieces = [table.iloc[rows] for rows in groups.values()]
    options = {"region_type": region_type, "by": None}
    results = map_pieces(
        _scan_year,
        pieces,
        client=client,
        columns=columns,
        strong=options,
        stars={**(stars or {}), "by": None},
    )
    order = np.argsort(np.concatenate(list(groups.values())), kind="stable")
    return pd.concat(results).iloc[order]
