"""Cluster mapping: specialisation, strong-cluster rules, related industries, members."""

from regiocluster.mapping.members import (
    ROLES,
    ClusterBoundaries,
    cluster_boundaries,
    cluster_members,
    members_geojson,
)
from regiocluster.mapping.related import (
    RelatedIndustryClusters,
    ValidationResult,
    coagglomeration,
    colocation_correlation,
    combine_relatedness,
    io_relatedness,
    sector_of,
    validation_score,
)
from regiocluster.mapping.scan import national_scan
from regiocluster.mapping.specialisation import (
    hoover_specialisation,
    krugman_specialisation,
    location_quotient,
    shift_share,
)
from regiocluster.mapping.strong import eco_stars, us_strong_clusters

__all__ = [
    "ROLES",
    "ClusterBoundaries",
    "cluster_boundaries",
    "cluster_members",
    "members_geojson",
    "national_scan",
    "RelatedIndustryClusters",
    "ValidationResult",
    "coagglomeration",
    "colocation_correlation",
    "combine_relatedness",
    "eco_stars",
    "io_relatedness",
    "sector_of",
    "validation_score",
    "hoover_specialisation",
    "krugman_specialisation",
    "location_quotient",
    "shift_share",
    "us_strong_clusters",
]
