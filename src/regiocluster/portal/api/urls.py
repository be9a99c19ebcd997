"""API routes and the OpenAPI schema."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from regiocluster.portal.api import views

router = DefaultRouter()
router.register("organisations", views.OrganisationViewSet, basename="organisation")
router.register("products", views.ProductViewSet, basename="product")
router.register("capacities", views.CapacityViewSet, basename="capacity")
router.register("requests", views.RequestViewSet, basename="request")
router.register("offers", views.OfferViewSet, basename="offer")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("figures/", views.FiguresView.as_view(), name="api-figures"),
    path("programme/", include("regiocluster.portal.programme.api")),
    path("", include(router.urls)),
]
