"""Importing a user's own tables into a case, and writing clean case folders."""

from __future__ import annotations

import tomllib

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from regiocluster import CaseError, load_case
from regiocluster.case.export import dumps_toml
from regiocluster.case.importers import import_tables, read_mapping, table_for_name, write_case
from regiocluster.case.xlsx import export_xlsx

from .conftest import MINI

EXCEL_HEADERS = {
    "region_id": "Код региона",
    "okved": "ОКВЭД",
    "year": "Год",
    "employees": "Численность работников",
    "establishments": "Число организаций",
}

MAPPING = """
[employment]
"Код региона" = "region_id"
"Численность работников" = "employees"
"Число организаций" = "establishments"

[files]
"Численность по районам.csv" = "employment"
"""


@pytest.fixture
def base():
    return load_case(MINI)


def _excel_csv(frame: pd.DataFrame, path, headers=EXCEL_HEADERS) -> None:
    """Write ``frame`` the way Russian Excel saves 'CSV (разделители — точка с запятой)'."""
    text = frame.rename(columns=headers).to_csv(
        index=False, sep=";", decimal=",", lineterminator="\r\n"
    )
    path.write_bytes(text.encode("cp1251"))


def test_excel_csv_with_mapping_replaces_the_base_table(base, tmp_path) -> None:
    employment = base.tables["employment"].copy()
    employment.loc[1, "employees"] = 1777.25  # the user's own figure
    source = tmp_path / "Численность по районам.csv"
    _excel_csv(employment, source)
    (tmp_path / "columns.toml").write_text(MAPPING, encoding="utf-8")

    case = import_tables([source], mapping=tmp_path / "columns.toml", base_case=base)

    pd.testing.assert_frame_equal(case.tables["employment"], employment, check_exact=True)
    assert case.tables["employment"].loc[1, "employees"] == 1777.25
    for name, frame in base.tables.items():
        if name != "employment":
            pd.testing.assert_frame_equal(case.tables[name], frame, obj=name)
    assert case.meta["name"] == "mini"


def test_table_named_on_the_command_line_and_mapping_as_dict(base, tmp_path) -> None:
    source = tmp_path / "data.txt"
    _excel_csv(base.tables["employment"], source)
    mapping = {
        "employment": {
            "Код региона": "region_id",
            "Численность работников": "employees",
            "Число организаций": "establishments",
        }
    }
    case = import_tables([f"employment={source}"], mapping=mapping, base_case=base)
    pd.testing.assert_frame_equal(case.tables["employment"], base.tables["employment"])
    case = import_tables({"employment": source}, mapping=mapping, base_case=base)
    pd.testing.assert_frame_equal(case.tables["employment"], base.tables["employment"])


def test_every_problem_in_every_source_is_reported_at_once(base, tmp_path) -> None:
    employment = base.tables["employment"].astype(object).copy()
    employment.loc[0, "employees"] = "много"  # not a number, line 2
    _excel_csv(employment, tmp_path / "employment.csv", headers={})
    products = base.tables["products"].copy()
    products.loc[2, "tonnes_per_unit"] = -1.0  # line 4
    (tmp_path / "products.csv").write_text(
        products.to_csv(index=False, sep="\t"), encoding="utf-8-sig"
    )
    regions = base.tables["regions"]
    # Dropping LEN-KIR leaves rows of the base case's enterprises, sites ... dangling.
    regions[regions["region_id"] != "LEN-KIR"].to_csv(tmp_path / "regions.csv", index=False)
    (tmp_path / "notes.csv").write_text("a,b\n1,2\n", encoding="utf-8")

    with pytest.raises(CaseError) as info:
        import_tables(sorted(tmp_path.glob("*.csv")), base_case=base)
    found = {(p.table, p.row, p.column) for p in info.value.problems}
    assert ("employment", 2, "employees") in found
    assert ("products", 4, "tonnes_per_unit") in found
    assert ("case", None, None) in found  # notes.csv: which table?
    dangling = [(p.table, p.column) for p in info.value.problems if "dangling" in p.message]
    referencing = ("employment", "enterprises", "major_projects", "sites", "transport_nodes")
    expected = [
        (name, "region_id")
        for name in referencing
        for value in base.tables[name]["region_id"]
        if value == "LEN-KIR"
    ]
    assert sorted(dangling) == sorted(expected) and len(expected) >= 4
    assert all(p.value == "LEN-KIR" for p in info.value.problems if "dangling" in p.message)
    assert len(info.value.problems) == 3 + len(expected)


def test_xlsx_source_with_a_sheet_per_table(base, tmp_path) -> None:
    book = export_xlsx(base, tmp_path / "mine.xlsx")
    case = import_tables([book])
    for name, frame in base.tables.items():
        pd.testing.assert_frame_equal(case.tables[name], frame, obj=name)


def test_without_base_every_table_and_metadata_are_required(base, tmp_path) -> None:
    base.tables["regions"].to_csv(tmp_path / "regions.csv", index=False)
    with pytest.raises(CaseError) as info:
        import_tables([tmp_path / "regions.csv"])
    missing = {p.table for p in info.value.problems if p.message.startswith("missing table")}
    assert missing == set(base.tables) - {"regions"}
    assert {p.column for p in info.value.problems if p.table == "case.toml"} == {"name", "years"}


def test_mapping_file_errors_name_the_entry(tmp_path) -> None:
    path = tmp_path / "columns.toml"
    path.write_text('[employment]\n"Людей" = "people"\n[nonsense]\na = "b"\n', encoding="utf-8")
    with pytest.raises(CaseError) as info:
        read_mapping(path)
    assert {(p.column, p.message) for p in info.value.problems} == {
        ("employment.Людей", "unknown column of employment"),
        ("nonsense", "unknown table"),
    }


@pytest.mark.parametrize(
    ("name", "table"),
    [
        ("employment.csv", "employment"),
        ("Regions.CSV", "regions"),
        ("Лист1", None),
        ("x.csv", None),
    ],
)
def test_table_for_name(name, table) -> None:
    assert table_for_name(name) == table


def test_write_case_then_load_gives_equal_tables(case_folder, tmp_path) -> None:
    original = load_case(case_folder.path)
    out = write_case(original, tmp_path / "clean")
    back = load_case(out)
    for name, frame in original.tables.items():
        pd.testing.assert_frame_equal(back.tables[name], frame, check_exact=True, obj=name)
    assert dict(back.meta) == dict(original.meta)
    raw = (out / "enterprises.csv").read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf") and b"\r\n" not in raw
    assert raw.decode("utf-8").splitlines()[0] == ",".join(original.tables["enterprises"].columns)


_KEYS = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=8
)
_SCALARS = st.one_of(
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=20),
    st.integers(-(2**63), 2**63 - 1),
    st.floats(allow_nan=False),
    st.booleans(),
)
_VALUES = st.one_of(_SCALARS, st.lists(_SCALARS, max_size=4))
_TABLES = st.recursive(
    st.dictionaries(_KEYS, _VALUES, max_size=4),
    lambda inner: st.dictionaries(_KEYS, st.one_of(_VALUES, inner), max_size=4),
    max_leaves=12,
)


@settings(max_examples=200, deadline=None)
@given(_TABLES)
def test_case_toml_written_by_write_case_parses_back_to_the_same_metadata(meta) -> None:
    assert tomllib.loads(dumps_toml(meta)) == meta


@pytest.mark.parametrize("meta", [{"a\n": 1}, {"a\n": {"b": 1}}, {"x": {"y\n": [1]}}])
def test_keys_ending_in_a_newline_are_quoted(meta) -> None:
    # a bare-key check with ``$`` let "a\n" through unquoted: unparseable TOML
    assert tomllib.loads(dumps_toml(meta)) == meta


def test_workbook_sheets_named_by_the_user_are_mapped(base, tmp_path) -> None:
    from openpyxl import Workbook

    employment = base.tables["employment"]
    wb = Workbook()
    ws = wb.active
    ws.title = "Лист1"
    ws.append(["Регион", "ОКВЭД", "Год", "Работников", "Организации"])
    for row in employment.itertuples(index=False):
        ws.append(
            [
                None if pd.isna(v) else (int(v) if k == "year" else v)
                for k, v in zip(employment.columns, row, strict=True)
            ]
        )
    wb.save(tmp_path / "Отчёт.xlsx")
    mapping = {"files": {"Лист1": "employment"}, "employment": {"Работников": "employees"}}
    case = import_tables([tmp_path / "Отчёт.xlsx"], mapping=mapping, base_case=base)
    pd.testing.assert_frame_equal(case.tables["employment"], employment)
    # Without the [files] entry the sheet is not taken for a table.
    with pytest.raises(CaseError) as info:
        import_tables(
            [tmp_path / "Отчёт.xlsx"],
            mapping={"employment": {"Работников": "employees"}},
            base_case=base,
        )
    assert [p.value for p in info.value.problems] == ["Лист1"]
