"""Market Results of a case: the territory's balance and its demand outlook.

Definitions (written down here and in ``docs/definitions.md``, implemented
only here):

Territory balance
    One balance row per product, region and year for every region of the
    case, plus the territory taken as one market (id
    :attr:`~regiocluster.case.Territory.agglomeration_id`, ``RU-LEN+RU-SPE``
    for the embedded case) when it has partner regions. Production, capacity
    and apparent consumption are the regions' sums.
Import share
    Imports from outside the territory ÷ apparent consumption of the
    territory. Shipments between the territory's regions are internal: they
    are neither imports nor exports of the territory. They are taken from
    the firm-to-firm supply links between the regions
    (:func:`~regiocluster.market.internal_flows`, valued at the supplier
    region's producer price, capped at the smaller of the summed imports and
    exports) and netted out of both. Market balance, market forecast and
    trade substitution all read the one table :func:`territory_balances`
    builds, so their imports and import shares agree.
Capacity and its use
    Capacity is the region's stated production capacity in
    ``market_balances`` (the sum of the regions' for the territory);
    utilisation = production ÷ capacity of the same year.
Capacity gap
    Capacity needed in a forecast year to meet demand at the target
    utilisation, keeping the last actual year's import share and exports,
    minus the last known capacity (:func:`~regiocluster.market.capacity_gap`).
"""

from __future__ import annotations

import weakref
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from regiocluster.case.load import Case
from regiocluster.case.units import format_number, format_share, unit_label
from regiocluster.errors import InvalidValueError
from regiocluster.market import balances as bal
from regiocluster.market.scenarios import with_agglomeration
from regiocluster.result import Figure, Result

__all__ = [
    "backtest",
    "balance",
    "forecast",
    "market_region",
    "outlook",
    "territory_balances",
    "territory_flows",
    "world",
]

_TABLES = ("market_balances", "demand_drivers", "products", "regions")


def market_region(case: Case) -> str:
    """Return the territory as one market: the agglomeration id, or the region alone."""
    t = case.territory
    return t.agglomeration_id if t.partners else t.region


def territory_flows(case: Case) -> pd.DataFrame | None:
    """Shipments between the territory's regions by product and year (or None)."""
    if not case.territory.partners or not {"supply_links", "enterprises"} <= set(case.tables):
        return None
    return bal.internal_flows(
        case["supply_links"],
        case["enterprises"],
        case["market_balances"],
        regions=case.tables.get("regions"),
        members=case.territory.regions,
    )


def territory_balances(
    case: Case, *, drivers: pd.DataFrame | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return the case's balances and drivers with the territory's market rows added.

    The one place the territory's imports are netted (see the module's
    definitions).

    Parameters
    ----------
    case : Case
        A case with ``market_balances`` and ``demand_drivers``.
    drivers : DataFrame, optional, keyword-only
        Replaces the case's ``demand_drivers`` (a user scenario).

    Returns
    -------
    (DataFrame, DataFrame)
        Raw balance rows (``market_balances`` columns) and drivers, each
        with the territory's rows appended when it has partner regions.

    Examples
    --------
    >>> from regiocluster import load_case
    >>> raw, _ = territory_balances(load_case("leningrad"))
    >>> "RU-LEN+RU-SPE" in set(raw["region_id"])
    True
    """
    drivers = case["demand_drivers"] if drivers is None else drivers
    t = case.territory
    if not t.partners:
        return case["market_balances"], drivers
    return with_agglomeration(
        case["market_balances"],
        drivers,
        members=t.regions,
        region_id=t.agglomeration_id,
        flows=territory_flows(case),
    )


def balance_table(case: Case, *, drivers: pd.DataFrame | None = None) -> pd.DataFrame:
    """:func:`~regiocluster.market.balance` of every region and the territory."""
    raw, drivers = territory_balances(case, drivers=drivers)
    pop = bal.population_table(regions=case["regions"], demand_drivers=drivers)
    return bal.balance(raw, population=pop, products=case["products"])


def check_product(case: Case, product: str | None) -> str | None:
    """``product`` if the case has it, else a clear error naming the valid ones."""
    products = case["products"]["product_id"]
    if product is not None and product not in set(products):
        raise InvalidValueError("product", product, products)
    return product


def check_region(frame: pd.DataFrame, region: str | None) -> str | None:
    """``region`` if ``frame`` has rows for it."""
    if region is not None and region not in set(frame["region_id"]):
        raise InvalidValueError("market region", region, frame["region_id"].unique())
    return region


def _unit(case: Case, product: str, lang: str = "en") -> str:
    units = case["products"].set_index("product_id")["unit"]
    return unit_label(str(units.get(product, "t")), lang, thousands=True)


def _balance_figures(case: Case, rows: pd.DataFrame) -> tuple[list[Figure], dict]:
    figures: list[Figure] = []
    sentences: dict[str, list[str]] = {"en": [], "ru": []}
    for row in rows.itertuples():
        p = row.product_id
        en, ru = _unit(case, p), _unit(case, p, "ru")
        figures += [
            Figure(f"{p}.consumption", row.consumption / 1000, en,
                   f"Apparent consumption of {p}", f"Видимое потребление: {p}"),
            Figure(f"{p}.production", row.production / 1000, en,
                   f"Production of {p}", f"Производство: {p}"),
            Figure(f"{p}.imports", row.imports / 1000, en,
                   f"Imports of {p} from outside the territory",
                   f"Ввоз извне территории: {p}"),
            Figure(f"{p}.exports", row.exports / 1000, en,
                   f"Exports of {p} outside the territory", f"Вывоз за пределы территории: {p}"),
            Figure(f"{p}.import_share", row.import_share, "share",
                   f"Import share of {p}", f"Доля ввоза: {p}"),
            Figure(f"{p}.utilisation", row.utilisation, "share",
                   f"Capacity utilisation, {p}", f"Загрузка мощностей: {p}"),
        ]  # fmt: skip
        for lang, unit in (("en", en), ("ru", ru)):
            cons = format_number(row.consumption / 1000, lang)
            imp = format_number(row.imports / 1000, lang)
            share = format_share(row.import_share, lang)
            sentences[lang].append(
                f"{p}: consumption {cons} {unit}, of which imports {imp} {unit} ({share})."
                if lang == "en"
                else f"{p}: потребление {cons} {unit}, ввоз {imp} {unit} ({share})."
            )
    return figures, {k: tuple(v) for k, v in sentences.items()}


def balance(
    case: Case,
    *,
    year: int | None = None,
    product: str | None = None,
    region: str | None = None,
) -> Result:
    """Market balance: production + imports − exports = apparent consumption.

    Parameters
    ----------
    case : Case
        A case with the market tables.
    year : int, optional, keyword-only
        Year of the headline figures and the only year in the frame; default
        the last year of ``market_balances``, with every year in the frame.
    product : str, optional, keyword-only
        One product (default: all).
    region : str, optional, keyword-only
        A region id or the territory's market id (``RU-LEN+RU-SPE``); ``"all"``
        or None keeps every region in the frame. Headline figures are the
        territory's.

    Returns
    -------
    Result
        ``frames["balance"]`` (see :func:`~regiocluster.market.balance`);
        figures ``<product>.consumption``, ``.production``, ``.imports``,
        ``.exports`` (thousand units), ``.import_share``, ``.utilisation``.

    Examples
    --------
    >>> from regiocluster import load_case
    >>> r = balance(load_case("leningrad"), product="cement", year=2024)
    >>> c, m = r.value("cement.consumption"), r.value("cement.imports")
    >>> 0 < m < c, round(r.value("cement.import_share"), 9) == round(m / c, 9)
    (True, True)
    """
    check_product(case, product)
    full = balance_table(case)
    fig_year = case.check_year(year, "market_balances")
    market = market_region(case)
    chosen = full["product_id"] == product if product is not None else True
    table = full[chosen]
    if region not in (None, "all"):
        table = table[table["region_id"] == check_region(full, region)]
    if year is not None:
        table = table[table["year"] == fig_year]
    head = full[chosen & (full["region_id"] == market) & (full["year"] == fig_year)]
    figures, sentences = _balance_figures(case, head)
    return Result(
        "market.balance",
        frames={"balance": table.reset_index(drop=True)},
        figures=tuple(figures),
        sentences=sentences,
        provenance=case.provenance(*_TABLES, "supply_links", "enterprises"),
        year=fig_year,
        options={"product": product, "region": region or "all", "market": market},
    )


def _check_scenario(drivers: pd.DataFrame, scenario: str) -> None:
    valid = sorted(set(drivers["scenario"]) - {"actual"})
    if scenario not in valid:
        raise InvalidValueError("scenario", scenario, valid)


def user_drivers(case: Case, scale: Mapping[str, float], *, like: str) -> pd.DataFrame:
    """Return the drivers plus scenario ``user``: ``like``'s paths scaled per driver."""
    from regiocluster.market.scenarios import user_scenario

    drivers = case["demand_drivers"]
    _check_scenario(drivers, like)
    known = set(drivers["driver"])
    for name in scale:
        if name not in known:
            raise InvalidValueError("driver", name, known)
    return user_scenario(drivers, "user", scale=dict(scale), like=like)


def forecast(
    case: Case,
    *,
    product: str = "cement",
    scenario: str = "base",
    region: str | None = None,
    last_year: int = 2035,
    utilisation: float = 0.85,
    scale: Mapping[str, float] | None = None,
) -> Result:
    """Demand for a product under a scenario, with intervals and the capacity gap.

    Parameters
    ----------
    case : Case
        A case with the market tables.
    product, scenario : str, keyword-only
        Product id and driver scenario (``base``, ``optimistic``, ``pessimistic``).
    region : str, optional, keyword-only
        Market (default: the territory as one market).
    last_year : int, keyword-only
        Horizon.
    utilisation : float, keyword-only
        Target capacity utilisation for the capacity needed.
    scale : mapping, optional, keyword-only
        User scenario: factors per driver applied to ``scenario``'s paths;
        the result is scenario ``user``.

    Returns
    -------
    Result
        ``frames``: ``demand``, ``gaps``, ``history``; figures
        ``import_share`` and ``exports`` (last actual year, kept in the
        gap), ``capacity``, and ``demand_<year>``, ``gap_<year>`` for every
        fifth year of the horizon (2025, 2030, 2035).

    Examples
    --------
    >>> from regiocluster import load_case
    >>> r = forecast(load_case("leningrad"), scenario="base")
    >>> r.value("gap_2030") < 0  # spare capacity in 2030
    True
    """
    from regiocluster.market.outlook import outlook as run_outlook

    check_product(case, product)
    if not 0 < utilisation <= 1:
        raise InvalidValueError("utilisation", utilisation, reason="must lie in (0, 1]")
    drivers = None
    _check_scenario(case["demand_drivers"], scenario)
    if scale:
        drivers = user_drivers(case, scale, like=scenario)
        scenario = "user"
    market = region or market_region(case)
    result = run_outlook(
        case,
        products=[product],
        region_id=market,
        scenarios=[scenario],
        last_year=last_year,
        utilisation=utilisation,
        drivers=drivers,
    )
    demand = result.demand[result.demand["scenario"] == scenario].reset_index(drop=True)
    gaps = result.gaps[result.gaps["scenario"] == scenario].reset_index(drop=True)
    return _forecast_result(case, demand, gaps, result.history, product, scenario, market,
                            utilisation)  # fmt: skip


def _forecast_result(
    case: Case,
    demand: pd.DataFrame,
    gaps: pd.DataFrame,
    history: pd.DataFrame,
    product: str,
    scenario: str,
    market: str,
    utilisation: float,
) -> Result:
    en, ru = _unit(case, product), _unit(case, product, "ru")
    attrs = gaps.attrs
    figures = [
        Figure("import_share", attrs.get("import_share"), "share",
               "Import share kept (last actual year)", "Сохраняемая доля ввоза (последний год)"),
        Figure("exports", attrs.get("exports", float("nan")) / 1000, en,
               "Exports kept (last actual year)", "Сохраняемый вывоз (последний год)"),
        Figure("capacity", float(gaps["capacity"].iloc[0]) / 1000 if len(gaps) else None, en,
               "Capacity today", "Мощность сегодня"),
    ]  # fmt: skip
    by_year = gaps.set_index("year")
    milestones = [y for y in by_year.index if int(y) % 5 == 0]
    for y in milestones:
        figures.append(Figure(f"demand_{y}", by_year.loc[y, "demand"] / 1000, en,
                              f"Demand in {y}", f"Спрос в {y} г."))  # fmt: skip
        figures.append(Figure(f"gap_{y}", by_year.loc[y, "gap"] / 1000, en,
                              f"Capacity gap in {y} (positive: to build)",
                              f"Дефицит мощности в {y} г. (плюс: строить)"))  # fmt: skip
    sentences: dict[str, list[str]] = {"en": [], "ru": []}
    if milestones:
        y = milestones[min(1, len(milestones) - 1)]
        d, g = by_year.loc[y, "demand"] / 1000, by_year.loc[y, "gap"] / 1000
        sentences["en"].append(
            f"{product}, {market}, scenario {scenario}: demand {format_number(d)} {en} in {y}; "
            + (f"{format_number(g)} {en} of capacity to build."
               if g > 0 else f"{format_number(-g)} {en} of capacity spare.")
        )  # fmt: skip
        sentences["ru"].append(
            f"{product}, {market}, сценарий {scenario}: спрос {format_number(d, 'ru')} {ru} "
            f"в {y} г.; "
            + (f"не хватает {format_number(g, 'ru')} {ru} мощности."
               if g > 0 else f"свободно {format_number(-g, 'ru')} {ru} мощности.")
        )  # fmt: skip
    return Result(
        "market.forecast",
        frames={"demand": demand, "gaps": gaps, "history": history.reset_index(drop=True)},
        figures=tuple(figures),
        sentences={k: tuple(v) for k, v in sentences.items()},
        provenance=case.provenance(
            *_TABLES, "material_intensities", "supply_links", "enterprises"
        ),  # fmt: skip
        year=int(gaps["year"].min()) - 1 if len(gaps) else None,
        options={
            "product": product,
            "scenario": scenario,
            "region": market,
            "utilisation": utilisation,
        },  # fmt: skip
    )


def backtest(
    case: Case, *, region: str | None = None, horizon: int = 3, windows: int = 2
) -> Result:
    """Rolling-origin backtest of the statistical methods on every product's consumption.

    Returns
    -------
    Result
        ``frames["scores"]``: ``method``, mean ``mase`` and ``smape`` over
        products and origins, best first; figure ``best_mase``.
    """
    from regiocluster.market.forecast import backtest as run_backtest

    raw, _ = territory_balances(case)
    market = check_region(raw, region) or market_region(case)
    raw = raw[raw["region_id"] == market]
    history = raw.assign(
        unique_id=raw["product_id"],
        ds=raw["year"],
        y=raw["production"] + raw["imports"] - raw["exports"],
    )[["unique_id", "ds", "y"]]
    scores = run_backtest(history, horizon, n_windows=windows, n_jobs=1)
    summary = scores.groupby("method")[["mase", "smape"]].mean().sort_values("mase")
    summary = summary.reset_index()
    best = summary.iloc[0] if len(summary) else None
    figures = (
        Figure("best_method", None if best is None else str(best["method"]), "method",
               "Most accurate method (lowest MASE)", "Самый точный метод (наименьшая MASE)"),
        Figure("best_mase", None if best is None else float(best["mase"]), "MASE",
               "Its mean MASE", "Его средняя MASE"),
    )  # fmt: skip
    en = ru = ()
    if best is not None:
        en = (f"{best['method']} forecasts {market} best (MASE {best['mase']:.3f}).",)
        ru = (f"Лучше всех прогнозирует {market} метод {best['method']} "
              f"(MASE {best['mase']:.3f}).",)  # fmt: skip
    return Result(
        "market.backtest",
        frames={"scores": summary},
        figures=figures,
        sentences={"en": en, "ru": ru},
        provenance=case.provenance("market_balances", "supply_links", "enterprises"),
        options={"region": market, "horizon": horizon, "windows": windows},
    )


#: Outlooks computed on live cases: (id of the case, options) → (weak reference, Result).
_OUTLOOKS: dict[tuple[int, tuple], tuple[weakref.ref, Result]] = {}


def outlook(
    case: Case,
    *,
    scenarios: Sequence[str] = ("base", "optimistic", "pessimistic"),
    last_year: int = 2035,
    utilisation: float = 0.85,
) -> Result:
    """Return the territory's market outlook: each product's balance, demand by scenario, gap.

    The one computation of the outlook that the study, the needs analyses
    and the development model share: memoised per live case and options, so
    a build that asks for it from several places computes it once.

    Returns
    -------
    Result
        ``market.outlook`` with frames ``balances`` (every region and the
        territory, every year), ``demand`` (by product, scenario and year,
        with 80 % and 95 % intervals), ``history``, ``gaps`` (capacity gap
        by product, scenario and year) and ``intensities``; figures
        ``products`` and ``last_year``; ``year`` is the last year of history
        and ``options["region_id"]`` the market (the territory).

    Examples
    --------
    >>> from regiocluster import load_case
    >>> case = load_case("leningrad")
    >>> r = outlook(case)
    >>> r is outlook(case), sorted(r.frames["gaps"]["scenario"].unique())
    (True, ['base', 'optimistic', 'pessimistic'])
    """
    key = (id(case), (tuple(scenarios), int(last_year), float(utilisation)))
    held = _OUTLOOKS.get(key)
    if held is not None and held[0]() is case:
        return held[1]
    result = _outlook_result(case, tuple(scenarios), int(last_year), float(utilisation))
    for stale in [k for k, (ref, _) in _OUTLOOKS.items() if ref() is None]:
        del _OUTLOOKS[stale]
    _OUTLOOKS[key] = (weakref.ref(case), result)
    return result


def _outlook_result(
    case: Case, scenarios: tuple[str, ...], last_year: int, utilisation: float
) -> Result:
    from regiocluster.market.outlook import outlook as run_outlook

    market = market_region(case)
    o = run_outlook(
        case, region_id=market, scenarios=scenarios, last_year=last_year, utilisation=utilisation
    )
    frames: dict[str, Any] = {
        "balances": o.balances,
        "demand": o.demand,
        "history": o.history,
        "gaps": o.gaps,
        "intensities": o.intensities,
    }
    products = int(o.demand["product_id"].nunique())
    figures = (
        Figure("products", products, "count", "Products forecast", "Продуктов в прогнозе"),
        Figure("last_year", last_year, "year", "Horizon of the outlook", "Горизонт прогноза"),
    )
    history_end = int(o.balances["year"].max())
    en = (f"Demand for {products} products to {last_year} under {len(scenarios)} scenarios.",)
    ru = (f"Спрос на {products} продуктов до {last_year} г. по {len(scenarios)} сценариям.",)
    return Result(
        "market.outlook",
        frames=frames,
        figures=figures,
        sentences={"en": en, "ru": ru},
        provenance=case.provenance(*_TABLES, "material_intensities", "supply_links", "enterprises"),
        year=history_end,
        options={
            "region_id": market,
            "scenarios": list(scenarios),
            "last_year": last_year,
            "utilisation": utilisation,
        },
    )


def world(case: Case) -> Result:
    """Return where the territory's regions and their country stand in world trade.

    :func:`~regiocluster.market.world_context` on the case's ``trade_flows``
    for the territory's regions and its country (ISO3, as the trade data
    spell it).

    Returns
    -------
    Result
        ``market.world_context`` with frame ``context`` (product, reporter:
        exports, imports in thousand US$, world and national shares, export
        growth); figures ``country_world_share`` (the country's largest
        world share among the chain's products) and ``products``.
    """
    from regiocluster.market.context import territory_context

    country = case.territory.country_iso3
    table = territory_context(case)
    own = table[table["reporter"] == country]
    top = own.sort_values("world_share", ascending=False).head(1)
    share = float(top["world_share"].iloc[0]) if len(top) else None
    year = int(table["year"].max()) if len(table) else None
    figures = (
        Figure("country_world_share", share, "share",
               f"Largest world export share of {country} in the chain's products",
               f"Наибольшая доля {country} в мировом экспорте продукции цепочки"),
        Figure("products", int(table["product_id"].nunique()), "count",
               "Products (HS codes) placed", "Продуктов (кодов ТН ВЭД)"),
    )  # fmt: skip
    return Result(
        "market.world_context",
        frames={"context": table},
        figures=figures,
        provenance=case.provenance("trade_flows", "products"),
        year=year,
        options={"country": country, "regions": list(case.territory.regions)},
    )
