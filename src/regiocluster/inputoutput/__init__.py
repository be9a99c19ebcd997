"""Input-output models: Leontief inverse, multipliers, linkages, FLQ regionalisation, impacts."""

from regiocluster.inputoutput.case import NationalTable, national_table, sector_employment
from regiocluster.inputoutput.leontief import (
    employment_multipliers,
    income_multipliers,
    leontief_inverse,
    linkages,
    output_multipliers,
    technical_coefficients,
)
from regiocluster.inputoutput.regional import (
    RegionalImpact,
    TwoRegionModel,
    flq_coefficients,
    flq_lambda,
)

__all__ = [
    "NationalTable",
    "RegionalImpact",
    "TwoRegionModel",
    "employment_multipliers",
    "flq_coefficients",
    "flq_lambda",
    "income_multipliers",
    "leontief_inverse",
    "linkages",
    "national_table",
    "output_multipliers",
    "sector_employment",
    "technical_coefficients",
]
