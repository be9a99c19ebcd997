"""Calibration by simulated moments: the case's history, recovery of known parameters, backcast."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from regiocluster.simulation import (
    INDICATORS,
    Levers,
    ParameterDraw,
    Parameters,
    backcast,
    calibrate,
    history,
    model_inputs,
    run_runs,
)
from regiocluster.simulation.calibrate import CALIBRATION_MECHANISMS

from .test_model import _member_ties


def test_history_reads_the_members_finances_and_links(case):
    table = history(case)
    ids = set(case.members()["enterprise_id"])
    fin = case["enterprise_finances"]
    fin = fin[fin["enterprise_id"].isin(ids)]
    rows = fin.groupby("year")["enterprise_id"].nunique()
    assert table["members"].to_dict() == {int(y): float(n) for y, n in rows.items()}
    jobs = fin[fin["year"] == 2024]["employees"].sum()
    assert table.at[2024, "employment"] == pytest.approx(jobs)
    assert table.at[2014, "supply_ties"] == _member_ties(case, 2014)
    # no member's finances stop early, so every change in the count is an entry
    assert table["entries"].sum() == rows.iloc[-1] - rows.iloc[0]
    assert table["exits"].sum() == 0


@pytest.mark.slow
def test_smm_recovers_the_parameters_that_made_the_history(case):
    """Generate a history with known parameters (other seeds), then estimate them back."""
    truth = Parameters(demand_elasticity=0.8, entry_rate=0.03, tie_formation=0.4)
    names = ("demand_elasticity", "entry_rate", "tie_formation")
    inputs = model_inputs(case, start_year=2014, siting=False)
    out = run_runs(
        inputs,
        seed=999,
        run_ids=np.arange(64),
        n_years=10,
        scenario="actual",
        draw=ParameterDraw(base=truth),
        levers=Levers().as_dict(),
        mechanisms=CALIBRATION_MECHANISMS,  # the model the moments are simulated with
    )
    mean = out.mean(axis=0)
    synthetic = pd.DataFrame(mean, index=range(2014, 2025), columns=list(INDICATORS))
    fit = calibrate(case, names=names, observed=synthetic, n_runs=32, max_evaluations=60)
    estimate = fit.parameters
    assert estimate.entry_rate == pytest.approx(0.03, rel=0.25)
    assert estimate.tie_formation == pytest.approx(0.4, rel=0.25)
    assert estimate.demand_elasticity == pytest.approx(0.8, abs=0.25)


@pytest.fixture(scope="module")
def check(case):
    return backcast(case, split=2019, n_runs=100)


@pytest.mark.slow
def test_backcast_prints_its_error_against_the_naive_forecast(check, capsys):
    errors = check.errors.set_index("indicator")
    with capsys.disabled():
        print("\nBackcast 2020-2024 (calibrated on 2014-2019), MAPE %:")
        print(errors.round(2).to_string())
    assert set(errors.index) == {"members", "employment", "output", "supply_ties"}
    assert np.isfinite(errors[["model_mape", "naive_mape"]].to_numpy()).all()
    # output follows the observed demand: the model beats carrying 2019 forward
    assert errors.at["output", "model_mape"] < errors.at["output", "naive_mape"]
    # the synthetic history stops adding firms after 2020, which a model of
    # entry driven by demand does not foresee: there the naive forecast wins
    assert errors.at["members", "model_mape"] > errors.at["members", "naive_mape"]
    assert check.calibration.years == (2014, 2019)
