"""A duplicate names its other row, a reused id the fields that differ, and two exports of the same
data in one folder are named as such (a review: a director with last week's export beside this week's
got 6,891 duplicate-row warnings and 8 duplicate-id warnings, none saying where the other row was)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from helpers import ACTIVITY_HEADER, MIDTJYLLAND, act, complete, load_folder, write_csv

import hubmonitor
from hubmonitor.cli import main
from hubmonitor.io.results_json import from_document, to_document
from hubmonitor.render.privacy import finding_message

WEEK = [act(f"A{i}", "2024-01-02", f"C{i}") for i in range(30)]


def _two_weeks(folder: Path) -> Path:
    """Week 41's 30 rows; week 42's export holds 25 of them unchanged, A25 corrected (another date and
    municipality) and 10 new rows: 36 rows, 25 of them copies (at least half)."""
    folder.mkdir()
    write_csv(folder, "crm_activities_uge41.csv", ACTIVITY_HEADER, WEEK)
    write_csv(folder, "crm_activities_uge42.csv", ACTIVITY_HEADER,
              WEEK[:25] + [act("A25", "2024-01-03", "C25", "Skive")] + [act(f"B{i}", "2024-01-09", f"D{i}")
                                                                         for i in range(10)])
    return folder


def test_a_copy_names_its_first_row_and_a_reused_id_what_differs(tmp_path: Path) -> None:
    table = load_folder(_two_weeks(tmp_path / "d")).activities
    copies = [f for f in table.findings if f.code == "duplicate-row"]
    assert len(copies) == 25 and table.counts["duplicate-row"] == 25
    assert (copies[0].file, copies[0].row, copies[0].detail, copies[0].detail_en) == (
        "crm_activities_uge42.csv", 2, "første gang i crm_activities_uge41.csv:2",
        "first in crm_activities_uge41.csv:2")
    reused = [(f.file, f.row, f.detail) for f in table.findings if f.code == "duplicate-id"]
    # A25 on row 27 of both files: each names the other, and the fields whose values differ (no value)
    assert reused == [
        ("crm_activities_uge41.csv", 27, "den anden række: crm_activities_uge42.csv:27; forskellige felter: date, "
                                         "municipality"),
        ("crm_activities_uge42.csv", 27, "den anden række: crm_activities_uge41.csv:27; forskellige felter: date, "
                                         "municipality")]
    first = next(f for f in table.findings if f.code == "duplicate-id")
    assert finding_message(first, "en") == (
        "id 'X##' also appears on another row with different content (value not shown: may be company data); "
        "the other row: crm_activities_uge42.csv:27; fields that differ: date, municipality")


def test_two_exports_of_the_same_data_are_named(tmp_path: Path) -> None:
    table = load_folder(_two_weeks(tmp_path / "d")).activities
    (overlap,) = [f for f in table.findings if f.code == "overlapping-export"]
    assert (overlap.file, overlap.row, overlap.value, overlap.severity) == (
        "crm_activities_uge42.csv", None, "crm_activities_uge41.csv", "warning")
    assert overlap.message.startswith("mindst halvdelen af filens rækker er præcise kopier af rækker i "
                                      "crm_activities_uge41.csv: to eksporter af de samme data i mappen?")


def test_a_months_file_beside_the_years_is_not_a_second_export(tmp_path: Path) -> None:
    """Every row of the month's file is a copy of one in the year's, but they are a small part of the
    year's: "keep only the newest export" would drop eleven months (a review)."""
    folder = tmp_path / "d"
    folder.mkdir()
    year = [act(f"A{i}", f"2024-{1 + i % 12:02d}-02", f"C{i}") for i in range(600)]
    write_csv(folder, "crm_activities_2024.csv", ACTIVITY_HEADER, year)
    write_csv(folder, "crm_activities_2024_aug.csv", ACTIVITY_HEADER, [r for r in year if "-08-" in r])
    table = load_folder(folder).activities
    assert table.counts["duplicate-row"] == 50 and "overlapping-export" not in table.counts


def test_a_few_copied_rows_are_not_a_second_export(tmp_path: Path) -> None:
    folder = tmp_path / "d"
    folder.mkdir()
    write_csv(folder, "crm_activities_a.csv", ACTIVITY_HEADER, WEEK)
    # 4 copies (under 5) of 4 rows; then 20 copies among 41 rows (under half): neither is named
    write_csv(folder, "crm_activities_b.csv", ACTIVITY_HEADER, WEEK[:4])
    assert "overlapping-export" not in load_folder(folder).activities.counts
    # a small hub's week: 19 rows, all of them in the other week's file (a review: not named with 20 asked for)
    write_csv(folder, "crm_activities_b.csv", ACTIVITY_HEADER, WEEK[:19])
    assert load_folder(folder).activities.counts["overlapping-export"] == 1
    write_csv(folder, "crm_activities_b.csv", ACTIVITY_HEADER,
              WEEK[:20] + [act(f"B{i}", "2024-01-09", f"D{i}") for i in range(21)])
    assert "overlapping-export" not in load_folder(folder).activities.counts
    write_csv(folder, "crm_activities_b.csv", ACTIVITY_HEADER,
              WEEK[:20] + [act(f"B{i}", "2024-01-09", f"D{i}") for i in range(20)])
    assert load_folder(folder).activities.counts["overlapping-export"] == 1  # 20 of 40: half


def test_the_details_reach_the_json_and_come_back(tmp_path: Path) -> None:
    data = _two_weeks(tmp_path / "d")
    complete(data)
    out = tmp_path / "q.json"
    result = CliRunner().invoke(main, ["check-data", str(data), "--json", str(out)])
    assert result.exit_code == 0, result.output
    doc = json.loads(out.read_text(encoding="utf-8"))
    warnings = doc["data_quality"]["warnings"] if "data_quality" in doc else doc["warnings"]
    reused = next(w for w in warnings if w["code"] == "duplicate-id")
    assert (reused["detail"], reused["detail_en"]) == (
        "den anden række: crm_activities_uge42.csv:27; forskellige felter: date, municipality",
        "the other row: crm_activities_uge42.csv:27; fields that differ: date, municipality")
    assert "detail" not in next(w for w in warnings if w["code"] == "overlapping-export")
    # the terminal: the detail after the message (wrapped to the width)
    assert "første gang i\n      crm_activities_uge41.csv:2\n" in result.output



def test_an_evaluation_keeps_the_details_through_its_results_file(tmp_path: Path) -> None:
    data = _two_weeks(tmp_path / "d")
    complete(data)
    report = hubmonitor.evaluate(MIDTJYLLAND, data, allow_outside_hub=True)
    back = from_document(to_document(report))  # a results file given to the dashboard
    details = [(f.code, f.detail_en) for f in back.data_quality.findings if f.detail]
    assert ("duplicate-id", "the other row: crm_activities_uge42.csv:27; fields that differ: date, municipality") \
        in details
    assert details == [(f.code, f.detail_en) for f in report.data_quality.findings if f.detail]
    # the second export is check-data's word (the whole folder), not a year's: a year read lean holds fewer
    # of the rows it is told from (tests/test_rows_read.py)
    assert "overlapping-export" not in {f.code for f in report.data_quality.findings}
    assert "overlapping-export" not in {s.code for s in report.data_quality.summary}


def test_a_sheet_named_for_a_company_is_masked_in_the_detail_and_the_accounting(tmp_path: Path) -> None:
    """The finding's own sheet was masked, its detail named the other row's sheet in full ("første gang
    i crm.xlsx [Novo Nordisk A-S 24256790]:2"), and so did the data quality's line per file (a review)."""
    import xlsxwriter

    folder = tmp_path / "d"
    folder.mkdir()
    book = xlsxwriter.Workbook(folder / "crm_activities.xlsx")
    sheet = book.add_worksheet("Novo Nordisk A-S 24256790")
    for r, line in enumerate([ACTIVITY_HEADER, *WEEK[:3], WEEK[0]]):
        for c, cell in enumerate(line.split(",")):
            sheet.write_string(r, c, cell)
    book.close()
    complete(folder)
    report = hubmonitor.evaluate(MIDTJYLLAND, folder, allow_outside_hub=True)
    (copy,) = [f for f in report.data_quality.findings if f.code == "duplicate-row"]
    assert copy.detail == "første gang i crm_activities.xlsx [XXXX XXXXXXX X-X ########]:2"
    assert copy.sheet == "XXXX XXXXXXX X-X ########"
    assert {i.sheet for i in report.data_quality.inputs if i.file == "crm_activities.xlsx"} == {
        "XXXX XXXXXXX X-X ########"}
    assert "24256790" not in json.dumps(to_document(report), ensure_ascii=False)
