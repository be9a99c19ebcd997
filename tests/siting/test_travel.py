"""Travel matrices on a hand-made network and on the embedded case."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from regiocluster.siting.travel import FreightNetwork, great_circle_km


def _toy():
    # A --road 100 km, 6 rub/tkm-- B --rail 50 km, 2 rub/tkm-- C, and a slow
    # direct road A--C of 120 km. Points sit exactly on the nodes.
    nodes = pd.DataFrame(
        {"node_id": ["A", "B", "C"], "lon": [30.0, 31.0, 32.0], "lat": [60.0, 60.0, 60.0]}
    )
    links = pd.DataFrame(
        {
            "from_node": ["A", "B", "A"],
            "to_node": ["B", "C", "C"],
            "mode": ["road", "rail", "road"],
            "length_km": [100.0, 50.0, 120.0],
            "speed_kmh": [50.0, 25.0, 40.0],
            "cost_rub_per_tkm": [6.0, 2.0, 6.0],
        }
    )
    return FreightNetwork(nodes, links)


def test_hand_network_costs_times_and_modes():
    network = _toy()
    points = pd.DataFrame({"lon": [30.0, 32.0], "lat": [60.0, 60.0]}, index=["a", "c"])
    result = network.matrices(points.loc[["a"]], points.loc[["c"]])
    # Cheapest: road A-B then rail B-C = 600 + 100 = 700 < direct road 720.
    assert result.cost.loc["a", "c"] == pytest.approx(700.0)
    # Fastest: direct road 120 km / 40 = 3 h < 2 h + 2 h.
    assert result.time.loc["a", "c"] == pytest.approx(3.0)
    assert result.distance.loc["a", "c"] == pytest.approx(120.0)
    road_only = network.matrices(points.loc[["a"]], points.loc[["c"]], modes=["road"])
    assert road_only.cost.loc["a", "c"] == pytest.approx(720.0)


def test_access_leg_uses_detour_and_road_tariff():
    network = _toy()
    off = pd.DataFrame({"lon": [30.0], "lat": [60.1]}, index=["x"])
    node_a = pd.DataFrame({"lon": [30.0], "lat": [60.0]}, index=["a"])
    leg = float(great_circle_km(30.0, 60.1, 30.0, 60.0)) * 1.3
    result = network.matrices(off, node_a)
    assert result.cost.loc["x", "a"] == pytest.approx(leg * 6.0)
    assert result.distance.loc["x", "a"] == pytest.approx(leg)


def test_great_circle_one_degree_of_latitude():
    # One degree of latitude is 111.2 km on the mean-radius sphere.
    assert float(great_circle_km(30.0, 59.0, 30.0, 60.0)) == pytest.approx(111.19, abs=0.01)


@pytest.fixture(scope="module")
def case():
    from regiocluster import load_case

    return load_case("leningrad")


def test_case_costs_match_networkx(case):
    # Peer check: networkx Dijkstra over the same links gives the same node-to-node costs.
    network = FreightNetwork.from_case(case)
    nodes = case.tables["transport_nodes"].set_index("node_id")
    graph = nx.Graph()
    for link in case.tables["transport_links"].itertuples():
        weight = link.length_km * link.cost_rub_per_tkm
        if graph.has_edge(link.from_node, link.to_node):
            weight = min(weight, graph[link.from_node][link.to_node]["weight"])
        graph.add_edge(link.from_node, link.to_node, weight=weight)
    sample = list(nodes.index[:12])
    result = network.matrices(nodes.loc[sample], nodes.loc[sample])
    for a in sample:
        lengths = nx.single_source_dijkstra_path_length(graph, a, weight="weight")
        for b in sample:
            assert result.cost.loc[a, b] == pytest.approx(lengths.get(b, np.inf), abs=1e-6)


def test_all_modes_never_cost_more_than_one_mode(case):
    network = FreightNetwork.from_case(case)
    sites = case.tables["sites"].set_index("site_id")
    deposits = case.tables["deposits"].set_index("deposit_id")
    every = network.matrices(sites, deposits).cost.to_numpy()
    for mode in ("road", "rail"):
        single = network.matrices(sites, deposits, modes=[mode]).cost.to_numpy()
        assert (every <= single + 1e-9).all()
