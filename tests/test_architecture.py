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


def _imports(path: Path, package: str = "") -> set[str]:
    """Absolute names imported by ``path``; relative imports resolved against ``package``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0:
                base = node.module or ""
            else:
                parts = package.split(".")
                parent = parts[: len(parts) - (node.level - 1)] if node.level > 1 else parts
                base = ".".join([*parent, *([node.module] if node.module else [])])
            # ``from regiocluster import report`` imports the client as well.
            names.add(base)
            names.update(f"{base}.{a.name}" for a in node.names)
    return names


def _package(path: Path) -> str:
    """Dotted package that holds ``path`` (``regiocluster.mapping`` for its modules)."""
    return ".".join(["regiocluster", *path.parent.relative_to(SRC).parts])


def _core_files() -> list[Path]:
    files = [p for pkg in CORE_PACKAGES for p in pkg.rglob("*.py")]
    files += [p for p in SRC.glob("*.py")]
    return files


@pytest.mark.parametrize("path", _core_files(), ids=lambda p: str(p.relative_to(SRC)))
def test_core_module_does_not_import_clients(path: Path) -> None:
    bad = {
        name
        for name in _imports(path, _package(path))
        if any(name == f or name.startswith(f + ".") for f in FORBIDDEN_IN_CORE)
    }
    assert not bad, f"{path.relative_to(SRC)} imports {sorted(bad)}; the core must not"


def test_the_check_would_catch_a_client_import(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("from regiocluster.report import build_report\nimport django\n")
    assert {"regiocluster.report", "django"} <= _imports(bad)


def test_the_check_resolves_relative_and_from_package_imports(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("from ..cli import app\nfrom .. import report\nfrom . import strong\n")
    names = _imports(bad, "regiocluster.mapping")
    assert {"regiocluster.cli", "regiocluster.report", "regiocluster.mapping.strong"} <= names
    assert _package(SRC / "mapping" / "strong.py") == "regiocluster.mapping"


def _private_imports_across_packages(path: Path, package: str | None = None) -> set[str]:
    """Private modules or names (``regiocluster.pkg._name``) ``path`` takes from another package.

    Packages are the top-level ones (``regiocluster.siting``); inside one, its
    modules may share private helpers.
    """
    own = package or _package(path)
    home = ".".join(own.split(".")[:2])
    found = set()
    for name in _imports(path, own):
        parts = name.split(".")
        if parts[0] != "regiocluster":
            continue
        for k, part in enumerate(parts[1:], start=1):
            if part.startswith("_") and not part.startswith("__"):
                if ".".join(parts[:2]) != home:
                    found.add(".".join(parts[: k + 1]))
                break
    return found


@pytest.mark.parametrize("path", _core_files(), ids=lambda p: str(p.relative_to(SRC)))
def test_no_package_imports_another_packages_private_module(path: Path) -> None:
    # shared code lives in a public module (regiocluster.optim, regiocluster.geo ...)
    bad = _private_imports_across_packages(path)
    assert not bad, f"{path.relative_to(SRC)} imports private {sorted(bad)} of another package"


def test_the_private_import_check_would_catch_one(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("from regiocluster.siting._milp import solve_milp\n")
    assert _private_imports_across_packages(bad, "regiocluster.events") == {
        "regiocluster.siting._milp"
    }
    # the owning package may use its own private modules
    assert _private_imports_across_packages(bad, "regiocluster.siting") == set()
