"""Report section "Enterprises, support and projects".

Eligibility for support measures per measure, the plants most in need of
modernisation with reasons, how much of the major projects' needs the
cluster's free capacity covers, and the fit of technologies.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from markupsafe import Markup

from regiocluster.case.load import Case
from regiocluster.enterprises import (
    case_eligibility,
    case_modernisation,
    case_project_supply,
    case_technology_fit,
    territory_of,
)
from regiocluster.enterprises.projects import ProjectSupply, project_totals
from regiocluster.report import charts
from regiocluster.report.html import SYNTHETIC, fixed, html_table, is_none_or_nan
from regiocluster.report.registry import Section, register_section

KEY = "enterprises"
TITLE = "Enterprises, support and projects"
NEEDED = ("enterprises", "enterprise_finances", "support_measures")


def _table(frame: pd.DataFrame, headers: dict[str, str], *, digits: dict[str, int]) -> Markup:
    return html_table(
        frame,
        headers,
        numeric={col: fixed(d) for col, d in digits.items()},
        missing=is_none_or_nan,
    )


def _coverage_figure(supply: ProjectSupply, years: tuple[int, int]) -> go.Figure:
    """Peak-year need of the projects as a share of the cluster's free capacity, by product."""
    table = supply.by_product
    table = table[(table["year"] >= years[0]) & (table["year"] <= years[1])].copy()
    table["ratio"] = table["need"] / table["free_capacity"].where(table["free_capacity"] > 0)
    peak = table.sort_values("need").groupby("product_id").tail(1).set_index("product_id")
    peak = peak.sort_values("ratio", ascending=False, na_position="first")
    shown = peak["ratio"].fillna(0.0) * 100
    colours = [
        "#d62728" if pd.isna(r) or r > 1 else ("#ff7f0e" if r > 0.5 else "#2ca02c")
        for r in peak["ratio"]
    ]
    labels = [
        "no member makes it" if pd.isna(r) else f"{r:.0%} (peak {int(y)})"
        for r, y in zip(peak["ratio"], peak["year"], strict=True)
    ]
    fig = go.Figure(
        go.Bar(
            x=peak.index, y=shown, marker_color=colours, text=labels, textposition="outside",
            hovertext=[
                f"need {n:,.0f}; free capacity {f:,.0f}"
                for n, f in zip(peak["need"], peak["free_capacity"], strict=True)
            ],
        )
    )  # fmt: skip
    fig.add_hline(y=100, line_dash="dash", line_color="#555555")
    fig.update_layout(
        title=(
            f"Projects' need in the peak year {years[0]}–{years[1]} as a share of the "
            "cluster's free capacity (synthetic quantities)"
        ),
        yaxis_title="% of free capacity",
        showlegend=False,
    )
    return fig


@register_section(key=KEY, title=TITLE, order=60)
def enterprises_section(case: Case) -> Section:
    """Support eligibility, modernisation needs, project supply coverage, technology fit."""
    if any(t not in case.tables or case.tables[t].empty for t in NEEDED):
        return Section(key=KEY, title=TITLE, html="<p>The case has no enterprise data.</p>")
    tables = case.tables
    eligibility = case_eligibility(case)
    needs = case_modernisation(case, year=eligibility.year)
    names = tables["enterprises"].set_index("enterprise_id")["name"]
    needs = needs.assign(name=needs["enterprise_id"].map(names))
    parts = [
        Markup(
            "<p>Every enterprise-level figure in this section — employees, revenue, "
            "capacity, output, wear, and the project quantities — is {} (illustrative "
            "organisations generated for the embedded case); the support measures and their "
            "legal bases are real, with simplified eligibility conditions (check the current "
            "rules before advising a firm).</p>"
        ).format(SYNTHETIC),
        Markup("<h3>Support measures: how many members qualify ({})</h3>").format(eligibility.year),
        Markup(
            "<p>Each of the cluster's {} members is checked against every measure's conditions "
            "(OKVED, employees, revenue, project investment — the firm's investment of the year "
            "stands in for it — cluster membership, region). The main obstacle is the most "
            "frequent failed condition.</p>"
        ).format(
            int(eligibility.pairs.loc[eligibility.pairs["member"], "enterprise_id"].nunique())
        ),
        _table(
            eligibility.summary,
            {
                "measure_id": "Measure",
                "name_en": "Name",
                "level": "Level",
                "instrument": "Instrument",
                "eligible": "Members eligible",
                "share": "Share",
                "main_obstacle": "Main obstacle",
            },
            digits={"eligible": 0, "share": 2},
        ),
        Markup("<h3>Modernisation needs of plants ({}, {})</h3>").format(
            eligibility.year, SYNTHETIC
        ),
        Markup(
            "<p>Score 0–100 = weighted mean of three needs: wear of fixed assets (0 at 40%, "
            "1 at 80%; weight 0.40), labour productivity (value added per employee) below "
            "the peers of the same OKVED class (1 − percentile; 0.35), and utilisation "
            "outside 60–90% — idle capacity below, a capacity bottleneck above (0.25). "
            "{} of {} plants run above 90%.</p>"
        ).format(int(needs["bottleneck"].sum()), len(needs)),
        _table(
            needs.head(15),
            {
                "enterprise_id": "Id",
                "name": "Enterprise",
                "okved": "OKVED",
                "asset_wear": "Wear",
                "productivity_pct": "Productivity percentile",
                "utilisation": "Utilisation",
                "score": "Score",
                "reasons": "Reasons",
            },
            digits={"asset_wear": 2, "productivity_pct": 2, "utilisation": 2, "score": 1},
        ),
    ]
    assets = {
        "enterprises/support_eligibility.csv": eligibility.pairs.to_csv(index=False).encode(),
        "enterprises/modernisation.csv": needs.to_csv(index=False).encode(),
    }

    if all(t in tables and not tables[t].empty for t in ("major_projects", "project_needs")):
        supply = case_project_supply(case)
        first_forecast = eligibility.year + 1
        last = int(supply.by_product["year"].max())
        ahead = supply.by_project[supply.by_project["year"] >= first_forecast]
        per_project = project_totals(ahead, tables["products"])
        per_project = per_project.merge(
            tables["major_projects"][["project_id", "name", "owner", "start_year", "end_year"]],
            on="project_id",
        ).sort_values("coverage")
        region_names = tables["regions"].set_index("region_id")["name_en"]
        territory = " and ".join(str(region_names.get(r, r)) for r in territory_of(case))
        gaps = (
            ahead[ahead["shortfall"] > 0]
            .groupby("product_id")["shortfall"]
            .sum()
            .sort_values(ascending=False)
        )
        parts += [
            Markup("<h3>Major projects: what the cluster can supply</h3>"),
            Markup(
                "<p>The projects' material needs ({}) against the free capacity (capacity − "
                "output) of the cluster's member plants in {} — the output itself is already "
                "committed to the market. Free capacity after {} is held at its {} level. "
                "Suppliers are allocated nearest first (great-circle distance from plant to "
                "project). Products short over {}–{}: {}.</p>"
            ).format(
                SYNTHETIC,
                territory,
                eligibility.year,
                eligibility.year,
                first_forecast,
                last,
                ", ".join(gaps.index) if len(gaps) else "none",
            ),  # fmt: skip
            Markup(charts.figure_html(_coverage_figure(supply, (first_forecast, last)),
                                      height=420)),
            _table(
                per_project,
                {
                    "project_id": "Project",
                    "name": "Name",
                    "owner": "Owner",
                    "start_year": "Start",
                    "end_year": "End",
                    "need_t": f"Need {first_forecast}–{last}, t",
                    "allocated_t": "Covered, t",
                    "shortfall_t": "Shortfall, t",
                    "coverage": "Coverage",
                },
                digits={"need_t": 0, "allocated_t": 0, "shortfall_t": 0, "coverage": 2},
            ),
        ]  # fmt: skip
        assets["enterprises/project_supply_by_product.csv"] = supply.by_product.to_csv(
            index=False
        ).encode()
        assets["enterprises/project_suppliers.csv"] = supply.allocations.to_csv(
            index=False
        ).encode()

    if "technologies" in tables and not tables["technologies"].empty:
        fit = case_technology_fit(case, year=eligibility.year)
        top = (
            fit.candidates.sort_values("rank")
            .groupby("technology_id")["enterprise_id"]
            .agg(lambda s: ", ".join(s.head(3)))
        )
        scores = fit.scores.assign(adopters=fit.scores["technology_id"].map(top).fillna(""))
        parts += [
            Markup("<h3>Technologies: fit to the cluster ({})</h3>").format(fit.year),
            Markup(
                "<p>Fit 0–100 = presence of members in the technology's OKVED (0.4), demand "
                "for its product — growth of the two regions' consumption over five years and "
                "major projects' needs over the next five (0.4), and readiness (TRL ≥ 7 counts "
                "as near-term; 0.2). Candidate adopters are member plants making the product, "
                "those with the highest modernisation need first. TRLs are the compilers' "
                "judgement.</p>"
            ),
            _table(
                scores,
                {
                    "technology_id": "Id",
                    "name_en": "Technology",
                    "side": "Side",
                    "trl": "TRL",
                    "fit": "Fit",
                    "reasons": "Reasons",
                    "adopters": "First candidate adopters",
                },
                digits={"trl": 0, "fit": 1},
            ),
        ]
        assets["enterprises/technology_fit.csv"] = fit.scores.to_csv(index=False).encode()
        assets["enterprises/technology_adopters.csv"] = fit.candidates.to_csv(index=False).encode()
    parts.append(Markup("<p>Tables: {}.</p>").format(", ".join(sorted(assets))))
    return Section(key=KEY, title=TITLE, html=str(Markup("").join(parts)), assets=assets)
