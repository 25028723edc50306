"""Reading CSV exports as Danish systems write them, and clear messages when they cannot be read."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import complete, load_folder

from hubmonitor.cli import main

HEADER = ("activity_id,date,company_id,cvr,company_name,municipality,segment,activity_type,growth_programme,"
          "referred,topics")
ROW = "A1,2024-03-01,C1,,Bæk & Søn ApS,Århus,Vækst,individuel,ja,nej,grøn"


def _write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


def _row(dataset_dir: Path) -> dict:
    table = load_folder(dataset_dir).activities
    assert table.frame.height == 1
    return table.frame.row(0, named=True)


@pytest.mark.parametrize(
    ("encoding", "prefix"),
    [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("cp1252", b"")],
    ids=["utf-8", "utf-8 with BOM", "windows-1252"],
)
def test_encodings_are_detected(tmp_path: Path, encoding: str, prefix: bytes) -> None:
    _write(tmp_path, "crm_activities.csv", prefix + f"{HEADER}\n{ROW}\n".encode(encoding))
    row = _row(tmp_path)
    # 'Århus' (with its Å intact) resolves to Aarhus; 'Vækst' to vækst; 'grøn' stays grøn.
    assert (row["municipality"], row["segment"], row["topics"]) == ("Aarhus", "vækst", ["grøn"])


@pytest.mark.parametrize("separator", [";", "\t"])
def test_semicolon_and_tab_separators(tmp_path: Path, separator: str) -> None:
    text = f"{HEADER}\n{ROW}\n".replace(",", separator)
    _write(tmp_path, "crm_activities.csv", text.encode("utf-8"))
    assert _row(tmp_path)["company_id"] == "C1"


def test_quoted_separator_in_header_does_not_fool_the_sniffer(tmp_path: Path) -> None:
    header = HEADER.replace("company_name", '"company_name;with;semicolons"')
    _write(tmp_path, "crm_activities.csv", f"{header}\n{ROW}\n".encode())
    assert _row(tmp_path)["municipality"] == "Aarhus"


def test_header_only_file_is_read_and_listed(tmp_path: Path) -> None:
    _write(tmp_path, "crm_activities.csv", f"{HEADER}\n".encode())
    table = load_folder(tmp_path).activities
    assert (table.frame.height, table.files) == (0, [("crm_activities.csv", None)])


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", r"filen er tom \(ingen overskrift, ingen rækker\): eksportér den igen, eller flyt den ud af datamappen, "
              r"hvis perioden ikke har data"),
        (b"\n\n  \n", r"filen er tom .*"),
        (b"PK\x03\x04\x14\x00\x00\x00\x08\x00binary", r"filen er ikke en tekstfil \(CSV\).*"),
        (f"{HEADER}\n{ROW}\nA2,2024-03-02,\"C2,unterminated\n".encode(),
         r"kan ikke læses som CSV \(skilletegn ','\).*"),
        (b"dato;company_id;segment\n2024-01-01;C1;drift\n",
         r"mangler kolonne\(r\) efter profilen 'canonical': date \(prøvede 'date'\); "
         r"fandt 'dato', 'company_id', 'segment'"),
    ],
    ids=["empty", "blank lines", "binary renamed .csv", "truncated quote", "missing columns"],
)
def test_unreadable_files_give_a_message_naming_the_file(tmp_path: Path, content: bytes, message: str) -> None:
    _write(tmp_path, "crm_activities.csv", content)
    complete(tmp_path)
    result = CliRunner().invoke(main, ["check-data", str(tmp_path)])
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)  # no traceback
    code = (r" \[missing-column\]" if "mangler kolonne" in message else r" \[empty-file\]" if "filen er tom" in message
            else "")
    assert re.fullmatch(rf"Fejl{code}: crm_activities\.csv: {message}\n", result.stderr, re.S), result.stderr


def test_script_in_a_cell_is_just_text(tmp_path: Path) -> None:
    row = ROW.replace("Århus", "<script>alert(1)</script>")
    _write(tmp_path, "crm_activities.csv", f"{HEADER}\n{row}\n".encode())
    table = load_folder(tmp_path).activities
    assert table.counts == {"unknown-municipality": 1}
    assert table.findings[0].value == "<script>alert(1)</script>"


@pytest.mark.parametrize("ragged", [False, True], ids=["polars", "the careful reader"])
def test_a_quoted_heading_with_a_quote_is_read_as_written(tmp_path: Path, ragged: bool) -> None:
    '''A review: the heading field "Kommune ""navn""" (CSV's way of writing Kommune "navn") was read as
    Kommune ""navn"", so a profile naming Kommune "navn" found no such column; its cells were read right. A
    heading whose single-quote form is another column's stays as it is.'''
    from hubmonitor.io.text_files import read_text_csv, unquoted_headings

    body = 'a,"Kommune ""navn""",b\n1,"Aarhus ""C""",2\n' + ("3,4,5,6\n" if ragged else "")
    table = read_text_csv(_write(tmp_path, "x.csv", body.encode()), "x.csv", row_problems="quarantine")
    assert table.frame.columns == ["a", 'Kommune "navn"', "b"]
    assert table.frame['Kommune "navn"'][0] == 'Aarhus "C"'
    assert unquoted_headings(['x""y', 'x"y']) == ['x""y', 'x"y']


def test_two_headings_that_read_alike_once_unquoted_stay_two_columns(tmp_path: Path) -> None:
    """A review: two unquoted headings with quotes in them (hostile, not CSV) that read alike once their doubled
    quotes are read as one made two columns of one name, and the read stopped ("DuplicateError")."""
    from hubmonitor.io.text_files import unquoted_headings

    assert unquoted_headings(['p""q"r', 'p"q""r', "x"]) == ['p"q"r', 'p"q""r', "x"]
