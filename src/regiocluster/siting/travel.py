"""Travel costs and times on a multimodal freight network (road, rail, sea).

Bulk construction materials are transport-bound: a tonne of crushed stone or
cement costs about as much to carry 100-200 km by road as to make, so location
is driven by cost per tonne, not by distance. Costs are shortest paths over
links weighted by ``length_km x cost_rub_per_tkm`` (rub per tonne); times by
``length_km / speed_kmh`` (hours).

Points that are not network nodes (sites, deposits, demand centres) are joined
to their nearest node by a road leg of great-circle length times a detour
factor, priced at the network's median road tariff and speed.

References
----------
Dijkstra, E. W. (1959). A note on two problems in connexion with graphs.
*Numerische Mathematik*, 1, 269-271.
Weber, A. (1909). *Über den Standort der Industrien*. Tübingen (transport-
oriented location of weight-losing, bulk industries).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.sparse.csgraph import dijkstra

from regiocluster.geo import great_circle_km  # re-exported: older code imports it from here

__all__ = ["FreightNetwork", "TravelMatrices", "great_circle_km"]


@dataclass(frozen=True)
class TravelMatrices:
    """Origin x destination matrices: cheapest cost (rub/t), fastest time (h), its km."""

    cost: pd.DataFrame
    time: pd.DataFrame
    distance: pd.DataFrame


class FreightNetwork:
    """A multimodal network of nodes and undirected links.

    Parameters
    ----------
    nodes : pandas.DataFrame
        ``node_id``, ``lon``, ``lat`` (the case's ``transport_nodes``).
    links : pandas.DataFrame
        ``from_node``, ``to_node``, ``mode``, ``length_km``, ``speed_kmh``,
        ``cost_rub_per_tkm`` (the case's ``transport_links``).
    detour : float
        Road distance over great-circle distance for access legs (1.3 is a
        common rule of thumb for rural road networks).
    """

    def __init__(self, nodes: pd.DataFrame, links: pd.DataFrame, *, detour: float = 1.3) -> None:
        self.nodes = nodes.reset_index(drop=True)
        self.links = links.reset_index(drop=True)
        self.detour = float(detour)
        road = self.links[self.links["mode"] == "road"]
        source = road if len(road) else self.links
        self.access_tariff = float(source["cost_rub_per_tkm"].median())
        self.access_speed = float(source["speed_kmh"].median())

    @classmethod
    def from_case(cls, case, *, detour: float = 1.3) -> FreightNetwork:
        """Build from the case's ``transport_nodes`` and ``transport_links``."""
        return cls(case.tables["transport_nodes"], case.tables["transport_links"], detour=detour)

    def _graph(self, points: pd.DataFrame, modes: Sequence[str] | None):
        node_ids = list(self.nodes["node_id"])
        position = {node: k for k, node in enumerate(node_ids)}
        links = self.links if modes is None else self.links[self.links["mode"].isin(modes)]
        a = links["from_node"].map(position).to_numpy()
        b = links["to_node"].map(position).to_numpy()
        length = links["length_km"].to_numpy(dtype=float)
        cost = length * links["cost_rub_per_tkm"].to_numpy(dtype=float)
        hours = length / links["speed_kmh"].to_numpy(dtype=float)
        n_nodes = len(node_ids)
        # Access legs from each point to its nearest node.
        km = great_circle_km(
            points["lon"].to_numpy()[:, None],
            points["lat"].to_numpy()[:, None],
            self.nodes["lon"].to_numpy()[None, :],
            self.nodes["lat"].to_numpy()[None, :],
        )
        nearest = km.argmin(axis=1)
        leg = km[np.arange(len(points)), nearest] * self.detour
        p_index = n_nodes + np.arange(len(points))
        rows = np.concatenate([a, b, p_index, nearest])
        cols = np.concatenate([b, a, nearest, p_index])
        size = n_nodes + len(points)

        def matrix(values, leg_values):
            weights = np.concatenate([values, values, leg_values, leg_values])
            # Tiny floor: csgraph treats explicit zeros as missing edges.
            weights = np.maximum(weights, 1e-9)
            # Parallel links: keep the cheapest (a sparse matrix would add them up).
            return _min_duplicates(rows, cols, weights, size)

        return (
            matrix(cost, leg * self.access_tariff),
            matrix(hours, leg / self.access_speed),
            matrix(length, leg),
            p_index,
        )

    def matrices(
        self,
        origins: pd.DataFrame,
        destinations: pd.DataFrame,
        *,
        modes: Sequence[str] | None = None,
    ) -> TravelMatrices:
        """Cost, time and distance between point sets.

        Parameters
        ----------
        origins, destinations : pandas.DataFrame
            Indexed by point id, with ``lon`` and ``lat``.
        modes : sequence of str, optional
            Restrict the trunk network to these modes (access legs are by road);
            default: all modes, so the cheapest multimodal route is used.

        Returns
        -------
        TravelMatrices
            Unreachable pairs are ``inf``.
        """
        points = pd.concat([origins[["lon", "lat"]], destinations[["lon", "lat"]]])
        cost_graph, time_graph, km_graph, p_index = self._graph(points, modes)
        o = p_index[: len(origins)]
        d = p_index[len(origins) :]
        cost = dijkstra(cost_graph, directed=False, indices=o)[:, d]
        hours, predecessors = dijkstra(
            time_graph, directed=False, indices=o, return_predecessors=True
        )
        distance = _path_lengths(km_graph, predecessors, hours, d)
        frame = lambda values: pd.DataFrame(  # noqa: E731
            values, index=origins.index, columns=destinations.index
        )
        return TravelMatrices(cost=frame(cost), time=frame(hours[:, d]), distance=frame(distance))


def _min_duplicates(rows, cols, weights, size):
    order = np.lexsort((weights, cols, rows))
    r, c, w = rows[order], cols[order], weights[order]
    first = np.ones(len(r), dtype=bool)
    first[1:] = (r[1:] != r[:-1]) | (c[1:] != c[:-1])
    return sp.csr_matrix((w[first], (r[first], c[first])), shape=(size, size))


def _path_lengths(
    graph: sp.csr_matrix, predecessors: np.ndarray, reach: np.ndarray, targets: np.ndarray
) -> np.ndarray:
    """Sum ``graph`` weights along each origin's predecessor tree to each target."""
    dense = graph.toarray()
    out = np.full((predecessors.shape[0], len(targets)), np.inf)
    for i in range(predecessors.shape[0]):
        for k, target in enumerate(targets):
            if not np.isfinite(reach[i, target]):
                continue
            total, node = 0.0, target
            while predecessors[i, node] >= 0:
                previous = predecessors[i, node]
                total += dense[previous, node]
                node = previous
            out[i, k] = total
    return out
