"""Report section "Trade": product space, export potential, import substitution."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd
import plotly.graph_objects as go
from markupsafe import Markup

from regiocluster.case.load import Case
from regiocluster.report import charts
from regiocluster.report.html import fixed, html_table
from regiocluster.report.registry import Section, register_section
from regiocluster.trade import proximity
from regiocluster.trade.overview import WORLD_COLS, TradeOverview, trade_overview, world_matrix

KEY = "trade"
TITLE = "Trade: complexity, export potential, import substitution"
NEEDED = ("trade_flows", "products", "market_balances", "enterprise_products", "regions")


def _table(frame: pd.DataFrame, headers: dict[str, str], *, digits: dict[str, int]) -> Markup:
    return html_table(frame, headers, numeric={col: fixed(d) for col, d in digits.items()})


def _product_space(case: Case, result: TradeOverview) -> go.Figure:
    """Product space of the world panel: maximum spanning tree plus strong links."""
    flows = case.tables["trade_flows"]
    sub_national = tuple(r for r in flows["reporter"].unique() if "-" in str(r))
    world = world_matrix(flows, exclude=sub_national)
    world = world[world["year"] == result.year]
    prox = proximity(world, WORLD_COLS)
    prox = prox[prox["hs_1"] < prox["hs_2"]]
    graph = nx.Graph()
    graph.add_weighted_edges_from(prox[["hs_1", "hs_2", "proximity"]].itertuples(index=False))
    tree = nx.maximum_spanning_tree(graph)
    strong = prox[prox["proximity"] >= prox["proximity"].quantile(0.97)]
    tree.add_edges_from(strong[["hs_1", "hs_2"]].itertuples(index=False, name=None))
    pos = nx.spring_layout(tree, seed=7, iterations=200)

    table = result.complexity
    mine = table[(table["year"] == result.year) & (table["reporter"] == result.country)]
    mine = mine.dropna(subset=["mcp"]).set_index("hs")
    trade = world.groupby("hs")["value_usd"].sum()
    chain = set(result.product_names)

    xs, ys = [], []
    for a, b in tree.edges:
        xs += [pos[a][0], pos[b][0], None]
        ys += [pos[a][1], pos[b][1], None]
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=xs, y=ys, mode="lines", line={"color": "#cccccc", "width": 1},
            hoverinfo="skip", showlegend=False,
        )
    )  # fmt: skip
    nodes = pd.DataFrame({"hs": list(tree.nodes)})
    nodes["x"] = [pos[h][0] for h in nodes["hs"]]
    nodes["y"] = [pos[h][1] for h in nodes["hs"]]
    nodes["present"] = nodes["hs"].map(mine["mcp"]).fillna(0).eq(1)
    nodes["pci"] = nodes["hs"].map(mine["pci"])
    nodes["chain"] = nodes["hs"].isin(chain)
    nodes["size"] = 6 + 14 * np.sqrt(nodes["hs"].map(trade).fillna(0) / max(trade.max(), 1))
    nodes["label"] = [
        f"HS {h}" + (f" — {result.product_names[h]}" if h in chain else "") for h in nodes["hs"]
    ]
    groups = [
        (
            "present, RCA ≥ 1",
            nodes["present"],
            "#d62728",
        ),
        ("absent", ~nodes["present"], "#9e9e9e"),
    ]
    for name, mask, colour in groups:
        part = nodes[mask]
        fig.add_trace(
            go.Scatter(
                x=part["x"],
                y=part["y"],
                mode="markers",
                name=f"{result.country}: {name}",
                marker={
                    "size": part["size"],
                    "color": colour,
                    "symbol": np.where(part["chain"], "diamond", "circle"),
                    "line": {"width": np.where(part["chain"], 2, 0), "color": "#000000"},
                },
                text=[
                    f"{lab}<br>PCI {p:.2f}" if pd.notna(p) else lab
                    for lab, p in zip(part["label"], part["pci"], strict=True)
                ],
                hoverinfo="text",
            )
        )
    fig.update_layout(
        title=f"Product space {result.year} (synthetic world panel); diamonds: the chain",
        xaxis={"visible": False},
        yaxis={"visible": False},
        legend={"orientation": "h"},
    )
    return fig


def _substitution_figure(result: TradeOverview, tonnes: pd.Series) -> go.Figure:
    table = result.substitution.candidates.set_index("product_id")
    factor = tonnes.reindex(table.index).fillna(1.0) / 1e3  # thousand tonnes
    order = (table["replaceable"] * factor).sort_values(ascending=False).index
    table = table.loc[order]
    factor = factor.loc[order]
    foreign = table.get("foreign_imports", pd.Series(0.0, index=table.index)).fillna(0.0)
    other = (table["imports"].fillna(0.0) - foreign).clip(lower=0.0)
    fig = go.Figure()
    fig.add_bar(name="imports from abroad", x=order, y=foreign * factor, marker_color="#1f77b4")
    fig.add_bar(name="inflow from other regions", x=order, y=other * factor, marker_color="#aec7e8")
    fig.add_bar(
        name="spare capacity (capacity − output)",
        x=order,
        y=table["headroom"] * factor,
        marker_color="#2ca02c",
    )
    fig.add_scatter(
        name="replaceable",
        x=order,
        y=table["replaceable"] * factor,
        mode="markers",
        marker={"symbol": "line-ew-open", "size": 22, "color": "#d62728", "line": {"width": 3}},
    )
    fig.update_layout(
        barmode="group",
        title=f"Imports into the cluster and spare capacity, {result.substitution.year}",
        yaxis_title="thousand tonnes",
        legend={"orientation": "h"},
    )
    return fig


@register_section(key=KEY, title=TITLE, order=40)
def trade_section(case: Case) -> Section:
    """Product space, export potential with reasons, import-substitution candidates."""
    if any(t not in case.tables or case.tables[t].empty for t in NEEDED):
        html = Markup("<p>The case has no trade data.</p>")
        return Section(key=KEY, title=TITLE, html=str(html))
    result = trade_overview(case)
    products = case.tables["products"]
    tonnes = products.set_index("product_id")["tonnes_per_unit"]
    table = result.complexity
    in_year = table[(table["year"] == result.year) & table["mcp"].notna()]
    eci = in_year.groupby("reporter")["eci"].first().sort_values(ascending=False)
    rank = list(eci.index).index(result.country) + 1 if result.country in eci.index else None

    potential = result.potential.by_product.copy()
    potential["name"] = potential["product"].map(result.product_names)
    potential = potential.sort_values("potential", ascending=False)

    regional = result.regions.regions
    regional = regional[
        (regional["year"] == result.year) & regional["hs"].isin(list(result.product_names))
    ].copy()
    regional["name"] = regional["hs"].map(result.product_names)

    subst = result.substitution.candidates.copy()
    subst["unit"] = subst["product_id"].map(products.set_index("product_id")["unit"])
    subst["replaceable_mln_rub"] = subst.get("replaceable_value", np.nan) / 1e6

    opportunities = result.opportunities.head(10)
    assets = {
        "trade/complexity.csv": table.to_csv(index=False).encode(),
        "trade/export_potential.csv": result.potential.table.to_csv(index=False).encode(),
        "trade/import_substitution.csv": result.substitution.candidates.to_csv(
            index=False
        ).encode(),
    }
    parts = [
        Markup(
            "<p>All trade figures of the embedded case are <b>synthetic</b> (a latent "
            "capability model for the world panel of {} countries and {} products, "
            "calibrated bilateral flows for Russia and the two regions); the methods are "
            "real. Economic complexity follows Hidalgo &amp; Hausmann (2009) and is "
            "identical to Harvard Growth Lab's <code>ecomplexity</code>; export potential "
            "follows ITC's Export Potential Map (supply × demand × ease) with a freight "
            "term for heavy materials.</p>"
        ).format(in_year["reporter"].nunique(), in_year["hs"].nunique()),
        Markup("<h3>Product space</h3><p>{} ranks <b>{}</b> of {} by ECI in {} ({:.2f}).</p>")
        .format(
            result.country,
            rank if rank is not None else "—",
            len(eci),
            result.year,
            float(eci.get(result.country, np.nan)),
        ),
        Markup(charts.figure_html(_product_space(case, result), height=620)),
        Markup("<h3>Export potential of the cluster, {} (thousand US$)</h3>").format(result.year),
        Markup(
            "<p>Ranked by potential. Reasons: <i>supply</i> — the cluster's share of world "
            "exports of the product; <i>demand</i> — markets' import demand; <i>ease</i> — "
            "ease of trade with the best market (actual over expected share); <i>freight</i> — "
            "freight cost to the best market as a share of value by the cheapest mode, which "
            "discounts demand by "
            "(1 + τ)<sup>−{}</sup>. Unrealised = potential − actual where positive.</p>"
        ).format(result.potential.elasticity),
        _table(
            potential,
            {
                "product": "HS",
                "name": "Product",
                "supply": "Supply (share)",
                "demand": "Demand",
                "best_market_ease": "Ease",
                "best_market_transport_cost": "Freight (share of value)",
                "potential": "Potential",
                "actual": "Actual",
                "unrealised": "Unrealised",
                "best_market": "Best market",
                "best_market_mode": "Mode",
            },
            digits={
                "supply": 4, "demand": 0, "best_market_ease": 2, "best_market_transport_cost": 3,
                "potential": 0, "actual": 0, "unrealised": 0,
            },
        ),  # fmt: skip
        Markup("<h3>The two regions in the product space</h3>"),
        Markup(
            "<p>The regions' chain exports placed in the countries' product space without "
            "double counting (their exports are part of Russia's): RCA against the world "
            "and against Russia, density from the countries' proximities. Only the chain's "
            "products are known for the regions, so their RCA against the world is an upper "
            "bound.</p>"
        ),
        _table(
            regional.sort_values(["reporter", "rca"], ascending=[True, False]),
            {
                "reporter": "Region",
                "hs": "HS",
                "name": "Product",
                "rca": "RCA (world)",
                "rca_country": "RCA (Russia)",
                "density": "Density",
                "pci": "PCI",
            },
            digits={"rca": 2, "rca_country": 2, "density": 3, "pci": 2},
        ),
        Markup("<h3>Import substitution</h3>"),
        Markup(charts.figure_html(_substitution_figure(result, tonnes), height=480)),
        _table(
            subst,
            {
                "product_id": "Product",
                "unit": "Unit",
                "consumption": "Consumption",
                "imports": "Imports",
                "foreign_imports": "of which from abroad",
                "import_share": "Import share",
                "headroom": "Spare capacity",
                "replaceable": "Replaceable",
                "replaceable_mln_rub": "Replaceable, mln RUB",
            },
            digits={
                "consumption": 0, "imports": 0, "foreign_imports": 0, "import_share": 3,
                "headroom": 0, "replaceable": 0, "replaceable_mln_rub": 1,
            },
        ),  # fmt: skip
        Markup(
            "<p>Imports include inflows from other Russian regions; flows between St. "
            "Petersburg and the oblast are removed as an estimate. Spare capacity is capacity "
            "less output of the cluster's enterprises (synthetic).</p>"
        ),
        Markup("<h3>Diversification opportunities of {}</h3>").format(result.country),
        _table(
            opportunities,
            {"hs": "HS", "density": "Density", "pci": "PCI", "cog": "COG", "score": "Score"},
            digits={"density": 3, "pci": 2, "cog": 2, "score": 2},
        ),
        Markup("<p>Tables: trade/complexity.csv, trade/export_potential.csv, "
               "trade/import_substitution.csv.</p>"),
    ]  # fmt: skip
    return Section(key=KEY, title=TITLE, html=str(Markup("").join(parts)), assets=assets)
