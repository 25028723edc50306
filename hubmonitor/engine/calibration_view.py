"""The calibration of one draft target from its past years' figures (``engine.backtest``): which
year and which numbers the methods of ``engine.calibration`` rest on.

- A share from answers (the figure rests on a sample: ``sampled``, with a numerator and a
  denominator): next year's chance of meeting the draft's threshold with the hub's usual number
  of answers (the median of the whole years' numbers) at the last whole year's share; per group
  for a grouped target, combined over the groups it needs; the smallest difference from the
  threshold that number of answers can show; the reachable and ambitious thresholds.
- Any other figure with a number (counts, sums, shares of all companies, scores): the least-squares
  trend of the whole years' values to the draft's year, with its range and the reachable level.
- The draft's threshold next year is the one it states (a step: its own year's; a baseline: as
  resolved); a ``previous_year`` threshold is applied to the last whole year's value.
Only whole years count (a year whose data end early is judged on pace, not a level).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from pydantic import BaseModel, ConfigDict

from hubmonitor.contract.target_base import PreviousYearThreshold
from hubmonitor.contract.targets import Target
from hubmonitor.engine.calibration import (
    HIGHER,
    LOWER,
    GroupsChance,
    ShareChance,
    ShareLevels,
    Significance,
    Trend,
    groups_chance,
    share_chance,
    share_levels,
    significance,
    trend,
    trend_chance,
    usual_answers,
)
from hubmonitor.goal import Goal, fixed
from hubmonitor.report import TargetResult


class Calibration(BaseModel):
    """What a target's calibration rests on and gives (the results of ``engine.calibration``)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    method: Literal["answers", "trend", "none"]
    year: int  # the year calibrated for: the draft's
    basis_year: int | None = None  # the last whole year a share's chance starts from
    comparison: str
    goal: Goal | None = None  # the draft's threshold next year
    points: list[tuple[int, float]] = []  # the whole years' values
    share: ShareChance | None = None
    groups: GroupsChance | None = None
    significance: list[Significance] = []  # per edge of the threshold
    levels: ShareLevels | None = None
    trend: Trend | None = None
    trend_chance: float | None = None  # the chance of meeting the draft's threshold if the trend holds
    min_answers: int | None = None
    too_few: bool = False  # the usual number of answers is below min_answers: the figure would lack data


def _goal(target: Target, last: TargetResult) -> Goal | None:
    """The draft's threshold next year, as the last whole year resolved it (``previous_year``: on its value)."""
    threshold = target.threshold
    if isinstance(threshold, PreviousYearThreshold):
        if last.value is None or isinstance(last.value, bool):
            return None
        return fixed(target.comparison, threshold.resolve(float(last.value)))
    return last.goal if last.goal.value is not None else None


def _numeric(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def calibrate(target: Target, year: int, results: Sequence[TargetResult], years: Sequence[int],
              complete: Sequence[bool]) -> Calibration:
    """The calibration of ``target`` for ``year`` from its results in ``years`` (``complete``: whole years)."""
    whole = [(y, r) for y, r, c in zip(years, results, complete, strict=True) if c]
    points = [(y, float(r.value)) for y, r in whole if _numeric(r.value)]  # type: ignore[arg-type]
    last = next((r for _, r in reversed(whole) if _numeric(r.value)), None)
    goal = _goal(target, last) if last is not None else None
    if target.sampled() and target.unit == "share":
        answered = [(y, r) for y, r in whole if r.numerator is not None and r.denominator]
        if not answered or goal is None:
            return Calibration(method="none", year=year, comparison=target.comparison, points=points)
        return _answers(target, goal, answered, year, points)
    if not points:
        return Calibration(method="none", year=year, comparison=target.comparison, points=points, goal=goal)
    line = trend(points, year)
    return Calibration(method="trend", year=year, comparison=target.comparison, points=points, goal=goal,
                       trend=line, trend_chance=trend_chance(line, goal) if line and goal else None)


def _answers(target: Target, goal: Goal, answered: list[tuple[int, TargetResult]], year: int,
             points: list[tuple[int, float]]) -> Calibration:
    basis_year, last = answered[-1]
    n = usual_answers([r.denominator for _, r in answered if r.denominator])
    needed = target.answers_needed
    too_few = needed is not None and n < needed
    share = share_chance(n, last.numerator or 0, last.denominator or 1, goal)
    groups = _groups(target, goal, answered) if last.groups else None
    edges = [e for e in goal.edges() if 0 <= e <= 1]
    levels = (share_levels(n, last.numerator or 0, last.denominator or 1, goal.comparison)
              if goal.comparison in HIGHER + LOWER else None)
    return Calibration(method="answers", basis_year=basis_year, goal=goal, share=None if groups else share,
                       groups=groups, significance=[significance(n, e) for e in edges], levels=levels,
                       min_answers=needed, too_few=too_few, year=year, comparison=target.comparison,
                       points=points)


def _groups(target: Target, goal: Goal, answered: list[tuple[int, TargetResult]]) -> GroupsChance | None:
    """Each group's chance at its own usual number of answers and last share, combined over the
    groups the target needs (``groups_needed``, else all)."""
    last = answered[-1][1]
    chances = []
    for group in last.groups:
        if group.numerator is None or not group.denominator:
            return None  # a group without answers last year: no chance to start from
        ns = [g.denominator for _, r in answered for g in r.groups if g.key == group.key and g.denominator]
        chances.append(share_chance(usual_answers(ns), group.numerator, group.denominator, goal))
    needed = getattr(target, "groups_needed", None)
    return groups_chance(chances, needed) if chances else None


__all__ = ["Calibration", "calibrate"]
