"""The study on the embedded case: numbers, languages, PDF, DOCX, XLSX."""

from __future__ import annotations

import json
import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from regiocluster.report.i18n import Localizer
from regiocluster.report.model import Number

pytestmark = pytest.mark.slow

CHAPTER_KEYS = (
    "market",
    "members",
    "support",
    "technologies",
    "projects",
    "siting",
    "modernisation",
    "model",
    "structure",
    "management",
)


class _Text(HTMLParser):
    """Visible text of a page, skipping given classes and tags, and summary spans."""

    SKIP_TAGS = {"script", "style", "code", "title"}

    def __init__(self, skip_classes: set[str]) -> None:
        super().__init__()
        self.skip_classes = skip_classes
        self.stack: list[bool] = []
        self.chunks: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in {"br", "img", "meta", "link", "input", "hr"}:
            return
        classes = set((dict(attrs).get("class") or "").split())
        parent = bool(self.stack and self.stack[-1])
        self.stack.append(parent or tag in self.SKIP_TAGS or bool(classes & self.skip_classes))

    def handle_endtag(self, tag):
        if tag not in {"br", "img", "meta", "link", "input", "hr"} and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if not (self.stack and self.stack[-1]):
            self.chunks.append(data)


def visible_text(html: str, skip: set[str]) -> str:
    parser = _Text(skip)
    parser.feed(html)
    return " ".join(parser.chunks)


def _summary_html(html: str) -> str:
    return html.split('<section id="summary"')[1].split("</section>")[0]


@pytest.mark.parametrize("page,lang", [("index.html", "ru"), ("index.en.html", "en")])
def test_every_summary_number_resolves_to_results_json(
    study_dir: Path, page: str, lang: str
) -> None:
    results = json.loads((study_dir / "results.json").read_text(encoding="utf-8"))
    numbers = {n["id"]: n for n in results["numbers"]}
    summary = _summary_html((study_dir / page).read_text(encoding="utf-8"))
    spans = re.findall(r'<span class="num" data-rid="([^"]+)"[^>]*>([^<]+)</span>', summary)
    assert len(spans) >= 15
    loc = Localizer(lang)
    for rid, shown in spans:
        entry = numbers[rid]  # KeyError = a number without a results.json id
        thousands = False
        expected = loc.quantity(Number(rid, entry["value"], entry["unit"], thousands))
        if expected != shown:  # market quantities are shown in thousands of the product unit
            expected = loc.quantity(Number(rid, entry["value"], entry["unit"], True))
        assert shown == expected, rid
    # no other digits in the prose: numbers are spans; years and names are marked as such
    rest = visible_text(summary, {"num", "year", "name"})
    assert not re.search(r"\d", rest), rest


def test_results_json_numbers_have_unit_and_provenance(study_dir: Path) -> None:
    results = json.loads((study_dir / "results.json").read_text(encoding="utf-8"))
    ids = [n["id"] for n in results["numbers"]]
    assert len(ids) == len(set(ids)) and len(ids) > 40
    for n in results["numbers"]:
        assert n["unit"] and "illustrative" in n["provenance"]
        if n["unit"] == "share":
            assert 0 <= n["value"] <= 1, n
    decree = {f["id"]: f["value"] for f in results["results"]["network.decree779"]["figures"]}
    assert decree["purchases_from_members"] <= decree["purchases"]
    structure = {f["id"]: f["value"] for f in results["results"]["mapping.structure"]["figures"]}
    assert structure["core_size"] <= structure["members"]
    assert results["tables"] and all(t["columns"] for t in results["tables"])


@pytest.mark.parametrize("page", ["index.html", "index.en.html"])
def test_no_raw_codes_or_python_values(study_dir: Path, page: str) -> None:
    html = (study_dir / page).read_text(encoding="utf-8")
    text = visible_text(html, set())
    for raw in (
        "aerated_blocks",
        "RU-LEN+RU-SPE",
        "thousand thousand",
        "thousand_bricks",
        "nan",
        "None",
        "True",
        "False",
    ):
        assert not re.search(rf"(?<![\w-]){re.escape(raw)}(?![\w-])", text), raw


def test_russian_study_has_no_english_sentence(study_dir: Path) -> None:
    html = (study_dir / "index.html").read_text(encoding="utf-8")
    assert '<html lang="ru">' in html
    # names (products, sites, enterprises, references), the data card (a source document
    # in its own language) and formulas are exempt; everything else is Russian
    text = visible_text(html, {"name", "markdown", "year"})
    english = re.findall(r"\b[A-Za-z]{2,}(?:[ ,;:]+[A-Za-z]{2,}){2,}", text)
    assert english == []


def test_study_english_page_is_english(study_dir: Path) -> None:
    # the link to the Russian version names that language in Russian
    text = visible_text(
        (study_dir / "index.en.html").read_text(encoding="utf-8"),
        {"name", "markdown", "other-lang"},
    )
    assert not re.search(r"[А-Яа-яЁё]{3,}", text)


def test_pdf_pages_toc_and_whole_figures(study) -> None:
    out, result, _ = study
    for lang in ("ru", "en"):
        pdf = out / f"study.{lang}.pdf"
        layout = result.pdf[lang]
        assert layout.split == {}, layout.split  # no chart or map across a page boundary
        pages_dir = out / f"pages-{lang}"
        pages_dir.mkdir()
        subprocess.run(["pdftoppm", "-r", "8", "-png", str(pdf), str(pages_dir / "p")], check=True)
        assert len(list(pages_dir.glob("p-*.png"))) == layout.pages > 30
        toc = subprocess.run(
            ["pdftotext", "-f", "2", "-l", "2", "-layout", str(pdf), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        loc = Localizer(lang)
        for key in CHAPTER_KEYS:
            page = layout.chapters[key]
            title = re.escape(loc.gettext(_title(key)))
            match = re.search(rf"{title}\s*\.+\s*(\d+)", toc)
            assert match, (key, toc)
            assert int(match.group(1)) == page  # the TOC's number is the page the chapter starts on


def _title(key: str) -> str:
    from regiocluster.report.registry import CHAPTERS, discover

    discover()
    return CHAPTERS[key].title


def test_docx_has_a_heading_1_per_chapter(study_dir: Path) -> None:
    from docx import Document

    for lang in ("ru", "en"):
        doc = Document(str(study_dir / f"study.{lang}.docx"))
        headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
        loc = Localizer(lang)
        for key in (*CHAPTER_KEYS, "recommendations", "methodology", "sources", "glossary"):
            title = (
                loc.gettext(_title(key))
                if key != "recommendations"
                else loc.gettext("Recommendations")
            )
            assert any(h.endswith(title) for h in headings), (lang, title, headings)
        assert len(doc.tables) >= 15 and len(doc.inline_shapes) >= 5


def test_xlsx_annex_holds_every_table(study_dir: Path) -> None:
    from openpyxl import load_workbook

    results = json.loads((study_dir / "results.json").read_text(encoding="utf-8"))
    book = load_workbook(study_dir / "tables.ru.xlsx", read_only=True)
    index = list(book["index"].iter_rows(values_only=True))[1:]
    assert len(index) == len(results["tables"]) == len(book.sheetnames) - 1
    by_table = {t["id"]: len(t["rows"]) for t in results["tables"]}
    assert sorted(r[2] for r in index) == sorted(by_table.values())


def test_build_reports_progress_per_chapter(study) -> None:
    _, result, steps = study
    names = [s for s, _ in steps]
    for key in CHAPTER_KEYS:
        assert key in names
    percents = [p for _, p in steps]
    assert percents == sorted(percents) and percents[-1] == 100.0


def _section(html: str, key: str) -> str:
    return html.split(f'<section id="{key}"')[1].split("</section>")[0]


@pytest.mark.parametrize("page", ["index.html", "index.en.html"])
def test_model_and_management_render_what_exists(study_dir: Path, page: str) -> None:
    html = (study_dir / page).read_text(encoding="utf-8")
    for key, ids in (
        ("model", ("model-scenarios", "model-output_fan", "model-levers")),
        ("management", ("management-plan", "management-budget", "management-conference")),
    ):
        section = _section(html, key)
        assert 'class="pending"' not in section, key  # no "being built" in chapters 8 and 10
        for block in ids:
            assert f'id="{block}"' in section, (key, block)
    assert "being built" not in html and "when it is available" not in html
    # the study states the runs and the interval the medians come with
    results = json.loads((study_dir / "results.json").read_text(encoding="utf-8"))
    numbers = {n["id"]: n for n in results["numbers"]}
    runs = numbers["simulation.development_model.n_runs"]["value"]
    model = _section(html, "model")
    assert 'data-rid="simulation.development_model.n_runs"' in model
    assert runs >= 100 and re.search(r"5[–-]95", model)


@pytest.mark.parametrize("page", ["index.html", "index.en.html"])
def test_context_the_committee_expects_is_back(study_dir: Path, page: str) -> None:
    html = (study_dir / page).read_text(encoding="utf-8")
    for key, block in (
        ("members", "members-product_space"),
        ("members", "members-complexity_ranking"),
        ("market", "market-intensities"),
        ("market", "market-world_context"),
        ("siting", "siting-excluded"),
    ):
        assert f'id="{block}"' in _section(html, key), block
    results = json.loads((study_dir / "results.json").read_text(encoding="utf-8"))
    tables = {t["id"]: t for t in results["tables"]}
    excluded = tables["siting.excluded"]["rows"]
    assert excluded and all(r["reason"] for r in excluded)  # every exclusion says why
    intensities = tables["market.intensities"]["rows"]
    assert {"cement"} <= {r["product"] for r in intensities}
    bounded = [r for r in intensities if r["low"] is not None and r["high"] is not None]
    assert bounded and all(r["low"] <= r["intensity"] <= r["high"] for r in bounded)


def test_russian_study_names_sites_in_russian(study_dir: Path) -> None:
    # the visible text: the maps' data carry both names and show the language's
    ru = visible_text(
        _section((study_dir / "index.html").read_text(encoding="utf-8"), "siting"), set()
    )
    en = visible_text(
        _section((study_dir / "index.en.html").read_text(encoding="utf-8"), "siting"), set()
    )
    assert "Площадка-кандидат" in ru and "Greenfield candidate" not in ru
    assert "Greenfield candidate" in en and "Площадка-кандидат" not in en
    assert "санитарно-защитной зоны" in ru and "sanitary zone" in en  # the reasons, translated


def test_docx_data_card_has_headings_tables_and_links(study_dir: Path) -> None:
    from docx import Document

    from regiocluster.report.docx_markdown import hyperlinks

    for lang in ("ru", "en"):
        doc = Document(str(study_dir / f"study.{lang}.docx"))
        names = [(p.style.name, p.text) for p in doc.paragraphs]
        title = Localizer(lang).gettext("Data and sources")
        start = next(i for i, (s, t) in enumerate(names) if s == "Heading 1" and t.endswith(title))
        card = names[start + 1 :]
        assert any(s == "Heading 2" for s, _ in card) and any(s == "Heading 3" for s, _ in card)
        assert not any(t.startswith(("#", "|", "- ")) for _, t in card)
        links = hyperlinks(doc)
        assert len(links) >= 10 and all(u.startswith("http") for u in links)
