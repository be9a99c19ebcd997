"""Network Results of a case: cooperation share, Decree 779 verdict, core-periphery.

Definitions (also in ``docs/definitions.md``):

Members
    :meth:`regiocluster.case.Case.members` in the year: the one membership rule.
The cluster's year
    :attr:`regiocluster.case.Case.year` (the last year of enterprise
    finances) unless a year is asked for; the supply links and purchases of
    that year are used.
Cooperation share
    The members' purchases from other members ÷ the members' total
    purchases in the year (:func:`~regiocluster.network.cooperation_share`:
    every member's purchases count). The Decree 779 verdict reports it as the
    broad alternative; its own measure, functional dependence as written in
    Decree No. 779 of 31.07.2015, counts only the purchases of participants
    making final industrial products
    (:func:`~regiocluster.network.decree_779`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from regiocluster.case.load import Case
from regiocluster.case.units import format_share
from regiocluster.network.cooperation import (
    Decree779Verdict,
    decree_779,
    supply_graph,
)
from regiocluster.result import Figure, Result

__all__ = [
    "MemberLinks",
    "cooperation",
    "core_periphery",
    "decree779",
    "decree_options",
    "member_links",
]

_TABLES = ("enterprises", "industries", "regions", "supply_links", "enterprise_finances")


@dataclass(frozen=True)
class MemberLinks:
    """Members, their links among themselves and their purchases in one year.

    Attributes
    ----------
    year : int
        The year.
    membership : DataFrame
        :meth:`~regiocluster.case.Case.membership` (members and non-members).
    ids : Series
        Member ids.
    links : DataFrame
        Supply links with both ends members, in the year.
    purchases : Series
        Each member's total purchases in the year (0 when not reported).
    """

    year: int
    membership: pd.DataFrame
    ids: pd.Series
    links: pd.DataFrame
    purchases: pd.Series


def member_links(case: Case, *, year: int | None = None) -> MemberLinks:
    """Members of the case's cluster in ``year`` with their links and purchases.

    Examples
    --------
    >>> from regiocluster import load_case
    >>> m = member_links(load_case("leningrad"))
    >>> m.year, bool(m.links["supplier_id"].isin(m.ids).all())
    (2024, True)
    """
    year = case.check_year(year)
    membership = case.membership(year)
    ids = membership.loc[membership["member"], "enterprise_id"].reset_index(drop=True)
    links = case["supply_links"]
    links = links[links["year"] == year]
    inside = links[links["supplier_id"].isin(ids) & links["buyer_id"].isin(ids)]
    finances = case["enterprise_finances"]
    purchases = (
        finances[finances["year"] == year].set_index("enterprise_id")["purchases"].reindex(ids)
    ).fillna(0.0)
    return MemberLinks(year, membership, ids, inside.reset_index(drop=True), purchases)


def decree_options(case: Case, m: MemberLinks) -> dict[str, object]:
    """Return what Decree 779 as written needs beyond links and purchases.

    The members' main OKVED codes (industrial participants, production
    services) and whether the links or purchases tested are synthetic (the
    verdict then says it is illustrative).
    """
    okved = m.membership.set_index("enterprise_id")["okved"].reindex(m.ids)
    illustrative = case.provenance(
        "supply_links", "enterprise_finances", rows={"supply_links": m.links}
    ).illustrative
    return {"industry": okved, "illustrative": illustrative}


def _verdict(case: Case, m: MemberLinks, **options: object) -> Decree779Verdict:
    return decree_779(m.links, m.purchases, **options, **decree_options(case, m))  # type: ignore[arg-type]


def _share_figures(v: Decree779Verdict) -> list[Figure]:
    return [
        Figure("cooperation_share", v.broad_dependence, "share",
               "Cooperation share (members' purchases from members)",
               "Доля кооперации (закупки участников у участников)"),
        Figure("members", v.members, "count", "Members", "Участники"),
        Figure("purchases", v.broad_purchases, "mln RUB", "Members' purchases",
               "Закупки участников"),
        Figure("purchases_from_members", v.broad_from_members, "mln RUB",
               "Of which from other members", "В т. ч. у других участников"),
    ]  # fmt: skip


def cooperation(case: Case, *, year: int | None = None) -> Result:
    """Compute the cooperation share in ``year`` (the cluster's year by default).

    Returns
    -------
    Result
        Figures ``cooperation_share``, ``members``, ``purchases``,
        ``purchases_from_members``; frame ``links`` (links among members).

    Examples
    --------
    >>> from regiocluster import load_case
    >>> r = cooperation(load_case("leningrad"))
    >>> 0 <= r.value("cooperation_share") <= 1
    True
    """
    m = member_links(case, year=year)
    v = _verdict(case, m)
    share_en, share_ru = (
        format_share(v.functional_dependence),
        format_share(v.functional_dependence, "ru"),
    )
    return Result(
        "network.cooperation",
        frames={"links": m.links},
        figures=tuple(_share_figures(v)),
        sentences={
            "en": (
                f"In {m.year} the {v.members} members bought {share_en} of their purchases "
                "from one another.",
            ),
            "ru": (
                f"В {m.year} г. {v.members} участников купили друг у друга {share_ru} "
                "своих закупок.",
            ),
        },  # fmt: skip
        provenance=case.provenance(*_TABLES),
        year=m.year,
    )


def decree779(
    case: Case,
    *,
    year: int | None = None,
    threshold: float | None = None,
    special_case: bool = False,
) -> Result:
    """Run the Decree No. 779 cooperation tests on the cluster's members.

    Parameters
    ----------
    case : Case
        A case with enterprises, industries, regions, supply links and finances.
    year : int, optional, keyword-only
        Default: the cluster's year.
    threshold : float, optional, keyword-only
        Required functional dependence (default 0.20, or 0.10 in the special case).
    special_case : bool, keyword-only
        Apply the 10 % special-case threshold.

    Returns
    -------
    Result
        Figures ``functional_dependence`` (the decree's measure),
        ``broad_dependence`` (= the cooperation share), ``industrial_participants``,
        ``threshold``, ``compliant``, ``members``, ``without_contract``,
        ``exemptions_allowed``; frame ``members`` (each member's purchases,
        from members, share, whether it has a contract).

    Examples
    --------
    >>> from regiocluster import load_case
    >>> r = decree779(load_case("leningrad"))
    >>> r.value("broad_dependence") == r.value("cooperation_share")
    True
    >>> r.value("functional_dependence") < r.value("broad_dependence")
    True
    """
    from regiocluster.network.cooperation import member_cooperation

    m = member_links(case, year=year)
    v = _verdict(case, m, threshold=threshold, special_case=special_case)
    table = member_cooperation(m.links, m.purchases).rename_axis("enterprise_id").reset_index()
    names = m.membership.set_index("enterprise_id")["name"]
    table.insert(1, "name", table["enterprise_id"].map(names))
    figures = [
        Figure("functional_dependence", v.functional_dependence, "share",
               "Functional dependence (Decree 779 as written: final industrial producers' "
               "purchases of intermediate products and production services from participants)",
               "Функциональная зависимость (ПП 779: закупки производителей конечной "
               "продукции у участников — промежуточная продукция и производственные услуги)"),
        Figure("broad_dependence", v.broad_dependence, "share",
               "Broad alternative: all members' purchases from members (not the decree's)",
               "Широкая мера: все закупки участников у участников (не мера ПП 779)"),
        Figure("industrial_participants", v.industrial_participants, "count",
               "Industrial participants", "Промышленные участники"),
        Figure("threshold", v.threshold, "share", "Required level", "Требуемый уровень"),
        Figure("compliant", v.compliant, "bool", "Meets the Decree 779 cooperation tests",
               "Соответствует требованиям ПП 779 к кооперации"),
        Figure("without_contract", len(v.without_contract), "count",
               "Members without a qualifying contract with another member (cl. а)",
               "Участники без договора с другим участником (подп. «а»)"),
        Figure("exemptions_allowed", v.exemptions_allowed, "count",
               "Members allowed without a contract", "Допустимо без договора"),
        *_share_figures(v)[1:],
        Figure("cooperation_share", v.broad_dependence, "share",
               "Cooperation share", "Доля кооперации"),
    ]  # fmt: skip
    verdict_ru = "соответствует" if v.compliant else "не соответствует"
    ru = (
        f"Кластер {verdict_ru} требованиям ПП № 779 к кооперации: функциональная зависимость "
        f"{format_share(v.functional_dependence, 'ru')} (закупки участников — производителей "
        f"конечной промышленной продукции у других участников) при пороге "
        f"{format_share(v.threshold, 'ru', digits=0)}; без договора с другим участником "
        f"(подп. «а») {len(v.without_contract)} (допустимо {v.exemptions_allowed}); "
        f"промышленных участников {v.industrial_participants} (не менее {v.min_industrial}). "
        f"Широкая мера (не мера ПП 779): {format_share(v.broad_dependence, 'ru')} всех закупок."
    )
    return Result(
        "network.decree779",
        frames={"members": table},
        figures=tuple(figures),
        sentences={"en": (v.summary(label=False),), "ru": (ru,)},
        provenance=case.provenance(*_TABLES),
        year=m.year,
        options={"threshold": v.threshold, "special_case": v.special_case},
    )


def undirected_weights(links: pd.DataFrame, ids: pd.Series) -> pd.DataFrame:
    """Symmetric weight matrix of the members' supply graph (both directions summed)."""
    graph = supply_graph(links, nodes=ids)
    nodes = list(graph.nodes)
    matrix = pd.DataFrame(0.0, index=nodes, columns=nodes)
    for s, b, w in graph.edges(data="weight"):
        matrix.loc[s, b] += w
    return matrix


def core_periphery(
    case: Case, *, year: int | None = None, n_null: int = 99, seed: int = 0
) -> Result:
    """Borgatti-Everett core of the members' cooperation graph, with its p-value.

    Returns
    -------
    Result
        Figures ``core_size``, ``members``, ``fitness``, ``p_value`` (None
        when ``n_null`` is 0); frame ``core`` (core members).

    Examples
    --------
    >>> from regiocluster import load_case
    >>> r = core_periphery(load_case("leningrad"), n_null=0)
    >>> 0 < r.value("core_size") < r.value("members")
    True
    """
    from regiocluster.network.coreperiphery import CorePeriphery

    m = member_links(case, year=year)
    model = CorePeriphery(n_null=n_null, random_state=seed).fit(undirected_weights(m.links, m.ids))
    core_ids = model.core_[model.core_].index
    core = m.membership[m.membership["enterprise_id"].isin(core_ids)]
    cols = [c for c in ("enterprise_id", "name", "role", "region_id") if c in core.columns]
    size, n = int(model.core_.sum()), int(len(model.core_))
    p = float(model.p_value_) if n_null else None
    figures = (
        Figure("core_size", size, "count", "Members in the core", "Участники ядра"),
        Figure("members", n, "count", "Members in the graph", "Участники в графе"),
        Figure("fitness", float(model.fitness_), "correlation", "Core-periphery fitness",
               "Соответствие модели ядро-периферия"),
        Figure("p_value", p, "p", "p-value against degree-preserving randomisations",
               "p-значение против рандомизаций с сохранением степеней"),
    )  # fmt: skip
    null = float(np.median(model.null_fitness_)) if n_null else None
    p_en = f"; p = {p:.3f} ({n_null} randomisations)" if p is not None else ""
    p_ru = f"; p = {p:.3f} ({n_null} рандомизаций)" if p is not None else ""
    return Result(
        "network.core_periphery",
        frames={"core": core[cols].reset_index(drop=True)},
        figures=figures,
        sentences={
            "en": (f"Core: {size} of {n} members, fitness {model.fitness_:.3f}{p_en}.",),
            "ru": (f"Ядро: {size} из {n} участников, соответствие {model.fitness_:.3f}{p_ru}.",),
        },
        provenance=case.provenance(*_TABLES),
        year=m.year,
        options={"n_null": n_null, "seed": seed, "null_median": null},
    )
