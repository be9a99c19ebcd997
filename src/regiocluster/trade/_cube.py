"""A long table of values rectangularised as a dense ``year × location × product`` cube."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = ["Cube", "cube"]


@dataclass(frozen=True)
class Cube:
    """Data rectangularised on the union of locations and products."""

    n_rows: int  # input rows after dropping duplicate keys (first kept)
    inside: np.ndarray  # per input row: its location and product are valid in its year
    times: np.ndarray
    locs: np.ndarray
    prods: np.ndarray
    values: np.ndarray  # (T, L, P), zero where absent
    loc_valid: np.ndarray  # (T, L) non-zero total in that year
    prod_valid: np.ndarray  # (T, P)


def _codes(column: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """``pd.factorize(column, sort=True)`` without hashing where the column allows it.

    A categorical column already holds codes, and a year column is a small
    range of integers: both are renumbered over the values present with one
    ``bincount``, in the order ``factorize`` gives (category order; ascending).
    """
    values = column.array
    if isinstance(column.dtype, pd.CategoricalDtype):
        codes = np.asarray(values.codes)
        if len(codes) and codes.min() >= 0:
            used = np.bincount(codes, minlength=len(values.categories)) > 0
            if used.all():
                return codes, np.asarray(values.categories)
            renumber = (np.cumsum(used) - 1).astype(codes.dtype)
            return renumber[codes], np.asarray(values.categories[used])
    elif column.dtype.kind in "iu" and len(column):
        ints = column.to_numpy()
        low, high = int(ints.min()), int(ints.max())
        if high - low < 1_000_000:
            offset = ints.astype(np.int64)
            offset -= low
            used = np.bincount(offset, minlength=high - low + 1) > 0
            if used.all():  # consecutive years: the offset is the code
                return offset, np.arange(low, high + 1).astype(ints.dtype)
            renumber = np.cumsum(used) - 1
            present = np.flatnonzero(used) + low
            return renumber[offset], present.astype(ints.dtype)
    codes, uniques = pd.factorize(column, sort=True)
    return codes, np.asarray(uniques)


def cube(data: pd.DataFrame, cols: dict[str, str], val_errors_flag: str) -> Cube:
    """Rectangularise ``data`` (keys ``time``, ``loc``, ``prod``, ``val`` in ``cols``)."""
    val = pd.to_numeric(data[cols["val"]], errors=val_errors_flag)
    val = val.to_numpy(dtype=float, na_value=np.nan)
    if np.isnan(val).any():
        val = np.nan_to_num(val, nan=0.0, posinf=np.inf, neginf=-np.inf)
    t_codes, times = _codes(data[cols["time"]])
    l_codes, locs = _codes(data[cols["loc"]])
    p_codes, prods = _codes(data[cols["prod"]])
    shape = (len(times), len(locs), len(prods))
    keys = np.ravel_multi_index((t_codes, l_codes, p_codes), shape)
    # A bincount finds repeated keys far faster than hashing three columns.
    n_rows = len(keys)
    ascending = bool((keys[1:] > keys[:-1]).all())  # sorted input: no repeats, no bincount
    if not ascending and np.bincount(keys, minlength=int(np.prod(shape))).max() > 1:
        first = ~pd.Series(keys).duplicated(keep="first").to_numpy()
        keys, val, n_rows = keys[first], val[first], int(first.sum())
    values = np.zeros(shape)
    values.ravel()[keys] = val
    del keys
    loc_valid = values.sum(axis=2) != 0
    prod_valid = values.sum(axis=1) != 0
    if loc_valid.all() and prod_valid.all():
        inside = np.ones(len(t_codes), dtype=bool)
    else:
        inside = loc_valid[t_codes, l_codes] & prod_valid[t_codes, p_codes]
    return Cube(n_rows, inside, times, locs, prods, values, loc_valid, prod_valid)
