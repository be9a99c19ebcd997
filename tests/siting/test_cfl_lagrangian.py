"""The capacitated model's Lagrangian route: same answers as the plain MILP, valid bounds."""

from __future__ import annotations

import numpy as np
import pytest

from regiocluster.siting import CapacitatedFacilityLocation
from regiocluster.siting._cfl_lagrangian import CflLagrangian


def _instance(seed, m=30, n=8):
    rng = np.random.default_rng(seed)
    clients = rng.uniform(0, 100, size=(m, 2))
    sites = rng.uniform(0, 100, size=(n, 2))
    cost = np.sqrt(((clients[:, None, :] - sites[None, :, :]) ** 2).sum(axis=2))
    demand = rng.integers(1, 30, size=m).astype(float)
    capacity = rng.uniform(0.15, 0.5, size=n) * demand.sum()
    fixed = rng.uniform(100.0, 2000.0, size=n)
    return cost, demand, capacity, fixed


def _check_plan(model, demand, capacity, existing=()):
    flows = model.flows_.to_numpy()
    opened = np.isin(np.arange(flows.shape[1]), model.sites_)
    assert flows.sum(axis=1) == pytest.approx(demand)
    assert (flows.sum(axis=0) <= capacity + 1e-6).all()
    assert np.abs(flows[:, ~opened]).max(initial=0.0) <= 1e-9
    assert set(existing) <= set(model.sites_)


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("variant", ["free", "existing", "p"])
def test_lagrangian_route_matches_the_plain_milp(seed, variant):
    cost, demand, capacity, fixed = _instance(seed)
    options = {"capacity": capacity, "fixed_cost": fixed}
    if variant == "existing":
        options["existing"] = [int(np.argmax(fixed))]  # the dearest plant, kept open
    if variant == "p":
        capacity = np.full(cost.shape[1], demand.sum() / 2.5)
        options.update(capacity=capacity, p=4)
    exact = CapacitatedFacilityLocation.from_cost_matrix(cost, demand, **options).solve(
        method="mip"
    )
    ours = CapacitatedFacilityLocation.from_cost_matrix(cost, demand, **options).solve(
        method="lagrangian"
    )
    assert exact.status_ == ours.status_ == "optimal"
    assert ours.objective_ == pytest.approx(exact.objective_, rel=1e-7)
    assert ours.bound_ <= exact.objective_ + 1e-6
    assert ours.gap_ <= 1e-9
    _check_plan(ours, demand, capacity, options.get("existing", ()))
    if variant == "p":
        assert len(ours.sites_) == 4


@pytest.mark.parametrize("seed", range(6))
def test_every_multiplier_gives_a_bound_below_the_optimum(seed):
    cost, demand, capacity, fixed = _instance(seed, m=20, n=6)
    optimum = (
        CapacitatedFacilityLocation.from_cost_matrix(
            cost, demand, capacity=capacity, fixed_cost=fixed
        )
        .solve(method="mip")
        .objective_
    )
    search = CflLagrangian(cost, demand, capacity, fixed, np.zeros(6, dtype=bool))
    rng = np.random.default_rng(seed)
    for _ in range(50):
        w = rng.uniform(0.0, 2.0 * cost.max(), size=cost.shape[0])
        relaxed = search.relax(w)
        assert relaxed.free_bound <= relaxed.bound + 1e-6  # the capacity cut only helps
        assert relaxed.bound <= optimum + 1e-6


def test_a_tight_time_limit_still_gives_a_plan_with_a_bound():
    cost, demand, capacity, fixed = _instance(3, m=60, n=15)
    model = CapacitatedFacilityLocation.from_cost_matrix(
        cost, demand, capacity=capacity, fixed_cost=fixed
    ).solve(method="lagrangian", time_limit=1e-3)
    assert np.isfinite(model.objective_)
    assert model.bound_ <= model.objective_ + 1e-6
    assert model.gap_ == pytest.approx((model.objective_ - model.bound_) / model.objective_)
    _check_plan(model, demand, capacity)


def test_an_unknown_method_is_refused():
    cost, demand, capacity, fixed = _instance(0, m=5, n=3)
    model = CapacitatedFacilityLocation.from_cost_matrix(
        cost, demand, capacity=capacity, fixed_cost=fixed
    )
    with pytest.raises(ValueError, match="method"):
        model.solve(method="simplex")
