r"""Lagrangian relaxation and heuristic for the capacitated facility-location model.

Relaxing the assignment constraints :math:`\sum_j x_{ij} = 1` with multipliers
:math:`u_i = d_i w_i` splits the problem by plant: plant :math:`j` solves a
continuous knapsack over the clients with :math:`c_{ij} < w_i` (best ratio first,
up to its capacity), worth :math:`v_j = f_j + \text{knapsack}`. The plants are
chosen by the LP relaxation of a knapsack that keeps the aggregate capacity cut
:math:`\sum_j u_j y_j \ge \sum_i d_i`, so

.. math::

    L(w) = \sum_i d_i w_i + \min_y \{ \textstyle\sum_j v_j y_j :
    \sum_j u_j y_j \ge D,\; 0 \le y \le 1 \}

is a lower bound, raised by subgradient steps. Every relaxed solution's plants,
opened further until their capacity covers demand, give a plan: a transportation
LP (HiGHS) on each client's nearest open plants (every open plant when that is
infeasible) ships the demand, and plants left unused are closed.

References
----------
Beasley, J. E. (1988). An algorithm for solving large capacitated warehouse
location problems. *European J. Operational Research*, 33(3), 314-325.
Cornuéjols, G., Sridharan, R., & Thizy, J.-M. (1991). A comparison of heuristics
and relaxations for the capacitated plant location problem. *European J.
Operational Research*, 50(3), 280-297.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from regiocluster.optim import solve_milp

__all__ = ["CflLagrangian", "transport"]


def transport(cost, demand, capacity, opened, nearest=10):
    """Ship ``demand`` from the ``opened`` plants at least cost; ``(flows, cost)`` or ``None``.

    The LP is solved on each client's ``nearest`` cheapest open plants first and
    on every open plant when that restricted LP is infeasible.
    """
    sites = np.nonzero(opened)[0]
    m = cost.shape[0]
    if sites.size == 0 or capacity[sites].sum() < demand.sum() - 1e-9:
        return None
    sub = cost[:, sites]
    for k in (min(nearest, sites.size), sites.size):
        order = np.argsort(sub, axis=1, kind="stable")[:, :k]
        rows = np.repeat(np.arange(m), k)
        cols = order.ravel()
        width = rows.size
        arcs = np.arange(width)
        matrix = sp.vstack(
            [
                sp.csr_matrix((np.ones(width), (rows, arcs)), shape=(m, width)),
                sp.csr_matrix((demand[rows], (cols, arcs)), shape=(sites.size, width)),
            ]
        )
        result = solve_milp(
            sub[rows, cols] * demand[rows],
            matrix,
            np.concatenate([np.ones(m), np.full(sites.size, -np.inf)]),
            np.concatenate([np.ones(m), capacity[sites]]),
            np.zeros(width),
            np.ones(width),
            np.zeros(width, dtype=bool),
        )
        if result.x is not None and result.status == "optimal":
            flows = np.zeros(cost.shape)
            flows[rows, sites[cols]] = result.x * demand[rows]
            return flows, float((flows * cost).sum())
        if k == sites.size:
            return None
    return None


@dataclass
class _Relaxed:
    bound: float
    free_bound: float  # without the aggregate cut: valid for fixing one plant
    values: np.ndarray
    y: np.ndarray
    subgradient: np.ndarray


class CflLagrangian:
    """Subgradient optimisation of :math:`L(w)` with a Lagrangian heuristic.

    ``cost`` is per unit (clients x plants), ``demand`` positive; ``forced`` marks
    plants that must be open; ``p`` fixes their number.
    """

    def __init__(self, cost, demand, capacity, fixed, forced, p=None) -> None:
        self.cost = cost
        self.demand = demand
        self.capacity = capacity
        self.fixed = fixed
        self.forced = forced
        self.p = p
        self.step = 2.0
        self._resume: tuple[np.ndarray, float] | None = None  # where run() stopped
        self.best_plan: tuple[np.ndarray, np.ndarray, float] | None = None
        self.best_bound = -np.inf
        self.best_relaxed: _Relaxed | None = None
        self._seen: set[bytes] = set()

    def relax(self, w: np.ndarray) -> _Relaxed:
        """Evaluate :math:`L(w)`, the plant values and a subgradient."""
        cost, demand = self.cost, self.demand
        m, n = cost.shape
        ii, jj = np.nonzero(cost < w[:, None])
        ratio = cost[ii, jj] - w[ii]
        order = np.lexsort((ratio, jj))
        ii, jj, ratio = ii[order], jj[order], ratio[order]
        dd = demand[ii]
        cum = np.cumsum(dd)
        starts = np.searchsorted(jj, np.arange(n))
        before = np.concatenate([[0.0], cum])[starts]
        used = cum - before[jj]
        room = self.capacity[jj] - (used - dd)
        frac = np.clip(room / np.where(dd > 0, dd, 1.0), 0.0, 1.0)
        values = self.fixed + np.bincount(jj, weights=dd * ratio * frac, minlength=n)
        y = self._choose(values)
        base = float(demand @ w)
        free = np.where(self.forced, values, np.minimum(values, 0.0))
        served = np.bincount(ii, weights=frac * y[jj], minlength=m)
        return _Relaxed(
            bound=base + float(values @ y),
            free_bound=base + float(free.sum()),
            values=values,
            y=y,
            subgradient=1.0 - served,
        )

    def _choose(self, values: np.ndarray) -> np.ndarray:
        y = self.forced.astype(float)
        if self.p is not None:
            rest = np.argsort(np.where(self.forced, np.inf, values), kind="stable")
            y[rest[: max(self.p - int(self.forced.sum()), 0)]] = 1.0
            return y
        y[values < 0] = 1.0
        short = self.demand.sum() - float(self.capacity @ y)
        if short > 0:
            rest = np.nonzero(y == 0)[0]
            rest = rest[np.argsort(values[rest] / np.maximum(self.capacity[rest], 1e-12))]
            cum = np.cumsum(self.capacity[rest])
            take = np.searchsorted(cum, short)
            y[rest[:take]] = 1.0
            if take < rest.size:
                y[rest[take]] = (short - (cum[take - 1] if take else 0.0)) / self.capacity[
                    rest[take]
                ]
        return y

    def _add_drop(self, opened: np.ndarray, margin: float) -> np.ndarray:
        """Close or open plants while that saves cost as if capacity did not bind.

        Closings keep the open capacity at ``1 + margin`` times the demand; the
        transportation LP then prices the plan with the capacities.
        """
        opened = opened.copy()
        for _ in range(4):
            dropped = self._drops(opened, self.demand.sum() * (1.0 + margin))
            if not self._adds(opened) and not dropped:
                break
        return opened

    def _drops(self, opened: np.ndarray, floor: float) -> bool:
        cost, demand, n = self.cost, self.demand, self.cost.shape[1]
        changed = False
        while opened.sum() >= 2:
            sites = np.nonzero(opened)[0]
            sub = cost[:, sites]
            first = sub.min(axis=1)
            second = np.partition(sub, 1, axis=1)[:, 1]
            near = sites[np.argmin(sub, axis=1)]
            gain = self.fixed - np.bincount(near, weights=demand * (second - first), minlength=n)
            room = self.capacity[opened].sum() - self.capacity >= floor
            gain[~(opened & ~self.forced & room)] = -np.inf
            if gain.max() <= 1e-9:
                break
            opened[np.argmax(gain)] = False
            changed = True
        return changed

    def _adds(self, opened: np.ndarray) -> bool:
        """Greedy openings; savings only fall as plants open, so stale ones are upper bounds."""
        cost, demand = self.cost, self.demand
        first = cost[:, opened].min(axis=1)
        gain = demand @ np.maximum(first[:, None] - cost, 0.0) - self.fixed
        gain[opened] = -np.inf
        changed = False
        while True:
            j = int(np.argmax(gain))
            if gain[j] <= 1e-9:
                return changed
            gain[j] = demand @ np.maximum(first - cost[:, j], 0.0) - self.fixed[j]
            if int(np.argmax(gain)) == j and gain[j] > 1e-9:
                opened[j], gain[j], changed = True, -np.inf, True
                first = np.minimum(first, cost[:, j])

    def plan(self, y: np.ndarray, values: np.ndarray, margin: float = 0.1) -> None:
        """Repair the relaxed plants into a plan; keep it if it is the best so far."""
        opened = (y > 1e-9) | self.forced
        if self.p is None and margin is not None:
            opened = self._add_drop(opened, margin)
        if self.p is None:
            short = self.demand.sum() - self.capacity[opened].sum()
            if short > 0:
                rest = np.nonzero(~opened)[0]
                rest = rest[np.argsort(values[rest] / np.maximum(self.capacity[rest], 1e-12))]
                take = np.searchsorted(np.cumsum(self.capacity[rest]), short) + 1
                opened[rest[:take]] = True
        else:
            self._swap_for_capacity(opened)
        key = np.packbits(opened).tobytes()
        if key in self._seen:
            return
        self._seen.add(key)
        shipped = transport(self.cost, self.demand, self.capacity, opened)
        if shipped is None:
            return
        flows, _ = shipped
        if self.p is None:
            opened &= (flows.sum(axis=0) > 1e-9) | self.forced
        total = float(self.fixed[opened].sum() + (flows * self.cost).sum())
        if self.best_plan is None or total < self.best_plan[2] - 1e-9:
            self.best_plan = (opened.copy(), flows, total)

    def _swap_for_capacity(self, opened: np.ndarray) -> None:
        """With ``p`` fixed: swap the smallest open plants for the largest closed ones."""
        while self.capacity[opened].sum() < self.demand.sum() - 1e-9:
            inside = np.nonzero(opened & ~self.forced)[0]
            outside = np.nonzero(~opened)[0]
            if inside.size == 0 or outside.size == 0:
                return
            small = inside[np.argmin(self.capacity[inside])]
            large = outside[np.argmax(self.capacity[outside])]
            if self.capacity[large] <= self.capacity[small]:
                return
            opened[small], opened[large] = False, True

    def run(self, deadline: float, tolerance: float, iterations: int = 3000) -> None:
        """Subgradient ascent until ``deadline``, ``tolerance`` or the step vanishes.

        Plans are built at a few iterations only (each costs a transportation
        LP) and from the best multipliers at the end, in time for ``deadline``.
        """
        if self._resume is None:
            per_unit = self.fixed / np.maximum(self.capacity, 1e-12)
            w = (self.cost + per_unit[None, :]).min(axis=1)
            step = self.step
        else:
            w, step = self._resume
        stall, plan_time = 0, 0.0
        for it in range(iterations):
            relaxed = self.relax(w)
            if relaxed.bound > self.best_bound + 1e-9:
                self.best_bound, self.best_relaxed, stall = relaxed.bound, relaxed, 0
            else:
                stall += 1
            if it % 50 == 0 or self.best_plan is None:
                clock = time.perf_counter()
                self.plan(relaxed.y, relaxed.values)
                plan_time = max(plan_time, time.perf_counter() - clock)
            if self.best_plan is None:
                break
            upper = self.best_plan[2]
            late = time.perf_counter() + 2.0 * plan_time > deadline
            if upper - self.best_bound <= tolerance * abs(upper) or late:
                break
            if stall >= 20:
                step, stall = step / 2.0, 0
                if step < 1e-5:
                    break
            g = self.demand * relaxed.subgradient  # the gradient in w = u / d
            norm = float(g @ g)
            if norm <= 1e-12:
                break
            w = w + step * (upper - relaxed.bound) / norm * g
        self._resume = (w, step)
        if self.best_relaxed is not None:
            best = self.best_relaxed
            self.plan(best.y, best.values)
            self.plan(best.y, best.values, margin=0.25)
            self.plan(self._by_value(best.values, 0.2), best.values)

    def _by_value(self, values: np.ndarray, slack: float) -> np.ndarray:
        """Plants in order of value per unit of capacity until ``1 + slack`` times the demand."""
        order = np.argsort(
            np.where(self.forced, -np.inf, values / np.maximum(self.capacity, 1e-12))
        )
        count = np.searchsorted(np.cumsum(self.capacity[order]), self.demand.sum() * (1 + slack))
        if self.p is not None:
            count = self.p - 1
        y = np.zeros(values.size)
        y[order[: count + 1]] = 1.0
        return y

    def fixing(self) -> tuple[np.ndarray, np.ndarray]:
        """Plants that no plan better than the incumbent can close / open."""
        relaxed, upper = self.best_relaxed, self.best_plan[2]
        n = self.cost.shape[1]
        if relaxed is None or self.p is not None:
            return np.zeros(n, dtype=bool), np.zeros(n, dtype=bool)
        values = relaxed.values
        must_open = (values < 0) & (relaxed.free_bound - values > upper) & ~self.forced
        must_close = (values > 0) & (relaxed.free_bound + values > upper) & ~self.forced
        return must_open, must_close
