"""Calibrating a draft target against the hub's past years (issue 20): the mathematics, no data.

Before a KKR signs next year's contract, each proposed threshold is set beside what the hub reached
in its past years. For a share of answers:

- ``meeting_counts(n, goal)``: the numbers of answers k of n whose share k / n meets the goal, asked
  of the goal itself (``Goal.met_by``), so the float rule is the engine's own;
- ``chance_of_meeting(n, successes_last, n_last, goal)``: the chance that next year's share meets the
  goal when each of next year's n answers is a success with last year's share as its chance
  (X ~ Binomial(n, p)): exact in integers up to ``EXACT_LIMIT`` answers, the regularized incomplete
  beta function above; ``usual_answers(ns)``: the n to use, the median of the past years';
- ``chance_at_least(chances, needed)``: at least ``needed`` of independent groups meeting it
  (Poisson binomial);
- ``significance(n, threshold)``: the smallest difference from the threshold that n answers show as
  significant by the engine's rule (the 95 % Wilson interval does not hold the threshold);
- ``share_levels(n, successes_last, n_last, comparison)``: the strictest whole-percent thresholds
  met with a chance of at least 80 % (reachable) and 50 % (ambitious).

For a count (or any figure over the years): ``trend(points, year)``, the least-squares line through
the past years and the prediction interval of a new year on Student's t (``t_cdf``, ``t_quantile``:
pure Python); ``reachable_count`` reads its one-sided 80 % bound.

Results are frozen dataclasses of plain numbers; what each number means and does not mean, in
Danish and English, is ``render.calibration_text``. docs/decisions.md: the choices.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from fractions import Fraction
from math import exp, floor, gcd, inf, isfinite, lgamma, log, nextafter, sqrt
from statistics import median

from hubmonitor.engine.uncertainty import wilson
from hubmonitor.goal import Goal, fixed

# Up to this many answers the chance is summed exactly in integers; the work grows as n² (at last
# year's 691 of 832: n = 5,000 about 0.015 s, 20,000 about 0.2 s, share_levels four times that, on
# a loaded machine). Above it, the incomplete beta function (agreeing to about 1e-9 or better).
EXACT_LIMIT = 20_000
REACHABLE = Fraction(4, 5)  # a threshold met in about 4 years of 5
AMBITIOUS = Fraction(1, 2)  # a threshold met about every other year
# A residual sum of squares this small relative to the values' (Σ y²) is float rounding: the line
# runs through every point (10,6 11,0 11,4 gives 0.0 or 1e-29 by the order of the sums).
EXACT_FIT = 1e-24
# The thresholds ``share_levels`` proposes: whole percentage points, as contracts state shares.
GRID = tuple(j / 100 for j in range(101))
HIGHER = (">=", ">")  # more is better
LOWER = ("<=", "<")  # less is better


# --- a share of answers next year --------------------------------------------------------------------

def meeting_counts(n: int, goal: Goal) -> list[int]:
    """The numbers of answers k (0 ≤ k ≤ n) whose share k / n meets ``goal``, ascending.

    The goal is asked (``Goal.met_by``) with the very float the engine judges, numerator /
    denominator: a threshold of 0.07 is met by 7 of 100 answers, though 0.07 × 100 is
    7.000000000000001 in floating point. A goal without a value is met by none."""
    return [k for low, high in meeting_runs(n, goal) for k in range(low, high + 1)]


def _first_meeting(n: int, goal: Goal) -> int | None:
    """The smallest k whose k / n meets a goal that more answers meet once they meet it ('≥', '>'):
    bisection, asking the goal itself (no list of every k: n may be millions)."""
    if not goal.met_by(1.0):
        return None
    low, high = -1, n  # met_by(high / n) holds, met_by(low / n) does not (low = -1: none below 0)
    while high - low > 1:
        mid = (low + high) // 2
        low, high = (low, mid) if goal.met_by(mid / n) else (mid, high)
    return high


def meeting_runs(n: int, goal: Goal) -> list[tuple[int, int]]:
    """The counts k (0 ≤ k ≤ n) whose share k / n meets ``goal``, as runs of consecutive counts
    (low, high), found by asking the goal (``Goal.met_by``) at the edges only."""
    _check_answers(n)
    value, comparison = goal.value, goal.comparison
    if value is None or isinstance(value, bool):
        return []
    if comparison in HIGHER:
        first = _first_meeting(n, goal)
        return [] if first is None else [(first, n)]
    if comparison in LOWER:
        last = _last_meeting(n, goal)
        return [] if last is None else [(0, last)]
    if comparison == "between" and isinstance(value, list):
        low = _first_meeting(n, fixed(">=", value[0]))
        high = _last_meeting(n, fixed("<=", value[1]))
        return [(low, high)] if low is not None and high is not None and low <= high else []
    if isinstance(value, list):
        return []  # a band needs 'between'
    centre = round(float(value) * n)  # '==': only the counts next to value · n can hit it
    return [(k, k) for k in range(max(0, centre - 1), min(n, centre + 1) + 1) if goal.met_by(k / n)]


def _last_meeting(n: int, goal: Goal) -> int | None:
    """The largest k whose k / n meets a goal that fewer answers meet once they meet it ('≤', '<')."""
    if not goal.met_by(0.0):
        return None
    low, high = 0, n + 1  # met_by(low / n) holds, met_by(high / n) does not (high = n + 1: none above n)
    while high - low > 1:
        mid = (low + high) // 2
        low, high = (mid, high) if goal.met_by(mid / n) else (low, mid)
    return low


def usual_answers(ns: Sequence[int]) -> int:
    """The hub's usual number of answers: the median of the past years' numbers, rounded half up
    to a whole answer (200 and 213 answers: 206.5 → 207)."""
    if not ns:
        raise ValueError("usual_answers needs at least one year's number of answers")
    return floor(median(ns) + 0.5)


def chance_of_meeting_exact(n: int, successes_last: int, n_last: int, goal: Goal) -> Fraction:
    """``chance_of_meeting`` as an exact fraction, at any n (the work grows as n²): the sum over the
    meeting k of comb(n, k) · s^k · (m − s)^(n − k) / m^n, with s / m last year's share."""
    numerator, denominator = _exact_chance(n, successes_last, n_last, meeting_counts(n, goal))
    return Fraction(numerator, denominator)


def chance_of_meeting(n: int, successes_last: int, n_last: int, goal: Goal) -> float:
    """The chance that next year's share of ``n`` answers meets ``goal`` by the engine's rule, if
    each answer is a success with last year's share p = successes_last / n_last as its chance:
    P(X / n meets the goal) with X ~ Binomial(n, p).

    Only sampling variation: the level p is taken as fixed (no trend, no change of effort) and the
    number of answers as known (``usual_answers``). Up to ``EXACT_LIMIT`` answers the sum is exact in
    integers and rounded once to a float; above it, each run of meeting counts is a difference of
    binomial tails, P(X ≥ k) = I_p(k, n − k + 1) (the regularized incomplete beta function)."""
    runs = meeting_runs(n, goal)
    _check_last(successes_last, n_last)
    if n > EXACT_LIMIT:
        chance = _beta_chance(n, successes_last, n_last, runs)
    else:
        numerator, denominator = _exact_chance(n, successes_last, n_last,
                                               [k for low, high in runs for k in range(low, high + 1)])
        chance = numerator / denominator  # int / int: correctly rounded
    return _not_certain(chance, runs, n, successes_last, n_last)


def _not_certain(chance: float, runs: list[tuple[int, int]], n: int, s: int, m: int) -> float:
    """A chance that is neither 0 nor 1 kept so when its float rounds to one (1 − 0.159⁴⁴ is 1.0 as a
    float): every count has a chance when 0 < p < 1, so it is certain only when no count meets the
    goal or every count does. Then 'under 1 %' / 'over 99 %' is said, never '0 %' / '100 %'."""
    every = runs == [(0, n)]
    if 0 < s < m and runs and not every:
        return min(max(chance, 5e-324), nextafter(1.0, 0.0))
    return chance


@dataclass(frozen=True)
class ShareChance:
    """The chance of meeting ``goal`` with ``n`` answers next year at last year's share."""

    goal: Goal
    n: int
    successes_last: int
    n_last: int
    probability: float

    @property
    def share_last(self) -> float:
        return self.successes_last / self.n_last


def share_chance(n: int, successes_last: int, n_last: int, goal: Goal) -> ShareChance:
    """``chance_of_meeting`` with what it rests on, for the words (``render.calibration_text``)."""
    return ShareChance(goal, n, successes_last, n_last, chance_of_meeting(n, successes_last, n_last, goal))


# --- groups -------------------------------------------------------------------------------------------

def chance_at_least(chances: Sequence[float], needed: int) -> float:
    """The chance that at least ``needed`` of the groups meet the target, group i with chance
    ``chances[i]`` (every group: ``needed = len(chances)``; ``groups_needed: K``: K).

    Assumes the groups vary independently of one another: one group's good or bad year says
    nothing of another's. Where they move together (a change that lifts every segment) the chance
    of all meeting is higher than this, of at least one lower. The Poisson binomial distribution by
    dynamic programming: after each group, the chance of each number of groups met so far."""
    if not 0 <= needed <= len(chances):
        raise ValueError(f"needed must lie in 0..{len(chances)}, not {needed}")
    met = [1.0]  # met[j]: the chance that j of the groups so far meet
    for p in chances:
        if not 0 <= p <= 1:
            raise ValueError(f"a chance must lie in [0, 1], not {p}")
        met = [(met[j] * (1 - p) if j < len(met) else 0.0) + (met[j - 1] * p if j else 0.0)
               for j in range(len(met) + 1)]
    return min(1.0, max(0.0, sum(met[needed:])))


@dataclass(frozen=True)
class GroupsChance:
    """The chance that at least ``needed`` of the groups meet (each group's own ``ShareChance``)."""

    groups: tuple[ShareChance, ...]
    needed: int
    probability: float


def groups_chance(groups: Sequence[ShareChance], needed: int | None = None) -> GroupsChance:
    """``chance_at_least`` over the groups' chances; ``needed`` None: every group."""
    k = len(groups) if needed is None else needed
    return GroupsChance(tuple(groups), k, chance_at_least([g.probability for g in groups], k))


# --- the difference n answers can show -----------------------------------------------------------------

@dataclass(frozen=True)
class Significance:
    """With ``n`` answers: the smallest share above ``threshold`` (``above_k`` of n, ``above`` =
    above_k / n − threshold) and the largest below it (``below_k``, ``below`` = threshold − below_k /
    n) whose 95 % Wilson interval does not hold the threshold, so that the engine does not call them
    uncertain. None where no count of n qualifies (nothing is above a threshold of 100 %)."""

    n: int
    threshold: float
    above: float | None
    above_k: int | None
    below: float | None
    below_k: int | None


def significance(n: int, threshold: float) -> Significance:
    """The smallest difference from ``threshold`` that ``n`` answers can show as significant, on
    either side, by the engine's rule: a share is uncertain when its Wilson interval
    (``uncertainty.wilson``) holds the threshold (``Goal.straddled_by``, edges included). Above the
    threshold that leaves the lower bound above it, below it the upper bound below it. Each side is
    a walk outward from the threshold (about 2·√n steps)."""
    _check_answers(n)
    if not 0 <= threshold <= 1:
        raise ValueError(f"a share's threshold must lie in [0, 1], not {threshold}")
    edge = fixed(">=", threshold)  # straddled_by reads the threshold only, not the comparison
    centre = floor(threshold * n)  # k / n passes the threshold within one count of it
    above = next((k for k in range(max(0, centre - 1), n + 1) if k / n > threshold
                  and not edge.straddled_by(*wilson(k, n))), None)
    below = next((k for k in range(min(n, centre + 1), -1, -1) if k / n < threshold
                  and not edge.straddled_by(*wilson(k, n))), None)
    return Significance(n, threshold, None if above is None else above / n - threshold, above,
                        None if below is None else threshold - below / n, below)


# --- the thresholds a hub can reach ---------------------------------------------------------------------

@dataclass(frozen=True)
class ShareLevels:
    """The strictest whole-percent thresholds (``GRID``) under ``comparison`` whose chance of being
    met (``chance_of_meeting``) is at least 80 % (``reachable``) and at least 50 % (``ambitious``),
    with those chances; None where no threshold of the grid has the chance."""

    n: int
    successes_last: int
    n_last: int
    comparison: str
    reachable: float | None
    reachable_chance: float | None
    ambitious: float | None
    ambitious_chance: float | None

    @property
    def share_last(self) -> float:
        return self.successes_last / self.n_last


def share_levels(n: int, successes_last: int, n_last: int, comparison: str = ">=") -> ShareLevels:
    """The reachable (chance ≥ 80 %) and ambitious (chance ≥ 50 %) thresholds for a share of ``n``
    answers at last year's share: the highest such threshold where more is better ('>=', '>'), the
    lowest where less is better ('<=', '<'). The chance of a threshold only changes at a share k / n,
    so finer thresholds than whole points would suggest a precision the answers do not have.

    The quantile k of the binomial is found once; a threshold's chance reaches the level exactly
    when k / n meets it (more is better: the meeting counts are k0..n and P(X ≥ k0) ≥ q ⟺ k0 ≤ k),
    so each threshold of the grid is asked of its goal, not computed."""
    if comparison not in HIGHER + LOWER:
        raise ValueError(f"share levels need one of >=, >, <=, <, not {comparison!r}")
    _check_answers(n)
    _check_last(successes_last, n_last)
    reachable, reachable_chance = _level(n, successes_last, n_last, comparison, REACHABLE)
    ambitious, ambitious_chance = _level(n, successes_last, n_last, comparison, AMBITIOUS)
    return ShareLevels(n, successes_last, n_last, comparison, reachable, reachable_chance,
                       ambitious, ambitious_chance)


def _level(n: int, s: int, m: int, comparison: str, q: Fraction) -> tuple[float | None, float | None]:
    higher = comparison in HIGHER
    k = _quantile(n, s, m, q, higher)
    fitting = [t for t in GRID if fixed(comparison, t).met_by(k / n)]
    if not fitting:
        return None, None
    t = max(fitting) if higher else min(fitting)
    return t, chance_of_meeting(n, s, m, fixed(comparison, t))


def _quantile(n: int, s: int, m: int, q: Fraction, higher: bool) -> int:
    """More is better: the largest k with P(X ≥ k) ≥ q, summing the chances down from n; less is
    better: the smallest k with P(X ≤ k) ≥ q, summing up from 0. Either stops at k."""
    if n > EXACT_LIMIT:
        return _beta_quantile(n, s, m, q, higher)
    a, b = _reduced(s, m)
    bound = q.numerator * (a + b) ** n  # q · (a + b)^n, times q's denominator
    cumulative = 0
    for k, weight in _weights(n, a, b, down=higher):
        cumulative += weight
        if cumulative * q.denominator >= bound:
            return k
    raise AssertionError("the chances of 0..n add up to 1")  # pragma: no cover


def _exact_chance(n: int, s: int, m: int, meeting: list[int]) -> tuple[int, int]:
    """The chance of a meeting count as numerator / denominator, both integers: the sum of the
    meeting counts' weights, or the total less the others', from whichever end reaches the counts
    summed soonest (a goal of '≥ 80 %' at a share near 80 % sums about a fifth of the weights)."""
    _check_answers(n)
    _check_last(s, m)
    a, b = _reduced(s, m)
    total = (a + b) ** n
    wanted = set(meeting)
    others = [k for k in range(n + 1) if k not in wanted]
    ways = [(ks, down) for ks in (meeting, others) if ks for down in (False, True)]
    if not ways:  # pragma: no cover - there is always a count 0
        return 0, total
    counts, down = min(ways, key=lambda way: n - way[0][0] if way[1] else way[0][-1])
    summed, stop = set(counts), counts[0] if down else counts[-1]
    partial = 0
    for k, weight in _weights(n, a, b, down=down):
        if k in summed:
            partial += weight
        if k == stop:
            break
    return (partial if counts is meeting else total - partial), total


def _weights(n: int, a: int, b: int, down: bool = False) -> Iterator[tuple[int, int]]:
    """(k, comb(n, k) · a^k · b^(n − k)) for k = 0..n (``down``: k = n..0): the binomial chances of
    p = a / (a + b) times (a + b)^n. After ``step`` weights the next is the last times
    (n − step) · a / ((step + 1) · b) upward, (n − step) · b / ((step + 1) · a) downward: exact
    integer divisions, because comb(n, j + 1) · (j + 1) = comb(n, j) · (n − j)."""
    first, other = (a, b) if down else (b, a)  # the first weight is first^n
    ks = range(n, -1, -1) if down else range(n + 1)
    if first == 0 or other == 0:  # p = 0 or p = 1: one count holds the whole chance
        whole = ks[-1] if first == 0 else ks[0]
        yield from ((k, (a + b) ** n if k == whole else 0) for k in ks)
        return
    weight = first**n
    for step, k in enumerate(ks):
        yield k, weight
        weight = weight * ((n - step) * other) // ((step + 1) * first)


def _reduced(s: int, m: int) -> tuple[int, int]:
    """Last year's share s / m in lowest terms as (a, b): p = a / (a + b)."""
    g = gcd(s, m) or 1
    return s // g, (m - s) // g


def _upper_tail(n: int, s: int, m: int, k: int) -> float:
    """P(X ≥ k) = I_p(k, n − k + 1), X ~ Binomial(n, s / m)."""
    if k <= 0:
        return 1.0
    if k > n:
        return 0.0
    return _betai(k, n - k + 1, s / m, (m - s) / m)


def _beta_chance(n: int, s: int, m: int, runs: list[tuple[int, int]]) -> float:
    chance = sum(_upper_tail(n, s, m, low) - _upper_tail(n, s, m, high + 1) for low, high in runs)
    return min(1.0, max(0.0, chance))


def _beta_quantile(n: int, s: int, m: int, q: Fraction, higher: bool) -> int:
    """``_quantile`` by bisection on the tails: P(X ≥ k) falls as k grows."""
    if higher:  # the largest k in 0..n with P(X ≥ k) ≥ q (k = 0 always qualifies)
        low, high = 0, n + 1
        while high - low > 1:
            mid = (low + high) // 2
            low, high = (mid, high) if _upper_tail(n, s, m, mid) >= q else (low, mid)
        return low
    low, high = -1, n  # the smallest k in 0..n with P(X ≤ k) = 1 − P(X ≥ k + 1) ≥ q
    while high - low > 1:
        mid = (low + high) // 2
        low, high = (low, mid) if 1 - _upper_tail(n, s, m, mid + 1) >= q else (mid, high)
    return high


def _runs(ks: list[int]) -> list[tuple[int, int]]:
    """Ascending counts as runs of consecutive counts: [3, 4, 5, 9] → [(3, 5), (9, 9)]."""
    runs: list[tuple[int, int]] = []
    for k in ks:
        if runs and runs[-1][1] == k - 1:
            runs[-1] = (runs[-1][0], k)
        else:
            runs.append((k, k))
    return runs


def _check_answers(n: int) -> None:
    if n < 1:
        raise ValueError(f"a share needs at least one answer, not n = {n}")


def _check_last(s: int, m: int) -> None:
    if m < 1 or not 0 <= s <= m:
        raise ValueError(f"last year's share needs 0 <= successes <= answers and answers > 0, not {s}/{m}")


# --- Student's t, from the regularized incomplete beta function -----------------------------------------

_TINY = 1e-300
_EPS = 3e-16  # a little over the spacing of floats next to 1
_MAX_TERMS = 100_000


def _betacf(a: float, b: float, x: float) -> float:
    """The continued fraction of the incomplete beta function, by the modified Lentz method
    (Numerical Recipes, ``betacf``); it converges in O(√max(a, b)) terms for x < (a + 1) / (a + b + 2)."""
    qab, qap, qam = a + b, a + 1, a - 1
    c, d = 1.0, 1 - qab * x / qap
    d = 1 / (d if abs(d) > _TINY else _TINY)
    h = d
    for m in range(1, _MAX_TERMS + 1):
        m2 = 2 * m
        for aa in (m * (b - m) * x / ((qam + m2) * (a + m2)), -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))):
            d = 1 + aa * d
            d = 1 / (d if abs(d) > _TINY else _TINY)
            c = 1 + aa / c
            c = c if abs(c) > _TINY else _TINY
            h *= d * c
        if abs(d * c - 1) < _EPS:
            return h
    raise ArithmeticError(f"the incomplete beta function did not converge (a={a}, b={b}, x={x})")


def _betai(a: float, b: float, x: float, y: float) -> float:
    """The regularized incomplete beta function I_x(a, b) (Numerical Recipes, ``betai``); ``y`` is
    1 − x, given apart so that it keeps its precision when x is near 1."""
    if x <= 0:
        return 0.0
    if y <= 0:
        return 1.0
    front = exp(lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log(y))
    if x < (a + 1) / (a + b + 2):
        return front * _betacf(a, b, x) / a
    return 1 - front * _betacf(b, a, y) / b


def _t_upper(t: float, df: float) -> float:
    """P(T > t) for t ≥ 0: I_x(df / 2, 1 / 2) / 2 with x = df / (df + t²)."""
    if t == inf:
        return 0.0
    square = t * t
    return 0.5 * _betai(df / 2, 0.5, df / (df + square), square / (df + square))


def t_cdf(t: float, df: float) -> float:
    """Student's t distribution function P(T ≤ t) with ``df`` degrees of freedom (df > 0)."""
    if not df > 0:
        raise ValueError(f"degrees of freedom must be positive, not {df}")
    if t != t:
        raise ValueError("t is not a number")
    upper = _t_upper(abs(t), df)
    return 1 - upper if t >= 0 else upper


def t_quantile(p: float, df: float) -> float:
    """The t with P(T ≤ t) = p (0 < p < 1), by bisection on the upper tail until the bracket is
    narrower than 1e-12 (relative above 1): t_{0.975, 10} = 2.2281388519…"""
    if not 0 < p < 1:
        raise ValueError(f"a quantile needs 0 < p < 1, not {p}")
    if not df > 0:
        raise ValueError(f"degrees of freedom must be positive, not {df}")
    if p == 0.5:
        return 0.0
    if p < 0.5:
        return -t_quantile(1 - p, df)
    tail = 1 - p
    low, high = 0.0, 1.0
    while _t_upper(high, df) > tail:
        low, high = high, 2 * high
    while high - low > 1e-12 * max(1.0, low):
        mid = (low + high) / 2
        if mid in (low, high):
            break
        low, high = (mid, high) if _t_upper(mid, df) > tail else (low, mid)
    return (low + high) / 2


# --- the trend of a figure over the years ------------------------------------------------------------------

@dataclass(frozen=True)
class Trend:
    """The ordinary least-squares line through ``points`` (year, value) and what it gives for
    ``year``: ``fitted`` (the line's value), the two-sided ``level`` prediction interval of a new
    year's value (``low``, ``high``) and the one-sided 80 % bounds (``reach_low``, ``reach_high``:
    the line reaches past them in about 4 years of 5 if it holds). The intercept is the line's value
    at year 0. With two points the line runs through both and nothing is left to estimate the spread
    from: the residual spread, the t values and every bound are None."""

    points: tuple[tuple[int, float], ...]
    year: int
    slope: float
    intercept: float
    fitted: float
    level: float
    residual_sd: float | None  # s = √(SSE / (n − 2))
    standard_error: float | None  # s · √(1 + 1/n + (x0 − x̄)² / Sxx), of a new year's value
    t_two_sided: float | None  # t_{(1 + level) / 2, n − 2}
    t_one_sided: float | None  # t_{0.8, n − 2}
    low: float | None
    high: float | None
    reach_low: float | None
    reach_high: float | None
    exact_fit: bool = False  # three years or more on one straight line: no spread to go by, no range

    @property
    def first_year(self) -> int:
        return self.points[0][0]

    @property
    def last_year(self) -> int:
        return self.points[-1][0]


def trend(points: Sequence[tuple[int, float]], year: int, level: float = 0.95) -> Trend | None:
    """The least-squares line through the past years' values and its prediction for ``year``:
    ŷ ± t_{(1 + level)/2, n − 2} · s · √(1 + 1/n + (x0 − x̄)² / Sxx), s² = SSE / (n − 2).
    None with fewer than two years (no trend); two years give the line without a range."""
    if not 0 < level < 1:
        raise ValueError(f"a level must lie strictly between 0 and 1, not {level}")
    ordered = tuple(sorted((int(x), float(y)) for x, y in points))
    if len({x for x, _ in ordered}) != len(ordered):
        raise ValueError("a trend needs one value per year")
    if not all(isfinite(y) for _, y in ordered):
        raise ValueError("a trend needs finite values")
    if len(ordered) < 2:
        return None
    n = len(ordered)
    mean_x = sum(x for x, _ in ordered) / n
    mean_y = sum(y for _, y in ordered) / n
    sxx = sum((x - mean_x) ** 2 for x, _ in ordered)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in ordered) / sxx
    fitted = mean_y + slope * (year - mean_x)
    intercept = mean_y - slope * mean_x
    if n == 2:
        return Trend(ordered, year, slope, intercept, fitted, level, residual_sd=None, standard_error=None,
                     t_two_sided=None, t_one_sided=None, low=None, high=None, reach_low=None, reach_high=None)
    sse = sum((y - (mean_y + slope * (x - mean_x))) ** 2 for x, y in ordered)
    if sse <= EXACT_FIT * sum(y * y for _, y in ordered):  # on the line but for float rounding
        return Trend(ordered, year, slope, intercept, fitted, level, residual_sd=None, standard_error=None,
                     t_two_sided=None, t_one_sided=None, low=None, high=None, reach_low=None, reach_high=None,
                     exact_fit=True)
    s = sqrt(sse / (n - 2))
    se = s * sqrt(1 + 1 / n + (year - mean_x) ** 2 / sxx)
    t2, t1 = t_quantile((1 + level) / 2, n - 2), t_quantile(float(REACHABLE), n - 2)
    return Trend(ordered, year, slope, intercept, fitted, level, s, se, t2, t1,
                 fitted - t2 * se, fitted + t2 * se, fitted - t1 * se, fitted + t1 * se)


def reachable_count(line: Trend, comparison: str) -> float | None:
    """The level a count reaches in about 4 years of 5 if the line holds: the one-sided 80 % lower
    bound where more is better ('>=', '>'), the upper where less is better; None for '==' and
    'between', or without a range (two points)."""
    if comparison in HIGHER:
        return line.reach_low
    if comparison in LOWER:
        return line.reach_high
    return None


def trend_chance(line: Trend, goal: Goal) -> float | None:
    """The chance that next year's value meets ``goal`` if the line holds and the year falls about
    it as the past years did: the t distribution of the prediction (n − 2 degrees of freedom,
    centred on ``fitted``, scale ``standard_error``). None without a range (two points), for a line
    through every point exactly (no spread to go by), a yes/no goal or none."""
    target = goal.value
    se = line.standard_error
    if se is None or se <= 0 or target is None or isinstance(target, bool):
        return None
    df = len(line.points) - 2

    def below(x: float) -> float:  # P(value <= x)
        return t_cdf((x - line.fitted) / se, df)

    if isinstance(target, list):
        return max(0.0, below(target[1]) - below(target[0]))
    if goal.comparison in HIGHER:
        chance = 1 - below(float(target))
    elif goal.comparison in LOWER:
        chance = below(float(target))
    else:
        return None  # '==': a continuous value meets one number with no chance
    return min(max(chance, 5e-324), nextafter(1.0, 0.0))  # the t tails never reach 0 or 1


__all__ = [
    "AMBITIOUS", "EXACT_LIMIT", "GRID", "REACHABLE", "GroupsChance", "ShareChance", "ShareLevels",
    "Significance", "Trend", "chance_at_least", "chance_of_meeting", "chance_of_meeting_exact",
    "groups_chance", "meeting_counts", "reachable_count", "share_chance", "share_levels", "significance",
    "t_cdf", "t_quantile", "trend", "trend_chance", "usual_answers",
]
