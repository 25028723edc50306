"""WCAG 2.1 AA in a real browser: axe-core (the copy bundled with the test extra's
axe-playwright-python, injected from disk: no network) finds no violation of the rules tagged
wcag2a, wcag2aa, wcag21a and wcag21aa on any type of page of the demo's dashboards, both as the page
opens and with every expander (<details>) open, as a reader or the print preparation opens them.

The site is the demo's (scale 0.02, all six hubs, 2022–2025 with 2025 the running year up to the
data date) as ``hubmonitor demo`` builds it: every page type, including a report of the running
year and the pages over the years. A few pages are opened in English too. The launch is
conftest.py's ``browser``; the watch and the skip are dashboard_site.py's.

Besides axe, the contrast of the status colours is checked by arithmetic (WCAG's relative
luminance) for every status, shown or not on a given page: a badge's text on its background,
and the page's muted and link colours on its background. Decisions: docs/decisions.md.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from dashboard_site import open_page, require_chromium
from helpers import contrast

from hubmonitor.render.html.assets import STYLE_CSS

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
STATUSES = ("met", "not_met", "insufficient_data", "on_track", "behind")

# One page of each type; 2025 is the running year (data up to 30 September).
PAGES = ["da/index.html", "da/midtjylland-2024/rapport.html", "da/hovedstaden-2025/rapport.html",
         "da/midtjylland-2024/kommuner.html", "da/hovedstaden-2025/kommuner.html", "da/national-2024.html",
         "da/national-2025.html", "da/historik-midtjylland.html", "da/national-historik.html",
         "en/index.html", "en/hovedstaden-2025/rapport.html", "en/national-historik.html",
         "da/udkast-midtjylland-2026.html", "da/aendringer-midtjylland-2025-2026.html",  # next year's contract
         "en/udkast-midtjylland-2026.html", "en/aendringer-midtjylland-2025-2026.html"]


@pytest.fixture(scope="module")
def site_dir(demo_site: Path) -> Path:
    """The demo's dashboards in Danish (da/) and English (en/), without the workbooks (conftest.py)."""
    return demo_site


@pytest.fixture(scope="module")
def axe_browser(request: pytest.FixtureRequest) -> Any:
    """conftest.py's Chromium, once dashboard_site.py has said it is there (else skip, or fail in CI);
    the contrast tests below need no browser and run without it."""
    require_chromium()
    return request.getfixturevalue("browser")


def axe_violations(page: Any) -> list[str]:
    """axe-core's violations on the page as it is now: one line per rule and element."""
    from axe_playwright_python.sync_playwright import Axe

    # preload: False, else axe fetches the stylesheets for its CSSOM, which the pages' own
    # Content-Security-Policy (connect-src 'none') blocks with a console error. The one rule of these
    # tags that reads the CSSOM (css-orientation-lock) is checked by test_no_orientation_lock instead.
    options = {"runOnly": {"type": "tag", "values": TAGS}, "resultTypes": ["violations"], "preload": False}
    response = Axe().run(page, options=options).response
    return [f"{v['id']} ({v['impact']}): {' '.join(node['target'])} {node['html'][:120]}"
            for v in response["violations"] for node in v["nodes"]]


@pytest.mark.parametrize("name", PAGES)
def test_page_has_no_wcag_violation(axe_browser: Any, site_dir: Path, name: str) -> None:
    page, watch = open_page(axe_browser, site_dir, name)
    try:
        closed = axe_violations(page)
        opened = page.evaluate("() => { const d = document.querySelectorAll('details:not([open])');"
                               " d.forEach(e => { e.open = true; }); return d.length; }")
        expanded = axe_violations(page) if opened else []
        assert closed == [], "\n".join(closed)
        assert expanded == [], "with every <details> open:\n" + "\n".join(expanded)
        assert watch.problems == []
    finally:
        page.close()


def test_no_orientation_lock() -> None:
    """SC 1.3.4: no CSS restricts the pages to one orientation (axe's css-orientation-lock, which
    needs the CSSOM that the pages' policy keeps it from fetching)."""
    assert "orientation" not in STYLE_CSS


def test_charts_are_named_figures_whose_svg_is_hidden(axe_browser: Any, site_dir: Path) -> None:
    """A chart is a figure named by its label; plotly's SVG layers (loose tick labels) are out of
    the accessibility tree, and the one control left in it, the download button, has a name."""
    page, _ = open_page(axe_browser, site_dir, "da/midtjylland-2024/rapport.html")
    try:
        charts = page.evaluate("""() => Array.from(document.querySelectorAll('div[data-figure]')).map(d => ({
            role: d.getAttribute('role'), label: d.getAttribute('aria-label'),
            layers: d.querySelectorAll('.svg-container > svg').length,
            shown: d.querySelectorAll('.svg-container > svg:not([aria-hidden=true])').length,
            buttons: Array.from(d.querySelectorAll('button')).map(b => b.getAttribute('aria-label'))}))""")
        assert charts  # (how many is test_dashboard_browser.py's to count)
        for chart in charts:
            assert chart["role"] == "figure" and chart["label"], chart
            assert chart["layers"] >= 2 and chart["shown"] == 0, chart
            assert chart["buttons"] == ["Hent figuren som PNG"], chart
    finally:
        page.close()


def test_the_download_button_shows_when_it_has_keyboard_focus(axe_browser: Any, site_dir: Path) -> None:
    """plotly shows its modebar on mouse hover, and (its own :focus-within rule) when a keyboard
    user tabs to the button; the button then has a visible focus outline (SC 2.4.7)."""
    page, _ = open_page(axe_browser, site_dir, "da/midtjylland-2024/rapport.html")
    try:
        group = "document.querySelector('#fig-1 .modebar-group')"
        assert page.evaluate(f"getComputedStyle({group}).opacity") == "0"
        page.locator("#fig-1 .modebar-btn").first.focus()
        page.wait_for_function(f"() => getComputedStyle({group}).opacity === '1'", timeout=5_000)
        outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
        assert outline == "solid"
    finally:
        page.close()


# --- contrast by arithmetic (no browser) --------------------------------------------------------


def test_contrast_formula() -> None:
    assert contrast("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.01)  # the classic just-too-light grey


def css_colours() -> dict[str, str]:
    """The stylesheet's colour variables as #rrggbb (#222 → #222222)."""
    found = re.findall(r"--([\w-]+): #([0-9a-fA-F]{6}|[0-9a-fA-F]{3})\b", STYLE_CSS)
    return {name: "#" + (value if len(value) == 6 else "".join(c * 2 for c in value)) for name, value in found}


@pytest.mark.parametrize("status", STATUSES)
def test_status_text_contrast(status: str) -> None:
    """A badge or heat-table cell: the status's ink on its background, and the ink on white (a
    card), at least 4.5:1 (SC 1.4.3, normal text)."""
    colours = css_colours()
    ink, background = colours[f"{status}-ink"], colours[f"{status}-bg"]
    assert contrast(ink, background) >= 4.5, (status, ink, background)
    assert contrast(ink, "#ffffff") >= 4.5, (status, ink)


def test_page_text_contrast() -> None:
    colours = css_colours()
    for name in ("ink", "muted", "accent"):
        for background in (colours["bg"], "#ffffff", "#f0f0f0"):  # page, panel, table head
            assert contrast(colours[name], background) >= 4.5, (name, background)


def test_the_keys_marks_stand_out_from_the_page() -> None:
    """SC 1.4.11: a key's mark (▲ on track, ▼ behind, ○ no data …: the history pages' legend) at 3:1 or
    more on the page; on track, behind and no data were drawn in the charts' light colours (2.2, 2.2
    and 2.7:1)."""
    colours = css_colours()
    marks = dict(re.findall(r"\.mk\.status-(\w+) \{ color: var\(--([\w-]+)\); \}", STYLE_CSS))
    assert set(marks) == set(STATUSES)
    for status, variable in marks.items():
        assert contrast(colours[variable], colours["bg"]) >= 3, (status, variable)


@pytest.mark.parametrize("name", ["da/aendringer-midtjylland-2025-2026.html",
                                  "en/aendringer-midtjylland-2025-2026.html", "da/midtjylland-2024/rapport.html"])
def test_every_region_has_its_own_name_on_a_narrow_screen(axe_browser: Any, site_dir: Path, name: str) -> None:
    """At 360 px the table boxes scroll and become named regions: two boxes of one section were given the
    section's one heading (axe's landmark-unique, a best practice the WCAG tags above leave out: a review).
    A box is named by the heading nearest before it, and a name already given gets a number."""
    page, watch = open_page(axe_browser, site_dir, name)
    try:
        page.set_viewport_size({"width": 360, "height": 800})  # (the boxes are named again on resize)
        page.wait_for_timeout(300)
        names = page.evaluate("() => Array.from(document.querySelectorAll('[role=region]'))"
                              ".map(e => e.getAttribute('aria-label'))")
        assert len(names) > 1 and len(set(names)) == len(names), names
        assert watch.problems == []
    finally:
        page.close()
