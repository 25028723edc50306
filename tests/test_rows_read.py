"""Reading only the rows an evaluation looks at (issue 19): rows dated before the first day a
contract year's targets read are counted per file, not typed or checked, and every figure, count,
example and accounting line of the year is what reading the whole folder gives.

Every figure below is counted by hand from the rows written in the test.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl
import pytest
import yaml
from helpers import ACTIVITY_HEADER, EVALUATION_HEADER, MIDTJYLLAND, SAMPLE, act, ev, target, write_contract, write_csv

import hubmonitor
from hubmonitor.contract.loader import load_contract
from hubmonitor.engine.evaluate import evaluate
from hubmonitor.engine.quality import dataset_quality
from hubmonitor.engine.reads import first_day_read, whole_year
from hubmonitor.io import canonical
from hubmonitor.io.dataset import load_dataset
from hubmonitor.io.results_json import dumps

CRM22, CRM23, CRM24 = "crm_activities_2022.csv", "crm_activities_2023.csv", "crm_activities_2024.csv"
EV = "evaluations.csv"
BAD_CVR = "12345678"  # 114, not a multiple of 11
SINCE = date(2023, 1, 1)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three years; the 2022 file's rows are all before SINCE, the 2024 file holds one row of 2021."""
    data = tmp_path_factory.mktemp("three-years")
    write_csv(data, CRM22, ACTIVITY_HEADER, [
        act("R1", "2022-03-01", "C1"),  # row 2: its id comes back on another row in 2024
        act("A2", "2022-04-01", "C2", cvr=BAD_CVR),  # row 3: bad-cvr-checksum (not read: before SINCE)
        act("A3", "2022-05-01", "C3"),  # row 4
        act("A3", "2022-05-01", "C3"),  # row 5: an exact copy of row 4 (not read either)
        act("A4", "2022-02-30", "C4"),  # row 6: no readable date: read (it may be of any year)
    ])
    write_csv(data, CRM23, ACTIVITY_HEADER, [
        act("B1", "2023-03-01", "C1"),  # row 2
        act("B2", "2023-06-01", "C5"),  # row 3
    ])
    write_csv(data, CRM24, ACTIVITY_HEADER, [
        act("R1", "2024-01-10", "C1"),  # row 2: duplicate-id (the 2022 row R1 differs)
        act("D2", "2024-02-10", "C2", cvr=BAD_CVR),  # row 3: bad-cvr-checksum
        act("D3", "2021-12-31", "C9"),  # row 4: a row of 2021 in the 2024 export (not read)
        act("D4", "2024-03-10", "C6"),  # row 5
        act("D4", "2024-03-10", "C6"),  # row 6: duplicate-row of row 5
        act("D5", "2024-04-10", "C7", segment="stjerne"),  # row 7: unknown-segment
    ])
    write_csv(data, EV, EVALUATION_HEADER, [
        ev("E1", "2022-06-01", nps="9"),  # not read
        ev("E2", "2024-06-01", nps="9"),
        ev("E3", "2024-06-02", nps="11"),  # bad-nps
    ])
    return data


@pytest.fixture(scope="module")
def contract(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_contract(tmp_path_factory.mktemp("c"), [
        target("T.reach", "distinct_companies", 1),
        target("T.new", "new_companies", 1),
    ])


def test_the_rows_before_the_day_are_counted_not_read(folder: Path) -> None:
    full, read = load_dataset(folder), load_dataset(folder, since=SINCE)
    assert read.since == SINCE and full.since is None
    assert read.activities.early == {(CRM22, None): 4, (CRM24, None): 1}
    assert read.evaluations.early == {(EV, None): 1}
    assert read.activities.frame.height == full.activities.frame.height - 5 == 8
    # the hashes of their ids (the duplicate checks compare ids by hash first)
    assert sorted(read.activities.unread_ids.to_list()) == sorted(pl.Series(["R1", "A2", "A3", "A3", "D3"]).hash())
    # the row without a readable date is read, and quarantined, as in a whole read
    assert read.activities.frame.filter(read.activities.frame["date"].is_null())["_row"].to_list() == [6]
    # not checked: the 2022 file's bad CVR and its copy are not among the load's counts
    assert read.activities.counts["bad-cvr-checksum"] == 1 and full.activities.counts["bad-cvr-checksum"] == 2
    assert read.activities.counts["duplicate-row"] == 1 and full.activities.counts["duplicate-row"] == 2
    # the 2024 row R1 is a reused id in both: the 2022 row differs (it is not read, its id is kept)
    assert read.activities.counts["duplicate-id"] == 1 and full.activities.counts["duplicate-id"] == 2


def test_the_years_report_is_the_whole_reads_byte_for_byte(folder: Path, contract: Path) -> None:
    loaded = load_contract(contract)
    whole = evaluate(loaded, load_dataset(folder))
    limited = evaluate(loaded, load_dataset(folder, since=first_day_read(loaded, True)))
    assert dumps(limited) == dumps(whole)
    # C1, C2, C6 (C7's row is quarantined: unknown segment; C9's row is of 2021)
    assert whole.target("T.reach").value == 3
    new = whole.target("T.new")  # a share: C2 and C6 of the three (C1 was guided in 2023)
    assert (new.numerator, new.denominator) == (2, 3)
    counts = {s.code: s.count for s in whole.data_quality.summary}
    assert counts == {"bad-cvr-checksum": 1, "duplicate-row": 1, "duplicate-id": 1, "unknown-segment": 1,
                      "bad-nps": 1,  # the 2022 file's undated row is of the years that file holds
                      # 2023, which T.new compares with, runs from 1 March to 1 June only
                      "compared-year-ends-early": 1, "compared-year-starts-late": 1}
    files = {i.file: (i.rows_read, i.rows_used, i.outside_period) for i in whole.data_quality.inputs}
    assert files == {CRM24: (5, 3, 0), EV: (2, 1, 0)}


def test_check_data_on_rows_counted_not_read_still_adds_up(folder: Path) -> None:
    """A folder read from a day on, accounted for whole: the rows not read are outside the period."""
    quality = dataset_quality(load_dataset(folder, since=SINCE))
    lines = {i.file: (i.rows_read, i.rows_used, i.quarantined, i.duplicates, i.outside_period)
             for i in quality.inputs}
    assert lines[CRM22] == (5, 0, 1, 0, 4)  # 4 not read; the undated row quarantined
    assert lines[CRM24] == (6, 3, 1, 1, 1)  # the 2021 row not read
    for i in quality.inputs:
        assert i.rows_read == i.rows_used + i.quarantined + i.duplicates + i.outside_period


def test_the_first_day_each_rule_reads(tmp_path: Path) -> None:
    midt = load_contract(MIDTJYLLAND)  # new companies read 2023
    assert first_day_read(midt, True) == date(2023, 1, 1)
    assert first_day_read(midt, False) is None  # the seasonal profile reads every earlier year
    plain = load_contract(write_contract(tmp_path, [target("T.reach", "distinct_companies", 1)]))
    assert first_day_read(plain, True) == date(2023, 1, 1)  # its rule reads 2024; the integrity signals 2023
    growth = load_contract(write_contract(tmp_path, [target("T.new", "new_companies", {"previous_year": {
        "change": 0}})], name="growth.yaml"))
    assert first_day_read(growth, True) == date(2022, 1, 1)  # last year's new companies read 2022
    assert whole_year(midt, None, None) and whole_year(midt, date(2024, 12, 31), None)
    assert not whole_year(midt, date(2024, 9, 30), None) and not whole_year(midt, None, date(2024, 9, 30))


def test_answers_of_companies_guided_the_year_before_read_it(tmp_path: Path) -> None:
    linked = load_contract(write_contract(tmp_path, [target(
        "T.share", "share", 0.5, answer="satisfaction", success=["Meget tilfreds"],
        answered_by={"where": {"activity_type": "individuel"}, "guided_in": "previous_year"})]))
    assert first_day_read(linked, True) == date(2023, 1, 1)


def test_over_the_period_reads_from_its_first_year(tmp_path: Path) -> None:
    doc = {"document": "contract", "id": "t", "title": "T", "hub": "Erhvervshus Midtjylland",
           "erhvervshus": "Midtjylland", "period": {"years": [2024, 2026]},
           "targets": [target("T.reach", "distinct_companies", 10, over="period")]}
    path = tmp_path / "c.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    assert first_day_read(load_contract(path, 2026), True) == date(2024, 1, 1)


def test_data_ending_within_a_year_over_by_the_calendar_are_read_once(tmp_path: Path, contract: Path) -> None:
    """2024 is over by today and its data end on 2024-05-31 (the latest row, not declared): the year
    is evaluated whole (``clock``), so the first read, from 2023 on, is the one; the report is the
    whole read's."""
    write_csv(tmp_path, CRM22, ACTIVITY_HEADER, [act("A1", "2022-03-01", "C1"), act("A2", "2022-09-01", "C2")])
    write_csv(tmp_path, CRM24, ACTIVITY_HEADER, [act("B1", "2024-02-01", "C1"), act("B2", "2024-05-31", "C3")])
    write_csv(tmp_path, EV, EVALUATION_HEADER, [])
    loaded = load_contract(contract)
    dataset, read_day = hubmonitor.read_for([(loaded, None)], tmp_path)
    assert read_day == date(2024, 5, 31) and dataset.since == date(2023, 1, 1)
    report = hubmonitor.evaluate(loaded, tmp_path)
    assert report.period.as_of == date(2024, 12, 31)
    assert dumps(report) == dumps(evaluate(loaded, load_dataset(tmp_path), data_date=read_day,
                                           today=date(2025, 10, 1)))


@pytest.mark.parametrize(("declared", "day"), [("2024-06-30", date(2024, 6, 30))])
def test_data_ending_within_a_year_taken_to_be_whole_are_read_again_whole(tmp_path: Path, contract: Path,
                                                                         declared: str | None, day: date) -> None:
    """2024 is over by today, so it is read from 2023 on; its data end within it (hubmonitor.yaml's
    data_date: the year is shown as it stood that day): the pace reads every earlier year, so the
    folder is read again, whole, and the report is the whole read's."""
    write_csv(tmp_path, CRM22, ACTIVITY_HEADER, [act("A1", "2022-03-01", "C1"), act("A2", "2022-09-01", "C2")])
    write_csv(tmp_path, CRM24, ACTIVITY_HEADER, [act("B1", "2024-02-01", "C1"), act("B2", "2024-05-31", "C3")]
              + ([act("B3", "2024-08-01", "C4")] if declared else []))  # after the declared date
    write_csv(tmp_path, EV, EVALUATION_HEADER, [])
    if declared:
        (tmp_path / "hubmonitor.yaml").write_text(f"data_date: {declared}\n", encoding="utf-8")
    loaded = load_contract(contract)
    dataset, read_day = hubmonitor.read_for([(loaded, None)], tmp_path)
    assert read_day == day and dataset.since is None and not dataset.activities.early
    report = hubmonitor.evaluate(loaded, tmp_path)
    assert report.period.as_of == day
    assert dumps(report) == dumps(evaluate(loaded, load_dataset(tmp_path), data_date=day))


def test_an_as_of_within_the_year_reads_every_row(folder: Path, contract: Path) -> None:
    loaded = load_contract(contract)
    dataset, _ = hubmonitor.read_for([(loaded, date(2024, 6, 30))], folder)
    assert dataset.since is None and dataset.activities.frame.height == 13
    assert dataset.until == date(2024, 12, 31)  # no year reads later rows (here there are none)
    dataset, _ = hubmonitor.read_for([(loaded, date(2024, 12, 31))], folder)
    assert dataset.since == SINCE and dataset.activities.frame.height == 8


def test_several_years_on_one_folder_read_it_once_from_the_earliest(folder: Path, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HUBMONITOR_TODAY", "2024-12-31")  # 2024's last day: running, its data end on 10 April
    contracts = [load_contract(write_contract(tmp_path, [target("T.reach", "distinct_companies", 1)], year=y,
                                              name=f"{y}.yaml")) for y in (2023, 2024)]
    ends = [date(2023, 12, 31), date(2024, 12, 31)]
    dataset, _ = hubmonitor.read_for(list(zip(contracts, ends, strict=True)), folder)
    # 2023's integrity signals read 2022 (the year before): only the 2024 file's row of 2021 is left unread
    assert dataset.since == date(2022, 1, 1) and set(dataset.activities.early) == {(CRM24, None)}
    reports = list(hubmonitor.evaluate_each([(c, folder, end) for c, end in zip(contracts, ends, strict=True)]))
    for c, end, report in zip(contracts, ends, reports, strict=True):
        assert dumps(report) == dumps(evaluate(c, load_dataset(folder), as_of=end, data_date=date(2024, 4, 10)))
    # without the year ends, the data (to 10 April 2024) end within 2024: read again, whole
    assert hubmonitor.read_for([(c, None) for c in contracts], folder)[0].since is None


def test_the_sample_read_from_2023_is_the_sample(tmp_path: Path) -> None:
    """The spec's sample holds 2023 and 2024 only: nothing is left unread, nothing moves."""
    loaded = load_contract(MIDTJYLLAND)
    dataset = load_dataset(SAMPLE, since=first_day_read(loaded, True))
    assert not dataset.activities.early and not dataset.evaluations.early


def test_reused_ids_beyond_the_examples_count_the_same(tmp_path: Path, contract: Path) -> None:
    """60 ids of 2022 used again in 2024: more than the load keeps examples of (50), so the year's count
    is worked out on the frames, where the 2022 rows are not: their ids are."""
    write_csv(tmp_path, CRM22, ACTIVITY_HEADER, [act(f"X{i}", "2022-05-01", f"C{i}") for i in range(60)])
    write_csv(tmp_path, CRM24, ACTIVITY_HEADER, [act(f"X{i}", "2024-05-01", f"C{i}") for i in range(60)]
              + [act("Y1", "2024-06-01", "C1")])
    write_csv(tmp_path, EV, EVALUATION_HEADER, [])
    loaded = load_contract(contract)
    whole = evaluate(loaded, load_dataset(tmp_path))
    limited = evaluate(loaded, load_dataset(tmp_path, since=SINCE))
    assert {s.code: s.count for s in whole.data_quality.summary} == {"duplicate-id": 60}
    assert {s.code: s.count for s in limited.data_quality.summary} == {"duplicate-id": 60}
    # The examples: the load keeps the first 50 of a code among the rows it reads. Read whole, those are
    # the 2022 rows, none of the year, so the year shows its first one; read from 2023, they are the
    # year's first 50 (docs/decisions.md).
    assert [(f.file, f.row) for f in whole.data_quality.findings] == [(CRM24, 2)]
    assert [f.row for f in limited.data_quality.findings] == list(range(2, 52))
    assert {f.file for f in limited.data_quality.findings} == {CRM24}
    same = {"findings": whole.data_quality.findings}
    assert dumps(limited.model_copy(update={"data_quality": limited.data_quality.model_copy(update=same)})) \
        == dumps(whole)


CRM25 = "crm_activities_2025.csv"


def _with_2025(folder: Path, rows_2025: list[str]) -> Path:
    write_csv(folder, CRM23, ACTIVITY_HEADER, [act("B1", "2023-03-01", "C1")])
    write_csv(folder, CRM24, ACTIVITY_HEADER, [act("D1", "2024-02-01", "C1"), act("D2", "2024-05-31", "C2"),
                                                act("D3", "2025-01-07", "C3")])  # row 4: a row of 2025
    write_csv(folder, CRM25, ACTIVITY_HEADER, rows_2025)
    write_csv(folder, EV, EVALUATION_HEADER, [])
    return folder


def test_rows_after_the_year_are_counted_and_one_usable_says_the_year_is_over(tmp_path: Path, contract: Path) -> None:
    folder = _with_2025(tmp_path, [act("E1", "2025-02-01", "C4", "Atlantis"),  # quarantined: unknown municipality
                                   act("E2", "2025-03-01", "C5"), act("E3", "2025-04-01", "C6")])
    loaded = load_contract(contract)
    dataset, day = hubmonitor.read_for([(loaded, None)], folder)
    assert (dataset.since, dataset.until) == (date(2023, 1, 1), date(2024, 12, 31))
    assert dataset.activities.late == {(CRM24, None): 1, (CRM25, None): 3}
    assert dataset.activities.after == date(2025, 1, 7) and day == date(2025, 1, 7)  # the first usable one
    assert dataset.activities.frame.height == 3
    whole = evaluate(loaded, load_dataset(folder), data_date=date(2025, 4, 1))
    assert dumps(evaluate(loaded, dataset, data_date=day)) == dumps(whole)
    assert dumps(hubmonitor.evaluate(loaded, folder)) == dumps(whole)
    assert whole.period.as_of == date(2024, 12, 31)
    # as of a day within the year: every earlier row read, the rows after the year not
    dataset, day = hubmonitor.read_for([(loaded, date(2024, 4, 30))], folder)
    assert (dataset.since, dataset.until, day) == (None, date(2024, 12, 31), date(2025, 1, 7))
    assert dumps(hubmonitor.evaluate(loaded, folder, as_of=date(2024, 4, 30))) == dumps(
        evaluate(loaded, load_dataset(folder), as_of=date(2024, 4, 30), data_date=date(2025, 4, 1)))


def test_rows_after_the_year_all_quarantined_leave_it_running(tmp_path: Path, contract: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """The only rows after 2024 are quarantined: the data run to 31 May 2024, the year is evaluated as
    of then, from every row (read again). The run is on 15 June 2024, while the year is running."""
    monkeypatch.setenv("HUBMONITOR_TODAY", "2024-06-15")
    folder = _with_2025(tmp_path, [act("E1", "2025-02-01", "C4", "Atlantis")])
    (folder / CRM24).write_text(ACTIVITY_HEADER + "\n" + "\n".join(
        [act("D1", "2024-02-01", "C1"), act("D2", "2024-05-31", "C2")]) + "\n", encoding="utf-8")
    loaded = load_contract(contract)
    limited = load_dataset(folder, since=SINCE, until=date(2024, 12, 31))
    assert limited.activities.after is None and limited.activities.after_known
    dataset, day = hubmonitor.read_for([(loaded, None)], folder)
    assert day == date(2024, 5, 31) and dataset.since is None  # the year is running: every row before it read
    report = hubmonitor.evaluate(loaded, folder)
    assert report.period.as_of == date(2024, 5, 31)
    assert dumps(report) == dumps(evaluate(loaded, load_dataset(folder), data_date=date(2024, 5, 31)))


def test_more_rows_after_the_year_than_looked_at_all_quarantined(tmp_path: Path, contract: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """Only the first rows of a file after the last day are looked at for a usable one; none found
    among them and more left: not known, so the folder is read again whole."""
    monkeypatch.setattr(canonical, "AFTER_LOOKED_AT", 2)
    folder = _with_2025(tmp_path, [act("E1", "2025-02-01", "C4", "Atlantis"), act("E2", "2025-02-02", "C4", "Atlantis"),
                                   act("E3", "2025-03-01", "C5")])  # usable, but the third
    (folder / CRM24).write_text(ACTIVITY_HEADER + "\n" + act("D1", "2024-02-01", "C1") + "\n", encoding="utf-8")
    limited = load_dataset(folder, since=SINCE, until=date(2024, 12, 31))
    assert limited.activities.after is None and not limited.activities.after_known
    loaded = load_contract(contract)
    dataset, day = hubmonitor.read_for([(loaded, None)], folder)
    assert day == date(2025, 3, 1) and dataset.until is None  # read again whole: the latest usable row


def test_a_year_without_activities_still_warns_its_data_end_early(tmp_path: Path, contract: Path) -> None:
    """No usable activity in 2024 or 2023; the latest one by the year end is of 2022: the warning
    names that row, as when every row is read (the folder is read again whole to find it)."""
    write_csv(tmp_path, CRM22, ACTIVITY_HEADER, [act("A1", "2022-03-01", "C1")])
    write_csv(tmp_path, CRM25, ACTIVITY_HEADER, [act("B1", "2025-02-01", "C2")])
    write_csv(tmp_path, EV, EVALUATION_HEADER, [ev("E1", "2024-06-01", nps="9")])
    loaded = load_contract(contract)
    report = hubmonitor.evaluate(loaded, tmp_path)
    assert [(f.code, f.file, f.row) for f in report.data_quality.findings] == [("data-ends-early", CRM22, 2)]
    assert dumps(report) == dumps(evaluate(loaded, load_dataset(tmp_path), data_date=date(2025, 2, 1)))


def test_a_name_of_a_year_not_read_is_still_masked(tmp_path: Path, contract: Path) -> None:
    """A company name known only from 2022 typed into the segment column in 2024: masked, as when every
    row is read (the names of the rows not read are kept)."""
    write_csv(tmp_path, CRM22, ACTIVITY_HEADER, [act("A1", "2022-03-01", "C9", name="Hansen Smed")])
    write_csv(tmp_path, CRM24, ACTIVITY_HEADER, [act("B1", "2024-03-01", "C1", segment="Hansen Smed"),
                                                act("B2", "2024-04-01", "C2")])
    write_csv(tmp_path, CRM25, ACTIVITY_HEADER, [act("D1", "2025-02-01", "C2")])
    write_csv(tmp_path, EV, EVALUATION_HEADER, [])
    loaded = load_contract(contract)
    dataset, _ = hubmonitor.read_for([(loaded, None)], tmp_path)
    assert dataset.since == SINCE and "Hansen Smed" in dataset.activities.company_values.to_list()
    report = hubmonitor.evaluate(loaded, tmp_path)
    segment = [f for f in report.data_quality.findings if f.code == "unknown-segment"]
    assert len(segment) == 1 and segment[0].sensitive and "Hansen" not in (segment[0].value or "")
    assert dumps(report) == dumps(evaluate(loaded, load_dataset(tmp_path), data_date=date(2025, 2, 1)))


def test_the_first_company_ids_are_every_rows(folder: Path) -> None:
    """The shapes of ids a finding's value is compared with come from the first distinct company ids
    of the files, read or not."""
    whole, read = load_dataset(folder), load_dataset(folder, since=SINCE)
    assert read.activities.first_ids.to_list() == whole.activities.first_ids.to_list() == [
        "C1", "C2", "C3", "C4", "C5", "C9", "C6", "C7"]


@pytest.mark.parametrize(("shapes", "expected"), [(2, ["C1", "C2"]), (3, ["C1", "C2", "C3"]),
                                                   (9, ["C1", "C2", "C3", "C4", "C5"])])
def test_first_ids_stop_once_found(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shapes: int,
                                   expected: list[str]) -> None:
    """The files after those that hold the first ``ID_SHAPES`` distinct ids are not looked through for
    them (a folder of weekly files paid it 450 times): the same ids, in the same order."""
    monkeypatch.setattr(canonical, "ID_SHAPES", shapes)
    write_csv(tmp_path, "crm_activities_2024-01.csv", ACTIVITY_HEADER,
              [act("A1", "2024-01-02", " C1 "), act("A2", "2024-01-03", "C2"), act("A3", "2024-01-04", "C1")])
    write_csv(tmp_path, "crm_activities_2024-02.csv", ACTIVITY_HEADER,
              [act("B1", "2024-02-02", "C2"), act("B2", "2024-02-03", "C3"), act("B3", "2024-02-04", "C4")])
    write_csv(tmp_path, "crm_activities_2024-03.csv", ACTIVITY_HEADER, [act("D1", "2024-03-02", "C5")])
    write_csv(tmp_path, EV, EVALUATION_HEADER, [])
    assert load_dataset(tmp_path).activities.first_ids.to_list() == expected


def test_several_folders_are_read_whole(tmp_path: Path, contract: Path) -> None:
    """An id in two folders with two CVR numbers is told from every row: here the clash's first row
    is of 2022, its last of 2024."""
    from hubmonitor.cli import _evaluate_folders

    one, two = tmp_path / "f1", tmp_path / "f2"
    write_csv(one, CRM22, ACTIVITY_HEADER, [act("X1", "2022-03-01", "C1", cvr="10000009")])
    write_csv(one, CRM24, ACTIVITY_HEADER, [act("X2", "2024-03-01", "C5"), act("X3", "2024-12-31", "C5")])
    write_csv(two, CRM24, ACTIVITY_HEADER, [act("Y1", "2024-03-01", "C1", cvr="10000017"),
                                           act("Y2", "2024-12-31", "C6")])
    for folder in (one, two):
        write_csv(folder, EV, EVALUATION_HEADER, [])
    report = _evaluate_folders(load_contract(contract), [one, two], None, None, True)
    assert {s.code: s.count for s in report.data_quality.summary}.get("company-id-in-folders") == 1



def _lean_folder(folder: Path) -> None:
    write_csv(folder, CRM22, ACTIVITY_HEADER, [
        # row 2: a bad CVR number, registration time and topic; none of them quarantines a row
        act("A1", "2022-03-01", "C1", cvr=BAD_CVR, registered_at="i går", topics="stjernekiggeri"),
        act("A2", "2022-04-01", "C2", segment="stjerne"),  # row 3: unknown-segment: quarantined
        act("A3", "2022-13-01", "C3", registered_at="i går"),  # row 4: bad-date: quarantined
    ])
    write_csv(folder, CRM23, ACTIVITY_HEADER, [
        act("B1", "2023-05-01", "C5", cvr=BAD_CVR, registered_at="i går", topics="stjernekiggeri"),
    ])
    write_csv(folder, CRM24, ACTIVITY_HEADER, [
        act("D1", "2024-02-01", "C1", cvr=BAD_CVR, registered_at="i går", topics="stjernekiggeri"),
        act("D2", "2024-03-01", "C4", topics="grøn"),
    ])
    write_csv(folder, EV, EVALUATION_HEADER, [])


@pytest.mark.parametrize("day", [date(2024, 6, 30), date(2024, 12, 31)])
def test_earlier_years_leave_out_the_columns_only_the_year_reads(tmp_path: Path, contract: Path, day: date) -> None:
    """Rows of earlier years are read only by the targets' rules (the year before for new companies,
    every earlier year for the seasonal profile of the pace as of a day within the year) and by the
    integrity signals' year before. A file whose dated rows all lie before the year is typed without
    the columns none of those reads and no quarantine check needs (the registration time and the
    topics), and without the checks that only warn (the CVR number's checksum: the number is read).
    Which rows are usable is the same; the warnings about those cells are not looked for (the file
    holds no row of 2024: the year's report never counts them); every figure is the same."""
    _lean_folder(tmp_path)
    loaded = load_contract(contract)
    dataset, _ = hubmonitor.read_for([(loaded, day)], tmp_path)
    whole = load_dataset(tmp_path)
    read_2022 = day < loaded.period.end  # the year end reads from 2023 (new companies, the signals' year before)
    rows = ["_file", "_row", "_quarantine", "_duplicate", "date", "company_id", "cvr"]
    unread = (pl.col("_file") == CRM22) & pl.col("date").is_not_null() & (not read_2022)  # (row 4: undated, read)
    assert dataset.activities.frame.select(rows).equals(whole.activities.frame.filter(~unread).select(rows))
    assert whole.activities.counts == {"bad-cvr-checksum": 3, "bad-datetime": 4, "unknown-topic": 3,
                                       "unknown-segment": 1, "bad-date": 1}
    assert dataset.activities.counts == ({"bad-cvr-checksum": 1, "bad-datetime": 1, "unknown-topic": 1,
                                          "unknown-segment": 1, "bad-date": 1} if read_2022 else
                                         {"bad-cvr-checksum": 1, "bad-datetime": 1, "unknown-topic": 1, "bad-date": 1})
    # typed lean: the files of earlier years (at the year end the 2022 file's undated row is read alone,
    # lean as its file is: the report places it with its file, of 2022)
    earlier = dataset.activities.frame.filter(pl.col("_file") != CRM24)
    assert earlier.select(pl.col("registered_at", "topics").null_count()).row(0) == (earlier.height, earlier.height)
    assert earlier["cvr"].to_list()[-1] == BAD_CVR  # the signals compare the year before's CVR numbers
    report = hubmonitor.evaluate(loaded, tmp_path, as_of=day)
    assert dumps(report) == dumps(evaluate(loaded, whole, as_of=day, data_date=date(2024, 3, 1)))
    assert report.target("T.reach").value == 2  # C1 and C4
    counts = {s.code: s.count for s in report.data_quality.summary}
    assert counts == {"bad-cvr-checksum": 1, "bad-datetime": 1, "unknown-topic": 1,
                      # (the data end 1 March: before the year end, and before 30 June evaluated to)
                      **({"data-ends-before-as-of": 1} if read_2022 else {"data-ends-early": 1}),
                      # 2023, which T.new compares with, holds 1 May only; as of 30 June T.reach's seasonal
                      # profile reads 2022 too, which holds March only
                      "compared-year-ends-early": 1 + read_2022, "compared-year-starts-late": 1 + read_2022}


@pytest.mark.parametrize(("earlier", "day", "undated"), [
    (CRM23, "2023-05-01", False),  # the year before, read (new companies; the signals' year before)
    (CRM22, "2022-05-01", True),  # two years before, not read at the year end but its undated rows
])
@pytest.mark.parametrize("as_of", [date(2024, 6, 30), date(2024, 12, 31)])
def test_the_years_findings_are_listed_whatever_the_earlier_years_hold(
        tmp_path: Path, contract: Path, earlier: str, day: str, undated: bool, as_of: date) -> None:
    """A check lists its first 50 findings (``SAMPLE_PER_CODE``). The findings of a file of earlier years
    only (its rows without a readable date with them: the report places them with their file) are
    counted by the load, never listed: they do not take the places of the year's own. Here 60 bad CVR
    numbers of an earlier year came before the three of 2024, which the report used to show one of."""
    write_csv(tmp_path, earlier, ACTIVITY_HEADER, [act("B", day, "C0")] + [
        act(f"B{i}", day[:5] + "02-30" if undated else day, f"C{i}", cvr=BAD_CVR) for i in range(60)])
    write_csv(tmp_path, CRM24, ACTIVITY_HEADER, [act(f"D{i}", "2024-02-01", f"C{i}", cvr=BAD_CVR) for i in range(3)])
    write_csv(tmp_path, EV, EVALUATION_HEADER, [])
    report = hubmonitor.evaluate(load_contract(contract), tmp_path, as_of=as_of)
    listed = [(f.file, f.row) for f in report.data_quality.findings if f.code == "bad-cvr-checksum"]
    assert listed == [(CRM24, 2), (CRM24, 3), (CRM24, 4)]
    assert {s.code: s.count for s in report.data_quality.summary}["bad-cvr-checksum"] == 3
    # check-data reads every file whole: the folder's first 50, of the earlier year, and all 63 counted
    quality = dataset_quality(load_dataset(tmp_path))
    assert [f.file for f in quality.findings if f.code == "bad-cvr-checksum"] == [earlier] * 50
    assert {s.code: s.count for s in quality.summary}["bad-cvr-checksum"] == 63


def test_a_column_a_target_reads_is_typed_in_the_earlier_years_too(tmp_path: Path) -> None:
    """A target that counts companies by topic reads the topics of 2022 for its seasonal profile: they
    are typed there (the registration times are not; nor are the unknown tags of that year looked for:
    a check that only warns)."""
    _lean_folder(tmp_path)
    green = load_contract(write_contract(tmp_path / "c", [target(
        "T.green", "distinct_companies", 1, where={"topics": {"contains": "grøn"}})]))
    dataset, _ = hubmonitor.read_for([(green, date(2024, 6, 30))], tmp_path)
    of_2022 = dataset.activities.frame.filter(pl.col("_file") == CRM22)
    assert of_2022["topics"].to_list() == [["stjernekiggeri"], None, None]  # (no topic: null)
    assert of_2022["registered_at"].null_count() == 3
    assert dataset.activities.counts["unknown-topic"] == 1  # of 2024


def test_a_file_with_rows_of_the_year_is_typed_whole(tmp_path: Path, contract: Path) -> None:
    """A file that also holds rows of the year (one export of every year) is typed whole, its earlier
    rows with it."""
    write_csv(tmp_path, "crm_activities.csv", ACTIVITY_HEADER, [
        act("A1", "2023-03-01", "C1", registered_at="i går"), act("B1", "2024-02-01", "C2")])
    write_csv(tmp_path, EV, EVALUATION_HEADER, [])
    dataset, _ = hubmonitor.read_for([(load_contract(contract), date(2024, 6, 30))], tmp_path)
    assert dataset.activities.counts == {"bad-datetime": 1}


def test_companies_counted_among_the_answers_of_the_year_before(tmp_path: Path) -> None:
    """A count of the companies that answered, against last year's count: the answers' company ids
    of 2023 are read (a target reads them; they are a company's own data): 3 companies answered in
    2023, 2 in 2024, so the goal is 3 and is not met (read lean, the ids were once left out and the
    2023 count was 1)."""
    data = tmp_path / "data"
    write_csv(data, "crm_activities.csv", ACTIVITY_HEADER,
              [act("A1", "2023-03-01", "C1"), act("B1", "2024-03-01", "C1")])
    write_csv(data, "evaluations_2023.csv", EVALUATION_HEADER,
              [ev("E1", "2023-05-01", "C1"), ev("E2", "2023-05-01", "C2"), ev("E3", "2023-05-01", "C3")])
    write_csv(data, "evaluations_2024.csv", EVALUATION_HEADER,
              [ev("F1", "2024-05-01", "C1"), ev("F2", "2024-05-01", "C2")])
    answered = load_contract(write_contract(tmp_path / "c", [target(
        "T.answered", "distinct_companies", {"previous_year": {"change": 0}}, source="evaluations")]))
    assert answered.targets[0].reads() == {"evaluations": {"date", "company_id"}}
    day = date(2024, 12, 31)
    report = hubmonitor.evaluate(answered, data, as_of=day)
    result = report.target("T.answered")
    assert (result.value, result.target, result.status) == (2, 3, "not_met")
    whole = load_dataset(data)
    assert dumps(report) == dumps(evaluate(answered, whole, as_of=day, data_date=hubmonitor.data_date(whole)))


@pytest.mark.parametrize("day", [date(2024, 6, 30), date(2024, 12, 31)])
def test_company_data_of_an_earlier_year_still_masks_a_findings_value(tmp_path: Path, day: date) -> None:
    """A contact name (a contract's data: block marks it as company data) written in 2023 and typed
    into the segment column in 2024: masked on the year's finding, as when every row is read whole
    (company data of earlier years is always typed)."""
    data, header = tmp_path / "data", ACTIVITY_HEADER + ",contact"
    write_csv(data, CRM23, header, [act("A1", "2023-03-01", "C1") + ",Hans Hansen"])
    write_csv(data, CRM24, header, [act("B1", "2024-03-01", "C2") + ",",
                                    act("B2", "2024-04-01", "C3", segment="Hans Hansen") + ","])
    write_csv(data, EV, EVALUATION_HEADER, [])
    doc = {"document": "contract", "id": "m-2024", "title": "M", "hub": "Erhvervshus Midtjylland",
           "erhvervshus": "Midtjylland", "period": {"year": 2024},
           "data": {"activities": {"columns": {"contact": {"kind": "text", "company_data": True}}}},
           "targets": [target("T.reach", "distinct_companies", 1)]}
    path = tmp_path / "c.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    contract = load_contract(path)
    report = hubmonitor.evaluate(contract, data, as_of=day)
    segment = [f for f in report.data_quality.findings if f.code == "unknown-segment"]
    assert [(f.row, f.value, f.sensitive) for f in segment] == [(3, "XXXX XXXXXX", True)]
    whole = load_dataset(data, data=contract.data)
    assert dumps(report) == dumps(evaluate(contract, whole, as_of=day, data_date=hubmonitor.data_date(whole)))


def test_an_example_of_the_year_without_its_value_says_so(tmp_path: Path, contract: Path) -> None:
    """60 unreadable registration times of 2023 and one of 2024 in one export: the load's first 50
    examples are all of 2023, so the year's example is its first flagged row, whose value (the typed
    one: empty) the report does not have. Its message says to see the cell, never "None"."""
    write_csv(tmp_path, "crm_activities.csv", ACTIVITY_HEADER,
              [act(f"A{i}", "2023-05-01", f"C{i}", registered_at="i går") for i in range(60)]
              + [act("B1", "2024-03-01", "C1", registered_at="i morgen")])  # row 62
    write_csv(tmp_path, EV, EVALUATION_HEADER, [])
    report = hubmonitor.evaluate(load_contract(contract), tmp_path, as_of=date(2024, 12, 31))
    [example] = [f for f in report.data_quality.findings if f.code == "bad-datetime"]
    assert (example.row, example.column, example.value) == (62, "registered_at", None)
    assert example.message == ("ugyldig dato eller tidspunkt [se cellen] (forventet fx 2024-12-31 eller "
                               "2024-12-31 14:05); cellen tælles som tom")
    assert "None" not in example.message_en and "[see the cell]" in example.message_en


def test_rows_differing_in_topics_alone_are_no_copies_in_a_lean_read(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """A year before read lean leaves the topics untyped (no target reads them): its rows are compared by the
    topics as written there, as a whole read compares them by what they read as. A1 twice, "grøn" and
    "eksport", is a reused id in both reads, not a copy: last year's count is 4 either way (a second review:
    3 from a lean read, 4 where a target read the topics)."""
    monkeypatch.setenv("HUBMONITOR_TODAY", "2026-12-07")
    write_csv(tmp_path, "crm_activities_2024.csv", ACTIVITY_HEADER, [
        act("A1", "2024-03-01", "C1", topics="grøn"), act("A1", "2024-03-01", "C1", topics="eksport"),
        act("A2", "2024-05-01", "C2"), act("A3", "2024-12-31", "C3")])
    write_csv(tmp_path, "crm_activities_2025.csv", ACTIVITY_HEADER, [act("B1", "2025-12-31", "D1")])
    write_csv(tmp_path, "evaluations.csv", EVALUATION_HEADER, [])
    acts = target("T.acts", "count", {"previous_year": {"change": 0}}, where={"activity_type": "individuel"})
    green = target("T.green", "count", 0, where={"topics": {"contains": "grøn"}})
    goals = []
    for targets in ([acts], [acts, green]):
        contract = load_contract(write_contract(tmp_path / f"c{len(targets)}", targets, year=2025))
        report = hubmonitor.evaluate(contract, tmp_path)
        goals.append(report.target("T.acts").target)
    assert goals == [4, 4]  # A1 (twice: other content), A2, A3
