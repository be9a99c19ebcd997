"""Geometry of the server-drawn fan charts (SVG, no script: the CSP forbids inline code)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from regiocluster.simulation.montecarlo import INDICATOR_LABELS

WIDTH, HEIGHT, LEFT, TOP = 420, 180, 64, 10
#: The shown indicators' units, translatable.
UNITS = {
    "firms": _("firms"),
    "persons": _("persons"),
    "million RUB (start-year prices)": _("million RUB at start-year prices"),
    "% of members' purchases": _("% of members' purchases"),
    "% of the market's consumption": _("% of the market's consumption"),
}


def _number(value: float) -> str:
    """Axis label: thousands grouped by a thin space, one decimal below 1000."""
    return f"{value:,.0f}".replace(",", "\u2009") if abs(value) >= 1000 else f"{value:.1f}"


def _points(xs: list[float], ys: list[float]) -> str:
    return " ".join(f"{x:.1f},{y:.1f}" for x, y in zip(xs, ys, strict=True))


def fan(records: list[dict[str, Any]], indicator: str) -> dict[str, Any]:
    """Bands 5-95 % and 25-75 % and the median of ``indicator`` over the years."""
    rows = sorted((r for r in records if r["indicator"] == indicator), key=lambda r: r["year"])
    years = [int(r["year"]) for r in rows]
    low = min(r["q05"] for r in rows)
    high = max(r["q95"] for r in rows)
    span = (high - low) or max(abs(high), 1.0)
    low, high = low - 0.05 * span, high + 0.05 * span
    x = [LEFT + (WIDTH - LEFT - 10) * (y - years[0]) / max(years[-1] - years[0], 1) for y in years]

    def y(q: str) -> list[float]:
        return [TOP + (HEIGHT - TOP - 20) * (high - r[q]) / (high - low) for r in rows]

    def band(a: str, b: str) -> str:
        return _points(x + x[::-1], y(b) + y(a)[::-1])

    return {
        "indicator": indicator,
        "label_en": INDICATOR_LABELS[indicator][0],
        "label_ru": INDICATOR_LABELS[indicator][1],
        "unit": UNITS.get(rows[0]["unit"], rows[0]["unit"]),
        "outer": band("q05", "q95"),
        "inner": band("q25", "q75"),
        "median": _points(x, y("q50")),
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "bottom": HEIGHT - 20,
        "year_y": HEIGHT - 5,
        # coordinates as strings: the Russian locale would print "64,0"
        "first": {"x": f"{x[0]:.1f}", "label": str(years[0])},
        "last": {"x": f"{x[-1]:.1f}", "label": str(years[-1])},
        "top_label": _number(high),
        "bottom_label": _number(low),
        "rows": [r for r in rows if r["year"] in {years[0], 2030, years[-1]}],
    }
