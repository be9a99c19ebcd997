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
    demo: Annotated[
        bool,
        typer.Option(
            "--demo",
            help="Demonstration: seed the synthetic case and create demo accounts "
            "with random passwords (shown once).",
        ),
    ] = False,
    case: Annotated[str, typer.Option(help="Case to seed an empty database with (--demo).")] = "",
    threads: Annotated[int, typer.Option(help="Worker threads of the server.")] = 8,
) -> None:
    """Start the cluster portal: migrate, (with --demo: seed and demo accounts), serve."""
    with portal_errors(port=port):
        _serve(host=host, port=port, data_dir=data_dir, demo=demo, case=case, threads=threads)


def _serve(*, host: str, port: int, data_dir: Path, demo: bool, case: str, threads: int) -> None:
    from regiocluster.portal import bootstrap

    bootstrap.configure(data_dir=data_dir, allowed_host=host)
    with console.status("Applying migrations ..."):
        bootstrap.migrate()
        bootstrap.collect_static()
    if demo:
        _demo_prepare(case=case)
    else:
        from django.contrib.auth import get_user_model

        if not get_user_model().objects.exists():
            console.print(
                "No account yet: create the first administrator with "
                "[bold]regiocluster portal createadmin[/]."
            )
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    console.print(
        f"Portal at [bold]http://{shown}:{port}/[/] "
        f"(data in {Path(data_dir).resolve()}); Ctrl+C stops."
    )
    bootstrap.serve(host=host, port=port, threads=threads)


def _demo_prepare(*, case: str) -> None:
    from regiocluster.portal import bootstrap

    try:
        seed_case = case or bootstrap.default_case()
        counts = bootstrap.seed_if_empty(case=seed_case)
    except CaseError as exc:
        fail_with_problems(exc)
    if counts:
        console.print(f"Seeded from case [bold]{seed_case}[/]: {bootstrap.describe(counts)}")
    table = Table(title="Demo accounts (local demonstration only; passwords shown once)")
    for col in ("user", "password", "role", "organisation"):
        table.add_column(col)
    for user, password, role, org in bootstrap.demo_accounts_create():
        table.add_row(user, password or "(unchanged)", role, org)
    console.print(table)


@app.command("createadmin")
def create_admin(
    username: Annotated[str, typer.Option(help="User name of the administrator.")] = "admin",
    email: Annotated[str, typer.Option(help="E-mail address (for password resets).")] = "",
    data_dir: DataDir = Path("regiocluster-data"),
) -> None:
    """Create the first administrator (password from REGIOCLUSTER_ADMIN_PASSWORD or prompted)."""
    import os

    from regiocluster.portal import bootstrap

    bootstrap.configure(data_dir=data_dir)
    bootstrap.migrate()
    password = os.environ.get("REGIOCLUSTER_ADMIN_PASSWORD") or typer.prompt(
        "Password", hide_input=True, confirmation_prompt=True
    )
    try:
        bootstrap.admin_create(username=username, email=email, password=password)
    except ValueError as exc:
        Console(stderr=True).print(f"[red]createadmin: {exc}[/]")
        raise typer.Exit(code=2) from None
    console.print(f"Administrator [bold]{username}[/] created.")


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
    from regiocluster.portal.programme.seed import programme_seed

    programme_seed(case=load_case(case))
    console.print(f"Seeded from {case}: {bootstrap.describe(counts)}")


@app.command("backup")
def backup_command(
    file: Annotated[Path, typer.Argument(help="The backup file to write (ZIP).")],
    data_dir: DataDir = Path("regiocluster-data"),
) -> None:
    """Back up every table (users included) and the uploaded files; safe while serving."""
    from regiocluster.portal import bootstrap

    bootstrap.configure(data_dir=data_dir)
    from regiocluster.portal.backup import backup_write

    counts = backup_write(file)
    console.print(f"Backed up {sum(counts.values())} rows of {len(counts)} tables to {file}.")


@app.command("restore")
def restore_command(
    file: Annotated[Path, typer.Argument(help="A backup written by 'portal backup'.")],
    data_dir: DataDir = Path("regiocluster-data"),
) -> None:
    """Restore a backup into an empty database (migrated first) and the media folder."""
    from regiocluster.portal import bootstrap

    bootstrap.configure(data_dir=data_dir)
    bootstrap.migrate()
    from regiocluster.portal.backup import BackupError, backup_restore

    try:
        counts = backup_restore(file)
    except BackupError as exc:
        Console(stderr=True).print(f"[red]restore: {exc}[/]")
        raise typer.Exit(code=2) from None
    console.print(f"Restored {sum(counts.values())} rows of {len(counts)} tables from {file}.")


app.command("serve")(serve_command)
