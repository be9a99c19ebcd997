"""Template helpers of the exchange: reasons of a match in the active language."""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _

register = template.Library()


def _n(x: Any, d: int = 0) -> str:
    # Django's number_format cuts a float's digits instead of rounding them
    # (10.85 % would read 10.8 %), so round half up first.
    if isinstance(x, float | int) and not isinstance(x, bool) and math.isfinite(x):
        x = Decimal(str(x)).quantize(Decimal(1).scaleb(-d), rounding=ROUND_HALF_UP)
    return number_format(x, decimal_pos=d, use_l10n=True, force_grouping=True)


def reason_text(reason: Any) -> str:
    """Explain one reason of a match (a ``matching.Reason`` or its dict form)."""
    code = reason["code"] if isinstance(reason, dict) else reason.code
    p = reason["params"] if isinstance(reason, dict) else reason.params
    if code == "code":
        return _("OKPD2 code %(code)s agrees on %(depth)s of %(levels)s levels") % {
            "code": p["code"],
            "depth": p["depth"],
            "levels": p["levels"],
        }
    if code == "capacity":
        return _("Free capacity %(free)s %(unit)s covers the %(quantity)s %(unit)s requested") % {
            "free": _n(p["free"]),
            "quantity": _n(p["quantity"]),
            "unit": p["unit"],
        }
    if code == "certificate":
        return _("Certificate %(code)s valid on the delivery date (until %(expires)s)") % p
    if code == "delivery_budget":
        return _("About %(km)s km by road: delivery ≈ %(cost)s RUB, %(share)s%% of the budget") % {
            "km": _n(p["km"]),
            "cost": _n(p["cost"]),
            "share": _n(100 * float(p["share"]), 1),
        }
    if code == "delivery_heavy":
        return _("About %(km)s km by road: delivery of heavy goods ≈ %(cost)s RUB") % {
            "km": _n(p["km"]),
            "cost": _n(p["cost"]),
        }
    if code == "distance":
        return _("About %(km)s km by road") % {"km": _n(p["km"])}
    if code == "deals":
        return _("%(n)s completed deals in the contracts register") % {"n": p["n"]}
    if code == "response":
        if not p["received"]:
            return _("No enquiries answered yet (neutral response rate)")
        return _("Answered %(answered)s of %(received)s enquiries") % p
    return str(code)


register.filter("reason_text", reason_text)


@register.filter
def percent(x: Any, d: int = 1) -> str:
    """Share 0-1 as a percentage."""
    if x is None:
        return "—"
    return _n(100 * float(x), d) + " %"
