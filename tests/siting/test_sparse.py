"""The k-nearest solvers for large instances: certified bounds, exact answers on small ones."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from regiocluster.siting import CapacitatedFacilityLocation, PMedian
from regiocluster.siting.orlib import parse_pmed
from regiocluster.siting.sparse import _Lists, solve_large


def _instance(seed, m=40, n=12):
    rng = np.random.default_rng(seed)
    clients = rng.uniform(0, 100, size=(m, 2))
    sites = rng.uniform(0, 100, size=(n, 2))
    cost = np.sqrt(((clients[:, None, :] - sites[None, :, :]) ** 2).sum(axis=2))
    weights = rng.integers(1, 20, size=m).astype(float)
    return cost, weights


def _optimum(cost, weights, p):
    return min(
        float(weights @ cost[:, list(s)].min(axis=1))
        for s in itertools.combinations(range(cost.shape[1]), p)
    )


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 2**31 - 1), st.integers(1, 11), st.integers(1, 4), st.integers(0, 2**31 - 1))
def test_short_list_bound_never_exceeds_the_optimum(seed, k, p, draw):
    # Any multipliers under the caps give a valid bound of the full problem.
    cost, weights = _instance(seed)
    lists = _Lists.nearest(weights[:, None] * cost, k)
    rng = np.random.default_rng(draw)
    lam = np.minimum(rng.uniform(0, 1, size=cost.shape[0]) * weights * cost.max(), lists.cap)
    bound, *_ = lists.evaluate(lam, p)
    assert bound <= _optimum(cost, weights, p) + 1e-6


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 2**31 - 1), st.integers(1, 5), st.integers(1, 4))
def test_large_solver_finds_the_optimum_with_short_lists(seed, k, p):
    cost, weights = _instance(seed)
    result = solve_large(cost, weights, p, k=k)
    best = _optimum(cost, weights, p)
    assert result.proven
    assert result.upper == pytest.approx(best)
    assert result.bound <= best + 1e-6
    assert float(weights @ cost[:, result.sites].min(axis=1)) == pytest.approx(best)


@pytest.mark.parametrize("number", [1, 2, 6])
def test_large_solver_reaches_the_published_or_library_optima(orlib_dir, orlib_optima, number):
    instance = parse_pmed((orlib_dir / f"pmed{number}.txt").read_text())
    weights = np.ones(instance.cost.shape[0])
    result = solve_large(instance.cost, weights, instance.p, k=20)
    assert result.proven
    assert result.upper == orlib_optima[f"pmed{number}"]


def test_tolerance_stops_within_the_gap_asked():
    cost, weights = _instance(7, m=200, n=40)
    exact = PMedian.from_cost_matrix(cost, weights, p=5).solve()
    loose = PMedian.from_cost_matrix(cost, weights, p=5).solve(tolerance=0.01)
    assert loose.status_ == "optimal"
    assert loose.gap_ <= 0.01
    assert exact.objective_ <= loose.objective_ <= exact.objective_ * 1.01 + 1e-9
    assert loose.bound_ <= exact.objective_ + 1e-6


@pytest.mark.parametrize("k", [1, 2])
def test_capacitated_short_lists_expand_until_no_client_overflows(k):
    cost, demand = _instance(11, m=20, n=6)
    capacity = np.full(6, demand.sum() / 2.5)
    fixed = np.full(6, 300.0)
    full = CapacitatedFacilityLocation.from_cost_matrix(
        cost, demand, capacity=capacity, fixed_cost=fixed
    ).solve()
    short = CapacitatedFacilityLocation.from_cost_matrix(
        cost, demand, capacity=capacity, fixed_cost=fixed
    ).solve(k=k)
    assert short.status_ == full.status_ == "optimal"
    assert short.objective_ == pytest.approx(full.objective_, rel=1e-7)
    assert short.flows_.sum(axis=1).to_numpy() == pytest.approx(demand)
    assert (short.flows_.sum(axis=0).to_numpy() <= capacity + 1e-6).all()


def _lagrangian_dense(weighted, lam, p):
    """The full problem's Lagrangian bound, every client-candidate pair included."""
    rho = np.minimum(weighted - lam[:, None], 0.0).sum(axis=0)
    return float(lam.sum() + np.sort(rho)[:p].sum())


@settings(max_examples=40, deadline=None)
@given(
    st.integers(0, 2**31 - 1),
    st.floats(1.0, 3.0),
    st.integers(1, 4),
    st.integers(0, 2**31 - 1),
)
def test_list_bound_equals_the_full_bound_under_the_caps(seed, factor, p, draw):
    # The certificate: with every multiplier at most its cap, the short lists
    # give exactly the Lagrangian bound of the full (non-sparse) problem.
    cost, weights = _instance(seed)
    weighted = weights[:, None] * cost
    rng = np.random.default_rng(draw)
    threshold = factor * np.sort(weighted, axis=1)[:, 1]
    lists = _Lists(weighted, threshold)
    assert lists.pairs < weighted.size or factor > 1.0
    assert (lists.cap >= threshold).all()
    lam = np.minimum(rng.uniform(0.5, 2.0, size=cost.shape[0]) * threshold, lists.cap)
    bound, *_ = lists.evaluate(lam, p)
    assert bound == pytest.approx(_lagrangian_dense(weighted, lam, p), rel=1e-12, abs=1e-6)


@pytest.mark.parametrize("number", [1, 3, 6, 8, 11])
@pytest.mark.parametrize("tolerance", [0.02, 0.001])
def test_certified_bound_brackets_the_published_optimum(orlib_dir, orlib_optima, number, tolerance):
    # bound <= published optimum <= our plan's cost, on the large solver's own path.
    instance = parse_pmed((orlib_dir / f"pmed{number}.txt").read_text())
    weights = np.ones(instance.cost.shape[0])
    result = solve_large(instance.cost, weights, instance.p, tolerance=tolerance)
    optimum = orlib_optima[f"pmed{number}"]
    plan = float(instance.cost[:, result.sites].min(axis=1).sum())
    assert result.sites.size == instance.p
    assert plan == pytest.approx(result.upper)
    assert result.bound <= optimum + 1e-6 <= result.upper + 2e-6
    assert result.proven
    assert (result.upper - result.bound) / result.upper <= tolerance + 1e-9


def _revelle_swain(cost, weights, p):
    """The textbook p-median MIP (one variable per client-site pair), solved by HiGHS."""
    import scipy.sparse as sp

    from regiocluster.optim import solve_milp

    m, n = cost.shape
    x = n + np.arange(m * n).reshape(m, n)
    rows = np.arange(m * n)
    assign = sp.csr_matrix(
        (np.ones(m * n), (np.repeat(np.arange(m), n), x.ravel())), (m, n + m * n)
    )
    link = sp.csr_matrix(
        (
            np.concatenate([np.ones(m * n), -np.ones(m * n)]),
            (np.concatenate([rows, rows]), np.concatenate([x.ravel(), np.tile(np.arange(n), m)])),
        ),
        (m * n, n + m * n),
    )
    count = sp.csr_matrix((np.ones(n), (np.zeros(n, int), np.arange(n))), (1, n + m * n))
    objective = np.concatenate([np.zeros(n), (weights[:, None] * cost).ravel()])
    integer = np.zeros(n + m * n, dtype=bool)
    integer[:n] = True
    result = solve_milp(
        objective,
        sp.vstack([assign, link, count]),
        np.concatenate([np.ones(m), np.full(m * n, -np.inf), [p]]),
        np.concatenate([np.ones(m), np.zeros(m * n), [p]]),
        np.zeros(n + m * n),
        np.ones(n + m * n),
        integer,
    )
    assert result.status == "optimal"
    return result.objective


@pytest.mark.parametrize("seed", [3, 17, 29])
@pytest.mark.parametrize("p", [2, 5, 9])
def test_large_solver_matches_a_plain_highs_mip(seed, p):
    cost, weights = _instance(seed, m=120, n=30)
    optimum = _revelle_swain(cost, weights, p)
    result = solve_large(cost, weights, p)
    assert result.proven
    assert result.upper == pytest.approx(optimum, rel=1e-9)
    assert result.bound <= optimum * (1 + 1e-9)
    loose = solve_large(cost, weights, p, tolerance=0.01)
    assert loose.bound <= optimum * (1 + 1e-9)
    assert loose.upper >= optimum * (1 - 1e-9)
