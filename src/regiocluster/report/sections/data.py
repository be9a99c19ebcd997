"""Report section: the case's data, its sources and a map of what is where."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
from markupsafe import Markup, escape

from regiocluster.case.load import Case
from regiocluster.case.schema import TABLES
from regiocluster.geo import points_geojson, schematic_areas
from regiocluster.report.html import SUPPORT_COLOURS, synthetic_label
from regiocluster.report.maps import Layer, map_html
from regiocluster.report.registry import Section, register_section

KIND_COLOURS = {
    "producer": "#d62728",
    "raw_materials": "#8c564b",
    "equipment": "#9467bd",
    "services": "#17becf",
    "customer": "#1f77b4",
    **SUPPORT_COLOURS,
}


def table_summary(case: Case) -> pd.DataFrame:
    """One row per table: rows, columns, years covered, real or synthetic, source.

    Parameters
    ----------
    case : Case
        A loaded case.

    Returns
    -------
    pandas.DataFrame
        Columns ``table``, ``rows``, ``columns``, ``first_year``, ``last_year``,
        ``synthetic``, ``source``, ``description``.
    """
    rows = []
    for name, frame in case.tables.items():
        spec = TABLES[name]
        year_cols = [c.name for c in spec.columns if c.year] + [
            c for c in ("start_year", "end_year", "population_year") if c in frame.columns
        ]
        year_values = np.concatenate(
            [pd.to_numeric(frame[c], errors="coerce").to_numpy(dtype="float64") for c in year_cols]
            or [np.empty(0)]
        )
        years = pd.Series(year_values).dropna()
        rows.append(
            {
                "table": name,
                "rows": len(frame),
                "columns": frame.shape[1],
                "first_year": int(years.min()) if len(years) else None,
                "last_year": int(years.max()) if len(years) else None,
                "synthetic": case.is_synthetic(name),
                "source": case.table_source(name),
                "description": spec.description,
            }
        )
    return pd.DataFrame(rows)


def _summary_html(summary: pd.DataFrame) -> Markup:
    head = (
        "<tr><th>Table</th><th class='num'>Rows</th><th>Years</th><th>Data</th>"
        "<th>Source</th><th>What it holds</th></tr>"
    )
    body = []
    for rec in summary.to_dict("records"):
        first, last = rec["first_year"], rec["last_year"]
        years = f"{int(first)}–{int(last)}" if pd.notna(first) else "—"
        label = synthetic_label(rec["synthetic"])
        body.append(
            Markup(
                "<tr><td><code>{}</code></td><td class='num'>{:,}</td><td>{}</td><td>{}</td>"
                "<td>{}</td><td>{}</td></tr>"
            ).format(rec["table"], rec["rows"], years, label, rec["source"], rec["description"])
        )
    return Markup("<table>") + Markup(head) + Markup("").join(body) + Markup("</table>")


def case_layers(case: Case) -> list[Layer]:
    """Map layers of the case: schematic districts, regions, enterprises, sites, deposits."""
    regions = case.tables["regions"]
    bbox = case.meta.get("study_bbox", [27.0, 58.3, 36.5, 61.8])
    region_id = case.meta.get("region", "")
    districts = regions[regions["parent_id"] == region_id]
    layers: list[Layer] = []
    if len(districts) >= 3:
        layers.append(
            Layer(
                "Districts (schematic areas)",
                schematic_areas(
                    districts,
                    bbox,
                    extent_points=pd.concat(
                        [
                            case.tables[t][["lon", "lat"]]
                            for t in ("enterprises", "sites", "deposits")
                        ]
                        + [districts[["lon", "lat"]]]
                    ),
                ),
                color="#6b7c8f",
                popup_fields=("name_en", "name_ru", "schematic"),
                fill_opacity=0.25,
            )
        )
    local = regions[
        (regions["parent_id"] == region_id)
        | regions["region_id"].isin([region_id, *case.meta.get("partner_regions", [])])
    ]
    layers.append(
        Layer(
            "District centres",
            points_geojson(local, properties=["region_id", "name_en", "name_ru", "population"]),
            color="#1f3b57",
            popup_fields=("name_en", "name_ru", "population"),
            radius=4,
        )
    )
    enterprises = case.tables["enterprises"]
    layers.append(
        Layer(
            "Enterprises (synthetic)",
            points_geojson(
                enterprises, properties=["enterprise_id", "name", "kind", "okved", "size_class"]
            ),
            popup_fields=("name", "kind", "okved", "size_class"),
            color_by="kind",
            palette=KIND_COLOURS,
            radius=4,
        )
    )
    layers.append(
        Layer(
            "Candidate sites",
            points_geojson(
                case.tables["sites"],
                properties=["site_id", "name", "status", "area_ha", "industrial_park"],
            ),
            color="#e3a21a",
            popup_fields=("name", "status", "area_ha", "industrial_park"),
            radius=6,
        )
    )
    layers.append(
        Layer(
            "Mineral deposits",
            points_geojson(
                case.tables["deposits"], properties=["deposit_id", "name", "mineral", "reserves_mt"]
            ),
            color="#8c564b",
            popup_fields=("name", "mineral", "reserves_mt"),
            radius=4,
            visible=False,
        )
    )
    return layers


@register_section(key="data", title="Data and sources", order=0)
def data_section(case: Case) -> Section:
    """Build the section listing the tables, which are real and which synthetic, and a map."""
    summary = table_summary(case)
    card = ""
    assets: dict[str, bytes] = {}
    if case.path is not None and (case.path / "DATA_CARD.md").exists():
        assets["data/DATA_CARD.md"] = (case.path / "DATA_CARD.md").read_bytes()
        card = Markup(
            '<p>Full sources and methods: <a href="data/DATA_CARD.md">DATA_CARD.md</a>.</p>'
        )
    layers = case_layers(case)
    for layer in layers:
        slug = "_".join("".join(ch if ch.isalnum() else " " for ch in layer.name.lower()).split())
        assets[f"data/{slug}.geojson"] = json.dumps(layer.geojson, ensure_ascii=False).encode()
    intro = Markup(
        "<p>Case <b>{}</b>: {} tables, years {}–{}. Geography and public aggregates are real "
        "public facts; enterprise-level rows are synthetic, generated by a committed, seeded "
        "script and calibrated to those aggregates.</p>"
    ).format(case.name, len(case.tables), *case.years)
    html = (
        intro
        + card
        + _summary_html(summary)
        + Markup("<h3>Map</h3>")
        + map_html(
            layers,
            note="District areas are schematic (Voronoi cells of district centres); "
            "no tile server is used. GeoJSON layers are in the data/ folder.",
        )
    )
    return Section(key="data", title="Data and sources", html=str(escape(html)), assets=assets)
