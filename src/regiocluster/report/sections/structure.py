"""Report section "Cluster structure": members, roles, core, boundaries, cooperation, Decree 779."""

from __future__ import annotations

import json

import networkx as nx
import numpy as np
import pandas as pd
import plotly.graph_objects as go
from markupsafe import Markup

from regiocluster.case.load import Case
from regiocluster.mapping.members import members_geojson
from regiocluster.mapping.structure import (
    ClusterStructure,
    chain_specialisation,
    cluster_structure,
    related_industry_definition,
)
from regiocluster.report import charts
from regiocluster.report.html import SUPPORT_COLOURS, auto_number, html_table
from regiocluster.report.maps import Layer, map_html
from regiocluster.report.registry import Section, register_section

ROLE_COLOURS = {
    "core_producer": "#d62728",
    "raw_material_supplier": "#8c564b",
    "equipment_service_supplier": "#9467bd",
    "trade": "#e377c2",
    "customer": "#1f77b4",
    **SUPPORT_COLOURS,
}
N_NULL = 49


def _table(
    frame: pd.DataFrame, headers: dict[str, str], *, numeric: tuple[str, ...] = ()
) -> Markup:
    return html_table(frame, headers, numeric=dict.fromkeys(numeric, auto_number))


def _graph_figure(s: ClusterStructure) -> go.Figure:
    members = s.members[s.members["member"]].set_index("enterprise_id")
    graph = nx.Graph()
    graph.add_nodes_from(members.index)
    weights = s.links.groupby(["supplier_id", "buyer_id"])["value"].sum()
    for (a, b), w in weights.items():
        if a != b:
            prev = graph.get_edge_data(a, b, {"weight": 0.0})["weight"]
            graph.add_edge(a, b, weight=prev + float(w))
    pos = nx.spring_layout(graph, seed=1, weight=None, k=1.5 / np.sqrt(max(len(graph), 1)))
    xs, ys = [], []
    for a, b in graph.edges:
        xs += [pos[a][0], pos[b][0], None]
        ys += [pos[a][1], pos[b][1], None]
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=xs,
            y=ys,
            mode="lines",
            line={"width": 0.4, "color": "#b0b7c3"},
            hoverinfo="skip",
            showlegend=False,
        )
    )
    strength = members["strength"].fillna(0.0)
    size = 5 + 20 * np.sqrt(strength / strength.max()) if strength.max() > 0 else 6
    members = members.assign(_size=size)
    for role, group in members.groupby("role"):
        for is_core, sub in group.groupby("core"):
            fig.add_trace(
                go.Scatter(
                    x=[pos[n][0] for n in sub.index],
                    y=[pos[n][1] for n in sub.index],
                    mode="markers",
                    name=f"{role} (core)" if is_core else str(role),
                    marker={
                        "size": sub["_size"],
                        "color": ROLE_COLOURS.get(str(role), "#333"),
                        "symbol": "diamond" if is_core else "circle",
                        "line": {"width": 2 if is_core else 0.5, "color": "#000"},
                    },
                    text=[f"{n}: {nm}" for n, nm in zip(sub.index, sub["name"], strict=True)],
                    hoverinfo="text",
                )
            )
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    fig.update_layout(
        title=f"Supply links among members, {s.year} (diamonds: core; size: value of supplies)"
    )
    return fig


def _map_layers(case: Case, s: ClusterStructure) -> list[Layer]:
    layers: list[Layer] = []
    try:
        from regiocluster.report.sections.data import case_layers

        base = [layer for layer in case_layers(case) if layer.name.startswith("Districts")]
        layers.extend(base)
    except (ImportError, KeyError, ValueError):
        pass
    members = s.members[s.members["member"]]
    core_ids = members.loc[members["core"], "enterprise_id"]
    geo = members_geojson(members, core=core_ids)
    layers.append(
        Layer(
            "Members by role (synthetic)",
            geo,
            popup_fields=("name", "role", "okved", "region_id", "core"),
            color_by="role",
            palette=ROLE_COLOURS,
            radius=4,
        )
    )
    core_geo = {
        "type": "FeatureCollection",
        "features": [f for f in geo["features"] if f["properties"].get("core")],
    }
    layers.append(
        Layer(
            "Cooperation core",
            core_geo,
            color="#000000",
            popup_fields=("name", "role", "okved", "region_id"),
            radius=9,
            fill_opacity=0.15,
        )
    )
    return layers


@register_section(key="structure", title="Cluster structure", order=30)
def structure_section(case: Case) -> Section:
    """Members and roles, the core, boundaries, the cooperation graph, the Decree 779 verdict."""
    needed = ("enterprises", "industries", "regions", "supply_links", "enterprise_finances")
    if any(t not in case.tables or case.tables[t].empty for t in needed):
        html = Markup("<p>The case has no enterprises or supply links to map.</p>")
        return Section(key="structure", title="Cluster structure", html=str(html))
    s = cluster_structure(case, n_null=N_NULL, random_state=0)
    members = s.members[s.members["member"]]
    v = s.decree_779
    cp = s.core_periphery
    roles = (
        members.groupby(["role_group", "role"]).size().rename("members").reset_index()
    ).sort_values(["role_group", "members"], ascending=[True, False])
    verdict_rows = pd.DataFrame(
        [
            ("Participants", v.members),
            ("Industrial participants (cl. б)", v.industrial_participants),
            ("Purchases of participants making final industrial products, mln RUB", v.purchases),
            (
                "  of which intermediate industrial products and production services "
                "from other participants, mln RUB",
                v.purchases_from_members,
            ),
            ("Functional dependence (the decree's measure)", f"{v.functional_dependence:.1%}"),
            (
                "Broad alternative: all purchases from any participant (not the decree's)",
                f"{v.broad_dependence:.1%}",
            ),
            (
                "Required (Decree 779)",
                f"{v.threshold:.0%}" + (" (special case)" if v.special_case else ""),
            ),
            ("Dependence test", "met" if v.dependence_met else "not met"),
            (
                "Participants without a qualifying contract with another participant (cl. а)",
                len(v.without_contract),
            ),
            ("Allowed without a contract (2021 amendment)", v.exemptions_allowed),
            ("Contract test", "met" if v.contracts_met else "not met"),
        ],
        columns=["item", "value"],
    )
    core = members[members["core"]].sort_values("strength", ascending=False)
    core_table = core[["enterprise_id", "name", "role", "region_id", "strength"]]
    layers = _map_layers(case, s)
    assets = {
        "structure/members.geojson": json.dumps(layers[-2].geojson, ensure_ascii=False).encode(),
        "structure/boundary_industries.csv": s.boundaries.industries.to_csv(index=False).encode(),
        "structure/boundary_territories.csv": s.boundaries.territories.to_csv(index=False).encode(),
        "structure/members.csv": members[
            ["enterprise_id", "name", "okved", "kind", "role", "region_id", "reason", "core"]
        ]
        .to_csv(index=False)
        .encode(),
    }
    colour = "verdict-ok" if v.compliant else "verdict-fail"
    parts = [
        Markup(
            "<p>The cluster spans <b>{}</b>. In {} it has <b>{}</b> members: {} found by "
            "industry code, {} infrastructure organisations, {} through supply links. "
            "Enterprise rows are synthetic (illustrative); the rules applied to them are real.</p>"
        ).format(
            ", ".join(s.territory),
            s.year,
            len(members),
            int((members["reason"] == "industry").sum()),
            int((members["reason"] == "infrastructure").sum()),
            int((members["reason"] == "supply_links").sum()),
        ),
        Markup("<h3>Decree No. 779 verdict</h3><p class='{}'><b>{}</b></p>").format(
            colour, v.summary()
        ),
        Markup(
            "<p>Decree No. 779 of 31 July 2015 (as amended in 2018 and 2021) requires the "
            "participants of an industrial cluster to buy at least 20% of their purchases from "
            "one another (10% where at least 30% of them work in lagging regions, geostrategic "
            "territories or single-industry towns), and every participant to hold at least one "
            "contract with another participant (up to three may still be without one). "
            "Purchases come from <code>enterprise_finances</code>, purchases from participants "
            "from <code>supply_links</code>.</p>"
        ),
        _table(verdict_rows, {"item": "Test", "value": "Value"}, numeric=("value",)),
        Markup("<h3>Members by role</h3>"),
        _table(
            roles,
            {"role_group": "Group", "role": "Role", "members": "Members"},
            numeric=("members",),
        ),  # fmt: skip
        Markup("<h3>Map of members</h3>"),
        map_html(
            layers,
            note="Members coloured by role; black rings mark the cooperation core. "
            "District areas are schematic. Layer: structure/members.geojson (EPSG:4326).",
        ),
        Markup("<h3>Cooperation core</h3><p>{}</p>").format(
            f"Borgatti–Everett core–periphery of the members' supply graph (weighted, "
            f"symmetrised): {int(cp.core_.sum())} core members of {len(cp.core_)}; fitness "
            f"(correlation with the ideal pattern) {cp.fitness_:.3f} against a median of "
            f"{float(np.median(cp.null_fitness_)):.3f} in {N_NULL} degree-preserving "
            f"randomisations, p = {cp.p_value_:.3f}. The randomisations keep every member's "
            f"number of partners, so a small p means the core is more than the mark of a few "
            f"well-connected firms. Density {s.cooperation.density:.4f}, "
            f"reciprocity {s.cooperation.reciprocity:.3f}."
        ),
        _table(
            core_table,
            {
                "enterprise_id": "Id",
                "name": "Name",
                "role": "Role",
                "region_id": "Region",
                "strength": "Supplies, mln RUB",
            },
            numeric=("strength",),
        ),  # fmt: skip
        Markup(charts.figure_html(_graph_figure(s), height=620)),
        Markup("<h3>Boundaries: industries</h3>"),
        _table(
            s.boundaries.industries,
            {
                "okved": "OKVED",
                "name_en": "Industry",
                "chain_role": "Chain role",
                "members": "Members",
            },
            numeric=("members",),
        ),  # fmt: skip
        Markup("<h3>Boundaries: territories</h3>"),
        _table(
            s.boundaries.territories,
            {"region_id": "Region", "name_en": "Name", "members": "Members", "roles": "Roles"},
            numeric=("members",),
        ),
    ]
    try:
        special = chain_specialisation(case, territory=s.territory)
    except (KeyError, ValueError):
        special = None
    if special is not None:
        assets["structure/chain_specialisation.csv"] = special.to_csv(index=False).encode()
        shown = special.assign(
            us_strong=special["us_strong"].map({True: "yes", False: ""}),
            us_strong_90=special["us_strong_90"].map({True: "yes", False: ""}),
        )
        lq_cols = {f"lq_{rid}": f"LQ {rid}" for rid in s.territory}
        parts += [
            Markup("<h3>Specialisation of the chain</h3>"),
            Markup(
                "<p>Location quotients of the chain's industries in {} taken together, "
                "against all federal subjects (employment is synthetic, calibrated to "
                "populations); US Cluster Mapping strong-cluster rule (75th and 90th "
                "percentile variants) and European Cluster Observatory stars.</p>"
            ).format(" + ".join(s.territory)),
            _table(
                shown,
                {
                    "okved": "OKVED",
                    "name_en": "Industry",
                    "chain_role": "Role",
                    "employees": "Employees",
                    "lq": "LQ",
                    "lq_traded": "LQ (traded base)",
                    **lq_cols,
                    "us_strong": "Strong (US)",
                    "us_strong_90": "Strong (US, 90th)",
                    "eco_stars": "ECO stars",
                },
                numeric=("employees", "lq", "lq_traded", "eco_stars", *lq_cols),
            ),  # fmt: skip
        ]
    try:
        related = related_industry_definition(case)
    except (KeyError, ValueError):
        related = None
    if related is not None:
        assets["structure/related_industry_clusters.csv"] = related.definition.to_csv(
            index=False
        ).encode()
        chain = related.chain
        parts += [
            Markup("<h3>Related-industry clusters (Delgado, Porter &amp; Stern 2016)</h3>"),
            Markup(
                "<p>{} traded industries of the national data ({}) grouped into {} clusters "
                "by co-location (employment correlation, Ellison–Glaeser coagglomeration) "
                "and input–output links; validation score {:.3f}. The chain's industries fall "
                "in clusters {}. Full definition: structure/related_industry_clusters.csv.</p>"
            ).format(
                len(related.definition),
                related.year,
                related.definition["cluster"].nunique(),
                related.validation_score,
                ", ".join(str(c) for c in sorted(chain["cluster"].unique())),
            ),
            _table(
                chain,
                {
                    "okved": "OKVED",
                    "name_en": "Industry",
                    "chain_role": "Chain role",
                    "cluster": "Cluster",
                },
            ),  # fmt: skip
        ]
    html = Markup("").join(parts)
    return Section(key="structure", title="Cluster structure", html=str(html), assets=assets)
