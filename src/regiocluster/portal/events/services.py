"""Writes of events: registration with a waiting list, the B2B programme and outcomes."""

from __future__ import annotations

import time
from datetime import datetime
from typing import Any

import pandas as pd
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import OperationalError, connection, transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language, override
from django.utils.translation import gettext as _

from regiocluster.errors import RegioclusterError
from regiocluster.events import schedule_meetings
from regiocluster.portal.accounts.permissions import ensure_manager
from regiocluster.portal.events.models import (
    Event,
    EventKind,
    Meeting,
    MeetingStatus,
    Need,
    Outcome,
    OutcomeResult,
    Registration,
    RegistrationStatus,
    Side,
)
from regiocluster.portal.events.selectors import presence
from regiocluster.portal.exchange import services as exchange_services
from regiocluster.portal.exchange.models import (
    Interest,
    InterestStatus,
    PurchaseRequest,
    RequestStatus,
)
from regiocluster.portal.members.models import Organisation

ACTIVE = (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING)


def _lock_event(event: Event) -> Event:
    """Queue writers of one event: a row lock on PostgreSQL, the write lock on SQLite.

    The no-op UPDATE is the transaction's first write, so SQLite takes its
    write lock before anything is read and waits (``timeout``) instead of
    failing on a lock upgrade; PostgreSQL locks the row until commit.
    """
    Event.objects.filter(pk=event.pk).update(capacity=F("capacity"))
    return Event.objects.select_for_update().get(pk=event.pk)


def _mail(user: Any, template: str, context: dict[str, Any]) -> None:
    """Send ``events/email/<template>`` (subject and text) to ``user`` after commit."""
    if not user.email:
        return
    language = get_language() or settings.LANGUAGE_CODE

    def send() -> None:
        with override(language):
            ctx = {"user": user, **context}
            subject = render_to_string(f"events/email/{template}_subject.txt", ctx).strip()
            body = render_to_string(f"events/email/{template}.txt", ctx)
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])

    transaction.on_commit(send)


def _free_seat(event: Event) -> int | None:
    taken = set(
        Registration.objects.filter(event=event, seat__isnull=False).values_list("seat", flat=True)
    )
    return next((n for n in range(1, event.capacity + 1) if n not in taken), None)


def _retry_when_locked(write: Any, **kwargs: Any) -> Any:
    """Run a write transaction again when SQLite reports its lock as taken.

    SQLite has one writer at a time; a writer that cannot get the lock fails
    with "database is locked" (or "table is locked" for a shared-cache database)
    instead of waiting when waiting could deadlock. The transaction did nothing,
    so it is safe to run it again. PostgreSQL waits on the row lock instead.
    """
    for attempt in range(60):
        try:
            return write(**kwargs)
        except OperationalError as exc:
            locked = "locked" in str(exc)
            if not locked or connection.vendor != "sqlite" or connection.in_atomic_block:
                raise
            time.sleep(0.01 * (1 + attempt % 10))
    return write(**kwargs)


def registration_create(*, user: Any, event: Event) -> Registration:
    """Register ``user``: a place while places last, else the waiting list; e-mail either way."""
    if not getattr(user, "is_authenticated", False) or user.is_observer:
        raise PermissionDenied
    return _retry_when_locked(_registration_create, user=user, event=event)


@transaction.atomic
def _registration_create(*, user: Any, event: Event) -> Registration:
    event = _lock_event(event)
    if not event.published or event.ends < timezone.now():
        raise ValidationError(_("Registration for this event is closed."))
    registration = Registration.objects.filter(event=event, user=user).first()
    if registration is not None and registration.status in ACTIVE:
        return registration
    seat = _free_seat(event)
    status = RegistrationStatus.CONFIRMED if seat else RegistrationStatus.WAITING
    if registration is None:
        registration = Registration(event=event, user=user)
    registration.status, registration.seat = status, seat
    registration.full_clean(validate_unique=False)
    registration.save()
    _mail(user, "registration", {"event": event, "registration": registration})
    return registration


def registration_cancel(*, user: Any, registration: Registration) -> Registration:
    """Cancel a registration; its place goes to the first on the waiting list.

    The organisation's B2B meetings are cancelled too when nobody from it stays
    registered, which frees their slots for rescheduling.
    """
    if not getattr(user, "is_authenticated", False):
        raise PermissionDenied
    if registration.user_id != user.pk and not user.is_manager:
        raise PermissionDenied
    return _retry_when_locked(_registration_cancel, registration=registration)


@transaction.atomic
def _registration_cancel(*, registration: Registration) -> Registration:
    event = _lock_event(registration.event)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status == RegistrationStatus.CANCELLED:
        return registration
    seat = registration.seat
    registration.status, registration.seat = RegistrationStatus.CANCELLED, None
    registration.save(update_fields=["status", "seat", "updated"])
    if seat is not None:
        first = (
            Registration.objects.filter(event=event, status=RegistrationStatus.WAITING)
            .order_by("created", "pk")
            .first()
        )
        if first is not None:
            first.status, first.seat = RegistrationStatus.CONFIRMED, seat
            first.save(update_fields=["status", "seat", "updated"])
            _mail(first.user, "promoted", {"event": event, "registration": first})
    _cancel_meetings_of_absent(event, registration.user)
    _mail(registration.user, "cancelled", {"event": event})
    return registration


def _cancel_meetings_of_absent(event: Event, user: Any) -> None:
    org_id = user.organisation_id
    if org_id is None:
        return
    still = Registration.objects.filter(
        event=event, user__organisation_id=org_id, status=RegistrationStatus.CONFIRMED
    ).exists()
    if not still:
        Meeting.objects.filter(event=event).filter(
            Q(buyer_id=org_id) | Q(supplier_id=org_id)
        ).exclude(status__in=[MeetingStatus.DECLINED, MeetingStatus.CANCELLED]).update(
            status=MeetingStatus.CANCELLED, slot=None, table=None, fixed=False
        )


def participant(*, user: Any, event: Event) -> Organisation:
    """Return the user's organisation if it takes part in the event's B2B meetings.

    Raises
    ------
    PermissionDenied
        The user represents no organisation or has no confirmed place.
    """
    if not (getattr(user, "is_authenticated", False) and user.is_member_rep):
        raise PermissionDenied
    if event.kind != EventKind.CONFERENCE:
        raise PermissionDenied
    if not Registration.objects.filter(
        event=event, user=user, status=RegistrationStatus.CONFIRMED
    ).exists():
        raise PermissionDenied
    return user.organisation


@transaction.atomic
def need_publish(*, user: Any, event: Event, request: PurchaseRequest) -> Need:
    """Publish one of the buyer's open exchange requests as a need at the conference."""
    org = participant(user=user, event=event)
    if request.organisation_id != org.pk:
        raise PermissionDenied
    if request.status != RequestStatus.OPEN:
        raise ValidationError(_("This request is closed."))
    need, _created = Need.objects.get_or_create(event=event, request=request)
    return need


def _match_of(need: Need, supplier: Organisation):
    from regiocluster.portal.exchange.selectors import request_matches

    for m in request_matches(request=need.request, limit=None):
        if m.supply.organisation_id == supplier.pk:
            return m
    raise ValidationError(_("This supplier's offers do not meet the need's conditions."))


@transaction.atomic
def meeting_request(*, user: Any, need: Need, supplier: Organisation | None = None) -> Meeting:
    """Ask for a meeting: the buyer with a suggested supplier, or a supplier with the buyer.

    Only suppliers that the exchange's matching suggests for the need may meet
    about it; the match's score and reasons are kept with the meeting.
    """
    event = need.event
    org = participant(user=user, event=event)
    buyer_id = need.request.organisation_id
    if org.pk == buyer_id:
        if supplier is None:
            raise ValidationError(_("Choose a supplier."))
        side = Side.BUYER
    else:
        supplier, side = org, Side.SUPPLIER
    match = _match_of(need, supplier)
    if Meeting.objects.filter(event=event, buyer_id=buyer_id, supplier=supplier).exists():
        raise ValidationError(_("A meeting of these two is already requested."))
    return Meeting.objects.create(
        event=event,
        need=need,
        buyer_id=buyer_id,
        supplier=supplier,
        requested_by=side,
        score=match.score,
        reasons=[r.as_dict() for r in match.reasons],
    )


@transaction.atomic
def meeting_answer(*, user: Any, meeting: Meeting, accept: bool) -> Meeting:
    """Accept or decline a meeting request as the side that did not ask."""
    org = participant(user=user, event=meeting.event)
    answering = meeting.supplier_id if meeting.requested_by == Side.BUYER else meeting.buyer_id
    if org.pk != answering:
        raise PermissionDenied
    if meeting.status != MeetingStatus.REQUESTED:
        raise ValidationError(_("This meeting request has already been answered."))
    meeting.status = MeetingStatus.ACCEPTED if accept else MeetingStatus.DECLINED
    meeting.save(update_fields=["status"])
    return meeting


B2B_FIELDS = ("b2b_start", "slot_minutes", "slots", "break_every", "break_minutes", "tables")


@transaction.atomic
def b2b_configure(*, user: Any, event: Event, **fields: Any) -> Event:
    """Set the B2B slots (start, length, breaks) and tables (the organiser)."""
    ensure_manager(user)
    unknown = set(fields) - set(B2B_FIELDS)
    if unknown:
        raise ValidationError(_("Unknown fields: %(f)s") % {"f": ", ".join(sorted(unknown))})
    event = _lock_event(event)
    for name, value in fields.items():
        setattr(event, name, value)
    fixed = Meeting.objects.filter(event=event, fixed=True, slot__isnull=False)
    if fixed.filter(Q(slot__gt=event.slots) | Q(table__gt=event.tables)).exists():
        raise ValidationError(_("Fixed meetings lie beyond the new slots or tables."))
    event.full_clean()
    event.save()
    return event


def _schedule_inputs(
    event: Event,
) -> tuple[list[Meeting], pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Return the accepted meetings and the core's requests, availability and fixed frames."""
    present = presence(event=event)
    meetings = [
        m
        for m in Meeting.objects.filter(event=event, status=MeetingStatus.ACCEPTED)
        # a party present in no slot cannot meet; a fixed meeting is left to the check
        if m.fixed or all(present.get(org, True) for org in (m.buyer_id, m.supplier_id))
    ]
    availability = pd.DataFrame(
        [(org, slot) for org, slots in present.items() for slot in sorted(slots)],
        columns=["participant", "slot"],
    )
    requests = pd.DataFrame(
        {
            "a": [m.buyer_id for m in meetings],
            "b": [m.supplier_id for m in meetings],
            # every accepted meeting is worth something even with a weak match
            "weight": [max(m.score, 1.0) for m in meetings],
        }
    )
    fixed = pd.DataFrame(
        [(m.buyer_id, m.supplier_id, m.slot, m.table) for m in meetings if m.fixed and m.slot],
        columns=["a", "b", "slot", "table"],
    )
    return meetings, requests, availability, fixed


@transaction.atomic
def schedule_run(*, user: Any, event: Event, time_limit: float = 20.0) -> Any:
    """Schedule the accepted meetings optimally; meetings already fixed keep slot and table.

    Runs :func:`regiocluster.events.schedule_meetings` with organisations as the
    parties and the exchange's match score as each meeting's priority.

    Returns
    -------
    regiocluster.events.MeetingSchedule
        The core's result (objective, gap, status).
    """
    ensure_manager(user)
    event = _lock_event(event)
    if not event.has_b2b:
        raise ValidationError(_("Set the B2B start, slots and tables first."))
    meetings, requests, availability, fixed = _schedule_inputs(event)
    result = None
    if meetings:
        try:
            result = schedule_meetings(
                requests,
                list(range(1, event.slots + 1)),
                event.tables,
                availability=availability,
                fixed=fixed,
                time_limit=time_limit,
            )
        except RegioclusterError as exc:  # e.g. a fixed meeting its party can no longer attend
            raise ValidationError(str(exc)) from exc
    placed = (
        {}
        if result is None
        else {
            (int(r.a), int(r.b)): (int(r.slot), int(r.table))
            for r in result.meetings_.itertuples(index=False)
        }
    )
    # Clear first, so the (slot, table) uniqueness holds at every step.
    Meeting.objects.filter(event=event, fixed=False).update(slot=None, table=None)
    for m in meetings:
        if not m.fixed and (m.buyer_id, m.supplier_id) in placed:
            m.slot, m.table = placed[(m.buyer_id, m.supplier_id)]
            m.save(update_fields=["slot", "table"])
    event.schedule_status = "" if result is None else result.status_
    event.schedule_objective = 0.0 if result is None else result.objective_
    event.schedule_gap = 0.0 if result is None else result.gap_
    event.scheduled_at = timezone.now()
    event.save(
        update_fields=["schedule_status", "schedule_objective", "schedule_gap", "scheduled_at"]
    )
    return result


@transaction.atomic
def schedule_fix(*, user: Any, event: Event) -> int:
    """Fix every scheduled meeting: later reschedulings keep them where they are."""
    ensure_manager(user)
    return Meeting.objects.filter(
        event=event, status=MeetingStatus.ACCEPTED, slot__isnull=False
    ).update(fixed=True)


def _side_of(user: Any, meeting: Meeting) -> str:
    if user.organisation_id == meeting.buyer_id:
        return Side.BUYER
    if user.organisation_id == meeting.supplier_id:
        return Side.SUPPLIER
    raise PermissionDenied


@transaction.atomic
def outcome_record(
    *, user: Any, meeting: Meeting, result: str, value: float | None = None, note: str = ""
) -> Outcome:
    """Record what a meeting led to, for the user's side.

    When both sides record a deal of the same value, the deal enters the
    exchange's contracts register through the exchange's own services (the
    supplier's interest in the need, the buyer's acceptance, the deal proposed
    with the buyer's record and confirmed with the supplier's).
    """
    if not (getattr(user, "is_authenticated", False) and user.is_member_rep):
        raise PermissionDenied
    meeting = (
        Meeting.objects.select_for_update()
        .select_related("event", "need__request")
        .get(pk=meeting.pk)
    )
    side = _side_of(user, meeting)
    if meeting.status != MeetingStatus.ACCEPTED or meeting.slot is None:
        raise ValidationError(_("Only a scheduled meeting has an outcome."))
    if timezone.now() < meeting.event.starts:
        raise ValidationError(_("Outcomes are recorded after the event has begun."))
    if result not in OutcomeResult.values:
        raise ValidationError({"result": _("Choose a result.")})
    if result == OutcomeResult.DEAL and not (value and value > 0):
        raise ValidationError({"value": _("Enter a positive value.")})
    outcome, _created = Outcome.objects.update_or_create(
        meeting=meeting,
        side=side,
        defaults={
            "result": result,
            "value": value if result == OutcomeResult.DEAL else None,
            "note": note,
            "recorded_by": user,
        },
    )
    _register_agreed_deal(meeting)
    return outcome


def _register_agreed_deal(meeting: Meeting) -> None:
    """Enter the deal into the contracts register once both sides confirm the same value."""
    outcomes = {o.side: o for o in meeting.outcomes.select_related("recorded_by")}
    buyer, supplier = outcomes.get(Side.BUYER), outcomes.get(Side.SUPPLIER)
    if meeting.contract_id or buyer is None or supplier is None:
        return
    if not (buyer.result == supplier.result == OutcomeResult.DEAL):
        return
    if abs(float(buyer.value) - float(supplier.value)) > 1e-9:
        return
    request = meeting.need.request
    interest = Interest.objects.filter(request=request, supplier_id=meeting.supplier_id).first()
    if interest is None:
        interest = exchange_services.interest_express(
            user=supplier.recorded_by,
            request=request,
            message=_("B2B meeting at %(event)s") % {"event": meeting.event.title},
        )
    if interest.status == InterestStatus.INTERESTED:
        interest = exchange_services.interest_accept(user=buyer.recorded_by, interest=interest)
    # The buyer's record proposes the deal, the supplier's confirms it: the
    # exchange's two-sided confirmation, with its value and date checks.
    interest = exchange_services.deal_propose(
        user=buyer.recorded_by, interest=interest, value_mln_rub=float(buyer.value)
    )
    contract = exchange_services.deal_confirm(user=supplier.recorded_by, interest=interest)
    meeting.contract = contract
    meeting.save(update_fields=["contract"])


@transaction.atomic
def availability_set(
    *, user: Any, event: Event, available_from: datetime, available_until: datetime
) -> Registration:
    """Say when the user is at the B2B meetings; the scheduler keeps to it."""
    participant(user=user, event=event)
    if available_until <= available_from:
        raise ValidationError(_("The end must come after the start."))
    registration = Registration.objects.select_for_update().get(
        event=event, user=user, status=RegistrationStatus.CONFIRMED
    )
    registration.available_from, registration.available_until = available_from, available_until
    registration.save(update_fields=["available_from", "available_until", "updated"])
    return registration
