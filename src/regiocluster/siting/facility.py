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

import numpy as np
import pandas as pd
import scipy.sparse as sp

from regiocluster.siting._milp import solve_milp
from regiocluster.siting.pmedian import _as_cost_frame, _as_weights

__all__ = ["CapacitatedFacilityLocation"]


class CapacitatedFacilityLocation:
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
    gap_ : float
        Relative optimality gap.
    status_ : str
        ``"optimal"``, ``"time_limit"`` or ``"infeasible"``.
    """

    def __init__(self, cost, demand, capacity, fixed_cost, existing) -> None:
        self.cost = cost
        self.demand = demand
        self.capacity = capacity
        self.fixed_cost = fixed_cost
        self.existing = list(existing)

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
        """Build the problem from transport costs, demand, capacities and fixed costs."""
        frame = _as_cost_frame(cost)
        return cls(
            frame,
            _as_weights(demand, frame.index),
            _as_weights(capacity, frame.columns),
            _as_weights(fixed_cost, frame.columns),
            existing,
        )

    def solve(self, *, time_limit: float | None = None) -> CapacitatedFacilityLocation:
        """Solve the MILP exactly (or to ``time_limit``, with its gap)."""
        cost = self.cost.to_numpy(dtype=float)
        m, n = cost.shape
        demand = self.demand
        # Columns: y (n), then x row-major (i, j).
        n_x = m * n
        objective = np.concatenate([self.fixed_cost, (cost * demand[:, None]).ravel()])
        rows = np.arange(m).repeat(n)
        cols = np.tile(np.arange(n), m)
        x_index = np.arange(n_x)
        assign = sp.csr_matrix((np.ones(n_x), (rows, n + x_index)), shape=(m, n + n_x))
        capacity = sp.csr_matrix(
            (
                np.concatenate([-self.capacity, demand[rows]]),
                (np.concatenate([np.arange(n), cols]), np.concatenate([np.arange(n), n + x_index])),
            ),
            shape=(n, n + n_x),
        )
        link = sp.csr_matrix(
            (
                np.concatenate([np.ones(n_x), -np.ones(n_x)]),
                (np.concatenate([x_index, x_index]), np.concatenate([n + x_index, cols])),
            ),
            shape=(n_x, n + n_x),
        )
        matrix = sp.vstack([assign, capacity, link])
        lower = np.concatenate([np.ones(m), np.full(n, -np.inf), np.full(n_x, -np.inf)])
        upper = np.concatenate([np.ones(m), np.zeros(n), np.zeros(n_x)])
        col_lower = np.zeros(n + n_x)
        position = {label: j for j, label in enumerate(self.cost.columns)}
        for label in self.existing:
            col_lower[position[label]] = 1.0
        integer = np.zeros(n + n_x, dtype=bool)
        integer[:n] = True
        result = solve_milp(
            objective,
            matrix,
            lower,
            upper,
            col_lower,
            np.ones(n + n_x),
            integer,
            time_limit=time_limit,
        )
        self.status_ = result.status
        self.gap_ = float(result.gap)
        if result.x is None:
            self.sites_ = []
            self.flows_ = pd.DataFrame(0.0, index=self.cost.index, columns=self.cost.columns)
            self.objective_ = self.fixed_cost_ = self.transport_cost_ = float("nan")
            return self
        opened = result.x[:n] > 0.5
        share = result.x[n:].reshape(m, n)
        share[:, ~opened] = 0.0
        flows = share * demand[:, None]
        self.sites_ = [
            label.item() if isinstance(label, np.generic) else label
            for label in self.cost.columns[opened]
        ]
        self.flows_ = pd.DataFrame(flows, index=self.cost.index, columns=self.cost.columns)
        self.fixed_cost_ = float(self.fixed_cost[opened].sum())
        self.transport_cost_ = float((flows * cost).sum())
        self.objective_ = self.fixed_cost_ + self.transport_cost_
        return self
