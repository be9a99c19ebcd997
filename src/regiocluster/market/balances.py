"""Market balances: apparent consumption and the ratios read from it.

A balance row is one product in one region and year:

.. math:: C = P + M - X

(apparent consumption = production + imports − exports), where imports and
exports are flows across the region's border, abroad or to other regions.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

__all__ = [
    "AGGLOMERATION",
    "agglomerate",
    "balance",
    "internal_flows",
    "national_context",
    "population_table",
]

#: The embedded case's market id (Leningrad Oblast + St. Petersburg), for examples and
#: tests. Code takes a case's own from :attr:`regiocluster.case.Territory.agglomeration_id`
#: (the regions joined by "+", as :func:`agglomerate` names its rows by default).
AGGLOMERATION = "RU-LEN+RU-SPE"

_KEY = ["product_id", "region_id", "year"]
_FLOWS = ["production", "imports", "exports", "capacity"]


def population_table(
    *, regions: pd.DataFrame | None = None, demand_drivers: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Return population by region and year, from the drivers' history or the regions table.

    Yearly ``population`` rows of ``demand_drivers`` (scenario ``actual``)
    come first; a region without them gets its ``regions.population`` in
    every year (as a flat, undated figure).

    Returns
    -------
    DataFrame
        ``region_id``, ``year`` (may be missing for undated figures), ``population``.
    """
    frames = []
    if demand_drivers is not None and len(demand_drivers):
        d = demand_drivers[
            (demand_drivers["driver"] == "population") & (demand_drivers["scenario"] == "actual")
        ]
        d = d[["region_id", "year", "value"]].rename(columns={"value": "population"})
        frames.append(d.astype({"year": "Int64", "population": float}))
    if regions is not None and len(regions):
        known = set(frames[0]["region_id"]) if frames else set()
        r = regions[~regions["region_id"].isin(known) & regions["population"].notna()]
        undated = pd.DataFrame(
            {
                "region_id": r["region_id"].to_numpy(),
                "year": pd.array([pd.NA] * len(r), dtype="Int64"),
                "population": r["population"].to_numpy(dtype=float),
            }
        )
        if len(undated):
            frames.append(undated)
    if not frames:
        return pd.DataFrame(columns=["region_id", "year", "population"])
    return pd.concat(frames, ignore_index=True)


def _attach_population(out: pd.DataFrame, population: pd.DataFrame | None) -> pd.Series:
    if population is None or population.empty:
        return pd.Series(np.nan, index=out.index)
    dated = population.dropna(subset=["year"]).astype({"year": int})
    undated = population[population["year"].isna()].drop_duplicates("region_id")
    by_year = out[["region_id", "year"]].merge(dated, on=["region_id", "year"], how="left")
    flat = out[["region_id"]].merge(
        undated[["region_id", "population"]], on="region_id", how="left"
    )
    return pd.Series(
        by_year["population"].fillna(flat["population"]).to_numpy(dtype=float), index=out.index
    )


def balance(
    balances: pd.DataFrame,
    *,
    population: pd.DataFrame | None = None,
    products: pd.DataFrame | None = None,
    base_year: int | None = None,
) -> pd.DataFrame:
    r"""Apparent consumption and derived ratios for every product × region × year.

    Parameters
    ----------
    balances : DataFrame
        ``product_id``, ``region_id``, ``year``, ``production``, ``imports``,
        ``exports``; optional ``capacity`` and ``price`` (the case's
        ``market_balances``). A ``consumption`` column, if present, is
        replaced by the identity.
    population : DataFrame, optional, keyword-only
        ``region_id``, ``year``, ``population`` (see :func:`population_table`).
    products : DataFrame, optional, keyword-only
        ``product_id``, ``tonnes_per_unit``: adds consumption per capita in kg.
    base_year : int, optional, keyword-only
        Base year of the price index (default: each series' first priced year).

    Returns
    -------
    DataFrame
        The key, ``production``, ``imports``, ``exports``, ``consumption``
        (:math:`P + M - X`), ``capacity``, ``price`` and: ``utilisation`` =
        P / capacity, ``import_share`` = M / C, ``export_share`` = X / P,
        ``self_sufficiency`` = P / C, ``population``, ``per_capita`` (product
        units per person), ``per_capita_kg`` (if ``products``), ``price_index``
        (base = 100), ``consumption_growth`` (year on year, share).

    References
    ----------
    .. [1] Eurostat (2020). Apparent consumption: production + imports − exports.
       Statistics Explained, "Glossary: apparent consumption".

    Examples
    --------
    >>> from regiocluster import load_case
    >>> case = load_case("leningrad")
    >>> b = balance(case["market_balances"])
    >>> bool((b["production"] + b["imports"] - b["exports"] - b["consumption"]).abs().max() == 0)
    True
    """
    out = balances.copy()
    for col in ("capacity", "price"):
        if col not in out:
            out[col] = np.nan
    out = out[[*_KEY, "production", "imports", "exports", "capacity", "price"]].copy()
    for col in ("production", "imports", "exports", "capacity", "price"):
        out[col] = out[col].astype(float)
    out["consumption"] = out["production"] + out["imports"] - out["exports"]
    with np.errstate(divide="ignore", invalid="ignore"):
        out["utilisation"] = out["production"] / out["capacity"]
        out["import_share"] = out["imports"] / out["consumption"]
        out["export_share"] = out["exports"] / out["production"]
        out["self_sufficiency"] = out["production"] / out["consumption"]
    out = out.replace([np.inf, -np.inf], np.nan)
    out["population"] = _attach_population(out, population)
    out["per_capita"] = out["consumption"] / out["population"]
    if products is not None:
        tpu = products.set_index("product_id")["tonnes_per_unit"]
        out["per_capita_kg"] = out["per_capita"] * out["product_id"].map(tpu).astype(float) * 1000
    out = out.sort_values(_KEY, kind="stable").reset_index(drop=True)
    out["price_index"] = _price_index(out, base_year)
    grouped = out.groupby(["product_id", "region_id"], sort=False)["consumption"]
    out["consumption_growth"] = grouped.pct_change(fill_method=None)
    order = [
        *_KEY,
        "production",
        "imports",
        "exports",
        "consumption",
        "capacity",
        "price",
        "utilisation",
        "import_share",
        "export_share",
        "self_sufficiency",
        "population",
        "per_capita",
    ]
    if "per_capita_kg" in out:
        order.append("per_capita_kg")
    return out[[*order, "price_index", "consumption_growth"]]


def _price_index(out: pd.DataFrame, base_year: int | None) -> pd.Series:
    def index(g: pd.DataFrame) -> pd.Series:
        priced = g.dropna(subset=["price"])
        if priced.empty:
            return pd.Series(np.nan, index=g.index)
        if base_year is not None and base_year in set(priced["year"]):
            base = priced.loc[priced["year"] == base_year, "price"].iloc[0]
        else:
            base = priced["price"].iloc[0]
        return 100 * g["price"] / base if base else pd.Series(np.nan, index=g.index)

    parts = [index(g) for _, g in out.groupby(["product_id", "region_id"], sort=False)]
    return pd.concat(parts).reindex(out.index) if parts else pd.Series(dtype=float)


def agglomerate(
    balances: pd.DataFrame,
    *,
    members: Sequence[str],
    region_id: str | None = None,
    internal_flows: pd.DataFrame | None = None,
) -> pd.DataFrame:
    r"""One market made of several regions, netting out the flows among them.

    Production and capacity add up. Imports and exports add up too, less the
    flows between members where they are known: a shipment from one member
    to another is an export of the first and an import of the second, and
    crosses no border of the agglomeration. Netting removes the same
    quantity from both, so consumption is exactly the members' sum. Prices
    are production-weighted means.

    .. math:: M_A = \sum_r M_r - F, \quad X_A = \sum_r X_r - F, \quad C_A = \sum_r C_r

    Parameters
    ----------
    balances : DataFrame
        Balance rows (as :func:`balance` takes them) including the members'.
    members : sequence of str, keyword-only
        Regions forming the market.
    region_id : str, optional, keyword-only
        Id of the new rows (default: the members joined by "+", as
        :attr:`~regiocluster.case.Territory.agglomeration_id` names a territory).
    internal_flows : DataFrame, optional, keyword-only
        ``product_id``, ``year``, ``quantity``: total shipments among members
        (both directions). Capped at the smaller of the summed imports and
        exports so no flow turns negative. Without it the agglomeration's
        imports and exports include intra-agglomeration trade.

    Returns
    -------
    DataFrame
        The agglomeration's rows with ``production``, ``imports``,
        ``exports``, ``consumption``, ``capacity``, ``price`` and
        ``internal_flow`` (the quantity netted out).
    """
    part = balances[balances["region_id"].isin(members)].copy()
    for col in ("capacity", "price"):
        if col not in part:
            part[col] = np.nan
    part["consumption"] = part["production"] + part["imports"] - part["exports"]
    part["_value"] = part["price"] * part["production"]
    part["_priced_production"] = part["production"].where(part["price"].notna())
    agg = (
        part.groupby(["product_id", "year"], sort=True)
        .agg(
            production=("production", "sum"),
            imports=("imports", "sum"),
            exports=("exports", "sum"),
            consumption=("consumption", "sum"),
            capacity=("capacity", lambda s: s.sum(min_count=1)),
            _value=("_value", lambda s: s.sum(min_count=1)),
            _pp=("_priced_production", lambda s: s.sum(min_count=1)),
            _n=("region_id", "nunique"),
        )
        .reset_index()
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        agg["price"] = agg["_value"] / agg["_pp"]
    agg["internal_flow"] = 0.0
    if internal_flows is not None and len(internal_flows):
        flows = internal_flows.groupby(["product_id", "year"])["quantity"].sum()
        known = agg.set_index(["product_id", "year"]).index
        flow = pd.Series(flows.reindex(known).fillna(0.0).to_numpy(), index=agg.index)
        agg["internal_flow"] = np.minimum(flow, np.minimum(agg["imports"], agg["exports"]))
        agg["imports"] = agg["imports"] - agg["internal_flow"]
        agg["exports"] = agg["exports"] - agg["internal_flow"]
    agg["region_id"] = "+".join(members) if region_id is None else region_id
    agg = agg[agg["_n"] == len(set(members))]
    cols = [*_KEY, "production", "imports", "exports", "consumption", "capacity", "price"]
    return agg[[*cols, "internal_flow"]].reset_index(drop=True)


def national_context(
    balances: pd.DataFrame, *, regions: Sequence[str], nation: str
) -> pd.DataFrame:
    """Compare regions with the nation: shares of production and consumption, growth.

    Parameters
    ----------
    balances : DataFrame
        Output of :func:`balance` (with ``per_capita``) holding the nation's
        rows and the regions'.
    regions : sequence of str, keyword-only
        Regions to compare (may include an agglomeration).
    nation : str, keyword-only
        The country's region id (a case's ``case.territory.country``).

    Returns
    -------
    DataFrame
        ``product_id``, ``region_id``, ``year``, ``production_share``,
        ``consumption_share``, ``per_capita_ratio`` (region ÷ nation),
        ``consumption_growth`` and ``nation_consumption_growth``.
    """
    nat = balances[balances["region_id"] == nation].set_index(["product_id", "year"])
    reg = balances[balances["region_id"].isin(regions)].copy()
    idx = pd.MultiIndex.from_frame(reg[["product_id", "year"]])
    with np.errstate(divide="ignore", invalid="ignore"):
        reg["production_share"] = (
            reg["production"].to_numpy() / nat["production"].reindex(idx).to_numpy()
        )
        reg["consumption_share"] = (
            reg["consumption"].to_numpy() / nat["consumption"].reindex(idx).to_numpy()
        )
        reg["per_capita_ratio"] = (
            reg["per_capita"].to_numpy() / nat["per_capita"].reindex(idx).to_numpy()
        )
    reg["nation_consumption_growth"] = nat["consumption_growth"].reindex(idx).to_numpy()
    cols = [
        *_KEY,
        "production_share",
        "consumption_share",
        "per_capita_ratio",
        "consumption_growth",
        "nation_consumption_growth",
    ]
    return reg[cols].reset_index(drop=True)


def internal_flows(
    supply_links: pd.DataFrame,
    enterprises: pd.DataFrame,
    balances: pd.DataFrame,
    *,
    regions: pd.DataFrame | None = None,
    members: Sequence[str],
) -> pd.DataFrame:
    """Quantities shipped between member regions, from firm-to-firm supply links.

    A link whose supplier and buyer sit in different members (districts count
    as their oblast through ``regions.parent_id``) is a flow inside the
    agglomeration. Its value (mln RUB) is turned into product units at the
    supplier region's producer price in ``balances``. Links cover only the
    organisations in the case, so this is a lower bound of the true flow.

    Returns
    -------
    DataFrame
        ``product_id``, ``year``, ``quantity`` (for :func:`agglomerate`).
    """
    parent = {}
    if regions is not None:
        parent = regions.dropna(subset=["parent_id"]).set_index("region_id")["parent_id"].to_dict()
    home = enterprises.set_index("enterprise_id")["region_id"]

    def member_of(region: object) -> object:
        seen = 0
        while region not in members and region in parent and seen < 5:
            region, seen = parent[region], seen + 1
        return region if region in members else None

    links = supply_links.dropna(subset=["product_id"]).copy()
    links["from"] = links["supplier_id"].map(home).map(member_of)
    links["to"] = links["buyer_id"].map(home).map(member_of)
    links = links[links["from"].notna() & links["to"].notna() & (links["from"] != links["to"])]
    prices = balances.set_index(["product_id", "region_id", "year"])["price"]
    key = pd.MultiIndex.from_arrays([links["product_id"], links["from"], links["year"]])
    price = prices.reindex(key).to_numpy(dtype=float)
    links["quantity"] = links["value"].to_numpy(float) * 1e6 / price
    links = links[np.isfinite(links["quantity"])]
    out = links.groupby(["product_id", "year"], as_index=False)["quantity"].sum()
    return out[["product_id", "year", "quantity"]]
