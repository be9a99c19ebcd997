"""Core-periphery: regiocluster.network.CorePeriphery against cpnet.BE on the same graphs.

Planted-core stochastic block models (core density p_cc, core-periphery p_cp,
periphery p_pp). For each graph both methods find a discrete core; we print
the accuracy against the planted core, the Borgatti-Everett fitness (Pearson
correlation of ties with the core-or-core pattern) of each partition, and the
time ratio. cpnet.BE is unweighted, so the comparison graphs are unweighted.

Run: .venv/bin/python benchmarks/bench_network.py [--quick]
"""

from __future__ import annotations

import argparse
import time
import warnings

import networkx as nx
import numpy as np

from regiocluster.network import CorePeriphery, core_periphery_fitness


def _cpnet_be(graph: nx.Graph, runs: int) -> np.ndarray:
    import cpnet

    be = cpnet.BE(num_runs=runs)
    be.detect(graph)
    coreness = be.get_coreness()
    return np.array([coreness[node] > 0.5 for node in graph.nodes])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    sizes = [(25, 100), (50, 200)] if args.quick else [(25, 100), (50, 200), (100, 400), (200, 800)]
    blocks = [[0.6, 0.25], [0.25, 0.03]]
    seeds = range(2 if args.quick else 3)
    warnings.simplefilter("ignore")
    # warm up numba's compilation so it is not counted
    _cpnet_be(nx.stochastic_block_model([5, 10], blocks, seed=0), 1)
    header = (
        f"{'n':>6} {'seed':>4} | {'acc ours':>8} {'acc cpnet':>9} | "
        f"{'fit ours':>8} {'fit cpnet':>9} | {'t ours s':>8} {'t cpnet s':>9} {'ratio':>6}"
    )
    print(header)
    print("-" * len(header))
    ratios, gaps = [], []
    for n_core, n_peri in sizes:
        scale = 25 / n_core
        probs = [[0.6, 0.25 * min(1.0, 2 * scale)], [0.25 * min(1.0, 2 * scale), 0.03 * scale]]
        for seed in seeds:
            g = nx.stochastic_block_model([n_core, n_peri], probs, seed=seed)
            truth = np.array([d["block"] == 0 for _, d in g.nodes(data=True)])
            t0 = time.perf_counter()
            ours = CorePeriphery(n_null=0, random_state=seed).fit(g).core_.to_numpy()
            t_ours = time.perf_counter() - t0
            np.random.seed(seed)
            t0 = time.perf_counter()
            theirs = _cpnet_be(g, runs=10)
            t_theirs = time.perf_counter() - t0
            acc_o = max((ours == truth).mean(), (~ours == truth).mean())
            acc_t = max((theirs == truth).mean(), (~theirs == truth).mean())
            fit_o = core_periphery_fitness(g, ours)
            fit_t = core_periphery_fitness(g, theirs)
            ratios.append(t_ours / t_theirs)
            gaps.append(fit_o - fit_t)
            print(
                f"{n_core + n_peri:>6} {seed:>4} | {acc_o:>8.3f} {acc_t:>9.3f} | "
                f"{fit_o:>8.4f} {fit_t:>9.4f} | {t_ours:>8.3f} {t_theirs:>9.3f} "
                f"{t_ours / t_theirs:>6.2f}"
            )
    print(
        f"\nmedian time ratio ours/cpnet = {np.median(ratios):.2f}; "
        f"mean fitness gain over cpnet = {np.mean(gaps):+.4f}"
    )
    g = nx.stochastic_block_model([25, 100], blocks, seed=0)
    t0 = time.perf_counter()
    model = CorePeriphery(n_null=99, random_state=0).fit(g)
    print(
        f"significance (n=125, 99 degree-preserving nulls): p = {model.p_value_:.3f}, "
        f"{time.perf_counter() - t0:.1f} s (cpnet.BE has no significance test; "
        "cpnet.qstest is its separate test)"
    )


if __name__ == "__main__":
    main()
