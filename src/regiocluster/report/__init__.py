"""The static HTML report: a section registry, charts, maps and the builder."""

from regiocluster.report.builder import ReportResult, build_report
from regiocluster.report.registry import Section, register_section

__all__ = ["ReportResult", "Section", "build_report", "register_section"]
