"""Issue 18 item 1: a threshold relative to the contract's baseline, ``{baseline: NAME, relative: R}``
= baseline × (1 + R), resolved in one place (BaselineThreshold.resolve) for the engine and validate."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from helpers import act, make_data, run, target, validate_command, write_contract

from hubmonitor.contract.messages import Msg
from hubmonitor.contract.target_base import PreviousYearThreshold, check_threshold
from hubmonitor.io.results_json import dumps
from hubmonitor.render.html.site import build_site
from hubmonitor.render.terminal import render


def _share_contract(folder: Path, base: float, relative: float) -> Path:
    rate = target("T.rate", "external", {"baseline": "rate_2020", "relative": relative},
                  numerator="survey.agreed", denominator="survey.asked")
    return write_contract(folder, [rate], baselines={"rate_2020": base})


def _census(agreed: int) -> str:
    return f"survey:\n  census: true\n  asked: 100\n  agreed: {agreed}\n"


def test_baseline_060_relative_015_is_069_and_a_share_of_070_is_met(here: Path) -> None:
    path = _share_contract(here, 0.60, 0.15)
    assert validate_command("contract.yaml")[0] == 0
    rate = run(path, make_data(here / "data", external=_census(70))).target("T.rate")
    # 0.60 × (1 + 0.15) = 0.69; 70 / 100 = 0.70 >= 0.69: met (a census: no interval)
    assert (rate.value, rate.target, rate.status, rate.uncertain) == (0.7, 0.69, "met", False)
    assert rate.explanation.endswith("; målet er basislinjen rate_2020 (60 %) × 1,15 = 69 %.")
    assert rate.explanation_en.endswith("; the target is the baseline rate_2020 (60 %) × 1.15 = 69 %.")


def test_baseline_060_relative_015_and_a_share_of_068_is_not_met(here: Path) -> None:
    path = _share_contract(here, 0.60, 0.15)
    rate = run(path, make_data(here / "data", external=_census(68))).target("T.rate")
    # 68 / 100 = 0.68 < 0.69: not met
    assert (rate.value, rate.target, rate.status) == (0.68, 0.69, "not_met")


def test_baseline_095_relative_010_is_1045_refused_at_the_baseline_line(here: Path) -> None:
    path = _share_contract(here, 0.95, 0.10)
    line = path.read_text(encoding="utf-8").splitlines().index("  rate_2020: 0.95") + 1
    code, stdout, stderr = validate_command("contract.yaml")
    # 0.95 × 1.10 = 1.045 > 1: outside a share's range
    assert code == 1
    assert (f"contract.yaml:{line} baselines.rate_2020: basislinjen rate_2020 gange (1 + relative 0.1) skal være "
            "mellem 0 og 1 (en andel), ikke 1.045 (T.rate)") in stderr + stdout


def test_relative_of_minus_one_or_less_is_refused(here: Path) -> None:
    _share_contract(here, 0.60, -1)
    code, stdout, stderr = validate_command("contract.yaml")
    assert code == 1
    assert "relative skal være større end -1 (-100 %), ikke -1" in stderr + stdout


def test_both_change_and_relative_or_neither_is_refused(here: Path) -> None:
    for threshold in ({"baseline": "rate_2020", "change": 0.1, "relative": 0.1}, {"baseline": "rate_2020"}):
        rate = target("T.rate", "external", threshold, numerator="survey.agreed", denominator="survey.asked")
        write_contract(here, [rate], baselines={"rate_2020": 0.5})
        code, stdout, stderr = validate_command("contract.yaml")
        assert code == 1
        assert "angiv enten change eller relative ved baseline" in stderr + stdout


def _companies(folder: Path, n: int) -> Path:
    return make_data(folder, activities=[act(f"A{i}", "2024-03-01", f"C{i}") for i in range(1, n + 1)])


def test_a_count_of_5_percent_more_than_its_baseline(here: Path) -> None:
    reach = target("T.reach", "distinct_companies", {"baseline": "companies_2023", "relative": 0.05})
    path = write_contract(here, [reach], baselines={"companies_2023": 20})
    assert validate_command("contract.yaml")[0] == 0
    # 20 × 1.05 = 21 (21.000000000000004 before rounding to 10 places)
    met = run(path, _companies(here / "met", 21)).target("T.reach")
    assert (met.value, met.target, met.status) == (21, 21.0, "met")
    assert met.explanation.endswith("; målet er basislinjen companies_2023 (20) × 1,05 = 21.")
    short = run(path, _companies(here / "short", 20)).target("T.reach")
    assert (short.value, short.target, short.status) == (20, 21.0, "not_met")


def test_the_results_json_the_terminal_and_a_page_carry_the_resolved_target(here: Path) -> None:
    path = _share_contract(here, 0.60, 0.15)
    report = run(path, make_data(here / "data", external=_census(70)))
    row = next(t for t in json.loads(dumps(report))["targets"] if t["id"] == "T.rate")
    assert (row["target"], row["value"], row["status"]) == (0.69, 0.7, "met")
    assert "≥ 69,0 %" in render(report, "da")
    pages = build_site([report], lang="da", generated="2025-01-01", workbooks=False)
    html = b"".join(v for k, v in pages.items() if k.endswith(".html")).decode("utf-8")
    assert "≥ 69,0 %" in html and "× 1,15 = 69 %" in html


# --- {previous_year: …}: the same target's value the year before, computed from the data -------------

SHORT_2023 = (" Bemærk: aktiviteterne i 2023 begynder 1.3.2023 og slutter 1.3.2023; mangler der data, kan "
              "sammenligningen være skæv.", " Note: the activities of 2023 begin 1 Mar 2023 and end 1 Mar 2023; if "
              "data are missing, the comparison may be skewed.")


def _two_years(folder: Path, n_2023: int, n_2024: int) -> Path:
    return make_data(folder, activities=[act(f"A{i}", "2024-03-01", f"C{i}") for i in range(1, n_2024 + 1)],
                     activities_2023=[act(f"B{i}", "2023-03-01", f"C{i}") for i in range(1, n_2023 + 1)])


def _last_year(folder: Path, previous_year: dict[str, float], comparison: str = ">=") -> Path:
    reach = target("T.reach", "distinct_companies", {"previous_year": previous_year}, comparison=comparison)
    return write_contract(folder, [reach])


def test_previous_year_plus_5_percent_on_distinct_companies(here: Path) -> None:
    path = _last_year(here, {"relative": 0.05})
    assert validate_command("contract.yaml")[0] == 0
    # 2023: 20 companies; 20 × 1.05 = 21 (rounded to 10 places); 2024: 21 ≥ 21 met, 20 not met
    met = run(path, _two_years(here / "met", 20, 21)).target("T.reach")
    assert (met.value, met.target, met.status) == (21, 21.0, "met")
    # the goal carries how it was reached: last year's value and the relative change
    assert met.goal.model_dump() == {"comparison": ">=", "value": 21.0, "basis": "previous_year", "baseline": None,
                                     "base": 20.0, "change": None, "relative": 0.05, "year": 2023, "file": None}
    # (2023's rows are all of 1 March: the comparison year is said to be short, beside the figure)
    assert met.explanation.endswith("; målet er mindst sidste års værdi (2023) 20 + 5 % = 21." + SHORT_2023[0])
    assert met.explanation_en.endswith("; the target is at least last year's value (2023) 20 + 5 % = 21."
                                       + SHORT_2023[1])
    short = run(path, _two_years(here / "short", 20, 20)).target("T.reach")
    assert (short.value, short.target, short.status) == (20, 21.0, "not_met")


def test_more_than_last_year(here: Path) -> None:
    path = _last_year(here, {}, comparison=">")
    # 2023: 20; 2024: 21 > 20 met, 20 > 20 not met
    assert run(path, _two_years(here / "a", 20, 21)).target("T.reach").status == "met"
    same = run(path, _two_years(here / "b", 20, 20)).target("T.reach")
    assert (same.target, same.status) == (20, "not_met")
    assert same.explanation.endswith("; målet er mere end sidste års værdi (2023) 20." + SHORT_2023[0])


def test_previous_year_with_a_change_in_the_unit(here: Path) -> None:
    path = _last_year(here, {"change": 2})
    # 2023: 20 + 2 = 22; 2024: 21 < 22 not met
    reach = run(path, _two_years(here / "data", 20, 21)).target("T.reach")
    assert (reach.target, reach.status) == (22, "not_met")


def test_no_data_last_year_is_insufficient_data_with_the_reason(here: Path) -> None:
    path = _last_year(here, {"relative": 0.05})
    reach = run(path, _companies(here / "data", 21)).target("T.reach")
    # no 2023 rows at all: 2023 has no value (not 0), so this year's 21 is shown but not judged
    assert (reach.value, reach.target, reach.status) == (21, None, "insufficient_data")
    assert reach.reason_en == "no value for 2023 to compare with (previous_year)"
    assert (reach.goal.basis, reach.goal.year, reach.goal.base, reach.goal.value) == ("previous_year", 2023, None, None)


def test_no_external_figure_last_year_is_insufficient_data_with_the_reason(here: Path) -> None:
    rate = target("T.rate", "external", {"previous_year": {"change": 0.05}}, figure="audit.share")
    path = write_contract(here, [rate])
    reach = run(path, make_data(here / "data", external="audit: {share: 0.8}\n")).target("T.rate")
    assert (reach.value, reach.target, reach.status) == (0.8, None, "insufficient_data")
    assert reach.reason == "ingen værdi for 2023 at sammenligne med (previous_year)"
    assert reach.reason_en == "no value for 2023 to compare with (previous_year)"


def test_previous_year_results_json_terminal_and_page(here: Path) -> None:
    path = _last_year(here, {"relative": 0.05})
    report = run(path, _two_years(here / "data", 20, 21))
    row = next(t for t in json.loads(dumps(report))["targets"] if t["id"] == "T.reach")
    assert (row["target"], row["goal"]["base"], row["goal"]["year"], row["goal"]["value"]) == (21.0, 20, 2023, 21.0)
    assert "≥ 21 (2023: 20)" in render(report, "da")
    pages = build_site([report], lang="da", generated="2025-01-01", workbooks=False)
    html = b"".join(v for k, v in pages.items() if k.endswith(".html")).decode("utf-8")
    assert "≥ 21 (2023: 20)" in html


def test_previous_year_refuses_unknown_keys_and_both_changes(here: Path) -> None:
    write_contract(here, [target("T.reach", "distinct_companies", {"previous_year": {"relative": 0.1, "x": 1}})])
    code, stdout, stderr = validate_command("contract.yaml")
    assert code == 1 and "previous_year.x: ukendt nøgle" in stderr + stdout
    write_contract(here, [target("T.reach", "distinct_companies", {"previous_year": {"relative": 0.1, "change": 1}})])
    code, stdout, stderr = validate_command("contract.yaml")
    assert code == 1 and "angiv højst én af change og relative" in stderr + stdout


def test_during_the_year_last_years_whole_value_is_the_goal_and_paced(here: Path) -> None:
    path = _last_year(here, {"relative": 0.05})
    reach = run(path, _two_years(here / "data", 20, 21), as_of=date(2024, 6, 30)).target("T.reach")
    # the goal is 2023's whole year: 20 × 1.05 = 21; by 30 June 182 of 366 days: 21 × 182 / 366 = 10.44; 21 ahead
    assert (reach.target, reach.pace, reach.status) == (21.0, "prorata", "on_track")
    assert reach.prorated_target is not None and round(reach.prorated_target, 2) == 10.44
    assert reach.goal.base == 20


def test_previous_year_is_refused_on_a_milestone_done_and_an_allocation() -> None:
    last_year = PreviousYearThreshold.model_validate({"previous_year": {}})
    for unit in ("bool", "thousand_kr"):
        with pytest.raises(Msg, match="previous_year is only for targets whose value is a number"):
            check_threshold(unit, "==", last_year)
    check_threshold("count", ">", last_year)  # a count may


def test_during_the_year_without_last_years_value_is_insufficient_data_unpaced(here: Path) -> None:
    path = _last_year(here, {"relative": 0.05})
    reach = run(path, _companies(here / "data", 21), as_of=date(2024, 6, 30)).target("T.reach")
    # no 2023 rows: nothing to pro-rate; this year's 21 shown, not judged
    assert (reach.value, reach.target, reach.status, reach.pace) == (21, None, "insufficient_data", None)
    assert reach.reason_en == "no value for 2023 to compare with (previous_year)"


def test_a_shares_change_over_last_year_of_one_or_more_is_refused(here: Path) -> None:
    """Found by a review: change: 1 on a share (meant as 1 percentage point) made last year's 45 % a goal
    of 145 %, and validate said OK."""
    write_contract(here, [target("T.rate", "external", {"previous_year": {"change": 1}}, figure="audit.share")])
    code, stdout, stderr = validate_command("contract.yaml")
    assert code == 1
    assert ("threshold: previous_year: change lægges til en andel og skrives som en andel: 0.01 for 1 procentpoint, "
            "ikke 1") in stderr + stdout


def test_a_goal_from_last_year_outside_the_unit_is_not_judged(here: Path) -> None:
    # 2023: 0.8 + 0.3 = 1.1, more than a share can be: this year's 0.9 is shown, not judged
    rate = target("T.rate", "external", {"previous_year": {"change": 0.3}}, figure="audit.share")
    path = write_contract(here, [rate])
    data = make_data(here / "data", external="audit: {share: 0.9}\n")
    (data / "external-2023.yaml").write_text("audit: {share: 0.8}\n", encoding="utf-8")
    reach = run(path, data).target("T.rate")
    assert (reach.value, reach.target, reach.status) == (0.9, None, "insufficient_data")
    assert reach.reason == ("målet sidste års værdi giver skal være mellem 0 og 1 (en andel), ikke 1.1")
    assert reach.reason_en == ("the goal last year's value gives must be between 0 and 1 (a share), not 1.1")
