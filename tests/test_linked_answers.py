"""Answers linked to guidance (issue 18, item 7): ``answered_by`` on a share or an NPS over the
evaluations keeps only the answers of companies with a matching CRM activity, in the window
(same_year) or in the whole year before (previous_year). Hand-built data; the arithmetic is
written beside each assertion."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from helpers import act, ev, make_data, problems, run, steps, target, validate_command, write_contract

from hubmonitor.engine.uncertainty import wilson_interval
from hubmonitor.render.html.site import build_site
from hubmonitor.render.terminal import render

MT = "Meget tilfreds"

# 2024: C1 individual (March), C2 collective only (April), C4 individual in September.
ACTIVITIES = [
    act("A1", "2024-03-01", "C1"),
    act("A2", "2024-04-01", "C2", kind="kollektiv"),
    act("A3", "2024-09-01", "C4", topics="grøn"),
]
# 2023: C3 individual in November, C5 collective in May.
ACTIVITIES_2023 = [
    act("B1", "2023-11-15", "C3"),
    act("B2", "2023-05-01", "C5", kind="kollektiv"),
]
EVALUATIONS = [
    ev("R1", "2024-05-01", "C1", satisfaction=MT),
    ev("R2", "2024-05-02", "C1", satisfaction="Tilfreds"),
    ev("R3", "2024-05-03", "C2", satisfaction=MT),
    ev("R4", "2024-05-04", "C3", satisfaction=MT),
    ev("R5", "2024-05-05", "C3", satisfaction="Utilfreds"),
    ev("R6", "2024-05-06", "C4", satisfaction=MT),
    ev("R7", "2024-05-07", "C9", satisfaction="Tilfreds"),  # C9: no guidance at all
    ev("R8", "2024-05-08", "C5", satisfaction=MT),
    ev("R9", "2024-05-09", "C3"),  # not answered
    ev("R10", "2023-12-01", "C3", satisfaction=MT),  # an answer of the year before: outside the window
]


def _data(tmp_path: Path) -> Path:
    return make_data(tmp_path / "data", activities=ACTIVITIES, activities_2023=ACTIVITIES_2023,
                     evaluations=EVALUATIONS)


def _share(tid: str, answered_by: dict[str, Any] | None, **fields: Any) -> dict[str, Any]:
    extra = {"answered_by": answered_by} if answered_by is not None else {}
    return target(tid, "share", 0.5, answer="satisfaction", success=[MT], min_answers=1, **extra, **fields)


def _result(tmp_path: Path, targets: list[dict[str, Any]], as_of: date | None = None) -> Any:
    report = run(write_contract(tmp_path, targets), _data(tmp_path), as_of=as_of)
    return report, {r.id: r for r in report.targets}


def test_individual_collective_and_not_guided_in_the_same_year(tmp_path: Path) -> None:
    _, by_id = _result(tmp_path, [
        _share("T.all", None),
        _share("T.individual", {"where": {"activity_type": "individuel"}}),
        _share("T.collective", {"where": {"activity_type": "kollektiv"}}),
        _share("T.any", {}),
    ])
    # Unrestricted: 9 answers in 2024 (R1-R9), R9 empty → 8; successes R1 R3 R4 R6 R8 = 5 → 5/8
    assert (by_id["T.all"].numerator, by_id["T.all"].denominator) == (5, 8)
    # Individually guided in 2024: C1 and C4 → R1 R2 R6 (3 answers), 2 successes; 6 others out
    ind = by_id["T.individual"]
    assert (ind.numerator, ind.denominator, ind.value) == (2, 3, pytest.approx(2 / 3))
    assert steps(ind) == {"not_guided": 6, "empty_answer": 0}
    assert ind.n == 3
    # Wilson, n = 3, p̂ = 2/3, z = 1.96: (2/3 + 0.64027 ± 1.96 · sqrt(0.074074 + 0.106711)) / 2.28053
    # = 0.57309 ± 0.36543 → [0.2077, 0.9385], computed on the 3 restricted answers, not on all 8
    assert ind.interval is not None and ind.interval.method == "wilson"
    assert (ind.interval.low, ind.interval.high) == (pytest.approx(0.2077, abs=1e-4), pytest.approx(0.9385, abs=1e-4))
    assert ind.interval == wilson_interval(2, 3)
    # Collectively guided in 2024: C2 → R3 only: 1 / 1; the other 8 answers of 2024 out
    col = by_id["T.collective"]
    assert (col.numerator, col.denominator) == (1, 1)
    assert steps(col) == {"not_guided": 8, "empty_answer": 0}
    # Any activity in 2024: C1 C2 C4 → R1 R2 R3 R6 → 3 / 4
    assert (by_id["T.any"].numerator, by_id["T.any"].denominator) == (3, 4)
    assert steps(by_id["T.any"]) == {"not_guided": 5, "empty_answer": 0}


def test_previous_year_uses_the_guidance_of_2023(tmp_path: Path) -> None:
    _, by_id = _result(tmp_path, [
        _share("T.prev", {"where": {"activity_type": "individuel"}, "guided_in": "previous_year"}),
        _share("T.prevany", {"guided_in": "previous_year"}),
    ])
    # Individually guided in 2023: C3 → its 2024 answers R4 R5 R9 (R10 is dated 2023: outside the window)
    # R9 empty → R4 R5: 1 success of 2
    prev = by_id["T.prev"]
    assert (prev.numerator, prev.denominator) == (1, 2)
    assert steps(prev) == {"not_guided": 6, "empty_answer": 1}  # 9 - 3 = 6
    # (2023's guidance runs from 1 May to 15 November only: said beside the figure)
    assert prev.explanation.endswith(" Kun svar fra virksomheder, der har fået vejledning i 2023 "
                                     "(aktivitetstype = 'individuel') ifølge CRM. Bemærk: aktiviteterne i 2023 "
                                     "begynder 1.5.2023 og slutter 15.11.2023; mangler der data, kan sammenligningen "
                                     "være skæv.")
    excl = {e.step: e for e in prev.exclusions}["not_guided"]
    assert excl.label == "svar fra virksomheder uden vejledning i 2023 (aktivitetstype = 'individuel')"
    # Any activity in 2023: C3 and C5 → R4 R5 R8 R9 → R9 empty → 2 successes (R4 R8) of 3
    assert (by_id["T.prevany"].numerator, by_id["T.prevany"].denominator) == (2, 3)


def test_during_the_year_previous_year_still_reads_the_whole_of_2023(tmp_path: Path) -> None:
    _, by_id = _result(tmp_path, [
        _share("T.prev", {"where": {"activity_type": "individuel"}, "guided_in": "previous_year"}),
        _share("T.same", {"where": {"activity_type": "individuel"}}),
    ], as_of=date(2024, 6, 30))
    # As of 30 June: C3's guidance of 15 November 2023 still counts (the whole of 2023)
    assert (by_id["T.prev"].numerator, by_id["T.prev"].denominator) == (1, 2)
    # same_year: only guidance up to 30 June 2024 → C1 (C4's September activity is after the date)
    # → R1 R2: 1 / 2; R3-R9 (7 answers) out
    same = by_id["T.same"]
    assert (same.numerator, same.denominator) == (1, 2)
    assert steps(same) == {"not_guided": 7, "empty_answer": 0}


def test_topics_filter_groups_and_nps(tmp_path: Path) -> None:
    _, by_id = _result(tmp_path, [
        _share("T.green", {"where": {"topics": {"contains": "grøn"}}}),
        _share("T.seg", {"where": {"activity_type": "individuel"}}, group_by="segment", groups=["drift"]),
        target("T.nps", "nps", 0, min_answers=1, answered_by={"where": {"activity_type": "individuel"}}),
    ])
    # green guidance in 2024: C4 → R6: 1 / 1
    assert (by_id["T.green"].numerator, by_id["T.green"].denominator) == (1, 1)
    # per segment (every answer is 'drift'): as T.individual, 2 / 3; the not_guided step comes first
    seg = by_id["T.seg"]
    assert (seg.numerator, seg.denominator) == (2, 3)
    assert [e.step for e in seg.exclusions][:2] == ["not_guided", "outside_groups"]
    assert steps(seg)["not_guided"] == 6 and steps(seg)["outside_groups"] == 0
    # NPS: no answer has a score → no data, the 6 not-guided answers still counted out
    nps = by_id["T.nps"]
    assert nps.status == "insufficient_data"
    assert steps(nps) == {"not_guided": 6, "empty_answer": 3}
    assert "Kun svar fra virksomheder, der har fået vejledning i 2024" in nps.explanation


def test_nps_on_the_restricted_answers(tmp_path: Path) -> None:
    evaluations = [ev("R1", "2024-05-01", "C1", nps="10"), ev("R2", "2024-05-02", "C1", nps="3"),
                   ev("R3", "2024-05-03", "C4", nps="9"), ev("R4", "2024-05-04", "C9", nps="0")]
    data = make_data(tmp_path / "data", activities=ACTIVITIES, evaluations=evaluations)
    contract = write_contract(tmp_path, [target("T.nps", "nps", 0, min_answers=1,
                                                answered_by={"where": {"activity_type": "individuel"}})])
    (nps,) = run(contract, data).targets
    # C1 and C4: R1 (10) R2 (3) R3 (9) → promoters 2, detractors 1 → 100 × (2 - 1) / 3
    assert (nps.numerator, nps.denominator, nps.n) == (1, 3, 3)
    assert nps.value == pytest.approx(100 / 3)
    assert steps(nps) == {"not_guided": 1, "empty_answer": 0}


def test_page_builds_and_terminal_renders(tmp_path: Path) -> None:
    report, _ = _result(tmp_path, [_share("T.individual", {"where": {"activity_type": "individuel"}})])
    assert "66,7" in render(report)  # 2 / 3
    pages = build_site([report], lang="da", generated="2025-01-01", workbooks=False)
    html = [content.decode("utf-8", "replace") for name, content in pages.items() if name.endswith(".html")]
    assert any("vejledning i 2024" in page for page in html)


@pytest.mark.parametrize(("fields", "message"), [
    ({"source": "activities", "answer": "activity_type", "success": ["individuel"],
      "answered_by": {"where": {}}},
     "answered_by gælder kun svar i brugerevalueringerne (source: evaluations), ikke activities"),
    ({"answered_by": {"guided_in": "last_year"}}, "'same_year' eller 'previous_year'"),
    ({"answered_by": {"where": {"satisfaction": MT}}}, "satisfaction"),
])
def test_misuse_is_a_validate_error_with_file_and_line(tmp_path: Path, fields: dict[str, Any], message: str) -> None:
    bad = {"answer": "satisfaction", "success": [MT], **fields}
    contract = write_contract(tmp_path, [_share("T.ok", None), target("T.bad", "share", 0.5, **bad)])
    (problem,) = problems(contract)
    lines = contract.read_text(encoding="utf-8").splitlines()
    assert problem.line is not None and problem.line > lines.index("- id: T.bad")
    assert message in problem.message
    code, out, err = validate_command(str(contract))
    assert code != 0 and f"contract.yaml:{problem.line}" in out + err


def test_no_crm_activities_of_the_year_read_is_insufficient_data(tmp_path: Path) -> None:
    """Without any activity of 2023, every answer would be 'not guided in 2023': a 0 % in silence."""
    data = make_data(tmp_path / "data", activities=ACTIVITIES, evaluations=EVALUATIONS)
    contract = write_contract(tmp_path, [
        _share("T.prev", {"where": {"activity_type": "individuel"}, "guided_in": "previous_year"}),
        _share("T.same", {"where": {"activity_type": "individuel"}})])
    prev, same = run(contract, data).targets
    assert prev.status == "insufficient_data" and prev.value is None
    assert prev.reason == "ingen CRM-aktiviteter fra 2023 at knytte svarene til (answered_by)"
    assert (same.numerator, same.denominator) == (2, 3)  # the 2024 activities are there: as above


def test_an_answer_without_a_company_is_not_guided(tmp_path: Path) -> None:
    evaluations = [ev("R1", "2024-05-01", "C1", satisfaction=MT), ev("R2", "2024-05-02", "", satisfaction=MT)]
    data = make_data(tmp_path / "data", activities=ACTIVITIES, evaluations=evaluations)
    contract = write_contract(tmp_path, [_share("T.ind", {"where": {"activity_type": "individuel"}})])
    (result,) = run(contract, data).targets
    # R2 has no company id: no guidance can be found for it → 1 / 1, one answer out
    assert (result.numerator, result.denominator) == (1, 1)
    assert steps(result) == {"not_guided": 1, "empty_answer": 0}


def test_a_column_last_years_export_lacks_is_named(tmp_path: Path) -> None:
    """The 2023 export has no activity type column: a restriction to companies individually guided in
    2023 cannot be computed from it (insufficient data naming the column and the file), not a share of
    the answers that happen to match."""
    data = _data(tmp_path)
    path = data / "crm_activities_2023.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    column = lines[0].split(",").index("activity_type")
    path.write_text("\n".join(",".join(c for i, c in enumerate(line.split(",")) if i != column) for line in lines)
                    + "\n", encoding="utf-8")
    contract = write_contract(tmp_path, [_share("T.prev", {"where": {"activity_type": "individuel"},
                                                          "guided_in": "previous_year"})])
    result = run(contract, data).target("T.prev")
    assert (result.value, result.status) == (None, "insufficient_data")
    assert result.reason == ("eksporten har ingen kolonne for aktivitetstype i crm_activities_2023.csv, som har "
                             "rækker i perioden")
