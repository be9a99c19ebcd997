"""House rule: no module in src/ over 600 lines, no function over 80 lines.

Django migrations are generated and excluded. A function's length is its
lines from ``def`` to its last line, less its docstring (numpydoc
documentation is wanted, not penalised). The limits keep each module about
one thing and each function's code readable on one screen.
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "regiocluster"
MAX_MODULE_LINES = 600
MAX_FUNCTION_LINES = 80


def _modules() -> list[Path]:
    return sorted(p for p in SRC.rglob("*.py") if "migrations" not in p.parts)


def _long_functions(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            length = (node.end_lineno or node.lineno) - node.lineno + 1
            doc = node.body[0] if node.body else None
            if (
                isinstance(doc, ast.Expr)
                and isinstance(doc.value, ast.Constant)
                and isinstance(doc.value.value, str)
            ):
                length -= (doc.end_lineno or doc.lineno) - doc.lineno + 1
            if length > MAX_FUNCTION_LINES:
                found.append(f"{path.relative_to(SRC)}:{node.lineno} {node.name} ({length} lines)")
    return found


def test_the_rule_sees_the_modules():
    assert len(_modules()) > 50


def test_no_module_over_600_lines():
    long = []
    for path in _modules():
        n = len(path.read_text(encoding="utf-8").splitlines())
        if n > MAX_MODULE_LINES:
            long.append(f"{path.relative_to(SRC)} ({n} lines)")
    assert not long, "modules over 600 lines: " + "; ".join(long)


def test_no_function_over_80_lines():
    long = [f for path in _modules() for f in _long_functions(path)]
    assert not long, "functions over 80 lines: " + "; ".join(long)
