"""Registry aggregation with DuckDB against a plain pandas group-by."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from regiocluster.mapping.registry import registry_employment

codes = st.sampled_from(["23.51", "23.51.1", "23.61", "08.12", "41.20", "41"])


@settings(max_examples=30, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(["RU-LEN", "RU-SPE", "RU-MOW"]), codes, st.integers(0, 500)),
        min_size=1,
        max_size=60,
    ),
    st.sampled_from([2, 4]),
)
def test_duckdb_aggregate_equals_pandas(rows, digits):
    frame = pd.DataFrame(rows, columns=["region_id", "okved", "employees"])
    got = registry_employment(frame, digits=digits, threads=1)
    width = digits + (1 if digits > 2 else 0)
    expected = (
        frame.assign(okved=frame.okved.str[:width])
        .groupby(["region_id", "okved"])
        .agg(employees=("employees", "sum"), establishments=("employees", "size"))
        .reset_index()
        .astype({"employees": float, "establishments": float})
    )
    pd.testing.assert_frame_equal(got, expected, check_dtype=False)


def test_csv_file_and_missing_employees(tmp_path):
    path = tmp_path / "registry.csv"
    pd.DataFrame(
        {"region_id": ["A", "A", "B"], "okved": ["23.51", "23.63", "23.51"],
         "employees": [10, np.nan, 5]}
    ).to_csv(path, index=False)  # fmt: skip
    got = registry_employment(path).set_index(["region_id", "okved"])
    assert got.loc[("A", "23"), "employees"] == pytest.approx(10.0)
    assert got.loc[("A", "23"), "establishments"] == 2


def test_years_are_kept_apart_from_parquet(tmp_path):
    frame = pd.DataFrame(
        {
            "region_id": ["A", "A", "A", "B"],
            "okved": ["23.51", "23.51", "23.61", "23.51"],
            "year": [2023, 2024, 2024, 2024],
            "employees": [10, 12, 3, 5],
        }
    )
    path = tmp_path / "registry.parquet"
    frame.to_parquet(path)
    got = registry_employment(path, year="year", memory_limit="256MB")
    assert list(got.columns) == ["region_id", "okved", "year", "employees", "establishments"]
    by = got.set_index(["region_id", "okved", "year"])
    assert by.loc[("A", "23", 2024), "employees"] == 15.0
    assert by.loc[("A", "23", 2023), "establishments"] == 1.0
    assert len(got) == 3


def test_codes_with_leading_zeros_survive_a_csv(tmp_path):
    # a CSV sniffer reads 08.12 as the number 8.12; quarrying must stay division 08
    path = tmp_path / "registry.csv"
    path.write_text("region_id,okved,employees\nRU-LEN,08.12,7\nRU-LEN,08.11,3\n", encoding="utf-8")
    got = registry_employment(path)
    assert got[["region_id", "okved", "employees"]].values.tolist() == [["RU-LEN", "08", 10.0]]
