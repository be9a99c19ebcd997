"""Russian and English both complete: every message translated, shipped .mo up to date."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import polib
import pytest
from django.test import Client

from regiocluster.portal.i18n import LOCALE_DIR, compile_messages

PORTAL = Path(__file__).resolve().parents[2] / "src" / "regiocluster" / "portal"
PO = LOCALE_DIR / "ru" / "LC_MESSAGES" / "django.po"
APP_POS = sorted(PORTAL.glob("*/locale/ru/LC_MESSAGES/django.po"))

_TEMPLATE_RE = re.compile(r'{%\s*(?:translate|trans)\s+"([^"]+)"')
_TEMPLATE_RE2 = re.compile(r"{%\s*(?:translate|trans)\s+'([^']+)'")


def _python_messages(path):
    """Yield literal first arguments of ``_``, ``gettext``, ``gettext_lazy`` calls."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in ("_", "gettext", "gettext_lazy")
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            yield node.args[0].value


def _source_messages():
    found = set()
    for path in PORTAL.rglob("*"):
        if path.suffix in (".html", ".txt") and "templates" in path.parts:
            text = path.read_text(encoding="utf-8")
            found.update(_TEMPLATE_RE.findall(text))
            found.update(_TEMPLATE_RE2.findall(text))
        elif path.suffix == ".py" and "migrations" not in path.parts:
            found.update(_python_messages(path))
    return found


def test_every_message_in_the_sources_has_a_russian_translation():
    po = polib.pofile(str(PO))
    # new apps keep their own catalogue (app/locale/ru/LC_MESSAGES/django.po); Django merges them
    catalogues = [po, *(polib.pofile(str(p)) for p in APP_POS)]
    translated = {
        e.msgid
        for cat in catalogues
        for e in cat
        if (e.msgstr or all(e.msgstr_plural.values())) and "fuzzy" not in e.flags
    }
    missing = sorted(m for m in _source_messages() if m not in translated)
    assert not missing, (
        f"untranslated (run makemessages, translate, python -m regiocluster.portal.i18n): {missing}"
    )
    assert all(cat.percent_translated() == 100 for cat in catalogues)


@pytest.mark.parametrize("app_po", APP_POS, ids=lambda p: p.parts[-5])
def test_app_mo_is_compiled_from_its_po(tmp_path, app_po):
    locale_dir = app_po.parents[2]
    (fresh,) = compile_messages(locale_dir=locale_dir, out_dir=tmp_path)
    assert fresh.read_bytes() == app_po.with_suffix(".mo").read_bytes()


def test_shipped_mo_is_compiled_from_the_po(tmp_path):
    (fresh,) = compile_messages(out_dir=tmp_path)
    shipped = LOCALE_DIR / "ru" / "LC_MESSAGES" / "django.mo"
    assert fresh.read_bytes() == shipped.read_bytes()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/members/",
        "/products/",
        "/map/",
        "/exchange/requests/",
        "/exchange/contracts/",
        "/news/",
        "/join/",
        "/accounts/login/",
    ],
)
def test_pages_in_both_languages(seeded, path):
    c = Client()
    ru = c.get("/ru" + path)
    en = c.get("/en" + path)
    assert ru.status_code == en.status_code == 200
    ru_html, en_html = ru.content.decode(), en.content.decode()
    assert '<html lang="ru">' in ru_html and '<html lang="en">' in en_html
    assert "Участники" in ru_html and "Members" not in ru_html.split("<main>")[0]
    assert "Members" in en_html and "Участники" not in en_html


@pytest.mark.django_db
def test_language_switch_keeps_the_page(seeded):
    html = (
        Client(HTTP_ACCEPT_LANGUAGE="en").get("/ru/exchange/contracts/?year=2021").content.decode()
    )
    assert 'id="lang-en"' in html and 'href="/en/exchange/contracts/?year=2021"' in html
