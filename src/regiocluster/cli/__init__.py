"""The ``regiocluster`` command line: a thin client over the core.

Each area's commands live in their own module and are mounted here as a
sub-command group, so the CLI reads as sentences:
``regiocluster case info leningrad``, ``regiocluster siting rank leningrad``.
"""

from __future__ import annotations

import sys
from typing import Any

import click
import typer
from typer.core import TyperGroup

from regiocluster.cli import (
    case,
    enterprises,
    io,
    mapping,
    market,
    needs,
    network,
    portal,
    programme,
    siting,
    trade,
)
from regiocluster.cli.report import report_command
from regiocluster.cli.simulate import simulate_command


class _ErrorsToOneLine(TyperGroup):
    """The one place the CLI turns regiocluster's errors into messages.

    A :class:`~regiocluster.case.errors.CaseError` prints its full problem
    table and exits 1; any other
    :class:`~regiocluster.errors.RegioclusterError` prints one line to
    stderr and exits 2. Neither shows a traceback.
    """

    def invoke(self, ctx: click.Context) -> Any:
        from regiocluster.case.errors import CaseError
        from regiocluster.cli._common import fail_with_problems
        from regiocluster.errors import RegioclusterError

        try:
            return super().invoke(ctx)
        except CaseError as exc:
            fail_with_problems(exc)
        except RegioclusterError as exc:
            sys.stderr.write(f"Error: {exc}\n")
            raise typer.Exit(code=2) from None


app = typer.Typer(
    cls=_ErrorsToOneLine,
    name="regiocluster",
    help="Analyse, design and run a regional industrial cluster.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
)
app.add_typer(case.app, name="case", help="Inspect, validate, import and export cases.")
app.add_typer(
    mapping.app, name="mapping", help="Specialisation, strong clusters, members, boundaries."
)
app.add_typer(
    network.app, name="network", help="Cooperation graph, Decree 779 tests, core-periphery."
)
app.add_typer(
    trade.app, name="trade", help="Economic complexity, export potential, import substitution."
)
app.add_typer(siting.app, name="siting", help="Site suitability, ranking and location-allocation.")
app.add_typer(io.app, name="io", help="Input-output models: multipliers, linkages, impacts.")
app.add_typer(market.app, name="market", help="Market balances, demand drivers and forecasts.")
app.add_typer(
    enterprises.app,
    name="enterprises",
    help="Support measures, scorecards, projects, technologies.",
)
app.add_typer(
    needs.app,
    name="needs",
    help="Needed products and technologies, international experience, new enterprises, "
    "innovation and infrastructure.",
)
app.add_typer(
    portal.app, name="portal", help="The cluster's portal: serve, export-case, load-case."
)
app.add_typer(
    programme.app, name="programme", help="Programme indicators (KPIs) and the plan of measures."
)
app.command("report")(report_command)
app.command("serve")(portal.serve_command)
app.command("simulate")(simulate_command)


def main() -> None:
    """Run the command line."""
    app()
