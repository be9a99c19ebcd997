"""Assumptions behind the synthetic economic tables of the embedded case.

Every number here is a stated assumption of regiocluster (productivity,
cost shares, prices, the stylised regional specialisation ...), not a
statistic; the data card lists them as such.
"""

# ruff: noqa: E501
# fmt: off
#: Construction-materials price index (2024 = 1), an assumption used to deflate 2024 prices.
PRICE_INDEX = {
    2014: 0.52, 2015: 0.57, 2016: 0.59, 2017: 0.61, 2018: 0.63, 2019: 0.66, 2020: 0.7, 2021: 0.81,
    2022: 0.89, 2023: 0.93, 2024: 1.0,
}

#: Average yearly wage per employee in the study area, mln RUB (assumption).
WAGE = {
    2014: 0.42, 2015: 0.44, 2016: 0.47, 2017: 0.5, 2018: 0.55, 2019: 0.59, 2020: 0.63, 2021: 0.69,
    2022: 0.77, 2023: 0.87, 2024: 1.0,
}

#: District weights of firms serving St. Petersburg's market.
SPB_MAIN = {
    'RU-SPE': 0.55, 'LEN-VSEV': 0.15, 'LEN-LOMO': 0.06, 'LEN-GATC': 0.06, 'LEN-TOSN': 0.06,
    'LEN-KIRO': 0.05, 'LEN-VYBO': 0.04, 'LEN-KING': 0.03,
}

SPB_ONLY = {'RU-SPE': 0.85, 'LEN-VSEV': 0.1, 'LEN-GATC': 0.05}

#: Enterprises to draw: (okved, kind, count, products, median employees, {district: weight}, name stem).
#: Products made by a handful of real plants are drawn in districts where, to the compilers'
#: knowledge, no real plant of that product stands, so that no synthetic row reads as a real
#: plant: cement on the limestone of the Izhora plateau in Volosovsky and Kingiseppsky
#: districts (not Slantsy, where Tsesla stands, nor Pikalyovo in Boksitogorsky), stone wool
#: away from Vyborg (ROCKWOOL) and Tosno (Paroc), plywood away from Podporozhye.
BLUEPRINT: tuple[tuple[str, str, int, tuple[str, ...], float, dict[str, float], str], ...] = (
    ('23.51', 'producer', 2, ('cement', 'clinker'), 450, {'LEN-VOLO': 1, 'LEN-KING': 1}, 'Цемент'),
    ('23.52', 'producer', 2, ('lime',), 110, {'LEN-SLAN': 1, 'LEN-VOLK': 1}, 'Известь'),
    ('23.63', 'producer', 45, ('ready_mix',), 55, {'RU-SPE': 0.45, 'LEN-VSEV': 0.15, 'LEN-LOMO': 0.06, 'LEN-GATC': 0.06, 'LEN-TOSN': 0.06, 'LEN-KIRO': 0.05, 'LEN-VYBO': 0.04, 'LEN-KING': 0.03, 'LEN-LUZH': 0.02, 'LEN-KIRI': 0.02, 'LEN-TIKH': 0.02, 'LEN-PRIO': 0.02, 'LEN-VOLK': 0.02}, 'Бетон'),
    ('23.61', 'producer', 22, ('precast',), 170, {'RU-SPE': 0.55, 'LEN-VSEV': 0.15, 'LEN-LOMO': 0.06, 'LEN-GATC': 0.06, 'LEN-TOSN': 0.06, 'LEN-KIRO': 0.05, 'LEN-VYBO': 0.04, 'LEN-KING': 0.03}, 'ЖБИ'),
    ('23.61', 'producer', 6, ('aerated_blocks',), 150, {'LEN-TOSN': 2, 'LEN-VSEV': 2, 'LEN-KIRO': 1, 'LEN-GATC': 1}, 'Газобетон'),
    ('23.64', 'producer', 10, ('dry_mix',), 70, {'RU-SPE': 0.4, 'LEN-VSEV': 0.3, 'LEN-GATC': 0.15, 'LEN-TOSN': 0.15}, 'Смеси'),
    ('23.32', 'producer', 7, ('ceramic_brick',), 140, {'LEN-TOSN': 2, 'LEN-KIRO': 2, 'LEN-GATC': 1, 'LEN-VOLK': 1, 'LEN-LUZH': 1}, 'Кирпич'),
    ('23.31', 'producer', 2, ('ceramic_tiles',), 200, {'LEN-TOSN': 1, 'RU-SPE': 1}, 'Керамика'),
    ('23.99', 'producer', 3, ('mineral_wool',), 240, {'RU-SPE': 1, 'LEN-GATC': 1, 'LEN-LOMO': 1}, 'Теплоизоляция'),
    ('23.62', 'producer', 2, ('gypsum_board',), 180, {'RU-SPE': 1, 'LEN-KIRO': 1}, 'Гипс'),
    ('23.12', 'producer', 4, (), 80, {'RU-SPE': 0.6, 'LEN-VSEV': 0.4}, 'Стеклопакет'),
    ('23.70', 'producer', 4, (), 40, {'LEN-VYBO': 0.4, 'LEN-PRIO': 0.3, 'RU-SPE': 0.3}, 'Камнеобработка'),
    ('08.12', 'raw_materials', 18, ('sand',), 25, {'LEN-VSEV': 3, 'LEN-KIRO': 2, 'LEN-TOSN': 2, 'LEN-GATC': 2, 'LEN-LUZH': 2, 'LEN-VOLO': 1, 'LEN-PRIO': 2, 'LEN-VYBO': 1, 'LEN-LOMO': 1, 'LEN-KING': 1}, 'Песок'),
    ('08.12', 'raw_materials', 12, ('crushed_stone',), 120, {'LEN-VYBO': 3, 'LEN-PRIO': 2}, 'Гранит'),
    ('08.11', 'raw_materials', 4, ('crushed_stone',), 60, {'LEN-SLAN': 1, 'LEN-BOKS': 1, 'LEN-VOLO': 1, 'LEN-KING': 1}, 'Известняк'),
    ('16.10', 'producer', 16, ('sawn_timber',), 70, {'LEN-TIKH': 2, 'LEN-PODP': 2, 'LEN-LODE': 2, 'LEN-BOKS': 2, 'LEN-VYBO': 2, 'LEN-PRIO': 2, 'LEN-LUZH': 2, 'LEN-VOLK': 1, 'LEN-KIRI': 1}, 'Лес'),
    ('16.21', 'producer', 3, ('plywood',), 400, {'RU-SPE': 1, 'LEN-TIKH': 1, 'LEN-LODE': 1}, 'Фанера'),
    ('16.21', 'producer', 2, ('osb',), 300, {'LEN-BOKS': 1, 'LEN-LUZH': 1}, 'Плита'),
    ('16.23', 'producer', 8, ('timber_houses',), 60, {'LEN-VSEV': 2, 'LEN-LUZH': 2, 'LEN-PRIO': 1, 'LEN-VYBO': 1, 'LEN-GATC': 1}, 'Деревянный дом'),
    ('46.73', 'producer', 30, (), 35, {'RU-SPE': 0.7, 'LEN-VSEV': 0.15, 'LEN-GATC': 0.05, 'LEN-TOSN': 0.05, 'LEN-VYBO': 0.05}, 'Стройснаб'),
    ('41', 'customer', 30, (), 150, {'RU-SPE': 0.6, 'LEN-VSEV': 0.2, 'LEN-GATC': 0.07, 'LEN-LOMO': 0.07, 'LEN-TOSN': 0.06}, 'Девелопмент'),
    ('42', 'customer', 10, (), 300, {'RU-SPE': 0.5, 'LEN-VSEV': 0.1, 'LEN-TOSN': 0.1, 'LEN-KING': 0.1, 'LEN-GATC': 0.1, 'LEN-VYBO': 0.1}, 'Дорстрой'),
    ('43', 'customer', 8, (), 60, {'RU-SPE': 0.85, 'LEN-VSEV': 0.1, 'LEN-GATC': 0.05}, 'Монтаж'),
    ('28', 'equipment', 8, (), 120, {'RU-SPE': 0.85, 'LEN-VSEV': 0.1, 'LEN-GATC': 0.05}, 'Машзавод'),
    ('71', 'services', 8, (), 50, {'RU-SPE': 0.85, 'LEN-VSEV': 0.1, 'LEN-GATC': 0.05}, 'Проект'),
    ('49', 'logistics', 8, (), 80, {'RU-SPE': 0.5, 'LEN-VSEV': 0.2, 'LEN-KING': 0.1, 'LEN-KIRI': 0.1, 'LEN-TOSN': 0.1}, 'Транс'),
    ('52', 'logistics', 3, (), 300, {'LEN-KING': 2, 'LEN-VYBO': 1}, 'Терминал'),
    ('72', 'research', 5, (), 150, {'RU-SPE': 1}, 'НИИ'),
    ('85', 'education', 5, (), 500, {'RU-SPE': 0.8, 'LEN-GATC': 0.2}, 'Колледж'),
    ('64', 'finance', 3, (), 200, {'RU-SPE': 1}, 'Финанс'),
    ('94', 'management', 1, (), 6, {'RU-SPE': 1}, 'Кластер'),
)

#: Capacity per employee, product units per year (synthetic productivity assumptions).
PRODUCTIVITY = {
    'cement': 4000.0, 'clinker': 3600.0, 'lime': 1500.0, 'ready_mix': 2400.0, 'precast': 280.0,
    'aerated_blocks': 1800.0, 'dry_mix': 2500.0, 'ceramic_brick': 280.0, 'ceramic_tiles': 25000.0,
    'mineral_wool': 3500.0, 'gypsum_board': 180000.0, 'crushed_stone': 20000.0, 'sand': 45000.0,
    'sawn_timber': 900.0, 'plywood': 260.0, 'osb': 1400.0, 'timber_houses': 350.0,
}

#: Share of purchases in revenue by main OKVED (synthetic assumptions).
PURCHASE_SHARE = {
    '23.51': 0.5, '23.52': 0.55, '23.63': 0.75, '23.61': 0.65, '23.64': 0.65, '23.32': 0.55,
    '23.31': 0.6, '23.99': 0.6, '23.62': 0.6, '23.12': 0.7, '23.70': 0.5, '08.12': 0.4,
    '08.11': 0.4, '16.10': 0.6, '16.21': 0.6, '16.23': 0.65, '46.73': 0.85, '41': 0.7, '42': 0.7,
    '43': 0.65, '28': 0.6, '71': 0.35, '49': 0.55, '52': 0.45, '72': 0.3, '85': 0.2, '64': 0.2,
    '94': 0.3,
}

#: Revenue per employee in 2024 for firms without product output, mln RUB (assumption).
REVENUE_PER_EMPLOYEE = {
    '23.12': 9.0, '23.70': 5.0, '46.73': 35.0, '41': 12.0, '42': 9.0, '43': 6.0, '28': 7.0,
    '71': 5.0, '49': 7.0, '52': 9.0, '72': 3.5, '85': 1.6, '64': 12.0, '94': 3.0,
}

#: Export share of revenue before 2022 and from 2022 (assumption).
EXPORT_SHARE = {
    '16.10': (0.35, 0.15), '16.21': (0.45, 0.25), '23.99': (0.1, 0.05), '23.51': (0.04, 0.02),
    '08.12': (0.03, 0.0), '23.70': (0.2, 0.05),
}


#: Supply rules: (supplier okved or product, buyer okveds, product carried, suppliers per buyer)
LINK_RULES: tuple[tuple[str, tuple[str, ...], str | None, int], ...] = (
    ('sand', ('23.63', '23.61', '23.64', '42', '41'), 'sand', 2),
    ('crushed_stone', ('23.63', '23.61', '42'), 'crushed_stone', 2),
    ('08.11', ('23.51', '23.52'), None, 1),
    ('cement', ('23.63', '23.61', '23.64', '46.73', '42'), 'cement', 1),
    ('ready_mix', ('41', '42', '43'), 'ready_mix', 2),
    ('precast', ('41', '42'), 'precast', 2),
    ('aerated_blocks', ('41', '46.73'), 'aerated_blocks', 1),
    ('dry_mix', ('46.73', '43', '41'), 'dry_mix', 1),
    ('ceramic_brick', ('46.73', '41'), 'ceramic_brick', 1),
    ('ceramic_tiles', ('46.73', '43'), 'ceramic_tiles', 1),
    ('mineral_wool', ('46.73', '43', '41'), 'mineral_wool', 1),
    ('gypsum_board', ('46.73', '43'), 'gypsum_board', 1),
    ('lime', ('23.61', '23.64'), 'lime', 1),
    ('sawn_timber', ('16.23', '46.73', '41'), 'sawn_timber', 2),
    ('plywood', ('46.73', '43'), 'plywood', 1),
    ('osb', ('46.73', '16.23'), 'osb', 1),
    ('timber_houses', ('41',), 'timber_houses', 1),
    ('23.12', ('41', '43'), None, 1),
    ('23.70', ('41', '42'), None, 1),
    ('46.73', ('41', '42', '43'), 'trade', 3),
    ('28', ('23.51', '23.63', '23.61', '08.12', '08.11', '16.10', '23.32'), None, 1),
    ('71', ('41', '42', '23.51', '23.61'), None, 1),
    ('49', ('23.51', '23.63', '23.61', '08.12', '46.73', '16.10'), None, 1),
    ('52', ('23.51', '16.10', '16.21', '46.73'), None, 1),
    ('72', ('23.51', '23.61', '23.99', '23.32'), None, 1),
    ('85', ('23.51', '23.61', '41'), None, 1),
    ('64', ('23.51', '41', '23.61'), None, 1),
    ('94', ('23.51', '23.61', '23.63', '08.12', '16.10', '23.99'), None, 1),
)

#: Share of a supplier's revenue sold to its buyers inside the cluster, by OKVED (assumption:
#: heavy, cheap materials travel little and are sold mostly nearby; cement and wood products
#: go to the whole North-West and abroad; services and trade work mostly for local clients).
LOCAL_SALES_SHARE = {
    '08.11': 0.6, '08.12': 0.45, '23.51': 0.25, '23.52': 0.35, '23.63': 0.3, '23.61': 0.3,
    '23.64': 0.2, '23.32': 0.2, '23.31': 0.15, '23.99': 0.15, '23.62': 0.15, '23.12': 0.2,
    '23.70': 0.2, '16.10': 0.15, '16.21': 0.1, '16.23': 0.2, '46.73': 0.25, '28': 0.15,
    '71': 0.2, '49': 0.25, '52': 0.2, '72': 0.1, '85': 0.05, '64': 0.05, '94': 0.5,
}
LOCAL_SALES_DEFAULT = 0.2

TRADED = (
    'cement', 'dry_mix', 'ceramic_brick', 'aerated_blocks', 'mineral_wool', 'gypsum_board',
    'sawn_timber', 'plywood', 'osb', 'ceramic_tiles',
)

DIVISION_SHARE = {
    '01': 2.5, '02': 0.5, '03': 0.2, '05': 0.4, '06': 0.7, '07': 0.5, '08': 0.25, '09': 0.6,
    '10': 2.8, '11': 0.4, '12': 0.03, '13': 0.25, '14': 0.4, '15': 0.1, '16': 0.5, '17': 0.3,
    '18': 0.2, '19': 0.35, '20': 1.0, '21': 0.3, '22': 0.6, '23': 1.0, '24': 1.5, '25': 1.5,
    '26': 1.2, '27': 0.8, '28': 1.3, '29': 1.0, '30': 1.3, '31': 0.3, '32': 0.4, '33': 1.0,
    '35': 3.0, '36': 0.8, '37': 0.3, '38': 0.6, '39': 0.05, '41': 2.8, '42': 1.5, '43': 1.5,
    '45': 1.0, '46': 5.0, '47': 7.5, '49': 4.0, '50': 0.2, '51': 0.4, '52': 2.3, '53': 0.8,
    '55': 0.6, '56': 1.5, '58': 0.3, '59': 0.2, '60': 0.2, '61': 1.0, '62': 1.0, '63': 0.3,
    '64': 2.3, '65': 0.4, '66': 0.3, '68': 2.5, '69': 0.7, '70': 1.2, '71': 1.8, '72': 1.6,
    '73': 0.3, '74': 0.3, '75': 0.15, '77': 0.3, '78': 0.2, '79': 0.1, '80': 1.3, '81': 1.3,
    '82': 0.7, '84': 9.0, '85': 12.0, '86': 8.5, '87': 0.5, '88': 1.2, '90': 0.6, '91': 0.6,
    '92': 0.05, '93': 0.8, '94': 0.4, '95': 0.2, '96': 0.4, '97': 0.01, '98': 0.01, '99': 0.005,
}

SPLIT_SHARE = {
    '08.11': 0.35, '08.12': 0.45, '08.9': 0.2, '16.10': 0.55, '16.21': 0.2, '16.22': 0.02,
    '16.23': 0.12, '16.24': 0.04, '16.29': 0.07, '23.11': 0.03, '23.12': 0.04, '23.13': 0.05,
    '23.14': 0.02, '23.19': 0.02, '23.20': 0.06, '23.31': 0.04, '23.32': 0.07, '23.41': 0.01,
    '23.42': 0.02, '23.43': 0.01, '23.44': 0.01, '23.49': 0.01, '23.51': 0.1, '23.52': 0.02,
    '23.61': 0.22, '23.62': 0.02, '23.63': 0.1, '23.64': 0.04, '23.65': 0.02, '23.69': 0.02,
    '23.70': 0.02, '23.91': 0.01, '23.99': 0.05, '46.1': 0.08, '46.2': 0.04, '46.3': 0.2,
    '46.4': 0.2, '46.5': 0.05, '46.6': 0.1, '46.71': 0.07, '46.72': 0.05, '46.73': 0.08,
    '46.74': 0.04, '46.75': 0.04, '46.76': 0.02, '46.77': 0.01, '46.9': 0.02,
}

#: Known specialisations (multipliers of the national share), a stylised picture of regional industry.
SPECIALISATION = {
    'RU-LEN': {'23.51': 4, '08.11': 3, '08.12': 3, '16.10': 2, '16.21': 2, '19': 3, '52': 2.5, '20': 1.8, '23.32': 2, '23.61': 1.8, '23.99': 2.5, '24': 1.3, '50': 2},
    'RU-SPE': {'30': 3, '29': 2, '26': 2, '28': 1.5, '72': 2, '62': 1.8, '46.73': 1.5, '41': 1.3, '23.63': 1.3, '50': 3, '52': 1.8, '71': 1.5},
    'RU-MOW': {'62': 3, '64': 3, '70': 4, '46.1': 2, '58': 3, '59': 3, '61': 2},
    'RU-MOS': {'52': 2, '46.9': 1.5, '10': 1.3, '23.61': 1.3, '23.63': 1.3},
    'RU-TYU': {'06': 6, '09': 5, '19': 2}, 'RU-KHM': {'06': 25, '09': 15},
    'RU-YAN': {'06': 25, '09': 15}, 'RU-KEM': {'05': 25, '24': 2}, 'RU-SA': {'07': 8, '05': 5},
    'RU-CHE': {'24': 5, '23.51': 2}, 'RU-LIP': {'24': 5},
    'RU-VLG': {'24': 4, '16.10': 3, '16.21': 3}, 'RU-BEL': {'07': 6, '23.51': 3, '10': 2},
    'RU-KR': {'16.10': 4, '08.11': 4, '07': 3}, 'RU-ARK': {'16.10': 5, '17': 5},
    'RU-KO': {'16.21': 4, '17': 4, '06': 3}, 'RU-SAM': {'29': 4, '20': 2},
    'RU-TA': {'20': 3, '29': 2, '22': 2}, 'RU-KLU': {'29': 3}, 'RU-MUR': {'07': 5, '03': 6},
    'RU-KDA': {'01': 2.5, '55': 2.5, '23.51': 2}, 'RU-SVE': {'24': 3, '30': 2, '23.99': 1.5},
    'RU-NIZ': {'29': 2.5, '20': 1.5}, 'RU-BRY': {'23.51': 3}, 'RU-IRK': {'24': 3, '16.10': 3},
    'RU-KYA': {'24': 4, '16.10': 2}, 'RU-PRI': {'03': 5, '50': 3}, 'RU-SAK': {'06': 10, '03': 5},
    'RU-KGD': {'26': 2, '29': 2}, 'RU-TUL': {'20': 2, '24': 2, '23.51': 1.5},
    'RU-ORE': {'06': 3, '24': 2},
}

ESTABLISHMENT_SIZE = {
    'B': 40.0, 'C': 30.0, 'D': 40.0, 'E': 30.0, 'F': 15.0, 'G': 8.0, 'H': 20.0, 'O': 40.0,
    'P': 45.0, 'Q': 35.0,
}

#: Intermediate use inside the chain: units of a product per unit of another product made in the area.
INTERMEDIATE = {
    'clinker': {'cement': 0.8}, 'lime': {'aerated_blocks': 0.08, 'dry_mix': 0.03},
    'sand': {'aerated_blocks': 0.45, 'dry_mix': 0.7}, 'sawn_timber': {'timber_houses': 0.3},
}

#: Study-area share of Russia's consumption, used to scale national synthetic balances (assumption).
AREA_SHARE = {'sawn_timber': 0.05, 'plywood': 0.05, 'osb': 0.05, 'timber_houses': 0.05}

#: Range of Russia's import share of consumption by product (assumption; heavy products barely travel).
RU_IMPORT_SHARE = {
    'ready_mix': (0.0, 0.002), 'precast': (0.002, 0.01), 'sand': (0.001, 0.005),
    'crushed_stone': (0.01, 0.04), 'aerated_blocks': (0.02, 0.05), 'dry_mix': (0.02, 0.06),
}

#: Russia's exports as a share of consumption for export-oriented products (assumption).
RU_EXPORT_RATIO = {'sawn_timber': 1.5, 'plywood': 2.0, 'osb': 0.3}

#: Shares of the oblast's housing completions by district, from the 2022 figures
#: (interfax_2022_len_districts); the other districts share the rest by population.
HOUSING_DISTRICT_SHARE = {'LEN-VSEV': 0.42, 'LEN-LOMO': 0.18, 'LEN-GATC': 0.09, 'LEN-VYBO': 0.07, 'LEN-PRIO': 0.04}
# fmt: on
