"""Durations: the time between two date or datetime columns of a source (service goals).

One lazy polars query per target: each row's duration (in hours, calendar days or Danish working
days, less its paused days), its state (finished, open, negative, no start, bad pause) and then the
statistic per group. Rules (docs/decisions.md, "Durations (service goals)"):

- a row without a start date is excluded (``no_start``); a negative pause is excluded
  (``negative_paused``); a finished case whose duration is negative (the end before the start, or
  more paused days than days) is excluded (``negative_duration``), never used;
- a case without an end is open, and so is one whose end lies after the as-of day within the year
  (not known on that day; at the year end every end counts): left out of the statistics
  (``open``); for share_within an open
  case whose limit has passed by the end of the as-of day (at the year end: of the date the data
  run to, when later: a case still open then was open all that time) counts as not within, one still
  inside its limit is left out (``open_within_limit``: it can still make it);
- the percentile is the nearest rank (the smallest duration with at least p % of the cases at or
  below it); the median is the usual one (the mean of the two middle ones for an even count).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any, cast

import polars as pl

from hubmonitor.calendar_dk import working_days_between
from hubmonitor.contract.durations import DurationTarget
from hubmonitor.days import short_date
from hubmonitor.engine.context import Context, where_expr
from hubmonitor.engine.figure import Figure, exclusion, judge, metric, no_data
from hubmonitor.engine.goals import static_goal
from hubmonitor.engine.groups import combine
from hubmonitor.io.canonical import USABLE
from hubmonitor.numbers import spoken_pair
from hubmonitor.report import GroupResult, Status
from hubmonitor.schema import Kind
from hubmonitor.vocabulary import Source

HOUR_US = 3_600_000_000  # microseconds in an hour
EXCLUSIONS = {  # state: (step, Danish, English)
    "no_start": ("no_start", "uden startdato", "no start date"),
    "negative_paused": ("negative_paused", "negativt antal pausedage", "negative paused days"),
    # the end before the start, or more paused days than days (in the unit counted: paused working days
    # more than the working days): both a negative duration, neither a case's true time
    "negative": ("negative_duration", "negativ varighed (slutter før start, eller flere pausedage end dage)",
                 "negative duration (ends before it starts, or more paused days than days)"),
    "open": ("open", "ikke afsluttet (ingen slutdato)", "not finished (no end date)"),
    "open_within_limit": ("open_within_limit", "ikke afsluttet, men stadig inden for fristen",
                          "not finished, but still within the limit"),
}


def _as_datetime(column: str) -> pl.Expr:
    """A date or datetime column as a datetime (a date at midnight)."""
    return pl.col(column).cast(pl.Datetime("us"))


def _as_date(column: str, kind: Kind) -> pl.Expr:
    return pl.col(column) if kind is Kind.DATE else pl.col(column).dt.date()


def _measured_in(t: DurationTarget) -> str:
    """What the durations are counted in: hours, days or working_days."""
    return t.within.limit[0] if t.within is not None else t.unit


def _durations(t: DurationTarget, ctx: Context, rows: pl.DataFrame, known: date) -> pl.LazyFrame:
    """Per row: ``_key`` (its group), ``_state`` and ``_value`` (the duration in the target's unit,
    less the paused days; for an open case, the time it has been open by the end of ``known``, the day
    ``_measured_to`` gives)."""
    schema = ctx.schema[t.source]
    start_kind, end_kind = schema[t.start].kind, schema[t.end].kind
    paused = pl.col(t.paused).cast(pl.Float64).fill_null(0.0) if t.paused else pl.lit(0.0)
    # as of a day within the year, an end after that day was not known on it: the case was open then.
    # At the year end every end of the year's cases counts (the year's cases by how long they took), and
    # a case open still when the data end has been open until then (a review: one open at export was
    # left out as "can still make it" at 31 December while the same case closed late counted as late)
    as_of_end = datetime.combine(known + timedelta(days=1), datetime.min.time())
    end = (pl.col(t.end) if _year_end(ctx) else
           pl.when(_as_date(t.end, end_kind) <= ctx.window.end).then(pl.col(t.end)))
    unit = _measured_in(t)
    frame = rows.lazy().filter(where_expr(t.where)).with_columns(
        (pl.col(t.group_by).cast(pl.String) if t.group_by else pl.lit("")).alias("_key"),
        paused.alias("_paused"), end.alias("_end")).with_columns(pl.col("_end").is_null().alias("_open"))
    start_dt, end_dt = _as_datetime(t.start), _as_datetime("_end")
    open_end = pl.coalesce(end_dt, pl.lit(as_of_end))
    if unit == "working_days":
        after = known + timedelta(days=1)  # an open case ends the day after the as-of day (data date) at the earliest
        last = _as_date("_end", end_kind).fill_null(after)
        years = _years(rows, t, start_kind, end_kind, after)
        frame = working_days_between(_as_date(t.start, start_kind), last, frame, years)
        value = pl.col("_working_days").cast(pl.Float64) - pl.col("_paused")
    else:
        hours = (open_end - start_dt).dt.total_microseconds() / HOUR_US
        value = hours - pl.col("_paused") * 24 if unit == "hours" else hours / 24 - pl.col("_paused")
    frame = frame.with_columns(value.alias("_value"))
    limit = float(t.within.limit[1]) if t.within is not None else None
    state = (pl.when(pl.col(t.start).is_null()).then(pl.lit("no_start"))
             .when(pl.col("_paused") < 0).then(pl.lit("negative_paused"))
             # only a finished case can end before it starts: an open one (its paused days more than
             # the time open so far) is open, whatever its value
             .when(~pl.col("_open") & ((pl.col("_value") < 0) | _ends_first(t.start, start_kind, end_kind)))
             .then(pl.lit("negative"))
             .when(~pl.col("_open")).then(pl.lit("finished")))
    if limit is None:
        states = state.otherwise(pl.lit("open"))
    else:
        states = (state.when(pl.col("_value") > limit).then(pl.lit("open_late"))
                  .otherwise(pl.lit("open_within_limit")))
    return frame.with_columns(states.alias("_state")).select("_key", "_state", "_value")


def _ends_first(start: str, start_kind: Kind, end_kind: Kind) -> pl.Expr:
    """A finished case that ends before it starts, told at the times both columns hold: in working
    days only the dates count, so a case answered at 14:45 on the day it came in at 15:45 is 0 working
    days, not negative (a review: counted within the limit). A date without a time is any time of its
    day, so against a datetime only the dates are compared (the working days or days do that)."""
    if start_kind is Kind.DATETIME and end_kind is Kind.DATETIME:
        return pl.col("_end") < pl.col(start)
    return pl.lit(False)


def _year_end(ctx: Context) -> bool:
    """Is the window the whole contract year (every end of the year's cases counts)?"""
    return ctx.window.end >= ctx.contract.period.end


def _measured_to(t: DurationTarget, ctx: Context) -> date:
    """The last day an open case is measured to: the as-of day, or at the year end the date the
    target's source runs to when that is later (a case open still when its data end has been open
    until then)."""
    runs_to = _runs_to(t, ctx) if _year_end(ctx) else None
    return max(ctx.window.end, runs_to) if runs_to is not None else ctx.window.end


def _own_end(t: DurationTarget, ctx: Context) -> bool:
    """Does the target's source run to a date of its own (``_runs_to``), not the folder's data date?"""
    return not ctx.data_declared and t.source != Source.ACTIVITIES


def _runs_to(t: DurationTarget, ctx: Context) -> date | None:
    """The date the target's own source runs to: the folder's data date where it declares one
    (hubmonitor.yaml: for every source) or the source is the activities (whose latest row it is);
    else the source's own latest date, of its rows' date and the target's start and end, on or before
    the day of the run (of the folder whose log ends first, where several are read as one). A case log
    is its own export: a CRM's rows of January do not say a case log ending on 31 December ran on (a
    review: three CRM rows of the next year judged a log's open case late)."""
    if not _own_end(t, ctx):
        return ctx.data_date
    rows = ctx.evaluation_rows if t.source == Source.EVALUATIONS else ctx.other_rows.get(t.source)
    if rows is None:
        return None
    schema = ctx.schema[t.source]
    dated = [c for c in dict.fromkeys(("date", t.start, t.end))
             if c in rows.frame.columns and c in schema and schema[c].kind in (Kind.DATE, Kind.DATETIME)]
    if not dated:
        return None
    days = [_as_date(c, schema[c].kind) for c in dated]
    if ctx.today is not None:
        days = [day.filter(day <= ctx.today) for day in days]
    latest = pl.max_horizontal([day.max() for day in days])
    usable = rows.frame.lazy().filter(USABLE)
    if ctx.several_folders:
        # each folder's log its own export: the one whose data end first, as the folders' data date is (a
        # review: one folder's decision in March judged another folder's open case late)
        folder = pl.col("_file").str.split("/").list.first()
        per_folder = usable.group_by(folder.alias("_folder")).agg(latest.alias("_latest"))
        return cast(date | None, per_folder.select(pl.col("_latest").min()).collect().item())
    return cast(date | None, usable.select(latest).collect().item())


def _years(rows: pl.DataFrame, t: DurationTarget, start_kind: Kind, end_kind: Kind, as_of: date
           ) -> tuple[int, int]:
    """The first and last year the calendar must cover: every start and end date, and the as-of date."""
    span = rows.select(_as_date(t.start, start_kind).dt.year().min().alias("a"),
                       _as_date(t.start, start_kind).dt.year().max().alias("b"),
                       _as_date(t.end, end_kind).dt.year().min().alias("c"),
                       _as_date(t.end, end_kind).dt.year().max().alias("d")).row(0)
    years = [y for y in (*span, as_of.year) if y is not None]
    return min(years), max(years)


def _statistic(t: DurationTarget) -> pl.Expr:
    """The measure over the rows counted (``_value`` of the finished cases; for share_within also
    the late open ones, ``_within`` true or false)."""
    value = pl.col("_value")
    if t.measure == "mean":
        return value.mean()
    if t.measure == "median":
        return value.median()
    if t.measure == "max":
        return value.max()
    if t.measure == "percentile":
        # nearest rank: the ceil(p/100 × n)-th smallest (1-based)
        rank = (pl.len().cast(pl.Float64) * float(t.percentile or 0) / 100).ceil().cast(pl.Int64).clip(1)
        return value.sort().gather(rank - 1).first()
    return pl.col("_within").mean()


def _per_group(t: DurationTarget, frame: pl.LazyFrame) -> tuple[dict[str | None, dict[str, Any]], dict[str, int]]:
    """Per group: value, counted, within; and the count of each state (over every group)."""
    limit = float(t.within.limit[1]) if t.within is not None else 0.0
    counted_states = ["finished", "open_late"] if t.within is not None else ["finished"]
    counted = (frame.filter(pl.col("_state").is_in(counted_states))
               .with_columns(((pl.col("_state") == "finished") & (pl.col("_value") <= limit)).alias("_within"))
               .group_by("_key").agg(_statistic(t).alias("value"), pl.len().alias("counted"),
                                     pl.col("_within").sum().alias("within")))
    states = frame.group_by("_state").len()
    keys = frame.select(pl.col("_key").unique())
    by_key, state_counts, all_keys = pl.collect_all([counted, states, keys])
    result: dict[str | None, dict[str, Any]] = {row["_key"]: row for row in by_key.to_dicts()}
    for key in all_keys["_key"].to_list():
        result.setdefault(key, {"value": None, "counted": 0, "within": 0})
    return result, {s: int(n) for s, n in state_counts.iter_rows()}


def _explanation(t: DurationTarget, ctx: Context, later: date) -> tuple[str, str]:
    start_da, start_en = ctx.label(t.source, t.start)
    end_da, end_en = ctx.label(t.source, t.end)
    rows_da, rows_en = ctx.label(t.source)
    if t.within is not None:
        key, n = t.within.written
        weeks = (f"{n} uge" if n == 1 else f"{n} uger", f"{n} week" if n == 1 else f"{n} weeks")
        limit_da = {"hours": f"{n} timer", "days": f"{n} dage", "weeks": f"{weeks[0]} ({7 * n} dage)",
                    "working_days": f"{n} arbejdsdage"}[key]
        limit_en = {"hours": f"{n} hours", "days": f"{n} days", "weeks": f"{weeks[1]} ({7 * n} days)",
                    "working_days": f"{n} working days"}[key]
        what_da = f"Andelen af {rows_da} afsluttet inden for {limit_da}"
        what_en = f"Share of {rows_en} finished within {limit_en}"
    else:
        unit_da = "timer" if t.unit == "hours" else "dage"
        p = spoken_pair(t.percentile or 0)
        measure_da = {"mean": "Gennemsnitlig", "median": "Median", "max": "Længste",
                      "percentile": f"{p[0]}. percentil af"}[t.measure]
        measure_en = {"mean": "Mean", "median": "Median", "max": "Longest",
                      "percentile": f"{p[1]}th percentile of the"}[t.measure]
        what_da = f"{measure_da} tid i {unit_da} for {rows_da}"
        what_en = f"{measure_en} time in {t.unit} for {rows_en}"
    span_da = f" fra {start_da} til {end_da}" + (f", pausedage ({ctx.label(t.source, t.paused)[0]}) fratrukket"
                                                 if t.paused else "")
    span_en = f" from {start_en} to {end_en}" + (f", less paused days ({ctx.label(t.source, t.paused)[1]})"
                                                 if t.paused else "")
    where_da, where_en = ("", "")
    if t.where:
        da, en = ctx.where_words(t.where, t.source)
        where_da, where_en = f", hvor {da}", f", where {en}"
    group_da = f"; pr. {ctx.label(t.source, t.group_by)[0]}, og målet skal nås i hver" if t.group_by else ""
    group_en = f"; per {ctx.label(t.source, t.group_by)[1]}, and every group must meet it" if t.group_by else ""
    more = ("", "")
    if t.within is not None and later > ctx.window.end:  # said: it is not the period's last day (a review)
        if _own_end(t, ctx):  # the source's own latest date, which may not be the report's data date
            more = (f" Sager, der ikke er afsluttet, er målt til {short_date(later, 'da')}, den seneste dato i "
                    f"{rows_da}.", f" Cases not finished are measured to {short_date(later, 'en')}, the latest "
                                   f"date in the {rows_en}.")
        else:
            more = (f" Sager, der ikke er afsluttet, er målt til datadatoen {short_date(later, 'da')}.",
                    f" Cases not finished are measured to the data date {short_date(later, 'en')}.")
    return (f"{what_da}{span_da}{where_da}{group_da}.{more[0]}", f"{what_en}{span_en}{where_en}{group_en}.{more[1]}")


def _round(value: Any) -> float | None:
    return None if value is None else round(float(value), 6)


def _value(group: dict[str, Any], share: bool) -> float | None:
    """A group's value: a share within the limit is its cases within over those counted, unrounded
    like every share of the results (its numerator over its denominator, to the last decimal; a
    review found 528 / 692 given as 0.763006); a statistic of durations is rounded to 6 decimals
    (hours and days: what a sum of floats leaves past a second is noise)."""
    if group["value"] is None:
        return None
    return int(group["within"]) / int(group["counted"]) if share else _round(group["value"])


@metric(DurationTarget)
def duration(t: DurationTarget, ctx: Context) -> Figure:
    known = _measured_to(t, ctx)  # asked once: a source's own date is a query over its rows
    explanation = _explanation(t, ctx, known)
    rows = ctx.records(t.source)
    if rows.height == 0:
        label = ctx.label(t.source)
        return no_data(f"ingen {label[0]} i perioden", f"no {label[1]} in the period", explanation)
    per_group, states = _per_group(t, _durations(t, ctx, rows, known))
    share = t.within is not None
    shown = ("negative", "open_within_limit" if share else "open")  # listed even when none
    exclusions = [exclusion(step, da, en, states.get(state, 0)) for state, (step, da, en) in EXCLUSIONS.items()
                  if states.get(state) or state in shown]
    goal = static_goal(t, ctx.contract)
    details: dict[str, Any] = {"measure": t.measure, "cases": rows.height,
                               **({"percentile_method": "nearest rank"} if t.measure == "percentile" else {})}
    if t.group_by is None:
        whole = per_group.get("", {"value": None, "counted": 0, "within": 0})
        if whole["value"] is None:
            return no_data("ingen afsluttede sager at beregne tiden af", "no finished cases to compute the time of",
                           explanation, exclusions=exclusions, details=details)
        details["cases_counted"] = int(whole["counted"])
        return Figure(value=_value(whole, share), explanation=explanation, exclusions=exclusions, details=details,
                      numerator=int(whole["within"]) if share else None,
                      denominator=int(whole["counted"]) if share else None)
    groups = []
    empty: dict[str, Any] = {"value": None, "counted": 0, "within": 0}
    keys = t.groups if t.groups is not None else sorted(k for k in per_group if k is not None)
    for key in keys:
        g = per_group.get(key, empty)
        value = _value(g, share)
        groups.append(GroupResult(key=key, value=value, status=judge(value, goal).status,
                                  numerator=int(g["within"]) if share else None,
                                  denominator=int(g["counted"]) if share else None))
    no_group = per_group.get(None, {"counted": 0})
    exclusions.insert(0, exclusion("no_group", "uden gruppe", "no group", int(no_group["counted"])))
    return _judge_groups(t, groups, explanation, exclusions, details)


def _judge_groups(t: DurationTarget, groups: list[GroupResult], explanation: tuple[str, str],
                  exclusions: list[Any], details: dict[str, Any]) -> Figure:
    """Every group must meet it, or ``groups_needed`` of them (engine/groups.py): a group without a
    figure leaves it undecided while it could still decide. The value is the deciding group's (with
    every group needed, the worst: the longest time, the lowest share)."""
    verdict = combine(groups, t.groups_needed, t.comparison)
    status: Status = verdict.status if groups else "insufficient_data"
    deciding = verdict.deciding
    figure = Figure(value=deciding.value if deciding else None, explanation=explanation, groups=groups,
                    exclusions=exclusions, status=status, uncertain=False,
                    numerator=deciding.numerator if deciding else None,
                    denominator=deciding.denominator if deciding else None,
                    details={**details, "value_is": "the worst group value",
                             "deciding_group": deciding.key if deciding else None})
    if status == "insufficient_data":
        empty = [g.key for g in groups if g.value is None]
        figure.reason = ((f"ingen afsluttede sager i {', '.join(empty)}", f"no finished cases in {', '.join(empty)}")
                         if empty else ("ingen grupper i perioden", "no groups in the period"))
    return figure
