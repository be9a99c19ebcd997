"""Cooperation among cluster members: the supply graph and the Decree 779 tests.

Russian Government Decree No. 779 of 31 July 2015 "О промышленных кластерах и
специализированных организациях промышленных кластеров" (as amended in 2018
and 2021) sets the requirements an industrial cluster must meet to receive
federal support; Minpromtorg checks them. Those about cooperation, as
implemented by :func:`decree_779`:

* **clause (а)**: "каждый участник промышленного кластера заключил с другим
  участником промышленного кластера не менее одного договора ... о поставке
  промышленной продукции промышленного кластера, и (или) договора о
  выполнении работ и (или) услуг производственного характера" — every
  participant has at least one *qualifying* contract (industrial products
  of the cluster, or works and services of a production nature) with
  another participant. A loan from a bank or training by a college is not
  one;
* **the 2021 amendment**: up to three participants that did not yet make
  industrial products in the cluster in the previous period, but are
  organising it, may lack such links (contracts due within three years);
* **the number of industrial participants** (clause (б); at least 10 as
  commonly quoted — a parameter, check the current text);
* **the overall level of functional dependence**: participants that make
  final industrial products buy intermediate industrial products and
  production services from other participants for at least 20 % of their
  purchases of products, works and services (50 % until the 2018
  amendment), or 10 % where at least 30 % of the participants work in
  regions with individual development programmes, geostrategic territories
  or single-industry towns (2021 amendment).

Sources: the requirements as published by the Industrial Development Fund of
Krasnodar Krai (frpkk.ru, clause (а) verbatim); the 2021 amending decree
(base.garant.ru/403096988) and its summaries by ConsultantPlus and
gospartner.club (final producers buying at least 20 % / 10 % from
intermediate producers among the participants; up to 3 participants without
links). The broad share of *all* participants' purchases bought from *any*
other participant (:func:`cooperation_share`) is kept as a labelled
alternative; it is not the decree's measure.

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

from regiocluster.case.codes import covers_any

__all__ = [
    "CLAUSES",
    "INDUSTRIAL_OKVED",
    "PRODUCTION_SERVICE_OKVED",
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


#: OKVED-2 prefixes of industrial activity (sections B and C: mining and manufacturing),
#: whose products are "industrial products" (Federal Law No. 488-FZ, art. 3).
INDUSTRIAL_OKVED: tuple[str, ...] = tuple(f"{d:02d}" for d in range(5, 34))

#: OKVED-2 prefixes of works and services of a production nature bought by industry
#: (an interpretation: freight transport and storage, engineering and testing, repair
#: and installation of machinery is in section C already).
PRODUCTION_SERVICE_OKVED: tuple[str, ...] = ("49", "52", "71")

#: The clauses tested, with their reference (as cited in the output).
CLAUSES: dict[str, str] = {
    "contracts": "Decree 779, requirements cl. (а); 2021 amendment: up to 3 participants "
    "without links yet",
    "industrial": "Decree 779, requirements cl. (б): number of industrial participants",
    "dependence": "Decree 779, overall level of functional dependence (20 %, 2018 amendment; "
    "10 % special case, 2021 amendment)",
}


def _matches(codes: pd.Series, prefixes: Iterable[str]) -> pd.Series:
    """Which codes lie under any of the OKVED prefixes (:func:`regiocluster.case.codes.covers`)."""
    return covers_any(codes.astype("string").fillna(""), prefixes)


@dataclass(frozen=True)
class Decree779Verdict:
    """The Decree 779 cooperation tests and the numbers behind them.

    Attributes
    ----------
    members : int
        Number of participants tested.
    purchases : float
        Purchases of the participants that make final industrial products
        (the decree's denominator).
    purchases_from_members : float
        Of which intermediate industrial products and production services
        bought from other participants (the numerator).
    functional_dependence : float
        The decree's measure: the ratio of the two.
    threshold : float
        The required level (0.20, or 0.10 in the special case).
    special_case : bool
        Whether the 10% threshold applied.
    dependence_met : bool
        ``functional_dependence >= threshold``.
    without_contract : tuple of str
        Participants with no qualifying contract with another participant.
    exemptions_allowed : int
        How many participants may lack one (3 since 2021, else 0).
    contracts_met : bool
        ``len(without_contract) <= exemptions_allowed``.
    compliant : bool
        Every test met.
    industrial_participants : int
        Participants whose main activity is industrial (mining, manufacturing).
    min_industrial : int
        The least number of industrial participants required.
    industrial_met : bool
        ``industrial_participants >= min_industrial``.
    broad_dependence : float
        The broad alternative, not the decree's measure: all participants'
        purchases from any other participant over all their purchases.
    broad_purchases, broad_from_members : float
        Its denominator and numerator.
    illustrative : bool
        The links or purchases tested are synthetic: the verdict illustrates
        the method and says nothing of a real cluster.
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
    industrial_participants: int = 0
    min_industrial: int = 0
    industrial_met: bool = True
    broad_dependence: float = float("nan")
    broad_purchases: float = float("nan")
    broad_from_members: float = float("nan")
    illustrative: bool = False

    def summary(self, *, label: bool = True) -> str:
        """One-paragraph plain-language verdict, each test with its clause.

        With ``label`` (default) it ends "Illustrative: ..." when the links
        are synthetic; a Result, which carries its own provenance label,
        asks for it without.
        """
        verdict = "meets" if self.compliant else "does not meet"
        text = (
            f"The cluster {verdict} the Decree 779 cooperation tests: functional dependence "
            f"{self.functional_dependence:.1%} ({CLAUSES['dependence']}), i.e. participants "
            f"making final industrial products bought that share of their purchases "
            f"({self.purchases_from_members:,.1f} of {self.purchases:,.1f}) as intermediate "
            f"industrial products and production services from other participants, against "
            f"{self.threshold:.0%}"
            f"{' (special case)' if self.special_case else ''}: "
            f"{'met' if self.dependence_met else 'not met'}. Contracts ({CLAUSES['contracts']}): "
            f"{len(self.without_contract)} participant(s) without a qualifying contract, "
            f"{self.exemptions_allowed} allowed: {'met' if self.contracts_met else 'not met'}. "
            f"Industrial participants ({CLAUSES['industrial']}): {self.industrial_participants}, "
            f"at least {self.min_industrial}: {'met' if self.industrial_met else 'not met'}. "
            f"Broad alternative, not the decree's measure: {self.broad_dependence:.1%} of all "
            f"participants' purchases bought from other participants."
        )
        if label and self.illustrative:
            text += " Illustrative: the supply links and purchases are synthetic."
        return text


def decree_779(
    links: pd.DataFrame,
    purchases: pd.Series,
    *,
    threshold: float | None = None,
    special_case: bool = False,
    special_territory_members: Iterable[str] | None = None,
    exemptions_allowed: int = 3,
    industry: pd.Series | None = None,
    industrial_okved: Iterable[str] = INDUSTRIAL_OKVED,
    service_okved: Iterable[str] = PRODUCTION_SERVICE_OKVED,
    min_industrial: int | None = None,
    illustrative: bool = False,
    supplier: str = "supplier_id",
    buyer: str = "buyer_id",
    value: str = "value",
) -> Decree779Verdict:
    """Check the cooperation requirements of Decree No. 779 as written (2018, 2021 amendments).

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
        Participants that may lack a qualifying contract (3 under the 2021
        amendment; 0 for the original rule).
    industry : Series, optional
        Main OKVED-2 code of each participant. Without it every participant
        counts as industrial and every contract as qualifying, and the
        decree's measure equals the broad one.
    industrial_okved, service_okved : iterable of str
        OKVED prefixes of industrial activity (:data:`INDUSTRIAL_OKVED`) and
        of works and services of a production nature
        (:data:`PRODUCTION_SERVICE_OKVED`).
    min_industrial : int, optional
        Least number of industrial participants (clause (б), 10 as commonly
        quoted); default 10 with ``industry``, else 0 (not tested).
    illustrative : bool
        The inputs are synthetic (from :meth:`regiocluster.case.Case.provenance`);
        the verdict says so.

    Returns
    -------
    Decree779Verdict

    Notes
    -----
    Buyers are the industrial participants (they make final industrial
    products from inputs); the numerator is what they buy from other
    industrial participants (intermediate industrial products) and from
    participants providing production services; the denominator is all their
    purchases. A contract is qualifying (clause (а)) when its supplier is an
    industrial or production-service participant.

    References
    ----------
    Government of the Russian Federation, Decree No. 779 of 31.07.2015, as
    amended by decrees of 2018 (dependence 50% → 20%) and 2021 (10% special
    case, up to three participants without links, 5-year validity).
    """
    table = member_cooperation(links, purchases, supplier=supplier, buyer=buyer, value=value)
    n = len(table)
    if special_territory_members is not None:
        located = table.index.isin(list(special_territory_members)).sum()
        special_case = special_case or (n > 0 and located / n >= 0.30)
    if threshold is None:
        threshold = 0.10 if special_case else 0.20
    broad_total = float(table["purchases"].fillna(0.0).sum())
    broad_inside = float(table["from_members"].sum())
    if min_industrial is None:
        min_industrial = 0 if industry is None else 10
    if industry is None:
        industrial = pd.Series(True, index=table.index)
        qualifying_supplier = industrial
    else:
        codes = industry.reindex(table.index)
        industrial = _matches(codes, industrial_okved)
        qualifying_supplier = industrial | _matches(codes, service_okved)
    inside = _member_links(links, pd.Index(table.index), supplier, buyer)
    qualifying = inside[inside[supplier].map(qualifying_supplier).fillna(False).astype(bool)]
    final_buyers = industrial[industrial].index
    numerator = float(qualifying.loc[qualifying[buyer].isin(final_buyers), value].sum())
    denominator = float(table.loc[final_buyers, "purchases"].fillna(0.0).sum())
    dependence = numerator / denominator if denominator > 0 else float("nan")
    parties = set(qualifying[supplier]) | set(qualifying[buyer])
    without = tuple(str(m) for m in table.index if m not in parties)
    dependence_met = bool(np.isfinite(dependence) and dependence >= threshold)
    contracts_met = len(without) <= exemptions_allowed
    n_industrial = int(industrial.sum())
    industrial_met = n_industrial >= min_industrial
    return Decree779Verdict(
        members=n,
        purchases=denominator,
        purchases_from_members=numerator,
        functional_dependence=dependence,
        threshold=float(threshold),
        special_case=bool(special_case),
        dependence_met=dependence_met,
        without_contract=without,
        exemptions_allowed=int(exemptions_allowed),
        contracts_met=contracts_met,
        compliant=dependence_met and contracts_met and industrial_met,
        industrial_participants=n_industrial,
        min_industrial=int(min_industrial),
        industrial_met=industrial_met,
        broad_dependence=broad_inside / broad_total if broad_total > 0 else float("nan"),
        broad_purchases=broad_total,
        broad_from_members=broad_inside,
        illustrative=bool(illustrative),
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
