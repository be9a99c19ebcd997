"""`regiocluster io ...` commands."""

from __future__ import annotations

import typer

app = typer.Typer(help="io commands.", no_args_is_help=True)
