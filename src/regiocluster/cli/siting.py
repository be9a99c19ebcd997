"""``regiocluster siting ...``: ranked candidate sites with reasons, optimal plant plans."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import typer
from rich.console import Console
from rich.table import Table

from regiocluster.case.load import Case
from regiocluster.cli._common import Format, FormatOption, load_or_exit, render, save_csv
from regiocluster.siting import (
    CRITERIA,
    LocationProblem,
    MaximalCovering,
    PCenter,
    locate_capacitated,
    locate_plants,
    plant_plan,
    plants_geojson,
    rank_sites,
    service_areas_geojson,
    site_ranking,
    sites_geojson,
)

app = typer.Typer(help="Site suitability, ranking and location-allocation.", no_args_is_help=True)
console = Console()


def _load(case: str) -> Case:
    return load_or_exit(case, console)


def _write_geojson(path: Path, collection: dict) -> None:
    path.write_text(json.dumps(collection, ensure_ascii=False), encoding="utf-8")
    console.print(f"Wrote {len(collection['features'])} features to {path}")


def _write_geopackage(path: Path, layers: dict[str, dict]) -> None:
    """Write GeoJSON collections as layers of one GeoPackage (one geometry type per layer)."""
    import geopandas as gpd

    for name, collection in layers.items():
        by_type: dict[str, list[dict]] = {}
        for feature in collection["features"]:
            by_type.setdefault(feature["geometry"]["type"], []).append(feature)
        for geometry_type, features in by_type.items():
            layer = name if len(by_type) == 1 else f"{name}_{geometry_type.lower()}"
            frame = gpd.GeoDataFrame.from_features(features, crs="EPSG:4326")
            frame.to_file(path, layer=layer, driver="GPKG")
            console.print(f"Wrote layer {layer} ({len(frame)} features) to {path}")


@app.command("rank")
def rank_command(
    case: str = typer.Argument(..., help="Case name or folder."),
    product: str = typer.Option(..., "--product", help="Product id, e.g. cement."),
    limit: int = typer.Option(10, help="Sites to show."),
    draws: int = typer.Option(500, help="Monte Carlo weight draws for rank stability."),
    weight: list[str] = typer.Option(
        [],
        "--weight",
        help="Criterion weight as name=value (repeatable); unnamed criteria get 0. "
        "Criteria: " + ", ".join(CRITERIA),
    ),
    geojson: Path | None = typer.Option(None, help="Write the sites layer (EPSG:4326)."),
    gpkg: Path | None = typer.Option(None, help="Write the sites layer to a GeoPackage."),
    out: Path | None = typer.Option(None, help="Write the full ranking to this CSV."),
    fmt: FormatOption = Format.table,
) -> None:
    """Rank the candidate sites for a product, with each site's reasons."""
    weights = None
    if weight:
        try:
            weights = {k: float(v) for k, v in (item.split("=", 1) for item in weight)}
        except ValueError as exc:
            console.print(f"[red]--weight must be name=value: {exc}[/red]")
            raise typer.Exit(code=2) from exc
        unknown = set(weights) - set(CRITERIA)
        if unknown:
            console.print(f"[red]Unknown criteria: {', '.join(sorted(unknown))}[/red]")
            raise typer.Exit(code=2)
    loaded = _load(case)
    try:
        if fmt is not Format.table:
            render(site_ranking(loaded, product, draws=draws, weights=weights), fmt)
            return
        ranking = rank_sites(loaded, product, draws=draws, weights=weights)
    except (KeyError, ValueError) as exc:
        console.print(f"[red]Cannot rank sites for {product}: {exc}[/red]")
        raise typer.Exit(code=1) from exc
    eligible = ranking.eligible
    table = Table(title=f"Sites for {product}: {len(eligible)} of {len(ranking.table)} eligible")
    for header in ("rank", "site", "name", "TOPSIS", "same rank", "reason"):
        table.add_column(header, overflow="fold")
    for site_id, row in eligible.head(limit).iterrows():
        table.add_row(
            str(row["rank"]),
            str(site_id),
            str(row["name"]),
            f"{row['topsis']:.3f}",
            f"{row['p_same_rank']:.0%}",
            str(row["reason"]),
        )
    console.print(table)
    excluded = ranking.table[~ranking.table["eligible"]]
    if len(excluded):
        console.print(f"{len(excluded)} sites excluded, e.g.:")
        for site_id, row in excluded.head(3).iterrows():
            console.print(f"  {site_id} {row['name']}: {row['exclusion']}")
    save_csv(console, ranking.table, out, index=True)
    if geojson is not None:
        _write_geojson(geojson, sites_geojson(ranking))
    if gpkg is not None:
        _write_geopackage(gpkg, {f"sites_{product}": sites_geojson(ranking)})


@app.command("locate")
def locate_command(
    case: str = typer.Argument(..., help="Case name or folder."),
    product: str = typer.Option(..., "--product", help="Product id, e.g. cement."),
    p: int = typer.Option(3, "--p", help="Number of plants."),
    time_limit: float | None = typer.Option(None, help="Seconds for the exact solver."),
    geojson_dir: Path | None = typer.Option(
        None, help="Write plants.geojson and service_areas.geojson to this folder."
    ),
    gpkg: Path | None = typer.Option(
        None, help="Write plants and service areas as layers of a GeoPackage."
    ),
    capacity: float | None = typer.Option(
        None, help="Plant capacity, t/yr: solve capacitated location instead (with --fixed-cost)."
    ),
    fixed_cost: float = typer.Option(0.0, help="Annualised fixed cost per plant, rub/yr."),
    fmt: FormatOption = Format.table,
) -> None:
    """Choose p plant sites that serve the product's market at least transport cost.

    With ``--capacity`` the number of plants is chosen too: capacitated facility
    location with the given (assumed) capacity and fixed cost per plant.
    """
    loaded = _load(case)
    if capacity is not None:
        _capacitated(loaded, product, capacity, fixed_cost, time_limit)
        return
    if fmt is not Format.table:
        try:
            render(plant_plan(loaded, product, p=p, time_limit=time_limit), fmt)
        except (KeyError, ValueError) as exc:
            console.print(f"[red]Cannot locate plants for {product}: {exc}[/red]")
            raise typer.Exit(code=1) from exc
        return
    try:
        plan = locate_plants(loaded, product, p, time_limit=time_limit)
    except (KeyError, ValueError) as exc:
        console.print(f"[red]Cannot locate plants for {product}: {exc}[/red]")
        raise typer.Exit(code=1) from exc
    sites = loaded.tables["sites"].set_index("site_id")
    names = sites["name"]
    if plan.existing_plants is not None:
        names = pd.concat([names, plan.existing_plants["name"]])
    kept = f" + {len(plan.existing)} existing" if plan.existing else ""
    table = Table(
        title=(
            f"{product}: {len(plan.sites)} new plants{kept}, {plan.status}, mean delivery "
            f"{plan.cost_per_tonne:,.0f} rub/t (demand {plan.year})"
        )
    )
    for header in ("site", "name", "status", "serves", "tonnes"):
        table.add_column(header, overflow="fold")
    for site_id in [*plan.sites, *plan.existing]:
        served = plan.assignment[plan.assignment["site"] == site_id]
        table.add_row(
            str(site_id),
            str(names.get(site_id, site_id)),
            "existing" if site_id in plan.existing else "new",
            ", ".join(str(name) for name in served["name"]),
            f"{served['tonnes'].sum():,.0f}",
        )
    console.print(table)
    console.print(f"Total transport cost: {plan.objective:,.0f} rub per year")
    if geojson_dir is not None:
        geojson_dir.mkdir(parents=True, exist_ok=True)
        _write_geojson(geojson_dir / "plants.geojson", plants_geojson(plan, sites))
        _write_geojson(geojson_dir / "service_areas.geojson", service_areas_geojson(plan, sites))
    if gpkg is not None:
        _write_geopackage(
            gpkg,
            {
                f"plants_{product}": plants_geojson(plan, sites),
                f"service_{product}": service_areas_geojson(plan, sites),
            },
        )


def _capacitated(loaded: Case, product: str, capacity: float, fixed_cost: float, time_limit):
    try:
        plan = locate_capacitated(
            loaded, product, capacity=capacity, fixed_cost=fixed_cost, time_limit=time_limit
        )
    except (KeyError, ValueError) as exc:
        console.print(f"[red]Cannot locate plants for {product}: {exc}[/red]")
        raise typer.Exit(code=1) from exc
    if plan.status == "infeasible":
        console.print("[red]Infeasible: the candidate sites cannot cover the demand.[/red]")
        raise typer.Exit(code=1)
    sites = loaded.tables["sites"].set_index("site_id")
    firms = loaded.tables["enterprises"].set_index("enterprise_id")["name"]
    console.print(
        f"Demand {plan.demand_t:,.0f} t ({plan.year}); existing plants "
        f"{plan.existing_capacity_t:,.0f} t capacity; gap {plan.capacity_gap_t:,.0f} t; "
        f"new capacity {plan.new_capacity_t:,.0f} t."
    )
    table = Table(
        title=(
            f"{product}: build {len(plan.sites)} new plants, keep {len(plan.existing)} "
            f"({plan.status}); fixed {plan.fixed_cost:,.0f} + transport "
            f"{plan.transport_cost:,.0f} rub/yr"
        )
    )
    for header in ("plant", "name", "status", "serves", "tonnes"):
        table.add_column(header, overflow="fold")
    names = loaded.tables["regions"].set_index("region_id")["name_en"]
    for site_id in [*plan.existing, *plan.sites]:
        shipped = plan.flows[site_id] if site_id in plan.flows else plan.flows.iloc[:, :0].sum(1)
        shipped = shipped[shipped > 1e-6]
        table.add_row(
            str(site_id),
            str(sites["name"].get(site_id, firms.get(site_id, site_id))),
            "existing" if site_id in plan.existing else "new",
            ", ".join(str(names.get(point, point)) for point in shipped.index),
            f"{shipped.sum():,.0f}",
        )
    console.print(table)


@app.command("cover")
def cover_command(
    case: str = typer.Argument(..., help="Case name or folder."),
    product: str = typer.Option(..., "--product", help="Product id, e.g. cement."),
    p: int = typer.Option(2, "--p", help="Number of plants."),
    radius: float = typer.Option(200.0, help="Delivery cost that counts as covered, rub/t."),
) -> None:
    """Maximal covering within a delivery cost, and the p-center (least worst-case cost)."""
    loaded = _load(case)
    try:
        problem = LocationProblem.from_case(loaded, product)
    except (KeyError, ValueError) as exc:
        console.print(f"[red]Cannot build the covering models for {product}: {exc}[/red]")
        raise typer.Exit(code=1) from exc
    cost, weights = problem.cost, problem.weights
    p = min(p, cost.shape[1])
    covering = MaximalCovering.from_cost_matrix(cost, weights, p=p, radius=radius).solve()
    center = PCenter.from_cost_matrix(cost, weights, p=p).solve()
    console.print(
        f"Maximal covering, {p} plants within {radius:,.0f} rub/t: {', '.join(covering.sites_)} "
        f"cover {covering.coverage_:.1%} of {weights.sum():,.0f} t ({covering.status_})."
    )
    console.print(
        f"p-center, {p} plants: {', '.join(center.sites_)}; no demand point pays more than "
        f"{center.objective_:,.0f} rub/t."
    )
