"""Trade: economic complexity, export potential and import substitution."""

from regiocluster.trade.economic_complexity import PresenceTest, complexity, proximity
from regiocluster.trade.regions import RegionalComplexity, carve_out, regional_complexity

__all__ = [
    "PresenceTest",
    "RegionalComplexity",
    "carve_out",
    "complexity",
    "proximity",
    "regional_complexity",
]
