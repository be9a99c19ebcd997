"""Fixtures for case I/O tests: copies of a valid case that tests may damage."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest

from regiocluster.case.load import builtin_path

DATA = Path(__file__).resolve().parents[1] / "data"
MINI = DATA / "mini_case"


#: Valid cases every I/O test runs on: the tiny fixture and the embedded case.
CASE_PARAMS = [
    pytest.param("mini", id="mini"),
    # The embedded case ships with the package: if its files are missing the
    # tests must fail, not skip.
    pytest.param("leningrad", id="leningrad", marks=[pytest.mark.slow]),
]


def case_source(which: str) -> Path:
    return MINI if which == "mini" else builtin_path("leningrad")


class CaseFolder:
    """A writable copy of a case folder with helpers to damage its CSV files."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def rows(self, table: str) -> list[list[str]]:
        text = (self.path / f"{table}.csv").read_text(encoding="utf-8")
        return list(csv.reader(io.StringIO(text)))

    def write_rows(self, table: str, rows: list[list[str]]) -> None:
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerows(rows)
        (self.path / f"{table}.csv").write_text(buffer.getvalue(), encoding="utf-8")

    def cell(self, table: str, line: int, column: str) -> str:
        rows = self.rows(table)
        return rows[line - 1][rows[0].index(column)]

    def set_cell(self, table: str, line: int, column: str, value: str) -> None:
        """Overwrite one cell; ``line`` is the file line (header = 1)."""
        rows = self.rows(table)
        rows[line - 1][rows[0].index(column)] = value
        self.write_rows(table, rows)

    def drop_column(self, table: str, column: str) -> None:
        rows = self.rows(table)
        i = rows[0].index(column)
        self.write_rows(table, [r[:i] + r[i + 1 :] for r in rows])

    def append_copy(self, table: str, line: int) -> int:
        """Append a copy of ``line``; return the new row's line."""
        rows = self.rows(table)
        rows.append(list(rows[line - 1]))
        self.write_rows(table, rows)
        return len(rows)

    def empty(self, table: str) -> None:
        (self.path / f"{table}.csv").write_bytes(b"")


def copy_case(which: str, target: Path) -> Path:
    shutil.copytree(
        case_source(which),
        target,
        ignore=shutil.ignore_patterns("*.py", "__pycache__", "facts", "*.pyc"),
    )
    return target


@pytest.fixture(params=CASE_PARAMS)
def which_case(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def case_folder(which_case: str, tmp_path: Path) -> CaseFolder:
    return CaseFolder(copy_case(which_case, tmp_path / "case"))


@pytest.fixture
def mini_folder(tmp_path: Path) -> CaseFolder:
    return CaseFolder(copy_case("mini", tmp_path / "mini"))
