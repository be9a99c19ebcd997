"""Management system services: rules, history, evidence, dependencies, bookings under load."""

from __future__ import annotations

import threading
from datetime import date, datetime, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from regiocluster.portal.members.models import Organisation, Product
from regiocluster.portal.programme import services, services_site
from regiocluster.portal.programme.models import (
    BookingSlot,
    Equipment,
    Kpi,
    Laboratory,
    Measure,
)

PDF = b"%PDF-1.4\n% evidence\n"


@pytest.fixture(autouse=True)
def _english():
    """Messages are matched in English (the portal's default language is Russian)."""
    from django.utils import translation

    with translation.override("en"):
        yield


def _measure(manager, **kw):
    org = {o.case_id: o for o in Organisation.objects.all()}
    data = {
        "code": "M-1",
        "title": "Рабочая группа",
        "kind": "organisational",
        "responsible": org["F001"],
        "start": date(2026, 1, 1),
        "due": date(2026, 6, 1),
        **kw,
    }
    return services.measure_save(user=manager, data=data, participants=[org["F002"]])


@pytest.mark.django_db
def test_measure_rules_and_history(users):
    m = _measure(users["manager"])
    for name in ("buyer", "observer"):
        with pytest.raises(PermissionDenied):
            services.measure_report(user=users[name], measure=m, status="in_progress", progress=10)
    with pytest.raises(PermissionDenied):
        _measure(users["supplier"], code="M-2")
    # the responsible organisation (F001) and a participant (F002) report
    services.measure_report(user=users["supplier"], measure=m, status="in_progress", progress=20)
    services.measure_report(user=users["other"], measure=m, status="in_progress", progress=40)
    m.refresh_from_db()
    assert (m.status, m.progress) == ("in_progress", 40)
    assert [h.progress for h in m.history.all()] == [40, 20, 0]
    with pytest.raises(ValidationError, match="100"):
        services.measure_report(user=users["supplier"], measure=m, status="done", progress=50)


@pytest.mark.django_db
def test_dependency_cycle_is_refused_and_names_the_cycle(users):
    a = _measure(users["manager"], code="A")
    b = _measure(users["manager"], code="B")
    services.measure_save(user=users["manager"], data={}, measure=b, depends_on=[a])
    with pytest.raises(ValidationError, match="cycle: .*A.*B|cycle: .*B.*A"):
        services.measure_save(user=users["manager"], data={}, measure=a, depends_on=[b])
    assert list(a.depends_on.all()) == []
    with pytest.raises(ValidationError):
        _measure(users["manager"], code="C", due=date(2025, 1, 1))


@pytest.mark.django_db
def test_manual_kpi_needs_evidence(users):
    kpi = services.kpi_save(
        user=users["manager"],
        data={
            "code": "K-1",
            "name": "Обучено",
            "unit": "чел.",
            "baseline": 0,
            "baseline_year": 2025,
        },
    )
    services.kpi_target_set(user=users["manager"], kpi=kpi, year=2026, target=100)
    m = _measure(users["manager"])
    m.kpis.add(kpi)
    with pytest.raises(PermissionDenied):
        services.kpi_actual_report(user=users["buyer"], kpi=kpi, year=2026, actual=5)
    with pytest.raises(ValidationError, match="evidence"):
        services.kpi_actual_report(user=users["supplier"], kpi=kpi, year=2026, actual=5)
    with pytest.raises(ValidationError):
        services.kpi_actual_report(
            user=users["supplier"], kpi=kpi, year=2026, actual=5,
            evidence=SimpleUploadedFile("e.pdf", b"<script>alert(1)</script>"),
        )  # fmt: skip
    p = services.kpi_actual_report(
        user=users["supplier"], kpi=kpi, year=2026, actual=45,
        evidence=SimpleUploadedFile("e.pdf", PDF),
    )  # fmt: skip
    assert p.actual == 45 and p.evidence
    computed = Kpi.objects.create(
        code="K-2", name="x", baseline=0, baseline_year=2025, computed="members"
    )
    with pytest.raises(ValidationError, match="computed"):
        services.kpi_actual_report(user=users["manager"], kpi=computed, year=2026, actual=1)


def _equipment():
    lab = Laboratory.objects.create(
        name="Лаборатория", host=Organisation.objects.get(case_id="F006")
    )
    return Equipment.objects.create(laboratory=lab, name="Пресс", standards="GOST 310.4-81")


def _slot(days=3, hour=10):
    day = timezone.localdate() + timedelta(days=days)
    return datetime(day.year, day.month, day.day, hour, 0)


@pytest.mark.django_db
def test_booking_refuses_an_overlap_and_the_constraint_holds(users):
    eq = _equipment()
    start = _slot()
    b = services_site.booking_create(
        user=users["buyer"], equipment=eq, start=start, end=start + timedelta(hours=2)
    )
    assert b.slots.count() == 4
    with pytest.raises(ValidationError, match="already booked"):
        services_site.booking_create(
            user=users["supplier"], equipment=eq, start=start + timedelta(hours=1),
            end=start + timedelta(hours=3),
        )  # fmt: skip
    # the database itself refuses a second row for the same slot
    with pytest.raises(IntegrityError), transaction.atomic():
        BookingSlot.objects.create(booking=b, equipment=eq, slot=b.slots.first().slot)
    with pytest.raises(PermissionDenied):
        services_site.booking_create(
            user=users["observer"], equipment=eq, start=start, end=start + timedelta(hours=1)
        )
    with pytest.raises(ValidationError, match="boundary"):
        services_site.booking_create(
            user=users["buyer"], equipment=eq, start=start + timedelta(minutes=7),
            end=start + timedelta(hours=1),
        )  # fmt: skip
    with pytest.raises(PermissionDenied):
        services_site.booking_cancel(user=users["supplier"], booking=b)
    services_site.booking_cancel(user=users["buyer"], booking=b)
    assert BookingSlot.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_concurrent_bookings_never_double_book(users):
    """Two members book the same slot at the same moment, several rounds: one wins each."""
    eq = _equipment()
    results: list[str] = []
    for round_ in range(5):
        start = _slot(days=2 + round_)
        barrier = threading.Barrier(2)

        def book(user, start=start, barrier=barrier):
            try:
                barrier.wait()
                services_site.booking_create(
                    user=user, equipment=eq, start=start, end=start + timedelta(hours=1)
                )
                results.append("ok")
            except ValidationError:
                results.append("refused")
            finally:
                connection.close()

        threads = [threading.Thread(target=book, args=(users[n],)) for n in ("buyer", "supplier")]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert sorted(results) == ["ok"] * 5 + ["refused"] * 5
    assert BookingSlot.objects.count() == 5 * 2
    assert eq.bookings.count() == 5


@pytest.mark.django_db
def test_passed_test_feeds_the_members_certificates(users):
    eq = _equipment()
    org = Organisation.objects.get(case_id="F001")
    cement = Product.objects.get(product_id="cement")
    before = org.certificates.count()
    p = services_site.protocol_record(
        user=users["manager"], equipment=eq, organisation=org, product=cement,
        standard="GOST 31108-2020", number="П-1/2026", tested=date(2026, 3, 1),
        result="passed", certificate_expires=date(2029, 3, 1),
    )  # fmt: skip
    assert org.certificates.count() == before + 1
    assert p.certificate.code == "GOST 31108-2020" and p.certificate.product == cement
    with pytest.raises(ValidationError, match="passed"):
        services_site.protocol_record(
            user=users["manager"], equipment=eq, organisation=org, product=cement,
            standard="GOST 31108-2020", number="П-2", tested=date(2026, 3, 1),
            result="failed", certificate_expires=date(2029, 3, 1),
        )  # fmt: skip
    with pytest.raises(PermissionDenied):
        services_site.protocol_record(
            user=users["supplier"], equipment=eq, organisation=org, product=cement,
            standard="GOST", number="x", tested=date(2026, 3, 1), result="passed",
        )  # fmt: skip


@pytest.mark.django_db
def test_bom_lines_come_from_members_catalogue(users):
    v1 = services_site.bom_version_create(user=users["manager"], title="Эскиз")
    f001 = Organisation.objects.get(case_id="F001")
    cement = Product.objects.get(product_id="cement")
    line = services_site.bom_line_add(
        user=users["manager"], version=v1, product=cement, supplier=f001,
        quantity=20, unit_price=6000,
    )  # fmt: skip
    assert line.unit == cement.unit and line.item == cement.name
    other = Organisation.objects.exclude(capacities__product=cement).filter(is_member=True).first()
    with pytest.raises(ValidationError, match="does not make"):
        services_site.bom_line_add(
            user=users["manager"], version=v1, product=cement, supplier=other,
            quantity=1, unit_price=1,
        )  # fmt: skip
    services_site.bom_line_add(
        user=users["manager"], version=v1, item="Окна", unit="шт", quantity=10,
        unit_price=30000, imported=True,
    )  # fmt: skip
    v2 = services_site.bom_version_create(user=users["manager"], title="Проект", copy_from=v1)
    assert v2.number == 2 and v2.lines.count() == 2
    with pytest.raises(PermissionDenied):
        services_site.bom_version_create(user=users["supplier"], title="x")
    assert Measure.objects.count() == 0
