"""Small HTML helpers shared by the report sections.

Every value that reaches the page goes through :class:`markupsafe.Markup`
formatting, so user text (names, sources, reasons) is always escaped.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
import pandas as pd
from markupsafe import Markup

#: Colours of the supporting institutions, shared by the enterprise kinds of the data
#: section and the member roles of the structure section (maps, graph).
SUPPORT_COLOURS = {
    "research": "#2ca02c",
    "education": "#bcbd22",
    "finance": "#7f7f7f",
    "logistics": "#ff7f0e",
    "management": "#000000",
}


def is_missing(value: Any) -> bool:
    """``pandas.isna`` of a cell: None, NaN, NaT, NA."""
    return bool(pd.isna(value))


def is_none_or_nan(value: Any) -> bool:
    """None or a float NaN only; lists, tuples and other objects are never missing."""
    return value is None or (isinstance(value, float) and pd.isna(value))


def fixed(digits: int) -> Callable[[Any], str]:
    """Formatter: a number with ``digits`` decimals and thousands separators; blank if missing."""

    def format_fixed(value: Any) -> str:
        return "" if pd.isna(value) else f"{float(value):,.{digits}f}"

    return format_fixed


def auto_number(value: Any) -> object:
    """Whole numbers without decimals, others with three; non-numbers as they are."""
    if isinstance(value, int | float | np.number) and pd.notna(value):
        return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.3f}"
    return value


def html_table(
    frame: pd.DataFrame,
    headers: Mapping[str, str],
    *,
    numeric: Mapping[str, Callable[[Any], object]],
    missing: Callable[[Any], bool] = is_missing,
) -> Markup:
    """Render the ``headers`` columns of ``frame`` as an escaped HTML table.

    Parameters
    ----------
    frame : pandas.DataFrame
        The rows to show.
    headers : Mapping of str to str
        Column -> header label, in display order.
    numeric : Mapping of str to callable
        Right-aligned columns (``class='num'``) and how each formats its value.
    missing : callable
        Which values of the other (text) columns show as blank cells.
    """
    head = Markup("").join(
        Markup("<th class='num'>{}</th>").format(label)
        if col in numeric
        else Markup("<th>{}</th>").format(label)
        for col, label in headers.items()
    )
    rows = []
    for rec in frame[list(headers)].to_dict("records"):
        cells = []
        for col in headers:
            value = rec[col]
            if col in numeric:
                cells.append(Markup("<td class='num'>{}</td>").format(numeric[col](value)))
            else:
                cells.append(Markup("<td>{}</td>").format("" if missing(value) else value))
        rows.append(Markup("<tr>") + Markup("").join(cells) + Markup("</tr>"))
    return (
        Markup("<table><tr>") + head + Markup("</tr>") + Markup("").join(rows) + Markup("</table>")
    )


def synthetic_label(synthetic: bool | str | None) -> Markup:
    """Badge for how synthetic a table is: True, a partial marker (truthy), False or None."""
    if synthetic is None:
        return Markup("<span class='synthetic'>not declared</span>")
    if synthetic is True:
        return Markup("<span class='synthetic'>synthetic</span>")
    if synthetic:
        return Markup("<span class='synthetic'>partly synthetic</span>")
    return Markup("<span class='real'>real</span>")


SYNTHETIC = synthetic_label(True)
