"""Pages of the member registry: catalogue, profile, map, dashboard, applications."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from regiocluster.portal.accounts.permissions import can_edit, ensure_can_edit, ensure_manager
from regiocluster.portal.exchange import selectors as exchange_selectors
from regiocluster.portal.locking import form_errors
from regiocluster.portal.members import selectors, services
from regiocluster.portal.members.forms import (
    ApplicationForm,
    CapacityForm,
    CertificateForm,
    DocumentForm,
    OrganisationForm,
    PersonForm,
    ReviewForm,
)
from regiocluster.portal.members.models import (
    Kind,
    MembershipApplication,
    Organisation,
    Product,
    Region,
)
from regiocluster.portal.paging import CachedCountPaginator


def catalogue(request: HttpRequest) -> HttpResponse:
    """Public catalogue of members with search and filters."""
    g = request.GET
    qs = selectors.organisation_list(
        q=g.get("q", "").strip()[:100],
        kind=g.get("kind", ""),
        region=g.get("region", ""),
        okved=g.get("okved", "").strip()[:12],
        product=g.get("product", ""),
    )
    key = f"members:{sorted((k, v) for k, v in g.lists() if k != 'page')}"
    page = CachedCountPaginator(qs, 25, key=key).get_page(g.get("page"))
    return render(
        request,
        "members/catalogue.html",
        {
            "page": page,
            "kinds": Kind.choices,
            "districts": selectors.district_list(),
            "products": selectors.product_list_cached(),
            "filters": g,
        },
    )


def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show a member's public profile."""
    org = get_object_or_404(Organisation.objects.select_related("region"), pk=pk)
    editable = can_edit(request.user, org)
    return render(
        request,
        "members/organisation_detail.html",
        {
            "org": org,
            "editable": editable,
            "capacities": selectors.organisation_capacities(organisation=org),
            "certificates": org.certificates.select_related("product"),
            "people": org.people.all(),
            "documents": selectors.documents_for(organisation=org, user=request.user),
            "capacity_form": CapacityForm() if editable else None,
            "certificate_form": CertificateForm() if editable else None,
            "document_form": DocumentForm() if editable else None,
            "person_form": PersonForm() if editable else None,
        },
    )


@login_required
def organisation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit a profile: own organisation only (403 otherwise)."""
    org = get_object_or_404(Organisation, pk=pk)
    ensure_can_edit(request.user, org)
    form = OrganisationForm(request.POST or None, instance=Organisation.objects.get(pk=pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_update(
                user=request.user,
                organisation=org,
                data=form.cleaned_data,
                version=form.cleaned_data.get("version"),
            )
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("Profile saved."))
            return redirect("members:detail", pk=org.pk)
    return render(request, "members/organisation_edit.html", {"org": org, "form": form})


def _add_to_own_organisation(
    request: HttpRequest, pk: int, form_class: type, create: object, saved: str
) -> HttpResponse:
    """Validate ``form_class`` and call the ``create`` service for the user's own organisation."""
    org = get_object_or_404(Organisation, pk=pk)
    ensure_can_edit(request.user, org)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            create(user=request.user, organisation=org, **form.cleaned_data)  # type: ignore[operator]
            messages.success(request, saved)
        except ValidationError as exc:
            messages.error(request, "; ".join(exc.messages))
    else:
        messages.error(request, _("Please correct the form."))
    return redirect("members:detail", pk=org.pk)


@login_required
@require_POST
def capacity_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Declare a capacity (own organisation only)."""
    return _add_to_own_organisation(
        request, pk, CapacityForm, services.capacity_set, _("Capacity saved.")
    )


@login_required
@require_POST
def certificate_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Register a certificate (own organisation only)."""
    return _add_to_own_organisation(
        request, pk, CertificateForm, services.certificate_create, _("Certificate saved.")
    )


@login_required
@require_POST
def person_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a contact person (own organisation only)."""
    return _add_to_own_organisation(
        request, pk, PersonForm, services.person_create, _("Contact saved.")
    )


@login_required
@require_POST
def document_upload(request: HttpRequest, pk: int) -> HttpResponse:
    """Upload a document (own organisation only; type and size checked)."""
    org = get_object_or_404(Organisation, pk=pk)
    ensure_can_edit(request.user, org)
    form = DocumentForm(request.POST, request.FILES)
    status = 200
    if form.is_valid():
        try:
            services.document_upload(user=request.user, organisation=org, **form.cleaned_data)
            messages.success(request, _("Document uploaded."))
            return redirect("members:detail", pk=org.pk)
        except ValidationError as exc:
            form.add_error("file", exc.messages)
    status = 400
    return render(request, "members/document_form.html", {"org": org, "form": form}, status=status)


def product_list(request: HttpRequest) -> HttpResponse:
    """Public catalogue of products."""
    q = request.GET.get("q", "").strip()[:100]
    return render(
        request,
        "members/products.html",
        {
            "products": selectors.product_catalogue(q=q, group=request.GET.get("group", "")),
            "q": q,
        },
    )


def product_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show a product and the members that make it."""
    product = get_object_or_404(Product, pk=pk)
    return render(
        request,
        "members/product_detail.html",
        {
            "product": product,
            "producers": selectors.product_producers(product=product)[:200],
        },
    )


_REGION_SUFFIXES = (
    " муниципальный район",
    " городской округ",
    " municipal district",
    " District",
    " urban okrug",
)


def _short_region_name(name: str) -> str:
    """Drop the administrative suffix from a district name for map labels."""
    for suffix in _REGION_SUFFIXES:
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def member_map(request: HttpRequest) -> HttpResponse:
    """Map of members."""
    centres = [
        {"name": _short_region_name(r.name), "lon": r.lon, "lat": r.lat}
        for r in Region.objects.filter(
            kind__in=["municipal_district", "urban_okrug", "federal_city"], lon__isnull=False
        )
    ]
    return render(request, "members/map.html", {"kinds": Kind.choices, "centres": centres})


def member_points(request: HttpRequest) -> JsonResponse:
    """Members as GeoJSON."""
    return JsonResponse(selectors.organisation_points(kind=request.GET.get("kind", "")))


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """Show the user's desk: own organisation, requests, matches, interests."""
    user = request.user
    ctx = {"org": user.organisation}
    if user.organisation_id:
        org = user.organisation
        ctx.update(
            {
                "my_requests": exchange_selectors.request_list(organisation=org, status=""),
                "my_offers": org.offers.all(),
                "my_interests": exchange_selectors.interests_of_supplier(organisation=org),
                "matches": exchange_selectors.matches_for_organisation(organisation=org, limit=10),
            }
        )
    if user.is_manager:
        ctx["pending"] = selectors.application_list().count()
    return render(request, "members/dashboard.html", ctx)


def apply(request: HttpRequest) -> HttpResponse:
    """Public membership application."""
    form = ApplicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_submit(**form.cleaned_data)
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(
                request, _("Thank you: your application has been sent to the cluster manager.")
            )
            return redirect("content:home")
    return render(request, "members/apply.html", {"form": form}, status=400 if form.errors else 200)


@login_required
def application_list(request: HttpRequest) -> HttpResponse:
    """List membership applications (cluster manager only)."""
    ensure_manager(request.user)
    status = request.GET.get("status", "pending")
    return render(
        request,
        "members/applications.html",
        {
            "applications": selectors.application_list(status=status if status != "all" else ""),
            "status": status,
        },
    )


@login_required
def application_review(request: HttpRequest, pk: int) -> HttpResponse:
    """Approve or reject an application (cluster manager only)."""
    ensure_manager(request.user)
    app = get_object_or_404(MembershipApplication, pk=pk)
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data["decision"] == "approve":
                org = services.application_approve(
                    user=request.user, application=app, note=form.cleaned_data["note"]
                )
                messages.success(request, _("Approved: %(org)s is now a member.") % {"org": org})
            else:
                services.application_reject(
                    user=request.user, application=app, note=form.cleaned_data["note"]
                )
                messages.success(request, _("Application rejected."))
            return redirect("members:applications")
        except (ValidationError, PermissionDenied) as exc:
            if isinstance(exc, PermissionDenied):
                raise
            form.add_error(None, exc.messages)
    return render(request, "members/application_review.html", {"app": app, "form": form})


@login_required
def cluster_dashboard(request: HttpRequest) -> HttpResponse:
    """Show the cluster in figures (read-only): for the manager and the government observer."""
    user = request.user
    if not (user.is_manager or user.is_observer):
        raise PermissionDenied
    kinds = dict(Kind.choices)
    by_kind = [
        {**r, "label": kinds.get(r["key"], r["key"])} for r in selectors.members_by(field="kind")
    ]
    return render(
        request,
        "members/cluster_dashboard.html",
        {
            "by_kind": by_kind,
            "by_region": selectors.members_by(field="region"),
            "by_year": exchange_selectors.cooperation_by_year(),
            "pending": selectors.application_list().count(),
        },
    )


def media_file(request: HttpRequest, path: str) -> HttpResponse:
    """Serve an uploaded file if its visibility allows (404 otherwise, revealing nothing).

    Files of the cluster's public documents are public; an organisation's
    documents follow their ``visibility``.
    """
    from django.views.static import serve

    from regiocluster.portal.content.models import PublicDocument
    from regiocluster.portal.members.models import Document

    allowed = PublicDocument.objects.filter(file=path).exists()
    if not allowed:
        doc = Document.objects.filter(file=path).first()
        allowed = doc is not None and selectors.document_visible(document=doc, user=request.user)
    if not allowed:
        raise Http404
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    response["Content-Disposition"] = "attachment"
    return response


@login_required
def audit(request: HttpRequest) -> HttpResponse:
    """Show the audit trail of deals, applications, memberships and permissions (manager)."""
    from regiocluster.portal.audit import audit_trail

    ensure_manager(request.user)
    return render(request, "members/audit.html", {"entries": audit_trail()})
