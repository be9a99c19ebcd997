"""Report section "Sites and plant locations": ranked sites, the optimal plan, IO impact."""

from __future__ import annotations

import json

import pandas as pd
from markupsafe import Markup

from regiocluster.case.load import Case
from regiocluster.inputoutput.impact import interregional_flows, plant_impact, sector_summary
from regiocluster.report.maps import Layer, map_html
from regiocluster.report.registry import Section, register_section
from regiocluster.siting import (
    CRITERIA,
    FreightNetwork,
    LocationProblem,
    locate_plants,
    plants_geojson,
    rank_sites,
    service_areas_geojson,
    sites_geojson,
)

KEY = "siting"
TITLE = "Sites and plant locations; Leningrad Oblast and St. Petersburg"
FOCUS_PRODUCT = "cement"
PLANTS = 3
DRAWS = 300


def _table(frame: pd.DataFrame, columns: list[tuple[str, str, str]]) -> Markup:
    """Render ``frame`` as an HTML table; columns are (column, header, format)."""
    head = Markup("").join(Markup("<th>{}</th>").format(header) for _, header, _ in columns)
    body = []
    for record in frame.to_dict("records"):
        cells = []
        for column, _, fmt in columns:
            value = record.get(column)
            if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
                text = ""
            elif fmt:
                text = format(value, fmt)
            else:
                text = str(value)
            css = " class='num'" if fmt else ""
            cells.append(Markup("<td{}>{}</td>").format(Markup(css), text))
        body.append(Markup("<tr>{}</tr>").format(Markup("").join(cells)))
    return Markup("<table class='data'><thead><tr>{}</tr></thead><tbody>{}</tbody></table>").format(
        head, Markup("").join(body)
    )


def _product_summary(case: Case, network: FreightNetwork) -> tuple[pd.DataFrame, dict]:
    products = case.tables["products"]
    rows, rankings = [], {}
    for product_id, name in zip(products["product_id"], products["name_en"], strict=True):
        ranking = rank_sites(case, product_id, draws=DRAWS, network=network)
        rankings[product_id] = ranking
        top = ranking.eligible.head(3)
        rows.append(
            {
                "product": name,
                "raw_material": products.set_index("product_id").loc[product_id, "raw_material"]
                or "",
                "eligible": int(ranking.table["eligible"].sum()),
                "sites": len(ranking.table),
                "best": "; ".join(
                    f"{site} {row['name']} ({row['topsis']:.3f}, "
                    f"same rank {row['p_same_rank']:.0%})"
                    for site, row in top.iterrows()
                ),
            }
        )
    return pd.DataFrame(rows), rankings


@register_section(key=KEY, title=TITLE, order=50)
def siting_section(case: Case) -> Section:
    """Ranked candidate sites per product with reasons, the least-cost plan, and IO impact."""
    needed = ("sites", "transport_nodes", "transport_links", "products", "market_balances")
    if any(t not in case.tables or case.tables[t].empty for t in needed):
        html = Markup("<p>The case has no candidate sites or transport network.</p>")
        return Section(key=KEY, title=TITLE, html=str(html))
    network = FreightNetwork.from_case(case)
    summary, rankings = _product_summary(case, network)
    focus = FOCUS_PRODUCT if FOCUS_PRODUCT in rankings else next(iter(rankings))
    ranking = rankings[focus]
    sites = case.tables["sites"].set_index("site_id")
    plans = {}
    problem = LocationProblem.from_case(case, focus, network=network)
    for p in range(1, 6):
        try:
            plans[p] = locate_plants(case, focus, p, problem=problem)
        except ValueError:
            break
    plan = plans.get(PLANTS) or plans[max(plans)]
    plan_curve = pd.DataFrame(
        {
            "p": list(plans),
            "sites": [", ".join(map(str, plans[p].sites)) for p in plans],
            "cost_per_tonne": [plans[p].cost_per_tonne for p in plans],
            "total": [plans[p].objective / 1e6 for p in plans],
            "status": [plans[p].status for p in plans],
        }
    )
    served = (
        plan.assignment.groupby("site")
        .agg(points=("name", lambda names: ", ".join(map(str, names))), tonnes=("tonnes", "sum"))
        .reset_index()
    )
    served["name"] = served["site"].map(sites["name"])
    layers_json = {
        "sites": sites_geojson(ranking),
        "plants": plants_geojson(plan, sites),
        "service_areas": service_areas_geojson(plan, sites),
    }
    layers = [
        Layer(
            f"Service areas ({focus}, p = {len(plan.sites)})",
            layers_json["service_areas"],
            color="#ff7f0e",
            popup_fields=("site_id", "kind", "name", "tonnes", "cost_rub_per_t"),
            fill_opacity=0.15,
        ),
        Layer(
            f"Candidate sites for {focus}",
            layers_json["sites"],
            color="#1f77b4",
            popup_fields=("site_id", "name", "rank", "topsis", "p_same_rank", "reason"),
            color_by="eligible",
            palette={"true": "#2ca02c", "false": "#bbbbbb", "True": "#2ca02c", "False": "#bbbbbb"},
        ),
        Layer(
            "Chosen plants",
            layers_json["plants"],
            color="#d62728",
            popup_fields=("site_id", "name", "tonnes_served", "mean_delivery_cost_rub_per_t"),
            radius=9,
        ),
    ]
    top = ranking.eligible.head(10).reset_index()
    excluded = ranking.table[~ranking.table["eligible"]].reset_index()
    weights = ranking.weights.rename(index=lambda k: CRITERIA[k].label).reset_index()
    weights.columns = ["criterion", "weight"]

    impact = plant_impact(case, sector="CMT", output=5.0, product=focus)
    region_names = case.tables["regions"].set_index("region_id")["name_en"]
    impact_rows = pd.DataFrame(
        {
            "region": [region_names.get(r, r) for r in impact.impact.output.index],
            "output": impact.impact.output.sum(axis=1).to_numpy(),
            "income": impact.impact.income.to_numpy(),
            "jobs": impact.impact.employment.to_numpy() * 1000,
        }
    )
    multipliers = sector_summary(case).reset_index(names="sector")
    flows = interregional_flows(case)
    between = (
        flows[flows["from_region"] != flows["to_region"]]
        .groupby(["from_region", "to_region"], as_index=False)["value"]
        .sum()
    )
    products_between = flows[
        (flows["from_region"] != flows["to_region"]) & (flows["product_id"] != "services")
    ].head(8)

    assets = {
        f"{KEY}/sites_{focus}.geojson": json.dumps(
            layers_json["sites"], ensure_ascii=False
        ).encode(),
        f"{KEY}/plants_{focus}.geojson": json.dumps(
            layers_json["plants"], ensure_ascii=False
        ).encode(),
        f"{KEY}/service_areas_{focus}.geojson": json.dumps(
            layers_json["service_areas"], ensure_ascii=False
        ).encode(),
        f"{KEY}/site_rankings.csv": pd.concat(
            [r.table.assign(product_id=pid) for pid, r in rankings.items()]
        )
        .to_csv()
        .encode(),
    }
    parts = [
        Markup(
            "<p>Every candidate site is first screened against hard constraints (land category, "
            "plot size, protected and water-protection zones, the sanitary protection distance "
            "from housing for the product's hazard class); each exclusion states its reason. "
            "Eligible sites are scored on transport cost to the nearest deposit of the product's "
            "raw material and to the market (demand-weighted, rub per tonne on the road-rail-sea "
            "network), rail siding, port access, power, gas, water and population within 60 "
            "minutes, and ranked by TOPSIS. <i>Same rank</i> is the share of {} Monte Carlo "
            "weight draws that leave a site's rank unchanged. Site attributes are synthetic "
            "(illustrative) on real industrial-park names; sanitary distances and plot sizes are "
            "indicative defaults.</p>"
        ).format(DRAWS),
        Markup("<h3>Best sites for each product</h3>"),
        _table(
            summary,
            [
                ("product", "Product", ""),
                ("raw_material", "Raw material", ""),
                ("eligible", "Eligible", "d"),
                ("sites", "Sites", "d"),
                ("best", "Top three (TOPSIS, rank stability)", ""),
            ],
        ),
        Markup("<h3>Reasons for the leading sites of every product</h3>"),
        Markup("").join(
            Markup(
                "<details><summary>{} — top five sites with reasons</summary>{}</details>"
            ).format(
                name,
                _table(
                    rankings[pid].eligible.head(5).reset_index(),
                    [
                        ("rank", "Rank", ""),
                        ("site_id", "Site", ""),
                        ("name", "Name", ""),
                        ("topsis", "TOPSIS", ".3f"),
                        ("p_same_rank", "Same rank", ".0%"),
                        ("reason", "Reason", ""),
                    ],
                ),
            )
            for pid, name in zip(
                case.tables["products"]["product_id"],
                case.tables["products"]["name_en"],
                strict=True,
            )
            if pid != focus
        ),
        Markup("<h3>Ranked sites for {} with reasons</h3>").format(focus),
        _table(weights, [("criterion", "Criterion", ""), ("weight", "Weight", ".2f")]),
        _table(
            top,
            [
                ("rank", "Rank", ""),
                ("site_id", "Site", ""),
                ("name", "Name", ""),
                ("topsis", "TOPSIS", ".3f"),
                ("weighted_sum", "Weighted sum", ".3f"),
                ("p_same_rank", "Same rank", ".0%"),
                ("p_top3", "In top 3", ".0%"),
                ("reason", "Reason", ""),
            ],
        ),
        Markup("<details><summary>{} excluded sites and why</summary>{}</details>").format(
            len(excluded),
            _table(
                excluded, [("site_id", "Site", ""), ("name", "Name", ""), ("exclusion", "Why", "")]
            ),
        ),
        Markup("<h3>Least-cost plant plan for {}</h3>").format(focus),
        Markup(
            "<p>Exact p-median over the eligible sites: demand points are Leningrad Oblast's "
            "districts (the oblast's consumption split by housing completions) and St. "
            "Petersburg, weighted by {} consumption in tonnes ({}); costs are the cheapest "
            "multimodal route in rub per tonne. The plan for p = {} serves the market at a mean "
            "{:,.0f} rub per tonne.</p>"
        ).format(focus, plan.year, len(plan.sites), plan.cost_per_tonne),
        _table(
            plan_curve,
            [
                ("p", "Plants", "d"),
                ("sites", "Sites", ""),
                ("cost_per_tonne", "Mean delivery, rub/t", ",.0f"),
                ("total", "Transport, mln rub/yr", ",.1f"),
                ("status", "Status", ""),
            ],
        ),
        _table(
            served,
            [
                ("site", "Plant", ""),
                ("name", "Name", ""),
                ("points", "Serves", ""),
                ("tonnes", "Tonnes", ",.0f"),
            ],
        ),
        map_html(
            layers,
            note=f"Layers: {KEY}/sites_{focus}.geojson, {KEY}/plants_{focus}.geojson, "
            f"{KEY}/service_areas_{focus}.geojson (EPSG:4326). Green: eligible sites.",
        ),
        Markup("<h3>Leningrad Oblast and St. Petersburg</h3>"),
        Markup(
            "<p>Supply links between the two regions in {} (mln rub; synthetic enterprise "
            "links):</p>"
        ).format(flows.attrs.get("year", "")),
        _table(
            between,
            [("from_region", "From", ""), ("to_region", "To", ""), ("value", "Value", ",.1f")],
        ),
        _table(
            products_between,
            [
                ("product_id", "Product", ""),
                ("from_region", "From", ""),
                ("to_region", "To", ""),
                ("value", "Value", ",.1f"),
            ],
        ),
        Markup(
            "<p>Impact of a new construction-materials plant (sector CMT) producing 5 bn rub a "
            "year in Leningrad Oblast, from a two-region input-output model regionalised from "
            "the national table by Flegg's location quotient (δ = 0.3): output multiplier "
            "{:.3f} in the two regions against {:.3f} nationally (the rest leaks to other "
            "regions and imports). The national table is synthetic (see the data card).</p>"
        ).format(impact.impact.output_multiplier, impact.national_multiplier),
        _table(
            impact_rows,
            [
                ("region", "Region", ""),
                ("output", "Output, bn rub", ",.2f"),
                ("income", "Labour income, bn rub", ",.2f"),
                ("jobs", "Jobs", ",.0f"),
            ],
        ),
        Markup("<h3>Multipliers and linkages (national table)</h3>"),
        _table(
            multipliers,
            [
                ("sector", "Sector", ""),
                ("output_multiplier", "Output", ".3f"),
                ("income_multiplier", "Income (Type I)", ".3f"),
                ("employment_multiplier", "Employment (Type I)", ".3f"),
                ("backward", "Backward linkage", ".3f"),
                ("forward", "Forward linkage", ".3f"),
                ("key_sector", "Key sector", ""),
            ],
        ),
    ]
    return Section(key=KEY, title=TITLE, html=str(Markup("\n").join(parts)), assets=assets)
