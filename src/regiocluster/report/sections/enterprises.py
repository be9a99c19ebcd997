"""Chapters 3, 4, 5 and 7 — support measures, technologies, major projects, modernisation.

They read the enterprises package's case-level analyses (eligibility,
technology fit, project supply, modernisation), each computed once per build.
"""

from __future__ import annotations

import pandas as pd

from regiocluster.case.load import Case
from regiocluster.enterprises import (
    case_eligibility,
    case_modernisation,
    case_project_supply,
    case_technology_fit,
)
from regiocluster.report.compose import (
    classifier_names,
    findings_of,
    named,
    product_names,
    top,
)
from regiocluster.report.model import N_, Chapter, Chart, Column, Finding, Series, Table
from regiocluster.report.registry import provided, register_chapter
from regiocluster.report.results import ResultBook, frame_result
from regiocluster.result import Result

LEVEL_NAMES = {
    "federal": N_("federal"),
    "regional": N_("regional"),
    "international": N_("international"),
    "municipal": N_("municipal"),
}
INSTRUMENT_NAMES = {
    "grant": N_("grant"),
    "loan": N_("loan"),
    "tax": N_("tax relief"),
    "guarantee": N_("guarantee"),
    "infrastructure": N_("infrastructure"),
    "consulting": N_("consulting"),
    "equity": N_("equity"),
    "subsidy": N_("subsidy"),
    "leasing": N_("leasing"),
}
#: A modernisation score at or above this marks a plant for renovation.
RENOVATION_SCORE = 60.0


def _results(case: Case, book: ResultBook) -> dict[str, Result]:
    # until enterprises.case returns Results
    def run() -> dict[str, Result]:
        e = case_eligibility(case)
        year = int(e.year)
        members = case.members()
        prov = case.provenance(
            "enterprises", "enterprise_finances", "support_measures", rows={"enterprises": members}
        )
        fit = case_technology_fit(case, year=year)
        supply = case_project_supply(case)
        needs = case_modernisation(case, year=year)
        return {
            "support": frame_result(
                "enterprises.eligibility", {"summary": e.summary, "pairs": e.pairs}, prov, year=year
            ),
            "technologies": frame_result(
                "enterprises.technologies",
                {"scores": fit.scores},
                prov.merge(case.provenance("technologies")),
                year=year,
            ),
            "projects": frame_result(
                "enterprises.projects",
                {"by_product": supply.by_product, "by_project": supply.by_project},
                case.provenance("major_projects", "project_needs", "enterprise_products"),
                year=year,
            ),
            "modernisation": frame_result(
                "enterprises.modernisation", {"scores": needs}, prov, year=year
            ),
        }

    results = book.once("enterprises", run)
    for r in results.values():
        book.add(r)
    return results


@register_chapter(
    key="support", title=N_("Support measures and international experience"), order=30
)
def support(case: Case, book: ResultBook) -> Chapter:
    """Chapter 3: which members qualify for which measures."""
    result = _results(case, book)["support"]
    measures = classifier_names(case, "support_measures", "measure_id")
    summary = result.frames["summary"].copy()
    summary["measure"] = named(summary, "measure_id", measures)
    summary["level_name"] = summary["level"].map(lambda v: LEVEL_NAMES.get(v, v))
    summary["instrument_name"] = summary["instrument"].map(lambda v: INSTRUMENT_NAMES.get(v, v))
    summary = summary.sort_values(["eligible", "measure_id"], ascending=[False, True])
    findings, recs = [], []
    for row in top(summary, "eligible", 3).itertuples():
        n = book.cell(
            result,
            f"{row.measure_id}.eligible",
            int(row.eligible),
            "count",
            label="Members eligible",
        )
        findings.append(
            Finding("{n} members qualify for {measure}.", {"n": n, "measure": row.measure})
        )
        recs.append(
            Finding(
                "Prepare applications of the {n} eligible members for {measure}.",
                {"n": n, "measure": row.measure},
                kind="plan",
            )
        )
    none = summary[summary["eligible"] == 0]
    count = book.cell(
        result,
        "measures_without_eligible",
        len(none),
        "count",
        label="Measures no member qualifies for",
    )
    findings.append(Finding("No member qualifies for {n} of the case's measures.", {"n": count}))
    extra = provided("support", case)
    findings += findings_of(case, book, extra)
    blocks: list = [
        Table(
            "support.measures",
            N_("Support measures and the members that qualify"),
            (
                Column("measure", N_("Measure"), "name"),
                Column("level_name", N_("Level"), "message"),
                Column("instrument_name", N_("Instrument"), "message"),
                Column("eligible", N_("Members eligible"), "int"),
                Column("share", N_("Share of members, %"), "share"),
            ),
            summary,
            limit=None,
            illustrative=result.illustrative,
        )
    ]
    return Chapter(
        "support",
        N_("Support measures and international experience"),
        findings=findings,
        blocks=blocks,
        recommendations=recs,
        intro=N_(
            "Each member is tested against each measure's conditions: industry, size, "
            "revenue, investment, region and membership of a cluster."
        ),
        pending=""
        if extra
        else N_(
            "International experience of cluster support is being added as a sourced case "
            "table; this chapter shows it when it is available."
        ),
        illustrative=result.illustrative,
    )


@register_chapter(key="technologies", title=N_("Technologies"), order=40)
def technologies(case: Case, book: ResultBook) -> Chapter:
    """Chapter 4: technologies ranked by their fit with the cluster."""
    result = _results(case, book)["technologies"]
    names = classifier_names(case, "technologies", "technology_id")
    scores = result.frames["scores"].copy()
    scores["name"] = named(scores, "technology_id", names)
    scores["product"] = named(scores, "product_id", product_names(case))
    scores = scores.sort_values("fit", ascending=False)
    findings, recs = [], []
    for row in scores.head(3).itertuples():
        fit = book.cell(
            result, f"{row.technology_id}.fit", float(row.fit), "score", label="Fit score (0-100)"
        )
        findings.append(
            Finding(
                "{technology} fits the cluster best: fit score {fit}.",
                {"technology": row.name, "fit": fit},
            )
        )
        recs.append(
            Finding(
                "Test {technology} jointly at the test site and in the Smart House (fit score"
                " {fit}).",
                {"technology": row.name, "fit": fit},
                kind="research",
            )
        )
    head = scores.head(12)
    return Chapter(
        "technologies",
        N_("Technologies"),
        findings=findings,
        blocks=[
            Chart(
                "technologies.fit",
                N_("Technologies by fit with the cluster"),
                "barh",
                [Series(N_("Fit score"), list(head["name"]), list(head["fit"]))],
                N_("Fit score (0–100)"),
                N_("Technology"),
                illustrative=result.illustrative,
            ),
            Table(
                "technologies.scores",
                N_("Technologies: fit, readiness and demand"),
                (
                    Column("name", N_("Technology"), "name"),
                    Column("product", N_("Product"), "name"),
                    Column("trl", N_("Readiness level (TRL)"), "int"),
                    Column("producers", N_("Members in its industry"), "int"),
                    Column("fit", N_("Fit score (0–100)"), "number", digits=1),
                ),
                scores,
                illustrative=result.illustrative,
            ),
        ],
        recommendations=recs,
        intro=N_(
            "A technology fits when members work in its industry or make its product, the "
            "product's demand grows, and the technology is ready (TRL)."
        ),
        illustrative=result.illustrative,
    )


@register_chapter(key="projects", title=N_("Major projects and state corporations"), order=50)
def projects(case: Case, book: ResultBook) -> Chapter:
    """Chapter 5: how much of the major projects' needs the cluster's free capacity covers."""
    result = _results(case, book)["projects"]
    names = product_names(case)
    units = case.tables["products"].set_index("product_id")["unit"]
    by_product = result.frames["by_product"]
    year = int(result.year or by_product["year"].max())
    now = by_product[by_product["year"] == year].copy()
    now["product"] = named(now, "product_id", names)
    now["unit"] = now["product_id"].map(units)
    findings, recs = [], []
    short = now[now["shortfall"] > 0]
    for row in top(short, "shortfall", 2).itertuples():
        cover = book.cell(
            result,
            f"{row.product_id}.coverage_{year}",
            float(row.coverage),
            "share",
            label="Share of the projects' need covered by free capacity",
        )
        findings.append(
            Finding(
                "Free capacity of members covers {share} of the major projects' need for "
                "{product}.",
                {"share": cover, "product": row.product},
            )
        )
        recs.append(
            Finding(
                "Invite the owners of major projects to the suppliers' conference for "
                "{product}, where members cover {share} of their need.",
                {"product": row.product, "share": cover},
                kind="forum",
            )
        )
    for col in ("production", "free_capacity", "need"):
        if col in now:
            now[col] = now[col] / 1000
    return Chapter(
        "projects",
        N_("Major projects and state corporations"),
        findings=findings,
        blocks=[
            _projects_table(case),
            Table(
                "projects.coverage",
                N_("The projects' needs and the members' free capacity"),
                (
                    Column("product", N_("Product"), "name"),
                    Column("unit", N_("Unit, thousand"), "unit"),
                    Column("need", N_("Need"), "number"),
                    Column("free_capacity", N_("Free capacity"), "number"),
                    Column("coverage", N_("Covered, %"), "share"),
                ),
                now.sort_values("coverage"),
                limit=None,
                illustrative=result.illustrative,
            ),
        ],
        recommendations=recs,
        intro=N_(
            "Each project's yearly need for materials is allocated to the nearest members "
            "with free capacity."
        ),
        illustrative=result.illustrative,
    )


@register_chapter(
    key="modernisation",
    title=N_("Modernisation, new enterprises and innovation infrastructure"),
    order=70,
)
def modernisation(case: Case, book: ResultBook) -> Chapter:
    """Chapter 7: modernisation; new enterprises and infrastructure when provided."""
    result = _results(case, book)["modernisation"]
    scores = result.frames["scores"].sort_values("score", ascending=False).copy()
    renovate = scores[scores["score"] >= RENOVATION_SCORE]
    n = book.cell(
        result,
        "renovation_candidates",
        len(renovate),
        "count",
        label=f"Plants with a modernisation score of {RENOVATION_SCORE:.0f} or more",
    )
    bottleneck = book.cell(
        result,
        "bottlenecks",
        int(scores["bottleneck"].sum()),
        "count",
        label="Plants working near full capacity",
    )
    threshold = book.cell(
        result,
        "renovation_threshold",
        RENOVATION_SCORE,
        "score",
        label="Modernisation score that marks a plant for renovation",
    )
    findings = [
        Finding(
            "{n} plants score {threshold} or more on modernisation need (worn assets, low "
            "productivity).",
            {"n": n, "threshold": threshold},
        ),
        Finding(
            "{n} plants work so close to their capacity that it limits their output.",
            {"n": bottleneck},
        ),
    ]
    recs = (
        [
            Finding(
                "Include the renovation of the {n} plants most in need in the joint "
                "infrastructure projects.",
                {"n": n},
                kind="infrastructure",
            )
        ]
        if len(renovate)
        else []
    )
    extra = provided("modernisation", case)
    findings += findings_of(case, book, extra)
    blocks: list = [_modernisation_table(result, scores)]
    return Chapter(
        "modernisation",
        N_("Modernisation, new enterprises and innovation infrastructure"),
        findings=findings,
        blocks=blocks,
        recommendations=recs,
        intro=N_(
            "Each plant is compared with its peers in the same industry on asset wear, labour"
            " productivity and capacity use."
        ),
        pending=""
        if extra
        else N_(
            "Recommendations on new enterprises and the inventory of innovation "
            "infrastructure are being added; this chapter shows them when they are available."
        ),
        illustrative=result.illustrative,
    )


def _projects_table(case: Case) -> Table:
    """Return the table of the region's major projects."""
    frame = case.tables["major_projects"].copy()
    frame["region"] = named(frame, "region_id", classifier_names(case, "regions", "region_id"))
    for col in ("name", "owner"):
        frame[col] = frame[col].astype(str)
    return Table(
        "projects.list",
        N_("Major projects of the region"),
        (
            Column("name", N_("Project"), "text"),
            Column("owner", N_("Owner"), "text"),
            Column("region", N_("District"), "name"),
            Column("start_year", N_("Start"), "year"),
            Column("end_year", N_("End"), "year"),
        ),
        frame,
        limit=None,
    )


def _modernisation_table(result: Result, scores: pd.DataFrame) -> Table:
    """Return the plants most in need of modernisation, with their scores."""
    return Table(
        "modernisation.scores",
        N_("Plants most in need of modernisation"),
        (
            Column("name", N_("Enterprise"), "text"),
            Column("okved", N_("OKVED code"), "text"),
            Column("asset_wear", N_("Asset wear, %"), "share"),
            Column("utilisation", N_("Capacity use, %"), "share"),
            Column("score", N_("Need score (0–100)"), "number", digits=1),
        ),
        scores,
        illustrative=result.illustrative,
    )
