"""Export potential (ITC Export Potential Map logic) with the transport term."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from regiocluster.trade import (
    DEFAULT_MODES,
    complexity,
    diversification_opportunities,
    export_potential,
    freight_rate,
    great_circle_km,
    potential_inputs_from_trade,
)

from .conftest import latent_exports

SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
COUNTRIES = ["AAA", "BBB", "CCC", "DDD", "EEE"]
PRODUCTS = ["250590", "252329", "441233"]


@st.composite
def trade_tables(draw: st.DrawFn) -> pd.DataFrame:
    """World exports of five countries plus the cluster's bilateral exports."""
    value = st.floats(1.0, 1e5)
    rows = [
        {"reporter": c, "partner": "WLD", "hs": p, "year": 2024, "flow": "export",
         "value_usd": draw(value), "quantity_t": np.nan}
        for c in COUNTRIES
        for p in PRODUCTS
    ]  # fmt: skip
    for market in draw(st.lists(st.sampled_from(COUNTRIES), min_size=1, max_size=5, unique=True)):
        for product in PRODUCTS:
            v = draw(value)
            rows.append(
                {"reporter": "RU-LEN", "partner": market, "hs": product, "year": 2024,
                 "flow": "export", "value_usd": v, "quantity_t": v * draw(st.floats(0.01, 50))}
            )  # fmt: skip
    return pd.DataFrame(rows)


COORDS = {c: (20.0 + 5 * i, 50.0 + i) for i, c in enumerate(COUNTRIES)}


@SETTINGS
@given(trade_tables())
def test_itc_potential_redistributes_actual_exports_over_markets(flows: pd.DataFrame) -> None:
    """Supply × demand × ease sums over markets to the exporter's actual exports.

    With demand = world exports × market size and ease = actual over
    hypothetical bilateral share (ITC), the sizes cancel: potential only moves
    exports between markets.  The transport term can only lower it.
    """
    inputs = potential_inputs_from_trade(flows, exporters=["RU-LEN"], year=2024, coordinates=COORDS)
    result = export_potential(**inputs)
    own = flows[flows["reporter"] == "RU-LEN"].groupby("hs")["value_usd"].sum()
    total = result.table.groupby("product")["itc_potential"].sum()
    np.testing.assert_allclose(total.loc[own.index], own, rtol=1e-9)
    table = result.table
    assert (table["potential"] <= table["itc_potential"] * (1 + 1e-12)).all()
    np.testing.assert_allclose(
        table["unrealised"], np.maximum(table["potential"] - table["actual"], 0.0)
    )
    by_product = result.by_product.set_index("product")
    np.testing.assert_allclose(
        by_product["untapped_markets"],
        table.groupby("product")["unrealised"].sum().loc[by_product.index],
    )
    # a product's own unrealised potential: never positive where actual exceeds potential
    np.testing.assert_allclose(
        by_product["unrealised"], (by_product["potential"] - by_product["actual"]).clip(lower=0)
    )


@SETTINGS
@given(trade_tables(), st.floats(1.0, 1e5))
def test_shipments_between_the_exporters_regions_change_nothing(flows, value) -> None:
    """A flow RU-LEN -> RU-SPE is internal to the cluster: not an export, not a market."""
    exporters = ["RU-LEN", "RU-SPE"]
    coords = {**COORDS, "RU-SPE": (30.3, 59.9)}
    internal = pd.DataFrame(
        [{"reporter": "RU-LEN", "partner": "RU-SPE", "hs": PRODUCTS[0], "year": 2024,
          "flow": "export", "value_usd": value, "quantity_t": value}]
    )  # fmt: skip
    base = potential_inputs_from_trade(flows, exporters=exporters, year=2024, coordinates=coords)
    more = potential_inputs_from_trade(
        pd.concat([flows, internal], ignore_index=True),
        exporters=exporters,
        year=2024,
        coordinates=coords,
    )
    assert "RU-SPE" not in set(more["demand"]["market"]) and "RU-SPE" not in more["ease"].index
    for key in ("supply", "ease"):
        pd.testing.assert_series_equal(more[key], base[key])
    for key in ("demand", "actual"):
        pd.testing.assert_frame_equal(more[key], base[key])


@SETTINGS
@given(
    st.lists(st.floats(0.0, 20_000.0), min_size=1, max_size=20),
    st.floats(1e-6, 0.2),
)
def test_freight_rate_is_the_cheapest_mode_and_grows_with_distance(
    distances: list[float], tonnes_per_usd: float
) -> None:
    d = np.array(sorted(distances))
    rate, mode = freight_rate(d, np.full(len(d), tonnes_per_usd))
    brute = np.array(
        [
            min(
                m.fixed_usd_per_t + m.usd_per_tkm * m.detour * x
                for m in DEFAULT_MODES
                if x <= m.max_km
            )
            for x in d
        ]
    )
    np.testing.assert_allclose(rate, brute * tonnes_per_usd, rtol=1e-12)
    assert (np.diff(rate) >= -1e-12).all()
    assert set(mode) <= {m.name for m in DEFAULT_MODES}


@SETTINGS
@given(st.floats(0.0, 1.0), st.floats(1.0, 10.0))
def test_heavier_cheaper_goods_have_less_potential(weight: float, factor: float) -> None:
    demand = pd.DataFrame({"market": ["AAA", "AAA"], "product": ["light", "heavy"], "demand": 1e6})
    result = export_potential(
        pd.Series({"light": 0.1, "heavy": 0.1}),
        demand,
        pd.Series({"AAA": 1.0}),
        pd.DataFrame(columns=["market", "product", "actual"]),
        tonnes_per_usd=pd.Series({"light": weight * 1e-3, "heavy": weight * 1e-3 * factor}),
        distance_km=pd.Series({"AAA": 800.0}),
    )
    pot = result.table.set_index("product")["potential"]
    assert pot["heavy"] <= pot["light"] * (1 + 1e-12)


def test_great_circle_distance_matches_published_figure() -> None:
    """St. Petersburg–Moscow is about 634 km great-circle (Pulkovo-Sheremetyevo ~600 km)."""
    d = great_circle_km(30.3141, 59.9386, np.array([37.6173]), np.array([55.7558]))
    assert 625 < d[0] < 645


def test_diversification_lists_absent_products_by_density() -> None:
    data = latent_exports(30, 40, 1, seed=21)
    cols = {"time": "year", "loc": "country", "prod": "hs", "val": "export_value"}
    table = complexity(data, cols)
    ranked = diversification_opportunities(
        table, location="C004", cols_input=cols, weights=(1.0, 0.0, 0.0)
    )
    own = table[(table["country"] == "C004")]
    assert set(ranked["hs"]) == set(own.loc[own["mcp"] == 0, "hs"])
    assert ranked["density"].is_monotonic_decreasing


def test_no_route_by_sea_to_a_market_without_a_seaport() -> None:
    """Belarus, Armenia and Uzbekistan are landlocked: a ship cannot reach them.

    For a heavy product to distant markets sea freight is cheapest where a port
    exists (Turkey), and road or rail serves the landlocked markets.
    """
    from regiocluster.trade.potential import MARKET_COORDINATES, NO_SEAPORT, great_circle_km

    markets = ["BLR", "ARM", "UZB", "TUR"]
    demand = pd.DataFrame({"market": markets, "product": "p", "demand": 100.0})
    lon = np.array([MARKET_COORDINATES[m][0] for m in markets])
    lat = np.array([MARKET_COORDINATES[m][1] for m in markets])
    distance = pd.Series(great_circle_km(30.3, 59.9, lon, lat), index=markets)
    result = export_potential(
        pd.Series({"p": 0.1}),
        demand,
        pd.Series(1.0, index=markets),
        pd.DataFrame({"market": markets, "product": "p", "actual": 0.0}),
        tonnes_per_usd=pd.Series({"p": 1 / 50}),
        distance_km=distance,
    )
    modes = result.table.set_index("market")["mode"]
    assert {"BLR", "ARM", "UZB"} <= NO_SEAPORT
    assert (modes.loc[["BLR", "ARM", "UZB"]] != "sea").all()
    assert modes.loc["TUR"] == "sea"
    # with every market given a port, the sea would have been chosen for a far one
    opened = export_potential(
        pd.Series({"p": 0.1}),
        demand,
        pd.Series(1.0, index=markets),
        pd.DataFrame({"market": markets, "product": "p", "actual": 0.0}),
        tonnes_per_usd=pd.Series({"p": 1 / 50}),
        distance_km=distance,
        no_seaport=frozenset(),
    )
    assert (opened.table["mode"] == "sea").sum() > 1
