"""Siting on the embedded case end to end: screening, ranking, reasons, plan, layers, CLI."""

from __future__ import annotations

import itertools
import json

import numpy as np
import pandas as pd
import pytest
from shapely.geometry import shape
from typer.testing import CliRunner

from regiocluster.siting import (
    FreightNetwork,
    demand_points,
    existing_plants,
    locate_plants,
    plants_geojson,
    rank_sites,
    rules_for,
    screen_sites,
    service_areas_geojson,
    sites_geojson,
)


@pytest.fixture(scope="module")
def case():
    from regiocluster import load_case

    return load_case("leningrad")


@pytest.fixture(scope="module")
def network(case):
    return FreightNetwork.from_case(case)


def test_every_exclusion_has_its_reason(case):
    sites = case.tables["sites"]
    rules = rules_for("cement")
    screen = screen_sites(sites, rules).join(sites.set_index("site_id"))
    assert (screen["site_kind"] == "technopark").sum() >= 5
    for _, row in screen.iterrows():
        failures = [
            row["land_category"] not in rules.allowed_land,
            row["area_ha"] < rules.min_area_ha,
            bool(row["protected_area"]),
            bool(row["water_protection_zone"]),
            row["distance_to_housing_m"] < rules.sanitary_distance_m,
            row["site_kind"] == "technopark",  # cement is SanPiN class II
        ]
        assert row["eligible"] == (not any(failures))
        assert row["exclusion"].count(";") + 1 == sum(failures) or (
            not any(failures) and row["exclusion"] == ""
        )


def test_demand_points_add_up_to_the_market_balance(case):
    demand = demand_points(case, "cement")
    balances = case.tables["market_balances"]
    latest = balances[
        (balances["product_id"] == "cement") & (balances["year"] == demand.attrs["year"])
    ]
    expected = latest[latest["region_id"].isin(["RU-LEN", "RU-SPE"])]["consumption"].sum()
    assert demand["tonnes"].sum() == pytest.approx(expected)


@pytest.mark.parametrize("product", ["cement", "crushed_stone", "aerated_blocks", "sawn_timber"])
def test_ranking_is_ordered_and_every_eligible_site_has_a_reason(case, network, product):
    ranking = rank_sites(case, product, draws=100, network=network)
    eligible = ranking.eligible
    assert len(eligible) >= 2
    # Ranks follow TOPSIS scores.
    assert eligible["topsis"].is_monotonic_decreasing
    assert list(eligible["rank"]) == sorted(eligible["rank"])
    assert eligible["reason"].str.startswith("Strongest:").all()
    excluded = ranking.table[~ranking.table["eligible"]]
    assert excluded["reason"].str.startswith("Excluded:").all()
    assert ranking.weights.sum() == pytest.approx(1.0)


def test_plant_plan_is_the_enumerated_optimum(case, network):
    demand = demand_points(case, "cement")
    demand = demand[demand["tonnes"] > 0]
    screen = screen_sites(case.tables["sites"], rules_for("cement"))
    candidates = list(screen.index[screen["eligible"]])
    sites = case.tables["sites"].set_index("site_id")
    cost = network.matrices(demand, sites.loc[candidates]).cost
    plants = existing_plants(case, "cement", year=demand.attrs["year"])
    assert len(plants) >= 1
    from_existing = network.matrices(demand, plants).cost.min(axis=1).to_numpy()
    weights = demand["tonnes"].to_numpy()
    # New sites only.
    alone = locate_plants(case, "cement", 2, network=network, keep_existing=False)
    best = min(
        float(weights @ cost[list(pair)].to_numpy().min(axis=1))
        for pair in itertools.combinations(candidates, 2)
    )
    assert alone.status == "optimal"
    assert alone.objective == pytest.approx(best)
    assert alone.cost_per_tonne == pytest.approx(best / weights.sum())
    # Existing plants stay open: each point pays the cheaper of a new site and its plant.
    plan = locate_plants(case, "cement", 2, network=network)
    best = min(
        float(weights @ np.minimum(cost[list(pair)].to_numpy().min(axis=1), from_existing))
        for pair in itertools.combinations(candidates, 2)
    )
    assert plan.objective == pytest.approx(best)
    assert set(plan.existing) == set(plants.index)
    assert set(plan.assignment["site"]) <= set(plan.sites) | set(plants.index)
    assert plan.objective <= alone.objective + 1e-6


def _check_collection(collection, bbox):
    assert collection["type"] == "FeatureCollection"
    for feature in collection["features"]:
        geometry = shape(feature["geometry"])
        assert geometry.is_valid
        west, south, east, north = geometry.bounds
        assert bbox[0] <= west and east <= bbox[2] and bbox[1] <= south and north <= bbox[3]
        json.dumps(feature["properties"], allow_nan=False)


def test_layers_are_valid_wgs84_geojson(case, network):
    bbox = case.meta["study_bbox"]
    ranking = rank_sites(case, "cement", draws=50, network=network)
    plan = locate_plants(case, "cement", 3, network=network)
    sites = case.tables["sites"]
    for collection in (
        sites_geojson(ranking),
        plants_geojson(plan, sites),
        service_areas_geojson(plan, sites),
    ):
        _check_collection(collection, bbox)
    served = plants_geojson(plan, sites)["features"]
    assert sum(f["properties"]["tonnes_served"] for f in served) == pytest.approx(
        plan.assignment["tonnes"].sum(), rel=1e-6
    )


def test_cli_rank_and_locate(tmp_path):
    from regiocluster.cli import app

    runner = CliRunner()
    result = runner.invoke(
        app,
        ["siting", "rank", "leningrad", "--product", "cement", "--draws", "50",
         "--geojson", str(tmp_path / "sites.geojson")],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "eligible" in result.output
    assert json.loads((tmp_path / "sites.geojson").read_text())["type"] == "FeatureCollection"
    result = runner.invoke(
        app,
        ["siting", "locate", "leningrad", "--product", "cement", "--p", "3",
         "--geojson-dir", str(tmp_path)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "optimal" in result.output
    plants = json.loads((tmp_path / "plants.geojson").read_text())
    status = [feature["properties"]["status"] for feature in plants["features"]]
    assert status.count("new") == 3 and status.count("existing") >= 1
    result = runner.invoke(app, ["siting", "rank", "leningrad", "--product", "unobtainium"])
    assert result.exit_code == 1
    result = runner.invoke(
        app,
        ["siting", "rank", "leningrad", "--product", "cement", "--draws", "20",
         "--weight", "cost_to_market=1", "--out", str(tmp_path / "rank.csv")],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    ranked = pd.read_csv(tmp_path / "rank.csv", index_col=0)
    eligible = ranked[ranked["eligible"]]
    # With all weight on the cost to market, the best site is the cheapest to serve it from.
    assert eligible["rank"].idxmin() == eligible["cost_to_market"].idxmin()


def test_capacitated_plan_keeps_existing_plants_and_builds_only_for_the_gap(case, network):
    from regiocluster.siting import locate_capacitated

    demand = demand_points(case, "cement")
    total = demand["tonnes"].sum()
    plants = existing_plants(case, "cement", year=demand.attrs["year"])
    capacity = 2_000_000.0
    plan = locate_capacitated(case, "cement", capacity=capacity, fixed_cost=5e8, network=network)
    assert plan.status == "optimal"
    assert sorted(plan.existing) == sorted(plants.index)
    gap = max(total - plants["capacity_t"].sum(), 0.0)
    assert plan.capacity_gap_t == pytest.approx(gap)
    # Exactly as many new plants as the gap needs, and every plant within its capacity.
    assert len(plan.sites) == int(np.ceil(gap / capacity))
    limits = pd.concat([plants["capacity_t"], pd.Series(capacity, index=plan.sites)])
    assert (plan.flows.sum(axis=0) <= limits[plan.flows.columns] + 1e-3).all()
    assert plan.flows.sum(axis=1).to_numpy() == pytest.approx(
        demand.loc[plan.flows.index, "tonnes"].to_numpy()
    )
    assert plan.fixed_cost == pytest.approx(5e8 * len(plan.sites))
    # A plant's capacity beyond the whole market: the existing plants plus one new plant,
    # and with no gap at all, no new plant.
    more = locate_capacitated(case, "cement", capacity=1e9, fixed_cost=5e8, network=network)
    assert len(more.sites) == (1 if gap > 0 else 0)


def test_capacitated_plan_without_existing_plants_covers_the_market(case, network):
    from regiocluster.siting import locate_capacitated

    demand = demand_points(case, "cement")
    total = demand["tonnes"].sum()
    capacity = 2_000_000.0
    plan = locate_capacitated(
        case, "cement", capacity=capacity, fixed_cost=5e8, network=network, keep_existing=False
    )
    assert plan.status == "optimal" and plan.existing == []
    assert np.ceil(total / capacity) <= len(plan.sites) <= np.ceil(total / capacity) + 1
    assert plan.flows.sum(axis=0).max() <= capacity + 1e-3


def test_cli_cover_matches_enumeration(case, network):
    from regiocluster.cli import app

    screen = screen_sites(case.tables["sites"], rules_for("cement"))
    candidates = list(screen.index[screen["eligible"]])
    demand = demand_points(case, "cement")
    demand = demand[demand["tonnes"] > 0]
    sites = case.tables["sites"].set_index("site_id")
    cost = network.matrices(demand, sites.loc[candidates]).cost
    tonnes = demand["tonnes"].to_numpy()
    best_cover = max(
        float(tonnes @ (cost[list(pair)].to_numpy() <= 150).any(axis=1))
        for pair in itertools.combinations(candidates, 2)
    )
    best_center = min(
        float(cost[list(pair)].to_numpy().min(axis=1).max())
        for pair in itertools.combinations(candidates, 2)
    )
    result = CliRunner().invoke(
        app, ["siting", "cover", "leningrad", "--product", "cement", "--p", "2", "--radius", "150"]
    )
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    assert f"cover {best_cover / tonnes.sum():.1%}" in text
    assert f"more than {best_center:,.0f} rub/t" in text


def test_cli_geopackage_layers_open_in_wgs84(tmp_path):
    gpd = pytest.importorskip("geopandas")
    from regiocluster.cli import app

    path = tmp_path / "cement.gpkg"
    runner = CliRunner()
    result = runner.invoke(
        app,
        ["siting", "locate", "leningrad", "--product", "cement", "--p", "3", "--gpkg", str(path)],
    )
    assert result.exit_code == 0, result.output
    result = runner.invoke(
        app,
        ["siting", "rank", "leningrad", "--product", "cement", "--draws", "20",
         "--gpkg", str(path)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    plants = gpd.read_file(path, layer="plants_cement")
    assert plants.crs.to_epsg() == 4326
    assert (plants["status"] == "new").sum() == 3
    sites = gpd.read_file(path, layer="sites_cement")
    assert sites.crs.to_epsg() == 4326
    assert sites["reason"].str.len().min() > 0
    links = gpd.read_file(path, layer="service_cement_linestring")
    assert set(links["site_id"]) <= set(plants["site_id"])
