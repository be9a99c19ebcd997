"""Import shares, the HS ↔ OKPD2 ↔ OKVED-2 crosswalk and substitution candidates."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from regiocluster.trade import crosswalk, foreign_imports, import_shares, import_substitution

SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def balances_and_capacity(draw: st.DrawFn) -> tuple[pd.DataFrame, pd.DataFrame]:
    qty = st.floats(0.0, 1e6)
    rows, caps = [], []
    for product in ("cement", "sand", "brick"):
        for region in ("RU-LEN", "RU-SPE"):
            p, m = draw(qty), draw(qty)
            x = draw(st.floats(0.0, 1.0)) * (p + m)
            rows.append(
                {"product_id": product, "region_id": region, "year": 2024, "production": p,
                 "imports": m, "exports": x, "consumption": p + m - x, "price": draw(qty)}
            )  # fmt: skip
        for firm in range(draw(st.integers(0, 3))):
            cap = draw(qty)
            caps.append(
                {"enterprise_id": f"E{firm}", "product_id": product, "year": 2024,
                 "capacity": cap, "output": cap * draw(st.floats(0.0, 1.0))}
            )  # fmt: skip
    caps_frame = pd.DataFrame(
        caps, columns=["enterprise_id", "product_id", "year", "capacity", "output"]
    )
    return pd.DataFrame(rows), caps_frame


@SETTINGS
@given(balances_and_capacity())
def test_import_shares_and_replaceable_volumes(data: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    balances, capacity = data
    shares = import_shares(balances)
    ok = shares["consumption"] > 0
    np.testing.assert_allclose(
        shares.loc[ok, "import_share"] * shares.loc[ok, "consumption"],
        shares.loc[ok, "imports"],
        atol=1e-9,
    )
    result = import_substitution(
        balances, capacity, regions=["RU-LEN", "RU-SPE"], utilisation_ceiling=0.9
    )
    table = result.candidates.set_index("product_id")
    cap = capacity.groupby("product_id")[["capacity", "output"]].sum().astype(float)
    cap = cap.reindex(table.index)
    headroom = (0.9 * cap["capacity"].fillna(0) - cap["output"].fillna(0)).clip(lower=0)
    np.testing.assert_allclose(table["headroom"], headroom, atol=1e-6)
    assert (table["replaceable"] <= table["imports"].fillna(0) + 1e-9).all()
    assert (table["replaceable"] <= table["headroom"] + 1e-9).all()
    assert (table["replaceable"] >= 0).all()
    # Flows between the two regions are removed once, never more than either side.
    summed = balances.groupby("product_id")[["imports", "exports"]].sum().loc[table.index]
    internal = table["internal_flow"]
    assert (internal <= np.minimum(summed["imports"], summed["exports"]) + 1e-9).all()
    assert result.candidates["replaceable_value"].is_monotonic_decreasing


def test_flows_between_the_regions_leave_imports_and_exports_not_consumption() -> None:
    # LEN: Q 100, M 30, X 50, C 80; SPE: Q 0, M 60, X 10, C 50. Summed M 90, X 60;
    # 30 shipped between them (given, as the case's supply links give it).
    # Cluster: M 60, X 30, C = 100 + 60 - 30 = 130
    # (= 80 + 50: a flow between the regions cancels in apparent consumption);
    # import share 60 / 130.
    balances = pd.DataFrame(
        [("cement", "RU-LEN", 2024, 100.0, 30.0, 50.0, 80.0, 5.0),
         ("cement", "RU-SPE", 2024, 0.0, 60.0, 10.0, 50.0, 5.0)],
        columns=["product_id", "region_id", "year", "production", "imports", "exports",
                 "consumption", "price"],
    )  # fmt: skip
    capacity = pd.DataFrame(
        [("E1", "cement", 2024, 200.0, 100.0)],
        columns=["enterprise_id", "product_id", "year", "capacity", "output"],
    )
    flows = pd.DataFrame({"product_id": ["cement"], "year": [2024], "quantity": [30.0]})
    result = import_substitution(
        balances, capacity, regions=["RU-LEN", "RU-SPE"], internal_flows=flows
    )
    row = result.candidates.set_index("product_id").loc["cement"]
    assert row["internal_flow"] == pytest.approx(30.0)
    assert (row["imports"], row["exports"], row["consumption"]) == pytest.approx(
        (60.0, 30.0, 130.0)
    )
    assert row["import_share"] == pytest.approx(60 / 130)


def test_crosswalk_on_the_embedded_case(leningrad) -> None:
    products = leningrad.tables["products"]
    cw = crosswalk(products)
    # OKPD2 codes descend from their OKVED-2 class (OK 034-2014 mirrors OK 029-2014).
    assert cw["okpd2_matches_okved"].all()
    assert cw.groupby("hs6")["hs_share"].sum().eq(1.0).all()
    assert (cw["hs6"].str.len() == 6).all()
    cement = cw.set_index("product_id").loc["cement"]
    codes = (cement["hs4"], cement["okpd2_class"], cement["okved_division"])
    assert codes == ("2523", "23.51", "23")


def test_foreign_imports_conserve_tonnes(leningrad) -> None:
    tables = leningrad.tables
    balances = tables["market_balances"]
    foreign = foreign_imports(tables["trade_flows"], tables["products"], consumption=balances)
    flows = tables["trade_flows"]
    flows = flows[(flows["flow"] == "import") & (flows["partner"] != "WLD")]
    mapped = set(crosswalk(tables["products"])["hs6"])
    expected = flows[flows["hs"].isin(mapped)].groupby("year")["quantity_t"].sum()
    got = foreign.groupby("year")["foreign_imports_t"].sum()
    np.testing.assert_allclose(got.loc[expected.index], expected, rtol=1e-9)


def test_embedded_case_candidates(leningrad) -> None:
    tables = leningrad.tables
    parents = dict(zip(tables["regions"]["region_id"], tables["regions"]["parent_id"], strict=True))
    result = import_substitution(
        tables["market_balances"],
        tables["enterprise_products"],
        regions=["RU-LEN", "RU-SPE"],
        trade_flows=tables["trade_flows"],
        products=tables["products"],
        enterprises=tables["enterprises"],
        district_parent={k: v for k, v in parents.items() if isinstance(v, str) and v == "RU-LEN"},
    )
    top = result.candidates
    assert (top["replaceable_value"] > 0).sum() >= 5
    cement = top.set_index("product_id").loc["cement"]
    assert 0 < cement["replaceable"] <= cement["imports"]
    assert 0 < cement["foreign_imports"] <= cement["imports"] + cement["internal_flow"]


@pytest.fixture(scope="module")
def leningrad():
    from regiocluster import load_case

    return load_case("leningrad")
