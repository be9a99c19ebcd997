"""Errors of the events package.

``regiocluster.errors`` (the shared ``RegioclusterError`` hierarchy) is not on
main yet; until it lands this module holds a minimal ``InvalidValueError`` with
the same signature, so switching is a one-line import change.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

__all__ = ["InvalidValueError"]


class InvalidValueError(ValueError):
    """A value given by the user is not one of the valid ones.

    Parameters
    ----------
    what : str
        What was wrong and where (``"requests row 3, column weight"``).
    value : object
        The offending value.
    valid : str or iterable
        The valid values, or a phrase describing them.
    """

    def __init__(self, what: str, value: object, valid: str | Iterable[object]) -> None:
        value = _plain(value)
        if not isinstance(valid, str):
            valid = ", ".join(repr(_plain(item)) for item in valid)
        self.what = what
        self.value = value
        self.valid = valid
        super().__init__(f"{what}: {value!r} is not valid; valid: {valid}")


def _plain(item: object) -> object:
    """Return a numpy scalar as the Python value it holds (messages read ``9``)."""
    return item.item() if isinstance(item, np.generic) else item
