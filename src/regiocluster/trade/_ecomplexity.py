"""Kernels of :mod:`regiocluster.trade.economic_complexity`: the dense cube and its linear algebra.

Private: the year × location × product cube, RCA / RpoP presence, the
batched eigen-decomposition behind ECI and PCI, proximity and density.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

PresenceTest = Literal["rca", "rpop", "both", "manual"]

_LOG = logging.getLogger(__name__)
_KEYS = ("time", "loc", "prod", "val")


@dataclass(frozen=True)
class _Cube:
    """Data rectangularised on the union of locations and products."""

    frame: pd.DataFrame  # cleaned input: time, loc, prod, val
    times: np.ndarray
    locs: np.ndarray
    prods: np.ndarray
    values: np.ndarray  # (T, L, P), zero where absent
    loc_valid: np.ndarray  # (T, L) non-zero total in that year
    prod_valid: np.ndarray  # (T, P)


def _check_cols(cols_input: Mapping[str, str]) -> dict[str, str]:
    missing = set(_KEYS) - set(cols_input)
    if missing:
        raise ValueError(f"cols_input lacks the keys {sorted(missing)}; it needs {list(_KEYS)}")
    return {k: cols_input[k] for k in _KEYS}


def _cube(data: pd.DataFrame, cols: dict[str, str], val_errors_flag: str) -> _Cube:
    frame = data.rename(columns={v: k for k, v in cols.items()})[list(_KEYS)].copy()
    frame["val"] = pd.to_numeric(frame["val"], errors=val_errors_flag).fillna(0.0)
    frame = frame[~frame.duplicated(["time", "loc", "prod"], keep="first")]
    t_codes, times = pd.factorize(frame["time"], sort=True)
    l_codes, locs = pd.factorize(frame["loc"], sort=True)
    p_codes, prods = pd.factorize(frame["prod"], sort=True)
    values = np.zeros((len(times), len(locs), len(prods)))
    values[t_codes, l_codes, p_codes] = frame["val"].to_numpy(dtype=float)
    loc_valid = values.sum(axis=2) != 0
    prod_valid = values.sum(axis=1) != 0
    return _Cube(
        frame,
        np.asarray(times),
        np.asarray(locs),
        np.asarray(prods),
        values,
        loc_valid,
        prod_valid,
    )


def _eigh(stack: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Eigen-decompose a stack of small symmetric matrices on one BLAS thread.

    The matrices are at most a few hundred wide; threads only contend there.
    """
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - optional speed-up
        limits = contextlib.nullcontext()
    else:
        limits = threadpool_limits(1, user_api="blas")
    with limits:
        return np.linalg.eigh(stack)


def _bmm(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Multiply stacks of matrices (einsum's BLAS path beats stacked matmul here)."""
    return np.einsum("tij,tjk->tik", a, b, optimize=True)


def _rca(values: np.ndarray) -> np.ndarray:
    """Balassa's RCA per year; the same order of operations as ecomplexity."""
    with np.errstate(divide="ignore", invalid="ignore"):
        share = values / values.sum(axis=2, keepdims=True)
        prod_total = values.sum(axis=1, keepdims=True)
        world_total = prod_total.sum(axis=2, keepdims=True)
        return share / (prod_total / world_total)


def _population(pop: pd.DataFrame | None, cube: _Cube, time_name: str) -> np.ndarray:
    """Align population with the cube as a ``(T, L)`` array (NaN where missing)."""
    if pop is None:
        raise ValueError("presence_test 'rpop' and 'both' need pop (time, location, population)")
    table = pop.iloc[:, :3].copy()
    table.columns = ["time", "loc", "pop"]
    wide = table.drop_duplicates(["time", "loc"]).pivot(index="time", columns="loc", values="pop")
    wide = wide.reindex(index=pd.Index(cube.times), columns=pd.Index(cube.locs))
    out = wide.to_numpy(dtype=float)
    lacking = cube.loc_valid & np.isnan(out)
    if lacking.any():
        t, loc = np.argwhere(lacking)[0]
        raise ValueError(
            f"pop lacks location {cube.locs[loc]!r} in {time_name} {cube.times[t]!r}; "
            "trade and population must cover the same locations"
        )
    return out


def _rpop(values: np.ndarray, population: np.ndarray, loc_valid: np.ndarray) -> np.ndarray:
    """Compute exports per head relative to the world's exports per head."""
    pop_valid = np.where(loc_valid, population, np.nan)
    with np.errstate(divide="ignore", invalid="ignore"):
        per_head = values / pop_valid[:, :, None]
        prod_total = values.sum(axis=1, keepdims=True)
        world_pop = np.nansum(pop_valid, axis=1)[:, None, None]
        return per_head / (prod_total / world_pop)


def _binary(x: np.ndarray, threshold: float) -> np.ndarray:
    return (np.nan_to_num(x) >= threshold).astype(np.int64)


def _presence(
    cube: _Cube,
    *,
    presence_test: str,
    rca_mcp_threshold: float,
    rpop_mcp_threshold: float,
    pop: pd.DataFrame | None,
    time_name: str,
) -> tuple[np.ndarray, np.ndarray | None, np.ndarray | None]:
    """Return ``(mcp, rca, rpop)``; cells outside the year's rectangle are zero in mcp."""
    cell = cube.loc_valid[:, :, None] & cube.prod_valid[:, None, :]
    values = np.where(cell, cube.values, 0.0)
    rca = rpop = None
    if presence_test == "manual":
        mcp = values
        rca = values
    elif presence_test in ("rca", "rpop", "both"):
        rca = _rca(values)
        if presence_test != "rca":
            rpop = _rpop(values, _population(pop, cube, time_name), cube.loc_valid)
        if presence_test == "rca":
            mcp = _binary(rca, rca_mcp_threshold)
        elif presence_test == "rpop":
            mcp = _binary(rpop, rpop_mcp_threshold)
        else:
            # ecomplexity adds the two binaries so M reaches 2; presence is binary:
            # a location is present if either test passes.
            mcp = np.maximum(_binary(rca, rca_mcp_threshold), _binary(rpop, rpop_mcp_threshold))
    else:
        raise ValueError(f"presence_test must be rca, rpop, both or manual, not {presence_test!r}")
    mcp = np.where(cell, mcp, 0)
    return mcp, rca, rpop


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


def _density(weights: np.ndarray, phi: np.ndarray) -> np.ndarray:
    r"""Compute density :math:`\omega_{cp} = \sum_q W_{cq}\phi_{pq} / \sum_q \phi_{pq}`."""
    den = phi.sum(axis=-1)
    with np.errstate(divide="ignore", invalid="ignore"):
        density = _bmm(weights, phi.transpose(0, 2, 1)) / den[:, None, :]
    # Only with knn can a product's neighbours all have proximity 0: nothing related is present.
    return np.where(den[:, None, :] > 0, density, 0.0)


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
    density = _density(weights, near)
    del near

    not_m = np.where(cell, 1.0 - mcp, 0.0)
    pci0 = np.nan_to_num(pci)
    coi = np.nansum(density * not_m * pci0[:, None, :], axis=2)
    row = phi.sum(axis=-1)
    with np.errstate(divide="ignore", invalid="ignore"):
        step = np.where(row > 0, pci0 / row, 0.0)
    phi *= step[:, :, None]
    cog = not_m * _bmm(not_m, phi)

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
