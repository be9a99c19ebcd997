"""Forms of events."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from regiocluster.portal.events.models import Event, OutcomeResult


class B2BForm(forms.ModelForm):
    """The organiser's B2B set-up: slots (start, length, breaks) and tables."""

    b2b_start = forms.DateTimeField(
        label=_("B2B meetings start"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )

    class Meta:
        """Options."""

        model = Event
        fields = ("b2b_start", "slot_minutes", "slots", "break_every", "break_minutes", "tables")


class AvailabilityForm(forms.Form):
    """When a participant is at the B2B meetings, on the conference's day."""

    available_from = forms.TimeField(
        label=_("at the meetings from"), widget=forms.TimeInput(attrs={"type": "time"})
    )
    available_until = forms.TimeField(
        label=_("at the meetings until"), widget=forms.TimeInput(attrs={"type": "time"})
    )


class OutcomeForm(forms.Form):
    """One side's outcome of a meeting."""

    result = forms.ChoiceField(label=_("result"), choices=OutcomeResult.choices)
    value = forms.FloatField(label=_("deal value, mln RUB"), required=False, min_value=0)
    note = forms.CharField(label=_("note"), required=False, max_length=2000, widget=forms.Textarea)
