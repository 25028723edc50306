"""The Danish working-day calendar: Monday to Friday, less the public holidays (helligdage).

The holidays come from the ``holidays`` library (``holidays.DK``), never from dates typed here: it
knows Easter, Kristi himmelfartsdag, pinse and Christmas, and that store bededag was a holiday until
2023 and is not from 2024. Christmas Eve, New Year's Eve and Grundlovsdag (5 June) are not public
holidays and count as working days.

The calendar is a polars frame, one row per day of the years asked for, with the day's working-day
number: the count of working days from the first day of the calendar up to and including that
day. The working days between two dates are the difference of their numbers, found by a join, with
no Python per row.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

import holidays
import polars as pl


def public_holidays(years: range) -> list[date]:
    """The Danish public holidays of ``years`` (the weekend ones too), sorted."""
    return sorted(holidays.country_holidays("DK", years=list(years)))


@lru_cache(maxsize=8)
def working_day_numbers(first_year: int, last_year: int) -> pl.DataFrame:
    """Every day of ``first_year`` … ``last_year`` (columns ``day``, ``working_day``: the number of
    working days from 1 January of ``first_year`` up to and including the day)."""
    days = pl.date_range(date(first_year, 1, 1), date(last_year, 12, 31), interval="1d", eager=True).alias("day")
    free = pl.Series(public_holidays(range(first_year, last_year + 1)), dtype=pl.Date)
    working = (days.dt.weekday() <= 5) & ~days.is_in(free.implode())
    return pl.DataFrame({"day": days, "working_day": working.cast(pl.Int32).cum_sum()})


def working_days_between(start: pl.Expr, end: pl.Expr, frame: pl.LazyFrame, years: tuple[int, int]
                         ) -> pl.LazyFrame:
    """``frame`` with a column ``_working_days``: the working days after the date ``start`` up to and
    including the date ``end`` (the 10th working day after the start is 10; an end on a weekend or a
    holiday counts as the working day before it). Null when either date is null."""
    calendar = working_day_numbers(*years).lazy()
    numbered = (frame.with_columns(start.alias("_wd_start"), end.alias("_wd_end"))
                .join(calendar.rename({"day": "_wd_start", "working_day": "_wd_from"}), on="_wd_start", how="left")
                .join(calendar.rename({"day": "_wd_end", "working_day": "_wd_to"}), on="_wd_end", how="left"))
    return (numbered.with_columns((pl.col("_wd_to") - pl.col("_wd_from")).alias("_working_days"))
            .drop("_wd_start", "_wd_end", "_wd_from", "_wd_to"))
