"""Unicode-aware ``LIKE`` for SQLite, so searches ignore case in Russian too.

SQLite's built-in ``LIKE`` folds case for ASCII letters only: ``цемент`` would not
find ``Цементный завод``. PostgreSQL's ``UPPER … LIKE UPPER`` is Unicode-aware
already; on SQLite the portal replaces ``like()`` with a case-folding version.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any


@lru_cache(maxsize=1024)
def _pattern(pattern: str, escape: str | None) -> re.Pattern[str]:
    out, i = [], 0
    while i < len(pattern):
        ch = pattern[i]
        if escape and ch == escape and i + 1 < len(pattern):
            out.append(re.escape(pattern[i + 1]))
            i += 2
            continue
        out.append(".*" if ch == "%" else "." if ch == "_" else re.escape(ch))
        i += 1
    return re.compile("".join(out), re.DOTALL)


@lru_cache(maxsize=1024)
def _matcher(pattern: str, escape: str | None) -> Callable[[str], bool]:
    """Return a test of a case-folded value against the case-folded ``pattern``.

    The lookups' usual patterns (``%text%``, ``text%``, ``%text``: literal text,
    wildcards only at the ends) become plain string tests; SQLite calls this once
    per row, so the searches over thousands of rows cost a substring test, not a
    regular expression, each.
    """
    core = pattern.strip("%")
    literal = "_" not in core and "%" not in core and not (escape and escape in pattern)
    if literal:
        lead, trail = pattern.startswith("%"), len(pattern) > len(core) and pattern.endswith("%")
        if lead and trail:
            return lambda value: core in value
        if trail:
            return lambda value: value.startswith(core)
        if lead:
            return lambda value: value.endswith(core)
        return core.__eq__
    regex = _pattern(pattern, escape)
    return lambda value: regex.fullmatch(value) is not None


def unicode_like(pattern: Any, value: Any, escape: Any = None) -> bool | None:
    """Evaluate ``value LIKE pattern [ESCAPE escape]`` with Unicode case folding."""
    if pattern is None or value is None:
        return None
    text = value if isinstance(value, str) else str(value)
    return _matcher(str(pattern).casefold(), escape)(text.casefold())


def install(sender: Any, connection: Any, **kwargs: Any) -> None:
    """Register the function on each new SQLite connection (``connection_created`` receiver)."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("like", 2, unicode_like, deterministic=True)
        connection.connection.create_function("like", 3, unicode_like, deterministic=True)
