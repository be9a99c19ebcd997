"""A programme's plan of measures as the development model's :class:`Levers`.

The management system (:mod:`regiocluster.programme`) keeps a plan: measures
with a kind, start and due dates, and a budget by funding source (million
RUB). The model's levers are yearly and constant over the simulated years,
so each measure contributes its **average per simulated year**:

* **Money.** A measure's budget is spread evenly over the days from its
  start to its due date; the part falling in the simulated years (the year
  after the case's last year to ``until``) is divided by their number.
  Amounts from the source ``support_measure`` (subsidies paid to members,
  whatever the measure's kind) go to ``support_mrub``; the other amounts of
  ``infrastructure`` measures go to ``infrastructure_mrub`` (joint projects
  built with federal, regional or members' own money).
* **The test site.** An ``rnd`` measure whose name mentions a test site
  ("test site", "полигон") opens it on its due date; ``test_site`` is the
  share of the simulated days it is open.
* **Matchmaking and import substitution.** A plan has no meeting counts or
  substitution targets unless it says so: the optional measure columns
  ``meetings_per_year`` and ``import_substitution_pct`` apply while the
  measure runs (start to due date), averaged over the simulated years.

Everything else (organisational, promotion, training measures) moves no
lever and is listed with the reason, so a reader sees what the model
leaves out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from regiocluster.errors import InvalidValueError
from regiocluster.result import Figure, Result
from regiocluster.simulation.levers import LEVER_BOUNDS, LEVER_LABELS, LEVER_UNITS, Levers

__all__ = ["PlanLevers", "plan_levers"]

_TEST_SITE_WORDS = ("test site", "полигон")
_NEEDED = ("measure_id", "kind", "start", "due")


@dataclass(frozen=True)
class PlanLevers(Result):
    """Levers of a plan and each measure's contribution.

    Attributes
    ----------
    levers : Levers
    frames : dict
        ``contributions``: measure_id, lever, value (in the lever's unit, a
        yearly average over the simulated years), rule.
    """

    levers: Levers = Levers()


def _overlap(start: date, end: date, first: date, stop: date) -> float:
    """Days of [start, end) inside [first, stop)."""
    return max((min(end, stop) - max(start, first)).days, 0)


def _dates(measures: pd.DataFrame) -> pd.DataFrame:
    missing = [c for c in _NEEDED if c not in measures.columns]
    if missing:
        raise InvalidValueError("plan column", missing[0], _NEEDED)
    out = measures.copy()
    for col in ("start", "due"):
        out[col] = pd.to_datetime(out[col], errors="coerce").dt.date
    bad = out[out["start"].isna() | out["due"].isna() | (out["due"] <= out["start"])]
    if len(bad):
        row = bad.iloc[0]
        raise InvalidValueError(
            f"dates of measure {row['measure_id']}", f"{row['start']}..{row['due']}",
            reason="need a start before the due date",
        )  # fmt: skip
    return out.set_index("measure_id")


def _money(measures, budget, first, stop, years) -> list[dict]:
    rows = []
    for _, line in budget.iterrows():
        m = measures.loc[line["measure_id"]]
        length = (m["due"] - m["start"]).days
        inside = _overlap(m["start"], m["due"], first, stop) / length
        value = float(line["amount"]) * inside / years
        if line["source"] == "support_measure":
            lever, rule = "support_mrub", "support-measure money, yearly average"
        elif m["kind"] == "infrastructure":
            lever, rule = "infrastructure_mrub", "infrastructure money, yearly average"
        else:
            lever, rule = "", f"{m['kind']} money moves no lever"
        rows.append(
            {"measure_id": line["measure_id"], "lever": lever, "value": value, "rule": rule}
        )
    return rows


def _other(measures, first, stop, days, years) -> list[dict]:
    rows = []
    for mid, m in measures.iterrows():
        name = " ".join(str(m.get(c, "")) for c in ("name_en", "name_ru", "title")).lower()
        if m["kind"] == "rnd" and any(w in name for w in _TEST_SITE_WORDS):
            share = _overlap(m["due"], stop, first, stop) / days
            rows.append(
                {"measure_id": mid, "lever": "test_site", "value": share, "rule": "open from due"}
            )
        running = _overlap(m["start"], m["due"], first, stop) / days
        for column, lever in (
            ("meetings_per_year", "matchmaking_meetings"),
            ("import_substitution_pct", "import_substitution_pct"),
        ):
            value = pd.to_numeric(m.get(column), errors="coerce")
            if pd.notna(value) and value:
                rows.append(
                    {"measure_id": mid, "lever": lever, "value": float(value) * running,
                     "rule": f"{column} while running"}
                )  # fmt: skip
    return rows


def plan_levers(
    measures: pd.DataFrame,
    budget: pd.DataFrame | None = None,
    *,
    start_year: int,
    until: int = 2035,
) -> PlanLevers:
    """Map a plan of measures onto the model's levers (see the module's rules).

    Parameters
    ----------
    measures : DataFrame
        ``measure_id``, ``kind``, ``start``, ``due``; optional ``name_en``,
        ``name_ru``, ``meetings_per_year``, ``import_substitution_pct``.
    budget : DataFrame, optional
        ``measure_id``, ``source``, ``amount`` (million RUB).
    start_year : int, keyword-only
        The case's last year; the simulated years are ``start_year + 1`` to ``until``.
    until : int, keyword-only

    Returns
    -------
    PlanLevers

    Raises
    ------
    InvalidValueError
        A missing column, a measure without a valid period, a budget line of
        an unknown measure, or a lever beyond its range (named with the range).
    """
    if until <= start_year:
        raise InvalidValueError("until", until, reason=f"must be after {start_year}")
    table = _dates(measures)
    budget = (
        budget if budget is not None else pd.DataFrame(columns=["measure_id", "source", "amount"])
    )
    unknown = set(budget["measure_id"]) - set(table.index)
    if unknown:
        raise InvalidValueError("budget measure", sorted(unknown)[0], sorted(table.index))
    first, stop = date(start_year + 1, 1, 1), date(until + 1, 1, 1)
    years = until - start_year
    rows = _money(table, budget, first, stop, years)
    rows += _other(table, first, stop, (stop - first).days, years)
    frame = pd.DataFrame(rows, columns=["measure_id", "lever", "value", "rule"])
    totals = frame[frame["lever"] != ""].groupby("lever")["value"].sum()
    levers = Levers(**{k: float(totals.get(k, 0.0)) for k in LEVER_BOUNDS})
    return PlanLevers(
        name="simulation.plan_levers",
        frames={"contributions": frame},
        figures=tuple(
            Figure(k, v, LEVER_UNITS[k], *LEVER_LABELS[k]) for k, v in levers.as_dict().items()
        ),
        year=until,
        options={"start_year": start_year, "until": until},
        levers=levers,
    )
