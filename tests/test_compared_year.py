"""A year a target compares with, exported in part (a review, 7 December 2026): the share of new
companies of 2024 compares with 2023; with only January–June of 2023 in the folder, every company of
the second half counted as new (Fyn's 76,5 % became 84,8 %) without a word. Now a warning at the row
where that year's activities end (or begin), naming the targets that read it, and a note in their
explanation. The figure itself is what the data give.

Hand-checked: 2024 holds C1, C2, C3 (individual activities); 2023 holds C1 only, so 2 of 3 are new."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from helpers import act, make_data, target, write_contract

import hubmonitor
from hubmonitor.report import Report

YEAR_2024 = [act("A1", "2024-01-10", "C1"), act("A2", "2024-05-01", "C2"), act("A3", "2024-12-20", "C3")]


@pytest.fixture(autouse=True)
def after_2024(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HUBMONITOR_TODAY", "2025-02-01")


def _contract(folder: Path) -> Path:
    return write_contract(folder, [target("T.new", "new_companies", 0.5, where={"activity_type": "individuel"}),
                                   target("T.reach", "distinct_companies", 3)])


def _short(report: Report) -> list[tuple[str, str, int | None, str | None, str | None]]:
    return [(f.code, f.file, f.row, f.value, f.detail) for f in report.data_quality.findings
            if f.code.startswith("compared-year")]


@pytest.mark.parametrize(("year_2023", "expected", "note"), [
    # ends on 30 June: 184 days before the year's end
    ([act("B1", "2023-01-05", "C1"), act("B2", "2023-06-30", "C1")],
     [("compared-year-ends-early", "crm_activities_2023.csv", 3, "2023-06-30", "2023 læses af T.new")],
     "slutter 30.6.2023"),
    # begins on 15 March: 73 days after its start
    ([act("B1", "2023-03-15", "C1"), act("B2", "2023-12-20", "C1")],
     [("compared-year-starts-late", "crm_activities_2023.csv", 2, "2023-03-15", "2023 læses af T.new")],
     "begynder 15.3.2023"),
    # 1 February and 30 November: 31 days from either end is a whole year (a quiet January, a quiet December)
    ([act("B1", "2023-02-01", "C1"), act("B2", "2023-11-30", "C1")], [], None),
    # both: one sentence
    ([act("B1", "2023-04-01", "C1"), act("B2", "2023-08-31", "C1")],
     [("compared-year-ends-early", "crm_activities_2023.csv", 3, "2023-08-31", "2023 læses af T.new"),
      ("compared-year-starts-late", "crm_activities_2023.csv", 2, "2023-04-01", "2023 læses af T.new")],
     "begynder 1.4.2023 og slutter 31.8.2023"),
])
def test_a_compared_year_exported_in_part_is_warned(tmp_path: Path, year_2023: list[str],
                                                    expected: list[tuple[str, str, int, str, str]],
                                                    note: str | None) -> None:
    data = make_data(tmp_path / "d", activities=YEAR_2024, activities_2023=year_2023)
    report = hubmonitor.evaluate(_contract(tmp_path / "c"), data)
    new = report.find("T.new")
    assert new is not None and (new.numerator, new.denominator) == (2, 3)
    assert _short(report) == expected
    summary = {s.code: s.count for s in report.data_quality.summary}
    assert summary.get("compared-year-ends-early", 0) + summary.get("compared-year-starts-late", 0) == len(expected)
    # said beside the figure; the count that reads no earlier year is left alone
    plain = ("Andelen af virksomheder med mindst én aktivitet hvor aktivitetstype = 'individuel' i perioden, som "
             "ikke havde en sådan aktivitet i 2023.")
    assert new.explanation == plain + (f" Bemærk: aktiviteterne i 2023 {note}; mangler der data, kan sammenligningen "
                                       "være skæv." if note else "")
    assert "Bemærk" not in report.find("T.reach").explanation  # type: ignore[union-attr]


def test_a_compared_year_without_activities_is_left_to_the_target(tmp_path: Path) -> None:
    """No activity of 2023 at all: the target says there is nothing to compare with; no warning more."""
    report = hubmonitor.evaluate(_contract(tmp_path / "c"), make_data(tmp_path / "d", activities=YEAR_2024))
    assert _short(report) == []
    assert report.find("T.new").status == "insufficient_data"  # type: ignore[union-attr]


def test_the_warning_is_said_in_english_and_in_the_terminal(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from hubmonitor.cli import main

    data = make_data(tmp_path / "d", activities=YEAR_2024,
                     activities_2023=[act("B1", "2023-01-05", "C1"), act("B2", "2023-06-30", "C1")])
    contract = _contract(tmp_path / "c")
    result = CliRunner().invoke(main, ["evaluate", str(contract), "--data", str(data), "--lang", "en"])
    assert result.exit_code == 0, result.stderr
    assert "compared-year-ends-early (warning): 1" in result.stdout
    report = hubmonitor.evaluate(contract, data, as_of=date(2024, 12, 31))
    assert report.find("T.new").explanation_en.endswith(  # type: ignore[union-attr]
        " Note: the activities of 2023 end 30 Jun 2023; if data are missing, the comparison may be skewed.")
    english = [f.message_en for f in report.data_quality.findings if f.code == "compared-year-ends-early"]
    assert english == ["an earlier year the targets compare with has its latest activity dated 2023-06-30, more than "
                       "31 days before that year ends; is data missing? The comparison may then give a skewed figure "
                       "(e.g. too many new companies)"]


def test_a_seasonal_profile_year_exported_in_part_is_warned(tmp_path: Path) -> None:
    """A review: during the year the seasonal profile reads every earlier year; one exported from July on
    gave a share of 0 by 30 June (and one ending in October a share of 1), turned a target that was behind
    into one on track, and nothing said so. The year is warned of as a compared one, naming the targets
    whose profile reads it, and their explanation says so. Hand-checked: 2023 holds C1 (5 July) and C2
    (20 December), so T.reach's profile share by 30 June is 0 / 2; 2024 has reached C1 and C2 by then."""
    year_2023 = [act("B1", "2023-07-05", "C1"), act("B2", "2023-12-20", "C2")]
    data = make_data(tmp_path / "d", activities=YEAR_2024, activities_2023=year_2023)
    report = hubmonitor.evaluate(_contract(tmp_path / "c"), data, as_of=date(2024, 6, 30))
    reach = report.find("T.reach")
    assert reach is not None and reach.value == 2 and reach.season is not None
    assert (reach.season.years, reach.season.shares) == ([2023], [0.0])
    assert _short(report) == [("compared-year-starts-late", "crm_activities_2023.csv", 2, "2023-07-05",
                               "2023 læses af T.new, T.reach")]
    assert reach.explanation.endswith(" Bemærk: aktiviteterne i 2023 begynder 5.7.2023; mangler der data, kan "
                                      "sammenligningen være skæv.")
    # at the year end no profile is read: the year is T.new's alone, as before
    whole = hubmonitor.evaluate(_contract(tmp_path / "c2"), data)
    assert _short(whole) == [("compared-year-starts-late", "crm_activities_2023.csv", 2, "2023-07-05",
                              "2023 læses af T.new")]
    assert "Bemærk" not in whole.find("T.reach").explanation  # type: ignore[union-attr]
