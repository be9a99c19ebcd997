"""The JSON API: OpenAPI schema, validation, and schemathesis with no server error."""

from __future__ import annotations

import base64
import json

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_schema_lists_the_resources(seeded):
    r = Client().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert r.status_code == 200
    schema = json.loads(r.content)
    paths = set(schema["paths"])
    for p in (
        "/api/organisations/",
        "/api/products/",
        "/api/requests/",
        "/api/offers/",
        "/api/requests/{id}/matches/",
    ):
        assert p in paths


@pytest.mark.parametrize(
    "body,field",
    [
        ({"okpd2": "not-a-code"}, "okpd2"),
        ({"quantity": -5}, "quantity"),
        ({"lat": 123}, "lat"),
        ({"delivery_date": "yesterday"}, "delivery_date"),
        ({"delivery_date": "2001-01-01"}, "delivery_date"),
    ],
)
def test_bad_request_bodies_are_400(users, body, field):
    base = {
        "title": "Sand",
        "okpd2": "08.12.11",
        "quantity": 100,
        "unit": "t",
        "delivery_place": "Gatchina",
        "lon": 30.1,
        "lat": 59.6,
        "delivery_date": "2030-05-01",
    }
    c = Client()
    c.force_login(users["buyer"])
    r = c.post("/api/requests/", json.dumps({**base, **body}), content_type="application/json")
    assert r.status_code == 400
    assert field in r.json()


def test_member_posts_request_through_api(users):
    c = Client()
    c.force_login(users["buyer"])
    body = {
        "title": "Sand",
        "okpd2": "08.12.11",
        "quantity": 100,
        "unit": "t",
        "delivery_place": "Gatchina",
        "lon": 30.1,
        "lat": 59.6,
        "delivery_date": "2030-05-01",
    }
    r = c.post("/api/requests/", json.dumps(body), content_type="application/json")
    assert r.status_code == 201, r.content
    assert r.json()["organisation"] == users["buyer"].organisation_id


@pytest.mark.slow
def test_schemathesis_finds_no_server_error(users, cement_request):
    schemathesis = pytest.importorskip("schemathesis")
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections
    from hypothesis import HealthCheck, given, settings

    from regiocluster.portal.wsgi import application

    # as Django's test client does: keep the test transaction's connection open across requests
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        _run_schemathesis(schemathesis, application, given, settings, HealthCheck)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _run_schemathesis(schemathesis, application, given, settings, HealthCheck):
    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)
    auth = "Basic " + base64.b64encode(b"buyer:pw-buyer-123456").decode()
    failures, seen = [], set()
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 10
    for op in operations:

        @settings(
            max_examples=20,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            database=None,
            derandomize=True,
        )
        @given(case=op.as_strategy())
        def run(case):
            for headers in ({}, {"Authorization": auth}):
                response = case.call(headers=headers)
                seen.add((case.method, response.status_code // 100))
                if response.status_code >= 500:
                    failures.append(
                        (
                            case.method,
                            case.formatted_path,
                            response.status_code,
                            case.body,
                            case.query,
                        )
                    )

        run()
    assert not failures, failures[:5]
    assert {("GET", 2), ("POST", 4), ("PATCH", 4)} <= seen, seen


def test_nul_characters_never_reach_the_database(users):
    c = Client()
    assert c.get("/en/members/?q=a%00b").status_code == 400
    assert c.get("/api/organisations/?q=a%00b").status_code == 400
    auth = "Basic " + base64.b64encode(b"bu\x00yer:x").decode()
    assert c.get("/api/organisations/", HTTP_AUTHORIZATION=auth).status_code in (401, 403)
    assert c.get("/api/organisations/?offset=99999999999999999999999").status_code == 200
