"""A date-and-time column (registered_at, durations' datetimes) is read with the first format that
reads each cell, each format tried only on the cells the ones before could not read: exactly what a
coalesce over every format gives, at the cost of one parse for a column in one format."""

from __future__ import annotations

from datetime import datetime

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from hubmonitor.io.columns import FIRST_DATE, LAST_DATE, _datetime
from hubmonitor.profile.model import SourceMapping

MAPPING = SourceMapping(files=["x.csv"], date_formats=["DD-MM-YYYY"])
CELLS = st.one_of(
    st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2099, 12, 31)).flatmap(lambda d: st.sampled_from([
        d.strftime("%Y-%m-%d %H:%M"), d.strftime("%Y-%m-%dT%H:%M:%S"), d.strftime(" %Y-%m-%d %H:%M:%S.%f "),
        d.strftime("%d-%m-%Y %H:%M"), d.strftime("%d-%m-%YT%H:%M:%S")])),
    st.sampled_from(["", "  ", "i går", "2024-02-30 10:00", "1999-12-31 23:59", "31-12-2024", "2024-12-31"]),
    st.none(),
    # hostile near-misses: unpadded fields, whitespace inside, signs, a bare dot, other spaces
    st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2099, 12, 31)).flatmap(lambda d: st.sampled_from([
        f"{d.year}-{d.month}-{d.day} {d.hour}:{d.minute}", f"{d.year}- {d.month}-{d.day}  {d.hour}:{d.minute:02d}",
        f"+{d.year}-{d.month:02d}-{d.day:02d} {d.hour:02d}:{d.minute:02d}", d.strftime("%Y-%m-%d %H:%M:%S."),
        d.strftime("%Y-%m-%d\t%H:%M"), d.strftime("%Y-%m-%d\u00a0%H:%M"), d.strftime("%Y-%m-%d %H:%M:%S.%f123"),
        d.strftime("%d-%m-%Y  %H:%M:%S"), d.strftime("%Y-%m-%d %H : %M"), d.strftime("%Y-%m-%dT %H:%M"),
        d.strftime("%d-%m-%y %H:%M"), d.strftime("%Y-%m-%d %H:%M:%S.%f").replace(".", ",")])),
    st.text(alphabet="0123456789-:. T+\t", max_size=22))


def _coalesced(cells: list[str | None], mapping: SourceMapping = MAPPING) -> list[datetime | None]:
    """The reference: every format on every cell, the first that reads it (the former rule)."""
    formats = [f"{d}{sep}{t}" for d in ["%Y-%m-%d", *mapping.strftime_formats()] for sep in (" ", "T")
               for t in ("%H:%M:%S%.f", "%H:%M:%S", "%H:%M")]
    value = pl.coalesce(pl.col("x").str.strip_chars().str.to_datetime(f, strict=False, time_unit="us")
                        for f in dict.fromkeys(formats))
    low, high = datetime.combine(FIRST_DATE, datetime.min.time()), datetime.combine(LAST_DATE, datetime.max.time())
    return pl.DataFrame({"x": cells}, schema={"x": pl.String}).select(
        pl.when(value.is_between(low, high)).then(value))["x"].to_list()


@settings(max_examples=400, deadline=None)
@given(st.lists(CELLS, min_size=1, max_size=40))
def test_one_pass_per_format_left_is_the_coalesce_of_every_format(cells: list[str | None]) -> None:
    frame = pl.DataFrame({"x": cells}, schema={"x": pl.String})
    assert frame.select(_datetime(MAPPING)(pl.col("x")))["x"].to_list() == _coalesced(cells)


SHORT_YEAR = SourceMapping(files=["x.csv"], date_formats=["DD-MM-YY", "DD/MM/YY"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(CELLS, st.sampled_from(["23-10-2x 14:35", "23/10/2 T14:35", "0+.11.23 14:35", "23-10-24 9:5",
                                                  "23/10/24T14:35:07", "1-1-1 1:1"])), min_size=1, max_size=30))
def test_a_two_digit_year_format_reads_what_it_read_before(cells: list[str | None]) -> None:
    """``%y`` takes any two characters that start with a digit: it is tried on every value left."""
    frame = pl.DataFrame({"x": cells}, schema={"x": pl.String})
    assert frame.select(_datetime(SHORT_YEAR)(pl.col("x")))["x"].to_list() == _coalesced(cells, SHORT_YEAR)


def test_iso_with_minutes_and_the_profile_s_format() -> None:
    frame = pl.DataFrame({"x": ["2024-12-19 14:02", "19-12-2024 14:47", "19-12-2024T14:47:05", "kl. 14", None]})
    assert frame.select(_datetime(MAPPING)(pl.col("x")))["x"].to_list() == [
        datetime(2024, 12, 19, 14, 2), datetime(2024, 12, 19, 14, 47), datetime(2024, 12, 19, 14, 47, 5), None, None]
