"""What a keyboard reaches on a narrow screen (a review of 7 December 2026, WCAG 2.1.1, 2.4.7, 1.4.10,
1.4.12), in Chromium on the demo's dashboards (conftest.py's ``demo_site``):

- a table box that scrolls sideways takes the focus (so that the arrow keys scroll it) also when a
  link sits in its first column: the link does not bring the columns right of it into view (the
  report's summary table at 320 px hid its status column from the keyboard);
- so it does when it only comes to scroll under a user's text spacing (the box was judged once, on load);
- on a table whose first column stays put (the history of a hub), a link reached by Tab is not
  hidden under that column (the year links of the head at 320 px were);
- a long word or path in a page's subtitle or a heading's target id does not widen the page (the
  changes page held two paths; the draft's "M4.municipal_presentations" under text spacing).
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

import pytest
from dashboard_site import open_page, require_chromium
from test_print_pages import TEXT_SPACING

PAGES = ["da/midtjylland-2024/rapport.html", "da/hovedstaden-2025/rapport.html", "da/midtjylland-2024/kommuner.html",
         "da/national-2024.html", "da/national-2025.html", "da/historik-midtjylland.html",
         "da/national-historik.html", "da/udkast-midtjylland-2026.html", "da/aendringer-midtjylland-2025-2026.html"]

# every table box that scrolls sideways and cannot take the focus or has no name
UNREACHABLE_JS = """() => Array.from(document.querySelectorAll('.scroll'))
    .filter(b => b.getClientRects().length && b.scrollWidth > b.clientWidth + 1)
    .filter(b => !(b.getAttribute('tabindex') === '0' && b.getAttribute('aria-label')))
    .map(b => b.className + ': ' + b.textContent.trim().slice(0, 40))"""


@pytest.fixture(scope="module")
def keyboard_browser(request: pytest.FixtureRequest) -> Any:
    require_chromium()
    return request.getfixturevalue("browser")


def _settle(page: Any, width: int) -> None:
    with contextlib.suppress(Exception):
        page.wait_for_function(f"() => document.documentElement.scrollWidth <= {width}", timeout=3_000)
    page.wait_for_timeout(150)  # (the resize observer's turn)


@pytest.mark.parametrize("width", [320, 640])
@pytest.mark.parametrize("name", PAGES)
def test_every_box_that_scrolls_takes_the_focus(keyboard_browser: Any, demo_site: Path, name: str, width: int) -> None:
    page, watch = open_page(keyboard_browser, demo_site, name)
    try:
        page.set_viewport_size({"width": width, "height": 900})
        _settle(page, width)
        assert page.evaluate(UNREACHABLE_JS) == []
        assert page.evaluate("() => document.documentElement.scrollWidth") <= width
        page.add_style_tag(content=TEXT_SPACING)
        _settle(page, width)
        assert page.evaluate(UNREACHABLE_JS) == [], "with WCAG 1.4.12's text spacing"
        assert page.evaluate("() => document.documentElement.scrollWidth") <= width, "with text spacing"
        assert watch.problems == []
    finally:
        page.close()


def test_the_arrow_keys_scroll_the_summary_table_to_its_status(keyboard_browser: Any, demo_site: Path) -> None:
    """At 320 px the report's table of targets not met has its status column out of view; the box is a
    tab stop of its own, and the right arrow scrolls it."""
    page, watch = open_page(keyboard_browser, demo_site, "da/midtjylland-2024/rapport.html")
    try:
        page.set_viewport_size({"width": 320, "height": 900})
        _settle(page, 320)
        box = page.locator(".scroll[tabindex='0']").first
        assert box.evaluate("b => b.scrollWidth > b.clientWidth + 1")
        box.focus()
        for _ in range(20):
            page.keyboard.press("ArrowRight")
        assert box.evaluate("b => b.scrollLeft") > 0
        assert watch.problems == []
    finally:
        page.close()


def test_a_focused_link_is_not_hidden_under_the_fixed_column(keyboard_browser: Any, demo_site: Path) -> None:
    page, watch = open_page(keyboard_browser, demo_site, "da/historik-midtjylland.html")
    try:
        page.set_viewport_size({"width": 320, "height": 900})
        _settle(page, 320)
        links = page.locator("table.history thead a[href]")
        assert links.count() >= 3
        hidden = []
        for i in range(links.count()):
            links.nth(i).focus()
            page.wait_for_timeout(50)
            covered = links.nth(i).evaluate("""a => {
                const fixed = a.closest('table').querySelector('thead tr > :first-child').getBoundingClientRect();
                const r = a.getBoundingClientRect();
                return r.left < fixed.right - 1; }""")
            if covered:
                hidden.append(links.nth(i).inner_text())
        assert hidden == []
        assert watch.problems == []
    finally:
        page.close()
