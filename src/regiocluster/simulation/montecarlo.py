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
from regiocluster.simulation.calibrate import Calibration, calibrate
from regiocluster.simulation.inputs import ModelInputs, model_inputs
from regiocluster.simulation.levers import MECHANISMS, Levers
from regiocluster.simulation.model import INDICATORS
from regiocluster.simulation.runner import ParameterDraw, run_runs

__all__ = [
    "QUANTILES",
    "SimulationResult",
    "UnknownScenarioError",
    "prepare",
    "run_many",
    "simulate",
]

#: Quantiles kept for the fan charts.
QUANTILES = (0.05, 0.25, 0.5, 0.75, 0.95)
#: Runs kept in ``paths`` unless ``keep_paths``.
SAMPLE_PATHS = 100
DECREE_779_THRESHOLD = 20.0

_LABELS = {
    "members": ("Members", "Участники"),
    "employment": ("Employment", "Занятость"),
    "output": ("Output", "Выпуск"),
    "exports": ("Exports", "Экспорт"),
    "functional_dependence": (
        "Functional dependence (Decree 779)",
        "Функциональная зависимость (ПП 779)",
    ),
    "import_share": ("Import share of the market", "Доля импорта на рынке"),
    "supply_ties": ("Supply ties among members", "Связи поставок между участниками"),
}


class UnknownScenarioError(ValueError):
    """A scenario the case has no demand path for; the message names the valid ones."""


@dataclass(frozen=True)
class Prepared:
    """Inputs and parameter draw of a case, reusable across simulations."""

    inputs: ModelInputs
    calibration: Calibration
    case_name: str


_PREPARED: dict[tuple[int, int], tuple[Case, Prepared]] = {}


def prepare(case: Case, *, until: int = 2035, calibration: Calibration | None = None) -> Prepared:
    """Read the model inputs and calibrate on the whole history (cached per case object)."""
    key = (id(case), until)
    cached = _PREPARED.get(key)
    if cached is not None and calibration is None:
        return cached[1]
    prepared = Prepared(
        inputs=model_inputs(case, until=until),
        calibration=calibration if calibration is not None else calibrate(case),
        case_name=case.name,
    )
    if calibration is None:
        _PREPARED.clear()
        _PREPARED[key] = (case, prepared)
    return prepared


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


@dataclass(frozen=True)
class SimulationResult:
    """Monte Carlo paths of the cluster's indicators under one scenario and lever set.

    Attributes
    ----------
    case : str
    scenario : str
    levers : Levers
    years : tuple of int
        The start year (observed state) to ``until``.
    n_runs, seed : int
    mechanisms : tuple of str
        Mechanisms switched on.
    quantiles : DataFrame
        Fan-chart data: ``year``, ``indicator``, ``unit``, ``mean``, ``q05``,
        ``q25``, ``q50``, ``q75``, ``q95``.
    paths : DataFrame
        ``run``, ``year``, ``indicator``, ``value``: every run with
        ``keep_paths``, else the first :data:`SAMPLE_PATHS` runs (memory stays
        bounded; the quantiles cover all runs).
    decree_779 : DataFrame
        Per year: share of runs (%) whose functional dependence reaches the
        Decree 779 threshold of 20 %.
    parameters : DataFrame
        Calibrated parameters: ``parameter``, ``estimate``, ``std_error``.
    illustrative : bool
        True when synthetic inputs went in (the embedded case's enterprises).
    """

    case: str
    scenario: str
    levers: Levers
    years: tuple[int, ...]
    n_runs: int
    seed: int
    mechanisms: tuple[str, ...]
    quantiles: pd.DataFrame = field(repr=False)
    paths: pd.DataFrame = field(repr=False)
    decree_779: pd.DataFrame = field(repr=False)
    parameters: pd.DataFrame = field(repr=False)
    illustrative: bool = True

    @property
    def frames(self) -> dict[str, pd.DataFrame]:
        """The result's tables by name."""
        return {
            "quantiles": self.quantiles,
            "paths": self.paths,
            "decree_779": self.decree_779,
            "parameters": self.parameters,
        }

    def fan(self, indicator: str) -> pd.DataFrame:
        """Fan-chart data of one indicator, indexed by year."""
        if indicator not in INDICATORS:
            raise ValueError(f"unknown indicator {indicator!r}; valid: {', '.join(INDICATORS)}")
        return self.quantiles[self.quantiles["indicator"] == indicator].set_index("year")

    def median(self, indicator: str, year: int) -> float:
        """Median over runs of ``indicator`` in ``year``."""
        return float(self.fan(indicator).at[year, "q50"])

    def summary(self, lang: str = "en") -> str:
        """One paragraph on the final year: median and 90 % band of the headline indicators."""
        last = self.years[-1]
        parts = []
        for name in ("members", "employment", "output", "functional_dependence"):
            row = self.fan(name).loc[last]
            label = _LABELS[name][0 if lang == "en" else 1]
            parts.append(f"{label} {row['q50']:,.0f} ({row['q05']:,.0f}–{row['q95']:,.0f})")
        share = float(self.decree_779.set_index("year").at[last, "share_of_runs"])
        note = " Illustrative: synthetic enterprise data." if self.illustrative else ""
        if lang == "ru":
            note = " Иллюстрация: синтетические данные предприятий." if self.illustrative else ""
            return (
                f"Сценарий «{self.scenario}», {self.n_runs} прогонов, {last} г. "
                "(медиана и 90 % интервал): "
                + "; ".join(parts)
                + f". Порог ПП 779 (20 %) выполнен в {share:.0f} % прогонов.{note}"
            )
        return (
            f"Scenario {self.scenario!r}, {self.n_runs} runs, {last} (median and 90% band): "
            + "; ".join(parts)
            + f". Decree 779's 20% threshold met in {share:.0f}% of runs.{note}"
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form: settings, quantiles, the Decree 779 table and parameters."""
        return {
            "case": self.case,
            "scenario": self.scenario,
            "levers": self.levers.as_dict(),
            "years": list(self.years),
            "n_runs": self.n_runs,
            "seed": self.seed,
            "mechanisms": list(self.mechanisms),
            "illustrative": self.illustrative,
            "quantiles": self.quantiles.to_dict(orient="records"),
            "decree_779": self.decree_779.to_dict(orient="records"),
            "parameters": self.parameters.to_dict(orient="records"),
        }


def _check_scenario(inputs: ModelInputs, scenario: str) -> None:
    valid = [s for s in inputs.scenarios]
    if scenario not in valid:
        raise UnknownScenarioError(
            f"unknown scenario {scenario!r}; valid scenarios: {', '.join(valid)}"
        )


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

    Examples
    --------
    >>> from regiocluster import load_case
    >>> result = simulate(load_case("leningrad"), n_runs=100)  # doctest: +SKIP
    >>> result.median("members", 2035)  # doctest: +SKIP
    """
    mechanisms = frozenset(mechanisms)
    unknown = mechanisms - set(MECHANISMS)
    if unknown:
        raise ValueError(f"unknown mechanisms {sorted(unknown)}; valid: {', '.join(MECHANISMS)}")
    if n_runs < 1:
        raise ValueError(f"n_runs must be at least 1, got {n_runs}")
    prepared = prepare(case, until=until, calibration=calibration)
    inputs = prepared.inputs
    _check_scenario(inputs, scenario)
    if until <= inputs.start_year:
        raise ValueError(f"until={until} must be after the case's last year {inputs.start_year}")
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
    dependence = values[:, :, list(INDICATORS).index("functional_dependence")]
    decree = pd.DataFrame(
        {"year": years, "share_of_runs": 100 * np.mean(dependence >= DECREE_779_THRESHOLD, axis=0)}
    )
    return SimulationResult(
        case=prepared.case_name,
        scenario=scenario,
        levers=levers,
        years=tuple(int(y) for y in years),
        n_runs=n_runs,
        seed=seed,
        mechanisms=tuple(m for m in MECHANISMS if m in mechanisms),
        quantiles=quantile_frame(values, years),
        paths=_long(kept, years, runs[: len(kept)]),
        decree_779=decree,
        parameters=prepared.calibration.table(),
        illustrative=inputs.synthetic,
    )
