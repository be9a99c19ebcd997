"""``regiocluster mapping ...``: specialisation, strong clusters, related industries, members."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd
import typer
from rich.console import Console

from regiocluster.case.load import Case
from regiocluster.cli._common import load_or_exit, save_csv, show_frame

app = typer.Typer(
    help="Specialisation, strong clusters, related industries, members, boundaries.",
    no_args_is_help=True,
)
console = Console()

SUBJECT_KINDS = ("federal_subject", "federal_city")


def load(case: str) -> Case:
    """Load a case or exit with its problems."""
    return load_or_exit(case, console)


def subject_employment(case: Case, year: int | None) -> tuple[pd.DataFrame, int]:
    """Employment of federal subjects (no districts, no country row) in one year."""
    regions = case.tables["regions"]
    subjects = regions.loc[regions["kind"].isin(SUBJECT_KINDS), "region_id"]
    employment = case.tables["employment"]
    year = int(employment["year"].max()) if year is None else year
    table = employment[(employment["year"] == year) & employment["region_id"].isin(subjects)]
    industries = case.tables["industries"].set_index("okved")
    table = table.assign(traded=table["okved"].map(industries["traded"]).fillna(False))
    return table.drop(columns="year"), year


def show(frame: pd.DataFrame, title: str, *, limit: int = 30) -> None:
    """Print a DataFrame as a rich table."""
    show_frame(console, frame, title, limit=limit, cell=_cell, numeric_kinds="fi")


def _cell(value: Any) -> str:
    if isinstance(value, float):
        return "" if pd.isna(value) else f"{value:,.3f}"
    return "" if value is None else str(value)


def save(frame: pd.DataFrame, out: Path | None) -> None:
    """Write a CSV when ``--out`` is given."""
    save_csv(console, frame, out)


@app.command("lq")
def lq_command(
    case: str = typer.Argument(..., help="Case name or folder."),
    year: int | None = typer.Option(None, help="Year (default: the last)."),
    region: str | None = typer.Option(None, help="Region to show (default: the case's region)."),
    base: str = typer.Option("total", help="total (textbook) or traded (US Cluster Mapping)."),
    out: Path | None = typer.Option(None, help="Write all regions' LQs to this CSV."),
) -> None:
    """Location quotients of every industry in the federal subjects."""
    from regiocluster.mapping import location_quotient

    c = load(case)
    table, year = subject_employment(c, year)
    result = location_quotient(table, base=base)  # type: ignore[arg-type]
    names = c.tables["industries"].set_index("okved")["name_en"]
    result["name_en"] = result["okved"].map(names)
    region = region or c.meta.get("region", "RU-LEN")
    view = result[result["region_id"] == region].sort_values("lq", ascending=False)
    show(view[["okved", "name_en", "employees", "lq"]], f"LQ ({base} base), {region}, {year}")
    save(result, out)


@app.command("strong")
def strong_command(
    case: str = typer.Argument(..., help="Case name or folder."),
    year: int | None = typer.Option(None, help="Year (default: the last)."),
    rule: str = typer.Option("us", help="us (75th pct), us90 (90th pct) or eco (stars)."),
    region: str | None = typer.Option(None, help="Region to show (default: the case's region)."),
    out: Path | None = typer.Option(None, help="Write all regions' results to this CSV."),
) -> None:
    """Strong clusters by the US Cluster Mapping rule or European Cluster Observatory stars."""
    from regiocluster.mapping import eco_stars, us_strong_clusters

    c = load(case)
    table, year = subject_employment(c, year)
    region = region or c.meta.get("region", "RU-LEN")
    names = c.tables["industries"].set_index("okved")["name_en"]
    if rule in ("us", "us90"):
        # federal cities are federal subjects: one type, compared with each other
        kinds = (
            c.tables["regions"]
            .set_index("region_id")["kind"]
            .replace({"federal_city": "federal_subject"})
        )
        result = us_strong_clusters(
            table, region_type=kinds, lq_percentile=90.0 if rule == "us90" else 75.0
        )
        view = result[(result["region_id"] == region) & result["strong"]]
        cols = ["okved", "name_en", "employees", "establishments", "lq", "lq_threshold"]
    elif rule == "eco":
        result = eco_stars(table)
        view = result[(result["region_id"] == region) & (result["stars"] > 0)]
        cols = ["okved", "name_en", "employees", "lq", "focus", "stars"]
    else:
        raise typer.BadParameter("rule must be us, us90 or eco")
    result["name_en"] = result["okved"].map(names)
    view = view.assign(name_en=view["okved"].map(names)).sort_values("lq", ascending=False)
    show(view[cols], f"Strong clusters ({rule}), {region}, {year}: {len(view)}")
    save(result, out)


@app.command("related")
def related_command(
    case: str = typer.Argument(..., help="Case name or folder."),
    year: int | None = typer.Option(None, help="Year (default: the last)."),
    clusters: int = typer.Option(16, help="Number of clusters."),
    out: Path | None = typer.Option(None, help="Write the cluster definition table to this CSV."),
) -> None:
    """Related-industry clusters of traded industries (Delgado, Porter & Stern 2016)."""
    from regiocluster.mapping.structure import related_industry_definition

    c = load(case)
    result = related_industry_definition(c, year=year, n_clusters=clusters)
    definition = result.definition
    how = "k-means refined" if result.refined else "hierarchical"
    console.print(
        f"{len(definition)} traded industries, {clusters} clusters, validation score "
        f"{result.validation_score:.3f} ({how}), employment {result.year}"
    )
    show(result.chain, "Where the construction-materials chain falls", limit=60)
    save(definition, out)


@app.command("members")
def members_command(
    case: str = typer.Argument(..., help="Case name or folder."),
    year: int | None = typer.Option(None, help="Year of supply links (default: the last)."),
    format: str = typer.Option("table", "--format", help="table, csv or geojson."),
    out: Path | None = typer.Option(None, help="Output file (csv / geojson)."),
    n_null: int = typer.Option(99, help="Randomisations for the core's significance."),
) -> None:
    """Cluster members with roles, the cooperation core, and the boundaries."""
    from regiocluster.mapping import members_geojson
    from regiocluster.mapping.structure import cluster_structure

    c = load(case)
    with console.status("Mapping members and fitting the core ..."):
        s = cluster_structure(c, year=year, n_null=n_null)
    members = s.members[s.members["member"]]
    if format == "geojson":
        layer = members_geojson(members, core=members.loc[members["core"], "enterprise_id"])
        text = json.dumps(layer, ensure_ascii=False, indent=1)
        if out is None:
            typer.echo(text)
        else:
            out.write_text(text, encoding="utf-8")
            console.print(f"Wrote {len(layer['features'])} members to {out} (GeoJSON, EPSG:4326)")
        return
    cols = ["enterprise_id", "name", "okved", "role", "region_id", "reason", "core"]
    if format == "csv":
        if out is None:
            typer.echo(members[cols].to_csv(index=False))
        else:
            save(members[cols], out)
        return
    counts = members["role"].value_counts().rename_axis("role").reset_index(name="members")
    show(counts, f"{len(members)} members in {', '.join(s.territory)} ({s.year})")
    show(s.boundaries.territories, "Territorial boundary")
    show(s.boundaries.industries, "Industry boundary", limit=60)
    core = members[members["core"]][["enterprise_id", "name", "role", "region_id"]]
    show(core, f"Cooperation core: {len(core)} members (p = {s.core_periphery.p_value_:.3f})")
