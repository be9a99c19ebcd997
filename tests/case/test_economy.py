"""Checks of the economic tables of the embedded Leningrad Oblast case.

Published answers: the 2021 census total of the 83 subjects, housing
completions and the national cement balance quoted in the data card.
Properties a wrong generator would break: balance identities, the OKVED-2
partition, districts adding up to the oblast, supply links within the
buyers' purchases, output within capacity, a balanced input-output table,
synthetic taxpayer numbers that can never be real ones.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from regiocluster.case.builtin.leningrad import _economy
from regiocluster.case.builtin.leningrad._common import read_facts


@pytest.fixture(scope="module")
def tables() -> dict[str, pd.DataFrame]:
    return _economy.build(read_facts())


def test_subjects_sum_to_the_2021_census_without_crimea_and_sevastopol(tables):
    regions = tables["regions"]
    subjects = regions[regions["kind"].isin(["federal_subject", "federal_city"])]
    assert len(subjects) == 83
    # Rosstat VPN-2021: 147,182,123 in all, of which Crimea 1,934,630 and Sevastopol 547,820
    assert subjects["population"].sum() == pytest.approx(
        147_182_123 - 1_934_630 - 547_820, rel=2e-3
    )
    districts = regions[regions["parent_id"] == "RU-LEN"]
    assert len(districts) == 18
    assert districts["population"].sum() == pytest.approx(
        float(regions.loc[regions["region_id"] == "RU-LEN", "population"].iloc[0]), rel=0.03
    )


@pytest.mark.parametrize(
    ("region", "year", "mln_m2"),
    [
        ("RU-LEN", 2023, 4.65),
        ("RU-SPE", 2023, 3.483),
        ("RU-SPE", 2022, 3.466),
        ("RU-LEN", 2021, 3.4),
        ("RU-SPE", 2021, 3.46),
        ("RU-LEN", 2016, 2.17),
        ("RU", 2020, 82.2),
        ("RU", 2023, 110.4),
        ("RU-SPE", 2014, 3.262),  # Rosstat via RIA (was 3.1)
        ("RU-LEN", 2022, 3.6),  # regional government, 29.12.2022 (was 4.1)
    ],
)
def test_housing_completions_are_the_published_figures(tables, region, year, mln_m2):
    d = tables["demand_drivers"]
    row = d[(d["driver"] == "housing_m2") & (d["region_id"] == region) & (d["year"] == year)]
    row = row[row["scenario"] == "actual"]
    assert row["value"].iloc[0] == pytest.approx(mln_m2 * 1e6)


@pytest.mark.parametrize(("region", "per_person"), [("RU-LEN", 1.976), ("RU-SPE", 0.47)])
def test_housing_2024_agrees_with_the_published_per_person_figure(tables, region, per_person):
    """RIA Novosti's 2024 rating (sz-fo.ru): 1.976 m² per resident in the oblast, 0.47 in
    St. Petersburg; the city's 2.65 mln m² was the year's target, not an outturn."""
    d = tables["demand_drivers"]
    d = d[(d["region_id"] == region) & (d["year"] == 2024) & (d["scenario"] == "actual")]
    value = d.set_index("driver")["value"]
    assert value["housing_m2"] / value["population"] == pytest.approx(per_person, abs=0.0006)
    row = d[d["driver"] == "housing_m2"].iloc[0]
    assert row["provenance"] == "estimate"
    assert row["source"] != "asninfo_2024_spb"


def test_oblast_housing_districts_add_up(tables):
    d = tables["demand_drivers"]
    d = d[(d["driver"] == "housing_m2") & (d["scenario"] == "actual")]
    oblast = d[d["region_id"] == "RU-LEN"].set_index("year")["value"]
    districts = d[d["region_id"].str.startswith("LEN-")].groupby("year")["value"].sum()
    pd.testing.assert_series_equal(districts, oblast, check_names=False)


@pytest.mark.parametrize(
    ("year", "mt", "rel"),
    [
        (2015, 62.1, 1e-9),
        (2016, 55.0, 1e-9),
        (2020, 56.0, 1e-9),
        # from 2022 production closes the balance of published consumption,
        # imports and exports: within 5 % of Rosstat's monthly sum
        (2022, 61.87, 0.05),
        (2023, 60.08, 0.05),
        (2024, 63.76, 0.05),
    ],
)
def test_russian_cement_production_is_rosstat_monthly_sum(tables, year, mt, rel):
    m = tables["market_balances"]
    row = m[(m["product_id"] == "cement") & (m["region_id"] == "RU") & (m["year"] == year)]
    assert row["production"].iloc[0] == pytest.approx(mt * 1e6, rel=rel)


@pytest.mark.parametrize(("year", "mt"), [(2022, 0.95), (2023, 1.10), (2024, 1.18)])
def test_russian_cement_exports_follow_the_published_part_years(tables, year, mt):
    """0.883 Mt in January-September 2024 (RIA), 475.6 kt in H1 2022 (Soyuzcement)."""
    m = tables["market_balances"]
    row = m[(m["product_id"] == "cement") & (m["region_id"] == "RU") & (m["year"] == year)]
    assert row["exports"].iloc[0] == pytest.approx(mt * 1e6)
    assert row["provenance"].iloc[0] == "estimate"


def test_russian_cement_2024_consumption_and_imports_are_soyuzcement(tables):
    m = tables["market_balances"]
    row = m[(m["product_id"] == "cement") & (m["region_id"] == "RU") & (m["year"] == 2024)].iloc[0]
    assert row["consumption"] == pytest.approx(66.8e6)
    assert row["imports"] == pytest.approx(3.74e6)


def test_balances_are_apparent_consumption(tables):
    m = tables["market_balances"]
    lhs = m["production"] + m["imports"] - m["exports"]
    np.testing.assert_allclose(lhs, m["consumption"], rtol=1e-9, atol=1e-6)
    assert (m[["production", "imports", "exports", "consumption"]] >= 0).all().all()


def test_study_area_production_is_the_enterprises_output(tables):
    ent = tables["enterprises"][["enterprise_id", "region_id"]]
    ep = tables["enterprise_products"].merge(ent, on="enterprise_id")
    ep["area"] = np.where(ep["region_id"] == "RU-SPE", "RU-SPE", "RU-LEN")
    out = ep.groupby(["product_id", "area", "year"])["output"].sum()
    m = tables["market_balances"].set_index(["product_id", "region_id", "year"])["production"]
    np.testing.assert_allclose(m.loc[out.index].to_numpy(), out.to_numpy(), rtol=1e-12)


def test_output_never_exceeds_capacity(tables):
    ep = tables["enterprise_products"]
    assert (ep["output"] <= ep["capacity"]).all()
    assert (ep["output"] > 0).all()


def test_enough_enterprises_and_links_in_the_study_area(tables):
    ent = tables["enterprises"]
    assert len(ent) >= 250
    assert ent["region_id"].map(lambda r: r == "RU-SPE" or r.startswith("LEN-")).all()
    assert ent["synthetic"].all()
    assert len(tables["supply_links"]) >= 1500


def _valid_inn10(inn: str) -> bool:
    weights = (2, 4, 10, 3, 5, 9, 4, 6, 8)
    check = sum(int(c) * w for c, w in zip(inn[:9], weights, strict=True)) % 11 % 10
    return check == int(inn[9])


def test_synthetic_taxpayer_numbers_can_never_be_real(tables):
    inns = tables["enterprises"]["inn"]
    assert inns.str.fullmatch(r"\d{10}").all()
    assert not any(_valid_inn10(i) for i in inns)
    assert _valid_inn10("7707083893")  # Sberbank's published INN passes the same check


def test_supply_links_stay_within_purchases_and_revenue(tables):
    links = tables["supply_links"]
    fin = tables["enterprise_finances"].set_index(["enterprise_id", "year"])
    bought = links.groupby(["buyer_id", "year"])["value"].sum()
    assert (bought <= fin.loc[bought.index, "purchases"].to_numpy() * (1 + 1e-9)).all()
    sold = links.groupby(["supplier_id", "year"])["value"].sum()
    assert (sold <= fin.loc[sold.index, "revenue"].to_numpy() * (1 + 1e-9)).all()
    assert (links["supplier_id"] != links["buyer_id"]).all()
    founded = tables["enterprises"].set_index("enterprise_id")["founded"]
    assert (links["year"] >= founded.loc[links["supplier_id"]].to_numpy()).all()


def test_employment_uses_a_partition_of_okved(tables):
    ind = tables["industries"].set_index("okved")
    part = set(ind.index[ind["in_partition"]])
    assert set(tables["employment"]["okved"]) == part

    def ancestors(code: str) -> list[str]:
        out = []
        while pd.notna(ind.loc[code, "parent"]):
            code = ind.loc[code, "parent"]
            out.append(code)
        return out

    # no partition code lies under another, and every division is covered exactly once
    for code in part:
        assert not set(ancestors(code)) & part
    divisions = ind.index[ind["level"] == "division"]
    covering = {d: [c for c in part if c == d or d in ancestors(c)] for d in divisions}
    assert all(covering[d] for d in divisions)
    assert {"08.11", "08.12", "23.51", "23.63", "16.10", "46.73", "41", "42", "43"} <= part


def test_oblast_chain_employment_is_the_sum_of_its_districts(tables):
    e = tables["employment"]
    chain = ["23.51", "23.61", "23.63", "08.12", "16.10"]
    e = e[e["okved"].isin(chain)]
    oblast = e[e["region_id"] == "RU-LEN"].set_index(["okved", "year"])["employees"]
    districts = (
        e[e["region_id"].str.startswith("LEN-")].groupby(["okved", "year"])["employees"].sum()
    )
    np.testing.assert_allclose(districts.loc[oblast.index], oblast, atol=len(chain) * 18)


def test_oblast_is_specialised_in_its_cement_and_quarrying(tables):
    e = tables["employment"]
    regions = tables["regions"]
    subjects = regions.loc[regions["kind"].isin(["federal_subject", "federal_city"]), "region_id"]
    y = e[(e["year"] == 2024) & e["region_id"].isin(subjects)]
    national = y.groupby("okved")["employees"].sum()
    oblast = y[y["region_id"] == "RU-LEN"].set_index("okved")["employees"]
    lq = (oblast / oblast.sum()) / (national / national.sum())
    assert lq["23.51"] > 1.5 and lq["08.12"] > 1.5


def test_input_output_table_is_balanced(tables):
    flows = tables["io_flows"]
    sectors = tables["io_sectors"]["sector_id"].tolist()
    rows = flows.groupby("row")["value"].sum()
    cols = flows[flows["row"].isin(sectors) | flows["row"].isin(["value_added", "imports"])]
    cols = cols[cols["column"].isin(sectors)].groupby("column")["value"].sum()
    np.testing.assert_allclose(
        rows.loc[sectors].to_numpy(), cols.loc[sectors].to_numpy(), rtol=1e-9
    )
    z = flows[flows["row"].isin(sectors) & flows["column"].isin(sectors)]
    a = (
        z.pivot(index="row", columns="column", values="value")
        .reindex(index=sectors, columns=sectors)
        .fillna(0.0)
    )
    a = a / rows.loc[sectors].to_numpy()[None, :]
    assert np.abs(np.linalg.eigvals(a.to_numpy())).max() < 1  # productive (Hawkins–Simon)


def test_russias_cement_imports_by_partner_add_up_to_the_balance(tables):
    t = tables["trade_flows"]
    m = tables["market_balances"]
    for year in (2014, 2024):
        q = t[
            (t["reporter"] == "RUS")
            & (t["hs"] == "252329")
            & (t["flow"] == "import")
            & (t["year"] == year)
        ]
        imports = m[(m["product_id"] == "cement") & (m["region_id"] == "RU") & (m["year"] == year)][
            "imports"
        ]
        assert q["quantity_t"].sum() == pytest.approx(float(imports.iloc[0]), rel=1e-9)


def test_eu_trade_collapses_from_2022(tables):
    t = tables["trade_flows"]
    fin = t[(t["reporter"] == "RUS") & (t["partner"] == "FIN")]
    by_year = fin.groupby("year")["value_usd"].sum()
    assert by_year.loc[2022:].max() < 0.5 * by_year.loc[:2021].min()


def test_every_enterprise_lies_nearest_its_own_district_centre(tables):
    regions = tables["regions"]
    local = regions[(regions["parent_id"] == "RU-LEN") | (regions["region_id"] == "RU-SPE")]
    ent = tables["enterprises"]
    lon = local["lon"].to_numpy()[None, :]
    lat = local["lat"].to_numpy()[None, :]
    scale = np.cos(np.radians(ent["lat"].to_numpy()))[:, None]
    d2 = ((ent["lon"].to_numpy()[:, None] - lon) * scale) ** 2 + (
        ent["lat"].to_numpy()[:, None] - lat
    ) ** 2
    nearest = local["region_id"].to_numpy()[d2.argmin(axis=1)]
    assert (nearest == ent["region_id"].to_numpy()).mean() == 1.0
