"""Chapter 1 — market and demand: balances, demand by scenario, capacity gaps, import shares."""

from __future__ import annotations

import pandas as pd

from regiocluster.case.load import Case
from regiocluster.market.case import outlook as market_outlook
from regiocluster.report.compose import findings_of, named, product_names, top
from regiocluster.report.model import N_, Chapter, Chart, Column, Finding, Series, Table
from regiocluster.report.registry import provided, register_chapter
from regiocluster.report.results import ResultBook
from regiocluster.report.sections.context import intensities_table, world_table
from regiocluster.report.sections.members import trade
from regiocluster.report.sections.siting import rankings, top_site
from regiocluster.result import Result

KEY = "market"
#: An import share above this marks a product for import substitution.
IMPORT_SHARE_HIGH = 0.3
SCENARIO_COLOURS = {"base": "#1f77b4", "optimistic": "#2ca02c", "pessimistic": "#d62728"}
SCENARIO_NAMES = {
    "base": N_("base"),
    "optimistic": N_("optimistic"),
    "pessimistic": N_("pessimistic"),
}


def compute(case: Case, book: ResultBook) -> Result:
    """Return the territory's market outlook (:func:`regiocluster.market.case.outlook`)."""
    return book.add(market_outlook(case))


def last_balances(result: Result) -> pd.DataFrame:
    """Return the agglomeration's balance rows of the last history year."""
    b = result.frames["balances"]
    return b[(b["year"] == result.year) & (b["region_id"] == result.options["region_id"])].copy()


def gaps_in(result: Result, year: int, scenario: str = "base") -> pd.DataFrame:
    """Capacity gaps of one year and scenario."""
    g = result.frames["gaps"]
    return g[(g["year"] == year) & (g["scenario"] == scenario)].copy()


def _findings(case: Case, book: ResultBook, result: Result) -> tuple[list[Finding], list[Finding]]:
    names = product_names(case)
    units = case.tables["products"].set_index("product_id")["unit"]
    b = last_balances(result)
    findings: list[Finding] = []
    recs: list[Finding] = []
    for row in top(b, "import_share", 3).itertuples():
        share = book.cell(result, f"{row.product_id}.import_share", row.import_share, "share")
        findings.append(
            Finding(
                "{product}: imports cover {share} of consumption in {year}.",
                {"product": names[row.product_id], "share": share, "year": int(result.year)},
            )
        )
    horizon = min(2030, int(result.frames["gaps"]["year"].max()))
    gaps = gaps_in(result, horizon)
    for row in top(gaps[gaps["gap"] > 0], "gap", 3).itertuples():
        gap = book.cell(
            result,
            f"{row.product_id}.gap_{horizon}",
            row.gap / 1000,
            units[row.product_id],
            thousands=True,
        )
        findings.append(
            Finding(
                "{product}: capacity falls short of demand by {gap} a year by {horizon} (base"
                " scenario).",
                {"product": names[row.product_id], "gap": gap, "horizon": horizon},
            )
        )
        site = top_site(case, book, rankings(case, book), row.product_id)
        if site is None:
            continue
        recs.append(
            Finding(
                "Plan new capacity for {product}: {gap} a year by {horizon}, at {site} "
                "(TOPSIS closeness {score}).",
                {
                    "product": names[row.product_id],
                    "gap": gap,
                    "horizon": horizon,
                    "site": site[1],
                    "score": site[2],
                },
                kind="plan",
            )
        )
    recs += _substitution(case, book, names, units)
    spare = top(gaps[gaps["gap"] < 0], "gap", 1, ascending=True)
    for row in spare.itertuples():
        amount = book.cell(
            result,
            f"{row.product_id}.spare_{horizon}",
            -row.gap / 1000,
            units[row.product_id],
            thousands=True,
        )
        findings.append(
            Finding(
                "{product} has the most spare capacity: {amount} a year in {horizon}.",
                {"product": names[row.product_id], "amount": amount, "horizon": horizon},
            )
        )
    return findings, recs


def _substitution(case: Case, book: ResultBook, names: dict, units: pd.Series) -> list[Finding]:
    """High import share and members' spare capacity: import-substitution candidates."""
    _, result = trade(case, book)
    candidates = result.frames["substitution"]
    fit = candidates[
        (candidates["import_share"] > IMPORT_SHARE_HIGH) & (candidates["headroom"] > 0)
    ]
    recs = []
    for row in top(fit, "replaceable_value", 2).itertuples():
        unit = units[row.product_id]
        share = book.cell(
            result,
            f"{row.product_id}.import_share",
            float(row.import_share),
            "share",
            label="Import share",
        )
        spare = book.cell(
            result,
            f"{row.product_id}.headroom",
            row.headroom / 1000,
            unit,
            thousands=True,
            label="Members' spare capacity",
        )
        recs.append(
            Finding(
                "Substitute imports of {product} (import share {share}): members have {spare}"
                " a year of spare capacity.",
                {"product": names[row.product_id], "share": share, "spare": spare},
                kind="plan",
            )
        )
    return recs


def _tables(case: Case, result: Result) -> list[Table]:
    names = product_names(case)
    units = case.tables["products"].set_index("product_id")["unit"]
    b = last_balances(result)
    b["product"] = named(b, "product_id", names)
    b["unit"] = b["product_id"].map(units)
    b = b.sort_values("consumption", ascending=False)
    for col in ("production", "imports", "exports", "consumption", "capacity"):
        b[col] = b[col] / 1000
    balance = Table(
        f"{KEY}.balances",
        N_("Market balance of the agglomeration, last year of history"),
        (
            Column("product", N_("Product"), "name"),
            Column("unit", N_("Unit, thousand"), "unit"),
            Column("production", N_("Production"), "number"),
            Column("imports", N_("Imports"), "number"),
            Column("exports", N_("Exports"), "number"),
            Column("consumption", N_("Consumption"), "number"),
            Column("utilisation", N_("Capacity use, %"), "share"),
            Column("import_share", N_("Import share, %"), "share"),
        ),
        b,
        limit=None,
        illustrative=result.illustrative,
    )
    rows = []
    for year in (2030, 2035):
        g = gaps_in(result, year)
        g["year"] = year
        rows.append(g)
    g = pd.concat(rows)
    g["product"] = named(g, "product_id", names)
    g["unit"] = g["product_id"].map(units)
    for col in ("demand", "required_capacity", "capacity", "gap"):
        g[col] = g[col] / 1000
    g = g.sort_values(["year", "gap"], ascending=[True, False])
    gap_table = Table(
        f"{KEY}.gaps",
        N_("Capacity needed and the gap, base scenario (positive: to build)"),
        (
            Column("product", N_("Product"), "name"),
            Column("unit", N_("Unit, thousand"), "unit"),
            Column("year", N_("Year"), "year"),
            Column("demand", N_("Demand"), "number"),
            Column("required_capacity", N_("Capacity needed"), "number"),
            Column("capacity", N_("Capacity today"), "number"),
            Column("gap", N_("Gap"), "number"),
        ),
        g,
        limit=None,
        illustrative=result.illustrative,
    )
    return [balance, gap_table]


def _charts(case: Case, result: Result) -> list[Chart]:
    names = product_names(case)
    units = case.tables["products"].set_index("product_id")["unit"]
    b = last_balances(result)
    leaders = list(top(b, "consumption", 4)["product_id"])
    demand = result.frames["demand"]
    history = result.frames["history"]
    charts = []
    for pid in leaders:
        series = []
        h = history[history["product_id"] == pid]
        series.append(
            Series(
                N_("consumption (history)"),
                list(h["year"]),
                list(h["consumption"] / 1000),
                colour="#333333",
            )
        )
        for scenario, g in demand[demand["product_id"] == pid].groupby("scenario", sort=False):
            series.append(
                Series(
                    SCENARIO_NAMES.get(str(scenario), str(scenario)),
                    list(g["year"]),
                    list(g["demand"] / 1000),
                    lo=list(g["lo_80"] / 1000),
                    hi=list(g["hi_80"] / 1000),
                    colour=SCENARIO_COLOURS.get(str(scenario)),
                )
            )
        charts.append(
            Chart(
                f"{KEY}.demand.{pid}",
                N_("{product}: consumption and demand by scenario (shaded: 80% interval)"),
                "line",
                series,
                N_("Year"),
                N_("Demand"),
                y_unit=str(units[pid]),
                y_thousands=True,
                title_args={"product": names[pid]},
                illustrative=result.illustrative,
            )
        )
    shares = top(b, "import_share", 10)
    charts.append(
        Chart(
            f"{KEY}.import_shares",
            N_("Import share of consumption by product"),
            "barh",
            [
                Series(
                    N_("Import share, %"),
                    list(named(shares, "product_id", names)),
                    list(shares["import_share"] * 100),
                )
            ],
            N_("Import share, %"),
            N_("Product"),
            illustrative=result.illustrative,
        )
    )
    return charts


@register_chapter(key=KEY, title=N_("Market and demand"), order=10)
def compose(case: Case, book: ResultBook) -> Chapter:
    """Chapter 1: findings on imports and gaps, balances, demand charts, gap table."""
    result = compute(case, book)
    findings, recs = _findings(case, book, result)
    extra = provided(KEY, case)
    findings += findings_of(case, book, extra)
    world_findings, world = world_table(case, book)
    findings += world_findings
    tables = _tables(case, result)
    blocks = [
        tables[0],
        *_charts(case, result),
        intensities_table(case, result),
        *tables[1:],
        world,
    ]
    return Chapter(
        KEY,
        N_("Market and demand"),
        findings=findings,
        blocks=blocks,
        recommendations=recs,
        intro=N_(
            "The market is the agglomeration of the cluster's regions taken together: production "
            "plus imports minus exports gives apparent consumption. Demand to 2035 follows the "
            "scenarios' drivers (housing, roads, population) times material intensities, with a "
            "statistical correction of the short run. Capacity needed keeps today's import share "
            "and exports at 85% capacity use."
        ),
        pending=""
        if extra
        else N_(
            "The ranked needs for products and technologies are being added to the market "
            "analysis; this chapter shows them when they are available."
        ),
        illustrative=result.illustrative,
    )
