r"""Leontief quantity model: coefficients, inverse, multipliers and linkages.

.. math::

    A = Z \hat{x}^{-1},\qquad x = (I - A)^{-1} f = L f

References
----------
Miller, R. E., & Blair, P. D. (2009). *Input-Output Analysis: Foundations and
Extensions* (2nd ed.), ch. 2 and 6. Cambridge University Press.
Rasmussen, P. N. (1956). *Studies in Inter-Sectoral Relations*. North-Holland.
Hirschman, A. O. (1958). *The Strategy of Economic Development*. Yale.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = [
    "employment_multipliers",
    "income_multipliers",
    "leontief_inverse",
    "linkages",
    "output_multipliers",
    "technical_coefficients",
]


def technical_coefficients(Z: pd.DataFrame, x: pd.Series) -> pd.DataFrame:  # noqa: N803
    """Direct input coefficients ``a_ij = z_ij / x_j`` (Miller & Blair 2009, eq. 2.4).

    Sectors with zero output get zero coefficients.
    """
    output = x.reindex(Z.columns).to_numpy(dtype=float)
    safe = np.where(output > 0, output, 1.0)
    A = Z.to_numpy(dtype=float) / safe  # noqa: N806
    A[:, output <= 0] = 0.0
    return pd.DataFrame(A, index=Z.index, columns=Z.columns)


def leontief_inverse(A: pd.DataFrame) -> pd.DataFrame:  # noqa: N803
    """Total requirements matrix ``L = (I - A)^{-1}`` (Miller & Blair 2009, eq. 2.10).

    Examples
    --------
    >>> A = pd.DataFrame([[0.15, 0.25], [0.20, 0.05]])
    >>> leontief_inverse(A).round(4).to_numpy().tolist()
    [[1.2541, 0.33], [0.264, 1.1221]]
    """
    values = A.to_numpy(dtype=float)
    n = values.shape[0]
    if values.shape != (n, n):
        raise ValueError("A must be square")
    L = np.linalg.solve(np.eye(n) - values, np.eye(n))  # noqa: N806
    return pd.DataFrame(L, index=A.index, columns=A.columns)


def output_multipliers(L: pd.DataFrame) -> pd.Series:  # noqa: N803
    """Return simple output multipliers: column sums of ``L`` (Miller & Blair 2009, eq. 6.1)."""
    return L.sum(axis=0).rename("output_multiplier")


def _coefficient_multipliers(L, coefficients, kind, name):  # noqa: N803
    h = coefficients.reindex(L.index).to_numpy(dtype=float)
    simple = h @ L.to_numpy(dtype=float)
    if kind == "simple":
        values = simple
    elif kind == "type_i":
        values = np.divide(simple, h, out=np.full_like(simple, np.nan), where=h > 0)
    else:
        raise ValueError("kind must be 'simple' or 'type_i'")
    return pd.Series(values, index=L.columns, name=name)


def income_multipliers(
    L: pd.DataFrame,  # noqa: N803
    income_coefficients: pd.Series,
    *,
    kind: str = "type_i",
) -> pd.Series:
    """Household income multipliers (Miller & Blair 2009, section 6.2.2).

    ``"simple"``: income generated per unit of final demand, ``h L``;
    ``"type_i"``: that divided by the sector's own direct income coefficient.
    """
    return _coefficient_multipliers(L, income_coefficients, kind, "income_multiplier")


def employment_multipliers(
    L: pd.DataFrame,  # noqa: N803
    employment_coefficients: pd.Series,
    *,
    kind: str = "type_i",
) -> pd.Series:
    """Employment multipliers (jobs per unit of final demand, or Type I ratio)."""
    return _coefficient_multipliers(L, employment_coefficients, kind, "employment_multiplier")


def linkages(L: pd.DataFrame) -> pd.DataFrame:  # noqa: N803
    r"""Rasmussen-Hirschman backward and forward linkage indices.

    .. math::

        BL_j = \frac{n \sum_i l_{ij}}{\sum_{ij} l_{ij}},\qquad
        FL_i = \frac{n \sum_j l_{ij}}{\sum_{ij} l_{ij}}

    A sector with both indices above 1 is a key sector.

    References
    ----------
    Rasmussen (1956); Hirschman (1958); Miller & Blair (2009), section 12.2.
    """
    values = L.to_numpy(dtype=float)
    n = values.shape[0]
    total = values.sum()
    backward = n * values.sum(axis=0) / total
    forward = n * values.sum(axis=1) / total
    frame = pd.DataFrame({"backward": backward, "forward": forward}, index=L.index)
    frame["key_sector"] = (frame["backward"] > 1) & (frame["forward"] > 1)
    return frame
