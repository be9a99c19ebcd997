"""The executive summary and the recommendations chapter, gathered from the chapters.

Both are made of the chapters' generated findings and recommendations, so
every number in them is a ``results.json`` reference.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from regiocluster.report.compose import GROUPS
from regiocluster.report.i18n import Localizer
from regiocluster.report.model import N_, Chapter

INTRO = N_(
    "The main findings of each chapter, generated from the analyses' results; every number "
    "links to its entry in results.json. The measures follow from these findings and are "
    "detailed in the recommendations chapter."
)
TITLE = N_("Recommendations")
GROUP_TITLES = {
    "plan": N_("Plan of priority measures"),
    "portal": N_("The cluster's portal"),
    "subcontracting": N_("Subcontracting programme"),
    "infrastructure": N_("Joint infrastructure projects and renovation"),
    "research": N_("Joint R&D with the test site and the Smart House"),
    "forum": N_("Forum and suppliers' conference"),
}
#: Findings per chapter in the executive summary.
PER_CHAPTER = 2


def with_recommendations(chapters: Sequence[Chapter]) -> list[Chapter]:
    """Return the chapters with the recommendations chapter placed before the annexes."""
    body = [c for c in chapters if not c.annex]
    annexes = [c for c in chapters if c.annex]
    recs = [r for c in body for r in c.recommendations]
    chapter = Chapter(
        "recommendations",
        TITLE,
        intro=N_(
            "Each measure follows from a finding of the chapters above; the chapter it comes "
            "from holds its numbers and method."
        ),
        extra={"recommendations": tuple(recs)},
    )
    return [*body, chapter, *annexes]


def summary_segments(chapters: Sequence[Chapter], loc: Localizer) -> list[list[Any]]:
    """Return the first findings of each chapter, translated."""
    out = []
    for ch in chapters:
        if ch.annex:
            continue
        for f in list(ch.findings)[:PER_CHAPTER]:
            out.append(loc.segments(f.message, dict(f.args)))
    return out


def _recommendations(chapters: Sequence[Chapter]) -> list[Any]:
    for ch in chapters:
        if ch.key == "recommendations":
            return list(ch.extra.get("recommendations", ()))
    return []


def measure_segments(chapters: Sequence[Chapter], loc: Localizer) -> list[list[Any]]:
    """Return the first measure of each recommendation group, translated."""
    recs = _recommendations(chapters)
    out = []
    for group in GROUPS:
        first = next((r for r in recs if r.kind == group), None)
        if first is not None:
            out.append(loc.segments(first.message, dict(first.args)))
    return out


def group_views(chapters: Sequence[Chapter], loc: Localizer) -> list[dict[str, Any]]:
    """Return the recommendations chapter's groups with their translated measures."""
    recs = _recommendations(chapters)
    return [
        {
            "key": group,
            "title": loc.gettext(GROUP_TITLES[group]),
            "measures": [loc.segments(r.message, dict(r.args)) for r in recs if r.kind == group],
        }
        for group in GROUPS
    ]
