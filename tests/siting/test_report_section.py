"""The report's siting section on the embedded case."""

from __future__ import annotations

import json

import pytest
from shapely.geometry import shape


@pytest.mark.slow
def test_siting_section_has_map_ranking_plan_and_impact():
    from regiocluster import load_case
    from regiocluster.report.sections.siting import siting_section

    case = load_case("leningrad")
    section = siting_section(case)
    html = section.html
    assert "regiocluster_map(" in html  # the Leaflet map
    assert "Ranked sites for cement with reasons" in html
    assert "Strongest:" in html and "excluded sites and why" in html
    assert "Least-cost plant plan for cement" in html and "optimal" in html
    assert "Saint Petersburg" in html
    assert "two-region input-output model" in html
    # Every product of the chain gets its ranked sites, each with its reasons.
    for name in case.tables["products"]["name_en"]:
        assert name in html
    products = case.tables["products"]
    others = products.loc[products["product_id"] != "cement", "name_en"]
    for name in others:
        block = html.split(f"<summary>{name} — top five sites with reasons</summary>")[1]
        block = block.split("</details>")[0]
        assert block.count("Strongest:") >= 1 and block.count("Weakest:") >= 1
    sites = json.loads(section.assets["siting/sites_cement.geojson"])
    plants = json.loads(section.assets["siting/plants_cement.geojson"])
    assert len(sites["features"]) == len(case.tables["sites"])
    status = [feature["properties"]["status"] for feature in plants["features"]]
    assert status.count("new") == 3 and status.count("existing") >= 1
    for feature in sites["features"] + plants["features"]:
        lon, lat = feature["geometry"]["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90
        assert shape(feature["geometry"]).is_valid


@pytest.mark.slow
def test_siting_section_escapes_user_text():
    from regiocluster import load_case
    from regiocluster.case.load import Case
    from regiocluster.report.sections.siting import siting_section

    case = load_case("leningrad")
    tables = dict(case.tables)
    sites = tables["sites"].copy()
    sites["name"] = sites["name"].astype(object)
    sites.loc[sites.index, "name"] = "<b>bold</b> & co"
    tables["sites"] = sites
    html = siting_section(Case(name=case.name, meta=case.meta, tables=tables)).html
    before_map = html.split("regiocluster_map(")[0]
    assert "<b>bold</b>" not in before_map
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; co" in before_map
