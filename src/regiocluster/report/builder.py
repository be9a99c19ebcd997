"""Build the study of a case: HTML, PDF, DOCX and XLSX, in Russian and English.

Chapters are composed once (their Results are language-neutral), then
rendered per language. The output folder holds ``index.html`` (the
default language), ``index.<lang>.html`` for the other, ``study.<lang>.pdf``,
``study.<lang>.docx``, ``tables.<lang>.xlsx``, ``results.json`` (every
number the study shows, with id, value, unit and provenance) and the
vendored Leaflet and plotly scripts under ``assets/``. It opens offline.
"""

from __future__ import annotations

import datetime as dt
import shutil
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import jinja2

import regiocluster
from regiocluster.case.load import Case
from regiocluster.errors import InvalidValueError
from regiocluster.report import summary as summary_mod
from regiocluster.report.i18n import LANGS, Localizer, translations
from regiocluster.report.maps import MAP_JS
from regiocluster.report.model import Chapter, Paragraph, Table
from regiocluster.report.registry import discover
from regiocluster.report.render import View, chapter_view
from regiocluster.report.results import ResultBook
from regiocluster.report.writers import PdfLayout, write_docx, write_pdf, write_xlsx

FORMATS = ("html", "pdf", "docx", "xlsx")
Progress = Callable[[str, float], None]


@dataclass(frozen=True)
class StudyResult:
    """What :func:`build_study` wrote.

    Attributes
    ----------
    index : Path
        ``index.html`` of the default language.
    files : tuple of Path
        Every document written (HTML, PDF, DOCX, XLSX, ``results.json``).
    chapters : tuple of str
        Chapter keys in order.
    failures : tuple of tuple of (str, str)
        Chapters whose composer raised, with the error; they show as failed.
    pdf : dict
        Language → the PDF's layout (pages, chapter start pages, split figures).
    """

    index: Path
    files: tuple[Path, ...]
    chapters: tuple[str, ...]
    failures: tuple[tuple[str, str], ...]
    pdf: dict[str, PdfLayout] = field(default_factory=dict)


def environment(lang: str) -> jinja2.Environment:
    """Return the Jinja environment of ``lang`` with its gettext catalogue installed."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("regiocluster.report", "templates"),
        autoescape=jinja2.select_autoescape(["html", "j2"]),
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"],
    )
    env.install_gettext_translations(translations(lang), newstyle=True)  # type: ignore[attr-defined]
    return env


def copy_assets(out: Path) -> None:
    """Vendored Leaflet, plotly from the installed package, the study's script."""
    assets = out / "assets"
    leaflet = resources.files("regiocluster.report") / "static" / "leaflet"
    with resources.as_file(leaflet) as src:
        shutil.copytree(src, assets / "leaflet", dirs_exist_ok=True)
    import plotly

    plotly_js = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    shutil.copyfile(plotly_js, assets / "plotly.min.js")
    (assets / "regiocluster-study.js").write_text(MAP_JS, encoding="utf-8")


def compose_chapters(
    case: Case, book: ResultBook, progress: Progress | None
) -> tuple[list[Chapter], list[tuple[str, str]]]:
    """Compose every registered chapter once; a failing chapter shows its error."""
    registered = discover()
    chapters, failures = [], []
    for i, reg in enumerate(registered):
        if progress is not None:
            progress(reg.key, 100 * i / len(registered))
        try:
            chapters.append(reg.compose(case, book))
        except Exception as exc:  # a broken chapter must not hide the others
            detail = "".join(traceback.format_exception_only(type(exc), exc)).strip()
            failures.append((reg.key, detail))
            chapters.append(
                Chapter(
                    reg.key,
                    reg.title,
                    blocks=[Paragraph("This chapter failed: {error}", {"error": detail})],
                )
            )
    return chapters, failures


def _numbers(chapters: Sequence[Chapter]) -> list[str]:
    numbers, n, a = [], 0, 0
    for ch in chapters:
        if ch.annex:
            a += 1
            numbers.append(chr(ord("A") + a - 1))
        elif ch.key == "recommendations":
            numbers.append("")
        else:
            n += 1
            numbers.append(str(n))
    return numbers


def _render_html(env: jinja2.Environment, context: dict, *, static: bool) -> str:
    return env.get_template("study.html.j2").render(**context, static=static)


def build_study(
    case: Case,
    out: Path | str,
    *,
    langs: Sequence[str] | None = None,
    formats: Sequence[str] = FORMATS,
    progress: Progress | None = None,
) -> StudyResult:
    """Write the study of ``case`` into the folder ``out``.

    Parameters
    ----------
    case : Case
        A loaded case.
    out : Path or str
        Output folder; created if needed, existing files overwritten.
    langs : sequence of str, optional
        Languages to build; the first is the default (``index.html``). By
        default the case's ``language`` (``case.toml``) and then the other.
    formats : sequence of str
        Any of ``html``, ``pdf``, ``docx``, ``xlsx``.
    progress : callable, optional
        Called with a step's name and the percentage done.
    """
    langs = list(langs or default_langs(case))
    for lang in langs:
        if lang not in LANGS:
            raise InvalidValueError("language", lang, LANGS)
    for fmt in formats:
        if fmt not in FORMATS:
            raise InvalidValueError("format", fmt, FORMATS)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    book = ResultBook()
    chapters, failures = compose_chapters(case, book, _scaled(progress, 0, 70))
    chapters = summary_mod.with_recommendations(chapters)
    files: list[Path] = []
    pdf: dict[str, PdfLayout] = {}
    tables = [b for ch in chapters for b in ch.blocks if isinstance(b, Table)]
    for table in tables:
        book.add_table(table, case.provenance())
    results_path = out / "results.json"
    book.to_json(results_path, case_name=case.name, year=case.year)
    files.append(results_path)
    if "html" in formats:
        copy_assets(out)
    steps = len(langs) * len(formats)
    done = 0
    for i, lang in enumerate(langs):
        loc = Localizer(lang)
        context = _context(case, book, chapters, loc, langs, i)
        cache: dict[str, list[View]] = {}
        for fmt in formats:
            if progress is not None:
                progress(f"{fmt} ({lang})", 70 + 30 * done / steps)
            done += 1
            path, layout = _write(fmt, out, loc, chapters, context, tables, cache, i == 0)
            files.append(path)
            if layout is not None:
                pdf[lang] = layout
    if progress is not None:
        progress("done", 100.0)
    index = out / "index.html"
    return StudyResult(index, tuple(files), tuple(c.key for c in chapters), tuple(failures), pdf)


def _scaled(progress: Progress | None, start: float, end: float) -> Progress | None:
    if progress is None:
        return None
    return lambda step, pct: progress(step, start + (end - start) * pct / 100)


def default_langs(case: Case) -> list[str]:
    """Return the case's language (``case.toml``, Russian if unset) first, then the other."""
    first = str(case.meta.get("language", "ru"))
    if first not in LANGS:
        raise InvalidValueError("case.toml language", first, LANGS)
    return [first, *[lang for lang in LANGS if lang != first]]


def _context(
    case: Case,
    book: ResultBook,
    chapters: list[Chapter],
    loc: Localizer,
    langs: Sequence[str],
    i: int,
) -> dict:
    lang = loc.lang
    title = str(
        case.meta.get("title_ru" if lang == "ru" else "title", case.meta.get("title", case.name))
    )
    other = [x for x in langs if x != lang]
    other_lang = None
    if other:
        href = "index.html" if other[0] == langs[0] else f"index.{other[0]}.html"
        other_lang = {
            "lang": other[0],
            "href": href,
            "label": "English version" if other[0] == "en" else "Русская версия",
        }
    return {
        "lang": lang,
        "title": title,
        "subtitle": loc.gettext(
            "Analysis of the market, members, structure and development of the cluster, with "
            "priority measures"
        ),
        "year": case.year,
        "version": regiocluster.__version__,
        "generated": dt.date.today().isoformat(),
        "illustrative": any(c.illustrative for c in chapters),
        "other_lang": other_lang,
        "numbers": _numbers(chapters),
        "summary_intro": loc.gettext(summary_mod.INTRO),
        "summary": summary_mod.summary_segments(chapters, loc),
        "summary_measures": summary_mod.measure_segments(chapters, loc),
        "groups": summary_mod.group_views(chapters, loc),
    }


def _write(
    fmt: str,
    out: Path,
    loc: Localizer,
    chapters: list[Chapter],
    context: dict,
    tables: list[Table],
    cache: dict[str, list[View]],
    default: bool,
) -> tuple[Path, PdfLayout | None]:
    lang = loc.lang
    env = environment(lang)
    if fmt == "html":
        views = _views(loc, chapters, context, images=None)
        path = out / ("index.html" if default else f"index.{lang}.html")
        path.write_text(
            _render_html(env, {**context, "chapters": views}, static=False), encoding="utf-8"
        )
        return path, None
    if fmt == "xlsx":
        path = out / f"tables.{lang}.xlsx"
        write_xlsx(path, loc=loc, tables=tables)
        return path, None
    images_dir = out / "figures" / lang
    images_dir.mkdir(parents=True, exist_ok=True)

    def sink(name: str, data: bytes) -> str:
        target = images_dir / name
        if not target.exists() or target.read_bytes() != data:
            target.write_bytes(data)
        return f"figures/{lang}/{name}"

    if "static" not in cache:
        cache["static"] = _views(loc, chapters, context, images=sink)
    views = cache["static"]
    if fmt == "pdf":
        path = out / f"study.{lang}.pdf"
        html = _render_html(env, {**context, "chapters": views}, static=True)
        return path, write_pdf(html, out, path)
    path = out / f"study.{lang}.docx"
    write_docx(
        path,
        loc=loc,
        title=context["title"],
        subtitle=context["subtitle"],
        summary=context["summary"],
        chapters=views,
        images=out,
    )
    return path, None


def _views(
    loc: Localizer,
    chapters: list[Chapter],
    context: dict,
    images: Callable[[str, bytes], str] | None,
) -> list[View]:
    return [
        chapter_view(loc, ch, n, images) for ch, n in zip(chapters, context["numbers"], strict=True)
    ]
