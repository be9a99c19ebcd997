"""The portal's figures page and ``/api/figures/`` as renderers of the consistency suite.

The portal is seeded from the embedded case; its page and API must show each
headline quantity exactly as the core Result computes it on the live case
(:func:`~regiocluster.portal.casebridge.live_case`), and the live case must give
the same numbers as the case that seeded it (so the portal agrees with the CLI
and the study). It runs on SQLite in the whole suite and on PostgreSQL with
``DATABASE_URL`` (``make test``).
"""

from __future__ import annotations

import json
from html.parser import HTMLParser
from typing import Any

import pytest
from django.test import Client

from tests.consistency.quantities import QUANTITIES, Quantity
from tests.consistency.test_consistency import same

pytestmark = pytest.mark.slow


class _Cells(HTMLParser):
    """``data-id`` → the JSON values of its ``data-value`` attributes, and the visible text."""

    def __init__(self) -> None:
        super().__init__()
        self.values: dict[str, list[Any]] = {}
        self.texts: dict[str, str] = {}
        self._open: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("data-id") and a.get("data-value") is not None:
            self.values.setdefault(str(a["data-id"]), []).append(json.loads(str(a["data-value"])))
            self._open = str(a["data-id"])
            self.texts[self._open] = ""

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self.texts[self._open] += data

    def handle_endtag(self, tag: str) -> None:
        self._open = None


def _core(quantities: tuple[Quantity, ...], case: Any) -> dict[str, Any]:
    results: dict[tuple[str, str], Any] = {}
    out = {}
    for q in quantities:
        key = (q.function, repr(sorted(q.options.items())))
        if key not in results:
            results[key] = q.call()(case, **q.options)
        out[q.id] = results[key].value(q.figure)
    return out


_SHOWN: dict[str, Any] = {}


@pytest.fixture
def shown(db, leningrad):
    """Seed the embedded case, read the page (ru, en) and the API, once per module.

    The first test seeds and reads inside its own (rolled back) transaction; the
    others reuse what it read.
    """
    if not _SHOWN:
        from django.core.cache import cache

        from regiocluster.portal.casebridge import case_seed, live_case

        cache.clear()
        case_seed(case=leningrad, offers=False)
        client = Client()
        pages = {}
        for lang in ("ru", "en"):
            response = client.get(f"/{lang}/figures/")
            assert response.status_code == 200, response.content[:500]
            parser = _Cells()
            parser.feed(response.content.decode())
            pages[lang] = parser
        api = client.get("/api/figures/")
        assert api.status_code == 200, api.content[:500]
        _SHOWN.update(pages=pages, api=api.json(), live=_core(QUANTITIES, live_case()))
    return _SHOWN


def portal_page(quantity: Quantity, shown: dict[str, Any]) -> Any:
    """The value the figures page carries for the quantity (the same in both languages)."""
    values = [v for lang in ("ru", "en") for v in shown["pages"][lang].values.get(quantity.id, [])]
    assert values, f"the figures page does not show {quantity.id}"
    return values[0] if all(v == values[0] for v in values) else values


def portal_api(quantity: Quantity, shown: dict[str, Any]) -> Any:
    """The value ``/api/figures/`` gives for the quantity."""
    values = [f["value"] for f in shown["api"]["figures"] if f["id"] == quantity.id]
    assert len(values) == 1, f"/api/figures/ shows {quantity.id} {len(values)} times"
    return values[0]


RENDERERS = {"portal_page": portal_page, "portal_api": portal_api}


@pytest.mark.parametrize("renderer", sorted(RENDERERS))
@pytest.mark.parametrize("quantity", QUANTITIES, ids=[q.id for q in QUANTITIES])
def test_portal_shows_the_core_value(quantity, renderer, shown):
    value = shown["live"][quantity.id]
    rendered = RENDERERS[renderer](quantity, shown)
    assert same(value, rendered), f"{quantity.id}: core {value!r}, {renderer} {rendered!r}"


@pytest.fixture(scope="module")
def seeding_core(leningrad):
    """The core values on the case that seeded the portal (what the CLI and the study show)."""
    return _core(QUANTITIES, leningrad)


@pytest.mark.parametrize("quantity", QUANTITIES, ids=[q.id for q in QUANTITIES])
def test_live_case_gives_the_seeding_case_value(quantity, shown, seeding_core):
    """The portal seeded from a case shows what the CLI and the study show on that case."""
    core = seeding_core
    assert same(shown["live"][quantity.id], core[quantity.id]), (
        f"{quantity.id}: live case {shown['live'][quantity.id]!r}, seeding case "
        f"{core[quantity.id]!r}"
    )


def test_page_text_is_the_value_formatted_for_the_language(shown):
    ru, en = shown["pages"]["ru"].texts, shown["pages"]["en"].texts
    assert ru["network.decree779.compliant"] in ("да", "нет")
    assert en["network.decree779.compliant"] in ("yes", "no")
    share = shown["live"]["market.balance.cement.import_share"]
    assert en["market.balance.cement.import_share"] == f"{100 * share:.1f} %"
    assert "тыс. т" in ru["market.balance.cement.consumption"]
    assert en["siting.ranking.cement.top_site"] == shown["live"]["siting.ranking.cement.top_site"]


def test_api_is_read_only_and_public(shown):
    response = Client().post("/api/figures/", {})
    assert response.status_code in (401, 403, 405)
    assert {f["id"] for f in shown["api"]["figures"]} >= {q.id for q in QUANTITIES}
    assert shown["api"]["case"].startswith("leningrad")


def test_thin_live_data_lists_what_it_cannot_show(seeded):
    """The fixture case has no cement balance: the page names it instead of failing."""
    client = Client()
    page = client.get("/en/figures/")
    assert page.status_code == 200
    data = client.get("/api/figures/").json()
    missing = {u["analysis"] for u in data["unavailable"]}
    assert "market.balance(product=cement)" in missing
    assert "Not available on the live data" in page.content.decode()
    assert {f["id"] for f in data["figures"]} >= {"mapping.members.members"}


def test_figures_follow_the_live_data(seeded):
    """A change of the registry bumps the data version: the figures are computed again."""
    from regiocluster.portal.casebridge import live_case
    from regiocluster.portal.members.models import Organisation

    def members() -> int:
        data = Client().get("/api/figures/").json()
        return next(f["value"] for f in data["figures"] if f["id"] == "mapping.members.members")

    before = members()
    assert before == len(live_case().members())
    org = Organisation.objects.filter(is_member=True).order_by("case_id").first()
    org.is_member = False
    org.save()
    after = members()
    assert after == len(live_case().members()) == before - 1
