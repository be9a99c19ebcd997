"""One exception hierarchy for the whole package.

Clients (the CLI, the report builder, the portal) catch
:class:`RegioclusterError`, print its one-line message and stop; a user's
mistake never shows a traceback. Every message names the bad value and, where
there is a fixed set, the valid ones.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

__all__ = [  # noqa: F822 (CaseError is resolved lazily below)
    "CaseError",
    "ConfigurationError",
    "InvalidValueError",
    "RegioclusterError",
    "SolverError",
]


class RegioclusterError(Exception):
    """Base class of every error regiocluster raises on purpose."""


class InvalidValueError(RegioclusterError, ValueError):
    """A value outside the valid set or range.

    Parameters
    ----------
    what : str
        What the value is (``"scenario"``, ``"product"``, ``"year"``).
    value : object
        The value given.
    valid : iterable, optional
        The valid values; named in the message (the first 20).
    reason : str, optional
        Why it is invalid when there is no fixed set (``"must be >= 0"``).

    Examples
    --------
    >>> str(InvalidValueError("scenario", "realistic", ["base", "optimistic"]))
    "unknown scenario 'realistic'; valid: base, optimistic"
    >>> print(InvalidValueError("year", 1990, reason="before the first year, 2014"))
    invalid year 1990: before the first year, 2014
    """

    def __init__(
        self,
        what: str,
        value: Any,
        valid: Iterable[Any] | None = None,
        *,
        reason: str | None = None,
    ) -> None:
        self.what = what
        self.value = value
        self.valid = None if valid is None else [str(v) for v in valid]
        if reason is not None:
            message = f"invalid {what} {value!r}: {reason}"
        else:
            message = f"unknown {what} {value!r}"
        if self.valid is not None:
            shown = ", ".join(sorted(self.valid)[:20])
            more = f" (and {len(self.valid) - 20} more)" if len(self.valid) > 20 else ""
            message += f"; valid: {shown}{more}" if self.valid else "; there are no valid values"
        super().__init__(message)


class ConfigurationError(RegioclusterError):
    """A setting or environment is unusable (a bad ``DATABASE_URL``, a busy port)."""


class SolverError(RegioclusterError):
    """An optimisation model could not be solved (infeasible, or no solution in time)."""


def __getattr__(name: str) -> Any:
    # CaseError lives with the case contract (it carries Problems); it is a
    # RegioclusterError and is re-exported here lazily to avoid an import cycle.
    if name in ("CaseError", "Problem"):
        from regiocluster.case import errors

        return getattr(errors, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
