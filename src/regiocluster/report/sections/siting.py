"""Chapter 6 — interregional cooperation and sites for new production."""

from __future__ import annotations

import pandas as pd

from regiocluster.case.load import Case
from regiocluster.geo import points_geojson
from regiocluster.inputoutput.impact import interregional_flows
from regiocluster.report.compose import classifier_names, named, product_names, region_names
from regiocluster.report.model import N_, Chapter, Column, Finding, Map, MapLayer, Name, Table
from regiocluster.report.registry import register_chapter
from regiocluster.report.results import ResultBook, frame_result
from regiocluster.report.sections.structure import district_layer
from regiocluster.result import Result
from regiocluster.siting import FreightNetwork, rank_sites

KEY = "siting"
#: Monte Carlo draws of the weights for the rank stability of each site.
DRAWS = 300


def rankings(case: Case, book: ResultBook) -> Result:
    """Every product's ranked sites, computed once per build."""

    # until siting.case lands
    def run() -> Result:
        network = FreightNetwork.from_case(case)
        frames = {}
        for product_id in case.tables["products"]["product_id"]:
            ranking = rank_sites(case, product_id, draws=DRAWS, network=network)
            frames[str(product_id)] = ranking.table
        return frame_result(
            "siting.rankings",
            frames,
            case.provenance("sites", "enterprises", "deposits", "transport_links"),
            year=case.year,
        )

    return book.add(book.once("siting.rankings", run))


def top_site(book: ResultBook, result: Result, product_id: str) -> tuple[str, str, object] | None:
    """Return the leading eligible site of a product: (site id, name, its TOPSIS score Number)."""
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
    return site_id, str(eligible["name"].iloc[0]), score


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


@register_chapter(key=KEY, title=N_("Interregional cooperation and sites"), order=60)
def compose(case: Case, book: ResultBook) -> Chapter:
    """Chapter 6: flows between the regions, each product's leading site, the sites map."""
    result = rankings(case, book)
    flow_result, between = _flows(case, book)
    regions = region_names(case)
    products = product_names(case)
    findings = []
    for row in between.sort_values("value", ascending=False).itertuples():
        value = book.cell(
            flow_result,
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
    rows, leaders = [], {}
    for product_id in case.tables["products"]["product_id"]:
        top = top_site(book, result, str(product_id))
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
    leading = pd.DataFrame(rows)
    if leaders:
        best = max(leaders, key=lambda s: leaders[s])
        count = book.cell(
            result,
            f"leading_site.{best}",
            leaders[best],
            "count",
            label="Products for which the site ranks first",
        )
        name = str(case.tables["sites"].set_index("site_id").loc[best, "name"])
        findings.insert(
            0,
            Finding(
                "{site} ranks first for {n} products.", {"site": Name(best, name, name), "n": count}
            ),
        )
    sites = case.tables["sites"].copy()
    sites["region"] = named(sites, "region_id", classifier_names(case, "regions", "region_id"))
    layers = [layer] if (layer := district_layer(case)) else []
    layers.append(
        MapLayer(
            N_("Candidate sites"),
            points_geojson(sites[~sites["site_id"].isin(leaders)], properties=["name", "area_ha"]),
            colour="#e3a21a",
            popup_fields=("name", "area_ha"),
            radius=4,
        )
    )
    layers.append(
        MapLayer(
            N_("Leading sites"),
            points_geojson(sites[sites["site_id"].isin(leaders)], properties=["name", "area_ha"]),
            colour="#d62728",
            label_field="name",
            popup_fields=("name", "area_ha"),
            radius=7,
        )
    )
    return Chapter(
        KEY,
        N_("Interregional cooperation and sites"),
        findings=findings,
        blocks=[
            Map(
                f"{KEY}.sites",
                N_("Candidate sites and the leading ones"),
                layers,
                note=N_(
                    "District areas are schematic (Voronoi cells around district centres), "
                    "not legal boundaries."
                ),
                illustrative=result.illustrative,
            ),
            Table(
                f"{KEY}.leaders",
                N_("The leading site of each product"),
                (
                    Column("product", N_("Product"), "name"),
                    Column("site", N_("Site"), "text"),
                    Column("topsis", N_("TOPSIS closeness (0–1)"), "number", digits=3),
                ),
                leading,
                limit=None,
                illustrative=result.illustrative,
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
