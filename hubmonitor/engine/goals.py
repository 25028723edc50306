"""Every form of threshold resolved once into a ``Goal`` (hubmonitor/goal.py), and put in words.

- a value or a band, and ``all`` (the number of the hub's municipalities), need only the contract;
- ``{baseline, change}`` / ``{baseline, relative}`` need the baseline's value (``Contract.baselines``);
- ``{previous_year: …}`` needs the same target's value the year before, computed here with the same
  rule on the previous calendar year's data (the whole year). Without a value that year the goal is
  unresolved (value None) and the target is shown with its value but not judged (insufficient data).

The figure's explanation gets the goal in words ("målet er basislinjen b2020 (0.6) plus 0.1").
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from hubmonitor.contract.model import Contract
from hubmonitor.contract.target_base import BaselineThreshold, PreviousYearThreshold
from hubmonitor.contract.targets import ExternalTarget, Target, TargetBase
from hubmonitor.engine.context import Context, Window
from hubmonitor.engine.figure import METRICS, Figure, Text
from hubmonitor.engine.pace import ContextFor
from hubmonitor.goal import Goal

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
        base = contract.baselines[t.baseline]
        return Goal(comparison=comparison, value=t.resolve(base), basis="baseline", baseline=t.baseline,
                    base=base, change=t.change, relative=t.relative)
    if isinstance(t, PreviousYearThreshold):
        p = t.previous_year
        return Goal(comparison=comparison, value=None, basis="previous_year", change=p.change, relative=p.relative,
                    year=contract.period.year - 1)
    assert not isinstance(t, str)
    return Goal(comparison=comparison, value=t)


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
    if not isinstance(t, PreviousYearThreshold):
        return Resolved(target, goal)
    period, year = ctx.contract.period, ctx.contract.period.year - 1
    window = Window(period.start.replace(year=year), period.end.replace(year=year))
    unresolved = target.model_copy(update={"threshold": 0})  # the metric's value does not depend on it
    before = METRICS[type(target)](unresolved, context_for(window)).value
    if before is None or isinstance(before, bool):
        now = METRICS[type(target)](unresolved, ctx)  # this year's value is shown, not judged
        return Resolved(target, goal, replace(now, status="insufficient_data", uncertain=False, groups=[],
                                              reason=(f"ingen værdi for {year} at sammenligne med (previous_year)",
                                                      f"no value for {year} to compare with (previous_year)")))
    value = t.resolve(before)
    goal = goal.model_copy(update={"value": value, "base": float(before)})
    return Resolved(target.model_copy(update={"threshold": value}), goal)


def explained(original: Target, goal: Goal, figure: Figure) -> Figure:
    """The figure with its goal in words where the goal rests on a baseline or last year's value
    (an external figure's metric words its baseline itself)."""
    t = original.threshold
    if isinstance(t, BaselineThreshold) and not isinstance(original, ExternalTarget):
        assert goal.base is not None
        words: Text = t.explained(goal.base)
        above = ("", "")
    elif isinstance(t, PreviousYearThreshold) and goal.base is not None and goal.year is not None:
        words, above = t.words(goal.year, goal.base), ABOVE[original.comparison]
    else:
        return figure
    da, en = figure.explanation
    return replace(figure, explanation=(f"{da.rstrip('.')}; målet er {above[0]}{words[0]}.",
                                        f"{en.rstrip('.')}; the target is {above[1]}{words[1]}."))


__all__ = ["ABOVE", "Resolved", "explained", "resolve", "static_goal"]
