"""Runs of the development model for the portal: cached, and never on the request thread.

A comparison's variants are :func:`regiocluster.simulation.simulate` on the
live case (:func:`regiocluster.portal.analytics.current_case`), and its top
levers are :func:`regiocluster.simulation.sensitivity`. Each is computed once
per key (data version, scenario, levers, seed, runs) in a single background
worker thread and kept in Django's cache, so a long run never blocks the web
server: the page says "running" and refreshes itself until the numbers are
there. One worker keeps the 2-core server responsive; a second request for a
key already running waits for the same job.
"""

from __future__ import annotations

import threading
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from django.core.cache import cache

from regiocluster.errors import RegioclusterError
from regiocluster.portal.analytics import current_case
from regiocluster.portal.cacheversion import data_version
from regiocluster.simulation import Levers, sensitivity, simulate

#: Indicators shown as fan charts.
SHOWN = ("members", "employment", "output", "functional_dependence", "import_share")
#: Morris design of the top-levers screening (small: it runs on the web server).
TRAJECTORIES, REPLICATES = 4, 8
_EXECUTOR = ThreadPoolExecutor(max_workers=1, thread_name_prefix="development")
_LOCK = threading.Lock()
_RUNNING: dict[str, Future] = {}


def run_key(*, scenario: str, levers: Levers, seed: int, n_runs: int) -> str:
    """Cache key of one variant: data version, scenario, levers, seed and runs."""
    lv = ",".join(f"{v:g}" for v in levers.as_dict().values())
    return f"development:run:{data_version()}:{scenario}:{lv}:{seed}:{n_runs}"


def levers_key(*, scenario: str, seed: int) -> str:
    """Cache key of the top-levers screening."""
    return f"development:levers:{data_version()}:{scenario}:{seed}"


def live_case() -> Any:
    """Return the live case, read on the request thread (the worker never touches the database)."""
    return current_case()


def variant_numbers(
    case: Any, *, scenario: str, levers: Levers, seed: int, n_runs: int
) -> dict[str, Any]:
    """Simulate one variant on ``case``; return its quantiles and Decree 779 share."""
    result = simulate(case, scenario=scenario, levers=levers, seed=seed, n_runs=n_runs)
    q = result.quantiles
    return {
        "quantiles": q[q["indicator"].isin(SHOWN)].to_dict("records"),
        "decree": result.decree_779.to_dict("records"),
        "until": result.years[-1],
    }


def lever_ranking(case: Any, *, scenario: str, seed: int) -> list[dict[str, Any]]:
    """Levers ranked by their Morris effect on employment in 2035 (largest first)."""
    screening = sensitivity(
        case, scenario=scenario, seed=seed, trajectories=TRAJECTORIES,
        replicates=REPLICATES,
    )  # fmt: skip
    return screening.ranking("employment", kind="lever").to_dict("records")


def _job(key: str, compute, kwargs: dict[str, Any]) -> None:
    try:
        value = {"ok": compute(**kwargs)}
    except (RegioclusterError, ValueError, KeyError) as exc:
        value = {"error": str(exc) or exc.__class__.__name__}
    cache.set(key, value, timeout=None)


def fetch(key: str, compute, *, start: bool, **kwargs: Any) -> dict[str, Any] | None:
    """Return the cached value of ``key``; else start it (if ``start``) and return None.

    The value is ``{"ok": ...}`` or ``{"error": message}`` (the live data may
    not support the model, for example too short a history).
    """
    value = cache.get(key)
    if value is not None:
        return value
    if start:
        with _LOCK:
            running = _RUNNING.get(key)
            if running is None or running.done():
                _RUNNING[key] = _EXECUTOR.submit(_job, key, compute, kwargs)
    return None


def wait(timeout: float | None = None) -> None:
    """Wait for the running jobs (tests and the management command use it)."""
    with _LOCK:
        jobs = list(_RUNNING.values())
    for job in jobs:
        job.result(timeout=timeout)
