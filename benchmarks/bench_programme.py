"""Critical path: regiocluster's CPM against networkx's longest path on the same plan.

A synthetic (seeded, illustrative) plan: ``n`` measures with random durations,
each depending on up to three earlier ones. networkx's
``dag_longest_path_length`` on the graph with each measure's duration on its
outgoing edges (plus a sink) gives the plan's length; ours also gives every
measure's slack. Prints both lengths (they must agree), both times and the
ratio ours / networkx.

    .venv/bin/python benchmarks/bench_programme.py            # 20,000 measures
    .venv/bin/python benchmarks/bench_programme.py --quick    # 2,000 measures
"""

from __future__ import annotations

import argparse
import time

import networkx as nx
import numpy as np

from regiocluster.programme import critical_path


def synthetic_plan(n: int, *, seed: int = 0) -> tuple[dict[str, float], list[tuple[str, str]]]:
    """Durations and dependencies of a random plan (each measure after up to 3 earlier ones)."""
    rng = np.random.default_rng(seed)
    names = [f"M{i:06d}" for i in range(n)]
    durations = dict(zip(names, rng.integers(1, 60, n).astype(float), strict=True))
    deps = []
    for i in range(1, n):
        for j in set(rng.integers(max(0, i - 200), i, rng.integers(0, 4))):
            deps.append((names[i], names[int(j)]))
    return durations, deps


def networkx_length(durations: dict[str, float], deps: list[tuple[str, str]]) -> float:
    """Plan length as networkx's longest path, durations on the outgoing edges."""
    g = nx.DiGraph()
    for m, d in durations.items():
        g.add_edge(m, "__end__", weight=d)
    for after, before in deps:
        g.add_edge(before, after, weight=durations[before])
    return float(nx.dag_longest_path_length(g, weight="weight"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="2,000 measures")
    args = parser.parse_args()
    n = 2_000 if args.quick else 20_000
    durations, deps = synthetic_plan(n)
    started = time.perf_counter()
    theirs = networkx_length(durations, deps)
    their_time = time.perf_counter() - started
    started = time.perf_counter()
    ours = critical_path(durations, deps)
    our_time = time.perf_counter() - started
    assert abs(ours.length - theirs) < 1e-9, (ours.length, theirs)
    print(f"{n} measures, {len(deps)} dependencies (synthetic)")
    print(f"networkx longest path: length {theirs:.0f} in {their_time:.3f} s")
    print(
        f"regiocluster CPM:      length {ours.length:.0f} in {our_time:.3f} s "
        f"(with slack of every measure, {len(ours.path)} on the critical path)"
    )
    print(f"ratio ours / networkx: {our_time / their_time:.2f}")


if __name__ == "__main__":
    main()
