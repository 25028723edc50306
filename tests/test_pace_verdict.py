"""One pace verdict (issue 17, item 2): where the hub's own seasonal profile exists, a counting target is
on track during the year only when the profile's year-end forecast reaches the target too, and the card
and the terminal say in words how pro rata and the profile each see it.

Every expected figure is computed by hand in the comments.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from helpers import act, make_data, run, target, write_contract

from hubmonitor.engine.pace import seasonal_view, verdict
from hubmonitor.goal import fixed
from hubmonitor.render import terminal
from hubmonitor.render.format import expected_now, forecast_uncertain, pace_parts, pace_views
from hubmonitor.render.html.report_page import card
from hubmonitor.report import Forecast, Report, TargetResult

# --- the rule ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("rule", "prorata", "seasonal", "decided"), [
    # no profile: pro rata alone (a seasonal rule has already fallen back to pro rata)
    ("prorata", "on_track", None, ("prorata", "on_track")),
    ("prorata", "behind", None, ("prorata", "behind")),
    # pace: prorata with a profile: on track only when both are
    ("prorata", "on_track", "on_track", ("prorata", "on_track")),
    ("prorata", "on_track", "behind", ("seasonal", "behind")),  # the demo's Hovedstaden growth programmes
    ("prorata", "behind", "on_track", ("prorata", "behind")),
    ("prorata", "behind", "behind", ("prorata", "behind")),
    # pace: seasonal: the profile alone
    ("seasonal", "behind", "on_track", ("seasonal", "on_track")),
    ("seasonal", "on_track", "behind", ("seasonal", "behind")),
    # no value: no verdict, the rule stays
    ("seasonal", None, None, ("seasonal", None)),
])
def test_verdict_of_the_two_views(rule: str, prorata: str | None, seasonal: str | None,
                                  decided: tuple[str, str | None]) -> None:
    assert verdict(rule, prorata, seasonal) == decided  # type: ignore[arg-type]


def test_the_profile_sees_the_forecast_against_the_target() -> None:
    forecast = Forecast(value=799.6, low=792.7, high=811.4)
    assert seasonal_view(696, fixed(">=", 880), 766.0, forecast) == "behind"  # 799.6 < 880
    assert seasonal_view(696, fixed(">=", 790), 766.0, forecast) == "on_track"  # 799.6 >= 790
    assert seasonal_view(696, fixed("between", [780, 820]), [700.0, 760.0], forecast) == "on_track"
    # no forecast (an earlier year had reached nothing by the date): the value against the expectation
    assert seasonal_view(4, fixed(">=", 10), 3.75, None) == "on_track"
    assert seasonal_view(3, fixed(">=", 10), 3.75, None) == "behind"
    # '==': as pro rata, on track between the expectation by now and the full target
    assert seasonal_view(4, fixed("==", 10), 3.75, Forecast(value=10.7, low=8, high=16)) == "on_track"
    assert seasonal_view(None, fixed(">=", 10), 3.75, None) is None


# --- a hand-checked case: on track pro rata, behind the profile ----------------------------------------

HISTORY = [
    # 2022: four companies, three by 30 June -> share 3 / 4 = 0.75
    act("H1", "2022-02-01", "C1"), act("H2", "2022-03-01", "C2"), act("H3", "2022-05-01", "C3"),
    act("H4", "2022-11-01", "C4"),
    # 2023: four companies, two by 30 June -> share 2 / 4 = 0.5
    act("H5", "2023-01-10", "C1"), act("H6", "2023-04-01", "C2"), act("H7", "2023-08-01", "C3"),
    act("H8", "2023-09-01", "C4"),
]
THIS_YEAR = [  # 2024: five companies by 30 June (C7 on the day itself), one more after it
    act("A1", "2024-01-05", "C1"), act("A2", "2024-02-05", "C5"), act("A3", "2024-04-05", "C6"),
    act("A4", "2024-06-01", "C9"), act("A5", "2024-06-30", "C7"), act("A6", "2024-07-01", "C8"),
]


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Report:
    tmp = tmp_path_factory.mktemp("verdict")
    contract = write_contract(tmp, [target("T.reach", "distinct_companies", 10),
                                    target("T.easy", "distinct_companies", 6),
                                    target("T.seasonal", "distinct_companies", 10, pace="seasonal")])
    return run(contract, make_data(tmp / "data", activities=THIS_YEAR + HISTORY), as_of=date(2024, 6, 30))


def test_on_track_pro_rata_but_the_forecast_misses_is_behind(report: Report) -> None:
    reach = report.target("T.reach")
    assert reach.value == 5
    # pro rata: 10 × 182 / 366 = 4.973 <= 5: on track by pro rata
    assert reach.prorated_target == pytest.approx(4.972677595628415)
    # profile: mean of 0.75 and 0.5 = 0.625; expected 10 × 0.625 = 6.25 > 5
    assert reach.season is not None and (reach.season.shares, reach.season.share) == ([0.75, 0.5], 0.625)
    assert reach.expected_by_now == 6.25
    # forecast 5 / 0.625 = 8 < 10, from 5 / 0.75 = 6.67 to 5 / 0.5 = 10 (which holds the target)
    assert reach.forecast is not None
    assert (reach.forecast.value, reach.forecast.low, reach.forecast.high) == (8.0, pytest.approx(20 / 3), 10.0)
    # one verdict: behind, decided by the profile (the contract's rule is pro rata)
    assert (reach.status, reach.pace) == ("behind", "seasonal")
    assert pace_views(reach) == ("on_track", "behind") and forecast_uncertain(reach)
    assert expected_now(reach) == 6.25  # what the terminal's "nu" and the history chart show
    # the same target with the contract's rule seasonal: the same verdict
    assert (report.target("T.seasonal").status, report.target("T.seasonal").pace) == ("behind", "seasonal")


def test_both_views_on_track_is_on_track(report: Report) -> None:
    easy = report.target("T.easy")
    # pro rata 6 × 182 / 366 = 2.98 <= 5; forecast 8 (6.67-10) >= 6: the range does not hold the target
    assert (easy.status, easy.pace, easy.expected_by_now) == ("on_track", "prorata", 3.75)
    assert pace_views(easy) == ("on_track", "on_track") and not forecast_uncertain(easy)
    assert pace_parts(easy) == ["forholdsmæssigt: på sporet (5 ≥ 3,0)",
                                "sæsonprofil (2022, 2023): på sporet — forventet nu 3,8, prognose ultimo 8 (7–10) ≥ 6"]


def test_the_card_and_the_terminal_say_how_each_rule_sees_it(report: Report) -> None:
    reach = report.target("T.reach")
    # 6.25 to one decimal is 6,3 (a half away from zero, as Excel); 4.973 is 5,0; 6.67 is 7
    assert pace_parts(reach) == [
        "forholdsmæssigt: på sporet (5 ≥ 5,0)",
        "sæsonprofil (2022, 2023): bagud, usikker — forventet nu 6,3, prognose ultimo 8 (7–10) < 10; "
        "målet ligger inden for prognosens spænd",
        "samlet: bagud, da prognosen ikke når målet"]
    assert pace_parts(reach, "en") == [
        "pro rata: on track (5 ≥ 5.0)",
        "seasonal profile (2022, 2023): behind, uncertain — expected now 6.3, year-end forecast 8 (7–10) < 10; "
        "the target lies inside the forecast's range",
        "overall: behind, as the forecast does not reach the target"]
    html = card(reach, "da")
    assert 'class="badge status-behind"' in html and "på sporet</span>" not in html
    assert ('<p class="pace">forholdsmæssigt: på sporet (5 ≥ 5,0)<br>sæsonprofil (2022, 2023): bagud, usikker'
            in html)
    text = terminal.render(report)
    assert ("  ↘ T.reach: forholdsmæssigt: på sporet (5 ≥ 5,0) · sæsonprofil (2022, 2023): bagud, usikker — "
            "forventet nu 6,3, prognose ultimo 8 (7–10) < 10; målet ligger inden for prognosens spænd · "
            "samlet: bagud, da prognosen ikke når målet") in text.splitlines()


def test_never_on_track_beside_a_forecast_that_misses(report: Report) -> None:
    for t in report.targets:
        if t.status == "on_track" and t.forecast is not None:
            assert isinstance(t.target, int | float) and t.forecast.value >= t.target, t.id


def test_without_a_profile_pro_rata_stays_the_rule(tmp_path: Path) -> None:
    contract = write_contract(tmp_path, [target("T.reach", "distinct_companies", 10)])
    reach = run(contract, make_data(tmp_path / "data", activities=THIS_YEAR), as_of=date(2024, 6, 30)).target(
        "T.reach")
    assert (reach.status, reach.pace, reach.season, reach.forecast) == ("on_track", "prorata", None, None)
    assert pace_parts(reach) == ["forholdsmæssigt: på sporet (5 ≥ 5,0)"]  # 5 >= 4.97


def _variant(report: Report, **update: object) -> TargetResult:
    """The report's target with fields changed; a changed target changes its goal (what renderers ask)."""
    t = report.target("T.reach")
    if "target" in update:
        update["goal"] = t.goal.model_copy(update={"value": update["target"]})
    return t.model_copy(update=update)


def test_a_forecast_just_short_is_not_rounded_onto_the_target(report: Report) -> None:
    # 879.6 would show as 880 beside a target of 880: shown to one decimal; 879.96 to two
    near = _variant(report, value=696, target=880, prorated_target=658.19, expected_by_now=766.0,
                    forecast=Forecast(value=879.6, low=870.2, high=879.96), status="behind", pace="seasonal")
    assert pace_parts(near)[1] == ("sæsonprofil (2022, 2023): bagud — forventet nu 766, "
                                   "prognose ultimo 879,6 (870–879,96) < 880")
    # a pro-rated target of 696.04 is not shown as 696 beside a value of 696
    assert pace_parts(_variant(report, value=696, prorated_target=696.04, target=880))[0] == (
        "forholdsmæssigt: bagud (696 < 696,04)")


# --- the demo's case of the issue: Hovedstaden 2025, growth programmes, 30 September (conftest.py) -----------


def test_the_issue_case_is_behind_with_its_figures(hovedstaden_2025: Report) -> None:
    t = hovedstaden_2025.target("M8.growth_programmes")
    assert (t.value, t.target, t.elapsed_share) == (696, 880, 273 / 365)
    # pro rata: 880 × 273 / 365 = 658.19 <= 696: on track by pro rata (the old badge)
    assert t.prorated_target == pytest.approx(658.1917808219179)
    # the profile of 2021-2024: the mean share 0.87047; forecast 696 / 0.87047 = 799.57 < 880,
    # from 696 / 0.87802 (the largest share, 2022) = 792.69 to 696 / 0.85780 (the smallest, 2024) = 811.37
    assert t.season is not None and t.forecast is not None
    shares = t.season.shares
    assert t.season.years == [2021, 2022, 2023, 2024] and t.season.share == pytest.approx(sum(shares) / 4)
    assert t.forecast.value == pytest.approx(696 / t.season.share) == pytest.approx(799.566, abs=1e-3)
    assert (t.forecast.low, t.forecast.high) == (pytest.approx(696 / max(shares)), pytest.approx(696 / min(shares)))
    assert (round(t.forecast.low, 2), round(t.forecast.high, 2)) == (792.69, 811.37)
    assert t.expected_by_now == pytest.approx(880 * t.season.share) == pytest.approx(766.015, abs=1e-3)
    assert (t.status, t.pace) == ("behind", "seasonal")  # was on_track by pro rata before issue 17
    assert pace_parts(t) == [
        "forholdsmæssigt: på sporet (696 ≥ 658,2)",
        "sæsonprofil (2021, 2022, 2023, 2024): bagud — forventet nu 766,0, prognose ultimo 800 (793–811) < 880",
        "samlet: bagud, da prognosen ikke når målet"]


def test_without_a_forecast_the_profile_sees_the_expectation(tmp_path: Path) -> None:
    contract = write_contract(tmp_path, [target("T.reach", "distinct_companies", 10, pace="seasonal"),
                                         target("T.prorata", "distinct_companies", 10)])
    # 2023: 0 of 1 company by 30 June -> share 0, expected 10 × 0 = 0, no forecast (4 / 0)
    activities = [act("B1", "2024-01-05", "C1"), act("B2", "2024-02-05", "C5"), act("B3", "2024-04-05", "C6"),
                  act("B4", "2024-06-30", "C7"), act("H1", "2023-09-01", "C1")]
    report = run(contract, make_data(tmp_path / "data", activities=activities), as_of=date(2024, 6, 30))
    seasonal, prorata = report.target("T.reach"), report.target("T.prorata")
    assert (seasonal.forecast, seasonal.expected_by_now) == (None, 0.0)
    # 4 >= 0 by the profile; 4 < 10 × 182 / 366 = 4.97 pro rata: each target's own rule decides
    assert (seasonal.status, seasonal.pace) == ("on_track", "seasonal")
    assert (prorata.status, prorata.pace) == ("behind", "prorata")
    assert pace_parts(seasonal) == ["forholdsmæssigt: bagud (4 < 5,0)", "sæsonprofil (2023): på sporet (4 ≥ 0)",
                                    "samlet: på sporet efter målets regel (sæsonprofil)"]
    assert pace_parts(prorata, "en")[2] == "overall: behind by the target's rule (pro rata)"


def test_the_target_line_says_which_rule_its_expectation_is(hovedstaden_2025: Report) -> None:
    """The terminal's target line says by which rule its "forventet nu" is (a review, 7 December 2026,
    evening: "forventet nu 1.140,5" was pro rata on one line and the seasonal 2.252,5 on the next, under one
    label): the seasonal profile's 766,0 where it decided (Hovedstaden's growth programmes, above), pro
    rata's 658,2 where pro rata did."""
    text = terminal.render(hovedstaden_2025, "da")
    assert re.search(r"^M8\.growth_programmes .* 696 +≥ 880 \(forventet nu 766,0, sæsonprofil\) +↘ bagud$", text, re.M)
    prorata = hovedstaden_2025.model_copy(update={"targets": [
        t.model_copy(update={"pace": "prorata", "status": "on_track"}) if t.id == "M8.growth_programmes" else t
        for t in hovedstaden_2025.targets]})
    assert re.search(r"^M8\.growth_programmes .* 696 +≥ 880 \(expected now 658\.2, pro rata\) +↗ on track$",
                     terminal.render(prorata, "en"), re.M)
