"""The enterprise analyses run on a whole case: members, eligibility, scorecards, projects."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from regiocluster.case.load import Case
from regiocluster.enterprises.projects import ProjectSupply, project_supply
from regiocluster.enterprises.scorecards import modernisation_needs
from regiocluster.enterprises.scorecards import scorecards as enterprise_scorecards
from regiocluster.enterprises.support import eligibility_summary, eligible_measures
from regiocluster.enterprises.technologies import TechnologyFit, technology_fit
from regiocluster.result import Figure, Result

__all__ = [
    "CaseEligibility",
    "case_eligibility",
    "case_members",
    "case_modernisation",
    "case_project_supply",
    "case_scorecards",
    "case_technology_fit",
    "eligibility",
    "projects",
    "scorecards",
    "technologies",
    "territory_of",
]


def territory_of(case: Case) -> tuple[str, ...]:
    """Return the case's territory regions (:attr:`Case.territory`; kept for old callers)."""
    return case.territory.regions


def case_members(case: Case, *, year: int | None = None) -> pd.DataFrame:
    """Members of the case's cluster in ``year``: :meth:`Case.members`, the one rule."""
    return case.members(year)


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
    year = case.check_year(year, "enterprise_finances")
    members = case_members(case, year=year)["enterprise_id"]
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
    return enterprise_scorecards(
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


# --- Results: what the CLI, the report and the portal render --------------------------

_ENTERPRISES = ("enterprises", "industries", "regions", "supply_links")


def eligibility(case: Case, *, year: int | None = None) -> Result:
    """Support-measure eligibility of the members (:func:`case_eligibility`) as a Result.

    Returns
    -------
    Result
        Frames ``summary`` (per measure) and ``pairs`` (enterprise × measure);
        figures ``members``, ``measures``, ``members_eligible`` (members that
        qualify for at least one measure).

    Examples
    --------
    >>> from regiocluster import load_case
    >>> r = eligibility(load_case("leningrad"))
    >>> r.value("members_eligible") <= r.value("members")
    True
    """
    e = case_eligibility(case, year=year)
    members = e.pairs[e.pairs["member"]]
    n = int(members["enterprise_id"].nunique())
    ok = int(members.loc[members["eligible"], "enterprise_id"].nunique())
    return Result(
        "enterprises.eligibility",
        frames={"summary": e.summary, "pairs": e.pairs},
        figures=(
            Figure("members", n, "count", "Members tested", "Проверено участников"),
            Figure("measures", len(e.summary), "count", "Support measures", "Меры поддержки"),
            Figure(
                "members_eligible",
                ok,
                "count",
                "Members eligible for at least one measure",
                "Участники, подходящие хотя бы под одну меру",
            ),
        ),  # fmt: skip
        sentences={
            "en": (
                f"{ok} of {n} members qualify for at least one of {len(e.summary)} "
                f"support measures in {e.year}.",
            ),
            "ru": (
                f"{ok} из {n} участников подходят хотя бы под одну из {len(e.summary)} "
                f"мер поддержки в {e.year} г.",
            ),
        },  # fmt: skip
        provenance=case.provenance(*_ENTERPRISES, "enterprise_finances", "support_measures"),
        year=e.year,
    )


def scorecards(case: Case, *, year: int | None = None) -> Result:
    """Scorecards of every enterprise and the plants' modernisation-need ranking.

    Returns
    -------
    Result
        Frames ``needs`` (plants, highest need first) and ``scorecards``;
        figures ``plants``, ``top_need`` (enterprise id), ``top_score``.
    """
    year = case.check_year(year, "enterprise_finances")
    needs = case_modernisation(case, year=year).sort_values("score", ascending=False)
    top = needs.iloc[0] if len(needs) else None
    return Result(
        "enterprises.scorecards",
        frames={"needs": needs.reset_index(drop=True), "scorecards": case_scorecards(case)},
        figures=(
            Figure("plants", len(needs), "count", "Plants ranked", "Предприятий в рейтинге"),
            Figure(
                "top_need",
                None if top is None else str(top["enterprise_id"]),
                "id",
                "Plant most in need of modernisation",
                "Больше всех нуждается в модернизации",
            ),
            Figure(
                "top_score",
                None if top is None else float(top["score"]),
                "score 0-100",
                "Its modernisation-need score",
                "Его балл потребности в модернизации",
            ),
        ),  # fmt: skip
        sentences={
            "en": (f"{len(needs)} plants ranked by modernisation need in {year}.",),
            "ru": (
                f"{len(needs)} предприятий ранжированы по потребности в модернизации в {year} г.",
            ),
        },  # fmt: skip
        provenance=case.provenance(*_ENTERPRISES, "enterprise_finances", "enterprise_products"),
        year=year,
    )


def projects(case: Case) -> Result:
    """Major projects' needs against the members' free capacity (:func:`case_project_supply`).

    Needs are never summed across products (tonnes, m³ and m² do not add);
    coverage is per project and product.

    Returns
    -------
    Result
        Frames ``by_project``, ``by_product``, ``allocations``; figures
        ``projects``, ``products_short`` (products with a shortfall in some year).
    """
    p = case_project_supply(case)
    short = p.by_product.loc[p.by_product["shortfall"] > 0, "product_id"].unique()
    n = int(p.by_project["project_id"].nunique())
    return Result(
        "enterprises.projects",
        frames={
            "by_project": p.by_project,
            "by_product": p.by_product,
            "allocations": p.allocations,
        },  # fmt: skip
        figures=(
            Figure("projects", n, "count", "Major projects", "Крупные проекты"),
            Figure(
                "products_short",
                len(short),
                "count",
                "Products the members cannot fully supply",
                "Продукты, которые участники не покрывают полностью",
            ),
        ),  # fmt: skip
        sentences={
            "en": (
                f"{n} major projects; the members' free capacity falls short in "
                f"{len(short)} products.",
            ),
            "ru": (
                f"{n} крупных проектов; свободных мощностей участников не хватает по "
                f"{len(short)} продуктам.",
            ),
        },  # fmt: skip
        provenance=case.provenance(
            *_ENTERPRISES,
            "major_projects",
            "project_needs",
            "enterprise_products",
            "market_balances",
        ),  # fmt: skip
    )


def technologies(case: Case, *, year: int | None = None) -> Result:
    """Fit of each technology to the cluster (:func:`case_technology_fit`) as a Result.

    Returns
    -------
    Result
        Frames ``scores`` (best fit first) and ``candidates``; figures
        ``technologies``, ``top_technology``, ``top_fit``.
    """
    t = case_technology_fit(case, year=year)
    scores = t.scores.sort_values("fit", ascending=False).reset_index(drop=True)
    top = scores.iloc[0] if len(scores) else None
    return Result(
        "enterprises.technologies",
        frames={"scores": scores, "candidates": t.candidates},
        figures=(
            Figure(
                "technologies", len(scores), "count", "Technologies assessed", "Оценено технологий"
            ),
            Figure(
                "top_technology",
                None if top is None else str(top["technology_id"]),
                "id",
                "Best-fitting technology",
                "Самая подходящая технология",
            ),
            Figure(
                "top_fit",
                None if top is None else float(top["fit"]),
                "score 0-100",
                "Its fit",
                "Её соответствие",
            ),
        ),  # fmt: skip
        sentences={
            "en": (
                f"{len(scores)} technologies assessed; best fit: "
                f"{None if top is None else top['name_en']}.",
            ),
            "ru": (
                f"Оценено технологий: {len(scores)}; лучшая: "
                f"{None if top is None else top['name_en']}.",
            ),
        },  # fmt: skip
        provenance=case.provenance(
            *_ENTERPRISES, "technologies", "enterprise_products", "project_needs", "market_balances"
        ),  # fmt: skip
        year=t.year,
    )
