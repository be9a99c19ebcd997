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

import time

import numpy as np
import pandas as pd
import scipy.sparse as sp

from regiocluster.optim import solve_milp
from regiocluster.siting.base import LocationModel, as_cost_frame, as_weights

__all__ = ["MaximalCovering", "PCenter"]


def _min_cover(
    covers: np.ndarray, *, time_limit: float | None = None
) -> tuple[np.ndarray | None, int, bool]:
    """Fewest sites covering every client (rows) given a boolean coverage matrix.

    Returns the sites (``None`` if no cover exists or none was found in time),
    their number, and whether that number is proven least.
    """
    m, n = covers.shape
    if not covers.any(axis=1).all():
        return None, n + 1, True
    result = solve_milp(
        np.ones(n),
        sp.csr_matrix(covers.astype(float)),
        np.ones(m),
        np.full(m, np.inf),
        np.zeros(n),
        np.ones(n),
        np.ones(n, dtype=bool),
        time_limit=time_limit,
    )
    if result.x is None:
        return None, n + 1, False
    sites = np.nonzero(result.x > 0.5)[0]
    return sites, int(sites.size), result.status == "optimal"


class PCenter(LocationModel):
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
    status_, gap_ : str, float
        ``"optimal"`` with gap 0, or ``"time_limit"`` with the gap between the
        radius found and the least radius not yet ruled out.

    References
    ----------
    Minieka (1970); Daskin (2013), section 5.2.
    """

    def __init__(self, cost: pd.DataFrame, p: int, weights: np.ndarray) -> None:
        self.cost = cost
        self.p = self._check_p(p, cost.shape[1])
        self.weights = weights

    @classmethod
    def from_cost_matrix(
        cls,
        cost: pd.DataFrame | np.ndarray,
        weights=None,
        *args,
        p: int | None = None,
    ) -> PCenter:
        """Build the problem; clients with zero weight need not be covered.

        The old form ``from_cost_matrix(cost, p)`` (``p`` second, positional)
        still works for one release with a ``DeprecationWarning``.
        """
        options = {"p": p}
        if np.ndim(weights) == 0 and weights is not None:
            # Old signature: from_cost_matrix(cost, p, *, weights=...).
            args, weights = (weights, *args), None
        weights = cls._legacy(weights, args, options)
        frame = as_cost_frame(cost)
        return cls(
            frame, 1 if options["p"] is None else options["p"], as_weights(weights, frame.index)
        )

    def solve(self, *, time_limit: float | None = None) -> PCenter:
        """Binary search for the least radius that ``p`` sites can cover."""
        deadline = None if time_limit is None else time.perf_counter() + time_limit

        def remaining() -> float | None:
            return None if deadline is None else max(deadline - time.perf_counter(), 0.01)

        cost = self.cost.to_numpy(dtype=float)[self.weights > 0]
        levels = np.unique(cost)
        # Every client must reach some site: the radius is at least each row's minimum.
        low = int(np.searchsorted(levels, cost.min(axis=1).max()))
        high = levels.size - 1
        best_sites, _, _ = _min_cover(cost <= levels[high], time_limit=remaining())
        proven = True
        while low < high:
            if deadline is not None and time.perf_counter() >= deadline:
                proven = False
                break
            middle = (low + high) // 2
            sites, count, exact = _min_cover(cost <= levels[middle], time_limit=remaining())
            if count <= self.p:
                high = middle
                best_sites = sites
            elif exact:
                low = middle + 1
            else:
                proven = False
                break
        if best_sites is None or best_sites.size > self.p:
            best_sites = np.argsort(cost.max(axis=0), kind="stable")[: self.p]
        # Pad with further sites (they cannot raise the maximum) to use all p.
        chosen = list(best_sites)
        for j in range(cost.shape[1]):
            if len(chosen) >= self.p:
                break
            if j not in chosen:
                chosen.append(j)
        chosen_arr = np.array(sorted(chosen[: self.p]))
        radius = float(cost[:, chosen_arr].min(axis=1).max()) if cost.size else 0.0
        lower = float(levels[low])
        gap = 0.0 if proven else (radius - lower) / radius if radius else 0.0
        self._finish(
            chosen_arr,
            objective=radius,
            status="optimal" if proven else "time_limit",
            gap=max(gap, 0.0),
        )
        return self


class MaximalCovering(LocationModel):
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
        self.p = self._check_p(p, cost.shape[1])
        self.radius = float(radius)

    @classmethod
    def from_cost_matrix(
        cls,
        cost: pd.DataFrame | np.ndarray,
        weights=None,
        *args,
        p: int | None = None,
        radius: float,
    ) -> MaximalCovering:
        """Build the problem from a clients x candidates cost matrix.

        ``p`` passed positionally (the old form) still works for one release
        with a ``DeprecationWarning``.
        """
        options = {"p": p}
        weights = cls._legacy(weights, args, options)
        frame = as_cost_frame(cost)
        return cls(
            frame,
            as_weights(weights, frame.index),
            1 if options["p"] is None else options["p"],
            radius,
        )

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
        sites = np.nonzero(result.x[:n] > 0.5)[0] if result.x is not None else np.zeros(0, int)
        covered = (cost[:, sites] <= self.radius).any(axis=1)
        self._finish(
            sites, objective=float(self.weights @ covered), status=result.status, gap=result.gap
        )
        self.covered_ = pd.Series(covered, index=self.cost.index, name="covered")
        total = float(self.weights.sum())
        self.coverage_ = self.objective_ / total if total else 1.0
        return self
