"""Models of events: programme, registration with a waiting list, B2B meetings, outcomes."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from regiocluster.portal.exchange.models import Contract, PurchaseRequest
from regiocluster.portal.members.models import Organisation, _bilingual


class EventKind(models.TextChoices):
    """Kinds of event the cluster holds."""

    FORUM = "forum", _("Thematic forum")
    CONFERENCE = "conference", _("Suppliers' conference")


class Event(models.Model):
    """A forum or a conference; a conference may hold B2B meetings in slots at tables."""

    slug = models.SlugField(_("address"), unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=EventKind.choices)
    title_ru = models.CharField(_("title (Russian)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    description_ru = models.TextField(_("description (Russian)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    venue_ru = models.CharField(_("venue (Russian)"), max_length=300)
    venue_en = models.CharField(_("venue (English)"), max_length=300, blank=True)
    starts = models.DateTimeField(_("starts"))
    ends = models.DateTimeField(_("ends"))
    capacity = models.PositiveIntegerField(_("places"), validators=[MinValueValidator(1)])
    published = models.BooleanField(_("published"), default=True)
    # B2B meetings: slots of equal length from b2b_start, a break after every
    # ``break_every`` slots, ``tables`` meetings at once.
    b2b_start = models.DateTimeField(_("B2B meetings start"), null=True, blank=True)
    slot_minutes = models.PositiveSmallIntegerField(
        _("slot length, minutes"), default=20, validators=[MinValueValidator(5)]
    )
    slots = models.PositiveSmallIntegerField(_("number of slots"), default=0)
    break_every = models.PositiveSmallIntegerField(
        _("a break after every N slots"), default=0, help_text=_("0: no breaks")
    )
    break_minutes = models.PositiveSmallIntegerField(_("break length, minutes"), default=0)
    tables = models.PositiveSmallIntegerField(_("tables"), default=0)
    schedule_status = models.CharField(_("schedule status"), max_length=24, blank=True)
    schedule_objective = models.FloatField(_("total priority scheduled"), null=True, blank=True)
    schedule_gap = models.FloatField(_("proven gap"), null=True, blank=True)
    scheduled_at = models.DateTimeField(_("scheduled at"), null=True, blank=True)

    class Meta:
        """Options."""

        ordering = ["starts", "slug"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends__gte=models.F("starts")), name="event_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        """Title in the active language."""
        return _bilingual(self.title_ru, self.title_en)

    @property
    def description(self) -> str:
        """Description in the active language."""
        return _bilingual(self.description_ru, self.description_en)

    @property
    def venue(self) -> str:
        """Venue in the active language."""
        return _bilingual(self.venue_ru, self.venue_en)

    @property
    def has_b2b(self) -> bool:
        """Whether B2B meetings are set up (start, slots and tables)."""
        return bool(self.b2b_start and self.slots and self.tables)

    def slot_times(self) -> list[tuple[datetime, datetime]]:
        """Start and end of every B2B slot (1-based slot ``k`` is item ``k - 1``)."""
        if not self.has_b2b:
            return []
        times, start = [], self.b2b_start
        length = timedelta(minutes=self.slot_minutes)
        for k in range(1, self.slots + 1):
            times.append((start, start + length))
            start += length
            if self.break_every and k % self.break_every == 0:
                start += timedelta(minutes=self.break_minutes)
        return times


class Room(models.Model):
    """A room of the venue."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="rooms")
    name_ru = models.CharField(_("name (Russian)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    seats = models.PositiveIntegerField(_("seats"), null=True, blank=True)

    class Meta:
        """Options."""

        ordering = ["name_ru"]
        verbose_name = _("room")
        verbose_name_plural = _("rooms")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """Name in the active language."""
        return _bilingual(self.name_ru, self.name_en)


class Speaker(models.Model):
    """A speaker of the programme."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="speakers")
    name_ru = models.CharField(_("name (Russian)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    affiliation_ru = models.CharField(_("affiliation (Russian)"), max_length=300, blank=True)
    affiliation_en = models.CharField(_("affiliation (English)"), max_length=300, blank=True)

    class Meta:
        """Options."""

        ordering = ["name_ru"]
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """Name in the active language."""
        return _bilingual(self.name_ru, self.name_en)

    @property
    def affiliation(self) -> str:
        """Affiliation in the active language."""
        return _bilingual(self.affiliation_ru, self.affiliation_en)


class Session(models.Model):
    """A session of the programme, in a room, with its speakers."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="sessions")
    title_ru = models.CharField(_("title (Russian)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    room = models.ForeignKey(Room, null=True, blank=True, on_delete=models.SET_NULL)
    starts = models.DateTimeField(_("starts"))
    ends = models.DateTimeField(_("ends"))
    speakers = models.ManyToManyField(Speaker, blank=True, related_name="sessions")

    class Meta:
        """Options."""

        ordering = ["starts", "pk"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        """Title in the active language."""
        return _bilingual(self.title_ru, self.title_en)


class RegistrationStatus(models.TextChoices):
    """State of a registration."""

    CONFIRMED = "confirmed", _("Confirmed")
    WAITING = "waiting", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")


class Registration(models.Model):
    """A user's registration; confirmed ones never outnumber the event's places."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_registrations"
    )
    status = models.CharField(_("status"), max_length=10, choices=RegistrationStatus.choices)
    # A confirmed registration holds a numbered place; (event, seat) is unique, so
    # even two writers that missed each other cannot hand out one place twice.
    seat = models.PositiveIntegerField(_("place"), null=True, blank=True)
    # When the participant is at the B2B meetings (empty: the whole time).
    available_from = models.DateTimeField(_("at the meetings from"), null=True, blank=True)
    available_until = models.DateTimeField(_("at the meetings until"), null=True, blank=True)
    created = models.DateTimeField(_("registered"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        """Options."""

        ordering = ["created", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="one_registration"),
            models.UniqueConstraint(fields=["event", "seat"], name="one_person_per_place"),
            models.CheckConstraint(
                condition=models.Q(seat__isnull=False, status="confirmed")
                | (models.Q(seat__isnull=True) & ~models.Q(status="confirmed")),
                name="confirmed_hold_a_place",
            ),
        ]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")

    def __str__(self) -> str:
        return f"{self.user} @ {self.event}"


class Need(models.Model):
    """A buyer's need published to a conference: one of its exchange requests."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="needs")
    request = models.ForeignKey(
        PurchaseRequest, on_delete=models.CASCADE, related_name="event_needs"
    )
    created = models.DateTimeField(_("published"), auto_now_add=True)

    class Meta:
        """Options."""

        ordering = ["-created", "pk"]
        constraints = [models.UniqueConstraint(fields=["event", "request"], name="need_once")]
        verbose_name = _("need")
        verbose_name_plural = _("needs")

    def __str__(self) -> str:
        return str(self.request)


class Side(models.TextChoices):
    """The two sides of a B2B meeting."""

    BUYER = "buyer", _("Buyer")
    SUPPLIER = "supplier", _("Supplier")


class MeetingStatus(models.TextChoices):
    """State of a meeting request."""

    REQUESTED = "requested", _("Requested")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    CANCELLED = "cancelled", _("Cancelled")


class Meeting(models.Model):
    """A one-to-one meeting of a buyer and a supplier about a need, with its slot and table."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="meetings")
    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="meetings")
    buyer = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    supplier = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    requested_by = models.CharField(_("requested by"), max_length=8, choices=Side.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.REQUESTED
    )
    score = models.FloatField(_("match score"), default=0)
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    slot = models.PositiveSmallIntegerField(_("slot"), null=True, blank=True)
    table = models.PositiveSmallIntegerField(_("table"), null=True, blank=True)
    fixed = models.BooleanField(_("fixed in the schedule"), default=False)
    contract = models.OneToOneField(
        Contract, null=True, blank=True, on_delete=models.SET_NULL, related_name="meeting"
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        """Options."""

        ordering = ["slot", "table", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "buyer", "supplier"], name="pair_meets_once"),
            models.UniqueConstraint(
                fields=["event", "slot", "table"],
                condition=models.Q(slot__isnull=False),
                name="one_meeting_per_table",
            ),
        ]
        verbose_name = _("B2B meeting")
        verbose_name_plural = _("B2B meetings")

    def __str__(self) -> str:
        return f"{self.buyer} — {self.supplier}"


class OutcomeResult(models.TextChoices):
    """What a meeting led to, as one side sees it."""

    NOTHING = "nothing", _("Nothing for now")
    FOLLOW_UP = "follow_up", _("Further talks")
    DEAL = "deal", _("A deal")


class Outcome(models.Model):
    """One side's record of what a meeting led to."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="outcomes")
    side = models.CharField(_("side"), max_length=8, choices=Side.choices)
    result = models.CharField(_("result"), max_length=10, choices=OutcomeResult.choices)
    value = models.FloatField(
        _("deal value, mln RUB"), null=True, blank=True, validators=[MinValueValidator(0)]
    )
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        """Options."""

        constraints = [
            models.UniqueConstraint(fields=["meeting", "side"], name="one_outcome_per_side")
        ]
        verbose_name = _("meeting outcome")
        verbose_name_plural = _("meeting outcomes")
