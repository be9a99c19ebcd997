"""Each needs rule on hand-made cases where the right answer is obvious."""

import pandas as pd
import pytest

from regiocluster.needs import (
    compare_instruments,
    infrastructure_gaps,
    rank_product_needs,
    rank_technology_needs,
    recommend_plants,
    service_gaps,
)


def _gaps(rows):
    return pd.DataFrame(
        rows, columns=["product_id", "scenario", "year", "demand", "capacity", "gap"]
    )


def _now(rows):
    cols = ["product_id", "production", "imports", "consumption", "capacity"]
    return pd.DataFrame(rows, columns=cols)


def test_spare_capacity_replaces_imports_before_new_capacity():
    # capacity 100 at 85 % allows 85; production 60 leaves 25 spare today; imports 40
    gaps = _gaps([("a", "base", 2030, 100.0, 100.0, -5.0)])
    now = _now([("a", 60.0, 40.0, 100.0, 100.0)])
    row = rank_product_needs(gaps, now, years=(2030,)).loc["a"]
    assert row["replaceable_now"] == pytest.approx(25.0)
    assert row["imports_new_capacity"] == pytest.approx(15.0)
    # replacing 40 of imports at 85 % takes 47.06 of capacity; 5 spare at the horizon
    assert row["need"] == pytest.approx(40 / 0.85 - 5)
    # with horizon spare larger than the imports need nothing is built
    lots = _gaps([("a", "base", 2030, 100.0, 100.0, -60.0)])
    assert rank_product_needs(lots, now, years=(2030,)).loc["a", "need"] == 0.0


def test_product_without_producer_ranks_first_with_its_whole_demand():
    gaps = _gaps(
        [("big", "base", 2030, 1000.0, 500.0, 400.0), ("none", "base", 2030, 10.0, 0.0, 0.0)]
    )
    now = _now([("big", 500.0, 0.0, 500.0, 500.0), ("none", 0.0, 10.0, 10.0, 0.0)])
    out = rank_product_needs(gaps, now, years=(2030,))
    assert out.index[0] == "none"
    assert out.loc["none", "need"] == 10.0 and out.loc["none", "need_share"] == 1.0
    assert out.loc["big", "need_share"] == pytest.approx(0.4)  # gap 400, no imports


def test_other_scenarios_do_not_leak_into_the_gap():
    gaps = _gaps(
        [("a", "base", 2030, 100.0, 100.0, 0.0), ("a", "optimistic", 2030, 200.0, 100.0, 90.0)]
    )
    now = _now([("a", 85.0, 0.0, 85.0, 100.0)])
    assert rank_product_needs(gaps, now, years=(2030,), scenario="base").loc["a", "need"] == 0.0
    assert (
        rank_product_needs(gaps, now, years=(2030,), scenario="optimistic").loc["a", "need"] == 90.0
    )


def test_technology_used_by_most_makers_is_not_needed_and_users_are_makers_only():
    techs = pd.DataFrame(
        {
            "technology_id": ["T"],
            "name_en": ["kiln"],
            "side": ["production"],
            "okved": ["23.51"],
            "product_id": ["cement"],
            "trl": [9],
        }
    )
    members = pd.DataFrame({"enterprise_id": ["A", "B", "C"], "okved": ["23.51"] * 3})
    makers = pd.DataFrame({"enterprise_id": ["A", "B"], "product_id": ["cement", "cement"]})
    demand = pd.Series({"cement": 100.0})
    none = rank_technology_needs(
        techs, pd.DataFrame(columns=["enterprise_id", "technology_id"]), members, makers, demand
    )
    assert none.loc["T", "potential_users"] == 2  # C makes no cement
    assert bool(none.loc["T", "needed"])
    used = pd.DataFrame({"enterprise_id": ["A"], "technology_id": ["T"]})
    assert not bool(rank_technology_needs(techs, used, members, makers, demand).loc["T", "needed"])


def test_technology_without_demand_is_not_needed():
    techs = pd.DataFrame(
        {
            "technology_id": ["T"],
            "name_en": ["x"],
            "side": ["production"],
            "okved": ["23.51"],
            "product_id": ["cement"],
            "trl": [9],
        }
    )
    members = pd.DataFrame({"enterprise_id": ["A"], "okved": ["23.51"]})
    makers = pd.DataFrame({"enterprise_id": ["A"], "product_id": ["cement"]})
    out = rank_technology_needs(
        techs,
        makers.iloc[:0].rename(columns={"product_id": "technology_id"}),
        members,
        makers,
        pd.Series({"cement": 0.0}),
    )
    assert not bool(out.loc["T", "needed"])


def test_instrument_russia_lacks_is_recommended_only_when_it_serves_a_need():
    progs = pd.DataFrame({"programme_id": ["P"], "country": ["NO"], "instrument": ["matchmaking"]})
    measures = pd.DataFrame({"measure_id": ["M"], "instrument": ["loan"]})
    assert compare_instruments(progs, measures, {"cooperation": True}).loc[
        "matchmaking", "recommend"
    ]
    assert not compare_instruments(progs, measures, {}).loc["matchmaking", "recommend"]
    loans = pd.DataFrame({"programme_id": ["L"], "country": ["DE"], "instrument": ["loan"]})
    out = compare_instruments(loans, measures, {"new_capacity": True})
    assert out.loc["loan", "russia_has"] and not out.loc["loan", "recommend"]


def _facilities():
    return pd.DataFrame(
        {
            "facility_id": ["LAB"],
            "name": ["Lab"],
            "lon": [30.0],
            "lat": [60.0],
            "services": ["testing|training"],
            "product_groups": ["binders"],
        }
    )


def test_service_gap_missing_distant_and_met():
    firms = pd.DataFrame(
        {
            "enterprise_id": ["near", "far", "wood"],
            "name": ["n", "f", "w"],
            "region_id": ["A", "B", "A"],
            "lon": [30.2, 33.0, 30.1],
            "lat": [60.0, 60.0, 60.0],
            "group": ["binders", "binders", "wood"],
        }
    )
    out = service_gaps(_facilities(), firms, radius_km=100).set_index(["service", "group"])
    # testing for binders: 'near' is 11 km away, 'far' 167 km
    assert out.loc[("testing", "binders"), "status"] == "distant"
    assert out.loc[("testing", "binders"), "beneficiaries"] == "far"
    # nobody certifies anything; the lab serves binders only, so wood has no testing
    assert out.loc[("certification", "binders"), "status"] == "missing"
    assert out.loc[("testing", "wood"), "status"] == "missing"
    assert ("pilot_production", "binders") not in out.index
    with_dev = service_gaps(_facilities(), firms, develop_groups=["binders"]).set_index(
        ["service", "group"]
    )
    assert with_dev.loc[("pilot_production", "binders"), "n_beneficiaries"] == 2


def _plant_inputs():
    needs = pd.DataFrame(
        {"need": [500.0], "no_producer": [False]}, index=pd.Index(["brick"], name="product_id")
    )
    products = pd.DataFrame({"product_id": ["brick"], "raw_material": ["clay"], "group": ["walls"]})
    sites = pd.DataFrame(
        {
            "name": ["Best", "Second"],
            "region_id": ["A", "B"],
            "lon": [30.0, 32.0],
            "lat": [60.0, 60.0],
        },
        index=pd.Index(["S1", "S2"], name="site_id"),
    )
    bench = pd.DataFrame(
        {
            "plants": [2.0],
            "median_capacity": [400.0],
            "invest_low": [1.0],
            "invest_high": [2.0],
            "output_per_employee": [10.0],
        },
        index=["brick"],
    )
    return needs, products, sites, bench


def test_plant_goes_to_the_best_site_near_its_raw_material():
    needs, products, sites, bench = _plant_inputs()
    # the only clay lies 5 km from S2, 110 km from S1
    deposits = pd.DataFrame(
        {
            "deposit_id": ["D"],
            "name": ["Clay pit"],
            "mineral": ["clay"],
            "lon": [32.09],
            "lat": [60.0],
        }
    )
    plants, left = recommend_plants(needs, products, deposits, {"brick": sites}, bench)
    plant = plants.iloc[0]
    assert plant["site_id"] == "S2" and plant["site_rank"] == 2
    assert plant["raw_km"] == pytest.approx(5.0, abs=0.1)
    assert plant["capacity"] == 400.0  # capped at the median plant
    assert (plant["investment_low"], plant["investment_high"]) == (400.0, 800.0)
    assert plant["employees"] == 34.0  # 400 × 0.85 / 10
    assert left.empty


def test_no_plant_without_raw_material_nearby_or_for_a_small_gap():
    needs, products, sites, bench = _plant_inputs()
    deposits = pd.DataFrame(
        {
            "deposit_id": ["D"],
            "name": ["Far pit"],
            "mineral": ["clay"],
            "lon": [40.0],
            "lat": [60.0],
        }
    )
    plants, left = recommend_plants(needs, products, deposits, {"brick": sites}, bench)
    assert plants.empty and "within 50 km" in left.iloc[0]["reason"]
    small = needs.assign(need=50.0)  # an eighth of a typical plant
    plants, left = recommend_plants(small, products, deposits, {"brick": sites}, bench)
    assert plants.empty and "expand" in left.iloc[0]["reason"]


def test_binder_plant_must_sit_within_30_km_of_limestone():
    needs, products, sites, bench = _plant_inputs()
    products = pd.DataFrame(
        {"product_id": ["brick"], "raw_material": ["limestone"], "group": ["binders"]}
    )
    deposits = pd.DataFrame(
        {
            "deposit_id": ["D"],
            "name": ["Quarry"],
            "mineral": ["limestone"],
            "lon": [32.72],
            "lat": [60.0],
        }
    )  # 40 km from S2
    plants, left = recommend_plants(needs, products, deposits, {"brick": sites}, bench)
    assert plants.empty and "within 30 km" in left.iloc[0]["reason"]


def test_infrastructure_gaps_name_their_beneficiaries():
    sites = pd.DataFrame(
        {
            "name": ["Park"],
            "region_id": ["A"],
            "lon": [30.0],
            "lat": [60.0],
            "rail_siding": [False],
            "gas": [False],
            "power_mw": [5.0],
        },
        index=pd.Index(["S1"], name="site_id"),
    )
    plants = pd.DataFrame(
        {"product_id": ["cement"], "site_id": ["S1"], "site": ["Park"], "capacity": [1_000_000.0]}
    )
    nodes = pd.DataFrame(
        {
            "node_id": ["R", "C"],
            "kind": ["rail_station", "city"],
            "lon": [30.1, 34.0],
            "lat": [60.0, 60.0],
        }
    )
    links = pd.DataFrame({"from_node": ["R"], "to_node": ["C"], "mode": ["rail"]})
    core = pd.DataFrame(
        {
            "enterprise_id": ["E"],
            "name": ["Remote works"],
            "region_id": ["B"],
            "lon": [36.0],
            "lat": [62.0],
        }
    )
    out = infrastructure_gaps(plants, core, sites, nodes, links, pd.Series({"cement": "binders"}))
    kinds = set(out["kind"])
    # bulk binder without a siding, a kiln without gas, 1 Mt × 0.85 × 104 kWh / 8000 h = 11 MW > 5
    assert {"rail_siding", "gas", "power"} <= kinds
    power = out[out["kind"] == "power"].iloc[0]
    assert "11.1 MW" in power["reason"]
    terminal = out[out["kind"] == "logistics_terminal"]
    assert terminal["beneficiaries"].tolist() == ["Remote works"]  # the park has rail 6 km away
    assert (out["n_beneficiaries"] >= 1).all() and (out["beneficiaries"] != "").all()
