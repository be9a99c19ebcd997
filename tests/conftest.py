"""Fixtures shared by every test folder."""

from __future__ import annotations

import os
import shutil

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

    # ":0": a free port for the dashboard; None means 8787, which another session's
    # cluster on a shared machine may hold (its warning is an error under pytest).
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
    ) as cluster:
        yield cluster


# Debian's Chromium drives the browser tests of the portal and the study (never a download).
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser():
    from playwright import sync_api  # a declared test dependency: never skipped

    if not shutil.which(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail("Debian chromium is missing on CI (.ci/run installs it)")
        pytest.skip("Debian chromium is not installed (apt-get install chromium)")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()
