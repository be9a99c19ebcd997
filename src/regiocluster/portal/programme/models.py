"""Models of the management system: measures, KPIs, joint projects, test site, Smart House."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from regiocluster.portal.members.models import Organisation, _bilingual
from regiocluster.portal.members.validators import validate_document
from regiocluster.programme import COMPUTED


class MeasureKind(models.TextChoices):
    """Kind of a priority measure."""

    ORGANISATIONAL = "organisational", _("Organisational")
    INFRASTRUCTURE = "infrastructure", _("Infrastructure")
    RND = "rnd", _("R&D")
    PROMOTION = "promotion", _("Promotion")
    TRAINING = "training", _("Training")
    SUPPORT = "support", _("Support")


class MeasureStatus(models.TextChoices):
    """State of a measure (``done`` and ``cancelled`` count as finished)."""

    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    SUSPENDED = "suspended", _("Suspended")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class FundingSource(models.TextChoices):
    """Where money for a measure or a project comes from."""

    FEDERAL = "federal", _("Federal budget")
    REGIONAL = "regional", _("Regional budget")
    OWN = "own", _("Own funds")
    SUPPORT_MEASURE = "support_measure", _("Support measure")


COMPUTED_CHOICES = [(k, v[1]) for k, v in COMPUTED.items()]


class Kpi(models.Model):
    """A key performance indicator: definition, unit, baseline; targets and actuals per period."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name (Russian)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    definition = models.TextField(_("definition"), blank=True)
    unit = models.CharField(_("unit"), max_length=32, blank=True)
    baseline = models.FloatField(_("baseline"))
    baseline_year = models.PositiveIntegerField(
        _("baseline year"), validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    computed = models.CharField(
        _("computed from live data"),
        max_length=32,
        blank=True,
        choices=COMPUTED_CHOICES,
        help_text=_("Leave empty for a manual indicator (actuals need an evidence document)."),
    )
    published = models.BooleanField(_("published"), default=False)
    synthetic = models.BooleanField(_("illustrative"), default=False)

    class Meta:
        """Options."""

        ordering = ["code"]
        verbose_name = _("KPI")
        verbose_name_plural = _("KPIs")

    def __str__(self) -> str:
        return f"{self.code} · {self.display_name}"

    @property
    def display_name(self) -> str:
        """Name in the active language."""
        return _bilingual(self.name, self.name_en)


class KpiPeriod(models.Model):
    """Target and actual of a KPI in one period (a year); manual actuals carry evidence."""

    kpi = models.ForeignKey(Kpi, on_delete=models.CASCADE, related_name="periods")
    year = models.PositiveIntegerField(
        _("year"), validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    target = models.FloatField(_("target"))
    actual = models.FloatField(_("actual"), null=True, blank=True)
    evidence = models.FileField(
        _("evidence"), upload_to="kpi/%Y/", blank=True, validators=[validate_document]
    )
    note = models.TextField(_("note"), blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reported_at = models.DateTimeField(_("reported"), null=True, blank=True)

    class Meta:
        """Options."""

        ordering = ["kpi__code", "year"]
        constraints = [models.UniqueConstraint(fields=["kpi", "year"], name="kpi_period_once")]
        verbose_name = _("KPI period")
        verbose_name_plural = _("KPI periods")


class Measure(models.Model):
    """A priority measure of the cluster's plan."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    title = models.CharField(_("title (Russian)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=MeasureKind.choices)
    responsible = models.ForeignKey(
        Organisation,
        verbose_name=_("responsible organisation"),
        on_delete=models.PROTECT,
        related_name="measures_responsible",
    )
    participants = models.ManyToManyField(
        Organisation, verbose_name=_("participants"), blank=True, related_name="measures"
    )
    start = models.DateField(_("start"))
    due = models.DateField(_("due"))
    status = models.CharField(
        _("status"), max_length=12, choices=MeasureStatus.choices, default=MeasureStatus.PLANNED
    )
    progress = models.PositiveSmallIntegerField(
        _("progress, %"), default=0, validators=[MaxValueValidator(100)]
    )
    depends_on = models.ManyToManyField(
        "self", verbose_name=_("depends on"), symmetrical=False, blank=True, related_name="enables"
    )
    kpis = models.ManyToManyField(Kpi, verbose_name=_("KPIs"), blank=True, related_name="measures")
    published = models.BooleanField(_("published"), default=False)
    synthetic = models.BooleanField(_("illustrative"), default=False)

    class Meta:
        """Options."""

        ordering = ["start", "code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(due__gte=models.F("start")), name="due_after_start"
            )
        ]
        verbose_name = _("measure")
        verbose_name_plural = _("measures")

    def __str__(self) -> str:
        return f"{self.code} · {self.display_title}"

    @property
    def display_title(self) -> str:
        """Title in the active language."""
        return _bilingual(self.title, self.title_en)


class StatusChange(models.Model):
    """History of a measure's status and progress reports."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="history")
    status = models.CharField(_("status"), max_length=12, choices=MeasureStatus.choices)
    progress = models.PositiveSmallIntegerField(
        _("progress, %"), validators=[MaxValueValidator(100)]
    )
    note = models.TextField(_("note"), blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        """Options."""

        ordering = ["-at", "-pk"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")


class ProjectKind(models.TextChoices):
    """Kind of a joint project."""

    INFRASTRUCTURE = "infrastructure", _("Infrastructure")
    RENOVATION = "renovation", _("Renovation of production facilities")
    RND = "rnd", _("R&D")


class JointProject(models.Model):
    """A joint project of members: infrastructure, renovation or R&D."""

    title = models.CharField(_("title"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=ProjectKind.choices)
    description = models.TextField(_("description"), blank=True)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    measures = models.ManyToManyField(
        Measure, verbose_name=_("measures"), blank=True, related_name="projects"
    )
    kpis = models.ManyToManyField(Kpi, verbose_name=_("KPIs"), blank=True, related_name="projects")
    published = models.BooleanField(_("published"), default=False)
    synthetic = models.BooleanField(_("illustrative"), default=False)

    class Meta:
        """Options."""

        ordering = ["start", "title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")), name="project_end_after_start"
            )
        ]
        verbose_name = _("joint project")
        verbose_name_plural = _("joint projects")

    def __str__(self) -> str:
        return self.display_title

    @property
    def display_title(self) -> str:
        """Title in the active language."""
        return _bilingual(self.title, self.title_en)


class BudgetLine(models.Model):
    """Money for a measure or a project from one funding source, mln RUB."""

    measure = models.ForeignKey(
        Measure, null=True, blank=True, on_delete=models.CASCADE, related_name="budget"
    )
    project = models.ForeignKey(
        JointProject, null=True, blank=True, on_delete=models.CASCADE, related_name="budget"
    )
    source = models.CharField(_("funding source"), max_length=16, choices=FundingSource.choices)
    support_measure = models.CharField(_("support measure of the case"), max_length=32, blank=True)
    amount = models.FloatField(_("amount, mln RUB"), validators=[MinValueValidator(0)])

    class Meta:
        """Options."""

        ordering = ["source", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(measure__isnull=False, project__isnull=True)
                | models.Q(measure__isnull=True, project__isnull=False),
                name="budget_for_one_thing",
            ),
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="budget_not_negative"),
        ]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")


class Participant(models.Model):
    """An organisation in a joint project, with its role and contribution."""

    project = models.ForeignKey(JointProject, on_delete=models.CASCADE, related_name="participants")
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="projects",
    )
    role = models.CharField(_("role"), max_length=200)
    contribution = models.FloatField(
        _("contribution, mln RUB"), default=0, validators=[MinValueValidator(0)]
    )

    class Meta:
        """Options."""

        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["project", "organisation"], name="participant_once")
        ]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")


class Milestone(models.Model):
    """A milestone of a joint project."""

    project = models.ForeignKey(JointProject, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("title"), max_length=200)
    due = models.DateField(_("due"))
    done = models.BooleanField(_("done"), default=False)

    class Meta:
        """Options."""

        ordering = ["due", "pk"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")


class Risk(models.Model):
    """A risk of a joint project, scored by likelihood and impact (1–5)."""

    project = models.ForeignKey(JointProject, on_delete=models.CASCADE, related_name="risks")
    description = models.CharField(_("risk"), max_length=300)
    likelihood = models.PositiveSmallIntegerField(
        _("likelihood (1–5)"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    impact = models.PositiveSmallIntegerField(
        _("impact (1–5)"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    mitigation = models.TextField(_("mitigation"), blank=True)

    class Meta:
        """Options."""

        ordering = ["pk"]
        verbose_name = _("risk")
        verbose_name_plural = _("risks")

    @property
    def score(self) -> int:
        """Likelihood × impact."""
        return self.likelihood * self.impact


class ProjectDocument(models.Model):
    """A document of a joint project, uploaded by a participant or the manager."""

    project = models.ForeignKey(JointProject, on_delete=models.CASCADE, related_name="documents")
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to="projects/%Y/", validators=[validate_document])
    uploaded = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        """Options."""

        ordering = ["-uploaded"]
        verbose_name = _("project document")
        verbose_name_plural = _("project documents")


from regiocluster.portal.programme.models_site import (  # noqa: E402  (one app, two modules)
    BomLine,
    BomVersion,
    Booking,
    BookingSlot,
    Equipment,
    Laboratory,
    SelfAssessmentRecord,
    TestProtocol,
    TestResult,
)

__all__ = [
    "BomLine",
    "BomVersion",
    "Booking",
    "BookingSlot",
    "BudgetLine",
    "Equipment",
    "FundingSource",
    "JointProject",
    "Kpi",
    "KpiPeriod",
    "Laboratory",
    "Measure",
    "MeasureKind",
    "MeasureStatus",
    "Milestone",
    "Participant",
    "ProjectDocument",
    "ProjectKind",
    "Risk",
    "SelfAssessmentRecord",
    "StatusChange",
    "TestProtocol",
    "TestResult",
]
