"""The report as an Excel workbook, for those who continue in Excel (most KKR secretariats do).

Receives a finished report, computes nothing and returns the file as bytes; only the CLI writes
files. Sheets, Danish by default and English with ``lang="en"``:

  Mål / Targets                 title block (contract, hub, period, as-of), then a row per target:
                                value, threshold, status, the confidence interval where the figure
                                rests on a sample, and during the year the pace (pro rata, seasonal
                                expectation, year-end forecast and its range)
  Segmenter / Segments          the per-segment groups of grouped share targets (M3.satisfaction)
  Kommuner / Municipalities     municipal_spread groups: actual, expected, band, position, dialogue
  Fordeling / Allocation        allocation groups: amount, share of grant, population share, guided
  Datakvalitet / Data quality   row accounting per input (of the contract year), then the findings (a
                                sample per code, one of each code first)
  Integritetssignaler /         a row per integrity signal: its kind, status, value, threshold and
  Integrity signals             baseline in its unit, the number of occurrences, its rule and, where it
                                cannot be assessed, why (counts only: the companies behind a signal are
                                in the hub's internal CSV, never here)

Every table is an Excel table (its own filter buttons, a name such as ``tblTargets`` for Power
Query) with its headers in one bold, wrapped, frozen row that is repeated on every printed page.
Where a sum means something (the allocation, the municipal spread, the row accounting) the table
has a totals row of Excel's own SUBTOTAL formulas (they follow the filter), their cached values
the sums of the figures above. Statuses are coloured by conditional formatting on their text (the
dashboards' status colours, each ink on its fill at least 4.5:1). Every sheet prints on A4 in
landscape, one page wide, with the hub, year and page number in its header and footer.

Figures are numbers with a number format (Excel shows them with the reader's own separators),
never text; texts from contracts and data are always written as strings, so a value starting
with '=' stays text. The same report gives the same bytes: the only date in the file is the
report's as-of date.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any, Literal, NamedTuple

import xlsxwriter  # type: ignore[import-untyped]
from xlsxwriter.utility import xl_col_to_name  # type: ignore[import-untyped]

from hubmonitor.days import date_text
from hubmonitor.render.format import (
    COMPARISON_TEXT,
    PACE_RULE_TEXT,
    PROVISIONAL_TEXT,
    SEVERITY_TEXT,
    SOURCE_TEXT,
    UNIT_TEXT,
    band_edge_places,
    bracketed,
    by_segment,
    clipped,
    contract_title,
    data_up_to,
    deciding_group_text,
    export_headings,
    goal_places,
    goal_side,
    grant_so_far,
    group_name,
    group_side,
    held_back_note,
    label,
    number,
    percent,
    population_basis,
    provisional,
    quality_note,
    shown_column,
    shown_status,
    status_text,
    title,
    value_places,
    value_text,
)
from hubmonitor.render.html.palette import BAND_BG, BAND_INK, STATUS_BG, STATUS_INK
from hubmonitor.render.privacy import finding_message, shown_value
from hubmonitor.render.signals_text import (
    SIGNAL_STATUS_CSS,
    kind_text,
    signal_reason,
    signal_rule,
    signal_status_text,
    signal_title,
)
from hubmonitor.report import LEVEL, GroupResult, Report, TargetResult
from hubmonitor.spreadsheet import looks_like_formula

SHEETS = {
    "da": {"targets": "Mål", "segments": "Segmenter", "municipalities": "Kommuner", "allocation": "Fordeling",
           "quality": "Datakvalitet", "signals": "Integritetssignaler"},
    "en": {"targets": "Targets", "segments": "Segments", "municipalities": "Municipalities",
           "allocation": "Allocation", "quality": "Data quality", "signals": "Integrity signals"},
}
GROUPS_SHEET = {"da": "Grupper", "en": "Groups"}  # the segments' sheet where the groups are another column's
_NUMBER_FORMATS = {"int": "#,##0", "decimal": "#,##0.0", "share": "0.0%", "score": "0.0", "row": "0"}
_UNIT_FORMATS = {"share": "share", "pp": "score", "score": "score", "count": "int", "thousand_kr": "int",
                 "ratio": "decimal"}
_TABLE_STYLE = "Table Style Light 9"
# below an empty table (a municipality's case log has no segments, municipalities or grant): why it is empty
_NO_ROWS = ("Ingen rækker: ingen af kontraktens mål giver tal til dette ark.",
            "No rows: none of the contract's targets gives figures for this sheet.")
_MAX_TEXT = 32767  # Excel's limit for one cell
_HEADER_TEXT = 100  # characters of a name in a page header or footer: Excel takes 255 with codes and && doubled
_ROW_HEIGHT = 15  # points, one line of the default 11-point font
_SHORT_HEADER = 12  # a header up to this wide (with its filter button) is kept on one line

# The status colours of the dashboards, defined once in palette.STATUS_BG / STATUS_INK (style.css
# repeats them as --<status>-bg and --<status>-ink; tests/test_chart_contrast.py keeps them equal):
# a light fill with a dark ink of the same hue, each pair at least 4.5:1 (WCAG 2.1 AA for normal
# text; tests/test_workbook_print.py measures them). The band positions of a municipality take the
# pairs the municipal page's badges take.
STATUS_FILL = {status: (bg, STATUS_INK[status]) for status, bg in STATUS_BG.items()}
BAND_FILL = {band: (bg, BAND_INK[band]) for band, bg in BAND_BG.items()}

Total = Literal["label", "sum", "yes", "per_guided"]


@dataclass(frozen=True)
class _Col:
    da: str
    en: str
    fmt: str = "int"  # the number format of the column's numbers (a _Num cell brings its own)
    cap: int = 40  # the widest the column gets, in characters; longer text wraps
    total: Total | None = None  # what the totals row holds in this column, if the table has one
    colours: str | None = None  # "status", "band" or "signal": the column's text values are coloured


class _Num(NamedTuple):
    """A number with its own format: a target's value and threshold are formatted by its unit."""

    value: float | int
    fmt: str


Value = str | int | float | bool | _Num | None


def cell_text(value: str) -> str:
    """``value`` as a cell holds it: beyond Excel's limit cut, and saying so (``clipped``)."""
    return clipped(value, _MAX_TEXT)

_SEGMENTS = (
    _Col("Id", "Id"), _Col("Titel", "Title", cap=32), _Col("Segment", "Segment"), _Col("Værdi", "Value"),
    _Col("Status", "Status", colours="status"), _Col("Tæller", "Numerator"), _Col("Nævner", "Denominator"),
)
_GROUPS = (*_SEGMENTS[:2], _Col("Gruppe", "Group"), *_SEGMENTS[3:])  # another column's groups (a case log's teams)
_MUNICIPALITIES = (
    _Col("Id", "Id", total="label"), _Col("Kommune", "Municipality"), _Col("Faktisk", "Actual", total="sum"),
    _Col("Forventet", "Expected", "decimal", total="sum"), _Col("Nedre grænse", "Low", "decimal"),
    _Col("Øvre grænse", "High", "decimal"), _Col("Placering", "Position", colours="band"),
    _Col("Dialog", "Dialogue", total="yes"), _Col("Indbyggere", "Population", total="sum"),
    _Col("Befolkningsandel", "Population share", "share", total="sum"),
)
# the allocation's amount and guided companies: its kr-per-guided total divides their sums
_AMOUNT = _Col("Beløb (t.kr.)", "Amount (thousand kr)", total="sum")
_GUIDED = _Col("Individuelt vejledte virksomheder", "Individually guided companies", total="sum")
_ALLOCATION = (
    _Col("Id", "Id", total="label"), _Col("Kommune", "Municipality"),
    _AMOUNT,
    _Col("Andel af bevillingen", "Share of grant", "share", total="sum"),
    _Col("Indbyggere", "Population", total="sum"),
    _Col("Befolkningsandel", "Population share", "share", total="sum"),
    _GUIDED,
    _Col("Kr. pr. vejledt virksomhed", "Kr per guided company", total="per_guided"),
)
_INPUTS = (
    _Col("Kilde", "Source", total="label"), _Col("Fil", "File", cap=40), _Col("Ark", "Sheet"),
    _Col("Rækker læst", "Rows read", total="sum"), _Col("Brugt", "Used", total="sum"),
    _Col("I karantæne", "Quarantined", total="sum"), _Col("Dubletter", "Duplicates", total="sum"),
    _Col("Uden for perioden", "Outside the period", total="sum"),
    _Col("Heraf uden læsbar dato", "Of which undated", total="sum"),
)
_SKIPPED = _Col("Udeladt af profilen", "Left out by the profile", total="sum")
_FINDINGS = (
    _Col("Kode", "Code"), _Col("Alvor", "Severity"), _Col("Fil", "File", cap=40), _Col("Ark", "Sheet"),
    _Col("Række", "Row", "row"), _Col("Kolonne", "Column"), _Col("Værdi", "Value", cap=30),
    _Col("Besked", "Message", cap=60),
)
_SIGNALS = (
    _Col("Id", "Id"), _Col("Signal", "Signal", cap=40), _Col("Slags", "Kind", cap=24),
    _Col("Status", "Status", colours="signal"), _Col("Enhed", "Unit"), _Col("Værdi", "Value"),
    _Col("Tærskel", "Threshold"), _Col("Sammenligning", "Baseline"), _Col("Forekomster", "Occurrences"),
    _Col("Regel", "Rule", cap=60), _Col("Bemærkning", "Note", cap=40),
)
_TOTAL_TEXT = {"da": "I alt", "en": "Total"}
_YES = {"da": "ja", "en": "yes"}


def workbook_bytes(report: Report, lang: str = "da") -> bytes:
    """The report as an ``.xlsx`` file: the same report and language give the same bytes."""
    book = _Book(report, lang)
    book.targets()
    book.groups()
    book.quality()
    book.signals()
    return book.close()


def _unit_number(value: float | int | bool | None, unit: str, fmt: str | None = None) -> Value:
    if value is None or isinstance(value, bool):
        return value
    fmt = fmt or _UNIT_FORMATS.get(unit) or ("int" if float(value).is_integer() else "decimal")
    return _Num(value, fmt)


# where a format's decimals start and what they are of (a share's of its percent): for ``value_places``
_PLACES = {"share": (1, 100.0), "score": (1, 1.0), "decimal": (1, 1.0), "int": (0, 1.0)}


def _result_number(t: TargetResult, group: GroupResult | None = None) -> Value:
    """A target's value (or a group's, judged against the target: met / not met), formatted as the
    pages show it beside its target: with the decimals that keep it on its side (79,96 % beside
    ≥ 80,0 %; ``format.value_places``), in a format of its own."""
    side = goal_side(t) if group is None else group_side(t, group)
    cell = _unit_number(t.value if group is None else group.value, t.unit)
    if not isinstance(cell, _Num) or cell.fmt not in _PLACES or side is None:
        return cell
    first, scale = _PLACES[cell.fmt]
    places = value_places(cell.value, first, scale, side, t.goal)
    return cell if places == first else _Num(cell.value, f"{cell.fmt}.{places}")


def _goal_number(t: TargetResult, upper: bool) -> Value:
    """A target's threshold (a band's lower or upper edge), with the decimals the pages show it with
    beside the value (``format.goal_places``: where 64,0 % beside 64,0 % would hide a verdict)."""
    cell = _unit_number(_edge(t.target, upper), t.unit)
    places = goal_places(t)
    if not isinstance(cell, _Num) or cell.fmt not in _PLACES or places is None or places == _PLACES[cell.fmt][0]:
        return cell
    return _Num(cell.value, f"{cell.fmt}.{places}")


def _edge_number(edge: float | None, places: int) -> Value:
    """A municipality's band edge with the decimals the pages show it with (``format.band_edge_places``)."""
    if edge is None:
        return None
    return _Num(edge, "decimal" if places == _PLACES["decimal"][0] else f"decimal.{places}")


def _number_format(fmt: str) -> str:
    """The Excel number format of ``fmt``: one of ``_NUMBER_FORMATS``, or ``<fmt>.<places>`` (more
    decimals, ``_result_number``)."""
    if fmt in _NUMBER_FORMATS:
        return _NUMBER_FORMATS[fmt]
    base, places = fmt.split(".")
    digits = "0." + "0" * int(places)
    return {"share": f"{digits}%", "score": digits}.get(base, f"#,##{digits}")


def _expected_number(value: float | int | None, unit: str) -> Value:
    """An expectation by now: a count to one decimal when not whole (as the pages show it)."""
    if value is None:
        return None
    fmt = "decimal" if unit in ("count", "number") and not float(value).is_integer() else None
    return _unit_number(value, unit, fmt)


def _edge(value: float | list[float] | None, upper: bool) -> float | None:
    """A threshold or expectation's lower (or, for a band, upper) edge."""
    if isinstance(value, list):
        return value[1] if upper else value[0]
    return None if upper else value


# --- the targets sheet: a column is a header and the target's value in it -----------------------

Getter = Callable[[TargetResult], Value]


def _interval_level(report: Report) -> float | None:
    """The one confidence level of the report's intervals (None: they differ)."""
    levels = {t.interval.level for t in report.targets if t.interval is not None} or {LEVEL}
    return levels.pop() if len(levels) == 1 else None


def _target_columns(report: Report, lang: str) -> list[tuple[_Col, Getter]]:
    """The targets sheet's columns: the same every year, plus the pace columns while the year runs
    (an upper edge of an expectation only where a target has a band, a pace note only where one
    is), and a confidence-level column only where the intervals' levels differ."""
    da = lang == "da"
    yes, no = ("ja", "nej") if da else ("yes", "no")

    def bound(upper: bool) -> Getter:
        return lambda t: None if t.interval is None else _unit_number(
            t.interval.high if upper else t.interval.low, t.unit)

    level = _interval_level(report)
    ci = f" ({number(level, 0, lang, scale=100)} %)" if level is not None else ""
    cols: list[tuple[_Col, Getter]] = [
        (_Col("Id", "Id"), lambda t: t.id), (_Col("Mål", "Ref"), lambda t: t.ref),
        (_Col("Titel", "Title", cap=32), lambda t: title(t, lang)),
        (_Col("Enhed", "Unit"), lambda t: label(UNIT_TEXT, t.unit, lang)),
        (_Col("Værdi", "Value"), _result_number),
        (_Col("Sammenligning", "Comparison"), lambda t: label(COMPARISON_TEXT, t.comparison, lang)),
        (_Col("Målsætning", "Target"), lambda t: _goal_number(t, upper=False)),
        (_Col("Øvre målsætning", "Upper target"), lambda t: _goal_number(t, upper=True)),
        (_Col("Status", "Status", colours="status"), lambda t: bracketed(
            status_text(shown_status(t), lang), [PROVISIONAL_TEXT[lang]] if provisional(t, report.period.in_year)
            else [])),
    ]
    if report.period.in_year:
        cols += _pace_columns(report, lang)
    cols += [
        (_Col(f"Nedre grænse{ci}", f"Lower bound{ci}"), bound(False)),
        (_Col(f"Øvre grænse{ci}", f"Upper bound{ci}"), bound(True)),
    ]
    if level is None:
        cols.append((_Col("Konfidensniveau", "Confidence level", "share"),
                     lambda t: None if t.interval is None else t.interval.level))
    cols += [
        (_Col("Ikke signifikant", "Not significant"),
         lambda t: None if t.interval is None else (yes if t.uncertain else no)),
        (_Col("Svar", "Answers"), lambda t: t.n),
        (_Col("Tæller", "Numerator"), lambda t: t.numerator), (_Col("Nævner", "Denominator"), lambda t: t.denominator),
        (_Col("Regel", "Rule", cap=45), lambda t: t.explanation_en if lang == "en" else t.explanation),
        (_Col("Bemærkning", "Note", cap=32),
         lambda t: (t.reason_en if lang == "en" else t.reason) or _group_note(t, lang)),
    ]
    return cols


def _population_notes(report: Report, lang: str) -> dict[str, str]:
    """Under the Kommuner and Fordeling tables, what they rest on, in the municipality page's words: the
    population of its date (the spread's expectations, a population key), or the contract's own table."""
    from hubmonitor.days import date_text
    from hubmonitor.render.html.texts import text

    day = date_text(report.population_date, lang)
    spreads, keyed = population_basis(report)
    notes = {}
    if spreads:
        notes["municipalities"] = text("population_note_spread", lang).format(date=day)
    if any(t.kind == "allocation" and t.groups for t in report.targets):
        notes["allocation"] = (text("population_note_key", lang).format(date=day) if keyed
                               else text("allocation_table", lang))
        so_far = grant_so_far(report, lang, sentence=True)  # during the year: the kr. per company so far
        if so_far is not None:
            notes["allocation"] += f" {so_far}"
    return notes


def _group_note(t: TargetResult, lang: str) -> str | None:
    """Where the value is one group's (a share per segment: the lowest segment's), which (a KKR review:
    the growth segment's 78,6 % read as the hub's, the note cell empty)."""
    deciding = deciding_group_text(t, lang)
    if deciding is None:
        return None
    return f"værdien er én gruppes ({deciding})" if lang == "da" else f"the value is one group's ({deciding})"


def _pace_columns(report: Report, lang: str) -> list[tuple[_Col, Getter]]:
    banded = any(isinstance(t.prorated_target, list) or isinstance(t.expected_by_now, list)
                 for t in report.targets)

    def edge(field: str, upper: bool) -> Getter:
        return lambda t: _expected_number(_edge(getattr(t, field), upper), t.unit)

    def forecast(part: str) -> Getter:
        return lambda t: None if t.forecast is None else _unit_number(getattr(t.forecast, part), t.unit, "int")

    cols: list[tuple[_Col, Getter]] = [
        (_Col("Tempo efter", "Pace by"), lambda t: PACE_RULE_TEXT[lang].get(t.pace) if t.pace else None),
        (_Col("Forløbet af året", "Elapsed of the year", "share"), lambda t: t.elapsed_share),
        (_Col("Mål pro rata", "Pro-rated target"), edge("prorated_target", False)),
    ]
    if banded:
        cols.append((_Col("Øvre mål pro rata", "Upper pro-rated target"), edge("prorated_target", True)))
    cols.append((_Col("Forventet efter sæsonprofil", "Expected by the seasonal profile"),
                 edge("expected_by_now", False)))
    if banded:
        cols.append((_Col("Øvre forventet efter sæsonprofil", "Upper expected by the seasonal profile"),
                     edge("expected_by_now", True)))
    cols += [(_Col("Prognose ultimo", "Year-end forecast"), forecast("value")),
             (_Col("Prognose, laveste", "Forecast, lowest"), forecast("low")),
             (_Col("Prognose, højeste", "Forecast, highest"), forecast("high"))]
    if any(t.pace_note for t in report.targets):  # e.g. why the seasonal profile was not used
        cols.append((_Col("Tempo-note", "Pace note", cap=32),
                     lambda t: t.pace_note_en if lang == "en" else t.pace_note))
    return cols


def _escape_header(text: str) -> str:
    """Text for a page header or footer: '&' starts a code there, so it is doubled."""
    return text.replace("&", "&&")


def _lines(text: str, width: int) -> int:
    """How many lines ``text`` wraps to in a column ``width`` characters wide (word by word)."""
    lines, current = 1, 0
    for word in text.split():
        if current and current + 1 + len(word) > width:
            lines, current = lines + 1, len(word)
        else:
            current = current + 1 + len(word) if current else len(word)
    return lines


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
            "title": contract_title(report, lang), "subject": report.hub, "author": "hubmonitor",
            "created": datetime.combine(report.period.as_of, time()),
        })
        self.header = self.wb.add_format({"bold": True, "text_wrap": True, "valign": "top"})
        self.heading = self.wb.add_format({"bold": True, "font_size": 13})
        self.wrap = self.wb.add_format({"text_wrap": True, "valign": "top"})
        # text that a spreadsheet would run as a formula once edited (F2, Enter): Excel's quote prefix keeps
        # it text then too (a review: '=TODAY()' of the data was stored as text but not protected)
        self.quoted = {False: self.wb.add_format({"quote_prefix": True}),
                       True: self.wb.add_format({"quote_prefix": True, "text_wrap": True, "valign": "top"})}
        self.heading_quoted = self.wb.add_format({"bold": True, "font_size": 13, "quote_prefix": True})
        self.formats = {name: self.wb.add_format({"num_format": f}) for name, f in _NUMBER_FORMATS.items()}
        self.fills = {key: self.wb.add_format({"bg_color": bg, "font_color": ink})
                      for key, (bg, ink) in {**STATUS_FILL, **{f"band:{k}": v for k, v in BAND_FILL.items()}}.items()}

    def text(self, da: str | None, en: str | None) -> str | None:
        return en if self.lang == "en" else da

    # --- sheets -------------------------------------------------------------------------------

    def targets(self) -> None:
        r, lang = self.report, self.lang
        ws = self.sheet("targets")
        p = r.period
        heading = cell_text(contract_title(r, lang))
        ws.write_string(0, 0, heading, self.heading_quoted if looks_like_formula(heading) else self.heading)
        upto, ends = data_up_to(r, lang, self.written)  # evaluated to a day after the data end: both days said
        ws.write_string(1, 0, f"{r.hub} · {'periode' if lang == 'da' else 'period'} {self.written(p.start)} – "
                              f"{self.written(p.end)} · {upto}" + (f" ({ends})" if ends else ""))
        if p.in_year:
            ws.write_string(2, 0, (
                f"Året er ikke slut: status for tællemål er tempoet ved {self.written(p.as_of)} (på sporet / "
                "bagud); prognosen er for årets udgang. Andele, NPS og spredning er vurderet på data indtil da og er "
                "foreløbige; tal målt af andre står, som de er opgivet."
                if lang == "da" else
                f"The year is not over: a counting target's status is its pace at {self.written(p.as_of)} (on "
                "track / behind); the forecast is for the year end. Shares, NPS and spread are judged on the data so "
                "far and are provisional; figures measured by others stand as reported."))
        columns = _target_columns(r, lang)
        rows = [[get(t) for _, get in columns] for t in r.targets]
        self.table(ws, 3, "tblTargets", [c for c, _ in columns], rows)
        ws.freeze_panes(4, 1)
        ws.repeat_rows(3)

    def groups(self) -> None:
        lang, targets = self.lang, self.report.targets
        notes = _population_notes(self.report, lang)  # a KKR review: no sheet said which year's population
        segments: list[list[Value]] = []
        spread: list[list[Value]] = []
        allocation: list[list[Value]] = []
        grouped = [t for t in targets if t.kind not in ("municipal_spread", "allocation")]
        segments_name, segments_columns = ((None, _SEGMENTS) if by_segment(grouped)
                                           else (GROUPS_SHEET[lang], _GROUPS))
        for t in targets:
            for g in t.groups:
                if t.kind == "municipal_spread":
                    low, high = (_edge_number(edge, places) for edge, places in zip((g.low, g.high),
                                                                                   band_edge_places(g), strict=True))
                    spread.append([t.id, g.key, g.value, g.expected, low, high, status_text(g.status, lang),
                                   g.dialogue, g.population, g.population_share])
                elif t.kind == "allocation":
                    allocation.append([t.id, g.key, g.amount, g.share, g.population, g.population_share, g.guided,
                                       g.kr_per_guided])
                else:
                    segments.append([t.id, title(t, lang), group_name(t, g.key, lang), _result_number(t, g),
                                     status_text(g.status, lang), g.numerator, g.denominator])
        for key, shown, name, columns, rows in (
                ("segments", segments_name, "tblSegments", segments_columns, segments),
                ("municipalities", None, "tblMunicipalities", _MUNICIPALITIES, spread),
                ("allocation", None, "tblAllocation", _ALLOCATION, allocation)):
            ws = self.sheet(key, shown)
            # totals add up one target's groups: two targets' in one table would be counted together
            one_target = len({row[0] for row in rows}) == 1
            below = self.table(ws, 0, name, columns, rows, totals=one_target)
            self._empty_said(ws, below, rows)
            said = [notes[key]] if rows and key in notes else []  # what the expectations and the key rest on
            # "under" and Dialog "nej" while the year runs: why (a review)
            if rows and key == "municipalities" and (waiting := held_back_note(targets, lang)) is not None:
                said.append(waiting)
            for i, note in enumerate(said):
                ws.write_string(below + 1 + i, 0, note)
            ws.freeze_panes(1, 0)
            ws.repeat_rows(0)

    def quality(self) -> None:
        q, lang = self.report.data_quality, self.lang
        ws = self.sheet("quality")
        skipped = any(i.skipped for i in q.inputs)  # a column only where the profile left rows out
        inputs: list[list[Value]] = [
            [label(SOURCE_TEXT, i.source, lang), i.file, i.sheet, i.rows_read, i.rows_used, i.quarantined,
             i.duplicates, i.outside_period, i.undated, *([i.skipped or 0] if skipped else [])] for i in q.inputs]
        columns = (*_INPUTS, _SKIPPED) if skipped else _INPUTS
        row = self.table(ws, 0, "tblInputs", columns, inputs, totals=bool(inputs)) + 1
        ws.write_string(row, 0, self._sample_note())
        headings = export_headings(q)  # a column named as the export heads it
        findings: list[list[Value]] = [
            [f.code, label(SEVERITY_TEXT, f.severity, lang), f.file, f.sheet, f.row, shown_column(f, headings),
             shown_value(f), finding_message(f, lang)] for f in q.examples()]  # one of each code first
        self.table(ws, row + 1, "tblFindings", _FINDINGS, findings)
        ws.freeze_panes(row + 2, 0)
        ws.repeat_rows(row + 1)  # the findings are the long table: their header on every page

    def signals(self) -> None:
        """A row per integrity signal, in the report's order (counts and figures only)."""
        lang = self.lang
        rows: list[list[Value]] = []
        for s in self.report.signals:
            assessed = s.status != "not_assessed"
            rows.append([s.id, signal_title(s, lang), kind_text(s.kind, lang), signal_status_text(s.status, lang),
                         label(UNIT_TEXT, s.unit, lang), _unit_number(s.value if assessed else None, s.unit),
                         _unit_number(s.threshold, s.unit), _unit_number(s.baseline if assessed else None, s.unit),
                         s.evidence if assessed else None, signal_rule(s, lang),
                         signal_reason(s, lang) if not assessed else None])
        ws = self.sheet("signals")
        self._empty_said(ws, self.table(ws, 0, "tblSignals", _SIGNALS, rows), rows)
        ws.freeze_panes(1, 1)
        ws.repeat_rows(0)

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
        scope = quality_note(q.period, self.lang, self.written)
        return f"{scope} {note}" if scope else note

    def written(self, day: date) -> str:
        """A day as the sheets' sentences write it: "30. september 2025" ("30 September 2025")."""
        return date_text(day, self.lang)

    def sheet(self, key: str, shown: str | None = None) -> Any:
        """A new sheet set up for print: A4 landscape, one page wide, narrow margins, and the hub,
        the year and the page number in the header and footer. ``shown``: its name, where not
        ``SHEETS``' (the groups of a case log's teams)."""
        r, da = self.report, self.lang == "da"
        name = shown or SHEETS[self.lang][key]
        ws = self.wb.add_worksheet(name)
        ws.set_paper(9)  # A4
        ws.set_landscape()
        ws.fit_to_pages(1, 0)  # one page wide, as many pages long as it takes
        ws.set_margins(left=0.4, right=0.4, top=0.75, bottom=0.75)
        ws.center_horizontally()
        year = str(r.period.start.year) if r.period.start.year == r.period.end.year else \
            f"{self.written(r.period.start)} – {self.written(r.period.end)}"
        if r.period.in_year:
            year += f" · {'data til og med' if da else 'data up to'} {self.written(r.period.as_of)}"
        left = _escape_header(f"{r.hub} · {year}"[:_HEADER_TEXT])  # cut before escaping: no lone '&'
        ws.set_header(f"&L{left}&R{_escape_header(name)}")
        page = "Side &P af &N" if da else "Page &P of &N"
        ws.set_footer(f"&L{_escape_header(contract_title(r, self.lang)[:_HEADER_TEXT])}&R{page}")
        return ws

    # --- cells --------------------------------------------------------------------------------

    def _empty_said(self, ws: Any, below: int, rows: Sequence[Sequence[Value]]) -> None:
        """Every workbook has the same sheets and tables; an empty one says why it is empty."""
        if not rows:
            ws.write_string(below + 1, 0, _NO_ROWS[self.lang == "en"])

    def table(self, ws: Any, top: int, name: str, columns: Sequence[_Col], rows: Sequence[Sequence[Value]],
              totals: bool = False) -> int:
        """An Excel table with its header row at ``top`` and a totals row where ``totals``; returns
        the first row below it."""
        headers = [c.en if self.lang == "en" else c.da for c in columns]
        first, last = top + 1, top + max(len(rows), 1)  # Excel wants a data row, even an empty one
        widths = [0] * len(columns)
        for r, values in enumerate(rows, start=first):
            for c, (col, value) in enumerate(zip(columns, values, strict=True)):
                shown = self.cell(ws, r, c, value, col)
                widths[c] = max(widths[c], min(len(shown) + 2, col.cap))
        spec: dict[str, Any] = {"name": name, "style": _TABLE_STYLE, "columns": [
            {"header": h, "header_format": self.header} for h in headers]}
        if totals:
            spec["total_row"] = True
            for c, col in enumerate(columns):
                shown = self._total(spec["columns"][c], col, c, columns, rows, first, last)
                widths[c] = max(widths[c], len(shown) + 2)
        ws.add_table(top, 0, last + (1 if totals else 0), len(columns) - 1, spec)
        for c, h in enumerate(headers):
            # a long header wraps at its spaces: the column need only hold its longest word (and the
            # filter button); a short one stays on one line
            widths[c] = max(widths[c], max(len(w) for w in h.split()) + 3, min(len(h) + 4, _SHORT_HEADER))
            ws.set_column(c, c, widths[c])
        ws.set_row(top, _ROW_HEIGHT * max(_lines(h, w - 3) for h, w in zip(headers, widths, strict=True)))
        self.colour(ws, columns, first, last)
        return last + (2 if totals else 1)

    def _total(self, spec: dict[str, Any], col: _Col, c: int, columns: Sequence[_Col],
               rows: Sequence[Sequence[Value]], first: int, last: int) -> str:
        """One cell of the totals row: its formula (Excel computes it, following the filter) and the
        cached value a reader without recalculation sees; returns it about as shown."""
        lang = self.lang
        figures = [v for v in (row[c] for row in rows) if isinstance(v, int | float) and not isinstance(v, bool)]
        if col.total == "label":
            spec["total_string"] = _TOTAL_TEXT[lang]
            return _TOTAL_TEXT[lang]
        if col.total == "sum":
            spec.update(total_function="sum", total_value=sum(figures), format=self.formats[col.fmt])
            return self._shown(sum(figures), col.fmt)
        if col.total == "yes":
            letter = xl_col_to_name(c)
            count = sum(1 for row in rows if row[c] is True)
            spec.update(total_function=f'=COUNTIF({letter}{first + 1}:{letter}{last + 1},"{_YES[lang]}")',
                        total_value=count, format=self.formats["int"])
            return str(count)
        if col.total == "per_guided":
            # the hub's kr per guided company: all the amounts (thousand kr) over all the guided
            amount_c, guided_c = columns.index(_AMOUNT), columns.index(_GUIDED)
            amounts = sum(v for row in rows if isinstance(v := row[amount_c], int | float))
            guided = sum(v for row in rows if isinstance(v := row[guided_c], int | float))
            a, g = xl_col_to_name(amount_c), xl_col_to_name(guided_c)
            value = amounts * 1000 / guided if guided else 0
            spec.update(total_function=(f"=IF(SUBTOTAL(109,{g}{first + 1}:{g}{last + 1})=0,0,"
                                        f"SUBTOTAL(109,{a}{first + 1}:{a}{last + 1})*1000"
                                        f"/SUBTOTAL(109,{g}{first + 1}:{g}{last + 1}))"),
                        total_value=value, format=self.formats["int"])
            return self._shown(value, "int")
        return ""

    def colour(self, ws: Any, columns: Sequence[_Col], first: int, last: int) -> None:
        """Conditional formats on a status or band column: each status text its fill and ink."""
        for c, col in enumerate(columns):
            if col.colours is None:
                continue
            if col.colours == "signal":  # a signal's status in the fill its badge has on the pages (none plain)
                shown = {signal_status_text(k, self.lang): self.fills[css] for k, css in SIGNAL_STATUS_CSS.items()
                         if css in self.fills}
            else:
                keys = STATUS_FILL if col.colours == "status" else BAND_FILL
                shown = {status_text(k, self.lang): self.fills[k if col.colours == "status" else f"band:{k}"]
                         for k in keys}
            for text, fmt in shown.items():  # by the start: "opfyldt (foreløbig)" is coloured as "opfyldt"
                ws.conditional_format(first, c, last, c, {
                    "type": "text", "criteria": "begins with", "value": text, "format": fmt})

    def cell(self, ws: Any, row: int, col: int, value: Value, column: _Col) -> str:
        """Write one cell (text as a string, a figure as a number); returns it about as shown."""
        if value is None:
            return ""
        if isinstance(value, bool):
            value = value_text(value, "bool", self.lang)
        if isinstance(value, str):
            text = cell_text(value)
            wrapped = len(text) + 2 > column.cap
            ws.write_string(row, col, text, self.quoted[wrapped] if looks_like_formula(text) else
                            self.wrap if wrapped else None)
            return value
        fmt = column.fmt
        if isinstance(value, _Num):
            value, fmt = value
        if fmt not in self.formats:  # a value with more decimals than its unit's (``_result_number``)
            self.formats[fmt] = self.wb.add_format({"num_format": _number_format(fmt)})
        ws.write_number(row, col, value, self.formats[fmt])
        return self._shown(value, fmt)

    def _shown(self, value: float | int, fmt: str) -> str:
        base, _, more = fmt.partition(".")
        if base == "share":
            return percent(value, int(more or 1), self.lang).replace(" ", "")
        if base == "row":
            return str(value)
        return number(value, int(more) if more else 1 if base in ("decimal", "score") else 0, self.lang)

    def close(self) -> bytes:
        self.wb.close()
        return self.buffer.getvalue()

