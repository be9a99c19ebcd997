"""Models of the member registry."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from regiocluster.portal.members.validators import (
    validate_document,
    validate_okpd2,
    validate_okved,
    validate_okved_list,
)


class Kind(models.TextChoices):
    """Role of an organisation in the cluster (the Case's ``enterprises.kind``)."""

    PRODUCER = "producer", _("Producer")
    RAW_MATERIALS = "raw_materials", _("Raw-material supplier")
    EQUIPMENT = "equipment", _("Equipment supplier")
    SERVICES = "services", _("Services")
    CUSTOMER = "customer", _("Customer (construction)")
    RESEARCH = "research", _("Research institute")
    EDUCATION = "education", _("Education")
    FINANCE = "finance", _("Finance")
    LOGISTICS = "logistics", _("Logistics")
    MANAGEMENT = "management", _("Cluster management organisation")


class Size(models.TextChoices):
    """Size class of an enterprise."""

    MICRO = "micro", _("Micro")
    SMALL = "small", _("Small")
    MEDIUM = "medium", _("Medium")
    LARGE = "large", _("Large")


def _bilingual(ru: str, en: str) -> str:
    """Pick the English text in English when given, the Russian one otherwise."""
    return en if (get_language() or "ru").startswith("en") and en else ru


class Region(models.Model):
    """A region of the case: a district of Leningrad Oblast, a city, a federal subject."""

    region_id = models.CharField(_("code"), max_length=32, primary_key=True)
    name_ru = models.CharField(_("name (Russian)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=32)
    parent_id = models.CharField(_("parent"), max_length=32, blank=True)
    lon = models.FloatField(_("longitude"), null=True, blank=True)
    lat = models.FloatField(_("latitude"), null=True, blank=True)

    class Meta:
        """Options."""

        ordering = ["name_ru"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """Name in the active language."""
        return _bilingual(self.name_ru, self.name_en)


class Organisation(models.Model):
    """An organisation of the cluster: member, applicant that became one, or a partner."""

    case_id = models.CharField(_("case identifier"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    inn = models.CharField(_("INN"), max_length=12, db_index=True)
    kpp = models.CharField(_("KPP"), max_length=9, blank=True)
    ogrn = models.CharField(_("OGRN"), max_length=15, blank=True)
    legal_address = models.CharField(_("legal address"), max_length=400, blank=True)
    okved = models.CharField(_("main OKVED-2 code"), max_length=12, validators=[validate_okved])
    okved_extra = models.CharField(
        _("other OKVED-2 codes"), max_length=400, blank=True, validators=[validate_okved_list]
    )
    kind = models.CharField(_("role in the cluster"), max_length=20, choices=Kind.choices)
    is_member = models.BooleanField(_("cluster member"), default=True, db_index=True)
    region = models.ForeignKey(
        Region, verbose_name=_("district"), on_delete=models.PROTECT, related_name="organisations"
    )
    lon = models.FloatField(
        _("longitude"), validators=[MinValueValidator(-180), MaxValueValidator(180)]
    )
    lat = models.FloatField(
        _("latitude"), validators=[MinValueValidator(-90), MaxValueValidator(90)]
    )
    size_class = models.CharField(_("size"), max_length=8, choices=Size.choices, default=Size.SMALL)
    founded = models.PositiveIntegerField(_("year founded"), null=True, blank=True)
    synthetic = models.BooleanField(
        _("illustrative"),
        default=False,
        help_text=_("A synthetic organisation of the embedded case, not a real one."),
    )
    description = models.TextField(_("description (Russian)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        """Options."""

        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        indexes = [
            models.Index(fields=["kind", "is_member"]),
            models.Index(fields=["okved"]),
            # the catalogue's pages walk the members in name order without sorting them all
            models.Index(fields=["is_member", "name"], name="organisation_member_name"),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """Name in the active language."""
        return _bilingual(self.name, self.name_en)

    @property
    def display_description(self) -> str:
        """Description in the active language."""
        return _bilingual(self.description, self.description_en)


class Person(models.Model):
    """A contact person of an organisation."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="people")
    full_name = models.CharField(_("full name"), max_length=200)
    position = models.CharField(_("position"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)

    class Meta:
        """Options."""

        ordering = ["full_name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return self.full_name


class Product(models.Model):
    """A product of the chain with its HS and OKPD2 codes (the Case's ``products``)."""

    product_id = models.CharField(_("identifier"), max_length=64, unique=True)
    name_ru = models.CharField(_("name (Russian)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    hs = models.CharField(_("HS code"), max_length=12, blank=True)
    okpd2 = models.CharField(
        _("OKPD2 code"), max_length=16, validators=[validate_okpd2], db_index=True
    )
    okved = models.CharField(_("OKVED-2 code"), max_length=12, blank=True)
    unit = models.CharField(_("unit"), max_length=32)
    tonnes_per_unit = models.FloatField(_("tonnes per unit"), default=1.0)
    group = models.CharField(_("group"), max_length=64, blank=True)
    raw_material = models.CharField(_("raw material"), max_length=32, blank=True)

    class Meta:
        """Options."""

        ordering = ["name_ru"]
        verbose_name = _("product")
        verbose_name_plural = _("products")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """Name in the active language."""
        return _bilingual(self.name_ru, self.name_en)


class Capacity(models.Model):
    """What an organisation makes: capacity and output of a product in a year."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="capacities"
    )
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="capacities")
    year = models.PositiveIntegerField(_("year"))
    capacity = models.FloatField(_("capacity per year"), validators=[MinValueValidator(0)])
    output = models.FloatField(_("output"), validators=[MinValueValidator(0)], default=0)

    class Meta:
        """Options."""

        ordering = ["product__name_ru", "-year"]
        unique_together = [("organisation", "product", "year")]
        verbose_name = _("capacity")
        verbose_name_plural = _("capacities")

    def __str__(self) -> str:
        return f"{self.organisation} · {self.product} · {self.year}"


class Finance(models.Model):
    """Yearly finances of an organisation, mln RUB (the Case's ``enterprise_finances``)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="finances"
    )
    year = models.PositiveIntegerField(_("year"))
    revenue = models.FloatField(_("revenue, mln RUB"), validators=[MinValueValidator(0)])
    purchases = models.FloatField(_("purchases, mln RUB"), validators=[MinValueValidator(0)])
    wages = models.FloatField(_("wages, mln RUB"), validators=[MinValueValidator(0)], default=0)
    investment = models.FloatField(
        _("investment, mln RUB"), validators=[MinValueValidator(0)], default=0
    )
    exports = models.FloatField(_("exports, mln RUB"), validators=[MinValueValidator(0)], default=0)
    employees = models.FloatField(_("employees"), validators=[MinValueValidator(0)], default=0)
    net_profit = models.FloatField(_("net profit, mln RUB"), default=0)
    fixed_assets_wear = models.FloatField(_("wear of fixed assets"), null=True, blank=True)

    class Meta:
        """Options."""

        ordering = ["-year"]
        unique_together = [("organisation", "year")]
        verbose_name = _("finances")
        verbose_name_plural = _("finances")


class Certificate(models.Model):
    """A certificate of conformity held by an organisation, with its validity."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="certificates"
    )
    code = models.CharField(
        _("standard or scheme"), max_length=80, help_text=_("For example GOST 31108-2020")
    )
    number = models.CharField(_("number"), max_length=80, blank=True)
    product = models.ForeignKey(
        Product, verbose_name=_("product"), null=True, blank=True, on_delete=models.SET_NULL
    )
    valid_from = models.DateField(_("valid from"))
    expires = models.DateField(_("expires"))

    class Meta:
        """Options."""

        ordering = ["code"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")

    def __str__(self) -> str:
        return f"{self.code} ({self.expires:%Y-%m-%d})"


class Visibility(models.TextChoices):
    """Who may download a document."""

    PUBLIC = "public", _("Everyone")
    MEMBERS = "members", _("Cluster members")
    OWNER = "owner", _("Our organisation and the cluster manager")


class Document(models.Model):
    """A document uploaded by an organisation (checked by type and size on upload)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="documents"
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to="documents/%Y/", validators=[validate_document])
    uploaded = models.DateTimeField(_("uploaded"), auto_now_add=True)
    visibility = models.CharField(
        _("who may see it"),
        max_length=8,
        choices=Visibility.choices,
        default=Visibility.OWNER,
    )

    class Meta:
        """Options."""

        ordering = ["-uploaded"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        return self.title


class ApplicationStatus(models.TextChoices):
    """State of a membership application."""

    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class MembershipApplication(models.Model):
    """An organisation's application to join the cluster, reviewed by the cluster manager."""

    organisation_name = models.CharField(_("organisation"), max_length=300)
    inn = models.CharField(_("INN"), max_length=12)
    okved = models.CharField(_("main OKVED-2 code"), max_length=12, validators=[validate_okved])
    kind = models.CharField(_("role in the cluster"), max_length=20, choices=Kind.choices)
    region = models.ForeignKey(Region, verbose_name=_("district"), on_delete=models.PROTECT)
    lon = models.FloatField(_("longitude"), null=True, blank=True)
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    founded = models.PositiveIntegerField(
        _("year founded"),
        null=True,
        validators=[MinValueValidator(1700), MaxValueValidator(2100)],
    )
    size_class = models.CharField(_("size"), max_length=8, choices=Size.choices, default=Size.SMALL)
    contact_name = models.CharField(_("contact person"), max_length=200)
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    message = models.TextField(_("message"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.PENDING,
    )
    created = models.DateTimeField(_("submitted"), auto_now_add=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    review_note = models.TextField(_("review note"), blank=True)
    organisation = models.OneToOneField(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="application"
    )
    history = HistoricalRecords()

    class Meta:
        """Options."""

        ordering = ["-created"]
        verbose_name = _("membership application")
        verbose_name_plural = _("membership applications")

    def __str__(self) -> str:
        return self.organisation_name


class CaseSource(models.Model):
    """Which case seeded the database (export copies the tables the portal does not hold)."""

    name = models.CharField(_("case"), max_length=200)
    path = models.CharField(_("path"), max_length=1000, blank=True)
    loaded = models.DateTimeField(_("loaded"), auto_now_add=True)

    class Meta:
        """Options."""

        ordering = ["-loaded"]
        verbose_name = _("case source")
        verbose_name_plural = _("case sources")

    def __str__(self) -> str:
        return self.name
