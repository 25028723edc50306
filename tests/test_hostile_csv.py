"""Hostile and broken CSV files and cells (issue 16, points 3, 5, 7 and 9): every one gives a finding
at its row or a one-line message naming the file and the row, never a traceback, a wrong figure or
a message holding the file; see docs/decisions.md, "Hostile input" for the limits."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import polars as pl
import pytest
import xlsxwriter
from click.testing import CliRunner
from helpers import ACTIVITY_HEADER, EVALUATION_HEADER, MIDTJYLLAND, SAMPLE, act, complete, ev, load_folder, write_csv
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hubmonitor.cli import main
from hubmonitor.contract.loader import load_contract
from hubmonitor.engine.evaluate import evaluate
from hubmonitor.engine.quality import dataset_quality
from hubmonitor.errors import DataError
from hubmonitor.extension import ColumnSpec, SourceSpec
from hubmonitor.findings import finding
from hubmonitor.io.canonical import read_table
from hubmonitor.io.dataset import load_dataset
from hubmonitor.io.mapping import Part, RawSource
from hubmonitor.io.reading import forget_last_read, last_read
from hubmonitor.io.text_files import MAX_COLUMNS, RowProblem, RowProblems, read_text_csv, row_problem_column
from hubmonitor.profile.model import SourceMapping
from hubmonitor.reference import load_registry
from hubmonitor.render.terminal import quality_lines
from hubmonitor.report import DataQuality, FindingSummary
from hubmonitor.schema import ACTIVITIES, SCHEMA, Kind

ROWS = [act("A1", "2024-03-01", "C1", "Aarhus"), act("A2", "2024-03-02", "C2", "Skive", topics="grøn"),
        act("A3", "2024-03-03", "C3", "Viborg")]


def _file(folder: Path, data: bytes, name: str = "crm_activities.csv") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(data)
    return path


def _text(lines: list[str], end: str = "\n") -> bytes:
    return (end.join([ACTIVITY_HEADER, *lines]) + end).encode("utf-8")


def _check_data(folder: Path) -> tuple[int, str]:
    complete(folder)
    result = CliRunner().invoke(main, ["check-data", str(folder)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception  # no traceback
    return result.exit_code, result.stderr


def _refused(folder: Path) -> str:
    code, stderr = _check_data(folder)
    assert code == 1
    assert stderr.count("\n") == 1 and len(stderr) < 600, stderr  # one short line
    return stderr


def _table(folder: Path) -> pl.DataFrame:
    return load_folder(folder).activities.frame.select("_row", "activity_id", "municipality")


EXPECTED = [(2, "A1", "Aarhus"), (3, "A2", "Skive"), (4, "A3", "Viborg")]


# --- R04: odd Unicode digits in a municipality ----------------------------------------------

@pytest.mark.parametrize("value", ["²", "٣", "１０１", "７５１", "٧٥١.0", "7⁵1", "²³.0", "9" * 5000 + ".0"])
def test_r04_superscript_digit_in_municipality_is_a_finding(tmp_path: Path, value: str) -> None:
    _file(tmp_path, _text([act("A1", "2024-03-01", "C1", value), act("A2", "2024-03-01", "C2", "751.0")]))
    table = load_folder(tmp_path).activities
    assert table.counts == {"unknown-municipality": 1}
    assert [(f.row, f.column) for f in table.findings] == [(2, "municipality")]
    assert table.frame["municipality"].to_list() == [None, "Aarhus"]


def test_r04_only_ascii_digits_are_a_municipality_code() -> None:
    registry = load_registry()
    odd = ("²", "٣", "１０１", "٧٥١", "٧٥١.0", "9" * 5000, "9" * 5000 + ".0")
    assert [registry.resolve(v) for v in odd] == [None] * len(odd)
    assert [m.name for m in map(registry.resolve, ("751", "0751", "751.0")) if m] == ["Aarhus"] * 3



def test_o_written_oe_is_read_and_no_two_municipalities_fold_alike() -> None:
    """"Ringkoebing-Skjern", "Koege", "Helsingoer", "Aeroe": ø written in ASCII as oe, the usual way (a
    review: quarantined as unknown municipalities). No municipality's own name holds "oe" nor do two
    names fold to one key, so no name is read as another."""
    from hubmonitor.reference import normalise_name
    registry = load_registry()
    read = {v: m.name for v in ("Ringkoebing-Skjern", "Koege", "Helsingoer kommune", "AEROE", "Fanoe", "Toender")
            if (m := registry.resolve(v)) is not None}
    assert read == {"Ringkoebing-Skjern": "Ringkøbing-Skjern", "Koege": "Køge", "Helsingoer kommune": "Helsingør",
                    "AEROE": "Ærø", "Fanoe": "Fanø", "Toender": "Tønder"}
    names = [m.name for m in registry.all]
    assert len({normalise_name(n) for n in names}) == len(names) == 98
    assert not [n for n in names if "oe" in n.lower()]


@pytest.mark.parametrize("value", ["Gentofte\u00a0Kommune", "Gentofte\u2003Kommunes", " Gentofte  kommune ",
                                   "GENTOFTE\u00a0KOMMUNE"])
def test_a_municipality_with_any_space_before_kommune_is_read(tmp_path: Path, value: str) -> None:
    """A no-break space before "Kommune" (as a spreadsheet's export writes it) made the municipality
    unknown, where the same name with a plain space was read (a review)."""
    _file(tmp_path, _text([act("A1", "2024-03-01", "C1", value)]))
    table = load_folder(tmp_path).activities
    assert table.counts == {}
    assert table.frame["municipality"].to_list() == ["Gentofte"]

# --- R05: header names that collide once trimmed, in CSV and in a workbook ------------------

@pytest.mark.parametrize(("extra", "named"), [("date ", "date "), (" Date", "Date"), ("DATE ", "DATE")])
def test_r05_header_colliding_after_trim_is_read_not_a_traceback(tmp_path: Path, extra: str, named: str) -> None:
    header = f"{ACTIVITY_HEADER},{extra}"
    write_csv(tmp_path, "crm_activities.csv", header, [act("A1", "2024-03-01", "C1") + ",2020-01-01"])
    table = load_folder(tmp_path).activities
    assert [(row, str(day)) for row, day in table.frame.select("_row", "date").iter_rows()] == [(2, "2024-03-01")]
    # the column named exactly "date" is read, the other named as its namesake (it was called a column of no field)
    assert [(f.code, f.value, f.severity) for f in table.findings] == [("namesake-column", named, "warning")]


def test_r05_a_heading_written_twice_with_other_values_stops_the_run(tmp_path: Path) -> None:
    """The same heading twice (the company's 'municipality' and the event's): the first was read and
    the other called a column of no field; the spread fell from 10 to 0 municipalities without a word
    (a review). Both orders of the two columns, the file named."""
    header = f"{ACTIVITY_HEADER},date"
    write_csv(tmp_path, "crm_activities.csv", header, [act("A1", "2024-03-01", "C1") + ",2020-01-01"])
    with pytest.raises(DataError, match=r"crm_activities\.csv: overskriften 'date' står 2 gange i filen, og kolonnerne "
                                        r"holder ikke de samme værdier") as caught:
        load_folder(tmp_path)
    assert caught.value.code == "ambiguous-column"


@pytest.mark.parametrize("extra", ["date", "date ", "Date"])
def test_r05_a_column_repeated_cell_for_cell_is_read_once_without_a_note(tmp_path: Path, extra: str) -> None:
    # the same once trimmed, as every value is read (a review: " 2024-03-02" stopped the run)
    header = f"{ACTIVITY_HEADER},{extra}"
    write_csv(tmp_path, "crm_activities.csv", header, [act("A1", "2024-03-01", "C1") + ",2024-03-01",
                                                         act("A2", "2024-03-02", "C2") + ", 2024-03-02"])
    table = load_folder(tmp_path).activities
    assert [str(day) for day in table.frame["date"]] == ["2024-03-01", "2024-03-02"]
    assert table.findings == []


def _workbook_with(path: Path, extra: str, extra_value: str) -> None:
    workbook = xlsxwriter.Workbook(path / "crm_activities.xlsx")
    sheet = workbook.add_worksheet()
    for j, text in enumerate([*ACTIVITY_HEADER.split(","), extra]):
        sheet.write_string(0, j, text)
    for j, text in enumerate([*act("A1", "2024-03-01", "C1").split(","), extra_value]):
        sheet.write_string(1, j, text)
    workbook.close()


@pytest.mark.parametrize("extra", ["date ", " Date"])
def test_r05_workbook_header_colliding_after_trim(tmp_path: Path, extra: str) -> None:
    _workbook_with(tmp_path, extra, "2020-01-01")
    table = load_folder(tmp_path).activities
    assert str(table.frame["date"][0]) == "2024-03-01"
    assert table.counts == {"namesake-column": 1}


def test_r05_workbook_heading_written_twice(tmp_path: Path) -> None:
    """calamine names the second 'date' 'date_1' (a name a heading may have of its own): it is found a
    repeat from the header row, as in a CSV file; with other values the run stops, the same values are read."""
    _workbook_with(tmp_path, "date", "2020-01-01")
    with pytest.raises(DataError, match=r"overskriften 'date' står 2 gange i filen") as caught:
        load_folder(tmp_path)
    assert caught.value.code == "ambiguous-column"
    _workbook_with(tmp_path, "date", "2024-03-01")
    table = load_folder(tmp_path).activities
    assert (str(table.frame["date"][0]), table.findings) == ("2024-03-01", [])


def test_r05_workbook_repeat_beside_a_heading_written_like_calamines_name(tmp_path: Path) -> None:
    # 'municipality' twice (the same values) and a column written 'municipality_1', which calamine names
    # 'municipality_1_1': the repeat is read once, the other column named as written
    workbook = xlsxwriter.Workbook(tmp_path / "crm_activities.xlsx")
    sheet = workbook.add_worksheet()
    for j, text in enumerate([*ACTIVITY_HEADER.split(","), "municipality", "municipality_1"]):
        sheet.write_string(0, j, text)
    for j, text in enumerate([*act("A1", "2024-03-01", "C1").split(","), "Aarhus", "Skive"]):
        sheet.write_string(1, j, text)
    workbook.close()
    table = load_folder(tmp_path).activities
    assert table.frame["municipality"].to_list() == ["Aarhus"]
    assert [(f.code, f.value) for f in table.findings] == [("unmapped-column", "municipality_1")]


def test_r05_workbook_heading_like_calamines_name_for_a_repeat_is_its_own_column(tmp_path: Path) -> None:
    # 'municipality_1' written as such (no second 'municipality'): a column of no field, named as written
    _workbook_with(tmp_path, "municipality_1", "Aarhus")
    table = load_folder(tmp_path).activities
    assert table.frame["municipality"].to_list() == ["Aarhus"]
    assert [(f.code, f.value) for f in table.findings] == [("unmapped-column", "municipality_1")]


# --- impossible dates, huge and non-finite numbers ------------------------------------------

@pytest.mark.parametrize("value", ["2024-02-30", "0000-01-01", "99999-01-01", "1899-12-31", "2100-01-01",
                                   "٢٠٢٤-٠١-٠١", "2024-٠٢-29", "9" * 400])
def test_impossible_dates_are_bad_date_findings(tmp_path: Path, value: str) -> None:
    _file(tmp_path, _text([act("A1", "2024-02-29", "C1"), act("A2", value, "C2")]))
    table = load_folder(tmp_path).activities
    assert table.counts == {"bad-date": 1}
    assert [(f.code, f.row, f.column) for f in table.findings] == [("bad-date", 3, "date")]
    assert table.frame.select("_row", "_quarantine").rows() == [(2, False), (3, True)]


def test_the_first_and_last_plausible_dates_are_read(tmp_path: Path) -> None:
    _file(tmp_path, _text([act("A1", "1900-01-01", "C1"), act("A2", "2099-12-31", "C2")]))
    table = load_folder(tmp_path).activities
    assert [str(d) for d in table.frame["date"]] == ["1900-01-01", "2099-12-31"]
    assert table.counts == {}


@pytest.mark.parametrize("value", ["9" * 400, "1e400", "NaN", "nan", "inf", "-inf", "Infinity", "٧", "７", "⁷",
                                   "7.5", "1e1", "99999999999999999999"])
def test_huge_and_non_finite_scores_are_bad_nps(tmp_path: Path, value: str) -> None:
    write_csv(tmp_path, "evaluations.csv", EVALUATION_HEADER, [ev("R1", nps="7.0"), ev("R2", nps=value)])
    table = load_folder(tmp_path).evaluations
    assert table.counts == {"bad-nps": 1}
    assert [(f.row, f.column) for f in table.findings] == [(3, "nps")]
    assert table.frame["nps"].to_list() == [7, None]


def test_a_whole_score_with_a_decimal_comma_is_read_as_the_docs_say(tmp_path: Path) -> None:
    """docs/input-formats.md: a whole number is read "also 7.0 or 7,0 from a spreadsheet"; '7,0' was
    quarantined (and the whole answer with it) unless the profile said ``decimal: ","``. Three digits after
    either mark are never a whole number: '7.000' and '7,000' may be seven thousand."""
    scores = ["7,0", "10,00", "7.00", " 8,0 ", "7,000", "7,5", "7,"]
    write_csv(tmp_path, "evaluations.csv", EVALUATION_HEADER,  # quoted: the comma is the file's separator
              [f'R{i},2024-06-01,C1,drift,,,,,"{v}",' for i, v in enumerate(scores)])
    table = load_folder(tmp_path).evaluations
    assert table.frame["nps"].to_list() == [7, 10, 7, 8, None, None, None]
    assert table.counts == {"bad-nps": 3}


def test_huge_and_non_finite_numbers_in_an_added_column_are_bad_number(tmp_path: Path) -> None:
    values = ["12.5", "9" * 400, "1e400", "-1e400", "NaN", "inf", "-inf", "٣", "1e308"]
    write_csv(tmp_path, "crm_activities.csv", ACTIVITY_HEADER + ",employees",
              [act(f"A{i}", "2024-03-01", f"C{i}") + f",{v}" for i, v in enumerate(values)])
    complete(tmp_path)
    block = {"activities": SourceSpec(columns={"employees": ColumnSpec(kind="number")})}
    table = load_dataset(tmp_path, data=[block]).activities
    assert table.frame["employees"].to_list() == [12.5, None, None, None, None, None, None, None, 1e308]
    assert table.counts == {"bad-number": 7}
    assert [f.row for f in table.findings] == [3, 4, 5, 6, 7, 8, 9]


# --- R14: every value outside a vocabulary is a finding ------------------------------------

def test_r14_unknown_topic_is_a_counted_warning_with_examples(tmp_path: Path) -> None:
    write_csv(tmp_path, "evaluations.csv", EVALUATION_HEADER, [
        ev("R1", topics="Grøn omstilling"), ev("R2", topics="digitalt;grøn-omstilling"), ev("R3", topics="klima"),
        ev("R4", topics="Grønt;eksport"), ev("R5", topics="strategi;Ledelse"), ev("R6")])
    table = load_folder(tmp_path).evaluations
    assert table.frame.select("_row", "topics", "_quarantine").rows() == [
        (2, ["grøn"], False), (3, ["digitalisering", "grøn"], False), (4, ["klima"], False),
        (5, ["grønt", "eksport"], False), (6, ["strategi", "ledelse"], False), (7, None, False)]  # R6: no topic
    assert table.counts == {"unknown-topic": 2}
    assert [(f.code, f.severity, f.row, f.column, f.value) for f in table.findings] == [
        ("unknown-topic", "warning", 4, "topics", "klima"), ("unknown-topic", "warning", 5, "topics", "grønt")]


def test_r14_a_topic_the_profile_maps_to_is_known(tmp_path: Path) -> None:
    write_csv(tmp_path, "evaluations.csv", EVALUATION_HEADER, [ev("R1", topics="Innovation"), ev("R2", topics="Web")])
    (tmp_path / "hubmonitor.yaml").write_text("profile: p.yaml\n", encoding="utf-8")
    (tmp_path / "p.yaml").write_text(
        "document: profile\nname: p\ntitle: P\nsources:\n  evaluations:\n    files: [evaluations*.csv]\n"
        "    values:\n      topics: {Innovation: innovation}\n", encoding="utf-8")
    table = load_folder(tmp_path).evaluations
    assert table.frame["topics"].to_list() == [["innovation"], ["web"]]
    assert [(f.row, f.value) for f in table.findings] == [(3, "web")]


def test_r14_unknown_topics_in_the_sample_are_reported_with_the_target(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(SAMPLE, data)
    path = data / "evaluations.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    changed = [i + 1 for i, line in enumerate(lines) if line.endswith(",Grøn")]
    path.write_text("\n".join(line[:-len("Grøn")] + "Grønt" if line.endswith(",Grøn") else line for line in lines),
                    encoding="utf-8")
    assert len(changed) == 63
    contract = load_contract(MIDTJYLLAND)
    before = evaluate(contract, load_dataset(SAMPLE))
    after = evaluate(contract, load_dataset(data))
    target = {t.id: t for t in before.targets}["M5.green_effect"]
    moved = {t.id: t for t in after.targets}["M5.green_effect"]
    assert moved.denominator is not None and target.denominator is not None
    lost = target.denominator - moved.denominator
    assert lost > 0  # the figure moves, and says why:
    summary = {s.code: s.count for s in after.data_quality.summary}
    assert summary["unknown-topic"] >= lost
    assert {f.row for f in after.data_quality.findings if f.code == "unknown-topic"} <= set(changed)


def test_every_vocabulary_column_has_a_finding_for_a_value_outside_it() -> None:
    for schema in SCHEMA.values():
        for column in schema.columns:
            if column.kind in (Kind.ENUM, Kind.BOOLEAN, Kind.TAGS, Kind.MUNICIPALITY):
                assert column.invalid, column.name


# --- R18: messages that name the row, never quote the file ---------------------------------

def _accounting(folder: Path) -> list[tuple[str, int, int, int, int, int]]:
    """(file, read, used, quarantined, duplicates, outside) of each input with rows, through ``check-data``'s
    own accounting; read = used + quarantined + duplicates + outside."""
    rows = [(i.file, i.rows_read, i.rows_used, i.quarantined, i.duplicates, i.outside_period)
            for i in dataset_quality(load_folder(folder)).inputs if i.rows_read]
    assert all(read == used + quarantined + duplicates + outside
               for _, read, used, quarantined, duplicates, outside in rows), rows
    return rows


def test_r18_ragged_row_names_the_row(tmp_path: Path) -> None:
    """One stray field in one row quarantines that row (named with file:row), not the file."""
    _file(tmp_path, _text([*ROWS[:2], ROWS[2] + ",extra"]))
    table = load_folder(tmp_path).activities
    assert [(f.code, f.file, f.row, f.column, f.value) for f in table.findings] == [
        ("ragged-row", "crm_activities.csv", 4, None, "13 > 12")]
    assert table.frame.select("_row", "activity_id", "_quarantine").rows() == [
        (2, "A1", False), (3, "A2", False), (4, "A3", True)]
    assert _accounting(tmp_path) == [("crm_activities.csv", 3, 2, 1, 0, 0)]
    code, stderr = _check_data(tmp_path)
    assert (code, stderr) == (0, "")


def test_r18_ragged_row_is_listed_by_check_data_csv(tmp_path: Path) -> None:
    _file(tmp_path, _text([*ROWS[:2], ROWS[2] + ",extra"]))
    complete(tmp_path)
    out = tmp_path.parent / f"{tmp_path.name}-q.csv"
    result = CliRunner().invoke(main, ["check-data", str(tmp_path), "--csv", str(out)])
    assert result.exit_code == 0, result.output
    lines = out.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith('"source";"file";"sheet";"row";"reasons";"activity_id";"date"')
    assert lines[1:] == ['"activities";"crm_activities.csv";"";"4";"ragged-row (13 > 12)";"\'A3";"2024-03-03";'
                         '"\'C3";"";"Firma C3";"Viborg";"drift";"individuel";"";"";"";""']


def test_r18_ragged_rows_are_listed_and_a_row_with_a_stray_cr_is_one_row(tmp_path: Path) -> None:
    rows = [act(f"A{i}", "2024-03-01", f"C{i}") for i in range(10)]
    rows[3] += "\r,extra"  # what sed '…s/$/,extra/' does to a CRLF line
    rows[5] += ",x,y"
    _file(tmp_path, _text(rows, "\r\n"))
    table = load_folder(tmp_path).activities
    assert [(f.code, f.row, f.value) for f in table.findings] == [("ragged-row", 5, "13 > 12"),
                                                                  ("ragged-row", 7, "14 > 12")]
    assert table.frame.filter("_quarantine").select("_row", "activity_id").rows() == [(5, "A3"), (7, "A5")]
    assert table.frame["activity_id"].to_list() == [f"A{i}" for i in range(10)]  # the CR row is one row
    assert _accounting(tmp_path) == [("crm_activities.csv", 10, 8, 2, 0, 0)]


def test_line_ends_that_change_within_a_file_end_rows(tmp_path: Path) -> None:
    """A CRLF export with rows ended by a CR alone (rows pasted from an old Mac program, two exports
    joined): polars and the careful reader split at LF only, and the rows ran together into one ragged
    row (three rows read as one, quarantined). A CR alone outside quotes now ends a row where every piece
    is a whole row; a CR inside a quoted cell stays the cell's, and a stray CR before extra fields stays a
    ragged row, counted at the row number a spreadsheet shows."""
    rows = [act(f"A{i}", "2024-03-01", f"C{i}") for i in range(8)]
    rows[3] = act("A3", "2024-03-01", "C3", "Viborg", name='"Firma\rC3"')  # a CR inside quotes
    joined = "\r\n".join([ACTIVITY_HEADER, rows[0], "\r".join(rows[1:3]), rows[3], "\r".join(rows[4:7]),
                           rows[7] + "\r,extra"]) + "\r\n"
    _file(tmp_path, joined.encode("utf-8"))
    table = load_folder(tmp_path).activities
    assert table.frame["activity_id"].to_list() == [f"A{i}" for i in range(8)]
    assert table.frame["_row"].to_list() == list(range(2, 10))
    assert [(f.code, f.row, f.value) for f in table.findings] == [("ragged-row", 9, "13 > 12")]
    assert _accounting(tmp_path) == [("crm_activities.csv", 8, 7, 1, 0, 0)]


def test_a_short_row_ended_by_a_cr_alone_is_a_row(tmp_path: Path) -> None:
    """A row pasted from an old program often lacks its last, empty fields: ended by a CR alone it ran
    into the next row (a review: 10 rows read as 9, two activities lost). A short piece is a row, as a
    short row is anywhere; a piece after the CR that does not begin with a value stays part of the row."""
    rows = [act(f"A{i}", "2024-03-01", f"C{i}") for i in range(5)]
    short = rows[2].rsplit(",", 2)[0]  # without topics and registered_at
    joined = "\r\n".join([ACTIVITY_HEADER, rows[0], rows[1], short + "\r" + rows[3], rows[4]]) + "\r\n"
    _file(tmp_path, joined.encode("utf-8"))
    table = load_folder(tmp_path).activities
    assert table.frame["activity_id"].to_list() == [f"A{i}" for i in range(5)]
    assert table.findings == []
    assert _accounting(tmp_path) == [("crm_activities.csv", 5, 5, 0, 0, 0)]


def test_a_cr_alone_ends_a_row_beside_a_quoted_cr_a_stray_quote_and_an_empty_id(tmp_path: Path) -> None:
    """A second review of the split: a record holding a quoted cell with a CR and a CR alone ending a row
    stayed one ragged row (the split cut inside the quotes too); so did a row with a quote inside a
    name (``"Firma" ApS``, read as it is on a line of its own) and a row of an export without activity
    ids, which begins with an empty field. Each is now the rows a spreadsheet shows."""
    rows = [act(f"A{i}", "2024-03-01", f"C{i}") for i in range(6)]
    quoted = act("A1", "2024-03-01", "C1", name='"Firma\rC1"')
    stray = act("A3", "2024-03-01", "C3", name='"Firma" ApS')
    no_id = act("", "2024-03-01", "C5")
    joined = "\r\n".join([ACTIVITY_HEADER, rows[0], quoted + "\r" + rows[2], stray + "\r" + rows[4] + "\r" + no_id])
    _file(tmp_path, (joined + "\r\n").encode("utf-8"))
    table = load_folder(tmp_path).activities
    assert table.frame["activity_id"].to_list() == ["A0", "A1", "A2", "A3", "A4", None]
    assert table.frame["company_id"].to_list() == [f"C{i}" for i in range(6)]
    assert table.findings == []
    assert _accounting(tmp_path) == [("crm_activities.csv", 6, 6, 0, 0, 0)]


def test_ids_marked_as_text_by_the_quarantine_csv_are_read_without_the_mark(tmp_path: Path) -> None:
    """check-data's quarantine CSV puts the spreadsheet's text mark before every id and CVR number
    (``'C1``); rows fixed there and read again counted each company a second time and made each CVR
    number a bad format (a review: M8.reach 6.912 for 5.197). One leading mark is not part of the id."""
    rows = [act("A1", "2024-03-01", "C1", cvr="12345674"), act("A2", "2024-03-02", "'C1", cvr="'12345674"),
            act("A3", "2024-03-03", "'C2", cvr="'87654303")]
    _file(tmp_path, _text(rows))
    table = load_folder(tmp_path).activities
    assert table.frame.select("company_id", "cvr").rows() == [("C1", "12345674"), ("C1", "12345674"),
                                                             ("C2", "87654303")]
    assert table.findings == []


def test_r18_a_ragged_row_whose_first_fields_are_empty_is_not_lost(tmp_path: Path) -> None:
    """A row whose cells under the header are all empty but that has an extra field is not a blank
    row (those are skipped): it is quarantined and counted."""
    _file(tmp_path, _text([ROWS[0], "," * 12 + "x", ROWS[1], ROWS[2]]))
    table = load_folder(tmp_path).activities
    assert {(f.code, f.row) for f in table.findings} == {  # the row lacks what it lacks, too
        ("ragged-row", 3), ("missing-date", 3), ("missing-company-id", 3), ("missing-municipality", 3),
        ("missing-segment", 3), ("missing-activity-type", 3)}
    assert table.frame.select("_row", "_quarantine").rows() == [(2, False), (3, True), (4, False), (5, False)]
    assert _accounting(tmp_path) == [("crm_activities.csv", 4, 3, 1, 0, 0)]


def test_r18_half_the_rows_ragged_are_quarantined_more_is_the_wrong_separator(tmp_path: Path) -> None:
    rows = [act(f"A{i}", "2024-03-01", f"C{i}") for i in range(4)]
    _file(tmp_path, _text([r + ",x" if i < 2 else r for i, r in enumerate(rows)]))  # 2 of 4: half
    assert _accounting(tmp_path) == [("crm_activities.csv", 4, 2, 2, 0, 0)]
    _file(tmp_path, _text([r + ",x" if i < 3 else r for i, r in enumerate(rows)]))  # 3 of 4
    assert _refused(tmp_path) == (
        "Fejl [ragged-row]: crm_activities.csv: række 2 har 13 felter, overskriften har 12; 3 af 4 rækker: er "
        "skilletegnet forkert, eller ender rækkerne med et skilletegn, som overskriften ikke har?\n")


def test_r18_an_extra_empty_field_is_ragged_too(tmp_path: Path) -> None:
    """A stray separator before the last column leaves it empty and shifts the row: not harmless."""
    _file(tmp_path, _text([ROWS[0], ROWS[1] + ",,", ROWS[2] + ", "]))
    assert _refused(tmp_path) == (
        "Fejl [ragged-row]: crm_activities.csv: række 3 har 14 felter, overskriften har 12; 2 af 3 rækker: er "
        "skilletegnet forkert, eller ender rækkerne med et skilletegn, som overskriften ikke har?\n")


def test_r18_most_rows_ragged_is_the_wrong_separator(tmp_path: Path) -> None:
    rows = [r.replace("Firma ", "Firma,") for r in ROWS]
    path = _file(tmp_path, _text(rows))
    with pytest.raises(DataError, match=r"række 2 har 13 felter, overskriften har 12; 3 af 3 rækker: er skilletegnet "
                                        r"forkert"):
        read_text_csv(path, "crm_activities.csv", row_problems="quarantine")


def test_r18_ragged_row_can_be_quarantined(tmp_path: Path) -> None:
    rows = [act(f"A{i}", "2024-03-01", f"C{i}") for i in range(5)]
    rows[2] += ",extra"
    path = _file(tmp_path, _text(rows))
    table = read_text_csv(path, "crm_activities.csv", row_problems="quarantine")
    assert table.row_problems == [RowProblem(4, "ragged-row", "13 > 12")]
    assert (table.first_data_row, table.frame.height, table.frame["activity_id"].to_list()) == (
        2, 5, ["A0", "A1", "A2", "A3", "A4"])


def test_a_row_problem_quarantines_the_row_with_its_finding() -> None:
    """What the reader's ``row_problems`` become once a part carries them as ``_row_problem``."""
    frame = pl.DataFrame({c: ["x", "y", "z"] for c in ACTIVITIES.names}).with_columns(
        date=pl.lit("2024-03-01"), municipality=pl.lit("Aarhus"), segment=pl.lit("drift"),
        activity_type=pl.lit("individuel"), growth_programme=pl.lit(""), referred=pl.lit(""), topics=pl.lit(""),
        registered_at=pl.lit(""), cvr=pl.lit(""), _row=pl.Series([2, 3, 4]), _file=pl.lit("f.csv"),
        _sheet=pl.lit(None, pl.String), _cell_error=pl.lit(None, pl.String),
        _row_problem=pl.Series([None, "ragged-row: 12 > 11", "nul-byte: company_name"]))
    raw = RawSource(iter([Part(frame)]))
    table = read_table(ACTIVITIES, raw, SourceMapping(files=["f.csv"]), load_registry())
    assert table.frame.select("_row", "_quarantine").rows() == [(2, False), (3, True), (4, True)]
    assert [(f.code, f.row, f.column, f.value) for f in table.findings] == [
        ("ragged-row", 3, None, "12 > 11"), ("nul-byte", 4, None, "company_name")]
    assert table.quarantined_rows is not None
    assert table.quarantined_rows["reasons"].to_list() == ["ragged-row (12 > 11)", "nul-byte (company_name)"]


def test_r18_unclosed_quote_names_the_row_where_it_opens(tmp_path: Path) -> None:
    rows = [act(f"A{i}", "2024-03-01", f"C{i}") for i in range(200)]
    rows[99] = rows[99].replace(",Firma", ',"Firma')
    _file(tmp_path, _text(rows))
    assert _refused(tmp_path) == (
        "Fejl: crm_activities.csv: kan ikke læses som CSV (skilletegn ','): række 101: et citationstegn (\") åbner et "
        "felt, der aldrig lukkes\n")


def test_r18_unclosed_quote_before_a_long_rest_names_the_row(tmp_path: Path) -> None:
    rows = [act(f"A{i}", "2024-03-01", f"C{i}", name="Firma " + "x" * 100) for i in range(3000)]
    rows[99] = rows[99].replace(",Firma", ',"Firma')
    _file(tmp_path, _text(rows))
    assert "række 101: et citationstegn (\") åbner et felt, der aldrig lukkes" in _refused(tmp_path)


def test_r18_a_quote_closed_rows_later_names_both(tmp_path: Path) -> None:
    rows = [act(f"A{i}", "2024-03-01", f"C{i}") for i in range(6)]
    rows[1] = rows[1].replace(",Firma", ',"Firma')
    rows[3] = rows[3].replace(",Firma", ',Firma"')  # the three rows would be one with as many fields
    _file(tmp_path, _text(rows))
    assert ("kan ikke læses som CSV (skilletegn ','): række 3: et citationstegn (\") i rækken lukkes først på linje 5, "
            "så rækkerne imellem bliver til én celle; mangler der et citationstegn?") in _refused(tmp_path)
    rows[3] = rows[3].replace(",Aarhus,", ',Aarhus",')  # the same with more fields
    _file(tmp_path, _text(rows))
    assert "række 3: et citationstegn (\") i rækken lukkes først på linje 5" in _refused(tmp_path)


def test_a_cell_holding_line_breaks_is_one_row(tmp_path: Path) -> None:
    rows = [*ROWS, act("A4", "2024-03-04", "C4", "Aarhus")]
    rows[1] = rows[1].replace("Firma C2", '"Firma C2\nnote, med komma\n\nog ""citat"""')
    _file(tmp_path, _text(rows))
    table = load_folder(tmp_path).activities
    assert table.frame.select("_row", "activity_id", "municipality").rows() == [*EXPECTED, (5, "A4", "Aarhus")]
    assert table.counts == {}


def test_a_quote_inside_a_field_is_read_as_excel_reads_it(tmp_path: Path) -> None:
    _file(tmp_path, _text([ROWS[0].replace("Firma C1", 'Firma "Ole" ApS'), ROWS[1], ROWS[2]]))
    assert _table(tmp_path).rows() == EXPECTED


def test_r18_excel_sep_line_is_honoured_and_not_a_row(tmp_path: Path) -> None:
    data = b"sep=;\r\n" + _text(ROWS, "\r\n").replace(b",", b";")
    _file(tmp_path, data)
    assert _table(tmp_path).rows() == EXPECTED


def test_r18_sep_line_against_the_profile(tmp_path: Path) -> None:
    path = _file(tmp_path, b"sep=;\n" + _text(ROWS).replace(b",", b";"))
    with pytest.raises(DataError, match=r"første linje siger sep=';', profilen siger ','"):
        read_text_csv(path, "crm_activities.csv", separator=",")
    assert read_text_csv(path, "crm_activities.csv").frame.width == 12


def test_r18_cr_only_line_ends_are_read(tmp_path: Path) -> None:
    _file(tmp_path, _text(ROWS, "\r"))
    assert _table(tmp_path).rows() == EXPECTED


def test_r18_a_file_without_line_ends_is_refused_in_a_short_message(tmp_path: Path) -> None:
    _file(tmp_path, ("a," * 1_000_000).encode())
    assert _refused(tmp_path) == (
        "Fejl: crm_activities.csv: overskriftsrækken (linje 1) er længere end 65.536 tegn eller slutter ikke inden "
        "for den første MiB\n")


def test_a_header_of_too_many_columns_is_refused(tmp_path: Path) -> None:
    _file(tmp_path, (",".join(f"c{i}" for i in range(MAX_COLUMNS + 1)) + "\n").encode())
    assert _refused(tmp_path) == (
        "Fejl: crm_activities.csv: overskriftsrækken har 1.001 kolonner; højst 1.000 læses\n")


def test_a_header_of_many_columns_up_to_the_limit_is_read(tmp_path: Path) -> None:
    extra = ",".join(f"x{i}" for i in range(MAX_COLUMNS - 12))
    write_csv(tmp_path, "crm_activities.csv", f"{ACTIVITY_HEADER},{extra}", [ROWS[0] + "," * (MAX_COLUMNS - 12)])
    table = load_folder(tmp_path).activities
    assert table.counts == {"unmapped-column": MAX_COLUMNS - 12}


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_r18_utf16_is_read(tmp_path: Path, codec: str) -> None:
    rows = [ROWS[0].replace("Aarhus", "Århus"), *ROWS[1:]]
    _file(tmp_path, (ACTIVITY_HEADER + "\r\n" + "\r\n".join(rows) + "\r\n").encode(codec))
    assert _table(tmp_path).rows() == EXPECTED


def test_r18_utf16_against_the_profile_is_named(tmp_path: Path) -> None:
    path = _file(tmp_path, _text(ROWS).decode().encode("utf-16"))
    with pytest.raises(DataError, match=r"filen er UTF-16, men profilen siger encoding: cp1252"):
        read_text_csv(path, "crm_activities.csv", encoding="cp1252")


@pytest.mark.parametrize("at", [2, 3000])
def test_r18_nul_byte_is_treated_the_same_wherever_it_is(tmp_path: Path, at: int) -> None:
    """A NUL byte in row 2 or row 3000 quarantines that row with ``nul-byte`` naming the column; the
    rest of the file is read (before: row 10 refused the file, row 3000 was read with the NUL)."""
    rows = [act(f"A{i}", "2024-03-01", f"C{i}") for i in range(3500)]
    rows[at - 2] = rows[at - 2].replace("Firma", "Fir\x00ma")
    _file(tmp_path, _text(rows))
    table = load_folder(tmp_path).activities
    assert [(f.code, f.row, f.column, f.value) for f in table.findings] == [
        ("nul-byte", at, None, "company_name")]
    assert table.frame.filter("_quarantine").select("_row", "activity_id").rows() == [(at, f"A{at - 2}")]
    assert _accounting(tmp_path) == [("crm_activities.csv", 3500, 3499, 1, 0, 0)]
    assert _check_data(tmp_path) == (0, "")
    with pytest.raises(DataError, match=rf"række {at} indeholder et NUL-tegn \(byte 0\); filen kan være beskadiget"):
        read_text_csv(tmp_path / "crm_activities.csv", "crm_activities.csv")  # the reader's own default: refuse
    table_text = read_text_csv(tmp_path / "crm_activities.csv", "crm_activities.csv", row_problems="quarantine")
    assert table_text.row_problems == [RowProblem(at, "nul-byte", "company_name")]
    assert table_text.frame.height == 3500


def test_nul_in_the_header_and_a_file_of_zeros(tmp_path: Path) -> None:
    _file(tmp_path, _text(ROWS).replace(b"company_name", b"company\x00name"))
    assert "overskriftsrækken (linje 1) indeholder et NUL-tegn (byte 0)" in _refused(tmp_path)
    _file(tmp_path, b"\x00" * 5000)
    assert "filen er ikke en tekstfil (CSV)" in _refused(tmp_path)


@pytest.mark.parametrize(("magic", "what"), [(b"\x89PNG\r\n\x1a\n", "et PNG-billede"),
                                             (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "et gammelt Office-dokument"),
                                             (b"PK\x03\x04", "en zip-fil")])
def test_binary_files_are_named(tmp_path: Path, magic: bytes, what: str) -> None:
    _file(tmp_path, magic + b"rest of the file")
    assert f"filen er ikke en tekstfil (CSV), men {what}" in _refused(tmp_path)


# --- R10 and the shared reading primitive ---------------------------------------------------

def test_r10_a_file_name_that_is_not_utf8_is_read(tmp_path: Path) -> None:
    raw = os.fsencode(tmp_path) + b"/crm_activities_\xff.csv"
    with open(raw, "wb") as handle:
        handle.write(_text(ROWS))
    table = read_text_csv(Path(os.fsdecode(raw)), "crm_activities_\\xff.csv")
    assert table.frame["activity_id"].to_list() == ["A1", "A2", "A3"]


def test_the_file_being_read_is_named_for_the_guard(tmp_path: Path) -> None:
    forget_last_read()
    path = _file(tmp_path, _text([ROWS[0] + ",x"]))
    with pytest.raises(DataError):
        read_text_csv(path, "crm_activities.csv")
    assert last_read() == "crm_activities.csv"
    forget_last_read()


def test_a_fifo_named_like_a_data_file_is_refused(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "x.csv")
    with pytest.raises(DataError, match=r"x\.csv: er en FIFO"):
        read_text_csv(tmp_path / "x.csv", "x.csv")


# --- anything else: a table or a DataError, never another exception ------------------------

_CSVISH = st.lists(st.sampled_from(['a', 'b', ',', ';', '\t', '"', '\n', '\r', '\x00', ' ', 'æ', '1', 'sep=']),
                   max_size=60).map("".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.one_of(st.binary(max_size=300), _CSVISH.map(lambda s: s.encode("utf-8")),
                      _CSVISH.map(lambda s: s.encode("utf-16"))))
def test_any_bytes_give_a_table_or_a_data_error(tmp_path: Path, data: bytes) -> None:
    path = _file(tmp_path, data, "x.csv")
    modes: tuple[RowProblems, ...] = ("refuse", "quarantine")
    for mode in modes:
        try:
            table = read_text_csv(path, "x.csv", row_problems=mode)
        except DataError as exc:
            assert len(str(exc)) < 700 and "\n" not in exc.message
            continue
        assert table.frame.width >= 1 and table.first_data_row >= 2
        assert all(re.fullmatch(r"(ragged-row|nul-byte)", p.code) for p in table.row_problems)


def test_the_row_problem_column_lines_up_with_the_rows(tmp_path: Path) -> None:
    rows = [act(f"A{i}", "2024-03-01", f"C{i}") for i in range(4)]
    rows[1] += ",extra"
    rows[2] = rows[2].replace("Firma", "Fir\x00ma")
    table = read_text_csv(_file(tmp_path, _text(rows)), "crm_activities.csv", row_problems="quarantine")
    numbered = table.frame.with_row_index("_row", offset=table.first_data_row).with_columns(
        pl.col("_row").cast(pl.Int64))
    assert numbered.select("_row", row_problem_column(table.row_problems)).rows() == [
        (2, None), (3, "ragged-row: 13 > 12"), (4, "nul-byte: company_name"), (5, None)]


def test_a_data_row_of_a_million_fields_is_refused_naming_it(tmp_path: Path) -> None:
    _file(tmp_path, _text([ROWS[0], ROWS[1] + ",x" * 600_000, ROWS[2]]))
    assert _refused(tmp_path) == (
        "Fejl: crm_activities.csv: kan ikke læses som CSV (skilletegn ','): række 3: linje 3 er længere end "
        "1.048.576 tegn\n")


def test_impossible_date_times_in_an_added_column_are_bad_datetime(tmp_path: Path) -> None:
    values = ["2024-03-01 10:00", "0000-01-01 10:00", "2024-02-30 10:00", "99999-01-01 10:00", "2100-01-01 00:00"]
    write_csv(tmp_path, "crm_activities.csv", ACTIVITY_HEADER + ",followed_up_at",
              [act(f"A{i}", "2024-03-01", f"C{i}") + f",{v}" for i, v in enumerate(values)])
    complete(tmp_path)
    block = {"activities": SourceSpec(columns={"followed_up_at": ColumnSpec(kind="datetime")})}
    table = load_dataset(tmp_path, data=[block]).activities
    assert [str(v) for v in table.frame["followed_up_at"]] == ["2024-03-01 10:00:00", "None", "None", "None", "None"]
    assert table.counts == {"bad-datetime": 4}


# --- the review of issue 16: defect 13 and the place of a row's finding -------------------------

def test_review13_quoted_multiline_cell_in_a_ragged_row_is_a_ragged_row(tmp_path: Path) -> None:
    """The reviewer's shape: a correctly quoted cell holding a line break, in a row with one field too
    many. Its quotes are as they should be, so it is a ragged row (quarantined, named by its row, the
    line where it starts), not a quote that swallowed rows; the rest of the file is read."""
    rows = [act(f"A{i}", "2024-03-01", f"C{i}") for i in range(5)]
    rows[1] = rows[1].replace("Firma C1", '"Firma C1\nnote, med komma"') + ",extra"
    path = _file(tmp_path, _text(rows))
    text = read_text_csv(path, "crm_activities.csv", row_problems="quarantine")
    assert text.row_problems == [RowProblem(3, "ragged-row", "13 > 12")]
    assert text.frame["activity_id"].to_list() == ["A0", "A1", "A2", "A3", "A4"]
    assert text.frame["company_name"][1] == "Firma C1\nnote, med komma"
    table = load_folder(tmp_path).activities
    assert [(f.code, f.row, f.column, f.value) for f in table.findings] == [("ragged-row", 3, None, "13 > 12")]
    assert table.frame.select("_row", "activity_id", "_quarantine").rows() == [
        (2, "A0", False), (3, "A1", True), (4, "A2", False), (5, "A3", False), (6, "A4", False)]
    assert _accounting(tmp_path) == [("crm_activities.csv", 5, 4, 1, 0, 0)]
    result = CliRunner().invoke(main, ["check-data", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert ("    crm_activities.csv:3: rækken har flere felter end overskriften (13 > 12); rækken bruges ikke"
            in result.stdout.splitlines())


def test_review13_a_line_break_in_a_badly_quoted_ragged_row_is_still_refused(tmp_path: Path) -> None:
    """The same row with its quote closed in the middle of a field (``"…"x``): the quotes are not as
    they should be, so the record is taken for rows a quote swallowed and the file is refused, naming
    the row where the quote opens and the line where it closes."""
    rows = [act(f"A{i}", "2024-03-01", f"C{i}") for i in range(5)]
    rows[1] = rows[1].replace("Firma C1", '"Firma C1\nnote"x') + ",extra"
    _file(tmp_path, _text(rows))
    assert _refused(tmp_path) == (
        "Fejl: crm_activities.csv: kan ikke læses som CSV (skilletegn ','): række 3: et citationstegn (\") i rækken "
        "lukkes først på linje 4, så rækkerne imellem bliver til én celle; mangler der et citationstegn?\n")


def test_review13_a_ragged_row_after_a_multiline_cell_is_named_by_its_row(tmp_path: Path) -> None:
    """Row numbers are records: after a cell of three lines, the ragged row 4 is line 6."""
    rows = [act(f"A{i}", "2024-03-01", f"C{i}") for i in range(4)]
    rows[0] = rows[0].replace("Firma C0", '"Firma C0\n\nnote"')
    rows[2] = rows[2].replace("Firma C2", '"Firma C2\nnote"') + ","
    path = _file(tmp_path, _text(rows))
    text = read_text_csv(path, "crm_activities.csv", row_problems="quarantine")
    assert text.row_problems == [RowProblem(4, "ragged-row", "13 > 12")]


@pytest.mark.parametrize(("code", "column", "line"), [
    ("ragged-row", None, "    crm.csv:3: rækken har flere felter end overskriften (12 > 11); rækken bruges ikke"),
    ("unknown-segment", "segment", "    crm.csv:3 segment: ukendt segment 'stjerne'"),
])
def test_review_a_finding_without_a_column_shows_no_empty_column(code: str, column: str | None, line: str) -> None:
    """Before: ``crm.csv:3 : rækken har …`` (an empty column between the row and the colon)."""
    value = "12 > 11" if code == "ragged-row" else "stjerne"
    shown = finding(code, "crm.csv", 3, column, value)
    quality = DataQuality(rows_read=1, rows_used=0, inputs=[], sample_per_code=50, findings=[shown],
                          summary=[FindingSummary(code=code, severity=shown.severity, count=1)])
    assert quality_lines(quality)[-1] == line


def test_a_cvr_number_from_a_danish_spreadsheet_alone_in_its_column(tmp_path: Path) -> None:
    """A review of this change: '12345678,0' was read as 12345678 only when another row held the profile's
    decimal point (the column was looked at for '.' alone before the whole-number rule ran)."""
    lines = [f'A1,2024-03-01,C1,"{"12345678,0"}",Firma C1,Aarhus,drift,individuel,,,,',
             act("A2", "2024-03-01", "C2", cvr="87654328")]
    _file(tmp_path, _text(lines))
    table = load_folder(tmp_path).activities
    assert table.frame["cvr"].to_list() == ["12345678", "87654328"]


def test_the_terminal_says_how_many_examples_it_does_not_list() -> None:
    """check-data listed 10 examples of each severity and nothing of the rest: a week's duplicates sat
    behind 2021's bad dates with no word that there were more (a review)."""
    shown = [finding("bad-date", "crm.csv", row, "date", "2024-13-01") for row in range(2, 19)]
    quality = DataQuality(rows_read=17, rows_used=0, inputs=[], sample_per_code=50, findings=shown,
                          summary=[FindingSummary(code="bad-date", severity="quarantine", count=17)])
    lines = quality_lines(quality)
    assert lines[-1] == "    … 7 eksempler mere (karantæne) i --json"
    assert lines[-2].startswith("    crm.csv:11 date: ugyldig dato")
    assert quality_lines(quality, lang="en")[-1] == "    … 7 more examples (quarantine) in --json"
    ten = quality.model_copy(update={"findings": shown[:10]})
    assert quality_lines(ten)[-1].startswith("    crm.csv:11 date:")
    eleven = quality.model_copy(update={"findings": shown[:11]})  # one more: said in the singular (a review)
    assert (quality_lines(eleven)[-1], quality_lines(eleven, lang="en")[-1]) == (
        "    … 1 eksempel mere (karantæne) i --json", "    … 1 more example (quarantine) in --json")


@pytest.mark.parametrize("odd", ["date", "boolean"])
def test_r05_workbook_repeat_behind_a_date_or_yes_no_heading_cell(tmp_path: Path, odd: str) -> None:
    """A date or a TRUE cell in the header row (calamine names its column __UNNAMED__) put the header row
    read apart out of step with calamine's columns, and the repeated 'municipality' was read silently
    again (a review): the row is now read by calamine itself, cell for column."""
    from datetime import datetime
    workbook = xlsxwriter.Workbook(tmp_path / "crm_activities.xlsx")
    sheet = workbook.add_worksheet()
    for j, text in enumerate(ACTIVITY_HEADER.split(",")):
        sheet.write_string(0, j, text)
    width = len(ACTIVITY_HEADER.split(","))
    if odd == "date":
        sheet.write_datetime(0, width, datetime(2024, 3, 1), workbook.add_format({"num_format": "yyyy-mm-dd"}))
    else:
        sheet.write_boolean(0, width, True)
    sheet.write_string(0, width + 1, "municipality")
    for j, text in enumerate([*act("A1", "2024-03-01", "C1").split(","), "x", "Skive"]):
        sheet.write_string(1, j, text)
    workbook.close()
    with pytest.raises(DataError, match=r"overskriften 'municipality' står 2 gange i filen") as caught:
        load_folder(tmp_path)
    assert caught.value.code == "ambiguous-column"


def test_ids_written_as_a_spreadsheet_text_formula_are_read_as_the_text_they_show(tmp_path: Path) -> None:
    """An export that keeps leading zeros the spreadsheet's way writes each id as a text formula,
    ``="ACC-106745"`` (its quotes doubled in the CSV file). A review: with only 2024's file written so,
    every company of 2024 was new (M1.new_companies 54,0 % → 100,0 %, met) and nothing said why. Read as
    the text it shows, the id and the CVR number, as the text mark is; any other cell as it is."""
    rows = [act("A1", "2024-03-01", "C1", cvr="12345674"), act("A2", "2024-03-02", '"=""C1"""', cvr='"=""12345674"""'),
            act("A3", "2024-03-03", '" =""C2"" "', cvr='"=""87654303"""'),
            act("A4", "2024-03-04", '"=C3"', name='"=""Firma"" ApS"')]
    _file(tmp_path, _text(rows))
    table = load_folder(tmp_path).activities
    assert table.frame.select("company_id", "cvr").rows() == [
        ("C1", "12345674"), ("C1", "12345674"), ("C2", "87654303"), ("=C3", "")]
    assert table.findings == []
    assert table.company_values.to_list()[-1] == '="Firma" ApS'  # a name is not an identifier: as written


@pytest.mark.parametrize("end", ["\n", "\r\n"])
def test_a_heading_with_a_line_break_in_its_quotes_is_one_heading(tmp_path: Path, end: str) -> None:
    """A spreadsheet's heading with a line break in its cell (Alt+Enter: "Bemærk-⏎ninger") is written in
    quotes over two lines. A review: refused as an unclosed quote, where a data cell with a line break was
    read. The header row goes on to the line its quote closes on; rows are numbered as records, so the bad
    date of the second data row is row 3, as in the file without the break."""
    header = ACTIVITY_HEADER + f',"Bemærk-{end}ninger"'
    rows = [ROWS[0] + ",", act("A2", "2024-02-30", "C2") + ",x", ROWS[2] + ","]
    _file(tmp_path, (end.join([header, *rows]) + end).encode("utf-8"))
    table = load_folder(tmp_path).activities
    assert table.frame.select("activity_id", "_row", "_quarantine").rows() == [("A1", 2, False), ("A2", 3, True),
                                                                              ("A3", 4, False)]
    assert [(f.code, f.row) for f in table.findings if f.code != "unmapped-column"] == [("bad-date", 3)]
    # named on one line, as a profile may write it, not masked for its line break (a review: 'XXXXXX- XXXXXX')
    assert [f.value for f in table.findings if f.code == "unmapped-column"] == ["Bemærk- ninger"]
    assert _accounting(tmp_path) == [("crm_activities.csv", 3, 2, 1, 0, 0)]
    # the careful reader (a cell with a line break among the rows) numbers them the same
    _file(tmp_path, (end.join([header, ROWS[0] + ',"a' + end + 'b"', rows[1], rows[2]]) + end).encode("utf-8"))
    table = load_folder(tmp_path).activities
    assert table.frame.select("activity_id", "_row").rows() == [("A1", 2), ("A2", 3), ("A3", 4)]
    assert [(f.code, f.row) for f in table.findings if f.code != "unmapped-column"] == [("bad-date", 3)]


def test_a_missing_column_names_a_heading_with_a_line_break_on_one_line(tmp_path: Path) -> None:
    """A review: the heading "Virksomheds-⏎ID" was shown masked ('XXXXXXXXXXX- XX') as if it were company
    data, so the user could not learn what to write in the profile ("Virksomheds- ID" matches it)."""
    header = ACTIVITY_HEADER.replace("company_id", '"company_\nid"')
    _file(tmp_path, (header + "\n" + "\n".join(ROWS) + "\n").encode("utf-8"))
    with pytest.raises(DataError, match=r"fandt 'activity_id', 'date', 'company_ id', 'cvr',"):
        load_folder(tmp_path)


def test_a_quote_inside_an_unquoted_heading_opens_no_field(tmp_path: Path) -> None:
    """A second review: the header row went on to the next line holding a quote (a company name "Skærm 24"
    ApS" four rows down) and swallowed the rows between, without a word. A quote inside a field that does
    not begin with one opens nothing: refused as before, naming the line."""
    rows = [act("A1", "2024-03-01", "C1") + ",x", act("A2", "2024-03-02", "C2", name='Skærm 24" ApS') + ",y"]
    _file(tmp_path, ("\n".join([ACTIVITY_HEADER + ',Skærm 5"', *rows]) + "\n").encode("utf-8"))
    with pytest.raises(DataError, match=r'overskriftsrækken \(linje 1\) har et citationstegn \("\) uden sit modstykke'):
        load_folder(tmp_path)


def test_a_heading_whose_quote_runs_on_is_refused_at_once(tmp_path: Path) -> None:
    """A second review: a heading opened by a quote and closed 60,000 lines further down was read again from
    its start at every line (two minutes for 60 KB). Each line is read once, and a header row may span at
    most ``HEADER_LINES`` lines: beyond them the quote is said to be open, as before."""
    from hubmonitor.io.text_files import HEADER_LINES

    _file(tmp_path, (ACTIVITY_HEADER + ',"x' + "\n" * 60_000 + 'y"\n').encode("utf-8"))
    with pytest.raises(DataError, match=r"overskriftsrækken \(linje 1\) har et citationstegn"):
        load_folder(tmp_path)
    lines = "\n".join(f"del {i}" for i in range(HEADER_LINES - 1))  # a heading of HEADER_LINES lines: read
    _file(tmp_path, (ACTIVITY_HEADER + f',"{lines}"\n' + ROWS[0] + ",x\n").encode("utf-8"))
    table = load_folder(tmp_path).activities
    assert table.frame.select("activity_id", "_row").rows() == [("A1", 2)]
