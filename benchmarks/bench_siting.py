"""p-median: regiocluster's exact solver against spopt's PMedian (PuLP + CBC).

Both solve the same instances in the same process: OR-Library pmed instances
(shortest-path costs) and random instances of 500 clients x 100 candidates.
Prints both objectives, both times and the ratio spopt / ours.

    .venv/bin/python benchmarks/bench_siting.py           # full run
    .venv/bin/python benchmarks/bench_siting.py --quick   # a small run
    .venv/bin/python benchmarks/bench_siting.py --scale   # oblast-wide grids (issue 18)

``--scale`` solves p-median on 10,000 demand points x 1,000 candidate sites for
p = 5, 10, 20, 50 and the capacitated model on 5,000 x 500, each to a proven gap
of 0.1 % within 60 s, and runs the peers on the same instances in a child
process with the same time limit and a memory cap: spopt's PMedian with CBC,
and the full (every client-plant pair) capacitated model with HiGHS.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

import numpy as np
import pulp
from spopt.locate import PMedian as SpoptPMedian

from regiocluster.siting import CapacitatedFacilityLocation, PMedian
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


def grid_instance(m: int, n: int, seed: int):
    """Demand on a regular grid over a 300 x 300 km oblast, candidates scattered; km costs."""
    rng = np.random.default_rng(seed)
    side = int(np.ceil(np.sqrt(m)))
    axis = np.linspace(0.0, 300.0, side)
    grid = np.array([(x, y) for x in axis for y in axis])[:m]
    sites = rng.uniform(0.0, 300.0, size=(n, 2))
    cost = np.sqrt(((grid[:, None, :] - sites[None, :, :]) ** 2).sum(axis=2))
    weights = rng.lognormal(mean=3.0, sigma=1.0, size=m).round(1) + 0.1
    return cost, weights


def _peer_child(kind, m, n, p, seed, time_limit, queue):  # runs in a child process
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (6 * 2**30, 6 * 2**30))
    cost, weights = grid_instance(m, n, seed)
    started = time.perf_counter()
    try:
        if kind == "spopt":
            model = SpoptPMedian.from_cost_matrix(cost, weights, p_facilities=p)
            queue.put(("built", time.perf_counter() - started))
            model.solve(pulp.PULP_CBC_CMD(msg=False, timeLimit=time_limit), results=False)
            proven = model.problem.sol_status == pulp.LpSolutionOptimal
            queue.put(
                ("solved", time.perf_counter() - started, "optimal" if proven else "not proven")
            )
        else:
            from regiocluster.siting import CapacitatedFacilityLocation

            capacity, fixed = _cfl_parameters(weights, n)
            model = CapacitatedFacilityLocation.from_cost_matrix(
                cost, weights, capacity=capacity, fixed_cost=fixed
            ).solve(time_limit=time_limit, k=n, tolerance=1e-3, method="mip")
            queue.put(
                ("solved", time.perf_counter() - started, f"{model.status_} gap {model.gap_:.2%}")
            )
    except MemoryError:
        queue.put(("memory", time.perf_counter() - started))


def _cfl_parameters(weights, n):
    capacity = np.full(n, weights.sum() / 20.0)  # about 25 plants' worth of demand
    fixed = np.full(n, float(np.median(weights)) * 2000.0)
    return capacity, fixed


def run_peer(kind, m, n, p, seed, time_limit) -> str:
    """Run a peer in a child with a wall-clock limit; describe how far it got."""
    import multiprocessing as mp

    context = mp.get_context("fork")
    queue = context.Queue()
    child = context.Process(target=_peer_child, args=(kind, m, n, p, seed, time_limit, queue))
    started = time.perf_counter()
    child.start()
    child.join(time_limit + 30)
    elapsed = time.perf_counter() - started
    if child.is_alive():
        child.kill()
        child.join()
    events = []
    while not queue.empty():
        events.append(queue.get())
    if any(e[0] == "solved" for e in events):
        event = next(e for e in events if e[0] == "solved")
        return f"solved in {event[1]:.0f} s ({event[2]})"
    if any(e[0] == "memory" for e in events):
        return f"out of memory (6 GiB cap) while building, after {elapsed:.0f} s"
    if any(e[0] == "built" for e in events):
        return f"built, not solved within {time_limit:.0f} s (stopped at {elapsed:.0f} s)"
    return f"still building the model when stopped at {elapsed:.0f} s"


def scale(time_limit: float, peers: bool, only: str | None = None) -> None:
    """Issue 18, item 2: oblast-wide grids."""
    if only != "cfl":
        scale_pmedian(time_limit, peers)
    if only != "pmedian":
        scale_cfl(time_limit, peers)


def scale_pmedian(time_limit: float, peers: bool) -> None:
    print(f"p-median, 10,000 x 1,000 grid; target gap <= 0.1 % in < {time_limit:.0f} s")
    print("(wall = elapsed seconds on the shared machine, cpu = this process's CPU seconds;")
    print(" bound = certified lower bound of the full, non-sparse problem)")
    print(
        f"{'p':>4}{'wall s':>8}{'cpu s':>7}{'objective':>14}{'bound':>14}{'gap %':>8}"
        "  status      peer (spopt + CBC, same limit)"
    )
    for p in (5, 10, 20, 50):
        cost, weights = grid_instance(10_000, 1_000, seed=p)
        started, cpu = time.perf_counter(), time.process_time()
        model = PMedian.from_cost_matrix(cost, weights, p=p).solve(
            time_limit=time_limit, tolerance=1e-3
        )
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        peer = run_peer("spopt", 10_000, 1_000, p, p, time_limit) if peers else "skipped"
        print(
            f"{p:>4}{seconds:>8.1f}{cpu:>7.1f}{model.objective_:>14.1f}{model.bound_:>14.1f}"
            f"{model.gap_ * 100:>8.3f}  {model.status_:<11} {peer}",
            flush=True,
        )
        del cost


def scale_cfl(time_limit: float, peers: bool) -> None:
    print("capacitated facility location, 5,000 x 500 grid; same target")
    print("(ours: Lagrangian bound and plan, then the MILP on the plants the bound cannot fix)")
    cost, weights = grid_instance(5_000, 500, seed=7)
    capacity, fixed = _cfl_parameters(weights, 500)
    started, cpu = time.perf_counter(), time.process_time()
    model = CapacitatedFacilityLocation.from_cost_matrix(
        cost, weights, capacity=capacity, fixed_cost=fixed
    ).solve(time_limit=time_limit, tolerance=1e-3)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    print(
        f"{'wall s':>8}{'cpu s':>7}{'objective':>14}{'bound':>14}{'gap %':>8}{'plants':>7}  status"
    )
    print(
        f"{seconds:>8.1f}{cpu:>7.1f}{model.objective_:>14.1f}{model.bound_:>14.1f}"
        f"{model.gap_ * 100:>8.3f}{len(model.sites_):>7}  {model.status_}",
        flush=True,
    )
    peer = run_peer("dense", 5_000, 500, None, 7, time_limit) if peers else "skipped"
    print(f"full model with HiGHS (same limit): {peer}")


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
    parser.add_argument("--scale", action="store_true", help="oblast-wide grids (issue 18)")
    parser.add_argument("--time-limit", type=float, default=60.0, help="seconds, --scale")
    parser.add_argument("--no-peers", action="store_true", help="--scale without the peers")
    parser.add_argument("--only", choices=["pmedian", "cfl"], help="--scale: one model only")
    args = parser.parse_args()
    if args.orlib_all:
        orlib_all()
        return
    if args.scale:
        scale(args.time_limit, not args.no_peers, args.only)
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
