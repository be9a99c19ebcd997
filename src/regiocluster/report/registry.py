"""The report's section registry.

Each analysis area adds a section by decorating a builder in a module of
:mod:`regiocluster.report.sections`; the builder finds them all with
:func:`discover`. A builder takes a :class:`~regiocluster.case.load.Case` and
returns a :class:`Section`; it never writes files itself.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from regiocluster.case.load import Case


@dataclass(frozen=True)
class Section:
    """One section of the report.

    Attributes
    ----------
    key : str
        Anchor and file-name stem (``data``, ``market``).
    title : str
        Heading shown in the report and its table of contents.
    html : str
        The section's body, an HTML fragment; user text must be escaped.
    assets : Mapping of str to bytes
        Extra files (GeoJSON layers, CSV tables) written under the report
        folder, by relative path.
    """

    key: str
    title: str
    html: str
    assets: Mapping[str, bytes] = field(default_factory=dict)


SectionBuilder = Callable[[Case], Section]


@dataclass(frozen=True)
class RegisteredSection:
    """A section builder with its place in the report."""

    key: str
    title: str
    order: int
    build: SectionBuilder


SECTIONS: dict[str, RegisteredSection] = {}


def register_section(
    *, key: str, title: str, order: int
) -> Callable[[SectionBuilder], SectionBuilder]:
    """Register a section builder under ``key``; lower ``order`` comes first."""

    def decorate(func: SectionBuilder) -> SectionBuilder:
        SECTIONS[key] = RegisteredSection(key=key, title=title, order=order, build=func)
        return func

    return decorate


def discover() -> list[RegisteredSection]:
    """Import every module of :mod:`regiocluster.report.sections`; return sections in order."""
    package = importlib.import_module("regiocluster.report.sections")
    for info in pkgutil.iter_modules(package.__path__):
        importlib.import_module(f"{package.__name__}.{info.name}")
    return sorted(SECTIONS.values(), key=lambda s: (s.order, s.key))
