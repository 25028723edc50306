"""During the year: is a counting target on course? Pro-rating, the hub's seasonal profile, a forecast.

A target that counts up over the year (distinct companies, dated milestones) evaluated as of a date
inside the year is judged against a share of its target:

- **prorata**: the elapsed share of the year, elapsed days including the as-of day over the days in
  the year (30 June 2024: 182 / 366);
- **seasonal**: the hub's own seasonal profile, the share of each earlier year's final value that
  had been reached by the same calendar date (29 February → 28 February in a common year), the
  plain mean over the earlier years. Without an earlier year it falls back to pro rata.

Wherever earlier years exist the profile is also given, with a forecast of the year-end value:
value so far / mean share, ranging from value / largest share to value / smallest share. The
earlier years' figures come from the same metric function on the earlier years' windows.

One verdict (issue 17): each rule gives its own view (``Goal.paced``, ``seasonal_view``); where the
profile exists, ``on_track`` needs the profile's view too, so a target is never on track beside a
forecast that misses it (``verdict``). Under ``pace: seasonal`` the profile's view alone decides.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Literal

from hubmonitor.contract.targets import TargetBase
from hubmonitor.days import short_date
from hubmonitor.engine.context import Context, Window
from hubmonitor.engine.figure import COURSES, METRICS, Figure, Text
from hubmonitor.goal import Goal
from hubmonitor.report import Forecast, ProgressPoint, Season, Status, is_number

ContextFor = Callable[[Window], Context]
Rule = Literal["prorata", "seasonal"]  # a target's pace rule, and the rule that decided its status


def elapsed_share(start: date, as_of: date, end: date) -> float:
    """Elapsed days including the as-of day over the days from ``start`` to ``end`` inclusive."""
    return ((as_of - start).days + 1) / ((end - start).days + 1)


def same_day(day: date, year: int) -> date:
    """The same calendar date in ``year``; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=year)
    except ValueError:  # 29 February
        return date(year, 2, 28)


def seasonal_view(value: float | int | bool | None, goal: Goal, expected: Any,
                  predicted: Forecast | None) -> Status | None:
    """The seasonal profile's view: on_track when the year-end forecast (its point value) meets the
    target by the target's comparison; without a forecast (an earlier year had reached nothing by
    the date), or for '==', the value so far against the seasonal expectation by now, as pro rata
    does. For a positive mean share s the two agree: value ≥ target × s ⟺ value / s ≥ target."""
    if value is None or isinstance(value, bool):
        return None
    if predicted is not None and goal.comparison != "==":
        return "on_track" if goal.met_by(predicted.value) else "behind"
    return goal.paced(value, expected)


def verdict(rule: Rule, prorata: Status | None, seasonal: Status | None) -> tuple[Rule, Status | None]:
    """The one status and the rule that decided it, from the two views (``seasonal`` None: no
    profile). ``pace: seasonal`` → the profile's view. ``pace: prorata`` → on_track only when both
    views are; behind by pro rata first (the contract's rule), else by the profile."""
    if prorata is None or seasonal is None:  # no value, or no profile (``rule`` has fallen back to pro rata)
        return rule, prorata
    if rule == "seasonal":
        return "seasonal", seasonal
    if prorata == "behind" or seasonal == "on_track":
        return "prorata", prorata
    return "seasonal", seasonal


def _number(value: Any) -> float | None:
    return float(value) if is_number(value) else None


def _value(target: TargetBase, ctx: Context) -> float | None:
    """The target's metric in ``ctx``, as a number (None when it has none)."""
    return _number(METRICS[type(target)](target, ctx).value)


def _finals(target: TargetBase, years: Sequence[int], context_for: ContextFor) -> dict[int, float]:
    """Each earlier year's final value, for the years where it is a positive number (for a kind with
    a course function, its course at the year's last day: the same value, without cutting the year)."""
    finals: dict[int, float] = {}
    course = COURSES.get(type(target))
    for year in sorted(years):
        ctx, end = context_for(_whole(year)), date(year, 12, 31)
        final = course(target, ctx, [end])[end] if course is not None else _value(target, ctx)
        if final is not None and final > 0:
            finals[year] = final
    return finals


def _reached(target: TargetBase, day: date, finals: dict[int, float], context_for: ContextFor) -> dict[int, float]:
    """Each earlier year's value by the same calendar date as ``day`` (nothing reached is 0). A kind
    with a course function (``figure.COURSES``) reads it off the whole year's rows, already cut for
    ``_finals``; the others compute the metric on the window up to that date."""
    course = COURSES.get(type(target))
    if course is not None:
        return {year: course(target, context_for(_whole(year)), [same_day(day, year)])[same_day(day, year)] or 0.0
                for year in finals}
    return {year: _value(target, context_for(Window(date(year, 1, 1), same_day(day, year)))) or 0.0
            for year in finals}


def _whole(year: int) -> Window:
    return Window(date(year, 1, 1), date(year, 12, 31))


def _season(finals: dict[int, float], reached: dict[int, float]) -> Season | None:
    """The share of each earlier year's final value reached by a date, and their plain mean."""
    if not finals:
        return None
    shares = [reached[year] / final for year, final in finals.items()]
    return Season(years=list(finals), shares=shares, share=sum(shares) / len(shares))


def month_ends(start: date, end: date) -> list[date]:
    """The last day of every month from ``start`` to ``end`` (``end`` itself when it ends a month)."""
    days: list[date] = []
    year, month = start.year, start.month
    while True:
        nxt = date(year + month // 12, month % 12 + 1, 1)
        last = nxt - timedelta(days=1)
        if last > end:
            return days
        days.append(last)
        year, month = nxt.year, nxt.month


@dataclass(frozen=True)
class Course:
    """What a counting target's course through the year needs: the target, its goal and the
    earlier years' final values and values by the as-of date, which ``assess`` has already computed."""

    target: TargetBase
    goal: Goal
    finals: dict[int, float]
    value: float | None  # the figure at the as-of date
    reached: dict[int, float]  # each earlier year's value by the as-of date's calendar date


def progress(courses: Sequence[Course], window: Window, year_end: date, context_for: ContextFor,
             make_context: ContextFor) -> dict[str, list[ProgressPoint]]:
    """The course of each counting target through the year, for the pace chart: at every month end
    and the as-of date, the value with the data up to that day (none after the as-of date), the
    pro-rated target, and the seasonal expectation from the earlier years' profile at that day.
    Every value is the metric's on a shorter window: for a kind with a course function
    (``figure.COURSES``: distinct companies) all the days of a year from one pass over a window
    already cut (``context_for``: the evaluation window, each earlier year whole; a course up to a
    day is the same on any window that starts with the year and holds the day); for the others
    the metric function itself, window by window.

    Those windows one at a time for all the targets, made by ``make_context`` and dropped after use
    (not cached): some 60 windows of a year each would otherwise stay in memory together."""
    days = sorted({*month_ends(window.start, year_end), window.end, year_end})
    values: dict[tuple[str, date], float | None] = {(c.target.id, window.end): c.value for c in courses}
    at_once = [c for c in courses if type(c.target) in COURSES]
    one_by_one = [c for c in courses if type(c.target) not in COURSES]
    before = [d for d in days if d < window.end]
    if at_once and before:
        ctx = context_for(window)
        for c in at_once:
            values.update(((c.target.id, d), v) for d, v in COURSES[type(c.target)](c.target, ctx, before).items())
    for day in before if one_by_one else []:
        ctx = make_context(Window(window.start, day))
        for c in one_by_one:
            values[c.target.id, day] = _value(c.target, ctx)
    # each earlier year's value by the same date; by the as-of date and by the year end they are known
    reached: dict[tuple[str, date], dict[int, float]] = {}
    for c in courses:
        reached[c.target.id, window.end] = c.reached
        reached[c.target.id, year_end] = dict(c.finals)
    between = [d for d in days if d not in (window.end, year_end)]
    for year in sorted({y for c in courses for y in c.finals}) if between else []:
        same = {day: same_day(day, year) for day in between}
        if any(year in c.finals for c in at_once):
            ctx = context_for(_whole(year))
            for c in (c for c in at_once if year in c.finals):
                got = COURSES[type(c.target)](c.target, ctx, sorted(set(same.values())))
                for day in between:
                    reached.setdefault((c.target.id, day), {})[year] = got[same[day]] or 0.0
        for day in between if any(year in c.finals for c in one_by_one) else []:
            ctx = make_context(Window(date(year, 1, 1), same[day]))
            for c in (c for c in one_by_one if year in c.finals):
                so_far = _value(c.target, ctx) or 0.0
                reached.setdefault((c.target.id, day), {})[year] = so_far
    out: dict[str, list[ProgressPoint]] = {}
    for c in courses:
        points = []
        for day in days:
            share = elapsed_share(window.start, day, year_end)
            season = _season(c.finals, reached.get((c.target.id, day), {}))
            points.append(ProgressPoint(
                date=day, elapsed_share=share, value=values.get((c.target.id, day)),
                prorated=c.goal.scaled(share), seasonal_share=season.share if season else None,
                seasonal=c.goal.scaled(season.share) if season else None))
        out[c.target.id] = points
    return out


def forecast(value: float, season: Season, cap: float | None) -> Forecast | None:
    """The year-end value: value / mean share, from value / largest share to value / smallest share;
    none when some earlier year had reached nothing by this date. A count out of a known total
    (municipalities) is not forecast above that total."""
    if min(season.shares) <= 0:
        return None

    def limit(x: float) -> float:
        return min(x, cap) if cap is not None else x

    return Forecast(value=limit(value / season.share), low=limit(value / max(season.shares)),
                    high=limit(value / min(season.shares)))


@dataclass(frozen=True)
class Pace:
    """What pace adds to a counting target's result during the year."""

    rule: Rule  # the rule that decided: prorata or seasonal (``verdict``)
    status: Status | None  # on_track / behind; None when the value is missing
    elapsed_share: float
    prorated_target: float | list[float]
    expected_by_now: float | list[float] | None
    season: Season | None
    forecast: Forecast | None
    note: Text | None
    course: Course  # for ``progress``, which takes every paced target at once


def assess(target: TargetBase, figure: Figure, goal: Goal, window: Window, year_end: date,
           earlier_years: Sequence[int], context_for: ContextFor,
           left_out: Mapping[int, tuple[date, date, int]] | None = None) -> Pace:
    """Pace for one counting target at ``window.end`` (a date before ``year_end``), against its
    resolved ``goal``. ``left_out``: earlier years whose data are a sliver (their first and last day and
    their days: ``evaluate.partial_years``), kept out of the seasonal profile: said in the note."""
    share = elapsed_share(window.start, window.end, year_end)
    prorated = goal.scaled(share)
    assert prorated is not None  # a counting target's goal is a number or a band
    finals = _finals(target, earlier_years, context_for)
    reached = _reached(target, window.end, finals, context_for)
    season = _season(finals, reached)
    expected = goal.scaled(season.share) if season is not None else None
    notes: list[Text] = []
    for year, (first, last, days) in sorted((left_out or {}).items()):
        notes.append((f"{year} indgår ikke i sæsonprofilen: den har data på kun {days} "
                      f"{'dag' if days == 1 else 'dage'} ({short_date(first, 'da')}–{short_date(last, 'da')}), "
                      "for få til at vise et års forløb",
                      f"{year} is left out of the seasonal profile: it has data on only {days} "
                      f"{'day' if days == 1 else 'days'} ({short_date(first, 'en')}–{short_date(last, 'en')}), too "
                      "few to show a year's course"))
    rule = target.pace_rule
    assert rule is not None  # set for every target that counts up, the only ones paced
    if rule == "seasonal" and season is None:
        rule = "prorata"
        notes.append(("ingen tidligere år med data for dette mål: vurderet forholdsmæssigt efter den forløbne "
                      "del af året", "no earlier year with data for this target: judged pro rata to the "
                      "elapsed share of the year"))
    value = _number(figure.value)
    predicted = None
    if season is not None and value is not None:
        predicted = forecast(value, season, _number(figure.denominator))
        if predicted is None:
            nil = [str(y) for y, s in zip(season.years, season.shares, strict=True) if s <= 0]
            notes.append((f"ingen prognose: i {', '.join(nil)} var intet nået på denne dato",
                          f"no forecast: in {', '.join(nil)} nothing had been reached by this date"))
    by_prorata = goal.paced(figure.value, prorated)
    by_season = seasonal_view(figure.value, goal, expected, predicted) if season is not None else None
    rule, status = verdict(rule, by_prorata, by_season)
    note = ("; ".join(da for da, _ in notes), "; ".join(en for _, en in notes)) if notes else None
    return Pace(rule=rule, status=status, elapsed_share=share, prorated_target=prorated, expected_by_now=expected,
                season=season, forecast=predicted, note=note, course=Course(target, goal, finals, value, reached))


__all__ = ["Course", "Pace", "assess", "elapsed_share", "forecast", "month_ends", "progress", "same_day",
           "seasonal_view", "verdict"]
