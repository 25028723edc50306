"""The same data through the canonical CSV and through the ESCRM-style Excel profile.

``tests/escrm_export.py`` writes the spec's example data both ways (one-to-one value changes,
invalid values kept as they were). The results JSON must be identical except for where things
came from: the data folder, the file names and sheets.
"""

from __future__ import annotations

import copy
import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from escrm_export import write_canonical_split, write_escrm
from helpers import MIDTJYLLAND, SAMPLE

import hubmonitor
from hubmonitor.io.results_json import to_document


@pytest.fixture(scope="module")
def folders(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("parity")
    write_canonical_split(SAMPLE, base / "canonical")
    write_escrm(SAMPLE, base / "escrm")
    return base / "canonical", base / "escrm"


def _without_origins(doc: dict[str, Any]) -> dict[str, Any]:
    doc = copy.deepcopy(doc) | {"data_dir": None}
    quality = doc["data_quality"]
    for item in quality["inputs"]:
        item["file"] = item["sheet"] = None
        item.pop("headings", None)  # the export's own headings of the columns: an origin too
    for key in ("quarantined", "warnings"):
        quality[key] = sorted((_placeless(f) for f in quality[key]), key=lambda f: json.dumps(f, sort_keys=True))
    return doc


def _placeless(finding: dict[str, Any]) -> dict[str, Any]:
    """A finding without its file and sheet, its other row without its file (``_other_row``), and without
    an unreadable date's note of the profile's date format (the profile's, an origin too)."""
    if finding.get("detail", "").startswith("profilens datoformat: "):
        finding = {k: v for k, v in finding.items() if k not in ("detail", "detail_en")}
    return {**finding, "file": None, "sheet": None, **_other_row(finding)}


def _other_row(finding: dict[str, Any]) -> dict[str, Any]:
    """A duplicate's other row without its file (or workbook and sheet): ``crm.xlsx [Data]:265`` and
    ``crm_activities_2024.csv:265`` are the same row of the two exports."""
    return {key: re.sub(r"[^\s;:]+(?: \[[^\]]*\])?:(\d+)", r"<file>:\1", finding[key])
            for key in ("detail", "detail_en") if key in finding}


@pytest.mark.parametrize("as_of", [None, date(2024, 6, 30)], ids=["full year", "as of 30 June"])
def test_canonical_csv_and_escrm_excel_give_the_same_results(folders: tuple[Path, Path], as_of: date | None) -> None:
    canonical, escrm = folders
    via_csv = to_document(hubmonitor.evaluate(MIDTJYLLAND, canonical, as_of=as_of))
    via_excel = to_document(hubmonitor.evaluate(MIDTJYLLAND, escrm, as_of=as_of, profile="escrm-excel"))
    assert _without_origins(via_excel) == _without_origins(via_csv)
    # ...and it is the real thing: the workbook's sheets were read, four quarantined rows found. The
    # accounting covers 2024: the 2023 workbook holds no row of it, each sheet of the 2024 workbook
    # one row of another year (4,419 and 2,761 rows), the evaluations 200 responses of 2023.
    sheets = [(i["file"], i["sheet"], i["rows_read"]) for i in via_excel["data_quality"]["inputs"]]
    assert sheets == [("escrm_2024.xlsx", "Møder", 4418), ("escrm_2024.xlsx", "Arrangementer", 2760),
                      ("brugerevaluering_evaluations.csv", None, 1400)]
    assert via_excel["data_quality"]["quarantined_total"] == 4


def test_escrm_findings_point_at_the_sheet_and_excel_row(folders: tuple[Path, Path]) -> None:
    _, escrm = folders
    before = {p.name: p.read_bytes() for p in escrm.iterdir()}
    report = hubmonitor.evaluate(MIDTJYLLAND, escrm, profile="escrm-excel")
    assert {p.name: p.read_bytes() for p in escrm.iterdir()} == before  # the export is only read
    bad_date = next(f for f in report.data_quality.findings if f.code == "bad-date")
    assert (bad_date.file, bad_date.sheet, bad_date.row, bad_date.value) == (
        "escrm_2024.xlsx", "Møder", 60, "2024-13-45")
    # the formats the profile reads, beside the canonical one the message names (a review, 7 December 2026)
    assert (bad_date.detail, bad_date.detail_en) == ("profilens datoformat: DD-MM-YYYY, DD.MM.YYYY",
                                                     "the profile's date format: DD-MM-YYYY, DD.MM.YYYY")
    # named by the workbook's own heading where it is shown (the results keep "date")
    from hubmonitor.render.format import export_headings, shown_column

    assert (bad_date.column, shown_column(bad_date, export_headings(report.data_quality))) == (
        "date", "Mødedato_Møder")


def test_the_figures_match_the_spec_example_through_excel(folders: tuple[Path, Path]) -> None:
    _, escrm = folders
    expected = json.loads((Path(__file__).parent / "fixtures" / "example-midtjylland-2024" / "expected.json")
                          .read_text(encoding="utf-8"))
    report = hubmonitor.evaluate(MIDTJYLLAND, escrm, profile="escrm-excel")
    for target in report.targets:
        figures = {"value": target.value, "numerator": target.numerator, "denominator": target.denominator}
        exp = expected[target.id]
        assert {k: figures[k] for k in figures if k in exp} == {k: exp[k] for k in figures if k in exp}, target.id
