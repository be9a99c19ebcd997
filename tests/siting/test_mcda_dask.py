"""rank_stability on Dask workers equals the local Monte Carlo."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from regiocluster.siting import rank_stability


@pytest.mark.slow
def test_rank_stability_on_a_local_cluster_equals_the_local_run(dask_cluster) -> None:
    from distributed import Client

    rng = np.random.default_rng(3)
    scores = pd.DataFrame(rng.random((6, 3)), index=list("abcdef"), columns=["x", "y", "z"])
    local = rank_stability(scores, [0.5, 0.3, 0.2], [True, False, True], draws=300, seed=5)
    with Client(dask_cluster) as client:
        remote = rank_stability(
            scores, [0.5, 0.3, 0.2], [True, False, True], draws=300, seed=5, client=client
        )
    pd.testing.assert_frame_equal(remote, local)
    assert 0 < local["p_same_rank"].min() < 1  # the weights do move the ranks
