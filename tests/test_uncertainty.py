"""Honest uncertainty: Wilson intervals for shares of answers, an interval for NPS, the uncertain
flag and the minimum number of answers (issue 7, part 4).

The Wilson figures are Newcombe's published worked examples; the NPS interval and the engine's
figures are computed by hand in the comments.
"""

from __future__ import annotations

import re
from math import sqrt
from pathlib import Path

import pytest
from helpers import ev, groups, make_data, problems, run, target, write_contract
from hypothesis import given
from hypothesis import strategies as st

from hubmonitor.engine.uncertainty import Z95, nps_interval, wilson
from hubmonitor.errors import DataError
from hubmonitor.io.dataset import load_dataset
from hubmonitor.report import Interval

# --- the Wilson interval --------------------------------------------------------------------------

# Newcombe RG (1998), "Two-sided confidence intervals for the single proportion: comparison of
# seven methods", Statistics in Medicine 17:857-872, Table I, method 3 (Wilson score, no
# continuity correction), to the 4 decimals printed there.
NEWCOMBE = [
    (81, 263, 0.2553, 0.3662),
    (15, 148, 0.0624, 0.1605),
    (0, 20, 0.0000, 0.1611),
    (1, 29, 0.0061, 0.1718),
]


@pytest.mark.parametrize(("x", "n", "low", "high"), NEWCOMBE, ids=[f"{x}/{n}" for x, n, _, _ in NEWCOMBE])
def test_wilson_matches_newcombes_worked_examples(x: int, n: int, low: float, high: float) -> None:
    got = wilson(x, n)
    assert (round(got[0], 4), round(got[1], 4)) == (low, high)


def test_z_is_the_two_sided_95_percent_normal_quantile() -> None:
    from statistics import NormalDist

    assert NormalDist().inv_cdf(0.975) == pytest.approx(Z95, abs=1e-15)


@given(n=st.integers(1, 5000), data=st.data())
def test_wilson_bounds_are_the_roots_of_the_score_equation(n: int, data: st.DataObject) -> None:
    # Exactly: the Wilson bounds are the p with (p̂ − p)² = z² p (1 − p) / n, and they hold p̂.
    x = data.draw(st.integers(0, n))
    low, high = wilson(x, n)
    p_hat = x / n
    assert 0 <= low <= p_hat <= high <= 1
    for p in (low, high):
        assert (p_hat - p) ** 2 == pytest.approx(Z95**2 * p * (1 - p) / n, abs=1e-12)
    if 0 < x < n:
        assert 0 < low < p_hat < high < 1


def test_wilson_is_symmetric_and_shrinks_with_n() -> None:
    low, high = wilson(3, 10)
    mirror = wilson(7, 10)
    assert (low, high) == pytest.approx((1 - mirror[1], 1 - mirror[0]), abs=1e-15)
    assert wilson(300, 1000)[1] - wilson(300, 1000)[0] < high - low


def test_wilson_refuses_impossible_counts() -> None:
    for x, n in ((1, 0), (-1, 10), (11, 10)):
        with pytest.raises(ValueError):
            wilson(x, n)


# --- the NPS interval ------------------------------------------------------------------------------

def test_nps_interval_by_hand() -> None:
    # 10 answers: 6 promoters, 3 passives, 1 detractor: NPS = 100 × (0.6 − 0.1) = 50.
    # var = (0.6 + 0.1 − 0.5²) / 10 = 0.045; half-width = 1.959964 × 100 × √0.045 = 41.5771
    low, high = nps_interval(6, 1, 10)
    half = Z95 * 100 * sqrt(0.045)
    assert half == pytest.approx(41.5771, abs=1e-4)
    assert (low, high) == pytest.approx((50 - half, 50 + half), abs=1e-12)


def test_nps_interval_is_clipped_to_the_scale() -> None:
    # 9 promoters, 1 detractor of 10: NPS 80, var = (1.0 − 0.64) / 10 = 0.036, half 37.19 -> 117 -> 100
    low, high = nps_interval(9, 1, 10)
    assert low == pytest.approx(80 - Z95 * 100 * sqrt(0.036))
    assert high == 100
    assert nps_interval(5, 0, 5) == (100, 100)  # everyone a promoter: no spread in the sample


@given(n=st.integers(1, 2000), data=st.data())
def test_nps_interval_holds_the_score(n: int, data: st.DataObject) -> None:
    promoters = data.draw(st.integers(0, n))
    detractors = data.draw(st.integers(0, n - promoters))
    low, high = nps_interval(promoters, detractors, n)
    assert -100 <= low <= 100 * (promoters - detractors) / n <= high <= 100


# --- the engine: shares of answers -----------------------------------------------------------------

def _answers(hits: int, misses: int, segment: str = "drift", start: int = 0) -> list[str]:
    return [ev(f"R{start + i}", segment=segment, effect="I høj grad" if i < hits else "Slet ikke",
               satisfaction="Meget tilfreds" if i < hits else "Tilfreds")
            for i in range(hits + misses)]


def _share(threshold: float, **extra: object) -> dict[str, object]:
    return target("T.effect", "share", threshold, answer="effect", success=["I høj grad"], **extra)


def test_share_carries_its_wilson_interval_and_the_uncertain_flag(tmp_path: Path) -> None:
    contract = write_contract(tmp_path, [_share(0.70), _share(0.50) | {"id": "T.clear"}])
    data = make_data(tmp_path / "data", evaluations=_answers(30, 10))
    report = run(contract, data)
    close, clear = report.target("T.effect"), report.target("T.clear")
    # 30 / 40 = 0.75; Wilson 0.5981 … 0.8581 holds 0.70 but not 0.50
    for t in (close, clear):
        assert (t.value, t.n, t.min_answers) == (0.75, 40, 30)
        assert t.interval is not None and t.interval.method == "wilson" and t.interval.level == 0.95
        assert (round(t.interval.low, 4), round(t.interval.high, 4)) == (0.5981, 0.8581)
        assert t.status == "met"
    assert close.uncertain is True  # met, but not significantly different from 0.70
    assert clear.uncertain is False


def test_not_met_and_uncertain_stays_not_met(tmp_path: Path) -> None:
    contract = write_contract(tmp_path, [_share(0.80)])
    data = make_data(tmp_path / "data", evaluations=_answers(30, 10))
    result = run(contract, data).target("T.effect")
    assert (result.status, result.uncertain) == ("not_met", True)  # 0.75 < 0.80 <= 0.8581


def test_fewer_answers_than_the_minimum_is_insufficient_data(tmp_path: Path) -> None:
    contract = write_contract(tmp_path, [_share(0.70), _share(0.70, min_answers=10) | {"id": "T.ten"}])
    data = make_data(tmp_path / "data", evaluations=_answers(28, 1))  # 29 answers: 28 / 29 = 0.966
    report = run(contract, data)
    default = report.target("T.effect")
    # the value is shown (it was measured) but not judged: 29 < 30 (the default)
    assert (default.value, default.n, default.status, default.uncertain) == (28 / 29, 29, "insufficient_data", False)
    assert default.reason == "kun 29 besvarelser; kontrakten kræver mindst 30 (min_answers)"
    assert default.reason_en == "only 29 answers; the contract requires at least 30 (min_answers)"
    assert default.interval is not None  # the interval is still there to show
    one = run(contract, make_data(tmp_path / "one", evaluations=_answers(1, 0))).target("T.effect")
    assert (one.reason, one.reason_en) == ("kun 1 besvarelse; kontrakten kræver mindst 30 (min_answers)",
                                           "only 1 answer; the contract requires at least 30 (min_answers)")
    ten = report.target("T.ten")
    assert (ten.status, ten.min_answers) == ("met", 10)


def test_exactly_the_minimum_is_judged(tmp_path: Path) -> None:
    contract = write_contract(tmp_path, [_share(0.70)])
    data = make_data(tmp_path / "data", evaluations=_answers(29, 1))  # 30 answers
    result = run(contract, data).target("T.effect")
    assert (result.n, result.status) == (30, "met")


def test_a_share_of_crm_activities_is_a_census_not_a_sample(tmp_path: Path) -> None:
    from helpers import act

    contract = write_contract(tmp_path, [target("T.growth", "share", 0.5, source="activities",
                                                answer="activity_type", success=["individuel"])])
    data = make_data(tmp_path / "data", activities=[act("A1", "2024-02-01", "C1"),
                                                    act("A2", "2024-02-02", "C2", kind="kollektiv")])
    result = run(contract, data).target("T.growth")
    # 1 of 2 activities: every activity is counted, so no interval and no minimum
    assert (result.value, result.status) == (0.5, "met")
    assert (result.interval, result.n, result.min_answers) == (None, None, None)


# --- per segment (M3.satisfaction) -----------------------------------------------------------------

def _satisfaction(tmp_path: Path, drift: tuple[int, int], vaekst: tuple[int, int]) -> tuple[object, dict[str, object]]:
    contract = write_contract(tmp_path, [target("T.sat", "share", 0.80, answer="satisfaction",
                                                success=["Meget tilfreds"], group_by="segment",
                                                groups=["drift", "vækst"])])
    rows = _answers(*drift, segment="drift") + _answers(*vaekst, segment="vækst", start=1000)
    result = run(contract, make_data(tmp_path / "data", evaluations=rows)).target("T.sat")
    return result, groups(result)


def test_each_segment_gets_its_interval_and_minimum(tmp_path: Path) -> None:
    result, by = _satisfaction(tmp_path, drift=(36, 4), vaekst=(9, 1))
    # drift 36 / 40 = 0.90, Wilson 0.7695 … 0.9604 holds 0.80: met, uncertain
    assert (by["drift"].status, by["drift"].uncertain) == ("met", True)
    assert by["drift"].interval is not None and round(by["drift"].interval.low, 4) == 0.7695
    # vækst 9 / 10: too few answers to judge
    assert (by["vækst"].value, by["vækst"].status) == (0.9, "insufficient_data")
    # every segment must meet it, and vækst cannot be judged: the target is undecided
    assert (result.status, result.value, result.uncertain) == ("insufficient_data", None, False)
    assert result.reason == ("for få besvarelser i segment vækst (10); kontrakten kræver mindst 30 pr. "
                             "segment (min_answers)")


def test_a_segment_that_clearly_misses_decides_even_if_another_is_too_small(tmp_path: Path) -> None:
    result, by = _satisfaction(tmp_path, drift=(20, 20), vaekst=(9, 1))
    # drift 20 / 40 = 0.50, Wilson 0.352 … 0.648: clearly below 0.80
    assert (by["drift"].status, by["drift"].uncertain) == ("not_met", False)
    assert (result.status, result.value, result.n, result.uncertain) == ("not_met", 0.5, 40, False)
    assert result.interval == by["drift"].interval  # the deciding group's


def test_not_met_is_uncertain_only_when_every_missing_segment_is(tmp_path: Path) -> None:
    # drift 30 / 40 = 0.75 (0.598 … 0.858, holds 0.80) and vækst 31 / 40 = 0.775 (0.625 … 0.877)
    result, by = _satisfaction(tmp_path / "a", drift=(30, 10), vaekst=(31, 9))
    assert [by[k].status for k in ("drift", "vækst")] == ["not_met", "not_met"]
    assert (result.status, result.uncertain, result.value) == ("not_met", True, 0.75)
    # drift clearly misses (0.50): the target clearly misses, though vækst is uncertain
    result, _ = _satisfaction(tmp_path / "b", drift=(20, 20), vaekst=(31, 9))
    assert (result.status, result.uncertain) == ("not_met", False)


def test_met_is_uncertain_when_any_segment_is(tmp_path: Path) -> None:
    # drift 39 / 40 (0.871 … 0.996: clear), vækst 36 / 40 (0.770 … 0.960: holds 0.80)
    result, by = _satisfaction(tmp_path, drift=(39, 1), vaekst=(36, 4))
    assert (by["drift"].uncertain, by["vækst"].uncertain) == (False, True)
    assert (result.status, result.uncertain) == ("met", True)


# --- NPS ------------------------------------------------------------------------------------------

def test_nps_carries_a_normal_interval(tmp_path: Path) -> None:
    contract = write_contract(tmp_path, [target("T.nps", "nps", 40)])
    # 40 answers: 24 promoters, 12 passives, 4 detractors -> NPS 50;
    # var = (0.6 + 0.1 − 0.25) / 40 = 0.01125, half-width = 1.96 × 100 × √0.01125 = 20.79
    scores = ["10"] * 24 + ["7"] * 12 + ["2"] * 4
    data = make_data(tmp_path / "data", evaluations=[ev(f"R{i}", nps=s) for i, s in enumerate(scores)])
    nps = run(contract, data).target("T.nps")
    half = Z95 * 100 * sqrt(0.01125)
    assert (nps.value, nps.n, nps.status) == (50, 40, "met")
    assert nps.interval is not None and nps.interval.method == "normal"
    assert (nps.interval.low, nps.interval.high) == pytest.approx((50 - half, 50 + half))
    assert nps.uncertain is True  # 40 lies in 29.2 … 70.8


def test_nps_below_the_minimum(tmp_path: Path) -> None:
    contract = write_contract(tmp_path, [target("T.nps", "nps", 40, min_answers=50)])
    data = make_data(tmp_path / "data", evaluations=[ev(f"R{i}", nps="10") for i in range(40)])
    nps = run(contract, data).target("T.nps")
    assert (nps.value, nps.status) == (100, "insufficient_data")
    assert nps.reason == "kun 40 besvarelser; kontrakten kræver mindst 50 (min_answers)"


# --- figures measured by others --------------------------------------------------------------------

def _external(tmp_path: Path, text: str, *targets: dict[str, object]) -> object:
    contract = write_contract(tmp_path, list(targets))
    return run(contract, make_data(tmp_path / "data", external=text))


def test_external_share_of_respondents_gets_a_wilson_interval(tmp_path: Path) -> None:
    report = _external(tmp_path, "awareness: {respondents: 263, aware: 81}\n",
                       target("T.aware", "external", 0.30, numerator="awareness.aware",
                              denominator="awareness.respondents"))
    aware = report.target("T.aware")  # type: ignore[attr-defined]
    # Newcombe's 81 / 263 again: 0.2553 … 0.3662, which holds 0.30
    assert (aware.n, aware.interval.method, aware.status, aware.uncertain) == (263, "wilson", "met", True)
    assert (round(aware.interval.low, 4), round(aware.interval.high, 4)) == (0.2553, 0.3662)


def test_external_interval_or_sample_size_as_given(tmp_path: Path) -> None:
    text = ("effect_study: {revenue_growth_pp: {value: 11.2, low: 8.5, high: 13.9}}\n"
            "survey: {share: {value: 0.55, n: 400}, small: {value: 0.9, n: 12}}\n")
    report = _external(
        tmp_path, text,
        target("T.growth", "external", 10, figure="effect_study.revenue_growth_pp", unit="pp"),
        target("T.share", "external", 0.5, figure="survey.share"),
        target("T.small", "external", 0.5, figure="survey.small"),
    )
    growth = report.target("T.growth")  # type: ignore[attr-defined]
    assert (growth.value, growth.status, growth.uncertain) == (11.2, "met", True)  # 10 in 8.5 … 13.9
    assert growth.interval == Interval(low=8.5, high=13.9, level=0.95, method="external")
    share = report.target("T.share")  # type: ignore[attr-defined]
    # 0.55 of 400 = 220 / 400: Wilson 0.5010 … 0.5980, above 0.5
    assert (share.n, share.interval.method, share.status, share.uncertain) == (400, "wilson", "met", False)
    assert round(share.interval.low, 4) == 0.5010
    small = report.target("T.small")  # type: ignore[attr-defined]
    assert (small.value, small.n, small.status) == (0.9, 12, "insufficient_data")


def test_external_figure_without_sample_has_no_interval(tmp_path: Path) -> None:
    report = _external(tmp_path, "effect_study: {revenue_growth_pp: 11.2}\n",
                       target("T.growth", "external", 10, figure="effect_study.revenue_growth_pp", unit="pp"))
    growth = report.target("T.growth")  # type: ignore[attr-defined]
    assert (growth.status, growth.interval, growth.n, growth.uncertain) == ("met", None, None, False)


@pytest.mark.parametrize("block", [
    "{value: 11.2, low: 8.5}",  # low without high
    "{value: 11.2, low: 12, high: 13}",  # value outside its interval
    "{value: 11.2}",  # neither interval nor sample size
    "{value: 0.5, n: 12.5}",  # a sample size is a whole number
    "{value: 11.2, low: 8.5, high: 13.9, level: 95}",
    "{value: 11.2, ci: [8.5, 13.9]}",
])
def test_bad_external_interval_is_a_data_error(tmp_path: Path, block: str) -> None:
    data = make_data(tmp_path / "data", external=f"effect_study:\n  revenue_growth_pp: {block}\n")
    with pytest.raises(DataError, match="revenue_growth_pp"):
        load_dataset(data)


# --- the contract keys ------------------------------------------------------------------------------

@pytest.mark.parametrize(("extra", "message"), [
    ({"kind": "distinct_companies", "threshold": 5, "min_answers": 20},
     r"min_answers: min_answers gælder kun tal der bygger på besvarelser \(share med source: evaluations, "
     r"nps, external\)"),
    ({"kind": "share", "threshold": 0.5, "answer": "effect", "success": ["I høj grad"], "min_answers": 0},
     r"min_answers: uden for tilladt interval: .*"),
    ({"kind": "share", "threshold": 0.5, "answer": "effect", "success": ["I høj grad"], "min_answers": "30"},
     r"min_answers: .*"),
])
def test_min_answers_is_checked(tmp_path: Path, extra: dict[str, object], message: str) -> None:
    spec = {"id": "T.x", "ref": "Test", "title": "x", "quote": "q", **extra}
    path = write_contract(tmp_path, [spec])
    texts = [p.text() for p in problems(path)]
    assert any(re.search(rf"contract\.yaml:\d+ targets\[0\]\.{message}$", t) for t in texts), texts

