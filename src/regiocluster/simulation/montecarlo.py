"""Monte Carlo runs of the development model on a case: :func:`simulate` and its result.

Runs go in batches through :func:`~regiocluster.simulation.runner.run_runs`,
locally or, with ``client=`` (a :class:`distributed.Client`), on Dask
workers: one task per batch, gathered in run order. Each run's random
numbers come from its own ``SeedSequence`` child, so the result does not
depend on where a batch ran.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from regiocluster.case.load import Case
from regiocluster.errors import InvalidValueError
from regiocluster.result import Figure, Result
from regiocluster.simulation.calibrate import Calibration, calibrate
from regiocluster.simulation.inputs import ModelInputs, fingerprint, model_inputs, scenarios_of
from regiocluster.simulation.levers import MECHANISMS, Levers
from regiocluster.simulation.model import INDICATORS
from regiocluster.simulation.runner import ParameterDraw, run_runs

__all__ = [
    "INDICATOR_LABELS",
    "QUANTILES",
    "SimulationResult",
    "UnknownScenarioError",
    "check_scenario",
    "prepare",
    "run_many",
    "simulate",
]

#: Quantiles kept for the fan charts.
QUANTILES = (0.05, 0.25, 0.5, 0.75, 0.95)
#: Runs kept in ``paths`` unless ``keep_paths``.
SAMPLE_PATHS = 100
DECREE_779_THRESHOLD = 20.0
#: Tables the model reads (for the result's provenance).
_TABLES_READ = (
    "enterprises",
    "enterprise_finances",
    "enterprise_products",
    "supply_links",
    "market_balances",
    "demand_drivers",
    "material_intensities",
    "io_flows",
    "io_sectors",
    "sites",
    "support_measures",
)

_LABELS = {
    "members": ("Members", "Участники"),
    "employment": ("Employment", "Занятость"),
    "output": ("Output at base-year prices", "Выпуск в ценах базового года"),
    "exports": ("Exports at base-year prices", "Экспорт в ценах базового года"),
    "functional_dependence": (
        "Functional dependence (Decree 779)",
        "Функциональная зависимость (ПП 779)",
    ),
    "import_share": ("Import share of the market", "Доля импорта на рынке"),
    "supply_ties": ("Supply ties among members", "Связи поставок между участниками"),
}


#: Names of the indicators in English and Russian.
INDICATOR_LABELS = _LABELS


class UnknownScenarioError(InvalidValueError):
    """A scenario the case has no demand path for; the message names the valid ones."""


@dataclass(frozen=True)
class Prepared:
    """Inputs and parameter draw of a case, reusable across simulations."""

    inputs: ModelInputs
    calibration: Calibration
    case_name: str


_INPUTS: dict[tuple[str, int], ModelInputs] = {}
_CALIBRATIONS: dict[str, Calibration] = {}


def prepare(case: Case, *, until: int = 2035, calibration: Calibration | None = None) -> Prepared:
    """Read the model inputs and calibrate on the whole history.

    Both are cached by the content of the case's tables, so a second run on
    the same data (a new scenario, other levers) starts at once.
    """
    key = fingerprint(case)
    if (key, until) not in _INPUTS:
        _INPUTS.clear()
        _INPUTS[(key, until)] = model_inputs(case, until=until)
    if calibration is None:
        if key not in _CALIBRATIONS:
            _CALIBRATIONS.clear()
            _CALIBRATIONS[key] = calibrate(case)
        calibration = _CALIBRATIONS[key]
    return Prepared(inputs=_INPUTS[(key, until)], calibration=calibration, case_name=case.name)


def _batches(n_runs: int, size: int) -> list[np.ndarray]:
    return [np.arange(start, min(start + size, n_runs)) for start in range(0, n_runs, size)]


def run_many(
    inputs: ModelInputs,
    *,
    run_ids: np.ndarray,
    seed: int,
    n_years: int,
    scenario: str,
    draw: ParameterDraw,
    levers: Mapping[str, Any],
    overrides: Mapping[str, np.ndarray] | None = None,
    mechanisms: frozenset[str] = frozenset(MECHANISMS),
    client: Any = None,
    batch_size: int = 250,
    progress: Callable[[int, int], None] | None = None,
) -> np.ndarray:
    """Run rows ``run_ids`` in batches, locally or on a Dask client; rows in order.

    ``overrides`` and array-valued ``levers`` give one value per row.
    """
    rows = len(run_ids)
    chunks = _batches(rows, batch_size)
    kwargs = {
        "seed": seed,
        "n_years": n_years,
        "scenario": scenario,
        "draw": draw,
        "mechanisms": mechanisms,
    }

    def part(values: Mapping[str, Any] | None, chunk: np.ndarray) -> dict[str, Any]:
        return {k: (v[chunk] if np.ndim(v) else v) for k, v in (values or {}).items()}

    results: list[np.ndarray | None] = [None] * len(chunks)
    done = 0
    if client is None:
        for i, chunk in enumerate(chunks):
            results[i] = run_runs(
                inputs,
                run_ids=run_ids[chunk],
                levers=part(levers, chunk),
                overrides=part(overrides, chunk),
                **kwargs,
            )
            done += len(chunk)
            if progress is not None:
                progress(done, rows)
        return np.concatenate(results)
    from distributed import as_completed

    shared = client.scatter(inputs, broadcast=True)
    futures = {
        client.submit(
            run_runs,
            shared,
            run_ids=run_ids[chunk],
            levers=part(levers, chunk),
            overrides=part(overrides, chunk),
            pure=False,
            **kwargs,
        ): i
        for i, chunk in enumerate(chunks)
    }
    for future in as_completed(futures):
        i = futures[future]
        results[i] = future.result()
        done += len(chunks[i])
        if progress is not None:
            progress(done, rows)
    return np.concatenate(results)


def _long(values: np.ndarray, years: np.ndarray, runs: np.ndarray) -> pd.DataFrame:
    """Reshape runs × years × indicators to the long ``run, year, indicator, value`` frame."""
    n_runs, n_years, n_ind = values.shape
    return pd.DataFrame(
        {
            "run": np.repeat(runs, n_years * n_ind),
            "year": np.tile(np.repeat(years, n_ind), n_runs),
            "indicator": np.tile(list(INDICATORS), n_runs * n_years),
            "value": values.ravel(),
        }
    )


def quantile_frame(values: np.ndarray, years: np.ndarray) -> pd.DataFrame:
    """Fan-chart data: mean and :data:`QUANTILES` per year and indicator."""
    qs = np.nanquantile(values, QUANTILES, axis=0)
    frames = []
    for k, name in enumerate(INDICATORS):
        frame = pd.DataFrame({"year": years, "indicator": name, "unit": INDICATORS[name]})
        frame["mean"] = np.nanmean(values[:, :, k], axis=0)
        for q, row in zip(QUANTILES, qs[:, :, k], strict=True):
            frame[f"q{round(q * 100):02d}"] = row
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)


@dataclass(frozen=True, kw_only=True)
class SimulationResult(Result):
    """Monte Carlo paths of the cluster's indicators under one scenario and lever set.

    A :class:`~regiocluster.result.Result` named ``simulation.development``
    whose frames are:

    ``quantiles``
        Fan-chart data: ``year``, ``indicator``, ``unit``, ``mean``, ``q05``,
        ``q25``, ``q50``, ``q75``, ``q95``.
    ``decree_779``
        Per year: share of runs (%) whose functional dependence reaches the
        Decree 779 threshold of 20 %.
    ``parameters``
        Calibrated parameters: ``parameter``, ``estimate``, ``std_error``.
    ``paths``
        ``run``, ``year``, ``indicator``, ``value``: every run with
        ``keep_paths``, else the first :data:`SAMPLE_PATHS` runs (memory stays
        bounded; the quantiles cover all runs).

    Attributes
    ----------
    scenario : str
    levers : Levers
    years : tuple of int
        The start year (observed state) to ``until``.
    n_runs, seed : int
    mechanisms : tuple of str
        Mechanisms switched on.
    """

    scenario: str = "base"
    levers: Levers = field(default_factory=Levers)
    years: tuple[int, ...] = ()
    n_runs: int = 0
    seed: int = 0
    mechanisms: tuple[str, ...] = MECHANISMS

    @property
    def quantiles(self) -> pd.DataFrame:
        """Fan-chart data of every indicator."""
        return self.frames["quantiles"]

    @property
    def paths(self) -> pd.DataFrame:
        """Runs' paths (long format)."""
        return self.frames["paths"]

    @property
    def decree_779(self) -> pd.DataFrame:
        """Share of runs meeting the Decree 779 threshold, per year."""
        return self.frames["decree_779"]

    @property
    def parameters(self) -> pd.DataFrame:
        """The calibrated parameters with their standard errors."""
        return self.frames["parameters"]

    def fan(self, indicator: str) -> pd.DataFrame:
        """Fan-chart data of one indicator, indexed by year."""
        if indicator not in INDICATORS:
            raise InvalidValueError("indicator", indicator, INDICATORS)
        return self.quantiles[self.quantiles["indicator"] == indicator].set_index("year")

    def median(self, indicator: str, year: int) -> float:
        """Median over runs of ``indicator`` in ``year``."""
        return float(self.fan(indicator).at[year, "q50"])


#: Headline units of the Result convention: (unit, factor from the quantile frame's unit).
FIGURE_UNITS = {
    "members": ("count", 1.0),
    "employment": ("persons", 1.0),
    "output": ("mln_rub", 1.0),
    "exports": ("mln_rub", 1.0),
    "functional_dependence": ("share", 0.01),
    "import_share": ("share", 0.01),
}


def indicator_figure(quantiles: pd.DataFrame, name: str, year: int, q: str = "q50") -> Figure:
    """Return one quantile of an indicator in a year as a headline :class:`Figure`."""
    words = {"q50": ("median", "медиана"), "q05": ("5th percentile", "5-й процентиль")}
    words["q95"] = ("95th percentile", "95-й процентиль")
    row = quantiles[(quantiles["year"] == year) & (quantiles["indicator"] == name)]
    unit, factor = FIGURE_UNITS[name]
    en, ru = _LABELS[name]
    return Figure(
        f"{name}_{year}_{q}",
        float(row[q].iloc[0]) * factor,
        unit,
        f"{en}, {year}, {words[q][0]} of the runs",
        f"{ru}, {year}, {words[q][1]} прогонов",
    )


def decree_figure(decree: pd.DataFrame, year: int) -> Figure:
    """Return the share of runs meeting the Decree 779 threshold in ``year``."""
    share = float(decree.set_index("year").at[year, "share_of_runs"]) / 100
    return Figure(
        f"decree_779_met_{year}",
        share,
        "share",
        f"Share of runs meeting Decree 779's 20% functional dependence in {year}",
        f"Доля прогонов с функциональной зависимостью не ниже 20 % (ПП 779) в {year} г.",
    )


def _figures(quantiles: pd.DataFrame, decree: pd.DataFrame, year: int) -> tuple[Figure, ...]:
    figures = [
        indicator_figure(quantiles, name, year, q)
        for name in FIGURE_UNITS
        for q in ("q50", "q05", "q95")
    ]
    return (*figures, decree_figure(decree, year))


def _sentences(scenario: str, n_runs: int, quantiles: pd.DataFrame, share: float, year: int):
    last = quantiles[quantiles["year"] == year].set_index("indicator")
    out = {}
    for lang in ("en", "ru"):
        parts = []
        for name in ("members", "employment", "output", "functional_dependence"):
            label = _LABELS[name][0 if lang == "en" else 1]
            row = last.loc[name]
            parts.append(f"{label} {row['q50']:,.0f} ({row['q05']:,.0f}–{row['q95']:,.0f})")
        if lang == "en":
            out[lang] = (
                f"Scenario {scenario!r}, {n_runs} runs, {year} (median and 90% band): "
                + "; ".join(parts)
                + ".",
                f"Decree 779's 20% threshold is met in {share:.0f}% of runs.",
            )
        else:
            out[lang] = (
                f"Сценарий «{scenario}», {n_runs} прогонов, {year} г. (медиана и 90 % интервал): "
                + "; ".join(parts)
                + ".",
                f"Порог ПП 779 (20 %) выполнен в {share:.0f} % прогонов.",
            )
    return out


def check_scenario(case: Case, scenario: str) -> None:
    """Raise :class:`UnknownScenarioError` unless ``case`` has demand paths for ``scenario``."""
    valid = scenarios_of(case)
    if scenario not in valid:
        raise UnknownScenarioError("scenario", scenario, valid)


def simulate(
    case: Case,
    *,
    scenario: str = "base",
    until: int = 2035,
    n_runs: int = 1000,
    levers: Levers | None = None,
    seed: int = 0,
    client: Any = None,
    keep_paths: bool = False,
    mechanisms: Iterable[str] = MECHANISMS,
    calibration: Calibration | None = None,
    batch_size: int = 250,
    progress: Callable[[int, int], None] | None = None,
) -> SimulationResult:
    """Simulate the cluster's development from the case's last year to ``until``.

    Parameters
    ----------
    case : Case
    scenario : str, keyword-only
        Demand scenario of the market package (``base``, ``optimistic``,
        ``pessimistic``, or ``actual`` for the observed history held flat).
    until : int, keyword-only
        Last simulated year.
    n_runs : int, keyword-only
        Monte Carlo runs; each draws its own parameters from the calibration.
    levers : Levers, optional, keyword-only
        Policy levers (default: none beyond today's).
    seed : int, keyword-only
        Run ``i`` uses ``SeedSequence(seed).spawn(n_runs)[i]``.
    client : distributed.Client, optional, keyword-only
        Spread batches of runs over Dask workers; the result is identical.
    keep_paths : bool, keyword-only
        Keep every run's path in ``paths`` (else a sample of 100 runs).
    mechanisms : iterable of str, keyword-only
        Mechanisms switched on (:data:`~regiocluster.simulation.MECHANISMS`).
    calibration : Calibration, optional, keyword-only
        Use this calibration instead of calibrating on the whole history.
    batch_size : int, keyword-only
        Runs per batch (per Dask task).
    progress : callable, optional, keyword-only
        Called as ``progress(done, total)`` after every batch.

    Returns
    -------
    SimulationResult

    Raises
    ------
    UnknownScenarioError
        If the case has no demand path named ``scenario``.

    """
    mechanisms = _checked(case, scenario, mechanisms, n_runs)
    prepared = prepare(case, until=until, calibration=calibration)
    inputs = prepared.inputs
    if until <= inputs.start_year:
        raise InvalidValueError(
            "until", until, reason=f"must be after the case's year {inputs.start_year}"
        )
    levers = levers or Levers()
    runs = np.arange(n_runs)
    values = run_many(
        inputs,
        run_ids=runs,
        seed=seed,
        n_years=until - inputs.start_year,
        scenario=scenario,
        draw=prepared.calibration.draw(),
        levers=levers.as_dict(),
        mechanisms=mechanisms,
        client=client,
        batch_size=batch_size,
        progress=progress,
    )
    years = np.arange(inputs.start_year, until + 1)
    kept = values if keep_paths else values[:SAMPLE_PATHS]
    return _result(case, prepared, values, kept, years, scenario, levers, seed, mechanisms)


def _checked(case: Case, scenario: str, mechanisms: Iterable[str], n_runs: int) -> frozenset[str]:
    """Validate the options before any heavy work; return the mechanisms as a set."""
    check_scenario(case, scenario)
    mechanisms = frozenset(mechanisms)
    unknown = mechanisms - set(MECHANISMS)
    if unknown:
        raise InvalidValueError("mechanism", sorted(unknown)[0], MECHANISMS)
    if n_runs < 1:
        raise InvalidValueError("number of runs", n_runs, reason="must be at least 1")
    return mechanisms


def _result(case, prepared, values, kept, years, scenario, levers, seed, mechanisms):
    """Assemble the :class:`SimulationResult` from the runs' indicators."""
    n_runs = len(values)
    dependence = values[:, :, list(INDICATORS).index("functional_dependence")]
    decree = pd.DataFrame(
        {"year": years, "share_of_runs": 100 * np.mean(dependence >= DECREE_779_THRESHOLD, axis=0)}
    )
    quantiles = quantile_frame(values, years)
    last = int(years[-1])
    share = float(decree["share_of_runs"].iloc[-1])
    options = {
        "scenario": scenario,
        "n_runs": n_runs,
        "seed": seed,
        "levers": levers.as_dict(),
        "mechanisms": sorted(mechanisms),
        "until": last,
    }
    return SimulationResult(
        name="simulation.development",
        frames={
            "quantiles": quantiles,
            "decree_779": decree,
            "parameters": prepared.calibration.table(),
            "paths": _long(kept, years, np.arange(len(kept))),
        },
        figures=_figures(quantiles, decree, last),
        sentences=_sentences(scenario, n_runs, quantiles, share, last),
        provenance=case.provenance(*_TABLES_READ),
        year=last,
        options=options,
        scenario=scenario,
        levers=levers,
        years=tuple(int(y) for y in years),
        n_runs=n_runs,
        seed=seed,
        mechanisms=tuple(m for m in MECHANISMS if m in mechanisms),
    )
