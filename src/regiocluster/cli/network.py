"""`regiocluster network ...` commands."""

from __future__ import annotations

import typer

app = typer.Typer(help="network commands.", no_args_is_help=True)
