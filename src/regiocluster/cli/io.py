"""``regiocluster io ...``: multipliers, linkages and the two-region impact of a new plant."""

from __future__ import annotations

import typer
from rich.console import Console
from rich.table import Table

from regiocluster.case.load import Case
from regiocluster.cli._common import load_or_exit
from regiocluster.inputoutput.impact import plant_impact, sector_summary

app = typer.Typer(help="Input-output models: multipliers, linkages, impacts.", no_args_is_help=True)
console = Console()


def _load(case: str) -> Case:
    return load_or_exit(case, console)


@app.command("multipliers")
def multipliers_command(
    case: str = typer.Argument(..., help="Case name or folder."),
) -> None:
    """Output, income and employment multipliers and Rasmussen-Hirschman linkages."""
    summary = sector_summary(_load(case))
    table = Table(title="National table: multipliers (Type I) and linkages")
    table.add_column("sector", justify="left")
    for header in summary.columns:
        table.add_column(str(header), justify="right")
    for sector, row in summary.iterrows():
        table.add_row(str(sector), *[_cell(value) for value in row.to_numpy()])
    console.print(table)


def _cell(value: object) -> str:
    if isinstance(value, bool) or type(value).__name__ == "bool_":
        return "yes" if value else ""
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


@app.command("impact")
def impact_command(
    case: str = typer.Argument(..., help="Case name or folder."),
    sector: str | None = typer.Option(
        None, help="IO sector of the new plant (default: the product's, else CMT)."
    ),
    region: str | None = typer.Option(None, help="Region of the plant (default: the case's)."),
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
) -> None:
    """Impact of a new plant on both regions (two-region FLQ model)."""
    loaded = _load(case)
    try:
        result = plant_impact(
            loaded,
            sector=sector,
            region=region,
            output=output,
            delta=delta,
            product=product,
            capacity=capacity,
            utilisation=utilisation,
        )
    except (KeyError, ValueError) as exc:
        console.print(f"[red]Cannot compute the impact: {exc}[/red]")
        raise typer.Exit(code=1) from exc
    value = result.impact.direct_output
    what = f"{result.product_id} " if result.product_id else ""
    size = f", {result.capacity_t:,.0f} t capacity" if result.capacity_t else ""
    table = Table(
        title=f"New {what}plant ({result.sector}), {value:,.2f} bn RUB a year{size} in "
        f"{result.plant_region}"
    )
    for header in ("region", "output, bn RUB", "labour income, bn RUB", "jobs"):
        table.add_column(header, justify="right")
    for name in result.impact.output.index:
        table.add_row(
            str(name),
            f"{result.impact.output.loc[name].sum():,.2f}",
            f"{result.impact.income[name]:,.2f}",
            f"{result.impact.employment[name] * 1000:,.0f}",
        )
    console.print(table)
    console.print(
        f"Direct jobs at the plant: {result.direct_jobs:,.0f} ({result.jobs_basis}); the rest "
        "are the supply chain's (IO model)."
    )
    console.print(
        f"Output multiplier in the two regions: {result.impact.output_multiplier:.3f} "
        f"(national {result.national_multiplier:.3f}); delta = {delta:g}. "
        "The IO table is synthetic (see the data card)."
    )
