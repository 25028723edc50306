"""Row accounting and the data-quality part of the report.

For every input file: rows read = rows used + quarantined + duplicates + outside the period.
"Used" means dated in the evaluation window or, for activities when a target compares with the
year before, in that year.
"""

from __future__ import annotations

import polars as pl

from hubmonitor.engine.context import Context, in_window
from hubmonitor.findings import CODES, SAMPLE_PER_CODE, finding
from hubmonitor.io.canonical import USABLE, SourceTable
from hubmonitor.io.dataset import Dataset
from hubmonitor.report import DataQuality, Finding, FindingSummary, InputSummary


def _accounting(table: SourceTable, used: pl.Expr) -> list[InputSummary]:
    """One line per file (per sheet of a workbook), in the order they were read."""
    # Counted per run of rows from one file and sheet (a file's rows are read together), then the
    # runs summed per file and sheet: grouping millions of rows by the two text columns themselves
    # took twice as long. Lazy, for polars' parallel engine.
    runs = (
        table.frame.lazy()
        .group_by(pl.struct("_file", "_sheet").rle_id().alias("_run"))
        .agg(
            pl.col("_file").first(),
            pl.col("_sheet").first(),
            pl.len().alias("read"),
            pl.col("_quarantine").sum().alias("quarantined"),
            pl.col("_duplicate").sum().alias("duplicates"),
            (USABLE & used).sum().alias("used"),
        )
    )
    per_file = runs.drop("_run").group_by("_file", "_sheet").agg(pl.all().sum()).collect()
    counted = {(r["_file"], r["_sheet"]): r for r in per_file.to_dicts()}
    out = []
    for file, sheet in table.files:  # a file or sheet with a header and no rows was read too
        r = counted.get((file, sheet), {"read": 0, "used": 0, "quarantined": 0, "duplicates": 0})
        out.append(InputSummary(
            source=table.source.value, file=file, sheet=sheet, rows_read=r["read"], rows_used=r["used"],
            quarantined=r["quarantined"], duplicates=r["duplicates"],
            outside_period=r["read"] - r["used"] - r["quarantined"] - r["duplicates"]))
    return out


def _outside_hub(ctx: Context) -> tuple[int, list[Finding]]:
    # Only the columns of the sample, selected before the filter: the others are not copied.
    rows = (ctx.activities.select("_file", "_row", "municipality", "_sheet")
            .filter(~pl.col("municipality").is_in(list(ctx.contract.municipalities))))
    sample = [finding("outside-hub", f, int(r), "municipality", m, sheet=sh)
              for f, r, m, sh in rows.head(SAMPLE_PER_CODE).iter_rows()]
    return rows.height, sample


def _summarise(inputs: list[InputSummary], counts: dict[str, int], findings: list[Finding]) -> DataQuality:
    order = list(CODES)
    findings = sorted(findings, key=lambda f: (order.index(f.code), f.file, f.sheet or "", f.row or 0))
    return DataQuality(
        rows_read=sum(i.rows_read for i in inputs),
        rows_used=sum(i.rows_used for i in inputs),
        inputs=inputs,
        summary=[FindingSummary(code=c, severity=CODES[c][0], count=counts[c]) for c in order if c in counts],
        findings=findings,
        sample_per_code=SAMPLE_PER_CODE,
    )


def _table_counts(dataset: Dataset) -> dict[str, int]:
    counts: dict[str, int] = {}
    for table in (dataset.activities, dataset.evaluations):
        for code, n in table.counts.items():
            counts[code] = counts.get(code, 0) + n
    return counts


def dataset_quality(dataset: Dataset) -> DataQuality:
    """The data's own quality, with no contract: no period, so every clean row counts as used."""
    inputs = _accounting(dataset.activities, pl.lit(True)) + _accounting(dataset.evaluations, pl.lit(True))
    return _summarise(inputs, _table_counts(dataset),
                      [*dataset.activities.findings, *dataset.evaluations.findings])


def data_quality(dataset: Dataset, ctx: Context, compares_previous: bool) -> DataQuality:
    activity_window = in_window(ctx.window)
    if compares_previous:
        activity_window = activity_window | in_window(ctx.window.previous_year())
    inputs = (_accounting(dataset.activities, activity_window)
              + _accounting(dataset.evaluations, in_window(ctx.window)))
    counts = _table_counts(dataset)
    outside, outside_sample = _outside_hub(ctx)
    if outside:
        counts["outside-hub"] = outside
    for f in ctx.findings:
        counts[f.code] = counts.get(f.code, 0) + 1
    return _summarise(inputs, counts, [*dataset.activities.findings, *dataset.evaluations.findings,
                                       *outside_sample, *ctx.findings])
