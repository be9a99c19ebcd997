"""Renderers: the places a headline quantity is shown, each read back as a value.

A renderer is ``render(quantity, case) -> value``. It raises
:class:`NotShown` when its output does not show the quantity (the test is
then skipped for that pair, never passed). The report helper adds
``results.json`` and the HTML, the portal helper the page and the API, by
appending to :data:`RENDERERS` in a module of their own imported below.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from regiocluster.case.load import Case

from .quantities import Quantity


class NotShown(Exception):
    """The renderer's output does not include this quantity."""


def cli_json(quantity: Quantity, case: Case) -> Any:
    """Run the CLI command with ``--format json`` and read the figure."""
    from typer.testing import CliRunner

    from regiocluster.cli import app

    if not quantity.cli:
        raise NotShown(quantity.id)
    result = CliRunner().invoke(app, [*quantity.cli, "--format", "json"])
    if result.exit_code != 0:
        raise AssertionError(f"{' '.join(quantity.cli)} failed: {result.output}")
    data = json.loads(result.stdout)
    figures = {f["id"]: f["value"] for f in data["figures"]}
    if quantity.figure not in figures:
        raise NotShown(quantity.id)
    return figures[quantity.figure]


#: name → renderer. Helpers register theirs: ``RENDERERS["report_json"] = report_json``.
RENDERERS: dict[str, Callable[[Quantity, Case], Any]] = {"cli_json": cli_json}
