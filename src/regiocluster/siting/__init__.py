"""Site suitability, ranking and exact location-allocation."""

from regiocluster.siting.pmedian import PMedian

__all__ = ["PMedian"]
