"""The runs' random numbers are drawn once per batch and are the runs' own."""

from __future__ import annotations

import numpy as np
import pytest

from regiocluster.simulation.model import draws
from regiocluster.simulation.runner import random_numbers


def test_a_batch_draws_its_numbers_once_and_each_run_its_own() -> None:
    runs = np.array([3, 0, 7])
    z, shocks, uniforms = random_numbers(11, runs, 5, 4, 6, 2)
    again = random_numbers(11, runs.copy(), 5, 4, 6, 2)
    assert all(a is b for a, b in zip((z, shocks, uniforms), again, strict=True))  # cached
    for row, run in enumerate(runs):
        rng = np.random.default_rng(np.random.SeedSequence(11, spawn_key=(int(run),)))
        assert np.array_equal(z[row], rng.standard_normal(2))
        s, u = draws(rng, 5, 4, 6)
        assert np.array_equal(shocks[row], s) and np.array_equal(uniforms[row], u)
    with pytest.raises(ValueError):
        shocks[0, 0, 0] = 1.0  # shared between evaluations: nobody may change them
    other = random_numbers(12, runs, 5, 4, 6, 2)[1]
    assert not np.array_equal(other, shocks)
