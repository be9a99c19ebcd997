"""Forms of the member registry (validation only; writes go through services)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from regiocluster.portal.locking import VersionedModelForm
from regiocluster.portal.members.models import (
    Certificate,
    MembershipApplication,
    Organisation,
    Person,
    Product,
    Visibility,
)
from regiocluster.portal.members.services import ORGANISATION_EDITABLE
from regiocluster.portal.members.validators import validate_inn


class OrganisationForm(VersionedModelForm):
    """A member's own profile."""

    website = forms.URLField(label=_("website"), required=False, assume_scheme="https")

    class Meta:
        """Options."""

        model = Organisation
        fields = ORGANISATION_EDITABLE


class CapacityForm(forms.Form):
    """Declare a capacity for a product."""

    product = forms.ModelChoiceField(label=_("product"), queryset=Product.objects.all())
    year = forms.IntegerField(label=_("year"), min_value=1990, max_value=2100)
    capacity = forms.FloatField(label=_("capacity per year"), min_value=0)
    output = forms.FloatField(label=_("output"), min_value=0, initial=0)


class PersonForm(forms.ModelForm):
    """Add a contact person."""

    class Meta:
        """Options."""

        model = Person
        fields = ("full_name", "position", "email", "phone")


class CertificateForm(forms.ModelForm):
    """Register a certificate."""

    class Meta:
        """Options."""

        model = Certificate
        fields = ("code", "number", "product", "valid_from", "expires")
        widgets = {
            "valid_from": forms.DateInput(attrs={"type": "date"}),
            "expires": forms.DateInput(attrs={"type": "date"}),
        }


class DocumentForm(forms.Form):
    """Upload a document (type and size are checked by the service)."""

    title = forms.CharField(label=_("title"), max_length=200)
    file = forms.FileField(label=_("file"))
    visibility = forms.ChoiceField(
        label=_("who may see it"),
        choices=Visibility.choices,
        initial=Visibility.OWNER,
        required=False,
    )


class ApplicationForm(forms.ModelForm):
    """Apply for membership."""

    inn = forms.CharField(label=_("INN"), max_length=12, validators=[validate_inn])

    class Meta:
        """Options."""

        model = MembershipApplication
        fields = (
            "organisation_name",
            "inn",
            "okved",
            "kind",
            "region",
            "lon",
            "lat",
            "founded",
            "size_class",
            "contact_name",
            "email",
            "phone",
            "message",
        )


class ReviewForm(forms.Form):
    """The manager's decision on an application."""

    decision = forms.ChoiceField(
        label=_("decision"), choices=(("approve", _("Approve")), ("reject", _("Reject")))
    )
    note = forms.CharField(
        label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
