"""Pages of joint projects, the test site, the Smart House and the self-assessment."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from regiocluster.portal.programme import rules, selectors, services, services_site
from regiocluster.portal.programme.forms import (
    AssessmentForm,
    BomLineForm,
    BomVersionForm,
    BookingForm,
    DocumentForm,
    MilestoneForm,
    ParticipantForm,
    ProjectForm,
    ProtocolForm,
    RiskForm,
)
from regiocluster.portal.programme.models import (
    BomVersion,
    Booking,
    JointProject,
    Laboratory,
    Milestone,
    SelfAssessmentRecord,
    TestProtocol,
)
from regiocluster.portal.programme.views import form_errors, form_page
from regiocluster.programme import AREAS


def _lang() -> str:
    return "ru" if (get_language() or "ru").startswith("ru") else "en"


def project_list(request: HttpRequest) -> HttpResponse:
    """Joint projects."""
    projects = selectors.projects_visible(user=request.user)
    return render(
        request,
        "programme/projects.html",
        {"projects": projects, "can_edit": rules.is_manager(request.user)},
    )


def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show a joint project: participants, support they qualify for, milestones, risks."""
    project = get_object_or_404(selectors.projects_visible(user=request.user), pk=pk)
    manager = rules.is_manager(request.user)
    contributes = rules.can_contribute_project(request.user, project)
    support = selectors.project_support(project=project)
    parts = [(p, support.get(p.organisation_id, [])) for p in project.participants.all()]
    ctx = {
        "p": project,
        "parts": parts,
        "lang": _lang(),
        "budget": project.budget.all(),
        "can_edit": manager,
        "contributes": contributes,
        "documents": project.documents.all() if rules.sees_unpublished(request.user) else [],
        "forms": {
            "participant": ParticipantForm(),
            "milestone": MilestoneForm(),
            "risk": RiskForm(),
            "document": DocumentForm(),
        },
    }
    return render(request, "programme/project_detail.html", ctx)


@login_required
def project_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Create or edit a joint project (manager only)."""
    rules.ensure(rules.is_manager(request.user))
    project = get_object_or_404(JointProject, pk=pk) if pk else None
    form = ProjectForm(request.POST or None, instance=project)
    if request.method == "POST" and form.is_valid():
        try:
            project = services.project_save(
                user=request.user,
                data={k: form.cleaned_data[k] for k in ProjectForm.Meta.fields},
                project=JointProject.objects.get(pk=pk) if pk else None,
                measures=form.cleaned_data["measures"],
                kpis=form.cleaned_data["kpis"],
            )
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("Project saved."))
            return redirect("programme:project", pk=project.pk)
    return form_page(request, form, _("Joint project"))


_PROJECT_PARTS = {
    "participant": (ParticipantForm, services.participant_set),
    "milestone": (MilestoneForm, services.milestone_add),
    "risk": (RiskForm, services.risk_add),
    "document": (DocumentForm, services.project_document_upload),
}


@login_required
@require_POST
def project_add(request: HttpRequest, pk: int, part: str) -> HttpResponse:
    """Add a participant, milestone, risk or document to a project (rules in the services)."""
    project = get_object_or_404(JointProject, pk=pk)
    if part not in _PROJECT_PARTS:
        return redirect("programme:project", pk=pk)
    form_class, service = _PROJECT_PARTS[part]
    rules.ensure(rules.can_contribute_project(request.user, project))
    form = form_class(request.POST, request.FILES)
    if form.is_valid():
        try:
            service(user=request.user, project=project, **form.cleaned_data)
            messages.success(request, _("Saved."))
        except ValidationError as exc:
            messages.error(request, "; ".join(exc.messages))
    else:
        messages.error(request, _("Please correct the form."))
    return redirect("programme:project", pk=pk)


@login_required
@require_POST
def milestone_done(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark a milestone reached (participants and the manager)."""
    milestone = get_object_or_404(Milestone, pk=pk)
    services.milestone_done(user=request.user, milestone=milestone)
    return redirect("programme:project", pk=milestone.project_id)


def _calendar(days: int = 14) -> tuple[list, list]:
    start = timezone.localdate()
    dates = [start + timedelta(days=i) for i in range(days)]
    tz = timezone.get_current_timezone()
    since = timezone.make_aware(datetime(start.year, start.month, start.day), tz)
    bookings = (
        Booking.objects.filter(end__gt=since, start__lt=since + timedelta(days=days))
        .select_related("equipment", "organisation")
        .order_by("start")
    )
    return dates, list(bookings)


def site(request: HttpRequest) -> HttpResponse:
    """Show the test site: laboratories, equipment, the booking calendar and protocols."""
    dates, bookings = _calendar()
    signed_in = rules.sees_unpublished(request.user)
    ctx = {
        "labs": Laboratory.objects.prefetch_related("equipment").select_related("host"),
        "dates": dates,
        "bookings": bookings,
        "show_who": signed_in,
        "can_book": rules.can_book(request.user),
        "can_edit": rules.is_manager(request.user),
        "booking_form": BookingForm(),
        "protocols": TestProtocol.objects.select_related("organisation", "product", "certificate")[
            :50
        ]
        if signed_in
        else [],
        "mine": request.user.organisation_id if signed_in else None,
    }
    return render(request, "programme/site.html", ctx)


@login_required
def booking_create(request: HttpRequest) -> HttpResponse:
    """Book equipment for the user's organisation."""
    rules.ensure(rules.can_book(request.user))
    form = BookingForm(request.POST or None, initial={"equipment": request.GET.get("equipment")})
    if request.method == "POST" and form.is_valid():
        try:
            services_site.booking_create(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("Booked."))
            return redirect("programme:site")
    return form_page(request, form, _("Book the test site"))


@login_required
@require_POST
def booking_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """Cancel a booking (own organisation or the manager)."""
    services_site.booking_cancel(user=request.user, booking=get_object_or_404(Booking, pk=pk))
    messages.success(request, _("Booking cancelled."))
    return redirect("programme:site")


@login_required
def protocol_create(request: HttpRequest) -> HttpResponse:
    """Record a test protocol (manager only)."""
    rules.ensure(rules.is_manager(request.user))
    form = ProtocolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services_site.protocol_record(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("Protocol recorded."))
            return redirect("programme:site")
    return form_page(request, form, _("Test protocol"))


def bom(request: HttpRequest) -> HttpResponse:
    """Show the Smart House bill of materials: a version, its totals, and a comparison."""
    manager = rules.is_manager(request.user)
    versions = (
        BomVersion.objects.all()
        if rules.sees_unpublished(request.user)
        else (BomVersion.objects.filter(published=True))
    )
    pick = request.GET.get("v", "")
    version = versions.filter(number=int(pick)).first() if pick.isdigit() else versions.first()
    ctx = {"versions": versions, "version": version, "can_edit": manager}
    if version is not None:
        ctx["summary"] = selectors.bom_totals(version)
        ctx["lines"] = version.lines.select_related("product", "supplier")
        other = request.GET.get("compare", "")
        old = versions.filter(number=int(other)).first() if other.isdigit() else None
        if old is not None and old.pk != version.pk:
            ctx["old"] = old
            ctx["changes"] = selectors.bom_changes(old, version).to_dict(orient="records")
    if manager:
        ctx["line_form"] = BomLineForm()
        ctx["version_form"] = BomVersionForm()
    return render(request, "programme/bom.html", ctx)


@login_required
@require_POST
def bom_version_create(request: HttpRequest) -> HttpResponse:
    """Start a new version (manager only)."""
    rules.ensure(rules.is_manager(request.user))
    form = BomVersionForm(request.POST)
    if not form.is_valid():
        return form_page(request, form, _("New version"))
    version = services_site.bom_version_create(user=request.user, **form.cleaned_data)
    return redirect(f"{reverse('programme:bom')}?v={version.number}")


@login_required
@require_POST
def bom_line_add(request: HttpRequest, number: int) -> HttpResponse:
    """Add a line to a version (manager only)."""
    rules.ensure(rules.is_manager(request.user))
    version = get_object_or_404(BomVersion, number=number)
    form = BomLineForm(request.POST)
    if form.is_valid():
        try:
            services_site.bom_line_add(user=request.user, version=version, **form.cleaned_data)
            messages.success(request, _("Line added."))
        except ValidationError as exc:
            messages.error(request, "; ".join(exc.messages))
    else:
        messages.error(request, "; ".join(e for errs in form.errors.values() for e in errs))
    return redirect(f"{reverse('programme:bom')}?v={number}")


def assessment(request: HttpRequest) -> HttpResponse:
    """Show the self-assessment against ESCA's six areas and its history (signed-in users)."""
    if not rules.sees_unpublished(request.user):
        return redirect("accounts:login")
    lang = _lang()
    records = list(SelfAssessmentRecord.objects.all()[:20])
    history = [(r, selectors.assessment_scores(r)) for r in records]
    form = None
    if rules.is_manager(request.user):
        form = AssessmentForm(request.POST or None, lang=lang)
        if request.method == "POST" and form.is_valid():
            services_site.self_assessment_save(
                user=request.user,
                assessed=form.cleaned_data["assessed"],
                answers=form.answers(),
                management_fte=form.cleaned_data["management_fte"],
                website=form.cleaned_data["website"],
            )
            messages.success(request, _("Self-assessment saved."))
            return redirect("programme:assessment")
    areas = [(a, names[1 if lang == "ru" else 0]) for a, names in AREAS.items()]
    return render(
        request,
        "programme/assessment.html",
        {"history": history, "form": form, "areas": areas},
        status=400 if form is not None and form.errors else 200,
    )


def _report_access(request: HttpRequest) -> None:
    user = request.user
    rules.ensure(rules.is_manager(user) or getattr(user, "is_observer", False))


@login_required
def report_xlsx(request: HttpRequest) -> HttpResponse:
    """Send the ministry report as XLSX (manager and observer)."""
    from regiocluster.portal.programme import report

    _report_access(request)
    data = report.report_data()
    response = HttpResponse(
        report.report_xlsx(data),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="cluster-report-{data["year"]}.xlsx"'
    return response


@login_required
def report_pdf(request: HttpRequest) -> HttpResponse:
    """Send the ministry report as PDF (manager and observer)."""
    from regiocluster.portal.programme import report

    _report_access(request)
    data = report.report_data()
    pdf = report.report_pdf(data, base_url=request.build_absolute_uri("/"))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="cluster-report-{data["year"]}.pdf"'
    return response
