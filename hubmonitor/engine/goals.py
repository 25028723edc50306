"""Every form of threshold resolved once into a ``Goal`` (hubmonitor/goal.py), and put in words.

- a value or a band, and ``all`` (the number of the hub's municipalities), need only the contract;
- ``{baseline, change}`` / ``{baseline, relative}`` need the baseline's value (``Contract.baselines``);
- ``{previous_year: …}`` needs the same target's value the year before, computed here with the same
  rule on the previous calendar year's data (the whole year). Without a value that year the goal is
  unresolved (value None) and the target is shown with its value but not judged (insufficient data).

The figure's explanation gets the goal in words ("målet er basislinjen b2020 (0,6) plus 0,1").
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from hubmonitor.contract.model import Contract
from hubmonitor.contract.target_base import BaselineThreshold, PreviousYearThreshold, StepsThreshold, outside_unit
from hubmonitor.contract.targets import Target, TargetBase
from hubmonitor.engine.context import Context, Window
from hubmonitor.engine.figure import METRICS, Figure, Text
from hubmonitor.engine.pace import ContextFor
from hubmonitor.goal import Goal
from hubmonitor.io.external import ExternalFigures
from hubmonitor.numbers import spoken_pair

# "at least" and its kin before a goal in words, by comparison
ABOVE = {">=": ("mindst ", "at least "), ">": ("mere end ", "more than "), "<=": ("højst ", "at most "),
         "<": ("under ", "below "), "==": ("", ""), "between": ("", "")}


def static_goal(target: TargetBase, contract: Contract) -> Goal:
    """The goal of a threshold that needs no data: a value or band, ``all``, a baseline. A
    ``previous_year`` threshold gives an unresolved goal here (``resolve`` computes it)."""
    t, comparison = target.threshold, target.comparison
    if t == "all":
        return Goal(comparison=comparison, value=len(contract.municipalities), basis="all")
    if isinstance(t, BaselineThreshold):
        read = contract.baselines_read.get(t.baseline)
        if read is not None:  # read from the data (``resolve``): unresolved here
            return Goal(comparison=comparison, value=None, basis="baseline", baseline=t.baseline, change=t.change,
                        relative=t.relative, year=read.year)
        base = contract.baselines[t.baseline]
        return Goal(comparison=comparison, value=t.resolve(base), basis="baseline", baseline=t.baseline,
                    base=base, change=t.change, relative=t.relative)
    if isinstance(t, PreviousYearThreshold):
        p = t.previous_year
        return Goal(comparison=comparison, value=None, basis="previous_year", change=p.change, relative=p.relative,
                    year=contract.period.year - 1)
    if isinstance(t, StepsThreshold):  # the loader checked that the year has its step
        year = contract.period.year
        return Goal(comparison=comparison, value=t.by_year[year], basis="step", year=year)
    assert not isinstance(t, str)
    return Goal(comparison=comparison, value=t)


def due(target: TargetBase, contract: Contract) -> date:
    """The day a target's goal is due: the year's end, or for ``over: period`` in a contract over
    several years, the end of its last year."""
    if target.over == "period" and contract.span is not None:
        return date(contract.span[1], 12, 31)
    return contract.period.end


@dataclass(frozen=True)
class Resolved:
    """A target's goal, the target as its metric computes it (a ``previous_year`` threshold replaced
    by its value, so that a metric judging groups reads a number) and, when the goal cannot be
    resolved, the figure to show instead (the value this year, not judged)."""

    target: Target
    goal: Goal
    figure: Figure | None = None


def resolve(target: Target, ctx: Context, context_for: ContextFor) -> Resolved:
    """The goal of ``target`` in the evaluation ``ctx``; ``context_for`` gives last year's context."""
    goal = static_goal(target, ctx.contract)
    t = target.threshold
    if isinstance(t, BaselineThreshold) and t.baseline in ctx.contract.baselines_read:
        return _read_baseline(target, t, goal, ctx, context_for)
    if not isinstance(t, PreviousYearThreshold):
        return Resolved(target, goal)
    year = ctx.contract.period.year - 1
    before = _without_goal(target, context_for(ctx.window.previous_year())).value  # the whole year before
    if before is None or isinstance(before, bool):
        return _not_judged(target, goal, ctx, (f"ingen værdi for {year} at sammenligne med (previous_year)",
                                               f"no value for {year} to compare with (previous_year)"))
    value = t.resolve(before)
    outside = outside_unit(target.unit, value, ("målet sidste års værdi giver", "the goal last year's value gives"))
    if outside is not None:  # a share's goal above 100 %: not a goal to judge against (validate stops most)
        return _not_judged(target, goal, ctx, outside)
    goal = goal.model_copy(update={"value": value, "base": float(before)})
    return Resolved(target.model_copy(update={"threshold": value}), goal)


def _without_goal(target: Target, ctx: Context) -> Figure:
    """The target's figure in ``ctx`` before its goal is known (the metric's value does not depend on it)."""
    return METRICS[type(target)](target.model_copy(update={"threshold": 0}), ctx)


def _not_judged(target: Target, goal: Goal, ctx: Context, reason: Text) -> Resolved:
    """A goal that cannot be resolved: this year's value is shown, not judged."""
    now = _without_goal(target, ctx)
    return Resolved(target, goal, replace(now, status="insufficient_data", uncertain=False, groups=[], reason=reason))


def _read_baseline(target: Target, t: BaselineThreshold, goal: Goal, ctx: Context,
                   context_for: ContextFor) -> Resolved:
    """A baseline read from ``external-<year>.yaml`` (``baselines: {NAME: {figure | numerator/denominator,
    year}}``): its value, checked against the target's unit, then the goal it gives, checked again
    (a share stays in 0–1). Without the file or the figure the target is not judged, and says why."""
    read = ctx.contract.baselines_read[t.baseline]
    ext = context_for(Window(date(read.year, 1, 1), date(read.year, 12, 31))).external
    where = f"external-{read.year}.yaml"
    if ext is None:
        return _not_judged(target, goal, ctx, (
            f"basislinjen {t.baseline} læses fra {where}, som ikke er i datamappen",
            f"the baseline {t.baseline} is read from {where}, which is not in the data folder"))
    if read.figure is not None:
        base, dotted = ext.figure(read.figure), read.figure
        if ext.differs(dotted):  # several folders, each its own figure: none for them all
            return _not_judged(target, goal, ctx, (
                f"basislinjen {t.baseline}: {dotted} er forskelligt i datamapperne ({ext.file})",
                f"the baseline {t.baseline}: {dotted} differs between the data folders ({ext.file})"))
    else:
        assert read.numerator is not None and read.denominator is not None
        num, den = ext.figure(read.numerator), ext.figure(read.denominator)
        dotted = read.numerator if num is None else read.denominator
        if ext.differs(read.numerator) or ext.differs(read.denominator):  # several folders: pooled
            pooled = ext.pooled(read.numerator, read.denominator)
            if isinstance(pooled, tuple):
                return _not_judged(target, goal, ctx, (f"basislinjen {t.baseline}: {pooled[0]}",
                                                       f"the baseline {t.baseline}: {pooled[1]}"))
            num, den = pooled.numerator, pooled.denominator
        base = None if num is None or den is None else _part_of_whole(ext, read.numerator, num, read.denominator, den)
    if base is None:
        return _not_judged(target, goal, ctx, (f"basislinjen {t.baseline}: {dotted} mangler i {ext.file}",
                                               f"the baseline {t.baseline}: {dotted} is missing from {ext.file}"))
    outside = t.outside(target.unit, base, t.baseline)
    if outside is not None:
        raise ext.error(dotted, f"{outside[0]} ({target.id} har unit: {target.unit})",
                        f"{outside[1]} ({target.id} has unit: {target.unit})")
    value = t.resolve(base)
    goal = goal.model_copy(update={"value": value, "base": base, "file": ext.file})
    return Resolved(target.model_copy(update={"threshold": value}), goal)


def _part_of_whole(ext: ExternalFigures, numerator: str, num: float, denominator: str, den: float) -> float:
    """A baseline read as a part over its whole: two counts, the part no larger, the whole not 0."""
    ext.check_part_of_whole(numerator, num, denominator, den)
    if den == 0:
        raise ext.error(denominator, f"{denominator} er 0", f"{denominator} is 0")
    return num / den


def explained(original: Target, goal: Goal, figure: Figure) -> Figure:
    """The figure with its goal in words where the goal rests on a baseline (and where it was read)
    or last year's value."""
    t = original.threshold
    if isinstance(t, BaselineThreshold) and goal.base is not None:
        words: Text = t.explained(goal.base, original.unit)
        if goal.file is not None:
            words = (f"{words[0]} (læst fra {goal.file})", f"{words[1]} (read from {goal.file})")
        above = ("", "")
    elif isinstance(t, PreviousYearThreshold) and goal.base is not None and goal.year is not None:
        words, above = t.words(goal.year, goal.base), ABOVE[original.comparison]
    elif isinstance(t, StepsThreshold) and isinstance(goal.value, int | float):  # a step is a number
        steps, value = t.words(), spoken_pair(goal.value)
        words = (f"{value[0]}, trinnet for {goal.year} ({steps[0]})",
                 f"{value[1]}, the step for {goal.year} ({steps[1]})")
        above = ABOVE[original.comparison]
    else:
        return figure
    da, en = figure.explanation
    return replace(figure, explanation=(f"{da.rstrip('.')}; målet er {above[0]}{words[0]}.",
                                        f"{en.rstrip('.')}; the target is {above[1]}{words[1]}."))


__all__ = ["ABOVE", "Resolved", "due", "explained", "resolve", "static_goal"]
