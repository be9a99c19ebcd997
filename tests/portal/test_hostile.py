"""Hostile posts and API calls: script in names, other members' ids, CSRF on the API."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from regiocluster.portal.exchange import services
from regiocluster.portal.exchange.models import Contract, Interest, InterestStatus, PurchaseRequest
from regiocluster.portal.members.models import Capacity, Organisation, Person

from .conftest import login

pytestmark = pytest.mark.django_db

SCRIPT = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def _raw_markup_absent(html: str) -> None:
    assert "<script>alert(" not in html
    assert "<img src=x onerror" not in html
    assert "&lt;script&gt;alert(" in html


def test_script_in_an_organisation_name_is_escaped_on_every_page(users):
    own = users["buyer"].organisation
    r = login(Client(), users["buyer"]).patch(
        f"/api/organisations/{own.pk}/",
        json.dumps({"name": f"Builder {SCRIPT}"}),
        content_type="application/json",
    )
    assert r.status_code == 200, r.content
    own.refresh_from_db()
    assert SCRIPT in own.name  # stored as typed, escaped when shown
    visitor = Client()
    for url in ("/en/members/?q=Builder", f"/en/members/{own.pk}/", f"/ru/members/{own.pk}/"):
        html = visitor.get(url).content.decode()
        _raw_markup_absent(html)
    # the map's data is JSON: the name is a string value, not markup in a page
    points = visitor.get("/en/map/members.geojson")
    assert points["Content-Type"].startswith("application/")
    names = [f["properties"]["name"] for f in points.json()["features"]]
    assert f"Builder {SCRIPT}" in names


def test_script_in_a_request_title_is_escaped(users, cement_request):
    c = login(Client(), users["buyer"])
    r = c.patch(
        f"/api/requests/{cement_request.pk}/",
        json.dumps({"title": f"Cement {SCRIPT}"}),
        content_type="application/json",
    )
    assert r.status_code == 200, r.content
    for client, url in [
        (Client(), "/en/exchange/requests/"),
        (c, f"/en/exchange/requests/{cement_request.pk}/"),
        (login(Client(), users["supplier"]), f"/en/exchange/requests/{cement_request.pk}/"),
    ]:
        _raw_markup_absent(client.get(url).content.decode())


def test_member_cannot_add_a_contact_to_another_organisation(users):
    other = Organisation.objects.get(case_id="F002")
    c = login(Client(), users["buyer"])
    r = c.post(f"/en/members/{other.pk}/person/", {"full_name": "Mallory", "position": "CEO"})
    assert r.status_code == 403
    assert not Person.objects.exists()


def test_only_the_buyer_answers_and_only_the_parties_make_the_deal(users, cement_request):
    interest = services.interest_express(user=users["supplier"], request=cement_request)
    for name in ("supplier", "other", "observer"):
        c = login(Client(), users[name])
        for decision in ("accept", "decline"):
            r = c.post(f"/en/exchange/interests/{interest.pk}/answer/", {"decision": decision})
            assert r.status_code == 403, (name, decision)
    interest.refresh_from_db()
    assert interest.status == InterestStatus.INTERESTED
    services.interest_accept(user=users["buyer"], interest=interest)
    n = Contract.objects.count()
    for name in ("other", "observer"):
        c = login(Client(), users[name])
        r = c.post(f"/en/exchange/interests/{interest.pk}/deal/", {"value": "9.5"})
        assert r.status_code == 403, name
    # one side's proposal alone does not enter the register, and it cannot confirm itself
    c = login(Client(), users["supplier"])
    assert (
        c.post(f"/en/exchange/interests/{interest.pk}/deal/", {"value": "9.5"}).status_code == 302
    )
    c.post(f"/en/exchange/interests/{interest.pk}/deal/confirm/")
    for name in ("other", "observer"):
        r = login(Client(), users[name]).post(f"/en/exchange/interests/{interest.pk}/deal/confirm/")
        assert r.status_code == 403, name
    assert Contract.objects.count() == n
    interest.refresh_from_db()
    cement_request.refresh_from_db()
    assert interest.status == InterestStatus.PROPOSED
    assert cement_request.status == "open"
    r = login(Client(), users["buyer"]).post(f"/en/exchange/interests/{interest.pk}/deal/confirm/")
    assert r.status_code == 302
    assert Contract.objects.count() == n + 1


def test_api_create_ignores_an_organisation_given_in_the_body(users):
    other = Organisation.objects.get(case_id="F002")
    c = login(Client(), users["buyer"])
    body = {
        "organisation": other.pk,
        "title": "Sand",
        "okpd2": "08.12.12",
        "quantity": 100,
        "unit": "t",
        "delivery_place": "Gatchina",
        "lon": 30.1,
        "lat": 59.6,
        "delivery_date": "2031-01-01",
    }
    before = PurchaseRequest.objects.filter(organisation=other).count()
    r = c.post("/api/requests/", json.dumps(body), content_type="application/json")
    assert r.status_code == 201, r.content
    created = PurchaseRequest.objects.get(pk=r.json()["id"])
    assert created.organisation_id == users["buyer"].organisation_id
    assert PurchaseRequest.objects.filter(organisation=other).count() == before
    offer = {"organisation": other.pk, "title": "Sand", "okpd2": "08.12.12", "unit": "t"}
    r = c.post(
        "/api/offers/", json.dumps({**offer, "free_capacity": 5}), content_type="application/json"
    )
    assert r.status_code == 201, r.content
    assert r.json()["organisation"] == users["buyer"].organisation_id


def test_capacities_cannot_be_written_through_the_api(users):
    cap = Capacity.objects.filter(organisation__case_id="F002").first()
    before = (cap.capacity, cap.output)
    c = login(Client(), users["buyer"])
    for method in (c.patch, c.put):
        r = method(
            f"/api/capacities/{cap.pk}/",
            json.dumps({"capacity": 1}),
            content_type="application/json",
        )
        assert r.status_code in (403, 405)
    r = c.delete(f"/api/capacities/{cap.pk}/")
    assert r.status_code in (403, 405)
    cap.refresh_from_db()
    assert (cap.capacity, cap.output) == before


def test_api_writes_with_a_session_need_the_csrf_token(users, cement_request):
    c = Client(enforce_csrf_checks=True)
    c.force_login(users["buyer"])
    url = f"/api/requests/{cement_request.pk}/"
    body = json.dumps({"quantity": 777})
    r = c.patch(url, body, content_type="application/json")
    assert r.status_code == 403
    cement_request.refresh_from_db()
    assert cement_request.quantity == 500
    c.get("/en/exchange/requests/new/")  # sets the CSRF cookie
    token = c.cookies["csrftoken"].value
    r = c.patch(url, body, content_type="application/json", HTTP_X_CSRFTOKEN=token)
    assert r.status_code == 200, r.content
    cement_request.refresh_from_db()
    assert cement_request.quantity == 777


def test_a_third_member_sees_neither_party_before_agreement(users, cement_request):
    interest = services.interest_express(user=users["supplier"], request=cement_request)
    assert Interest.objects.filter(pk=interest.pk).exists()
    html = (
        login(Client(), users["other"])
        .get(f"/en/exchange/requests/{cement_request.pk}/")
        .content.decode()
    )
    assert users["buyer"].organisation.name not in html
    assert users["supplier"].organisation.name not in html


@pytest.mark.parametrize(
    "url", ["javascript:alert(document.cookie)", "data:text/html,<script>alert(1)</script>"]
)
def test_a_script_url_is_refused_as_a_website(users, url):
    own = users["buyer"].organisation
    c = login(Client(), users["buyer"])
    r = c.patch(
        f"/api/organisations/{own.pk}/",
        json.dumps({"website": url}),
        content_type="application/json",
    )
    assert r.status_code == 400
    data = {
        "name": own.name,
        "okved": own.okved,
        "lon": own.lon,
        "lat": own.lat,
        "size_class": own.size_class,
        "website": url,
    }
    r = c.post(f"/en/members/{own.pk}/edit/", data)
    assert r.status_code in (200, 400)  # the form comes back with its error
    own.refresh_from_db()
    assert own.website == ""
    html = Client().get(f"/en/members/{own.pk}/").content.decode()
    assert 'href="javascript:' not in html and 'href="data:' not in html


def test_api_keeps_the_buyer_anonymous_until_both_agree(users, cement_request):
    buyer_org = users["buyer"].organisation_id
    supplier = login(Client(), users["supplier"])
    other = login(Client(), users["other"])

    def seen(client):
        one = client.get(f"/api/requests/{cement_request.pk}/").json()["organisation"]
        listed = client.get("/api/requests/").json()
        rows = listed["results"] if isinstance(listed, dict) else listed
        (row,) = [r for r in rows if r["id"] == cement_request.pk]
        assert row["organisation"] == one
        return one

    assert seen(supplier) is None and seen(other) is None
    interest = services.interest_express(user=users["supplier"], request=cement_request)
    assert seen(supplier) is None  # interest alone reveals nothing
    services.interest_accept(user=users["buyer"], interest=interest)
    assert seen(supplier) == buyer_org
    assert seen(other) is None  # only the agreeing supplier


def test_an_upload_past_the_default_limit_is_refused(users):
    from django.conf import settings
    from django.core.files.uploadedfile import SimpleUploadedFile

    from regiocluster.portal.members.models import Document

    assert settings.DOCUMENT_MAX_BYTES == 5 * 1024 * 1024  # the shipped default
    org = users["buyer"].organisation
    c = login(Client(), users["buyer"])
    head = b"%PDF-1.4\n"
    for size, status in (
        (settings.DOCUMENT_MAX_BYTES + 1, 400),
        (settings.DOCUMENT_MAX_BYTES, 302),
    ):
        body = head + b"0" * (size - len(head))
        r = c.post(
            f"/en/members/{org.pk}/document/",
            {"title": "Big", "file": SimpleUploadedFile("big.pdf", body)},
        )
        assert r.status_code == status, size
    assert Document.objects.count() == 1


def test_supplier_desk_and_request_list_hide_the_buyer_until_agreement(users, cement_request):
    buyer_name = users["buyer"].organisation.name
    supplier = login(Client(), users["supplier"])
    desk = supplier.get("/en/dashboard/").content.decode()
    assert cement_request.title in desk  # the match is listed ...
    assert buyer_name not in desk  # ... without its buyer
    listing = supplier.get("/en/exchange/requests/").content.decode()
    assert cement_request.title in listing and buyer_name not in listing
    interest = services.interest_express(user=users["supplier"], request=cement_request)
    services.interest_accept(user=users["buyer"], interest=interest)
    page = supplier.get(f"/en/exchange/requests/{cement_request.pk}/").content.decode()
    assert buyer_name in page
