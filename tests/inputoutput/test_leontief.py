"""Miller & Blair (2009) Tables 2.3-2.4 and Leontief properties."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from regiocluster.inputoutput import (
    employment_multipliers,
    income_multipliers,
    leontief_inverse,
    linkages,
    output_multipliers,
    technical_coefficients,
)

SECTORS = ["S1", "S2"]


@pytest.fixture
def miller_blair():
    Z = pd.DataFrame([[150, 500], [200, 100]], index=SECTORS, columns=SECTORS)
    x = pd.Series([1000, 2000], index=SECTORS)
    return Z, x


def test_technical_coefficients_table_2_3(miller_blair):
    Z, x = miller_blair
    A = technical_coefficients(Z, x)
    assert A.to_numpy() == pytest.approx(np.array([[0.15, 0.25], [0.20, 0.05]]))
    assert list(A.index) == SECTORS


def test_leontief_inverse_and_new_final_demand_table_2_4(miller_blair):
    Z, x = miller_blair
    L = leontief_inverse(technical_coefficients(Z, x))
    assert L.to_numpy() == pytest.approx(
        np.array([[1.25412541, 0.330033], [0.2640264, 1.12211221]]), abs=1e-6
    )
    new_output = L.to_numpy() @ np.array([600, 1500])
    assert new_output == pytest.approx([1247.5, 1841.6], abs=0.05)
    labour = np.array([0.3, 0.25]) * new_output
    assert labour == pytest.approx([374.25, 460.4], abs=0.02)


def test_output_multipliers(miller_blair):
    Z, x = miller_blair
    multipliers = output_multipliers(leontief_inverse(technical_coefficients(Z, x)))
    assert multipliers.to_numpy() == pytest.approx([1.518, 1.452], abs=5e-4)


def test_income_and_employment_multipliers_type_i(miller_blair):
    Z, x = miller_blair
    L = leontief_inverse(technical_coefficients(Z, x))
    h = pd.Series([0.3, 0.25], index=SECTORS)
    simple = income_multipliers(L, h, kind="simple")
    # h L by hand: 0.3*1.25413 + 0.25*0.26403 and 0.3*0.33003 + 0.25*1.12211.
    assert simple.to_numpy() == pytest.approx([0.44224, 0.37954], abs=1e-5)
    type_i = employment_multipliers(L, h, kind="type_i")
    assert type_i.to_numpy() == pytest.approx([0.44224 / 0.3, 0.37954 / 0.25], abs=1e-4)


@st.composite
def productive_matrices(draw):
    n = draw(st.integers(1, 8))
    seed = draw(st.integers(0, 2**31 - 1))
    rng = np.random.default_rng(seed)
    A = rng.uniform(0, 1, size=(n, n))
    A = A / A.sum(axis=0) * rng.uniform(0.05, 0.9, size=n)  # column sums < 1
    labels = [f"s{i}" for i in range(n)]
    return pd.DataFrame(A, index=labels, columns=labels)


@settings(max_examples=100, deadline=None)
@given(productive_matrices())
def test_leontief_inverse_property(A):
    L = leontief_inverse(A)
    n = len(A)
    assert (np.eye(n) - A.to_numpy()) @ L.to_numpy() == pytest.approx(np.eye(n), abs=1e-9)
    # A productive economy: L >= I elementwise, so output multipliers are at least 1.
    assert (L.to_numpy() >= np.eye(n) - 1e-12).all()
    assert (output_multipliers(L) >= 1 - 1e-12).all()


@settings(max_examples=60, deadline=None)
@given(productive_matrices())
def test_linkage_indices_average_to_one(A):
    table = linkages(leontief_inverse(A))
    assert table["backward"].mean() == pytest.approx(1.0)
    assert table["forward"].mean() == pytest.approx(1.0)
    assert (table["key_sector"] == ((table.backward > 1) & (table.forward > 1))).all()
