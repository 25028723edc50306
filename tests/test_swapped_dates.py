"""A profile's date format the wrong way round, and a date cell's serial number without EXCEL.

``MM-DD-YYYY`` on dates written ``DD-MM-YYYY``: the dates after the 12th of a month cannot be read
(``bad-date``, quarantined), and those on or before it read with day and month swapped, silently: a
file of 5 March and 20 March reads as 3 May and nothing. The file gets one ``swapped-date-format``
warning naming both ways when, of its distinct dates that only one of the two ways reads, the other
way reads at least three and twice as many as the profile's way, and more than half of those the
profile's way cannot read. Dates both ways read (ISO, a workbook's date cells, days of 12 or less)
tell nothing. A right format with a few dates typed the other way is not named: its dates after the
12th are read only its way.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import xlsxwriter
import yaml
from helpers import ACTIVITY_HEADER, EVALUATION_HEADER, act, run, target, write_contract, write_csv

from hubmonitor.io.dataset import load_dataset
from hubmonitor.profile.model import swapped_day_month
from hubmonitor.report import Finding

MARCH = [date(2024, 3, 1) + timedelta(days=i) for i in range(31)]


def _written(days: list[date], fmt: str) -> list[str]:
    return [d.strftime(fmt) for d in days]


def _book(path: Path, sheets: dict[str, list[list[Any]]]) -> None:
    """A workbook; a ``date`` is a date cell (a number shown as a date, as Excel saves one)."""
    workbook = xlsxwriter.Workbook(path)
    shown = workbook.add_format({"num_format": "dd-mm-yyyy"})
    for name, rows in sheets.items():
        sheet = workbook.add_worksheet(name)
        for i, row in enumerate(rows):
            for j, value in enumerate(row):
                if isinstance(value, date):
                    sheet.write_datetime(i, j, datetime(value.year, value.month, value.day), shown)
                elif value is not None:
                    sheet.write(i, j, value)
    workbook.close()


def _profile(folder: Path, date_formats: Any, files: str = "crm_activities*.csv", **more: Any) -> None:
    doc = {"document": "profile", "name": "test", "title": "Test", "sources": {
        "activities": {"files": files, "date_formats": date_formats, **more},
        "evaluations": {"files": "evaluations*.csv"}}}
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "profil.yaml").write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    (folder / "hubmonitor.yaml").write_text("profile: profil.yaml\n", encoding="utf-8")
    (folder / "evaluations.csv").write_text(EVALUATION_HEADER + "\n", encoding="utf-8")


def _folder(folder: Path, date_formats: Any, days: list[str], name: str = "crm_activities.csv") -> Path:
    _profile(folder, date_formats)
    write_csv(folder, name, ACTIVITY_HEADER, [act(f"A{i}", day, f"C{i}") for i, day in enumerate(days, 1)])
    return folder


def _found(folder: Path, code: str) -> list[Finding]:
    return [f for f in load_dataset(folder).activities.findings if f.code == code]


def test_swapped_day_month_of_a_profile_format() -> None:
    assert swapped_day_month("MM-DD-YYYY") == "DD-MM-YYYY"
    assert swapped_day_month("DD.MM.YY") == "MM.DD.YY"
    assert swapped_day_month("YYYYMMDD") == "YYYYDDMM"
    assert swapped_day_month("EXCEL") is None
    assert swapped_day_month("YYYY") is None


def test_a_month_written_the_other_way_round_is_named_once(tmp_path: Path) -> None:
    # March 2024 written DD-MM-YYYY, read as MM-DD-YYYY: 1–12 March read as 3 January … 3 December,
    # 13–31 March (rows 14–32) cannot be read
    folder = _folder(tmp_path, "MM-DD-YYYY", _written(MARCH, "%d-%m-%Y"))
    table = load_dataset(folder).activities
    assert [(f.code, f.row) for f in table.findings if f.code != "bad-date"] == [("swapped-date-format", None)]
    assert table.counts["bad-date"] == 19
    [swapped] = _found(folder, "swapped-date-format")
    assert (swapped.file, swapped.column, swapped.value, swapped.severity) == (
        "crm_activities.csv", "date", "MM-DD-YYYY → DD-MM-YYYY", "warning")
    assert swapped.message == (
        "datoerne ser ud til at have dag og måned byttet om i forhold til profilens datoformat (MM-DD-YYYY → "
        "DD-MM-YYYY): de fleste datoer, som profilens format ikke kan læse, kan læses den anden vej. Er det sådan, "
        "er hver dato med dag og måned begge højst 12 læst forkert (5. marts som 3. maj), og de andre er i "
        "karantæne. Er alle eksportens filer skrevet sådan, så ret date_formats i profilen; ellers eksportér denne "
        "fil igen i profilens format")
    assert swapped.message_en.startswith("the dates appear to have day and month the other way round from the "
                                         "profile's date format (MM-DD-YYYY → DD-MM-YYYY)")
    assert table.counts["swapped-date-format"] == 1
    used = table.frame.filter(~table.frame["_quarantine"])["date"]
    assert (used.len(), str(used.min()), str(used.max())) == (12, "2024-01-03", "2024-12-03")


def test_a_few_odd_dates_beside_them_do_not_hide_it(tmp_path: Path) -> None:
    # a real export holds dates no format reads (30 February, a word, an empty cell) and ISO dates
    days = [*_written(MARCH[:20], "%d-%m-%Y"), "30-02-2024", "ukendt", "", "2024-03-22"]
    assert [f.value for f in _found(_folder(tmp_path, "MM-DD-YYYY", days), "swapped-date-format")] == [
        "MM-DD-YYYY → DD-MM-YYYY"]
    # with only 13–15 March written the other way: three dates only it reads, and four it cannot read
    # (30 February, "ukendt" among them): three of seven is not most of them
    few = [*_written(MARCH[:15], "%d-%m-%Y"), "30-02-2024", "ukendt", "31-02-2024", "32-01-2024"]
    assert _found(_folder(tmp_path / "few", "MM-DD-YYYY", few), "swapped-date-format") == []


def test_each_file_and_sheet_is_named_with_its_own_way(tmp_path: Path) -> None:
    folder = _folder(tmp_path, "DD/MM/YYYY", _written(MARCH, "%d/%m/%Y"), name="crm_activities_1.csv")
    write_csv(folder, "crm_activities_2.csv", ACTIVITY_HEADER,
              [act(f"B{i}", day, "C9") for i, day in enumerate(_written(MARCH, "%m/%d/%Y"))])
    assert [(f.file, f.value) for f in _found(folder, "swapped-date-format")] == [
        ("crm_activities_2.csv", "DD/MM/YYYY → MM/DD/YYYY")]
    book = tmp_path / "book"
    _profile(book, "DD-MM-YYYY", files="crm_activities.xlsx", sheets=[{"name": "Aarhus"}, {"name": "Herning"}])
    header = ACTIVITY_HEADER.split(",")
    row = ["A", None, "C1", None, "F", "Skive", "drift", "individuel", None, None, None, None]
    _book(book / "crm_activities.xlsx", {
        "Aarhus": [header, *([f"A{i}", d, *row[2:]] for i, d in enumerate(_written(MARCH, "%d-%m-%Y")))],
        "Herning": [header, *([f"H{i}", d, *row[2:]] for i, d in enumerate(_written(MARCH, "%m-%d-%Y")))]})
    assert [(f.file, f.sheet, f.value) for f in _found(book, "swapped-date-format")] == [
        ("crm_activities.xlsx", "Herning", "DD-MM-YYYY → MM-DD-YYYY")]


def test_a_right_format_with_a_few_dates_typed_the_other_way_is_not_named(tmp_path: Path) -> None:
    # DD-MM-YYYY is right; three dates were typed the American way. 13–31 March are read only the
    # right way (19 dates), the three only the other way: no word beyond their bad-date
    days = [*_written(MARCH, "%d-%m-%Y"), "12-25-2024", "11-30-2024", "10-13-2024"]
    folder = _folder(tmp_path, "DD-MM-YYYY", days)
    assert [(f.code, f.row) for f in load_dataset(folder).activities.findings] == [
        ("bad-date", 33), ("bad-date", 34), ("bad-date", 35)]
    # a week's file of 1–7 March (read both ways) with one American date: one date tells nothing
    week = _folder(tmp_path / "week", "DD-MM-YYYY", [*_written(MARCH[:7], "%d-%m-%Y"), "03-15-2024"])
    assert [(f.code, f.row) for f in load_dataset(week).activities.findings] == [("bad-date", 9)]


def test_date_cells_and_iso_dates_tell_nothing(tmp_path: Path) -> None:
    # a workbook's date cells read both ways; one text date typed the other way is a bad date only
    book = tmp_path / "book"
    _profile(book, "DD-MM-YYYY", files="crm_activities.xlsx")
    header = ACTIVITY_HEADER.split(",")
    rest = ["C1", None, "F", "Skive", "drift", "individuel", None, None, None, None]
    _book(book / "crm_activities.xlsx", {"Ark1": [
        header, *([f"A{i}", d, *rest] for i, d in enumerate(MARCH)), ["A99", "12-25-2024", *rest]]})
    assert [(f.code, f.row) for f in load_dataset(book).activities.findings] == [("bad-date", 33)]
    # YYYY-MM-DD swapped would still read every ISO date (ISO is always read): not asked
    iso = _folder(tmp_path / "iso", "YYYY-MM-DD", [*_written(MARCH, "%Y-%d-%m")])
    assert _found(iso, "swapped-date-format") == []
    dotted = _folder(tmp_path / "dotted", "YYYY.MM.DD", [*_written(MARCH, "%Y.%d.%m")])
    assert [f.value for f in _found(dotted, "swapped-date-format")] == ["YYYY.MM.DD → YYYY.DD.MM"]


def test_dates_with_times_are_counted_by_their_day(tmp_path: Path) -> None:
    stamps = [f"{d.strftime('%d-%m-%Y')} {h:02d}:{m:02d}" for d in MARCH for h, m in ((9, 5), (14, 30))]
    assert [f.value for f in _found(_folder(tmp_path, "MM-DD-YYYY", stamps), "swapped-date-format")] == [
        "MM-DD-YYYY → DD-MM-YYYY"]


def test_dates_no_format_reads_are_not_named(tmp_path: Path) -> None:
    folder = _folder(tmp_path, "MM-DD-YYYY", ["05-03-2024", "marts 2024", "uge 12", "2024/13/45"])
    assert _found(folder, "swapped-date-format") == []
    assert [f.row for f in _found(folder, "bad-date")] == [3, 4, 5]


def test_a_serial_day_number_without_excel_says_how_it_is_read(tmp_path: Path) -> None:
    folder = _folder(tmp_path, "YYYY-MM-DD", ["2024-03-01", "45352", "45352.0", "4535"])
    bad = _found(folder, "bad-date")
    assert [(f.row, f.value) for f in bad] == [(3, "45352"), (4, "45352.0"), (5, "4535")]
    assert bad[0].message == ("ugyldig dato '45352' (ikke i datoformatet; kanonisk ÅÅÅÅ-MM-DD) (Excels dagnummer "
                              "for en dato? det læses, når date_formats i profilen nævner EXCEL og datoen ligger i "
                              "1900–2099)")
    assert bad[1].message_en.endswith("(Excel's day number of a date? it is read when date_formats in the profile "
                                      "names EXCEL and the date lies in 1900–2099)")
    assert "EXCEL" not in bad[2].message  # four digits: no day number of these years
    read = _folder(tmp_path / "excel", ["YYYY-MM-DD", "EXCEL"], ["2024-03-01", "45352", "45352.0"])
    assert _found(read, "bad-date") == []


def test_the_years_report_says_it_beside_the_figures_it_touches(tmp_path: Path) -> None:
    # the year's report (results JSON, pages, workbook) lists the file's warning with its bad dates;
    # 1–12 March read as 3 January … 3 December: twelve companies of the year, all of them counted
    data = _folder(tmp_path / "data", "MM-DD-YYYY", _written(MARCH, "%d-%m-%Y"))
    contract = write_contract(tmp_path, [target("T.reach", "distinct_companies", 1)])
    report = run(contract, data)
    assert report.targets[0].value == 12
    quality = report.data_quality
    assert {s.code: s.count for s in quality.summary} == {"swapped-date-format": 1, "bad-date": 19}
    assert [(f.code, f.file, f.value) for f in quality.findings if f.row is None] == [
        ("swapped-date-format", "crm_activities.csv", "MM-DD-YYYY → DD-MM-YYYY")]
