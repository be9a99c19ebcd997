"""``regiocluster case ...`` through Typer's test runner."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from regiocluster import load_case
from regiocluster.case.schema import TABLES
from regiocluster.cli import app

MINI = Path(__file__).resolve().parents[1] / "data" / "mini_case"
WIDE = {"COLUMNS": "220", "NO_COLOR": "1", "TERM": "dumb"}

runner = CliRunner()


def invoke(*args: str):
    return runner.invoke(app, ["case", *args], env=WIDE)


def _info_rows(output: str) -> dict[str, tuple[int, str]]:
    """Table name → (rows, years) from ``case info``'s table."""
    rows = {}
    for line in output.splitlines():
        cells = [c.strip() for c in re.split(r"[│┃|]", line)][1:]
        if len(cells) >= 3 and cells[0] in TABLES:
            rows[cells[0]] = (int(cells[1].replace(",", "")), cells[2])
    return rows


def test_info_lists_every_table_with_its_row_count_and_years() -> None:
    result = invoke("info", str(MINI))
    assert result.exit_code == 0, result.output
    case = load_case(MINI)
    rows = _info_rows(result.output)
    assert {name: n for name, (n, _) in rows.items()} == {
        name: len(frame) for name, frame in case.tables.items()
    }
    assert rows["employment"][1] == "2020–2022"
    assert rows["demand_drivers"][1] == "2021–2030"
    assert "Rosstat 2021 census (subset)" in result.output
    assert "partly synthetic" in result.output


@pytest.mark.slow
def test_info_defaults_to_the_embedded_case() -> None:
    result = invoke("info")
    assert result.exit_code == 0, result.output
    rows = _info_rows(result.output)
    case = load_case("leningrad")
    assert {name: n for name, (n, _) in rows.items()} == {
        name: len(frame) for name, frame in case.tables.items()
    }
    assert rows["employment"][1] == "2014–2024"
    # every table's source, from the case's metadata, is on its own row
    wide = runner.invoke(app, ["case", "info"], env={**WIDE, "COLUMNS": "400"})
    lines = {
        cells[0]: cells
        for line in wide.output.splitlines()
        if len(cells := [c.strip() for c in re.split(r"[│┃|]", line)][1:]) >= 5
    }
    for name in TABLES:
        source = case.meta["tables"][name]["source"]
        assert source and lines[name][4] == source, name


@pytest.mark.slow
def test_validate_embedded_case_exits_zero() -> None:
    result = invoke("validate", "leningrad")
    assert result.exit_code == 0, result.output
    assert "is valid" in result.output


def test_validate_good_case_exits_zero() -> None:
    result = invoke("validate", str(MINI))
    assert result.exit_code == 0, result.output
    assert "'mini' is valid: 22 tables" in result.output


def test_validate_bad_case_exits_one_and_lists_every_problem(tmp_path) -> None:
    folder = shutil.copytree(MINI, tmp_path / "bad")
    with (folder / "supply_links.csv").open("a", encoding="utf-8") as f:
        f.write("L009,E001,E404,,2021,-3\n")  # line 6: dangling buyer, negative value
    (folder / "deposits.csv").write_text("", encoding="utf-8")
    result = invoke("validate", str(folder))
    assert result.exit_code == 1
    out = result.output
    assert "3 problem(s)" in out
    lines = [line for line in out.splitlines() if "supply_links.csv" in line]
    assert any(
        "6" in line and "buyer_id" in line and "E404" in line and "dangling" in line
        for line in lines
    )
    assert any(
        "6" in line and "value" in line and "-3" in line and "non-negative" in line
        for line in lines
    )
    assert any("deposits.csv" in line and "empty" in line for line in out.splitlines())


def test_validate_missing_path_exits_one(tmp_path) -> None:
    result = invoke("validate", str(tmp_path / "nowhere"))
    assert result.exit_code == 1
    assert "no such case" in result.output


def test_list_names_the_builtin_case() -> None:
    result = invoke("list")
    assert result.exit_code == 0
    assert "leningrad" in result.output and "2014–2035" in result.output


def test_export_xlsx_and_csv_then_validate(tmp_path) -> None:
    result = invoke(
        "export", str(MINI), "--xlsx", str(tmp_path / "mini.xlsx"), "--csv", str(tmp_path / "csv")
    )
    assert result.exit_code == 0, result.output
    original = load_case(MINI)
    for target in (tmp_path / "mini.xlsx", tmp_path / "csv"):
        assert invoke("validate", str(target)).exit_code == 0
        back = load_case(target)
        for name, frame in original.tables.items():
            pd.testing.assert_frame_equal(back.tables[name], frame, obj=name)


def test_export_without_target_is_a_usage_error() -> None:
    result = invoke("export", str(MINI))
    assert result.exit_code == 2


def test_import_excel_csv_into_a_clean_case(tmp_path) -> None:
    base = load_case(MINI)
    employment = base.tables["employment"].copy()
    employment["employees"] = employment["employees"] * 2
    text = employment.rename(columns={"region_id": "Регион", "employees": "Работников"}).to_csv(
        index=False, sep=";", decimal=","
    )
    (tmp_path / "employment.csv").write_bytes(text.encode("cp1251"))
    (tmp_path / "columns.toml").write_text(
        '[employment]\n"Работников" = "employees"\n', encoding="utf-8"
    )
    result = invoke(
        "import",
        str(tmp_path / "employment.csv"),
        "--into",
        str(tmp_path / "out"),
        "--base",
        str(MINI),
        "--mapping",
        str(tmp_path / "columns.toml"),
    )
    assert result.exit_code == 0, result.output
    imported = load_case(tmp_path / "out")
    pd.testing.assert_frame_equal(imported.tables["employment"], employment)
    pd.testing.assert_frame_equal(imported.tables["regions"], base.tables["regions"])


def test_import_refuses_bad_input_and_writes_nothing(tmp_path) -> None:
    (tmp_path / "employment.csv").write_text(
        "region_id,okved,year,employees,establishments\nRU-LEN,23.51,1900,5,1\n", encoding="utf-8"
    )
    result = invoke(
        "import",
        str(tmp_path / "employment.csv"),
        "--into",
        str(tmp_path / "out"),
        "--base",
        str(MINI),
    )
    assert result.exit_code == 1
    assert "year" in result.output and "1900" in result.output
    assert not (tmp_path / "out").exists()


def test_info_falls_back_to_the_data_card(tmp_path) -> None:
    folder = shutil.copytree(MINI, tmp_path / "carded")
    (folder / "DATA_CARD.md").write_text(
        "# Data card\n\n## `industries`\n\nThe real OKVED-2 classifier.\n\n"
        "Source: OK 029-2014 (Rosstandart)\n\n## `sites`\n\nSynthetic attributes.\n",
        encoding="utf-8",
    )
    result = invoke("info", str(folder))
    assert result.exit_code == 0, result.output
    lines = {
        line.split("│")[1].strip(): line
        for line in result.output.splitlines()
        if line.count("│") > 3
    }
    assert "real" in lines["industries"] and "OK 029-2014 (Rosstandart)" in lines["industries"]
    assert "synthetic" in lines["sites"] and "DATA_CARD.md § `sites`" in lines["sites"]
    # case.toml entries win over the card.
    assert "Rosstat 2021 census (subset)" in lines["regions"]
