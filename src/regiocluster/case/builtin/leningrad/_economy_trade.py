# ruff: noqa: E501
"""Trade flows and the input-output table of the embedded case (both synthetic).

Trade flows
    A world panel of 38 reporters × 96 HS products × 11 years (exports to
    the world, ``partner = WLD``) drawn from a latent capability–complexity
    model, so that the presence matrix is nested as real trade data is, plus
    the rest of the world (``ROW``): the world is every reporter plus ROW;
    plus bilateral exports and imports of the chain's HS 6 products for Russia
    (``RUS``), Leningrad Oblast (``RU-LEN``) and St. Petersburg (``RU-SPE``),
    with the 2022 break in trade with the EU. Russia's cement imports follow
    the published national balance; the regions' trade abroad is part of
    their own balances' imports and exports.
Input-output table
    A 12-sector symmetric table for 2016 in bn RUB, built from assumed
    technical coefficients and sector outputs of plausible size. It is an
    illustration to exercise the input-output analyses, not Rosstat's table.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from regiocluster.case.builtin.leningrad._common import YEARS

NY = len(YEARS)

# fmt: off
COUNTRIES = (
    'RUS', 'FIN', 'EST', 'LVA', 'LTU', 'BLR', 'KAZ', 'UZB', 'KGZ', 'ARM', 'AZE', 'GEO', 'TUR',
    'CHN', 'IND', 'IRN', 'EGY', 'DEU', 'POL', 'ITA', 'ESP', 'FRA', 'SWE', 'NOR', 'NLD', 'BEL',
    'GBR', 'USA', 'CAN', 'BRA', 'MEX', 'JPN', 'KOR', 'VNM', 'THA', 'IDN', 'SAU', 'ARE',
)
# fmt: on
# fmt: off
OTHER_HS4 = (
    '0201', '0303', '0402', '0701', '0803', '1001', '1005', '1201', '1507', '1511', '1701', '1806',
    '2106', '2203', '2204', '2401', '2601', '2603', '2701', '2709', '2710', '2711', '2801', '2814',
    '2902', '3004', '3102', '3104', '3105', '3206', '3304', '3402', '3808', '3901', '3902', '3920',
    '4001', '4011', '4104', '4403', '4703', '4801', '4810', '5201', '5209', '5407', '6109', '6110',
    '6203', '6204', '6403', '7108', '7207', '7208', '7210', '7304', '7403', '7601', '7606', '8411',
    '8413', '8421', '8429', '8471', '8474', '8479', '8501', '8517', '8542', '8703', '8704', '8708',
    '8802', '8901', '9018', '9401', '9403', '9503', '9001',
)
# fmt: on
#: Countries from the most to the least diversified exporter: a stylised ordering informed by
#: published economic-complexity rankings, used only to make the synthetic panel plausible.
CAPABILITY_ORDER = (
    "JPN",
    "KOR",
    "DEU",
    "SWE",
    "USA",
    "FIN",
    "GBR",
    "FRA",
    "ITA",
    "CHN",
    "POL",
    "BEL",
    "NLD",
    "ESP",
    "MEX",
    "LTU",
    "EST",
    "THA",
    "CAN",
    "TUR",
    "LVA",
    "BLR",
    "IND",
    "RUS",
    "VNM",
    "BRA",
    "NOR",
    "ARE",
    "SAU",
    "GEO",
    "ARM",
    "IRN",
    "EGY",
    "IDN",
    "UZB",
    "KAZ",
    "KGZ",
    "AZE",
)
#: HS chapters of raw and lightly processed goods (low complexity) and of machinery (high).
RAW_CHAPTERS = (1, 2, 3, 4, 7, 8, 10, 12, 15, 17, 24, 25, 26, 27, 41, 44, 47, 52)
HIGH_CHAPTERS = (84, 85, 86, 87, 88, 89, 90, 30)
EU = ("FIN", "EST", "LVA", "LTU", "DEU", "POL", "ITA", "ESP", "FRA", "SWE", "NLD", "BEL")
#: Import partners of Russia's chain products and their weights (assumption).
# fmt: off
IMPORT_PARTNERS = {
    'BLR': 0.3, 'CHN': 0.2, 'TUR': 0.15, 'IRN': 0.1, 'KAZ': 0.08, 'DEU': 0.07, 'FIN': 0.04,
    'POL': 0.03, 'EST': 0.02, 'ITA': 0.01,
}
# fmt: on
# fmt: off
EXPORT_PARTNERS = {
    'FIN': 0.2, 'EST': 0.15, 'BLR': 0.15, 'KAZ': 0.15, 'LVA': 0.08, 'UZB': 0.07, 'CHN': 0.08,
    'DEU': 0.05, 'TUR': 0.04, 'ARM': 0.03,
}
# fmt: on
#: US$ per tonne, a rough unit value for quantities (assumption).
# fmt: off
USD_PER_TONNE = {
    '252329': 60, '252310': 45, '252210': 90, '382450': 150, '681091': 200, '681011': 120,
    '690410': 150, '690721': 400, '680610': 500, '680911': 250, '700529': 350, '251710': 15,
    '250590': 8, '440711': 250, '441233': 700, '441012': 350, '940610': 900,
}
# fmt: on


#: Russia's share of world exports of the chain's products (assumption, order of magnitude:
#: Russia is a leading exporter of sawn softwood and birch plywood, a small one of the rest).
RU_WORLD_SHARE = {"440711": 0.18, "441233": 0.15, "441012": 0.05}
#: Share of world exports from countries outside the panel ("rest of the world", ROW).
REST_OF_WORLD_SHARE = 0.25
#: Reporter code of the rest of the world: exports to WLD of every country not in the panel.
REST_OF_WORLD = "ROW"


def _world_panel(hs_all: list[str], rng: np.random.Generator) -> np.ndarray:
    """Latent capability-complexity draw: exports to the world, country x product x year."""
    nc, npr = len(COUNTRIES), len(hs_all)
    # a stylised ordering of capabilities, not measured values
    rank = {c: k for k, c in enumerate(CAPABILITY_ORDER)}
    capability = np.array([1.8 - 3.6 * rank[c] / (nc - 1) for c in COUNTRIES])
    capability += rng.normal(0, 0.15, nc)
    chapter = np.array([int(hs[:2]) for hs in hs_all])
    tier = np.select(
        [np.isin(chapter, RAW_CHAPTERS), np.isin(chapter, HIGH_CHAPTERS)], [-1.0, 1.0], 0.0
    )
    complexity = tier + rng.normal(0, 0.5, npr)
    size = rng.lognormal(0, 1, nc) * 2e6
    popularity = rng.lognormal(0, 0.8, npr)
    presence_p = 1 / (1 + np.exp(-(2.2 * (capability[:, None] - complexity[None, :]) + 1)))
    present = rng.random((nc, npr)) < presence_p
    level = size[:, None] * popularity[None, :] * rng.lognormal(0, 1, (nc, npr)) / npr
    level = np.where(present, level, level * 0.004)
    growth = np.exp(np.cumsum(rng.normal(0.02, 0.08, (nc, npr, NY)), axis=2))
    return level[:, :, None] * growth


def _tonnes(frame: pd.DataFrame, region: str, column: str) -> pd.Series:
    """Tonnes of a balance column by HS code and year for one region."""
    rows = frame[frame["region_id"] == region]
    t = rows[column] * rows["tonnes_per_unit"] * np.where(rows["hs"] == "382450", 0.6, 1.0)
    return t.groupby([rows["hs"], rows["year"]]).sum()


def _split_cap(frame: pd.DataFrame, region: str) -> pd.Series:
    """Most tonnes of an HS code a region may import from abroad.

    No product of the code may get more than its own imports when the code
    is split by consumption.

    An HS code shared by several products (ready-mix concrete and dry mortars) is
    split among them in proportion to their consumption by the import-substitution
    analysis; the cap keeps each product's share within its imports.
    """
    rows = frame[(frame["region_id"] == region) & (frame["consumption"] > 0)]
    total = rows.groupby(["hs", "year"])["consumption"].transform("sum")
    room = rows["imports"] * rows["tonnes_per_unit"] * total / rows["consumption"]
    return room.groupby([rows["hs"], rows["year"]]).min()


def _bilateral(
    products: pd.DataFrame, balances: pd.DataFrame, rng: np.random.Generator
) -> list[tuple]:
    """Bilateral trade of the chain's products for Russia and the cluster's two regions.

    Russia's trade follows its balance. A region's trade abroad is a share of
    the region's own imports and exports in its balance (which also hold
    shipments to and from the rest of Russia), so imports from abroad never
    exceed the region's imports; the regions together stay below Russia.
    """
    bal = balances.merge(products[["product_id", "hs", "tonnes_per_unit"]], on="product_id")
    rows = []
    for hs in sorted(set(products["hs"])):
        usd_t = USD_PER_TONNE[hs]
        for flow, partners in (("import", IMPORT_PARTNERS), ("export", EXPORT_PARTNERS)):
            column = "imports" if flow == "import" else "exports"
            national = _tonnes(bal, "RU", column)
            regional = {r: _tonnes(bal, r, column) for r in ("RU-SPE", "RU-LEN")}
            room = {r: _split_cap(bal, r) for r in regional}
            abroad = {r: float(rng.uniform(0.1, 0.4)) for r in regional}
            names = list(partners)
            w = np.array([partners[n] for n in names]) * rng.lognormal(0, 0.3, len(names))
            for year in YEARS:
                ww = w.copy()
                if year >= 2022:
                    ww[[n in EU for n in names]] *= 0.08
                ww = ww * rng.lognormal(0, 0.1, len(ww))
                ww /= ww.sum()
                total = float(national.get((hs, year), 0.0))
                wanted = {
                    r: min(
                        abroad[r] * float(regional[r].get((hs, year), 0.0)),
                        0.9 * float(room[r].get((hs, year), np.inf))
                        if flow == "import"
                        else np.inf,
                    )
                    for r in regional
                }
                cap = min(1.0, 0.9 * total / sum(wanted.values())) if sum(wanted.values()) else 1.0
                for reporter, tonnes in (
                    ("RUS", total),
                    *((r, v * cap) for r, v in wanted.items()),
                ):
                    kept = [
                        (n, s)
                        for n, s in zip(names, ww, strict=True)
                        if not (reporter == "RU-LEN" and n in ("UZB", "ARM", "ITA"))
                    ]
                    norm = sum(s for _, s in kept)
                    for partner, s in kept:
                        q = tonnes * s / norm
                        value = q * usd_t / 1000 * float(rng.lognormal(0, 0.1))
                        rows.append((reporter, partner, hs, year, flow, value, q))
    return rows


def _trade(
    products: pd.DataFrame, balances: pd.DataFrame, rng: np.random.Generator
) -> pd.DataFrame:
    """World panel plus bilateral chain trade; the world is every reporter plus ROW.

    For the chain's products the panel countries other than Russia are scaled
    so that Russia holds its assumed share of world exports
    (:data:`RU_WORLD_SHARE`, 2 % where unlisted); for every product the rest
    of the world (:data:`REST_OF_WORLD`) adds :data:`REST_OF_WORLD_SHARE` of
    the world total, so the world is always at least any reporter.
    """
    chain = sorted(set(products["hs"]))
    hs_all = [*chain, *OTHER_HS4]
    values = _world_panel(hs_all, rng)
    bilateral = _bilateral(products, balances, rng)
    ru_exports = (
        pd.DataFrame(bilateral, columns=["reporter", "partner", "hs", "year", "flow", "v", "q"])
        .query("reporter == 'RUS' and flow == 'export'")
        .groupby(["hs", "year"])["v"]
        .sum()
    )
    rus = COUNTRIES.index("RUS")
    rows = []
    for p, hs in enumerate(hs_all):
        for t, year in enumerate(YEARS):
            column = values[:, p, t].copy()
            if hs in chain:
                share = RU_WORLD_SHARE.get(hs, 0.02)
                world = float(ru_exports.get((hs, year), 0.0)) / share
                others = column.sum() - column[rus]
                column *= world * (1 - share - REST_OF_WORLD_SHARE) / others if others else 0.0
                column[rus] = 0.0  # Russia's chain trade is bilateral
                rest = world * REST_OF_WORLD_SHARE
            else:
                rest = column.sum() * REST_OF_WORLD_SHARE / (1 - REST_OF_WORLD_SHARE)
            for c, country in enumerate(COUNTRIES):
                if country == "RUS" and hs in chain:
                    continue
                rows.append((country, "WLD", hs, year, "export", column[c], np.nan))
            rows.append((REST_OF_WORLD, "WLD", hs, year, "export", rest, np.nan))
    rows.extend(bilateral)
    return pd.DataFrame(
        rows, columns=["reporter", "partner", "hs", "year", "flow", "value_usd", "quantity_t"]
    )


# fmt: off
IO_SECTORS = (
    ('AGR', 'Agriculture, forestry and fishing', 'Сельское, лесное хозяйство и рыболовство', '01|02|03', 6000, 4500, 900),
    ('MIN', 'Mining and quarrying (except stone, sand and clay)', 'Добыча полезных ископаемых (кроме камня, песка и глины)', '05|06|07|08.9|09', 14000, 1100, 1900),
    ('CMT', 'Construction materials (quarrying of stone, sand, clay; non-metallic minerals)', 'Строительные материалы (добыча камня, песка, глины; неметаллическая минеральная продукция)', '08.11|08.12|23', 2500, 700, 420),
    ('WOD', 'Wood products', 'Обработка древесины и изделия из дерева', '16', 800, 350, 130),
    ('MAN', 'Other manufacturing', 'Прочие обрабатывающие производства', '10|11|12|13|14|15|17|18|19|20|21|22|24|25|26|27|28|29|30|31|32|33', 38000, 8300, 4600),
    ('UTL', 'Electricity, gas, water and waste', 'Электроэнергия, газ, вода и отходы', '35|36|37|38|39', 7000, 2100, 1200),
    ('CON', 'Construction', 'Строительство', '41|42|43', 11000, 5800, 1800),
    ('TRD', 'Wholesale and retail trade', 'Торговля оптовая и розничная', '45|46|47', 22000, 13000, 3200),
    ('TRN', 'Transport and storage', 'Транспортировка и хранение', '49|50|51|52|53', 12000, 5300, 2300),
    ('BUS', 'Business services (information, finance, real estate, professional, administrative)', 'Деловые услуги (связь, финансы, недвижимость, профессиональные и административные)', '58|59|60|61|62|63|64|65|66|68|69|70|71|72|73|74|75|77|78|79|80|81|82', 25000, 9500, 5600),
    ('PUB', 'Public administration, education, health', 'Государственное управление, образование, здравоохранение', '84|85|86|87|88', 15000, 17000, 7400),
    ('OTH', 'Other services', 'Прочие услуги', '55|56|90|91|92|93|94|95|96|97|98|99', 6000, 3600, 800),
)
# fmt: on
#: Assumed technical coefficients: IO_A[buyer][seller] = input per unit of the buyer's output.
# fmt: off
IO_A = {
    'AGR': {'AGR': 0.18, 'MIN': 0.01, 'MAN': 0.16, 'UTL': 0.03, 'TRD': 0.06, 'TRN': 0.04, 'BUS': 0.04, 'CMT': 0.005},
    'MIN': {'MIN': 0.08, 'MAN': 0.08, 'UTL': 0.04, 'CON': 0.02, 'TRD': 0.03, 'TRN': 0.08, 'BUS': 0.07, 'CMT': 0.01},
    'CMT': {'MIN': 0.06, 'CMT': 0.12, 'MAN': 0.08, 'UTL': 0.12, 'TRD': 0.05, 'TRN': 0.08, 'BUS': 0.06, 'WOD': 0.005},
    'WOD': {'AGR': 0.2, 'WOD': 0.06, 'MAN': 0.08, 'UTL': 0.05, 'TRD': 0.05, 'TRN': 0.07, 'BUS': 0.04},
    'MAN': {'AGR': 0.04, 'MIN': 0.14, 'MAN': 0.25, 'UTL': 0.04, 'TRD': 0.06, 'TRN': 0.04, 'BUS': 0.06, 'CMT': 0.01, 'WOD': 0.005},
    'UTL': {'MIN': 0.18, 'MAN': 0.06, 'UTL': 0.15, 'CON': 0.02, 'TRD': 0.03, 'TRN': 0.05, 'BUS': 0.06},
    'CON': {'MIN': 0.01, 'CMT': 0.12, 'WOD': 0.025, 'MAN': 0.15, 'UTL': 0.02, 'CON': 0.08, 'TRD': 0.06, 'TRN': 0.04, 'BUS': 0.1},
    'TRD': {'MAN': 0.04, 'UTL': 0.03, 'TRD': 0.04, 'TRN': 0.06, 'BUS': 0.14, 'CON': 0.01},
    'TRN': {'MIN': 0.01, 'MAN': 0.12, 'UTL': 0.04, 'CON': 0.02, 'TRD': 0.03, 'TRN': 0.12, 'BUS': 0.09},
    'BUS': {'MAN': 0.03, 'UTL': 0.02, 'CON': 0.03, 'TRD': 0.02, 'TRN': 0.02, 'BUS': 0.2, 'OTH': 0.01},
    'PUB': {'AGR': 0.01, 'MAN': 0.09, 'UTL': 0.04, 'CON': 0.02, 'TRD': 0.03, 'TRN': 0.02, 'BUS': 0.08, 'OTH': 0.01},
    'OTH': {'AGR': 0.1, 'MAN': 0.12, 'UTL': 0.05, 'TRD': 0.05, 'TRN': 0.02, 'BUS': 0.1, 'OTH': 0.03},
}
# fmt: on
#: Import share of each sector's output used as the ``imports`` primary-input row (assumption).
# fmt: off
IO_IMPORT = {
    'AGR': 0.05, 'MIN': 0.03, 'CMT': 0.06, 'WOD': 0.04, 'MAN': 0.14, 'UTL': 0.02, 'CON': 0.05,
    'TRD': 0.03, 'TRN': 0.04, 'BUS': 0.04, 'PUB': 0.03, 'OTH': 0.04,
}
# fmt: on
#: Split of each sector's final demand over households, government, investment, exports (assumption).
# fmt: off
IO_FINAL = {
    'AGR': (0.7, 0.0, 0.05, 0.25), 'MIN': (0.02, 0.0, 0.03, 0.95), 'CMT': (0.05, 0.0, 0.8, 0.15),
    'WOD': (0.1, 0.0, 0.3, 0.6), 'MAN': (0.45, 0.02, 0.2, 0.33), 'UTL': (0.8, 0.1, 0.0, 0.1),
    'CON': (0.05, 0.05, 0.9, 0.0), 'TRD': (0.85, 0.0, 0.05, 0.1), 'TRN': (0.35, 0.0, 0.05, 0.6),
    'BUS': (0.45, 0.2, 0.25, 0.1), 'PUB': (0.15, 0.85, 0.0, 0.0), 'OTH': (0.8, 0.15, 0.0, 0.05),
}
# fmt: on


def _io() -> tuple[pd.DataFrame, pd.DataFrame]:
    ids = [s[0] for s in IO_SECTORS]
    x = np.array([s[4] for s in IO_SECTORS], dtype=float)
    a = np.array([[IO_A[buyer].get(seller, 0.0) for buyer in ids] for seller in ids])
    z = a * x[None, :]
    final = x - z.sum(axis=1)
    if (final < 0).any():
        raise ValueError("the assumed coefficients leave negative final demand")
    imports = np.array([IO_IMPORT[s] for s in ids]) * x
    value_added = x - z.sum(axis=0) - imports
    rows = []
    for i, seller in enumerate(ids):
        for j, buyer in enumerate(ids):
            if z[i, j] > 0:
                rows.append((seller, buyer, 2016, z[i, j]))
        for col, share in zip(
            ("households", "government", "investment", "exports"), IO_FINAL[seller], strict=True
        ):
            if share > 0:
                rows.append((seller, col, 2016, final[i] * share))
    for j, buyer in enumerate(ids):
        rows.append(("value_added", buyer, 2016, value_added[j]))
        rows.append(("imports", buyer, 2016, imports[j]))
    flows = pd.DataFrame(rows, columns=["row", "column", "year", "value"])
    sectors = pd.DataFrame(
        [(s[0], s[1], s[2], s[3], float(s[5]), float(s[6])) for s in IO_SECTORS],
        columns=[
            "sector_id",
            "name_en",
            "name_ru",
            "okved_prefixes",
            "employment",
            "labour_income",
        ],
    )
    return sectors, flows


def build(
    facts: dict[str, pd.DataFrame],
    products: pd.DataFrame,
    balances: pd.DataFrame,
    rng: np.random.Generator,
) -> dict[str, pd.DataFrame]:
    """Build ``trade_flows``, ``io_sectors`` and ``io_flows``."""
    del facts
    sectors, flows = _io()
    return {
        "trade_flows": _trade(products, balances, rng),
        "io_sectors": sectors,
        "io_flows": flows,
    }
