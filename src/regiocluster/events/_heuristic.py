"""Greedy scheduling and a local improvement by moves and ejections.

The greedy pass is the organisers' rule of thumb (the heaviest request first,
in the earliest slot where both parties and a table are free); the improvement
then inserts a left-out request by moving the meetings in its way to other
slots, or by ejecting lighter meetings and re-inserting them elsewhere. Every
accepted step raises the total weight, so the search ends.
"""

from __future__ import annotations

import time

import numpy as np

from regiocluster.events._instance import Instance

__all__ = ["Board", "greedy", "improve"]


class Board:
    """A partial schedule: who is busy when, and how full each slot is."""

    def __init__(self, instance: Instance) -> None:
        self.instance = instance
        self.busy = np.full((instance.n_participants, instance.n_slots), -1, dtype=np.int64)
        self.count = np.zeros(instance.n_slots, dtype=np.int64)
        self.slot_of = np.full(instance.n_requests, -1, dtype=np.int64)

    @property
    def objective(self) -> float:
        """Total weight of the placed requests."""
        return float(self.instance.weight[self.slot_of >= 0].sum())

    def place(self, request: int, slot: int) -> None:
        """Put ``request`` into ``slot`` (the caller has checked it is free)."""
        inst = self.instance
        self.busy[inst.a[request], slot] = request
        self.busy[inst.b[request], slot] = request
        self.count[slot] += 1
        self.slot_of[request] = slot

    def remove(self, request: int) -> int:
        """Take ``request`` out of its slot and return that slot."""
        inst = self.instance
        slot = int(self.slot_of[request])
        self.busy[inst.a[request], slot] = -1
        self.busy[inst.b[request], slot] = -1
        self.count[slot] -= 1
        self.slot_of[request] = -1
        return slot

    def free_slots(self, request: int) -> np.ndarray:
        """Slots where both parties and a table are free for ``request``."""
        inst = self.instance
        return np.flatnonzero(
            inst.allowed[request]
            & (self.busy[inst.a[request]] < 0)
            & (self.busy[inst.b[request]] < 0)
            & (self.count < inst.tables)
        )

    def place_first_free(self, request: int) -> bool:
        """Place ``request`` in its earliest free slot, if there is one."""
        free = self.free_slots(request)
        if len(free) == 0:
            return False
        self.place(request, int(free[0]))
        return True

    def movable(self, request: int) -> bool:
        """Whether a placed request may be moved (it is not a fixed meeting)."""
        return bool(self.instance.fixed_slot[request] < 0)


def greedy(instance: Instance) -> Board:
    """Place fixed meetings first, then the heaviest request first in its earliest free slot."""
    board = Board(instance)
    for request in np.flatnonzero(instance.fixed_slot >= 0):
        board.place(int(request), int(instance.fixed_slot[request]))
    order = np.argsort(-instance.weight, kind="stable")
    for request in order:
        if instance.fixed_slot[request] < 0 and instance.weight[request] > 0:
            board.place_first_free(int(request))
    return board


def _blockers(board: Board, request: int, slot: int) -> list[int] | None:
    """Meetings to clear from ``slot`` so ``request`` fits there; ``None`` if one is fixed."""
    inst = board.instance
    found = {int(board.busy[inst.a[request], slot]), int(board.busy[inst.b[request], slot])}
    found.discard(-1)
    blockers = sorted(found)
    if not blockers and board.count[slot] >= inst.tables:
        movable = [m for m in np.flatnonzero(board.slot_of == slot) if board.movable(int(m))]
        if not movable:
            return None
        blockers = [int(min(movable, key=lambda m: inst.weight[m]))]
    if any(not board.movable(m) for m in blockers):
        return None
    return blockers


def _insert_by_moves(board: Board, request: int) -> bool:
    """Insert ``request`` by moving the meetings in its way to other slots."""
    for slot in np.flatnonzero(board.instance.allowed[request]):
        blockers = _blockers(board, request, int(slot))
        if blockers is None:
            continue
        moved: list[tuple[int, int]] = []
        for meeting in blockers:
            origin = board.remove(meeting)
            free = board.free_slots(meeting)
            free = free[free != slot]
            if len(free) == 0:
                board.place(meeting, origin)
                break
            board.place(meeting, int(free[0]))
            moved.append((meeting, origin))
        if len(moved) == len(blockers) and slot in board.free_slots(request):
            board.place(request, int(slot))
            return True
        for meeting, origin in reversed(moved):
            board.remove(meeting)
            board.place(meeting, origin)
    return False


def _insert_by_ejection(board: Board, request: int) -> bool:
    """Eject lighter meetings for ``request`` and re-insert them where they fit."""
    inst = board.instance
    best_slot, best_loss, best_blockers = -1, inst.weight[request], []
    for slot in np.flatnonzero(inst.allowed[request]):
        blockers = _blockers(board, request, int(slot))
        if blockers is None:
            continue
        loss = float(inst.weight[blockers].sum())
        if loss < best_loss - 1e-9:
            best_slot, best_loss, best_blockers = int(slot), loss, blockers
    if best_slot < 0:
        return False
    for meeting in best_blockers:
        board.remove(meeting)
    board.place(request, best_slot)
    for meeting in best_blockers:
        board.place_first_free(meeting) or _insert_by_moves(board, meeting)
    return True


def improve(board: Board, *, deadline: float | None = None, max_passes: int = 20) -> Board:
    """Raise the schedule's total weight by moves and ejections until nothing helps.

    Parameters
    ----------
    board : Board
        A feasible schedule; changed in place.
    deadline : float, optional
        ``time.monotonic()`` value after which the search stops.
    max_passes : int, default 20
        Passes over the left-out requests.

    Returns
    -------
    Board
        The same board, improved.
    """
    inst = board.instance
    order = np.argsort(-inst.weight, kind="stable")
    for _ in range(max_passes):
        changed = False
        for request in order:
            if deadline is not None and time.monotonic() > deadline:
                return board
            request = int(request)
            if board.slot_of[request] >= 0 or inst.weight[request] <= 0:
                continue
            if _insert_by_moves(board, request) or _insert_by_ejection(board, request):
                changed = True
        if not changed:
            break
    return board
