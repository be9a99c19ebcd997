"""Enterprises: support measures, scorecards, modernisation, major projects, technologies."""

from regiocluster.enterprises.case import (
    CaseEligibility,
    case_eligibility,
    case_members,
    case_modernisation,
    case_project_supply,
    case_scorecards,
    case_technology_fit,
    territory_of,
)
from regiocluster.enterprises.projects import (
    ProjectSupply,
    allocate_nearest,
    free_capacity,
    project_supply,
)
from regiocluster.enterprises.scorecards import (
    RATIOS,
    modernisation_needs,
    peer_percentiles,
    scorecards,
)
from regiocluster.enterprises.support import eligibility_summary, eligible_measures, okved_covers
from regiocluster.enterprises.technologies import TechnologyFit, technology_fit

__all__ = [
    "CaseEligibility",
    "case_eligibility",
    "case_members",
    "case_modernisation",
    "case_project_supply",
    "case_scorecards",
    "case_technology_fit",
    "territory_of",
    "TechnologyFit",
    "technology_fit",
    "ProjectSupply",
    "allocate_nearest",
    "free_capacity",
    "project_supply",
    "RATIOS",
    "modernisation_needs",
    "peer_percentiles",
    "scorecards",
    "eligibility_summary",
    "eligible_measures",
    "okved_covers",
]
