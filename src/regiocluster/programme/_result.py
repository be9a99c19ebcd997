"""The programme package's results and error, on the shared case-layer shapes.

Every result is a :class:`regiocluster.result.Result` (frames, figures,
provenance, ``summary(lang)``, ``to_dict()``); the one-sentence-per-figure
summary is built from the figures when a result gives no sentences.
"""

from __future__ import annotations

from dataclasses import dataclass

from regiocluster.case.provenance import Provenance
from regiocluster.errors import RegioclusterError
from regiocluster.result import Figure, Result

__all__ = ["SYNTHETIC", "Figure", "ProgrammeError", "ProgrammeResult"]

#: Provenance of what the programme package makes up itself (the seed plan, its targets).
SYNTHETIC = Provenance.of({"programme_seed": ("synthetic",)})


class ProgrammeError(RegioclusterError, ValueError):
    """Bad input to a programme function; the message names what and where."""


def _number(value: object) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return "—"
    return f"{value:,.1f}".replace(",", " ") if isinstance(value, float) else str(value)


@dataclass(frozen=True)
class ProgrammeResult(Result):
    """A programme result; ``summary`` says every figure when no sentences are given."""

    name: str = "programme"

    def __post_init__(self) -> None:
        super().__post_init__()
        if not self.sentences and self.figures:
            sentences = {
                lang: tuple(
                    f"{f.label(lang)}: {_number(f.value)} {f.unit}".strip() + "."
                    for f in self.figures
                )
                for lang in ("en", "ru")
            }
            object.__setattr__(self, "sentences", sentences)
