"""API of the management system: the same rules as the pages, writes through the services."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import include, path
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from regiocluster.portal.members.models import Organisation
from regiocluster.portal.programme import rules, selectors, services, services_site
from regiocluster.portal.programme.models import (
    BomVersion,
    Booking,
    Equipment,
    JointProject,
    Kpi,
    KpiPeriod,
    Measure,
    MeasureStatus,
)


def _drf(exc: DjangoValidationError) -> ValidationError:
    return ValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages)


class MeasureSerializer(serializers.ModelSerializer):
    """A measure of the plan."""

    responsible = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.filter(is_member=True)
    )
    participants = serializers.PrimaryKeyRelatedField(
        many=True, queryset=Organisation.objects.filter(is_member=True), required=False
    )
    depends_on = serializers.PrimaryKeyRelatedField(
        many=True, queryset=Measure.objects.all(), required=False
    )
    kpis = serializers.PrimaryKeyRelatedField(many=True, queryset=Kpi.objects.all(), required=False)

    class Meta:
        """Options."""

        model = Measure
        fields = (
            "id", "code", "title", "title_en", "description", "kind", "responsible",
            "participants", "start", "due", "status", "progress", "depends_on", "kpis",
            "published", "synthetic",
        )  # fmt: skip
        read_only_fields = ("id", "synthetic")


class ReportSerializer(serializers.Serializer):
    """A progress report."""

    status = serializers.ChoiceField(choices=MeasureStatus.choices)
    progress = serializers.IntegerField(min_value=0, max_value=100)
    note = serializers.CharField(max_length=4000, required=False, allow_blank=True)


class ManagerWrites(permissions.BasePermission):
    """Anyone reads what is visible; only the manager writes."""

    def has_permission(self, request: Request, view: Any) -> bool:  # noqa: D102
        if request.method in permissions.SAFE_METHODS:
            return True
        return rules.is_manager(request.user)


class MeasureViewSet(viewsets.ModelViewSet):
    """Measures of the plan: visitors see the published ones, the manager writes."""

    serializer_class = MeasureSerializer
    permission_classes = [ManagerWrites]
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_queryset(self):  # noqa: D102
        return selectors.measures_visible(user=self.request.user).order_by("pk")

    def _save(self, serializer: MeasureSerializer, measure: Measure | None) -> None:
        data = dict(serializer.validated_data)
        m2m = {k: data.pop(k) for k in ("participants", "depends_on", "kpis") if k in data}
        try:
            serializer.instance = services.measure_save(
                user=self.request.user, data=data, measure=measure, **m2m
            )
        except DjangoValidationError as exc:
            raise _drf(exc) from exc

    def perform_create(self, serializer: MeasureSerializer) -> None:  # noqa: D102
        self._save(serializer, None)

    def perform_update(self, serializer: MeasureSerializer) -> None:  # noqa: D102
        self._save(serializer, serializer.instance)

    @extend_schema(request=ReportSerializer, responses=MeasureSerializer)
    @action(detail=True, methods=["post"], permission_classes=[permissions.IsAuthenticated])
    def report(self, request: Request, pk: str | None = None) -> Response:
        """Report progress (participants and the manager)."""
        measure = self.get_object()
        body = ReportSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            services.measure_report(user=request.user, measure=measure, **body.validated_data)
        except DjangoValidationError as exc:
            raise _drf(exc) from exc
        measure.refresh_from_db()
        return Response(MeasureSerializer(measure).data)


class PeriodSerializer(serializers.ModelSerializer):
    """A KPI period (target and actual)."""

    class Meta:
        """Options."""

        model = KpiPeriod
        fields = ("year", "target", "actual")


class KpiSerializer(serializers.ModelSerializer):
    """A KPI with its periods."""

    periods = PeriodSerializer(many=True, read_only=True)

    class Meta:
        """Options."""

        model = Kpi
        fields = (
            "id", "code", "name", "name_en", "definition", "unit", "baseline", "baseline_year",
            "computed", "published", "synthetic", "periods",
        )  # fmt: skip
        read_only_fields = ("id", "synthetic")


class KpiViewSet(viewsets.ModelViewSet):
    """KPIs: visitors see published ones, the manager defines them."""

    serializer_class = KpiSerializer
    permission_classes = [ManagerWrites]
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_queryset(self):  # noqa: D102
        return selectors.kpis_visible(user=self.request.user).order_by("pk")

    def _save(self, serializer: KpiSerializer, kpi: Kpi | None) -> None:
        try:
            serializer.instance = services.kpi_save(
                user=self.request.user, data=dict(serializer.validated_data), kpi=kpi
            )
        except DjangoValidationError as exc:
            raise _drf(exc) from exc

    def perform_create(self, serializer: KpiSerializer) -> None:  # noqa: D102
        self._save(serializer, None)

    def perform_update(self, serializer: KpiSerializer) -> None:  # noqa: D102
        self._save(serializer, serializer.instance)


class ProjectSerializer(serializers.ModelSerializer):
    """A joint project."""

    class Meta:
        """Options."""

        model = JointProject
        fields = ("id", "title", "title_en", "kind", "description", "start", "end", "published")


class ProjectViewSet(viewsets.ReadOnlyModelViewSet):
    """Joint projects (written on the pages)."""

    serializer_class = ProjectSerializer

    def get_queryset(self):  # noqa: D102
        return selectors.projects_visible(user=self.request.user).order_by("pk")


class BookingSerializer(serializers.ModelSerializer):
    """A booking of the test site (organisations shown to signed-in users)."""

    equipment = serializers.PrimaryKeyRelatedField(queryset=Equipment.objects.all())
    purpose = serializers.CharField(max_length=300, required=False, allow_blank=True)

    class Meta:
        """Options."""

        model = Booking
        fields = ("id", "equipment", "organisation", "start", "end", "purpose")
        read_only_fields = ("id", "organisation")

    def to_representation(self, instance: Booking) -> dict[str, Any]:  # noqa: D102
        data = super().to_representation(instance)
        if not rules.sees_unpublished(self.context["request"].user):
            data["organisation"] = None
        return data


class BookingViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Bookings: members book and cancel their own; no double booking (409-free 400)."""

    serializer_class = BookingSerializer
    queryset = Booking.objects.order_by("start", "pk")

    def perform_create(self, serializer: BookingSerializer) -> None:  # noqa: D102
        try:
            serializer.instance = services_site.booking_create(
                user=self.request.user, **serializer.validated_data
            )
        except DjangoValidationError as exc:
            raise _drf(exc) from exc

    def perform_destroy(self, instance: Booking) -> None:  # noqa: D102
        services_site.booking_cancel(user=self.request.user, booking=instance)


class BomVersionSerializer(serializers.ModelSerializer):
    """A version of the Smart House bill of materials with its totals (from the core)."""

    totals = serializers.SerializerMethodField()

    class Meta:
        """Options."""

        model = BomVersion
        fields = ("id", "number", "title", "note", "published", "totals")

    def get_totals(self, obj: BomVersion) -> dict[str, float | None]:
        """Cost, shares and suppliers of the version."""
        summary = selectors.bom_totals(obj).to_dict()["figures"]
        return {f["id"]: f["value"] for f in summary}


class BomVersionViewSet(viewsets.ReadOnlyModelViewSet):
    """Versions of the bill of materials."""

    serializer_class = BomVersionSerializer

    def get_queryset(self):  # noqa: D102
        qs = BomVersion.objects.order_by("number")
        return qs if rules.sees_unpublished(self.request.user) else qs.filter(published=True)


router = DefaultRouter()
router.register("measures", MeasureViewSet, basename="programme-measure")
router.register("kpis", KpiViewSet, basename="programme-kpi")
router.register("projects", ProjectViewSet, basename="programme-project")
router.register("bookings", BookingViewSet, basename="programme-booking")
router.register("smart-house", BomVersionViewSet, basename="programme-bom")
urlpatterns = [path("", include(router.urls))]
