"""Reads of the exchange: visible requests, matches with reasons, the contracts register."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.core.cache import cache
from django.db.models import Count, Q, QuerySet, Sum

from regiocluster.portal.accounts.permissions import sees_identities
from regiocluster.portal.cacheversion import data_changed, data_version
from regiocluster.portal.exchange import matching
from regiocluster.portal.exchange.models import (
    Contract,
    Interest,
    InterestStatus,
    Offer,
    PurchaseRequest,
    RequestStatus,
)
from regiocluster.portal.members.models import Certificate, Organisation


def request_list(
    *,
    q: str = "",
    okpd2: str = "",
    status: str = RequestStatus.OPEN,
    organisation: Organisation | None = None,
) -> QuerySet[PurchaseRequest]:
    """List requests filtered by text, OKPD2 prefix, state and owner, newest first."""
    qs = PurchaseRequest.objects.select_related("organisation__region", "product")
    if status:
        qs = qs.filter(status=status)
    if q:
        qs = qs.filter(
            Q(title__icontains=q) | Q(description__icontains=q) | Q(delivery_place__icontains=q)
        )
    if okpd2:
        qs = qs.filter(okpd2__startswith=okpd2)
    if organisation is not None:
        qs = qs.filter(organisation=organisation)
    return qs.order_by("-created", "-pk")


def buyer_visible(*, request: PurchaseRequest, user: Any) -> bool:
    """Whether ``user`` may see who posted ``request`` (anonymous until both agree)."""
    if sees_identities(user):
        return True
    org_id = getattr(user, "organisation_id", None)
    if org_id is None:
        return False
    if request.organisation_id == org_id:
        return True
    return Interest.objects.filter(
        request=request,
        supplier_id=org_id,
        status__in=[InterestStatus.AGREED, InterestStatus.PROPOSED, InterestStatus.DEAL],
    ).exists()


def _okpd2_prefix(code: str, depth: int) -> str:
    """Cut ``code`` to ``depth`` OKPD2 levels, dots kept (``23.51.12.110``, 3 → ``23.5``)."""
    n = matching.OKPD2_LEVELS[depth - 1]
    out, seen = [], 0
    for ch in code:
        if seen >= n:
            break
        out.append(ch)
        if ch.isdigit():
            seen += 1
    return "".join(out)


def supplier_stats(*, organisation_ids: list[int]) -> dict[int, tuple[int, int, int]]:
    """Per organisation: (completed deals as supplier, enquiries answered, enquiries received)."""
    deals = dict(
        Contract.objects.filter(supplier_id__in=organisation_ids)
        .values_list("supplier_id")
        .annotate(n=Count("pk"))
    )
    received: dict[int, int] = defaultdict(int)
    answered: dict[int, int] = defaultdict(int)
    rows = (
        Interest.objects.filter(request__organisation_id__in=organisation_ids)
        .values_list("request__organisation_id", "status")
        .annotate(n=Count("pk"))
    )
    for org, status, n in rows:
        received[org] += n
        if status != InterestStatus.INTERESTED:
            answered[org] += n
    return {o: (deals.get(o, 0), answered[o], received[o]) for o in organisation_ids}


def request_need(*, request: PurchaseRequest) -> matching.Need:
    """Return the matcher's view of a request."""
    tpu = (
        request.product.tonnes_per_unit
        if request.product_id
        else (1.0 if request.unit == "t" else None)
    )
    return matching.Need(
        okpd2=request.okpd2,
        quantity=request.quantity,
        unit=request.unit,
        lon=request.lon,
        lat=request.lat,
        delivery_date=request.delivery_date,
        certificates=tuple(request.certificate_codes),
        budget=request.budget,
        tonnes_per_unit=tpu,
        organisation_id=request.organisation_id,
    )


def request_matches(
    *, request: PurchaseRequest, limit: int | None = 20, min_depth: int = 4
) -> list[matching.Match]:
    """Suppliers whose active offers pass the hard filters for ``request``, best first.

    Cached per request, data version and options (any change of portal data
    invalidates it).
    """
    key = f"matches:{data_version()}:{request.pk}:{request.quantity}:{limit}:{min_depth}"
    cached = cache.get(key)
    if cached is None:
        cached = _request_matches(request=request, limit=limit, min_depth=min_depth)
        cache.set(key, cached, 300)
    return cached


def _request_matches(
    *, request: PurchaseRequest, limit: int | None, min_depth: int
) -> list[matching.Match]:
    need = request_need(request=request)
    offers = list(
        Offer.objects.filter(
            active=True,
            okpd2__startswith=_okpd2_prefix(request.okpd2, min_depth),
            organisation__is_member=True,
        )
        .exclude(organisation_id=request.organisation_id)
        .values_list(
            "pk",
            "organisation_id",
            "okpd2",
            "free_capacity",
            "unit",
            "organisation__lon",
            "organisation__lat",
        )
    )
    org_ids = sorted({o[1] for o in offers})
    certs: dict[int, list[tuple[str, Any, Any]]] = defaultdict(list)
    for org, code, start, end in Certificate.objects.filter(
        organisation_id__in=org_ids
    ).values_list("organisation_id", "code", "valid_from", "expires"):
        certs[org].append((code, start, end))
    stats = supplier_stats(organisation_ids=org_ids)
    supplies = [
        matching.Supply(
            offer_id=pk,
            organisation_id=org,
            okpd2=code,
            free_capacity=cap,
            unit=unit,
            lon=lon,
            lat=lat,
            certificates=tuple(certs[org]),
            completed_deals=stats[org][0],
            answered=stats[org][1],
            received=stats[org][2],
        )
        for pk, org, code, cap, unit, lon, lat in offers
    ]
    return matching.match(need, supplies, min_depth=min_depth, limit=limit or len(supplies) or 1)


def _supplies_of(organisation: Organisation) -> list[matching.Supply]:
    """Return the matcher's view of one organisation's active offers."""
    certs = tuple(organisation.certificates.values_list("code", "valid_from", "expires"))
    deals, answered, received = supplier_stats(organisation_ids=[organisation.pk])[organisation.pk]
    return [
        matching.Supply(
            offer_id=pk,
            organisation_id=organisation.pk,
            okpd2=code,
            free_capacity=cap,
            unit=unit,
            lon=organisation.lon,
            lat=organisation.lat,
            certificates=certs,
            completed_deals=deals,
            answered=answered,
            received=received,
        )
        for pk, code, cap, unit in organisation.offers.filter(active=True).values_list(
            "pk", "okpd2", "free_capacity", "unit"
        )
    ]


def matches_for_organisation(
    *, organisation: Organisation, limit: int = 20, scan: int = 500
) -> list[tuple[PurchaseRequest, matching.Match]]:
    """Open requests of others that ``organisation`` matches as a supplier, best first.

    Scores only this organisation's offers against the newest ``scan`` open
    requests in its OKPD2 groups (the same rules and score as
    :func:`request_matches`).
    """
    key = f"desk:{data_version()}:{organisation.pk}:{limit}:{scan}"
    cached = cache.get(key)
    if cached is None:
        cached = _matches_for_organisation(organisation, limit, scan)
        cache.set(key, cached, 300)
    return cached


def _matches_for_organisation(
    organisation: Organisation, limit: int, scan: int
) -> list[tuple[PurchaseRequest, matching.Match]]:
    supplies = _supplies_of(organisation)
    if not supplies:
        return []
    cond = Q()
    for p in {_okpd2_prefix(s.okpd2, 4) for s in supplies}:
        cond |= Q(okpd2__startswith=p)
    out = []
    for req in request_list().filter(cond).exclude(organisation=organisation)[:scan]:
        found = matching.match(request_need(request=req), supplies, limit=1)
        if found:
            out.append((req, found[0]))
    out.sort(key=lambda rm: -rm[1].score)
    return out[:limit]


def interests_for_request(*, request: PurchaseRequest) -> QuerySet[Interest]:
    """Expressions of interest in a request, best score first."""
    return request.interests.select_related("supplier").order_by("-score", "pk")


def interests_of_supplier(*, organisation: Organisation) -> QuerySet[Interest]:
    """List an organisation's own expressions of interest."""
    return organisation.interests.select_related("request__organisation").order_by("-updated")


def contract_list(*, year: int | None = None, source: str = "") -> QuerySet[Contract]:
    """List the contracts register."""
    qs = Contract.objects.select_related("supplier", "buyer", "product")
    if year:
        qs = qs.filter(year=year)
    if source:
        qs = qs.filter(source=source)
    return qs.order_by("-year", "link_id")


def contract_years() -> list[int]:
    """Years present in the register, newest first."""
    return list(Contract.objects.values_list("year", flat=True).distinct().order_by("-year"))


def cooperation_share(*, year: int | None = None) -> tuple[int | None, float | None]:
    """Return the cluster's cooperation share for ``year`` (default: the cluster's year).

    :func:`regiocluster.portal.analytics.cooperation_share` on the live Case,
    cached per data version.
    """
    key = f"coop-share:{data_version()}:{year}"
    cached = cache.get(key)
    if cached is not None:
        return cached
    result = _cooperation_share_uncached(year=year)
    cache.set(key, result, 300)
    return result


def cooperation_share_invalidate() -> None:
    """Forget cached shares (called after bulk changes of the register or the finances)."""
    data_changed()


def _cooperation_share_uncached(*, year: int | None) -> tuple[int | None, float | None]:
    from regiocluster.portal.analytics import cooperation_share as live_share

    return live_share(year=year)


def contract_totals(*, year: int | None = None) -> dict[str, Any]:
    """Count and sum the contracts in the register."""
    qs = Contract.objects.all()
    if year:
        qs = qs.filter(year=year)
    agg = qs.aggregate(n=Count("pk"), v=Sum("value"))
    return {"count": agg["n"] or 0, "value": agg["v"] or 0.0}


def cooperation_by_year() -> list[dict[str, Any]]:
    """Contracts, their value and the cooperation share for every year of the register."""
    rows = Contract.objects.values("year").annotate(n=Count("pk"), v=Sum("value")).order_by("-year")
    out = []
    for r in rows:
        _year, share = cooperation_share(year=r["year"])
        out.append({"year": r["year"], "count": r["n"], "value": r["v"], "share": share})
    return out
