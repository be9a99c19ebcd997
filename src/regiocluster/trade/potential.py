"""Export potential after ITC's Export Potential Map, with a transport-cost term.

ITC's Export Potential Indicator multiplies, for exporter *i*, product *k* and
market *j*, the exporter's supply capacity, the market's demand and the ease
of trade between the two.  For heavy, low-value building materials the
deciding factor the ITC method leaves implicit is freight: a tonne of cement
worth 60 US$ costs as much again to move 800 km by road.  The transport term
here turns distance, mode and the product's weight-to-value ratio into an
ad-valorem freight rate and discounts demand accordingly.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from regiocluster.geo import great_circle_km

__all__ = [
    "ExportPotential",
    "FreightMode",
    "DEFAULT_MODES",
    "MARKET_COORDINATES",
    "export_potential",
    "NO_SEAPORT",
    "freight_rate",
    "great_circle_km",
    "potential_inputs_from_trade",
    "diversification_opportunities",
]


@dataclass(frozen=True)
class FreightMode:
    """Cost of moving one tonne by a mode: a fixed part and a per-km part.

    Attributes
    ----------
    name : str
        Mode name.
    fixed_usd_per_t : float
        Loading, handling and port or terminal charges, US$ per tonne.
    usd_per_tkm : float
        Line-haul cost, US$ per tonne-km.
    detour : float
        Route length over great-circle distance.
    max_km : float
        Longest great-circle distance the mode serves (road is not used
        across oceans).
    """

    name: str
    fixed_usd_per_t: float
    usd_per_tkm: float
    detour: float
    max_km: float = float("inf")


#: Assumed freight costs (order of magnitude for Russia and its neighbours in
#: the 2020s; replace with quoted tariffs). Not statistics.
DEFAULT_MODES: tuple[FreightMode, ...] = (
    FreightMode("road", fixed_usd_per_t=3.0, usd_per_tkm=0.07, detour=1.3, max_km=3_000),
    FreightMode("rail", fixed_usd_per_t=8.0, usd_per_tkm=0.03, detour=1.4, max_km=8_000),
    FreightMode("sea", fixed_usd_per_t=18.0, usd_per_tkm=0.006, detour=1.7),
)

#: Approximate coordinates (lon, lat) of the capital or main economic centre
#: of the case's partner countries, for great-circle distances.
MARKET_COORDINATES: dict[str, tuple[float, float]] = {
    "ARE": (54.4, 24.5), "ARM": (44.5, 40.2), "AZE": (49.9, 40.4), "BEL": (4.4, 50.8),
    "BLR": (27.6, 53.9), "BRA": (-46.6, -23.5), "CAN": (-79.4, 43.7), "CHN": (116.4, 39.9),
    "DEU": (13.4, 52.5), "EGY": (31.2, 30.0), "ESP": (-3.7, 40.4), "EST": (24.7, 59.4),
    "FIN": (24.9, 60.2), "FRA": (2.35, 48.9), "GBR": (-0.1, 51.5), "GEO": (44.8, 41.7),
    "IDN": (106.8, -6.2), "IND": (77.2, 28.6), "IRN": (51.4, 35.7), "ITA": (12.5, 41.9),
    "JPN": (139.7, 35.7), "KAZ": (76.9, 43.2), "KGZ": (74.6, 42.9), "KOR": (127.0, 37.6),
    "LTU": (25.3, 54.7), "LVA": (24.1, 56.9), "MEX": (-99.1, 19.4), "NLD": (4.9, 52.4),
    "NOR": (10.75, 59.9), "POL": (21.0, 52.2), "RUS": (37.6, 55.75), "SAU": (46.7, 24.7),
    "SWE": (18.1, 59.3), "THA": (100.5, 13.75), "TUR": (29.0, 41.0), "USA": (-74.0, 40.7),
    "UZB": (69.2, 41.3), "VNM": (106.7, 10.8),
}  # fmt: skip


#: Reporter code of the rest of the world (countries outside a case's panel): it
#: completes world totals and is no market.
REST_OF_WORLD = "ROW"

#: Markets without a seaport that ships from the Baltic reach: landlocked Armenia,
#: Belarus, Kyrgyzstan and Uzbekistan, and Kazakhstan and Azerbaijan, whose only coast
#: is the Caspian Sea (a lake, reached from the Baltic only by inland waterways).
#: Goods reach them by road or rail, never "by sea".
NO_SEAPORT: frozenset[str] = frozenset({"ARM", "AZE", "BLR", "KAZ", "KGZ", "UZB"})


def freight_rate(
    distance_km: np.ndarray,
    tonnes_per_usd: np.ndarray,
    *,
    modes: tuple[FreightMode, ...] = DEFAULT_MODES,
    seaport: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    r"""Ad-valorem freight rate by the cheapest mode.

    Parameters
    ----------
    distance_km : array
        Great-circle distances.
    tonnes_per_usd : array
        The product's weight-to-value ratio (tonnes per US$ of value).
    modes : tuple of FreightMode
        Modes to choose from.
    seaport : array of bool, optional, keyword-only
        Whether each destination has a seaport; the ``sea`` mode serves only
        those (default: all). A route by sea needs a port at both ends.

    Returns
    -------
    rate : array
        Freight cost as a share of the goods' value,
        :math:`\tau = w\,\min_m (f_m + c_m \delta_m d)`.
    mode : array of str
        The cheapest mode.
    """
    distance = np.asarray(distance_km, dtype=float)
    port = np.ones(distance.shape, bool) if seaport is None else np.asarray(seaport, bool)
    cost = np.stack(
        [
            np.where(
                (distance <= m.max_km) & (port if m.name == "sea" else True),
                m.fixed_usd_per_t + m.usd_per_tkm * m.detour * distance,
                np.inf,
            )
            for m in modes
        ]
    )
    best = cost.argmin(axis=0)
    per_tonne = np.take_along_axis(cost, best[None, ...], axis=0)[0]
    names = np.array([m.name for m in modes])[best]
    return per_tonne * np.asarray(tonnes_per_usd, dtype=float), names


@dataclass(frozen=True)
class ExportPotential:
    """Export potential per product × market, with its reasons.

    Attributes
    ----------
    table : DataFrame
        One row per product × market: ``supply`` (exporter's share of world
        exports of the product), ``demand`` (the market's import demand, US$),
        ``ease`` (bilateral ease of trade), ``transport_cost`` (ad-valorem
        freight rate), ``mode``, ``distance_km``, ``transport_factor``,
        ``potential`` (US$), ``actual`` (US$), ``unrealised`` (US$,
        ``max(potential - actual, 0)``), ``itc_potential`` (without the
        transport term), sorted by ``unrealised``.
    by_product : DataFrame
        Sums over markets per product (``transport_cost`` is the median over
        markets), ranked by unrealised potential, with the best market
        (largest unrealised, else largest potential) and its ease, freight
        rate and mode.
    elasticity : float
        Trade elasticity used in the transport term.
    """

    table: pd.DataFrame
    by_product: pd.DataFrame
    elasticity: float = field(default=4.0)


def _by_product(table: pd.DataFrame) -> pd.DataFrame:
    """Sum the market rows per product, with the product's unrealised potential and best market.

    ``unrealised`` is the product's own gap, max(0, potential - actual);
    ``untapped_markets`` the sum of the markets' positive gaps (ITC), which ranks them.
    """
    by_product = (
        table.groupby("product")
        .agg(
            potential=("potential", "sum"),
            itc_potential=("itc_potential", "sum"),
            actual=("actual", "sum"),
            untapped_markets=("unrealised", "sum"),
            supply=("supply", "first"),
            demand=("demand", "sum"),
            transport_cost=("transport_cost", "median"),
        )
        .reset_index()
    )
    by_product["unrealised"] = (by_product["potential"] - by_product["actual"]).clip(lower=0.0)
    by_product = by_product.sort_values(
        ["untapped_markets", "unrealised"], ascending=False, ignore_index=True
    )
    # The best market: largest unrealised potential, else largest potential.
    ranked = table.sort_values(["unrealised", "potential"], ascending=False)
    best = ranked.drop_duplicates("product")[
        ["product", "market", "ease", "transport_cost", "mode"]
    ]
    best = best.rename(
        columns={
            "market": "best_market",
            "ease": "best_market_ease",
            "transport_cost": "best_market_transport_cost",
            "mode": "best_market_mode",
        }
    )
    by_product = by_product.merge(best, on="product")
    return by_product


def export_potential(
    supply: pd.Series,
    demand: pd.DataFrame,
    ease: pd.Series,
    actual: pd.DataFrame,
    *,
    tonnes_per_usd: pd.Series | None = None,
    distance_km: pd.Series | None = None,
    modes: tuple[FreightMode, ...] = DEFAULT_MODES,
    elasticity: float = 4.0,
    no_seaport: frozenset[str] = NO_SEAPORT,
) -> ExportPotential:
    r"""Export potential: supply × demand × ease × transport factor.

    Parameters
    ----------
    supply : Series
        Exporter's projected share of world exports, indexed by product.
    demand : DataFrame
        Columns ``market``, ``product``, ``demand`` (US$): the market's import
        demand for the product.
    ease : Series
        Ease of trade with each market, indexed by market (1 = as expected from
        the market's size; ITC: actual over hypothetical bilateral trade).
    actual : DataFrame
        Columns ``market``, ``product``, ``actual`` (US$): current exports.
    tonnes_per_usd : Series, optional
        Weight-to-value ratio by product; with ``distance_km`` adds the
        transport term.
    distance_km : Series, optional
        Great-circle distance from the exporter to each market.
    modes : tuple of FreightMode
        Freight modes (assumed costs, :data:`DEFAULT_MODES`).
    elasticity : float
        Trade elasticity :math:`\sigma`: demand reachable at freight rate
        :math:`\tau` is scaled by :math:`(1+\tau)^{-\sigma}` (about 4 in the
        gravity literature; Head & Mayer 2014).
    no_seaport : frozenset of str, keyword-only
        Markets no ship reaches (:data:`NO_SEAPORT`): served by road or rail.

    Returns
    -------
    ExportPotential
        Per product, ``unrealised`` is the product's untapped potential
        :math:`\max(0, \sum_j EP_j - \sum_j A_j)` (so never positive when
        actual exports exceed the potential) and ``untapped_markets`` the
        sum of the markets' positive gaps, ITC's untapped potential by market
        (exports that would go to markets that fit better); products are
        ranked by it.

    Notes
    -----
    .. math::
        \mathrm{EP}_{ijk} = S_{ik}\, D_{kj}\, E_{ij}\, (1 + \tau_{jk})^{-\sigma},
        \qquad \tau_{jk} = w_k \min_m (f_m + c_m \delta_m d_{ij})

    ITC's own indicator projects supply and demand forward with GDP and
    population growth and adjusts demand for tariffs and distance; here supply,
    demand and ease are inputs (see :func:`potential_inputs_from_trade`), and
    distance acts through freight cost, which for products worth tens of
    dollars a tonne dominates every other trade cost.

    References
    ----------
    Decreux, Y., & Spies, J. (2016). Export Potential Assessments: A
    methodology to identify export opportunities for developing countries.
    International Trade Centre, Geneva.
    Head, K., & Mayer, T. (2014). Gravity equations: workhorse, toolkit, and
    cookbook. Handbook of International Economics, 4, 131-195.
    """
    table = demand[["market", "product", "demand"]].copy()
    table["supply"] = table["product"].map(supply).fillna(0.0)
    table["ease"] = table["market"].map(ease).fillna(1.0)
    if tonnes_per_usd is not None and distance_km is not None:
        distance = table["market"].map(distance_km).to_numpy(dtype=float)
        weight = table["product"].map(tonnes_per_usd).to_numpy(dtype=float)
        port = ~table["market"].isin(no_seaport).to_numpy()
        rate, mode = freight_rate(
            np.nan_to_num(distance), np.nan_to_num(weight), modes=modes, seaport=port
        )
        table["distance_km"] = distance
        table["transport_cost"] = rate
        table["mode"] = mode
    else:
        table["distance_km"] = np.nan
        table["transport_cost"] = 0.0
        table["mode"] = None
    table["transport_factor"] = (1.0 + table["transport_cost"]) ** (-elasticity)
    table["itc_potential"] = table["supply"] * table["demand"] * table["ease"]
    table["potential"] = table["itc_potential"] * table["transport_factor"]
    table = table.merge(
        actual[["market", "product", "actual"]], on=["market", "product"], how="left"
    )
    table["actual"] = pd.to_numeric(table["actual"], errors="coerce").astype(float).fillna(0.0)
    table["unrealised"] = (table["potential"] - table["actual"]).clip(lower=0.0)
    table = table.sort_values("unrealised", ascending=False, ignore_index=True)
    columns = [
        "product",
        "market",
        "supply",
        "demand",
        "ease",
        "distance_km",
        "mode",
        "transport_cost",
        "transport_factor",
        "itc_potential",
        "potential",
        "actual",
        "unrealised",
    ]
    table = table[columns]
    by_product = _by_product(table)
    return ExportPotential(table=table, by_product=by_product, elasticity=elasticity)


def potential_inputs_from_trade(
    trade_flows: pd.DataFrame,
    *,
    exporters: list[str],
    year: int,
    products: list[str] | None = None,
    origin: tuple[float, float] = (30.3, 59.9),
    coordinates: Mapping[str, tuple[float, float]] = MARKET_COORDINATES,
    ease_cap: float | None = None,
) -> dict[str, object]:
    """Build the inputs of :func:`export_potential` from a ``trade_flows`` table.

    Parameters
    ----------
    trade_flows : DataFrame
        The case's table (reporter, partner, hs, year, flow, value_usd,
        quantity_t): world exports (``partner == "WLD"``) of countries and
        bilateral flows of the exporter.
    exporters : list of str
        Reporters treated as one exporter (``["RU-LEN", "RU-SPE"]`` for the
        cluster).
    year : int
        Year.
    products : list of str, optional
        HS codes to assess (default: those the exporters trade).
    origin : (lon, lat)
        Where goods leave from (St. Petersburg by default).
    coordinates : mapping
        Market → (lon, lat).
    ease_cap : float, optional
        Upper bound on ease (a market far more important to the exporter than
        its size suggests otherwise dominates the ranking).

    Returns
    -------
    dict
        Keyword arguments ``supply``, ``demand``, ``ease``, ``actual``,
        ``tonnes_per_usd``, ``distance_km`` for :func:`export_potential`.

    Notes
    -----
    Proxies, stated because the table has no partner imports: a market's
    demand for a product is world exports of the product times the market's
    share of world exports of all products (absorption in proportion to
    size); ease is the exporter's share of its exports going to the market
    over the market's share of world trade (ITC's actual-over-hypothetical
    ratio).  Without the transport term the potentials of a product then sum
    over markets to the exporter's actual exports of it, as in ITC's method:
    potential is redistributed towards the markets that fit.  Supply is the
    exporter's share of world exports of the product; the exporter's own rows
    are left out of the world total (a region is not in the world panel under
    its own code, and its country's rows already contain it).
    """
    flows = trade_flows[trade_flows["year"] == year]
    national = ~flows["reporter"].astype(str).str.contains("-") & ~flows["reporter"].isin(exporters)
    # world exports of a product: every country (to WLD or by partner) and the rest of the world
    world_all = flows[national & (flows["flow"] == "export")]
    world = world_all[world_all["partner"] == "WLD"]
    world = world[world["reporter"] != REST_OF_WORLD]
    own = flows[flows["reporter"].isin(exporters) & (flows["flow"] == "export")]
    # Shipments between the exporter's own regions are neither exports nor a market.
    own = own[~own["partner"].isin(exporters)]
    if products is None:
        products = sorted(own["hs"].unique())
    world_by_product = world_all.groupby("hs")["value_usd"].sum()
    own_by_product = own.groupby("hs")["value_usd"].sum()
    denominator = world_by_product.reindex(products).fillna(0.0)
    supply = (own_by_product.reindex(products).fillna(0.0) / denominator).fillna(0.0)
    supply = supply.replace(np.inf, 0.0)

    size = world.groupby("reporter")["value_usd"].sum()
    size_share = size / size.sum()
    bilateral = own[own["partner"] != "WLD"]
    markets = sorted(
        (set(bilateral["partner"]) | set(size_share.index)) - {"WLD", REST_OF_WORLD, *exporters}
    )
    markets = [m for m in markets if m in size_share.index or m in set(bilateral["partner"])]
    demand = pd.DataFrame(
        [
            {
                "market": m,
                "product": p,
                "demand": float(world_by_product.get(p, 0.0) * size_share.get(m, 0.0)),
            }
            for m in markets
            for p in products
        ]
    )
    to_market = bilateral.groupby("partner")["value_usd"].sum()
    own_share = to_market / to_market.sum() if to_market.sum() > 0 else to_market
    ease = (own_share / size_share.reindex(own_share.index)).replace(np.inf, np.nan)
    if ease_cap is not None:
        ease = ease.clip(upper=ease_cap)
    ease = ease.reindex(markets).fillna(0.0)
    actual = (
        bilateral.groupby(["partner", "hs"], as_index=False)["value_usd"]
        .sum()
        .rename(columns={"partner": "market", "hs": "product", "value_usd": "actual"})
    )
    weights = flows[flows["quantity_t"].notna() & (flows["value_usd"] > 0)]
    # value_usd is in thousand US$.
    tonnes_per_usd = weights.groupby("hs")["quantity_t"].sum() / (
        weights.groupby("hs")["value_usd"].sum() * 1000.0
    )
    lon = np.array([coordinates.get(m, (np.nan, np.nan))[0] for m in markets])
    lat = np.array([coordinates.get(m, (np.nan, np.nan))[1] for m in markets])
    distance = pd.Series(great_circle_km(origin[0], origin[1], lon, lat), index=markets)
    # Values in thousand US$ throughout: demand and actual share the unit.
    return {
        "supply": supply,
        "demand": demand,
        "ease": ease,
        "actual": actual,
        "tonnes_per_usd": tonnes_per_usd,
        "distance_km": distance,
    }


def diversification_opportunities(
    complexity_table: pd.DataFrame,
    *,
    location: str,
    year: int | None = None,
    cols_input: Mapping[str, str] | None = None,
    weights: tuple[float, float, float] = (0.5, 0.25, 0.25),
) -> pd.DataFrame:
    """Rank products a location does not yet export competitively.

    Parameters
    ----------
    complexity_table : DataFrame
        Output of :func:`~regiocluster.trade.complexity`.
    location : str
        Location code.
    year : int, optional
        Year (default: the latest).
    cols_input : mapping, optional
        Column names (default ``year``, ``reporter``, ``hs``, ``value_usd``).
    weights : (float, float, float)
        Weights of standardised density, PCI and COG in the score (a choice in
        the spirit of the Atlas's "strategic approach", not a published
        constant).

    Returns
    -------
    DataFrame
        Products with ``mcp == 0`` for the location: ``density``, ``pci``,
        ``cog``, ``rca``, ``score``, sorted by ``score``.

    References
    ----------
    Hausmann, R., Hidalgo, C. A., et al. (2014). The Atlas of Economic
    Complexity, ch. 5 (opportunity gain, distance).
    """
    cols = dict(cols_input or {"time": "year", "loc": "reporter", "prod": "hs", "val": "value_usd"})
    table = complexity_table.dropna(subset=["mcp"])
    if year is None:
        year = table[cols["time"]].max()
    rows = table[(table[cols["time"]] == year) & (table[cols["loc"]] == location)]
    rows = rows[rows["mcp"] == 0][[cols["prod"], "density", "pci", "cog", "rca"]].copy()

    def standard(x: pd.Series) -> pd.Series:
        spread = x.std(ddof=0)
        return (x - x.mean()) / spread if spread > 0 else x * 0.0

    w_density, w_pci, w_cog = weights
    rows["score"] = (
        w_density * standard(rows["density"])
        + w_pci * standard(rows["pci"])
        + w_cog * standard(rows["cog"])
    )
    return rows.sort_values("score", ascending=False, ignore_index=True)
