"""Related-industry clusters after Delgado, Porter & Stern (2016).

Three steps, as in "Defining clusters of related industries":

1. **Relatedness** between every pair of industries — from co-location
   (correlation of employment across regions; the Ellison–Glaeser–Kerr
   coagglomeration index) and from input–output links (the largest of the
   four input and output shares between the two industries);
2. **Clustering**: a hierarchical (average-linkage) start, refined by k-means
   on the industries' relatedness profiles;
3. **Validation score**: the share of industries that are, on average, more
   related to the other industries of their own cluster than to the
   industries of any other cluster.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.cluster import hierarchy
from scipy.spatial.distance import squareform

from regiocluster.case.codes import longest_match, split_prefixes

__all__ = [
    "RelatedIndustryClusters",
    "ValidationResult",
    "colocation_correlation",
    "combine_relatedness",
    "coagglomeration",
    "io_relatedness",
    "sector_of",
    "validation_score",
]


def _wide(table: pd.DataFrame, region: str, industry: str, value: str) -> pd.DataFrame:
    return table.pivot_table(
        index=region, columns=industry, values=value, aggfunc="sum", dropna=False
    ).astype(float)


def colocation_correlation(
    table: pd.DataFrame,
    *,
    region: str = "region_id",
    industry: str = "okved",
    value: str = "employees",
    measure: str = "share",
) -> pd.DataFrame:
    """Correlation of industries' employment across regions.

    Parameters
    ----------
    table : pandas.DataFrame
        Long table for one period over non-overlapping regions.
    region, industry, value : str
        Column names.
    measure : {"share", "employment"}
        Correlate each industry's regional shares of the *region's* employment
        (``"share"``, which removes region size, as in the location-quotient
        based co-location of Delgado, Porter & Stern) or raw employment.

    Returns
    -------
    pandas.DataFrame
        Industry × industry Pearson correlations over regions where both are
        observed (suppressed cells are left out pairwise); diagonal 1.
    """
    wide = _wide(table, region, industry, value)
    if measure == "share":
        wide = wide.div(wide.sum(axis=1, min_count=1), axis=0)
    elif measure != "employment":
        raise ValueError("measure must be 'share' or 'employment'")
    corr = wide.corr(min_periods=3)
    return corr.fillna(0.0)


def coagglomeration(
    table: pd.DataFrame,
    *,
    region: str = "region_id",
    industry: str = "okved",
    value: str = "employees",
) -> pd.DataFrame:
    r"""Ellison–Glaeser coagglomeration index of every pair of industries.

    .. math::

        \gamma^c_{ij} = \frac{\sum_r (s_{ri} - x_r)(s_{rj} - x_r)}{1 - \sum_r x_r^2}

    where :math:`s_{ri}` is region *r*'s share of industry *i*'s employment
    and :math:`x_r` its share of total employment (the pairwise form of
    Ellison, Glaeser & Kerr 2010, eq. 2, without the plant Herfindahl terms,
    which need plant-level data). Suppressed cells count as zero. An industry
    with no employment in any region has no location shares; its indices are
    0 (no evidence of coagglomeration), as its co-location correlation is.

    Parameters
    ----------
    table : pandas.DataFrame
        Long table for one period over non-overlapping regions.
    region, industry, value : str
        Column names.

    Returns
    -------
    pandas.DataFrame
        Industry × industry indices (the diagonal is each industry's own
        raw concentration, :math:`\sum_r (s_{ri}-x_r)^2 / (1-\sum_r x_r^2)`).

    References
    ----------
    Ellison, G., & Glaeser, E. L. (1997). Geographic concentration in U.S.
    manufacturing industries: a dartboard approach. *JPE*, 105(5), 889-927.
    Ellison, G., Glaeser, E. L., & Kerr, W. R. (2010). What causes industry
    agglomeration? *American Economic Review*, 100(3), 1195-1213.
    """
    wide = _wide(table, region, industry, value).fillna(0.0)
    x = wide.sum(axis=1) / wide.to_numpy().sum()
    shares = wide / wide.sum(axis=0).replace(0.0, np.nan)
    dev = shares.fillna(0.0).sub(x, axis=0).to_numpy()
    gamma = dev.T @ dev / (1.0 - float((x**2).sum()))
    # Without employment its deviations would be -x, a spurious concentration.
    empty = ~(wide.sum(axis=0).to_numpy() > 0)
    gamma[empty, :] = 0.0
    gamma[:, empty] = 0.0
    return pd.DataFrame(gamma, index=wide.columns, columns=wide.columns)


def sector_of(codes: Sequence[str], sectors: pd.DataFrame) -> pd.Series:
    """Map OKVED codes to input–output sectors by the longest matching prefix.

    Parameters
    ----------
    codes : sequence of str
        OKVED codes (``"23.51"``, ``"41"``).
    sectors : pandas.DataFrame
        ``io_sectors`` with ``sector_id`` and ``okved_prefixes`` ("08.11|08.12|23").

    Returns
    -------
    pandas.Series
        Sector id per code (``NaN`` where none matches).
    """
    prefixes = {
        p: s
        for s, ps in zip(sectors["sector_id"], sectors["okved_prefixes"], strict=True)
        for p in split_prefixes(str(ps))
    }
    out = {code: longest_match(code, prefixes) for code in codes}
    return pd.Series(out, name="sector_id", dtype=object)


def io_relatedness(
    flows: pd.DataFrame,
    *,
    sectors: pd.DataFrame | None = None,
    industries: Sequence[str] | None = None,
    row: str = "row",
    column: str = "column",
    value: str = "value",
) -> pd.DataFrame:
    r"""Input–output relatedness: the largest of the four input and output shares.

    .. math::

        IO_{ij} = \max\{in_{ij}, in_{ji}, out_{ij}, out_{ji}\},\quad
        in_{ij} = \frac{z_{ji}}{\sum_k z_{ki}},\quad out_{ij} = \frac{z_{ij}}{\sum_k z_{ik}}

    :math:`in_{ij}` is the share of *i*'s inputs bought from *j* and
    :math:`out_{ij}` the share of *i*'s output sold to *j*; denominators are
    total inputs (including primary inputs) and total output (including
    final demand), so the shares of sectors of different sizes compare.

    Parameters
    ----------
    flows : pandas.DataFrame
        Long input–output table (``io_flows``) for one year; rows that are not
        sectors (value added, imports) and columns that are not sectors (final
        demand) enter the denominators only.
    sectors : pandas.DataFrame, optional
        ``io_sectors``; with ``industries`` it maps the sector matrix onto
        industries (two industries of one sector get that sector's own share).
    industries : sequence of str, optional
        OKVED codes to return the matrix for.
    row, column, value : str
        Column names.

    Returns
    -------
    pandas.DataFrame
        Symmetric sector × sector (or industry × industry) matrix.

    References
    ----------
    Delgado, M., Porter, M. E., & Stern, S. (2016). Defining clusters of
    related industries. *Journal of Economic Geography*, 16(1), 1-38.
    """
    z_all = flows.pivot_table(index=row, columns=column, values=value, aggfunc="sum").fillna(0.0)
    names = [s for s in z_all.index if s in z_all.columns]
    total_in = z_all.sum(axis=0).reindex(names)
    total_out = z_all.sum(axis=1).reindex(names)
    z = z_all.loc[names, names].to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        inputs = np.nan_to_num(z.T / total_in.to_numpy()[:, None])  # [i, j] = z_ji / in_i
        outputs = np.nan_to_num(z / total_out.to_numpy()[:, None])  # [i, j] = z_ij / out_i
    rel = np.maximum.reduce([inputs, inputs.T, outputs, outputs.T])
    matrix = pd.DataFrame(rel, index=names, columns=names)
    if industries is None:
        return matrix
    if sectors is None:
        raise ValueError("mapping to industries needs `sectors` (io_sectors)")
    mapping = sector_of(list(industries), sectors)
    idx = mapping.map(lambda s: names.index(s) if s in names else -1).to_numpy()
    out = np.zeros((len(idx), len(idx)))
    ok = idx >= 0
    out[np.ix_(ok, ok)] = rel[np.ix_(idx[ok], idx[ok])]
    return pd.DataFrame(out, index=list(industries), columns=list(industries))


def combine_relatedness(*matrices: pd.DataFrame) -> pd.DataFrame:
    """Average of several relatedness matrices after percentile-ranking each.

    Each matrix's off-diagonal entries are replaced by their percentile rank
    (0-1), so measures on different scales weigh equally, as Delgado, Porter
    & Stern do when they combine co-location and input–output links.

    Parameters
    ----------
    *matrices : pandas.DataFrame
        Square matrices on the same labels (aligned on the first one's).

    Returns
    -------
    pandas.DataFrame
        The mean rank; diagonal 1.
    """
    labels = matrices[0].index
    ranked = []
    n = len(labels)
    off = ~np.eye(n, dtype=bool)
    for m in matrices:
        values = m.reindex(index=labels, columns=labels).fillna(0.0).to_numpy(dtype=float)
        ranks = np.zeros_like(values)
        ranks[off] = pd.Series(values[off]).rank(pct=True).to_numpy()
        ranked.append(ranks)
    mean = np.mean(ranked, axis=0)
    np.fill_diagonal(mean, 1.0)
    return pd.DataFrame(mean, index=labels, columns=labels)


@dataclass(frozen=True)
class ValidationResult:
    """Validation of a cluster configuration.

    Attributes
    ----------
    score : float
        Share of industries more related to their own cluster than to any other.
    own : pandas.Series
        Each industry's mean relatedness to the rest of its own cluster.
    best_other : pandas.Series
        Its highest mean relatedness to another cluster.
    """

    score: float
    own: pd.Series
    best_other: pd.Series


def validation_score(relatedness: pd.DataFrame, labels: pd.Series) -> ValidationResult:
    """Delgado–Porter–Stern validation score of a clustering.

    An industry *i* in cluster *c* is *valid* when its mean relatedness to the
    other members of *c* exceeds its mean relatedness to the members of every
    other cluster. Singletons have no own-cluster relatedness and are invalid.

    Parameters
    ----------
    relatedness : pandas.DataFrame
        Square, symmetric relatedness matrix.
    labels : pandas.Series
        Cluster of each industry (index = the matrix labels).

    Returns
    -------
    ValidationResult
    """
    labels = labels.reindex(relatedness.index)
    values = relatedness.to_numpy(dtype=float).copy()
    np.fill_diagonal(values, np.nan)
    clusters = pd.unique(labels)
    member = np.stack([(labels == c).to_numpy() for c in clusters], axis=1).astype(float)
    sums = np.nan_to_num(values) @ member
    counts = member.sum(axis=0)[None, :] - member  # own cluster excludes the industry itself
    with np.errstate(divide="ignore", invalid="ignore"):
        means = sums / counts
    own_idx = np.argmax(member, axis=1)
    rows = np.arange(len(labels))
    own = means[rows, own_idx]
    others = means.copy()
    others[rows, own_idx] = -np.inf
    best_other = others.max(axis=1) if len(clusters) > 1 else np.full(len(rows), -np.inf)
    valid = np.nan_to_num(own, nan=-np.inf) > best_other
    return ValidationResult(
        score=float(valid.mean()),
        own=pd.Series(own, index=relatedness.index, name="own"),
        best_other=pd.Series(best_other, index=relatedness.index, name="best_other"),
    )


class RelatedIndustryClusters:
    """Clusters of related industries: hierarchical start, k-means refinement.

    Parameters
    ----------
    n_clusters : int
        Number of clusters.
    linkage : str
        Linkage of the hierarchical start (``"average"``).
    max_iter : int
        k-means iterations.
    random_state : int, optional
        Only used to break ties between equidistant centroids.

    Attributes
    ----------
    labels_ : pandas.Series
        Industry → cluster number (0 ... n_clusters-1, ordered by size).
    initial_labels_ : pandas.Series
        The hierarchical start.
    refined_ : bool
        Whether the k-means refinement was kept (it is dropped when it lowers
        the validation score).
    validation_ : ValidationResult
        Validation of the final configuration.
    validation_score_ : float
        ``validation_.score``.

    References
    ----------
    Delgado, M., Porter, M. E., & Stern, S. (2016). Defining clusters of
    related industries. *Journal of Economic Geography*, 16(1), 1-38.
    """

    def __init__(
        self,
        n_clusters: int,
        *,
        linkage: str = "average",
        max_iter: int = 100,
        random_state: int | None = None,
    ) -> None:
        self.n_clusters = n_clusters
        self.linkage = linkage
        self.max_iter = max_iter
        self.random_state = random_state

    def fit(self, relatedness: pd.DataFrame) -> RelatedIndustryClusters:
        """Cluster the industries of a relatedness matrix.

        Parameters
        ----------
        relatedness : pandas.DataFrame
            Square symmetric matrix (higher = more related), e.g. from
            :func:`combine_relatedness`.

        Returns
        -------
        RelatedIndustryClusters
            ``self``.
        """
        labels_index = relatedness.index
        values = relatedness.to_numpy(dtype=float)
        values = (values + values.T) / 2.0
        n = len(values)
        k = min(self.n_clusters, n)
        off = values[~np.eye(n, dtype=bool)]
        lo, hi = float(off.min()), float(off.max())
        scaled = (values - lo) / (hi - lo) if hi > lo else np.zeros_like(values)
        distance = 1.0 - scaled
        np.fill_diagonal(distance, 0.0)
        tree = hierarchy.linkage(squareform(np.clip(distance, 0, None), checks=False), self.linkage)
        start = hierarchy.fcluster(tree, t=k, criterion="maxclust") - 1
        # k-means on relatedness profiles (each industry's row), from the hierarchical centroids
        profiles = scaled.copy()
        np.fill_diagonal(profiles, 1.0)
        labels = start.copy()
        rng = np.random.default_rng(self.random_state)
        for _ in range(self.max_iter):
            present = np.unique(labels)
            centroids = np.stack([profiles[labels == c].mean(axis=0) for c in present])
            dist = ((profiles[:, None, :] - centroids[None, :, :]) ** 2).sum(axis=2)
            dist += rng.random(dist.shape) * 1e-12
            new = present[np.argmin(dist, axis=1)]
            if np.array_equal(new, labels):
                break
            labels = new
        self.initial_labels_ = pd.Series(_relabel(start), index=labels_index, name="cluster")
        refined = pd.Series(_relabel(labels), index=labels_index, name="cluster")
        initial_validation = validation_score(relatedness, self.initial_labels_)
        refined_validation = validation_score(relatedness, refined)
        # as in Delgado, Porter & Stern, configurations are judged by their validation
        # score: the refinement is kept only when it does not lower it
        self.refined_ = refined_validation.score >= initial_validation.score
        if self.refined_:
            self.labels_, self.validation_ = refined, refined_validation
        else:
            self.labels_, self.validation_ = self.initial_labels_.copy(), initial_validation
        self.validation_score_ = self.validation_.score
        return self


def _relabel(labels: np.ndarray) -> np.ndarray:
    """Renumber clusters 0.. by decreasing size (ties by first appearance)."""
    values, first, counts = np.unique(labels, return_index=True, return_counts=True)
    order = sorted(range(len(values)), key=lambda k: (-counts[k], first[k]))
    mapping = {values[k]: new for new, k in enumerate(order)}
    return np.array([mapping[v] for v in labels])
