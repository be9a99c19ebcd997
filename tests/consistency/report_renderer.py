"""The study's ``results.json`` as a renderer: the number the study shows, by its id.

The study is built once (Russian HTML; ``results.json`` is written with any
format) into a temporary folder; a quantity the study shows under the same id
must carry the core Result's value.
"""

from __future__ import annotations

import json
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

from regiocluster.case.load import Case

from .quantities import Quantity
from .renderers import RENDERERS, NotShown

_KEEP: list[tempfile.TemporaryDirectory] = []


@cache
def _numbers(case_name: str) -> dict[str, Any]:
    from regiocluster import load_case
    from regiocluster.report.builder import build_study

    folder = tempfile.TemporaryDirectory()
    _KEEP.append(folder)
    build_study(load_case(case_name), Path(folder.name), langs=["ru"], formats=["html"])
    data = json.loads((Path(folder.name) / "results.json").read_text(encoding="utf-8"))
    return {n["id"]: n["value"] for n in data["numbers"]}


def report_json(quantity: Quantity, case: Case) -> Any:
    """Read the quantity from the study's ``results.json`` (embedded case only)."""
    if case.name != "leningrad":
        raise NotShown(quantity.id)
    numbers = _numbers(case.name)
    if quantity.id not in numbers:
        raise NotShown(quantity.id)
    return numbers[quantity.id]


RENDERERS["report_json"] = report_json
