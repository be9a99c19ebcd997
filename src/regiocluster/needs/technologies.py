"""Needed technologies: the demand each serves, and whether anyone in the cluster uses it.

A technology is **needed** when the demand it serves is there (its product
has demand in the territory, or, for a demand-side technology, its industry
builds in the territory) and fewer than ``threshold`` of the organisations
that could use it do. A technology nobody uses yet but that is ready (TRL 7
or more) ranks first; one that is not ready is a candidate for joint R&D and
the test site rather than for adoption.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from regiocluster.case.codes import covers

__all__ = ["rank_technology_needs"]


def _potential_users(tech: pd.Series, members: pd.DataFrame, makers: pd.DataFrame) -> set[str]:
    inside = members[[covers(str(tech["okved"]), str(o)) for o in members["okved"]]]
    product = tech.get("product_id")
    if tech["side"] == "production" and isinstance(product, str) and product:
        made = set(makers.loc[makers["product_id"] == product, "enterprise_id"])
        inside = inside[inside["enterprise_id"].isin(made)]
    return set(inside["enterprise_id"])


def rank_technology_needs(
    technologies: pd.DataFrame,
    adoption: pd.DataFrame,
    members: pd.DataFrame,
    makers: pd.DataFrame,
    demand: pd.Series,
    *,
    threshold: float = 0.25,
    ready_trl: int = 7,
) -> pd.DataFrame:
    """Rank technologies by the demand they serve and how little the cluster uses them.

    Parameters
    ----------
    technologies : pandas.DataFrame
        ``technology_id``, ``name_en``, ``side`` (production / demand),
        ``okved``, ``product_id`` (may be empty), ``trl``.
    adoption : pandas.DataFrame
        ``enterprise_id``, ``technology_id``: who uses what.
    members : pandas.DataFrame
        The cluster's members (``enterprise_id``, ``okved``).
    makers : pandas.DataFrame
        ``enterprise_id``, ``product_id``: who makes what.
    demand : pandas.Series
        Demand by product (product units) in the year looked at.
    threshold : float
        Share of potential users below which a technology is needed.
    ready_trl : int
        TRL from which a technology is ready to adopt.

    Returns
    -------
    pandas.DataFrame
        One row per technology, neediest first: ``potential_users``,
        ``users``, ``use_share``, ``demand`` (of its product, NaN when it has
        none), ``ready``, ``needed`` (bool), ``action`` (``adopt`` or
        ``develop``), ``rank``.

    Examples
    --------
    >>> techs = pd.DataFrame({"technology_id": ["T1", "T2"], "name_en": ["a", "b"],
    ...     "side": "production", "okved": "23.51", "product_id": "cement", "trl": [9, 6]})
    >>> members = pd.DataFrame({"enterprise_id": ["E1", "E2"], "okved": "23.51"})
    >>> makers = pd.DataFrame({"enterprise_id": ["E1", "E2"], "product_id": "cement"})
    >>> adoption = pd.DataFrame({"enterprise_id": ["E1", "E2"], "technology_id": "T1"})
    >>> out = rank_technology_needs(techs, adoption, members, makers, pd.Series({"cement": 5.0}))
    >>> out.loc["T2", ["users", "needed", "action"]].to_dict()
    {'users': 0, 'needed': True, 'action': 'develop'}
    >>> out.loc["T1", ["users", "needed", "action"]].to_dict()
    {'users': 2, 'needed': False, 'action': 'adopt'}
    """
    member_ids = set(members["enterprise_id"])
    used = adoption[adoption["enterprise_id"].isin(member_ids)]
    rows = []
    for _, tech in technologies.iterrows():
        potential = _potential_users(tech, members, makers)
        users = set(used.loc[used["technology_id"] == tech["technology_id"], "enterprise_id"])
        users &= potential | users
        product = tech.get("product_id")
        served = demand.get(product, np.nan) if isinstance(product, str) and product else np.nan
        share = len(users) / len(potential) if potential else 0.0
        ready = int(tech["trl"]) >= ready_trl
        has_demand = (served > 0) if served == served else bool(potential)
        rows.append(
            {
                "technology_id": tech["technology_id"],
                "name_en": tech["name_en"],
                "side": tech["side"],
                "trl": int(tech["trl"]),
                "product_id": product if isinstance(product, str) and product else None,
                "potential_users": len(potential),
                "users": len(users),
                "use_share": share,
                "demand": served,
                "ready": ready,
                "needed": bool(has_demand and share < threshold),
                "action": "adopt" if ready else "develop",
            }
        )
    out = pd.DataFrame(rows).set_index("technology_id")
    out = out.sort_values(
        ["needed", "users", "ready", "demand"], ascending=[False, True, False, False]
    )
    out["rank"] = np.arange(1, len(out) + 1)
    return out
