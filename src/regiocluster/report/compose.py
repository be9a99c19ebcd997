"""Helpers the chapter composers share: classifier names, generic Result blocks, rules.

Names always come from the case's classifiers (products, regions, support
measures, technologies) or from ISO 3166 (countries, via :mod:`pycountry`
and Babel), never raw codes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache

import pandas as pd
import pycountry
from babel import Locale

from regiocluster.case.load import Case
from regiocluster.report.model import Arg, Finding, Name
from regiocluster.report.results import ResultBook
from regiocluster.result import Result

#: The government decree on industrial clusters (a reference, not a number).
DECREE_779 = Name("decree_779", "Decree 779", "Постановление Правительства РФ № 779")

#: Recommendation groups of the recommendations chapter, in order.
GROUPS = ("plan", "portal", "subcontracting", "infrastructure", "research", "forum")


def classifier_names(case: Case, table: str, key: str) -> dict[str, Name]:
    """Code → :class:`Name` from a classifier table with ``name_en``/``name_ru``."""
    frame = case.tables.get(table)
    if frame is None or frame.empty:
        return {}
    ru = frame["name_ru"] if "name_ru" in frame else frame.get("name_en")
    return {
        str(code): Name(str(code), str(en), str(r) if pd.notna(r) else "")
        for code, en, r in zip(frame[key], frame["name_en"], ru, strict=True)
    }


def product_names(case: Case) -> dict[str, Name]:
    """Product id → name."""
    return classifier_names(case, "products", "product_id")


def region_names(case: Case) -> dict[str, Name]:
    """Region id → name, with the agglomeration id as "A and B"."""
    names = classifier_names(case, "regions", "region_id")
    territory = case.territory
    parts = [names[r] for r in territory.regions if r in names]
    if parts:
        names[territory.agglomeration_id] = Name(
            territory.agglomeration_id,
            " and ".join(p.en for p in parts),
            " и ".join(p.ru or p.en for p in parts),
        )
    return names


def site_names(case: Case) -> dict[str, Name]:
    """Site id → name: ``name`` in English, ``name_ru`` (when the case gives it) in Russian."""
    sites = case.tables.get("sites")
    if sites is None or sites.empty:
        return {}
    ru = sites["name_ru"] if "name_ru" in sites else pd.Series("", index=sites.index)
    return {
        str(code): Name(str(code), str(en), str(r) if pd.notna(r) else "")
        for code, en, r in zip(sites["site_id"], sites["name"], ru, strict=True)
    }


def site_points(case: Case, ids: Iterable[str] | None = None) -> dict:
    """GeoJSON points of the case's sites (all or ``ids``) with ``name_en``/``name_ru``, area."""
    from regiocluster.geo import points_geojson

    sites = case.tables["sites"]
    if ids is not None:
        sites = sites[sites["site_id"].isin(set(ids))]
    names = site_names(case)
    sites = sites.assign(
        name_en=[names[str(s)].en for s in sites["site_id"]],
        name_ru=[names[str(s)].ru or names[str(s)].en for s in sites["site_id"]],
    )
    return points_geojson(sites, properties=["name_en", "name_ru", "area_ha"])


def hs_names(case: Case) -> dict[str, Name]:
    """HS code → name of the case's products with that code (joined when several)."""
    products = case.tables["products"]
    out = {}
    for hs, group in products.groupby(products["hs"].astype(str)):
        out[str(hs)] = Name(
            str(hs), " / ".join(group["name_en"]), " / ".join(group["name_ru"].fillna(""))
        )
    return out


@lru_cache(maxsize=512)
def country_name(code: str) -> Name:
    """Name of an ISO3 (or ISO2) country code in English and Russian."""
    country = pycountry.countries.get(alpha_3=code) if len(code) == 3 else None
    if country is None and len(code) == 2:
        country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return Name(code, code, code)
    en = Locale("en").territories.get(country.alpha_2, country.name)
    ru = Locale("ru").territories.get(country.alpha_2, country.name)
    return Name(code, en, ru)


def named(frame: pd.DataFrame, column: str, names: dict[str, Name]) -> pd.Series:
    """Return the names of the codes in ``column`` (an unknown code stays its own name).

    A missing code becomes a dash, never ``None`` or ``nan``.
    """

    def name(code: object) -> Name:
        if code is None or (isinstance(code, float) and pd.isna(code)):
            return Name("", "–", "–")
        return names.get(str(code), Name(str(code), str(code), str(code)))

    return frame[column].map(name)


def top(frame: pd.DataFrame, column: str, n: int, *, ascending: bool = False) -> pd.DataFrame:
    """Return the ``n`` rows with the largest (or smallest) ``column``, missing values dropped."""
    return frame.dropna(subset=[column]).sort_values(column, ascending=ascending).head(n)


def findings_of(case: Case, book: ResultBook, results: Iterable[Result]) -> list[Finding]:
    """Return one finding per headline figure of the providers' Results.

    A figure whose unit is ``product`` holds a product id and is shown by name.
    """
    products = product_names(case)
    out = []
    for result in results:
        book.add(result)
        for fig in result.figures:
            label = Name(fig.id, fig.label_en, fig.label_ru)
            value: Arg
            if fig.unit == "product":
                value = products.get(str(fig.value), Name(str(fig.value), str(fig.value)))
            else:
                value = book.ref(result, fig.id)
            out.append(Finding("{label}: {value}.", {"label": label, "value": value}))
    return out


def ids(frame: pd.DataFrame, column: str) -> Sequence[str]:
    """Return a column's values as strings (for ids and Name look-ups)."""
    return [str(v) for v in frame[column]]
