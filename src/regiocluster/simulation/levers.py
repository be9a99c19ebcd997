"""Policy levers and model parameters of the cluster development model.

Levers are what a regional government or the cluster's management
organisation can set; parameters are behavioural constants of the firms,
estimated from the case's history (:mod:`regiocluster.simulation.calibrate`)
or, where the history cannot identify them, fixed at documented priors.
Both are frozen dataclasses with a unit for every field, so a plan of
measures (the programme issue) can map onto :class:`Levers` field by field.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any

import numpy as np

from regiocluster.errors import InvalidValueError

__all__ = [
    "LEVER_BOUNDS",
    "LEVER_LABELS",
    "LEVER_UNITS",
    "MECHANISMS",
    "PARAMETER_BOUNDS",
    "PARAMETER_UNITS",
    "CALIBRATED",
    "Levers",
    "Parameters",
]

#: Mechanisms of the model; each can be switched off in :func:`~regiocluster.simulation.simulate`.
MECHANISMS = (
    "growth",
    "spillovers",
    "entry",
    "exit",
    "ties",
    "investment",
    "modernisation",
    "market",
)


@dataclass(frozen=True)
class Levers:
    """Policy levers with their units; zero is "no measure beyond today's".

    Attributes
    ----------
    support_mrub : float
        Subsidies and support measures paid to eligible members, million RUB
        a year (grants, interest compensation; eligibility from the case's
        ``support_measures``). Raises the margin of the firms that get it
        (fewer exits) and their chance to modernise.
    infrastructure_mrub : float
        Joint infrastructure projects (shared rail sidings, utilities,
        industrial-park networks), million RUB a year. Lowers the cost of
        adding capacity, so more of the demand gap is invested in.
    matchmaking_meetings : float
        B2B meetings a year arranged by the subcontracting programme
        (the exchange and the suppliers' conference), meetings a year. Each
        turns into a supply tie with probability ``meeting_conversion``.
    test_site : float
        Share of the year a shared test site (certification and trial
        production of new materials) is open to members, 0–1 (1 = a test site
        working all year). Raises the chance to modernise and the gain.
    import_substitution_pct : float
        Import-substitution priority: share of the imports of the priority
        products that members are helped to take over each year, percent a
        year (0–100).
    """

    support_mrub: float = 0.0
    infrastructure_mrub: float = 0.0
    matchmaking_meetings: float = 0.0
    test_site: float = 0.0
    import_substitution_pct: float = 0.0

    def __post_init__(self) -> None:
        """Refuse levers outside their range, naming the lever and the range."""
        for name, (low, high) in LEVER_BOUNDS.items():
            value = float(getattr(self, name))
            if not (np.isfinite(value) and low <= value <= high):
                raise InvalidValueError(
                    f"lever {name}", value, reason=f"outside [{low}, {high}] {LEVER_UNITS[name]}"
                )

    def as_dict(self) -> dict[str, float]:
        """Return the levers as ``{name: value}``."""
        return {k: float(v) for k, v in asdict(self).items()}


LEVER_UNITS = {
    "support_mrub": "million RUB a year",
    "infrastructure_mrub": "million RUB a year",
    "matchmaking_meetings": "meetings a year",
    "test_site": "share of the year (0-1)",
    "import_substitution_pct": "percent of priority imports a year",
}

#: Names of the levers in English and Russian.
LEVER_LABELS = {
    "support_mrub": ("support measures", "меры поддержки"),
    "infrastructure_mrub": ("joint infrastructure projects", "совместные инфраструктурные проекты"),
    "matchmaking_meetings": ("B2B matchmaking", "B2B-встречи по кооперации"),
    "test_site": ("the test site", "испытательный полигон"),
    "import_substitution_pct": ("import-substitution priorities", "приоритеты импортозамещения"),
}

#: Ranges a lever may take; also the ranges of the sensitivity analysis.
LEVER_BOUNDS = {
    "support_mrub": (0.0, 5000.0),
    "infrastructure_mrub": (0.0, 5000.0),
    "matchmaking_meetings": (0.0, 500.0),
    "test_site": (0.0, 1.0),
    "import_substitution_pct": (0.0, 20.0),
}


@dataclass(frozen=True)
class Parameters:
    """Behavioural parameters of the firms (defaults are priors before calibration).

    Attributes
    ----------
    demand_elasticity : float
        Elasticity of a firm's desired output to its product's demand (1 =
        firms keep their market share), unitless.
    growth_sd : float
        Standard deviation of a firm's yearly log growth shock (Gibrat's
        law), unitless.
    spillover : float
        Elasticity of growth to the number of firms in the firm's district
        (Marshallian local externalities; Brenner 2001), unitless.
    entry_rate : float
        New firms a year per live firm when demand is flat, per year.
    entry_demand : float
        Elasticity of the entry probability to demand growth, unitless.
    exit_base : float
        Yearly exit hazard of a firm with zero margin, per year.
    exit_margin : float
        Fall of the log exit hazard per unit of net margin, unitless.
    tie_formation : float
        Yearly hazard of a tie forming between complementary firms at zero
        distance, per year.
    tie_decay : float
        Yearly probability that an existing tie ends, per year.
    meeting_conversion : float
        Probability that a B2B meeting produces a supply tie, unitless.
    investment_response : float
        Share of a firm's capacity gap (desired output above target
        utilisation) closed by investment in a year, unitless.
    infrastructure_effect : float
        Proportional rise of the investment response per billion RUB of
        joint infrastructure a year, per bn RUB.
    productivity_growth : float
        Yearly growth of labour productivity without modernisation, per year.
    wear_rate : float
        Yearly rise of the fixed-asset wear ratio, per year.
    modernisation_rate : float
        Yearly probability that a firm with worn assets (wear above 0.5)
        modernises, per year.
    modernisation_gain : float
        Proportional rise of labour productivity when a firm modernises, unitless.
    support_effect : float
        Proportional rise of the modernisation probability per unit of
        support relative to output, unitless.
    test_site_effect : float
        Proportional rise of the modernisation probability and gain with a
        test site open all year, unitless.
    """

    demand_elasticity: float = 1.0
    growth_sd: float = 0.08
    spillover: float = 0.05
    entry_rate: float = 0.02
    entry_demand: float = 2.0
    exit_base: float = 0.01
    exit_margin: float = 10.0
    tie_formation: float = 0.05
    tie_decay: float = 0.05
    meeting_conversion: float = 0.15
    investment_response: float = 0.3
    infrastructure_effect: float = 0.5
    productivity_growth: float = 0.01
    wear_rate: float = 0.012
    modernisation_rate: float = 0.08
    modernisation_gain: float = 0.15
    support_effect: float = 5.0
    test_site_effect: float = 0.5

    def __post_init__(self) -> None:
        """Refuse parameters outside their range."""
        for name, (low, high) in PARAMETER_BOUNDS.items():
            value = float(getattr(self, name))
            if not (np.isfinite(value) and low <= value <= high):
                raise InvalidValueError(
                    f"parameter {name}", value, reason=f"outside [{low}, {high}]"
                )

    def as_dict(self) -> dict[str, float]:
        """Return the parameters as ``{name: value}``."""
        return {k: float(v) for k, v in asdict(self).items()}

    def replace(self, **changes: Any) -> Parameters:
        """Return a copy with ``changes`` applied."""
        return Parameters(**{**self.as_dict(), **changes})


PARAMETER_UNITS = {f.name: "" for f in fields(Parameters)}
PARAMETER_UNITS.update(
    entry_rate="per year",
    exit_base="per year",
    tie_formation="per year",
    tie_decay="per year",
    productivity_growth="per year",
    wear_rate="per year",
    modernisation_rate="per year",
    infrastructure_effect="per bn RUB",
)

PARAMETER_BOUNDS = {
    "demand_elasticity": (0.0, 3.0),
    "growth_sd": (0.0, 0.5),
    "spillover": (0.0, 1.0),
    "entry_rate": (0.0, 0.5),
    "entry_demand": (0.0, 10.0),
    "exit_base": (0.0, 0.5),
    "exit_margin": (0.0, 50.0),
    "tie_formation": (0.0, 1.0),
    "tie_decay": (0.0, 1.0),
    "meeting_conversion": (0.0, 1.0),
    "investment_response": (0.0, 1.0),
    "infrastructure_effect": (0.0, 5.0),
    "productivity_growth": (-0.1, 0.2),
    "wear_rate": (0.0, 0.1),
    "modernisation_rate": (0.0, 1.0),
    "modernisation_gain": (0.0, 1.0),
    "support_effect": (0.0, 50.0),
    "test_site_effect": (0.0, 5.0),
}

#: Parameters estimated by the simulated method of moments; the others are priors.
CALIBRATED = (
    "demand_elasticity",
    "entry_rate",
    "exit_base",
    "tie_formation",
    "tie_decay",
    "productivity_growth",
)
