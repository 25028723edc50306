"""The basic grant is money, not a target (issue 17, item 3): the allocation card shows the grant
with a neutral label, and no count of targets — the report's tiles, the KKR summary, the terminal's
counts and scoreboard, the years' counts, the workbook's status column — takes it as "met".

Figures hand-checked against the results JSON:
- the sample (``evaluate contracts/midtjylland/2024.yaml --data data/sample/midtjylland-2024 --json``):
  21 targets, one of them the allocation (41.679 t.kr. over 19 municipalities); of the other 20,
  11 met, 9 not met, none without data; 5 uncertain; 4 rows quarantined.
- the full demo's Hovedstaden 2025 as of 30 September (``hubmonitor demo``): 19 targets, one the
  allocation; of the other 18, 6 met, 5 not met, 2 behind, 0 on track, 5 without data — the
  tiles said "7 opfyldt" beside the summary's "6 af 13" before this was mended.
"""

from __future__ import annotations

import re
from pathlib import Path

import fastexcel
import pytest
from dashboard_site import sample_report

from hubmonitor.render import terminal
from hubmonitor.render.format import judged, shown_status, status_counts
from hubmonitor.render.html.report_page import card, overview, verdict
from hubmonitor.render.workbook import workbook_bytes
from hubmonitor.report import Report

GRANT_ID = "ALLOC.basisbevilling"


@pytest.fixture(scope="module")
def report() -> Report:
    return sample_report()


def tiles(html: str) -> dict[str, int]:
    """The overview's tiles as {status: count}."""
    return {s: int(n) for s, n in re.findall(r'<li class="status-(\w+)"><span class="n">(\d+)</span>', html)}


def test_the_grant_is_left_out_of_every_count(report: Report) -> None:
    assert len(report.targets) == 21 and [t.id for t in report.targets if t not in judged(report.targets)] == [GRANT_ID]
    assert status_counts(report.targets) == {"met": 11, "not_met": 9}
    # the results JSON keeps the allocation's own status: only the presentation changes
    assert report.target(GRANT_ID).status == "met" and shown_status(report.target(GRANT_ID)) == "grant"


def test_the_allocation_card_shows_money_without_a_verdict(report: Report) -> None:
    html = card(report.target(GRANT_ID), "da")
    assert html.startswith('<article class="card status-grant" id="target-ALLOC.basisbevilling">')
    assert ('<span class="value">41.679 t.kr.</span>\n<span class="goal">fordelt på 19 kommuner</span> '
            '<span class="badge status-grant"><span aria-hidden="true"></span> bevilling</span>') in html
    assert "opfyldt" not in html and "Mål =" not in html and "✔" not in html
    english = card(report.target(GRANT_ID), "en")
    assert ('<span class="value">41,679 thousand kr</span>\n<span class="goal">split over 19 municipalities</span>'
            in english) and " met" not in english


def test_the_tiles_agree_with_the_summary(report: Report) -> None:
    assert tiles(overview(report, "da", "kommuner.html")) == {"met": 11, "not_met": 9, "insufficient_data": 0}
    assert verdict(report, "da").startswith("Erhvervshus Midtjylland opfyldte 11 af 20 mål")


def test_terminal_counts_and_the_grant_line(report: Report) -> None:
    text = terminal.render(report, "da")
    assert "\n11 opfyldt, 9 ikke opfyldt, 0 mangler data, 5 usikre\n" in text
    assert re.search(r"\nALLOC\.basisbevilling +Økonomi +Kommunernes finansiering af basisbevillingen +41\.679 t\.kr\. "
                     r"+fordelt på 19 kommuner  bevilling\n", text)
    blocks = terminal.render(report, "da", width=60)  # one block per target
    # the grant's status names it first, not after its sentence as a verdict (a review of 7 December, evening)
    assert "\n  Bevilling: 41.679 t.kr. fordelt på 19 kommuner\n" in blocks
    assert "bevilling\n" not in blocks
    english = terminal.render(report, "en")
    assert "\n11 met, 9 not met, 0 insufficient data, 5 uncertain\n" in english
    board = terminal.scoreboard([report], "da").splitlines()
    assert board[0].split() == ["Erhvervshus", "År", "Opfyldt", "Ikke", "opfyldt", "Mangler", "data", "Karantæne"]
    assert board[-1].split() == ["Midtjylland", "2024", "11", "9", "0", "4"]
    years = terminal.history([report], "da")
    assert "\n2024: 11 opfyldt, 9 ikke opfyldt, 0 mangler data\n" in years
    assert re.search(r"ALLOC\.basisbevilling +Bevilling: 41\.679 t\.kr\. fordelt på 19 kommuner\n", years)


def test_workbook_status_of_the_grant_is_neutral(report: Report) -> None:
    for lang, sheet, word, met in (("da", "Mål", "bevilling", "opfyldt"), ("en", "Targets", "grant", "met")):
        rows = fastexcel.read_excel(workbook_bytes(report, lang)).load_table(
            "tblTargets").to_polars().to_dicts()
        status = {r["Id"]: r["Status"] for r in rows}
        assert status[GRANT_ID] == word, sheet
        assert sum(s == met for s in status.values()) == 11


def test_hovedstaden_2025_tiles_match_its_summary(hovedstaden_2025: Report) -> None:
    """The issue's case: the tiles counted the grant ("7 opfyldt") beside "6 af 13" in the summary."""
    r = hovedstaden_2025
    assert [t.id for t in r.targets if t.kind == "allocation"] == ["ALLOC.basisbevilling"] and len(r.targets) == 19
    html = overview(r, "da", "kommuner.html")
    assert tiles(html) == {"met": 6, "not_met": 5, "behind": 2, "insufficient_data": 5}
    assert verdict(r, "da") == ("Erhvervshus Hovedstaden til og med 30. september 2025: 6 af 13 mål, der kunne "
                                "vurderes, er opfyldt, 0 på sporet, 2 bagud og 5 ikke opfyldt; 5 mangler data.")
    assert "\n6 opfyldt, 5 ikke opfyldt, 2 bagud, 5 mangler data" in terminal.render(r, "da")
    # the years' counts (evaluate --years) say a running year's "bagud" too, and the legend explains ↘
    years = terminal.history([r], "da")
    assert "\n2025: 6 opfyldt, 5 ikke opfyldt, 2 bagud, 5 mangler data\n" in years
    assert years.endswith("\n✔ opfyldt  ✘ ikke opfyldt  ↘ bagud  ? mangler data\n")
    assert 'class="card status-grant"' in card(r.target("ALLOC.basisbevilling"), "da")


def test_no_page_of_the_demo_counts_the_grant(demo_site: Path) -> None:
    """Every hub report of the demo, both languages: the tiles' counts are the summary's."""
    reports = sorted(demo_site.glob("*/*/rapport.html"))
    assert len(reports) == 48
    for path in reports:
        html = path.read_text(encoding="utf-8")
        counts = tiles(html.split('id="overview"')[1].split("</section>")[0])
        sentence = re.sub(r"<[^>]+>", "", html.split('<p class="verdict">')[1].split("</p>")[0])
        met = int(re.search(r"(\d+) (?:af|of)", sentence).group(1))  # type: ignore[union-attr]
        assert counts["met"] == met, path
        grant = html.split('id="target-ALLOC.basisbevilling"')[1].split("</article>")[0]
        assert "status-met" not in grant and ("bevilling" in grant or "grant" in grant), path


def test_the_history_cell_of_the_grant_has_no_status_line(report: Report) -> None:
    """A review: the history page's grant cell said "bevilling" under the amount, where every other cell says
    its verdict; the grant is money, not a verdict, so the cell says the amount and what it is split over."""
    from hubmonitor.render.html.history_page import hub_history_body

    for lang, shown in (("da", "41.679 t.kr.fordelt på 19 kommuner"), ("en", "41,679 thousand krsplit over 19 "
                                                                          "municipalities")):
        body, _ = hub_history_body([report], lang)
        row = body.split(f"· {GRANT_ID}</span>")[1].split("</tr>")[0]
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        assert [re.sub(r"<[^>]+>", "", c) for c in cells] == [shown], lang
        assert 'class="cell status-grant"' in row and 'class="st"' not in row
        aware = body.split("· M1.awareness</span>")[1].split("</tr>")[0]  # a target's cell keeps its verdict line
        assert 'class="st"' in aware
