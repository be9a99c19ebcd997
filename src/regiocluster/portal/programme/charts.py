"""Geometry of the server-drawn SVG charts (no script needed; they print in the PDF too)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

#: Width of the chart area and of the label column, in SVG user units.
WIDTH, LABEL = 900, 260
ROW = 22


@dataclass(frozen=True)
class Bar:
    """One bar of a chart."""

    x: float
    y: float
    width: float
    label: str
    css: str
    url: str = ""
    title: str = ""


def gantt(
    measures: list[Any], *, today: date, overdue: set[str], at_risk: set[str]
) -> dict[str, Any]:
    """Bars of a Gantt chart: one row per measure from its start to its due date."""
    if not measures:
        return {"bars": [], "height": 0}
    first = min(m.start for m in measures)
    last = max(m.due for m in measures)
    span = max((last - first).days, 1)
    scale = (WIDTH - LABEL) / span
    bars = []
    for i, m in enumerate(measures):
        css = (
            "done"
            if m.status == "done"
            else "overdue"
            if m.code in overdue
            else ("risk" if m.code in at_risk else "ok")
        )
        bars.append(
            Bar(
                x=LABEL + (m.start - first).days * scale,
                y=i * ROW + 20,
                width=max((m.due - m.start).days * scale, 2),
                label=f"{m.code} {m.display_title}"[:40],
                css=css,
                title=f"{m.start:%Y-%m-%d} – {m.due:%Y-%m-%d}, {m.progress} %",
            )
        )
    years = [
        {"x": LABEL + (date(y, 1, 1) - first).days * scale, "label": y}
        for y in range(first.year + 1, last.year + 1)
    ]
    now = LABEL + (today - first).days * scale if first <= today <= last else None
    return {
        "bars": bars,
        "years": years,
        "today": now,
        "height": len(measures) * ROW + 30,
        "width": WIDTH,
        "label": LABEL,
    }


def kpi_bars(rows: list[Any]) -> dict[str, Any]:
    """Paired bars, target and actual, per KPI period, scaled per KPI."""
    out = []
    for i, r in enumerate(rows):
        top = max(abs(r.target), abs(r.actual or 0.0), 1e-12)
        y = i * ROW * 2 + 10
        out.append(
            {
                "y": y,
                "label": f"{r.kpi.code} {r.year}",
                "target": Bar(LABEL, y, (WIDTH - LABEL - 80) * abs(r.target) / top, "", "target"),
                "actual": None
                if r.actual is None
                else Bar(
                    LABEL, y + ROW - 6, (WIDTH - LABEL - 80) * abs(r.actual) / top, "", r.colour
                ),
                "row": r,
            }
        )
    return {"rows": out, "height": len(rows) * ROW * 2 + 20, "width": WIDTH, "label": LABEL}
