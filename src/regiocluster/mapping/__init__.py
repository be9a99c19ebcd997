"""Cluster mapping: specialisation, strong-cluster rules, related industries, members."""

from regiocluster.mapping.specialisation import (
    hoover_specialisation,
    krugman_specialisation,
    location_quotient,
    shift_share,
)
from regiocluster.mapping.strong import eco_stars, us_strong_clusters

__all__ = [
    "eco_stars",
    "hoover_specialisation",
    "krugman_specialisation",
    "location_quotient",
    "shift_share",
    "us_strong_clusters",
]
