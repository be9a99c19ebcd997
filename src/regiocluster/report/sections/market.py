"""Report section "Market": balances, demand by scenario to 2035, capacity gaps."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from markupsafe import Markup, escape

from regiocluster.case.load import Case
from regiocluster.market import (
    AGGLOMERATION,
    CEMENT_SATURATION_KG,
    national_context,
    outlook,
    world_context,
)
from regiocluster.report import charts
from regiocluster.report.registry import Section, register_section

SCENARIO_COLOURS = {
    "base": "#1f77b4",
    "optimistic": "#2ca02c",
    "pessimistic": "#d62728",
}
REGION_ORDER = ("RU-LEN", "RU-SPE", AGGLOMERATION, "RU")


def _fmt(value: object, kind: str) -> str:
    if value is None or (isinstance(value, float) and not np.isfinite(value)) or pd.isna(value):
        return "–"
    v = float(value)
    if kind == "pct":
        return f"{100 * v:.0f}%"
    if kind == "pct1":
        return f"{100 * v:.1f}%"
    if kind == "k":
        return f"{v / 1000:,.0f}"
    if kind == "int":
        return f"{v:,.0f}"
    return f"{v:,.2f}"


def _table(frame: pd.DataFrame, columns: list[tuple[str, str, str]]) -> Markup:
    """HTML table; ``columns`` = (column, header, kind) with kind text/k/pct/int/float."""
    head = Markup("").join(
        Markup("<th{}>{}</th>").format(
            Markup("") if kind == "text" else Markup(" class='num'"), label
        )
        for _, label, kind in columns
    )
    rows = []
    for rec in frame.to_dict("records"):
        cells = []
        for col, _, kind in columns:
            if kind == "text":
                cells.append(Markup("<td>{}</td>").format("" if pd.isna(rec[col]) else rec[col]))
            else:
                cells.append(Markup("<td class='num'>{}</td>").format(_fmt(rec[col], kind)))
        rows.append(Markup("<tr>") + Markup("").join(cells) + Markup("</tr>"))
    return (
        Markup("<table><thead><tr>")
        + head
        + Markup("</tr></thead><tbody>")
        + Markup("").join(rows)
        + Markup("</tbody></table>")
    )


def _chart(product: str, name: str, unit: str, history: pd.DataFrame, demand: pd.DataFrame) -> str:
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=history["year"],
            y=history["consumption"] / 1000,
            mode="lines+markers",
            name="consumption (history)",
            line={"color": "#333"},
        )
    )
    if history["fitted"].notna().any():
        fig.add_trace(
            go.Scatter(
                x=history["year"],
                y=history["fitted"] / 1000,
                mode="lines",
                name="driver model, in sample",
                line={"color": "#999", "dash": "dot"},
            )
        )
    for scenario, g in demand.groupby("scenario", sort=False):
        colour = SCENARIO_COLOURS.get(str(scenario), "#9467bd")
        fig.add_trace(
            go.Scatter(
                x=list(g["year"]) + list(g["year"])[::-1],
                y=list(g["hi_80"] / 1000) + list(g["lo_80"] / 1000)[::-1],
                fill="toself",
                fillcolor=colour,
                opacity=0.15,
                line={"width": 0},
                name=f"{scenario} 80% interval",
                hoverinfo="skip",
                showlegend=False,
            )
        )
        fig.add_trace(
            go.Scatter(
                x=g["year"],
                y=g["demand"] / 1000,
                mode="lines",
                name=str(scenario),
                line={"color": colour},
                customdata=np.stack([g["lo_95"] / 1000, g["hi_95"] / 1000], axis=1),
                hovertemplate="%{x}: %{y:,.0f} (95%: %{customdata[0]:,.0f}–%{customdata[1]:,.0f})",
            )
        )
    fig.update_layout(
        title=str(escape(f"{name}: demand, thousand {unit} (shaded: 80% interval)")),
        xaxis_title="year",
        yaxis_title=f"thousand {unit}",
        legend={"orientation": "h"},
    )
    return charts.figure_html(fig, height=360)


def _cement_per_head(case: Case, demand: pd.DataFrame) -> float | None:
    drivers = case["demand_drivers"]
    pop = drivers[
        (drivers["driver"] == "population")
        & (drivers["scenario"] == "base")
        & (drivers["year"] == 2035)
        & drivers["region_id"].isin(["RU-LEN", "RU-SPE"])
    ]
    row = demand[
        (demand["product_id"] == "cement")
        & (demand["scenario"] == "base")
        & (demand["year"] == 2035)
    ]
    if len(pop) != 2 or row.empty:
        return None
    return float(row["demand"].iloc[0]) * 1000 / float(pop["value"].sum())


@register_section(key="market", title="Market: balances, demand to 2035, capacity", order=10)
def market_section(case: Case) -> Section:
    """Build the market section: balances, scenario forecasts with intervals, capacity gaps."""
    result = outlook(case, region_id=AGGLOMERATION)
    products = case["products"].set_index("product_id")
    last_hist = int(result.balances["year"].max())
    synthetic = case.is_synthetic("market_balances")

    parts: list[Markup | str] = []
    parts.append(
        Markup(
            "<p>The market is Leningrad Oblast and St. Petersburg taken together "
            "(<code>{}</code>): production, imports and exports of the two regions add up, "
            "so consumption is the sum of both. Shipments between the two, as far as the "
            "case's firm-to-firm supply links show them (valued at producer prices), are "
            "netted out of the agglomeration's imports and exports; the links cover only the "
            "case's organisations, so the agglomeration's import share remains an upper bound. "
            "Balance data: {}.</p>"
        ).format(
            AGGLOMERATION,
            "synthetic, calibrated to public aggregates (see the data card)"
            if synthetic is True
            else ("partly synthetic (see the data card)" if synthetic else "as given in the case"),
        )
    )
    parts.append(
        Markup(
            "<h3>How the forecast is made, and which part drives which horizon</h3>"
            "<p><b>To 2030–2035 the drivers carry the forecast</b>: each scenario's paths of "
            "housing completed, roads built and population (<code>demand_drivers</code>) times "
            "material intensities (tonnes of cement per m² of housing, with a lag), plus a base of "
            "other uses held per head of population. Intensities are estimated from the "
            "case's history by least squares where the data allow (at least 8 years, a "
            "significant positive slope within twice the case's range), otherwise taken from "
            "<code>material_intensities</code>. <b>The statistical forecast corrects the short "
            "run only</b>: the median of AutoETS, AutoARIMA, AutoCES and Dynamic Optimised Theta "
            "(the SCUM combination) forecasts what the drivers did not explain, and its weight "
            "falls from 1 in the first year to 0 after six years. On the M3 competition's 645 "
            "yearly series this combination scores a lower sMAPE than statsforecast's Theta and "
            "AutoETS (<code>benchmarks/bench_market.py</code>). Products without intensities "
            "(marked <i>statistics</i>) get the statistical forecast alone, the same in every "
            "scenario. Intervals combine the intensities' uncertainty, the statistical "
            "forecast's intervals and the history's unexplained spread.</p>"
        )
    )
    per_head = _cement_per_head(case, result.demand)
    if per_head is not None:
        parts.append(
            Markup(
                "<p>Saturation check: cement consumption flattens around {:.0f} kg per head "
                "in economies above about US$25k GDP per head (Global Cement, after Cembureau "
                "and the World Bank; <code>market.outlook</code> caps Russia's national demand "
                "there). The base scenario puts the agglomeration at {:.0f} kg per head in "
                "2035.</p>"
            ).format(CEMENT_SATURATION_KG, per_head)
        )

    # balances, last history year
    b = result.balances[result.balances["year"] == last_hist].copy()
    b["_order"] = b["region_id"].map({r: i for i, r in enumerate(REGION_ORDER)})
    b = b.dropna(subset=["_order"]).sort_values(["product_id", "_order"])
    b["unit"] = b["product_id"].map(products["unit"])
    parts.append(Markup("<h3>Balances, {} (thousand product units)</h3>").format(last_hist))
    parts.append(Markup("<p>Production + imports − exports = apparent consumption, every row.</p>"))
    parts.append(
        _table(
            b,
            [
                ("product_id", "product", "text"),
                ("unit", "unit", "text"),
                ("region_id", "region", "text"),
                ("production", "production", "k"),
                ("imports", "imports", "k"),
                ("exports", "exports", "k"),
                ("consumption", "consumption", "k"),
                ("utilisation", "capacity use", "pct"),
                ("import_share", "import share", "pct"),
                ("per_capita_kg", "kg per head", "int"),
                ("price_index", "price index (first year = 100)", "int"),
            ],
        )
    )

    ctx = national_context(result.balances, regions=[AGGLOMERATION, "RU-LEN", "RU-SPE"])
    ctx = ctx[ctx["year"] == last_hist].sort_values(["product_id", "region_id"])
    parts.append(Markup("<h3>Against Russia, {}</h3>").format(last_hist))
    parts.append(
        _table(
            ctx,
            [
                ("product_id", "product", "text"),
                ("region_id", "region", "text"),
                ("production_share", "share of Russia's production", "pct"),
                ("consumption_share", "share of Russia's consumption", "pct"),
                ("per_capita_ratio", "consumption per head ÷ Russia's", "float"),
                ("consumption_growth", "consumption growth", "pct"),
                ("nation_consumption_growth", "Russia's growth", "pct"),
            ],
        )
    )

    world = (
        world_context(case["trade_flows"], case["products"])
        if "trade_flows" in case.tables
        else None
    )
    if world is not None and len(world):
        parts.append(Markup("<h3>In world trade, {}</h3>").format(int(world["year"].iloc[0])))
        parts.append(
            Markup(
                "<p>Exports and imports in thousand US$ from <code>trade_flows</code>; the world "
                "is the countries whose exports the case holds. Trade data: {}.</p>"
            ).format(
                "synthetic, calibrated to public aggregates (see the data card)"
                if case.is_synthetic("trade_flows")
                else "as given in the case"
            )
        )
        parts.append(
            _table(
                world.sort_values(["product_id", "reporter"]),
                [
                    ("product_id", "product", "text"),
                    ("hs", "HS", "text"),
                    ("reporter", "reporter", "text"),
                    ("exports", "exports", "int"),
                    ("imports", "imports", "int"),
                    ("world_share", "share of world exports", "pct1"),
                    ("country_share", "share of Russia's exports", "pct"),
                    ("export_growth", "export growth per year", "pct1"),
                ],
            )
        )

    parts.append(Markup("<h3>Demand by scenario to 2035</h3>"))
    for product_id in sorted(result.demand["product_id"].unique()):
        demand = result.demand[result.demand["product_id"] == product_id]
        history = result.history[result.history["product_id"] == product_id]
        name = (
            str(products.loc[product_id, "name_en"]) if product_id in products.index else product_id
        )
        unit = str(products.loc[product_id, "unit"]) if product_id in products.index else ""
        basis = demand["basis"].iloc[0]
        parts.append(Markup("<h4>{} <small>({})</small></h4>").format(name, basis))
        parts.append(Markup(_chart(product_id, name, unit, history, demand)))

    parts.append(Markup("<h3>Intensities used</h3>"))
    parts.append(
        _table(
            result.intensities.sort_values(["product_id", "driver"]),
            [
                ("product_id", "product", "text"),
                ("driver", "driver", "text"),
                ("lag_years", "lag, years", "int"),
                ("case_intensity", "case", "float"),
                ("intensity", "used", "float"),
                ("low", "95% low", "float"),
                ("high", "95% high", "float"),
                ("source", "source", "text"),
            ],
        )
    )

    gaps = result.gaps[result.gaps["year"].isin([2030, 2035])].copy()
    gaps["unit"] = gaps["product_id"].map(products["unit"])
    parts.append(Markup("<h3>Capacity gap (thousand product units per year)</h3>"))
    parts.append(
        Markup(
            "<p>Capacity needed = (demand × (1 − today's import share) + today's exports) ÷ 85% "
            "utilisation; gap = needed − today's capacity. Positive: capacity to build; "
            "negative: spare. <i>Gap at 80% high</i> uses the upper end of the 80% demand "
            "interval.</p>"
        )
    )
    parts.append(
        _table(
            gaps.sort_values(["product_id", "scenario", "year"]),
            [
                ("product_id", "product", "text"),
                ("unit", "unit", "text"),
                ("scenario", "scenario", "text"),
                ("year", "year", "text"),
                ("demand", "demand", "k"),
                ("required_capacity", "capacity needed", "k"),
                ("capacity", "capacity today", "k"),
                ("gap", "gap", "k"),
                ("gap_hi_80", "gap at 80% high", "k"),
            ],
        )
    )
    csv = result.demand.to_csv(index=False, lineterminator="\n").encode()
    parts.append(
        Markup("<p>All forecasts: <a href='{}'>{}</a>.</p>").format(
            "market/demand.csv", escape("market/demand.csv")
        )
    )
    html = Markup("").join(Markup(p) if not isinstance(p, Markup) else p for p in parts)
    return Section(
        key="market",
        title="Market: balances, demand to 2035, capacity",
        html=str(html),
        assets={"market/demand.csv": csv},
    )
