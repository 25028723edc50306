"""What a metric function returns, the registry of metric kinds, and the comparison rules."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from hubmonitor.contract.model import Contract
from hubmonitor.contract.target_base import PreviousYearThreshold
from hubmonitor.contract.targets import BaselineThreshold, TargetBase
from hubmonitor.engine.context import Context
from hubmonitor.engine.uncertainty import straddles
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


def ratio(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None


def exclusion(step: str, da: str, en: str, count: int) -> Exclusion:
    return Exclusion(step=step, label=da, label_en=en, count=count)


def no_data(da: str, en: str, explanation: Text, **extra: Any) -> Figure:
    return Figure(value=None, explanation=explanation, reason=(da, en), **extra)


def resolve_threshold(target: TargetBase, contract: Contract, previous: float | None = None
                      ) -> float | int | bool | list[float]:
    """The threshold as a value: 'all' becomes the number of hub municipalities and
    ``{baseline, change}`` the hub's baseline plus the change, ``{baseline, relative}`` the baseline
    times (1 + relative) (BaselineThreshold.resolve, the one rule), ``{previous_year: …}`` last
    year's value ``previous`` plus its change (engine.evaluate computes that value first)."""
    t = target.threshold
    if t == "all":
        return len(contract.municipalities)
    if isinstance(t, BaselineThreshold):
        return t.resolve(contract.baselines[t.baseline])
    if isinstance(t, PreviousYearThreshold):
        if previous is None:
            raise ValueError(f"{target.id}: previous_year needs last year's value (engine.evaluate)")
        return t.resolve(previous)
    return t


def compare(value: float | int | bool, comparison: str, threshold: Any) -> bool:
    if comparison == "between":
        low, high = threshold
        return bool(low <= value <= high)
    ops: dict[str, Callable[[Any, Any], bool]] = {
        ">=": lambda a, b: a >= b, ">": lambda a, b: a > b, "<=": lambda a, b: a <= b,
        "<": lambda a, b: a < b, "==": lambda a, b: a == b,
    }
    return bool(ops[comparison](value, threshold))


def status_of(value: float | int | bool | None, comparison: str, threshold: Any) -> Status:
    if value is None:
        return "insufficient_data"
    return "met" if compare(value, comparison, threshold) else "not_met"


@dataclass(frozen=True)
class Judgement:
    status: Status
    uncertain: bool = False
    reason: Text | None = None  # why insufficient_data, when it is the number of answers


def judge(value: float | int | bool | None, comparison: str, threshold: Any, *, n: int | None = None,
          interval: Interval | None = None, min_answers: int | None = None) -> Judgement:
    """The status of a figure, the same rule for a whole target and for one group of it: no value
    → insufficient_data; fewer than ``min_answers`` answers → insufficient_data; else met / not met,
    flagged uncertain when the confidence interval contains the threshold."""
    if value is None:
        return Judgement("insufficient_data")
    if n is not None and min_answers is not None and n < min_answers:
        return Judgement("insufficient_data", reason=(
            f"kun {n} besvarelser; kontrakten kræver mindst {min_answers} (min_answers)",
            f"only {n} answers; the contract requires at least {min_answers} (min_answers)"))
    status = status_of(value, comparison, threshold)
    return Judgement(status, uncertain=interval is not None and straddles(interval, comparison, threshold))
