"""Read the sheets of an ``.xlsx`` workbook as text columns, rows numbered as Excel shows them.

Cell values come from fastexcel (calamine, Rust), every column as text: a number stored as a
number (CVR ``12345678``, kommunekode ``751``) comes back as ``"751"``, not ``"751.0"``; a date
cell as ``"2024-03-05 00:00:00"``; a formula as the value Excel saved with it.

Two things calamine does not tell are read here from the sheet's XML, streamed from the zip in
chunks (the file is never changed): the first non-empty row (calamine's data starts there, so
without it row numbers would be off when a sheet has blank rows on top) and error cells
(``#N/A``, ``#DIV/0!`` …), which calamine turns into empty cells. An error cell must not pass as
"empty" (an empty ``referred`` means "no"), so each one becomes a finding and its row is
quarantined.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO
from xml.etree import ElementTree

import fastexcel
import polars as pl

from hubmonitor.errors import DataError, first_line
from hubmonitor.io.text_files import strip_headings

_NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_NS_PKG = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_CELL = re.compile(rb'<c\b[^>]*?\br="([A-Z]{1,3})(\d+)"[^>]*?(?:/>|>(.*?)</c>)', re.S)
_ERROR_CELL = re.compile(rb'<c\b(?=[^>]*\bt="e")[^>]*?\br="([A-Z]{1,3})(\d+)"[^>]*>.*?<v>([^<]*)</v>', re.S)
_CHUNK = 8 << 20
_READ_ERRORS = (fastexcel.FastExcelError, OSError, zipfile.BadZipFile, KeyError, StopIteration,
                ElementTree.ParseError)


@dataclass
class Sheet:
    """One sheet: its text columns, the Excel row of its first data row, and its error cells."""

    name: str
    frame: pl.DataFrame
    first_data_row: int  # the Excel row number of frame row 0
    errors: list[tuple[int, str, str]] = field(default_factory=list)  # (excel row, column name, value)


@dataclass
class _Scan:
    first_row: int = 1
    errors: list[tuple[int, int, str]] = field(default_factory=list)  # (row, column index, value)


def _column_index(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + (ch - 64)
    return n - 1


def _has_value(inner: bytes | None) -> bool:
    return inner is not None and (b"<v>" in inner or b"<is>" in inner or b"<v " in inner)


def _pieces(stream: IO[bytes]) -> Iterator[bytes]:
    """The sheet XML in pieces that each end before a ``<c`` element, so no cell is cut in two."""
    carry = b""
    while chunk := stream.read(_CHUNK):
        buffer = carry + chunk
        cut = buffer.rfind(b"<c ")
        if cut <= 0:
            carry = buffer
            continue
        carry = buffer[cut:]
        yield buffer[:cut]
    if carry:
        yield carry


def _scan(stream: IO[bytes]) -> _Scan:
    """The first row holding a value, and every error cell (one pass over the XML)."""
    scan = _Scan()
    found_first = False
    for piece in _pieces(stream):
        if not found_first:
            for match in _CELL.finditer(piece):
                if _has_value(match.group(3)):
                    scan.first_row, found_first = int(match.group(2)), True
                    break
        if b't="e"' in piece:
            scan.errors.extend((int(m.group(2)), _column_index(m.group(1)), m.group(3).decode("utf-8", "replace"))
                               for m in _ERROR_CELL.finditer(piece))
    return scan


def _first_column(stream: IO[bytes]) -> int:
    """The leftmost column holding a value, where calamine's columns start (a second pass, needed
    only to place error cells, which are rare)."""
    return min((_column_index(m.group(1)) for piece in _pieces(stream) for m in _CELL.finditer(piece)
                if _has_value(m.group(3))), default=0)


class Workbook:
    """An open workbook: its sheet names, and each sheet read on demand."""

    def __init__(self, path: Path, name: str) -> None:
        self.path, self.name = path, name
        try:
            self._reader = fastexcel.read_excel(path)
            self.sheet_names = list(self._reader.sheet_names)
            with zipfile.ZipFile(path) as zf:
                workbook = ElementTree.fromstring(zf.read("xl/workbook.xml"))
                rels = ElementTree.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
        except _READ_ERRORS as exc:
            raise DataError(name, f"kan ikke læses som Excel-projektmappe (.xlsx): {first_line(exc)} "
                                  "/ cannot be read as an .xlsx workbook") from exc
        targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{_NS_PKG}Relationship")}
        self._members = {}
        for sheet in workbook.iter(f"{_NS_MAIN}sheet"):
            target = targets.get(sheet.get(f"{_NS_REL}id"), "")
            self._members[sheet.get("name")] = (
                target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target))

    def read(self, sheet: str, header_row: int = 1) -> Sheet:
        """One sheet as text; ``header_row`` is the Excel row of the column names (blank rows above
        the data are skipped whatever it says)."""
        try:
            with zipfile.ZipFile(self.path) as zf:
                with zf.open(self._members[sheet]) as stream:
                    scan = _scan(stream)
                offset = 0
                if scan.errors:
                    with zf.open(self._members[sheet]) as stream:
                        offset = _first_column(stream)
            header_index = max(header_row - scan.first_row, 0)
            frame = self._reader.load_sheet_by_name(sheet, header_row=header_index, dtypes="string").to_polars()
        except _READ_ERRORS as exc:
            raise DataError(f"{self.name} [{sheet}]", f"arket kan ikke læses: {first_line(exc)} "
                                                      "/ the sheet cannot be read") from exc
        if not frame.columns and header_index > 0:
            raise DataError(f"{self.name} [{sheet}]", f"arket har ingen række {header_row} med kolonnenavne "
                                                      f"/ the sheet has no header row {header_row}")
        header_excel_row = scan.first_row + header_index
        columns = strip_headings([str(c) for c in frame.columns])
        errors = [(row, columns[col - offset], value) for row, col, value in scan.errors
                  if row > header_excel_row and 0 <= col - offset < len(columns)]
        return Sheet(sheet, frame.rename(dict(zip(frame.columns, columns, strict=True))), header_excel_row + 1,
                     errors)

