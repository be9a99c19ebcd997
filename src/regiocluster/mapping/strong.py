"""Strong-cluster rules: US Cluster Mapping and European Cluster Observatory stars.

Both rules rank every region's industry (or cluster category) against the
same industry in the other regions; thresholds are parameters with the
published defaults.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from regiocluster.mapping.specialisation import _by, location_quotient

__all__ = ["eco_stars", "us_strong_clusters"]


def us_strong_clusters(
    table: pd.DataFrame,
    *,
    region: str = "region_id",
    industry: str = "okved",
    employees: str = "employees",
    establishments: str = "establishments",
    region_type: Mapping[str, str] | pd.Series | None = None,
    lq_percentile: float = 75.0,
    size_percentile: float = 25.0,
    min_lq: float = 1.0,
    lq_column: str | None = None,
    by: str | Sequence[str] | None = None,
) -> pd.DataFrame:
    """US Cluster Mapping rule for strong clusters.

    A region's industry (cluster) is *strong* when, among regions of the same
    type whose employment in that industry is above zero:

    * its location quotient is **at or above** the ``lq_percentile``-th
      percentile (75th; 90th for the stricter variant),
    * its employment and its establishment count are **above** (strictly)
      the ``size_percentile``-th percentile (25th), and
    * its location quotient is at least ``min_lq`` (1).

    Percentiles are computed with linear interpolation between order
    statistics (``numpy.percentile``'s default) over the qualifying regions.
    A cell with a suppressed (missing) employment or establishment count is
    never strong, and takes no part in the percentiles of that measure.

    Parameters
    ----------
    table : pandas.DataFrame
        Long table with employees and establishments per region × industry.
    region, industry, employees, establishments : str
        Column names.
    region_type : mapping or Series, optional
        Region → type (state, economic area, federal subject, district ...).
        Regions are compared only with regions of the same type. Default:
        one type.
    lq_percentile : float
        Percentile of the location quotient to reach (75 as published; 90
        for the "top 10%" variant).
    size_percentile : float
        Percentile that employment and establishments must exceed (25).
    min_lq : float
        Minimum location quotient (1).
    lq_column : str, optional
        Use an existing LQ column (for example computed with the traded base)
        instead of computing the total-base LQ.
    by : str or sequence of str, optional
        Separate economies (default ``"year"`` when present).

    Returns
    -------
    pandas.DataFrame
        ``table`` with ``lq``, the thresholds ``lq_threshold``,
        ``employees_threshold``, ``establishments_threshold`` and the flag
        ``strong``.

    References
    ----------
    Delgado, M., Porter, M. E., & Stern, S. (2014). Clusters, convergence, and
    economic performance. *Research Policy*, 43(10), 1785-1799.
    U.S. Cluster Mapping Project, Harvard Business School: methodology and
    glossary ("strong clusters"), https://clustermapping.us.
    """
    keys = _by(table, by)
    if lq_column is None:
        out = location_quotient(table, region=region, industry=industry, value=employees, by=keys)
        lq_column = "lq"
    else:
        out = table.copy()
        if lq_column != "lq":
            out["lq"] = out[lq_column]
    if region_type is None:
        out["_type"] = "all"
    else:
        mapping = region_type if isinstance(region_type, pd.Series) else pd.Series(region_type)
        out["_type"] = out[region].map(mapping)
    emp = pd.to_numeric(out[employees], errors="coerce")
    est = pd.to_numeric(out[establishments], errors="coerce")
    active = emp > 0
    groups = [*keys, "_type", industry]

    def _pct(col: pd.Series, q: float) -> pd.Series:
        masked = col.where(active)
        return masked.groupby([out[g] for g in groups], dropna=False).transform(
            "quantile", q / 100.0
        )

    out["lq_threshold"] = _pct(out["lq"], lq_percentile)
    out["employees_threshold"] = _pct(emp, size_percentile)
    out["establishments_threshold"] = _pct(est, size_percentile)
    strong = (
        active
        & (out["lq"] >= out["lq_threshold"])
        & (emp > out["employees_threshold"])
        & (est > out["establishments_threshold"])
        & (out["lq"] >= min_lq)
    )
    out["strong"] = strong.fillna(False).astype(bool)
    return out.drop(columns="_type")


def eco_stars(
    table: pd.DataFrame,
    *,
    region: str = "region_id",
    industry: str = "okved",
    employees: str = "employees",
    size_top_share: float = 0.10,
    min_lq: float = 2.0,
    focus_top_share: float = 0.10,
    focus_within: str = "all",
    by: str | Sequence[str] | None = None,
) -> pd.DataFrame:
    """European Cluster Observatory stars: size, specialisation, focus.

    Each regional cluster (region × category) gets one star for each of:

    * **size** — its employment is in the top ``size_top_share`` (10%) of all
      regional clusters of the same category;
    * **specialisation** — its location quotient is at least ``min_lq`` (2);
    * **focus** — its share of the region's total employment is in the top
      ``focus_top_share`` (10%) of regional clusters. The Observatory ranks
      focus across all regional clusters (``focus_within="all"``); ranking
      within a category (``"category"``) is offered but, since focus equals
      LQ times the category's national share, it then orders the regions
      exactly as the LQ does.

    "Top 10%" means at or above the 90th percentile (linear interpolation)
    of the regional clusters with employment above zero; suppressed cells
    get no star for size or focus and no LQ.

    Parameters
    ----------
    table : pandas.DataFrame
        Long table of employment by region × category.
    region, industry, employees : str
        Column names.
    size_top_share, focus_top_share : float
        Shares at the top that earn the size and focus stars.
    min_lq : float
        Location quotient that earns the specialisation star.
    focus_within : {"all", "category"}
        Population over which the focus ranking is made.
    by : str or sequence of str, optional
        Separate economies (default ``"year"`` when present).

    Returns
    -------
    pandas.DataFrame
        ``table`` with ``lq``, ``focus`` (share of the region's employment),
        boolean ``size_star``, ``specialisation_star``, ``focus_star`` and
        the integer ``stars`` (0-3).

    References
    ----------
    European Cluster Observatory, "Evaluation of regional cluster strength"
    (Center for Strategy and Competitiveness, Stockholm School of Economics),
    https://www.clusterobservatory.eu. Ketels, C., & Protsiv, S. (2013).
    *Methodology and Findings Report for a Cluster Mapping of Related Sectors*.
    European Cluster Observatory.
    """
    keys = _by(table, by)
    out = location_quotient(table, region=region, industry=industry, value=employees, by=keys)
    emp = pd.to_numeric(out[employees], errors="coerce")
    region_total = emp.fillna(0.0).groupby([out[k] for k in [*keys, region]]).transform("sum")
    out["focus"] = emp / region_total
    active = emp > 0

    def _top(col: pd.Series, groups: list[str], share: float) -> pd.Series:
        masked = col.where(active)
        if groups:
            threshold = masked.groupby([out[g] for g in groups], dropna=False).transform(
                "quantile", 1.0 - share
            )
        else:
            threshold = pd.Series(np.nanpercentile(masked, 100 * (1 - share)), index=out.index)
        return (active & (masked >= threshold)).fillna(False).astype(bool)

    out["size_star"] = _top(emp, [*keys, industry], size_top_share)
    out["specialisation_star"] = (out["lq"] >= min_lq).fillna(False).astype(bool)
    if focus_within == "all":
        focus_groups = keys
    elif focus_within == "category":
        focus_groups = [*keys, industry]
    else:
        raise ValueError("focus_within must be 'all' or 'category'")
    out["focus_star"] = _top(out["focus"], focus_groups, focus_top_share)
    out["stars"] = (
        out["size_star"].astype(int)
        + out["specialisation_star"].astype(int)
        + out["focus_star"].astype(int)
    )
    return out
