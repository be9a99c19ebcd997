"""The comparison form: two variants (scenario + levers), runs and seed; bounds from the model."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from regiocluster.simulation import LEVER_BOUNDS, Levers

SCENARIOS = (
    ("base", _("base")),
    ("optimistic", _("optimistic")),
    ("pessimistic", _("pessimistic")),
    ("actual", _("history held flat")),
)
LEVER_NAMES = {
    "support_mrub": _("Support measures, million RUB a year"),
    "infrastructure_mrub": _("Joint infrastructure, million RUB a year"),
    "matchmaking_meetings": _("B2B matchmaking, meetings a year"),
    "test_site": _("Test site, share of the year (0-1)"),
    "import_substitution_pct": _("Import substitution, % of priority imports a year"),
}
VARIANTS = ("a", "b")
DEFAULT_RUNS = 200


class CompareForm(forms.Form):
    """Variant A and B, each a scenario and five levers; runs and seed shared."""

    n_runs = forms.IntegerField(label=_("Runs"), min_value=20, max_value=1000, initial=DEFAULT_RUNS)
    seed = forms.IntegerField(label=_("Seed"), min_value=0, max_value=2**31 - 1, initial=0)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for v in VARIANTS:
            self.fields[f"{v}_scenario"] = forms.ChoiceField(
                label=_("Scenario"), choices=SCENARIOS, initial="base"
            )
            for name, (low, high) in LEVER_BOUNDS.items():
                self.fields[f"{v}_{name}"] = forms.FloatField(
                    label=LEVER_NAMES[name], min_value=low, max_value=high, initial=0.0,
                    required=False,
                )  # fmt: skip

    def variant_fields(self, variant: str) -> list:
        """Bound fields of one variant, for the template."""
        return [self[f"{variant}_scenario"], *(self[f"{variant}_{n}"] for n in LEVER_BOUNDS)]

    def variants(self) -> dict[str, tuple[str, Levers]]:
        """``{variant: (scenario, Levers)}`` from the cleaned data."""
        data = self.cleaned_data
        return {
            v: (
                data[f"{v}_scenario"],
                Levers(**{n: float(data.get(f"{v}_{n}") or 0.0) for n in LEVER_BOUNDS}),
            )
            for v in VARIANTS
        }
