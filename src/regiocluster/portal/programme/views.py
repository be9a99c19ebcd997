"""Pages of the plan of measures and the KPIs (thin: selectors read, services write)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from regiocluster.portal.members.models import Organisation
from regiocluster.portal.programme import charts, rules, selectors, services
from regiocluster.portal.programme.forms import (
    ActualForm,
    BudgetForm,
    KpiForm,
    MeasureForm,
    ReportForm,
    TargetForm,
)
from regiocluster.portal.programme.models import Kpi, Measure, MeasureKind, MeasureStatus


def form_errors(form, exc: ValidationError) -> None:
    """Put a service's validation errors on the form."""
    if hasattr(exc, "error_dict"):
        for field, errs in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errs)
    else:
        form.add_error(None, exc.messages)


def form_page(request: HttpRequest, form, title: str, *, back: str = "") -> HttpResponse:
    """Render the shared form page (400 when the form has errors)."""
    return render(
        request,
        "programme/form.html",
        {"form": form, "title": title, "back": back},
        status=400 if form.errors else 200,
    )


def _text(request: HttpRequest, name: str, n: int = 100) -> str:
    return request.GET.get(name, "").replace("\x00", "").strip()[:n]


def plan(request: HttpRequest) -> HttpResponse:
    """Show the plan: filters, Gantt chart, overdue and at-risk measures, budget by source."""
    visible = selectors.measures_visible(user=request.user)
    everything = list(visible)
    state = selectors.plan_state(measures=everything)
    filters = {k: _text(request, k, 32) for k in ("q", "kind", "status", "organisation")}
    shown = list(selectors.measure_filter(visible, **filters))
    overdue, at_risk = set(state.overdue), set(state.at_risk)
    by_code = {m.code: m for m in everything}
    reasons = state.frames["measures"].set_index("measure_id")["reason"].to_dict()
    ctx = {
        "measures": shown,
        "overdue": [by_code[c] for c in state.overdue],
        "at_risk": [(by_code[c], reasons[c]) for c in state.at_risk],
        "gantt": charts.gantt(shown, today=timezone.localdate(), overdue=overdue, at_risk=at_risk),
        "budget": selectors.measure_budget(measures=shown),
        "filters": filters,
        "kinds": MeasureKind.choices,
        "statuses": MeasureStatus.choices,
        "organisations": Organisation.objects.filter(is_member=True).order_by("name"),
        "illustrative": any(m.synthetic for m in shown),
        "can_edit": rules.is_manager(request.user),
    }
    return render(request, "programme/plan.html", ctx)


def measure_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show a measure: dates, participants, dependencies, budget, KPIs, history; the report form."""
    measure = get_object_or_404(selectors.measures_visible(user=request.user), pk=pk)
    can_report = rules.can_report_measure(request.user, measure)
    ctx = {
        "m": measure,
        "history": measure.history.select_related("user", "organisation")[:50],
        "budget": selectors.measure_budget(measures=[measure]),
        "lines": measure.budget.all(),
        "can_report": can_report,
        "can_edit": rules.is_manager(request.user),
        "report_form": ReportForm(initial={"status": measure.status, "progress": measure.progress}),
    }
    if ctx["can_edit"]:
        ctx["budget_form"] = BudgetForm(support=_support_choices())
    return render(request, "programme/measure_detail.html", ctx)


def _support_choices() -> list[tuple[str, str]]:
    from regiocluster.portal.programme.live import live_case

    table = live_case().tables["support_measures"]
    col = "name_en" if (get_language() or "ru").startswith("en") else "name_ru"
    return [(str(i), f"{i} · {n}") for i, n in zip(table["measure_id"], table[col], strict=True)]


@login_required
def measure_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Create or edit a measure (manager only)."""
    rules.ensure(rules.is_manager(request.user))
    measure = get_object_or_404(Measure, pk=pk) if pk else None
    form = MeasureForm(request.POST or None, instance=measure)
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in MeasureForm.Meta.fields}
        try:
            measure = services.measure_save(
                user=request.user,
                data=data,
                measure=Measure.objects.get(pk=pk) if pk else None,
                participants=form.cleaned_data["participants"],
                depends_on=form.cleaned_data["depends_on"],
                kpis=form.cleaned_data["kpis"],
            )
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("Measure saved."))
            return redirect("programme:measure", pk=measure.pk)
    return form_page(request, form, _("Measure"))


@login_required
@require_POST
def measure_report(request: HttpRequest, pk: int) -> HttpResponse:
    """Take a participant's (or the manager's) progress report."""
    measure = get_object_or_404(Measure, pk=pk)
    rules.ensure(rules.can_report_measure(request.user, measure))
    form = ReportForm(request.POST)
    if form.is_valid():
        try:
            services.measure_report(user=request.user, measure=measure, **form.cleaned_data)
            messages.success(request, _("Progress reported."))
        except ValidationError as exc:
            messages.error(request, "; ".join(exc.messages))
    else:
        messages.error(request, _("Please correct the form."))
    return redirect("programme:measure", pk=pk)


@login_required
@require_POST
def budget_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a budget line to a measure (manager only)."""
    rules.ensure(rules.is_manager(request.user))
    measure = get_object_or_404(Measure, pk=pk)
    support = _support_choices()
    form = BudgetForm(request.POST, support=support)
    if form.is_valid():
        try:
            services.budget_add(
                user=request.user,
                measure=measure,
                known_support=[s for s, _n in support],
                **form.cleaned_data,
            )
            messages.success(request, _("Budget line added."))
        except ValidationError as exc:
            messages.error(request, "; ".join(exc.messages))
    else:
        messages.error(request, _("Please correct the form."))
    return redirect("programme:measure", pk=pk)


def kpi_dashboard(request: HttpRequest) -> HttpResponse:
    """KPIs: target against actual with traffic lights, and the computed indicators."""
    kpis = list(selectors.kpis_visible(user=request.user))
    rows = selectors.kpi_rows(kpis=kpis)
    from regiocluster.portal.programme.live import live_indicators

    indicators = live_indicators()
    lang = "ru" if (get_language() or "ru").startswith("ru") else "en"
    ctx = {
        "rows": rows,
        "chart": charts.kpi_bars(rows),
        "indicators": [(f, f.label(lang)) for f in indicators.figures],
        "year": indicators.year,
        "illustrative": indicators.illustrative or any(k.synthetic for k in kpis),
        "can_edit": rules.is_manager(request.user),
        "can_export": rules.is_manager(request.user) or getattr(request.user, "is_observer", False),
    }
    return render(request, "programme/kpis.html", ctx)


def kpi_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show a KPI: definition, periods with lights and trend; forms for targets and actuals."""
    kpi = get_object_or_404(selectors.kpis_visible(user=request.user), pk=pk)
    rows = selectors.kpi_rows(kpis=[kpi])
    ctx = {
        "kpi": kpi,
        "rows": rows,
        "chart": charts.kpi_bars(rows),
        "can_edit": rules.is_manager(request.user),
        "can_report": services.can_report_kpi(request.user, kpi) and not kpi.computed,
        "target_form": TargetForm(),
        "actual_form": ActualForm(),
    }
    return render(request, "programme/kpi_detail.html", ctx)


@login_required
def kpi_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Create or edit a KPI (manager only)."""
    rules.ensure(rules.is_manager(request.user))
    kpi = get_object_or_404(Kpi, pk=pk) if pk else None
    form = KpiForm(request.POST or None, instance=kpi)
    if request.method == "POST" and form.is_valid():
        try:
            kpi = services.kpi_save(
                user=request.user,
                data={k: form.cleaned_data[k] for k in KpiForm.Meta.fields},
                kpi=Kpi.objects.get(pk=pk) if pk else None,
            )
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("KPI saved."))
            return redirect("programme:kpi", pk=kpi.pk)
    return form_page(request, form, _("KPI"))


@login_required
@require_POST
def kpi_target(request: HttpRequest, pk: int) -> HttpResponse:
    """Set a target (manager only)."""
    rules.ensure(rules.is_manager(request.user))
    kpi = get_object_or_404(Kpi, pk=pk)
    form = TargetForm(request.POST)
    if form.is_valid():
        services.kpi_target_set(user=request.user, kpi=kpi, **form.cleaned_data)
        messages.success(request, _("Target saved."))
    else:
        messages.error(request, _("Please correct the form."))
    return redirect("programme:kpi", pk=pk)


@login_required
@require_POST
def kpi_actual(request: HttpRequest, pk: int) -> HttpResponse:
    """Report a manual KPI's actual with its evidence."""
    kpi = get_object_or_404(Kpi, pk=pk)
    rules.ensure(services.can_report_kpi(request.user, kpi))
    form = ActualForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.kpi_actual_report(user=request.user, kpi=kpi, **form.cleaned_data)
            messages.success(request, _("Actual reported."))
        except ValidationError as exc:
            messages.error(request, "; ".join(exc.messages))
    else:
        messages.error(request, _("Please correct the form."))
    return redirect("programme:kpi", pk=pk)
