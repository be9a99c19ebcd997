"""The embedded case end to end: report section, CLI, GeoJSON layer."""

import json

import pytest
from shapely.geometry import shape
from typer.testing import CliRunner

from regiocluster import load_case
from regiocluster.cli import app
from regiocluster.mapping.structure import cluster_structure
from regiocluster.network import cooperation_share, decree_779

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def case():
    return load_case("leningrad")


@pytest.fixture(scope="module")
def structure(case):
    return cluster_structure(case, n_null=9, random_state=0)


def _dependence_from_tables(case, structure) -> tuple[float, set, set]:
    """Functional dependence, members and members with a member contract, from raw tables."""
    year = structure.year
    ids = set(structure.members.loc[structure.members.member, "enterprise_id"])
    fin = case.tables["enterprise_finances"]
    purchases = fin[(fin.year == year) & fin.enterprise_id.isin(ids)].set_index("enterprise_id")[
        "purchases"
    ]
    links = case.tables["supply_links"]
    links = links[links.year == year]
    inside = links[links.supplier_id.isin(ids) & links.buyer_id.isin(ids)]
    inside = inside[inside.supplier_id != inside.buyer_id]
    linked = set(inside.supplier_id) | set(inside.buyer_id)
    return inside.value.sum() / purchases.sum(), ids, linked


def test_decree_779_numbers_follow_from_the_tables(case, structure):
    # recompute the dependence straight from the tables for the members
    expected, ids, linked = _dependence_from_tables(case, structure)
    assert 0 < expected < 1
    year = structure.year
    fin = case.tables["enterprise_finances"]
    purchases = fin[(fin.year == year) & fin.enterprise_id.isin(ids)].set_index("enterprise_id")[
        "purchases"
    ]
    links = case.tables["supply_links"]
    links = links[links.year == year]
    verdict = structure.decree_779
    # the broad alternative (all purchases from any participant) is the old share
    assert verdict.broad_dependence == pytest.approx(expected)
    assert verdict.broad_purchases == pytest.approx(purchases.sum())
    assert verdict.broad_from_members == pytest.approx(expected * purchases.sum())
    assert verdict.members == len(ids)
    assert cooperation_share(links, purchases) == pytest.approx(expected)
    # the decree's measure: industrial participants' purchases from industrial and
    # production-service participants, over those participants' purchases
    okved = case.tables["enterprises"].set_index("enterprise_id")["okved"]
    industrial = {m for m in ids if 5 <= int(str(okved[m])[:2]) <= 33}
    service = {m for m in ids if str(okved[m]).split(".")[0] in ("49", "52", "71")}
    inside = links[links.supplier_id.isin(ids) & links.buyer_id.isin(ids)]
    inside = inside[inside.supplier_id != inside.buyer_id]
    numerator = inside[
        inside.buyer_id.isin(industrial) & inside.supplier_id.isin(industrial | service)
    ].value.sum()
    denominator = purchases[purchases.index.isin(industrial)].sum()
    assert verdict.functional_dependence == pytest.approx(numerator / denominator)
    assert verdict.functional_dependence < verdict.broad_dependence
    assert verdict.illustrative
    # members with no qualifying contract (either direction) with another member: the
    # supplier makes industrial products or gives production services (cl. а)
    qualifying = inside[inside.supplier_id.isin(industrial | service)]
    linked_q = set(qualifying.supplier_id) | set(qualifying.buyer_id)
    assert set(verdict.without_contract) == ids - linked_q
    assert linked_q <= linked
    measure = numerator / denominator
    assert verdict.compliant == (
        measure >= 0.20 and len(ids - linked_q) <= 3 and len(industrial) >= 10
    )
    # without industry codes every member counts and the measure is the broad one
    plain = decree_779(links, purchases)
    assert plain.functional_dependence == pytest.approx(expected)
    assert set(plain.without_contract) == ids - linked


def test_members_are_in_the_territory_and_have_roles(case, structure):
    members = structure.members[structure.members.member]
    regions = case.tables["regions"].set_index("region_id")
    for rid in members.region_id.unique():
        assert rid in ("RU-LEN", "RU-SPE") or regions.loc[rid, "parent_id"] == "RU-LEN"
    assert members.role.notna().all()
    assert structure.members.core.sum() >= 1


def test_study_chapters_show_the_verdict_core_and_members_map(case, structure, monkeypatch):
    from regiocluster.report.model import Map, Table
    from regiocluster.report.results import ResultBook
    from regiocluster.report.sections import management, members
    from regiocluster.report.sections import structure as chapter

    monkeypatch.setattr(members, "N_NULL", 9)
    book = ResultBook()
    verdict = management.compose(case, book).findings[0]
    decree = book.results["network.decree779"]
    # the study shows the core Result's number, and its broad share is the tables' one
    assert verdict.args["dependence"].value == decree.value("functional_dependence")
    assert verdict.args["dependence"].id == "network.decree779.functional_dependence"
    expected, _, _ = _dependence_from_tables(case, structure)
    assert decree.value("broad_dependence") == pytest.approx(expected)
    core = chapter.compose(case, book)
    tables = {b.id: b for b in core.blocks if isinstance(b, Table)}
    assert len(tables["structure.core"].frame) == structure.members.core.sum()
    maps = [b for b in core.blocks if isinstance(b, Map)]
    assert maps and maps[0].layers[0].area  # the district layer is the base
    assert sum(len(layer.geojson["features"]) for layer in maps[0].layers[1:]) == (
        structure.members.member.sum()
    )


def test_cli_members_geojson_and_decree(tmp_path):
    runner = CliRunner()
    out = tmp_path / "members.geojson"
    result = runner.invoke(
        app, ["mapping", "members", "leningrad", "--format", "geojson", "--out", str(out),
              "--n-null", "0"]
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["type"] == "FeatureCollection" and len(data["features"]) > 100
    for f in data["features"]:
        assert shape(f["geometry"]).is_valid
        lon, lat = f["geometry"]["coordinates"]
        assert 27.0 <= lon <= 36.5 and 58.3 <= lat <= 61.8  # the case's study bbox
    # GDAL (what QGIS opens files with) reads it as points in EPSG:4326
    import pyogrio

    info = pyogrio.read_info(out)
    assert info["crs"] == "EPSG:4326" and info["geometry_type"] == "Point"
    assert info["features"] == len(data["features"])
    result = runner.invoke(app, ["network", "decree779", "leningrad"])
    assert result.exit_code == 0, result.output
    assert "functional dependence" in result.output
    result = runner.invoke(app, ["mapping", "strong", "leningrad", "--rule", "eco"])
    assert result.exit_code == 0, result.output


def test_chain_specialisation_merges_the_two_regions(case):
    from regiocluster.mapping.structure import chain_specialisation

    result = chain_specialisation(case).set_index("okved")
    emp = case.tables["employment"]
    regions = case.tables["regions"]
    subjects = regions.region_id[regions.kind.isin(["federal_subject", "federal_city"])]
    emp = emp[(emp.year == emp.year.max()) & emp.region_id.isin(subjects)]
    code = "23.63"
    here = emp[emp.region_id.isin(["RU-LEN", "RU-SPE"])]
    # LQ of the merged territory from its definition, suppressed cells as zero
    expected = (here.loc[here.okved == code, "employees"].sum() / here.employees.sum()) / (
        emp.loc[emp.okved == code, "employees"].sum() / emp.employees.sum()
    )
    assert result.loc[code, "lq"] == pytest.approx(expected)
