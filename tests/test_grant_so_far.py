"""During the year the kr. per company guided divide the whole year's grant by the companies guided so
far: said beside the figure wherever it stands (a KKR review: Hovedstaden 2025's 27.872 kr. to 30
September, against 2024's whole year's 22.504, read as 24 % dearer). The municipalities' section says
what the band decides, and what the amounts rest on (a review of the printed report).

Hovedstaden 2025 (``conftest.hovedstaden_2025``, up to 30 September): 59.842 t.kr. over 29
municipalities and 2.147 companies guided, 59.842.000 / 2.147 = 27.872,37 kr."""

from __future__ import annotations

import fastexcel
from dashboard_site import sample_report

from hubmonitor.render.format import grant_so_far
from hubmonitor.render.html.geo import hub_map
from hubmonitor.render.html.municipal_page import municipal_body
from hubmonitor.render.html.report_page import report_body
from hubmonitor.render.workbook import workbook_bytes
from hubmonitor.report import Report

SO_FAR = ("kr. pr. vejledt virksomhed er hele årets beløb delt med de virksomheder, der er vejledt til og med "
          "30. september 2025: tallet falder, efterhånden som året går")


def _pages(report: Report, lang: str = "da") -> tuple[str, str]:
    spread = next(t for t in report.targets if t.kind == "municipal_spread")
    return (report_body(report, lang, municipal_href="kommuner.html")[0],
            municipal_body(report, hub_map([g.key for g in spread.groups]), lang)[0])


def test_the_running_years_kr_per_company_say_they_are_so_far(hovedstaden_2025: Report) -> None:
    assert grant_so_far(hovedstaden_2025, "da") == SO_FAR
    assert grant_so_far(hovedstaden_2025, "en") == (
        "kr per guided company is the whole year's amount divided by the companies guided up to 30 September 2025: "
        "it falls as the year goes on")
    report, municipal = _pages(hovedstaden_2025)
    money = report.split('<p class="money">')[1].split("</p>")[0]
    assert "27.872 kr. pr. individuelt vejledt virksomhed i alt (2.147 vejledte virksomheder)" in money
    assert f"({SO_FAR})" in money and '<a href="#municipalities">Fordelingen pr. kommune</a>' in money
    section = report.split('<section id="municipalities"')[1].split("</table>")[0]
    assert SO_FAR[0].upper() + SO_FAR[1:] + "." in section
    assert "<strong>59.842</strong></td><td class=num>27.872</td></tr>" in section  # the totals, as the line says
    allocation = municipal.split('<section id="allocation">')[1]
    assert SO_FAR[0].upper() + SO_FAR[1:] + "." in allocation
    # the Kommuner page's total row says the same 27.872 (it was left blank: a review of 7 December, evening)
    total = allocation.split("</table>")[0].split("<tr>")[-1]
    assert total.endswith("<td class=num><strong>2.147</strong></td><td class=num>100,0 %</td>"
                          "<td class=num>27.872</td></tr>\n</tbody>")
    book = fastexcel.read_excel(workbook_bytes(hovedstaden_2025, "da"))
    sheet = book.load_sheet_by_name("Fordeling", header_row=None).to_polars()
    assert any(SO_FAR[0].upper() + SO_FAR[1:] in str(cell) for row in sheet.iter_rows() for cell in row)


def test_a_whole_year_says_nothing_of_it_and_the_section_says_what_the_band_decides() -> None:
    whole = sample_report()
    assert grant_so_far(whole, "da") is None
    report, municipal = _pages(whole)
    assert "hele årets beløb" not in report and "hele årets beløb" not in municipal
    note = report.split('<section id="municipalities"')[1].split("</p>")[0]
    assert "Målet tæller kommunerne inden for båndet; kommuner under båndet inviteres til dialog." in note
    # Midtjylland 2024's grant is the contract's own table of amounts, not a population key: said, as the
    # Kommuner page says it
    assert "Fordelingen er kontraktens egen tabel, ikke en befolkningsnøgle." in note
    english = _pages(whole, "en")[0].split('<section id="municipalities"')[1].split("</p>")[0]
    assert "The target counts the municipalities within the band" in english
