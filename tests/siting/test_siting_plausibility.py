"""Plausibility rules for siting on the embedded case, each with its source or reasoning.

* A cement works sits on its limestone quarry: about 1.5 t of raw meal go into a
  tonne of clinker and limestone travels badly, so a credible first site for new
  cement capacity lies within 30 km of cement-grade limestone or of an existing
  cement plant. In Leningrad Oblast cement is made from limestone at Slantsy
  (Tsesla) and Pikalyovo (lenoblinvest.ru, /work/shared/FACTS.md).
* Site rankings are product-specific: a sawmill and a cement works do not want
  the same three sites.
* SanPiN 2.2.1/2.1.1.1200-03, 7.1.4 and 7.1.5: cement is class II (500 m), lime
  and gypsum class II, bricks and crushed stone class III (300 m), sawmilling and
  plywood class IV (100 m), particle boards class III (300 m).
* A technopark hosts small firms in shared buildings: no class I-III works.
"""

from __future__ import annotations

import numpy as np
import pytest

from regiocluster.geo import great_circle_km
from regiocluster.siting import (
    FreightNetwork,
    existing_plants,
    rank_sites,
    rules_for,
    screen_sites,
)


@pytest.fixture(scope="module")
def case():
    from regiocluster import load_case

    return load_case("leningrad")


@pytest.fixture(scope="module")
def network(case):
    return FreightNetwork.from_case(case)


@pytest.fixture(scope="module")
def rankings(case, network):
    return {
        product: rank_sites(case, product, draws=50, network=network)
        for product in ("cement", "sawn_timber", "crushed_stone", "ready_mix")
    }


def test_top_cement_site_is_within_30_km_of_cement_limestone_or_a_cement_plant(case, rankings):
    deposits = case.tables["deposits"]
    # The cement raw-material areas named by the public sources: Slantsy and Pikalyovo.
    limestone = deposits[
        (deposits["mineral"] == "limestone")
        & deposits["name"].str.contains("Slantsy|Pikalyovo|Pikalevo", case=False)
    ]
    assert len(limestone) >= 2
    plants = existing_plants(case, "cement")
    anchors = np.vstack([limestone[["lon", "lat"]].to_numpy(), plants[["lon", "lat"]].to_numpy()])
    top = rankings["cement"].eligible.iloc[0]
    distance = great_circle_km(top["lon"], top["lat"], anchors[:, 0], anchors[:, 1])
    assert distance.min() <= 30.0, (top["name"], distance.min())


def test_top_three_sites_differ_between_cement_and_sawn_timber(rankings):
    cement = list(rankings["cement"].eligible.index[:3])
    timber = list(rankings["sawn_timber"].eligible.index[:3])
    assert set(cement) != set(timber)


def test_rankings_are_product_specific(rankings):
    tops = {product: tuple(r.eligible.index[:3]) for product, r in rankings.items()}
    # Bulk, quarry-bound products do not share their best sites with market-bound ready-mix.
    assert tops["crushed_stone"][0] != tops["ready_mix"][0]
    assert tops["cement"][0] != tops["ready_mix"][0]
    assert len(set(tops.values())) == len(tops)


@pytest.mark.parametrize(
    ("product", "metres", "hazard_class"),
    [
        ("cement", 500.0, 2),  # 7.1.4 class II: cement production
        ("lime", 500.0, 2),  # 7.1.4 class II: lime works with shaft and rotary kilns
        ("ceramic_brick", 300.0, 3),  # 7.1.4 class III: bricks and building ceramics
        ("crushed_stone", 300.0, 3),  # 7.1.4 class III: crushed stone, gravel and sand
        ("mineral_wool", 300.0, 3),  # 7.1.4 class III: glass wool and slag wool
        ("sawn_timber", 100.0, 4),  # 7.1.5 class IV: sawmilling, plywood
        ("plywood", 100.0, 4),
        ("osb", 300.0, 3),  # 7.1.5 class III: particle boards with synthetic resins
    ],
)
def test_sanitary_zones_follow_the_sanpin_classes(product, metres, hazard_class):
    rules = rules_for(product)
    assert rules.sanitary_distance_m == metres
    assert rules.hazard_class == hazard_class
    assert rules.sanitary_source.startswith("SanPiN 2.2.1/2.1.1.1200-03, 7.1.")


def test_no_technopark_takes_a_cement_works_but_one_may_take_a_sawmill(case):
    sites = case.tables["sites"]
    cement = screen_sites(sites, rules_for("cement"))
    timber = screen_sites(sites, rules_for("sawn_timber"))
    parks = cement["site_kind"] == "technopark"
    assert parks.sum() >= 5
    assert not cement.loc[parks, "eligible"].any()
    assert cement.loc[parks, "exclusion"].str.contains("technopark").all()
    assert timber.loc[parks, "eligible"].any()


def test_limestone_area_sites_are_not_excluded_for_cement_by_plot_or_zone(case):
    # The first version excluded every site in the limestone areas with a 30 ha plot
    # and a 1000 m zone; with the SanPiN class II zone some of them qualify.
    screen = screen_sites(case.tables["sites"], rules_for("cement")).join(
        case.tables["sites"].set_index("site_id")[["name", "lon", "lat"]]
    )
    deposits = case.tables["deposits"]
    limestone = deposits[deposits["name"].str.contains("Slantsy|Pikalyovo", case=False)]
    near = [
        great_circle_km(row["lon"], row["lat"], limestone["lon"], limestone["lat"]).min() <= 30
        for _, row in screen.iterrows()
    ]
    assert screen.loc[near, "eligible"].sum() >= 2
