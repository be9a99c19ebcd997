"""Shared fixtures: the embedded case, its model inputs, a fixed parameter draw."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from regiocluster import load_case
from regiocluster.simulation import (
    CALIBRATED,
    Calibration,
    Levers,
    Parameters,
    model_inputs,
)


@pytest.fixture(scope="session")
def case():
    return load_case("leningrad")


@pytest.fixture(scope="session")
def inputs(case):
    return model_inputs(case, siting=False)


@pytest.fixture(scope="session")
def prior_calibration():
    """The priors with a small spread: simulate without paying for the SMM fit."""
    sd = np.array([0.05, 0.002, 0.002, 0.02, 0.01, 0.002])
    return Calibration(
        parameters=Parameters(),
        names=CALIBRATED,
        covariance=np.diag(sd**2),
        fit=pd.DataFrame(columns=["year", "indicator", "observed", "simulated"]),
        years=(2014, 2024),
        objective=float("nan"),
    )


@pytest.fixture(scope="session")
def no_levers():
    return Levers().as_dict()
