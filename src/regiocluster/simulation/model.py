r"""The firm-level kernel of the cluster development model, vectorised over runs.

Every state variable is an array shaped ``(runs, firms)`` (ties:
``(runs, ties)``), and a year is a handful of numpy operations on them, so
thousands of Monte Carlo runs advance together. The rules follow the
evolutionary models of localised industrial clusters (Brenner 2001):
firms grow with their market and with the number of firms around them,
enter when demand grows, exit when margins fall, and knit supply ties with
complementary neighbours. Each year, in this order:

1. **Growth** (``growth``). A firm's desired output follows its product's
   demand with elasticity :math:`\beta` and a Gibrat shock,

   .. math:: y^*_{i,t} = y_{i,t-1}\, g_{p(i),t}^{\beta}\,
             e^{\sigma \varepsilon_{i,t} - \sigma^2/2}\,
             \left(\frac{1 + n_{d(i),t-1}}{1 + n_{d(i),0}}\right)^{\gamma}

   where the last factor (``spillovers``) is the local milieu: the firms
   :math:`n_d` in the firm's district (Brenner 2001). Priority
   producers add the import share they are helped to take over
   (lever ``import_substitution_pct``). Output is capped by capacity.
2. **Investment** (``investment``). A share :math:`\iota` of the gap between
   the capacity the desired output needs at 85 % utilisation and today's
   capacity is built, available next year; joint infrastructure raises
   :math:`\iota` by ``infrastructure_effect`` per bn RUB a year.
3. **Exit** (``exit``). Hazard :math:`h_0 e^{-\kappa m_{i,t}}` with the margin
   :math:`m_{i,t}` = the firm's historic margin + support per unit of output
   + half the log gap between desired and last output − 0.2 × the rise of
   its asset wear.
4. **Entry** (``entry``). New firms are spun off the live ones (Brenner
   2001): :math:`\lambda n_t \max(0, 1 + \eta (g_t - 1))` are expected a
   year, :math:`n_t` the live firms and :math:`g_t` the market's demand
   growth, each empty firm slot (a potential entrant, or the place of a
   firm that left) filling with that number over the empty slots; a new
   firm starts with the slot's profile and no ties.
5. **Modernisation** (``modernisation``). Wear rises by ``wear_rate``; a firm
   with wear above 0.5 modernises with probability ``modernisation_rate``
   (raised by support and the test site), halving its wear and raising its
   productivity by ``modernisation_gain``. Productivity also drifts by
   ``productivity_growth``; employment is output over productivity.
6. **Ties** (``ties``). A candidate tie between two live firms forms with
   hazard :math:`\tau c_k e^{-d_k/d_0}` (:math:`d_0` = 60 km) plus its
   share of the year's B2B meetings times their conversion, and an existing
   one ends with probability ``tie_decay``. Ties never outlive a firm. Each
   tie carries a fixed share of the buyer's purchases, cut so a buyer buys
   at most 90 % of its purchases from members and a supplier sells at most
   its output; functional dependence (Decree 779) is the ties' flows over
   the members' purchases.

**The market's limit** (``market``). The members cannot
sell the territory more than it buys. The import share :math:`s_t`
continues the last actual, :math:`s_0`, unless the import-substitution
lever takes a share :math:`\theta` of the priority imports (their share
:math:`\pi` of all imports) each year: :math:`s_t = s_{t-1}(1 - \theta\pi)`.
Local producers can then sell :math:`L^*_t = (1 - s_t) C_t`, :math:`C_t` the
territory's consumption (the market package's demand scenario). The
members' domestic sales :math:`Y^d` of market products may grow at most to
their share :math:`\phi` of local production's worth of it,
:math:`Y^d_t \le Y^d_0 L^*_t / (\phi L^*_0)` (with :math:`\phi = 1`, today's
data, they keep at most today's share: growth beyond the market is taken
from other members, not from imports); members outside the market's
products may grow at most with the whole market. Where the desired sales
are above the limit, every firm of the group is scaled down by the same
factor, its exports with it (exports keep the firm's export share: the case
has no forecast of foreign demand), so output never exceeds the territory's
demand plus the exports, and capacity is invested only for sales the
market can take.

Random numbers are drawn per run in a fixed layout (:func:`draws`): one
normal and three uniforms per firm slot and one exponential per candidate
tie and year, so another implementation (the Mesa benchmark) can share
them exactly.

References
----------
.. [1] Brenner, T. (2001). Simulating the evolution of localised industrial
   clusters: an identification of the basic mechanisms. Journal of
   Artificial Societies and Social Simulation, 4(3), 4.
.. [2] Jovanovic, B. (1982). Selection and the evolution of industry.
   Econometrica, 50(3), 649-670.
.. [3] Giuliani, E. (2007). The selective nature of knowledge networks in
   clusters. Journal of Economic Geography, 7(2), 139-168.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from regiocluster.simulation.inputs import DISTANCE_KM, ModelInputs
from regiocluster.simulation.levers import MECHANISMS

__all__ = ["INDICATORS", "State", "draws", "run_batch", "tie_flows"]

#: Indicators reported per run and year, with their units.
INDICATORS = {
    "members": "firms",
    "employment": "persons",
    "output": "million RUB (start-year prices)",
    "exports": "million RUB (start-year prices)",
    "functional_dependence": "% of members' purchases",
    "import_share": "% of the market's consumption",
    "supply_ties": "ties",
    "entries": "firms a year",
    "exits": "firms a year",
}

_UTILISATION = 0.85
_WEAR_COST = 0.2
_WEAR_MODERNISE = 0.5
_MEMBER_PURCHASES_MAX = 0.9


def draws(
    rng: np.random.Generator, n_firms: int, n_ties: int, n_years: int
) -> tuple[np.ndarray, np.ndarray]:
    """One run's random numbers in the kernel's layout.

    Returns
    -------
    (ndarray, ndarray)
        Growth shocks, standard normal, shape ``(years, firms)``; then
        shape ``(years, 3 * firms + ties)``: uniforms for exit, entry and
        modernisation (one block of ``firms`` each), then standard
        exponentials for the ties. Single precision halves the memory.
    """
    shocks = rng.standard_normal((n_years, n_firms), dtype=np.float32)
    uniforms = rng.random((n_years, 3 * n_firms), dtype=np.float32)
    exponentials = rng.standard_exponential((n_years, n_ties), dtype=np.float32)
    return shocks, np.concatenate([uniforms, exponentials], axis=1)


@dataclass
class State:
    """The mutable state of a batch of runs, arrays shaped ``(runs, firms)`` or ``(runs, ties)``."""

    alive: np.ndarray
    output: np.ndarray
    capacity: np.ndarray
    productivity: np.ndarray
    wear: np.ndarray
    ties: np.ndarray
    import_share: np.ndarray
    last_output: np.ndarray
    entries: np.ndarray
    exits: np.ndarray

    @classmethod
    def start(cls, inputs: ModelInputs, runs: int) -> State:
        """Return the start-year state repeated over ``runs``."""
        alive = np.broadcast_to(inputs.alive, (runs, inputs.n_firms)).copy()
        tile = lambda a: np.broadcast_to(a, (runs, a.shape[0])).copy()  # noqa: E731
        return cls(
            alive=alive,
            output=tile(inputs.output) * alive,
            capacity=tile(inputs.capacity),
            productivity=tile(inputs.output / inputs.employees),
            wear=tile(inputs.wear),
            ties=tile(inputs.tie_active)
            & alive[:, inputs.tie_supplier]
            & alive[:, inputs.tie_buyer],
            import_share=np.full(runs, inputs.import_share),
            last_output=tile(inputs.output) * alive,
            entries=np.zeros(runs),
            exits=np.zeros(runs),
        )


class _Segments:
    """Sums of per-tie values onto firms by ``np.add.reduceat`` over ties grouped by firm."""

    def __init__(self, keys: np.ndarray, n: int) -> None:
        order = np.argsort(keys, kind="stable")
        self.order = None if np.array_equal(order, np.arange(len(keys))) else order
        ordered = keys[order]
        self.starts = (
            np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
            if len(keys)
            else np.zeros(0, int)
        )
        self.present = ordered[self.starts] if len(keys) else np.zeros(0, int)
        self.n = n

    def sum(self, values: np.ndarray) -> np.ndarray:
        """Sum ``values`` (runs, ties) per firm, shape (runs, firms)."""
        out = np.zeros((values.shape[0], self.n), dtype=values.dtype)
        if len(self.starts):
            ordered = values if self.order is None else values[:, self.order]
            out[:, self.present] = np.add.reduceat(ordered, self.starts, axis=1)
        return out


class _Structure:
    """Fixed arrays derived from the inputs once per batch."""

    def __init__(self, inputs: ModelInputs) -> None:
        n = inputs.n_firms
        self.by_buyer = _Segments(inputs.tie_buyer, n)
        self.by_supplier = _Segments(inputs.tie_supplier, n)
        self.district = np.zeros((n, len(inputs.districts)))
        self.district[np.arange(n), inputs.district] = 1.0
        self.in_market = inputs.product < len(inputs.products) - 1
        self.tie_weight = (inputs.tie_propensity * np.exp(-inputs.tie_km / DISTANCE_KM)).astype(
            np.float32
        )
        self.propensity = inputs.tie_propensity.astype(np.float32)
        self.share = inputs.tie_share.astype(np.float32)
        domestic = (1 - inputs.export_share) * inputs.output
        self.domestic0 = float(domestic[self.in_market & inputs.alive].sum())
        self.domestic0_other = float(domestic[~self.in_market & inputs.alive].sum())


def run_batch(
    inputs: ModelInputs,
    *,
    params: Mapping[str, np.ndarray],
    levers: Mapping[str, np.ndarray],
    shocks: np.ndarray,
    uniforms: np.ndarray,
    scenario: str,
    mechanisms: frozenset[str] = frozenset(MECHANISMS),
    state: State | None = None,
) -> np.ndarray:
    """Advance a batch of runs year by year from ``inputs.start_year``.

    Parameters
    ----------
    inputs : ModelInputs
    params, levers : mapping of str to ndarray, shape (runs,), keyword-only
        One value per run for every :class:`~regiocluster.simulation.Parameters`
        and :class:`~regiocluster.simulation.Levers` field.
    shocks, uniforms : ndarray, keyword-only
        Stacked :func:`draws` of the runs, shapes ``(runs, years, firms)``
        and ``(runs, years, 3 * firms + ties)``.
    scenario : str, keyword-only
        Demand scenario (a key of ``inputs.demand``).
    mechanisms : frozenset of str, keyword-only
        Mechanisms switched on (:data:`~regiocluster.simulation.MECHANISMS`).
    state : State, optional, keyword-only
        Start from this state (default: the inputs' start year); it is
        advanced in place, so tests can inspect the final state.

    Returns
    -------
    ndarray, shape (runs, years + 1, len(INDICATORS))
        Indicators per run and year, the start year first.
    """
    runs, n_years, n = shocks.shape
    state = state if state is not None else State.start(inputs, runs)
    fixed = _Structure(inputs)
    years = np.arange(inputs.start_year + 1, inputs.start_year + n_years + 1)
    growth = inputs.demand_growth(scenario, years)
    p = {k: np.asarray(v, dtype=float)[:, None] for k, v in params.items()}
    lv = {k: np.asarray(v, dtype=float)[:, None] for k, v in levers.items()}
    out = np.empty((runs, n_years + 1, len(INDICATORS)))
    counts0 = state.alive @ fixed.district
    consumption = np.ones(runs)
    out[:, 0] = _indicators(inputs, fixed, state)
    for t in range(n_years):
        u_exit, u_entry, u_mod = (uniforms[:, t, i * n : (i + 1) * n] for i in range(3))
        state.entries, state.exits = np.zeros(runs), np.zeros(runs)
        consumption = consumption * growth[-1, t]
        desired = _desired(
            inputs, fixed, state, p, lv, shocks[:, t], growth[:, t], counts0, mechanisms
        )
        _import_share(inputs, state, lv)
        if "market" in mechanisms:
            desired = _demand_cap(inputs, fixed, state, desired, consumption)
        support = _support_share(inputs, state, lv)
        _market(inputs, state, p, lv, desired, mechanisms)
        _exit(inputs, state, p, desired, support, u_exit, mechanisms)
        _entry(inputs, state, p, growth[-1, t], u_entry, mechanisms)
        # entrants take their sales from the incumbents, not beyond the market
        if "market" in mechanisms:
            state.output = _demand_cap(inputs, fixed, state, state.output, consumption)
        _modernise(inputs, state, p, lv, support, u_mod, mechanisms)
        _ties(inputs, fixed, state, p, lv, uniforms[:, t, 3 * n :], mechanisms)
        out[:, t + 1] = _indicators(inputs, fixed, state)
    return out


def _desired(inputs, fixed, state, p, lv, shock, growth, counts0, mechanisms) -> np.ndarray:
    """Desired output: demand, Gibrat shock, local spillovers, import substitution."""
    desired = state.output.copy()
    if "growth" in mechanisms:
        sigma = p["growth_sd"]
        log_growth = np.log(growth)[inputs.product]
        desired *= np.exp(p["demand_elasticity"] * log_growth + sigma * shock - sigma**2 / 2)
    if "spillovers" in mechanisms:
        ratio = (1 + state.alive @ fixed.district) / (1 + counts0)
        desired *= (ratio ** p["spillover"])[:, inputs.district]
    take = lv["import_substitution_pct"] / 100
    if np.any(take > 0):
        priority = state.output * inputs.priority
        base = priority.sum(axis=1, keepdims=True)
        imports = state.import_share[:, None] * inputs.consumption * inputs.priority_imports
        desired += np.divide(
            take * imports * priority, base, out=np.zeros_like(priority), where=base > 0
        )
    return desired * state.alive


def _import_share(inputs, state, lv) -> None:
    """Continue the last actual import share, less what the import-substitution lever takes."""
    take = lv["import_substitution_pct"][:, 0] / 100
    state.import_share = np.clip(state.import_share * (1 - take * inputs.priority_imports), 0, 1)


def _demand_cap(inputs, fixed, state, desired, consumption) -> np.ndarray:
    """Scale (desired) output down so domestic sales stay within the territory's demand.

    ``consumption`` is the territory's consumption relative to the start
    year; the members' domestic sales of market products may reach
    ``domestic0 / member_share`` times the growth of what local producers can
    sell, the other members' sales grow at most with the whole market.
    """
    local = consumption * (1 - state.import_share) / max(1 - inputs.import_share, 1e-12)
    limits = (
        (fixed.in_market, fixed.domestic0 / max(inputs.member_share, 1e-12) * local),
        (~fixed.in_market, fixed.domestic0_other * consumption),
    )
    desired = desired.copy()
    domestic = (1 - inputs.export_share) * desired
    for group, limit in limits:
        wanted = domestic[:, group].sum(axis=1)
        factor = np.minimum(np.divide(limit, wanted, out=np.ones_like(wanted), where=wanted > 0), 1)
        desired[:, group] *= factor[:, None]
    return desired


def _support_share(inputs, state, lv) -> np.ndarray:
    """Support per unit of output of each eligible live firm, shape (runs, firms)."""
    eligible = state.output * inputs.eligible * state.alive
    base = eligible.sum(axis=1, keepdims=True)
    share = np.divide(lv["support_mrub"], base, out=np.zeros_like(base), where=base > 0)
    return share * inputs.eligible


def _market(inputs, state, p, lv, desired, mechanisms) -> None:
    """Produce up to capacity; invest against the capacity gap (ready next year)."""
    new_output = np.minimum(desired, state.capacity) * state.alive
    if "investment" in mechanisms:
        response = p["investment_response"] * (
            1 + p["infrastructure_effect"] * lv["infrastructure_mrub"] / 1000
        )
        gap = np.maximum(desired / _UTILISATION - state.capacity, 0.0)
        state.capacity += np.minimum(response, 1.0) * gap * state.alive
    state.last_output = state.output
    state.output = new_output


def _exit(inputs, state, p, desired, support, u_exit, mechanisms) -> None:
    """Firms leave with a hazard falling in their margin; their ties go with them."""
    if "exit" not in mechanisms:
        return
    with np.errstate(divide="ignore", invalid="ignore"):
        pressure = np.where(
            state.last_output > 0, np.log(np.maximum(desired, 1e-12) / state.last_output), 0.0
        )
    margin = inputs.margin + support + 0.5 * pressure - _WEAR_COST * (state.wear - inputs.wear)
    hazard = np.minimum(p["exit_base"] * np.exp(-p["exit_margin"] * margin), 1.0)
    leaving = state.alive & (u_exit < hazard)
    state.exits = leaving.sum(axis=1)
    state.alive &= ~leaving
    state.ties &= ~(leaving[:, inputs.tie_supplier] | leaving[:, inputs.tie_buyer])
    state.output = state.output * state.alive


def _entry(inputs, state, p, market_growth, u_entry, mechanisms) -> None:
    """Potential entrants enter, in number proportional to the live firms and demand growth."""
    if "entry" not in mechanisms:
        return
    dormant = ~state.alive
    expected = p["entry_rate"] * state.alive.sum(axis=1, keepdims=True)
    expected = expected * np.maximum(0.0, 1 + p["entry_demand"] * (market_growth - 1))
    pool = dormant.sum(axis=1, keepdims=True)
    chance = np.divide(expected, pool, out=np.zeros_like(expected), where=pool > 0)
    joining = dormant & (u_entry < chance)
    state.entries = joining.sum(axis=1)
    state.alive |= joining
    state.output = np.where(joining, inputs.output, state.output)
    state.capacity = np.where(joining, inputs.capacity, state.capacity)
    state.productivity = np.where(joining, inputs.output / inputs.employees, state.productivity)
    state.wear = np.where(joining, inputs.wear, state.wear)


def _modernise(inputs, state, p, lv, support, u_mod, mechanisms) -> None:
    """Assets wear; worn firms modernise (support and the test site help); productivity drifts."""
    state.wear = np.minimum(state.wear + p["wear_rate"] * state.alive, 1.0)
    state.productivity = state.productivity * (1 + p["productivity_growth"])
    if "modernisation" not in mechanisms:
        return
    boost = 1 + p["test_site_effect"] * lv["test_site"]
    chance = p["modernisation_rate"] * (1 + p["support_effect"] * support) * boost
    doing = state.alive & (state.wear > _WEAR_MODERNISE) & (u_mod < chance)
    state.wear = np.where(doing, state.wear / 2, state.wear)
    state.productivity = np.where(
        doing, state.productivity * (1 + p["modernisation_gain"] * boost), state.productivity
    )


def _ties(inputs, fixed, state, p, lv, e_tie, mechanisms) -> None:
    """Ties form by complementarity, distance and matchmaking, and decay; none outlives a firm.

    ``e_tie`` are standard exponential draws: an event with hazard ``h``
    happens when the draw is below ``h`` (probability ``1 - exp(-h)``).
    """
    both = state.alive[:, inputs.tie_supplier] & state.alive[:, inputs.tie_buyer]
    if "ties" in mechanisms:
        open_ = both & ~state.ties
        hazard = p["tie_formation"].astype(np.float32) * fixed.tie_weight
        meetings = (lv["matchmaking_meetings"] * p["meeting_conversion"])[:, 0]
        if np.any(meetings > 0):
            pool = (open_ * fixed.propensity).sum(axis=1)
            match = np.divide(meetings, pool, out=np.zeros_like(meetings), where=pool > 0)
            hazard += match.astype(np.float32)[:, None] * fixed.propensity
        forming = open_ & (e_tie < hazard)
        decay = (-np.log1p(-np.minimum(p["tie_decay"], 1 - 1e-12))).astype(np.float32)
        ending = state.ties & (e_tie < decay)
        state.ties = (state.ties & ~ending) | forming
    state.ties &= both


def tie_flows(inputs: ModelInputs, state: State) -> np.ndarray:
    """Value of each tie's flow, shape (runs, ties), mln RUB.

    A tie carries its share of the buyer's purchases; the shares are cut so a
    buyer buys at most 90 % of its purchases from members and a supplier
    sells members at most its output.
    """
    fixed = _Structure(inputs)
    carried = _carried(inputs, fixed, state).astype(float)
    outflow = fixed.by_supplier.sum(carried)
    cap = np.divide(state.output, outflow, out=np.ones_like(outflow), where=outflow > 0)
    return carried * np.minimum(cap, 1.0)[:, inputs.tie_supplier]


def _carried(inputs, fixed, state) -> np.ndarray:
    """Flows before the suppliers' limit: tie share × buyer's purchases, buyers capped at 90 %."""
    shares = state.ties * fixed.share
    total = fixed.by_buyer.sum(shares).astype(float)
    scale = np.minimum(
        np.divide(_MEMBER_PURCHASES_MAX, total, out=np.ones_like(total), where=total > 0), 1.0
    )
    # single precision: flows only feed the dependence indicator, never the state
    buying = (inputs.purchase_ratio * state.output * scale).astype(np.float32)
    return shares * buying[:, inputs.tie_buyer]


def _member_purchases(inputs, fixed, state) -> np.ndarray:
    """Total of :func:`tie_flows` per run, without building the capped flows."""
    outflow = fixed.by_supplier.sum(_carried(inputs, fixed, state)).astype(float)
    return np.minimum(outflow, state.output).sum(axis=1)


def _indicators(inputs, fixed, state) -> np.ndarray:
    """Return the yearly indicators of every run, shape (runs, len(INDICATORS))."""
    output = state.output
    purchases = (inputs.purchase_ratio * output).sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        dependence = np.where(
            purchases > 0, 100 * _member_purchases(inputs, fixed, state) / purchases, np.nan
        )
    return np.column_stack(
        [
            state.alive.sum(axis=1),
            (output / state.productivity).sum(axis=1),
            output.sum(axis=1),
            (inputs.export_share * output).sum(axis=1),
            dependence,
            100 * state.import_share,
            state.ties.sum(axis=1),
            state.entries,
            state.exits,
        ]
    )
