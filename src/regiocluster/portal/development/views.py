"""The manager's comparison of scenarios and lever sets (thin: services compute, templates show)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from regiocluster.portal.development import charts, services
from regiocluster.portal.development.forms import DEFAULT_RUNS, SCENARIOS, VARIANTS, CompareForm
from regiocluster.portal.programme.rules import is_manager
from regiocluster.simulation import LEVER_LABELS

#: Seconds between the refreshes of a page whose runs are not finished.
REFRESH = 5


def _defaults() -> dict[str, object]:
    data: dict[str, object] = {"n_runs": DEFAULT_RUNS, "seed": 0}
    for v in VARIANTS:
        data[f"{v}_scenario"] = "base"
    return data


def compare_page(request: HttpRequest) -> HttpResponse:
    """Compare two variants: fan charts, Decree 779 share of runs, top levers.

    The manager's request starts the runs it needs; the observer reads what
    is computed already; everyone else is refused.
    """
    user = request.user
    manager = is_manager(user)
    if not (manager or getattr(user, "is_observer", False)):
        raise PermissionDenied
    form = CompareForm(request.GET if "n_runs" in request.GET else _defaults())
    groups = [(v, form.variant_fields(v)) for v in VARIANTS]
    if not form.is_valid():
        context = {"form": form, "groups": groups, "manager": manager}
        return render(request, "development/compare.html", context, status=400)
    seed, n_runs = form.cleaned_data["seed"], form.cleaned_data["n_runs"]
    case = services.live_case() if manager else None
    variants = []
    for name, (scenario, levers) in form.variants().items():
        key = services.run_key(scenario=scenario, levers=levers, seed=seed, n_runs=n_runs)
        value = services.fetch(
            key, services.variant_numbers, start=manager, case=case, scenario=scenario,
            levers=levers, seed=seed, n_runs=n_runs,
        )  # fmt: skip
        variants.append(_variant(name, scenario, levers, value))
    scenario = form.cleaned_data["a_scenario"]
    ranking = services.fetch(
        services.levers_key(scenario=scenario, seed=seed), services.lever_ranking,
        start=manager, case=case, scenario=scenario, seed=seed,
    )  # fmt: skip
    waiting = any(v["value"] is None for v in variants) or ranking is None
    context = {
        "form": form,
        "groups": groups,
        "variants": variants,
        "ranking": _levers(ranking),
        "ranking_error": (ranking or {}).get("error"),
        "running": waiting and manager,
        "missing": waiting and not manager,
        "refresh": REFRESH,
        "manager": manager,
    }
    return render(request, "development/compare.html", context)


def _variant(name, scenario, levers, value) -> dict[str, object]:
    out: dict[str, object] = {"name": name.upper(), "scenario": scenario, "value": value}
    out["scenario_label"] = dict(SCENARIOS).get(scenario, scenario)
    out["levers"] = [
        (LEVER_LABELS[k][0], LEVER_LABELS[k][1], v) for k, v in levers.as_dict().items() if v
    ]
    if value and "ok" in value:
        numbers = value["ok"]
        out["fans"] = [charts.fan(numbers["quantiles"], i) for i in services.SHOWN]
        last = numbers["decree"][-1]
        out["decree"] = {"year": int(last["year"]), "share": float(last["share_of_runs"])}
    else:
        out["error"] = (value or {}).get("error")
    return out


def _levers(ranking) -> list[dict[str, object]]:
    if not ranking or "ok" not in ranking:
        return []
    return [
        {
            "id": r["factor"],
            "en": LEVER_LABELS[r["factor"]][0],
            "ru": LEVER_LABELS[r["factor"]][1],
            "mu_star": r["mu_star"],
        }
        for r in ranking["ok"]
    ]
