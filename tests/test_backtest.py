"""Issue 20, items 1, 2 and 4: a draft contract on the past years' data (``hubmonitor backtest``),
evaluated by the same engine as a signed contract, with the calibration; figures by hand."""

from __future__ import annotations

import json
import math
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from helpers import ACTIVITY_HEADER, EVALUATION_HEADER, act, ev, target, write_csv

import hubmonitor
from hubmonitor.cli import main
from hubmonitor.contract.redate import redated
from hubmonitor.engine.backtest import Backtest, margin, year_margin
from hubmonitor.engine.calibration import trend
from hubmonitor.engine.calibration_view import Calibration, _reachable_under
from hubmonitor.errors import HubmonitorError
from hubmonitor.goal import fixed
from hubmonitor.io.draft_json import dumps, load_page_input
from hubmonitor.render.backtest_text import backtest_text, year_margin_text
from hubmonitor.render.calibration_text import calibration_facts, calibration_sentences, calibration_summary

# companies guided per year (individually), the first `referred` of them referred onward
GUIDED = {2022: (2, 1), 2023: (3, 2), 2024: (5, 1)}
# evaluation answers per year: (answers, of which "Meget tilfreds")
ANSWERS = {2022: (2, 1), 2023: (3, 2), 2024: (4, 3)}
TARGETS = [
    target("T.reach", "distinct_companies", {"by_year": {2025: 3, 2026: 4}}),
    target("T.referral", "company_ratio", 0.5, numerator={"activity_type": "individuel", "referred": True},
           denominator=[{"activity_type": "individuel"}]),
    target("T.grow", "distinct_companies", {"previous_year": {"change": 1}}),
    target("T.sat", "share", 0.5, answer="satisfaction", success=["Meget tilfreds"], min_answers=1),
]


def _draft(folder: Path, years: list[int] | None = None, year: int | None = None) -> Path:
    doc: dict[str, Any] = {"document": "contract", "id": "udkast", "title": "Udkast", "hub": "Erhvervshus Midtjylland",
                           "erhvervshus": "Midtjylland", "period": {"years": years or [2025, 2026]}, "targets": TARGETS}
    if year is not None:  # the draft as it would have been written for ``year`` and the year after
        doc["period"] = {"years": [year, year + 1]}
        doc["targets"] = [{**t, "threshold": {"by_year": {year: 3, year + 1: 4}}} if t["id"] == "T.reach" else t
                          for t in TARGETS]
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"udkast-{year or 'flere'}.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _data(folder: Path, running: bool = False) -> Path:
    for year, (guided, referred) in GUIDED.items():
        rows = [act(f"A{year}-{i}", f"{year}-0{i + 1}-15", f"C{i}", referred="ja" if i <= referred else "nej")
                for i in range(1, guided + 1)]
        rows.append(act(f"A{year}-dec", f"{year}-12-31", "C1", referred="ja"))  # the data reach the year's end
        write_csv(folder, f"crm_activities_{year}.csv", ACTIVITY_HEADER, rows)
    for year, (answers, happy) in ANSWERS.items():
        rows = [ev(f"R{year}-{i}", f"{year}-06-01", f"C{i}", satisfaction="Meget tilfreds" if i <= happy else
                   "Tilfreds") for i in range(1, answers + 1)]
        write_csv(folder, f"evaluations_{year}.csv", EVALUATION_HEADER, rows)
    if running:  # 2025 so far: two companies by 31 March
        write_csv(folder, "crm_activities_2025.csv", ACTIVITY_HEADER,
                  [act("A2025-1", "2025-02-01", "C1"), act("A2025-2", "2025-03-31", "C2")])
    return folder


@pytest.fixture
def draft_and_data(tmp_path: Path) -> tuple[Path, Path]:
    return _draft(tmp_path / "contracts"), _data(tmp_path / "data")


def _by_id(bt: Backtest) -> dict[str, Any]:
    return {t.id: t for t in bt.targets}


# --- the draft moved to a past year ---------------------------------------------------------------

def test_a_draft_moved_to_a_year_keeps_its_rules_and_takes_its_own_year_s_step(draft_and_data: tuple[Path, Path]
                                                                                ) -> None:
    draft = hubmonitor.load_contract(draft_and_data[0], 2025)
    moved = redated(draft, 2022)
    assert (moved.period.year, moved.span) == (2022, (2022, 2023))  # the span moves with it
    steps = {t.id: t.threshold for t in moved.targets}["T.reach"]
    assert steps.by_year == {2022: 3, 2023: 4}  # type: ignore[union-attr]  # 2022 takes the draft's 2025 step
    same = lambda c: {k: v for k, v in c.model_dump().items() if k not in ("period", "span", "targets")}  # noqa: E731
    assert same(moved) == same(draft)
    assert [t for t in moved.targets if t.id != "T.reach"] == [t for t in draft.targets if t.id != "T.reach"]
    assert redated(draft, 2025) is draft


def test_each_year_is_what_the_ordinary_evaluation_of_that_year_s_contract_gives(
        draft_and_data: tuple[Path, Path], tmp_path: Path) -> None:
    draft, data = draft_and_data
    bt = hubmonitor.backtest(draft, data, [2022, 2023, 2024])
    for i, year in enumerate((2022, 2023, 2024)):  # the draft written out for the year, evaluated as any contract
        signed = _draft(tmp_path / f"signed-{year}", year=year)
        report = hubmonitor.evaluate(hubmonitor.load_contract(signed, year), data)
        assert [t.results[i] for t in bt.targets] == report.targets


def test_values_verdicts_and_margins_by_hand(draft_and_data: tuple[Path, Path]) -> None:
    bt = hubmonitor.backtest(*draft_and_data, [2022, 2023, 2024])
    assert (bt.draft_year, bt.data, [y.year for y in bt.years], [y.complete for y in bt.years]) == (
        2025, "data", [2022, 2023, 2024], [True, True, True])
    t = _by_id(bt)
    seen = {tid: [(r.value, r.status) for r in t[tid].results] for tid in t}
    assert seen["T.reach"] == [(2, "not_met"), (3, "met"), (5, "met")]
    assert t["T.reach"].margins == [-1, 0, 2] and (t["T.reach"].met, t["T.reach"].judged) == (2, 3)
    assert seen["T.referral"] == [(0.5, "met"), (2 / 3, "met"), (0.2, "not_met")]
    assert t["T.referral"].margins == [0, round(2 / 3 - 0.5, 12), -0.3]
    # last year + 1, each year on its own year before: 2023 needs 2 + 1, 2024 needs 3 + 1
    assert [r.goal.value for r in t["T.grow"].results][1:] == [3, 4]
    assert seen["T.grow"][1:] == [(3, "met"), (5, "met")]
    assert seen["T.sat"] == [(0.5, "met"), (2 / 3, "met"), (0.75, "met")]


def test_margin_of_each_kind_of_goal() -> None:
    assert margin(fixed(">=", 0.8), 0.83) == 0.03 and margin(fixed("<", 10), 12) == -2
    assert margin(fixed("between", [0.4, 0.6]), 0.45) == 0.05 and margin(fixed("between", [0.4, 0.6]), 0.7) == -0.1
    assert margin(fixed("==", 19), 17) == -2 and margin(fixed("==", True), True) is None
    assert margin(fixed(">=", 5), None) is None


# --- the calibration ------------------------------------------------------------------------------

def test_a_count_s_trend_its_range_and_its_chance_by_hand(draft_and_data: tuple[Path, Path]) -> None:
    cal = _by_id(hubmonitor.backtest(*draft_and_data, [2022, 2023, 2024]))["T.reach"].calibration
    assert cal.method == "trend" and cal.points == [(2022, 2.0), (2023, 3.0), (2024, 5.0)]
    line = cal.trend
    # slope ((−1)(2 − 10/3) + (1)(5 − 10/3)) / 2 = 1.5; at 2025: 10/3 + 1.5 · 2 = 19/3
    assert line.slope == pytest.approx(1.5) and line.fitted == pytest.approx(19 / 3)
    # residuals 1/6, −1/3, 1/6: SSE = 1/6, s = √(1/6); se = s · √(1 + 1/3 + 4/2) = √(1/6 · 10/3) = √5 / 3
    se = math.sqrt(5) / 3
    assert line.standard_error == pytest.approx(se)
    assert (line.low, line.high) == (pytest.approx(19 / 3 - 12.7062047 * se, abs=1e-6),
                                     pytest.approx(19 / 3 + 12.7062047 * se, abs=1e-6))
    # the draft's 2025 step is 3: P(T₁ > (3 − 19/3) / se), T₁ Cauchy: 1/2 + atan((19/3 − 3) / se) / π
    assert cal.goal.value == 3
    assert cal.trend_chance == pytest.approx(0.5 + math.atan((19 / 3 - 3) / se) / math.pi, abs=1e-12)


def test_a_share_from_answers_chance_by_exact_binomial(draft_and_data: tuple[Path, Path]) -> None:
    cal = _by_id(hubmonitor.backtest(*draft_and_data, [2022, 2023, 2024]))["T.sat"].calibration
    # usual answers: the median of 2, 3, 4 = 3; last year 3 of 4. Meeting ≥ 50 % with 3 answers: 2 or 3.
    # P = 3 · (3/4)² · (1/4) + (3/4)³ = 27/64 + 27/64 = 54/64
    assert (cal.method, cal.basis_year, cal.share.n, cal.share.successes_last, cal.share.n_last) == (
        "answers", 2024, 3, 3, 4)
    assert cal.share.probability == 54 / 64
    assert not cal.too_few


def test_a_previous_year_threshold_is_calibrated_on_the_last_whole_year(draft_and_data: tuple[Path, Path]) -> None:
    cal = _by_id(hubmonitor.backtest(*draft_and_data, [2022, 2023, 2024]))["T.grow"].calibration
    assert cal.goal.value == 6  # 2024's 5 companies + 1


# --- the running year --------------------------------------------------------------------------------

def test_a_year_not_over_is_judged_on_pace_and_not_counted(tmp_path: Path) -> None:
    draft, data = _draft(tmp_path / "c"), _data(tmp_path / "data", running=True)
    bt = hubmonitor.backtest(draft, data, [2023, 2024, 2025])
    assert [(y.year, y.as_of, y.complete) for y in bt.years] == [
        (2023, date(2023, 12, 31), True), (2024, date(2024, 12, 31), True), (2025, date(2025, 3, 31), False)]
    reach = _by_id(bt)["T.reach"]
    # 2 companies by 31 March; by 31 March the earlier years had 2 of 2, 2 of 3 and 2 of 5 of their companies:
    # the seasonal share (1 + 2/3 + 2/5) / 3 = 31/45, so 3 × 31/45 = 2.07 were expected by then
    assert (reach.results[2].value, reach.results[2].status) == (2, "behind")
    assert reach.results[2].expected_by_now == pytest.approx(3 * 31 / 45)
    # the profile decided (pro rata, 3 × 90/365 = 0.74, would have it on track): the margin is to its 2.07
    assert reach.results[2].pace == "seasonal" and reach.margins[2] == pytest.approx(2 - 3 * 31 / 45)
    assert year_margin_text(reach, 2, "da") == "−0,1 mod forventet 2,1"
    # a backtest file written before holds the margin to another expectation: the text takes the margin to
    # the one it names (a page showed "−192,0 mod forventet 1.421,1" from such a file)
    written_before = reach.model_copy(update={"margins": [*reach.margins[:2], -5.0]})
    assert year_margin_text(written_before, 2, "da") == "−0,1 mod forventet 2,1"
    # where pro rata decided (behind by it), the margin is to the pro-rated target, not the profile's
    # expectation (a KL review: "1.402 ↘ −192,0" was to the profile's 1.594 beside a status pro rata gave)
    by_prorata = reach.results[2].model_copy(update={"value": 1402, "pace": "prorata", "prorated_target": 1421.1,
                                                     "expected_by_now": 1593.97})
    assert year_margin(by_prorata) == pytest.approx(1402 - 1421.1)
    assert (reach.met, reach.judged) == (2, 2)  # 2025 not counted
    assert reach.calibration.points == [(2023, 3.0), (2024, 5.0)]  # whole years only: a line, no range
    assert reach.calibration.trend.low is None and reach.calibration.trend_chance is None


def test_a_year_over_whose_data_end_early_is_not_counted_nor_calibrated_on(tmp_path: Path) -> None:
    """A year with data on 1 June only, the next year's data there: over, but no whole year (a review:
    one activity made 2024 a year "met or not" and a year of the trend the calibration suggested on)."""
    draft, data = _draft(tmp_path / "c"), _data(tmp_path / "data")
    write_csv(data, "crm_activities_2024.csv", ACTIVITY_HEADER, [act("A2024-1", "2024-06-01", "C1")])
    write_csv(data, "crm_activities_2025.csv", ACTIVITY_HEADER, [act("A2025-1", "2025-02-01", "C1")])
    bt = hubmonitor.backtest(draft, data, [2022, 2023, 2024])
    assert [(y.year, y.as_of, y.complete, y.data_end) for y in bt.years] == [
        (2022, date(2022, 12, 31), True, None), (2023, date(2023, 12, 31), True, None),
        (2024, date(2024, 12, 31), False, date(2024, 6, 1))]
    reach = _by_id(bt)["T.reach"]
    assert [r.value for r in reach.results] == [2, 3, 1]  # 2024 as the data give it: one company
    assert (reach.met, reach.judged) == (1, 2)  # 2022 (2 < 2022's step 3: not met), 2023 (3 ≥ 3); 2024 not counted
    assert reach.calibration.points == [(2022, 2.0), (2023, 3.0)]  # whole years only
    assert _by_id(bt)["T.grow"].calibration.goal.value == 4  # on 2023, the last whole year: 3 + 1
    text = backtest_text(bt)
    assert ("2024: data slutter 2024-06-01, mere end en måned før året er omme (ikke et helt år: ikke talt med som "
            "opfyldt og ikke brugt i kalibreringen)") in text
    assert "2024: data til og med" not in text  # not a year still running
    assert json.loads(dumps(bt))["years"][2] == {"year": 2024, "as_of": "2024-12-31", "complete": False,
                                                 "data_end": "2024-06-01"}
    # on the page its verdicts are final, not provisional as a running year's (a second review)
    from hubmonitor.render.html.backtest_page import backtest_table
    cells = re.findall(r"<td[^>]*>(.*?)</td>", backtest_table(bt, "da").split("T.reach", 1)[1].split("</tr>", 1)[0])
    assert "foreløbig" not in cells[2] and "ikke opfyldt" in cells[2]


# --- the command, its JSON and its page -------------------------------------------------------------

def test_the_command_prints_writes_json_and_the_dashboard_makes_its_page(draft_and_data: tuple[Path, Path],
                                                                          tmp_path: Path) -> None:
    draft, data = draft_and_data
    out = tmp_path / "out" / "bt.json"
    result = CliRunner().invoke(main, ["backtest", str(draft), "--data", str(data), "--years", "2022-2024",
                                       "--json", str(out)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "Udkast til resultatkontrakt 2025 på de seneste års data: Erhvervshus Midtjylland"
    # the heading wraps where the path's length puts it, inside the path too when it is longer than a line
    # (a longer temporary folder, as under pytest-xdist, broke it): compared without the white space
    flat = "".join(result.stdout.split())
    assert f"Udkast:{''.join(str(draft).split())}·data:data·2022–2024T.reach" in flat
    at = lines.index("T.reach")  # one block per target: the table is wider than 100 columns
    assert lines[at:at + 6] == ["T.reach", "  Udkastets mål: ≥ 3", "  2022: 2 ✘ −1", "  2023: 3 ✔ ±0", "  2024: 5 ✔ +2",
                                "  Opfyldt: 2 af 3"]
    assert "  2022: 50,0 % ✔ ±0,0 procentpoint" in lines and "  2024: 20,0 % ✘ −30,0 procentpoint" in lines
    assert ("\nT.sat: Udkastets mål: ≥ 50,0 %; Bygger på: 2024: 75,0 % af 4 svar; sædvanligt 3 svar; Chance for at "
            "nå udkastets mål: 84 % (stikprøve); Realistisk (4 år af 5): ≥ 66,0 %; Ambitiøst (hvert andet år): "
            "≥ 66,0 %\n") in result.stdout.replace("\n  ", " ")
    document = load_page_input(out)
    assert isinstance(document, Backtest)
    assert document == hubmonitor.backtest(draft, data, [2022, 2023, 2024])
    assert json.loads(out.read_text(encoding="utf-8"))["document"] == "backtest"
    site = tmp_path / "site"
    built = CliRunner().invoke(main, ["dashboard", str(out), "--out", str(site)])
    assert built.exit_code == 0, built.output
    page = (site / "udkast-midtjylland-2025.html").read_text(encoding="utf-8")
    assert "<h1>Udkast til resultatkontrakt 2025 på de seneste års data</h1>" in page
    assert "84 % (stikprøve)" in page and "binomialfordelingen" in page
    assert 'href="udkast-midtjylland-2025.html"' in (site / "index.html").read_text(encoding="utf-8")


def test_the_default_years_are_the_four_before_the_draft_s(draft_and_data: tuple[Path, Path]) -> None:
    draft, data = draft_and_data
    result = CliRunner().invoke(main, ["backtest", str(draft), "--data", str(data), "--json", "-"])
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    assert [y["year"] for y in document["years"]] == [2021, 2022, 2023, 2024]
    reach = next(t for t in document["targets"] if t["id"] == "T.reach")
    assert reach["results"][0]["status"] == "insufficient_data" or reach["results"][0]["value"] == 0


def test_a_framework_as_draft_and_a_json_inside_the_data_are_refused(draft_and_data: tuple[Path, Path]) -> None:
    draft, data = draft_and_data
    framework = Path(__file__).resolve().parents[1] / "contracts" / "national" / "2024.yaml"
    refused = CliRunner().invoke(main, ["backtest", str(framework), "--data", str(data)])
    assert refused.exit_code == 1 and "dette er en rammeaftale" in refused.stderr
    inside = CliRunner().invoke(main, ["backtest", str(draft), "--data", str(data), "--years", "2024",
                                       "--json", str(data / "bt.json")])
    assert inside.exit_code == 1 and not (data / "bt.json").exists()
    assert "--json" in inside.stderr


def test_a_broken_backtest_file_is_named_by_the_dashboard(tmp_path: Path) -> None:
    broken = tmp_path / "bt.json"
    broken.write_text(json.dumps({"document": "backtest", "schema_version": 1}), encoding="utf-8")
    result = CliRunner().invoke(main, ["dashboard", str(broken), "--out", str(tmp_path / "site")])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Fejl [bad-results]: {broken}: er ikke en gyldig backtest-fil fra hubmonitor")


def test_dumps_round_trips(draft_and_data: tuple[Path, Path], tmp_path: Path) -> None:
    bt = hubmonitor.backtest(*draft_and_data, [2022, 2023, 2024])
    (tmp_path / "bt.json").write_text(dumps(bt), encoding="utf-8")
    assert load_page_input(tmp_path / "bt.json") == bt


# --- the review's findings (each a defect once) -------------------------------------------------------------

def _segments(folder: Path, answers: dict[int, dict[str, tuple[int, int]]]) -> Path:
    """Evaluation answers per year and segment: (answers, of which 'Meget tilfreds'); activities
    that reach each year's end."""
    for year, segments in answers.items():
        rows = [ev(f"R{year}-{segment}-{i}", f"{year}-06-01", f"C{segment}{i}", segment=segment,
                   satisfaction="Meget tilfreds" if i < happy else "Tilfreds")
                for segment, (count, happy) in segments.items() for i in range(count)]
        write_csv(folder, f"evaluations_{year}.csv", EVALUATION_HEADER, rows)
        write_csv(folder, f"crm_activities_{year}.csv", ACTIVITY_HEADER,
                  [act(f"A{year}", f"{year}-03-01", "C1"), act(f"B{year}", f"{year}-12-31", "C2")])
    return folder


def _grouped(folder: Path, groups: list[str], needed: int, minimum: int) -> Path:
    return _write(folder, [target("G.sat", "share", 0.8, answer="satisfaction", success=["Meget tilfreds"],
                                  group_by="segment", groups=groups, groups_needed=needed, min_answers=minimum)])


def _write(folder: Path, targets: list[dict[str, Any]], period: dict[str, Any] | None = None) -> Path:
    doc = {"document": "contract", "id": "u", "title": "Udkast", "hub": "Erhvervshus Midtjylland",
           "erhvervshus": "Midtjylland", "period": period or {"year": 2025}, "targets": targets}
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "udkast.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_a_group_usually_below_the_minimum_counts_as_not_meeting(tmp_path: Path) -> None:
    data = _segments(tmp_path / "d", {y: {"drift": (20, 18), "vækst": (10, 9)} for y in (2023, 2024)})
    cal = _by_id(hubmonitor.backtest(_grouped(tmp_path / "c", ["drift", "vækst"], 1, 15), data,
                                     [2023, 2024]))["G.sat"].calibration
    # vækst has 10 answers a year, below 15: it would lack data, so only drift can meet (at least 1 of 2)
    assert cal.few_groups == ["vækst"] and [g.probability for g in cal.groups.groups][1] == 0.0
    drift = cal.groups.groups[0]
    assert (drift.n, drift.successes_last, drift.n_last) == (20, 18, 20)
    assert cal.groups.probability == drift.probability  # P(at least one) = P(drift)
    assert cal.levels is None and cal.significance == []  # not from the whole target's numbers


def test_a_group_without_answers_last_year_leaves_no_chance_and_says_why(tmp_path: Path) -> None:
    data = _segments(tmp_path / "d", {2023: {"drift": (20, 18), "vækst": (10, 9)}, 2024: {"drift": (20, 18)}})
    cal = _by_id(hubmonitor.backtest(_grouped(tmp_path / "c", ["drift", "vækst"], 1, 5), data,
                                     [2023, 2024]))["G.sat"].calibration
    assert (cal.share, cal.groups) == (None, None)
    assert cal.reason == "gruppen vækst havde ingen svar i 2024: ingen andel at regne ud fra"


def test_a_target_on_the_whole_period_is_not_calibrated_and_its_goal_names_the_draft_s_period(
        draft_and_data: tuple[Path, Path], tmp_path: Path) -> None:
    draft = _write(tmp_path / "c", [target("P.total", "distinct_companies", 8, over="period"),
                                    target("P.grow", "distinct_companies", {"previous_year": {"change": 1}})],
                   period={"years": [2025, 2026]})
    bt = hubmonitor.backtest(draft, draft_and_data[1], [2023, 2024])
    total, grow = _by_id(bt)["P.total"], _by_id(bt)["P.grow"]
    assert total.calibration.method == "none"
    assert total.calibration.reason.startswith("et mål for hele kontraktperioden")
    lines = backtest_text(bt).splitlines()
    # the draft's period, not 2023–2024's; each year judged on pace, its margin to what was expected by its
    # end (half the period: 4) and said so (a KL review, 8 December 2026)
    assert "P.total  ≥ 8 (2025–2026)  3 ↘ −1,0 mod forventet 4,0  5 ↗ +1,0 mod forventet 4,0  0 af 0" in lines
    assert grow.goal.value == 6  # 2024's 5 companies + 1: the draft's own year, not 2024's goal of 3 + 1
    assert "P.grow   ≥ 6              3 ✔ ±0                      5 ✔ +1                      2 af 2" in lines


def test_too_few_usual_answers_show_no_chance_and_no_levels(tmp_path: Path) -> None:
    data = _segments(tmp_path / "d", {y: {"drift": (12, 10)} for y in (2023, 2024)})
    draft = _write(tmp_path / "c", [target("S.sat", "share", 0.8, answer="satisfaction", success=["Meget tilfreds"],
                                           min_answers=30)])
    bt = hubmonitor.backtest(draft, data, [2023, 2024])
    cal = _by_id(bt)["S.sat"].calibration
    assert (cal.too_few, cal.usual_answers, cal.share, cal.levels) == (True, 12, None, None)
    summary = calibration_summary(cal, "share")
    assert summary == ("≥ 80,0 %", "sædvanligt 12 svar, under målets mindste antal 30", "–", "–", "–")
    assert calibration_sentences(cal, "share")[0].startswith("Med det sædvanlige antal svar (12) er der færre")
    assert calibration_facts(cal, "share") == []


def test_a_year_during_the_pace_has_its_margin_to_what_is_expected_by_then(tmp_path: Path) -> None:
    bt = hubmonitor.backtest(_draft(tmp_path / "c"), _data(tmp_path / "data", running=True), [2024, 2025])
    reach = _by_id(bt)["T.reach"]
    assert reach.margins[1] == pytest.approx(2 - 3 * 31 / 45)  # 2 companies against 2.07 expected: −0.07


def test_default_years_stop_at_the_data(draft_and_data: tuple[Path, Path]) -> None:
    draft, data = draft_and_data  # data to 31 December 2024
    bt = hubmonitor.backtest(draft, data, [2023, 2024, 2025, 2026], within_data=True)
    assert [y.year for y in bt.years] == [2023, 2024]
    with pytest.raises(HubmonitorError, match="før kontraktåret 2025 begynder"):
        hubmonitor.backtest(draft, data, [2024, 2025])  # asked for by name: the engine's refusal


def test_years_out_of_range_and_two_files_for_one_page_are_refused_in_both_languages(
        draft_and_data: tuple[Path, Path], tmp_path: Path) -> None:
    old = Path(__file__).resolve().parents[1] / "contracts" / "midtjylland" / "2025.yaml"
    wrong = CliRunner().invoke(main, ["diff", str(old), str(old), "--data", str(draft_and_data[1]), "--year", "1999"])
    assert wrong.exit_code == 2 and "--year" in wrong.stderr and "Traceback" not in wrong.output
    bt = tmp_path / "bt.json"
    bt.write_text(dumps(hubmonitor.backtest(*draft_and_data, [2024])), encoding="utf-8")
    twice = CliRunner().invoke(main, ["dashboard", str(bt), str(bt), "--out", str(tmp_path / "site")])
    assert twice.exit_code == 2
    assert twice.stderr == (f"Fejl: {bt} og {bt} giver begge siden udkast-midtjylland-2025.html; giv én fil pr. "
                            f"udkast og år\n")


@pytest.mark.parametrize("edit", [
    lambda d: d["targets"][0]["results"].pop(),  # fewer results than years
    lambda d: d["targets"][0].update(margins=[]),
    lambda d: d["targets"][0].update(met=-3),
    lambda d: d["targets"][3]["calibration"]["share"].update(n_last=0),
    lambda d: d["targets"][3]["calibration"]["share"].update(probability=5),
    lambda d: d["targets"][0]["calibration"]["trend"].update(points=[]),
    lambda d: d["targets"][0]["calibration"]["goal"].update(value=[0.1]),
], ids=["results", "margins", "met", "n_last", "probability", "points", "band"])
def test_an_edited_backtest_file_is_named_not_a_crash(draft_and_data: tuple[Path, Path], tmp_path: Path,
                                                      edit: Any) -> None:
    document = json.loads(dumps(hubmonitor.backtest(*draft_and_data, [2022, 2023, 2024])))
    edit(document)
    path = tmp_path / "bt.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    result = CliRunner().invoke(main, ["dashboard", str(path), "--out", str(tmp_path / "site")])
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith(f"Fejl [bad-results]: {path}: er ikke en gyldig backtest-fil fra hubmonitor")


def test_the_margins_legend_says_what_a_margin_under_a_most_is() -> None:
    """A review: 81,5 dage against ≤ 90 showed "+8,5 dage" under a legend saying "værdien minus målet"."""
    from hubmonitor.engine.backtest import margin
    from hubmonitor.goal import Goal
    from hubmonitor.render.backtest_text import tx

    assert (margin(Goal(comparison="<=", value=90), 81.5), margin(Goal(comparison=">=", value=0.8), 0.75)) == (
        8.5, -0.05)
    assert "for ≤ målet minus værdien" in tx("margin", "da")
    assert "for ≤ the target minus the value" in tx("margin", "en")


def test_the_english_draft_page_names_the_draft_in_english(draft_and_data: tuple[Path, Path]) -> None:
    """A language review: the English page's subtitle gave the draft's Danish title beside its title_en."""
    from hubmonitor.render.html.draft_pages import draft_page

    draft, data = draft_and_data
    doc = yaml.safe_load(draft.read_text(encoding="utf-8"))
    draft.write_text(yaml.safe_dump({**doc, "title_en": "Draft"}, allow_unicode=True, sort_keys=False),
                     encoding="utf-8")
    document = hubmonitor.backtest(draft, data, [2022, 2023, 2024])
    assert draft_page(document, "en").subtitle == "Erhvervshus Midtjylland · Draft · 2022–2024"
    assert draft_page(document, "da").subtitle == "Erhvervshus Midtjylland · Udkast · 2022–2024"


def test_the_text_fits_every_width_from_40_columns(draft_and_data: tuple[Path, Path]) -> None:
    """A review: the calibration's heading ran past a terminal narrower than 62 (English 66) columns, and a
    line broke between "95" and "%-forudsigelsesinterval"."""
    from hubmonitor.render.backtest_text import backtest_text

    draft, data = draft_and_data
    document = hubmonitor.backtest(draft, data, [2022, 2023, 2024])
    assert any(t.calibration is not None for t in document.targets)
    for lang in ("da", "en"):
        for width in range(40, 121):
            text = backtest_text(document, lang, width)
            assert all(len(line) <= width for line in text.splitlines()), (lang, width)
            # never between a number and its percent sign ("95" ended a line, "%-forudsigelsesinterval" began one)
            assert not re.search(r"\d\n *%", text) and "\u00a0" not in text, (lang, width)


def test_a_count_out_of_a_known_total_is_not_suggested_above_it() -> None:
    """A draft's count of the contract's 19 municipalities was suggested as "Ambitiøst ≥ 22" (a review):
    a trend's levels are shown at most the count's ceiling, as a forecast during the year is, and the
    sentence says the line runs above it; a threshold above the ceiling has no chance."""
    # by hand: mean 15.67 at 2023, slope (2.67 + 2.33) / 2 = 2.5; 2026 is 3 years on: 15.67 + 7.5 = 23.17,
    # a count of at least 24 to meet it
    points = [(2022, 13.0), (2023, 16.0), (2024, 18.0)]
    line = trend(points, 2026)
    assert line is not None and line.fitted == pytest.approx(15 + 2 / 3 + 7.5)
    free = Calibration(method="trend", year=2026, comparison=">=", points=points, trend=line)
    capped = free.model_copy(update={"ceiling": 19.0})
    assert calibration_summary(free, "count")[4] == "≥ 24"
    assert calibration_summary(capped, "count")[4] == "≥ 19"
    assert calibration_sentences(capped, "count")[0].endswith(
        "Tallet kan højst være 19; linjen og intervallet tager ikke højde for det.")
    assert not calibration_sentences(free, "count")[0].endswith("tager ikke højde for det.")
    assert (_reachable_under(fixed(">=", 19), 19.0), _reachable_under(fixed(">=", 20), 19.0)) == (True, False)


def test_the_grants_years_say_the_amount_without_a_status_word() -> None:
    """A review: the terminal printed "2022: 43.363 t.kr. bevilling" for each year of the grant, where the
    backtest's page (the history's cell) says the amount alone: the grant is money, not a verdict."""
    from dashboard_site import sample_report

    from hubmonitor.engine.backtest import TargetBacktest
    from hubmonitor.render.backtest_text import year_cell

    grant = sample_report().target("ALLOC.basisbevilling")
    t = TargetBacktest(id=grant.id, ref=grant.ref, kind=grant.kind, unit=grant.unit, title=grant.title,
                       title_en=grant.title_en, results=[grant], margins=[None], met=0, judged=0)
    assert (year_cell(t, 0, "da"), year_cell(t, 0, "en")) == ("41.679 t.kr.", "41,679 thousand kr")


def test_the_summary_says_why_a_trend_gives_no_chance() -> None:
    """Years exactly on a line (the demo's external figures) or only two years leave no interval and no
    chance: the page said why, the terminal's summary dropped the chance unsaid (a KL review)."""
    exact = trend([(2022, 10.6), (2023, 11.0), (2024, 11.4)], 2026)
    two = trend([(2023, 10.0), (2024, 12.0)], 2026)
    assert exact is not None and exact.exact_fit and two is not None and two.low is None
    on_line = Calibration(method="trend", year=2026, comparison=">=", points=exact.points, trend=exact)
    assert calibration_summary(on_line, "pp")[1:3] == (
        "tendens 2022–2024, årene ligger præcis på linjen: ingen chance at beregne", "–")
    assert calibration_summary(on_line, "pp", "en")[1] == (
        "trend 2022–2024, the years lie exactly on the line: no chance to compute")
    by_two = Calibration(method="trend", year=2026, comparison=">=", points=two.points, trend=two)
    assert calibration_summary(by_two, "count")[1:3] == ("tendens 2023–2024, kun to år: ingen chance at beregne", "–")
