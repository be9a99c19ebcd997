"""Location models against brute-force enumeration and published answers."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from regiocluster.siting import CapacitatedFacilityLocation, MaximalCovering, PCenter, PMedian
from regiocluster.siting.orlib import parse_pmed


@st.composite
def instances(draw, max_clients=9, max_sites=6):
    m = draw(st.integers(2, max_clients))
    n = draw(st.integers(2, max_sites))
    seed = draw(st.integers(0, 2**31 - 1))
    rng = np.random.default_rng(seed)
    cost = rng.integers(0, 50, size=(m, n)).astype(float)
    weights = rng.integers(1, 10, size=m).astype(float)
    p = draw(st.integers(1, n))
    return cost, weights, p


def _brute_median(cost, weights, p):
    return min(
        float(weights @ cost[:, list(s)].min(axis=1))
        for s in itertools.combinations(range(cost.shape[1]), p)
    )


@settings(max_examples=60, deadline=None)
@given(instances())
def test_pmedian_matches_enumeration(instance):
    cost, weights, p = instance
    for method in ("auto", "lagrangian", "radius"):
        model = PMedian.from_cost_matrix(cost, weights, p=p).solve(method=method)
        assert model.objective_ == pytest.approx(_brute_median(cost, weights, p))
        assert len(model.sites_) == p
        assert model.status_ == "optimal"


@settings(max_examples=40, deadline=None)
@given(instances(max_clients=12, max_sites=8))
def test_pmedian_cost_never_rises_with_p(instance):
    cost, weights, _ = instance
    values = [
        PMedian.from_cost_matrix(cost, weights, p=p).solve().objective_
        for p in range(1, cost.shape[1] + 1)
    ]
    assert all(b <= a + 1e-9 for a, b in zip(values, values[1:], strict=False))


def test_pmedian_keeps_labels_and_assigns_to_cheapest_open_site():
    cost = pd.DataFrame(
        [[0, 6, 9], [4, 0, 5], [9, 5, 0], [8, 4, 1]],
        index=["a", "b", "c", "d"],
        columns=["X", "Y", "Z"],
    )
    model = PMedian.from_cost_matrix(cost, pd.Series(1.0, index=cost.index), p=2).solve()
    # Enumeration: {X,Z} 0+4+0+1 = 5, {Y,Z} 6+0+0+1 = 7, {X,Y} 0+0+5+4 = 9.
    assert model.sites_ == ["X", "Z"]
    assert model.objective_ == 5.0
    assert model.assignment_.to_dict() == {"a": "X", "b": "X", "c": "Z", "d": "Z"}


def test_time_limit_returns_a_plan_and_its_gap(orlib_dir):
    instance = parse_pmed((orlib_dir / "pmed36.txt").read_text())
    model = PMedian.from_cost_matrix(instance.cost, p=instance.p).solve(time_limit=0.5)
    assert len(model.sites_) == instance.p
    assert model.objective_ == instance.cost[:, model.sites_].min(axis=1).sum()
    assert model.objective_ >= 9934.0  # the published optimum bounds every plan
    assert model.bound_ <= 9934.0 + 1e-6
    if model.status_ == "optimal":
        assert model.objective_ == 9934.0
    else:
        assert model.status_ == "time_limit"
        assert model.gap_ == pytest.approx((model.objective_ - model.bound_) / model.objective_)


def test_pcenter_pmed1_is_127(orlib_dir):
    instance = parse_pmed((orlib_dir / "pmed1.txt").read_text())
    model = PCenter.from_cost_matrix(instance.cost, p=instance.p).solve()
    assert model.objective_ == 127.0
    assert instance.cost[:, model.sites_].min(axis=1).max() == 127.0


@settings(max_examples=40, deadline=None)
@given(instances())
def test_pcenter_matches_enumeration(instance):
    cost, _, p = instance
    best = min(
        cost[:, list(s)].min(axis=1).max() for s in itertools.combinations(range(cost.shape[1]), p)
    )
    model = PCenter.from_cost_matrix(cost, p=p).solve()
    assert model.objective_ == best
    assert cost[:, model.sites_].min(axis=1).max() == best
    assert len(model.sites_) == p


@settings(max_examples=40, deadline=None)
@given(instances(), st.integers(0, 50))
def test_maximal_covering_matches_enumeration(instance, radius):
    cost, weights, p = instance
    best = max(
        float(weights @ (cost[:, list(s)] <= radius).any(axis=1))
        for s in itertools.combinations(range(cost.shape[1]), p)
    )
    model = MaximalCovering.from_cost_matrix(cost, weights, p=p, radius=radius).solve()
    assert model.objective_ == pytest.approx(best)
    assert model.coverage_ == pytest.approx(best / weights.sum())


def _brute_cfl(cost, demand, capacity, fixed):
    m, n = cost.shape
    best = np.inf
    for r in range(1, n + 1):
        for subset in itertools.combinations(range(n), r):
            s = list(subset)
            if capacity[s].sum() < demand.sum() - 1e-9:
                continue
            # Transportation LP on the open plants.
            k = len(s)
            c = (cost[:, s] * demand[:, None]).ravel()
            a_eq = np.kron(np.eye(m), np.ones(k))
            a_ub = np.kron(demand[:, None].T, np.eye(k)).reshape(k, m * k)
            a_ub = np.zeros((k, m * k))
            for i in range(m):
                a_ub[:, i * k : (i + 1) * k] = np.eye(k) * demand[i]
            res = linprog(c, A_ub=a_ub, b_ub=capacity[s], A_eq=a_eq, b_eq=np.ones(m), bounds=(0, 1))
            if res.status == 0:
                best = min(best, res.fun + fixed[s].sum())
    return best


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 2**31 - 1), st.integers(2, 7), st.integers(2, 5))
def test_capacitated_facility_location_matches_enumeration(seed, m, n):
    rng = np.random.default_rng(seed)
    cost = rng.integers(1, 30, size=(m, n)).astype(float)
    demand = rng.integers(1, 20, size=m).astype(float)
    capacity = rng.integers(10, 60, size=n).astype(float)
    fixed = rng.integers(0, 300, size=n).astype(float)
    best = _brute_cfl(cost, demand, capacity, fixed)
    model = CapacitatedFacilityLocation.from_cost_matrix(
        cost, demand, capacity=capacity, fixed_cost=fixed
    ).solve()
    if not np.isfinite(best):
        assert model.status_ == "infeasible"
        return
    assert model.objective_ == pytest.approx(best, rel=1e-6)
    flows = model.flows_.to_numpy()
    assert flows.sum(axis=1) == pytest.approx(demand)
    assert (flows.sum(axis=0) <= capacity + 1e-6).all()
