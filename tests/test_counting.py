"""Targets of kind ``count`` (rows) and ``sum`` (a numeric column), per group and during the year.

Every expected figure is counted by hand from the rows written in the test.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from hubmonitor.contract.loader import load_contract
from hubmonitor.engine.evaluate import evaluate
from hubmonitor.io.dataset import load_dataset
from hubmonitor.render.html.site import build_site
from hubmonitor.render.terminal import render
from tests.helpers import ACTIVITY_HEADER, act, ev, groups, make_data, problems, run, steps, target, write_contract

# Seven activities of five companies in 2024 (one exact copy of A2, dropped by the reader).
#   id  date        company segment      type        growth  participants
ROWS = [
    ("A1", "2024-01-10", "C1", "drift", "individuel", "ja", "4"),
    ("A2", "2024-02-15", "C1", "drift", "individuel", "ja", "6"),
    ("A3", "2024-03-20", "C2", "iværksætter", "individuel", "ja", ""),
    ("A4", "2024-05-05", "C3", "drift", "kollektiv", "", "10"),
    ("A5", "2024-08-01", "C2", "iværksætter", "individuel", "ja", "3"),
    ("A6", "2024-09-09", "C4", "drift", "kollektiv", "ja", "12"),
    ("A7", "2024-11-30", "C5", "iværksætter", "kollektiv", "", "5"),
]


def _lines(with_participants: bool = False) -> list[str]:
    lines = []
    for aid, day, company, segment, kind, growth, participants in ROWS:
        line = act(aid, day, company, segment=segment, kind=kind, growth=growth)
        lines.append(line + (f",{participants}" if with_participants else ""))
    lines.append(lines[1])  # A2 again, an exact copy: dropped as a duplicate
    return lines


def _data(folder: Path, with_participants: bool = False, earlier: list[str] | None = None) -> Path:
    data = make_data(folder, activities=[], activities_2023=earlier)
    header = ACTIVITY_HEADER + (",participants" if with_participants else "")
    (data / "crm_activities.csv").write_text("\n".join([header, *_lines(with_participants)]) + "\n",
                                             encoding="utf-8")
    return data


PARTICIPANTS = {"activities": {"columns": {"participants": {"kind": "integer", "minimum": 0,
                                                            "label": "deltagere", "label_en": "participants"}}}}


def _contract(folder: Path, targets: list[dict[str, Any]], data: dict[str, Any] | None = None) -> Path:
    path = write_contract(folder, targets)
    if data is not None:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        doc = {**{k: v for k, v in doc.items() if k != "targets"}, "data": data, "targets": doc["targets"]}
        path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


# --- count ------------------------------------------------------------------------------------------

def test_600_growth_programmes_read_both_ways_on_the_same_data(tmp_path: Path) -> None:
    contract = write_contract(tmp_path, [
        target("T.companies", "distinct_companies", 4, where={"growth_programme": True}),
        target("T.activities", "count", 4, where={"growth_programme": True}),
    ])
    report = run(contract, _data(tmp_path / "data"))
    companies, activities = report.target("T.companies"), report.target("T.activities")
    # growth programme rows: A1 (C1), A2 (C1), A3 (C2), A5 (C2), A6 (C4); the copy of A2 is dropped
    # companies: C1, C2, C4 = 3 < 4; activities: A1, A2, A3, A5, A6 = 5 >= 4
    assert (companies.value, companies.status) == (3, "not_met")
    assert (activities.value, activities.numerator, activities.status) == (5, 5, "met")
    assert activities.denominator is None
    # 7 usable rows, 2 without a growth programme (A4, A7)
    assert steps(activities) == {"outside_filter": 2}
    assert activities.details == {"rows_in_period": 7}
    assert activities.explanation == ("Antal aktiviteter hvor vækstforløb: ja i perioden: rækker, ikke "
                                      "forskellige virksomheder; en kopi af en række tælles én gang.")


def test_count_without_a_filter_counts_every_usable_row(tmp_path: Path) -> None:
    contract = write_contract(tmp_path, [target("T.all", "count", 8)])
    result = run(contract, _data(tmp_path / "data")).target("T.all")
    # A1 … A7 = 7 (the copy of A2 not counted) < 8
    assert (result.value, result.status, result.exclusions) == (7, "not_met", [])


def test_count_without_activities_is_insufficient_data(tmp_path: Path) -> None:
    contract = write_contract(tmp_path, [target("T.all", "count", 1)])
    result = run(contract, make_data(tmp_path / "data", activities=[])).target("T.all")
    assert (result.value, result.status, result.reason) == (None, "insufficient_data",
                                                            "ingen CRM-aktiviteter i perioden")


def test_count_per_group_every_group_must_meet_it_and_an_empty_group_is_zero(tmp_path: Path) -> None:
    contract = write_contract(tmp_path, [
        target("T.seg", "count", 3, group_by="segment", groups=["drift", "iværksætter"]),
        target("T.vaekst", "count", 1, group_by="segment", groups=["drift", "vækst"]),
    ])
    report = run(contract, _data(tmp_path / "data"))
    seg, vaekst = report.target("T.seg"), report.target("T.vaekst")
    # drift: A1, A2, A4, A6 = 4 >= 3 met; iværksætter: A3, A5, A7 = 3 >= 3 met
    assert {k: (g.value, g.status) for k, g in groups(seg).items()} == {"drift": (4, "met"),
                                                                       "iværksætter": (3, "met")}
    assert (seg.value, seg.status, seg.details["deciding_group"]) == (3, "met", "iværksætter")
    assert steps(seg) == {"outside_groups": 0}
    # vækst has no rows: 0 < 1 not met; the value is the lowest group's, 0; the 3 iværksætter rows are outside
    assert {k: (g.value, g.status) for k, g in groups(vaekst).items()} == {"drift": (4, "met"),
                                                                          "vækst": (0, "not_met")}
    assert (vaekst.value, vaekst.status) == (0, "not_met")
    assert steps(vaekst) == {"outside_groups": 3}


def test_count_is_paced_during_the_year(tmp_path: Path) -> None:
    contract = write_contract(tmp_path, [
        target("T.growth", "count", 8, where={"growth_programme": True}),
        target("T.more", "count", 9, where={"growth_programme": True}),
        target("T.seg", "count", 6, group_by="segment", groups=["drift", "iværksætter"]),
    ])
    report = run(contract, _data(tmp_path / "data"), as_of=date(2024, 6, 30))
    growth, more, seg = report.target("T.growth"), report.target("T.more"), report.target("T.seg")
    # by 30 June, growth programme rows A1, A2, A3 = 3; elapsed 182 / 366 of 2024
    # 8 × 182 / 366 = 3.978 > 3: behind; the full target is 8
    assert (growth.value, growth.target, growth.elapsed_share) == (3, 8, 182 / 366)
    assert growth.prorated_target == pytest.approx(8 * 182 / 366, abs=1e-12)
    assert growth.prorated_target == pytest.approx(3.978142076502732, abs=1e-12)
    assert (growth.status, growth.pace) == ("behind", "prorata")
    # 9 × 182 / 366 = 4.475 > 3: behind too; with a lower target, 6: 6 × 182 / 366 = 2.984 <= 3 on track
    assert more.status == "behind"
    assert more.forecast is None  # no earlier year: no profile, no forecast
    # groups by 30 June: drift A1, A2, A4 = 3 ≥ 2.984 on track; iværksætter A3 = 1 < 2.984 behind
    assert {k: (g.value, g.status) for k, g in groups(seg).items()} == {"drift": (3, "on_track"),
                                                                       "iværksætter": (1, "behind")}
    assert (seg.value, seg.status) == (1, "behind")
    # the course through the year: 1 row by 31 January (A1), 2 by 29 February (A2)
    points = {p.date: p.value for p in growth.progress or []}
    assert (points[date(2024, 1, 31)], points[date(2024, 2, 29)], points[date(2024, 6, 30)]) == (1, 2, 3)


def test_count_with_a_seasonal_profile_forecasts_the_year_end(tmp_path: Path) -> None:
    contract = write_contract(tmp_path, [target("T.growth", "count", 8, where={"growth_programme": True},
                                                pace="seasonal")])
    # 2023: growth programme rows on 1 March and 1 September (and one without): 1 of 2 by 30 June
    earlier = [act("B1", "2023-03-01", "C1", growth="ja"), act("B2", "2023-09-01", "C2", growth="ja"),
               act("B3", "2023-04-01", "C3")]
    growth = run(contract, _data(tmp_path / "data", earlier=earlier), as_of=date(2024, 6, 30)).target("T.growth")
    # share reached by 30 June in 2023: 1 / 2 = 0.5; 2024 so far 3 (A1, A2, A3): forecast 3 / 0.5 = 6 < 8
    assert growth.season is not None and growth.season.shares == [0.5]
    assert growth.forecast is not None and growth.forecast.value == 6.0
    assert growth.expected_by_now == 4.0  # 8 × 0.5
    assert (growth.value, growth.status, growth.pace) == (3, "behind", "seasonal")


def test_count_of_rows_of_another_source(tmp_path: Path) -> None:
    contract = write_contract(tmp_path, [target("T.answers", "count", 3, source="evaluations",
                                                where={"segment": "drift"})])
    data = make_data(tmp_path / "data", activities=[act("A1", "2024-01-10", "C1")],
                     evaluations=[ev("R1", company="C1"), ev("R2", company="C1"), ev("R3", company="C2"),
                                  ev("R4", company="C3", segment="vækst")])
    answers = run(contract, data).target("T.answers")
    # drift responses: R1, R2 (the same company twice: two rows), R3 = 3 >= 3; R4 is vækst
    assert (answers.value, answers.status, steps(answers)) == (3, "met", {"outside_filter": 1})
    assert answers.explanation.startswith("Antal rækker i ")


def test_a_filter_takes_the_spellings_the_data_take(tmp_path: Path) -> None:
    """``segment: Vækst`` and ``vaekst`` were refused though the data read them as ``vækst`` (a review):
    a filter's value is now written as the data hold it once read, by the column's own spellings."""
    contract = write_contract(tmp_path, [
        target("T.a", "count", 1, where={"segment": "Vækst"}),
        target("T.b", "count", 1, where={"segment": {"in": ["vaekst", "Driftsvirksomhed"]}}),
        target("T.c", "count", 1, where={"activity_type": "Individuel"})])
    report = run(contract, _data(tmp_path / "data"))
    # no vækst row; drift: A1, A2, A4, A6 = 4; individuel: A1, A2, A3, A5 = 4 (the copy of A2 dropped)
    assert [report.target(t).value for t in ("T.a", "T.b", "T.c")] == [0, 4, 4]


def test_a_topic_filter_on_a_tags_column_of_the_contracts_own_compares_as_its_cells(tmp_path: Path) -> None:
    """A tags column that a ``data:`` block adds has none of the shipped topics' spellings: its cells are
    read by their answer key (case and spaces set aside) and nothing else. The filter was made the
    shipped topic ("grøn omstilling" → "grøn") and so missed the rows that say it as the contract does
    (a review: 0 where 1). Both sides now compare alike."""
    data = make_data(tmp_path / "data", activities=[act("A1", "2024-01-10", "C1")])
    (data / "themes.csv").write_text("date,id,themes\n2024-04-05,H1,Grøn  Omstilling\n2024-04-06,H2,grøn omstilling;"
                                     "eksport\n2024-04-07,H3,grøn\n2024-04-08,H4,green\n2024-04-09,H5,Green\n",
                                     encoding="utf-8")
    own = {"themes": {"label": "henvendelser",
                      "columns": {"date": {"kind": "date"}, "id": {"kind": "id"}, "themes": {"kind": "tags"}}}}
    contract = _contract(tmp_path, [
        target("T.a", "count", 1, source="themes", where={"themes": {"contains": "grøn omstilling"}}),
        target("T.b", "count", 1, source="themes", where={"themes": {"contains": "Grøn"}}),
        target("T.c", "count", 1, source="themes", where={"themes": {"contains": "green"}}),
        target("T.d", "count", 1, source="themes", where={"themes": {"contains": "turisme"}})], own)
    report = run(contract, data)
    # "grøn omstilling" (by key): H1, H2; "grøn": H3; "green": H4, H5; no row says "turisme"
    # (before: the first and third filter were made "grøn" and counted H3 alone: 1, 1, 1, 0)
    assert [report.target(t).value for t in ("T.a", "T.b", "T.c", "T.d")] == [2, 1, 2, 0]
    # the rule names the column by the label the data: block gives it (a review: by its key, "themes")
    labelled = {"themes": {**own["themes"], "columns": {**own["themes"]["columns"], "themes": {
        "kind": "tags", "label": "emneord", "label_en": "subject tags"}}}}
    contract = _contract(tmp_path, [target("T.a", "count", 1, source="themes",
                                           where={"themes": {"contains": "grøn"}})], labelled)
    explained = run(contract, data).target("T.a")
    assert "henvendelser hvor emneord omfatter 'grøn'" in explained.explanation
    assert "where subject tags include 'grøn'" in explained.explanation_en
    # rows that name no company are not said to be "not distinct companies" (a review of a case log)
    assert explained.explanation.endswith(" i perioden: rækker; en kopi af en række tælles én gang.")
    assert explained.explanation_en.endswith(" in the period: rows; a duplicate row counts once.")


def test_a_profiles_spelling_on_a_tags_column_of_its_own_lands_on_the_written_topic(tmp_path: Path) -> None:
    """A profile's ``values: {themes: {GO: grøn omstilling}}`` for a tags column a data: block adds made
    "GO" the shipped topic "grøn", while the filter and the other cells keep "grøn omstilling" (a second
    review: 1 where 2). On such a column the profile's spelling lands where it says."""
    data = make_data(tmp_path / "data", activities=[act("A1", "2024-01-10", "C1")])
    (data / "themes.csv").write_text("date,id,themes\n2024-04-05,H1,grøn omstilling\n2024-04-06,H2,GO\n",
                                     encoding="utf-8")
    columns = {"date": {"kind": "date"}, "id": {"kind": "id"}, "themes": {"kind": "tags"}}
    profile = tmp_path / "p.yaml"
    profile.write_text(yaml.safe_dump({
        "document": "profile", "name": "p", "title": "P", "data": {"themes": {"label": "h", "columns": columns}},
        "sources": {"activities": {"files": ["crm_activities*.csv"]}, "evaluations": {"files": ["evaluations*.csv"]},
                    "themes": {"files": ["themes.csv"], "values": {"themes": {"GO": "grøn omstilling"}}}}},
        allow_unicode=True), encoding="utf-8")
    contract = _contract(tmp_path, [target("T.a", "count", 1, source="themes",
                                           where={"themes": {"contains": "grøn omstilling"}})],
                         {"themes": {"label": "h", "columns": columns}})
    loaded = load_contract(contract)
    report = evaluate(loaded, load_dataset(data, profile=str(profile), data=loaded.data))
    assert report.target("T.a").value == 2


def test_every_kind_names_a_column_of_the_contracts_own_by_its_label(tmp_path: Path) -> None:
    """A review found the ratio of companies, the new companies and the answers linked to guidance still
    naming a column a data: block adds by its key ("kanal") where counts used its label."""
    channel = {"activities": {"columns": {"kanal": {"kind": "enum", "values": ["telefon", "møde"],
                                                    "label": "kontaktform", "label_en": "contact channel"}}}}
    contract = _contract(tmp_path, [
        target("T.ratio", "company_ratio", 0.5, numerator={"kanal": "telefon"}, denominator=[{}]),
        target("T.new", "new_companies", 0.5, where={"kanal": "telefon"}),
        target("T.share", "share", 0.5, answer="effect", success=["I høj grad"],
               answered_by={"where": {"kanal": "telefon"}})], channel)
    data = make_data(tmp_path / "data", activities=[], evaluations=[ev("R1", company="C1", effect="I høj grad")])
    (data / "crm_activities.csv").write_text(
        "\n".join([ACTIVITY_HEADER + ",kanal", act("A1", "2024-01-10", "C1") + ",telefon"]) + "\n", encoding="utf-8")
    report = run(contract, data)
    for tid in ("T.ratio", "T.new", "T.share"):
        t = report.target(tid)
        assert "kontaktform = 'telefon'" in t.explanation and "contact channel = 'telefon'" in t.explanation_en, tid
        assert "kanal" not in t.explanation + t.explanation_en, tid


# --- sum --------------------------------------------------------------------------------------------

def test_sum_of_participants_an_empty_cell_adds_nothing(tmp_path: Path) -> None:
    contract = _contract(tmp_path, [
        target("T.people", "sum", 40, column="participants"),
        target("T.collective", "sum", 27, column="participants", where={"activity_type": "kollektiv"}),
    ], PARTICIPANTS)
    report = run(contract, _data(tmp_path / "data", with_participants=True))
    people, collective = report.target("T.people"), report.target("T.collective")
    # 4 + 6 + (empty A3) + 10 + 3 + 12 + 5 = 40 (the copy of A2 not summed again)
    assert (people.value, people.status, people.unit) == (40, "met", "count")
    assert people.details == {"rows_in_period": 7, "rows_summed": 7, "empty_cells": 1}
    # kollektiv: A4 10 + A6 12 + A7 5 = 27 >= 27
    assert (collective.value, collective.status) == (27, "met")
    assert steps(collective) == {"outside_filter": 4}
    assert people.explanation == ("Summen af deltagere over aktiviteter i perioden; en tom celle lægger intet "
                                  "til (som 0).")


def test_sum_per_group_and_during_the_year(tmp_path: Path) -> None:
    contract = _contract(tmp_path, [
        target("T.people", "sum", 20, column="participants", group_by="segment",
               groups=["drift", "iværksætter"]),
    ], PARTICIPANTS)
    data = _data(tmp_path / "data", with_participants=True)
    people = run(contract, data).target("T.people")
    # drift: 4 + 6 + 10 + 12 = 32 met; iværksætter: (empty) + 3 + 5 = 8 not met
    assert {k: (g.value, g.numerator, g.status) for k, g in groups(people).items()} == {
        "drift": (32, 4, "met"), "iværksætter": (8, 3, "not_met")}
    assert (people.value, people.status, people.details["empty_cells"]) == (8, "not_met", 1)
    mid = run(contract, data, as_of=date(2024, 6, 30)).target("T.people")
    # by 30 June: drift 4 + 6 + 10 = 20, iværksætter (A3 empty) = 0; 20 × 182 / 366 = 9.945
    assert {k: (g.value, g.status) for k, g in groups(mid).items()} == {"drift": (20, "on_track"),
                                                                       "iværksætter": (0, "behind")}
    assert mid.prorated_target == pytest.approx(20 * 182 / 366, abs=1e-12)
    assert (mid.value, mid.status) == (0, "behind")


def test_sum_of_a_decimal_column(tmp_path: Path) -> None:
    block = {"activities": {"columns": {"hours": {"kind": "number"}}}}
    contract = _contract(tmp_path, [target("T.hours", "sum", 2, column="hours", unit="number")], block)
    data = make_data(tmp_path / "data", activities=[])
    (data / "crm_activities.csv").write_text(
        f"{ACTIVITY_HEADER},hours\n" + act("A1", "2024-01-10", "C1") + ",1.25\n"
        + act("A2", "2024-01-11", "C2") + ",0.5\n", encoding="utf-8")
    hours = run(contract, data).target("T.hours")
    # 1.25 + 0.5 = 1.75 < 2
    assert (hours.value, hours.status, hours.unit) == (1.75, "not_met", "number")


# --- validate errors --------------------------------------------------------------------------------

@pytest.mark.parametrize(("fields", "message"), [
    ({"column": "deltagere"}, "kilden activities har ingen kolonne 'deltagere'; talkolonner: participants"),
    ({"column": "segment"}, "column: segment er ikke en talkolonne (integer eller number); talkolonner: "
                            "participants"),
    ({"column": "participants", "group_by": "kommune", "groups": ["x"]},
     "kilden activities har ingen kolonne kommune; brug en af segment, activity_type"),
    ({"column": "participants", "group_by": "municipality", "groups": ["Aarhus"]},
     "group_by: municipality er ikke en kolonne med faste værdier (enum); brug en af segment, activity_type"),
    ({"column": "participants", "group_by": "segment", "groups": ["drift", "startup"]},
     "groups: 'startup' er ikke en værdi af segment; tilladte: drift, vækst, iværksætter"),
    ({"column": "participants", "group_by": "segment"}, "group_by og groups angives sammen"),
])
def test_sum_mistakes_are_validate_errors_with_the_line(tmp_path: Path, fields: dict[str, Any],
                                                        message: str) -> None:
    path = _contract(tmp_path, [target("T.ok", "count", 1), target("T.bad", "sum", 1, **fields)], PARTICIPANTS)
    found = problems(path)
    assert [p.message for p in found] == [message]
    lines = path.read_text(encoding="utf-8").splitlines()
    assert found[0].line is not None and "T.bad" in "\n".join(lines[:found[0].line]) and found[0].line > 1
    assert found[0].path.startswith("targets[1]")


def test_count_mistakes_are_validate_errors(tmp_path: Path) -> None:
    path = write_contract(tmp_path, [target("T.bad", "count", "all")])
    assert [p.message for p in problems(path)] == [
        "'all' gælder kun mål der tæller kommuner (municipal_spread, milestone med measure: distinct_municipalities); "
        "skriv et tal"]
    path = write_contract(tmp_path, [target("T.bad", "count", -1)])
    assert [p.message for p in problems(path)] == ["et antal kan ikke være negativt (-1)"]
    path = write_contract(tmp_path, [target("T.bad", "count", 1, source="henvendelser")])
    assert len(problems(path)) == 1


# --- pages and the terminal -------------------------------------------------------------------------

def test_a_page_builds_and_the_terminal_renders_the_targets(tmp_path: Path) -> None:
    contract = _contract(tmp_path, [
        target("T.activities", "count", 600, where={"growth_programme": True}),
        target("T.people", "sum", 20, column="participants", group_by="segment", groups=["drift", "iværksætter"]),
    ], PARTICIPANTS)
    report = run(contract, _data(tmp_path / "data", with_participants=True))
    pages = build_site([report], lang="da", generated="2025-01-01", workbooks=False)
    html = b"".join(v for k, v in pages.items() if k.endswith(".html")).decode("utf-8")
    assert "Antal aktiviteter hvor vækstforløb: ja i perioden" in html
    assert "≥ 600" in html and "Summen af deltagere over aktiviteter" in html
    text = render(report, "da")
    assert "T.activities" in text and "≥ 600" in text and "≥ 20" in text


def test_count_at_least_k_of_the_groups(tmp_path: Path) -> None:
    """The same rows as above with threshold 4: drift 4 met, iværksætter 3 not met, vækst 0 not met.
    Every group needed: not met, value 0 (the lowest). groups_needed 1: met, the value the best
    group's, drift's 4. groups_needed 2: not met, the second best decides: iværksætter's 3."""
    def three() -> dict[str, object]:  # a fresh list each time: one shared list would be a YAML alias
        return {"group_by": "segment", "groups": ["drift", "iværksætter", "vækst"]}

    contract = write_contract(tmp_path, [
        target("T.all", "count", 4, **three()),
        target("T.one", "count", 4, groups_needed=1, **three()),
        target("T.two", "count", 4, groups_needed=2, **three()),
    ])
    report = run(contract, _data(tmp_path / "data"))
    found = {tid: (report.target(tid).value, report.target(tid).status, report.target(tid).details["deciding_group"])
             for tid in ("T.all", "T.one", "T.two")}
    assert found == {"T.all": (0, "not_met", "vækst"), "T.one": (4, "met", "drift"),
                     "T.two": (3, "not_met", "iværksætter")}
    assert "mindst 2 af de 3 grupper drift, iværksætter, vækst skal nå målet" in report.target("T.two").explanation


@pytest.mark.parametrize(("kind", "threshold", "fields", "message"), [
    # found by a review: 'all' on companies was the number of municipalities (2.164 companies ≥ 11: met)
    ("distinct_companies", "all", {}, "'all' gælder kun mål der tæller kommuner (municipal_spread, milestone med "
     "measure: distinct_municipalities); skriv et tal"),
    ("milestone", "all", {"evidence": "meetings", "measure": "count"}, "'all' gælder kun mål der tæller kommuner "
     "(municipal_spread, milestone med measure: distinct_municipalities); skriv et tal"),
    # a Danish thousands point: YAML reads 2.300 as 2,3 and 5.000 as 5 (2.164 ≥ 2,3: met)
    ("distinct_companies", 2.3, {}, "et antal skrives som et helt tal uden punktum, ikke 2.3: i YAML er punktum "
     "decimaltegn, så 2.300 læses som 2,3; skriv 2300"),
    ("count", 5.0, {}, "et antal skrives som et helt tal uden punktum, ikke 5.0: i YAML er punktum decimaltegn, så "
     "5.000 læses som 5; skriv 5000"),
    ("municipal_spread", 0.8, {}, "et antal skal være et helt tal, ikke 0.8"),
    ("distinct_companies", {"by_year": {2024: 1.2345}}, {}, "et antal skal være et helt tal, ikke 1.2345"),
    # a score written as a share
    ("nps", 0.65, {"source": "evaluations"}, "en score (NPS) går fra -100 til 100, så 0.65 er næsten 0; mente du "
     "65? skriv 65"),
])
def test_thresholds_that_cannot_be_meant_are_validate_errors(tmp_path: Path, kind: str, threshold: Any,
                                                            fields: dict[str, Any], message: str) -> None:
    path = write_contract(tmp_path, [target("T.bad", kind, threshold, **fields)])
    assert [p.message for p in problems(path)] == [message]


def test_more_municipalities_than_the_contract_has_are_refused(tmp_path: Path) -> None:
    path = write_contract(tmp_path, [target("T.spread", "municipal_spread", 20), target("T.ok", "municipal_spread", 19),
                                     target("T.talks", "milestone", 25, evidence="talks",
                                            measure="distinct_municipalities")])
    assert [(p.path, p.message) for p in problems(path)] == [
        ("targets[0].threshold", "T.spread: 20 kommuner kan aldrig nås: kontrakten har 19 kommuner (threshold: all "
         "er dem alle)"),
        ("targets[2].threshold", "T.talks: 25 kommuner kan aldrig nås: kontrakten har 19 kommuner (threshold: all "
         "er dem alle)")]


def test_a_band_or_an_upper_bound_of_municipalities_can_be_met(tmp_path: Path) -> None:
    """A second review: 'between 7 and 20' of 19 municipalities and 'at most 25' were refused as never
    reached; a band needs its lower edge, and 'more than 19' of 19 cannot be met."""
    path = write_contract(tmp_path, [target("T.band", "municipal_spread", [7, 20], comparison="between"),
                                     target("T.most", "municipal_spread", 25, comparison="<="),
                                     target("T.more", "municipal_spread", 19, comparison=">")])
    assert [(p.path, p.message) for p in problems(path)] == [
        ("targets[2].threshold", "T.more: mere end 19 kommuner kan aldrig nås: kontrakten har 19 kommuner (threshold: "
         "all er dem alle)")]
