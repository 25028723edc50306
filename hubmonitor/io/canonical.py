"""Turn a source's rows (canonical column names, text values) into typed, validated frames.

The rows come from ``hubmonitor.io.mapping`` (files read once, through the profile). Values are
normalised with vectorised expressions: spellings are mapped through small lookup tables (the
vocabulary's aliases plus the profile's), never a Python loop over rows. Rows that fail
validation are kept but flagged ``_quarantine``; exact duplicate rows are flagged
``_duplicate``. Findings carry file, sheet and the row number as a spreadsheet shows it.
"""

from __future__ import annotations

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

    @classmethod
    def from_raw(cls, source: Source, raw: RawSource) -> SourceTable:
        """The table before validation: the raw rows, with the findings and counts of reading them."""
        return cls(source, raw.frame, list(raw.inputs), list(raw.findings), dict(raw.counts))

    def usable(self) -> pl.DataFrame:
        return self.frame.filter(~pl.col("_quarantine") & ~pl.col("_duplicate"))


def _key(x: pl.Expr) -> pl.Expr:
    """The answer key of a text value: trimmed, lower-case, inner white space collapsed."""
    return x.str.strip_chars().str.replace_all(r"\s+", " ").str.to_lowercase()


def _blank(x: pl.Expr) -> pl.Expr:
    return x.str.strip_chars() == ""


class _Lookups:
    """Rules worked out on the distinct values of a column only (a few hundred, not a million:
    dates, segments, answers, yes/no repeat), then looked up for every row. Nulls read as ""."""

    def __init__(self, frame: pl.DataFrame) -> None:
        self._frame = frame
        self._distinct: dict[str, pl.DataFrame] = {}

    def on(self, col: str, fn: Callable[[pl.Expr], pl.Expr], dtype: pl.DataType) -> pl.Expr:
        values = pl.col(col).fill_null("")
        if col not in self._distinct:
            self._distinct[col] = self._frame.select(values.unique().alias("_in"))
        mapped = self._distinct[col].select("_in", fn(pl.col("_in")).alias("_out"))
        return values.replace_strict(mapped["_in"], mapped["_out"], default=None, return_dtype=dtype)


def _direct(col: str, fn: Callable[[pl.Expr], pl.Expr]) -> pl.Expr:
    """``fn`` on every row, for columns whose values hardly repeat (ids, CVR numbers), where a
    lookup on the distinct values costs more than the rule itself. Nulls read as "", as in ``on``."""
    return fn(pl.col(col).fill_null(""))


def _enum(canonical: dict[str, str], mapping: SourceMapping, col: str) -> Callable[[pl.Expr], pl.Expr]:
    table = {**canonical, **{k: str(v) for k, v in mapping.aliases(col).items()}}
    return lambda x: _key(x).replace_strict(table, default=None, return_dtype=pl.String)


def _boolean(mapping: SourceMapping, col: str) -> Callable[[pl.Expr], pl.Expr]:
    """Empty means false; other spellings through the vocabulary and the profile's aliases."""
    table = {**dict.fromkeys(TRUE_WORDS, True), **dict.fromkeys(FALSE_WORDS, False), **mapping.aliases(col)}
    return lambda x: (pl.when(_blank(x)).then(pl.lit(False))
                      .otherwise(_key(x).replace_strict(table, default=None, return_dtype=pl.Boolean)))


def _topics(mapping: SourceMapping, col: str) -> Callable[[pl.Expr], pl.Expr]:
    """The canonical topics as one ``;``-joined text (null when none); split after the lookup."""
    aliases = {**TOPIC_ALIASES, **{k: str(v) for k, v in mapping.aliases(col).items()}}
    cleaned = _key(pl.element())

    def fn(x: pl.Expr) -> pl.Expr:
        joined = x.str.split(mapping.list_separator).list.eval(
            cleaned.replace(aliases).filter(cleaned != "")).list.join(";")
        return pl.when(joined == "").then(None).otherwise(joined)
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


def _cvr_problem(cvr: pl.Expr) -> pl.Expr:
    """"format" (not 8 digits), "checksum" (fails modulus 11) or null (fine, or empty), of a CVR
    number already through ``_whole_number``; the digits by integer arithmetic."""
    number = cvr.cast(pl.Int64, strict=False)
    weighted = pl.sum_horizontal((number // 10 ** (7 - i) % 10) * w for i, w in enumerate(_CVR_WEIGHTS))
    return (pl.when(cvr == "").then(None)
            .when(~cvr.str.contains(r"^\d{8}$")).then(pl.lit("format"))
            .when(weighted % 11 != 0).then(pl.lit("checksum")))


class Check(NamedTuple):
    """A rule on rows: the finding ``code`` where ``problem`` holds, reported against ``column``."""

    code: str
    column: str
    problem: pl.Expr
    cells: bool = False  # the column holds "column: value; …" of Excel error cells


def _cell_error_check() -> Check:
    return Check("excel-error", "_cell_error", pl.col("_cell_error").is_not_null(), cells=True)


def _flag(table: SourceTable, raw: pl.DataFrame, checks: list[Check], id_col: str,
          raw_columns: tuple[str, ...]) -> pl.DataFrame:
    """Add the quality flags and collect findings (counted in full, listed as a sample)."""
    # A cell holding an Excel error (#N/A) is reported as that, not also as "missing" or "unknown".
    # Without any error cell (every CSV file) that exclusion changes nothing and is left out.
    has_cell_errors = raw["_cell_error"].null_count() < raw.height
    flags = {f"_chk{i}": c.problem if c.cells or not has_cell_errors else
             c.problem & ~pl.col("_cell_error").fill_null("").str.contains(f"(^|; ){c.column}:")
             for i, c in enumerate(checks)}
    frame = raw.with_columns(**{name: expr.fill_null(False) for name, expr in flags.items()})
    frame = _duplicates(frame, id_col, raw_columns)
    quarantining = [(f"_chk{i}", c) for i, c in enumerate(checks) if CODES[c.code][0] == "quarantine"]
    frame = frame.with_columns(
        _quarantine=pl.any_horizontal(f for f, _ in quarantining) if quarantining else pl.lit(False))
    frame = frame.with_columns(_duplicate=pl.col("_duplicate") & ~pl.col("_quarantine"))
    reasons = [pl.when(pl.col(flag)).then(pl.format("{} ({})", pl.lit(c.code), pl.col(c.column)) if c.cells
                                          else pl.lit(f"{c.code} ({c.column})"))
               for flag, c in quarantining]
    table.quarantined_rows = frame.filter(pl.col("_quarantine")).select(
        pl.col("_file").alias("file"), pl.col("_sheet").alias("sheet"), pl.col("_row").alias("row"),
        pl.concat_list(reasons).list.drop_nulls().list.join("; ").alias("reasons"),
        *raw_columns,
    ) if reasons else None
    # (code, column reported (its value is reported, else the id's), flag, value holds Excel cells)
    all_checks = [*[(c.code, c.column, f"_chk{i}", c.cells) for i, c in enumerate(checks)],
                  ("duplicate-row", None, "_duplicate", False),
                  ("duplicate-id", id_col, "_dup_id", False)]
    totals = frame.select(pl.col(flag).sum() for _, _, flag, _ in all_checks).row(0)
    for (code, col, flag, cells), total in zip(all_checks, totals, strict=True):
        if not total:
            continue
        table.counts[code] = table.counts.get(code, 0) + int(total)
        sample = frame.filter(pl.col(flag)).head(SAMPLE_PER_CODE).select("_file", "_sheet", "_row", col or id_col)
        for file, sheet, row, value in sample.iter_rows():
            column = col
            if cells:  # the first error cell of the row: "referred: #N/A"
                column, _, value = str(value).split("; ")[0].partition(": ")
            table.findings.append(finding(code, file, int(row), column, None if value is None else str(value),
                                          sheet=sheet))
    return frame.drop([*flags, "_dup_id"])


def _duplicates(frame: pl.DataFrame, id_col: str, raw_columns: tuple[str, ...]) -> pl.DataFrame:
    """``_duplicate``: an exact copy of an earlier row; ``_dup_id``: an id on rows that differ.
    Both need the id to repeat, so whole rows are compared only among the rows whose id does."""
    exact = pl.struct(list(raw_columns))
    repeated = frame.filter(pl.col(id_col).hash().is_duplicated()).select(  # a hash collision only adds a candidate
        "_seq",
        _duplicate=~exact.is_first_distinct(),
        _dup_id=pl.col(id_col).is_not_null() & (exact.n_unique().over(id_col) > 1),
    )
    return frame.with_columns(  # no join: the flagged rows are few, a join would copy every column
        _duplicate=pl.col("_seq").is_in(repeated.filter("_duplicate")["_seq"].implode()),
        _dup_id=pl.col("_seq").is_in(repeated.filter("_dup_id")["_seq"].implode()))


def read_activities(raw: RawSource, mapping: SourceMapping, registry: MunicipalityRegistry) -> SourceTable:
    table = SourceTable.from_raw(Source.ACTIVITIES, raw)
    frame = raw.frame
    aliases = {k: str(v) for k, v in mapping.aliases("municipality").items()}
    distinct = frame.select(pl.col("municipality").drop_nulls().unique()).with_columns(
        _whole_number(mapping)(pl.col("municipality")).alias("_code"))
    municipality_of = {v: m.name for v, code in distinct.iter_rows()
                       if (m := registry.resolve(aliases.get(answer_key(code), code))) is not None}
    segments = {answer_key(k): v for k, v in SEGMENT_ALIASES.items()}
    on = _Lookups(frame).on
    typed = frame.with_columns(
        _date_value=on("date", _date(mapping), pl.Date()),
        _company=pl.col("company_id").str.strip_chars(),
        _cvr=_direct("cvr", _whole_number(mapping)),
        _municipality=pl.col("municipality").replace_strict(municipality_of, default=None,
                                                            return_dtype=pl.String),
        _segment=on("segment", _enum(segments, mapping, "segment"), pl.String()),
        _activity_type=on("activity_type", _enum(ACTIVITY_TYPE_ALIASES, mapping, "activity_type"), pl.String()),
        _growth=on("growth_programme", _boolean(mapping, "growth_programme"), pl.Boolean()),
        _referred=on("referred", _boolean(mapping, "referred"), pl.Boolean()),
        _topics=on("topics", _topics(mapping, "topics"), pl.String()),
        _blank_company_id=_direct("company_id", _blank),
        **{f"_blank_{c}": on(c, _blank, pl.Boolean()) for c in ("date", "municipality", "segment")},
    )
    # from the normalised number, in a second step: an expression used in several branches is
    # evaluated once per use (10 times here), not once
    typed = typed.with_columns(_cvr_problem=_cvr_problem(pl.col("_cvr")))
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
    flagged = _flag(table, typed, checks, "activity_id", ACTIVITY_COLUMNS)
    table.frame = _canonical(flagged, {
        "activity_id": pl.col("activity_id"), "date": pl.col("_date_value"),
        "company_id": pl.col("_company"), "cvr": pl.col("_cvr"),
        "municipality": pl.col("_municipality"), "segment": pl.col("_segment"),
        "activity_type": pl.col("_activity_type"), "growth_programme": pl.col("_growth"),
        "referred": pl.col("_referred"), "topics": _topic_list("_topics"),
    })
    return table


def _topic_list(col: str) -> pl.Expr:
    return pl.col(col).str.split(";").fill_null(pl.lit([], dtype=pl.List(pl.String)))


def read_evaluations(raw: RawSource, mapping: SourceMapping) -> SourceTable:
    table = SourceTable.from_raw(Source.EVALUATIONS, raw)
    frame = raw.frame
    on = _Lookups(frame).on
    segments = {answer_key(k): v for k, v in SEGMENT_ALIASES.items()}
    typed = frame.with_columns(
        _date_value=on("date", _date(mapping), pl.Date()),
        _segment=on("segment", _enum(segments, mapping, "segment"), pl.String()),
        _satisfaction=on("satisfaction", _enum(alias_table(SATISFACTION), mapping, "satisfaction"), pl.String()),
        _effect=on("effect", _enum(alias_table(EFFECT), mapping, "effect"), pl.String()),
        _referral_used=on("referral_used", _enum(alias_table(REFERRAL_USED), mapping, "referral_used"),
                          pl.String()),
        _referral_received=on("referral_received", _boolean(mapping, "referral_received"), pl.Boolean()),
        _nps=on("nps", lambda x: _whole_number(mapping)(x).cast(pl.Int64, strict=False), pl.Int64()),
        _topics=on("topics", _topics(mapping, "topics"), pl.String()),
        **{f"_blank_{c}": on(c, _blank, pl.Boolean())
           for c in ("date", "segment", "satisfaction", "effect", "referral_used", "nps")},
    )
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
    flagged = _flag(table, typed, checks, "response_id", EVALUATION_COLUMNS)
    table.frame = _canonical(flagged, {
        "response_id": pl.col("response_id"), "date": pl.col("_date_value"),
        "company_id": pl.col("company_id").str.strip_chars(), "segment": pl.col("_segment"),
        "satisfaction": pl.col("_satisfaction"), "effect": pl.col("_effect"),
        "referral_received": pl.col("_referral_received"),
        "referral_used": pl.col("_referral_used"), "nps": pl.col("_nps"),
        "topics": _topic_list("_topics"),
    })
    return table


def _canonical(frame: pl.DataFrame, columns: dict[str, pl.Expr]) -> pl.DataFrame:
    return frame.select(
        "_file", "_sheet", "_row", "_seq", "_quarantine", "_duplicate",
        *[expr.alias(name) for name, expr in columns.items()],
    )
