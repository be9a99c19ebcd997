r"""The p-median problem, solved exactly with a compact radius formulation.

The classical formulation of ReVelle & Swain has one assignment variable per
client and candidate. Following Cornuéjols, Nemhauser & Wolsey (1980) and
Elloumi (2010), we instead sort each client's distinct costs
:math:`D_i^1 < D_i^2 < \dots < D_i^{K_i}` and let :math:`z_i^k \in [0, 1]` say
"client *i* pays more than :math:`D_i^k`":

.. math::

    \min \sum_i w_i \Big(D_i^1 + \sum_{k=1}^{K_i-1} (D_i^{k+1} - D_i^k)\, z_i^k\Big)
    \quad\text{s.t.}\quad
    z_i^k \ge z_i^{k-1} - \sum_{j:\, d_{ij} = D_i^k} y_j,\;
    z_i^0 = 1,\;
    \sum_j y_j = p,\; y \in \{0, 1\}.

Written as a chain (each :math:`y_j` appears once per client) the constraint
matrix has about as many non-zeros as the cost matrix, while the linear
relaxation equals Elloumi's, which is much tighter than ReVelle & Swain's.
Levels at which at least :math:`n - p + 1` candidates are within reach are cut
(some open site must be there), and clients with identical cost rows are merged.
A greedy + interchange heuristic supplies the starting incumbent.
"""

from __future__ import annotations

import time

import numpy as np
import pandas as pd
import scipy.sparse as sp

from regiocluster.optim import solve_milp
from regiocluster.siting._heuristics import greedy, interchange, median_cost
from regiocluster.siting._lagrangian import LagrangianSearch
from regiocluster.siting.base import LocationModel, as_cost_frame, as_weights
from regiocluster.siting.sparse import SPARSE_MIN_PAIRS, solve_large

__all__ = ["PMedian"]

_TREE_MAX_P = 150


# Kept for the modules that imported them from here.
_as_cost_frame = as_cost_frame
_as_weights = as_weights


class PMedian(LocationModel):
    """Open ``p`` sites so that the demand-weighted cost of serving every client is least.

    Parameters
    ----------
    cost : pandas.DataFrame
        Clients (rows) by candidate sites (columns); e.g. rub per tonne.
    weights : pandas.Series or numpy.ndarray
        Demand of each client (e.g. tonnes).
    p : int
        Number of sites to open.

    Attributes
    ----------
    objective_ : float
        Weighted cost of the best plan found.
    sites_ : list
        Labels of the open sites.
    assignment_ : pandas.Series
        For every client, the label of the site that serves it.
    bound_ : float
        Proven lower bound on the optimum.
    gap_ : float
        Relative optimality gap (0 when proven optimal).
    status_ : str
        ``"optimal"`` or ``"time_limit"``.

    References
    ----------
    ReVelle, C. S., & Swain, R. W. (1970). Central facilities location.
    *Geographical Analysis*, 2(1), 30-42.
    Cornuéjols, G., Nemhauser, G. L., & Wolsey, L. A. (1980). A canonical
    representation of simple plant location problems and its applications.
    *SIAM J. Algebraic Discrete Methods*, 1(3), 261-272.
    Elloumi, S. (2010). A tighter formulation of a p-median problem.
    *J. Combinatorial Optimization*, 19(1), 69-83.
    García, S., Labbé, M., & Marín, A. (2011). Solving large p-median problems
    with a radius formulation. *INFORMS J. Computing*, 23(4), 546-556.
    Beasley, J. E. (1990). OR-Library. *J. Oper. Res. Soc.*, 41(11), 1069-1072.

    Examples
    --------
    >>> import numpy as np
    >>> cost = np.array([[0, 4, 9], [4, 0, 5], [9, 5, 0], [8, 4, 1]])
    >>> model = PMedian.from_cost_matrix(cost, np.ones(4), p=1).solve()
    >>> model.sites_, model.objective_
    ([1], 13.0)
    """

    def __init__(self, cost: pd.DataFrame, weights: np.ndarray, p: int) -> None:
        self.cost = cost
        self.weights = weights
        self.p = self._check_p(p, cost.shape[1])

    @classmethod
    def from_cost_matrix(
        cls,
        cost: pd.DataFrame | np.ndarray,
        weights: pd.Series | np.ndarray | None = None,
        *args: int,
        p: int | None = None,
    ) -> PMedian:
        """Build the problem from a clients x candidates cost matrix and client weights.

        Parameters
        ----------
        cost : pandas.DataFrame or numpy.ndarray
            Clients (rows) by candidate sites (columns).
        weights : pandas.Series or numpy.ndarray, optional
            Demand of each client; one each when omitted.
        p : int
            Number of sites to open (1 when omitted). Passing it positionally
            (``from_cost_matrix(cost, weights, 3)``) still works for one
            release with a ``DeprecationWarning``.
        """
        options = {"p": p}
        weights = cls._legacy(weights, args, options)
        frame = as_cost_frame(cost)
        return cls(
            frame, as_weights(weights, frame.index), 1 if options["p"] is None else options["p"]
        )

    def solve(
        self, *, time_limit: float | None = None, method: str = "auto", tolerance: float = 0.0
    ) -> PMedian:
        """Solve to proven optimality, or return the best plan and its gap at ``time_limit``.

        Parameters
        ----------
        time_limit : float, optional
            Seconds for the MILP solver. When it is reached the best plan found
            (never worse than the heuristic start) and its proven gap are kept.
        method : {"auto", "lagrangian", "radius"}
            Every method starts from a greedy + interchange plan and a root
            Lagrangian bound that drops candidates which cannot improve on it.
            ``"lagrangian"`` then runs a depth-first Lagrangian tree search;
            ``"radius"`` hands the reduced problem to HiGHS in the radius
            formulation; ``"auto"`` (default) uses the tree search for
            ``p <= 150`` and HiGHS above, where many sites are open, the linear
            relaxation is nearly integral and the tree would branch a lot
            (measured on OR-Library). All are exact. Large instances (more than
            :data:`SPARSE_MIN_PAIRS` client-candidate pairs) go to the sparse
            k-nearest Lagrangian solver (:mod:`regiocluster.siting.sparse`).
        tolerance : float
            Stop once the proven relative gap is at most this (0: prove
            optimality). As with MIP solvers, ``status_`` is ``"optimal"`` when
            the gap is proven within the tolerance; ``gap_`` says how close.

        Returns
        -------
        PMedian
            ``self``, with the fitted attributes set.
        """
        if method not in ("auto", "lagrangian", "radius"):
            raise ValueError(f"unknown method {method!r}; choose auto, lagrangian or radius")
        if not 0.0 <= tolerance < 1.0:
            raise ValueError(f"tolerance must be in [0, 1), got {tolerance!r}")
        m, n = self.cost.shape
        if method == "auto" and m * n >= SPARSE_MIN_PAIRS and self.p < n:
            return self._solve_large(time_limit, tolerance)
        return self._solve_exact(time_limit, method, tolerance)

    def _solve_large(self, time_limit: float | None, tolerance: float) -> PMedian:
        started = time.perf_counter()
        cost = self.cost.to_numpy(dtype=float)
        active = self.weights > 0
        deadline = None if time_limit is None else started + time_limit
        result = solve_large(
            cost[active], self.weights[active], self.p, tolerance=tolerance, deadline=deadline
        )
        gap = max((result.upper - result.bound) / abs(result.upper), 0.0) if result.upper else 0.0
        status = "optimal" if result.proven else "time_limit"
        self._set_solution(result.sites, result.bound, gap, status)
        return self

    def _solve_exact(self, time_limit: float | None, method: str, tolerance: float) -> PMedian:
        started = time.perf_counter()
        cost = self.cost.to_numpy(dtype=float)
        weights = self.weights
        n = cost.shape[1]
        p = self.p
        active = weights > 0
        # Merge clients whose cost rows are identical: their weights add up.
        rows, inverse = np.unique(cost[active], axis=0, return_inverse=True)
        merged = np.bincount(inverse.ravel(), weights=weights[active], minlength=rows.shape[0])
        start_sites = interchange(rows, merged, greedy(rows, merged, p))
        upper = median_cost(rows, merged, start_sites)
        if p == n or rows.shape[0] == 0:
            self._set_solution(
                np.sort(start_sites) if p < n else np.arange(n), upper, 0.0, "optimal"
            )
            return self
        integral = bool(np.all(rows == np.round(rows)) and np.all(merged == np.round(merged)))
        search = LagrangianSearch(
            rows, merged, p, start_sites, integral=integral, tolerance=tolerance
        )
        root = search.root()
        if not search._root_pruned:
            # Drop the candidates the root proved useless and search the rest.
            keep_mask = ~root.closed
            keep_mask[search.incumbent] = True
            keep = np.nonzero(keep_mask)[0]
            position = np.full(n, -1)
            position[keep] = np.arange(keep.size)
            reduced = LagrangianSearch(
                rows[:, keep],
                merged,
                p,
                position[search.incumbent],
                integral=integral,
                tolerance=tolerance,
            )
            reduced._root_pruned = False
            reduced.bound = search.bound
            node = type(root)(root.opened[keep], root.closed[keep], root.multipliers, root.bound)
            deadline = None if time_limit is None else started + time_limit
            if method == "lagrangian" or (method == "auto" and p <= _TREE_MAX_P):
                proven = reduced.search(node, deadline=deadline)
                sites = keep[reduced.incumbent]
                bound = reduced.upper if proven else max(reduced.bound, search.bound)
            else:
                remaining = None if deadline is None else max(deadline - time.perf_counter(), 0.01)
                local, bound, _, status = self._solve_radius(
                    rows[:, keep],
                    merged,
                    position[search.incumbent],
                    node.opened,
                    search.upper,
                    search.bound,
                    remaining,
                )
                sites = keep[local]
                proven = status == "optimal"
        else:
            proven = True
            sites = search.incumbent
            bound = search.upper
        value = median_cost(rows, merged, sites)
        if proven and tolerance > 0:
            # Proven within the tolerance only: no plan is cheaper than this.
            bound = value * (1.0 - tolerance)
        gap = max((value - bound) / abs(value), 0.0) if value else 0.0
        if proven and tolerance == 0:
            gap = 0.0
        self._set_solution(np.sort(sites), bound, gap, "optimal" if proven else "time_limit")
        return self

    def _solve_radius(self, cost, weights, start_sites, forced, upper, lagrangian, time_limit):
        m, n = cost.shape
        p = self.p
        y_start = np.zeros(n)
        y_start[start_sites] = 1.0
        start_value = cost[:, start_sites].min(axis=1)
        row_i, col_j, val = [], [], []
        obj_z: list[np.ndarray] = []
        z_start: list[np.ndarray] = []
        row_lower: list[np.ndarray] = []
        n_rows = 0
        n_z = 0
        offset = 0.0
        for i in range(m):
            levels, level_of = np.unique(cost[i], return_inverse=True)
            reach = np.cumsum(np.bincount(level_of, minlength=levels.size))
            # z_i^k is zero once n - p + 1 candidates are within D_i^k.
            last = int(np.searchsorted(reach, n - p + 1))  # level index where cover is forced
            n_levels = min(last + 1, levels.size)
            n_zi = n_levels - 1  # z for levels 0..n_levels-2
            offset += weights[i] * levels[0]
            obj_z.append(weights[i] * np.diff(levels[:n_levels]))
            z_start.append((start_value[i] > levels[:n_zi]).astype(float))
            # rows r = 0..n_levels-1: z^r - z^{r-1} + sum_{level(j)=r} y_j >= [r == 0]
            keep = level_of < n_levels
            row_i.append(n_rows + level_of[keep])
            col_j.append(np.nonzero(keep)[0])
            val.append(np.ones(int(keep.sum())))
            zcols = n + n_z + np.arange(n_zi)
            row_i.append(n_rows + np.arange(n_zi))
            col_j.append(zcols)
            val.append(np.ones(n_zi))
            row_i.append(n_rows + 1 + np.arange(n_zi))
            col_j.append(zcols)
            val.append(-np.ones(n_zi))
            lower = np.zeros(n_levels)
            lower[0] = 1.0
            row_lower.append(lower)
            n_rows += n_levels
            n_z += n_zi
        # Cardinality row.
        row_i.append(np.full(n, n_rows))
        col_j.append(np.arange(n))
        val.append(np.ones(n))
        n_cols = n + n_z
        matrix = sp.coo_matrix(
            (np.concatenate(val), (np.concatenate(row_i), np.concatenate(col_j))),
            shape=(n_rows + 1, n_cols),
        )
        lower = np.concatenate([*row_lower, [p]])
        upper_rows = np.concatenate([np.full(n_rows, np.inf), [p]])
        objective = np.concatenate([np.zeros(n), *obj_z])
        integer = np.zeros(n_cols, dtype=bool)
        integer[:n] = True
        start = np.concatenate([y_start, *z_start])
        result = solve_milp(
            objective,
            matrix,
            lower,
            upper_rows,
            np.concatenate([forced.astype(float), np.zeros(n_z)]),
            np.ones(n_cols),
            integer,
            offset=offset,
            start=start,
            time_limit=time_limit,
        )
        if result.x is None or result.objective > upper:
            sites = start_sites
        else:
            sites = np.nonzero(result.x[:n] > 0.5)[0]
            if sites.size != p:  # defensive: keep the heuristic plan
                sites = start_sites
        value = median_cost(cost, weights, sites)
        if result.status == "optimal":
            return sites, value, 0.0, "optimal"
        bound = max(lagrangian, result.bound if np.isfinite(result.bound) else -np.inf)
        bound = min(bound, value)
        gap = (value - bound) / abs(value) if value else 0.0
        return sites, bound, max(gap, 0.0), "time_limit"

    def _set_solution(self, sites: np.ndarray, bound: float, gap: float, status: str) -> None:
        sites = np.sort(np.asarray(sites, dtype=int))
        value = float(self.weights @ self.cost.to_numpy(dtype=float)[:, sites].min(axis=1))
        self._finish(sites, objective=value, status=status, gap=gap)
        self.bound_ = float(bound)
