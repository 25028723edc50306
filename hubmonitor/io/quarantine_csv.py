"""The quarantined rows as a CSV a person opens in Excel, fixes, and feeds back in.

Semicolon-separated UTF-8 with a byte-order mark: what Danish Excel opens correctly with
æ, ø and å intact. First the file and row the row came from and the reasons, then the
row's own values exactly as they were in the input, under the canonical column names (the
profile says which export column each came from). Written atomically.
"""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

import polars as pl

from hubmonitor.io.dataset import Dataset
from hubmonitor.io.results_json import write_atomic_stream


def quarantined_rows(dataset: Dataset) -> pl.DataFrame:
    frames = [t.quarantined_rows.with_columns(pl.lit(str(t.source)).alias("source"))
              for t in dataset.tables.values()
              if t.quarantined_rows is not None and t.quarantined_rows.height]
    if not frames:
        return pl.DataFrame(schema={"source": pl.String, "file": pl.String, "sheet": pl.String, "row": pl.Int64,
                                    "reasons": pl.String})
    combined = pl.concat(frames, how="diagonal")
    first = ("source", "file", "sheet", "row", "reasons")
    return combined.select(*first, pl.exclude(*first))


def write_quarantine_csv(path: Path | str, dataset: Dataset) -> int:
    """Write the quarantined rows; return how many there were."""
    rows = quarantined_rows(dataset)

    def write(fh: BinaryIO) -> None:
        fh.write(b"\xef\xbb\xbf")  # the byte-order mark
        rows.write_csv(fh, separator=";")
    write_atomic_stream(path, write)
    return rows.height
