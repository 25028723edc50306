"""A milestone done for one year only (issue 18, item 9): `within_year: true` on a `done` milestone
counts it only when its date lies in the contract year; a one-off milestone (the default) stays done
once done."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import make_data, run, target, write_contract

from hubmonitor.cli import main


def _contract(tmp_path: Path, **fields: object) -> Path:
    return write_contract(tmp_path / "c", [target("T.meeting", "milestone", True, comparison="==",
                                                  evidence="annual_meeting", measure="done", **fields)])


@pytest.mark.parametrize(("flag", "yearly", "one_off"), [
    ("{done: true, date: 2024-03-01}", (True, "met"), (True, "met")),
    ("{done: true, date: 2023-11-20}", (False, "not_met"), (True, "met")),  # last year's: not carried
    ("{done: true, date: 2025-01-10}", (False, "not_met"), (False, "not_met")),  # after the year
    ("{done: false, date: 2024-03-01}", (False, "not_met"), (False, "not_met")),
])
def test_yearly_and_one_off(tmp_path: Path, flag: str, yearly: tuple[bool, str], one_off: tuple[bool, str]) -> None:
    data = make_data(tmp_path / "data", external=f"milestones:\n  annual_meeting: {flag}\n")
    t = run(_contract(tmp_path, within_year=True), data).target("T.meeting")
    assert (t.value, t.status) == yearly
    t = run(_contract(tmp_path), data).target("T.meeting")
    assert (t.value, t.status) == one_off


def test_a_yearly_milestone_needs_its_date(tmp_path: Path) -> None:
    data = make_data(tmp_path / "data", external="milestones:\n  annual_meeting: {done: true}\n")
    t = run(_contract(tmp_path, within_year=True), data).target("T.meeting")
    assert (t.value, t.status) == (None, "insufficient_data")
    assert t.reason == ("milestones.annual_meeting er en årlig milepæl (within_year): angiv datoen den blev "
                        "gennemført i external-2024.yaml")


def test_during_the_year_a_yearly_milestone_counts_up_to_the_as_of_date(tmp_path: Path) -> None:
    data = make_data(tmp_path / "data", external="milestones:\n  annual_meeting: {done: true, date: 2024-09-01}\n")
    t = run(_contract(tmp_path, within_year=True), data, as_of=date(2024, 6, 30)).target("T.meeting")
    assert (t.value, t.status) == (False, "not_met")


def test_within_year_is_for_done_only(tmp_path: Path) -> None:
    contract = write_contract(tmp_path / "c", [target("T.meetings", "milestone", 3, evidence="meetings",
                                                      measure="count", within_year=True)])
    result = CliRunner().invoke(main, ["validate", str(contract)])
    assert result.exit_code == 1 and "targets[0].within_year: within_year gælder kun measure: done" in result.stderr
