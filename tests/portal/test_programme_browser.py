"""Browser scenarios of the management system in headless Chromium, in Russian and English."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PDF = b"%PDF-1.4\n% evidence of training\n%%EOF\n"
HEADINGS = {"en": "Plan of priority measures", "ru": "План первоочередных мероприятий"}


@pytest.fixture
def site(transactional_db, live_server, case):
    """A live server seeded from the fixture case, with the programme and demo users."""
    from django.core.cache import cache

    from regiocluster.portal.casebridge import case_seed
    from regiocluster.portal.members.models import Organisation
    from regiocluster.portal.programme.seed import programme_seed

    from .conftest import _user

    cache.clear()
    case_seed(case=case)
    programme_seed(case=case, start=date.today().replace(day=1))
    org = {o.case_id: o for o in Organisation.objects.all()}
    _user("buyer", "member", org["F004"])
    _user("supplier", "member", org["F001"])
    _user("manager", "manager", org["F006"], is_staff=True)
    return live_server.url


def _page(browser, lang):
    page = browser.new_context(locale="ru-RU" if lang == "ru" else "en-GB").new_page()
    page.set_default_timeout(20000)
    return page


def _sign_in(page, base, lang, username):
    page.goto(f"{base}/{lang}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", f"pw-{username}-123456")
    page.click("#login-submit")
    page.wait_for_url(re.compile(rf"/{lang}/dashboard/"))


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_manager_creates_a_measure_with_a_kpi_member_reports_dashboard_shows(browser, site, lang):
    from regiocluster.portal.members.models import Organisation

    f001 = Organisation.objects.get(case_id="F001")
    year = date.today().year
    manager = _page(browser, lang)
    _sign_in(manager, site, lang, "manager")
    manager.goto(f"{site}/{lang}/programme/")
    assert HEADINGS[lang] in manager.locator("h1").inner_text()
    manager.goto(f"{site}/{lang}/programme/kpis/new/")
    manager.fill("#id_code", "TRAINED")
    manager.fill("#id_name", "Обучено специалистов")
    manager.fill("#id_name_en", "Specialists trained")
    manager.fill("#id_unit", "people")
    manager.fill("#id_baseline", "0")
    manager.fill("#id_baseline_year", str(year - 1))
    manager.check("#id_published")
    manager.click("#save")
    manager.wait_for_url(re.compile(rf"/{lang}/programme/kpis/\d+/$"))
    manager.fill("#target-form #id_year", str(year))
    manager.fill("#target-form #id_target", "100")
    manager.click("#target-submit")
    manager.wait_for_selector(f"#kpi-table tr[data-year='{year}']")

    manager.goto(f"{site}/{lang}/programme/measures/new/")
    manager.fill("#id_code", "T-1")
    manager.fill("#id_title", "Программа подготовки операторов")
    manager.fill("#id_title_en", "Operator training programme")
    manager.select_option("#id_kind", "training")
    manager.select_option("#id_responsible", str(f001.pk))
    manager.fill("#id_start", f"{year}-01-15")
    manager.fill("#id_due", f"{year + 1}-06-30")
    manager.check("#id_published")
    manager.select_option("#id_kpis", label="TRAINED · " + (
        "Обучено специалистов" if lang == "ru" else "Specialists trained"))  # fmt: skip
    manager.click("#save")
    manager.wait_for_url(re.compile(rf"/{lang}/programme/measures/\d+/$"))
    measure_url = manager.url

    member = _page(browser, lang)
    _sign_in(member, site, lang, "supplier")
    member.goto(measure_url)
    member.select_option("#report-form #id_status", "in_progress")
    member.fill("#report-form #id_progress", "40")
    member.fill("#report-form #id_note", "Первая группа обучена")
    member.click("#report-submit")
    member.wait_for_url(measure_url)
    assert "40 %" in member.locator("#measure-status").inner_text()
    assert "Первая группа обучена" in member.locator("#history").inner_text()
    member.click("#budget-lines ~ h2 ~ table a, a:has-text('TRAINED')")
    member.wait_for_selector("#actual-form")
    member.fill("#actual-form #id_year", str(year))
    member.fill("#actual-form #id_actual", "45")
    member.set_input_files(
        "#actual-form #id_evidence",
        files=[{"name": "evidence.pdf", "mimeType": "application/pdf", "buffer": PDF}],
    )
    member.click("#actual-submit")
    member.wait_for_selector(f"#kpi-table tr[data-year='{year}'] td.actual:has-text('45')")

    manager.goto(f"{site}/{lang}/programme/kpis/")
    row = manager.locator(f"#kpi-table tr[data-kpi='TRAINED'][data-year='{year}']")
    assert row.locator("td.actual").inner_text() == "45"
    assert row.locator(".light").count() == 1
    assert manager.locator("#kpi-chart rect").count() >= 2
    manager.goto(f"{site}/{lang}/programme/?q=T-1")
    assert "T-1" in manager.locator("#measure-table").inner_text()
    assert manager.locator("#gantt rect").count() == 1
    member.context.close()
    manager.context.close()


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_two_members_book_the_same_slot_at_once_one_is_refused(browser, site, lang):
    from regiocluster.portal.programme.models import Booking, Equipment

    eq = Equipment.objects.order_by("pk").first()
    day = date.today() + timedelta(days=3)
    pages = []
    for name in ("buyer", "supplier"):
        page = _page(browser, lang)
        _sign_in(page, site, lang, name)
        page.goto(f"{site}/{lang}/programme/test-site/book/?equipment={eq.pk}")
        page.fill("#id_start", f"{day}T10:00")
        page.fill("#id_end", f"{day}T11:30")
        pages.append(page)
    for page in pages:  # both submissions leave before either answer arrives
        page.evaluate("document.getElementById('save').click()")
    # Wait on the answer pages' own elements: a locator wait needs no string evaluated in the
    # page, which the portal's Content-Security-Policy (script-src 'self') rightly forbids.
    for page in pages:
        page.locator("#bookings, .errorlist").first.wait_for()
        page.wait_for_load_state("load")
    booked = [p for p in pages if p.url.endswith("/test-site/")]
    refused = [p for p in pages if p.locator(".errorlist").count()]
    assert len(booked) == 1 and len(refused) == 1
    assert Booking.objects.count() == 1 and Booking.objects.get().slots.count() == 3
    message = {"en": "already booked", "ru": "уже забронировано"}[lang]
    assert message in refused[0].locator(".errorlist").inner_text()
    assert f"{day:%Y-%m-%d} 10:00" in booked[0].locator("#bookings").inner_text()
    for page in pages:
        page.context.close()


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_smart_house_bom_is_built_from_the_catalogue(browser, site, lang):
    from regiocluster.portal.members.models import Capacity

    cap = (
        Capacity.objects.filter(organisation__is_member=True, product__product_id="sand")
        .select_related("product", "organisation")
        .first()
    )
    manager = _page(browser, lang)
    _sign_in(manager, site, lang, "manager")
    manager.goto(f"{site}/{lang}/programme/smart-house/")
    lines_v1 = manager.locator("#bom-lines tbody tr").count()
    cost_v1 = manager.locator("#bom-summary [data-id='cost'] .big").inner_text()
    manager.fill("#bom-version-form #id_title", "Fundament on sand cushion")
    manager.select_option("#bom-version-form #id_copy_from", label="v1 · " + (
        "Эскизный проект (иллюстративный)"))  # fmt: skip
    manager.click("#bom-version-submit")
    manager.wait_for_url(re.compile(r"\?v=2$"))
    assert manager.locator("#bom-lines tbody tr").count() == lines_v1
    manager.select_option("#bom-line-form #id_product", str(cap.product.pk))
    manager.select_option("#bom-line-form #id_supplier", str(cap.organisation.pk))
    manager.fill("#bom-line-form #id_quantity", "120")
    manager.fill("#bom-line-form #id_unit_price", "450")
    manager.click("#bom-line-submit")
    manager.wait_for_url(re.compile(r"\?v=2$"))
    assert manager.locator("#bom-lines tbody tr").count() == lines_v1 + 1
    assert cap.organisation.name in manager.locator("#bom-lines").inner_text()
    assert manager.locator("#bom-summary [data-id='cost'] .big").inner_text() != cost_v1
    manager.select_option("select[name=compare]", "1")
    manager.click("form.filters button[type=submit]")
    manager.wait_for_selector("#bom-changes")
    added = {"en": "added", "ru": "добавлено"}[lang]
    assert added in manager.locator("#bom-changes").inner_text()
    manager.context.close()
