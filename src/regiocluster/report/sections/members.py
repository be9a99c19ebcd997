"""Chapter 2 — members, cooperation and export potential."""

from __future__ import annotations

import pandas as pd

from regiocluster.case.load import Case
from regiocluster.mapping.case import structure as structure_of
from regiocluster.network.case import cooperation, decree779
from regiocluster.report.compose import DECREE_779, country_name, hs_names, named, region_names, top
from regiocluster.report.model import N_, Chapter, Chart, Column, Finding, Name, Series, Table
from regiocluster.report.registry import register_chapter
from regiocluster.report.results import ResultBook, frame_result
from regiocluster.report.sections.context import product_space
from regiocluster.result import Result
from regiocluster.trade.overview import TradeOverview, trade_overview

KEY = "members"
#: Null-model draws of the core test (as the structure analysis documents).
N_NULL = 49
#: A margin over the Decree 779 threshold below this calls for a subcontracting target.
DEPENDENCE_MARGIN = 0.05
#: Members with fewer partners than this are invited to the portal's exchange.
FEW_PARTNERS = 3
ROLE_NAMES = {
    "core_producer": N_("core producer"),
    "raw_material_supplier": N_("raw-material supplier"),
    "equipment_service_supplier": N_("equipment and service supplier"),
    "trade": N_("trade"),
    "customer": N_("customer (construction)"),
    "research": N_("research"),
    "education": N_("education"),
    "finance": N_("finance"),
    "logistics": N_("logistics"),
    "management": N_("cluster management"),
}


def structure(case: Case, book: ResultBook) -> Result:
    """Return the cluster's structure (``mapping.structure``), computed once per build."""
    return book.add(book.once("mapping.structure", lambda: structure_of(case, n_null=N_NULL)))


def decree(case: Case, book: ResultBook) -> Result:
    """Return the Decree 779 tests (``network.decree779``), computed once per build."""
    return book.add(book.once("network.decree779", lambda: decree779(case)))


def cooperation_links(case: Case, book: ResultBook) -> Result:
    """Return the cooperation share and the links among members (``network.cooperation``)."""
    return book.add(book.once("network.cooperation", lambda: cooperation(case)))


def trade(case: Case, book: ResultBook) -> tuple[TradeOverview, Result]:
    """Return the trade overview (export potential, import substitution), computed once."""

    # until trade.case lands
    def run() -> tuple[TradeOverview, Result]:
        t = trade_overview(case)
        result = frame_result(
            "trade.potential",
            {"by_product": t.potential.by_product, "substitution": t.substitution.candidates},
            case.provenance("trade_flows", "market_balances", "enterprise_products"),
            year=int(t.year),
        )
        return t, result

    t, result = book.once("trade.overview", run)
    book.add(result)
    return t, result


def _cooperation(
    case: Case, book: ResultBook, result: Result
) -> tuple[list[Finding], list[Finding]]:
    members = result.frames["members"]
    verdict = decree(case, book)
    dependence = book.ref(verdict, "functional_dependence")
    threshold = book.ref(verdict, "threshold")
    findings = [
        Finding(
            "The cluster has {n} members, {core} of them in its core.",
            {"n": book.ref(result, "members"), "core": book.ref(result, "core_size")},
        ),
        Finding(
            "Functional dependence as {decree} measures it is {dependence}; the decree requires "
            "{threshold}.",
            {"dependence": dependence, "threshold": threshold, "decree": DECREE_779},
        ),
    ]
    recs = []
    if dependence.value < threshold.value + DEPENDENCE_MARGIN:
        # on all members' purchases (the cooperation share), which the programme can steer
        target = (threshold.value + DEPENDENCE_MARGIN) * verdict.value("purchases") - verdict.value(
            "purchases_from_members"
        )
        goal = book.cell(
            verdict,
            "subcontracting_target",
            max(target, 0.0),
            "mln_rub",
            label="Extra purchases from members to reach the threshold plus five points",
        )
        recs.append(
            Finding(
                "Subcontracting target: raise purchases between members by {goal} a year, to "
                "bring the cooperation share five points above {threshold}.",
                {"goal": goal, "threshold": threshold},
                kind="subcontracting",
            )
        )
    degree = members["in_degree"] + members["out_degree"]
    few = book.cell(
        result,
        "few_partners",
        int((degree < FEW_PARTNERS).sum()),
        "count",
        label="Members with fewer than three partners",
    )
    recs.append(
        Finding(
            "Invite the {few} members with fewer than three partners in the cluster to the "
            "portal's subcontracting exchange.",
            {"few": few},
            kind="portal",
        )
    )
    return findings, recs


def _export(case: Case, book: ResultBook, result: Result) -> tuple[list[Finding], Table, Chart]:
    names = hs_names(case)
    by_product = result.frames["by_product"].copy()
    by_product["name"] = named(by_product, "product", names)
    by_product["market"] = by_product["best_market"].map(lambda c: country_name(str(c)))
    findings = []
    for row in top(by_product, "unrealised", 2).itertuples():
        value = book.cell(
            result,
            f"{row.product}.unrealised",
            row.unrealised,
            "usd_k",
            label="Unrealised export potential",
        )
        findings.append(
            Finding(
                "{product}: unrealised export potential of {value} a year, most of it in {market}.",
                {"product": row.name, "value": value, "market": row.market},
            )
        )
    ranked = by_product.sort_values("unrealised", ascending=False)
    table = Table(
        f"{KEY}.export_potential",
        N_("Export potential by product"),
        (
            Column("name", N_("Product"), "name"),
            Column("potential", N_("Potential"), "number", unit="usd_k"),
            Column("actual", N_("Actual exports"), "number", unit="usd_k"),
            Column("unrealised", N_("Unrealised"), "number", unit="usd_k"),
            Column("market", N_("Best market"), "name"),
        ),
        ranked,
        illustrative=result.illustrative,
    )
    head = ranked.head(10)
    chart = Chart(
        f"{KEY}.unrealised",
        N_("Unrealised export potential by product"),
        "barh",
        [Series(N_("Unrealised"), list(head["name"]), list(head["unrealised"]))],
        N_("Unrealised"),
        N_("Product"),
        y_unit="usd_k",
        illustrative=result.illustrative,
    )
    return findings, table, chart


def roles_table(case: Case, result: Result) -> Table:
    """Members by role and region group."""
    members = result.frames["members"]
    regions = region_names(case)
    territory = case.territory
    area = members["region_id"].map(lambda r: territory.region if r in territory.districts else r)
    frame = pd.crosstab(members["role"], area).reset_index()
    columns = [Column("role", N_("Role"), "message")]
    for code in frame.columns[1:]:
        columns.append(Column(str(code), regions.get(str(code), Name(str(code), str(code))), "int"))
    frame["role"] = frame["role"].map(lambda r: ROLE_NAMES.get(r, r))
    return Table(
        f"{KEY}.roles",
        N_("Members by role and region"),
        tuple(columns),
        frame,
        limit=None,
        illustrative=result.illustrative,
    )


@register_chapter(key=KEY, title=N_("Members, cooperation and export potential"), order=20)
def compose(case: Case, book: ResultBook) -> Chapter:
    """Chapter 2: members and roles, cooperation against Decree 779, export potential."""
    s_result = structure(case, book)
    _, t_result = trade(case, book)
    findings, recs = _cooperation(case, book, s_result)
    export_findings, export_table, export_chart = _export(case, book, t_result)
    space_findings, space_tables = product_space(case, book)
    return Chapter(
        KEY,
        N_("Members, cooperation and export potential"),
        findings=[*findings, *export_findings, *space_findings],
        blocks=[roles_table(case, s_result), export_chart, export_table, *space_tables],
        recommendations=recs,
        intro=N_(
            "Members are the organisations of the cluster's territory in its industries and "
            "supporting institutions. Cooperation is measured on the supply links between them; "
            "export potential compares supply capacity with demand abroad and the ease of trade "
            "(the ITC method with transport costs). The product space places the country's "
            "exports among the world's by economic complexity."
        ),
        illustrative=s_result.illustrative or t_result.illustrative,
    )
