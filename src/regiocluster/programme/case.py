"""The management system on a case, as one Result for the study and other clients.

:func:`management_system` lays the illustrative plan of priority measures
(:func:`~regiocluster.programme.illustrative_plan`) from the year after the
case's data, finds its critical path and budget by source, and names the
indicators each measure moves (:data:`~regiocluster.programme.COMPUTED`).
The plan's dates and budgets are synthetic: the Result's provenance says so.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from regiocluster.programme._result import SYNTHETIC
from regiocluster.programme.indicators import COMPUTED
from regiocluster.programme.plan import budget_rollup, critical_path
from regiocluster.programme.seed import KINDS, SOURCES, illustrative_plan
from regiocluster.result import Figure, Result

__all__ = ["management_system"]


def _months(start: date, end: date) -> int:
    return (end.year - start.year) * 12 + end.month - start.month


def management_system(case, *, start: date | None = None) -> Result:
    """Return the plan of priority measures, its critical path, budget and KPIs.

    Parameters
    ----------
    case : Case
        A loaded case (its year places the plan: it starts on 1 January of
        the following year unless ``start`` is given).
    start : date, optional, keyword-only

    Returns
    -------
    Result
        ``programme.management_system`` with frames ``measures`` (id,
        kind, names, start, due, months, budget in mln RUB, KPIs, critical)
        and ``budget`` (by funding source); figures ``measures``,
        ``budget`` (mln RUB), ``duration`` (months, the critical path) and
        ``kpis`` (indicators the plan targets).

    Examples
    --------
    >>> from regiocluster import load_case
    >>> r = management_system(load_case("leningrad"))
    >>> r.value("measures"), r.value("duration") > 0
    (10, True)
    """
    first = start or date(int(case.year) + 1, 1, 1)
    plan = illustrative_plan(start=first)
    measures = plan.frames["measures"].copy()
    measures["months"] = [
        _months(s, d) for s, d in zip(measures["start"], measures["due"], strict=True)
    ]
    deps = plan.frames["dependencies"]
    pairs = list(zip(deps["measure_id"], deps["depends_on"], strict=True)) if len(deps) else []
    path = critical_path(measures.set_index("measure_id")["months"], pairs)
    money = plan.frames["budget"]
    total = budget_rollup(money)["total"]
    measures["budget"] = measures["measure_id"].map(total).fillna(0.0).to_numpy(float)
    measures["critical"] = measures["measure_id"].isin(path.path)
    measures["kind_en"] = measures["kind"].map(lambda k: KINDS[k][0])
    measures["kind_ru"] = measures["kind"].map(lambda k: KINDS[k][1])
    measures["kpis"] = measures["kpis"].map(list)
    by_source = money.groupby("source", as_index=False)["amount"].sum()
    by_source["name_en"] = by_source["source"].map(lambda s: SOURCES[s][0])
    by_source["name_ru"] = by_source["source"].map(lambda s: SOURCES[s][1])
    kpis = sorted({k for row in measures["kpis"] for k in row if k in COMPUTED})
    budget = float(measures["budget"].sum())
    figures = (
        Figure("measures", len(measures), "count", "Priority measures", "Приоритетные меры"),
        Figure("budget", budget, "mln_rub", "Budget of the plan", "Бюджет плана"),
        Figure(
            "duration",
            float(path.length),
            "months",
            "Duration of the plan (critical path)",
            "Срок реализации плана (критический путь)",
        ),
        Figure("kpis", len(kpis), "count", "Indicators the plan targets", "Целевые показатели"),
    )
    en = (
        f"{len(measures)} priority measures over {path.length:.0f} months from {first:%Y-%m}, "
        f"budget {budget:,.0f} mln RUB (illustrative).",
    )
    ru = (
        f"{len(measures)} приоритетных мер на {path.length:.0f} мес. с {first:%m.%Y}; "
        f"бюджет {budget:,.0f} млн руб. (иллюстративно).".replace(",", "\u00a0"),
    )
    return Result(
        "programme.management_system",
        frames={"measures": measures, "budget": by_source, "kpis": pd.DataFrame({"kpi": kpis})},
        figures=figures,
        sentences={"en": en, "ru": ru},
        provenance=SYNTHETIC,
        year=first.year,
        options={"start": first.isoformat()},
    )
