"""Languages of the study: gettext catalogues and Babel number formatting.

Every string of the study is a gettext message (extracted from the Jinja
templates and the Python modules of this package with Babel, see
``report/babel.cfg``); catalogues live under ``report/locale/<lang>``.
Numbers and units are formatted for the locale with Babel and
:func:`regiocluster.case.units.unit_label`.
"""

from __future__ import annotations

import gettext
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from babel import Locale
from babel.numbers import format_decimal, format_percent

from regiocluster.case.units import UNITS, unit_label
from regiocluster.errors import InvalidValueError
from regiocluster.report.model import Arg, Name, Number

LANGS = ("ru", "en")
DOMAIN = "messages"
_PLACEHOLDER = re.compile(r"\{(\w+)\}")

#: Units of headline figures that are not product units: (en, ru).
EXTRA_UNITS = {
    "count": ("", ""),
    "year": ("", ""),
    "ratio": ("", ""),
    "score": ("", ""),
    "kt": ("kt", "тыс. т"),
    "km": ("km", "км"),
    "m": ("m", "м"),
    "ha": ("ha", "га"),
    "mw": ("MW", "МВт"),
    "usd_k": ("thousand US$", "тыс. долл. США"),
    "rub_per_t": ("RUB/t", "руб./т"),
    "kg_per_head": ("kg per head", "кг на человека"),
    "mln_rub": ("mln RUB", "млн руб."),
    "bn_rub": ("bn RUB", "млрд руб."),
    "months": ("months", "мес."),
}


#: Units that Results write with a space, and their codes here.
UNIT_ALIASES = {
    "mln RUB": "mln_rub",
    "bn RUB": "bn_rub",
    "thousand US$": "usd_k",
    "thousand USD": "usd_k",
    "%": "percent",
}


@lru_cache(maxsize=4)
def translations(lang: str) -> gettext.NullTranslations:
    """Return the compiled catalogue of ``lang`` from ``report/locale``."""
    if lang not in LANGS:
        raise InvalidValueError("language", lang, LANGS)
    locale_dir = resources.files("regiocluster.report") / "locale"
    with resources.as_file(locale_dir) as path:
        return gettext.translation(DOMAIN, localedir=str(path), languages=[lang])


@dataclass(frozen=True)
class Segment:
    """A piece of rendered prose: plain text, or a number with its results id and value."""

    text: str
    id: str = ""
    kind: str = "text"  # text | number | name | year
    value: Any = None


class Localizer:
    """Translate messages and format numbers, units and names for one language."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.locale = "ru_RU" if lang == "ru" else "en_GB"
        self._t = translations(lang)

    def gettext(self, message: str) -> str:
        """Translate ``message`` (an empty message stays empty)."""
        return self._t.gettext(message) if message else ""

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        """Translate with the plural form for ``n``."""
        return self._t.ngettext(singular, plural, n)

    def unit(self, unit: str, *, thousands: bool = False) -> str:
        """Return the unit's readable name (``тыс. м³``), empty for counts and ratios."""
        unit = UNIT_ALIASES.get(unit, unit)
        if unit in ("share", "percent"):
            return "%"
        if unit in EXTRA_UNITS and not (thousands and unit in UNITS):
            en, ru = EXTRA_UNITS[unit]
            return ru if self.lang == "ru" else en
        return unit_label(unit, self.lang, thousands=thousands)

    def number(self, value: Any, unit: str = "", *, digits: int | None = None) -> str:
        """Format ``value`` for the locale: shares as percentages, years plain."""
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return "–"
        if isinstance(value, bool):
            return self.gettext("yes") if value else self.gettext("no")
        if isinstance(value, str):
            return value
        unit = UNIT_ALIASES.get(unit, unit)
        if unit == "year":
            return str(int(value))
        if unit == "share":
            pattern = Locale.parse(self.locale).percent_formats[None].pattern
            if digits is None or digits > 0:
                pattern = pattern.replace("#,##0", "#,##0.0", 1)
            return format_percent(value, pattern, locale=self.locale)
        if digits is None:
            magnitude = abs(float(value))
            digits = (
                0 if magnitude >= 100 or float(value).is_integer() else 2 if magnitude < 10 else 1
            )
        pattern = "#,##0" + ("." + "0" * digits if digits else "")
        return format_decimal(value, pattern, locale=self.locale)

    def quantity(self, number: Number) -> str:
        """Return a number with its unit (``48,9 %``, ``2 453 тыс. т``)."""
        text = self.number(number.value, number.unit)
        unit = self.unit(number.unit, thousands=number.thousands)
        code = UNIT_ALIASES.get(number.unit, number.unit)
        if code == "percent":
            return f"{text}\u00a0%" if self.lang == "ru" else f"{text}%"
        if not unit or code == "share":
            return text
        return f"{text}\u00a0{unit}"

    def arg(self, arg: Arg) -> str:
        """Render one argument of a message as plain text."""
        if isinstance(arg, Number):
            return self.quantity(arg)
        if isinstance(arg, Name):
            return arg.text(self.lang)
        if isinstance(arg, int):
            return str(arg)
        return self.gettext(arg)

    def segments(self, message: str, args: dict[str, Arg] | Any) -> list[Segment]:
        """Translate ``message`` and split it at its ``{placeholders}``.

        Numbers become their own segments carrying the ``results.json`` id,
        so a template can mark them without any HTML built here.
        """
        text = self.gettext(message)
        out: list[Segment] = []
        pos = 0
        for match in _PLACEHOLDER.finditer(text):
            if match.start() > pos:
                out.append(Segment(text[pos : match.start()]))
            arg = args[match.group(1)]
            if isinstance(arg, Number):
                out.append(Segment(self.quantity(arg), id=arg.id, kind="number", value=arg.value))
            elif isinstance(arg, Name):
                out.append(Segment(arg.text(self.lang), kind="name"))
            elif isinstance(arg, int):
                out.append(Segment(str(arg), kind="year"))
            else:
                out.append(Segment(self.gettext(arg)))
            pos = match.end()
        if pos < len(text):
            out.append(Segment(text[pos:]))
        return out

    def text(self, message: str, args: dict[str, Arg] | Any = None) -> str:
        """Translate ``message`` and fill its placeholders as plain text."""
        return "".join(s.text for s in self.segments(message, args or {}))
