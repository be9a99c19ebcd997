"""Economic complexity: RCA, presence, ECI/PCI, proximity, density, COI and COG.

A vectorised re-implementation of Harvard Growth Lab's ``ecomplexity``
package (py-ecomplexity 0.5.3) with the same parameters, definitions,
normalisation, sign conventions and output column names.  All years are
computed at once on a dense ``year × location × product`` cube with batched
linear algebra; no Python loop runs over locations or products.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

import numpy as np
import pandas as pd

from regiocluster.trade._ecomplexity import (  # noqa: F401 (PresenceTest is public here)
    _LOG,
    PresenceTest,
    _check_cols,
    _check_presence,
    _Cube,
    _cube,
    _indicators,
    _presence,
    _proximity,
)

__all__ = ["complexity", "proximity", "PresenceTest"]


def complexity(
    data: pd.DataFrame,
    cols_input: Mapping[str, str],
    *,
    presence_test: PresenceTest = "rca",
    val_errors_flag: Literal["coerce", "ignore", "raise"] = "coerce",
    rca_mcp_threshold: float = 1,
    rpop_mcp_threshold: float = 1,
    pop: pd.DataFrame | None = None,
    continuous: bool = False,
    asymmetric: bool = False,
    asym: bool | None = None,
    knn: int | None = None,
    verbose: bool = False,
    memory_limit: float = 2**30,
) -> pd.DataFrame:
    r"""Economic complexity indicators for every location × product × year.

    Same parameters, definitions and output as ``ecomplexity.ecomplexity``
    (py-ecomplexity 0.5.3), computed for all years at once.

    Parameters
    ----------
    data : DataFrame
        Long table of values (exports, employment ...) by time, location, product.
    cols_input : mapping
        Column names for the keys ``time``, ``loc``, ``prod``, ``val``, e.g.
        ``{"time": "year", "loc": "reporter", "prod": "hs", "val": "value_usd"}``.
    presence_test : {"rca", "rpop", "both", "manual"}
        How :math:`M_{cp}` is obtained: RCA ≥ ``rca_mcp_threshold``; exports per
        head relative to the world's (RPOP) ≥ ``rpop_mcp_threshold``; either of
        the two; or ``val`` taken as :math:`M_{cp}` itself.
    val_errors_flag : {"coerce", "ignore", "raise"}
        Passed to :func:`pandas.to_numeric` for ``val``; missing values count as 0.
    rca_mcp_threshold, rpop_mcp_threshold : float
        Presence thresholds.
    pop : DataFrame, optional
        Time, location and population, in that order (for ``rpop`` and ``both``).
    continuous : bool
        Proximity as :math:`(1 + \mathrm{corr})/2` of RCA (or RPOP) columns,
        and density weighted by RCA (RPOP) instead of :math:`M`.
    asymmetric : bool
        Asymmetric proximity :math:`\phi_{pq} = P(q \mid p)` instead of
        :math:`\min\{P(p \mid q), P(q \mid p)\}`.
    asym : bool, optional
        Short alias of ``asymmetric``.
    knn : int, optional
        Density from each product's ``knn`` most proximate other products only.
    verbose : bool
        Log (never print) the years processed.
    memory_limit : float
        Bytes the product × product arrays may take; years are processed in
        as many blocks as needed (default 1 GiB).

    Returns
    -------
    DataFrame
        The data's columns plus ``diversity``, ``ubiquity``, ``mcp``, ``eci``,
        ``pci``, ``density``, ``coi``, ``cog``, ``rca`` and, for ``rpop`` and
        ``both``, ``rpop``.  Within a year, locations and products whose values
        sum to zero are dropped from the rectangle (their rows carry NaN) and
        every other location × product pair gets a row (``val`` 0 if absent).

    Notes
    -----
    With :math:`\tilde M_{pp'} = \sum_c M_{cp} M_{cp'} / (k_{c,0} k_{p,0})`, PCI
    is the eigenvector of its second largest eigenvalue and ECI
    :math:`= \sum_p M_{cp}\,\mathrm{PCI}_p / k_{c,0}`; the sign makes ECI
    correlate positively with diversity.  ECI is standardised by its mean and
    (population) standard deviation, PCI by ECI's mean and standard deviation,
    so that ECI equals the mean PCI of a location's products.  COG is divided by
    ECI's standard deviation, COI is standardised.

    .. math::
        \phi_{pq} = \frac{\sum_c M_{cp} M_{cq}}{\max(k_{p,0}, k_{q,0})},\qquad
        \omega_{cp} = \frac{\sum_q M_{cq}\phi_{pq}}{\sum_q \phi_{pq}}

    Deliberate differences from ``ecomplexity`` 0.5.3 (each has a test):

    * ``knn``: ecomplexity returns the *unweighted sum* of :math:`M` over the
      ``knn`` neighbours (it computes the weighted term and discards it), so its
      density exceeds 1.  Here density is the proximity-weighted mean over the
      neighbours, :math:`\sum_{q\in N_k(p)} M_{cq}\phi_{pq} / \sum_{q\in N_k(p)}
      \phi_{pq}`, in [0, 1] (0 if every neighbour has proximity 0).  Neighbours
      exclude the product itself, as in ecomplexity; ties are broken by product
      order.
    * ``presence_test="both"``: ecomplexity adds the RCA and RPOP binaries, so
      :math:`M` reaches 2 and diversity, ubiquity and proximity are inflated;
      here :math:`M_{cp} = 1` if either test passes.
    * Degenerate years.  Where a location has diversity 0 (possible with
      ``rpop`` or thresholds above 1) ecomplexity's NaN spreads to every ECI,
      PCI, COI and COG of the year (and, with exactly one such location, its
      NaN re-insertion fails and all ECI/PCI are NaN); here only that
      location's ECI is NaN and the standardisation uses the others.  A product
      of ubiquity 0 gets proximity 0 to the others (not NaN) and a NaN PCI that
      counts as 0 in COI and COG.  If diversity does not vary (so the sign rule
      is undefined) ECI keeps the eigenvector's sign instead of becoming NaN;
      if the second eigenvalue is 0 (every location alike) ECI and PCI are NaN
      for the year, where ecomplexity returns rounding noise.
    * No warnings are raised and nothing is printed; the log-supermodularity
      check is not run.

    References
    ----------
    Hidalgo, C. A., & Hausmann, R. (2009). The building blocks of economic
    complexity. PNAS, 106(26), 10570-10575.
    Hidalgo, C. A., Klinger, B., Barabási, A.-L., & Hausmann, R. (2007). The
    product space conditions the development of nations. Science, 317, 482-487.
    Hausmann, R., Hidalgo, C. A., et al. (2014). The Atlas of Economic
    Complexity. MIT Press.
    Growth Lab, py-ecomplexity, https://github.com/cid-harvard/py-ecomplexity

    Examples
    --------
    >>> from regiocluster import load_case
    >>> from regiocluster.trade import WORLD_COLS, complexity, world_matrix
    >>> flows = load_case("leningrad").tables["trade_flows"]
    >>> world = world_matrix(flows, exclude=("RU-LEN", "RU-SPE"))
    >>> out = complexity(world, WORLD_COLS)  # doctest: +SKIP
    >>> out.query("year == 2024 and reporter == 'RUS'")["eci"].iloc[0]  # doctest: +SKIP
    """
    cols = _check_cols(cols_input)
    _check_presence(presence_test)
    if asym is not None:
        asymmetric = asym
    cube = _cube(data, cols, val_errors_flag)
    if verbose:
        _LOG.info("economic complexity for %s", ", ".join(map(str, cube.times)))
    mcp, rca, rpop = _presence(
        cube,
        presence_test=presence_test,
        rca_mcp_threshold=rca_mcp_threshold,
        rpop_mcp_threshold=rpop_mcp_threshold,
        pop=pop,
        time_name=cols["time"],
    )
    if continuous and presence_test != "manual":
        weights = rpop if presence_test == "rpop" else rca
    else:
        weights = mcp
    cell = cube.loc_valid[:, :, None] & cube.prod_valid[:, None, :]
    weights = np.where(cell, np.nan_to_num(weights.astype(float)), 0.0)
    # Years are processed in chunks so that the year × product × product arrays
    # stay within ``memory_limit`` (a national HS-6 panel has 5,000 products).
    n_years, _, n_prod = mcp.shape
    chunk = max(1, int(memory_limit // (6 * 8 * n_prod * n_prod)))
    parts = [
        _indicators(
            mcp[a : a + chunk],
            weights[a : a + chunk],
            cube.loc_valid[a : a + chunk],
            cube.prod_valid[a : a + chunk],
            continuous=continuous,
            asym=asymmetric,
            knn=knn,
        )
        for a in range(0, n_years, chunk)
    ]
    indicators = [np.concatenate(arrays) for arrays in zip(*parts, strict=True)]
    result = _frame(cube, cell, cols, mcp, rca, rpop, indicators, presence_test)
    return _conform(result, data, cube, cols)


def _frame(
    cube: _Cube,
    cell: np.ndarray,
    cols: dict[str, str],
    mcp: np.ndarray,
    rca: np.ndarray,
    rpop: np.ndarray | None,
    indicators: list[np.ndarray],
    presence_test: str,
) -> pd.DataFrame:
    """One row per valid location × product × year with every indicator."""
    diversity, ubiquity, eci_n, pci_n, density, coi_n, cog_n = indicators

    flat = np.flatnonzero(cell)
    t_idx, l_idx, p_idx = np.unravel_index(flat, cell.shape)
    tl = t_idx * cell.shape[1] + l_idx
    tp = t_idx * cell.shape[2] + p_idx
    numbers = {
        "diversity": (diversity, tl),
        "ubiquity": (ubiquity, tp),
        "mcp": (mcp, flat),
        "eci": (eci_n, tl),
        "pci": (pci_n, tp),
        "density": (density, flat),
        "coi": (coi_n, tl),
        "cog": (cog_n, flat),
        "rca": (rca, flat),
    }
    if rpop is not None:
        numbers["rpop"] = (rpop, flat)
    # One Fortran-ordered float block filled in place: pandas keeps it without copying.
    block = np.empty((len(flat), len(numbers)), order="F")
    for j, (array, index) in enumerate(numbers.values()):
        np.take(array.astype(float, copy=False).ravel(), index, out=block[:, j])
    result = pd.DataFrame(block, columns=list(numbers), copy=False)
    if presence_test != "manual":
        result["mcp"] = result["mcp"].astype(np.int64)
    result.insert(0, cols["loc"], cube.locs[l_idx])
    result.insert(1, cols["prod"], cube.prods[p_idx])
    result.insert(2, cols["val"], cube.values.ravel()[flat])
    result.insert(3, cols["time"], cube.times[t_idx])
    return result


def _conform(result: pd.DataFrame, data: pd.DataFrame, cube: _Cube, cols: dict) -> pd.DataFrame:
    """Add back the data's other columns and its rows outside the rectangles."""
    keys = [cols["time"], cols["loc"], cols["prod"]]
    extra = [c for c in data.columns if c not in cols.values()]
    n_rows_in = len(cube.frame)
    if not extra and n_rows_in == len(data):
        t_ok = pd.Index(cube.times).get_indexer(data[cols["time"]])
        l_ok = pd.Index(cube.locs).get_indexer(data[cols["loc"]])
        p_ok = pd.Index(cube.prods).get_indexer(data[cols["prod"]])
        inside = cube.loc_valid[t_ok, l_ok] & cube.prod_valid[t_ok, p_ok]
        lost = data.loc[~inside, list(cols.values())]
        if lost.empty:
            return result  # already ordered by time, location, product
        merged = pd.concat([result, lost], ignore_index=True)
        return merged.sort_values(keys, kind="stable", ignore_index=True)
    return result.merge(data, how="outer", on=list(cols.values()))


def proximity(
    data: pd.DataFrame,
    cols_input: Mapping[str, str],
    *,
    presence_test: PresenceTest = "rca",
    val_errors_flag: Literal["coerce", "ignore", "raise"] = "coerce",
    rca_mcp_threshold: float = 1,
    rpop_mcp_threshold: float = 1,
    pop: pd.DataFrame | None = None,
    continuous: bool = False,
    asymmetric: bool = False,
) -> pd.DataFrame:
    r"""Product proximity for every pair of products and year.

    Same parameters and output as ``ecomplexity.proximity`` (py-ecomplexity
    0.5.3): columns ``<time>``, ``<prod>_1``, ``<prod>_2``, ``proximity``, all
    ordered pairs including a product with itself.

    Parameters
    ----------
    data, cols_input, presence_test, val_errors_flag, rca_mcp_threshold, rpop_mcp_threshold, pop
        As in :func:`complexity`.
    continuous : bool
        :math:`(1 + \mathrm{corr})/2` of RCA (RPOP for ``rpop``) columns.
    asymmetric : bool
        :math:`\phi_{pq} = P(q \mid p)` instead of the minimum of both.

    Returns
    -------
    DataFrame
        Long table of proximities.

    Notes
    -----
    :math:`\phi_{pq} = \sum_c M_{cp} M_{cq} / \max(k_{p,0}, k_{q,0})`.  Unlike
    ecomplexity, a product with ubiquity 0 has proximity 0 to the others (not
    NaN), every product has proximity 1 to itself, ``both`` uses a binary
    :math:`M` (see :func:`complexity`), and nothing is printed.

    References
    ----------
    Hidalgo, C. A., Klinger, B., Barabási, A.-L., & Hausmann, R. (2007). The
    product space conditions the development of nations. Science, 317, 482-487.
    """
    cols = _check_cols(cols_input)
    _check_presence(presence_test)
    cube = _cube(data, cols, val_errors_flag)
    mcp, rca, rpop = _presence(
        cube,
        presence_test=presence_test,
        rca_mcp_threshold=rca_mcp_threshold,
        rpop_mcp_threshold=rpop_mcp_threshold,
        pop=pop,
        time_name=cols["time"],
    )
    weights = rpop if presence_test == "rpop" else rca
    cell = cube.loc_valid[:, :, None] & cube.prod_valid[:, None, :]
    weights = np.where(cell, np.nan_to_num(weights.astype(float)), 0.0)
    phi = _proximity(
        mcp,
        mcp.sum(axis=1),
        cube.prod_valid,
        cube.loc_valid,
        continuous=continuous,
        asym=asymmetric,
        weights=weights,
    )
    pair = cube.prod_valid[:, :, None] & cube.prod_valid[:, None, :]
    t_idx, a_idx, b_idx = np.nonzero(pair)
    return pd.DataFrame(
        {
            cols["time"]: cube.times[t_idx],
            cols["prod"] + "_1": cube.prods[a_idx],
            cols["prod"] + "_2": cube.prods[b_idx],
            "proximity": phi[t_idx, a_idx, b_idx],
        }
    )
