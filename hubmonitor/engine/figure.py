"""What a metric function returns, the registry of metric kinds, and the comparison rules."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from hubmonitor.contract.targets import TargetBase
from hubmonitor.engine.context import Context
from hubmonitor.goal import Goal
from hubmonitor.report import Exclusion, GroupResult, Interval, Status

Text = tuple[str, str]  # (Danish, English)


@dataclass
class Figure:
    """A computed figure before it is compared with its target."""

    value: float | int | bool | None
    explanation: Text
    numerator: int | None = None
    denominator: int | None = None
    exclusions: list[Exclusion] = field(default_factory=list)
    groups: list[GroupResult] = field(default_factory=list)
    status: Status | None = None  # set by metrics that decide status themselves (per group)
    reason: Text | None = None  # why the value is missing
    details: dict[str, Any] = field(default_factory=dict)
    n: int | None = None  # the number of answers the figure rests on (a sample)
    interval: Interval | None = None  # its 95 % confidence interval
    uncertain: bool | None = None  # set with ``status`` by metrics that judge per group


T = TypeVar("T", bound=TargetBase)
MetricFn = Callable[[Any, Context], Figure]
METRICS: dict[type[TargetBase], MetricFn] = {}


def metric(kind: type[T]) -> Callable[[Callable[[T, Context], Figure]], Callable[[T, Context], Figure]]:
    """Register the function that computes targets of ``kind``."""

    def register(fn: Callable[[T, Context], Figure]) -> Callable[[T, Context], Figure]:
        METRICS[kind] = fn
        return fn

    return register


# A kind's values on many days of one window at once (the pace chart's course through the year):
# ``fn(target, ctx, days)`` → {day: the metric's value on the window from ``ctx.window.start`` to
# that day}, equal to the metric's own on each such window, from one pass over ``ctx``'s rows
# (issue 19). Kinds without one are computed window by window.
CourseFn = Callable[[Any, Context, list[Any]], dict[Any, float | None]]
COURSES: dict[type[TargetBase], CourseFn] = {}


def course(kind: type[T]) -> Callable[[CourseFn], CourseFn]:
    """Register the function that gives the course of targets of ``kind`` in one pass."""

    def register(fn: CourseFn) -> CourseFn:
        COURSES[kind] = fn
        return fn

    return register


def ratio(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None


def exclusion(step: str, da: str, en: str, count: int) -> Exclusion:
    return Exclusion(step=step, label=da, label_en=en, count=count)


def no_data(da: str, en: str, explanation: Text, **extra: Any) -> Figure:
    return Figure(value=None, explanation=explanation, reason=(da, en), **extra)


def status_of(value: float | int | bool | None, goal: Goal) -> Status:
    if value is None or goal.value is None:
        return "insufficient_data"
    return "met" if goal.met_by(value) else "not_met"


@dataclass(frozen=True)
class Judgement:
    status: Status
    uncertain: bool = False
    reason: Text | None = None  # why insufficient_data, when it is the number of answers


def judge(value: float | int | bool | None, goal: Goal, *, n: int | None = None,
          interval: Interval | None = None, min_answers: int | None = None) -> Judgement:
    """The status of a figure against its goal, the same rule for a whole target and for one group
    of it: no value → insufficient_data; fewer than ``min_answers`` answers → insufficient_data; else
    met / not met, flagged uncertain when the confidence interval contains the goal."""
    if value is None:
        return Judgement("insufficient_data")
    if n is not None and min_answers is not None and n < min_answers:
        return Judgement("insufficient_data", reason=(
            f"kun {n} {'besvarelse' if n == 1 else 'besvarelser'}; kontrakten kræver mindst {min_answers} "
            "(min_answers)",
            f"only {n} {'answer' if n == 1 else 'answers'}; the contract requires at least {min_answers} "
            "(min_answers)"))
    status = status_of(value, goal)
    return Judgement(status, uncertain=interval is not None and goal.straddled_by(interval.low, interval.high))
