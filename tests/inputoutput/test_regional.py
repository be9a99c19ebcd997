"""FLQ regionalisation and the two-region model: properties and the embedded case."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from regiocluster.inputoutput import (
    TwoRegionModel,
    flq_coefficients,
    flq_lambda,
    leontief_inverse,
    output_multipliers,
)


@settings(max_examples=60, deadline=None)
@given(st.floats(0.001, 0.999), st.floats(0.001, 0.999), st.floats(0.01, 1.0))
def test_flq_lambda_properties(share_a, share_b, delta):
    # lambda* grows with regional size, is 1 for the whole nation and for delta = 0,
    # and lies in (0, 1) for a proper region.
    small, large = sorted([share_a, share_b])
    assert flq_lambda(small, 1.0, delta=delta) <= flq_lambda(large, 1.0, delta=delta)
    assert 0 < flq_lambda(small, 1.0, delta=delta) < 1
    assert flq_lambda(1.0, 1.0, delta=delta) == pytest.approx(1.0)
    assert flq_lambda(small, 1.0, delta=0.0) == 1.0


@st.composite
def economies(draw):
    n = draw(st.integers(2, 7))
    rng = np.random.default_rng(draw(st.integers(0, 2**31 - 1)))
    A = rng.uniform(0, 1, size=(n, n))
    A = A / A.sum(axis=0) * rng.uniform(0.1, 0.8, size=n)
    labels = [f"s{i}" for i in range(n)]
    national = pd.Series(rng.uniform(100, 1000, size=n), index=labels)
    one = national * rng.uniform(0.01, 0.3, size=n)
    two = national * rng.uniform(0.01, 0.3, size=n)
    regions = pd.DataFrame({"R1": one, "R2": two})
    return pd.DataFrame(A, index=labels, columns=labels), regions, national


@settings(max_examples=60, deadline=None)
@given(economies(), st.floats(0.0, 0.5))
def test_flq_never_exceeds_national_coefficients(economy, delta):
    A, regions, national = economy
    regional = flq_coefficients(A, regions["R1"], national, delta=delta)
    assert (regional.to_numpy() <= A.to_numpy() + 1e-15).all()
    assert (regional.to_numpy() >= 0).all()


def test_flq_on_a_miniature_of_the_nation_scales_by_lambda():
    # Same structure as the nation: every SLQ and CILQ is 1, so a^r = lambda* a.
    A = pd.DataFrame([[0.15, 0.25], [0.20, 0.05]], index=["a", "b"], columns=["a", "b"])
    national = pd.Series([300.0, 700.0], index=["a", "b"])
    regional = flq_coefficients(A, national * 0.2, national, delta=0.3)
    assert regional.to_numpy() == pytest.approx(A.to_numpy() * np.log2(1.2) ** 0.3)


def test_flq_by_hand_with_differing_location_quotients():
    # Flegg et al. (1995) by hand. NE = (100, 300), RE = (20, 20): RE/NE = 0.1,
    # lambda* = log2(1.1)^0.3 = 0.551435; SLQ = (2, 2/3); CILQ_12 = 3, CILQ_21 = 1/3.
    # FLQ_11 = 1.103 -> capped at 1, FLQ_12 = 1.654 -> 1, FLQ_21 = 0.183812,
    # FLQ_22 = lambda* SLQ_2 = 0.367623 (the diagonal takes SLQ, not CILQ = 1).
    A = pd.DataFrame([[0.1, 0.2], [0.3, 0.4]], index=["a", "b"], columns=["a", "b"])
    national = pd.Series([100.0, 300.0], index=["a", "b"])
    regional = pd.Series([20.0, 20.0], index=["a", "b"])
    got = flq_coefficients(A, regional, national, delta=0.3)
    expected = [[0.1, 0.2], [0.3 * 0.18381159, 0.4 * 0.36762318]]
    assert got.to_numpy() == pytest.approx(np.array(expected), abs=1e-8)
    # delta = 0 is Flegg's CILQ with the SLQ on the diagonal (lambda* = 1)
    cilq = flq_coefficients(A, regional, national, delta=0.0)
    assert cilq.to_numpy() == pytest.approx(np.array([[0.1, 0.2], [0.1, 0.4 * 2 / 3]]))


@settings(max_examples=40, deadline=None)
@given(economies())
def test_two_region_multipliers_lie_below_national(economy):
    A, regions, national = economy
    model = TwoRegionModel.from_national(A, regions, national).fit()
    L = model.L_.to_numpy()
    n = len(A)
    assert (np.eye(2 * n) - model.A_.to_numpy()) @ L == pytest.approx(np.eye(2 * n), abs=1e-9)
    # Purchases from both regions together never exceed national coefficients.
    top = model.A_.to_numpy()[:n, :n] + model.A_.to_numpy()[n:, :n]
    assert (top <= A.to_numpy() + 1e-12).all()
    national_multiplier = output_multipliers(leontief_inverse(A)).to_numpy()
    for j in range(n):
        impact = model.impact({("R1", A.index[j]): 1.0})
        assert impact.output.loc["R1", A.index[j]] >= 1.0 - 1e-12
        assert impact.output_multiplier <= national_multiplier[j] + 1e-9
