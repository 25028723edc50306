"""Calibrating a draft target against the past years (issue 20): the mathematics and its words.

Every probability and range is checked against a figure computed by hand (the terms written out
in the comments) or against an exact binomial sum in fractions; the t quantiles against printed
tables and the closed forms of the t distribution with one and two degrees of freedom.
"""

from __future__ import annotations

import math
from fractions import Fraction
from itertools import pairwise, product
from math import atan, comb, pi, sqrt, tan
from statistics import NormalDist

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hubmonitor.engine import calibration
from hubmonitor.engine.calibration import (
    GRID,
    chance_at_least,
    chance_of_meeting,
    chance_of_meeting_exact,
    groups_chance,
    meeting_counts,
    meeting_runs,
    reachable_count,
    share_chance,
    share_levels,
    significance,
    t_cdf,
    t_quantile,
    trend,
    trend_chance,
    usual_answers,
)
from hubmonitor.engine.figure import judge
from hubmonitor.engine.uncertainty import wilson, wilson_interval
from hubmonitor.goal import Goal, fixed
from hubmonitor.render import calibration_text as words
from hubmonitor.render.calibration_text import chance_text

AT_LEAST_80 = fixed(">=", 0.8)


def naive_chance(n: int, p: Fraction, goal: Goal) -> Fraction:
    """The binomial sum as written, term by term, in fractions: the reference for the fast sum."""
    return sum((comb(n, k) * p**k * (1 - p) ** (n - k) for k in range(n + 1) if goal.met_by(k / n)), Fraction(0))


# --- which counts meet the goal: the engine's own rule -------------------------------------------------

def test_meeting_counts_follow_each_comparison() -> None:
    assert meeting_counts(10, fixed(">=", 0.8)) == [8, 9, 10]
    assert meeting_counts(10, fixed(">", 0.8)) == [9, 10]
    assert meeting_counts(10, fixed("<=", 0.2)) == [0, 1, 2]
    assert meeting_counts(10, fixed("<", 0.2)) == [0, 1]
    assert meeting_counts(10, fixed("between", [0.4, 0.6])) == [4, 5, 6]
    assert meeting_counts(10, fixed("==", 0.5)) == [5]
    assert meeting_counts(3, fixed("==", 0.5)) == []  # no count of 3 is half of them
    assert meeting_counts(10, fixed(">=", None)) == []  # an unresolved goal is met by nothing


def test_a_share_equal_to_the_threshold_meets_it_as_the_engine_says() -> None:
    # 7 of 10 is 0.7 exactly as the engine computes it (7 / 10 == 0.7): it meets '>= 0.7'.
    assert 7 / 10 == 0.7
    assert meeting_counts(10, fixed(">=", 0.7)) == [7, 8, 9, 10]
    # 0.07 × 100 is 7.000000000000001 in floating point, so counting from ceil(t · n) would wrongly
    # start at 8; asking the goal keeps 7 of 100 (7 / 100 == 0.07).
    assert 0.07 * 100 > 7
    assert meeting_counts(100, fixed(">=", 0.07))[0] == 7
    assert judge(7 / 100, fixed(">=", 0.07)).status == "met"


@settings(max_examples=200, deadline=None)
@given(n=st.integers(1, 3000), j=st.integers(0, 100), comparison=st.sampled_from([">=", ">", "<=", "<"]))
def test_whole_percent_thresholds_meet_as_exact_fractions_would(n: int, j: int, comparison: str) -> None:
    # For a threshold of whole percentage points the engine's float rule is the exact rule: k / n
    # and j / 100 differ by at least 1 / (100 n), far more than a float's rounding.
    exact = {">=": Fraction.__ge__, ">": Fraction.__gt__, "<=": Fraction.__le__, "<": Fraction.__lt__}[comparison]
    expected = [k for k in range(n + 1) if exact(Fraction(k, n), Fraction(j, 100))]
    assert meeting_counts(n, fixed(comparison, GRID[j])) == expected


def test_meeting_counts_need_an_answer() -> None:
    with pytest.raises(ValueError):
        meeting_counts(0, AT_LEAST_80)


# --- the chance of meeting a share's threshold next year -------------------------------------------------

def test_chance_of_meeting_by_hand() -> None:
    # n = 10, last year 8 of 10 (p = 4/5), goal ≥ 80 %: k = 8, 9, 10.
    # 45·(4/5)^8·(1/5)^2 + 10·(4/5)^9·(1/5) + (4/5)^10
    #   = (45·65,536 + 10·262,144 + 1,048,576) / 5^10 = 6,619,136 / 9,765,625 = 0.6777995264
    by_hand = 45 * Fraction(4, 5) ** 8 * Fraction(1, 5) ** 2 + 10 * Fraction(4, 5) ** 9 * Fraction(1, 5) \
        + Fraction(4, 5) ** 10
    assert by_hand == Fraction(6_619_136, 9_765_625)
    assert chance_of_meeting_exact(10, 8, 10, AT_LEAST_80) == by_hand
    assert chance_of_meeting(10, 8, 10, AT_LEAST_80) == 0.6777995264
    # Last year's share in other terms (4 of 5, 80 of 100) is the same p.
    assert chance_of_meeting_exact(10, 4, 5, AT_LEAST_80) == chance_of_meeting_exact(10, 80, 100, AT_LEAST_80) \
        == by_hand


def test_chance_for_greater_than_at_most_and_between_by_hand() -> None:
    # '> 80 %': k = 9, 10: (10·4^9 + 4^10) / 5^10 = (2,621,440 + 1,048,576) / 9,765,625 = 0.3758096384
    assert chance_of_meeting_exact(10, 8, 10, fixed(">", 0.8)) == Fraction(3_670_016, 9_765_625)
    # '≤ 20 %' with last year 2 of 10 (p = 1/5): k = 0, 1, 2: (4^10 + 10·4^9 + 45·4^8) / 5^10, the
    # mirror of the first figure.
    assert chance_of_meeting_exact(10, 2, 10, fixed("<=", 0.2)) == Fraction(6_619_136, 9_765_625)
    # '< 20 %': k = 0, 1: (4^10 + 10·4^9) / 5^10 = 3,670,016 / 9,765,625
    assert chance_of_meeting_exact(10, 2, 10, fixed("<", 0.2)) == Fraction(3_670_016, 9_765_625)
    # 'between 40 % and 60 %' at p = 1/2: (comb(10,4) + comb(10,5) + comb(10,6)) / 2^10 = 672 / 1,024
    assert chance_of_meeting_exact(10, 5, 10, fixed("between", [0.4, 0.6])) == Fraction(21, 32)


def test_a_count_equal_to_the_threshold_is_counted_by_hand() -> None:
    # '≥ 70 %' at p = 7/10, n = 10: k = 7 (exactly 0.7) to 10, as 7^k · 3^(10−k) · comb / 10^10:
    # 120·823,543·27 + 45·5,764,801·9 + 10·40,353,607·3 + 282,475,249
    #   = 2,668,279,320 + 2,334,744,405 + 1,210,608,210 + 282,475,249 = 6,496,107,184
    assert chance_of_meeting_exact(10, 7, 10, fixed(">=", 0.7)) == Fraction(6_496_107_184, 10**10)


def test_chance_at_a_share_of_zero_or_one() -> None:
    # p = 0: every answer fails, X = 0.
    assert chance_of_meeting_exact(25, 0, 20, AT_LEAST_80) == 0
    assert chance_of_meeting_exact(25, 0, 20, fixed("<=", 0.1)) == 1
    assert chance_of_meeting_exact(25, 0, 20, fixed(">=", 0.0)) == 1
    # p = 1: every answer succeeds, X = n.
    assert chance_of_meeting_exact(25, 20, 20, AT_LEAST_80) == 1
    assert chance_of_meeting_exact(25, 20, 20, fixed("<", 1.0)) == 0
    assert chance_of_meeting_exact(25, 20, 20, fixed("==", 1.0)) == 1
    for goal in (AT_LEAST_80, fixed("<=", 0.1), fixed("<", 1.0)):
        assert chance_of_meeting(25, 0, 20, goal) in (0.0, 1.0)
        assert chance_of_meeting(25, 20, 20, goal) in (0.0, 1.0)


def test_a_goal_no_count_can_meet_has_no_chance() -> None:
    assert chance_of_meeting(3, 2, 4, fixed("==", 0.5)) == 0.0
    assert chance_of_meeting(30, 24, 30, fixed(">=", None)) == 0.0


def test_chance_refuses_impossible_counts() -> None:
    for n, s, m in ((0, 8, 10), (10, 8, 0), (10, 11, 10), (10, -1, 10)):
        with pytest.raises(ValueError):
            chance_of_meeting(n, s, m, AT_LEAST_80)


@settings(max_examples=150, deadline=None)
@given(n=st.integers(1, 40), m=st.integers(1, 60), data=st.data(),
       comparison=st.sampled_from([">=", ">", "<=", "<", "==", "between"]))
def test_the_fast_sum_is_the_binomial_sum_as_written(n: int, m: int, data: st.DataObject, comparison: str) -> None:
    s = data.draw(st.integers(0, m))
    j = data.draw(st.integers(0, 100))
    goal = fixed(comparison, [GRID[j], GRID[data.draw(st.integers(j, 100))]] if comparison == "between" else GRID[j])
    exact = chance_of_meeting_exact(n, s, m, goal)
    assert exact == naive_chance(n, Fraction(s, m), goal)
    shown = float(exact)
    if 0 < exact < 1 and shown in (0.0, 1.0):  # never rounded to a certainty it is not
        shown = 5e-324 if shown == 0.0 else math.nextafter(1.0, 0.0)
    assert chance_of_meeting(n, s, m, goal) == shown
    assert 0 <= exact <= 1


@settings(max_examples=100, deadline=None)
@given(n=st.integers(1, 300), m=st.integers(1, 500), data=st.data())
def test_chance_falls_as_the_threshold_rises_and_complements_add_to_one(n: int, m: int, data: st.DataObject) -> None:
    s = data.draw(st.integers(0, m))
    chances = [chance_of_meeting_exact(n, s, m, fixed(">=", t)) for t in GRID[::5]]
    assert all(a >= b for a, b in pairwise(chances))
    t = GRID[data.draw(st.integers(0, 100))]
    assert chance_of_meeting_exact(n, s, m, fixed(">=", t)) + chance_of_meeting_exact(n, s, m, fixed("<", t)) == 1


@pytest.mark.parametrize(("n", "s", "m"), [(212, 691, 832), (1000, 831, 1000), (3000, 1, 7), (500, 0, 10),
                                           (500, 10, 10), (2500, 499, 1000)])
def test_above_the_exact_limit_the_incomplete_beta_agrees(n: int, s: int, m: int,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    goals = [fixed(c, t) for c in (">=", ">", "<=", "<") for t in (0.0, 0.15, 0.5, 0.8, 0.83, 1.0)]
    goals.append(fixed("between", [0.45, 0.85]))
    exact = [chance_of_meeting(n, s, m, g) for g in goals]
    levels = [share_levels(n, s, m, c) for c in (">=", ">", "<=", "<")]
    monkeypatch.setattr(calibration, "EXACT_LIMIT", 0)
    assert [chance_of_meeting(n, s, m, g) for g in goals] == pytest.approx(exact, abs=1e-11)
    beta = [share_levels(n, s, m, c) for c in (">=", ">", "<=", "<")]
    assert [(b.reachable, b.ambitious) for b in beta] == [(e.reachable, e.ambitious) for e in levels]


def test_a_very_large_number_of_answers_is_quick_and_near_the_normal_approximation() -> None:
    # n = 100,000 above EXACT_LIMIT at p = 0.831, '≥ 83 %': P(X ≥ 83,000). Normal approximation with a
    # continuity correction: mean 83,100, sd √(100,000 · 0.831 · 0.169) = 118.51;
    # z = (82,999.5 − 83,100) / 118.51 = −0.8480, P = Φ(0.8480) = 0.8018.
    assert chance_of_meeting(100_000, 831, 1000, fixed(">=", 0.83)) == pytest.approx(0.8018, abs=1e-3)
    sd = sqrt(100_000 * 0.831 * 0.169)
    assert chance_of_meeting(100_000, 831, 1000, fixed(">=", 0.83)) == pytest.approx(
        NormalDist().cdf((83_100 - 82_999.5) / sd), abs=1e-3)


def test_usual_answers_is_the_median_rounded_half_up() -> None:
    assert usual_answers([212]) == 212
    assert usual_answers([250, 190, 212]) == 212
    assert usual_answers([200, 213]) == 207  # 206.5
    assert usual_answers([200, 212, 230, 251]) == 221
    with pytest.raises(ValueError):
        usual_answers([])


# --- groups: at least K of them -----------------------------------------------------------------------

def test_chance_of_groups_by_hand() -> None:
    # Two groups with 0.9 and 0.8: both 0.9 · 0.8 = 0.72; at least one 1 − 0.1 · 0.2 = 0.98.
    assert chance_at_least([0.9, 0.8], 2) == pytest.approx(0.72, abs=1e-15)
    assert chance_at_least([0.9, 0.8], 1) == pytest.approx(0.98, abs=1e-15)
    assert chance_at_least([0.9, 0.8], 0) == 1.0
    # Three groups with 0.5, 0.6, 0.7: all 0.21; exactly two .5·.6·.3 + .5·.4·.7 + .5·.6·.7 = .44,
    # so at least two .65; at least one 1 − .5·.4·.3 = .94.
    assert chance_at_least([0.5, 0.6, 0.7], 3) == pytest.approx(0.21, abs=1e-15)
    assert chance_at_least([0.5, 0.6, 0.7], 2) == pytest.approx(0.65, abs=1e-15)
    assert chance_at_least([0.5, 0.6, 0.7], 1) == pytest.approx(0.94, abs=1e-15)
    assert chance_at_least([], 0) == 1.0


@given(chances=st.lists(st.floats(0, 1), min_size=1, max_size=6), data=st.data())
def test_chance_of_groups_is_the_sum_over_every_outcome(chances: list[float], data: st.DataObject) -> None:
    needed = data.draw(st.integers(0, len(chances)))
    brute = 0.0
    for outcome in product((False, True), repeat=len(chances)):
        if sum(outcome) >= needed:
            weight = 1.0
            for met, p in zip(outcome, chances, strict=True):
                weight *= p if met else 1 - p
            brute += weight
    assert chance_at_least(chances, needed) == pytest.approx(brute, abs=1e-12)


def test_chance_of_groups_refuses_nonsense() -> None:
    for chances, needed in (([0.5], 2), ([0.5], -1), ([1.5], 1), ([-0.1], 0)):
        with pytest.raises(ValueError):
            chance_at_least(chances, needed)


def test_groups_chance_carries_each_groups_chance() -> None:
    # Two segments, each n = 10 at last year's 8 of 10, goal ≥ 80 %: 0.6777995264² both.
    one = share_chance(10, 8, 10, AT_LEAST_80)
    assert one.probability == 0.6777995264 and one.share_last == 0.8
    both = groups_chance([one, one])
    assert both.needed == 2
    assert both.probability == pytest.approx(float(Fraction(6_619_136, 9_765_625) ** 2), abs=1e-15)
    # At least one of the two: 1 − (1 − P)².
    assert groups_chance([one, one], 1).probability == pytest.approx(
        float(1 - (1 - Fraction(6_619_136, 9_765_625)) ** 2), abs=1e-15)


# --- the smallest difference n answers can show ---------------------------------------------------------

def test_smallest_significant_difference_at_100_answers_by_hand() -> None:
    # Wilson, z = 1.959964, z² = 3.841459, n = 100: bound = (p̂ + z²/200 ± z·√(p̂(1−p̂)/100 + z²/40,000))
    # / (1 + z²/100). Above 80 %: 87/100 → low = (0.87 + 0.019207 − 1.959964·√(0.001131 + 0.000096))
    # / 1.038415 = 0.7902 ≤ 0.8 (uncertain); 88/100 → low = 0.8019 > 0.8: significant at 88.
    # Below: 73/100 → high = 0.8073 ≥ 0.8; 72/100 → high = 0.7986 < 0.8: significant at 72.
    assert round(wilson(87, 100)[0], 4) == 0.7902 and round(wilson(88, 100)[0], 4) == 0.8019
    assert round(wilson(73, 100)[1], 4) == 0.8073 and round(wilson(72, 100)[1], 4) == 0.7986
    sig = significance(100, 0.8)
    assert (sig.above_k, sig.below_k) == (88, 72)
    assert sig.above == pytest.approx(0.08, abs=1e-15) and sig.below == pytest.approx(0.08, abs=1e-15)
    # The engine agrees: 88/100 against '≥ 80 %' is met and not uncertain; 87/100 is uncertain.
    for k, uncertain in ((88, False), (87, True), (73, True), (72, False)):
        assert judge(k / 100, AT_LEAST_80, interval=wilson_interval(k, 100)).uncertain is uncertain


def test_no_share_is_significantly_beyond_the_ends() -> None:
    top = significance(212, 1.0)
    assert top.above is None and top.above_k is None and top.below_k is not None
    bottom = significance(212, 0.0)
    assert bottom.below is None and bottom.below_k is None and bottom.above_k is not None
    with pytest.raises(ValueError):
        significance(100, 1.5)


@settings(max_examples=100, deadline=None)
@given(n=st.integers(1, 2000), j=st.integers(0, 100))
def test_every_count_between_the_two_is_uncertain(n: int, j: int) -> None:
    t = GRID[j]
    sig = significance(n, t)
    edge = fixed(">=", t)
    low_k = -1 if sig.below_k is None else sig.below_k
    high_k = n + 1 if sig.above_k is None else sig.above_k
    assert all(edge.straddled_by(*wilson(k, n)) for k in range(low_k + 1, min(high_k, n + 1)))
    for k in (sig.above_k, sig.below_k):
        if k is not None:
            assert not edge.straddled_by(*wilson(k, n))


# --- Student's t ---------------------------------------------------------------------------------------

# Printed t tables (e.g. NIST/SEMATECH e-Handbook 1.3.6.7.2), to 8 digits; t_{0.975,1} = tan(0.475π)
# and t_{0.975,2} = 0.95·√(2 / (1 − 0.95²)) in closed form.
T_TABLE = [(0.975, 1, 12.7062047), (0.975, 2, 4.30265273), (0.975, 3, 3.18244631), (0.975, 10, 2.22813885),
           (0.9, 2, 1.88561808), (0.8, 3, 0.97847231)]


@pytest.mark.parametrize(("p", "df", "t"), T_TABLE, ids=[f"{p}-{df}" for p, df, _ in T_TABLE])
def test_t_quantiles_match_the_tables(p: float, df: int, t: float) -> None:
    assert t_quantile(p, df) == pytest.approx(t, abs=5e-8)


@pytest.mark.parametrize("t", [-40.0, -3.0, -0.5, 0.0, 0.25, 1.0, 2.5, 12.7, 300.0])
def test_t_distribution_with_one_and_two_degrees_of_freedom_in_closed_form(t: float) -> None:
    assert t_cdf(t, 1) == pytest.approx(0.5 + atan(t) / pi, abs=1e-14)
    assert t_cdf(t, 2) == pytest.approx(0.5 + t / (2 * sqrt(2 + t * t)), abs=1e-14)
    # Three degrees of freedom: 1/2 + (t/√3 / (1 + t²/3) + atan(t/√3)) / π.
    u = t / sqrt(3)
    assert t_cdf(t, 3) == pytest.approx(0.5 + (u / (1 + u * u) + atan(u)) / pi, abs=1e-14)


@pytest.mark.parametrize("p", [0.6, 0.8, 0.9, 0.95, 0.975, 0.995, 0.9995])
def test_t_quantiles_invert_the_closed_forms(p: float) -> None:
    assert t_quantile(p, 1) == pytest.approx(tan(pi * (p - 0.5)), rel=1e-12)
    u = 2 * p - 1  # df = 2: t = u · √(2 / (1 − u²))
    assert t_quantile(p, 2) == pytest.approx(u * sqrt(2 / (1 - u * u)), rel=1e-12)
    assert t_quantile(1 - p, 4) == pytest.approx(-t_quantile(p, 4), rel=1e-12)


def test_t_quantile_tends_to_the_normal_and_refuses_nonsense() -> None:
    assert t_quantile(0.5, 7) == 0.0
    assert t_quantile(0.975, 10**7) == pytest.approx(NormalDist().inv_cdf(0.975), abs=1e-6)
    for p, df in ((0.0, 3), (1.0, 3), (0.5, 0), (0.9, -1)):
        with pytest.raises(ValueError):
            t_quantile(p, df)


# --- the trend of a count ---------------------------------------------------------------------------------

def test_trend_through_four_years_by_hand() -> None:
    # x̄ = 2022.5, ȳ = 13; x − x̄ = −1.5, −0.5, 0.5, 1.5; y − ȳ = −3, −1, 2, 2.
    # Sxx = 5, Sxy = 4.5 + 0.5 + 1 + 3 = 9: slope 1.8; intercept 13 − 1.8 · 2022.5 = −3627.5.
    # 2025: 13 + 1.8 · 2.5 = 17.5. Residuals −0.3, −0.1, 1.1, −0.7: SSE = 1.8, s² = 1.8 / 2 = 0.9.
    # se = √(0.9 · (1 + 1/4 + 2.5² / 5)) = √(0.9 · 2.5) = 1.5; t_{0.975,2} = 4.30265273:
    # 17.5 ± 6.45397910 = 11.04602090 – 23.95397910. One-sided 80 %: t_{0.8,2} = 0.6·√(2/0.64) = 3/(2√2):
    # 17.5 − 1.5 · 1.06066017 = 15.90900974.
    line = trend([(2024, 15), (2021, 10), (2023, 15), (2022, 12)], 2025)
    assert line is not None
    assert line.points == ((2021, 10.0), (2022, 12.0), (2023, 15.0), (2024, 15.0))
    assert (line.first_year, line.last_year) == (2021, 2024)
    assert line.slope == pytest.approx(1.8, abs=1e-12)
    assert line.intercept == pytest.approx(-3627.5, abs=1e-8)
    assert line.fitted == pytest.approx(17.5, abs=1e-12)
    assert line.residual_sd == pytest.approx(sqrt(0.9), abs=1e-12)
    assert line.standard_error == pytest.approx(1.5, abs=1e-12)
    assert line.t_two_sided == pytest.approx(4.30265273, abs=5e-9)
    assert (line.low, line.high) == pytest.approx((11.04602090, 23.95397910), abs=1e-7)
    assert line.t_one_sided == pytest.approx(3 / (2 * sqrt(2)), abs=1e-11)
    assert line.reach_low == pytest.approx(17.5 - 9 / (4 * sqrt(2)), abs=1e-10)  # 15.90900974
    assert line.reach_high == pytest.approx(17.5 + 9 / (4 * sqrt(2)), abs=1e-10)
    assert reachable_count(line, ">=") == line.reach_low
    assert reachable_count(line, "<") == line.reach_high
    assert reachable_count(line, "between") is None


def test_trend_through_three_years_by_hand() -> None:
    # x − x̄ = −1, 0, 1; y − ȳ = −20, 10, 10 (ȳ = 120): Sxx = 2, Sxy = 30, slope 15, 2025: 120 + 15·2 = 150.
    # Residuals −5, 10, −5: SSE = 150, one degree of freedom, s² = 150.
    # se = √(150 · (1 + 1/3 + 2² / 2)) = √500 = 22.36068; t_{0.975,1} = tan(0.475π) = 12.70620474:
    # 150 ± 284.11937526 – with three years the range is very wide.
    line = trend([(2022, 100), (2023, 130), (2024, 130)], 2025)
    assert line is not None
    assert (line.slope, line.fitted) == pytest.approx((15.0, 150.0), abs=1e-10)
    assert line.standard_error == pytest.approx(sqrt(500), abs=1e-10)
    assert line.t_two_sided == pytest.approx(tan(0.475 * pi), rel=1e-12)
    assert (line.low, line.high) == pytest.approx((150 - sqrt(500) * tan(0.475 * pi),
                                                   150 + sqrt(500) * tan(0.475 * pi)), abs=1e-8)
    # One-sided 80 %, one degree of freedom: t = tan(0.3π) = 1.37638192; 150 − 22.36068 · 1.37638192 = 119.22316
    assert line.reach_low == pytest.approx(150 - sqrt(500) * tan(0.3 * pi), abs=1e-9)


def test_two_years_give_a_line_without_a_range() -> None:
    line = trend([(2023, 4480), (2024, 5200)], 2025)
    assert line is not None
    assert (line.slope, line.fitted) == pytest.approx((720.0, 5920.0), abs=1e-9)
    assert line.low is line.high is line.reach_low is line.residual_sd is line.t_two_sided is None
    assert reachable_count(line, ">=") is None


def test_one_year_or_none_gives_no_trend() -> None:
    assert trend([(2024, 4480)], 2025) is None
    assert trend([], 2025) is None


def test_trend_refuses_nonsense() -> None:
    for points, level in (([(2023, 1), (2023, 2)], 0.95), ([(2023, 1), (2024, float("nan"))], 0.95),
                          ([(2023, 1), (2024, 2)], 1.0)):
        with pytest.raises(ValueError):
            trend(points, 2025, level)


# --- reachable and ambitious levels of a share ---------------------------------------------------------------

def test_share_levels_by_hand() -> None:
    # n = 10 at last year's 8 of 10: P(X ≥ 7) = (4^10 + 10·4^9 + 45·4^8 + 120·4^7) / 5^10 = 0.8791261184
    # ≥ 0.8, P(X ≥ 8) = 0.6777995264 ≥ 0.5, P(X ≥ 9) = 0.3758096384 < 0.5. So '≥ 70 %' is reachable,
    # '≥ 80 %' ambitious (and '≥ 71 %' needs 8 of 10: only 0.68).
    levels = share_levels(10, 8, 10)
    assert (levels.reachable, levels.ambitious) == (0.7, 0.8)
    assert levels.reachable_chance == 8_585_216 / 9_765_625 == 0.8791261184
    assert levels.ambitious_chance == 0.6777995264
    assert chance_of_meeting(10, 8, 10, fixed(">=", 0.71)) == 0.6777995264
    # '>': the same counts, so just under: '> 69 %' (7 of 10) and '> 79 %' (8 of 10).
    above = share_levels(10, 8, 10, ">")
    assert (above.reachable, above.ambitious) == (0.69, 0.79)
    assert (above.reachable_chance, above.ambitious_chance) == (0.8791261184, 0.6777995264)
    # Less is better, last year 2 of 10: the mirror image, '≤ 30 %' and '≤ 20 %'.
    less = share_levels(10, 2, 10, "<=")
    assert (less.reachable, less.ambitious) == (0.3, 0.2)
    assert (less.reachable_chance, less.ambitious_chance) == (0.8791261184, 0.6777995264)


def test_share_levels_at_the_edges() -> None:
    none = share_levels(5, 0, 10, ">")  # nothing ever succeeds: no '>' threshold is met
    assert none.reachable is none.ambitious is None and none.reachable_chance is None
    floor = share_levels(5, 0, 10, ">=")
    assert (floor.reachable, floor.reachable_chance, floor.ambitious) == (0.0, 1.0, 0.0)
    full = share_levels(5, 10, 10, ">=")
    assert (full.reachable, full.reachable_chance) == (1.0, 1.0)
    with pytest.raises(ValueError):
        share_levels(10, 8, 10, "between")


@settings(max_examples=80, deadline=None)
@given(n=st.integers(1, 120), m=st.integers(1, 200), data=st.data(),
       comparison=st.sampled_from([">=", ">", "<=", "<"]))
def test_share_levels_are_the_strictest_with_the_chance(n: int, m: int, data: st.DataObject, comparison: str) -> None:
    s = data.draw(st.integers(0, m))
    levels = share_levels(n, s, m, comparison)
    stricter = 1 if comparison in (">=", ">") else -1
    for t, chance, q in ((levels.reachable, levels.reachable_chance, Fraction(4, 5)),
                         (levels.ambitious, levels.ambitious_chance, Fraction(1, 2))):
        candidates = [u for u in GRID if chance_of_meeting_exact(n, s, m, fixed(comparison, u)) >= q]
        if t is None:
            assert candidates == []
            continue
        assert t == (max(candidates) if stricter == 1 else min(candidates))
        assert chance == float(chance_of_meeting_exact(n, s, m, fixed(comparison, t)))


# --- the words ------------------------------------------------------------------------------------------------

def test_chance_in_words_says_what_it_leaves_out() -> None:
    da, en = words.share_chance_text(share_chance(212, 691, 832, AT_LEAST_80))
    assert da.startswith("Chancen for at nå målet ≥ 80,0 % er ")
    assert "med 212 svar og sidste års andel 83,1 % (691 af 832)" in da
    assert "stikprøveusikkerhed" in da and "regner ikke med, at niveauet ændrer sig" in da
    assert "with 212 answers and last year's share of 83.1 % (691 of 832)" in en
    assert "sampling uncertainty" in en and "not a forecast" in en


def test_chances_are_never_rounded_to_a_certainty() -> None:
    assert [words.chance_text(p) for p in (0.0, 0.001, 0.6777995264, 0.999, 1.0)] == \
        ["0 %", "under 1 %", "68 %", "over 99 %", "100 %"]
    assert words.chance_text(0.999, "en") == "above 99 %"


def test_significance_in_words() -> None:
    da, en = words.significance_text(significance(100, 0.8))
    assert "mindst 8,0 procentpoint over målet 80,0 % (mindst 88 af 100 svar)" in da
    assert "(højst 72 af 100)" in da and "Wilson" in da
    assert "at least 8.0 percentage points above the target 80.0 % (at least 88 of 100 answers)" in en
    da, _ = words.significance_text(significance(4480, 1.0))
    assert da.startswith("Med 4.480 svar: ingen andel kan være signifikant over målet 100,0 %")


def test_groups_and_levels_in_words() -> None:
    one = share_chance(10, 8, 10, AT_LEAST_80)
    da, en = words.groups_chance_text(groups_chance([one, one]), ("segmenter", "segments"))
    assert da.startswith("Chancen for, at begge segmenter når målet, er 46 %, hvis de varierer uafhængigt")
    assert en.startswith("The chance that both segments meet the target is 46 %")
    da, _ = words.groups_chance_text(groups_chance([one, one, one], 2))
    assert "mindst to af de tre grupper" in da
    da, en = words.share_levels_text(share_levels(10, 8, 10))
    assert "målet ≥ 70,0 % nås med en chance på 88 % (realistisk: omkring 4 år af 5)" in da
    assert "målet ≥ 80,0 % nås med en chance på 68 % (ambitiøst: omkring hvert andet år)" in da
    assert "the target ≥ 70.0 % is met with a chance of 88 % (reachable: about 4 years of 5)" in en
    da, _ = words.share_levels_text(share_levels(5, 0, 10, ">"))
    assert "intet mål i hele procentpoint har en chance på mindst 80 %" in da


def test_trend_in_words() -> None:
    line = trend([(2021, 10), (2022, 12), (2023, 15), (2024, 15)], 2025)
    assert line is not None
    da, en = words.trend_text(line, "count")
    assert da.startswith("En ret linje gennem 2021–2024 (fire år) giver 17,5 i 2025, med et "
                         "95 %-forudsigelsesinterval fra 11,0 til 24,0; mindst 16 nås omkring 4 år af 5")  # 15,9: whole
    assert "Med fire punkter er intervallet bredt, og en ny indsats eller en ændret registrering kan bryde linjen" in da
    assert en.startswith("A straight line through 2021–2024 (four years) gives 17.5 in 2025")
    wide = trend([(2022, 100), (2023, 130), (2024, 130)], 2025)
    assert wide is not None
    assert "fra 0 til 434,1" in words.trend_text(wide, "count")[0]  # a count is never below 0
    shares = trend([(2022, 0.9), (2023, 0.95), (2024, 0.97)], 2025)
    assert shares is not None and shares.high is not None and shares.high > 1
    assert "til 100,0 %" in words.trend_text(shares, "share")[0]  # nor a share above 100 %
    two = trend([(2023, 4480), (2024, 5200)], 2025)
    assert two is not None
    da, en = words.trend_text(two, "count")
    assert da.startswith("En ret linje gennem de to år 2023 og 2024 giver 5.920 i 2025.")
    assert "intet interval" in da and "no range" in en
    assert words.no_trend_text([(2024, 4480)], "count") == (
        "Kun ét tidligere år (2024: 4.480): ingen tendens at beregne.",
        "Only one past year (2024: 4,480): no trend to compute.")


def test_every_method_is_named_with_its_limits() -> None:
    named = {"binomial": ("binomialfordelingen", "binomial distribution"),
             "groups": ("Poisson-binomialfordelingen", "Poisson binomial"),
             "wilson": ("Wilson", "Wilson"), "levels": ("80 %", "80 %"), "trend": ("Students t", "Student's t")}
    assert set(words.METHOD_TEXT) == set(named)
    for key, (da, en) in named.items():
        assert da in words.METHOD_TEXT[key][0] and en in words.METHOD_TEXT[key][1]
    assert "kun den tilfældige variation" in words.METHOD_TEXT["binomial"][0]
    assert "uafhængigt" in words.METHOD_TEXT["groups"][0]


def test_results_as_facts_sentences_and_notes() -> None:
    one = share_chance(10, 8, 10, AT_LEAST_80)
    # A share's trend, 78 %, 80 %, 83 %: slope 2.5 points a year, 2025: 80.33 + 5 = 85.3 %; residuals
    # 0.17, −0.33, 0.17 points: s = √(0.0000167) = 0.00408, se = s · √(1 + 1/3 + 2) = 0.00745;
    # 95 %: ± 12.7062 · 0.00745 = 75.9 % to 94.8 %; 80 % one-sided: − 1.37638 · 0.00745 = 84.3 %.
    shares = trend([(2022, 0.78), (2023, 0.80), (2024, 0.83)], 2025)
    assert shares is not None
    results = [one, groups_chance([one, one], 1), significance(100, 0.8), share_levels(10, 8, 10), shares]
    assert words.result_facts(results, "share") == [
        ("Chance for at nå ≥ 80,0 %", "68 %"), ("Antal svar (sædvanligt)", "10"), ("Sidste års andel", "80,0 %"),
        ("Chance for at mindst 1 af 2 når målet", "90 %"),  # 1 − (1 − 0.6778)² = 0.8962
        ("Mindste signifikante forskel", "+8,0 / −8,0 procentpoint (n = 100)"),
        ("Realistisk mål (chance ≥ 80 %)", "≥ 70,0 % (88 %)"), ("Ambitiøst mål (chance ≥ 50 %)", "≥ 80,0 % (68 %)"),
        ("Tendens 2025", "85,3 % (95 %: 75,9 % til 94,8 %)"), ("Realistisk niveau (4 år af 5)", "mindst 84,3 %"),
    ]
    line = trend([(2021, 10), (2022, 12), (2023, 15), (2024, 15)], 2025)
    assert line is not None
    assert words.result_facts([line], "count", "en") == [("Trend 2025", "17.5 (95 %: 11.0 to 24.0)"),
                                                          ("Reachable level (4 years of 5)", "at least 16")]
    # 19,1 and 15,9 as goals of a count: "højst 19", "mindst 16" (a review: "mindst 18,6" municipalities)
    assert words.result_facts([line], "count", comparison="<=")[1] == ("Realistisk niveau (4 år af 5)", "højst 19")
    assert words.result_facts([line], "score")[1] == ("Realistisk niveau (4 år af 5)", "mindst 15,9")  # not a count
    sentences = words.result_sentences(results, "share", "en")
    assert len(sentences) == len(results) and sentences[0].startswith("The chance of meeting the target ≥ 80.0 %")
    assert words.method_notes("da")[0] == words.METHOD_TEXT["binomial"][0]
    assert len(words.method_notes("en")) == len(words.METHOD_TEXT)
    assert words.threshold_text(fixed("between", [0.4, 0.6]), "share") == "40,0 % – 60,0 %"
    assert words.threshold_text(fixed(">=", None), "share") == "–"


def test_a_chance_that_is_not_certain_is_never_shown_as_certain() -> None:
    # '> 0' at last year's 37 of 44 with 44 answers: 1 − (7/44)^44 rounds to 1.0 as a float
    p = chance_of_meeting(44, 37, 44, fixed(">", 0))
    assert p < 1 and chance_text(p) == "over 99 %"
    assert chance_of_meeting(10, 10, 10, fixed(">=", 0.5)) == 1.0  # p = 1: certain indeed
    assert chance_of_meeting(10, 5, 10, fixed(">=", 0)) == 1.0  # every count meets '≥ 0'


def test_millions_of_answers_take_no_list_of_every_count() -> None:
    # 50 million respondents at 47 %: the meeting counts are one run, found by bisection
    assert meeting_runs(50_000_000, fixed(">=", 0.5)) == [(25_000_000, 50_000_000)]
    assert meeting_runs(50_000_000, fixed("between", [0.4, 0.6])) == [(20_000_000, 30_000_000)]
    assert meeting_runs(100, fixed("<", 0.07)) == [(0, 6)] and meeting_runs(100, fixed("==", 0.07)) == [(7, 7)]
    p = chance_of_meeting(50_000_000, 23_500_000, 50_000_000, fixed(">=", 0.5))
    assert 0 < p < 1e-100  # far below the threshold, yet not 'certainly not'


def test_years_exactly_on_a_line_have_no_range_and_no_chance_whatever_the_float_rounding() -> None:
    for values in ((10.6, 11.0, 11.4), (5.2, 5.4, 5.6), (1.1, 1.2, 1.3)):  # SSE 0.0 or ~1e-29 by rounding
        line = trend(list(zip((2022, 2023, 2024), values, strict=True)), 2026)
        assert line is not None and line.exact_fit and (line.low, line.high, line.standard_error) == (None, None, None)
        assert trend_chance(line, fixed(">=", 0)) is None
        assert "præcis på linjen" in words.trend_text(line, "pp")[0]
