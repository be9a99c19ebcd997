"""The cluster's structure on a case: members, boundaries, cooperation, core, Decree 779.

One call that the CLI, the report and notebooks share; every step is one of
the pure functions of :mod:`regiocluster.mapping` and :mod:`regiocluster.network`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from regiocluster.mapping.members import (
    ClusterBoundaries,
    cluster_boundaries,
    cluster_members,
)
from regiocluster.network.cooperation import (
    CooperationSummary,
    Decree779Verdict,
    cooperation_summary,
    decree_779,
    node_measures,
    supply_graph,
)
from regiocluster.network.coreperiphery import CorePeriphery

__all__ = ["ClusterStructure", "cluster_structure"]


@dataclass(frozen=True)
class ClusterStructure:
    """Members, boundaries and cooperation of a case's cluster in one year.

    Attributes
    ----------
    year : int
        Year of the supply links and finances used.
    territory : tuple of str
        Regions of the cluster.
    members : pandas.DataFrame
        :func:`~regiocluster.mapping.members.cluster_members` output, with
        ``core`` (in the cooperation core) and the node measures joined.
    boundaries : ClusterBoundaries
        Industries and territories.
    cooperation : CooperationSummary
        Density, reciprocity ... of the members' supply graph.
    decree_779 : Decree779Verdict
        The Decree 779 cooperation tests on the members.
    core_periphery : CorePeriphery
        The fitted core–periphery model of the (symmetrised) supply graph.
    links : pandas.DataFrame
        Supply links among members in the year.
    """

    year: int
    territory: tuple[str, ...]
    members: pd.DataFrame
    boundaries: ClusterBoundaries
    cooperation: CooperationSummary
    decree_779: Decree779Verdict
    core_periphery: CorePeriphery
    links: pd.DataFrame


def cluster_structure(
    case: Any,
    *,
    year: int | None = None,
    territory: tuple[str, ...] | None = None,
    n_null: int = 99,
    random_state: int = 0,
    threshold: float | None = None,
    special_case: bool = False,
) -> ClusterStructure:
    """Map the cluster of a case and test its cooperation.

    Parameters
    ----------
    case : regiocluster.Case
        A loaded case with ``enterprises``, ``industries``, ``regions``,
        ``supply_links`` and ``enterprise_finances``.
    year : int, optional
        Year to analyse; default the last year with supply links.
    territory : tuple of str, optional
        Default: the case's ``region`` and ``partner_regions``.
    n_null : int
        Randomisations for the core–periphery p-value.
    random_state : int
        Seed.
    threshold, special_case
        Passed to :func:`~regiocluster.network.cooperation.decree_779`.

    Returns
    -------
    ClusterStructure
    """
    tables = case.tables
    meta = getattr(case, "meta", {}) or {}
    if territory is None:
        territory = (meta.get("region", "RU-LEN"), *meta.get("partner_regions", []))
    links_all = tables["supply_links"]
    if year is None:
        year = int(links_all["year"].max())
    links = links_all[links_all["year"] == year]
    members = cluster_members(
        tables["enterprises"],
        tables["industries"],
        territory=territory,
        regions=tables["regions"],
        links=links,
    )
    ids = members.loc[members["member"], "enterprise_id"]
    inside = links[links["supplier_id"].isin(ids) & links["buyer_id"].isin(ids)]
    finances = tables["enterprise_finances"]
    purchases = (
        finances[finances["year"] == year].set_index("enterprise_id")["purchases"].reindex(ids)
    ).fillna(0.0)
    verdict = decree_779(inside, purchases, threshold=threshold, special_case=special_case)
    graph = supply_graph(inside, nodes=ids)
    summary = cooperation_summary(graph)
    measures = node_measures(graph)
    undirected = pd.DataFrame(0.0, index=list(graph.nodes), columns=list(graph.nodes))
    for s, b, w in graph.edges(data="weight"):
        undirected.loc[s, b] += w
    model = CorePeriphery(n_null=n_null, random_state=random_state).fit(undirected)
    members = members.merge(measures, left_on="enterprise_id", right_index=True, how="left").merge(
        model.core_.rename("core"), left_on="enterprise_id", right_index=True, how="left"
    )
    members["core"] = members["core"].fillna(False).astype(bool)
    boundaries = cluster_boundaries(members, tables["industries"], tables["regions"])
    return ClusterStructure(
        year=year,
        territory=tuple(territory),
        members=members,
        boundaries=boundaries,
        cooperation=summary,
        decree_779=verdict,
        core_periphery=model,
        links=inside,
    )
