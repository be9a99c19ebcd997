"""Plausibility: the cluster sells no more than its market takes, imports move only with a lever.

Reasoning. The members' sales are almost all domestic (exports are under 3 %
of output), and the territory's consumption of construction materials is a
scenario of the market package, independent of the cluster model. A model
whose members grow faster than the territory's demand must either push
imports out (the first version: the import share fell from 16.9 % to about
3 % by 2035 with no policy at all) or sell into a market that is not there.
Neither is plausible for a heavy, low-value-per-tonne industry whose imports
are specialised products. So, checked against the market package's own
numbers (not the model's):

* with no import-substitution lever the import share stays at the last
  actual, 2024's imports over consumption in the market balances;
* with the lever it falls, and by exactly the lever's yearly take of the
  priority imports, never below zero;
* the members' domestic sales (output less exports) grow at most as fast
  as what local producers can sell in the territory: the scenario's demand
  times (1 - import share), relative to the start year, divided by the
  members' share of local production. So output never exceeds that demand
  plus the exports.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from regiocluster.market import AGGLOMERATION, outlook
from regiocluster.simulation import Levers, simulate

SCENARIOS = ("base", "pessimistic", "optimistic")


@pytest.fixture(scope="module")
def market(case):
    """The market package's balances and scenario demand (2024 prices), per year."""
    view = outlook(case, last_year=2035)
    bal = view.balances[view.balances["region_id"] == AGGLOMERATION]
    now = bal[bal["year"] == 2024].set_index("product_id")
    price = now["price"]
    share = float((now["imports"] * price).sum() / (now["consumption"] * price).sum())
    demand = view.demand.assign(value=view.demand["demand"] * view.demand["product_id"].map(price))
    index = demand.groupby(["scenario", "year"])["value"].sum() / (now["consumption"] * price).sum()
    return share, index


@pytest.fixture(scope="module")
def runs(case, prior_calibration):
    return {
        scenario: simulate(
            case,
            scenario=scenario,
            n_runs=30,
            seed=3,
            keep_paths=True,
            calibration=prior_calibration,
        )
        for scenario in SCENARIOS
    }


def _wide(result, indicator):
    paths = result.paths[result.paths["indicator"] == indicator]
    return paths.pivot(index="run", columns="year", values="value")


def test_without_a_lever_the_import_share_continues_the_last_actual(runs, market):
    share, _ = market
    assert share == pytest.approx(0.169, abs=0.001)  # the published balance's 16.9 %
    for result in runs.values():
        np.testing.assert_allclose(_wide(result, "import_share").to_numpy(), 100 * share)


def test_the_import_substitution_lever_explains_the_fall(case, prior_calibration, market, inputs):
    share, _ = market
    result = simulate(
        case,
        n_runs=10,
        seed=3,
        keep_paths=True,
        calibration=prior_calibration,
        levers=Levers(import_substitution_pct=5),
    )
    path = _wide(result, "import_share")
    years = np.array(path.columns) - 2024
    expected = 100 * share * (1 - 0.05 * inputs.priority_imports) ** years
    np.testing.assert_allclose(path.to_numpy(), np.broadcast_to(expected, path.shape))
    assert np.all(np.diff(path.to_numpy(), axis=1) < 0) and np.all(path.to_numpy() >= 0)


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_domestic_sales_never_outgrow_the_territorys_demand(runs, market, inputs, scenario):
    share, index = market
    result = runs[scenario]
    domestic = _wide(result, "output") - _wide(result, "exports")
    growth = domestic.div(domestic[2024], axis=0)
    demand = index.loc[scenario].reindex(growth.columns[1:])
    assert demand.notna().all()
    # local producers' market; with no lever the import share is constant
    ceiling = demand / inputs.member_share
    excess = growth.loc[:, demand.index].to_numpy() - ceiling.to_numpy()
    assert np.all(excess <= 1e-9), f"{scenario}: domestic sales above demand by {excess.max():.3%}"
    # the limit binds: the members follow the market rather than stay put
    median = growth.median()
    assert abs(median[2035] - demand[2035]) < 0.05


def test_without_the_market_limit_imports_would_be_the_only_outlet(case, prior_calibration, market):
    """Switching the limit off restores unbounded sales (the implausible first version)."""
    _, index = market
    mechanisms = ("growth", "spillovers", "entry", "exit", "ties", "investment", "modernisation")
    free = simulate(
        case,
        n_runs=10,
        seed=3,
        keep_paths=True,
        calibration=prior_calibration,
        mechanisms=mechanisms,
    )
    domestic = _wide(free, "output") - _wide(free, "exports")
    growth = pd.Series(domestic.div(domestic[2024], axis=0).median())
    assert growth[2035] > index.loc[("base", 2035)] + 0.05
