"""Reads of events: programme, registrations, needs, suggestions, a participant's schedule."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Q, QuerySet

from regiocluster.portal.events.models import (
    Event,
    Meeting,
    MeetingStatus,
    Need,
    Registration,
    RegistrationStatus,
    Session,
)
from regiocluster.portal.exchange import selectors as exchange_selectors
from regiocluster.portal.members.models import Organisation


def event_list(*, user: Any) -> QuerySet[Event]:
    """List published events (all of them for the organiser), soonest first."""
    qs = Event.objects.all()
    if not (getattr(user, "is_authenticated", False) and user.is_manager):
        qs = qs.filter(published=True)
    return qs.order_by("starts", "slug")


def programme(*, event: Event) -> QuerySet[Session]:
    """Return the event's sessions in time order, with rooms and speakers."""
    return (
        event.sessions.select_related("room").prefetch_related("speakers").order_by("starts", "pk")
    )


def registration_of(*, user: Any, event: Event) -> Registration | None:
    """Return the user's registration for the event, if any."""
    if not getattr(user, "is_authenticated", False):
        return None
    return Registration.objects.filter(event=event, user=user).first()


def registrations(*, event: Event, status: str) -> QuerySet[Registration]:
    """Registrations in one state, in the order they came (the waiting list's order)."""
    return (
        Registration.objects.filter(event=event, status=status)
        .select_related("user__organisation")
        .order_by("created", "pk")
    )


def places_taken(*, event: Event) -> int:
    """Count the confirmed registrations."""
    return Registration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED).count()


def needs_of(*, event: Event, organisation: Organisation) -> QuerySet[Need]:
    """List the organisation's needs published to the event."""
    return Need.objects.filter(event=event, request__organisation=organisation).select_related(
        "request__product"
    )


def publishable_requests(*, event: Event, organisation: Organisation) -> list[Any]:
    """List the organisation's open exchange requests not yet published to the event."""
    published = Need.objects.filter(event=event).values_list("request_id", flat=True)
    return list(
        exchange_selectors.request_list(organisation=organisation).exclude(pk__in=published)
    )


def _meetings_by_pair(event: Event) -> dict[tuple[int, int], Meeting]:
    return {(m.buyer_id, m.supplier_id): m for m in Meeting.objects.filter(event=event)}


def suggestions(*, need: Need) -> list[tuple[Any, Organisation, Meeting | None]]:
    """Suppliers the exchange's matching suggests for a need, with any meeting already asked."""
    matches = exchange_selectors.request_matches(request=need.request)
    orgs = Organisation.objects.in_bulk([m.supply.organisation_id for m in matches])
    pairs = _meetings_by_pair(need.event)
    buyer = need.request.organisation_id
    return [
        (m, orgs[m.supply.organisation_id], pairs.get((buyer, m.supply.organisation_id)))
        for m in matches
    ]


def needs_for_supplier(
    *, event: Event, organisation: Organisation
) -> list[tuple[Need, Any, Meeting | None]]:
    """Needs at the event that the supplier's offers match, best first, with any meeting."""
    needs = {
        n.request_id: n
        for n in Need.objects.filter(event=event).select_related("request__organisation")
    }
    if not needs:
        return []
    pairs = _meetings_by_pair(event)
    out = []
    for request, match in exchange_selectors.matches_for_organisation(
        organisation=organisation, limit=1000
    ):
        need = needs.get(request.pk)
        if need is not None:
            out.append((need, match, pairs.get((request.organisation_id, organisation.pk))))
    return out


def meetings_of(*, event: Event, organisation: Organisation) -> QuerySet[Meeting]:
    """Every meeting request the organisation is a side of (never anyone else's)."""
    return (
        Meeting.objects.filter(event=event)
        .filter(Q(buyer=organisation) | Q(supplier=organisation))
        .select_related("buyer", "supplier", "need__request")
        .order_by("slot", "table", "pk")
    )


@dataclass(frozen=True)
class ScheduleRow:
    """One meeting of a participant's schedule."""

    meeting: Meeting
    slot: int
    start: datetime
    end: datetime
    table: int
    counterpart: Organisation
    topic: str


def schedule_of(*, event: Event, organisation: Organisation) -> list[ScheduleRow]:
    """List the organisation's scheduled meetings with times, tables and counterparts."""
    times = event.slot_times()
    rows = []
    for m in meetings_of(event=event, organisation=organisation).filter(
        status=MeetingStatus.ACCEPTED, slot__isnull=False
    ):
        start, end = times[m.slot - 1]
        other = m.supplier if m.buyer_id == organisation.pk else m.buyer
        rows.append(ScheduleRow(m, m.slot, start, end, m.table, other, m.need.request.title))
    return rows


def all_meetings(*, event: Event) -> QuerySet[Meeting]:
    """Every meeting of the event (the organiser's view)."""
    return (
        Meeting.objects.filter(event=event)
        .select_related("buyer", "supplier", "need__request")
        .order_by("slot", "table", "pk")
    )


def presence(*, event: Event) -> dict[int, set[int]]:
    """Return the B2B slots of every partly present organisation (absent from the rest).

    An organisation is present in a slot when one of its confirmed
    representatives is there for the whole slot; one representative without a
    stated time makes it present throughout, and it is left out.
    """
    windows: dict[int, list[tuple[datetime, datetime] | None]] = {}
    for reg in Registration.objects.filter(
        event=event, status=RegistrationStatus.CONFIRMED, user__organisation__isnull=False
    ).select_related("user"):
        window = None
        if reg.available_from and reg.available_until:
            window = (reg.available_from, reg.available_until)
        windows.setdefault(reg.user.organisation_id, []).append(window)
    times = event.slot_times()
    return {
        org: {
            k
            for k, (start, end) in enumerate(times, start=1)
            if any(a <= start and end <= b for a, b in spans)
        }
        for org, spans in windows.items()
        if all(span is not None for span in spans)
    }
