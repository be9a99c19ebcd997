"""One vocabulary for the location models; the old call forms warn for one release."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from regiocluster.siting import CapacitatedFacilityLocation, MaximalCovering, PCenter, PMedian

COST = pd.DataFrame(
    [[0, 6, 9], [4, 0, 5], [9, 5, 0], [8, 4, 1]],
    index=["a", "b", "c", "d"],
    columns=["X", "Y", "Z"],
    dtype=float,
)
WEIGHTS = pd.Series([1.0, 2.0, 1.0, 3.0], index=COST.index)


def _models():
    return [
        PMedian.from_cost_matrix(COST, WEIGHTS, p=2),
        PCenter.from_cost_matrix(COST, WEIGHTS, p=2),
        MaximalCovering.from_cost_matrix(COST, WEIGHTS, p=2, radius=4.0),
        CapacitatedFacilityLocation.from_cost_matrix(
            COST, WEIGHTS, p=2, capacity=5.0, fixed_cost=10.0
        ),
    ]


@pytest.mark.parametrize("model", _models(), ids=lambda m: type(m).__name__)
def test_every_model_answers_with_the_same_attributes(model):
    solved = model.solve(time_limit=30)
    assert solved is model
    assert len(model.sites_) == 2
    assert set(model.sites_) <= set(COST.columns)
    assert list(model.assignment_.index) == list(COST.index)
    assert set(model.assignment_) <= set(model.sites_)
    assert model.status_ == "optimal"
    assert model.gap_ == 0.0
    assert np.isfinite(model.objective_)


def test_known_optima_through_the_shared_form():
    # By enumeration over the three pairs of sites.
    # p-median: {X,Z} 0 + 2*4 + 0 + 3*1 = 11; {Y,Z} 6 + 0 + 0 + 3 = 9; {X,Y} 0+0+5+12 = 17.
    assert PMedian.from_cost_matrix(COST, WEIGHTS, p=2).solve().objective_ == 9.0
    # p-center: {Y,Z} worst 6 (a), {X,Z} worst 4 (b), {X,Y} worst 5 (c).
    center = PCenter.from_cost_matrix(COST, WEIGHTS, p=2).solve()
    assert (center.objective_, center.sites_) == (4.0, ["X", "Z"])
    # Capacity 5 per plant and 7 units of demand: two plants, cheapest transport 9 + 20 fixed
    # needs Y (b: 2 units) and Z (c, d: 4 units) plus a (1 unit) to Y at 6: 6 + 0 + 0 + 3 = 9.
    cfl = CapacitatedFacilityLocation.from_cost_matrix(
        COST, WEIGHTS, p=2, capacity=5.0, fixed_cost=10.0
    ).solve()
    assert cfl.objective_ == pytest.approx(29.0)


def test_old_positional_forms_still_work_with_a_deprecation_warning():
    new = PMedian.from_cost_matrix(COST, WEIGHTS, p=2).solve()
    with pytest.deprecated_call(match="p=... by keyword"):
        old = PMedian.from_cost_matrix(COST, WEIGHTS, 2).solve()
    assert (old.sites_, old.objective_) == (new.sites_, new.objective_)
    with pytest.deprecated_call():
        center = PCenter.from_cost_matrix(COST, 2).solve()
    assert center.objective_ == 4.0
    with pytest.deprecated_call():
        covering = MaximalCovering.from_cost_matrix(COST, WEIGHTS, 2, radius=4.0).solve()
    assert (
        covering.objective_
        == MaximalCovering.from_cost_matrix(COST, WEIGHTS, p=2, radius=4.0).solve().objective_
    )
    with pytest.deprecated_call(match="from_costs is deprecated"):
        cfl = CapacitatedFacilityLocation.from_costs(COST, WEIGHTS, 5.0 * np.ones(3), np.zeros(3))
    assert cfl.solve().status_ == "optimal"


def test_pcenter_takes_a_time_limit_and_reports_its_gap():
    rng = np.random.default_rng(3)
    cost = rng.integers(0, 1000, size=(60, 30)).astype(float)
    model = PCenter.from_cost_matrix(cost, p=4).solve(time_limit=1e-9)
    assert model.status_ in {"optimal", "time_limit"}
    assert 0.0 <= model.gap_ < 1.0
    assert model.objective_ == cost[:, model.sites_].min(axis=1).max()


@pytest.mark.parametrize("p", [0, 4, True])
def test_p_outside_the_candidates_is_refused_naming_it(p):
    with pytest.raises(
        ValueError, match="invalid p .*must be between 1 and the number of candidates"
    ):
        PMedian.from_cost_matrix(COST, p=p)


def test_existing_plant_that_is_not_a_candidate_is_refused():
    with pytest.raises(ValueError, match="existing plants"):
        CapacitatedFacilityLocation.from_cost_matrix(COST, capacity=5.0, existing=["W"])
