"""A municipality's band edges are never rounded across its count (a review).

The spread judges a municipality below its band when its count is under the lower edge: 6 companies
against a band from 6.0199 (2558 × 3617 / 1,383,261 × 0.9) is below, and Samsø was invited to
dialogue while every page and the workbook showed the band as "6,0–7,4" beside "under". The edges
now take as many decimals as keep them on their side of the count, as the values beside a target do.
"""

from __future__ import annotations

import io
import zipfile
from xml.etree import ElementTree

import pytest
from helpers import MIDTJYLLAND, SAMPLE

import hubmonitor
from hubmonitor.render.format import band_edges_text
from hubmonitor.render.html.site import build_site
from hubmonitor.render.workbook import workbook_bytes
from hubmonitor.report import GroupResult, Report

NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def _group(value: int, low: float, high: float, status: str) -> GroupResult:
    return GroupResult(key="X", value=value, expected=(low + high) / 2, low=low, high=high, status=status)


@pytest.mark.parametrize(("value", "low", "high", "status", "da", "en"), [
    (6, 2558 * 3617 / 1_383_261 * 0.9, 2558 * 3617 / 1_383_261 * 1.1, "below", "6,02–7,4", "6.02–7.4"),
    (8, 6.5, 7.96, "above", "6,5–7,96", "6.5–7.96"),
    (7, 6.96, 7.04, "within", "7,0–7,0", "7.0–7.0"),  # one decimal keeps 7 inside: enough
    (7, 6.3, 7.7, "within", "6,3–7,7", "6.3–7.7"),  # as before: one decimal
    (7, 7.0, 7.7, "within", "7,0–7,7", "7.0–7.7"),  # on the edge: within, 7,0 keeps it so
    (7, 7.00004, 8.0, "below", "7,00004–8,0", "7.00004–8.0"),
    # every whole count keeps its side, not only the municipality's own: 14 against 16.0065 needs 3 more
    # (the shortfall), which "16,0" would make 2 (a review: Langeland, Fyn 2025; Thisted, 97.028)
    (14, 16.0065, 19.6, "below", "16,01–19,6", "16.01–19.6"),
    (94, 97.028, 118.6, "below", "97,03–118,6", "97.03–118.6"),
    (17, 15.0, 19.98, "within", "15,0–19,98", "15.0–19.98"),
])
def test_edges_keep_their_side_of_the_count(value: int, low: float, high: float, status: str, da: str,
                                            en: str) -> None:
    g = _group(value, low, high, status)
    assert (band_edges_text(g, "da"), band_edges_text(g, "en")) == (da, en)


@pytest.fixture(scope="module")
def report() -> Report:
    """The worked example with Holstebro's count 108 against a lower edge of 108.04, which one decimal
    shows as 108,0 beside 108 and "under" (the example's own edge, 108.11, shows as 108,1 and reads right)."""
    original = hubmonitor.evaluate(MIDTJYLLAND, SAMPLE)
    targets = []
    for t in original.targets:
        if t.kind == "municipal_spread":
            groups = [g.model_copy(update={"value": 108, "low": 108.04, "status": "below", "dialogue": True})
                      if g.key == "Holstebro" else g for g in t.groups]
            t = t.model_copy(update={"groups": groups})
        targets.append(t)
    return original.model_copy(update={"targets": targets})


def test_the_municipality_page_and_its_map_key_show_the_edge_that_tells_the_verdict(report: Report) -> None:
    pages = build_site([report], lang="da", generated="2025-01-01", workbooks=False)
    page = next(content.decode("utf-8") for name, content in pages.items() if name.endswith("/kommuner.html"))
    assert "108,04–" in page and "108,0–" not in page


def test_the_workbook_shows_the_edge_with_its_decimals(report: Report) -> None:
    data = workbook_bytes(report)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        styles = ElementTree.fromstring(z.read("xl/styles.xml"))
        strings = ElementTree.fromstring(z.read("xl/sharedStrings.xml"))
        sheet = ElementTree.fromstring(z.read("xl/worksheets/sheet3.xml"))  # Kommuner
    shared = ["".join(t.text or "" for t in si.iter(f"{NS}t")) for si in strings.iter(f"{NS}si")]
    formats = {f.get("numFmtId"): f.get("formatCode") for f in styles.iter(f"{NS}numFmt")}
    xfs = [x.get("numFmtId") for x in styles.find(f"{NS}cellXfs") or []]
    rows = {}
    for row in sheet.iter(f"{NS}row"):
        cells = list(row.iter(f"{NS}c"))
        first = cells[1].find(f"{NS}v") if len(cells) > 1 else None
        if first is not None and cells[1].get("t") == "s":
            rows[shared[int(first.text or "0")]] = cells
    low = rows["Holstebro"][4]  # Id, Kommune, Faktisk, Forventet, Nedre grænse
    assert float(low.find(f"{NS}v").text or "") == 108.04  # type: ignore[union-attr]
    assert formats[xfs[int(low.get("s", "0"))]] == "#,##0.00"
    aarhus = rows["Aarhus"][4]
    assert formats.get(xfs[int(aarhus.get("s", "0"))]) == "#,##0.0"


@pytest.mark.parametrize(("low", "high", "none"), [
    (1.055, 1.289, True), (0.018, 0.022, True), (6.96, 7.04, False), (7.0, 7.7, False), (6.3, 6.9999, True),
])
def test_a_band_that_holds_no_whole_count_is_known(low: float, high: float, none: bool) -> None:
    from hubmonitor.render.format import holds_no_count

    assert holds_no_count(_group(1, low, high, "below")) is none


def _holstebro(report: Report, **update: object) -> Report:
    """The report with Holstebro's band 1.055–1.289 companies (expected 1.172), which no count fits in."""
    targets = [t.model_copy(update={"groups": [
        g.model_copy(update={"expected": 1.172, "low": 1.055, "high": 1.289, **update}) if g.key == "Holstebro"
        else g for g in t.groups]}) if t.kind == "municipal_spread" else t for t in report.targets]
    return report.model_copy(update={"targets": targets})


def test_a_municipality_invited_on_a_band_with_no_whole_count_is_said_to_be(report: Report) -> None:
    """A review (7 December 2026): Læsø's band early in the year was 1,055–1,289 companies, which no count
    can be inside; it was invited to dialogue with no word of it. Holstebro here: 1 against 1.055–1.289."""
    from hubmonitor.render.terminal import render

    narrow = _holstebro(report, value=1, status="below", dialogue=True)
    # (and the target of all 19 municipalities is out of reach: 18 bands hold a count; a review of the evening)
    note = ("Båndet rummer intet helt antal virksomheder for Holstebro: kommunen kan kun ligge under eller over det, "
            "så dialogen bør se på tallet, ikke på båndet. Målet om 19 kommuner inden for båndet kan derfor ikke nås "
            "med de virksomheder, der er vejledt nu.")
    assert note in render(narrow, "da").replace("\n      ", " ")
    pages = build_site([narrow], lang="da", generated="2025-01-01", workbooks=False)
    page = next(content.decode("utf-8") for name, content in pages.items() if name.endswith("/kommuner.html"))
    assert f'<p class="note no-count">{note}</p>' in page
    # a band with a whole count in it: nothing said
    assert "rummer intet helt antal" not in render(report, "da")
    plain = build_site([report], lang="da", generated="2025-01-01", workbooks=False)
    assert not any(b"no-count" in content for name, content in plain.items() if name.endswith("/kommuner.html"))


def test_a_band_no_count_fits_in_is_said_above_it_too_with_the_target_out_of_reach(report: Report) -> None:
    """A review (7 December 2026, evening): Nordjylland's Læsø had a band of 3,1–3,7 companies and 4, above
    it; the spread's "all 11 municipalities" could not be met with the companies guided then, and nothing
    said so (the note was for a municipality invited to dialogue only). Holstebro here: 2 against
    1.055–1.289, above; the worked example's target is all 19 municipalities, so 18 bands hold a count."""
    from hubmonitor.render.terminal import render

    above = _holstebro(report, value=2, status="above", dialogue=False)
    note = ("Båndet rummer intet helt antal virksomheder for Holstebro: kommunen kan kun ligge under eller over det. "
            "Målet om 19 kommuner inden for båndet kan derfor ikke nås med de virksomheder, der er vejledt nu.")
    assert note in render(above, "da").replace("\n      ", " ")
    assert ("The target of 19 municipalities within the band can therefore not be met with the companies guided "
            "now.") in render(above, "en").replace("\n      ", " ")
    pages = build_site([above], lang="da", generated="2025-01-01", workbooks=False)
    municipal = next(content.decode("utf-8") for name, content in pages.items() if name.endswith("/kommuner.html"))
    assert f'<p class="note no-count">{note}</p>' in municipal
    paper = next(content.decode("utf-8") for name, content in pages.items() if name.endswith("/rapport.html"))
    assert note in paper.split('<section id="municipalities"')[1].split("</p>")[0]


def test_the_lower_edge_of_one_held_back_keeps_its_whole_part() -> None:
    """A review: Ikast-Brande with 14 companies against a lower edge of 14.9895 was shown "15,0–18,3", one
    whole company short as shown, and said to be less than one short and not invited (the running year's
    rule). Held back (below, not invited), the edge keeps the decimals that tell it: "14,99"."""
    held = GroupResult(key="X", value=14, expected=16.6, low=14.9895, high=18.3, status="below", dialogue=False)
    invited = held.model_copy(update={"dialogue": True})
    assert [band_edges_text(g, "da") for g in (held, invited)] == ["14,99–18,3", "15,0–18,3"]


def test_a_whole_edge_in_exact_arithmetic_is_shown_whole() -> None:
    """A review: 50 companies and a third of the population give a lower edge of exactly 15, which the float
    holds as 15.000000000000002: shown "15,000000–18,3" beside 14, and a shortfall of 2 where one company is
    missing."""
    low = 50 / 3 * (1 - 0.1)  # as the engine multiplies: expected × (1 − tolerance)
    assert low == 15.000000000000002
    g = GroupResult(key="X", value=14, expected=50 / 3, low=low, high=50 / 3 * 1.1, status="below", dialogue=True)
    assert band_edges_text(g, "da") == "15,0–18,3"


def test_the_municipal_page_says_why_the_edges_have_their_decimals() -> None:
    """"600,9–812,97" beside "101,01–136,7": a reviewer asked why the decimals vary; the page says it."""
    from dashboard_site import sample_report

    for lang, words in (("da", "Båndets grænser vises med så mange decimaler, som holder dem på samme side af et "
                               "helt antal som grænsen selv (812,97: 812 er inden for, 813 ikke)."),
                        ("en", "The band&#x27;s edges are shown with as many decimals as keep them on the same side "
                               "of a whole count as the edge itself (812.97: 812 is inside, 813 not).")):
        pages = build_site([sample_report()], lang=lang, generated="x", workbooks=False)
        assert words in pages["midtjylland-2024/kommuner.html"].decode("utf-8")
