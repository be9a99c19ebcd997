"""The one siting preamble: screen sites, place demand, price every route.

Every case-level siting question (the p-median plan, the capacitated plan, the
covering models, the report) starts from the same three steps: the eligible
candidate sites for the product, its demand points and the cost matrix between
them on the freight network. :meth:`LocationProblem.from_case` does them once;
the plants that already make the product come with it, so that a plan can keep
them open and place new capacity only for the gap.

Examples
--------
>>> from regiocluster import load_case
>>> problem = LocationProblem.from_case(load_case("leningrad"), "cement")
>>> problem.cost.shape == (len(problem.demand), len(problem.candidates))
True
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from regiocluster.errors import InvalidValueError
from regiocluster.siting.suitability import SiteRules, demand_points, rules_for, screen_sites
from regiocluster.siting.travel import FreightNetwork

__all__ = ["LocationProblem", "existing_plants"]


def existing_plants(case, product_id: str, *, year: int | None = None) -> pd.DataFrame:
    """Return the plants in the case's territory that make the product, capacity in tonnes.

    Capacity and output are the latest ``enterprise_products`` rows at or before
    ``year``, converted to tonnes with the product's ``tonnes_per_unit``.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``enterprise_id``: ``name``, ``region_id``, ``lon``, ``lat``,
        ``capacity_t``, ``output_t``, ``year``.
    """
    columns = ["name", "region_id", "lon", "lat", "capacity_t", "output_t", "year"]
    rows = case.tables["enterprise_products"]
    rows = rows[(rows["product_id"] == product_id) & rows["capacity"].notna()]
    if year is not None:
        rows = rows[rows["year"] <= int(year)]
    if rows.empty:
        return pd.DataFrame(columns=columns).rename_axis("enterprise_id")
    rows = rows[rows["year"] == rows.groupby("enterprise_id")["year"].transform("max")]
    firms = case.tables["enterprises"].set_index("enterprise_id")
    regions = case.tables["regions"].set_index("region_id")
    territory = set(case.territory.regions)
    region_of = firms["region_id"]
    parent = region_of.map(regions["parent_id"]).fillna(region_of)
    inside = region_of.isin(territory) | parent.isin(territory)
    products = case.tables["products"].set_index("product_id")
    factor = float(products.loc[product_id, "tonnes_per_unit"])
    plants = rows.set_index("enterprise_id")
    plants = plants[plants.index.isin(firms.index[inside])]
    frame = firms.loc[plants.index, ["name", "region_id", "lon", "lat"]].copy()
    frame["capacity_t"] = plants["capacity"].astype(float) * factor
    frame["output_t"] = plants["output"].astype(float) * factor
    frame["year"] = plants["year"].astype(int)
    return frame.dropna(subset=["lon", "lat"])[columns]


@dataclass(frozen=True)
class LocationProblem:
    """Demand, eligible candidates, existing plants and costs for one product and year.

    Attributes
    ----------
    product_id : str
    year : int
        Demand year.
    demand : pandas.DataFrame
        Demand points with positive demand: ``name``, ``lon``, ``lat``, ``tonnes``.
    candidates : pandas.DataFrame
        The eligible sites (rows of the case's ``sites``, indexed by ``site_id``).
    cost : pandas.DataFrame
        Delivery cost, rub per tonne, demand points (rows) by candidates (columns),
        on the cheapest multimodal route.
    existing : pandas.DataFrame
        Plants that make the product now (:func:`existing_plants`).
    existing_cost : pandas.DataFrame
        Delivery cost from the existing plants (columns) to the demand points.
    rules : SiteRules
        The screening rules used.
    screen : pandas.DataFrame
        Every site's ``eligible``, ``exclusion`` and ``site_kind``.
    """

    product_id: str
    year: int
    demand: pd.DataFrame
    candidates: pd.DataFrame
    cost: pd.DataFrame
    existing: pd.DataFrame
    existing_cost: pd.DataFrame
    rules: SiteRules
    screen: pd.DataFrame

    @classmethod
    def from_case(
        cls,
        case,
        product_id: str,
        *,
        year: int | None = None,
        rules: SiteRules | None = None,
        candidates: list[str] | None = None,
        network: FreightNetwork | None = None,
    ) -> LocationProblem:
        """Screen the sites, place the demand and price every route, once.

        Parameters
        ----------
        case : Case
        product_id : str
            A product of the case's ``products`` table.
        year : int, optional
            Demand year (default: the latest of ``market_balances``).
        rules : SiteRules, optional
            Screening rules (default :func:`rules_for` the product).
        candidates : list of str, optional
            Site ids to consider instead of the eligible ones.
        network : FreightNetwork, optional
            Reuse a network already built from the case.

        Raises
        ------
        ValueError
            For an unknown product, an unknown candidate, or no eligible site.
        """
        known = list(case.tables["products"]["product_id"])
        if product_id not in known:
            raise InvalidValueError("product", product_id, known)
        network = network or FreightNetwork.from_case(case)
        rules = rules or rules_for(product_id)
        sites = case.tables["sites"].set_index("site_id")
        screen = screen_sites(case.tables["sites"], rules)
        if candidates is None:
            candidates = list(screen.index[screen["eligible"]])
        unknown = [site for site in candidates if site not in sites.index]
        if unknown:
            raise InvalidValueError("candidate site", unknown[0], sites.index)
        if not candidates:
            raise InvalidValueError(
                "product", product_id, reason="no site passes the screening rules"
            )
        demand = demand_points(case, product_id, year=year)
        chosen_year = int(demand.attrs.get("year", 0) or 0)
        demand = demand[demand["tonnes"] > 0]
        chosen = sites.loc[candidates]
        cost = network.matrices(demand, chosen).cost
        existing = existing_plants(case, product_id, year=chosen_year)
        existing_cost = (
            network.matrices(demand, existing).cost
            if len(existing)
            else pd.DataFrame(index=demand.index, dtype=float)
        )
        return cls(
            product_id=product_id,
            year=chosen_year,
            demand=demand,
            candidates=chosen,
            cost=cost,
            existing=existing,
            existing_cost=existing_cost,
            rules=rules,
            screen=screen,
        )

    @property
    def weights(self) -> pd.Series:
        """Demand in tonnes per demand point."""
        return self.demand["tonnes"]

    @property
    def existing_capacity(self) -> float:
        """Capacity of the existing plants, tonnes a year."""
        return float(self.existing["capacity_t"].sum())

    @property
    def capacity_gap(self) -> float:
        """Demand the existing plants cannot cover, tonnes a year (0 when they can)."""
        return max(float(self.weights.sum()) - self.existing_capacity, 0.0)

    def cost_with_existing(self) -> pd.DataFrame:
        """Cost to each candidate, capped by the cost from the cheapest existing plant.

        A p-median on this matrix chooses ``p`` new sites while every existing
        plant stays open: a client pays the cheaper of its new site and its
        cheapest existing plant (capacities aside).
        """
        if self.existing_cost.shape[1] == 0:
            return self.cost
        nearest = self.existing_cost.min(axis=1)
        return self.cost.clip(upper=nearest, axis=0)
