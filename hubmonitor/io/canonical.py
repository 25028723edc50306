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

import polars as pl

from hubmonitor.findings import CODES, finding
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

SAMPLE_PER_CODE = 50

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

    def usable(self) -> pl.DataFrame:
        return self.frame.filter(~pl.col("_quarantine") & ~pl.col("_duplicate"))


def _key(col: str) -> pl.Expr:
    """The answer key of a text column: trimmed, lower-case, inner white space collapsed."""
    return pl.col(col).str.strip_chars().str.replace_all(r"\s+", " ").str.to_lowercase()


def _empty(col: str) -> pl.Expr:
    return pl.col(col).is_null() | (pl.col(col).str.strip_chars() == "")


def _mapped(col: str, table: dict[str, str]) -> pl.Expr:
    return _key(col).replace_strict(table, default=None, return_dtype=pl.String)


def _boolean(col: str, mapping: SourceMapping) -> pl.Expr:
    table = {**dict.fromkeys(TRUE_WORDS, True), **dict.fromkeys(FALSE_WORDS, False), **mapping.aliases(col)}
    return (
        pl.when(_empty(col)).then(pl.lit(False))
        .otherwise(_key(col).replace_strict(table, default=None, return_dtype=pl.Boolean))
    )


def _enum(col: str, canonical: dict[str, str], mapping: SourceMapping) -> pl.Expr:
    return _mapped(col, {**canonical, **{k: str(v) for k, v in mapping.aliases(col).items()}})


def _topics(col: str, mapping: SourceMapping) -> pl.Expr:
    cleaned = pl.element().str.strip_chars().str.replace_all(r"\s+", " ").str.to_lowercase()
    aliases = {**TOPIC_ALIASES, **{k: str(v) for k, v in mapping.aliases(col).items()}}
    return (
        pl.col(col).fill_null("").str.split(mapping.list_separator)
        .list.eval(cleaned.replace(aliases).filter(cleaned != ""))
    )


def _date(col: str, mapping: SourceMapping) -> pl.Expr:
    """The profile's formats in order, then ISO; a date cell from Excel reads as ISO date-time."""
    text = pl.col(col).str.strip_chars().str.replace(r"^(\d{4}-\d{2}-\d{2})[ T]\d{2}:\d{2}:\d{2}(\.\d+)?$", "$1")
    formats = [*mapping.strftime_formats(), "%Y-%m-%d"]
    four_digit_year = text.str.contains(r"(^|\D)\d{4}(\D|$)")  # %Y alone would take "1-2-3" as year 1
    return pl.coalesce(
        pl.when(four_digit_year).then(text.str.to_date(fmt, strict=False)) if "%Y" in fmt
        else text.str.to_date(fmt, strict=False)
        for fmt in dict.fromkeys(formats)
    )


def _whole_number(col: str, mapping: SourceMapping) -> pl.Expr:
    """``751``, ``751.0`` (or ``751,0`` with decimal comma) → ``"751"``; anything else unchanged."""
    mark = "\\" + mapping.decimal
    return pl.col(col).str.strip_chars().str.replace(rf"^(\d+){mark}0+$", "$1")


def _cvr_checks() -> tuple[pl.Expr, pl.Expr]:
    cvr = pl.col("_cvr")
    present = ~_empty("_cvr")
    well_formed = cvr.str.contains(r"^\d{8}$")
    weighted = pl.sum_horizontal(
        cvr.str.slice(i, 1).cast(pl.Int32, strict=False) * w for i, w in enumerate(_CVR_WEIGHTS)
    )
    return present & ~well_formed, present & well_formed & (weighted % 11 != 0)


# (finding code, column reported, "row has this problem"[, column whose value is reported])
Check = tuple[str, str, pl.Expr] | tuple[str, str, pl.Expr, str]


def _cell_error_check() -> Check:
    return ("excel-error", "_cell_error", pl.col("_cell_error").is_not_null(), "_cell_error")


def _flag(table: SourceTable, raw: pl.DataFrame, checks: list[Check], id_col: str,
          raw_columns: tuple[str, ...]) -> pl.DataFrame:
    """Add the quality flags and collect findings (counted in full, listed as a sample)."""
    exact = pl.struct(list(raw_columns))
    # A cell holding an Excel error (#N/A) is reported as that, not also as "missing" or "unknown".
    flags = {f"_chk{i}": check[2] if check[1].startswith("_") else
             check[2] & ~pl.col("_cell_error").fill_null("").str.starts_with(f"{check[1]}:")
             for i, check in enumerate(checks)}
    frame = raw.with_columns(
        **{name: expr.fill_null(False) for name, expr in flags.items()},
        _duplicate=~exact.is_first_distinct(),
        _dup_id=pl.col(id_col).is_not_null() & (exact.n_unique().over(id_col) > 1),
    )
    quarantine = [f"_chk{i}" for i, check in enumerate(checks) if CODES[check[0]][0] == "quarantine"]
    frame = frame.with_columns(_quarantine=pl.any_horizontal(quarantine) if quarantine else pl.lit(False))
    frame = frame.with_columns(_duplicate=pl.col("_duplicate") & ~pl.col("_quarantine"))
    reasons = [pl.when(pl.col(f"_chk{i}")).then(pl.lit(f"{check[0]} ({check[1].lstrip('_')})"))
               for i, check in enumerate(checks) if CODES[check[0]][0] == "quarantine"]
    table.quarantined_rows = frame.filter(pl.col("_quarantine")).select(
        pl.col("_file").alias("file"), pl.col("_sheet").alias("sheet"), pl.col("_row").alias("row"),
        pl.concat_list(reasons).list.drop_nulls().list.join("; ").alias("reasons"),
        *raw_columns,
    ) if reasons else None
    all_checks = [*[(c[0], c[1], f"_chk{i}", c[3] if len(c) == 4 else c[1]) for i, c in enumerate(checks)],
                  ("duplicate-row", None, "_duplicate", id_col), ("duplicate-id", id_col, "_dup_id", id_col)]
    totals = frame.select(pl.col(flag).sum() for _, _, flag, _ in all_checks).row(0)
    for (code, col, flag, value_col), total in zip(all_checks, totals, strict=True):
        if not total:
            continue
        table.counts[code] = table.counts.get(code, 0) + int(total)
        sample = frame.filter(pl.col(flag)).head(SAMPLE_PER_CODE).select("_file", "_sheet", "_row", value_col)
        column = col.split(":")[0] if col and not col.startswith("_") else None
        for file, sheet, row, value in sample.iter_rows():
            if code == "excel-error" and value is not None:
                column, _, value = str(value).partition(": ")
            table.findings.append(finding(code, file, int(row), column, None if value is None else str(value),
                                          sheet=sheet))
    return frame.drop([*flags, "_dup_id"])


def _start(source: Source, raw: RawSource) -> SourceTable:
    table = SourceTable(source, raw.frame, list(raw.inputs), list(raw.findings), dict(raw.counts))
    return table


def read_activities(raw: RawSource, mapping: SourceMapping, registry: MunicipalityRegistry) -> SourceTable:
    table = _start(Source.ACTIVITIES, raw)
    frame = raw.frame.with_columns(_cvr=_whole_number("cvr", mapping),
                                   _municipality_text=_whole_number("municipality", mapping))
    aliases = {k: str(v) for k, v in mapping.aliases("municipality").items()}
    distinct = frame.get_column("_municipality_text").drop_nulls().unique().to_list()
    municipality_of = {v: m.name for v in distinct
                       if (m := registry.resolve(aliases.get(" ".join(v.split()).casefold(), v))) is not None}
    typed = frame.with_columns(
        _date_value=_date("date", mapping),
        _company=pl.col("company_id").str.strip_chars(),
        _municipality=pl.col("_municipality_text").replace_strict(municipality_of, default=None,
                                                                  return_dtype=pl.String),
        _segment=_enum("segment", {answer_key(k): v for k, v in SEGMENT_ALIASES.items()}, mapping),
        _activity_type=_enum("activity_type", ACTIVITY_TYPE_ALIASES, mapping),
        _growth=_boolean("growth_programme", mapping),
        _referred=_boolean("referred", mapping),
        _topics=_topics("topics", mapping),
    )
    bad_cvr_format, bad_cvr_sum = _cvr_checks()
    checks: list[Check] = [
        ("missing-date", "date", _empty("date")),
        ("bad-date", "date", ~_empty("date") & pl.col("_date_value").is_null()),
        ("missing-company-id", "company_id", _empty("company_id")),
        ("missing-municipality", "municipality", _empty("municipality")),
        ("unknown-municipality", "municipality", ~_empty("municipality") & pl.col("_municipality").is_null()),
        ("missing-segment", "segment", _empty("segment")),
        ("unknown-segment", "segment", ~_empty("segment") & pl.col("_segment").is_null()),
        ("unknown-activity-type", "activity_type", pl.col("_activity_type").is_null()),
        ("bad-boolean", "growth_programme", pl.col("_growth").is_null()),
        ("bad-boolean", "referred", pl.col("_referred").is_null()),
        ("bad-cvr-format", "cvr", bad_cvr_format),
        ("bad-cvr-checksum", "cvr", bad_cvr_sum),
        _cell_error_check(),
    ]
    flagged = _flag(table, typed, checks, "activity_id", ACTIVITY_COLUMNS)
    table.frame = _canonical(flagged, {
        "activity_id": pl.col("activity_id"), "date": pl.col("_date_value"),
        "company_id": pl.col("_company"), "cvr": pl.col("_cvr"),
        "municipality": pl.col("_municipality"), "segment": pl.col("_segment"),
        "activity_type": pl.col("_activity_type"), "growth_programme": pl.col("_growth"),
        "referred": pl.col("_referred"), "topics": pl.col("_topics"),
    })
    return table


def read_evaluations(raw: RawSource, mapping: SourceMapping) -> SourceTable:
    table = _start(Source.EVALUATIONS, raw)
    nps_int = _whole_number("nps", mapping).cast(pl.Int64, strict=False)
    typed = raw.frame.with_columns(
        _date_value=_date("date", mapping),
        _segment=_enum("segment", {answer_key(k): v for k, v in SEGMENT_ALIASES.items()}, mapping),
        _satisfaction=_enum("satisfaction", alias_table(SATISFACTION), mapping),
        _effect=_enum("effect", alias_table(EFFECT), mapping),
        _referral_used=_enum("referral_used", alias_table(REFERRAL_USED), mapping),
        _referral_received=_boolean("referral_received", mapping),
        _nps=nps_int,
        _topics=_topics("topics", mapping),
    )
    answer: Callable[[str], pl.Expr] = lambda c: ~_empty(c) & pl.col(f"_{c}").is_null()  # noqa: E731
    checks: list[Check] = [
        ("missing-date", "date", _empty("date")),
        ("bad-date", "date", ~_empty("date") & pl.col("_date_value").is_null()),
        ("missing-segment", "segment", _empty("segment")),
        ("unknown-segment", "segment", answer("segment")),
        ("unknown-answer", "satisfaction", answer("satisfaction")),
        ("unknown-answer", "effect", answer("effect")),
        ("unknown-answer", "referral_used", answer("referral_used")),
        ("bad-boolean", "referral_received", pl.col("_referral_received").is_null()),
        ("bad-nps", "nps", ~_empty("nps") & (pl.col("_nps").is_null() | ~pl.col("_nps").is_between(0, 10))),
        _cell_error_check(),
    ]
    flagged = _flag(table, typed, checks, "response_id", EVALUATION_COLUMNS)
    table.frame = _canonical(flagged, {
        "response_id": pl.col("response_id"), "date": pl.col("_date_value"),
        "company_id": pl.col("company_id").str.strip_chars(), "segment": pl.col("_segment"),
        "satisfaction": pl.col("_satisfaction"), "effect": pl.col("_effect"),
        "referral_received": pl.col("_referral_received"),
        "referral_used": pl.col("_referral_used"), "nps": pl.col("_nps"),
        "topics": pl.col("_topics"),
    })
    return table


def _canonical(frame: pl.DataFrame, columns: dict[str, pl.Expr]) -> pl.DataFrame:
    return frame.select(
        "_file", "_sheet", "_row", "_seq", "_quarantine", "_duplicate",
        *[expr.alias(name) for name, expr in columns.items()],
    )
