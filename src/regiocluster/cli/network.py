"""``regiocluster network ...``: Decree 779 tests and core-periphery of the cooperation graph."""

from __future__ import annotations

import numpy as np
import typer
from rich.console import Console

from regiocluster.cli.mapping import load, show

app = typer.Typer(help="Cooperation graph, Decree 779 tests, core-periphery.", no_args_is_help=True)
console = Console()


@app.command("decree779")
def decree779_command(
    case: str = typer.Argument(..., help="Case name or folder."),
    year: int | None = typer.Option(None, help="Year (default: the last with supply links)."),
    threshold: float | None = typer.Option(None, help="Required dependence (default 0.20)."),
    special_case: bool = typer.Option(False, help="Apply the 10% special-case threshold."),
) -> None:
    """Functional dependence and contracts among members (Decree No. 779 of 31.07.2015)."""
    from regiocluster.mapping.structure import cluster_structure

    c = load(case)
    with console.status("Mapping members ..."):
        s = cluster_structure(
            c, year=year, n_null=0, threshold=threshold, special_case=special_case
        )
    v = s.decree_779
    colour = "green" if v.compliant else "red"
    console.print(f"[bold {colour}]{v.summary()}[/]")
    console.print(
        f"Graph: {s.cooperation.nodes} members, {s.cooperation.edges} supply ties, density "
        f"{s.cooperation.density:.4f}, reciprocity {s.cooperation.reciprocity:.3f}."
    )
    if v.without_contract:
        console.print("Without a contract with another member: " + ", ".join(v.without_contract))
    top = s.members[s.members["member"]].nlargest(10, "betweenness")
    show(
        top[["enterprise_id", "name", "role", "in_strength", "out_strength", "betweenness"]],
        "Brokers (highest betweenness)",
    )


@app.command("coreperiphery")
def coreperiphery_command(
    case: str = typer.Argument(..., help="Case name or folder."),
    year: int | None = typer.Option(None, help="Year (default: the last with supply links)."),
    n_null: int = typer.Option(99, help="Degree-preserving randomisations for the p-value."),
    seed: int = typer.Option(0, help="Random seed."),
) -> None:
    """Borgatti-Everett core of the members' cooperation graph, with its p-value."""
    from regiocluster.mapping.structure import cluster_structure

    c = load(case)
    with console.status(f"Fitting the core and {n_null} randomised graphs ..."):
        s = cluster_structure(c, year=year, n_null=n_null, random_state=seed)
    m = s.core_periphery
    console.print(
        f"Core: {int(m.core_.sum())} of {len(m.core_)} members; fitness (correlation) "
        f"{m.fitness_:.3f}; null median {float(np.median(m.null_fitness_)):.3f}; "
        f"p = {m.p_value_:.3f} ({n_null} degree-preserving randomisations)."
        if n_null
        else f"Core: {int(m.core_.sum())} of {len(m.core_)} members; fitness {m.fitness_:.3f}."
    )
    core = s.members[s.members["core"]]
    show(core[["enterprise_id", "name", "role", "region_id", "strength"]], "Core members")
