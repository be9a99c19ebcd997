"""Blocks of the development model's Result (``simulation.development_model``).

Rendered by chapter 8: the statement of the runs and the interval, the
scenario table, the fan chart of output and the levers ranked by their
Morris effect. Values are read from the Result's frames, never recomputed.
"""

from __future__ import annotations

import pandas as pd

from regiocluster.report.model import N_, Chart, Column, Name, Paragraph, Series, Table
from regiocluster.report.results import ResultBook
from regiocluster.result import Result
from regiocluster.simulation.levers import LEVER_LABELS

#: Indicators the study shows, with their unit in the name.
INDICATOR_NAMES = {
    "members": N_("Members (firms)"),
    "employment": N_("Employment (persons)"),
    "output": N_("Output, mln RUB at base-year prices"),
    "exports": N_("Exports, mln RUB at base-year prices"),
    "functional_dependence": N_("Functional dependence, % of members' purchases"),
}
SCENARIO_NAMES = {
    "base": N_("base"),
    "optimistic": N_("optimistic"),
    "pessimistic": N_("pessimistic"),
}
FAN_COLOUR = "#1f77b4"


def simulation_blocks(book: ResultBook, result: Result) -> list:
    """Return the runs statement, the scenario table, the output fan and the levers."""
    runs = book.cell(result, "n_runs", int(result.options["n_runs"]), "count",
                     label="Monte Carlo runs per scenario")  # fmt: skip
    until = int(result.options["until"])
    statement = Paragraph(
        "Each scenario is simulated {runs} times with parameters drawn from their calibrated "
        "uncertainty; the tables give the median of the runs and the interval from the 5th to "
        "the 95th percentile (90 % of the runs), not a forecast error. Scenarios share their "
        "random numbers, so their differences are the scenarios' own.",
        {"runs": runs},
    )
    return [statement, _scenario_table(result, until), _fan(result), _levers(result)]


def _scenario_table(result: Result, until: int) -> Table:
    table = result.frames["scenarios"]
    table = table[table["indicator"].isin(INDICATOR_NAMES)].copy()
    table["scenario"] = table["variant"].map(lambda v: SCENARIO_NAMES.get(str(v), str(v)))
    table["name"] = table["indicator"].map(INDICATOR_NAMES)
    order = {k: i for i, k in enumerate(INDICATOR_NAMES)}
    table = table.sort_values(
        ["year", "indicator", "variant"], key=lambda c: c.map(order) if c.name == "indicator" else c
    )
    return Table(
        "model.scenarios",
        N_("Scenarios of the development model: median of the runs and 5–95 % interval"),
        (
            Column("name", N_("Indicator"), "message"),
            Column("scenario", N_("Scenario"), "message"),
            Column("year", N_("Year"), "year"),
            Column("q05", N_("5th percentile"), "number"),
            Column("q50", N_("Median"), "number"),
            Column("q95", N_("95th percentile"), "number"),
            Column("difference", N_("Median minus the base scenario's"), "number"),
        ),
        table,
        limit=None,
        illustrative=result.illustrative,
    )


def _fan(result: Result) -> Chart:
    fan = result.frames["fan"]
    out = fan[fan["indicator"] == "output"].sort_values("year")
    return Chart(
        "model.output_fan",
        N_("Members' output, base scenario: median and 5–95 % of the runs"),
        "line",
        [
            Series(
                N_("median of the runs"),
                list(out["year"]),
                list(out["q50"]),
                lo=list(out["q05"]),
                hi=list(out["q95"]),
                colour=FAN_COLOUR,
            )
        ],
        N_("Year"),
        N_("Output"),
        y_unit="mln_rub",
        illustrative=result.illustrative,
    )


def _levers(result: Result) -> Table:
    table = result.frames["sensitivity"]
    levers = table[(table["kind"] == "lever") & (table["outcome"] == "employment")].copy()
    levers = levers.sort_values("mu_star", ascending=False)
    levers["name"] = [
        Name(str(f), *LEVER_LABELS.get(str(f), (str(f), str(f)))) for f in levers["factor"]
    ]
    return Table(
        "model.levers",
        N_("Levers ranked by their effect on employment at the horizon (Morris screening)"),
        (
            Column("name", N_("Lever"), "name"),
            Column("mu_star", N_("Mean absolute effect, persons"), "number"),
            Column("sigma", N_("Spread of the effect, persons"), "number"),
        ),
        pd.DataFrame(levers),
        limit=None,
        illustrative=result.illustrative,
    )
