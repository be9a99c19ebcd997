"""An illustrative plan of priority measures drawn from the study's recommendations.

The study's goal 10 is a cluster management system; four of its
recommendations are about running the cluster: set up the organisations the
cluster needs (its specialised organisation, a council, working groups);
joint infrastructure projects and renovation of production facilities; joint
R&D with a test site; a "Smart House" demonstration project. The measures
below turn those into a plan. **Dates, durations and budgets are synthetic**
(written for the example, not taken from any programme): the plan is
labelled illustrative everywhere it is shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from regiocluster.programme._result import SYNTHETIC, ProgrammeResult

__all__ = ["KINDS", "SOURCES", "IllustrativePlan", "illustrative_plan"]

#: Kinds of measures: id -> (English, Russian).
KINDS = {
    "organisational": ("Organisational", "Организационная"),
    "infrastructure": ("Infrastructure", "Инфраструктурная"),
    "rnd": ("R&D", "НИОКР"),
    "promotion": ("Promotion", "Продвижение"),
    "training": ("Training", "Обучение"),
    "support": ("Support", "Поддержка"),
}
#: Funding sources: id -> (English, Russian); a support measure of the case is its own source.
SOURCES = {
    "federal": ("Federal budget", "Федеральный бюджет"),
    "regional": ("Regional budget", "Региональный бюджет"),
    "own": ("Own funds", "Собственные средства"),
    "support_measure": ("Support measure", "Мера поддержки"),
}

# id, kind, English, Russian, start month, months, depends on, {source: mln RUB}, KPIs
_MEASURES = [
    (
        "P01",
        "organisational",
        "Set up the cluster's specialised organisation",
        "Создание специализированной организации кластера",
        0,
        6,
        (),
        {"regional": 12.0},
        ("members",),
    ),
    (
        "P02",
        "organisational",
        "Form the cluster council",
        "Формирование совета кластера",
        6,
        3,
        ("P01",),
        {"own": 0.5},
        ("members",),
    ),
    (
        "P03",
        "organisational",
        "Working groups: cement, concrete, wall materials",
        "Рабочие группы: цемент, бетон, стеновые материалы",
        9,
        3,
        ("P02",),
        {"own": 0.8},
        ("functional_dependence",),
    ),
    (
        "P04",
        "support",
        "Subcontracting exchange and contract register",
        "Биржа субподряда и реестр договоров",
        6,
        9,
        ("P01",),
        {"regional": 6.0, "own": 1.5},
        ("functional_dependence", "internal_sales_share"),
    ),
    (
        "P05",
        "infrastructure",
        "Joint logistics and storage infrastructure",
        "Совместная логистическая и складская инфраструктура",
        12,
        24,
        ("P03",),
        {"federal": 180.0, "regional": 60.0, "own": 90.0},
        ("investment", "new_jobs"),
    ),
    (
        "P06",
        "infrastructure",
        "Renovation of members' production facilities",
        "Модернизация производственных мощностей участников",
        12,
        30,
        ("P03",),
        {"support_measure": 400.0, "own": 250.0},
        ("investment", "import_substitution"),
    ),
    (
        "P07",
        "rnd",
        "Joint R&D centre with a test site",
        "Совместный центр НИОКР с испытательным полигоном",
        12,
        18,
        ("P03",),
        {"federal": 45.0, "regional": 20.0, "own": 15.0},
        ("import_substitution",),
    ),
    (
        "P08",
        "rnd",
        '"Smart House" demonstration project',
        "Демонстрационный проект «Умный дом»",
        30,
        15,
        ("P07",),
        {"regional": 35.0, "own": 40.0},
        ("internal_sales_share",),
    ),
    (
        "P09",
        "promotion",
        "Export promotion and fairs",
        "Продвижение экспорта и выставки",
        6,
        36,
        ("P01",),
        {"federal": 8.0, "own": 4.0},
        ("exports",),
    ),
    (
        "P10",
        "training",
        "Training programme with colleges",
        "Программа подготовки кадров с колледжами",
        9,
        24,
        ("P02",),
        {"regional": 10.0, "own": 3.0},
        ("new_jobs",),
    ),
]


@dataclass(frozen=True)
class IllustrativePlan(ProgrammeResult):
    """The illustrative plan.

    Attributes
    ----------
    frames : dict
        ``measures`` (measure_id, kind, name_en, name_ru, start, due, kpis),
        ``dependencies`` (measure_id, depends_on), ``budget`` (measure_id,
        source, amount in mln RUB).
    """

    name: str = "programme.illustrative_plan"


def _add_months(day: date, months: int) -> date:
    y, m = divmod(day.month - 1 + months, 12)
    return date(day.year + y, m + 1, 1)


def illustrative_plan(*, start: date) -> IllustrativePlan:
    """Return the illustrative plan starting on ``start`` (moved to the month's first day).

    Examples
    --------
    >>> from datetime import date
    >>> plan = illustrative_plan(start=date(2026, 1, 1))
    >>> len(plan.frames["measures"])
    10
    """
    first = date(start.year, start.month, 1)
    rows, deps, budget = [], [], []
    for mid, kind, en, ru, offset, months, after, money, kpis in _MEASURES:
        rows.append(
            {
                "measure_id": mid,
                "kind": kind,
                "name_en": en,
                "name_ru": ru,
                "start": _add_months(first, offset),
                "due": _add_months(first, offset + months),
                "kpis": kpis,
            }
        )
        deps += [{"measure_id": mid, "depends_on": d} for d in after]
        budget += [{"measure_id": mid, "source": s, "amount": a} for s, a in money.items()]
    return IllustrativePlan(
        frames={
            "measures": pd.DataFrame(rows),
            "dependencies": pd.DataFrame(deps),
            "budget": pd.DataFrame(budget),
        },
        provenance=SYNTHETIC,
    )
