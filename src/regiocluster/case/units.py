"""Units of quantity: one home for their names and for refusing to add unlike units.

Product quantities are kept in each product's own unit (``t``, ``m3``,
``m2``, ``thousand_bricks``); market tables report thousands of that unit.
Quantities in different units are never added: :func:`sum_same_unit`
refuses, and a total across products is only ever taken in tonnes through
``tonnes_per_unit``.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from regiocluster.errors import InvalidValueError

__all__ = ["UNITS", "format_number", "format_share", "sum_same_unit", "to_tonnes", "unit_label"]

#: unit → (English, Russian) name of one unit, and of a thousand units.
UNITS: dict[str, tuple[str, str, str, str]] = {
    "t": ("t", "т", "kt", "тыс. т"),
    "m3": ("m³", "м³", "thousand m³", "тыс. м³"),
    "m2": ("m²", "м²", "thousand m²", "тыс. м²"),
    "thousand_bricks": (
        "thousand bricks",
        "тыс. шт. усл. кирпича",
        "million bricks",
        "млн шт. усл. кирпича",
    ),
    "unit": ("units", "шт.", "thousand units", "тыс. шт."),
    "mln_rub": ("mln RUB", "млн руб.", "bn RUB", "млрд руб."),
    "persons": ("persons", "чел.", "thousand persons", "тыс. чел."),
    "km": ("km", "км", "thousand km", "тыс. км"),
    "percent": ("%", "%", "%", "%"),
}


def unit_label(unit: str, lang: str = "en", *, thousands: bool = False) -> str:
    """Readable name of ``unit`` (or of a thousand of it) in ``lang``.

    Examples
    --------
    >>> unit_label("thousand_bricks", thousands=True)
    'million bricks'
    >>> unit_label("m3", "ru", thousands=True)
    'тыс. м³'
    >>> unit_label("furlong")
    'furlong'
    """
    names = UNITS.get(unit)
    if names is None:
        return f"thousand {unit}" if thousands and lang != "ru" else unit
    return names[(2 if thousands else 0) + (1 if lang == "ru" else 0)]


def sum_same_unit(quantities: pd.Series, units: pd.Series | Iterable[str]) -> tuple[float, str]:
    """Sum quantities that share one unit, or refuse.

    Raises
    ------
    InvalidValueError
        When the quantities come in more than one unit (a sum across tonnes,
        m³ and m² means nothing).

    Examples
    --------
    >>> sum_same_unit(pd.Series([1.0, 2.0]), ["t", "t"])
    (3.0, 't')
    """
    kinds = sorted(set(units))
    if len(kinds) > 1:
        raise InvalidValueError(
            "mix of units", "+".join(kinds), reason="quantities in different units cannot be added"
        )
    return float(pd.Series(quantities).sum()), (kinds[0] if kinds else "")


def to_tonnes(quantity: pd.Series, tonnes_per_unit: pd.Series) -> pd.Series:
    """Convert quantities in product units to tonnes (``tonnes_per_unit`` from ``products``)."""
    return quantity * tonnes_per_unit


def format_number(value: float | None, lang: str = "en", *, digits: int = 0) -> str:
    r"""Format a number for a sentence: ``2,320.5`` in English, ``2 320,5`` in Russian.

    Examples
    --------
    >>> format_number(2320.46), format_number(2320.46, "ru", digits=1)
    ('2,320', '2\xa0320,5')
    >>> format_number(float("nan"))
    '–'
    """
    if value is None or value != value:
        return "–"
    text = f"{value:,.{digits}f}"
    if lang == "ru":
        text = text.replace(",", "\u00a0").replace(".", ",")
    return text


def format_share(value: float | None, lang: str = "en", *, digits: int = 1) -> str:
    r"""Format a share in [0, 1] as a percentage (``46.3%``; ``46,3 %`` in Russian).

    Examples
    --------
    >>> format_share(0.4631), format_share(0.4631, "ru")
    ('46.3%', '46,3\xa0%')
    """
    if value is None or value != value:
        return "–"
    number = format_number(100 * value, lang, digits=digits)
    return f"{number}\u00a0%" if lang == "ru" else f"{number}%"
