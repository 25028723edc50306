"""Review of 7 December 2026, evening (a KKR secretariat putting a running year's figures in a council
paper): a verdict taken on the year so far is said "foreløbig" (provisional) wherever the status is
said in words — the report, the terminal and the hub's workbook did; the history's table, KL's
national table on screen and on paper, its CSV and its workbook said a bare "ikke opfyldt", which a
cell copied into the paper reads as the year's verdict.

Made by hand (tests/dashboard_site.py): Fyn 2025 evaluated as of 30 September 2025 — awareness 56 %
against 50 % (met, a share from the hub's own data: provisional), a figure measured by others met
(never provisional: it is the figure of its year), and Fyn 2024 at its year end — awareness 55 %,
met, not provisional. Decisions: docs/decisions.md ("Reviews of 7 December 2026, evening").
"""

from __future__ import annotations

import io
import re
from datetime import date

import openpyxl
from dashboard_site import history_report, history_target

from hubmonitor.render.html.history_page import hub_history_body
from hubmonitor.render.html.national_page import national_body
from hubmonitor.render.national_table import national_csv, national_xlsx
from hubmonitor.report import Report


def fyn(year: int, as_of: date | None = None) -> Report:
    return history_report("Fyn", year, [history_target("M1.aware", 0.56 if as_of else 0.55, 0.5, "met"),
                                        history_target("M2.known", 0.61, 0.5, "met", kind="external", ref="Mål 2")],
                          as_of=as_of)


RUNNING = fyn(2025, date(2025, 9, 30))
ENDED = fyn(2024)


def _cells(html: str) -> list[str]:
    """The table cells' text, tags taken out."""
    return [re.sub(r"<[^>]+>", "", c) for c in re.findall(r"<td[^>]*>(.*?)</td>", html, re.S)]


def test_the_national_csv_and_workbook_say_the_running_years_verdict_is_provisional() -> None:
    rows = national_csv([RUNNING], "da").decode("utf-8-sig").splitlines()
    assert rows[1] == ("1;Erhvervshus Fyn;2;2;0;0;0;2025-09-30;ja;56,0;≥ 50,0 %;opfyldt (foreløbig);61,0;≥ 50,0 %;"
                       "opfyldt")
    english = national_csv([RUNNING], "en").decode("utf-8-sig").splitlines()
    assert english[1].endswith(",56.0,≥ 50.0 %,met (provisional),61.0,≥ 50.0 %,met")
    sheet = openpyxl.load_workbook(io.BytesIO(national_xlsx([RUNNING], "da"))).active
    statuses = [cell.value for cell in sheet[2] if cell.value in ("opfyldt", "opfyldt (foreløbig)")]
    assert statuses == ["opfyldt (foreløbig)", "opfyldt"]
    ended = national_csv([ENDED], "da").decode("utf-8-sig").splitlines()
    assert ended[1].endswith(";55,0;≥ 50,0 %;opfyldt;61,0;≥ 50,0 %;opfyldt")


def test_the_national_page_says_it_in_the_cell_on_screen_and_on_paper() -> None:
    body, _ = national_body([RUNNING], "da")
    screen, paper = body.split('class="data heat-print"')
    assert _cells(screen)[1:] == ["✔ 56,0 % (opfyldt, foreløbig)foreløbig", "✔ 61,0 % (opfyldt)"]
    assert _cells(paper)[1:3] == ["✔ 56,0 %opfyldt, foreløbig", "✔ 61,0 %opfyldt"]
    body, _ = national_body([ENDED], "da")
    assert "foreløbig" not in body


def test_the_history_table_says_it_in_the_running_years_column_only() -> None:
    body, _ = hub_history_body([ENDED, RUNNING], "en")
    table = body.split('class="data heat history"')[1].split("</table>")[0]
    assert [c for c in _cells(table) if "aware" not in c and "%" in c] == [
        "55.0 %Target ≥ 50.0 %✔ met", "56.0 %Target ≥ 50.0 %✔ met (provisional)",
        "61.0 %Target ≥ 50.0 %✔ met", "61.0 %Target ≥ 50.0 %✔ met"]
