"""Markdown (the case's data card) as native Word content: headings, tables, lists, links.

The data card is Markdown written by the case's authors. The HTML study
renders it with markdown-it; the DOCX walks the same parser's tokens, so
headings become Word headings (one level below the annex's Heading 1),
pipe tables become Word tables, lists become Word list paragraphs and links
become clickable hyperlinks (external relationships), not text.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from docx.enum.text import WD_BREAK
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt
from markdown_it import MarkdownIt
from markdown_it.token import Token

#: Colour of hyperlinks (Word's default Hyperlink style).
LINK_COLOUR = "0563C1"
CODE_FONT = "Consolas"


def parse(text: str) -> list[Token]:
    """Return the block tokens of ``text`` (CommonMark with pipe tables), as the HTML uses."""
    return MarkdownIt("commonmark", {"linkify": False}).enable("table").parse(text)


def add_hyperlink(paragraph: Any, url: str) -> Any:
    """Append an empty ``w:hyperlink`` to ``paragraph`` pointing at ``url``; return it."""
    r_id = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), r_id)
    paragraph._p.append(link)
    return link


def _link_run(link: Any, text: str, *, bold: bool, italic: bool, code: bool) -> None:
    run = OxmlElement("w:r")
    props = OxmlElement("w:rPr")
    if code:
        fonts = OxmlElement("w:rFonts")
        fonts.set(qn("w:ascii"), CODE_FONT)
        fonts.set(qn("w:hAnsi"), CODE_FONT)
        props.append(fonts)
    for flag, tag in ((bold, "w:b"), (italic, "w:i")):
        if flag:
            props.append(OxmlElement(tag))
    colour = OxmlElement("w:color")
    colour.set(qn("w:val"), LINK_COLOUR)
    props.append(colour)
    underline = OxmlElement("w:u")
    underline.set(qn("w:val"), "single")
    props.append(underline)
    run.append(props)
    t = OxmlElement("w:t")
    t.text = text
    t.set(qn("xml:space"), "preserve")
    run.append(t)
    link.append(run)


def add_inline(paragraph: Any, inline: Token | None) -> None:
    """Append an inline token's children to ``paragraph``: text, code, emphasis, links."""
    bold = italic = False
    link = None
    for child in (inline.children or []) if inline is not None else []:
        kind = child.type
        if kind in ("strong_open", "strong_close"):
            bold = kind == "strong_open"
        elif kind in ("em_open", "em_close"):
            italic = kind == "em_open"
        elif kind == "link_open":
            link = add_hyperlink(paragraph, str(child.attrGet("href") or ""))
        elif kind == "link_close":
            link = None
        elif kind in ("text", "code_inline", "softbreak"):
            text = " " if kind == "softbreak" else child.content
            code = kind == "code_inline"
            if link is not None:
                _link_run(link, text, bold=bold, italic=italic, code=code)
                continue
            run = paragraph.add_run(text)
            run.bold, run.italic = bold or None, italic or None
            if code:
                run.font.name = CODE_FONT
        elif kind == "hardbreak":
            paragraph.add_run().add_break(WD_BREAK.LINE)
        # html_inline (comments, tags) carries no text for the reader


def _table(doc: Any, tokens: Sequence[Token], start: int) -> int:
    """Add the pipe table opening at ``tokens[start]``; return the index after it."""
    rows: list[list[Token]] = []
    header_rows = 0
    i = start + 1
    in_head = False
    while tokens[i].type != "table_close":
        t = tokens[i]
        if t.type == "thead_open":
            in_head = True
        elif t.type == "thead_close":
            in_head = False
        elif t.type == "tr_open":
            rows.append([])
            header_rows += in_head
        elif t.type == "inline":
            rows[-1].append(t)
        i += 1
    width = max((len(r) for r in rows), default=0)
    if width:
        table = doc.add_table(rows=len(rows), cols=width)
        table.style = "Light Grid Accent 1"
        # row by row: python-docx's table.cell(r, c) walks every cell, quadratic on long tables
        for r, (word_row, row) in enumerate(zip(table.rows, rows, strict=True)):
            for cell, inline in zip(word_row.cells, row, strict=False):
                paragraph = cell.paragraphs[0]
                add_inline(paragraph, inline)
                for run in paragraph.runs:
                    run.font.size = Pt(8)
                    run.bold = True if r < header_rows else run.bold
    return i + 1


def add_markdown(doc: Any, text: str, *, base_level: int = 1) -> None:
    """Add Markdown ``text`` to ``doc``; its ``#`` headings go one level below ``base_level``."""
    tokens = parse(text)
    lists: list[str] = []
    i = 0
    while i < len(tokens):
        t = tokens[i]
        if t.type == "table_open":
            i = _table(doc, tokens, i)
            continue
        if t.type == "heading_open":
            level = min(base_level + int(t.tag[1:]), 9)
            add_inline(doc.add_heading("", level=level), tokens[i + 1])
            i += 3
            continue
        if t.type in ("bullet_list_open", "ordered_list_open"):
            lists.append("List Number" if t.type == "ordered_list_open" else "List Bullet")
        elif t.type in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif t.type == "paragraph_open":
            style = None
            if lists:
                depth = min(len(lists), 3)
                style = lists[-1] + (f" {depth}" if depth > 1 else "")
            add_inline(doc.add_paragraph(style=style), tokens[i + 1])
            i += 3
            continue
        elif t.type in ("fence", "code_block"):
            for line in t.content.rstrip("\n").splitlines():
                doc.add_paragraph().add_run(line).font.name = CODE_FONT
        i += 1


def hyperlinks(doc: Any) -> list[str]:
    """Return the addresses of every hyperlink in ``doc`` (body and tables), in order."""
    rels = doc.part.rels
    return [
        rels[el.get(qn("r:id"))].target_ref
        for el in doc.element.body.iter(qn("w:hyperlink"))
        if el.get(qn("r:id")) in rels
    ]
