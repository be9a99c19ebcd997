"""Import substitution: import shares and what the cluster's spare capacity could replace."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from regiocluster.case.codes import covers
from regiocluster.market.balances import agglomerate

__all__ = [
    "ImportSubstitution",
    "crosswalk",
    "foreign_imports",
    "import_shares",
    "import_substitution",
]


def crosswalk(products: pd.DataFrame) -> pd.DataFrame:
    """HS ↔ OKPD2 ↔ OKVED-2 crosswalk for the case's products.

    Parameters
    ----------
    products : DataFrame
        The case's ``products`` table (``product_id``, ``hs``, ``okpd2``,
        ``okved``, ``unit``, ``tonnes_per_unit`` ...).

    Returns
    -------
    DataFrame
        One row per product: ``product_id``, ``hs6``, ``hs4``, ``hs2``,
        ``okpd2``, ``okpd2_class`` (first four digits, ``23.51``), ``okved``,
        ``okved_division``, ``unit``, ``tonnes_per_unit``, and ``hs_share``:
        the product's share when several products share one HS code (equal
        split; :func:`foreign_imports` re-weights by consumption), and
        ``okpd2_matches_okved`` — OKPD2 and OKVED-2 share their first levels
        by construction (OK 034-2014 follows OK 029-2014), so a mismatch
        flags a coding error.

    References
    ----------
    OK 034-2014 (OKPD2) and OK 029-2014 (OKVED-2), Rosstandart; HS 2017, WCO.
    """
    table = products[["product_id", "hs", "okpd2", "okved", "unit", "tonnes_per_unit"]].copy()
    table["hs6"] = table.pop("hs").astype(str).str.replace(".", "", regex=False).str.zfill(6)
    table["hs4"] = table["hs6"].str[:4]
    table["hs2"] = table["hs6"].str[:2]
    table["okpd2_class"] = table["okpd2"].astype(str).str[:5]
    table["okved_division"] = table["okved"].astype(str).str[:2]
    table["okpd2_matches_okved"] = [
        covers(str(v), str(p)) or covers(str(p)[:5], str(v))
        for p, v in zip(table["okpd2"], table["okved"], strict=True)
    ]
    table["hs_share"] = 1.0 / table.groupby("hs6")["product_id"].transform("count")
    columns = [
        "product_id",
        "hs6",
        "hs4",
        "hs2",
        "okpd2",
        "okpd2_class",
        "okved",
        "okved_division",
        "unit",
        "tonnes_per_unit",
        "hs_share",
        "okpd2_matches_okved",
    ]
    return table[columns]


def foreign_imports(
    trade_flows: pd.DataFrame,
    products: pd.DataFrame,
    *,
    consumption: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Sum imports from abroad by product, region and year, in the product's units.

    Parameters
    ----------
    trade_flows : DataFrame
        The case's ``trade_flows`` (HS-6 rows with ``flow == "import"``).
    products : DataFrame
        The case's ``products``.
    consumption : DataFrame, optional
        ``market_balances``-like table (``product_id``, ``region_id``,
        ``year``, ``consumption``) used to split an HS code shared by several
        products in proportion to their consumption (default: equal split).

    Returns
    -------
    DataFrame
        ``product_id``, ``region_id``, ``year``, ``foreign_imports`` (product
        units), ``foreign_imports_t``, ``foreign_imports_usd`` (thousand US$).
        Reporter ``RUS`` becomes region ``RU``.
    """
    cw = crosswalk(products)
    imports = trade_flows[(trade_flows["flow"] == "import") & (trade_flows["partner"] != "WLD")]
    imports = imports.groupby(["reporter", "hs", "year"], as_index=False)[
        ["value_usd", "quantity_t"]
    ].sum(min_count=1)
    imports["hs6"] = imports.pop("hs").astype(str).str.zfill(6)
    imports["region_id"] = imports.pop("reporter").replace({"RUS": "RU"})
    merged = imports.merge(cw[["product_id", "hs6", "tonnes_per_unit", "hs_share"]], on="hs6")
    if consumption is not None:
        shares = consumption.merge(cw[["product_id", "hs6"]], on="product_id")
        total = shares.groupby(["hs6", "region_id", "year"])["consumption"].transform("sum")
        shares["weight"] = np.where(total > 0, shares["consumption"] / total, np.nan)
        merged = merged.merge(
            shares[["product_id", "region_id", "year", "weight"]],
            on=["product_id", "region_id", "year"],
            how="left",
        )
        merged["hs_share"] = merged["weight"].fillna(merged["hs_share"])
    merged["foreign_imports_t"] = merged["quantity_t"] * merged["hs_share"]
    merged["foreign_imports_usd"] = merged["value_usd"] * merged["hs_share"]
    merged["foreign_imports"] = merged["foreign_imports_t"] / merged["tonnes_per_unit"]
    return merged[
        [
            "product_id",
            "region_id",
            "year",
            "foreign_imports",
            "foreign_imports_t",
            "foreign_imports_usd",
        ]
    ].reset_index(drop=True)


def import_shares(
    market_balances: pd.DataFrame,
    trade_flows: pd.DataFrame | None = None,
    products: pd.DataFrame | None = None,
) -> pd.DataFrame:
    r"""Import share of apparent consumption by product, region and year.

    Parameters
    ----------
    market_balances : DataFrame
        ``product_id``, ``region_id``, ``year``, ``production``, ``imports``,
        ``exports``, ``consumption`` (imports include other regions).
    trade_flows, products : DataFrame, optional
        With both, also the share of imports from abroad.

    Returns
    -------
    DataFrame
        The balance columns plus ``import_share`` = imports / consumption and,
        with trade data, ``foreign_imports`` and ``foreign_import_share``.

    Notes
    -----
    Apparent consumption :math:`C = Q + M - X`; the import share
    :math:`M / C` (import penetration) is the usual import-dependence
    indicator of import-substitution programmes.
    """
    keys = ["product_id", "region_id", "year"]
    table = market_balances[[*keys, "production", "imports", "exports", "consumption"]].copy()
    with np.errstate(divide="ignore", invalid="ignore"):
        table["import_share"] = np.where(
            table["consumption"] > 0, table["imports"] / table["consumption"], np.nan
        )
    if trade_flows is not None and products is not None:
        foreign = foreign_imports(trade_flows, products, consumption=table)
        table = table.merge(foreign, on=keys, how="left")
        with np.errstate(divide="ignore", invalid="ignore"):
            table["foreign_import_share"] = np.where(
                table["consumption"] > 0, table["foreign_imports"] / table["consumption"], np.nan
            )
    return table


@dataclass(frozen=True)
class ImportSubstitution:
    """Import-substitution candidates of a cluster.

    Attributes
    ----------
    candidates : DataFrame
        One row per product: ``imports`` (product units, into the cluster's
        regions), ``foreign_imports``, ``capacity``, ``output``, ``headroom``
        (capacity − output), ``replaceable`` (min of imports and headroom),
        ``replaceable_foreign``, ``price``, ``replaceable_value`` (RUB) and
        ``import_share``, ranked by ``replaceable_value``.
    shares : DataFrame
        :func:`import_shares` of the cluster's regions, all years.
    year : int
        Year assessed.
    """

    candidates: pd.DataFrame
    shares: pd.DataFrame
    year: int


def import_substitution(
    market_balances: pd.DataFrame,
    enterprise_products: pd.DataFrame,
    *,
    regions: Sequence[str],
    year: int | None = None,
    trade_flows: pd.DataFrame | None = None,
    products: pd.DataFrame | None = None,
    enterprises: pd.DataFrame | None = None,
    district_parent: dict[str, str] | None = None,
    utilisation_ceiling: float = 1.0,
    internal_flows: pd.DataFrame | None = None,
) -> ImportSubstitution:
    r"""Find which of the cluster regions' imports its spare capacity could replace.

    Parameters
    ----------
    market_balances : DataFrame
        The case's balances.
    enterprise_products : DataFrame
        Capacity and output per enterprise × product × year.
    regions : sequence of str
        The cluster's regions (``["RU-LEN", "RU-SPE"]``); their imports are
        summed, and flows between them are not imports of the cluster.
    year : int, optional
        Year (default: the latest year with both balances and capacities).
    trade_flows, products : DataFrame, optional
        For imports from abroad (via :func:`crosswalk`).
    enterprises : DataFrame, optional
        With ``region_id``: capacities of enterprises outside ``regions`` and
        their districts are left out (give ``district_parent`` to map
        districts to their region); default all enterprises.
    district_parent : dict, optional
        District → region, for enterprises registered in districts.
    utilisation_ceiling : float
        Capacity is usable up to this utilisation; headroom = ceiling ×
        capacity − output (1 by default; about 0.85-0.9 is more realistic for
        plants that need maintenance stops).
    internal_flows : DataFrame, optional
        ``product_id``, ``year``, ``quantity``: shipments between the
        regions, netted out of the cluster's imports and exports by
        :func:`regiocluster.market.agglomerate` (the market balance's one
        rule; :func:`regiocluster.trade.case.substitution` passes the
        case's). Without it nothing is netted.

    Returns
    -------
    ImportSubstitution

    Notes
    -----
    The balances' imports of a region include inflows from the other regions
    of the cluster, which are not imports of the cluster: ``internal_flows``
    are removed from both imports and exports (``internal_flow`` column),
    and apparent consumption, in which they cancel, is the sum of the
    regions' consumption. Import share = imports from outside the cluster ÷
    apparent consumption, as in the market balance. Replaceable volume
    :math:`\min(M, \max(0, \kappa K - Q))` with capacity :math:`K`, output
    :math:`Q` and the utilisation ceiling :math:`\kappa`.

    References
    ----------
    Miller, R. E., & Blair, P. D. (2009). Input-Output Analysis, 2nd ed., ch.
    on import coefficients; Government Decree No. 719 (register of Russian
    industrial products).
    """
    shares = import_shares(market_balances, trade_flows, products)
    shares = shares[shares["region_id"].isin(regions)]
    capacity = enterprise_products
    if enterprises is not None and "region_id" in enterprises:
        where = enterprises.set_index("enterprise_id")["region_id"]
        where = where.replace(district_parent or {})
        inside = where[where.isin(regions)].index
        capacity = capacity[capacity["enterprise_id"].isin(inside)]
    if year is None:
        year = int(min(shares["year"].max(), capacity["year"].max()))
    in_year = shares[shares["year"] == year]
    cluster = agglomerate(
        market_balances[market_balances["year"] == year],
        members=tuple(regions),
        region_id="+".join(regions),
        internal_flows=internal_flows,
    ).set_index("product_id")[["imports", "exports", "consumption", "production", "internal_flow"]]
    if "foreign_imports" in in_year:
        cluster["foreign_imports"] = in_year.groupby("product_id")["foreign_imports"].sum(
            min_count=1
        )
    cap = capacity[capacity["year"] == year].groupby("product_id")[["capacity", "output"]].sum()
    cap = cap.astype(float)
    table = cluster.join(cap, how="outer").fillna({"capacity": 0.0, "output": 0.0})
    table["headroom"] = (utilisation_ceiling * table["capacity"] - table["output"]).clip(lower=0.0)
    table["replaceable"] = np.minimum(table["imports"].fillna(0.0), table["headroom"])
    if "foreign_imports" in table:
        table["replaceable_foreign"] = np.minimum(
            table["foreign_imports"].fillna(0.0), table["headroom"]
        )
    prices = market_balances[
        market_balances["region_id"].isin(regions) & (market_balances["year"] == year)
    ]
    if "price" in prices:
        table["price"] = prices.groupby("product_id")["price"].mean()
        table["replaceable_value"] = table["replaceable"] * table["price"]
    with np.errstate(divide="ignore", invalid="ignore"):
        table["import_share"] = np.where(
            table["consumption"] > 0, table["imports"] / table["consumption"], np.nan
        )
    order = "replaceable_value" if "replaceable_value" in table else "replaceable"
    table = table.sort_values(order, ascending=False).reset_index()
    return ImportSubstitution(candidates=table, shares=shares.reset_index(drop=True), year=year)
