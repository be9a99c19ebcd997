"""Site suitability, ranking and exact location-allocation."""

from regiocluster.siting.covering import MaximalCovering, PCenter
from regiocluster.siting.facility import CapacitatedFacilityLocation
from regiocluster.siting.pmedian import PMedian

__all__ = ["CapacitatedFacilityLocation", "MaximalCovering", "PCenter", "PMedian"]
