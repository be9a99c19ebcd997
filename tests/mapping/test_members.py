"""Members, roles, boundaries and the GeoJSON layer on a hand-made fixture."""

import json

import pandas as pd
import pytest
from shapely.geometry import shape

from regiocluster.mapping.members import cluster_boundaries, cluster_members, members_geojson

#: The cluster's territory in these tests (the embedded case's two regions).
TERRITORY = ("RU-LEN", "RU-SPE")

REGIONS = pd.DataFrame(
    {
        "region_id": ["RU-LEN", "RU-SPE", "LEN-VYBO", "RU-MOS"],
        "name_en": ["Leningrad Oblast", "Saint Petersburg", "Vyborgsky District", "Moscow Oblast"],
        "kind": ["federal_subject", "federal_city", "municipal_district", "federal_subject"],
        "parent_id": ["RU", "RU", "RU-LEN", "RU"],
    }
)
INDUSTRIES = pd.DataFrame(
    {
        "okved": ["23", "23.51", "23.63", "08.12", "41", "64", "72", "47"],
        "name_en": ["Non-metallic", "Cement", "Ready-mix", "Sand pits", "Buildings", "Finance",
                    "Research", "Retail"],
        "chain_role": [None, "core", "core", "raw_materials", "construction", None, None, None],
    }
)  # fmt: skip
ENTERPRISES = pd.DataFrame(
    {
        "enterprise_id": ["E1", "E2", "E3", "E4", "E5", "E6", "E7", "E8"],
        "name": ["Cement", "Quarry", "Builder", "Bank", "Institute", "Shop", "Moscow cement",
                 "Shop 2"],
        "okved": ["23.51", "08.12", "41", "64", "72", "47", "23.51", "47"],
        "kind": ["producer", "raw_materials", "customer", "finance", "research", "customer",
                 "producer", "customer"],
        "region_id": ["LEN-VYBO", "LEN-VYBO", "RU-SPE", "RU-SPE", "RU-SPE", "RU-SPE", "RU-MOS",
                      "RU-SPE"],
        "lon": [28.75, 28.9, 30.3, 30.31, 30.32, 30.33, 37.6, 30.2],
        "lat": [60.7, 60.6, 59.9, 59.94, 59.95, 59.96, 55.7, 59.9],
    }
)  # fmt: skip
# E6 (a shop, not in the chain) buys from E1; E8 has no link; E7 is outside the territory.
LINKS = pd.DataFrame({"supplier_id": ["E2", "E1", "E1"], "buyer_id": ["E1", "E3", "E6"]})


def _members():
    return cluster_members(
        ENTERPRISES, INDUSTRIES, territory=TERRITORY, regions=REGIONS, links=LINKS
    ).set_index("enterprise_id")


def test_membership_reasons_and_roles():
    m = _members()
    assert m.reason.to_dict() == {
        "E1": "industry",  # 23.51 in the chain, Vyborgsky District is in RU-LEN
        "E2": "industry",
        "E3": "industry",  # construction is the chain's customer industry
        "E4": "infrastructure",
        "E5": "infrastructure",
        "E6": "supply_links",  # buys from a member
        "E7": "",  # outside the territory
        "E8": "",  # no chain industry, no link
    }
    assert m.role.dropna().to_dict() == {
        "E1": "core_producer",
        "E2": "raw_material_supplier",
        "E3": "customer",
        "E4": "finance",
        "E5": "research",
        "E6": "customer",
    }


def test_boundaries_tables():
    b = cluster_boundaries(_members().reset_index(), INDUSTRIES, REGIONS)
    assert b.industries.set_index("okved").members.to_dict() == {
        "23.51": 1, "23.63": 0, "08.12": 1, "41": 1,
    }  # fmt: skip
    terr = b.territories.set_index("region_id")
    assert terr.members.to_dict() == {"RU-SPE": 4, "LEN-VYBO": 2}
    assert "RU-MOS" not in terr.index


def test_geojson_is_valid_wgs84_points():
    layer = members_geojson(_members().reset_index(), core=["E1"])
    text = json.dumps(layer)  # serialisable, no numpy types
    data = json.loads(text)
    assert data["type"] == "FeatureCollection" and "crs" not in data
    assert len(data["features"]) == 6
    for feature in data["features"]:
        geom = shape(feature["geometry"])
        assert geom.is_valid and geom.geom_type == "Point"
        lon, lat = feature["geometry"]["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90
    e1 = next(f for f in data["features"] if f["properties"]["enterprise_id"] == "E1")
    assert e1["properties"]["core"] is True
    assert e1["geometry"]["coordinates"] == pytest.approx([28.75, 60.7])  # lon first (RFC 7946)
