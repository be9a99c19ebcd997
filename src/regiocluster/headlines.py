"""The cluster in figures: the headline Results every client shows, and their ids.

One list, :data:`HEADLINES`, names the case-level functions (with their
options) whose figures are the cluster's headline numbers: the market of the
focus product, the Decree 779 test, the cooperation core, the capacity gap,
the members, the export potential and the best site. The study's
``results.json`` and its "cluster in figures" annex, the portal's figures page
and its ``/api/figures/`` render :func:`headline_results` on their case; none
recomputes a number, so each is the same everywhere under the same id.

Examples
--------
>>> from regiocluster import load_case
>>> shown = headline_figures(load_case("leningrad"))
>>> shown[0].id, shown[0].unit
('market.balance.cement.consumption', 'kt')
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from regiocluster.case.load import Case
from regiocluster.errors import RegioclusterError
from regiocluster.result import Figure, Result

__all__ = ["HEADLINES", "Headline", "HeadlineFigure", "headline_figures", "headline_results"]

#: The product whose market, capacity gap and sites are headline numbers.
FOCUS_PRODUCT = "cement"


@dataclass(frozen=True)
class Headline:
    """A case-level function whose figures are headline numbers.

    Attributes
    ----------
    function : str
        Dotted path (``regiocluster.market.case.balance``); called as
        ``function(case, **options) -> Result``.
    figures : tuple of str
        The Result's figure ids shown.
    options : mapping
        Keyword options of the call.
    scope : str
        Inserted between the Result's name and a figure id in the shown id,
        for a Result computed per product (``siting.ranking.cement.top_site``).
    """

    function: str
    figures: tuple[str, ...]
    options: Mapping[str, Any] = field(default_factory=dict)
    scope: str = ""

    @property
    def key(self) -> str:
        """Memo key: ``<package>.<function>`` plus the options (the study shares it)."""
        module, _, name = self.function.rpartition(".")
        package = module.removeprefix("regiocluster.").split(".")[0]
        opts = ",".join(f"{k}={v}" for k, v in sorted(self.options.items()))
        return f"{package}.{name}" + (f"({opts})" if opts else "")

    @property
    def product(self) -> str | None:
        """The product the options name, if any."""
        value = self.options.get("product", self.options.get("product_id"))
        return None if value is None else str(value)

    def call(self) -> Callable[..., Result]:
        """Return the case-level function."""
        module, _, name = self.function.rpartition(".")
        return getattr(importlib.import_module(module), name)

    def figure_id(self, result: Result, figure: str) -> str:
        """Return the id a client shows the figure under (``results.json``, the API)."""
        return ".".join(part for part in (result.name, self.scope, figure) if part)


_P = FOCUS_PRODUCT
#: The headline Results, in the order they are shown.
HEADLINES: tuple[Headline, ...] = (
    Headline("regiocluster.market.case.balance",
             (f"{_P}.consumption", f"{_P}.imports", f"{_P}.import_share"), {"product": _P}),
    Headline("regiocluster.market.case.forecast", ("gap_2030",),
             {"product": _P, "scenario": "base"}),
    Headline("regiocluster.mapping.case.members", ("members",)),
    Headline("regiocluster.network.case.decree779", ("functional_dependence", "compliant")),
    Headline("regiocluster.network.case.cooperation", ("cooperation_share",)),
    Headline("regiocluster.network.case.core_periphery", ("core_size",), {"n_null": 0}),
    Headline("regiocluster.trade.case.potential", ("top_product", "top_potential")),
    Headline("regiocluster.siting.case.site_ranking", ("top_site",),
             {"product_id": _P, "draws": 50}, scope=_P),
)  # fmt: skip


@dataclass(frozen=True)
class HeadlineFigure:
    """A headline figure with the id it is shown under and the Result it comes from."""

    id: str
    figure: Figure
    result: Result

    @property
    def value(self) -> Any:
        """The figure's value."""
        return self.figure.value

    @property
    def unit(self) -> str:
        """The figure's unit."""
        return self.figure.unit

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form: the figure, its id, the Result's name, year and provenance."""
        return {
            **self.figure.to_dict(),
            "id": self.id,
            "result": self.result.name,
            "year": self.result.year,
            "illustrative": self.result.illustrative,
            "provenance": self.result.provenance.to_dict(),
        }


def applies(headline: Headline, case: Case) -> bool:
    """Whether the case has the headline's product (a case without cement skips cement's)."""
    product = headline.product
    if product is None:
        return True
    products = case.tables.get("products")
    return products is not None and product in set(products["product_id"].astype(str))


Once = Callable[[str, Callable[[], Result]], Result]
#: What an analysis raises when the case's data cannot support it.
DATA_ERRORS = (RegioclusterError, KeyError, ValueError, TypeError)


def headline_results(
    case: Case, *, once: Once | None = None, failures: list[tuple[Headline, str]] | None = None
) -> list[tuple[Headline, Result]]:
    """Compute each headline Result that applies to ``case``, once.

    Parameters
    ----------
    case : Case
        The case.
    once : callable, optional
        ``once(key, compute)`` memoiser (the study's results book shares its
        computations with the chapters this way).
    failures : list, optional
        When given, a headline whose analysis the case's data cannot support
        is appended to it with the error's message instead of raising (the
        portal shows the others on thin live data).
    """
    out = []
    for headline in HEADLINES:
        if not applies(headline, case):
            continue

        def compute(h: Headline = headline) -> Result:
            return h.call()(case, **h.options)

        try:
            result = once(headline.key, compute) if once is not None else compute()
            for fid in headline.figures:
                result.figure(fid)
        except DATA_ERRORS as exc:
            if failures is None:
                raise
            failures.append((headline, str(exc) or type(exc).__name__))
            continue
        out.append((headline, result))
    return out


def headline_figures(
    case: Case, *, once: Once | None = None, failures: list[tuple[Headline, str]] | None = None
) -> list[HeadlineFigure]:
    """Return the headline figures of ``case`` in order, each with its shown id."""
    return [
        HeadlineFigure(headline.figure_id(result, fid), result.figure(fid), result)
        for headline, result in headline_results(case, once=once, failures=failures)
        for fid in headline.figures
    ]
