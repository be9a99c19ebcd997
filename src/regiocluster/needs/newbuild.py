"""New enterprises: where a product gap meets a raw-material base, a good site and support.

A new plant is recommended for a needed product (:mod:`.products`) when all
of these hold, and the recommendation names each one with its number:

1. **a gap**: new capacity is needed by the horizon year, at least
   ``min_plant_share`` of the cluster's median plant of the product (a
   smaller gap is an expansion of an existing plant, not a new one);
2. **a raw-material source**: a deposit of the product's raw material lies
   within ``max_raw_km`` of the site, 30 km for binders (heavy, low-value raw
   materials do not travel far: a cement plant sits on its limestone quarry);
3. **a site**: the best-ranked site for the product that satisfies 2;
4. **support**: at least one support measure the new plant would qualify for.

Its capacity is the gap, capped at the median plant of the product in the
cluster; its investment range comes from the cluster's producers of the
same product (cumulative investment per unit of capacity, 25th–75th
percentile); its workforce from their output per employee.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from regiocluster.geo import great_circle_km

__all__ = ["BINDER_RAW_KM", "nearest_deposits", "plant_benchmarks", "recommend_plants"]

#: Furthest a binder plant (cement, clinker, lime) may lie from its limestone, km.
BINDER_RAW_KM = 30.0


def plant_benchmarks(capacities: pd.DataFrame, finances: pd.DataFrame, year: int) -> pd.DataFrame:
    """Typical plant of each product among the cluster's producers.

    Parameters
    ----------
    capacities : pandas.DataFrame
        ``enterprise_products`` (``enterprise_id``, ``product_id``, ``year``,
        ``capacity``, ``output``), already limited to the cluster's members.
    finances : pandas.DataFrame
        ``enterprise_finances`` (``enterprise_id``, ``year``, ``investment``
        in mln RUB, ``employees``).
    year : int
        Year of the capacities.

    Returns
    -------
    pandas.DataFrame
        By product: ``plants``, ``median_capacity``, ``invest_low`` and
        ``invest_high`` (mln RUB per unit of capacity), ``output_per_employee``.

    Examples
    --------
    >>> caps = pd.DataFrame({"enterprise_id": ["A", "B"], "product_id": "x", "year": 2024,
    ...                      "capacity": [100.0, 300.0], "output": [80.0, 240.0]})
    >>> fin = pd.DataFrame({"enterprise_id": ["A", "B"], "year": 2024,
    ...                     "investment": [10.0, 60.0], "employees": [10, 20]})
    >>> plant_benchmarks(caps, fin, 2024).loc["x", ["plants", "median_capacity"]].tolist()
    [2.0, 200.0]
    """
    now = capacities[(capacities["year"] == year) & (capacities["capacity"] > 0)]
    invested = finances.groupby("enterprise_id")["investment"].sum()
    staff = finances[finances["year"] == year].set_index("enterprise_id")["employees"]
    # a firm making several products: split its investment and staff by output share
    share = now["output"] / now.groupby("enterprise_id")["output"].transform("sum")
    share = share.fillna(1.0 / now.groupby("enterprise_id")["product_id"].transform("count"))
    per_unit = invested.reindex(now["enterprise_id"]).to_numpy() * share / now["capacity"]
    per_staff = now["output"] / (staff.reindex(now["enterprise_id"]).to_numpy() * share)
    frame = now.assign(per_unit=per_unit.to_numpy(), per_staff=per_staff.to_numpy())
    grouped = frame.groupby("product_id")
    return pd.DataFrame(
        {
            "plants": grouped.size().astype(float),
            "median_capacity": grouped["capacity"].median(),
            "invest_low": grouped["per_unit"].quantile(0.25),
            "invest_high": grouped["per_unit"].quantile(0.75),
            "output_per_employee": grouped["per_staff"].median(),
        }
    )


def nearest_deposits(sites: pd.DataFrame, deposits: pd.DataFrame, mineral: str) -> pd.DataFrame:
    """For each site, the nearest deposit of ``mineral`` and its distance (km)."""
    pool = deposits[deposits["mineral"] == mineral]
    if pool.empty:
        return pd.DataFrame(
            {"deposit_id": None, "deposit": None, "raw_km": np.inf}, index=sites.index
        )
    dist = great_circle_km(
        sites["lon"].to_numpy()[:, None],
        sites["lat"].to_numpy()[:, None],
        pool["lon"].to_numpy()[None, :],
        pool["lat"].to_numpy()[None, :],
    )
    best = dist.argmin(axis=1)
    return pd.DataFrame(
        {
            "deposit_id": pool["deposit_id"].to_numpy()[best],
            "deposit": pool["name"].to_numpy()[best],
            "raw_km": dist.min(axis=1),
        },
        index=sites.index,
    )


def recommend_plants(
    needs: pd.DataFrame,
    products: pd.DataFrame,
    deposits: pd.DataFrame,
    ranked_sites: dict[str, pd.DataFrame],
    benchmarks: pd.DataFrame,
    *,
    max_raw_km: float = 50.0,
    min_plant_share: float = 0.25,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Pick a site, raw-material source and size for each needed product.

    Parameters
    ----------
    needs : pandas.DataFrame
        :func:`~regiocluster.needs.products.rank_product_needs` output
        (indexed by product, with ``need`` and ``no_producer``).
    products : pandas.DataFrame
        ``products`` (``product_id``, ``raw_material``).
    deposits : pandas.DataFrame
        ``deposits`` (``deposit_id``, ``name``, ``mineral``, ``lon``, ``lat``).
    ranked_sites : dict of str to DataFrame
        Product → its eligible sites, best first (``site_id`` index, ``name``,
        ``region_id``, ``lon``, ``lat``).
    benchmarks : pandas.DataFrame
        :func:`plant_benchmarks`.
    max_raw_km : float
        Furthest a site may lie from its raw material (binders: at most
        :data:`BINDER_RAW_KM`).
    min_plant_share : float
        Smallest gap, as a share of the median plant, worth a new plant.

    Returns
    -------
    (pandas.DataFrame, pandas.DataFrame)
        Recommended plants (one per product) and the needed products left
        without one, each with the reason.
    """
    info = products.set_index("product_id")
    raw = info["raw_material"]
    chosen, skipped = [], []
    for product, need in needs[needs["need"] > 0].iterrows():
        bench = benchmarks.loc[product] if product in benchmarks.index else None
        if bench is not None and need["need"] < min_plant_share * bench["median_capacity"]:
            skipped.append((product, "gap below a quarter of a typical plant: expand one instead"))
            continue
        reach = max_raw_km
        if info.get("group", pd.Series(dtype=object)).get(product) == "binders":
            reach = min(max_raw_km, BINDER_RAW_KM)
        mineral = raw.get(product)
        if not isinstance(mineral, str) or not mineral:
            skipped.append((product, "no raw material recorded for the product in the case"))
            continue
        sites = ranked_sites.get(product)
        if sites is None or sites.empty:
            skipped.append((product, "no eligible site for the product"))
            continue
        near = nearest_deposits(sites, deposits, mineral)
        ok = near[near["raw_km"] <= reach]
        if ok.empty:
            skipped.append(
                (product, f"no eligible site within {reach:.0f} km of a {mineral} deposit")
            )
            continue
        site_id = ok.index[0]
        capacity = float(need["need"])
        if bench is not None and bench["median_capacity"] > 0:
            capacity = min(capacity, float(bench["median_capacity"]))
        low = high = per_staff = np.nan
        if bench is not None:
            low, high = bench["invest_low"] * capacity, bench["invest_high"] * capacity
            per_staff = bench["output_per_employee"]
        chosen.append(
            {
                "product_id": product,
                "need": float(need["need"]),
                "capacity": capacity,
                "site_id": site_id,
                "site": sites.loc[site_id, "name"],
                "region_id": sites.loc[site_id, "region_id"],
                "site_rank": int(sites.index.get_loc(site_id)) + 1,
                "deposit_id": ok.loc[site_id, "deposit_id"],
                "deposit": ok.loc[site_id, "deposit"],
                "raw_material": mineral,
                "raw_km": float(ok.loc[site_id, "raw_km"]),
                "investment_low": float(low),
                "investment_high": float(high),
                "employees": float(np.ceil(capacity * 0.85 / per_staff))
                if per_staff > 0
                else np.nan,
            }
        )
    plants = pd.DataFrame(chosen)
    left = pd.DataFrame(skipped, columns=["product_id", "reason"])
    return plants, left
