"""Turn a source's rows (canonical column names, text values) into typed, validated frames.

The rows come from ``hubmonitor.io.mapping`` (files read once, through the profile), a file (or
sheet) at a time: each is typed and checked by the rules the input schema gives its columns
(``hubmonitor.schema``, worked out in ``hubmonitor.io.columns``), and only its typed columns are
kept. Rows that fail validation are kept but flagged ``_quarantine``; exact duplicate rows (across
files) are flagged ``_duplicate``. Findings carry file, sheet and the row number as a spreadsheet
shows it. A column a file does not have is null on its rows and never flagged.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, NamedTuple

import polars as pl

from hubmonitor.findings import CODES, SAMPLE_PER_CODE, finding, shown_place
from hubmonitor.io.columns import ROW_PROBLEM, Check, LookedUp, PartTyper, totals_row, value_name
from hubmonitor.io.mapping import RawSource
from hubmonitor.profile.model import SourceMapping
from hubmonitor.reference import MunicipalityRegistry
from hubmonitor.report import Finding
from hubmonitor.schema import Kind, SourceSchema

USABLE = ~pl.col("_quarantine") & ~pl.col("_duplicate")  # the rows that count
DATE_VALUE = "_v_date"  # the typed date of a part's rows (``columns.value_name``)
ID_SHAPES = 1_000  # distinct company ids whose shape (``aaa-999999``) marks a finding's value as an id
FLAG = "_flag:"  # a kept warning flag: "_flag:<code>:<column>"
HASHED = "_hash:"  # a company's text read but not kept (its name), as the 64-bit hash of its value: "_hash:<column>"


def hashed(column: str) -> str:
    """The kept column holding each row's hash of ``column`` (company data read but not kept: the
    name). Null where the cell is empty. The value itself is one of ``SourceTable.company_values``,
    whose ``Series.hash()`` is the same number: a few rows' names are found again from there."""
    return f"{HASHED}{column}"


def _no_values() -> pl.Series:
    """No values (of company data read, of first company ids)."""
    return pl.Series("v", [], dtype=pl.String)


def warning_flag(check: Check) -> str:
    return f"{FLAG}{check.code}:{check.column}"


@dataclass
class SourceTable:
    """All rows of one source (several files concatenated), typed, with quality flags."""

    source: str
    frame: pl.DataFrame
    files: list[tuple[str, str | None]]  # every (file, sheet) read, rows or not
    findings: list[Finding] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)  # full count per finding code
    # Every quarantined row as it was in the file, with its reasons: what a person fixes.
    quarantined_rows: pl.DataFrame | None = None
    # canonical column → the (file, sheet) parts without it: their rows say nothing about it
    absent: dict[str, list[tuple[str, str | None]]] = field(default_factory=dict)
    exported: bool = True  # False: the profile says the export has no such source (``evaluations: null``)
    id_column: str = ""
    company_columns: frozenset[str] = frozenset()  # a company's own data: a finding's value there stays off pages
    # the values, as read, of company data read but not kept (the company names; each part's distinct
    # ones, so a name may repeat across parts): a finding
    # whose value is one of them (a name typed into the segment column) is masked
    # (``hubmonitor.engine.quality.company_values`` compares them by ``findings.company_key``)
    company_values: pl.Series = field(default_factory=lambda: _no_values())
    # the first ``ID_SHAPES`` distinct company ids in the order of the files, every row's (also the
    # rows not read): the shapes of ids a finding's value is compared with
    first_ids: pl.Series = field(default_factory=lambda: _no_values())
    # Read between two days (``read_table``'s ``since`` and ``until``): the rows dated before or after
    # are counted per part here, not typed, checked or kept; of their ids the 64-bit hashes are kept
    # (``unread_ids``, as ``_idhash``) for the duplicate-id check, their company names (in
    # ``company_values``) and first company ids (``first_ids``) as those of every row.
    since: date | None = None
    until: date | None = None
    early: dict[tuple[str, str | None], int] = field(default_factory=dict)
    late: dict[tuple[str, str | None], int] = field(default_factory=dict)
    # (file, sheet) → rows the profile's skip_rows left out (never read: not in the accounting's rows read)
    skipped: dict[tuple[str, str | None], int] = field(default_factory=dict)
    # (file, sheet) → canonical column → the file's own heading of it, where they differ (``RawSource.headings``)
    headings: dict[tuple[str, str | None], dict[str, str]] = field(default_factory=dict)
    unread_ids: pl.Series | None = None
    # Of the rows after ``until``: the date of a usable one (the first found, not the latest), None
    # when there is none; ``after_known`` False when the first ``AFTER_LOOKED_AT`` of a file's were
    # all quarantined and the rest not looked at (then it is not known whether one is usable).
    after: date | None = None
    after_known: bool = True
    # several data folders read as one (``io/combine.py``): their names, each file's ``_file`` beginning with
    # its folder's and "/"; empty for one folder. Each folder is its own CRM: registration times are its own
    folders: tuple[str, ...] = ()
    # the masking of findings' values (``engine.quality``): per column looked through, each key's
    # values found (empty: none); filled as evaluations ask, since the table does not change
    masking: dict[tuple[str, str], dict[str, list[str]]] = field(default_factory=dict)

    @property
    def unread(self) -> bool:
        """Rows were left unread (dated before ``since`` or after ``until``)."""
        return bool(self.early or self.late)

    def usable(self) -> pl.DataFrame:
        return self.frame.filter(USABLE)


class _Tally:
    """Findings of value checks over every part of a source: counted in full, the first
    ``SAMPLE_PER_CODE`` rows of each check kept, in file order."""

    def __init__(self, n_checks: int) -> None:
        self.totals = [0] * n_checks
        self.samples: list[list[tuple[str, str | None, int, object]]] = [[] for _ in range(n_checks)]

    def add(self, i: int, total: int, part: pl.DataFrame, flag: str, column: str, sampled: bool = True) -> None:
        """Check ``i`` flagged ``total`` rows of ``part`` (where ``flag``): counted, and (file,
        sheet, row, value) of the first ones kept while the sample is not full (unless not ``sampled``)."""
        self.totals[i] += total
        if sampled:
            self.samples[i].extend(_first_flagged(part, flag, column, SAMPLE_PER_CODE - len(self.samples[i])))


def _first_flagged(frame: pl.DataFrame, flag: str, column: str, n: int, *, with_seq: bool = False
                   ) -> list[tuple[Any, ...]]:
    """(file, sheet, row, value of ``column``) of the first ``n`` rows where ``flag`` holds (with
    ``with_seq`` the row's ``_seq`` first); lazy, so only these columns of those rows are taken."""
    if n <= 0:
        return []
    return list(frame.lazy().filter(pl.col(flag)).select(*(["_seq"] if with_seq else []), "_file", "_sheet", "_row",
                                                         column).head(n).collect().iter_rows())


def _flagged(typed: pl.DataFrame, checks: list[Check]
             ) -> tuple[pl.DataFrame, list[str], list[tuple[str, Check]]]:
    """``typed`` with each check's flag ``_chk<i>`` and ``_quarantine``; the flags' names, and the
    quarantining checks with theirs."""
    # A cell holding an Excel error (#N/A) is reported as that, not also as "missing" or "unknown".
    # Without any error cell (every CSV file) that exclusion changes nothing and is left out.
    has_cell_errors = typed["_cell_error"].null_count() < typed.height
    flags = {f"_chk{i}": c.problem if c.cells or not has_cell_errors else
             c.problem & ~pl.col("_cell_error").fill_null("").str.contains(f"(^|; ){c.column}:")
             for i, c in enumerate(checks)}
    # A totals row ("I alt") is that finding alone, not also a row missing its date, municipality and type
    if typed[ROW_PROBLEM].null_count() < typed.height:
        flags = {name: expr if checks[i].row_level else expr & ~totals_row()
                 for i, (name, expr) in enumerate(flags.items())}
    frame = typed.with_columns(**{name: expr.fill_null(False) for name, expr in flags.items()})
    quarantining = [(f"_chk{i}", c) for i, c in enumerate(checks) if CODES[c.code][0] == "quarantine"]
    frame = frame.with_columns(
        _quarantine=pl.any_horizontal(f for f, _ in quarantining) if quarantining else pl.lit(False))
    return frame, list(flags), quarantining


AFTER_LOOKED_AT = 1_000  # rows after ``until`` of a file typed and checked to find a usable one, at most


def _usable_day(typer: PartTyper, rows: pl.DataFrame, absent: frozenset[str]) -> date | None:
    """The date of the first of ``rows`` that is not quarantined (so usable: an exact copy's first is
    usable too), typed and checked as every row is; None if each is quarantined."""
    typed, checks = typer.type(rows, absent)
    flagged, _, _ = _flagged(typed, checks)
    clean = flagged.filter(~pl.col("_quarantine") & pl.col(DATE_VALUE).is_not_null()).head(1)
    return clean[DATE_VALUE][0] if clean.height else None


def _check_part(typed: pl.DataFrame, checks: list[Check], columns: dict[str, pl.Expr], id_col: str,
                raw_columns: tuple[str, ...], tally: _Tally, sampled: bool = True,
                by_value: Mapping[str, str] | None = None, always: frozenset[str] = frozenset()
                ) -> tuple[pl.DataFrame, pl.DataFrame | None]:
    """One part's canonical columns with ``_quarantine``, ``_rowhash`` and ``_idhash`` (for the
    duplicate checks across parts), and its quarantined rows as they were in the file; the findings go to
    ``tally`` (counted; with ``sampled`` also listed). Of the part's text columns only the id is kept
    (it is canonical as it is)."""
    frame, flags, quarantining = _flagged(typed, checks)
    totals = frame.select(pl.col(flag).sum() for flag in flags).row(0)
    for i, (check, total) in enumerate(zip(checks, totals, strict=True)):
        if total:
            tally.add(i, int(total), frame, f"_chk{i}", check.sample or check.column, sampled)
    reasons = [pl.when(pl.col(flag)).then(_reason(c)) for flag, c in quarantining]
    quarantined = frame.filter(pl.col("_quarantine")).select(
        pl.col("_file").alias("file"), pl.col("_sheet").alias("sheet"), pl.col("_row").alias("row"),
        pl.concat_list(reasons).list.drop_nulls().list.join("; ").alias("reasons"),
        *(detached(c) for c in raw_columns),
    ) if reasons else None
    canonical = frame.select(
        "_file", "_sheet", "_row", "_seq", "_quarantine",
        *[expr.alias(name) for name, expr in columns.items()],
        # each warning check's flag, kept: a year's count of the code is its sum over the year's rows
        *[pl.col(f"_chk{i}").alias(warning_flag(c)) for i, c in enumerate(checks)
          if CODES[c.code][0] != "quarantine"],
        # the whole row, for telling an exact copy from a reused id: a typed cell by what it was read as,
        # however it was written (a date cell in a workbook and the same day as text in a CSV; "x", "Ja")
        _rowhash=_row_hash(raw_columns, {c: v for c, v in (by_value or {}).items() if v in frame.columns}, always),
        # a totals row's "id" ("I alt" in every month's file) is no id: not compared across files
        _idhash=(pl.when(~totals_row()).then(pl.col(id_col).hash()) if frame[ROW_PROBLEM].null_count() < frame.height
                 else pl.col(id_col).hash()),
    )
    # One chunk per column and part: the CSV reader's chunks otherwise stay in some columns, and
    # adding a column to the joined frame later would copy all of it to line the chunks up.
    return canonical.rechunk(), quarantined


def detached(column: str) -> pl.Expr:
    """A text column's values in buffers of their own. polars' strings are views into the buffers
    they were read into, and a few rows taken from a file (its quarantined rows) otherwise keep that
    whole file's text of the column alive as long as they are kept: 64 MB for 26 rows at 1M rows,
    161 MB at 10M (BENCHMARKS.md). Joining each value to an empty text writes it anew."""
    return pl.concat_str(pl.col(column), pl.lit("")).alias(column)


def _headed(rows: pl.DataFrame, headings: Mapping[tuple[str, str | None], Mapping[str, str]]) -> pl.DataFrame:
    """A part's quarantined rows with each reason's column named as the file heads it ("bad-date (Dato)"):
    the person fixing them in the CSV looks for the export's column. A part is one file or sheet."""
    if not rows.height:
        return rows
    own = headings.get((rows["file"][0], rows["sheet"][0]))
    if not own:
        return rows

    def headed(reason: str) -> str:  # "excel-error (Dato: #DIV/0!; Kommune: #N/A)"
        for column, heading in own.items():
            reason = (reason.replace(f"({column})", f"({heading})").replace(f"({column}: ", f"({heading}: ")
                      .replace(f"; {column}: ", f"; {heading}: "))
        return reason

    # each distinct reason once (a file of 2M rows in another date format is 2M quarantined rows, one reason)
    said = {reason: headed(reason) for reason in rows["reasons"].unique().to_list() if reason is not None}
    return rows.with_columns(pl.col("reasons").replace(said))


def _reason(check: Check) -> pl.Expr:
    """A quarantined row's reason: "code (column)", "code (column: value)" of an error cell, or
    "code (detail)" of a row the file reader could not read as the header says."""
    if check.cells:
        return pl.format("{} ({})", pl.lit(check.code), pl.col(check.column))
    if check.row_level:
        return pl.format("{} ({})", pl.lit(check.code), pl.col(check.column).str.splitn(": ", 2).struct[1])
    return pl.lit(f"{check.code} ({check.column})")


def _side(days: pl.Series, first: date | None, last: date | None) -> pl.Series:
    """-1 for a day before ``first``, 1 after ``last``, else 0 (also where the date cannot be read)."""
    day = pl.col(days.name)
    out = pl.lit(0, pl.Int8)
    if last is not None:
        out = pl.when(day > last).then(pl.lit(1, pl.Int8)).otherwise(out)
    if first is not None:
        out = pl.when(day < first).then(pl.lit(-1, pl.Int8)).otherwise(out)
    return days.to_frame().select(out.alias("_side")).to_series()


# Kinds whose cells are compared by what they were read as (``_row_hash``): "x", "Ja" and "J" are one
# yes, "259", "Køge" and "Køge Kommune" one municipality, "12 34 56 78" and 12345678 one CVR number
# (a review found a month exported twice with other spellings counted twice). Text and ids as written.
_BY_VALUE = frozenset({Kind.DATE, Kind.DATETIME, Kind.ENUM, Kind.BOOLEAN, Kind.MUNICIPALITY, Kind.CVR,
                       Kind.INTEGER, Kind.NUMBER, Kind.TAGS})


def _row_hash(columns: tuple[str, ...], by_value: Mapping[str, str] | None = None,
              always: frozenset[str] = frozenset()) -> pl.Expr:
    """A 64-bit hash of the whole row: each column's hash with its own seed (so that values
    swapped between columns differ), combined by xor; null and "" hash apart. A column in ``by_value``
    (a typed column, ``_BY_VALUE``, with the name of its typed value) is hashed by its value where
    it was read, as written where it was not: "2024-03-05", "05.03.2024" and a workbook's date cell
    are one day, "x" and "Ja" one yes. A column in ``always`` is hashed by its value even where that is
    null: every cell of it is read (a tags column: no tag, written "" or " ", is null)."""
    by_value = by_value or {}

    def one(i: int, c: str) -> pl.Expr:
        if c not in by_value:
            return pl.col(c).hash(seed=i)
        value = pl.col(by_value[c])
        if c in always:
            return value.hash(seed=i)
        return pl.when(value.is_not_null()).then(value.hash(seed=i)).otherwise(pl.col(c).hash(seed=i))

    hashes = [one(i, c) for i, c in enumerate(columns)]
    return functools.reduce(lambda a, b: a.xor(b), hashes)


def _duplicates(parts: list[pl.DataFrame], id_col: str, unread_ids: pl.Series | None = None,
                compared: Sequence[str] = ()) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The parts, one after the other, with ``_duplicate``: an exact copy of an earlier row (not
    itself quarantined); ``_dup_id``: an id on rows that differ (also an id of a row dated outside
    the rows read, whose hash is in ``unread_ids``: that row differs from every row read, in its
    date at least; 64 bits, as below).
    Both need the id to repeat: the repeated ids are found by sorting their hashes (``_idhash``; a
    collision only adds a candidate), and only those rows are compared, by id and by the hash of the
    whole row as it was in the file (``_rowhash``, 64 bits: two different rows with the same id would
    have to collide to be taken for copies). The flags are added to each part before the parts are
    joined: added to the joined frame, they would copy every column to line its chunks up.
    Also the rows whose id repeats, with where they are, their hashes and the ``compared`` columns:
    for naming a duplicate's other row and what differs (``_partners``)."""
    ordered = pl.concat([part.select("_idhash") for part in parts])["_idhash"].sort()
    repeated = ordered.filter(ordered == ordered.shift(1)).unique().implode()
    shown = [c for c in compared if c != id_col and c in parts[0].columns]
    repeats = pl.concat([part.lazy().filter(pl.col("_idhash").is_in(repeated))
                         .select("_seq", "_file", "_sheet", "_row", id_col, "_rowhash", *shown)
                         for part in parts]).collect()
    candidates = repeats.select(
        "_seq",
        _duplicate=~pl.struct(id_col, "_rowhash").is_first_distinct(),
        _dup_id=pl.col(id_col).is_not_null() & (pl.col("_rowhash").n_unique().over(id_col) > 1),
    )
    dup_id = pl.col("_seq").is_in(candidates.filter("_dup_id")["_seq"].implode())
    if unread_ids is not None and unread_ids.len():  # by hash, as the candidates above are found
        shared = ordered.filter(ordered.is_in(unread_ids.implode())).unique()  # once, not per part
        dup_id = dup_id | (pl.col(id_col).is_not_null() & pl.col("_idhash").is_in(shared.implode()))
    copies = pl.col("_seq").is_in(candidates.filter("_duplicate")["_seq"].implode()) & ~pl.col("_quarantine")
    # by is_in, not a join: the flagged rows are few, a join copies every column
    return joined([part.with_columns(_duplicate=copies, _dup_id=dup_id) for part in parts]), repeats


# rows of a file: a few copied rows are no second export (a test file's, a month's edge: and those are a small part
# of the other file, which ``_overlapping`` asks too); a small hub's week of 19 rows given twice is (a review: 20
# asked for, 19 copies of 21 rows were 19 warnings and no word of a second export)
OVERLAP_AT_LEAST = 5


def _overlapping(repeats: pl.DataFrame, id_col: str, rows_in: Mapping[tuple[str, str | None], int]
                 ) -> list[tuple[str, str | None, str]]:
    """(file, sheet, the other file) where at least half of a file's rows (and ``OVERLAP_AT_LEAST``)
    are exact copies of rows first read from one other file, and they are at least half of that
    file's rows too: two exports of the same data in the folder (a week's export beside the week
    before's; a review), not a month's file beside the year's. The copies count once, but a row
    corrected between the two exports counts twice (a reused id), which the finding says."""
    if not repeats.height:
        return []
    first = [pl.col(c).first().over([id_col, "_rowhash"]).alias(f"_first{c}") for c in ("_file", "_sheet")]
    copies = (repeats.lazy().with_columns(*first)
              .filter(~pl.struct(id_col, "_rowhash").is_first_distinct())
              .filter((pl.col("_file") != pl.col("_first_file")) | (pl.col("_sheet").fill_null("")
                                                                    != pl.col("_first_sheet").fill_null("")))
              .group_by("_file", "_sheet", "_first_file", "_first_sheet").len().collect())
    out = []
    # per file the one it copies most of, in the order the files were read
    most = copies.sort("len", descending=True).unique(["_file", "_sheet"], keep="first")
    for file, sheet, other, other_sheet, n in most.iter_rows():
        # each of the two mostly the other: a month's file beside the year's holding it is no second export
        # (a review: "keep only the newest" would have dropped eleven months)
        if n >= OVERLAP_AT_LEAST and 2 * n >= rows_in.get((file, sheet), 0) \
                and 2 * n >= rows_in.get((other, other_sheet), 0):
            out.append((file, sheet, shown_place(other, other_sheet)))
    order = {where: i for i, where in enumerate(rows_in)}
    return sorted(out, key=lambda found: order.get((found[0], found[1]), len(order)))


_ELSEWHERE = ("den anden række er fra et andet år end denne og året før",
              "the other row is from another year than this one and the year before")


def _near(day: date | None, other: date | None) -> bool:
    """Is a row dated ``other`` one every read of ``day``'s year holds: undated, or of that year or the
    year before (an undated row's: only undated ones)."""
    return other is None if day is None else other is None or day.year - 1 <= other.year <= day.year


def first_in(where: str) -> tuple[str, str]:
    """An exact copy's ``Finding.detail``: where its first row is ("crm.csv:7")."""
    return f"første gang i {where}", f"first in {where}"


def _partners(repeats: pl.DataFrame, sample: Sequence[tuple[int, object]], id_col: str, exact: bool,
              headings: Mapping[tuple[str, str | None], Mapping[str, str]] | None = None
              ) -> dict[int, tuple[str, str]]:
    """For each sampled duplicate (its ``_seq`` and id), where its other row is and, for a reused id,
    which fields differ (Danish, English; ``Finding.detail``): an exact copy's first row; a reused id's
    first row with other content. Names of files, rows and columns only, never a value; a column by the
    files' own headings (``headings``: "Dato", or "Dato/Mødedato" where the two files head it otherwise).

    Only a row dated in the duplicate's own year or the year before (or, for one without a readable
    date, a row without one) is named: every read of a year's report reads those (a lean read does
    not read the years before them, nor those after the contract's), and the report is the same
    whichever read made it (tests/test_rows_read.py). A reused id whose other content lies further
    off is said to be so."""
    ids = [value for _, value in sample if value is not None]
    rows = repeats.filter(pl.col(id_col).is_in(ids)).sort("_seq").to_dicts() if ids else []
    by_id: dict[object, list[dict[str, Any]]] = {}
    for row in rows:
        by_id.setdefault(row[id_col], []).append(row)
    internal = {"_seq", "_file", "_sheet", "_row", id_col, "_rowhash"}
    out: dict[int, tuple[str, str]] = {}
    for seq, value in sample:
        group = by_id.get(value, [])
        own = next((r for r in group if r["_seq"] == seq), None)
        if own is None:  # (its id repeats only on rows not read: a reused id)
            if not exact:
                out[seq] = _ELSEWHERE
            continue
        others = [r for r in group if r["_seq"] != seq and (r["_rowhash"] == own["_rowhash"]) is exact
                  and _near(own.get("date"), r.get("date"))]
        if not others:
            if not exact:
                out[seq] = _ELSEWHERE
            continue
        other = others[0]
        where = f"{shown_place(other['_file'], other['_sheet'])}:{other['_row']}"
        if exact:
            out[seq] = first_in(where)
            continue
        differ = [c.removeprefix(HASHED) for c in own if c not in internal and own[c] != other[c]]
        heads = [(headings or {}).get((r["_file"], r["_sheet"]), {}) for r in (own, other)]
        fields = ", ".join("/".join(dict.fromkeys(h.get(c, c) for h in heads)) for c in differ)
        out[seq] = (f"den anden række: {where}" + (f"; forskellige felter: {fields}" if differ else ""),
                    f"the other row: {where}" + (f"; fields that differ: {fields}" if differ else ""))
    return out


def joined(parts: list[pl.DataFrame]) -> pl.DataFrame:
    """The parts one after the other, each column holding one piece per part (no copy). ``pl.concat``
    of frames merges a column's pieces where neighbouring parts hold the same one value in it (polars
    keeps a column of one row, or of a literal, as that value): the joined columns then had different
    pieces, and any query over all of them copied every column to line them up (0.3 s and a copy of
    the frame at 10M rows, where small files held one value; BENCHMARKS.md). Joined column by column,
    as series, every column keeps the same pieces."""
    first = parts[0]
    for part in parts[1:]:
        if part.schema != first.schema:
            raise ValueError(f"parts differ in their columns: {part.schema} against {first.schema}")
    return pl.DataFrame([pl.concat([part.get_column(name) for part in parts], rechunk=False)
                         for name in first.columns])


def _distinct(column: str) -> pl.Expr:
    """The distinct values of ``column`` as text, without null, named ``v``."""
    return pl.col(column).cast(pl.Utf8).drop_nulls().unique().alias("v")


def first_distinct(ids: pl.Series, n: int) -> pl.Series:
    """The first ``n`` distinct company ids, trimmed as they are typed (null left out), in their
    order; looks at as few rows as it needs."""
    size = max(n, 1) * 4
    while True:
        found = ids.head(size).str.strip_chars().drop_nulls().unique(maintain_order=True).head(max(n, 0)).rename("v")
        if found.len() >= n or size >= ids.len():
            return found
        size *= 4


class Lean(NamedTuple):
    """The rows an evaluation reads only through its targets' rules (the years before, the seasonal
    profile of the pace) and the integrity signals' year before: dated before ``before``, the first
    day of the year evaluated. A file of such rows only is typed and checked without the columns
    that ``lean_columns`` names (``reads``: per source, the columns the rules and the signals read
    of them): in the shipped schema the registration time and the topics where no target filters
    on them; and without the checks of the columns that only warn (``warned_only``: a CVR number's
    format and checksum). Which rows are usable is the same; only warnings about those cells, which
    no evaluation of the contract year reports, are not looked for; the other findings of such a
    file are counted, not listed (they would take the places of the year's own in the sample)."""

    before: date
    reads: Mapping[str, frozenset[str]]  # per source


def lean_columns(schema: SourceSchema, typer: PartTyper, reads: frozenset[str]) -> frozenset[str]:
    """The columns ``Lean`` rows are read without: not read by a target, not the date or the row's
    id, not a company's own data (the masking of findings looks for a finding's value among every
    row's company ids, CVR numbers and names, whatever their year), no check of theirs quarantining
    a row."""
    severities = _severities(typer)
    return frozenset(c.name for c in schema.columns
                     if c.name not in reads and c.name not in ("date", schema.id_column)
                     and not c.company_data and "quarantine" not in severities.get(c.name, ()))


def warned_only(typer: PartTyper) -> frozenset[str]:
    """The columns all of whose checks only warn (a CVR number's format and checksum): ``Lean`` rows
    type their values (a CVR number is read, and masks findings) without those checks, whose findings
    no evaluation of the contract year reports."""
    return frozenset(column for column, found in _severities(typer).items() if found == {"warning"})


def _severities(typer: PartTyper) -> dict[str, set[str]]:
    """Per column, the severities of its checks (``findings.CODES``)."""
    severities: dict[str, set[str]] = {}
    for check in typer.checks:
        severities.setdefault(check.column, set()).add(CODES[check.code][0])
    return severities


class _ToType(NamedTuple):
    """A part's rows as read, and how they are typed (``read_table``)."""

    frame: pl.DataFrame
    absent: frozenset[str]  # columns typed as missing (the part lacks them, or they are left out: ``Lean``)
    unchecked: frozenset[str]  # columns typed without their checks (``warned_only``)
    earlier: bool  # all dated rows before the year (``Lean``): findings counted, not listed
    looked: Mapping[str, LookedUp] | None = None  # columns of ``frame`` looked up already (``PartTyper.dates``)


def read_table(schema: SourceSchema, raw: RawSource, mapping: SourceMapping,
               registry: MunicipalityRegistry, *, exported: bool = True, since: date | None = None,
               until: date | None = None, lean: Lean | None = None) -> SourceTable:
    """Type and check each file (or sheet) as it is read, keeping its canonical columns only: the
    text of every file is never held at once. Then the duplicate checks, which span files.

    ``since`` and ``until``: the rows whose date reads as a day before ``since`` or after ``until``
    are only counted (per part) and their ids kept: an evaluation that reads nothing outside those
    days need not type and check them. Of the rows after ``until`` the first usable one is looked
    for (``SourceTable.after``): whether the data run past ``until``. Rows without a readable date are
    read as always (they may be of any year). A source without a ``date`` column of dates is read whole.

    ``lean``: a part (file or sheet) whose dated rows all lie before ``lean.before`` is typed without
    the columns ``lean_columns`` names (as if the part lacked them)."""
    typer = PartTyper(schema.columns, mapping, registry, schema.id_column)
    dated = "date" in schema.names and schema["date"].kind is Kind.DATE
    lean_skip = (lean_columns(schema, typer, lean.reads.get(str(schema.source), frozenset()))
                 if lean is not None and dated else frozenset())
    lean_unchecked = warned_only(typer) if lean is not None and dated else frozenset()
    kept = {c.name: pl.col(value_name(c)) for c in schema.columns if c.kept}
    # company text not kept (the names): each row's hash, for the look-alike names (``engine/signals.py``)
    kept |= {hashed(c.name): pl.when(pl.col(value_name(c)) != "").then(pl.col(value_name(c)).hash())
             for c in schema.columns if c.company_data and not c.kept and c.kind is Kind.TEXT}
    tally = _Tally(len(typer.checks))
    # the columns a row is compared by as read, not as written (``_row_hash``): every typed one
    by_value = {c.name: value_name(c) for c in schema.columns if c.kind in _BY_VALUE}
    read_whole = frozenset(c.name for c in schema.columns if c.kind is Kind.TAGS)  # (``_row_hash``'s always)
    parts: list[pl.DataFrame] = []
    quarantined: list[pl.DataFrame] = []
    seq = 0
    unkept = [value_name(c) for c in schema.columns if c.company_data and not c.kept]
    unkept_raw = [c.name for c in schema.columns if c.company_data and not c.kept]
    company_values: list[pl.Series] = []
    first_ids = _no_values()  # the read's first ``ID_SHAPES`` distinct company ids so far
    unread: dict[int, dict[tuple[str, str | None], int]] = {-1: {}, 1: {}}  # before, after: per part
    unread_ids: list[pl.Series] = []
    after: date | None = None
    after_known = True
    empty: _ToType | None = None  # a part left without rows
    rows_in: dict[tuple[str, str | None], int] = {}  # rows read per file (or sheet), for ``_overlapping``

    # the checks of a date column's unreadable dates: a part with such dates is asked whether the profile's
    # date format is the wrong way round (``swapped-date-format``)
    date_checks = [i for i, check in enumerate(typer.checks)
                   if check.column in schema.names and schema[check.column].kind is Kind.DATE
                   and check.code == schema[check.column].invalid]

    def typed(part: _ToType) -> None:
        """The part typed and checked (``_check_part``); its company names added to ``company_values``."""
        values, checks = typer.type(part.frame, part.absent, part.unchecked, part.looked)
        company_values.extend(values.lazy().select(_distinct(name)).collect().to_series()
                              for name in unkept if name in values.columns)
        unreadable = sum(tally.totals[i] for i in date_checks)
        # an earlier year's findings are counted, not listed: no evaluation of the year lists them, and
        # listed they would take the places of the year's own in the sample (the first 50 of a check)
        checked, rows = _check_part(values, checks, kept, value_name(schema[schema.id_column]), schema.names, tally,
                                    sampled=not part.earlier, by_value=by_value,
                                    # (a tags column the part lacks, a lean read's, is hashed as written: a
                                    # null literal on every row would make rows differing in it copies; a review)
                                    always=read_whole - part.absent)
        parts.append(checked)
        if rows is not None:
            quarantined.append(_headed(rows, raw.headings))
        if not part.earlier and sum(tally.totals[i] for i in date_checks) > unreadable:
            file, sheet = part.frame["_file"][0], part.frame["_sheet"][0]
            for column, written in typer.swapped_date_formats().items():
                raw.note("swapped-date-format", file, None, column, written, sheet)

    limited = (since is not None or until is not None) and dated
    for raw_part in raw.parts:
        frame = raw_part.frame.with_row_index("_seq", offset=seq)
        # once found, the files after them cannot change them: not looked through
        if "company_id" in schema.names and "company_id" not in raw_part.absent and first_ids.len() < ID_SHAPES:
            first_ids = first_distinct(pl.concat([first_ids, first_distinct(frame["company_id"], ID_SHAPES)]),
                                       ID_SHAPES)
        # each row's date, read once: where it lies against ``since``/``until`` and ``lean.before``
        days, looked = (typer.dates(frame) if (limited or lean is not None) and dated
                        and "date" not in raw_part.absent and frame.height else (None, None))
        # lean: the part's dated rows, read or not, all of them before the year: no row of it is of the
        # year (its rows without a readable date neither: their part holds no row of the year), which is
        # how the data-quality report places a part (``engine/quality.py`` ``_accounting``)
        earlier = (lean is not None and days is not None and days.null_count() < days.len()
                   and not (days >= lean.before).any())
        if limited and days is not None:
            side = _side(days, since, until)
            counts = {key: int((side == key).sum()) for key in (-1, 1)}
            if counts[-1] or counts[1]:
                place = (frame["_file"][0], frame["_sheet"][0])  # a part is one file (or sheet)
                for key, n in counts.items():
                    if n:
                        unread[key][place] = unread[key].get(place, 0) + n
                # of the rows not read only the columns asked for are taken, never a copy of every column
                outside = frame.lazy().with_columns(side.alias("_side")).filter(pl.col("_side") != 0)
                found = pl.collect_all([outside.select(pl.col(schema.id_column).drop_nulls().hash()),
                                        *(outside.select(_distinct(c)) for c in unkept_raw
                                          if c not in raw_part.absent)])
                unread_ids.append(found[0].to_series())
                company_values += [f.to_series() for f in found[1:]]
                del outside, found  # (the query holds the whole part: not kept while the next file is read)
                if after is None and counts[1]:
                    late = frame.filter(side == 1).head(AFTER_LOOKED_AT)
                    after = _usable_day(typer, late, raw_part.absent)
                    del late  # (views into the file's text: not kept while the next files are read)
                    if after is None and counts[1] > AFTER_LOOKED_AT:
                        after_known = False  # the rest of this file's rows after ``until`` not looked at
                # (the date's look-up is of the rows before: looked up again for those left)
                frame, days, looked = frame.filter(side == 0), days.filter(side == 0), None
        absent = raw_part.absent
        unchecked = lean_unchecked if earlier else frozenset()
        if earlier:
            absent = absent | lean_skip
        del days
        seq += raw_part.frame.height
        where = (raw_part.frame["_file"][0], raw_part.frame["_sheet"][0]) if raw_part.frame.height else None
        if where is not None:
            rows_in[where] = rows_in.get(where, 0) + raw_part.frame.height
        del raw_part  # (its text: not kept while the next file is read)
        if not frame.height:
            # no row left to type (every row outside the days read; the one empty part of a source
            # without rows): typing a part costs some 10 ms without any row, paid by each month of a
            # folder of monthly files. If no part has a row, one empty part is typed after the loop: the
            # joined frame's columns
            empty = _ToType(pl.DataFrame(schema=frame.schema), absent, unchecked, earlier)  # (no view into its text)
            continue
        typed(_ToType(frame, absent, unchecked, earlier, {"date": looked} if looked is not None else None))
        del frame, looked
    if not parts and empty is not None:
        typed(empty)
    id_col = schema.id_column
    ids = pl.concat(unread_ids) if unread_ids else None
    # a reused id's differing fields: those every read types (not a column a lean read may leave untyped,
    # whatever the contract reads: the year's report is the same from a lean read as from a whole one)
    compared = [name for name in kept if name not in lean_columns(schema, typer, frozenset())]
    frame, repeats = _duplicates(parts, id_col, ids, compared=compared)
    overlapping = _overlapping(repeats, id_col, rows_in)
    parts.clear()  # (the joined frame holds their columns)
    table = SourceTable(schema.source, frame, list(raw.inputs), list(raw.findings), dict(raw.counts),
                        pl.concat(quarantined, how="vertical") if quarantined else None, dict(raw.absent),
                        exported, id_col,
                        company_values=pl.concat(company_values) if company_values else _no_values(),
                        first_ids=first_ids,
                        since=since if limited else None, until=until if limited else None,
                        early=unread[-1], late=unread[1], skipped=dict(raw.skipped), headings=dict(raw.headings),
                        unread_ids=ids, after=after,
                        after_known=after is not None or after_known)
    # (code, column reported, the check (error cells, a row problem), count, sample): the value checks,
    # then the duplicates (reported by id)
    reported: list[tuple[str, str | None, Check | None, int, list[tuple[str, str | None, int, object]]]] = [
        (check.code, None if check.row_level else check.column, check, tally.totals[i], tally.samples[i])
        for i, check in enumerate(typer.checks)]
    details: dict[tuple[str, str, str | None, int], tuple[str, str]] = {}  # (code, file, sheet, row) → detail
    for code, column, flag in (("duplicate-row", None, "_duplicate"), ("duplicate-id", id_col, "_dup_id")):
        total = int(frame[flag].sum())
        sample = _first_flagged(frame, flag, id_col, SAMPLE_PER_CODE, with_seq=True) if total else []
        partners = _partners(repeats, [(seq, value) for seq, *_, value in sample], id_col, exact=flag == "_duplicate",
                             headings=raw.headings)
        details |= {(code, file, sheet, int(row)): partners[seq] for seq, file, sheet, row, _ in sample
                    if seq in partners}
        reported.append((code, column, None, total, [tuple(found[1:]) for found in sample]))
    del repeats
    for file, sheet, other in overlapping:  # a file's finding (no row): beside the file's other ones
        table.findings.append(finding("overlapping-export", file, None, None, other, sheet=sheet))
        table.counts["overlapping-export"] = table.counts.get("overlapping-export", 0) + 1
    company = table.company_columns = frozenset(c.name for c in schema.columns if c.company_data)
    # an unreadable date names the formats the profile reads, when they are not only the canonical one
    # (a review: "03.02.26 … not in the date format; canonical YYYY-MM-DD" under a profile of DD.MM.YYYY)
    formats = ("; " if any("," in f for f in mapping.date_formats) else ", ").join(mapping.date_formats)
    date_detail = ((f"profilens datoformat: {formats}", f"the profile's date format: {formats}")
                   if mapping.date_formats != ["YYYY-MM-DD"] else (None, None))
    unreadable_dates = {id(typer.checks[i]) for i in date_checks}
    for code, column, check, total, sample in reported:
        if not total:
            continue
        table.counts[code] = table.counts.get(code, 0) + total
        for file, sheet, row, value in sample:
            reported_column = column
            if check is not None and check.cells:  # the first error cell of the row: "referred: #N/A"
                reported_column, _, value = str(value).split("; ")[0].partition(": ")
            elif check is not None and check.row_level:  # "ragged-row: 12 > 11"
                value = str(value).partition(": ")[2] or None
            table.findings.append(finding(code, file, int(row), reported_column, None if value is None else str(value),
                                          sheet=sheet, sensitive=reported_column in company,
                                          month_words=mapping.month_words and id(check) in unreadable_dates,
                                          detail=details.get((code, file, sheet, int(row)),
                                                             date_detail if id(check) in unreadable_dates
                                                             else (None, None))))
    flags = [c for c in frame.columns if c.startswith(FLAG)]
    table.frame = frame.select("_file", "_sheet", "_row", "_seq", "_quarantine", "_duplicate", *kept, *flags)
    return table
