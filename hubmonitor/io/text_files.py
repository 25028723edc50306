"""Open a CSV export the way Danish systems write them, or say clearly why it cannot be read.

Encodings: UTF-8, UTF-8 with BOM and Windows-1252 (what Excel on Danish Windows saves),
detected from the bytes. Separator: comma, semicolon or tab, detected from the header line.
Empty files, binary files renamed ``.csv`` and files that do not parse as CSV raise
``DataError`` naming the file.
"""

from __future__ import annotations

import io
from pathlib import Path

import polars as pl

from hubmonitor.errors import DataError

_BOM = b"\xef\xbb\xbf"
_SEPARATORS = (",", ";", "\t")


def decode(raw: bytes, name: str) -> tuple[str, str]:
    """The text of a file and the encoding it was in."""
    if not raw.strip(_BOM + b" \r\n\t"):
        raise DataError(name, "filen er tom / the file is empty")
    if b"\x00" in raw[:65536]:
        raise DataError(name, "filen er ikke en tekstfil (CSV); er det et regneark eller et billede "
                              "med forkert endelse? / not a text (CSV) file")
    if raw.startswith(_BOM):
        return raw[len(_BOM):].decode("utf-8", errors="strict"), "utf-8-sig"
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252"), "cp1252"
    except UnicodeDecodeError as exc:
        raise DataError(name, f"ukendt tegnsæt (hverken UTF-8 eller Windows-1252), byte {exc.start} "
                              "/ unknown character encoding") from exc


def sniff_separator(header: str) -> str:
    """The separator that splits the header line into the most fields (outside quotes)."""
    counts = {sep: 0 for sep in _SEPARATORS}
    quoted = False
    for ch in header:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    return max(_SEPARATORS, key=lambda sep: counts[sep])


def read_text_csv(path: Path, name: str) -> pl.DataFrame:
    """Read a CSV file as text columns (nothing inferred), whatever its encoding and separator."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DataError(name, f"kan ikke læses / cannot be read: {exc.strerror}") from exc
    text, encoding = decode(raw, name)
    separator = sniff_separator(text.split("\n", 1)[0])
    source: Path | io.BytesIO = path if encoding == "utf-8" else io.BytesIO(text.encode("utf-8"))
    try:
        df = pl.read_csv(source, separator=separator, infer_schema=False, encoding="utf8",
                         truncate_ragged_lines=False)
    except pl.exceptions.PolarsError as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise DataError(name, f"kan ikke læses som CSV (skilletegn {separator!r}): {first} "
                              "/ cannot be parsed as CSV") from exc
    return df.rename({c: c.strip() for c in df.columns})
