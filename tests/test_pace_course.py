"""The pace chart's course through the year from one pass (issue 19): a distinct-company target's
value on every day is the metric's own on the window up to that day, computed once from each
company's first matching date instead of once per window."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from helpers import MIDTJYLLAND, SAMPLE, act, load_folder, make_data, target, write_contract

import hubmonitor
from hubmonitor.contract.loader import load_contract
from hubmonitor.engine import figure
from hubmonitor.engine.context import Context, UsableRows, Window
from hubmonitor.engine.figure import COURSES, METRICS
from hubmonitor.reference import load_registry

DAYS = [date(2024, 1, 10), date(2024, 1, 31), date(2024, 2, 29), date(2024, 3, 31)]


def _context(folder: Path, contract: Path, end: date) -> Context:
    loaded = load_contract(contract)
    dataset = load_folder(folder)
    return Context(contract=loaded, window=Window(date(2024, 1, 1), end),
                   activity_rows=UsableRows(dataset.activities.frame),
                   evaluation_rows=UsableRows(dataset.evaluations.frame), external=None, registry=load_registry())


def test_each_day_is_the_metrics_value_on_its_window(tmp_path: Path) -> None:
    """C1 individually guided on 15 January and 20 March, C2 on 10 February, C3 only collectively
    (5 March); the first row of all is 15 January."""
    folder = make_data(tmp_path / "data", activities=[
        act("A1", "2024-01-15", "C1"), act("A2", "2024-02-10", "C2"),
        act("A3", "2024-03-05", "C3", kind="kollektiv"), act("A4", "2024-03-20", "C1")])
    contract = write_contract(tmp_path, [target("T.guided", "distinct_companies", 10,
                                                where={"activity_type": "individuel"})])
    t = load_contract(contract).targets[0]
    got = COURSES[type(t)](t, _context(folder, contract, DAYS[-1]), DAYS)
    # 10 January: no row yet (no value, as the metric says); 31 January: C1; 29 February: C1, C2;
    # 31 March: still C1, C2 (C3 is collective, C1's second row is not a new company)
    assert got == {DAYS[0]: None, DAYS[1]: 1.0, DAYS[2]: 2.0, DAYS[3]: 2.0}
    for day in DAYS:  # and each is the metric's own on the window up to that day
        assert got[day] == METRICS[type(t)](t, _context(folder, contract, day)).value


def test_the_sample_as_of_30_june_has_the_same_course_either_way(monkeypatch: pytest.MonkeyPatch) -> None:
    """The sample's in-year report: every progress point the same with the one-pass course and with
    the metric run window by window (the way before issue 19)."""
    fast = hubmonitor.evaluate(MIDTJYLLAND, SAMPLE, as_of=date(2024, 6, 30))
    monkeypatch.setattr(figure, "COURSES", {})
    monkeypatch.setattr("hubmonitor.engine.pace.COURSES", {})
    slow = hubmonitor.evaluate(MIDTJYLLAND, SAMPLE, as_of=date(2024, 6, 30))
    # two counts of companies (one pass) and two milestone counts (window by window, as before)
    assert [(t.id, t.kind) for t in fast.targets if t.progress] == [
        ("M4.municipal_presentations", "milestone"), ("M8.reach", "distinct_companies"),
        ("M8.growth_programmes", "distinct_companies"), ("F1.dialogue_meetings", "milestone")]
    for t in fast.targets:
        assert t.progress == slow.target(t.id).progress, t.id
    reach = [p.value for p in fast.target("M8.reach").progress]
    # the 12 month ends: a value up to 30 June (the as-of date, a month end), none after
    assert reach[:6] == [584, 1094, 1595, 2083, 2515, 2914] and reach[6:] == [None] * 6


def test_a_window_holding_every_row_of_its_year_is_the_years_rows_not_a_copy(tmp_path: Path) -> None:
    """A year evaluated as of a day within it holds no row after that day: its window (1 January to
    the day) holds every row of the year, and is those rows, not a copy of every column (issue 19); a
    window that leaves rows out is cut, the year's first or last rows alike. Quarantined rows lie
    anywhere: the year's usable rows decide."""
    folder = make_data(tmp_path / "data", activities=[
        act("A1", "2024-01-15", "C1"), act("A2", "2024-02-10", "C2"), act("A3", "2024-03-05", "C3"),
        act("A4", "2024-06-30", "C4", municipality="Atlantis")])  # quarantined: no known municipality
    rows = UsableRows(load_folder(folder).activities.frame)
    year = rows.year(2024)
    assert year["activity_id"].to_list() == ["A1", "A2", "A3"]
    assert rows.window(Window(date(2024, 1, 1), date(2024, 3, 31))) is year
    assert rows.window(Window(date(2024, 1, 1), date(2024, 3, 5))) is year  # the last row's own day
    assert rows.window(Window(date(2024, 1, 15), date(2024, 3, 5))) is year  # the first row's own day
    assert rows.window(Window(date(2024, 1, 1), date(2024, 3, 4)))["activity_id"].to_list() == ["A1", "A2"]
    assert rows.window(Window(date(2024, 1, 16), date(2024, 3, 31)))["activity_id"].to_list() == ["A2", "A3"]
    assert rows.window(Window(date(2025, 1, 1), date(2025, 3, 31))).height == 0  # a year without rows
