"""URLs of the development model page."""

from django.urls import path

from regiocluster.portal.development import views

app_name = "development"
urlpatterns = [path("", views.compare_page, name="compare")]
