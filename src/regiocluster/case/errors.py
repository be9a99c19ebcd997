"""Errors raised when a case does not satisfy its contract."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from regiocluster.errors import RegioclusterError


@dataclass(frozen=True)
class Problem:
    """One defect found in a case.

    Attributes
    ----------
    table : str
        Table name (``employment``) or ``case.toml``.
    row : int or None
        Line in the source file (the header is line 1; for XLSX the sheet row),
        or ``None`` when the problem concerns the whole table or column.
    column : str or None
        The schema's column name, or ``None`` for table-level problems.
    message : str
        What is wrong, in words.
    value : str or None
        The offending value as it appeared in the file.
    file : str or None
        The file the table came from.
    """

    table: str
    row: int | None
    column: str | None
    message: str
    value: str | None = None
    file: str | None = None

    def __str__(self) -> str:
        where = self.file or self.table
        if self.row is not None:
            where += f", row {self.row}"
        if self.column is not None:
            where += f", column {self.column!r}"
        value = f" (value {self.value!r})" if self.value is not None else ""
        return f"{where}: {self.message}{value}"


class CaseError(RegioclusterError, ValueError):
    """A case failed validation; ``problems`` lists every defect found.

    Nothing is loaded when this is raised: callers either get a complete,
    valid :class:`~regiocluster.case.load.Case` or this error.
    """

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: list[Problem] = list(problems)
        n = len(self.problems)
        head = "\n".join(f"  - {p}" for p in self.problems[:50])
        more = f"\n  ... and {n - 50} more" if n > 50 else ""
        super().__init__(f"{n} problem{'s' if n != 1 else ''} in case:\n{head}{more}")
