"""Pages of events: programme and registration, the B2B desk, the organiser's desk."""

from __future__ import annotations

from datetime import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from regiocluster.portal.accounts.permissions import ensure_manager
from regiocluster.portal.events import documents, selectors, services
from regiocluster.portal.events.forms import AvailabilityForm, B2BForm, OutcomeForm
from regiocluster.portal.events.models import (
    Event,
    EventKind,
    Meeting,
    MeetingStatus,
    Need,
    RegistrationStatus,
    Side,
)
from regiocluster.portal.events.models import (
    RegistrationStatus as Status,
)
from regiocluster.portal.exchange.models import PurchaseRequest
from regiocluster.portal.members.models import Organisation


def _event(request: HttpRequest, slug: str) -> Event:
    event = get_object_or_404(Event, slug=slug)
    if not event.published and not getattr(request.user, "is_manager", False):
        raise Http404
    return event


def _int(value: str | None) -> int:
    """Read a posted id; anything but a whole number finds nothing (404), never a 500."""
    try:
        return int(value or 0)
    except ValueError:
        raise Http404 from None


def _errors(request: HttpRequest, exc: ValidationError) -> None:
    messages.error(request, "; ".join(exc.messages))


def event_list(request: HttpRequest) -> HttpResponse:
    """List the forum, the conference and other events."""
    return render(
        request, "events/event_list.html", {"events": selectors.event_list(user=request.user)}
    )


def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """Show the programme (sessions, rooms, speakers) and the user's registration."""
    event = _event(request, slug)
    return render(
        request,
        "events/event_detail.html",
        {
            "event": event,
            "sessions": selectors.programme(event=event),
            "rooms": event.rooms.all(),
            "speakers": event.speakers.all(),
            "registration": selectors.registration_of(user=request.user, event=event),
            "taken": selectors.places_taken(event=event),
            "Status": Status,
        },
    )


@login_required
@require_POST
def register(request: HttpRequest, slug: str) -> HttpResponse:
    """Register the user: a place, or the waiting list when the places are gone."""
    event = _event(request, slug)
    try:
        reg = services.registration_create(user=request.user, event=event)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        if reg.status == RegistrationStatus.CONFIRMED:
            messages.success(request, _("You are registered. A confirmation has been e-mailed."))
        else:
            messages.info(request, _("All places are taken: you are on the waiting list."))
    return redirect("events:detail", slug=slug)


@login_required
@require_POST
def cancel(request: HttpRequest, slug: str) -> HttpResponse:
    """Cancel the user's registration; the place goes to the waiting list."""
    event = _event(request, slug)
    reg = selectors.registration_of(user=request.user, event=event)
    if reg is None:
        raise Http404
    services.registration_cancel(user=request.user, registration=reg)
    messages.success(request, _("Your registration is cancelled."))
    return redirect("events:detail", slug=slug)


def _own_schedule(request: HttpRequest, event: Event):
    reg = selectors.registration_of(user=request.user, event=event)
    if reg is None or reg.status != RegistrationStatus.CONFIRMED:
        raise PermissionDenied
    org = request.user.organisation
    schedule = selectors.schedule_of(event=event, organisation=org) if org else []
    return reg, schedule


@login_required
def calendar(request: HttpRequest, slug: str) -> HttpResponse:
    """Download the user's own calendar (.ics): the event and the user's meetings."""
    event = _event(request, slug)
    _reg, schedule = _own_schedule(request, event)
    body = documents.calendar_ics(event=event, schedule=schedule, host=request.get_host())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{event.slug}.ics"'
    return response


@login_required
def badge(request: HttpRequest, slug: str) -> HttpResponse:
    """Download the user's printable badge (PDF) with the meeting schedule."""
    event = _event(request, slug)
    reg, schedule = _own_schedule(request, event)
    response = HttpResponse(
        documents.badge_pdf(registration=reg, schedule=schedule), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'inline; filename="badge-{event.slug}.pdf"'
    return response


@login_required
def b2b(request: HttpRequest, slug: str) -> HttpResponse:
    """Show the B2B desk: own needs and suggestions, matching needs, own meetings."""
    event = _event(request, slug)
    if event.kind != EventKind.CONFERENCE:
        raise Http404
    org = services.participant(user=request.user, event=event)
    needs = [
        (need, selectors.suggestions(need=need))
        for need in selectors.needs_of(event=event, organisation=org)
    ]
    meetings = list(selectors.meetings_of(event=event, organisation=org))
    return render(
        request,
        "events/b2b.html",
        {
            "event": event,
            "org": org,
            "needs": needs,
            "publishable": selectors.publishable_requests(event=event, organisation=org),
            "supplier_needs": selectors.needs_for_supplier(event=event, organisation=org),
            "incoming": [
                m
                for m in meetings
                if m.status == MeetingStatus.REQUESTED
                and (m.buyer_id == org.pk) == (m.requested_by == Side.SUPPLIER)
            ],
            "meetings": meetings,
            "schedule": selectors.schedule_of(event=event, organisation=org),
            "outcome_form": OutcomeForm(),
            "availability_form": _availability_form(request, event),
        },
    )


def _availability_form(request: HttpRequest, event: Event) -> AvailabilityForm:
    reg = selectors.registration_of(user=request.user, event=event)
    initial = {}
    if reg is not None and reg.available_from and reg.available_until:
        initial = {
            "available_from": timezone.localtime(reg.available_from).time(),
            "available_until": timezone.localtime(reg.available_until).time(),
        }
    return AvailabilityForm(initial=initial)


@login_required
@require_POST
def availability(request: HttpRequest, slug: str) -> HttpResponse:
    """Save when the user is at the B2B meetings (times on the conference's day)."""
    event = _event(request, slug)
    form = AvailabilityForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter both times."))
        return redirect("events:b2b", slug=slug)
    day = timezone.localtime(event.b2b_start or event.starts).date()
    at = {
        name: timezone.make_aware(datetime.combine(day, form.cleaned_data[name]))
        for name in ("available_from", "available_until")
    }
    try:
        services.availability_set(user=request.user, event=event, **at)
        messages.success(request, _("Saved: meetings are scheduled only while you are there."))
    except ValidationError as exc:
        _errors(request, exc)
    return redirect("events:b2b", slug=slug)


@login_required
@require_POST
def need_publish(request: HttpRequest, slug: str) -> HttpResponse:
    """Publish one of the user's open exchange requests as a need at the conference."""
    event = _event(request, slug)
    req = get_object_or_404(PurchaseRequest, pk=_int(request.POST.get("request")))
    try:
        services.need_publish(user=request.user, event=event, request=req)
        messages.success(request, _("Your need is published to the conference."))
    except ValidationError as exc:
        _errors(request, exc)
    return redirect("events:b2b", slug=slug)


@login_required
@require_POST
def meeting_request(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Ask for a meeting about a need (the buyer names the supplier)."""
    need = get_object_or_404(
        Need.objects.select_related("request", "event"), pk=pk, event__slug=slug
    )
    supplier = None
    if request.POST.get("supplier"):
        supplier = get_object_or_404(Organisation, pk=_int(request.POST["supplier"]))
    try:
        services.meeting_request(user=request.user, need=need, supplier=supplier)
        messages.success(request, _("Meeting requested; the other side will answer."))
    except ValidationError as exc:
        _errors(request, exc)
    return redirect("events:b2b", slug=slug)


@login_required
@require_POST
def meeting_answer(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Accept or decline a meeting request."""
    meeting = get_object_or_404(Meeting.objects.select_related("event"), pk=pk, event__slug=slug)
    accept = request.POST.get("decision") == "accept"
    try:
        services.meeting_answer(user=request.user, meeting=meeting, accept=accept)
        messages.success(request, _("Meeting accepted.") if accept else _("Meeting declined."))
    except ValidationError as exc:
        _errors(request, exc)
    return redirect("events:b2b", slug=slug)


@login_required
@require_POST
def outcome(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Record what a meeting led to, for the user's side."""
    meeting = get_object_or_404(Meeting, pk=pk, event__slug=slug)
    form = OutcomeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a result; a deal needs a positive value."))
        return redirect("events:b2b", slug=slug)
    try:
        services.outcome_record(user=request.user, meeting=meeting, **form.cleaned_data)
        meeting.refresh_from_db()
        if meeting.contract_id:
            messages.success(
                request, _("Both sides confirmed: the deal is in the contracts register.")
            )
        else:
            messages.success(request, _("Outcome recorded."))
    except ValidationError as exc:
        _errors(request, exc)
    return redirect("events:b2b", slug=slug)


@login_required
def organise(request: HttpRequest, slug: str) -> HttpResponse:
    """Show the organiser's desk: registrations, waiting list, B2B set-up, schedule."""
    ensure_manager(request.user)
    event = _event(request, slug)
    form = B2BForm(request.POST or None, instance=Event.objects.get(pk=event.pk))
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in services.B2B_FIELDS}
        try:
            services.b2b_configure(user=request.user, event=event, **fields)
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("B2B set-up saved."))
            return redirect("events:organise", slug=slug)
    times = event.slot_times()
    return render(
        request,
        "events/organise.html",
        {
            "event": event,
            "form": form,
            "confirmed": selectors.registrations(event=event, status=Status.CONFIRMED),
            "waiting": selectors.registrations(event=event, status=Status.WAITING),
            "meetings": [
                (m, times[m.slot - 1] if m.slot and m.slot <= len(times) else None)
                for m in selectors.all_meetings(event=event)
            ],
            "slot_times": times,
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def schedule(request: HttpRequest, slug: str) -> HttpResponse:
    """Run the optimal scheduler over the accepted meetings (fixed ones stay)."""
    ensure_manager(request.user)
    event = _event(request, slug)
    try:
        result = services.schedule_run(user=request.user, event=event)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        if result is None:
            messages.info(request, _("No accepted meetings to schedule."))
        else:
            messages.success(
                request,
                _("Scheduled %(n)s meetings (status: %(status)s).")
                % {"n": len(result.meetings_), "status": result.status_},
            )
    return redirect("events:organise", slug=slug)


@login_required
@require_POST
def schedule_fix(request: HttpRequest, slug: str) -> HttpResponse:
    """Fix the current schedule: later runs keep these meetings where they are."""
    ensure_manager(request.user)
    n = services.schedule_fix(user=request.user, event=_event(request, slug))
    messages.success(request, _("%(n)s meetings fixed.") % {"n": n})
    return redirect("events:organise", slug=slug)
