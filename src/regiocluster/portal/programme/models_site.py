"""Models of the test site, the Smart House bill of materials and the self-assessment."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from regiocluster.portal.members.models import Certificate, Organisation, Product, _bilingual


class Laboratory(models.Model):
    """A laboratory of the cluster's test site."""

    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    host = models.ForeignKey(
        Organisation,
        verbose_name=_("host organisation"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    accreditation = models.CharField(_("accreditation"), max_length=200, blank=True)

    class Meta:
        """Options."""

        ordering = ["name"]
        verbose_name = _("laboratory")
        verbose_name_plural = _("laboratories")

    def __str__(self) -> str:
        return _bilingual(self.name, self.name_en)


class Equipment(models.Model):
    """A bookable piece of equipment of a laboratory."""

    laboratory = models.ForeignKey(Laboratory, on_delete=models.CASCADE, related_name="equipment")
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    standards = models.CharField(
        _("test standards"), max_length=400, blank=True, help_text=_("For example GOST 310.4-81")
    )

    class Meta:
        """Options."""

        ordering = ["laboratory__name", "name"]
        verbose_name = _("equipment")
        verbose_name_plural = _("equipment")

    def __str__(self) -> str:
        return _bilingual(self.name, self.name_en)


class Booking(models.Model):
    """A member's booking of a piece of equipment from ``start`` to ``end``."""

    equipment = models.ForeignKey(Equipment, on_delete=models.CASCADE, related_name="bookings")
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    purpose = models.CharField(_("purpose"), max_length=300, blank=True)
    created = models.DateTimeField(_("booked"), auto_now_add=True)

    class Meta:
        """Options."""

        ordering = ["start"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")), name="booking_not_empty"
            )
        ]
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")


class BookingSlot(models.Model):
    """One occupied slot of a booking; unique per equipment, so nothing is booked twice."""

    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="slots")
    equipment = models.ForeignKey(Equipment, on_delete=models.CASCADE, related_name="+")
    slot = models.DateTimeField(_("slot"))

    class Meta:
        """Options."""

        constraints = [
            models.UniqueConstraint(fields=["equipment", "slot"], name="one_booking_per_slot")
        ]


class TestResult(models.TextChoices):
    """Outcome of a test."""

    PASSED = "passed", _("Passed")
    FAILED = "failed", _("Failed")


class TestProtocol(models.Model):
    """A test of a member's product to a standard; a passed test can become a certificate."""

    equipment = models.ForeignKey(
        Equipment, verbose_name=_("equipment"), on_delete=models.PROTECT, related_name="protocols"
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("customer"), on_delete=models.CASCADE, related_name="+"
    )
    product = models.ForeignKey(Product, verbose_name=_("product"), on_delete=models.PROTECT)
    standard = models.CharField(
        _("standard"), max_length=80, help_text=_("For example GOST 31108-2020")
    )
    number = models.CharField(_("protocol number"), max_length=80)
    tested = models.DateField(_("tested"))
    result = models.CharField(_("result"), max_length=8, choices=TestResult.choices)
    values = models.TextField(_("measured values"), blank=True)
    certificate = models.OneToOneField(
        Certificate, null=True, blank=True, on_delete=models.SET_NULL, related_name="protocol"
    )

    class Meta:
        """Options."""

        ordering = ["-tested", "-pk"]
        verbose_name = _("test protocol")
        verbose_name_plural = _("test protocols")


class BomVersion(models.Model):
    """A version of the Smart House bill of materials."""

    number = models.PositiveIntegerField(_("version"), unique=True)
    title = models.CharField(_("title"), max_length=200)
    note = models.TextField(_("what changed"), blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    published = models.BooleanField(_("published"), default=False)

    class Meta:
        """Options."""

        ordering = ["-number"]
        verbose_name = _("bill of materials version")
        verbose_name_plural = _("bill of materials versions")

    def __str__(self) -> str:
        return f"v{self.number} · {self.title}"


class BomLine(models.Model):
    """A line of the bill of materials: a catalogue product of a member, or an outside item."""

    version = models.ForeignKey(BomVersion, on_delete=models.CASCADE, related_name="lines")
    product = models.ForeignKey(
        Product,
        verbose_name=_("catalogue product"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    supplier = models.ForeignKey(
        Organisation, verbose_name=_("supplier"), null=True, blank=True, on_delete=models.PROTECT
    )
    item = models.CharField(_("item"), max_length=200)
    quantity = models.FloatField(_("quantity"), validators=[MinValueValidator(0)])
    unit = models.CharField(_("unit"), max_length=32)
    unit_price = models.FloatField(_("price per unit, RUB"), validators=[MinValueValidator(0)])
    imported = models.BooleanField(_("imported"), default=False)

    class Meta:
        """Options."""

        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quantity__gte=0) & models.Q(unit_price__gte=0),
                name="bom_not_negative",
            )
        ]
        verbose_name = _("bill of materials line")
        verbose_name_plural = _("bill of materials lines")


class SelfAssessmentRecord(models.Model):
    """A cluster-management self-assessment (ESCA's six areas), kept as history."""

    assessed = models.DateField(_("date"))
    answers = models.JSONField(_("answers"), default=dict)
    management_fte = models.FloatField(
        _("cluster management staff, FTE"), validators=[MinValueValidator(0)]
    )
    website = models.BooleanField(_("active website"), default=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        """Options."""

        ordering = ["-assessed", "-pk"]
        verbose_name = _("self-assessment")
        verbose_name_plural = _("self-assessments")
