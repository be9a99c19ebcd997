from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def case():
    from regiocluster import load_case

    return load_case("leningrad")
