"""Cluster-management self-assessment against ESCA's bronze-label indicator groups.

The European Secretariat for Cluster Analysis (ESCA) benchmarks a cluster
management organisation in an interview on 36 indicators in six groups: the
structure of the cluster; cluster management and governance; financing of the
cluster management; services of the cluster management; contacts and
interaction within the cluster; achievements and recognition
(https://www.cluster-analysis.org/benchmarked-clusters). ESCA's questionnaire
itself is not public: the six indicators per group below are our own
paraphrase of those areas, for a self-assessment, not ESCA's wording.
The eligibility thresholds are the European Cluster Collaboration Platform's
for a cluster profile (at least 0.5 FTE of cluster management, 15 committed
members, two member types, an active website).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from regiocluster.programme._result import Figure, ProgrammeError, ProgrammeResult

__all__ = ["AREAS", "INDICATORS", "SCALE", "SelfAssessment", "self_assessment"]

#: The six areas: id -> (English, Russian).
AREAS: dict[str, tuple[str, str]] = {
    "structure": ("Structure of the cluster", "Структура кластера"),
    "governance": ("Management and governance", "Управление кластером"),
    "financing": ("Financing of the cluster management", "Финансирование управления"),
    "services": ("Services of the cluster management", "Услуги управляющей организации"),
    "cooperation": ("Contacts and interaction", "Контакты и взаимодействие"),
    "recognition": ("Achievements and recognition", "Достижения и признание"),
}

#: Six indicators per area (our paraphrase): id -> (area, English, Russian).
INDICATORS: dict[str, tuple[str, str, str]] = {}
_TEXT = {
    "structure": [
        ("Committed members", "Число участников с обязательствами"),
        ("Member types (industry, research, education, government)", "Типы участников"),
        ("Share of SMEs among members", "Доля МСП среди участников"),
        ("Geographic concentration", "Территориальная концентрация"),
        ("Membership growth", "Рост числа участников"),
        ("Critical mass in the value chain", "Критическая масса в цепочке"),
    ],
    "governance": [
        ("Staff of the management (FTE)", "Штат управляющей организации"),
        ("Qualification of the management team", "Квалификация команды"),
        ("Written strategy with objectives", "Стратегия с целями"),
        ("Members' role in decisions (council, boards)", "Участие в решениях (совет)"),
        ("Working groups active", "Рабочие группы"),
        ("Monitoring of KPIs", "Мониторинг KPI"),
    ],
    "financing": [
        ("Diversity of funding sources", "Разнообразие источников"),
        ("Share of private funding", "Доля частного финансирования"),
        ("Membership fees", "Членские взносы"),
        ("Income from services", "Доход от услуг"),
        ("Financial planning for three years", "Финансовый план на три года"),
        ("Success in public calls", "Успех в конкурсах"),
    ],
    "services": [
        ("Information and matchmaking", "Информирование и подбор партнёров"),
        ("Joint R&D projects", "Совместные НИОКР"),
        ("Training and skills", "Обучение и кадры"),
        ("Internationalisation and export support", "Поддержка экспорта"),
        ("Access to support measures", "Доступ к мерам поддержки"),
        ("Member satisfaction surveyed", "Опрос удовлетворённости"),
    ],
    "cooperation": [
        ("Events per year", "Мероприятия в год"),
        ("Contracts among members", "Договоры между участниками"),
        ("Joint projects under way", "Совместные проекты"),
        ("Cooperation with other clusters", "Сотрудничество с другими кластерами"),
        ("Online platform used by members", "Платформа используется участниками"),
        ("Research–industry links", "Связи науки и производства"),
    ],
    "recognition": [
        ("Media presence", "Присутствие в СМИ"),
        ("Success stories documented", "Описанные истории успеха"),
        ("Awards and labels", "Награды и знаки качества"),
        ("Recognition by government", "Признание властями"),
        ("Presence at international fairs", "Участие в международных выставках"),
        ("Profile on the European Cluster Collaboration Platform", "Профиль на ECCP"),
    ],
}
for _area, _items in _TEXT.items():
    for _i, (_en, _ru) in enumerate(_items, start=1):
        INDICATORS[f"{_area}.{_i}"] = (_area, _en, _ru)

#: Score scale of each indicator.
SCALE = (0, 1, 2, 3, 4)


@dataclass(frozen=True)
class SelfAssessment(ProgrammeResult):
    """Scores of a self-assessment.

    Attributes
    ----------
    frames : dict
        ``areas``: per area ``answered``, ``score`` (mean, 0..4) and
        ``percent``; ``eligibility``: each ECCP criterion, value, threshold, met.
    overall : float
        Mean of the area percentages (areas without answers left out).
    eligible : bool
        All eligibility criteria met.
    """

    name: str = "programme.self_assessment"

    overall: float = 0.0
    eligible: bool = False


def self_assessment(
    answers: Mapping[str, int],
    *,
    management_fte: float,
    members: int,
    member_types: int,
    website: bool,
) -> SelfAssessment:
    """Score a self-assessment.

    Parameters
    ----------
    answers : mapping
        Indicator id (``"governance.3"``) -> score in :data:`SCALE`.
    management_fte, members, member_types, website
        For the eligibility criteria.

    Returns
    -------
    SelfAssessment

    Raises
    ------
    ProgrammeError
        An unknown indicator or a score outside the scale.
    """
    for key, score in answers.items():
        if key not in INDICATORS:
            raise ProgrammeError(f"self-assessment: unknown indicator {key!r}")
        if score not in SCALE or isinstance(score, bool):
            raise ProgrammeError(
                f"self-assessment {key!r}: score must be one of {SCALE}, got {score!r}"
            )
    rows = []
    for area in AREAS:
        scores = [s for k, s in answers.items() if INDICATORS[k][0] == area]
        mean = sum(scores) / len(scores) if scores else float("nan")
        rows.append({"area": area, "answered": len(scores), "score": mean, "percent": 25.0 * mean})
    areas = pd.DataFrame(rows)
    eligibility = pd.DataFrame(
        [
            ("management_fte", float(management_fte), 0.5),
            ("members", float(members), 15.0),
            ("member_types", float(member_types), 2.0),
            ("website", float(bool(website)), 1.0),
        ],
        columns=["criterion", "value", "threshold"],
    )
    eligibility["met"] = eligibility["value"] >= eligibility["threshold"]
    answered = areas["percent"].dropna()
    overall = float(answered.mean()) if len(answered) else float("nan")
    figures = (
        Figure("overall", overall, "%", "Self-assessment score", "Итог самооценки"),
        *(
            Figure(r.area, r.percent, "%", AREAS[r.area][0], AREAS[r.area][1])
            for r in areas.itertuples()
        ),
    )
    return SelfAssessment(
        figures=figures,
        frames={"areas": areas, "eligibility": eligibility},
        overall=overall,
        eligible=bool(eligibility["met"].all()),
    )
