"""Site suitability, ranking and exact location-allocation."""

from regiocluster.siting.base import LocationModel
from regiocluster.siting.case import plant_plan, site_ranking
from regiocluster.siting.classes import PRODUCT_CLASSES, ProductClass, product_class
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
from regiocluster.siting.problem import LocationProblem, existing_plants, screen_case_sites
from regiocluster.siting.suitability import (
    CRITERIA,
    DEFAULT_WEIGHTS,
    SiteRules,
    demand_points,
    raw_material_points,
    rules_for,
    screen_sites,
    site_criteria,
    site_kinds,
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
    "LocationModel",
    "LocationProblem",
    "MaximalCovering",
    "PCenter",
    "PMedian",
    "PRODUCT_CLASSES",
    "ProductClass",
    "PlantPlan",
    "SiteRanking",
    "SiteRules",
    "TravelMatrices",
    "ahp_weights",
    "demand_points",
    "existing_plants",
    "locate_capacitated",
    "locate_plants",
    "plant_plan",
    "plants_geojson",
    "product_class",
    "rank_sites",
    "rank_stability",
    "raw_material_points",
    "rules_for",
    "screen_case_sites",
    "screen_sites",
    "service_areas_geojson",
    "site_criteria",
    "site_kinds",
    "site_ranking",
    "site_rationale",
    "sites_geojson",
    "topsis",
    "weighted_sum",
]
