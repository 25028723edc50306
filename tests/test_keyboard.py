"""Keyboard operation (issue 17, item 6; WCAG 2.1.1 Keyboard, 2.4.7 Focus visible) on the demo's
dashboards in Chromium: the national table's sort buttons are reached with Tab and sort with Enter
and Space, every expander (<details>) opens and closes with Enter, and whatever has the keyboard
focus shows an outline. The demo site is conftest.py's ``demo_site`` (2024 a finished year, 2025
the running year)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from dashboard_site import open_page, require_chromium

require_chromium()

TAB_LIMIT = 400  # Tab presses before giving up: more than any page's focusable elements

FOCUSED = """() => { const e = document.activeElement; if (!e) return null;
    const s = getComputedStyle(e);
    return {tag: e.tagName, text: (e.textContent || '').trim().slice(0, 40),
            head: e.closest('th') ? Array.from(e.closest('tr').children).indexOf(e.closest('th')) : -1,
            table: e.closest('table') ? e.closest('table').className : '',
            details: e.closest('details') ? e.closest('details').className : null,
            outline: s.outlineStyle + ' ' + s.outlineWidth}; }"""


def _tab_to(page: Any, wanted: Any) -> dict[str, Any]:
    """Press Tab until ``wanted(focused)`` holds; the focused element's description."""
    for _ in range(TAB_LIMIT):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused and wanted(focused):
            return dict(focused)
    raise AssertionError("not reached with Tab")


def _column(page: Any, index: int) -> list[str]:
    return list(page.evaluate("""(i) => Array.from(document.querySelectorAll('table.heat tbody tr'))
        .map(r => r.cells[i].getAttribute('data-sort'))""", index))


def _hubs(page: Any) -> list[str]:
    return list(page.evaluate("""() => Array.from(document.querySelectorAll('table.heat tbody tr th'))
        .map(th => th.getAttribute('data-sort'))"""))


def test_national_table_sorts_from_the_keyboard(browser: Any, demo_site: Path) -> None:
    """The hub column's head (column 0) and the "targets met" head (column 1) reached with Tab; Enter
    sorts ascending, Space then descending; the rows follow the data-sort values."""
    page, watch = open_page(browser, demo_site, "da/national-2024.html")
    try:
        ranked = _hubs(page)
        assert len(ranked) == 6
        focused = _tab_to(page, lambda f: f["tag"] == "BUTTON" and "heat" in f["table"] and f["head"] == 0)
        assert focused["outline"].startswith("solid") and not focused["outline"].endswith(" 0px")
        page.keyboard.press("Enter")
        assert _hubs(page) == sorted(ranked, key=str.casefold)
        assert page.locator("table.heat thead th").nth(0).get_attribute("aria-sort") == "ascending"
        page.keyboard.press("Space")
        assert _hubs(page) == sorted(ranked, key=str.casefold, reverse=True)
        assert page.locator("table.heat thead th").nth(0).get_attribute("aria-sort") == "descending"
        _tab_to(page, lambda f: f["tag"] == "BUTTON" and "heat" in f["table"] and f["head"] == 1)
        page.keyboard.press("Enter")
        met = [float(v) for v in _column(page, 1)]
        assert met == sorted(met) and page.locator("table.heat thead th").nth(1).get_attribute("aria-sort") == \
            "ascending"
        assert page.locator("table.heat thead th").nth(0).get_attribute("aria-sort") is None
        assert watch.problems == []
    finally:
        page.close()


@pytest.mark.parametrize("name", ["da/midtjylland-2024/rapport.html", "da/hovedstaden-2025/rapport.html",
                                  "da/midtjylland-2024/kommuner.html", "da/national-2025.html"])
def test_every_expander_opens_and_closes_from_the_keyboard(browser: Any, demo_site: Path, name: str) -> None:
    """Each <details> on the page in turn: its summary reached with Tab, Enter opens it and Enter
    closes it again; the summary shows a focus outline."""
    page, watch = open_page(browser, demo_site, name)
    try:
        count = page.locator("details").count()
        assert count > 0
        for n in range(count):
            page.evaluate("(n) => document.querySelectorAll('details')[n].setAttribute('data-kb', 'now')", n)
            focused = _tab_to(page, lambda f: f["tag"] == "SUMMARY" and page.evaluate(
                "() => document.activeElement.parentElement.getAttribute('data-kb') === 'now'"))
            assert focused["outline"].startswith("solid") and not focused["outline"].endswith(" 0px"), focused
            details = page.locator("details[data-kb=now]")
            assert details.get_attribute("open") is None
            page.keyboard.press("Enter")
            assert details.get_attribute("open") == ""
            page.keyboard.press("Enter")
            assert details.get_attribute("open") is None
            page.evaluate("() => document.querySelector('details[data-kb]').removeAttribute('data-kb')")
        assert watch.problems == []
    finally:
        page.close()
