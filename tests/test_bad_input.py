"""The bad-input corpus: every broken file gives a clear message or findings, never a traceback and
never a wrong figure; and every finding code has a fixture that produces it, at the right row.
"""

from __future__ import annotations

import io
import json
import random
import re
from pathlib import Path
from typing import Any

import pytest
import xlsxwriter
from click.testing import CliRunner
from helpers import ACTIVITY_HEADER, MIDTJYLLAND, act, complete, ev, load_folder, make_data, write_csv

from hubmonitor.cli import main
from hubmonitor.contract.loader import load_contract
from hubmonitor.engine.evaluate import evaluate
from hubmonitor.engine.quality import dataset_quality
from hubmonitor.findings import CODES, finding, impossible_day
from hubmonitor.render.privacy import finding_message
from hubmonitor.report import Finding


def write_xlsx(path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
    """A workbook; a cell given as ``("=FORMULA()", cached)`` is a formula with that saved value."""
    workbook = xlsxwriter.Workbook(path)
    for name, rows in sheets.items():
        sheet = workbook.add_worksheet(name)
        for i, row in enumerate(rows):
            for j, value in enumerate(row):
                if isinstance(value, tuple):
                    sheet.write_formula(i, j, value[0], None, value[1])
                elif value is not None:
                    sheet.write(i, j, value)
    workbook.close()
    return path


def _check(folder: Path, *args: str) -> tuple[int, str, str]:
    if "--profile" not in args:  # the canonical layout: the other source's file, header only
        complete(folder)
    result = CliRunner().invoke(main, ["check-data", str(folder), *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception  # no traceback
    return result.exit_code, result.stdout, result.stderr


def _error(folder: Path, *args: str) -> str:
    code, _, stderr = _check(folder, *args)
    assert code == 1
    return stderr


HEADER = ACTIVITY_HEADER.split(",")


# --- files that cannot be read at all: one clear message ------------------------------------

def test_wrong_separator_names_the_columns_it_looked_for(tmp_path: Path) -> None:
    write_csv(tmp_path, "crm_activities.csv", ACTIVITY_HEADER.replace(",", "|"),
              [act("A1", "2024-01-02", "C1").replace(",", "|")])
    assert re.fullmatch(r"Fejl \[missing-column\]: crm_activities\.csv: mangler kolonne\(r\) efter profilen "
                        r"'canonical': date \(prøvede 'date'\), company_id \(prøvede 'company_id'\); "
                        r"fandt 'activity_id\|date\|company_id.*\n",
                        _error(tmp_path))


def test_xlsx_without_the_sheets_the_profile_names(tmp_path: Path) -> None:
    write_xlsx(tmp_path / "escrm.xlsx", {"Ark1": [["a"], [1]], "Noter": [["b"]]})
    (tmp_path / "brugerevaluering.csv").write_text("Besvarelsesdato\n", encoding="utf-8")
    assert _error(tmp_path, "--profile", "escrm-excel") == (
        "Fejl [missing-sheet]: escrm.xlsx: intet ark hedder 'Møder' eller 'Moeder' (profilen 'escrm-excel'); "
        "projektmappen har 'Ark1', 'Noter'\n")


def test_a_text_file_named_xlsx(tmp_path: Path) -> None:
    (tmp_path / "crm_activities.xlsx").write_text(ACTIVITY_HEADER + "\n", encoding="utf-8")
    assert _error(tmp_path).startswith(
        "Fejl: crm_activities.xlsx: kan ikke læses som Excel-projektmappe (.xlsx)")


def test_a_strict_open_xml_workbook_is_refused_with_advice(tmp_path: Path) -> None:
    """Excel's "Strict Open XML Spreadsheet" names the same parts by other namespaces; our pass over the
    sheet's XML found no sheet and said "arket kan ikke læses: '2023'" (a review). Said what it is."""
    import zipfile

    plain = write_xlsx(tmp_path / "plain.xlsx", {"2023": [HEADER, act("A1", "2024-01-02", "C1").split(",")]})
    strict = {"http://schemas.openxmlformats.org/spreadsheetml/2006/main": "http://purl.oclc.org/ooxml/spreadsheetml/main",
              "http://schemas.openxmlformats.org/officeDocument/2006/relationships":
                  "http://purl.oclc.org/ooxml/officeDocument/relationships"}
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(tmp_path / "crm_activities.xlsx", "w") as target:
        for item in source.infolist():
            data = source.read(item)
            for old, new in strict.items():
                data = data.replace(old.encode(), new.encode())
            target.writestr(item, data)
    plain.unlink()
    assert _error(tmp_path) == ("Fejl: crm_activities.xlsx: er gemt som »Strict Open XML-regneark«, som hubmonitor "
                                "ikke læser; gem den i Excel som »Excel-projektmappe (*.xlsx)«\n")


def test_merged_cells_in_the_data_area_are_said(tmp_path: Path) -> None:
    """A report-style workbook merges each company's cells down over its rows; only the top cell holds the
    value, so the rows under it were quarantined as missing a company id with no word of why (a review:
    317 rows). A warning names the sheet, the topmost merge and how many more; a merge in the title rows
    above the header, or across one row only, is not the data's."""
    import xlsxwriter

    path = tmp_path / "crm_activities.xlsx"
    workbook = xlsxwriter.Workbook(path)
    sheet = workbook.add_worksheet("2024")
    sheet.merge_range(0, 0, 0, 3, "Aktiviteter 2024")  # a title across four columns: row 1 only
    sheet.write_row(1, 0, HEADER)
    for i, row in enumerate([act("A1", "2024-01-02", "C1"), act("A2", "2024-01-03", ""), act("A3", "2024-01-04", ""),
                             act("A4", "2024-02-01", "C2"), act("A5", "2024-02-02", "")], start=2):
        sheet.write_row(i, 0, row.split(","))
    sheet.merge_range(2, 2, 4, 2, "C1")  # C3:C5, the company id of A1–A3
    sheet.merge_range(5, 2, 6, 2, "C2")  # C6:C7
    sheet.merge_range(5, 6, 5, 7, "drift")  # G6:H6: one row, across two columns
    sheet.write(1, len(HEADER), "Konsulent")  # a column no canonical one is read from, merged down: not the data's
    sheet.merge_range(2, len(HEADER), 6, len(HEADER), "Ida")
    workbook.close()
    (tmp_path / "p.yaml").write_text("document: profile\nname: p\ntitle: P\nsources:\n  activities:\n"
                                     "    files: crm_activities.xlsx\n    header_row: 2\n", encoding="utf-8")
    complete(tmp_path)
    table = load_folder(tmp_path, profile=str(tmp_path / "p.yaml")).activities
    merged = [f for f in table.findings if f.code == "merged-cells"]
    assert [(f.severity, f.sheet, f.row, f.value) for f in merged] == [("warning", "2024", 3, "C3:C5 +1")]
    assert merged[0].message.startswith("arket har flettede celler i dataområdet (C3:C5 +1): kun den øverste celle")
    assert table.counts["missing-company-id"] == 3  # the rows themselves as before: said, not mended
    # the references written with single quotes and spaces, as some writers do (a second review: not found)
    import zipfile

    written = path.read_bytes()
    with zipfile.ZipFile(tmp_path / "plain.xlsx", "w") as plain, zipfile.ZipFile(io.BytesIO(written)) as source:
        for item in source.infolist():
            data = source.read(item)
            plain.writestr(item, re.sub(rb'ref="([A-Z0-9:]+)"', rb"ref = '\1'", data) if b"mergeCell" in data else data)
    (tmp_path / "plain.xlsx").replace(path)
    table = load_folder(tmp_path, profile=str(tmp_path / "p.yaml")).activities
    assert [(f.row, f.value) for f in table.findings if f.code == "merged-cells"] == [(3, "C3:C5 +1")]


def test_old_xls_is_refused_with_advice(tmp_path: Path) -> None:
    (tmp_path / "escrm.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    (tmp_path / "hubmonitor.yaml").write_text("profile: p.yaml\n", encoding="utf-8")
    (tmp_path / "p.yaml").write_text("document: profile\nname: p\ntitle: P\nsources:\n  activities:\n"
                                     "    files: '*.xls'\n", encoding="utf-8")
    assert _error(tmp_path) == ("Fejl: escrm.xls: det gamle .xls-format læses ikke; gem filen som .xlsx i Excel\n")


# --- files that can be read: findings, the right rows, nothing lost -------------------------

def test_truncated_csv_last_row_is_quarantined_not_guessed(tmp_path: Path) -> None:
    data = make_data(tmp_path, activities=[act("A1", "2024-01-02", "C1"), "A2,2024-01-03,C2,,Fir"])
    table = load_folder(data).activities
    assert [(f.code, f.row) for f in table.findings if f.severity == "quarantine"] == [
        ("missing-municipality", 3), ("missing-activity-type", 3)]
    assert table.usable().get_column("activity_id").to_list() == ["A1"]


def test_mixed_encodings_in_one_file(tmp_path: Path) -> None:
    utf8 = (ACTIVITY_HEADER + "\n" + act("A1", "2024-01-02", "C1", "Ringkøbing-Skjern") + "\n").encode("utf-8")
    cp1252 = (act("A2", "2024-01-03", "C2", "Ringkøbing-Skjern") + "\n").encode("cp1252")
    (tmp_path / "crm_activities.csv").write_bytes(utf8 + cp1252)
    table = load_folder(tmp_path).activities
    assert table.frame.get_column("municipality").to_list() == ["Ringkøbing-Skjern", "Ringkøbing-Skjern"]
    assert [(f.code, f.row) for f in table.findings] == [("mixed-encoding", 3)]
    assert not table.frame.get_column("_quarantine").any()


def test_garbage_rows_are_counted_in_full_and_sampled(tmp_path: Path) -> None:
    rng = random.Random(4)
    alphabet = "abcæøå0123456789 -;:/<>&\"'"
    lines = [",".join("".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12))).replace('"', "")
                      for _ in range(11)) for _ in range(100_000)]
    write_csv(tmp_path, "crm_activities.csv", ACTIVITY_HEADER, lines)
    code, stdout, _ = _check(tmp_path, "--json", str(tmp_path.parent / f"{tmp_path.name}-q.json"))
    assert code == 0
    assert "crm_activities.csv: 100.000 = 0 brugt + 100.000 i karantæne + 0 dubletter" in stdout
    doc = json.loads((tmp_path.parent / f"{tmp_path.name}-q.json").read_text(encoding="utf-8"))
    assert doc["quarantined_total"] >= 100_000  # each row has at least one reason, counted in full
    per_code = {s["code"]: s["count"] for s in doc["summary"]}
    assert per_code["bad-date"] + per_code.get("missing-date", 0) == 100_000
    listed = [q for q in doc["quarantined"] if q["code"] == "bad-date"]
    assert len(listed) == doc["sample_per_code"] == 50


def test_formulas_give_their_saved_value_and_na_cells_are_quarantined(tmp_path: Path) -> None:
    write_xlsx(tmp_path / "crm_activities.xlsx", {"Ark1": [
        HEADER,
        ["A1", "2024-01-02", "C1", None, "F", ("=750+1", 751), "drift", "individuel", None, None, None],
        ["A2", "2024-01-03", "C2", None, "F", "Skive", "drift", "individuel", None, ("=NA()", "#N/A"), None],
        ["A3", "2024-01-04", "C3", None, "F", ("=VLOOKUP(1,X:Y,2)", "#N/A"), "drift", "individuel", 1, 0, None],
    ]})
    table = load_folder(tmp_path).activities
    assert [(f.code, f.sheet, f.row, f.column, f.value) for f in table.findings] == [
        ("excel-error", "Ark1", 3, "referred", "#N/A"),
        ("excel-error", "Ark1", 4, "municipality", "#N/A"),
    ]
    assert table.usable().select("activity_id", "municipality").rows() == [("A1", "Aarhus")]


def test_script_in_a_cell_is_data_not_markup(tmp_path: Path) -> None:
    data = make_data(tmp_path, activities=[act("A1", "2024-01-02", "C1", "<script>alert(1)</script>")])
    table = load_folder(data).activities
    assert [(f.code, f.value, f.message) for f in table.findings] == [
        ("unknown-municipality", "<script>alert(1)</script>", "ukendt kommune '<script>alert(1)</script>'")]


def test_numbers_stored_as_numbers_in_excel_come_back_as_codes(tmp_path: Path) -> None:
    write_xlsx(tmp_path / "crm_activities.xlsx", {"Data": [
        [], [],  # two blank rows on top: the header is on Excel row 3
        HEADER,
        ["A1", "2024-01-02", "C1", 12345674, "F", 751.0, "drift", "individuel", "ja", True, "grøn"],
        [None] * 11,  # a blank row is skipped
        ["A2", "2024-01-02", "C2", 1234567.0, "F", 779, "drift", "individuel", 0, False, None],
    ]})
    table = load_folder(tmp_path).activities
    assert table.frame.select("_row", "cvr", "municipality", "growth_programme", "referred").rows() == [
        (4, "12345674", "Aarhus", True, True), (6, "1234567", "Skive", False, False)]
    # the CVR number is masked in the finding (company data), 7 digits and no ".0"
    assert [(f.code, f.row, f.value) for f in table.findings] == [("bad-cvr-format", 6, "#######")]


def test_several_files_and_sheets_are_concatenated(tmp_path: Path) -> None:
    sheet = [HEADER, ["A1", "2024-01-02", "C1", None, "F", "Skive", "drift", "individuel", None, None, None]]
    write_xlsx(tmp_path / "crm_activities_a.xlsx", {"Første": sheet, "Anden": [HEADER]})
    write_csv(tmp_path, "crm_activities_b.csv", ACTIVITY_HEADER, [act("B1", "2024-01-02", "C2")])
    table = load_folder(tmp_path).activities
    assert table.files == [("crm_activities_a.xlsx", "Første"), ("crm_activities_b.csv", None)]
    assert table.frame.select("_file", "_sheet", "_row", "activity_id").rows() == [
        ("crm_activities_a.xlsx", "Første", 2, "A1"), ("crm_activities_b.csv", None, 2, "B1")]
    assert [(f.code, f.value) for f in table.findings] == [("unread-sheet", "Anden")]



def test_duplicates_are_found_across_files_typed_one_at_a_time(tmp_path: Path) -> None:
    # Each file is typed and let go before the next is read; copies and reused ids span files.
    write_csv(tmp_path, "crm_activities_a.csv", ACTIVITY_HEADER, [
        act("A1", "2024-01-02", "C1"), act("A2", "2024-01-02", "C2"), act("A3", "31-02-2024", "C3")])
    write_csv(tmp_path, "crm_activities_b.csv", ACTIVITY_HEADER, [
        act("A4", "2024-01-05", "C4"), act("A1", "2024-01-02", "C1"), act("A2", "2024-01-03", "C2"),
        act("A5", "2024-13-01", "C5")])
    table = load_folder(tmp_path).activities
    flags = table.frame.select("_file", "_row", "activity_id", "_quarantine", "_duplicate").rows()
    assert flags == [
        ("crm_activities_a.csv", 2, "A1", False, False), ("crm_activities_a.csv", 3, "A2", False, False),
        ("crm_activities_a.csv", 4, "A3", True, False), ("crm_activities_b.csv", 2, "A4", False, False),
        ("crm_activities_b.csv", 3, "A1", False, True), ("crm_activities_b.csv", 4, "A2", False, False),
        ("crm_activities_b.csv", 5, "A5", True, False)]
    assert [(f.code, f.file[-5:], f.row, f.value) for f in table.findings] == [
        ("bad-date", "a.csv", 4, "31-02-2024"), ("bad-date", "b.csv", 5, "2024-13-01"),  # in file order
        ("duplicate-row", "b.csv", 3, "X#"),  # the id of a copy is masked (the rows say which)
        ("duplicate-id", "a.csv", 3, "X#"), ("duplicate-id", "b.csv", 4, "X#")]
    assert table.counts == {"bad-date": 2, "duplicate-row": 1, "duplicate-id": 2}
    # 31 February is a day of no calendar, not a date in another format; month 13 is neither (a review:
    # "ikke i datoformatet" sent a director to correct a profile that was right)
    assert [f.message for f in table.findings[:2]] == [
        "ugyldig dato '31-02-2024' (dagen findes ikke i kalenderen)",
        "ugyldig dato '2024-13-01' (ikke i datoformatet; kanonisk ÅÅÅÅ-MM-DD)"]
    assert table.findings[0].message_en == "invalid date '31-02-2024' (no such day in the calendar)"
    assert table.quarantined_rows is not None
    assert table.quarantined_rows.select("file", "row", "date").rows() == [
        ("crm_activities_a.csv", 4, "31-02-2024"), ("crm_activities_b.csv", 5, "2024-13-01")]
    assert table.usable().get_column("activity_id").to_list() == ["A1", "A2", "A4", "A2"]


def test_a_row_is_a_copy_only_if_every_cell_is_the_same(tmp_path: Path) -> None:
    # Rows are compared by a hash per cell: values swapped between two columns make a different row
    # (a reused id), not a copy. A typed cell is compared as read: no topic written "" or " ", yes
    # written "x" or "Ja", a municipality by code or name, are the same (a review found a month exported
    # twice with other spellings counted twice); a text cell (the name) as written.
    write_csv(tmp_path, "crm_activities.csv", ACTIVITY_HEADER, [
        act("A1", "2024-01-02", "C1", name="C2"), act("A1", "2024-01-02", "C2", name="C1"),
        act("A2", "2024-01-02", "C3", topics=""), act("A2", "2024-01-02", "C3", topics=" "),
        act("A3", "2024-01-02", "C4"), act("A3", "2024-01-02", "C4"),
        act("A4", "2024-01-02", "C5", "Køge", growth="Ja", cvr="12345674"),
        act("A4", "2024-01-02", "C5", "259", growth="x", cvr="12 34 56 74"),
        act("A5", "2024-01-02", "C6", name="Firma A"), act("A5", "2024-01-02", "C6", name="FIRMA A")])
    table = load_folder(tmp_path).activities
    assert table.counts == {"duplicate-id": 4, "duplicate-row": 3}
    assert table.frame.filter("_duplicate").select("_row", "activity_id").rows() == [(5, "A2"), (7, "A3"), (9, "A4")]


def test_cvr_format_means_eight_ascii_digits(tmp_path: Path) -> None:
    cvrs = ["12345674", "12345674.0", "+2345674", "١٢٣٤٥٦٧٤", "１２３４５６７４", "1234567", "12345675", ""]
    write_csv(tmp_path, "crm_activities.csv", ACTIVITY_HEADER, [
        act(f"A{i}", "2024-01-02", f"C{i}", cvr=cvr) for i, cvr in enumerate(cvrs)])
    table = load_folder(tmp_path).activities
    assert [(f.code, f.row) for f in table.findings] == [
        ("bad-cvr-format", 4), ("bad-cvr-format", 5), ("bad-cvr-format", 6), ("bad-cvr-format", 7),
        ("bad-cvr-checksum", 8)]
    assert table.frame.get_column("cvr").to_list()[:2] == ["12345674", "12345674"]

def test_a_cvr_number_in_groups_or_as_the_vat_number_is_its_eight_digits(tmp_path: Path) -> None:
    """A review: 790 cells of a real export ("12 34 56 78", "DK12345678") were "not 8 digits"."""
    cvrs = ["12 34 56 74", "1234-5674", "12.34.56.74", "DK12345674", "dk-12 34 56 74", "123 456 74",
            "12 34 56 7", "DK1234567", "12-34-56-745"]
    write_csv(tmp_path, "crm_activities.csv", ACTIVITY_HEADER, [
        act(f"A{i}", "2024-01-02", f"C{i}", cvr=cvr) for i, cvr in enumerate(cvrs)])
    table = load_folder(tmp_path).activities
    assert table.frame.get_column("cvr").to_list()[:6] == ["12345674"] * 6
    assert [(f.code, f.row) for f in table.findings] == [("bad-cvr-format", 8), ("bad-cvr-format", 9),
                                                          ("bad-cvr-format", 10)]


# --- one fixture per finding code -------------------------------------------------------------

def _acts(*lines: str) -> dict[str, Any]:
    return {"activities": [act("OK1", "2024-02-01", "C0"), *lines]}


def _evs(*lines: str) -> dict[str, Any]:
    return {"evaluations": [ev("OK1"), *lines]}


# code -> (data written by make_data, or a callable that writes the folder; expected (column, row))
ROW_CASES: dict[str, tuple[Any, tuple[str | None, int | None]]] = {
    "bad-date": (_acts(act("A1", "02-30-2024", "C1")), ("date", 3)),
    "missing-date": (_acts(act("A1", "", "C1")), ("date", 3)),
    "missing-company-id": (_acts(act("A1", "2024-01-02", "")), ("company_id", 3)),
    "unknown-municipality": (_acts(act("A1", "2024-01-02", "C1", "Atlantis")), ("municipality", 3)),
    "missing-municipality": (_acts(act("A1", "2024-01-02", "C1", "")), ("municipality", 3)),
    "unknown-segment": (_acts(act("A1", "2024-01-02", "C1", segment="stor")), ("segment", 3)),
    "unknown-activity-type": (_acts(act("A1", "2024-01-02", "C1", kind="webinar")), ("activity_type", 3)),
    "missing-activity-type": (_acts(act("A1", "2024-01-02", "C1", kind=" ")), ("activity_type", 3)),
    "bad-boolean": (_acts(act("A1", "2024-01-02", "C1", referred="måske")), ("referred", 3)),
    "unknown-answer": (_evs(ev("R1", satisfaction="Glad")), ("satisfaction", 3)),
    "bad-nps": (_evs(ev("R1", nps="11")), ("nps", 3)),
    "duplicate-row": (_acts(act("A1", "2024-01-02", "C1"), act("A1", "2024-01-02", "C1")), (None, 4)),
    "duplicate-id": (_acts(act("A1", "2024-01-02", "C1"), act("A1", "2024-01-03", "C1")), ("activity_id", 3)),
    "missing-segment": (_evs(ev("R1", segment="")), ("segment", 3)),
    "bad-cvr-checksum": (_acts(act("A1", "2024-01-02", "C1", cvr="12345678")), ("cvr", 3)),
    "bad-cvr-format": (_acts(act("A1", "2024-01-02", "C1", cvr="1234-567")), ("cvr", 3)),
    "unknown-topic": (_evs(ev("R1", topics="klima")), ("topics", 3)),
    # a stray field, a NUL byte: the row is quarantined (the finding names no column: the whole row), not the file
    "ragged-row": (_acts(act("A1", "2024-01-02", "C1") + ",extra"), (None, 3)),
    "nul-byte": (_acts(act("A1", "2024-01-02", "C1", name="Fir\x00ma")), (None, 3)),
    # a spreadsheet's totals row left in the export: that finding alone (a director's review)
    "totals-row": (_acts("I alt,,,,,,,,,,"), (None, 3)),
}


def _write_mixed(folder: Path) -> None:
    (folder / "crm_activities.csv").write_bytes(
        (ACTIVITY_HEADER + "\n" + act("A1", "2024-01-02", "C1", "Århus") + "\n").encode("utf-8")
        + (act("A2", "2024-01-02", "C2", "Århus") + "\n").encode("cp1252"))


def _write_excel_error(folder: Path) -> None:
    write_xlsx(folder / "crm_activities.xlsx", {"Ark1": [
        HEADER, ["A1", "2024-01-02", "C1", None, "F", "Skive", "drift", "individuel", None, None, None],
        ["A2", "2024-01-02", "C2", None, "F", ("=NA()", "#N/A"), "drift", "individuel", None, None, None]]})


def _write_unread_sheet(folder: Path) -> None:
    write_xlsx(folder / "crm_activities.xlsx", {"Ark1": [HEADER], "Ark2": [["x"]]})


def _write_merged_cells(folder: Path) -> None:
    import xlsxwriter

    workbook = xlsxwriter.Workbook(folder / "crm_activities.xlsx")
    sheet = workbook.add_worksheet("Ark1")
    sheet.write_row(0, 0, HEADER)
    sheet.write_row(1, 0, ["A1", "2024-01-02", "C1", None, None, "Skive", "drift", "individuel"])
    sheet.write_row(2, 0, ["A2", "2024-01-03", "C2", None, None, "Skive", "drift", "individuel"])
    sheet.merge_range(1, 4, 2, 4, "Firma")  # the company name of both rows: E2:E3
    workbook.close()


def _write_unmapped_column(folder: Path) -> None:
    write_csv(folder, "crm_activities.csv", ACTIVITY_HEADER + ",Medarbejder", [act("A1", "2024-01-02", "C1") + ",Ida"])


def _write_namesake_column(folder: Path) -> None:
    # the municipality twice, the second in capitals: the one written as the profile is read
    write_csv(folder, "crm_activities.csv", ACTIVITY_HEADER + ",MUNICIPALITY",
              [act("A1", "2024-01-02", "C1") + ",Skive"])


FILE_CASES = {
    "mixed-encoding": (_write_mixed, (None, 3)),
    "unmapped-column": (_write_unmapped_column, ("Medarbejder", None)),
    "namesake-column": (_write_namesake_column, ("MUNICIPALITY", None)),
    "excel-error": (_write_excel_error, ("municipality", 3)),
    "unread-sheet": (_write_unread_sheet, (None, None)),
    "merged-cells": (_write_merged_cells, (None, 2)),
}
CONTRACT_CASES = {"outside-hub", "unknown-milestone-municipality",  # need a contract: below
                  "milestone-outside-hub", "milestone-without-municipality",
                  "data-ends-early", "data-ends-before-as-of", "dated-after-today",  # tests/test_running_year.py
                  "after-data-date",  # tests/test_running_year.py
                  "planned-at-export",
                  "compared-year-ends-early", "compared-year-starts-late",  # tests/test_compared_year.py
                  "company-id-in-folders"}  # needs two folders: tests/test_national_scope.py
SCHEMA_CASES = {"bad-number", "bad-datetime", "unknown-value"}  # columns a data: block adds: test_schema, test_exports
PROFILE_CASES = {"unlisted-sheet", "alternative-sheet",  # a profile naming sheets: tests/test_hostile_sheets.py
                 "swapped-date-format",  # a profile's date format: tests/test_swapped_dates.py
                 "skipped-rows"}  # a profile's rows that are not data: tests/test_skip_rows.py
COPY_CASES = {"overlapping-export"}  # needs many copied rows (and so their duplicate-row): test_duplicate_details.py


def test_every_finding_code_has_a_fixture() -> None:
    assert set(ROW_CASES) | set(FILE_CASES) | CONTRACT_CASES | SCHEMA_CASES | PROFILE_CASES | COPY_CASES == set(CODES)


def _first(findings: list[Finding], code: str) -> Finding:
    mine = [f for f in findings if f.code == code]
    assert len(mine) == (2 if code == "duplicate-id" else 1), findings  # duplicate-id: both rows
    assert [f.code for f in findings if f.code != code] == [], findings  # and nothing else
    return mine[0]


@pytest.mark.parametrize("code", sorted(ROW_CASES) + sorted(FILE_CASES))
def test_each_code_is_found_at_its_row(tmp_path: Path, code: str) -> None:
    setup, (column, row) = ROW_CASES.get(code) or FILE_CASES[code]
    if callable(setup):
        setup(tmp_path)
    else:
        make_data(tmp_path, **setup)
    dataset = load_folder(tmp_path)
    found = _first([*dataset.activities.findings, *dataset.evaluations.findings], code)
    assert (found.column, found.row, found.severity) == (column, row, CODES[code][0])
    assert found.message and found.message_en
    for item in dataset_quality(dataset).inputs:  # every row of every file is accounted for
        if item.file.endswith(".csv"):
            lines = (tmp_path / item.file).read_bytes().splitlines()
            assert item.rows_read == len(lines) - 1
        if not item.rows_read:  # the other source's header-only file
            continue
        assert item.quarantined == (1 if CODES[code][0] == "quarantine" else 0)
        assert item.duplicates == (1 if code == "duplicate-row" else 0)


def test_contract_level_codes(tmp_path: Path) -> None:
    data = make_data(tmp_path, activities=[act("A1", "2024-01-02", "C1", "Odense")],
                     external="milestones:\n  municipal_presentations:\n"
                              "    - {municipality: Atlantis, date: 2024-03-04}\n")
    # the one company is outside the hub: evaluated anyway, its row an outside-hub warning
    report = evaluate(load_contract(MIDTJYLLAND), load_folder(data), allow_outside_hub=True)
    codes = {(f.code, f.row, f.value) for f in report.data_quality.findings}
    assert ("outside-hub", 2, "Odense") in codes
    assert ("unknown-milestone-municipality", 3, "Atlantis") in codes  # (the item's line)


def test_a_milestone_item_that_does_not_count_is_said_at_its_line(tmp_path: Path) -> None:
    """Of a milestone counting the hub's municipalities, an item naming a municipality outside the hub
    or none at all is not counted, and said so where it stands (a review: Aarhus and Odense in
    Sydjylland's presentations were dropped without a word, and the unknown one named no line)."""
    external = ("milestones:\n  municipal_presentations:\n"
                "    - {municipality: Aarhus, date: 2024-02-04}\n"  # line 3: counted
                "    - {municipality: Odense, date: 2024-03-10}\n"  # 4: Syddanmark's
                "    - {municipality: ' 751 ', date: 2024-03-11}\n"  # 5: Aarhus by its code, again
                "    - {municipality: Sydby, date: 2024-04-10}\n"  # 6: no such municipality
                "    - 2024-05-10\n"  # 7: a date alone
                "    - {municipality: København, date: 2023-12-31}\n")  # 8: before the year: not looked at
    data = make_data(tmp_path, activities=[act("A1", "2024-01-02", "C1")], external=external)
    report = evaluate(load_contract(MIDTJYLLAND), load_folder(data))
    presentations = next(t for t in report.targets if t.id == "M4.municipal_presentations")
    assert (presentations.value, presentations.numerator, presentations.denominator) == (1, 1, 19)
    found = [(f.code, f.file, f.row, f.column, f.value) for f in report.data_quality.findings
             if f.file == "external-2024.yaml"]
    column = "milestones.municipal_presentations"
    assert sorted(found, key=lambda f: f[2]) == [
        ("milestone-outside-hub", "external-2024.yaml", 4, column, "Odense"),
        ("unknown-milestone-municipality", "external-2024.yaml", 6, column, "Sydby"),
        ("milestone-without-municipality", "external-2024.yaml", 7, column, None)]
    messages = {f.code: f.message for f in report.data_quality.findings}
    assert messages["milestone-outside-hub"] == ("Odense i milepælen ligger uden for erhvervshusets kommuner og "
                                                 "tæller ikke med")


def test_error_cells_are_found_across_chunks_and_offset_columns(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    import hubmonitor.io.xlsx as xlsx

    monkeypatch.setattr(xlsx, "_CHUNK", 97)  # the sheet XML arrives in many small pieces
    workbook = xlsxwriter.Workbook(tmp_path / "crm_activities.xlsx")
    sheet = workbook.add_worksheet("Ark1")
    sheet.write_row(1, 2, HEADER)  # the table starts at C2: calamine's columns and rows are shifted
    for i in range(40):
        sheet.write_row(2 + i, 2, [f"A{i}", "2024-01-02", f"C{i}", None, "F", "Skive", "drift", "individuel"])
    sheet.write_formula(30, 2 + HEADER.index("referred"), "=NA()", None, "#N/A")
    workbook.close()
    table = load_folder(tmp_path).activities
    assert [(f.code, f.row, f.column, f.value) for f in table.findings] == [("excel-error", 31, "referred", "#N/A")]
    assert table.frame.filter("_quarantine").get_column("activity_id").to_list() == ["A28"]
    assert table.frame.height == 40


def test_header_only_non_ascii_windows_1252_is_detected(tmp_path: Path) -> None:
    header = ACTIVITY_HEADER.replace("company_name", "Firmanavn_Vækst")  # the only non-ASCII byte
    (tmp_path / "crm_activities.csv").write_bytes((header + "\n" + act("A1", "2024-01-02", "C1") + "\n")
                                                  .encode("cp1252"))
    table = load_folder(tmp_path).activities
    assert table.frame.select("_row", "municipality", "_quarantine").rows() == [(2, "Aarhus", False)]


def test_bom_with_windows_1252_lines_is_mixed_not_refused(tmp_path: Path) -> None:
    (tmp_path / "crm_activities.csv").write_bytes(
        b"\xef\xbb\xbf" + (ACTIVITY_HEADER + "\n" + act("A1", "2024-01-02", "C1", "Århus") + "\n").encode()
        + (act("A2", "2024-01-02", "C2", "Århus") + "\n").encode("cp1252"))
    table = load_folder(tmp_path).activities
    assert table.frame.get_column("municipality").to_list() == ["Aarhus", "Aarhus"]
    assert [(f.code, f.row) for f in table.findings] == [("mixed-encoding", 3)]


@pytest.mark.parametrize("encoding", ["utf-8", "cp1252"])
def test_blank_lines_above_the_header_keep_physical_row_numbers(tmp_path: Path, encoding: str) -> None:
    text = "\n\n" + ACTIVITY_HEADER + "\n" + act("A1", "2024-01-02", "C1", "Åbyhøj") + "\n"
    (tmp_path / "crm_activities.csv").write_bytes(text.encode(encoding))
    table = load_folder(tmp_path).activities
    assert [(f.code, f.row, f.value) for f in table.findings] == [("unknown-municipality", 4, "Åbyhøj")]


def test_an_excel_row_holding_only_an_error_is_not_lost_and_every_error_is_named(tmp_path: Path) -> None:
    write_xlsx(tmp_path / "crm_activities.xlsx", {"Ark1": [
        HEADER,
        [None, None, None, None, None, ("=NA()", "#N/A")],
        ["A2", "2024-01-02", "C2", None, "F", "Skive", ("=1/0", "#DIV/0!"), "individuel", ("=NA()", "#N/A")],
    ]})
    dataset = load_folder(tmp_path)
    table = dataset.activities
    assert table.frame.select("_row", "_quarantine").rows() == [(2, True), (3, True)]
    assert {(f.code, f.row) for f in table.findings} == {  # row 2 lacks what it lacks; the error cell is named once
        ("excel-error", 2), ("missing-date", 2), ("missing-company-id", 2), ("missing-segment", 2),
        ("missing-activity-type", 2), ("excel-error", 3)}
    assert table.quarantined_rows is not None
    reasons = dict(table.quarantined_rows.select("row", "reasons").rows())
    assert reasons[3] == "excel-error (segment: #DIV/0!; growth_programme: #N/A)"
    assert reasons[2] == ("missing-date (date); missing-company-id (company_id); "
                          "missing-activity-type (activity_type); excel-error (municipality: #N/A)")


def test_a_sheet_named_twice_is_read_once(tmp_path: Path) -> None:
    write_xlsx(tmp_path / "data.xlsx", {"Møder": [HEADER, ["A1", "2024-01-02", "C1", None, "F", "Skive", "drift",
                                                          "individuel"]]})
    (tmp_path / "p.yaml").write_text(
        "document: profile\nname: p\ntitle: P\nsources:\n  activities:\n    files: data.xlsx\n"
        "    sheets:\n      - {name: Møder}\n      - {name: [Moeder, møder]}\n", encoding="utf-8")
    table = load_folder(tmp_path, profile=str(tmp_path / "p.yaml")).activities
    assert (table.frame.height, table.files) == (1, [("data.xlsx", "Møder")])


def test_optional_sheet_may_be_absent_and_header_row_is_the_excel_row(tmp_path: Path) -> None:
    write_xlsx(tmp_path / "data.xlsx", {"Møder": [["Rapport 2024"], [], HEADER,
                                                 ["A1", "2024-01-02", "C1", None, "F", "Atlantis", "drift",
                                                  "individuel"]]})
    (tmp_path / "p.yaml").write_text(
        "document: profile\nname: p\ntitle: P\nsources:\n  activities:\n    files: data.xlsx\n"
        "    header_row: 3\n    sheets:\n      - {name: Møder}\n      - {name: Arrangementer, optional: true}\n",
        encoding="utf-8")
    table = load_folder(tmp_path, profile=str(tmp_path / "p.yaml")).activities
    assert [(f.code, f.sheet, f.row) for f in table.findings] == [("unknown-municipality", "Møder", 4)]
    (tmp_path / "p.yaml").write_text((tmp_path / "p.yaml").read_text(encoding="utf-8").replace(
        "header_row: 3", "header_row: 9"), encoding="utf-8")
    assert _error(tmp_path, "--profile", str(tmp_path / "p.yaml")) == (
        "Fejl: data.xlsx [Møder]: arket har ingen række 9 med kolonnenavne\n")


def test_tab_separated_export_with_a_fixed_separator(tmp_path: Path) -> None:
    (tmp_path / "crm_activities.tsv").write_text(
        ACTIVITY_HEADER.replace(",", "\t") + "\n" + act("A1", "2024-01-02", "C1", "Skive").replace(",", "\t") + "\n",
        encoding="utf-8")
    (tmp_path / "p.yaml").write_text("document: profile\nname: p\ntitle: P\nsources:\n  activities:\n"
                                     "    files: '*.tsv'\n    separator: tab\n", encoding="utf-8")
    table = load_folder(tmp_path, profile=str(tmp_path / "p.yaml")).activities
    assert table.usable().select("activity_id", "municipality").rows() == [("A1", "Skive")]


@pytest.mark.parametrize(("value", "no_such_day"), [
    ("2025-02-30", True), ("30.02.2025", True), ("31/04/2024", True), ("29-02-2023", True),
    ("2025-02-30 10:00", True), ("29-02-2024", False), ("12/25/2024", False), ("25/12/2024", False),
    ("2024-13-45", False), ("45352", False), ("ukendt", False), ("00.01.2024", False),
    # two-digit years (DD.MM.YY), masked where shown (six digits may be company data): the same words (a review)
    ("30.02.24", True), ("31.04.24", True), ("29.02.23", True), ("29.02.24", False), ("12.13.24", False),
    ("24-02-30", False)])
def test_a_day_not_in_the_calendar_is_told_from_a_date_in_another_format(value: str, no_such_day: bool) -> None:
    assert impossible_day(value) is no_such_day
    said = "(dagen findes ikke i kalenderen)" if no_such_day else "(ikke i datoformatet; kanonisk ÅÅÅÅ-MM-DD)"
    made = finding("bad-date", "f.csv", 2, "date", value)
    assert said in made.message and said in finding_message(made, "da")  # also where the value is masked
