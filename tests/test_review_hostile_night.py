"""A hostile-input review's findings of 6 December 2026, night, each failing on the code before.

- YAML 1.1 reads numbers in forms nobody means: ``06_00`` is octal 384, ``10:00`` base 60 (600),
  ``0x258`` hexadecimal, ``5_000`` 5000. A contract's threshold ``06_00`` turned a goal of 600 into 384
  and flipped a verdict, an external figure ``aware: 063_1`` became 409, both without a word (only a
  plain leading zero, ``0631``, was refused). Now any number not written as digits (a sign, a point,
  an exponent) is refused with its line and what YAML would have read; a key so written stays text.
- A formula cell saved without its value (openpyxl and many report tools write formulas uncomputed)
  was read as empty: a ``referred`` column of ``=IF(TRUE,"ja","nej")`` became "nej" on every row, the
  referral rate 0,0 % instead of 78,6 %, without a finding. Now such a cell is an error cell: its row
  is quarantined and named.
- A profile pattern of many ``**`` took exponential time over deep folders (eight ``**`` over forty
  nested folders ran past 100 s).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import xlsxwriter
from click.testing import CliRunner
from helpers import ACTIVITY_HEADER, MIDTJYLLAND, SAMPLE, act, complete

import hubmonitor
from hubmonitor.cli import _parse_years, main
from hubmonitor.contract.yaml_source import read_yaml
from hubmonitor.errors import ContractError
from hubmonitor.findings import finding, shown_name
from hubmonitor.io.dataset import load_dataset
from hubmonitor.io.external import validate_external
from hubmonitor.io.results_json import dumps
from hubmonitor.profile import model
from hubmonitor.profile.model import pattern_matches


def _yaml(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "x.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(("written", "read"), [
    ("06_00", "384"), ("10:00", "600"), ("0x258", "600"), ("0b1001011000", "600"), ("5_000", "5000"),
    ("063_1", "409"), ("1_0.5", "10.5"), ("-0o17", "-0o17"),
])
def test_a_number_yaml_would_read_otherwise_is_refused_with_its_line(tmp_path: Path, written: str, read: str) -> None:
    path = _yaml(tmp_path, f"a: 1\nthreshold: {written}\n")
    if read == written:  # not a number to YAML at all: text, as written
        assert read_yaml(path, "x.yaml").data == {"a": 1, "threshold": written}
        return
    with pytest.raises(ContractError) as info:
        read_yaml(path, "x.yaml")
    (problem,) = info.value.problems
    assert (problem.line, problem.path) == (2, "threshold")
    assert problem.text("da") == (f"x.yaml:2 threshold: '{written}' er ikke skrevet som et almindeligt tal (YAML ville "
                                  f"læse det som {read}); skriv tallet med cifre alene, uden _, :, 0x, 0b eller et "
                                  "foranstillet 0, eller sæt det i anførselstegn, hvis det er tekst")
    assert problem.text("en").startswith(f"x.yaml:2 threshold: '{written}' is not written as a plain number (YAML "
                                         f"would read it as {read})")


@pytest.mark.parametrize("key", ["data_date", "date"])
def test_a_time_under_a_date_key_is_said_to_be_no_date(tmp_path: Path, key: str) -> None:
    """``data_date: 10:00`` got the number hint ("skriv tallet med cifre alene"), which leads nowhere
    for a date: under a key holding a date the hint is how a date is written."""
    path = _yaml(tmp_path, f"{key}: 10:00\n")
    with pytest.raises(ContractError) as info:
        read_yaml(path, "x.yaml")
    (problem,) = info.value.problems
    assert problem.text("da") == (f"x.yaml:1 {key}: '10:00' er ikke en dato (YAML ville læse det som tallet 600); "
                                  "skriv datoen ÅÅÅÅ-MM-DD, fx 2025-09-30")
    assert problem.text("en") == (f"x.yaml:1 {key}: '10:00' is not a date (YAML would read it as the number 600); "
                                  "write the date YYYY-MM-DD, e.g. 2025-09-30")


def test_plain_numbers_and_a_municipality_code_are_read_as_before(tmp_path: Path) -> None:
    text = "a: 600\nb: -0.5e+15\nc: 0751\nd: 0.8\ne: +3\nf: 0\ng: 1.\nh: .5\n06_00: x\n"
    data = read_yaml(_yaml(tmp_path, text), "x.yaml").data
    assert data == {"a": 600, "b": -0.5e15, "c": "0751", "d": 0.8, "e": 3, "f": 0, "g": 1.0, "h": 0.5,
                    "06_00": "x"}  # a key as written, not octal 384


def test_an_external_figure_written_octal_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "external-2024.yaml"
    path.write_text("awareness:\n  respondents: 1180\n  aware: 063_1\n", encoding="utf-8")
    figures, problems = validate_external(path, "external-2024.yaml")
    assert figures is None
    assert [p.text("da") for p in problems] == [
        "external-2024.yaml:3 awareness.aware: '063_1' er ikke skrevet som et almindeligt tal (YAML ville læse det "
        "som 409); skriv tallet med cifre alene, uden _, :, 0x, 0b eller et foranstillet 0, eller sæt det i "
        "anførselstegn, hvis det er tekst"]


def _formula_workbook(path: Path, saved: bytes = b"") -> Path:
    """Three activities; the second's ``referred`` a formula written without its value (``saved``: what
    stands in its place: nothing, or openpyxl's empty ``<v />``)."""
    header = ACTIVITY_HEADER.split(",")
    rows = [act(f"A{i}", "2024-03-01", f"C{i}").split(",") for i in range(1, 4)]
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("A")
    for i, row in enumerate([header, *rows]):
        sheet.write_row(i, 0, row)
    column = header.index("referred")
    sheet.write_formula(2, column, '=IF(TRUE,"ja","nej")', None, "ja")
    book.close()
    with zipfile.ZipFile(path) as zf:
        parts = [(info, zf.read(info.filename)) for info in zf.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info, data in parts:
            if info.filename == "xl/worksheets/sheet1.xml":
                data, n = re.subn(rb"(<f>[^<]*</f>)<v>[^<]*</v>", rb"\1" + saved, data)
                assert n == 1  # the saved value taken out, as a program that does not compute writes it
            out.writestr(info.filename, data)
    return path


@pytest.mark.parametrize("saved", [b"", b"<v />", b"<v/>"], ids=["none", "openpyxl", "empty"])
def test_a_formula_without_a_saved_value_quarantines_its_row(tmp_path: Path, saved: bytes) -> None:
    _formula_workbook(tmp_path / "crm_activities_2024.xlsx", saved)
    complete(tmp_path)
    table = load_dataset(tmp_path).activities
    found = [(f.code, f.row, f.column, f.value) for f in table.findings if f.code == "excel-error"]
    assert found == [("excel-error", 3, "referred", "=…")]
    (message,) = [f.message for f in table.findings if f.code == "excel-error"]
    assert message == "Excel-fejlværdi i cellen (=…); rækken bruges ikke"
    usable = table.frame.filter(~table.frame["_quarantine"])
    assert usable["activity_id"].to_list() == ["A1", "A3"]  # A2 is not read as "nej"


def test_a_saved_formula_value_is_read(tmp_path: Path) -> None:
    path = tmp_path / "crm_activities_2024.xlsx"
    header = ACTIVITY_HEADER.split(",")
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("A")
    sheet.write_row(0, 0, header)
    sheet.write_row(1, 0, act("A1", "2024-03-01", "C1").split(","))
    sheet.write_formula(1, header.index("referred"), '=IF(TRUE,"ja","nej")', None, "ja")
    book.close()
    complete(tmp_path)
    table = load_dataset(tmp_path).activities
    assert [f.code for f in table.findings if f.code == "excel-error"] == []
    assert table.frame["referred"].to_list() == [True]


def test_many_double_stars_match_in_polynomial_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """Counted, not timed: each (pattern part, path part) is compared at most once."""
    calls = 0
    compare = model.fnmatchcase

    def counted(name: str, pattern: str) -> bool:
        nonlocal calls
        calls += 1
        return compare(name, pattern)

    monkeypatch.setattr(model, "fnmatchcase", counted)
    deep = "/".join(["d"] * 16) + "/crm_activities_2024.csv"  # 17 parts
    pattern = "/".join(["**"] * 6) + "/crm_activities*.csv"  # 7 parts
    assert pattern_matches(pattern, deep)
    assert not pattern_matches(pattern + "x", deep)
    assert calls <= 2 * 7 * 17  # the search before made some 75,000 comparisons here (and grows exponentially)
    assert pattern_matches("**/crm*.csv", "crm.csv") and pattern_matches("a/**/crm*.csv", "a/b/c/crm.csv")
    assert not pattern_matches("a/**/crm*.csv", "crm.csv")
    assert not pattern_matches("**", "crm.csv")  # the rest must name the file


def test_a_heading_or_a_sheet_named_like_company_data_is_masked_in_findings(tmp_path: Path) -> None:
    """A heading "Hemmelig Kunde ApS" and "86046431", a sheet "Novo Nordisk A-S 24256790": the findings'
    messages masked them, their column and sheet did not (terminal, results, report, workbook)."""
    book = xlsxwriter.Workbook(tmp_path / "crm_activities_2024.xlsx")
    sheet = book.add_worksheet("Aktiviteter")
    sheet.write_row(0, 0, [*ACTIVITY_HEADER.split(","), "Hemmelig Kunde ApS", "86046431"])
    for i in range(1, 4):
        sheet.write_row(i, 0, [*act(f"A{i}", "2024-03-01", f"C{i}").split(","), "x", "y"])
    book.add_worksheet("Novo Nordisk A-S 24256790").write_row(0, 0, ["a", "b"])
    book.close()
    complete(tmp_path)
    for lang in ("da", "en"):
        result = CliRunner().invoke(main, ["check-data", "--lang", lang, str(tmp_path), "--json", "-"])
        assert result.exit_code == 0, result.output
        for secret in ("Hemmelig", "Kunde", "86046431", "Novo", "Nordisk", "24256790"):
            assert secret not in result.stdout and secret not in result.stderr
    assert "[XXXX XXXXXXX X-X ########]" in result.stderr  # the sheet's shape, as a file name's
    made = finding("unmapped-column", "f.xlsx", None, "Hemmelig Kunde ApS", "Hemmelig Kunde ApS", sheet="Ark 1")
    assert (made.column, made.sheet) == ("XXXXXXXX XXXXX XXX", "Ark 1")  # a plain sheet name as it is
    assert finding("bad-date", "f.csv", 2, "date", "32-01-2024").column == "date"


@pytest.mark.parametrize("args", [
    ["evaluate", str(MIDTJYLLAND), "--data", ""],
    ["evaluate", "", "--data", str(SAMPLE)],
    ["check-data", ""],
    ["check-data", "  "],
])
def test_an_empty_path_is_refused_not_read_as_the_working_folder(args: list[str]) -> None:
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert "tom sti; angiv en fil eller en mappe / Error: Invalid value for " in result.stderr
    assert "empty path; give a file or a folder" in result.stderr


@pytest.mark.parametrize("spec", ["2024-", "２０２４", "2024-2O25", "24", "2024--2025"])
def test_a_year_span_is_four_ascii_digits_or_two_of_them(spec: str) -> None:
    result = CliRunner().invoke(main, ["evaluate", str(MIDTJYLLAND).replace("2024", "{year}"), "--years", spec,
                                       "--data", str(SAMPLE)])
    assert result.exit_code == 2
    assert f"'--years': {spec!r}: skriv fx 2022-2025 eller 2022,2024" in result.stderr
    assert _parse_years(" 2022 - 2024 , 2026") == [2022, 2023, 2024, 2026]


@pytest.mark.parametrize(("key", "value", "where"), [
    ("value", "NaN", "targets[0].value"), ("value", "Infinity", "targets[0].value"),
    ("target", 1e308, "targets[0].target"), ("target", -1e15, "targets[0].target"),
])
def test_a_results_file_with_a_number_the_pages_cannot_write_is_refused_by_its_path(
        tmp_path: Path, key: str, value: object, where: str) -> None:
    """pydantic reads "NaN" written as text as a number; the dashboard then stopped with 'Uventet fejl'
    (xlsxwriter's NAN/INF, decimal's InvalidOperation for 1e308)."""
    document = json.loads(dumps(hubmonitor.evaluate(MIDTJYLLAND, SAMPLE)))
    document["targets"][0][key] = value
    path = tmp_path / "r.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    result = CliRunner().invoke(main, ["dashboard", str(path), "--out", str(tmp_path / "site")])
    assert (result.exit_code, result.stderr) == (
        1, f"Fejl [bad-results]: {path}: {where} er ikke et endeligt tal under 10^15; ikke en resultatfil fra "
           "hubmonitor evaluate --json (rettet i hånden?)\n")
    assert not (tmp_path / "site").exists()


def test_an_empty_string_a_formula_computed_is_a_saved_value(tmp_path: Path) -> None:
    """Excel saves a formula whose result is "" as ``<v></v>``: a value (an empty cell), not an error."""
    _formula_workbook(tmp_path / "crm_activities_2024.xlsx", b"<v></v>")
    complete(tmp_path)
    table = load_dataset(tmp_path).activities
    assert [f.code for f in table.findings if f.code == "excel-error"] == []
    assert table.frame.filter(~table.frame["_quarantine"])["activity_id"].to_list() == ["A1", "A2", "A3"]
    assert table.frame["referred"].to_list() == [False, False, False]  # A2's "" is a blank: no


@pytest.mark.parametrize(("name", "shown"), [
    ("2024-03", "2024-03"), ("Periode 2024-2025", "Periode 2024-2025"), ("Arrangementer 2023/2024", None),
    ("Møder_2023-2024_2025", None), ("Kommunekode", None), ("Hemmelig Kunde ApS", "XXXXXXXX XXXXX XXX"),
    ("86 04 64 31", "## ## ## ##"), ("DK86046431", "XX########"), ("kontakt@firma.dk", "XXXXXXX@XXXXX.XX"),
])
def test_a_name_is_masked_by_a_company_s_marks_not_by_a_date(name: str, shown: str | None) -> None:
    assert shown_name(name) == (name if shown is None else shown)


def test_a_key_yaml_would_read_as_another_number_stays_as_written(tmp_path: Path) -> None:
    data = read_yaml(_yaml(tmp_path, "1_000.5: a\n1:30.5: b\n0x10: c\n2024: d\n"), "x.yaml").data
    assert data == {"1_000.5": "a", "1:30.5": "b", "0x10": "c", 2024: "d"}


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", "Error: Invalid value for '--years': '2024-': write e.g. 2022-2025 or 2022,2024"),
    ("da", "Fejl: ugyldig værdi for '--years': '2024-': skriv fx 2022-2025 eller 2022,2024"),
])
def test_a_usage_error_after_lang_is_in_that_language(lang: str, expected: str) -> None:
    result = CliRunner().invoke(main, ["evaluate", "--lang", lang, str(MIDTJYLLAND).replace("2024", "{year}"),
                                       "--years", "2024-", "--data", str(SAMPLE)])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert lines[-1] == expected
    assert lines[0].startswith("Usage: " if lang == "en" else "Brug: ")
    assert " / " not in result.stderr


def test_a_binary_file_named_csv_is_said_whole_in_english(tmp_path: Path) -> None:
    (tmp_path / "crm_activities_2024.csv").write_bytes(bytes(range(256)) * 40)
    complete(tmp_path)
    result = CliRunner().invoke(main, ["evaluate", "--lang", "en", str(MIDTJYLLAND), "--data", str(tmp_path)])
    assert result.stderr == ("Error: crm_activities_2024.csv: the file is not a text (CSV) file; is it a spreadsheet "
                             "or an image with the wrong extension?\n")


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize(("args", "expected"), [
    (["evaluate", "--lang", "en", str(MIDTJYLLAND), "--data", str(SAMPLE)],
     "Error: standard output cannot be written: the disk is full\n"),
    (["schema", "contract"], "Fejl: standardoutput kan ikke skrives: disken er fuld\n"),
])
def test_a_full_standard_output_is_said_not_an_unforeseen_error(args: list[str], expected: str) -> None:
    with open("/dev/full", "w") as full:
        done = subprocess.run([sys.executable, "-m", "hubmonitor.cli", *args], stdout=full, stderr=subprocess.PIPE,
                              text=True, timeout=120, check=False)
    assert (done.returncode, done.stderr) == (1, expected)


def test_a_character_that_turns_the_text_s_direction_is_refused_with_its_line(tmp_path: Path) -> None:
    path = _yaml(tmp_path, "a: 1\ntitle: Kontrakt \u202egnp.exe\n")
    with pytest.raises(ContractError) as info:
        read_yaml(path, "x.yaml")
    (problem,) = info.value.problems
    assert problem.text("da") == ("x.yaml:2: tegnet U+202E (vender tekstens retning) er ikke tilladt: det får en "
                                  "tekst til at se anderledes ud, end den er; slet det")
    assert problem.text("en").startswith("x.yaml:2: the character U+202E (turns the text's direction) is not allowed")
    assert read_yaml(_yaml(tmp_path, "title: Ærø Kommune – \u00e6\u00f8\u00e5\n"), "x.yaml").data == {
        "title": "Ærø Kommune – æøå"}


def test_a_column_with_an_empty_heading_and_data_is_listed_by_its_place(tmp_path: Path) -> None:
    """An empty heading over values was ignored without a finding; two were named '_duplicated_0'.
    A heading seen twice is named as written both times; an empty column without data is not listed."""
    header = ACTIVITY_HEADER + ",,Noter,Noter,"
    rows = [act("A1", "2024-03-01", "C1") + ",zz,a,b,", act("A2", "2024-03-02", "C2") + ",,,,",
            act("A3", "2024-03-03", "C3") + ", ,c,,"]
    (tmp_path / "crm_activities_2024.csv").write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    complete(tmp_path)
    table = load_dataset(tmp_path).activities
    width = len(ACTIVITY_HEADER.split(","))
    found = [(f.column, f.value) for f in table.findings if f.code == "unmapped-column"]
    assert found == [(f"#{width + 1}", ""), ("Noter", "Noter"), ("Noter", "Noter")]  # the last, empty: not listed
    assert all("_duplicated_" not in f.message for f in table.findings)
