"""Classifier codes: one rule for matching OKVED-2, OKPD2 and HS codes.

OKVED-2 and OKPD2 are dotted hierarchies (``23`` ⊃ ``23.5`` ⊃ ``23.51`` ⊃
``23.51.1``); HS codes are digit strings (``25`` ⊃ ``2523`` ⊃ ``252329``).
A prefix covers a code when the code is the prefix or lies below it in the
hierarchy: ``23`` covers ``23.51`` but not ``230``; ``23.5`` covers
``23.51`` (a dotted prefix may stop inside a level).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TypeVar

import pandas as pd

__all__ = ["covers", "covers_any", "longest_match", "split_prefixes"]

T = TypeVar("T")


def covers(prefix: str, code: str) -> bool:
    """Whether classifier prefix ``prefix`` covers ``code``.

    Examples
    --------
    >>> covers("23", "23.51"), covers("23.5", "23.51"), covers("2", "23.51")
    (True, True, False)
    >>> covers("2523", "252329"), covers("08.9", "08.92")
    (True, True)
    """
    prefix, code = str(prefix).strip(), str(code).strip()
    if not prefix:
        return False
    if code == prefix or code.startswith(prefix + "."):
        return True
    if "." in prefix:
        return code.startswith(prefix)
    # HS / undotted codes: digit prefixes; an undotted OKVED section (23) must not
    # swallow a longer undotted code of another section (230 is not below 23)
    return (
        code.isdigit()
        and prefix.isdigit()
        and len(prefix) % 2 == 0
        and len(code) % 2 == 0
        and code.startswith(prefix)
    )


def split_prefixes(text: str | Iterable[str] | None) -> tuple[str, ...]:
    """Split ``"08.11|08.12|23"`` (or ``;``/``,`` separated) into prefixes."""
    if text is None:
        return ()
    if not isinstance(text, str):
        return tuple(str(t).strip() for t in text if str(t).strip())
    for sep in (";", ","):
        text = text.replace(sep, "|")
    return tuple(p.strip() for p in text.split("|") if p.strip())


def covers_any(codes: Iterable[str] | pd.Series, prefixes: Iterable[str]) -> pd.Series:
    """For each code, whether any of ``prefixes`` covers it (boolean Series).

    Examples
    --------
    >>> covers_any(["23.51", "16.10", "41.20"], ["23", "16.1"]).tolist()
    [True, True, False]
    """
    series = codes if isinstance(codes, pd.Series) else pd.Series(list(codes), dtype=object)
    wanted = tuple(prefixes)
    unique = {c: any(covers(p, str(c)) for p in wanted) for c in pd.unique(series.astype(str))}
    return series.astype(str).map(unique).astype(bool)


def longest_match(code: str, mapping: Mapping[str, T]) -> T | None:
    """Value of the longest prefix in ``mapping`` that covers ``code``.

    Examples
    --------
    >>> longest_match("23.51", {"23": "non-metallic", "23.51": "cement"})
    'cement'
    >>> longest_match("41.20", {"23": "x"}) is None
    True
    """
    best: tuple[int, T] | None = None
    for prefix, value in mapping.items():
        if covers(prefix, code) and (best is None or len(prefix) > best[0]):
            best = (len(prefix), value)
    return None if best is None else best[1]
