"""Products with proximity through its low-rank structure equal forming phi and multiplying."""

from __future__ import annotations

import numpy as np
import pytest

from regiocluster.trade._product_space import ProductSpace
from regiocluster.trade.economic_complexity import _proximity


def _presence(seed: int, n_years: int, n_loc: int, n_prod: int) -> tuple[np.ndarray, ...]:
    """Binary M with ties in ubiquity, a never-present product and an absent one."""
    rng = np.random.default_rng(seed)
    mcp = (rng.random((n_years, n_loc, n_prod)) < 0.3).astype(np.int64)
    prod_valid = np.ones((n_years, n_prod), dtype=bool)
    mcp[:, :, 1] = 0  # present in the data, ubiquity 0: related only to itself
    mcp[0, :, 2] = 0
    prod_valid[0, 2] = False  # absent in year 0: no row, no column, no diagonal
    loc_valid = np.ones((n_years, n_loc), dtype=bool)
    return mcp, prod_valid, loc_valid


# 300 products span three diagonal blocks of 128 (the last one padded)
@pytest.mark.parametrize("shape", [(2, 7, 5), (3, 25, 300), (1, 40, 128)])
@pytest.mark.parametrize("asym", [False, True])
def test_low_rank_products_equal_the_dense_proximity(shape, asym) -> None:
    mcp, prod_valid, loc_valid = _presence(sum(shape), *shape)
    ubiquity = mcp.sum(axis=1)
    phi = _proximity(
        mcp, ubiquity, prod_valid, loc_valid, continuous=False, asym=asym, weights=None
    )
    space = ProductSpace(mcp, ubiquity, prod_valid, asym=asym)
    x = np.random.default_rng(0).normal(size=(shape[0], 4, shape[2]))
    scale = np.abs(x).sum(axis=2).max()
    got_t, got = space.dot(x, transpose=True), space.dot(x, transpose=False)
    np.testing.assert_allclose(got_t, x @ phi.transpose(0, 2, 1), rtol=0, atol=1e-13 * scale)
    np.testing.assert_allclose(got, x @ phi, rtol=0, atol=1e-13 * scale)
    # row sums of phi (the density denominators) as a product with ones
    ones = np.ones((shape[0], 1, shape[2]))
    np.testing.assert_allclose(space.dot(ones, transpose=True)[:, 0], phi.sum(axis=-1), atol=1e-12)
    assert not np.allclose(got, 0)
