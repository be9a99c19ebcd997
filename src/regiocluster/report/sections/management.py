"""Chapter 10 — the management system: compliance, the management organisation, KPIs.

The programme (plan of measures, KPIs, joint projects) and events packages
bring the management system's content through the chapter providers; until
they are installed the chapter shows the Decree 779 verdict and the cluster's
management organisations, which exist now.
"""

from __future__ import annotations

import pandas as pd

from regiocluster.case.load import Case
from regiocluster.report.compose import (
    DECREE_779,
    classifier_names,
    findings_of,
    named,
)
from regiocluster.report.model import N_, Chapter, Column, Finding, Table
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
    return Chapter(
        KEY,
        N_("The management system"),
        findings=findings,
        blocks=_tables(result, managers),
        recommendations=recs,
        intro=N_(
            "The management system is the specialised organisation, its plan of priority "
            "measures and KPIs, and the reports the register under Decree 779 requires."
        ),
        pending=""
        if extra
        else N_(
            "The plan of measures, KPIs, joint projects and events are being built into the "
            "programme and events packages; this chapter shows them when they are available."
        ),
        illustrative=result.illustrative,
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
