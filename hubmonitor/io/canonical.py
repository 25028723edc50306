"""Turn a source's rows (canonical column names, text values) into typed, validated frames.

The rows come from ``hubmonitor.io.mapping`` (files read once, through the profile), a file (or
sheet) at a time: each is typed and checked, and only its typed columns are kept. Values are
normalised with vectorised expressions: spellings are mapped through small lookup tables (the
vocabulary's aliases plus the profile's), never a Python loop over rows. Rows that fail
validation are kept but flagged ``_quarantine``; exact duplicate rows (across files) are flagged
``_duplicate``. Findings carry file, sheet and the row number as a spreadsheet shows it.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple

import polars as pl

from hubmonitor.findings import CODES, SAMPLE_PER_CODE, finding
from hubmonitor.io.mapping import RawSource
from hubmonitor.profile.model import CANONICAL, SourceMapping
from hubmonitor.reference import MunicipalityRegistry
from hubmonitor.report import Finding
from hubmonitor.vocabulary import (
    ACTIVITY_TYPE_ALIASES,
    EFFECT,
    FALSE_WORDS,
    REFERRAL_USED,
    SATISFACTION,
    SEGMENT_ALIASES,
    TOPIC_ALIASES,
    TRUE_WORDS,
    Source,
    alias_table,
    answer_key,
)

ACTIVITY_COLUMNS = CANONICAL[Source.ACTIVITIES]
EVALUATION_COLUMNS = CANONICAL[Source.EVALUATIONS]
_CVR_WEIGHTS = (2, 7, 6, 5, 4, 3, 2, 1)
_TOPICS = pl.List(pl.String)
USABLE = ~pl.col("_quarantine") & ~pl.col("_duplicate")  # the rows that count


@dataclass
class SourceTable:
    """All rows of one source (several files concatenated), typed, with quality flags."""

    source: Source
    frame: pl.DataFrame
    files: list[tuple[str, str | None]]  # every (file, sheet) read, rows or not
    findings: list[Finding] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)  # full count per finding code
    # Every quarantined row as it was in the file, with its reasons: what a person fixes.
    quarantined_rows: pl.DataFrame | None = None

    def usable(self) -> pl.DataFrame:
        return self.frame.filter(USABLE)


def _key(x: pl.Expr) -> pl.Expr:
    """The answer key of a text value: trimmed, lower-case, inner white space collapsed."""
    return x.str.strip_chars().str.replace_all(r"\s+", " ").str.to_lowercase()


def _blank(x: pl.Expr) -> pl.Expr:
    return x.str.strip_chars() == ""


class _Lookups:
    """Rules worked out on the distinct values of a column only (a few hundred, not a million:
    dates, segments, answers, yes/no repeat); each row then takes its value's results by position.
    Nulls read as "". Use: build the typed expressions with ``on``, then add ``indexes()`` to the
    frame before them: one hash look-up per row and column, however many rules read it."""

    def __init__(self, frame: pl.DataFrame) -> None:
        self._frame = frame
        self._distinct: dict[str, pl.Series] = {}

    def on(self, col: str, fn: Callable[[pl.Expr], pl.Expr], dtype: pl.DataType) -> pl.Expr:
        if col not in self._distinct:
            self._distinct[col] = self._frame.select(pl.col(col).fill_null("").unique())[col]
        results = self._distinct[col].to_frame("_in").select(fn(pl.col("_in")).cast(dtype)).to_series()
        return pl.lit(results).gather(pl.col(f"_at_{col}"))

    def indexes(self) -> dict[str, pl.Expr]:
        """``_at_<col>``: the row's value's position among the column's distinct values."""
        return {f"_at_{col}": pl.col(col).fill_null("").replace_strict(
                    values, pl.int_range(values.len(), dtype=pl.UInt32, eager=True), return_dtype=pl.UInt32)
                if values.len() else pl.lit(0, pl.UInt32)  # no rows (no mapping to look up in)
                for col, values in self._distinct.items()}


def _enum(canonical: dict[str, str], mapping: SourceMapping, col: str) -> Callable[[pl.Expr], pl.Expr]:
    table = {**canonical, **{k: str(v) for k, v in mapping.aliases(col).items()}}
    return lambda x: _key(x).replace_strict(table, default=None, return_dtype=pl.String)


def _boolean(mapping: SourceMapping, col: str) -> Callable[[pl.Expr], pl.Expr]:
    """Empty means false; other spellings through the vocabulary and the profile's aliases."""
    table = {**dict.fromkeys(TRUE_WORDS, True), **dict.fromkeys(FALSE_WORDS, False), **mapping.aliases(col)}
    return lambda x: (pl.when(_blank(x)).then(pl.lit(False))
                      .otherwise(_key(x).replace_strict(table, default=None, return_dtype=pl.Boolean)))


def _topics(mapping: SourceMapping, col: str) -> Callable[[pl.Expr], pl.Expr]:
    """The canonical topics as a list (empty when none): split on the profile's separator,
    through the aliases, and split again on ";" (the canonical separator, also read where a
    profile lists with another one)."""
    aliases = {**TOPIC_ALIASES, **{k: str(v) for k, v in mapping.aliases(col).items()}}
    cleaned = _key(pl.element())

    def fn(x: pl.Expr) -> pl.Expr:
        joined = x.str.split(mapping.list_separator).list.eval(
            cleaned.replace(aliases).filter(cleaned != "")).list.join(";")
        return pl.when(joined == "").then(pl.lit([], _TOPICS)).otherwise(joined.str.split(";"))
    return fn


def _date(mapping: SourceMapping) -> Callable[[pl.Expr], pl.Expr]:
    """The profile's formats in order, then ISO; a date cell from Excel reads as ISO date-time."""
    formats = list(dict.fromkeys([*mapping.strftime_formats(), "%Y-%m-%d"]))

    def fn(x: pl.Expr) -> pl.Expr:
        text = x.str.strip_chars().str.replace(r"^(\d{4}-\d{2}-\d{2})[ T]\d{2}:\d{2}:\d{2}(\.\d+)?$", "$1")
        four_digit_year = text.str.contains(r"(^|\D)\d{4}(\D|$)")  # %Y alone would take "1-2-3" as year 1
        return pl.coalesce(
            pl.when(four_digit_year).then(text.str.to_date(fmt, strict=False)) if "%Y" in fmt
            else text.str.to_date(fmt, strict=False)
            for fmt in formats
        )
    return fn


def _whole_number(mapping: SourceMapping) -> Callable[[pl.Expr], pl.Expr]:
    """``751``, ``751.0`` (or ``751,0`` with decimal comma) → ``"751"``; anything else unchanged."""
    mark = "\\" + mapping.decimal
    return lambda x: x.str.strip_chars().str.replace(rf"^(\d+){mark}0+$", "$1")


def _cvr_problem(cvr: pl.Expr, number: pl.Expr) -> pl.Expr:
    """"format" (not 8 digits), "checksum" (fails modulus 11) or null (fine, or empty), of a CVR
    number already through ``_whole_number`` and its value as UInt32 (null if it is not one). The
    digits by integer arithmetic; "8 digits" means ASCII digits (``\\d`` would take any script's)."""
    weighted = functools.reduce(operator.add, (number // 10 ** (7 - i) % 10 * weight
                                               for i, weight in enumerate(_CVR_WEIGHTS)))
    eight_digits = (cvr.str.len_bytes() == 8) & number.is_not_null() & ~cvr.str.starts_with("+")
    return (pl.when(cvr == "").then(None)
            .when(~eight_digits).then(pl.lit("format"))
            .when(weighted % 11 != 0).then(pl.lit("checksum")))


class Check(NamedTuple):
    """A rule on rows: the finding ``code`` where ``problem`` holds, reported against ``column``."""

    code: str
    column: str
    problem: pl.Expr
    cells: bool = False  # the column holds "column: value; …" of Excel error cells


def _cell_error_check() -> Check:
    return Check("excel-error", "_cell_error", pl.col("_cell_error").is_not_null(), cells=True)


class _Tally:
    """Findings of value checks over every part of a source: counted in full, the first
    ``SAMPLE_PER_CODE`` rows of each check kept, in file order."""

    def __init__(self, n_checks: int) -> None:
        self.totals = [0] * n_checks
        self.samples: list[list[tuple[str, str | None, int, object]]] = [[] for _ in range(n_checks)]

    def add(self, i: int, total: int, part: pl.DataFrame, flag: str, column: str) -> None:
        """Check ``i`` flagged ``total`` rows of ``part`` (where ``flag``): counted, and (file,
        sheet, row, value) of the first ones kept while the sample is not full."""
        self.totals[i] += total
        self.samples[i].extend(_first_flagged(part, flag, column, SAMPLE_PER_CODE - len(self.samples[i])))


def _first_flagged(frame: pl.DataFrame, flag: str, column: str, n: int) -> list[tuple[str, str | None, int, object]]:
    """(file, sheet, row, value of ``column``) of the first ``n`` rows where ``flag`` holds; lazy,
    so only these four columns of those rows are taken."""
    if n <= 0:
        return []
    return list(frame.lazy().filter(pl.col(flag)).select("_file", "_sheet", "_row", column).head(n)
                .collect().iter_rows())


def _check_part(typed: pl.DataFrame, checks: list[Check], columns: dict[str, pl.Expr], id_col: str,
                raw_columns: tuple[str, ...], tally: _Tally) -> tuple[pl.DataFrame, pl.DataFrame | None]:
    """One part's canonical columns with ``_quarantine``, ``_rowhash`` and ``_idhash`` (for the
    duplicate checks across parts), and its quarantined rows as they were in the file; the findings go to
    ``tally``. Of the part's text columns only the id is kept (it is canonical as it is)."""
    # A cell holding an Excel error (#N/A) is reported as that, not also as "missing" or "unknown".
    # Without any error cell (every CSV file) that exclusion changes nothing and is left out.
    has_cell_errors = typed["_cell_error"].null_count() < typed.height
    flags = {f"_chk{i}": c.problem if c.cells or not has_cell_errors else
             c.problem & ~pl.col("_cell_error").fill_null("").str.contains(f"(^|; ){c.column}:")
             for i, c in enumerate(checks)}
    frame = typed.with_columns(**{name: expr.fill_null(False) for name, expr in flags.items()})
    quarantining = [(f"_chk{i}", c) for i, c in enumerate(checks) if CODES[c.code][0] == "quarantine"]
    frame = frame.with_columns(
        _quarantine=pl.any_horizontal(f for f, _ in quarantining) if quarantining else pl.lit(False))
    totals = frame.select(pl.col(flag).sum() for flag in flags).row(0)
    for i, (check, total) in enumerate(zip(checks, totals, strict=True)):
        if total:
            tally.add(i, int(total), frame, f"_chk{i}", check.column)
    reasons = [pl.when(pl.col(flag)).then(pl.format("{} ({})", pl.lit(c.code), pl.col(c.column)) if c.cells
                                          else pl.lit(f"{c.code} ({c.column})"))
               for flag, c in quarantining]
    quarantined = frame.filter(pl.col("_quarantine")).select(
        pl.col("_file").alias("file"), pl.col("_sheet").alias("sheet"), pl.col("_row").alias("row"),
        pl.concat_list(reasons).list.drop_nulls().list.join("; ").alias("reasons"),
        *raw_columns,
    ) if reasons else None
    canonical = frame.select(
        "_file", "_sheet", "_row", "_seq", "_quarantine",
        *[expr.alias(name) for name, expr in columns.items()],
        # the whole row as it was in the file, for telling an exact copy from a reused id
        _rowhash=_row_hash(raw_columns),
        _idhash=pl.col(id_col).hash(),
    )
    # One chunk per column and part: the CSV reader's chunks otherwise stay in some columns, and
    # adding a column to the joined frame later would copy all of it to line the chunks up.
    return canonical.rechunk(), quarantined


def _row_hash(columns: tuple[str, ...]) -> pl.Expr:
    """A 64-bit hash of the whole row: each column's hash with its own seed (so that values
    swapped between columns differ), combined by xor; null and "" hash apart."""
    hashes = [pl.col(c).hash(seed=i) for i, c in enumerate(columns)]
    return functools.reduce(lambda a, b: a.xor(b), hashes)


def _read(source: Source, raw: RawSource, type_part: Callable[[pl.DataFrame], pl.DataFrame],
          checks: list[Check], columns: dict[str, pl.Expr], id_col: str, raw_columns: tuple[str, ...]) -> SourceTable:
    """Type and check each file (or sheet) as it is read, keeping its canonical columns only: the
    text of every file is never held at once. Then the duplicate checks, which span files."""
    tally = _Tally(len(checks))
    parts: list[pl.DataFrame] = []
    quarantined: list[pl.DataFrame] = []
    seq = 0
    for raw_part in raw.parts:
        part, rows = _check_part(type_part(raw_part.with_row_index("_seq", offset=seq)), checks, columns,
                                 id_col, raw_columns, tally)
        seq += raw_part.height
        del raw_part
        parts.append(part)
        if rows is not None:
            quarantined.append(rows)
    frame = _duplicates(pl.concat(parts, how="vertical"), id_col)
    table = SourceTable(source, frame, list(raw.inputs), list(raw.findings), dict(raw.counts),
                        pl.concat(quarantined, how="vertical") if quarantined else None)
    # (code, column reported, column holds error cells, count, sample): the value checks, then the
    # duplicates (reported by id)
    reported: list[tuple[str, str | None, bool, int, list[tuple[str, str | None, int, object]]]] = [
        (check.code, check.column, check.cells, tally.totals[i], tally.samples[i]) for i, check in enumerate(checks)]
    for code, column, flag in (("duplicate-row", None, "_duplicate"), ("duplicate-id", id_col, "_dup_id")):
        total = int(frame[flag].sum())
        sample = _first_flagged(frame, flag, id_col, SAMPLE_PER_CODE) if total else []
        reported.append((code, column, False, total, sample))
    for code, column, cells, total, sample in reported:
        if not total:
            continue
        table.counts[code] = table.counts.get(code, 0) + total
        for file, sheet, row, value in sample:
            reported_column = column
            if cells:  # the first error cell of the row: "referred: #N/A"
                reported_column, _, value = str(value).split("; ")[0].partition(": ")
            table.findings.append(finding(code, file, int(row), reported_column,
                                          None if value is None else str(value), sheet=sheet))
    table.frame = frame.select("_file", "_sheet", "_row", "_seq", "_quarantine", "_duplicate", *columns)
    return table


def _duplicates(frame: pl.DataFrame, id_col: str) -> pl.DataFrame:
    """``_duplicate``: an exact copy of an earlier row (not itself quarantined); ``_dup_id``: an id
    on rows that differ. Both need the id to repeat: the repeated ids are found by sorting their
    hashes (``_idhash``; a collision only adds a candidate), and only those rows are compared, by id and by the
    hash of the whole row as it was in the file (``_rowhash``, 64 bits: two different rows with the
    same id would have to collide to be taken for copies)."""
    ordered = frame.select(pl.col("_idhash").sort())["_idhash"]
    repeated = ordered.filter(ordered == ordered.shift(1)).unique()
    candidates = frame.lazy().filter(pl.col("_idhash").is_in(repeated.implode())).select(
        "_seq",
        _duplicate=~pl.struct(id_col, "_rowhash").is_first_distinct(),
        _dup_id=pl.col(id_col).is_not_null() & (pl.col("_rowhash").n_unique().over(id_col) > 1),
    ).collect()
    return frame.with_columns(  # by is_in, not a join: the flagged rows are few, a join copies every column
        _duplicate=pl.col("_seq").is_in(candidates.filter("_duplicate")["_seq"].implode()) & ~pl.col("_quarantine"),
        _dup_id=pl.col("_seq").is_in(candidates.filter("_dup_id")["_seq"].implode()))


def _whole_number_column(frame: pl.DataFrame, col: str, mapping: SourceMapping) -> pl.Expr:
    """``_whole_number`` of a column whose values hardly repeat (the CVR number), on every row;
    the regular expression only when some value holds the decimal mark at all."""
    text = pl.col(col).fill_null("")
    if frame.select(text.str.contains(mapping.decimal, literal=True).any()).item():
        return _whole_number(mapping)(text)
    return text.str.strip_chars()


def read_activities(raw: RawSource, mapping: SourceMapping, registry: MunicipalityRegistry) -> SourceTable:
    aliases = {k: str(v) for k, v in mapping.aliases("municipality").items()}
    segments = {answer_key(k): v for k, v in SEGMENT_ALIASES.items()}

    def type_part(frame: pl.DataFrame) -> pl.DataFrame:
        distinct = frame.select(pl.col("municipality").drop_nulls().unique()).with_columns(
            _whole_number(mapping)(pl.col("municipality")).alias("_code"))
        municipality_of = {v: m.name for v, code in distinct.iter_rows()
                           if (m := registry.resolve(aliases.get(answer_key(code), code))) is not None}
        lookups = _Lookups(frame)
        on = lookups.on
        typed_columns = dict(
            _date_value=on("date", _date(mapping), pl.Date()),
            _company=pl.col("company_id").str.strip_chars(),
            _cvr=_whole_number_column(frame, "cvr", mapping),
            _municipality=pl.col("municipality").replace_strict(municipality_of, default=None,
                                                                return_dtype=pl.String),
            _segment=on("segment", _enum(segments, mapping, "segment"), pl.String()),
            _activity_type=on("activity_type", _enum(ACTIVITY_TYPE_ALIASES, mapping, "activity_type"),
                              pl.String()),
            _growth=on("growth_programme", _boolean(mapping, "growth_programme"), pl.Boolean()),
            _referred=on("referred", _boolean(mapping, "referred"), pl.Boolean()),
            _topics=on("topics", _topics(mapping, "topics"), _TOPICS),
            **{f"_blank_{c}": on(c, _blank, pl.Boolean()) for c in ("date", "municipality", "segment")},
        )
        typed = frame.with_columns(**lookups.indexes()).with_columns(**typed_columns)
        # from the columns just made (an expression used twice in one step is computed twice)
        typed = typed.with_columns(_blank_company_id=pl.col("_company").fill_null("") == "",
                                   _cvr_number=pl.col("_cvr").cast(pl.UInt32, strict=False))
        return typed.with_columns(_cvr_problem=_cvr_problem(pl.col("_cvr"), pl.col("_cvr_number")))

    blank = lambda c: pl.col(f"_blank_{c}")  # noqa: E731
    checks: list[Check] = [
        Check("missing-date", "date", blank("date")),
        Check("bad-date", "date", ~blank("date") & pl.col("_date_value").is_null()),
        Check("missing-company-id", "company_id", blank("company_id")),
        Check("missing-municipality", "municipality", blank("municipality")),
        Check("unknown-municipality", "municipality", ~blank("municipality") & pl.col("_municipality").is_null()),
        Check("missing-segment", "segment", blank("segment")),
        Check("unknown-segment", "segment", ~blank("segment") & pl.col("_segment").is_null()),
        Check("unknown-activity-type", "activity_type", pl.col("_activity_type").is_null()),
        Check("bad-boolean", "growth_programme", pl.col("_growth").is_null()),
        Check("bad-boolean", "referred", pl.col("_referred").is_null()),
        Check("bad-cvr-format", "cvr", pl.col("_cvr_problem") == "format"),
        Check("bad-cvr-checksum", "cvr", pl.col("_cvr_problem") == "checksum"),
        _cell_error_check(),
    ]
    return _read(Source.ACTIVITIES, raw, type_part, checks, {
        "activity_id": pl.col("activity_id"), "date": pl.col("_date_value"),
        "company_id": pl.col("_company"), "cvr": pl.col("_cvr"),
        "municipality": pl.col("_municipality"), "segment": pl.col("_segment"),
        "activity_type": pl.col("_activity_type"), "growth_programme": pl.col("_growth"),
        "referred": pl.col("_referred"), "topics": pl.col("_topics"),
    }, "activity_id", ACTIVITY_COLUMNS)


def read_evaluations(raw: RawSource, mapping: SourceMapping) -> SourceTable:
    segments = {answer_key(k): v for k, v in SEGMENT_ALIASES.items()}

    def type_part(frame: pl.DataFrame) -> pl.DataFrame:
        lookups = _Lookups(frame)
        on = lookups.on
        typed_columns = dict(
            _date_value=on("date", _date(mapping), pl.Date()),
            _segment=on("segment", _enum(segments, mapping, "segment"), pl.String()),
            _satisfaction=on("satisfaction", _enum(alias_table(SATISFACTION), mapping, "satisfaction"),
                             pl.String()),
            _effect=on("effect", _enum(alias_table(EFFECT), mapping, "effect"), pl.String()),
            _referral_used=on("referral_used", _enum(alias_table(REFERRAL_USED), mapping, "referral_used"),
                              pl.String()),
            _referral_received=on("referral_received", _boolean(mapping, "referral_received"), pl.Boolean()),
            _nps=on("nps", lambda x: _whole_number(mapping)(x).cast(pl.Int64, strict=False), pl.Int64()),
            _topics=on("topics", _topics(mapping, "topics"), _TOPICS),
            **{f"_blank_{c}": on(c, _blank, pl.Boolean())
               for c in ("date", "segment", "satisfaction", "effect", "referral_used", "nps")},
        )
        return frame.with_columns(**lookups.indexes()).with_columns(**typed_columns)

    blank = lambda c: pl.col(f"_blank_{c}")  # noqa: E731
    answer = lambda c: ~blank(c) & pl.col(f"_{c}").is_null()  # noqa: E731
    checks: list[Check] = [
        Check("missing-date", "date", blank("date")),
        Check("bad-date", "date", ~blank("date") & pl.col("_date_value").is_null()),
        Check("missing-segment", "segment", blank("segment")),
        Check("unknown-segment", "segment", answer("segment")),
        Check("unknown-answer", "satisfaction", answer("satisfaction")),
        Check("unknown-answer", "effect", answer("effect")),
        Check("unknown-answer", "referral_used", answer("referral_used")),
        Check("bad-boolean", "referral_received", pl.col("_referral_received").is_null()),
        Check("bad-nps", "nps", ~blank("nps") & (pl.col("_nps").is_null() | ~pl.col("_nps").is_between(0, 10))),
        _cell_error_check(),
    ]
    return _read(Source.EVALUATIONS, raw, type_part, checks, {
        "response_id": pl.col("response_id"), "date": pl.col("_date_value"),
        "company_id": pl.col("company_id").str.strip_chars(), "segment": pl.col("_segment"),
        "satisfaction": pl.col("_satisfaction"), "effect": pl.col("_effect"),
        "referral_received": pl.col("_referral_received"),
        "referral_used": pl.col("_referral_used"), "nps": pl.col("_nps"),
        "topics": pl.col("_topics"),
    }, "response_id", EVALUATION_COLUMNS)
