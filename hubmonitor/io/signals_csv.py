"""The companies behind the integrity signals (issue 21) as a CSV for the hub itself
(``check-data --signals-csv``): internal, never on a page, in the results JSON or the workbook.

The same file shape as the quarantine CSV (``io/quarantine_csv.py``): semicolon-separated UTF-8
with a byte-order mark (Danish Excel opens it with æ, ø and å intact), every cell quoted (quotes
doubled), a cell a spreadsheet would run as a formula and every non-empty identifier (activity id,
company id, CVR number) with a leading apostrophe, so ``=HYPERLINK(…)`` is text and ``007123``
stays ``007123`` (docs/decisions.md, "The quarantine CSV"). Dates as ``YYYY-MM-DD``, times as
``YYYY-MM-DD HH:MM``. Rows sorted by signal, date and company id (then registration time and
activity id, so the same evidence gives the same bytes in any order).
"""

from __future__ import annotations

import io

import polars as pl

from hubmonitor.io.quarantine_csv import spreadsheet_safe
from hubmonitor.report import SIGNAL_EVIDENCE

COLUMNS = SIGNAL_EVIDENCE[:-1]  # the evidence's columns, in this order (the explanation in the CSV's language)
IDENTIFIERS = frozenset({"activity_id", "company_id", "cvr"})
HEADERS = {
    "da": ("signal", "år", "aktivitets-id", "virksomheds-id", "CVR", "virksomhedsnavn", "kommune", "dato",
           "registreret", "forklaring"),
    "en": ("signal", "year", "activity id", "company id", "CVR", "company name", "municipality", "date",
           "registered", "explanation"),
}
_ORDER = ("signal", "date", "company_id", "registered_at", "activity_id")
BOM = b"\xef\xbb\xbf"


class EvidenceColumnsError(ValueError):
    """The evidence frame lacks columns the CSV needs (a programming error, not a user's)."""


def _as_text(name: str, dtype: pl.DataType) -> pl.Expr:
    """A column as the text the CSV holds: a date ``YYYY-MM-DD``, a time ``YYYY-MM-DD HH:MM``,
    anything else as it is; a missing value as an empty cell."""
    col = pl.col(name)
    if dtype == pl.Date:
        col = col.dt.strftime("%Y-%m-%d")
    elif isinstance(dtype, pl.Datetime):
        col = col.dt.strftime("%Y-%m-%d %H:%M")
    elif dtype != pl.String:
        col = col.cast(pl.String)
    return col.fill_null("").alias(name)


def evidence_rows(evidence: pl.DataFrame, lang: str = "da") -> pl.DataFrame:
    """The evidence in the CSV's order of columns and rows, every cell text, made safe for a
    spreadsheet (``quarantine_csv.spreadsheet_safe``); the explanation in Danish (``detail``) or
    English (``detail_en``)."""
    if evidence.height == 0:
        return pl.DataFrame(schema=dict.fromkeys(COLUMNS, pl.String))
    missing = [c for c in SIGNAL_EVIDENCE if c not in evidence.columns]
    if missing:
        raise EvidenceColumnsError(f"signal evidence lacks the columns {', '.join(missing)}")
    if lang == "en":
        evidence = evidence.with_columns(pl.col("detail_en").alias("detail"))
    rows = evidence.select(COLUMNS).sort(list(_ORDER), nulls_last=True, maintain_order=True)
    rows = rows.select(_as_text(name, dtype) for name, dtype in rows.schema.items())
    return spreadsheet_safe(rows, IDENTIFIERS)


def signals_csv(evidence: pl.DataFrame, lang: str = "da") -> bytes:
    """The evidence CSV's bytes: the BOM, the header (Danish, or English with ``lang="en"``), then a
    line per row (an empty frame: the header only)."""
    rows = evidence_rows(evidence, lang)
    rows = rows.rename(dict(zip(COLUMNS, HEADERS["en" if lang == "en" else "da"], strict=True)))
    out = io.BytesIO()
    out.write(BOM)
    rows.write_csv(out, separator=";", quote_style="always")
    return out.getvalue()

