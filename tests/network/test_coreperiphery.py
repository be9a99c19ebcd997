"""Borgatti-Everett core-periphery: brute force, planted cores, Erdos-Renyi nulls."""

import itertools

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import optimize

from regiocluster.network import CorePeriphery, core_periphery_fitness, degree_preserving_rewire
from regiocluster.network.coreperiphery import _continuous_objective, _Stats

SIZES = [25, 100]
BLOCKS = [[0.6, 0.25], [0.25, 0.03]]


def _planted(seed: int, weighted: bool = False) -> tuple[nx.Graph, np.ndarray]:
    g = nx.stochastic_block_model(SIZES, BLOCKS, seed=seed)
    truth = np.array([d["block"] == 0 for _, d in g.nodes(data=True)])
    if weighted:
        # heavier ties where the core is involved: 2 core-core, 1.5 core-periphery, 1
        # periphery-periphery, each times lognormal noise
        rng = np.random.default_rng(seed)
        for u, v in g.edges:
            scale = 1.0 + 0.5 * (truth[u] + truth[v])
            g[u][v]["weight"] = float(scale * rng.lognormal(0.0, 0.3))
    return g, truth


def _brute_force(matrix: np.ndarray) -> float:
    n = len(matrix)
    best = -np.inf
    for bits in itertools.product([False, True], repeat=n):
        x = np.array(bits)
        f = core_periphery_fitness(matrix, x)
        if np.isfinite(f):
            best = max(best, f)
    return best


@settings(max_examples=25, deadline=None)
@given(st.integers(min_value=0, max_value=10_000))
def test_discrete_fit_reaches_the_exhaustive_optimum_on_small_weighted_graphs(seed):
    rng = np.random.default_rng(seed)
    n = 8
    upper = np.triu(rng.random((n, n)) * (rng.random((n, n)) < 0.5), k=1)
    matrix = upper + upper.T
    if np.count_nonzero(upper) < 2:
        return
    model = CorePeriphery(n_null=0, random_state=seed).fit(matrix)
    assert model.fitness_ == pytest.approx(_brute_force(matrix), abs=1e-9)
    # the reported fitness is the plain Pearson correlation of the reported core
    assert model.fitness_ == pytest.approx(
        core_periphery_fitness(matrix, model.core_.to_numpy()), abs=1e-9
    )


@pytest.mark.slow
@pytest.mark.parametrize("weighted", [False, True])
def test_planted_core_is_recovered_and_significant(weighted):
    for seed in (1, 2):
        g, truth = _planted(seed, weighted)
        model = CorePeriphery(n_null=30, random_state=seed).fit(g)
        accuracy = (model.core_.to_numpy() == truth).mean()
        assert accuracy >= 0.95
        assert model.p_value_ < 0.05


@pytest.mark.slow
def test_erdos_renyi_of_the_same_density_is_not_significant_in_most_draws():
    g, _ = _planted(0)
    density = nx.density(g)
    p_values = []
    for seed in range(6):
        er = nx.gnp_random_graph(sum(SIZES), density, seed=100 + seed)
        p_values.append(CorePeriphery(n_null=19, random_state=seed).fit(er).p_value_)
    assert sum(p > 0.05 for p in p_values) >= 4


def test_rewiring_keeps_degrees_and_weights():
    g, _ = _planted(3, weighted=True)
    matrix = nx.to_numpy_array(g)
    out = degree_preserving_rewire(matrix, rng=np.random.default_rng(0))
    np.testing.assert_array_equal((out > 0).sum(axis=1), (matrix > 0).sum(axis=1))
    np.testing.assert_allclose(np.sort(out[out > 0]), np.sort(matrix[matrix > 0]))
    assert np.allclose(out, out.T) and np.all(np.diag(out) == 0)
    assert (out > 0).astype(int).ravel() @ (matrix > 0).astype(int).ravel() < (matrix > 0).sum()


def test_continuous_gradient_matches_finite_differences():
    g, _ = _planted(4, weighted=True)
    matrix = nx.to_numpy_array(g)
    stats = _Stats(matrix)
    c0 = np.random.default_rng(0).uniform(0.1, 1.0, len(matrix))
    err = optimize.check_grad(
        lambda c: _continuous_objective(c, matrix, stats)[0],
        lambda c: _continuous_objective(c, matrix, stats)[1],
        c0,
    )
    assert err < 1e-6
    # and the objective is minus the Pearson correlation of c_i c_j with the weights
    assert -_continuous_objective(c0, matrix, stats)[0] == pytest.approx(
        core_periphery_fitness(matrix, c0)
    )


def test_continuous_coreness_ranks_the_planted_core_first():
    g, truth = _planted(5)
    model = CorePeriphery("continuous", n_null=0, random_state=0).fit(g)
    core_scores = model.coreness_.to_numpy()[truth]
    periphery_scores = model.coreness_.to_numpy()[~truth]
    auc = (core_scores[:, None] > periphery_scores[None, :]).mean()
    assert auc >= 0.95
    assert (model.core_.to_numpy() == truth).mean() >= 0.95
    # the optimiser does better than its own starting point (strength ranking)
    strength = nx.to_numpy_array(g).sum(axis=1)
    assert model.fitness_ >= core_periphery_fitness(g, strength / strength.max()) - 1e-9


def test_labels_survive_and_directed_flows_are_symmetrised():
    g = nx.karate_club_graph()
    matrix = nx.to_numpy_array(g)
    labels = [f"n{k}" for k in range(len(matrix))]
    directed = pd.DataFrame(np.triu(matrix), index=labels, columns=labels)
    model = CorePeriphery(n_null=0, random_state=0).fit(directed)
    reference = CorePeriphery(n_null=0, random_state=0).fit(matrix)
    assert list(model.core_.index) == labels
    np.testing.assert_array_equal(model.core_.to_numpy(), reference.core_.to_numpy())
    # the two leaders (nodes 0 and 33) of the karate club are in the core
    assert model.core_["n0"] and model.core_["n33"]
