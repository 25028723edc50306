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
from dataclasses import replace
from typing import Literal

from pydantic import BaseModel, ConfigDict, model_validator

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
from hubmonitor.report import TargetResult, is_number


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
    # the most a count can be: a count out of a known total (the contract's municipalities), which a
    # trend's levels are not shown above (as a forecast during the year is not: ``pace.forecast``)
    ceiling: float | None = None
    min_answers: int | None = None
    usual_answers: int | None = None  # an ungrouped share's usual number of answers
    too_few: bool = False  # the usual number of answers is below min_answers: the figure would lack data
    few_groups: list[str] = []  # groups whose usual number of answers is below min_answers (chance 0)
    reason: str | None = None  # why there is no calibration, or no chance (Danish)
    reason_en: str | None = None


    @model_validator(mode="after")
    def _consistent(self) -> Calibration:
        """What the renderers divide by and index into, checked (a backtest file read back may be edited)."""
        shares = [*([self.share] if self.share else []), *(self.groups.groups if self.groups else [])]
        for c in shares:
            if not (c.n >= 1 and c.n_last >= 1 and 0 <= c.successes_last <= c.n_last and 0 <= c.probability <= 1):
                raise ValueError("a share's chance needs n ≥ 1, 0 ≤ successes ≤ n_last, n_last ≥ 1, a chance in [0, 1]")
        if self.groups is not None and not (0 <= self.groups.needed <= len(self.groups.groups)
                                            and 0 <= self.groups.probability <= 1):
            raise ValueError("the groups' chance needs 0 ≤ needed ≤ groups and a chance in [0, 1]")
        if any(sig.n < 1 for sig in self.significance):
            raise ValueError("a significant difference needs n ≥ 1")
        levels = self.levels
        if levels is not None and not (levels.n >= 1 and levels.n_last >= 1
                                       and 0 <= levels.successes_last <= levels.n_last):
            raise ValueError("the levels need n ≥ 1, n_last ≥ 1 and 0 ≤ successes ≤ n_last")
        if self.trend is not None and len(self.trend.points) < 2:
            raise ValueError("a trend needs two years or more")
        if self.trend_chance is not None and not 0 <= self.trend_chance <= 1:
            raise ValueError("a chance lies in [0, 1]")
        check_goal(self.goal)
        return self


def check_goal(goal: Goal | None) -> None:
    """A goal as the renderers read it: a band (between) has two edges, nothing else is a list."""
    if goal is None:
        return
    if (goal.comparison == "between") != isinstance(goal.value, list) and goal.value is not None:
        raise ValueError("a band (between) has [low, high]; any other goal one value")
    if isinstance(goal.value, list) and len(goal.value) != 2:
        raise ValueError("a band (between) has [low, high]")


def draft_goal(target: Target, last: TargetResult) -> Goal | None:
    """The draft's threshold next year, as the last whole year resolved it (``previous_year``: on its value)."""
    threshold = target.threshold
    if isinstance(threshold, PreviousYearThreshold):
        if last.value is None or isinstance(last.value, bool):
            return None
        return fixed(target.comparison, threshold.resolve(float(last.value)))
    return last.goal if last.goal.value is not None else None


def calibrate(target: Target, year: int, results: Sequence[TargetResult], years: Sequence[int],
              complete: Sequence[bool]) -> Calibration:
    """The calibration of ``target`` for ``year`` from its results in ``years`` (``complete``: whole years)."""
    whole = [(y, r) for y, r, c in zip(years, results, complete, strict=True) if c]
    points = [(y, float(r.value)) for y, r in whole if is_number(r.value)]
    last = next((r for _, r in reversed(whole) if is_number(r.value)), None)
    goal = draft_goal(target, last) if last is not None else None
    base = Calibration(method="none", year=year, comparison=target.comparison, points=points, goal=goal)
    if target.over == "period":  # one target for a contract's whole period: a year's count is not its level
        return base.model_copy(update={"reason": PERIOD_REASON[0], "reason_en": PERIOD_REASON[1]})
    if target.sampled() and target.unit == "share":
        answered = [(y, r) for y, r in whole if r.numerator is not None and r.denominator]
        if not answered or goal is None:
            return base
        if getattr(target, "group_by", None) is not None:
            return _grouped(target, goal, answered, base)
        return _answers(target, goal, answered, base)
    if not points:
        return base
    line = trend(points, year)
    ceiling = _ceiling(target, last)
    chance = trend_chance(line, goal) if line and goal else None
    if chance is not None and goal is not None and ceiling is not None and not _reachable_under(goal, ceiling):
        chance = 0.0  # a threshold above the most the count can be
    return base.model_copy(update={"method": "trend", "trend": line, "trend_chance": chance, "ceiling": ceiling})


def _ceiling(target: Target, last: TargetResult | None) -> float | None:
    """The most a count can be: the total it is counted out of (its denominator: the contract's
    municipalities for a count of them), where the figure is a count that has one."""
    if last is None or target.unit != "count" or not is_number(last.denominator) or not last.denominator:
        return None
    return float(last.denominator)


def _reachable_under(goal: Goal, ceiling: float) -> bool:
    """Can a count of at most ``ceiling`` meet ``goal`` (a lower bound at most the ceiling)?"""
    return goal.comparison not in (">=", ">") or not goal.edges() or goal.met_by(ceiling)


PERIOD_REASON = ("et mål for hele kontraktperioden: ét års tal er ikke dets niveau, så der kalibreres ikke",
                 "a target for the contract's whole period: one year's figure is not its level, so it is not "
                 "calibrated")


def _answers(target: Target, goal: Goal, answered: list[tuple[int, TargetResult]], base: Calibration
             ) -> Calibration:
    """An ungrouped share: the chance, the significant differences and the levels at the usual n;
    nothing but the too-few sentence when that n is below the target's minimum."""
    basis_year, last = answered[-1]
    n = usual_answers([r.denominator for _, r in answered if r.denominator])
    needed = target.answers_needed
    found = base.model_copy(update={"method": "answers", "basis_year": basis_year, "min_answers": needed,
                                    "usual_answers": n})
    if needed is not None and n < needed:  # the figure would lack data whatever the share
        return found.model_copy(update={"too_few": True})
    s, m = last.numerator or 0, last.denominator or 1
    return found.model_copy(update={
        "share": share_chance(n, s, m, goal),
        "significance": [significance(n, e) for e in goal.edges() if 0 <= e <= 1],
        "levels": share_levels(n, s, m, goal.comparison) if goal.comparison in HIGHER + LOWER else None})


def _grouped(target: Target, goal: Goal, answered: list[tuple[int, TargetResult]], base: Calibration
             ) -> Calibration:
    """A share per group: each group's chance at its own usual number of answers and last share,
    combined over the groups the target needs (``groups_needed``, else all). A group whose usual
    number is below the minimum cannot meet (it would lack data): its chance is 0, said by name. A
    group without answers in the last whole year leaves no share to start from: no chance at all."""
    basis_year, last = answered[-1]
    needed = target.answers_needed
    found = base.model_copy(update={"method": "answers", "basis_year": basis_year, "min_answers": needed})
    chances, few = [], []
    for group in last.groups:
        if group.numerator is None or not group.denominator:
            return found.model_copy(update={
                "reason": f"gruppen {group.key} havde ingen svar i {basis_year}: ingen andel at regne ud fra",
                "reason_en": f"the group {group.key} had no answers in {basis_year}: no share to start from"})
        ns = [g.denominator for _, r in answered for g in r.groups if g.key == group.key and g.denominator]
        chance = share_chance(usual_answers(ns), group.numerator, group.denominator, goal)
        if needed is not None and chance.n < needed:
            few.append(group.key)
            chance = replace(chance, probability=0.0)
        chances.append(chance)
    return found.model_copy(update={"groups": groups_chance(chances, getattr(target, "groups_needed", None)),
                                    "few_groups": few})


__all__ = ["Calibration", "calibrate", "check_goal", "draft_goal"]
