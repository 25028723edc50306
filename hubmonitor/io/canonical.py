"""Read canonical CSV files (``shared/spec/input-formats.md``) into typed polars frames.

Each file is read once, as text, and normalised with vectorised expressions: value spellings
are mapped through small lookup tables built from the *distinct* values (never a Python loop
over rows). Rows that fail validation are kept in the frame but flagged ``_quarantine``; exact
duplicate rows are flagged ``_duplicate``. Findings carry the physical row number as a
spreadsheet shows it (header = row 1).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from hubmonitor.errors import DataError
from hubmonitor.findings import CODES, finding
from hubmonitor.io.text_files import read_text_csv
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

ACTIVITY_COLUMNS = ("activity_id", "date", "company_id", "cvr", "municipality", "segment",
                    "activity_type", "growth_programme", "referred", "topics")
EVALUATION_COLUMNS = ("response_id", "date", "company_id", "segment", "satisfaction", "effect",
                      "referral_received", "referral_used", "nps", "topics")
_CVR_WEIGHTS = (2, 7, 6, 5, 4, 3, 2, 1)


@dataclass
class SourceTable:
    """All rows of one source (several files concatenated), typed, with quality flags."""

    source: Source
    frame: pl.DataFrame
    files: list[str]
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


def _boolean(col: str) -> pl.Expr:
    table = {**dict.fromkeys(TRUE_WORDS, True), **dict.fromkeys(FALSE_WORDS, False)}
    return (
        pl.when(_empty(col)).then(pl.lit(False))
        .otherwise(_key(col).replace_strict(table, default=None, return_dtype=pl.Boolean))
    )


def _topics(col: str) -> pl.Expr:
    cleaned = pl.element().str.strip_chars().str.to_lowercase()
    return (
        pl.col(col).fill_null("").str.split(";")
        .list.eval(cleaned.replace(TOPIC_ALIASES).filter(cleaned != ""))
    )


def _date(col: str) -> pl.Expr:
    return pl.col(col).str.strip_chars().str.to_date("%Y-%m-%d", strict=False)


def _cvr_checks() -> tuple[pl.Expr, pl.Expr]:
    cvr = pl.col("cvr").str.strip_chars()
    present = ~_empty("cvr")
    well_formed = cvr.str.contains(r"^\d{8}$")
    weighted = pl.sum_horizontal(
        cvr.str.slice(i, 1).cast(pl.Int32, strict=False) * w for i, w in enumerate(_CVR_WEIGHTS)
    )
    return present & ~well_formed, present & well_formed & (weighted % 11 != 0)


def read_csv_files(paths: Sequence[Path], columns: Sequence[str], base: Path) -> tuple[pl.DataFrame, list[str]]:
    """Read and concatenate CSV files as text, adding ``_file``, ``_row`` and ``_seq``."""
    frames = []
    names = []
    for path in paths:
        name = path.relative_to(base).as_posix() if path.is_relative_to(base) else str(path)
        names.append(name)
        df = read_text_csv(path, name)
        missing = [c for c in columns if c not in df.columns]
        if missing:
            raise DataError(name, f"mangler kolonne(r) / missing column(s): {', '.join(missing)}; "
                                  f"fandt / found: {', '.join(df.columns)}")
        frames.append(
            df.select(list(columns)).with_row_index("_row", offset=2)
            .with_columns(pl.col("_row").cast(pl.Int64), pl.lit(name).alias("_file"))
        )
    if not frames:
        empty = pl.DataFrame({c: [] for c in columns}, schema=dict.fromkeys(columns, pl.String))
        frames = [empty.with_columns(pl.lit(0, pl.Int64).alias("_row"), pl.lit("", pl.String).alias("_file"))]
    combined = pl.concat(frames, how="vertical").with_row_index("_seq")
    return combined, names


Check = tuple[str, str, pl.Expr]  # (finding code, column, "row has this problem")


def _flag(table: SourceTable, raw: pl.DataFrame, checks: list[Check], id_col: str,
          raw_columns: Sequence[str]) -> pl.DataFrame:
    """Add the quality flags and collect findings (counted in full, listed as a sample)."""
    exact = pl.struct(list(raw_columns))
    flags = {f"_chk{i}": expr for i, (_, _, expr) in enumerate(checks)}
    frame = raw.with_columns(
        **{name: expr.fill_null(False) for name, expr in flags.items()},
        _duplicate=~exact.is_first_distinct(),
        _dup_id=pl.col(id_col).is_not_null() & (exact.n_unique().over(id_col) > 1),
    )
    quarantine = [f"_chk{i}" for i, (code, _, _) in enumerate(checks) if CODES[code][0] == "quarantine"]
    frame = frame.with_columns(_quarantine=pl.any_horizontal(quarantine) if quarantine else pl.lit(False))
    frame = frame.with_columns(_duplicate=pl.col("_duplicate") & ~pl.col("_quarantine"))
    reasons = [pl.when(pl.col(f"_chk{i}")).then(pl.lit(f"{code} ({col})"))
               for i, (code, col, _) in enumerate(checks) if CODES[code][0] == "quarantine"]
    table.quarantined_rows = frame.filter(pl.col("_quarantine")).select(
        pl.col("_file").alias("file"), pl.col("_row").alias("row"),
        pl.concat_list(reasons).list.drop_nulls().list.join("; ").alias("reasons"),
        *raw_columns,
    ) if reasons else None
    all_checks = [*[(code, col, f"_chk{i}") for i, (code, col, _) in enumerate(checks)],
                  ("duplicate-row", None, "_duplicate"), ("duplicate-id", id_col, "_dup_id")]
    totals = frame.select(pl.col(flag).sum() for _, _, flag in all_checks).row(0)
    for (code, col, flag), total in zip(all_checks, totals, strict=True):
        if not total:
            continue
        table.counts[code] = table.counts.get(code, 0) + int(total)
        value_col = col or id_col
        sample = frame.filter(pl.col(flag)).head(SAMPLE_PER_CODE).select("_file", "_row", value_col)
        for file, row, value in sample.iter_rows():
            table.findings.append(finding(code, file, int(row), col, None if value is None else str(value)))
    return frame.drop([*flags, "_dup_id"])


def read_activities(paths: Sequence[Path], base: Path, registry: MunicipalityRegistry) -> SourceTable:
    raw, names = read_csv_files(paths, ACTIVITY_COLUMNS, base)
    table = SourceTable(Source.ACTIVITIES, raw, names)
    distinct = raw.get_column("municipality").drop_nulls().unique().to_list()
    municipality_of = {v: m.name for v in distinct if (m := registry.resolve(v)) is not None}
    typed = raw.with_columns(
        _date_value=_date("date"),
        _company=pl.col("company_id").str.strip_chars(),
        _municipality=pl.col("municipality").replace_strict(municipality_of, default=None,
                                                            return_dtype=pl.String),
        _segment=_mapped("segment", {answer_key(k): v for k, v in SEGMENT_ALIASES.items()}),
        _activity_type=_mapped("activity_type", ACTIVITY_TYPE_ALIASES),
        _growth=_boolean("growth_programme"),
        _referred=_boolean("referred"),
        _topics=_topics("topics"),
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
    ]
    flagged = _flag(table, typed, checks, "activity_id", ACTIVITY_COLUMNS)
    table.frame = _canonical(flagged, {
        "activity_id": pl.col("activity_id"), "date": pl.col("_date_value"),
        "company_id": pl.col("_company"), "cvr": pl.col("cvr"),
        "municipality": pl.col("_municipality"), "segment": pl.col("_segment"),
        "activity_type": pl.col("_activity_type"), "growth_programme": pl.col("_growth"),
        "referred": pl.col("_referred"), "topics": pl.col("_topics"),
    })
    return table


def read_evaluations(paths: Sequence[Path], base: Path) -> SourceTable:
    raw, names = read_csv_files(paths, EVALUATION_COLUMNS, base)
    table = SourceTable(Source.EVALUATIONS, raw, names)
    nps_int = pl.col("nps").str.strip_chars().cast(pl.Int64, strict=False)
    typed = raw.with_columns(
        _date_value=_date("date"),
        _segment=_mapped("segment", {answer_key(k): v for k, v in SEGMENT_ALIASES.items()}),
        _satisfaction=_mapped("satisfaction", alias_table(SATISFACTION)),
        _effect=_mapped("effect", alias_table(EFFECT)),
        _referral_used=_mapped("referral_used", alias_table(REFERRAL_USED)),
        _referral_received=_boolean("referral_received"),
        _nps=nps_int,
        _topics=_topics("topics"),
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
        "_file", "_row", "_seq", "_quarantine", "_duplicate",
        *[expr.alias(name) for name, expr in columns.items()],
    )
