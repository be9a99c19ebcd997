"""Chapter 6 — interregional cooperation and sites for new production."""

from __future__ import annotations

import pandas as pd

from regiocluster.case.load import Case
from regiocluster.inputoutput.impact import interregional_flows
from regiocluster.report.compose import named, product_names, region_names, site_names, site_points
from regiocluster.report.model import (
    N_,
    Chapter,
    Column,
    Finding,
    Map,
    MapLayer,
    Name,
    Number,
    Table,
)
from regiocluster.report.registry import register_chapter
from regiocluster.report.results import ResultBook, frame_result
from regiocluster.report.sections.context import excluded_sites
from regiocluster.report.sections.structure import district_layer
from regiocluster.result import Figure, Result
from regiocluster.siting import FreightNetwork, LocationProblem, locate_plants
from regiocluster.siting.case import SHARED_DRAWS, network, ranked

KEY = "siting"
#: The product of the least-cost plant plan, and its number of new plants.
FOCUS_PRODUCT = "cement"
PLANTS = 3


def network_of(case: Case, book: ResultBook) -> FreightNetwork:
    """Return the case's freight network (:func:`regiocluster.siting.case.network`)."""
    return network(case)


def rankings(case: Case, book: ResultBook) -> Result:
    """Return every product's ranked sites (the shared :func:`regiocluster.siting.case.ranked`)."""

    def run() -> Result:
        frames = {str(p): ranked(case, str(p)).table for p in case.tables["products"]["product_id"]}
        return frame_result(
            "siting.rankings",
            frames,
            case.provenance("sites", "enterprises", "deposits", "transport_links"),
            year=case.year,
            options={"draws": SHARED_DRAWS},
        )

    return book.add(book.once("siting.rankings", run))


def top_site(
    case: Case, book: ResultBook, result: Result, product_id: str
) -> tuple[str, Name, Number] | None:
    """Return the leading eligible site of a product: (site id, its Name, TOPSIS score Number)."""
    table = result.frames.get(product_id)
    if table is None:
        return None
    eligible = table[table["eligible"]].sort_values("rank")
    if eligible.empty:
        return None
    site_id = str(eligible.index[0])
    score = book.cell(
        result,
        f"{product_id}.{site_id}.topsis",
        float(eligible["topsis"].iloc[0]),
        "score",
        label="TOPSIS closeness of the leading site",
    )
    return site_id, site_names(case)[site_id], score


def _flows(case: Case, book: ResultBook) -> tuple[Result, pd.DataFrame]:
    # until inputoutput.case lands
    def run() -> Result:
        return frame_result(
            "inputoutput.flows",
            {"flows": interregional_flows(case)},
            case.provenance("io_flows", "supply_links"),
            year=case.year,
        )

    result = book.add(book.once("inputoutput.flows", run))
    flows = result.frames["flows"]
    between = flows[flows["from_region"] != flows["to_region"]]
    return result, between.groupby(["from_region", "to_region"], as_index=False)["value"].sum()


def plant_plan(case: Case, book: ResultBook) -> Result:
    """Return the least-cost plan of new plants for the focus product (p-median)."""

    # until siting.case lands
    def run() -> Result:
        problem = LocationProblem.from_case(case, FOCUS_PRODUCT, network=network_of(case, book))
        plan = locate_plants(case, FOCUS_PRODUCT, PLANTS, problem=problem)
        served = plan.assignment.groupby("site", as_index=False)["tonnes"].sum()
        figures = (
            Figure("plants", len(plan.sites), "count", "New plants", "Новые заводы"),
            Figure(
                "cost_per_tonne",
                float(plan.cost_per_tonne),
                "rub_per_t",
                "Mean delivery cost",
                "Средняя стоимость доставки",
            ),
        )
        return Result(
            "siting.plan",
            frames={"served": served},
            figures=figures,
            provenance=case.provenance("sites", "transport_links", "market_balances"),
            year=int(plan.year),
            options={"product_id": FOCUS_PRODUCT, "p": PLANTS},
        )

    return book.add(book.once("siting.plan", run))


def _flow_findings(case: Case, book: ResultBook, result: Result, between: pd.DataFrame) -> list:
    regions = region_names(case)
    findings = []
    for row in between.sort_values("value", ascending=False).itertuples():
        value = book.cell(
            result,
            f"{row.from_region}.{row.to_region}",
            float(row.value),
            "mln_rub",
            label="Shipments between the cluster's regions",
        )
        findings.append(
            Finding(
                "Shipments from {origin} to {destination}: {value} a year.",
                {
                    "origin": regions[row.from_region],
                    "destination": regions[row.to_region],
                    "value": value,
                },
            )
        )
    return findings


def _leaders(case: Case, book: ResultBook, result: Result) -> tuple[pd.DataFrame, list]:
    """Each product's leading site, and a finding on the site that leads most often."""
    products = product_names(case)
    rows, leaders = [], {}
    for product_id in case.tables["products"]["product_id"]:
        top = top_site(case, book, result, str(product_id))
        if top is None:
            continue
        site_id, name, score = top
        leaders[site_id] = leaders.get(site_id, 0) + 1
        rows.append(
            {
                "product": products[str(product_id)],
                "site": name,
                "site_id": site_id,
                "topsis": score.value,
            }
        )
    findings = []
    if leaders:
        best = max(leaders, key=lambda s: leaders[s])
        count = book.cell(
            result,
            f"leading_site.{best}",
            leaders[best],
            "count",
            label="Products for which the site ranks first",
        )
        findings.append(
            Finding(
                "{site} ranks first for {n} products.",
                {"site": site_names(case)[best], "n": count},
            )
        )
    return pd.DataFrame(rows), findings


def _sites_map(case: Case, leading: pd.DataFrame, plan: Result, *, illustrative: bool) -> Map:
    sites = case.tables["sites"]
    chosen = set(leading["site_id"]) if len(leading) else set()
    planned = set(plan.frames["served"]["site"])
    layers = [layer] if (layer := district_layer(case)) else []
    others = sites[~sites["site_id"].isin(chosen | planned)]
    layers.append(
        MapLayer(
            N_("Candidate sites"),
            site_points(case, others["site_id"]),
            colour="#e3a21a",
            popup_fields=("name_{lang}", "area_ha"),
            radius=4,
        )
    )
    layers.append(
        MapLayer(
            N_("Leading sites"),
            site_points(case, chosen),
            colour="#d62728",
            label_field="name_{lang}",
            popup_fields=("name_{lang}", "area_ha"),
            radius=7,
        )
    )
    layers.append(
        MapLayer(
            N_("Plants of the least-cost plan for cement"),
            site_points(case, planned - chosen),
            colour="#2ca02c",
            label_field="name_{lang}",
            popup_fields=("name_{lang}", "area_ha"),
            radius=7,
        )
    )
    return Map(
        f"{KEY}.sites",
        N_("Candidate sites and the leading ones"),
        layers,
        note=N_(
            "District areas are schematic (Voronoi cells around district centres), not legal "
            "boundaries."
        ),
        illustrative=illustrative,
    )


def _excluded(case: Case, book: ResultBook, result: Result) -> tuple[Table, Finding]:
    """Return the focus product's excluded sites, and the finding that counts them."""
    excluded, n_excluded = excluded_sites(case, result, FOCUS_PRODUCT)
    finding = Finding(
        "{n} of {total} candidate sites are excluded for {product} by the hard constraints; "
        "the table gives each one's reasons.",
        {
            "product": product_names(case)[FOCUS_PRODUCT],
            "n": book.cell(result, f"{FOCUS_PRODUCT}.excluded", n_excluded, "count",
                           label="Sites excluded for the product"),
            "total": book.cell(result, "sites", len(case.tables["sites"]), "count",
                               label="Candidate sites"),
        },
    )  # fmt: skip
    return excluded, finding


@register_chapter(key=KEY, title=N_("Interregional cooperation and sites"), order=60)
def compose(case: Case, book: ResultBook) -> Chapter:
    """Chapter 6: flows between the regions, each product's leading site, the plan, the map."""
    result = rankings(case, book)
    plan = plant_plan(case, book)
    flow_result, between = _flows(case, book)
    leading, lead_findings = _leaders(case, book, result)
    regions = region_names(case)
    findings = [*lead_findings, *_flow_findings(case, book, flow_result, between)]
    findings.append(
        Finding(
            "A least-cost plan of {p} new cement plants delivers at {cost} on average.",
            {"p": book.ref(plan, "plants"), "cost": book.ref(plan, "cost_per_tonne")},
        )
    )
    excluded, finding = _excluded(case, book, result)
    findings.append(finding)
    served = plan.frames["served"].copy()
    served["name"] = named(served, "site", site_names(case))
    served["tonnes"] = served["tonnes"] / 1000
    return Chapter(
        KEY,
        N_("Interregional cooperation and sites"),
        findings=findings,
        blocks=[
            _sites_map(case, leading, plan, illustrative=result.illustrative),
            Table(
                f"{KEY}.leaders",
                N_("The leading site of each product"),
                (
                    Column("product", N_("Product"), "name"),
                    Column("site", N_("Site"), "name"),
                    Column("topsis", N_("TOPSIS closeness (0–1)"), "number", digits=3),
                ),
                leading,
                limit=None,
                illustrative=result.illustrative,
            ),
            excluded,
            Table(
                f"{KEY}.plan",
                N_("Least-cost plan for cement: the plants and the demand they serve"),
                (
                    Column("name", N_("Site"), "name"),
                    Column("tonnes", N_("Demand served"), "number", unit="t", thousands=True),
                ),
                served.sort_values("tonnes", ascending=False),
                limit=None,
                illustrative=plan.illustrative,
            ),
            Table(
                f"{KEY}.flows",
                N_("Shipments between the cluster's regions (input-output model)"),
                (
                    Column("origin", N_("From"), "name"),
                    Column("destination", N_("To"), "name"),
                    Column("value", N_("Value"), "number", unit="mln_rub"),
                ),
                between.assign(
                    origin=named(between, "from_region", regions),
                    destination=named(between, "to_region", regions),
                ),
                limit=None,
                illustrative=flow_result.illustrative,
            ),
        ],
        intro=N_(
            "Sites are screened (land category, area, protected zones, distance to housing) and "
            "ranked by TOPSIS on transport costs to raw materials and markets, rail, power, gas, "
            "water and labour; random weights test how stable each rank is."
        ),
        illustrative=result.illustrative,
    )
