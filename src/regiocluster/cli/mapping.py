"""``regiocluster mapping ...``: render the Results of :mod:`regiocluster.mapping.case`."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import pandas as pd
import typer
from rich.console import Console

from regiocluster.cli._common import (
    Format,
    FormatOption,
    load_or_exit,
    render,
    save_csv,
    show_frame,
)
from regiocluster.result import Result

app = typer.Typer(
    help="Specialisation, strong clusters, related industries, members, boundaries.",
    no_args_is_help=True,
)
console = Console(width=120)


def show(frame: pd.DataFrame, title: str, *, limit: int = 30) -> None:
    """Print a DataFrame as a rich table."""
    show_frame(console, frame, title, limit=limit, cell=_cell, numeric_kinds="fi")


def _cell(value: Any) -> str:
    if isinstance(value, float):
        return "" if pd.isna(value) else f"{value:,.3f}"
    return "" if value is None else str(value)


def _save(frame: pd.DataFrame, out: Path | None, fmt: Format) -> None:
    save_csv(console if fmt is Format.table else Console(stderr=True), frame, out)


@app.command("lq")
def lq_command(
    case: str = typer.Argument(..., help="Case name or folder."),
    year: int | None = typer.Option(None, help="Year (default: the last)."),
    region: str | None = typer.Option(None, help="Region to show (default: the case's region)."),
    base: str = typer.Option("total", help="total (textbook) or traded (US Cluster Mapping)."),
    out: Path | None = typer.Option(None, help="Write all regions' LQs to this CSV."),
    fmt: FormatOption = Format.table,
) -> None:
    """Location quotients of every industry in the federal subjects."""
    from regiocluster.mapping.case import lq

    result = lq(load_or_exit(case, console), year=year, base=base)

    def table(r: Result) -> None:
        where = region or r.options["region"]
        view = r.frame[r.frame["region_id"] == where].sort_values("lq", ascending=False)
        show(view[["okved", "name_en", "employees", "lq"]], f"LQ ({base} base), {where}, {r.year}")

    render(result, fmt, table=table, console=console)
    _save(result.frame, out, fmt)


@app.command("strong")
def strong_command(
    case: str = typer.Argument(..., help="Case name or folder."),
    year: int | None = typer.Option(None, help="Year (default: the last)."),
    rule: str = typer.Option("us", help="us (75th pct), us90 (90th pct) or eco (stars)."),
    region: str | None = typer.Option(None, help="Region to show (default: the case's region)."),
    out: Path | None = typer.Option(None, help="Write all regions' results to this CSV."),
    fmt: FormatOption = Format.table,
) -> None:
    """Strong clusters by the US Cluster Mapping rule or European Cluster Observatory stars."""
    from regiocluster.mapping.case import strong

    result = strong(load_or_exit(case, console), year=year, rule=rule)

    def table(r: Result) -> None:
        where = region or r.options["region"]
        view = r.frame[(r.frame["region_id"] == where) & r.frame["flagged"]]
        cols = (
            ["okved", "name_en", "employees", "lq", "focus", "stars"]
            if rule == "eco"
            else ["okved", "name_en", "employees", "establishments", "lq", "lq_threshold"]
        )
        view = view.sort_values("lq", ascending=False)
        show(view[cols], f"Strong clusters ({rule}), {where}, {r.year}: {len(view)}")  # fmt: skip

    render(result, fmt, table=table, console=console)
    _save(result.frame, out, fmt)


@app.command("related")
def related_command(
    case: str = typer.Argument(..., help="Case name or folder."),
    year: int | None = typer.Option(None, help="Year (default: the last)."),
    clusters: int = typer.Option(16, help="Number of clusters."),
    out: Path | None = typer.Option(None, help="Write the cluster definition table to this CSV."),
    fmt: FormatOption = Format.table,
) -> None:
    """Related-industry clusters of traded industries (Delgado, Porter & Stern 2016)."""
    from regiocluster.mapping.case import related

    result = related(load_or_exit(case, console), year=year, n_clusters=clusters)
    render(result, fmt, console=console, table=lambda r: show(
        r.frames["chain"], "Where the construction-materials chain falls", limit=60))  # fmt: skip
    _save(result.frame, out, fmt)


class MembersFormat(StrEnum):
    """Output of ``mapping members``."""

    table = "table"
    json = "json"
    csv = "csv"
    geojson = "geojson"


@app.command("members")
def members_command(
    case: str = typer.Argument(..., help="Case name or folder."),
    year: int | None = typer.Option(None, help="Year (default: the cluster's year)."),
    fmt: Annotated[
        MembersFormat,
        typer.Option("--format", "-f", help="table, json, csv or geojson (EPSG:4326 points)."),
    ] = MembersFormat.table,
    out: Path | None = typer.Option(None, help="Output file (csv / geojson)."),
    n_null: int = typer.Option(99, help="Randomisations for the core's significance."),
) -> None:
    """Cluster members with roles, the cooperation core, and the boundaries."""
    from regiocluster.mapping import members_geojson
    from regiocluster.mapping.case import structure

    c = load_or_exit(case, console)
    with console.status("Mapping members and fitting the core ..."):
        result = structure(c, year=year, n_null=n_null)
    members = result.frames["members"]
    cols = ["enterprise_id", "name", "okved", "role", "region_id", "reason", "core"]
    if fmt is MembersFormat.geojson:
        layer = members_geojson(members, core=members.loc[members["core"], "enterprise_id"])
        text = json.dumps(layer, ensure_ascii=False, indent=1)
        if out is None:
            typer.echo(text)
        else:
            out.write_text(text, encoding="utf-8")
            console.print(f"Wrote {len(layer['features'])} members to {out} (GeoJSON, EPSG:4326)")
        return
    if fmt is MembersFormat.csv and out is not None:
        _save(members[cols], out, Format.csv)
        return

    def table(r: Result) -> None:
        frame = r.frames["members"]
        counts = frame["role"].value_counts().rename_axis("role").reset_index(name="members")
        show(counts, f"{len(frame)} members in {', '.join(c.territory.regions)} ({r.year})")
        show(r.frames["territories"], "Territorial boundary")
        show(r.frames["industries"], "Industry boundary", limit=60)
        core = frame[frame["core"]][["enterprise_id", "name", "role", "region_id"]]
        show(core, f"Cooperation core: {len(core)} members")

    render(result, Format(fmt.value), table=table, console=console)
