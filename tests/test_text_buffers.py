"""A few rows kept from a file do not keep the file's text (issue 19): ``canonical.detached``
writes a text column's values anew, so the quarantined rows (kept for the whole run) no longer
hold views into the buffers their whole file was read into. What it frees is memory, measured in
``bench/kept.py`` (BENCHMARKS.md) as the standards ask, not asserted here: polars shows no sign of a
shared buffer but the process's resident memory (its size estimate and its writers count only the
rows). Here: it changes no value, keeps every null and every row."""

from __future__ import annotations

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from hubmonitor.io.canonical import detached


def _detach(values: list[str | None]) -> pl.Series:
    frame = pl.DataFrame({"v": values}, schema={"v": pl.String})
    return frame.select(detached("v")).to_series()


def test_values_nulls_and_empty_texts_are_kept_exactly() -> None:
    values = [None, "", " ", "Æblegården ApS", "x" * 40, "12345678", "a\u0000b", "  two  spaces ", None]
    out = _detach(values)
    assert out.name == "v"
    assert out.dtype == pl.String
    assert out.to_list() == values
    assert out.null_count() == 2


def test_rows_taken_from_a_larger_column_keep_their_values() -> None:
    # the quarantined rows' case: a filter of a column read from a file
    big = pl.DataFrame({"v": [f"virksomhed-{i:09d}-aps" if i % 5 else None for i in range(10_000)]})
    few = big.filter(pl.int_range(pl.len()) % 997 == 0)
    assert few.select(detached("v")).to_series().to_list() == few["v"].to_list()


@settings(max_examples=150, deadline=None)
@given(st.lists(st.none() | st.text(max_size=30), max_size=40))
def test_any_texts_are_kept(values: list[str | None]) -> None:
    assert _detach(values).to_list() == values
