"""AHP and TOPSIS against published examples; ranking properties."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from regiocluster.siting.mcda import (
    InconsistentJudgementsError,
    ahp_weights,
    rank_stability,
    site_rationale,
    topsis,
    weighted_sum,
)

SAATY = [[1, 3, 5], [1 / 3, 1, 3], [1 / 5, 1 / 3, 1]]


def test_ahp_published_example():
    result = ahp_weights(SAATY, criteria=["cost", "market", "labour"])
    assert result.weights.round(3).tolist() == [0.637, 0.258, 0.105]
    assert result.lambda_max == pytest.approx(3.0385, abs=1e-4)
    assert result.consistency_ratio == pytest.approx(0.033, abs=5e-4)
    assert list(result.weights.index) == ["cost", "market", "labour"]


def test_ahp_refuses_inconsistent_judgements_unless_forced():
    # a > b (9), b > c (9) but c > a (9): grossly intransitive.
    bad = [[1, 9, 1 / 9], [1 / 9, 1, 9], [9, 1 / 9, 1]]
    with pytest.raises(InconsistentJudgementsError):
        ahp_weights(bad)
    forced = ahp_weights(bad, force=True)
    assert forced.consistency_ratio > 0.1
    assert forced.weights.sum() == pytest.approx(1.0)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.floats(0.1, 10.0), min_size=2, max_size=7))
def test_ahp_consistent_matrix_recovers_weights(raw):
    # A perfectly consistent matrix a_ij = w_i / w_j has CR = 0 and eigenvector w.
    w = np.array(raw) / np.sum(raw)
    result = ahp_weights(np.outer(w, 1 / w))
    assert result.weights.to_numpy() == pytest.approx(w, rel=1e-6)
    assert result.lambda_max == pytest.approx(len(w), rel=1e-9)
    assert abs(result.consistency_ratio) < 1e-9


def test_topsis_published_example():
    scores = pd.DataFrame(
        [[80, 90, 600], [65, 58, 200], [83, 60, 400]],
        index=["A1", "A2", "A3"],
        columns=["price", "quality", "distance"],
    )
    result = topsis(scores, [1, 1, 1], [False, True, False])
    assert result.to_numpy() == pytest.approx([0.32385, 0.67902, 0.40902], abs=5e-6)


@st.composite
def decision(draw):
    m = draw(st.integers(2, 8))
    k = draw(st.integers(1, 5))
    seed = draw(st.integers(0, 2**31 - 1))
    rng = np.random.default_rng(seed)
    scores = pd.DataFrame(rng.uniform(1, 100, size=(m, k)))
    weights = rng.uniform(0.1, 1, size=k)
    benefit = rng.random(k) < 0.5
    return scores, weights, benefit


@settings(max_examples=60, deadline=None)
@given(decision())
def test_a_dominating_alternative_ranks_first(case):
    scores, weights, benefit = case
    # Make alternative 0 best on every criterion.
    best = np.where(benefit, scores.max().to_numpy() + 1, scores.min().to_numpy() - 0.5)
    scores.iloc[0] = best
    for fn in (topsis, weighted_sum):
        result = fn(scores, weights, benefit)
        assert result.iloc[0] == pytest.approx(1.0)
        assert (result.iloc[1:] < 1.0).all()
        assert ((result >= 0) & (result <= 1)).all()


def test_rank_stability_of_a_dominating_alternative_is_certain():
    scores = pd.DataFrame([[10, 1], [5, 5], [1, 10]], index=["a", "b", "c"])
    scores.loc["a"] = [11, 11]
    result = rank_stability(scores, [0.5, 0.5], [True, True], draws=200)
    assert result.loc["a", "rank"] == 1
    assert result.loc["a", "p_same_rank"] == 1.0
    # b and c trade places as weights move.
    assert 0 < result.loc["b", "p_same_rank"] < 1


def test_rationale_names_best_and_worst_criteria_with_values():
    scores = pd.DataFrame(
        {"cost_to_market": [900.0, 400.0, 650.0], "rail": [1.0, 0.0, 1.0]}, index=["s1", "s2", "s3"]
    )
    reasons = site_rationale(
        scores,
        {"cost_to_market": 0.7, "rail": 0.3},
        {"cost_to_market": False, "rail": True},
        labels={"cost_to_market": "cost to market", "rail": "rail siding"},
        units={"cost_to_market": "rub/t"},
        count=1,
    )
    assert (
        reasons.loc["s2", "strengths"]
        == "cost to market: 400 rub/t (better than 100% of the other sites)"
    )
    assert reasons.loc["s2", "weaknesses"] == "rail siding: no (better than 0% of the other sites)"
    assert (
        reasons.loc["s1", "weaknesses"]
        == "cost to market: 900 rub/t (better than 0% of the other sites)"
    )
    assert reasons.loc["s1", "strengths"] == "rail siding: yes (better than 50% of the other sites)"


def test_a_criterion_missing_from_benefit_is_refused_not_taken_as_a_benefit():
    # Before the fix the missing "distance" (a cost) became a benefit through
    # NaN -> True and turned the published ranking upside down.
    scores = pd.DataFrame(
        [[80, 90, 600], [65, 58, 200], [83, 60, 400]],
        index=["A1", "A2", "A3"],
        columns=["price", "quality", "distance"],
    )
    with pytest.raises(ValueError, match="distance"):
        topsis(scores, [1, 1, 1], {"price": False, "quality": True})
    with pytest.raises(ValueError, match="distance"):
        weighted_sum(scores, [1, 1, 1], {"price": False, "quality": True})
    given_as_mapping = topsis(
        scores,
        {"distance": 1, "price": 1, "quality": 1},
        {"quality": True, "distance": False, "price": False},
    )
    assert given_as_mapping.to_numpy() == pytest.approx([0.32385, 0.67902, 0.40902], abs=5e-6)
    with pytest.raises(ValueError, match="positive"):
        topsis(scores, [0, 0, 0], [False, True, False])
