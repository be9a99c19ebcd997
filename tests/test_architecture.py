"""Imports point inward: the core never imports the clients or Django."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "regiocluster"
CLIENTS = ("regiocluster.portal", "regiocluster.report", "regiocluster.cli")
FORBIDDEN_IN_CORE = ("django", "typer", "rich", *CLIENTS)
CORE_PACKAGES = [
    p
    for p in SRC.iterdir()
    if p.is_dir() and p.name not in {"portal", "report", "cli", "__pycache__"}
]


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def _core_files() -> list[Path]:
    files = [p for pkg in CORE_PACKAGES for p in pkg.rglob("*.py")]
    files += [p for p in SRC.glob("*.py")]
    return files


@pytest.mark.parametrize("path", _core_files(), ids=lambda p: str(p.relative_to(SRC)))
def test_core_module_does_not_import_clients(path: Path) -> None:
    bad = {
        name
        for name in _imports(path)
        if any(name == f or name.startswith(f + ".") for f in FORBIDDEN_IN_CORE)
    }
    assert not bad, f"{path.relative_to(SRC)} imports {sorted(bad)}; the core must not"


def test_the_check_would_catch_a_client_import(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("from regiocluster.report import build_report\nimport django\n")
    assert {"regiocluster.report", "django"} <= _imports(bad)
