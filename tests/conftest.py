"""Fixtures shared by every test folder."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def leningrad():
    """The embedded case, loaded once per test session (do not mutate its tables)."""
    from regiocluster import load_case

    return load_case("leningrad")


@pytest.fixture(scope="session")
def case(leningrad):
    """The embedded case (a folder's conftest may define its own ``case``)."""
    return leningrad


@pytest.fixture(scope="session")
def dask_cluster():
    """One small LocalCluster (2 worker processes, 1 thread each) shared by the Dask tests."""
    from distributed import LocalCluster

    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        yield cluster
