"""Runs of the kernel with per-run seeds, per-run parameter draws and batches.

Run ``i`` of a simulation with seed ``s`` draws all its random numbers from
``numpy.random.SeedSequence(s, spawn_key=(i,))`` -- the ``i``-th child of
``SeedSequence(s).spawn(n)`` -- first its parameter draw, then the kernel's
shocks (:func:`~regiocluster.simulation.model.draws`). So a run's path
depends on its seed and index only, never on which batch or Dask worker
computes it, and the local and distributed results are identical.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from regiocluster.simulation.inputs import ModelInputs
from regiocluster.simulation.levers import MECHANISMS, PARAMETER_BOUNDS, Parameters
from regiocluster.simulation.model import draws, run_batch

__all__ = ["ParameterDraw", "run_runs"]


@dataclass(frozen=True)
class ParameterDraw:
    """How a run's parameters are drawn: a point estimate plus correlated normal noise.

    Attributes
    ----------
    base : Parameters
        Values of every parameter (the calibrated ones at their estimate).
    names : tuple of str
        The uncertain (calibrated) parameters.
    cholesky : ndarray, shape (len(names), len(names))
        Lower Cholesky factor of their covariance; zeros for no uncertainty.
    """

    base: Parameters
    names: tuple[str, ...] = ()
    cholesky: np.ndarray | None = None

    def values(self, z: np.ndarray) -> np.ndarray:
        """Parameter vector for standard normal draws ``z`` of shape (runs, len(names))."""
        estimate = np.array([getattr(self.base, n) for n in self.names])
        if self.cholesky is None or not len(self.names):
            return np.broadcast_to(estimate, z.shape).copy()
        # an explicit sum, not BLAS: its blocking and threads (which Dask
        # workers set to one) would change the last bits with the batch
        values = estimate + (z[:, None, :] * self.cholesky[None, :, :]).sum(axis=2)
        low = np.array([PARAMETER_BOUNDS[n][0] for n in self.names])
        high = np.array([PARAMETER_BOUNDS[n][1] for n in self.names])
        return np.clip(values, low, high)


#: Random numbers of recent batches: the calibration evaluates the model about 160
#: times on the same runs, and scenarios compared share their runs (common random
#: numbers), so each batch's numbers are drawn once. Bounded by bytes held.
_NUMBERS: OrderedDict[tuple, tuple[np.ndarray, np.ndarray, np.ndarray]] = OrderedDict()
CACHE_BYTES = 256 * 2**20


def random_numbers(
    seed: int, run_ids: np.ndarray, n_firms: int, n_ties: int, n_years: int, n_names: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return the runs' parameter normals and kernel draws (read-only, cached by batch).

    Run ``i``'s numbers come from ``SeedSequence(seed, spawn_key=(i,))``:
    first ``n_names`` standard normals, then :func:`draws`.
    """
    key = (seed, run_ids.tobytes(), n_firms, n_ties, n_years, n_names)
    held = _NUMBERS.get(key)
    if held is not None:
        _NUMBERS.move_to_end(key)
        return held
    rows = len(run_ids)
    z = np.empty((rows, n_names))
    shocks = np.empty((rows, n_years, n_firms), dtype=np.float32)
    uniforms = np.empty((rows, n_years, 3 * n_firms + n_ties), dtype=np.float32)
    for row, run in enumerate(run_ids):
        rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(int(run),)))
        z[row] = rng.standard_normal(n_names)
        shocks[row], uniforms[row] = draws(rng, n_firms, n_ties, n_years)
    for array in (z, shocks, uniforms):
        array.flags.writeable = False
    _NUMBERS[key] = (z, shocks, uniforms)
    while sum(a.nbytes for v in _NUMBERS.values() for a in v) > CACHE_BYTES and _NUMBERS:
        _NUMBERS.popitem(last=False)
    return z, shocks, uniforms


def run_runs(
    inputs: ModelInputs,
    *,
    seed: int,
    run_ids: np.ndarray,
    n_years: int,
    scenario: str,
    draw: ParameterDraw,
    levers: Mapping[str, float | np.ndarray],
    overrides: Mapping[str, np.ndarray] | None = None,
    mechanisms: frozenset[str] = frozenset(MECHANISMS),
) -> np.ndarray:
    """Simulate the runs ``run_ids`` (one row each) and return their indicators.

    Parameters
    ----------
    inputs : ModelInputs
    seed : int, keyword-only
        The simulation's seed.
    run_ids : ndarray of int, keyword-only
        Seed index of every row; rows with the same id share random numbers
        (common random numbers across the points of a sensitivity design).
    n_years : int, keyword-only
        Years to simulate after the start year.
    scenario : str, keyword-only
        Demand scenario.
    draw : ParameterDraw, keyword-only
        Parameter uncertainty.
    levers : mapping, keyword-only
        Every lever, a number or one value per row.
    overrides : mapping of str to ndarray, optional, keyword-only
        Per-row parameter values replacing the draw (sensitivity designs).
    mechanisms : frozenset of str, keyword-only

    Returns
    -------
    ndarray, shape (rows, n_years + 1, n_indicators)
    """
    run_ids = np.asarray(run_ids, dtype=np.int64)
    rows = len(run_ids)
    z, shocks, uniforms = random_numbers(
        seed, run_ids, inputs.n_firms, len(inputs.tie_supplier), n_years, len(draw.names)
    )
    params = {k: np.full(rows, v) for k, v in draw.base.as_dict().items()}
    for k, column in zip(draw.names, draw.values(z).T, strict=True):
        params[k] = column
    for k, v in (overrides or {}).items():
        params[k] = np.asarray(v, dtype=float)
    lever_rows = {
        k: np.broadcast_to(np.asarray(v, dtype=float), (rows,)) for k, v in levers.items()
    }
    return run_batch(
        inputs,
        params=params,
        levers=lever_rows,
        shocks=shocks,
        uniforms=uniforms,
        scenario=scenario,
        mechanisms=mechanisms,
    )
