"""Economic complexity at world scale: 230 locations × 5,000 HS6 products × 25 years.

SYNTHETIC exports (a seeded latent-capability model, not real trade data),
28.75 M rows, generated here. Each measurement runs in a fresh process so its
peak memory (``VmHWM``) is its own:

1. ours, in memory: ``regiocluster.trade.complexity`` on the whole table
   (RCA, M, ECI, PCI, proximity, density, COI, COG). Target: under 30 s and
   8 GB on 2 cores.
2. ours, out of core: ``complexity_panel`` reading a Parquet file one year at a
   time and writing each year's result to Parquet (memory bounded by one year).
3. a baseline in the same run: the same code forming the product × product
   proximity matrix (the previous algorithm) on ``--baseline-years`` years;
4. the peer, py-ecomplexity 0.5.3, on a subset it can finish (all locations,
   the first ``--peer-products`` products, the first ``--peer-years`` years;
   it needs about 75 s for one year of 1,000 products here), with ours on
   the same subset, the ratio, and the largest difference between the two.

The machine is shared: the load average at the start is printed, and CPU
seconds (every thread) beside wall seconds (CPU / 2 is the wall time two free
cores need when both are kept busy).

Run: .venv/bin/python benchmarks/bench_complexity_world.py [--quick] [--peer-years N]
     [--baseline-years N] [--no-parquet] [--no-peer]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from bench_trade import latent_years

COLS = {"time": "year", "loc": "country", "prod": "product", "val": "export_value"}
SHARED = ["diversity", "ubiquity", "mcp", "eci", "pci", "density", "coi", "cog", "rca"]
TARGET_SECONDS, TARGET_GB = 30.0, 8.0


def world_exports(n_loc: int, n_prod: int, n_year: int, *, seed: int = 0) -> pd.DataFrame:
    """SYNTHETIC exports, every location × product × year (30 % zero), categorical keys."""
    locs = pd.Index([f"C{i:03d}" for i in range(n_loc)])
    prods = pd.Index([f"{100000 + j}" for j in range(n_prod)])
    loc_code = np.repeat(np.arange(n_loc, dtype=np.int32), n_prod)
    prod_code = np.tile(np.arange(n_prod, dtype=np.int32), n_loc)
    frames = []
    for year, value in enumerate(latent_years(n_loc, n_prod, n_year, seed=seed)):
        frames.append(
            pd.DataFrame(
                {
                    "year": np.full(n_loc * n_prod, 2000 + year, dtype=np.int16),
                    "country": pd.Categorical.from_codes(loc_code, categories=locs),
                    "product": pd.Categorical.from_codes(prod_code, categories=prods),
                    "export_value": value.ravel() * 1000.0,
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def _peak_gb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024**2
    return float("nan")


def _child(mode: str, shape: tuple[int, int, int], parquet: str | None) -> dict:
    """Run one measurement in this (fresh) process and return its figures."""
    from regiocluster.trade import complexity, complexity_panel

    if mode == "dense":
        # the previous algorithm, same code otherwise: phi formed and multiplied by
        from regiocluster.trade import economic_complexity

        economic_complexity._low_rank = lambda *args, **kwargs: False
    if mode in ("memory", "dense"):
        data = world_exports(*shape)
        wall, cpu = time.perf_counter(), time.process_time()
        out = complexity(data, COLS)
        rows = len(out)
    else:
        wall, cpu = time.perf_counter(), time.process_time()
        with tempfile.TemporaryDirectory() as tmp:
            files = complexity_panel(parquet, COLS, out=tmp)
            rows = sum(len(pd.read_parquet(f, columns=["eci"])) for f in files)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return {"seconds": wall, "cpu_seconds": cpu, "peak_gb": _peak_gb(), "rows": rows}


def _spawn(mode: str, shape: tuple[int, int, int], parquet: str | None = None) -> dict:
    args = [sys.executable, __file__, "--child", mode, "--shape", *map(str, shape)]
    if parquet:
        args += ["--parquet", parquet]
    done = subprocess.run(args, check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def _peer(shape: tuple[int, int, int], years: int, products: int) -> None:
    """py-ecomplexity on a subset of the table, against ours on the same rows."""
    from ecomplexity import ecomplexity

    from regiocluster.trade import complexity

    data = world_exports(shape[0], min(products, shape[1]), years)
    data = data.astype({"country": str, "product": str})
    with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()):
        warnings.filterwarnings("ignore")
        start, cpu = time.perf_counter(), time.process_time()
        peer = ecomplexity(data, COLS, verbose=False, check_logsupermodularity=False)
        peer_seconds, peer_cpu = time.perf_counter() - start, time.process_time() - cpu
    start, cpu = time.perf_counter(), time.process_time()
    ours = complexity(data, COLS)
    ours_seconds, ours_cpu = time.perf_counter() - start, time.process_time() - cpu
    keys = ["year", "country", "product"]
    peer = peer.sort_values(keys, ignore_index=True)
    ours = ours.sort_values(keys, ignore_index=True)
    assert (peer[keys].to_numpy() == ours[keys].to_numpy()).all()
    worst = max(
        np.nanmax(np.abs(peer[c].to_numpy(float) - ours[c].to_numpy(float))) for c in SHARED
    )
    print(f"subset {shape[0]} × {min(products, shape[1])} × {years} ({len(data):,} rows):")
    print(f"  py-ecomplexity 0.5.3 {peer_seconds:8.2f} s wall {peer_cpu:8.2f} CPU s")
    print(
        f"  regiocluster         {ours_seconds:8.2f} s wall {ours_cpu:8.2f} CPU s  "
        f"speed-up {peer_seconds / ours_seconds:6.1f}× wall, {peer_cpu / ours_cpu:6.1f}× CPU"
    )
    print(f"  largest absolute difference over {', '.join(SHARED)}: {worst:.1e}")


def _baseline(shape: tuple[int, int, int]) -> None:
    """Density and COG through phi's low-rank structure against forming phi (same run)."""
    fast, dense = _spawn("memory", shape), _spawn("dense", shape)
    print(f"baseline, {shape[0]} × {shape[1]} × {shape[2]} years, each in a fresh process:")
    for name, got in (("phi never formed (now)", fast), ("phi formed (before)", dense)):
        print(
            f"  {name:<24} {got['seconds']:7.1f} s wall, {got['cpu_seconds']:7.1f} CPU s, "
            f"peak {got['peak_gb']:5.2f} GB"
        )
    print(
        f"  speed-up {dense['seconds'] / fast['seconds']:.1f}× wall, "
        f"{dense['cpu_seconds'] / fast['cpu_seconds']:.1f}× CPU"
    )


def _report(name: str, got: dict, rows_expected: int | None = None) -> None:
    print(
        f"{name:<28} {got['seconds']:7.1f} s wall, {got['cpu_seconds']:7.1f} CPU s, "
        f"peak {got['peak_gb']:5.2f} GB, {got['rows']:,} rows"
    )
    print(
        f"{'':<28} vs target: time {got['seconds'] / TARGET_SECONDS:5.2f}× of 30 s "
        f"(CPU/2 = {got['cpu_seconds'] / 2 / TARGET_SECONDS:4.2f}×), "
        f"memory {got['peak_gb'] / TARGET_GB:5.2f}× of {TARGET_GB:.0f} GB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="230 × 1000 × 3 instead")
    parser.add_argument("--peer-years", type=int, default=1, help="years py-ecomplexity runs")
    parser.add_argument("--peer-products", type=int, default=1000, help="its products")
    parser.add_argument("--no-peer", action="store_true", help="skip py-ecomplexity")
    parser.add_argument("--no-parquet", action="store_true", help="skip the out-of-core run")
    parser.add_argument("--baseline-years", type=int, default=2, help="years of the dense run")
    parser.add_argument("--child", choices=["memory", "parquet", "dense"], help=argparse.SUPPRESS)
    parser.add_argument("--shape", type=int, nargs=3, help=argparse.SUPPRESS)
    parser.add_argument("--parquet", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(_child(args.child, tuple(args.shape), args.parquet)))
        return
    shape = (230, 1000, 3) if args.quick else (230, 5000, 25)
    print(f"SYNTHETIC exports: {shape[0]} locations × {shape[1]} products × {shape[2]} years")
    print(f"load average at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    _report("complexity (in memory)", _spawn("memory", shape))
    if not args.no_parquet:
        with tempfile.TemporaryDirectory() as tmp:
            parquet = str(Path(tmp) / "exports.parquet")
            row_group = shape[0] * shape[1]  # one year per row group
            world_exports(*shape).to_parquet(parquet, index=False, row_group_size=row_group)
            _report("complexity_panel (Parquet)", _spawn("parquet", shape, parquet))
    if args.baseline_years:
        _baseline((*shape[:2], args.baseline_years))
    if not args.no_peer:
        _peer(shape, args.peer_years, args.peer_products)


if __name__ == "__main__":
    main()
