"""hubmonitor check-data: the data-quality report alone, and the CSV of rows to fix."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from helpers import MIDTJYLLAND, SAMPLE

from hubmonitor.cli import main

DATA = str(SAMPLE)  # as given on the command line


def test_check_data_reports_and_writes_the_rows_to_fix(tmp_path: Path) -> None:
    csv_out, json_out = tmp_path / "q.csv", tmp_path / "q.json"
    result = CliRunner().invoke(main, ["check-data", DATA, "--csv", str(csv_out), "--json", str(json_out)])
    assert result.exit_code == 0, result.stderr
    # No contract, so no period: every clean row is used; 7,180 = 7,151 + 4 + 25.
    assert "crm_activities_2024.csv: 7.180 = 7.151 brugt + 4 i karantæne + 25 dubletter" in result.stdout
    assert "4 rækker i karantæne skrevet til" in result.stderr

    raw = csv_out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # so Danish Excel reads æ, ø, å right
    lines = raw.decode("utf-8-sig").splitlines()
    # every cell quoted; ids with the apostrophe that keeps them text in a spreadsheet
    assert lines[0] == ('"source";"file";"sheet";"row";"reasons";"activity_id";"date";"company_id";"cvr";'
                        '"company_name";"municipality";"segment";"activity_type";"growth_programme";"referred";"topics";'
                        '"registered_at"')
    assert lines[1] == ('"activities";"crm_activities_2024.csv";"";"102";"bad-date (date)";"\'A0012742";'
                        '"2024-13-45";"\'ACC-108996";"\'64006851";"Virksomhed 8996 ApS";"ikast-brande";"drift";'
                        '"individuel";"Nej";"";"";""')
    assert len(lines) == 5

    doc = json.loads(json_out.read_text(encoding="utf-8"))
    assert (doc["rows_read"], doc["rows_used"], doc["quarantined_total"]) == (14369, 14340, 4)
    assert {(q["row"], q["code"]) for q in doc["quarantined"]} == {
        (102, "bad-date"), (951, "unknown-segment"), (3667, "unknown-municipality"), (3763, "missing-company-id")}


def test_check_data_strict(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["check-data", DATA, "--strict"])
    assert result.exit_code == 1


def test_input_files_are_never_modified(tmp_path: Path) -> None:
    before = {p.name: p.read_bytes() for p in Path(DATA).iterdir()}
    CliRunner().invoke(main, ["check-data", DATA, "--csv", str(tmp_path / "q.csv")])
    CliRunner().invoke(main, ["evaluate", str(MIDTJYLLAND), "--data", DATA,
                              "--json", str(tmp_path / "r.json")])
    assert {p.name: p.read_bytes() for p in Path(DATA).iterdir()} == before
