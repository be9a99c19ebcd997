"""Annexes: methodology (formula and reference per method), data and sources, glossary."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from regiocluster.case.load import Case
from regiocluster.report.model import N_, Chapter, Column, Markdown, Name, Paragraph, Table
from regiocluster.report.registry import register_chapter
from regiocluster.report.results import ResultBook

#: (method, formula, reference) — the formula and the reference are not translated.
METHODS = (
    (
        N_("Market balance and import share"),
        "C = P + M − X;  s_M = M_ext / C",
        "Rosstat balance method; regiocluster market.balances",
    ),
    (
        N_("Demand by drivers"),
        "D_t = Σ_d I_d · x_{d,t−lag} + b · pop_t",
        "Hyndman & Athanasopoulos (2021), Forecasting: Principles and Practice, ch. 7",
    ),
    (
        N_("Statistical correction (SCUM)"),
        "ŷ = median(ETS, ARIMA, CES, DOTM)",
        "Petropoulos & Svetunkov (2020), Int. J. Forecasting 36(1)",
    ),
    (
        N_("Capacity needed and gap"),
        "K* = (D·(1 − s_M) + X) / 0.85;  gap = K* − K",
        "UNIDO (1991), Manual for the Preparation of Industrial Feasibility Studies",
    ),
    (
        N_("Location quotient"),
        "LQ = (e_ir / e_r) / (e_iN / e_N)",
        "Miller & Blair (2009), Input-Output Analysis, §8.2",
    ),
    (
        N_("Functional dependence (Decree 779)"),
        "FD = Σ purchases from members / Σ purchases of members",
        "Постановление Правительства РФ от 31.07.2015 № 779",
    ),
    (
        N_("Core and periphery"),
        "max Σ_ij a_ij δ_ij, δ_ij = c_i c_j",
        "Borgatti & Everett (2000), Social Networks 21(4)",
    ),
    (
        N_("Revealed comparative advantage"),
        "RCA = (x_cp / Σ_p x_cp) / (Σ_c x_cp / Σ_cp x_cp)",
        "Balassa (1965); Hidalgo & Hausmann (2009), PNAS 106(26)",
    ),
    (
        N_("Export potential"),
        "EPI = supply × demand × ease × transport factor",
        "ITC (2017), Export Potential Assessment Methodology",
    ),
    (
        N_("Site ranking (TOPSIS)"),
        "C_i = d_i⁻ / (d_i⁺ + d_i⁻)",
        "Hwang & Yoon (1981), Multiple Attribute Decision Making",
    ),
    (
        N_("Input-output multipliers"),
        "L = (I − A)⁻¹;  m_j = Σ_i l_ij",
        "Miller & Blair (2009), Input-Output Analysis, ch. 6",
    ),
    (
        N_("Regionalisation (FLQ)"),
        "FLQ_ij = CILQ_ij · λ*,  λ* = [log₂(1 + E_r/E_N)]^δ",
        "Flegg & Webber (1997), Regional Studies 31(8)",
    ),
)

GLOSSARY = (
    (
        N_("Agglomeration"),
        N_(
            "The cluster's regions taken together as one market; shipments between them are "
            "internal."
        ),
    ),
    (N_("Apparent consumption"), N_("Production plus imports minus exports.")),
    (
        N_("Capacity gap"),
        N_(
            "Capacity needed to meet demand minus capacity today; positive means capacity to build."
        ),
    ),
    (N_("Core"), N_("Members most densely linked by supply with each other.")),
    (N_("Functional dependence"), N_("The share of members' purchases bought from other members.")),
    (
        N_("Illustrative"),
        N_("Computed on synthetic data: shows the method, not the facts of real enterprises."),
    ),
    (
        N_("Import share"),
        N_("Imports from outside the cluster's territory divided by apparent consumption."),
    ),
    (
        N_("Member"),
        N_(
            "An organisation of the cluster's territory in its industries or supporting "
            "institutions."
        ),
    ),
    (N_("TOPSIS"), N_("A ranking by closeness to the ideal site and distance from the worst one.")),
)


@register_chapter(key="methodology", title=N_("Methodology"), order=200)
def methodology(case: Case, book: ResultBook) -> Chapter:
    """Annex A: each method with its formula and reference."""
    frame = pd.DataFrame(
        [{"method": m, "formula": f, "reference": Name(r, r, r)} for m, f, r in METHODS]
    )
    return Chapter(
        "methodology",
        N_("Methodology"),
        blocks=[
            Table(
                "annex.methods",
                N_("Methods, formulas and references"),
                (
                    Column("method", N_("Method"), "message"),
                    Column("formula", N_("Formula"), "text"),
                    Column("reference", N_("Reference"), "name"),
                ),
                frame,
                limit=None,
            )
        ],
        intro=N_(
            "Every number of the study is computed once by the method below and stored in "
            "results.json with its provenance."
        ),
        annex=True,
    )


def _sources_markdown(folder: Path) -> str:
    rows = []
    for path in sorted(folder.glob("sources*.csv")):
        table = pd.read_csv(path, dtype=str).fillna("")
        for r in table.itertuples():
            link = f"[{r.url}]({r.url})" if r.url.startswith("http") else "—"
            rows.append(
                f"| `{r.key}` | {r.title} | {r.publisher} | {link} | {r.accessed} | {r.licence} |"
            )
    if not rows:
        return ""
    head = "| key | title | publisher | address | accessed | licence |\n|---|---|---|---|---|---|"
    return "\n\n## Sources\n\n" + head + "\n" + "\n".join(rows) + "\n"


@register_chapter(key="sources", title=N_("Data and sources"), order=210)
def sources(case: Case, book: ResultBook) -> Chapter:
    """Annex B: the case's data card, rendered, with its sources as links."""
    blocks: list = []
    folder = case.path
    card_name = str(case.meta.get("data_card", "DATA_CARD.md"))
    if folder is not None and (folder / card_name).exists():
        text = (folder / card_name).read_text(encoding="utf-8")
        text += _sources_markdown(folder / "facts")
        blocks.append(Markdown(text))
    else:
        blocks.append(Paragraph(N_("The case has no data card.")))
    return Chapter(
        "sources",
        N_("Data and sources"),
        blocks=blocks,
        intro=N_(
            "The case's data card, as its authors wrote it (in its own language): which "
            "tables are real, with their sources, and which are synthetic."
        ),
        annex=True,
    )


@register_chapter(key="glossary", title=N_("Glossary"), order=220)
def glossary(case: Case, book: ResultBook) -> Chapter:
    """Annex C: the study's terms."""
    frame = pd.DataFrame([{"term": t, "meaning": d} for t, d in GLOSSARY])
    return Chapter(
        "glossary",
        N_("Glossary"),
        blocks=[
            Table(
                "annex.glossary",
                N_("Terms"),
                (
                    Column("term", N_("Term"), "message"),
                    Column("meaning", N_("Meaning"), "message"),
                ),
                frame,
                limit=None,
            )
        ],
        annex=True,
    )
