"""Tables of the study's "needs" questions.

``support_programmes_international`` and ``innovation_infrastructure`` are
real, sourced rows (``facts/international_programmes.csv``,
``facts/innovation_infrastructure.csv``). ``technology_adoption`` is
**synthetic**: which of the synthetic organisations use which technology is
drawn from a seeded generator (larger firms adopt mature technologies more
often), because no public register of technology use exists.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from regiocluster.case.builtin.leningrad._common import SEED, YEARS
from regiocluster.case.codes import covers
from regiocluster.case.schema import TABLES

#: Chance that an organisation of the technology's industry uses it, by size
#: class, for a fully mature technology (TRL 9); it halves per TRL step below 9.
ADOPTION_CHANCE = {"micro": 0.05, "small": 0.12, "medium": 0.3, "large": 0.55}

#: Stream of the seeded generator (distinct from the economy's streams).
STREAM = 9017


def technology_adoption(
    enterprises: pd.DataFrame, technologies: pd.DataFrame, makers: pd.DataFrame
) -> pd.DataFrame:
    """Draw which organisations use which technology (synthetic, seeded).

    A technology of TRL 6 or lower is used by nobody yet; a production
    technology of product P is used only by organisations that make a
    product of its OKVED; a demand-side one by organisations of its OKVED.
    """
    rng = np.random.default_rng([SEED, STREAM])
    rows = []
    for tech in technologies.itertuples(index=False):
        trl = int(tech.trl)
        if trl <= 6:
            continue
        factor = 0.5 ** (9 - trl)
        users = enterprises[[covers(str(tech.okved), str(o)) for o in enterprises["okved"]]]
        if tech.side == "production" and isinstance(tech.product_id, str) and tech.product_id:
            made = makers.loc[makers["product_id"] == tech.product_id, "enterprise_id"]
            users = users[users["enterprise_id"].isin(set(made))]
        for ent in users.itertuples(index=False):
            chance = ADOPTION_CHANCE.get(str(ent.size_class), 0.1) * factor
            if rng.random() < chance:
                since = int(rng.integers(max(YEARS[0], int(ent.founded)), YEARS[-1] + 1))
                rows.append((ent.enterprise_id, tech.technology_id, since))
    frame = pd.DataFrame(rows, columns=TABLES["technology_adoption"].column_names)
    return frame.sort_values(["technology_id", "enterprise_id"]).reset_index(drop=True)


def build(
    facts: dict[str, pd.DataFrame], tables: dict[str, pd.DataFrame]
) -> dict[str, pd.DataFrame]:
    """Return the needs tables: two from their fact files, adoption drawn."""
    programmes = facts["international_programmes"]
    facilities = facts["innovation_infrastructure"].copy()
    for column in ("lon", "lat"):
        facilities[column] = facilities[column].astype(float)
    return {
        "support_programmes_international": programmes[
            TABLES["support_programmes_international"].column_names
        ],
        "innovation_infrastructure": facilities[TABLES["innovation_infrastructure"].column_names],
        "technology_adoption": technology_adoption(
            tables["enterprises"], tables["technologies"], tables["enterprise_products"]
        ),
    }
