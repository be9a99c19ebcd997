"""``regiocluster simulate CASE``: the cluster development model's fan charts and top levers."""

from __future__ import annotations

import json
import sys
from enum import StrEnum

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeRemainingColumn

from regiocluster.cli._common import load_or_exit, show_frame

console = Console()
errors = Console(stderr=True)


class Format(StrEnum):
    """Output formats."""

    table = "table"
    json = "json"
    csv = "csv"


def _progress(label: str) -> Progress:
    return Progress(
        TextColumn(label),
        BarColumn(),
        TaskProgressColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
        console=errors,
        transient=True,
    )


def _run(progress: Progress, label: str, call):
    task = progress.add_task(label, total=1)

    def step(done: int, total: int) -> None:
        progress.update(task, completed=done, total=total)

    return call(step)


def simulate_command(
    case: str = typer.Argument(..., help="Case name or folder."),
    scenario: str = typer.Option("base", help="Demand scenario (base, optimistic, pessimistic)."),
    runs: int = typer.Option(1000, min=1, help="Monte Carlo runs."),
    until: int = typer.Option(2035, help="Last simulated year."),
    seed: int = typer.Option(0, help="Random seed (run i uses SeedSequence(seed).spawn(runs)[i])."),
    support: float = typer.Option(0.0, help="Support measures, million RUB a year."),
    infrastructure: float = typer.Option(0.0, help="Joint infrastructure, million RUB a year."),
    meetings: float = typer.Option(0.0, help="Matchmaking: B2B meetings a year."),
    test_site: float = typer.Option(0.0, help="Test site open, share of the year (0-1)."),
    import_substitution: float = typer.Option(
        0.0, help="Import substitution of priority products, % of their imports a year."
    ),
    sensitivity: bool = typer.Option(True, help="Rank levers and parameters (Morris)."),
    trajectories: int = typer.Option(8, min=2, help="Morris trajectories."),
    top: int = typer.Option(5, min=1, help="Levers and parameters to show."),
    format: Format = typer.Option(Format.table, "--format", help="table, json or csv."),
) -> None:
    """Simulate the cluster to UNTIL: fan-chart quantiles and the levers that matter most."""
    from regiocluster.errors import RegioclusterError
    from regiocluster.simulation import Levers, simulate
    from regiocluster.simulation import sensitivity as morris

    try:
        levers = Levers(
            support_mrub=support,
            infrastructure_mrub=infrastructure,
            matchmaking_meetings=meetings,
            test_site=test_site,
            import_substitution_pct=import_substitution,
        )
    except RegioclusterError as exc:
        errors.print(f"[red]Error:[/] {exc}")
        raise typer.Exit(code=2) from None
    c = load_or_exit(case, errors)
    try:
        from regiocluster.simulation.montecarlo import check_scenario, prepare

        check_scenario(c, scenario)
        with errors.status("Reading inputs and calibrating on the history ..."):
            prepare(c, until=until)
        with _progress("Simulating") as bar:
            result = _run(
                bar,
                "runs",
                lambda step: simulate(
                    c,
                    scenario=scenario,
                    until=until,
                    n_runs=runs,
                    levers=levers,
                    seed=seed,
                    progress=step,
                ),
            )
        ranking = None
        if sensitivity:
            with _progress("Sensitivity") as bar:
                ranking = _run(
                    bar,
                    "runs",
                    lambda step: morris(
                        c,
                        scenario=scenario,
                        until=until,
                        trajectories=trajectories,
                        seed=seed,
                        progress=step,
                    ),
                )
    except (RegioclusterError, ValueError) as exc:
        errors.print(f"[red]Error:[/] {exc}")
        raise typer.Exit(code=2) from None
    _render(result, ranking, format=format, top=top)


def _render(result, ranking, *, format: Format, top: int) -> None:
    if format is Format.json:
        payload = result.to_dict()
        payload["frames"].pop("paths", None)
        payload["sensitivity"] = ranking.to_dict() if ranking is not None else None
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=1) + "\n")
        return
    if format is Format.csv:
        result.quantiles.to_csv(sys.stdout, index=False)
        return
    console.print(result.summary())
    years = [y for y in result.years if y == result.years[0] or y % 5 == 0 or y == result.years[-1]]
    q = result.quantiles[result.quantiles["year"].isin(years)]
    q = q[~q["indicator"].isin(["entries", "exits"])]
    show_frame(
        console,
        q[["indicator", "year", "q05", "q25", "q50", "q75", "q95"]],
        f"Fan chart quantiles, scenario {result.scenario!r} ({result.n_runs} runs)",
        limit=200,
        cell=lambda v: f"{v:,.1f}" if isinstance(v, float) else str(v),
    )
    if ranking is not None:
        for kind in ("lever", "parameter"):
            rows = ranking.ranking("employment", kind=kind).head(top)
            show_frame(
                console,
                rows[["factor", "unit", "low", "high", "mu_star", "mu"]],
                f"Top {kind}s by Morris mu* on employment in {ranking.year}",
                limit=top,
                cell=lambda v: f"{v:,.3g}" if isinstance(v, float) else str(v),
            )
        levers = ranking.table[ranking.table["kind"] == "lever"]
        best = levers.loc[levers.groupby("outcome")["mu_star"].idxmax(), ["outcome", "factor"]]
        console.print(
            "Strongest lever per outcome: "
            + "; ".join(f"{o}: {f}" for o, f in best.itertuples(index=False))
        )
    if result.illustrative:
        console.print("[yellow]Illustrative: the case's enterprise data are synthetic.[/]")
