r"""Multi-criteria ranking of sites: AHP weights, TOPSIS, weighted sum, sensitivity, reasons.

References
----------
Saaty, T. L. (1980). *The Analytic Hierarchy Process*. McGraw-Hill.
Saaty, T. L. (1987). The analytic hierarchy process — what it is and how it is
used. *Mathematical Modelling*, 9(3-5), 161-176.
Hwang, C.-L., & Yoon, K. (1981). *Multiple Attribute Decision Making*. Springer.
Butler, J., Jia, J., & Dyer, J. (1997). Simulation techniques for the
sensitivity analysis of multi-criteria decision models. *European J.
Operational Research*, 103(3), 531-546.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.stats import rankdata

from regiocluster.batch import ClientLike, map_pieces

__all__ = [
    "AhpResult",
    "InconsistentJudgementsError",
    "RANDOM_INDEX",
    "ahp_weights",
    "rank_stability",
    "site_rationale",
    "topsis",
    "weighted_sum",
]

#: Saaty's random consistency index by matrix order (Saaty 1980, p. 21).
RANDOM_INDEX: dict[int, float] = {
    1: 0.0,
    2: 0.0,
    3: 0.58,
    4: 0.90,
    5: 1.12,
    6: 1.24,
    7: 1.32,
    8: 1.41,
    9: 1.45,
    10: 1.49,
}


class InconsistentJudgementsError(ValueError):
    """The pairwise comparisons are too inconsistent (CR above the threshold)."""


@dataclass(frozen=True)
class AhpResult:
    """Priority weights and consistency figures of a pairwise comparison matrix."""

    weights: pd.Series
    lambda_max: float
    consistency_index: float
    consistency_ratio: float


def ahp_weights(
    comparisons: pd.DataFrame | np.ndarray | Sequence[Sequence[float]],
    *,
    criteria: Sequence[str] | None = None,
    threshold: float = 0.1,
    force: bool = False,
) -> AhpResult:
    r"""Weights from a reciprocal pairwise comparison matrix by Saaty's eigenvector method.

    .. math::

        A w = \lambda_{max} w,\quad CI = \frac{\lambda_{max} - n}{n - 1},\quad
        CR = \frac{CI}{RI_n}

    Parameters
    ----------
    comparisons : array-like, n x n
        ``a[i, j]`` says how much more important criterion ``i`` is than ``j``
        (Saaty's 1-9 scale); must be positive and reciprocal.
    criteria : sequence of str, optional
        Criterion names (default: the frame's index, or 0..n-1).
    threshold : float
        Largest acceptable consistency ratio (Saaty: 0.1).
    force : bool
        Return the weights even when CR exceeds ``threshold``.

    Returns
    -------
    AhpResult

    Raises
    ------
    InconsistentJudgementsError
        When CR > ``threshold`` and ``force`` is false.

    References
    ----------
    Saaty (1980); Saaty (1987).

    Examples
    --------
    >>> result = ahp_weights([[1, 3, 5], [1 / 3, 1, 3], [1 / 5, 1 / 3, 1]])
    >>> [round(w, 3) for w in result.weights], round(result.consistency_ratio, 3)
    ([0.637, 0.258, 0.105], 0.033)
    """
    if isinstance(comparisons, pd.DataFrame):
        names = list(criteria) if criteria is not None else list(comparisons.index)
        matrix = comparisons.to_numpy(dtype=float)
    else:
        matrix = np.asarray(comparisons, dtype=float)
        names = list(criteria) if criteria is not None else list(range(matrix.shape[0]))
    n = matrix.shape[0]
    if matrix.shape != (n, n) or n == 0:
        raise ValueError("comparisons must be a square matrix")
    if (matrix <= 0).any() or not np.allclose(matrix * matrix.T, 1.0, rtol=1e-6):
        raise ValueError("comparisons must be positive and reciprocal (a[j, i] = 1 / a[i, j])")
    values, vectors = np.linalg.eig(matrix)
    k = int(np.argmax(values.real))
    lambda_max = float(values[k].real)
    vector = np.abs(vectors[:, k].real)
    weights = vector / vector.sum()
    ci = (lambda_max - n) / (n - 1) if n > 2 else 0.0
    ri = RANDOM_INDEX.get(n, 1.49)
    cr = ci / ri if ri > 0 else 0.0
    if cr > threshold and not force:
        raise InconsistentJudgementsError(
            f"consistency ratio {cr:.3f} exceeds {threshold}; revise the judgements "
            "or pass force=True"
        )
    return AhpResult(
        weights=pd.Series(weights, index=names, name="weight"),
        lambda_max=lambda_max,
        consistency_index=float(ci),
        consistency_ratio=float(cr),
    )


def _prepare(scores: pd.DataFrame, weights, benefit) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    values = scores.to_numpy(dtype=float)
    if isinstance(weights, Mapping):
        weights = pd.Series(weights)
    w = (
        weights.reindex(scores.columns).to_numpy(dtype=float)
        if isinstance(weights, pd.Series)
        else np.asarray(weights, dtype=float)
    )
    if isinstance(benefit, Mapping):
        benefit = pd.Series(benefit)
    if isinstance(benefit, pd.Series):
        # A criterion left out must not silently count as a benefit (NaN -> True).
        missing = [c for c in scores.columns if c not in benefit.index]
        if missing:
            raise ValueError(f"benefit does not say whether {missing} are benefits or costs")
        b = benefit.reindex(scores.columns).to_numpy(dtype=bool)
    else:
        b = np.asarray(benefit, dtype=bool)
    if b.shape != (values.shape[1],):
        raise ValueError("benefit must give one flag per criterion")
    if w.shape != (values.shape[1],) or not np.isfinite(w).all() or (w < 0).any():
        raise ValueError("weights must be one non-negative number per criterion")
    if w.sum() <= 0:
        raise ValueError("at least one weight must be positive")
    if not np.isfinite(values).all():
        raise ValueError("scores must be finite")
    return values, w / w.sum(), b


def topsis(scores: pd.DataFrame, weights, benefit) -> pd.Series:
    r"""Score alternatives by closeness to the ideal solution (TOPSIS, vector normalisation).

    .. math::

        r_{ij} = \frac{x_{ij}}{\sqrt{\sum_k x_{kj}^2}},\; v_{ij} = w_j r_{ij},\;
        C_i = \frac{S_i^-}{S_i^+ + S_i^-}

    Parameters
    ----------
    scores : pandas.DataFrame
        Alternatives (rows) by criteria (columns).
    weights : pandas.Series or array-like
        Criterion weights (normalised to sum to 1).
    benefit : pandas.Series or array-like of bool
        True where more is better, False for costs.

    Returns
    -------
    pandas.Series
        Closeness coefficient in [0, 1]; higher is better.

    References
    ----------
    Hwang & Yoon (1981).
    """
    values, w, b = _prepare(scores, weights, benefit)
    norms = np.sqrt((values**2).sum(axis=0))
    norms[norms == 0] = 1.0
    weighted = values / norms * w
    best = np.where(b, weighted.max(axis=0), weighted.min(axis=0))
    worst = np.where(b, weighted.min(axis=0), weighted.max(axis=0))
    to_best = np.sqrt(((weighted - best) ** 2).sum(axis=1))
    to_worst = np.sqrt(((weighted - worst) ** 2).sum(axis=1))
    total = to_best + to_worst
    closeness = np.divide(to_worst, total, out=np.full_like(total, 0.5), where=total > 0)
    return pd.Series(np.clip(closeness, 0.0, 1.0), index=scores.index, name="topsis")


def _minmax(values: np.ndarray, benefit: np.ndarray) -> np.ndarray:
    low, high = values.min(axis=0), values.max(axis=0)
    span = np.where(high > low, high - low, 1.0)
    scaled = (values - low) / span
    scaled[:, high == low] = 1.0
    return np.where(benefit, scaled, 1.0 - scaled)


def weighted_sum(scores: pd.DataFrame, weights, benefit) -> pd.Series:
    """Weighted sum of min-max normalised criteria (costs reversed); in [0, 1]."""
    values, w, b = _prepare(scores, weights, benefit)
    return pd.Series(
        np.clip(_minmax(values, b) @ w, 0.0, 1.0), index=scores.index, name="weighted_sum"
    )


def _ranks(score: np.ndarray) -> np.ndarray:
    return pd.Series(score).rank(ascending=False, method="min").to_numpy()


def _topsis_many(values: np.ndarray, samples: np.ndarray, b: np.ndarray) -> np.ndarray:
    """:func:`topsis` closeness under every row of weights at once, shape (draws, alternatives).

    The same arithmetic as :func:`topsis`, element by element and in the same
    order, broadcast over the draws, so each row equals one call of it.
    """
    w = samples / samples.sum(axis=1, keepdims=True)
    norms = np.sqrt((values**2).sum(axis=0))
    norms[norms == 0] = 1.0
    weighted = (values / norms)[None, :, :] * w[:, None, :]
    high, low = weighted.max(axis=1, keepdims=True), weighted.min(axis=1, keepdims=True)
    best = np.where(b, high, low)
    worst = np.where(b, low, high)
    to_best = np.sqrt(((weighted - best) ** 2).sum(axis=2))
    to_worst = np.sqrt(((weighted - worst) ** 2).sum(axis=2))
    total = to_best + to_worst
    closeness = np.divide(to_worst, total, out=np.full_like(total, 0.5), where=total > 0)
    return np.clip(closeness, 0.0, 1.0)


def _draw_ranks(samples: np.ndarray, *, scores: pd.DataFrame, b: np.ndarray, fn) -> np.ndarray:
    """Ranks of the alternatives under each row of sampled weights (ties share the lowest)."""
    if fn is topsis and len(samples):
        values = scores.to_numpy(dtype=float)
        return rankdata(-_topsis_many(values, samples, b), method="min", axis=1).astype(float)
    out = [_ranks(fn(scores, w, b).to_numpy()) for w in samples]
    return np.array(out, dtype=float).reshape(len(samples), len(scores))


def rank_stability(
    scores: pd.DataFrame,
    weights,
    benefit,
    *,
    method: str = "topsis",
    draws: int = 1000,
    concentration: float = 50.0,
    top: int = 3,
    seed: int = 0,
    client: ClientLike = None,
) -> pd.DataFrame:
    """How stable each alternative's rank is when the weights move (Monte Carlo).

    With ``client`` (see :mod:`regiocluster.batch`) the draws run on Dask
    workers; they are drawn here first, so the result is the same.

    Weights are drawn from a Dirichlet distribution centred on the given
    weights (``concentration`` sets how far they stray: lower is wider).

    Returns
    -------
    pandas.DataFrame
        Per alternative: ``rank`` (at the given weights), ``mean_rank``,
        ``rank_p05`` / ``rank_p95``, ``p_same_rank`` (share of draws with the
        same rank) and ``p_top`` (share of draws in the first ``top``).

    References
    ----------
    Butler, Jia & Dyer (1997).
    """
    values, w, b = _prepare(scores, weights, benefit)
    score_fn = topsis if method == "topsis" else weighted_sum
    base = _ranks(score_fn(scores, w, b).to_numpy())
    rng = np.random.default_rng(seed)
    alpha = np.maximum(w * concentration, 1e-3)
    samples = rng.dirichlet(alpha, size=draws)
    chunks = np.array_split(samples, min(draws, 16)) if draws else [samples]
    parts = map_pieces(_draw_ranks, chunks, client=client, scores=scores, b=b, fn=score_fn)
    ranks = np.vstack(parts)
    return pd.DataFrame(
        {
            "rank": base.astype(int),
            "mean_rank": ranks.mean(axis=0),
            "rank_p05": np.percentile(ranks, 5, axis=0),
            "rank_p95": np.percentile(ranks, 95, axis=0),
            "p_same_rank": (ranks == base).mean(axis=0),
            "p_top": (ranks <= top).mean(axis=0),
        },
        index=scores.index,
    )


def site_rationale(
    scores: pd.DataFrame,
    weights,
    benefit,
    *,
    labels: Mapping[str, str] | None = None,
    units: Mapping[str, str] | None = None,
    count: int = 2,
) -> pd.DataFrame:
    """Each site's strongest and weakest criteria, in words and numbers.

    A site's standing on a criterion is the share of the other sites it beats
    (costs reversed). Strengths are criteria where it beats at least half of
    them, weaknesses the others, the more important (standing times weight)
    first. Yes/no criteria read "yes"/"no"; each item says how many
    sites the site beats on it.

    Returns
    -------
    pandas.DataFrame
        ``strengths``, ``weaknesses`` (text) and ``reason`` (one sentence) per site.
    """
    values, w, b = _prepare(scores, weights, benefit)
    standing = _minmax(values, b)
    labels = dict(labels or {})
    units = dict(units or {})
    columns = list(scores.columns)
    binary = [bool(np.isin(values[:, j], (0.0, 1.0)).all()) for j in range(len(columns))]
    # Share of the other sites each site beats on each criterion.
    others = max(values.shape[0] - 1, 1)
    beaten = (standing[:, None, :] > standing[None, :, :]).sum(axis=1) / others
    useful = [j for j in range(len(columns)) if w[j] > 0]
    rows = []
    for i in range(values.shape[0]):

        def describe(j: int, row: int = i) -> str:
            name = labels.get(columns[j], str(columns[j]))
            value = values[row, j]
            if binary[j]:
                shown = "yes" if value == 1.0 else "no"
            else:
                unit = units.get(columns[j], "")
                number = f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.1f}"
                shown = f"{number} {unit}".strip()
            better = int(round(100 * beaten[row, j]))
            return f"{name}: {shown} (better than {better}% of the other sites)"

        # Strengths stand in the upper half of the field, weaknesses in the lower half;
        # within each, the more important criteria come first.
        upper = [j for j in useful if beaten[i, j] >= 0.5]
        lower = [j for j in useful if beaten[i, j] < 0.5]
        good = sorted(upper, key=lambda j, row=i: -beaten[row, j] * w[j])[:count]
        bad = sorted(lower, key=lambda j, row=i: -(1 - beaten[row, j]) * w[j])[:count]
        strengths = "; ".join(describe(j) for j in good) or "none in the upper half"
        weaknesses = "; ".join(describe(j) for j in bad) or "none in the lower half"
        rows.append(
            {
                "strengths": strengths,
                "weaknesses": weaknesses,
                "reason": f"Strongest: {strengths}. Weakest: {weaknesses}.",
            }
        )
    return pd.DataFrame(rows, index=scores.index)
