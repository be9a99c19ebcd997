"""Forms of the exchange."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from regiocluster.portal.exchange.models import Offer, PurchaseRequest
from regiocluster.portal.locking import VersionedModelForm


class RequestForm(VersionedModelForm):
    """Post or edit a purchase request (code and unit default to the chosen product's)."""

    okpd2 = forms.CharField(label=_("OKPD2 code"), max_length=16, required=False)
    unit = forms.CharField(label=_("unit"), max_length=32, required=False)

    def clean(self):  # noqa: D102
        data = super().clean()
        product = data.get("product")
        for name in ("okpd2", "unit"):
            if not data.get(name):
                if product is not None:
                    data[name] = getattr(product, name)
                else:
                    self.add_error(name, _("Choose a product or enter this field."))
        return data

    class Meta:
        """Options."""

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


class OfferForm(VersionedModelForm):
    """Post or edit an offer."""

    class Meta:
        """Options."""

        model = Offer
        fields = ("title", "description", "product", "okpd2", "free_capacity", "unit", "active")
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class DealForm(forms.Form):
    """Propose the deal that ends a negotiation (the other side confirms it)."""

    value = forms.FloatField(label=_("contract value, mln RUB"), min_value=0.000001)
    signed = forms.DateField(
        label=_("signed"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
