"""Each mechanism switched off changes what it should, and only that."""

from __future__ import annotations

import numpy as np
import pytest

from regiocluster.simulation import INDICATORS, MECHANISMS, Levers, Parameters, State

from .test_model import _run

IND = list(INDICATORS)
ALL = set(MECHANISMS)
PARAMS = Parameters(exit_base=0.05, entry_rate=0.05).as_dict()
LEVERS = Levers(matchmaking_meetings=100, test_site=1.0).as_dict()


def _pair(inputs, off, *, also_off=()):
    """Runs with ``off`` on and off, everything else equal (same draws)."""
    base = ALL - set(also_off)
    on, state_on = _run(inputs, PARAMS, LEVERS, runs=4, years=8, mechanisms=base)
    without, state_off = _run(inputs, PARAMS, LEVERS, runs=4, years=8, mechanisms=base - {off})
    return on, without, state_on, state_off


def _same(a, b, names):
    for name in names:
        np.testing.assert_array_equal(
            a[:, :, IND.index(name)], b[:, :, IND.index(name)], err_msg=name
        )


def _differs(a, b, name):
    assert not np.array_equal(a[:, :, IND.index(name)], b[:, :, IND.index(name)]), name


def test_ties_off_freezes_the_network_and_nothing_else(inputs):
    on, off, _, state_off = _pair(inputs, "ties")
    _same(
        on, off, ["members", "employment", "output", "exports", "import_share", "entries", "exits"]
    )
    _differs(on, off, "supply_ties")
    _differs(on, off, "functional_dependence")
    # without formation no tie is ever added to the start year's
    start = State.start(inputs, 4).ties
    assert not np.any(state_off.ties & ~start)


def test_modernisation_off_changes_jobs_not_output(inputs):
    # exits depend on wear, so exits are off in both runs
    on, off, state_on, state_off = _pair(inputs, "modernisation", also_off=["exit"])
    _same(on, off, ["members", "output", "exports", "supply_ties", "functional_dependence"])
    _differs(on, off, "employment")
    # worn assets are renewed only with modernisation
    assert state_off.wear.mean() > state_on.wear.mean()


def test_investment_off_keeps_capacity_and_caps_output(inputs):
    on, off, state_on, state_off = _pair(inputs, "investment", also_off=["exit", "entry"])
    _same(on, off, ["members", "entries", "exits", "supply_ties"])
    start = State.start(inputs, 4)
    np.testing.assert_array_equal(state_off.capacity, start.capacity)
    assert np.all(state_on.capacity >= start.capacity)
    assert np.all(off[:, -1, IND.index("output")] <= on[:, -1, IND.index("output")])
    _differs(on, off, "output")


def test_entry_off_means_no_entrants(inputs):
    on, off, _, _ = _pair(inputs, "entry")
    assert np.all(off[:, :, IND.index("entries")] == 0)
    assert on[:, :, IND.index("entries")].sum() > 0
    assert np.all(off[:, :, IND.index("members")] <= off[:, :1, IND.index("members")])


def test_exit_off_means_no_exits(inputs):
    on, off, _, _ = _pair(inputs, "exit")
    assert np.all(off[:, :, IND.index("exits")] == 0)
    assert on[:, :, IND.index("exits")].sum() > 0
    assert np.all(np.diff(off[:, :, IND.index("members")], axis=1) >= 0)


def test_growth_off_holds_output_flat(inputs):
    """With demand, shocks, spillovers, entry and exit off, output stays at the start year's."""
    on, off, _, _ = _pair(
        inputs, "growth", also_off=["spillovers", "entry", "exit", "investment", "market"]
    )
    flat = off[:, :, IND.index("output")]
    np.testing.assert_allclose(flat, flat[:, :1].repeat(flat.shape[1], axis=1), rtol=1e-12)
    _differs(on, off, "output")
    _same(on, off, ["members", "supply_ties"])


def test_spillovers_need_a_changing_population(inputs):
    """The milieu effect is relative to the start: without entry or exit it does nothing."""
    on, off, _, _ = _pair(inputs, "spillovers", also_off=["entry", "exit"])
    _same(on, off, list(INDICATORS))
    on, off, _, _ = _pair(inputs, "spillovers")
    _differs(on, off, "output")


@pytest.mark.parametrize("lever", ["matchmaking_meetings"])
def test_matchmaking_adds_ties(inputs, lever):
    base = Levers().as_dict()
    with_meetings = {**base, lever: 300.0}
    a, _ = _run(inputs, PARAMS, base, runs=6, years=5)
    b, _ = _run(inputs, PARAMS, with_meetings, runs=6, years=5)
    assert b[:, -1, IND.index("supply_ties")].mean() > a[:, -1, IND.index("supply_ties")].mean()
    _same(a, b, ["members", "output"])
