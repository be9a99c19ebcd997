"""Checks of the territorial tables of the embedded Leningrad Oblast case.

They test the builder's output against facts a wrong table would violate:
published road distances, the network being connected, places lying in the
district they are filed under, SME limits of the federal law, project needs
inside the project's years, and the study-area bounding box.
"""

from __future__ import annotations

import math
import tomllib

import networkx as nx
import pandas as pd
import pytest

from regiocluster.case.builtin.leningrad import _territory
from regiocluster.case.builtin.leningrad._common import EXTRA_COLUMNS, HERE, read_facts
from regiocluster.case.schema import TABLES


@pytest.fixture(scope="module")
def facts() -> dict[str, pd.DataFrame]:
    return read_facts()


@pytest.fixture(scope="module")
def tables(facts: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    return _territory.build(facts, facts["regions"], facts["products"])


@pytest.fixture(scope="module")
def districts(facts: dict[str, pd.DataFrame]) -> pd.DataFrame:
    regions = facts["regions"]
    frame = regions[regions["parent_id"] == "RU-LEN"].copy()
    frame["lon"] = frame["lon"].astype(float)
    frame["lat"] = frame["lat"].astype(float)
    return frame.set_index("region_id")


def _km(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    return _territory.great_circle_km(lon1, lat1, lon2, lat2)


def test_tables_have_schema_columns_and_minimum_sizes(tables: dict[str, pd.DataFrame]) -> None:
    minimum = {
        "sites": 45,
        "deposits": 65,
        "major_projects": 12,
        "support_measures": 25,
        "technologies": 20,
        "transport_nodes": 19,
    }
    for name, frame in tables.items():
        extras = list(EXTRA_COLUMNS.get(name, ()))
        assert list(frame.columns) == TABLES[name].column_names + extras, name
        assert frame[list(TABLES[name].key)].duplicated().sum() == 0, name
        assert len(frame) >= minimum.get(name, 1), name


def test_build_is_deterministic(facts: dict[str, pd.DataFrame]) -> None:
    first = _territory.build(facts, facts["regions"], facts["products"])
    second = _territory.build(facts, facts["regions"], facts["products"])
    for name in first:
        pd.testing.assert_frame_equal(first[name], second[name])


def test_great_circle_matches_published_distance() -> None:
    # Paris (2.3522 E, 48.8566 N) to London (0.1278 W, 51.5074 N): 343.5 km on the sphere.
    assert _territory.great_circle_km(2.3522, 48.8566, -0.1278, 51.5074) == pytest.approx(
        343.5, abs=1.0
    )


# ------------------------------------------------------------------ geography


def test_every_point_is_inside_the_study_area(tables: dict[str, pd.DataFrame]) -> None:
    meta = tomllib.loads((HERE / "case.toml").read_text(encoding="utf-8"))
    lon_min, lat_min, lon_max, lat_max = meta["study_bbox"]
    for name in ("sites", "deposits", "transport_nodes", "major_projects"):
        frame = tables[name]
        inside = frame["lon"].between(lon_min, lon_max) & frame["lat"].between(lat_min, lat_max)
        assert inside.all(), frame.loc[~inside].to_dict("records")


#: Approximate land areas of the districts, km² (Petrostat order of magnitude),
#: used only to bound how far from its centre a place of the district can be.
DISTRICT_AREA_KM2 = {
    "LEN-BOKS": 7200,
    "LEN-VOLO": 2700,
    "LEN-VOLK": 5100,
    "LEN-VSEV": 3000,
    "LEN-VYBO": 7400,
    "LEN-GATC": 2900,
    "LEN-KING": 2900,
    "LEN-KIRI": 3000,
    "LEN-KIRO": 2600,
    "LEN-LODE": 4900,
    "LEN-LOMO": 1900,
    "LEN-LUZH": 6000,
    "LEN-PODP": 7700,
    "LEN-PRIO": 3600,
    "LEN-SLAN": 2000,
    "LEN-TIKH": 7000,
    "LEN-TOSN": 3600,
    "LEN-SOSN": 72,
}


def _radius_km(region_id: str) -> float:
    return max(25.0, 2.2 * math.sqrt(DISTRICT_AREA_KM2[region_id] / math.pi))


@pytest.mark.parametrize("name", ["sites", "deposits", "transport_nodes", "major_projects"])
def test_places_lie_near_their_district_centre(
    tables: dict[str, pd.DataFrame], districts: pd.DataFrame, name: str
) -> None:
    frame = tables[name]
    oblast = frame[frame["region_id"].str.startswith("LEN-")]
    assert len(oblast) > 0
    for row in oblast.itertuples(index=False):
        centre = districts.loc[row.region_id]
        distance = _km(row.lon, row.lat, centre.lon, centre.lat)
        assert distance <= _radius_km(row.region_id), (row, distance)


@pytest.mark.parametrize("name", ["sites", "deposits", "transport_nodes", "major_projects"])
def test_own_district_centre_is_among_the_nearest(
    tables: dict[str, pd.DataFrame], districts: pd.DataFrame, name: str
) -> None:
    # District shapes are irregular (Lomonosovsky's centre lies in St. Petersburg,
    # Vyborgsky reaches the city's northern edge), so the own centre need not be
    # the nearest, but a place filed under a district across the oblast fails.
    frame = tables[name]
    for row in frame[frame["region_id"].str.startswith("LEN-")].itertuples(index=False):
        distance = {
            region_id: _km(row.lon, row.lat, centre.lon, centre.lat)
            for region_id, centre in districts.iterrows()
        }
        nearest = sorted(distance, key=distance.__getitem__)[:5]
        assert row.region_id in nearest, (row, nearest)


def test_sites_and_deposits_are_outside_st_petersburg(tables: dict[str, pd.DataFrame]) -> None:
    for name in ("sites", "deposits"):
        assert tables[name]["region_id"].str.startswith("LEN-").all()


@pytest.mark.parametrize(
    ("table", "key", "region_id"),
    [
        ("sites", "S-LEVO", "LEN-KIRI"),  # Levoberezhny is in Kirishsky District
        ("sites", "S-GREEN", "LEN-LOMO"),  # Greenstate: Lomonosovsky District (Villozi)
        ("sites", "S-PIKA", "LEN-BOKS"),
        ("sites", "S-KOLA", "LEN-VSEV"),  # Kola: Vsevolozhsky District
        ("sites", "S-USTL", "LEN-KING"),  # Ust-Luga SEZ: Kingisepp District
        ("sites", "S-YUZH", "LEN-GATC"),  # Yuzhnye Vorota: Kommunar, Gatchinsky District
        ("deposits", "DEP-KUZN", "LEN-PRIO"),  # Kuznechnoye granite
        ("deposits", "DEP-KAME", "LEN-VYBO"),  # Kamennogorsk granite
        ("deposits", "DEP-SLAN", "LEN-SLAN"),  # Slantsy limestone
        ("deposits", "DEP-PIKA", "LEN-BOKS"),  # Pikalyovo limestone
        ("deposits", "DEP-KUZM", "LEN-VSEV"),  # Kuzmolovo sand
        ("deposits", "DEP-APRA", "LEN-TOSN"),  # Apraksin Bor sand
        ("major_projects", "MP-LNPP2", "LEN-SOSN"),
        ("major_projects", "MP-GPC", "LEN-KING"),
    ],
)
def test_named_places_are_in_their_published_district(
    tables: dict[str, pd.DataFrame], table: str, key: str, region_id: str
) -> None:
    frame = tables[table].set_index(TABLES[table].key[0])
    assert frame.loc[key, "region_id"] == region_id


def test_federal_register_parks_are_present(tables: dict[str, pd.DataFrame]) -> None:
    names = " ".join(tables["sites"]["name"])
    for park in ("Levoberezhny", "NWFZ", "Greenstate", "Pikalyovo", "Kola"):
        assert park in names


# ------------------------------------------------------------------- transport


def _graph(tables: dict[str, pd.DataFrame], modes: tuple[str, ...] | None = None) -> nx.Graph:
    links = tables["transport_links"]
    if modes is not None:
        links = links[links["mode"].isin(modes)]
    graph = nx.Graph()
    for link in links.itertuples(index=False):
        old = graph.get_edge_data(link.from_node, link.to_node, default={"length": math.inf})
        graph.add_edge(link.from_node, link.to_node, length=min(old["length"], link.length_km))
    return graph


def test_transport_network_is_connected(tables: dict[str, pd.DataFrame]) -> None:
    graph = _graph(tables)
    graph.add_nodes_from(tables["transport_nodes"]["node_id"])
    assert nx.is_connected(graph)
    # Road alone must reach every node: every district centre, port and station
    # is served by a road, not only by a railway or the sea.
    roads = _graph(tables, ("road",))
    roads.add_nodes_from(tables["transport_nodes"]["node_id"])
    assert nx.is_connected(roads)


def test_every_district_centre_has_a_node(
    tables: dict[str, pd.DataFrame], districts: pd.DataFrame
) -> None:
    nodes = tables["transport_nodes"]
    centres = nodes[nodes["kind"].isin(["district_centre", "city"])]
    for region_id, district in districts.iterrows():
        here = centres[centres["region_id"] == region_id]
        assert len(here) == 1, region_id
        node = here.iloc[0]
        assert _km(node.lon, node.lat, district.lon, district.lat) < 1.0, region_id
    assert (centres["region_id"] == "RU-SPE").sum() == 1


def test_main_ports_are_on_the_rail_and_sea_networks(tables: dict[str, pd.DataFrame]) -> None:
    nodes = tables["transport_nodes"]
    ports = set(nodes.loc[nodes["kind"] == "port", "node_id"])
    assert {"P-SPB", "P-USTL", "P-PRIM", "P-VYSO", "P-VYBO"} <= ports
    sea = _graph(tables, ("sea",))
    assert ports <= set(sea.nodes) and nx.is_connected(sea)
    rail = _graph(tables, ("rail",))
    assert {"P-SPB", "P-USTL", "P-PRIM", "P-VYSO"} <= set(rail.nodes)
    assert nx.is_connected(rail)


def test_link_lengths_exceed_the_straight_line(tables: dict[str, pd.DataFrame]) -> None:
    where = tables["transport_nodes"].set_index("node_id")
    for link in tables["transport_links"].itertuples(index=False):
        a, b = where.loc[link.from_node], where.loc[link.to_node]
        straight = _km(a.lon, a.lat, b.lon, b.lat)
        assert straight <= link.length_km + 0.05 <= 1.6 * straight + 1.1, link


@pytest.mark.parametrize(
    ("target", "road_km"),
    [
        # Road distances from St. Petersburg (public road atlases / route planners,
        # rounded): a wrong coordinate or detour factor moves them by more than 20%.
        ("N-VYBO", 135),
        ("N-LUZH", 140),
        ("N-KING", 140),
        ("N-PRIO", 145),
        ("N-TIKH", 210),
        ("N-PODP", 300),
        ("N-KIRI", 160),
        ("N-GATC", 45),
        ("N-LODE", 245),
        ("N-SOSN", 85),
    ],
)
def test_road_distances_from_st_petersburg_match_published(
    tables: dict[str, pd.DataFrame], target: str, road_km: float
) -> None:
    roads = _graph(tables, ("road",))
    length = nx.shortest_path_length(roads, "N-SPB", target, weight="length")
    assert length == pytest.approx(road_km, rel=0.2)


def test_mode_costs_are_ordered_and_in_documented_ranges(tables: dict[str, pd.DataFrame]) -> None:
    links = tables["transport_links"]
    cost = links.groupby("mode")["cost_rub_per_tkm"].agg(["min", "max"])
    assert 5 <= cost.loc["road", "min"] <= cost.loc["road", "max"] <= 7
    assert 1.5 <= cost.loc["rail", "min"] <= cost.loc["rail", "max"] <= 3
    assert 0.5 <= cost.loc["sea", "min"] <= cost.loc["sea", "max"] <= 1
    speed = links.groupby("mode")["speed_kmh"].mean()
    assert (speed > 0).all()


# ----------------------------------------------------------------------- sites


def test_some_sites_fail_each_hard_constraint_and_some_pass_all(
    tables: dict[str, pd.DataFrame],
) -> None:
    sites = tables["sites"]
    assert sites["protected_area"].sum() >= 2
    assert sites["water_protection_zone"].sum() >= 2
    assert (sites["distance_to_housing_m"] < 300).sum() >= 2
    assert (sites["land_category"] == "agricultural").sum() >= 2
    clean = (
        ~sites["protected_area"]
        & ~sites["water_protection_zone"]
        & (sites["distance_to_housing_m"] >= 300)
        & sites["land_category"].isin(["industrial", "other"])
    )
    assert clean.sum() >= 30
    # Parks carry their own name; greenfield candidates are outside any park.
    assert sites.loc[sites["status"] == "greenfield", "industrial_park"].isna().all()
    assert sites.loc[sites["status"] != "greenfield", "industrial_park"].notna().all()


def test_known_park_areas_come_from_sources(tables: dict[str, pd.DataFrame]) -> None:
    sites = tables["sites"].set_index("site_id")
    assert sites.loc["S-LEVO", "area_ha"] == 129  # free area in 2017 of 189 ha
    assert sites.loc["S-KOLA", "area_ha"] == pytest.approx(123.7)
    assert sites.loc["S-PIKA", "area_ha"] == pytest.approx(9.4)
    assert bool(sites.loc["S-LEVO", "rail_siding"]) is True


def test_deposits_cover_every_mineral(tables: dict[str, pd.DataFrame]) -> None:
    counts = tables["deposits"]["mineral"].value_counts()
    assert set(counts.index) == set(TABLES["deposits"].column("mineral").choices)
    for mineral in ("sand", "granite", "limestone", "clay", "sand_gravel"):
        assert counts[mineral] >= 5, mineral
    # Granite (Baltic Shield) lies north of the Gulf of Finland-Ladoga line in
    # the oblast; limestone of the Izhora plateau and the east lies south of it.
    deposits = tables["deposits"]
    assert (deposits.loc[deposits["mineral"] == "granite", "lat"] > 60.5).all()
    assert (deposits.loc[deposits["mineral"] == "limestone", "lat"] < 60.0).all()


def test_every_raw_material_of_the_products_has_deposits(
    tables: dict[str, pd.DataFrame], facts: dict[str, pd.DataFrame]
) -> None:
    needed = set(facts["products"]["raw_material"]) - {""}
    assert needed <= set(tables["deposits"]["mineral"])


# -------------------------------------------------------------------- projects


def test_project_needs_lie_within_project_years(tables: dict[str, pd.DataFrame]) -> None:
    projects = tables["major_projects"].set_index("project_id")
    needs = tables["project_needs"].join(projects[["start_year", "end_year"]], on="project_id")
    assert needs["start_year"].notna().all()
    assert (needs["year"] >= needs["start_year"]).all()
    assert (needs["year"] <= needs["end_year"]).all()
    assert needs["year"].between(2014, 2035).all()
    assert (needs["quantity"] > 0).all()
    assert set(needs["project_id"]) == set(projects.index)
    assert (projects["start_year"] <= projects["end_year"]).all()


def test_project_needs_use_known_products(
    tables: dict[str, pd.DataFrame], facts: dict[str, pd.DataFrame]
) -> None:
    products = set(facts["products"]["product_id"])
    assert set(tables["project_needs"]["product_id"]) <= products
    known = tables["technologies"]["product_id"].dropna()
    assert set(known) <= products


# -------------------------------------------------------------- support, sources

#: SME ceilings of Federal Law 209-FZ and Government Decree No. 265 (2016):
#: employees and revenue (mln RUB) for micro, small and medium enterprises.
SME_LIMITS = {15: 120.0, 100: 800.0, 250: 2000.0}


def test_support_measure_sme_limits_match_the_law(tables: dict[str, pd.DataFrame]) -> None:
    measures = tables["support_measures"]
    limited = measures[measures["max_employees"].notna() | measures["max_revenue"].notna()]
    assert len(limited) >= 4
    for row in limited.itertuples(index=False):
        assert row.max_employees in SME_LIMITS, row
        assert row.max_revenue == SME_LIMITS[int(row.max_employees)], row
    both = measures.dropna(subset=["min_employees", "max_employees"])
    assert (both["min_employees"] <= both["max_employees"]).all()
    assert set(measures["level"]) == {"federal", "regional", "international"}
    assert measures["requires_cluster_member"].any()


def test_support_measure_codes_exist(
    tables: dict[str, pd.DataFrame], facts: dict[str, pd.DataFrame]
) -> None:
    codes = set(facts["industries"]["okved"])
    regions = set(facts["regions"]["region_id"])
    for row in tables["support_measures"].itertuples(index=False):
        if row.okved_prefixes is not None:
            for prefix in row.okved_prefixes.split("|"):
                assert prefix in codes, (row.measure_id, prefix)
        if row.regions is not None:
            assert set(row.regions.split("|")) <= regions, row.measure_id
    assert set(tables["technologies"]["okved"]) <= codes
    assert tables["technologies"]["trl"].between(1, 9).all()
    assert set(tables["technologies"]["side"]) == {"production", "demand"}


def test_every_source_key_is_listed(
    tables: dict[str, pd.DataFrame], facts: dict[str, pd.DataFrame]
) -> None:
    keys = set(facts["sources"]["key"])
    assert not facts["sources"]["key"].duplicated().any()
    for name in ("major_projects", "support_measures", "technologies"):
        assert set(tables[name]["source"]) <= keys, name
    for name, frame in facts.items():
        if name.startswith("territory_") and "source" in frame:
            assert set(frame["source"]) - {"synthetic"} <= keys, name
