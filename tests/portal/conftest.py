"""Portal test set-up: Django with the test settings; the database follows ``DATABASE_URL``.

With ``DATABASE_URL=postgres://postgres@127.0.0.1:5432/test`` the suite runs on
PostgreSQL (Django creates ``test_test``); without it on SQLite.
"""

from __future__ import annotations

import os
from datetime import date, timedelta
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "regiocluster.portal.settings.test")
os.environ.setdefault(
    "DJANGO_ALLOW_ASYNC_UNSAFE", "true"
)  # Playwright's sync API runs an event loop

import django  # noqa: E402

django.setup()

FIXTURE_CASE = Path(__file__).resolve().parent / "fixture_case"


@pytest.fixture
def case():
    """The tiny fixture case of the portal tests."""
    from regiocluster import load_case

    return load_case(FIXTURE_CASE)


@pytest.fixture
def seeded(db, case):
    """A database seeded from the fixture case."""
    from regiocluster.portal.casebridge import case_seed

    return case_seed(case=case)


def _user(username, role, org=None, **kw):
    from regiocluster.portal.accounts.models import User

    return User.objects.create_user(
        username=username,
        password="pw-" + username + "-123456",
        role=role,
        organisation=org,
        email=f"{username}@example.org",
        **kw,
    )


@pytest.fixture
def users(seeded):
    """One account per role; two member representatives of different organisations."""
    from regiocluster.portal.members.models import Organisation

    org = {o.case_id: o for o in Organisation.objects.all()}
    return {
        "buyer": _user("buyer", "member", org["F004"]),
        "supplier": _user("supplier", "member", org["F001"]),
        "other": _user("other", "member", org["F002"]),
        "manager": _user("manager", "manager", org["F006"], is_staff=True),
        "observer": _user("observer", "observer"),
        "admin": _user("admin", "admin", is_staff=True, is_superuser=True),
    }


def login(client, user):
    """Sign ``client`` in as ``user`` without the rate-limited form."""
    client.force_login(user)
    return client


@pytest.fixture
def cement_request(users):
    """An open request of the buyer for 500 t of cement with a GOST certificate."""
    return make_cement_request(users["buyer"])


def make_cement_request(buyer):
    """Post ``buyer``'s open request for 500 t of cement with a GOST certificate."""
    from regiocluster.portal.exchange import services
    from regiocluster.portal.members.models import Product

    cement = Product.objects.get(product_id="cement")
    return services.request_create(
        user=buyer,
        title="Цемент ЦЕМ I 42,5Н",
        okpd2=cement.okpd2,
        product=cement,
        quantity=500.0,
        unit="t",
        delivery_place="Санкт-Петербург",
        lon=30.25,
        lat=59.90,
        delivery_date=date.today() + timedelta(days=30),
        required_certificates="GOST 31108-2020",
        budget=5_000_000.0,
    )


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache (rate-limit counters, cached shares)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


# Browser scenarios: Debian's chromium through Playwright, never a browser download.
