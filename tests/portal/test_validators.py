"""INN check digits against published valid numbers; a property on corrupted check digits."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from regiocluster.portal.dburl import parse_database_url
from regiocluster.portal.members.validators import inn_is_valid, okpd2_ok, okved_ok


@pytest.mark.parametrize(
    "inn",
    [
        "7707083893",  # Sberbank (published in the Unified State Register of Legal Entities)
        "7736207543",  # Yandex LLC
        "7728168971",  # Alfa-Bank
        "500100732259",  # individual, the worked example in Russian Wikipedia's "ИНН" article
    ],
)
def test_published_inns_are_valid(inn):
    assert inn_is_valid(inn)


@pytest.mark.parametrize(
    "inn", ["7707083890", "770708389", "77070838931", "abcdefghij", "", "500100732250"]
)
def test_invalid_inns(inn):
    assert not inn_is_valid(inn)


@given(st.sampled_from(["7707083893", "7736207543", "7728168971"]), st.integers(1, 9))
def test_changing_the_check_digit_breaks_a_valid_inn(inn, delta):
    bad = inn[:9] + str((int(inn[9]) + delta) % 10)
    assert not inn_is_valid(bad)


@given(st.text(alphabet="0123456789", min_size=9, max_size=9))
def test_exactly_one_check_digit_completes_any_nine_digits(base):
    assert sum(inn_is_valid(base + str(d)) for d in range(10)) == 1


def test_classifier_code_formats():
    assert okved_ok("23.61") and okved_ok("08.12.1") and okved_ok("41")
    assert not okved_ok("23-61") and not okved_ok("2361x")
    assert okpd2_ok("23.51.12.110") and okpd2_ok("23.51") and not okpd2_ok("23.51.12.1100")


def test_database_url_parsing():
    cfg = parse_database_url("postgres://postgres:p%40ss@127.0.0.1:5432/test?sslmode=disable")
    assert cfg["ENGINE"] == "django.db.backends.postgresql"
    assert (cfg["NAME"], cfg["USER"], cfg["PASSWORD"], cfg["HOST"], cfg["PORT"]) == (
        "test",
        "postgres",
        "p@ss",
        "127.0.0.1",
        "5432",
    )
    assert cfg["OPTIONS"] == {"sslmode": "disable"}
    assert parse_database_url("sqlite:////tmp/x.sqlite3")["NAME"] == "/tmp/x.sqlite3"
    with pytest.raises(ValueError):
        parse_database_url("mysql://u@h/db")
