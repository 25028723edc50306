"""hubmonitor: are the Danish business hubs meeting their performance contracts?

Library use::

    import hubmonitor
    contract = hubmonitor.load_contract("contracts/midtjylland/2024.yaml")
    report = hubmonitor.evaluate(contract, "data/sample/midtjylland-2024")
    report.target("M8.reach").value

Imports are deferred so that ``hubmonitor --help`` does not pay for polars.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from itertools import groupby
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hubmonitor.contract.model import Contract
    from hubmonitor.engine.backtest import Backtest
    from hubmonitor.io.dataset import Dataset
    from hubmonitor.report import Report

# polars' allocator (jemalloc) gives the pages it frees back to the system at once, not as "muzzy"
# pages that the kernel may take back later but that count in the process's resident memory until
# then: at 10M rows the year end peaks at 2.25 GB instead of 2.5 GB, in the same time (BENCHMARKS.md).
# It reads this once, when polars is first imported: so hubmonitor must be imported first (the
# command is); a value the user set is kept (docs/decisions.md, "The allocator's freed pages").
os.environ.setdefault("_RJEM_MALLOC_CONF", "muzzy_decay_ms:0")

__version__ = "0.1.0"
__all__ = ["__version__", "backtest", "data_date", "evaluate", "evaluate_each", "load_contract"]


def load_contract(path: Path | str, year: int | None = None) -> Contract:
    """Load and validate a hub contract (and the framework it extends); ``year``: which year of a
    contract over several years (``period: {years: [FIRST, LAST]}``)."""
    from hubmonitor.contract.loader import load_contract as _load

    return _load(path, year)


def _today() -> date:
    """The day of the run (``clock.today``: ``HUBMONITOR_TODAY``, else the machine's date)."""
    from hubmonitor.clock import today

    return today()


def evaluate(contract: Contract | Path | str, data_dir: Path | str, *, as_of: date | None = None,
             profile: str | None = None, allow_outside_hub: bool = False) -> Report:
    """Evaluate every target of ``contract`` on the data in ``data_dir`` (read with ``profile``, a
    built-in name or a path; default: the folder's ``hubmonitor.yaml``, else the canonical layout).

    Without ``as_of``, a contract year that is not over is evaluated as of the data date: the
    folder's ``hubmonitor.yaml`` ``data_date:``, else the latest date in the data (``data_date``).
    Raises ``hubmonitor.errors.OutsideHubError`` when more than half of the located companies lie
    outside the contract's hub (most likely the wrong data folder), unless ``allow_outside_hub``."""
    from hubmonitor.contract.model import Contract as _Contract
    from hubmonitor.engine.evaluate import evaluate as _evaluate

    loaded = contract if isinstance(contract, _Contract) else load_contract(contract)
    today = _today()  # one day for the read and the evaluation
    dataset, day = read_for([(loaded, as_of)], data_dir, profile, today=today)  # a broken hubmonitor.yaml: said here
    return _evaluate(loaded, dataset, as_of=as_of, data_date=day, allow_outside_hub=allow_outside_hub, today=today)


def data_date(dataset: Dataset) -> date | None:
    """The date a data folder's data run to: its ``hubmonitor.yaml`` ``data_date:`` (read with the
    folder), else the latest date of a usable activity (of an answer when no activity is dated);
    None for a folder without a dated row. As the day of the run sees it: ``engine.evaluate.by_today``."""
    from hubmonitor.engine.evaluate import latest_date

    return dataset.declared_date if dataset.declared_date is not None else latest_date(dataset)


def read_for(jobs: Sequence[tuple[Contract, date | None]], data_dir: Path | str, profile: str | None = None,
             *, calendar: bool = True, today: date | None = None) -> tuple[Dataset, date | None]:
    """The data folder read for evaluating ``jobs`` (contract years sharing its data: block, each with
    its as-of date or None), and its data date (``data_date``; past the last year read, the date of
    a usable row after it: the year is over, which is all that date decides).

    Rows dated after the last year's end are counted, not typed (no year reads them; whether one is
    usable tells whether the data run past it); so are the rows before the first day the jobs read
    (``engine.reads``) when every year is evaluated whole. Whether it is depends on the data date,
    known once the folder is read: a year over by today is taken to be whole (its data mostly run to
    its end); a year with an as-of date inside it, or not over by today, is read from the first row.
    Should the data end within a year taken to be whole (and rows were left unread), or the data
    date not be known from the rows read, the folder is read again, whole: the figures never depend
    on the guess, only the time. ``calendar``: the engine is given the day of the run (``clock``);
    without it (a backtest) a year is over by its data alone, and so it is here. ``today``: the day of
    the run the evaluation is given too (default: the clock's)."""
    from hubmonitor.contract.durations import DurationTarget
    from hubmonitor.engine.evaluate import by_today, early_end_read, latest_read
    from hubmonitor.engine.reads import first_day_read, lean_read, whole_year
    from hubmonitor.io.dataset import load_dataset

    data = jobs[0][0].data if jobs else ()
    day_of_run = today if today is not None else _today()
    guessed = all(whole_year(c, a, None) if a is not None else c.period.end < day_of_run
                  for c, a in jobs)
    since = min((d for c, _ in jobs if (d := first_day_read(c, True)) is not None), default=None) if guessed else None
    until = max((c.period.end for c, _ in jobs), default=None)  # no year reads later rows
    if any(isinstance(t, DurationTarget) for c, _ in jobs for t in c.targets):
        # a duration's open case at the year end is measured to the data date, the latest usable row
        # after the year too: read, not the first one found (a review: a figure moved with the rows' order)
        until = None
    if calendar and until is not None and until >= day_of_run:
        # a year not over by today: the rows after it are all after today (planned, or a typing error), few,
        # and read so that each usable one is warned (dated-after-today) as the rows of the year after today are
        until = None
    lean = lean_read([c for c, _ in jobs])  # earlier years: read by the targets' rules and the signals only
    dataset = load_dataset(data_dir, profile=profile, data=data, since=since, until=until, lean=lean)
    known, latest = latest_read(dataset)
    day = dataset.declared_date if dataset.declared_date is not None else latest
    declared = dataset.declared_date is not None
    seen = by_today(dataset, day, day_of_run)  # the engine's data date: no data run past today
    rule = day_of_run if calendar else None  # the calendar's say on whether a year is over

    def covered(contract: Contract, as_of: date | None) -> bool:  # every row the job reads was read
        whole = whole_year(contract, as_of, seen, declared=declared, today=rule)
        first = first_day_read(contract, whole)
        # a finished year's data-ends-early warning looks for the latest usable activity by its end
        return since is None or (first is not None and first >= since
                                 and (not whole or day is None or early_end_read(dataset, contract)))

    unread = any(table.unread for table in dataset.tables.values())
    if unread and not ((known or dataset.declared_date is not None) and all(covered(c, a) for c, a in jobs)):
        del dataset  # e.g. the data end within a year taken to be whole: its pace reads every earlier year
        dataset = load_dataset(data_dir, profile=profile, data=data, lean=lean)
        day = data_date(dataset)
    return dataset, day


def evaluate_each(jobs: Iterable[tuple[Contract | Path | str, Path | str]
                                 | tuple[Contract | Path | str, Path | str, date | None]], *,
                  profile: str | None = None, allow_outside_hub: bool = False) -> Iterator[Report]:
    """Evaluate (contract, data folder) pairs in order, reading a data folder once for the pairs in a
    row that share it (several contract years on one hub's data) and keeping one folder in memory.
    A job may carry a third item, its as-of date, as ``evaluate``'s ``as_of`` (None: the data date
    while the year is not over, else the year end). Each job is checked against its contract's hub
    as ``evaluate`` does (``allow_outside_hub``)."""
    from hubmonitor.contract.model import Contract as _Contract
    from hubmonitor.engine.evaluate import evaluate as _evaluate

    def key(job: tuple[Contract, Path, date | None]) -> tuple[Path, tuple[object, ...]]:
        return job[1], tuple(job[0].data)

    def loaded() -> Iterator[tuple[Contract, Path, date | None]]:
        for contract, data_dir, *as_of in jobs:
            yield (contract if isinstance(contract, _Contract) else load_contract(contract), Path(data_dir),
                   as_of[0] if as_of else None)

    # read again only for another folder, or a contract whose data: block asks for other columns
    for (data_dir, _), group in groupby(loaded(), key=key):
        shared = list(group)
        today = _today()  # one day for the folder's read and its years
        dataset, day = read_for([(c, a) for c, _, a in shared], data_dir, profile, today=today)
        for contract, _, as_of in shared:
            yield _evaluate(contract, dataset, as_of=as_of, data_date=day, allow_outside_hub=allow_outside_hub,
                            today=today)
        del dataset  # let this folder's data go before the next is read


def backtest(draft: Contract | Path | str, data_dir: Path | str, years: Sequence[int], *,
             draft_year: int | None = None, profile: str | None = None, allow_outside_hub: bool = False,
             draft_file: str | None = None, within_data: bool = False) -> Backtest:
    """The draft contract ``draft`` (a file, for ``draft_year``, by default its first year; or a
    contract loaded for its year) evaluated on each of ``years`` of the data in ``data_dir`` by the
    same engine as a signed contract, as if it had been signed for that year (``contract.redate``),
    gathered per target with the calibration (``engine.backtest``). A year not over is evaluated as
    of the data date. ``draft_file``: how to name the draft (default: the path given, or the file
    the contract was loaded from). ``within_data``: leave out the years that begin after the data
    date (the command's default years; years asked for by name are evaluated, or refused, as given)."""
    from hubmonitor.contract.loader import load_for_year
    from hubmonitor.contract.model import Contract as _Contract
    from hubmonitor.contract.redate import redated
    from hubmonitor.engine.backtest import build
    from hubmonitor.engine.evaluate import evaluate as _evaluate
    from hubmonitor.errors import HubmonitorError, said

    loaded = draft if isinstance(draft, _Contract) else load_for_year(draft, draft_year)
    moved = [redated(loaded, year) for year in sorted(set(years))]
    today = _today()
    dataset, day = read_for([(contract, None) for contract in moved], data_dir, profile,  # one read for all years
                            calendar=False, today=today)
    if within_data and day is not None:
        moved = [contract for contract in moved if contract.period.start <= day]
        if not moved:
            raise HubmonitorError(said(f"data går til og med {day}: ingen af årene {_years(years)} har data", f"the "
                                                                                                              f"data "
                                  f"run to {day}: none of the years {_years(years)} has data"))
    # no calendar: a past year whose data end early is judged on pace and left out of the calibration, as
    # the years the draft is tried on are the data's years; but no data run past today (planned rows)
    reports = [_evaluate(contract, dataset, data_date=day, allow_outside_hub=allow_outside_hub, today=today,
                         calendar=False, empty_year=True) for contract in moved]
    named = draft_file or (str(draft) if not isinstance(draft, _Contract) else loaded.files[0])
    return build(loaded, named, Path(data_dir).name, reports)


def _years(years: Sequence[int]) -> str:
    ordered = sorted(set(years))
    return f"{ordered[0]}–{ordered[-1]}" if len(ordered) > 1 else ", ".join(map(str, ordered))
