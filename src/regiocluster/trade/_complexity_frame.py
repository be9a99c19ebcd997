"""Output table of economic complexity: one row per location × product × year."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from regiocluster.trade._cube import Cube as _Cube


def _rectangles(cube: _Cube) -> list[tuple[slice, int, np.ndarray, np.ndarray]]:
    """Output rows of each year: ``(rows, year, its locations, its products)``."""
    out, start = [], 0
    for t in range(len(cube.times)):
        locs, prods = np.flatnonzero(cube.loc_valid[t]), np.flatnonzero(cube.prod_valid[t])
        stop = start + len(locs) * len(prods)
        out.append((slice(start, stop), t, locs, prods))
        start = stop
    return out


def _fill(target: np.ndarray, array: np.ndarray, kind: str, rects: list) -> None:
    """Write a ``(T, L)``, ``(T, P)`` or ``(T, L, P)`` array into rows of the yearly rectangles.

    Year by year with broadcasting: no index array the length of the output.
    """
    for rows, t, locs, prods in rects:
        cells = target[rows].reshape(len(locs), len(prods))
        if kind == "loc":
            cells[...] = array[t, locs][:, None]
        elif kind == "prod":
            cells[...] = array[t, prods][None, :]
        elif len(locs) == array.shape[1] and len(prods) == array.shape[2]:
            cells[...] = array[t]
        else:
            cells[...] = array[t][np.ix_(locs, prods)]


def assemble(
    data: pd.DataFrame,
    cols: dict[str, str],
    cube: _Cube,
    mcp: np.ndarray,
    rca: np.ndarray | None,
    rpop: np.ndarray | None,
    indicators: list[np.ndarray],
) -> pd.DataFrame:
    """One row per cell of the yearly rectangles, ordered by time, location, product."""
    diversity, ubiquity, eci_n, pci_n, density, coi_n, cog_n = indicators
    rects = _rectangles(cube)
    n_out = rects[-1][0].stop if rects else 0
    numbers = {
        "diversity": (diversity, "loc"),
        "ubiquity": (ubiquity, "prod"),
        "eci": (eci_n, "loc"),
        "pci": (pci_n, "prod"),
        "density": (density, "cell"),
        "coi": (coi_n, "loc"),
        "cog": (cog_n, "cell"),
        "rca": (rca, "cell"),
    }
    if rpop is not None:
        numbers["rpop"] = (rpop, "cell")
    # One Fortran-ordered float block filled in place: pandas keeps it without copying.
    block = np.empty((n_out, len(numbers)), order="F")
    # Columns on two threads: NumPy's copies release the GIL (memory-bound, two cores).
    with ThreadPoolExecutor(max_workers=2) as pool:
        jobs = [
            pool.submit(_fill, block[:, j], array, kind, rects)
            for j, (array, kind) in enumerate(numbers.values())
        ]
        for job in jobs:
            job.result()
    result = pd.DataFrame(block, columns=list(numbers), copy=False)
    # M keeps its own dtype (int64; float for "manual") in its own column block.
    m_col = np.empty(n_out, dtype=mcp.dtype)
    _fill(m_col, mcp, "cell", rects)
    result.insert(2, "mcp", m_col)
    # location and product of each row, in the codes' smallest dtype (what pandas keeps)
    loc_code = np.empty(n_out, dtype=_code_dtype(len(cube.locs)))
    prod_code = np.empty(n_out, dtype=_code_dtype(len(cube.prods)))
    for rows, _, locs, prods in rects:
        loc_code[rows] = np.repeat(locs, len(prods))
        prod_code[rows].reshape(len(locs), len(prods))[...] = prods
    result.insert(0, cols["loc"], _labels(data[cols["loc"]], cube.locs, loc_code))
    result.insert(1, cols["prod"], _labels(data[cols["prod"]], cube.prods, prod_code))
    value = np.empty(n_out)
    _fill(value, cube.values, "cell", rects)
    result.insert(2, cols["val"], value)
    per_year = [rows.stop - rows.start for rows, *_ in rects]
    result.insert(3, cols["time"], np.repeat(cube.times, per_year))
    return result


def _code_dtype(n_labels: int) -> type:
    for dtype in (np.int8, np.int16, np.int32):
        if n_labels < np.iinfo(dtype).max:
            return dtype
    return np.int64


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
        if cube.inside.all():
            return result  # already ordered by time, location, product
        lost = data.loc[~cube.inside, list(cols.values())]
        merged = pd.concat([result, lost], ignore_index=True)
        return merged.sort_values(keys, kind="stable", ignore_index=True)
    return result.merge(data, how="outer", on=list(cols.values()))
