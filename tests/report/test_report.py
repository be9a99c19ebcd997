"""The report builds on the embedded case and opens offline in headless Chromium."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from regiocluster.cli import app
from regiocluster.report.maps import Layer, map_html

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def test_map_popups_are_not_html() -> None:
    layer = Layer("x", {"type": "FeatureCollection", "features": []}, popup_fields=("name",))
    html = map_html([layer])
    from regiocluster.report.maps import MAP_JS

    assert "textContent" in MAP_JS and "innerHTML" not in MAP_JS
    # the payload is JSON inside a script: a closing tag in data cannot end the script
    evil = Layer(
        "</script><script>alert(1)</script>",
        {"type": "FeatureCollection", "features": []},
    )
    assert "</script><script>alert(1)" not in map_html([evil])
    assert html.count("<script>") == 1


@pytest.fixture(scope="module")
def report_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("report")
    result = CliRunner().invoke(app, ["report", "--case", "leningrad", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


def test_report_lists_every_table_and_writes_layers(report_dir: Path) -> None:
    from regiocluster import load_case

    case = load_case("leningrad")
    html = (report_dir / "index.html").read_text(encoding="utf-8")
    for table, frame in case.tables.items():
        assert f"<code>{table}</code>" in html
        assert f"{len(frame):,}" in html
    layer = json.loads((report_dir / "data" / "enterprises_synthetic.geojson").read_text())
    assert len(layer["features"]) == len(case.tables["enterprises"])
    lon, lat = layer["features"][0]["geometry"]["coordinates"]
    west, south, east, north = case.meta["study_bbox"]
    assert west <= lon <= east and south <= lat <= north


@pytest.mark.browser
@pytest.mark.skipif(
    CHROMIUM is None, reason="Debian chromium is not installed (make test installs it)"
)
def test_report_opens_offline_without_console_errors(report_dir: Path) -> None:
    from playwright.sync_api import sync_playwright

    root = report_dir.resolve().as_uri()
    errors: list[str] = []
    outside: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        page = browser.new_page()
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on(
            "request",
            lambda r: (
                None
                if r.url.startswith(root) or r.url.startswith("data:")
                else outside.append(r.url)
            ),
        )
        page.goto(f"{root}/index.html")
        page.wait_for_load_state("load")
        n_maps = page.locator(".leaflet-container").count()
        n_markers = page.locator(".leaflet-interactive").count()
        browser.close()
    assert errors == []
    assert outside == []
    assert n_maps >= 1
    assert n_markers > 100
