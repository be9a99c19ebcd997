"""What the cluster lacks: products, technologies, support instruments, enterprises, infrastructure.

This package answers the study's "needs" questions (goals 1, 3, 7 and 9). It
sits above the market, siting and enterprises packages, because each answer
combines them: a needed product is a market gap, a new enterprise is that gap
at a ranked site near its raw material with a support measure it qualifies
for. Pure functions work on frames (:func:`rank_product_needs`, ...); the
case-level functions in :mod:`regiocluster.needs.case` return Results.
"""

from regiocluster.needs.case import (
    infrastructure_needs,
    innovation_gaps,
    international_experience,
    new_enterprises,
    product_needs,
    small_tech_companies,
    technology_needs,
)
from regiocluster.needs.infrastructure import infrastructure_gaps
from regiocluster.needs.innovation import service_gaps
from regiocluster.needs.international import compare_instruments
from regiocluster.needs.newbuild import plant_benchmarks, recommend_plants
from regiocluster.needs.products import rank_product_needs
from regiocluster.needs.technologies import rank_technology_needs

__all__ = [
    "compare_instruments",
    "infrastructure_gaps",
    "infrastructure_needs",
    "innovation_gaps",
    "international_experience",
    "new_enterprises",
    "plant_benchmarks",
    "product_needs",
    "rank_product_needs",
    "rank_technology_needs",
    "recommend_plants",
    "service_gaps",
    "small_tech_companies",
    "technology_needs",
]
