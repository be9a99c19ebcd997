"""Reads of the management system; every number comes from a core function."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd
from django.db.models import Q, QuerySet
from django.utils import timezone

from regiocluster.errors import RegioclusterError
from regiocluster.portal.programme import rules
from regiocluster.portal.programme.live import live_case, live_indicators
from regiocluster.portal.programme.models import (
    BomLine,
    BomVersion,
    BudgetLine,
    JointProject,
    Kpi,
    KpiPeriod,
    Measure,
    SelfAssessmentRecord,
)
from regiocluster.programme import (
    BomSummary,
    PlanStatus,
    SelfAssessment,
    bom_compare,
    bom_summary,
    budget_rollup,
    plan_status,
    self_assessment,
    traffic_light,
)


def measures_visible(*, user: Any) -> QuerySet[Measure]:
    """Measures the user may see: all when signed in, published ones for visitors."""
    qs = Measure.objects.select_related("responsible").prefetch_related("depends_on", "kpis")
    return qs if rules.sees_unpublished(user) else qs.filter(published=True)


def measure_filter(
    qs: QuerySet[Measure], *, q: str = "", kind: str = "", status: str = "", organisation: str = ""
) -> QuerySet[Measure]:
    """Filter measures by text, kind, status and organisation (responsible or participant)."""
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(title_en__icontains=q) | Q(code__icontains=q))
    if kind:
        qs = qs.filter(kind=kind)
    if status:
        qs = qs.filter(status=status)
    if organisation.isdigit():
        org = int(organisation)
        qs = qs.filter(Q(responsible_id=org) | Q(participants=org)).distinct()
    return qs


def measure_frame(measures: list[Measure]) -> tuple[pd.DataFrame, list[tuple[str, str]]]:
    """Return the measures and their dependencies as the core's plan tables."""
    frame = pd.DataFrame(
        [
            {
                "measure_id": m.code,
                "start": m.start,
                "due": m.due,
                "status": m.status,
                "progress": m.progress / 100.0,
            }
            for m in measures
        ],
        columns=["measure_id", "start", "due", "status", "progress"],
    )
    codes = {m.code for m in measures}
    deps = [(m.code, d.code) for m in measures for d in m.depends_on.all() if d.code in codes]
    return frame, deps


def plan_state(*, measures: list[Measure]) -> PlanStatus:
    """Overdue and at-risk measures today (:func:`regiocluster.programme.plan_status`)."""
    frame, deps = measure_frame(measures)
    return plan_status(frame, deps, today=timezone.localdate())


def measure_budget(*, measures: list[Measure]) -> pd.DataFrame:
    """Budget of the measures by funding source, mln RUB (:func:`budget_rollup`)."""
    lines = pd.DataFrame(
        list(
            BudgetLine.objects.filter(measure__in=measures).values_list(
                "measure__code", "source", "amount"
            )
        ),
        columns=["measure_id", "source", "amount"],
    )
    if lines.empty:
        return pd.DataFrame()
    return budget_rollup(lines)


def kpis_visible(*, user: Any) -> QuerySet[Kpi]:
    """KPIs the user may see."""
    qs = Kpi.objects.prefetch_related("periods")
    return qs if rules.sees_unpublished(user) else qs.filter(published=True)


@dataclass(frozen=True)
class KpiRow:
    """One KPI period on the dashboard: target, actual (computed or reported), light."""

    kpi: Kpi
    year: int
    target: float
    actual: float | None
    colour: str
    progress: float | None
    evidence: bool


def computed_actual(kpi: Kpi, year: int) -> float | None:
    """Return a computed KPI's value in ``year`` from the live case (``None``: no data)."""
    try:
        value = live_indicators(year=year).figure(kpi.computed).value
    except RegioclusterError:  # a year without data, or an unknown indicator
        return None
    return value


def kpi_rows(*, kpis: list[Kpi]) -> list[KpiRow]:
    """Target against actual with a traffic light for every KPI period."""
    today = timezone.localdate()
    rows = []
    for kpi in kpis:
        for p in kpi.periods.all():
            actual = computed_actual(kpi, p.year) if kpi.computed else p.actual
            if p.year < today.year:
                expected = 1.0
            elif p.year > today.year:
                expected = 0.0
            else:
                expected = today.timetuple().tm_yday / 365.0
            light = traffic_light(
                baseline=kpi.baseline, target=p.target, actual=actual, expected=min(expected, 1.0)
            )
            rows.append(
                KpiRow(
                    kpi, p.year, p.target, actual, light.colour, light.progress, bool(p.evidence)
                )
            )
    return rows


def kpi_periods_of(kpi: Kpi) -> QuerySet[KpiPeriod]:
    """Periods of a KPI, in order."""
    return kpi.periods.order_by("year")


def projects_visible(*, user: Any) -> QuerySet[JointProject]:
    """Joint projects the user may see."""
    qs = JointProject.objects.prefetch_related("participants__organisation")
    return qs if rules.sees_unpublished(user) else qs.filter(published=True)


def project_support(*, project: JointProject) -> dict[int, list[dict[str, Any]]]:
    """Support measures each participant qualifies for (``case_eligibility``)."""
    from regiocluster.enterprises import case_eligibility

    case = live_case()
    parts = list(project.participants.select_related("organisation"))
    ids = {p.organisation.case_id: p.organisation_id for p in parts}
    if not ids:
        return {}
    pairs = case_eligibility(case).pairs
    pairs = pairs[pairs["enterprise_id"].isin(ids) & pairs["eligible"]]
    measures = case.tables["support_measures"].set_index("measure_id")
    out: dict[int, list[dict[str, Any]]] = {pk: [] for pk in ids.values()}
    for ent, mid in zip(pairs["enterprise_id"], pairs["measure_id"], strict=True):
        row = measures.loc[mid]
        out[ids[ent]].append(
            {"id": mid, "name_ru": row["name_ru"], "name_en": row["name_en"], "level": row["level"]}
        )
    return out


def support_measure_ids() -> list[str]:
    """Ids of the case's support measures (for budget lines)."""
    return sorted(live_case().tables["support_measures"]["measure_id"].astype(str))


def bom_frame(version: BomVersion) -> pd.DataFrame:
    """Return a version's lines as the core's bill-of-materials table."""
    rows = [
        {
            "item": ln.item,
            "quantity": ln.quantity,
            "unit": ln.unit,
            "unit_price": ln.unit_price,
            "supplier": ln.supplier.name if ln.supplier_id else "",
            "cluster_made": bool(ln.supplier_id and ln.supplier.is_member and ln.product_id),
            "imported": ln.imported,
        }
        for ln in BomLine.objects.filter(version=version).select_related("supplier")
    ]
    return pd.DataFrame(
        rows,
        columns=["item", "quantity", "unit", "unit_price", "supplier", "cluster_made", "imported"],
    )


def bom_totals(version: BomVersion) -> BomSummary:
    """Cost, cluster-made and imported shares of a version (:func:`bom_summary`)."""
    return bom_summary(bom_frame(version))


def bom_changes(old: BomVersion, new: BomVersion) -> pd.DataFrame:
    """Item-by-item comparison of two versions (:func:`bom_compare`)."""
    return bom_compare(bom_frame(old), bom_frame(new))


def assessment_scores(record: SelfAssessmentRecord) -> SelfAssessment:
    """Scores of a recorded self-assessment (:func:`self_assessment`)."""
    indicators = live_indicators()
    members = int(indicators.figure("members").value or 0)
    kinds = live_case().tables["enterprises"]["kind"].nunique()
    return self_assessment(
        {k: int(v) for k, v in record.answers.items()},
        management_fte=record.management_fte,
        members=members,
        member_types=int(kinds),
        website=record.website,
    )
