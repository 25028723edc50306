"""A contract moved to another year, as if it had been signed for that year (``backtest``).

A draft for 2026 is tested on 2022 by evaluating the same rules on 2022's data with the ordinary
engine: only what ties the contract to its year moves, by the same number of years:

- the period (and the span of a contract over several years: ``over: period`` counts from its
  first year, moved likewise);
- a threshold given per year (``by_year``): each step moves with its year, so the year tested
  takes the step the draft gives its own year.

What stays: every rule, threshold and filter; a baseline read from a named year's file of figures
measured by others (the draft names that year: the level it builds on is the one it proposes);
``previous_year`` thresholds (they are a rule: the year tested is judged against its own year
before). docs/decisions.md, "Backtesting a draft".
"""

from __future__ import annotations

from hubmonitor.contract.model import Contract, Period
from hubmonitor.contract.target_base import StepsThreshold
from hubmonitor.contract.targets import Target


def redated(contract: Contract, year: int) -> Contract:
    """``contract`` (loaded for its own year) as if signed for ``year``."""
    offset = year - contract.period.year
    if offset == 0:
        return contract
    span = (contract.span[0] + offset, contract.span[1] + offset) if contract.span is not None else None
    return contract.model_copy(update={"period": Period(year=year), "span": span,
                                       "targets": tuple(_moved(t, offset) for t in contract.targets)})


def _moved(target: Target, offset: int) -> Target:
    threshold = target.threshold
    if not isinstance(threshold, StepsThreshold):
        return target
    steps = StepsThreshold(by_year={year + offset: value for year, value in threshold.by_year.items()})
    return target.model_copy(update={"threshold": steps})
