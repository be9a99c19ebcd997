"""The development model page: who may see it, hostile input, and its numbers are simulate()'s."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

VARIANT = {"n_runs": 20, "seed": 5, "a_scenario": "base", "b_scenario": "base"}


def _client(users, name):
    c = Client()
    if name != "visitor":
        c.force_login(users[name])
    return c


@pytest.mark.parametrize("role", ["visitor", "buyer", "supplier"])
def test_visitors_and_members_are_refused(users, role):
    response = _client(users, role).get("/en/development/")
    assert response.status_code in (302, 403)
    assert b"top-levers" not in response.content


def test_observer_reads_but_starts_nothing(users):
    from regiocluster.portal.development import services

    before = set(services._RUNNING)
    page = _client(users, "observer").get("/en/development/", VARIANT)
    assert page.status_code == 200
    assert b'id="missing"' in page.content and b'id="running"' not in page.content
    assert set(services._RUNNING) == before


@pytest.mark.parametrize(
    "bad",
    [
        {"a_support_mrub": "-5"},
        {"b_test_site": "7"},
        {"a_import_substitution_pct": "nan"},
        {"b_matchmaking_meetings": "1e400"},
        {"n_runs": "100000000"},
        {"seed": "-1"},
        {"a_scenario": "doom"},
        {"a_infrastructure_mrub": "<script>"},
    ],
)
def test_hostile_input_is_a_form_error(users, bad):
    page = _client(users, "manager").get("/en/development/", {**VARIANT, **bad})
    assert page.status_code == 400
    assert b"errorlist" in page.content


@pytest.mark.slow
def test_the_page_shows_simulate_on_the_live_case(db, settings):
    """Seeded from the embedded case, the manager's page equals simulate() with the same seed."""
    from regiocluster import load_case
    from regiocluster.portal.accounts.models import User
    from regiocluster.portal.analytics import current_case
    from regiocluster.portal.casebridge import case_seed
    from regiocluster.portal.development import services
    from regiocluster.simulation import Levers, simulate

    case_seed(case=load_case("leningrad"), offers=False)
    manager = User.objects.create_user(username="m", password="pw-m-123456789", role="manager")
    client = Client()
    client.force_login(manager)
    query = {**VARIANT, "b_matchmaking_meetings": "200"}
    first = client.get("/ru/development/", query)
    assert first.status_code == 200 and b'id="running"' in first.content
    services.wait(timeout=600)
    page = client.get("/ru/development/", query).content.decode()
    assert 'id="running"' not in page and "top-levers" in page
    live = current_case()
    for name, levers in (("A", Levers()), ("B", Levers(matchmaking_meetings=200))):
        core = simulate(live, scenario="base", levers=levers, seed=5, n_runs=20)
        for indicator in ("members", "output", "functional_dependence", "import_share"):
            value = core.median(indicator, 2035)
            assert f'data-id="{name}-{indicator}-2035" data-value="{value:.9g}"' in page
        share = core.decree_779["share_of_runs"].iloc[-1]
        assert f'data-id="decree-{name}" data-value="{share:.6g}"' in page


def test_the_page_speaks_russian_and_english(users):
    c = _client(users, "observer")
    ru = c.get("/ru/development/").content.decode()
    assert "Модель развития: сценарии и рычаги" in ru and "Прогоны Монте-Карло" in ru
    assert "Development model: scenarios and levers" in c.get("/en/development/").content.decode()
