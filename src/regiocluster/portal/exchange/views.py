"""Pages of the exchange: requests, offers, matches with reasons, interest → deal, the register."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from regiocluster.portal.accounts.permissions import can_edit, ensure_can_edit, sees_identities
from regiocluster.portal.exchange import selectors, services
from regiocluster.portal.exchange.disclosure import (
    anonymous_reasons,
    offer_owner_visible,
    request_private_visible,
)
from regiocluster.portal.exchange.forms import DealForm, OfferForm, RequestForm
from regiocluster.portal.exchange.models import Interest, InterestStatus, Offer, PurchaseRequest
from regiocluster.portal.locking import form_errors
from regiocluster.portal.members.models import Organisation
from regiocluster.portal.paging import CachedCountPaginator


def request_list(request: HttpRequest) -> HttpResponse:
    """Open requests (buyers anonymous)."""
    q = request.GET.get("q", "").strip()[:100]
    okpd2 = request.GET.get("okpd2", "").strip()[:16]
    qs = selectors.request_list(q=q, okpd2=okpd2)
    page = CachedCountPaginator(qs, 25, key=f"requests:{q}:{okpd2}").get_page(
        request.GET.get("page")
    )
    return render(request, "exchange/request_list.html", {"page": page, "q": q, "okpd2": okpd2})


def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show a request: matches with reasons to its owner and the manager; interest to suppliers."""
    req = get_object_or_404(
        PurchaseRequest.objects.select_related("organisation", "product"), pk=pk
    )
    user = request.user
    owner = can_edit(user, req)
    ctx = {
        "req": req,
        "owner": owner,
        "private_visible": request_private_visible(request=req, user=user),
        "buyer_visible": selectors.buyer_visible(request=req, user=user),
    }
    if owner:
        matches = selectors.request_matches(request=req)
        orgs = Organisation.objects.select_related("region").in_bulk(
            [m.supply.organisation_id for m in matches]
        )
        interests = {i.supplier_id: i for i in selectors.interests_for_request(request=req)}
        ctx["matches"] = []
        for m in matches:
            interest = interests.get(m.supply.organisation_id)
            revealed = sees_identities(user) or bool(interest and interest.revealed)
            reasons = anonymous_reasons(m.reasons, revealed=revealed)
            ctx["matches"].append((m, orgs[m.supply.organisation_id], interest, reasons))
        ctx["interests"] = list(interests.values())
        ctx["deal_form"] = DealForm()
    elif getattr(user, "is_member_rep", False):
        mine = [
            m
            for m in selectors.request_matches(request=req, limit=None)
            if m.supply.organisation_id == user.organisation_id
        ]
        ctx["my_match"] = mine[0] if mine else None
        ctx["my_interest"] = Interest.objects.filter(
            request=req, supplier_id=user.organisation_id
        ).first()
        ctx["deal_form"] = DealForm()
    return render(request, "exchange/request_detail.html", ctx)


@login_required
def request_create(request: HttpRequest) -> HttpResponse:
    """Post a request for the user's organisation."""
    if (
        not (request.user.is_member_rep or request.user.is_manager)
        or request.user.organisation_id is None
    ):
        raise PermissionDenied
    form = RequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if data.get("product") is not None and not data.get("okpd2"):
            data["okpd2"] = data["product"].okpd2
        try:
            req = services.request_create(user=request.user, **data)
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("Request posted."))
            return redirect("exchange:request", pk=req.pk)
    org = request.user.organisation
    if request.method == "GET":
        form.initial.update({"lon": org.lon, "lat": org.lat})
    return render(
        request, "exchange/request_form.html", {"form": form}, status=400 if form.errors else 200
    )


@login_required
def request_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit a request (own organisation only, 403 otherwise)."""
    req = get_object_or_404(PurchaseRequest, pk=pk)
    ensure_can_edit(request.user, req)
    form = RequestForm(request.POST or None, instance=PurchaseRequest.objects.get(pk=pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.request_update(
                user=request.user,
                request=req,
                data=form.cleaned_data,
                version=form.cleaned_data.get("version"),
            )
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("Request saved."))
            return redirect("exchange:request", pk=req.pk)
    return render(
        request,
        "exchange/request_form.html",
        {"form": form, "req": req},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def interest_express(request: HttpRequest, pk: int) -> HttpResponse:
    """Express a supplier's interest in a request."""
    req = get_object_or_404(PurchaseRequest, pk=pk)
    try:
        services.interest_express(
            user=request.user, request=req, message=request.POST.get("message", "")[:2000]
        )
        messages.success(
            request, _("Your interest has been sent. The buyer stays anonymous until both agree.")
        )
    except ValidationError as exc:
        messages.error(request, "; ".join(exc.messages))
    return redirect("exchange:request", pk=req.pk)


@login_required
@require_POST
def interest_answer(request: HttpRequest, pk: int) -> HttpResponse:
    """Accept or decline a supplier's interest (buyer only)."""
    interest = get_object_or_404(Interest.objects.select_related("request"), pk=pk)
    try:
        if request.POST.get("decision") == "accept":
            services.interest_accept(user=request.user, interest=interest)
            messages.success(request, _("Agreed: you now see each other and can negotiate."))
        else:
            services.interest_decline(user=request.user, interest=interest)
            messages.success(request, _("Declined."))
    except ValidationError as exc:
        messages.error(request, "; ".join(exc.messages))
    return redirect("exchange:request", pk=interest.request_id)


@login_required
@require_POST
def deal_propose(request: HttpRequest, pk: int) -> HttpResponse:
    """Propose the deal's value and date (buyer or supplier); the other side confirms."""
    interest = get_object_or_404(Interest.objects.select_related("request"), pk=pk)
    form = DealForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter a positive contract value."))
        return redirect("exchange:request", pk=interest.request_id)
    try:
        services.deal_propose(
            user=request.user,
            interest=interest,
            value_mln_rub=form.cleaned_data["value"],
            signed=form.cleaned_data["signed"],
        )
        messages.success(
            request, _("Deal proposed; it enters the register when the other side confirms.")
        )
    except ValidationError as exc:
        messages.error(request, "; ".join(exc.messages))
    return redirect("exchange:request", pk=interest.request_id)


@login_required
@require_POST
def deal_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm the other side's proposal; the deal enters the contracts register."""
    interest = get_object_or_404(Interest.objects.select_related("request"), pk=pk)
    try:
        services.deal_confirm(user=request.user, interest=interest)
    except ValidationError as exc:
        messages.error(request, "; ".join(exc.messages))
        return redirect("exchange:request", pk=interest.request_id)
    messages.success(request, _("Deal confirmed and entered in the contracts register."))
    return redirect("exchange:contracts")


def offer_list(request: HttpRequest) -> HttpResponse:
    """Active offers."""
    q = request.GET.get("q", "").strip()[:100]
    qs = Offer.objects.filter(active=True, organisation__is_member=True).select_related(
        "organisation", "product"
    )
    if q:
        qs = qs.filter(title__icontains=q) | qs.filter(okpd2__startswith=q)
    page = Paginator(qs.order_by("-created", "-pk"), 25).get_page(request.GET.get("page"))
    for offer in page:
        offer.owner_shown = offer_owner_visible(offer=offer, user=request.user)
    return render(request, "exchange/offer_list.html", {"page": page, "q": q})


@login_required
def offer_create(request: HttpRequest) -> HttpResponse:
    """Post an offer for the user's organisation."""
    if request.user.organisation_id is None or request.user.is_observer:
        raise PermissionDenied
    form = OfferForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.offer_create(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("Offer posted."))
            return redirect("members:dashboard")
    return render(
        request, "exchange/offer_form.html", {"form": form}, status=400 if form.errors else 200
    )


@login_required
def offer_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit an offer (own organisation only)."""
    offer = get_object_or_404(Offer, pk=pk)
    ensure_can_edit(request.user, offer)
    form = OfferForm(request.POST or None, instance=Offer.objects.get(pk=pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.offer_update(
                user=request.user,
                offer=offer,
                data=form.cleaned_data,
                version=form.cleaned_data.get("version"),
            )
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("Offer saved."))
            return redirect("members:dashboard")
    return render(
        request,
        "exchange/offer_form.html",
        {"form": form, "offer": offer},
        status=400 if form.errors else 200,
    )


def contracts(request: HttpRequest) -> HttpResponse:
    """Show the contracts register and the cluster's cooperation share."""
    try:
        year = int(request.GET.get("year", "") or 0) or None
    except ValueError:
        year = None
    share_year, share = selectors.cooperation_share(year=year)
    page = Paginator(selectors.contract_list(year=year), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "exchange/contracts.html",
        {
            "page": page,
            "year": year,
            "years": selectors.contract_years(),
            "share": share,
            "share_year": share_year,
            "totals": selectors.contract_totals(year=year),
            "exchange_deals": InterestStatus.DEAL,
        },
    )
