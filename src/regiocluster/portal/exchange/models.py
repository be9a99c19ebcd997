"""Models of the subcontracting exchange and the contracts register."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from regiocluster.portal.members.models import Organisation, Product
from regiocluster.portal.members.validators import validate_okpd2


class RequestStatus(models.TextChoices):
    """State of a purchase request."""

    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class PurchaseRequest(models.Model):
    """What a member needs: a product by OKPD2 code, quantity, place and date of delivery."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="requests"
    )
    title = models.CharField(_("what is needed"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    okpd2 = models.CharField(
        _("OKPD2 code"), max_length=16, validators=[validate_okpd2], db_index=True
    )
    product = models.ForeignKey(
        Product, verbose_name=_("product"), null=True, blank=True, on_delete=models.SET_NULL
    )
    quantity = models.FloatField(_("quantity"), validators=[MinValueValidator(0.000001)])
    unit = models.CharField(_("unit"), max_length=32)
    delivery_place = models.CharField(_("delivery place"), max_length=200)
    lon = models.FloatField(
        _("longitude"), validators=[MinValueValidator(-180), MaxValueValidator(180)]
    )
    lat = models.FloatField(
        _("latitude"), validators=[MinValueValidator(-90), MaxValueValidator(90)]
    )
    delivery_date = models.DateField(_("delivery date"))
    required_certificates = models.CharField(
        _("required certificates"),
        max_length=400,
        blank=True,
        help_text=_("Standards separated by commas, for example GOST 31108-2020"),
    )
    budget = models.FloatField(
        _("budget, RUB"), null=True, blank=True, validators=[MinValueValidator(0)]
    )
    status = models.CharField(
        _("status"),
        max_length=8,
        choices=RequestStatus.choices,
        default=RequestStatus.OPEN,
        db_index=True,
    )
    created = models.DateTimeField(_("posted"), auto_now_add=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        """Options."""

        ordering = ["-created"]
        verbose_name = _("request")
        verbose_name_plural = _("requests")
        # the open requests' list pages walk this index newest first and stop at the page
        indexes = [models.Index(fields=["status", "-created", "-id"], name="request_status_newest")]

    def __str__(self) -> str:
        return self.title

    @property
    def certificate_codes(self) -> list[str]:
        """Required certificate codes as a list."""
        return [c.strip() for c in self.required_certificates.split(",") if c.strip()]


class Offer(models.Model):
    """What a member offers: a capability with free capacity."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="offers")
    title = models.CharField(_("what is offered"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    okpd2 = models.CharField(
        _("OKPD2 code"), max_length=16, validators=[validate_okpd2], db_index=True
    )
    product = models.ForeignKey(
        Product, verbose_name=_("product"), null=True, blank=True, on_delete=models.SET_NULL
    )
    free_capacity = models.FloatField(_("free capacity"), validators=[MinValueValidator(0)])
    unit = models.CharField(_("unit"), max_length=32)
    active = models.BooleanField(_("active"), default=True, db_index=True)
    created = models.DateTimeField(_("posted"), auto_now_add=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        """Options."""

        ordering = ["-created"]
        verbose_name = _("offer")
        verbose_name_plural = _("offers")

    def __str__(self) -> str:
        return self.title


class InterestStatus(models.TextChoices):
    """Stages from a supplier's expression of interest to a deal."""

    INTERESTED = "interested", _("Supplier interested")
    AGREED = "agreed", _("Both agreed: negotiation")
    PROPOSED = "proposed", _("Deal proposed: awaiting the other side")
    DEAL = "deal", _("Deal")
    DECLINED = "declined", _("Declined")


class Interest(models.Model):
    """A supplier's expression of interest in a request; identities stay hidden until agreed."""

    request = models.ForeignKey(PurchaseRequest, on_delete=models.CASCADE, related_name="interests")
    supplier = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="interests")
    offer = models.ForeignKey(Offer, null=True, blank=True, on_delete=models.SET_NULL)
    score = models.FloatField(_("score"), default=0)
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    message = models.TextField(_("message"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=InterestStatus.choices,
        default=InterestStatus.INTERESTED,
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)
    deal_value = models.FloatField(_("proposed value, mln RUB"), null=True, blank=True)
    deal_signed = models.DateField(_("proposed signing date"), null=True, blank=True)
    proposed_by = models.ForeignKey(
        Organisation,
        verbose_name=_("proposed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        """Options."""

        ordering = ["-score", "-created"]
        unique_together = [("request", "supplier")]
        verbose_name = _("expression of interest")
        verbose_name_plural = _("expressions of interest")

    @property
    def revealed(self) -> bool:
        """Both sides agreed, so each sees who the other is."""
        return self.status in (InterestStatus.AGREED, InterestStatus.PROPOSED, InterestStatus.DEAL)


class ContractSource(models.TextChoices):
    """Where a contract in the register comes from."""

    CASE = "case", _("Seeded from the case")
    EXCHANGE = "exchange", _("Deal on the exchange")
    MANUAL = "manual", _("Entered by the cluster manager")


class Contract(models.Model):
    """A contract between members (the Case's ``supply_links``): the contracts register."""

    link_id = models.CharField(_("identifier"), max_length=64, unique=True)
    supplier = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="sales")
    buyer = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="purchases")
    product = models.ForeignKey(Product, null=True, blank=True, on_delete=models.SET_NULL)
    year = models.PositiveIntegerField(_("year"), db_index=True)
    value = models.FloatField(_("value, mln RUB"), validators=[MinValueValidator(0)])
    signed = models.DateField(_("signed"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=10, choices=ContractSource.choices)
    interest = models.OneToOneField(
        Interest, null=True, blank=True, on_delete=models.SET_NULL, related_name="contract"
    )
    history = HistoricalRecords()

    class Meta:
        """Options."""

        ordering = ["-year", "link_id"]
        verbose_name = _("contract")
        verbose_name_plural = _("contracts")

    def __str__(self) -> str:
        return self.link_id
