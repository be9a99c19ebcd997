"""`regiocluster siting ...` commands."""

from __future__ import annotations

import typer

app = typer.Typer(help="siting commands.", no_args_is_help=True)
