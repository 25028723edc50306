"""Columns a target's rule reads that the export does not have, and rows it may lack unread.

A profile may say that the export lacks a column (``absent:``), or an optional column may simply
not be in a file. The rows of such a file say nothing about that column, so a target whose rule
reads it cannot be computed from them: it is ``insufficient_data`` with a reason naming the column
in words, never a 0 and never ``not_met``. Every other target is computed as from a full export.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import date

import polars as pl

from hubmonitor.contract.targets import TargetBase
from hubmonitor.engine.context import Context
from hubmonitor.engine.figure import Figure, no_data
from hubmonitor.engine.quality import undated_of_year
from hubmonitor.io.canonical import SourceTable
from hubmonitor.numbers import spoken
from hubmonitor.schema import Source

Part = tuple[str, str | None]


def _from_parts(parts: list[Part]) -> pl.Expr:
    """The rows that came from one of ``parts`` (a file, or a sheet of a workbook)."""
    expr = pl.lit(False)
    for file, sheet in parts:
        same_sheet = pl.col("_sheet").is_null() if sheet is None else pl.col("_sheet") == sheet
        expr = expr | ((pl.col("_file") == file) & same_sheet)
    return expr


def _lacking(table: SourceTable, column: str, frames: Callable[[], list[pl.DataFrame]]
             ) -> tuple[list[Part], bool] | None:
    """The parts without ``column`` that matter, and whether no part read has it: all parts then,
    else those with rows in ``frames``; None when the column can be used."""
    parts = table.absent.get(column, [])
    if not parts:
        return None
    if set(table.files) <= set(parts):
        return parts, True
    with_rows = [p for p in parts if any(f.select(_from_parts([p]).any()).item() for f in frames())]
    return (with_rows, False) if with_rows else None


def _no_source(source: str, ctx: Context) -> Figure:
    da, en = ctx.label(source)
    return no_data(f"eksporten har ingen {da}", f"the export has no {en}",
                   (f"Kan ikke beregnes: eksporten har ingen {da}.", f"Cannot be computed: the export has no {en}."),
                   details={"missing_source": source})


def missing_columns(target: TargetBase, tables: Mapping[str, SourceTable], ctx: Context) -> Figure | None:
    """``insufficient_data`` naming the source or the columns ``target`` reads that the export
    lacks for the rows of its window, or None when it has them all."""
    labels: list[tuple[str, str]] = []
    names: list[str] = []
    files: set[str] = set()
    reads, schema = target.reads(), ctx.schema  # the schema the data was read with
    for source in reads:
        if source not in tables or not tables[source].exported:
            return _no_source(source, ctx)
    for source, columns in reads.items():
        def frames(source: str = source) -> list[pl.DataFrame]:  # cut only where a file lacks a column
            if source == Source.ACTIVITIES and target.reads_year_before():
                return [ctx.activities, ctx.previous_activities]
            return [ctx.records(source)]
        for column in schema[source].columns:  # in the schema's order
            if column.name in columns and (lacking := _lacking(tables[source], column.name, frames)) is not None:
                parts, everywhere = lacking
                labels.append((column.label.da, column.label.en))
                names.append(column.name)
                if not everywhere:
                    files |= {file for file, _ in parts}
        # read without the contract's data: block (the library's evaluate on a dataset read apart)
        unknown = sorted(columns - set(schema[source].names))
        labels += [(name, name) for name in unknown]
        names += unknown
    if not names:
        return None
    where_da = f" i {', '.join(sorted(files))}, som har rækker i perioden" if files else ""
    where_en = f" in {', '.join(sorted(files))}, which has rows in the period" if files else ""
    da = f"eksporten har ingen kolonne for {' og '.join(d for d, _ in labels)}{where_da}"
    en = f"the export has no column for {' and '.join(e for _, e in labels)}{where_en}"
    return no_data(da, en, (f"Kan ikke beregnes: {da}.", f"Cannot be computed: {en}."),
                   details={"missing_columns": names})


def undated(figure: Figure, target: TargetBase, tables: Mapping[str, SourceTable], ctx: Context) -> Figure:
    """A figure without a value, its reason said with the quarantined rows of the sources it reads that
    have no readable date and so may belong to the period (a review: an export whose every date was
    written "1. jan. 2024" gave "ingen CRM-aktiviteter i perioden" for 3.900 rows of the year, all in
    quarantine): where the source has no usable row in the target's window (or the year before it compares
    with), the rows the year's data quality counts as undated (``quality.undated_of_year``: of the files
    with rows of that year). The figure as it is otherwise."""
    if figure.value is not None or figure.reason is None:
        return figure
    said: list[tuple[str, str]] = []
    for source in target.reads():
        table = tables.get(source)
        if table is None:
            continue
        # the years together, not each apart: a file with rows of both (or with no dated row) has its undated
        # rows counted once (a review: "25.538 uden læsbar dato" for a folder of 12.769 rows)
        years = _empty_years(target, source, ctx)
        n = undated_of_year(table, date(min(years), 1, 1), date(max(years), 12, 31)) if years else 0
        if n:
            da, en = ctx.label(source)
            said.append((f"{spoken(n, 'da')} {da} uden læsbar dato er i karantæne og kan høre til perioden",
                         f"{spoken(n, 'en')} {en} without a readable date are quarantined and may belong to the "
                         f"period"))
    if not said:
        return figure
    da = f"{figure.reason[0]}; " + " og ".join(d for d, _ in said) + " (se datakvaliteten)"
    en = f"{figure.reason[1]}; " + " and ".join(e for _, e in said) + " (see the data quality)"
    return replace(figure, reason=(da, en))


def _empty_years(target: TargetBase, source: str, ctx: Context) -> list[int]:
    """The years whose window holds no usable row of ``source`` for the target: its own (and, for a
    target that compares with the year before, that year): where rows without a date may be what is
    missing; none where there are rows to compute from (the reason is then theirs)."""
    years = [ctx.window.start.year] if ctx.records(source).height == 0 else []
    if source == Source.ACTIVITIES and target.reads_year_before() and ctx.previous_activities.height == 0:
        years.append(ctx.window.start.year - 1)
    return years
