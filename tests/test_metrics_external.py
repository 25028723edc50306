"""Figures measured by others (kind external) and milestone evidence, from external-<year>.yaml."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import (
    MIDTJYLLAND,
    act,
    assert_accounting,
    make_data,
    run,
    summary,
    target,
    warnings,
    write_contract,
)

from hubmonitor.cli import main
from hubmonitor.errors import DataError
from hubmonitor.io.dataset import load_dataset

EXTERNAL_IDS = ("M1.awareness", "M5.green_awareness", "M6.growth_revenue", "M6.growth_employment",
                "M6.productivity")
MILESTONE_IDS = ("M4.municipal_presentations", "F1.dialogue_meetings", "M5.green_tool")

FULL = """\
awareness:
  respondents: 200
  aware: 100
green_awareness:
  respondents: 100
  aware_of_green: 70
effect_study:
  revenue_growth_pp: 10
  employment_growth_pp: 4.9
  productivity_growth_pp: 0
milestones:
  municipal_presentations:
    - {municipality: Favrskov, date: 2024-03-04}
    - {municipality: favrskov kommune, date: 2024-05-01}
    - {municipality: "0751", date: 2024-06-01}
    - {municipality: 727, date: 2024-06-02}
    - {municipality: Samsø, date: 2023-11-20}
    - {municipality: Odense, date: 2024-02-02}
    - {municipality: Atlantis, date: 2024-02-03}
  dialogue_meetings:
    - 2024-02-12
    - 2024-05-27
    - 2023-12-31
    - 2025-01-01
  green_dialogue_tool: {done: true, date: 2021-11-01}
"""


def test_external_figures_and_milestones(tmp_path: Path) -> None:
    data = make_data(tmp_path / "data", external=FULL)
    report = run(MIDTJYLLAND, data)

    awareness = report.target("M1.awareness")
    # 100 aware of 200 asked: 0.50, exactly the threshold
    assert awareness.value == 100 / 200
    assert (awareness.numerator, awareness.denominator) == (100, 200)
    assert awareness.status == "met"

    green = report.target("M5.green_awareness")
    # 70 / 100 = 0.70 against baseline 0.60 + change 0.10 = 0.70
    assert green.value == 70 / 100
    assert green.target == 0.7
    assert green.status == "met"

    revenue = report.target("M6.growth_revenue")
    assert (revenue.value, revenue.status) == (10, "met")  # 10 >= 10
    employment = report.target("M6.growth_employment")
    assert (employment.value, employment.status) == (4.9, "not_met")  # 4.9 < 5
    productivity = report.target("M6.productivity")
    assert (productivity.value, productivity.status) == (0, "not_met")  # 0 is not > 0

    presentations = report.target("M4.municipal_presentations")
    # in 2024 and in the hub: Favrskov (twice, counted once), Aarhus ("0751"), Odder (727) = 3;
    # Samsø is dated 2023, Odense is not a hub municipality, Atlantis is no municipality
    assert presentations.value == 3
    assert (presentations.numerator, presentations.denominator) == (3, 19)
    assert presentations.target == 19
    assert presentations.status == "not_met"
    assert presentations.details["items_outside_period"] == 1
    assert len(presentations.details["missing"]) == 16
    assert "Samsø" in presentations.details["missing"]
    # each at its line of the file: not counted, and said why (a review: Odense was dropped without a word)
    assert warnings(report, "unknown-milestone-municipality") == [
        ("external-2024.yaml", 19, "milestones.municipal_presentations", "Atlantis")]
    assert warnings(report, "milestone-outside-hub") == [
        ("external-2024.yaml", 18, "milestones.municipal_presentations", "Odense")]
    assert summary(report)["unknown-milestone-municipality"] == summary(report)["milestone-outside-hub"] == 1

    meetings = report.target("F1.dialogue_meetings")
    # 2024-02-12 and 2024-05-27; the 2023 and 2025 dates do not count: 2 < 3
    assert (meetings.value, meetings.status) == (2, "not_met")
    assert meetings.details["items_outside_period"] == 2

    tool = report.target("M5.green_tool")
    assert (tool.value, tool.status) == (True, "met")
    assert_accounting(report, data, {})  # no CSV input: nothing to account for


def test_milestones_met(tmp_path: Path) -> None:
    names = ["Favrskov", "Hedensted", "Herning", "Holstebro", "Horsens", "Ikast-Brande", "Lemvig",
             "Norddjurs", "Odder", "Randers", "Ringkøbing-Skjern", "Samsø", "Silkeborg", "Skanderborg",
             "Skive", "Struer", "Syddjurs", "Viborg", "Århus"]
    items = "\n".join(f"    - {{municipality: {n}, date: 2024-{1 + i % 12:02d}-15}}" for i, n in enumerate(names))
    external = (f"milestones:\n  municipal_presentations:\n{items}\n"
                "  dialogue_meetings: [2024-01-10, 2024-04-10, 2024-09-10]\n"
                "  green_dialogue_tool: {done: true}\n")
    data = make_data(tmp_path / "data", external=external)
    report = run(MIDTJYLLAND, data)
    # all 19 hub municipalities (Aarhus spelled Århus): 19 = all
    assert (report.target("M4.municipal_presentations").value,
            report.target("M4.municipal_presentations").status) == (19, "met")
    assert report.target("M4.municipal_presentations").details["missing"] == []
    # three meetings in 2024: 3 >= 3
    assert (report.target("F1.dialogue_meetings").value, report.target("F1.dialogue_meetings").status) == (3, "met")
    # done, no date given
    assert (report.target("M5.green_tool").value, report.target("M5.green_tool").status) == (True, "met")
    assert_accounting(report, data, {})  # no CSV input: nothing to account for


def test_green_awareness_below_baseline_plus_change(tmp_path: Path) -> None:
    external = "green_awareness: {respondents: 100, aware_of_green: 69}\n"
    data = make_data(tmp_path / "data", external=external)
    report = run(MIDTJYLLAND, data)
    green = report.target("M5.green_awareness")
    # 69 / 100 = 0.69 < 0.60 + 0.10
    assert (green.value, green.status) == (69 / 100, "not_met")
    assert_accounting(report, data, {})  # no CSV input: nothing to account for


def test_milestone_not_done(tmp_path: Path) -> None:
    external = "milestones:\n  green_dialogue_tool: {done: false}\n"
    data = make_data(tmp_path / "data", external=external)
    report = run(MIDTJYLLAND, data)
    assert (report.target("M5.green_tool").value, report.target("M5.green_tool").status) == (False, "not_met")
    assert_accounting(report, data, {})  # no CSV input: nothing to account for


def test_as_of_cuts_milestones(tmp_path: Path) -> None:
    external = ("milestones:\n"
                "  dialogue_meetings: [2024-02-12, 2024-06-30, 2024-07-01]\n"
                "  green_dialogue_tool: {done: true, date: 2024-10-01}\n")
    data = make_data(tmp_path / "data", external=external)
    report = run(MIDTJYLLAND, data, as_of=date(2024, 6, 30))
    # up to 30 June: 2024-02-12 and 2024-06-30 = 2
    assert report.target("F1.dialogue_meetings").value == 2
    # the calculation note's days as a Danish sentence writes them (they were ISO days in Danish text)
    meetings, tool = report.target("F1.dialogue_meetings"), report.target("M5.green_tool")
    assert meetings.explanation == "Antal 'dialogue_meetings' dateret i perioden 1.1.2024 – 30.6.2024."
    assert meetings.explanation_en == "Number of 'dialogue_meetings' dated in the period 2024-01-01 – 2024-06-30."
    assert tool.explanation == "Opfyldt, når milepælen 'green_dialogue_tool' er gennemført (senest 30.6.2024)."
    # done on 1 October: not yet done on 30 June
    assert report.target("M5.green_tool").value is False
    assert_accounting(report, data, {})  # no CSV input: nothing to account for


def test_missing_external_file_is_insufficient(tmp_path: Path) -> None:
    data = make_data(tmp_path / "data", activities=[act("A1", "2024-01-01", "C1")])
    report = run(MIDTJYLLAND, data)
    for tid in (*EXTERNAL_IDS, *MILESTONE_IDS):
        result = report.target(tid)
        assert (result.value, result.status) == (None, "insufficient_data"), tid
        assert result.reason is not None and "external-2024.yaml" in result.reason, tid
    # one CRM row, dated 2024
    assert_accounting(report, data, {"crm_activities.csv": (1, 1, 0, 0, 0)})


def test_external_file_for_another_year_is_not_used(tmp_path: Path) -> None:
    data = make_data(tmp_path / "data", external="awareness: {respondents: 10, aware: 9}\n",
                     external_year=2023)
    report = run(MIDTJYLLAND, data)
    assert (report.target("M1.awareness").value, report.target("M1.awareness").status) == (
        None, "insufficient_data")
    assert_accounting(report, data, {})  # no CSV input: nothing to account for


def test_missing_blocks_are_insufficient(tmp_path: Path) -> None:
    external = ("awareness: {respondents: 100, aware: 60}\n"
                "effect_study: {revenue_growth_pp: 12.5}\n"
                "milestones:\n  dialogue_meetings: [2024-03-03]\n")
    data = make_data(tmp_path / "data", external=external)
    report = run(MIDTJYLLAND, data)
    # present: 60 / 100 and 12.5 and one meeting
    assert (report.target("M1.awareness").value, report.target("M1.awareness").status) == (60 / 100, "met")
    assert (report.target("M6.growth_revenue").value, report.target("M6.growth_revenue").status) == (12.5, "met")
    assert (report.target("F1.dialogue_meetings").value,
            report.target("F1.dialogue_meetings").status) == (1, "not_met")
    # missing: the green_awareness block, two figures of effect_study, two milestones
    for tid in ("M5.green_awareness", "M6.growth_employment", "M6.productivity",
                "M4.municipal_presentations", "M5.green_tool"):
        result = report.target(tid)
        assert (result.value, result.status) == (None, "insufficient_data"), tid
        assert result.reason, tid
    assert_accounting(report, data, {})  # no CSV input: nothing to account for


def test_zero_respondents_is_insufficient(tmp_path: Path) -> None:
    external = "awareness: {respondents: 0, aware: 0}\n"
    data = make_data(tmp_path / "data", external=external)
    report = run(MIDTJYLLAND, data)
    awareness = report.target("M1.awareness")
    assert (awareness.value, awareness.status) == (None, "insufficient_data")
    assert_accounting(report, data, {})  # no CSV input: nothing to account for


def test_milestone_of_the_wrong_shape_is_insufficient(tmp_path: Path) -> None:
    external = ("milestones:\n"
                "  dialogue_meetings: {done: true}\n"
                "  green_dialogue_tool: [2024-01-01]\n")
    data = make_data(tmp_path / "data", external=external)
    report = run(MIDTJYLLAND, data)
    for tid in ("F1.dialogue_meetings", "M5.green_tool"):
        assert (report.target(tid).value, report.target(tid).status) == (None, "insufficient_data"), tid
    assert_accounting(report, data, {})  # no CSV input: nothing to account for


def test_standalone_external_figure_with_other_comparison(tmp_path: Path) -> None:
    contract = write_contract(tmp_path, [
        target("T.cost", "external", 100, figure="cost.per_company", unit="number", comparison="<="),
        target("T.rate", "external", {"baseline": "rate_2020", "change": 0.05},
               numerator="survey.agreed", denominator="survey.asked"),
    ], baselines={"rate_2020": 0.5})
    external = "cost: {per_company: 99.5}\nsurvey: {asked: 200, agreed: 110}\n"
    data = make_data(tmp_path / "data", external=external)
    report = run(contract, data)
    assert (report.target("T.cost").value, report.target("T.cost").status) == (99.5, "met")  # 99.5 <= 100
    rate = report.target("T.rate")
    # 110 / 200 = 0.55 against 0.5 + 0.05 = 0.55 (200 respondents: enough answers, and uncertain)
    assert (rate.value, rate.target, rate.status, rate.uncertain) == (110 / 200, 0.55, "met", True)
    assert_accounting(report, data, {})  # no CSV input: nothing to account for


def test_bad_external_file_is_a_data_error(tmp_path: Path) -> None:
    data = make_data(tmp_path / "data", external="awareness: {respondents: many, aware: 3}\n")
    with pytest.raises(DataError, match="respondents"):
        load_dataset(data)


def test_unquoted_kommunekode_with_leading_zero_is_a_code_not_octal(tmp_path: Path) -> None:
    # YAML 1.1 reads 0751 as the octal number 489; hubmonitor keeps it as the code of Aarhus.
    data = make_data(tmp_path / "data", external="milestones:\n  municipal_presentations:\n"
                                                  "    - {municipality: 0751, date: 2024-06-01}\n")
    presentations = run(MIDTJYLLAND, data).target("M4.municipal_presentations")
    assert presentations.value == 1
    assert "Aarhus" not in presentations.details["missing"]


def test_a_quoted_date_is_the_same_day(tmp_path: Path) -> None:
    """'2024-05-27' (quoted, as another tool may write it) was refused as "not a date" while
    hubmonitor.yaml's data_date took it (a review): the same day as 2024-05-27, in each place a
    milestone takes a date; a time is still not a date, and its message shows it as the file has it."""
    quoted = ("milestones:\n  dialogue_meetings: ['2024-01-10', \"2024-04-10\", {date: '2024-09-10'}]\n"
              "  green_dialogue_tool: {done: true, date: '2024-03-01'}\n")
    plain = quoted.replace("'", "").replace('"', "")
    reports = [run(MIDTJYLLAND, make_data(tmp_path / name, external=text))
               for name, text in (("quoted", quoted), ("plain", plain))]
    for report in reports:
        assert (report.target("F1.dialogue_meetings").value, report.target("F1.dialogue_meetings").status) == (
            3, "met")
        assert report.target("M5.green_tool").value is True
    timed = make_data(tmp_path / "timed", external="milestones:\n  dialogue_meetings: [2024-05-27T10:00:00]\n")
    result = CliRunner().invoke(main, ["validate", str(timed / "external-2024.yaml")])
    assert result.exit_code == 1
    assert ("forventet en dato (ÅÅÅÅ-MM-DD) eller {date, municipality, note}, ikke '2024-05-27 10:00:00'"
            in result.stdout + result.stderr)


@pytest.mark.parametrize("written", ["- '2024-02-30'", "- {date: '2024-02-30'}"])
def test_a_quoted_day_not_in_the_calendar_is_told_so(tmp_path: Path, written: str) -> None:
    """As the same date unquoted is: not "expected a date (YYYY-MM-DD)", which it is written as."""
    data = make_data(tmp_path / "d", external=f"milestones:\n  dialogue_meetings:\n    {written}\n")
    result = CliRunner().invoke(main, ["validate", str(data / "external-2024.yaml")])
    assert result.exit_code == 1
    assert "ugyldig dato '2024-02-30': den findes ikke i kalenderen (skriv ÅÅÅÅ-MM-DD)" in result.stderr
