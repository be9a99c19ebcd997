"""The committed generator reproduces the shipped embedded case byte for byte."""

from __future__ import annotations

from pathlib import Path

import pytest

from regiocluster.case.builtin.leningrad import generate
from regiocluster.case.builtin.leningrad._common import HERE, table_text
from regiocluster.case.schema import TABLES


@pytest.mark.slow
def test_regeneration_reproduces_every_shipped_table(tmp_path: Path) -> None:
    generate.generate(tmp_path)
    differing = [
        name
        for name in TABLES
        if (tmp_path / f"{name}.csv").read_bytes() != (HERE / f"{name}.csv").read_bytes()
    ]
    assert differing == []


def test_float_format_is_fixed_and_trims_zeros() -> None:
    import pandas as pd

    frame = pd.DataFrame(
        {
            "product_id": ["a", "b"],
            "driver": ["housing_m2", "roads_km"],
            "intensity": [0.1 + 0.2, 2.0],
            "low": [-0.0, 1e-9],
            "high": [1234.56789, 3.0],
            "lag_years": [1, 0],
            "source": ["x", "y"],
        }
    )
    text = table_text("material_intensities", frame)
    assert text.splitlines() == [
        "product_id,driver,intensity,low,high,lag_years,source",
        "a,housing_m2,0.3,0,1234.5679,1,x",
        "b,roads_km,2,0,3,0,y",
    ]
