"""Chapter 10 — the management system: compliance, organisation, plan, KPIs, events.

The Decree 779 verdict and the management organisations come from the
network and mapping Results; the plan of priority measures with its
critical path, budget and KPIs from :mod:`regiocluster.programme.case`, and
the suppliers' conference from :mod:`regiocluster.events.case`, through the
chapter providers.
"""

from __future__ import annotations

import pandas as pd

from regiocluster.case.load import Case
from regiocluster.programme.indicators import COMPUTED
from regiocluster.report.compose import (
    DECREE_779,
    classifier_names,
    findings_of,
    named,
)
from regiocluster.report.model import N_, Chapter, Column, Finding, Name, Table
from regiocluster.report.registry import provided, register_chapter
from regiocluster.report.results import ResultBook
from regiocluster.report.sections.members import decree, structure
from regiocluster.result import Result

KEY = "management"


@register_chapter(key=KEY, title=N_("The management system"), order=100)
def compose(case: Case, book: ResultBook) -> Chapter:
    """Chapter 10: the Decree 779 verdict, management organisations, programme content."""
    members = structure(case, book).frames["members"]
    result = decree(case, book)
    managers = members[members["role"] == "management"].copy()
    managers["region"] = named(
        managers, "region_id", classifier_names(case, "regions", "region_id")
    )
    compliant = bool(result.value("compliant"))
    findings = [
        Finding(
            N_(
                "The cluster meets the register's requirements of {decree}: functional "
                "dependence {dependence} against {threshold}."
            )
            if compliant
            else N_(
                "The cluster does not yet meet the register's requirements of {decree}: "
                "functional dependence {dependence} against {threshold}."
            ),
            {
                "dependence": book.ref(result, "functional_dependence"),
                "threshold": book.ref(result, "threshold"),
                "decree": DECREE_779,
            },
        ),
        Finding(
            "{n} members act as the cluster's management organisation.",
            {
                "n": book.cell(
                    result,
                    "management_members",
                    len(managers),
                    "count",
                    label="Management organisations",
                )
            },
        ),
    ]
    recs = [
        Finding(
            "Adopt the plan of priority measures with yearly targets: members {n}, functional"
            " dependence at least {threshold}, and the capacity plans of chapter 1.",
            {"n": book.ref(result, "members"), "threshold": book.ref(result, "threshold")},
            kind="plan",
        )
    ]
    extra = provided(KEY, case)
    findings += findings_of(case, book, extra)
    by_name = {r.name: r for r in extra}
    blocks = _tables(result, managers)
    if "programme.management_system" in by_name:
        blocks += _plan_tables(by_name["programme.management_system"])
    if "events.plan" in by_name:
        blocks.append(_events_table(by_name["events.plan"]))
    return Chapter(
        KEY,
        N_("The management system"),
        findings=findings,
        blocks=blocks,
        recommendations=recs,
        intro=N_(
            "The management system is the specialised organisation, its plan of priority "
            "measures and KPIs, and the reports the register under Decree 779 requires."
        ),
        illustrative=result.illustrative or any(r.illustrative for r in extra),
    )


def _kpi_names(ids: list[str]) -> Name:
    """Return the indicators a measure targets, joined, in both languages."""
    labels = [COMPUTED[k] for k in ids if k in COMPUTED]
    return Name(
        ",".join(ids), "; ".join(en for _, en, _ in labels), "; ".join(ru for *_, ru in labels)
    )


def _plan_tables(plan: Result) -> list[Table]:
    """Return the plan of priority measures and its budget by funding source."""
    measures = plan.frames["measures"]
    frame = measures.assign(
        measure=[
            Name(m, en, ru)
            for m, en, ru in measures[["measure_id", "name_en", "name_ru"]].itertuples(index=False)
        ],
        kind_name=[
            Name(k, en, ru)
            for k, en, ru in measures[["kind", "kind_en", "kind_ru"]].itertuples(index=False)
        ],
        begins=[f"{d:%Y-%m}" for d in measures["start"]],
        ends=[f"{d:%Y-%m}" for d in measures["due"]],
        targets=[_kpi_names(list(k)) for k in measures["kpis"]],
    )
    budget = plan.frames["budget"]
    budget = budget.assign(
        name=[
            Name(s, en, ru)
            for s, en, ru in budget[["source", "name_en", "name_ru"]].itertuples(index=False)
        ]
    )
    return [
        Table(
            f"{KEY}.plan",
            N_("Plan of priority measures (critical path marked)"),
            (
                Column("measure", N_("Measure"), "name"),
                Column("kind_name", N_("Kind"), "name"),
                Column("begins", N_("Start"), "text"),
                Column("ends", N_("Due"), "text"),
                Column("budget", N_("Budget"), "number", unit="mln_rub", digits=1),
                Column("critical", N_("On the critical path"), "bool"),
                Column("targets", N_("Indicators it moves"), "name"),
            ),
            frame,
            limit=None,
            illustrative=plan.illustrative,
        ),
        Table(
            f"{KEY}.budget",
            N_("Budget of the plan by funding source"),
            (
                Column("name", N_("Source"), "name"),
                Column("amount", N_("Amount"), "number", unit="mln_rub", digits=1),
            ),
            budget.sort_values("amount", ascending=False),
            limit=None,
            illustrative=plan.illustrative,
        ),
    ]


def _events_table(events: Result) -> Table:
    """Return the conference table: the optimal schedule against the organisers' rule."""
    comparison = events.frames["comparison"].assign(
        name=lambda f: f["method"].map(
            {
                "greedy": N_("Organisers' rule (heaviest request first)"),
                "optimal": N_("Optimal schedule"),
            }
        )
    )
    return Table(
        f"{KEY}.conference",
        N_("Suppliers' conference: one-to-one meetings scheduled"),
        (
            Column("name", N_("Schedule"), "message"),
            Column("meetings", N_("Meetings"), "int"),
            Column("weight", N_("Priority met (sum of weights)"), "int"),
        ),
        comparison,
        limit=None,
        illustrative=events.illustrative,
    )


def _tables(result: Result, managers: pd.DataFrame) -> list[Table]:
    """Return the Decree 779 tests and the management organisations."""
    rows = []
    for fig_id, label, kind in (
        ("members", N_("Members"), "int"),
        ("purchases", N_("Purchases of members, mln RUB"), "number"),
        ("purchases_from_members", N_("of which from other members, mln RUB"), "number"),
        ("functional_dependence", N_("Functional dependence, %"), "share"),
        ("threshold", N_("Required by Decree 779, %"), "share"),
    ):
        rows.append({"label": label, "value": result.value(fig_id), "unit": kind})
    return [
        Table(
            f"{KEY}.decree_779",
            N_("Decree 779 tests"),
            (
                Column("label", N_("Test"), "message"),
                Column("value", N_("Value"), "number", digits=1),
            ),
            pd.DataFrame(rows).assign(
                value=lambda f: [
                    v * 100 if u == "share" else v
                    for v, u in zip(f["value"], f["unit"], strict=True)
                ]
            ),
            limit=None,
            illustrative=result.illustrative,
        ),
        Table(
            f"{KEY}.organisations",
            N_("Management organisations among the members"),
            (Column("name", N_("Organisation"), "name"), Column("region", N_("District"), "name")),
            managers,
            limit=None,
            illustrative=result.illustrative,
        ),
    ]
