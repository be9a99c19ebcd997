"""Tables of the study's "needs" questions, taken from hand-entered facts.

``support_programmes_international`` and ``innovation_infrastructure`` are
real, sourced rows (``facts/international_programmes.csv``,
``facts/innovation_infrastructure.csv``); nothing here is drawn at random.
"""

from __future__ import annotations

import pandas as pd

from regiocluster.case.schema import TABLES


def build(facts: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Return the two tables from their fact files, columns in schema order."""
    programmes = facts["international_programmes"]
    facilities = facts["innovation_infrastructure"].copy()
    for column in ("lon", "lat"):
        facilities[column] = facilities[column].astype(float)
    return {
        "support_programmes_international": programmes[
            TABLES["support_programmes_international"].column_names
        ],
        "innovation_infrastructure": facilities[TABLES["innovation_infrastructure"].column_names],
    }
