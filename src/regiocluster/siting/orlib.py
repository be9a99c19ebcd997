"""Beasley's OR-Library p-median instances (``pmed1`` ... ``pmed40``).

References
----------
Beasley, J. E. (1990). OR-Library: distributing test problems by electronic
mail. *J. Operational Research Society*, 41(11), 1069-1072.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import shortest_path

__all__ = ["OrlibInstance", "parse_pmed"]


@dataclass(frozen=True)
class OrlibInstance:
    """An OR-Library p-median instance: all-pairs shortest-path costs and ``p``."""

    cost: np.ndarray
    p: int


def parse_pmed(text: str) -> OrlibInstance:
    """Parse the text of a ``pmedN.txt`` file.

    The header is ``n m p``, then ``m`` undirected edges ``i j cost`` (1-based).
    An edge listed twice takes its last value, as Beasley's notes prescribe;
    costs are shortest-path distances over the graph.
    """
    tokens = text.split()
    n, m, p = (int(t) for t in tokens[:3])
    edges = np.array(tokens[3 : 3 + 3 * m], dtype=float).reshape(m, 3)
    i = edges[:, 0].astype(int) - 1
    j = edges[:, 1].astype(int) - 1
    # Keep the last listing of each undirected edge.
    key = np.minimum(i, j) * n + np.maximum(i, j)
    _, last_reversed = np.unique(key[::-1], return_index=True)
    last = m - 1 - last_reversed
    graph = sp.coo_matrix((edges[last, 2], (i[last], j[last])), shape=(n, n)).tocsr()
    cost = shortest_path(graph, method="D", directed=False)
    return OrlibInstance(cost=cost, p=p)
