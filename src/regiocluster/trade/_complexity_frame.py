"""Output table of economic complexity: one row per location × product × year."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from regiocluster.trade.economic_complexity import _Cube


def assemble(
    data: pd.DataFrame,
    cols: dict[str, str],
    cube: _Cube,
    cell: np.ndarray,
    mcp: np.ndarray,
    rca: np.ndarray | None,
    rpop: np.ndarray | None,
    indicators: list[np.ndarray],
) -> pd.DataFrame:
    """One row per cell of the yearly rectangles, ordered by time, location, product."""
    diversity, ubiquity, eci_n, pci_n, density, coi_n, cog_n = indicators
    n_years, n_loc, n_prod = cell.shape
    # int32 indices where they fit: a world panel has ~29 M cells.
    itype = np.int32 if cell.size < 2**31 else np.int64
    flat = np.flatnonzero(cell).astype(itype, copy=False)
    t_idx, rest = np.divmod(flat, itype(n_loc * n_prod))
    l_idx, p_idx = np.divmod(rest, itype(n_prod))
    del rest
    tl = t_idx * itype(n_loc) + l_idx
    tp = t_idx * itype(n_prod) + p_idx
    numbers = {
        "diversity": (diversity, tl),
        "ubiquity": (ubiquity, tp),
        "eci": (eci_n, tl),
        "pci": (pci_n, tp),
        "density": (density, flat),
        "coi": (coi_n, tl),
        "cog": (cog_n, flat),
        "rca": (rca, flat),
    }
    if rpop is not None:
        numbers["rpop"] = (rpop, flat)
    # One Fortran-ordered float block filled in place: pandas keeps it without copying.
    block = np.empty((len(flat), len(numbers)), order="F")
    for j, (array, index) in enumerate(numbers.values()):
        np.take(array.astype(float, copy=False).ravel(), index, out=block[:, j])
    result = pd.DataFrame(block, columns=list(numbers), copy=False)
    # M keeps its own dtype (int64; float for "manual") in its own column block.
    result.insert(2, "mcp", np.take(mcp.ravel(), flat))
    result.insert(0, cols["loc"], _labels(data[cols["loc"]], cube.locs, l_idx))
    result.insert(1, cols["prod"], _labels(data[cols["prod"]], cube.prods, p_idx))
    result.insert(2, cols["val"], np.take(cube.values.ravel(), flat))
    result.insert(3, cols["time"], cube.times[t_idx])
    return result


def _labels(column: pd.Series, labels: np.ndarray, index: np.ndarray) -> object:
    """Labels of the output rows; categorical in, categorical out (no 29 M Python strings)."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        return pd.Categorical.from_codes(index, categories=pd.Index(labels))
    return labels[index]


def conform(result: pd.DataFrame, data: pd.DataFrame, cube: _Cube, cols: dict) -> pd.DataFrame:
    """Add back the data's other columns and its rows outside the rectangles."""
    keys = [cols["time"], cols["loc"], cols["prod"]]
    extra = [c for c in data.columns if c not in cols.values()]
    if not extra and cube.n_rows == len(data):
        lost = data.loc[~cube.inside, list(cols.values())]
        if lost.empty:
            return result  # already ordered by time, location, product
        merged = pd.concat([result, lost], ignore_index=True)
        return merged.sort_values(keys, kind="stable", ignore_index=True)
    return result.merge(data, how="outer", on=list(cols.values()))
