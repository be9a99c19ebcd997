"""The economic half of the embedded Leningrad Oblast case.

Builds regions, industries, employment, enterprises with finances, products,
capacities and output, supply links, market balances, demand drivers,
material intensities, from the hand-entered facts in ``facts/``. Trade flows and the
input-output table are built in :mod:`._economy_trade`.

Real facts (regions, the OKVED-2 classifier, housing completions, the
national cement balance) are
passed through; everything below them is synthetic, drawn from seeded
generators and calibrated to those facts. The data card says which is which.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from regiocluster.case.builtin.leningrad import _economy_employment, _economy_trade
from regiocluster.case.builtin.leningrad import _economy_market as M
from regiocluster.case.builtin.leningrad import _economy_params as P
from regiocluster.case.builtin.leningrad._common import (
    SEED,
    STUDY_BBOX,
    YEARS,
    to_number,
)
from regiocluster.case.schema import TABLES
from regiocluster.geo import great_circle_km

Y0, Y1 = YEARS[0], YEARS[-1]
NY = len(YEARS)


def _rng(stream: int) -> np.random.Generator:
    return np.random.default_rng([SEED, stream])


# --------------------------------------------------------------------------- classifiers


def _regions(facts: dict[str, pd.DataFrame]) -> pd.DataFrame:
    f = facts["regions"]
    out = pd.DataFrame(
        {
            "region_id": f["region_id"],
            "name_ru": f["name_ru"],
            "name_en": f["name_en"],
            "kind": f["kind"],
            "parent_id": f["parent_id"].replace("", None),
            "centre_ru": f["centre_ru"],
            "lon": to_number(f["lon"]),
            "lat": to_number(f["lat"]),
            "population": to_number(f["population"]),
            "population_year": to_number(f["population_year"]).astype("Int64"),
            "federal_district": f["federal_district"].replace("", None),
        }
    )
    return out


def _industries(facts: dict[str, pd.DataFrame]) -> pd.DataFrame:
    f = facts["industries"]
    return pd.DataFrame(
        {
            "okved": f["okved"],
            "name_ru": f["name_ru"],
            "name_en": f["name_en"],
            "level": f["level"],
            "parent": f["parent"].replace("", None),
            "section": f["section"],
            "traded": f["traded"] == "true",
            "chain_role": f["chain_role"].replace("", None),
            "in_partition": f["in_partition"] == "true",
        }
    )


def _products(facts: dict[str, pd.DataFrame]) -> pd.DataFrame:
    f = facts["products"]
    return pd.DataFrame(
        {
            "product_id": f["product_id"],
            "name_ru": f["name_ru"],
            "name_en": f["name_en"],
            "hs": f["hs"],
            "okpd2": f["okpd2"],
            "okved": f["okved"],
            "unit": f["unit"],
            "tonnes_per_unit": to_number(f["tonnes_per_unit"]),
            "group": f["group"],
            "raw_material": f["raw_material"].replace("", None),
        }
    )


# --------------------------------------------------------------------------- enterprises


def _size_class(employees: float) -> str:
    if employees < 15:
        return "micro"
    if employees < 100:
        return "small"
    if employees < 250:
        return "medium"
    return "large"


def _fake_inn(rng: np.random.Generator, region_id: str) -> str:
    """Return a 10-digit number that fails the INN checksum, so it is never a real INN."""
    prefix = "78" if region_id == "RU-SPE" else "47"
    body = prefix + "".join(str(d) for d in rng.integers(0, 10, 7))
    weights = (2, 4, 10, 3, 5, 9, 4, 6, 8)
    check = sum(int(c) * w for c, w in zip(body, weights, strict=True)) % 11 % 10
    return body + str((check + 1 + int(rng.integers(0, 9))) % 10)


def _place_near(
    lon0: float, lat0: float, district: str, anchors: pd.DataFrame, rng: np.random.Generator
) -> tuple[float, float]:
    """Draw a point around a district centre whose nearest centre is still that district's."""
    spread = 0.12 if district == "RU-SPE" else 0.25
    for _ in range(100):
        lon = float(
            np.clip(lon0 + rng.normal(0, spread), STUDY_BBOX[0] + 0.05, STUDY_BBOX[2] - 0.05)
        )
        lat = float(
            np.clip(lat0 + rng.normal(0, spread / 2), STUDY_BBOX[1] + 0.05, STUDY_BBOX[3] - 0.05)
        )
        km = pd.Series(great_circle_km(anchors["lon"], anchors["lat"], lon, lat), anchors.index)
        if km.idxmin() == district:
            return lon, lat
        spread *= 0.9
    return float(lon0), float(lat0)


def _enterprises(regions: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    centres = regions.set_index("region_id")[["lon", "lat", "centre_ru"]]
    local = regions[(regions["parent_id"] == "RU-LEN") | (regions["region_id"] == "RU-SPE")]
    anchors = local.set_index("region_id")[["lon", "lat"]]
    rows = []
    serial: dict[str, int] = {}
    for okved, kind, count, prods, median, weights, stem in P.BLUEPRINT:
        ids = list(weights)
        p = np.array([weights[i] for i in ids], dtype=float)
        p /= p.sum()
        if count <= len(ids) and count == len(ids):
            chosen = ids
        else:
            chosen = list(rng.choice(ids, size=count, p=p))
        for district in chosen:
            serial[stem] = serial.get(stem, 0) + 1
            lon0, lat0, _ = centres.loc[district]
            lon, lat = _place_near(lon0, lat0, district, anchors, rng)
            employees = float(max(3.0, round(median * float(rng.lognormal(0, 0.45)))))
            founded = int(
                rng.choice(
                    [rng.integers(1950, 2000), rng.integers(2000, 2014), rng.integers(2014, 2021)],
                    p=[0.35, 0.5, 0.15],
                )
            )
            rows.append(
                {
                    "okved": okved,
                    "kind": kind,
                    "region_id": district,
                    "lon": lon,
                    "lat": lat,
                    "founded": founded,
                    "employees_base": employees,
                    "products": prods,
                    # no place in the name: a synthetic row must not read as a real firm
                    "name": f"ООО «{stem}-{serial[stem]:02d}» (синтетическое)",
                    "inn": _fake_inn(rng, district),
                }
            )
    ent = pd.DataFrame(rows)
    ent.insert(0, "enterprise_id", [f"E{i + 1:04d}" for i in range(len(ent))])
    ent["size_class"] = ent["employees_base"].map(_size_class)
    ent["synthetic"] = True
    return ent


def _housing_index(facts: dict[str, pd.DataFrame]) -> dict[int, float]:
    """Return combined housing completed in St. Petersburg and the oblast over its mean."""
    h = facts["housing"]
    h = h[h["region_id"].isin(["RU-SPE", "RU-LEN"])]
    by_year = to_number(h["value"]).groupby(h["year"].astype(int)).sum()
    return (by_year / by_year.mean()).to_dict()


def _operations(
    ent: pd.DataFrame, products: pd.DataFrame, housing: dict[int, float], rng: np.random.Generator
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Yearly employees, capacity, output and finances of every enterprise."""
    price = products
    fin_rows = []
    prod_rows = []
    for e in ent.itertuples(index=False):
        wear = float(rng.uniform(0.3, 0.65))
        utilisation = float(rng.uniform(0.55, 0.85))
        margin = float(rng.normal(0.06, 0.05))
        growth = rng.normal(0.01, 0.05, NY).cumsum()
        purchase_share = P.PURCHASE_SHARE[e.okved] * float(rng.uniform(0.9, 1.1))
        first = max(Y0, e.founded)
        capacity0 = {
            p: e.employees_base * P.PRODUCTIVITY[p] * float(rng.uniform(0.8, 1.2))
            for p in e.products
        }
        expansion_year = int(rng.integers(Y0, Y1 + 4))
        for k, year in enumerate(YEARS):
            if year < first:
                continue
            employees = max(2.0, round(e.employees_base * float(np.exp(growth[k]))))
            made: dict[str, float] = {}
            for p in e.products:
                cap = capacity0[p] * (1.3 if year >= expansion_year else 1.0)
                u = np.clip(
                    utilisation * (0.75 + 0.25 * housing[year]) + rng.normal(0, 0.04), 0.2, 0.98
                )
                made[p] = cap * u
                prod_rows.append((e.enterprise_id, p, year, cap, made[p]))
            revenue = _sales(made, price, year)
            if not e.products:
                rpe = P.REVENUE_PER_EMPLOYEE.get(e.okved, 4.0)
                revenue = (
                    employees
                    * rpe
                    * P.PRICE_INDEX[year]
                    * float(rng.lognormal(0, 0.15))
                    * (0.8 + 0.2 * housing[year])
                )
            else:
                revenue *= 1.05
            wages = employees * P.WAGE[year] * float(rng.uniform(0.85, 1.15))
            purchases = revenue * purchase_share
            before, after = P.EXPORT_SHARE.get(e.okved, (0.0, 0.0))
            exports = revenue * (before if year < 2022 else after) * float(rng.uniform(0.5, 1.5))
            investment = (
                revenue
                * float(rng.uniform(0.02, 0.1))
                * (3.0 if year == expansion_year - 1 else 1.0)
            )
            profit = revenue * (margin + float(rng.normal(0, 0.03)))
            fin_rows.append((e.enterprise_id, year, revenue, purchases, wages, investment,
                             exports, float(employees), profit,
                             min(0.95, wear + 0.012 * (year - Y0))))  # fmt: skip
    columns = ["enterprise_id", "year", "revenue", "purchases", "wages", "investment",
               "exports", "employees", "net_profit", "fixed_assets_wear"]  # fmt: skip
    finances = pd.DataFrame(fin_rows, columns=columns)
    ent_products = pd.DataFrame(
        prod_rows, columns=["enterprise_id", "product_id", "year", "capacity", "output"]
    )
    return finances, ent_products


def _sales(made: dict[str, float], products: pd.DataFrame, year: int) -> float:
    """Revenue of the output sold, mln RUB.

    An intermediate the plant uses itself (clinker ground into its own cement)
    is neither sold nor bought: only the surplus counts.
    """
    revenue = 0.0
    for p, out in made.items():
        own_use = sum(P.INTERMEDIATE.get(p, {}).get(q, 0.0) * made[q] for q in made)
        unit_price = _price(products, p) * P.PRICE_INDEX[year]
        revenue += max(0.0, out - own_use) * unit_price / 1e6
    return revenue


def _price(products: pd.DataFrame, product_id: str) -> float:
    return float(products.loc[product_id, "price_rub_2024"])


# --------------------------------------------------------------------------- supply links


def _supply_links(
    ent: pd.DataFrame, finances: pd.DataFrame, rng: np.random.Generator
) -> pd.DataFrame:
    main_product = ent["products"].map(lambda p: p[0] if p else None)
    lon, lat = ent["lon"].to_numpy(dtype=float), ent["lat"].to_numpy(dtype=float)
    pairs: list[tuple[int, int, str | None]] = []
    for source, buyers, product, per_buyer in P.LINK_RULES:
        suppliers = np.flatnonzero((main_product == source) | (ent["okved"] == source))
        if len(suppliers) == 0:
            continue
        for b in np.flatnonzero(ent["okved"].isin(buyers)):
            d = great_circle_km(lon[suppliers], lat[suppliers], lon[b], lat[b])
            w = ent["employees_base"].to_numpy()[suppliers] / (20 + d) ** 1.5
            w = w / w.sum()
            k = min(len(suppliers), int(rng.integers(max(1, per_buyer - 1), per_buyer + 2)))
            if rng.random() < 0.15 and source not in ("cement",):
                continue
            for s in rng.choice(suppliers, size=k, replace=False, p=w):
                if s == b:
                    continue
                item = product
                if product == "trade":
                    item = str(rng.choice(P.TRADED))
                pairs.append((int(s), int(b), item))
    fin = finances.set_index(["enterprise_id", "year"])
    rows = []
    founded = ent["founded"].to_numpy()
    ids = ent["enterprise_id"].to_numpy()
    for s, b, item in pairs:
        start = max(Y0, founded[s], founded[b], int(rng.integers(Y0 - 6, Y1)))
        end = min(Y1, start + int(rng.integers(2, 14)))
        weight = float(rng.lognormal(0, 0.6))
        for year in range(start, end + 1):
            rows.append((ids[s], ids[b], item, year, weight))
    links = pd.DataFrame(rows, columns=["supplier_id", "buyer_id", "product_id", "year", "weight"])
    # Links are valued from the supplier's side: each supplier sells a stated share of its
    # revenue to its buyers in the cluster (P.LOCAL_SALES_SHARE by OKVED, with noise), split
    # by the link weights. No buyer-side share is drawn, so a buyer's dependence on other
    # members (and the Decree 779 share) follows from who supplies whom, not from a target.
    okved = ent.set_index("enterprise_id")["okved"]
    local = okved.map(lambda code: P.LOCAL_SALES_SHARE.get(code, P.LOCAL_SALES_DEFAULT))
    local = local * rng.uniform(0.8, 1.2, len(local))
    total_weight = links.groupby(["supplier_id", "year"])["weight"].transform("sum")
    revenue = fin.loc[
        list(zip(links["supplier_id"], links["year"], strict=True)), "revenue"
    ].to_numpy()
    links["value"] = (
        links["weight"] / total_weight * local.loc[links["supplier_id"]].to_numpy() * revenue
    )
    # a buyer never buys more inside the cluster than 90 % of what it purchases at all
    bought = links.groupby(["buyer_id", "year"])["value"].transform("sum")
    purchases = fin.loc[
        list(zip(links["buyer_id"], links["year"], strict=True)), "purchases"
    ].to_numpy()
    links["value"] *= np.minimum(1.0, 0.9 * purchases / bought.to_numpy())
    links = links.sort_values(
        ["year", "supplier_id", "buyer_id", "product_id"], na_position="first", kind="stable"
    )
    links = links.drop_duplicates(["supplier_id", "buyer_id", "product_id", "year"]).reset_index(
        drop=True
    )
    links.insert(0, "link_id", [f"L{i + 1:06d}" for i in range(len(links))])
    return links[["link_id", "supplier_id", "buyer_id", "product_id", "year", "value"]]


# --------------------------------------------------------------------------- entry point


def classifiers(facts: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Build ``regions``, ``industries`` and ``products`` (the tables others refer to)."""
    return {
        "regions": _regions(facts),
        "industries": _industries(facts),
        "products": _products(facts),
    }


def build(
    facts: dict[str, pd.DataFrame],
    *,
    major_projects: pd.DataFrame | None = None,
    project_needs: pd.DataFrame | None = None,
) -> dict[str, pd.DataFrame]:
    """Build every economic table of the embedded case.

    Parameters
    ----------
    facts : dict of str to DataFrame
        The hand-entered fact files (see :func:`._common.read_facts`).
    major_projects, project_needs : DataFrame, optional
        The territorial tables of major projects and their material needs;
        the needs of projects other than housing add to the market balances
        of St. Petersburg and the oblast.

    Returns
    -------
    dict of str to DataFrame
        ``regions``, ``industries``, ``employment``, ``enterprises``,
        ``enterprise_finances``, ``products``, ``enterprise_products``,
        ``supply_links``, ``trade_flows``, ``market_balances``,
        ``demand_drivers``, ``material_intensities``, ``io_sectors`` and
        ``io_flows``, each with the schema's columns.
    """
    regions = _regions(facts)
    industries = _industries(facts)
    products = _products(facts)
    if major_projects is None or project_needs is None:
        major_projects = pd.DataFrame(columns=["project_id", "region_id", "kind"])
        project_needs = pd.DataFrame(columns=["project_id", "product_id", "year", "quantity"])
    ent = _enterprises(regions, _rng(1))
    finances, ent_products = _operations(
        ent, facts["products"].set_index("product_id"), _housing_index(facts), _rng(2)
    )
    links = _supply_links(ent, finances, _rng(3))
    employment = _economy_employment.build(regions, industries, ent, finances, _rng(4))
    drivers = M.demand_drivers(facts, regions, _rng(5))
    intensities = M.intensities(facts)
    balances = M.market_balances(
        facts,
        products,
        ent,
        ent_products,
        drivers,
        intensities,
        project_needs,
        major_projects,
        _rng(7),
    )
    enterprises = ent[TABLES["enterprises"].column_names]
    tables = {
        "regions": regions,
        "industries": industries,
        "employment": employment,
        "enterprises": enterprises,
        "enterprise_finances": finances,
        "products": products,
        "enterprise_products": ent_products,
        "supply_links": links,
        "market_balances": balances,
        "demand_drivers": drivers,
        "material_intensities": intensities,
    }
    tables.update(_economy_trade.build(facts, products, balances, _rng(8)))
    return tables
