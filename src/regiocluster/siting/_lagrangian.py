r"""Lagrangian relaxation of the p-median problem: bounds, fixing and tree search.

Relaxing the assignment constraints with multipliers :math:`\lambda_i` leaves

.. math::

    L(\lambda) = \sum_i \lambda_i + \min_{|S| = p} \sum_{j \in S} \rho_j,
    \qquad \rho_j = \sum_i \min(0,\, w_i d_{ij} - \lambda_i),

maximised by subgradient steps. Any :math:`\lambda` also bounds the problem
with one site forced open or closed, which drops candidates that cannot be in a
plan better than the incumbent; the relaxed solution's sites, improved by
interchange, give new incumbents (a Lagrangian heuristic). Where the bound does
not meet the incumbent, a depth-first tree search branches on open sites.

References
----------
Beasley, J. E. (1993). Lagrangean heuristics for location problems.
*European J. Operational Research*, 65(3), 383-399.
Daskin, M. S. (2013). *Network and Discrete Location* (2nd ed.), ch. 6. Wiley.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np

from regiocluster.siting._heuristics import interchange, median_cost

__all__ = ["LagrangianSearch"]


@dataclass
class _Node:
    opened: np.ndarray
    closed: np.ndarray
    multipliers: np.ndarray
    bound: float


@dataclass
class LagrangianSearch:
    """State of the Lagrangian bound-and-branch search on one (merged) instance.

    Parameters
    ----------
    cost, weights, p
        The instance (clients x candidates, client weights, number of sites).
    incumbent : numpy.ndarray
        Indices of a feasible plan (the starting upper bound).
    integral : bool
        Every plan has an integer cost, so a bound above ``upper - 1`` is enough
        to prove that no strictly better plan exists.
    tolerance : float
        Relative gap to accept: a node whose bound is within it of the incumbent
        is pruned (0: prove optimality).
    """

    cost: np.ndarray
    weights: np.ndarray
    p: int
    incumbent: np.ndarray
    integral: bool = False
    tolerance: float = 0.0
    upper: float = field(init=False)
    bound: float = field(init=False, default=-np.inf)
    nodes: int = field(init=False, default=0)

    def __post_init__(self) -> None:
        self.weighted = self.weights[:, None] * self.cost
        self.incumbent = np.sort(np.asarray(self.incumbent, dtype=int))
        self.upper = median_cost(self.cost, self.weights, self.incumbent)

    def _target(self) -> float:
        if self.integral:
            target = self.upper - 1.0 + 1e-6
        else:
            target = self.upper - 1e-9 * max(abs(self.upper), 1.0)
        if self.tolerance > 0:
            target = min(target, self.upper * (1.0 - self.tolerance))
        return target

    def _try(self, sites: np.ndarray, *, polish: bool = False) -> None:
        value = median_cost(self.cost, self.weights, sites)
        if polish or value < self.upper - 1e-9 * max(abs(self.upper), 1.0):
            sites = interchange(self.cost, self.weights, sites)
            value = median_cost(self.cost, self.weights, sites)
            if value < self.upper - 1e-9 * max(abs(self.upper), 1.0):
                self.incumbent = np.sort(sites)
                self.upper = value

    def _relax(
        self, node: _Node, iterations: int, step: float, patience: int, polish_every: int = 30
    ) -> bool:
        """Tighten ``node`` in place; return True if it is pruned."""
        n = self.cost.shape[1]
        p = self.p
        best_multipliers = node.multipliers
        multipliers = node.multipliers.copy()
        stall = 0
        seen: set[bytes] = set()
        active = np.zeros(0, dtype=int)
        sub = self.weighted[:, :0]
        for iteration in range(iterations):
            free = ~node.opened & ~node.closed
            k = p - int(node.opened.sum())
            n_free = int(free.sum())
            if k < 0 or k > n_free:
                return True
            if k == 0:
                self._try(np.nonzero(node.opened)[0])
                return True
            if k == n_free:
                self._try(np.nonzero(node.opened | free)[0])
                return True
            if active.size != int((~node.closed).sum()):
                # Closed candidates drop out of the relaxation: work on the rest only.
                active = np.nonzero(~node.closed)[0]
                sub = self.weighted[:, active]
            reduced = np.minimum(sub - multipliers[:, None], 0.0)
            rho = np.full(n, np.inf)
            rho[active] = reduced.sum(axis=0)
            free_idx = np.nonzero(free)[0]
            free_rho = rho[free_idx]
            part = np.argpartition(free_rho, k) if k < n_free else np.arange(n_free)
            chosen_free = free_idx[part[:k]]
            kth = free_rho[part[:k]].max()
            next_rho = free_rho[part[k]] if k < n_free else np.inf
            chosen = np.concatenate([np.nonzero(node.opened)[0], chosen_free])
            bound = multipliers.sum() + rho[chosen].sum()
            if bound > node.bound:
                node.bound = float(bound)
                best_multipliers = multipliers
                stall = 0
            else:
                stall += 1
            target = self._target()
            if node.bound > target:
                return True
            # Fix candidates whose forced opening or closing would exceed the incumbent.
            close = free & (bound - kth + rho > target)
            close[chosen_free] = False
            node.closed |= close
            opening = np.zeros(n, dtype=bool)
            opening[chosen_free] = bound - rho[chosen_free] + next_rho > target
            node.opened |= opening
            key = np.sort(chosen).tobytes()
            if iteration % 3 == 0 and key not in seen:
                seen.add(key)
                # Now and then polish the relaxed plan even if it is no better yet.
                self._try(np.sort(chosen), polish=iteration % polish_every == polish_every - 1)
            if stall >= patience:
                step /= 2.0
                stall = 0
                if step < 1e-3:
                    break
            position = np.searchsorted(active, chosen)
            subgradient = 1.0 - (reduced[:, position] < 0).sum(axis=1)
            norm = float(subgradient @ subgradient)
            if norm == 0.0:
                self._try(np.sort(chosen))
                return True
            gap = max(self.upper - bound, 1e-9 * max(abs(self.upper), 1.0))
            multipliers = multipliers + step * gap / norm * subgradient
        node.multipliers = best_multipliers
        return False

    def _polish_from(self, node: _Node) -> None:
        rho = np.minimum(self.weighted - node.multipliers[:, None], 0.0).sum(axis=0)
        rho[node.closed] = np.inf
        rho[node.opened] = -np.inf
        self._try(np.sort(np.argsort(rho, kind="stable")[: self.p]), polish=True)

    def _perturb(self, node: _Node, *, rounds: int) -> None:
        """Run an iterated local search: swap a tenth of the incumbent for promising sites."""
        rng = np.random.default_rng(12345)
        rho = np.minimum(self.weighted - node.multipliers[:, None], 0.0).sum(axis=0)
        n = rho.size
        pool = np.argsort(rho, kind="stable")[: min(n, 3 * self.p + 10)]
        for _ in range(rounds):
            if node.bound > self._target():
                return
            sites = self.incumbent.copy()
            outside = np.setdiff1d(pool, sites)
            if outside.size == 0:
                return
            k = max(1, min(self.p // 10, outside.size))
            sites[rng.choice(self.p, size=k, replace=False)] = rng.choice(
                outside, size=k, replace=False
            )
            self._try(np.sort(sites), polish=True)

    def root(self, *, iterations: int = 800) -> _Node:
        """Relax the whole problem; the returned node carries the root fixings."""
        n = self.cost.shape[1]
        start = self.weighted[:, self.incumbent].min(axis=1).copy()
        node = _Node(np.zeros(n, dtype=bool), np.zeros(n, dtype=bool), start, -np.inf)
        pruned = self._relax(node, iterations, 2.0, 20)
        if not pruned:
            # Interchange from the relaxed plan at the best multipliers often finds
            # the optimum; with the better incumbent, fix again (or prune).
            self._polish_from(node)
            self._perturb(node, rounds=8)
            pruned = node.bound > self._target() or self._relax(node, 100, 0.25, 10)
        self.bound = self.upper if pruned else node.bound
        self._root_pruned = pruned
        return node

    def search(self, root: _Node, *, deadline: float | None = None) -> bool:
        """Depth-first search from ``root``; return True if optimality was proven."""
        if self._root_pruned:
            self.bound = min(self.upper, max(self.bound, self._target()))
            self.bound = self.upper
            return True
        stack = [root]
        while stack:
            if deadline is not None and time.perf_counter() > deadline:
                open_bounds = [node.bound for node in stack]
                self.bound = min(self.upper, min(open_bounds))
                return False
            node = stack.pop()
            if node.bound > self._target():
                continue
            self.nodes += 1
            if self.nodes % 25 == 0:
                self._polish_from(node)
            if node is not root and self._relax(node, 60, 2.0, 6):
                continue
            free = ~node.opened & ~node.closed
            k = self.p - int(node.opened.sum())
            if k <= 0 or k >= int(free.sum()):
                self._relax(node, 1, 0.5, 6)
                continue
            # Branch on the free site that the relaxation opens and values most.
            reduced = np.minimum(self.weighted - node.multipliers[:, None], 0.0)
            rho = reduced.sum(axis=0)
            rho[~free] = np.inf
            j = int(np.argmin(rho))
            closed_child = _Node(
                node.opened.copy(), node.closed.copy(), node.multipliers, node.bound
            )
            closed_child.closed[j] = True
            open_child = _Node(node.opened.copy(), node.closed.copy(), node.multipliers, node.bound)
            open_child.opened[j] = True
            stack.append(closed_child)
            stack.append(open_child)
        self.bound = self.upper
        return True
