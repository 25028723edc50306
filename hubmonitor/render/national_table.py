"""The national comparison as a table, shared by the national page and its CSV download: the
hubs ranked (share of the national targets met out of those judged, then the number met, then
the hub's name), the national targets as columns with the threshold each hub is held to, and
the CSV file (``national-<year>.csv``) written beside the page. Every number comes from the
reports (the results JSON). Decisions: docs/decisions.md."""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Sequence
from datetime import date, datetime, time
from typing import Any, NamedTuple

import xlsxwriter  # type: ignore[import-untyped]

from hubmonitor.numbers import rounded
from hubmonitor.render.format import (
    bracketed,
    clipped,
    shown_places,
    status_marks,
    status_text,
    target_text,
    title,
)
from hubmonitor.render.html import figures
from hubmonitor.render.workbook import STATUS_FILL, cell_text
from hubmonitor.report import Report, TargetResult
from hubmonitor.spreadsheet import text_cell

# Danish alphabetical order for the letters that Unicode puts elsewhere: æ, ø, å after z.
_DANISH = str.maketrans({"æ": "{", "ø": "|", "å": "}"})

CSV_TEXTS: dict[str, dict[str, str]] = {
    "da": {"rank": "Rang", "hub": "Erhvervshus", "met": "Opfyldt", "judged": "Kan vurderes",
           "on_track": "På sporet", "behind": "Bagud", "missing": "Mangler data", "value": "værdi",
           "target": "mål", "status": "status", "yes": "ja", "no": "nej", "data_date": "Data til og med",
           "in_year": "Opgjort før årets udgang", "removed": "ikke i husets kontrakt"},
    "en": {"rank": "Rank", "hub": "Business hub", "met": "Met", "judged": "Can be judged",
           "on_track": "On track", "behind": "Behind", "missing": "Missing data", "value": "value",
           "target": "target", "status": "status", "yes": "yes", "no": "no", "data_date": "Data up to",
           "in_year": "Evaluated before the year's end", "removed": "not in the hub's contract"},
}


def name_key(hub: str) -> str:
    """A hub's name for sorting as a Danish reader would (æ, ø, å last), case-insensitive."""
    return hub.casefold().translate(_DANISH)


def counts(r: Report, target_ids: Sequence[str]) -> Counter[str]:
    """The report's national targets by status (a target its contract lacks is not counted)."""
    by_id = {t.id: t for t in r.targets}
    return Counter(by_id[tid].status for tid in target_ids if tid in by_id)


def rank_key(r: Report, target_ids: Sequence[str]) -> tuple[int, float, int, str, str]:
    """Share met of those judged (met or not met) descending, a hub with none judged last; then
    more targets met first; then the hub's name."""
    c = counts(r, target_ids)
    judged = c["met"] + c["not_met"]
    share = c["met"] / judged if judged else 0.0
    return (0 if judged else 1, -share, -c["met"], name_key(r.hub), r.erhvervshus)


def ranked(reports: Sequence[Report]) -> list[Report]:
    """The reports in the national comparison's default order (``rank_key``)."""
    return [r for _, r in ranks(reports)]


def ranks(reports: Sequence[Report]) -> list[tuple[int, Report]]:
    """The reports in the default order (``rank_key``), each with its rank: competition ranking ("1, 2,
    2, 4"), hubs with the same share met and the same number met sharing the rank and the next rank
    skipping (a review found two hubs at 10 / 13 ranked 2 and 3 by the alphabet). The name orders the
    rows only."""
    ids = [tid for tid, _ in figures.national_targets(reports)]
    keyed = sorted(((rank_key(r, ids), r) for r in reports), key=lambda pair: pair[0])
    out: list[tuple[int, Report]] = []
    previous: tuple[int, float, int] | None = None
    for n, (key, r) in enumerate(keyed, 1):
        out.append((out[-1][0] if key[:3] == previous else n, r))
        previous = key[:3]
    return out


def column_threshold(reports: Sequence[Report], tid: str, lang: str) -> str | None:
    """The threshold shared by every hub with the target ('≥ 50,0 %'), or None when they differ."""
    texts = {target_text(t, lang) for r in reports for t in r.targets if t.id == tid}
    return texts.pop() if len(texts) == 1 else None


# --- CSV ------------------------------------------------------------------------------------

class Shown(NamedTuple):
    """A figure as the page shows it: its number, rounded, and how many decimals it is shown with."""

    value: float
    places: int


def _number(value: float | int | Shown, decimal: str) -> str:
    """A plain decimal: no thousands separator, ``decimal`` as the decimal mark, no exponent; a figure
    with the decimals the page shows it with (55,0 as the page's 55,0 %)."""
    if isinstance(value, Shown):
        text = f"{value.value:.{value.places}f}"
    else:
        text = f"{value:.6f}".rstrip("0").rstrip(".") if isinstance(value, float) else str(value)
    if text.lstrip("-").strip("0.") == "":
        text = text.lstrip("-") or "0"  # no "-0"
    return text.replace(".", decimal)


Cell = str | float | int | Shown | date | None


def _value(t: TargetResult, lang: str) -> Cell:
    """A figure in the unit people read and as the page shows it (shares as percentages, rounded to
    the decimals the page shows beside the goal: 79,7, never 79,75 where the page says 79,7 %); a
    milestone as ja/nej; None for no value (an empty cell)."""
    value = t.value
    if value is None:
        return None
    if isinstance(value, bool):
        return CSV_TEXTS[lang]["yes" if value else "no"]
    if isinstance(value, int | float):
        places, scale = shown_places(t)
        return Shown(rounded(value, places, scale), places)
    return None


def _target(t: TargetResult, lang: str) -> str:
    """The threshold as on the page ('≥ 50,0 %'); an equality without its '=' ('ja'), which a
    spreadsheet would otherwise read as a formula."""
    text = target_text(t, lang)
    return text.removeprefix("= ") if t.comparison == "==" else text


FIRST_TARGET = 9  # the columns before the targets': rank, hub, the five counts, data date, evaluated early
HEADING_TITLE = 120  # characters of a target's title in a column heading of the national table


def table_rows(reports: Sequence[Report], lang: str) -> tuple[list[str], list[list[Cell]]]:
    """The table's header and rows (ranked; tied hubs share the rank, ``ranks``), as the CSV and the
    workbook have them: per national target three columns (value, the hub's threshold, status); counts
    and values as numbers. The column after the data date says whether the hub-year was evaluated before
    the year's end (``period.in_year``), which stays true once the year has ended."""
    words = CSV_TEXTS[lang]
    targets = figures.national_targets(reports)
    ids = [tid for tid, _ in targets]
    header = [words["rank"], words["hub"], words["met"], words["judged"], words["on_track"], words["behind"],
              words["missing"], words["data_date"], words["in_year"]]
    for tid, t in targets:
        unit = figures.suffix(t.unit, lang).strip()
        # a heading names the target briefly: a title pasted with its annex would crowd out the id and the
        # value/target/status word that tell the three columns apart
        name = f"{clipped(title(t, lang), HEADING_TITLE)} [{tid}]"
        header += [f"{name} {words['value']}" + (f" ({unit})" if unit else ""), f"{name} {words['target']}",
                   f"{name} {words['status']}"]
    rows: list[list[Cell]] = []
    for rank, r in ranks(reports):
        c = counts(r, ids)
        # each hub's own data date (ISO): a hub whose data end earlier is not compared like with like
        ends = r.data_end() or r.period.as_of
        row: list[Cell] = [rank, r.hub, c["met"], c["met"] + c["not_met"], c["on_track"], c["behind"],
                           c["insufficient_data"], ends, words["yes" if r.period.in_year else "no"]]
        assert len(row) == FIRST_TARGET
        by_id = {t.id: t for t in r.targets}
        for tid in ids:
            res = by_id.get(tid)
            # an uncertain result says so beside its status, as the hub's report and history do
            status = None if res is None else bracketed(status_text(res.status, lang),
                                                        status_marks(res, lang, r.period.in_year))
            # a national target the hub's contract does not hold is said so in its status, not left blank
            row += ([None, None, words["removed"]] if res is None
                    else [_value(res, lang), _target(res, lang), status])
        rows.append(row)
    return header, rows


def national_csv(reports: Sequence[Report], lang: str) -> bytes:
    """The national comparison as CSV: UTF-8 with BOM and CRLF line ends; in Danish ';' between
    fields and ',' as the decimal mark (as Danish Excel opens it by a double click), in English
    ',' and '.'. Numbers are plain decimals without thousands separators; texts are quoted where
    needed and a text that a spreadsheet would read as a formula starts with an apostrophe."""
    sep, decimal = (";", ",") if lang == "da" else (",", ".")
    header, rows = table_rows(reports, lang)

    def field(v: Cell) -> str:
        if v is None:
            return ""
        if isinstance(v, date):
            return v.isoformat()
        return text_cell(v, sep, shown_numbers=True) if isinstance(v, str) else _number(v, decimal)

    lines = [sep.join(field(h) for h in header)]
    lines += [sep.join(field(v) for v in row) for row in rows]
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8")


# --- Excel ----------------------------------------------------------------------------------

SHEET = {"da": "Nationale mål", "en": "National targets"}


def national_xlsx(reports: Sequence[Report], lang: str) -> bytes:
    """The same table as an Excel workbook: one sheet, the header frozen with the hub column,
    filter buttons, statuses coloured by conditional formatting (the pages' colours), values as
    numbers, printed landscape on A4 one page wide with the header repeated. The only date in
    the file is the latest data date, so the same reports give the same bytes."""
    header, rows = table_rows(reports, lang)
    buffer = io.BytesIO()
    wb = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
                                      "strings_to_numbers": False})
    as_of = max((r.period.as_of for r in reports), default=None)
    wb.set_properties({"title": SHEET[lang], "author": "hubmonitor",
                       **({"created": datetime.combine(as_of, time())} if as_of is not None else {})})
    bold = wb.add_format({"bold": True, "text_wrap": True, "valign": "top"})
    decimals: dict[int, Any] = {}  # a format per number of decimals: a figure shows as on the page
    day = wb.add_format({"num_format": "yyyy-mm-dd"})  # as the CSV writes it

    def number(places: int) -> Any:
        if places not in decimals:
            decimals[places] = wb.add_format({"num_format": "0." + "0" * places if places else "0"})
        return decimals[places]

    ws = wb.add_worksheet(SHEET[lang])
    ws.write_row(0, 0, header, bold)
    for n, row in enumerate(rows, 1):
        for c, v in enumerate(row):
            if isinstance(v, str):
                ws.write_string(n, c, cell_text(v))
            elif isinstance(v, date):  # a date cell Excel sorts and filters as one (a KL review: it was text)
                ws.write_datetime(n, c, datetime.combine(v, time()), day)
            elif isinstance(v, Shown):
                ws.write_number(n, c, v.value, number(v.places))
            elif isinstance(v, int | float):
                ws.write_number(n, c, v)
    ws.set_column(0, 0, 6)
    ws.set_column(1, 1, 24)
    ws.set_column(2, len(header) - 1, 12)
    ws.set_row(0, 60)
    ws.freeze_panes(1, 2)
    ws.autofilter(0, 0, max(len(rows), 1), len(header) - 1)
    for c in range(FIRST_TARGET + 2, len(header), 3):  # the status columns
        for status, (bg, ink) in STATUS_FILL.items():
            ws.conditional_format(1, c, max(len(rows), 1), c, {  # "opfyldt (usikker)" is coloured as "opfyldt"
                "type": "text", "criteria": "begins with", "value": status_text(status, lang),
                "format": wb.add_format({"bg_color": bg, "font_color": ink})})
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(0)
    wb.close()
    return buffer.getvalue()
