"""The trade analyses of a case in one call (for the CLI, the report and notebooks)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from regiocluster.case.load import Case
from regiocluster.errors import InvalidValueError
from regiocluster.market.case import territory_flows
from regiocluster.trade.economic_complexity import complexity
from regiocluster.trade.potential import (
    REST_OF_WORLD,
    ExportPotential,
    diversification_opportunities,
    export_potential,
    potential_inputs_from_trade,
)
from regiocluster.trade.regions import RegionalComplexity, regional_complexity
from regiocluster.trade.substitution import ImportSubstitution, import_substitution

__all__ = ["REST_OF_WORLD", "TradeOverview", "trade_overview", "world_matrix", "WORLD_COLS"]


#: Column names of :func:`world_matrix` for :func:`~regiocluster.trade.complexity`.
WORLD_COLS = {"time": "year", "loc": "reporter", "prod": "hs", "val": "value_usd"}


def world_matrix(trade_flows: pd.DataFrame, *, exclude: tuple[str, ...] = ()) -> pd.DataFrame:
    """Sum every reporter's exports to the world by product and year.

    Parameters
    ----------
    trade_flows : DataFrame
        The case's ``trade_flows``.  A reporter gives a product either as
        exports to ``WLD`` or by partner; by-partner rows are summed.
    exclude : tuple of str
        Reporters to leave out (sub-national regions, whose exports are part of
        their country's). The rest of the world (:data:`REST_OF_WORLD`) is
        always left out: it is no location of the product space.

    Returns
    -------
    DataFrame
        ``year``, ``reporter``, ``hs``, ``value_usd`` (thousand US$).
    """
    # the rest of the world is no location: it completes world totals, not the product space
    drop = (*exclude, REST_OF_WORLD)
    keep = (trade_flows["flow"] == "export") & ~trade_flows["reporter"].isin(drop)
    exports = trade_flows[keep]
    return exports.groupby(["year", "reporter", "hs"], as_index=False)["value_usd"].sum()


@dataclass(frozen=True)
class TradeOverview:
    """Economic complexity, export potential and import substitution of a case.

    Attributes
    ----------
    year : int
        Year assessed.
    country : str
        The case's country in the world matrix (ISO3).
    cluster_regions : tuple of str
        The cluster's regions.
    complexity : DataFrame
        :func:`~regiocluster.trade.complexity` of the world matrix, all years.
    regions : RegionalComplexity
        The cluster's regions placed in the countries' product space.
    opportunities : DataFrame
        Diversification opportunities of the country in ``year``.
    potential : ExportPotential
        Export potential of the cluster's regions by product × market.
    substitution : ImportSubstitution
        Import-substitution candidates of the cluster.
    product_names : dict
        HS code → English name, for the case's products.
    """

    year: int
    country: str
    cluster_regions: tuple[str, ...]
    complexity: pd.DataFrame
    regions: RegionalComplexity
    opportunities: pd.DataFrame
    potential: ExportPotential
    substitution: ImportSubstitution
    product_names: dict[str, str]


def _country_code(case: Case, reporters: set[str]) -> str:
    """Return the case's country as trade statistics report it (its ISO 3166 alpha-3 code)."""
    code = case.territory.country_iso3
    if code not in reporters:
        raise InvalidValueError("case.toml country", code, reason="not a reporter of trade_flows")
    return str(code)


def trade_overview(case: Case, *, year: int | None = None) -> TradeOverview:
    """Run the trade analyses on a case.

    Parameters
    ----------
    case : Case
        A case with ``trade_flows``, ``products``, ``market_balances``,
        ``enterprise_products``, ``enterprises`` and ``regions``.
    year : int, optional
        Year (default: the last year of the trade data).

    Returns
    -------
    TradeOverview

    Examples
    --------
    >>> from regiocluster import load_case
    >>> overview = trade_overview(load_case("leningrad"))  # doctest: +SKIP
    >>> overview.potential.by_product.head()  # doctest: +SKIP
    """
    flows = case["trade_flows"]
    year = int(flows["year"].max()) if year is None else int(year)
    country, world = country_world(case)
    table = complexity(world, WORLD_COLS)
    regional_exports = world_matrix(flows[flows["reporter"].isin(case.territory.regions)])
    regions = regional_complexity(
        world,
        regional_exports,
        parent={r: country for r in case.territory.regions},
        cols_input=WORLD_COLS,
        method="project",
    )
    opportunities = diversification_opportunities(table, location=country, year=year)
    return TradeOverview(
        year=year,
        country=country,
        cluster_regions=case.territory.regions,
        complexity=table,
        regions=regions,
        opportunities=opportunities,
        potential=case_potential(case, year=year),
        substitution=case_substitution(case, year=year),
        product_names=product_names(case),
    )


def country_world(case: Case) -> tuple[str, pd.DataFrame]:
    """Return the case's country code and the world matrix of national reporters."""
    flows = case["trade_flows"]
    sub_national = tuple(r for r in flows["reporter"].unique() if "-" in str(r))
    world = world_matrix(flows, exclude=sub_national)
    return _country_code(case, set(world["reporter"])), world


def product_names(case: Case) -> dict[str, str]:
    """HS code → English name of the case's products."""
    products = case["products"]
    return products.groupby("hs")["name_en"].agg(lambda s: " / ".join(sorted(set(s)))).to_dict()


def case_potential(case: Case, *, year: int) -> ExportPotential:
    """Export potential of the territory's regions taken as one exporter."""
    inputs = potential_inputs_from_trade(
        case["trade_flows"],
        exporters=list(case.territory.regions),
        year=year,
        products=sorted(case["products"]["hs"].unique()),
    )
    return export_potential(**inputs)


def case_substitution(case: Case, *, year: int) -> ImportSubstitution:
    """Import-substitution candidates of the territory (imports netted as the market's)."""
    cluster = case.territory.regions
    return import_substitution(
        case["market_balances"],
        case["enterprise_products"],
        regions=list(cluster),
        year=year,
        trade_flows=case["trade_flows"],
        products=case["products"],
        enterprises=case.tables.get("enterprises"),
        district_parent=case.territory.district_parent,
        internal_flows=territory_flows(case),
    )
