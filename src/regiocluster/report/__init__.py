"""The study of a case: chapters (compute -> Results) rendered by Jinja templates.

HTML (interactive, offline), PDF (WeasyPrint), DOCX (python-docx) and an
XLSX annex, in Russian and English, with ``results.json``.
"""

from regiocluster.report.builder import StudyResult, build_study
from regiocluster.report.registry import register_chapter

__all__ = ["StudyResult", "build_study", "register_chapter"]
