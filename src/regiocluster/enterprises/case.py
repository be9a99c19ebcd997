"""The enterprise analyses run on a whole case: members, eligibility, scorecards, projects."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from regiocluster.case.load import Case
from regiocluster.enterprises.projects import ProjectSupply, project_supply
from regiocluster.enterprises.scorecards import modernisation_needs, scorecards
from regiocluster.enterprises.support import eligibility_summary, eligible_measures
from regiocluster.enterprises.technologies import TechnologyFit, technology_fit
from regiocluster.mapping.members import cluster_members

__all__ = [
    "CaseEligibility",
    "case_eligibility",
    "case_members",
    "case_modernisation",
    "case_project_supply",
    "case_scorecards",
    "case_technology_fit",
    "territory_of",
]


def territory_of(case: Case) -> tuple[str, ...]:
    """Return the case's region and partner regions (RU-LEN and RU-SPE for leningrad)."""
    region = case.meta.get("region")
    partners = case.meta.get("partner_regions", []) or []
    return tuple([region, *partners]) if region else ("RU-LEN", "RU-SPE")


def case_members(case: Case) -> pd.DataFrame:
    """Members of the case's cluster (:func:`regiocluster.mapping.cluster_members`)."""
    tables = case.tables
    members = cluster_members(
        tables["enterprises"],
        tables["industries"],
        territory=territory_of(case),
        regions=tables.get("regions"),
        links=tables.get("supply_links"),
    )
    return members[members["member"]]


@dataclass(frozen=True)
class CaseEligibility:
    """Eligibility of the case's enterprises for its support measures.

    Attributes
    ----------
    pairs : pandas.DataFrame
        :func:`~regiocluster.enterprises.eligible_measures` output, with
        ``member`` (bool).
    summary : pandas.DataFrame
        :func:`~regiocluster.enterprises.eligibility_summary` over the members.
    year : int
        Year of the finances tested.
    """

    pairs: pd.DataFrame
    summary: pd.DataFrame
    year: int


def case_eligibility(case: Case, *, year: int | None = None) -> CaseEligibility:
    """Check every enterprise of the case against every support measure.

    Members of the cluster (:func:`case_members`) pass the cluster-membership
    condition; the enterprise's fixed investment in ``year`` stands in for
    the project investment.
    """
    tables = case.tables
    finances = tables["enterprise_finances"]
    year = int(finances["year"].max()) if year is None else int(year)
    members = case_members(case)["enterprise_id"]
    pairs = eligible_measures(
        tables["enterprises"],
        finances,
        tables["support_measures"],
        year=year,
        members=members,
        regions=tables.get("regions"),
    )
    pairs["member"] = pairs["enterprise_id"].isin(set(members))
    summary = eligibility_summary(pairs, tables["support_measures"], members=members)
    return CaseEligibility(pairs=pairs, summary=summary, year=year)


def _prices(case: Case, year: int | None = None) -> pd.Series | None:
    balances = case.tables.get("market_balances")
    if balances is None or balances.empty or "price" not in balances.columns:
        return None
    inside = balances[balances["region_id"].isin(territory_of(case)) & balances["price"].notna()]
    if inside.empty:
        return None
    year = int(inside["year"].max()) if year is None else year
    last = inside[inside["year"] <= year]
    last = last[last["year"] == last.groupby("product_id")["year"].transform("max")]
    return last.groupby("product_id")["price"].mean()


def case_scorecards(case: Case) -> pd.DataFrame:
    """Scorecards of every enterprise and year, utilisation weighted by producer prices."""
    tables = case.tables
    return scorecards(
        tables["enterprises"],
        tables["enterprise_finances"],
        tables.get("enterprise_products"),
        prices=_prices(case),
    )


def case_modernisation(
    case: Case, *, year: int | None = None, plants_only: bool = True
) -> pd.DataFrame:
    """Modernisation needs of the case's enterprises.

    With ``plants_only`` (the default) only enterprises with production
    capacity in ``enterprise_products`` are ranked: the score is about plant.
    """
    needs = modernisation_needs(case_scorecards(case), year=year)
    if plants_only:
        needs = needs[needs["utilisation"].notna()].reset_index(drop=True)
    return needs


def case_project_supply(case: Case) -> ProjectSupply:
    """Major projects of the case against its members' free capacity."""
    tables = case.tables
    return project_supply(
        tables["major_projects"],
        tables["project_needs"],
        tables["enterprise_products"],
        tables["enterprises"],
        members=case_members(case)["enterprise_id"],
        territory=territory_of(case),
        regions=tables.get("regions"),
        market_balances=tables.get("market_balances"),
    )


def case_technology_fit(case: Case, *, year: int | None = None) -> TechnologyFit:
    """Fit of the case's technologies, candidates ranked by their modernisation need."""
    tables = case.tables
    return technology_fit(
        tables["technologies"],
        tables["enterprises"],
        enterprise_products=tables.get("enterprise_products"),
        project_needs=tables.get("project_needs"),
        market_balances=tables.get("market_balances"),
        members=case_members(case)["enterprise_id"],
        territory=territory_of(case),
        regions=tables.get("regions"),
        year=year,
        modernisation=case_modernisation(case, year=year, plants_only=False),
    )
