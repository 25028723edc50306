"""Issue 18 item 1: a baseline read from an earlier year's file of figures measured by others
(``baselines: {NAME: {figure | numerator/denominator, year}}``) instead of typed by hand. The
arithmetic is written beside each figure."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from helpers import act, make_data, run, target, validate_command, write_contract

from hubmonitor.errors import DataError


def _share_contract(folder: Path, baseline: dict[str, object], **threshold: float) -> Path:
    rate = target("T.rate", "external", {"baseline": "green_2023", **threshold}, figure="green.awareness")
    return write_contract(folder, [rate], baselines={"green_2023": baseline})  # type: ignore[dict-item]


def _two_files(folder: Path, before: str, now: str) -> Path:
    """external-2023.yaml (the baseline's year) and external-2024.yaml (the contract's)."""
    make_data(folder, external=before, external_year=2023)
    return make_data(folder, external=now)


def test_a_figure_read_from_2023_plus_a_change(here: Path) -> None:
    path = _share_contract(here, {"figure": "green.awareness", "year": 2023}, change=0.10)
    assert validate_command("contract.yaml")[0] == 0
    data = _two_files(here / "data", "green: {awareness: 0.60}\n", "green:\n  census: true\n  awareness: 0.72\n")
    rate = run(path, data).target("T.rate")
    # the 2023 file's 0.60 + 0.10 = 0.70; 2024: 0.72 >= 0.70 met
    assert (rate.value, rate.target, rate.status) == (0.72, 0.7, "met")
    assert rate.goal.model_dump() == {"comparison": ">=", "value": 0.7, "basis": "baseline", "baseline": "green_2023",
                                      "base": 0.6, "change": 0.1, "relative": None, "year": 2023,
                                      "file": "external-2023.yaml"}
    # in the figure's unit: 60 % plus 10 percentage points (a review: "(0,6) plus 0,1" beside "70,0 %")
    assert rate.explanation.endswith("; målet er basislinjen green_2023 (60 %) plus 10 procentpoint (læst fra "
                                     "external-2023.yaml).")
    assert rate.explanation_en.endswith(
        "; the target is the baseline green_2023 (60 %) plus 10 percentage points (read from external-2023.yaml).")


def test_a_part_of_a_whole_read_from_2023_times_a_relative_change(here: Path) -> None:
    path = _share_contract(here, {"numerator": "awareness.aware", "denominator": "awareness.asked", "year": 2023},
                           relative=0.15)
    data = _two_files(here / "data", "awareness: {aware: 45, asked: 100}\n",
                      "green:\n  census: true\n  awareness: 0.51\n")
    rate = run(path, data).target("T.rate")
    # 45 / 100 = 0.45; × 1.15 = 0.5175; 2024: 0.51 < 0.5175 not met
    assert (rate.goal.base, rate.target, rate.status) == (0.45, 0.5175, "not_met")


def test_a_count_read_from_2023_and_paced_during_the_year(here: Path) -> None:
    reach = target("T.reach", "distinct_companies", {"baseline": "visits_2023", "relative": 0.15})
    path = write_contract(here, [reach], baselines={"visits_2023": {"figure": "visits.count",  # type: ignore[dict-item]
                                                                     "year": 2023}})
    data = make_data(here / "data", activities=[act(f"A{i}", "2024-03-01", f"C{i}") for i in range(1, 117)],
                     external="visits: {count: 100}\n", external_year=2023)
    whole = run(path, data).target("T.reach")
    # 100 × 1.15 = 115; 116 companies >= 115: met
    assert (whole.value, whole.target, whole.status) == (116, 115.0, "met")
    paced = run(path, data, as_of=date(2024, 6, 30)).target("T.reach")
    # by 30 June 182 of 366 days: 115 × 182 / 366 = 57.19; 116 ahead: on track
    assert (paced.status, paced.pace) == ("on_track", "prorata")
    assert paced.prorated_target is not None and round(paced.prorated_target, 2) == 57.19


def test_no_file_for_the_year_is_insufficient_data_with_the_reason(here: Path) -> None:
    path = _share_contract(here, {"figure": "green.awareness", "year": 2023}, change=0.10)
    rate = run(path, make_data(here / "data", external="green: {awareness: 0.72}\n")).target("T.rate")
    # this year's value is shown, not judged
    assert (rate.value, rate.target, rate.status) == (0.72, None, "insufficient_data")
    assert rate.reason == "basislinjen green_2023 læses fra external-2023.yaml, som ikke er i datamappen"
    assert rate.reason_en == "the baseline green_2023 is read from external-2023.yaml, which is not in the data folder"


def test_no_figure_in_the_file_is_insufficient_data_with_the_reason(here: Path) -> None:
    path = _share_contract(here, {"figure": "green.awareness", "year": 2023}, change=0.10)
    data = _two_files(here / "data", "green: {other: 0.5}\n", "green: {awareness: 0.72}\n")
    rate = run(path, data).target("T.rate")
    assert rate.status == "insufficient_data"
    assert rate.reason_en == "the baseline green_2023: green.awareness is missing from external-2023.yaml"


def test_a_goal_outside_a_share_is_refused_at_the_figures_line(here: Path) -> None:
    path = _share_contract(here, {"figure": "green.awareness", "year": 2023}, change=0.10)
    data = _two_files(here / "data", "# 2023\ngreen:\n  awareness: 0.95\n", "green: {awareness: 0.72}\n")
    with pytest.raises(DataError) as caught:
        run(path, data)
    # 0.95 + 0.10 = 1.05 > 1: the file and the line of the figure are named
    message = str(caught.value)
    assert "external-2023.yaml" in message and "linje 3 green.awareness" in message
    assert "basislinjen green_2023 plus change 0.1 skal være mellem 0 og 1 (en andel), ikke 1.05" in message


def test_the_year_must_be_before_the_contracts(here: Path) -> None:
    _share_contract(here, {"figure": "green.awareness", "year": 2024}, change=0.10)
    code, stdout, stderr = validate_command("contract.yaml")
    line = (here / "contract.yaml").read_text(encoding="utf-8").splitlines().index("    year: 2024") + 1
    assert code == 1
    assert (f"contract.yaml:{line} baselines.green_2023.year: basislinjen green_2023 skal læses fra et tidligere år "
            "end kontraktens 2024") in stdout + stderr


def test_a_figure_or_a_pair_not_both_nor_half(here: Path) -> None:
    for baseline in ({"year": 2023}, {"figure": "a.b", "numerator": "a.c", "denominator": "a.d", "year": 2023},
                     {"numerator": "a.c", "year": 2023}):
        _share_contract(here, baseline, change=0.10)
        code, stdout, stderr = validate_command("contract.yaml")
        assert code == 1 and "angiv enten figure eller både numerator og denominator" in stdout + stderr, baseline
