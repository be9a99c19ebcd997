"""Loading a case from files as users really have them.

A table re-saved the way Russian Excel saves it (cp1251, ``;``, decimal comma,
Russian headers), with a UTF-8 BOM, or tab-separated must load and equal the
original; a property test does the same for any valid small table.
"""

from __future__ import annotations

import string

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from regiocluster import load_case
from regiocluster.case.read import read_csv_raw
from regiocluster.case.schema import TABLES
from regiocluster.case.validate import map_headers, type_table

from .conftest import MINI

ALIASED_TABLES = ["employment", "enterprises", "enterprise_products", "regions"]


def _russian_headers(table: str) -> dict[str, str]:
    """Each column's first Russian alias, where the schema declares one."""
    return {c.name: c.aliases[0] for c in TABLES[table].columns if c.aliases}


def test_mini_case_loads_with_schema_types() -> None:
    case = load_case(MINI)
    assert case.name == "mini" and case.years == (2014, 2035)
    # every required table, in schema order; optional ones (needs analyses) are absent here
    assert list(case.tables) == [t for t in TABLES if TABLES[t].required]
    for name, frame in case.tables.items():
        assert list(frame.columns) == TABLES[name].column_names
    emp = case.tables["employment"]
    assert str(emp["year"].dtype) == "Int64"
    # Suppressed statistics stay missing, not zero.
    assert emp.loc[emp["region_id"] == "LEN-VYB", "employees"].isna().all()
    # Decimal text and leading zeros in codes survive.
    assert case.tables["enterprise_finances"]["revenue"].iloc[0] == 5230.125
    assert case.tables["industries"]["okved"].tolist()[3] == "08"
    assert case.tables["products"].set_index("product_id").loc["cement", "hs"] == "252329"


DIALECTS = {
    "cp1251": {"encoding": "cp1251", "sep": ";", "decimal": ",", "russian": True},
    "utf8-bom": {"encoding": "utf-8-sig", "sep": ",", "decimal": "."},
    "tabs": {"encoding": "utf-8", "sep": "\t", "decimal": "."},
    "bom-semicolon": {"encoding": "utf-8-sig", "sep": ";", "decimal": ",", "russian": True},
}


def _resave_params():
    for which in ("mini", "leningrad"):
        marks = [] if which == "mini" else [pytest.mark.slow]
        for dialect in DIALECTS:
            for table in ALIASED_TABLES:
                # The embedded case's big tables are costly: every dialect on
                # one table, the Excel dialect on all of them.
                if which == "leningrad" and dialect != "cp1251" and table != "enterprises":
                    continue
                yield pytest.param(
                    which, dialect, table, id=f"{which}-{dialect}-{table}", marks=marks
                )


@pytest.mark.parametrize(("which_case", "dialect_name", "table"), list(_resave_params()))
def test_resaved_table_loads_and_equals_original(
    case_folder, dialect_name: str, table: str
) -> None:
    dialect = DIALECTS[dialect_name]
    original = load_case(case_folder.path)
    frame = original.tables[table]
    options = dict(dialect)
    headers = _russian_headers(table) if options.pop("russian", False) else {}
    text = frame.rename(columns=headers).to_csv(
        index=False, sep=options["sep"], decimal=options["decimal"], lineterminator="\r\n"
    )
    (case_folder.path / f"{table}.csv").write_bytes(text.encode(options["encoding"]))
    if dialect["encoding"] == "cp1251":
        assert any(h in text for h in headers.values())
        raw = (case_folder.path / f"{table}.csv").read_bytes()
        with pytest.raises(UnicodeDecodeError):
            raw.decode("utf-8")
    reloaded = load_case(case_folder.path)
    pd.testing.assert_frame_equal(reloaded.tables[table], frame, check_exact=True)


def test_thousands_separators_and_decimal_comma_are_read_as_excel_writes_them(mini_folder) -> None:
    text = (
        "Регион;ОКВЭД;Год;Численность;Организации\r\n"
        "RU-LEN;23.51;2020;1\u00a0520;4\r\n"
        "RU-LEN;23.51;2021;1 490,5;4\r\n"
        "RU-SPE;23.61;2021;8120;61\r\n"
        "LEN-VYB;08.12;2021;;\r\n"
        "LEN-KIR;41;2022;2 310,0;35\r\n"
    )
    (mini_folder.path / "employment.csv").write_bytes(text.encode("cp1251"))
    emp = load_case(mini_folder.path).tables["employment"]
    assert emp["employees"].tolist()[:3] == [1520.0, 1490.5, 8120.0]
    assert np.isnan(emp["employees"].iloc[3]) and emp["employees"].iloc[4] == 2310.0


# --- property: any valid small table survives cp1251 / ';' / decimal comma --------------

_CP1251_TEXT = (
    st.text(
        alphabet=string.ascii_letters + string.digits + "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"
        "АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ" + ' .,;:-"№«»()/',
        min_size=1,
        max_size=12,
    )
    .map(str.strip)
    .filter(bool)
)


def _column_strategy(column):
    if column.choices is not None:
        values = st.sampled_from(column.choices)
    elif column.dtype == "str":
        values = _CP1251_TEXT
    elif column.dtype == "int":
        values = st.integers(0 if column.non_negative else -(10**6), 10**6)
    elif column.dtype == "bool":
        values = st.booleans()
    else:
        values = st.floats(
            min_value=0.0 if column.non_negative else -1e12,
            max_value=1e12,
            allow_nan=False,
            allow_infinity=False,
            allow_subnormal=False,
        )
    return st.one_of(st.none(), values) if column.nullable else values


@st.composite
def small_tables(draw, table: str):
    spec = TABLES[table]
    n = draw(st.integers(1, 6))
    data = {
        c.name: draw(st.lists(_column_strategy(c), min_size=n, max_size=n)) for c in spec.columns
    }
    frame = pd.DataFrame(data)
    for c in spec.columns:
        if c.dtype == "str":
            frame[c.name] = pd.Series(data[c.name], dtype=object)
        elif c.dtype == "int":
            frame[c.name] = pd.array(data[c.name], dtype="Int64")
        elif c.dtype == "bool":
            frame[c.name] = pd.array(data[c.name], dtype="boolean")
        else:
            frame[c.name] = pd.Series(
                [np.nan if v is None else v for v in data[c.name]], dtype="float64"
            )
    return frame


@pytest.mark.parametrize("table", ["enterprise_finances", "sites", "regions", "support_measures"])
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_any_valid_table_survives_cp1251_semicolon_decimal_comma(tmp_path, table, data) -> None:
    frame = data.draw(small_tables(table))
    path = tmp_path / f"{table}.csv"
    # A Russian export has Russian headers; without one, a few cp1251 bytes can
    # also be valid UTF-8 ("В«" is UTF-8 "«") and no decoder could tell.
    first = frame.columns[0]
    text = frame.rename(columns={first: "Код записи"}).to_csv(
        index=False, sep=";", decimal=",", lineterminator="\r\n"
    )
    path.write_bytes(text.encode("cp1251"))
    raw = read_csv_raw(path, table=table)
    mapped, header_problems = map_headers(raw, table, {"Код записи": first})
    typed, problems = type_table(
        mapped, raw.lines, table, file=raw.file, decimal_comma=raw.decimal_comma
    )
    assert header_problems == [] and problems == []
    assert raw.lines.tolist() == list(range(2, len(frame) + 2))
    pd.testing.assert_frame_equal(typed, frame, check_exact=True)


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("a;b\n1;2\n3;4\n", [2, 3]),
        ("a;b\n1;2\n\n3;4\n", [2, 4]),  # blank line
        ("a;b\n1;2\n;\n3;4", [2, 4]),  # a row of empty cells, no final newline
        ('a;b\n"x\ny";2\n3;4\n', [2, 4]),  # quoted cell spanning two lines: its last line
    ],
)
def test_line_numbers_are_physical_lines(tmp_path, text, lines) -> None:
    path = tmp_path / "t.csv"
    path.write_text(text, encoding="utf-8")
    raw = read_csv_raw(path, table="io_flows")
    assert raw.lines.tolist() == lines
    assert raw.frame.columns.tolist() == ["a", "b"]
    assert raw.frame["b"].tolist()[-1] == "4"


@pytest.mark.parametrize(
    "text", ["a,b\n1,2\n3\n4,5\n", "a,b\n1,2\n3,4,5\n6,7\n", "a,b\n1\n2,3,4\n"]
)
def test_rows_with_a_wrong_cell_count_are_each_reported(tmp_path, text) -> None:
    from regiocluster import CaseError

    path = tmp_path / "t.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CaseError) as info:
        read_csv_raw(path, table="io_flows")
    expected = [
        i + 1 for i, line in enumerate(text.split("\n")) if line and i and line.count(",") != 1
    ]
    assert [p.row for p in info.value.problems] == expected
    assert all("the header has 2" in p.message for p in info.value.problems)
