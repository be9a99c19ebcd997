"""Unicode-aware ``LIKE`` for SQLite, so searches ignore case in Russian too.

SQLite's built-in ``LIKE`` folds case for ASCII letters only: ``цемент`` would not
find ``Цементный завод``. PostgreSQL's ``UPPER … LIKE UPPER`` is Unicode-aware
already; on SQLite the portal replaces ``like()`` with a case-folding version.
"""

from __future__ import annotations

import re
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


def unicode_like(pattern: Any, value: Any, escape: Any = None) -> bool | None:
    """Evaluate ``value LIKE pattern [ESCAPE escape]`` with Unicode case folding."""
    if pattern is None or value is None:
        return None
    return _pattern(str(pattern).casefold(), escape).fullmatch(str(value).casefold()) is not None


def install(sender: Any, connection: Any, **kwargs: Any) -> None:
    """Register the function on each new SQLite connection (``connection_created`` receiver)."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("like", 2, unicode_like, deterministic=True)
        connection.connection.create_function("like", 3, unicode_like, deterministic=True)
