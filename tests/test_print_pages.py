"""Every page type printed in Chromium at A4 (issue 17, item 3): with the print media emulated and
the viewport at the A4 content width (210 mm less 2 × 12 mm margins = 703 px), no element
reaches past the right edge and the page does not scroll sideways; headings keep with what
follows them; no sentence asks the paper to be clicked, hovered or scrolled; the national table
prints turned (targets as rows) on few pages.

Three sites: the sample (Midtjylland 2024: hub report, municipal page, index, national page),
the sample as of 30 June 2024 (a running year: pace charts and in-year cards), and the demo at
scale 0.02 for 2023–2025 (six hubs, 13 national targets; the history pages of each hub and the
national one, and 2025 as of 30 September). On screen at 320 px (WCAG 1.4.10, reflow) no page
scrolls sideways, also with every <details> open and WCAG 1.4.12's text spacing. Decisions:
docs/decisions.md.
"""

from __future__ import annotations

import contextlib
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from dashboard_site import A4_CONTENT_PX, ARTIFACTS, open_page, require_chromium, sample_report, write_site
from helpers import MIDTJYLLAND, SAMPLE
from playwright.sync_api import TimeoutError as PlaywrightTimeout

import hubmonitor
from hubmonitor.demo import generate
from hubmonitor.demo.pipeline import demo_jobs, evaluate_jobs

require_chromium()

# Elements of the page's main part whose right edge is past ``limit`` (plotly's own layers are
# judged by their outer SVG); the first ten, named so a failure says which.
OVERFLOW_JS = """(limit) => Array.from(document.querySelectorAll('main *'))
    .filter(e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.right > limit + 1; })
    .filter(e => !e.closest('.js-plotly-plot') || e.matches('svg.main-svg'))
    .map(e => `${e.tagName}.${e.className}#${e.id}@${Math.round(e.getBoundingClientRect().right)}`).slice(0, 10)"""

# Elements past ``limit`` that widen the page (none of their ancestors scrolls or clips); the first ten.
WIDE_JS = """(limit) => Array.from(document.querySelectorAll('body *'))
    .filter(e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.right > limit + 1; })
    .filter(e => { for (let a = e.parentElement; a; a = a.parentElement) {
                     if (getComputedStyle(a).overflowX !== 'visible') { return false; } } return true; })
    .map(e => `${e.tagName}.${e.className}#${e.id}@${Math.round(e.getBoundingClientRect().right)}`).slice(0, 10)"""

# WCAG 1.4.12's text spacing, as a user's style sheet would set it.
TEXT_SPACING = """* { line-height: 1.5 !important; letter-spacing: .12em !important; word-spacing: .16em !important; }
p, li, dd, blockquote { margin-bottom: 2em !important; }"""

# Every h2 and h3 shown in print whose computed break-after is not "avoid" (the keep-with-next rule), and
# every note right under one (a page ended with "Pr. segment" and its note, the chart on the next).
LOOSE_HEADINGS_JS = """() => Array.from(document.querySelectorAll('main h2, main h3, main h2 + .note, main h3 + .note'))
    .filter(h => h.getClientRects().length > 0 && getComputedStyle(h).breakAfter !== 'avoid')
    .map(h => h.textContent.slice(0, 40))"""

# Words that only make sense on a screen (the sites are Danish).
SCREEN_WORDS = ("Klik", "klik", "Hold musen", "rulles")


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    in_year = hubmonitor.evaluate(MIDTJYLLAND, SAMPLE, as_of=date(2024, 6, 30))
    data = generate(tmp_path_factory.mktemp("print-demo") / "data", scale=0.02)
    demo = [report for _, report in evaluate_jobs(demo_jobs(data)) if report.period.start.year >= 2023]
    return {"sample": write_site(tmp_path_factory.mktemp("print-sample"), [sample_report()], "2024-12-31"),
            "in_year": write_site(tmp_path_factory.mktemp("print-in-year"), [in_year], "2024-06-30"),
            "demo": write_site(tmp_path_factory.mktemp("print-demo-site"), demo, "2025-09-30")}


PAGES = [("sample", "midtjylland-2024/rapport.html"), ("sample", "midtjylland-2024/kommuner.html"),
         ("sample", "index.html"), ("sample", "national-2024.html"),
         ("in_year", "midtjylland-2024/rapport.html"), ("in_year", "midtjylland-2024/kommuner.html"),
         ("demo", "national-2024.html"), ("demo", "national-2025.html"), ("demo", "midtjylland-2025/rapport.html"),
         ("demo", "historik-midtjylland.html"), ("demo", "historik-hovedstaden.html"),
         ("demo", "national-historik.html"), ("demo", "index.html")]


def printed(browser: Any, root: Path, name: str) -> tuple[Any, Any]:
    """The page opened, then laid out as printed on A4 (the print media, the content width)."""
    page, watch = open_page(browser, root, name)
    page.set_viewport_size({"width": A4_CONTENT_PX, "height": 1000})
    page.emulate_media(media="print")
    page.wait_for_timeout(500)
    return page, watch


def pdf_pages(page: Any, name: str) -> int:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pdf = page.pdf(path=str(ARTIFACTS / f"print_{name.replace('/', '_').removesuffix('.html')}.pdf"), format="A4",
                   print_background=True, prefer_css_page_size=True)
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


@pytest.mark.parametrize(("site", "name"), PAGES, ids=[f"{s}:{n}" for s, n in PAGES])
def test_printed_page_fits_the_a4_width(browser: Any, sites: dict[str, Path], site: str, name: str) -> None:
    page, watch = printed(browser, sites[site], name)
    try:
        width = page.evaluate("() => document.documentElement.clientWidth")
        assert width == A4_CONTENT_PX
        assert page.evaluate(OVERFLOW_JS, width) == []
        assert page.evaluate("() => document.documentElement.scrollWidth") <= width
        assert page.evaluate(LOOSE_HEADINGS_JS) == []
        # paper cannot be clicked, hovered, sorted or scrolled: no sentence asks it to
        printed_text = page.evaluate("() => document.body.innerText")
        assert [w for w in SCREEN_WORDS if w in printed_text] == []
        assert watch.problems == []
    finally:
        page.close()


def settled(page: Any) -> None:
    """Until the page is no wider than its window, or 5 s (then the assertion after says what is wider)."""
    with contextlib.suppress(PlaywrightTimeout):
        page.wait_for_function("() => document.documentElement.scrollWidth <= window.innerWidth", timeout=5_000)


@pytest.mark.parametrize(("site", "name"), PAGES, ids=[f"{s}:{n}" for s, n in PAGES])
def test_screen_page_reflows_at_320_px(browser: Any, sites: dict[str, Path], site: str, name: str) -> None:
    """WCAG 1.4.10 (a phone, or 1280 px at 400 %): the page does not scroll sideways, also with every
    <details> open. It did by 9 px (a card's "effect_study.employment_growth_pp" would not break) and
    by up to 350 px with a chart's table opened (the table widened its grid column and the chart)."""
    page, watch = open_page(browser, sites[site], name)
    try:
        page.set_viewport_size({"width": 320, "height": 800})
        settled(page)  # plotly fits its charts to the narrower window a moment after the resize
        assert (page.evaluate("() => document.documentElement.scrollWidth"), page.evaluate(WIDE_JS, 320)) == (320, [])
        # a table box that scrolls can be reached and scrolled by keyboard, and is named (axe:
        # scrollable-region-focusable; the signals, quality and allocation tables could not)
        assert page.evaluate("""() => Array.from(document.querySelectorAll('.scroll, .chart-table'))
            .filter(b => b.getClientRects().length && b.scrollWidth > b.clientWidth + 1)
            .filter(b => !b.querySelector('a[href], button, [tabindex]')
                         && !(b.getAttribute('tabindex') === '0' && b.getAttribute('aria-label')))
            .map(b => b.className + ': ' + b.textContent.slice(0, 40))""") == []
        # a chart keeps a width its labels fit in and scrolls in its box (squeezed, "47,0 % ✘" read "0 % ✘")
        assert page.evaluate("""() => Array.from(document.querySelectorAll('div[data-figure]'))
            .filter(d => d.getBoundingClientRect().width < (d.classList.contains('chart-small') ? 299 : 479))
            .map(d => d.id)""") == []
        page.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true; })")
        settled(page)
        assert (page.evaluate("() => document.documentElement.scrollWidth"), page.evaluate(WIDE_JS, 320)) == (320, [])
        page.add_style_tag(content=TEXT_SPACING)  # WCAG 1.4.12 on top: the index's heading ran past the screen
        settled(page)
        assert (page.evaluate("() => document.documentElement.scrollWidth"), page.evaluate(WIDE_JS, 320)) == (320, [])
        assert watch.problems == []
    finally:
        page.close()


def test_national_table_prints_turned_on_one_page(browser: Any, sites: dict[str, Path]) -> None:
    """The demo's 2024 comparison: the screen table is not printed, the turned copy is (13 target
    rows and the "met" row, the six hubs as columns), and the page prints on three A4 pages (two
    before the integrity signals of issue 21), the table on the first."""
    page, watch = printed(browser, sites["demo"], "national-2024.html")
    try:
        assert page.locator(".heat-scroll").evaluate("e => getComputedStyle(e).display") == "none"
        table = page.locator("table.heat-print")
        assert table.evaluate("e => getComputedStyle(e).display") == "table"
        assert table.locator("thead th").count() == 7 and table.locator("tbody tr").count() == 14
        assert table.evaluate("e => e.getBoundingClientRect().bottom") < 1046  # A4 content height in px
        assert pdf_pages(page, "national-2024.html") <= 3  # 2, and since issue 21 KL's integrity signals
        assert watch.problems == []
    finally:
        page.close()


def test_print_table_is_hidden_on_screen(browser: Any, sites: dict[str, Path]) -> None:
    page, watch = open_page(browser, sites["demo"], "national-2024.html")
    try:
        assert page.locator("table.heat-print").evaluate("e => getComputedStyle(e).display") == "none"
        assert page.locator(".heat-scroll").evaluate("e => getComputedStyle(e).display") == "block"
        assert watch.problems == []
    finally:
        page.close()
