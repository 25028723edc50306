"""The report as a plain-text table for the terminal. Receives a finished report; computes nothing."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence

from hubmonitor.profile.model import unread_note
from hubmonitor.render.format import (
    BASE_STATUSES,
    GRANT,
    GRANT_KINDS,
    PACE_RULE_TEXT,
    RULE_CHANGED_YEAR_TEXT,
    SEVERITY_TEXT,
    STATUS_ICON,
    UNCERTAIN_MEANING,
    UNCERTAIN_TEXT,
    Headings,
    bracketed,
    clipped,
    contract_title,
    data_up_to,
    dialogue_names,
    expected_now,
    expected_rule,
    expected_text,
    export_headings,
    held_back_note,
    interval_text,
    label,
    no_count_note,
    number,
    pace_parts,
    percent,
    place,
    quality_note,
    quality_scope,
    result_value_text,
    rule_changed,
    shown_column,
    shown_status,
    shown_statuses,
    status_counts,
    status_label,
    status_marks,
    status_text,
    target_text,
    title,
)
from hubmonitor.render.privacy import finding_message, is_masked_name
from hubmonitor.render.signals_text import signal_lines
from hubmonitor.report import DataQuality, Finding, Report, TargetResult, quarantined_rows

_HEAD = {
    "da": ("Id", "Mål", "Titel", "Værdi", "Målsætning", "Status"),
    "en": ("Id", "Ref", "Title", "Value", "Target", "Status"),
}
_TITLE_WIDTH = 48


def _table(rows: Sequence[Sequence[str]], right: set[int]) -> list[str]:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = []
    for n, row in enumerate(rows):
        cells = [c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in enumerate(zip(row, widths, strict=True))]
        lines.append("  ".join(cells).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return lines


# Fitting the table to a width (render(width=...)); the limits are in docs/decisions.md.
BLOCK_BELOW = 60  # narrower than this: one block per target, whatever fits
TITLE_MIN = 16  # the title column is never narrower; if it would be, the next layout is tried
_GAP = "  "
_NBSP = "\u00a0"  # joins what is never broken across lines (a reference: "Indsatsområde 1")
_COMPARED = ("≥", "≤", ">", "<", "=", "≠")


def _words_in(text: str, width: int, plain: bool = True) -> list[str]:
    """``text`` on lines of at most ``width`` characters, broken between words; a word longer than a
    line is cut with "…" (never a word cut elsewhere). ``plain``: the no-break spaces printed as spaces
    (not yet when the lines are wrapped again)."""
    lines: list[str] = []
    line = ""
    for word in text.split(" "):  # not at a no-break space (str.split() would)
        if not word:
            continue
        word = clipped(word, width)
        if line and len(line) + 1 + len(word) <= width:
            line += " " + word
        else:
            if line:
                lines.append(line)
            line = word
    lines = [*lines, line] if line else lines or [""]
    return [text.replace(_NBSP, " ") for text in lines] if plain else lines


def _wrapped(text: str, width: int, first: str, rest: str) -> list[str]:
    """``text`` wrapped to ``width`` columns: the first line after ``first``, the others after ``rest``."""
    room = max(width - len(rest), 10)
    head, *tail = _words_in(text, max(width - len(first), 10), plain=False)  # the tail wrapped again keeps them
    return [(first + head).replace(_NBSP, " "), *(rest + line for line in _words_in(" ".join(tail), room) if tail)]


def fit(lines: Sequence[str], width: int | None) -> list[str]:
    """Free-text ``lines`` (headings, data quality, unread files) fitted to ``width``: a longer line is
    wrapped between words under its own indent, continued two columns further in; a word longer
    than a line (a file name) is broken, never cut (None: unchanged). Never between a number and its
    percent sign ("95 %-forudsigelsesinterval" broke after "95")."""
    if width is None:
        return list(lines)
    fitted: list[str] = []
    for line in lines:
        indent = line[:len(line) - len(line.lstrip())]
        fitted += [part.replace(_NBSP, " ") for part in textwrap.wrap(
            line.replace(" %", _NBSP + "%"), max(width, len(indent) + 12), initial_indent="",
            subsequent_indent=indent + "  ", break_on_hyphens=False, drop_whitespace=True)] \
            if len(line) > width else [line]
    return fitted


def _heading(parts: Sequence[str], width: int | None) -> list[str]:
    """The heading's parts joined by " · " on one line, or one part a line where that line is too wide."""
    line = " · ".join(parts)
    return [line] if width is None or len(line) <= width else fit(list(parts), width)


def _cells(t: TargetResult, lang: str, with_interval: bool, in_year: bool = False) -> dict[str, str]:
    cells = {"id": t.id, "ref": t.ref, "title": title(t, lang), "value": result_value_text(t, lang, short=True),
             "target": _target_cell(t, lang), "status": _status_cell(t, lang, in_year)}
    # the target as a block writes it: a comparison as it is, a range "(mål 40,0 % – 60,0 %)", the grant
    # as what it is split over
    plain = cells["target"].startswith(_COMPARED) or t.kind in GRANT_KINDS
    cells["goal"] = cells["target"] if plain else f"({'mål' if lang == 'da' else 'target'} {cells['target']})"
    if with_interval:
        cells["interval"] = interval_text(t, lang)
    cells["grant"] = "grant" if t.kind in GRANT_KINDS else ""  # its status is what it is, not a verdict
    return cells


def _grid(head: Sequence[str], keys: Sequence[str], rows: Sequence[dict[str, str]],
          width: int) -> list[str] | None:
    """The table with the title column shrunk to fit ``width`` and each title wrapped onto
    continuation lines; None when the title column would be narrower than ``TITLE_MIN``."""
    others = [max(len(h), *(len(r[k]) for r in rows)) for h, k in zip(head, keys, strict=True) if k != "title"]
    longest = max(len(head[keys.index("title")]), *(len(r["title"]) for r in rows))
    room = width - sum(others) - len(_GAP) * (len(keys) - 1)
    if room < TITLE_MIN:
        return None
    narrow = min(longest, room)
    widths = [narrow if k == "title" else max(len(h), *(len(r[k]) for r in rows)) for h, k in zip(head, keys,
                                                                                                    strict=True)]
    right = {keys.index("value")}
    lines = [_GAP.join(h.ljust(w) for h, w in zip(head, widths, strict=True)).rstrip(),
             _GAP.join("-" * w for w in widths)]
    for r in rows:
        wrapped = _words_in(r["title"], narrow)
        for n, part in enumerate(wrapped):
            cells = [part if k == "title" else "" if n else r[k] for k in keys]
            lines.append(_GAP.join(c.rjust(w) if i in right else c.ljust(w)
                                   for i, (c, w) in enumerate(zip(cells, widths, strict=True))).rstrip())
    return lines


def _blocks(rows: Sequence[dict[str, str]], lang: str, width: int) -> list[str]:
    """One block per target: the id, title and reference, then the figures on an indented line."""
    lines: list[str] = []
    for r in rows:
        lines += _wrapped(f"{r['id']} — {r['title']} ({r['ref'].replace(' ', _NBSP)})", width, "", "    ")
        interval = r.get("interval")
        shown = f" ({'95 %-interval' if lang == 'da' else '95 % interval'} {interval})" if interval else ""
        # the grant's status word names it first ("Bevilling: 18.593 t.kr. fordelt på 11 kommuner"), not after
        # its sentence as a verdict ("… fordelt på 11 kommuner bevilling"; a review)
        figures = (f"{r['status'][:1].upper()}{r['status'][1:]}: {r['value']} {r['goal']}" if r.get("grant")
                   else f"{r['value']}{shown} {r['goal']} {r['status']}")
        lines += _wrapped(figures, width, "  ", "    ")
    return lines


def _targets(report: Report, lang: str, width: int | None) -> list[str]:
    """The targets: today's full table (no width), else the widest layout that fits ``width``: the
    table with wrapped titles, then without the reference column (the reference before the title),
    then one block per target."""
    with_interval = any(t.interval is not None for t in report.targets)
    head = list(_HEAD[lang])
    keys = ["id", "ref", "title", "value", "target", "status"]
    if with_interval:
        head.insert(4, "95 %-interval" if lang == "da" else "95 % interval")
        keys.insert(4, "interval")
    cells = [_cells(t, lang, with_interval, report.period.in_year) for t in report.targets]
    if width is None:
        rows = [head, *([clipped(c["title"], _TITLE_WIDTH) if k == "title" else c[k] for k in keys] for c in cells)]
        return _table(rows, right={3})
    if not cells or width < BLOCK_BELOW:
        return _blocks(cells, lang, width)
    grid = _grid(head, keys, cells, width)
    if grid is None:  # the reference joins the title
        joined = [{**c, "title": f"{c['ref'].replace(' ', _NBSP)}: {c['title']}"} for c in cells]
        at = keys.index("ref")
        grid = _grid(head[:at] + head[at + 1:], keys[:at] + keys[at + 1:], joined, width)
    return grid if grid is not None else _blocks(cells, lang, width)


def _target_cell(t: TargetResult, lang: str) -> str:
    """The target, and during the year the value expected by now that decided on_track / behind."""
    text = target_text(t, lang)
    by_now = expected_now(t)
    if by_now is None:
        return text
    # "forventet nu", as the pace block below says it: "(nu 5.497,4)" read as the value now (a review); and by
    # which rule, the one that decided: pro rata or the seasonal profile ("forventet nu" meant either, a review)
    words = "forventet nu" if lang == "da" else "expected now"
    rule = PACE_RULE_TEXT[lang][expected_rule(t) or "prorata"]
    return f"{text} ({words} {expected_text(by_now, t.unit, lang, beside=t)}, {rule})"


def _status_cell(t: TargetResult, lang: str, in_year: bool = False) -> str:
    """The status with its icon, and in brackets whether it is provisional (a verdict on the year so
    far) and uncertain (the interval holds the target): "✘ ikke opfyldt (foreløbig, usikker)"."""
    return bracketed(status_label(shown_status(t), lang), status_marks(t, lang, in_year))


def _pace_lines(report: Report, lang: str, width: int | None = None) -> list[str]:
    """For counting targets during the year: the value against the expectation by now, the
    seasonal expectation and the forecast, each with how it was found."""
    paced = [t for t in report.targets if t.pace is not None]
    if not paced:
        return []
    da = lang == "da"
    p = report.period
    days, total = (p.as_of - p.start).days + 1, (p.end - p.start).days + 1
    share = percent(days / total, 1, lang)
    lines = ["", (f"Tempo pr. {p.as_of} ({days} af {total} dage = {share} af året):" if da else
                  f"Pace as of {p.as_of} ({days} of {total} days = {share} of the year):")]
    for t in paced:
        parts = pace_parts(t, lang)
        note = t.pace_note if da else t.pace_note_en
        if width is None:  # the full layout: the parts on one line
            lines.append(f"  {STATUS_ICON.get(t.status, ' ')} {t.id}: " + " · ".join(parts))
            lines += [f"      {note}"] if note else []
            continue
        lines.append(f"  {STATUS_ICON.get(t.status, ' ')} {t.id}:")
        for part in [*parts, *([note] if note else [])]:  # one part a line, wrapped under itself
            lines += _wrapped(part, width, "      ", "        ")
    return lines


def _not_over(in_year: bool, lang: str, ends: str | None = None) -> str:
    """After the data date of a year evaluated before its end: that the year is not over (and
    ``ends``: where the data end before that date, ``data_up_to``)."""
    more = f"; {ends}" if ends else ""
    return ("" if not in_year else f" (året er ikke slut{more})" if lang == "da" else f" (the year is not over{more})")


def _data_up_to(report: Report, lang: str) -> str:
    """"data til og med 2025-09-30 (året er ikke slut)"; evaluated to a day after the data end:
    "opgjort til og med 2025-12-06 (året er ikke slut; data slutter 2025-09-30)"."""
    upto, ends = data_up_to(report, lang)
    if ends is not None and not report.period.in_year:  # a finished year whose data end early: said beside it
        return f"{upto} ({ends})"
    return upto + _not_over(report.period.in_year, lang, ends)


def render(report: Report, lang: str = "da", width: int | None = None) -> str:
    """The report for the terminal; ``width`` the columns to fit (None: no limit, the full layout)."""
    da = lang == "da"
    p = report.period
    parts = [report.hub, f"periode {p.start} – {p.end}" if da else f"period {p.start} – {p.end}",
             _data_up_to(report, lang)]
    # the contract's title, the period
    lines = [*fit([contract_title(report, lang)], width), *_heading(parts, width), ""]
    lines += _targets(report, lang, width)
    counts = status_counts(report.targets)
    parts = [f"{counts[s]} {status_text(s, lang)}" for s in shown_statuses(counts)]
    uncertain = sum(t.uncertain for t in report.targets)
    if uncertain:
        parts.append(f"{uncertain} " + ("usikre" if da and uncertain > 1 else UNCERTAIN_TEXT[lang]))
    lines += ["", *fit([", ".join(parts)], width)]  # (it ran past a terminal narrower than 59 columns)
    notes = [f"  ({UNCERTAIN_TEXT[lang]}): {UNCERTAIN_MEANING[lang]}"] if uncertain else []
    missing = [t for t in report.targets if t.status == "insufficient_data" and t.reason]
    notes += [f"  ? {t.id}: {t.reason if da else t.reason_en}" for t in missing]
    dialogue = dialogue_names(report)
    waiting = held_back_note(report.targets, lang)  # below by less than one company while the year runs
    if dialogue:
        below = (("Kommuner, der ligger mindst én virksomhed under båndet" if da else
                  "Municipalities that are at least one company below the band") if waiting else
                 "Kommuner under båndet" if da else "Municipalities below the band")
        notes.append(f"{below} ({'inviteres til dialog' if da else 'invite to dialogue'}): " + ", ".join(dialogue))
    if waiting is not None:
        notes.append(waiting)
    narrow = no_count_note(report.targets, lang)  # also of one above such a band: the target may be out of reach
    if narrow is not None:
        notes.append(narrow)
    for note in notes:  # with a width: wrapped under themselves
        indent = note[:len(note) - len(note.lstrip())]
        lines += [note.replace(_NBSP, " ")] if width is None else _wrapped(note.lstrip(), width, indent, "      ")
    lines += _pace_lines(report, lang, width)
    lines += signal_lines(report.signals, lang, width)  # none: no lines
    lines += ["", *fit(quality_lines(report.data_quality, lang), width)]
    lines += fit(unread_lines(report.unread_files, lang), width)
    return "\n".join(lines) + "\n"


UNREAD_SHOWN = 20  # unread files named in the terminal, at most (the JSON has them all)


def unread_lines(files: Sequence[str], lang: str = "da", folder: str | None = None) -> list[str]:
    """The files and folders in the data folder that no source reads, one a line (none: no lines);
    ``folder`` names the data folder (when several are shown)."""
    if not files:
        return []
    da = lang == "da"
    where = f" {folder}" if folder else ""
    lines = [(f"Filer i datamappen{where}, som ingen kilde læser (de indgår ikke i noget tal):" if da else
              f"Files in the data folder{where} that no source reads (they are in no figure):")]
    for name in files[:UNREAD_SHOWN]:  # a file that looks like data says why it is not read
        note = unread_note(name)
        if is_masked_name(name):  # a report's list: a name that may be a company's is masked
            note = ("navnet vises ikke: kan være virksomhedsdata; hubmonitor check-data viser det",
                    "name not shown: may be company data; hubmonitor check-data shows it")
        lines.append(f"  {name}  ({note[0] if da else note[1]})" if note else f"  {name}")
    if len(files) > UNREAD_SHOWN:
        more = len(files) - UNREAD_SHOWN
        lines.append(f"  … og {more} flere" if da else f"  … and {more} more")
    return lines


def absent_lines(absent: Mapping[str, Mapping[str, Sequence[str]]], lang: str = "da") -> list[str]:
    """The columns the export does not have, per source: ``{source: {column: files}}`` with no files
    when no file has it (none: no lines)."""
    if not any(absent.values()):
        return []
    da = lang == "da"
    lines = ["Kolonner som eksporten ikke har (de mål der læser dem, siger 'mangler data'):" if da else
             "Columns the export does not have (the targets that read them say 'insufficient data'):"]
    for source, columns in absent.items():
        if not columns:
            continue
        parts = [name if not files else f"{name} ({'mangler kun i' if da else 'missing only in'} {', '.join(files)})"
                 for name, files in columns.items()]
        lines.append(f"  {source}: {', '.join(parts)}")
    return lines


def quality_lines(q: DataQuality, lang: str = "da") -> list[str]:
    da = lang == "da"
    scope = f" {quality_scope(q.period, lang)}" if q.period is not None else ""  # check-data: the whole folder
    lines = [("Datakvalitet" if da else "Data quality") + f"{scope}: {number(q.rows_read, 0, lang)} "
             + ("rækker læst, " if da else "rows read, ") + f"{number(q.rows_used, 0, lang)} "
             + ("brugt" if da else "used")]
    # which rows a year's lines count, as the pages say it (a review: a month's file "425 =" of its 426 rows,
    # one dated in the year before, and no word of why)
    note = quality_note(q.period, lang)
    if note is not None:
        lines.append(f"  {note}")
    for i in q.inputs:
        lines.append(
            f"  {place(i.file, i.sheet)}: {number(i.rows_read, 0, lang)} = {number(i.rows_used, 0, lang)} "
            + ("brugt" if da else "used") + f" + {number(i.quarantined, 0, lang)} "
            + ("i karantæne" if da else "quarantined")
            + (f" ({'heraf' if da else 'of which'} {number(i.undated, 0, lang)} "
               + ("uden læsbar dato)" if da else "without a readable date)") if i.undated else "")
            + f" + {number(i.duplicates, 0, lang)} "
            + ("dubletter" if da else "duplicates") + f" + {number(i.outside_period, 0, lang)} "
            + ("uden for perioden" if da else "outside the period")
            + (f"; {number(i.skipped, 0, lang)} " + (("række" if i.skipped == 1 else "rækker") + " udeladt efter "
                                                     "profilen (skip_rows, ikke læst)" if da else
                                                     ("row" if i.skipped == 1 else "rows") + " left out by the "
                                                     "profile (skip_rows, not read)")
               if i.skipped else "")
        )
    for s in q.summary:
        lines.append(f"  {s.code} ({label(SEVERITY_TEXT, s.severity, lang)}): {number(s.count, 0, lang)}")
    # examples where each finding is: the quarantined rows, then the warnings and the export's columns
    # that map to nothing (one of each code first). Values that may be company data are masked here
    # too: terminal output is pasted into mails; `check-data --csv` has them.
    headings = export_headings(q)  # a column named as the export heads it
    for severity in ("quarantine", "warning", "info"):
        examples = q.examples(severity)
        for f in examples[:TERMINAL_EXAMPLES]:
            lines.append(f"    {finding_place(f, headings)}: {finding_message(f, lang)}")
        if len(examples) > TERMINAL_EXAMPLES:  # said, not hidden (a review: this week's rows sat behind 2021's)
            left = len(examples) - TERMINAL_EXAMPLES
            more, kind = number(left, 0, lang), label(SEVERITY_TEXT, severity, lang)
            lines.append(f"    … {more} {'eksempel' if left == 1 else 'eksempler'} mere ({kind}) i --json" if da else
                         f"    … {more} more {'example' if left == 1 else 'examples'} ({kind}) in --json")
    return lines


TERMINAL_EXAMPLES = 10  # findings of each severity the terminal lists; the results (--json) hold the sample


def finding_place(f: Finding, headings: Headings | None = None) -> str:
    """Where a finding is: ``file[:row] [column]`` (``crm.csv:3 Kommune``, the column as the file heads it
    where ``headings`` has it; a finding of a whole row, such as ``ragged-row``, or of a whole file names
    no column)."""
    where = f"{place(f.file, f.sheet)}:{f.row}" if f.row else place(f.file, f.sheet)
    column = shown_column(f, headings or {})
    return f"{where} {column}" if column else where


def scoreboard(reports: Sequence[Report], lang: str = "da") -> str:
    """One line per hub-year: how many targets have each status (pace columns only mid-year)."""
    da = lang == "da"
    statuses = list(BASE_STATUSES)
    statuses += [s for s in ("on_track", "behind") if any(t.status == s for r in reports for t in r.targets)]
    header = ["Erhvervshus" if da else "Hub", "År" if da else "Year",
              *(status_text(s, lang).capitalize() for s in statuses), "Karantæne" if da else "Quarantined"]
    body = []
    for report in reports:
        counts = status_counts(report.targets)
        body.append([report.erhvervshus, str(report.period.start.year),
                     *(number(counts[s], lang=lang) for s in statuses),
                     number(report.data_quality.quarantined_rows, lang=lang)])
    return "\n".join(_table([header, *body], right=set(range(1, len(header))))) + "\n"


def _by_target(rows: Sequence[Sequence[str]], width: int) -> list[str]:
    """The years table as one block per target (``history`` when the table is wider than ``width``)."""
    years = rows[0][1:]
    lines: list[str] = []
    for row in rows[1:]:
        lines.append(row[0])
        for year, cell in zip(years, row[1:], strict=True):
            if cell:
                lines += _wrapped(f"{year}: {cell}", width, "  ", "        ")
    return lines


def history(reports: Sequence[Report], lang: str = "da", width: int | None = None) -> str:
    """Several contract years of one hub (evaluate --years): every target's value, target and
    status per year ("– ikke i kontrakten" where a year's contract lacks the target), then each year's counts.
    ``width``: the columns to fit (a wider table becomes one block per target; None: no limit)."""
    da = lang == "da"
    if not reports:
        return ""
    years = [str(r.period.start.year) for r in reports]
    ids: list[str] = []
    for r in reports:
        ids += [t.id for t in r.targets if t.id not in ids]
    rows: list[list[str]] = [["Id", *years]]
    for tid in ids:
        row = [tid]
        before: TargetResult | None = None
        for r in reports:
            t = r.find(tid)
            if t is None:  # said, not left blank (a KL review: the listing by target left the year out)
                row.append(f"– {'ikke i kontrakten' if da else 'not in the contract'}")
                before = None
                continue
            # as the single year's table says it: provisional during the year, uncertain, another rule (a review);
            # and, as the pages over the years say it, a rule that counts otherwise than the year before's (a KL
            # review: the terminal's years said nothing of it)
            marks = status_marks(t, lang, r.period.in_year)
            marks += [RULE_CHANGED_YEAR_TEXT[lang]] if rule_changed(t, before) else []
            before = t
            mark = f" ({', '.join(marks)})" if marks else ""
            figures = f"{result_value_text(t, lang, short=True)} {target_text(t, lang)}"
            if t.kind in GRANT_KINDS:  # named first, as the single year's block names it
                grant = status_text(GRANT, lang)
                row.append(f"{grant[:1].upper()}{grant[1:]}: {figures.rstrip()}{mark}")
                continue
            row.append(f"{figures} {STATUS_ICON.get(shown_status(t), status_text(GRANT, lang))}{mark}")
        rows.append(row)
    span = f"{years[0]}–{years[-1]}" if len(years) > 1 else years[0]
    # the years whose data do not cover them: running, or finished with data that end early
    running = [f"{r.period.start.year}: " + _data_up_to(r, lang) for r in reports
               if r.period.in_year or r.data_end() is not None]
    table = _table(rows, right=set())
    if width is not None and max(len(line) for line in table) > width:
        table = _by_target(rows, width)
    lines = [*_heading([f"{reports[0].hub}: {span}", *running], width), "", *table, ""]
    for year, r in zip(years, reports, strict=True):
        counted = status_counts(r.targets)  # a running year's on track / behind too
        lines.append(f"{year}: " + ", ".join(f"{counted[s]} {status_text(s, lang)}" for s in shown_statuses(counted)))
    quarantined = number(quarantined_rows(reports), 0, lang)
    lines += fit([f"{'Rækker i karantæne' if da else 'Rows quarantined'}: {quarantined} "
                  + ("(hubmonitor check-data viser dem)" if da else "(hubmonitor check-data lists them)")], width)
    unread = {r.data_dir: r.unread_files for r in reports}  # once per data folder
    for folder, files in unread.items():
        lines += fit(unread_lines(files, lang, folder if len(unread) > 1 else None), width)
    legend = "  ".join(f"{STATUS_ICON[s]} {status_text(s, lang)}"
                       for s in shown_statuses(status_counts(t for r in reports for t in r.targets)))
    lines += ["", legend]
    return "\n".join(lines) + "\n"
