"""The cluster development model: numpy over (runs, firms) against the same rules in Mesa 3.

Mesa is the field's agent-based framework; here every firm is a
``mesa.Agent`` stepping through the model's rules one firm and one tie at a
time (the textbook way), while :func:`regiocluster.simulation.run_batch`
advances all runs and firms together with numpy. Both read the same random
numbers (:func:`regiocluster.simulation.draws`: one normal and three
uniforms per firm and one exponential per tie and year), so their outputs
must agree: members, entries, exits and ties exactly, money to rounding.

Printed: the time of both on the same runs and the ratio (target >= 50x);
the time and peak memory of 10,000 runs x 300 firms x 11 years kept as
quantiles (targets < 60 s, < 4 GB); the same work on a Dask LocalCluster
with 2 workers.

Run::

    .venv/bin/python benchmarks/bench_simulation.py           # full sizes
    .venv/bin/python benchmarks/bench_simulation.py --quick   # small sizes
"""

from __future__ import annotations

import argparse
import math
import os
import resource
import time

import mesa
import numpy as np

from regiocluster import load_case
from regiocluster.simulation import (
    INDICATORS,
    MECHANISMS,
    Levers,
    ParameterDraw,
    Parameters,
    model_inputs,
)
from regiocluster.simulation.model import draws, run_batch
from regiocluster.simulation.montecarlo import quantile_frame, run_many

YEARS = 11
RATIO_TARGET = 50.0
SECONDS_TARGET = 60.0
MEMORY_TARGET_GB = 4.0
UTILISATION, WEAR_COST, WEAR_MODERNISE, MEMBER_MAX = 0.85, 0.2, 0.5, 0.9


class Firm(mesa.Agent):
    """One firm slot following the model's rules with scalars."""

    def __init__(self, model: ClusterModel, slot: int) -> None:
        super().__init__(model)
        x = model.x
        self.slot = slot
        self.alive = bool(x.alive[slot])
        self.output = float(x.output[slot]) if self.alive else 0.0
        self.last_output = self.output
        self.capacity = float(x.capacity[slot])
        self.productivity = float(x.output[slot] / x.employees[slot])
        self.wear = float(x.wear[slot])
        self.desired = 0.0

    def plan(self) -> None:
        """Desired output: demand, Gibrat shock, spillovers."""
        m, x, i, p = self.model, self.model.x, self.slot, self.model.p
        d = self.output
        sigma = p["growth_sd"]
        log_growth = m.log_growth[x.product[i], m.t]
        d *= np.exp(
            p["demand_elasticity"] * log_growth
            + sigma * np.float64(m.shocks[m.t, i])
            - sigma**2 / 2
        )
        district = x.district[i]
        d *= np.power((1 + m.counts[district]) / (1 + m.counts0[district]), p["spillover"])
        self.desired = d * self.alive

    def produce(self) -> None:
        """Produce up to capacity; invest against the gap."""
        p = self.model.p
        new = min(self.desired, self.capacity) * self.alive
        gap = max(self.desired / UTILISATION - self.capacity, 0.0)
        self.capacity += min(p["investment_response"], 1.0) * gap * self.alive
        self.last_output, self.output = self.output, new

    def maybe_exit(self) -> None:
        """Leave with a hazard falling in the margin."""
        m, x, i, p = self.model, self.model.x, self.slot, self.model.p
        if self.last_output > 0:
            pressure = np.log(max(self.desired, 1e-12) / self.last_output)
        else:
            pressure = 0.0
        margin = x.margin[i] + 0.0 + 0.5 * pressure - WEAR_COST * (self.wear - x.wear[i])
        hazard = min(p["exit_base"] * np.exp(-p["exit_margin"] * margin), 1.0)
        if self.alive and m.uniforms[m.t, i] < hazard:
            self.alive = False
            m.exits += 1
            m.left.add(i)
        self.output = self.output * self.alive

    def maybe_enter(self, chance: float) -> None:
        """An empty slot fills with its starting profile."""
        m, x, i = self.model, self.model.x, self.slot
        if not self.alive and m.uniforms[m.t, x.n_firms + i] < chance:
            self.alive = True
            m.entries += 1
            self.output = float(x.output[i])
            self.capacity = float(x.capacity[i])
            self.productivity = float(x.output[i] / x.employees[i])
            self.wear = float(x.wear[i])

    def modernise(self) -> None:
        """Wear, drift, and modernise when worn."""
        m, i, p = self.model, self.slot, self.model.p
        self.wear = min(self.wear + p["wear_rate"] * self.alive, 1.0)
        self.productivity = self.productivity * (1 + p["productivity_growth"])
        chance = p["modernisation_rate"] * (1 + p["support_effect"] * 0.0) * 1.0
        if (
            self.alive
            and self.wear > WEAR_MODERNISE
            and m.uniforms[m.t, 2 * m.x.n_firms + i] < chance
        ):
            self.wear = self.wear / 2
            self.productivity = self.productivity * (1 + p["modernisation_gain"] * 1.0)


class ClusterModel(mesa.Model):
    """The cluster with firm agents and a list of candidate ties (levers at zero)."""

    def __init__(self, x, params, shocks, uniforms, growth) -> None:
        super().__init__(seed=0)
        self.x, self.p = x, params
        self.shocks, self.uniforms, self.growth = shocks, uniforms, growth
        self.log_growth = np.log(growth)
        self.firms = [Firm(self, i) for i in range(x.n_firms)]
        self.ties = [
            bool(a) and self.firms[s].alive and self.firms[b].alive
            for a, s, b in zip(x.tie_active, x.tie_supplier, x.tie_buyer, strict=True)
        ]
        self.weight = (x.tie_propensity * np.exp(-x.tie_km / 60.0)).astype(np.float32)
        self.share = x.tie_share.astype(np.float32)
        self.counts0 = self._counts()
        self.t, self.consumption, self.import_share = 0, 1.0, x.import_share
        self.in_market = x.product < len(x.products) - 1
        self.domestic0 = float(((1 - x.export_share) * x.output)[self.in_market & x.alive].sum())
        self.rows = [self.indicators()]

    def _counts(self) -> np.ndarray:
        counts = np.zeros(len(self.x.districts))
        for f in self.firms:
            counts[self.x.district[f.slot]] += f.alive
        return counts

    def step(self) -> None:
        """One year, in the kernel's order."""
        self.entries = self.exits = 0
        self.left = set()
        self.consumption *= self.growth[-1, self.t]
        self.counts = self._counts()
        self.agents.do("plan")
        self.agents.do("produce")
        self.agents.do("maybe_exit")
        self._remove_ties_of_leavers()
        self._entry()
        self.agents.do("modernise")
        self._ties()
        self.rows.append(self.indicators())
        self.t += 1

    def _remove_ties_of_leavers(self) -> None:
        x = self.x
        for k, (s, b) in enumerate(zip(x.tie_supplier, x.tie_buyer, strict=True)):
            if self.ties[k] and (s in self.left or b in self.left):
                self.ties[k] = False

    def _entry(self) -> None:
        p = self.p
        alive = sum(f.alive for f in self.firms)
        expected = (
            p["entry_rate"]
            * alive
            * max(0.0, 1 + p["entry_demand"] * (self.growth[-1, self.t] - 1))
        )
        pool = sum(not f.alive for f in self.firms)
        chance = expected / pool if pool > 0 else 0.0
        for f in self.firms:
            f.maybe_enter(chance)

    def _ties(self) -> None:
        x, p, n = self.x, self.p, self.x.n_firms
        formation = np.float32(p["tie_formation"])
        decay = np.float32(-np.log1p(-min(p["tie_decay"], 1 - 1e-12)))
        for k, (s, b) in enumerate(zip(x.tie_supplier, x.tie_buyer, strict=True)):
            both = self.firms[s].alive and self.firms[b].alive
            draw = self.uniforms[self.t, 3 * n + k]
            if both and not self.ties[k]:
                self.ties[k] = bool(draw < formation * self.weight[k])
            elif self.ties[k]:
                self.ties[k] = both and not draw < decay

    def indicators(self) -> list[float]:
        """The kernel's indicators for this year."""
        x, firms = self.x, self.firms
        output = np.array([f.output for f in firms])
        purchases = x.purchase_ratio * output
        shares = np.zeros(x.n_firms)
        for k, b in enumerate(x.tie_buyer):
            shares[b] += self.share[k] * self.ties[k]
        scale = np.minimum(
            np.divide(MEMBER_MAX, shares, out=np.ones_like(shares), where=shares > 0), 1.0
        )
        sold = np.zeros(x.n_firms)
        for k, (s, b) in enumerate(zip(x.tie_supplier, x.tie_buyer, strict=True)):
            if self.ties[k]:
                sold[s] += self.share[k] * purchases[b] * scale[b]
        dependence = 100 * np.minimum(sold, output).sum() / purchases.sum()
        # levers at zero: the import share continues the last actual
        share = x.import_share
        return [
            sum(f.alive for f in firms),
            sum(f.output / f.productivity for f in firms),
            output.sum(),
            (x.export_share * output).sum(),
            dependence,
            100 * share,
            sum(self.ties),
            getattr(self, "entries", 0),
            getattr(self, "exits", 0),
        ]


def run_mesa(x, params, shocks, uniforms, growth) -> np.ndarray:
    """Run the Mesa model once per run; shape (runs, years + 1, indicators)."""
    out = []
    for r in range(len(shocks)):
        model = ClusterModel(x, params, shocks[r], uniforms[r], growth)
        for _ in range(shocks.shape[1]):
            model.step()
        out.append(model.rows)
    return np.array(out, dtype=float)


def shared_draws(x, runs: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    pairs = [
        draws(
            np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(r,))),
            x.n_firms,
            len(x.tie_supplier),
            YEARS,
        )
        for r in range(runs)
    ]
    return np.stack([a for a, _ in pairs]), np.stack([b for _, b in pairs])


def compare_with_mesa(x, runs: int) -> float:
    """Time both on the same runs, check the outputs agree, return the ratio."""
    params = Parameters(exit_base=0.03, entry_rate=0.03).as_dict()
    levers = Levers().as_dict()
    shocks, uniforms = shared_draws(x, runs)
    growth = x.demand_growth("base", np.arange(x.start_year + 1, x.start_year + YEARS + 1))
    cpu, start = time.process_time(), time.perf_counter()
    fast = run_batch(
        x,
        params={k: np.full(runs, v) for k, v in params.items()},
        levers={k: np.full(runs, v) for k, v in levers.items()},
        shocks=shocks,
        uniforms=uniforms,
        scenario="base",
        # the Mesa version implements every rule but the market's limit
        mechanisms=frozenset(MECHANISMS) - {"market"},
    )
    numpy_s, numpy_cpu = time.perf_counter() - start, time.process_time() - cpu
    cpu, start = time.process_time(), time.perf_counter()
    slow = run_mesa(x, params, shocks, uniforms, growth)
    mesa_s, mesa_cpu = time.perf_counter() - start, time.process_time() - cpu
    names = list(INDICATORS)
    for name in ("members", "supply_ties", "entries", "exits"):
        k = names.index(name)
        assert np.array_equal(fast[:, :, k], slow[:, :, k]), f"{name} differs"
    for name in ("employment", "output", "exports", "import_share"):
        k = names.index(name)
        assert np.allclose(fast[:, :, k], slow[:, :, k], rtol=1e-9), f"{name} differs"
    k = names.index("functional_dependence")
    assert np.allclose(fast[:, :, k], slow[:, :, k], rtol=1e-5), "functional dependence differs"
    ratio = mesa_s / numpy_s
    print(
        f"Same {runs} runs x {x.n_firms} firms x {YEARS} years, equal outputs "
        f"(members, ties, entries, exits exact; money rtol 1e-9):"
    )
    print(
        f"  Mesa {mesa.__version__}: {mesa_s:.2f} s   numpy: {numpy_s:.3f} s   "
        f"ratio {ratio:.0f}x (target >= {RATIO_TARGET:.0f}x: "
        f"{'met' if ratio >= RATIO_TARGET else 'MISSED'})"
    )
    print(
        f"  CPU time: Mesa {mesa_cpu:.2f} s, numpy {numpy_cpu:.3f} s, "
        f"ratio {mesa_cpu / max(numpy_cpu, 1e-9):.0f}x"
    )
    return ratio


def big_run(x, runs: int, client=None) -> tuple[float, object]:
    draw = ParameterDraw(base=Parameters())
    cpu = time.process_time()
    start = time.perf_counter()
    values = run_many(
        x,
        run_ids=np.arange(runs),
        seed=0,
        n_years=YEARS,
        scenario="base",
        draw=draw,
        levers=Levers().as_dict(),
        client=client,
        batch_size=250,
    )
    fan = quantile_frame(values, np.arange(x.start_year, x.start_year + YEARS + 1))
    big_run.cpu = time.process_time() - cpu
    return time.perf_counter() - start, fan


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes")
    args = parser.parse_args()
    load = os.getloadavg()[0]
    print(
        f"Machine: {os.cpu_count()} cores, load average {load:.1f} (shared; timings scale with it)"
    )
    case = load_case("leningrad")
    full = model_inputs(case, siting=False)
    # 240 of the case's live members and 60 empty slots for entrants
    live, empty = np.flatnonzero(full.alive)[:240], np.flatnonzero(~full.alive)[:60]
    x300 = full.select(np.r_[live, empty])
    print(
        f"Configuration: {x300.n_firms} firm slots ({int(x300.alive.sum())} live), "
        f"{len(x300.tie_supplier)} candidate ties, {YEARS} years, scenario base."
    )
    small = full.select(np.r_[live[:80], empty[:20]])
    compare_with_mesa(small, runs=10 if args.quick else 50)

    runs = 1000 if args.quick else 10_000
    seconds, fan = big_run(x300, runs)
    peak_gb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2
    scaled = "" if runs == 10_000 else f", scaled to 10,000: {seconds * 10_000 / runs:.0f} s"
    print(
        f"{runs:,} runs x {x300.n_firms} firms x {YEARS} years, local, quantiles kept: "
        f"{seconds:.1f} s (target < {SECONDS_TARGET:.0f} s{scaled}), "
        f"peak memory {peak_gb:.2f} GB (target < {MEMORY_TARGET_GB:.0f} GB)"
    )
    print(
        f"  CPU time of this process {big_run.cpu:.1f} s: the wall time on an otherwise idle "
        f"core (the load average above says how many processes shared the cores)"
    )
    median = fan[(fan["indicator"] == "members") & (fan["year"] == fan["year"].max())]["q50"].iloc[
        0
    ]
    print(f"  median members in the last year: {median:.0f}")

    from distributed import Client, LocalCluster

    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
        ) as cluster,
        Client(cluster) as client,
    ):
        workers = len(client.scheduler_info()["workers"])
        dask_seconds, dask_fan = big_run(x300, runs, client)
    same = dask_fan.equals(fan)
    print(
        f"Same {runs:,} runs on a Dask LocalCluster with {workers} workers: "
        f"{dask_seconds:.1f} s; quantiles identical to the local run: {same}"
    )
    if not same or not math.isfinite(dask_seconds):
        raise SystemExit("Dask result differs from the local run")


if __name__ == "__main__":
    main()
