"""The Content-Security-Policy allows no inline style or script: no template may carry one.

The CSP (``style-src 'self'``, ``script-src 'self'``) makes browsers ignore inline
``style=`` attributes, ``<style>`` and ``<script>`` blocks and ``on…=`` handlers; a
template that uses them renders wrong or not at all. The PDF templates (badge,
ministry report) take their stylesheets from files too, so one rule holds everywhere.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

PORTAL = Path(__file__).resolve().parents[2] / "src" / "regiocluster" / "portal"
TEMPLATES = sorted(PORTAL.rglob("templates/**/*.html"))

INLINE = {
    "style attribute": re.compile(r"\sstyle\s*=", re.I),
    "style block": re.compile(r"<style[\s>]", re.I),
    "inline script": re.compile(r"<script(?![^>]*\ssrc\s*=)[^>]*>", re.I),
    "event handler": re.compile(r"\son[a-z]+\s*=", re.I),
    "javascript: URL": re.compile(r"javascript:", re.I),
}


def test_the_portal_has_templates():
    assert len(TEMPLATES) > 50


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(PORTAL)))
def test_no_template_has_inline_style_or_script(path):
    text = path.read_text(encoding="utf-8")
    found = [name for name, pattern in INLINE.items() if pattern.search(text)]
    assert not found, f"{path.relative_to(PORTAL)}: {found}"
