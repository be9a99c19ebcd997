"""Cooperation networks: supply-link graphs, Decree 779 tests, core-periphery."""

from regiocluster.network.cooperation import (
    CooperationSummary,
    Decree779Verdict,
    cooperation_share,
    cooperation_summary,
    decree_779,
    member_cooperation,
    node_measures,
    supply_graph,
)
from regiocluster.network.coreperiphery import (
    CorePeriphery,
    core_periphery_fitness,
    degree_preserving_rewire,
)

__all__ = [
    "CooperationSummary",
    "CorePeriphery",
    "Decree779Verdict",
    "cooperation_share",
    "cooperation_summary",
    "core_periphery_fitness",
    "decree_779",
    "degree_preserving_rewire",
    "member_cooperation",
    "node_measures",
    "supply_graph",
]
