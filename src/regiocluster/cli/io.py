"""``regiocluster io ...``: render the Results of :mod:`regiocluster.inputoutput.case`."""

from __future__ import annotations

import typer
from rich.console import Console
from rich.table import Table

from regiocluster.cli._common import Format, FormatOption, load_or_exit, render
from regiocluster.result import Result

app = typer.Typer(help="Input-output models: multipliers, linkages, impacts.", no_args_is_help=True)
# wide enough for the tables when the output is piped or captured
console = Console(width=120)


def _cell(value: object) -> str:
    if isinstance(value, bool) or type(value).__name__ == "bool_":
        return "yes" if value else ""
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def _multipliers_table(result: Result) -> None:
    frame = result.frame
    table = Table(title=f"National table {result.year}: multipliers (Type I) and linkages")
    for header in frame.columns:
        table.add_column(str(header), justify="left" if header == "sector" else "right")
    for row in frame.itertuples(index=False):
        table.add_row(*[_cell(value) for value in row])
    console.print(table)


@app.command("multipliers")
def multipliers_command(
    case: str = typer.Argument(..., help="Case name or folder."),
    year: int | None = typer.Option(None, help="Year of the IO table (default: the last)."),
    fmt: FormatOption = Format.table,
) -> None:
    """Output, income and employment multipliers and Rasmussen-Hirschman linkages."""
    from regiocluster.inputoutput.case import multipliers

    result = multipliers(load_or_exit(case, console), year=year)
    render(result, fmt, table=_multipliers_table, console=console)


def _impact_table(result: Result) -> None:
    o = result.options
    what = f"{o['product']} " if o["product"] else ""
    size = f", {o['capacity_t']:,.0f} t capacity" if o["capacity_t"] else ""
    table = Table(
        title=f"New {what}plant ({o['sector']}), {result.value('direct_output'):,.2f} bn RUB a "
        f"year{size} in {o['region']}"
    )
    for header in ("region", "output, bn RUB", "labour income, bn RUB", "jobs"):
        table.add_column(header, justify="right")
    for row in result.frame.itertuples(index=False):
        table.add_row(str(row.region_id), f"{row.output:,.2f}", f"{row.income:,.2f}",
                      f"{row.jobs:,.0f}")  # fmt: skip
    console.print(table)
    console.print(
        f"Direct jobs at the plant: {result.value('direct_jobs'):,.0f} ({o['jobs_basis']}); the "
        "rest are the supply chain's (IO model)."
    )
    console.print(
        f"Output multiplier in the two regions: {result.value('output_multiplier'):.3f} "
        f"(national {result.value('national_multiplier'):.3f}); delta = {o['delta']:g}. "
        "The IO table is synthetic (see the data card)."
    )


@app.command("impact")
def impact_command(
    case: str = typer.Argument(..., help="Case name or folder."),
    sector: str | None = typer.Option(
        None, help="IO sector of the new plant (default: the product's, else CMT)."
    ),
    region: str | None = typer.Option(
        None, help="Region of the plant (default: the territory's own region)."
    ),
    output: float | None = typer.Option(
        None, help="The plant's annual output, bn RUB (default 5 without --capacity)."
    ),
    delta: float = typer.Option(0.3, help="Flegg's delta for FLQ regionalisation."),
    product: str | None = typer.Option(
        None, help="Product made, e.g. cement: direct jobs from capacity and productivity."
    ),
    capacity: float | None = typer.Option(None, help="Capacity, t/yr (with --product)."),
    utilisation: float | None = typer.Option(
        None, help="Capacity use, 0-1 (default: the region's for the product)."
    ),
    fmt: FormatOption = Format.table,
) -> None:
    """Impact of a new plant on both regions (two-region FLQ model)."""
    from regiocluster.inputoutput.case import impact

    result = impact(
        load_or_exit(case, console),
        sector=sector,
        region=region,
        output=output,
        delta=delta,
        product=product,
        capacity=capacity,
        utilisation=utilisation,
    )
    render(result, fmt, table=_impact_table, console=console)
