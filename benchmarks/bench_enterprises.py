"""Support-measure eligibility: vectorised screen against a naive row-by-row loop.

A synthetic national registry (1M firms by default; OKVED codes, regions,
employees, revenue and investment drawn at random) is checked against the
embedded case's 30 support measures, once with
:func:`regiocluster.enterprises.eligible_measures` and once with a plain
Python loop over every (firm, measure) pair that applies the same rules and
writes the same reasons. Both run in the same process; the loop runs on a
sample of firms (``--naive-firms``, default 100,000) and its time is scaled
to the full registry linearly (the loop's cost is exactly per pair); pass
``--naive-firms 0`` to loop over all of them. The script checks that both
give the same eligibility and reasons on the sample and prints the ratio.

Run: .venv/bin/python benchmarks/bench_enterprises.py [--quick] [--firms N]
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import pandas as pd

from regiocluster import load_case
from regiocluster.enterprises import eligible_measures, okved_covers
from regiocluster.enterprises.support import _EMPLOYEE_CEILINGS, _REVENUE_CEILINGS, _short_list


def _registry(n: int, regions: pd.DataFrame, industries: pd.DataFrame, seed: int = 7):
    rng = np.random.default_rng(seed)
    codes = industries.loc[industries["level"] != "section", "okved"].to_numpy()
    region_ids = regions.loc[regions["kind"] != "country", "region_id"].to_numpy()
    ids = np.char.add("F", np.arange(n).astype(str)).astype(object)
    enterprises = pd.DataFrame(
        {
            "enterprise_id": ids,
            "okved": rng.choice(codes, n),
            "region_id": rng.choice(region_ids, n),
        }
    )
    employees = np.round(rng.lognormal(3.0, 1.4, n))
    finances = pd.DataFrame(
        {
            "enterprise_id": ids,
            "year": 2024,
            "employees": employees,
            "revenue": np.round(employees * rng.lognormal(1.5, 0.8, n), 1),
            "investment": np.round(employees * rng.lognormal(-1.0, 1.2, n), 1),
        }
    )
    members = set(ids[rng.random(n) < 0.02])
    return enterprises, finances, members


def _num(v: float) -> str:
    if np.isnan(v):
        return "unknown"
    return f"{v:.0f}" if float(v).is_integer() else f"{v:.1f}"


def _naive(enterprises, finances, measures, members, parents, year=2024):
    fin = finances.set_index("enterprise_id")
    emp_of, rev_of, inv_of = (fin[c].to_dict() for c in ("employees", "revenue", "investment"))
    rows = []
    measure_rows = list(measures.itertuples(index=False))
    for firm in enterprises.itertuples(index=False):
        emp = emp_of.get(firm.enterprise_id, np.nan)
        rev = rev_of.get(firm.enterprise_id, np.nan)
        inv = inv_of.get(firm.enterprise_id, np.nan)
        for m in measure_rows:
            why = []
            prefixes = [p for p in str(m.okved_prefixes or "").split("|") if p]
            if prefixes and not any(okved_covers(p, firm.okved) for p in prefixes):
                why.append(f"OKVED {firm.okved} not in {_short_list(prefixes)}")
            if pd.notna(m.min_employees) and emp < m.min_employees:
                why.append(f"employees {_num(emp)} < {m.min_employees:.0f} (minimum)")
            if pd.notna(m.max_employees) and emp > m.max_employees:
                label = _EMPLOYEE_CEILINGS.get(float(m.max_employees), "maximum")
                why.append(f"employees {_num(emp)} > {m.max_employees:.0f} ({label})")
            if pd.notna(m.max_revenue) and rev > m.max_revenue:
                label = _REVENUE_CEILINGS.get(float(m.max_revenue), "maximum")
                why.append(f"revenue {_num(rev)} > {m.max_revenue:.0f} mln RUB ({label})")
            if pd.notna(m.min_investment) and inv < m.min_investment:
                why.append(
                    f"investment in {year} {_num(inv)} < {m.min_investment:.0f} mln RUB (minimum)"
                )
            if m.requires_cluster_member and firm.enterprise_id not in members:
                why.append("not a member of a registered industrial cluster")
            wanted = [r for r in str(m.regions or "").split("|") if r]
            if wanted:
                region, inside = firm.region_id, False
                while region is not None:
                    if region in wanted:
                        inside = True
                        break
                    region = parents.get(region)
                if not inside:
                    why.append(f"region {firm.region_id} not in {_short_list(wanted)}")
            rows.append((firm.enterprise_id, m.measure_id, not why, "; ".join(why)))
    return pd.DataFrame(rows, columns=["enterprise_id", "measure_id", "eligible", "reasons"])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="100k firms, 10k in the loop")
    parser.add_argument("--firms", type=int, default=1_000_000)
    parser.add_argument("--naive-firms", type=int, default=100_000)
    args = parser.parse_args()
    if args.quick:
        args.firms, args.naive_firms = 100_000, 10_000
    case = load_case("leningrad")
    measures = case.tables["support_measures"]
    regions = case.tables["regions"]
    parents = {
        r: (p if isinstance(p, str) and p else None)
        for r, p in zip(regions["region_id"], regions["parent_id"], strict=True)
    }
    enterprises, finances, members = _registry(args.firms, regions, case.tables["industries"])
    print(f"registry: {len(enterprises):,} synthetic firms x {len(measures)} measures")

    start, cpu = time.perf_counter(), time.process_time()
    fast = eligible_measures(
        enterprises, finances, measures, year=2024, members=members, regions=regions
    )
    t_fast, c_fast = time.perf_counter() - start, time.process_time() - cpu
    print(
        f"regiocluster eligible_measures: {t_fast:.2f} s wall, {c_fast:.2f} s CPU "
        f"for {len(fast):,} pairs; "
        f"eligible pairs {int(fast['eligible'].sum()):,}"
    )

    k = args.naive_firms if 0 < args.naive_firms < args.firms else args.firms
    sample = enterprises.iloc[:k]
    start, cpu = time.perf_counter(), time.process_time()
    slow = _naive(sample, finances.iloc[:k], measures, members, parents)
    t_slow_sample = time.perf_counter() - start
    c_slow = (time.process_time() - cpu) * args.firms / k
    t_slow = t_slow_sample * args.firms / k
    same = fast[fast["enterprise_id"].isin(set(sample["enterprise_id"]))]
    same = same.set_index(["enterprise_id", "measure_id"]).loc[
        list(zip(slow["enterprise_id"], slow["measure_id"], strict=True))
    ]
    agree = bool(
        (same["eligible"].to_numpy() == slow["eligible"].to_numpy()).all()
        and (same["reasons"].to_numpy() == slow["reasons"].to_numpy()).all()
    )
    print(
        f"naive row-by-row loop: {t_slow_sample:.2f} s for {len(slow):,} pairs "
        f"({k:,} firms) -> {t_slow:.1f} s for the registry"
        + (" (scaled linearly)" if k < args.firms else "")
    )
    print(f"same eligibility and reasons on the {k:,} firms: {agree}")
    print(f"speed-up (naive / vectorised): {t_slow / t_fast:.1f}x wall, {c_slow / c_fast:.1f}x CPU")


if __name__ == "__main__":
    main()
