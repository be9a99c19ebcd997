"""national_scan year by year (here or on Dask) equals the whole-table rules."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from regiocluster.errors import InvalidValueError
from regiocluster.mapping import eco_stars, national_scan, us_strong_clusters


def _employment(regions: int = 12, industries: int = 15, years: int = 3) -> pd.DataFrame:
    """SYNTHETIC employment (seeded), with suppressed cells and a shuffled, duplicated index."""
    rng = np.random.default_rng(4)
    size = rng.lognormal(10, 1, regions)
    mix = rng.dirichlet(np.full(industries, 0.5), regions)
    frames = []
    for y in range(years):
        emp = np.round(size[:, None] * mix * rng.lognormal(0, 0.1, mix.shape))
        frames.append(
            pd.DataFrame(
                {
                    "region_id": np.repeat([f"R{r:02d}" for r in range(regions)], industries),
                    "okved": np.tile([f"{10 + i}" for i in range(industries)], regions),
                    "year": 2020 + y,
                    "employees": emp.ravel(),
                    "establishments": np.maximum(1, np.round(emp.ravel() / 25)),
                }
            )
        )
    table = pd.concat(frames, ignore_index=True)
    table.loc[rng.random(len(table)) < 0.05, "employees"] = np.nan
    table = table.sample(frac=1.0, random_state=1)
    table.index = table.index % 50  # duplicated labels must not confuse the row order
    return table


def test_scan_equals_whole_table_rules() -> None:
    table = _employment()
    scan = national_scan(table)
    strong = us_strong_clusters(table)
    stars = eco_stars(table)
    assert list(scan.index) == list(table.index)
    pd.testing.assert_frame_equal(scan[strong.columns], strong)
    for column in ["focus", "size_star", "specialisation_star", "focus_star", "stars"]:
        pd.testing.assert_series_equal(scan[column], stars[column])
    assert scan["strong"].any() and (scan["stars"] > 0).any()


def test_missing_column_is_named() -> None:
    with pytest.raises(InvalidValueError, match="establishments"):
        national_scan(_employment().drop(columns="establishments"))


@pytest.mark.slow
def test_scan_on_a_local_cluster_equals_the_local_run(dask_cluster) -> None:
    from distributed import Client

    table = _employment()
    with Client(dask_cluster) as client:
        pd.testing.assert_frame_equal(national_scan(table, client=client), national_scan(table))
