"""Chapter 8 — the development model.

The cluster development model (:func:`regiocluster.simulation.case.development_model`:
scenarios to 2035 by Monte Carlo, the Decree 779 outlook, the levers ranked by
their Morris effect) comes through the chapter providers and is rendered
here: the scenario table with each indicator's median and 5–95 % interval of
the runs, the fan chart of output, the levers. The input-output model shows
the multipliers and the impact of a new plant in the two regions.
"""

from __future__ import annotations

import pandas as pd

from regiocluster.case.load import Case
from regiocluster.inputoutput.impact import plant_impact, sector_summary
from regiocluster.report.compose import (
    classifier_names,
    findings_of,
    named,
    region_names,
)
from regiocluster.report.model import N_, Chapter, Column, Finding, Table
from regiocluster.report.registry import provided, register_chapter
from regiocluster.report.results import ResultBook
from regiocluster.report.sections.development import simulation_blocks
from regiocluster.result import Figure, Result

KEY = "model"
SECTOR = "CMT"
#: Output of the hypothetical new plant, bn RUB a year.
PLANT_OUTPUT = 5.0


def compute(case: Case, book: ResultBook) -> Result:
    """Multipliers and a new plant's impact as a Result."""

    # until inputoutput.case lands
    def run() -> Result:
        multipliers = sector_summary(case).reset_index(names="sector")
        impact = plant_impact(case, sector=SECTOR, output=PLANT_OUTPUT, product="cement")
        regional = impact.impact
        by_region = pd.DataFrame(
            {
                "region_id": regional.output.index,
                "output": regional.output.sum(axis=1).to_numpy(),
                "income": regional.income.to_numpy(),
                "jobs": regional.employment.to_numpy() * 1000,
            }
        )
        row = multipliers.set_index("sector").loc[SECTOR]
        figures = (
            Figure(
                "output_multiplier",
                float(row["output_multiplier"]),
                "ratio",
                "Output multiplier of construction materials",
                "Мультипликатор выпуска стройматериалов",
            ),
            Figure(
                "plant_output",
                PLANT_OUTPUT,
                "bn_rub",
                "Output of the new plant",
                "Выпуск нового завода",
            ),
            Figure(
                "plant_total_output",
                float(by_region["output"].sum()),
                "bn_rub",
                "Output in the two regions",
                "Выпуск в двух регионах",
            ),
            Figure(
                "plant_jobs",
                float(by_region["jobs"].sum()),
                "count",
                "Jobs in the two regions",
                "Рабочие места в двух регионах",
            ),
            Figure(
                "key_sectors",
                int(multipliers["key_sector"].sum()),
                "count",
                "Key sectors",
                "Ключевые отрасли",
            ),
        )
        return Result(
            "inputoutput.impact",
            frames={"multipliers": multipliers, "by_region": by_region},
            figures=figures,
            provenance=case.provenance("io_flows", "io_sectors"),
            year=case.year,
        )

    return book.add(book.once("inputoutput.impact", run))


@register_chapter(key=KEY, title=N_("The development model"), order=80)
def compose(case: Case, book: ResultBook) -> Chapter:
    """Chapter 8: the input-output model now; the simulation's scenarios when installed."""
    result = compute(case, book)
    sectors = classifier_names(case, "io_sectors", "sector_id")
    multipliers = result.frames["multipliers"].copy()
    multipliers["name"] = named(multipliers, "sector", sectors)
    by_region = result.frames["by_region"].copy()
    by_region["region"] = named(by_region, "region_id", region_names(case))
    findings = [
        Finding(
            "Each rouble of construction-materials output raises output in the economy by {m}"
            " roubles in all.",
            {"m": book.ref(result, "output_multiplier")},
        ),
        Finding(
            "A new plant producing {output} a year adds {total} of output and {jobs} jobs in "
            "the two regions.",
            {
                "output": book.ref(result, "plant_output"),
                "total": book.ref(result, "plant_total_output"),
                "jobs": book.ref(result, "plant_jobs"),
            },
        ),
    ]
    extra = provided(KEY, case)
    findings += findings_of(case, book, extra)
    blocks: list = []
    for sim in (r for r in extra if r.name == "simulation.development_model"):
        blocks += simulation_blocks(book, sim)
    blocks += [
        Table(
            f"{KEY}.impact",
            N_("Impact of a new construction-materials plant, by region"),
            (
                Column("region", N_("Region"), "name"),
                Column("output", N_("Output"), "number", unit="bn_rub", digits=2),
                Column("income", N_("Labour income"), "number", unit="bn_rub", digits=2),
                Column("jobs", N_("Jobs"), "int"),
            ),
            by_region,
            limit=None,
            illustrative=result.illustrative,
        ),
        Table(
            f"{KEY}.multipliers",
            N_("Multipliers and linkages by sector"),
            (
                Column("name", N_("Sector"), "name"),
                Column("output_multiplier", N_("Output multiplier"), "number", digits=2),
                Column("income_multiplier", N_("Income multiplier"), "number", digits=2),
                Column("backward", N_("Backward linkage"), "number", digits=2),
                Column("forward", N_("Forward linkage"), "number", digits=2),
                Column("key_sector", N_("Key sector"), "bool"),
            ),
            multipliers,
            limit=None,
            illustrative=result.illustrative,
        ),
    ]
    return Chapter(
        KEY,
        N_("The development model"),
        findings=findings,
        blocks=blocks,
        intro=N_(
            "The development model simulates the members year by year to 2035 under each "
            "demand scenario: growth, entry and exit, investment, modernisation and new supply "
            "ties, with parameters calibrated on the history and drawn at random in every run. "
            "The input-output model regionalises the national table to the two regions by "
            "Flegg's location quotient and traces how a plant's output spreads through its "
            "suppliers and their employees' spending."
        ),
        illustrative=result.illustrative or any(r.illustrative for r in extra),
    )
