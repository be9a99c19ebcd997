"""A participant's documents: the ``.ics`` calendar (icalendar) and the badge (PDF, WeasyPrint)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from regiocluster.portal.events.models import Event, Registration
from regiocluster.portal.events.selectors import ScheduleRow

#: The badge's stylesheet (no inline style in the template: one CSS file, as on the pages).
BADGE_CSS = Path(__file__).resolve().parent / "static" / "events" / "badge.css"


def _item(uid: str, summary: str, start: Any, end: Any, location: str) -> CalendarEvent:
    item = CalendarEvent()
    item.add("uid", uid)
    item.add("dtstamp", timezone.now())
    item.add("summary", summary)
    item.add("dtstart", start)
    item.add("dtend", end)
    item.add("location", location)
    return item


def calendar_ics(*, event: Event, schedule: list[ScheduleRow], host: str) -> bytes:
    """Return the participant's calendar: the event and each of its B2B meetings."""
    cal = Calendar()
    cal.add("prodid", "-//regiocluster//events//EN")
    cal.add("version", "2.0")
    cal.add_component(
        _item(f"event-{event.pk}@{host}", event.title, event.starts, event.ends, event.venue)
    )
    for row in schedule:
        summary = _("B2B meeting: %(who)s") % {"who": row.counterpart.display_name}
        location = _("%(venue)s, table %(table)s") % {"venue": event.venue, "table": row.table}
        cal.add_component(
            _item(f"meeting-{row.meeting.pk}@{host}", summary, row.start, row.end, location)
        )
    return cal.to_ical()


def badge_pdf(*, registration: Registration, schedule: list[ScheduleRow]) -> bytes:
    """Return the printable badge (A6) with the participant's B2B schedule on it."""
    from weasyprint import CSS, HTML

    html = render_to_string(
        "events/badge.html",
        {"registration": registration, "event": registration.event, "schedule": schedule},
    )
    return HTML(string=html).write_pdf(stylesheets=[CSS(filename=str(BADGE_CSS))])
