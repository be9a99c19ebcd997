"""Events in headless Chromium: register, request and accept a meeting, schedule, same table."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from .test_browser import _page, _sign_in, browser, site  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture
def conference_site(site):  # noqa: F811
    """The live site with a suppliers' conference and the buyer's open cement request."""
    from django.utils import timezone

    from regiocluster.portal.accounts.models import User
    from regiocluster.portal.events.models import Event, Room, Session
    from regiocluster.portal.exchange import services
    from regiocluster.portal.members.models import Product

    starts = (timezone.now() + timedelta(days=20)).replace(hour=10, minute=0, second=0)
    event = Event.objects.create(
        slug="suppliers-2026",
        kind="conference",
        title_ru="Конференция поставщиков",
        title_en="Suppliers' conference",
        venue_ru="Конгресс-центр",
        venue_en="Congress centre",
        starts=starts,
        ends=starts + timedelta(hours=8),
        capacity=50,
    )
    room = Room.objects.create(event=event, name_ru="Зал А", name_en="Hall A")
    Session.objects.create(
        event=event,
        title_ru="Пленарная сессия",
        title_en="Plenary session",
        room=room,
        starts=starts,
        ends=starts + timedelta(hours=1),
    )
    cement = Product.objects.get(product_id="cement")
    services.request_create(
        user=User.objects.get(username="buyer"),
        title="Cement CEM I 42.5N for a housing block",
        okpd2=cement.okpd2,
        product=cement,
        quantity=500.0,
        unit="t",
        delivery_place="St. Petersburg",
        lon=30.25,
        lat=59.90,
        delivery_date=date.today() + timedelta(days=40),
        required_certificates="GOST 31108-2020",
        budget=4_000_000.0,
    )
    return site, event


def _register(page, base, lang, slug):
    page.goto(f"{base}/{lang}/events/{slug}/")
    page.click("#register")
    page.wait_for_selector("#registration-status[data-status=confirmed]")


def _scheduled(page):
    row = page.locator("#my-schedule tr.scheduled")
    assert row.count() == 1
    return row.get_attribute("data-slot"), row.get_attribute("data-table"), row


def test_register_request_accept_schedule_same_table_in_both_languages(
    browser,  # noqa: F811
    conference_site,
):
    base, event = conference_site
    buyer = _page(browser)
    _sign_in(buyer, base, "buyer")
    buyer.goto(f"{base}/en/events/")
    buyer.click('#event-list a:has-text("Suppliers\' conference")')
    assert "Plenary session" in buyer.locator("#programme").inner_text()
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
    buyer.select_option("#id_request", label="Cement CEM I 42.5N for a housing block")
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
