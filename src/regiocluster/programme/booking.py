"""Booking of the test site: the time slots a booking occupies.

A booking is stored as one row per occupied slot of fixed length, so a unique
(resource, slot) constraint in any database refuses a double booking, even
when two requests arrive at once.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from regiocluster.programme._result import ProgrammeError

__all__ = ["MAX_SLOTS", "SLOT_MINUTES", "booking_slots"]

#: Length of a booking slot, minutes.
SLOT_MINUTES = 30
#: Longest booking, in slots (14 days).
MAX_SLOTS = 14 * 24 * 60 // SLOT_MINUTES


def booking_slots(
    start: datetime, end: datetime, *, slot_minutes: int = SLOT_MINUTES
) -> list[datetime]:
    """Return the starts of the slots a booking from ``start`` to ``end`` occupies.

    Parameters
    ----------
    start, end : datetime
        Start and end of the booking; both on slot boundaries, ``end`` after
        ``start``, at most :data:`MAX_SLOTS` slots apart.
    slot_minutes : int
        Slot length.

    Raises
    ------
    ProgrammeError
        Misaligned times, an empty or reversed interval, or a booking too long.
    """
    if not isinstance(start, datetime) or not isinstance(end, datetime):
        raise ProgrammeError("booking start and end must be date-times")
    step = timedelta(minutes=slot_minutes)
    for name, t in (("start", start), ("end", end)):
        if t.second or t.microsecond or (t.hour * 60 + t.minute) % slot_minutes:
            raise ProgrammeError(
                f"booking {name} {t:%Y-%m-%d %H:%M} is not on a {slot_minutes}-minute boundary"
            )
    if end <= start:
        raise ProgrammeError(f"booking end {end:%Y-%m-%d %H:%M} is not after its start")
    n = int((end - start) / step)
    if n > MAX_SLOTS:
        raise ProgrammeError(f"booking of {n} slots is longer than the {MAX_SLOTS} allowed")
    return [start + i * step for i in range(n)]
