"""Support measures: which enterprise qualifies for which measure, and why not.

Every measure of the ``support_measures`` table carries simplified eligibility
conditions: OKVED prefixes, an employee range, a revenue ceiling, a minimum
project investment, cluster membership and a list of regions. A pair
(enterprise, measure) is eligible when every stated condition holds; an empty
condition never binds. The check is vectorised over enterprises (one pass per
measure and condition), so a national registry of millions of firms is screened
in seconds.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from regiocluster.case.codes import covers, split_prefixes

__all__ = ["eligible_measures", "eligibility_summary", "okved_covers"]

#: Legal ceilings of Federal Law 209-FZ and Government Decree 265 (employees, mln RUB).
_EMPLOYEE_CEILINGS = {250.0: "SME ceiling", 100.0: "small-business ceiling", 15.0: "micro ceiling"}
_REVENUE_CEILINGS = {2000.0: "SME ceiling", 800.0: "small-business ceiling", 120.0: "micro ceiling"}


#: Whether an OKVED prefix covers a code (the one rule of :mod:`regiocluster.case.codes`).
okved_covers = covers


def _split(value: object) -> list[str]:
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA:
        return []
    return list(split_prefixes(str(value)))


def _text(values: np.ndarray) -> pa.Array:
    """Numbers as short text (312, 2345.6; one decimal at most); NaN as 'unknown'."""
    arr = np.asarray(values, dtype=float)
    missing = np.isnan(arr)
    whole = ~missing & (np.abs(arr) < 2**53) & (arr == np.round(arr))
    ints = pc.cast(pa.array(np.where(whole, arr, 0).astype(np.int64)), pa.string())
    decimals = pc.cast(pa.array(np.where(missing, 0.0, np.round(arr, 1))), pa.string())
    out = pc.if_else(pa.array(whole), ints, decimals)
    return pc.if_else(pa.array(missing), pa.scalar("unknown"), out)


def _number(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"


def _short_list(items: list[str], *, limit: int = 6) -> str:
    if len(items) <= limit:
        return "|".join(items)
    return "|".join(items[:limit]) + f"|... ({len(items)} in all)"


def _label(value: float, ceilings: dict[float, str], default: str) -> str:
    return ceilings.get(float(value), default)


def _region_matches(
    region_ids: pd.Series, wanted: list[str], parents: dict[str, str | None]
) -> pd.Series:
    chosen = set(wanted)

    def inside(region: str) -> bool:
        seen = 0
        current: str | None = region
        while current is not None and seen < 8:
            if current in chosen:
                return True
            current = parents.get(current)
            seen += 1
        return False

    return region_ids.map(inside)


def eligible_measures(
    enterprises: pd.DataFrame,
    finances: pd.DataFrame,
    measures: pd.DataFrame,
    *,
    year: int,
    members: Iterable[str] | None = None,
    project_investment: pd.Series | float | None = None,
    regions: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Check every enterprise against every support measure, naming each failed condition.

    Parameters
    ----------
    enterprises : pandas.DataFrame
        ``enterprises`` table: ``enterprise_id``, ``okved``, ``region_id``.
    finances : pandas.DataFrame
        ``enterprise_finances``: ``enterprise_id``, ``year``, ``employees``,
        ``revenue`` (mln RUB) and, for the investment fallback, ``investment``.
    measures : pandas.DataFrame
        ``support_measures``: ``measure_id``, ``okved_prefixes`` ('|'-separated,
        empty = any), ``min_employees``, ``max_employees``, ``max_revenue``
        (mln RUB), ``min_investment`` (mln RUB), ``requires_cluster_member``,
        ``regions`` ('|'-separated region ids, empty = any).
    year : int
        Year of the finances to test (employees and revenue of that year).
    members : iterable of str, optional
        Enterprise ids of the registered cluster's participants. Without it,
        no enterprise passes a membership condition.
    project_investment : pandas.Series or float, optional
        Investment of the project the enterprise applies with, mln RUB (a
        Series indexed by ``enterprise_id`` or one figure for all). Without
        it, the enterprise's fixed investment in ``year`` stands in for it.
    regions : pandas.DataFrame, optional
        ``regions`` table; with it, a measure listing a region also covers its
        districts (``RU-LEN`` covers ``LEN-KING``).

    Returns
    -------
    pandas.DataFrame
        One row per measure × enterprise (measures in input order, then
        enterprises): ``enterprise_id``, ``measure_id``, ``eligible`` (bool),
        ``failed`` (number of failed conditions) and ``reasons`` — every failed
        condition with its numbers, e.g. ``"employees 312 > 250 (SME
        ceiling)"``; empty when eligible. Missing finances fail the conditions
        that need them ("employees unknown in 2024").

    Notes
    -----
    A condition is tested only when the measure states it; bounds are
    inclusive (an enterprise with exactly 250 employees is an SME). The SME
    ceilings are those of Federal Law 209-FZ and Government Decree 265 of
    04.04.2016 (250 employees, RUB 2 bn revenue).

    References
    ----------
    Federal Law No. 209-FZ of 24.07.2007 "On the development of small and
    medium-sized enterprises in the Russian Federation", art. 4.

    Examples
    --------
    >>> from regiocluster import load_case
    >>> case = load_case("leningrad")
    >>> table = eligible_measures(
    ...     case.tables["enterprises"], case.tables["enterprise_finances"],
    ...     case.tables["support_measures"], year=2024)
    >>> bool(table["eligible"].any())
    True
    """
    f = _Firms.build(enterprises, finances, year, members, project_investment, regions)
    eligible_blocks, failed_blocks, reason_blocks = [], [], []
    for m in measures.itertuples(index=False):
        failures = _Failures(f.n)
        _test_measure(m, f, failures, year)
        eligible_blocks.append(failures.failed == 0)
        failed_blocks.append(failures.failed)
        reason_blocks.append(failures.reasons())
    measure_ids = measures["measure_id"].to_numpy(dtype=object)
    reasons = pa.chunked_array(reason_blocks, type=pa.string())
    return pd.DataFrame(
        {
            "measure_id": np.repeat(measure_ids, f.n),
            "enterprise_id": np.tile(f.ids.to_numpy(dtype=object), len(measure_ids)),
            "eligible": np.concatenate([np.zeros(0, dtype=bool), *eligible_blocks]),
            "failed": np.concatenate([np.zeros(0, dtype=np.int16), *failed_blocks]),
            "reasons": pd.array(reasons, dtype=pd.ArrowDtype(pa.string())),
        }
    )[["enterprise_id", "measure_id", "eligible", "failed", "reasons"]]


@dataclass
class _Firms:
    """The enterprises' figures and their text, computed once for every measure."""

    n: int
    ids: pd.Series
    employees: np.ndarray
    revenue: np.ndarray
    investment: np.ndarray
    invest_name: str
    member: np.ndarray
    okved_codes: np.ndarray
    okved_unique: pd.Index
    region_codes: np.ndarray
    region_unique: pd.Index
    texts: dict[str, pa.Array]
    parents: dict[str, str | None]

    @classmethod
    def build(
        cls,
        enterprises: pd.DataFrame,
        finances: pd.DataFrame,
        year: int,
        members: Iterable[str] | None,
        project_investment: pd.Series | float | None,
        regions: pd.DataFrame | None,
    ) -> _Firms:
        firms = enterprises[["enterprise_id", "okved", "region_id"]].reset_index(drop=True)
        n = len(firms)
        fin = finances[finances["year"] == year].drop_duplicates("enterprise_id")
        fin = fin.set_index("enterprise_id")
        ids = firms["enterprise_id"]
        employees = ids.map(fin["employees"]).to_numpy(dtype=float)
        revenue = ids.map(fin["revenue"]).to_numpy(dtype=float)
        if project_investment is None:
            invest_col = (
                fin["investment"] if "investment" in fin.columns else pd.Series(dtype=float)
            )
            investment = ids.map(invest_col).to_numpy(dtype=float)
            invest_name = f"investment in {year}"
        elif isinstance(project_investment, pd.Series):
            investment = ids.map(project_investment).to_numpy(dtype=float)
            invest_name = "project investment"
        else:
            investment = np.full(n, float(project_investment))
            invest_name = "project investment"
        member = (
            ids.isin(set(members)).to_numpy() if members is not None else np.zeros(n, dtype=bool)
        )
        # text for each enterprise once; each failing pair reuses it (pyarrow: no Python loop)
        okved_codes, okved_unique = pd.factorize(firms["okved"].astype(str))
        region_codes, region_unique = pd.factorize(firms["region_id"].astype(str))
        texts = {
            "employees": _text(employees),
            "revenue": _text(revenue),
            "investment": _text(investment),
            "okved": pa.array(firms["okved"].astype(str).to_numpy(dtype=object), pa.string()),
            "region": pa.array(firms["region_id"].astype(str).to_numpy(dtype=object), pa.string()),
        }
        parents: dict[str, str | None] = {}
        if regions is not None and "parent_id" in regions.columns:
            parents = {
                r: (p if isinstance(p, str) and p else None)
                for r, p in zip(regions["region_id"], regions["parent_id"], strict=True)
            }
        return cls(n, ids, employees, revenue, investment, invest_name, member, okved_codes,
                   okved_unique, region_codes, region_unique, texts, parents)  # fmt: skip


class _Failures:
    """Failed conditions of one measure, one text per enterprise."""

    def __init__(self, n: int) -> None:
        self.n = n
        self.parts: list[pa.Array] = []
        self.failed = np.zeros(n, dtype=np.int16)

    def fail(
        self, mask: np.ndarray, text: str, values: pa.Array | None = None, suffix: str = ""
    ) -> None:
        hits = int(mask.sum())
        if not hits:
            return
        where = pa.array(mask)
        if values is None:
            texts = pa.array(np.full(hits, text + suffix, dtype=object), pa.string())
        else:
            texts = pc.binary_join_element_wise(
                pa.scalar(text), values.filter(where), pa.scalar(suffix), pa.scalar("")
            )
        self.parts.append(pc.replace_with_mask(pa.nulls(self.n, pa.string()), where, texts))
        self.failed += mask

    def reasons(self) -> pa.Array:
        joined: pa.Array = self.parts[0] if self.parts else pa.nulls(self.n, pa.string())
        for part in self.parts[1:]:
            both = pc.binary_join_element_wise(joined, part, pa.scalar("; "))
            joined = pc.coalesce(both, joined, part)
        return pc.fill_null(joined, "")


def _test_measure(m: Any, f: _Firms, out: _Failures, year: int) -> None:
    """Record every condition of measure ``m`` that each enterprise fails."""
    prefixes = _split(getattr(m, "okved_prefixes", None))
    if prefixes:
        covered = np.array(
            [any(okved_covers(p, code) for p in prefixes) for code in f.okved_unique], dtype=bool
        )
        out.fail(~covered[f.okved_codes], "OKVED ", f.texts["okved"],
                 f" not in {_short_list(prefixes)}")  # fmt: skip
    low = getattr(m, "min_employees", np.nan)
    high = getattr(m, "max_employees", np.nan)
    unknown = np.isnan(f.employees)
    if pd.notna(low) or pd.notna(high):
        out.fail(unknown, f"employees unknown in {year}")
    if pd.notna(low):
        out.fail(~unknown & (f.employees < float(low)), "employees ", f.texts["employees"],
                 f" < {_number(low)} (minimum)")  # fmt: skip
    if pd.notna(high):
        label = _label(high, _EMPLOYEE_CEILINGS, "maximum")
        out.fail(~unknown & (f.employees > float(high)), "employees ", f.texts["employees"],
                 f" > {_number(high)} ({label})")  # fmt: skip
    ceiling = getattr(m, "max_revenue", np.nan)
    if pd.notna(ceiling):
        unknown = np.isnan(f.revenue)
        out.fail(unknown, f"revenue unknown in {year}")
        label = _label(ceiling, _REVENUE_CEILINGS, "maximum")
        out.fail(~unknown & (f.revenue > float(ceiling)), "revenue ", f.texts["revenue"],
                 f" > {_number(ceiling)} mln RUB ({label})")  # fmt: skip
    floor = getattr(m, "min_investment", np.nan)
    if pd.notna(floor):
        unknown = np.isnan(f.investment)
        out.fail(unknown, f"{f.invest_name} unknown")
        out.fail(~unknown & (f.investment < float(floor)), f"{f.invest_name} ",
                 f.texts["investment"], f" < {_number(floor)} mln RUB (minimum)")  # fmt: skip
    if bool(getattr(m, "requires_cluster_member", False)):
        out.fail(~f.member, "not a member of a registered industrial cluster")
    wanted = _split(getattr(m, "regions", None))
    if wanted:
        inside = _region_matches(pd.Series(f.region_unique), wanted, f.parents).to_numpy(bool)
        out.fail(~inside[f.region_codes], "region ", f.texts["region"],
                 f" not in {_short_list(wanted)}")  # fmt: skip


def eligibility_summary(
    eligibility: pd.DataFrame,
    measures: pd.DataFrame,
    *,
    members: Iterable[str] | None = None,
) -> pd.DataFrame:
    """Count eligible enterprises per measure, with the most common reason for failing.

    Parameters
    ----------
    eligibility : pandas.DataFrame
        Output of :func:`eligible_measures`.
    measures : pandas.DataFrame
        ``support_measures`` (``measure_id``, ``name_en``, ``level``, ``instrument``).
    members : iterable of str, optional
        Restrict the counts to these enterprises (the cluster's members).

    Returns
    -------
    pandas.DataFrame
        One row per measure: ``measure_id``, ``name_en``, ``level``,
        ``instrument``, ``tested`` (enterprises), ``eligible``, ``share``,
        ``main_obstacle`` (the most frequent failed condition, numbers removed).
    """
    table = eligibility
    if members is not None:
        table = table[table["enterprise_id"].isin(set(members))]
    counts = table.groupby("measure_id", sort=False).agg(
        tested=("eligible", "size"), eligible=("eligible", "sum")
    )
    failing = table.loc[~table["eligible"], ["measure_id", "reasons"]]
    first = failing["reasons"].astype(object).str.split("; ").explode()
    # the condition without the enterprise's own figure: "employees > 250 (SME ceiling)"
    generic = first.str.replace(r"^(\w[\w ]*?) (\S+) ([<>]|not in)", r"\1 \3", regex=True)
    generic = pd.DataFrame({"measure_id": failing.loc[first.index, "measure_id"], "why": generic})
    obstacle = (
        generic.groupby("measure_id")["why"].agg(lambda s: s.value_counts().index[0])
        if len(generic)
        else pd.Series(dtype=object)
    )
    cols = [c for c in ("measure_id", "name_en", "level", "instrument") if c in measures.columns]
    out = measures[cols].merge(counts.reset_index(), on="measure_id", how="left")
    out["tested"] = out["tested"].fillna(0).astype(int)
    out["eligible"] = out["eligible"].fillna(0).astype(int)
    out["share"] = np.where(
        out["tested"] > 0, out["eligible"] / out["tested"].clip(lower=1), np.nan
    )
    out["main_obstacle"] = out["measure_id"].map(obstacle).fillna("")
    return out
