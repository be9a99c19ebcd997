"""The study's content parts: the data card in Word, site names by language, one outlook."""

from __future__ import annotations

import re

import pytest

from regiocluster.report.docx_markdown import add_markdown, hyperlinks

CARD = """# Data card

Intro with a [link](https://example.org/intro) and `code`.

## How it is made

- first **point**
- second point

| key | address |
|---|---|
| `rosstat` | [https://rosstat.gov.ru/](https://rosstat.gov.ru/) |
| `geonames` | — |
"""


def test_data_card_becomes_word_headings_tables_lists_and_hyperlinks() -> None:
    from docx import Document

    doc = Document()
    doc.add_heading("Data and sources", level=1)
    add_markdown(doc, CARD, base_level=1)
    styles = [(p.style.name, p.text) for p in doc.paragraphs]
    assert ("Heading 2", "Data card") in styles and ("Heading 3", "How it is made") in styles
    assert [t for s, t in styles if s == "List Bullet"] == ["first point", "second point"]
    assert len(doc.tables) == 1
    table = doc.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["key", "address"]
    assert [c.text for c in table.rows[1].cells] == ["rosstat", "https://rosstat.gov.ru/"]
    assert hyperlinks(doc) == ["https://example.org/intro", "https://rosstat.gov.ru/"]
    assert not any("[" in t or "](" in t or "|" in t for _, t in styles)  # no raw Markdown


@pytest.mark.slow
def test_every_embedded_site_has_its_russian_name() -> None:
    from regiocluster import load_case
    from regiocluster.report.compose import site_names

    case = load_case("leningrad")
    names = site_names(case)
    assert len(names) == len(case.tables["sites"])
    assert names["S-LEVO"].ru == "Индустриальный парк «Левобережный»"
    assert names["S-USTL"].ru == "Особая экономическая зона «Усть-Луга»"
    assert names["GF-SLAN"].ru.startswith("Площадка-кандидат, Сланцы (")
    for name in names.values():
        assert re.search(r"[А-Яа-яЁё]{3,}", name.ru), name
        assert not re.search(r"\b[A-Za-z]{3,}\b(?<!NWFZ)", name.ru.replace("NWFZ", "")), name
        assert name.text("ru") == name.ru and name.text("en") == name.en


@pytest.mark.slow
def test_one_market_outlook_serves_the_study_the_needs_and_the_model(monkeypatch) -> None:
    """The outlook is computed once per case and shared (it was computed three times)."""
    import importlib

    from regiocluster import load_case
    from regiocluster.market.case import outlook
    from regiocluster.needs.case import product_needs
    from regiocluster.report.results import ResultBook
    from regiocluster.report.sections import market
    from regiocluster.simulation.inputs import _outlook

    outlook_module = importlib.import_module("regiocluster.market.outlook")
    calls = []
    real = outlook_module.outlook
    monkeypatch.setattr(outlook_module, "outlook", lambda *a, **k: calls.append(k) or real(*a, **k))
    case = load_case("leningrad")
    shown = market.compute(case, ResultBook())
    needs = product_needs(case)
    model = _outlook(case, 2035)
    assert len(calls) == 1
    assert shown is outlook(case)
    assert model.gaps is shown.frames["gaps"] and model.demand is shown.frames["demand"]
    # the needs' gaps are the shown base-scenario gaps, row for row
    gaps = shown.frames["gaps"]
    base = gaps[(gaps["scenario"] == "base") & (gaps["year"] == 2030)].set_index("product_id")
    need = needs.frame["gap_2030"].dropna()
    assert len(need) > 5
    assert (need == base.loc[need.index, "gap"]).all()
    # a new case object is a new computation (the memo holds live cases only)
    outlook(load_case("leningrad"))
    assert len(calls) == 2


@pytest.mark.slow
def test_one_site_ranking_serves_the_study_the_needs_and_the_model(monkeypatch) -> None:
    from regiocluster import load_case
    from regiocluster.case.load import Case
    from regiocluster.needs.case import _ranked_sites
    from regiocluster.report.results import ResultBook
    from regiocluster.report.sections import siting
    from regiocluster.simulation.inputs import _site_of_products
    from regiocluster.siting import case as siting_case

    calls = []
    real = siting_case.rank_sites
    monkeypatch.setattr(
        siting_case, "rank_sites", lambda c, p, **k: calls.append(p) or real(c, p, **k)
    )
    full = load_case("leningrad")
    tables = {**full.tables, "products": full.tables["products"].head(2)}  # two keep it short
    case = Case(name="two products", meta=full.meta, tables=tables, path=full.path)
    products = list(case.tables["products"]["product_id"])
    shown = siting.rankings(case, ResultBook())
    needs = _ranked_sites(case, products)
    model = _site_of_products(case, products)
    assert sorted(calls) == sorted(products)  # one ranking per product, shared
    for p in products:
        table = shown.frames[p]
        assert (
            needs[p].index.tolist() == table[table["eligible"]].sort_values("rank").index.tolist()
        )
        best = table[table["eligible"]].iloc[0]
        row = model.set_index("product_id").loc[p]
        assert (row["lon"], row["lat"]) == (best["lon"], best["lat"])
