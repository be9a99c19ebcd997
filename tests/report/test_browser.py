"""The HTML study in headless Chromium (Debian's ``chromium``, Playwright, no download)."""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

NAV_TARGETS = ("summary", "market", "siting", "structure", "management", "sources")


@pytest.mark.parametrize("page_name", ["index.html", "index.en.html"])
@pytest.mark.parametrize("width", [1440, 768])
def test_study_reads_well_at_desktop_and_tablet_width(
    browser, study_dir: Path, width: int, page_name: str
) -> None:
    root = study_dir.resolve().as_uri()
    page = browser.new_page(viewport={"width": width, "height": 900})
    errors: list[str] = []
    outside: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on(
        "request", lambda r: None if r.url.startswith((root, "data:")) else outside.append(r.url)
    )
    page.goto(f"{root}/{page_name}")
    page.wait_for_load_state("load")
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0  # no page-wide horizontal scrolling; wide tables scroll in their box
    assert page.locator(".leaflet-container").count() >= 2
    assert page.locator(".map-legend").count() >= 2  # every map has its legend
    assert page.locator(".js-plotly-plot").count() >= 5
    for key in NAV_TARGETS:
        page.click(f'nav a[href="#{key}"]')
        page.wait_for_timeout(150)
        nav_bottom = page.evaluate("document.getElementById('nav').getBoundingClientRect().bottom")
        heading_top = page.evaluate(
            f"document.querySelector('#{key} h2').getBoundingClientRect().top"
        )
        assert heading_top >= nav_bottom - 1, (key, heading_top, nav_bottom)
    page.close()
    assert errors == []
    assert outside == []
