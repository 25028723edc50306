"""Row accounting and the data-quality part of the report.

For every input file: rows read = rows used + quarantined + duplicates + outside the period.

``check-data`` (``dataset_quality``) accounts for the whole data folder. ``evaluate``
(``data_quality``) accounts for the contract year: the rows dated in it, and the rows whose date
cannot be read of the files (or sheets) that hold rows of the year, or no readable date at all (a
row without a date may belong to any year its file covers, so it counts in each; it is always
quarantined). "Used" is a usable row dated in the evaluation window; "outside" is a clean row of
the year dated after the as-of date. The findings are those of the same rows.

A finding code's count for the year is exact. Where the load's sample (the folder's first
``SAMPLE_PER_CODE`` findings of a code) holds every finding of the code, its rows of the year are
counted. Otherwise the code is counted on the frames: quarantine codes in the reasons of the
quarantined rows (the load keeps every one of them), the warnings from the flag the load keeps for
every warning check (``_frame_flags``, ``_quarantine_flags``), and such a count is used only where,
over the whole folder, it gives the load's own count of the code. A code that can be counted
neither way is given with the folder's count (and all of its sample). The examples are the load's
sample cut to the rows of the year.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence, Set
from dataclasses import dataclass
from datetime import date
from typing import Any

import polars as pl

from hubmonitor.engine.context import Context, in_window
from hubmonitor.findings import (
    CODES,
    COMPANY_FORMS,
    ENDS,
    SAMPLE_PER_CODE,
    UNSAFE_CASE,
    CompanyValues,
    company_key,
    finding,
    hide_company_places,
    hide_company_values,
    key_words,
    place_keys,
    shown_file_name,
    shown_name,
    shown_place,
)
from hubmonitor.io.canonical import FLAG, ID_SHAPES, USABLE, SourceTable
from hubmonitor.io.dataset import Dataset
from hubmonitor.reference import MunicipalityRegistry, load_registry
from hubmonitor.report import DataQuality, Finding, FindingSummary, InputSummary, PeriodInfo
from hubmonitor.schema import Kind, SourceSchema
from hubmonitor.vocabulary import FALSE_WORDS, TRUE_WORDS

Part = tuple[str, str | None]  # (file, sheet): the unit of the accounting


@dataclass(frozen=True)
class _Year:
    """The rows of a table whose findings are a year's: dated ``start``–``end`` (``end``: a day asked for
    within the year, else the year's last), or without a readable date in a part (file or sheet) of
    ``undated_parts``."""

    start: date
    end: date
    undated_parts: frozenset[Part]
    every_row: bool  # every row of the table is of the year
    every_undated: bool  # every row without a readable date is of the year

    def dated(self, column: str = "date") -> pl.Expr:
        return pl.col(column).is_between(self.start, self.end, closed="both")


def _accounting(table: SourceTable, used: pl.Expr, year: tuple[date, date] | None, until: date | None = None
                ) -> tuple[list[InputSummary], _Year | None]:
    """One line per file (per sheet of a workbook), in the order they were read, and (with ``year``)
    which rows are of the year. With ``year`` (a contract year's first and last day) the lines cover
    the rows of the year, and a part holding rows of other years only is left out (one with no
    dated row at all, such as a file with only a header, is of every year); without it, every row
    of every part. ``until``: a day asked for (``--as-of``) before the year's end: a row of the year
    dated after it is outside the period whatever it is (quarantined, a copy, or usable), and its
    findings are not the year's (a review: a June ``--strict`` run failed on rows of August)."""
    # Counted per run of rows from one file and sheet (a file's rows are read together), then the
    # runs summed per file and sheet: grouping millions of rows by the two text columns themselves
    # took twice as long. Lazy, for polars' parallel engine.
    dated = pl.col("date").is_not_null()
    in_year = dated if year is None else pl.col("date").is_between(*year, closed="both")
    # the rows of the year a verdict counts: to ``until`` (the rows after it are outside the period)
    so_far = in_year if until is None or year is None else pl.col("date").is_between(year[0], until, closed="both")
    undated = pl.col("date").is_null()
    quarantine, duplicate = pl.col("_quarantine"), pl.col("_duplicate")
    runs = (
        table.frame.lazy()
        .group_by(pl.struct("_file", "_sheet").rle_id().alias("_run"))
        .agg(
            pl.col("_file").first(),
            pl.col("_sheet").first(),
            in_year.sum().alias("read"),
            (so_far & quarantine).sum().alias("quarantined"),
            (so_far & duplicate).sum().alias("duplicates"),
            (in_year & ~so_far).sum().alias("after"),
            (USABLE & used).sum().alias("used"),
            dated.sum().alias("dated"),
            undated.sum().alias("undated"),
            (undated & quarantine).sum().alias("undated_quarantined"),
            (undated & duplicate).sum().alias("undated_duplicates"),
        )
    )
    per_file = runs.drop("_run").group_by("_file", "_sheet").agg(pl.all().sum()).collect()
    counted = {(r["_file"], r["_sheet"]): r for r in per_file.to_dicts()}
    out = []
    undated_parts: set[Part] = set()
    undated_elsewhere = False
    for file, sheet in table.files:  # a file or sheet with a header and no rows was read too
        r = counted.get((file, sheet))
        if r is None:
            r = dict.fromkeys(("read", "used", "quarantined", "duplicates", "after", "dated", "undated",
                               "undated_quarantined", "undated_duplicates"), 0)
        # dated before or after the days the load read: counted only, never of the year
        unread = table.early.get((file, sheet), 0) + table.late.get((file, sheet), 0)
        if unread:
            assert year is None or ((table.since is None or table.since <= year[0])
                                    and (table.until is None or year[1] <= table.until)), "a year not read"
            r = {**r, "dated": r["dated"] + unread, "read": r["read"] + (unread if year is None else 0)}
        # A part holding rows of other years only is not of the year. The undated rows of the others
        # are: their part holds rows of the year, or no dated row at all.
        if year is not None and r["read"] == 0 and r["dated"] > 0:
            undated_elsewhere = undated_elsewhere or r["undated"] > 0
            continue
        undated_parts.add((file, sheet))
        read = r["read"] + r["undated"]
        quarantined = r["quarantined"] + r["undated_quarantined"]
        duplicates = r["duplicates"] + r["undated_duplicates"]
        out.append(InputSummary(
            # the sheet's name as a finding shows it (a company's marks masked, as the findings' sheets are)
            source=str(table.source), file=file, sheet=shown_name(sheet), rows_read=read, rows_used=r["used"],
            quarantined=quarantined, duplicates=duplicates,
            outside_period=read - r["used"] - quarantined - duplicates,
            undated=None if year is None else r["undated"], skipped=table.skipped.get((file, sheet)),
            headings=table.headings.get((file, sheet))))
    if year is None:
        return out, None
    every_row = (sum(i.rows_read for i in out) == table.frame.height and not table.unread
                 and not any(r["after"] for r in counted.values()))
    return out, _Year(year[0], until or year[1], frozenset(undated_parts), every_row=every_row,
                      every_undated=not undated_elsewhere)


def undated_of_year(table: SourceTable, start: date, end: date) -> int:
    """The rows without a readable date that the year's data quality counts (in the files and sheets with
    rows of the year, or with no dated row at all: ``_accounting``), as its "heraf … uden læsbar dato" says;
    of consecutive years from ``start`` to ``end``, each row once."""
    inputs, _ = _accounting(table, pl.lit(False), (start, end))
    return sum(i.undated or 0 for i in inputs)


# --- the findings of a year -----------------------------------------------------------------

def _reason(code: str) -> pl.Expr:
    """How often ``code`` is among a quarantined row's reasons ("code (column); …")."""
    return pl.col("reasons").fill_null("").str.count_matches(rf"(?:^|; ){re.escape(code)} \(").cast(pl.Int64)


def _frame_flags(table: SourceTable, codes: set[str], duplicate_ids: tuple[str, pl.Series] | None
                 ) -> dict[str, pl.Expr]:
    """The findings read from the typed frame, one count per row: exact copies, a reused id, and every
    warning check's flag the load keeps (``_flag:<code>:<column>``, on used and quarantined rows)."""
    flags: dict[str, pl.Expr] = {}
    if "duplicate-row" in codes:
        flags["duplicate-row"] = pl.col("_duplicate").cast(pl.Int64)
    for code in codes:
        kept = [c for c in table.frame.columns if c.startswith(f"{FLAG}{code}:")]
        if kept:
            flags[code] = pl.sum_horizontal(pl.col(c).cast(pl.Int64) for c in kept)
    if duplicate_ids is not None:
        id_col, ids = duplicate_ids
        flags["duplicate-id"] = pl.col(id_col).is_in(ids.implode()).cast(pl.Int64)
    return {code: flag.fill_null(0) for code, flag in flags.items()}


def _quarantine_flags(codes: set[str]) -> dict[str, pl.Expr]:
    """The quarantine codes of the quarantined rows, read from their reasons (the load keeps every
    quarantined row)."""
    return {code: _reason(code) for code in codes if CODES[code][0] == "quarantine"}


def _duplicate_ids(table: SourceTable, quarantined: pl.DataFrame) -> tuple[str, pl.Series] | None:
    """The id column and the ids on rows that differ: an id on k rows of which c are copies of an
    earlier row has k - c different rows. The copies are the rows flagged ``_duplicate`` and the
    quarantined rows that are exact copies of an earlier quarantined row (the duplicate flag leaves
    those out). The id column is the one the load's duplicate-id findings name."""
    id_col = table.id_column or None
    if id_col is None or id_col not in table.frame.columns:
        return None
    repeated = (table.frame.lazy().filter(pl.col(id_col).is_not_null() & pl.col(id_col).is_duplicated())
                .group_by(id_col).agg(pl.len().alias("_rows"), pl.col("_duplicate").sum().alias("_copies"))
                .collect())
    raw = [c for c in quarantined.columns if c not in ("file", "sheet", "row", "reasons", "_seq", "_date")]
    if id_col not in raw:  # no quarantined rows to compare
        return id_col, _with_unread(table, repeated.filter(pl.col("_rows") - pl.col("_copies") > 1)[id_col])
    copies = (quarantined.lazy().filter(pl.col(id_col).is_not_null())
              .filter(~pl.struct(raw).is_first_distinct())
              .group_by(id_col).agg(pl.len().alias("_quarantined_copies")).collect())
    distinct = repeated.join(copies, on=id_col, how="left").with_columns(
        (pl.col("_rows") - pl.col("_copies") - pl.col("_quarantined_copies").fill_null(0)).alias("_distinct"))
    return id_col, _with_unread(table, distinct.filter(pl.col("_distinct") > 1)[id_col])


def _with_unread(table: SourceTable, ids: pl.Series) -> pl.Series:
    """``ids`` and the ids the frame shares with a row dated outside the rows the load read: that row
    differs from every row read (in its date at least)."""
    if table.unread_ids is None or not table.unread_ids.len():
        return ids
    id_col = table.id_column  # by the id's hash, as the load found them (``canonical._duplicates``)
    shared = table.frame.lazy().filter(pl.col(id_col).is_not_null()
                                       & pl.col(id_col).hash().is_in(table.unread_ids.implode())).select(
        pl.col(id_col).unique()).collect().to_series()
    return pl.concat([ids, shared.cast(ids.dtype)]).unique()


def _with_seq(table: SourceTable, located: pl.DataFrame) -> pl.DataFrame:
    """``located`` (rows named by ``file``, ``sheet`` and ``row``) with their frame row's ``_seq``
    and ``_date`` (null when the frame has no such row)."""
    rows = located["row"].drop_nulls().unique()
    frame = (table.frame.lazy().filter(pl.col("_row").is_in(rows.implode()))
             .select(pl.col("_file").alias("file"), pl.col("_sheet").alias("sheet"), pl.col("_row").alias("row"),
                     "_seq", pl.col("date").alias("_date")).collect())
    return located.join(frame, on=["file", "sheet", "row"], how="left", nulls_equal=True)


@dataclass
class _YearFindings:
    counts: dict[str, int]
    findings: list[Finding]


FOLDER_ONLY = frozenset({"overlapping-export"})  # whole-folder findings a year's report leaves out
SKIPPED = "skipped-rows"  # a file's finding counted in rows: a year's report keeps those of its files


def _year_findings(table: SourceTable, year: _Year) -> _YearFindings:
    """The counts per code and the sample of ``table``'s findings, cut to the rows of ``year``."""
    # a second export of the same data is told from the rows the read holds, which a year's lean read
    # limits (tests/test_rows_read.py): check-data, which reads the folder whole, names it; a year's does not
    all_findings = [f for f in table.findings if f.code not in FOLDER_ONLY]
    all_counts = {code: n for code, n in table.counts.items() if code not in FOLDER_ONLY}
    if year.every_row:  # the folder's figures
        return _YearFindings(all_counts, all_findings)
    found = _year_findings_by_row(table, year, [f for f in all_findings if f.code != SKIPPED],
                                  {code: n for code, n in all_counts.items() if code != SKIPPED})
    skipped = [f for f in all_findings if f.code == SKIPPED and (f.file, f.sheet) in year.undated_parts]
    rows = sum(n for part, n in table.skipped.items() if part in year.undated_parts)
    return _YearFindings({**found.counts, **({SKIPPED: rows} if rows else {})}, [*found.findings, *skipped])


def _year_findings_by_row(table: SourceTable, year: _Year, all_findings: list[Finding],
                          all_counts: dict[str, int]) -> _YearFindings:
    """``_year_findings`` of the codes found by row (and the files' findings counted one each)."""
    if year.every_undated:
        def in_year(date_column: str = "date") -> pl.Expr:  # by date, or without one
            return year.dated(date_column) | pl.col(date_column).is_null()
    else:  # the undated rows of the parts of the year, by their place in the frame
        undated = table.frame.lazy().filter(pl.col("date").is_null()).select("_file", "_sheet", "_seq").collect()
        kept = pl.Series([seq for file, sheet, seq in undated.iter_rows() if (file, sheet) in year.undated_parts],
                         dtype=table.frame.schema["_seq"])

        def in_year(date_column: str = "date") -> pl.Expr:
            return year.dated(date_column) | pl.col("_seq").is_in(kept.implode())

    # the sample's rows: in the year, or (no row in the frame: a whole file's finding) in every year
    sample = pl.DataFrame({"i": range(len(all_findings)), "file": [f.file for f in all_findings],
                           "sheet": [f.sheet for f in all_findings], "row": [f.row for f in all_findings]},
                          schema={"i": pl.Int64, "file": pl.String, "sheet": pl.String, "row": pl.Int64})
    shown = set(_with_seq(table, sample).filter(pl.col("_seq").is_null() | in_year("_date"))["i"].to_list()
                ) if all_findings else set()
    listed: dict[str, int] = {}
    for f in all_findings:
        listed[f.code] = listed.get(f.code, 0) + 1
    # the codes of which the sample holds only some: counted from the frames
    codes = {code for code, total in all_counts.items() if listed.get(code, 0) < total}
    derived: dict[str, tuple[int, int]] = {}  # code → (whole folder, the year)
    if codes:
        quarantined = table.quarantined_rows if table.quarantined_rows is not None else pl.DataFrame(
            schema={"file": pl.String, "sheet": pl.String, "row": pl.Int64, "reasons": pl.String})
        quarantined = _with_seq(table, quarantined)
        duplicate_ids = _duplicate_ids(table, quarantined) if "duplicate-id" in codes else None
        for frame, date_column, flags in ((table.frame, "date", _frame_flags(table, codes, duplicate_ids)),
                                          (quarantined, "_date", _quarantine_flags(codes))):
            if not flags:
                continue
            sums = frame.lazy().select(
                *[flag.sum().alias(f"all:{code}") for code, flag in flags.items()],
                *[(flag * in_year(date_column).cast(pl.Int64)).sum().alias(f"year:{code}")
                  for code, flag in flags.items()],
            ).collect().row(0, named=True)
            for code in flags:
                whole, part = derived.get(code, (0, 0))
                derived[code] = (whole + sums[f"all:{code}"], part + sums[f"year:{code}"])

    counts: dict[str, int] = {}
    whole_folder: set[str] = set()
    for code, total in all_counts.items():
        if code not in codes:  # the sample holds every finding of the code
            counts[code] = sum(1 for i, f in enumerate(all_findings) if f.code == code and i in shown)
        elif code in derived and derived[code][0] == total:
            counts[code] = derived[code][1]
        else:
            counts[code] = total
            whole_folder.add(code)
    findings = [f for i, f in enumerate(all_findings) if i in shown or f.code in whole_folder]
    listed_codes = {f.code for f in findings}
    wanting = {code for code, n in counts.items() if n and code not in listed_codes}
    if wanting:  # the folder's first 50 of a code may all be of other years: the year's first of it
        findings += _first_of_year(table, wanting, in_year, quarantined if codes else None,
                                   duplicate_ids if codes else None)
    return _YearFindings({c: n for c, n in counts.items() if n}, findings)


def _first_of_year(table: SourceTable, codes: set[str], in_year: Callable[[str], pl.Expr],
                   quarantined: pl.DataFrame | None, duplicate_ids: tuple[str, pl.Series] | None = None
                   ) -> list[Finding]:
    """One example of each of ``codes`` from the rows of the year: a quarantine code from the
    quarantined rows (their reasons name the code and the column; the cell as it was), a warning from
    the flag the load keeps (the value as read), a copy from the duplicate flag, a reused id from the
    ids on rows that differ (``_duplicate_ids``)."""
    out: list[Finding] = []
    company = table.company_columns
    quarantine = {c for c in codes if CODES[c][0] == "quarantine"}
    if quarantine and quarantined is not None and quarantined.height:  # with _seq and _date (_year_findings)
        rows = quarantined.filter(in_year("_date"))
        for code in sorted(quarantine):
            hit = rows.filter(_reason(code) > 0).head(1)
            if hit.height:
                row = hit.row(0, named=True)
                found = re.search(rf"(?:^|; ){re.escape(code)} \(([^):]+)", row["reasons"] or "")
                column = found.group(1) if found else None
                value = row.get(column) if column else None
                out.append(_example(code, row, column, value, column in company))
    for code in sorted(codes - quarantine):
        flags: list[tuple[str | None, pl.Expr]]  # (the column reported, the rows it flags)
        if code == "duplicate-row":
            flags = [(None, pl.col("_duplicate"))]
        elif code == "duplicate-id" and duplicate_ids is not None:
            flags = [(duplicate_ids[0], pl.col(duplicate_ids[0]).is_in(duplicate_ids[1].implode()))]
        else:
            flags = [(c.split(":", 2)[2], pl.col(c)) for c in table.frame.columns if c.startswith(f"{FLAG}{code}:")]
        for column, flag in flags:
            shown = [c for c in (column, table.id_column) if c and c in table.frame.columns][:1]
            hit = (table.frame.lazy().filter(flag.fill_null(False) & in_year("date"))
                   .select("_file", "_sheet", "_row", *shown).head(1).collect())
            if hit.height:
                row = {"file": hit["_file"][0], "sheet": hit["_sheet"][0], "row": hit["_row"][0]}
                value = hit[shown[0]][0] if shown else None
                out.append(_example(code, row, column, value, (shown[0] if shown else None) in company))
                break
    return out


def _example(code: str, row: dict[str, Any], column: str | None, value: object, sensitive: bool) -> Finding:
    text = None if value is None else str(value)
    return finding(code, row["file"], row["row"], column, text, sheet=row["sheet"], sensitive=sensitive)


# --- the report -----------------------------------------------------------------------------

def _outside_hub(ctx: Context) -> tuple[int, list[Finding]]:
    # Only the columns of the sample, selected before the filter: the others are not copied.
    rows = (ctx.activities.select("_file", "_row", "municipality", "_sheet")
            .filter(~pl.col("municipality").is_in(list(ctx.contract.municipalities))))
    sample = [finding("outside-hub", f, int(r), "municipality", m, sheet=sh)
              for f, r, m, sh in rows.head(SAMPLE_PER_CODE).iter_rows()]
    return rows.height, sample


def _summarise(inputs: list[InputSummary], findings: list[Finding], counts: dict[str, int],
               period: PeriodInfo | None = None) -> DataQuality:
    order = list(CODES)
    findings = sorted(findings, key=lambda f: (order.index(f.code), f.file, f.sheet or "", f.row or 0))
    return DataQuality(
        rows_read=sum(i.rows_read for i in inputs),
        rows_used=sum(i.rows_used for i in inputs),
        period=period,
        inputs=inputs,
        summary=[FindingSummary(code=c, severity=CODES[c][0], count=counts[c]) for c in order if c in counts],
        findings=findings,
        sample_per_code=SAMPLE_PER_CODE,
    )


def company_values(dataset: Dataset, findings: list[Finding], registry: MunicipalityRegistry | None = None,
                   files: Sequence[str] = (), sheets: Sequence[str] = (), ahead: Sequence[str] = ()) -> CompanyValues:
    """The company ids, CVR numbers and names of the data that a finding shows as its value (typed
    into another column: a company's data in the segment column) or as words of its file's name, its
    sheet's or its column's (``findings.place_keys``; also the names of ``files`` and ``sheets``), and the
    shapes of the first ``ID_SHAPES`` distinct company ids. Compared by ``findings.company_key``,
    computed only on the few distinct values of the data that may match (those holding a word of a
    shown value's key; the names, which the frames do not keep, from ``SourceTable.company_values``)."""
    shown = {company_key(f.value) for f in findings if f.value is not None and not f.sensitive} - {""}
    places = {(f.file, True) for f in findings} | {(n, True) for n in files}
    places |= {(name, False) for f in findings for name in (f.sheet, f.column) if name} | {(n, False) for n in sheets}
    shown |= {key for name, file in places for key in place_keys(name, file)}
    # the names of files ``ahead`` are looked for in the same pass, not shown: the unread files, which
    # ``shown_files`` asks for next (a second look through every id, CVR number and name of the read)
    also = {key for name in ahead for key in place_keys(name, True)} - shown
    if not shown:
        return CompanyValues()
    ids: list[str] = []
    names: list[str] = []
    for source, table in dataset.tables.items():
        schema = dataset.schema.get(source)
        frames = [("rows", table.frame)]
        if table.quarantined_rows is not None:
            frames.append(("quarantined", table.quarantined_rows))
        for label, frame in frames:
            for column in sorted({"company_id", *table.company_columns} & set(frame.columns)):
                found = _matching_cached(table, (label, column), frame.get_column(column), shown, also)
                (ids if _is_id(schema, column) else names).extend(found)
        names += _matching_cached(table, ("names", ""), table.company_values, shown, also)
    return CompanyValues.of(ids, names, _vocabulary(dataset, registry or load_registry())).joined(_first_ids(dataset))


def _first_ids(dataset: Dataset) -> CompanyValues:
    """The first ``ID_SHAPES`` distinct company ids of the read (tables in order) as ids: their
    keys and shapes, once per read (1,000 ids keyed: a tenth of a small evaluation's time)."""
    if dataset.first_id_values is None:
        shapes: list[str] = []
        for table in dataset.tables.values():
            if len(shapes) < ID_SHAPES:
                shapes += table.first_ids.head(ID_SHAPES - len(shapes)).to_list()
        dataset.first_id_values = CompanyValues.of(shapes)
    return dataset.first_id_values


def _matching_cached(table: SourceTable, where: tuple[str, str], values: pl.Series, shown: set[str],
                     also: Set[str] = frozenset()) -> list[str]:
    """``_matching`` of ``values`` (a column of ``table``), each key looked for once per table: the
    evaluations of several years on one read (the demo's, a backtest's) show many of the same values
    (an answer "11" every year), and the look through millions of values is the masking's cost. The
    keys ``also`` are looked for in the same pass, for a later call; only ``shown``'s values are given."""
    known = table.masking.setdefault(where, {})
    new = (shown | also) - known.keys()
    if new:
        found: dict[str, list[str]] = {key: [] for key in new}  # kept only once the look is done
        for value in _matching(values, new):
            key = company_key(value)  # one of ``new`` (the polars key is the Python key: a property test)
            # kept under its key and under its words (a place's: ``_matching``), whichever are looked for: a
            # value kept under the first only was not found for a later evaluation's place (a review)
            for shown_as in {key, key_words(key)} & found.keys():
                found[shown_as].append(value)
        known.update(found)
    return list(dict.fromkeys(value for key in sorted(shown) for value in known[key]))


def _matching(values: pl.Series, shown: set[str]) -> list[str]:
    """The distinct values whose ``company_key`` is one of ``shown``. Only those that may match are
    looked at: their lower case holds the longest word of a key (every word of a key is in the
    case-folded value), or they hold a character on which polars' lower case and case folding may
    differ (``findings.UNSAFE_CASE``); the first are keyed by ``company_key_expr`` (the same key, in polars: a name
    like ``Virksomhed 11 ApS`` may be one of millions holding ``11``), the others by ``company_key``."""
    text = pl.col("v")
    odd = text.str.contains(UNSAFE_CASE)
    # a plain value's key keeps its digits, in order (lower case, the company forms and the ends take
    # none away): it can only be a key with as many digits. A cheap test that spares most of the key's
    # work where a shown value is a number (an answer "11" is in a share of millions of names and ids).
    # Both hold for the same key: its longest word and its digits (a CVR number holding "11" has eight
    # digits, not the two of an answer "11": not keyed; keying them was half the masking's time at 1M rows).
    by_digits: dict[int, set[str]] = {}
    for one in shown:
        by_digits.setdefault(sum(unicodedata.category(ch) == "Nd" for ch in one), set()).add(max(one.split(), key=len))
    probes = sorted(set().union(*by_digits.values()))  # each key's longest word
    # Eager steps, the cheapest first (a query would merge the filters and run each on every value).
    # A value whose lower case holds a probe holds it with its ASCII letters in any case, or has a
    # character beyond ASCII (whose case polars' lower case may change): no value is lowered yet.
    found = values.cast(pl.Utf8).rename("v").to_frame().filter(
        text.str.contains_any(probes, ascii_case_insensitive=True) | (text.str.len_bytes() != text.str.len_chars()))
    lower, count = text.str.to_lowercase(), pl.col("_digits")
    either = [lower.str.contains_any(sorted(longest)) & (count == n) for n, longest in by_digits.items()]
    candidates = found.with_columns(text.str.count_matches(r"\d").alias("_digits")).filter(
        odd | pl.any_horizontal(either)).select("v").lazy().unique()
    # a place's words (``findings.place_words``) have no punctuation between them: a key is also compared
    # as its words ("Hansen & Søn" is "hansen søn" there; a review)
    key = company_key_expr(text)
    words = key.str.replace_all(r"[\W_]+", " ").str.strip_chars(" ")
    plain, unusual = pl.collect_all([
        candidates.filter(~odd).filter(key.is_in(sorted(shown)) | words.is_in(sorted(shown))),
        candidates.filter(odd)])
    return [*plain["v"].to_list(),
            *(v for v in unusual["v"].to_list() if company_key(v) in shown or key_words(company_key(v)) in shown)]


# A company form between two characters that are not part of a word (or the ends): the regular
# expressions of polars have no look-around, so the neighbours are matched and put back.
_FORM = rf"(^|\W)(?:{COMPANY_FORMS})(\W|$)"


def company_key_expr(value: pl.Expr) -> pl.Expr:
    """``findings.company_key`` of a text without an ``findings.UNSAFE_CASE`` character, in polars: lower case (for
    printable ASCII and the Latin-1 letters but ß the same as NFKC and case folding), each company
    form replaced by a space (twice: forms side by side share a neighbour, and a pass takes every
    other one), white space collapsed and trimmed, anything but letters and digits at either end
    stripped."""
    text = value.str.to_lowercase()
    for _ in range(2):
        text = text.str.replace_all(_FORM, "$1 $2")
    return text.str.replace_all(" +", " ").str.strip_chars(" ").str.replace_all(ENDS, "")


def _is_id(schema: SourceSchema | None, column: str) -> bool:
    """The column holds identifiers (company id, CVR number): compared whatever their length."""
    return column == "company_id" or (schema is not None and column in schema
                                      and schema[column].kind in (Kind.ID, Kind.CVR))


def _vocabulary(dataset: Dataset, registry: MunicipalityRegistry) -> Callable[[str], bool]:
    """Whether a key is a word of the vocabulary (a value or spelling of a column, a yes/no word, a
    municipality): a company name with that key hides no finding's value."""
    words = {company_key(w) for schema in dataset.schema.values() for c in schema.columns
             for w in (*c.values, *c.aliases, *c.aliases.values())}
    words |= {company_key(w) for w in (*TRUE_WORDS, *FALSE_WORDS)}
    return lambda key: key in words or registry.resolve(key) is not None


def _add(counts: dict[str, int], more: dict[str, int]) -> None:
    for code, n in more.items():
        counts[code] = counts.get(code, 0) + n


def dataset_quality(dataset: Dataset, today: date | None = None) -> DataQuality:
    """The data's own quality, with no contract: no period, so every clean row counts as used. With
    ``today`` (the day of the run), rows dated after it are warned as ``evaluate`` warns them
    (``dated-after-today``: planned activities, or a typing error) and, as the warning says and as
    ``evaluate`` counts them, not used: outside the period (a review found "95 = 95 brugt" beside five
    warnings that the rows are not counted); so are activities planned when the export was taken
    (``planned-at-export``), which stay used (dated up to today)."""
    from hubmonitor.engine.evaluate import today_warnings  # (evaluate imports this module)

    counts: dict[str, int] = {}
    inputs = []
    for table in dataset.tables.values():
        by_today = today is not None and "date" in table.frame.columns
        used = pl.col("date").is_null() | (pl.col("date") <= today) if by_today else pl.lit(True)
        inputs += _accounting(table, used, None)[0]
        _add(counts, table.counts)
    findings = [f for table in dataset.tables.values() for f in table.findings]
    if today is not None:
        for code, listed, total in today_warnings(dataset, today, today):
            findings += listed
            if total:
                counts[code] = total
    return _summarise(*_hidden(dataset, inputs, findings), counts)


def data_quality(dataset: Dataset, ctx: Context, until: date | None = None) -> DataQuality:
    """The quality of the data of the contract year evaluated (see the module's docstring); ``until``: a day
    asked for within the year, after which a row is outside the period whatever it is (``_accounting``)."""
    period = ctx.contract.period
    bounds = (period.start, period.end)
    counts: dict[str, int] = {}
    inputs: list[InputSummary] = []
    findings: list[Finding] = []
    for table in dataset.tables.values():
        lines, year = _accounting(table, in_window(ctx.window), bounds, until)
        assert year is not None
        inputs += lines
        found = _year_findings(table, year)
        _add(counts, found.counts)
        findings += found.findings
    outside, outside_sample = _outside_hub(ctx)
    if outside:
        counts["outside-hub"] = outside
    for f in ctx.findings:
        counts[f.code] = counts.get(f.code, 0) + 1
    for code, more in ctx.tallies.items():
        counts[code] = counts.get(code, 0) + more
    shown = [*findings, *outside_sample, *ctx.findings]
    return _summarise(*_hidden(dataset, inputs, shown, ctx.registry), counts,
                      PeriodInfo(start=period.start, end=period.end, as_of=ctx.window.end, asked=until is not None))


def shown_files(dataset: Dataset, names: Sequence[str], registry: MunicipalityRegistry | None = None) -> list[str]:
    """Names of files in the data folder (those no source reads) as a report shows them
    (``findings.shown_file_name`` with the data's companies: "tilbud Nordisk Fjer.pdf" masked where
    Nordisk Fjer is a company of the data; a review)."""
    if not names:
        return []
    known = company_values(dataset, [], registry, files=names)
    return [shown_file_name(name, known) for name in names]


def _hidden(dataset: Dataset, inputs: list[InputSummary], findings: list[Finding],
            registry: MunicipalityRegistry | None = None) -> tuple[list[InputSummary], list[Finding]]:
    """The inputs and findings as a report shows them: a value that is one of the data's companies
    masked, and a file, sheet or column named by one (or bearing a company's marks: a company form, a
    CVR number; a review found a year's export saved as "crm_activities_Jensens Tømrer ApS
    27182828.csv" named in full on every page, while a duplicate's message masked it)."""
    read = [(file, sheet) for table in dataset.tables.values() for file, sheet in table.files]  # (the inputs' too)
    known = company_values(dataset, findings, registry, files=[f for f, _ in read], sheets=[s for _, s in read if s],
                           ahead=dataset.unread_files)
    inputs = [i.model_copy(update={"file": shown_file_name(i.file, known), "sheet": shown_name(i.sheet, known)})
              for i in inputs]
    # a duplicate's detail names its other row's place, as it was shown when the row was read (a company's
    # marks masked): masked again with the data's companies (a second review found the file masked in the
    # finding's place and named in full in its detail)
    places = {f"{before}:": f"{after}:" for file, sheet in read
              if (before := shown_place(file, sheet)) != (after := shown_place(file, sheet, known))}
    columns = frozenset(c.name for schema in dataset.schema.values() for c in schema.columns)
    return inputs, hide_company_places(hide_company_values(findings, known), known, places, columns)


