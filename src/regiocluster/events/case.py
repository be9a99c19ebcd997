"""The forum and suppliers' conference on a case, as one Result for the study.

:func:`events_plan` sizes a suppliers' conference to the case's members
(one participant each; buyers are the construction customers' share of
them), draws its meeting requests with
:func:`~regiocluster.events.synthetic_conference` (the case holds no
requests: they are synthetic and the Result says so) and schedules them
with the exact model, :func:`~regiocluster.events.schedule_meetings`,
against the organisers' greedy rule as the baseline.
"""

from __future__ import annotations

import pandas as pd

from regiocluster.case.provenance import Provenance
from regiocluster.events.schedule import schedule_greedy, schedule_meetings
from regiocluster.events.synthetic import synthetic_conference
from regiocluster.result import Figure, Result

__all__ = ["events_plan"]

#: Provenance of the generated requests.
SYNTHETIC = Provenance.of({"events_requests": ("synthetic",)})


def events_plan(
    case,
    *,
    requests_per_member: int = 4,
    slots: int = 16,
    time_limit: float = 20.0,
    seed: int = 0,
) -> Result:
    """Plan a one-day suppliers' conference of the members: requests, schedule, baseline.

    Returns
    -------
    Result
        ``events.plan`` with frames ``meetings`` (``a``, ``b``, ``slot``,
        ``table``, ``weight``) and ``comparison`` (greedy and optimal:
        meetings, weight); figures ``participants``, ``requests``,
        ``meetings``, ``weight_met`` (share of the requested weight the
        schedule meets) and ``gain_over_greedy`` (share).

    Examples
    --------
    >>> from regiocluster import load_case
    >>> r = events_plan(load_case("leningrad"), time_limit=5)
    >>> 0 < r.value("weight_met") <= 1
    True
    """
    members = len(case.members())
    participants = max(members, 10)
    tables = max(participants // 8, 2)
    conference = synthetic_conference(
        participants=participants,
        requests=requests_per_member * participants,
        slots=slots,
        tables=tables,
        seed=seed,
    )
    requests, availability = conference.requests, conference.availability
    greedy = schedule_greedy(requests, slots, tables, availability=availability)
    best = schedule_meetings(
        requests, slots, tables, availability=availability, time_limit=time_limit
    )
    asked = float(requests["weight"].sum())
    met = best.objective_ / asked if asked else 0.0
    gain = best.objective_ / greedy.objective_ - 1 if greedy.objective_ else 0.0
    comparison = pd.DataFrame(
        {
            "method": ["greedy", "optimal"],
            "meetings": [len(greedy.meetings_), len(best.meetings_)],
            "weight": [greedy.objective_, best.objective_],
            "status": [greedy.status_, best.status_],
        }
    )
    figures = (
        Figure("participants", participants, "count", "Participants", "Участники"),
        Figure("requests", len(requests), "count", "Meeting requests", "Заявки на встречи"),
        Figure("meetings", len(best.meetings_), "count", "Meetings scheduled", "Назначено встреч"),
        Figure(
            "weight_met",
            met,
            "share",
            "Share of the requested priority met",
            "Доля удовлетворённого приоритета заявок",
        ),
        Figure(
            "gain_over_greedy",
            gain,
            "share",
            "Gain of the optimal schedule over the organisers' rule",
            "Выигрыш оптимального расписания против правила организаторов",
        ),
    )
    en = (
        f"A conference of {participants} members with {len(requests)} requests: "
        f"{len(best.meetings_)} meetings in {slots} slots at {tables} tables, "
        f"{100 * gain:.0f}% more priority than the greedy rule.",
    )
    ru = (
        f"Конференция {participants} участников, {len(requests)} заявок: "
        f"{len(best.meetings_)} встреч в {slots} слотах за {tables} столами, "
        f"на {100 * gain:.0f}% больше приоритета, чем по жадному правилу.",
    )
    return Result(
        "events.plan",
        frames={"meetings": best.meetings_, "comparison": comparison},
        figures=figures,
        sentences={"en": en, "ru": ru},
        provenance=case.provenance("enterprises").merge(SYNTHETIC),
        year=case.year,
        options={"slots": slots, "tables": tables, "seed": seed, "time_limit": time_limit},
    )
