"""A grouped target's value is one group's (a share per segment: the lowest segment's), and every output
says which (a KKR review, 7 December 2026): M3.satisfaction's 78,6 % is the growth segment's share (the
sample's answers: 275 of 350 "Meget tilfreds" in vækst, 78,57 %; drift's is higher), and was shown on the
summary, the card and the workbook as if it were the hub's. A target without groups is shown as before."""

from __future__ import annotations

import io

import openpyxl
import pytest
from helpers import MIDTJYLLAND, SAMPLE

import hubmonitor
from hubmonitor.render.format import result_value_text
from hubmonitor.render.html.site import build_site
from hubmonitor.render.terminal import render
from hubmonitor.render.workbook import workbook_bytes
from hubmonitor.report import Report


@pytest.fixture(scope="module")
def report() -> Report:
    return hubmonitor.evaluate(MIDTJYLLAND, SAMPLE)


def test_the_value_names_its_group(report: Report) -> None:
    t = report.find("M3.satisfaction")
    assert t is not None and (t.numerator, t.denominator, t.details["deciding_group"]) == (275, 350, "vækst")
    assert result_value_text(t, "da") == "78,6 % (laveste: vækst)"
    assert result_value_text(t, "en") == "78.6 % (lowest: growth)"  # a segment in English (a review)
    assert result_value_text(t, "da", short=True) == "78,6 % (vækst)"
    assert result_value_text(report.find("M3.nps"), "da") == "64,5"  # type: ignore[arg-type]  # no groups


def test_the_page_the_terminal_and_the_workbook_say_it(report: Report) -> None:
    page = build_site([report], lang="da", generated="x", workbooks=False)["midtjylland-2024/rapport.html"].decode()
    assert '<span class="value">78,6 % (laveste: vækst)</span>' in page
    assert "<td class=num>78,6 % (laveste: vækst)</td>" in page  # the summary of targets not met
    assert "78,6 % (vækst)" in render(report, "da")
    sheet = openpyxl.load_workbook(io.BytesIO(workbook_bytes(report))).worksheets[0]
    notes = [row for row in sheet.iter_rows(values_only=True) if row and row[0] == "M3.satisfaction"]
    assert len(notes) == 1 and "værdien er én gruppes (laveste: vækst)" in notes[0]
    english = openpyxl.load_workbook(io.BytesIO(workbook_bytes(report, lang="en"))).worksheets[0]
    row = next(r for r in english.iter_rows(values_only=True) if r and r[0] == "M3.satisfaction")
    assert "the value is one group's (lowest: growth)" in row


def test_a_municipality_with_a_share_and_no_guided_company_is_named_beside_the_range(report: Report) -> None:
    """The KKR summary's kr. per guided company ran "fra … (Struer) til … (Lemvig)" with Samsø, paying its
    share for 0 companies, left out in silence (a review); it is named now."""
    alloc = next(t for t in report.targets if t.kind == "allocation")
    groups = [g.model_copy(update={"guided": 0, "kr_per_guided": None}) if g.key == "Samsø" else g
              for g in alloc.groups]
    samso = next(g for g in groups if g.key == "Samsø")
    assert samso.amount and samso.amount > 0
    changed = report.model_copy(update={"targets": [t.model_copy(update={"groups": groups}) if t is alloc else t
                                                    for t in report.targets]})
    page = build_site([changed], lang="da", generated="x", workbooks=False)["midtjylland-2024/rapport.html"].decode()
    assert "; ingen vejledte virksomheder i Samsø (ingen kr. pr. virksomhed), men en andel af bevillingen." in page
    plain = build_site([report], lang="da", generated="x", workbooks=False)["midtjylland-2024/rapport.html"].decode()
    assert "ingen vejledte virksomheder i" not in plain
    english = build_site([changed], lang="en", generated="x", workbooks=False)["midtjylland-2024/rapport.html"]
    assert b"; no guided companies in Sams\xc3\xb8, with a share of the grant (no kr per company)." in english


def test_only_the_segments_are_named_in_english(report: Report) -> None:
    """A segment is named in English on English pages ("growth" for "vækst"); a group of another column keeps its
    name, also where it is a segment's word (a department "drift" beside "salg": a second review found it made
    "established")."""
    from hubmonitor.render.format import group_name
    t = report.find("M3.satisfaction")
    assert t is not None
    assert [group_name(t, g.key, "en") for g in t.groups] == ["established", "growth"]
    assert [group_name(t, g.key, "da") for g in t.groups] == ["drift", "vækst"]
    departments = t.model_copy(update={
        "groups": [t.groups[0], t.groups[1].model_copy(update={"key": "salg"})],
        "details": {**t.details, "deciding_group": "drift"}})
    assert [group_name(departments, g.key, "en") for g in departments.groups] == ["drift", "salg"]
    assert result_value_text(departments, "en").endswith("(lowest: drift)")


def test_the_cards_counts_are_every_groups(report: Report) -> None:
    """The card gave the deciding group's numerator and denominator (275 / 350) above exclusions counted
    over every group (281 outside the segments, 36 not answered): the numbers did not add up to the 1.400
    answers and drift's 733 were nowhere (a review, 8 December 2026). Each group's are given, named:
    733 + 350 + 281 + 36 = 1.400."""
    pages = {lang: build_site([report], lang=lang, generated="x", workbooks=False)["midtjylland-2024/rapport.html"]
             .decode() for lang in ("da", "en")}
    assert ('<p>Tæller / Nævner: drift <span class="num">588 / 733</span>; vækst <span class="num">275 / 350</span>'
            '</p>') in pages["da"]
    assert ('<p>Numerator / Denominator: established <span class="num">588 / 733</span>; growth '
            '<span class="num">275 / 350</span></p>') in pages["en"]
    assert '<p>Tæller / Nævner: <span class="num">' in pages["da"]  # a target without groups: as before
