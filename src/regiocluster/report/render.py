"""Turn chapters into one language's view: translated text and formatted cells.

The view is plain data (strings, lists, dictionaries): the Jinja templates
make HTML of it for the browser and for WeasyPrint, and the DOCX and XLSX
writers read the same view, so the formats cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from markdown_it import MarkdownIt

from regiocluster.report import charts, maps
from regiocluster.report.i18n import Localizer
from regiocluster.report.model import (
    Chapter,
    Chart,
    Column,
    Finding,
    Map,
    Markdown,
    Name,
    Paragraph,
    Table,
)

#: Writes a static image (relative path, bytes) and returns its path.
ImageSink = Callable[[str, bytes], str]


@dataclass
class View:
    """One chapter in one language."""

    key: str
    title: str
    number: str
    intro: str
    pending: str
    findings: list[list[Any]]
    blocks: list[dict[str, Any]]
    recommendations: dict[str, list[list[Any]]] = field(default_factory=dict)
    annex: bool = False
    illustrative: bool = False


def segments(loc: Localizer, finding: Finding | Paragraph) -> list[Any]:
    """Return a finding's translated text split into text, name and number segments."""
    return loc.segments(finding.message, dict(finding.args))


def header(loc: Localizer, column: Column) -> str:
    """Return a column header with its unit."""
    text = (
        column.header.text(loc.lang)
        if isinstance(column.header, Name)
        else loc.gettext(column.header)
    )
    if column.unit:
        return f"{text}, {loc.unit(column.unit, thousands=column.thousands)}"
    return text


def cell(loc: Localizer, column: Column, value: Any) -> str:
    """One formatted cell."""
    if isinstance(value, Name):
        return value.text(loc.lang)
    if value is None or (not isinstance(value, str | list | tuple) and pd.isna(value)):
        return "–"
    kind = column.kind
    if kind == "unit":
        return loc.unit(str(value), thousands=True)
    if kind == "plainunit":
        return loc.unit(str(value))
    if kind == "share":
        return loc.number(float(value), "share")
    if kind == "year":
        return str(int(value))
    if kind == "bool":
        return loc.number(bool(value))
    if kind in ("number", "int"):
        return loc.number(value, digits=0 if kind == "int" else (column.digits or None))
    if kind == "message":
        return loc.gettext(str(value))
    return str(value)


def table_view(loc: Localizer, table: Table) -> dict[str, Any]:
    """Return a table's headers and formatted rows."""
    cols = list(table.columns)
    rows = [
        [
            {
                "text": cell(loc, c, rec[c.key]),
                "num": c.kind in ("number", "int", "share"),
                "name": c.kind in ("name", "text"),
            }
            for c in cols
        ]
        for rec in table.shown.to_dict("records")
    ]
    total = len(table.frame)
    note = loc.gettext(table.note) if table.note else ""
    if len(rows) < total:
        more = loc.text(
            "The first {shown} of {total} rows; all rows are in the XLSX annex.",
            {"shown": str(len(rows)), "total": str(total)},
        )
        note = f"{note} {more}".strip()
    return {
        "kind": "table",
        "id": table.id,
        "title": loc.gettext(table.title),
        "headers": [
            {"text": header(loc, c), "num": c.kind in ("number", "int", "share")} for c in cols
        ],
        "rows": rows,
        "note": note,
        "illustrative": table.illustrative,
    }


def block_view(loc: Localizer, block: Any, images: ImageSink | None) -> dict[str, Any]:
    """One block's view; charts and maps become images when ``images`` is given."""
    if isinstance(block, Table):
        return table_view(loc, block)
    if isinstance(block, Paragraph):
        return {"kind": "paragraph", "segments": segments(loc, block)}
    if isinstance(block, Markdown):
        return {
            "kind": "markdown",
            "text": block.text,
            "html": MarkdownIt("commonmark", {"linkify": False}).enable("table").render(block.text),
        }
    if isinstance(block, Chart):
        view = {
            "kind": "chart",
            "id": block.id.replace(".", "-"),
            "title": loc.text(block.title, dict(block.title_args)),
            "illustrative": block.illustrative,
        }
        if images is not None:
            view["image"] = images(f"{block.id}.png", charts.png(block, loc))
        else:
            view["json"] = charts.plotly_json(block, loc)
        return view
    if isinstance(block, Map):
        view = {
            "kind": "map",
            "id": block.id.replace(".", "-"),
            "title": loc.gettext(block.title),
            "note": loc.gettext(block.note),
            "illustrative": block.illustrative,
        }
        if images is not None:
            view["image"] = images(f"{block.id}.png", maps.png(block, loc))
        else:
            view["json"] = maps.leaflet_json(block, loc)
        return view
    raise TypeError(f"unknown block {type(block).__name__}")


def chapter_view(loc: Localizer, chapter: Chapter, number: str, images: ImageSink | None) -> View:
    """Return a chapter in one language."""
    return View(
        key=chapter.key,
        title=loc.gettext(chapter.title),
        number=number,
        intro=loc.gettext(chapter.intro),
        pending=loc.gettext(chapter.pending),
        findings=[segments(loc, f) for f in chapter.findings],
        blocks=[block_view(loc, b, images) for b in chapter.blocks],
        recommendations={
            group: [segments(loc, f) for f in chapter.recommendations if f.kind == group]
            for group in dict.fromkeys(f.kind for f in chapter.recommendations)
        },
        annex=chapter.annex,
        illustrative=chapter.illustrative,
    )
