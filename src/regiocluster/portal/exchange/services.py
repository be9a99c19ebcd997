"""Writes of the exchange: requests, offers, interest → agreement → deal → contract."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
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
from regiocluster.portal.locking import versioned_update
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
    fields.pop("version", None)  # a new request starts at version 1
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


def _ensure_open(request: PurchaseRequest) -> None:
    if request.status == RequestStatus.CLOSED:
        raise ValidationError(_("This request is closed and can no longer be changed."))


@transaction.atomic
def request_update(
    *, user: Any, request: PurchaseRequest, data: dict[str, Any], version: int | None = None
) -> PurchaseRequest:
    """Change an open request; only its owner or the manager may.

    A closed request is frozen. With ``version``, an edit based on an older
    version raises :class:`~regiocluster.portal.locking.StaleEditError`.
    """
    ensure_can_edit(user, request)
    _ensure_open(PurchaseRequest.objects.get(pk=request.pk))
    fields = (*REQUEST_FIELDS, "status")
    return versioned_update(instance=request, fields=fields, data=data, version=version)


@transaction.atomic
def request_close(*, user: Any, request: PurchaseRequest) -> PurchaseRequest:
    """Close a request."""
    ensure_can_edit(user, request)
    return versioned_update(
        instance=request, fields=("status",), data={"status": RequestStatus.CLOSED}, version=None
    )


@transaction.atomic
def offer_create(*, user: Any, organisation: Organisation | None = None, **fields: Any) -> Offer:
    """Post an offer (a capability with free capacity)."""
    org = _acting_organisation(user, organisation)
    fields.pop("version", None)  # a new offer starts at version 1
    unknown = set(fields) - set(OFFER_FIELDS)
    if unknown:
        raise ValidationError(_("Unknown fields: %(f)s") % {"f": ", ".join(sorted(unknown))})
    offer = Offer(organisation=org, **fields)
    offer.full_clean()
    offer.save()
    return offer


@transaction.atomic
def offer_update(
    *, user: Any, offer: Offer, data: dict[str, Any], version: int | None = None
) -> Offer:
    """Change an offer; only its owner or the manager may (optimistic locking as requests)."""
    ensure_can_edit(user, offer)
    return versioned_update(instance=offer, fields=OFFER_FIELDS, data=data, version=version)


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


def _ensure_buyer(user: Any, interest: Interest) -> None:
    org_id = interest.request.organisation_id
    if not (
        getattr(user, "is_authenticated", False)
        and user.organisation_id == org_id
        and not user.is_observer
    ):
        raise PermissionDenied


@transaction.atomic
def interest_accept(*, user: Any, interest: Interest) -> Interest:
    """Accept as the buyer: identities are revealed and negotiation starts."""
    _ensure_buyer(user, interest)
    if interest.status != InterestStatus.INTERESTED:
        raise ValidationError(_("This interest cannot be accepted now."))
    interest.status = InterestStatus.AGREED
    interest.save(update_fields=["status", "updated"])
    return interest


@transaction.atomic
def interest_decline(*, user: Any, interest: Interest) -> Interest:
    """Decline a supplier's interest as the buyer."""
    _ensure_buyer(user, interest)
    if interest.status != InterestStatus.INTERESTED:
        raise ValidationError(_("This interest cannot be declined now."))
    interest.status = InterestStatus.DECLINED
    interest.save(update_fields=["status", "updated"])
    return interest


def _contract_save(contract: Contract, prefix: str, *, attempts: int = 8) -> Contract:
    """Save ``contract`` under the next free number ``<prefix>NNNNNN``.

    Two concurrent deals may pick the same number; the unique constraint refuses
    the second, which retries (inside a savepoint) with the next one.
    """
    for _attempt in range(attempts):
        last = (
            Contract.objects.filter(link_id__regex=rf"^{prefix}[0-9]{{6}}$")
            .aggregate(m=Max("link_id"))
            .get("m")
        )
        contract.link_id = f"{prefix}{int(last[1:]) + 1 if last else 1:06d}"
        try:
            with transaction.atomic():
                contract.save()
            return contract
        except IntegrityError:
            continue
    raise ValidationError(_("The register is busy; try again."))


def _ensure_plausible_deal(request: PurchaseRequest, value_mln_rub: float, signed: date) -> None:
    """Refuse a deal value or date that the request makes implausible."""
    errors: dict[str, str] = {}
    today = timezone.localdate()
    posted = timezone.localtime(request.created).date() if request.created else today
    if not value_mln_rub or value_mln_rub <= 0:
        errors["value"] = _("Enter a positive value.")
    elif request.budget:
        cap = settings.DEAL_BUDGET_FACTOR * request.budget / 1e6
        if value_mln_rub > cap:
            errors["value"] = _(
                "%(v)s mln RUB is more than %(k)s times the request's budget; check the value."
            ) % {"v": f"{value_mln_rub:g}", "k": settings.DEAL_BUDGET_FACTOR}
    elif value_mln_rub > settings.DEAL_MAX_MLN_RUB:
        errors["value"] = _("%(v)s mln RUB is above the plausible maximum of %(m)s mln RUB.") % {
            "v": f"{value_mln_rub:g}",
            "m": f"{settings.DEAL_MAX_MLN_RUB:g}",
        }
    if signed > today:
        errors["signed"] = _("The signing date is in the future.")
    elif signed < posted:
        errors["signed"] = _("The deal cannot be signed before the request was posted (%(d)s).") % {
            "d": posted.isoformat()
        }
    if errors:
        raise ValidationError(errors)


def _party(user: Any, interest: Interest) -> int:
    """Return the organisation id of ``user`` if it is the buyer or the supplier."""
    orgs = (interest.request.organisation_id, interest.supplier_id)
    if not (
        getattr(user, "is_authenticated", False)
        and user.organisation_id in orgs
        and not user.is_observer
    ):
        raise PermissionDenied
    return user.organisation_id


@transaction.atomic
def deal_propose(
    *, user: Any, interest: Interest, value_mln_rub: float, signed: date | None = None
) -> Interest:
    """Propose the deal's value and date; the other side must confirm it.

    Either side may propose once both agreed; a new proposal replaces the
    previous one and waits for the other side again.
    """
    interest = Interest.objects.select_for_update().select_related("request").get(pk=interest.pk)
    org_id = _party(user, interest)
    if interest.status not in (InterestStatus.AGREED, InterestStatus.PROPOSED):
        raise ValidationError(_("Both sides must agree before a deal is proposed."))
    _ensure_open(interest.request)
    signed = signed or timezone.localdate()
    _ensure_plausible_deal(interest.request, value_mln_rub, signed)
    interest.deal_value = value_mln_rub
    interest.deal_signed = signed
    interest.proposed_by_id = org_id
    interest.status = InterestStatus.PROPOSED
    interest.save()
    return interest


@transaction.atomic
def deal_confirm(*, user: Any, interest: Interest) -> Contract:
    """Confirm the other side's proposal: the deal enters the contracts register.

    The request is closed (and frozen) in the same transaction.
    """
    interest = Interest.objects.select_for_update().select_related("request").get(pk=interest.pk)
    org_id = _party(user, interest)
    if interest.status != InterestStatus.PROPOSED:
        raise ValidationError(_("There is no proposed deal to confirm."))
    if interest.proposed_by_id == org_id:
        raise ValidationError(_("The other side must confirm your proposal."))
    req = PurchaseRequest.objects.select_for_update().get(pk=interest.request_id)
    _ensure_open(req)
    _ensure_plausible_deal(req, interest.deal_value, interest.deal_signed)
    contract = Contract(
        supplier_id=interest.supplier_id,
        buyer_id=req.organisation_id,
        product=req.product,
        year=interest.deal_signed.year,
        value=interest.deal_value,
        signed=interest.deal_signed,
        source=ContractSource.EXCHANGE,
        interest=interest,
    )
    contract.full_clean(exclude=["link_id"])
    _contract_save(contract, "X")
    interest.status = InterestStatus.DEAL
    interest.save()
    req.status = RequestStatus.CLOSED
    req.version += 1
    req.save()
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
    this_year = timezone.localdate().year
    if not settings.CONTRACT_FIRST_YEAR <= year <= this_year:
        raise ValidationError(
            {
                "year": _("The year must be between %(a)s and %(b)s.")
                % {"a": settings.CONTRACT_FIRST_YEAR, "b": this_year}
            }
        )
    if not 0 < value_mln_rub <= settings.DEAL_MAX_MLN_RUB:
        raise ValidationError(
            {
                "value": _("Enter a value between 0 and %(m)s mln RUB.")
                % {"m": settings.DEAL_MAX_MLN_RUB}
            }
        )
    contract = Contract(
        supplier=supplier,
        buyer=buyer,
        product=product,
        year=year,
        value=value_mln_rub,
        signed=signed,
        source=ContractSource.MANUAL,
    )
    contract.full_clean(exclude=["link_id"])
    _contract_save(contract, "M")
    cooperation_share_invalidate()
    transaction.on_commit(cooperation_share_invalidate)
    return contract
