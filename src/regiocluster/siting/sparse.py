r"""Large p-median instances: a k-nearest Lagrangian bound with a certificate.

Relaxing the assignment constraints with multipliers :math:`\lambda_i` gives the
bound :math:`L(\lambda) = \sum_i \lambda_i + \min_{|S| = p} \sum_{j \in S} \rho_j`
with :math:`\rho_j = \sum_i \min(0, w_i d_{ij} - \lambda_i)`. If each client keeps
only its ``k`` cheapest candidates and its multiplier never exceeds
:math:`w_i d_i^{(k+1)}` (its (k+1)-th cheapest cost), every dropped pair adds
exactly zero, so the bound computed on the short lists **is** the bound of the
full problem: certified, at a cost of ``m * k`` per step instead of ``m * n``.
Where that cap stops a multiplier from rising while the gap is still open, the
lists of those clients are lengthened (lazy expansion) and the search goes on.

The incumbent comes from greedy + fast interchange on the full matrix and from
the relaxed plans (a Lagrangian heuristic). Candidates that cannot be in a plan
better than the incumbent (by the bound with the candidate forced open) are
dropped, and the exact tree search of :mod:`regiocluster.siting._lagrangian`
finishes the reduced instance, within ``tolerance`` and the time limit.

References
----------
Beasley, J. E. (1993). Lagrangean heuristics for location problems.
*European J. Operational Research*, 65(3), 383-399.
Avella, P., Boccia, M., Salerno, S., & Vasilyev, I. (2012). An aggregation
heuristic for large scale p-median problem. *Computers & Operations Research*,
39(7), 1625-1632 (k-nearest core problems).
García, S., Labbé, M., & Marín, A. (2011). Solving large p-median problems with
a radius formulation. *INFORMS J. Computing*, 23(4), 546-556.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from regiocluster.siting._heuristics import greedy, interchange
from regiocluster.siting._lagrangian import LagrangianSearch, _Node

__all__ = ["SPARSE_MIN_PAIRS", "LargeResult", "solve_large"]

#: Instances with at least this many client-candidate pairs use this solver.
SPARSE_MIN_PAIRS = 2_000_000


@dataclass(frozen=True)
class LargeResult:
    """Plan, certified lower bound and whether the gap met the tolerance."""

    sites: np.ndarray
    upper: float
    bound: float
    proven: bool


class _Lists:
    """Each client's ``k`` cheapest candidates, their weighted costs, and the cap."""

    def __init__(self, cost: np.ndarray, weights: np.ndarray, k: int) -> None:
        m, n = cost.shape
        self.k = min(k, n)
        if self.k >= n:
            idx = np.argsort(cost, axis=1)
            self.cap = np.full(m, np.inf)
        else:
            part = np.argpartition(cost, self.k, axis=1)
            idx = part[:, : self.k]
            self.cap = weights * cost[np.arange(m), part[:, self.k]]
        self.idx = idx.astype(np.int32)
        self.wd = weights[:, None] * np.take_along_axis(cost, idx, axis=1)
        # The ascent works in single precision (half the memory traffic); the bound
        # it returns is evaluated again in double precision.
        self.wd32 = self.wd.astype(np.float32)
        self.flat = self.idx.ravel()

    def evaluate(
        self,
        lam: np.ndarray,
        n: int,
        p: int,
        closed: np.ndarray | None = None,
        *,
        exact: bool = True,
    ):
        """Bound at ``lam`` with the ``closed`` candidates out of the relaxation."""
        if exact:
            reduced = np.minimum(self.wd - lam[:, None], 0.0)
        else:
            reduced = np.minimum(self.wd32 - lam.astype(np.float32)[:, None], np.float32(0.0))
        rho = np.bincount(self.flat, weights=reduced.ravel(), minlength=n)
        if closed is not None:
            rho[closed] = np.inf
        chosen = np.argpartition(rho, p)[:p] if p < n else np.arange(n)
        return float(lam.sum() + rho[chosen].sum()), rho, chosen, reduced


def _plan_cost(cost: np.ndarray, weights: np.ndarray, sites: np.ndarray) -> float:
    return float(weights @ cost[:, sites].min(axis=1))


class _Search:
    """State of the root Lagrangian search on one large instance."""

    def __init__(self, cost, weights, p, *, tolerance, deadline):
        self.cost, self.weights, self.p = cost, weights, p
        self.tolerance, self.deadline = tolerance, deadline
        self.m, self.n = cost.shape
        # Start from greedy + interchange on a sample of the clients: a good plan cheaply.
        rng = np.random.default_rng(0)
        sample = rng.choice(self.m, size=min(self.m, 2000), replace=False)
        start = greedy(cost[sample], weights[sample], p)
        start = interchange(cost[sample], weights[sample], start, deadline=deadline)
        self.sites = start
        self.upper = _plan_cost(cost, weights, start)
        self.seen: set[bytes] = set()
        self.closed = np.zeros(self.n, dtype=bool)
        self.momentum = 0.6  # deflected subgradient (Camerini, Fratta & Maffioli 1975)

    def target(self) -> float:
        return self.upper * (1.0 - self.tolerance) - 1e-9 * max(abs(self.upper), 1.0)

    def late(self) -> bool:
        return self.deadline is not None and time.perf_counter() >= self.deadline

    def try_plan(self, sites: np.ndarray) -> None:
        """Keep a relaxed plan that beats the incumbent (a Lagrangian heuristic)."""
        value = _plan_cost(self.cost, self.weights, sites)
        if value < self.upper - 1e-9 * max(abs(self.upper), 1.0):
            self.sites, self.upper = np.sort(sites), value

    def polish(self, rho: np.ndarray) -> None:
        """Interchange from the incumbent among the most promising candidates."""
        key = self.sites.tobytes()
        if key in self.seen:
            return
        finite = np.where(np.isfinite(rho), rho, np.inf)
        pool = np.union1d(np.argsort(finite, kind="stable")[: 2 * self.p + 10], self.sites)
        local = np.searchsorted(pool, self.sites)
        cost = np.ascontiguousarray(self.cost[:, pool])
        better = pool[
            interchange(cost, self.weights, local, deadline=self.deadline, max_swaps=self.p)
        ]
        value = _plan_cost(self.cost, self.weights, better)
        if value < self.upper - 1e-9 * max(abs(self.upper), 1.0):
            self.sites, self.upper = np.sort(better), value
        self.seen.add(self.sites.tobytes())

    def ascend(self, lists: _Lists, lam: np.ndarray, *, iterations: int):
        """Subgradient ascent; return the best multipliers, their bound and the cap pressure."""
        best, best_lam, step, stall = -np.inf, lam, 1.0, 0
        pressure = np.zeros(self.m, dtype=bool)
        low = lists.wd[:, 0]
        direction = np.zeros(self.m)
        for iteration in range(iterations):
            value, rho, chosen, reduced = lists.evaluate(
                lam, self.n, self.p, self.closed, exact=False
            )
            if value > best + 1e-6 * abs(value):
                best, best_lam, stall = value, lam, 0
            else:
                stall += 1
            if best > self.target() or self.late():
                break
            # A candidate whose forced opening lifts the bound past the target is closed
            # for good: every plan using it costs more (this also tightens the bound).
            pth = rho[chosen].max()
            fix = value - pth + rho > self.target()
            fix[chosen] = False
            fix[self.sites] = False
            self.closed |= fix
            if iteration % 5 == 0:
                self.try_plan(chosen)
            if iteration % 250 == 249:
                self.polish(rho)
            if stall >= 25:
                step, stall = step / 2.0, 0
                if step < 1e-5:
                    break
            opened = np.zeros(self.n, dtype=bool)
            opened[chosen] = True
            served = ((reduced < 0) & opened[lists.idx]).sum(axis=1)
            gradient = 1.0 - served
            if self.momentum and iteration:
                gradient = gradient + self.momentum * direction
            direction = gradient
            norm = float(gradient @ gradient)
            if norm == 0.0:
                break
            moved = lam + step * max(self.upper - value, 1e-9 * self.upper) / norm * gradient
            pressure = (moved > lists.cap) & (gradient > 0)
            lam = np.clip(moved, low, lists.cap)
        # Certify: the bound of the best multipliers in double precision.
        certified, *_ = lists.evaluate(best_lam, self.n, self.p, self.closed)
        return best_lam, certified, pressure


def solve_large(
    cost: np.ndarray,
    weights: np.ndarray,
    p: int,
    *,
    tolerance: float = 0.0,
    deadline: float | None = None,
    k: int | None = None,
) -> LargeResult:
    """Solve a large p-median instance to ``tolerance`` (relative gap) or the deadline.

    Parameters
    ----------
    cost : numpy.ndarray
        Clients x candidates (dense).
    weights : numpy.ndarray
        Client weights (positive).
    p : int
        Sites to open.
    tolerance : float
        Relative gap at which to stop (0: prove optimality).
    deadline : float, optional
        ``time.perf_counter()`` value to stop at.
    k : int, optional
        Starting list length (default ``2 n / p``, at least 10).
    """
    m, n = cost.shape
    search = _Search(cost, weights, p, tolerance=tolerance, deadline=deadline)
    k = k or max(10, int(np.ceil(2 * n / p)))
    lists = _Lists(cost, weights, k)
    lam = np.clip(weights * cost[:, search.sites].min(axis=1), lists.wd[:, 0], lists.cap)
    bound = -np.inf
    while True:
        lam, value, pressure = search.ascend(lists, lam, iterations=3000)
        bound = max(bound, value)
        if bound > search.target() or search.late() or lists.k >= n or not pressure.any():
            break
        # The cap held multipliers down: lengthen every list and go on from lam.
        lists = _Lists(cost, weights, 2 * lists.k)
        lam = np.clip(lam, lists.wd[:, 0], lists.cap)
    if bound > search.target() or search.late():
        return _result(search, bound)
    return _finish(search, lists, lam, bound)


def _result(search: _Search, bound: float) -> LargeResult:
    bound = min(bound, search.upper)
    proven = bound >= search.upper * (1.0 - search.tolerance) - 1e-9 * abs(search.upper)
    return LargeResult(np.sort(search.sites), search.upper, bound, bool(proven))


def _finish(search: _Search, lists: _Lists, lam: np.ndarray, bound: float) -> LargeResult:
    """Drop candidates the bound rules out, then search the rest exactly."""
    n, p = search.n, search.p
    value, rho, chosen, _ = lists.evaluate(lam, n, p, search.closed)
    target = search.target()
    order = np.argsort(rho, kind="stable")
    pth, next_rho = rho[order[p - 1]], rho[order[p]] if p < n else np.inf
    keep = value - pth + rho <= target  # forcing j open cannot beat the target otherwise
    keep &= ~search.closed
    keep[chosen] = True
    keep[search.sites] = True
    forced = np.zeros(n, dtype=bool)
    forced[chosen] = value - rho[chosen] + next_rho > target
    columns = np.nonzero(keep)[0]
    position = np.full(n, -1)
    position[columns] = np.arange(columns.size)
    reduced = LagrangianSearch(
        search.cost[:, columns],
        search.weights,
        p,
        position[search.sites],
        tolerance=search.tolerance,
    )
    reduced.bound = bound
    reduced._root_pruned = False
    node = _Node(forced[columns], np.zeros(columns.size, dtype=bool), lam.copy(), bound)
    proven = reduced.search(node, deadline=search.deadline)
    sites = columns[reduced.incumbent]
    upper = _plan_cost(search.cost, search.weights, sites)
    if upper < search.upper:
        search.sites, search.upper = sites, upper
    # Plans using a dropped candidate cost more than ``target``; the rest are searched.
    if proven:
        final = max(bound, search.upper * (1.0 - search.tolerance))
    else:
        final = max(bound, min(reduced.bound, target))
    return LargeResult(np.sort(search.sites), search.upper, min(final, search.upper), proven)
