"""Matching requests with suppliers: hard filters, then a score with reasons.

Pure functions on small frozen dataclasses, so the rules are tested without a
database; :mod:`regiocluster.portal.exchange.selectors` feeds them from the models.

Hard filters (all must hold)
    * the OKPD2 codes agree to at least ``min_depth`` hierarchy levels;
    * the same unit, and free capacity at least the requested quantity;
    * every required certificate is held and valid on the delivery date;
    * the supplier is not the requester.
Score (0-100, weights in :data:`WEIGHTS`)
    * code depth: matched levels / 6;
    * delivery: for heavy goods the road haul cost (distance × road factor ×
      tonnes × tariff) against the budget, for light goods distance alone;
    * past completed deals of the supplier in the contracts register;
    * the supplier's response rate on the exchange (smoothed).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import date

from regiocluster.geo import great_circle_km

#: OKPD2 hierarchy: number of leading digits that define each level
#: (class, subclass, group, subgroup, kind, category).
OKPD2_LEVELS = (2, 3, 4, 5, 6, 9)
WEIGHTS = {"code": 0.35, "delivery": 0.30, "deals": 0.20, "response": 0.15}
#: Road distance ÷ great-circle distance (a typical detour factor).
ROAD_FACTOR = 1.3
#: Road haul tariff, RUB per tonne-km (an assumption shown in the reasons).
TARIFF_RUB_PER_TKM = 5.0
#: Goods at least this heavy per unit count as heavy materials (delivery cost matters).
HEAVY_TONNES_PER_UNIT = 0.3


@dataclass(frozen=True)
class Need:
    """A request as the matcher sees it."""

    okpd2: str
    quantity: float
    unit: str
    lon: float
    lat: float
    delivery_date: date
    certificates: tuple[str, ...] = ()
    budget: float | None = None
    tonnes_per_unit: float | None = None
    organisation_id: int | None = None


@dataclass(frozen=True)
class Supply:
    """A supplier's offer (or capacity) as the matcher sees it."""

    offer_id: int | None
    organisation_id: int
    okpd2: str
    free_capacity: float
    unit: str
    lon: float
    lat: float
    certificates: tuple[tuple[str, date, date], ...] = ()
    completed_deals: int = 0
    answered: int = 0
    received: int = 0


@dataclass(frozen=True)
class Reason:
    """One reason behind a match, as a code and its parameters (translated when shown)."""

    code: str
    params: dict[str, object] = field(default_factory=dict)

    def as_dict(self) -> dict[str, object]:
        """JSON-ready form."""
        return {"code": self.code, "params": dict(self.params)}


@dataclass(frozen=True)
class Match:
    """A supplier that passes the hard filters, with its score and reasons."""

    supply: Supply
    score: float
    depth: int
    distance_km: float
    delivery_cost: float | None
    reasons: tuple[Reason, ...]


def okpd2_digits(code: str) -> str:
    """Digits of an OKPD2 code without dots (``23.51.12.110`` → ``235112110``)."""
    return re.sub(r"\D", "", code or "")


def okpd2_depth(a: str, b: str) -> int:
    """Count the OKPD2 hierarchy levels on which two codes agree (0-6).

    A shorter code (``23.51``) matches a longer one below it to its own depth.
    """
    da, db = okpd2_digits(a), okpd2_digits(b)
    depth = 0
    for n in OKPD2_LEVELS:
        if len(da) < n or len(db) < n or da[:n] != db[:n]:
            break
        depth += 1
    return depth


def failed_filters(need: Need, supply: Supply, *, min_depth: int = 4) -> list[str]:
    """Names of the hard filters ``supply`` fails for ``need`` (empty = it passes)."""
    failed = []
    if need.organisation_id is not None and supply.organisation_id == need.organisation_id:
        failed.append("self")
    if okpd2_depth(need.okpd2, supply.okpd2) < min_depth:
        failed.append("code")
    if supply.unit != need.unit or supply.free_capacity < need.quantity:
        failed.append("capacity")
    held = {}
    for code, start, end in supply.certificates:
        if start <= need.delivery_date <= end:
            held[code.strip().lower()] = end
    if any(c.strip().lower() not in held for c in need.certificates):
        failed.append("certificates")
    return failed


def score_match(need: Need, supply: Supply) -> Match:
    """Score a supplier that passed the hard filters, with the reasons."""
    depth = okpd2_depth(need.okpd2, supply.okpd2)
    reasons = [Reason("code", {"depth": depth, "levels": len(OKPD2_LEVELS), "code": supply.okpd2})]
    reasons.append(
        Reason(
            "capacity", {"free": supply.free_capacity, "quantity": need.quantity, "unit": need.unit}
        )
    )
    for code in need.certificates:
        end = next(
            (
                e
                for c, s, e in supply.certificates
                if c.strip().lower() == code.strip().lower() and s <= need.delivery_date <= e
            ),
            None,
        )
        reasons.append(
            Reason("certificate", {"code": code, "expires": end.isoformat() if end else ""})
        )

    km = great_circle_km(need.lon, need.lat, supply.lon, supply.lat) * ROAD_FACTOR
    heavy = need.tonnes_per_unit is not None and need.tonnes_per_unit >= HEAVY_TONNES_PER_UNIT
    cost = None
    if heavy:
        tonnes = need.quantity * float(need.tonnes_per_unit or 0)
        cost = km * tonnes * TARIFF_RUB_PER_TKM
        if need.budget:
            delivery = max(0.0, 1.0 - cost / need.budget)
            reasons.append(
                Reason(
                    "delivery_budget",
                    {"km": round(km), "cost": round(cost), "share": cost / need.budget},
                )
            )
        else:
            delivery = math.exp(-km / 150.0)
            reasons.append(Reason("delivery_heavy", {"km": round(km), "cost": round(cost)}))
    else:
        delivery = math.exp(-km / 1000.0)
        reasons.append(Reason("distance", {"km": round(km)}))

    deals = 1.0 - math.exp(-supply.completed_deals / 3.0)
    reasons.append(Reason("deals", {"n": supply.completed_deals}))
    response = (supply.answered + 1) / (supply.received + 2)
    reasons.append(
        Reason(
            "response", {"rate": response, "answered": supply.answered, "received": supply.received}
        )
    )
    score = 100.0 * (
        WEIGHTS["code"] * depth / len(OKPD2_LEVELS)
        + WEIGHTS["delivery"] * delivery
        + WEIGHTS["deals"] * deals
        + WEIGHTS["response"] * response
    )
    return Match(supply, round(score, 2), depth, km, cost, tuple(reasons))


def match(
    need: Need, supplies: list[Supply], *, min_depth: int = 4, limit: int = 20
) -> list[Match]:
    """Suppliers that pass every hard filter, best first.

    Parameters
    ----------
    need : Need
        The request.
    supplies : list of Supply
        Candidate offers.
    min_depth : int
        Minimum number of OKPD2 levels that must agree.
    limit : int
        Keep the best ``limit`` matches (one per supplier: its best offer).

    Returns
    -------
    list of Match
        Sorted by descending score, ties broken by offer id.
    """
    best: dict[int, Match] = {}
    for s in supplies:
        if failed_filters(need, s, min_depth=min_depth):
            continue
        m = score_match(need, s)
        cur = best.get(s.organisation_id)
        if cur is None or (m.score, -(s.offer_id or 0)) > (cur.score, -(cur.supply.offer_id or 0)):
            best[s.organisation_id] = m
    ranked = sorted(best.values(), key=lambda m: (-m.score, m.supply.offer_id or 0))
    return ranked[:limit]
