"""regiocluster.batch: where the pieces of a batch analysis run."""

from __future__ import annotations

import pytest

from regiocluster.batch import dask_client, map_pieces
from regiocluster.errors import ConfigurationError


def _square(x: int, *, plus: int = 0) -> int:
    return x * x + plus


def test_without_a_client_pieces_run_here_in_order() -> None:
    assert map_pieces(_square, [3, 1, 2], plus=1) == [10, 2, 5]
    with dask_client(None) as client:
        assert client is None


def test_a_wrong_client_is_named() -> None:
    with pytest.raises(ConfigurationError, match="int"), dask_client(8786):
        pass


@pytest.mark.slow
def test_pieces_on_a_local_cluster_come_back_in_order(dask_cluster) -> None:
    got = map_pieces(_square, list(range(7)), client=dask_cluster.scheduler_address, plus=2)
    assert got == [x * x + 2 for x in range(7)]
