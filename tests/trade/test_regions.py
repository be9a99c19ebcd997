"""Sub-national regions inside the world matrix: no double counting."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from regiocluster.trade import carve_out, complexity, regional_complexity

from .conftest import COLS, latent_exports

PARENT = {"RU-LEN": "C000", "RU-SPE": "C000"}
SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _regions_from(world: pd.DataFrame, shares: np.ndarray, seed: int) -> pd.DataFrame:
    """Split part of country C000 into two regions with random product-wise shares."""
    rng = np.random.default_rng(seed)
    country = world[world["country"] == "C000"].reset_index(drop=True)
    weights = rng.dirichlet(shares, len(country))  # region 1, region 2, rest
    frames = []
    for j, region in enumerate(["RU-LEN", "RU-SPE"]):
        share = country["export_value"] * weights[:, j]
        frames.append(country.assign(country=region, export_value=share))
    return pd.concat(frames, ignore_index=True)


@SETTINGS
@given(
    st.integers(0, 10_000),
    st.lists(st.floats(0.2, 5.0), min_size=3, max_size=3),
    st.integers(6, 15),
    st.integers(6, 20),
)
def test_carve_out_conserves_totals_and_densities_stay_in_unit_interval(
    seed: int, shares: list[float], n_loc: int, n_prod: int
) -> None:
    world = latent_exports(n_loc, n_prod, 2, seed=seed, sparsity=0.2)
    regions = _regions_from(world, np.array(shares), seed)
    table = carve_out(world, regions, parent=PARENT, cols_input=COLS)
    before = world.groupby(["year", "hs"])["export_value"].sum()
    after = table.groupby(["year", "hs"])["export_value"].sum().loc[before.index]
    np.testing.assert_allclose(after.to_numpy(), before.to_numpy(), rtol=1e-12)
    assert (table["export_value"] >= 0).all()

    for method in ("carve_out", "project"):
        result = regional_complexity(world, regions, parent=PARENT, cols_input=COLS, method=method)
        density = result.regions["density"].dropna().to_numpy()
        assume(len(density))
        assert ((density >= 0) & (density <= 1 + 1e-12)).all(), method
        # RCA against the world uses the world's totals, which already hold the regions.
        region = result.regions
        totals = world.groupby(["year", "hs"])["export_value"].sum()
        grand = world.groupby("year")["export_value"].sum()
        own = region.groupby(["year", "country"])["export_value"].transform("sum")
        expected = (region["export_value"] / own) / (
            totals.loc[list(zip(region["year"], region["hs"], strict=True))].to_numpy()
            / grand.loc[region["year"]].to_numpy()
        )
        np.testing.assert_allclose(region["rca"], expected, rtol=1e-9)


def test_region_that_mirrors_its_country_gets_the_countrys_indices() -> None:
    """A region exporting a scaled copy of its country's basket is the country in small."""
    world = latent_exports(20, 30, 2, seed=8)
    country = world[world["country"] == "C003"]
    regions = country.assign(country="RU-LEN", export_value=country["export_value"] * 0.25)
    result = regional_complexity(
        world, regions, parent={"RU-LEN": "C003"}, cols_input=COLS, method="project"
    )
    mine = result.regions.set_index(["year", "hs"])
    theirs = result.world[result.world["country"] == "C003"].set_index(["year", "hs"])
    theirs = theirs.loc[mine.index]
    for column in ("rca", "mcp", "density", "eci", "diversity"):
        np.testing.assert_allclose(mine[column], theirs[column], rtol=1e-10, err_msg=column)
    np.testing.assert_allclose(mine["rca_country"].dropna(), 1.0, rtol=1e-12)

    carved = regional_complexity(world, regions, parent={"RU-LEN": "C003"}, cols_input=COLS)
    # Carving a scaled copy out leaves the rest of the country with the same basket shares.
    rest = carved.world[carved.world["country"] == "C003"].set_index(["year", "hs"])
    np.testing.assert_allclose(
        rest.loc[mine.index, "rca"], carved.regions.set_index(["year", "hs"])["rca"], rtol=1e-10
    )


def test_carve_out_rejects_regions_larger_than_their_country() -> None:
    world = latent_exports(5, 6, 1, seed=1)
    country = world[world["country"] == "C000"]
    regions = country.assign(country="RU-LEN", export_value=country["export_value"] * 2 + 1)
    with pytest.raises(ValueError, match="more than their country"):
        carve_out(world, regions, parent={"RU-LEN": "C000"}, cols_input=COLS)


def test_eci_of_projected_region_is_mean_pci_on_the_country_scale() -> None:
    world = latent_exports(25, 40, 1, seed=12)
    regions = _regions_from(world, np.array([1.0, 1.0, 3.0]), 12)
    result = regional_complexity(world, regions, parent=PARENT, cols_input=COLS, method="project")
    countries = complexity(world, COLS)
    pci = countries.groupby("hs")["pci"].first()
    for _, rows in result.regions.groupby("country"):
        present = rows.loc[rows["mcp"] == 1, "hs"]
        np.testing.assert_allclose(rows["eci"].iloc[0], pci.loc[present].mean(), rtol=1e-12)
