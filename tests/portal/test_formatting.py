"""Numbers on the pages are rounded, not cut (Django's number_format cuts floats)."""

from __future__ import annotations

import pytest
from django.utils import translation

from regiocluster.portal.exchange.templatetags.exchange_tags import percent, reason_text


@pytest.mark.parametrize(
    "share,english,russian",
    [
        (1407 / 12966.875, "10.9 %", "10,9 %"),  # 10.851 %: cut would read 10.8
        (0.0995, "10.0 %", "10,0 %"),  # 9.95 % rounds up to 10.0
        (0.1, "10.0 %", "10,0 %"),
        (None, "—", "—"),
    ],
)
def test_percent_rounds_half_up_in_both_languages(share, english, russian):
    with translation.override("en"):
        assert percent(share) == english
    with translation.override("ru"):
        assert percent(share) == russian


def test_reason_numbers_are_rounded():
    reason = {"code": "capacity", "params": {"free": 1999.6, "unit": "t", "quantity": 500}}
    with translation.override("en"):
        text = reason_text(reason)
    assert "2,000 t" in text and "1,999" not in text
