"""Read the sheets of an ``.xlsx`` workbook as text columns, rows numbered as Excel shows them.

Cell values come from fastexcel (calamine, Rust), every column as text: a number stored as a
number (CVR ``12345678``, kommunekode ``751``) comes back as ``"751"``, not ``"751.0"``; a date
cell as ``"2024-03-05 00:00:00"``; a formula as the value Excel saved with it.

Two things calamine does not tell, read here from the sheet's XML (in the zip, never changed):
the first non-empty row (calamine's data starts there, so without it row numbers would be off
when a sheet has blank rows on top) and error cells (``#N/A``, ``#DIV/0!`` …), which calamine
turns into empty cells. An error cell must not pass as "empty" (``referred`` empty means "no"),
so each one becomes a finding and its row is quarantined.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from xml.etree import ElementTree

import fastexcel
import polars as pl

from hubmonitor.errors import DataError

_NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_NS_PKG = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_CELL = re.compile(rb'<c\b[^>]*?\br="([A-Z]{1,3})(\d+)"[^>]*?(?:/>|>(.*?)</c>)', re.S)
_ERROR_CELL = re.compile(rb'<c\b(?=[^>]*\bt="e")[^>]*?\br="([A-Z]{1,3})(\d+)"[^>]*>.*?<v>([^<]*)</v>', re.S)


@dataclass
class Sheet:
    """One sheet: its text columns, the Excel row of its first data row, and its error cells."""

    name: str
    frame: pl.DataFrame
    first_data_row: int  # the Excel row number of frame row 0
    errors: list[tuple[int, str, str]] = field(default_factory=list)  # (excel row, column name, value)


def _column_index(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + (ch - 64)
    return n - 1


def _sheet_xml(path: Path, sheet: str) -> bytes:
    """The XML of the named sheet, found through workbook.xml and its relationships."""
    with zipfile.ZipFile(path) as zf:
        workbook = ElementTree.fromstring(zf.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
        rel_id = next(s.get(f"{_NS_REL}id") for s in workbook.iter(f"{_NS_MAIN}sheet") if s.get("name") == sheet)
        target = next(r.get("Target", "") for r in rels.iter(f"{_NS_PKG}Relationship") if r.get("Id") == rel_id)
        member = target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)
        return zf.read(member)


def _first_row_and_errors(xml: bytes) -> tuple[int, list[tuple[int, int, str]]]:
    """The first Excel row holding a value, and every error cell as (row, column index, value)."""
    first = 1
    for match in _CELL.finditer(xml):
        inner = match.group(3) or b""
        if b"<v>" in inner or b"<is>" in inner or b"<v " in inner:
            first = int(match.group(2))
            break
    errors: list[tuple[int, int, str]] = []
    if b't="e"' in xml:
        errors = [(int(m.group(2)), _column_index(m.group(1)), m.group(3).decode("utf-8", "replace"))
                  for m in _ERROR_CELL.finditer(xml)]
    return first, errors


def sheet_names(path: Path, name: str) -> list[str]:
    try:
        return list(fastexcel.read_excel(path).sheet_names)
    except (fastexcel.FastExcelError, OSError, zipfile.BadZipFile) as exc:
        raise DataError(name, f"kan ikke læses som Excel-projektmappe (.xlsx): {_first_line(exc)} "
                              "/ cannot be read as an .xlsx workbook") from exc


def read_sheet(path: Path, name: str, sheet: str, header_row: int = 1) -> Sheet:
    """Read one sheet as text; ``header_row`` is the Excel row of the column names (blank rows
    above the data are skipped whatever it says)."""
    try:
        xml = _sheet_xml(path, sheet)
        first, raw_errors = _first_row_and_errors(xml)
        header_index = max(header_row - first, 0)
        loaded = fastexcel.read_excel(path).load_sheet_by_name(sheet, header_row=header_index, dtypes="string")
        frame = loaded.to_polars()
    except (fastexcel.FastExcelError, OSError, zipfile.BadZipFile, KeyError, StopIteration,
            ElementTree.ParseError) as exc:
        raise DataError(f"{name} [{sheet}]", f"arket kan ikke læses: {_first_line(exc)} "
                                             "/ the sheet cannot be read") from exc
    header_excel_row = first + header_index
    columns = frame.columns
    offset = _first_used_column(xml) if raw_errors else 0  # calamine's columns start at the first used one
    errors = [(row, str(columns[col - offset]).strip(), value) for row, col, value in raw_errors
              if row > header_excel_row and 0 <= col - offset < len(columns)]
    frame = frame.rename({c: str(c).strip() for c in frame.columns})
    return Sheet(sheet, frame, header_excel_row + 1, errors)


def _first_used_column(xml: bytes) -> int:
    """The leftmost column holding a value (calamine's range starts there)."""
    best: int | None = None
    for match in _CELL.finditer(xml):
        inner = match.group(3) or b""
        if b"<v>" in inner or b"<is>" in inner or b"<v " in inner:
            col = _column_index(match.group(1))
            best = col if best is None else min(best, col)
            if best == 0:
                break
    return best or 0


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
