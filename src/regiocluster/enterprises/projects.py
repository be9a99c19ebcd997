"""Major projects: what the cluster can supply, from whom, and what is missing.

The needs of major projects (product × year quantities) are set against the
cluster's free capacity — capacity less output of its member enterprises in
the territory — and against its market commitments (the output already sold
and the territory's apparent consumption). Free capacity is allocated to the
projects greedily by distance: the nearest (project, enterprise) pair is
served first, as much as the enterprise's free capacity and the project's
remaining need allow, then the next nearest, and so on.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from regiocluster.case.territory import Territory
from regiocluster.case.units import sum_same_unit, to_tonnes
from regiocluster.errors import InvalidValueError
from regiocluster.geo import great_circle_km

__all__ = [
    "ProjectSupply",
    "allocate_nearest",
    "free_capacity",
    "project_supply",
    "project_totals",
]


@dataclass(frozen=True)
class ProjectSupply:
    """What the cluster can supply to major projects.

    Attributes
    ----------
    by_product : pandas.DataFrame
        Product × year: ``need`` (all projects), ``free_capacity``, ``output``
        (the cluster's output, already committed to the market),
        ``consumption`` (the territory's apparent consumption, if market
        balances were given), ``allocated``, ``shortfall`` = need − allocated,
        ``coverage`` = allocated / need, ``need_share_of_output``,
        ``extrapolated`` (free capacity held at the last observed year).
    by_project : pandas.DataFrame
        Project × product × year: ``need``, ``allocated``, ``shortfall``,
        ``coverage``, ``suppliers`` (enterprises allocated).
    allocations : pandas.DataFrame
        Project × product × year × enterprise with ``allocated`` > 0:
        ``distance_km``, ``free_capacity`` (the enterprise's, before any
        allocation), ``allocated``, ``rank`` (1 = nearest supplier of the project).
    candidates : pandas.DataFrame
        Project × product × enterprise that makes the product with free
        capacity in a year of the project's needs, nearest first:
        ``distance_km``, ``free_capacity`` (mean over those years), ``rank``.
    """

    by_product: pd.DataFrame
    by_project: pd.DataFrame
    allocations: pd.DataFrame
    candidates: pd.DataFrame


def _gap(need: pd.Series, allocated: pd.Series) -> pd.Series:
    """Need − allocated, with rounding noise of the greedy sums set to zero."""
    gap = need - allocated
    return gap.where(gap.abs() > 1e-9 * need.abs().clip(lower=1.0), 0.0)


def free_capacity(
    enterprise_products: pd.DataFrame,
    *,
    enterprises: Iterable[str] | None = None,
    years: Iterable[int] | None = None,
) -> pd.DataFrame:
    """Free capacity (capacity − output, never negative) by enterprise, product and year.

    Parameters
    ----------
    enterprise_products : pandas.DataFrame
        ``enterprise_products`` (capacity and output by enterprise, product, year).
    enterprises : iterable of str, optional
        Keep only these enterprises (the cluster's members in the territory).
    years : iterable of int, optional
        Years wanted. A year after an enterprise's last observed year takes
        that year's capacity and output (``extrapolated`` = True); a year
        before its first is left out.

    Returns
    -------
    pandas.DataFrame
        ``enterprise_id``, ``product_id``, ``year``, ``capacity``, ``output``,
        ``free_capacity``, ``extrapolated``.
    """
    table = enterprise_products[["enterprise_id", "product_id", "year", "capacity", "output"]]
    if enterprises is not None:
        table = table[table["enterprise_id"].isin(set(enterprises))]
    table = table.assign(extrapolated=False)
    if years is not None:
        wanted = sorted({int(y) for y in years})
        last = table.sort_values("year").groupby(["enterprise_id", "product_id"]).tail(1)
        later = []
        for year in wanted:
            rows = last[last["year"] < year]
            if len(rows):
                later.append(rows.assign(year=year, extrapolated=True))
        table = pd.concat([table, *later], ignore_index=True)
        table = table.drop_duplicates(["enterprise_id", "product_id", "year"], keep="first")
        table = table[table["year"].isin(wanted)]
    table = table.assign(free_capacity=(table["capacity"] - table["output"]).clip(lower=0.0))
    return table.sort_values(["product_id", "year", "enterprise_id"]).reset_index(drop=True)


def allocate_nearest(
    needs: pd.DataFrame, supply: pd.DataFrame, distance_km: pd.DataFrame
) -> pd.DataFrame:
    """Allocate supply to needs greedily, the nearest (need, supplier) pair first.

    Parameters
    ----------
    needs : pandas.DataFrame
        ``project_id``, ``product_id``, ``year``, ``quantity``.
    supply : pandas.DataFrame
        ``enterprise_id``, ``product_id``, ``year``, ``free_capacity``.
    distance_km : pandas.DataFrame
        Projects (index) × enterprises (columns), km.

    Returns
    -------
    pandas.DataFrame
        ``project_id``, ``product_id``, ``year``, ``enterprise_id``,
        ``distance_km``, ``free_capacity``, ``allocated`` — every pair with a
        positive allocation. Per enterprise, product and year the allocations
        never exceed its free capacity; per project they never exceed its
        need; in each product-year the total allocated equals
        min(total need, total free capacity) because every pair may trade.

    Notes
    -----
    This is the "nearest first" rule a cluster manager applies by hand. It
    is not the transport-cost optimum, which a transportation LP would give
    (see :mod:`regiocluster.siting`).
    """
    cols = ["project_id", "product_id", "year", "enterprise_id", "distance_km"]
    cols += ["free_capacity", "allocated"]
    need = needs[needs["quantity"] > 0]
    have = supply[supply["free_capacity"] > 0]
    rows: list[tuple] = []
    merged = need.merge(have, on=["product_id", "year"], how="inner")
    if merged.empty:
        return pd.DataFrame(
            {c: pd.Series(dtype=float if c in cols[-3:] else object) for c in cols}
        ).astype({"year": int})
    dist = distance_km.stack()
    dist.index.names = ["project_id", "enterprise_id"]
    merged["distance_km"] = pd.MultiIndex.from_frame(merged[["project_id", "enterprise_id"]]).map(
        dist
    )
    merged = merged.sort_values(
        ["product_id", "year", "distance_km", "project_id", "enterprise_id"], kind="stable"
    )
    for (_product, _year), group in merged.groupby(["product_id", "year"], sort=False):
        left_need = dict(zip(group["project_id"], group["quantity"], strict=False))
        left_free = dict(zip(group["enterprise_id"], group["free_capacity"], strict=False))
        for rec in group.itertuples(index=False):
            amount = min(left_need[rec.project_id], left_free[rec.enterprise_id])
            if amount <= 0:
                continue
            left_need[rec.project_id] -= amount
            left_free[rec.enterprise_id] -= amount
            rows.append(
                (rec.project_id, rec.product_id, rec.year, rec.enterprise_id,
                 rec.distance_km, rec.free_capacity, amount)
            )  # fmt: skip
    if not rows:
        return allocate_nearest(needs.iloc[:0], supply.iloc[:0], distance_km)
    return pd.DataFrame(rows, columns=cols)


def project_supply(
    projects: pd.DataFrame,
    needs: pd.DataFrame,
    enterprise_products: pd.DataFrame,
    enterprises: pd.DataFrame,
    *,
    members: Iterable[str] | None = None,
    territory: Iterable[str],
    regions: pd.DataFrame | None = None,
    market_balances: pd.DataFrame | None = None,
) -> ProjectSupply:
    """Set major projects' needs against the cluster's free capacity and name suppliers.

    Parameters
    ----------
    projects : pandas.DataFrame
        ``major_projects`` (``project_id``, ``lon``, ``lat``).
    needs : pandas.DataFrame
        ``project_needs`` (``project_id``, ``product_id``, ``year``, ``quantity``).
    enterprise_products : pandas.DataFrame
        ``enterprise_products`` (capacity and output).
    enterprises : pandas.DataFrame
        ``enterprises`` (``enterprise_id``, ``region_id``, ``lon``, ``lat``).
    members : iterable of str, optional
        The cluster's members; default every enterprise in the territory.
    territory : iterable of str
        Regions of the cluster; districts count through ``regions.parent_id``.
    regions : pandas.DataFrame, optional
        ``regions`` table, to resolve districts to their oblast.
    market_balances : pandas.DataFrame, optional
        ``market_balances``; the territory's consumption is the sum over its
        regions (``RU-LEN`` and ``RU-SPE``).

    Returns
    -------
    ProjectSupply

    References
    ----------
    Porter, M. E. (1998). Clusters and the new economics of competition.
    *Harvard Business Review*, 76(6), 77-90 (local suppliers to anchor demand).
    """
    territory = tuple(territory)
    firms = enterprises[Territory.of(territory, regions).contains_all(enterprises["region_id"])]
    if members is not None:
        firms = firms[firms["enterprise_id"].isin(set(members))]
    years = sorted(needs["year"].unique())
    free = free_capacity(enterprise_products, enterprises=firms["enterprise_id"], years=years)
    places = projects.set_index("project_id")[["lon", "lat"]]
    where = firms.set_index("enterprise_id")[["lon", "lat"]]
    distance = pd.DataFrame(
        great_circle_km(
            places["lon"].to_numpy()[:, None],
            places["lat"].to_numpy()[:, None],
            where["lon"].to_numpy()[None, :],
            where["lat"].to_numpy()[None, :],
        ),
        index=places.index,
        columns=where.index,
    )
    allocations = _ranked_allocations(needs, free, distance)
    by_project = _by_project(needs, allocations)
    return ProjectSupply(
        by_product=_by_product(by_project, free, market_balances, territory),
        by_project=by_project,
        allocations=allocations,
        candidates=_candidates(needs, free, distance),
    )


def _ranked_allocations(
    needs: pd.DataFrame, free: pd.DataFrame, distance: pd.DataFrame
) -> pd.DataFrame:
    """Allocate needs to the nearest free capacity, ranked within each need."""
    allocations = allocate_nearest(needs, free, distance)
    if len(allocations):
        allocations = allocations.sort_values(
            ["project_id", "product_id", "year", "distance_km"]
        ).reset_index(drop=True)
        allocations["rank"] = (
            allocations.groupby(["project_id", "product_id", "year"]).cumcount() + 1
        )
    else:
        allocations["rank"] = pd.Series(dtype=int)

    return allocations


def _by_project(needs: pd.DataFrame, allocations: pd.DataFrame) -> pd.DataFrame:
    """Need, allocation, suppliers, shortfall and coverage per project, product and year."""
    key = ["project_id", "product_id", "year"]
    by_project = needs.groupby(key, as_index=False)["quantity"].sum()
    by_project = by_project.rename(columns={"quantity": "need"})
    got = allocations.groupby(key).agg(
        allocated=("allocated", "sum"), suppliers=("enterprise_id", "nunique")
    )
    by_project = by_project.merge(got.reset_index(), on=key, how="left")
    by_project["allocated"] = by_project["allocated"].fillna(0.0)
    by_project["suppliers"] = by_project["suppliers"].fillna(0).astype(int)
    by_project["shortfall"] = _gap(by_project["need"], by_project["allocated"])
    by_project["coverage"] = by_project["allocated"] / by_project["need"].where(
        by_project["need"] > 0
    )

    return by_project.sort_values(key).reset_index(drop=True)


def _by_product(
    by_project: pd.DataFrame,
    free: pd.DataFrame,
    market_balances: pd.DataFrame | None,
    territory: tuple[str, ...],
) -> pd.DataFrame:
    """Needs against free capacity, output and the territory's consumption per product and year."""
    pk = ["product_id", "year"]
    by_product = by_project.groupby(pk, as_index=False)[["need", "allocated"]].sum()
    cap = free.groupby(pk).agg(
        free_capacity=("free_capacity", "sum"),
        output=("output", "sum"),
        extrapolated=("extrapolated", "any"),
    )
    by_product = by_product.merge(cap.reset_index(), on=pk, how="left")
    by_product[["free_capacity", "output"]] = by_product[["free_capacity", "output"]].fillna(0.0)
    by_product["extrapolated"] = by_product["extrapolated"].eq(True)
    by_product["shortfall"] = _gap(by_product["need"], by_product["allocated"])
    by_product["coverage"] = by_product["allocated"] / by_product["need"].where(
        by_product["need"] > 0
    )
    by_product["need_share_of_output"] = by_product["need"] / by_product["output"].where(
        by_product["output"] > 0
    )
    if market_balances is not None and len(market_balances):
        mb = market_balances[market_balances["region_id"].isin(territory)]
        consumption = mb.groupby(pk)["consumption"].sum().rename("consumption")
        by_product = by_product.merge(consumption.reset_index(), on=pk, how="left")
    else:
        by_product["consumption"] = np.nan

    return by_product.sort_values(pk).reset_index(drop=True)


def _candidates(needs: pd.DataFrame, free: pd.DataFrame, distance: pd.DataFrame) -> pd.DataFrame:
    """Who makes the product with free capacity in the project's years, nearest first."""
    # candidates: who makes the product with free capacity in the project's years, nearest first
    pairs = needs[needs["quantity"] > 0].merge(
        free[free["free_capacity"] > 0], on=["product_id", "year"]
    )
    candidates = pairs.groupby(["project_id", "product_id", "enterprise_id"], as_index=False)[
        "free_capacity"
    ].mean()
    if len(candidates):
        dist = distance.stack()
        candidates["distance_km"] = pd.MultiIndex.from_frame(
            candidates[["project_id", "enterprise_id"]]
        ).map(dist)
        candidates = candidates.sort_values(
            ["project_id", "product_id", "distance_km", "enterprise_id"]
        ).reset_index(drop=True)
        candidates["rank"] = candidates.groupby(["project_id", "product_id"]).cumcount() + 1
    else:
        candidates = candidates.assign(distance_km=pd.Series(dtype=float), rank=0)
    cols = ["project_id", "product_id", "enterprise_id", "distance_km", "free_capacity", "rank"]
    return candidates[cols]


def project_totals(
    by_project: pd.DataFrame, products: pd.DataFrame, *, first_year: int | None = None
) -> pd.DataFrame:
    """Need, allocation and shortfall per project in tonnes: one unit, so they add up.

    A project's needs come in tonnes, m³ and m² (cement, ready-mix concrete,
    gypsum board); summed as they are they mean nothing. Each row is put in
    tonnes with the product's ``tonnes_per_unit`` first, and the sum is taken
    with :func:`regiocluster.case.units.sum_same_unit`, which refuses mixed units.

    Parameters
    ----------
    by_project : pandas.DataFrame
        :attr:`ProjectSupply.by_project`.
    products : pandas.DataFrame
        ``products`` (``product_id``, ``tonnes_per_unit``).
    first_year : int, optional, keyword-only
        Only rows from this year on (the forecast years).

    Returns
    -------
    pandas.DataFrame
        ``project_id``, ``need_t``, ``allocated_t``, ``shortfall_t``, ``coverage``
        (allocated ÷ need, in tonnes), ``products`` (number of products).
    """
    rows = by_project if first_year is None else by_project[by_project["year"] >= first_year]
    per_unit = rows["product_id"].map(products.set_index("product_id")["tonnes_per_unit"])
    if per_unit.isna().any():
        missing = sorted(rows.loc[per_unit.isna(), "product_id"].unique())
        raise InvalidValueError("product without tonnes_per_unit", ", ".join(missing))
    frame = rows.assign(
        need_t=to_tonnes(rows["need"], per_unit),
        allocated_t=to_tonnes(rows["allocated"], per_unit),
        shortfall_t=to_tonnes(rows["shortfall"], per_unit),
    )
    out = []
    for project_id, group in frame.groupby("project_id", sort=True):
        units = ["t"] * len(group)
        need, _ = sum_same_unit(group["need_t"], units)
        allocated, _ = sum_same_unit(group["allocated_t"], units)
        shortfall, _ = sum_same_unit(group["shortfall_t"], units)
        out.append(
            {
                "project_id": project_id,
                "need_t": need,
                "allocated_t": allocated,
                "shortfall_t": shortfall,
                "coverage": allocated / need if need > 0 else np.nan,
                "products": int(group["product_id"].nunique()),
            }
        )
    columns = ["project_id", "need_t", "allocated_t", "shortfall_t", "coverage", "products"]
    return pd.DataFrame(out, columns=columns)
