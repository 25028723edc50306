"""What every metric needs: the contract, the evaluation window and the usable data in it.

The frames here are already free of quarantined and duplicate rows and cut to the window;
metric functions only filter and aggregate them. Reads no files, prints nothing.

The heavy aggregations (distinct companies among millions of rows) run as lazy queries:
collected, polars runs them on its parallel engine, about twice as fast as the same eager calls.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any

import polars as pl

from hubmonitor.contract.filters import Condition, Where, describe_where
from hubmonitor.contract.model import Contract
from hubmonitor.io.canonical import USABLE
from hubmonitor.io.external import ExternalFigures
from hubmonitor.reference import Municipality, MunicipalityRegistry
from hubmonitor.report import Finding
from hubmonitor.schema import SCHEMA, Source, SourceSchema


@dataclass(frozen=True)
class Window:
    start: date
    end: date  # the as-of date: the last day whose data counts

    def previous_year(self) -> Window:
        return Window(date(self.start.year - 1, 1, 1), date(self.start.year - 1, 12, 31))

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end


# The numeric operators of a filter; an empty cell gives null, which the filter takes as false.
_COMPARE: dict[str, Callable[[pl.Expr, Any], pl.Expr]] = {
    "more_than": lambda col, v: col > v, "at_least": lambda col, v: col >= v,
    "less_than": lambda col, v: col < v, "at_most": lambda col, v: col <= v,
    "between": lambda col, v: col.is_between(v[0], v[1], closed="both"),
}


def where_expr(where: Where) -> pl.Expr:
    """A contract filter as a polars expression (all conditions must hold)."""
    # One value per row, also for an empty filter: a bare pl.lit(True) is a scalar, and its
    # .sum() is 1, not the number of rows (that made the 'not answered' counts wrong).
    expr = pl.repeat(True, pl.len())
    for name, spec in where.items():
        col = pl.col(name)
        if isinstance(spec, Condition):
            op, arg = spec.operator()
            if op == "in":
                cond = col.is_in(arg)
            elif op == "not_in":
                cond = ~col.is_in(arg) | col.is_null()
            elif op == "contains":
                cond = col.list.contains(arg)
            elif op in _COMPARE:
                cond = _COMPARE[op](col, arg)
            else:
                cond = col.is_not_null() if arg else col.is_null()
        else:
            cond = col == spec
        expr = expr & cond.fill_null(False)
    return expr


def in_window(window: Window) -> pl.Expr:
    return pl.col("date").is_between(window.start, window.end, closed="both")


@dataclass
class UsableRows:
    """The rows of one source that count (neither quarantined nor duplicates), cut by calendar
    year when a year is first asked for. A window mostly lies within one year (a contract year), so
    it is cut from that year's rows, not from every row of every year: the pace chart alone asks
    for some sixty windows. A count over a contract of several years (``over: period``) asks for a
    window across years: it is cut from those years' rows together."""

    frame: pl.DataFrame = field(repr=False)  # the source's whole canonical frame
    _years: dict[int, pl.DataFrame] = field(default_factory=dict, repr=False)
    _spans: dict[int, tuple[date, date, int]] | None = field(default=None, repr=False)

    def year(self, year: int) -> pl.DataFrame:
        if year not in self._years:
            keep = USABLE & pl.col("date").is_between(date(year, 1, 1), date(year, 12, 31))
            # lazy, for polars' parallel engine (it keeps the rows' order)
            self._years[year] = self.frame.lazy().filter(keep).collect()
        return self._years[year]

    def window(self, window: Window) -> pl.DataFrame:
        year = window.start.year
        if window.end.year > year:  # across years: each year's rows, in the years' order
            years = [self.year(y) for y in range(year, window.end.year + 1)]
            return pl.concat(years, how="vertical_relaxed").filter(in_window(window))
        rows = self.year(year)
        if window.start == date(year, 1, 1) and window.end == date(year, 12, 31):
            return rows  # the whole year: nothing to cut
        span = self.spans().get(year)
        if span is None or (window.start <= span[0] and span[1] <= window.end):
            # every row of the year lies in the window (a year evaluated as of a day within it holds no
            # row after that day): nothing to cut, and no copy of every column of it
            return rows
        return rows.filter(in_window(window))

    def lazy(self, window: Window) -> pl.LazyFrame:
        """The usable rows dated in ``window`` as a query, not a copy: cut from the year's rows when
        they are cut already, else from the whole frame (an earlier year the pace only reads through
        a course function is never copied)."""
        year = window.start.year
        if window.end.year == year and year in self._years:
            return self._years[year].lazy().filter(in_window(window))
        return self.frame.lazy().filter(USABLE & in_window(window))

    def years(self) -> set[int]:
        """The years that any usable row is dated in: of the distinct days (a few thousand), not of every
        row (25 against 60 ms at 10M rows)."""
        return set(self.spans())

    def spans(self) -> dict[int, tuple[date, date, int]]:
        """Per year that any usable row is dated in, its first and last usable day and its number of
        distinct days: of the distinct days, found once (``years`` and the seasonal profile ask)."""
        if self._spans is None:
            days = (self.frame.lazy().filter(USABLE).select(pl.col("date").unique().drop_nulls()).collect()
                    .lazy().group_by(pl.col("date").dt.year().alias("year"))
                    .agg(pl.col("date").min().alias("first"), pl.col("date").max().alias("last"),
                         pl.len().alias("days")).collect())
            self._spans = {int(y): (first, last, int(n)) for y, first, last, n in days.iter_rows()}
        return self._spans


@dataclass
class Context:
    contract: Contract
    window: Window
    activity_rows: UsableRows = field(repr=False)  # every usable row, any date
    evaluation_rows: UsableRows = field(repr=False)  # every usable response, any date
    external: ExternalFigures | None
    registry: MunicipalityRegistry
    findings: list[Finding] = field(default_factory=list)  # data problems met while computing
    tallies: dict[str, int] = field(default_factory=dict)  # per code, findings beyond those listed in ``findings``
    # the usable rows of the sources beyond the activities and the evaluations (a ``data:`` block)
    other_rows: dict[str, UsableRows] = field(default_factory=dict, repr=False)
    schema: Mapping[str, SourceSchema] = field(default_factory=lambda: SCHEMA, repr=False)
    # the date the data run to (the folder's data_date: or its latest usable row; None: not known): what
    # was known at the year end includes the days after it to that date (a case still open on it)
    data_date: date | None = None
    data_declared: bool = False  # ``data_date`` is the folder's own (hubmonitor.yaml's data_date:), for every source
    today: date | None = None  # the day of the run (``clock``; None: not known): no data run past it
    several_folders: bool = False  # several data folders read as one (``io/combine.py``): each its own exports
    _companies: dict[tuple[str, str, str], pl.DataFrame] = field(default_factory=dict, repr=False)
    _records: dict[str, pl.DataFrame] = field(default_factory=dict, repr=False)
    _by_municipality: dict[str, dict[str, int]] = field(default_factory=dict, repr=False)
    _first_dates: dict[tuple[str, str], tuple[date | None, pl.Series]] = field(default_factory=dict, repr=False)

    # Cut to the window when first read: the seasonal profile's contexts mostly read one frame.
    @cached_property
    def activities(self) -> pl.DataFrame:
        """Usable rows dated in the window."""
        return self.activity_rows.window(self.window)

    @cached_property
    def previous_activities(self) -> pl.DataFrame:
        """Usable rows dated in the previous calendar year (read by the new-companies target)."""
        return self.activity_rows.window(self.window.previous_year())

    @cached_property
    def evaluations(self) -> pl.DataFrame:
        """Usable responses dated in the window."""
        return self.evaluation_rows.window(self.window)

    def records(self, source: str) -> pl.DataFrame:
        """Usable rows of any source dated in the window."""
        if source == Source.ACTIVITIES:
            return self.activities
        if source == Source.EVALUATIONS:
            return self.evaluations
        if source not in self._records:
            self._records[source] = self.other_rows[source].window(self.window)
        return self._records[source]

    def lazy_records(self, source: str) -> pl.LazyFrame:
        """Usable rows of any source dated in the window, as a query (``UsableRows.lazy``); the
        frame already cut when there is one (a ``cached_property`` read is in ``__dict__``)."""
        if source == Source.ACTIVITIES:
            return self.activities.lazy() if "activities" in self.__dict__ else self.activity_rows.lazy(self.window)
        if source == Source.EVALUATIONS:
            return self.evaluations.lazy() if "evaluations" in self.__dict__ else self.evaluation_rows.lazy(self.window)
        if source in self._records:
            return self._records[source].lazy()
        return self.other_rows[source].lazy(self.window)

    def first_dates(self, where: Where, source: str = Source.ACTIVITIES) -> tuple[date | None, pl.Series]:
        """The window's first date of any row of ``source`` (None: no row), and each company's first
        date of a row matching ``where``, sorted: what a distinct-company course reads. One query over
        the rows (not a copy of them), cached per filter: the pace asks for the same ones three times."""
        key = (str(source), _filter_key(where))
        if key not in self._first_dates:
            rows = self.lazy_records(source)
            # the two queries together: an earlier year not cut yet is read from the whole frame once
            first, firsts = pl.collect_all([
                rows.select(pl.col("date").min()),
                rows.filter(where_expr(where)).group_by("company_id").agg(pl.col("date").min())])
            self._first_dates[key] = (first.item(), firsts["date"].sort())
        return self._first_dates[key]

    def label(self, source: str, column: str | None = None) -> tuple[str, str]:
        """What the rows of ``source`` (or its ``column``) are called (Danish, English)."""
        schema = self.schema.get(source)
        if schema is None or (column is not None and column not in schema):
            return (column or source, column or source)
        label = schema[column].label if column is not None else schema.label
        return label.da, label.en

    def labels(self, source: str) -> dict[str, tuple[str, str]]:
        """What each column of ``source`` is called (Danish, English), the added ones included."""
        schema = self.schema.get(source)
        return {} if schema is None else {c.name: (c.label.da, c.label.en) for c in schema.columns}

    def where_words(self, where: Where, source: str) -> tuple[str, str]:
        """A filter on ``source`` in words (``describe_where``), Danish and English, each column by its
        label here (a column a data: block adds by its own)."""
        labels = self.labels(source)
        return describe_where(where, "da", labels), describe_where(where, "en", labels)

    @cached_property
    def hub_municipalities(self) -> tuple[Municipality, ...]:
        return tuple(self.registry.by_name[name] for name in self.contract.municipalities)

    def companies(self, where: Where, *, previous: bool = False, source: str = Source.ACTIVITIES) -> pl.DataFrame:
        """Distinct company ids with at least one row of ``source`` (an activity, by default)
        matching ``where``, in the window (or with ``previous``, in the year before). Cached per
        filter: a contract asks for the same one several times (the individually guided companies,
        for five targets)."""
        assert not previous or source == Source.ACTIVITIES, "the year before is read for the activities only"
        key = (str(source), "previous" if previous else "window", _filter_key(where))
        if key not in self._companies:
            rows = self.previous_activities if previous else self.records(source)
            self._companies[key] = rows.lazy().filter(where_expr(where)).select("company_id").unique().collect()
        return self._companies[key]

    def companies_by_municipality(self, where: Where) -> dict[str, int]:
        """Companies matching ``where``, counted in their municipality (hub or not): the one on
        the company's latest activity in the window, of any kind (on equal dates, the later row of
        the export). Cached per filter: the spread and the allocation usually ask for the same one.

        One group_by over the window finds each matching company's latest row, as a number, and
        only those rows are counted. Sorting all the rows by date and joining the companies back
        took several times as long; picking the municipality's text inside the group_by, 1.7 times."""
        key = _filter_key(where)
        if key not in self._by_municipality:
            rows = self.activities.lazy().with_columns(
                where_expr(where).alias("_match"), _export_order().alias("_order"))
            latest = (rows.group_by("company_id")
                      .agg(pl.col("_match").any(), pl.col("_order").max())
                      .filter("_match").collect()["_order"])
            counted = (rows.filter(pl.col("_order").is_in(latest.implode()))
                       .group_by("municipality").len().collect())
            self._by_municipality[key] = {m: int(n) for m, n in counted.iter_rows()}
        return self._by_municipality[key]


def _filter_key(where: Where) -> str:
    """A filter as a cache key: its conditions in the order of their column names."""
    return repr(sorted(where.items(), key=lambda item: item[0]))


def _export_order() -> pl.Expr:
    """Each row's place by date and then by place in the export, as one number unique to the row:
    the days since 1970 in the high 32 bits and ``_seq`` (the row's number, below 2**32) in the
    low ones."""
    return pl.col("date").cast(pl.Int64) * 2**32 + pl.col("_seq").cast(pl.Int64)
