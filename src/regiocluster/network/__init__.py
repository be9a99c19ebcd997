"""Cooperation networks: supply-link graphs, Decree 779 tests, core-periphery."""

from regiocluster.network.coreperiphery import (
    CorePeriphery,
    core_periphery_fitness,
    degree_preserving_rewire,
)

__all__ = ["CorePeriphery", "core_periphery_fitness", "degree_preserving_rewire"]
