"""The case's national input-output table, regional employment by IO sector, and the IO Results.

:func:`multipliers` and :func:`impact` are the case-level Results the CLI
(``regiocluster io ... --format table|json|csv``) renders.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from regiocluster.case.load import Case
from regiocluster.inputoutput.leontief import technical_coefficients
from regiocluster.mapping.related import sector_of
from regiocluster.result import Figure, Result

__all__ = ["NationalTable", "impact", "multipliers", "national_table", "sector_employment"]


@dataclass(frozen=True)
class NationalTable:
    """A national input-output table in matrix form (bn RUB; employment thousand persons)."""

    Z: pd.DataFrame
    final_demand: pd.DataFrame
    primary_inputs: pd.DataFrame
    x: pd.Series
    A: pd.DataFrame
    employment: pd.Series
    labour_income: pd.Series
    names: pd.Series

    @property
    def income_coefficients(self) -> pd.Series:
        """Labour income per unit of output."""
        return (self.labour_income / self.x).rename("income_coefficient")

    @property
    def employment_coefficients(self) -> pd.Series:
        """Thousand jobs per bn RUB of output."""
        return (self.employment / self.x).rename("employment_coefficient")


def national_table(case, *, year: int | None = None) -> NationalTable:
    """Read the case's ``io_flows`` / ``io_sectors`` into matrices; ``x`` = row totals."""
    flows = case.tables["io_flows"]
    sectors = case.tables["io_sectors"].set_index("sector_id")
    year = int(flows["year"].max()) if year is None else int(year)
    wide = (
        flows[flows["year"] == year]
        .pivot_table(index="row", columns="column", values="value", aggfunc="sum")
        .fillna(0.0)
    )
    codes = list(sectors.index)
    final_columns = [c for c in wide.columns if c not in codes]
    primary_rows = [r for r in wide.index if r not in codes]
    Z = wide.reindex(index=codes, columns=codes).fillna(0.0)  # noqa: N806
    final = wide.reindex(index=codes, columns=final_columns).fillna(0.0)
    x = (Z.sum(axis=1) + final.sum(axis=1)).rename("output")
    return NationalTable(
        Z=Z,
        final_demand=final,
        primary_inputs=wide.reindex(index=primary_rows, columns=codes).fillna(0.0),
        x=x,
        A=technical_coefficients(Z, x),
        employment=sectors["employment"].astype(float),
        labour_income=sectors["labour_income"].astype(float),
        names=sectors["name_en"],
    )


def sector_employment(case, regions: list[str], *, year: int | None = None) -> pd.DataFrame:
    """Employees by IO sector (rows) and region (columns), mapping OKVED codes by prefix.

    Each partition code goes to the sector with the longest matching
    ``okved_prefixes`` entry.
    """
    sectors = case.tables["io_sectors"]
    employment = case.tables["employment"]
    year = int(employment["year"].max()) if year is None else int(year)
    rows = employment[(employment["year"] == year) & employment["region_id"].isin(regions)]
    codes = rows["okved"].astype(str)
    mapped = rows.assign(sector=sector_of(codes.unique(), sectors).reindex(codes).to_numpy())
    table = mapped.pivot_table(
        index="sector", columns="region_id", values="employees", aggfunc="sum"
    )
    table = table.reindex(index=list(sectors["sector_id"]), columns=regions)
    return table.fillna(0.0).astype(float)


def multipliers(case: Case, *, year: int | None = None) -> Result:
    """Type I output, income and employment multipliers and linkages of the national table.

    Returns
    -------
    Result
        Frame ``multipliers`` (one row per IO sector); figures
        ``max_output_multiplier`` and ``key_sectors`` (sectors with both
        Rasmussen-Hirschman linkages above 1).

    Examples
    --------
    >>> from regiocluster import load_case
    >>> r = multipliers(load_case("leningrad"))
    >>> r.value("max_output_multiplier") >= 1
    True
    """
    from regiocluster.inputoutput.impact import sector_summary

    year = case.check_year(year, "io_flows")
    table = sector_summary(case, year=year).rename_axis("sector").reset_index()
    key = [c for c in table.columns if c.startswith("key")]
    n_key = int(table[key[0]].sum()) if key else 0
    best = table.loc[table["output_multiplier"].idxmax()]
    return Result(
        "io.multipliers",
        frames={"multipliers": table},
        figures=(
            Figure(
                "max_output_multiplier",
                float(best["output_multiplier"]),
                "ratio",
                f"Largest output multiplier ({best['sector']})",
                f"Наибольший мультипликатор выпуска ({best['sector']})",
            ),
            Figure(
                "key_sectors",
                n_key,
                "count",
                "Key sectors (both linkages above 1)",
                "Ключевые отрасли (обе связи выше 1)",
            ),
        ),  # fmt: skip
        sentences={
            "en": (
                f"{best['sector']} has the largest output multiplier, "
                f"{best['output_multiplier']:.2f}, in the {year} table.",
            ),
            "ru": (
                f"Наибольший мультипликатор выпуска у {best['sector']}: "
                f"{best['output_multiplier']:.2f} (таблица {year} г.).",
            ),
        },  # fmt: skip
        provenance=case.provenance("io_flows", "io_sectors"),
        year=year,
    )


def _impact_figures(p, by_region: pd.DataFrame) -> tuple[Figure, ...]:
    return (
        Figure("direct_output", float(p.impact.direct_output), "bn RUB",
               "Output of the new plant", "Выпуск нового завода"),
        Figure("total_output", float(by_region["output"].sum()), "bn RUB",
               "Output in the two regions", "Выпуск в двух регионах"),
        Figure("output_multiplier", float(p.impact.output_multiplier), "ratio",
               "Output multiplier in the two regions", "Мультипликатор выпуска в двух регионах"),
        Figure("national_multiplier", float(p.national_multiplier), "ratio",
               "National output multiplier of the sector", "Национальный мультипликатор отрасли"),
        Figure("direct_jobs", float(p.direct_jobs), "count",
               "Jobs at the plant", "Рабочие места на заводе"),
        Figure("total_jobs", float(by_region["jobs"].sum()), "count",
               "Jobs in the two regions", "Рабочие места в двух регионах"),
    )  # fmt: skip


def impact(
    case: Case,
    *,
    sector: str | None = None,
    region: str | None = None,
    output: float | None = None,
    delta: float = 0.3,
    product: str | None = None,
    capacity: float | None = None,
    utilisation: float | None = None,
) -> Result:
    """Return a new plant's output, income and jobs in the territory's two regions (FLQ).

    The options are those of :func:`regiocluster.inputoutput.impact.plant_impact`
    (the plant's region defaults to the territory's own region).

    Returns
    -------
    Result
        Frame ``by_region`` (``region_id``, ``output`` and ``income`` in bn
        RUB, ``jobs``); figures ``direct_output``, ``total_output``,
        ``output_multiplier``, ``national_multiplier``, ``direct_jobs``,
        ``total_jobs``.

    Examples
    --------
    >>> from regiocluster import load_case
    >>> r = impact(load_case("leningrad"), output=5.0)
    >>> r.value("total_output") >= r.value("direct_output") == 5.0
    True
    """
    from regiocluster.inputoutput.impact import plant_impact

    p = plant_impact(case, sector=sector, region=region, output=output, delta=delta,
                     product=product, capacity=capacity, utilisation=utilisation)  # fmt: skip
    regional = p.impact
    by_region = pd.DataFrame(
        {
            "region_id": regional.output.index,
            "output": regional.output.sum(axis=1).to_numpy(),
            "income": regional.income.reindex(regional.output.index).to_numpy(),
            "jobs": regional.employment.reindex(regional.output.index).to_numpy() * 1000,
        }
    )
    what = f"{p.product_id} " if p.product_id else ""
    out, total, jobs = regional.direct_output, by_region["output"].sum(), by_region["jobs"].sum()
    sentences = {
        "en": (f"A new {what}plant ({p.sector}) in {p.plant_region} making {out:,.2f} bn RUB a "
               f"year adds {total:,.2f} bn RUB of output and {jobs:,.0f} jobs in the two regions "
               f"({p.direct_jobs:,.0f} at the plant: {p.jobs_basis}).",),
        "ru": (f"Новый завод {what}({p.sector}) в {p.plant_region} с выпуском {out:,.2f} млрд "
               f"руб. в год даёт {total:,.2f} млрд руб. выпуска и {jobs:,.0f} рабочих мест в "
               f"двух регионах ({p.direct_jobs:,.0f} на самом заводе).",),
    }  # fmt: skip
    tables = ("io_flows", "io_sectors", "employment", *(("market_balances",) if product else ()))
    return Result(
        "io.impact",
        frames={"by_region": by_region},
        figures=_impact_figures(p, by_region),
        sentences=sentences,
        provenance=case.provenance(*tables),
        year=int(case.tables["io_flows"]["year"].max()),
        options={"sector": p.sector, "region": p.plant_region, "delta": delta,
                 "product": product, "capacity_t": p.capacity_t, "output_t": p.output_t,
                 "jobs_basis": p.jobs_basis},
    )  # fmt: skip
