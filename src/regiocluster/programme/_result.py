"""The small Result shape of the programme package.

Until the case-layer foundation (``regiocluster.result``) is on main, the
programme's results carry the same parts under the same names: ``figures``
(id, value, unit, English and Russian label), ``frames``, ``illustrative``,
``figure(id)``, ``summary(lang)`` and ``to_dict()``. Switching to the shared
base is a change of this module only.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

__all__ = ["Figure", "ProgrammeError", "ProgrammeResult"]


class ProgrammeError(ValueError):
    """Bad input to a programme function; the message names what and where."""


@dataclass(frozen=True)
class Figure:
    """One headline number of a result."""

    id: str
    value: float | None
    unit: str
    label_en: str
    label_ru: str

    def label(self, lang: str = "en") -> str:
        """Label in ``lang`` (``"ru"`` or ``"en"``)."""
        return self.label_ru if lang.startswith("ru") else self.label_en


def _json_safe(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if hasattr(value, "item"):
        return _json_safe(value.item())
    return value


@dataclass(frozen=True)
class ProgrammeResult:
    """Base of the programme's results: figures, frames and whether it is illustrative."""

    figures: tuple[Figure, ...] = ()
    frames: dict[str, pd.DataFrame] = field(default_factory=dict, compare=False)
    illustrative: bool = False

    def figure(self, id: str) -> Figure:
        """Return the figure ``id``; ``KeyError`` names the known ones."""
        for f in self.figures:
            if f.id == id:
                return f
        raise KeyError(f"no figure {id!r}; figures: {', '.join(f.id for f in self.figures)}")

    def summary(self, lang: str = "en") -> str:
        """One sentence per figure in ``lang``."""
        parts = []
        for f in self.figures:
            value = "—" if f.value is None else f"{f.value:,.1f}".replace(",", " ")
            parts.append(f"{f.label(lang)}: {value} {f.unit}".strip())
        return "; ".join(parts) + "."

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe dictionary of the figures and frames."""
        return {
            "figures": [
                {
                    "id": f.id,
                    "value": _json_safe(f.value),
                    "unit": f.unit,
                    "label_en": f.label_en,
                    "label_ru": f.label_ru,
                }
                for f in self.figures
            ],
            "frames": {
                name: [
                    {k: _json_safe(v) for k, v in row.items()}
                    for row in frame.to_dict(orient="records")
                ]
                for name, frame in self.frames.items()
            },
            "illustrative": self.illustrative,
        }
