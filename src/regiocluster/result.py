"""Results: what every case-level analysis returns and every client renders.

A case-level function ``noun(case, *, year=None, **options) -> Result`` picks
its inputs through the :class:`~regiocluster.case.Case` (territory, members,
year), computes once, and returns a frozen :class:`Result`. The CLI
(``--format table|json|csv``), the report (``results.json`` and templates) and
the portal render it; none of them re-selects inputs or recomputes, so a
number is the same everywhere.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from types import MappingProxyType
from typing import Any

import numpy as np
import pandas as pd

from regiocluster.case.provenance import Provenance
from regiocluster.errors import InvalidValueError

__all__ = ["Figure", "Result", "jsonable"]

LANGS = ("en", "ru")


def jsonable(value: Any) -> Any:
    """Turn numpy/pandas scalars, NaN and dates into JSON-ready values.

    Examples
    --------
    >>> jsonable(np.float64("nan")) is None, jsonable(np.int64(3)), jsonable(pd.NA) is None
    (True, 3, True)
    """
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if isinstance(value, int | np.integer):
        return int(value)
    if isinstance(value, float | np.floating):
        return None if math.isnan(float(value)) or math.isinf(float(value)) else float(value)
    if isinstance(value, datetime | date | pd.Timestamp):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset | np.ndarray | pd.Index):
        return [jsonable(v) for v in value]
    return value


def frame_records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Return a frame as JSON-ready records (the index kept as columns when named)."""
    flat = frame.reset_index() if any(n is not None for n in frame.index.names) else frame
    return [{str(k): jsonable(v) for k, v in rec.items()} for rec in flat.to_dict("records")]


@dataclass(frozen=True)
class Figure:
    """One headline number of a result.

    Attributes
    ----------
    id : str
        Stable identifier, unique within the result (``import_share``); the
        report prefixes it with the result's name in ``results.json``.
    value : float, int, str, bool or None
        The number (a share is a fraction in [0, 1], with unit ``share``).
    unit : str
        Unit (``kt``, ``share``, ``mln RUB``, ``count``).
    label_en, label_ru : str
        What it is, in English and in Russian.
    """

    id: str
    value: Any
    unit: str
    label_en: str
    label_ru: str = ""

    def __post_init__(self) -> None:
        # plain Python values (numpy scalars become int/float/bool; NaN becomes None),
        # so a figure reads and compares the same in Python, JSON and templates
        if not isinstance(self.value, str):
            object.__setattr__(self, "value", jsonable(self.value))

    def label(self, lang: str = "en") -> str:
        """Return the label in ``lang`` (English when there is no Russian one)."""
        return (self.label_ru or self.label_en) if lang == "ru" else self.label_en

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "id": self.id,
            "value": jsonable(self.value),
            "unit": self.unit,
            "label_en": self.label_en,
            "label_ru": self.label_ru,
        }


def _freeze_frames(frames: Mapping[str, pd.DataFrame]) -> Mapping[str, pd.DataFrame]:
    return MappingProxyType(dict(frames))


@dataclass(frozen=True)
class Result:
    """What a case-level analysis returns.

    Attributes
    ----------
    name : str
        The analysis (``market.balance``); prefixes figure ids in reports.
    frames : mapping of str to pandas.DataFrame
        The result's tables; the first is the main one.
    figures : tuple of Figure
        Its headline numbers.
    sentences : mapping of str to tuple of str
        Language → one sentence per headline (``summary()`` joins them).
    provenance : Provenance
        Which inputs were synthetic or estimated.
    year : int or None
        The year it describes.
    options : mapping
        The options it was computed with (product, scenario, ...).

    Examples
    --------
    >>> r = Result("demo", figures=(Figure("n", 3, "count", "Members", "Участники"),),
    ...            sentences={"en": ("The cluster has 3 members.",),
    ...                       "ru": ("В кластере 3 участника.",)})
    >>> r.value("n"), r.summary("ru")
    (3, 'В кластере 3 участника.')
    """

    name: str
    frames: Mapping[str, pd.DataFrame] = field(default_factory=dict)
    figures: tuple[Figure, ...] = ()
    sentences: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    provenance: Provenance = field(default_factory=Provenance)
    year: int | None = None
    options: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "frames", _freeze_frames(self.frames))
        object.__setattr__(self, "sentences", MappingProxyType(dict(self.sentences)))
        object.__setattr__(self, "options", MappingProxyType(dict(self.options)))
        ids = [f.id for f in self.figures]
        if len(ids) != len(set(ids)):
            raise ValueError(f"{self.name}: figure ids repeat: {ids}")

    @property
    def frame(self) -> pd.DataFrame:
        """The main (first) frame, or an empty one."""
        return next(iter(self.frames.values()), pd.DataFrame())

    @property
    def illustrative(self) -> bool:
        """Whether a synthetic input went into the result."""
        return self.provenance.illustrative

    def figure(self, id: str) -> Figure:
        """Return the headline figure ``id``."""
        for f in self.figures:
            if f.id == id:
                return f
        raise InvalidValueError(f"figure of {self.name}", id, [f.id for f in self.figures])

    def value(self, id: str) -> Any:
        """Return the value of headline figure ``id``."""
        return self.figure(id).value

    def summary(self, lang: str = "en") -> str:
        """One sentence per headline in ``lang``, with the illustrative label when due."""
        if lang not in LANGS:
            raise InvalidValueError("language", lang, LANGS)
        text = " ".join(self.sentences.get(lang, ()))
        label = self.provenance.label(lang)
        return f"{text} {label}".strip() if label else text

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form: figures, summary in both languages, frames, provenance."""
        return {
            "name": self.name,
            "year": jsonable(self.year),
            "options": jsonable(dict(self.options)),
            "figures": [f.to_dict() for f in self.figures],
            "summary": {lang: self.summary(lang) for lang in LANGS},
            "provenance": self.provenance.to_dict(),
            "frames": {k: frame_records(v) for k, v in self.frames.items()},
        }
