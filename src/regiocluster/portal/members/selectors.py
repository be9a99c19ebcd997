"""Reads of the member registry."""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.db.models import Count, Max, Q, QuerySet

from regiocluster.portal.cacheversion import tables_version
from regiocluster.portal.members.models import (
    ApplicationStatus,
    Capacity,
    Document,
    MembershipApplication,
    Organisation,
    Product,
    Region,
    Visibility,
)


def organisation_list(
    *,
    q: str = "",
    kind: str = "",
    region: str = "",
    okved: str = "",
    product: str = "",
    members_only: bool = True,
) -> QuerySet[Organisation]:
    """Organisations filtered by free text, role, district, OKVED prefix and product."""
    qs = Organisation.objects.select_related("region")
    if members_only:
        qs = qs.filter(is_member=True)
    if q:
        cond = Q(name__icontains=q) | Q(name_en__icontains=q) | Q(description__icontains=q)
        if q.isdigit():
            cond |= Q(inn__startswith=q)
        qs = qs.filter(cond)
    if kind:
        qs = qs.filter(kind=kind)
    if region:
        qs = qs.filter(region_id=region)
    if okved:
        qs = qs.filter(Q(okved__startswith=okved) | Q(okved_extra__contains=okved))
    if product:
        qs = qs.filter(capacities__product__product_id=product).distinct()
    return qs.order_by("name")


def organisation_get(*, pk: int) -> Organisation:
    """One organisation with its district."""
    return Organisation.objects.select_related("region").get(pk=pk)


def organisation_points(*, kind: str = "") -> dict[str, Any]:
    """Members as a GeoJSON FeatureCollection for the map (illustrative ones flagged)."""
    qs = Organisation.objects.filter(is_member=True)
    if kind:
        qs = qs.filter(kind=kind)
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [round(lon, 5), round(lat, 5)]},
            "properties": {"id": pk, "name": name, "kind": k, "illustrative": syn},
        }
        for pk, name, k, lon, lat, syn in qs.values_list(
            "pk", "name", "kind", "lon", "lat", "synthetic"
        )
    ]
    return {"type": "FeatureCollection", "features": features}


def product_catalogue(*, q: str = "", group: str = "") -> QuerySet[Product]:
    """Products with the number of producers and total latest capacity."""
    qs = Product.objects.all()
    if q:
        qs = qs.filter(
            Q(name_ru__icontains=q)
            | Q(name_en__icontains=q)
            | Q(okpd2__startswith=q)
            | Q(hs__startswith=q)
        )
    if group:
        qs = qs.filter(group=group)
    return qs.order_by("name_ru")


def product_producers(*, product: Product) -> QuerySet[Capacity]:
    """Latest-year capacities of the members making ``product``."""
    latest = Capacity.objects.filter(product=product).aggregate(y=Max("year"))["y"]
    return (
        Capacity.objects.filter(product=product, year=latest, organisation__is_member=True)
        .select_related("organisation")
        .order_by("-capacity")
    )


def organisation_capacities(*, organisation: Organisation) -> QuerySet[Capacity]:
    """List an organisation's capacities in its latest year."""
    latest = organisation.capacities.aggregate(y=Max("year"))["y"]
    return organisation.capacities.filter(year=latest).select_related("product")


def district_list() -> list[Region]:
    """List the regions holding at least one organisation (for filters; cached)."""
    tables = (Region._meta.db_table, Organisation._meta.db_table)
    key = f"districts:{tables_version(tables)}"
    regions = cache.get(key)
    if regions is None:
        regions = list(
            Region.objects.filter(organisations__isnull=False).distinct().order_by("name_ru")
        )
        cache.set(key, regions, 300)
    return regions


def product_list_cached() -> list[Product]:
    """List all products (for filters; cached per data version)."""
    key = f"products:{tables_version([Product._meta.db_table])}"
    products = cache.get(key)
    if products is None:
        products = list(Product.objects.order_by("name_ru"))
        cache.set(key, products, 300)
    return products


def application_list(*, status: str = ApplicationStatus.PENDING) -> QuerySet[MembershipApplication]:
    """Membership applications in a state, newest first."""
    qs = MembershipApplication.objects.select_related("region")
    return qs.filter(status=status) if status else qs


def members_by(*, field: str) -> list[dict[str, Any]]:
    """Count members by ``kind`` or ``region`` (district), largest first."""
    if field == "region":
        rows = Organisation.objects.filter(is_member=True).values(
            "region_id", "region__name_ru", "region__name_en"
        )
        rows = rows.annotate(n=Count("pk")).order_by("-n", "region__name_ru")
        return [
            {
                "key": r["region_id"],
                "ru": r["region__name_ru"],
                "en": r["region__name_en"],
                "n": r["n"],
            }
            for r in rows
        ]
    rows = Organisation.objects.filter(is_member=True).values("kind").annotate(n=Count("pk"))
    return [{"key": r["kind"], "n": r["n"]} for r in rows.order_by("-n", "kind")]


def document_visible(*, document: Document, user: Any) -> bool:
    """Whether ``user`` may download ``document`` under its visibility.

    Public: everyone. Members: signed-in member representatives, the observer and
    the manager. Owner: the owner's representatives and the cluster manager.
    """
    if document.visibility == Visibility.PUBLIC:
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_manager or (
        user.organisation_id is not None and user.organisation_id == document.organisation_id
    ):
        return True
    return document.visibility == Visibility.MEMBERS and (user.is_member_rep or user.is_observer)


def documents_for(*, organisation: Organisation, user: Any) -> list[Document]:
    """Return the documents of ``organisation`` that ``user`` may see."""
    return [d for d in organisation.documents.all() if document_visible(document=d, user=user)]
