"""The study's results book: every number it shows, once, with id, unit and provenance.

Chapters register the core :class:`~regiocluster.result.Result` objects they
render; prose numbers are :class:`~regiocluster.report.model.Number`
references read from those Results (never recomputed), and
:meth:`ResultBook.to_json` writes ``results.json``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import pandas as pd

from regiocluster.case.provenance import Provenance
from regiocluster.errors import InvalidValueError
from regiocluster.report.model import Name, Number, Table
from regiocluster.result import Result, frame_records, jsonable

T = TypeVar("T")


class ResultBook:
    """Results of one study build, by name, and the numbers taken from them."""

    def __init__(self) -> None:
        self.results: dict[str, Result] = {}
        self.numbers: dict[str, dict[str, Any]] = {}
        self.tables: dict[str, dict[str, Any]] = {}
        self._memo: dict[str, Any] = {}

    def once(self, key: str, compute: Callable[[], T]) -> T:
        """Compute ``key`` once per build (chapters share the heavy analyses)."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    def add(self, result: Result, *, scope: str = "") -> Result:
        """Register ``result``; its headline figures enter ``results.json``.

        ``scope`` (a product, for a Result computed per product) goes between
        the Result's name and each figure id: ``siting.ranking.cement.top_site``.
        """
        name = f"{result.name}.{scope}" if scope else result.name
        self.results[name] = result
        for fig in result.figures:
            self._record(f"{name}.{fig.id}", fig.value, fig.unit, result.provenance, fig.label_en)
        return result

    def ref(self, result: Result, figure_id: str, *, thousands: bool = False) -> Number:
        """Return a prose reference to a headline figure of a registered result."""
        if result.name not in self.results:
            self.add(result)
        fig = result.figure(figure_id)
        return Number(f"{result.name}.{fig.id}", jsonable(fig.value), fig.unit, thousands)

    def cell(
        self,
        result: Result,
        id: str,
        value: Any,
        unit: str,
        *,
        label: str = "",
        thousands: bool = False,
    ) -> Number:
        """Return a prose reference to one cell of a result's frame, recorded under ``id``.

        The value is read from the result's frame by the caller (a selection,
        not a computation); ``id`` is prefixed with the result's name.
        """
        full = f"{result.name}.{id}"
        self._record(full, value, unit, result.provenance, label)
        return Number(full, jsonable(value), unit, thousands)

    def _record(self, id: str, value: Any, unit: str, provenance: Provenance, label: str) -> None:
        if id in self.numbers and self.numbers[id]["value"] != jsonable(value):
            raise InvalidValueError("results.json id", id, reason="recorded twice with two values")
        self.numbers[id] = {
            "id": id,
            "value": jsonable(value),
            "unit": unit,
            "label": label,
            "provenance": provenance.to_dict(),
        }

    def add_table(self, table: Table, provenance: Provenance) -> None:
        """Record a table the study shows (all its rows, each column's unit)."""
        units = {c.key: (f"thousand {c.unit}" if c.thousands else c.unit) for c in table.columns}
        frame = table.frame[[c.key for c in table.columns]].map(
            lambda v: v.code if isinstance(v, Name) else v
        )
        self.tables[table.id] = {
            "id": table.id,
            "columns": units,
            "rows": frame_records(frame.reset_index(drop=True)),
            "provenance": provenance.to_dict(),
        }

    def get(self, id: str) -> dict[str, Any]:
        """Return the ``results.json`` entry of a number."""
        return self.numbers[id]

    def to_json(self, path: Path, *, case_name: str, year: int | None) -> None:
        """Write ``results.json``: numbers, tables and the results' own dictionaries."""
        payload = {
            "case": case_name,
            "year": year,
            "numbers": list(self.numbers.values()),
            "tables": list(self.tables.values()),
            "results": {
                name: {
                    "figures": [f.to_dict() for f in r.figures],
                    "summary": {lang: r.summary(lang) for lang in ("en", "ru")},
                    "provenance": r.provenance.to_dict(),
                    "year": jsonable(r.year),
                }
                for name, r in self.results.items()
            },
        }
        path.write_text(json.dumps(payload, ensure_ascii=False, indent=1), encoding="utf-8")


def frame_result(
    name: str,
    frames: dict[str, pd.DataFrame],
    provenance: Provenance,
    *,
    year: int | None = None,
    figures: tuple = (),
    options: dict[str, Any] | None = None,
) -> Result:
    """Wrap an existing analysis' frames as a Result (until its domain's ``case.py`` lands)."""
    return Result(
        name,
        frames=frames,
        figures=figures,
        provenance=provenance,
        year=year,
        options=options or {},
    )
