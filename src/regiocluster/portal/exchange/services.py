"""Writes of the exchange: requests, offers, interest → agreement → deal → contract."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from regiocluster.portal.accounts.permissions import (
    can_create_for_own_organisation,
    ensure_can_edit,
    ensure_manager,
)
from regiocluster.portal.exchange.models import (
    Contract,
    ContractSource,
    Interest,
    InterestStatus,
    Offer,
    PurchaseRequest,
    RequestStatus,
)
from regiocluster.portal.exchange.selectors import cooperation_share_invalidate
from regiocluster.portal.members.models import Organisation

REQUEST_FIELDS = (
    "title",
    "description",
    "okpd2",
    "product",
    "quantity",
    "unit",
    "delivery_place",
    "lon",
    "lat",
    "delivery_date",
    "required_certificates",
    "budget",
)
OFFER_FIELDS = ("title", "description", "okpd2", "product", "free_capacity", "unit", "active")


def _acting_organisation(user: Any, organisation: Organisation | None) -> Organisation:
    if not can_create_for_own_organisation(user):
        raise PermissionDenied
    if organisation is None:
        organisation = user.organisation
    if organisation is None:
        raise ValidationError(_("Choose an organisation."))
    ensure_can_edit(user, organisation)
    return organisation


@transaction.atomic
def request_create(
    *, user: Any, organisation: Organisation | None = None, **fields: Any
) -> PurchaseRequest:
    """Post a purchase request for the user's organisation."""
    org = _acting_organisation(user, organisation)
    unknown = set(fields) - set(REQUEST_FIELDS)
    if unknown:
        raise ValidationError(_("Unknown fields: %(f)s") % {"f": ", ".join(sorted(unknown))})
    req = PurchaseRequest(organisation=org, **fields)
    if req.product is not None and not req.okpd2:
        req.okpd2 = req.product.okpd2
    if req.delivery_date and req.delivery_date < timezone.localdate():
        raise ValidationError({"delivery_date": _("The delivery date is in the past.")})
    req.full_clean()
    req.save()
    return req


@transaction.atomic
def request_update(*, user: Any, request: PurchaseRequest, data: dict[str, Any]) -> PurchaseRequest:
    """Change a request; only its owner or the manager may."""
    ensure_can_edit(user, request)
    for name in REQUEST_FIELDS:
        if name in data:
            setattr(request, name, data[name])
    if "status" in data:
        request.status = data["status"]
    request.full_clean()
    request.save()
    return request


@transaction.atomic
def request_close(*, user: Any, request: PurchaseRequest) -> PurchaseRequest:
    """Close a request."""
    ensure_can_edit(user, request)
    request.status = RequestStatus.CLOSED
    request.save(update_fields=["status"])
    return request


@transaction.atomic
def offer_create(*, user: Any, organisation: Organisation | None = None, **fields: Any) -> Offer:
    """Post an offer (a capability with free capacity)."""
    org = _acting_organisation(user, organisation)
    unknown = set(fields) - set(OFFER_FIELDS)
    if unknown:
        raise ValidationError(_("Unknown fields: %(f)s") % {"f": ", ".join(sorted(unknown))})
    offer = Offer(organisation=org, **fields)
    offer.full_clean()
    offer.save()
    return offer


@transaction.atomic
def offer_update(*, user: Any, offer: Offer, data: dict[str, Any]) -> Offer:
    """Change an offer; only its owner or the manager may."""
    ensure_can_edit(user, offer)
    for name in OFFER_FIELDS:
        if name in data:
            setattr(offer, name, data[name])
    offer.full_clean()
    offer.save()
    return offer


@transaction.atomic
def interest_express(*, user: Any, request: PurchaseRequest, message: str = "") -> Interest:
    """Express the interest of the user's organisation (a supplier) in a request.

    The supplier must pass the matching's hard filters with one of its offers;
    the score and the reasons are kept with the interest.
    """
    from regiocluster.portal.exchange.selectors import request_matches

    if not (getattr(user, "is_authenticated", False) and user.is_member_rep):
        raise PermissionDenied
    supplier = user.organisation
    if request.status != RequestStatus.OPEN:
        raise ValidationError(_("This request is closed."))
    if request.organisation_id == supplier.pk:
        raise ValidationError(_("You cannot answer your own request."))
    mine = [
        m
        for m in request_matches(request=request, limit=None)
        if m.supply.organisation_id == supplier.pk
    ]
    if not mine:
        raise ValidationError(_("Your offers do not meet this request's conditions."))
    best = mine[0]
    interest, created = Interest.objects.get_or_create(
        request=request,
        supplier=supplier,
        defaults={
            "offer_id": best.supply.offer_id,
            "score": best.score,
            "reasons": [r.as_dict() for r in best.reasons],
            "message": message,
        },
    )
    if not created and interest.status == InterestStatus.DECLINED:
        raise ValidationError(_("The buyer has declined your interest."))
    return interest


def _ensure_party(user: Any, interest: Interest, *, buyer: bool) -> None:
    org_id = interest.request.organisation_id if buyer else interest.supplier_id
    if not (
        getattr(user, "is_authenticated", False)
        and user.organisation_id == org_id
        and not user.is_observer
    ):
        raise PermissionDenied


@transaction.atomic
def interest_accept(*, user: Any, interest: Interest) -> Interest:
    """Accept as the buyer: identities are revealed and negotiation starts."""
    _ensure_party(user, interest, buyer=True)
    if interest.status != InterestStatus.INTERESTED:
        raise ValidationError(_("This interest cannot be accepted now."))
    interest.status = InterestStatus.AGREED
    interest.save(update_fields=["status", "updated"])
    return interest


@transaction.atomic
def interest_decline(*, user: Any, interest: Interest) -> Interest:
    """Decline a supplier's interest as the buyer."""
    _ensure_party(user, interest, buyer=True)
    if interest.status != InterestStatus.INTERESTED:
        raise ValidationError(_("This interest cannot be declined now."))
    interest.status = InterestStatus.DECLINED
    interest.save(update_fields=["status", "updated"])
    return interest


def _next_link_id(prefix: str) -> str:
    n = Contract.objects.filter(link_id__startswith=prefix).count() + 1
    while Contract.objects.filter(link_id=f"{prefix}{n:06d}").exists():
        n += 1
    return f"{prefix}{n:06d}"


@transaction.atomic
def deal_record(
    *, user: Any, interest: Interest, value_mln_rub: float, signed: date | None = None
) -> Contract:
    """Record the deal that closes a negotiation; it enters the contracts register."""
    interest = Interest.objects.select_for_update().select_related("request").get(pk=interest.pk)
    _ensure_party(user, interest, buyer=True)
    if interest.status != InterestStatus.AGREED:
        raise ValidationError(_("Both sides must agree before a deal is recorded."))
    if not value_mln_rub or value_mln_rub <= 0:
        raise ValidationError({"value": _("Enter a positive value.")})
    signed = signed or timezone.localdate()
    contract = Contract(
        link_id=_next_link_id("X"),
        supplier_id=interest.supplier_id,
        buyer_id=interest.request.organisation_id,
        product=interest.request.product,
        year=signed.year,
        value=value_mln_rub,
        signed=signed,
        source=ContractSource.EXCHANGE,
        interest=interest,
    )
    contract.full_clean()
    contract.save()
    interest.status = InterestStatus.DEAL
    interest.save(update_fields=["status", "updated"])
    req = interest.request
    req.status = RequestStatus.CLOSED
    req.save(update_fields=["status"])
    cooperation_share_invalidate()
    transaction.on_commit(cooperation_share_invalidate)
    return contract


@transaction.atomic
def contract_create(
    *,
    user: Any,
    supplier: Organisation,
    buyer: Organisation,
    year: int,
    value_mln_rub: float,
    product: Any = None,
    signed: date | None = None,
) -> Contract:
    """Enter a contract between members into the register (cluster manager only)."""
    ensure_manager(user)
    if supplier.pk == buyer.pk:
        raise ValidationError(_("Supplier and buyer must differ."))
    contract = Contract(
        link_id=_next_link_id("M"),
        supplier=supplier,
        buyer=buyer,
        product=product,
        year=year,
        value=value_mln_rub,
        signed=signed,
        source=ContractSource.MANUAL,
    )
    contract.full_clean()
    contract.save()
    cooperation_share_invalidate()
    transaction.on_commit(cooperation_share_invalidate)
    return contract
