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

from pydantic import BaseModel, ConfigDict

from hubmonitor.contract.model import Contract
from hubmonitor.engine.calibration_view import Calibration, calibrate
from hubmonitor.goal import Goal
from hubmonitor.report import GRANT_KINDS, Report, TargetResult


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class BacktestYear(_Model):
    year: int
    as_of: date
    complete: bool  # the data reach the year's end; an incomplete year is judged by pace, not counted as met


class TargetBacktest(_Model):
    id: str
    ref: str
    kind: str
    unit: str
    title: str
    title_en: str | None
    results: list[TargetResult]  # one per year, in the order of ``Backtest.years``
    margins: list[float | None]  # value beyond the threshold, in the unit (negative: short of it)
    met: int  # complete years met
    judged: int  # complete years met or not met (not insufficient data)
    calibration: Calibration | None = None


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
    data: str  # the data folder's name
    years: list[BacktestYear]
    targets: list[TargetBacktest]


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


def build(draft: Contract, draft_file: str, data: str, reports: Sequence[Report]) -> Backtest:
    """The backtest of ``draft`` from its reports on the past years (one per year, ascending)."""
    years = [BacktestYear(year=r.period.start.year, as_of=r.period.as_of, complete=r.period.as_of >= r.period.end)
             for r in reports]
    targets = []
    for target in draft.targets:
        results = [next(t for t in r.targets if t.id == target.id) for r in reports]
        complete = [res for res, y in zip(results, years, strict=True) if y.complete]
        judged = [res for res in complete if res.status in ("met", "not_met")]
        targets.append(TargetBacktest(
            id=target.id, ref=target.ref, kind=target.kind, unit=target.unit, title=target.title,
            title_en=target.title_en, results=results,
            margins=[None if target.kind in GRANT_KINDS else margin(r.goal, r.value) for r in results],
            met=sum(r.status == "met" for r in judged), judged=len(judged),
            calibration=None if target.kind in GRANT_KINDS else calibrate(target, draft.period.year, results,
                                                                          [y.year for y in years],
                                                                          [y.complete for y in years])))
    return Backtest(draft_file=draft_file, draft_id=draft.id, draft_title=draft.title, draft_title_en=draft.title_en,
                    hub=draft.hub, erhvervshus=draft.erhvervshus, draft_year=draft.period.year, data=data,
                    years=years, targets=targets)
