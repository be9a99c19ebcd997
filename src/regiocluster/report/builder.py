"""Build the static HTML report of a case.

The report is one folder: ``index.html``, the vendored Leaflet and plotly
scripts under ``assets/``, and each section's own files (GeoJSON layers,
CSV tables). It opens from disk and makes no request outside its folder.
"""

from __future__ import annotations

import datetime as dt
import shutil
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import jinja2
from markupsafe import Markup

import regiocluster
from regiocluster.case.load import Case
from regiocluster.report.maps import MAP_JS
from regiocluster.report.registry import RegisteredSection, Section, discover


@dataclass(frozen=True)
class ReportResult:
    """What :func:`build_report` wrote.

    Attributes
    ----------
    index : Path
        The report's ``index.html``.
    sections : tuple of str
        Keys of the sections written, in order.
    failures : tuple of tuple of (str, str)
        Sections whose builder raised, with the error; the report shows them
        as failed rather than hiding them.
    """

    index: Path
    sections: tuple[str, ...]
    failures: tuple[tuple[str, str], ...]


def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("regiocluster.report", "templates"),
        autoescape=jinja2.select_autoescape(["html", "j2"]),
        undefined=jinja2.StrictUndefined,
    )


def _copy_assets(out: Path) -> None:
    assets = out / "assets"
    leaflet = resources.files("regiocluster.report") / "static" / "leaflet"
    with resources.as_file(leaflet) as src:
        shutil.copytree(src, assets / "leaflet", dirs_exist_ok=True)
    import plotly

    plotly_js = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    shutil.copyfile(plotly_js, assets / "plotly.min.js")
    (assets / "regiocluster-map.js").write_text(MAP_JS, encoding="utf-8")


def build_report(
    case: Case,
    out: Path | str,
    *,
    only: Sequence[str] | None = None,
    progress: Callable[[str], None] | None = None,
) -> ReportResult:
    """Write the HTML report of ``case`` into the folder ``out``.

    Parameters
    ----------
    case : Case
        A loaded case.
    out : Path or str
        Output folder; created if needed, existing files overwritten.
    only : sequence of str, optional
        Section keys to include (all registered sections by default).
    progress : callable, optional
        Called with each section's title before it is built.

    Returns
    -------
    ReportResult
    """
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    _copy_assets(out)
    registered: list[RegisteredSection] = [s for s in discover() if only is None or s.key in only]
    built: list[Section] = []
    failures: list[tuple[str, str]] = []
    for reg in registered:
        if progress is not None:
            progress(reg.title)
        try:
            section = reg.build(case)
        except Exception as exc:  # a broken section must not hide the others
            detail = "".join(traceback.format_exception_only(type(exc), exc)).strip()
            failures.append((reg.key, detail))
            section = Section(
                key=reg.key,
                title=reg.title,
                html=str(
                    Markup('<p class="failed">This section failed: <code>{}</code></p>').format(
                        detail
                    )
                ),
            )
        for rel, data in section.assets.items():
            target = (out / rel).resolve()
            if out.resolve() not in target.parents:
                raise ValueError(f"section {reg.key!r} asset {rel!r} escapes the report folder")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        built.append(section)
    html = (
        _environment()
        .get_template("report.html.j2")
        .render(
            case=case,
            title=case.meta.get("title", case.name),
            sections=[{"key": s.key, "title": s.title, "html": Markup(s.html)} for s in built],
            version=regiocluster.__version__,
            generated=dt.date.today().isoformat(),
        )
    )
    index = out / "index.html"
    index.write_text(html, encoding="utf-8")
    return ReportResult(index, tuple(s.key for s in built), tuple(failures))
