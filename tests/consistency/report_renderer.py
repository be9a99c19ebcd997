"""The study as renderers: ``results.json`` and the HTML, each read back by id.

The study is built once (Russian HTML; ``results.json`` is written with any
format) into a temporary folder; a quantity the study shows under the same id
must carry the core Result's value. In the HTML every number is a
``<span class="num" data-rid="<id>" data-value='<JSON>'>``; every span of an
id must carry the same value.
"""

from __future__ import annotations

import json
import tempfile
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from regiocluster.case.load import Case

from .quantities import Quantity
from .renderers import RENDERERS, NotShown

_KEEP: list[tempfile.TemporaryDirectory] = []


class _Numbers(HTMLParser):
    """Collect ``data-rid`` → the JSON values of its ``data-value`` attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.values: dict[str, list[Any]] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if "data-rid" in a and a.get("data-value") is not None:
            self.values.setdefault(str(a["data-rid"]), []).append(json.loads(a["data-value"]))


@cache
def _study(case_name: str) -> tuple[dict[str, Any], dict[str, list[Any]]]:
    from regiocluster import load_case
    from regiocluster.report.builder import build_study

    folder = tempfile.TemporaryDirectory()
    _KEEP.append(folder)
    out = Path(folder.name)
    build_study(load_case(case_name), out, langs=["ru"], formats=["html"])
    data = json.loads((out / "results.json").read_text(encoding="utf-8"))
    parser = _Numbers()
    parser.feed((out / "index.html").read_text(encoding="utf-8"))
    return {n["id"]: n["value"] for n in data["numbers"]}, parser.values


def report_json(quantity: Quantity, case: Case) -> Any:
    """Read the quantity from the study's ``results.json`` (embedded case only)."""
    if case.name != "leningrad":
        raise NotShown(quantity.id)
    numbers, _html = _study(case.name)
    if quantity.id not in numbers:
        raise NotShown(quantity.id)
    return numbers[quantity.id]


def report_html(quantity: Quantity, case: Case) -> Any:
    """Read the quantity from the study's HTML: the value of every span with its id."""
    if case.name != "leningrad":
        raise NotShown(quantity.id)
    _numbers, html = _study(case.name)
    values = html.get(quantity.id)
    if not values:
        raise NotShown(quantity.id)
    if any(v != values[0] for v in values):
        return values  # shown with two values: never equal to the core value
    return values[0]


RENDERERS["report_json"] = report_json
RENDERERS["report_html"] = report_html
