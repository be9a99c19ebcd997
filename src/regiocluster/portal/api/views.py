"""API views: thin wrappers over selectors and services, the same permissions as the pages."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import mixins, permissions, viewsets
from rest_framework import serializers as drf_serializers
from rest_framework.decorators import action
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.exceptions import PermissionDenied as DRFPermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from regiocluster.portal.accounts.permissions import (
    can_create_for_own_organisation,
    can_edit,
    sees_identities,
)
from regiocluster.portal.api import serializers as s
from regiocluster.portal.exchange import selectors as ex_selectors
from regiocluster.portal.exchange import services as ex_services
from regiocluster.portal.exchange.disclosure import anonymous_reasons
from regiocluster.portal.exchange.models import Offer, PurchaseRequest
from regiocluster.portal.exchange.templatetags.exchange_tags import reason_text
from regiocluster.portal.locking import StaleEditError
from regiocluster.portal.members import selectors as m_selectors
from regiocluster.portal.members import services as m_services
from regiocluster.portal.members.models import Capacity, Product


def _param(request: Request, name: str, n: int = 100) -> str:
    """Return a query parameter cut to ``n`` characters, without NUL characters."""
    return request.query_params.get(name, "").replace("\x00", "").strip()[:n]


class Conflict(APIException):
    """HTTP 409: the object changed since the version the client sent."""

    status_code = 409
    default_code = "stale"


def _drf(exc: DjangoValidationError) -> APIException:
    if isinstance(exc, StaleEditError):
        return Conflict(
            {
                "detail": exc.messages[0],
                "version": exc.version,
                "changes": [
                    {"field": c.field, "theirs": c.theirs, "yours": c.yours} for c in exc.changes
                ],
            }
        )
    return ValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages)


class IsOwnerOrReadOnly(permissions.BasePermission):
    """Anyone reads; only the owner organisation's representative or the manager writes."""

    def has_permission(self, request: Request, view: Any) -> bool:  # noqa: D102
        if request.method in permissions.SAFE_METHODS:
            return True
        return bool(request.user and request.user.is_authenticated)

    def has_object_permission(self, request: Request, view: Any, obj: Any) -> bool:  # noqa: D102
        return request.method in permissions.SAFE_METHODS or can_edit(request.user, obj)


@extend_schema(
    parameters=[
        OpenApiParameter("q", str, description="Search in names and descriptions"),
        OpenApiParameter("kind", str, description="Role in the cluster"),
        OpenApiParameter("district", str, description="District code"),
        OpenApiParameter("okved", str, description="OKVED-2 prefix"),
    ]
)
class OrganisationViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Member organisations; a representative updates only its own."""

    serializer_class = s.OrganisationSerializer
    permission_classes = [IsOwnerOrReadOnly]

    def get_queryset(self):  # noqa: D102
        r = self.request
        return m_selectors.organisation_list(
            q=_param(r, "q"),
            kind=_param(r, "kind", 20),
            region=_param(r, "district", 32),
            okved=_param(r, "okved", 12),
        )

    def perform_update(self, serializer: s.OrganisationSerializer) -> None:  # noqa: D102
        try:
            data = dict(serializer.validated_data)
            m_services.organisation_update(
                user=self.request.user,
                organisation=serializer.instance,
                data=data,
                version=data.pop("version", None),
            )
        except DjangoValidationError as exc:
            raise _drf(exc) from exc


@extend_schema(parameters=[OpenApiParameter("q", str, description="Name, OKPD2 or HS prefix")])
class ProductViewSet(viewsets.ReadOnlyModelViewSet):
    """The product catalogue."""

    serializer_class = s.ProductSerializer

    def get_queryset(self):  # noqa: D102
        return m_selectors.product_catalogue(q=_param(self.request, "q"))


class CapacityViewSet(viewsets.ReadOnlyModelViewSet):
    """Members' capacities by product and year."""

    serializer_class = s.CapacitySerializer
    queryset = (
        Capacity.objects.select_related("product")
        .filter(organisation__is_member=True)
        .order_by("pk")
    )


class _OwnedViewSet(viewsets.ModelViewSet):
    permission_classes = [IsOwnerOrReadOnly]
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]

    def _check_create(self) -> None:
        if (
            not can_create_for_own_organisation(self.request.user)
            or self.request.user.organisation_id is None
        ):
            raise DRFPermissionDenied


@extend_schema(
    parameters=[
        OpenApiParameter("q", str, description="Search in title, description, place"),
        OpenApiParameter("okpd2", str, description="OKPD2 prefix"),
    ]
)
class RequestViewSet(_OwnedViewSet):
    """Purchase requests; buyers are anonymous until both sides agree."""

    serializer_class = s.RequestSerializer

    def get_queryset(self):  # noqa: D102
        if self.action in ("list",):
            return ex_selectors.request_list(
                q=_param(self.request, "q"), okpd2=_param(self.request, "okpd2", 16)
            )
        return PurchaseRequest.objects.select_related("organisation", "product").order_by("pk")

    def get_serializer_context(self) -> dict[str, Any]:  # noqa: D102
        ctx = super().get_serializer_context()
        user = self.request.user
        ctx["visible"] = lambda obj: ex_selectors.buyer_visible(request=obj, user=user)
        return ctx

    def perform_create(self, serializer: s.RequestSerializer) -> None:  # noqa: D102
        self._check_create()
        try:
            serializer.instance = ex_services.request_create(
                user=self.request.user, **serializer.validated_data
            )
        except DjangoValidationError as exc:
            raise _drf(exc) from exc

    def perform_update(self, serializer: s.RequestSerializer) -> None:  # noqa: D102
        try:
            ex_services.request_update(
                user=self.request.user, request=serializer.instance, data=serializer.validated_data
            )
        except DjangoValidationError as exc:
            raise _drf(exc) from exc

    def perform_destroy(self, instance: PurchaseRequest) -> None:  # noqa: D102
        ex_services.request_close(user=self.request.user, request=instance)

    @extend_schema(responses=s.MatchSerializer(many=True))
    @action(detail=True, methods=["get"], permission_classes=[permissions.IsAuthenticated])
    def matches(self, request: Request, pk: str | None = None) -> Response:
        """Suppliers matching the request with scores and reasons (owner and manager only).

        Suppliers stay anonymous (``organisation`` and ``offer`` are null) until
        both sides have agreed, as on the pages; the manager sees everyone.
        """
        req = self.get_object()
        if not can_edit(request.user, req):
            raise DRFPermissionDenied
        revealed = {
            i.supplier_id
            for i in ex_selectors.interests_for_request(request=req)
            if i.revealed or sees_identities(request.user)
        }
        data = []
        for m in ex_selectors.request_matches(request=req):
            shown = m.supply.organisation_id in revealed or sees_identities(request.user)
            data.append(
                {
                    "organisation": m.supply.organisation_id if shown else None,
                    "offer": m.supply.offer_id if shown else None,
                    "score": m.score,
                    "okpd2_depth": m.depth,
                    "distance_km": round(m.distance_km, 1),
                    "delivery_cost_rub": None
                    if m.delivery_cost is None
                    else round(m.delivery_cost, 2),
                    "reasons": [
                        {**r.as_dict(), "text": reason_text(r)}
                        for r in anonymous_reasons(m.reasons, revealed=shown)
                    ],
                }
            )
        return Response(s.MatchSerializer(data, many=True).data)


@extend_schema(parameters=[OpenApiParameter("q", str, description="Title or OKPD2 prefix")])
class OfferViewSet(_OwnedViewSet):
    """Offers of free capacity."""

    serializer_class = s.OfferSerializer

    def get_queryset(self):  # noqa: D102
        qs = (
            Offer.objects.filter(organisation__is_member=True)
            .select_related("product")
            .order_by("pk")
        )
        if self.action == "list":
            qs = qs.filter(active=True)
            q = _param(self.request, "q")
            if q:
                qs = qs.filter(title__icontains=q) | qs.filter(okpd2__startswith=q)
        return qs

    def perform_create(self, serializer: s.OfferSerializer) -> None:  # noqa: D102
        self._check_create()
        try:
            serializer.instance = ex_services.offer_create(
                user=self.request.user, **serializer.validated_data
            )
        except DjangoValidationError as exc:
            raise _drf(exc) from exc

    def perform_update(self, serializer: s.OfferSerializer) -> None:  # noqa: D102
        try:
            ex_services.offer_update(
                user=self.request.user, offer=serializer.instance, data=serializer.validated_data
            )
        except DjangoValidationError as exc:
            raise _drf(exc) from exc

    def perform_destroy(self, instance: Offer) -> None:  # noqa: D102
        ex_services.offer_update(user=self.request.user, offer=instance, data={"active": False})


__all__ = [
    "CapacityViewSet",
    "OfferViewSet",
    "OrganisationViewSet",
    "ProductViewSet",
    "RequestViewSet",
    "Product",
]


_FIGURE_FIELDS = {
    "id": drf_serializers.CharField(),
    "value": drf_serializers.JSONField(allow_null=True),
    "unit": drf_serializers.CharField(),
    "label_en": drf_serializers.CharField(),
    "label_ru": drf_serializers.CharField(),
    "result": drf_serializers.CharField(),
    "year": drf_serializers.IntegerField(allow_null=True),
    "illustrative": drf_serializers.BooleanField(),
    "provenance": drf_serializers.JSONField(),
}


class FiguresView(APIView):
    """The cluster in figures: the headline Results on the live case (read-only, public).

    The same figures, under the same ids, as the figures page, the study's
    ``results.json`` and ``regiocluster ... --format json``.
    """

    permission_classes = [permissions.AllowAny]

    @extend_schema(
        responses=inline_serializer(
            "Figures",
            {
                "case": drf_serializers.CharField(),
                "year": drf_serializers.IntegerField(allow_null=True),
                "figures": inline_serializer("HeadlineFigure", _FIGURE_FIELDS, many=True),
                "unavailable": drf_serializers.ListField(child=drf_serializers.DictField()),
            },
        )
    )
    def get(self, request: Request) -> Response:  # noqa: D102
        from regiocluster.portal.analytics import headline_figures

        return Response(headline_figures())
