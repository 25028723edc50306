"""The dashboards in a real browser: Debian's chromium, driven by Playwright, every page opened
from file:// with no network.

Asserts no console error or warning, no failed request and no request that is not file://, that
every figure rendered (an SVG with content), that no payload from the data or the contract ran
(no dialog), that tables sort and details expand, and that the hub report prints to A4 with no
chart wider than the page. Screenshots (screen and print) and the printed PDF are saved under
tests/artifacts/dashboard/ to look at.

Skipped when /usr/bin/chromium (or playwright) is absent on a developer's machine; in CI (env CI
set) a missing browser fails instead — .ci/run installs it with apt-get. The launch (a Chromium
per browser module) is the ``browser`` fixture of conftest.py; the watch, the skip and the
site writing are dashboard_site.py's.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from dashboard_site import A4_CONTENT_PX, ARTIFACTS, open_page, require_chromium, shot_name, write_site, xss_reports
from helpers import MIDTJYLLAND, SAMPLE

import hubmonitor
from hubmonitor.report import Report

# Each page and its number of figures. Sjælland's contract on Midtjylland's data has no company in
# its own municipalities: no map or spread, only the allocation.
PAGES = {"index.html": 0, "national-2024.html": 1, "midtjylland-2024/rapport.html": 9,
         "midtjylland-2024/kommuner.html": 3, "sjaelland-2024/rapport.html": 8, "sjaelland-2024/kommuner.html": 1}

require_chromium()


@pytest.fixture(scope="module")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site built from the sample with payloads in data and contract texts, plus a second hub."""
    return write_site(tmp_path_factory.mktemp("site"), xss_reports(tmp_path_factory.mktemp("data")), "2024-12-31")


@pytest.mark.parametrize(("name", "figures"), PAGES.items())
def test_page_renders_offline_with_no_errors(browser: Any, site_dir: Path, name: str, figures: int) -> None:
    page, watch = open_page(browser, site_dir, name)
    try:
        charts = page.evaluate("""() => Array.from(document.querySelectorAll('.js-plotly-plot')).map(d => {
            const drawn = d.querySelectorAll('svg.main-svg path, svg.main-svg rect, svg.main-svg text');
            return {id: d.id, nodes: drawn.length,
                    width: d.getBoundingClientRect().width, height: d.getBoundingClientRect().height};
        })""")
        assert page.locator("div[data-figure]").count() == len(charts) == figures
        for chart in charts:
            assert chart["nodes"] > 5 and chart["width"] > 100 and chart["height"] > 50, chart
        assert page.evaluate("typeof window.Plotly") == ("object" if figures else "undefined")
        if figures:  # drawn with the Danish locale that assets/locale-da.js registers
            assert page.evaluate("document.querySelector('.js-plotly-plot')._context.locale") == "da"
            titles = page.evaluate("""() => Array.from(document.querySelectorAll('.modebar-btn'))
                                     .map(b => b.getAttribute('data-title'))""")
            assert "Hent figuren som PNG" in titles  # translated by the registered locale, not plotly's English
            assert not [t for t in titles if "Share" in (t or "")]  # no "send to Plotly Cloud" button
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{shot_name(name)}.png"), full_page=True)
        assert watch.dialogs == [], "a payload ran"
        assert watch.problems == []
    finally:
        page.close()


def test_payloads_show_as_text(browser: Any, site_dir: Path) -> None:
    page, watch = open_page(browser, site_dir, "midtjylland-2024/rapport.html")
    try:
        assert page.locator("h1").inner_text().startswith("Erhvervshus <b onmouseover=alert(1)>Midtjylland</b>")
        assert page.locator("img").count() == 0
        assert page.locator("script:not([src]):not([type='application/json'])").count() == 0
        body = page.locator("#quality").inner_text()
        assert "ukendt kommune '<img src=x onerror=alert(1)>'" in body
        # the title inside a plotly label is shown as text, not markup
        label = page.locator("#fig-1 .indicatorlayer text.title").first.text_content() or ""
        assert "</script><script>alert(1)</script>" in label.replace("\u00a0", " ")
        page.hover("h1")
        assert watch.dialogs == [] and watch.problems == []
    finally:
        page.close()


def test_expand_the_contract_wording(browser: Any, site_dir: Path) -> None:
    page, watch = open_page(browser, site_dir, "midtjylland-2024/rapport.html")
    try:
        card = page.locator("#target-M3\\.satisfaction")
        quote = card.locator("blockquote")
        assert not quote.is_visible()
        card.locator("summary").click()
        assert quote.is_visible() and "80 pct." in quote.inner_text()
        assert "275 / 350" in card.inner_text()  # numerator / denominator of the deciding segment
        assert watch.problems == []
    finally:
        page.close()


def test_national_table_sorts_and_links(browser: Any, site_dir: Path) -> None:
    page, watch = open_page(browser, site_dir, "national-2024.html")
    try:
        rows = page.locator("table.heat tbody tr th")
        assert rows.count() == 2
        header = page.locator("table.heat thead th").nth(1)  # targets met
        header.locator("button").click()
        first = [rows.nth(i).get_attribute("data-sort") for i in range(2)]
        assert header.get_attribute("aria-sort") == "ascending"
        header.locator("button").click()
        assert header.get_attribute("aria-sort") == "descending"
        assert [rows.nth(i).get_attribute("data-sort") for i in range(2)] == list(reversed(first))
        link = page.locator("table.heat a").first
        href = link.get_attribute("href") or ""
        assert href.endswith("/rapport.html") and (site_dir / href).is_file()
        assert watch.problems == []
    finally:
        page.close()


def test_hub_report_prints_to_a4(browser: Any, site_dir: Path) -> None:
    page, watch = open_page(browser, site_dir, "midtjylland-2024/rapport.html")
    try:
        page.emulate_media(media="print")
        page.wait_for_timeout(500)
        widths = page.evaluate("""() => Array.from(document.querySelectorAll('.js-plotly-plot'))
            .map(d => d.querySelector('svg.main-svg').getBoundingClientRect().width)""")
        assert widths and max(widths) <= A4_CONTENT_PX
        assert page.locator("details:not([open])").count() == 0  # the wording is printed too
        assert not page.locator("header.top nav").is_visible()
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 px per inch
        page.screenshot(path=str(ARTIFACTS / "midtjylland-2024_rapport-print.png"), full_page=True)
        pdf = page.pdf(path=str(ARTIFACTS / "midtjylland-2024_rapport.pdf"), format="A4", print_background=True,
                       prefer_css_page_size=True)
        assert pdf[:5] == b"%PDF-" and len(re.findall(rb"/Type\s*/Page[^s]", pdf)) >= 5
        assert watch.problems == []
    finally:
        page.close()


@pytest.fixture(scope="module")
def in_year_report() -> Report:
    """The sample evaluated as of 30 June 2024: four counting targets during the year (one with a
    seasonal profile from 2023) and the survey figures on the answers so far."""
    return hubmonitor.evaluate(MIDTJYLLAND, SAMPLE, as_of=date(2024, 6, 30))


@pytest.fixture(scope="module")
def in_year_dir(tmp_path_factory: pytest.TempPathFactory, in_year_report: Report) -> Path:
    return write_site(tmp_path_factory.mktemp("in-year"), [in_year_report], "2024-06-30")


def test_pace_view_and_interval_whiskers_are_drawn(browser: Any, in_year_report: Report, in_year_dir: Path) -> None:
    page, watch = open_page(browser, in_year_dir, "midtjylland-2024/rapport.html")
    try:
        pace = page.locator("#pace .js-plotly-plot")
        assert pace.count() == 4  # presentations, reach, growth programmes, dialogue meetings
        # reach: the reached line, pro rata, the seasonal profile and the forecast, each drawn with its legend,
        # and the data date's line named in the legend (its trace holds no point)
        reach = pace.nth(1)
        assert reach.locator("g.scatterlayer g.trace").count() == 5
        assert reach.locator("g.legend g.traces").count() == 5
        assert "Prognose ultimo 5.005" in reach.locator("g.legend").text_content()
        assert "Data til og med 30. juni 2024" in reach.locator("g.legend").text_content()
        assert reach.locator("g.errorbar path").count() >= 1  # the forecast's range at the year end
        # whiskers: the interval's line lies where the bullet's own axis puts its ends. M1.awareness (measured
        # by others, the same on 30 June): 631 of 1,180 = 53.47 %, Wilson 50.62 %–56.30 %, on a 0–100 % track
        m1 = page.locator("#bullets .js-plotly-plot").first
        track = m1.locator("g.bg-bullet rect").first.bounding_box()
        awareness = in_year_report.target("M1.awareness")
        assert awareness.interval is not None
        line = m1.locator("g.shapelayer path").first.bounding_box()
        assert track is not None and line is not None
        for edge, share in ((line["x"], awareness.interval.low), (line["x"] + line["width"], awareness.interval.high)):
            assert abs(edge - (track["x"] + track["width"] * share)) < 2.5, (edge, track, share)  # within 2 px
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.locator("#pace").screenshot(path=str(ARTIFACTS / "in-year_pace.png"))
        page.locator("#bullets").screenshot(path=str(ARTIFACTS / "in-year_bullets.png"))
        assert page.get_by_text("ikke signifikant forskellig fra målet").count() >= 1
        assert watch.problems == []
    finally:
        page.close()
