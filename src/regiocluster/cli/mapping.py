"""`regiocluster mapping ...` commands."""

from __future__ import annotations

import typer

app = typer.Typer(help="mapping commands.", no_args_is_help=True)
