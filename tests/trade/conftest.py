"""Synthetic export tables of different shapes for the trade tests."""

from __future__ import annotations

import warnings
from collections.abc import Callable

import numpy as np
import pandas as pd
import pytest

COLS = {"time": "year", "loc": "country", "prod": "hs", "val": "export_value"}
KEYS = ["year", "country", "hs"]


def latent_exports(
    n_loc: int, n_prod: int, n_year: int, *, seed: int, sparsity: float = 0.3
) -> pd.DataFrame:
    """Exports from a latent capability model (locations × products × years)."""
    rng = np.random.default_rng(seed)
    capability = rng.gamma(2.0, 1.0, n_loc)
    difficulty = rng.gamma(2.0, 1.0, n_prod)
    frames = []
    for year in range(n_year):
        needs = rng.random((n_loc, n_prod)) < 0.5
        value = rng.lognormal(0.0, 1.0, (n_loc, n_prod)) * np.exp(
            capability[:, None] - difficulty[None, :] * needs
        )
        value[rng.random((n_loc, n_prod)) < sparsity] = 0.0
        loc, prod = np.meshgrid(np.arange(n_loc), np.arange(n_prod), indexing="ij")
        frames.append(
            pd.DataFrame(
                {
                    "year": 2010 + year,
                    "country": [f"C{i:03d}" for i in loc.ravel()],
                    "hs": [f"{1000 + j}" for j in prod.ravel()],
                    "export_value": np.round(value.ravel() * 1000.0, 3),
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def population_for(data: pd.DataFrame, *, seed: int) -> pd.DataFrame:
    """Population roughly proportional to exports, so every location passes RPOP somewhere."""
    rng = np.random.default_rng(seed)
    total = data.groupby(["year", "country"], as_index=False)["export_value"].sum()
    total = total[total["export_value"] > 0]
    factor = rng.uniform(0.8, 1.25, len(total))
    return pd.DataFrame(
        {
            "year": total["year"].to_numpy(),
            "country": total["country"].to_numpy(),
            "population": total["export_value"].to_numpy() * factor,
        }
    )


def _square() -> pd.DataFrame:
    return latent_exports(12, 15, 2, seed=1)


def _wide_with_holes() -> pd.DataFrame:
    """Wide table with a location and a product of zero total, missing rows, an absent location."""
    data = latent_exports(40, 120, 3, seed=2).sample(frac=0.9, random_state=2)
    data.loc[data["country"] == "C005", "export_value"] = 0.0
    data.loc[data["hs"] == "1007", "export_value"] = 0.0
    data = data[~((data["country"] == "C006") & (data["year"] == 2011))]
    data = data[~((data["hs"] == "1009") & (data["year"] == 2012))]
    return data.reset_index(drop=True)


def _tall() -> pd.DataFrame:
    return latent_exports(90, 25, 4, seed=3, sparsity=0.5)


DATASETS: dict[str, Callable[[], pd.DataFrame]] = {
    "square": _square,
    "wide_with_holes": _wide_with_holes,
    "tall": _tall,
}


@pytest.fixture(params=sorted(DATASETS))
def dataset(request: pytest.FixtureRequest) -> pd.DataFrame:
    return DATASETS[request.param]()


def run_ecomplexity(function: Callable, *args, **kwargs) -> pd.DataFrame:
    """Run a py-ecomplexity function with its own warnings silenced (and only those)."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", module=r"ecomplexity(\.|$)")
        warnings.filterwarnings("ignore", module=r"sklearn(\.|$)")
        return function(*args, **kwargs)
