"""Enterprise scorecards, peer percentiles and the modernisation-need score.

A scorecard row describes one enterprise in one year with ratios a cluster
manager reads at a glance (utilisation, productivity, growth, exports,
investment, profitability, wear of fixed assets) and where each ratio stands
among the enterprise's peers — the other enterprises of the same OKVED class
in the same year. The modernisation-need score combines worn assets, low
productivity against peers and a utilisation that is either too low (idle
capacity) or too high (a capacity bottleneck).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

__all__ = ["RATIOS", "modernisation_needs", "peer_percentiles", "scorecards"]

#: The scorecard's ratios, with their meaning.
RATIOS: dict[str, str] = {
    "utilisation": "output / capacity (price-weighted over products when prices are given)",
    "productivity": "value added (revenue - purchases) per employee, mln RUB",
    "revenue_growth": "revenue / previous year's revenue - 1 (nominal)",
    "export_share": "exports / revenue",
    "investment_rate": "fixed investment / revenue",
    "profitability": "net profit / revenue",
    "asset_wear": "wear of fixed assets, share 0-1",
}

_DEFAULT_WEIGHTS = {"wear": 0.40, "productivity": 0.35, "utilisation": 0.25}


def peer_percentiles(values: pd.Series, groups: pd.Series | list[pd.Series]) -> pd.Series:
    r"""Mid-rank percentile of each value within its group, in (0, 1).

    .. math:: p_i = \frac{\#\{j: x_j < x_i\} + \tfrac12\,\#\{j: x_j = x_i\}}{n}

    where the counts run over the ``n`` non-missing values of ``i``'s group
    (``i`` included), so a group of one gives 0.5 and ties share a percentile.
    Missing values stay missing.
    """
    keys = groups if isinstance(groups, list) else [groups]
    frame = pd.DataFrame({"value": values})
    for i, g in enumerate(keys):
        frame[f"g{i}"] = g.to_numpy()
    cols = [f"g{i}" for i in range(len(keys))]
    grouped = frame.groupby(cols, dropna=False, sort=False)["value"]
    rank = grouped.rank(method="average")
    count = grouped.transform("count")
    return ((rank - 0.5) / count).rename(values.name)


def _utilisation(products: pd.DataFrame, prices: pd.Series | None) -> pd.Series:
    table = products[["enterprise_id", "product_id", "year", "capacity", "output"]].copy()
    table = table[table["capacity"] > 0]
    if prices is not None:
        weight = table["product_id"].map(prices).astype(float)
        # a product without a price falls back on an unweighted share of its capacity
        table["w_out"] = table["output"] * weight
        table["w_cap"] = table["capacity"] * weight
        priced = weight.notna()
        agg = table[priced].groupby(["enterprise_id", "year"])[["w_out", "w_cap"]].sum()
        by_value = agg["w_out"] / agg["w_cap"].where(agg["w_cap"] > 0)
        table["ratio"] = table["output"] / table["capacity"]
        plain = table[~priced].groupby(["enterprise_id", "year"])["ratio"].mean()
        return by_value.combine_first(plain).rename("utilisation")
    table["ratio"] = table["output"] / table["capacity"]
    return table.groupby(["enterprise_id", "year"])["ratio"].mean().rename("utilisation")


def scorecards(
    enterprises: pd.DataFrame,
    finances: pd.DataFrame,
    products: pd.DataFrame | None = None,
    *,
    prices: pd.Series | None = None,
    peer_level: int = 5,
) -> pd.DataFrame:
    """Scorecard of every enterprise and year, with peer percentiles.

    Parameters
    ----------
    enterprises : pandas.DataFrame
        ``enterprises`` table (``enterprise_id``, ``okved``; ``name`` if present).
    finances : pandas.DataFrame
        ``enterprise_finances`` (revenue, purchases, investment, exports,
        employees, net_profit, fixed_assets_wear by enterprise and year).
    products : pandas.DataFrame, optional
        ``enterprise_products`` (capacity, output); without it utilisation is
        missing.
    prices : pandas.Series, optional
        Price per unit by ``product_id``, to weight products measured in
        different units when an enterprise makes several.
    peer_level : int
        Characters of the OKVED code that define the peer group: 5 = class
        (``23.61``), 4 = group (``23.6``), 2 = division.

    Returns
    -------
    pandas.DataFrame
        One row per enterprise × year: ``enterprise_id``, ``year``, ``okved``,
        ``peer_group``, ``peers`` (enterprises in the group that year),
        ``employees``, ``revenue``, the ratios of :data:`RATIOS`, and for each
        ratio ``<ratio>_pct``, its mid-rank percentile among the peers
        (:func:`peer_percentiles`).

    References
    ----------
    OECD (2001). *Measuring Productivity — OECD Manual*. Paris: OECD (value
    added per person employed as the labour-productivity measure, as in the
    Russian national project "Labour productivity").
    """
    fin = finances.sort_values(["enterprise_id", "year"]).copy()
    cols = ["enterprise_id", "okved"] + (["name"] if "name" in enterprises.columns else [])
    out = fin.merge(enterprises[cols], on="enterprise_id", how="left")
    revenue = out["revenue"].where(out["revenue"] > 0)
    employees = out["employees"].where(out["employees"] > 0)
    previous = out.groupby("enterprise_id")["revenue"].shift(1)
    gap = out["year"] - out.groupby("enterprise_id")["year"].shift(1)
    previous = previous.where(gap == 1)
    out["productivity"] = (out["revenue"] - out["purchases"]) / employees
    out["revenue_growth"] = out["revenue"] / previous.where(previous > 0) - 1
    out["export_share"] = out["exports"] / revenue
    out["investment_rate"] = out["investment"] / revenue
    out["profitability"] = out["net_profit"] / revenue
    out["asset_wear"] = out["fixed_assets_wear"]
    if products is not None and len(products):
        util = _utilisation(products, prices).reset_index()
        out = out.merge(util, on=["enterprise_id", "year"], how="left")
    else:
        out["utilisation"] = np.nan
    out["peer_group"] = out["okved"].astype(str).str[:peer_level].str.rstrip(".")
    out["peers"] = out.groupby(["peer_group", "year"])["enterprise_id"].transform("size")
    for ratio in RATIOS:
        out[f"{ratio}_pct"] = peer_percentiles(out[ratio], [out["peer_group"], out["year"]])
    keep = ["enterprise_id", "year", "okved", "peer_group", "peers"]
    keep += ["name"] if "name" in out.columns else []
    keep += ["employees", "revenue", *RATIOS, *(f"{r}_pct" for r in RATIOS)]
    return out[keep].reset_index(drop=True)


def modernisation_needs(
    scorecard: pd.DataFrame,
    *,
    year: int | None = None,
    weights: Mapping[str, float] | None = None,
    wear_floor: float = 0.4,
    wear_full: float = 0.8,
    wear_threshold: float = 0.6,
    productivity_threshold: float = 0.25,
    low_utilisation: float = 0.6,
    high_utilisation: float = 0.9,
    min_peers: int = 3,
) -> pd.DataFrame:
    r"""Score each enterprise's need to modernise, with the reasons.

    Three components, each in [0, 1]:

    .. math::

        W &= \operatorname{clip}\Big(\frac{w - w_0}{w_1 - w_0}, 0, 1\Big)
            \quad\text{(wear } w\text{ of fixed assets)}\\
        P &= 1 - p \quad\text{(} p\text{: productivity percentile among peers)}\\
        U &= \begin{cases}
            (u_{lo} - u)/u_{lo} & u < u_{lo} \text{ (idle capacity)}\\
            \min\big(1, (u - u_{hi})/(1 - u_{hi})\big) & u > u_{hi}
                \text{ (a capacity bottleneck)}\\
            0 & \text{otherwise}\end{cases}

    and the score is :math:`100\,\sum_k a_k c_k / \sum_k a_k` over the
    components known for the enterprise, with weights ``a`` (wear 0.40,
    productivity 0.35, utilisation 0.25). ``P`` is used only when the peer
    group has at least ``min_peers`` enterprises.

    Parameters
    ----------
    scorecard : pandas.DataFrame
        Output of :func:`scorecards`.
    year : int, optional
        Year to score (default: the last year of the scorecard).
    weights : mapping, optional
        Weights of ``wear``, ``productivity`` and ``utilisation``.
    wear_floor, wear_full : float
        Wear at which ``W`` starts rising from 0 and reaches 1.
    wear_threshold, productivity_threshold : float
        A reason is written when wear is at least ``wear_threshold`` or the
        productivity percentile is at most ``productivity_threshold``.
    low_utilisation, high_utilisation : float
        The band of healthy utilisation.
    min_peers : int
        Smallest peer group for the productivity comparison.

    Returns
    -------
    pandas.DataFrame
        One row per enterprise, highest score first: ``enterprise_id``,
        ``okved``, ``peer_group``, ``peers``, ``asset_wear``, ``productivity``,
        ``productivity_pct``, ``utilisation``, the components ``wear_need``,
        ``productivity_need``, ``utilisation_need``, ``bottleneck`` (bool),
        ``score`` (0-100) and ``reasons``.

    References
    ----------
    Rosstat, "Степень износа основных фондов" (methodology of the wear of
    fixed assets); Porter, M. E. (1998), *On Competition*, on upgrading as
    the cluster's agenda.
    """
    weights = {**_DEFAULT_WEIGHTS, **(dict(weights) if weights else {})}
    year = int(scorecard["year"].max()) if year is None else int(year)
    table = scorecard[scorecard["year"] == year].copy()
    wear = table["asset_wear"].astype(float)
    table["wear_need"] = ((wear - wear_floor) / (wear_full - wear_floor)).clip(0, 1)
    pct = table["productivity_pct"].where(table["peers"] >= min_peers)
    table["productivity_need"] = 1 - pct
    util = table["utilisation"].astype(float)
    low = ((low_utilisation - util) / low_utilisation).where(util < low_utilisation, 0.0)
    high = ((util - high_utilisation) / (1 - high_utilisation)).clip(upper=1.0)
    table["utilisation_need"] = np.where(
        util.isna(), np.nan, np.where(util > high_utilisation, high, low)
    )
    table["bottleneck"] = (util > high_utilisation).fillna(False).astype(bool)
    parts = {
        "wear": "wear_need",
        "productivity": "productivity_need",
        "utilisation": "utilisation_need",
    }
    num = sum(weights[k] * table[c].fillna(0.0) for k, c in parts.items())
    den = sum(weights[k] * table[c].notna() for k, c in parts.items())
    table["score"] = 100 * num / den.where(den > 0)

    reasons = pd.Series([[] for _ in range(len(table))], index=table.index, dtype=object)
    for idx, row in table.iterrows():
        why: list[str] = []
        if pd.notna(row["asset_wear"]) and row["asset_wear"] >= wear_threshold:
            why.append(f"fixed-asset wear {row['asset_wear']:.0%} ≥ {wear_threshold:.0%}")
        if pd.notna(pct[idx]) and pct[idx] <= productivity_threshold:
            why.append(
                f"labour productivity {row['productivity']:.2f} mln RUB per employee at the "
                f"{pct[idx]:.0%} percentile of {int(row['peers'])} peers in OKVED "
                f"{row['peer_group']}"
            )
        if pd.notna(row["utilisation"]):
            if row["utilisation"] < low_utilisation:
                why.append(
                    f"utilisation {row['utilisation']:.0%} < {low_utilisation:.0%} (idle capacity)"
                )
            elif row["utilisation"] > high_utilisation:
                why.append(
                    f"utilisation {row['utilisation']:.0%} > {high_utilisation:.0%} "
                    "(capacity bottleneck)"
                )
        reasons[idx] = "; ".join(why)
    table["reasons"] = reasons
    keep = ["enterprise_id"] + (["name"] if "name" in table.columns else [])
    keep += [
        "okved", "peer_group", "peers", "asset_wear", "productivity", "productivity_pct",
        "utilisation", "wear_need", "productivity_need", "utilisation_need", "bottleneck",
        "score", "reasons",
    ]  # fmt: skip
    return (
        table[keep]
        .sort_values(["score", "enterprise_id"], ascending=[False, True])
        .reset_index(drop=True)
    )
