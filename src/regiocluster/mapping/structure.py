"""The cluster's structure on a case: members, boundaries, cooperation, core, Decree 779.

One call that the CLI, the report and notebooks share; every step is one of
the pure functions of :mod:`regiocluster.mapping` and :mod:`regiocluster.network`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from regiocluster.errors import InvalidValueError
from regiocluster.mapping.members import ClusterBoundaries, cluster_boundaries
from regiocluster.network.cooperation import (
    CooperationSummary,
    Decree779Verdict,
    cooperation_summary,
    decree_779,
    node_measures,
    supply_graph,
)
from regiocluster.network.coreperiphery import CorePeriphery

__all__ = [
    "ClusterStructure",
    "RelatedDefinition",
    "chain_specialisation",
    "cluster_structure",
    "related_industry_definition",
]


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
        Year to analyse; default the cluster's year (:attr:`Case.year`).
    territory : tuple of str, optional
        Deprecated: the territory is the case's (:attr:`Case.territory`);
        anything else is refused.
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
    from regiocluster.network.case import decree_options, member_links, undirected_weights

    tables = case.tables
    if territory is not None and tuple(territory) != case.territory.regions:
        raise InvalidValueError(
            "territory", territory, reason=f"the case's territory is {case.territory.regions}"
        )
    m = member_links(case, year=year)
    verdict = decree_779(
        m.links,
        m.purchases,
        threshold=threshold,
        special_case=special_case,
        **decree_options(case, m),
    )
    graph = supply_graph(m.links, nodes=m.ids)
    summary = cooperation_summary(graph)
    measures = node_measures(graph)
    model = CorePeriphery(n_null=n_null, random_state=random_state).fit(
        undirected_weights(m.links, m.ids)
    )
    members = m.membership.merge(
        measures, left_on="enterprise_id", right_index=True, how="left"
    ).merge(model.core_.rename("core"), left_on="enterprise_id", right_index=True, how="left")
    members["core"] = members["core"].fillna(False).astype(bool)
    boundaries = cluster_boundaries(members, tables["industries"], tables["regions"])
    return ClusterStructure(
        year=m.year,
        territory=case.territory.regions,
        members=members,
        boundaries=boundaries,
        cooperation=summary,
        decree_779=verdict,
        core_periphery=model,
        links=m.links,
    )


SUBJECT_KINDS = ("federal_subject", "federal_city")


@dataclass(frozen=True)
class RelatedDefinition:
    """Related-industry cluster definition of a case's national data.

    Attributes
    ----------
    year : int
        Year of the employment data.
    definition : pandas.DataFrame
        ``okved``, ``cluster``, ``name_en``, ``chain_role`` for every traded industry.
    validation_score : float
        Share of industries more related to their own cluster than to any other.
    refined : bool
        Whether k-means refinement was kept over the hierarchical start.
    """

    year: int
    definition: pd.DataFrame
    validation_score: float
    refined: bool

    @property
    def chain(self) -> pd.DataFrame:
        """Rows of the construction-materials chain (industries with a ``chain_role``)."""
        rows = self.definition[self.definition["chain_role"].notna()]
        return rows.sort_values(["cluster", "okved"]).reset_index(drop=True)


def related_industry_definition(
    case: Any, *, year: int | None = None, n_clusters: int = 16
) -> RelatedDefinition:
    """Cluster the case's traded industries by co-location and input–output relatedness.

    Relatedness is the mean percentile rank of three measures over the
    federal subjects: correlation of employment shares, Ellison–Glaeser
    coagglomeration, and input–output links from the case's IO table.

    Parameters
    ----------
    case : regiocluster.Case
        With ``employment``, ``regions``, ``industries``, ``io_flows``, ``io_sectors``.
    year : int, optional
        Employment year; default the last.
    n_clusters : int
        Number of clusters.

    Returns
    -------
    RelatedDefinition

    References
    ----------
    Delgado, M., Porter, M. E., & Stern, S. (2016). Defining clusters of
    related industries. *Journal of Economic Geography*, 16(1), 1-38.
    """
    from regiocluster.mapping.related import (
        RelatedIndustryClusters,
        coagglomeration,
        colocation_correlation,
        combine_relatedness,
        io_relatedness,
    )

    tables = case.tables
    regions = tables["regions"]
    subjects = regions.loc[regions["kind"].isin(SUBJECT_KINDS), "region_id"]
    industries = tables["industries"].set_index("okved")
    employment = tables["employment"]
    year = int(employment["year"].max()) if year is None else int(year)
    traded = industries.index[industries["traded"].astype(bool)]
    table = employment[
        (employment["year"] == year)
        & employment["region_id"].isin(subjects)
        & employment["okved"].isin(traded)
    ]
    colocation = colocation_correlation(table)
    flows = tables["io_flows"]
    flows = flows[flows["year"] == flows["year"].max()]
    io = io_relatedness(flows, sectors=tables["io_sectors"], industries=list(colocation.index))
    related = combine_relatedness(colocation, coagglomeration(table), io)
    model = RelatedIndustryClusters(n_clusters).fit(related)
    definition = model.labels_.rename("cluster").rename_axis("okved").reset_index()
    definition["name_en"] = definition["okved"].map(industries["name_en"])
    definition["chain_role"] = definition["okved"].map(industries["chain_role"])
    return RelatedDefinition(
        year=year,
        definition=definition,
        validation_score=float(model.validation_score_),
        refined=bool(model.refined_),
    )


def chain_specialisation(
    case: Any, *, year: int | None = None, territory: tuple[str, ...] | None = None
) -> pd.DataFrame:
    """Specialisation of the territory in the chain's industries, with strong-cluster flags.

    The territory's regions are merged into one region (Leningrad Oblast and
    St. Petersburg as one cluster) and compared with the other federal
    subjects; federal cities count as federal subjects.

    Parameters
    ----------
    case : regiocluster.Case
        With ``employment``, ``regions`` and ``industries``.
    year : int, optional
        Default: the last year of employment.
    territory : tuple of str, optional
        Default: the case's territory (:attr:`Case.territory`).

    Returns
    -------
    pandas.DataFrame
        One row per chain industry: ``okved``, ``name_en``, ``chain_role``,
        ``employees``, ``lq`` (total base), ``lq_traded`` (traded base, for
        traded industries), ``us_strong``, ``us_strong_90`` and ``eco_stars``
        for the merged territory, and ``lq_<region>`` for each of its regions.
    """
    from regiocluster.mapping.specialisation import location_quotient
    from regiocluster.mapping.strong import eco_stars, us_strong_clusters

    tables = case.tables
    territory = case.territory.regions if territory is None else tuple(territory)
    regions = tables["regions"]
    subjects = regions.loc[regions["kind"].isin(SUBJECT_KINDS), "region_id"]
    employment = tables["employment"]
    year = int(employment["year"].max()) if year is None else int(year)
    table = employment[(employment["year"] == year) & employment["region_id"].isin(subjects)]
    table = table.drop(columns="year")
    industries = tables["industries"].set_index("okved")
    merged_id = "+".join(territory)
    merged = table.assign(
        region_id=table["region_id"].where(~table["region_id"].isin(territory), merged_id)
    )
    merged = merged.groupby(["region_id", "okved"], as_index=False)[
        ["employees", "establishments"]
    ].sum(min_count=1)
    merged["traded"] = merged["okved"].map(industries["traded"]).fillna(False).astype(bool)
    lq = location_quotient(merged)
    lq_traded = location_quotient(merged, base="traded")
    us = us_strong_clusters(merged)
    us90 = us_strong_clusters(merged, lq_percentile=90.0)
    eco = eco_stars(merged)
    here = lq["region_id"] == merged_id
    out = lq.loc[here, ["okved", "employees", "lq"]].copy()
    out["lq_traded"] = lq_traded.loc[here, "lq"].to_numpy()
    out["us_strong"] = us.loc[here, "strong"].to_numpy()
    out["us_strong_90"] = us90.loc[here, "strong"].to_numpy()
    out["eco_stars"] = eco.loc[here, "stars"].to_numpy()
    separate = location_quotient(table)
    for rid in territory:
        values = separate[separate["region_id"] == rid].set_index("okved")["lq"]
        out[f"lq_{rid}"] = out["okved"].map(values)
    out["name_en"] = out["okved"].map(industries["name_en"])
    out["chain_role"] = out["okved"].map(industries["chain_role"])
    out = out[out["chain_role"].notna()]
    cols = ["okved", "name_en", "chain_role", "employees", "lq", "lq_traded", "us_strong",
            "us_strong_90", "eco_stars"] + [f"lq_{rid}" for rid in territory]  # fmt: skip
    return out[cols].sort_values("lq", ascending=False).reset_index(drop=True)
