"""Hostile data folders and workbooks (issue 16: R03, R08, R10, R15, R16, points 9 and 10).

Nothing in a data folder may crash the process, hang it, be read in silence or be skipped in
silence: a workbook that would need far more memory than it justifies is refused before calamine
sees it; a FIFO, a device or a symbolic link out of the folder named like a data file stops the
run naming it; an upper-case extension is read; a file that looks like data but is not read says
why; a hidden sheet is never read in place of a visible one; and the folder scan is bounded.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path
from typing import Any

import pytest
import xlsxwriter
from click.testing import CliRunner
from helpers import ACTIVITY_HEADER, MIDTJYLLAND, SAMPLE, act, complete, load_folder, make_data, write_csv

import hubmonitor
from hubmonitor.cli import main
from hubmonitor.errors import DataError
from hubmonitor.findings import SAMPLE_PER_CODE
from hubmonitor.io import dataset as dataset_module
from hubmonitor.io import xlsx
from hubmonitor.io.dataset import load_dataset
from hubmonitor.io.reading import last_read
from hubmonitor.profile.model import pattern_matches, pattern_reaches, unread_note
from hubmonitor.render.terminal import unread_lines

HEADER = ACTIVITY_HEADER.split(",")
ROWS = [act(f"A{i}", "2024-03-01", f"C{i}").split(",") for i in range(1, 4)]  # three activities


def _invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception  # no traceback
    return result.exit_code, result.stdout, result.stderr


def _subprocess(*args: str) -> subprocess.CompletedProcess[str]:
    """The command line in a process of its own: a Rust abort or a blocking open cannot take the test
    run with it (the timeout is a safety net, not a measurement)."""
    return subprocess.run([sys.executable, "-c", "from hubmonitor.cli import main; main()", *args],
                          capture_output=True, text=True, timeout=600, check=False)


def _workbook(path: Path, sheets: dict[str, list[list[Any]]], hidden: dict[str, str] | None = None,
              far: tuple[int, int] | None = None) -> Path:
    """A workbook of text cells; ``hidden`` sheet → "hidden" or "very"; ``far`` one more cell (row,
    column, from 0) on the first sheet."""
    book = xlsxwriter.Workbook(path)
    made = {}
    for name, rows in sheets.items():
        made[name] = sheet = book.add_worksheet(name)
        for i, row in enumerate(rows):
            sheet.write_row(i, 0, row)
    if far is not None:
        next(iter(made.values())).write_string(far[0], far[1], "x")
    if hidden:
        next(n for n in made.values() if n.name not in hidden).activate()  # xlsxwriter keeps the active one shown
        for name, how in hidden.items():
            if how == "very":
                made[name].very_hidden()
            else:
                made[name].hide()
    book.close()
    return path


def _rewrite(path: Path, part: str, change: Any) -> Path:
    """The workbook with one part's text changed by ``change`` (text → text)."""
    with zipfile.ZipFile(path) as zf:
        parts = [(info, zf.read(info.filename)) for info in zf.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info, data in parts:
            out.writestr(info.filename, change(data.decode()).encode() if info.filename == part else data)
    return path


def _error(folder: Path, *args: str) -> str:
    code, _, stderr = _invoke("check-data", str(folder), *args)
    assert code == 1
    assert stderr.count("\n") == 1, stderr  # one line
    return stderr


# --- R03: a workbook whose far cell would need far more memory than the file ----------------------

def test_r03_far_cell_workbook_is_refused_before_reading(tmp_path: Path) -> None:
    _workbook(tmp_path / "crm_activities_2024.xlsx", {"A": [HEADER, *ROWS]}, far=(1_048_575, 16_383))
    complete(tmp_path)
    done = _subprocess("check-data", str(tmp_path))  # before the fix: exit 134, a Rust abort
    assert done.returncode == 1
    assert done.stderr.startswith("Fejl [workbook-refused]: crm_activities_2024.xlsx [A]: arket spænder over "
                                  "A1:XFD1048576 (1.048.576 rækker × 16.384 kolonner), langt flere celler end dets ")
    assert "/ the sheet spans" not in done.stderr  # in the command's language only
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr


@pytest.mark.parametrize("change", [
    pytest.param(lambda x: x.replace("A1:XFD1048576", "A1:K4"), id="lying-dimension"),
    pytest.param(lambda x: re.sub(r"<dimension[^>]*/>", "", x), id="no-dimension"),
    pytest.param(lambda x: x.replace('<c r="XFD1048576" t="s">', '<c t="s" r="XFD1048576">'), id="reference-not-first"),
    pytest.param(lambda x: x.replace('r="XFD1048576"', "r='xfd1048576'"), id="lower-case-single-quotes"),
    pytest.param(lambda x: x.replace('<row r="1048576"', '<row r="1048576"><c t="s"><v>0</v></c></row><row')
                 .replace('<c r="XFD1048576" t="s"><v>', '<c r="A5" t="s"><v>'), id="cell-without-reference"),
])
def test_r03_a_far_cell_written_any_way_calamine_reads_is_refused(tmp_path: Path, change: Any) -> None:
    path = _workbook(tmp_path / "crm_activities.xlsx", {"A": [HEADER, *ROWS]}, far=(1_048_575, 16_383))
    _rewrite(path, "xl/worksheets/sheet1.xml", change)
    complete(tmp_path)
    done = _subprocess("check-data", str(tmp_path))
    assert done.returncode == 1, done.stderr
    assert done.stderr.startswith("Fejl [workbook-refused]: crm_activities.xlsx [A]: arket spænder over A1:")


def test_r03_cells_beyond_excels_grid_and_odd_references_are_refused(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "crm_activities.xlsx", {"A": [HEADER, *ROWS]}, far=(10, 2))
    _rewrite(path, "xl/worksheets/sheet1.xml", lambda x: x.replace('r="C11"', 'r="AAAA11"'))
    complete(tmp_path)
    assert _error(tmp_path) == ("Fejl [workbook-refused]: crm_activities.xlsx [A]: arket har celler uden for Excels "
                                "gitter (A1:XFD1048576): A1:AAAA11; filen er ikke skrevet af Excel\n")
    _rewrite(path, "xl/worksheets/sheet1.xml", lambda x: x.replace('r="AAAA11"', 'r="$C$11"'))
    assert _error(tmp_path) == ("Fejl [workbook-refused]: crm_activities.xlsx [A]: en celle har en ugyldig "
                                "reference '$C$11'\n")


def test_r03_what_calamine_reads_without_harm_is_still_read(tmp_path: Path) -> None:
    # a dimension claiming the whole grid over three rows; an empty formatted cell far out; a cell in the
    # last column on a near row (101 × 16,384 cells: under the floor of two million)
    path = _workbook(tmp_path / "crm_activities.xlsx", {"A": [HEADER, *ROWS]})
    _rewrite(path, "xl/worksheets/sheet1.xml", lambda x: re.sub(r'<dimension ref="[^"]*"/>',
                                                                '<dimension ref="A1:XFD1048576"/>', x)
             .replace("</sheetData>", '<row r="1048576"><c r="XFD1048576" s="0"/></row></sheetData>'))
    assert load_folder(tmp_path).activities.frame.height == 3
    far = _workbook(tmp_path / "far.xlsx", {"A": [HEADER, *ROWS]}, far=(100, 16_383))
    book = xlsx.Workbook(far, "far.xlsx")
    assert book.read("A").frame.shape == (100, 16_384)


def test_r03_the_limit_grows_with_the_sheet_and_stops_at_the_cap() -> None:
    assert xlsx._allowed_cells(1_000) == xlsx.CELL_FLOOR == 2_000_000
    assert xlsx._allowed_cells(10_000_000) == 40_000_000
    assert xlsx._allowed_cells(10**10) == xlsx.MAX_CELLS == 100_000_000


def test_r03_the_searches_tell_inside_from_outside_exactly() -> None:
    """The regular expression built from a claimed last cell matches a reference exactly when it
    lies outside A1 to that cell (rows and columns checked over whole ranges)."""
    syntax = xlsx._syntax(b"")
    for last_row, last_column in ((1, 0), (9, 25), (10, 26), (101, 701), (300_001, 14), (1_048_576, 16_383)):
        outside = syntax.not_within(last_row, last_column)
        rows = sorted({*range(1, 1200), last_row - 1, last_row, last_row + 1, 999_999, 1_048_576} - {0})
        for row in rows:
            assert bool(outside.search(f'<c r="A{row}" t="s">'.encode())) == (row > last_row), (last_row, row)
        for column in sorted({*range(0, 800), last_column, last_column + 1, 16_383}):
            ref = f'<c r="{xlsx._letters(column)}1">'.encode()
            assert bool(outside.search(ref)) == (column > last_column), (last_column, column)
        assert outside.search(b'<c r="A01">') and outside.search(b'<c s="1" r="A1">') and outside.search(b"<c>")


def test_r03_a_namespace_prefix_is_read_as_plainly_as_none(tmp_path: Path) -> None:
    """.NET's Open XML SDK writes ``<x:c r="A1">``: the fast path holds, and error cells are found."""
    path = _workbook(tmp_path / "crm_activities.xlsx", {"A": [HEADER, *ROWS]})

    def prefixed(text: str) -> str:
        text = re.sub(r"<(/?)(?!\?)([A-Za-z]+)", r"<\1x:\2", text).replace('xmlns="http', 'xmlns:x="http')
        return text.replace('<x:c r="B3" t="s"><x:v>', '<x:c r="B3" t="e"><x:v>#N/A</x:v></x:c><x:c r="L3" t="s"><x:v>')

    _rewrite(path, "xl/worksheets/sheet1.xml", prefixed)
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo("xl/worksheets/sheet1.xml")
        with xlsx._member(zf, info, "x") as chunks:
            scan, extent = xlsx._scan(chunks, xlsx._allowed_cells(info.file_size))
    assert (extent.syntax.prefix, extent.odd, extent.box, scan.errors) == (b"x:", False, (1, 4, 0, 11),
                                                                           [(3, 1, "#N/A")])


# --- zips that unpack to far more than they are ---------------------------------------------------

def test_a_workbook_that_expands_a_hundredfold_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xlsx, "EXPANSION_FREE", 1 << 20)  # the same rule, at a size a test can write
    path = _workbook(tmp_path / "crm_activities.xlsx", {"A": [HEADER, *ROWS]})
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("docProps/custom.xml", "<a>" + "0" * (4 << 20) + "</a>")  # 4 MB packing to a few KB
    complete(tmp_path)
    message = _error(tmp_path)
    assert re.fullmatch(r"Fejl \[workbook-refused\]: crm_activities\.xlsx: projektmappen fylder 4 MB udpakket, over "
                        r"100 gange sin egen størrelse \(\d+ KB\); en zip-bombe\?\n", message), message


def test_a_workbook_over_the_unpacked_limit_or_with_too_many_parts_is_refused(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _workbook(tmp_path / "crm_activities.xlsx", {"A": [HEADER, *ROWS]})
    complete(tmp_path)
    monkeypatch.setattr(xlsx, "MAX_UNPACKED", 1 << 10)
    assert "projektmappen fylder 0 MB udpakket; højst 0 MB læses" in _error(tmp_path)
    monkeypatch.undo()
    monkeypatch.setattr(xlsx, "MAX_MEMBERS", 5)
    parts = len(zipfile.ZipFile(path).infolist())
    assert _error(tmp_path) == (f"Fejl [workbook-refused]: crm_activities.xlsx: zip-filen har {parts} dele; højst 5\n")


def _claim_half(path: Path, part: str, checksum_of: int | None = None) -> None:
    """Write in the zip's local header and table that ``part`` unpacks to half its size (and, when
    given, the checksum of that many bytes of it)."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo(part)
        content = zf.read(part)
    central = data.index(b"PK\x01\x02")  # the table's entries, until the one for the part
    while data[central + 46:central + 46 + len(part)] != part.encode():
        central = data.index(b"PK\x01\x02", central + 4)
    size = (info.file_size // 2).to_bytes(4, "little")
    data[info.header_offset + 22:info.header_offset + 26] = data[central + 24:central + 28] = size
    if checksum_of is not None:
        crc = zlib.crc32(content[:checksum_of]).to_bytes(4, "little")
        data[info.header_offset + 14:info.header_offset + 18] = data[central + 16:central + 20] = crc
    path.write_bytes(bytes(data))


def test_a_part_that_unpacks_to_more_than_the_zip_says_is_refused(tmp_path: Path) -> None:
    """calamine unpacks a part to its end whatever the zip's table says; zipfile stops at the claim."""
    path = _workbook(tmp_path / "crm_activities.xlsx", {"A": [HEADER, *ROWS]})
    half = zipfile.ZipFile(path).getinfo("xl/sharedStrings.xml").file_size // 2
    _claim_half(path, "xl/sharedStrings.xml", checksum_of=half + 1)  # the checksum fits one byte past the claim
    complete(tmp_path)
    assert _error(tmp_path) == (
        "Fejl [workbook-refused]: crm_activities.xlsx: delen 'xl/sharedStrings.xml' fylder mere udpakket, end "
        "zip-filen angiver; filen er beskadiget eller lavet til at sprænge hukommelsen\n")
    path = _workbook(tmp_path / "crm_activities.xlsx", {"A": [HEADER, *ROWS]})
    _claim_half(path, "xl/worksheets/sheet1.xml")  # the checksum of the whole part
    assert _error(tmp_path) == ("Fejl: crm_activities.xlsx [A]: arket kan ikke læses: Bad CRC-32 for file "
                                "'xl/worksheets/sheet1.xml'\n")


# --- R16: hidden sheets ---------------------------------------------------------------------------------

def test_r16_hidden_first_sheet_is_not_read_in_place_of_the_visible_one(tmp_path: Path) -> None:
    old = [act(f"G{i}", "2024-02-01", f"G{i}").split(",") for i in range(1, 3)]
    _workbook(tmp_path / "crm_activities_2024.xlsx", {"Gammel": [HEADER, *old], "Aktiviteter": [HEADER, *ROWS]},
              hidden={"Gammel": "hidden"})
    complete(tmp_path)
    dataset = load_dataset(tmp_path)
    frame = dataset.activities.frame
    assert (frame.height, set(frame["_sheet"]), set(frame["activity_id"])) == (3, {"Aktiviteter"}, {"A1", "A2", "A3"})
    assert [(f.code, f.sheet) for f in dataset.activities.findings if f.code == "unread-sheet"] == \
        [("unread-sheet", "Gammel")]
    code, stdout, _ = _invoke("check-data", str(tmp_path))
    assert code == 0
    assert "\n  crm_activities_2024.xlsx [Aktiviteter]: 3 = 3 brugt + 0 i karantæne" in stdout  # the sheet read


def test_r16_a_very_hidden_sheet_too_and_a_profile_may_name_a_hidden_sheet(tmp_path: Path) -> None:
    old = [act(f"G{i}", "2024-02-01", f"G{i}").split(",") for i in range(1, 3)]
    _workbook(tmp_path / "crm_activities.xlsx", {"Gammel": [HEADER, *old], "Aktiviteter": [HEADER, *ROWS]},
              hidden={"Gammel": "very"})
    complete(tmp_path)
    assert set(load_dataset(tmp_path).activities.frame["_sheet"]) == {"Aktiviteter"}
    profile = tmp_path / "p.yaml"
    profile.write_text("document: profile\nname: p\ntitle: P\nsources:\n  activities:\n"
                       "    files: [crm_activities*.xlsx]\n    sheets:\n      - name: Gammel\n", encoding="utf-8")
    frame = load_dataset(tmp_path, profile=str(profile)).activities.frame
    assert (frame.height, set(frame["_sheet"])) == (2, {"Gammel"})


def test_r16_a_sheet_named_both_visible_and_hidden_takes_the_visible(tmp_path: Path) -> None:
    old = [act(f"G{i}", "2024-02-01", f"G{i}").split(",") for i in range(1, 3)]
    _workbook(tmp_path / "crm_activities.xlsx", {"Møder": [HEADER, *old], "Moeder": [HEADER, *ROWS]},
              hidden={"Møder": "hidden"})
    complete(tmp_path)
    profile = tmp_path / "p.yaml"
    profile.write_text("document: profile\nname: p\ntitle: P\nsources:\n  activities:\n"
                       "    files: [crm_activities*.xlsx]\n    sheets:\n      - name: [Møder, Moeder]\n",
                       encoding="utf-8")
    assert set(load_dataset(tmp_path, profile=str(profile)).activities.frame["_sheet"]) == {"Moeder"}


def test_r16_a_workbook_without_a_visible_sheet_says_so(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "crm_activities.xlsx", {"A": [HEADER, *ROWS]})
    _rewrite(path, "xl/workbook.xml", lambda x: x.replace('<sheet name="A"', '<sheet state="hidden" name="A"'))
    complete(tmp_path)
    assert _error(tmp_path) == (
        "Fejl [missing-sheet]: crm_activities.xlsx: projektmappen har intet synligt ark; vis arket med dataene i "
        "Excel, eller nævn det under sheets: i profilen\n")


def test_many_unread_sheets_are_counted_in_full_and_sampled(tmp_path: Path) -> None:
    others = SAMPLE_PER_CODE + 10
    _workbook(tmp_path / "crm_activities.xlsx", {"A": [HEADER, *ROWS], **{f"S{i}": [["x"]] for i in range(others)}})
    complete(tmp_path)
    table = load_dataset(tmp_path).activities
    assert table.counts["unread-sheet"] == others
    assert len([f for f in table.findings if f.code == "unread-sheet"]) == SAMPLE_PER_CODE


# --- R15: upper-case extensions, look-alikes -----------------------------------------------------------

def test_r15_upper_case_extensions_are_read_and_give_the_same_figures(tmp_path: Path) -> None:
    data = shutil.copytree(SAMPLE, tmp_path / "data")
    (data / "crm_activities_2024.csv").rename(data / "crm_activities_2024.CSV")
    (data / "evaluations.csv").rename(data / "Evaluations.Csv")
    upper = hubmonitor.evaluate(MIDTJYLLAND, data)
    plain = hubmonitor.evaluate(MIDTJYLLAND, SAMPLE)
    assert [(t.id, t.value, t.status) for t in upper.targets] == [(t.id, t.value, t.status) for t in plain.targets]
    assert upper.unread_files == []
    assert {i.file for i in upper.data_quality.inputs} == {"crm_activities_2024.CSV", "Evaluations.Csv"}


def test_r15_an_upper_case_workbook_extension_is_read(tmp_path: Path) -> None:
    _workbook(tmp_path / "CRM_Activities_2024.XLSX", {"A": [HEADER, *ROWS]})
    assert load_folder(tmp_path).activities.frame.height == 3


def test_r15_look_alikes_are_named_with_the_reason(tmp_path: Path) -> None:
    data = make_data(tmp_path / "data", activities=[act("A1", "2024-01-02", "C1")])
    for name in ("crm_activities_2023.xls", "crm_activities_2022.XLSB", "eksport.ods", "crm_activities.csv.bak",
                 "External-2024.yaml", "noter.txt", "crm-aktiviteter_2024.csv"):
        (data / name).write_bytes(b"x\n")
    assert load_dataset(data).unread_files == ["External-2024.yaml", "crm-aktiviteter_2024.csv",
                                               "crm_activities.csv.bak", "crm_activities_2022.XLSB",
                                               "crm_activities_2023.xls", "eksport.ods", "noter.txt"]
    code, stdout, _ = _invoke("check-data", str(data), "--wide")  # the reasons whole, one a line
    assert code == 0
    assert stdout.endswith(
        "\nFiler i datamappen, som ingen kilde læser (de indgår ikke i noget tal):\n"
        "  External-2024.yaml  (ligner external-<år>.yaml, men kun præcis det navn læses (små bogstaver, "
        "firecifret år))\n"
        "  crm-aktiviteter_2024.csv\n"
        "  crm_activities.csv.bak  (en kopi af en datafil? læses ikke)\n"
        "  crm_activities_2022.XLSB  (binært Excel-format (.xlsb), kan ikke læses; gem som .xlsx i Excel)\n"
        "  crm_activities_2023.xls  (gammelt Excel-format (.xls), kan ikke læses; gem som .xlsx i Excel)\n"
        "  eksport.ods  (OpenDocument-regneark (.ods), kan ikke læses; gem som .xlsx eller .csv)\n"
        "  noter.txt\n")
    assert unread_lines(["crm_activities_2023.xls"], "en")[1] == (
        "  crm_activities_2023.xls  (old Excel format (.xls), cannot be read; save as .xlsx in Excel)")


def test_r15_an_xls_in_place_of_the_export_stops_the_run_naming_it_and_why(tmp_path: Path) -> None:
    data = shutil.copytree(SAMPLE, tmp_path / "data")
    (data / "crm_activities_2023.csv").unlink()
    (data / "crm_activities_2024.csv").rename(data / "crm_activities_2024.xls")
    assert _error(data) == (
        f"Fejl [no-source-files]: {data}: ingen fil til aktiviteter (crm_activities*.csv, crm_activities*.xlsx) efter "
        "profilen 'canonical'; mappen indeholder crm_activities_2024.xls (gammelt Excel-format (.xls), kan ikke "
        "læses; gem som .xlsx i Excel), evaluations.csv, external-2024.yaml. Forkert mappe eller forkerte filnavne? "
        "Har en kilde ingen data, så læg en fil med kun overskriftsrækken i mappen. Har eksporten slet ikke kilden, "
        "så skriv den som null i profilen (fx evaluations: null).\n")


def test_pattern_semantics() -> None:
    assert pattern_matches("crm_activities*.csv", "CRM_Activities_2024.CSV")
    assert not pattern_matches("crm_activities*.csv", "arkiv/crm_activities_2024.csv")
    assert pattern_matches("eksport/*.xlsx", "Eksport/a.XLSX") and pattern_matches("eksport\\*.xlsx", "eksport/a.xlsx")
    assert pattern_matches("**/*.csv", "a.csv") and pattern_matches("**/*.csv", "a/b/c.csv")
    assert not pattern_matches("**", "a.csv")
    assert [pattern_reaches(p, "eksport") for p in ("eksport/*.csv", "*.csv", "**/*.csv", "*/x/*.csv", "**")] == \
        ["named", None, "any", "named", None]
    assert unread_note("arkiv/external-2024.yaml") == ("external-<år>.yaml læses kun i selve datamappen",
                                                       "external-<year>.yaml is read in the data folder only")
    assert unread_note("README.md") is None and unread_note("crm.csv") is None


def test_a_files_entry_applies_to_its_files_whatever_their_case(tmp_path: Path) -> None:
    write_csv(tmp_path, "KOLLEKTIV_2024.CSV", ACTIVITY_HEADER, [act("A1", "2024-01-02", "C1", kind="")])
    profile = tmp_path / "p.yaml"
    profile.write_text("document: profile\nname: p\ntitle: P\nsources:\n  activities:\n    files:\n"
                       "      - pattern: kollektiv*.csv\n        constants: {activity_type: kollektiv}\n",
                       encoding="utf-8")
    complete(tmp_path)
    assert list(load_dataset(tmp_path, profile=str(profile)).activities.frame["activity_type"]) == ["kollektiv"]


# --- R08 and friends: what is not a regular file ------------------------------------------------------

@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
@pytest.mark.parametrize("name", ["crm_activities_2024.csv", "crm_activities_2024.XLSX", "external-2025.yaml",
                                  "hubmonitor.yaml"])
def test_r08_a_fifo_named_like_an_input_stops_the_run_without_blocking(tmp_path: Path, name: str) -> None:
    data = shutil.copytree(SAMPLE, tmp_path / "data")
    (data / name).unlink(missing_ok=True)
    os.mkfifo(data / name)
    done = _subprocess("evaluate", str(MIDTJYLLAND), "--data", str(data))  # no writer: an open would block
    assert done.returncode == 1
    assert done.stderr == (f"Fejl [not-a-regular-file]: {name}: er en FIFO (navngivet pipe), ikke en almindelig fil; "
                           "den læses ikke\n")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_no_pattern_names_is_listed_and_never_opened(tmp_path: Path) -> None:
    data = make_data(tmp_path / "data", activities=[act("A1", "2024-01-02", "C1")])
    os.mkfifo(data / "noter.pipe")
    assert load_dataset(data).unread_files == ["noter.pipe"]


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero here")
def test_a_device_behind_a_data_name_is_refused(tmp_path: Path) -> None:
    data = make_data(tmp_path / "data", activities=[act("A1", "2024-01-02", "C1")])
    (data / "crm_activities_2025.csv").symlink_to("/dev/zero")
    assert _error(data) == ("Fejl [not-a-regular-file]: crm_activities_2025.csv: er en tegnenhed (fx /dev/zero), "
                            "ikke en almindelig fil; den læses ikke\n")


# --- point 10: symbolic links --------------------------------------------------------------------------

def _outside(tmp_path: Path) -> Path:
    other = tmp_path / "andet"
    write_csv(other, "crm_activities_2024.csv", ACTIVITY_HEADER, [act("X1", "2024-01-02", "X1")])
    return other


def test_a_symlinked_file_pointing_out_of_the_folder_is_refused(tmp_path: Path) -> None:
    other = _outside(tmp_path)
    data = make_data(tmp_path / "data", activities=[act("A1", "2024-01-02", "C1")])
    (data / "crm_activities_2023.csv").symlink_to(other / "crm_activities_2024.csv")
    assert _error(data) == ("Fejl [outside-data-folder]: crm_activities_2023.csv: er et symbolsk link til en fil uden "
                            "for datamappen; den læses ikke, kopiér filen ind i mappen\n")


def test_a_symlinked_file_inside_the_folder_is_read_and_a_broken_one_refused(tmp_path: Path) -> None:
    data = make_data(tmp_path / "data", activities=[])
    write_csv(data / "arkiv", "2024.csv", ACTIVITY_HEADER, [act("A1", "2024-01-02", "C1")])
    (data / "crm_activities_2024.csv").symlink_to(data / "arkiv" / "2024.csv")
    assert sorted(load_dataset(data).activities.frame["activity_id"]) == ["A1"]
    (data / "crm_activities_2025.csv").symlink_to(data / "findes-ikke.csv")
    assert _error(data) == ("Fejl [broken-link]: crm_activities_2025.csv: er et symbolsk link til en fil, der ikke "
                            "findes\n")


def test_patterns_do_not_follow_a_symlinked_folder_out_of_the_data_folder(tmp_path: Path) -> None:
    other = _outside(tmp_path)
    data = make_data(tmp_path / "data", activities=[act("A1", "2024-01-02", "C1")])
    (data / "eksport").symlink_to(other, target_is_directory=True)
    profile = tmp_path / "p.yaml"
    profile.write_text("document: profile\nname: p\ntitle: P\nsources:\n  activities:\n"
                       "    files: [crm_activities*.csv, eksport/*.csv]\n", encoding="utf-8")
    assert _error(data, "--profile", str(profile)) == (
        "Fejl [linked-folder]: eksport/: er et symbolsk link til en mappe; mønstret 'eksport/*.csv' følger ikke links "
        "ud af datamappen; kopiér filerne ind i mappen\n")
    profile.write_text("document: profile\nname: p\ntitle: P\nsources:\n  activities:\n"
                       "    files: ['**/crm_activities*.csv']\n", encoding="utf-8")
    dataset = load_dataset(data, profile=str(profile))  # ** does not go into it: named, not read
    assert (list(dataset.activities.frame["activity_id"]), dataset.unread_files) == (["A1"], ["eksport/"])


def test_the_data_folder_itself_may_be_reached_through_a_link(tmp_path: Path) -> None:
    data = make_data(tmp_path / "data", activities=[act("A1", "2024-01-02", "C1")])
    (tmp_path / "genvej").symlink_to(data, target_is_directory=True)
    assert load_dataset(tmp_path / "genvej").activities.frame.height == 1


# --- R10: file names that are not UTF-8, or hold control characters -----------------------------------

@pytest.mark.skipif(sys.platform == "darwin", reason="macOS file systems refuse names that are not UTF-8")
def test_r10_a_non_utf8_file_name_is_named_not_a_traceback(tmp_path: Path) -> None:
    data = shutil.copytree(SAMPLE, tmp_path / "data")
    os.rename(data / "crm_activities_2024.csv", os.fsencode(data) + b"/crm_activities_2024_\xff.csv")
    assert _error(data) == ("Fejl [file-name-not-utf8]: crm_activities_2024_\\xff.csv: filnavnet er ikke gyldigt "
                            "UTF-8 (de ulæselige bytes er vist som \\x..); omdøb filen\n")
    os.rename(os.fsencode(data) + b"/crm_activities_2024_\xff.csv", os.fsencode(data) + b"/noter_\xff.txt")
    shutil.copy(SAMPLE / "crm_activities_2024.csv", data)
    code, stdout, _ = _invoke("evaluate", str(MIDTJYLLAND), "--data", str(data))
    assert code == 0 and stdout.endswith("\n  noter_\\xff.txt\n")  # not read by any source: listed, escaped


def test_a_line_break_in_a_file_name_is_shown_escaped(tmp_path: Path) -> None:
    write_csv(tmp_path, "crm_activities\n2024.csv", ACTIVITY_HEADER, [act("A1", "2024-01-02", "C1")])
    complete(tmp_path)
    frame = load_dataset(tmp_path).activities.frame
    assert set(frame["_file"]) == {"crm_activities\\n2024.csv"}


# --- point 9: bounded scans ------------------------------------------------------------------------------

def test_more_files_than_a_source_may_read_are_refused_before_reading(tmp_path: Path) -> None:
    data = make_data(tmp_path / "data", activities=[])
    for i in range(1, 1_001):  # 1,001 with crm_activities.csv: one over the limit
        (data / f"crm_activities_{i:04d}.csv").write_text(ACTIVITY_HEADER + "\n", encoding="utf-8")
    assert _error(data) == (
        "Fejl [too-many-files]: crm_activities.csv: mønstrene for aktiviteter (crm_activities*.csv, "
        "crm_activities*.xlsx) passer på 1.001 filer; højst 1.000 læses: saml rækkerne i færre filer\n")


def test_the_folder_scan_stops_at_its_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = make_data(tmp_path / "data", activities=[])
    (data / "arkiv").mkdir()
    for i in range(60):
        (data / "arkiv" / f"{i}.txt").write_bytes(b"")
    looked: list[str] = []
    classify = dataset_module._classify

    def counting(entry: os.DirEntry[str], name: str, root: Path) -> Any:
        looked.append(name)
        return classify(entry, name, root)

    monkeypatch.setattr(dataset_module, "_classify", counting)
    monkeypatch.setattr(dataset_module, "MAX_ENTRIES", 50)
    assert load_dataset(data).unread_files == ["arkiv/"]  # not entered: no pattern reaches into it
    assert len(looked) == 3
    profile = tmp_path / "p.yaml"
    profile.write_text("document: profile\nname: p\ntitle: P\nsources:\n  activities:\n"
                       "    files: ['**/crm_activities*.csv']\n", encoding="utf-8")
    looked.clear()
    with pytest.raises(DataError, match=r"datamappen \(med de undermapper mønstrene når ind i\) har mere end 50 "
                                        r"filer og mapper"):
        load_dataset(data, profile=str(profile))
    assert len(looked) <= 50


def test_a_folder_that_cannot_be_listed_stops_only_when_a_pattern_names_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = make_data(tmp_path / "data", activities=[act("A1", "2024-01-02", "C1")])
    (data / "låst").mkdir()
    scandir = os.scandir

    def refusing(path: Any) -> Any:
        if Path(path).name == "låst":
            raise PermissionError(13, "Permission denied")
        return scandir(path)

    monkeypatch.setattr(dataset_module.os, "scandir", refusing)  # a test run as root may read any folder
    profile = tmp_path / "p.yaml"
    profile.write_text("document: profile\nname: p\ntitle: P\nsources:\n  activities:\n"
                       "    files: ['**/crm_activities*.csv']\n", encoding="utf-8")
    assert load_dataset(data, profile=str(profile)).unread_files == ["låst/"]
    profile.write_text("document: profile\nname: p\ntitle: P\nsources:\n  activities:\n"
                       "    files: [crm_activities*.csv, 'låst/*.csv']\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"^låst/: mappen kan ikke læses \(ingen adgang\) / the folder cannot be "
                                        r"read \(permission denied\)$"):
        load_dataset(data, profile=str(profile))


def test_the_file_being_read_is_known_to_the_last_resort_guard(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    _workbook(tmp_path / "crm_activities.xlsx", {"A": [HEADER, *ROWS]})
    complete(tmp_path)

    def broken(self: xlsx.Workbook, sheet: str, header_row: int = 1) -> xlsx.Sheet:
        raise ZeroDivisionError("unforeseen")

    monkeypatch.setattr(xlsx.Workbook, "read", broken)
    with pytest.raises(ZeroDivisionError):
        load_dataset(tmp_path)
    assert last_read() == "crm_activities.xlsx [A]"
    code, _, stderr = _invoke("check-data", str(tmp_path))
    assert code == 1 and "crm_activities.xlsx [A]" in stderr and stderr.count("\n") == 1
