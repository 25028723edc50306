"""Numeric filters (``more_than``, ``at_least``, ``less_than``, ``at_most``, ``between``), ``group_by`` any
enum column and ``groups_needed: K`` (issue 18, item 6).

Columns the standard export lacks (``employees``, ``channel``) come in through the contract's ``data:``
block. Every expected figure is counted by hand from the rows written in the test.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from hubmonitor.render.html.site import build_site
from hubmonitor.render.terminal import render
from tests.helpers import (
    ACTIVITY_HEADER,
    EVALUATION_HEADER,
    act,
    ev,
    groups,
    make_data,
    problems,
    run,
    steps,
    target,
    write_contract,
)

DATA: dict[str, Any] = {
    "activities": {"columns": {
        "employees": {"kind": "integer", "minimum": 0, "label": "ansatte", "label_en": "employees"},
        "revenue": {"kind": "number", "minimum": 0, "label": "omsætning", "label_en": "revenue"}}},
    "evaluations": {"columns": {
        "channel": {"kind": "enum", "values": ["telefon", "mail", "web"], "label": "kanal", "label_en": "channel"},
        "employees": {"kind": "integer", "minimum": 0, "label": "ansatte", "label_en": "employees"}}},
}

# One activity per company, so companies and activities count alike.
#   id  company type         employees revenue
ACTIVITIES = [
    ("A1", "C1", "individuel", "9", "1.5"),
    ("A2", "C2", "individuel", "10", "2.5"),
    ("A3", "C3", "kollektiv", "11", "3"),
    ("A4", "C4", "individuel", "49", ""),
    ("A5", "C5", "kollektiv", "50", "10"),
    ("A6", "C6", "individuel", "", "2.4"),  # no employees given: passes no numeric comparison
    ("A7", "C7", "kollektiv", "0", "0"),
]

# Answers per channel (satisfaction; success = Meget tilfreds or Tilfreds):
#   telefon: 3 of 4, mail: 2 of 4, web: 4 of 5; one answer with no channel.
ANSWERS = (
    [("telefon", "Tilfreds")] * 3 + [("telefon", "Utilfreds")]
    + [("mail", "Meget tilfreds")] * 2 + [("mail", "Utilfreds")] * 2
    + [("web", "Tilfreds")] * 4 + [("web", "Hverken/eller")]
    + [("", "Tilfreds")]
)


def _data(folder: Path) -> Path:
    data = make_data(folder, activities=[], evaluations=[])
    lines = [act(aid, "2024-03-01", company, kind=kind) + f",{employees},{revenue}"
             for aid, company, kind, employees, revenue in ACTIVITIES]
    (data / "crm_activities.csv").write_text("\n".join([ACTIVITY_HEADER + ",employees,revenue", *lines]) + "\n",
                                             encoding="utf-8")
    answers = [ev(f"R{i}", "2024-05-01", f"C{i}", satisfaction=satisfaction) + f",{channel},"
               for i, (channel, satisfaction) in enumerate(ANSWERS, start=1)]
    (data / "evaluations.csv").write_text("\n".join([EVALUATION_HEADER + ",channel,employees", *answers]) + "\n",
                                          encoding="utf-8")
    return data


def _unshared(targets: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The targets with no list shared between them (YAML would write a shared one as an alias)."""
    return list(json.loads(json.dumps(targets)))


def _contract(folder: Path, targets: list[dict[str, Any]]) -> Path:
    path = write_contract(folder, _unshared(targets))  # no shared lists: YAML would write aliases
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    doc = {**{k: v for k, v in doc.items() if k != "targets"}, "data": DATA, "targets": doc["targets"]}
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _companies(tid: str, where: dict[str, Any]) -> dict[str, Any]:
    return target(tid, "distinct_companies", 1, where=where)


SATISFIED = {"answer": "satisfaction", "success": ["Meget tilfreds", "Tilfreds"], "min_answers": 1}


# --- numeric filters ------------------------------------------------------------------------------

def test_numeric_filters_count_by_hand_with_boundaries_and_empty_cells(tmp_path: Path) -> None:
    contract = _contract(tmp_path, [
        _companies("T.gt", {"employees": {"more_than": 10}}),
        _companies("T.ge", {"employees": {"at_least": 10}}),
        _companies("T.lt", {"employees": {"less_than": 10}}),
        _companies("T.le", {"employees": {"at_most": 10}}),
        _companies("T.between", {"employees": {"between": [10, 49]}}),
        _companies("T.point", {"employees": {"between": [50, 50]}}),
        _companies("T.float", {"revenue": {"at_least": 2.5}}),
        _companies("T.both", {"employees": {"at_least": 10}, "activity_type": "individuel"}),
    ])
    report = run(contract, _data(tmp_path / "data"))
    value = {t: report.target(t).value for t in ("T.gt", "T.ge", "T.lt", "T.le", "T.between", "T.point",
                                                  "T.float", "T.both")}
    # employees 9, 10, 11, 49, 50, (empty), 0 for C1 … C7
    assert value == {
        "T.gt": 3,       # 11, 49, 50 (10 is not more than 10)
        "T.ge": 4,       # 10, 11, 49, 50
        "T.lt": 2,       # 9, 0 (the empty cell of C6 is not less than 10)
        "T.le": 3,       # 9, 10, 0
        "T.between": 3,  # 10, 11, 49: both ends included
        "T.point": 1,    # 50 only
        "T.float": 3,    # revenue 1.5, 2.5, 3, (empty), 10, 2.4, 0: 2.5, 3, 10
        "T.both": 2,     # at least 10 and individuel: C2 (10), C4 (49)
    }


def test_a_share_filtered_on_a_number_and_the_filter_in_words(tmp_path: Path) -> None:
    contract = _contract(tmp_path, [
        target("T.share", "share", 0.5, source="activities", answer="activity_type", success=["individuel"],
               where={"employees": {"between": [10, 49]}}),
        target("T.rev", "share", 0.5, source="activities", answer="activity_type", success=["individuel"],
               where={"revenue": {"more_than": 2.4}}),
    ])
    report = run(contract, _data(tmp_path / "data"))
    result = report.target("T.share")
    # employees 10 … 49: A2 (individuel), A3 (kollektiv), A4 (individuel) = 2 / 3; 7 - 3 = 4 outside
    assert (result.numerator, result.denominator, result.status) == (2, 3, "met")
    assert result.value == 2 / 3
    assert steps(result) == {"outside_filter": 4, "empty_answer": 0}
    assert result.exclusions[0].label == "uden for målgruppen (ansatte mellem 10 og 49)"
    assert result.exclusions[0].label_en == "outside the target group (employees between 10 and 49)"
    assert "aktiviteter hvor ansatte mellem 10 og 49 med" in result.explanation
    rev = report.target("T.rev")
    # revenue > 2.4: A2 (2.5, individuel), A3 (3, kollektiv), A5 (10, kollektiv) = 1 / 3; A6's 2.4 is not more
    assert (rev.numerator, rev.denominator, rev.status) == (1, 3, "not_met")
    assert rev.exclusions[0].label == "uden for målgruppen (omsætning > 2,4)"
    assert rev.exclusions[0].label_en == "outside the target group (revenue > 2.4)"


def test_describe_where_writes_each_numeric_operator() -> None:
    from hubmonitor.contract.filters import Condition, describe_where

    where = {"employees": Condition(at_least=10), "revenue": Condition(at_most=2.5)}
    labels = {"employees": ("ansatte", "employees"), "revenue": ("omsætning", "revenue")}
    assert describe_where(where, "da", labels) == "ansatte ≥ 10 og omsætning ≤ 2,5"
    assert describe_where(where, "en", labels) == "employees ≥ 10 and revenue ≤ 2.5"
    assert describe_where({"employees": Condition(more_than=1), "x": Condition(less_than=3)}, "da") == (
        "employees > 1 og x < 3")


# --- groups on any enum column and K of the groups -------------------------------------------------

def test_a_share_per_channel_every_group_or_at_least_two_of_three(tmp_path: Path) -> None:
    grouped = {**SATISFIED, "group_by": "channel", "groups": ["telefon", "mail", "web"]}
    contract = _contract(tmp_path, [
        target("T.every", "share", 0.7, **grouped),
        target("T.two", "share", 0.7, **grouped, groups_needed=2),
        target("T.three", "share", 0.7, **grouped, groups_needed=3),
        target("T.two_high", "share", 0.78, **grouped, groups_needed=2),
    ])
    report = run(contract, _data(tmp_path / "data"))
    every, two, three, high = (report.target(t) for t in ("T.every", "T.two", "T.three", "T.two_high"))
    # telefon 3/4 = 0.75 met, mail 2/4 = 0.5 not met, web 4/5 = 0.8 met (threshold 0.7)
    assert {k: (g.numerator, g.denominator, g.status) for k, g in groups(every).items()} == {
        "telefon": (3, 4, "met"), "mail": (2, 4, "not_met"), "web": (4, 5, "met")}
    # every group: mail misses → not met; the value is the lowest group's, mail's 0.5
    assert (every.status, every.value, every.details["deciding_group"]) == ("not_met", 0.5, "mail")
    # the answer with no channel is outside the groups: 14 answers - 13 in the groups = 1
    assert steps(every) == {"outside_groups": 1, "empty_answer": 0}
    assert every.exclusions[0].label == "kanal uden for målet eller ikke angivet"
    assert every.explanation.endswith("; opgjort pr. kanal (telefon, mail, web), og målet skal nås i hver af dem.")
    # at least 2 of 3: telefon and web meet → met; the value is the 2nd highest, telefon's 0.75
    assert (two.status, two.value, two.details["deciding_group"]) == ("met", 0.75, "telefon")
    assert [g.status for g in two.groups] == ["met", "not_met", "met"]  # still every group shown
    assert two.explanation.endswith("og målet skal nås i mindst 2 af 3 grupper.")
    # 3 of 3 is the default rule
    assert (three.status, three.value, three.explanation) == (every.status, every.value, every.explanation)
    # threshold 0.78: only web (0.8) meets; 1 < 2 → not met, value 2nd highest = 0.75
    assert (high.status, high.value) == ("not_met", 0.75)
    # the Wilson interval of 3/4 (about 0.30-0.95) holds 0.7: telefon's 'met' is uncertain, so is 2 of 3
    assert two.uncertain is True


def test_segment_groups_explain_the_k_of_n_rule(tmp_path: Path) -> None:
    data = make_data(tmp_path / "data", evaluations=[
        ev("R1", segment="drift", satisfaction="Tilfreds"), ev("R2", segment="drift", satisfaction="Tilfreds"),
        ev("R3", segment="vækst", satisfaction="Tilfreds"), ev("R4", segment="vækst", satisfaction="Utilfreds"),
        ev("R5", segment="iværksætter", satisfaction="Utilfreds"),
    ])
    seg = {**SATISFIED, "group_by": "segment", "groups": ["drift", "vækst", "iværksætter"]}
    contract = write_contract(tmp_path, _unshared([target("T.all", "share", 0.5, **seg),
                                                       target("T.two", "share", 0.5, **seg, groups_needed=2)]))
    report = run(contract, data)
    every, two = report.target("T.all"), report.target("T.two")
    # drift 2/2 = 1 met, vækst 1/2 = 0.5 met (>= 0.5), iværksætter 0/1 = 0 not met
    assert (every.status, every.value) == ("not_met", 0.0)
    assert every.explanation.endswith(
        "; opgjort for hvert segment (drift, vækst, iværksætter), og målet skal nås i hvert.")
    assert every.exclusions[0].label == "segment uden for målet eller ikke angivet"
    # 2 of 3 met → met; the 2nd highest: vækst's 0.5
    assert (two.status, two.value, two.details["deciding_group"]) == ("met", 0.5, "vækst")
    assert two.explanation.endswith(
        "; opgjort for hvert segment (drift, vækst, iværksætter), og målet skal nås i mindst 2 af 3 segmenter.")
    assert two.explanation_en.endswith("and at least 2 of the 3 segments must meet it.")


def test_k_of_n_stays_undecided_while_missing_groups_could_still_decide(tmp_path: Path) -> None:
    from hubmonitor.engine.groups import combine
    from hubmonitor.report import GroupResult

    def g(key: str, status: str, value: float | None) -> GroupResult:
        return GroupResult(key=key, value=value, numerator=None, denominator=None, status=status)  # type: ignore[arg-type]

    met, miss, none = g("a", "met", 0.9), g("b", "not_met", 0.2), g("c", "insufficient_data", None)
    # 2 needed: one met, one undecided → could still reach 2: insufficient_data
    assert combine([met, miss, none], 2).status == "insufficient_data"
    # 1 needed: one met → met, the value the highest judged: a's
    assert (combine([met, miss, none], 1).status, combine([met, miss, none], 1).deciding) == ("met", met)
    # 3 needed (every one): b misses → not met, however c turns out; value the lowest judged, b's
    assert (combine([met, miss, none]).status, combine([met, miss, none]).deciding) == ("not_met", miss)
    # 2 needed of a missing pair and an undecided one: at most 1 could meet → not met
    assert combine([miss, g("d", "not_met", 0.1), none], 2).status == "not_met"


def test_a_page_builds_and_the_terminal_renders_a_grouped_share(tmp_path: Path) -> None:
    contract = _contract(tmp_path, [
        target("T.two", "share", 0.7, **SATISFIED, group_by="channel", groups=["telefon", "mail", "web"],
               groups_needed=2, where={"employees": {"present": False}}),
    ])
    report = run(contract, _data(tmp_path / "data"))
    assert report.target("T.two").status == "met"
    pages = build_site([report], lang="da", generated="2025-01-01", workbooks=False)
    html = b"".join(v for k, v in pages.items() if k.endswith(".html")).decode("utf-8")
    assert "mindst 2 af 3 grupper" in html
    assert "T.two" in render(report)


# --- validate errors ------------------------------------------------------------------------------

def _one_problem(tmp_path: Path, bad: dict[str, Any], needle: str, nth: int = 1) -> tuple[str, str]:
    """The one problem of a contract whose second target is ``bad``: (path, message), checking that it
    names the contract file and the ``nth`` line holding ``needle`` inside that target."""
    path = _contract(tmp_path, [target("T.ok", "share", 0.5, **SATISFIED), bad])
    found = problems(path)
    assert len(found) == 1, [(p.path, p.message) for p in found]
    lines = path.read_text(encoding="utf-8").splitlines()
    first = next(i for i, line in enumerate(lines, start=1) if "T.bad" in line)
    hits = [i for i, line in enumerate(lines, start=1) if needle in line and i > first]
    assert found[0].file.endswith("contract.yaml")
    assert found[0].line == hits[nth - 1], (found[0].line, hits)
    return found[0].path, found[0].message


def test_numeric_filter_mistakes_are_validate_errors_with_their_line(tmp_path: Path) -> None:
    bad = target("T.bad", "distinct_companies", 1, where={"segment": {"at_least": 3}})
    assert _one_problem(tmp_path, bad, "at_least") == (
        "targets[1].where.segment.at_least", "segment: at_least kun for talkolonner (integer, number)")
    bad = target("T.bad", "distinct_companies", 1, where={"employees": {"between": [50, 10]}})
    assert _one_problem(tmp_path, bad, "between") == (
        "targets[1].where.employees.between", "employees: between: lav 50 er større end høj 10")
    bad = target("T.bad", "distinct_companies", 1, where={"employees": {"at_least": 1, "at_most": 5}})
    path, message = _one_problem(tmp_path, bad, "employees")
    assert (path, message) == ("targets[1].where.employees", "en betingelse skal have præcis én af nøglerne "
                               "more_than, at_least, less_than, at_most, between; et interval skrives "
                               "between: [lav, høj]")
    bad = target("T.bad", "distinct_companies", 1, where={"employees": {"at_least": "ti"}})
    assert _one_problem(tmp_path, bad, "at_least") == (
        "targets[1].where.employees.at_least", "employees: at_least skal være et tal, ikke 'ti'")
    bad = target("T.bad", "distinct_companies", 1, where={"employees": {"at_least": True}})
    assert _one_problem(tmp_path, bad, "at_least") == (
        "targets[1].where.employees.at_least", "employees: at_least skal være et tal, ikke True")
    bad = target("T.bad", "distinct_companies", 1, where={"employees": {"between": [1, 2, 3]}})
    assert _one_problem(tmp_path, bad, "between") == (
        "targets[1].where.employees.between", "employees: between skal være [lav, høj], to tal, ikke [1, 2, 3]")


def test_group_mistakes_are_validate_errors_with_their_line(tmp_path: Path) -> None:
    grouped = {**SATISFIED, "group_by": "channel", "groups": ["telefon", "mail", "web"]}
    bad = target("T.bad", "share", 0.5, **{**grouped, "groups": ["telefon", "fax"]})
    assert _one_problem(tmp_path, bad, "- fax") == (
        "targets[1].groups[1]", "groups: 'fax' er ikke en værdi af channel; tilladte: telefon, mail, web")
    bad = target("T.bad", "share", 0.5, **{**grouped, "groups": ["web", "web"]})
    path, message = _one_problem(tmp_path, bad, "- web", nth=2)
    assert (path, message) == ("targets[1].groups[1]", "groups: 'web' står to gange")
    bad = target("T.bad", "share", 0.5, **{**grouped, "group_by": "employees"})
    path, message = _one_problem(tmp_path, bad, "group_by")
    assert path == "targets[1].group_by"
    assert message.startswith("group_by: employees er ikke en kolonne med faste værdier (enum); brug en af ")
    bad = target("T.bad", "share", 0.5, **grouped, groups_needed=4)
    assert _one_problem(tmp_path, bad, "groups_needed") == (
        "targets[1].groups_needed", "groups_needed: 4 er flere end de 3 grupper i groups")
    bad = target("T.bad", "share", 0.5, **grouped, groups_needed=0)
    path, _ = _one_problem(tmp_path, bad, "groups_needed")
    assert path == "targets[1].groups_needed"
    bad = target("T.bad", "share", 0.5, **SATISFIED, groups_needed=1)
    assert _one_problem(tmp_path, bad, "groups_needed") == (
        "targets[1].groups_needed", "groups_needed kræver group_by og groups")
    bad = target("T.bad", "share", 0.5, **{**grouped, "group_by": "segment", "groups": ["drift", "vaekstx"]})
    assert _one_problem(tmp_path, bad, "- vaekstx") == (
        "targets[1].groups[1]", "groups: 'vaekstx' er ikke en værdi af segment; tilladte: drift, vækst, iværksætter")


def test_present_on_the_topics_finds_the_rows_and_answers_without_a_topic(tmp_path: Path) -> None:
    """``present`` on a tags column: a cell without a tag (empty, spaces, only the separator) is not
    present, as an empty cell of any other column (a review: an empty list counted as filled in, so
    ``present: false`` found no row and ``present: true`` every one)."""
    #            company  topics
    rows = [("A1", "C1", "grøn"), ("A2", "C2", ""), ("A3", "C3", "  "), ("A4", "C4", ";"),
            ("A5", "C5", "eksport;digitalisering"), ("A6", "C2", "eksport")]
    data = make_data(tmp_path / "data", activities=[act(a, "2024-03-01", c, topics=t) for a, c, t in rows],
                     evaluations=[ev("R1", topics="grøn", effect="I høj grad"), ev("R2", effect="Slet ikke"),
                                  ev("R3", topics=";", effect="I høj grad")])
    contract = write_contract(tmp_path, [
        target("T1.rows_without", "count", 1, where={"topics": {"present": False}}),
        target("T2.rows_with", "count", 1, where={"topics": {"present": True}}),
        target("T3.companies_without", "distinct_companies", 1, where={"topics": {"present": False}}),
        target("T4.companies_with", "distinct_companies", 1, where={"topics": {"present": True}}),
        target("T5.answers_without", "share", 0.5, answer="effect", success=["I høj grad"], min_answers=1,
               where={"topics": {"present": False}})])
    values = {t.id: (t.value, t.numerator, t.denominator) for t in run(contract, data).targets}
    assert values["T1.rows_without"][0] == 3  # A2, A3, A4
    assert values["T2.rows_with"][0] == 3  # A1, A5, A6
    assert values["T3.companies_without"][0] == 3  # C2 (A2), C3, C4
    assert values["T4.companies_with"][0] == 3  # C1, C5, C2 (A6)
    assert values["T5.answers_without"] == (0.5, 1, 2)  # R2 and R3; R3 "I høj grad"
