"""p-median: regiocluster's exact solver against spopt's PMedian (PuLP + CBC).

Both solve the same instances in the same process: OR-Library pmed instances
(shortest-path costs) and random instances of 500 clients x 100 candidates.
Prints both objectives, both times and the ratio spopt / ours.

    .venv/bin/python benchmarks/bench_siting.py           # full run
    .venv/bin/python benchmarks/bench_siting.py --quick   # a small run
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

import numpy as np
import pulp
from spopt.locate import PMedian as SpoptPMedian

from regiocluster.siting import PMedian
from regiocluster.siting.orlib import parse_pmed


def shared_data() -> Path:
    env = os.environ.get("REGIOCLUSTER_SHARED_DATA")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[1] / ".." / "shared" / "data"


def run_spopt(cost, weights, p, time_limit):
    started = time.perf_counter()
    model = SpoptPMedian.from_cost_matrix(cost, weights, p_facilities=p)
    model.solve(pulp.PULP_CBC_CMD(msg=False, timeLimit=time_limit), results=False)
    elapsed = time.perf_counter() - started
    # PuLP reports "Optimal" for CBC runs stopped by the time limit; the solution
    # status tells a proven optimum from a merely feasible plan.
    proven = model.problem.sol_status == pulp.LpSolutionOptimal
    status = "optimal" if proven else pulp.LpSolution[model.problem.sol_status]
    return float(pulp.value(model.problem.objective)), elapsed, status


def run_ours(cost, weights, p):
    started = time.perf_counter()
    model = PMedian.from_cost_matrix(cost, weights, p=p).solve()
    return model.objective_, time.perf_counter() - started, model.status_


def orlib_all() -> None:
    folder = shared_data() / "orlib-pmed"
    lines = (folder / "pmedopt.txt").read_text().splitlines()[1:]
    optima = {
        name: float(value) for name, value in (line.split() for line in lines if line.strip())
    }
    total = 0.0
    print(f"{'instance':<9}{'n':>5}{'p':>5}{'optimum':>9}{'ours':>9}{'seconds':>9}  status")
    for k in range(1, 41):
        instance = parse_pmed((folder / f"pmed{k}.txt").read_text())
        weights = np.ones(instance.cost.shape[0])
        value, seconds, status = run_ours(instance.cost, weights, instance.p)
        total += seconds
        print(
            f"pmed{k:<5}{instance.cost.shape[0]:>5}{instance.p:>5}{optima[f'pmed{k}']:>9.0f}"
            f"{value:>9.0f}{seconds:>9.2f}  {status}"
        )
    print(f"all 40 instances: {total:.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="a few small instances only")
    parser.add_argument("--spopt-time-limit", type=float, default=300.0)
    parser.add_argument(
        "--orlib-all", action="store_true", help="ours only, on all 40 OR-Library instances"
    )
    args = parser.parse_args()
    if args.orlib_all:
        orlib_all()
        return

    cases = []
    folder = shared_data() / "orlib-pmed"
    numbers = [1, 2, 3] if args.quick else [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 16]
    if folder.exists():
        optima = {
            name: float(value)
            for name, value in (
                line.split()
                for line in (folder / "pmedopt.txt").read_text().splitlines()[1:]
                if line.strip()
            )
        }
        for k in numbers:
            instance = parse_pmed((folder / f"pmed{k}.txt").read_text())
            weights = np.ones(instance.cost.shape[0])
            cases.append((f"pmed{k}", instance.cost, weights, instance.p, optima[f"pmed{k}"]))
    else:
        print(f"(OR-Library files not found in {folder}; random instances only)")
    rng = np.random.default_rng(20240601)
    for p in [5] if args.quick else [5, 10, 20]:
        clients = rng.uniform(0, 100, size=(500, 2))
        candidates = rng.uniform(0, 100, size=(100, 2))
        cost = np.sqrt(((clients[:, None, :] - candidates[None, :, :]) ** 2).sum(axis=2))
        weights = rng.integers(1, 100, size=500).astype(float)
        cases.append((f"random500x100 p={p}", cost, weights, p, None))

    header = f"{'instance':<22}{'n':>5}{'p':>5}{'optimum':>10}{'ours':>12}{'spopt':>12}"
    header += f"{'t ours':>9}{'t spopt':>9}{'ratio':>8}  status"
    print(header)
    ratios = []
    for name, cost, weights, p, optimum in cases:
        ours, t_ours, status_ours = run_ours(cost, weights, p)
        theirs, t_theirs, status_theirs = run_spopt(cost, weights, p, args.spopt_time_limit)
        ratio = t_theirs / t_ours
        ratios.append(ratio)
        # A spopt run stopped by its time limit gives only a lower bound on the ratio.
        mark = ">" if status_theirs != "optimal" else " "
        print(
            f"{name:<22}{cost.shape[1]:>5}{p:>5}"
            f"{optimum if optimum is not None else float('nan'):>10.1f}"
            f"{ours:>12.2f}{theirs:>12.2f}{t_ours:>9.2f}{t_theirs:>9.2f}{mark}{ratio:>6.1f}x"
            f"  spopt {status_theirs}; ours {status_ours}"
        )
    geometric = float(np.exp(np.mean(np.log(ratios))))
    print(f"time ratio spopt/ours: min {min(ratios):.1f}x, geometric mean {geometric:.1f}x")
    print("(ratios marked > are lower bounds: spopt stopped at its time limit unproven)")


if __name__ == "__main__":
    main()
