r"""Large p-median instances: a certified sparse Lagrangian bound and a fast-swap plan.

Relaxing the assignment constraints with multipliers :math:`\lambda_i` gives the
bound :math:`L(\lambda) = \sum_i \lambda_i + \min_{|S| = p} \sum_{j \in S} \rho_j`
with :math:`\rho_j = \sum_i \min(0, w_i d_{ij} - \lambda_i)`. Each client keeps
only the candidates whose weighted cost is below a threshold of its own, and
its multiplier never exceeds :math:`\kappa_i`, the cheapest weighted cost it
left out. Every dropped pair then adds exactly zero, so the bound computed on
the short lists **is** the bound of the full problem: certified, at a cost of
the list lengths per step instead of ``m * n``. Where the cap stops a
multiplier from rising, that client's threshold is raised and its list
rebuilt, so the ascent is never held below the full problem's dual.

The plan comes from greedy + interchange on a sample of clients, then fast
swaps on the full matrix (:mod:`regiocluster.siting._swap`), the relaxed plans
of the ascent (a Lagrangian heuristic) and an iterated local search around
the best. Candidates whose forced opening lifts the bound past the target are
closed (Lagrangian reduced-cost fixing). When the gap is still open after the
ascent, the exact tree search of :mod:`regiocluster.siting._lagrangian`
finishes the reduced instance, within ``tolerance`` and the time limit.

References
----------
Beasley, J. E. (1993). Lagrangean heuristics for location problems.
*European J. Operational Research*, 65(3), 383-399.
Avella, P., Boccia, M., Salerno, S., & Vasilyev, I. (2012). An aggregation
heuristic for large scale p-median problem. *Computers & Operations Research*,
39(7), 1625-1632 (k-nearest core problems).
Resende, M. G. C., & Werneck, R. F. (2007). A fast swap-based local search
procedure for location problems. *Annals of Operations Research*, 150, 205-230.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from regiocluster.siting._heuristics import greedy, interchange
from regiocluster.siting._lagrangian import LagrangianSearch, _Node
from regiocluster.siting._swap import fast_swap, perturbed_search, plan_cost

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
    """Every pair whose weighted cost is below its client's threshold, column by column.

    ``cap[i]`` is the cheapest weighted cost client ``i`` left out (``inf`` when it
    kept every candidate): multipliers up to it give the full problem's bound.
    """

    def __init__(self, weighted: np.ndarray, threshold: np.ndarray) -> None:
        self.m, self.n = weighted.shape
        self.threshold = threshold
        mask = weighted < threshold[:, None]
        self.cap = np.where(mask, np.inf, weighted).min(axis=1)
        cols, rows = np.nonzero(mask.T)
        self.rows, self.cols = rows, cols
        self.values = weighted[rows, cols]
        self.starts = np.searchsorted(cols, np.arange(self.n + 1))

    @classmethod
    def nearest(cls, weighted: np.ndarray, k: int) -> _Lists:
        """Keep (at most) each client's ``k`` cheapest candidates."""
        n = weighted.shape[1]
        if k >= n:
            return cls(weighted, np.full(weighted.shape[0], np.inf))
        return cls(weighted, np.partition(weighted, k, axis=1)[:, k])

    @property
    def pairs(self) -> int:
        return int(self.rows.size)

    def evaluate(self, lam: np.ndarray, p: int, closed: np.ndarray | None = None):
        """Bound at ``lam`` (which must not exceed ``cap``), ``rho`` and the relaxed plan."""
        reduced = np.minimum(self.values - lam[self.rows], 0.0)
        rho = np.bincount(self.cols, weights=reduced, minlength=self.n)
        if closed is not None:
            rho[closed] = np.inf
        chosen = np.argpartition(rho, p)[:p] if p < self.n else np.arange(self.n)
        return float(lam.sum() + rho[chosen].sum()), rho, chosen

    def served(self, lam: np.ndarray, chosen: np.ndarray) -> np.ndarray:
        """How many of the ``chosen`` sites each client would take at ``lam``."""
        spans = [np.arange(self.starts[j], self.starts[j + 1]) for j in chosen]
        at = np.concatenate(spans) if spans else np.zeros(0, dtype=int)
        rows = self.rows[at]
        hit = self.values[at] < lam[rows]
        return np.bincount(rows[hit], minlength=self.m)


class _Search:
    """State of the root Lagrangian search on one large instance."""

    def __init__(self, cost, weights, p, *, tolerance, deadline):
        self.cost, self.weights, self.p = cost, weights, p
        self.weighted = weights[:, None] * cost
        self.tolerance, self.deadline = tolerance, deadline
        self.m, self.n = cost.shape
        self.sites = self._start()
        self.upper = plan_cost(self.weighted, self.sites)
        self.closed = np.zeros(self.n, dtype=bool)
        self.floor = np.inf  # least bound of any plan using a closed candidate
        self.seen: set[bytes] = set()

    def _start(self) -> np.ndarray:
        if self.p == 1:
            return np.array([int(np.argmin(self.weighted.sum(axis=0)))])
        # Greedy + interchange on a sample of the clients, then fast swaps on all.
        # Few sites: greedy on every client is cheap (p passes over the matrix).
        rng = np.random.default_rng(0)
        size = self.m if self.p <= 20 else min(self.m, 2000)
        sample = np.sort(rng.choice(self.m, size=size, replace=False))
        cost, weights = self.cost[sample], self.weights[sample]
        start = greedy(cost, weights, self.p)
        if size < self.m:
            start = interchange(cost, weights, start, deadline=self.deadline)
        return fast_swap(self.weighted, start, deadline=self.deadline)

    def target(self) -> float:
        return self.upper * (1.0 - self.tolerance) - 1e-9 * max(abs(self.upper), 1.0)

    def late(self) -> bool:
        return self.deadline is not None and time.perf_counter() >= self.deadline

    def offer(self, sites: np.ndarray, *, polish: bool = False) -> None:
        """Keep a plan that beats the incumbent; ``polish`` descends from a near one."""
        sites = np.sort(sites)
        key = sites.tobytes()
        if key in self.seen:
            return
        self.seen.add(key)
        value = plan_cost(self.weighted, sites)
        if polish and self.p > 1 and value < 1.5 * self.upper:
            sites = fast_swap(self.weighted, sites, deadline=self.deadline)
            value = plan_cost(self.weighted, sites)
        if value < self.upper - 1e-9 * max(abs(self.upper), 1.0):
            self.sites, self.upper = sites, value

    def local_search(self, rho: np.ndarray, rounds: int) -> None:
        """Run an iterated local search from the incumbent among the most promising sites."""
        if self.p < 2:
            return
        finite = np.where(self.closed, np.inf, rho)
        pool = np.argsort(finite, kind="stable")[: 3 * self.p + 10]
        pool = pool[np.isfinite(finite[pool])]
        better = perturbed_search(
            self.weighted, self.sites, pool, rounds=rounds, deadline=self.deadline
        )
        self.offer(better)

    def fix(self, value: float, rho: np.ndarray, chosen: np.ndarray) -> None:
        """Close candidates whose forced opening lifts the bound past the target."""
        forced = value - rho[chosen].max() + rho
        fix = forced > self.target()
        fix[chosen] = False
        fix[self.sites] = False
        fix &= ~self.closed
        if fix.any():
            self.floor = min(self.floor, float(forced[fix].min()))
            self.closed |= fix

    def certified(self, value: float) -> float:
        """Bound the full problem: plans with a closed candidate cost at least ``floor``."""
        return min(value, self.floor)


@dataclass
class _Ascent:
    """Subgradient ascent on the short lists, rebuilding them where the caps bind."""

    search: _Search
    lists: _Lists
    step: float = 1.0
    patience: int = 50
    momentum: float = 0.5  # deflected subgradient (Camerini, Fratta & Maffioli 1975)
    _floor: np.ndarray | None = None

    def run(self, lam: np.ndarray, *, iterations: int):
        """Return the best multipliers and their (certified) bound."""
        search = self.search
        best, best_lam, stall = -np.inf, lam, 0
        direction = np.zeros(search.m)
        low = search.weighted.min(axis=1)
        for iteration in range(iterations):
            if iteration % 40 == 39:
                # Lists follow the multipliers: each client keeps the candidates
                # cheaper than 1.2 times its multiplier (so the cap never binds long).
                self.lists = _Lists(search.weighted, np.maximum(1.2 * lam, self.floor))
            lists = self.lists
            value, rho, chosen = lists.evaluate(lam, search.p, search.closed)
            if value > best + 1e-9 * abs(value):
                best, best_lam, stall = value, lam, 0
            else:
                stall += 1
            if search.certified(best) > search.target() or search.late():
                break
            search.fix(value, rho, chosen)
            if iteration % 10 == 9:
                search.offer(chosen, polish=iteration % 250 == 249)
            if stall >= self.patience:
                self.step, stall = self.step / 2.0, 0
                lam = best_lam
                if self.step < 1e-4:
                    break
            gradient = 1.0 - lists.served(lam, chosen)
            direction = gradient + self.momentum * direction
            norm = float(direction @ direction)
            if norm == 0.0:
                break
            gap = max(search.upper - value, 1e-9 * abs(search.upper))
            moved = np.maximum(lam + self.step * gap / norm * direction, low)
            lam = np.minimum(moved, lists.cap)
        return best_lam, self.certify(best_lam)

    @property
    def floor(self) -> np.ndarray:
        """Every list keeps at least each client's two cheapest candidates."""
        if self._floor is None:
            weighted = self.search.weighted
            k = min(1, weighted.shape[1] - 1)
            self._floor = np.partition(weighted, k, axis=1)[:, k] * (1 + 1e-9)
        return self._floor

    def certify(self, lam: np.ndarray) -> float:
        """Return the full problem's bound at ``lam``, on lists whose caps are above it."""
        if (lam > self.lists.cap).any():
            self.lists = _Lists(self.search.weighted, np.maximum(1.2 * lam, self.floor))
        value, *_ = self.lists.evaluate(lam, self.search.p, self.search.closed)
        return self.search.certified(value)


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
        Start from each client's ``k`` cheapest candidates. By default each
        client keeps those cheaper than 1.5 times its cost in the starting
        plan (at least its two cheapest). Lists grow where needed either way.
    """
    n = cost.shape[1]
    search = _Search(cost, weights, p, tolerance=tolerance, deadline=deadline)
    assigned = search.weighted[:, search.sites].min(axis=1)
    if k is not None:
        lists = _Lists.nearest(search.weighted, max(int(k), 1))
    else:
        k = min(1, n - 1)
        second = np.partition(search.weighted, k, axis=1)[:, k] * (1 + 1e-9)
        lists = _Lists(search.weighted, np.maximum(1.2 * assigned, second))
    lam = np.minimum(assigned, lists.cap)
    ascent = _Ascent(search, lists)
    lam, bound = ascent.run(lam, iterations=1500)
    if bound <= search.target() and not search.late():
        # Near the dual optimum the relaxed plan, polished, is usually near optimal;
        # an iterated local search around the best plan follows.
        _, rho, chosen = ascent.lists.evaluate(lam, p, search.closed)
        search.seen.discard(np.sort(chosen).tobytes())
        search.offer(chosen, polish=True)
        search.local_search(rho, rounds=8)
        ascent = _Ascent(search, ascent.lists, step=ascent.step)
        lam, bound = ascent.run(lam, iterations=2500)
    if bound > search.target() or search.late():
        return _result(search, bound)
    return _finish(search, ascent.lists, lam, bound)


def _result(search: _Search, bound: float) -> LargeResult:
    bound = min(bound, search.upper)
    proven = bound >= search.target()
    return LargeResult(np.sort(search.sites), search.upper, bound, bool(proven))


def _finish(search: _Search, lists: _Lists, lam: np.ndarray, bound: float) -> LargeResult:
    """Drop candidates the bound rules out, then search the rest exactly."""
    n, p = search.n, search.p
    value, rho, chosen = lists.evaluate(lam, p, search.closed)
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
    search.offer(columns[reduced.incumbent])
    # Plans using a dropped candidate cost more than ``target``; the rest are searched.
    if proven:
        final = max(bound, search.upper * (1.0 - search.tolerance))
    else:
        final = max(bound, min(reduced.bound, target))
    return LargeResult(np.sort(search.sites), search.upper, min(final, search.upper), proven)
