"""``regiocluster enterprises ...``: support measures, scorecards, projects, technologies."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pandas as pd
import typer
from rich.console import Console

from regiocluster.case.load import Case
from regiocluster.cli._common import (
    Format,
    FormatOption,
    load_or_exit,
    render,
    save_csv,
    show_frame,
)
from regiocluster.enterprises import case as ec
from regiocluster.enterprises.projects import project_totals
from regiocluster.errors import InvalidValueError

app = typer.Typer(
    help="Support measures, scorecards and modernisation, major projects, technologies.",
    no_args_is_help=True,
)
console = Console(width=200)

SYNTHETIC_NOTE = (
    "Enterprise-level figures of the embedded case are synthetic (illustrative), not statistics."
)


def _load(case: str) -> Case:
    return load_or_exit(case, console)


def _cell(value: Any, digits: int | None = None) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        if digits is not None:
            return f"{value:,.{digits}f}"
        return f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.3f}"
    return str(value)


def _show(
    frame: pd.DataFrame,
    title: str,
    *,
    limit: int,
    digits: dict[str, int] | None = None,
) -> None:
    show_frame(
        console,
        frame,
        title,
        limit=limit,
        cell=_cell,
        column_cells={col: partial(_cell, digits=d) for col, d in (digits or {}).items()},
        overflow="fold",
    )


def _save(frame: pd.DataFrame, out: Path | None) -> None:
    save_csv(console, frame, out)


@app.command("support")
def support_command(
    case: str = typer.Argument(..., help="Case name or folder."),
    enterprise: str | None = typer.Option(None, help="One enterprise: every measure and why."),
    year: int | None = typer.Option(None, help="Year of the finances (default: the last)."),
    limit: int = typer.Option(40, help="Rows to show."),
    out: Path | None = typer.Option(None, help="Write every enterprise × measure to this CSV."),
    fmt: FormatOption = Format.table,
) -> None:
    """Support measures: how many members qualify, or what one enterprise qualifies for."""
    loaded = _load(case)
    result = ec.eligibility(loaded, year=year)
    if fmt is not Format.table:
        return render(result, fmt)
    pairs = result.frames["pairs"]
    if enterprise is not None:
        mine = pairs[pairs["enterprise_id"] == enterprise]
        if mine.empty:
            raise InvalidValueError("enterprise", enterprise, pairs["enterprise_id"].unique())
        names = loaded.tables["support_measures"].set_index("measure_id")["name_en"]
        view = mine.assign(name=mine["measure_id"].map(names))[
            ["measure_id", "name", "eligible", "reasons"]
        ].sort_values(["eligible", "measure_id"], ascending=[False, True])
        view["reasons"] = view["reasons"].astype(object)
        firm = loaded.tables["enterprises"].set_index("enterprise_id").loc[enterprise]
        _show(
            view,
            f"{enterprise} {firm['name']} (OKVED {firm['okved']}, {firm['region_id']}): "
            f"{int(mine['eligible'].sum())} of {len(mine)} measures, {result.year}",
            limit=limit,
        )
    else:
        summary = result.frames["summary"].drop(columns=["share"])
        _show(
            summary,
            f"Support measures: members that qualify ({result.year})",
            limit=limit,
        )
    console.print(SYNTHETIC_NOTE)
    _save(pairs, out)


@app.command("scorecard")
def scorecard_command(
    case: str = typer.Argument(..., help="Case name or folder."),
    enterprise: str | None = typer.Option(None, help="One enterprise's scorecard by year."),
    year: int | None = typer.Option(None, help="Year (default: the last)."),
    limit: int = typer.Option(20, help="Rows to show."),
    out: Path | None = typer.Option(None, help="Write the table shown (all rows) to this CSV."),
    fmt: FormatOption = Format.table,
) -> None:
    """Scorecards and the modernisation-need ranking of plants, with reasons."""
    result = ec.scorecards(_load(case), year=year)
    if fmt is not Format.table:
        return render(result, fmt)
    if enterprise is not None:
        cards = result.frames["scorecards"]
        card = cards[cards["enterprise_id"] == enterprise]
        if card.empty:
            raise InvalidValueError("enterprise", enterprise, cards["enterprise_id"].unique())
        cols = [
            "year", "employees", "revenue", "utilisation", "productivity", "productivity_pct",
            "revenue_growth", "export_share", "investment_rate", "profitability", "asset_wear",
        ]  # fmt: skip
        _show(
            card[cols],
            f"Scorecard of {enterprise} (peers: OKVED {card['peer_group'].iloc[0]})",
            limit=limit,
            digits={c: 3 for c in cols if c not in ("year", "employees", "revenue")}
            | {"revenue": 1, "employees": 0},
        )
        _save(card, out)
    else:
        needs = result.frames["needs"]
        view = needs[
            ["enterprise_id", "okved", "asset_wear", "productivity_pct", "utilisation", "score",
             "reasons"]
        ]  # fmt: skip
        _show(
            view,
            "Modernisation needs of plants (score 0-100: wear 0.40, productivity vs peers "
            "0.35, utilisation outside 60-90% 0.25)",
            limit=limit,
            digits={"asset_wear": 2, "productivity_pct": 2, "utilisation": 2, "score": 1},
        )
        _save(needs, out)
    console.print(SYNTHETIC_NOTE)


@app.command("projects")
def projects_command(
    case: str = typer.Argument(..., help="Case name or folder."),
    year: int | None = typer.Option(None, help="One year: coverage by product in that year."),
    project: str | None = typer.Option(None, help="One project: its suppliers, nearest first."),
    limit: int = typer.Option(30, help="Rows to show."),
    out: Path | None = typer.Option(None, help="Write the table shown (all rows) to this CSV."),
    fmt: FormatOption = Format.table,
) -> None:
    """Major projects' needs against the cluster's free capacity; suppliers and shortfalls."""
    loaded = _load(case)
    projects = ec.projects(loaded)
    if fmt is not Format.table:
        return render(projects, fmt)
    result = SimpleNamespace(**projects.frames)
    if project is not None:
        alloc = result.allocations[result.allocations["project_id"] == project]
        if alloc.empty and project not in set(result.by_project["project_id"]):
            raise InvalidValueError("project", project, result.by_project["project_id"].unique())
        view = (
            alloc.groupby(["product_id", "enterprise_id"], as_index=False)
            .agg(distance_km=("distance_km", "first"), allocated=("allocated", "sum"))
            .sort_values(["product_id", "distance_km"])
        )
        _show(view, f"Suppliers of {project} (all years)", limit=limit,
              digits={"distance_km": 1, "allocated": 0})  # fmt: skip
        _save(view, out)
    elif year is not None:
        view = result.by_product[result.by_product["year"] == year].drop(columns=["year"])
        _show(
            view,
            f"Project needs and the cluster's free capacity, {year}",
            limit=limit,
            digits={"coverage": 3, "need_share_of_output": 3, "shortfall": 0, "allocated": 0},
        )
        _save(view, out)
    else:
        view = project_totals(result.by_project, loaded.tables["products"])
        worst = (
            result.by_project[result.by_project["shortfall"] > 0]
            .groupby(["project_id", "product_id"])["shortfall"]
            .sum()
            .reset_index()
            .sort_values("shortfall", ascending=False)
            .drop_duplicates("project_id")
            .set_index("project_id")["product_id"]
        )
        view["main_shortfall"] = view["project_id"].map(worst).fillna("")
        projects = loaded.tables["major_projects"].set_index("project_id")
        view.insert(1, "name", view["project_id"].map(projects["name"]))
        view.insert(2, "years", view["project_id"].map(
            projects["start_year"].astype(str) + "-" + projects["end_year"].astype(str)
        ))  # fmt: skip
        _show(
            view.sort_values("coverage"),
            "Major projects: need and what the cluster's free capacity covers (all years, tonnes)",
            limit=limit,
            digits={"coverage": 3, "need_t": 0, "allocated_t": 0, "shortfall_t": 0},
        )
        _save(result.by_project, out)
    console.print(
        "Free capacity = capacity - output of member plants in the territory, held at the last "
        "observed year after it; nearest supplier first. Project needs are synthetic."
    )


@app.command("technologies")
def technologies_command(
    case: str = typer.Argument(..., help="Case name or folder."),
    technology: str | None = typer.Option(None, help="One technology: its candidate adopters."),
    limit: int = typer.Option(30, help="Rows to show."),
    out: Path | None = typer.Option(None, help="Write the table shown (all rows) to this CSV."),
    fmt: FormatOption = Format.table,
) -> None:
    """Fit of each technology to the cluster with reasons; candidate adopters."""
    fit = ec.technologies(_load(case))
    if fmt is not Format.table:
        return render(fit, fmt)
    result = SimpleNamespace(**fit.frames, year=fit.year)
    if technology is not None:
        view = result.candidates[result.candidates["technology_id"] == technology]
        if technology not in set(result.scores["technology_id"]):
            raise InvalidValueError("technology", technology, result.scores["technology_id"])
        _show(view, f"Candidate adopters of {technology}", limit=limit,
              digits={"modernisation_score": 1})  # fmt: skip
        _save(view, out)
    else:
        view = result.scores[
            ["technology_id", "name_en", "side", "trl", "producers", "makers", "fit", "reasons"]
        ]
        _show(view, f"Technology fit ({result.year})", limit=limit, digits={"fit": 1})
        _save(result.scores, out)
