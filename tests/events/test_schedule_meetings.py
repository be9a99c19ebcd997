"""The B2B meeting scheduler against enumeration, a plain MILP and its own rules."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import Bounds, LinearConstraint, milp

from regiocluster.errors import InvalidValueError
from regiocluster.events import (
    schedule_greedy,
    schedule_meetings,
    synthetic_conference,
)


def random_instance(seed: int, *, people: int, n_requests: int, slots: int, part_time: float):
    rng = np.random.default_rng(seed)
    pairs = [p for p in itertools.combinations(range(people), 2)]
    chosen = rng.choice(len(pairs), size=min(n_requests, len(pairs)), replace=False)
    requests = pd.DataFrame(
        {
            "a": [f"P{pairs[i][0]}" for i in chosen],
            "b": [f"P{pairs[i][1]}" for i in chosen],
            "weight": rng.integers(1, 10, size=len(chosen)).astype(float),
        }
    )
    rows = [
        (f"P{p}", s)
        for p in range(people)
        if rng.random() < part_time
        for s in range(1, slots + 1)
        if rng.random() < 0.6
    ]
    availability = pd.DataFrame(rows, columns=["participant", "slot"])
    return requests, availability


def presence(availability: pd.DataFrame) -> dict[str, set]:
    """The slots of each listed participant."""
    return {person: set(group["slot"]) for person, group in availability.groupby("participant")}


def present(listed: dict[str, set], person: str, slot: object) -> bool:
    return person not in listed or slot in listed[person]


def enumerate_optimum(requests, slots: int, tables: int, availability) -> float:
    """Best total weight over every assignment of each request to a slot or to none."""
    best = 0.0
    listed = presence(availability)
    labels = list(range(1, slots + 1))
    rows = list(requests.itertuples(index=False))
    for choice in itertools.product([None, *labels], repeat=len(rows)):
        busy: set[tuple[str, int]] = set()
        per_slot = dict.fromkeys(labels, 0)
        total, ok = 0.0, True
        for row, slot in zip(rows, choice, strict=True):
            if slot is None:
                continue
            keys = {(row.a, slot), (row.b, slot)}
            if keys & busy or per_slot[slot] == tables:
                ok = False
                break
            if not all(present(listed, p, slot) for p in (row.a, row.b)):
                ok = False
                break
            busy |= keys
            per_slot[slot] += 1
            total += row.weight
        if ok:
            best = max(best, total)
    return best


def plain_milp_optimum(requests, slots: int, tables: int, availability) -> float:
    """A textbook model with explicit tables, x[r, s, t], solved by scipy's milp."""
    labels = list(range(1, slots + 1))
    listed = presence(availability)
    rows = list(requests.itertuples(index=False))
    index = {
        (r, s, t): k
        for k, (r, s, t) in enumerate(itertools.product(range(len(rows)), labels, range(tables)))
    }
    n = len(index)
    upper = np.ones(n)
    constraints = []

    def row_of(keys):
        line = np.zeros(n)
        line[[index[k] for k in keys]] = 1
        return line

    for (r, s, _), k in index.items():
        if not all(present(listed, p, s) for p in (rows[r].a, rows[r].b)):
            upper[k] = 0
    for r in range(len(rows)):
        constraints.append(row_of([k for k in index if k[0] == r]))
    people = {p for row in rows for p in (row.a, row.b)}
    for person, s in itertools.product(people, labels):
        keys = [k for k in index if k[1] == s and person in (rows[k[0]].a, rows[k[0]].b)]
        if keys:
            constraints.append(row_of(keys))
    for s, t in itertools.product(labels, range(tables)):
        constraints.append(row_of([k for k in index if k[1] == s and k[2] == t]))
    cost = np.array([-rows[r].weight for (r, _, _) in index])
    result = milp(
        cost,
        constraints=LinearConstraint(np.array(constraints), 0, 1),
        integrality=np.ones(n),
        bounds=Bounds(0, upper),
    )
    assert result.success
    return -float(result.fun)


def check_schedule(schedule, requests, slots, tables, availability) -> None:
    meetings = schedule.meetings_
    listed = presence(availability)
    labels = list(range(1, slots + 1)) if isinstance(slots, int) else list(slots)
    # no participant twice in a slot
    sides = pd.concat(
        [
            meetings[["a", "slot"]].rename(columns={"a": "p"}),
            meetings[["b", "slot"]].rename(columns={"b": "p"}),
        ]
    )
    assert not sides.duplicated().any()
    # tables within 1..tables, one meeting per slot and table
    assert meetings["table"].between(1, tables).all()
    assert not meetings[["slot", "table"]].duplicated().any()
    assert (meetings.groupby("slot").size() <= tables).all()
    assert set(meetings["slot"]) <= set(labels)
    # each pair at most once, and only requested pairs
    pairs = meetings.apply(lambda m: frozenset((m["a"], m["b"])), axis=1)
    assert not pairs.duplicated().any()
    requested = {frozenset(p) for p in zip(requests["a"], requests["b"], strict=True)}
    assert set(pairs) <= requested
    for m in meetings.itertuples(index=False):
        assert present(listed, m.a, m.slot)
        assert present(listed, m.b, m.slot)
    assert schedule.objective_ == pytest.approx(meetings["weight"].sum())


@pytest.mark.parametrize("seed", range(12))
def test_optimal_against_exhaustive_enumeration(seed: int) -> None:
    slots, tables = 2 + seed % 2, 1 + seed % 3 // 2
    requests, availability = random_instance(
        seed, people=5, n_requests=6, slots=slots, part_time=0.4
    )
    schedule = schedule_meetings(requests, slots, tables, availability=availability)
    check_schedule(schedule, requests, slots, tables, availability)
    assert schedule.status_ == "optimal"
    assert schedule.objective_ == enumerate_optimum(requests, slots, tables, availability)


@pytest.mark.parametrize("seed", range(15))
def test_equal_to_plain_milp_on_random_instances(seed: int) -> None:
    slots, tables = 3 + seed % 3, 2 + seed % 2
    requests, availability = random_instance(
        100 + seed, people=8, n_requests=16, slots=slots, part_time=0.5
    )
    schedule = schedule_meetings(requests, slots, tables, availability=availability)
    check_schedule(schedule, requests, slots, tables, availability)
    assert schedule.objective_ == pytest.approx(
        plain_milp_optimum(requests, slots, tables, availability)
    )
    assert schedule.gap_ == 0.0


def test_greedy_misses_what_the_optimum_finds_by_hand() -> None:
    # Z is only there in slot 1. Greedy seats X-Y (5) in slot 1 and then has no
    # room for X-Z; the optimum puts X-Y in slot 2 and X-Z in slot 1: 9.
    requests = pd.DataFrame({"a": ["X", "X"], "b": ["Y", "Z"], "weight": [5.0, 4.0]})
    availability = pd.DataFrame({"participant": ["Z"], "slot": ["09:00"]})
    slots = ["09:00", "09:20"]
    greedy = schedule_greedy(requests, slots, 1, availability=availability)
    best = schedule_meetings(requests, slots, 1, availability=availability)
    assert greedy.objective_ == 5.0
    assert best.objective_ == 9.0
    assert best.meetings_[["a", "b", "slot", "table"]].values.tolist() == [
        ["X", "Z", "09:00", 1],
        ["X", "Y", "09:20", 1],
    ]


def test_docstring_example() -> None:
    requests = pd.DataFrame(
        {"a": ["B1", "B1", "B2"], "b": ["S1", "S2", "S1"], "weight": [3.0, 2.0, 1.0]}
    )
    assert schedule_meetings(requests, 1, 2).objective_ == 3.0
    assert schedule_meetings(requests, 2, 2).objective_ == 6.0


def test_a_pair_requested_both_ways_meets_once_at_the_higher_weight() -> None:
    requests = pd.DataFrame({"a": ["A", "B"], "b": ["B", "A"], "weight": [2.0, 7.0]})
    schedule = schedule_meetings(requests, 3, 2)
    assert len(schedule.meetings_) == 1
    assert schedule.objective_ == 7.0


def test_rescheduling_keeps_fixed_meetings_and_their_tables() -> None:
    conference = synthetic_conference(participants=40, requests=120, slots=6, tables=5, seed=3)
    first = schedule_meetings(conference.requests, 6, 5, availability=conference.availability)
    gone = first.meetings_["b"].iloc[0]
    keep = first.meetings_[(first.meetings_["a"] != gone) & (first.meetings_["b"] != gone)]
    keep = keep.iloc[::2]
    remaining = conference.requests[
        (conference.requests["a"] != gone) & (conference.requests["b"] != gone)
    ]
    second = schedule_meetings(
        remaining,
        6,
        5,
        availability=conference.availability,
        fixed=keep[["a", "b", "slot", "table"]],
    )
    check_schedule(second, remaining, 6, 5, conference.availability)
    merged = keep.merge(second.meetings_, on=["a", "b"], suffixes=("_old", "_new"))
    assert len(merged) == len(keep)
    assert (merged["slot_old"] == merged["slot_new"]).all()
    assert (merged["table_old"] == merged["table_new"]).all()
    assert gone not in set(second.meetings_["a"]) | set(second.meetings_["b"])
    # Fixing part of an optimal schedule cannot beat re-optimising freely.
    free = schedule_meetings(remaining, 6, 5, availability=conference.availability)
    assert second.objective_ <= free.objective_ + 1e-9


def test_fixed_meetings_that_clash_are_refused() -> None:
    requests = pd.DataFrame({"a": ["A", "A"], "b": ["B", "C"], "weight": [1.0, 1.0]})
    fixed = pd.DataFrame({"a": ["A", "A"], "b": ["B", "C"], "slot": [1, 1]})
    with pytest.raises(InvalidValueError, match="at most one meeting per participant"):
        schedule_meetings(requests, 2, 2, fixed=fixed)
    with pytest.raises(InvalidValueError, match="fixed row 0, pair"):
        schedule_meetings(requests, 2, 2, fixed=pd.DataFrame({"a": ["B"], "b": ["C"], "slot": [1]}))
    with pytest.raises(InvalidValueError, match="column table"):
        schedule_meetings(
            requests, 2, 2, fixed=pd.DataFrame({"a": ["A"], "b": ["B"], "slot": [1], "table": [3]})
        )


@pytest.mark.parametrize(
    ("requests", "slots", "tables", "message"),
    [
        (pd.DataFrame({"a": ["A"], "b": ["B"]}), 2, 1, "missing column 'weight'"),
        (
            pd.DataFrame({"a": ["A"], "b": ["B"], "weight": [-1.0]}),
            2,
            1,
            "weight -1.0: must be a number >= 0",
        ),
        (pd.DataFrame({"a": ["A"], "b": ["A"], "weight": [1.0]}), 2, 1, "columns a and b"),
        (pd.DataFrame({"a": ["A"], "b": [None], "weight": [1.0]}), 2, 1, "row 0, column b"),
        (pd.DataFrame({"a": ["A"], "b": ["B"], "weight": [1.0]}), 0, 1, "slots 0"),
        (pd.DataFrame({"a": ["A"], "b": ["B"], "weight": [1.0]}), [1, 1], 1, "1: must be unique"),
        (pd.DataFrame({"a": ["A"], "b": ["B"], "weight": [1.0]}), 2, 0, "tables 0"),
    ],
)
def test_bad_input_is_named(requests, slots, tables, message) -> None:
    with pytest.raises(InvalidValueError, match=message.replace("(", r"\(")):
        schedule_meetings(requests, slots, tables)


def test_unknown_slot_in_availability_is_named() -> None:
    requests = pd.DataFrame({"a": ["A"], "b": ["B"], "weight": [1.0]})
    availability = pd.DataFrame({"participant": ["A"], "slot": [9]})
    with pytest.raises(InvalidValueError, match="availability row 0, column slot 9; valid: 1, 2"):
        schedule_meetings(requests, 2, 1, availability=availability)


def test_time_limit_returns_a_feasible_schedule_with_its_gap() -> None:
    conference = synthetic_conference(participants=120, requests=480, slots=10, tables=12, seed=5)
    schedule = schedule_meetings(
        conference.requests, 10, 12, availability=conference.availability, time_limit=2.0
    )
    check_schedule(schedule, conference.requests, 10, 12, conference.availability)
    assert schedule.status_ in {"optimal", "time_limit"}
    assert schedule.bound_ >= schedule.objective_
    assert 0.0 <= schedule.gap_ < 0.05
    greedy = schedule_greedy(conference.requests, 10, 12, availability=conference.availability)
    assert schedule.objective_ >= greedy.objective_


@st.composite
def instances(draw):
    people = draw(st.integers(2, 7))
    slots = draw(st.integers(1, 4))
    tables = draw(st.integers(1, 3))
    pairs = list(itertools.combinations(range(people), 2))
    chosen = draw(st.lists(st.sampled_from(pairs), min_size=1, max_size=12))
    weights = draw(st.lists(st.integers(0, 20), min_size=len(chosen), max_size=len(chosen)))
    requests = pd.DataFrame(
        {
            "a": [f"P{a}" for a, _ in chosen],
            "b": [f"P{b}" for _, b in chosen],
            "weight": np.array(weights, dtype=float),
        }
    )
    cells = draw(
        st.lists(st.tuples(st.integers(0, people - 1), st.integers(1, slots)), max_size=10)
    )
    availability = pd.DataFrame([(f"P{p}", s) for p, s in cells], columns=["participant", "slot"])
    return requests, slots, tables, availability


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_no_double_booking_table_count_or_absence(instance) -> None:
    requests, slots, tables, availability = instance
    schedule = schedule_meetings(requests, slots, tables, availability=availability)
    check_schedule(schedule, requests, slots, tables, availability)
    greedy = schedule_greedy(requests, slots, tables, availability=availability)
    check_schedule(greedy, requests, slots, tables, availability)
    assert schedule.objective_ >= greedy.objective_


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances(), st.data())
def test_rescheduling_keeps_any_fixed_subset(instance, data) -> None:
    requests, slots, tables, availability = instance
    first = schedule_meetings(requests, slots, tables, availability=availability)
    n = len(first.meetings_)
    mask = np.array(data.draw(st.lists(st.booleans(), min_size=n, max_size=n)), dtype=bool)
    keep = first.meetings_[mask]
    again = schedule_meetings(
        requests, slots, tables, availability=availability, fixed=keep[["a", "b", "slot", "table"]]
    )
    check_schedule(again, requests, slots, tables, availability)
    merged = keep.merge(again.meetings_, on=["a", "b", "slot", "table"])
    assert len(merged) == len(keep)
    # the first schedule was optimal and is still feasible, so nothing is lost
    assert again.objective_ == pytest.approx(first.objective_)
