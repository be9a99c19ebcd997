"""Findings of the production review (issue 16), each as a test that failed before the fix."""

from __future__ import annotations

import io
import logging
import os
import subprocess
import sys
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from regiocluster.portal.exchange import services
from regiocluster.portal.exchange.models import Contract, InterestStatus, Offer
from regiocluster.portal.locking import StaleEditError
from regiocluster.portal.members import services as member_services
from regiocluster.portal.members.models import Organisation, Visibility

from .conftest import login

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _agreed(users, cement_request):
    interest = services.interest_express(user=users["supplier"], request=cement_request)
    return services.interest_accept(user=users["buyer"], interest=interest)


# -- security headers ---------------------------------------------------------------


def test_content_security_policy_allows_no_inline_script(users):
    r = Client().get("/en/")
    csp = r["Content-Security-Policy"]
    script = next(d for d in csp.split(";") if d.strip().startswith("script-src"))
    assert "'self'" in script and "unsafe-inline" not in script
    assert "frame-ancestors 'none'" in csp


def test_signed_in_pages_are_private_to_caches(users):
    assert "private" not in Client().get("/en/members/").get("Cache-Control", "")
    r = login(Client(), users["buyer"]).get("/en/members/")
    assert "private" in r["Cache-Control"]


def test_secure_cookies_turn_on_hsts_and_the_proxy_header():
    code = (
        "from regiocluster.portal.settings import base as s;"
        "print(s.SECURE_HSTS_SECONDS, s.SECURE_PROXY_SSL_HEADER[0], s.SESSION_COOKIE_SECURE)"
    )
    env = {**os.environ, "REGIOCLUSTER_SECURE_COOKIES": "1"}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    ).stdout.split()
    assert out == ["31536000", "HTTP_X_FORWARDED_PROTO", "True"]


def test_a_403_is_logged_in_one_line(users, cement_request):
    from regiocluster.portal.hardening import OneLineForbidden

    handler = next(
        h
        for h in logging.getLogger().handlers
        if any(isinstance(f, OneLineForbidden) for f in h.filters)
    )
    stream = io.StringIO()
    old = handler.setStream(stream)
    try:
        r = login(Client(), users["other"]).get(f"/en/exchange/requests/{cement_request.pk}/edit/")
    finally:
        handler.setStream(old)
    assert r.status_code == 403
    lines = [line for line in stream.getvalue().splitlines() if line.strip()]
    assert lines == [
        f"Forbidden (Permission denied): /en/exchange/requests/{cement_request.pk}/edit/"
    ]


def test_database_settings_use_wal_immediate_and_health_checks():
    from django.conf import settings
    from django.db import connection

    db = settings.DATABASES["default"]
    assert db["CONN_HEALTH_CHECKS"] is True
    if connection.vendor == "sqlite":
        assert db["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
        assert "journal_mode=WAL" in db["OPTIONS"]["init_command"]


# -- deals --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value,days,field",
    [(1e6, 0, "value"), (2.0, 400, "signed"), (2.0, -30, "signed"), (0.0, 0, "value")],
)
def test_implausible_deal_values_and_dates_are_refused(users, cement_request, value, days, field):
    interest = _agreed(users, cement_request)
    signed = timezone.localdate() + timedelta(days=days)
    with pytest.raises(ValidationError) as err:
        services.deal_propose(
            user=users["buyer"], interest=interest, value_mln_rub=value, signed=signed
        )
    assert field in err.value.message_dict
    assert not Contract.objects.filter(interest=interest).exists()


def test_a_backdated_deal_cannot_move_the_cooperation_share(users, cement_request):
    from regiocluster.portal.exchange.selectors import cooperation_share

    before = cooperation_share()
    interest = _agreed(users, cement_request)
    with pytest.raises(ValidationError):
        services.deal_propose(
            user=users["buyer"],
            interest=interest,
            value_mln_rub=1e6,
            signed=timezone.localdate().replace(year=2021),
        )
    with pytest.raises(ValidationError):
        services.contract_create(
            user=users["manager"],
            supplier=users["supplier"].organisation,
            buyer=users["buyer"].organisation,
            year=2999,
            value_mln_rub=2.0,
        )
    assert cooperation_share() == before


def test_a_closed_request_is_frozen(users, cement_request):
    interest = _agreed(users, cement_request)
    services.deal_propose(user=users["supplier"], interest=interest, value_mln_rub=2.0)
    services.deal_confirm(user=users["buyer"], interest=interest)
    cement_request.refresh_from_db()
    assert cement_request.status == "closed"
    for user in (users["buyer"], users["manager"]):
        with pytest.raises(ValidationError):
            services.request_update(user=user, request=cement_request, data={"quantity": 1.0})
    r = login(Client(), users["buyer"]).post(
        f"/en/exchange/requests/{cement_request.pk}/edit/", {"title": "changed"}
    )
    cement_request.refresh_from_db()
    assert r.status_code == 400 and cement_request.title != "changed"


def test_contract_numbers_do_not_collide(users):
    a, b = users["supplier"].organisation, users["buyer"].organisation
    year = timezone.localdate().year
    made = [
        services.contract_create(
            user=users["manager"], supplier=a, buyer=b, year=year, value_mln_rub=1.0
        )
        for _ in range(3)
    ]
    Contract.objects.filter(pk=made[0].pk).delete()  # a gap must not make count()+1 collide
    again = services.contract_create(
        user=users["manager"], supplier=a, buyer=b, year=year, value_mln_rub=1.0
    )
    assert len({c.link_id for c in [*made, again]}) == 4


def test_the_manager_sees_the_audit_trail(users, cement_request):
    interest = _agreed(users, cement_request)
    services.deal_propose(user=users["buyer"], interest=interest, value_mln_rub=2.0)
    contract = services.deal_confirm(user=users["supplier"], interest=interest)
    assert login(Client(), users["buyer"]).get("/en/audit/").status_code == 403
    html = login(Client(), users["manager"]).get("/en/audit/").content.decode()
    assert contract.link_id in html
    assert f"status: {InterestStatus.PROPOSED} → {InterestStatus.DEAL}" in html


# -- confidentiality ----------------------------------------------------------------


def test_api_hides_budget_and_coordinates_as_the_pages_do(users, cement_request):
    url = f"/api/requests/{cement_request.pk}/"
    for client in (
        Client(),
        login(Client(), users["supplier"]),
        login(Client(), users["observer"]),
    ):
        data = client.get(url).json()
        assert (data["budget"], data["lon"], data["lat"]) == (None, None, None)
    own = login(Client(), users["buyer"]).get(url).json()
    assert own["budget"] == 5_000_000.0 and own["lon"] == 30.25


def test_offers_do_not_name_their_owners_to_others(users):
    offer = Offer.objects.filter(organisation=users["supplier"].organisation).first()
    name = offer.organisation.name
    for client in (Client(), login(Client(), users["buyer"])):
        assert name not in client.get("/en/exchange/offers/").content.decode()
        assert client.get(f"/api/offers/{offer.pk}/").json()["organisation"] is None
    mine = login(Client(), users["supplier"])
    assert mine.get(f"/api/offers/{offer.pk}/").json()["organisation"] == offer.organisation_id


def test_an_anonymous_supplier_is_not_named_by_district_or_deal_count(users, cement_request):
    services.interest_express(user=users["supplier"], request=cement_request)
    supplier = users["supplier"].organisation
    html = login(Client(), users["buyer"]).get(f"/en/exchange/requests/{cement_request.pk}/")
    html = html.content.decode()
    assert supplier.region.name not in html.split('id="matches"')[1].split("</table>")[0]
    assert "completed deals" not in html
    api = login(Client(), users["buyer"]).get(f"/api/requests/{cement_request.pk}/matches/").json()
    assert all(r["code"] != "deals" for m in api if m["organisation"] is None for r in m["reasons"])


@pytest.mark.parametrize(
    "visibility,allowed",
    [
        (Visibility.PUBLIC, {"visitor", "other", "observer", "buyer", "manager"}),
        (Visibility.MEMBERS, {"other", "observer", "buyer", "manager"}),
        (Visibility.OWNER, {"buyer", "manager"}),
    ],
)
def test_documents_follow_their_visibility(users, visibility, allowed):
    doc = member_services.document_upload(
        user=users["buyer"],
        organisation=users["buyer"].organisation,
        title="Charter",
        file=SimpleUploadedFile("charter.pdf", PDF),
        visibility=visibility,
    )
    for name in ("visitor", "other", "observer", "buyer", "manager"):
        client = Client() if name == "visitor" else login(Client(), users[name])
        r = client.get("/" + doc.file.url.lstrip("/"))
        _close(r)
        assert (r.status_code == 200) == (name in allowed), name


def _close(response) -> None:
    """Close a file response as the test client does (without closing the test's connection)."""
    from django.core.signals import request_finished
    from django.db import close_old_connections

    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)


# -- concurrency --------------------------------------------------------------------


def test_a_stale_profile_edit_is_refused_with_the_other_changes_shown(users):
    org = users["buyer"].organisation
    page = login(Client(), users["buyer"]).get(f"/en/members/{org.pk}/edit/")
    form = page.context["form"]
    data = {k: ("" if v is None else v) for k, v in form.initial.items() if k in form.fields}
    data["version"] = org.version
    member_services.organisation_update(
        user=users["manager"], organisation=org, data={"phone": "+7 812 000-00-01"}
    )
    r = login(Client(), users["buyer"]).post(
        f"/en/members/{org.pk}/edit/", {**data, "description": "ours"}
    )
    html = r.content.decode()
    assert "changed this record while you were editing" in html
    assert "+7 812 000-00-01" in html  # the other change is shown
    org.refresh_from_db()
    assert org.phone == "+7 812 000-00-01" and org.description != "ours"
    with pytest.raises(StaleEditError):
        member_services.organisation_update(
            user=users["buyer"], organisation=org, data={"phone": "1"}, version=org.version - 1
        )
    assert Organisation.objects.get(pk=org.pk).phone == "+7 812 000-00-01"


def test_versioned_forms_still_create_new_offers(users):
    c = login(Client(), users["supplier"])
    body = {"title": "Щебень", "okpd2": "08.12.12", "free_capacity": "1000", "unit": "t"}
    r = c.post("/en/exchange/offers/new/", {**body, "active": "on", "version": ""})
    assert r.status_code == 302
    offer = Offer.objects.get(title="Щебень")
    assert offer.version == 1


def test_server_error_and_database_outage_pages_speak_both_languages():
    from django.db import OperationalError
    from django.test import RequestFactory
    from django.views.defaults import server_error

    from regiocluster.portal.hardening import DatabaseUnavailableMiddleware

    request = RequestFactory().get("/en/members/")
    page = server_error(request).content.decode()
    assert "Что-то пошло не так" in page and "Something went wrong" in page
    middleware = DatabaseUnavailableMiddleware(lambda r: None)
    r = middleware.process_exception(request, OperationalError("connection refused"))
    assert r.status_code == 503 and r["Retry-After"] == "30"
    assert (
        "временно недоступен" in r.content.decode()
        and "temporarily unavailable" in r.content.decode()
    )
    # a write conflict is not an outage: it stays a 500 for the logs
    assert middleware.process_exception(request, OperationalError("database is locked")) is None
