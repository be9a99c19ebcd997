"""Serializers of the API."""

from __future__ import annotations

from rest_framework import serializers

from regiocluster.portal.exchange.disclosure import (
    REQUEST_PRIVATE_FIELDS,
    offer_owner_visible,
    request_private_visible,
)
from regiocluster.portal.exchange.models import Offer, PurchaseRequest
from regiocluster.portal.members.models import Capacity, Organisation, Product
from regiocluster.portal.members.validators import validate_okpd2


class OrganisationSerializer(serializers.ModelSerializer):
    """A member organisation (public fields)."""

    district = serializers.CharField(source="region_id", read_only=True)
    lon = serializers.FloatField(min_value=-180, max_value=180)
    lat = serializers.FloatField(min_value=-90, max_value=90)
    founded = serializers.IntegerField(
        min_value=1700, max_value=2100, allow_null=True, required=False
    )
    version = serializers.IntegerField(
        min_value=1,
        required=False,
        help_text="Send back the version you read: a changed profile answers 409 Conflict",
    )

    class Meta:
        """Options."""

        model = Organisation
        fields = (
            "id",
            "case_id",
            "name",
            "name_en",
            "inn",
            "okved",
            "okved_extra",
            "kind",
            "district",
            "lon",
            "lat",
            "size_class",
            "founded",
            "synthetic",
            "description",
            "description_en",
            "website",
            "version",
        )
        read_only_fields = ("id", "case_id", "inn", "kind", "district", "synthetic")


class ProductSerializer(serializers.ModelSerializer):
    """A product of the catalogue."""

    class Meta:
        """Options."""

        model = Product
        fields = (
            "id",
            "product_id",
            "name_ru",
            "name_en",
            "hs",
            "okpd2",
            "okved",
            "unit",
            "tonnes_per_unit",
            "group",
        )


class CapacitySerializer(serializers.ModelSerializer):
    """An organisation's capacity for a product in a year."""

    product_id = serializers.CharField(source="product.product_id", read_only=True)

    class Meta:
        """Options."""

        model = Capacity
        fields = ("id", "organisation", "product_id", "year", "capacity", "output")


class RequestSerializer(serializers.ModelSerializer):
    """A purchase request; ``organisation`` is null while the buyer is anonymous to the caller."""

    organisation = serializers.SerializerMethodField()
    okpd2 = serializers.CharField(max_length=16, validators=[validate_okpd2])
    quantity = serializers.FloatField(min_value=1e-6, max_value=1e12)
    lon = serializers.FloatField(min_value=-180, max_value=180)
    lat = serializers.FloatField(min_value=-90, max_value=90)
    budget = serializers.FloatField(min_value=0, max_value=1e15, allow_null=True, required=False)
    product = serializers.PrimaryKeyRelatedField(
        queryset=Product.objects.all(), allow_null=True, required=False
    )

    class Meta:
        """Options."""

        model = PurchaseRequest
        fields = (
            "id",
            "organisation",
            "title",
            "description",
            "okpd2",
            "product",
            "quantity",
            "unit",
            "delivery_place",
            "lon",
            "lat",
            "delivery_date",
            "required_certificates",
            "budget",
            "status",
            "created",
        )
        read_only_fields = ("id", "organisation", "status", "created")

    def get_organisation(self, obj: PurchaseRequest) -> int | None:
        """Buyer id if the caller may see it."""
        visible = self.context.get("visible")
        return obj.organisation_id if visible and visible(obj) else None

    def to_representation(self, instance: PurchaseRequest) -> dict:
        """Null the budget and coordinates for callers who may not see them (as the pages)."""
        data = super().to_representation(instance)
        user = getattr(self.context.get("request"), "user", None)
        if not request_private_visible(request=instance, user=user):
            for name in REQUEST_PRIVATE_FIELDS:
                data[name] = None
        return data


class OfferSerializer(serializers.ModelSerializer):
    """An offer with free capacity; ``organisation`` is null unless the caller may see it."""

    okpd2 = serializers.CharField(max_length=16, validators=[validate_okpd2])
    free_capacity = serializers.FloatField(min_value=0, max_value=1e12)
    product = serializers.PrimaryKeyRelatedField(
        queryset=Product.objects.all(), allow_null=True, required=False
    )

    class Meta:
        """Options."""

        model = Offer
        fields = (
            "id",
            "organisation",
            "title",
            "description",
            "okpd2",
            "product",
            "free_capacity",
            "unit",
            "active",
            "created",
        )
        read_only_fields = ("id", "organisation", "created")

    def to_representation(self, instance: Offer) -> dict:
        """Hide the owner from callers the disclosure policy keeps anonymous."""
        data = super().to_representation(instance)
        user = getattr(self.context.get("request"), "user", None)
        if not offer_owner_visible(offer=instance, user=user):
            data["organisation"] = None
        return data


class ReasonSerializer(serializers.Serializer):
    """One reason of a match."""

    code = serializers.CharField()
    params = serializers.DictField()
    text = serializers.CharField()


class MatchSerializer(serializers.Serializer):
    """A supplier matched to a request, with score and reasons."""

    organisation = serializers.IntegerField(
        allow_null=True, help_text="Null until both sides agree"
    )
    offer = serializers.IntegerField(allow_null=True, help_text="Null until both sides agree")
    score = serializers.FloatField()
    okpd2_depth = serializers.IntegerField()
    distance_km = serializers.FloatField()
    delivery_cost_rub = serializers.FloatField(allow_null=True)
    reasons = ReasonSerializer(many=True)
