"""A draft contract on the past years' data: how each proposed target would have fared.

The draft is moved to each past year (``contract.redate``) and evaluated by the ordinary engine
(``hubmonitor.evaluate_each``); this module only gathers the reports into one ``Backtest``: per
target the figure of every year, met or not, the margin to the threshold, and the calibration
(``engine.calibration``: the chance of meeting the threshold next year, the trend of a count).
Pure: reports in, a model out. docs/decisions.md, "Backtesting a draft".
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, model_validator

from hubmonitor.contract.model import Contract
from hubmonitor.contract.targets import Target
from hubmonitor.engine.calibration_view import Calibration, calibrate, check_goal, draft_goal
from hubmonitor.goal import Goal, fixed
from hubmonitor.report import GRANT_KINDS, Report, TargetResult, is_number


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class BacktestYear(_Model):
    year: int
    as_of: date
    # the data reach the year's end; an incomplete year is not counted as met nor used in the calibration:
    # one not over is judged by pace, one over whose data end early (``data_end``) is shown as it is
    complete: bool
    # a year over whose usable activities end more than ``EARLY_END_DAYS`` before its end (its
    # data-ends-early warning): its last one (a review: 2024 with one activity, 1 June, was a whole year
    # met or not and a year of the calibration's trend); None for every other year
    data_end: date | None = None


class TargetBacktest(_Model):
    id: str
    ref: str
    kind: str
    unit: str
    title: str
    title_en: str | None
    goal: Goal | None = None  # the draft's threshold for its own year (previous_year: on the last whole year)
    over_period: bool = False  # one target for the draft's whole period (``over: period``)
    results: list[TargetResult]  # one per year, in the order of ``Backtest.years``
    margins: list[float | None]  # value beyond the threshold (during the year: what is expected by then)
    met: int  # complete years met
    judged: int  # complete years met or not met (not insufficient data)
    calibration: Calibration | None = None

    @model_validator(mode="after")
    def _consistent(self) -> TargetBacktest:
        if len(self.margins) != len(self.results) or not 0 <= self.met <= self.judged <= len(self.results):
            raise ValueError("a target needs one margin per year and 0 ≤ met ≤ judged ≤ years")
        for goal in (self.goal, *(r.goal for r in self.results)):
            check_goal(goal)
        return self


class Backtest(_Model):
    document: Literal["backtest"] = "backtest"
    schema_version: Literal[1] = 1
    draft_file: str
    draft_id: str
    draft_title: str
    draft_title_en: str | None
    hub: str
    erhvervshus: str
    draft_year: int
    draft_span: tuple[int, int] | None = None  # the draft's first and last year, when it covers several
    data: str  # the data folder's name
    years: list[BacktestYear]
    targets: list[TargetBacktest]

    @model_validator(mode="after")
    def _one_result_a_year(self) -> Backtest:
        if any(len(t.results) != len(self.years) for t in self.targets):
            raise ValueError("every target needs one result per year")
        return self


def margin(goal: Goal, value: float | int | bool | None) -> float | None:
    """How far ``value`` lies beyond the goal in its unit: positive on the met side, negative short
    of it; a band: the distance to its nearer edge (negative outside); None for yes/no goals or
    without a value."""
    target = goal.value
    if value is None or isinstance(value, bool) or target is None or isinstance(target, bool):
        return None
    if isinstance(target, list):
        low, high = target
        return round(min(value - low, high - value), 12)
    if goal.comparison in (">=", ">"):
        return round(value - target, 12)
    if goal.comparison in ("<=", "<"):
        return round(target - value, 12)
    return round(-abs(value - target), 12)  # '==': zero at best


def year_margin(result: TargetResult) -> float | None:
    """A year's margin: to the goal, or during the year (judged on pace) to what the rule that decided
    its status expected by then (``TargetResult.paced_against``)."""
    if result.kind in GRANT_KINDS:
        return None
    if result.pace is not None:
        expected = result.paced_against()
        return None if expected is None else margin(fixed(result.comparison, expected), result.value)
    return margin(result.goal, result.value)


def _goal(target: Target, last: TargetResult | None, results: Sequence[TargetResult]) -> Goal | None:
    """The draft's threshold for its own year: as the last whole year with a value resolved it (a
    previous_year threshold on that value); a yes/no target's as the last year states it."""
    if target.kind in GRANT_KINDS:
        return None
    if last is not None:
        return draft_goal(target, last)
    stated = results[-1].goal if results else None
    return stated if stated is not None and stated.value is not None else None


def build(draft: Contract, draft_file: str, data: str, reports: Sequence[Report]) -> Backtest:
    """The backtest of ``draft`` from its reports on the past years (one per year, ascending)."""
    years = []
    for r in reports:
        ends = r.data_end(("data-ends-early",))  # a finished year whose activities end early is no whole year
        years.append(BacktestYear(year=r.period.start.year, as_of=r.period.as_of,
                                  complete=r.period.as_of >= r.period.end and ends is None, data_end=ends))
    targets = []
    for target in draft.targets:
        results = [next(t for t in r.targets if t.id == target.id) for r in reports]
        complete = [res for res, y in zip(results, years, strict=True) if y.complete]
        judged = [res for res in complete if res.status in ("met", "not_met")]
        last = next((r for r, y in zip(reversed(results), reversed(years), strict=True)
                     if y.complete and is_number(r.value)), None)
        targets.append(TargetBacktest(
            id=target.id, ref=target.ref, kind=target.kind, unit=target.unit, title=target.title,
            title_en=target.title_en, results=results, over_period=target.over == "period",
            goal=_goal(target, last, results),
            margins=[year_margin(r) for r in results],
            met=sum(r.status == "met" for r in judged), judged=len(judged),
            calibration=None if target.kind in GRANT_KINDS else calibrate(target, draft.period.year, results,
                                                                          [y.year for y in years],
                                                                          [y.complete for y in years])))
    return Backtest(draft_file=draft_file, draft_id=draft.id, draft_title=draft.title, draft_title_en=draft.title_en,
                    hub=draft.hub, erhvervshus=draft.erhvervshus, draft_year=draft.period.year,
                    draft_span=draft.span, data=data,
                    years=years, targets=targets)
