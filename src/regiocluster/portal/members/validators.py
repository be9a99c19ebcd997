"""Validators for Russian registry codes and classifier codes."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_W10 = (2, 4, 10, 3, 5, 9, 4, 6, 8)
_W11 = (7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
_W12 = (3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8)


def _check_digit(digits: list[int], weights: tuple[int, ...]) -> int:
    return sum(d * w for d, w in zip(digits, weights, strict=False)) % 11 % 10


def inn_is_valid(inn: str) -> bool:
    """Whether ``inn`` is a valid Russian taxpayer number (INN) with correct check digits.

    Ten digits for organisations (one check digit), twelve for individuals (two).

    References
    ----------
    Order of the Ministry of Taxes of Russia No. BG-3-09/178 of 03.03.2004, annex
    (algorithm of the INN check digits).
    """
    if not re.fullmatch(r"\d{10}|\d{12}", inn or ""):
        return False
    d = [int(c) for c in inn]
    if len(d) == 10:
        return d[9] == _check_digit(d[:9], _W10)
    return d[10] == _check_digit(d[:10], _W11) and d[11] == _check_digit(d[:11], _W12)


def validate_inn(value: str) -> None:
    """Django validator: raise unless ``value`` is a valid INN."""
    if not inn_is_valid(value):
        raise ValidationError(_("Enter a valid INN (10 or 12 digits with correct check digits)."))


OKVED_RE = re.compile(r"^\d{2}(\.\d{1,2}){0,3}\Z")
OKPD2_RE = re.compile(r"^\d{2}(\.\d{1,2}){0,2}(\.\d{1,3})?\Z")


def okved_ok(code: str) -> bool:
    """Whether ``code`` looks like an OKVED-2 code (``41``, ``23.61``, ``08.12.1``)."""
    return bool(OKVED_RE.match(code or ""))


def okpd2_ok(code: str) -> bool:
    """Whether ``code`` looks like an OKPD2 code (``23.51``, ``23.51.12.110``)."""
    return bool(OKPD2_RE.match(code or ""))


def validate_okved(value: str) -> None:
    """Django validator for an OKVED-2 code such as ``23.61`` or ``08.12.1``."""
    if not OKVED_RE.match(value or ""):
        raise ValidationError(_("Enter an OKVED-2 code such as 23.61."))


def validate_okved_list(value: str) -> None:
    """Django validator for a comma-separated list of OKVED-2 codes (may be empty)."""
    for code in [c.strip() for c in (value or "").split(",") if c.strip()]:
        validate_okved(code)


def validate_okpd2(value: str) -> None:
    """Django validator for an OKPD2 code such as ``23.51.12.110``."""
    if not OKPD2_RE.match(value or ""):
        raise ValidationError(_("Enter an OKPD2 code such as 23.51.12.110."))


def validate_document(file) -> None:
    """Django validator for uploads (admin included): type by extension and content, and size.

    Files already stored (not new uploads) are not re-read.
    """
    from django.core.files.uploadedfile import UploadedFile

    from regiocluster.portal.members.services import document_check

    upload = getattr(file, "file", None)
    if isinstance(upload, UploadedFile) or isinstance(file, UploadedFile):
        document_check(upload if isinstance(upload, UploadedFile) else file)
