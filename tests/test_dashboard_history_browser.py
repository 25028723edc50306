"""The pages over the years in a real browser: Debian's chromium, driven by Playwright, opened from
file:// with no network (the launch and the watch are test_dashboard_browser.py's).

Asserts that a hub's history page and the national comparison over the years load with no console
error, failed or non-file request, that every figure rendered (an SVG with content), and that the
history page prints to A4 with every chart inside the page. Screenshots (screen and print) are
saved under tests/artifacts/dashboard/.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from dashboard_site import history_reports

from hubmonitor.render.html.site import build_site

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent / "artifacts" / "dashboard"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
# Each page and its number of figures: Midtjylland has three numeric targets (and a milestone, in
# the table only); the national page one figure of small multiples.
PAGES = {"historik-midtjylland.html": 3, "historik-sjaelland.html": 1, "national-historik.html": 1}
A4_CONTENT_PX = 703  # 210 mm less 2 × 12 mm margins, at 96 px per inch

if not CHROMIUM.exists():
    if os.environ.get("CI"):
        pytest.fail(f"{CHROMIUM} is missing in CI: .ci/run must install Debian's chromium", pytrace=False)
    pytest.skip(f"{CHROMIUM} not installed (apt-get install chromium); the browser tests need it",
                allow_module_level=True)

try:
    from playwright.sync_api import sync_playwright
except ImportError:  # pragma: no cover - playwright is in the test extra
    if os.environ.get("CI"):
        raise
    pytest.skip("playwright is not installed (pip install '.[test]')", allow_module_level=True)

from test_dashboard_browser import open_page, shot_name  # noqa: E402  (after the skips above)


@pytest.fixture(scope="module")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("history-site")
    for name, content in build_site(history_reports(), lang="da", generated="2024-06-30", workbooks=False).items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    return root


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        yield b
        b.close()


@pytest.mark.parametrize(("name", "figures"), PAGES.items())
def test_history_page_renders_offline(browser: Any, site_dir: Path, name: str, figures: int) -> None:
    page, watch = open_page(browser, site_dir, name)
    try:
        charts = page.evaluate("""() => Array.from(document.querySelectorAll('.js-plotly-plot')).map(d => ({
            nodes: d.querySelectorAll('svg.main-svg path, svg.main-svg text').length,
            width: d.getBoundingClientRect().width, height: d.getBoundingClientRect().height}))""")
        assert page.locator("div[data-figure]").count() == len(charts) == figures
        for chart in charts:
            assert chart["nodes"] > 5 and chart["width"] > 100 and chart["height"] > 100, chart
        # Midtjylland's 2024 is up to 30 June: said in the axis label (Sjælland has full years only)
        ticks = page.locator(".js-plotly-plot").first.inner_text().replace("\u00a0", " ")
        assert ("t.o.m. 30.6." in ticks) == (name != "historik-sjaelland.html"), ticks
        hrefs = page.evaluate("() => Array.from(document.querySelectorAll('a[href]')).map(a => a.getAttribute('href'))")
        files = [h for h in hrefs if not h.startswith("#")]
        assert files and all((site_dir / h).is_file() for h in files), files  # every link goes to a page
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{shot_name(name)}.png"), full_page=True)
        assert watch.dialogs == [] and watch.problems == []
    finally:
        page.close()


def test_history_page_prints_to_a4(browser: Any, site_dir: Path) -> None:
    page, watch = open_page(browser, site_dir, "historik-midtjylland.html")
    try:
        page.set_viewport_size({"width": A4_CONTENT_PX, "height": 1000})  # the printed page's width
        page.emulate_media(media="print")
        page.wait_for_timeout(500)
        overflow = page.evaluate("""() => Array.from(document.querySelectorAll('.scroll'))
            .map(d => d.scrollWidth - d.clientWidth)""")
        assert overflow and max(overflow) <= 0  # the table fits the page: nothing cut off
        widths = page.evaluate("""() => Array.from(document.querySelectorAll('.js-plotly-plot'))
            .map(d => d.querySelector('svg.main-svg').getBoundingClientRect().width)""")
        assert max(widths) <= A4_CONTENT_PX / 2  # the small multiples two by two
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.set_viewport_size({"width": 794, "height": 1123})
        page.screenshot(path=str(ARTIFACTS / "historik-midtjylland-print.png"), full_page=True)
        pdf = page.pdf(format="A4", print_background=True, prefer_css_page_size=True)
        assert pdf[:5] == b"%PDF-"
        assert watch.problems == []
    finally:
        page.close()
