"""On an English page the contract's own Danish texts are marked as Danish (WCAG 3.1.2, Language of
Parts; a review): the quotes were (``<blockquote lang=da>``), the targets' references ("Mål 1",
"Indsatsområde 1") were not, in the cards, the summary, the national table and the history. The
Danish pages are unchanged."""

from __future__ import annotations

from dashboard_site import history_report, history_target, sample_report

from hubmonitor.render.html.history_page import hub_history_body
from hubmonitor.render.html.site import build_site


def test_references_are_marked_danish_on_english_pages() -> None:
    report = sample_report()
    english = build_site([report], lang="en", generated="x", workbooks=False)
    page = english["midtjylland-2024/rapport.html"].decode()
    assert '<p class="meta"><span><span lang="da">Mål 1</span></span><span>M1.awareness</span></p>' in page
    assert '<span class="meta"><span lang="da">Mål 3</span> · M3.nps</span>' in page  # the summary's list
    assert '<span lang="da">Indsatsområde 1</span>' in page  # a focus area
    national = english["national-2024.html"].decode()
    assert '<span class="ref"><span lang="da">Mål 1</span></span>' in national
    danish = build_site([report], lang="da", generated="x", workbooks=False)["midtjylland-2024/rapport.html"].decode()
    assert 'lang="da">Mål' not in danish and '<p class="meta"><span>Mål 1</span>' in danish
    years = [history_report("Fyn", y, [history_target("M1.a", 0.5, 0.5, "met", ref="Mål 1")]) for y in (2023, 2024)]
    assert '<span class="meta"><span lang="da">Mål 1</span> · M1.a</span>' in hub_history_body(years, "en")[0]
    assert '<span class="meta">Mål 1 · M1.a</span>' in hub_history_body(years, "da")[0]
