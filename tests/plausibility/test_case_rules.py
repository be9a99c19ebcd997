"""The plausibility rules on the embedded case and on a user's smaller case.

Each test names its rule (see :mod:`tests.plausibility.rules` for the source
or reasoning) and fails listing every violation.
"""

from __future__ import annotations

import pandas as pd
import pytest

from regiocluster.enterprises import case_project_supply
from regiocluster.enterprises.projects import project_totals
from regiocluster.mapping.structure import cluster_structure
from regiocluster.market import AGGLOMERATION, territory_context
from regiocluster.market.outlook import outlook
from regiocluster.trade.overview import trade_overview
from tests.plausibility import rules


@pytest.fixture(scope="module")
def cement_outlook(case):
    return outlook(case, products=["cement"], scenarios=("base",))


@pytest.fixture(scope="module")
def overview(case):
    return trade_overview(case)


def test_market_shares_in_unit_interval_and_parts_within_wholes(cement_outlook):
    b = cement_outlook.balances
    problems = rules.shares_in_unit_interval(b["import_share"], "import share")
    problems += rules.part_not_above_whole(
        b["exports"], b["production"] + b["imports"], "exports within production + imports"
    )
    assert problems == []


def test_world_share_and_world_at_least_any_reporter(case):
    w = territory_context(case)
    problems = rules.shares_in_unit_interval(w["world_share"], "share of world exports")
    problems += rules.world_at_least_reporter(
        w["exports"].set_axis(w["reporter"] + ":" + w["product_id"]),
        w["world_exports"].set_axis(w["reporter"] + ":" + w["product_id"]),
        "world",
    )
    assert problems == []
    assert (w.loc[w["reporter"] == "RUS", "world_share"] < 1).all()


def test_imports_from_abroad_within_total_imports(overview):
    s = overview.substitution.shares.dropna(subset=["foreign_imports"])
    key = s["product_id"] + ":" + s["region_id"] + ":" + s["year"].astype(str)
    assert len(s) > 0
    assert (
        rules.part_not_above_whole(
            s["foreign_imports"].set_axis(key), s["imports"].set_axis(key), "of which from abroad"
        )
        == []
    )
    assert rules.shares_in_unit_interval(s["foreign_import_share"], "foreign share") == []


def test_export_potential_routes_and_unrealised(overview):
    table = overview.potential.table
    assert rules.sea_needs_port(table) == []
    assert (table["market"].isin(rules.LANDLOCKED)).any()  # the rule had something to check
    p = overview.potential.by_product.set_index("product")
    assert rules.part_not_above_whole(p["unrealised"], p["potential"], "unrealised") == []
    # a product exporting more than its potential has no unrealised potential left
    assert (p.loc[p["actual"] >= p["potential"], "unrealised"] == 0).all()


def test_project_needs_are_added_in_one_unit(case):
    products = case.tables["products"].set_index("product_id")
    needs = case.tables["project_needs"].assign(
        unit=lambda f: f["product_id"].map(products["unit"])
    )
    assert rules.units_never_added(needs, "project_id", "unit") != []  # mixed units per project
    supply = case_project_supply(case)
    totals = project_totals(supply.by_project, case.tables["products"]).set_index("project_id")
    in_tonnes = (
        (
            supply.by_project["need"]
            * supply.by_project["product_id"].map(products["tonnes_per_unit"])
        )
        .groupby(supply.by_project["project_id"])
        .sum()
    )
    pd.testing.assert_series_equal(
        totals["need_t"], in_tonnes.rename("need_t"), check_names=False, rtol=1e-9
    )


def test_cement_per_head_and_capacity_use_in_published_ranges(case, cement_outlook):
    b = cement_outlook.balances
    b = b[b["product_id"] == "cement"].set_index(["region_id", "year"])
    drivers = case.tables["demand_drivers"]
    actual = drivers[drivers["scenario"] == "actual"].pivot_table(
        index=["region_id", "year"], columns="driver", values="value"
    )
    housing_per_head = actual["housing_m2"] / actual["population"]
    problems = []
    for year in sorted(b.xs("RU").index):
        ru = b.loc[("RU", year), "per_capita_kg"]
        problems += rules.within(ru, rules.RU_CEMENT_KG_PER_HEAD, f"Russia {year} kg/head")
        agg = b.loc[(AGGLOMERATION, year), "consumption"] / b.loc[("RU", year), "consumption"]
        problems += rules.within(agg, rules.AGGLOMERATION_CEMENT_SHARE, f"agglomeration {year}")
        lagged = min(year + 1, int(housing_per_head.index.get_level_values("year").max()))
        for region in ("RU-LEN", "RU-SPE"):
            ratio = housing_per_head[(region, lagged)] / housing_per_head[("RU", lagged)]
            problems += rules.regional_per_head(
                b.loc[(region, year), "per_capita_kg"], ru, ratio, f"{region} {year}"
            )
    use = b.loc["RU-LEN", "utilisation"]
    problems += [
        p for y, u in use.items() for p in rules.within(u, rules.CEMENT_CAPACITY_USE, f"use {y}")
    ]
    assert problems == []


def test_first_forecast_year_continues_the_last_actual(cement_outlook):
    d = cement_outlook.demand
    d = d[(d["product_id"] == "cement") & (d["scenario"] == "base")].sort_values("year")
    h = cement_outlook.history
    h = h[h["product_id"] == "cement"].set_index("year")
    last = int(h.index.max())
    first = d.iloc[0]
    step = first["driver_part"] + first["base_part"] - h.loc[last, "fitted"]
    assert (
        rules.forecast_continues(h.loc[last, "consumption"], first["demand"], step, "cement, base")
        == []
    )


def test_decree_779_shares_and_labels(case):
    verdict = cluster_structure(case, n_null=0).decree_779
    shares = pd.Series({"decree": verdict.functional_dependence, "broad": verdict.broad_dependence})
    assert rules.shares_in_unit_interval(shares, "Decree 779") == []
    assert verdict.purchases_from_members <= verdict.purchases
    # "illustrative" exactly when a synthetic input went in: the user's own links are not
    assert (
        verdict.illustrative == case.provenance("supply_links", "enterprise_finances").illustrative
    )
    assert verdict.illustrative == (case.name == "leningrad")


def test_site_rankings_are_product_specific(embedded):
    """Cement and sawn timber do not share their best site or their top three (issue 11).

    A cement plant sits on its limestone quarry; a sawmill near its forest and
    a railway: the same park cannot be first for both.
    """
    from regiocluster.siting.case import site_ranking

    top = {}
    for product in ("cement", "sawn_timber"):
        ranked = site_ranking(embedded, product, draws=50).frames["ranking"]
        ranked = ranked[ranked["eligible"]].sort_values("rank")
        top[product] = ranked["site_id"].head(3).tolist()
    assert top["cement"][0] != top["sawn_timber"][0]
    assert set(top["cement"]) != set(top["sawn_timber"])
