"""The report as an Excel workbook, for those who continue in Excel (most KKR secretariats do).

Receives a finished report, computes nothing and returns the file as bytes; only the CLI writes
files. Sheets, Danish by default and English with ``lang="en"``:

  Mål / Targets                 title block (contract, hub, period, as-of), then a row per target
  Segmenter / Segments          the per-segment groups of grouped share targets (M3.satisfaction)
  Kommuner / Municipalities     municipal_spread groups: actual, expected, band, position, dialogue
  Fordeling / Allocation        allocation groups: amount, share of grant, population share, guided
  Datakvalitet / Data quality   row accounting per input (of the contract year), then the findings (a
                                sample per code, one of each code first)

Every table is an Excel table (its own filter buttons, a name such as ``tblTargets`` for Power
Query) with its headers in one bold, frozen row. Figures are numbers with a number format (Excel
shows them with the reader's own separators), never text; texts from contracts and data are
always written as strings, so a value starting with '=' stays text. The same report gives the
same bytes: the only date in the file is the report's as-of date.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time
from typing import Any, NamedTuple

import xlsxwriter  # type: ignore[import-untyped]

from hubmonitor.render.format import (
    COMPARISON_TEXT,
    SEVERITY_TEXT,
    SOURCE_TEXT,
    UNIT_TEXT,
    label,
    number,
    percent,
    quality_note,
    status_text,
    title,
    value_text,
)
from hubmonitor.render.privacy import finding_message, shown_value
from hubmonitor.report import Report, TargetResult

SHEETS = {
    "da": {"targets": "Mål", "segments": "Segmenter", "municipalities": "Kommuner", "allocation": "Fordeling",
           "quality": "Datakvalitet"},
    "en": {"targets": "Targets", "segments": "Segments", "municipalities": "Municipalities",
           "allocation": "Allocation", "quality": "Data quality"},
}
_NUMBER_FORMATS = {"int": "#,##0", "decimal": "#,##0.0", "share": "0.0%", "score": "0.0", "row": "0"}
_UNIT_FORMATS = {"share": "share", "pp": "score", "score": "score", "count": "int", "thousand_kr": "int"}
_TABLE_STYLE = "Table Style Light 9"
_MAX_TEXT = 32767  # Excel's limit for one cell


@dataclass(frozen=True)
class _Col:
    da: str
    en: str
    fmt: str = "int"  # the number format of the column's numbers (a _Num cell brings its own)
    cap: int = 40  # the widest the column gets, in characters


class _Num(NamedTuple):
    """A number with its own format: a target's value and threshold are formatted by its unit."""

    value: float | int
    fmt: str


Value = str | int | float | bool | _Num | None

_TARGETS = (
    _Col("Id", "Id"), _Col("Mål", "Ref"), _Col("Titel", "Title", cap=60), _Col("Enhed", "Unit"),
    _Col("Værdi", "Value"), _Col("Sammenligning", "Comparison"), _Col("Målsætning", "Target"),
    _Col("Øvre målsætning", "Upper target"), _Col("Status", "Status"), _Col("Tæller", "Numerator"),
    _Col("Nævner", "Denominator"), _Col("Regel", "Rule", cap=90), _Col("Bemærkning", "Note", cap=60),
)
_SEGMENTS = (
    _Col("Id", "Id"), _Col("Titel", "Title", cap=60), _Col("Segment", "Segment"), _Col("Værdi", "Value"),
    _Col("Status", "Status"), _Col("Tæller", "Numerator"), _Col("Nævner", "Denominator"),
)
_MUNICIPALITIES = (
    _Col("Id", "Id"), _Col("Kommune", "Municipality"), _Col("Faktisk", "Actual"),
    _Col("Forventet", "Expected", "decimal"), _Col("Nedre grænse", "Low", "decimal"),
    _Col("Øvre grænse", "High", "decimal"), _Col("Placering", "Position"), _Col("Dialog", "Dialogue"),
    _Col("Indbyggere", "Population"), _Col("Befolkningsandel", "Population share", "share"),
)
_ALLOCATION = (
    _Col("Id", "Id"), _Col("Kommune", "Municipality"), _Col("Beløb (t.kr.)", "Amount (thousand kr)"),
    _Col("Andel af bevillingen", "Share of grant", "share"), _Col("Indbyggere", "Population"),
    _Col("Befolkningsandel", "Population share", "share"),
    _Col("Individuelt vejledte virksomheder", "Individually guided companies"),
    _Col("Kr. pr. vejledt virksomhed", "Kr per guided company"),
)
_INPUTS = (
    _Col("Kilde", "Source"), _Col("Fil", "File", cap=50), _Col("Ark", "Sheet"), _Col("Rækker læst", "Rows read"),
    _Col("Brugt", "Used"), _Col("I karantæne", "Quarantined"), _Col("Dubletter", "Duplicates"),
    _Col("Uden for perioden", "Outside the period"), _Col("Heraf uden læsbar dato", "Of which undated"),
)
_FINDINGS = (
    _Col("Kode", "Code"), _Col("Alvor", "Severity"), _Col("Fil", "File", cap=50), _Col("Ark", "Sheet"),
    _Col("Række", "Row", "row"), _Col("Kolonne", "Column"), _Col("Værdi", "Value"),
    _Col("Besked", "Message", cap=90),
)


def workbook_bytes(report: Report, lang: str = "da") -> bytes:
    """The report as an ``.xlsx`` file: the same report and language give the same bytes."""
    book = _Book(report, lang)
    book.targets()
    book.groups()
    book.quality()
    return book.close()


def _unit_number(value: float | int | bool | None, unit: str) -> Value:
    if value is None or isinstance(value, bool):
        return value
    fmt = _UNIT_FORMATS.get(unit) or ("int" if float(value).is_integer() else "decimal")
    return _Num(value, fmt)


class _Book:
    def __init__(self, report: Report, lang: str) -> None:
        if lang not in SHEETS:
            raise ValueError(f"lang must be one of {sorted(SHEETS)}, not {lang!r}")
        self.report, self.lang = report, lang
        self.buffer = io.BytesIO()
        self.wb = xlsxwriter.Workbook(self.buffer, {
            "in_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
            "strings_to_numbers": False, "nan_inf_to_errors": True,
        })
        self.wb.set_properties({
            "title": report.contract, "subject": report.hub, "author": "hubmonitor",
            "created": datetime.combine(report.period.as_of, time()),
        })
        self.header = self.wb.add_format({"bold": True})
        self.heading = self.wb.add_format({"bold": True, "font_size": 13})
        self.formats = {name: self.wb.add_format({"num_format": f}) for name, f in _NUMBER_FORMATS.items()}
        self.widths: dict[str, dict[int, int]] = {}

    def text(self, da: str | None, en: str | None) -> str | None:
        return en if self.lang == "en" else da

    # --- sheets -------------------------------------------------------------------------------

    def targets(self) -> None:
        r, lang = self.report, self.lang
        ws = self.wb.add_worksheet(SHEETS[lang]["targets"])
        p = r.period
        ws.write_string(0, 0, r.contract, self.heading)
        ws.write_string(1, 0, f"{r.hub} · periode {p.start} – {p.end} · data til og med {p.as_of}" if lang == "da"
                        else f"{r.hub} · period {p.start} – {p.end} · data up to {p.as_of}")
        rows = [self._target_row(t) for t in r.targets]
        self.table(ws, 3, "tblTargets", _TARGETS, rows)
        ws.freeze_panes(4, 1)

    def _target_row(self, t: TargetResult) -> list[Value]:
        lang = self.lang
        low, high = (t.target[0], t.target[1]) if isinstance(t.target, list) else (t.target, None)
        return [t.id, t.ref, title(t, lang), label(UNIT_TEXT, t.unit, lang), _unit_number(t.value, t.unit),
                label(COMPARISON_TEXT, t.comparison, lang), _unit_number(low, t.unit), _unit_number(high, t.unit),
                status_text(t.status, lang), t.numerator, t.denominator, self.text(t.explanation, t.explanation_en),
                self.text(t.reason, t.reason_en)]

    def groups(self) -> None:
        lang, targets = self.lang, self.report.targets
        segments: list[list[Value]] = []
        spread: list[list[Value]] = []
        allocation: list[list[Value]] = []
        for t in targets:
            for g in t.groups:
                if t.kind == "municipal_spread":
                    spread.append([t.id, g.key, g.value, g.expected, g.low, g.high, status_text(g.status, lang),
                                   g.dialogue, g.population, g.population_share])
                elif t.kind == "allocation":
                    allocation.append([t.id, g.key, g.amount, g.share, g.population, g.population_share, g.guided,
                                       g.kr_per_guided])
                else:
                    segments.append([t.id, title(t, lang), g.key, _unit_number(g.value, t.unit),
                                     status_text(g.status, lang), g.numerator, g.denominator])
        for key, name, columns, rows in (("segments", "tblSegments", _SEGMENTS, segments),
                                         ("municipalities", "tblMunicipalities", _MUNICIPALITIES, spread),
                                         ("allocation", "tblAllocation", _ALLOCATION, allocation)):
            ws = self.wb.add_worksheet(SHEETS[lang][key])
            self.table(ws, 0, name, columns, rows)
            ws.freeze_panes(1, 0)

    def quality(self) -> None:
        q, lang = self.report.data_quality, self.lang
        ws = self.wb.add_worksheet(SHEETS[lang]["quality"])
        inputs: list[list[Value]] = [
            [label(SOURCE_TEXT, i.source, lang), i.file, i.sheet, i.rows_read, i.rows_used, i.quarantined,
             i.duplicates, i.outside_period, i.undated] for i in q.inputs]
        row = self.table(ws, 0, "tblInputs", _INPUTS, inputs) + 1
        ws.write_string(row, 0, self._sample_note())
        findings: list[list[Value]] = [
            [f.code, label(SEVERITY_TEXT, f.severity, lang), f.file, f.sheet, f.row, f.column, shown_value(f),
             finding_message(f, lang)] for f in q.examples()]  # one of each code first
        self.table(ws, row + 1, "tblFindings", _FINDINGS, findings)
        ws.freeze_panes(row + 2, 0)

    def _sample_note(self) -> str:
        q, da = self.report.data_quality, self.lang == "da"
        listed: dict[str, int] = {}
        for f in q.findings:
            listed[f.code] = listed.get(f.code, 0) + 1
        cut = [f"{s.code} {number(s.count, 0, self.lang)} ({number(listed.get(s.code, 0), 0, self.lang)} "
               f"{'vist' if da else 'listed'})" for s in q.summary if s.count > listed.get(s.code, 0)]
        note = (f"Fund: højst {q.sample_per_code} pr. kode vises" if da else
                f"Findings: at most {q.sample_per_code} per code are listed")
        note += (("; i alt " if da else "; in total ") + ", ".join(cut) if cut else "") + "."
        scope = quality_note(q.period, self.lang)
        return f"{scope} {note}" if scope else note

    # --- cells --------------------------------------------------------------------------------

    def table(self, ws: Any, top: int, name: str, columns: Sequence[_Col], rows: Sequence[Sequence[Value]]) -> int:
        """An Excel table with its header row at ``top``; returns the first row below it."""
        headers = [c.en if self.lang == "en" else c.da for c in columns]
        last = top + max(len(rows), 1)  # Excel wants a data row, even an empty one
        ws.add_table(top, 0, last, len(columns) - 1, {
            "name": name, "style": _TABLE_STYLE,
            "columns": [{"header": h, "header_format": self.header} for h in headers],
        })
        widths = self.widths.setdefault(ws.name, {})
        for c, h in enumerate(headers):
            widths[c] = max(widths.get(c, 0), len(h) + 4)  # room for the filter button
        for r, values in enumerate(rows, start=top + 1):
            for c, (col, value) in enumerate(zip(columns, values, strict=True)):
                shown = self.cell(ws, r, c, value, col.fmt)
                widths[c] = max(widths[c], min(len(shown) + 2, col.cap))
        for c, width in widths.items():
            ws.set_column(c, c, width)
        return last + 1

    def cell(self, ws: Any, row: int, col: int, value: Value, fmt: str) -> str:
        """Write one cell (text as a string, a figure as a number); returns it about as shown."""
        if value is None:
            return ""
        if isinstance(value, bool):
            value = value_text(value, "bool", self.lang)
        if isinstance(value, str):
            ws.write_string(row, col, value[:_MAX_TEXT])
            return value
        if isinstance(value, _Num):
            value, fmt = value
        ws.write_number(row, col, value, self.formats[fmt])
        if fmt == "share":
            return percent(value, 1, self.lang).replace(" ", "")
        if fmt == "row":
            return str(value)
        return number(value, 1 if fmt in ("decimal", "score") else 0, self.lang)

    def close(self) -> bytes:
        self.wb.close()
        return self.buffer.getvalue()
