"""Acceptance: the spec's worked example, evaluated by an independent implementation.

The data in data/sample/midtjylland-2024 is the spec's example; expected*.json are the
figures the other implementation computed. Every value, numerator, denominator and group
figure must agree exactly (floats to the last bit).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from helpers import MIDTJYLLAND, SAMPLE

import hubmonitor
from hubmonitor.report import Report

EXPECTED = Path(__file__).parent / "fixtures" / "example-midtjylland-2024"


@pytest.fixture(scope="module")
def full_year() -> Report:
    return hubmonitor.evaluate(MIDTJYLLAND, SAMPLE)


@pytest.fixture(scope="module")
def half_year() -> Report:
    return hubmonitor.evaluate(MIDTJYLLAND, SAMPLE, as_of=date(2024, 6, 30))


def _compare(report: Report, expected: dict, statuses: bool) -> None:
    ids = {t.id for t in report.targets}
    assert ids == {k for k in expected if not k.startswith("_")}
    for t in report.targets:
        exp = expected[t.id]
        assert t.value == exp["value"], t.id
        for key in ("numerator", "denominator"):
            if key in exp:
                assert getattr(t, key) == exp[key], (t.id, key)
        if statuses:
            assert t.status == exp["status"], t.id
        groups = {g.key: g for g in t.groups}
        for key, exp_group in exp.get("groups", {}).items():
            for field, value in exp_group.items():
                if field == "status" and not statuses:
                    continue
                assert getattr(groups[key], field) == value, (t.id, key, field)
    quarantined = sum(s.count for s in report.data_quality.summary if s.severity == "quarantine")
    assert quarantined == expected["_quarantined"]


def test_full_year_matches_the_independent_implementation(full_year: Report) -> None:
    expected = json.loads((EXPECTED / "expected.json").read_text(encoding="utf-8"))
    _compare(full_year, expected, statuses=True)


def test_half_year_matches_the_independent_implementation(half_year: Report) -> None:
    expected = json.loads((EXPECTED / "expected-as-of-2024-06-30.json").read_text(encoding="utf-8"))
    _compare(half_year, expected, statuses=True)
    assert half_year.period.as_of == date(2024, 6, 30)
    # Counting targets carry the target pro-rated to 182 / 366 days beside the full one.
    for t in half_year.targets:
        if "prorated_target" in expected[t.id]:
            assert t.prorated_target == expected[t.id]["prorated_target"], t.id
            assert (t.elapsed_share, t.pace) == (182 / 366, "prorata"), t.id
        else:
            assert t.prorated_target is None, t.id


def test_every_row_is_accounted_for(full_year: Report, half_year: Report) -> None:
    """The accounting covers the rows of 2024 (check-data's covers the whole folder)."""
    def accounting(report: Report) -> dict[str, tuple[int, ...]]:
        return {i.file: (i.rows_read, i.rows_used, i.quarantined, i.duplicates, i.outside_period, i.undated or 0)
                for i in report.data_quality.inputs}

    # 2024 file: 7,180 rows, of which 7,177 dated 2024, '2024-13-45' (row 102) with no readable date,
    # one dated 2023-12-31 (row 3296) and one 2025-01-03 (row 5884): 7,178 read = 7,149 used +
    # 4 quarantined (row 102 among them) + 25 duplicates. The 2023 file holds no row of 2024 (M1.new_companies
    # reads its rows as the year before; 2023's accounting covers them). 1,600 responses, 200 of 2023.
    assert accounting(full_year) == {"crm_activities_2024.csv": (7178, 7149, 4, 25, 0, 1),
                                     "evaluations.csv": (1400, 1400, 0, 0, 0, 0)}
    # as of 30 June: 3,531 rows dated January-June, 3,512 of them used (the 3 dated quarantined rows
    # and 16 of the duplicates are among them); the 3,646 rows of July-December (3,637 clean, 9 duplicates)
    # are outside the period, whatever they are: 7,178 = 3,512 + 4 + 16 + 3,646.
    # 654 of the 1,400 responses of 2024 are dated by 30 June.
    assert accounting(half_year) == {"crm_activities_2024.csv": (7178, 3512, 4, 16, 3646, 1),
                                     "evaluations.csv": (1400, 654, 0, 0, 746, 0)}
    for report in (full_year, half_year):
        for i in report.data_quality.inputs:
            assert i.rows_read == i.rows_used + i.quarantined + i.duplicates + i.outside_period


def test_quarantined_rows_are_listed_with_row_and_reason(full_year: Report) -> None:
    listed = {(f.file, f.row, f.column, f.code) for f in full_year.data_quality.findings
              if f.severity == "quarantine"}
    assert listed == {
        ("crm_activities_2024.csv", 102, "date", "bad-date"),
        ("crm_activities_2024.csv", 3763, "company_id", "missing-company-id"),
        ("crm_activities_2024.csv", 3667, "municipality", "unknown-municipality"),
        ("crm_activities_2024.csv", 951, "segment", "unknown-segment"),
    }


def test_the_odense_company_is_a_warning_not_a_municipality(full_year: Report) -> None:
    spread = full_year.target("M8.spread")
    assert "Odense" not in {g.key for g in spread.groups}
    assert [e.count for e in spread.exclusions if e.step == "outside_hub"] == [1]
    assert [s.count for s in full_year.data_quality.summary if s.code == "outside-hub"] == [1]


def test_dialogue_list_is_the_municipalities_below_the_band(full_year: Report) -> None:
    spread = full_year.target("M8.spread")
    assert sorted(g.key for g in spread.groups if g.dialogue) == ["Holstebro", "Lemvig", "Odder", "Samsø"]


def test_grouped_share_carries_the_deciding_group(full_year: Report) -> None:
    satisfaction = full_year.target("M3.satisfaction")
    # vækst 275/350 = 0.7857 is below drift 588/733 = 0.8022: it decides, and its numbers are shown.
    assert (satisfaction.numerator, satisfaction.denominator) == (275, 350)
    assert satisfaction.details["deciding_group"] == "vækst"
