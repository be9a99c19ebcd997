r"""Hierarchical reconciliation: forecasts whose parts add up to the whole.

Forecasting districts, the oblast, the city and the agglomeration separately
gives numbers that do not add up. Minimum-trace reconciliation (Wickramasuriya,
Athanasopoulos & Hyndman 2019) maps the base forecasts :math:`\hat y` of
every series to coherent ones,

.. math:: \tilde y = S (S^\top W^{-1} S)^{-1} S^\top W^{-1} \hat y,

where :math:`S` is the summing matrix (every series as a sum of bottom
series) and :math:`W` the covariance of base forecast errors: the identity
(``ols``), the number of bottom series under each node (``wls_struct``), or
the Schäfer–Strimmer shrinkage of the in-sample residual covariance
(``mint_shrink``). The same algebra as hierarchicalforecast's ``MinTrace``,
which the tests compare against.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

__all__ = [
    "aggregate_history",
    "forecast_hierarchy",
    "product_groups",
    "reconcile",
    "shrunk_covariance",
    "summing_matrix",
]


def summing_matrix(children: Mapping[str, Sequence[str]]) -> pd.DataFrame:
    """Build the summing matrix of a hierarchy given as each aggregate's children.

    Parameters
    ----------
    children : mapping of str to sequence of str
        ``{"RU-LEN": ["LEN-BOKS", ...], "RU-LEN+RU-SPE": ["RU-LEN", "RU-SPE"]}``.
        A child may itself be an aggregate; series that are nobody's parent
        are the bottom level. Grouped (non-nested) structures are fine as
        long as every aggregate resolves to bottom series.

    Returns
    -------
    DataFrame
        0/1 matrix, rows = aggregates (top first) then bottom series,
        columns = bottom series.
    """
    aggregates = list(children)
    mentioned = [c for kids in children.values() for c in kids]
    bottom = list(dict.fromkeys(c for c in mentioned if c not in children))

    def leaves(node: str, seen: frozenset[str] = frozenset()) -> set[str]:
        if node in seen:
            raise ValueError(f"cycle in the hierarchy at {node!r}")
        if node not in children:
            return {node}
        out: set[str] = set()
        for kid in children[node]:
            out |= leaves(kid, seen | {node})
        return out

    rows = {a: leaves(a) for a in aggregates}
    # larger aggregates first, ties in the order given
    aggregates.sort(key=lambda a: -len(rows[a]))
    S = pd.DataFrame(0.0, index=aggregates + bottom, columns=bottom)
    for a in aggregates:
        S.loc[a, sorted(rows[a], key=bottom.index)] = 1.0
    for b in bottom:
        S.loc[b, b] = 1.0
    return S


def shrunk_covariance(residuals: np.ndarray, *, ridge: float = 2e-8) -> np.ndarray:
    r"""Schäfer–Strimmer shrinkage of a residual covariance towards its diagonal.

    Parameters
    ----------
    residuals : ndarray
        Shape (observations, series), one-step in-sample residuals.
    ridge : float, keyword-only
        Floor of the diagonal, for numerical safety (hierarchicalforecast's
        ``mint_shr_ridge``).

    Returns
    -------
    ndarray
        :math:`\lambda \operatorname{diag}(\hat W) + (1 - \lambda) \hat W`,
        with :math:`\hat W` the sample covariance and :math:`\lambda` the
        estimated optimal intensity on the correlation scale,
        :math:`\sum_{i \ne j} \widehat{\mathrm{Var}}(r_{ij}) / \sum_{i \ne j} r_{ij}^2`.

    References
    ----------
    .. [1] Schäfer, J., & Strimmer, K. (2005). A shrinkage approach to
       large-scale covariance matrix estimation. Statistical Applications in
       Genetics and Molecular Biology, 4(1), 32.
    """
    r = np.asarray(residuals, dtype=float)
    n = r.shape[0]
    centred = r - r.mean(axis=0)
    cov = centred.T @ centred / (n - 1)
    sd = centred.std(axis=0)
    xs = centred / np.where(sd > 0, sd, 1.0)
    # w[t, i, j] = xs[t, i] * xs[t, j]; the sample correlation is n/(n-1) * mean_t w
    w = xs[:, :, None] * xs[:, None, :]
    w_mean = w.mean(axis=0)
    corr = n / (n - 1) * w_mean
    var_corr = n / (n - 1) ** 3 * ((w - w_mean) ** 2).sum(axis=0)
    off = ~np.eye(r.shape[1], dtype=bool)
    denom = np.sum(corr[off] ** 2)
    lam = float(np.clip(np.sum(var_corr[off]) / denom, 0.0, 1.0)) if denom > 0 else 1.0
    shrunk = (1 - lam) * cov
    shrunk[np.diag_indices_from(shrunk)] = np.maximum(np.diag(cov), ridge)
    return shrunk


def reconcile(
    forecasts: pd.DataFrame,
    S: pd.DataFrame,
    *,
    method: str = "mint_shrink",
    residuals: pd.DataFrame | None = None,
    value_columns: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Make base forecasts coherent with a hierarchy by minimum trace.

    Parameters
    ----------
    forecasts : DataFrame
        Long table ``unique_id``, ``ds``, ``y`` (and optional interval
        columns) holding every series of ``S``'s index.
    S : DataFrame
        Summing matrix from :func:`summing_matrix`.
    method : {"ols", "wls_struct", "mint_shrink"}, keyword-only
        Weighting. ``mint_shrink`` needs ``residuals`` and falls back to
        ``wls_struct`` without them.
    residuals : DataFrame, optional, keyword-only
        Wide in-sample residuals, one column per series of ``S``.
    value_columns : sequence of str, optional, keyword-only
        Columns to reconcile (default ``y``). Interval columns (``lo_*``,
        ``hi_*``) are shifted by the point forecast's adjustment, which keeps
        their width and leaves them centred on the coherent forecast.

    Returns
    -------
    DataFrame
        ``forecasts`` with coherent values (same rows and columns).

    References
    ----------
    .. [1] Wickramasuriya, S. L., Athanasopoulos, G., & Hyndman, R. J. (2019).
       Optimal forecast reconciliation for hierarchical and grouped time series
       through trace minimization. JASA, 114(526), 804-819.
    .. [2] Olivares, K. G., et al. (2024). HierarchicalForecast: a reference
       framework for hierarchical forecasting in Python. arXiv:2207.03517.
    """
    order = list(S.index)
    s = S.to_numpy(float)
    if method == "ols":
        w = np.eye(len(order))
    elif method == "wls_struct" or (method == "mint_shrink" and residuals is None):
        w = np.diag(s.sum(axis=1))
    elif method == "mint_shrink":
        w = shrunk_covariance(residuals[order].dropna().to_numpy(float))
    else:
        raise ValueError(f"unknown method {method!r}")
    w_inv_s = np.linalg.solve(w, s)
    projection = s @ np.linalg.solve(s.T @ w_inv_s, w_inv_s.T)
    cols = list(value_columns or ["y"])
    out = forecasts.copy()
    for col in cols:
        wide = forecasts.pivot(index="unique_id", columns="ds", values=col).reindex(order)
        if wide.isna().any().any():
            missing = wide.index[wide.isna().any(axis=1)].tolist()
            raise ValueError(f"forecasts lack series or steps for {missing}")
        coherent = pd.DataFrame(
            projection @ wide.to_numpy(), index=wide.index, columns=wide.columns
        )
        long = coherent.stack().rename("__new").reset_index()
        merged = out[["unique_id", "ds"]].merge(long, on=["unique_id", "ds"], how="left")
        new = merged["__new"].to_numpy()
        if col == "y":
            shift = new - out["y"].to_numpy()
            for other in out.columns:
                if other.startswith(("lo_", "hi_")) and other not in cols:
                    out[other] = out[other].to_numpy() + shift
        out[col] = np.where(np.isnan(new), out[col].to_numpy(), new)
    return out


def aggregate_history(bottom: pd.DataFrame, S: pd.DataFrame) -> pd.DataFrame:
    """Sum the bottom series' histories into every series of ``S``.

    Parameters
    ----------
    bottom : DataFrame
        Long ``unique_id``, ``ds``, ``y`` for the bottom series (``S.columns``).
    S : DataFrame
        Summing matrix.

    Returns
    -------
    DataFrame
        Long ``unique_id``, ``ds``, ``y`` for every row of ``S``, over the
        periods where all bottom series are observed.
    """
    wide = bottom.pivot(index="ds", columns="unique_id", values="y")[list(S.columns)].dropna()
    full = pd.DataFrame(wide.to_numpy() @ S.to_numpy(float).T, index=wide.index, columns=S.index)
    long = full.rename_axis(columns="unique_id").stack().rename("y").reset_index()
    return long[["unique_id", "ds", "y"]]


def forecast_hierarchy(
    bottom: pd.DataFrame,
    children: Mapping[str, Sequence[str]],
    horizon: int,
    *,
    method: str = "wls_struct",
    level: Sequence[int] = (80, 95),
    n_jobs: int | None = 1,
) -> pd.DataFrame:
    """Forecast every level of a hierarchy and reconcile the forecasts.

    Each series (bottom and aggregates summed from them) gets its own base
    forecast by :func:`regiocluster.market.forecast`; :func:`reconcile` then
    makes them add up.

    Parameters
    ----------
    bottom : DataFrame
        Long ``unique_id``, ``ds``, ``y`` of the bottom series.
    children : mapping
        Hierarchy, as for :func:`summing_matrix`.
    horizon : int
        Steps ahead.
    method : {"ols", "wls_struct"}, keyword-only
        Reconciliation weights (the structural scaling needs no residuals,
        which short yearly series cannot supply reliably).
    level : sequence of int, keyword-only
        Interval coverage.
    n_jobs : int, optional, keyword-only
        Passed to :func:`~regiocluster.market.forecast`.

    Returns
    -------
    DataFrame
        Coherent forecasts, long, with ``base`` (the unreconciled point).
    """
    from regiocluster.market.forecast import forecast

    S = summing_matrix(children)
    history = aggregate_history(bottom, S)
    base = forecast(history, horizon, level=level, n_jobs=n_jobs)
    out = reconcile(base, S, method=method)
    out["base"] = base["y"].to_numpy()
    return out


def product_groups(products: pd.DataFrame, *, total: str | None = "all") -> dict[str, list[str]]:
    """Hierarchy of products under their groups (and the groups under a total).

    Quantities must share a unit to add up: convert each product to tonnes
    with ``products.tonnes_per_unit`` before forecasting the hierarchy.

    Parameters
    ----------
    products : DataFrame
        ``product_id`` and ``group`` (the case's ``products``).
    total : str or None, keyword-only
        Name of the top node; None for groups only.

    Returns
    -------
    dict
        Children of every group (and of the total), for :func:`summing_matrix`.
    """
    children = {
        str(group): sorted(g["product_id"].astype(str))
        for group, g in products.groupby("group", sort=True)
    }
    # a group named like one of its products would make a cycle
    children = {f"group:{k}" if k in v else k: v for k, v in children.items()}
    if total is not None:
        return {total: sorted(children), **children}
    return children
