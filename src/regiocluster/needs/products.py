"""Needed products: where demand outgrows capacity, imports could be replaced, or nobody makes it.

For each product of the cluster's market (the territory taken as one market),
three measures of need, all in the product's own unit and as a share of its
demand so that products in tonnes, m³ and m² can be ranked together:

* **capacity gap** in 2030 and 2035 by scenario: capacity still to build so
  that demand is met at the target utilisation (the market package's
  :func:`~regiocluster.market.capacity_gap`, never recomputed here);
* **imports that could be replaced**: imports from outside the territory;
  the part the cluster's spare capacity could take over today, and the rest,
  which needs new capacity;
* **no producer**: demand in the territory and no capacity at all.

The need is the capacity to build by the horizon so that demand is met and
today's imports from outside the territory are replaced:
``max(gap + imports / u, 0)`` with ``u`` the target utilisation. The gap
keeps today's import share, so a negative gap (spare capacity at the
horizon) first absorbs the imports before anything new is built. For a
product with no producer the need is the whole demand. The need share
divides the need by demand; a product with no producer ranks first.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

__all__ = ["rank_product_needs"]


def _gap_wide(gaps: pd.DataFrame, years: Sequence[int], scenario: str) -> pd.DataFrame:
    chosen = gaps[(gaps["scenario"] == scenario) & gaps["year"].isin(years)]
    wide = chosen.pivot_table(
        index="product_id", columns="year", values=["demand", "capacity", "gap"], aggfunc="sum"
    )
    out = pd.DataFrame(index=wide.index)
    for year in years:
        out[f"demand_{year}"] = wide[("demand", year)]
        out[f"gap_{year}"] = wide[("gap", year)]
    out["capacity"] = wide[("capacity", years[0])]
    return out


def rank_product_needs(
    gaps: pd.DataFrame,
    current: pd.DataFrame,
    *,
    years: Sequence[int] = (2030, 2035),
    scenario: str = "base",
    utilisation: float = 0.85,
) -> pd.DataFrame:
    """Rank products by how much new production the territory needs.

    Parameters
    ----------
    gaps : pandas.DataFrame
        Capacity gaps of the territory's market: ``product_id``, ``scenario``,
        ``year``, ``demand``, ``capacity``, ``gap`` (product units).
    current : pandas.DataFrame
        The market's last actual year, one row per product: ``product_id``,
        ``production``, ``imports`` (from outside the territory),
        ``consumption``, ``capacity``.
    years : sequence of int
        Years of the gap (the first one ranks).
    scenario : str
        Demand scenario.
    utilisation : float
        Target utilisation: spare capacity is ``capacity × utilisation −
        production``.

    Returns
    -------
    pandas.DataFrame
        One row per product, neediest first: ``demand_<year>``, ``gap_<year>``,
        ``capacity``, ``imports``, ``replaceable_now`` (imports the spare
        capacity could take over), ``imports_new_capacity`` (the rest),
        ``no_producer`` (bool), ``need`` and ``need_share``, ``rank``.

    Examples
    --------
    >>> gaps = pd.DataFrame({"product_id": ["a", "b"], "scenario": "base", "year": 2030,
    ...                      "demand": [100.0, 50.0], "capacity": [80.0, 0.0],
    ...                      "gap": [30.0, 0.0]})
    >>> now = pd.DataFrame({"product_id": ["a", "b"], "production": [70.0, 0.0],
    ...                     "imports": [10.0, 40.0], "consumption": [80.0, 40.0],
    ...                     "capacity": [80.0, 0.0]})
    >>> out = rank_product_needs(gaps, now, years=(2030,))
    >>> out[["no_producer", "need"]].round(1).to_dict("index")
    {'b': {'no_producer': True, 'need': 50.0}, 'a': {'no_producer': False, 'need': 41.8}}
    """
    table = _gap_wide(gaps, list(years), scenario)
    now = current.set_index("product_id")
    table = table.join(now[["production", "imports", "consumption"]], how="left")
    spare = (table["capacity"] * utilisation - table["production"]).clip(lower=0).fillna(0)
    imports = table["imports"].fillna(0).clip(lower=0)
    table["imports"] = imports
    table["replaceable_now"] = np.minimum(imports, spare)
    table["imports_new_capacity"] = imports - table["replaceable_now"]
    first = years[0]
    demand = table[f"demand_{first}"]
    table["no_producer"] = (table["capacity"].fillna(0) <= 0) & (demand > 0)
    gap = table[f"gap_{first}"].fillna(0)
    need = (gap + imports / utilisation).clip(lower=0)
    # without a producer all demand is unmet, imported or not
    table["need"] = need.where(~table["no_producer"], demand)
    table["need_share"] = (table["need"] / demand).where(demand > 0, 0.0).clip(0, 1)
    table = table.sort_values(["no_producer", "need_share"], ascending=[False, False])
    table["rank"] = np.arange(1, len(table) + 1)
    return table
