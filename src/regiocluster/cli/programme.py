"""``regiocluster programme ...``: the cluster's computed indicators and the illustrative plan."""

from __future__ import annotations

import json
from datetime import date
from typing import Annotated

import pandas as pd
import typer
from rich.console import Console

from regiocluster.cli._common import load_or_exit, show_frame
from regiocluster.errors import RegioclusterError
from regiocluster.programme import (
    budget_rollup,
    cluster_indicators,
    critical_path,
    illustrative_plan,
)

app = typer.Typer(
    help="Programme indicators (KPIs) and the plan of measures.", no_args_is_help=True
)
console = Console(width=160)


def _cell(value: object) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return "—"
    return f"{value:,.1f}" if isinstance(value, float) else str(value)


@app.command("indicators")
def indicators(
    case: Annotated[str, typer.Argument(help="Built-in case name or a case folder.")] = "leningrad",
    year: Annotated[int | None, typer.Option(help="Year (default: latest with data).")] = None,
    lang: Annotated[str, typer.Option(help="Labels: en or ru.")] = "en",
    format: Annotated[str, typer.Option("--format", help="table or json.")] = "table",
) -> None:
    """Print the computed programme indicators (members, Decree 779 dependence, exports...)."""
    loaded = load_or_exit(case, console)
    try:
        result = cluster_indicators(loaded, year=year)
    except RegioclusterError as exc:
        console.print(f"[red]{exc}[/]")
        raise typer.Exit(code=2) from exc
    if format == "json":
        console.print_json(json.dumps({"year": result.year, **result.to_dict()}))
        return
    frame = pd.DataFrame(
        [(f.label(lang), f.value, f.unit) for f in result.figures],
        columns=["indicator", "value", "unit"],
    )
    show_frame(console, frame, f"Programme indicators, {result.year}", limit=len(frame), cell=_cell)
    if result.illustrative:
        console.print("Illustrative: computed on synthetic enterprise data.")


@app.command("plan")
def plan(
    start: Annotated[str, typer.Option(help="First month of the plan, YYYY-MM-DD.")] = "",
) -> None:
    """Print the illustrative plan of measures, its critical path and budget by source."""
    try:
        first = date.fromisoformat(start) if start else date.today()
    except ValueError as exc:
        console.print(f"[red]--start {start!r} is not a date (YYYY-MM-DD)[/]")
        raise typer.Exit(code=2) from exc
    result = illustrative_plan(start=first)
    measures, deps = result.frames["measures"], result.frames["dependencies"]
    days = {r.measure_id: (r.due - r.start).days for r in measures.itertuples()}
    cpm = critical_path(days, zip(deps["measure_id"], deps["depends_on"], strict=True))
    table = measures[["measure_id", "kind", "name_en", "start", "due"]].merge(
        cpm.frames["schedule"][["slack", "critical"]], left_on="measure_id", right_index=True
    )
    show_frame(console, table, "Illustrative plan of measures", limit=len(table))
    console.print(f"Critical path: {' → '.join(cpm.path)} ({cpm.length:.0f} days)")
    budget = budget_rollup(result.frames["budget"]).reset_index()
    show_frame(console, budget, "Budget by funding source, mln RUB", limit=len(budget))
    console.print("Illustrative: dates and budgets are synthetic.")
