r"""Regionalising a national table with Flegg's location quotient; two-region impacts.

.. math::

    SLQ_i = \frac{RE_i / RE}{NE_i / NE},\quad CILQ_{ij} = \frac{SLQ_i}{SLQ_j},\quad
    \lambda^* = [\log_2(1 + RE/NE)]^{\delta},\quad
    FLQ_{ij} = \lambda^* \cdot \begin{cases} SLQ_i & i = j \\ CILQ_{ij} & i \ne j \end{cases}

and :math:`a^r_{ij} = a_{ij} \min(FLQ_{ij}, 1)`.

References
----------
Flegg, A. T., Webber, C. D., & Elliott, M. V. (1995). On the appropriate use of
location quotients in generating regional input-output tables. *Regional
Studies*, 29(6), 547-561.
Flegg, A. T., & Webber, C. D. (1997). On the appropriate use of location
quotients in generating regional input-output tables: reply. *Regional
Studies*, 31(8), 795-805.
Miller, R. E., & Blair, P. D. (2009). *Input-Output Analysis* (2nd ed.), ch. 3, 8.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from regiocluster.inputoutput.leontief import leontief_inverse

__all__ = ["RegionalImpact", "TwoRegionModel", "flq_coefficients", "flq_lambda"]


def flq_lambda(regional_total: float, national_total: float, *, delta: float = 0.3) -> float:
    """Flegg's regional-size adjustment ``λ* = [log2(1 + RE/NE)]^δ``."""
    return float(np.log2(1.0 + regional_total / national_total) ** delta)


def flq_coefficients(
    A: pd.DataFrame,  # noqa: N803
    regional_employment: pd.Series,
    national_employment: pd.Series,
    *,
    delta: float = 0.3,
) -> pd.DataFrame:
    """Regional purchase coefficients from national ones by FLQ (Flegg et al. 1995).

    Parameters
    ----------
    A : pandas.DataFrame
        National technical coefficients.
    regional_employment, national_employment : pandas.Series
        Employment by sector (same units), indexed like ``A``.
    delta : float
        Flegg's δ (0 gives the cross-industry LQ; 0.3 is the usual choice).

    Returns
    -------
    pandas.DataFrame
        Intra-regional coefficients, each at most the national one.
    """
    re = regional_employment.reindex(A.index).fillna(0.0).to_numpy(dtype=float)
    ne = national_employment.reindex(A.index).to_numpy(dtype=float)
    slq = np.divide(re / re.sum(), ne / ne.sum(), out=np.zeros_like(re), where=ne > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        cilq = slq[:, None] / slq[None, :]
    cilq = np.where(np.isfinite(cilq), cilq, 1.0)
    np.fill_diagonal(cilq, slq)
    factor = np.minimum(flq_lambda(re.sum(), ne.sum(), delta=delta) * cilq, 1.0)
    return pd.DataFrame(A.to_numpy(dtype=float) * factor, index=A.index, columns=A.columns)


@dataclass(frozen=True)
class RegionalImpact:
    """Output, income and employment effects of a shock, by region and sector."""

    output: pd.DataFrame
    income: pd.Series
    employment: pd.Series
    direct_output: float

    @property
    def output_multiplier(self) -> float:
        """Total output (both regions) per unit of direct output."""
        return float(self.output.to_numpy().sum() / self.direct_output)


class TwoRegionModel:
    """An interregional model of two regions built from a national table by FLQ.

    Each region keeps ``a^r_ij`` of its purchases at home (FLQ). What it buys
    outside is split between the other region and the rest of the country in
    proportion to their employment in the selling sector (a supply-pool
    assumption); the rest of the country is a leakage.

    Attributes
    ----------
    A_ : pandas.DataFrame
        The 2n x 2n interregional coefficient matrix (index: region, sector).
    L_ : pandas.DataFrame
        Its Leontief inverse.

    References
    ----------
    Flegg et al. (1995); Miller & Blair (2009), sections 3.3 and 8.4.
    """

    def __init__(self, A, regional_employment, national_employment, delta, income, employment):  # noqa: N803
        self.A = A
        self.regional_employment = regional_employment
        self.national_employment = national_employment
        self.delta = float(delta)
        self.income_coefficients = income
        self.employment_coefficients = employment

    @classmethod
    def from_national(
        cls,
        A: pd.DataFrame,  # noqa: N803
        regional_employment: pd.DataFrame,
        national_employment: pd.Series,
        *,
        delta: float = 0.3,
        income_coefficients: pd.Series | None = None,
        employment_coefficients: pd.Series | None = None,
    ) -> TwoRegionModel:
        """Build from national coefficients and employment by sector x region (2 columns)."""
        if regional_employment.shape[1] != 2:
            raise ValueError("regional_employment must have exactly two region columns")
        zeros = pd.Series(0.0, index=A.index)
        return cls(
            A,
            regional_employment.reindex(A.index).fillna(0.0),
            national_employment.reindex(A.index),
            delta,
            income_coefficients if income_coefficients is not None else zeros,
            employment_coefficients if employment_coefficients is not None else zeros,
        )

    def fit(self) -> TwoRegionModel:
        """Assemble the interregional coefficients and their Leontief inverse."""
        regions = list(self.regional_employment.columns)
        sectors = list(self.A.index)
        national = self.A.to_numpy(dtype=float)
        ne = self.national_employment.to_numpy(dtype=float)
        blocks = {}
        for r in regions:
            blocks[(r, r)] = flq_coefficients(
                self.A, self.regional_employment[r], self.national_employment, delta=self.delta
            ).to_numpy()
        for r, s in ((regions[0], regions[1]), (regions[1], regions[0])):
            # Region s's share of what region r must buy outside itself.
            outside = ne - self.regional_employment[r].to_numpy(dtype=float)
            share = np.divide(
                self.regional_employment[s].to_numpy(dtype=float),
                outside,
                out=np.zeros_like(outside),
                where=outside > 0,
            )
            share = np.clip(share, 0.0, 1.0)
            blocks[(s, r)] = (national - blocks[(r, r)]) * share[:, None]
        top = np.hstack([blocks[(regions[0], regions[0])], blocks[(regions[0], regions[1])]])
        bottom = np.hstack([blocks[(regions[1], regions[0])], blocks[(regions[1], regions[1])]])
        index = pd.MultiIndex.from_product([regions, sectors], names=["region", "sector"])
        self.regions_ = regions
        self.A_ = pd.DataFrame(np.vstack([top, bottom]), index=index, columns=index)
        self.L_ = leontief_inverse(self.A_)
        return self

    def impact(self, final_demand: Mapping[tuple[str, str], float] | pd.Series) -> RegionalImpact:
        """Effects of a change in final demand for (region, sector) outputs.

        A new plant whose output is sold outside the two regions (or replaces
        imports) is modelled as that output entering final demand for its
        (region, sector); the model gives the output it induces in both regions.
        """
        shock = pd.Series(0.0, index=self.A_.index)
        for key, value in dict(final_demand).items():
            shock[key] = value
        output = self.L_.to_numpy() @ shock.to_numpy()
        table = pd.Series(output, index=self.A_.index).unstack("sector")
        table = table.loc[self.regions_, list(self.A.index)]
        income = (table * self.income_coefficients).sum(axis=1).rename("income")
        employment = (table * self.employment_coefficients).sum(axis=1).rename("employment")
        return RegionalImpact(
            output=table, income=income, employment=employment, direct_output=float(shock.sum())
        )
