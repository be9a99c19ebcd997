"""The annual compliance and KPI report for the ministry, as XLSX and PDF.

It renders numbers the core computed: the Decree 779 tests of
:func:`regiocluster.programme.cluster_indicators` on the live case, the
computed indicators, and the programme's KPIs with their traffic lights.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from regiocluster.case.units import format_share
from regiocluster.portal.programme import selectors
from regiocluster.portal.programme.live import live_indicators
from regiocluster.portal.programme.models import Kpi

#: The PDF report's stylesheet (no inline style in the template).
REPORT_CSS = Path(__file__).resolve().parent / "static" / "programme" / "report_pdf.css"


def light_word(colour: str) -> str:
    """Say a traffic light in words, in the active language."""
    words = {
        "green": _("on track"),
        "amber": _("slightly behind"),
        "red": _("behind"),
    }
    return words.get(colour, _("no data"))


def report_data(*, year: int | None = None) -> dict[str, Any]:
    """Collect the report's numbers for ``year`` (default: the indicators' year)."""
    indicators = live_indicators(year=year)
    decree = indicators.decree_779
    lang = "ru" if (get_language() or "ru").startswith("ru") else "en"
    dependence, threshold = decree.value("functional_dependence"), decree.value("threshold")
    requirements = [
        (
            decree.figure("functional_dependence").label(lang),
            format_share(dependence, lang),
            f"≥ {format_share(threshold, lang, digits=0)}",
            bool(dependence is not None and dependence >= threshold),
        ),
        (
            _("Participants without a contract with another participant"),
            str(decree.value("without_contract")),
            f"≤ {decree.value('exemptions_allowed')}",
            decree.value("without_contract") <= decree.value("exemptions_allowed"),
        ),
    ]
    kpis = list(Kpi.objects.prefetch_related("periods"))
    rows = [r for r in selectors.kpi_rows(kpis=kpis) if r.year == indicators.year]
    return {
        "year": indicators.year,
        "members": decree.value("members"),
        "purchases": decree.value("purchases"),
        "from_members": decree.value("purchases_from_members"),
        "compliant": bool(decree.value("compliant")),
        "verdict": decree.summary(lang),
        "requirements": requirements,
        "indicators": [(f.label(lang), f.value, f.unit) for f in indicators.figures],
        "kpis": rows,
        "illustrative": indicators.illustrative,
    }


def report_xlsx(data: dict[str, Any]) -> bytes:
    """Write the report as an Excel workbook (three sheets)."""
    wb = Workbook()
    ws = wb.active
    ws.title = _("Decree 779")[:31]
    bold = Font(bold=True)
    ws.append([_("Compliance report for %(year)s") % {"year": data["year"]}])
    ws["A1"].font = bold
    if data["illustrative"]:
        ws.append([_("Illustrative: computed on synthetic data.")])
    ws.append([_("Participants"), data["members"]])
    ws.append([_("Purchases, mln RUB"), data["purchases"]])
    ws.append([_("of which from other participants, mln RUB"), data["from_members"]])
    ws.append([])
    ws.append([_("Requirement"), _("Value"), _("Required"), _("Met")])
    for cell in ws[ws.max_row]:
        cell.font = bold
    for name, value, required, met in data["requirements"]:
        ws.append([name, value, required, _("yes") if met else _("no")])
    ws.append([_("Cluster meets the requirements"), _("yes") if data["compliant"] else _("no")])
    ws.append([data["verdict"]])
    ind = wb.create_sheet(_("Indicators")[:31])
    ind.append([_("Indicator"), _("Value"), _("Unit")])
    for label, value, unit in data["indicators"]:
        ind.append([label, None if value is None else round(value, 3), unit])
    kp = wb.create_sheet(_("KPIs")[:31])
    kp.append([_("Code"), _("KPI"), _("Unit"), _("Baseline"), _("Target"), _("Actual"),
               _("Progress, %"), _("Status")])  # fmt: skip
    for r in data["kpis"]:
        kp.append(
            [
                r.kpi.code,
                r.kpi.display_name,
                r.kpi.unit,
                r.kpi.baseline,
                r.target,
                r.actual,
                None if r.progress is None else round(100 * r.progress, 1),
                light_word(r.colour),
            ]
        )
    for sheet in wb.worksheets:
        sheet.column_dimensions["A"].width = 55
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def report_pdf(data: dict[str, Any], *, base_url: str) -> bytes:
    """Render the report's template to PDF with WeasyPrint."""
    from weasyprint import CSS, HTML

    html = render_to_string("programme/report_pdf.html", data)
    css = CSS(filename=str(REPORT_CSS))
    return HTML(string=html, base_url=base_url).write_pdf(stylesheets=[css])
