"""Dates with the month written as a word ("1. jan. 2024"), as a Danish CRM or survey tool may export
them: a profile writes the month as ``MMM`` (a review of 7 December 2026: no format could read them)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import polars as pl
import pytest

from hubmonitor.findings import finding, impossible_day
from hubmonitor.io.columns import month_numbers
from hubmonitor.io.dataset import load_dataset
from hubmonitor.profile.model import strftime_of, swapped_day_month

PROFILE = """document: profile
name: test
title: Test
sources:
  activities:
    files: ["eksport*.csv"]
    columns: {{activity_id: Id, date: Dato, company_id: Konto, municipality: Kommune, segment: Type,
               activity_type: Form, growth_programme: Vækst, referred: Henvist, registered_at: Registreret}}
    absent: [cvr, company_name, topics]
    date_formats: {formats}
    separator: ";"
  evaluations: null
"""
HEADER = "Id;Dato;Konto;Kommune;Type;Form;Vækst;Henvist;Registreret\n"


def _rows(tmp_path: Path, formats: str, lines: list[tuple[str, str]]) -> list[tuple[int, date | None, datetime | None]]:
    (tmp_path / "p.yaml").write_text(PROFILE.format(formats=formats), encoding="utf-8")
    body = "".join(f"A{i};{day};C{i};Skive;drift;individuel;nej;nej;{at}\n" for i, (day, at) in enumerate(lines))
    (tmp_path / "eksport-2024.csv").write_text(HEADER + body, encoding="utf-8")
    dataset = load_dataset(tmp_path, profile=str(tmp_path / "p.yaml"))
    return dataset.activities.frame.sort("_row").select("_row", "date", "registered_at").rows()


def test_danish_month_words_are_read_by_mmm(tmp_path: Path) -> None:
    rows = _rows(tmp_path, "DD. MMM YYYY", [
        ("1. jan. 2024", "1. jan. 2024 09:15"), ("15. Maj 2024", "16. maj 2024 10:00"), ("3. okt 2024", ""),
        ("7. December 2024", ""), ("1. Marts 2024", ""), ("2. sept. 2024", ""),
        ("2024-03-06", "2024-03-06 08:00"),  # ISO is read whatever the profile's formats
        ("31. feb. 2024", ""), ("1. foo 2024", ""), ("Martsvej 3", "")])
    assert rows == [
        (2, date(2024, 1, 1), datetime(2024, 1, 1, 9, 15)), (3, date(2024, 5, 15), datetime(2024, 5, 16, 10)),
        (4, date(2024, 10, 3), None), (5, date(2024, 12, 7), None), (6, date(2024, 3, 1), None),
        (7, date(2024, 9, 2), None), (8, date(2024, 3, 6), datetime(2024, 3, 6, 8)),
        (9, None, None), (10, None, None), (11, None, None)]


def test_english_month_first_with_a_comma(tmp_path: Path) -> None:
    rows = _rows(tmp_path, "'MMM DD, YYYY'", [("Oct 3, 2024", "Oct 3, 2024 14:05"), ("january 12, 2024", ""),
                                               ("May 31, 2024", ""), ("3 Oct 2024", "")])
    assert rows == [(2, date(2024, 10, 3), datetime(2024, 10, 3, 14, 5)), (3, date(2024, 1, 12), None),
                    (4, date(2024, 5, 31), None), (5, None, None)]


def test_the_unread_ones_are_quarantined_with_the_calendars_or_the_formats_words(tmp_path: Path) -> None:
    _rows(tmp_path, "DD. MMM. YYYY", [("31. feb. 2024", ""), ("1. foo 2024", ""), ("1. jan. 2024", "")])
    dataset = load_dataset(tmp_path, profile=str(tmp_path / "p.yaml"))
    assert [(f.code, f.row, f.message) for f in dataset.activities.findings] == [
        ("bad-date", 2, "ugyldig dato '31. feb. 2024' (dagen findes ikke i kalenderen)"),
        ("bad-date", 3, "ugyldig dato '1. foo 2024' (ikke i datoformatet; kanonisk ÅÅÅÅ-MM-DD)")]


def test_a_month_word_under_a_profile_without_mmm_is_told_how_to_read_it() -> None:
    found = finding("bad-date", "x.csv", 2, "date", "1. jan. 2024")
    assert found.message == ("ugyldig dato '1. jan. 2024' (ikke i datoformatet; kanonisk ÅÅÅÅ-MM-DD) (måneden "
                             "skrevet som ord? skriv den med MMM i profilens date_formats, fx DD. MMM YYYY for "
                             "1. jan. 2024)")
    assert found.message_en.endswith("(the month written as a word? write it with MMM in the profile's "
                                     "date_formats, e.g. DD. MMM YYYY for 1. jan. 2024)")
    # no month word, no hint; a street name is not a date; the calendar's words without the format's hint
    assert finding("bad-date", "x.csv", 2, "date", "Martsvej 3").message.endswith("ÅÅÅÅ-MM-DD)")
    assert finding("bad-date", "x.csv", 2, "date", "31. feb. 2024").message == (
        "ugyldig dato '31. feb. 2024' (dagen findes ikke i kalenderen)")


@pytest.mark.parametrize(("value", "impossible"), [
    ("31. feb. 2024", True), ("Feb 30, 2024", True), ("31. april 2024", True), ("29. feb. 2024", False),
    ("29. feb. 2023", True), ("1. jan. 2024", False), ("1. foo 2024", False), ("32. jan. 2024", False),
    ("jan 2024", False), ("1. jan. 2024 kl. 10", False)])
def test_a_day_not_in_the_calendar_with_its_month_as_a_word(value: str, impossible: bool) -> None:
    assert impossible_day(value) is impossible


def test_the_formats_read_the_words_as_numbers() -> None:
    assert [strftime_of(f) for f in ("DD. MMM YYYY", "DD. MMM. YYYY", "DD-MMM-YY", "MMM DD, YYYY", "DD. MMMM YYYY")] \
        == ["%d. %m %Y", "%d. %m %Y", "%d-%m-%y", "%m %d, %Y", "%d. %m %Y"]
    assert swapped_day_month("DD. MMM YYYY") is None  # a month word is never a day
    words = pl.Series(["1. jan. 2024", "1. JANUAR 2024", "Sept 2, 2024", "maj", "Martsvej 3", "2024-01-05"])
    assert pl.select(month_numbers(pl.lit(words))).to_series().to_list() == [
        "1. 01 2024", "1. 01 2024", "09 2, 2024", "05", "Martsvej 3", "2024-01-05"]
