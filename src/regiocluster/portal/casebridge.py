"""Between the portal database and a Case: seed from a case, export the live data as one.

The portal holds the registry tables (``enterprises``, ``enterprise_finances``,
``products``, ``enterprise_products``, ``supply_links``, and the ``regions`` it
uses); :func:`case_export` writes those from the database and copies every other
table from the case that seeded it, so ``load_case(folder)`` loads the result and
every analysis runs on live data.
"""

from __future__ import annotations

import math
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd
from django.db import transaction

from regiocluster.case.codes import longest_match
from regiocluster.case.errors import CaseError, Problem
from regiocluster.case.export import write_case
from regiocluster.case.load import Case
from regiocluster.case.schema import TABLES
from regiocluster.portal.exchange.models import Contract, ContractSource, Offer
from regiocluster.portal.exchange.selectors import cooperation_share_invalidate
from regiocluster.portal.members.models import (
    Capacity,
    CaseSource,
    Certificate,
    Finance,
    Organisation,
    Product,
    Region,
)

LIVE_TABLES = (
    "enterprises",
    "enterprise_finances",
    "products",
    "enterprise_products",
    "supply_links",
)

#: Russian standards (GOST) seeded as illustrative certificates of producers, by product id.
_STANDARDS = {
    "cement": "GOST 31108-2020",
    "lime": "GOST 9179-2018",
    "ready_mix": "GOST 7473-2010",
    "dry_mix": "GOST 31357-2007",
    "precast": "GOST 13015-2012",
    "aerated_blocks": "GOST 31360-2007",
    "ceramic_brick": "GOST 530-2012",
    "ceramic_tiles": "GOST 13996-2019",
    "mineral_wool": "GOST 9573-2012",
    "gypsum_board": "GOST 32614-2012",
    "flat_glass": "GOST 111-2014",
    "crushed_stone": "GOST 8267-93",
    "sand": "GOST 8736-2014",
    "sawn_timber": "GOST 8486-86",
    "plywood": "GOST 3916.1-2018",
    "osb": "GOST 32567-2013",
}


def _nan(v: Any) -> Any:
    if v is None:
        return None
    if isinstance(v, float) and math.isnan(v):
        return None
    if v is pd.NA or v is pd.NaT:
        return None
    return v


def database_is_empty() -> bool:
    """Whether no organisation has been loaded yet."""
    return not Organisation.objects.exists()


def _seed_regions(regions: pd.DataFrame) -> None:
    Region.objects.bulk_create(
        [
            Region(
                region_id=r.region_id,
                name_ru=r.name_ru,
                name_en=_nan(r.name_en) or "",
                kind=r.kind,
                parent_id=_nan(r.parent_id) or "",
                lon=_nan(r.lon),
                lat=_nan(r.lat),
            )
            for r in regions.itertuples(index=False)
        ],
        ignore_conflicts=True,
    )


def _seed_products(table: pd.DataFrame) -> dict[str, Product]:
    products = {}
    for r in table.itertuples(index=False):
        products[r.product_id] = Product.objects.create(
            product_id=r.product_id,
            name_ru=r.name_ru,
            name_en=_nan(r.name_en) or "",
            hs=_nan(r.hs) or "",
            okpd2=r.okpd2,
            okved=_nan(r.okved) or "",
            unit=r.unit,
            tonnes_per_unit=float(r.tonnes_per_unit),
            group=_nan(r.group) or "",
            raw_material=_nan(r.raw_material) or "",
        )
    return products


def _seed_organisations(table: pd.DataFrame) -> list[Organisation]:
    orgs = Organisation.objects.bulk_create(
        [
            Organisation(
                case_id=r.enterprise_id,
                name=r.name,
                inn=str(r.inn),
                okved=r.okved,
                kind=r.kind,
                region_id=r.region_id,
                lon=float(r.lon),
                lat=float(r.lat),
                size_class=r.size_class,
                founded=_nan(r.founded),
                synthetic=bool(r.synthetic),
                is_member=True,
            )
            for r in table.itertuples(index=False)
        ]
    )
    return orgs


def _seed_rows(t: Any, products: dict[str, Product]) -> dict[str, int]:
    """Capacities, finances and the contracts register; return organisation ids by case id."""
    ids = {o.case_id: o.pk for o in Organisation.objects.only("pk", "case_id")}
    Capacity.objects.bulk_create(
        [
            Capacity(
                organisation_id=ids[r.enterprise_id],
                product=products[r.product_id],
                year=int(r.year),
                capacity=float(r.capacity),
                output=float(r.output),
            )
            for r in t["enterprise_products"].itertuples(index=False)
        ]
    )
    fin_cols = ("revenue", "purchases", "wages", "investment", "exports", "employees", "net_profit")
    Finance.objects.bulk_create(
        [
            Finance(
                organisation_id=ids[r.enterprise_id],
                year=int(r.year),
                fixed_assets_wear=_nan(r.fixed_assets_wear),
                **{c: float(getattr(r, c)) for c in fin_cols},
            )
            for r in t["enterprise_finances"].itertuples(index=False)
        ]
    )
    Contract.objects.bulk_create(
        [
            Contract(
                link_id=r.link_id,
                supplier_id=ids[r.supplier_id],
                buyer_id=ids[r.buyer_id],
                product=products.get(_nan(r.product_id)) if _nan(r.product_id) else None,
                year=int(r.year),
                value=float(r.value),
                source=ContractSource.CASE,
            )
            for r in t["supply_links"].itertuples(index=False)
        ],
        batch_size=2000,
    )
    return ids


def _seed_offers(
    table: pd.DataFrame, products: dict[str, Product], ids: dict[str, int]
) -> tuple[int, int]:
    """Offer each producer's latest free capacity, with an illustrative certificate."""
    ep = table
    latest = ep.sort_values("year").groupby(["enterprise_id", "product_id"], as_index=False).last()
    new_offers, new_certs = [], []
    today = date.today()
    for r in latest.itertuples(index=False):
        free = float(r.capacity) - float(r.output)
        p = products[r.product_id]
        if free > 0:
            new_offers.append(
                Offer(
                    organisation_id=ids[r.enterprise_id],
                    title=p.name_ru,
                    okpd2=p.okpd2,
                    product=p,
                    free_capacity=round(free, 3),
                    unit=p.unit,
                    description="Свободная мощность по данным кейса (иллюстративно)",
                )
            )
        std = _STANDARDS.get(p.product_id)
        if std:
            new_certs.append(
                Certificate(
                    organisation_id=ids[r.enterprise_id],
                    code=std,
                    number="ILLUSTRATIVE",
                    product=p,
                    valid_from=today - timedelta(days=365),
                    expires=today + timedelta(days=3 * 365),
                )
            )
    Offer.objects.bulk_create(new_offers, batch_size=2000)
    Certificate.objects.bulk_create(new_certs, batch_size=2000)
    return len(new_offers), len(new_certs)


@transaction.atomic
def case_seed(*, case: Any, offers: bool = True) -> dict[str, int]:
    """Seed an empty database from a Case.

    Enterprises become organisations (synthetic ones flagged illustrative),
    products the catalogue, capacities and finances their rows, supply links
    the contracts register. With ``offers``, every producer's latest free
    capacity (capacity − output) becomes an exchange offer, and producers get an
    illustrative certificate for their product group so the exchange can be tried.

    Returns
    -------
    dict
        Rows created per kind.
    """
    t = case.tables
    regions = t["regions"]
    _seed_regions(regions)
    products = _seed_products(t["products"])
    orgs = _seed_organisations(t["enterprises"])
    ids = _seed_rows(t, products)
    n_offers = n_certs = 0
    if offers:
        n_offers, n_certs = _seed_offers(t["enterprise_products"], products, ids)
    CaseSource.objects.create(name=str(case.name), path=str(case.path or ""))
    cooperation_share_invalidate()
    transaction.on_commit(cooperation_share_invalidate)
    return {
        "regions": len(regions),
        "organisations": len(orgs),
        "products": len(products),
        "contracts": len(t["supply_links"]),
        "offers": n_offers,
        "certificates": n_certs,
    }


def _enterprises_frame(known: set[str] | None) -> pd.DataFrame:
    """Return the member organisations as the Case's ``enterprises`` table."""
    ent = pd.DataFrame(
        list(
            Organisation.objects.filter(is_member=True)
            .order_by("case_id")
            .values_list(
                "case_id",
                "name",
                "inn",
                "okved",
                "kind",
                "region_id",
                "lon",
                "lat",
                "founded",
                "size_class",
                "synthetic",
            )
        ),
        columns=TABLES["enterprises"].column_names,
    )
    if known is not None:
        # the most detailed industry code of the case that covers each code
        by_code = {k: k for k in known}
        ent["okved"] = [longest_match(str(c), by_code) or c for c in ent["okved"]]
    ent["founded"] = ent["founded"].astype("Int64")
    return ent


def live_tables(*, industries: pd.DataFrame | None = None) -> dict[str, pd.DataFrame]:
    """Read the registry tables from the database, in the Case schema's columns."""
    known = set(industries["okved"]) if industries is not None else None
    ent = _enterprises_frame(known)
    member_ids = set(ent["enterprise_id"])
    fin = pd.DataFrame(
        list(
            Finance.objects.order_by("organisation__case_id", "year").values_list(
                "organisation__case_id",
                "year",
                "revenue",
                "purchases",
                "wages",
                "investment",
                "exports",
                "employees",
                "net_profit",
                "fixed_assets_wear",
            )
        ),
        columns=TABLES["enterprise_finances"].column_names,
    )
    prod = pd.DataFrame(
        list(
            Product.objects.order_by("product_id").values_list(
                "product_id",
                "name_ru",
                "name_en",
                "hs",
                "okpd2",
                "okved",
                "unit",
                "tonnes_per_unit",
                "group",
                "raw_material",
            )
        ),
        columns=TABLES["products"].column_names,
    )
    prod["raw_material"] = prod["raw_material"].replace("", pd.NA)
    ep = pd.DataFrame(
        list(
            Capacity.objects.order_by(
                "organisation__case_id", "product__product_id", "year"
            ).values_list(
                "organisation__case_id", "product__product_id", "year", "capacity", "output"
            )
        ),
        columns=TABLES["enterprise_products"].column_names,
    )
    links = pd.DataFrame(
        list(
            Contract.objects.order_by("link_id").values_list(
                "link_id",
                "supplier__case_id",
                "buyer__case_id",
                "product__product_id",
                "year",
                "value",
            )
        ),
        columns=TABLES["supply_links"].column_names,
    )
    fin = fin[fin["enterprise_id"].isin(member_ids)]
    ep = ep[ep["enterprise_id"].isin(member_ids)]
    links = links[links["supplier_id"].isin(member_ids) & links["buyer_id"].isin(member_ids)]
    return {
        "enterprises": ent,
        "enterprise_finances": fin,
        "products": prod,
        "enterprise_products": ep,
        "supply_links": links,
    }


@lru_cache(maxsize=4)
def _base_case(name: str) -> Any:
    from regiocluster import load_case

    return load_case(name)


def seed_case_name() -> str:
    """Name or path of the case that seeded the portal (the embedded case if none did)."""
    seed = CaseSource.objects.first()
    return (seed.path or seed.name) if seed else "leningrad"


def live_case(*, base: Any = None) -> Case:
    """Build a :class:`~regiocluster.case.load.Case` from the portal's live data.

    The registry tables (organisations, finances, products, capacities, the
    contracts register) come from the database; every other table and the
    metadata come from ``base``, the case that seeded the portal by default.
    Every analytical number the portal shows is a core function on this Case.

    Parameters
    ----------
    base : Case, optional
        The case completing the live tables.

    Returns
    -------
    Case
    """
    base = base if base is not None else _base_case(seed_case_name())
    live = live_tables(industries=base.tables.get("industries"))
    years = [int(y) for y in base.meta["years"]]
    for name in ("enterprise_finances", "enterprise_products", "supply_links"):
        if len(live[name]):
            years = [
                min(years[0], int(live[name]["year"].min())),
                max(years[1], int(live[name]["year"].max())),
            ]
    meta = dict(base.meta)
    meta["name"] = f"{base.meta.get('name', 'case')}-live"
    meta["title"] = f"{base.meta.get('title', base.meta.get('name', 'case'))} (portal export)"
    meta["years"] = years
    tables_meta = {k: dict(v) for k, v in dict(meta.get("tables", {})).items()}
    stamp = f"regiocluster portal ({date.today().isoformat()})"
    for name in LIVE_TABLES:
        note = tables_meta.get(name, {})
        note["source"] = f"{stamp}; {note.get('source', '')}".strip("; ")
        tables_meta[name] = note
    meta["tables"] = tables_meta
    tables = {**dict(base.tables), **live}
    return Case(name=str(meta["name"]), meta=meta, tables=tables, path=None)


def case_export(*, folder: Path, base: Any) -> Path:
    """Write the live data as a Case folder loadable by ``load_case(folder)``.

    Written by :func:`regiocluster.case.export.write_case` (CSV + ``case.toml``
    by ``tomli_w``). Organisations without a year founded are refused with a
    :class:`~regiocluster.case.errors.CaseError` naming each of them.

    Parameters
    ----------
    folder : Path
        Output folder (created).
    base : Case
        The case whose other tables (regions, industries, statistics, territory)
        complete the export; normally the one that seeded the portal.
    """
    case = live_case(base=base)
    _ensure_exportable(case.tables["enterprises"])
    return write_case(case, folder)


def _ensure_exportable(enterprises: pd.DataFrame) -> None:
    missing = enterprises[enterprises["founded"].isna()]
    if missing.empty:
        return
    raise CaseError(
        [
            Problem(
                table="enterprises",
                row=int(pos) + 2,
                column="founded",
                value="",
                message=f"{r.name} ({r.enterprise_id}) has no year founded; "
                "enter it on the organisation's profile",
            )
            for pos, r in zip(missing.index, missing.itertuples(index=False), strict=True)
        ]
    )
