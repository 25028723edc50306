"""The running year and the pace verdict (issue 17, items 1 and 2) as the director sees them: the
demo's dashboards (conftest.py ``demo_site``: 2025 runs into September) opened in Chromium.

Every page of a 2025 hub says the data date; no card shows "på sporet" beside a forecast that
misses its target; every paced card says in words how pro rata and (where the hub has one) the
seasonal profile see it; the finished year 2024 shows no pace at all."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from dashboard_site import open_page, require_chromium

require_chromium()

HUBS = ("fyn", "hovedstaden", "midtjylland", "nordjylland", "sjaelland", "sydjylland")

CARDS = """() => Array.from(document.querySelectorAll('article.card[id^=target-]')).map(c => ({
    id: c.id, status: (c.querySelector('.badge') || {className: ''}).className,
    pace: c.querySelector('p.pace') ? c.querySelector('p.pace').innerText : null }))"""


@pytest.mark.parametrize("hub", HUBS)
def test_a_running_year_report_says_its_date_and_one_verdict(browser: Any, demo_site: Path, hub: str) -> None:
    page, watch = open_page(browser, demo_site, f"da/{hub}-2025/rapport.html")
    try:
        # the data date: the hub's latest activity (the demo's data end in September 2025)
        assert re.search(r"Data til og med [1-3]?\d\. september 2025 · året er ikke slut: foreløbige tal$",
                         page.locator("header").inner_text())
        cards = page.evaluate(CARDS)
        paced = [c for c in cards if c["pace"] is not None]
        assert paced, hub  # the counting targets are paced in a running year
        for card in paced:
            lines = card["pace"].split("\n")
            assert lines[0].startswith("forholdsmæssigt: "), card
            if "status-on_track" in card["status"]:  # never beside a forecast that misses
                assert "samlet: bagud" not in card["pace"] and "ikke når målet" not in card["pace"], card
                assert not any(line.startswith("sæsonprofil") and ": bagud" in line for line in lines), card
            if any(line.startswith("samlet: bagud") for line in lines):
                assert "status-behind" in card["status"], card
        assert watch.problems == []
    finally:
        page.close()


def test_a_finished_year_has_no_pace(browser: Any, demo_site: Path) -> None:
    page, watch = open_page(browser, demo_site, "da/hovedstaden-2024/rapport.html")
    try:
        assert "Data til og med 31. december 2024" in page.locator("header").inner_text()
        assert [c["id"] for c in page.evaluate(CARDS) if c["pace"] is not None] == []
        assert page.locator("article.card .badge.status-on_track, article.card .badge.status-behind").count() == 0
        assert watch.problems == []
    finally:
        page.close()


def test_the_national_page_of_the_running_year_says_so(browser: Any, demo_site: Path) -> None:
    page, watch = open_page(browser, demo_site, "da/national-2025.html")
    try:
        assert "2025: data til og med" in page.locator("main").inner_text()
        assert watch.problems == []
    finally:
        page.close()
