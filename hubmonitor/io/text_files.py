"""Open a CSV export the way Danish systems write them, or say clearly why it cannot be read.

Encodings: UTF-8, UTF-8 with BOM and Windows-1252 (what Excel on Danish Windows saves),
detected from the bytes, or fixed by the profile. A file that is UTF-8 except for some lines
saved as Windows-1252 (two exports pasted together) is read line by line, and each such line
is reported. Separator: comma, semicolon or tab, detected from the header line or fixed by the
profile. Empty files, binary files renamed ``.csv`` and files that do not parse as CSV raise
``DataError`` naming the file.
"""

from __future__ import annotations

import codecs
import io
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from hubmonitor.errors import DataError, first_line

_BOM = b"\xef\xbb\xbf"
_SEPARATORS = (",", ";", "\t")


@dataclass
class Decoded:
    text: str
    cp1252_lines: list[int] = field(default_factory=list)  # 1-based lines read as Windows-1252 in a UTF-8 file


def _decode_mixed(raw: bytes) -> Decoded:
    lines = raw.split(b"\n")
    out: list[str] = []
    odd: list[int] = []
    for number, line in enumerate(lines, start=1):
        try:
            out.append(line.decode("utf-8"))
        except UnicodeDecodeError:
            out.append(line.decode("cp1252", errors="replace"))
            odd.append(number)
    return Decoded("\n".join(out), odd)


def decode(raw: bytes, name: str, encoding: str = "auto") -> Decoded:
    """The text of a file (already known not to be empty or binary), by ``encoding`` or detected."""
    if raw.startswith(_BOM):  # a byte-order mark says UTF-8 for the start; auto still allows mixed lines
        raw = raw[len(_BOM):]
    if encoding in ("utf-8", "utf-8-sig", "cp1252"):
        codec = "utf-8" if encoding.startswith("utf-8") else encoding
        try:
            return Decoded(raw.decode(codec))
        except UnicodeDecodeError as exc:
            line = raw.count(b"\n", 0, exc.start) + 1
            raise DataError(name, f"linje {line} er ikke {codec} som profilen siger (byte {exc.start}) "
                                  f"/ line {line} is not {codec} as the profile says") from exc
    try:
        return Decoded(raw.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    if len(raw.decode("utf-8", errors="surrogateescape")) < len(raw):
        # Some bytes formed valid multi-byte UTF-8 characters (each invalid byte would decode to one
        # character of its own): UTF-8 with Windows-1252 lines mixed in.
        return _decode_mixed(raw)
    try:
        return Decoded(raw.decode("cp1252"))
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


@dataclass
class TextTable:
    frame: pl.DataFrame  # every column as text, header names stripped
    first_data_row: int  # the physical line of frame row 0
    cp1252_lines: list[int]


def _header_index(text: str, header_row: int, name: str) -> tuple[int, str]:
    """The 0-based line of the column names (the profile's row, or the first non-blank line after
    it) and that line. Only the lines up to that one are looked at, not the whole file."""
    index, start = 0, 0
    while True:
        end = text.find("\n", start)
        line = text[start:] if end < 0 else text[start:end]
        if index >= header_row - 1 and line.strip():
            return index, line
        if end < 0:
            raise DataError(name, f"filen har ingen række {header_row} med kolonnenavne "
                                  f"/ the file has no header row {header_row}")
        index, start = index + 1, end + 1


def _parse(source: Path | io.BytesIO, name: str, sep: str, skip: int) -> pl.DataFrame:
    try:
        frame = pl.read_csv(source, separator=sep, infer_schema=False, encoding="utf8",
                            truncate_ragged_lines=False, skip_lines=skip)
    except pl.exceptions.PolarsError as exc:
        raise DataError(name, f"kan ikke læses som CSV (skilletegn {sep!r}): {first_line(exc)} "
                              "/ cannot be parsed as CSV") from exc
    return frame.rename(dict(zip(frame.columns, strip_headings(frame.columns), strict=True)))


def strip_headings(columns: list[str]) -> list[str]:
    """Column names without surrounding white space, unless that would make two names the same
    (``Kommune`` and ``Kommune ``): then the later one keeps its spaces, so no column is lost, and
    a profile that asks for it is told the two cannot be told apart."""
    taken: set[str] = set()
    out = []
    for name in columns:
        stripped = name.strip()
        keep = name if stripped in taken or (stripped != name and stripped in columns) else stripped
        taken.add(keep)
        out.append(keep)
    return out


def _utf8_head(head: bytes, complete: bool) -> str | None:
    """The first bytes as UTF-8 (a character cut at the end is fine), or None if they are not."""
    try:
        return codecs.getincrementaldecoder("utf-8")().decode(head.removeprefix(_BOM), final=complete)
    except UnicodeDecodeError:
        return None


def read_text_csv(path: Path, name: str, *, encoding: str = "auto", separator: str | None = None,
                  header_row: int = 1) -> TextTable:
    """Read a CSV file as text columns (nothing inferred), whatever its encoding and separator.

    A file whose first 64 KB (the header with them) are UTF-8 goes straight to polars, which checks
    the rest as it reads; any other file is decoded here first. Row numbers are physical lines."""
    try:
        with path.open("rb") as fh:
            head = fh.read(65536)
            complete = len(head) < 65536
    except OSError as exc:
        raise DataError(name, f"kan ikke læses / cannot be read: {exc.strerror}") from exc
    if complete and not head.strip(_BOM + b" \r\n\t"):
        raise DataError(name, "filen er tom / the file is empty")
    if b"\x00" in head:
        raise DataError(name, "filen er ikke en tekstfil (CSV); er det et regneark eller et billede "
                              "med forkert endelse? / not a text (CSV) file")
    text_head = _utf8_head(head, complete) if encoding in ("auto", "utf-8", "utf-8-sig") else None
    if text_head is not None:
        index, header = _header_index(text_head, header_row, name)
        sep = separator or sniff_separator(header)
        try:
            return TextTable(_parse(path, name, sep, index), index + 2, [])
        except DataError as exc:
            if "utf-8" not in str(exc.__cause__).lower():
                raise  # malformed, not mis-encoded
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DataError(name, f"kan ikke læses / cannot be read: {exc.strerror}") from exc
    decoded = decode(raw, name, encoding)
    index, header = _header_index(decoded.text, header_row, name)
    sep = separator or sniff_separator(header)
    frame = _parse(io.BytesIO(decoded.text.encode("utf-8")), name, sep, index)
    return TextTable(frame, index + 2, decoded.cp1252_lines)
