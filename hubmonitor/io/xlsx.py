"""Read the sheets of an ``.xlsx`` workbook as text columns, rows numbered as Excel shows them.

Cell values come from fastexcel (calamine, Rust), every column as text: a number stored as a
number (CVR ``12345678``, kommunekode ``751``) comes back as ``"751"``, not ``"751.0"``; a date
cell as ``"2024-03-05 00:00:00"``; a formula as the value Excel saved with it.

Two things calamine does not tell are read here from the sheet's XML, streamed from the zip in
chunks (the file is never changed): the first non-empty row (calamine's data starts there, so
without it row numbers would be off when a sheet has blank rows on top) and error cells
(``#N/A``, ``#DIV/0!`` …) and formulas without a saved value (a program that writes formulas
without computing them, as openpyxl and many report tools do), which calamine turns into empty
cells. Such a cell must not pass as "empty" (an empty ``referred`` means "no"), so each one becomes
a finding and its row is quarantined.

A workbook is a zip of XML, and calamine trusts it: it unpacks every part it reads in full and
holds a sheet as one rectangle of cells from its first to its last cell, so one cell at
``XFD1048576`` in a 12 KB file asks for 512 GB and aborts the process. So before calamine sees
anything the zip is checked (at most ``MAX_MEMBERS`` parts, ``MAX_UNPACKED`` bytes unpacked, not
more than ``MAX_EXPANSION`` × its size once past ``EXPANSION_FREE``, every part calamine reads
no larger unpacked than the zip says), and before a sheet is read its rectangle of cells is
measured in the same pass over its XML: at most ``MAX_CELLS``, and beyond ``CELL_FLOOR`` at most
``CELLS_PER_BYTE`` per byte of the sheet's XML (a real sheet holds one cell per 20 bytes or so).
The ``<dimension>`` the sheet claims is only a shortcut: when every cell lies inside it (one
regular-expression search per chunk) it is the rectangle; otherwise the cells are measured.

Sheets have a visibility: a hidden (or "very hidden") sheet is never read in place of a visible
one (``visible``); a profile that names one reads it. A sheet's header row alone (``head``, to
choose the sheet a profile does not name) is read from the start of its XML, never by calamine.
"""

from __future__ import annotations

import contextlib
import copy
import functools
import itertools
import re
import zipfile
from collections.abc import Callable, Generator, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO, cast
from xml.etree import ElementTree

import fastexcel
import polars as pl

from hubmonitor.errors import DataError, first_line, said
from hubmonitor.io.reading import da_int
from hubmonitor.io.text_files import strip_headings

_NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_NS_PKG = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_NS_STRICT = "{http://purl.oclc.org/ooxml/spreadsheetml/"  # ISO 29500 Strict: other names for the same parts
_CHUNK = 8 << 20
_READ_ERRORS = (fastexcel.FastExcelError, OSError, zipfile.BadZipFile, KeyError, StopIteration, EOFError,
                NotImplementedError, RuntimeError, ElementTree.ParseError)

EXCEL_ROWS, EXCEL_COLUMNS = 1_048_576, 16_384  # Excel's grid: no cell lies beyond XFD1048576
MAX_MEMBERS = 10_000  # parts of the zip
MAX_DIRECTORY = 4 << 20  # bytes of the zip's table of contents (46 bytes or more a part)
MAX_UNPACKED = 2 << 30  # bytes of all parts unpacked: a sheet of a million rows and ~60 columns
MAX_EXPANSION = 100  # unpacked ÷ packed, past EXPANSION_FREE (real workbooks: 5 to 15)
EXPANSION_FREE = 100 << 20
CELL_FLOOR = 2_000_000  # cells any sheet may span (64 MB for calamine)
CELLS_PER_BYTE = 4  # cells a sheet may span beyond CELL_FLOOR per byte of its XML
MAX_CELLS = 100_000_000  # cells a sheet may span at most (a million rows of ~95 columns; 3.2 GB for calamine)
_SHOWN_KB = 1024
# what a formula cell without a saved value is reported as (an error cell's value: the row is not used). A
# program that writes formulas without computing them (openpyxl, many report tools) leaves them so; calamine
# reads such a cell as empty, and "ja" computed by Excel would have been read as a blank "nej"
# the value shown for it: a formula's mark alone (the formula itself may quote a company; the finding's
# message is the Excel error value's, docs/input-formats.md says what "=…" means)
NO_SAVED_VALUE = "=…"


class WorkbookRefusedError(DataError):
    """A workbook (or a sheet) that would take far more memory or time than its size justifies."""

    code = "workbook-refused"


@dataclass
class Sheet:
    """One sheet: its text columns, the Excel row of its first data row, and its error cells."""

    name: str
    frame: pl.DataFrame
    first_data_row: int  # the Excel row number of frame row 0
    errors: list[tuple[int, str, str]] = field(default_factory=list)  # (excel row, column name, value)
    # the merges over more than one row that reach below the header (the rows under the top cell read as
    # empty), topmost first: (their first data row, their reference, the columns they cover)
    merged: list[tuple[int, str, list[str]]] = field(default_factory=list)


@dataclass(frozen=True)
class SheetHead:
    """A sheet's header row (the texts of its cells holding a value, left to right) and whether a
    row below it holds a value."""

    headings: list[str]
    has_rows: bool


@dataclass
class _Scan:
    first_row: int = 1
    errors: list[tuple[int, int, str]] = field(default_factory=list)  # (row, column index, value)
    # each merge: (first row, last row, first column index, last column index, reference)
    merged: list[tuple[int, int, int, int, str]] = field(default_factory=list)


# a merged range (``<mergeCell ref="A2:A5"/>``, after the cells; any namespace prefix, either quote, spaces)
_MERGE = re.compile(rb'<(?:[A-Za-z_][\w.-]*:)?mergeCell\b[^>]*?\bref\s*=\s*["\']([A-Z]{1,3})(\d{1,7}):([A-Z]{1,3})'
                    rb'(\d{1,7})["\']')
MERGES_SHOWN = 1  # merged ranges a finding names (the topmost; and how many more: a short value, shown)


def _column_index(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + (ch - 64)
    return n - 1


def _letters(column: int) -> str:
    """0 → A, 16383 → XFD."""
    out = ""
    column += 1
    while column:
        column, rest = divmod(column - 1, 26)
        out = chr(65 + rest) + out
    return out


def _pieces(stream: Iterable[bytes], cell: bytes) -> Iterator[bytes]:
    """The sheet XML in pieces that each end before a cell tag (``cell``, e.g. ``<c ``), so no cell
    is cut in two (or, in XML without such tags, before a tag, so that a piece stays near the
    chunk's size)."""
    carry = b""
    for chunk in stream:
        buffer = carry + chunk
        cut = buffer.rfind(cell)
        if cut <= 0:
            cut = buffer.rfind(b"<") if len(buffer) > 2 * _CHUNK else -1
        if cut <= 0:
            carry = buffer
            continue
        carry = buffer[cut:]
        yield buffer[:cut]
    if carry:
        yield carry


# --- the rectangle of cells a sheet spans ---------------------------------------------------------

_DIMENSION = re.compile(rb'<(?:[\w.-]+:)?dimension\b[^>]*?\bref\s*=\s*["\']\$?([A-Z]{1,3})\$?(\d{1,7})'
                        rb'(?::\$?([A-Z]{1,3})\$?(\d{1,7}))?["\']')
# any tag that places a cell, for the walk over sheets written otherwise
_TAG = re.compile(rb'<(?:[\w.-]+:)?(row|c)(?=[\s/>])((?:[^>"\']|"[^"]*"|\'[^\']*\')*?)(/?)>')
_R_ATTRIBUTE = re.compile(rb'(?:^|\s)r\s*=\s*(["\'])(.*?)\1', re.S)
_REFERENCE = re.compile(rb'([A-Za-z]+)(\d+)')


def _at_most(value: str, alphabet: tuple[str, str]) -> str:
    """A regular expression for the tokens of ``alphabet``'s characters (no leading ``lo``) whose
    value is at most ``value``'s: shorter ones, or the same length and not larger at the first place
    they differ."""
    lo, hi = alphabet
    first = chr(ord(lo) + 1) if lo == "0" else lo
    n = len(value)
    parts = [f"[{first}-{hi}][{lo}-{hi}]{{0,{n - 2}}}"] if n > 1 else []
    for i, ch in enumerate(value):
        low = first if i == 0 else lo
        if ch > low:
            parts.append(f"{value[:i]}[{low}-{chr(ord(ch) - 1)}][{lo}-{hi}]{{{n - i - 1}}}")
    return "|".join([*parts, value])


def _inside(rows: int, columns: int) -> str:
    """A plain reference inside A1 to the given last row and column (columns from 0), and its quote."""
    return f'(?:{_at_most(_letters(columns), ("A", "Z"))})(?:{_at_most(str(rows), ("0", "9"))})"'


_WORKSHEET = re.compile(rb'<([\w.-]+:)?worksheet\b')


@dataclass(frozen=True)
class _Syntax:
    """How one sheet writes its cells: ``<c …>``, or with a namespace prefix (``<x:c …>``, as
    .NET's Open XML SDK writes), and the regular expressions for them."""

    prefix: bytes
    cell: re.Pattern[bytes]  # a cell with its reference and what it holds
    error_cell: re.Pattern[bytes]  # an error cell (t="e") and its value
    ref_cell: re.Pattern[bytes]  # the reference of a cell that is not empty, written with the reference first
    other_cell: re.Pattern[bytes]  # a cell written otherwise: no reference, not first, other quotes or spaces
    foreign: re.Pattern[bytes]  # a cell tag with another prefix (or none where the sheet has one)
    malformed: re.Pattern[bytes]  # a reference beyond Excel's grid, or not plain

    @property
    def cut(self) -> bytes:
        return b"<" + self.prefix + b"c "

    @property
    def formula(self) -> bytes:
        return b"<" + self.prefix + b"f"

    @property
    def saved(self) -> re.Pattern[bytes]:
        """A formula cell's saved value: ``<v>…</v>`` (empty too: Excel's "" result), ``<v xml:space=…>``
        or an inline string; not an empty ``<v/>`` or ``<v />``, as openpyxl writes a formula it did not
        compute."""
        return _saved(self.prefix)

    def has_value(self, inner: bytes | None) -> bool:
        p = self.prefix
        return inner is not None and (b"<" + p + b"v>" in inner or b"<" + p + b"is>" in inner
                                      or b"<" + p + b"v " in inner)

    def not_within(self, rows: int, columns: int) -> re.Pattern[bytes]:
        """Cell tags that are not ``<c r="…"`` with a plain reference inside A1 to the given last
        row and column: outside, without a reference, or written in some other way (one search)."""
        return re.compile(b"<" + re.escape(self.prefix) + f'c(?! r="{_inside(rows, columns)})[\\s/>]'.encode())


@functools.lru_cache(maxsize=8)
def _saved(prefix: bytes) -> re.Pattern[bytes]:
    p = re.escape(prefix)
    return re.compile(b"<" + p + rb"is>|<" + p + rb"v(?:\s[^>]*[^/>])?>")


@functools.lru_cache(maxsize=8)
def _syntax(prefix: bytes) -> _Syntax:
    c, p = b"<" + re.escape(prefix) + b"c", re.escape(prefix)
    foreign = (rb":c[\s/>]" if not prefix else
               rb"(?<!<" + re.escape(prefix[:-1]) + rb")(?<!</" + re.escape(prefix[:-1]) + rb"):c[\s/>]|<c[\s/>]")
    return _Syntax(
        prefix,
        re.compile(c + rb'\b[^>]*?\br="([A-Z]{1,3})(\d+)"[^>]*?(?:/>|>(.*?)</' + p + rb'c>)', re.S),
        re.compile(c + rb'\b(?=[^>]*\bt="e")[^>]*?\br="([A-Z]{1,3})(\d+)"[^>]*>.*?<' + p + rb'v>([^<]*)</' + p
                   + rb'v>', re.S),
        re.compile(c + rb' r="([A-Z]{1,3})(\d{1,7})"[^>]*?(?<!/)>(?!</' + p + rb'c>)'),
        re.compile(c + rb'(?! r=")[\s/>]'),
        re.compile(foreign),
        re.compile(c + f' r="(?!{_inside(EXCEL_ROWS, EXCEL_COLUMNS - 1)})'.encode()),
    )


def _syntax_of(head: bytes) -> _Syntax:
    match = _WORKSHEET.search(head, 0, 1 << 16)
    return _syntax(match.group(1) or b"" if match else b"")


@dataclass
class _Extent:
    """The rectangle of the cells that hold something, found in the same pass over the sheet's XML.

    While the sheet's ``<dimension>`` is trusted (A1 to its last cell is within the limit and no
    cell so far lies outside it), a piece costs two searches; once a cell lies outside, the
    references of the cells are read (the claimed rectangle stays in, to cover the pieces before);
    a cell written in any other way (``odd``) needs the walk over every tag (``_walked_extent``)."""

    allowed: int
    syntax: _Syntax
    box: tuple[int, int, int, int] | None = None  # first row, last row, first column, last column
    trusted: re.Pattern[bytes] | None = None
    odd: bool = False
    head: bool = True

    def feed(self, piece: bytes) -> None:
        if self.head:
            self.head = False
            self._claim(piece)
        if self.odd:
            return
        syntax = self.syntax
        if self.trusted is not None:
            if not self.trusted.search(piece) and not syntax.foreign.search(piece):
                return
            self.trusted = None
        if syntax.other_cell.search(piece) or syntax.foreign.search(piece) or syntax.malformed.search(piece):
            self.odd = True
            return
        found = syntax.ref_cell.findall(piece)
        if found:
            rows = [int(r) for r in {r for _, r in found}]
            columns = [_column_index(c) for c in {c for c, _ in found}]
            self._take((min(rows), max(rows), min(columns), max(columns)))

    def _claim(self, head: bytes) -> None:
        match = _DIMENSION.search(head, 0, 1 << 16)
        if match is None:
            return
        last_col = _column_index(match.group(3) or match.group(1))
        last_row = int(match.group(4) or match.group(2))
        box = (1, last_row, 0, last_col)  # from A1: a cell above or left of the claim passes the search too
        if 1 <= last_row <= EXCEL_ROWS and last_col < EXCEL_COLUMNS and _cells(box) <= self.allowed:
            self.box, self.trusted = box, self.syntax.not_within(last_row, last_col)

    def _take(self, box: tuple[int, int, int, int]) -> None:
        self.box = box if self.box is None else _union(self.box, box)


def _union(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> tuple[int, int, int, int]:
    return min(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), max(a[3], b[3])


def _cells(box: tuple[int, int, int, int]) -> int:
    return (box[1] - box[0] + 1) * (box[3] - box[2] + 1)


def _tags(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """The XML in pieces that each end before a tag, so that no tag is cut in two."""
    carry = b""
    for chunk in chunks:
        buffer = carry + chunk
        cut = buffer.rfind(b"<")
        carry, piece = (buffer, b"") if cut <= 0 else (buffer[cut:], buffer[:cut])
        if piece:
            yield piece
    if carry:
        yield carry


def _walked_extent(chunks: Iterable[bytes], where: str) -> tuple[int, int, int, int] | None:
    """The rectangle of the cells that hold something (or may: a cell that is not empty), walking
    every row and cell tag in order and placing cells as calamine does: by their reference, else
    after the cell before on their row (a row without a number follows the row before)."""
    box: tuple[int, int, int, int] | None = None
    row, column = 0, -1
    for piece in _tags(chunks):
        for match in _TAG.finditer(piece):
            found = _R_ATTRIBUTE.search(match.group(2))
            if match.group(1) == b"row":
                number = found.group(2).strip() if found else b""
                row, column = (int(number) if number.isdigit() and len(number) < 10 else row + 1), -1
                continue
            if found is None:
                column += 1
            else:
                ref = _REFERENCE.fullmatch(found.group(2))
                if ref is None or len(ref.group(1)) > 4 or len(ref.group(2)) > 9:
                    shown = found.group(2)[:20].decode("utf-8", "replace")
                    raise WorkbookRefusedError(where, said(f"en celle har en ugyldig reference {shown!r}",
                                                                f"a cell has an invalid reference {shown!r}"))
                row_here, column = int(ref.group(2)), _column_index(ref.group(1).upper())
                if not match.group(3):
                    cell = (row_here, row_here, column, column)
                    box = _union(box, cell) if box else cell
                continue
            if not match.group(3):
                cell = (row, row, column, column)
                box = _union(box, cell) if box else cell
    return box


def _check_extent(box: tuple[int, int, int, int] | None, allowed: int, xml_bytes: int, where: str) -> None:
    if box is None:
        return
    r0, r1, c0, c1 = box
    span = f"{_letters(c0)}{r0}:{_letters(c1)}{r1}"
    rows, columns = r1 - r0 + 1, c1 - c0 + 1
    if r1 > EXCEL_ROWS or c1 >= EXCEL_COLUMNS:
        raise WorkbookRefusedError(where, said(f"arket har celler uden for Excels gitter (A1:XFD1048576): {span}; "
                                               "filen er ikke skrevet af Excel",
                                               f"the sheet has cells beyond Excel's grid (A1:XFD1048576): {span}; "
                                               "the file was not written by Excel"))
    if rows * columns <= allowed:
        return
    size = max(1, xml_bytes // _SHOWN_KB)
    raise WorkbookRefusedError(
        where, said(f"arket spænder over {span} ({da_int(rows)} rækker × {da_int(columns)} kolonner), langt flere "
               f"celler end dets {da_int(size)} KB data kan fylde; er der en celle langt ude? Slet de tomme rækker og "
               f"kolonner efter dataene og gem igen", f"the sheet spans {span} ({rows:,} rows × {columns:,} columns), "
               f"far more cells than its {size:,} KB of data can fill; a stray cell far out? Delete the empty rows "
               "and columns after the data and save again"))



def _allowed_cells(xml_bytes: int) -> int:
    return min(MAX_CELLS, max(CELL_FLOOR, CELLS_PER_BYTE * xml_bytes))


# --- the zip ----------------------------------------------------------------------------------------

def _directory_size(path: Path) -> tuple[int, int] | None:
    """(parts, bytes) of the zip's table of contents as its end record gives them, read before
    ``zipfile`` reads the table itself; None when there is no end record (zipfile then says so)."""
    with path.open("rb") as handle:
        size = handle.seek(0, 2)
        handle.seek(max(0, size - (1 << 16) - 22))
        tail = handle.read()
        at = tail.rfind(b"PK\x05\x06")
        if at < 0 or len(tail) - at < 22:
            return None
        parts = int.from_bytes(tail[at + 10:at + 12], "little")
        directory = int.from_bytes(tail[at + 12:at + 16], "little")
        locator = tail[at - 20:at] if at >= 20 else b""
        if locator[:4] == b"PK\x06\x07":  # zip64: the counts are in a record of their own
            handle.seek(int.from_bytes(locator[8:16], "little"))
            record = handle.read(56)
            if record[:4] == b"PK\x06\x06" and len(record) >= 48:
                parts, directory = int.from_bytes(record[32:40], "little"), int.from_bytes(record[40:48], "little")
    return parts, directory


@contextlib.contextmanager
def _member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, where: str) -> Iterator[Iterator[bytes]]:
    """A part's bytes in chunks; a part that unpacks to more than the zip says is refused (calamine
    would unpack it all: zipfile stops at the claim, so it is asked for one byte more), and so is a
    damaged one (zipfile's checksum). The part is closed when the ``with`` ends, however it ends."""
    probe = copy.copy(info)
    probe.file_size = info.file_size + 1
    with zf.open(probe) as stream:
        yield _chunks(stream, info, where)


def _chunks(stream: IO[bytes], info: zipfile.ZipInfo, where: str) -> Iterator[bytes]:
    """The chunks; past the claim either zipfile's checksum fails (``BadZipFile``) or, should the
    checksum fit the longer part, the count does."""
    total = 0
    while chunk := stream.read(_CHUNK):
        total += len(chunk)
        if total > info.file_size:
            raise _longer(info, where)
        yield chunk


def _longer(info: zipfile.ZipInfo, where: str) -> WorkbookRefusedError:
    return WorkbookRefusedError(where, said(f"delen {info.filename!r} fylder mere udpakket, end zip-filen angiver; "
                                            f"filen "
                                       "er beskadiget eller lavet til at sprænge hukommelsen", "part "
                                       f"{info.filename!r} unpacks to more than the zip says: damaged, or made to "
                                       "exhaust memory"))


def _check_zip(path: Path, name: str) -> None:
    """Refuse a workbook whose zip would take far more memory or time than its size justifies,
    before calamine opens it; then unpack the parts calamine reads on opening (all but the sheets,
    which are checked when read) to see that none is larger than the zip says."""
    directory = _directory_size(path)
    if directory is not None and (directory[0] > MAX_MEMBERS or directory[1] > MAX_DIRECTORY):
        raise WorkbookRefusedError(name, said(f"zip-filen har {da_int(directory[0])} dele; højst {da_int(MAX_MEMBERS)}",
                                         f"the zip holds {directory[0]:,} parts; at most {MAX_MEMBERS:,}"))
    packed = path.stat().st_size
    with zipfile.ZipFile(path) as zf:
        infos = zf.infolist()
        if len(infos) > MAX_MEMBERS:
            raise WorkbookRefusedError(name, said(f"zip-filen har {da_int(len(infos))} dele; højst "
                                                  f"{da_int(MAX_MEMBERS)}",
                                             f"the zip holds {len(infos):,} parts; at most {MAX_MEMBERS:,}"))
        unpacked = sum(i.file_size for i in infos)
        mb = unpacked >> 20
        if unpacked > MAX_UNPACKED:
            raise WorkbookRefusedError(name, said(f"projektmappen fylder {da_int(mb)} MB udpakket; højst "
                                             f"{da_int(MAX_UNPACKED >> 20)} MB læses", f"the workbook unpacks to "
                                             f"{mb:,} MB; at most {MAX_UNPACKED >> 20:,} MB are read"))
        if unpacked > EXPANSION_FREE and unpacked > MAX_EXPANSION * packed:
            raise WorkbookRefusedError(name, said(f"projektmappen fylder {da_int(mb)} MB udpakket, over "
                                                  f"{MAX_EXPANSION} "
                                             f"gange sin egen størrelse ({da_int(packed >> 10)} KB); en zip-bombe?",
                                             f"the workbook unpacks to {mb:,} MB, over {MAX_EXPANSION} times its "
                                             f"own size ({packed >> 10:,} KB): a zip bomb?"))
        for info in infos:
            if not info.filename.startswith("xl/worksheets/") and info.filename.endswith((".xml", ".rels")):
                with _member(zf, info, name) as chunks:
                    for _ in chunks:
                        pass


def _scan(chunks: Iterable[bytes], allowed: int) -> tuple[_Scan, _Extent]:
    """The first row holding a value, and every error cell (one pass over the XML, which also
    measures the sheet's rectangle of cells)."""
    stream = iter(chunks)
    head = next(stream, b"")
    syntax = _syntax_of(head)
    scan, extent = _Scan(), _Extent(allowed, syntax)
    found_first = False
    for piece in _pieces(itertools.chain([head], stream), syntax.cut):
        extent.feed(piece)
        if not found_first:
            for match in syntax.cell.finditer(piece):
                if syntax.has_value(match.group(3)):
                    scan.first_row, found_first = int(match.group(2)), True
                    break
        if b't="e"' in piece:
            scan.errors.extend((int(m.group(2)), _column_index(m.group(1)), m.group(3).decode("utf-8", "replace"))
                               for m in syntax.error_cell.finditer(piece))
        if b"mergeCell" in piece:
            scan.merged.extend((int(m.group(2)), int(m.group(4)), _column_index(m.group(1)), _column_index(m.group(3)),
                                (b"%s%s:%s%s" % m.groups()).decode("ascii")) for m in _MERGE.finditer(piece))
        if syntax.formula in piece:  # a formula whose value was never saved: calamine reads it as empty
            scan.errors.extend((int(m.group(2)), _column_index(m.group(1)), NO_SAVED_VALUE)
                               for m in syntax.cell.finditer(piece)
                               if m.group(3) is not None and syntax.formula in m.group(3)
                               and not syntax.saved.search(m.group(3)))
    return scan, extent


def _first_column(chunks: Iterable[bytes]) -> int:
    """The leftmost column holding a value, where calamine's columns start (a second pass, needed
    only to place error cells, which are rare)."""
    stream = iter(chunks)
    head = next(stream, b"")
    syntax = _syntax_of(head)
    return min((_column_index(m.group(1)) for piece in _pieces(itertools.chain([head], stream), syntax.cut)
                for m in syntax.cell.finditer(piece) if syntax.has_value(m.group(3))), default=0)


_READER_REPEAT = re.compile(r"(.+)_\d+")  # calamine's name for a heading seen before in the row: 'Kommune_1'


def repeats_named(columns: list[str], headings: Callable[[], list[str | None]]) -> list[str]:
    """The sheet's column names with a heading written a second time named as the CSV reader names it
    ('Kommune_duplicated_0', ``mapping._DUPLICATED``), not as calamine does ('Kommune_1', which a heading
    may also be written as): the column mapping then tells a repeated heading from a column of its own
    alike in both kinds of file. ``headings``: the header row's cells as text, one per column, in the
    columns' order (calamine's own reading of that row: a date or a yes/no cell in it, which calamine
    names ``__UNNAMED__``, keeps its place; a review found the repeats missed behind one); read only when a
    name may be such a repeat. Where they do not line up with the columns the names are left as they are."""
    if not any((m := _READER_REPEAT.fullmatch(c)) and m.group(1) in columns for c in columns):
        return columns
    written = headings()
    if len(written) != len(columns):
        return columns
    seen: dict[str, int] = {}
    out = []
    for column, heading in zip(columns, written, strict=True):
        if heading is None or not heading.strip() or column.startswith("__UNNAMED__"):
            out.append(column)  # no text there: nothing calamine named after it
            continue
        times = seen[heading] = seen.get(heading, 0) + 1
        if column == heading:
            out.append(column)
        elif times > 1:  # calamine's repeat: polars' name
            out.append(f"{heading}_duplicated_{times - 2}")
        else:  # a heading written like a repeat ('Kommune_1') after one ('Kommune'): calamine's 'Kommune_1_1'
            out.append(heading if _READER_REPEAT.fullmatch(column) else column)
    return columns if len(set(out)) < len(out) else out


# --- the header row alone, without calamine ---------------------------------------------------------

_PEEK_CHUNK = 1 << 16


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _member_path(target: str) -> str:
    return target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)


def _pulled(zf: zipfile.ZipFile, member: str) -> Generator[tuple[str, ElementTree.Element], None, None]:
    """(event, element) of a part's XML, "start" and "end", read in small chunks as they are asked
    for (a caller that stops early reads only the start of the part). Each ``c``, ``row`` and ``si``
    element is let go once it has ended, so a long part takes no more memory than one of them."""
    parser: ElementTree.XMLPullParser[ElementTree.Element] = ElementTree.XMLPullParser(events=("start", "end"))
    parents: list[ElementTree.Element] = []
    with zf.open(member) as stream:
        while chunk := stream.read(_PEEK_CHUNK):
            parser.feed(chunk)
            for item in parser.read_events():  # only "start" and "end" events: always an element
                event, element = cast(tuple[str, ElementTree.Element], item)
                if event == "start":
                    parents.append(element)
                    yield "start", element
                    continue
                parents.pop()
                yield "end", element
                if parents and _local(element.tag) in ("c", "row", "si"):
                    parents[-1].remove(element)


def _header_cells(events: Iterable[tuple[str, ElementTree.Element]],
                  header_row: int) -> tuple[list[tuple[str | None, str]], bool]:
    """(type, text) of the cells holding a value on the sheet's header row as ``Workbook.read`` takes
    it (``header_row``, or the first row holding a value when that is further down), and whether a
    cell below it holds a value. Cells are placed as calamine places them (by their reference, else
    after the cell before; a row without a number follows the row before). Reads up to the first
    value below the header."""
    row, column, target = 0, -1, 0
    cells: list[tuple[str | None, str]] = []
    for event, element in events:
        tag = _local(element.tag)
        if event == "start":
            if tag == "row":
                number = (element.get("r") or "").strip()
                row, column = (int(number) if number.isdigit() and len(number) < 10 else row + 1), -1
            continue
        if tag != "c":
            continue
        ref = _REFERENCE.fullmatch((element.get("r") or "").encode())
        at_row = int(ref.group(2)) if ref is not None and len(ref.group(2)) < 10 else row
        column = _column_index(ref.group(1).upper()) if ref is not None else column + 1
        value = next((child for child in element if _local(child.tag) in ("v", "is")), None)
        if value is None:
            continue
        target = target or max(at_row, header_row)
        if at_row > target:
            return cells, True
        if at_row == target:
            cells.append((element.get("t"), _text(value) if _local(value.tag) == "is" else (value.text or "")))
    return cells, False


def _text(string: ElementTree.Element) -> str:
    """The text of a shared or inline string (``si``, ``is``): its ``t``, or the ``t`` of each of its
    runs (``r``); a phonetic reading (``rPh``) is not part of it."""
    return "".join(t.text or "" for child in string if _local(child.tag) in ("t", "r")
                   for t in ([child] if _local(child.tag) == "t" else child) if _local(t.tag) == "t")


def _shared_strings(events: Iterable[tuple[str, ElementTree.Element]], wanted: set[int]) -> dict[int, str]:
    """The shared strings at the ``wanted`` indices, reading the part only as far as the last of them."""
    found: dict[int, str] = {}
    index = -1
    last = max(wanted, default=-1)
    for event, element in events:
        if index >= last:
            break
        if event != "end" or _local(element.tag) != "si":
            continue
        index += 1
        if index in wanted:
            found[index] = _text(element)
    return found


class Workbook:
    """An open workbook: its sheet names (``visible`` those not hidden), and each sheet read on demand."""

    def __init__(self, path: Path, name: str) -> None:
        self.path, self.name = path, name
        try:
            _check_zip(path, name)
            self._reader = fastexcel.read_excel(path)
            self.sheet_names = list(self._reader.sheet_names)
            with zipfile.ZipFile(path) as zf:
                workbook = ElementTree.fromstring(zf.read("xl/workbook.xml"))
                rels = ElementTree.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
        except _READ_ERRORS as exc:
            raise DataError(name, said(f"kan ikke læses som Excel-projektmappe (.xlsx): {first_line(exc)}",
                                  f"cannot be read as an .xlsx workbook: {first_line(exc)}")) from exc
        if workbook.tag.startswith(_NS_STRICT):  # (a review: "arket kan ikke læses: '2023'", a KeyError)
            raise DataError(name, said("er gemt som »Strict Open XML-regneark«, som hubmonitor ikke læser; gem den i "
                                       "Excel som »Excel-projektmappe (*.xlsx)«",
                                       "is saved as a \"Strict Open XML Spreadsheet\", which hubmonitor does not "
                                       "read; save it in Excel as an \"Excel Workbook (*.xlsx)\""))
        targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{_NS_PKG}Relationship")}
        self._strings = next((_member_path(r.get("Target", "") or "") for r in rels.iter(f"{_NS_PKG}Relationship")
                              if (r.get("Type") or "").endswith("/sharedStrings")), None)
        self._members: dict[str, str] = {}
        hidden = set()
        for sheet in workbook.iter(f"{_NS_MAIN}sheet"):
            target = targets.get(sheet.get(f"{_NS_REL}id"), "") or ""
            sheet_name = sheet.get("name", "")
            self._members[sheet_name] = _member_path(target)
            if (sheet.get("state") or "visible").casefold() != "visible":  # hidden, veryHidden
                hidden.add(sheet_name)
        self.visible = [s for s in self.sheet_names if s not in hidden]

    def head(self, sheet: str, header_row: int = 1) -> SheetHead:
        """The sheet's header row as ``read`` would take it, and whether a row below it holds a
        value; read from the start of the sheet's XML (and of the shared strings) only, without
        calamine: cheap whatever the sheet's size. A sheet that cannot be read so is a ``DataError``."""
        where = f"{self.name} [{sheet}]"
        try:
            with zipfile.ZipFile(self.path) as zf:
                with contextlib.closing(_pulled(zf, self._members[sheet])) as events:
                    cells, has_rows = _header_cells(events, header_row)
                wanted = {int(text) for kind, text in cells if kind == "s" and text.strip().isdigit()}
                strings: dict[int, str] = {}
                if wanted and self._strings:
                    with contextlib.closing(_pulled(zf, self._strings)) as events:
                        strings = _shared_strings(events, wanted)
        except (*_READ_ERRORS, ValueError) as exc:
            raise DataError(where, said(f"arket kan ikke læses: {first_line(exc)}",
                                        f"the sheet cannot be read: {first_line(exc)}")) from exc
        return SheetHead([strings.get(int(text), "") if kind == "s" and text.strip().isdigit() else text
                          for kind, text in cells], has_rows)

    def _header_texts(self, sheet: str, header_index: int) -> list[str | None]:
        """The header row's cells as calamine reads them, one per column of the sheet as ``read`` loads
        it (for ``repeats_named``); [] where it cannot be read again."""
        try:
            row = self._reader.load_sheet_by_name(sheet, header_row=None, skip_rows=header_index, n_rows=1,
                                                  dtypes="string").to_polars()
        except _READ_ERRORS:
            return []
        return [row[c][0] for c in row.columns] if row.height else []

    def read(self, sheet: str, header_row: int = 1) -> Sheet:
        """One sheet as text; ``header_row`` is the Excel row of the column names (blank rows above
        the data are skipped whatever it says). A sheet spanning far more cells than its XML can
        fill is refused before calamine reads it."""
        where = f"{self.name} [{sheet}]"
        try:
            with zipfile.ZipFile(self.path) as zf:
                info = zf.getinfo(self._members[sheet])
                allowed = _allowed_cells(info.file_size)
                with _member(zf, info, where) as chunks:
                    scan, extent = _scan(chunks, allowed)
                box = extent.box
                if extent.odd:
                    with _member(zf, info, where) as chunks:
                        box = _walked_extent(chunks, where)
                _check_extent(box, allowed, info.file_size, where)
                offset = 0
                if scan.errors or scan.merged:
                    with _member(zf, info, where) as chunks:
                        offset = _first_column(chunks)
            header_index = max(header_row - scan.first_row, 0)
            frame = self._reader.load_sheet_by_name(sheet, header_row=header_index, dtypes="string").to_polars()
        except _READ_ERRORS as exc:
            raise DataError(where, said(f"arket kan ikke læses: {first_line(exc)}",
                                        f"the sheet cannot be read: {first_line(exc)}")) from exc
        if not frame.columns and header_index > 0:
            raise DataError(where, said(f"arket har ingen række {header_row} med kolonnenavne",
                                   f"the sheet has no header row {header_row}"))
        header_excel_row = scan.first_row + header_index
        columns = strip_headings(repeats_named([str(c) for c in frame.columns],
                                               lambda: self._header_texts(sheet, header_index)))
        errors = [(row, columns[col - offset], value) for row, col, value in scan.errors
                  if row > header_excel_row and 0 <= col - offset < len(columns)]
        merged = sorted((max(first, header_excel_row + 1), ref,
                         [columns[c - offset] for c in range(left, right + 1) if 0 <= c - offset < len(columns)])
                        for first, last, left, right, ref in scan.merged if last > first and last > header_excel_row)
        return Sheet(sheet, frame.rename(dict(zip(frame.columns, columns, strict=True))), header_excel_row + 1,
                     errors, merged)
