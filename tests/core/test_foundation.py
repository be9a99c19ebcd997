"""The case layer's foundation: errors, territory, provenance, codes, units, distance, Result."""

import json

import numpy as np
import pandas as pd
import pytest

from regiocluster import load_case
from regiocluster.case.codes import covers, covers_any, longest_match
from regiocluster.case.provenance import Provenance, table_kinds
from regiocluster.case.territory import Territory
from regiocluster.case.units import sum_same_unit, unit_label
from regiocluster.errors import CaseError, InvalidValueError, RegioclusterError
from regiocluster.geo import great_circle_km
from regiocluster.result import Figure, Result


@pytest.fixture(scope="module")
def case():
    return load_case("leningrad")


def test_case_error_is_a_regiocluster_error():
    assert issubclass(CaseError, RegioclusterError)
    assert issubclass(InvalidValueError, ValueError)


def test_invalid_value_names_value_and_valid_ones():
    msg = str(InvalidValueError("scenario", "realistic", ["pessimistic", "base", "optimistic"]))
    assert msg == "unknown scenario 'realistic'; valid: base, optimistic, pessimistic"


def test_territory_of_embedded_case(case):
    t = case.territory
    assert t.regions == ("RU-LEN", "RU-SPE")
    # the oblast has 17 municipal districts plus Sosnovy Bor urban okrug
    assert len(t.districts) == 18
    assert t.contains("LEN-VYBO") and t.contains("RU-SPE")
    assert not t.contains("RU-MOW") and not t.contains("RU")
    assert t.agglomeration_id == "RU-LEN+RU-SPE"


def test_territory_of_regions_equals_the_case_territory(case):
    # analyses that take the regions as an argument build the same territory
    t = case.territory
    built = Territory.of(t.regions, case.tables["regions"], country=t.country)
    assert built == t
    # districts go to their region: every district of the oblast (the city has none)
    assert set(t.district_parent) == set(t.districts)
    assert set(t.district_parent.values()) == {"RU-LEN"}
    assert t.district_parent["LEN-VYBO"] == "RU-LEN"
    # without a regions table only the regions themselves are inside
    bare = Territory.of(["RU-LEN", "RU-SPE"])
    assert bare.contains("RU-SPE") and not bare.contains("LEN-VYBO")
    with pytest.raises(InvalidValueError):
        Territory.of([])


def test_territory_refuses_unknown_region():
    regions = pd.DataFrame({"region_id": ["RU", "RU-LEN"], "parent_id": [None, "RU"]})
    with pytest.raises(InvalidValueError, match="RU-XXX"):
        Territory.from_case({"region": "RU-XXX"}, regions)


def test_year_and_last_year(case):
    assert case.year == case.last_year("enterprise_finances") == 2024
    assert case.years_of("employment") == (2014, 2024)
    with pytest.raises(InvalidValueError, match="covers"):
        case.check_year(1990, "employment")
    with pytest.raises(InvalidValueError, match="no year column"):
        case.last_year("regions")


def test_members_all_inside_territory(case):
    members = case.members()
    assert len(members) > 0
    assert case.territory.contains_all(members["region_id"]).all()
    everyone = case.membership()
    outside = ~case.territory.contains_all(everyone["region_id"])
    assert not everyone.loc[outside, "member"].any()


def test_provenance_kinds(case):
    assert table_kinds({}, "mine") == ("user",)
    assert case.provenance("supply_links").illustrative
    assert not case.provenance("support_measures").illustrative
    # row-level: a real enterprise row alone is not illustrative
    ents = case.tables["enterprises"]
    real = ents.assign(synthetic=False).head(3)
    assert not case.provenance("enterprises", rows={"enterprises": real}).illustrative
    merged = Provenance.of({"a": ["real"]}).merge(Provenance.of({"b": ["synthetic"]}))
    assert merged.synthetic_inputs == ("b",)


def test_codes_hierarchy():
    assert covers("23", "23.51") and covers("23.5", "23.51") and covers("23.51", "23.51")
    assert not covers("23", "230") and not covers("2", "23.51") and not covers("23.6", "23.51")
    assert covers("2523", "252329") and not covers("2523", "25232")
    assert covers_any(pd.Series(["23.51", "41.2"]), ["23"]).tolist() == [True, False]
    assert longest_match("23.51.1", {"23": 1, "23.51": 2, "23.5": 3}) == 2


def test_units():
    assert unit_label("thousand_bricks", thousands=True) == "million bricks"
    with pytest.raises(InvalidValueError, match="different units"):
        sum_same_unit(pd.Series([1, 2, 3]), ["t", "m3", "m2"])


def test_great_circle_matches_published_distance():
    # Rosetta Code "Haversine formula": BNA (36.12 N, 86.67 W) to LAX (33.94 N,
    # 118.40 W) is 2887.2599506071106 km on a sphere of radius 6372.8 km
    km = great_circle_km(-86.67, 36.12, -118.40, 33.94)
    assert km * 6372.8 / 6371.0088 == pytest.approx(2887.2599506071106, rel=1e-12)
    arr = great_circle_km(np.array([30.0, 30.0]), np.array([60.0, 60.0]), 30.0, 61.0)
    assert arr.shape == (2,)
    # one degree of latitude is 111.2 km on the mean sphere
    assert arr[0] == pytest.approx(111.19, abs=0.01)


def test_result_round_trip_and_summary():
    prov = Provenance.of({"links": ["synthetic"]})
    r = Result(
        "demo",
        frames={"t": pd.DataFrame({"x": [1.0, np.nan]})},
        figures=(Figure("share", 0.25, "share", "Share", "Доля"),),
        sentences={"en": ("A quarter.",), "ru": ("Четверть.",)},
        provenance=prov,
        year=2024,
    )
    d = json.loads(json.dumps(r.to_dict()))
    assert d["figures"][0]["value"] == 0.25
    assert d["frames"]["t"][1]["x"] is None
    assert r.summary("ru").startswith("Четверть.") and "Иллюстративно" in r.summary("ru")
    with pytest.raises(InvalidValueError, match="valid: share"):
        r.figure("nope")
    with pytest.raises(InvalidValueError, match="language"):
        r.summary("de")
