"""Template helpers of the figures page: a headline figure's label and value in the language."""

from __future__ import annotations

import json
from typing import Any

from django import template
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from regiocluster.portal.exchange.templatetags.exchange_tags import _n, percent

register = template.Library()

#: Units of headline figures, as the page names them (empty: a count, a code, a verdict).
UNITS = {
    "kt": gettext_lazy("kt"),
    "thousand USD": gettext_lazy("thousand US$"),
    "mln RUB": gettext_lazy("mln RUB"),
    "bn RUB": gettext_lazy("bn RUB"),
}


@register.filter
def figure_label(figure: dict[str, Any]) -> str:
    """Return the figure's label in the active language (the Result's own ru/en labels)."""
    ru = (get_language() or "ru").startswith("ru")
    return (figure.get("label_ru") or figure["label_en"]) if ru else figure["label_en"]


@register.filter
def figure_text(figure: dict[str, Any]) -> str:
    """Format the figure's value for the active language, with its unit."""
    value, unit = figure["value"], figure["unit"]
    if value is None:
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, str):
        return value
    if unit == "share":
        return percent(value)
    digits = 0 if abs(float(value)) >= 100 or float(value).is_integer() else 2
    text = _n(value, digits)
    return f"{text} {UNITS[unit]}" if unit in UNITS else text


@register.filter
def figure_json(figure: dict[str, Any]) -> str:
    """Return the figure's exact value as JSON (the page's ``data-value``)."""
    return json.dumps(figure["value"], ensure_ascii=False)
