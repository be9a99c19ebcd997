"""The cluster's computed programme indicators, from a case.

Each indicator is computed once here, from the case's members (the
enterprises' one membership rule, :func:`regiocluster.enterprises.case_members`)
and their finances, contracts and capacities; the portal's KPI dashboard and
the ministry report render these numbers and never recompute them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from regiocluster.network import member_cooperation
from regiocluster.network.case import decree779, member_links
from regiocluster.programme._result import Figure, ProgrammeError, ProgrammeResult
from regiocluster.result import Result
from regiocluster.trade.substitution import import_substitution

__all__ = ["COMPUTED", "ClusterIndicators", "cluster_indicators", "indicator_year"]

#: Computed indicators: id -> (unit, English label, Russian label).
COMPUTED: dict[str, tuple[str, str, str]] = {
    "members": ("", "Cluster members", "Участники кластера"),
    "functional_dependence": (
        "%",
        "Functional dependence (Decree 779)",
        "Функциональная зависимость (ПП № 779)",
    ),
    "internal_sales_share": (
        "%",
        "Share of members' sales inside the cluster",
        "Доля продаж участников внутри кластера",
    ),
    "exports": ("mln RUB", "Members' exports", "Экспорт участников"),
    "import_substitution": (
        "mln RUB",
        "Imports the members' spare capacity could replace",
        "Импорт, замещаемый свободными мощностями участников",
    ),
    "investment": ("mln RUB", "Members' investment", "Инвестиции участников"),
    "new_jobs": ("", "New jobs at members", "Новые рабочие места у участников"),
}


def indicator_year(case) -> int:
    """Year the indicators describe by default: the cluster's year (``case.year``)."""
    return int(case.year)


@dataclass(frozen=True)
class ClusterIndicators(ProgrammeResult):
    """The computed indicators of one year.

    Attributes
    ----------
    year : int
        The year described (``case.year`` by default).
    figures : tuple of Figure
        One per id of :data:`COMPUTED`; ``value`` is ``None`` where the case
        lacks the data (no balances for import substitution, no previous year
        for new jobs).
    frames : dict
        ``members`` (per member: purchases, bought from and sold to members,
        revenue, exports, investment, employees).
    provenance : Provenance
        Of the enterprises, their finances and contracts (illustrative when
        any is synthetic).
    decree_779 : Result
        :func:`regiocluster.network.case.decree779` of the year: the
        Decree 779 cooperation tests as written (for the compliance report).
    """

    name: str = "programme.indicators"
    decree_779: Result | None = None


def _import_substitution(case, year: int) -> float | None:
    tables = case.tables
    balances = tables.get("market_balances")
    if balances is None or balances.empty:
        return None
    cluster = case.territory.regions
    usable = balances[balances["year"] <= year]
    if usable.empty:
        return None
    sub = import_substitution(
        balances,
        tables["enterprise_products"],
        regions=list(cluster),
        year=int(min(year, usable["year"].max())),
        trade_flows=tables.get("trade_flows"),
        products=tables.get("products"),
        enterprises=tables.get("enterprises"),
        district_parent=case.territory.district_parent,
    )
    value = pd.to_numeric(sub.candidates.get("replaceable_value"), errors="coerce")
    return float(value.fillna(0.0).sum()) / 1e6 if value is not None else None


def cluster_indicators(case, *, year: int | None = None) -> ClusterIndicators:
    """Compute the programme's indicators for a case.

    Parameters
    ----------
    case : regiocluster.Case
        A loaded case (the embedded one, or the portal's live export).
    year : int, optional
        Year; default :func:`indicator_year`.

    Returns
    -------
    ClusterIndicators

    Notes
    -----
    * members: ``case.members(year)``, the one membership rule (through
      :func:`regiocluster.network.case.member_links`);
    * functional dependence: Decree 779 as written,
      :func:`regiocluster.network.case.decree779`, in per cent;
    * sales inside the cluster: members' sales to other members over their
      revenue, in per cent;
    * exports, investment: sums over members (mln RUB);
    * import substitution: replaceable value of
      :func:`~regiocluster.trade.import_substitution` (mln RUB);
    * new jobs: members' employees in the year minus the previous year, for
      the members reporting both years.

    Examples
    --------
    >>> from regiocluster import load_case
    >>> cluster_indicators(load_case("leningrad")).figure("members").value  # doctest: +SKIP
    """
    tables = case.tables
    m = member_links(case, year=year)
    year = m.year
    decree = decree779(case, year=year)
    ids = pd.Index(m.ids.astype(str))
    fin = tables["enterprise_finances"]
    fin = fin[fin["enterprise_id"].isin(ids)]
    this = fin[fin["year"] == year].set_index("enterprise_id")
    if this.empty:
        raise ProgrammeError(f"enterprise_finances: no member reports year {year}")
    table = member_cooperation(m.links, m.purchases)
    for col in ("revenue", "exports", "investment", "employees"):
        table[col] = pd.to_numeric(this[col], errors="coerce").reindex(ids).to_numpy(dtype=float)
    revenue = float(np.nansum(table["revenue"]))
    before = fin[fin["year"] == year - 1].set_index("enterprise_id")["employees"]
    both = before.index.intersection(this.index)
    dependence = decree.value("functional_dependence")
    values = {
        "members": float(len(ids)),
        "functional_dependence": None
        if dependence is None or not np.isfinite(dependence)
        else 100.0 * dependence,
        "internal_sales_share": 100.0 * float(table["sold_to_members"].sum()) / revenue
        if revenue > 0
        else None,
        "exports": float(np.nansum(table["exports"])),
        "import_substitution": _import_substitution(case, year),
        "investment": float(np.nansum(table["investment"])),
        "new_jobs": float(this.loc[both, "employees"].sum() - before.loc[both].sum())
        if len(both)
        else None,
    }
    figures = tuple(
        Figure(key, values[key], unit, en, ru) for key, (unit, en, ru) in COMPUTED.items()
    )
    return ClusterIndicators(
        figures=figures,
        frames={"members": table.reset_index()},
        provenance=case.provenance("enterprises", "enterprise_finances", "supply_links"),
        year=year,
        decree_779=decree,
    )
