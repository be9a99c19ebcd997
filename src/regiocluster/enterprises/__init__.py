"""Enterprises: support measures, scorecards, modernisation, major projects, technologies."""

from regiocluster.enterprises.scorecards import (
    RATIOS,
    modernisation_needs,
    peer_percentiles,
    scorecards,
)
from regiocluster.enterprises.support import eligibility_summary, eligible_measures, okved_covers

__all__ = [
    "RATIOS",
    "modernisation_needs",
    "peer_percentiles",
    "scorecards",
    "eligibility_summary",
    "eligible_measures",
    "okved_covers",
]
