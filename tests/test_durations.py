"""Duration targets (issue 18 item 5): the time between two date or datetime columns of a source.

Every expected figure is counted by hand in the comments, day by day against the Danish calendar
(helligdage: Skærtorsdag, Langfredag, 2. påskedag, Kristi himmelfartsdag, juledagene; store bededag
5 May 2023 a holiday, 26 April 2024 a working day; 24 December a working day; 29 February 2024).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import fastexcel
import polars as pl
import pytest
import yaml
from click.testing import CliRunner
from helpers import complete, problems, run, steps, target, write_contract

from hubmonitor.calendar_dk import working_days_between
from hubmonitor.cli import main
from hubmonitor.contract.loader import load_contract
from hubmonitor.engine.evaluate import evaluate
from hubmonitor.io.dataset import load_dataset
from hubmonitor.render.format import target_text, value_text
from hubmonitor.render.html.site import build_site
from hubmonitor.render.terminal import render
from hubmonitor.render.workbook import workbook_bytes

AS_OF = date(2024, 12, 31)

CASES = {"cases": {"label": "sager", "label_en": "cases", "columns": {
    "date": {"kind": "date"},
    "received": {"kind": "date", "label": "modtaget", "label_en": "received"},
    "decided": {"kind": "date", "label": "afgjort", "label_en": "decided"},
    "paused": {"kind": "integer", "label": "ansøgers tid", "label_en": "applicant's time"},
    "team": {"kind": "enum", "values": ["a", "b"], "label": "team"}}}}
CALLS = {"calls": {"label": "opkald", "label_en": "calls", "columns": {
    "date": {"kind": "date"},
    "asked": {"kind": "datetime", "label": "spurgt", "label_en": "asked"},
    "answered": {"kind": "datetime", "label": "besvaret", "label_en": "answered"}}}}

# id, received, decided, paused, team: calendar days / working days from received to decided
CASE_ROWS = [
    ("C1", "2024-03-28", "2024-04-02", "", "a"),   # 5 d; Fri 29 Mar, Mon 1 Apr holidays: Tue 2 Apr = 1 wd
    ("C2", "2024-03-27", "2024-04-03", "", "a"),   # 7 d; Thu 28, Fri 29, Mon 1 holidays: Tue, Wed = 2 wd
    ("C3", "2024-05-08", "2024-05-10", "", "b"),   # 2 d; Thu 9 May Kristi himmelfart: Fri 10 = 1 wd
    ("C4", "2023-05-04", "2023-05-08", "", "b"),   # 4 d; Fri 5 May 2023 store bededag: Mon 8 = 1 wd
    ("C5", "2024-04-25", "2024-04-29", "", "a"),   # 4 d; Fri 26 Apr 2024 a working day: Fri, Mon = 2 wd
    ("C6", "2024-12-23", "2024-12-27", "", "b"),   # 4 d; Tue 24 works, 25 and 26 holidays, Fri 27 = 2 wd
    ("C7", "2024-02-28", "2024-03-01", "", "a"),   # 2 d (29 Feb); Thu 29 Feb, Fri 1 Mar = 2 wd
    ("C8", "2023-12-22", "2024-01-02", "7", "b"),  # 11 d; Wed 27, Thu 28, Fri 29 Dec, Tue 2 Jan = 4 wd
    ("C9", "2024-06-01", "", "", "a"),             # open since June: past any limit here
    ("C10", "2024-07-10", "2024-07-05", "", "a"),  # ends before it starts: negative
    ("C11", "", "2024-07-05", "", "a"),            # no start
    ("C12", "2024-12-31", "", "", "b"),            # open, opened on the as-of day
]
CALL_ROWS = [
    ("K1", "2024-03-01 09:00", "2024-03-02 08:59"),  # 23 h 59 min: within 24 h
    ("K2", "2024-03-01 09:00", "2024-03-02 09:00"),  # 24 h exactly: within
    ("K3", "2024-03-01 09:00", "2024-03-02 09:01"),  # 24 h 1 min: not within
    ("K4", "2024-02-28 12:00", "2024-02-29 11:00"),  # 23 h over 29 Feb: within
    ("K5", "2024-12-31 10:00", ""),  # open; by the end of the as-of day 14 h: can still make it
    ("K6", "2024-12-30 10:00", ""),  # open; by the end of the as-of day 38 h: late, not within
]


def _data(folder: Path) -> Path:
    folder.mkdir(parents=True)
    lines = ["id,date,received,decided,paused,team",
             *(f"{i},2024-06-01,{r},{d},{p},{t}" for i, r, d, p, t in CASE_ROWS)]
    (folder / "cases.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    calls = ["id,date,asked,answered", *(f"{i},2024-06-01,{a},{b}" for i, a, b in CALL_ROWS)]
    (folder / "calls.csv").write_text("\n".join(calls) + "\n", encoding="utf-8")
    complete(folder)
    return folder


def _contract(folder: Path, targets: list[dict[str, Any]], data: dict[str, Any] | None = None) -> Path:
    path = write_contract(folder, targets)
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    doc = {**{k: v for k, v in doc.items() if k != "targets"}, "data": data or {**CASES, **CALLS},
           "targets": doc["targets"]}
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _case(tid: str, threshold: Any, **fields: Any) -> dict[str, Any]:
    return target(tid, "duration", threshold, **{"source": "cases", "start": "received", "end": "decided", **fields})


def test_working_days_around_the_danish_holidays() -> None:
    frame = pl.DataFrame({"start": [date.fromisoformat(r) for _, r, *_ in CASE_ROWS[:8]] + [
                              date(2024, 3, 2), date(2024, 3, 2)],
                          "end": [date.fromisoformat(d) for _, _, d, *_ in CASE_ROWS[:8]] + [
                              date(2024, 3, 15), date(2024, 3, 16)]})
    got = working_days_between(pl.col("start"), pl.col("end"), frame.lazy().with_row_index(), (2023, 2024))
    counted = got.sort("index").collect()["_working_days"].to_list()
    # C1..C8 as in CASE_ROWS; from Sat 2 Mar 2024: Mon 4–Fri 8 and Mon 11–Fri 15 = 10 (the 10th working
    # day after the start is Fri 15 Mar); ending Sat 16 Mar counts as the Friday before it: 10
    assert counted == [1, 2, 1, 1, 2, 2, 2, 4, 10, 10]


def test_statistics_in_days_and_hours(tmp_path: Path) -> None:
    contract = _contract(tmp_path, [
        _case("T.mean", 5, measure="mean"),
        _case("T.median", 4, measure="median"),
        _case("T.p90", 10, measure="percentile", percentile=90),
        _case("T.p75", 5, measure="percentile", percentile=75),
        _case("T.max", 10, measure="max"),
        _case("T.hours", 100, measure="mean", unit="hours"),
        _case("T.paused", 4, measure="mean", paused="paused"),
        _case("T.paused_max", 7, measure="max", paused="paused", comparison="<"),
    ])
    report = run(contract, _data(tmp_path / "data"), as_of=AS_OF)
    r = {t.id: t for t in report.targets}
    # finished: 5, 7, 2, 4, 4, 4, 2, 11 days; sorted 2, 2, 4, 4, 4, 5, 7, 11; sum 39
    assert (r["T.mean"].value, r["T.mean"].status) == (4.875, "met")  # 39 / 8 ≤ 5
    assert (r["T.median"].value, r["T.median"].status) == (4.0, "met")  # (4 + 4) / 2
    # nearest rank: p90 → ceil(0.90 × 8) = 8th = 11; p75 → ceil(0.75 × 8) = 6th = 5
    assert (r["T.p90"].value, r["T.p90"].status) == (11.0, "not_met")
    assert (r["T.p75"].value, r["T.p75"].status) == (5.0, "met")
    assert (r["T.max"].value, r["T.max"].status) == (11.0, "not_met")
    assert (r["T.hours"].value, r["T.hours"].status) == (117.0, "not_met")  # 4.875 × 24 > 100
    # C8 less its 7 paused days: 4; sum 39 − 7 = 32, / 8 = 4; the longest is then C2's 7 (not < 7)
    assert (r["T.paused"].value, r["T.paused"].status) == (4.0, "met")
    assert (r["T.paused_max"].value, r["T.paused_max"].status) == (7.0, "not_met")
    # C9, C12 open; C10 negative; C11 no start
    assert steps(r["T.mean"]) == {"no_start": 1, "negative_duration": 1, "open": 2}
    assert r["T.mean"].comparison == "<="  # a time is a most by default
    assert r["T.mean"].explanation == ("Gennemsnitlig tid i dage for sager fra modtaget til afgjort.")
    assert value_text(r["T.mean"].value, "days") == "4,9 dage"
    assert target_text(r["T.hours"], "en") == "≤ 100 hours"


def test_share_within_days_and_working_days_with_open_cases(tmp_path: Path) -> None:
    contract = _contract(tmp_path, [
        _case("T.wd1", 0.5, measure="share_within", within={"working_days": 1}),
        _case("T.days4", 0.5, measure="share_within", within={"days": 4}),
    ])
    report = run(contract, _data(tmp_path / "data"), as_of=AS_OF)
    wd1, days4 = report.targets
    # within 1 working day: C1, C3, C4 of the 8 finished; C9 (open since 1 June) is late and counts as not
    # within; C12 (opened 31 Dec; 1 Jan 2025 a holiday, so 0 working days by its earliest end) can still
    # make it and is left out: 3 / 9
    # (a share within is unrounded, as every share: 3 / 9, not 0.333333 as before a review)
    assert (wd1.value, wd1.numerator, wd1.denominator, wd1.status) == (3 / 9, 3, 9, "not_met")
    assert steps(wd1) == {"no_start": 1, "negative_duration": 1, "open_within_limit": 1}
    # within 4 calendar days: C3 (2), C4, C5, C6 (4), C7 (2) = 5 of 8 + C9 late; C12 one day by 1 Jan
    assert (days4.value, days4.numerator, days4.denominator, days4.status) == (5 / 9, 5, 9, "met")
    assert wd1.unit == "share" and wd1.comparison == ">="


def test_at_the_year_end_a_case_open_when_the_data_end_has_been_open_until_then(tmp_path: Path) -> None:
    """At the year end every end of the year's cases counts, also one after 31 December; a case still
    open when the data end (1 March 2025) had been open until then, not only to 31 December, and is
    late. A review: such a case was left out as "can still make it" (3 / 6) while the same case closed
    late counted as late (3 / 7): a worse case made the figure better."""
    contract = _contract(tmp_path, [
        _case("T.wd1", 0.5, measure="share_within", within={"working_days": 1}),
        _case("T.days4", 0.5, measure="share_within", within={"days": 4}),
        target("T.day", "duration", 0.8, source="calls", start="asked", end="answered", measure="share_within",
               within={"hours": 24}),
    ])
    loaded = load_contract(contract)
    folder = _data(tmp_path / "data")
    # the folder says its data run to 1 March (the case log's own rows end in 2024: its own date would be
    # 31 December, tests/test_own_source_date.py)
    (folder / "hubmonitor.yaml").write_text("data_date: 2025-03-01\n", encoding="utf-8")
    dataset = load_dataset(folder, data=loaded.data)
    wd1, days4, day = evaluate(loaded, dataset, data_date=date(2025, 3, 1)).targets
    # as test_share_within_days_and_working_days_with_open_cases, with C12 (opened 31 December, open on
    # 1 March: 60 days, 41 working days) late: not within, no case left out
    assert (wd1.value, wd1.numerator, wd1.denominator) == (0.3, 3, 10)
    assert steps(wd1) == {"no_start": 1, "negative_duration": 1, "open_within_limit": 0}
    assert (days4.value, days4.numerator, days4.denominator, days4.status) == (0.5, 5, 10, "met")
    # K5 (asked 31 December 10:00) open on 1 March: late; 3 of K1–K6
    assert (day.value, day.numerator, day.denominator) == (0.5, 3, 6)
    # the data ending on the year's last day, or not known: open to the end of 31 December, as before
    for data_date in (date(2024, 12, 31), None):
        again = evaluate(loaded, dataset, data_date=data_date, as_of=AS_OF if data_date is None else None).targets
        assert [(t.numerator, t.denominator) for t in again] == [(3, 9), (5, 9), (3, 5)]


def test_a_limit_in_weeks_is_seven_days_each_and_the_workbook_names_the_units(tmp_path: Path) -> None:
    """A service goal "inden for N uger" (a review: `weeks` was an unknown key, "a typo?"), counted as
    7 × N calendar days; the workbook's unit column said "hours" in Danish (a review)."""
    contract = _contract(tmp_path, [
        _case("T.weeks", 0.5, measure="share_within", within={"weeks": 1}),
        _case("T.days", 0.5, measure="share_within", within={"days": 7}),
        _case("T.hours", 100, measure="mean", unit="hours"),
    ])
    report = run(contract, _data(tmp_path / "data"), as_of=AS_OF)
    weeks, days, hours = report.targets
    # within 7 calendar days: C1 (5), C2 (7), C3, C4, C5, C6, C7 of the 8 finished; C9 late; C12 left out: 7 / 9
    assert (weeks.value, weeks.numerator, weeks.denominator) == (days.value, days.numerator, days.denominator)
    assert (weeks.numerator, weeks.denominator) == (7, 9)
    assert weeks.explanation == "Andelen af sager afsluttet inden for 1 uge (7 dage) fra modtaget til afgjort."
    assert weeks.explanation_en == "Share of cases finished within 1 week (7 days) from received to decided."
    book = fastexcel.read_excel(workbook_bytes(report))
    units = book.load_sheet_by_name("Mål", header_row=3).to_polars().select("Id", "Enhed").rows()
    assert units == [("T.weeks", "andel"), ("T.days", "andel"), ("T.hours", "timer")]
    # a case log has no segments, municipalities or grant: the sheets are there, empty, and say why
    empty = book.load_sheet_by_name("Fordeling", header_row=None).to_polars()
    assert empty.row(-1)[0] == "Ingen rækker: ingen af kontraktens mål giver tal til dette ark."
    assert (hours.unit, hours.value) == ("hours", 117.0)


def test_an_unknown_unit_of_a_limit_names_the_known_ones(tmp_path: Path) -> None:
    contract = _contract(tmp_path, [_case("T.months", 0.5, measure="share_within", within={"months": 2})])
    (problem,) = problems(contract)
    assert problem.path == "targets[0].within"
    assert problem.text_in("da") == ("ukendt enhed 'months' i within; kendte: hours, days, weeks, working_days "
                                     "(fx within: {weeks: 8})")


def test_share_within_24_hours_with_datetimes(tmp_path: Path) -> None:
    contract = _contract(tmp_path, [
        target("T.day", "duration", 0.8, source="calls", start="asked", end="answered", measure="share_within",
               within={"hours": 24}),
        target("T.mean", "duration", 24, source="calls", start="asked", end="answered", measure="mean",
               unit="hours"),
    ])
    report = run(contract, _data(tmp_path / "data"), as_of=AS_OF)
    day, mean = report.targets
    # K1, K2, K4 within; K3 not; K6 open for 38 h by the end of 31 Dec: not; K5 left out (14 h)
    assert (day.value, day.numerator, day.denominator, day.status) == (0.6, 3, 5, "not_met")
    assert steps(day) == {"negative_duration": 0, "open_within_limit": 1}
    # (23 h 59 + 24 h + 24 h 01 + 23 h) / 4 = 95 / 4
    assert (mean.value, mean.status) == (23.75, "met")
    assert steps(mean) == {"negative_duration": 0, "open": 2}
    assert day.explanation == "Andelen af opkald afsluttet inden for 24 timer fra spurgt til besvaret."


def test_every_group_must_meet_it_and_the_pages_render(tmp_path: Path) -> None:
    contract = _contract(tmp_path, [_case("T.team", 5, measure="mean", group_by="team")])
    report = run(contract, _data(tmp_path / "data"), as_of=AS_OF)
    (result,) = report.targets
    # a: C1 5, C2 7, C5 4, C7 2 → 18 / 4 = 4.5; b: C3 2, C4 4, C6 4, C8 11 → 21 / 4 = 5.25
    assert [(g.key, g.value, g.status) for g in result.groups] == [("a", 4.5, "met"), ("b", 5.25, "not_met")]
    assert (result.value, result.status) == (5.25, "not_met")  # the worst group's
    assert steps(result) == {"no_group": 0, "no_start": 1, "negative_duration": 1, "open": 2}
    assert "5,3 dage" in render(report)  # 5.25 to one decimal, as format.number rounds (a half away from zero)
    pages = build_site([report], lang="da", generated="2025-01-01", workbooks=False)
    assert any("5,3 dage" in content.decode("utf-8", "replace") for name, content in pages.items()
               if name.endswith(".html"))


@pytest.mark.parametrize(("fields", "message"), [
    ({"end": "closed"}, "kilden cases har ingen kolonne 'closed'; date/datetime-kolonner: date, received, decided"),
    ({"end": "team"}, "end: kolonnen team er af typen enum, ikke date/datetime"),
    ({"paused": "team"}, "paused: kolonnen team er af typen enum, ikke integer/number"),
    ({"measure": "average"},
     "ugyldig værdi 'average': 'mean', 'median', 'percentile', 'max' eller 'share_within' forventet"),
    ({"measure": "percentile", "percentile": 0}, "percentile skal være mellem 1 og 100, ikke 0"),
    ({"measure": "percentile", "percentile": 101}, "percentile skal være mellem 1 og 100, ikke 101"),
    ({"measure": "mean", "percentile": 90},
     "percentile angives med measure: percentile (og kun da), fx percentile: 90"),
    ({"measure": "share_within", "threshold": 0.5},
     "within angives med measure: share_within (og kun da), fx within: {days: 40}"),
    ({"unit": "share", "threshold": 0.5},
     "share_within er en andel (unit: share); de andre mål er en tid (unit: days eller hours)"),
    ({"threshold": -1}, "threshold skal være et antal dage (0 eller mere)"),
    ({"measure": "share_within", "threshold": 0.5, "within": {"days": 40, "hours": 2}},
     "within skal have netop én af hours, days, weeks, working_days, fx within: {days: 40}"),
])
def test_misuse_is_a_validate_error_with_file_and_line(tmp_path: Path, fields: dict[str, Any], message: str) -> None:
    good = _case("T.ok", 5, measure="mean")
    bad = {"measure": "mean", **fields}
    contract = _contract(tmp_path, [good, _case("T.bad", bad.pop("threshold", 5), **bad)])
    (problem,) = problems(contract)
    lines = contract.read_text(encoding="utf-8").splitlines()
    assert problem.file == str(contract) or problem.file.endswith("contract.yaml")
    assert problem.line is not None and problem.line > lines.index("- id: T.bad")  # inside the bad target
    assert problem.message == message


def test_validate_names_the_file_and_line(tmp_path: Path) -> None:
    contract = _contract(tmp_path, [_case("T.bad", 5, measure="percentile", percentile=101)])
    result = CliRunner().invoke(main, ["validate", str(contract)])
    assert result.exit_code != 0
    line = contract.read_text(encoding="utf-8").splitlines().index("  percentile: 101") + 1
    expected = "targets[0].percentile: percentile skal være mellem 1 og 100, ikke 101"
    assert f"contract.yaml:{line} {expected}" in result.output
    assert "Traceback" not in result.output


def test_listed_groups_and_at_least_k_of_them(tmp_path: Path) -> None:
    """The groups of the test above, a mean of at most 5 days: a 4.5 met, b 5.25 not met. Listed
    [a, b] with groups_needed 1: met, a's 4.5 decides (the best of the one needed). Listed [a] only:
    met, 4.5. Both needed: not met, b's 5.25 (the longest time)."""
    contract = _contract(tmp_path, [
        _case("T.one", 5, measure="mean", group_by="team", groups=["a", "b"], groups_needed=1),
        _case("T.a", 5, measure="mean", group_by="team", groups=["a"]),
        _case("T.both", 5, measure="mean", group_by="team", groups=["a", "b"]),
    ])
    report = run(contract, _data(tmp_path / "data"), as_of=AS_OF)
    found = {t.id: (t.value, t.status) for t in report.targets}
    assert found == {"T.one": (4.5, "met"), "T.a": (4.5, "met"), "T.both": (5.25, "not_met")}
    assert [g.key for g in report.target("T.a").groups] == ["a"]


# id, received (the row's date), decided: as of 31 March 2024, D3 and D5 were still open
AS_OF_ROWS = [
    ("D1", "2024-01-10", "2024-01-20"),  # 10 d
    ("D2", "2024-02-01", "2024-02-06"),  # 5 d
    ("D3", "2024-03-28", "2024-04-03"),  # 6 d; on 31 March open 4 d (to the end of the day): still within 10
    ("D4", "2024-03-25", ""),            # open; on 31 March 7 d: still within 10
    ("D5", "2024-03-01", "2024-04-10"),  # 40 d; on 31 March open 31 d: late
]


def test_an_end_after_the_as_of_day_was_not_known_on_it(tmp_path: Path) -> None:
    """Found by a review: as of 31 March a case decided in April counted with its April end, so the
    figure as of that day used what was only known later; at the year end every end counts."""
    data = tmp_path / "data"
    data.mkdir()
    lines = ["id,date,received,decided", *(f"{i},{r},{r},{d}" for i, r, d in AS_OF_ROWS)]
    (data / "cases.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    complete(data)
    contract = _contract(tmp_path, [_case("T.mean", 20, measure="mean"),
                                    _case("T.within", 0.7, measure="share_within", within={"days": 10})],
                         {"cases": {**CASES["cases"], "columns": {
                             k: v for k, v in CASES["cases"]["columns"].items()
                             if k in ("date", "received", "decided")}}})
    march = {t.id: t for t in run(contract, data, as_of=date(2024, 3, 31)).targets}
    # finished by 31 March: D1 10, D2 5: mean 7.5; open D3, D4, D5
    assert (march["T.mean"].value, steps(march["T.mean"])["open"]) == (7.5, 3)
    # within 10 days: D1, D2 of D1, D2 and the late D5: 2 / 3; D3 and D4 can still make it
    assert (march["T.within"].numerator, march["T.within"].denominator) == (2, 3)
    assert steps(march["T.within"])["open_within_limit"] == 2
    year = {t.id: t for t in run(contract, data, as_of=AS_OF).targets}
    # the year end: D1 10, D2 5, D3 6, D5 40 = 61 / 4; D4 open; within: D1, D2, D3 of those four and D4,
    # open since 25 March and so late
    assert (year["T.mean"].value, steps(year["T.mean"])["open"]) == (15.25, 1)
    assert (year["T.within"].numerator, year["T.within"].denominator) == (3, 5)


def test_groups_of_another_column_are_headed_as_groups(tmp_path: Path) -> None:
    """A case log's teams are not segments: the report page heads them "Pr. gruppe" (the target must be
    met in every group) and the workbook's sheet of groups is "Grupper" with a "Gruppe" column; the
    framework's groups by segment keep "Pr. segment" and "Segmenter" (the demo's pages, unchanged)."""
    from openpyxl import load_workbook

    contract = _contract(tmp_path, [_case("T.team", 5, measure="mean", group_by="team")])
    report = run(contract, _data(tmp_path / "data"), as_of=AS_OF)
    pages = build_site([report], lang="da", generated="2025-01-01", workbooks=True)
    page = next(content.decode("utf-8") for name, content in pages.items() if name.endswith("/rapport.html"))
    assert '<section id="segments"><h2>Pr. gruppe</h2><p class="note">Målet skal nås i hver gruppe;' in page
    assert "Pr. segment" not in page
    book = next(content for name, content in pages.items() if name.endswith(".xlsx") and "national" not in name)
    (tmp_path / "book.xlsx").write_bytes(book)
    sheets = load_workbook(tmp_path / "book.xlsx", read_only=True)
    assert "Grupper" in sheets.sheetnames and "Segmenter" not in sheets.sheetnames
    assert [c.value for c in next(sheets["Grupper"].iter_rows(max_row=1))][:4] == ["Id", "Titel", "Gruppe", "Værdi"]
    english = build_site([report], lang="en", generated="2025-01-01", workbooks=False)
    page = next(content.decode("utf-8") for name, content in english.items() if name.endswith("/rapport.html"))
    assert "<h2>Per group</h2>" in page and "The target must be met in every group;" in page


def test_a_case_ending_before_it_starts_within_a_day_is_negative_in_working_days(tmp_path: Path) -> None:
    """In working days only the dates count: an inquiry answered at 14:45 on the day it came in at 15:45
    was 0 working days, "within 3", while the same target in hours left it out as negative (a review:
    526 / 689 was 528 / 691). A finished case of two datetimes is negative when its end is before its
    start, whatever the unit; a date alone is any time of its day (a date end on the start's day is not)."""
    contract = _contract(tmp_path, [
        target("T.wd", "duration", 0.5, source="calls", start="asked", end="answered", measure="share_within",
               within={"working_days": 3}),
        target("T.days", "duration", 0.5, source="calls", start="asked", end="answered", measure="share_within",
               within={"days": 3}),
        _case("T.cases", 0.5, measure="share_within", within={"working_days": 3}),
    ])
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "calls.csv").write_text("id,date,asked,answered\n"
                                      "K1,2024-03-05,2024-03-05 15:45,2024-03-05 14:45\n"  # an hour before: negative
                                      "K2,2024-03-05,2024-03-05 09:00,2024-03-05 09:00\n"  # at once: 0, within
                                      "K3,2024-03-05,2024-03-05 09:00,2024-03-12 09:00\n",  # 5 wd, 7 days: late
                                      encoding="utf-8")
    (folder / "cases.csv").write_text("id,date,received,decided,paused,team\n"
                                      "C1,2024-03-05,2024-03-05,2024-03-05,,a\n", encoding="utf-8")  # same day: 0
    complete(folder)
    wd, days, cases = run(contract, folder, as_of=AS_OF).targets
    assert (wd.numerator, wd.denominator, wd.value) == (1, 2, 0.5)
    assert (days.numerator, days.denominator, days.value) == (1, 2, 0.5)
    assert steps(wd)["negative_duration"] == steps(days)["negative_duration"] == 1
    assert (cases.numerator, cases.denominator, steps(cases)["negative_duration"]) == (1, 1, 0)
