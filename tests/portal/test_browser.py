"""Browser scenarios in headless Chromium (Debian's ``chromium``, Playwright, no download)."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture
def site(transactional_db, live_server, case):
    """A live server on a database seeded from the fixture case, with demo users."""
    from django.core.cache import cache

    from regiocluster.portal.casebridge import case_seed
    from regiocluster.portal.content.services import content_seed
    from regiocluster.portal.members.models import Organisation

    from .conftest import _user

    cache.clear()
    case_seed(case=case)
    content_seed()
    org = {o.case_id: o for o in Organisation.objects.all()}
    _user("buyer", "member", org["F004"])
    _user("supplier", "member", org["F001"])
    _user("manager", "manager", org["F006"], is_staff=True)
    return live_server.url


def _page(browser):
    ctx = browser.new_context(locale="en-GB")
    page = ctx.new_page()
    page.set_default_timeout(15000)
    return page


def _sign_in(page, base, username):
    page.goto(f"{base}/en/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", f"pw-{username}-123456")
    page.click("#login-submit")
    page.wait_for_url(re.compile(r"/en/dashboard/"))


def test_visitor_browses_members_and_map(browser, site):
    page = _page(browser)
    page.goto(f"{site}/en/members/")
    rows = page.locator("#member-table tbody tr")
    assert rows.count() == 7
    page.fill("input[name=q]", "Cement")
    page.click("#member-filters button[type=submit]")
    page.wait_for_url(re.compile(r"q=Cement"))
    assert page.locator("#member-table tbody tr").count() == 1
    page.click("#member-table a")
    assert "illustrative" in page.locator("h1").inner_text()
    page.goto(f"{site}/en/map/")
    page.wait_for_selector("#map[data-loaded='7']")
    assert page.locator(".leaflet-container").count() == 1
    assert "7 organisations shown" in page.locator("#map-count").inner_text()
    page.select_option("#map-kind", "producer")
    page.wait_for_selector("#map[data-loaded='3']")
    page.context.close()


def test_request_match_interest_agreement_deal(browser, site):
    buyer = _page(browser)
    _sign_in(buyer, site, "buyer")
    buyer.click("#new-request")
    buyer.fill("#id_title", "Cement CEM I 42.5N for a housing block")
    buyer.select_option("#id_product", label="Cement")
    buyer.fill("#id_quantity", "500")
    buyer.fill("#id_delivery_place", "St. Petersburg, Primorsky district")
    buyer.fill("#id_delivery_date", (date.today() + timedelta(days=40)).isoformat())
    buyer.fill("#id_required_certificates", "GOST 31108-2020")
    buyer.fill("#id_budget", "4000000")
    buyer.click("#request-submit")
    buyer.wait_for_url(re.compile(r"/en/exchange/requests/\d+/$"))
    request_url = buyer.url
    matches = buyer.locator("#matches tbody").inner_text()
    assert "agrees on 5 of 6 levels" in matches and "valid on the delivery date" in matches

    supplier = _page(browser)
    _sign_in(supplier, site, "supplier")
    table = supplier.locator("#supplier-matches").inner_text()
    assert "Cement CEM I 42.5N" in table and "of the budget" in table
    supplier.click("#supplier-matches a")
    assert "anonymous until both sides agree" in supplier.locator("#buyer").inner_text()
    assert "Synthetic Builder No. 4" not in supplier.content()  # buyer hidden before agreement
    assert supplier.locator("#my-reasons li").count() >= 5
    supplier.fill("#id_message", "We can deliver by rail or road.")
    supplier.click("#express-interest")
    supplier.wait_for_selector("#my-interest-status")

    buyer.goto(request_url)
    assert "An anonymous supplier" in buyer.locator("#interests").inner_text()
    assert "цементный завод № 1" not in buyer.content()  # supplier hidden before agreement
    buyer.click("#interests button.accept")
    buyer.wait_for_selector("#interests form.deal")
    assert (
        "цементный завод № 1" in buyer.locator("#interests").inner_text()
    )  # revealed after both agreed
    supplier.goto(request_url)
    assert "Synthetic Builder No. 4" in supplier.locator("#buyer").inner_text()

    buyer.fill("#interests form.deal input[name=value]", "2.75")
    buyer.click("#interests .record-deal")  # proposes; the supplier confirms
    buyer.wait_for_selector("#interests .proposal")
    supplier.goto(request_url)
    supplier.click(".confirm-deal")
    supplier.wait_for_url(re.compile(r"/en/exchange/contracts/"))
    register = supplier.locator("#contracts").inner_text()
    assert "X000001" in register and "Deal on the exchange" in register
    buyer.context.close()
    supplier.context.close()


def test_manager_approves_an_application(browser, site):
    visitor = _page(browser)
    visitor.goto(f"{site}/en/join/")
    visitor.fill("#id_organisation_name", "New Aggregates LLC")
    visitor.fill("#id_inn", "7707083893")
    visitor.fill("#id_okved", "08.12")
    visitor.select_option("#id_kind", "raw_materials")
    visitor.select_option("#id_region", "LEN-VYB")
    visitor.fill("#id_founded", "2004")
    visitor.fill("#id_contact_name", "Ivan Petrov")
    visitor.fill("#id_email", "ivan@example.org")
    visitor.click("#apply-form button[type=submit]")
    visitor.wait_for_url(re.compile(r"/en/$"))
    visitor.context.close()

    manager = _page(browser)
    _sign_in(manager, site, "manager")
    manager.goto(f"{site}/en/applications/")
    manager.click("#applications a:has-text('New Aggregates LLC')")
    manager.select_option("#id_decision", "approve")
    manager.click("#review-submit")
    manager.wait_for_url(re.compile(r"/en/applications/$"))
    manager.goto(f"{site}/en/members/?q=New+Aggregates")
    assert manager.locator("#member-table tbody tr").count() == 1
    manager.context.close()


def test_russian_and_english_pages(browser, site):
    page = _page(browser)
    page.goto(f"{site}/ru/")
    assert page.locator("html").get_attribute("lang") == "ru"
    assert "Кластер строительных материалов" in page.locator("h1").inner_text()
    assert "Участники" in page.locator("header nav").inner_text()
    page.click("#lang-en")
    page.wait_for_url(re.compile(r"/en/$"))
    assert "Construction-materials cluster" in page.locator("h1").inner_text()
    page.goto(f"{site}/en/exchange/contracts/")
    page.click("#lang-ru")
    page.wait_for_url(re.compile(r"/ru/exchange/contracts/$"))
    assert "Реестр договоров" in page.locator("h1").inner_text()
    page.context.close()
