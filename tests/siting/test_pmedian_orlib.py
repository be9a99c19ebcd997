"""All 40 OR-Library p-median instances reach Beasley's published optima."""

from __future__ import annotations

import pytest

from regiocluster.siting import PMedian
from regiocluster.siting.orlib import parse_pmed

SLOW = [33, 34, 36, 37, 38, 39, 40]
FAST = [k for k in range(1, 41) if k not in SLOW]


def _solve(orlib_dir, k):
    instance = parse_pmed((orlib_dir / f"pmed{k}.txt").read_text())
    return PMedian.from_cost_matrix(instance.cost, p=instance.p).solve(), instance


@pytest.mark.parametrize("k", FAST)
def test_orlib_optimum(orlib_dir, orlib_optima, k):
    model, instance = _solve(orlib_dir, k)
    assert model.status_ == "optimal"
    assert model.objective_ == orlib_optima[f"pmed{k}"]
    assert len(set(model.sites_)) == instance.p
    # the sites themselves reach the optimum, not only the reported number
    assert instance.cost[:, model.sites_].min(axis=1).sum() == orlib_optima[f"pmed{k}"]
    assert model.gap_ == 0.0


@pytest.mark.slow
@pytest.mark.parametrize("k", SLOW)
def test_orlib_optimum_slow(orlib_dir, orlib_optima, k):
    model, instance = _solve(orlib_dir, k)
    assert model.status_ == "optimal"
    assert model.objective_ == orlib_optima[f"pmed{k}"]
    assert len(set(model.sites_)) == instance.p
    # the sites themselves reach the optimum, not only the reported number
    assert instance.cost[:, model.sites_].min(axis=1).sum() == orlib_optima[f"pmed{k}"]
    assert model.gap_ == 0.0


def test_all_forty_instances_are_checked(orlib_dir, orlib_optima):
    assert sorted(FAST + SLOW) == list(range(1, 41))
    assert {f"pmed{k}" for k in range(1, 41)} <= set(orlib_optima)
    assert all((orlib_dir / f"pmed{k}.txt").exists() for k in range(1, 41))


def test_duplicate_edge_takes_last_value():
    text = "3 3 1\n1 2 10\n2 3 4\n1 2 3\n"
    instance = parse_pmed(text)
    assert instance.cost[0, 1] == 3.0
    assert instance.cost[0, 2] == 7.0
