"""Writers of the study's editable and print formats: PDF, DOCX, XLSX.

All three read the language views of :mod:`regiocluster.report.render`:
the PDF is WeasyPrint on the print variant of the HTML template (static
images, table of contents with page numbers), the DOCX is python-docx (one
Heading 1 per chapter, Word tables, images, the data card's
headings, tables and hyperlinks), the XLSX annex is openpyxl
(every table, all rows).
"""

from __future__ import annotations

import numbers
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from regiocluster.report.docx_markdown import add_markdown
from regiocluster.report.i18n import Localizer
from regiocluster.report.model import Column, Table
from regiocluster.report.render import View, table_view


@dataclass(frozen=True)
class PdfLayout:
    """What WeasyPrint laid out: page count, chapter start pages, split figures."""

    pages: int
    chapters: dict[str, int]
    split: dict[str, list[int]]


def write_pdf(html: str, base: Path, target: Path) -> PdfLayout:
    """Render print HTML with WeasyPrint; return its layout (from the same rendering)."""
    import logging

    from weasyprint import HTML

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    document = HTML(string=html, base_url=str(base)).render()
    document.write_pdf(target)
    figures: dict[str, set[int]] = {}
    chapters: dict[str, int] = {}
    for number, page in enumerate(document.pages, start=1):
        for box in page._page_box.descendants():
            element = getattr(box, "element", None)
            if element is None:
                continue
            classes = (element.get("class") or "").split()
            if box.element_tag == "figure" and {"chart", "map-figure"} & set(classes):
                figures.setdefault(element.get("id"), set()).add(number)
            elif box.element_tag == "section" and element.get("id"):
                chapters.setdefault(element.get("id"), number)
    split = {k: sorted(v) for k, v in figures.items() if len(v) > 1}
    return PdfLayout(len(document.pages), chapters, split)


def _prose(paragraph: Any, segments: Sequence[Any]) -> None:
    for s in segments:
        run = paragraph.add_run(s.text)
        if s.kind == "number":
            run.bold = True


def _docx_table(doc: Any, view: dict[str, Any]) -> None:
    doc.add_paragraph(view["title"], style="Caption")
    table = doc.add_table(rows=1, cols=len(view["headers"]))
    table.style = "Light Grid Accent 1"
    for cell, h in zip(table.rows[0].cells, view["headers"], strict=True):
        cell.text = h["text"]
    for row in view["rows"]:
        cells = table.add_row().cells
        for cell, c in zip(cells, row, strict=True):
            cell.text = c["text"]
            if c["num"]:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if view["note"]:
        doc.add_paragraph(view["note"])


def write_docx(
    target: Path,
    *,
    loc: Localizer,
    title: str,
    subtitle: str,
    summary: Sequence[Sequence[Any]],
    chapters: Sequence[View],
    images: Path,
) -> None:
    """Write the study as an editable Word document."""
    doc = Document()
    doc.styles["Normal"].font.size = Pt(10)
    doc.add_heading(title, level=0)
    doc.add_paragraph(subtitle)
    doc.add_heading(loc.gettext("Executive summary"), level=1)
    for f in summary:
        _prose(doc.add_paragraph(style="List Bullet"), f)
    for ch in chapters:
        doc.add_heading(f"{ch.number} {ch.title}".strip(), level=1)
        if ch.findings:
            doc.add_heading(loc.gettext("Findings"), level=2)
            for f in ch.findings:
                _prose(doc.add_paragraph(style="List Bullet"), f)
        if ch.intro:
            doc.add_paragraph(ch.intro)
        if ch.pending:
            doc.add_paragraph(ch.pending).runs[0].italic = True
        for group, items in ch.recommendations.items():
            doc.add_heading(group, level=2)
            for f in items:
                _prose(doc.add_paragraph(style="List Number"), f)
        for b in ch.blocks:
            _docx_block(doc, b, images)
    doc.save(target)


def _docx_block(doc: Any, b: dict[str, Any], images: Path) -> None:
    if b["kind"] == "table":
        _docx_table(doc, b)
    elif b["kind"] in ("chart", "map"):
        doc.add_paragraph(b["title"], style="Caption")
        doc.add_picture(str(images / b["image"]), width=Cm(16))
    elif b["kind"] == "paragraph":
        _prose(doc.add_paragraph(), b["segments"])
    elif b["kind"] == "markdown":
        add_markdown(doc, b["text"], base_level=1)


def _sheet_name(table_id: str, used: set[str]) -> str:
    name = re.sub(r"[\[\]:*?/\\]", "_", table_id)[-31:]
    base, i = name, 1
    while name in used:
        i += 1
        name = f"{base[:28]}_{i}"
    used.add(name)
    return name


def write_xlsx(target: Path, *, loc: Localizer, tables: Sequence[Table]) -> None:
    """Write every table of the study, all rows, one sheet each, headers with units."""
    used: set[str] = set()
    with pd.ExcelWriter(target, engine="openpyxl") as writer:
        index_rows = []
        for table in tables:
            full = Table(table.id, table.title, table.columns, table.frame, limit=None)
            view = table_view(loc, full)
            frame = pd.DataFrame(
                [
                    [
                        _excel_value(col, raw, c["text"])
                        for col, raw, c in zip(table.columns, rec, row, strict=True)
                    ]
                    for rec, row in zip(
                        table.frame[[c.key for c in table.columns]].itertuples(index=False),
                        view["rows"],
                        strict=True,
                    )
                ],
                columns=[h["text"] for h in view["headers"]],
            )
            sheet = _sheet_name(table.id, used)
            frame.to_excel(writer, sheet_name=sheet, index=False)
            index_rows.append({"sheet": sheet, "table": view["title"], "rows": len(frame)})
        pd.DataFrame(index_rows).to_excel(writer, sheet_name="index", index=False)


def _excel_value(column: Column, raw: object, text: str) -> object:
    """Return a number as a number (shares as percentages), anything else as shown."""
    if (
        column.kind in ("number", "int")
        and isinstance(raw, numbers.Real)
        and not isinstance(raw, bool)
        and not pd.isna(raw)
    ):
        return raw
    if (
        column.kind == "share"
        and isinstance(raw, numbers.Real)
        and not isinstance(raw, bool)
        and not pd.isna(raw)
    ):
        return 100 * raw
    return text
