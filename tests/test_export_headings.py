"""A finding names its column as the export heads it (left on 7 December 2026, afternoon: "findings name
the canonical column (`date`, `company_id`), not the export's heading"). A director whose CRM heads its
columns "Dato", "Kunde-nr." and "Kommune" read "eksport-2024.csv:3 date: ugyldig dato" and had to map it
back through the profile. The results keep the canonical ``column`` (what a program reads) and each input's
own ``headings``; the terminal, the report page, the workbook and ``check-data --csv`` show the heading.

The folder, made by hand: one activities file headed in Danish (row 3 has the date "32-01-2024", row 4
the municipality "Aalbog", row 5 no company id), and a second file whose profile entry heads the date
"Mødedato" (row 2: "2024-13-01"); an unmapped column headed "date" (the canonical name, mapped to
nothing) is named as it stands. Evaluations are not exported.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import openpyxl
import polars as pl
import pytest
from click.testing import CliRunner
from helpers import MIDTJYLLAND

import hubmonitor
from hubmonitor.cli import main
from hubmonitor.render import terminal
from hubmonitor.render.html.site import build_site
from hubmonitor.render.workbook import workbook_bytes
from hubmonitor.report import Report

PROFILE = """document: profile
name: dansk
title: Dansk eksport
sources:
  activities:
    files: [{pattern: eksport-2024.csv}, {pattern: gammel-2024.csv, columns: {date: Mødedato}}]
    columns: {activity_id: Id, date: Dato, company_id: Kunde-nr., municipality: Kommune, segment: Segment,
              activity_type: Form, growth_programme: Vækst, referred: Henvist}
    absent: [cvr, company_name, topics, registered_at]
    separator: ";"
  evaluations: null
"""
ROWS = ["A1;2024-03-01;K1;Skive;drift;individuel;nej;nej;x", "A2;32-01-2024;K2;Skive;drift;individuel;nej;nej;x",
        "A3;2024-03-02;K3;Aalbog;drift;individuel;nej;nej;x", "A4;2024-03-03;;Skive;drift;individuel;nej;nej;x"]


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    here = tmp_path_factory.mktemp("headings")
    (here / "p.yaml").write_text(PROFILE, encoding="utf-8")
    (here / "eksport-2024.csv").write_text("Id;Dato;Kunde-nr.;Kommune;Segment;Form;Vækst;Henvist;date\n"
                                           + "\n".join(ROWS) + "\n", encoding="utf-8")
    (here / "gammel-2024.csv").write_text("Id;Mødedato;Kunde-nr.;Kommune;Segment;Form;Vækst;Henvist\n"
                                          "B1;2024-13-01;K9;Viborg;drift;individuel;nej;nej\n", encoding="utf-8")
    return here


@pytest.fixture(scope="module")
def report(folder: Path) -> Report:
    return hubmonitor.evaluate(MIDTJYLLAND, folder, profile=str(folder / "p.yaml"))


def test_the_results_keep_the_canonical_column_and_each_files_headings(report: Report) -> None:
    q = report.data_quality
    assert {i.file: i.headings for i in q.inputs} == {
        "eksport-2024.csv": {"activity_id": "Id", "date": "Dato", "company_id": "Kunde-nr.",
                             "municipality": "Kommune", "segment": "Segment", "activity_type": "Form",
                             "growth_programme": "Vækst", "referred": "Henvist"},
        "gammel-2024.csv": {"activity_id": "Id", "date": "Mødedato", "company_id": "Kunde-nr.",
                            "municipality": "Kommune", "segment": "Segment", "activity_type": "Form",
                            "growth_programme": "Vækst", "referred": "Henvist"}}
    assert sorted((f.file, f.row, f.column, f.code) for f in q.findings if f.severity == "quarantine") == [
        ("eksport-2024.csv", 3, "date", "bad-date"), ("eksport-2024.csv", 4, "municipality", "unknown-municipality"),
        ("eksport-2024.csv", 5, "company_id", "missing-company-id"), ("gammel-2024.csv", 2, "date", "bad-date")]


def test_the_terminal_names_the_exports_heading(report: Report) -> None:
    lines = [line.strip() for line in terminal.render(report, "da").splitlines()]
    assert [line.split(":", 2)[:2] for line in lines if line.startswith(("eksport-2024.csv:", "gammel-2024.csv:"))
            and not line.startswith(("eksport-2024.csv: ", "gammel-2024.csv: "))] == [
        ["eksport-2024.csv", "3 Dato"], ["eksport-2024.csv", "5 Kunde-nr."], ["eksport-2024.csv", "4 Kommune"],
        ["gammel-2024.csv", "2 Mødedato"], ["eksport-2024.csv", "2 Dato"]]  # the last: data-ends-early
    # a column of no field is named as it stands, even when it is spelt like a canonical column
    assert "eksport-2024.csv date: kolonnen 'date' svarer ikke til nogen kanonisk kolonne" in "\n".join(lines)


def test_the_page_and_the_workbook_name_the_exports_heading(report: Report) -> None:
    pages = build_site([report], lang="da", generated="2025-01-01", workbooks=False)
    page = next(c.decode("utf-8") for name, c in pages.items() if name.endswith("/rapport.html"))
    rows = re.findall(r'<tr><th class="label" scope="row">([^<]*)</th><td[^>]*>(\d*)</td><td><code>([^<]+)</code>'
                      r"</td><td>([^<]*)</td>", page)
    assert ("eksport-2024.csv", "3", "bad-date", "Dato") in rows and ("gammel-2024.csv", "2", "bad-date",
                                                                      "Mødedato") in rows
    assert ("eksport-2024.csv", "", "unmapped-column", "date") in rows
    sheet = openpyxl.load_workbook(io.BytesIO(workbook_bytes(report, "da")))["Datakvalitet"]
    cells = [[c.value for c in r] for r in sheet.iter_rows()]
    header = next(r for r in cells if r[0] == "Kode")
    found = [dict(zip(header, r, strict=False)) for r in cells[cells.index(header) + 1:] if r[0]]
    assert {(f["Fil"], f["Række"], f["Kolonne"]) for f in found if f["Kode"] == "bad-date"} == {
        ("eksport-2024.csv", 3, "Dato"), ("gammel-2024.csv", 2, "Mødedato")}


def test_check_data_names_it_in_the_json_and_the_csv(folder: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["check-data", str(folder), "--profile", str(folder / "p.yaml"),
                                       "--json", str(tmp_path / "q.json"), "--csv", str(tmp_path / "q.csv")])
    assert result.exit_code == 0, result.output
    assert "    eksport-2024.csv:4 Kommune: ukendt kommune 'Aalbog'" in result.stdout.splitlines()
    written = json.loads((tmp_path / "q.json").read_text(encoding="utf-8"))
    assert [i["headings"]["date"] for i in written["inputs"]] == ["Dato", "Mødedato"]
    assert {(f["row"], f["column"]) for f in written["quarantined"]} == {
        (3, "date"), (4, "municipality"), (5, "company_id"), (2, "date")}
    csv = (tmp_path / "q.csv").read_text(encoding="utf-8-sig").splitlines()
    assert [line.split(";")[1:5] for line in csv[1:]] == [
        ['"eksport-2024.csv"', '""', '"3"', '"bad-date (Dato)"'],
        ['"eksport-2024.csv"', '""', '"4"', '"unknown-municipality (Kommune)"'],
        ['"eksport-2024.csv"', '""', '"5"', '"missing-company-id (Kunde-nr.)"'],
        ['"gammel-2024.csv"', '""', '"2"', '"bad-date (Mødedato)"']]


def test_an_export_headed_canonically_writes_no_headings() -> None:
    from helpers import SAMPLE

    from hubmonitor.io.results_json import to_document

    document = to_document(hubmonitor.evaluate(MIDTJYLLAND, SAMPLE))
    assert all("headings" not in i for i in document["data_quality"]["inputs"])


def test_a_heading_wrapped_over_lines_and_a_reused_id_across_files(tmp_path: Path) -> None:
    """A review: an Excel heading wrapped in its cell ("Møde-\\ndato") was left out as if it were a company's
    data (the canonical name shown), and a reused id's "forskellige felter: date, municipality" named columns
    neither file has."""
    import xlsxwriter

    (tmp_path / "p.yaml").write_text(PROFILE.replace("{pattern: gammel-2024.csv, columns: {date: Mødedato}}",
                                                     "{pattern: gammel-2024.xlsx, columns: {date: 'Møde- dato'}}"),
                                     encoding="utf-8")
    (tmp_path / "eksport-2024.csv").write_text("Id;Dato;Kunde-nr.;Kommune;Segment;Form;Vækst;Henvist\n"
                                               "A1;2024-03-01;K1;Skive;drift;individuel;nej;nej\n", encoding="utf-8")
    book = xlsxwriter.Workbook(tmp_path / "gammel-2024.xlsx")
    sheet = book.add_worksheet("Data")
    for i, row in enumerate([["Id", "Møde-\ndato", "Kunde-nr.", "Kommune", "Segment", "Form", "Vækst", "Henvist"],
                             ["A1", "2024-03-02", "K1", "Viborg", "drift", "individuel", "nej", "nej"],
                             ["B2", "2024-02-30", "K2", "Viborg", "drift", "individuel", "nej", "nej"]]):
        sheet.write_row(i, 0, row)
    book.close()
    report = hubmonitor.evaluate(MIDTJYLLAND, tmp_path, profile=str(tmp_path / "p.yaml"))
    q = report.data_quality
    assert [i.headings["date"] for i in q.inputs if i.headings] == ["Dato", "Møde- dato"]
    lines = terminal.render(report, "da").splitlines()
    assert ("    gammel-2024.xlsx [Data]:3 Møde- dato: ugyldig dato '2024-02-30' (dagen findes ikke i kalenderen)"
            in lines)
    reused = [f for f in q.findings if f.code == "duplicate-id"]
    assert [(f.file, f.row, f.detail) for f in reused] == [
        ("eksport-2024.csv", 2, "den anden række: gammel-2024.xlsx [Data]:2; forskellige felter: Dato/Møde- dato, "
                                "Kommune"),
        ("gammel-2024.xlsx", 2, "den anden række: eksport-2024.csv:2; forskellige felter: Møde- dato/Dato, Kommune")]


def test_every_error_cell_of_a_row_and_one_column_giving_two_fields(tmp_path: Path) -> None:
    """A review: the CSV's reason "excel-error (Dato: #DIV/0!; municipality: #N/A)" named the first error cell
    by its heading only; and a column giving both company_id and cvr (a CRM without ids of its own) named
    company_id's findings canonically beside the CVR's by its heading."""
    from hubmonitor.io.canonical import _headed

    rows = pl.DataFrame({"file": ["x.xlsx"] * 3, "sheet": ["Data"] * 3, "row": [2, 3, 4],
                         "reasons": ["excel-error (date: #DIV/0!; municipality: #N/A)", "bad-date (date)",
                                     "bad-date (date)"]})
    headed = _headed(rows, {("x.xlsx", "Data"): {"date": "Dato", "municipality": "Kommune"}})
    assert headed["reasons"].to_list() == ["excel-error (Dato: #DIV/0!; Kommune: #N/A)", "bad-date (Dato)",
                                           "bad-date (Dato)"]
    (tmp_path / "p.yaml").write_text(PROFILE.replace("company_id: Kunde-nr.", "company_id: CVR-nr, cvr: CVR-nr")
                                     .replace("absent: [cvr, company_name", "absent: [company_name"), encoding="utf-8")
    (tmp_path / "eksport-2024.csv").write_text("Id;Dato;CVR-nr;Kommune;Segment;Form;Vækst;Henvist\n"
                                               "A1;2024-03-01;29401738;Skive;drift;individuel;nej;nej\n"
                                               "A2;2024-03-02;;Skive;drift;individuel;nej;nej\n", encoding="utf-8")
    (tmp_path / "gammel-2024.csv").write_text("Id;Mødedato;CVR-nr;Kommune;Segment;Form;Vækst;Henvist\n",
                                              encoding="utf-8")
    q = hubmonitor.evaluate(MIDTJYLLAND, tmp_path, profile=str(tmp_path / "p.yaml")).data_quality
    headings = next(i.headings for i in q.inputs if i.file == "eksport-2024.csv")
    assert headings is not None and (headings["company_id"], headings["cvr"]) == ("CVR-nr", "CVR-nr")
