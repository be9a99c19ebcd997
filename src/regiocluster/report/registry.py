"""The study's chapter registry and the registry of chapter providers.

A chapter module decorates ``compose(case, book) -> Chapter`` with
:func:`register_chapter`. Chapters whose capability another package brings
(the development model, the management system, events, the needs analyses)
name it in :data:`PROVIDERS`; :func:`provided` finds the package's case-level
function when it is installed, so the chapter gains that content without a
code change here and without guarding imports with try/except.
"""

from __future__ import annotations

import importlib
import importlib.util
import pkgutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from regiocluster.case.load import Case
from regiocluster.report.model import Chapter
from regiocluster.report.results import ResultBook
from regiocluster.result import Result

Composer = Callable[[Case, ResultBook], Chapter]


@dataclass(frozen=True)
class RegisteredChapter:
    """A chapter composer with its place in the study."""

    key: str
    title: str
    order: int
    compose: Composer


CHAPTERS: dict[str, RegisteredChapter] = {}


def register_chapter(*, key: str, title: str, order: int) -> Callable[[Composer], Composer]:
    """Register a chapter composer under ``key``; lower ``order`` comes first."""

    def decorate(func: Composer) -> Composer:
        CHAPTERS[key] = RegisteredChapter(key=key, title=title, order=order, compose=func)
        return func

    return decorate


def discover() -> list[RegisteredChapter]:
    """Import every module of :mod:`regiocluster.report.sections`; chapters in order."""
    package = importlib.import_module("regiocluster.report.sections")
    for info in pkgutil.iter_modules(package.__path__):
        importlib.import_module(f"{package.__name__}.{info.name}")
    return sorted(CHAPTERS.values(), key=lambda s: (s.order, s.key))


@dataclass(frozen=True)
class Provider:
    """A case-level function another package provides for a chapter.

    Attributes
    ----------
    module : str
        Module holding it (``regiocluster.simulation.case``).
    function : str
        Its name; called as ``function(case, **options) -> Result``.
    options : mapping
        Keyword options the study passes (a lighter Monte Carlo, for instance).
    """

    module: str
    function: str
    options: Mapping[str, Any] = field(default_factory=dict)

    def find(self) -> Callable[[Case], Result] | None:
        """Return the function if its package is installed and defines it, else None."""
        package = self.module.split(".")[0]
        if importlib.util.find_spec(package) is None:
            return None
        parent = self.module.rsplit(".", 1)[0]
        if parent != self.module and importlib.util.find_spec(parent) is None:
            return None
        if importlib.util.find_spec(self.module) is None:
            return None
        return getattr(importlib.import_module(self.module), self.function, None)


#: chapter key → the providers whose Results it renders once they exist.
PROVIDERS: dict[str, tuple[Provider, ...]] = {
    "market": (
        Provider("regiocluster.needs.case", "product_needs"),
        Provider("regiocluster.needs.case", "technology_needs"),
    ),
    "support": (Provider("regiocluster.needs.case", "international_experience"),),
    "modernisation": (
        Provider("regiocluster.needs.case", "new_enterprises"),
        Provider("regiocluster.needs.case", "innovation_gaps"),
        Provider("regiocluster.needs.case", "small_tech_companies"),
    ),
    "structure": (Provider("regiocluster.needs.case", "infrastructure_needs"),),
    # the simulation, programme and events packages return their own result
    # types; a case-level function returning a Result plugs in here
    # 100 Monte Carlo runs per scenario (the CLI's default is 400) keep the whole
    # study within its build-time target; medians move by a few per cent
    "model": (Provider("regiocluster.simulation.case", "development_model", {"n_runs": 100}),),
    "management": (
        Provider("regiocluster.programme.case", "management_system"),
        Provider("regiocluster.events.case", "events_plan"),
    ),
}


def provided(key: str, case: Case) -> list[Result]:
    """Results of the providers of chapter ``key`` that are installed."""
    results = []
    for provider in PROVIDERS.get(key, ()):
        func = provider.find()
        if func is not None:
            results.append(func(case, **provider.options))
    return results
