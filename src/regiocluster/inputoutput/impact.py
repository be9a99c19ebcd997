"""Case-level input-output results: the sector summary and a new plant's two-region impact.

A new plant's direct jobs come from its capacity and the product's labour
productivity, not from the IO sector's average jobs per rouble: a modern cement
works is far more capital-intensive than the "construction materials" sector as
a whole, which gave a 5 bn RUB plant about 1,690 jobs. The IO model supplies the
indirect (supply-chain) effects.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd

from regiocluster.errors import InvalidValueError
from regiocluster.inputoutput.case import national_table, sector_employment
from regiocluster.inputoutput.leontief import (
    employment_multipliers,
    income_multipliers,
    leontief_inverse,
    linkages,
    output_multipliers,
)
from regiocluster.inputoutput.regional import RegionalImpact, TwoRegionModel
from regiocluster.mapping.related import sector_of

__all__ = [
    "CAPACITY_PER_JOB_T",
    "PlantImpact",
    "interregional_flows",
    "plant_impact",
    "sector_summary",
    "two_region_model",
]


def sector_summary(case, *, year: int | None = None) -> pd.DataFrame:
    """Output, income and employment multipliers (Type I) and linkages of the national table."""
    table = national_table(case, year=year)
    L = leontief_inverse(table.A)  # noqa: N806
    summary = pd.DataFrame(
        {
            "output_multiplier": output_multipliers(L),
            "income_multiplier": income_multipliers(L, table.income_coefficients),
            "employment_multiplier": employment_multipliers(L, table.employment_coefficients),
        }
    )
    return summary.join(linkages(L))


def two_region_model(
    case, *, regions: list[str] | None = None, delta: float = 0.3, year: int | None = None
) -> TwoRegionModel:
    """FLQ two-region model for the case's region and its (first) partner region.

    Regional employment comes from the case's ``employment`` table (latest
    year), mapped to IO sectors; national employment from ``io_sectors``. Both
    are rescaled to a common total so that the location quotients compare
    structures, not units.
    """
    table = national_table(case, year=year)
    if regions is None:
        regions = list(case.territory.regions[:2])
    employment = sector_employment(case, regions)
    national = table.employment
    # Put regional employees (persons) on the national table's scale (thousand
    # persons) using the case's own national total, so that regional shares are
    # shares of the same economy.
    jobs = case.tables["employment"]
    subjects = case.tables["regions"]
    country = case.territory.country
    if country is None:
        raise InvalidValueError(
            "case.toml country", country, reason="national employment scales the regions'"
        )
    country_members = subjects[subjects["parent_id"] == country]
    latest = jobs[
        (jobs["year"] == jobs["year"].max()) & jobs["region_id"].isin(country_members["region_id"])
    ]
    total = float(latest["employees"].sum())
    scale = float(national.sum()) / total if total > 0 else 1.0
    return TwoRegionModel.from_national(
        table.A,
        employment * scale,
        national,
        delta=delta,
        income_coefficients=table.income_coefficients,
        employment_coefficients=table.employment_coefficients,
    ).fit()


#: Capacity per direct job, tonnes a year, by product, with the public figures behind it.
#: A cement works of about 2 Mt/yr employs roughly 300-400 people (FACTS.md); Eurocement's
#: greenfield plant at Spasskoye, Stavropol Krai, was to employ 400 (governor's press
#: service via contrasterra.ru, 30.11.2011); Ramco's 3.15 Mt/yr Kalavatala plant, 300 direct
#: jobs (cemnet.com and Business Standard, 14.12.2018). 2 Mt / 350 jobs = 5,714 t per job.
CAPACITY_PER_JOB_T: dict[str, float] = {
    "cement": 2_000_000.0 / 350.0,
    "clinker": 2_000_000.0 / 350.0,
}


@dataclass(frozen=True)
class PlantImpact:
    """A new plant's effect on both regions, with the national multiplier for comparison.

    Attributes
    ----------
    impact : RegionalImpact
        Output, income and employment by region. With a product whose labour
        productivity is known, employment is the plant's direct jobs (in its
        region) plus the IO model's indirect jobs; otherwise the IO model's
        sector average throughout.
    direct_jobs : float
        Jobs at the plant itself.
    jobs_basis : str
        ``"capacity and labour productivity"`` or ``"IO sector average"``.
    capacity_t, output_t : float or None
        The plant's capacity and output, tonnes a year (with a product).
    """

    impact: RegionalImpact
    plant_region: str
    sector: str
    national_multiplier: float
    model: TwoRegionModel
    direct_jobs: float = float("nan")
    jobs_basis: str = "IO sector average"
    product_id: str | None = None
    capacity_t: float | None = None
    output_t: float | None = None


def _product_sector(case, product_id: str) -> str:
    """IO sector whose OKVED prefixes hold the product's OKVED (longest prefix wins)."""
    products = case.tables["products"].set_index("product_id")
    okved = str(products.loc[product_id, "okved"])
    best = sector_of([okved], case.tables["io_sectors"]).get(okved)
    if best is None or pd.isna(best):
        raise InvalidValueError("product", product_id, reason=f"no IO sector covers OKVED {okved}")
    return str(best)


def _price_and_use(case, product_id: str, region: str) -> tuple[float, float]:
    """Price per tonne and capacity use of the product in the region's latest year."""
    products = case.tables["products"].set_index("product_id")
    factor = float(products.loc[product_id, "tonnes_per_unit"])
    balances = case.tables["market_balances"]
    rows = balances[(balances["product_id"] == product_id) & balances["price"].notna()]
    home = rows[rows["region_id"] == region]
    rows = home if len(home) else rows
    if rows.empty:
        raise InvalidValueError("product", product_id, reason="the case has no price for it")
    latest = rows[rows["year"] == rows["year"].max()].iloc[0]
    use = 1.0
    if pd.notna(latest.get("capacity")) and latest["capacity"] > 0:
        use = min(float(latest["production"]) / float(latest["capacity"]), 1.0)
    return float(latest["price"]) / factor, use


def plant_impact(
    case,
    *,
    sector: str | None = None,
    region: str | None = None,
    output: float | None = None,
    delta: float = 0.3,
    product: str | None = None,
    capacity: float | None = None,
    utilisation: float | None = None,
) -> PlantImpact:
    """Output, income and jobs in both regions from a new plant.

    Parameters
    ----------
    sector : str, optional
        IO sector of the plant (default: the product's, else ``"CMT"``).
    region : str, optional
        Region of the plant (default: the case's region).
    output : float, optional
        The plant's annual output, bn RUB (default 5 without ``capacity``).
    delta : float
        Flegg's delta for FLQ regionalisation.
    product : str, optional
        The product made. With a product, direct jobs are its capacity divided by
        the product's capacity per job (:data:`CAPACITY_PER_JOB_T`) where that is
        known, and output converts to tonnes at the case's price.
    capacity : float, optional
        Capacity, tonnes a year (needs ``product``); output is capacity times
        ``utilisation`` times the price.
    utilisation : float, optional
        Capacity use (default: the region's for the product in the latest year).

    The plant's output is treated as new final demand for its (region, sector),
    e.g. sales outside the two regions or import substitution.
    """
    if capacity is not None and product is None:
        raise InvalidValueError(
            "capacity", capacity, reason="capacity needs the product (e.g. product='cement')"
        )
    known = case.tables["products"]["product_id"].astype(str)
    if product is not None and product not in set(known):
        raise InvalidValueError("product", product, known)
    sector = sector or (_product_sector(case, product) if product else "CMT")
    model = two_region_model(case, delta=delta)
    region = region or case.territory.region
    if region not in model.regions_:
        raise InvalidValueError("region of the plant", region, model.regions_)
    if sector not in model.A.index:
        raise InvalidValueError("IO sector", sector, model.A.index)
    tonnes = plant_capacity = None
    if product is not None:
        price, use = _price_and_use(case, product, region)
        use = float(utilisation) if utilisation is not None else use
        if not 0 < use <= 1:
            raise InvalidValueError("utilisation", use, reason="must be in (0, 1]")
        if capacity is not None:
            plant_capacity = float(capacity)
            tonnes = plant_capacity * use
            output = tonnes * price / 1e9
        else:
            output = 5.0 if output is None else output
            tonnes = float(output) * 1e9 / price
            plant_capacity = tonnes / use
    output = 5.0 if output is None else float(output)
    impact = model.impact({(region, sector): output})
    national = output_multipliers(leontief_inverse(model.A))[sector]
    per_job = CAPACITY_PER_JOB_T.get(product or "")
    direct = float(output * model.employment_coefficients[sector] * 1000)
    basis = "IO sector average"
    if per_job and plant_capacity is not None:
        # Replace the IO model's direct round (sector average) by the plant's own jobs.
        direct = plant_capacity / per_job
        employment = impact.employment.copy()
        employment[region] += direct / 1000 - output * model.employment_coefficients[sector]
        impact = replace(impact, employment=employment)
        basis = "capacity and labour productivity"
    return PlantImpact(
        impact=impact,
        plant_region=region,
        sector=sector,
        national_multiplier=float(national),
        model=model,
        direct_jobs=direct,
        jobs_basis=basis,
        product_id=product,
        capacity_t=plant_capacity,
        output_t=tonnes,
    )


def interregional_flows(case, *, year: int | None = None) -> pd.DataFrame:
    """Supply-link values between the case's region and its partners, by product (latest year).

    Districts are rolled up to their parent region; anything else is "other".

    Returns
    -------
    pandas.DataFrame
        Columns ``product_id``, ``from_region``, ``to_region``, ``value``.
    """
    links = case.tables["supply_links"]
    enterprises = case.tables["enterprises"].set_index("enterprise_id")["region_id"]
    regions = case.tables["regions"].set_index("region_id")
    territory = case.territory

    def roll_up(region_id):
        if region_id in territory.regions:
            return region_id
        return regions["parent_id"].get(region_id) if territory.contains(region_id) else "other"

    year = int(links["year"].max()) if year is None else int(year)
    rows = links[links["year"] == year]
    frame = pd.DataFrame(
        {
            "product_id": rows["product_id"].fillna("services"),
            "from_region": rows["supplier_id"].map(enterprises).map(roll_up),
            "to_region": rows["buyer_id"].map(enterprises).map(roll_up),
            "value": rows["value"].astype(float),
        }
    )
    result = (
        frame.groupby(["product_id", "from_region", "to_region"], as_index=False)["value"]
        .sum()
        .sort_values("value", ascending=False)
    )
    result.attrs["year"] = year
    return result
