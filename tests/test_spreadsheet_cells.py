"""One rule for every CSV hubmonitor writes (hubmonitor/spreadsheet.py): a text a spreadsheet would
run as a formula gets the apostrophe, in the quarantine CSV, the national table's CSV and each
chart's CSV alike; a number as the pages show it is left a number where the caller says so."""

from __future__ import annotations

import pytest

from hubmonitor.render.html.document import ChartData, chart_csv
from hubmonitor.spreadsheet import looks_like_formula, text_cell


@pytest.mark.parametrize(("value", "formula"), [
    ("=SUM(A1)", True), ("+45", True), ("-2+3", True), ("@cmd", True), ("\t=1", True), ("\r=1", True),
    ("\x00x", True), ("＝1+1", True), ("－1", True), ("  =1+1", True), (" @x", True),
    ("Aarhus", False), ("53,5 %", False), ("a=b", False), ("", False), ("  Odder", False),
])
def test_what_looks_like_a_formula(value: str, formula: bool) -> None:
    assert looks_like_formula(value) is formula


def test_text_cell_marks_and_quotes() -> None:
    assert text_cell("=1+1", ";") == "'=1+1"
    assert text_cell("  =1+1", ";") == "'  =1+1"  # after leading space too (was missed by the chart CSVs)
    assert text_cell("-1,3 procentpoint", ";") == "'-1,3 procentpoint"
    assert text_cell("-1,3 procentpoint", ";", shown_numbers=True) == "-1,3 procentpoint"
    assert text_cell("-2+3", ";", shown_numbers=True) == "'-2+3"  # not a number as shown
    assert text_cell('Fyn; "Odense"', ";") == '"Fyn; ""Odense"""'
    assert text_cell("a,b", ",") == '"a,b"' and text_cell("a,b", ";") == "a,b"
    assert text_cell("=a;b", ";") == "\"'=a;b\""


def test_chart_csv_uses_the_one_rule() -> None:
    data = ChartData(summary="s", headers=["Gruppe", "Værdi"], rows=[[" =HYPERLINK(1)", "-1,3 procentpoint"],
                                                                    ["＠x", "5.152"]])
    assert chart_csv(data) == "Gruppe;Værdi\r\n' =HYPERLINK(1);-1,3 procentpoint\r\n'＠x;5.152\r\n"
