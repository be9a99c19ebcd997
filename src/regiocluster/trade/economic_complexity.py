"""Economic complexity: RCA, presence, ECI/PCI, proximity, density, COI and COG.

A vectorised re-implementation of Harvard Growth Lab's ``ecomplexity``
package (py-ecomplexity 0.5.3) with the same parameters, definitions,
normalisation, sign conventions and output column names.  All years are
computed at once on a dense ``year × location × product`` cube with batched
linear algebra; no Python loop runs over locations or products.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from typing import Literal

import numpy as np
import pandas as pd

from regiocluster.trade._complexity_frame import assemble, conform
from regiocluster.trade._cube import Cube as _Cube
from regiocluster.trade._cube import cube as _cube
from regiocluster.trade._presence import presence
from regiocluster.trade._product_space import ProductSpace

__all__ = ["complexity", "proximity", "PresenceTest"]

PresenceTest = Literal["rca", "rpop", "both", "manual"]

_LOG = logging.getLogger(__name__)
_KEYS = ("time", "loc", "prod", "val")


def _check_cols(cols_input: Mapping[str, str]) -> dict[str, str]:
    missing = set(_KEYS) - set(cols_input)
    if missing:
        raise ValueError(f"cols_input lacks the keys {sorted(missing)}; it needs {list(_KEYS)}")
    return {k: cols_input[k] for k in _KEYS}


def _one_blas_thread(threads: int = 1) -> contextlib.AbstractContextManager:
    """Context in which BLAS runs on ``threads`` threads (no-op without threadpoolctl)."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - optional speed-up
        return contextlib.nullcontext()
    return threadpool_limits(threads, user_api="blas")


def _eigh(stack: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Eigen-decompose a stack of small symmetric matrices on one BLAS thread.

    The matrices are at most a few hundred wide; threads only contend there.
    """
    with _one_blas_thread():
        return np.linalg.eigh(stack)


def _bmm(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Multiply stacks of matrices (einsum's BLAS path beats stacked matmul here)."""
    if a.shape[0] == 1:  # one large year: a plain GEMM, no einsum bookkeeping
        return np.matmul(a[0], b[0])[None]
    return np.einsum("tij,tjk->tik", a, b, optimize=True)


def _masked_mean_std(x: np.ndarray, mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Mean and population standard deviation along the last axis over ``mask``."""
    n = mask.sum(axis=-1)
    xz = np.where(mask, x, 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        mean = xz.sum(axis=-1) / n
        var = (np.where(mask, x - mean[..., None], 0.0) ** 2).sum(axis=-1) / n
    return mean, np.sqrt(var)


def _eci_pci(
    mcp: np.ndarray, diversity: np.ndarray, ubiquity: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    r"""Compute raw (un-normalised) ECI and PCI with ecomplexity's sign convention.

    The eigenproblem of :math:`\tilde M_{pp'}` is solved through the symmetric
    Gram matrix of :math:`D^{-1/2} M U^{-1/2}` on its smaller side, which has
    the same non-zero eigenvalues; rows and columns that are absent in a year
    are zero and only add zero eigenvalues.
    """
    m = mcp.astype(float)
    loc_ok = diversity > 0
    prod_ok = ubiquity > 0
    with np.errstate(divide="ignore"):
        d_isqrt = np.where(loc_ok, 1.0 / np.sqrt(np.where(loc_ok, diversity, 1.0)), 0.0)
        u_isqrt = np.where(prod_ok, 1.0 / np.sqrt(np.where(prod_ok, ubiquity, 1.0)), 0.0)
    a = d_isqrt[:, :, None] * m * u_isqrt[:, None, :]
    inv_d = d_isqrt**2
    inv_u = u_isqrt**2
    if m.shape[1] <= m.shape[2]:
        gram = _bmm(a, a.transpose(0, 2, 1))
        vals, vecs = _eigh(gram)
        kc = d_isqrt * vecs[:, :, -2]
        lam = vals[:, -2]
        with np.errstate(divide="ignore", invalid="ignore"):
            kp = inv_u * np.einsum("tlp,tl->tp", m, kc) / lam[:, None]
    else:
        gram = _bmm(a.transpose(0, 2, 1), a)
        vals, vecs = _eigh(gram)
        kp = u_isqrt * vecs[:, :, -2]
        kc = inv_d * np.einsum("tlp,tp->tl", m, kp)
        lam = vals[:, -2]
    # A second eigenvalue of zero (all locations alike) leaves ECI undefined.
    flat = lam <= 1e-10 * np.maximum(vals[:, -1], 1.0)
    kc[flat] = np.nan
    kp[flat] = np.nan
    # Same sign rule as ecomplexity: ECI correlates positively with diversity.
    d_mean, d_std = _masked_mean_std(diversity.astype(float), loc_ok)
    k_mean, k_std = _masked_mean_std(kc, loc_ok)
    cov = np.where(loc_ok, (diversity - d_mean[:, None]) * (kc - k_mean[:, None]), 0.0).sum(1)
    sign = np.sign(cov)
    sign[sign == 0] = 1.0
    eci = np.where(loc_ok, sign[:, None] * kc, np.nan)
    pci = np.where(prod_ok, sign[:, None] * kp, np.nan)
    return eci, pci


def _corr_proximity(x: np.ndarray, loc_valid: np.ndarray) -> np.ndarray:
    """``(1 + corr)/2`` of products' columns across the year's locations."""
    mask = loc_valid[:, :, None]
    n = loc_valid.sum(axis=1)[:, None, None]
    xz = np.where(mask, x, 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        mean = xz.sum(axis=1, keepdims=True) / n
    centred = np.where(mask, x - mean, 0.0)
    cov = _bmm(centred.transpose(0, 2, 1), centred)
    sd = np.sqrt(np.einsum("tpp->tp", cov))
    with np.errstate(divide="ignore", invalid="ignore"):
        corr = cov / sd[:, :, None] / sd[:, None, :]
    return (1.0 + np.clip(corr, -1.0, 1.0)) / 2.0


def _proximity(
    mcp: np.ndarray,
    ubiquity: np.ndarray,
    prod_valid: np.ndarray,
    loc_valid: np.ndarray,
    *,
    continuous: bool,
    asym: bool,
    weights: np.ndarray | None,
) -> np.ndarray:
    """Proximity ``(T, P, P)``; zero off the year's products, one on its diagonal."""
    if not continuous and np.issubdtype(mcp.dtype, np.integer) and mcp.shape[1] < 2**24:
        # Binary M: co-occurrence counts are exact in float32 (half a float64 GEMM's time).
        m = mcp.astype(np.float32)
        co = _bmm(m.transpose(0, 2, 1), m)
        del m
        u = ubiquity.astype(float)
        phi = np.empty(co.shape)  # float64, filled in place: no further P × P temporaries
        if asym:
            phi[...] = u[:, :, None]
        else:
            np.maximum(u[:, :, None], u[:, None, :], out=phi)
        with np.errstate(divide="ignore", invalid="ignore"):
            np.divide(co, phi, out=phi)
        del co
        # Only rows and columns of absent or never-present products can be 0/0.
        bad = ~prod_valid | (ubiquity == 0)
        for t in np.flatnonzero(bad.any(axis=1)):
            phi[t, bad[t], :] = 0.0
            phi[t][:, bad[t]] = 0.0
    else:
        if continuous:
            phi = _corr_proximity(weights, loc_valid)
        else:
            m = mcp.astype(float)
            co = _bmm(m.transpose(0, 2, 1), m)
            with np.errstate(divide="ignore", invalid="ignore"):
                if asym:
                    phi = co / ubiquity[:, :, None]
                else:
                    phi = co / np.maximum(ubiquity[:, :, None], ubiquity[:, None, :])
        pair = prod_valid[:, :, None] & prod_valid[:, None, :]
        phi = np.where(pair & np.isfinite(phi), phi, 0.0)
    diag = np.einsum("tpp->tp", phi)
    diag[...] = np.where(prod_valid, 1.0, 0.0)
    return phi


def _knn_proximity(phi: np.ndarray, prod_valid: np.ndarray, knn: int) -> np.ndarray:
    """Keep, for each product, its ``knn`` nearest other products (by proximity)."""
    n_prod = phi.shape[-1]
    k = min(knn, n_prod - 1)
    score = np.where(prod_valid[:, None, :], phi, -np.inf)
    idx = np.arange(n_prod)
    score[:, idx, idx] = -np.inf
    order = np.argsort(-score, axis=-1, kind="stable")[..., :k]
    keep = np.zeros(phi.shape, dtype=bool)
    np.put_along_axis(keep, order, True, axis=-1)
    keep &= np.isfinite(score)
    return np.where(keep, phi, 0.0)


def _density(weights: np.ndarray, phi: np.ndarray, den: np.ndarray) -> np.ndarray:
    r"""Compute density :math:`\omega_{cp} = \sum_q W_{cq}\phi_{pq} / \sum_q \phi_{pq}`."""
    with np.errstate(divide="ignore", invalid="ignore"):
        density = _bmm(weights, phi.transpose(0, 2, 1)) / den[:, None, :]
    # Only with knn can a product's neighbours all have proximity 0: nothing related is present.
    return np.where(den[:, None, :] > 0, density, 0.0)


def _low_rank(mcp: np.ndarray, *, continuous: bool, knn: int | None) -> bool:
    """Binary M without knn: density and COG need products with phi, not phi itself."""
    return not continuous and knn is None and np.issubdtype(mcp.dtype, np.integer)


def _indicators(
    mcp: np.ndarray,
    weights: np.ndarray,
    loc_valid: np.ndarray,
    prod_valid: np.ndarray,
    *,
    continuous: bool,
    asym: bool,
    knn: int | None,
) -> tuple[np.ndarray, ...]:
    """Compute diversity, ubiquity, ECI, PCI, density, COI and COG for a block of years."""
    cell = loc_valid[:, :, None] & prod_valid[:, None, :]
    diversity = mcp.sum(axis=2)
    ubiquity = mcp.sum(axis=1)
    eci, pci = _eci_pci(mcp, diversity, ubiquity)
    if _low_rank(mcp, continuous=continuous, knn=knn):
        # phi is never formed: products with it go through its low-rank structure.
        space = ProductSpace(mcp, ubiquity, prod_valid, asym=asym)
        ones = np.ones((mcp.shape[0], 1, mcp.shape[2]))
        both = space.dot(np.concatenate([weights, ones], axis=1), transpose=True)
        den = row = both[:, -1, :]
        with np.errstate(divide="ignore", invalid="ignore"):
            density = np.where(den[:, None, :] > 0, both[:, :-1, :] / den[:, None, :], 0.0)
        del both
        phi_dot = space.dot
    else:
        phi = _proximity(
            mcp,
            ubiquity,
            prod_valid,
            loc_valid,
            continuous=continuous,
            asym=asym,
            weights=weights,
        )
        near = phi if knn is None else _knn_proximity(phi, prod_valid, knn)
        den = near.sum(axis=-1)
        density = _density(weights, near, den)
        del near
        row = den if knn is None else phi.sum(axis=-1)

        def phi_dot(x: np.ndarray, *, transpose: bool) -> np.ndarray:
            return _bmm(x, phi.transpose(0, 2, 1) if transpose else phi)

    not_m = np.where(cell, 1.0 - mcp, 0.0)
    pci0 = np.nan_to_num(pci)
    coi = np.nansum(density * not_m * pci0[:, None, :], axis=2)
    with np.errstate(divide="ignore", invalid="ignore"):
        step = np.where(row > 0, pci0 / row, 0.0)
    # (not_m · diag(step)) @ phi scales the small L × P side, not the P × P one.
    cog = not_m * phi_dot(not_m * step[:, None, :], transpose=False)

    loc_ok = diversity > 0
    e_mean, e_std = _masked_mean_std(eci, loc_ok)
    c_mean, c_std = _masked_mean_std(coi, loc_valid)
    # A year with one location or no variation has no standardised index (NaN).
    with np.errstate(divide="ignore", invalid="ignore"):
        pci_n = (pci - e_mean[:, None]) / e_std[:, None]
        cog_n = cog / e_std[:, None, None]
        eci_n = (eci - e_mean[:, None]) / e_std[:, None]
        coi_n = (coi - c_mean[:, None]) / c_std[:, None]
    return diversity, ubiquity, eci_n, pci_n, density, coi_n, cog_n


def _check_presence(presence_test: str) -> None:
    if presence_test not in ("rca", "rpop", "both", "manual"):
        raise ValueError(f"presence_test must be rca, rpop, both or manual, not {presence_test!r}")


def complexity(
    data: pd.DataFrame,
    cols_input: Mapping[str, str],
    *,
    presence_test: PresenceTest = "rca",
    val_errors_flag: Literal["coerce", "ignore", "raise"] = "coerce",
    rca_mcp_threshold: float = 1,
    rpop_mcp_threshold: float = 1,
    pop: pd.DataFrame | None = None,
    continuous: bool = False,
    asymmetric: bool = False,
    asym: bool | None = None,
    knn: int | None = None,
    verbose: bool = False,
    memory_limit: float = 2**30,
) -> pd.DataFrame:
    r"""Economic complexity indicators for every location × product × year.

    Same parameters, definitions and output as ``ecomplexity.ecomplexity``
    (py-ecomplexity 0.5.3), computed for all years at once.

    Parameters
    ----------
    data : DataFrame
        Long table of values (exports, employment ...) by time, location, product.
    cols_input : mapping
        Column names for the keys ``time``, ``loc``, ``prod``, ``val``, e.g.
        ``{"time": "year", "loc": "reporter", "prod": "hs", "val": "value_usd"}``.
    presence_test : {"rca", "rpop", "both", "manual"}
        How :math:`M_{cp}` is obtained: RCA ≥ ``rca_mcp_threshold``; exports per
        head relative to the world's (RPOP) ≥ ``rpop_mcp_threshold``; either of
        the two; or ``val`` taken as :math:`M_{cp}` itself.
    val_errors_flag : {"coerce", "ignore", "raise"}
        Passed to :func:`pandas.to_numeric` for ``val``; missing values count as 0.
    rca_mcp_threshold, rpop_mcp_threshold : float
        Presence thresholds.
    pop : DataFrame, optional
        Time, location and population, in that order (for ``rpop`` and ``both``).
    continuous : bool
        Proximity as :math:`(1 + \mathrm{corr})/2` of RCA (or RPOP) columns,
        and density weighted by RCA (RPOP) instead of :math:`M`.
    asymmetric : bool
        Asymmetric proximity :math:`\phi_{pq} = P(q \mid p)` instead of
        :math:`\min\{P(p \mid q), P(q \mid p)\}`.
    asym : bool, optional
        Short alias of ``asymmetric``.
    knn : int, optional
        Density from each product's ``knn`` most proximate other products only.
    verbose : bool
        Log (never print) the years processed.
    memory_limit : float
        Bytes the product × product arrays may take; years are processed in
        as many blocks as needed (default 1 GiB).

    Returns
    -------
    DataFrame
        The data's columns plus ``diversity``, ``ubiquity``, ``mcp``, ``eci``,
        ``pci``, ``density``, ``coi``, ``cog``, ``rca`` and, for ``rpop`` and
        ``both``, ``rpop``.  Within a year, locations and products whose values
        sum to zero are dropped from the rectangle (their rows carry NaN) and
        every other location × product pair gets a row (``val`` 0 if absent).

    Notes
    -----
    With :math:`\tilde M_{pp'} = \sum_c M_{cp} M_{cp'} / (k_{c,0} k_{p,0})`, PCI
    is the eigenvector of its second largest eigenvalue and ECI
    :math:`= \sum_p M_{cp}\,\mathrm{PCI}_p / k_{c,0}`; the sign makes ECI
    correlate positively with diversity.  ECI is standardised by its mean and
    (population) standard deviation, PCI by ECI's mean and standard deviation,
    so that ECI equals the mean PCI of a location's products.  COG is divided by
    ECI's standard deviation, COI is standardised.

    .. math::
        \phi_{pq} = \frac{\sum_c M_{cp} M_{cq}}{\max(k_{p,0}, k_{q,0})},\qquad
        \omega_{cp} = \frac{\sum_q M_{cq}\phi_{pq}}{\sum_q \phi_{pq}}

    Deliberate differences from ``ecomplexity`` 0.5.3 (each has a test):

    * ``knn``: ecomplexity returns the *unweighted sum* of :math:`M` over the
      ``knn`` neighbours (it computes the weighted term and discards it), so its
      density exceeds 1.  Here density is the proximity-weighted mean over the
      neighbours, :math:`\sum_{q\in N_k(p)} M_{cq}\phi_{pq} / \sum_{q\in N_k(p)}
      \phi_{pq}`, in [0, 1] (0 if every neighbour has proximity 0).  Neighbours
      exclude the product itself, as in ecomplexity; ties are broken by product
      order.
    * ``presence_test="both"``: ecomplexity adds the RCA and RPOP binaries, so
      :math:`M` reaches 2 and diversity, ubiquity and proximity are inflated;
      here :math:`M_{cp} = 1` if either test passes.
    * Degenerate years.  Where a location has diversity 0 (possible with
      ``rpop`` or thresholds above 1) ecomplexity's NaN spreads to every ECI,
      PCI, COI and COG of the year (and, with exactly one such location, its
      NaN re-insertion fails and all ECI/PCI are NaN); here only that
      location's ECI is NaN and the standardisation uses the others.  A product
      of ubiquity 0 gets proximity 0 to the others (not NaN) and a NaN PCI that
      counts as 0 in COI and COG.  If diversity does not vary (so the sign rule
      is undefined) ECI keeps the eigenvector's sign instead of becoming NaN;
      if the second eigenvalue is 0 (every location alike) ECI and PCI are NaN
      for the year, where ecomplexity returns rounding noise.
    * No warnings are raised and nothing is printed; the log-supermodularity
      check is not run.

    References
    ----------
    Hidalgo, C. A., & Hausmann, R. (2009). The building blocks of economic
    complexity. PNAS, 106(26), 10570-10575.
    Hidalgo, C. A., Klinger, B., Barabási, A.-L., & Hausmann, R. (2007). The
    product space conditions the development of nations. Science, 317, 482-487.
    Hausmann, R., Hidalgo, C. A., et al. (2014). The Atlas of Economic
    Complexity. MIT Press.
    Growth Lab, py-ecomplexity, https://github.com/cid-harvard/py-ecomplexity

    Examples
    --------
    >>> from regiocluster import load_case
    >>> from regiocluster.trade import WORLD_COLS, complexity, world_matrix
    >>> flows = load_case("leningrad").tables["trade_flows"]
    >>> world = world_matrix(flows, exclude=("RU-LEN", "RU-SPE"))
    >>> out = complexity(world, WORLD_COLS)  # doctest: +SKIP
    >>> out.query("year == 2024 and reporter == 'RUS'")["eci"].iloc[0]  # doctest: +SKIP
    """
    cols = _check_cols(cols_input)
    _check_presence(presence_test)
    if asym is not None:
        asymmetric = asym
    cube = _cube(data, cols, val_errors_flag)
    if verbose:
        _LOG.info("economic complexity for %s", ", ".join(map(str, cube.times)))
    mcp, rca, rpop = presence(
        cube,
        presence_test=presence_test,
        rca_mcp_threshold=rca_mcp_threshold,
        rpop_mcp_threshold=rpop_mcp_threshold,
        pop=pop,
        time_name=cols["time"],
    )
    if continuous and presence_test != "manual":
        weights = rpop if presence_test == "rpop" else rca
        cell = cube.loc_valid[:, :, None] & cube.prod_valid[:, None, :]
        weights = np.where(cell, np.nan_to_num(weights.astype(float)), 0.0)
    else:
        weights = None  # M itself, taken block by block
    indicators = _all_years(
        mcp,
        weights,
        cube,
        continuous=continuous,
        asym=asymmetric,
        knn=knn,
        memory_limit=memory_limit,
    )
    del weights
    result = assemble(data, cols, cube, mcp, rca, rpop, indicators)
    return conform(result, data, cube, cols)


def _all_years(
    mcp: np.ndarray,
    weights: np.ndarray | None,
    cube: _Cube,
    *,
    continuous: bool,
    asym: bool,
    knn: int | None,
    memory_limit: float,
) -> list[np.ndarray]:
    """Diversity ... COG for every year, in blocks of years within ``memory_limit``.

    The arrays of a block stay within the limit (product × product ones where
    phi is formed: a national HS-6 panel has 5,000 products); results fill
    preallocated arrays.
    """
    n_years, n_loc, n_prod = mcp.shape
    low_rank = _low_rank(mcp, continuous=continuous, knn=knn)
    # bytes a year: location × product arrays only, or the product × product ones
    per_year = 8 * n_prod * (24 * n_loc + 128) if low_rank else 6 * 8 * n_prod * n_prod
    chunk = max(1, int(memory_limit // per_year))
    if low_rank and n_loc * n_prod >= 10_000:
        chunk = min(chunk, -(-n_years // 2))  # at least two blocks to run side by side
    out: list[np.ndarray] = []

    def block(a: int) -> tuple[int, tuple[np.ndarray, ...]]:
        window = slice(a, a + chunk)
        # weights None: M itself, zero outside the yearly rectangles already
        w = np.nan_to_num(mcp[window].astype(float)) if weights is None else weights[window]
        part = _indicators(
            mcp[window],
            w,
            cube.loc_valid[window],
            cube.prod_valid[window],
            continuous=continuous,
            asym=asym,
            knn=knn,
        )
        return a, part

    # Large blocks: two in flight on half the cores' BLAS threads each, so one
    # block's element-wise passes overlap the other's matrix products (NumPy releases
    # the GIL). Each year's numbers do not depend on the thread count.
    two = chunk < n_years and n_loc * n_prod >= 10_000
    half = max(1, (os.cpu_count() or 2) // 2)
    limits = _one_blas_thread(half) if two or low_rank else contextlib.nullcontext()
    with limits, ThreadPoolExecutor(max_workers=2 if two else 1) as pool:
        for a, part in pool.map(block, range(0, n_years, chunk)):
            if not out:
                out = [np.empty((n_years, *p.shape[1:]), dtype=p.dtype) for p in part]
            for target, values in zip(out, part, strict=True):
                target[a : a + chunk] = values
    return out


def proximity(
    data: pd.DataFrame,
    cols_input: Mapping[str, str],
    *,
    presence_test: PresenceTest = "rca",
    val_errors_flag: Literal["coerce", "ignore", "raise"] = "coerce",
    rca_mcp_threshold: float = 1,
    rpop_mcp_threshold: float = 1,
    pop: pd.DataFrame | None = None,
    continuous: bool = False,
    asymmetric: bool = False,
) -> pd.DataFrame:
    r"""Product proximity for every pair of products and year.

    Same parameters and output as ``ecomplexity.proximity`` (py-ecomplexity
    0.5.3): columns ``<time>``, ``<prod>_1``, ``<prod>_2``, ``proximity``, all
    ordered pairs including a product with itself.

    Parameters
    ----------
    data, cols_input, presence_test, val_errors_flag, rca_mcp_threshold, rpop_mcp_threshold, pop
        As in :func:`complexity`.
    continuous : bool
        :math:`(1 + \mathrm{corr})/2` of RCA (RPOP for ``rpop``) columns.
    asymmetric : bool
        :math:`\phi_{pq} = P(q \mid p)` instead of the minimum of both.

    Returns
    -------
    DataFrame
        Long table of proximities.

    Notes
    -----
    :math:`\phi_{pq} = \sum_c M_{cp} M_{cq} / \max(k_{p,0}, k_{q,0})`.  Unlike
    ecomplexity, a product with ubiquity 0 has proximity 0 to the others (not
    NaN), every product has proximity 1 to itself, ``both`` uses a binary
    :math:`M` (see :func:`complexity`), and nothing is printed.

    References
    ----------
    Hidalgo, C. A., Klinger, B., Barabási, A.-L., & Hausmann, R. (2007). The
    product space conditions the development of nations. Science, 317, 482-487.
    """
    cols = _check_cols(cols_input)
    _check_presence(presence_test)
    cube = _cube(data, cols, val_errors_flag)
    mcp, rca, rpop = presence(
        cube,
        presence_test=presence_test,
        rca_mcp_threshold=rca_mcp_threshold,
        rpop_mcp_threshold=rpop_mcp_threshold,
        pop=pop,
        time_name=cols["time"],
    )
    weights = rpop if presence_test == "rpop" else rca
    cell = cube.loc_valid[:, :, None] & cube.prod_valid[:, None, :]
    weights = np.where(cell, np.nan_to_num(weights.astype(float)), 0.0)
    phi = _proximity(
        mcp,
        mcp.sum(axis=1),
        cube.prod_valid,
        cube.loc_valid,
        continuous=continuous,
        asym=asymmetric,
        weights=weights,
    )
    pair = cube.prod_valid[:, :, None] & cube.prod_valid[:, None, :]
    t_idx, a_idx, b_idx = np.nonzero(pair)
    return pd.DataFrame(
        {
            cols["time"]: cube.times[t_idx],
            cols["prod"] + "_1": cube.prods[a_idx],
            cols["prod"] + "_2": cube.prods[b_idx],
            "proximity": phi[t_idx, a_idx, b_idx],
        }
    )
