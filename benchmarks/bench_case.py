"""Time ``load_case("leningrad")`` against a plain ``pandas.read_csv`` of every table.

The plain read parses the same files with no typing, no schema checks and
no cross-table checks, so the ratio is the price of validation. The issue's
target: loading the embedded case takes under 2 s.

Run::

    .venv/bin/python benchmarks/bench_case.py           # 5 repeats, best time
    .venv/bin/python benchmarks/bench_case.py --quick   # 1 repeat
    .venv/bin/python benchmarks/bench_case.py --xlsx    # also XLSX export/import
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import pandas as pd

from regiocluster import load_case
from regiocluster.case.load import builtin_path
from regiocluster.case.schema import TABLES

TARGET_SECONDS = 2.0


def best_of(repeats: int, fn) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(repeats):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def plain_read(folder: Path) -> dict[str, pd.DataFrame]:
    return {name: pd.read_csv(folder / f"{name}.csv") for name in TABLES}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one repeat instead of five")
    parser.add_argument("--xlsx", action="store_true", help="also time XLSX export and import")
    args = parser.parse_args()
    repeats = 1 if args.quick else 5

    folder = builtin_path("leningrad")
    load_case(folder)  # warm imports and caches: we time loading, not importing
    ours, case = best_of(repeats, lambda: load_case("leningrad"))
    peer, frames = best_of(repeats, lambda: plain_read(folder))
    rows = sum(len(f) for f in case.tables.values())
    assert {n: len(f) for n, f in frames.items()} == {n: len(f) for n, f in case.tables.items()}

    print(f"embedded case: {len(case.tables)} tables, {rows:,} rows, best of {repeats}")
    print(f"  load_case('leningrad')       {ours:6.3f} s  (target < {TARGET_SECONDS:.0f} s)")
    print(f"  pandas.read_csv every table  {peer:6.3f} s")
    print(f"  ratio (validation's cost)    {ours / peer:6.1f} x")
    print(f"  within target: {'yes' if ours < TARGET_SECONDS else 'NO'}")

    if args.xlsx:
        from regiocluster.case.xlsx import export_xlsx

        with tempfile.TemporaryDirectory() as tmp:
            book = Path(tmp) / "leningrad.xlsx"
            write, _ = best_of(1, lambda: export_xlsx(case, book))
            read, _ = best_of(1, lambda: load_case(book))
            print(
                f"  export_xlsx                  {write:6.3f} s "
                f" ({book.stat().st_size / 1e6:.1f} MB)"
            )
            print(f"  load_case(workbook)          {read:6.3f} s")


if __name__ == "__main__":
    main()
