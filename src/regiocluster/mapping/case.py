"""Mapping Results of a case: specialisation, strong clusters, related industries, members.

Definitions (also in ``docs/definitions.md``):

Member
    :meth:`regiocluster.case.Case.members`: located in the territory
    (districts included) and in a value-chain industry, or infrastructure of
    the chain, or linked by supply in the year with an industry member.
Region compared
    Location quotients and strong-cluster rules compare federal subjects
    (federal cities count as subjects); the headline figures are the case's
    own region's (:attr:`regiocluster.case.Territory.region`).
"""

from __future__ import annotations

import pandas as pd

from regiocluster.case.load import Case
from regiocluster.errors import InvalidValueError
from regiocluster.result import Figure, Result

__all__ = ["lq", "members", "related", "strong", "structure", "subject_employment"]

SUBJECT_KINDS = ("federal_subject", "federal_city")
_EMPLOYMENT = ("employment", "regions", "industries")
_MEMBERS = ("enterprises", "industries", "regions", "supply_links")


def subject_employment(case: Case, year: int | None = None) -> tuple[pd.DataFrame, int]:
    """Employment of federal subjects (no districts, no country row) in one year."""
    regions = case["regions"]
    subjects = regions.loc[regions["kind"].isin(SUBJECT_KINDS), "region_id"]
    year = case.check_year(year, "employment")
    employment = case["employment"]
    table = employment[(employment["year"] == year) & employment["region_id"].isin(subjects)]
    industries = case["industries"].set_index("okved")
    table = table.assign(traded=table["okved"].map(industries["traded"]).fillna(False))
    return table.drop(columns="year"), year


def _named(case: Case, frame: pd.DataFrame) -> pd.DataFrame:
    names = case["industries"].set_index("okved")["name_en"]
    return frame.assign(name_en=frame["okved"].map(names))


def lq(case: Case, *, year: int | None = None, base: str = "total") -> Result:
    """Location quotients of every industry in every federal subject.

    Returns
    -------
    Result
        Frame ``lq`` (all subjects); figures ``specialised`` (industries of
        the case's region with LQ ≥ 1.25), ``top_industry`` and ``top_lq``.

    Examples
    --------
    >>> from regiocluster import load_case
    >>> r = lq(load_case("leningrad"))
    >>> r.value("top_lq") >= 1.25
    True
    """
    from regiocluster.mapping import location_quotient

    if base not in ("total", "traded"):
        raise InvalidValueError("LQ base", base, ("total", "traded"))
    table, year = subject_employment(case, year)
    result = _named(case, location_quotient(table, base=base))  # type: ignore[arg-type]
    region = case.territory.region
    own = result[result["region_id"] == region].sort_values("lq", ascending=False)
    top = own.iloc[0] if len(own) else None
    n = int((own["lq"] >= 1.25).sum())
    return Result(
        "mapping.lq",
        frames={"lq": result.reset_index(drop=True)},
        figures=(
            Figure(
                "specialised",
                n,
                "count",
                f"Industries of {region} with LQ ≥ 1.25",
                f"Отрасли {region} с LQ ≥ 1,25",
            ),
            Figure(
                "top_industry",
                None if top is None else str(top["okved"]),
                "OKVED",
                "Most concentrated industry",
                "Самая сконцентрированная отрасль",
            ),
            Figure(
                "top_lq",
                None if top is None else float(top["lq"]),
                "LQ",
                "Its location quotient",
                "Её коэффициент локализации",
            ),
        ),  # fmt: skip
        sentences={
            "en": (f"{region} is specialised (LQ ≥ 1.25) in {n} industries in {year}.",),
            "ru": (f"{region} специализируется (LQ ≥ 1,25) на {n} отраслях в {year} г.",),
        },
        provenance=case.provenance(*_EMPLOYMENT),
        year=year,
        options={"base": base, "region": region},
    )


def strong(case: Case, *, year: int | None = None, rule: str = "us") -> Result:
    """Strong clusters: US Cluster Mapping (75th/90th percentile) or ECO stars.

    Returns
    -------
    Result
        Frame ``strong`` (all subjects); figure ``strong`` (the case's
        region's strong industries, or industries with at least one star).

    Examples
    --------
    >>> from regiocluster import load_case
    >>> r = strong(load_case("leningrad"))
    >>> r.value("strong") >= 0
    True
    """
    from regiocluster.mapping import eco_stars, us_strong_clusters

    table, year = subject_employment(case, year)
    if rule in ("us", "us90"):
        # federal cities are federal subjects: one type, compared with each other
        kinds = case["regions"].set_index("region_id")["kind"]
        kinds = kinds.replace({"federal_city": "federal_subject"})
        result = us_strong_clusters(
            table, region_type=kinds, lq_percentile=90.0 if rule == "us90" else 75.0
        )
        flag = result["strong"].astype(bool)
    elif rule == "eco":
        result = eco_stars(table)
        flag = result["stars"] > 0
    else:
        raise InvalidValueError("strong-cluster rule", rule, ("us", "us90", "eco"))
    result = _named(case, result).assign(flagged=flag)
    region = case.territory.region
    n = int((flag & (result["region_id"] == region)).sum())
    return Result(
        "mapping.strong",
        frames={"strong": result.reset_index(drop=True)},
        figures=(
            Figure(
                "strong",
                n,
                "count",
                f"Strong clusters of {region} ({rule})",
                f"Сильные кластеры {region} ({rule})",
            ),
        ),  # fmt: skip
        sentences={
            "en": (f"{region} has {n} strong industries by the {rule} rule in {year}.",),
            "ru": (f"У {region} {n} сильных отраслей по правилу {rule} в {year} г.",),
        },
        provenance=case.provenance(*_EMPLOYMENT),
        year=year,
        options={"rule": rule, "region": region},
    )


def related(case: Case, *, year: int | None = None, n_clusters: int = 16) -> Result:
    """Related-industry clusters of traded industries (Delgado, Porter & Stern 2016).

    Returns
    -------
    Result
        Frames ``definition`` and ``chain``; figures ``validation_score``,
        ``industries``, ``clusters``.
    """
    from regiocluster.mapping.structure import related_industry_definition

    result = related_industry_definition(case, year=year, n_clusters=n_clusters)
    n = len(result.definition)
    how = "k-means refined" if result.refined else "hierarchical"
    return Result(
        "mapping.related",
        frames={"definition": result.definition, "chain": result.chain},
        figures=(
            Figure(
                "validation_score",
                result.validation_score,
                "share",
                "Industries more related to their own cluster",
                "Отрасли, более связанные со своим кластером",
            ),
            Figure("industries", n, "count", "Traded industries", "Торгуемые отрасли"),
            Figure("clusters", n_clusters, "count", "Clusters", "Кластеры"),
        ),  # fmt: skip
        sentences={
            "en": (
                f"{n} traded industries in {n_clusters} clusters ({how}); validation score "
                f"{result.validation_score:.3f}.",
            ),
            "ru": (
                f"{n} торгуемых отраслей в {n_clusters} кластерах; доля верно отнесённых "
                f"{result.validation_score:.3f}.",
            ),
        },  # fmt: skip
        provenance=case.provenance(*_EMPLOYMENT, "io_flows", "io_sectors"),
        year=result.year,
        options={"n_clusters": n_clusters, "refined": result.refined},
    )


def members(case: Case, *, year: int | None = None) -> Result:
    """Members of the cluster (the one rule, :meth:`Case.members`) with roles and reasons.

    Returns
    -------
    Result
        Frame ``members``; figures ``members`` and ``<role>`` counts.

    Examples
    --------
    >>> from regiocluster import load_case
    >>> case = load_case("leningrad")
    >>> members(case).value("members") == len(case.members())
    True
    """
    year = case.check_year(year)
    frame = case.members(year)
    roles = frame["role"].value_counts()
    where = ", ".join(case.territory.regions)
    figures = [Figure("members", len(frame), "count", "Members", "Участники")]
    figures += [Figure(f"role.{r}", int(n), "count", f"Members: {r}", f"Участники: {r}")
                for r, n in roles.items()]  # fmt: skip
    return Result(
        "mapping.members",
        frames={"members": frame},
        figures=tuple(figures),
        sentences={
            "en": (f"The cluster has {len(frame)} members in {where} in {year}.",),
            "ru": (f"В кластере {len(frame)} участников ({where}) в {year} г.",),
        },
        provenance=case.provenance(*_MEMBERS, rows={"enterprises": frame}),
        year=year,
    )


def structure(case: Case, *, year: int | None = None, n_null: int = 99, seed: int = 0) -> Result:
    """Members with the cooperation core, and the industry and territory boundaries.

    Returns
    -------
    Result
        Frames ``members`` (members only, with ``core`` and node measures),
        ``territories``, ``industries``; figures ``members``, ``core_size``,
        ``p_value``.
    """
    from regiocluster.mapping.structure import cluster_structure

    s = cluster_structure(case, year=year, n_null=n_null, random_state=seed)
    frame = s.members[s.members["member"]].reset_index(drop=True)
    core = int(frame["core"].sum())
    p = float(s.core_periphery.p_value_) if n_null else None
    return Result(
        "mapping.structure",
        frames={
            "members": frame,
            "territories": s.boundaries.territories,
            "industries": s.boundaries.industries,
        },  # fmt: skip
        figures=(
            Figure("members", len(frame), "count", "Members", "Участники"),
            Figure("core_size", core, "count", "Members in the core", "Участники ядра"),
            Figure("p_value", p, "p", "p-value of the core", "p-значение ядра"),
        ),
        sentences={
            "en": (f"{len(frame)} members in {s.year}; {core} in the cooperation core.",),
            "ru": (f"{len(frame)} участников в {s.year} г.; {core} в ядре кооперации.",),
        },
        provenance=case.provenance(*_MEMBERS, "enterprise_finances"),
        year=s.year,
        options={"n_null": n_null, "seed": seed},
    )
