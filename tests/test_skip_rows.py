"""A survey tool's rows that are not answers ("Distribueret", "Delvist besvaret") left out by the profile
(``skip_rows``): a review of 7 December 2026 found them quarantined as rows without a date, the data
quality full of them and ``--strict`` failing on every survey export. Left out before anything is read of
them, counted per file and value (``skipped-rows``, information), not counted as read; the other rows keep
their own row numbers.

Made by hand: four answers, two of them "Meget tilfreds" (50 %), and three rows of people who did not
answer (two "Distribueret", one "delvist  besvaret", spelled in another case and spacing than the profile's).
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
import xlsxwriter
from helpers import EVALUATION_HEADER, ev, run, target, write_contract

from hubmonitor.errors import DataError
from hubmonitor.io.dataset import load_dataset

PROFILE = """document: profile
name: survey
title: Survey
sources:
  activities: null
  evaluations:
    files: ["survey*.{suffix}"]
    skip_rows: {{status: [Distribueret, Delvist besvaret]}}
"""
ANSWERS = [  # (line, status)
    (ev("R1", "2024-03-01", "C1", satisfaction="Meget tilfreds"), "Gennemført"),
    (",,C9,,,,,,,", "Distribueret"),
    (ev("R2", "2024-04-01", "C2", satisfaction="Tilfreds"), "Gennemført"),
    (",,C8,,,,,,,", "delvist  besvaret"),
    (ev("R3", "2024-05-01", "C3", satisfaction="Meget tilfreds"), "Gennemført"),
    (",,C7,,,,,,,", "Distribueret"),
    (ev("R4", "2024-13-01", "C4", satisfaction="Tilfreds"), "Gennemført"),  # a bad date: quarantined, row 8
    (ev("R5", "2024-06-01", "C5", satisfaction="Hverken/eller"), "Gennemført"),
]


def _folder(tmp_path: Path, suffix: str = "csv") -> Path:
    data = tmp_path / "data"
    data.mkdir()
    rows = [[*line.split(","), status] for line, status in ANSWERS]
    header = [*EVALUATION_HEADER.split(","), "Status"]
    if suffix == "csv":
        (data / "survey.csv").write_text("\n".join(",".join(r) for r in [header, *rows]) + "\n", encoding="utf-8")
    else:
        workbook = xlsxwriter.Workbook(data / "survey.xlsx")
        sheet = workbook.add_worksheet("Svar")
        for i, row in enumerate([header, *rows]):
            sheet.write_row(i, 0, row)
        workbook.close()
    (tmp_path / "p.yaml").write_text(PROFILE.format(suffix=suffix), encoding="utf-8")
    return data


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_the_rows_that_are_not_answers_are_left_out_and_counted(tmp_path: Path, suffix: str) -> None:
    data = _folder(tmp_path, suffix)
    table = load_dataset(data, profile=str(tmp_path / "p.yaml")).evaluations
    assert table.frame.sort("_row").select("_row", "response_id", "_quarantine").rows() == [
        (2, "R1", False), (4, "R2", False), (6, "R3", False), (8, "R4", True), (9, "R5", False)]
    skipped = [(f.code, f.severity, f.column, f.value, f.message, f.detail) for f in table.findings
               if f.code == "skipped-rows"]
    said = "rækkerne med {!r} er udeladt efter profilens skip_rows: de er ikke data og tælles ikke som læst"
    assert skipped == [
        ("skipped-rows", "info", "Status", "Distribueret", said.format("Distribueret"), "2 rækker"),
        ("skipped-rows", "info", "Status", "Delvist besvaret", said.format("Delvist besvaret"), "1 række")]
    assert {f.code for f in table.findings} == {"skipped-rows", "bad-date"}  # Status is no unmapped column


def test_the_figures_are_those_of_the_answers_and_the_accounting_adds_up(tmp_path: Path) -> None:
    data = _folder(tmp_path)
    contract = write_contract(tmp_path / "c", [target("T.sat", "share", 0.8, answer="satisfaction",
                                                       success=["Meget tilfreds"], min_answers=1)])
    (data / "hubmonitor.yaml").write_text(f"profile: {tmp_path / 'p.yaml'}\n", encoding="utf-8")
    report = run(contract, data)
    result, = report.targets
    assert (result.value, result.numerator, result.denominator) == (0.5, 2, 4)  # R1, R3 of R1, R2, R3, R5
    account, = (i for i in report.data_quality.inputs if i.file == "survey.csv")
    assert (account.rows_read, account.rows_used, account.quarantined) == (5, 4, 1)  # the 3 skipped not read


def test_a_file_without_the_heading_stops_the_run(tmp_path: Path) -> None:
    data = _folder(tmp_path)
    (tmp_path / "p.yaml").write_text(PROFILE.format(suffix="csv").replace("status:", "Svarstatus:"), encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_dataset(data, profile=str(tmp_path / "p.yaml"))
    assert caught.value.text("da") == (
        "survey.csv: mangler kolonnen 'Svarstatus', som profilen 'survey' springer rækker over efter (skip_rows)")


def test_the_files_accounting_says_the_rows_left_out_on_every_surface(tmp_path: Path) -> None:
    """A second review: the code's count was of findings ("skipped-rows: 2" for 750 rows), no total was given
    anywhere, and the report page showed one value's count of two. The count is of rows; each file's
    accounting has the rows left out beside it (terminal, page, workbook, JSON), only where there are any."""
    import json

    from click.testing import CliRunner

    from hubmonitor.cli import main

    data = _folder(tmp_path)
    (data / "hubmonitor.yaml").write_text(f"profile: {tmp_path / 'p.yaml'}\n", encoding="utf-8")
    contract = write_contract(tmp_path / "c", [target("T.sat", "share", 0.8, answer="satisfaction",
                                                       success=["Meget tilfreds"], min_answers=1)])
    out = tmp_path / "r.json"
    run = CliRunner().invoke(main, ["evaluate", str(contract), "--data", str(data), "--json", str(out)])
    assert run.exit_code == 0, run.output
    assert ("  survey.csv: 5 = 4 brugt + 1 i karantæne (heraf 1 uden læsbar dato) + 0 dubletter + 0 uden for\n"
            "    perioden; 3 rækker udeladt efter profilen (skip_rows, ikke læst)\n  bad-date (karantæne): 1\n"
            "  skipped-rows (information): 3\n") in run.stdout
    document = json.loads(out.read_text(encoding="utf-8"))
    survey, = (i for i in document["data_quality"]["inputs"] if i["file"] == "survey.csv")
    assert (survey["rows_read"], survey["skipped"]) == (5, 3)
    assert {"code": "skipped-rows", "severity": "info", "count": 3} in document["data_quality"]["summary"]
    assert all("skipped" not in i for i in document["data_quality"]["inputs"] if i["file"] != "survey.csv")
    pages = CliRunner().invoke(main, ["dashboard", str(out), "--out", str(tmp_path / "site")])
    assert pages.exit_code == 0, pages.output
    report = next((tmp_path / "site").glob("*/rapport.html")).read_text(encoding="utf-8")
    assert "Udeladt af profilen</th>" in report
    import fastexcel
    workbook = fastexcel.read_excel(next(p for p in (tmp_path / "site").glob("*.xlsx")
                                         if not p.name.startswith("national")))
    sheet = workbook.load_sheet("Datakvalitet").to_polars()
    assert sheet.columns[-1] == "Udeladt af profilen"
    assert sheet.filter(sheet["Fil"] == "survey.csv")[sheet.columns[-1]].to_list() == [3]


def test_a_row_the_reader_found_broken_is_quarantined_not_skipped(tmp_path: Path) -> None:
    """A second review: a ragged row whose status was "Distribueret" vanished as skipped; the reader's
    finding is kept (the row is quarantined and counted), and it is not counted as skipped."""
    data = _folder(tmp_path)
    survey = data / "survey.csv"
    survey.write_text(survey.read_text(encoding="utf-8").replace(",,C7,,,,,,,,Distribueret",
                                                                  ",,C7,,,,,,,,Distribueret,extra"), encoding="utf-8")
    table = load_dataset(data, profile=str(tmp_path / "p.yaml")).evaluations
    assert sorted((f.code, f.row, f.detail) for f in table.findings if f.code in ("ragged-row", "skipped-rows")) \
        == [("ragged-row", 7, None), ("skipped-rows", None, "1 række"), ("skipped-rows", None, "1 række")]
    assert table.skipped == {("survey.csv", None): 2}


@pytest.mark.parametrize(("skip", "said"), [
    ("{Status: [Distribueret], status: [x]}", "sources.evaluations.skip_rows.status: 'status' og 'Status' er samme "
     "overskrift (store/små bogstaver og mellemrum tæller ikke); skriv den én gang"),
    ("{satisfaction: [Tilfreds, Utilfreds]}", "sources.evaluations.skip_rows.satisfaction: 'satisfaction' er "
     "overskriften, satisfaction læses fra: rækker må ikke udelades efter en værdi, et mål regner med; giv en "
     "kolonne, der ikke er data (fx en status)"),
])
def test_a_heading_twice_or_one_a_target_reads_is_refused(tmp_path: Path, skip: str, said: str) -> None:
    """A second review: every answer but "Meget tilfreds" skipped gave 97,3 % "met"; a heading given twice
    counted its rows twice."""
    from hubmonitor.errors import ContractError
    from hubmonitor.profile.loader import load_profile

    path = tmp_path / "p.yaml"
    path.write_text(PROFILE.format(suffix="csv").replace("{{status: [Distribueret, Delvist besvaret]}}", skip)
                    .replace("{status: [Distribueret, Delvist besvaret]}", skip), encoding="utf-8")
    with pytest.raises(ContractError) as caught:
        load_profile(path)
    assert [p.text().split(" ", 1)[1] for p in caught.value.problems] == [said]


@pytest.mark.parametrize(("entry", "said"), [
    ('files: [{pattern: "survey*.csv", columns: {segment: Status}}]', "sources.evaluations.files[0].columns.segment"),
    ('files: ["survey*.xlsx"]\n    sheets: [{name: Svar, columns: {segment: [Gruppe, STATUS]}}]',
     "sources.evaluations.sheets[0].columns.segment"),
])
def test_a_files_or_sheets_own_column_read_from_the_skip_heading_is_refused(tmp_path: Path, entry: str,
                                                                             said: str) -> None:
    """Left on 7 December (afternoon): a file's own ``columns:`` reading the source's skip heading was refused
    only when the file was read (``shared-column``); it is refused when the profile is validated."""
    from hubmonitor.errors import ContractError
    from hubmonitor.profile.loader import load_profile

    (tmp_path / "p.yaml").write_text(PROFILE.format(suffix="csv").replace('files: ["survey*.csv"]', entry),
                                     encoding="utf-8")
    with pytest.raises(ContractError) as caught:
        load_profile(tmp_path / "p.yaml")
    assert [p.text().split(" ", 1)[1] for p in caught.value.problems] == [
        f"{said}: segment læses her fra {'STATUS' if 'STATUS' in entry else 'Status'!r}, som kildens skip_rows "
        "udelader rækker efter: rækker må ikke udelades efter en værdi, et mål regner med; giv filen sin egen "
        "skip_rows med en kolonne, der ikke er data (fx en status)"]


def test_a_heading_read_as_a_column_in_one_file_stops_the_run(tmp_path: Path) -> None:
    """The read checks it too: a sheet's own column name, where a file has its own skip_rows (which file the
    sheet is in is known at the read only), is found by the skip's heading."""
    data = _folder(tmp_path, "xlsx")
    (tmp_path / "p.yaml").write_text(PROFILE.format(suffix="xlsx").replace(
        'files: ["survey*.xlsx"]', 'files: ["survey*.xlsx", {pattern: "other*.xlsx", skip_rows: {Besvarelse: [x]}}]\n'
        '    sheets: [{name: Svar, columns: {segment: Status}}]'), encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_dataset(data, profile=str(tmp_path / "p.yaml"))
    assert caught.value.text("da") == (
        "survey.xlsx [Svar]: profilen 'survey' springer rækker over efter kolonnen 'Status' (skip_rows), som læses som "
        "segment: rækker må ikke udelades efter en værdi, et mål regner med; giv en kolonne, der ikke er data (fx en "
        "status)")


def test_a_files_own_skip_rows_reads_its_own_heading(tmp_path: Path) -> None:
    """A second review: last year's export named the status "Besvarelsesstatus", this year's "Status"; the
    source's skip_rows stopped every file that lacks one of them. A file's own ``skip_rows`` (under
    ``files:``) is read in place of the source's."""
    data = _folder(tmp_path)
    old = data / "survey-2023.csv"
    old.write_text((data / "survey.csv").read_text(encoding="utf-8").replace(",Status\n", ",Besvarelsesstatus\n")
                   .replace("2024-", "2023-"), encoding="utf-8")
    profile = PROFILE.format(suffix="csv").replace(
        'files: ["survey*.csv"]',
        'files: ["survey.csv", {pattern: survey-2023.csv, skip_rows: {Besvarelsesstatus: [Distribueret]}}]')
    (tmp_path / "p.yaml").write_text(profile, encoding="utf-8")
    table = load_dataset(data, profile=str(tmp_path / "p.yaml")).evaluations
    assert table.skipped == {("survey.csv", None): 3, ("survey-2023.csv", None): 2}
    assert sorted((f.file, f.column, f.value, f.detail) for f in table.findings if f.code == "skipped-rows") == [
        ("survey-2023.csv", "Besvarelsesstatus", "Distribueret", "2 rækker"),
        ("survey.csv", "Status", "Delvist besvaret", "1 række"), ("survey.csv", "Status", "Distribueret", "2 rækker")]
    # the 2023 file's partial answer is not skipped by its own rule: read, and quarantined for its empty date
    assert table.frame.filter(pl.col("_file") == "survey-2023.csv")["_quarantine"].sum() == 2


def test_a_row_two_headings_leave_out_is_counted_once(tmp_path: Path) -> None:
    """A third review: five rows matched by two headings gave "5 rækker udeladt" and ``skipped-rows``: 10."""
    data = _folder(tmp_path)
    survey = data / "survey.csv"
    lines = survey.read_text(encoding="utf-8").splitlines()
    survey.write_text("\n".join([lines[0] + ",Kanal", *(line + (",test" if "Distribueret" in line else ",web")
                                                       for line in lines[1:])]) + "\n", encoding="utf-8")
    (tmp_path / "p.yaml").write_text(PROFILE.format(suffix="csv").replace(
        "{status: [Distribueret, Delvist besvaret]}", "{status: [Distribueret, Delvist besvaret], Kanal: [test]}"),
        encoding="utf-8")
    table = load_dataset(data, profile=str(tmp_path / "p.yaml")).evaluations
    assert table.skipped == {("survey.csv", None): 3}
    assert table.counts["skipped-rows"] == 3
    assert sorted((f.column, f.value, f.detail) for f in table.findings if f.code == "skipped-rows") == [
        ("Status", "Delvist besvaret", "1 række"), ("Status", "Distribueret", "2 rækker")]  # Kanal: none of its own


def test_a_years_report_says_the_rows_left_out_of_its_own_files(tmp_path: Path) -> None:
    """Used as a director would (a running year, a folder of several years' survey files): the 2024 report
    counted the rows left out of every year's file (1.047 in a hub's folder where its own file's were 150)
    and listed another year's file among its findings. A year's report keeps the files its accounting
    covers; check-data keeps the folder's."""
    data = _folder(tmp_path)
    old = data / "survey-2023.csv"
    old.write_text((data / "survey.csv").read_text(encoding="utf-8").replace("2024-", "2023-"), encoding="utf-8")
    (data / "hubmonitor.yaml").write_text(f"profile: {tmp_path / 'p.yaml'}\n", encoding="utf-8")
    contract = write_contract(tmp_path / "c", [target("T.sat", "share", 0.8, answer="satisfaction",
                                                       success=["Meget tilfreds"], min_answers=1)])
    quality = run(contract, data).data_quality
    assert {s.code: s.count for s in quality.summary}["skipped-rows"] == 3
    assert {(f.file, f.value) for f in quality.findings if f.code == "skipped-rows"} == {
        ("survey.csv", "Distribueret"), ("survey.csv", "Delvist besvaret")}
    from hubmonitor.engine.quality import dataset_quality
    folder = dataset_quality(load_dataset(data))
    assert {s.code: s.count for s in folder.summary}["skipped-rows"] == 6
