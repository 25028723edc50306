"""A spreadsheet's totals row left in an export ("I alt" under each month's rows) is quarantined as
that, once (``totals-row``), not as a row missing its date, municipality, type and segment whose "id"
repeats in every file (a director's review found five findings per month's "I alt", eleven
duplicate-ids, and "I alt" masked as if it were a company's data). Its row is counted, as every row is.
The figures are those of the same data without the totals rows."""

from __future__ import annotations

import shutil
from pathlib import Path

from helpers import MIDTJYLLAND, SAMPLE

import hubmonitor
from hubmonitor.report import Report

TOTALS = "I alt,,,,,,,,,,"


def _split(folder: Path, totals: bool, extra: str = "") -> Path:
    """The sample with its 2024 activities in two files (the first half and the rest), each ended by a
    totals row when ``totals``."""
    shutil.copytree(SAMPLE, folder)
    year = folder / "crm_activities_2024.csv"
    header, *rows = year.read_text(encoding="utf-8").rstrip("\n").split("\n")
    year.unlink()
    half = len(rows) // 2
    for name, part in (("crm_activities_2024-h1.csv", rows[:half]), ("crm_activities_2024-h2.csv", rows[half:])):
        lines = [header, *part, *([TOTALS] if totals else []), *([extra] if extra and name.endswith("h2.csv") else [])]
        (folder / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def _counts(report: Report) -> dict[str, int]:
    return {s.code: s.count for s in report.data_quality.summary}


def test_a_totals_row_is_one_finding_and_moves_no_figure(tmp_path: Path) -> None:
    plain = hubmonitor.evaluate(MIDTJYLLAND, _split(tmp_path / "plain", totals=False))
    summed = hubmonitor.evaluate(MIDTJYLLAND, _split(tmp_path / "summed", totals=True))
    assert [(t.id, t.value, t.status) for t in summed.targets] == [(t.id, t.value, t.status) for t in plain.targets]
    counts = _counts(summed)
    assert counts.pop("totals-row") == 2 and counts == _counts(plain)  # nothing else found of them
    found = [f for f in summed.data_quality.findings if f.code == "totals-row"]
    assert [(f.file, f.column, f.value) for f in found] == [
        ("crm_activities_2024-h1.csv", None, "I alt"), ("crm_activities_2024-h2.csv", None, "I alt")]
    assert found[0].message == "rækken ligner en sumrække ('I alt' og ingen dato); den bruges ikke"
    assert found[0].row == len((tmp_path / "summed" / "crm_activities_2024-h1.csv").read_text().splitlines())
    # each file's row counted: one more read and quarantined than without it
    by_file = {i.file: i for i in summed.data_quality.inputs}
    plain_by_file = {i.file: i for i in plain.data_quality.inputs}
    for name in ("crm_activities_2024-h1.csv", "crm_activities_2024-h2.csv"):
        assert by_file[name].rows_read == plain_by_file[name].rows_read + 1
        assert by_file[name].quarantined == plain_by_file[name].quarantined + 1


def test_a_row_without_a_date_is_no_totals_row_for_a_name_like_total(tmp_path: Path) -> None:
    """Only a cell that is nothing but a totals word marks one: a company named "Total Byg ApS" on a row
    without a date is a row missing its date."""
    row = "Z1,,ACC-999998,,Total Byg ApS,Aarhus,drift,individuel,nej,nej,"
    report = hubmonitor.evaluate(MIDTJYLLAND, _split(tmp_path / "named", totals=False, extra=row))
    plain = hubmonitor.evaluate(MIDTJYLLAND, _split(tmp_path / "plain", totals=False))
    assert "totals-row" not in _counts(report)
    assert _counts(report)["missing-date"] == _counts(plain).get("missing-date", 0) + 1


def test_totals_rows_written_otherwise(tmp_path: Path) -> None:
    """The word in the date column (where "Dato" comes first), with the year after it, in upper case: one
    finding each (a second review found five); a real activity of a company named "Total" without a date
    keeps its missing date (its company id is there)."""
    rows = ["A9,I alt,,,,,,,,,", "I ALT 2024,,,,,,,,,,", "Total:,,,,,,,,,,",
            "I alt,,425,,,,,,,,",  # a count under the company id (a CRM's totals row: the director's export)
            "Z1,,FY-0001,,Total,Aarhus,drift,individuel,nej,nej,",
            "Z2,,77777,,Total,Aarhus,drift,individuel,nej,nej,"]  # a numeric id, and located: an activity
    plain = hubmonitor.evaluate(MIDTJYLLAND, _split(tmp_path / "plain", totals=False))
    report = hubmonitor.evaluate(MIDTJYLLAND, _split(tmp_path / "rows", totals=False, extra="\n".join(rows)))
    counts = _counts(report)
    assert counts.pop("totals-row") == 4
    assert counts.pop("missing-date") == _counts(plain).get("missing-date", 0) + 2  # the companies named Total
    assert counts == {code: n for code, n in _counts(plain).items() if code != "missing-date"}
    found = [f.value for f in report.data_quality.findings if f.code == "totals-row"]
    assert found == ["I alt", "I ALT 2024", "XXXXX:", "I alt"]  # (a company of the data is named "Total": masked)


def test_a_survey_tools_count_under_its_answers_is_a_totals_row(tmp_path: Path) -> None:
    """A survey tool's export ends with its count ("Antal respondenter: 1400"): quarantined once as a
    totals row, not as an answer missing its date and warned for its segment (a director's review of 7
    December 2026, evening). A cell "Antal virksomheder" (no count, another word) is no totals word."""
    folder = tmp_path / "data"
    shutil.copytree(SAMPLE, folder)
    answers = folder / "evaluations.csv"
    plain = hubmonitor.evaluate(MIDTJYLLAND, folder)
    header = answers.read_text(encoding="utf-8").split("\n", 1)[0]
    empty = "," * header.count(",")
    answers.write_text(answers.read_text(encoding="utf-8") + f"Antal respondenter: 1.400{empty}\n", encoding="utf-8")
    report = hubmonitor.evaluate(MIDTJYLLAND, folder)
    counts = _counts(report)
    assert counts.pop("totals-row") == 1 and counts == _counts(plain)
    assert [f.value for f in report.data_quality.findings if f.code == "totals-row"] == ["Antal respondenter: 1.400"]
    assert [(t.id, t.value) for t in report.targets] == [(t.id, t.value) for t in plain.targets]
