"""Cases as XLSX workbooks: export then import gives back equal tables."""

from __future__ import annotations

import pandas as pd
import pytest
from openpyxl import Workbook, load_workbook

from regiocluster import CaseError, load_case
from regiocluster.case.schema import TABLES
from regiocluster.case.xlsx import META_SHEET, export_xlsx, read_xlsx_case

from .conftest import MINI


def test_export_then_import_gives_equal_tables_and_metadata(case_folder, tmp_path) -> None:
    original = load_case(case_folder.path)
    book = export_xlsx(original, tmp_path / "case.xlsx")
    back = load_case(book)
    assert list(back.tables) == list(original.tables)
    for name, frame in original.tables.items():
        pd.testing.assert_frame_equal(back.tables[name], frame, check_exact=True, obj=name)
    assert dict(back.meta) == dict(original.meta)


@pytest.mark.slow
def test_long_table_names_get_a_sheet_excel_accepts(tmp_path) -> None:
    from regiocluster.case.xlsx import MAX_SHEET_TITLE, sheet_name

    assert len("support_programmes_international") > MAX_SHEET_TITLE
    book = export_xlsx(load_case("leningrad"), tmp_path / "case.xlsx")
    wb = load_workbook(book, read_only=True)
    assert all(len(title) <= MAX_SHEET_TITLE for title in wb.sheetnames)
    assert sheet_name(TABLES["support_programmes_international"]) in wb.sheetnames


def test_workbook_layout_is_readable_by_a_person(tmp_path) -> None:
    book = export_xlsx(load_case(MINI), tmp_path / "mini.xlsx")
    wb = load_workbook(book)
    # the mini case holds the required tables; optional ones are absent
    assert wb.sheetnames == [META_SHEET, *(t for t in TABLES if TABLES[t].required)]
    ws = wb["enterprises"]
    assert [c.value for c in ws[1]] == TABLES["enterprises"].column_names
    assert all(c.font.bold for c in ws[1])
    assert ws.freeze_panes == "A2"
    assert ws.column_dimensions["B"].width > ws.column_dimensions["A"].width
    # Codes are stored as text so Excel keeps their leading zeros.
    okved = {r[0].value: r[0].data_type for r in wb["industries"].iter_rows(min_row=2)}
    assert okved["08"] == "s"
    meta = {r[0].value: r[1].value for r in wb[META_SHEET].iter_rows(min_row=2)}
    assert meta["name"] == "mini" and meta["years"] == "[2014, 2035]"
    assert meta["tables.enterprises.synthetic"] is True


def test_text_that_looks_like_a_formula_stays_text(tmp_path) -> None:
    case = load_case(MINI)
    enterprises = case.tables["enterprises"].copy()
    enterprises.loc[0, "name"] = "=1+1 Synthetic Works"
    tables = dict(case.tables, enterprises=enterprises)
    changed = type(case)(name=case.name, meta=case.meta, tables=tables)
    back = load_case(export_xlsx(changed, tmp_path / "f.xlsx"))
    assert back.tables["enterprises"].loc[0, "name"] == "=1+1 Synthetic Works"


def test_problem_rows_are_sheet_rows(tmp_path) -> None:
    book = export_xlsx(load_case(MINI), tmp_path / "mini.xlsx")
    wb = load_workbook(book)
    ws = wb["enterprise_products"]
    ws.cell(row=4, column=4, value=-10)  # capacity of the third data row
    ws.insert_rows(2)  # an empty row after the header: the defect moves to row 5
    wb.save(book)
    with pytest.raises(CaseError) as info:
        load_case(book)
    [problem] = info.value.problems
    assert (problem.table, problem.row, problem.column) == ("enterprise_products", 5, "capacity")
    assert problem.file == "mini.xlsx:enterprise_products"
    assert "non-negative" in problem.message and problem.value == "-10"


def test_workbook_as_a_russian_analyst_makes_it(tmp_path) -> None:
    """Russian headers, numbers typed as text with decimal commas, case.toml beside it."""
    original = load_case(MINI)
    book = export_xlsx(original, tmp_path / "analyst.xlsx")
    wb = load_workbook(book)
    del wb[META_SHEET]
    ws = wb["employment"]
    for cell, header in zip(
        ws[1], ["Регион", "ОКВЭД", "Год", "Численность", "Организации"], strict=True
    ):
        cell.value = header
    as_text = 0
    for row in ws.iter_rows(min_row=2):
        if isinstance(row[3].value, float):
            row[3].value = f"{row[3].value:.1f}".replace(".", ",")
            as_text += 1
    assert as_text >= 1
    wb.save(book)
    (tmp_path / "case.toml").write_bytes((MINI / "case.toml").read_bytes())
    back = load_case(book)
    pd.testing.assert_frame_equal(back.tables["employment"], original.tables["employment"])


def test_missing_sheet_and_metadata_are_reported_together(tmp_path) -> None:
    book = export_xlsx(load_case(MINI), tmp_path / "mini.xlsx")
    wb = load_workbook(book)
    del wb["deposits"]
    del wb[META_SHEET]
    wb.save(book)
    meta, raws, problems = read_xlsx_case(book)
    assert "deposits" not in raws and meta == {}
    assert {(p.table, p.message.split(" ")[0]) for p in problems} == {
        ("deposits", "missing"),
        ("case.toml", "no"),
    }


def test_empty_sheet_is_refused(tmp_path) -> None:
    book = export_xlsx(load_case(MINI), tmp_path / "mini.xlsx")
    wb = load_workbook(book)
    index = wb.sheetnames.index("transport_links")
    del wb["transport_links"]
    wb.create_sheet("transport_links", index)
    wb.save(book)
    with pytest.raises(CaseError) as info:
        load_case(book)
    assert [(p.table, p.message) for p in info.value.problems] == [
        ("transport_links", "sheet is empty")
    ]


def test_unknown_sheets_are_ignored_by_load_case(tmp_path) -> None:
    book = export_xlsx(load_case(MINI), tmp_path / "mini.xlsx")
    wb = load_workbook(book)
    wb.create_sheet("Notes").append(["anything"])
    wb.save(book)
    assert load_case(book).name == "mini"


def test_meta_sheet_values_parse_as_toml(tmp_path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = META_SHEET
    for row in (
        ["key", "value"],
        ["name", "typed"],
        ["years", "[2014, 2035]"],
        ["tables.regions.synthetic", "false"],
        ["title", "Plain text, not TOML"],
    ):
        ws.append(row)
    wb.save(tmp_path / "m.xlsx")
    meta, _, _ = read_xlsx_case(tmp_path / "m.xlsx")
    assert meta == {
        "name": "typed",
        "years": [2014, 2035],
        "tables": {"regions": {"synthetic": False}},
        "title": "Plain text, not TOML",
    }
