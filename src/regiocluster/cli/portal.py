"""``regiocluster serve`` and ``regiocluster portal ...``: run the portal, move case data."""

from __future__ import annotations

import errno
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from regiocluster.case.errors import CaseError
from regiocluster.cli._common import fail_with_problems
from regiocluster.errors import ConfigurationError

app = typer.Typer(
    help="Portal: export the live data as a case, seed from a case.", no_args_is_help=True
)
console = Console()

DataDir = Annotated[
    Path,
    typer.Option(
        "--data-dir", help="Folder for the SQLite database, uploads and the generated secret key."
    ),
]


@contextmanager
def portal_errors(*, port: int | None = None) -> Iterator[None]:
    """Turn the environment's mistakes into :class:`ConfigurationError` (one line, exit 2).

    A busy port, a ``DATABASE_URL`` that does not parse, and a database that
    refuses the connection are the user's to fix, not tracebacks.
    """
    try:
        yield
    except OSError as exc:
        if exc.errno != errno.EADDRINUSE:
            raise
        raise ConfigurationError(
            f"port {port} is already in use; choose another with --port"
        ) from None
    except ValueError as exc:
        if "DATABASE_URL" not in str(exc):
            raise
        raise ConfigurationError(f"{exc}; use sqlite:///path or postgres://...") from None
    except Exception as exc:
        from django.db import Error as DatabaseError

        if not isinstance(exc, DatabaseError):
            raise
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ConfigurationError(f"cannot use the database of DATABASE_URL: {first}") from None


def serve_command(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    data_dir: DataDir = Path("regiocluster-data"),
    case: Annotated[str, typer.Option(help="Case to seed an empty database with.")] = "",
    threads: Annotated[int, typer.Option(help="Worker threads of the server.")] = 8,
) -> None:
    """Start the cluster portal: migrate, seed on first start, print the address, serve."""
    with portal_errors(port=port):
        _serve(host=host, port=port, data_dir=data_dir, case=case, threads=threads)


def _serve(*, host: str, port: int, data_dir: Path, case: str, threads: int) -> None:
    from regiocluster.portal import bootstrap

    bootstrap.configure(data_dir=data_dir, allowed_host=host)
    with console.status("Applying migrations ..."):
        bootstrap.migrate()
        bootstrap.collect_static()
    try:
        seed_case = case or bootstrap.default_case()
        counts = bootstrap.seed_if_empty(case=seed_case)
    except CaseError as exc:
        fail_with_problems(exc)
    if counts:
        console.print(f"Seeded from case [bold]{seed_case}[/]: {bootstrap.describe(counts)}")
    table = Table(title="Demo accounts (local demonstration only)")
    for col in ("user", "password", "role", "organisation"):
        table.add_column(col)
    for row in bootstrap.demo_accounts_create():
        table.add_row(*row)
    console.print(table)
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    console.print(
        f"Portal at [bold]http://{shown}:{port}/[/] "
        f"(data in {Path(data_dir).resolve()}); Ctrl+C stops."
    )
    bootstrap.serve(host=host, port=port, threads=threads)


@app.command("export-case")
def export_case(
    folder: Annotated[Path, typer.Argument(help="Output folder for the case.")],
    data_dir: DataDir = Path("regiocluster-data"),
    base: Annotated[
        str, typer.Option(help="Case for the tables the portal does not hold (default: the seed).")
    ] = "",
) -> None:
    """Write the portal's live data as a case folder that ``load_case`` reads."""
    from regiocluster import load_case
    from regiocluster.portal import bootstrap

    bootstrap.configure(data_dir=data_dir)
    from regiocluster.portal.casebridge import case_export
    from regiocluster.portal.members.models import CaseSource

    seed = CaseSource.objects.first()
    base_name = base or (seed.path or seed.name if seed else "leningrad")
    try:
        out = case_export(folder=folder, base=load_case(base_name))
        load_case(out)
    except CaseError as exc:
        fail_with_problems(exc)
    console.print(
        f"Exported the live data to {out} (base tables from {base_name}); it loads with load_case."
    )


@app.command("load-case")
def load_case_command(
    case: Annotated[str, typer.Argument(help="Built-in case name or a case folder.")],
    data_dir: DataDir = Path("regiocluster-data"),
) -> None:
    """Seed an empty portal database from a case."""
    from regiocluster import load_case
    from regiocluster.portal import bootstrap

    bootstrap.configure(data_dir=data_dir)
    bootstrap.migrate()
    from regiocluster.portal.casebridge import case_seed, database_is_empty
    from regiocluster.portal.content.services import content_seed

    if not database_is_empty():
        console.print(
            "[red]The database already holds organisations; load-case seeds an empty one only.[/]"
        )
        raise typer.Exit(code=1)
    try:
        counts = case_seed(case=load_case(case))
    except CaseError as exc:
        fail_with_problems(exc)
    content_seed()
    console.print(f"Seeded from {case}: {bootstrap.describe(counts)}")


app.command("serve")(serve_command)
