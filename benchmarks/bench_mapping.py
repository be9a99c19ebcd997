"""Cluster mapping at national scale: regiocluster against straightforward pandas.

1. Location quotients, the US strong-cluster rule and ECO stars for all
   regions × 320 industries × 10 years (synthetic employment), then
   related-industry relatedness (Ellison-Glaeser coagglomeration), clustering
   and the validation score; each against a straightforward pandas/Python
   version in the same process, with results checked equal.
2. A 1-million-row firm registry CSV (generated in a temp dir) aggregated into
   region × industry employment with DuckDB against pandas read_csv + groupby.

All data here are SYNTHETIC (random), for timing only.

Run: .venv/bin/python benchmarks/bench_mapping.py [--quick]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from regiocluster.mapping import (
    RelatedIndustryClusters,
    coagglomeration,
    eco_stars,
    location_quotient,
    us_strong_clusters,
    validation_score,
)
from regiocluster.mapping.registry import registry_employment


def synthetic_employment(regions: int, industries: int, years: int, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    size = rng.lognormal(12, 1, regions)
    mix = rng.dirichlet(np.full(industries, 0.3), regions)
    frames = []
    for y in range(years):
        emp = np.round(size[:, None] * mix * rng.lognormal(0, 0.05, (regions, industries)))
        est = np.maximum(1, np.round(emp / rng.uniform(10, 60, emp.shape)))
        frames.append(
            pd.DataFrame(
                {
                    "region_id": np.repeat([f"R{r:02d}" for r in range(regions)], industries),
                    "okved": np.tile([f"I{i:03d}" for i in range(industries)], regions),
                    "year": 2015 + y,
                    "employees": emp.ravel(),
                    "establishments": est.ravel(),
                }
            )
        )
    out = pd.concat(frames, ignore_index=True)
    # suppress ~3% of cells, as Rosstat does for small ones
    mask = rng.random(len(out)) < 0.03
    out.loc[mask, ["employees", "establishments"]] = np.nan
    return out


def naive_lq(table: pd.DataFrame) -> pd.Series:
    out = []
    for _, g in table.groupby("year", sort=False):
        total = g["employees"].sum()
        region_total = {r: s["employees"].sum() for r, s in g.groupby("region_id")}
        industry_total = {i: s["employees"].sum() for i, s in g.groupby("okved")}
        lq = [
            (e / region_total[r]) / (industry_total[i] / total)
            for r, i, e in zip(g["region_id"], g["okved"], g["employees"], strict=True)
        ]
        out.append(pd.Series(lq, index=g.index))
    return pd.concat(out).reindex(table.index)


def naive_strong(table: pd.DataFrame, lq: pd.Series) -> pd.Series:
    strong = pd.Series(False, index=table.index)
    data = table.assign(lq=lq)
    for _, g in data.groupby(["year", "okved"]):
        act = g[g["employees"] > 0]
        lq_t = np.nanpercentile(act["lq"], 75)
        emp_t = np.nanpercentile(act["employees"], 25)
        est_t = np.nanpercentile(act["establishments"].dropna(), 25)
        for idx, row in act.iterrows():
            strong[idx] = bool(
                row["lq"] >= lq_t
                and row["employees"] > emp_t
                and row["establishments"] > est_t
                and row["lq"] >= 1
            )
    return strong


def naive_coagglomeration(table: pd.DataFrame) -> np.ndarray:
    wide = table.pivot_table(index="region_id", columns="okved", values="employees", aggfunc="sum")
    wide = wide.fillna(0.0)
    x = (wide.sum(axis=1) / wide.values.sum()).values
    shares = (wide / wide.sum(axis=0)).values
    n = shares.shape[1]
    denom = 1 - (x**2).sum()
    out = np.zeros((n, n))
    for i in range(n):
        for j in range(i, n):
            v = sum((shares[r, i] - x[r]) * (shares[r, j] - x[r]) for r in range(len(x))) / denom
            out[i, j] = out[j, i] = v
    return out


def naive_validation(rel: pd.DataFrame, labels: pd.Series) -> float:
    valid = 0
    for ind in rel.index:
        own_c = labels[ind]
        means = {}
        for c in labels.unique():
            peers = [j for j in labels.index[labels == c] if j != ind]
            means[c] = np.mean([rel.loc[ind, j] for j in peers]) if peers else -np.inf
        own = means.pop(own_c)
        valid += own > max(means.values(), default=-np.inf)
    return valid / len(rel)


def timed(func, *args, **kwargs):
    start = time.perf_counter()
    result = func(*args, **kwargs)
    return result, time.perf_counter() - start


def report(name: str, ours: float, theirs: float, check: str) -> None:
    print(f"{name:<44} ours {ours:8.3f} s   pandas {theirs:8.3f} s   "
          f"speed-up x{theirs / ours:6.1f}   {check}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    regions, industries, years = (85, 320, 10)
    rows = 200_000 if args.quick else 1_000_000
    if args.quick:
        years = 3
    table = synthetic_employment(regions, industries, years)
    print(f"SYNTHETIC employment: {regions} regions x {industries} industries x {years} years "
          f"= {len(table):,} rows (3% suppressed)\n")  # fmt: skip

    ours, t_ours = timed(location_quotient, table)
    theirs, t_theirs = timed(naive_lq, table)
    diff = np.nanmax(np.abs(ours["lq"] - theirs))
    report("location quotients", t_ours, t_theirs, f"max |diff| {diff:.1e}")

    sub = table[table["year"] >= table["year"].max() - (0 if args.quick else 2)]
    ours_s, t_ours = timed(us_strong_clusters, sub)
    theirs_s, t_theirs = timed(naive_strong, sub, ours_s["lq"])
    same = (ours_s["strong"] == theirs_s).all()
    report(f"US strong clusters ({sub.year.nunique()} years)", t_ours, t_theirs,
           f"same flags: {same}, strong cells {int(ours_s.strong.sum())}")  # fmt: skip
    _, t_eco = timed(eco_stars, table)
    print(f"{'ECO stars (all years)':<44} ours {t_eco:8.3f} s")

    last = table[table["year"] == table["year"].max()]
    n_ind = 120 if args.quick else industries
    last = last[last["okved"].isin([f"I{i:03d}" for i in range(n_ind)])]
    ours_g, t_ours = timed(coagglomeration, last)
    theirs_g, t_theirs = timed(naive_coagglomeration, last)
    diff = np.abs(ours_g.to_numpy() - theirs_g).max()
    report(
        f"Ellison-Glaeser coagglomeration ({n_ind}^2)", t_ours, t_theirs, f"max |diff| {diff:.1e}"
    )

    related = ours_g.rank(pct=True)
    related = (related + related.T) / 2
    model, t_fit = timed(RelatedIndustryClusters(max(2, n_ind // 12)).fit, related)
    vs, t_ours = timed(validation_score, related, model.labels_)
    vs_naive, t_theirs = timed(naive_validation, related, model.labels_)
    print(f"{'related-industry clustering':<44} ours {t_fit:8.3f} s   "
          f"validation score {model.validation_score_:.3f}")  # fmt: skip
    report("validation score", t_ours, t_theirs, f"{vs.score:.4f} vs {vs_naive:.4f}")

    print(f"\nSYNTHETIC firm registry: {rows:,} rows (CSV in a temp dir)")
    rng = np.random.default_rng(1)
    classes = [f"{d:02d}.{g}{c}" for d in range(1, 100) for g in range(1, 4) for c in range(1, 4)]
    registry = pd.DataFrame(
        {
            "firm_id": np.arange(rows),
            "region_id": rng.choice([f"R{r:02d}" for r in range(regions)], rows),
            "okved": rng.choice(classes, rows),
            "employees": rng.integers(1, 500, rows),
        }
    )
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "registry.csv"
        registry.to_csv(path, index=False)
        del registry
        ours_r, t_ours = timed(registry_employment, path)

        def pandas_version() -> pd.DataFrame:
            frame = pd.read_csv(path, dtype={"okved": str, "region_id": str})
            frame["okved"] = frame["okved"].str[:2]
            return (
                frame.groupby(["region_id", "okved"])
                .agg(employees=("employees", "sum"), establishments=("employees", "size"))
                .reset_index()
            )

        theirs_r, t_theirs = timed(pandas_version)
        same = np.allclose(ours_r["employees"].to_numpy(), theirs_r["employees"].to_numpy())
        report("registry -> region x division (DuckDB)", t_ours, t_theirs,
               f"{len(ours_r):,} cells, equal: {same}")  # fmt: skip


if __name__ == "__main__":
    main()
