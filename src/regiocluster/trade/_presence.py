"""Presence of a product in a location: RCA, RPOP and :math:`M_{cp}` (as py-ecomplexity)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from regiocluster.trade._cube import Cube as _Cube


def _rca(values: np.ndarray) -> np.ndarray:
    """Balassa's RCA per year; the same order of operations as ecomplexity."""
    with np.errstate(divide="ignore", invalid="ignore"):
        prod_total = values.sum(axis=1, keepdims=True)
        world_total = prod_total.sum(axis=2, keepdims=True)
        rca = values / values.sum(axis=2, keepdims=True)  # the share, divided in place
        rca /= prod_total / world_total
        return rca


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
    """``nan_to_num(x) >= threshold`` as int64, without copying ``x``."""
    passed = x >= threshold  # NaN fails, +inf passes, as after nan_to_num
    if threshold <= 0:
        passed |= np.isnan(x)
    return passed.astype(np.int64)


def presence(
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
    whole = bool(cell.all())  # every year's rectangle is the whole cube: nothing to mask
    values = cube.values if whole else np.where(cell, cube.values, 0.0)
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
    if not whole:
        mcp = np.where(cell, mcp, 0)
    return mcp, rca, rpop
