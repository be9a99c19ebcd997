"""Events: registration with capacity and a waiting list, B2B meetings, schedule, outcomes."""

from __future__ import annotations

import html
import os
import shutil
import subprocess
import threading
from datetime import timedelta
from pathlib import Path

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connections
from django.urls import reverse
from django.utils import timezone, translation
from icalendar import Calendar

from .conftest import _user, login


def make_event(*, capacity=10, kind="conference", days=20, slug="suppliers-2026", **b2b):
    from regiocluster.portal.events.models import Event, Room, Session, Speaker

    starts = (timezone.now() + timedelta(days=days)).replace(
        hour=10, minute=0, second=0, microsecond=0
    )
    event = Event.objects.create(
        slug=slug,
        kind=kind,
        title_ru="Конференция поставщиков",
        title_en="Suppliers' conference",
        venue_ru="Конгресс-центр",
        venue_en="Congress centre",
        starts=starts,
        ends=starts + timedelta(hours=8),
        capacity=capacity,
        **b2b,
    )
    room = Room.objects.create(event=event, name_ru="Зал А", name_en="Hall A", seats=120)
    speaker = Speaker.objects.create(
        event=event, name_ru="Иван Петров", name_en="Ivan Petrov", affiliation_en="Cluster"
    )
    session = Session.objects.create(
        event=event,
        title_ru="Импортозамещение в стройматериалах",
        title_en="Import substitution in building materials",
        room=room,
        starts=starts,
        ends=starts + timedelta(hours=1),
    )
    session.speakers.add(speaker)
    return event


def b2b_setup(event, *, slots=4, tables=2):
    event.b2b_start = event.starts + timedelta(hours=2)
    event.slot_minutes, event.slots, event.tables = 20, slots, tables
    event.break_every, event.break_minutes = 2, 10
    event.save()
    return event


@pytest.fixture
def conference(users):
    return make_event()


def test_capacity_waiting_list_cancellation_and_mail(users, django_capture_on_commit_callbacks):
    from regiocluster.portal.events import services
    from regiocluster.portal.events.models import RegistrationStatus as S

    event = make_event(capacity=2)
    with django_capture_on_commit_callbacks(execute=True):
        first = services.registration_create(user=users["buyer"], event=event)
        second = services.registration_create(user=users["supplier"], event=event)
        third = services.registration_create(user=users["other"], event=event)
    assert (first.status, first.seat) == (S.CONFIRMED, 1)
    assert (second.status, second.seat) == (S.CONFIRMED, 2)
    assert (third.status, third.seat) == (S.WAITING, None)
    assert [m.to for m in mail.outbox] == [
        ["buyer@example.org"],
        ["supplier@example.org"],
        ["other@example.org"],
    ]
    assert "Waiting list" in mail.outbox[2].subject or "Лист ожидания" in mail.outbox[2].subject
    # registering twice changes nothing
    assert services.registration_create(user=users["buyer"], event=event).pk == first.pk
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_cancel(user=users["buyer"], registration=first)
    third.refresh_from_db()
    first.refresh_from_db()
    assert (first.status, first.seat) == (S.CANCELLED, None)
    assert (third.status, third.seat) == (S.CONFIRMED, 1)  # the freed place
    assert sorted(m.to[0] for m in mail.outbox) == ["buyer@example.org", "other@example.org"]
    with pytest.raises(PermissionDenied):
        services.registration_cancel(user=users["supplier"], registration=third)


def test_confirmation_mail_in_english_and_russian(
    users, client, django_capture_on_commit_callbacks
):
    event = make_event(capacity=5)
    login(client, users["buyer"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/en/events/{event.slug}/register/")
    client2 = client.__class__()
    login(client2, users["supplier"])
    with django_capture_on_commit_callbacks(execute=True):
        client2.post(f"/ru/events/{event.slug}/register/")
    assert mail.outbox[0].subject == "Registration confirmed: Suppliers' conference"
    assert (
        'your registration for "Suppliers\' conference" is confirmed (place 1)'
        in mail.outbox[0].body
    )
    assert mail.outbox[1].subject == "Регистрация подтверждена: Конференция поставщиков"


@pytest.mark.django_db(transaction=True)
def test_concurrent_registrations_never_exceed_capacity(case):
    from regiocluster.portal.casebridge import case_seed
    from regiocluster.portal.events import services
    from regiocluster.portal.events.models import Registration, RegistrationStatus

    case_seed(case=case)
    event = make_event(capacity=3)
    people = [_user(f"guest{i}", "member") for i in range(10)]
    barrier = threading.Barrier(len(people))
    errors = []

    def register(user):
        try:
            barrier.wait()
            services.registration_create(user=user, event=event)
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=register, args=(u,)) for u in people]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    confirmed = Registration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED)
    assert confirmed.count() == 3
    assert sorted(confirmed.values_list("seat", flat=True)) == [1, 2, 3]
    assert Registration.objects.filter(event=event, status=RegistrationStatus.WAITING).count() == 7


def test_the_database_refuses_a_place_given_twice(users):
    from django.db import IntegrityError, transaction

    from regiocluster.portal.events.models import Registration

    event = make_event(capacity=2)
    Registration.objects.create(event=event, user=users["buyer"], status="confirmed", seat=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.create(event=event, user=users["other"], status="confirmed", seat=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.create(event=event, user=users["other"], status="confirmed", seat=None)


def registered(event, *users):
    from regiocluster.portal.events import services

    for user in users:
        services.registration_create(user=user, event=event)


def accepted_meeting(event, users, cement_request):
    from regiocluster.portal.events import services
    from regiocluster.portal.members.models import Organisation

    need = services.need_publish(user=users["buyer"], event=event, request=cement_request)
    supplier = Organisation.objects.get(pk=users["supplier"].organisation_id)
    meeting = services.meeting_request(user=users["buyer"], need=need, supplier=supplier)
    return services.meeting_answer(user=users["supplier"], meeting=meeting, accept=True)


def test_b2b_suggestions_request_accept_schedule_same_slot_for_both(
    users, conference, cement_request
):
    from regiocluster.portal.events import selectors, services
    from regiocluster.portal.exchange.selectors import request_matches

    registered(conference, users["buyer"], users["supplier"], users["other"])
    need = services.need_publish(user=users["buyer"], event=conference, request=cement_request)
    suggested = selectors.suggestions(need=need)
    expected = request_matches(request=cement_request)
    assert [org.pk for _m, org, _x in suggested] == [m.supply.organisation_id for m in expected]
    assert users["supplier"].organisation_id in [org.pk for _m, org, _x in suggested]
    meeting = accepted_meeting(conference, users, cement_request)
    assert meeting.score == next(
        m.score for m in expected if m.supply.organisation_id == users["supplier"].organisation_id
    )
    assert {r["code"] for r in meeting.reasons} >= {"code", "capacity", "certificate"}
    # the side that asked cannot answer its own request
    with pytest.raises(PermissionDenied):
        services.meeting_answer(user=users["buyer"], meeting=meeting, accept=True)
    b2b_setup(conference)
    result = services.schedule_run(user=users["manager"], event=conference)
    assert result.status_ == "optimal" and len(result.meetings_) == 1
    buyer_org, supplier_org = users["buyer"].organisation, users["supplier"].organisation
    mine = selectors.schedule_of(event=conference, organisation=buyer_org)
    theirs = selectors.schedule_of(event=conference, organisation=supplier_org)
    assert [(r.slot, r.table, r.start) for r in mine] == [
        (r.slot, r.table, r.start) for r in theirs
    ]
    assert mine[0].counterpart == supplier_org and theirs[0].counterpart == buyer_org
    assert selectors.schedule_of(event=conference, organisation=users["other"].organisation) == []


def test_slot_times_with_breaks(users):
    event = b2b_setup(make_event(), slots=5)
    times = event.slot_times()
    start = event.b2b_start
    assert [(s - start).seconds // 60 for s, _e in times] == [0, 20, 50, 70, 100]
    assert all((e - s).seconds == 1200 for s, e in times)


def test_optimal_schedule_and_rescheduling_keeps_fixed_meetings(users, conference, case):
    from regiocluster.portal.events import services
    from regiocluster.portal.events.models import Meeting, Need

    registered(conference, users["buyer"], users["supplier"], users["other"])
    b2b_setup(conference, slots=2, tables=1)
    orgs = [users[k].organisation for k in ("buyer", "supplier", "other")]
    need = Need.objects.create(event=conference, request=_any_request(orgs[0]))
    pair = lambda b, s, score: Meeting.objects.create(  # noqa: E731
        event=conference,
        need=need,
        buyer=b,
        supplier=s,
        requested_by="buyer",
        status="accepted",
        score=score,
    )
    first = pair(orgs[0], orgs[1], 50.0)
    second = pair(orgs[0], orgs[2], 40.0)
    services.schedule_run(user=users["manager"], event=conference)
    first.refresh_from_db()
    second.refresh_from_db()
    # one table, two slots, both meetings involve the buyer: one each slot
    assert {first.slot, second.slot} == {1, 2} and first.table == second.table == 1
    services.schedule_fix(user=users["manager"], event=conference)
    kept = (first.slot, first.table)
    # the supplier's place is cancelled: its meeting goes, the fixed one stays
    reg = conference.registrations.get(user=users["other"])
    services.registration_cancel(user=users["other"], registration=reg)
    services.schedule_run(user=users["manager"], event=conference)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.slot, first.table) == kept
    assert second.status == "cancelled" and second.slot is None


def _any_request(org):
    from datetime import date

    from regiocluster.portal.exchange.models import PurchaseRequest

    return PurchaseRequest.objects.create(
        organisation=org,
        title="Щебень",
        okpd2="08.12.12.140",
        quantity=100,
        unit="t",
        delivery_place="Выборг",
        lon=28.7,
        lat=60.7,
        delivery_date=date.today() + timedelta(days=60),
    )


def test_permissions_participant_sees_only_own(users, conference, cement_request, client):
    from regiocluster.portal.events import services

    registered(conference, users["buyer"], users["supplier"], users["other"])
    meeting = accepted_meeting(conference, users, cement_request)
    b2b_setup(conference)
    services.schedule_run(user=users["manager"], event=conference)
    login(client, users["other"])
    page = client.get(reverse("events:b2b", args=[conference.slug]))
    assert page.status_code == 200
    assert cement_request.title not in page.content.decode()
    with pytest.raises(PermissionDenied):
        services.meeting_answer(user=users["other"], meeting=meeting, accept=False)
    assert client.get(reverse("events:organise", args=[conference.slug])).status_code == 403
    assert client.post(reverse("events:schedule", args=[conference.slug])).status_code == 403
    client.logout()
    login(client, users["observer"])
    assert client.get(reverse("events:calendar", args=[conference.slug])).status_code == 403
    assert client.get(reverse("events:b2b", args=[conference.slug])).status_code == 403
    client.logout()
    anonymous = client.get(reverse("events:badge", args=[conference.slug]))
    assert anonymous.status_code == 302 and "login" in anonymous["Location"]


def test_calendar_and_badge_hold_the_own_schedule(users, conference, cement_request, client):
    from regiocluster.portal.events import services

    registered(conference, users["buyer"], users["supplier"])
    accepted_meeting(conference, users, cement_request)
    b2b_setup(conference)
    services.schedule_run(user=users["manager"], event=conference)
    meeting = conference.meetings.get()
    start, end = conference.slot_times()[meeting.slot - 1]
    login(client, users["buyer"])
    response = client.get(
        reverse("events:calendar", args=[conference.slug]).replace("/ru/", "/en/")
    )
    assert response["Content-Type"].startswith("text/calendar")
    cal = Calendar.from_ical(response.content)
    items = [c for c in cal.walk("VEVENT")]
    assert len(items) == 2
    b2b_item = next(c for c in items if "B2B" in str(c["summary"]))
    assert b2b_item.decoded("dtstart") == start and b2b_item.decoded("dtend") == end
    assert f"table {meeting.table}" in str(b2b_item["location"])
    assert users["supplier"].organisation.display_name in str(b2b_item["summary"])
    pdf = client.get(reverse("events:badge", args=[conference.slug]).replace("/ru/", "/en/"))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    text = _pdf_text(pdf.content)
    assert "Suppliers' conference" in text
    assert users["supplier"].organisation.display_name.split()[0] in text
    assert timezone.localtime(start).strftime("%H:%M") in text
    # the badge's layout comes from its stylesheet (no inline style): an A6 page
    info = subprocess.run(["pdfinfo", "-"], input=pdf.content, capture_output=True, check=True)
    assert "297.638 x 419.528 pts" in info.stdout.decode()  # A6


def _pdf_text(data: bytes) -> str:
    if not shutil.which("pdftotext"):
        if os.environ.get("CI"):
            pytest.fail("pdftotext (poppler-utils) is missing on CI")
        pytest.skip("pdftotext is not installed")
    out = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True)
    return out.stdout.decode()


def test_agreed_deal_enters_the_contracts_register(users, cement_request):
    from regiocluster.portal.events import services
    from regiocluster.portal.exchange.models import Contract, ContractSource

    event = make_event(days=0)
    event.starts = timezone.now() - timedelta(hours=1)
    event.save()
    registered(event, users["buyer"], users["supplier"])
    meeting = accepted_meeting(event, users, cement_request)
    seeded_contracts = set(Contract.objects.values_list("pk", flat=True))
    with translation.override("en"), pytest.raises(ValidationError, match="scheduled"):
        services.outcome_record(user=users["buyer"], meeting=meeting, result="deal", value=3.5)
    b2b_setup(event)
    services.schedule_run(user=users["manager"], event=event)
    meeting.refresh_from_db()
    services.outcome_record(user=users["buyer"], meeting=meeting, result="deal", value=3.5)
    services.outcome_record(user=users["supplier"], meeting=meeting, result="deal", value=3.0)
    assert not Contract.objects.exclude(pk__in=seeded_contracts).exists()  # no agreement yet
    services.outcome_record(user=users["supplier"], meeting=meeting, result="deal", value=3.5)
    contract = Contract.objects.exclude(pk__in=seeded_contracts).get()
    meeting.refresh_from_db()
    assert meeting.contract == contract
    assert (contract.buyer_id, contract.supplier_id) == (meeting.buyer_id, meeting.supplier_id)
    assert contract.value == 3.5 and contract.source == ContractSource.EXCHANGE
    with pytest.raises(PermissionDenied):
        services.outcome_record(user=users["other"], meeting=meeting, result="nothing")


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        (
            "en",
            ["Programme", "Registration", "Import substitution in building materials", "Hall A"],
        ),
        ("ru", ["Программа", "Регистрация", "Импортозамещение в стройматериалах", "Зал А"]),
    ],
)
def test_event_page_in_both_languages(users, conference, client, lang, words):
    login(client, users["buyer"])
    page = html.unescape(client.get(f"/{lang}/events/{conference.slug}/").content.decode())
    for word in words:
        assert word in page
    listing = html.unescape(client.get(f"/{lang}/events/").content.decode())
    assert conference.title_en in listing if lang == "en" else conference.title_ru in listing


def test_events_catalogue_complete_and_compiled(tmp_path):
    import polib

    from regiocluster.portal.i18n import compile_messages

    locale = Path(__file__).resolve().parents[2] / "src/regiocluster/portal/events/locale"
    po = polib.pofile(str(locale / "ru/LC_MESSAGES/django.po"))
    assert po.percent_translated() == 100 and not po.fuzzy_entries()
    (fresh,) = compile_messages(locale_dir=locale, out_dir=tmp_path)
    assert fresh.read_bytes() == (locale / "ru/LC_MESSAGES/django.mo").read_bytes()


def test_hostile_posts_answer_404_or_403_and_change_nothing(
    users, conference, cement_request, client
):
    from regiocluster.portal.events.models import Meeting, Need

    registered(conference, users["buyer"], users["supplier"], users["other"])
    need = accepted_meeting(conference, users, cement_request).need
    login(client, users["buyer"])
    base = f"/en/events/{conference.slug}/b2b/"
    assert client.post(base + "needs/", {"request": "1 OR 1=1"}).status_code == 404
    assert client.post(base + f"needs/{need.pk}/meet/", {"supplier": "x"}).status_code == 404
    # another member cannot publish the buyer's request or answer for the supplier
    client.logout()
    login(client, users["other"])
    assert client.post(base + "needs/", {"request": cement_request.pk}).status_code == 403
    meeting = Meeting.objects.get()
    url = base + f"meetings/{meeting.pk}/answer/"
    assert client.post(url, {"decision": "decline"}).status_code == 403
    meeting.refresh_from_db()
    assert meeting.status == "accepted" and Need.objects.count() == 1
    # a script in a title is shown as text
    cement_request.title = "<script>alert(1)</script>"
    cement_request.save()
    client.logout()
    login(client, users["supplier"])
    page = client.get(base).content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page


def test_schedule_keeps_to_when_participants_are_there(users, conference, cement_request, client):
    from regiocluster.portal.events import services
    from regiocluster.portal.events.selectors import presence

    registered(conference, users["buyer"], users["supplier"])
    accepted_meeting(conference, users, cement_request)
    b2b_setup(conference, slots=4, tables=2)  # slots at +0, +20, +50, +70 minutes
    times = conference.slot_times()
    # the supplier comes for the third slot only (set through the page)
    login(client, users["supplier"])
    local = [timezone.localtime(t).strftime("%H:%M") for t in times[2]]
    response = client.post(
        f"/en/events/{conference.slug}/b2b/availability/",
        {"available_from": local[0], "available_until": local[1]},
    )
    assert response.status_code == 302
    assert presence(event=conference) == {users["supplier"].organisation_id: {3}}
    services.schedule_run(user=users["manager"], event=conference)
    assert conference.meetings.get().slot == 3
    # present in no slot: the meeting cannot be scheduled
    services.availability_set(
        user=users["supplier"],
        event=conference,
        available_from=times[0][0] - timedelta(hours=3),
        available_until=times[0][0] - timedelta(hours=2),
    )
    services.schedule_run(user=users["manager"], event=conference)
    assert conference.meetings.get().slot is None
    with translation.override("en"), pytest.raises(ValidationError, match="after the start"):
        services.availability_set(
            user=users["supplier"],
            event=conference,
            available_from=times[1][0],
            available_until=times[0][0],
        )
