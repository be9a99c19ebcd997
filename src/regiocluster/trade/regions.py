"""Economic complexity for sub-national regions without double counting.

A region's exports are already inside its country's exports.  Adding the
region to the world matrix as one more location counts them twice: world
totals grow, the country's RCA and the region's share are both distorted, and
densities computed against the inflated matrix can exceed 1 (py-ecomplexity
issue #6).  Two consistent ways are offered here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd

from regiocluster.trade.economic_complexity import complexity

__all__ = ["carve_out", "regional_complexity", "RegionalComplexity"]


def carve_out(
    world: pd.DataFrame,
    regions: pd.DataFrame,
    *,
    parent: Mapping[str, str],
    cols_input: Mapping[str, str],
) -> pd.DataFrame:
    r"""Move regions' values out of their countries into rows of their own.

    Parameters
    ----------
    world : DataFrame
        Long world table (time, location, product, value) of countries.
    regions : DataFrame
        The same columns for sub-national regions.
    parent : mapping
        Region → its country's location code in ``world``.
    cols_input : mapping
        Column names for ``time``, ``loc``, ``prod``, ``val`` (as in
        :func:`~regiocluster.trade.complexity`).

    Returns
    -------
    DataFrame
        ``world`` with every country's values reduced by the values of its
        regions (the rest of the country) and the regions appended.  For every
        product and year the total over locations equals the world's: nothing
        is counted twice.

    Raises
    ------
    ValueError
        If a region has no parent, its parent is not in ``world``, or a region
        exports more of a product than its country (negative remainder).

    References
    ----------
    Growth Lab, py-ecomplexity issue #6 (regions and countries in one matrix).
    """
    time, loc, prod, val = (cols_input[k] for k in ("time", "loc", "prod", "val"))
    lacking = sorted(set(regions[loc]) - set(parent))
    if lacking:
        raise ValueError(f"regions without a parent country: {lacking}")
    countries = set(world[loc])
    unknown = sorted({parent[r] for r in regions[loc].unique()} - countries)
    if unknown:
        raise ValueError(f"parent countries not in the world table: {unknown}")
    keys = [time, loc, prod]
    base = world[keys + [val]].groupby(keys, as_index=False, sort=False)[val].sum()
    parts = regions[keys + [val]].groupby(keys, as_index=False, sort=False)[val].sum()
    removal = parts.assign(**{loc: parts[loc].map(parent)})
    removal = removal.groupby(keys, as_index=False)[val].sum()
    merged = base.merge(removal, on=keys, how="outer", suffixes=("", "_regions"))
    merged[val] = merged[val].fillna(0.0) - merged[f"{val}_regions"].fillna(0.0)
    scale = np.maximum(merged[f"{val}_regions"].fillna(0.0).abs(), 1.0)
    if (merged[val] < -1e-9 * scale).any():
        bad = merged.loc[merged[val] < -1e-9 * scale, keys].iloc[0].to_dict()
        raise ValueError(f"regions export more than their country: {bad}")
    merged[val] = merged[val].clip(lower=0.0)
    rest = merged[keys + [val]]
    return pd.concat([rest, parts], ignore_index=True)


@dataclass(frozen=True)
class RegionalComplexity:
    """Complexity of sub-national regions against the world and their country.

    Attributes
    ----------
    regions : DataFrame
        One row per region × product × year: ``rca`` (against the world),
        ``rca_country`` (against the region's own country), ``mcp``,
        ``diversity``, ``eci``, ``pci``, ``density``, and for ``carve_out`` also
        ``coi`` and ``cog``.
    world : DataFrame
        The complexity table of the matrix the regions were placed in.
    method : str
        ``"carve_out"`` or ``"project"``.
    """

    regions: pd.DataFrame
    world: pd.DataFrame
    method: str


def regional_complexity(
    world: pd.DataFrame,
    regions: pd.DataFrame,
    *,
    parent: Mapping[str, str],
    cols_input: Mapping[str, str],
    method: Literal["carve_out", "project"] = "carve_out",
    **options: Any,
) -> RegionalComplexity:
    r"""RCA, ECI and density of sub-national regions, counted once.

    Parameters
    ----------
    world : DataFrame
        Country × product × year values (the world matrix).
    regions : DataFrame
        Region × product × year values with the same columns; each region's
        values are part of its country's.
    parent : mapping
        Region → country code in ``world``.
    cols_input : mapping
        Column names for ``time``, ``loc``, ``prod``, ``val``.
    method : {"carve_out", "project"}
        ``"carve_out"``: remove each region's values from its country (which
        becomes the rest of the country) and add the region as a location of
        the world matrix (:func:`carve_out`); every indicator, including the
        product space, is computed on that matrix, so a region is compared to
        the rest of the world including the rest of its own country.
        ``"project"``: keep the countries' product space (PCI, proximity)
        untouched and place the regions in it: RCA against world totals,
        presence, diversity, ECI as the mean PCI of the region's products (the
        identity that holds for countries after normalisation) and density
        from the countries' proximity.
    **options
        Passed to :func:`~regiocluster.trade.complexity` (``presence_test``
        "rca" or "manual", ``rca_mcp_threshold``, ``asymmetric`` ...).

    Returns
    -------
    RegionalComplexity

    Notes
    -----
    With the region's values :math:`X_{rp}`, its country's :math:`X_{cp}`, and
    world totals :math:`X_p`, :math:`X` (which already contain the region):

    .. math::
        \mathrm{RCA}_{rp} = \frac{X_{rp}/X_r}{X_p/X},\qquad
        \mathrm{RCA}^{\mathrm{country}}_{rp} = \frac{X_{rp}/X_r}{X_{cp}/X_c},\qquad
        \omega_{rp} = \frac{\sum_q M_{rq}\phi_{pq}}{\sum_q \phi_{pq}} \in [0, 1].

    References
    ----------
    Hidalgo, C. A., & Hausmann, R. (2009). The building blocks of economic
    complexity. PNAS, 106(26), 10570-10575.
    Gao, J., & Zhou, T. (2018). Quantifying China's regional economic
    complexity. Physica A, 492, 1591-1603.
    Growth Lab, py-ecomplexity issue #6.
    """
    time, loc, prod, val = (cols_input[k] for k in ("time", "loc", "prod", "val"))
    region_ids = list(pd.unique(regions[loc]))
    if method == "carve_out":
        table = carve_out(world, regions, parent=parent, cols_input=cols_input)
        result = complexity(table, cols_input, **options)
        out = result[result[loc].isin(region_ids)].copy()
    elif method == "project":
        result = complexity(world, cols_input, **options)
        out = _project(result, regions, cols_input, options)
    else:
        raise ValueError(f"method must be carve_out or project, not {method!r}")
    out = _with_country_rca(out, world, regions, parent=parent, cols_input=cols_input)
    out = out.sort_values([time, loc, prod], ignore_index=True)
    return RegionalComplexity(regions=out, world=result, method=method)


def _project(
    result: pd.DataFrame, regions: pd.DataFrame, cols: Mapping[str, str], options: dict
) -> pd.DataFrame:
    """Place regions in the countries' product space without changing it."""
    time, loc, prod, val = (cols[k] for k in ("time", "loc", "prod", "val"))
    presence = options.get("presence_test", "rca")
    if presence not in ("rca", "manual"):
        raise ValueError("method='project' supports presence_test 'rca' and 'manual'")
    threshold = options.get("rca_mcp_threshold", 1)
    valid = result.dropna(subset=["mcp"])
    out_frames = []
    for year, in_year in valid.groupby(time, sort=True):
        products = pd.Index(sorted(in_year[prod].unique()))
        countries = pd.Index(sorted(in_year[loc].unique()))
        values = in_year.pivot(index=loc, columns=prod, values=val).reindex(
            index=countries, columns=products
        )
        mcp_c = in_year.pivot(index=loc, columns=prod, values="mcp").reindex(
            index=countries, columns=products
        )
        pci = in_year.groupby(prod)["pci"].first().reindex(products).to_numpy()
        region_year = regions[regions[time] == year]
        if region_year.empty:
            continue
        wide = (
            region_year.groupby([loc, prod])[val]
            .sum()
            .unstack(prod)
            .reindex(columns=products)
            .fillna(0.0)
        )
        x = wide.to_numpy(dtype=float)
        if presence == "manual":
            rca = x
            mcp = x
        else:
            world_p = values.to_numpy(dtype=float).sum(axis=0)
            with np.errstate(divide="ignore", invalid="ignore"):
                rca = (x / x.sum(axis=1, keepdims=True)) / (world_p / world_p.sum())
            mcp = (np.nan_to_num(rca) >= threshold).astype(np.int64)
        m_c = mcp_c.to_numpy(dtype=float)
        ubiquity = m_c.sum(axis=0)
        co = m_c.T @ m_c
        with np.errstate(divide="ignore", invalid="ignore"):
            if options.get("asymmetric", options.get("asym", False)):
                phi = co / ubiquity[:, None]
            else:
                phi = co / np.maximum(ubiquity[:, None], ubiquity[None, :])
        phi = np.where(np.isfinite(phi), phi, 0.0)
        np.fill_diagonal(phi, 1.0)
        density = (mcp @ phi.T) / phi.sum(axis=1)[None, :]
        diversity = mcp.sum(axis=1)
        pci_safe = np.nan_to_num(pci)
        with np.errstate(divide="ignore", invalid="ignore"):
            eci = np.where(diversity > 0, (mcp @ pci_safe) / diversity, np.nan)
        n_r, n_p = x.shape
        out_frames.append(
            pd.DataFrame(
                {
                    loc: np.repeat(wide.index.to_numpy(), n_p),
                    prod: np.tile(products.to_numpy(), n_r),
                    val: x.ravel(),
                    time: year,
                    "diversity": np.repeat(diversity, n_p),
                    "ubiquity": np.tile(ubiquity, n_r),
                    "mcp": mcp.ravel(),
                    "eci": np.repeat(eci, n_p),
                    "pci": np.tile(pci, n_r),
                    "density": density.ravel(),
                    "rca": np.asarray(rca, dtype=float).ravel(),
                }
            )
        )
    if not out_frames:
        return result.iloc[:0]
    return pd.concat(out_frames, ignore_index=True)


def _with_country_rca(
    out: pd.DataFrame,
    world: pd.DataFrame,
    regions: pd.DataFrame,
    *,
    parent: Mapping[str, str],
    cols_input: Mapping[str, str],
) -> pd.DataFrame:
    """Add RCA of each region against its own country."""
    time, loc, prod, val = (cols_input[k] for k in ("time", "loc", "prod", "val"))
    country = world.groupby([time, loc, prod], as_index=False)[val].sum()
    country["country_share"] = country[val] / country.groupby([time, loc])[val].transform("sum")
    country = country.rename(columns={loc: "_country"})[[time, "_country", prod, "country_share"]]
    region = regions.groupby([time, loc, prod], as_index=False)[val].sum()
    region["region_share"] = region[val] / region.groupby([time, loc])[val].transform("sum")
    region["_country"] = region[loc].map(parent)
    merged = region.merge(country, on=[time, "_country", prod], how="left")
    with np.errstate(divide="ignore", invalid="ignore"):
        merged["rca_country"] = merged["region_share"] / merged["country_share"]
    return out.merge(merged[[time, loc, prod, "rca_country"]], on=[time, loc, prod], how="left")
