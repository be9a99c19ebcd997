"""A damaged copy of a valid case is refused with one problem per defect.

Each defect is injected into a copy of a case that loads cleanly (the tiny
fixture case, and the embedded case once it is generated); ``load_case`` must
raise :class:`CaseError` naming exactly the table, the file line, the column
and the reason, and return nothing. All nine defects at once give nine
problems.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest

from regiocluster import CaseError, load_case
from regiocluster.case.load import Case


@dataclass(frozen=True)
class Expected:
    table: str
    row: int | None
    column: str | None
    reason: str  # a phrase the message must contain
    value: str | None = None


def missing_column(f) -> Expected:
    f.drop_column("products", "name_en")
    return Expected("products", None, "name_en", "missing column")


def wrong_type(f) -> Expected:
    f.set_cell("enterprise_finances", 3, "revenue", "abc")
    return Expected("enterprise_finances", 3, "revenue", "not a number", "abc")


def negative_capacity(f) -> Expected:
    f.set_cell("enterprise_products", 2, "capacity", "-5")
    return Expected("enterprise_products", 2, "capacity", "non-negative", "-5")


def dangling_foreign_key(f) -> Expected:
    f.set_cell("supply_links", 4, "buyer_id", "NO-SUCH-ENTERPRISE")
    return Expected("supply_links", 4, "buyer_id", "dangling", "NO-SUCH-ENTERPRISE")


def duplicate_id(f) -> Expected:
    line = f.append_copy("supply_links", 2)
    return Expected(
        "supply_links", line, "link_id", "duplicate", f.cell("supply_links", 2, "link_id")
    )


def coordinate_outside(f) -> Expected:
    f.set_cell("deposits", 2, "lon", "45.0")
    return Expected("deposits", 2, "lon", "outside the case's area", "45.0")


def unknown_okved(f) -> Expected:
    f.set_cell("enterprises", 3, "okved", "99.99")
    return Expected("enterprises", 3, "okved", "unknown OKVED", "99.99")


def year_out_of_range(f) -> Expected:
    f.set_cell("employment", 2, "year", "2040")
    return Expected("employment", 2, "year", "outside the case's range", "2040")


def empty_file(f) -> Expected:
    f.empty("transport_links")
    return Expected("transport_links", None, None, "empty")


DEFECTS: dict[str, Callable] = {
    "missing_column": missing_column,
    "wrong_type": wrong_type,
    "negative_capacity": negative_capacity,
    "dangling_foreign_key": dangling_foreign_key,
    "duplicate_id": duplicate_id,
    "coordinate_outside": coordinate_outside,
    "unknown_okved": unknown_okved,
    "year_out_of_range": year_out_of_range,
    "empty_file": empty_file,
}


def _matches(problem, expected: Expected) -> bool:
    return (
        problem.table == expected.table
        and problem.row == expected.row
        and problem.column == expected.column
        and expected.reason.lower() in problem.message.lower()
        and (expected.value is None or problem.value == expected.value)
        and problem.file is not None
        and problem.file.startswith(expected.table)
    )


def _refused(path) -> CaseError:
    loaded: Case | None = None
    with pytest.raises(CaseError) as info:
        loaded = load_case(path)
    assert loaded is None
    return info.value


def test_copy_loads_before_damage(case_folder) -> None:
    case = load_case(case_folder.path)
    assert set(case.tables) >= {"regions", "enterprises", "supply_links", "transport_links"}


@pytest.mark.parametrize("defect", list(DEFECTS))
def test_each_defect_gives_exactly_one_problem(case_folder, defect: str) -> None:
    expected = DEFECTS[defect](case_folder)
    error = _refused(case_folder.path)
    assert len(error.problems) == 1, [str(p) for p in error.problems]
    problem = error.problems[0]
    assert _matches(problem, expected), (problem, expected)
    # The message a user sees names the file and, where there is one, the line.
    if expected.row is not None:
        assert f"row {expected.row}" in str(error)


def test_all_nine_defects_at_once_give_nine_problems(case_folder) -> None:
    expected = [inject(case_folder) for inject in DEFECTS.values()]
    error = _refused(case_folder.path)
    assert len(error.problems) == 9, [str(p) for p in error.problems]
    for exp in expected:
        assert sum(_matches(p, exp) for p in error.problems) == 1, exp


def test_row_is_the_physical_line_even_after_blank_lines(mini_folder) -> None:
    path = mini_folder.path / "supply_links.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    # A blank line after the header shifts every record down by one line.
    path.write_text("\n".join([lines[0], "", *lines[1:]]), encoding="utf-8")
    mini_folder.set_cell("supply_links", 5, "value", "-1")
    error = _refused(mini_folder.path)
    assert [(p.table, p.row, p.column) for p in error.problems] == [("supply_links", 5, "value")]


def test_header_only_file_is_refused(mini_folder) -> None:
    rows = mini_folder.rows("deposits")
    mini_folder.write_rows("deposits", rows[:1])
    error = _refused(mini_folder.path)
    assert [(p.table, p.message) for p in error.problems] == [("deposits", "table has no rows")]


def test_missing_table_file_is_refused(mini_folder) -> None:
    (mini_folder.path / "technologies.csv").unlink()
    error = _refused(mini_folder.path)
    assert [(p.table, p.message) for p in error.problems] == [
        ("technologies", "missing table file")
    ]
