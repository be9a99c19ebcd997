"""The study's document model: what a chapter holds, independent of the output format.

A chapter's ``compute(case)`` returns Results; its ``compose`` turns them into
a :class:`Chapter` of blocks (findings, tables, charts, maps). The HTML, PDF,
DOCX and XLSX writers render the same :class:`Chapter` objects, so every
format shows the same numbers. Text is kept as gettext message ids with named
arguments; numbers are :class:`Number` references into ``results.json``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd


def N_(message: str) -> str:  # noqa: N802 - gettext's conventional marker name
    """Mark ``message`` for extraction; it is translated when rendered."""
    return message


@dataclass(frozen=True)
class Number:
    """A number shown in prose, tied to its ``results.json`` id.

    Attributes
    ----------
    id : str
        The ``results.json`` id (``market.cement.import_share``).
    value : float or int
        The value exactly as stored in ``results.json``.
    unit : str
        Unit code (``share``, ``kt``, ``t``, ``m3``, ``mln_rub``, ``count``, ``year``,
        ``ratio``, ``km``, ``rub_per_t``); formatted for the locale when rendered.
    thousands : bool
        Whether the value is in thousands of ``unit`` (market quantities).
    """

    id: str
    value: Any
    unit: str
    thousands: bool = False


@dataclass(frozen=True)
class Name:
    """A name from a classifier (product, region, measure), localised when rendered.

    ``en`` and ``ru`` are the classifier's two names; ``code`` is kept for links.
    """

    code: str
    en: str
    ru: str = ""

    def text(self, lang: str) -> str:
        """Return the name in ``lang`` (English when there is no Russian name)."""
        return (self.ru or self.en) if lang == "ru" else (self.en or self.ru)


#: A message argument: a number, a classifier name, a year (int) or a message id.
Arg = Number | Name | int | str


@dataclass(frozen=True)
class Finding:
    """One generated statement: a message id with named arguments.

    ``message`` uses ``{name}`` placeholders (``"{product} imports {share} of its
    consumption."``); every number is a :class:`Number`.
    """

    message: str
    args: Mapping[str, Arg] = field(default_factory=dict)
    kind: str = "finding"


@dataclass(frozen=True)
class Column:
    """A table column: source column, header (message id or a Name), how to format it."""

    key: str
    header: str | Name
    kind: str = "text"  # text | name | number | share | int | year | bool | unit | plainunit
    unit: str = ""
    thousands: bool = False
    digits: int = 0


@dataclass(frozen=True)
class Table:
    """A table block; ``frame`` holds raw values, formatting happens per locale."""

    id: str
    title: str
    columns: Sequence[Column]
    frame: pd.DataFrame
    note: str = ""
    limit: int | None = 15
    illustrative: bool = False

    @property
    def shown(self) -> pd.DataFrame:
        """The rows shown in the document (all of them go to the XLSX annex)."""
        return self.frame if self.limit is None else self.frame.head(self.limit)


@dataclass(frozen=True)
class Series:
    """One series of a chart; ``lo``/``hi`` give an optional interval band."""

    name: str | Name
    x: Sequence[Any]
    y: Sequence[float]
    lo: Sequence[float] | None = None
    hi: Sequence[float] | None = None
    colour: str | None = None
    dash: bool = False


@dataclass(frozen=True)
class Chart:
    """A chart block: ``kind`` is ``line``, ``bar`` or ``barh``."""

    id: str
    title: str
    kind: str
    series: Sequence[Series]
    x_title: str
    y_title: str
    y_unit: str = ""
    y_thousands: bool = False
    title_args: Mapping[str, Arg] = field(default_factory=dict)
    illustrative: bool = False


@dataclass(frozen=True)
class MapLayer:
    """Points or areas on a map (GeoJSON in EPSG:4326)."""

    name: str
    geojson: Mapping[str, Any]
    colour: str = "#1f77b4"
    label_field: str | None = None
    popup_fields: Sequence[str] = ()
    radius: float = 5.0
    area: bool = False
    visible: bool = True


@dataclass(frozen=True)
class Map:
    """A map block with its legend (one entry per layer) and caption."""

    id: str
    title: str
    layers: Sequence[MapLayer]
    note: str = ""
    illustrative: bool = False


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of fixed text (a message id with optional arguments)."""

    message: str
    args: Mapping[str, Arg] = field(default_factory=dict)


@dataclass(frozen=True)
class Markdown:
    """A Markdown document (the case's data card), rendered with its links."""

    text: str


Block = Table | Chart | Map | Paragraph | Markdown


@dataclass(frozen=True)
class Chapter:
    """One chapter of the study.

    Attributes
    ----------
    key : str
        Anchor, template stem (``sections/<key>.html.j2``) and id prefix.
    title : str
        Message id of the heading.
    findings : sequence of Finding
        Generated statements that open the chapter.
    blocks : sequence of Block
        Tables, charts, maps and paragraphs, in order.
    recommendations : sequence of Finding
        Measures that follow from the findings (collected into the
        recommendations chapter).
    intro : str
        Message id of a short paragraph on what the chapter covers and how.
    pending : str
        Message id saying which capability is still being built, if any.
    illustrative : bool
        Whether a synthetic input went into any of its results.
    """

    key: str
    title: str
    findings: Sequence[Finding] = ()
    blocks: Sequence[Block] = ()
    recommendations: Sequence[Finding] = ()
    intro: str = ""
    pending: str = ""
    illustrative: bool = False
    annex: bool = False
    extra: Mapping[str, Any] = field(default_factory=dict)
