"""Issue 18 item 1: a target's goal as one value (hubmonitor/goal.py), resolved once by the engine
(engine/goals.py), carried in the results and asked by the renderers. Figures by hand."""

from __future__ import annotations

import json

import pytest
from dashboard_site import sample_report

from hubmonitor.goal import Goal, compare, fixed
from hubmonitor.io.results_json import dumps
from hubmonitor.render.format import forecast_uncertain, pace_views, target_text
from hubmonitor.report import Forecast, Report, Season, TargetResult


def test_met_by_each_comparison() -> None:
    assert fixed(">=", 0.5).met_by(0.5) and not fixed(">=", 0.5).met_by(0.4999)
    assert fixed(">", 20).met_by(21) and not fixed(">", 20).met_by(20)
    assert fixed("<=", 14).met_by(14) and not fixed("<=", 14).met_by(14.5)
    assert fixed("<", 3).met_by(2.9) and not fixed("<", 3).met_by(3)
    assert fixed("==", True).met_by(True) and not fixed("==", True).met_by(False)
    band = fixed("between", [0.4, 0.6])
    assert band.met_by(0.4) and band.met_by(0.6) and not band.met_by(0.61)
    # an unresolved goal (no value last year) is met by nothing
    assert not Goal(comparison=">=", value=None, basis="previous_year", year=2023).met_by(1_000_000)


def test_edges_and_scaled() -> None:
    assert fixed("between", [0.4, 0.6]).edges() == [0.4, 0.6]
    assert fixed(">=", 600).edges() == [600.0] and fixed("==", True).edges() == []
    # 600 growth programmes × 182 / 366 (30 June 2024) = 298.3606…; a band scales both edges
    assert fixed(">=", 600).scaled(182 / 366) == pytest.approx(298.36066, abs=1e-5)
    assert fixed("between", [40, 60]).scaled(0.5) == [20.0, 30.0]
    assert fixed("==", True).scaled(0.5) is None


def test_paced_and_straddled() -> None:
    goal = fixed(">=", 880)
    assert goal.paced(696, 658.19) == "on_track" and goal.paced(696, 766.0) == "behind"
    assert goal.paced(None, 658.19) is None and goal.paced(True, 1) is None
    # '==': on track between the expectation by now and the full goal
    assert fixed("==", 10).paced(4, 3.75) == "on_track" and fixed("==", 10).paced(11, 3.75) == "behind"
    assert fixed(">=", 0.8).straddled_by(0.72, 0.83) and fixed(">=", 0.72).straddled_by(0.72, 0.83)
    assert not fixed(">=", 0.70).straddled_by(0.72, 0.83)
    assert fixed("between", [0.4, 0.8]).straddled_by(0.72, 0.83)
    assert not fixed("between", [0.4, 0.6]).straddled_by(0.72, 0.83)


def test_compare_is_the_one_rule() -> None:
    assert compare(5, ">=", 5) and not compare(5, ">", 5) and compare(5, "between", [4.999, 5.001])


@pytest.fixture(scope="module")
def sample() -> Report:
    return sample_report()


def test_the_sample_carries_its_goals(sample: Report) -> None:
    """The sample's goals: fixed values, and the spread's 'all' = its 19 municipalities."""
    spread = sample.target("M8.spread").goal
    assert (spread.basis, spread.value, spread.comparison) == ("all", 19, ">=")
    balance = sample.target("M8.balance").goal
    assert (balance.basis, balance.value, balance.comparison) == ("fixed", [0.4, 0.6], "between")
    for t in sample.targets:  # the spec's fields stay, and say the same as the goal
        assert (t.target, t.comparison) == (t.goal.value, t.goal.comparison), t.id


def test_results_without_a_goal_read_back_with_the_plain_one(sample: Report) -> None:
    """Results written before the goal existed load with the goal of their target and comparison."""
    row = json.loads(dumps(sample))["targets"][0]
    assert row["goal"] == {"comparison": ">=", "value": 0.5, "basis": "fixed", "baseline": None, "base": None,
                           "change": None, "relative": None, "year": None, "file": None}
    del row["goal"]
    old = TargetResult.model_validate(row)
    assert old.goal == fixed(">=", 0.5)


def test_renderers_ask_the_goal(sample: Report) -> None:
    """A result whose goal rests on last year's value shows that value beside the target (from the
    goal, not from the details); the forecast's verdicts are the goal's."""
    reach = sample.target("M8.reach")
    last_year = reach.model_copy(update={"target": 4704.0, "goal": Goal(
        comparison=">=", value=4704.0, basis="previous_year", base=4480.0, relative=0.05, year=2023)})
    assert target_text(last_year, "da") == "≥ 4.704 (2023: 4.480)"
    paced = last_year.model_copy(update={
        "value": 3600, "prorated_target": 4704 * 273 / 365, "expected_by_now": 3800.0, "pace": "prorata",
        "forecast": Forecast(value=4700.0, low=4600.0, high=4800.0),
        "season": Season(years=[2022, 2023], shares=[0.75, 0.78], share=0.765)})
    # pro rata: 3600 ≥ 4704 × 273 / 365 = 3518.3: on track; the profile: forecast 4700 < 4704: behind,
    # and the range 4600–4800 holds 4704: uncertain
    assert pace_views(paced) == ("on_track", "behind")
    assert forecast_uncertain(paced)
