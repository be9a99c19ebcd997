"""Site suitability, ranking and exact location-allocation."""

from regiocluster.siting.covering import MaximalCovering, PCenter
from regiocluster.siting.facility import CapacitatedFacilityLocation
from regiocluster.siting.layers import plants_geojson, service_areas_geojson, sites_geojson
from regiocluster.siting.mcda import (
    AhpResult,
    InconsistentJudgementsError,
    ahp_weights,
    rank_stability,
    site_rationale,
    topsis,
    weighted_sum,
)
from regiocluster.siting.plan import (
    CapacitatedPlan,
    PlantPlan,
    SiteRanking,
    locate_capacitated,
    locate_plants,
    rank_sites,
)
from regiocluster.siting.pmedian import PMedian
from regiocluster.siting.suitability import (
    CRITERIA,
    DEFAULT_WEIGHTS,
    SiteRules,
    demand_points,
    rules_for,
    screen_sites,
    site_criteria,
)
from regiocluster.siting.travel import FreightNetwork, TravelMatrices

__all__ = [
    "CRITERIA",
    "DEFAULT_WEIGHTS",
    "AhpResult",
    "CapacitatedPlan",
    "CapacitatedFacilityLocation",
    "FreightNetwork",
    "InconsistentJudgementsError",
    "MaximalCovering",
    "PCenter",
    "PMedian",
    "PlantPlan",
    "SiteRanking",
    "SiteRules",
    "TravelMatrices",
    "ahp_weights",
    "demand_points",
    "locate_capacitated",
    "locate_plants",
    "plants_geojson",
    "rank_sites",
    "rank_stability",
    "rules_for",
    "screen_sites",
    "service_areas_geojson",
    "site_criteria",
    "site_rationale",
    "sites_geojson",
    "topsis",
    "weighted_sum",
]
