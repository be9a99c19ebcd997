"""`regiocluster enterprises ...` commands."""

from __future__ import annotations

import typer

app = typer.Typer(help="enterprises commands.", no_args_is_help=True)
