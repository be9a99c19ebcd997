r"""Optimal scheduling of one-to-one (B2B) meetings into slots and tables.

The model assigns requests to slots; a slot's tables are only its capacity, so
tables are numbered once the slots are known. With :math:`x_{rs} = 1` when
request :math:`r = \{a, b\}` meets in slot :math:`s`:

.. math::

    \max \sum_{r,s} w_r x_{rs} \quad \text{s.t.} \quad
    \sum_s x_{rs} \le 1, \quad
    \sum_{r \ni p} x_{rs} \le 1 \; \forall p, s, \quad
    \sum_r x_{rs} \le T \; \forall s,

with :math:`x_{rs}` fixed at 0 where either side is absent. The greedy rule of
thumb, improved by moves and ejections (``_heuristic``), is HiGHS's starting
incumbent, so a time limit still returns a good schedule with its proven gap.

References
----------
The problem is the one studied as B2B meeting scheduling by Bofill, M., Espasa, J.,
Garcia, M., Palahí, M., Suy, J. and Villaret, M. (2014), "Scheduling B2B
meetings", *Principles and Practice of Constraint Programming*, LNCS 8656, 781-796.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import scipy.sparse as sp

from regiocluster.events._heuristic import Board, greedy, improve
from regiocluster.events._instance import Instance, build_instance, invalid
from regiocluster.optim import solve_milp

__all__ = ["MeetingSchedule", "schedule_greedy", "schedule_meetings"]


@dataclass(frozen=True)
class MeetingSchedule:
    """A schedule of one-to-one meetings.

    Attributes
    ----------
    meetings_ : pandas.DataFrame
        Columns ``a``, ``b``, ``slot``, ``table`` (numbered from 1) and ``weight``,
        ordered by slot and table.
    unscheduled_ : pandas.DataFrame
        The requests left out, with ``a``, ``b`` and ``weight``.
    objective_ : float
        Total weight of the meetings scheduled.
    bound_ : float
        Proven upper bound on the best total weight.
    gap_ : float
        ``(bound_ - objective_) / objective_`` as HiGHS reports it (0 when optimal).
    status_ : str
        ``"optimal"``, ``"time_limit"`` or ``"greedy"`` (the baseline, no proof).
    """

    meetings_: pd.DataFrame
    unscheduled_: pd.DataFrame
    objective_: float
    bound_: float
    gap_: float
    status_: str


def _model(inst: Instance) -> tuple[np.ndarray, np.ndarray, dict[str, np.ndarray]]:
    """Columns (request, slot) and the constraint matrix of the assignment model."""
    fixed = inst.fixed_slot >= 0
    allowed = inst.allowed & (inst.weight > 0)[:, None]
    allowed[fixed] = False
    allowed[np.flatnonzero(fixed), inst.fixed_slot[fixed]] = True
    col_r, col_s = np.nonzero(allowed)
    n_req, n_slot, n_part = inst.n_requests, inst.n_slots, inst.n_participants
    person_row = n_req + np.concatenate([inst.a[col_r], inst.b[col_r]]) * n_slot
    rows = np.concatenate([col_r, person_row + np.tile(col_s, 2), n_req + n_part * n_slot + col_s])
    cols = np.tile(np.arange(len(col_r)), 4)
    row_ids, compact = np.unique(rows, return_inverse=True)
    matrix = sp.csc_matrix((np.ones(len(rows)), (compact, cols)), shape=(len(row_ids), len(col_r)))
    upper = np.where(row_ids >= n_req + n_part * n_slot, float(inst.tables), 1.0)
    arrays = {
        "matrix": matrix,
        "row_upper": upper,
        "col_lower": fixed[col_r].astype(float),
        "cost": inst.weight[col_r],
    }
    return col_r, col_s, arrays


def _number_tables(inst: Instance, slot_of: np.ndarray) -> np.ndarray:
    """Table numbers per meeting: fixed meetings keep theirs, the rest take the lowest free."""
    table = np.zeros(inst.n_requests, dtype=int)
    for slot in range(inst.n_slots):
        here = np.flatnonzero(slot_of == slot)
        kept = inst.fixed_table[here]
        table[here[kept > 0]] = kept[kept > 0]
        taken = set(kept[kept > 0].tolist())
        free = (t for t in range(1, inst.tables + 1) if t not in taken)
        for request in here[kept == 0]:
            table[request] = next(free)
    return table


def _result(
    inst: Instance, board: Board, *, bound: float, gap: float, status: str
) -> MeetingSchedule:
    placed = board.slot_of >= 0
    table = _number_tables(inst, board.slot_of)
    meetings = pd.DataFrame(
        {
            "a": inst.a_label[placed],
            "b": inst.b_label[placed],
            "slot": inst.slots[board.slot_of[placed]],
            "table": table[placed],
            "weight": inst.weight[placed],
            "_order": board.slot_of[placed],
        }
    )
    meetings = meetings.sort_values(["_order", "table"], kind="stable").drop(columns="_order")
    unscheduled = pd.DataFrame(
        {"a": inst.a_label[~placed], "b": inst.b_label[~placed], "weight": inst.weight[~placed]}
    )
    return MeetingSchedule(
        meetings_=meetings.reset_index(drop=True),
        unscheduled_=unscheduled.reset_index(drop=True),
        objective_=board.objective,
        bound_=float(bound),
        gap_=float(gap),
        status_=status,
    )


def schedule_greedy(
    requests: pd.DataFrame,
    slots: int | Sequence[object],
    tables: int,
    *,
    availability: pd.DataFrame | None = None,
    fixed: pd.DataFrame | None = None,
) -> MeetingSchedule:
    """Schedule by the organisers' rule: the heaviest request first, earliest free slot.

    The baseline ``schedule_meetings`` is measured against; parameters as there.
    ``bound_`` is infinite and ``status_`` is ``"greedy"``: nothing is proven.
    """
    inst = build_instance(requests, slots, tables, availability=availability, fixed=fixed)
    return _result(inst, greedy(inst), bound=np.inf, gap=np.inf, status="greedy")


def schedule_meetings(
    requests: pd.DataFrame,
    slots: int | Sequence[object],
    tables: int,
    *,
    availability: pd.DataFrame | None = None,
    time_limit: float | None = None,
    fixed: pd.DataFrame | None = None,
    relative_gap: float = 1e-6,
) -> MeetingSchedule:
    """Schedule one-to-one meetings to maximise their total weight.

    Parameters
    ----------
    requests : pandas.DataFrame
        Columns ``a``, ``b`` (the two parties) and ``weight`` (the priority, >= 0).
        A pair meets at most once: of several requests for one pair, either way
        round, the heaviest counts.
    slots : int or sequence
        The number of slots (labelled 1, 2, ...) or the slot labels in time order.
    tables : int
        Tables in every slot.
    availability : pandas.DataFrame, optional
        Columns ``participant`` and ``slot``: the only slots where a listed
        participant is present. Participants not listed are always present.
    time_limit : float, optional
        Seconds; at the limit the best schedule found is returned with its gap.
    fixed : pandas.DataFrame, optional
        Meetings to keep as they are (``a``, ``b``, ``slot`` and optionally
        ``table``), e.g. the confirmed part of an earlier schedule when it is
        redone after a cancellation. Each must be one of ``requests``.
    relative_gap : float, default 1e-6
        HiGHS stops once the proven gap is below this.

    Returns
    -------
    MeetingSchedule
        ``meetings_``, ``objective_``, ``status_``, ``gap_`` and ``bound_``.

    Raises
    ------
    InvalidValueError
        A missing column or value, a negative weight, a self-meeting, an unknown
        slot, or fixed meetings that clash.

    Examples
    --------
    >>> import pandas as pd
    >>> requests = pd.DataFrame({"a": ["B1", "B1", "B2"], "b": ["S1", "S2", "S1"],
    ...                          "weight": [3.0, 2.0, 1.0]})
    >>> schedule_meetings(requests, 1, 2).objective_  # one slot: B1 and S1 meet once
    3.0
    >>> schedule_meetings(requests, 2, 2).objective_
    6.0
    """
    if time_limit is not None and not time_limit > 0:
        raise invalid("time_limit", time_limit, "a positive number of seconds")
    started = time.monotonic()
    inst = build_instance(requests, slots, tables, availability=availability, fixed=fixed)
    heuristic_share = 0.3 if time_limit is not None else None
    deadline = None if time_limit is None else started + heuristic_share * time_limit
    board = improve(greedy(inst), deadline=deadline)
    remaining = None if time_limit is None else max(time_limit - (time.monotonic() - started), 0.5)
    return _solve(inst, board, time_limit=remaining, relative_gap=relative_gap)


def _solve(
    inst: Instance, board: Board, *, time_limit: float | None, relative_gap: float
) -> MeetingSchedule:
    """Run HiGHS from ``board`` as the incumbent and return the better schedule with its gap."""
    col_r, col_s, model = _model(inst)
    if len(col_r) == 0:
        return _result(inst, board, bound=board.objective, gap=0.0, status="optimal")
    solved = solve_milp(
        model["cost"],
        model["matrix"],
        np.zeros(len(model["row_upper"])),
        model["row_upper"],
        model["col_lower"],
        np.ones(len(col_r)),
        np.ones(len(col_r), dtype=bool),
        sense="max",
        start=(board.slot_of[col_r] == col_s).astype(float),
        time_limit=time_limit,
        relative_gap=relative_gap,
        # The assignment LP is nearly integral; HiGHS's presolve probing and
        # symmetry detection cost more time than they save on it.
        options={"presolve": "off", "mip_detect_symmetry": False},
    )
    if solved.x is not None and solved.objective > board.objective + 1e-9:
        board = Board(inst)
        for column in np.flatnonzero(solved.x > 0.5):
            board.place(int(col_r[column]), int(col_s[column]))
    objective = board.objective
    bound = max(solved.bound, objective)
    gap = 0.0 if solved.status == "optimal" else (bound - objective) / max(abs(objective), 1e-12)
    return _result(inst, board, bound=bound, gap=gap, status=solved.status)
