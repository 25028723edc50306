"""The quarantined rows as a CSV a person opens in Excel to find each row in the CRM and fix it there.

Semicolon-separated UTF-8 with a byte-order mark: what Danish Excel opens correctly with
æ, ø and å intact. First the file and row the row came from and the reasons, then the
row's own values exactly as they were in the input, under the canonical column names (the
profile says which export column each came from). Written atomically.

Every cell is quoted (a separator, quote or line break inside a value stays inside its cell;
quotes are doubled). Two kinds of cell get a leading apostrophe, the spreadsheet's "this is
text" mark, which is not part of the value (docs/decisions.md, "Quarantine CSV"):

- a cell a spreadsheet would run as a formula (the rule of hubmonitor/spreadsheet.py);
- every non-empty identifier (the columns of kind id and cvr: company id, CVR number, activity
  and response id), so that ``007123``, ``1234567890123456`` or ``1-2`` stay that text instead of
  becoming 7123, 1.23457E+15 or a date when the file is opened and saved again.
"""

from __future__ import annotations

import io

import polars as pl

from hubmonitor.io.dataset import Dataset
from hubmonitor.schema import Kind
from hubmonitor.spreadsheet import FORMULA_START, TEXT_MARK

_IDENTIFIER_KINDS = (Kind.ID, Kind.CVR)
_FIRST = ("source", "file", "sheet", "row", "reasons")


def quarantined_rows(dataset: Dataset) -> pl.DataFrame:
    frames = [t.quarantined_rows.with_columns(pl.lit(str(t.source)).alias("source"))
              for t in dataset.tables.values()
              if t.quarantined_rows is not None and t.quarantined_rows.height]
    if not frames:
        return pl.DataFrame(schema={"source": pl.String, "file": pl.String, "sheet": pl.String, "row": pl.Int64,
                                    "reasons": pl.String})
    combined = pl.concat(frames, how="diagonal")
    return combined.select(*_FIRST, pl.exclude(*_FIRST))


def identifier_columns(dataset: Dataset) -> frozenset[str]:
    """The columns that hold an identifier in any source (kind id or cvr)."""
    return frozenset(c.name for schema in dataset.schema.values() for c in schema.columns
                     if c.kind in _IDENTIFIER_KINDS)


def spreadsheet_safe(rows: pl.DataFrame, identifiers: frozenset[str] = frozenset()) -> pl.DataFrame:
    """``rows`` with the apostrophe before every text cell that starts like a formula and every
    non-empty cell of the ``identifiers`` columns; other cells as they were."""
    def safe(name: str) -> pl.Expr:
        cell = pl.col(name)
        marked = pl.lit(TEXT_MARK) + cell
        needs = (cell != "") if name in identifiers else cell.str.contains(FORMULA_START)
        return pl.when(needs.fill_null(False)).then(marked).otherwise(cell).alias(name)
    return rows.with_columns(safe(name) for name, dtype in rows.schema.items() if dtype == pl.String)


def quarantine_csv(dataset: Dataset) -> tuple[bytes, int]:
    """The quarantined rows as CSV bytes (UTF-8 with its byte-order mark, ';', every cell quoted), and
    how many there were: written by the caller with the command's other outputs, all at once."""
    rows = spreadsheet_safe(quarantined_rows(dataset), identifier_columns(dataset))
    buffer = io.BytesIO()
    buffer.write(b"\xef\xbb\xbf")  # the byte-order mark
    rows.write_csv(buffer, separator=";", quote_style="always")
    return buffer.getvalue(), rows.height
