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


def test_a_month_word_is_told_how_to_read_it_and_not_masked() -> None:
    """A second review: "Aug 02 2023" was masked as a CVR-like run of digits (and its hint lost), the hint
    told a profile that has MMM to add it, and a month alone ("Jan-24") got a hint no format can follow."""
    hint = ("(måneden skrevet som ord? skriv MMM i profilens date_formats dér, hvor måneden står: DD. MMM YYYY for "
            "1. jan. 2024, MMM DD, YYYY for Oct 3, 2024)")
    for value in ("1. jan. 2024", "Aug 02 2023", "AUG 2, 2023 14:05", "02AUG2023"):
        found = finding("bad-date", "x.csv", 2, "date", value)
        assert (found.value, found.message) == (value, f"ugyldig dato {value!r} (ikke i datoformatet; kanonisk "
                                                       f"ÅÅÅÅ-MM-DD) {hint}")
    assert finding("bad-date", "x.csv", 2, "date", "1. jan. 2024").message_en.endswith(
        "(the month written as a word? write MMM in the profile's date_formats where the month stands: DD. MMM "
        "YYYY for 1. jan. 2024, MMM DD, YYYY for Oct 3, 2024)")
    # no month word, or a month alone, no hint; a street name is not a date; the calendar's words without it
    for value in ("Martsvej 3", "Jan-24", "jan 2024"):
        assert finding("bad-date", "x.csv", 2, "date", value).message.endswith("ÅÅÅÅ-MM-DD)")
    assert finding("bad-date", "x.csv", 2, "date", "31. feb. 2024").message == (
        "ugyldig dato '31. feb. 2024' (dagen findes ikke i kalenderen)")


@pytest.mark.parametrize(("value", "impossible"), [
    ("31. feb. 2024", True), ("Feb 30, 2024", True), ("31. april 2024", True), ("29. feb. 2024", False),
    ("29. feb. 2023", True), ("1. jan. 2024", False), ("1. foo 2024", False), ("32. jan. 2024", False),
    ("jan 2024", False), ("1. jan. 2024 kl. 10", False), ("30FEB2023", True)])
def test_a_day_not_in_the_calendar_with_its_month_as_a_word(value: str, impossible: bool) -> None:
    assert impossible_day(value) is impossible


def test_the_formats_read_the_words_where_they_put_them() -> None:
    assert [strftime_of(f) for f in ("DD. MMM YYYY", "DD. MMM. YYYY", "DD.MMM.YYYY", "DDMMMYYYY", "MMM DD, YYYY",
                                     "DD. MMMM YYYY", "DD-MMM-YY")] \
        == ["%d. M%m %Y", "%d. M%m %Y", "%d.M%m.%Y", "%dM%m%Y", "M%m %d, %Y", "%d. M%m %Y", "%d-M%m-%y"]
    assert swapped_day_month("DD. MMM YYYY") is None  # a month word is never a day
    words = pl.Series(["1. jan. 2024", "1. JANUAR 2024", "Sept 2, 2024", "02.aug.2023", "02AUG2023", "maj",
                       "Martsvej 3", "2024-01-05"])
    assert pl.select(month_numbers(pl.lit(words))).to_series().to_list() == [
        "1. M01 2024", "1. M01 2024", "M09 2, 2024", "02.M08.2023", "02M082023", "M05", "Martsvej 3", "2024-01-05"]


def test_a_word_date_in_other_shapes_and_with_a_time(tmp_path: Path) -> None:
    """A second review: DD.MMM.YYYY and DDMMMYYYY validated and read nothing; a month-word date followed
    by a time ("19. apr. 2024 10:00", "kl. 14:05") was not read in the date column."""
    assert [r[1] for r in _rows(tmp_path, "[DD.MMM.YYYY, DDMMMYYYY]", [
        ("02.aug.2023", ""), ("02AUG2023", ""), ("2.Aug.2023", "")])] == [date(2023, 8, 2)] * 3
    rows = _rows(tmp_path, "DD. MMM YYYY", [("19. apr. 2024 10:00", "19. apr. 2024 10:00"),
                                            ("1. mar 2024 kl. 14:05", ""), ("03 05 2024 10:15", "")])
    assert rows == [(2, date(2024, 4, 19), datetime(2024, 4, 19, 10)), (3, date(2024, 3, 1), None),
                    (4, None, None)]  # (no format reads day, month and year written with spaces only)


def test_the_word_is_read_only_where_the_format_puts_it(tmp_path: Path) -> None:
    """A second review: the word became a bare number before the parse, so ``DD MMM YYYY`` read "Oct 03
    2024" as 10 March, and ``[MM-DD-YYYY, DD-MMM-YYYY]`` read "04-mar-2024" as 3 April, no row quarantined
    and the figures moved. The mark before the word's number is read only where a format puts MMM."""
    assert [r[1] for r in _rows(tmp_path, "DD MMM YYYY", [("Oct 03 2024", ""), ("03 Oct 2024", "")])] == [
        None, date(2024, 10, 3)]
    assert [r[1] for r in _rows(tmp_path, "[MM-DD-YYYY, DD-MMM-YYYY]", [
        ("04-mar-2024", ""), ("03-04-2024", "")])] == [date(2024, 3, 4), date(2024, 3, 4)]
    assert [r[1] for r in _rows(tmp_path, "[DD-MMM-YYYY, MMM-DD-YYYY]", [
        ("Mar-04-2024", ""), ("04-Mar-2024", "")])] == [date(2024, 3, 4), date(2024, 3, 4)]


@pytest.mark.parametrize(("formats", "said"), [
    ("[DD MMM MMM YYYY, DD MMM MM YYYY, DD DD MMM YYYY, DD MMM YYYY YYYY, DD MMMMMM YYYY]",
     "ugyldige datoformater 'DD MMM MMM YYYY', 'DD MMM MM YYYY', 'DD DD MMM YYYY', 'DD MMM YYYY YYYY', "
     "'DD MMMMMM YYYY'; skriv fx DD-MM-YYYY, DD.MM.YYYY, YYYY-MM-DD eller DD. MMM YYYY (måneden som ord: 1. jan. "
     "2024) (eller EXCEL for Excels datonumre, fx 45352)"),
    ("[DD-MM-YYYY, MMM DD, YYYY]",  # YAML splits the list at the comma
     "ugyldige datoformater 'MMM DD', 'YYYY'; skriv fx DD-MM-YYYY, DD.MM.YYYY, YYYY-MM-DD eller DD. MMM YYYY "
     "(måneden som ord: 1. jan. 2024) (eller EXCEL for Excels datonumre, fx 45352) (et format med komma skal stå i "
     "anførselstegn i en liste: \"MMM DD, YYYY\")"),
])
def test_a_format_with_a_part_twice_or_split_at_its_comma_is_refused(tmp_path: Path, formats: str, said: str) -> None:
    from hubmonitor.errors import ContractError
    from hubmonitor.profile.loader import load_profile

    (tmp_path / "p.yaml").write_text(PROFILE.format(formats=formats), encoding="utf-8")
    with pytest.raises(ContractError) as caught:
        load_profile(tmp_path / "p.yaml")
    assert [p.text().split(" ", 1)[1] for p in caught.value.problems] == [f"sources.activities.date_formats[1]: {said}"
                                                                          if "MMM DD'" in said else
                                                                          f"sources.activities.date_formats[0]: {said}"]


def test_a_two_digit_year_beside_a_four_digit_one_and_other_shapes(tmp_path: Path) -> None:
    """A third review: beside ``DD-MMM-YYYY`` the ``DD-MMM-YY`` format never had its turn ("02-AUG-23" read as
    the year 23 by the first and thrown away), ``DD,MM,YYYY`` validated and read nothing, and the Danish
    "febr." was no month."""
    assert [r[1] for r in _rows(tmp_path, "[DD-MMM-YYYY, DD-MMM-YY]", [
        ("02-AUG-23", ""), ("02-AUG-2023", "")])] == [date(2023, 8, 2)] * 2
    assert [r[1] for r in _rows(tmp_path, "['DD,MM,YYYY']", [("03,05,2024", "")])] == [date(2024, 5, 3)]
    assert [r[1] for r in _rows(tmp_path, "DD. MMM YYYY", [("1. febr. 2024", ""), ("1. Febr 2024", "")])] == [
        date(2024, 2, 1)] * 2


def test_left_on_7_december_dot_before_a_separator_kl_in_registered_at(tmp_path: Path) -> None:
    """Left by the afternoon's session: "2024-jan.-05" (the abbreviation's dot before a separator) was not
    read by YYYY-MMM-DD, and "kl." before a time was read in the date column but not in ``registered_at``."""
    rows = _rows(tmp_path, "[YYYY-MMM-DD, 'YYYY-MMM.-DD', DD. MMM YYYY]", [
        ("2024-jan.-05", "1. jan. 2024 kl. 14:05"), ("2024-Apr.-07", "5. mar. 2024 Kl. 9:05"),
        ("2024-feb-06", "2024-02-06 kl 10:00"), ("2024-maj-08", "8. maj 2024 kl.10:30"),
        ("2024-jan..-05", "1. jan. 2024 klokken 14:05")])
    assert rows == [(2, date(2024, 1, 5), datetime(2024, 1, 1, 14, 5)),
                    (3, date(2024, 4, 7), datetime(2024, 3, 5, 9, 5)),
                    (4, date(2024, 2, 6), datetime(2024, 2, 6, 10)),
                    (5, date(2024, 5, 8), datetime(2024, 5, 8, 10, 30)), (6, None, None)]
    assert strftime_of("YYYY-MMM.-DD") == strftime_of("YYYY-MMM-DD") == "%Y-M%m-%d"
    assert strftime_of("DD/MMM./YYYY") == "%d/M%m/%Y"


@pytest.mark.parametrize(("value", "impossible"), [
    ("31-feb-24", True), ("29-feb-23", True), ("29-feb-24", False), ("30-apr-24", False),
    ("31-apr-24", True), ("24-feb-31", False), ("29-feb-00", False), ("29-feb-99", True)])
def test_a_two_digit_year_after_the_word_is_read_for_the_calendar(value: str, impossible: bool) -> None:
    # "31-feb-24" got the format's hint ("måneden skrevet som ord? …") under a profile of DD-MMM-YY
    assert impossible_day(value) is impossible


def test_two_formats_of_one_shape_are_told_with_the_month_as_a_word(tmp_path: Path) -> None:
    from hubmonitor.errors import ContractError
    from hubmonitor.profile.loader import load_profile

    (tmp_path / "p.yaml").write_text(PROFILE.format(formats="[DD MMM YY, YY MMM DD]"), encoding="utf-8")
    with pytest.raises(ContractError) as caught:
        load_profile(tmp_path / "p.yaml")
    assert [p.text().split(" ", 1)[1] for p in caught.value.problems] == [
        "sources.activities.date_formats[1]: datoformaterne 'DD MMM YY' og 'YY MMM DD' læser samme dato på to måder "
        "(fx 24 apr 03); angiv kun det, eksporten bruger"]


def test_a_danish_dot_time_and_a_comma_before_kl_in_registered_at(tmp_path: Path) -> None:
    """A review: "5. okt. 2024 kl. 14.05" (the Danish dot between hour and minute, as hubmonitor writes times
    itself) and "5. okt. 2024, kl. 14:05" were read in the date column, not in ``registered_at``."""
    rows = _rows(tmp_path, "DD. MMM YYYY", [("5. okt. 2024", "5. okt. 2024 kl. 14.05"),
                                            ("5. okt. 2024", "5. okt. 2024, kl. 14:05"),
                                            ("5. okt. 2024", "2024-10-05 14.05.30")])
    assert [r[2] for r in rows] == [datetime(2024, 10, 5, 14, 5), datetime(2024, 10, 5, 14, 5),
                                    datetime(2024, 10, 5, 14, 5, 30)]


def test_the_hint_to_write_mmm_is_not_given_to_a_profile_that_has_it(tmp_path: Path) -> None:
    """A review: "32-jan-24" under DD-MMM-YY was told to write MMM in the profile's date_formats; and
    "31. feb. 2024 kl. 14:05" got that hint, not the calendar's words."""
    (tmp_path / "p.yaml").write_text(PROFILE.format(formats="[DD-MMM-YY, DD. MMM YYYY]"), encoding="utf-8")
    body = "".join(f"A{i};{day};C{i};Skive;drift;individuel;nej;nej;\n" for i, day in enumerate(
        ["32-jan-24", "31. feb. 2024 kl. 14:05", "1. jan. 2024"]))
    (tmp_path / "eksport-2024.csv").write_text(HEADER + body, encoding="utf-8")
    dataset = load_dataset(tmp_path, profile=str(tmp_path / "p.yaml"))
    said = sorted((f.row, f.message) for f in dataset.activities.findings if f.code == "bad-date")
    assert said == [(2, "ugyldig dato '32-jan-24' (ikke i datoformatet; kanonisk ÅÅÅÅ-MM-DD)"),
                    (3, "ugyldig dato '31. feb. 2024 kl. 14:05' (dagen findes ikke i kalenderen)")]
    # without MMM in the profile, the hint stands
    assert "skriv MMM" in finding("bad-date", "x.csv", 2, "date", "1. jan. 2024").message


def test_the_summary_of_bad_dates_names_both_of_its_causes() -> None:
    """A review: the report's "Fund pr. kode" said "ikke i datoformatet" over seven dates not in the calendar."""
    from hubmonitor.findings import describe

    assert (describe("bad-date"), describe("bad-date", "en")) == (
        "ugyldig dato '…' (ikke i datoformatet, eller dagen findes ikke i kalenderen)",
        "invalid date '…' (not in the date format, or no such day in the calendar)")
