r"""Products with the proximity matrix without forming it (binary :math:`M`).

Density and COG need :math:`X\phi` or :math:`X\phi^\top` for an
``R × P`` matrix :math:`X` (``R`` about the number of locations).  With a
binary :math:`M` the co-occurrences :math:`C = M^\top M` have rank at most
``L`` (the locations), and

* asymmetric :math:`\phi_{pq} = C_{pq}/u_p` is low-rank outright:
  :math:`X\phi^\top = (XM^\top M)\,\mathrm{diag}(1/u)`;
* symmetric :math:`\phi_{pq} = C_{pq}/\max(u_p, u_q)` is low-rank once the
  products are sorted by ubiquity :math:`u`: for :math:`q` before :math:`p`
  the maximum is :math:`u_p`, after it :math:`u_q`.  In blocks of ``B``
  sorted products, the earlier blocks enter through a prefix sum of
  ``R × L`` matrices :math:`\sum_q x_q m_q^\top`, the later ones through a
  suffix sum of :math:`\sum_q x_q m_q^\top / u_q`, and only the ``B × B``
  diagonal blocks of :math:`\phi` are formed.

That is about :math:`8PRL + 4PBL` flops a year instead of the
:math:`2P^2(L + 2R)` of forming :math:`\phi` and multiplying by it (a world
HS-6 year: about 6 instead of 35 GFLOP), all in float64, so the numbers equal
the dense computation to rounding.  :math:`\phi` is the one of
``economic_complexity._proximity``: zero for absent products and for
products of ubiquity 0 apart from the unit diagonal of every present one.
"""

from __future__ import annotations

import numpy as np

__all__ = ["ProductSpace"]

_BLOCK = 128  # sorted products per diagonal block of phi


def _exclusive_cumsum(a: np.ndarray, out: np.ndarray, *, reverse: bool = False) -> None:
    """Write to ``out`` the sum of the blocks strictly before (after) each block on axis 1."""
    running = np.zeros_like(a[:, 0])
    steps = range(a.shape[1] - 1, -1, -1) if reverse else range(a.shape[1])
    for i in steps:  # a few dozen blocks; np.cumsum on this axis is several times slower
        out[:, i] = running
        running += a[:, i]


class ProductSpace:
    r"""Multiply by a block of years' proximity matrices ``(T, P, P)`` without forming them.

    Parameters
    ----------
    mcp : ndarray (T, L, P), integer 0/1
        Presence, zero outside each year's rectangle.
    ubiquity : ndarray (T, P)
        Column sums of ``mcp``.
    prod_valid : ndarray (T, P)
        Products present in each year (diagonal 1 of phi, even at ubiquity 0).
    asym : bool
        :math:`\phi_{pq} = C_{pq}/u_p` instead of :math:`C_{pq}/\max(u_p, u_q)`.
    """

    def __init__(
        self, mcp: np.ndarray, ubiquity: np.ndarray, prod_valid: np.ndarray, *, asym: bool
    ) -> None:
        self.asym = asym
        n_prod = mcp.shape[2]
        u = ubiquity.astype(float)
        with np.errstate(divide="ignore"):
            inv = np.where(u > 0, 1.0 / np.where(u > 0, u, 1.0), 0.0)
        # A present product never seen (ubiquity 0) is related only to itself.
        self.lonely = (prod_valid & (ubiquity == 0)).astype(float)
        if asym:
            self.m, self.inv = mcp.astype(float), inv
            return
        self.block = block = min(_BLOCK, n_prod)
        n_blocks = -(-n_prod // block)
        self.order = np.argsort(ubiquity, axis=1, kind="stable")
        # Padding products have m = 0 and 1/u = 0: they add nothing anywhere.
        m = np.zeros((*mcp.shape[:2], n_blocks * block))
        m[:, :, :n_prod] = np.take_along_axis(mcp, self.order[:, None, :], axis=2)
        inv = np.pad(
            np.take_along_axis(inv, self.order, axis=1), ((0, 0), (0, m.shape[2] - n_prod))
        )
        n_years, n_loc, _ = m.shape
        mb = m.reshape(n_years, n_loc, n_blocks, block).transpose(0, 2, 1, 3)  # T, nb, L, B
        ib = inv.reshape(n_years, n_blocks, 1, block)
        # x_b @ [m_b^T, m_b^T / u]: per block, sums of x_q m_q^T and of x_q m_q^T / u_q
        self.right_in = np.concatenate([mb, mb * ib], axis=2).transpose(0, 1, 3, 2).copy()
        # Diagonal blocks: C / max(u_p, u_q) = C · min(1/u_p, 1/u_q) (0 at ubiquity 0).
        diag = mb.transpose(0, 1, 3, 2) @ mb
        diag *= np.minimum(ib.transpose(0, 1, 3, 2), ib)
        # [prefix, suffix, x_b] @ [m_b / u_p; m_b; phi_bb]: earlier blocks (max(u) = u_p),
        # later blocks (max(u) = u_q) and the block itself, in one product.
        self.right_out = np.concatenate([mb * ib, mb, diag], axis=2)

    def dot(self, x: np.ndarray, *, transpose: bool) -> np.ndarray:
        """Return ``x @ phi.T`` (``transpose``) or ``x @ phi`` for ``x`` of shape ``(T, R, P)``."""
        if self.asym:
            if transpose:
                out = (x @ self.m.transpose(0, 2, 1)) @ self.m
                out *= self.inv[:, None, :]
            else:
                out = ((x * self.inv[:, None, :]) @ self.m.transpose(0, 2, 1)) @ self.m
        else:
            out = self._symmetric(x)  # phi is symmetric: both products agree
        out += x * self.lonely[:, None, :]
        return out

    def _symmetric(self, x: np.ndarray) -> np.ndarray:
        n_years, n_rows, n_prod = x.shape
        _, n_blocks, width, block = self.right_out.shape
        n_loc = (width - block) // 2
        left = np.empty((n_years, n_blocks, n_rows, width))
        xs = np.zeros((n_years, n_rows, n_blocks * block))
        xs[:, :, :n_prod] = np.take_along_axis(x, self.order[:, None, :], axis=2)
        xb = left[..., 2 * n_loc :]
        xb[...] = xs.reshape(n_years, n_rows, n_blocks, block).transpose(0, 2, 1, 3)
        pairs = xb @ self.right_in
        _exclusive_cumsum(pairs[..., :n_loc], left[..., :n_loc])
        _exclusive_cumsum(pairs[..., n_loc:], left[..., n_loc : 2 * n_loc], reverse=True)
        del pairs
        yb = left @ self.right_out
        ys = yb.transpose(0, 2, 1, 3).reshape(n_years, n_rows, -1)[:, :, :n_prod]
        out = np.empty_like(x)
        np.put_along_axis(out, self.order[:, None, :], ys, axis=2)
        return out
