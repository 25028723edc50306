"""A company's name or id in a file's name, a sheet's or a heading is masked in every output that
travels (a privacy review): the year's export saved as "crm_activities_Jensens Tømrer ApS 27182828.csv"
was named in full in the results, on the report page, in the workbook and in the terminal, while a
duplicate's message masked it; a sheet and an extra heading named "Nordisk Fjer" (a company of the
data) stood beside their own mask; "tilbud Nordisk Fjer.pdf" was listed among the files not read.
The figures and counts stay those of the same data under plain names: the masking is done once the
year's findings are chosen."""

from __future__ import annotations

import io
import json
import shutil
import zipfile
from pathlib import Path

import xlsxwriter
from helpers import MIDTJYLLAND, SAMPLE

import hubmonitor
from hubmonitor.findings import CompanyValues, place_words, shown_file_name, shown_name
from hubmonitor.render.html.site import build_site
from hubmonitor.render.workbook import workbook_bytes

COMPANY_FILE = "crm_activities_Jensens Tømrer ApS 27182828.csv"
HEADINGS = ["activity_id", "date", "company_id", "cvr", "company_name", "municipality", "segment", "activity_type",
            "growth_programme", "referred", "topics"]
PRIVATE = ("Jensens", "Nordisk", "27182828", "NF-1")


def _folder(root: Path, file_name: str, sheet: str, heading: str, unread: str) -> Path:
    folder = root / "data"
    folder.mkdir(parents=True)
    for name in ("crm_activities_2023.csv", "evaluations.csv", "external-2024.yaml"):
        shutil.copy(SAMPLE / name, folder / name)
    text = (SAMPLE / "crm_activities_2024.csv").read_text(encoding="utf-8")
    # Nordisk Fjer is a company of the data (a row of its own); a duplicate row, so that a finding names the file
    rows = text.rstrip("\n").split("\n")
    rows += ["Z1,2024-05-03,NF-1,31415926,Nordisk Fjer,Aarhus,drift,individuel,nej,nej,", rows[5]]
    (folder / file_name).write_text("\n".join(rows) + "\n", encoding="utf-8")
    book = xlsxwriter.Workbook(str(folder / "crm_activities_x.xlsx"))
    sheet_ = book.add_worksheet(sheet)
    sheet_.write_row(0, 0, [*HEADINGS, heading])
    sheet_.write_row(1, 0, ["Z2", "2024-08-02", "NF-1", "31415926", "Nordisk Fjer", "Aarhus", "drift", "individuel",
                            "nej", "nej", "", "y"])
    book.close()
    (folder / unread).write_text("x", encoding="utf-8")
    return folder


def _outputs(report: hubmonitor.Report) -> list[str]:
    site = build_site([report], lang="da", generated="2025-01-01", workbooks=False)
    book = zipfile.ZipFile(io.BytesIO(workbook_bytes(report, "da")))
    return [report.model_dump_json(), *(content.decode("utf-8") for content in site.values()),
            *(book.read(name).decode("utf-8") for name in book.namelist() if name.endswith(".xml"))]


def test_company_names_in_files_sheets_and_headings_are_masked(tmp_path: Path) -> None:
    plain = hubmonitor.evaluate(MIDTJYLLAND, _folder(tmp_path / "a", "crm_activities_2024.csv", "Aktiviteter",
                                                     "Ekstra", "tilbud.pdf"))
    named = hubmonitor.evaluate(MIDTJYLLAND, _folder(tmp_path / "b", COMPANY_FILE, "Nordisk Fjer", "Nordisk Fjer",
                                                     "tilbud Nordisk Fjer.pdf"))
    for text in _outputs(named):
        assert not any(word in text for word in PRIVATE), [w for w in PRIVATE if w in text]
    shown = json.loads(named.model_dump_json())
    files = [i["file"] for i in shown["data_quality"]["inputs"]]
    assert "XXX_XXXXXXXXXX_XXXXXXX XXXXXX XXX ########.csv" in files
    assert [i["sheet"] for i in shown["data_quality"]["inputs"] if i["file"] == "crm_activities_x.xlsx"] == [
        "XXXXXXX XXXX"]
    assert shown["unread_files"] == ["XXXXXX XXXXXXX XXXX.pdf"]
    assert any(f["column"] == "XXXXXXX XXXX" for f in shown["data_quality"]["findings"])  # the extra heading
    # the same figures and the same counts per code as under plain names (the names are masked last)
    assert [(t.id, t.value, t.status) for t in named.targets] == [(t.id, t.value, t.status) for t in plain.targets]
    assert ({s.code: s.count for s in named.data_quality.summary}
            == {s.code: s.count for s in plain.data_quality.summary})
    assert ([(i.rows_read, i.rows_used, i.quarantined) for i in named.data_quality.inputs]
            == [(i.rows_read, i.rows_used, i.quarantined) for i in plain.data_quality.inputs])
    assert len(named.data_quality.findings) == len(plain.data_quality.findings)


def test_a_place_is_masked_by_whole_words_of_a_company_not_by_an_ids_shape() -> None:
    known = CompanyValues.of(["Q9", "2024", "AB-12"], ["Nordisk Fjer ApS", "Aarhus Tømrer"])
    # (runs of the export's own words alone, "crm", "crm activities", are not compared)
    assert place_words("crm_activities_Nordisk Fjer") == sorted(
        {"crm activities nordisk", "crm activities nordisk fjer", "activities nordisk", "activities nordisk fjer",
         "nordisk", "nordisk fjer", "fjer"})
    assert shown_file_name("crm_activities_Nordisk Fjer.csv", known) == "XXX_XXXXXXXXXX_XXXXXXX XXXX.csv"
    assert shown_file_name("eksport/Q9.txt", known) == "eksport/X#.txt"
    # a year, a month or an id's shape alone is no company: "2024" is one of the ids only by its digits' shape
    # here, and a run of words must hold a letter ("2024" itself is never compared)
    assert shown_file_name("crm_activities_2024-03.csv", known) == "crm_activities_2024-03.csv"
    assert shown_file_name("XY-34 liste.csv", known) == "XY-34 liste.csv"  # the shape of AB-12, not it
    assert shown_file_name("Nordisk.csv", known) == "Nordisk.csv"  # a word of a name, not the name
    assert shown_name("Aarhus Tømrer", known) == "XXXXXX XXXXXX" and shown_name("Aarhus", known) == "Aarhus"
    assert shown_name("Ark1", known) == "Ark1" and shown_file_name("crm.csv") == "crm.csv"


def test_a_duplicates_detail_masks_the_place_as_its_finding_does(tmp_path: Path) -> None:
    """The other row of a duplicate is named in the finding's detail ("første gang i …:265"): a file named
    by a company of the data ("crm_activities_Nordisk Fjer.csv", no company form) was masked in the
    finding's place and named in full in its detail (a second review)."""
    folder = tmp_path / "data"
    shutil.copytree(SAMPLE, folder)
    year = folder / "crm_activities_2024.csv"
    header, *rows = year.read_text(encoding="utf-8").rstrip("\n").split("\n")
    year.unlink()
    rows += ["Z1,2024-05-03,NF-1,31415926,Nordisk Fjer,Aarhus,drift,individuel,nej,nej,", rows[5]]
    (folder / "crm_activities_Nordisk Fjer.csv").write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    report = hubmonitor.evaluate(MIDTJYLLAND, folder)
    copies = [f for f in report.data_quality.findings if f.code == "duplicate-row" and f.row == len(rows) + 1]
    assert [(f.file, f.detail, f.detail_en) for f in copies] == [
        ("XXX_XXXXXXXXXX_XXXXXXX XXXX.csv", "første gang i XXX_XXXXXXXXXX_XXXXXXX XXXX.csv:7",
         "first in XXX_XXXXXXXXXX_XXXXXXX XXXX.csv:7")]
    assert "Nordisk" not in report.model_dump_json()


def test_names_with_punctuation_and_the_exports_own_words() -> None:
    """A name or id with punctuation inside ("Hansen & Søn", "ACC-1234") is masked in a place as it is in
    a cell (a second review found them never masked); the words an export's files are named by
    ("crm", "activities", "evaluations", "data") and the schema's column names are never a company's,
    whatever the data hold (a company "CRM ApS" masked every file and "Segment ApS" the column)."""
    known = CompanyValues.of(["ACC-1234"], ["Hansen & Søn ApS", "Kaffe.dk ApS", "CRM ApS", "Evaluations ApS",
                                            "Data ApS"])
    assert shown_file_name("Hansen & Søn 2024.csv", known) == "XXXXXX & XXX ####.csv"
    assert shown_file_name("ACC-1234 rapport.csv", known) == "XXX-#### XXXXXXX.csv"
    assert shown_file_name("kaffe.dk.csv", known) == "XXXXX.XX.csv"
    assert shown_name("ACC-1234", known) == "XXX-####"
    for plain in ("crm_activities_2024.csv", "evaluations_2024.csv", "data/crm_activities_2024-03.csv"):
        assert shown_file_name(plain, known) == plain


def test_a_schema_column_is_never_masked_as_a_company(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    shutil.copytree(SAMPLE, folder)
    year = folder / "crm_activities_2024.csv"
    year.write_text(year.read_text(encoding="utf-8")
                    + "Z1,2024-05-03,SG-1,,Segment ApS,Aarhus,drift,individuel,nej,nej,\n", encoding="utf-8")
    report = hubmonitor.evaluate(MIDTJYLLAND, folder)
    columns = {f.column for f in report.data_quality.findings if f.code == "unknown-segment"}
    assert columns == {"segment"}
