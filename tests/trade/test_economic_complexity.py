"""regiocluster.trade.complexity against py-ecomplexity 0.5.3, and its properties."""

from __future__ import annotations

# A declared test dependency: if it is missing these tests fail rather than skip.
import ecomplexity
import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from regiocluster.trade import complexity, proximity

from .conftest import COLS, KEYS, population_for, run_ecomplexity

SHARED = ["diversity", "ubiquity", "mcp", "eci", "pci", "density", "coi", "cog", "rca"]


def _peer(data: pd.DataFrame, **kwargs) -> pd.DataFrame:
    out = run_ecomplexity(
        ecomplexity.ecomplexity,
        data,
        COLS,
        verbose=False,
        check_logsupermodularity=False,
        **kwargs,
    )
    return out.sort_values(KEYS, ignore_index=True)


def _ours(data: pd.DataFrame, **kwargs) -> pd.DataFrame:
    return complexity(data, COLS, **kwargs).sort_values(KEYS, ignore_index=True)


def _assert_same(ours: pd.DataFrame, peer: pd.DataFrame, columns: list[str]) -> None:
    assert len(ours) == len(peer)
    for key in KEYS:
        assert (ours[key].to_numpy() == peer[key].to_numpy()).all(), key
    for column in columns:
        # NaN == NaN would let an all-missing column pass: demand real values.
        assert np.isfinite(ours[column].to_numpy(float)).any(), column
        np.testing.assert_allclose(
            ours[column].to_numpy(float),
            peer[column].to_numpy(float),
            rtol=0,
            atol=1e-8,
            equal_nan=True,
            err_msg=column,
        )
    # Values outside the yearly rectangles are NaN in both, the rest are finite.
    assert np.isfinite(ours["eci"]).sum() > 0


@pytest.mark.parametrize(
    "options",
    [
        {},
        {"rca_mcp_threshold": 0.8},
        {"continuous": True},
        {"asymmetric": True},
    ],
    ids=["default", "threshold", "continuous", "asymmetric"],
)
def test_rca_matches_ecomplexity(dataset: pd.DataFrame, options: dict) -> None:
    peer = _peer(dataset, presence_test="rca", **options)
    ours = _ours(dataset, presence_test="rca", **options)
    assert list(ours.columns) == list(peer.columns)
    _assert_same(ours, peer, SHARED)


@pytest.mark.parametrize("continuous", [False, True])
def test_rpop_matches_ecomplexity(dataset: pd.DataFrame, continuous: bool) -> None:
    pop = population_for(dataset, seed=7)
    peer = _peer(dataset, presence_test="rpop", pop=pop, continuous=continuous)
    ours = _ours(dataset, presence_test="rpop", pop=pop, continuous=continuous)
    assert list(ours.columns) == list(peer.columns)
    _assert_same(ours, peer, [*SHARED, "rpop"])


def test_manual_matches_ecomplexity(dataset: pd.DataFrame) -> None:
    manual = dataset.copy()
    cut = manual.groupby("year")["export_value"].transform("median")
    manual["export_value"] = (manual["export_value"] > cut).astype(int)
    peer = _peer(manual, presence_test="manual")
    ours = _ours(manual, presence_test="manual")
    assert list(ours.columns) == list(peer.columns)
    _assert_same(ours, peer, SHARED)


def test_both_is_binary_and_equals_ecomplexity_on_the_union(dataset: pd.DataFrame) -> None:
    """ecomplexity's "both" adds the two binaries (M reaches 2); ours takes their union.

    Our result must equal ecomplexity run on M = max(RCA test, RPOP test) given as
    a manual presence matrix; RCA and RPOP must equal ecomplexity's "both".
    """
    pop = population_for(dataset, seed=11)
    # Shift population so that the two tests disagree somewhere.
    pop["population"] *= np.random.default_rng(3).uniform(0.3, 3.0, len(pop))
    peer_both = _peer(dataset, presence_test="both", pop=pop)
    assert peer_both["mcp"].max() == 2  # the documented defect
    ours = _ours(dataset, presence_test="both", pop=pop)
    assert set(np.unique(ours["mcp"].dropna())) <= {0, 1}
    _assert_same(ours, peer_both, ["rca", "rpop"])

    union = peer_both.dropna(subset=["mcp"])[KEYS + ["mcp"]].copy()
    union["export_value"] = np.minimum(union.pop("mcp"), 1)
    peer_union = _peer(union, presence_test="manual")
    inside = ours.dropna(subset=["mcp"]).reset_index(drop=True)
    _assert_same(inside, peer_union, [c for c in SHARED if c != "rca"])


def test_proximity_matches_ecomplexity(dataset: pd.DataFrame) -> None:
    for options in ({}, {"asymmetric": True}, {"continuous": True}):
        peer = run_ecomplexity(ecomplexity.proximity, dataset, COLS, **options)
        ours = proximity(dataset, COLS, **options)
        keys = ["year", "hs_1", "hs_2"]
        peer = peer.sort_values(keys, ignore_index=True)
        ours = ours.sort_values(keys, ignore_index=True)
        assert list(ours.columns) == list(peer.columns)
        assert (ours[keys].to_numpy() == peer[keys].to_numpy()).all()
        np.testing.assert_allclose(ours["proximity"], peer["proximity"], rtol=0, atol=1e-8)


def test_knn_density_is_the_weighted_mean_over_neighbours() -> None:
    """ecomplexity's knn density is the unweighted sum over neighbours; ours is weighted.

    Continuous proximities have no ties, so both pick the same neighbours (the
    nearest by 1 - proximity, excluding the product itself, as scikit-learn does).
    """
    from sklearn.neighbors import NearestNeighbors

    from .conftest import latent_exports

    data = latent_exports(30, 40, 1, seed=5)
    k = 6
    peer = _peer(data, continuous=True, knn=k)
    ours = _ours(data, continuous=True, knn=k)
    others = ["diversity", "ubiquity", "mcp", "eci", "pci", "cog", "rca"]
    _assert_same(ours, peer, others)

    prox = run_ecomplexity(ecomplexity.proximity, data, COLS, continuous=True)
    products = sorted(data["hs"].unique())
    phi = prox.pivot(index="hs_1", columns="hs_2", values="proximity").loc[products, products]
    phi = phi.to_numpy()
    _, neighbours = NearestNeighbors(n_neighbors=k, metric="precomputed").fit(1 - phi).kneighbors()
    rca = ours.pivot(index="country", columns="hs", values="rca").loc[:, products].to_numpy()
    weights = np.take_along_axis(phi, neighbours, axis=1)
    expected = np.einsum("cpk,pk->cp", rca[:, neighbours], weights) / weights.sum(axis=1)
    got = ours.pivot(index="country", columns="hs", values="density").loc[:, products]
    np.testing.assert_allclose(got.to_numpy(), expected, rtol=1e-10)

    unweighted = rca[:, neighbours].sum(axis=2)
    peer_density = peer.pivot(index="country", columns="hs", values="density").loc[:, products]
    np.testing.assert_allclose(peer_density.to_numpy(), unweighted, rtol=1e-10)


def test_knn_discrete_density_stays_in_unit_interval() -> None:
    from .conftest import latent_exports

    data = latent_exports(25, 30, 2, seed=9)
    peer = _peer(data, knn=5)
    ours = _ours(data, knn=5)
    assert peer["density"].max() > 1  # unweighted count of present neighbours
    assert ours["density"].between(0, 1 + 1e-12).all()


def test_single_zero_diversity_location_keeps_other_indices() -> None:
    """With rpop, a location with no RPOP >= 1 has diversity 0.

    ecomplexity then returns NaN for every ECI and PCI of the year; ours leaves
    only that location's ECI undefined and still satisfies ECI = mean PCI.
    """
    from .conftest import latent_exports

    data = latent_exports(15, 20, 1, seed=4)
    pop = population_for(data, seed=4)
    pop.loc[pop["country"] == "C000", "population"] *= 1e6
    peer = _peer(data, presence_test="rpop", pop=pop)
    ours = _ours(data, presence_test="rpop", pop=pop)
    assert peer["eci"].isna().all()
    poor = ours["country"] == "C000"
    assert ours.loc[poor, "diversity"].eq(0).all() and ours.loc[poor, "eci"].isna().all()
    rest = ours[~poor]
    assert rest["eci"].notna().all()
    present = rest[rest["mcp"] == 1]
    mean_pci = present.groupby("country")["pci"].mean()
    eci = rest.groupby("country")["eci"].first()
    np.testing.assert_allclose(mean_pci, eci.loc[mean_pci.index], atol=1e-9)
    np.testing.assert_allclose(eci.mean(), 0, atol=1e-12)
    np.testing.assert_allclose(eci.std(ddof=0), 1, atol=1e-12)


# --- properties -------------------------------------------------------------------------------


@st.composite
def export_tables(draw: st.DrawFn) -> pd.DataFrame:
    n_loc = draw(st.integers(3, 10))
    n_prod = draw(st.integers(3, 10))
    n_year = draw(st.integers(1, 2))
    values = draw(
        arrays(
            float,
            (n_year, n_loc, n_prod),
            elements=st.one_of(st.just(0.0), st.floats(0.5, 1000.0)),
        )
    )
    t, loc, prod = np.indices(values.shape)
    return pd.DataFrame(
        {
            "year": 2000 + t.ravel(),
            "country": [f"C{i}" for i in loc.ravel()],
            "hs": [f"P{j}" for j in prod.ravel()],
            "export_value": values.ravel(),
        }
    )


PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(export_tables())
def test_eci_is_mean_pci_of_present_products(data: pd.DataFrame) -> None:
    out = complexity(data, COLS).dropna(subset=["mcp"])
    assume(len(out) and np.isfinite(out["eci"]).all() and np.isfinite(out["pci"]).all())
    present = out[out["mcp"] == 1]
    mean_pci = present.groupby(["year", "country"])["pci"].mean()
    eci = out.groupby(["year", "country"])["eci"].first().loc[mean_pci.index]
    np.testing.assert_allclose(mean_pci.to_numpy(), eci.to_numpy(), atol=1e-7)


@PROPERTY
@given(export_tables(), st.booleans(), st.booleans())
def test_proximity_symmetric_with_unit_diagonal(
    data: pd.DataFrame, continuous: bool, manual: bool
) -> None:
    if manual:
        data = data.assign(export_value=(data["export_value"] > 300).astype(int))
    prox = proximity(data, COLS, continuous=continuous, presence_test="manual" if manual else "rca")
    assume(len(prox))
    for _, year in prox.groupby("year"):
        wide = year.pivot(index="hs_1", columns="hs_2", values="proximity")
        matrix = wide.loc[wide.index, wide.index].to_numpy()
        np.testing.assert_allclose(matrix, matrix.T, atol=1e-12)
        np.testing.assert_array_equal(np.diag(matrix), 1.0)
        assert ((matrix >= 0) & (matrix <= 1 + 1e-12)).all()


@PROPERTY
@given(export_tables(), st.sampled_from([None, 1, 3]), st.booleans())
def test_density_in_unit_interval(data: pd.DataFrame, knn: int | None, asymmetric: bool) -> None:
    out = complexity(data, COLS, knn=knn, asymmetric=asymmetric).dropna(subset=["mcp"])
    assume(len(out))
    density = out["density"].to_numpy()
    assert np.isfinite(density).all()
    assert ((density >= -1e-12) & (density <= 1 + 1e-12)).all()


def test_year_blocks_do_not_change_results(dataset: pd.DataFrame) -> None:
    """Processing one year at a time (small memory_limit) matches ecomplexity too."""
    peer = _peer(dataset)
    ours = _ours(dataset, memory_limit=1)
    _assert_same(ours, peer, SHARED)


def test_extra_columns_and_missing_values_are_kept_as_ecomplexity_does() -> None:
    from .conftest import DATASETS

    data = DATASETS["wide_with_holes"]()
    data["note"] = np.arange(len(data)) % 7
    data.loc[data.index[:5], "export_value"] = np.nan
    peer = _peer(data).sort_values([*KEYS, "note"], ignore_index=True)
    ours = _ours(data).sort_values([*KEYS, "note"], ignore_index=True)
    assert list(ours.columns) == list(peer.columns)
    _assert_same(ours, peer, [*SHARED, "note", "export_value"])
