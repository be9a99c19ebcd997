"""Domain rules a number of regiocluster must obey, each with its source or reasoning.

Every rule takes what it checks and returns a list of violations (empty when
the rule holds), so a test can show both that the case obeys it and that a
broken input is caught.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

#: Countries no ship reaches from the Baltic: landlocked Armenia, Belarus,
#: Kyrgyzstan and Uzbekistan (UN list of landlocked developing countries) and
#: the Caspian-only coasts of Azerbaijan and Kazakhstan.
LANDLOCKED = frozenset({"ARM", "BLR", "KGZ", "UZB", "AZE", "KAZ"})

#: Russia's apparent cement consumption per head, kg: 375 kg in 2016 (Rosstat via
#: 3smarket.com, production basis) to 457 kg in 2024 (Soyuzcement's 66.8 Mt over
#: 146 mln people); the range leaves room for 2014 (71.5 Mt) and rounding.
RU_CEMENT_KG_PER_HEAD = (350.0, 500.0)

#: The Leningrad region (St. Petersburg and the oblast) takes about 7 % of Russia's
#: cement (GS-Expert, H1 2018, via asninfo.ru); with 5.3 % of the population and a
#: housing share of Russia between 6 % and 8 %, 4-10 % is plausible in any year.
AGGLOMERATION_CEMENT_SHARE = (0.04, 0.10)

#: Capacity use of cement plants: Soyuzcement puts Russia's average near 60 %
#: (TASS, 21.01.2026); a working plant runs between about 30 % and full capacity.
CEMENT_CAPACITY_USE = (0.30, 1.0)


def shares_in_unit_interval(values: pd.Series, what: str) -> list[str]:
    """A share is a part over its whole: it lies in [0, 1] (0-100 %)."""
    bad = values[(values < -1e-12) | (values > 1 + 1e-12)].dropna()
    return [f"{what}: {i} = {v:.4f}" for i, v in bad.items()]


def part_not_above_whole(part: pd.Series, whole: pd.Series, what: str) -> list[str]:
    """A part (of which ...) is never larger than its whole (relative tolerance 1e-9)."""
    part, whole = part.align(whole, join="inner")
    bad = part > whole * (1 + 1e-9) + 1e-9
    return [f"{what}: {i} part {p:,.3f} > whole {w:,.3f}" for i, p, w in
            zip(part.index[bad], part[bad], whole[bad], strict=True)]  # fmt: skip


def world_at_least_reporter(exports: pd.Series, world: pd.Series, what: str) -> list[str]:
    """The world's exports include every reporter's: no reporter exports more than the world."""
    return part_not_above_whole(exports, world, f"{what}: exports above the world's")


def sea_needs_port(table: pd.DataFrame) -> list[str]:
    """A route by sea needs a seaport at both ends; landlocked markets are reached by land."""
    bad = table[(table["mode"] == "sea") & table["market"].isin(LANDLOCKED)]
    return [f"{r.product} to {r.market} by sea" for r in bad.itertuples()]


def units_never_added(quantities: pd.DataFrame, group: str, unit: str) -> list[str]:
    """Quantities in different units (t, m³, m²) are never summed in one group."""
    units = quantities.groupby(group)[unit].nunique()
    return [f"{g}: {n} units summed" for g, n in units[units > 1].items()]


def within(value: float, bounds: tuple[float, float], what: str) -> list[str]:
    """A value lies within its published range (bounds inclusive)."""
    lo, hi = bounds
    return [] if lo <= value <= hi else [f"{what} = {value:,.3f} outside [{lo}, {hi}]"]


def regional_per_head(region_kg: float, russia_kg: float, housing_ratio: float, what: str):
    """A region's cement per head is at most Russia's times its housing per head ratio.

    Housing takes 70-80 % of cement (Soyuzcement); a region building k times
    Russia's housing per head uses at most about k times Russia's cement per
    head (less when its housing is mostly individual houses), and at least
    half Russia's (repair and infrastructure need cement everywhere). 10 %
    margin for major projects.
    """
    upper = russia_kg * max(1.0, housing_ratio) * 1.1
    lower = 0.5 * russia_kg
    if lower <= region_kg <= upper:
        return []
    return [f"{what}: {region_kg:,.0f} kg/head outside [{lower:,.0f}, {upper:,.0f}]"]


def forecast_continues(last_actual: float, first: float, driver_step: float, what: str):
    """The first forecast year continues the last actual unless a named driver explains the step.

    The step from the last actual to the first forecast year must equal the
    change of the driver-based part (the scenario's housing, roads and
    population paths) within 1 % of the last actual.
    """
    step = first - last_actual
    if np.isfinite(step) and abs(step - driver_step) <= 0.01 * abs(last_actual):
        return []
    return [f"{what}: {last_actual:,.0f} -> {first:,.0f}; drivers explain {driver_step:+,.0f}"]
