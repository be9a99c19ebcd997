"""Covering models: p-center (by binary search over set covering) and maximal covering.

References
----------
Hakimi, S. L. (1965). Optimum distribution of switching centers in a
communication network and some related graph theoretic problems.
*Operations Research*, 13(3), 462-475.
Minieka, E. (1970). The m-center problem. *SIAM Review*, 12(1), 138-139.
Church, R., & ReVelle, C. (1974). The maximal covering location problem.
*Papers of the Regional Science Association*, 32, 101-118.
Daskin, M. S. (2013). *Network and Discrete Location* (2nd ed.), ch. 4-5. Wiley.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import scipy.sparse as sp

from regiocluster.siting._milp import solve_milp
from regiocluster.siting.pmedian import _as_cost_frame, _as_weights

__all__ = ["MaximalCovering", "PCenter"]


def _min_cover(covers: np.ndarray) -> tuple[np.ndarray | None, int]:
    """Fewest sites covering every client (rows) given a boolean coverage matrix."""
    m, n = covers.shape
    if not covers.any(axis=1).all():
        return None, n + 1
    result = solve_milp(
        np.ones(n),
        sp.csr_matrix(covers.astype(float)),
        np.ones(m),
        np.full(m, np.inf),
        np.zeros(n),
        np.ones(n),
        np.ones(n, dtype=bool),
    )
    sites = np.nonzero(result.x > 0.5)[0]
    return sites, int(sites.size)


class PCenter:
    """Open ``p`` sites so that the largest cost from any client to its site is least.

    Solved exactly by binary search over the sorted distinct costs, each step a
    set-covering model: "can ``p`` sites cover every client within radius r?"

    Attributes
    ----------
    objective_ : float
        The smallest achievable maximum cost (the radius).
    sites_ : list
        Labels of the open sites.
    assignment_ : pandas.Series
        The closest open site of every client.

    References
    ----------
    Minieka (1970); Daskin (2013), section 5.2.
    """

    def __init__(self, cost: pd.DataFrame, p: int, weights: np.ndarray) -> None:
        self.cost = cost
        self.p = int(p)
        self.weights = weights
        if not 1 <= self.p <= cost.shape[1]:
            raise ValueError("p must be between 1 and the number of candidates")

    @classmethod
    def from_cost_matrix(
        cls, cost: pd.DataFrame | np.ndarray, p: int = 1, *, weights=None
    ) -> PCenter:
        """Build the problem; clients with zero weight need not be covered."""
        frame = _as_cost_frame(cost)
        return cls(frame, p, _as_weights(weights, frame.index))

    def solve(self) -> PCenter:
        """Binary search for the least radius that ``p`` sites can cover."""
        cost = self.cost.to_numpy(dtype=float)[self.weights > 0]
        levels = np.unique(cost)
        # Every client must reach some site: the radius is at least each row's minimum.
        low = int(np.searchsorted(levels, cost.min(axis=1).max()))
        high = levels.size - 1
        best_sites, _ = _min_cover(cost <= levels[high])
        while low < high:
            middle = (low + high) // 2
            sites, count = _min_cover(cost <= levels[middle])
            if count <= self.p:
                high = middle
                best_sites = sites
            else:
                low = middle + 1
        if (
            best_sites is None
            or best_sites.size > self.p
            or levels[high] != cost[:, best_sites].min(axis=1).max()
        ):
            best_sites, _ = _min_cover(cost <= levels[high])
        # Pad with further sites (they cannot raise the maximum) to use all p.
        chosen = list(best_sites)
        for j in range(cost.shape[1]):
            if len(chosen) >= self.p:
                break
            if j not in chosen:
                chosen.append(j)
        chosen_arr = np.array(sorted(chosen[: self.p]))
        full = self.cost.to_numpy(dtype=float)
        columns = self.cost.columns
        self.objective_ = float(levels[high])
        self.sites_ = [_plain(columns[j]) for j in chosen_arr]
        self.assignment_ = pd.Series(
            columns[chosen_arr[np.argmin(full[:, chosen_arr], axis=1)]],
            index=self.cost.index,
            name="site",
        )
        return self


class MaximalCovering:
    r"""Open ``p`` sites to cover as much demand as possible within a cost ``radius``.

    .. math::

        \max \sum_i w_i z_i \quad\text{s.t.}\quad z_i \le \sum_{j:\, d_{ij}
        \le r} y_j,\; \sum_j y_j = p,\; y \in \{0,1\},\; 0 \le z \le 1.

    Attributes
    ----------
    objective_ : float
        Demand covered.
    coverage_ : float
        Share of total demand covered.
    sites_ : list
        Labels of the open sites.
    covered_ : pandas.Series
        Whether each client is covered.

    References
    ----------
    Church & ReVelle (1974).
    """

    def __init__(self, cost: pd.DataFrame, weights: np.ndarray, p: int, radius: float) -> None:
        self.cost = cost
        self.weights = weights
        self.p = int(p)
        self.radius = float(radius)
        if not 1 <= self.p <= cost.shape[1]:
            raise ValueError("p must be between 1 and the number of candidates")

    @classmethod
    def from_cost_matrix(
        cls, cost: pd.DataFrame | np.ndarray, weights=None, p: int = 1, *, radius: float
    ) -> MaximalCovering:
        """Build the problem from a clients x candidates cost matrix."""
        frame = _as_cost_frame(cost)
        return cls(frame, _as_weights(weights, frame.index), p, radius)

    def solve(self, *, time_limit: float | None = None) -> MaximalCovering:
        """Solve the covering MILP exactly (or to ``time_limit`` with its gap)."""
        cost = self.cost.to_numpy(dtype=float)
        m, n = cost.shape
        covers = sp.csr_matrix(cost <= self.radius, dtype=float)
        # Rows: z_i - sum_j a_ij y_j <= 0; then sum_j y_j = p.
        matrix = sp.vstack(
            [
                sp.hstack([-covers, sp.identity(m)]),
                sp.hstack([sp.csr_matrix(np.ones((1, n))), sp.csr_matrix((1, m))]),
            ]
        )
        result = solve_milp(
            np.concatenate([np.zeros(n), self.weights]),
            matrix,
            np.concatenate([np.full(m, -np.inf), [self.p]]),
            np.concatenate([np.zeros(m), [self.p]]),
            np.zeros(n + m),
            np.ones(n + m),
            np.concatenate([np.ones(n, dtype=bool), np.zeros(m, dtype=bool)]),
            sense="max",
            time_limit=time_limit,
        )
        sites = np.nonzero(result.x[:n] > 0.5)[0]
        covered = (cost[:, sites] <= self.radius).any(axis=1)
        columns = self.cost.columns
        self.sites_ = [_plain(columns[j]) for j in sites]
        self.covered_ = pd.Series(covered, index=self.cost.index, name="covered")
        self.objective_ = float(self.weights @ covered)
        total = float(self.weights.sum())
        self.coverage_ = self.objective_ / total if total else 1.0
        self.gap_ = float(result.gap)
        self.status_ = result.status
        return self


def _plain(label):
    return label.item() if isinstance(label, np.generic) else label
