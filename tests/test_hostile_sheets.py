"""Which sheet of a workbook is read when the profile names none (issue 16, R16).

Two visible sheets that both hold the source's columns and rows stop the run (``ambiguous-sheet``)
instead of reading the first: R16's workbook kept last year's 500 rows as its first sheet (hiding
it failed, so it stayed visible) and M8.reach came out 490 instead of 5.152 with only a warning.
Exactly one such sheet is read wherever it stands (a cover sheet first is fine); a hidden sheet is
never read in place of a visible one; a profile that names the sheet reads that one. The header
rows are read from the sheet's XML, never by calamine (see docs/decisions.md, "Hostile input").
"""

from __future__ import annotations

import csv
import re
import shutil
import zipfile
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
import xlsxwriter
from click.testing import CliRunner
from helpers import ACTIVITY_HEADER, EVALUATION_HEADER, MIDTJYLLAND, SAMPLE, act, complete, ev, load_folder

import hubmonitor
from hubmonitor.cli import main
from hubmonitor.errors import DataError
from hubmonitor.findings import CODES
from hubmonitor.io import xlsx
from hubmonitor.io.dataset import load_dataset
from hubmonitor.io.xlsx import SheetHead, Workbook
from hubmonitor.report import Report

HEADER = ACTIVITY_HEADER.split(",")
OLD = [act(f"G{i}", "2024-02-01", f"G{i}").split(",") for i in range(1, 3)]  # two old activities
NEW = [act(f"A{i}", "2024-03-01", f"C{i}").split(",") for i in range(1, 4)]  # three current ones
COVER = [["Aktivitetsrapport 2024"], [], ["Udtrukket af CRM'et 2025-01-06"]]


def _workbook(path: Path, sheets: dict[str, list[list[Any]]], hidden: tuple[str, ...] = (),
              options: dict[str, Any] | None = None) -> Path:
    """A workbook of text cells; the sheets in ``hidden`` truly hidden (another sheet made the active
    one: xlsxwriter ignores ``hide()`` on the active sheet, which is how R16's workbook came about)."""
    book = xlsxwriter.Workbook(path, options or {})
    made = {}
    for name, rows in sheets.items():
        made[name] = sheet = book.add_worksheet(name)
        for i, row in enumerate(rows):
            sheet.write_row(i, 0, row)
    if hidden:
        next(s for n, s in made.items() if n not in hidden).activate()
        for name in hidden:
            made[name].hide()
    book.close()
    return path


def _invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception  # no traceback
    return result.exit_code, result.stdout, result.stderr


def _profile(folder: Path, body: str) -> Path:
    path = folder / "p.yaml"
    path.write_text("document: profile\nname: p\ntitle: P\nsources:\n  activities:\n"
                    "    files: [crm_activities*.xlsx]\n" + body, encoding="utf-8")
    return path


def _reach(folder: Path, profile: str | None = None) -> float | None:
    report = hubmonitor.evaluate(MIDTJYLLAND, folder, profile=profile)
    return {t.id: t.value for t in report.targets}["M8.reach"]


AMBIGUOUS = (
    "Fejl [ambiguous-sheet]: crm_activities_2024.xlsx: arkene 'Gammel' og 'Aktiviteter' har begge kolonnerne til "
    "activities (date, company_id), og profilen 'canonical' siger ikke, hvilket ark der skal læses; skjul eller slet "
    "de ark, der ikke skal læses, eller nævn arket i en profil under sources: activities:, fx sheets: [{name: "
    "'Gammel'}] eller sheets: [{name: 'Aktiviteter'}]\n")


# --- R16: two visible sheets with the data --------------------------------------------------------

def test_r16_hidden_first_sheet_read_is_now_an_ambiguous_sheet_stop(tmp_path: Path) -> None:
    """R16's shape exactly: ``hide()`` on the first (active) sheet, which xlsxwriter ignores."""
    book = xlsxwriter.Workbook(tmp_path / "crm_activities_2024.xlsx")
    for name, rows in (("Gammel", [HEADER, *OLD]), ("Aktiviteter", [HEADER, *NEW])):
        sheet = book.add_worksheet(name)
        for i, row in enumerate(rows):
            sheet.write_row(i, 0, row)
        if name == "Gammel":
            sheet.hide()
    book.close()
    with zipfile.ZipFile(tmp_path / "crm_activities_2024.xlsx") as zf:
        assert b"state=" not in zf.read("xl/workbook.xml")  # not hidden: both sheets are visible
    complete(tmp_path)
    assert _invoke("check-data", str(tmp_path)) == (1, "", AMBIGUOUS)
    assert _invoke("evaluate", str(MIDTJYLLAND), "--data", str(tmp_path)) == (1, "", AMBIGUOUS)
    with pytest.raises(DataError) as caught:
        load_dataset(tmp_path)
    assert (caught.value.code, caught.value.file) == ("ambiguous-sheet", "crm_activities_2024.xlsx")


def test_r16_a_profile_naming_the_sheet_reads_that_one(tmp_path: Path) -> None:
    """The message's advice, copied into a profile: that sheet is read, the other one not at all."""
    _workbook(tmp_path / "crm_activities_2024.xlsx", {"Gammel": [HEADER, *OLD], "Aktiviteter": [HEADER, *NEW]})
    complete(tmp_path)
    profile = _profile(tmp_path, "    sheets: [{name: 'Aktiviteter'}]\n")
    table = load_dataset(tmp_path, profile=str(profile)).activities
    assert (table.files, table.frame["activity_id"].to_list()) == (
        [("crm_activities_2024.xlsx", "Aktiviteter")], ["A1", "A2", "A3"])
    assert _reach(tmp_path, str(profile)) == 3
    profile = _profile(tmp_path, "    sheets: [{name: 'Gammel'}]\n")
    assert load_dataset(tmp_path, profile=str(profile)).activities.frame["activity_id"].to_list() == ["G1", "G2"]
    assert _reach(tmp_path, str(profile)) == 2


def test_a_sheet_the_profile_does_not_name_is_said_not_skipped(tmp_path: Path) -> None:
    """A profile of month sheets that forgot December read January to November and said nothing of
    December's rows (a review: M8.reach 5.048 instead of 5.197, still "met"); the README promises a
    sheet is never ignored in silence. Each sheet the profile does not name is a warning now, hidden or
    not; the named sheets are read as before."""
    months = {"Jan": [HEADER, NEW[0]], "Feb": [HEADER, NEW[1]], "Dec": [HEADER, NEW[2]], "Noter": [["Udtræk"]]}
    _workbook(tmp_path / "crm_activities.xlsx", months, hidden=("Noter",))
    complete(tmp_path)
    profile = _profile(tmp_path, "    sheets: [{name: Jan}, {name: Feb}]\n")
    table = load_dataset(tmp_path, profile=str(profile)).activities
    assert table.frame["activity_id"].to_list() == ["A1", "A2"]
    assert [(f.code, f.sheet, f.severity) for f in table.findings] == [("unlisted-sheet", "Dec", "warning"),
                                                                       ("unlisted-sheet", "Noter", "warning")]
    assert table.findings[0].message == ("arket 'Dec' er ikke læst: profilen nævner det ikke under sheets:; hører "
                                         "dets rækker til dataene, så tilføj det dér")


def test_a_sheet_another_source_reads_or_the_profile_names_beside_another_is_not_unlisted(tmp_path: Path) -> None:
    """A review of the warning above: a workbook whose sheets two sources share warned each source of
    the other's sheet, and a sheet named as another name of one that was read (``name: [Aktiviteter,
    Aktiviteter 2023]``) was said not to be named. The other source's sheet is its own; the second
    name is said as such (it is not read: the first found is)."""
    answers = [EVALUATION_HEADER.split(","), ev("R1", satisfaction="Tilfreds").split(",")]
    _workbook(tmp_path / "export.xlsx", {"Aktiviteter": [HEADER, *NEW], "Aktiviteter 2023": [HEADER, *OLD],
                                         "Evalueringer": answers})
    path = tmp_path / "p.yaml"
    path.write_text("document: profile\nname: p\ntitle: P\nsources:\n  activities:\n    files: [export.xlsx]\n"
                    "    sheets: [{name: [Aktiviteter, Aktiviteter 2023]}]\n  evaluations:\n    files: [export.xlsx]\n"
                    "    sheets: [{name: Evalueringer}]\n", encoding="utf-8")
    dataset = load_dataset(tmp_path, profile=str(path))
    assert dataset.activities.frame["activity_id"].to_list() == ["A1", "A2", "A3"]
    assert [(f.code, f.sheet) for f in dataset.activities.findings] == [("alternative-sheet", "Aktiviteter 2023")]
    assert dataset.evaluations.frame.height == 1
    assert dataset.evaluations.findings == []  # (the activities' second name is theirs to say)


def test_r16_hiding_the_old_sheet_reads_the_visible_one(tmp_path: Path) -> None:
    _workbook(tmp_path / "crm_activities_2024.xlsx", {"Gammel": [HEADER, *OLD], "Aktiviteter": [HEADER, *NEW]},
              hidden=("Gammel",))
    complete(tmp_path)
    table = load_dataset(tmp_path).activities
    assert table.files == [("crm_activities_2024.xlsx", "Aktiviteter")]
    assert [(f.code, f.sheet) for f in table.findings] == [("unread-sheet", "Gammel")]
    assert _reach(tmp_path) == 3


def test_more_than_five_sheets_with_the_data_are_named_shortly(tmp_path: Path) -> None:
    months = ["Jan", "Feb", "Mar", "Apr", "Maj", "Jun", "Jul"]
    _workbook(tmp_path / "crm_activities.xlsx", {m: [HEADER, NEW[0]] for m in months})
    complete(tmp_path)
    code, _, stderr = _invoke("check-data", str(tmp_path))
    assert code == 1
    assert stderr.startswith("Fejl [ambiguous-sheet]: crm_activities.xlsx: arkene 'Jan', 'Feb', 'Mar', 'Apr', "
                             "'Maj', … (7) har alle kolonnerne til activities (date, company_id), ")
    assert "fx sheets: [{name: 'Jan'}] eller sheets: [{name: 'Feb'}]" in stderr
    assert stderr.count("\n") == 1
    profile = _profile(tmp_path, "    sheets: [" + ", ".join(f"{{name: {m}}}" for m in months) + "]\n")
    assert load_dataset(tmp_path, profile=str(profile)).activities.frame.height == 7  # each month's row


def test_a_sheet_name_with_a_quote_is_quoted_for_yaml(tmp_path: Path) -> None:
    _workbook(tmp_path / "crm_activities.xlsx", {"Ole's": [HEADER, NEW[0]], "Data": [HEADER, NEW[1]]})
    complete(tmp_path)
    _, _, stderr = _invoke("check-data", str(tmp_path))
    assert stderr.endswith("fx sheets: [{name: 'Ole''s'}] eller sheets: [{name: 'Data'}]\n")
    profile = _profile(tmp_path, "    sheets: [{name: 'Ole''s'}]\n")  # the example, as it stands, is YAML
    assert load_dataset(tmp_path, profile=str(profile)).activities.frame["activity_id"].to_list() == ["A1"]


# --- one sheet with the data: read, wherever it stands --------------------------------------------

def test_r16_a_cover_sheet_first_then_the_data_sheet_gives_the_sample_figures(tmp_path: Path) -> None:
    """The sample's 2024 activities in a workbook behind a cover sheet: the data sheet is read, every
    target is what the CSV sample gives (M8.reach 5.152), and the cover sheet is named as unread."""
    data = shutil.copytree(SAMPLE, tmp_path / "data")
    source = data / "crm_activities_2024.csv"
    with source.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    source.unlink()
    _workbook(data / "crm_activities_2024.xlsx", {"Forside": COVER, "Aktiviteter": rows},
              options={"strings_to_numbers": False})
    report = hubmonitor.evaluate(MIDTJYLLAND, data)
    sample = hubmonitor.evaluate(MIDTJYLLAND, SAMPLE)
    assert {t.id: t.value for t in report.targets}["M8.reach"] == 5152
    assert [(t.id, t.value, t.status) for t in report.targets] == [(t.id, t.value, t.status) for t in sample.targets]
    def accounts(r: Report) -> list[tuple[str, str | None, int, int, int, int, int]]:
        return [(i.file, i.sheet, i.rows_read, i.rows_used, i.quarantined, i.duplicates, i.outside_period)
                for i in r.data_quality.inputs]

    # the year's rows of the file: as the CSV file gives them
    assert accounts(sample)[0] == ("crm_activities_2024.csv", None, 7178, 7149, 4, 25, 0)
    assert accounts(report) == [("crm_activities_2024.xlsx", "Aktiviteter", 7178, 7149, 4, 25, 0),
                                ("evaluations.csv", None, 1400, 1400, 0, 0, 0)]
    unread = [(f.code, f.file, f.sheet, f.value) for f in report.data_quality.findings if f.code == "unread-sheet"]
    assert unread == [("unread-sheet", "crm_activities_2024.xlsx", "Forside", "Forside")]


def test_a_cover_sheet_with_a_far_cell_is_never_handed_to_calamine(tmp_path: Path) -> None:
    """The cover's header row is read from its XML alone: a cell at XFD1048576 there (a sheet that
    would be refused if it were read) does not matter, the data sheet is read."""
    book = xlsxwriter.Workbook(tmp_path / "crm_activities.xlsx")
    cover = book.add_worksheet("Forside")
    cover.write_string(0, 0, "Aktivitetsrapport")
    cover.write_string(1048575, 16383, "x")
    data = book.add_worksheet("Aktiviteter")
    for i, row in enumerate([HEADER, *NEW]):
        data.write_row(i, 0, row)
    book.close()
    complete(tmp_path)
    table = load_dataset(tmp_path).activities
    assert (table.files, table.frame.height) == ([("crm_activities.xlsx", "Aktiviteter")], 3)


def test_a_chart_sheet_first_then_the_data_sheet(tmp_path: Path) -> None:
    book = xlsxwriter.Workbook(tmp_path / "crm_activities.xlsx")
    charts = book.add_chartsheet("Graf")
    data = book.add_worksheet("Data")
    for i, row in enumerate([HEADER, *NEW]):
        data.write_row(i, 0, row)
    chart = book.add_chart({"type": "column"})
    chart.add_series({"values": "=Data!$A$1:$A$4"})
    charts.set_chart(chart)
    book.close()
    complete(tmp_path)
    table = load_dataset(tmp_path).activities
    assert (table.files, table.frame.height) == ([("crm_activities.xlsx", "Data")], 3)
    assert [(f.code, f.sheet) for f in table.findings] == [("unread-sheet", "Graf")]


def test_a_hidden_sheet_with_the_data_beside_visible_ones_is_not_read(tmp_path: Path) -> None:
    _workbook(tmp_path / "crm_activities.xlsx",
              {"Gammel": [HEADER, *OLD], "Forside": COVER, "Aktiviteter": [HEADER, *NEW]}, hidden=("Gammel",))
    complete(tmp_path)
    table = load_dataset(tmp_path).activities
    assert (table.files, table.frame["activity_id"].to_list()) == (
        [("crm_activities.xlsx", "Aktiviteter")], ["A1", "A2", "A3"])
    assert [(f.code, f.sheet) for f in table.findings] == [("unread-sheet", "Gammel"), ("unread-sheet", "Forside")]


def test_only_a_hidden_sheet_with_the_data_is_named_when_the_visible_one_lacks_the_columns(tmp_path: Path) -> None:
    _workbook(tmp_path / "crm_activities.xlsx", {"Forside": COVER, "Aktiviteter": [HEADER, *NEW]},
              hidden=("Aktiviteter",))
    complete(tmp_path)
    assert _invoke("check-data", str(tmp_path)) == (1, "", (
        "Fejl [missing-column]: crm_activities.xlsx [Forside]: mangler kolonne(r) efter profilen 'canonical': date "
        "(prøvede 'date'), company_id (prøvede 'company_id'); fandt 'Aktivitetsrapport 2024'; det skjulte ark "
        "'Aktiviteter' har kolonnerne: vis det i Excel, eller nævn det under sheets: i en profil\n"))


def test_no_sheet_with_the_columns_reads_the_first_visible_one_as_before(tmp_path: Path) -> None:
    _workbook(tmp_path / "crm_activities.xlsx", {"Forside": COVER, "Noter": [["note"]]})
    complete(tmp_path)
    _, _, stderr = _invoke("check-data", str(tmp_path))
    assert stderr == (
        "Fejl [missing-column]: crm_activities.xlsx [Forside]: mangler kolonne(r) efter profilen 'canonical': date "
        "(prøvede 'date'), company_id (prøvede 'company_id'); fandt 'Aktivitetsrapport 2024'\n")


def test_a_sheet_holding_only_the_header_does_not_make_the_choice_ambiguous(tmp_path: Path) -> None:
    _workbook(tmp_path / "crm_activities.xlsx", {"Skabelon": [HEADER], "Data": [HEADER, *NEW], "Tom": []})
    complete(tmp_path)
    table = load_dataset(tmp_path).activities
    assert (table.files, table.frame.height) == ([("crm_activities.xlsx", "Data")], 3)
    assert [(f.code, f.sheet) for f in table.findings] == [("unread-sheet", "Skabelon"), ("unread-sheet", "Tom")]
    _workbook(tmp_path / "crm_activities.xlsx", {"Forside": COVER, "Skabelon": [HEADER], "Kopi": [HEADER]})
    table = load_dataset(tmp_path).activities  # no rows anywhere: the first sheet with the columns, no rows read
    assert (table.files, table.frame.height, table.counts) == ([("crm_activities.xlsx", "Skabelon")], 0,
                                                               {"unread-sheet": 2})


def test_the_profile_names_and_header_row_recognise_the_data_sheet(tmp_path: Path) -> None:
    """The header row is looked for as the reader takes it: the profile's header_row (a title above
    the headings), and its names for the columns, case and white space aside."""
    danish = ["Aktivitet", " DATO ", "Kunde-ID", "Kommune", "Segment", "Aktivitetstype"]
    rows = [["A1", "2024-03-01", "C1", "Aarhus", "drift", "individuel"],
            ["A2", "2024-03-02", "C2", "Skive", "drift", "kollektiv"]]
    _workbook(tmp_path / "crm_activities.xlsx", {
        "Forside": [["Rapport"], [], ["activity_id", "date", "company_id"]],  # row 3, but no rows below it
        "Noter": [["Rapport"], ["date", "company_id"], ["x", "y"]],  # the canonical names, on row 2
        "Aktiviteter": [["Aktiviteter 2024"], [], danish, *rows]})
    complete(tmp_path)
    profile = _profile(tmp_path, "    header_row: 3\n    columns: {activity_id: Aktivitet, date: Dato, company_id: "
                                 "[Kunde-ID], municipality: Kommune, segment: Segment, activity_type: Aktivitetstype}\n"
                                 "    absent: [cvr, company_name, growth_programme, referred, topics]\n")
    table = load_dataset(tmp_path, profile=str(profile)).activities
    assert (table.files, table.frame.select("_row", "activity_id").rows()) == (
        [("crm_activities.xlsx", "Aktiviteter")], [(4, "A1"), (5, "A2")])


# --- the header row, read from the XML ---------------------------------------------------------------

def _head(path: Path, sheet: str, header_row: int = 1) -> SheetHead:
    return Workbook(path, path.name).head(sheet, header_row)


def test_the_header_row_is_read_from_shared_inline_and_rich_strings(tmp_path: Path) -> None:
    shared = _workbook(tmp_path / "a.xlsx", {"A": [[], [None, "Dato", "Kunde & co"], ["x"]]})
    assert _head(shared, "A") == SheetHead(["Dato", "Kunde & co"], True)
    assert _head(shared, "A", header_row=3) == SheetHead(["x"], False)
    assert _head(shared, "A", header_row=9) == SheetHead([], False)
    inline = _workbook(tmp_path / "b.xlsx", {"A": [["date", "company_id"]]}, options={"constant_memory": True})
    with zipfile.ZipFile(inline) as zf:
        assert b't="inlineStr"' in zf.read("xl/worksheets/sheet1.xml")
    assert _head(inline, "A") == SheetHead(["date", "company_id"], False)
    book = xlsxwriter.Workbook(tmp_path / "c.xlsx")
    sheet = book.add_worksheet("A")
    sheet.write_rich_string(0, 0, "comp", book.add_format({"bold": True}), "any_id")
    sheet.write_number(0, 1, 2024)
    sheet.write_number(1, 0, 1)
    book.close()
    assert _head(tmp_path / "c.xlsx", "A") == SheetHead(["company_id", "2024"], True)
    assert _head(_workbook(tmp_path / "d.xlsx", {"A": []}), "A") == SheetHead([], False)


def test_the_header_row_of_cells_written_without_references(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "a.xlsx", {"A": [["date", "company_id"], ["2024-01-02", "C1"]]})
    with zipfile.ZipFile(path) as zf:
        parts = [(info.filename, zf.read(info.filename)) for info in zf.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in parts:
            if name == "xl/worksheets/sheet1.xml":
                data = re.sub(rb' r="[A-Z]+\d+"', b"", data)  # cells placed one after the other
                data = re.sub(rb'(<row) r="1"', rb"\1", data)
            out.writestr(name, data)
    assert _head(path, "A") == SheetHead(["date", "company_id"], True)


def test_the_header_row_is_read_without_reading_the_sheet(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rows = [[f"{c}-{i:05d}" for c in HEADER] for i in range(4000)]  # every cell its own shared string
    path = _workbook(tmp_path / "a.xlsx", {"A": [HEADER, *rows]})
    with zipfile.ZipFile(path) as zf:
        sizes = (zf.getinfo("xl/worksheets/sheet1.xml").file_size, zf.getinfo("xl/sharedStrings.xml").file_size)
    assert min(sizes) > 20 * xlsx._PEEK_CHUNK
    fed: list[int] = []
    feed = ElementTree.XMLPullParser.feed

    def counting(self: ElementTree.XMLPullParser[ElementTree.Element], data: bytes) -> None:
        fed.append(len(data))
        feed(self, data)

    monkeypatch.setattr(ElementTree.XMLPullParser, "feed", counting)
    assert _head(path, "A") == SheetHead(HEADER, True)
    assert sum(fed) <= 2 * xlsx._PEEK_CHUNK  # one chunk of the sheet, one of the shared strings


def test_a_visible_sheet_that_cannot_be_read_stops_naming_it(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "crm_activities.xlsx", {"A": [HEADER, *NEW], "B": [HEADER, *OLD]})
    with zipfile.ZipFile(path) as zf:
        parts = [(info.filename, zf.read(info.filename)) for info in zf.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in parts:
            out.writestr(name, data.replace(b"<sheetData>", b"<sheetData></row>") if name.endswith("sheet2.xml")
                         else data)
    complete(tmp_path)
    code, _, stderr = _invoke("check-data", str(tmp_path))
    assert code == 1 and stderr.count("\n") == 1
    assert re.fullmatch(r"Fejl: crm_activities\.xlsx \[B\]: arket kan ikke læses: mismatched tag: line \d+, column "
                        r"\d+\n", stderr)


def test_the_unread_sheet_warning_says_which_sheet_is_read() -> None:
    assert CODES["unread-sheet"][1:] == (
        "arket {value!r} er ikke læst: profilen nævner ingen ark, så kun ét ark læses (det synlige ark med kildens "
        "kolonner, ellers det første synlige ark)", "sheet {value!r} was not read: the profile names no sheets, so "
        "one sheet is read (the visible sheet holding the source's columns, else the first visible sheet)")


def test_a_single_visible_sheet_is_read_without_looking_at_its_header(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    def never(self: Workbook, sheet: str, header_row: int = 1) -> SheetHead:
        raise AssertionError("not needed")

    monkeypatch.setattr(Workbook, "head", never)
    _workbook(tmp_path / "crm_activities.xlsx", {"Aktiviteter": [HEADER, *NEW]})
    assert load_folder(tmp_path).activities.frame.height == 3


# --- headings below a title, and no header_row in the profile (a review of a first real export) -------------

def test_a_sheet_whose_headings_stand_below_a_title_is_pointed_at(tmp_path: Path) -> None:
    """The data sheet's headings are on row 4, under a report title; the first sheet was read and the
    message named only a hidden look-up sheet. It now names the sheet and the row to write."""
    _workbook(tmp_path / "crm_activities.xlsx", {"Rapportinfo": [["Rapport fra Dynamics 365"]],
                                                 "Aktiviteter": [*COVER, HEADER, *NEW]})
    with pytest.raises(DataError) as info:
        load_folder(tmp_path)
    assert ("fandt 'Rapport fra Dynamics 365'; arket 'Aktiviteter' har overskrifterne i række 4: skriv "
            "header_row: 4 og sheets: [{name: 'Aktiviteter'}] i en profil (docs/real-hub.md viser hvordan)"
            ) in info.value.text("da")


def test_every_sheet_holding_the_columns_further_down_is_named(tmp_path: Path) -> None:
    """Two sheets with the columns under titles: naming only the first made a user read it alone
    and leave the other's rows unread (a review); both are named."""
    _workbook(tmp_path / "crm_activities.xlsx", {"Forside": [["Rapport"]], "Aktiviteter": [*COVER, HEADER, *NEW],
                                                 "Arrangementer": [*COVER, [], HEADER, *OLD]})
    with pytest.raises(DataError) as info:
        load_folder(tmp_path)
    assert ("arket 'Aktiviteter' har overskrifterne i række 4; også arket 'Arrangementer' har kolonnerne "
            "(række 5): skriv header_row: 4") in info.value.text("da")


def test_a_title_line_without_separators_gets_the_header_hint(tmp_path: Path) -> None:
    """A title line of one field made every row "longer than the header": the file was refused as
    ragged, asking about the separator (a review); the line holding the headings is named too."""
    (tmp_path / "crm_activities.csv").write_text(
        "Rapport: aktiviteter 2024\n\n" + ACTIVITY_HEADER + "\n" + act("A1", "2024-03-01", "C1") + "\n"
        + act("A2", "2024-03-02", "C2") + "\n", encoding="utf-8")
    with pytest.raises(DataError) as info:
        load_folder(tmp_path)
    assert info.value.code == "ragged-row"
    # row 2: the empty line is not a row (as the row numbers of the message count them), and the hint
    # was tried: the file read with header_row: 2 holds the columns
    assert "; overskrifterne står i række 2: skriv header_row: 2 i en profil (docs/real-hub.md viser hvordan)" in (
        info.value.text("da"))


def test_a_csv_whose_headings_stand_below_a_title_is_pointed_at(tmp_path: Path) -> None:
    """polars named the title line's empty cells '_duplicated_0' … and the message listed them; they
    are counted as empty headings now, and the line holding the headings is named (the title line
    has every separator, as a spreadsheet saves it)."""
    (tmp_path / "crm_activities.csv").write_text(
        "Aktivitetsrapport 2024" + "," * 11 + "\n" + "," * 11 + "\n" + ACTIVITY_HEADER + "\n"
        + act("A1", "2024-03-01", "C1") + "\n",
        encoding="utf-8")
    with pytest.raises(DataError) as info:
        load_folder(tmp_path)
    da = info.value.text("da")
    assert "fandt 'Aktivitetsrapport 2024' og 11 tomme overskrifter; overskrifterne står i række 3: skriv " \
           "header_row: 3 i en profil (docs/real-hub.md viser hvordan)" in da
    assert "_duplicated_" not in da
