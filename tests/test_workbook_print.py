"""The Excel workbook as a KKR secretariat finishes it (issue 17, item 7): print setup on every
sheet, frozen and repeated headers, status colours by conditional formatting, totals rows, and the
pace and interval columns of a running year. Read back with openpyxl (formulas, formats, print
options) and, for the cached totals, with ``data_only=True``.

Figures are the sample's (data/sample/midtjylland-2024, see test_workbook.py and test_acceptance.py):
the grant 41,679 t.kr. over 19 municipalities with 1,383,261 inhabitants and 2,801 guided companies.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date

import openpyxl
import pytest
from helpers import MIDTJYLLAND, SAMPLE, contrast

import hubmonitor
from hubmonitor.render.html.assets import STYLE_CSS
from hubmonitor.render.workbook import BAND_FILL, STATUS_FILL, workbook_bytes
from hubmonitor.report import Report

AS_OF = date(2024, 9, 30)  # a running year: 274 of 2024's 366 days
TITLE = "Resultatkontrakt 2024 mellem KKR Midtjylland og Erhvervshus Midtjylland"


@pytest.fixture(scope="module")
def report() -> Report:
    return hubmonitor.evaluate(MIDTJYLLAND, SAMPLE)


@pytest.fixture(scope="module")
def running() -> Report:
    return hubmonitor.evaluate(MIDTJYLLAND, SAMPLE, as_of=AS_OF)


def book(report: Report, lang: str = "da", cached: bool = False) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(workbook_bytes(report, lang)), data_only=cached)


def row_of(ws: object, key: str) -> tuple[object, ...]:
    return next(r for r in ws.iter_rows(values_only=True) if r[0] == key)  # type: ignore[attr-defined]


# --- print setup ----------------------------------------------------------------------------

def test_every_sheet_prints_on_a4_landscape_one_page_wide(report: Report) -> None:
    wb = book(report)
    for ws in wb:
        setup = ws.page_setup
        assert (setup.orientation, setup.paperSize, setup.fitToHeight) == ("landscape", 9, 0), ws.title
        assert setup.fitToWidth is None  # not written: Excel's default, one page wide
        assert ws.sheet_properties.pageSetUpPr.fitToPage is True
        assert ws.print_options.horizontalCentered is True
        assert ws.oddHeader.left.text == "Erhvervshus Midtjylland · 2024"
        assert ws.oddHeader.right.text == ws.title
        assert (ws.oddFooter.left.text, ws.oddFooter.right.text) == (TITLE, "Side &P af &N")
    with zipfile.ZipFile(io.BytesIO(workbook_bytes(report))) as z:
        xml = z.read("xl/worksheets/sheet1.xml").decode()
    assert '<pageSetup paperSize="9" fitToHeight="0" orientation="landscape"/>' in xml


def test_headers_frozen_and_repeated_on_every_page(report: Report) -> None:
    wb = book(report)
    # Mål: title block in rows 1-3, the header in row 4 (and the Id column frozen); Datakvalitet:
    # the inputs (header, two files, totals), the note in row 6, the findings' header in row 7
    assert {ws.title: (ws.freeze_panes, ws.print_title_rows) for ws in wb} == {
        "Mål": ("B5", "$4:$4"), "Segmenter": ("A2", "$1:$1"), "Kommuner": ("A2", "$1:$1"),
        "Fordeling": ("A2", "$1:$1"), "Datakvalitet": ("A8", "$7:$7"),
        "Integritetssignaler": ("B2", "$1:$1")}  # the id column frozen, as on Mål
    quality = wb["Datakvalitet"]
    assert quality["A7"].value == "Kode" and str(quality["A6"].value).startswith("Opgørelsen dækker")
    # a header wraps (bold, at its spaces) rather than widening its column: "Forventet" is 2 lines
    header = wb["Kommuner"]["D1"]
    assert (header.value, header.font.b, header.alignment.wrap_text) == ("Forventet", True, True)
    assert wb["Kommuner"].row_dimensions[1].height == 30


def test_the_page_header_in_english_in_a_running_year_and_with_an_ampersand(running: Report) -> None:
    ws = book(running, "en")["Targets"]
    assert ws.oddHeader.left.text == "Erhvervshus Midtjylland · 2024 · data up to 30 September 2024"
    assert ws.oddFooter.right.text == "Page &P of &N"
    odd = running.model_copy(update={"hub": "Hus & Co", "contract": "A & B"})
    with zipfile.ZipFile(io.BytesIO(workbook_bytes(odd))) as z:
        xml = z.read("xl/worksheets/sheet1.xml").decode()
    # '&' starts a code in a header: doubled, it prints as itself
    assert "<oddHeader>&amp;LHus &amp;&amp; Co · 2024 · data til og med 30. september 2024&amp;RMål</oddHeader>" in xml
    assert "<oddFooter>&amp;LA &amp;&amp; B&amp;RSide &amp;P af &amp;N</oddFooter>" in xml


# --- status colours -------------------------------------------------------------------------

def test_status_colours_are_the_dashboards_and_readable() -> None:
    assert round(contrast("#000000", "#FFFFFF"), 2) == 21.0  # the formula, checked at its ends
    for status, (fill, ink) in STATUS_FILL.items():
        assert contrast(fill, ink) >= 4.5, status  # WCAG 2.1 AA, normal text
        css = {m[0]: m[1].upper() for m in re.findall(rf"--{status}-(bg|ink): (#[0-9a-fA-F]{{6}})", STYLE_CSS)}
        assert css == {"bg": fill, "ink": ink}, status
    assert dict(BAND_FILL) == {"below": STATUS_FILL["not_met"], "within": STATUS_FILL["on_track"],
                               "above": STATUS_FILL["met"]}
    # the lowest: not met, #8A3B00 on #FBE3D3
    assert min(contrast(f, i) for f, i in STATUS_FILL.values()) == pytest.approx(6.29, abs=0.01)


def _rules(ws: object) -> dict[str, list[tuple[str, str, str, str]]]:
    out: dict[str, list[tuple[str, str, str, str]]] = {}
    for cf in ws.conditional_formatting:  # type: ignore[attr-defined]
        out[str(cf.sqref)] = [(r.type, r.operator, r.formula[0], r.dxf.fill.bgColor.rgb + "/" + r.dxf.font.color.rgb)
                              for r in cf.rules]
    return out


def test_status_columns_are_coloured_by_conditional_formatting(report: Report) -> None:
    wb = book(report)
    targets = _rules(wb["Mål"])
    # the status column I of the 21 targets (rows 5-25), one rule per status, none a static fill; by the
    # start of the text, so that "opfyldt (foreløbig)" in the running year is coloured as "opfyldt"
    assert targets == {"I5:I25": [
        ("beginsWith", "beginsWith", 'LEFT(I5,7)="opfyldt"', "FFDCEBF6/FF00466F"),
        ("beginsWith", "beginsWith", 'LEFT(I5,12)="ikke opfyldt"', "FFFBE3D3/FF8A3B00"),
        ("beginsWith", "beginsWith", 'LEFT(I5,12)="mangler data"', "FFECECEC/FF3D3D3D"),
        ("beginsWith", "beginsWith", 'LEFT(I5,9)="på sporet"', "FFE1F1FB/FF0B4F73"),
        ("beginsWith", "beginsWith", 'LEFT(I5,5)="bagud"', "FFFCEFD2/FF6B4A00")]}
    assert all(wb["Mål"][f"I{r}"].fill.patternType is None for r in range(5, 26))
    assert list(_rules(wb["Segmenter"])) == ["E2:E3"]
    assert _rules(wb["Kommuner"]) == {"G2:G20": [  # the position against the band
        ("beginsWith", "beginsWith", 'LEFT(G2,5)="under"', "FFFBE3D3/FF8A3B00"),
        ("beginsWith", "beginsWith", 'LEFT(G2,9)="inden for"', "FFE1F1FB/FF0B4F73"),
        ("beginsWith", "beginsWith", 'LEFT(G2,4)="over"', "FFDCEBF6/FF00466F")]}
    assert _rules(wb["Fordeling"]) == {} and _rules(wb["Datakvalitet"]) == {}
    english = _rules(book(report, "en")["Targets"])["I5:I25"]
    assert [r[2] for r in english] == ['LEFT(I5,3)="met"', 'LEFT(I5,7)="not met"', 'LEFT(I5,17)="insufficient data"',
                                       'LEFT(I5,8)="on track"', 'LEFT(I5,6)="behind"']


# --- totals ---------------------------------------------------------------------------------

def test_allocation_totals(report: Report) -> None:
    formulas, cached = book(report)["Fordeling"], book(report, cached=True)["Fordeling"]
    assert formulas.max_row == 23  # header, 19 municipalities, totals; a blank row and what the key rests on
    assert formulas["A23"].value == "Fordelingen er kontraktens egen tabel, ikke en befolkningsnøgle."
    assert [c.value for c in formulas[21]] == [
        "I alt", None, "=SUBTOTAL(109,[Beløb (t.kr.)])", "=SUBTOTAL(109,[Andel af bevillingen])",
        "=SUBTOTAL(109,[Indbyggere])", "=SUBTOTAL(109,[Befolkningsandel])",
        "=SUBTOTAL(109,[Individuelt vejledte virksomheder])",
        "=IF(SUBTOTAL(109,G2:G20)=0,0,SUBTOTAL(109,C2:C20)*1000/SUBTOTAL(109,G2:G20))"]
    assert [c.number_format for c in formulas[21]][2:] == ["#,##0", "0.0%", "#,##0", "0.0%", "#,##0", "#,##0"]
    total = [c.value for c in cached[21]]
    # the grant (the target's figure in the results JSON), the hub's inhabitants, the guided companies
    assert total[:3] + total[4:5] + total[6:7] == ["I alt", None, 41679, 1383261, 2801]
    assert report.target("ALLOC.basisbevilling").value == 41679
    assert total[3] == pytest.approx(1.0, abs=1e-12) and total[5] == pytest.approx(1.0, abs=1e-12)
    assert total[7] == pytest.approx(41679 * 1000 / 2801, rel=1e-12)  # 14,880 kr per guided company


def test_municipal_and_input_totals(report: Report) -> None:
    spread = book(report, cached=True)["Kommuner"]
    total = [c.value for c in spread[21]]
    # 2,801 guided companies, as many expected; 4 municipalities for dialogue (a count of "ja", not
    # following the filter); the band edges and the position have no total
    assert total[:3] + total[4:9] == ["I alt", None, 2801, None, None, None, 4, 1383261]
    assert total[3] == pytest.approx(2801, rel=1e-12) and total[9] == pytest.approx(1.0, abs=1e-12)
    assert book(report)["Kommuner"]["H21"].value == '=COUNTIF(H2:H20,"ja")'
    inputs = [c.value for c in book(report, cached=True)["Datakvalitet"][4]]
    # data_quality.rows_read / rows_used of 2024 (test_cli: "8.578 rækker læst, 8.549 brugt")
    assert inputs == ["I alt", None, None, 8578, 8549, 4, 25, 0, 1]


def test_no_totals_across_two_targets(report: Report) -> None:
    """Two allocation targets in one table: a sum would add them together, so no totals row."""
    alloc = report.target("ALLOC.basisbevilling")
    twice = report.model_copy(update={"targets": [*report.targets, alloc.model_copy(update={"id": "ALLOC.b"})]})
    ws = book(twice)["Fordeling"]
    assert ws.max_row == 41 and ws["A39"].value == "ALLOC.b"  # (then a blank row and the note under the table)
    assert ws.tables["tblAllocation"].totalsRowCount is None
    assert book(report)["Fordeling"].tables["tblAllocation"].totalsRowCount == 1


# --- the running year -----------------------------------------------------------------------

PACE_HEADERS = ["Id", "Mål", "Titel", "Enhed", "Værdi", "Sammenligning", "Målsætning", "Øvre målsætning",
                "Status", "Tempo efter", "Forløbet af året", "Mål pro rata", "Forventet efter sæsonprofil",
                "Prognose ultimo", "Prognose, laveste", "Prognose, højeste", "Nedre grænse (95 %)",
                "Øvre grænse (95 %)", "Ikke signifikant", "Svar", "Tæller", "Nævner", "Regel", "Bemærkning"]


def test_running_year_has_pace_and_interval_columns(running: Report) -> None:
    ws = book(running)["Mål"]
    headers = [c.value for c in ws[4]]
    expected = list(PACE_HEADERS)
    if any(t.pace_note for t in running.targets):  # the pace rule may leave a note (issue 17, item 2)
        expected.insert(expected.index("Prognose, højeste") + 1, "Tempo-note")
    assert headers == expected
    assert ws["A2"].value == ("Erhvervshus Midtjylland · periode 1. januar 2024 – 31. december 2024 · "
                              "data til og med 30. september 2024")
    assert ws["A3"].value == ("Året er ikke slut: status for tællemål er tempoet ved 30. september 2024 (på "
                              "sporet / bagud); prognosen er for årets udgang. Andele, NPS og spredning er "
                              "vurderet på data indtil da og er foreløbige; tal målt af andre står, som de er "
                              "opgivet.")
    col = {h: i for i, h in enumerate(headers)}
    # a verdict on the year so far says so, as the report page's card does (a review: the workbook did not);
    # a pace, a figure measured by others and the grant are not provisional
    statuses = {r[0]: r[col["Status"]] for r in ws.iter_rows(min_row=5, values_only=True) if r[0]}
    assert statuses["M3.nps"].endswith(" (foreløbig)") and statuses["M8.spread"].endswith(" (foreløbig)")
    assert not any(statuses[i].endswith("(foreløbig)") for i in ("M8.reach", "M1.awareness", "ALLOC.basisbevilling"))
    reach = row_of(ws, "M8.reach")
    t = running.target("M8.reach")
    assert (reach[col["Værdi"]], reach[col["Målsætning"]], reach[col["Tæller"]]) == (4130, 5000, 4130)
    assert reach[col["Forløbet af året"]] == pytest.approx(274 / 366, rel=1e-15)
    assert reach[col["Mål pro rata"]] == pytest.approx(5000 * 274 / 366, rel=1e-15)  # 3,743.2
    assert reach[col["Status"]] == {"on_track": "på sporet", "behind": "bagud"}[t.status]
    assert reach[col["Tempo efter"]] == {"prorata": "forholdsmæssigt", "seasonal": "sæsonprofil"}[t.pace or ""]
    assert t.forecast is not None and t.expected_by_now is not None
    # the results' figures as Excel stores them (15-16 significant digits)
    assert reach[col["Forventet efter sæsonprofil"]] == pytest.approx(t.expected_by_now, rel=1e-15)
    assert [reach[col[h]] for h in ("Prognose ultimo", "Prognose, laveste", "Prognose, højeste")] == pytest.approx(
        [t.forecast.value, t.forecast.low, t.forecast.high], rel=1e-15)
    assert reach[col["Nedre grænse (95 %)"]] is None and reach[col["Ikke signifikant"]] is None
    # formats: an expectation to one decimal (as on the pages), the forecast in whole companies
    line = next(r for r in ws.iter_rows(min_row=5) if r[0].value == "M8.reach")
    assert [line[col[h]].number_format for h in ("Forløbet af året", "Mål pro rata", "Forventet efter sæsonprofil",
                                                  "Prognose ultimo")] == ["0.0%", "#,##0.0", "#,##0.0", "#,##0"]
    growth = row_of(ws, "M8.growth_programmes")
    assert (growth[col["Værdi"]], growth[col["Mål pro rata"]]) == (311, pytest.approx(600 * 274 / 366, rel=1e-15))
    # a share resting on answers: its 95 % interval, in percent
    sat = next(r for r in ws.iter_rows(min_row=5) if r[0].value == "M3.satisfaction")
    interval = running.target("M3.satisfaction").interval
    assert interval is not None
    assert (sat[col["Tæller"]].value, sat[col["Nævner"]].value, sat[col["Svar"]].value) == (199, 258, 258)
    assert (sat[col["Nedre grænse (95 %)"]].value, sat[col["Øvre grænse (95 %)"]].value) == pytest.approx(
        (interval.low, interval.high), rel=1e-15)
    assert sat[col["Nedre grænse (95 %)"]].number_format == "0.0%" and sat[col["Ikke signifikant"]].value == "ja"
    assert sat[col["Tempo efter"]].value is None and sat[col["Mål pro rata"]].value is None


def test_finished_year_has_no_pace_columns(report: Report) -> None:
    ws = book(report)["Mål"]
    headers = [c.value for c in ws[4]]
    assert "Mål pro rata" not in headers and "Prognose ultimo" not in headers and ws["A3"].value is None
    nps = next(r for r in ws.iter_rows(min_row=5) if r[0].value == "M3.nps")
    interval = report.target("M3.nps").interval
    assert interval is not None and interval.method == "normal"
    col = headers.index("Nedre grænse (95 %)")
    assert (nps[col].value, nps[col + 1].value) == pytest.approx((interval.low, interval.high), rel=1e-15)
    assert nps[col].number_format == "0.0"


def test_english_running_year_headers(running: Report) -> None:
    headers = [c.value for c in book(running, "en")["Targets"][4]]
    assert headers[9:17] == ["Pace by", "Elapsed of the year", "Pro-rated target", "Expected by the seasonal profile",
                             "Year-end forecast", "Forecast, lowest", "Forecast, highest", *(
                                 ["Pace note"] if any(t.pace_note for t in running.targets) else [
                                     "Lower bound (95 %)"])]


def test_running_year_same_bytes_dated_by_the_data(running: Report) -> None:
    data = workbook_bytes(running)
    assert workbook_bytes(running) == data
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        core = z.read("docProps/core.xml").decode()
    assert '<dcterms:created xsi:type="dcterms:W3CDTF">2024-09-30T00:00:00Z' in core
    assert '<dcterms:modified xsi:type="dcterms:W3CDTF">2024-09-30T00:00:00Z' in core
