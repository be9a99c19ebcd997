"""Sign-in limits on every path (django-axes), password resets, TOTP, CSRF."""

from __future__ import annotations

import base64

import pytest
from django.core import mail
from django.test import Client, override_settings

pytestmark = pytest.mark.django_db

RIGHT = {"username": "buyer", "password": "pw-buyer-123456"}
WRONG = {"username": "buyer", "password": "wrong"}


@override_settings(AXES_FAILURE_LIMIT=3)
def test_sign_in_form_is_refused_after_too_many_failures(users):
    c = Client()
    codes = [c.post("/en/accounts/login/", WRONG).status_code for _ in range(3)]
    assert codes == [200, 200, 429]  # the third failure locks
    r = c.post("/en/accounts/login/", RIGHT)  # even the right password now
    assert r.status_code == 429
    assert "_auth_user_id" not in c.session
    # keyed on (user, client): another user here, and this user elsewhere, still sign in
    assert (
        Client()
        .post("/en/accounts/login/", {"username": "supplier", "password": "pw-supplier-123456"})
        .status_code
        == 302
    )
    assert Client(REMOTE_ADDR="10.9.9.9").post("/en/accounts/login/", RIGHT).status_code == 302


@override_settings(AXES_FAILURE_LIMIT=3)
def test_admin_sign_in_shares_the_limit(users):
    c = Client()
    admin = {"username": "admin", "password": "wrong"}
    for _ in range(3):
        c.post("/admin/login/", admin)
    r = c.post("/admin/login/", {"username": "admin", "password": "pw-admin-123456"})
    assert r.status_code == 429
    assert "_auth_user_id" not in c.session


def _basic(user: str, password: str) -> dict[str, str]:
    token = base64.b64encode(f"{user}:{password}".encode()).decode()
    return {"HTTP_AUTHORIZATION": f"Basic {token}"}


@override_settings(AXES_FAILURE_LIMIT=3)
def test_api_basic_auth_shares_the_limit(users):
    c = Client()
    assert c.get("/api/organisations/", **_basic("buyer", "pw-buyer-123456")).status_code == 200
    for _ in range(3):
        assert c.get("/api/organisations/", **_basic("buyer", "x")).status_code in (401, 403)
    r = c.get("/api/organisations/", **_basic("buyer", "pw-buyer-123456"))
    assert r.status_code in (403, 429)  # the right password no longer gets through


@override_settings(AXES_FAILURE_LIMIT=3, TRUSTED_PROXIES=["10.0.0.1"])
def test_behind_a_trusted_proxy_the_forwarded_client_is_limited_not_the_proxy(users):
    def via_proxy(client_ip: str, data: dict) -> int:
        return (
            Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=client_ip)
            .post("/en/accounts/login/", data)
            .status_code
        )

    for _ in range(3):
        via_proxy("203.0.113.5", WRONG)
    assert via_proxy("203.0.113.5", RIGHT) == 429
    assert via_proxy("198.51.100.7", RIGHT) == 302  # another client behind the same proxy
    # an untrusted peer cannot choose its address with the header
    for _ in range(3):
        Client(REMOTE_ADDR="192.0.2.9", HTTP_X_FORWARDED_FOR="1.1.1.1").post(
            "/en/accounts/login/", WRONG
        )
    r = Client(REMOTE_ADDR="192.0.2.9", HTTP_X_FORWARDED_FOR="2.2.2.2").post(
        "/en/accounts/login/", RIGHT
    )
    assert r.status_code == 429


@override_settings(ALLOWED_HOSTS=["*"], SITE_URL="https://cluster.example.org")
def test_password_reset_link_comes_from_the_site_url_not_the_host_header(users):
    c = Client(HTTP_HOST="evil.example")
    r = c.post("/en/accounts/password/reset/", {"email": "buyer@example.org"})
    assert r.status_code == 302
    body = mail.outbox[0].body
    assert "evil.example" not in body
    link = next(line for line in body.splitlines() if "/reset/" in line)
    assert link.startswith("https://cluster.example.org/en/accounts/reset/")
    r = c.get(link.removeprefix("https://cluster.example.org"), follow=True)
    r = c.post(
        r.redirect_chain[-1][0],
        {"new_password1": "A-new-pass-9876", "new_password2": "A-new-pass-9876"},
    )
    assert r.status_code == 302
    users["buyer"].refresh_from_db()
    assert users["buyer"].check_password("A-new-pass-9876")


@override_settings(PASSWORD_RESET_LIMIT=3)
def test_password_resets_are_throttled(users):
    c = Client()
    codes = [
        c.post("/en/accounts/password/reset/", {"email": "buyer@example.org"}).status_code
        for _ in range(6)
    ]
    assert codes == [302, 302, 302, 429, 429, 429]
    assert len(mail.outbox) == 3


@override_settings(SITE_URL="https://cluster.example.org")
def test_approval_mail_carries_an_absolute_set_password_link(users):
    from regiocluster.portal.members import services
    from regiocluster.portal.members.models import Region

    app = services.application_submit(
        organisation_name="ООО Тест",
        inn="7707083893",
        okved="23.61",
        kind="producer",
        region=Region.objects.filter(kind="district").first() or Region.objects.first(),
        contact_name="Иван",
        email="new@example.org",
        founded=2001,
    )
    services.application_approve(user=users["manager"], application=app)
    body = mail.outbox[-1].body
    link = body.split("https://cluster.example.org", 1)[1].split()[0]
    assert "/accounts/reset/" in link
    r = Client().get(link, follow=True)
    assert r.status_code == 200 and b"new_password1" in r.content


def test_manager_with_a_totp_device_needs_the_code(users):
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    manager = users["manager"]
    device = TOTPDevice.objects.create(user=manager, name="phone", confirmed=True)
    data = {"username": "manager", "password": "pw-manager-123456"}
    c = Client()
    r = c.post("/en/accounts/login/", data)
    assert r.status_code == 200 and "_auth_user_id" not in c.session
    r = c.post("/en/accounts/login/", {**data, "otp_token": "000000"})
    assert "_auth_user_id" not in c.session
    device.refresh_from_db()
    device.throttle_reset()  # django-otp slows down guesses after a wrong code
    code = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
    r = c.post("/en/accounts/login/", {**data, "otp_token": code})
    assert r.status_code == 302 and "_auth_user_id" in c.session
    # a member without a device signs in with the password alone
    assert Client().post("/en/accounts/login/", RIGHT).status_code == 302
    # HTTP Basic cannot bypass the manager's second factor
    r = Client().get("/api/organisations/", **_basic("manager", "pw-manager-123456"))
    assert r.status_code in (401, 403)


def test_csrf_is_enforced(users):
    c = Client(enforce_csrf_checks=True)
    r = c.post("/en/accounts/login/", RIGHT)
    assert r.status_code == 403
    c.force_login(users["buyer"])
    r = c.post("/en/exchange/requests/new/", {"title": "x"})
    assert r.status_code == 403
