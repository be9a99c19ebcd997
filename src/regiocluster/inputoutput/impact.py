"""Case-level input-output results: the sector summary and a new plant's two-region impact."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from regiocluster.inputoutput.case import national_table, sector_employment
from regiocluster.inputoutput.leontief import (
    employment_multipliers,
    income_multipliers,
    leontief_inverse,
    linkages,
    output_multipliers,
)
from regiocluster.inputoutput.regional import RegionalImpact, TwoRegionModel

__all__ = [
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
        regions = [case.meta["region"], *case.meta.get("partner_regions", [])][:2]
    employment = sector_employment(case, regions)
    national = table.employment
    # Put regional employees (persons) on the national table's scale (thousand
    # persons) using the case's own national total, so that regional shares are
    # shares of the same economy.
    jobs = case.tables["employment"]
    subjects = case.tables["regions"]
    country_members = subjects[subjects["parent_id"] == case.meta.get("country", "RU")]
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


@dataclass(frozen=True)
class PlantImpact:
    """A new plant's effect on both regions, with the national multiplier for comparison."""

    impact: RegionalImpact
    plant_region: str
    sector: str
    national_multiplier: float
    model: TwoRegionModel


def plant_impact(
    case,
    *,
    sector: str = "CMT",
    region: str | None = None,
    output: float = 5.0,
    delta: float = 0.3,
) -> PlantImpact:
    """Output, income and jobs in both regions from a plant producing ``output`` bn RUB a year.

    The plant's output is treated as new final demand for its (region, sector),
    e.g. sales outside the two regions or import substitution.
    """
    model = two_region_model(case, delta=delta)
    region = region or case.meta["region"]
    if region not in model.regions_:
        raise ValueError(f"region {region!r} is not in the model {model.regions_}")
    if sector not in model.A.index:
        raise ValueError(f"unknown IO sector {sector!r}; choose from {list(model.A.index)}")
    impact = model.impact({(region, sector): float(output)})
    national = output_multipliers(leontief_inverse(model.A))[sector]
    return PlantImpact(
        impact=impact,
        plant_region=region,
        sector=sector,
        national_multiplier=float(national),
        model=model,
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
    focus = [case.meta["region"], *case.meta.get("partner_regions", [])]

    def roll_up(region_id):
        if region_id in focus:
            return region_id
        parent = regions["parent_id"].get(region_id)
        return parent if parent in focus else "other"

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
