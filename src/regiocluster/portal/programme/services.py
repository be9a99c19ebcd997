"""Writes of the management system: measures, status reports, KPIs, joint projects."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from regiocluster.portal.members.services import document_check
from regiocluster.portal.programme import rules
from regiocluster.portal.programme.models import (
    BudgetLine,
    FundingSource,
    JointProject,
    Kpi,
    KpiPeriod,
    Measure,
    MeasureStatus,
    Milestone,
    Participant,
    ProjectDocument,
    Risk,
    StatusChange,
)
from regiocluster.programme import ProgrammeError, dependency_graph

MEASURE_FIELDS = (
    "code", "title", "title_en", "description", "kind", "responsible", "start", "due",
    "status", "progress", "published",
)  # fmt: skip
KPI_FIELDS = (
    "code", "name", "name_en", "definition", "unit", "baseline", "baseline_year", "computed",
    "published",
)  # fmt: skip
PROJECT_FIELDS = ("title", "title_en", "kind", "description", "start", "end", "published")


def _check_fields(data: dict[str, Any], allowed: Iterable[str]) -> None:
    unknown = set(data) - set(allowed)
    if unknown:
        raise ValidationError(_("Unknown fields: %(f)s") % {"f": ", ".join(sorted(unknown))})


def _check_dependencies(measure: Measure, depends_on: Iterable[Measure]) -> None:
    """Refuse a dependency that would close a cycle (the core names it)."""
    others = set(Measure.objects.exclude(pk=measure.pk).values_list("code", flat=True))
    edges = [
        (a, b)
        for a, b in Measure.depends_on.through.objects.exclude(
            from_measure_id=measure.pk
        ).values_list("from_measure__code", "to_measure__code")
    ]
    edges += [(measure.code, d.code) for d in depends_on]
    try:
        dependency_graph(others | {measure.code}, edges)
    except ProgrammeError as exc:
        raise ValidationError({"depends_on": str(exc)}) from exc


@transaction.atomic
def measure_save(
    *,
    user: Any,
    data: dict[str, Any],
    measure: Measure | None = None,
    participants: Iterable[Any] | None = None,
    depends_on: Iterable[Measure] | None = None,
    kpis: Iterable[Kpi] | None = None,
) -> Measure:
    """Create or change a measure (manager only); a status change enters the history."""
    rules.ensure(rules.is_manager(user))
    _check_fields(data, MEASURE_FIELDS)
    measure = measure or Measure()
    before = (measure.status, measure.progress) if measure.pk else None
    for name, value in data.items():
        setattr(measure, name, value)
    measure.full_clean(exclude=["code"] if measure.pk and "code" not in data else None)
    depends_on = list(depends_on) if depends_on is not None else None
    if depends_on is not None:
        if any(d.pk == measure.pk and measure.pk for d in depends_on):
            raise ValidationError({"depends_on": _("A measure cannot depend on itself.")})
        _check_dependencies(measure, depends_on)
    measure.save()
    if participants is not None:
        measure.participants.set(participants)
    if depends_on is not None:
        measure.depends_on.set(depends_on)
    if kpis is not None:
        measure.kpis.set(kpis)
    if before != (measure.status, measure.progress):
        StatusChange.objects.create(
            measure=measure,
            status=measure.status,
            progress=measure.progress,
            user=user,
            organisation_id=getattr(user, "organisation_id", None),
            note=_("Saved by the cluster manager."),
        )
    return measure


@transaction.atomic
def measure_report(
    *, user: Any, measure: Measure, status: str, progress: int, note: str = ""
) -> StatusChange:
    """Report a measure's status and progress (participants and the manager)."""
    rules.ensure(rules.can_report_measure(user, measure))
    if status not in MeasureStatus.values:
        raise ValidationError({"status": _("Unknown status.")})
    if not isinstance(progress, int) or not 0 <= progress <= 100:
        raise ValidationError({"progress": _("Progress must be between 0 and 100 %.")})
    if status == MeasureStatus.DONE and progress != 100:
        raise ValidationError({"progress": _("A finished measure is 100 % done.")})
    measure = Measure.objects.select_for_update().get(pk=measure.pk)
    measure.status, measure.progress = status, progress
    measure.save(update_fields=["status", "progress"])
    return StatusChange.objects.create(
        measure=measure,
        status=status,
        progress=progress,
        note=note[:4000],
        user=user,
        organisation_id=getattr(user, "organisation_id", None),
    )


@transaction.atomic
def budget_add(
    *,
    user: Any,
    source: str,
    amount: float,
    measure: Measure | None = None,
    project: JointProject | None = None,
    support_measure: str = "",
    known_support: Iterable[str] = (),
) -> BudgetLine:
    """Add a budget line to a measure or a project (manager only).

    A line from a support measure names one of the case's support measures
    (``known_support``).
    """
    rules.ensure(rules.is_manager(user))
    if source == FundingSource.SUPPORT_MEASURE and support_measure not in set(known_support):
        raise ValidationError({"support_measure": _("Choose a support measure of the case.")})
    if source != FundingSource.SUPPORT_MEASURE:
        support_measure = ""
    line = BudgetLine(
        measure=measure,
        project=project,
        source=source,
        amount=amount,
        support_measure=support_measure,
    )
    line.full_clean()
    line.save()
    return line


@transaction.atomic
def kpi_save(*, user: Any, data: dict[str, Any], kpi: Kpi | None = None) -> Kpi:
    """Create or change a KPI's definition (manager only)."""
    rules.ensure(rules.is_manager(user))
    _check_fields(data, KPI_FIELDS)
    kpi = kpi or Kpi()
    for name, value in data.items():
        setattr(kpi, name, value)
    kpi.full_clean()
    kpi.save()
    return kpi


@transaction.atomic
def kpi_target_set(*, user: Any, kpi: Kpi, year: int, target: float) -> KpiPeriod:
    """Set a KPI's target for a year (manager only)."""
    rules.ensure(rules.is_manager(user))
    period, _created = KpiPeriod.objects.get_or_create(
        kpi=kpi, year=year, defaults={"target": target}
    )
    period.target = target
    period.full_clean()
    period.save()
    return period


def can_report_kpi(user: Any, kpi: Kpi) -> bool:
    """Return whether ``user`` reports ``kpi``: the manager or a participant of its work."""
    if not getattr(user, "is_authenticated", False) or user.is_observer:
        return False
    if user.is_manager:
        return True
    org = user.organisation_id
    return org is not None and (
        kpi.measures.filter(participants=org).exists()
        or kpi.measures.filter(responsible=org).exists()
        or kpi.projects.filter(participants__organisation=org).exists()
    )


@transaction.atomic
def kpi_actual_report(
    *,
    user: Any,
    kpi: Kpi,
    year: int,
    actual: float,
    evidence: UploadedFile | None = None,
    note: str = "",
) -> KpiPeriod:
    """Report a manual KPI's actual for a year; evidence is required.

    Computed KPIs take their actuals from live data and refuse a report.
    """
    rules.ensure(can_report_kpi(user, kpi))
    if kpi.computed:
        raise ValidationError(_("This KPI is computed from live data; it takes no report."))
    period = KpiPeriod.objects.select_for_update().filter(kpi=kpi, year=year).first()
    if period is None:
        raise ValidationError({"year": _("No target is set for this year.")})
    if evidence is None and not period.evidence:
        raise ValidationError({"evidence": _("A manual indicator needs an evidence document.")})
    if evidence is not None:
        document_check(evidence)
        period.evidence = evidence
    period.actual = actual
    period.note = note[:4000]
    period.reported_by = user
    period.reported_at = timezone.now()
    period.full_clean()
    period.save()
    return period


@transaction.atomic
def project_save(
    *,
    user: Any,
    data: dict[str, Any],
    project: JointProject | None = None,
    measures: Iterable[Measure] | None = None,
    kpis: Iterable[Kpi] | None = None,
) -> JointProject:
    """Create or change a joint project (manager only)."""
    rules.ensure(rules.is_manager(user))
    _check_fields(data, PROJECT_FIELDS)
    project = project or JointProject()
    for name, value in data.items():
        setattr(project, name, value)
    project.full_clean()
    project.save()
    if measures is not None:
        project.measures.set(measures)
    if kpis is not None:
        project.kpis.set(kpis)
    return project


@transaction.atomic
def participant_set(
    *, user: Any, project: JointProject, organisation: Any, role: str, contribution: float
) -> Participant:
    """Add or change a participant of a project (manager only)."""
    rules.ensure(rules.is_manager(user))
    part, _created = Participant.objects.get_or_create(
        project=project, organisation=organisation, defaults={"role": role}
    )
    part.role, part.contribution = role, contribution
    part.full_clean()
    part.save()
    return part


@transaction.atomic
def milestone_add(*, user: Any, project: JointProject, title: str, due: date) -> Milestone:
    """Add a milestone (manager only)."""
    rules.ensure(rules.is_manager(user))
    ms = Milestone(project=project, title=title, due=due)
    ms.full_clean()
    ms.save()
    return ms


@transaction.atomic
def milestone_done(*, user: Any, milestone: Milestone, done: bool = True) -> Milestone:
    """Mark a milestone reached (participants and the manager)."""
    rules.ensure(rules.can_contribute_project(user, milestone.project))
    milestone.done = done
    milestone.save(update_fields=["done"])
    return milestone


@transaction.atomic
def risk_add(*, user: Any, project: JointProject, **fields: Any) -> Risk:
    """Record a risk (participants and the manager)."""
    rules.ensure(rules.can_contribute_project(user, project))
    _check_fields(fields, ("description", "likelihood", "impact", "mitigation"))
    risk = Risk(project=project, **fields)
    risk.full_clean()
    risk.save()
    return risk


@transaction.atomic
def project_document_upload(
    *, user: Any, project: JointProject, title: str, file: UploadedFile
) -> ProjectDocument:
    """Upload a project document (participants and the manager), checked like others."""
    rules.ensure(rules.can_contribute_project(user, project))
    document_check(file)
    doc = ProjectDocument(
        project=project,
        organisation_id=getattr(user, "organisation_id", None),
        title=title,
        file=file,
    )
    doc.full_clean()
    doc.save()
    return doc
