"""Running the cluster: plan of measures, KPIs, self-assessment, test site, Smart House."""

from regiocluster.programme._result import Figure, ProgrammeError, ProgrammeResult
from regiocluster.programme.bom import BOM_COLUMNS, BomSummary, bom_compare, bom_summary
from regiocluster.programme.booking import MAX_SLOTS, SLOT_MINUTES, booking_slots
from regiocluster.programme.esca import AREAS, INDICATORS, SCALE, SelfAssessment, self_assessment
from regiocluster.programme.indicators import (
    COMPUTED,
    ClusterIndicators,
    cluster_indicators,
    indicator_year,
)
from regiocluster.programme.kpi import Light, kpi_progress, kpi_table, traffic_light
from regiocluster.programme.plan import (
    DONE,
    CriticalPath,
    PlanStatus,
    budget_rollup,
    critical_path,
    dependency_graph,
    plan_status,
)
from regiocluster.programme.seed import KINDS, SOURCES, IllustrativePlan, illustrative_plan

__all__ = [
    "AREAS",
    "BOM_COLUMNS",
    "COMPUTED",
    "DONE",
    "INDICATORS",
    "KINDS",
    "MAX_SLOTS",
    "SCALE",
    "SLOT_MINUTES",
    "SOURCES",
    "BomSummary",
    "ClusterIndicators",
    "CriticalPath",
    "Figure",
    "IllustrativePlan",
    "Light",
    "PlanStatus",
    "ProgrammeError",
    "ProgrammeResult",
    "SelfAssessment",
    "bom_compare",
    "bom_summary",
    "booking_slots",
    "budget_rollup",
    "cluster_indicators",
    "critical_path",
    "dependency_graph",
    "illustrative_plan",
    "indicator_year",
    "kpi_progress",
    "kpi_table",
    "plan_status",
    "self_assessment",
    "traffic_light",
]
