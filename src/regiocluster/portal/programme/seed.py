"""Seed the management system from a case: the illustrative plan, KPIs, a test site, a BOM.

Everything seeded here is marked illustrative: the plan's dates and budgets
and the KPI targets are synthetic (:func:`regiocluster.programme.illustrative_plan`);
the KPI baselines are the core's indicators on the seeded case.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from regiocluster.errors import RegioclusterError
from regiocluster.portal.members.models import Capacity, Kind, Organisation
from regiocluster.portal.programme.models import (
    BomLine,
    BomVersion,
    BudgetLine,
    Equipment,
    Kpi,
    KpiPeriod,
    Laboratory,
    Measure,
)
from regiocluster.programme import COMPUTED, cluster_indicators, illustrative_plan

#: Synthetic yearly growth of the seeded targets over the baseline (illustrative).
TARGET_GROWTH = 0.05


def _kpis(case: Any, years: list[int]) -> dict[str, Kpi]:
    try:
        indicators = cluster_indicators(case)
    except RegioclusterError:  # a case without members' finances: no computed baselines
        return {}
    out = {}
    for key, (unit, en, ru) in COMPUTED.items():
        base = indicators.figure(key).value
        if base is None:
            continue
        kpi = Kpi.objects.create(
            code=key.upper().replace("_", "-")[:32],
            name=ru,
            name_en=en,
            unit=unit,
            baseline=round(base, 3),
            baseline_year=indicators.year,
            computed=key,
            published=True,
            synthetic=True,
            definition=f"regiocluster.programme.cluster_indicators: {key}",
        )
        for i, year in enumerate(years, start=1):
            step = abs(base) * TARGET_GROWTH * i if base else float(i)
            KpiPeriod.objects.create(kpi=kpi, year=year, target=round(base + step, 3))
        out[key] = kpi
    return out


def _responsible() -> Organisation:
    return (
        Organisation.objects.filter(kind=Kind.MANAGEMENT).order_by("pk").first()
        or Organisation.objects.filter(is_member=True).order_by("pk").first()
    )


def _prices(case: Any) -> dict[str, float]:
    """Latest regional price per product from the case's market balances."""
    balances = case.tables.get("market_balances")
    if balances is None or "price" not in balances.columns:
        return {}
    known = balances[balances["price"].notna() & (balances["region_id"] == case.territory.region)]
    last = known.sort_values("year").groupby("product_id")["price"].last()
    return {str(k): float(v) for k, v in last.items()}


#: Synthetic quantities of a 150 m² demonstration house (illustrative).
HOUSE = {"cement": 18.0, "ready_mix": 60.0, "ceramic_brick": 20.0, "aerated_blocks": 90.0,
         "mineral_wool": 40.0, "sawn_timber": 12.0}  # fmt: skip


def _bom(case: Any) -> None:
    version = BomVersion.objects.create(
        number=1, title="Эскизный проект (иллюстративный)", published=True,
        note="Illustrative: synthetic quantities for a 150 m² house; prices from the case.",
    )  # fmt: skip
    prices = _prices(case)
    for product_id, quantity in HOUSE.items():
        if product_id not in prices:
            continue
        cap = (
            Capacity.objects.filter(product__product_id=product_id, organisation__is_member=True)
            .select_related("product", "organisation")
            .order_by("-capacity")
            .first()
        )
        if cap is None:
            continue
        BomLine.objects.create(
            version=version, product=cap.product, supplier=cap.organisation,
            item=cap.product.name_ru, quantity=quantity, unit=cap.product.unit,
            unit_price=prices[product_id],
        )  # fmt: skip
    BomLine.objects.create(
        version=version, item="Энергосберегающие окна", quantity=14, unit="шт",
        unit_price=38000.0, imported=True,
    )  # fmt: skip


@transaction.atomic
def programme_seed(*, case: Any, start: date | None = None) -> dict[str, int]:
    """Seed an empty management system from ``case`` (does nothing when measures exist)."""
    if Measure.objects.exists():
        return {}
    start = start or date.today()
    plan = illustrative_plan(start=start)
    kpis = _kpis(case, [start.year + i for i in range(3)])
    responsible = _responsible()
    if responsible is None:
        return {}
    measures = {}
    for row in plan.frames["measures"].itertuples():
        m = Measure.objects.create(
            code=row.measure_id, title=row.name_ru, title_en=row.name_en, kind=row.kind,
            responsible=responsible, start=row.start, due=row.due, published=True,
            synthetic=True,
        )  # fmt: skip
        m.kpis.set([kpis[k] for k in row.kpis if k in kpis])
        measures[row.measure_id] = m
    for row in plan.frames["dependencies"].itertuples():
        measures[row.measure_id].depends_on.add(measures[row.depends_on])
    support = list(case.tables["support_measures"]["measure_id"].astype(str))
    for row in plan.frames["budget"].itertuples():
        if row.source == "support_measure" and not support:
            continue
        BudgetLine.objects.create(
            measure=measures[row.measure_id], source=row.source, amount=row.amount,
            support_measure=support[0] if row.source == "support_measure" else "",
        )  # fmt: skip
    lab = Laboratory.objects.create(
        name="Испытательная лаборатория кластера (иллюстративная)",
        name_en="Cluster test laboratory (illustrative)", host=responsible,
    )  # fmt: skip
    for ru, en, std in (
        ("Испытательный пресс", "Compression testing machine", "GOST 310.4-81; GOST 10180-2012"),
        ("Климатическая камера", "Climatic chamber", "GOST 10060-2012"),
    ):
        Equipment.objects.create(laboratory=lab, name=ru, name_en=en, standards=std)
    _bom(case)
    return {"measures": len(measures), "kpis": len(kpis)}
