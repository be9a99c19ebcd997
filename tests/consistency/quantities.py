"""Headline quantities, each computed once by a core Result on the case.

A :class:`Quantity` names the case-level function and figure that compute
it (the one computation) and the CLI command that renders it. The report and
portal helpers add their renderers in :mod:`tests.consistency.renderers`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from regiocluster.result import Result


@dataclass(frozen=True)
class Quantity:
    """One headline number.

    Attributes
    ----------
    id : str
        ``<result name>.<figure id>`` (``market.balance.cement.imports``):
        what the report's ``results.json`` calls it.
    function : str
        Dotted path of the case-level function (``regiocluster.market.case.balance``).
    options : mapping
        Keyword options of the call.
    figure : str
        Figure id within the Result.
    cli : tuple of str
        CLI arguments after ``regiocluster`` (``--format json`` is added).
    xfail : str
        Reason the quantity cannot be checked yet (empty when it can).
    """

    id: str
    function: str
    figure: str
    options: Mapping[str, Any] = field(default_factory=dict)
    cli: tuple[str, ...] = ()
    xfail: str = ""

    def call(self) -> Callable[..., Result]:
        """The case-level function."""
        module, _, name = self.function.rpartition(".")
        return getattr(__import__(module, fromlist=[name]), name)


_BALANCE = {"product": "cement", "year": 2024}
_CLI_BALANCE = ("market", "balance", "leningrad", "-p", "cement", "-y", "2024")

QUANTITIES: tuple[Quantity, ...] = (
    Quantity("market.balance.cement.consumption", "regiocluster.market.case.balance",
             "cement.consumption", _BALANCE, _CLI_BALANCE),
    Quantity("market.balance.cement.imports", "regiocluster.market.case.balance",
             "cement.imports", _BALANCE, _CLI_BALANCE),
    Quantity("market.balance.cement.import_share", "regiocluster.market.case.balance",
             "cement.import_share", _BALANCE, _CLI_BALANCE),
    Quantity("network.decree779.functional_dependence", "regiocluster.network.case.decree779",
             "functional_dependence", {}, ("network", "decree779", "leningrad")),
    Quantity("network.decree779.compliant", "regiocluster.network.case.decree779",
             "compliant", {}, ("network", "decree779", "leningrad")),
    Quantity("network.core_periphery.core_size", "regiocluster.network.case.core_periphery",
             "core_size", {"n_null": 0},
             ("network", "coreperiphery", "leningrad", "--n-null", "0")),
    Quantity("market.forecast.gap_2030", "regiocluster.market.case.forecast", "gap_2030",
             {"product": "cement", "scenario": "base"},
             ("market", "forecast", "leningrad", "-p", "cement", "-s", "base")),
    Quantity("mapping.members.members", "regiocluster.mapping.case.members", "members", {},
             ("mapping", "members", "leningrad", "--n-null", "0")),
    Quantity("network.cooperation.cooperation_share", "regiocluster.network.case.cooperation",
             "cooperation_share", {}, ("network", "cooperation", "leningrad")),
    Quantity("trade.potential.top_potential", "regiocluster.trade.case.potential",
             "top_potential", {}, ("trade", "potential", "leningrad")),
    Quantity("trade.potential.top_product", "regiocluster.trade.case.potential",
             "top_product", {}, ("trade", "potential", "leningrad")),
    Quantity("siting.ranking.cement.top_site", "regiocluster.siting.case.site_ranking",
             "top_site", {"product_id": "cement", "draws": 50},
             ("siting", "rank", "leningrad", "--product", "cement", "--draws", "50")),
)  # fmt: skip
