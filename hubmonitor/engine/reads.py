"""Which rows an evaluation reads: the first day of data a contract year's targets look at.

A year evaluated whole reads its own rows and, for some targets, those of a year or two before
(``TargetBase.years_back``; the integrity signals read the year before); a count over a contract of
several years (``over: period``) reads
from the first day of its first year. A year evaluated as of a day within it reads every earlier
year as well: the seasonal profile of the pace compares with each earlier year in the folder.
Rows dated before the first day read need not be typed or checked (``load_dataset(since=…)``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from hubmonitor.contract.model import Contract
from hubmonitor.io.canonical import Lean
from hubmonitor.vocabulary import Source

SIGNAL_YEARS_BACK = 1  # the integrity signals (engine.signals) read the year before: the burst's baseline
# the activities' columns the signals read of the year before (bursts: the flags; look-alikes: ids, CVR numbers)
SIGNAL_READS_BEFORE = ("date", "company_id", "cvr", "referred", "growth_programme")


def first_day_read(contract: Contract, whole_year: bool) -> date | None:
    """The first day whose rows the evaluation of ``contract`` reads; None: every day (a year
    evaluated as of a day within it)."""
    if not whole_year:
        return None
    year = contract.period.year
    firsts = [(contract.span[0] if target.over == "period" and contract.span else year) - target.years_back()
              for target in contract.targets]
    firsts.append(year - SIGNAL_YEARS_BACK)  # the integrity signals compare with the year before
    return date(min(firsts), 1, 1)


def whole_year(contract: Contract, as_of: date | None, data_date: date | None, *, declared: bool = False,
               today: date | None = None) -> bool:
    """Is the year evaluated whole: ``as_of`` is on or after its last day, or, without it, the year
    is over (``year_over``; ``engine.evaluate``'s rule, ``running_as_of``)."""
    if as_of is not None:
        return as_of >= contract.period.end
    return year_over(contract.period.start, contract.period.end, data_date, declared=declared, today=today)


def year_over(start: date, end: date, data_date: date | None, *, declared: bool, today: date | None) -> bool:
    """Is a year (``start`` … ``end``) evaluated without ``--as-of`` over: no data date, the data run
    to its last day, or the calendar has passed it (``today`` after its last day) while the data date
    is only the latest row's (not ``declared`` by the folder's ``hubmonitor.yaml``): an export that
    ends early in a year long over is a year with data missing, not a year still running (``clock``).
    ``evaluate`` (``running_as_of``) and check-data's signals (``folder_signals``) ask it alike."""
    if data_date is None or data_date >= end:
        return True
    return today is not None and not declared and today > end and data_date >= start


def lean_read(contracts: Sequence[Contract]) -> Lean | None:
    """The rows that evaluating ``contracts`` (each as of any day) reads only through its targets'
    rules (the years before, the seasonal profile of the pace) and the integrity signals' year
    before: dated before the first day of the first year evaluated. Per source, the columns those
    read; the others, where no quarantine check needs them, are not typed (``canonical.Lean``). The
    data-quality report and the other signals read the year's own rows only."""
    if not contracts:
        return None
    reads: dict[str, set[str]] = {str(Source.ACTIVITIES): set(SIGNAL_READS_BEFORE)}
    for contract in contracts:
        for target in contract.targets:
            for source, columns in target.reads().items():
                reads.setdefault(str(source), set()).update(columns)
    return Lean(min(c.period.start for c in contracts), {source: frozenset(cols) for source, cols in reads.items()})
