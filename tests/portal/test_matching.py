"""Matching rules: hard filters and score properties (no database)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from regiocluster import geo
from regiocluster.portal.exchange import matching as m

TODAY = date(2025, 6, 1)
CERT = ("GOST 31108-2020", TODAY - timedelta(days=100), TODAY + timedelta(days=100))


def need(**kw):
    base = dict(
        okpd2="23.51.12.110",
        quantity=500.0,
        unit="t",
        lon=30.25,
        lat=59.90,
        delivery_date=TODAY + timedelta(days=30),
        certificates=("GOST 31108-2020",),
        budget=5e6,
        tonnes_per_unit=1.0,
        organisation_id=1,
    )
    base.update(kw)
    return m.Need(**base)


def supply(**kw):
    base = dict(
        offer_id=10,
        organisation_id=2,
        okpd2="23.51.12.110",
        free_capacity=1000.0,
        unit="t",
        lon=30.98,
        lat=59.88,
        certificates=(CERT,),
    )
    base.update(kw)
    return m.Supply(**base)


def test_distance_against_published_distance():
    # St. Petersburg (59.9386 N, 30.3141 E) to Moscow (55.7558 N, 37.6173 E):
    # about 634 km great-circle; the matcher uses the package's one distance.
    assert m.great_circle_km is geo.great_circle_km
    assert m.great_circle_km(30.3141, 59.9386, 37.6173, 55.7558) == pytest.approx(634, abs=3)


def test_okpd2_depth_levels():
    assert m.okpd2_depth("23.51.12.110", "23.51.12.110") == 6
    assert m.okpd2_depth("23.51.12.110", "23.51.12.120") == 5
    assert m.okpd2_depth("23.51.12", "23.51.12.110") == 5
    assert m.okpd2_depth("23.51", "23.52.10") == 2
    assert m.okpd2_depth("23.61", "23.51") == 1
    assert m.okpd2_depth("08.12", "23.51") == 0


codes = st.from_regex(r"\A\d{2}\.\d{2}\.\d{2}\.\d{3}\Z")


@given(codes, codes)
def test_depth_is_symmetric_and_bounded(a, b):
    assert m.okpd2_depth(a, b) == m.okpd2_depth(b, a)
    assert 0 <= m.okpd2_depth(a, b) <= 6
    assert (m.okpd2_depth(a, b) == 6) == (a == b)


def test_hard_filters_each_exclude():
    assert m.failed_filters(need(), supply()) == []
    assert "capacity" in m.failed_filters(need(), supply(free_capacity=499.0))
    assert "capacity" in m.failed_filters(need(), supply(unit="m3"))
    assert "code" in m.failed_filters(need(), supply(okpd2="23.61.10"))
    expired = ("GOST 31108-2020", TODAY - timedelta(days=400), TODAY + timedelta(days=10))
    assert "certificates" in m.failed_filters(need(), supply(certificates=(expired,)))
    assert "certificates" in m.failed_filters(need(), supply(certificates=()))
    assert "self" in m.failed_filters(need(), supply(organisation_id=1))
    assert m.match(need(), [supply(free_capacity=10.0)]) == []


@given(st.floats(0.0, 3.0), st.floats(0.0, 3.0))
def test_nearer_supplier_never_scores_lower(d1, d2):
    near, far = sorted([d1, d2])
    a = m.score_match(need(), supply(lon=30.25 + near, lat=59.90))
    b = m.score_match(need(), supply(lon=30.25 + far, lat=59.90))
    assert a.score >= b.score - 1e-9
    assert a.delivery_cost <= b.delivery_cost + 1e-6


@given(st.integers(0, 50), st.integers(0, 50))
def test_more_completed_deals_never_score_lower(n1, n2):
    lo, hi = sorted([n1, n2])
    assert (
        m.score_match(need(), supply(completed_deals=hi)).score
        >= m.score_match(need(), supply(completed_deals=lo)).score
    )


def test_delivery_cost_is_distance_times_tonnes_times_tariff():
    s = supply(lon=31.25, lat=59.90)
    r = m.score_match(need(), s)
    km = m.great_circle_km(30.25, 59.90, 31.25, 59.90) * m.ROAD_FACTOR
    assert r.delivery_cost == pytest.approx(km * 500 * m.TARIFF_RUB_PER_TKM)
    codes_ = [x.code for x in r.reasons]
    assert codes_[:3] == ["code", "capacity", "certificate"] and "delivery_budget" in codes_


def test_best_offer_per_supplier_and_order():
    offers = [
        supply(offer_id=1, free_capacity=600),
        supply(offer_id=2, okpd2="23.51.12.190"),
        supply(offer_id=3, organisation_id=3, lon=28.8, lat=60.7),
    ]
    res = m.match(need(), offers)
    assert [r.supply.organisation_id for r in res] == [2, 3]
    assert res[0].supply.offer_id == 1 and res[0].score >= res[1].score
