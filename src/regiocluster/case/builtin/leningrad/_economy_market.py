"""Market tables of the embedded case: balances, demand drivers, material intensities.

Split from :mod:`._economy`. Russia's cement balance comes from the published
figures in ``facts/cement_russia.csv`` (per-field sources); the oblast's and
St. Petersburg's balances are synthetic: demand from the drivers by kind of
construction times intensities, supply from the synthetic enterprises.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from regiocluster.case.builtin.leningrad import _economy_params as P
from regiocluster.case.builtin.leningrad._common import SCENARIO_YEARS, SEED, YEARS, to_number

Y0, Y1 = YEARS[0], YEARS[-1]


def _rng(stream: int) -> np.random.Generator:
    return np.random.default_rng([SEED, stream])


#: Producer-price premium of a region over Russia's average (assumption: dearer land,
#: labour and delivery in St. Petersburg).
REGION_PRICE = {"RU": 1.0, "RU-SPE": 1.06, "RU-LEN": 0.97}


def _price_paths(product_ids: list[str], rng: np.random.Generator) -> dict:
    """Price index by product, region and year (2024 = the product's own 2024 level).

    Each product follows the construction-materials index raised to its own
    elasticity (0.7-1.3: some materials rose faster than others), times a
    regional premium and a small yearly noise, so prices vary by product,
    region and year instead of one index for all.
    """
    paths = {}
    for p in product_ids:
        elasticity = float(rng.uniform(0.7, 1.3))
        for region, premium in REGION_PRICE.items():
            for year in YEARS:
                noise = 1.0 if year == Y1 else float(rng.lognormal(0, 0.03))
                paths[(p, region, year)] = premium * P.PRICE_INDEX[year] ** elasticity * noise
    return paths


_COLUMNS = [
    "product_id",
    "region_id",
    "year",
    "production",
    "imports",
    "exports",
    "consumption",
    "capacity",
    "price",
    "source",
    "provenance",
]


def _driver_demand(inten: pd.DataFrame, hist: pd.Series, area: str, year: int) -> float:
    """Sum intensity x driver for one product, area and year.

    Materials are delivered ``lag_years`` before the building is counted (as in
    :func:`regiocluster.market.lagged_drivers`); past the history the last
    year's value holds.
    """
    demand = 0.0
    for driver, row in inten.iterrows():
        lagged = min(Y1, year + int(row["lag_years"]))
        value = hist.get((driver, area, lagged), np.nan)
        if driver.startswith("housing_") and np.isnan(value):
            value = 0.0
        if not np.isnan(value):
            demand += float(row["intensity"]) * value
    return demand


def _project_need(needs: pd.DataFrame, projects: pd.DataFrame) -> pd.Series:
    """Needs of the major projects other than housing (already in the housing driver)."""
    built = projects[projects["kind"] != "housing"]
    proj_region = built.set_index("project_id")["region_id"].map(
        lambda r: "RU-SPE" if r == "RU-SPE" else "RU-LEN"
    )
    needs = needs[needs["project_id"].isin(built["project_id"])]
    return (
        needs.assign(area=needs["project_id"].map(proj_region))
        .groupby(["product_id", "area", "year"])["quantity"]
        .sum()
    )


def _russia_row(p: str, year: int, cement: pd.DataFrame, rows: list, rng) -> tuple:
    """Russia: cement from the published balance; other products scaled from the study area."""
    kind = "synthetic"
    if p == "cement":
        c = cement.loc[str(year)]
        prod = float(c["production_mt"]) * 1e6
        cons = float(c["consumption_mt"]) * 1e6
        imports = float(c["imports_mt"]) * 1e6
        exports = float(c["exports_mt"]) * 1e6
        if c["exports_source"] != "derived_cement_exports":
            # published consumption, imports and exports; production closes the balance
            prod = cons - imports + exports
        source, kind = _cement_sources(c)
    elif p == "clinker":
        c = cement.loc[str(year)]
        prod = 0.85 * float(c["production_mt"]) * 1e6 * float(rng.lognormal(0, 0.02))
        imports = prod * float(rng.uniform(0.005, 0.02))
        exports = prod * float(rng.uniform(0.01, 0.04))
        cons = prod + imports - exports
        source = "synthetic"
    else:
        area_cons = sum(r[6] for r in rows if r[0] == p and r[2] == year)
        cons = area_cons / P.AREA_SHARE.get(p, 0.075) * float(rng.lognormal(0, 0.03))
        low, high = P.RU_IMPORT_SHARE.get(p, (0.03, 0.12))
        imports = cons * float(rng.uniform(low, high))
        exports = cons * P.RU_EXPORT_RATIO.get(p, float(rng.uniform(0.005, 0.05)))
        prod = cons - imports + exports
        source = "synthetic"
    return prod, imports, exports, cons, source, kind


def market_balances(
    facts: dict[str, pd.DataFrame],
    products: pd.DataFrame,
    ent: pd.DataFrame,
    ent_products: pd.DataFrame,
    drivers: pd.DataFrame,
    intensities: pd.DataFrame,
    needs: pd.DataFrame,
    projects: pd.DataFrame,
    rng: np.random.Generator,
) -> pd.DataFrame:
    """Balances of Russia, the oblast and St. Petersburg by product and year."""
    prices = facts["products"].set_index("product_id")["price_rub_2024"].astype(float)
    ep = ent_products.merge(ent[["enterprise_id", "region_id"]], on="enterprise_id")
    ep["area"] = np.where(ep["region_id"] == "RU-SPE", "RU-SPE", "RU-LEN")
    supply = ep.groupby(["product_id", "area", "year"])[["capacity", "output"]].sum()
    actual = drivers[drivers["scenario"] == "actual"]
    hist = actual.set_index(["driver", "region_id", "year"])["value"]
    need = _project_need(needs, projects)
    rows = []
    cement = facts["cement_russia"].set_index("year")
    price_path = _price_paths(list(products["product_id"]), _rng(9))
    for p in products["product_id"]:
        inten = intensities[intensities["product_id"] == p].set_index("driver")
        for area in ("RU-LEN", "RU-SPE"):
            cross = float(rng.uniform(0.05, 0.2))
            for year in YEARS:
                demand = _driver_demand(inten, hist, area, year)
                demand *= 1.35  # non-residential building and repair, an assumption
                for user, per_unit in P.INTERMEDIATE.get(p, {}).items():
                    demand += per_unit * float(supply["output"].get((user, area, year), 0.0))
                demand += float(need.get((p, area, year), 0.0))
                demand *= float(rng.lognormal(0, 0.04))
                prod = float(supply["output"].get((p, area, year), 0.0))
                cap = supply["capacity"].get((p, area, year), np.nan)
                exports = max(0.0, prod - demand) + cross * min(prod, demand)
                imports = max(0.0, demand - prod) + cross * min(prod, demand)
                price = prices[p] * price_path[(p, area, year)]
                rows.append((p, area, year, prod, imports, exports, prod + imports - exports,
                             cap, price, "synthetic", "synthetic"))  # fmt: skip
        for year in YEARS:
            prod, imports, exports, cons, source, kind = _russia_row(p, year, cement, rows, rng)
            price = prices[p] * price_path[(p, "RU", year)]
            rows.append((p, "RU", year, prod, imports, exports, cons, np.nan, price, source, kind))
    return pd.DataFrame(rows, columns=_COLUMNS)


_ESTIMATED_SOURCES = ("estimate_", "derived_", "soyuzcement_2022_h1", "ria_2024_cement_9m")


def _cement_sources(c: pd.Series) -> tuple[str, str]:
    """Per-field sources of Russia's cement balance and the row's least-trusted kind.

    Production, imports, exports and consumption come from different
    publications; some are estimates (derived from a part-year or a balance).
    The source cell names each field's source; the row is ``estimate`` when
    any field is. Where exports are published (2022 on), production closes
    the balance (consumption - imports + exports): Rosstat's monthly sum and
    Soyuzcement's production differ by about 1 Mt, and the schema's
    consumption is apparent consumption.
    """
    derived = c["exports_source"] != "derived_cement_exports"
    fields = {
        "production": "derived_cement_production" if derived else c["production_source"],
        "imports": c["consumption_source"],
        "exports": c["exports_source"],
        "consumption": c["consumption_source"],
    }
    estimated = any(str(v).startswith(_ESTIMATED_SOURCES) for v in fields.values())
    text = ";".join(f"{k}:{v}" for k, v in fields.items())
    return text, "estimate" if estimated else "real"


#: Population growth a year behind the population paths (assumption).
_GROWTH = {"RU": -0.002, "RU-SPE": 0.002, "RU-LEN": 0.013}
#: Scenario paths: (dip in each of the first two years, yearly slope after them).
_PATHS = {"base": (-0.06, 0.015), "optimistic": (-0.02, 0.035), "pessimistic": (-0.12, -0.005)}
_UNITS = {
    "housing_m2": "m2",
    "housing_individual_m2": "m2",
    "housing_apartment_m2": "m2",
    "population": "persons",
    "roads_km": "km",
}


def _housing_rows(housing: pd.DataFrame, shares: pd.DataFrame) -> list[tuple]:
    """Housing completed in total and by kind of construction (individual, apartment)."""
    rows = []
    for r in housing.itertuples(index=False):
        total = float(r.value) * 1e6
        rows.append(("housing_m2", r.region_id, int(r.year), "actual", total, "m2",
                     r.source, r.provenance))  # fmt: skip
    for r in housing.itertuples(index=False):
        share = shares.loc[(r.region_id, r.year)]
        total = float(r.value) * 1e6
        kind = "estimate" if "estimate" in (r.provenance, share["provenance"]) else "real"
        source = f"{r.source};individual_share:{share['source']}"
        individual = total * float(share["share"])
        for driver, value in (
            ("housing_individual_m2", individual),
            ("housing_apartment_m2", total - individual),
        ):
            rows.append((driver, r.region_id, int(r.year), "actual", value, "m2", source, kind))
    return rows


def _district_rows(housing: pd.DataFrame, regions: pd.DataFrame, rng) -> list[tuple]:
    """Spread the oblast's completions over its districts (a synthetic allocation)."""
    districts = regions[regions["parent_id"] == "RU-LEN"]
    w = districts["population"].to_numpy() * rng.lognormal(0, 0.3, len(districts))
    ids = districts["region_id"].to_numpy()
    known = P.HOUSING_DISTRICT_SHARE
    w = w / w[~np.isin(ids, list(known))].sum() * (1 - sum(known.values()))
    for rid, share in known.items():
        w[ids == rid] = share
    rows = []
    for r in housing.itertuples():
        if r.region_id != "RU-LEN":
            continue
        total = float(r.value) * 1e6
        shares = w * rng.lognormal(0, 0.1, len(w))
        shares /= shares.sum()
        for rid, s in zip(districts["region_id"], shares, strict=True):
            rows.append(("housing_m2", rid, int(r.year), "actual", total * s, "m2",
                         "synthetic", "synthetic"))  # fmt: skip
    return rows


def _population_and_road_rows(regions: pd.DataFrame, rng) -> list[tuple]:
    """Draw population paths from the 2021 census (estimates) and road building (synthetic)."""
    pops = regions.set_index("region_id")["population"]
    subjects = regions["kind"].isin(["federal_subject", "federal_city"])
    pops_ru = float(regions.loc[subjects, "population"].sum())
    rows = []
    for rid, g in _GROWTH.items():
        p21 = pops_ru if rid == "RU" else float(pops[rid])
        for year in YEARS:
            value = round(p21 * np.exp(g * (year - 2021)), -2)
            rows.append(("population", rid, year, "actual", value, "persons",
                         "estimate_population", "estimate"))  # fmt: skip
    for rid, level in (("RU-LEN", 180.0), ("RU-SPE", 40.0)):
        for year in YEARS:
            value = level * float(rng.lognormal(0, 0.2))
            rows.append(("roads_km", rid, year, "actual", value, "km", "synthetic", "synthetic"))
    return rows


def _scenario_rows(rows: list[tuple]) -> list[tuple]:
    """Scenario paths 2025-2035 from the last actual year (assumptions)."""
    last = {
        (d, r): v
        for d, r, y, s, v, u, src, _ in rows
        if y == Y1 and s == "actual" and r in ("RU", "RU-LEN", "RU-SPE")
    }
    out = []
    for (driver, rid), v0 in sorted(last.items()):
        for scenario, (dip, slope) in _PATHS.items():
            for k, year in enumerate(SCENARIO_YEARS):
                if driver == "population":
                    g = _GROWTH[rid] + (slope - 0.015) * 0.2
                    value = v0 * np.exp(g * (k + 1))
                else:
                    value = v0 * (1 + dip) ** min(k + 1, 2) * (1 + slope) ** max(0, k - 1)
                out.append((driver, rid, year, scenario, value, _UNITS[driver],
                            "scenario_assumption", "estimate"))  # fmt: skip
    return out


def demand_drivers(
    facts: dict[str, pd.DataFrame], regions: pd.DataFrame, rng: np.random.Generator
) -> pd.DataFrame:
    """Drivers of demand: housing by kind, population, roads, and their scenario paths."""
    housing = facts["housing"]
    shares = facts["housing_individual_share"].set_index(["region_id", "year"])
    rows = _housing_rows(housing, shares)
    rows += _district_rows(housing, regions, rng)
    rows += _population_and_road_rows(regions, rng)
    rows += _scenario_rows(rows)
    columns = ["driver", "region_id", "year", "scenario", "value", "unit", "source", "provenance"]
    return pd.DataFrame(rows, columns=columns)


def intensities(facts: dict[str, pd.DataFrame]) -> pd.DataFrame:
    f = facts["intensities"]
    return pd.DataFrame(
        {
            "product_id": f["product_id"],
            "driver": f["driver"],
            "intensity": to_number(f["intensity"]),
            "low": to_number(f["low"]),
            "high": to_number(f["high"]),
            "lag_years": to_number(f["lag_years"]).astype(int),
            "source": f["source"],
        }
    )
