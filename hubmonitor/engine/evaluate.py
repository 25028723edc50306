"""Evaluate every target of a contract on a dataset and account for every row."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import cast

import polars as pl

from hubmonitor.contract.model import Contract
from hubmonitor.contract.target_base import rule_digest
from hubmonitor.contract.targets import Target
from hubmonitor.days import short_date
from hubmonitor.engine import metrics  # noqa: F401  (registers the metric kinds)
from hubmonitor.engine.context import Context, UsableRows, Window
from hubmonitor.engine.figure import METRICS, Figure, judge
from hubmonitor.engine.goals import Resolved, due, explained, resolve, static_goal
from hubmonitor.engine.hub_check import check_hub
from hubmonitor.engine.missing import missing_columns, undated
from hubmonitor.engine.pace import ContextFor, Course, assess, progress
from hubmonitor.engine.quality import data_quality, shown_files
from hubmonitor.engine.reads import year_over
from hubmonitor.engine.signals import compute_signals, year_of
from hubmonitor.errors import HubmonitorError, UsageError, said
from hubmonitor.findings import EARLY_END_DAYS, SAMPLE_PER_CODE, finding
from hubmonitor.goal import Goal
from hubmonitor.io.canonical import USABLE, SourceTable
from hubmonitor.io.dataset import Dataset
from hubmonitor.io.external import DoneFlag
from hubmonitor.numbers import spoken_pair
from hubmonitor.profile.loader import SETTINGS_FILE
from hubmonitor.reference import MunicipalityRegistry, load_registry
from hubmonitor.report import Finding, PeriodInfo, QualitativeResult, Report, TargetResult, is_number
from hubmonitor.schema import Source

Usable = tuple[UsableRows, UsableRows]  # the usable rows of the activities and the evaluations


def evaluation_window(contract: Contract, as_of: date | None) -> Window:
    start, end = contract.period.start, contract.period.end
    if as_of is None:
        return Window(start, end)
    if not start <= as_of <= end:
        raise UsageError(said(f"--as-of {as_of} ligger uden for kontraktperioden {start} – {end}",
                              f"--as-of {as_of} is outside the contract period {start} – {end}"))
    return Window(start, as_of)




def _latest_row(table: SourceTable, until: date | None = None) -> dict[str, object] | None:
    """The usable row of ``table`` with the latest date (on or before ``until``), the last read of
    that day: its date, file, sheet and row; None when there is none."""
    frame = table.frame
    if frame.is_empty() or "date" not in frame.columns:
        return None
    keep = USABLE & pl.col("date").is_not_null()
    if until is not None:
        keep &= pl.col("date") <= until
    rows = (frame.lazy().filter(keep).sort(["date", "_seq"], descending=True).head(1)
            .select("date", "_file", "_sheet", "_row").collect())
    return rows.row(0, named=True) if rows.height else None


def _by_date_order(dataset: Dataset) -> list[list[SourceTable]]:
    """The tables the data date is taken from, in turn: the activities, the answers, then the sources
    a contract's ``data:`` block adds (each has a ``date`` column; a folder of a municipality's cases),
    together: the latest of them, whatever order the block lists them in (a review: the first listed
    decided, and a municipality's inquiries to 30 November were cut at its cases' 10 November)."""
    added = [table for source, table in dataset.tables.items() if source not in (Source.ACTIVITIES, Source.EVALUATIONS)]
    return [[dataset.activities], [dataset.evaluations], added]


def latest_date(dataset: Dataset, until: date | None = None) -> date | None:
    """The date the data run to: the latest date of a usable activity (not quarantined, not a
    duplicate; on or before ``until``); the evaluations' only when no activity is dated (a folder of
    answers alone), the latest of the sources a ``data:`` block adds with a ``date`` column only when
    neither is. The activities decide because the counting targets, which the pace judges, count them."""
    for tables in _by_date_order(dataset):
        dated = [cast(date, row["date"]) for row in (_latest_row(table, until) for table in tables) if row is not None]
        if dated:
            return max(dated)
    return None


def by_today(dataset: Dataset, data_date: date | None, today: date | None) -> date | None:
    """The data date as the day of the run sees it (``clock``): no data run past today. A folder's
    declared date after today is today; a date taken from the rows is that of the latest usable row
    on or before today (planned activities after it do not move it)."""
    if today is None or data_date is None or data_date <= today:
        return data_date
    if dataset.declared_date is not None:
        return today
    return latest_date(dataset, today)


def latest_read(dataset: Dataset) -> tuple[bool, date | None]:
    """``latest_date`` of a dataset read between two days (``load_dataset(since=…, until=…)``) as far as
    it can tell, and whether it can: the latest usable row read (every row not read before it is
    earlier), or a usable row after the last day read (its date: the data run past that day, which
    is all a year ending by then needs to know). Not known when the table it comes from has no usable
    dated row read but rows before the first day, or rows after the last day not looked at."""
    for tables in _by_date_order(dataset):
        if not all(table.after_known for table in tables):
            return False, None
        after = [table.after for table in tables if table.after is not None]
        if after:  # (after every row read: later than any of them)
            return True, max(after)
        dated = [cast(date, row["date"]) for row in (_latest_row(table) for table in tables) if row is not None]
        if dated:  # (a table of the same turn with rows before the first day only has none later than these)
            return True, max(dated)
        if any(table.early for table in tables):  # its latest usable row may be among those not read
            return False, None
    return True, None


def early_end_read(dataset: Dataset, contract: Contract) -> bool:
    """Can ``early_end`` be told from the rows read: the latest usable activity on or before the
    year end is among them, or no row before the first day read was left unread."""
    table = dataset.activities
    return not table.early or not table.exported or _latest_row(table, contract.period.end) is not None


def _undated_as_of(contract: Contract, today: date) -> date | None:
    """The as-of date of a contract year whose data have no dated row to go by (a folder of a
    municipality's own sources without a ``date`` column, or with every row set aside): no data run
    past today, so a year not over by today is evaluated as of today (an open case is judged against
    today, a pace against today's share of the year), and a year not begun is refused, as a year the
    dated data end before is."""
    start, end = contract.period.start, contract.period.end
    if today < start:
        raise HubmonitorError(said(
            f"kontraktåret {contract.period.year} begynder {start}, efter i dag ({today}): der er intet at opgøre "
            "endnu (HUBMONITOR_TODAY sætter dagen)",
            f"the contract year {contract.period.year} begins on {start}, after today ({today}): nothing to "
            "evaluate yet (HUBMONITOR_TODAY sets the day)"))
    return today if today < end else None


def running_as_of(contract: Contract, data_date: date, dataset: Dataset | None = None,
                  today: date | None = None) -> date | None:
    """The as-of date of a contract year given the date its data run to: that date while the year
    is not over, None (the whole year) once it is (``reads.year_over``: by the data, or by the calendar
    when the date is not declared); an error when the data end before the year begins, naming what in
    ``dataset`` may be why (``_why_early``)."""
    start, end = contract.period.start, contract.period.end
    if data_date >= end:
        return None
    if data_date < start:
        year = contract.period.year
        folder_date = dataset.declared_date if dataset is not None else None
        if folder_date is not None and folder_date == data_date:
            # the folder says so (a snapshot, as the demo's): that is the reason, not its rows (a review was
            # sent to the bad dates of 2021 in a demo folder whose hubmonitor.yaml says data_date: 2025-09-30)
            raise HubmonitorError(
                said(f"datamappens hubmonitor.yaml siger data_date: {folder_date}, før kontraktåret {year} begynder: "
                     "der er intet at opgøre (data_date: siger, at data er taget ud den dag; har mappen nyere data, så "
                     "ret eller fjern data_date:)",
                     f"the data folder's hubmonitor.yaml says data_date: {folder_date}, before the contract year "
                     f"{year} begins: nothing to evaluate (data_date: says the data were exported that day; if the "
                     "folder holds newer data, change or remove data_date:)"))
        da, en = _why_early(dataset) if dataset is not None else ("", "")
        raise HubmonitorError(said(f"data går til og med {data_date}, før kontraktåret {year} begynder: der er intet "
                              f"at opgøre (datoen er den seneste dato i data til og med i dag; rækker dateret efter i "
                              f"dag tæller ikke){da}", f"the data run to {data_date}, before the contract year {year} "
                              f"begins: nothing to evaluate (the date is the latest date in the data up to today; "
                              f"rows dated after today do not count){en}"))
    declared = dataset is not None and dataset.declared_date is not None
    return None if year_over(start, end, data_date, declared=declared, today=today) else data_date


def _require_rows_in_year(contract: Contract, usable: Sequence[UsableRows], dataset: Dataset) -> None:
    """Data that run past the contract year with not one usable activity or answer dated in it, nor
    its external-<year>.yaml (a 2022 contract on a folder of 2025 and 2026): an error, not a year of
    "mangler data" headed "data til og med 2022-12-31", naming what in ``dataset`` may be why
    (``_why_early``)."""
    year = contract.period.year
    if any(rows.year(year).height for rows in usable) or year in dataset.external:  # its external figures: data
        return
    # a source of the contract's own (a municipality's case log: a data: block's) with a row of the year: data
    # (a review: a finished year of such a log alone was refused, and --years stopped on it)
    in_year = USABLE & pl.col("date").is_between(date(year, 1, 1), date(year, 12, 31))
    if any(table.frame.lazy().filter(in_year).select(pl.len()).collect().item()
           for source, table in dataset.tables.items()
           if source not in (Source.ACTIVITIES, Source.EVALUATIONS) and "date" in table.frame.columns):
        return
    da, en = _why_early(dataset)
    raise HubmonitorError(
        said(f"ingen aktiviteter eller besvarelser i data er dateret i kontraktåret {year}, og der er ingen "
        f"external-{year}.yaml, men data går ud over året: der er intet at opgøre (er det den rigtige kontrakt og "
        f"datamappe? hubmonitor check-data viser årene i data){da}", f"no activity or answer in the data is dated in "
        f"the contract year {year} and there is no external-{year}.yaml, but the data run past it: nothing to "
        f"evaluate (is this the right contract and data folder? hubmonitor check-data shows the years in the "
        f"data){en}"))


def _why_early(dataset: Dataset) -> tuple[str, str]:
    """What may hold the year's rows where the data end before it: the folder's files no source
    reads (a name the profile does not know), and the rows quarantined for a date that could not be
    read (another date format); "" when neither. Danish, English."""
    da: list[str] = []
    en: list[str] = []
    if dataset.unread_files:
        names = ", ".join(shown_files(dataset, dataset.unread_files[:5]))
        more = len(dataset.unread_files) - 5
        da.append(f"filer i mappen, som ikke læses: {names}" + (f" og {more} til" if more > 0 else ""))
        en.append(f"files in the folder that are not read: {names}" + (f" and {more} more" if more > 0 else ""))
    for table in dataset.tables.values():
        bad = table.counts.get("bad-date", 0)
        if bad:
            rows = table.quarantined_rows  # every quarantined row with its file and reasons (the findings: a sample)
            files = ([] if rows is None else
                     sorted(set(rows.filter(pl.col("reasons").str.contains("bad-date (", literal=True))["file"])))
            # named as the findings name the files read (only a file no source reads is masked, as the
            # report's list of unread files is: its name may be anything)
            where = ", ".join(files[:3]) + (" …" if len(files) > 3 else "")
            count = spoken_pair(bad)
            rows_da, rows_en = ("række", "row") if bad == 1 else ("rækker", "rows")
            da.append(f"{count[0]} {rows_da}{' i ' + where if where else ''} med en dato, der ikke kan læses "
                      "(bad-date: er datoformatet et andet? se hubmonitor check-data)")
            en.append(f"{count[1]} {rows_en}{' in ' + where if where else ''} with a date that cannot be read "
                      "(bad-date: is the date format another? see hubmonitor check-data)")
    return ("; " + "; ".join(da) if da else "", "; " + "; ".join(en) if en else "")


def early_end(dataset: Dataset, contract: Contract) -> Finding | None:
    """A finished contract year whose latest usable activity (on or before the year end) is more than
    ``EARLY_END_DAYS`` days before the year end: a data-ends-early warning at that row. None when it
    is not, or when no activity is dated on or before the year end (the targets and the row
    accounting show that already)."""
    end = contract.period.end
    if not dataset.activities.exported:
        return None
    row = _latest_row(dataset.activities, end)
    if row is None or (end - row["date"]).days <= EARLY_END_DAYS:  # type: ignore[operator]
        return None
    return _at_row("data-ends-early", row)


def compared_years_short(dataset: Dataset, contract: Contract,
                         profiled: Mapping[str, Sequence[int]] | None = None) -> list[tuple[Finding, list[str]]]:
    """Each earlier year a target reads activities of to compare with (the year before of the share of
    new companies, a goal set from last year's figure: ``TargetBase.years_back``; during the year, the
    years of its seasonal profile, ``profiled``: per target id) whose usable activities end more than
    ``EARLY_END_DAYS`` days before its end, or begin more than that after its start: a warning at that
    row, naming the targets (``detail``). An export of half that year found as many more companies "new"
    without a word (a review: 76,5 % → 84,8 %); a profile year exported from July turned a target that was
    behind into one on track (a review). None for a year without a usable activity (the targets say there
    is nothing to compare with). Each with the ids of the targets that read the year."""
    if not dataset.activities.exported:
        return []
    readers: dict[int, list[str]] = {}
    for target in contract.targets:
        if str(Source.ACTIVITIES) not in {str(source) for source in target.reads()}:
            continue
        first = contract.span[0] if target.over == "period" and contract.span else contract.period.year
        years = [first - back for back in range(1, target.years_back() + 1)]
        years += [year for year in (profiled or {}).get(target.id, ()) if year not in years]
        for year in years:
            readers.setdefault(year, []).append(target.id)
    found = []
    for year, ids in sorted(readers.items()):
        start, end = date(year, 1, 1), date(year, 12, 31)
        first_row, last_row = _edge_rows(dataset.activities, start, end)
        if first_row is None or last_row is None:
            continue
        detail = (f"{year} læses af {', '.join(ids)}", f"{year} is read by {', '.join(ids)}")
        if (end - cast(date, last_row["date"])).days > EARLY_END_DAYS:
            found.append((_at_row("compared-year-ends-early", last_row, detail), ids))
        if (cast(date, first_row["date"]) - start).days > EARLY_END_DAYS:
            found.append((_at_row("compared-year-starts-late", first_row, detail), ids))
    return found


def _caveated(targets: list[TargetResult], short: list[tuple[Finding, list[str]]]) -> list[TargetResult]:
    """The explanation of each target reading a year ``compared_years_short`` found short says so, beside
    its figure (the warning itself is among the data quality's): one sentence a year."""
    edges: dict[str, dict[int, dict[str, date]]] = {}
    for found, ids in short:
        day = date.fromisoformat(cast(str, found.value))
        side = "ends" if found.code == "compared-year-ends-early" else "begins"
        for target_id in ids:
            edges.setdefault(target_id, {}).setdefault(day.year, {})[side] = day
    if not edges:
        return targets

    def notes(target_id: str) -> tuple[str, str]:
        da, en = [], []
        for year, sides in sorted(edges[target_id].items()):
            begins, ends = sides.get("begins"), sides.get("ends")
            words_da = [f"begynder {short_date(begins, 'da')}"] if begins else []
            words_da += [f"slutter {short_date(ends, 'da')}"] if ends else []
            words_en = [f"begin {short_date(begins, 'en')}"] if begins else []
            words_en += [f"end {short_date(ends, 'en')}"] if ends else []
            da.append(f" Bemærk: aktiviteterne i {year} {' og '.join(words_da)}; mangler der data, kan "
                      "sammenligningen være skæv.")
            en.append(f" Note: the activities of {year} {' and '.join(words_en)}; if data are missing, the "
                      "comparison may be skewed.")
        return "".join(da), "".join(en)

    out = []
    for t in targets:
        if t.id in edges:
            da, en = notes(t.id)
            t = t.model_copy(update={"explanation": t.explanation + da, "explanation_en": t.explanation_en + en})
        out.append(t)
    return out


def _edge_rows(table: SourceTable, start: date, end: date) -> tuple[dict[str, object] | None, dict[str, object] | None]:
    """The usable rows of ``table`` with the earliest date (the first read of that day) and the latest
    (the last read of it) from ``start`` to ``end``."""
    frame = table.frame
    if frame.is_empty() or "date" not in frame.columns:
        return None, None
    rows = frame.lazy().filter(USABLE & pl.col("date").is_between(start, end)).select("date", "_seq", "_file", "_sheet",
                                                                                       "_row")
    first, last = pl.collect_all([rows.sort(["date", "_seq"]).head(1),
                                  rows.sort(["date", "_seq"], descending=True).head(1)])
    return (first.row(0, named=True) if first.height else None), (last.row(0, named=True) if last.height else None)


def _at_row(code: str, row: dict[str, object], detail: tuple[str | None, str | None] = (None, None)) -> Finding:
    """A finding about the data's last day at the row it is of (``_latest_row``), the date as value."""
    return finding(code, str(row["_file"]), row=row["_row"], column="date",  # type: ignore[arg-type]
                   value=str(row["date"]), sheet=row["_sheet"], detail=detail)  # type: ignore[arg-type]


def after_today(dataset: Dataset, today: date) -> tuple[list[Finding], int]:
    """Data said to run past ``today``: a ``dated-after-today`` warning at each usable activity or
    answer dated after it (the first ``SAMPLE_PER_CODE`` listed, all counted), and at the folder's
    ``data_date:`` when that is after it. Those rows are outside the period (planned activities, or a
    typing error); how many there are, beside the findings listed. A year not over by today is read
    with the rows after it (``read_for``), so that a planned row of next year is among them; the year's
    row accounting holds the rows of its own year only, as for every other year."""
    found = []
    if dataset.declared_date is not None and dataset.declared_date > today:
        found.append(finding("dated-after-today", SETTINGS_FILE, column="data_date", value=str(dataset.declared_date)))
    total = len(found)
    for table in (dataset.activities, dataset.evaluations):  # an answer dated after today is outside too
        frame = table.frame
        if not frame.height or "date" not in frame.columns:
            continue
        listed, more = _listed(frame.lazy().filter(USABLE & (pl.col("date") > today)), "dated-after-today",
                               SAMPLE_PER_CODE - len(found))
        found += listed
        total += more
    # a milestone of the figures measured by others dated after today (a meeting planned): not counted either,
    # and said as a row is (a review found "Frederikshavn, 2026-12-10" left out without a word)
    for year in sorted(dataset.external):
        ext = dataset.external[year]
        for name, evidence in ext.milestones.items():
            days = [evidence.date] if isinstance(evidence, DoneFlag) else [item.date for item in evidence]
            for day in sorted(d for d in days if d is not None and d > today):
                total += 1
                if len(found) < SAMPLE_PER_CODE:
                    found.append(finding("dated-after-today", ext.file, column=f"milestones.{name}", value=str(day)))
    return found, total


def after_data_date(dataset: Dataset, data_date: date, last: date) -> tuple[list[Finding], int]:
    """During the year, evaluated to the data date the activities give (no ``--as-of``, no declared
    ``data_date:``): the usable answers dated after it and up to ``last`` (today, or the year's end), which
    the evaluation does not count (the first ``SAMPLE_PER_CODE`` listed, all counted). A director's answer
    of 30 November beside activities to 29 November was "uden for perioden" without a word (a review)."""
    table = dataset.evaluations
    frame = table.frame
    if not frame.height or "date" not in frame.columns or last <= data_date:
        return [], 0
    return _listed(frame.lazy().filter(USABLE & (pl.col("date") > data_date) & (pl.col("date") <= last)),
                   "after-data-date")


def _listed(rows: pl.LazyFrame, code: str, room: int = SAMPLE_PER_CODE) -> tuple[list[Finding], int]:
    """A warning ``code`` at each of ``rows`` (a query of usable dated rows): the first ``room`` by date
    and the export's order listed, how many there are in all."""
    total = int(rows.select(pl.len()).collect().item())
    first = rows.sort(["date", "_seq"]).head(max(0, room)).select("date", "_file", "_sheet", "_row").collect()
    return [_at_row(code, row) for row in first.iter_rows(named=True)], total


def after_export(dataset: Dataset, today: date, last: date) -> tuple[list[Finding], int]:
    """Activities that were planned when the export was taken: registered before their own date and
    dated after the latest day the export shows to have been held (a row's date where it was registered
    on or after it or has no registration time, else its registration day; on or before ``today``),
    and on or before ``today`` and ``last`` (the last day the evaluation counts; a row after today is
    ``dated-after-today``). Counted as the data say, but
    warned (``planned-at-export``, the first ``SAMPLE_PER_CODE`` listed, all counted): an export of 4
    December read in January counts its planned December events as held, which nothing else shows (a
    review). Without registration times: none."""
    frame = dataset.activities.frame
    if not frame.height or "registered_at" not in frame.columns or "date" not in frame.columns:
        return [], 0
    registered = pl.col("registered_at").dt.date()
    usable = frame.lazy().filter(USABLE)
    # the latest day the export shows to have been held: a row registered on or after its date (or with no
    # registration time) is held by its date; one registered ahead shows only that the export ran on the
    # day it was registered (so partly filled registration times do not make the held rows look planned)
    ahead = registered.is_not_null() & (registered < pl.col("date"))
    held = pl.when(ahead).then(registered).otherwise(pl.col("date"))
    export, any_ahead = usable.select(held.filter(held <= today).max().alias("export"),
                                      ahead.any().alias("ahead")).collect().row(0)
    if export is None or not any_ahead:
        return [], 0
    planned = usable.filter((pl.col("date") > export) & (pl.col("date") <= min(today, last))
                            & (registered < pl.col("date")))
    return _listed(planned, "planned-at-export")


def today_warnings(dataset: Dataset, today: date, last: date) -> list[tuple[str, list[Finding], int]]:
    """What the day of the run says of the data, per code with the findings listed and how many there
    are in all: rows dated after today (``after_today``) and activities planned when the export was
    taken, dated up to ``last`` (``after_export``). ``evaluate`` and ``check-data`` say them alike."""
    return [("dated-after-today", *after_today(dataset, today)),
            ("planned-at-export", *after_export(dataset, today, last))]


def ends_before(dataset: Dataset, data_date: date, as_of: date) -> Finding | None:
    """A year evaluated as of a day after the data run to (``--as-of`` later than the data date): a
    data-ends-before-as-of warning, at the row of the data date (the latest usable activity by it; with
    several folders, of the folder whose data end first), or at the folder's ``data_date:`` when no row
    is of that day. The values count only to the data date, while the pace and the pro-rated targets
    are worked out to ``as_of``: judged short, said why."""
    if data_date >= as_of:
        return None
    if dataset.declared_date is not None and data_date == dataset.declared_date:
        # the folder says where its data end (hubmonitor.yaml), unless rows dated after that day, up to the
        # as-of day, are counted (--as-of wins over data_date:): then the data end at the latest of them (a
        # review: "the values count to 30 November" of a report counting rows to 6 December)
        later = _latest_row(dataset.activities, as_of)
        if later is not None and cast(date, later["date"]) > data_date:
            return None if cast(date, later["date"]) >= as_of else _at_row("data-ends-before-as-of", later)
        return finding("data-ends-before-as-of", SETTINGS_FILE, column="data_date", value=str(data_date))
    # the row the date is of (with several folders: the folder whose data end first)
    row = _latest_row(dataset.activities, data_date)
    if row is not None and row["date"] == data_date:
        return _at_row("data-ends-before-as-of", row)
    if dataset.declared_date is not None:  # no row of that day: the folder says it (hubmonitor.yaml)
        return finding("data-ends-before-as-of", SETTINGS_FILE, column="data_date", value=str(data_date))
    return None


def _contexts(contract: Contract, dataset: Dataset, usable: Usable, registry: MunicipalityRegistry,
              data_date: date | None = None, today: date | None = None) -> tuple[ContextFor, ContextFor]:
    """Two functions giving the context of any window: one cached (the evaluation window, and the
    earlier years' windows that the seasonal profile reads), one not (the many short windows of
    the pace chart, dropped after use). ``data_date``: the date the data run to (``Context.data_date``);
    ``today``: the day of the run (``Context.today``)."""
    activities, evaluations = usable
    # the sources a data: block adds, each cut by year when first read
    others = {source: UsableRows(table.frame) for source, table in dataset.tables.items()
              if source not in (Source.ACTIVITIES, Source.EVALUATIONS)}
    cache: dict[Window, Context] = {}

    def make_context(window: Window) -> Context:
        return Context(
            contract=contract,
            window=window,
            activity_rows=activities,
            evaluation_rows=evaluations,
            external=dataset.external.get(window.start.year),
            registry=registry,
            other_rows=others,
            schema=dataset.schema,
            data_date=data_date,
            data_declared=dataset.declared_date is not None,
            today=today,
            several_folders=any(table.folders for table in dataset.tables.values()),
        )

    def context_for(window: Window) -> Context:
        if window not in cache:
            cache[window] = make_context(window)
        return cache[window]

    return context_for, make_context


def earlier_years(dataset: Dataset, year: int, usable: Usable) -> list[int]:
    """The years before ``year`` that the data folder holds anything dated in (or an external file for);
    ``usable`` is the usable rows of the activities and the evaluations."""
    years: set[int] = {y for y in dataset.external if y < year}
    for rows in usable:
        years |= {y for y in rows.years() if y < year}
    return sorted(years)


SLIVER = 0.1  # an earlier year with data on fewer days than this share of the busiest year's: no year's course


def partial_years(years: Sequence[int], usable: Usable) -> dict[int, tuple[date, date, int]]:
    """Of ``years``, those whose usable rows lie on fewer distinct days than ``SLIVER`` of the days of
    the year with the most (of any year in the data, the one evaluated too), with their first and last
    day and their days: a sliver of stray rows, not a year's course, so not in the seasonal profile (a
    review: one row typed "01-03-2016" in a 2026 file made 2016 a profile year that had reached
    everything by March, and the director's pace "bagud" without a word). A year that ends early or
    begins late but has its days (a Christmas break, a hub's first autumn) stays; a year with no row
    (an external file's) is not partial."""
    per_year: dict[int, list[tuple[date, date, int]]] = {}
    for rows in usable:
        for y, span in rows.spans().items():
            per_year.setdefault(y, []).append(span)
    # a year's first and last day over every source, its days the most any source has
    spans = {y: (min(s[0] for s in found), max(s[1] for s in found), max(s[2] for s in found))
             for y, found in per_year.items()}
    busiest = max((days for _, _, days in spans.values()), default=0)
    return {y: spans[y] for y in sorted(years) if y in spans and spans[y][2] < SLIVER * busiest}


def _over_period(figure: Figure, contract: Contract) -> Figure:
    """A figure counted over the contract's period: said in its words and details."""
    assert contract.span is not None
    first, last = contract.span
    da, en = figure.explanation
    return replace(figure, details={**figure.details, "period": [first, last]},
                   explanation=(f"{da.rstrip('.')}; talt over hele kontraktperioden {first}–{last} (fra 1. januar "
                                f"{first}).", f"{en.rstrip('.')}; counted over the whole contract period "
                                f"{first}–{last} (from 1 January {first})."))


def _result(target: Target, figure: Figure, goal: Goal, contract: Contract) -> TargetResult:
    explanation = figure.explanation
    if figure.status is not None:  # judged by the metric itself (per group)
        status, uncertain, reason = figure.status, bool(figure.uncertain), figure.reason
    else:
        verdict = judge(figure.value, goal, n=figure.n, interval=figure.interval, min_answers=target.answers_needed)
        status, uncertain, reason = verdict.status, verdict.uncertain, verdict.reason or figure.reason
    # Rests on a sample of answers (the whole figure, or its groups): then the minimum applies.
    sampled = figure.n is not None or any(g.uncertain is not None for g in figure.groups)
    origin = contract.origins[target.id]
    return TargetResult(
        id=target.id, ref=target.ref, kind=target.kind, title=target.title,
        title_en=target.title_en, origin=origin.source, overridden=list(origin.overridden),
        unit=target.unit, value=figure.value, target=goal.value, comparison=target.comparison, goal=goal,
        status=status, numerator=figure.numerator, denominator=figure.denominator,
        exclusions=figure.exclusions, groups=figure.groups,
        explanation=target.explanation or explanation[0], explanation_en=explanation[1],
        reason=reason[0] if reason else None, reason_en=reason[1] if reason else None,
        quote=target.quote, status_text=target.status_text, details=figure.details,
        n=figure.n, min_answers=target.answers_needed if sampled else None,
        interval=figure.interval, uncertain=uncertain, rule=rule_digest(target),
    )


def portable_files(files: Sequence[str]) -> list[str]:
    """The contract's files as the results record them, the same from any working directory: the
    contract's own file name, then each file it extends relative to the contract's folder
    (``["2024.yaml", "../national/2024.yaml"]``). ``files`` are the paths the contract was loaded by."""
    if not files:
        return []
    folder = os.path.dirname(files[0]) or "."

    def relative(path: str) -> str:
        try:
            if os.path.exists(path) and os.path.isdir(folder):  # the real places: links followed
                return Path(os.path.relpath(os.path.realpath(path), os.path.realpath(folder))).as_posix()
            return Path(os.path.relpath(path, folder)).as_posix()
        except ValueError:  # another drive (Windows): no relative path
            return Path(path).name

    return [Path(files[0]).name, *(relative(f) for f in files[1:])]


def folder_name(data_dir: str) -> str:
    """The data folder as the results record it: its own name, the same from any working directory."""
    return Path(data_dir).resolve().name or str(data_dir)


def evaluate(contract: Contract, dataset: Dataset, *, as_of: date | None = None, data_date: date | None = None,
             registry: MunicipalityRegistry | None = None, allow_outside_hub: bool = False,
             today: date | None = None, calendar: bool = True, empty_year: bool = False) -> Report:
    """Every target of ``contract`` on ``dataset``. Raises ``OutsideHubError`` when most located
    companies in the window lie outside the contract's hub (the wrong data folder), unless
    ``allow_outside_hub`` (then the rows stay ``outside-hub`` warnings in the data quality).

    ``as_of``: the last day evaluated (None: the year end, or ``data_date``'s rule). ``data_date``:
    the date the data run to (the folder's ``data_date:`` or ``latest_date``); given, a year it is
    inside of is evaluated as of it (unless ``as_of``), and a finished year whose activities end
    early gets a ``data-ends-early`` warning. None: the year is evaluated whole, unchecked.
    ``today``: the day of the run (``clock``; None: no calendar, the data decide): no data run past
    it (``by_today``: the data date is the latest usable row on or before it, or the declared date at
    most it; rows after it get ``dated-after-today`` warnings and are outside the period, as
    ``as_of`` may not be after it), and, with ``calendar``, a year over by then is evaluated whole
    unless the folder declares its data date (a backtest judges its years by the data alone).
    ``empty_year``: evaluate a year with no data of its own (a backtest's early years) instead of
    refusing it."""
    registry = registry or load_registry()
    if today is not None and as_of is not None and as_of > today:
        raise UsageError(said(f"--as-of {as_of} ligger efter i dag ({today}): data kan ikke gå længere end til i "
                              f"dag (HUBMONITOR_TODAY sætter dagen)", f"--as-of {as_of} is after today ({today}): data "
                              f"cannot run past today (HUBMONITOR_TODAY sets the day)"))
    dated, data_date = data_date, by_today(dataset, data_date, today)
    if dated is not None and data_date is None:
        raise HubmonitorError(said(f"hver dateret række er dateret efter i dag ({today}): der er intet at opgøre endnu "
                              f"(planlagte aktiviteter? HUBMONITOR_TODAY?)", f"every dated row is dated after today "
                              f"({today}): nothing to evaluate yet (planned activities? HUBMONITOR_TODAY?)"))
    asked = as_of  # the day the user asked for (--as-of), if any
    if as_of is None and data_date is not None:
        as_of = running_as_of(contract, data_date, dataset, today if calendar else None)
    elif as_of is None and calendar and today is not None:
        as_of = _undated_as_of(contract, today)
    window = evaluation_window(contract, as_of)
    during_year = window.end < contract.period.end
    # every window is cut from its own year's usable rows, each year cut once when first read
    usable = (UsableRows(dataset.activities.frame), UsableRows(dataset.evaluations.frame))
    if data_date is not None and data_date > contract.period.end and not empty_year:
        _require_rows_in_year(contract, usable, dataset)
    # the day of the run caps what a source's own dates say, calendar or not (a backtest: no data run past today)
    context_for, make_context = _contexts(contract, dataset, usable, registry, data_date, today)
    ctx = context_for(window)
    if not allow_outside_hub:
        check_hub(ctx, dataset.data_dir)
    history = earlier_years(dataset, contract.period.year, usable) if during_year else []
    partial = partial_years(history, usable)  # stray slivers of a year: out of the seasonal profile, and said so
    history = [y for y in history if y not in partial]
    targets = []
    courses: list[Course] = []
    for original in contract.targets:
        spans = original.over == "period" and contract.span is not None
        # ``over: period``: counted from the first day of the contract's first year to the as-of date
        own = context_for(Window(date(contract.span[0], 1, 1), window.end)) if contract.span and spans else ctx
        end = due(original, contract)
        lacking = missing_columns(original, dataset.tables, own)
        resolved = (resolve(original, own, context_for) if lacking is None
                    else Resolved(original, static_goal(original, contract)))
        target, goal, unknown = resolved.target, resolved.goal, resolved.figure
        figure = explained(original, goal, lacking or unknown or METRICS[type(target)](target, own))
        figure = undated(figure, original, dataset.tables, own)  # no value: rows without a date may be why
        if spans:
            figure = _over_period(figure, contract)
        result = _result(target, figure, goal, contract)
        if own.window.end < end and target.counts_up() and lacking is None and unknown is None:
            pace = assess(target, figure, goal, own.window, end, [] if spans else history, context_for,
                          {} if spans else partial)
            result = result.model_copy(update={
                "status": pace.status or result.status, "pace": pace.rule, "elapsed_share": pace.elapsed_share,
                "prorated_target": pace.prorated_target, "expected_by_now": pace.expected_by_now,
                "season": pace.season, "forecast": pace.forecast,
                "pace_note": pace.note[0] if pace.note else None,
                "pace_note_en": pace.note[1] if pace.note else None,
            })
            if not spans:  # the course through the year, for the pace chart (not over a period)
                courses.append(pace.course)
        targets.append(result)
    if courses:
        course_of = progress(courses, window, contract.period.end, context_for, make_context)
        targets = [t.model_copy(update={"progress": course_of[t.id]}) if t.id in course_of else t for t in targets]
    if data_date is not None and not during_year:
        ended = early_end(dataset, contract)
        if ended is not None:
            ctx.findings.append(ended)
    short = compared_years_short(dataset, contract, {t.id: t.season.years for t in targets if t.season is not None})
    ctx.findings.extend(found for found, _ in short)
    targets = _caveated(targets, short)
    if data_date is not None and during_year:
        ended = ends_before(dataset, data_date, window.end)
        if ended is not None:
            ctx.findings.append(ended)
    if asked is None and during_year and dataset.declared_date is None and window.end == data_date:
        listed, total = after_data_date(dataset, window.end, min(today or contract.period.end, contract.period.end))
        ctx.findings.extend(listed)
        if total > len(listed):
            ctx.tallies["after-data-date"] = total - len(listed)
    if data_date is not None and today is not None:
        for code, listed, total in today_warnings(dataset, today, window.end):
            ctx.findings.extend(listed)
            if total > len(listed):
                ctx.tallies[code] = total - len(listed)
    members = [registry.by_name[name] for name in contract.municipalities]
    goals = {t.id: float(t.goal.value) for t in targets if is_number(t.goal.value)}
    signals = compute_signals(year_of(usable[0], window, contract.period.end, dataset.activities.company_values,
                                      rows=ctx.activities, folders=dataset.activities.folders),
                              contract, goals=goals, evidence=False)
    # before the unread files: it looks for their names too (``_hidden``). A day asked for (``as_of``) within the
    # year: the rows after it are outside the period, whatever they are; the data date's (the latest usable
    # row's) is no such day: the rows quarantined after it are the year's newest (a review: a September of
    # rows all quarantined vanished, and --strict passed)
    quality = data_quality(dataset, ctx, until=window.end if asked is not None and window.end < contract.period.end
                           else None)
    return Report(
        hub=contract.hub, erhvervshus=contract.erhvervshus, contract=contract.title,
        contract_en=contract.title_en, contract_id=contract.id, contract_files=portable_files(contract.files),
        framework=contract.framework,
        period=PeriodInfo(start=contract.period.start, end=contract.period.end, as_of=window.end),
        municipalities=list(contract.municipalities),
        population_date=members[0].population_date if members else contract.period.start,
        data_dir=folder_name(dataset.data_dir),
        unread_files=shown_files(dataset, dataset.unread_files, registry),  # a name may be a company's
        targets=targets,
        qualitative=[QualitativeResult(id=q.id, ref=q.ref, title=q.title, title_en=q.title_en,
                                       quote=q.quote, status_text=q.status_text)
                     for q in contract.qualitative],
        data_quality=quality,
        # patterns in a year's CRM activities: an export without them (a municipality's own case log,
        # ``activities: null`` in its profile) has none to show, not twelve that "cannot be assessed"
        signals=signals.results if dataset.activities.exported else [],
    )


__all__ = ["EARLY_END_DAYS", "after_export", "after_today", "by_today", "compared_years_short", "earlier_years",
           "early_end", "early_end_read", "ends_before", "evaluate", "evaluation_window", "folder_name",
           "latest_date", "latest_read", "portable_files", "running_as_of", "today_warnings"]
