"""Trade: economic complexity, export potential and import substitution."""

from regiocluster.trade.complexity_panel import complexity_panel
from regiocluster.trade.economic_complexity import PresenceTest, complexity, proximity
from regiocluster.trade.overview import WORLD_COLS, TradeOverview, trade_overview, world_matrix
from regiocluster.trade.potential import (
    DEFAULT_MODES,
    MARKET_COORDINATES,
    ExportPotential,
    FreightMode,
    diversification_opportunities,
    export_potential,
    freight_rate,
    great_circle_km,
    potential_inputs_from_trade,
)
from regiocluster.trade.regions import RegionalComplexity, carve_out, regional_complexity
from regiocluster.trade.substitution import (
    ImportSubstitution,
    crosswalk,
    foreign_imports,
    import_shares,
    import_substitution,
)

__all__ = [
    "DEFAULT_MODES",
    "MARKET_COORDINATES",
    "ExportPotential",
    "FreightMode",
    "ImportSubstitution",
    "PresenceTest",
    "RegionalComplexity",
    "TradeOverview",
    "WORLD_COLS",
    "carve_out",
    "complexity",
    "complexity_panel",
    "crosswalk",
    "diversification_opportunities",
    "export_potential",
    "foreign_imports",
    "freight_rate",
    "great_circle_km",
    "import_shares",
    "import_substitution",
    "potential_inputs_from_trade",
    "proximity",
    "regional_complexity",
    "trade_overview",
    "world_matrix",
]
