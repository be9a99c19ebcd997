"""simulate(): reproducible per-run seeds, locally and on Dask; results, errors, comparisons."""

from __future__ import annotations

import json

import numpy as np
import pytest

from regiocluster.simulation import (
    INDICATORS,
    Levers,
    UnknownScenarioError,
    compare,
    sensitivity,
    simulate,
)


@pytest.fixture(scope="module")
def small(case, prior_calibration):
    return simulate(case, n_runs=40, seed=7, keep_paths=True, calibration=prior_calibration)


def test_same_seed_same_result_whatever_the_batches(case, prior_calibration, small):
    again = simulate(
        case, n_runs=40, seed=7, keep_paths=True, calibration=prior_calibration, batch_size=9
    )
    np.testing.assert_array_equal(small.paths["value"], again.paths["value"])
    other = simulate(case, n_runs=40, seed=8, keep_paths=True, calibration=prior_calibration)
    assert not np.array_equal(small.paths["value"], other.paths["value"])


def test_run_i_is_the_ith_seed_sequence_child(case, prior_calibration, small):
    """The first 10 runs of a 40-run simulation are a 10-run simulation."""
    head = simulate(case, n_runs=10, seed=7, keep_paths=True, calibration=prior_calibration)
    first = small.paths[small.paths["run"] < 10]
    np.testing.assert_array_equal(first["value"].to_numpy(), head.paths["value"].to_numpy())


@pytest.mark.slow
def test_dask_local_cluster_gives_the_local_result(case, prior_calibration):
    """Two worker processes (BLAS on one thread there), other batches: the same numbers."""
    distributed = pytest.importorskip("distributed")
    options = {
        "n_runs": 40,
        "seed": 7,
        "keep_paths": True,
        "calibration": prior_calibration,
        "levers": Levers(matchmaking_meetings=50, import_substitution_pct=5, support_mrub=500),
    }
    local = simulate(case, **options)
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        remote = simulate(case, client=client, batch_size=10, **options)
    np.testing.assert_array_equal(local.paths["value"], remote.paths["value"])
    assert remote.quantiles.equals(local.quantiles)


def test_paths_and_quantiles_agree(small):
    assert list(small.paths.columns) == ["run", "year", "indicator", "value"]
    assert set(small.paths["indicator"]) == set(INDICATORS)
    assert small.paths["run"].nunique() == 40
    assert small.years == tuple(range(2024, 2036))
    for name in INDICATORS:
        fan = small.fan(name)
        assert np.all(fan["q05"] <= fan["q50"]) and np.all(fan["q50"] <= fan["q95"])
        runs = small.paths[(small.paths["indicator"] == name) & (small.paths["year"] == 2035)]
        assert fan.at[2035, "q50"] == pytest.approx(np.median(runs["value"]))
    start = small.fan("members").loc[2024]
    assert start["q05"] == start["q95"] == 291


def test_quantiles_only_by_default(case, prior_calibration):
    result = simulate(case, n_runs=120, calibration=prior_calibration)
    assert result.paths["run"].nunique() == 100
    assert result.n_runs == 120


def test_summary_and_dict(small):
    assert "2035" in small.summary() and "Illustrative" in small.summary()
    assert "Порог ПП 779" in small.summary("ru") and "Иллюстративно" in small.summary("ru")
    payload = json.loads(json.dumps(small.to_dict()))
    assert payload["options"]["n_runs"] == 40 and payload["provenance"]["illustrative"] is True
    assert small.illustrative
    median = small.figure("members_2035_q50").value
    assert median == small.median("members", 2035)
    share = small.decree_779["share_of_runs"]
    assert share.between(0, 100).all()


def test_unknown_scenario_names_the_valid_ones(case):
    with pytest.raises(
        UnknownScenarioError,
        match="unknown scenario 'utopia'; valid: actual, base, optimistic, pessimistic",
    ):
        simulate(case, scenario="utopia", n_runs=2)


def test_levers_refuse_values_outside_their_range():
    with pytest.raises(ValueError, match="test_site.*outside"):
        Levers(test_site=2.0)
    with pytest.raises(ValueError, match="support_mrub"):
        Levers(support_mrub=-1.0)


def test_import_substitution_lowers_the_import_share(case, prior_calibration):
    variants = {
        "today": ("base", None),
        "substitution": ("base", Levers(import_substitution_pct=10.0)),
        "pessimistic": ("pessimistic", None),
    }
    table = compare(case, variants, n_runs=30, calibration=prior_calibration).table
    at = table.set_index(["variant", "indicator", "year"])
    assert (table[table["variant"] == "today"]["difference"] == 0).all()
    today = at.loc[("today", "import_share", 2035), "q50"]
    assert at.loc[("substitution", "import_share", 2035), "q50"] < today
    assert at.loc[("substitution", "output", 2035), "difference"] > 0
    # less housing means less output
    assert at.loc[("pessimistic", "output", 2035), "difference"] < 0


def test_sensitivity_ranks_matchmaking_first_for_dependence(case, prior_calibration):
    """Only ties carry functional dependence, and only matchmaking moves ties among the levers."""
    result = sensitivity(case, trajectories=3, replicates=3, calibration=prior_calibration, seed=1)
    levers = result.ranking("functional_dependence", kind="lever")
    assert levers.iloc[0]["factor"] == "matchmaking_meetings"
    assert levers.iloc[0]["mu"] > 0
    imports = result.ranking("import_share", kind="lever")
    assert imports.iloc[0]["factor"] == "import_substitution_pct"
    assert imports.iloc[0]["mu"] < 0
    assert set(result.table["kind"]) == {"lever", "parameter"}
