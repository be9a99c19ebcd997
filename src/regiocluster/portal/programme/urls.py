"""URLs of the management system."""

from django.urls import path

from regiocluster.portal.programme import views, views_site

app_name = "programme"
urlpatterns = [
    path("", views.plan, name="plan"),
    path("measures/new/", views.measure_edit, name="measure_new"),
    path("measures/<int:pk>/", views.measure_detail, name="measure"),
    path("measures/<int:pk>/edit/", views.measure_edit, name="measure_edit"),
    path("measures/<int:pk>/report/", views.measure_report, name="measure_report"),
    path("measures/<int:pk>/budget/", views.budget_add, name="budget_add"),
    path("kpis/", views.kpi_dashboard, name="kpis"),
    path("kpis/new/", views.kpi_edit, name="kpi_new"),
    path("kpis/<int:pk>/", views.kpi_detail, name="kpi"),
    path("kpis/<int:pk>/edit/", views.kpi_edit, name="kpi_edit"),
    path("kpis/<int:pk>/target/", views.kpi_target, name="kpi_target"),
    path("kpis/<int:pk>/actual/", views.kpi_actual, name="kpi_actual"),
    path("report.xlsx", views_site.report_xlsx, name="report_xlsx"),
    path("report.pdf", views_site.report_pdf, name="report_pdf"),
    path("projects/", views_site.project_list, name="projects"),
    path("projects/new/", views_site.project_edit, name="project_new"),
    path("projects/<int:pk>/", views_site.project_detail, name="project"),
    path("projects/<int:pk>/edit/", views_site.project_edit, name="project_edit"),
    path("projects/<int:pk>/add/<slug:part>/", views_site.project_add, name="project_add"),
    path("milestones/<int:pk>/done/", views_site.milestone_done, name="milestone_done"),
    path("test-site/", views_site.site, name="site"),
    path("test-site/book/", views_site.booking_create, name="book"),
    path("test-site/bookings/<int:pk>/cancel/", views_site.booking_cancel, name="booking_cancel"),
    path("test-site/protocols/new/", views_site.protocol_create, name="protocol_new"),
    path("smart-house/", views_site.bom, name="bom"),
    path("smart-house/versions/new/", views_site.bom_version_create, name="bom_version_new"),
    path("smart-house/versions/<int:number>/lines/", views_site.bom_line_add, name="bom_line_add"),
    path("self-assessment/", views_site.assessment, name="assessment"),
]
