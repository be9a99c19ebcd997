"""The development model on a case, as one Result for the study and other clients.

:func:`development_model` runs the demand scenarios side by side on common
random numbers, ranks the levers and parameters by their Morris effect on
the final year, and returns the headline numbers as a
:class:`~regiocluster.result.Result` (the study's chapter on the development
model renders it through its provider).
"""

from __future__ import annotations

import pandas as pd

from regiocluster.case.load import Case
from regiocluster.result import Figure, Result
from regiocluster.simulation.inputs import HISTORY_SCENARIO, scenarios_of
from regiocluster.simulation.levers import LEVER_LABELS
from regiocluster.simulation.montecarlo import decree_figure, indicator_figure
from regiocluster.simulation.sensitivity import compare, sensitivity

__all__ = ["development_model"]

_BASE = "base"


def development_model(
    case: Case,
    *,
    n_runs: int = 400,
    until: int = 2035,
    seed: int = 0,
    trajectories: int = 4,
    replicates: int = 8,
) -> Result:
    """Scenarios to ``until``, the Decree 779 outlook and the levers that matter.

    Parameters
    ----------
    case : Case
    n_runs : int, keyword-only
        Monte Carlo runs per scenario.
    until : int, keyword-only
        Last year.
    seed : int, keyword-only
    trajectories, replicates : int, keyword-only
        Morris design (see :func:`~regiocluster.simulation.sensitivity`).

    Returns
    -------
    Result
        ``simulation.development_model`` with frames ``fan`` (the base
        scenario's quantiles), ``scenarios`` (every scenario's 5 %, median
        and 95 % in 2030 and ``until``, with the difference to the base),
        ``decree_779``, ``sensitivity`` (Morris statistics) and
        ``parameters``; figures for members, employment, output and
        functional dependence in ``until`` (base median), the share of runs
        meeting Decree 779, and the output of the other scenarios.
    """
    names = [s for s in scenarios_of(case) if s != HISTORY_SCENARIO]
    order = [_BASE, *[s for s in names if s != _BASE]] if _BASE in names else names
    years = tuple(sorted({min(2030, until), until}))
    comparison = compare(
        case, {s: (s, None) for s in order}, n_runs=n_runs, seed=seed, until=until, years=years
    )
    base = comparison.results[order[0]]
    morris = sensitivity(
        case,
        scenario=order[0],
        until=until,
        trajectories=trajectories,
        replicates=replicates,
        seed=seed,
    )
    figures = [
        indicator_figure(base.quantiles, name, until)
        for name in ("members", "employment", "output", "exports", "functional_dependence")
    ]
    figures.append(decree_figure(base.decree_779, until))
    for scenario in order[1:]:
        figure = indicator_figure(comparison.results[scenario].quantiles, "output", until)
        figures.append(
            Figure(
                f"output_{until}_{scenario}",
                figure.value,
                figure.unit,
                f"Output in {until} at base-year prices, scenario {scenario}, median of the runs",
                f"Выпуск в {until} г. в ценах базового года, сценарий «{scenario}», "
                "медиана прогонов",
            )
        )
    levers = morris.ranking("employment", kind="lever")
    return Result(
        name="simulation.development_model",
        frames={
            "fan": base.quantiles,
            "scenarios": comparison.table,
            "decree_779": base.decree_779,
            "sensitivity": morris.table,
            "parameters": base.parameters,
        },
        figures=tuple(figures),
        sentences=_sentences(base.sentences, levers, until),
        provenance=base.provenance,
        year=until,
        options={"n_runs": n_runs, "seed": seed, "scenarios": order, "until": until},
    )


def _sentences(base: dict, levers: pd.DataFrame, until: int) -> dict[str, tuple[str, ...]]:
    top = list(levers["factor"].head(3))
    out = {}
    for lang, k in (("en", 0), ("ru", 1)):
        named = ", ".join(LEVER_LABELS[f][k] for f in top)
        extra = (
            f"The levers that move employment in {until} most: {named}."
            if lang == "en"
            else f"Сильнее всего на занятость в {until} г. влияют: {named}."
        )
        out[lang] = (*base.get(lang, ()), extra)
    return out
