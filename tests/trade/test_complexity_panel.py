"""complexity_panel year by year, from Parquet and on Dask equals complexity on the whole."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from regiocluster.errors import InvalidValueError
from regiocluster.trade import complexity, complexity_panel

from .conftest import COLS, DATASETS


@pytest.fixture(scope="module")
def panel() -> pd.DataFrame:
    return DATASETS["wide_with_holes"]()


@pytest.fixture(scope="module")
def whole(panel: pd.DataFrame) -> pd.DataFrame:
    return complexity(panel, COLS)


def _same(ours: pd.DataFrame, reference: pd.DataFrame) -> None:
    assert len(reference) > 0
    pd.testing.assert_frame_equal(ours.reset_index(drop=True), reference.reset_index(drop=True))


def test_in_memory_years_equal_the_whole_table(panel, whole) -> None:
    _same(complexity_panel(panel, COLS), whole)


def test_parquet_year_by_year_equals_in_memory(panel, whole, tmp_path: Path) -> None:
    source = tmp_path / "exports.parquet"
    # several row groups, so a year is read from some of them only
    panel.sort_values("year").to_parquet(source, index=False, row_group_size=500)
    _same(complexity_panel(source, COLS), whole)


def test_parquet_out_writes_one_file_per_year(panel, whole, tmp_path: Path) -> None:
    source = tmp_path / "exports.parquet"
    panel.to_parquet(source, index=False)
    files = complexity_panel(source, COLS, out=tmp_path / "out")
    assert [f.name for f in files] == [f"year={y}.parquet" for y in sorted(panel["year"].unique())]
    back = pd.concat([pd.read_parquet(f) for f in files], ignore_index=True)
    _same(back, whole)


def test_options_pass_through(panel) -> None:
    ours = complexity_panel(panel, COLS, knn=5, asymmetric=True)
    _same(ours, complexity(panel, COLS, knn=5, asymmetric=True))
    assert np.isfinite(ours["density"]).any()


def test_missing_time_column_is_named(panel, tmp_path: Path) -> None:
    source = tmp_path / "exports.parquet"
    panel.rename(columns={"year": "period"}).to_parquet(source, index=False)
    with pytest.raises(InvalidValueError, match="year"):
        complexity_panel(source, COLS)
    with pytest.raises(InvalidValueError, match="year"):
        complexity_panel(panel.drop(columns="year"), COLS)


@pytest.mark.slow
def test_dask_local_cluster_equals_local_run(panel, whole, tmp_path: Path, dask_cluster) -> None:
    from distributed import Client

    source = tmp_path / "exports.parquet"
    panel.to_parquet(source, index=False)
    with Client(dask_cluster) as client:
        _same(complexity_panel(panel, COLS, client=client), whole)
    # a scheduler address, as for a real cluster; the workers read the Parquet file themselves
    _same(complexity_panel(source, COLS, client=dask_cluster.scheduler_address), whole)


def test_categorical_keys_give_the_same_numbers_and_stay_categorical(panel, whole) -> None:
    keys = panel.astype({"country": "category", "hs": "category"})
    ours = complexity(keys, COLS)
    assert isinstance(ours["country"].dtype, pd.CategoricalDtype)
    _same(ours.astype({"country": object, "hs": object}), whole)


def test_large_years_two_at_a_time_equal_the_batched_run() -> None:
    """1,000 products one year per block (two years in flight) equal the all-years batch."""
    from .conftest import latent_exports

    data = latent_exports(12, 1000, 3, seed=9)
    batched = complexity(data, COLS)
    one_by_one = complexity(data, COLS, memory_limit=1)
    pd.testing.assert_frame_equal(one_by_one, batched, check_exact=False, rtol=0, atol=1e-10)
    assert np.isfinite(batched["cog"]).any()
