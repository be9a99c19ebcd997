"""Cached counts and filter lists key on the versions of the tables they read."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from regiocluster.portal.cacheversion import data_changed, query_tables, tables_version
from regiocluster.portal.exchange import selectors as exchange_selectors
from regiocluster.portal.members import selectors
from regiocluster.portal.members.models import Organisation
from regiocluster.portal.paging import CachedCountPaginator

from .conftest import make_cement_request

pytestmark = pytest.mark.django_db


def _count(qs, key):
    return CachedCountPaginator(qs, 25, key=key).count


def test_a_new_request_keeps_the_member_count_but_renews_the_request_count(users):
    members = selectors.organisation_list()
    requests = exchange_selectors.request_list()
    n_members, n_requests = _count(members, "m"), _count(requests, "r")
    make_cement_request(users["buyer"])
    assert _count(requests, "r") == n_requests + 1
    # the members' count was not recomputed: a stale value planted in the cache is served
    key = CachedCountPaginator(members, 25, key="m")._count_key
    cache.set(key, -1)
    assert _count(members, "m") == -1
    org = Organisation.objects.filter(is_member=True).first()
    org.is_member = False
    org.save()
    assert _count(members, "m") == n_members - 1


def test_a_bulk_change_renews_every_table():
    before = tables_version(["members_organisation"])
    assert tables_version(["members_organisation"]) == before
    data_changed()
    assert tables_version(["members_organisation"]) != before


def test_query_tables_name_the_joined_tables(seeded):
    qs = selectors.organisation_list(product="cement")
    assert {"members_organisation", "members_capacity", "members_product"} <= set(query_tables(qs))
