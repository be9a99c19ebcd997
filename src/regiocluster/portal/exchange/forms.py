"""Forms of the exchange."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from regiocluster.portal.exchange.models import Offer, PurchaseRequest


class RequestForm(forms.ModelForm):
    """Post or edit a purchase request."""

    class Meta:
        model = PurchaseRequest
        fields = (
            "title",
            "description",
            "product",
            "okpd2",
            "quantity",
            "unit",
            "delivery_place",
            "lon",
            "lat",
            "delivery_date",
            "required_certificates",
            "budget",
        )
        widgets = {
            "delivery_date": forms.DateInput(attrs={"type": "date"}),
            "description": forms.Textarea(attrs={"rows": 3}),
        }


class OfferForm(forms.ModelForm):
    """Post or edit an offer."""

    class Meta:
        model = Offer
        fields = ("title", "description", "product", "okpd2", "free_capacity", "unit", "active")
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class DealForm(forms.Form):
    """Record the deal that ends a negotiation."""

    value = forms.FloatField(label=_("contract value, mln RUB"), min_value=0.000001)
    signed = forms.DateField(
        label=_("signed"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
