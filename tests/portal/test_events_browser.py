"""Events in headless Chromium: register, request and accept a meeting, schedule, same table."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from .conftest import make_cement_request
from .test_browser import _page, _sign_in, site  # noqa: F401 (fixture)
from .test_events import make_event

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture
def conference_site(site):  # noqa: F811
    """The live site with a suppliers' conference and the buyer's open cement request."""
    from regiocluster.portal.accounts.models import User

    make_cement_request(User.objects.get(username="buyer"))
    return site, make_event(capacity=50)


def _register(page, base, lang, slug):
    page.goto(f"{base}/{lang}/events/{slug}/")
    page.click("#register")
    page.wait_for_selector("#registration-status[data-status=confirmed]")


def _scheduled(page):
    row = page.locator("#my-schedule tr.scheduled")
    assert row.count() == 1
    return row.get_attribute("data-slot"), row.get_attribute("data-table"), row


def test_register_request_accept_schedule_same_table_in_both_languages(
    browser,
    conference_site,
):
    base, event = conference_site
    buyer = _page(browser)
    _sign_in(buyer, base, "buyer")
    buyer.goto(f"{base}/en/events/")
    buyer.click('#event-list a:has-text("Suppliers\' conference")')
    assert "Import substitution in building materials" in buyer.locator("#programme").inner_text()
    assert "Hall A" in buyer.locator("#programme").inner_text()
    buyer.click("#register")
    buyer.wait_for_selector("#registration-status[data-status=confirmed]")
    assert "You are registered (place 1)" in buyer.locator("#registration-status").inner_text()
    assert "1 of 50 taken" in buyer.locator("#places").inner_text()

    supplier = _page(browser)
    _sign_in(supplier, base, "supplier")
    _register(supplier, base, "ru", event.slug)
    assert "Вы зарегистрированы (место 2)" in supplier.locator("#registration-status").inner_text()

    # the buyer publishes its need and asks the suggested cement plant for a meeting
    buyer.click("#b2b-link")
    buyer.select_option("#id_request", label="Цемент ЦЕМ I 42,5Н")
    buyer.click("#publish-need")
    buyer.wait_for_selector("section.need table.suggestions")
    suggestions = buyer.locator("section.need table.suggestions tbody").inner_text()
    assert "agrees on 5 of 6 levels" in suggestions and "valid on the delivery date" in suggestions
    from regiocluster.portal.accounts.models import User

    supplier_org = User.objects.get(username="supplier").organisation
    buyer.click(f"form:has(input[name=supplier][value='{supplier_org.pk}']) button.request-meeting")
    buyer.wait_for_selector("section.need .meeting-status")
    assert "Requested" in buyer.locator("section.need").inner_text()

    # the supplier, in Russian, sees the request and accepts it
    supplier.goto(f"{base}/ru/events/{event.slug}/b2b/")
    assert "Synthetic Builder No. 4" in supplier.locator("#incoming").inner_text()
    supplier.click("#incoming button.accept-meeting")
    supplier.wait_for_selector("text=Встреча принята.")

    # the organiser sets slots and tables and schedules
    manager = _page(browser)
    _sign_in(manager, base, "manager")
    manager.goto(f"{base}/en/events/{event.slug}/organise/")
    manager.fill("#id_b2b_start", (event.starts + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"))
    manager.fill("#id_slot_minutes", "20")
    manager.fill("#id_slots", "6")
    manager.fill("#id_break_every", "3")
    manager.fill("#id_break_minutes", "15")
    manager.fill("#id_tables", "4")
    manager.click("#b2b-save")
    manager.wait_for_selector("#slot-times")
    manager.click("#run-schedule")
    manager.wait_for_selector("#schedule-summary")
    assert "status optimal" in manager.locator("#schedule-summary").inner_text()
    assert "Synthetic Builder No. 4" in manager.locator("#all-meetings").inner_text()

    # both see the same slot and table, the buyer in English, the supplier in Russian
    buyer.goto(f"{base}/en/events/{event.slug}/b2b/")
    slot_b, table_b, row_b = _scheduled(buyer)
    supplier.goto(f"{base}/ru/events/{event.slug}/b2b/")
    slot_s, table_s, row_s = _scheduled(supplier)
    assert (slot_b, table_b) == (slot_s, table_s)
    assert "My schedule" in buyer.locator("h2").first.inner_text()
    assert "Моё расписание" in supplier.locator("h2").first.inner_text()
    assert supplier_org.display_name in row_b.inner_text()
    assert "Synthetic Builder No. 4" in row_s.inner_text()
    times_b = re.search(r"\d\d:\d\d–\d\d:\d\d", row_b.inner_text()).group(0)
    assert times_b in row_s.inner_text()
    # and the switch to the other language keeps the same table
    supplier.click("#lang-en")
    supplier.wait_for_url(re.compile(r"/en/events/"))
    assert _scheduled(supplier)[:2] == (slot_b, table_b)
    for page in (buyer, supplier, manager):
        page.context.close()
