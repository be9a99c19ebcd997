"""The model's inputs read from a case: firms, candidate ties, demand paths, market.

:func:`model_inputs` is the one place the development model picks data out of
a :class:`~regiocluster.case.load.Case`: the cluster's members (one
membership rule, :meth:`~regiocluster.case.Case.members`), their
finances in the start year, the supply ties among them, the input-output
complementarity of their industries, the demand paths of their products
under each market scenario (:func:`~regiocluster.market.outlook`) and the
siting ranking that places new entrants. Everything is turned into numpy
arrays once, so the kernel (:mod:`regiocluster.simulation.model`) never
touches pandas.

Money is in million RUB at the start year's prices: a firm's revenue is
deflated with its main product's price index from the market balances.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType

import numpy as np
import pandas as pd

from regiocluster.case.load import Case
from regiocluster.geo import great_circle_km
from regiocluster.inputoutput.case import national_table
from regiocluster.mapping.related import sector_of
from regiocluster.market import Outlook

__all__ = [
    "DISTANCE_KM",
    "HISTORY_SCENARIO",
    "ModelInputs",
    "fingerprint",
    "member_finances",
    "model_inputs",
    "scenarios_of",
]

#: Name of the demand path that follows the case's history (no forecast).
HISTORY_SCENARIO = "actual"

_SUPPLIERS_PER_BUYER = 5
#: Distance at which the tie-formation hazard falls to 1/e, km (a prior:
#: most construction materials travel by road within about an hour).
DISTANCE_KM = 60.0


@dataclass(frozen=True)
class ModelInputs:
    """Arrays the kernel runs on; firm slots are existing members then potential entrants.

    Attributes
    ----------
    firm_ids : tuple of str
        Ids of the ``N`` firm slots (potential entrants are ``NEW-###``).
    start_year : int
        The year the state describes.
    alive : ndarray of bool, shape (N,)
        Firms active in the start year.
    output, capacity, employees : ndarray, shape (N,)
        Output and capacity (mln RUB, start-year prices) and employees; for
        potential entrants, their size on entry.
    purchase_ratio, export_share, margin, wear : ndarray, shape (N,)
        Purchases and exports per unit of output, net margin, fixed-asset wear.
    eligible, priority : ndarray of bool, shape (N,)
        Eligible for support measures; makes an import-substitution priority product.
    product : ndarray of int, shape (N,)
        Row of the firm's main product in ``demand``.
    district : ndarray of int, shape (N,)
        The firm's district (index into ``districts``).
    districts : tuple of str
    tie_supplier, tie_buyer : ndarray of int, shape (K,)
        Candidate ties (firm slots).
    tie_propensity : ndarray, shape (K,)
        Input-output complementarity times the distance decay's input,
        ``c_k`` in [0, 1]; the kernel applies ``exp(-km / DISTANCE_KM)``.
    tie_km : ndarray, shape (K,)
        Distance between the two firms.
    tie_share : ndarray, shape (K,)
        Share of the buyer's purchases the tie carries.
    tie_active : ndarray of bool, shape (K,)
        Ties observed in the start year.
    demand_years : tuple of int
    demand : Mapping of str to ndarray, shape (P, Y)
        Demand (product units) per product and year for each scenario.
    products : tuple of str
    consumption : float
        The market's consumption in the start year, mln RUB.
    import_share : float
        Imports over consumption in the start year.
    member_share : float
        Members' domestic sales over the market's local production.
    priority_imports : float
        Share of the market's imports that are of priority products.
    synthetic : bool
        Whether a synthetic table went in.
    """

    firm_ids: tuple[str, ...]
    start_year: int
    alive: np.ndarray
    output: np.ndarray
    capacity: np.ndarray
    employees: np.ndarray
    purchase_ratio: np.ndarray
    export_share: np.ndarray
    margin: np.ndarray
    wear: np.ndarray
    eligible: np.ndarray
    priority: np.ndarray
    product: np.ndarray
    district: np.ndarray
    districts: tuple[str, ...]
    tie_supplier: np.ndarray
    tie_buyer: np.ndarray
    tie_propensity: np.ndarray
    tie_km: np.ndarray
    tie_share: np.ndarray
    tie_active: np.ndarray
    demand_years: tuple[int, ...]
    demand: Mapping[str, np.ndarray] = field(repr=False)
    products: tuple[str, ...] = ()
    consumption: float = 0.0
    import_share: float = 0.0
    member_share: float = 1.0
    priority_imports: float = 0.0
    synthetic: bool = True

    @property
    def n_firms(self) -> int:
        """Number of firm slots ``N``."""
        return len(self.firm_ids)

    @property
    def scenarios(self) -> tuple[str, ...]:
        """Demand scenarios available."""
        return tuple(self.demand)

    def demand_growth(self, scenario: str, years: np.ndarray) -> np.ndarray:
        """Demand ratio year over previous year, shape (P, len(years))."""
        table = self.demand[scenario]
        index = np.searchsorted(self.demand_years, years)
        return table[:, index] / table[:, index - 1]

    def select(self, firms: np.ndarray) -> ModelInputs:
        """Return the inputs restricted to the firm slots ``firms`` and the ties among them."""
        firms = np.asarray(firms, dtype=np.int64)
        position = np.full(self.n_firms, -1)
        position[firms] = np.arange(len(firms))
        keep = (position[self.tie_supplier] >= 0) & (position[self.tie_buyer] >= 0)
        per_firm = {
            name: getattr(self, name)[firms]
            for name in (
                "alive",
                "output",
                "capacity",
                "employees",
                "purchase_ratio",
                "export_share",
                "margin",
                "wear",
                "eligible",
                "priority",
                "product",
                "district",
            )
        }
        per_tie = {
            name: getattr(self, name)[keep]
            for name in ("tie_propensity", "tie_km", "tie_share", "tie_active")
        }
        return replace(
            self,
            firm_ids=tuple(self.firm_ids[i] for i in firms),
            tie_supplier=position[self.tie_supplier[keep]],
            tie_buyer=position[self.tie_buyer[keep]],
            **per_firm,
            **per_tie,
        )


def _deflator(balances: pd.DataFrame, base_year: int) -> pd.DataFrame:
    """Price index per product and year relative to ``base_year`` (agglomeration prices)."""
    prices = balances.pivot_table(index="year", columns="product_id", values="price")
    return prices / prices.loc[base_year]


def _main_product(products: pd.DataFrame) -> pd.Series:
    last = products[products["year"] == products["year"].max()]
    order = last.sort_values("output", ascending=False)
    return order.drop_duplicates("enterprise_id").set_index("enterprise_id")["product_id"]


def member_finances(case: Case, *, base_year: int | None = None) -> pd.DataFrame:
    """Members' finances with ``real_output`` (revenue at ``base_year`` prices) and ``product_id``.

    Revenue is deflated with the price index of the firm's main product in
    the case's region and partners (the mean of all products' indices for a
    firm without products).
    """
    members = case.members().set_index("enterprise_id")
    fin = case["enterprise_finances"]
    base_year = int(fin["year"].max()) if base_year is None else base_year
    fin = fin[fin["enterprise_id"].isin(members.index)]
    balances = case["market_balances"]
    regions = list(case.territory.regions)
    local = balances[balances["region_id"].isin(regions)]
    deflator = _deflator(
        local.groupby(["product_id", "year"], as_index=False)["price"].mean(), base_year
    )
    main = _main_product(case["enterprise_products"])
    general = deflator.mean(axis=1)
    product = fin["enterprise_id"].map(main)
    price = [
        deflator.at[y, p] if isinstance(p, str) and p in deflator.columns else general.get(y, 1.0)
        for y, p in zip(fin["year"].astype(int), product, strict=True)
    ]
    price = np.asarray(price, dtype=float)
    return fin.assign(
        real_output=fin["revenue"] / price,
        real_exports=fin["exports"] / price,
        product_id=product,
        region_id=fin["enterprise_id"].map(members["region_id"]),
        lon=fin["enterprise_id"].map(members["lon"]),
        lat=fin["enterprise_id"].map(members["lat"]),
        okved=fin["enterprise_id"].map(members["okved"]),
        kind=fin["enterprise_id"].map(members["kind"]),
    )


def _firm_table(case: Case, start_year: int, base_year: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Members with finances in ``start_year`` at ``base_year`` prices, and entrant templates."""
    fin = member_finances(case, base_year=base_year)
    first = fin.groupby("enterprise_id")["year"].transform("min")
    margin = (fin["net_profit"] / fin["revenue"]).groupby(fin["enterprise_id"]).mean()
    now = fin[fin["year"] == start_year].set_index("enterprise_id")
    util = _utilisation(case["enterprise_products"], start_year)
    now = now.assign(
        margin=margin.reindex(now.index),
        utilisation=util.reindex(now.index).fillna(0.85),
        alive=True,
    )
    entrants = fin[(fin["year"] == first) & (first > fin["year"].min())].set_index("enterprise_id")
    if entrants.empty:
        entrants = now[now["real_output"] <= now["real_output"].quantile(0.25)]
    return now, entrants.assign(
        margin=margin.reindex(entrants.index),
        utilisation=util.reindex(entrants.index).fillna(0.85),
        alive=False,
    )


def _eligible(case: Case, slots: pd.DataFrame, year: int) -> np.ndarray:
    """Firms eligible for at least one grant among the case's support measures.

    Potential entrants take their template firm's eligibility.
    """
    from regiocluster.enterprises.case import case_eligibility

    pairs = case_eligibility(case, year=year).pairs
    grants = case["support_measures"].set_index("measure_id")["instrument"].eq("grant")
    pairs = pairs[pairs["eligible"] & pairs["measure_id"].map(grants).fillna(False).astype(bool)]
    ok = set(pairs["enterprise_id"])
    source = slots.get("template", pd.Series(slots.index, index=slots.index))
    return np.array([i in ok or t in ok for i, t in zip(slots.index, source, strict=True)])


def _utilisation(products: pd.DataFrame, year: int) -> pd.Series:
    rows = products[products["year"] == year].groupby("enterprise_id")[["output", "capacity"]].sum()
    util = rows["output"] / rows["capacity"].where(rows["capacity"] > 0)
    return util.clip(0.3, 1.0)


def _slots(
    now: pd.DataFrame, templates: pd.DataFrame, *, n_entrants: int, sites: pd.DataFrame | None
) -> pd.DataFrame:
    """Existing firms then ``n_entrants`` potential entrants copied from ``templates``."""
    picks = templates.sort_index().iloc[np.arange(n_entrants) % len(templates)].copy()
    picks["template"] = picks.index
    picks.index = [f"NEW-{i + 1:03d}" for i in range(n_entrants)]
    if sites is not None and len(sites):
        # entrants set up on the best-ranked eligible site for their product
        placed = picks["product_id"].map(sites.set_index("product_id")["region_id"])
        for col in ("region_id", "lon", "lat"):
            value = picks["product_id"].map(sites.set_index("product_id")[col])
            picks[col] = value.where(placed.notna(), picks[col])
    return pd.concat([now, picks])


def _complementarity(case: Case, okved: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """IO sector of each firm and the sector-by-sector input coefficient scaled to [0, 1]."""
    sectors = case["io_sectors"]
    table = national_table(case)
    coeff = table.A.to_numpy(float)
    order = {sid: k for k, sid in enumerate(table.A.index)}
    codes = okved.astype(str)
    of = sector_of(list(pd.unique(codes)), sectors)
    sector = np.array([order.get(of.get(code), -1) for code in codes], dtype=int)
    return sector, coeff / coeff.max()


def _candidate_ties(case: Case, slots: pd.DataFrame, start_year: int) -> dict[str, np.ndarray]:
    """Observed ties among slots plus each buyer's most complementary nearby suppliers."""
    ids = pd.Index(slots.index)
    sector, coeff = _complementarity(case, slots["okved"])
    lon, lat = slots["lon"].to_numpy(float), slots["lat"].to_numpy(float)
    n = len(ids)
    km = great_circle_km(lon[:, None], lat[:, None], lon[None, :], lat[None, :])
    comp = np.where((sector[:, None] >= 0) & (sector[None, :] >= 0), coeff[sector][:, sector], 0.0)
    np.fill_diagonal(comp, 0.0)
    score = comp * np.exp(-km / DISTANCE_KM)
    top = np.argsort(-score, axis=0)[:_SUPPLIERS_PER_BUYER]
    pairs = {(int(s), int(b)) for b in range(n) for s in top[:, b] if score[s, b] > 0}
    links = case["supply_links"]
    links = links[
        (links["year"] == start_year) & links["supplier_id"].isin(ids) & links["buyer_id"].isin(ids)
    ]
    links = links[links["supplier_id"] != links["buyer_id"]]
    observed = links.groupby(["supplier_id", "buyer_id"])["value"].sum()
    obs_pairs = {(ids.get_loc(s), ids.get_loc(b)): v for (s, b), v in observed.items()}
    pairs |= set(obs_pairs)
    supplier, buyer = (np.array(x, dtype=np.int64) for x in zip(*sorted(pairs), strict=True))
    purchases = slots["purchases"].to_numpy(float)
    share = np.array([obs_pairs.get((s, b), np.nan) for s, b in zip(supplier, buyer, strict=True)])
    share = share / np.where(purchases[buyer] > 0, purchases[buyer], np.nan)
    typical = float(np.nanmedian(share)) if np.isfinite(share).any() else 0.01
    return {
        "tie_supplier": supplier,
        "tie_buyer": buyer,
        "tie_propensity": np.maximum(comp[supplier, buyer], 0.05),
        "tie_km": km[supplier, buyer],
        "tie_share": np.where(np.isfinite(share), share, typical),
        "tie_active": np.array([(s, b) in obs_pairs for s, b in zip(supplier, buyer, strict=True)]),
    }


def _demand_paths(
    case: Case, products: list[str], *, until: int, history_end: int
) -> tuple[tuple[int, ...], dict[str, np.ndarray], pd.DataFrame]:
    """Demand per product (rows) and year (columns) for history and each scenario.

    The last row is the whole market, products weighted by their base-year price.
    """
    view = _outlook(case, until)
    hist = view.history.pivot_table(index="product_id", columns="year", values="consumption")
    bal = view.balances[view.balances["region_id"] == case.territory.agglomeration_id]
    price = bal[bal["year"] == history_end].set_index("product_id")["price"]
    years = tuple(range(int(hist.columns.min()), until + 1))
    paths: dict[str, np.ndarray] = {}
    hist = hist.reindex(index=products, columns=list(years))
    base = hist.loc[:, :history_end].ffill(axis=1)
    paths[HISTORY_SCENARIO] = _with_total(base.reindex(columns=list(years)).ffill(axis=1), price)
    for scenario, part in view.demand.groupby("scenario"):
        fut = part.pivot_table(index="product_id", columns="year", values="demand")
        full = base.join(fut.reindex(index=products), how="left").reindex(columns=list(years))
        paths[str(scenario)] = _with_total(full.ffill(axis=1), price)
    return years, paths, bal


def _with_total(table: pd.DataFrame, price: pd.Series) -> np.ndarray:
    weights = price.reindex(table.index).fillna(0.0).to_numpy(float)
    values = table.fillna(0.0).to_numpy(float)
    total = (values * weights[:, None]).sum(axis=0)
    out = np.vstack([values, total[None, :]])
    # a product without demand rows follows the whole market
    empty = out[:-1].sum(axis=1) <= 0
    out[:-1][empty] = total
    return out


def fingerprint(case: Case, tables: tuple[str, ...] = ()) -> str:
    """Return a content hash of ``case``'s tables (all by default), for caches."""
    names = tables or tuple(sorted(case.tables))
    digest = hashlib.sha256(repr((case.name, until_key(case))).encode())
    for name in names:
        frame = case.tables.get(name)
        if frame is not None:
            digest.update(name.encode())
            digest.update(pd.util.hash_pandas_object(frame, index=False).to_numpy().tobytes())
    return digest.hexdigest()


def until_key(case: Case) -> tuple:
    """Return the metadata that changes the model's inputs."""
    return (tuple(case.meta.get("years", ())), case.territory.regions)


def _outlook(case: Case, until: int) -> Outlook:
    """Return the market outlook of ``case`` to ``until``: the shared, memoised core Result."""
    from regiocluster.market.case import outlook as market_outlook

    frames = market_outlook(case, last_year=until).frames
    return Outlook(
        balances=frames["balances"],
        demand=frames["demand"],
        history=frames["history"],
        gaps=frames["gaps"],
        intensities=frames["intensities"],
        region_id=case.territory.agglomeration_id,
    )


def _site_of_products(case: Case, products: list[str]) -> pd.DataFrame | None:
    """Return the best-ranked eligible site per product (siting TOPSIS), where the ranking runs."""
    from regiocluster.siting.case import ranked

    rows = []
    for product_id in products:
        try:
            table = ranked(case, product_id).eligible
        except (ValueError, KeyError):
            continue
        if len(table):
            best = table.iloc[0]
            rows.append(
                {
                    "product_id": product_id,
                    "region_id": best["region_id"],
                    "lon": best["lon"],
                    "lat": best["lat"],
                }
            )
    return pd.DataFrame(rows) if rows else None


def _market(bal: pd.DataFrame, year: int) -> dict[str, object]:
    """Consumption and imports (mln RUB) of the market in ``year``, and its priority products.

    Priority products for import substitution are those whose import share
    is at least the median product's.
    """
    now = bal[bal["year"] == year].set_index("product_id")
    value = now["price"] / 1e6
    consumption = float((now["consumption"] * value).sum())
    imports = float((now["imports"] * value).sum())
    share = now["imports"] / now["consumption"].where(now["consumption"] > 0)
    priority = set(share[share >= share.median()].index)
    in_priority = float((now["imports"] * value)[now.index.isin(priority)].sum())
    return {
        "consumption": consumption,
        "imports": imports,
        "import_share": imports / consumption if consumption > 0 else 0.0,
        "priority": priority,
        "priority_imports": in_priority / max(imports, 1e-9),
    }


def scenarios_of(case: Case) -> tuple[str, ...]:
    """Return the demand scenarios the model can run on ``case`` (the history's included)."""
    names = case["demand_drivers"]["scenario"].astype(str).unique()
    return tuple(sorted({*names} - {HISTORY_SCENARIO})) + (HISTORY_SCENARIO,)


def model_inputs(
    case: Case,
    *,
    start_year: int | None = None,
    until: int = 2035,
    entrant_share: float = 0.4,
    siting: bool = True,
) -> ModelInputs:
    """Read the model's inputs from ``case`` for a run starting in ``start_year``.

    Parameters
    ----------
    case : Case
        A loaded case with enterprises, finances, products, supply links,
        market balances, demand drivers and an input-output table.
    start_year : int, optional, keyword-only
        The year whose state starts the run (default: the last year of
        ``enterprise_finances``).
    until : int, keyword-only
        Last year demand paths are needed for.
    entrant_share : float, keyword-only
        Potential entrants as a share of the firms alive in the start year.
    siting : bool, keyword-only
        Place potential entrants on the best-ranked site for their product
        (:func:`~regiocluster.siting.plan.rank_sites`); False keeps the
        template firm's location.

    Returns
    -------
    ModelInputs
    """
    history_end = case.last_year("enterprise_finances")
    start = history_end if start_year is None else int(start_year)
    now, templates = _firm_table(case, start, history_end)
    n_entrants = max(5, int(round(entrant_share * len(now))))
    made = set(templates["product_id"].dropna())
    main_products = sorted(set(now["product_id"].dropna()) | made)
    sites = _site_of_products(case, sorted(made)) if siting else None
    slots = _slots(now, templates, n_entrants=n_entrants, sites=sites)
    years, paths, bal = _demand_paths(case, main_products, until=until, history_end=history_end)
    product = slots["product_id"].map({p: i for i, p in enumerate(main_products)})
    product = product.fillna(len(main_products)).to_numpy(int)
    market = _market(bal, start)
    output = slots["real_output"].to_numpy(float)
    revenue = slots["revenue"].to_numpy(float)
    exports = (slots["exports"] / slots["revenue"]).clip(0, 1).fillna(0).to_numpy(float)
    in_market = product < len(main_products)
    domestic = float(((1 - exports) * output)[in_market & slots["alive"].to_numpy(bool)].sum())
    districts = tuple(sorted(slots["region_id"].astype(str).unique()))
    ties = _candidate_ties(case, slots, start)
    wear = slots["fixed_assets_wear"].clip(0, 1).fillna(0.5).to_numpy(float)
    return ModelInputs(
        firm_ids=tuple(str(i) for i in slots.index),
        start_year=start,
        alive=slots["alive"].to_numpy(bool),
        output=output,
        capacity=output / slots["utilisation"].to_numpy(float),
        employees=np.maximum(slots["employees"].fillna(1.0).to_numpy(float), 1.0),
        purchase_ratio=(slots["purchases"] / revenue).clip(0, 1).fillna(0).to_numpy(float),
        export_share=exports,
        margin=slots["margin"].fillna(0.0).clip(-1, 1).to_numpy(float),
        wear=wear,
        eligible=_eligible(case, slots, start),
        priority=slots["product_id"].isin(market["priority"]).to_numpy(bool),
        product=product,
        district=slots["region_id"]
        .astype(str)
        .map({d: i for i, d in enumerate(districts)})
        .to_numpy(int),
        districts=districts,
        demand_years=years,
        demand=MappingProxyType(paths),
        products=(*main_products, "all"),
        consumption=market["consumption"],
        import_share=market["import_share"],
        member_share=min(1.0, domestic / max(market["consumption"] - market["imports"], 1e-9)),
        priority_imports=market["priority_imports"],
        synthetic=bool(case.is_synthetic("enterprise_finances")),
        **ties,
    )
