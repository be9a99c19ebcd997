"""A national firm registry aggregated to region × industry × year: DuckDB against its peers.

Russia's registry of legal entities holds about 10 million rows. The
benchmark writes a SYNTHETIC registry of that size (DuckDB generates it, as
CSV and as Parquet, in a temp dir), then, each in a fresh process so peak
memory is its own:

* ours: ``regiocluster.mapping.registry.registry_employment`` (DuckDB
  streams the file on 2 threads; a CSV is typed from its header line, nothing
  is sniffed; only the four needed columns are converted; memory capped at 2 GB);
* DuckDB as plainly written (the previous code): ``read_csv`` sniffing the
  file with the two code columns forced to text, the same GROUP BY;
* pandas: ``read_csv(chunksize=1_000_000, usecols=...)`` with a group-by per
  chunk and a final sum, the bounded-memory way to do it in pandas (a plain
  ``read_csv`` of 10 M rows would hold the whole table).

The machine is shared: it prints wall AND CPU seconds (CPU counts every
thread) and peak resident memory (VmHWM) of each, the load average, and the
ratios. Target: under 10 s for 10 M rows on 2 cores, memory bounded.

Run: .venv/bin/python benchmarks/bench_registry.py [--quick] [--rows N]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import duckdb

# VmHWM is this process's own peak (ru_maxrss after fork+exec can carry the parent's)
PEAK = """
def peak_kb():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
"""

CHILD_OURS = """
import json, sys, time
PEAK
from regiocluster.mapping.registry import registry_employment
t, c = time.perf_counter(), time.process_time()
out = registry_employment(sys.argv[1], year="year", threads=2)
dt, dc = time.perf_counter() - t, time.process_time() - c
kb = peak_kb()
print(json.dumps({"seconds": dt, "cpu": dc, "rss_mb": kb / 1024, "groups": len(out),
                  "employees": float(out["employees"].sum())}))
"""

CHILD_PLAIN = """
import json, sys, time
PEAK
import duckdb
t, c = time.perf_counter(), time.process_time()
con = duckdb.connect()
con.execute("SET enable_progress_bar = false")
out = con.execute(f\"\"\"
    SELECT region_id, substr(okved, 1, 2) AS okved, year,
           CAST(sum(employees) AS DOUBLE) AS employees, CAST(count(*) AS DOUBLE) AS n
    FROM read_csv('{sys.argv[1]}', types={{'region_id': 'VARCHAR', 'okved': 'VARCHAR'}})
    GROUP BY 1, 2, 3 ORDER BY 1, 2, 3\"\"\").df()
dt, dc = time.perf_counter() - t, time.process_time() - c
kb = peak_kb()
print(json.dumps({"seconds": dt, "cpu": dc, "rss_mb": kb / 1024, "groups": len(out),
                  "employees": float(out["employees"].sum())}))
"""

CHILD_PANDAS = """
import json, sys, time
PEAK
import pandas as pd
t, c = time.perf_counter(), time.process_time()
parts = []
for chunk in pd.read_csv(sys.argv[1], chunksize=1_000_000,
                         usecols=["region_id", "okved", "year", "employees"],
                         dtype={"region_id": "string", "okved": "string"}):
    chunk["okved"] = chunk["okved"].str[:2]
    parts.append(chunk.groupby(["region_id", "okved", "year"])["employees"]
                 .agg(["sum", "size"]))
out = pd.concat(parts).groupby(level=[0, 1, 2]).sum()
dt, dc = time.perf_counter() - t, time.process_time() - c
kb = peak_kb()
print(json.dumps({"seconds": dt, "cpu": dc, "rss_mb": kb / 1024, "groups": len(out),
                  "employees": float(out["sum"].sum())}))
"""


def write_registry(folder: Path, rows: int) -> tuple[Path, Path]:
    """Write a synthetic registry of ``rows`` rows as CSV and Parquet with DuckDB."""
    con = duckdb.connect()
    con.execute("SET enable_progress_bar = false")
    con.execute(
        f"""
        CREATE TABLE registry AS
        SELECT 'F' || i AS firm_id,
               'RU-' || lpad(CAST(i % 85 AS VARCHAR), 2, '0') AS region_id,
               lpad(CAST((hash(i) % 99) + 1 AS VARCHAR), 2, '0') || '.'
                 || lpad(CAST(hash(i * 7) % 99 AS VARCHAR), 2, '0') AS okved,
               2014 + CAST(hash(i * 13) % 11 AS INTEGER) AS year,
               CAST(hash(i * 31) % 500 AS INTEGER) AS employees
        FROM range({rows}) t(i)
        """
    )
    csv, parquet = folder / "registry.csv", folder / "registry.parquet"
    con.execute(f"COPY registry TO '{csv}' (HEADER, DELIMITER ',')")
    con.execute(f"COPY registry TO '{parquet}' (FORMAT PARQUET)")
    con.close()
    return csv, parquet


def run(child: str, path: Path) -> dict:
    """Run a child measurement in a fresh interpreter and read its JSON line."""
    code = child.replace("PEAK", PEAK)
    out = subprocess.run(
        [sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1 million rows")
    parser.add_argument("--rows", type=int, default=None)
    args = parser.parse_args()
    rows = args.rows or (1_000_000 if args.quick else 10_000_000)
    with tempfile.TemporaryDirectory() as tmp:
        csv, parquet = write_registry(Path(tmp), rows)
        print(
            f"SYNTHETIC registry: {rows:,} rows; CSV {csv.stat().st_size / 2**20:,.0f} MiB, "
            f"Parquet {parquet.stat().st_size / 2**20:,.0f} MiB; "
            f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
        )
        ours_csv = run(CHILD_OURS, csv)
        ours_pq = run(CHILD_OURS, parquet)
        plain = run(CHILD_PLAIN, csv)
        theirs = run(CHILD_PANDAS, csv)
    runs = (ours_csv, ours_pq, plain, theirs)
    assert len({r["employees"] for r in runs}) == 1
    assert len({r["groups"] for r in runs}) == 1
    for name, r in (
        ("ours, CSV (DuckDB)", ours_csv),
        ("ours, Parquet (DuckDB)", ours_pq),
        ("DuckDB sniffing the CSV", plain),
        ("pandas chunked read_csv", theirs),
    ):
        print(
            f"{name:26s} {r['seconds']:7.2f} s wall {r['cpu']:7.2f} CPU s   "
            f"peak RSS {r['rss_mb']:6.0f} MB   {r['groups']:,} region x industry x year groups"
        )
    for name, peer in (("pandas", theirs), ("sniffing DuckDB", plain)):
        print(
            f"ratio {name} / ours (CSV): wall {peer['seconds'] / ours_csv['seconds']:.1f}x, "
            f"CPU {peer['cpu'] / ours_csv['cpu']:.1f}x"
        )
    met = ours_csv["seconds"] < 10 or rows < 10_000_000
    print(
        f"target for 10 M rows: under 10 s wall -> {'met' if met else 'MISSED'} "
        f"(CPU/2 = {ours_csv['cpu'] / 2:.2f} s: the wall time two free cores need)"
    )


if __name__ == "__main__":
    main()
