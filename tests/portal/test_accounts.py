"""Sign-in rate limit, password reset by e-mail, CSRF."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client, override_settings

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@override_settings(LOGIN_RATE_LIMIT=3)
def test_sign_in_is_refused_after_too_many_failures(users):
    c = Client()
    for _ in range(3):
        r = c.post("/en/accounts/login/", {"username": "buyer", "password": "wrong"})
        assert r.status_code == 200
    # even the right password is refused now
    r = c.post("/en/accounts/login/", {"username": "buyer", "password": "pw-buyer-123456"})
    assert r.status_code == 429
    assert "_auth_user_id" not in c.session
    # another user name from the same address is not blocked
    r = c.post("/en/accounts/login/", {"username": "supplier", "password": "pw-supplier-123456"})
    assert r.status_code == 302


def test_successful_sign_in_resets_the_counter(users):
    c = Client()
    for _ in range(2):
        c.post("/en/accounts/login/", {"username": "buyer", "password": "wrong"})
    assert (
        c.post(
            "/en/accounts/login/", {"username": "buyer", "password": "pw-buyer-123456"}
        ).status_code
        == 302
    )
    from regiocluster.portal.accounts.ratelimit import _key

    assert cache.get(_key("127.0.0.1", "buyer")) is None


def test_password_reset_sends_a_working_link(users):
    c = Client()
    r = c.post("/en/accounts/password/reset/", {"email": "buyer@example.org"})
    assert r.status_code == 302
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    link = next(line for line in body.splitlines() if "/reset/" in line)
    path = link.split("testserver", 1)[1].strip()
    r = c.get(path, follow=True)
    assert r.status_code == 200
    r = c.post(
        r.redirect_chain[-1][0],
        {"new_password1": "A-new-pass-9876", "new_password2": "A-new-pass-9876"},
    )
    assert r.status_code == 302
    users["buyer"].refresh_from_db()
    assert users["buyer"].check_password("A-new-pass-9876")


def test_csrf_is_enforced(users):
    c = Client(enforce_csrf_checks=True)
    r = c.post("/en/accounts/login/", {"username": "buyer", "password": "pw-buyer-123456"})
    assert r.status_code == 403
    c.force_login(users["buyer"])
    r = c.post("/en/exchange/requests/new/", {"title": "x"})
    assert r.status_code == 403


@override_settings(LOGIN_RATE_LIMIT=2)
def test_spraying_many_user_names_from_one_address_is_refused(users):
    from regiocluster.portal.accounts.ratelimit import ADDRESS_FACTOR

    c = Client()
    for i in range(2 * ADDRESS_FACTOR):
        assert (
            c.post("/en/accounts/login/", {"username": f"guess{i}", "password": "x"}).status_code
            == 200
        )
    r = c.post("/en/accounts/login/", {"username": "supplier", "password": "pw-supplier-123456"})
    assert r.status_code == 429
    # another address is not affected
    other = Client(REMOTE_ADDR="10.0.0.2")
    r = other.post(
        "/en/accounts/login/", {"username": "supplier", "password": "pw-supplier-123456"}
    )
    assert r.status_code == 302
