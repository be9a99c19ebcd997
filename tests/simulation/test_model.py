"""Kernel properties: no negative quantities, ties only between live firms, flow conservation."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from regiocluster.simulation import (
    INDICATORS,
    LEVER_BOUNDS,
    PARAMETER_BOUNDS,
    State,
    draws,
    run_batch,
    tie_flows,
)

IND = list(INDICATORS)


def _draws(inputs, runs, years, seed=0):
    shocks, uniforms = zip(
        *[
            draws(np.random.default_rng([seed, r]), inputs.n_firms, len(inputs.tie_supplier), years)
            for r in range(runs)
        ],
        strict=True,
    )
    return np.stack(shocks), np.stack(uniforms)


def _run(inputs, params, levers, *, runs=3, years=6, seed=0, mechanisms=None, state=None):
    shocks, uniforms = _draws(inputs, runs, years, seed)
    kwargs = {} if mechanisms is None else {"mechanisms": frozenset(mechanisms)}
    state = state if state is not None else State.start(inputs, runs)
    out = run_batch(
        inputs,
        params={k: np.full(runs, v) for k, v in params.items()},
        levers={k: np.full(runs, v) for k, v in levers.items()},
        shocks=shocks,
        uniforms=uniforms,
        scenario="base",
        state=state,
        **kwargs,
    )
    return out, state


def _within(bounds):
    return st.fixed_dictionaries(
        {
            name: st.floats(low, high, allow_nan=False, allow_infinity=False)
            for name, (low, high) in bounds.items()
        }
    )


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(params=_within(PARAMETER_BOUNDS), levers=_within(LEVER_BOUNDS), seed=st.integers(0, 2**16))
def test_state_stays_possible_for_any_parameters_and_levers(inputs, params, levers, seed):
    out, state = _run(inputs, params, levers, seed=seed)
    assert np.all(state.capacity >= 0) and np.all(state.output >= 0)
    assert np.all(state.output <= state.capacity * (1 + 1e-12) + 1e-9)
    assert np.all(state.output[~state.alive] == 0)
    assert np.all((state.wear >= 0) & (state.wear <= 1))
    assert np.all(out[:, :, IND.index("members")] >= 0)
    assert np.all(out[:, :, IND.index("members")] <= inputs.n_firms)
    share = out[:, :, IND.index("import_share")]
    assert np.all((share >= 0) & (share <= 100))
    # ties only between firms alive now
    s, b = inputs.tie_supplier, inputs.tie_buyer
    assert not np.any(state.ties & ~(state.alive[:, s] & state.alive[:, b]))
    assert np.all(out[:, -1, IND.index("supply_ties")] == state.ties.sum(axis=1))


@settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(params=_within(PARAMETER_BOUNDS), levers=_within(LEVER_BOUNDS), seed=st.integers(0, 2**16))
def test_flows_are_conserved_and_within_limits(inputs, params, levers, seed):
    out, state = _run(inputs, params, levers, seed=seed, runs=2, years=4)
    flows = tie_flows(inputs, state)
    n = inputs.n_firms
    assert np.all(flows >= 0)
    assert not np.any(flows[~state.ties])
    purchases = inputs.purchase_ratio * state.output
    for r in range(len(flows)):
        sold = np.bincount(inputs.tie_supplier, weights=flows[r], minlength=n)
        bought = np.bincount(inputs.tie_buyer, weights=flows[r], minlength=n)
        # what suppliers sell to members is what members buy from them
        assert sold.sum() == pytest.approx(bought.sum(), rel=1e-9)
        assert np.all(sold <= state.output[r] * (1 + 1e-6) + 1e-9)
        assert np.all(bought <= 0.9 * purchases[r] * (1 + 1e-6) + 1e-9)
        expected = 100 * flows[r].sum() / purchases[r].sum()
        assert out[r, -1, IND.index("functional_dependence")] == pytest.approx(expected, rel=1e-5)


def _member_ties(case, year):
    members = set(case.members()["enterprise_id"])
    links = case["supply_links"]
    inside = links["supplier_id"].isin(members) & links["buyer_id"].isin(members)
    links = links[inside & (links["supplier_id"] != links["buyer_id"]) & (links["year"] == year)]
    return len(links.drop_duplicates(["supplier_id", "buyer_id"]))


def test_start_year_reproduces_the_case(case, inputs):
    """Year 0 is the observed state: the members, their ties and jobs in the case's year."""
    from regiocluster.simulation import Levers, Parameters

    out, _ = _run(inputs, Parameters().as_dict(), Levers().as_dict(), runs=1, years=1)
    members = case.members()
    fin = case["enterprise_finances"]
    fin = fin[(fin["year"] == case.year) & fin["enterprise_id"].isin(members["enterprise_id"])]
    assert out[0, 0, IND.index("members")] == len(members) == len(fin)
    assert out[0, 0, IND.index("supply_ties")] == _member_ties(case, case.year)
    assert out[0, 0, IND.index("employment")] == pytest.approx(fin["employees"].sum())
