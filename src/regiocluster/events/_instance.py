"""Validated, integer-coded form of a meeting-scheduling problem."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from regiocluster.errors import InvalidValueError

__all__ = ["Instance", "build_instance", "invalid"]


def _plain(item: object) -> object:
    """Return a numpy scalar as the Python value it holds (messages read ``9``)."""
    return item.item() if isinstance(item, np.generic) else item


def invalid(what: str, value: object, valid: str | Sequence[object]) -> InvalidValueError:
    """Build the error for a bad ``value``: ``valid`` is a phrase or the valid values."""
    if isinstance(value, tuple):
        value = tuple(_plain(v) for v in value)
    if isinstance(valid, str):
        return InvalidValueError(what, _plain(value), reason=f"must be {valid}")
    return InvalidValueError(what, _plain(value), [_plain(v) for v in valid])


@dataclass(frozen=True)
class Instance:
    """A scheduling problem with participants, slots and requests coded as integers.

    Attributes
    ----------
    a, b : numpy.ndarray
        Participant codes of each request's two sides.
    weight : numpy.ndarray
        Each request's weight.
    allowed : numpy.ndarray
        Boolean ``(requests, slots)`` matrix: both sides are present in the slot.
    fixed_slot, fixed_table : numpy.ndarray
        Slot code and table number of a fixed meeting, ``-1`` and ``0`` otherwise.
    participants : pandas.Index
        Participant labels by code.
    slots : pandas.Index
        Slot labels by code.
    tables : int
        Tables in every slot.
    a_label, b_label : numpy.ndarray
        The request's sides as the user wrote them.
    """

    a: np.ndarray
    b: np.ndarray
    weight: np.ndarray
    allowed: np.ndarray
    fixed_slot: np.ndarray
    fixed_table: np.ndarray
    participants: pd.Index
    slots: pd.Index
    tables: int
    a_label: np.ndarray
    b_label: np.ndarray

    @property
    def n_requests(self) -> int:
        """Number of distinct pairs."""
        return len(self.a)

    @property
    def n_slots(self) -> int:
        """Number of slots."""
        return len(self.slots)

    @property
    def n_participants(self) -> int:
        """Number of participants."""
        return len(self.participants)


def _slot_index(slots: int | Sequence[object]) -> pd.Index:
    if isinstance(slots, bool):
        raise invalid("slots", slots, "a positive whole number or a list of slot labels")
    if isinstance(slots, int | np.integer):
        if slots < 1:
            raise invalid("slots", slots, "a positive whole number or a list of labels")
        return pd.Index(range(1, int(slots) + 1), name="slot")
    labels = pd.Index(list(slots), name="slot")
    if len(labels) == 0:
        raise invalid("slots", list(slots), "at least one slot label")
    if labels.has_duplicates:
        raise invalid("slots", labels[labels.duplicated()][0], "unique")
    return labels


def _check_columns(frame: object, name: str, columns: tuple[str, ...]) -> pd.DataFrame:
    if not isinstance(frame, pd.DataFrame):
        raise invalid(name, type(frame).__name__, "a pandas DataFrame")
    missing = [column for column in columns if column not in frame.columns]
    if missing:
        raise InvalidValueError(
            f"{name} columns",
            list(frame.columns),
            reason=f"missing column {missing[0]!r} (needs {', '.join(columns)})",
        )
    for column in columns:
        nulls = frame[column].isna().to_numpy()
        if nulls.any():
            row = int(np.flatnonzero(nulls)[0])
            raise invalid(f"{name} row {row}, column {column}", None, "given")
    return frame


def _requests(requests: pd.DataFrame) -> pd.DataFrame:
    frame = _check_columns(requests, "requests", ("a", "b", "weight"))
    weight = pd.to_numeric(frame["weight"], errors="coerce").to_numpy(dtype=float)
    bad = ~np.isfinite(weight) | (weight < 0)
    if bad.any():
        row = int(np.flatnonzero(bad)[0])
        raise invalid(
            f"requests row {row}, column weight", frame["weight"].iloc[row], "a number >= 0"
        )
    same = (frame["a"] == frame["b"]).to_numpy()
    if same.any():
        row = int(np.flatnonzero(same)[0])
        raise invalid(
            f"requests row {row}, columns a and b", frame["a"].iloc[row], "two different parties"
        )
    out = pd.DataFrame({"a": frame["a"].to_numpy(), "b": frame["b"].to_numpy(), "weight": weight})
    # A pair meets at most once: of its requests (either way round) the heaviest stands.
    out["key"] = [frozenset(pair) for pair in zip(out["a"], out["b"], strict=True)]
    out = out.sort_values("weight", ascending=False, kind="stable")
    return out.drop_duplicates("key").drop(columns="key").reset_index(drop=True)


def _allowed(
    availability: pd.DataFrame | None,
    participants: pd.Index,
    slots: pd.Index,
    a: np.ndarray,
    b: np.ndarray,
) -> np.ndarray:
    present = np.ones((len(participants), len(slots)), dtype=bool)
    if availability is not None:
        frame = _check_columns(availability, "availability", ("participant", "slot"))
        slot_code = slots.get_indexer(frame["slot"])
        if (slot_code < 0).any():
            row = int(np.flatnonzero(slot_code < 0)[0])
            raise invalid(
                f"availability row {row}, column slot", frame["slot"].iloc[row], list(slots)
            )
        who = participants.get_indexer(frame["participant"])
        known = who >= 0
        present[np.unique(who[known])] = False
        present[who[known], slot_code[known]] = True
    return present[a] & present[b]


def _fix(
    fixed: pd.DataFrame | None,
    pairs: pd.DataFrame,
    slots: pd.Index,
    tables: int,
    allowed: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    fixed_slot = np.full(len(pairs), -1)
    fixed_table = np.zeros(len(pairs), dtype=int)
    if fixed is None or len(fixed) == 0:
        return fixed_slot, fixed_table
    frame = _check_columns(fixed, "fixed", ("a", "b", "slot"))
    lookup = {frozenset(pair): i for i, pair in enumerate(zip(pairs["a"], pairs["b"], strict=True))}
    for row, (a, b, slot) in enumerate(zip(frame["a"], frame["b"], frame["slot"], strict=True)):
        where = f"fixed row {row}"
        index = lookup.get(frozenset((a, b)))
        if index is None:
            raise invalid(f"{where}, pair", (a, b), "a pair listed in requests")
        if slot not in slots:
            raise invalid(f"{where}, column slot", slot, list(slots))
        code = int(slots.get_loc(slot))
        if not allowed[index, code]:
            raise invalid(f"{where}, column slot", slot, "a slot where both are present")
        if fixed_slot[index] >= 0:
            raise invalid(f"{where}, pair", (a, b), "fixed once")
        fixed_slot[index] = code
        if "table" in frame.columns and not pd.isna(frame["table"].iloc[row]):
            table = frame["table"].iloc[row]
            if not float(table).is_integer() or not 1 <= int(table) <= tables:
                raise invalid(f"{where}, column table", table, f"1 to {tables}")
            fixed_table[index] = int(table)
    return fixed_slot, fixed_table


def _check_fixed_feasible(instance: Instance) -> None:
    """Refuse fixed meetings that double-book a party, a table or a slot."""
    mask = instance.fixed_slot >= 0
    slot = instance.fixed_slot[mask]
    people = np.concatenate([instance.a[mask], instance.b[mask]])
    both = np.concatenate([slot, slot])
    seen = pd.DataFrame({"p": people, "s": both}).duplicated()
    if seen.any():
        i = int(np.flatnonzero(seen.to_numpy())[0])
        raise invalid(
            "fixed meetings",
            (instance.participants[people[i]], instance.slots[both[i]]),
            "at most one meeting per participant and slot",
        )
    counts = np.bincount(slot, minlength=instance.n_slots)
    if (counts > instance.tables).any():
        s = int(np.argmax(counts))
        raise invalid(
            "fixed meetings per slot",
            (instance.slots[s], int(counts[s])),
            f"at most {instance.tables} (the tables)",
        )
    table = instance.fixed_table[mask]
    numbered = table > 0
    clash = pd.DataFrame({"s": slot[numbered], "t": table[numbered]}).duplicated()
    if clash.any():
        i = int(np.flatnonzero(clash.to_numpy())[0])
        raise invalid(
            "fixed meetings",
            (instance.slots[slot[numbered][i]], int(table[numbered][i])),
            "one meeting per slot and table",
        )


def build_instance(
    requests: pd.DataFrame,
    slots: int | Sequence[object],
    tables: int,
    *,
    availability: pd.DataFrame | None = None,
    fixed: pd.DataFrame | None = None,
) -> Instance:
    """Validate the user's inputs and code them as integers (see ``schedule_meetings``)."""
    if isinstance(tables, bool) or not isinstance(tables, int | np.integer) or tables < 1:
        raise invalid("tables", tables, "a positive whole number")
    slot_index = _slot_index(slots)
    pairs = _requests(requests)
    participants = pd.Index(pd.unique(np.concatenate([pairs["a"], pairs["b"]])), name="participant")
    a = participants.get_indexer(pairs["a"])
    b = participants.get_indexer(pairs["b"])
    allowed = _allowed(availability, participants, slot_index, a, b)
    fixed_slot, fixed_table = _fix(fixed, pairs, slot_index, int(tables), allowed)
    instance = Instance(
        a=a,
        b=b,
        weight=pairs["weight"].to_numpy(dtype=float),
        allowed=allowed,
        fixed_slot=fixed_slot,
        fixed_table=fixed_table,
        participants=participants,
        slots=slot_index,
        tables=int(tables),
        a_label=pairs["a"].to_numpy(),
        b_label=pairs["b"].to_numpy(),
    )
    _check_fixed_feasible(instance)
    return instance
