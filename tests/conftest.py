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
