"""The pages over the years in a real browser: Debian's chromium, driven by Playwright, opened from
file:// with no network (the launch is conftest.py's ``browser``, shared with
test_dashboard_browser.py; the watch, the skip and the site writing are dashboard_site.py's).

Asserts that a hub's history page and the national comparison over the years load with no console
error, failed or non-file request, that every figure rendered (an SVG with content), and that the
history page prints to A4 with every chart inside the page. Screenshots (screen and print) are
saved under tests/artifacts/dashboard/.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from dashboard_site import A4_CONTENT_PX, ARTIFACTS, history_reports, open_page, require_chromium, shot_name, write_site

# Each page and its number of figures: Midtjylland has three numeric targets (and a milestone, in
# the table only); the national page one figure of small multiples.
PAGES = {"historik-midtjylland.html": 3, "historik-sjaelland.html": 1, "national-historik.html": 1}

require_chromium()


@pytest.fixture(scope="module")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_site(tmp_path_factory.mktemp("history-site"), history_reports(), "2024-06-30")


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
        # not "#…" nor a chart's CSV download (a data: link, test_chart_tables.py)
        files = [h for h in hrefs if not h.startswith(("#", "data:text/csv"))]
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
