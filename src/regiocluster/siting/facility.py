r"""Capacitated facility location: which plants to build, where, serving which demand.

.. math::

    \min \sum_j f_j y_j + \sum_{i,j} c_{ij} d_i x_{ij}
    \quad\text{s.t.}\quad \sum_j x_{ij} = 1,\;
    \sum_i d_i x_{ij} \le u_j y_j,\; x_{ij} \le y_j,\; y \in \{0, 1\},\; x \ge 0.

The disaggregate constraints :math:`x_{ij} \le y_j` make the relaxation strong.

References
----------
Cornuéjols, G., Sridharan, R., & Thizy, J.-M. (1991). A comparison of heuristics
and relaxations for the capacitated plant location problem. *European J.
Operational Research*, 50(3), 280-297.
Daskin, M. S. (2013). *Network and Discrete Location* (2nd ed.), ch. 7. Wiley.
"""

from __future__ import annotations

import time
import warnings

import numpy as np
import pandas as pd
import scipy.sparse as sp

from regiocluster.optim import solve_milp
from regiocluster.siting._cfl_lagrangian import CflLagrangian
from regiocluster.siting.base import LocationModel, as_cost_frame, as_weights
from regiocluster.siting.sparse import SPARSE_MIN_PAIRS

__all__ = ["CapacitatedFacilityLocation"]


class CapacitatedFacilityLocation(LocationModel):
    """Choose plants (fixed cost, capacity) and ship demand to them at least total cost.

    Parameters
    ----------
    cost : pandas.DataFrame
        Transport cost per unit of demand, clients (rows) by candidate plants (columns).
    demand : pandas.Series
        Demand of each client (units, e.g. tonnes per year).
    capacity : pandas.Series
        Capacity of each candidate plant (same units).
    fixed_cost : pandas.Series
        Annualised fixed cost of opening each plant.
    existing : sequence, optional
        Plants that are open already (forced open; their fixed cost still counts).
    p : int, optional
        Exact number of plants to open (existing ones included); free when omitted.

    Attributes
    ----------
    objective_ : float
        Fixed plus transport cost.
    fixed_cost_, transport_cost_ : float
        The two parts of the objective.
    sites_ : list
        Labels of the open plants.
    flows_ : pandas.DataFrame
        Units shipped from each plant (columns) to each client (rows).
    assignment_ : pandas.Series
        For every client, the plant that ships it the most.
    gap_ : float
        Relative optimality gap.
    bound_ : float
        Proven lower bound on the optimum.
    status_ : str
        ``"optimal"``, ``"time_limit"`` or ``"infeasible"``.
    """

    def __init__(self, cost, demand, capacity, fixed_cost, existing, p=None) -> None:
        self.cost = cost
        self.demand = demand
        self.weights = demand
        self.capacity = capacity
        self.fixed_cost = fixed_cost
        self.existing = list(existing)
        unknown = [label for label in self.existing if label not in set(cost.columns)]
        if unknown:
            raise ValueError(f"existing plants {unknown} are not columns of cost")
        self.p = None if p is None else self._check_p(p, cost.shape[1])

    @classmethod
    def from_cost_matrix(
        cls,
        cost: pd.DataFrame | np.ndarray,
        weights=None,
        *,
        capacity,
        fixed_cost=0.0,
        p: int | None = None,
        existing=(),
    ) -> CapacitatedFacilityLocation:
        """Build the problem from transport costs per unit, demand, capacities and fixed costs.

        Parameters
        ----------
        cost : pandas.DataFrame or numpy.ndarray
            Clients (rows) by candidate plants (columns), cost per unit shipped.
        weights : pandas.Series or numpy.ndarray, optional
            Demand of each client (units); one each when omitted.
        capacity, fixed_cost : float or pandas.Series or numpy.ndarray
            One value for every candidate, or one per candidate.
        p : int, optional
            Exact number of open plants; free when omitted.
        existing : sequence, optional
            Candidates that are open already.
        """
        frame = as_cost_frame(cost)

        def per_site(value, what):
            if np.ndim(value) == 0 and not isinstance(value, pd.Series):
                value = np.full(frame.shape[1], float(value))
            return as_weights(value, frame.columns, what=what)

        return cls(
            frame,
            as_weights(weights, frame.index, what="demand"),
            per_site(capacity, "capacity"),
            per_site(fixed_cost, "fixed_cost"),
            existing,
            p,
        )

    @classmethod
    def from_costs(
        cls,
        cost: pd.DataFrame | np.ndarray,
        demand,
        capacity,
        fixed_cost,
        *,
        existing=(),
    ) -> CapacitatedFacilityLocation:
        """Build the problem the old way (deprecated: use :meth:`from_cost_matrix`)."""
        warnings.warn(
            "CapacitatedFacilityLocation.from_costs is deprecated; use "
            "from_cost_matrix(cost, demand, capacity=..., fixed_cost=..., existing=...)",
            DeprecationWarning,
            stacklevel=2,
        )
        return cls.from_cost_matrix(
            cost, demand, capacity=capacity, fixed_cost=fixed_cost, existing=existing
        )

    def solve(
        self,
        *,
        time_limit: float | None = None,
        tolerance: float = 1e-9,
        k: int | None = None,
        method: str = "auto",
    ) -> CapacitatedFacilityLocation:
        """Solve the MILP exactly (or to ``time_limit``, with its gap).

        Parameters
        ----------
        time_limit : float, optional
            Seconds.
        tolerance : float
            Relative MIP gap at which to stop.
        k : int, optional
            Give each client only its ``k`` cheapest plants, plus an uncapacitated
            "overflow" priced at its (k+1)-th cheapest cost. That is a relaxation,
            so its bound is valid for the full model; when the plan uses no
            overflow it is feasible, hence optimal within the gap. Otherwise the
            lists of the overflowing clients are doubled and the model solved
            again (lazy expansion). Default: every plant for small instances,
            ``max(5, 2 n / p_min)`` above :data:`SPARSE_MIN_PAIRS` pairs.
        method : {"auto", "mip", "lagrangian"}
            ``"mip"``: the MILP above. ``"lagrangian"``: a Lagrangian bound and
            heuristic plan (Beasley 1988) within half the time limit, then the
            MILP on the plants the bound cannot fix, for the rest; it always
            returns a plan with a proven bound (``bound_``) and gap once the
            capacity covers the demand. ``"auto"`` (default): ``"lagrangian"``
            from :data:`SPARSE_MIN_PAIRS` pairs up when ``k`` is not given,
            else ``"mip"``.
        """
        if method not in ("auto", "mip", "lagrangian"):
            raise ValueError(f"method must be 'auto', 'mip' or 'lagrangian', not {method!r}")
        started = time.perf_counter()
        cost = self.cost.to_numpy(dtype=float)
        m, n = cost.shape
        if method == "lagrangian" or (method == "auto" and k is None and m * n >= SPARSE_MIN_PAIRS):
            return self._solve_lagrangian(cost, started, time_limit, tolerance)
        return self._solve_mip(cost, started, time_limit, tolerance, k)

    def _solve_mip(self, cost, started, time_limit, tolerance, k):
        """Solve the MILP on k-nearest lists with lazy expansion (see :meth:`solve`)."""
        m, n = cost.shape
        if k is None and m * n >= SPARSE_MIN_PAIRS:
            fewest = max(1, int(np.ceil(self.demand.sum() / max(self.capacity.max(), 1e-12))))
            k = max(5, int(np.ceil(2 * n / max(self.p or fewest, 1))))
        lengths = np.full(m, n if k is None else min(int(k), n))
        while True:
            remaining = None
            if time_limit is not None:
                remaining = max(time_limit - (time.perf_counter() - started), 0.01)
            result, lists, overflow = self._solve_lists(cost, lengths, remaining, tolerance)
            spill = overflow > 1e-9 if overflow is not None else np.zeros(m, dtype=bool)
            late = time_limit is not None and time.perf_counter() - started >= time_limit
            if result.x is None or not spill.any() or late:
                break
            lengths[spill] = np.minimum(2 * lengths[spill], n)
        if result.x is None or spill.any():
            status = result.status if result.x is None else "time_limit"
            self._finish(np.zeros(0, int), objective=np.nan, status=status, gap=result.gap)
            self.flows_ = pd.DataFrame(0.0, index=self.cost.index, columns=self.cost.columns)
            self.fixed_cost_ = self.transport_cost_ = float("nan")
            self.bound_ = float(result.bound)
            return self
        opened = result.x[:n] > 0.5
        rows, cols = lists
        flows = np.zeros((m, n))
        flows[rows, cols] = result.x[n : n + rows.size] * self.demand[rows]
        flows[:, ~opened] = 0.0
        gap = 0.0 if result.status == "optimal" and tolerance <= 1e-9 else result.gap
        self.bound_ = float(result.bound)
        return self._set_flows(opened, flows, result.status, gap)

    def _solve_lagrangian(self, cost, started, time_limit, tolerance):
        """Large instances: Lagrangian bound and plan, then the MILP on the plants left.

        Plants that the Lagrangian bound shows cannot change in a plan better
        than the incumbent are fixed; the MILP on the rest (k-nearest lists)
        runs for the remaining time. The bound reported is the better of the
        Lagrangian bound and the restricted MILP's bound capped by the incumbent.
        """
        demand = np.asarray(self.demand, dtype=float)
        served = demand > 0
        forced = self.cost.columns.isin(self.existing)
        reachable = self.capacity.sum()
        if self.p is not None:
            others = np.sort(self.capacity[~forced])[::-1][: max(self.p - int(forced.sum()), 0)]
            reachable = self.capacity[forced].sum() + others.sum()
        if not served.any() or reachable < demand.sum() - 1e-9:
            return self._solve_mip(cost, started, time_limit, tolerance, cost.shape[1])
        budget = None if time_limit is None else started + 0.5 * time_limit
        search = CflLagrangian(
            cost[served], demand[served], self.capacity, self.fixed_cost, forced, self.p
        )
        search.run(np.inf if budget is None else budget, tolerance)
        if search.best_plan is None:
            left = None if time_limit is None else time_limit - (time.perf_counter() - started)
            if left is None or left > 0.1:
                return self._solve_mip(cost, time.perf_counter(), left, tolerance, None)
            self._finish(np.zeros(0, int), objective=np.nan, status="time_limit", gap=np.inf)
            self.flows_ = pd.DataFrame(0.0, index=self.cost.index, columns=self.cost.columns)
            self.fixed_cost_ = self.transport_cost_ = float("nan")
            self.bound_ = float(search.best_bound)
            return self
        opened, flows_served, upper = search.best_plan
        flows = np.zeros(cost.shape)
        flows[served] = flows_served
        lower = search.best_bound
        if budget is not None and 2 * search.fixing()[1].sum() < cost.shape[1]:
            # The bound fixes too few plants for the MILP: keep raising it instead.
            search.run(started + 0.9 * time_limit, tolerance)
            opened, flows[served], upper = search.best_plan
            lower = search.best_bound
        remaining = None if time_limit is None else time_limit - (time.perf_counter() - started)
        if upper - lower > tolerance * abs(upper) and (
            remaining is None or remaining > 0.2 * time_limit
        ):
            # HiGHS's clock starts after the model is built: keep a margin for that.
            limit = None if remaining is None else 0.6 * remaining
            better, lower = self._restricted_mip(cost, search, limit, tolerance, lower)
            if better is not None:
                opened, flows = better
        total = float(self.fixed_cost[opened].sum() + (flows * cost).sum())
        lower = min(lower, total)
        gap = max(total - lower, 0.0) / max(abs(total), 1e-12)
        self.bound_ = float(lower)
        status = "optimal" if gap <= max(tolerance, 1e-9) else "time_limit"
        return self._set_flows(opened, flows, status, gap)

    def _restricted_mip(self, cost, search, remaining, tolerance, lower):
        """Solve the MILP without the plants the Lagrangian bound fixes; ``(plan, bound)``."""
        must_open, must_close = search.fixing()
        keep = ~must_close
        columns = self.cost.columns
        existing = [label for j, label in enumerate(columns) if must_open[j]] + self.existing
        sub = CapacitatedFacilityLocation(
            self.cost.loc[:, keep],
            self.demand,
            self.capacity[keep],
            self.fixed_cost[keep],
            existing,
            self.p,
        )
        fewest = max(1, int(np.ceil(self.demand.sum() / max(self.capacity.max(), 1e-12))))
        n_keep = int(keep.sum())
        k = min(n_keep, max(5, int(np.ceil(2 * n_keep / max(self.p or fewest, 1)))))
        sub._solve_mip(cost[:, keep], time.perf_counter(), remaining, tolerance, k)
        upper = search.best_plan[2]
        if sub.status_ == "infeasible":
            return None, max(lower, upper)
        lower = max(lower, min(upper, sub.bound_))
        if not np.isfinite(sub.objective_) or sub.objective_ >= upper:
            return None, lower
        opened = np.zeros(cost.shape[1], dtype=bool)
        opened[np.nonzero(keep)[0][[sub.cost.columns.get_loc(s) for s in sub.sites_]]] = True
        flows = np.zeros(cost.shape)
        flows[:, keep] = sub.flows_.to_numpy()
        return (opened, flows), lower

    def _solve_lists(self, cost, lengths, time_limit, tolerance):
        """Build and solve the model on each client's ``lengths[i]`` cheapest plants."""
        m, n = cost.shape
        demand = self.demand
        order = np.argsort(cost, axis=1, kind="stable")
        keep = np.arange(n)[None, :] < lengths[:, None]
        rows = np.nonzero(keep)[0]
        cols = order[keep]
        n_x = rows.size
        short = np.nonzero(lengths < n)[0]
        n_o = short.size
        spill_cost = cost[short, order[short, lengths[short]]] * demand[short]
        objective = np.concatenate([self.fixed_cost, cost[rows, cols] * demand[rows], spill_cost])
        width = n + n_x + n_o
        x_index = n + np.arange(n_x)
        o_index = n + n_x + np.arange(n_o)
        assign = sp.csr_matrix(
            (
                np.ones(n_x + n_o),
                (np.concatenate([rows, short]), np.concatenate([x_index, o_index])),
            ),
            shape=(m, width),
        )
        capacity = sp.csr_matrix(
            (
                np.concatenate([-self.capacity, demand[rows]]),
                (np.concatenate([np.arange(n), cols]), np.concatenate([np.arange(n), x_index])),
            ),
            shape=(n, width),
        )
        link = sp.csr_matrix(
            (
                np.concatenate([np.ones(n_x), -np.ones(n_x)]),
                (np.concatenate([np.arange(n_x)] * 2), np.concatenate([x_index, cols])),
            ),
            shape=(n_x, width),
        )
        blocks = [assign, capacity, link]
        lower = [np.ones(m), np.full(n, -np.inf), np.full(n_x, -np.inf)]
        upper = [np.ones(m), np.zeros(n), np.zeros(n_x)]
        if self.p is not None:
            blocks.append(sp.csr_matrix((np.ones(n), (np.zeros(n), np.arange(n))), (1, width)))
            lower.append([self.p])
            upper.append([self.p])
        col_lower = np.zeros(width)
        position = {label: j for j, label in enumerate(self.cost.columns)}
        for label in self.existing:
            col_lower[position[label]] = 1.0
        integer = np.zeros(width, dtype=bool)
        integer[:n] = True
        result = solve_milp(
            objective,
            sp.vstack(blocks),
            np.concatenate(lower),
            np.concatenate(upper),
            col_lower,
            np.ones(width),
            integer,
            time_limit=time_limit,
            relative_gap=tolerance,
        )
        overflow = None
        if result.x is not None:
            overflow = np.zeros(m)
            overflow[short] = result.x[n + n_x :]
        return result, (rows, cols), overflow

    def _set_flows(self, opened: np.ndarray, flows: np.ndarray, status: str, gap: float):
        cost = self.cost.to_numpy(dtype=float)
        self.flows_ = pd.DataFrame(flows, index=self.cost.index, columns=self.cost.columns)
        self.fixed_cost_ = float(self.fixed_cost[opened].sum())
        self.transport_cost_ = float((flows * cost).sum())
        self._finish(
            np.nonzero(opened)[0],
            objective=self.fixed_cost_ + self.transport_cost_,
            status=status,
            gap=gap,
        )
        columns = self.cost.columns
        self.assignment_ = pd.Series(
            columns[np.argmax(flows, axis=1)], index=self.cost.index, name="site"
        )
        return self
