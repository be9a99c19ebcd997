"""Cooperation among cluster members: the supply graph and the Decree 779 tests.

Russian Government Decree No. 779 of 31 July 2015 ("on industrial clusters",
as amended) sets the conditions an industrial cluster must meet to receive
federal support; Minpromtorg checks them. Two are about cooperation:

* the **overall level of functional dependence** of the participants — the
  share of the participants' purchases of goods, works and services that is
  bought from other participants — must reach 20% (50% until 2018); 10% where
  at least 30% of the participants work in lagging regions, geostrategic
  territories or single-industry towns (2021 amendment);
* **every participant has at least one contract** with another participant;
  since 2021 up to three participants may still lack one (the contracts are
  due within three years of joining).

The functions take plain tables so the portal can call them on its contract
register: links are ``(supplier_id, buyer_id, value)`` rows, purchases a
Series indexed by member id.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import networkx as nx
import numpy as np
import pandas as pd

__all__ = [
    "CooperationSummary",
    "Decree779Verdict",
    "cooperation_share",
    "cooperation_summary",
    "decree_779",
    "member_cooperation",
    "node_measures",
    "supply_graph",
]


def _member_links(
    links: pd.DataFrame, members: pd.Index, supplier: str, buyer: str
) -> pd.DataFrame:
    inside = links[supplier].isin(members) & links[buyer].isin(members)
    return links.loc[inside & (links[supplier] != links[buyer])]


def cooperation_share(
    links: pd.DataFrame,
    purchases: pd.Series,
    *,
    supplier: str = "supplier_id",
    buyer: str = "buyer_id",
    value: str = "value",
) -> float:
    r"""Functional dependence: the share of members' purchases bought from other members.

    .. math::

        D = \frac{\sum_{s \ne b;\ s, b \in M} v_{sb}}{\sum_{b \in M} P_b}

    Parameters
    ----------
    links : pandas.DataFrame
        Supplies (contracts), one row per supplier → buyer with a value, for
        one period. Rows with a supplier or buyer outside the members, and
        purchases from oneself, are ignored.
    purchases : pandas.Series
        All purchases of each member in the same period and unit, indexed by
        member id. Its index defines the members.
    supplier, buyer, value : str
        Column names of ``links``.

    Returns
    -------
    float
        The share in [0, 1] when purchases cover the links; ``nan`` when the
        members report no purchases.

    References
    ----------
    Government of the Russian Federation, Decree No. 779 of 31.07.2015
    "О промышленных кластерах и специализированных организациях промышленных
    кластеров" (on industrial clusters), requirements to industrial clusters
    (as amended in 2018 and 2021).
    """
    members = pd.Index(purchases.index)
    inside = _member_links(links, members, supplier, buyer)
    total = float(pd.to_numeric(purchases, errors="coerce").fillna(0.0).sum())
    if total <= 0:
        return float("nan")
    return float(inside[value].sum()) / total


def member_cooperation(
    links: pd.DataFrame,
    purchases: pd.Series,
    *,
    supplier: str = "supplier_id",
    buyer: str = "buyer_id",
    value: str = "value",
) -> pd.DataFrame:
    """Per-member purchases from other members and number of member partners.

    Parameters
    ----------
    links, purchases, supplier, buyer, value
        As in :func:`cooperation_share`.

    Returns
    -------
    pandas.DataFrame
        Indexed by member: ``purchases``, ``from_members`` (bought from other
        members), ``share`` (their ratio), ``sold_to_members``,
        ``partners`` (distinct other members it has a contract with, either
        direction) and ``has_contract``.
    """
    members = pd.Index(purchases.index)
    inside = _member_links(links, members, supplier, buyer)
    bought = inside.groupby(buyer)[value].sum().reindex(members, fill_value=0.0)
    sold = inside.groupby(supplier)[value].sum().reindex(members, fill_value=0.0)
    pairs = pd.concat(
        [
            inside[[supplier, buyer]].set_axis(["member", "partner"], axis=1),
            inside[[buyer, supplier]].set_axis(["member", "partner"], axis=1),
        ]
    ).drop_duplicates()
    partners = pairs.groupby("member")["partner"].nunique().reindex(members, fill_value=0)
    out = pd.DataFrame(
        {
            "purchases": pd.to_numeric(purchases, errors="coerce").to_numpy(dtype=float),
            "from_members": bought.to_numpy(dtype=float),
            "sold_to_members": sold.to_numpy(dtype=float),
            "partners": partners.to_numpy(dtype=int),
        },
        index=members,
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        out["share"] = out["from_members"] / out["purchases"].where(out["purchases"] > 0)
    out["has_contract"] = out["partners"] > 0
    out.index.name = "member"
    return out


@dataclass(frozen=True)
class Decree779Verdict:
    """The Decree 779 cooperation tests and the numbers behind them.

    Attributes
    ----------
    members : int
        Number of participants tested.
    purchases : float
        Their total purchases.
    purchases_from_members : float
        Of which bought from other participants.
    functional_dependence : float
        The ratio of the two.
    threshold : float
        The required level (0.20, or 0.10 in the special case).
    special_case : bool
        Whether the 10% threshold applied.
    dependence_met : bool
        ``functional_dependence >= threshold``.
    without_contract : tuple of str
        Participants with no contract with another participant.
    exemptions_allowed : int
        How many participants may lack a contract (3 since 2021, else 0).
    contracts_met : bool
        ``len(without_contract) <= exemptions_allowed``.
    compliant : bool
        Both tests met.
    """

    members: int
    purchases: float
    purchases_from_members: float
    functional_dependence: float
    threshold: float
    special_case: bool
    dependence_met: bool
    without_contract: tuple[str, ...]
    exemptions_allowed: int
    contracts_met: bool
    compliant: bool

    def summary(self) -> str:
        """One-paragraph plain-language verdict."""
        verdict = "meets" if self.compliant else "does not meet"
        return (
            f"The cluster {verdict} the Decree 779 cooperation tests: functional dependence "
            f"{self.functional_dependence:.1%} of {self.members} participants' purchases "
            f"({self.purchases_from_members:,.1f} of {self.purchases:,.1f}) against the "
            f"{self.threshold:.0%} threshold; {len(self.without_contract)} participant(s) "
            f"without a contract with another participant "
            f"({self.exemptions_allowed} allowed)."
        )


def decree_779(
    links: pd.DataFrame,
    purchases: pd.Series,
    *,
    threshold: float | None = None,
    special_case: bool = False,
    special_territory_members: Iterable[str] | None = None,
    exemptions_allowed: int = 3,
    supplier: str = "supplier_id",
    buyer: str = "buyer_id",
    value: str = "value",
) -> Decree779Verdict:
    """Check the cooperation requirements of Decree No. 779 (as amended in 2021).

    Parameters
    ----------
    links, purchases, supplier, buyer, value
        As in :func:`cooperation_share`, for one year.
    threshold : float, optional
        Required functional dependence; default 0.20, or 0.10 in the special case.
    special_case : bool
        Apply the 10% threshold (at least 30% of participants in lagging
        regions, geostrategic territories or single-industry towns).
    special_territory_members : iterable of str, optional
        Participants located in such territories; when given, the special
        case applies if they are at least 30% of the participants.
    exemptions_allowed : int
        Participants that may lack a contract with another participant (3
        under the 2021 amendment; 0 for the original rule).

    Returns
    -------
    Decree779Verdict

    References
    ----------
    Government of the Russian Federation, Decree No. 779 of 31.07.2015, as
    amended by decrees of 2018 (dependence 50% → 20%) and 2021 (10% special
    case, up to three participants without contracts, 5-year validity).
    """
    table = member_cooperation(links, purchases, supplier=supplier, buyer=buyer, value=value)
    n = len(table)
    if special_territory_members is not None:
        located = table.index.isin(list(special_territory_members)).sum()
        special_case = special_case or (n > 0 and located / n >= 0.30)
    if threshold is None:
        threshold = 0.10 if special_case else 0.20
    total = float(table["purchases"].fillna(0.0).sum())
    inside = float(table["from_members"].sum())
    dependence = inside / total if total > 0 else float("nan")
    without = tuple(str(m) for m in table.index[~table["has_contract"]])
    dependence_met = bool(np.isfinite(dependence) and dependence >= threshold)
    contracts_met = len(without) <= exemptions_allowed
    return Decree779Verdict(
        members=n,
        purchases=total,
        purchases_from_members=inside,
        functional_dependence=dependence,
        threshold=float(threshold),
        special_case=bool(special_case),
        dependence_met=dependence_met,
        without_contract=without,
        exemptions_allowed=int(exemptions_allowed),
        contracts_met=contracts_met,
        compliant=dependence_met and contracts_met,
    )


def supply_graph(
    links: pd.DataFrame,
    *,
    nodes: Iterable[str] | None = None,
    supplier: str = "supplier_id",
    buyer: str = "buyer_id",
    value: str = "value",
) -> nx.DiGraph:
    """Directed firm-to-firm graph, edge weight = summed value of supplies.

    Parameters
    ----------
    links : pandas.DataFrame
        Supplies; several rows for a pair are summed.
    nodes : iterable of str, optional
        Nodes to include even without links (all members).
    supplier, buyer, value : str
        Column names.

    Returns
    -------
    networkx.DiGraph
        Edges ``supplier → buyer`` with attribute ``weight``.
    """
    graph = nx.DiGraph()
    if nodes is not None:
        graph.add_nodes_from(nodes)
    grouped = links.loc[links[supplier] != links[buyer]].groupby([supplier, buyer])[value].sum()
    graph.add_weighted_edges_from((s, b, float(w)) for (s, b), w in grouped.items() if w > 0)
    return graph


@dataclass(frozen=True)
class CooperationSummary:
    """Whole-graph measures of a cooperation network.

    Attributes
    ----------
    nodes, edges : int
        Size of the directed graph.
    density : float
        ``edges / (nodes * (nodes - 1))``.
    reciprocity : float
        Share of edges whose reverse edge exists (networkx definition).
    total_value : float
        Sum of edge weights.
    isolates : int
        Nodes with no edge.
    """

    nodes: int
    edges: int
    density: float
    reciprocity: float
    total_value: float
    isolates: int


def cooperation_summary(graph: nx.DiGraph) -> CooperationSummary:
    """Density, reciprocity and size of a directed cooperation graph.

    Parameters
    ----------
    graph : networkx.DiGraph
        From :func:`supply_graph`.

    Returns
    -------
    CooperationSummary
    """
    n, m = graph.number_of_nodes(), graph.number_of_edges()
    return CooperationSummary(
        nodes=n,
        edges=m,
        density=float(nx.density(graph)) if n > 1 else float("nan"),
        reciprocity=float(nx.overall_reciprocity(graph)) if m else float("nan"),
        total_value=float(sum(w for _, _, w in graph.edges(data="weight", default=0.0))),
        isolates=nx.number_of_isolates(graph),
    )


def node_measures(graph: nx.DiGraph) -> pd.DataFrame:
    """Weighted degree and betweenness of every node.

    Betweenness uses shortest paths with edge length ``1 / weight`` (a large
    supply is a short, strong tie) and is normalised as in networkx.

    Parameters
    ----------
    graph : networkx.DiGraph
        From :func:`supply_graph`.

    Returns
    -------
    pandas.DataFrame
        Indexed by node: ``in_degree``, ``out_degree``, ``in_strength``
        (value bought), ``out_strength`` (value sold), ``strength``,
        ``betweenness``.
    """
    for _, _, data in graph.edges(data=True):
        data["length"] = 1.0 / data["weight"] if data.get("weight", 0) > 0 else np.inf
    betweenness = nx.betweenness_centrality(graph, weight="length", normalized=True)
    nodes = list(graph.nodes)
    out = pd.DataFrame(
        {
            "in_degree": [graph.in_degree(v) for v in nodes],
            "out_degree": [graph.out_degree(v) for v in nodes],
            "in_strength": [graph.in_degree(v, weight="weight") for v in nodes],
            "out_strength": [graph.out_degree(v, weight="weight") for v in nodes],
            "betweenness": [betweenness[v] for v in nodes],
        },
        index=pd.Index(nodes, name="node"),
    )
    out["strength"] = out["in_strength"] + out["out_strength"]
    return out
