"""What every integrity signal reads and how it is written (issue 21): the year's rows and the year
before's with their ids hashed once (``Year``), a result assessed or not (``assessed``,
``not_assessed``) and its company-level evidence as a query (``evidence_of``), collected only when
the hub's internal CSV asks for it. The signals themselves: ``engine/signals.py`` (bursts, bulk and
late registrations, sudden jumps, all of them together) and ``engine/lookalike.py``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

import polars as pl

from hubmonitor.engine.context import Window
from hubmonitor.io.canonical import hashed
from hubmonitor.report import SIGNAL_EVIDENCE, SignalResult

EVIDENCE_COLUMNS: dict[str, pl.DataType | type[pl.DataType]] = dict(zip(SIGNAL_EVIDENCE, (
    pl.String, pl.Int32, pl.String, pl.String, pl.String, pl.String, pl.String, pl.Date, pl.Datetime("us"),
    pl.String, pl.String), strict=True))
NAME = hashed("company_name")  # each row's hash of the company's name (``io/canonical.py``)
EVIDENCE_ROWS = {**EVIDENCE_COLUMNS, "_name": pl.UInt64}  # as built: the name still a hash


HAS_CVR = pl.col("cvr").is_not_null() & (pl.col("cvr").str.len_chars() > 0)  # an empty cell stays ""


Evidence = pl.LazyFrame  # a signal's company-level evidence, as a query: collected only when it is asked for


@dataclass
class Signals:
    """The year's signals and their company-level evidence (``EVIDENCE_COLUMNS``; empty unless asked for)."""

    results: list[SignalResult]
    evidence: pl.DataFrame


@dataclass(frozen=True)
class Year:
    """What the signals of one year read: its usable rows (to the as-of date) and the year before's."""

    year: int
    window: Window  # the period evaluated (to the as-of date)
    period_end: date
    rows: pl.DataFrame  # usable activity rows in the window
    before: pl.DataFrame  # usable activity rows of the year before
    # the company names as read (``SourceTable.company_values``): the rows hold their hashes (``NAME``)
    names: pl.Series = field(default_factory=lambda: pl.Series("v", [], dtype=pl.String))
    # several data folders read as one (``SourceTable.folders``): each its own CRM and clock; empty for one
    folders: tuple[str, ...] = ()

    @property
    def over(self) -> bool:
        return self.window.end >= self.period_end

    @cached_property
    def hashes(self) -> pl.DataFrame:
        """The year's rows' company ids and CVR numbers as 64-bit hashes, row for row (``_h``; ``_c``,
        null without a CVR): each signal compares these numbers, hashed once, not the strings."""
        return _hashes(self.rows)

    @cached_property
    def hashes_before(self) -> pl.DataFrame:
        return _hashes(self.before)

    def hashed(self) -> pl.LazyFrame:
        """The year's rows with their hashes (``hashes``), as a query."""
        return self.rows.hstack(self.hashes).lazy()

    @cached_property
    def new_rows(self) -> pl.DataFrame:
        """Each company's first row of the year (earliest date, then the export's order), for the
        companies with no row the year before: read by the burst of new companies and the look-alikes.
        One group_by on hashed ids for the row numbers, not a sort of every row, over the rows of the
        companies not seen the year before only; of those rows only the columns an evidence row shows
        and the hashes are taken."""
        before = self.hashes_before["_h"].unique().implode()
        first = (self.hashes.lazy().select("_h", self.rows["date"]).with_row_index("_i")
                 .filter(~pl.col("_h").is_in(before))
                 .group_by("_h").agg(pl.col("_i").get(pl.col("date").arg_min()))  # rows in order: the first earliest
                 .select(pl.col("_i").sort()).collect()["_i"])
        shown = [c for c in (*_SHOWN, NAME) if c in self.rows.columns]
        return self.rows.select(shown).hstack(self.hashes)[first]

    def named(self, hashes: pl.Series) -> pl.DataFrame:
        """The names of ``hashes`` (``_name``) as ``company_name``: looked up in ``names``, each distinct
        name once (a name repeated across files has one hash)."""
        table = pl.DataFrame({"company_name": self.names}).lazy()
        return (table.with_columns(pl.col("company_name").hash().alias("_name"))
                .filter(pl.col("_name").is_in(hashes.drop_nulls().implode()))
                .filter(pl.col("_name").is_first_distinct()).collect())

    @cached_property
    def companies_with_cvr(self) -> int:
        """The year's companies with a CVR number (the look-alikes' base)."""
        return int(self.hashes.lazy().filter(pl.col("_c").is_not_null()).select(pl.col("_h").n_unique())
                   .collect().item())


def _hashes(rows: pl.DataFrame) -> pl.DataFrame:
    return rows.lazy().select(pl.col("company_id").hash().alias("_h"),
                              pl.when(HAS_CVR).then(pl.col("cvr").hash()).alias("_c")).collect()


# the activity columns an evidence row shows (``_evidence``), besides the name's hash
_SHOWN = ("activity_id", "company_id", "cvr", "municipality", "date", "registered_at")


def share_of(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def pct(x: float) -> str:
    return f"{x * 100:.1f}".replace(".", ",") + " %"


def no_evidence() -> Evidence:
    return pl.LazyFrame(schema=EVIDENCE_ROWS)


def evidence_of(rows: pl.DataFrame | pl.LazyFrame, signal: str, year: int, detail: tuple[pl.Expr, pl.Expr]) -> Evidence:
    """``rows`` (activity rows) as evidence rows of ``signal``, the explanation in Danish and English.
    The company's name is found from its hash (``_name``) once every signal's evidence is in
    (``compute_signals``): the rows keep the hash only."""
    names = rows.collect_schema().names()

    def col(name: str, dtype: pl.DataType | type[pl.DataType]) -> pl.Expr:
        return (pl.col(name).cast(dtype) if name in names else pl.lit(None, dtype)).alias(name)

    return rows.lazy().select(
        pl.lit(signal, pl.String).alias("signal"), pl.lit(year, pl.Int32).alias("year"),
        col("activity_id", pl.String), col("company_id", pl.String), col("cvr", pl.String),
        pl.lit(None, pl.String).alias("company_name"), col("municipality", pl.String), col("date", pl.Date),
        col("registered_at", pl.Datetime("us")), detail[0].cast(pl.String).alias("detail"),
        detail[1].cast(pl.String).alias("detail_en"), col(NAME, pl.UInt64).alias("_name"))


def assessed(sid: str, kind: str, title: tuple[str, str], rule: tuple[str, str], unit: str, threshold: float,
            value: float | None, evidence: int, investigate: bool, **extra: object) -> SignalResult:
    """A signal assessed: its statistic against its threshold (``extra``: baseline, details)."""
    return SignalResult.model_validate({
        "id": sid, "kind": kind, "title": title[0], "title_en": title[1], "rule": rule[0], "rule_en": rule[1],
        "unit": unit, "threshold": threshold, "value": value, "evidence": evidence,
        "status": "investigate" if investigate else "no_remark", **extra})

def not_assessed(sid: str, kind: str, title: tuple[str, str], rule: tuple[str, str], unit: str, threshold: float,
                  why: tuple[str, str]) -> SignalResult:
    return SignalResult(id=sid, kind=kind, title=title[0], title_en=title[1], rule=rule[0], rule_en=rule[1],
                        unit=unit, threshold=threshold, status="not_assessed", reason=why[0], reason_en=why[1])
