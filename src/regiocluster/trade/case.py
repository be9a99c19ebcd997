"""Trade Results of a case: economic complexity, export potential, import substitution.

The territory (:attr:`regiocluster.case.Case.territory`) exports and imports
as one: shipments between its regions are internal, and the imports and
import shares of :func:`substitution` are the market balance's
(:func:`regiocluster.market.case.territory_balances`), so they agree with
``market balance`` and ``market forecast``.
"""

from __future__ import annotations

import pandas as pd

from regiocluster.case.load import Case
from regiocluster.case.units import format_number, format_share, unit_label
from regiocluster.result import Figure, Result
from regiocluster.trade.economic_complexity import complexity as eci_table
from regiocluster.trade.overview import (
    WORLD_COLS,
    case_potential,
    case_substitution,
    country_world,
    product_names,
)
from regiocluster.trade.potential import diversification_opportunities

__all__ = ["complexity", "potential", "substitution"]


def _year(case: Case, year: int | None) -> int:
    return case.check_year(year, "trade_flows")


def complexity(case: Case, *, year: int | None = None) -> Result:
    """Economic complexity ranking of the world matrix and the country's opportunities.

    Returns
    -------
    Result
        Frames ``ranking`` (``rank``, ``reporter``, ``eci``, ``diversity``,
        ``coi``) and ``opportunities``; figures ``eci_rank``, ``countries``,
        ``eci``.

    Examples
    --------
    >>> from regiocluster import load_case
    >>> r = complexity(load_case("leningrad"))
    >>> 1 <= r.value("eci_rank") <= r.value("countries")
    True
    """
    year = _year(case, year)
    country, world = country_world(case)
    table = eci_table(world, WORLD_COLS)
    in_year = table[(table["year"] == year) & table["mcp"].notna()]
    ranking = (
        in_year.groupby("reporter")
        .agg(eci=("eci", "first"), diversity=("diversity", "first"), coi=("coi", "first"))
        .sort_values("eci", ascending=False)
        .reset_index()
    )
    ranking.insert(0, "rank", range(1, len(ranking) + 1))
    own = ranking[ranking["reporter"] == country]
    rank = int(own["rank"].iloc[0]) if len(own) else None
    eci = float(own["eci"].iloc[0]) if len(own) else None
    names = product_names(case)
    opportunities = diversification_opportunities(table, location=country, year=year)
    opportunities = opportunities.assign(name=opportunities["hs"].map(names).fillna(""))
    return Result(
        "trade.complexity",
        frames={"ranking": ranking, "opportunities": opportunities.reset_index(drop=True)},
        figures=(
            Figure("eci_rank", rank, "rank", f"ECI rank of {country}", f"Место {country} по ECI"),
            Figure("countries", len(ranking), "count", "Countries ranked", "Стран в рейтинге"),
            Figure("eci", eci, "index", f"ECI of {country}", f"ECI {country}"),
        ),
        sentences={
            "en": (f"{country} ranks {rank} of {len(ranking)} by economic complexity in {year}.",),
            "ru": (
                f"{country} на {rank}-м месте из {len(ranking)} по экономической сложности "
                f"в {year} г.",
            ),
        },  # fmt: skip
        provenance=case.provenance("trade_flows"),
        year=year,
        options={"country": country},
    )


def potential(case: Case, *, year: int | None = None) -> Result:
    """Export potential of the territory (ITC method plus freight), by product.

    Returns
    -------
    Result
        Frames ``by_product`` (ranked by potential) and ``by_market``;
        figures ``top_product`` (HS code), ``top_potential``,
        ``total_potential``, ``total_unrealised`` (thousand US$).

    Examples
    --------
    >>> from regiocluster import load_case
    >>> r = potential(load_case("leningrad"))
    >>> r.value("top_potential") <= r.value("total_potential")
    True
    """
    year = _year(case, year)
    result = case_potential(case, year=year)
    names = product_names(case)
    by_product = result.by_product.sort_values("potential", ascending=False)
    by_product = by_product.assign(name=by_product["product"].map(names).fillna(""))
    top = by_product.iloc[0] if len(by_product) else None
    top_hs = None if top is None else str(top["product"])
    top_value = None if top is None else float(top["potential"])
    total = float(by_product["potential"].sum())
    where = " + ".join(case.territory.regions)
    en = ru = ()
    if top is not None:
        en = (
            f"{where}: the largest export potential in {year} is {top['name'] or top_hs} "
            f"({format_number(top_value)} thousand US$, best market {top['best_market']}).",
        )
        ru = (f"{where}: наибольший экспортный потенциал в {year} г. у {top['name'] or top_hs} "
              f"({format_number(top_value, 'ru')} тыс. долл. США, лучший рынок "
              f"{top['best_market']}).",)  # fmt: skip
    return Result(
        "trade.potential",
        frames={"by_product": by_product.reset_index(drop=True), "by_market": result.table},
        figures=(
            Figure(
                "top_product",
                top_hs,
                "HS",
                "Product with the largest export potential",
                "Товар с наибольшим экспортным потенциалом",
            ),
            Figure(
                "top_potential",
                top_value,
                "thousand USD",
                "Its export potential",
                "Его экспортный потенциал",
            ),
            Figure(
                "total_potential",
                total,
                "thousand USD",
                "Export potential, all products",
                "Экспортный потенциал, все товары",
            ),
            Figure(
                "total_unrealised",
                float(by_product["unrealised"].sum()),
                "thousand USD",
                "Unrealised export potential",
                "Нереализованный экспортный потенциал",
            ),
        ),  # fmt: skip
        sentences={"en": en, "ru": ru},
        provenance=case.provenance("trade_flows", "products"),
        year=year,
        options={"exporters": where},
    )


def _substitution_figures(case: Case, table: pd.DataFrame) -> list[Figure]:
    units = case["products"].set_index("product_id")["unit"]
    figures = []
    for row in table.itertuples():
        p, unit = row.product_id, unit_label(str(units.get(row.product_id, "t")), thousands=True)
        figures += [
            Figure(f"{p}.imports", row.imports / 1000, unit,
                   f"Imports of {p} from outside the territory", f"Ввоз извне территории: {p}"),
            Figure(f"{p}.import_share", row.import_share, "share", f"Import share of {p}",
                   f"Доля ввоза: {p}"),
            Figure(f"{p}.replaceable", row.replaceable / 1000, unit,
                   f"Imports of {p} spare capacity could replace",
                   f"Ввоз {p}, замещаемый свободными мощностями"),
        ]  # fmt: skip
    return figures


def substitution(case: Case, *, year: int | None = None) -> Result:
    """List the imports the territory's spare capacity could replace, by product.

    Returns
    -------
    Result
        Frame ``candidates`` (ranked by replaceable value); figures
        ``<product>.imports``, ``.import_share``, ``.replaceable``.

    Examples
    --------
    >>> from regiocluster import load_case
    >>> from regiocluster.market.case import balance
    >>> case = load_case("leningrad")
    >>> r = substitution(case, year=2024)  # the market balance's imports, one definition
    >>> r.value("cement.imports") == balance(case, product="cement", year=2024).value(
    ...     "cement.imports")
    True
    """
    year = _year(case, year)
    result = case_substitution(case, year=year)
    table = result.candidates[result.candidates["imports"].notna()]
    top = table.iloc[0] if len(table) else None
    en = ru = ()
    if top is not None:
        share_en, share_ru = (
            format_share(top["import_share"]),
            format_share(top["import_share"], "ru"),
        )
        en = (
            f"{top['product_id']} leads: imports {share_en} of consumption, "
            f"{format_number(top['replaceable'] / 1000)} thousand units replaceable.",
        )
        ru = (f"Первый кандидат — {top['product_id']}: ввоз {share_ru} потребления, "
              f"замещаемо {format_number(top['replaceable'] / 1000, 'ru')} тыс. ед.",)  # fmt: skip
    return Result(
        "trade.substitution",
        frames={"candidates": result.candidates},
        figures=tuple(_substitution_figures(case, table)),
        sentences={"en": en, "ru": ru},
        provenance=case.provenance(
            "market_balances", "enterprise_products", "trade_flows", "supply_links", "enterprises"
        ),  # fmt: skip
        year=result.year,
    )
