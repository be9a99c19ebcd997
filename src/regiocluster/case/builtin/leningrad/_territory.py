"""Territorial tables of the embedded Leningrad Oblast case.

Builds ``sites``, ``deposits``, ``transport_nodes``, ``transport_links``,
``major_projects``, ``project_needs``, ``support_measures`` and
``technologies`` from the hand-entered ``facts/territory_*.csv`` files.

What is real and what is synthetic:

* names, owners, years and places of industrial parks, named deposits, major
  projects, support measures and technologies come from the facts files, each
  row with a source key;
* coordinates are those of the nearest settlement (GeoNames, or an estimate
  where the settlement is too small for ``cities1000``) shifted by a stated
  offset of a few kilometres;
* site attributes (free power, gas, water, distances, most areas), deposit
  reserves and licences, greenfield candidate sites, the synthetic deposits
  and all project material needs are drawn from seeded generators and
  flagged ``synthetic``;
* transport link lengths are great-circle distances times a detour factor per
  mode; speeds and costs per tonne-km are stated assumptions.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from regiocluster.case.builtin.leningrad._common import EXTRA_COLUMNS, SEED
from regiocluster.case.schema import TABLES
from regiocluster.geo import great_circle_km

#: Offsets added to :data:`SEED` so that each table has its own random stream.
_STREAMS = {"sites": 101, "deposits": 202, "needs": 303}

#: History and scenario years that project needs may fall in.
_FIRST_YEAR, _LAST_YEAR = 2014, 2035

_KM_PER_DEG_LAT = 110.574


def _shift(lon: float, lat: float, dx_km: float, dy_km: float) -> tuple[float, float]:
    """Move a point ``dx_km`` east and ``dy_km`` north (local flat approximation)."""
    new_lat = lat + dy_km / _KM_PER_DEG_LAT
    new_lon = lon + dx_km / (111.320 * math.cos(math.radians(lat)))
    return round(new_lon, 5), round(new_lat, 5)


def _russian_settlements(facts: dict[str, pd.DataFrame]) -> dict[str, str]:
    frame = facts["territory_settlements"]
    return dict(zip(frame["settlement"], frame["name_ru"], strict=True))


def _settlements(facts: dict[str, pd.DataFrame]) -> dict[str, tuple[str, float, float]]:
    frame = facts["territory_settlements"]
    return {
        row.settlement: (row.region_id, float(row.lon), float(row.lat))
        for row in frame.itertuples(index=False)
    }


def _place(
    places: dict[str, tuple[str, float, float]], settlement: str, dx: str | float, dy: str | float
) -> tuple[str, float, float]:
    try:
        region_id, lon, lat = places[settlement]
    except KeyError as exc:
        raise ValueError(f"unknown settlement {settlement!r} in the territory facts") from exc
    lon2, lat2 = _shift(lon, lat, float(dx or 0), float(dy or 0))
    return region_id, lon2, lat2


#: Bearings (degrees counter-clockwise from east) that keep a random placement
#: on land near towns on a sea or lake shore: Lake Onega lies north-east of
#: Voznesenye, Lake Ladoga east of Kuznechnoye and north of Priladozhsky and
#: Novaya Ladoga, the Gulf of Finland north of Sosnovy Bor, Vyborg Bay west of
#: Sovetsky; the Kurgalsky peninsula is west of Ust-Luga and the lower Svir
#: (Nizhne-Svirsky reserve) west of Lodeynoye Pole.
_LAND_SECTORS: dict[str, tuple[float, float]] = {
    "Voznesenye": (180.0, 270.0),
    "Kuznechnoye": (135.0, 225.0),
    "Priladozhsky": (200.0, 340.0),
    "Novaya Ladoga": (200.0, 340.0),
    "Sosnovy Bor": (225.0, 315.0),
    "Sovetsky": (-45.0, 45.0),
    "Ust-Luga": (160.0, 230.0),
    "Lodeynoye Pole": (135.0, 225.0),
    "Priozersk": (180.0, 270.0),
}


def _scatter(
    rng: np.random.Generator, places: dict, settlement: str, min_km: float, max_km: float
) -> tuple[str, float, float]:
    """Place a point a random distance and bearing from ``settlement``, on land."""
    region_id, lon0, lat0 = places[settlement]
    low, high = _LAND_SECTORS.get(settlement, (0.0, 360.0))
    angle = math.radians(rng.uniform(low, high))
    dist = rng.uniform(min_km, max_km)
    lon, lat = _shift(lon0, lat0, dist * math.cos(angle), dist * math.sin(angle))
    return region_id, lon, lat


def _coordinates(dx: str | float, dy: str | float) -> str:
    """How a point was placed from a settlement of the gazetteer.

    ``gazetteer`` when it is the GeoNames point as is; ``schematic`` when it
    was shifted by hand from it (an estimated location).
    """
    return "gazetteer" if float(dx or 0) == 0 and float(dy or 0) == 0 else "schematic"


def _flag(value: str) -> bool | None:
    value = (value or "").strip().lower()
    if value == "":
        return None
    if value in ("true", "1", "yes"):
        return True
    if value in ("false", "0", "no"):
        return False
    raise ValueError(f"not a boolean: {value!r}")


# --------------------------------------------------------------------------- sites


def _sites(facts: dict[str, pd.DataFrame], places: dict) -> pd.DataFrame:
    rng = np.random.default_rng(SEED + _STREAMS["sites"])
    rows = []
    russian = _russian_settlements(facts)
    for park in facts["territory_industrial_parks"].itertuples(index=False):
        region_id, lon, lat = _place(places, park.settlement, park.dx_km, park.dy_km)
        known_area = park.area_ha.strip()
        area = float(known_area) if known_area else float(np.round(rng.uniform(15, 150), 1))
        rail = _flag(park.rail_siding)
        existing = park.status == "existing"
        rows.append(
            {
                "site_id": park.park_id.replace("IP-", "S-"),
                "name": park.name,
                "region_id": region_id,
                "lon": lon,
                "lat": lat,
                "area_ha": area,
                "land_category": "industrial",
                "status": park.status,
                "industrial_park": park.name,
                "rail_siding": bool(rng.random() < 0.4) if rail is None else rail,
                "power_mw": float(
                    np.round(rng.uniform(5, 30) if existing else rng.uniform(1, 12), 1)
                ),
                "gas": bool(rng.random() < (0.9 if existing else 0.6)),
                "water": bool(rng.random() < (0.95 if existing else 0.7)),
                "protected_area": False,
                "water_protection_zone": False,
                "distance_to_housing_m": float(np.round(rng.uniform(400, 2500), -1)),
                "synthetic": True,
                "name_ru": park.name_ru,
                "source": park.source,
                "coordinates": _coordinates(park.dx_km, park.dy_km),
            }
        )
    for site in facts["territory_greenfield_sites"].itertuples(index=False):
        region_id, lon, lat = _scatter(rng, places, site.settlement, 1.5, 4.5)
        constraint = site.constraint
        near_rail = "rail" in site.near
        rows.append(
            {
                "site_id": site.site_id,
                "name": f"Greenfield candidate near {site.settlement} ({site.near}), synthetic",
                "region_id": region_id,
                "lon": lon,
                "lat": lat,
                "area_ha": float(np.round(rng.uniform(8, 80), 1)),
                "land_category": site.land_category,
                "status": "greenfield",
                "industrial_park": None,
                "rail_siding": bool(rng.random() < (0.8 if near_rail else 0.15)),
                "power_mw": float(np.round(rng.uniform(0.5, 8), 1)),
                "gas": bool(rng.random() < 0.45),
                "water": bool(rng.random() < 0.55),
                "protected_area": constraint == "protected_area",
                "water_protection_zone": constraint == "water_protection_zone",
                "distance_to_housing_m": float(
                    np.round(
                        rng.uniform(80, 250) if constraint == "housing" else rng.uniform(600, 4000),
                        -1,
                    )
                ),
                "synthetic": True,
                "name_ru": f"Площадка-кандидат, {russian[site.settlement]} ({site.near_ru}), "
                "синтетическая",
                "source": site.source,
                "coordinates": "random",
            }
        )
    return pd.DataFrame(rows)


# ------------------------------------------------------------------------ deposits

#: Reserve ranges (million tonnes, log-uniform) by mineral: illustrative orders of magnitude.
_RESERVES_MT = {
    "sand": (3, 60),
    "sand_gravel": (3, 40),
    "granite": (20, 300),
    "limestone": (15, 250),
    "dolomite": (5, 80),
    "clay": (1, 30),
    "quartz_sand": (1, 20),
    "diabase": (10, 120),
    "peat": (0.5, 20),
}

#: Where the synthetic deposits are placed: mineral and the settlements whose
#: surroundings carry that geology (Baltic Shield granite in the north-west,
#: Ordovician limestone of the Izhora plateau, Carboniferous limestone in the
#: east, Devonian dolomite in the south, Cambrian clays along the Neva, glacial
#: sands and gravels everywhere, gabbro-diabase near Lake Onega, peat bogs).
_SYNTHETIC_DEPOSITS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "granite",
        ("Kamennogorsk", "Svetogorsk", "Lesogorsky", "Veshchevo", "Kuznechnoye", "Sapernoye"),
    ),
    (
        "sand",
        (
            "Toksovo",
            "Agalatovo",
            "Vaskelovo",
            "Sertolovo",
            "Ryabovo",
            "Lyuban",
            "Siversky",
            "Vyritsa",
            "Mga",
        ),
    ),
    (
        "sand_gravel",
        (
            "Sosnovo",
            "Michurinskoye",
            "Korobitsyno",
            "Pervomayskoye",
            "Leninskoye",
            "Luga",
            "Tolmachevo",
        ),
    ),
    (
        "limestone",
        ("Volosovo", "Begunitsy", "Kingisepp", "Gostilitsy", "Boksitogorsk", "Yefimovsky"),
    ),
    ("dolomite", ("Luga", "Rozhdestveno", "Tikhvin")),
    ("clay", ("Kirishi", "Tikhvin", "Kolchanovo", "Kommunar", "Lodeynoye Pole")),
    ("quartz_sand", ("Tosno", "Kirovsk")),
    ("diabase", ("Vazhiny", "Podporozhye", "Voznesenye")),
    ("peat", ("Priladozhsky", "Nurma", "Pasha", "Budogoshch")),
)


def _reserves(rng: np.random.Generator, mineral: str) -> float:
    low, high = _RESERVES_MT[mineral]
    return float(np.round(math.exp(rng.uniform(math.log(low), math.log(high))), 1))


def _deposits(facts: dict[str, pd.DataFrame], places: dict) -> pd.DataFrame:
    rng = np.random.default_rng(SEED + _STREAMS["deposits"])
    rows = []
    for dep in facts["territory_deposits"].itertuples(index=False):
        region_id, lon, lat = _place(places, dep.settlement, dep.dx_km, dep.dy_km)
        rows.append(
            {
                "deposit_id": dep.deposit_id,
                "name": dep.name,
                "mineral": dep.mineral,
                "region_id": region_id,
                "lon": lon,
                "lat": lat,
                "reserves_mt": _reserves(rng, dep.mineral),
                "licensed": bool(rng.random() < 0.8),
                "synthetic": True,
                "source": dep.source,
                "coordinates": _coordinates(dep.dx_km, dep.dy_km),
            }
        )
    number = 0
    for mineral, towns in _SYNTHETIC_DEPOSITS:
        for town in towns:
            number += 1
            region_id, lon, lat = _scatter(rng, places, town, 2.0, 8.0)
            label = mineral.replace("_", "-")
            rows.append(
                {
                    "deposit_id": f"DEP-SYN{number:03d}",
                    "name": f"Synthetic {label} deposit near {town} (illustrative)",
                    "mineral": mineral,
                    "region_id": region_id,
                    "lon": lon,
                    "lat": lat,
                    "reserves_mt": _reserves(rng, mineral),
                    "licensed": bool(rng.random() < 0.45),
                    "synthetic": True,
                    "source": "synthetic",
                    "coordinates": "random",
                }
            )
    return pd.DataFrame(rows)


# ----------------------------------------------------------------------- transport


def _transport(facts: dict[str, pd.DataFrame], places: dict) -> tuple[pd.DataFrame, pd.DataFrame]:
    nodes = []
    for node in facts["territory_transport_nodes"].itertuples(index=False):
        region_id, lon, lat = _place(places, node.settlement, node.dx_km, node.dy_km)
        placed = _coordinates(node.dx_km, node.dy_km)
        nodes.append(
            {
                "node_id": node.node_id,
                "name": node.name,
                "kind": node.kind,
                "region_id": region_id,
                "lon": lon,
                "lat": lat,
                "source": node.source,
                "provenance": "real" if placed == "gazetteer" else "estimate",
                "coordinates": placed,
            }
        )
    nodes_frame = pd.DataFrame(nodes)
    where = nodes_frame.set_index("node_id")[["lon", "lat"]]
    modes = facts["territory_transport_modes"].set_index("mode")
    links = []
    for number, link in enumerate(facts["territory_transport_links"].itertuples(index=False), 1):
        if link.from_node not in where.index or link.to_node not in where.index:
            raise ValueError(f"transport link {link.from_node}-{link.to_node}: unknown node")
        a, b = where.loc[link.from_node], where.loc[link.to_node]
        mode = modes.loc[link.mode]
        length = great_circle_km(a.lon, a.lat, b.lon, b.lat) * float(mode.detour_factor)
        links.append(
            {
                "link_id": f"TL-{number:03d}",
                "from_node": link.from_node,
                "to_node": link.to_node,
                "mode": link.mode,
                "length_km": round(max(length, 1.0), 1),
                "speed_kmh": float(mode.speed_kmh),
                "cost_rub_per_tkm": float(mode.cost_rub_per_tkm),
            }
        )
    return nodes_frame, pd.DataFrame(links)


# ---------------------------------------------------------------- major projects

#: Illustrative material baskets per project kind: product units per year for a
#: project of scale 4 at its peak year (scale 5 doubles it, scale 3 halves it ...).
_BASKETS: dict[str, dict[str, float]] = {
    "industrial": {
        "ready_mix": 250_000,
        "cement": 40_000,
        "precast": 40_000,
        "crushed_stone": 500_000,
        "sand": 800_000,
    },
    "energy": {
        "ready_mix": 180_000,
        "cement": 60_000,
        "precast": 15_000,
        "crushed_stone": 300_000,
        "sand": 400_000,
    },
    "road": {
        "crushed_stone": 1_500_000,
        "sand": 2_500_000,
        "cement": 50_000,
        "ready_mix": 120_000,
        "precast": 20_000,
    },
    "rail": {"crushed_stone": 900_000, "sand": 1_200_000, "precast": 30_000, "ready_mix": 40_000},
    "port": {"ready_mix": 150_000, "precast": 50_000, "crushed_stone": 600_000, "sand": 1_500_000},
    "housing": {
        "ready_mix": 600_000,
        "precast": 250_000,
        "aerated_blocks": 150_000,
        "ceramic_brick": 60_000,
        "mineral_wool": 120_000,
        "dry_mix": 40_000,
        "gypsum_board": 2_000_000,
        "flat_glass": 400_000,
    },
    "commercial": {
        "ready_mix": 120_000,
        "precast": 10_000,
        "flat_glass": 150_000,
        "mineral_wool": 30_000,
    },
    "stadium": {
        "ready_mix": 100_000,
        "precast": 20_000,
        "flat_glass": 40_000,
        "mineral_wool": 20_000,
    },
}
_SCALE = {1: 0.125, 2: 0.25, 3: 0.5, 4: 1.0, 5: 2.0}


def _projects(
    facts: dict[str, pd.DataFrame], places: dict, product_ids: set[str]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    rng = np.random.default_rng(SEED + _STREAMS["needs"])
    projects, needs = [], []
    for proj in facts["territory_major_projects"].itertuples(index=False):
        _, lon, lat = _place(places, proj.settlement, proj.dx_km, proj.dy_km)
        start, end = int(proj.start_year), int(proj.end_year)
        projects.append(
            {
                "project_id": proj.project_id,
                "name": proj.name,
                "owner": proj.owner,
                "kind": proj.kind,
                "region_id": proj.region_id,
                "lon": lon,
                "lat": lat,
                "start_year": start,
                "end_year": end,
                "synthetic": True,
                "source": proj.source,
            }
        )
        basket = _BASKETS[proj.kind]
        scale = _SCALE[int(proj.scale)]
        years = list(range(max(start, _FIRST_YEAR), min(end, _LAST_YEAR) + 1))
        # A hump over the whole build period (not only the part inside the case years).
        span = end - start + 1
        for product, peak in basket.items():
            if product not in product_ids:
                continue
            for year in years:
                phase = (year - start + 0.5) / span
                profile = 0.25 + 0.75 * math.sin(math.pi * phase)
                quantity = peak * scale * profile * rng.lognormal(0.0, 0.15)
                needs.append(
                    {
                        "project_id": proj.project_id,
                        "product_id": product,
                        "year": year,
                        "quantity": float(np.round(quantity, -2)),
                    }
                )
    return pd.DataFrame(projects), pd.DataFrame(needs)


# ------------------------------------------------------- support measures, technologies


def _support_measures(facts: dict[str, pd.DataFrame]) -> pd.DataFrame:
    frame = facts["territory_support_measures"].copy()
    for col in ("min_employees", "max_employees", "max_revenue", "min_investment"):
        frame[col] = pd.to_numeric(frame[col].where(frame[col] != ""), errors="raise").astype(float)
    frame["requires_cluster_member"] = frame["requires_cluster_member"].map(_flag).astype(bool)
    for col in ("okved_prefixes", "regions"):
        frame[col] = frame[col].replace("", None)
    return frame.drop(columns=["note"])


def _technologies(facts: dict[str, pd.DataFrame], product_ids: set[str]) -> pd.DataFrame:
    frame = facts["territory_technologies"].copy()
    frame["product_id"] = [p if p in product_ids else None for p in frame["product_hint"]]
    frame["trl"] = frame["trl"].astype(int)
    return frame.drop(columns=["product_hint"])


# --------------------------------------------------------------------------- build


def build(
    facts: dict[str, pd.DataFrame],
    regions: pd.DataFrame,
    products: pd.DataFrame | None = None,
) -> dict[str, pd.DataFrame]:
    """Build the territorial tables of the embedded case.

    Parameters
    ----------
    facts : dict of str to DataFrame
        The fact files as read by ``_common.read_facts`` (all cells strings);
        uses the ``territory_*`` entries.
    regions : DataFrame
        The ``regions`` table; every region id used here must exist in it.
    products : DataFrame, optional
        The ``products`` table (``product_id`` column) that project needs and
        technologies refer to; by default the ``products`` fact file.

    Returns
    -------
    dict of str to DataFrame
        ``sites``, ``deposits``, ``transport_nodes``, ``transport_links``,
        ``major_projects``, ``project_needs``, ``support_measures`` and
        ``technologies``, with the schema's columns.
    """
    if products is None:
        products = facts["products"]
    product_ids = set(products["product_id"])
    places = _settlements(facts)
    nodes, links = _transport(facts, places)
    projects, needs = _projects(facts, places, product_ids)
    tables = {
        "sites": _sites(facts, places),
        "deposits": _deposits(facts, places),
        "transport_nodes": nodes,
        "transport_links": links,
        "major_projects": projects,
        "project_needs": needs,
        "support_measures": _support_measures(facts),
        "technologies": _technologies(facts, product_ids),
    }
    tables = {
        name: frame[TABLES[name].column_names + list(EXTRA_COLUMNS.get(name, ()))]
        for name, frame in tables.items()
    }
    known = set(regions["region_id"])
    for name, frame in tables.items():
        if "region_id" in frame:
            unknown = sorted(set(frame["region_id"]) - known)
            if unknown:
                raise ValueError(f"{name}: region ids not in regions: {unknown}")
    return tables
