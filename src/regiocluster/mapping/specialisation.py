"""Regional specialisation: location quotients, Hoover and Krugman indices, shift-share.

All functions take a tidy long table with one row per region × industry (×
year) and keep its labels. Suppressed or missing cells (``NaN`` in the value
column, as Rosstat leaves cells with fewer than three establishments empty)
are treated the same way everywhere:

* the cell itself gets a missing result (its ``lq`` is ``NaN``; it takes no
  part in a shift-share decomposition);
* it counts as **zero** in every total (region, industry, national). Totals
  therefore understate the truth by the suppressed amount; with a few
  percent of small cells suppressed the effect on the other quotients is of
  the same order as the suppressed share.

Nothing is imputed: an imputation is a modelling choice the caller should
make visibly (for example with published regional totals) before calling.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Literal

import numpy as np
import pandas as pd

__all__ = [
    "hoover_specialisation",
    "krugman_specialisation",
    "location_quotient",
    "shift_share",
]


def _by(table: pd.DataFrame, by: str | Sequence[str] | None) -> list[str]:
    if by is None:
        return ["year"] if "year" in table.columns else []
    if isinstance(by, str):
        return [by]
    return list(by)


def _traded_flags(
    table: pd.DataFrame,
    industry: str,
    traded: Mapping[str, bool] | pd.Series | Iterable[str] | None,
) -> pd.Series:
    codes = table[industry]
    if traded is None:
        if "traded" not in table.columns:
            raise ValueError(
                "base='traded' needs `traded` (industry -> bool, or the traded codes) "
                "or a 'traded' column in the table"
            )
        return table["traded"].astype(bool)
    # Codes the mapping leaves out are local. ``.eq(True)`` rather than
    # ``.fillna(False)``: the latter downcasts an object Series (a FutureWarning).
    if isinstance(traded, pd.Series):
        return codes.map(traded).eq(True)
    if isinstance(traded, Mapping):
        return codes.map(dict(traded)).eq(True)
    return codes.isin(set(traded))


def location_quotient(
    table: pd.DataFrame,
    *,
    region: str = "region_id",
    industry: str = "okved",
    value: str = "employees",
    base: Literal["total", "traded"] = "total",
    traded: Mapping[str, bool] | pd.Series | Iterable[str] | None = None,
    by: str | Sequence[str] | None = None,
) -> pd.DataFrame:
    r"""Location quotient of every region × industry cell.

    .. math::

        LQ_{ri} = \frac{E_{ri} / E_{r}}{E_{i} / E}

    where :math:`E_{ri}` is the value (employment) of industry *i* in region
    *r*, :math:`E_r` the region's total, :math:`E_i` the industry's total over
    all regions in the table and :math:`E` the grand total.

    Parameters
    ----------
    table : pandas.DataFrame
        Long table with the region, industry and value columns (and the
        ``by`` columns). Regions must not overlap (do not mix a region with
        its districts); the national total is the sum over the table's regions.
    region, industry, value : str
        Column names.
    base : {"total", "traded"}
        ``"total"``: the textbook base, all employment. ``"traded"``: the US
        Cluster Mapping base, where :math:`E_r` and :math:`E` are traded
        employment only and local industries get ``NaN``.
    traded : mapping, Series or iterable of codes, optional
        Which industries are traded (industry → bool, or the traded codes).
        Defaults to a boolean ``traded`` column of ``table``.
    by : str or sequence of str, optional
        Columns that split the table into separate economies (computed
        independently). Defaults to ``"year"`` when that column exists.

    Returns
    -------
    pandas.DataFrame
        ``table`` with the added column ``lq``. Suppressed cells (``NaN``
        values) get ``NaN`` and count as zero in all totals (module docstring).

    References
    ----------
    Isard, W. (1960). *Methods of Regional Analysis*. MIT Press, ch. 7.
    Delgado, M., Porter, M. E., & Stern, S. (2014). Clusters, convergence, and
    economic performance. *Research Policy*, 43(10), 1785-1799.

    Examples
    --------
    >>> from regiocluster import load_case
    >>> emp = load_case("leningrad").tables["employment"]  # doctest: +SKIP
    >>> location_quotient(emp.query("year == 2024"))  # doctest: +SKIP
    """
    keys = _by(table, by)
    out = table.copy()
    values = pd.to_numeric(out[value], errors="coerce").astype(float)
    if base == "traded":
        in_base = _traded_flags(out, industry, traded).to_numpy()
    elif base == "total":
        in_base = np.ones(len(out), dtype=bool)
    else:
        raise ValueError(f"base must be 'total' or 'traded', not {base!r}")
    base_values = values.where(in_base, 0.0).fillna(0.0)
    filled = values.fillna(0.0)
    frame = pd.DataFrame({"_v": filled, "_b": base_values}, index=out.index)
    for k in [region, industry, *keys]:
        frame[k] = out[k].to_numpy()
    region_total = frame.groupby([*keys, region], sort=False)["_b"].transform("sum")
    industry_total = frame.groupby([*keys, industry], sort=False)["_v"].transform("sum")
    grand = frame.groupby(keys, sort=False)["_b"].transform("sum") if keys else frame["_b"].sum()
    with np.errstate(divide="ignore", invalid="ignore"):
        lq = (values / region_total) / (industry_total / grand)
    lq = lq.where(in_base & values.notna().to_numpy())
    lq = lq.replace([np.inf, -np.inf], np.nan)
    out["lq"] = lq.astype(float)
    return out


def _shares(table: pd.DataFrame, region: str, industry: str, value: str) -> pd.DataFrame:
    wide = table.pivot_table(index=region, columns=industry, values=value, aggfunc="sum").fillna(
        0.0
    )
    return wide


def hoover_specialisation(
    table: pd.DataFrame,
    *,
    region: str = "region_id",
    industry: str = "okved",
    value: str = "employees",
) -> pd.Series:
    r"""Hoover coefficient of specialisation of each region against the nation.

    .. math::

        H_r = \tfrac12 \sum_i \left| \frac{E_{ri}}{E_r} - \frac{E_i}{E} \right|

    0 when the region's industry mix equals the national mix; it approaches 1
    for a region concentrated in an industry that is negligible nationally.

    Parameters
    ----------
    table : pandas.DataFrame
        Long table for one period (filter years first). Missing cells count as zero.
    region, industry, value : str
        Column names.

    Returns
    -------
    pandas.Series
        Index region, name ``hoover``.

    References
    ----------
    Hoover, E. M. (1936). The measurement of industrial localization.
    *Review of Economics and Statistics*, 18(4), 162-171.
    """
    wide = _shares(table, region, industry, value)
    regional = wide.div(wide.sum(axis=1), axis=0)
    national = wide.sum(axis=0) / wide.to_numpy().sum()
    result = 0.5 * (regional - national).abs().sum(axis=1)
    return result.rename("hoover")


def krugman_specialisation(
    table: pd.DataFrame,
    *,
    region: str = "region_id",
    industry: str = "okved",
    value: str = "employees",
) -> pd.Series:
    r"""Krugman specialisation index of each region against the rest of the country.

    .. math::

        K_r = \sum_i \left| \frac{E_{ri}}{E_r} - \frac{E_i - E_{ri}}{E - E_r} \right|

    ranging from 0 (same structure as all other regions together) to 2 (no
    industry in common).

    Parameters
    ----------
    table : pandas.DataFrame
        Long table for one period. Missing cells count as zero.
    region, industry, value : str
        Column names.

    Returns
    -------
    pandas.Series
        Index region, name ``krugman``.

    References
    ----------
    Krugman, P. (1991). *Geography and Trade*. MIT Press, appendix D.
    """
    wide = _shares(table, region, industry, value)
    regional = wide.div(wide.sum(axis=1), axis=0)
    rest = wide.sum(axis=0).to_numpy()[None, :] - wide.to_numpy()
    rest_share = rest / rest.sum(axis=1, keepdims=True)
    result = np.abs(regional.to_numpy() - rest_share).sum(axis=1)
    return pd.Series(result, index=wide.index, name="krugman")


def shift_share(
    table: pd.DataFrame,
    *,
    start: int,
    end: int,
    region: str = "region_id",
    industry: str = "okved",
    value: str = "employees",
    year: str = "year",
) -> pd.DataFrame:
    r"""Classic shift-share decomposition of the change between two years.

    For region *r* and industry *i*, with national growth
    :math:`g = E^1/E^0 - 1` and industry growth :math:`g_i = E_i^1/E_i^0 - 1`:

    .. math::

        E^1_{ri} - E^0_{ri} =
        \underbrace{E^0_{ri}\, g}_{\text{national}}
        + \underbrace{E^0_{ri}\,(g_i - g)}_{\text{industry mix}}
        + \underbrace{E^0_{ri}\,(g_{ri} - g_i)}_{\text{regional}}

    Parameters
    ----------
    table : pandas.DataFrame
        Long table with a year column.
    start, end : int
        The two years.
    region, industry, value, year : str
        Column names.

    Returns
    -------
    pandas.DataFrame
        One row per region × industry observed (non-missing) in both years,
        columns ``start_value``, ``end_value``, ``change``, ``national``,
        ``industry_mix``, ``regional``; the three components sum to
        ``change`` exactly. Cells missing in either year are left out, and
        the national and industry growth rates are computed on the cells
        present in both years, so a cell that appears or disappears through
        suppression is not mistaken for growth.

    References
    ----------
    Dunn, E. S. (1960). A statistical and analytical technique for regional
    analysis. *Papers in Regional Science*, 6(1), 97-112.
    """
    sub = table.loc[table[year].isin([start, end]), [region, industry, year, value]]
    wide = (
        sub.groupby([region, industry, year])[value]
        .sum(min_count=1)
        .unstack(year)
        .reindex(columns=[start, end])
        .dropna()
    )
    e0 = wide[start].astype(float)
    e1 = wide[end].astype(float)
    # a cell with nothing at the start has no growth to split: all change is regional
    total0 = e0.sum()
    g = e1.sum() / total0 - 1.0 if total0 > 0 else 0.0
    ind0 = e0.groupby(level=industry).transform("sum")
    ind1 = e1.groupby(level=industry).transform("sum")
    gi = (ind1 / ind0.where(ind0 > 0) - 1.0).fillna(g)
    national = e0 * g
    mix = e0 * (gi - g)
    regional = (e1 - e0) - national - mix
    out = pd.DataFrame(
        {
            "start_value": e0,
            "end_value": e1,
            "change": e1 - e0,
            "national": national,
            "industry_mix": mix,
            "regional": regional,
        }
    ).reset_index()
    out.columns.name = None
    return out
