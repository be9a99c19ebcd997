"""The plan of priority measures: schedule, critical path, overdue and at-risk measures.

A plan is a table of measures with durations (or start and due dates) and a
table of dependencies (``measure_id`` cannot start before ``depends_on``
finishes). The critical-path method (Kelley & Walker 1959) runs on a
:class:`networkx.DiGraph`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

import networkx as nx
import pandas as pd

from regiocluster.programme._result import Figure, ProgrammeError, ProgrammeResult

__all__ = [
    "DONE",
    "CriticalPath",
    "PlanStatus",
    "budget_rollup",
    "critical_path",
    "dependency_graph",
    "plan_status",
]

#: Status values that count as finished.
DONE = frozenset({"done", "cancelled"})


def dependency_graph(
    measures: Iterable[str], dependencies: Iterable[tuple[str, str]]
) -> nx.DiGraph:
    """Build the plan's graph: an edge ``before → after`` per dependency.

    Parameters
    ----------
    measures : iterable of str
        Measure ids.
    dependencies : iterable of (after, before)
        ``after`` depends on ``before``.

    Raises
    ------
    ProgrammeError
        A dependency names an unknown measure, a measure depends on itself,
        or the dependencies form a cycle (the message lists it).
    """
    graph = nx.DiGraph()
    graph.add_nodes_from(measures)
    for after, before in dependencies:
        for m in (after, before):
            if m not in graph:
                raise ProgrammeError(f"dependency {after!r} → {before!r}: unknown measure {m!r}")
        if after == before:
            raise ProgrammeError(f"measure {after!r} depends on itself")
        graph.add_edge(before, after)
    if nx.is_directed_acyclic_graph(graph):  # linear; find_cycle only to name a cycle
        return graph
    cycle = nx.find_cycle(graph)
    raise ProgrammeError(
        "dependencies form a cycle: " + " → ".join([str(a) for a, _ in cycle] + [str(cycle[0][0])])
    )


@dataclass(frozen=True)
class CriticalPath(ProgrammeResult):
    """Earliest and latest times of every measure and the critical path.

    Attributes
    ----------
    frames : dict
        ``schedule``: per measure ``duration``, ``early_start``,
        ``early_finish``, ``late_start``, ``late_finish``, ``slack``,
        ``critical``.
    path : tuple of str
        Measures of the longest chain, in order.
    length : float
        Project duration (the same unit as the durations).
    """

    name: str = "programme.critical_path"

    path: tuple[str, ...] = ()
    length: float = 0.0


def critical_path(
    durations: Mapping[str, float] | pd.Series, dependencies: Iterable[tuple[str, str]]
) -> CriticalPath:
    """Run the critical-path method.

    Parameters
    ----------
    durations : mapping or Series
        Duration of each measure (days, weeks; non-negative).
    dependencies : iterable of (after, before)
        ``after`` starts when ``before`` has finished.

    Returns
    -------
    CriticalPath

    References
    ----------
    Kelley, J. E., & Walker, M. R. (1959). Critical-path planning and
    scheduling. Hillier, F. S., & Lieberman, G. J. Introduction to Operations
    Research, the Reliable Construction Co. example (44 weeks).
    """
    durations = pd.Series(durations, dtype=float)
    bad = durations[~(durations >= 0)]
    if len(bad):
        raise ProgrammeError(
            f"duration of {bad.index[0]!r} must be a non-negative number, got {bad.iloc[0]!r}"
        )
    graph = dependency_graph(durations.index, list(dependencies))
    order = list(nx.topological_sort(graph))
    rank = {m: i for i, m in enumerate(order)}
    dur = durations.to_dict()
    es: dict[str, float] = {}
    for m in order:
        es[m] = max((es[p] + dur[p] for p in graph.predecessors(m)), default=0.0)
    length = max((es[m] + dur[m] for m in order), default=0.0)
    lf: dict[str, float] = {}
    for m in reversed(order):
        lf[m] = min((lf[s] - dur[s] for s in graph.successors(m)), default=length)
    table = pd.DataFrame(
        {"duration": durations.reindex(order)}, index=pd.Index(order, name="measure_id")
    )
    table["early_start"] = pd.Series(es)
    table["early_finish"] = table["early_start"] + table["duration"]
    table["late_finish"] = pd.Series(lf)
    table["late_start"] = table["late_finish"] - table["duration"]
    table["slack"] = (table["late_start"] - table["early_start"]).round(9)
    table["critical"] = table["slack"] <= 1e-9
    critical = set(table.index[table["critical"]])
    path: list[str] = []
    current = [m for m in order if m in critical and es[m] == 0]
    while current:
        m = min(current, key=rank.__getitem__)
        path.append(m)
        finish = es[m] + dur[m]
        current = [s for s in graph.successors(m) if s in critical and abs(es[s] - finish) <= 1e-9]
    figures = (Figure("length", length, "", "Plan duration", "Длительность плана"),)
    return CriticalPath(
        figures=figures, frames={"schedule": table}, path=tuple(path), length=float(length)
    )


@dataclass(frozen=True)
class PlanStatus(ProgrammeResult):
    """Where the plan stands on a day.

    Attributes
    ----------
    frames : dict
        ``measures``: the input with ``overdue``, ``at_risk`` and ``reason``
        (``overdue``, ``late_dependency``, ``behind_schedule``, or empty).
    overdue, at_risk : tuple of str
        Measure ids.
    """

    name: str = "programme.plan_status"

    overdue: tuple[str, ...] = ()
    at_risk: tuple[str, ...] = ()


def _expected_progress(start: date, due: date, today: date) -> float:
    span = (due - start).days
    if span <= 0:
        return 1.0 if today >= due else 0.0
    return min(1.0, max(0.0, (today - start).days / span))


def plan_status(
    measures: pd.DataFrame,
    dependencies: Iterable[tuple[str, str]] = (),
    *,
    today: date,
    tolerance: float = 0.25,
) -> PlanStatus:
    """Mark the overdue and at-risk measures.

    Parameters
    ----------
    measures : DataFrame
        ``measure_id``, ``start``, ``due`` (dates), ``status`` and
        ``progress`` (0..1; missing counts as 0).
    dependencies : iterable of (after, before)
        As in :func:`dependency_graph`.
    today : date
        The day of the assessment.
    tolerance : float
        A running measure is behind schedule when its progress trails the
        share of its time elapsed by more than this.

    Returns
    -------
    PlanStatus

    Notes
    -----
    A measure not done is **overdue** after its due date. It is **at risk**
    when a measure it depends on is unfinished and overdue or would finish
    after this one must start (``late_dependency``), or when its progress
    trails the time elapsed by more than ``tolerance`` (``behind_schedule``).
    """
    for col in ("measure_id", "start", "due", "status"):
        if col not in measures.columns:
            raise ProgrammeError(f"measures: missing column {col!r}")
    table = measures.copy()
    bad = table[pd.to_datetime(table["due"]) < pd.to_datetime(table["start"])]
    if len(bad):
        raise ProgrammeError(f"measure {bad['measure_id'].iloc[0]!r}: due date before start date")
    progress = pd.to_numeric(table.get("progress", 0.0), errors="coerce")
    table["progress"] = pd.Series(progress, index=table.index).fillna(0.0).clip(0.0, 1.0)
    graph = dependency_graph(table["measure_id"], list(dependencies))
    rows = table.set_index("measure_id")
    open_ = ~rows["status"].isin(DONE)
    overdue = open_ & (pd.to_datetime(rows["due"]).dt.date < today)
    reason = pd.Series("", index=rows.index, dtype=object)
    reason[overdue] = "overdue"
    for m in rows.index[open_ & ~overdue]:
        late = [
            p
            for p in graph.predecessors(m)
            if open_[p] and (overdue[p] or rows.at[p, "due"] > rows.at[m, "start"])
        ]
        expected = _expected_progress(rows.at[m, "start"], rows.at[m, "due"], today)
        if late:
            reason[m] = "late_dependency"
        elif rows.at[m, "progress"] < expected - tolerance:
            reason[m] = "behind_schedule"
    rows["overdue"] = overdue
    rows["at_risk"] = reason.isin(["late_dependency", "behind_schedule"])
    rows["reason"] = reason
    figures = (
        Figure("overdue", float(overdue.sum()), "", "Overdue measures", "Просроченные меры"),
        Figure("at_risk", float(rows["at_risk"].sum()), "", "Measures at risk", "Меры под угрозой"),
    )
    return PlanStatus(
        figures=figures,
        frames={"measures": rows.reset_index()},
        overdue=tuple(rows.index[overdue]),
        at_risk=tuple(rows.index[rows["at_risk"]]),
    )


def budget_rollup(lines: pd.DataFrame, *, by: str = "measure_id") -> pd.DataFrame:
    """Sum a budget by ``by`` and funding source, with totals.

    Parameters
    ----------
    lines : DataFrame
        ``by``, ``source`` and ``amount`` (non-negative, one currency).
    by : str
        The grouping column (a measure, a project).

    Returns
    -------
    DataFrame
        Rows per ``by`` plus a ``total`` row; columns per source plus
        ``total``; each cell the sum of amounts.
    """
    for col in (by, "source", "amount"):
        if col not in lines.columns:
            raise ProgrammeError(f"budget: missing column {col!r}")
    amount = pd.to_numeric(lines["amount"], errors="coerce")
    bad = lines[~(amount >= 0)]
    if len(bad):
        raise ProgrammeError(
            f"budget row {bad.index[0]}: amount must be a non-negative number, "
            f"got {bad['amount'].iloc[0]!r}"
        )
    table = lines.assign(amount=amount).pivot_table(
        index=by, columns="source", values="amount", aggfunc="sum", fill_value=0.0
    )
    table.columns.name = None
    table["total"] = table.sum(axis=1)
    table.loc["total"] = table.sum(axis=0)
    return table
