"""Trade: economic complexity, export potential and import substitution."""

from regiocluster.trade.economic_complexity import PresenceTest, complexity, proximity

__all__ = ["PresenceTest", "complexity", "proximity"]
