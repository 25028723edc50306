"""Open a CSV export the way Danish systems write them, or say clearly why it cannot be read.

Encodings: UTF-8, UTF-8 with BOM and Windows-1252 (what Excel on Danish Windows saves),
detected from the bytes, or fixed by the profile. A file that is UTF-8 except for some lines
saved as Windows-1252 (two exports pasted together) is read line by line, and each such line
is reported. UTF-16 (what Excel's "Unicode text" writes; with a byte-order mark, or recognised by
its zero bytes) and UTF-32 with a byte-order mark are read too. Separator: comma, semicolon or
tab, detected from the header line, fixed by the profile, or given by Excel's ``sep=;`` first line.
Line ends: LF, CRLF, or CR alone (old Mac); a CR alone that ends rows in a file of LF or CRLF
(rows pasted from an old program) ends them where each piece is a whole row (``_split_at_lone_crs``).

A well-formed file is parsed by polars straight from the file. Where polars gives up, the file
is read record by record with the standard library's ``csv`` module, which accepts what Excel
accepts (a stray quote inside a field) and finds the row that is wrong: a row with more fields
than the header, a quote that is never closed, a NUL byte. Empty files, binary files renamed
``.csv``, a header of more than ``MAX_COLUMNS`` columns or ``MAX_HEADER_CHARS`` characters and
files that cannot be parsed raise ``DataError`` naming the file and, where there is one, the row;
no message quotes more than ``EXCERPT`` characters of the data (docs/decisions.md, "Hostile input").

Row numbers are records, as a spreadsheet shows them: the header is row 1 (or the profile's
``header_row``), a cell holding a line break does not add a row, Excel's ``sep=`` line is not one.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Literal

import polars as pl

from hubmonitor.errors import DataError, said
from hubmonitor.io.reading import NotRegularFileError, da_int, os_reason, reading, require_regular, special_kind

_BOM = b"\xef\xbb\xbf"
_SEPARATORS = (",", ";", "\t")
_SEP_HINTS = (",", ";", "\t", "|")  # what Excel's "sep=" line may name
HEAD_BYTES = 1 << 20  # the header row must end within the first MiB
MAX_HEADER_CHARS = 65_536  # characters in the header line
MAX_COLUMNS = 1_000  # columns in the header
EXCERPT = 60  # characters of data a message quotes, at most
MAX_LINE_CHARS = 1 << 20  # characters in a line, for the careful reader (a row of a million fields is refused)
RAGGED_SHARE = 0.5  # more rows than this with extra fields: the separator is wrong, the file is refused
_SCAN_CHUNK = 4 << 20
_SAMPLE_ROWS = 5  # rows a message lists
_CHUNK_ROWS = 65_536  # rows the careful reader builds a frame of at a time
_CSV_FIELD_LIMIT = csv.field_size_limit()

RowProblems = Literal["refuse", "quarantine"]

_MAGIC = (
    (b"PK\x03\x04", "en zip-fil (fx et .xlsx-regneark)", "a zip file (e.g. an .xlsx workbook)"),
    (b"\xd0\xcf\x11\xe0", "et gammelt Office-dokument (fx .xls)", "an old Office document (e.g. .xls)"),
    (b"%PDF", "en PDF-fil", "a PDF file"),
    (b"\x89PNG", "et PNG-billede", "a PNG image"),
    (b"\xff\xd8\xff", "et JPEG-billede", "a JPEG image"),
    (b"GIF8", "et GIF-billede", "a GIF image"),
    (b"\x1f\x8b", "en gzip-fil", "a gzip file"),
)
_WIDE_BOMS = (  # longest first: the UTF-32 LE mark begins with the UTF-16 LE one
    (b"\xff\xfe\x00\x00", "utf-32-le", "UTF-32"), (b"\x00\x00\xfe\xff", "utf-32-be", "UTF-32"),
    (b"\xff\xfe", "utf-16-le", "UTF-16"), (b"\xfe\xff", "utf-16-be", "UTF-16"),
)
# control bytes that do not occur in text (tab, LF, FF, CR and Ctrl-Z, DOS's end of file, do)
_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 26)) + b"\x7f"
_CONTROL_SHARE = 0.05  # more of the first MiB than this: not a text file


def excerpt(text: object, limit: int = EXCERPT) -> str:
    """At most ``limit`` characters of ``text``, with "…" where it was cut."""
    value = str(text)
    return value if len(value) <= limit else value[:limit - 1] + "…"



# --- bytes → text -------------------------------------------------------------------------------

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
    if encoding == "cp1252" and not raw.isascii() and _utf8(raw):
        # every letter beyond ASCII would be read as two or three ("Ã¸" for "ø"): the rows quarantined as unknown
        # municipalities and segments, with no word of why (a review: one UTF-8 file among Windows-1252 ones)
        raise DataError(name, said("filen er gemt som UTF-8, men profilen siger encoding: windows-1252, så æ, ø og å "
                                   "ville blive læst forkert (fx 'Ã¸' for 'ø'); fjern encoding: fra profilen (så "
                                   "findes hver fils tegnsæt), eller gem filen som Windows-1252",
                                   "the file is saved as UTF-8, but the profile says encoding: windows-1252, so æ, "
                                   "ø and å would be misread ('Ã¸' for 'ø'); remove encoding: from the profile (each "
                                   "file's encoding is then found), or save the file as Windows-1252"),
                        code="encoding-mismatch")
    if encoding in ("utf-8", "utf-8-sig", "cp1252"):
        codec = "utf-8" if encoding.startswith("utf-8") else encoding
        try:
            return Decoded(raw.decode(codec))
        except UnicodeDecodeError as exc:
            line = raw.count(b"\n", 0, exc.start) + 1
            raise DataError(name, said(f"linje {line} er ikke {codec} som profilen siger (byte {exc.start})",
                                  f"line {line} is not {codec} as the profile says (byte {exc.start})")) from exc
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
        raise DataError(name, said(f"ukendt tegnsæt (hverken UTF-8 eller Windows-1252), byte {exc.start}",
                              f"unknown character encoding (neither UTF-8 nor Windows-1252), "
                              f"byte {exc.start}")) from exc


def _utf8(raw: bytes) -> bool:
    """Is ``raw`` UTF-8 throughout (Windows-1252 text with letters beyond ASCII practically never is)?"""
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _wide_encoding(head: bytes) -> tuple[str, str, bool] | None:
    """(codec, name, has a byte-order mark) of a UTF-16 or UTF-32 file, else None. Without a mark,
    UTF-16 is told by its zero bytes: text in the Latin alphabets has a zero in every other byte."""
    for bom, codec, label in _WIDE_BOMS:
        if head.startswith(bom):
            return codec, label, True
    sample = head[:4096]
    sample = sample[:len(sample) - len(sample) % 2]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    share_even, share_odd = even.count(0) / len(even), odd.count(0) / len(odd)
    if share_odd >= 0.7 and share_even <= 0.1:
        return "utf-16-le", "UTF-16", False
    if share_even >= 0.7 and share_odd <= 0.1:
        return "utf-16-be", "UTF-16", False
    return None


def _not_text(head: bytes, name: str) -> None:
    """``DataError`` for a spreadsheet, an image, an archive or other bytes that are not text."""
    for magic, da, en in _MAGIC:
        if head.startswith(magic):
            raise DataError(name, said(f"filen er ikke en tekstfil (CSV), men {da} med forkert endelse",
                                  f"not a text (CSV) file but {en} with the wrong extension"))
    sample = head[:65536]
    if len(sample.translate(None, _CONTROL)) < len(sample) * (1 - _CONTROL_SHARE):
        raise DataError(name, said("filen er ikke en tekstfil (CSV); er det et regneark eller et billede "
                                   "med forkert endelse?", "the file is not a text (CSV) file; is it a spreadsheet "
                                   "or an image with the wrong extension?"))


def _utf8_head(head: bytes, complete: bool) -> str | None:
    """The first bytes as UTF-8 (a character cut at the end is fine), or None if they are not."""
    try:
        return codecs.getincrementaldecoder("utf-8")().decode(head.removeprefix(_BOM), final=complete)
    except UnicodeDecodeError:
        return None


def _cr_only(head: bytes) -> bool:
    """Line ends are CR alone (old Mac): a CR and no LF in the first MiB."""
    return b"\r" in head and b"\n" not in head


_CR = re.compile("\r\n?")


# --- the header ------------------------------------------------------------------------------

def sniff_separator(header: str) -> str:
    """The separator that splits the header line into the most fields (outside quotes)."""
    counts = _field_counts(header)[0]
    return max(_SEPARATORS, key=lambda sep: counts[sep])


HEADER_LINES = 10  # physical lines a header row may span (its headings' line breaks in quotes)


def _still_quoted(piece: str, sep: str, inside: bool) -> bool:
    """Whether a quoted field is still open at the end of ``piece`` (a line of the header, or the next line's
    text from its line break on, ``inside`` one already), as CSV reads quotes: a field is quoted only when
    it begins with a quote, and inside it a doubled quote is a quote."""
    at_start, i, n = not inside, 0, len(piece)
    while i < n:
        ch = piece[i]
        if inside:
            if ch == '"':
                if i + 1 < n and piece[i + 1] == '"':
                    i += 1  # a quote written twice: one quote in the field
                else:
                    inside = False
        elif ch == sep:
            at_start = True
            i += 1
            continue
        elif ch == '"' and at_start:
            inside = True
        at_start = False
        i += 1
    return inside


def _field_counts(header: str, seps: tuple[str, ...] = _SEPARATORS) -> tuple[dict[str, int], bool]:
    """Each separator's count outside quotes, and whether a quote is left open at the end."""
    counts = dict.fromkeys(seps, 0)
    quoted = False
    for ch in header:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    return counts, quoted


@dataclass(frozen=True)
class Layout:
    """Where the rows are: the header's physical line (0-based, what polars skips), its offset in
    the text, the separator, and the row number of the first data row."""

    index: int
    start: int
    sep: str
    first_row: int
    header_lines: int = 1  # the physical lines the header spans (a heading with a line break in its quotes)


_SEP_LINE = re.compile(r'"?sep=(.)"?[ \t]*\r?(\n|$)', re.IGNORECASE)


def _layout(text: str, complete: bool, header_row: int, separator: str | None, name: str) -> Layout:
    """Find the header line (the profile's row, or the first non-blank line after it), the
    separator and the limits, looking at no more of ``text`` than the lines up to the header."""
    hint, offset, skipped = None, 0, 0
    if (sep_line := _SEP_LINE.match(text)) is not None:
        hint, offset, skipped = sep_line.group(1), sep_line.end(), 1
        if hint not in _SEP_HINTS:
            raise DataError(name, said(f"første linje siger sep={hint!r}; kun komma, semikolon, tabulator og | læses",
                                  f"the first line says sep={hint!r}; only comma, semicolon, tab and | are read"))
        if separator is not None and separator != hint:
            raise DataError(name, said(f"første linje siger sep={hint!r}, profilen siger {separator!r}",
                                  f"the first line says sep={hint!r}, the profile says {separator!r}"))
    index, start = skipped, offset
    while True:
        end = text.find("\n", start, start + MAX_HEADER_CHARS + 1)
        if end < 0 and (len(text) - start > MAX_HEADER_CHARS or not complete):
            if index - skipped >= header_row - 1:
                raise DataError(name, said(f"overskriftsrækken (linje {index + 1}) er længere end "
                                      f"{da_int(MAX_HEADER_CHARS)} tegn eller slutter ikke inden for den første MiB",
                                      f"the header row (line {index + 1}) is longer than {MAX_HEADER_CHARS:,} "
                                      "characters or does not end within the first MiB"))
            raise DataError(name, said(f"linje {index + 1} før overskriftsrækken er for lang",
                                  f"line {index + 1} before the header row is too long"))
        line = text[start:] if end < 0 else text[start:end]
        if index - skipped >= header_row - 1 and line.strip():
            break
        if end < 0:
            raise DataError(name, said(f"filen har ingen række {header_row} med kolonnenavne",
                                  f"the file has no header row {header_row}"))
        index, start = index + 1, end + 1
    sep = separator or hint or sniff_separator(line)  # (of the header's first line: most of its fields)
    # a heading with a line break inside its quotes (a cell's Alt+Enter in Excel, "Bemærk-⏎ninger"): the header
    # row goes on to the line its quoted field closes on, as a data row does (a review: refused as an unclosed
    # quote), at most ``HEADER_LINES`` lines; a quote inside an unquoted field (Skærm 5") opens nothing and is
    # refused below as before (a second review: it swallowed the rows down to the next quote)
    spans, inside = 1, _still_quoted(line, sep, False)
    while inside and end >= 0 and spans < HEADER_LINES:
        after = text.find("\n", end + 1, start + MAX_HEADER_CHARS + 1)
        if after < 0 and (len(text) - start > MAX_HEADER_CHARS or not complete):
            break  # not closed within the header's limit: said below as the open quote it is
        inside = _still_quoted(text[end:] if after < 0 else text[end:after], sep, True)  # each line read once
        end, spans = after, spans + 1
        line = text[start:] if end < 0 else text[start:end]
    counts, open_quote = _field_counts(line, (sep,))
    if open_quote:
        raise DataError(name, said(f"overskriftsrækken (linje {index + 1}) har et citationstegn (\") uden sit "
                              "modstykke", f"the header row (line {index + 1}) has a quote (\") that is not closed "
                              "on its line"))
    if counts[sep] + 1 > MAX_COLUMNS:
        raise DataError(name, said(f"overskriftsrækken har {da_int(counts[sep] + 1)} kolonner; "
                              f"højst {da_int(MAX_COLUMNS)} læses",
                              f"the header row has {counts[sep] + 1:,} columns; at most {MAX_COLUMNS:,} are read"))
    if "\x00" in line:
        raise DataError(name, said(f"overskriftsrækken (linje {index + 1}) indeholder et NUL-tegn (byte 0); filen kan "
                                   f"være "
                              "beskadiget", f"the header row (line {index + 1}) holds a NUL character (byte 0); the "
                              "file may be damaged"))
    return Layout(index, start, sep, index + 2 - skipped, spans)


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


def unquoted_headings(columns: list[str]) -> list[str]:
    '''A CSV file's column names with a quoted heading's doubled quotes read as one: polars gives the header
    field "Kommune ""navn""" as the name Kommune ""navn"" (its cells it reads right), and a profile's
    Kommune "navn" found nothing (a review). A name that would then be another column's is left as it is.'''
    out: list[str] = []
    for name in columns:
        single = name.replace('""', '"')  # (not one another name, nor an earlier one's, already is)
        out.append(single if single == name or (single not in columns and single not in out) else name)
    return out


# --- reading ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class RowProblem:
    """A row that cannot be read as the header says: ``ragged-row`` (more fields than the header;
    the frame holds its first fields) or ``nul-byte`` (a NUL character in the row)."""

    row: int
    code: str
    detail: str  # ragged-row: "12 > 11", its fields and the header's; nul-byte: the column


def row_problem_column(problems: list[RowProblem], row: str = "_row") -> pl.Expr:
    """``_row_problem`` ("code: detail", else null) for a frame numbered in ``row``: what
    ``hubmonitor.io.columns`` quarantines a row by (``ROW_PROBLEM``)."""
    return pl.col(row).replace_strict({p.row: f"{p.code}: {p.detail}" for p in problems}, default=None,
                                      return_dtype=pl.String).alias("_row_problem")


@dataclass
class TextTable:
    frame: pl.DataFrame  # every column as text, header names stripped
    first_data_row: int  # the row number of frame row 0
    cp1252_lines: list[int]
    # rows the frame holds but that must not be used (only with row_problems="quarantine")
    row_problems: list[RowProblem] = field(default_factory=list)


@contextmanager
def _open(path: Path, name: str) -> Iterator[BinaryIO]:
    """The file, opened by us (polars gets the handle: a file name that is not UTF-8 is fine), if it
    is a regular file: a FIFO or device swapped in after the check cannot block (O_NONBLOCK)."""
    require_regular(path, name)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        raise _unreadable(name, exc) from exc
    with os.fdopen(fd, "rb") as handle:
        before = os.fstat(handle.fileno())
        kind = special_kind(before.st_mode)
        if kind is not None:
            raise NotRegularFileError(name, said(f"er {kind[0]}, ikke en almindelig fil", f"is {kind[1]}, not a "
                                                                                          f"regular file"))
        yield handle
        unchanged(before, os.fstat(handle.fileno()), name)


def unchanged(before: os.stat_result, after: os.stat_result, name: str) -> None:
    """Refuse a file whose size or time of change moved while it was read (a review: an export still
    being written was read to wherever the parse got, and nothing said so)."""
    if (before.st_size, before.st_mtime_ns) != (after.st_size, after.st_mtime_ns):
        raise DataError(name, said("filen blev ændret, mens den blev læst (en eksport, der stadig skrives?); kør "
                                   "igen, når den er færdig", "the file changed while it was read (an export still "
                                   "being written?); run again when it is finished"), code="changed-while-read")


def _parse(source: BinaryIO | io.BytesIO, layout: Layout) -> pl.DataFrame:
    """Polars' read of a well-formed file; ``PolarsError`` (or its panic) for anything else."""
    frame = pl.read_csv(source, separator=layout.sep, infer_schema=False, encoding="utf8",
                        truncate_ragged_lines=False, skip_lines=layout.index)
    return frame.rename(dict(zip(frame.columns, strip_headings(unquoted_headings(frame.columns)), strict=True)))


_POLARS_FAILED = (pl.exceptions.PolarsError, pl.exceptions.PanicException)


def read_text_csv(path: Path, name: str, *, encoding: str = "auto", separator: str | None = None,
                  header_row: int = 1, row_problems: RowProblems = "refuse") -> TextTable:
    """Read a CSV file as text columns (nothing inferred), whatever its encoding and separator.

    A file whose first MiB (the header with it) is UTF-8 and that holds no NUL byte goes straight
    to polars, which checks the rest as it reads; any other file is decoded here first. Where
    polars fails, or a cell holds a line break, the careful reader reads the file. A row with more
    fields than the header or a NUL byte stops the read naming the row, or, with
    ``row_problems="quarantine"``, is listed in ``TextTable.row_problems`` (unless most rows have
    more fields: the separator is wrong and the file is refused)."""
    with reading(name):
        return _read_csv(path, name, encoding, separator, header_row, row_problems)


def _read_csv(path: Path, name: str, encoding: str, separator: str | None, header_row: int,
              row_problems: RowProblems) -> TextTable:
    with _open(path, name) as handle:
        try:
            head = handle.read(HEAD_BYTES)
        except OSError as exc:
            raise _unreadable(name, exc) from exc
        complete = len(head) < HEAD_BYTES
        if complete and not head.strip(_BOM + b" \r\n\t"):
            # a failed export (a week's file of 0 bytes): said with what to do, not read as a file without rows,
            # which would hide that the week's rows are missing
            raise DataError(name, said("filen er tom (ingen overskrift, ingen rækker): eksportér den igen, eller flyt "
                                       "den ud af datamappen, hvis perioden ikke har data",
                                       "the file is empty (no heading, no rows): export it again, or move it out "
                                       "of the data folder if its period has no data"), code="empty-file")
        wide = _wide_encoding(head)
        if wide is None:
            _not_text(head, name)
        elif encoding != "auto":
            raise DataError(name, said(f"filen er {wide[1]}, men profilen siger encoding: {encoding}; gem den som "
                                       "UTF-8 eller fjern encoding: fra profilen",
                                       f"the file is {wide[1]}, but the profile says encoding: {encoding}; save it "
                                       "as UTF-8 or remove encoding: from the profile"))
        try_polars = True
        if wide is None and not _cr_only(head):
            text_head = _utf8_head(head, complete) if encoding in ("auto", "utf-8", "utf-8-sig") else None
            if text_head is not None:
                table, try_polars = _fast(handle, head, _layout(text_head, complete, header_row, separator, name))
                if table is not None:
                    return table
        try:
            handle.seek(0)
            raw = handle.read()
        except OSError as exc:
            raise _unreadable(name, exc) from exc
    decoded = _decode_wide(raw, wide, name) if wide is not None else decode(raw, name, encoding)
    del raw
    return _read_text(decoded, name, separator, header_row, row_problems, try_polars)


def _fast(handle: BinaryIO, head: bytes, layout: Layout) -> tuple[TextTable | None, bool]:
    """Polars' read of the file, when it holds no NUL byte, polars can parse it and no cell holds a
    line break (then a record is a line); else None, and whether polars is worth a second try on
    the decoded text (it failed on the encoding only)."""
    nul, quote = b"\x00" in head, b'"' in head
    while not nul and (chunk := handle.read(_SCAN_CHUNK)):
        nul, quote = b"\x00" in chunk, quote or b'"' in chunk
    if nul:
        return None, False
    handle.seek(0)
    try:
        frame = _parse(handle, layout)
    except _POLARS_FAILED as exc:
        return None, "utf-8" in str(exc).lower() or "utf8" in str(exc).lower()
    if quote and frame.height != _data_lines(handle, layout):
        return None, False  # a quoted cell holds a line break: the careful reader looks at each such record
    return TextTable(frame, layout.first_row, []), False


def _data_lines(handle: BinaryIO, layout: Layout) -> int:
    """The lines after the header (one pass counting line ends)."""
    handle.seek(0)
    ends, last = 0, b"\n"
    while chunk := handle.read(_SCAN_CHUNK):
        ends, last = ends + chunk.count(b"\n"), chunk[-1:]
    return ends - layout.index - layout.header_lines + (last != b"\n")


def _decode_wide(raw: bytes, wide: tuple[str, str, bool], name: str) -> Decoded:
    codec, label, bom = wide
    body = raw[(4 if label == "UTF-32" else 2):] if bom else raw
    try:
        return Decoded(body.decode(codec))
    except UnicodeDecodeError as exc:
        raise DataError(name, said(f"filen ligner {label}, men byte {exc.start} kan ikke læses som {label}",
                              f"the file looks like {label}, but byte {exc.start} cannot be read as {label}")) from exc


def _read_text(decoded: Decoded, name: str, separator: str | None, header_row: int, row_problems: RowProblems,
               try_polars: bool) -> TextTable:
    text = decoded.text
    start = text[:HEAD_BYTES]
    if "\r" in start and "\n" not in start:  # line ends are CR alone (old Mac)
        text = _CR.sub("\n", text)
    layout = _layout(text, True, header_row, separator, name)
    if try_polars and "\x00" not in text:
        try:
            frame = _parse(io.BytesIO(text.encode("utf-8")), layout)
        except _POLARS_FAILED:
            pass
        else:
            lines = text.count("\n") - layout.index - layout.header_lines + (not text.endswith("\n"))
            if '"' not in text or frame.height == lines:  # else a cell holds a line break: read carefully
                return TextTable(frame, layout.first_row, decoded.cp1252_lines)
    frame, problems = _Records(text, layout, name).read()
    _judge(problems, frame.height, name, row_problems)
    return TextTable(frame, layout.first_row, decoded.cp1252_lines, problems)


# --- the careful reader: record by record ----------------------------------------------------

_LONE_CR = re.compile("\r(?!\n)")
_CR_MARK = "\uffff"  # a lone CR inside a line while csv reads it (csv ends a record there; polars does not)


class _Lines:
    """The lines of ``text`` from ``start`` on, each with its line end, as ``csv.reader`` asks for
    them (split at LF only, as polars does, a lone CR marked); ``end`` is the offset after the last
    line given."""

    def __init__(self, text: str, start: int, lone_cr: bool) -> None:
        self.text, self.end, self.count, self.lone_cr = text, start, 0, lone_cr

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        if self.end >= len(self.text):
            raise StopIteration
        cut = self.text.find("\n", self.end, self.end + MAX_LINE_CHARS + 1)
        if cut < 0 and len(self.text) - self.end > MAX_LINE_CHARS:
            raise _LongLineError
        stop = len(self.text) if cut < 0 else cut + 1
        line = self.text[self.end:stop]
        self.end, self.count = stop, self.count + 1
        return _LONE_CR.sub(_CR_MARK, line) if self.lone_cr else line


def _lone_crs_outside_quotes(text: str, sep: str) -> list[int]:
    """The offsets of the CRs in ``text`` (one record) that no LF follows and that lie outside a quoted
    field, read as the ``csv`` module reads quotes: a quote opens a field only at its start, and two
    quotes inside one are a quote."""
    cuts: list[int] = []
    quoted, at_start, i = False, True, 0
    while i < len(text):
        ch = text[i]
        if quoted:
            if ch == '"':
                if text.startswith('"', i + 1):
                    i += 1
                else:
                    quoted = False
        elif ch == '"' and at_start:
            quoted = True
        elif ch == "\r" and not text.startswith("\n", i + 1):
            cuts.append(i)
        at_start = not quoted and ch in (sep, "\r", "\n")
        i += 1
    return cuts


class _LongLineError(Exception):
    """A line longer than ``MAX_LINE_CHARS``: not read into fields."""


class _Records:
    """Reads ``text`` from the header on with the ``csv`` module into a text frame like polars'
    (empty cells null, a short row filled with nulls), noting the rows that are wrong."""

    def __init__(self, text: str, layout: Layout, name: str) -> None:
        self.text, self.layout, self.name = text, layout, name
        self.names: list[str] = []
        self.has_nul = "\x00" in text
        self.lone_cr = _LONE_CR.search(text) is not None

    def _fail(self, row: int, line: int, da: str, en: str) -> DataError:
        sep = self.layout.sep
        where_da = f"række {row}" + (f" (linje {line})" if line != row else "")
        where_en = f"row {row}" + (f" (line {line})" if line != row else "")
        return DataError(self.name, said(f"kan ikke læses som CSV (skilletegn {sep!r}): {where_da}: {da}",
                                    f"cannot be parsed as CSV (separator {sep!r}): {where_en}: {en}"))

    def read(self) -> tuple[pl.DataFrame, list[RowProblem]]:
        lines = _Lines(self.text, self.layout.start, self.lone_cr)
        reader = csv.reader(lines, delimiter=self.layout.sep, quotechar='"', strict=False)
        header = next(reader)
        names = self.names = strip_headings(_header_names(self.text[self.layout.start:lines.end], header,
                                                          self.layout.sep))
        width = len(names)
        columns: list[list[str | None]] = [[] for _ in range(width)]
        chunks: list[pl.DataFrame] = []
        problems: list[RowProblem] = []
        row = self.layout.first_row
        last = (lines.end, lines.end, row, self.layout.index + 1)
        while True:
            begin, first_line = lines.end, lines.count + 1  # the record's offset and line (1 = the header)
            line = self.layout.index + first_line  # its physical line, 1-based
            try:
                fields = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                raise self._error(exc, begin, row, line) from exc
            except _LongLineError:
                long = self.layout.index + lines.count + 1
                raise self._fail(row, line, f"linje {long} er længere end {da_int(MAX_LINE_CHARS)} tegn",
                                 f"line {long} is longer than {MAX_LINE_CHARS:,} characters") from None
            last = (begin, lines.end, row, line)
            split = None
            if self.lone_cr:
                fields = [f.replace(_CR_MARK, "\r") for f in fields]
                if len(fields) > width:  # rows a CR alone ends, run together (``_split_at_lone_crs``)
                    split = self._split_at_lone_crs(begin, lines.end, width)
            records = split or [fields]
            for fields in records:
                spans = lines.count - first_line + 1 if len(records) == 1 else 1
                problem = self._problem(fields, width, begin, lines.end, spans, row, line)
                if problem is not None:
                    problems.append(problem)
                if len(fields) < width:  # a short row (or a blank line): the missing cells are empty, as in polars
                    fields = fields + [""] * (width - len(fields))
                for values, value in zip(columns, fields, strict=False):  # extra fields of a ragged row are left out
                    values.append(value or None)
                if len(columns[0]) >= _CHUNK_ROWS:
                    chunks.append(_frame(columns))
                    columns = [[] for _ in range(width)]
                row += 1
        self._check_last_quote(*last)
        chunks.append(_frame(columns))
        frame = pl.concat(chunks, how="vertical") if len(chunks) > 1 else chunks[0]
        return frame.rename(dict(zip(frame.columns, names, strict=True))), problems

    def _split_at_lone_crs(self, begin: int, end: int, width: int) -> list[list[str]] | None:
        """The rows of a record with more fields than the header whose line holds a CR without an LF
        after it, outside quotes: a file whose line ends change within it (CRLF, then CR alone: rows
        pasted from an old Mac program, or two exports joined), where polars and the reader split at
        LF only and the rows run together. Split at each such CR when every piece is a row: no more
        fields than the header (a short row is a row, as elsewhere), and a piece after the first that
        begins with an empty field a whole row (what ``sed 's/$/,extra/'`` leaves after a CRLF line's
        CR, ",extra", is an extra field, not a row; a row of an export without activity ids begins
        empty and is whole). A CR inside a quoted cell is the cell's. Otherwise the record stays one
        ragged row. None: it is not so split."""
        text = self.text[begin:end]
        cuts = _lone_crs_outside_quotes(text, self.layout.sep)
        if not cuts:
            return None
        pieces = [text[a:b] for a, b in zip([0, *(c + 1 for c in cuts)], [*cuts, len(text)], strict=True)]
        rows: list[list[str]] = []
        for piece in (p for p in pieces if p.strip("\r\n")):
            found = list(csv.reader(io.StringIO(piece, newline=""), delimiter=self.layout.sep, quotechar='"',
                                    strict=False))
            if len(found) != 1 or len(found[0]) > width or (rows and not found[0][0] and len(found[0]) < width):
                return None
            rows.append(found[0])
        return rows if len(rows) > 1 else None

    def _problem(self, fields: list[str], width: int, begin: int, end: int, spans: int, row: int,
                 line: int) -> RowProblem | None:
        if self.has_nul and self.text.find("\x00", begin, end) >= 0:
            at = next((i for i, f in enumerate(fields) if "\x00" in f), width)
            return RowProblem(row, "nul-byte", self.names[at] if at < width else f"felt / field {at + 1}")
        if spans > 1 and self._swallowed(fields, width, begin, end):
            if end >= len(self.text):  # the record runs to the end: a quote never closed, if so
                self._check_last_quote(begin, end, row, line)
            # a quote that closes rows later has swallowed the rows in between
            raise self._fail(row, line, f"et citationstegn (\") i rækken lukkes først på linje {line + spans - 1}, så "
                                        "rækkerne imellem bliver til én celle; mangler der et citationstegn?",
                             f"a quote (\") in the row only closes on line {line + spans - 1}, making the rows in "
                             "between one cell; is a quote missing?")
        if len(fields) > width:
            return RowProblem(row, "ragged-row", f"{len(fields)} > {width}")
        return None

    def _swallowed(self, fields: list[str], width: int, begin: int, end: int) -> bool:
        """A record of several lines is rows that a quote swallowed: a cell holds a line that is a row,
        or the record has more fields than the header and its quotes are not as they should be (with
        them as they should be, it is a cell holding a line break in a ragged row)."""
        return self._holds_a_row(fields, width) or (len(fields) > width and not self._well_quoted(begin, end))

    def _well_quoted(self, begin: int, end: int) -> bool:
        """The record's quotes are as they should be (each quoted field opens at the field's start and
        closes just before a separator or the line end) and close within it: a cell holding a line
        break, not a quote that swallowed rows. Such a record with too many fields is a ragged row."""
        segment = self.text[begin:end]
        if self.lone_cr:
            segment = _LONE_CR.sub(_CR_MARK, segment)
        try:
            records = list(csv.reader(io.StringIO(segment, newline=""), delimiter=self.layout.sep, quotechar='"',
                                      strict=True))
        except csv.Error:
            return False
        return len(records) == 1

    def _holds_a_row(self, fields: list[str], width: int) -> bool:
        """A cell holds a line with a separator for every column: a row, not a line of a note (only
        with five columns or more: fewer separators are too common in a note)."""
        return width >= 5 and any(part.count(self.layout.sep) >= width - 1
                                  for f in fields if "\n" in f for part in f.split("\n")[1:])

    def _error(self, exc: csv.Error, begin: int, row: int, line: int) -> DataError:
        if "field larger than field limit" in str(exc):
            opened = self.text.find('"', begin)
            if opened >= 0 and self.text.find('"', opened + 1) < 0:
                return self._unclosed(row, line)
            return self._fail(row, line, f"et felt er længere end {da_int(_CSV_FIELD_LIMIT)} tegn; mangler der et "
                                         "afsluttende citationstegn (\")?", f"a field is longer than "
                                         f"{_CSV_FIELD_LIMIT:,} characters; is a closing quote (\") missing?")
        return self._fail(row, line, excerpt(exc), excerpt(exc))

    def _check_last_quote(self, begin: int, end: int, row: int, line: int) -> None:
        """The last record ran to the end of the file inside quotes: a quote opened there and never
        closed (the lenient reader does not say so; the strict one does)."""
        if self.text.find('"', begin, end) < 0:
            return
        try:
            segment = self.text[begin:end]
            for _ in csv.reader(io.StringIO(_LONE_CR.sub(_CR_MARK, segment) if self.lone_cr else segment, newline=""),
                                delimiter=self.layout.sep, quotechar='"', strict=True):
                pass
        except csv.Error as exc:
            if "unexpected end of data" not in str(exc):
                return  # something the lenient reader accepts, like a quote inside a field
            raise self._unclosed(row, line) from None

    def _unclosed(self, row: int, line: int) -> DataError:
        return self._fail(row, line, "et citationstegn (\") åbner et felt, der aldrig lukkes",
                          "a quote (\") opens a field that is never closed")


def _frame(columns: list[list[str | None]]) -> pl.DataFrame:
    return pl.DataFrame({f"c{i}": values for i, values in enumerate(columns)},
                        schema={f"c{i}": pl.String for i in range(len(columns))})


def _header_names(header_text: str, fields: list[str], sep: str) -> list[str]:
    """The column names polars would give the header (duplicates as ``name_duplicated_0``)."""
    try:
        return unquoted_headings(pl.read_csv(io.BytesIO(header_text.encode("utf-8")), separator=sep,
                                             infer_schema=False, n_rows=0).columns)
    except _POLARS_FAILED:
        seen: dict[str, int] = {}
        names = []
        for name in fields:
            count = seen.get(name, -1)
            seen[name] = count + 1
            names.append(name if count < 0 else f"{name}_duplicated_{count}")
        return names


def _judge(problems: list[RowProblem], rows: int, name: str, mode: RowProblems) -> None:
    """Refuse the file for its row problems, naming the first rows, unless they are to be
    quarantined and are not most of the rows (then the separator is wrong)."""
    if not problems:
        return
    ragged = [p for p in problems if p.code == "ragged-row"]
    nul = [p for p in problems if p.code == "nul-byte"]
    if ragged and (mode == "refuse" or len(ragged) > rows * RAGGED_SHARE):
        first = ragged[0]
        fields, _, width = first.detail.partition(" > ")
        hint = ((f"; {da_int(len(ragged))} af {da_int(rows)} rækker: er skilletegnet forkert, eller ender "
                 "rækkerne med et skilletegn, som overskriften ikke har?",
                 f"; {len(ragged):,} of {rows:,} rows: is the separator wrong, or do the rows end with a "
                 "separator the header lacks?")
                if len(ragged) > rows * RAGGED_SHARE else
                (f"{_more(ragged, 'da')}; et skilletegn for meget i en celle?",
                 f"{_more(ragged, 'en')}; a separator too many in a cell?"))
        raise DataError(name, said(f"række {first.row} har {fields} felter, overskriften har {width}{hint[0]}",
                              f"row {first.row} has {fields} fields, the header has {width}{hint[1]}"),
                        code="ragged-row")
    if nul and mode == "refuse":
        raise DataError(name, said(f"række {nul[0].row} indeholder et NUL-tegn (byte 0){_more(nul, 'da')}; filen kan "
                              f"være beskadiget", f"row {nul[0].row} holds a NUL character (byte 0){_more(nul, 'en')}; "
                              "the file may be damaged"), code="nul-byte")


def _more(problems: list[RowProblem], lang: str) -> str:
    """" (5 rows in all: 10, 20, …)" when there is more than one."""
    if len(problems) < 2:
        return ""
    listed = ", ".join(str(p.row) for p in problems[:_SAMPLE_ROWS]) + (", …" if len(problems) > _SAMPLE_ROWS else "")
    return (f" (i alt {da_int(len(problems))} rækker: {listed})" if lang == "da"
            else f" ({len(problems):,} rows in all: {listed})")


def _unreadable(name: str, exc: OSError) -> DataError:
    """A file the system will not let us read, said in the reader's language ("ingen adgang", not
    "Permission denied" in the Danish line; a review), with its code."""
    da, en = os_reason(exc)
    return DataError(name, said(f"kan ikke læses: {da}", f"cannot be read: {en}"), code="cannot-read")
