"""Where a region stands in world trade in the chain's products.

Reads the case's ``trade_flows``: a region's and its country's exports and
imports by partner, and the countries' exports to the world (``partner`` =
``WLD``), all by HS code. :func:`territory_context` places the case's own
territory (:attr:`~regiocluster.case.Case.territory`) and country.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from regiocluster.case.load import Case
from regiocluster.errors import InvalidValueError

__all__ = ["territory_context", "world_context"]


def world_context(
    trade_flows: pd.DataFrame,
    products: pd.DataFrame,
    *,
    regions: Sequence[str],
    country: str,
    first_year: int | None = None,
    last_year: int | None = None,
) -> pd.DataFrame:
    """Place regions in world trade: exports, imports, world shares and growth by product.

    Parameters
    ----------
    trade_flows : DataFrame
        The case's ``trade_flows``.
    products : DataFrame
        ``product_id``, ``hs`` (6 digits).
    regions : sequence of str, keyword-only
        Reporting regions to place (a case's: ``case.territory.regions``,
        or call :func:`territory_context`).
    country : str, keyword-only
        ISO3 code of their country (``case.territory.country_iso3``).
    first_year, last_year : int, optional, keyword-only
        Years compared (default: the first and last year of the data).

    Returns
    -------
    DataFrame
        One row per product and reporter (regions and the country):
        ``exports``, ``imports`` (thousand US$, ``last_year``),
        ``net_exports``, ``world_exports`` (sum of every country reporter's
        exports, to ``WLD`` or by partner, and the rest of the world's where the
        case gives it: so never below any reporter's),
        ``world_share`` = exports ÷ world exports,
        ``country_share`` = exports ÷ the country's exports, and
        ``export_growth`` (compound yearly rate from ``first_year``).
    """
    # products sharing an HS code (ready-mix concrete and dry mortars) share a row
    hs_of = products.groupby("hs", sort=True)["product_id"].agg(lambda s: "/".join(sorted(s)))
    t = trade_flows[trade_flows["hs"].isin(hs_of.index)]
    years = t["year"]
    first = int(years.min()) if first_year is None else first_year
    last = int(years.max()) if last_year is None else last_year
    bilateral = t[t["partner"] != "WLD"]
    totals = (
        bilateral.groupby(["reporter", "hs", "year", "flow"])["value_usd"]
        .sum()
        .unstack("flow", fill_value=0.0)
    )
    for flow in ("export", "import"):
        if flow not in totals:
            totals[flow] = 0.0
    # the world is every country reporter (each gives a product either to WLD or by
    # partner) plus the rest of the world; sub-national reporters are part of their country
    # a reporter's exports to WLD where it gives them, else the sum over its partners
    national_rows = t[(t["flow"] == "export") & ~t["reporter"].astype(str).str.contains("-")]
    key = ["reporter", "hs", "year"]
    to_world = national_rows[national_rows["partner"] == "WLD"].groupby(key)["value_usd"].sum()
    by_partner = national_rows[national_rows["partner"] != "WLD"].groupby(key)["value_usd"].sum()
    each = to_world.combine_first(by_partner)
    world = each.groupby(level=["hs", "year"]).sum()
    rows = []
    for reporter in [*regions, country]:
        for hs, product_id in hs_of.items():

            def value(year: int, flow: str, reporter: str = reporter, hs: str = hs) -> float:
                key = (reporter, hs, year)
                return float(totals.loc[key, flow]) if key in totals.index else 0.0

            exports, imports = value(last, "export"), value(last, "import")
            start = value(first, "export")
            world_total = float(world.get((hs, last), np.nan))
            national = value(last, "export", country)
            span = last - first
            growth = (
                (exports / start) ** (1 / span) - 1
                if start > 0 and exports > 0 and span
                else np.nan
            )
            rows.append(
                {
                    "product_id": product_id,
                    "hs": hs,
                    "reporter": reporter,
                    "year": last,
                    "exports": exports,
                    "imports": imports,
                    "net_exports": exports - imports,
                    "world_exports": world_total,
                    "world_share": exports / world_total if world_total else np.nan,
                    "country_share": exports / national if national else np.nan,
                    "export_growth": growth,
                }
            )
    return pd.DataFrame(rows)


def territory_context(
    case: Case, *, first_year: int | None = None, last_year: int | None = None
) -> pd.DataFrame:
    """Place the case's territory and its country in world trade (:func:`world_context`).

    The regions are ``case.territory.regions`` and the country its ISO3 code,
    so a case of another region needs no argument.

    Examples
    --------
    >>> from regiocluster import load_case
    >>> w = territory_context(load_case("leningrad"))
    >>> sorted(w["reporter"].unique())
    ['RU-LEN', 'RU-SPE', 'RUS']
    """
    territory = case.territory
    country = territory.country_iso3
    if country is None:
        raise InvalidValueError("case.toml country", None, reason="the case names no country")
    return world_context(
        case["trade_flows"],
        case["products"],
        regions=territory.regions,
        country=country,
        first_year=first_year,
        last_year=last_year,
    )
