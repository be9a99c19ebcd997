"""URLs of the member registry."""

from django.urls import path

from regiocluster.portal.members import views

app_name = "members"
urlpatterns = [
    path("members/", views.catalogue, name="catalogue"),
    path("members/<int:pk>/", views.organisation_detail, name="detail"),
    path("members/<int:pk>/edit/", views.organisation_edit, name="edit"),
    path("members/<int:pk>/capacity/", views.capacity_add, name="capacity_add"),
    path("members/<int:pk>/certificate/", views.certificate_add, name="certificate_add"),
    path("members/<int:pk>/document/", views.document_upload, name="document_upload"),
    path("members/<int:pk>/person/", views.person_add, name="person_add"),
    path("products/", views.product_list, name="products"),
    path("products/<int:pk>/", views.product_detail, name="product"),
    path("map/", views.member_map, name="map"),
    path("map/members.geojson", views.member_points, name="points"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/cluster/", views.cluster_dashboard, name="cluster_dashboard"),
    path("join/", views.apply, name="apply"),
    path("applications/", views.application_list, name="applications"),
    path("applications/<int:pk>/", views.application_review, name="review"),
    path("audit/", views.audit, name="audit"),
]
