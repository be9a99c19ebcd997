"""Forms of the management system (validation only; writes go through services)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from regiocluster.portal.members.models import Organisation, Product
from regiocluster.portal.programme.models import (
    BomVersion,
    Equipment,
    FundingSource,
    JointProject,
    Kpi,
    Measure,
    MeasureStatus,
    Risk,
    TestResult,
)
from regiocluster.programme import AREAS, INDICATORS, SCALE

_DATE = forms.DateInput(attrs={"type": "date"})
_WHEN = forms.DateTimeInput(attrs={"type": "datetime-local", "step": 1800}, format="%Y-%m-%dT%H:%M")


def _members():
    return Organisation.objects.filter(is_member=True).order_by("name")


class MeasureForm(forms.ModelForm):
    """Create or edit a measure (manager)."""

    participants = forms.ModelMultipleChoiceField(
        label=_("participants"), queryset=Organisation.objects.none(), required=False
    )
    depends_on = forms.ModelMultipleChoiceField(
        label=_("depends on"), queryset=Measure.objects.none(), required=False
    )
    kpis = forms.ModelMultipleChoiceField(
        label=_("KPIs"), queryset=Kpi.objects.all(), required=False
    )

    def __init__(self, *args, **kwargs):  # noqa: D107
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = _members()
        self.fields["participants"].queryset = _members()
        others = Measure.objects.all()
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
            self.initial.setdefault("participants", list(self.instance.participants.all()))
            self.initial.setdefault("depends_on", list(self.instance.depends_on.all()))
            self.initial.setdefault("kpis", list(self.instance.kpis.all()))
        self.fields["depends_on"].queryset = others

    def clean(self):  # noqa: D102
        data = super().clean()
        if data.get("start") and data.get("due") and data["due"] < data["start"]:
            self.add_error("due", _("The due date is before the start."))
        return data

    class Meta:
        """Options."""

        model = Measure
        fields = (
            "code", "title", "title_en", "description", "kind", "responsible", "start", "due",
            "status", "progress", "published",
        )  # fmt: skip
        widgets = {"start": _DATE, "due": _DATE, "description": forms.Textarea(attrs={"rows": 3})}


class ReportForm(forms.Form):
    """A participant's progress report."""

    status = forms.ChoiceField(label=_("status"), choices=MeasureStatus.choices)
    progress = forms.IntegerField(label=_("progress, %"), min_value=0, max_value=100)
    note = forms.CharField(
        label=_("note"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )


class BudgetForm(forms.Form):
    """A budget line."""

    source = forms.ChoiceField(label=_("funding source"), choices=FundingSource.choices)
    support_measure = forms.ChoiceField(label=_("support measure"), required=False, choices=[])
    amount = forms.FloatField(label=_("amount, mln RUB"), min_value=0, max_value=1e7)

    def __init__(self, *args, support: list[tuple[str, str]] = (), **kwargs):  # noqa: D107
        super().__init__(*args, **kwargs)
        self.fields["support_measure"].choices = [("", "—"), *support]


class KpiForm(forms.ModelForm):
    """Define a KPI (manager)."""

    class Meta:
        """Options."""

        model = Kpi
        fields = (
            "code", "name", "name_en", "definition", "unit", "baseline", "baseline_year",
            "computed", "published",
        )  # fmt: skip
        widgets = {"definition": forms.Textarea(attrs={"rows": 3})}


class TargetForm(forms.Form):
    """A KPI's target for a year (manager)."""

    year = forms.IntegerField(label=_("year"), min_value=1990, max_value=2100)
    target = forms.FloatField(label=_("target"), min_value=-1e12, max_value=1e12)


class ActualForm(forms.Form):
    """A manual KPI's actual, with its evidence document."""

    year = forms.IntegerField(label=_("year"), min_value=1990, max_value=2100)
    actual = forms.FloatField(label=_("actual"), min_value=-1e12, max_value=1e12)
    evidence = forms.FileField(label=_("evidence"), required=False)
    note = forms.CharField(label=_("note"), required=False, max_length=4000)


class ProjectForm(forms.ModelForm):
    """Create or edit a joint project (manager)."""

    measures = forms.ModelMultipleChoiceField(
        label=_("measures"), queryset=Measure.objects.all(), required=False
    )
    kpis = forms.ModelMultipleChoiceField(
        label=_("KPIs"), queryset=Kpi.objects.all(), required=False
    )

    def __init__(self, *args, **kwargs):  # noqa: D107
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial.setdefault("measures", list(self.instance.measures.all()))
            self.initial.setdefault("kpis", list(self.instance.kpis.all()))

    def clean(self):  # noqa: D102
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The end is before the start."))
        return data

    class Meta:
        """Options."""

        model = JointProject
        fields = ("title", "title_en", "kind", "description", "start", "end", "published")
        widgets = {"start": _DATE, "end": _DATE, "description": forms.Textarea(attrs={"rows": 3})}


class ParticipantForm(forms.Form):
    """A participant of a joint project."""

    organisation = forms.ModelChoiceField(
        label=_("organisation"), queryset=Organisation.objects.none()
    )
    role = forms.CharField(label=_("role"), max_length=200)
    contribution = forms.FloatField(label=_("contribution, mln RUB"), min_value=0, max_value=1e7)

    def __init__(self, *args, **kwargs):  # noqa: D107
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = _members()


class MilestoneForm(forms.Form):
    """A milestone."""

    title = forms.CharField(label=_("title"), max_length=200)
    due = forms.DateField(label=_("due"), widget=_DATE)


class RiskForm(forms.ModelForm):
    """A risk."""

    class Meta:
        """Options."""

        model = Risk
        fields = ("description", "likelihood", "impact", "mitigation")
        widgets = {"mitigation": forms.Textarea(attrs={"rows": 2})}


class DocumentForm(forms.Form):
    """A project document."""

    title = forms.CharField(label=_("title"), max_length=200)
    file = forms.FileField(label=_("file"))


class BookingForm(forms.Form):
    """Book a piece of equipment (30-minute slots)."""

    equipment = forms.ModelChoiceField(label=_("equipment"), queryset=Equipment.objects.all())
    start = forms.DateTimeField(label=_("start"), widget=_WHEN)
    end = forms.DateTimeField(label=_("end"), widget=_WHEN)
    purpose = forms.CharField(label=_("purpose"), max_length=300, required=False)


class ProtocolForm(forms.Form):
    """Record a test protocol (test-site operator)."""

    equipment = forms.ModelChoiceField(label=_("equipment"), queryset=Equipment.objects.all())
    organisation = forms.ModelChoiceField(label=_("customer"), queryset=Organisation.objects.none())
    product = forms.ModelChoiceField(label=_("product"), queryset=Product.objects.all())
    standard = forms.CharField(label=_("standard"), max_length=80)
    number = forms.CharField(label=_("protocol number"), max_length=80)
    tested = forms.DateField(label=_("tested"), widget=_DATE)
    result = forms.ChoiceField(label=_("result"), choices=TestResult.choices)
    values = forms.CharField(
        label=_("measured values"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    certificate_expires = forms.DateField(
        label=_("certificate valid until"),
        required=False,
        widget=_DATE,
        help_text=_("Fill in to add the certificate to the member's registry entry."),
    )

    def __init__(self, *args, **kwargs):  # noqa: D107
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = _members()


class BomVersionForm(forms.Form):
    """A new version of the bill of materials."""

    title = forms.CharField(label=_("title"), max_length=200)
    note = forms.CharField(label=_("what changed"), required=False, max_length=4000)
    copy_from = forms.ModelChoiceField(
        label=_("copy lines from"), queryset=BomVersion.objects.all(), required=False
    )


class BomLineForm(forms.Form):
    """A line of the bill of materials: a member's product, or an outside item."""

    product = forms.ModelChoiceField(
        label=_("catalogue product"), queryset=Product.objects.all(), required=False
    )
    supplier = forms.ModelChoiceField(
        label=_("supplier"), queryset=Organisation.objects.none(), required=False
    )
    item = forms.CharField(label=_("item (outside the catalogue)"), max_length=200, required=False)
    unit = forms.CharField(label=_("unit"), max_length=32, required=False)
    quantity = forms.FloatField(label=_("quantity"), min_value=0, max_value=1e9)
    unit_price = forms.FloatField(label=_("price per unit, RUB"), min_value=0, max_value=1e12)
    imported = forms.BooleanField(label=_("imported"), required=False)

    def __init__(self, *args, **kwargs):  # noqa: D107
        super().__init__(*args, **kwargs)
        self.fields["supplier"].queryset = _members()

    def clean(self):  # noqa: D102
        data = super().clean()
        if data.get("product") is None and not (data.get("item") and data.get("unit")):
            self.add_error("item", _("Choose a catalogue product or enter an item and its unit."))
        return data


class AssessmentForm(forms.Form):
    """The self-assessment: a score 0–4 per indicator of ESCA's six areas."""

    assessed = forms.DateField(label=_("date"), widget=_DATE)
    management_fte = forms.FloatField(
        label=_("cluster management staff, FTE"), min_value=0, max_value=1000
    )
    website = forms.BooleanField(label=_("active website"), required=False)

    def __init__(self, *args, lang: str = "en", **kwargs):  # noqa: D107
        super().__init__(*args, **kwargs)
        choices = [("", "—")] + [(str(s), str(s)) for s in SCALE]
        for key, (area, en, ru) in INDICATORS.items():
            label = f"{AREAS[area][1 if lang == 'ru' else 0]}: {ru if lang == 'ru' else en}"
            self.fields[f"i_{key}"] = forms.TypedChoiceField(
                label=label, choices=choices, required=False, coerce=int, empty_value=None
            )

    def answers(self) -> dict[str, int]:
        """Answered indicators."""
        return {
            k[2:]: v for k, v in self.cleaned_data.items() if k.startswith("i_") and v is not None
        }
