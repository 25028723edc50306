"""Integrity signals in words (issue 21), shared by the terminal, the pages and the workbook: the
statuses with their icons, the kinds' names, a signal's value and threshold in its unit, and the
signal lines of the terminal report.

A signal is a pattern in the year's data that a reviewer should ask about: a question, not a
conclusion. The words are neutral on purpose ("bør undersøges", "to be looked into"), every status
has an icon beside its word (never colour alone), and only aggregates are shown: the companies
behind a signal are in the hub's internal CSV (``check-data --signals-csv``), never here.
Choices and limits: docs/decisions.md, issue 21 on the pages.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from hubmonitor.numbers import rounded
from hubmonitor.render.format import number, percent, title
from hubmonitor.report import SignalResult

SIGNAL_STATUS_TEXT = {
    "da": {"no_remark": "ingen bemærkning", "investigate": "bør undersøges", "not_assessed": "kan ikke vurderes"},
    "en": {"no_remark": "no remark", "investigate": "to be looked into", "not_assessed": "cannot be assessed"},
}
# An icon per status, so a status never rests on colour: a flag marks a place to look, a dash
# "nothing to remark", a question mark what the data cannot tell (as "mangler data" elsewhere).
SIGNAL_STATUS_ICON = {"investigate": "⚑", "no_remark": "–", "not_assessed": "?"}
# The existing badge colours each status borrows on the pages (no new CSS): the orange of "behind"
# for a question to ask, the neutral white of the grant for no remark, the grey of missing data.
SIGNAL_STATUS_CSS = {"investigate": "behind", "no_remark": "grant", "not_assessed": "insufficient_data"}
SIGNAL_STATUS_ORDER = ("investigate", "not_assessed", "no_remark")

KIND_TEXT = {
    "da": {"burst": "Ophobning ved periodens slutning", "bulk": "Registreringer i bundter",
           "late": "Sen registrering", "lookalike": "Virksomheder der ligner hinanden",
           "jump": "Pludselig ændring"},
    "en": {"burst": "End-of-period burst", "bulk": "Registrations in bulk",
           "late": "Late registration", "lookalike": "Look-alike companies",
           "jump": "Sudden change"},
}
KIND_ORDER = ("burst", "bulk", "late", "lookalike", "jump")

SIGNALS_TEXT = {
    "da": {"heading": "Integritetssignaler", "questions": "spørgsmål, ikke konklusioner",
           "threshold": "tærskel", "baseline": "sammenligning", "rule": "Regel",
           "occurrence": "forekomst", "occurrences": "forekomster",
           "where": "Virksomhederne bag signalerne står kun i erhvervshusets interne liste",
           "none": "ingen signaler"},
    "en": {"heading": "Integrity signals", "questions": "questions, not conclusions",
           "threshold": "threshold", "baseline": "baseline", "rule": "Rule",
           "occurrence": "occurrence", "occurrences": "occurrences",
           "where": "The companies behind the signals are only in the hub's internal list",
           "none": "no signals"},
}
SIGNALS_CSV_COMMAND = "hubmonitor check-data --signals-csv"

# A value is shown with more decimals than its unit's (at most this many more) where fewer would
# show it equal to the threshold it differs from.
EXTRA_DECIMALS = 4
_BASE_DECIMALS = {"share": 1, "pp": 1, "ratio": 1, "count": 0}
_PP_WORD = {"da": "procentpoint", "en": "pp"}  # as render/format.py writes a target's percentage points


def _lang(lang: str) -> str:
    return "en" if lang == "en" else "da"


def signal_status_text(status: str, lang: str = "da") -> str:
    """'bør undersøges', 'ingen bemærkning', 'kan ikke vurderes' (an unknown status as it is)."""
    return SIGNAL_STATUS_TEXT[_lang(lang)].get(status, status)


def signal_status_label(status: str, lang: str = "da") -> str:
    """A status with its icon, e.g. '⚑ bør undersøges'."""
    return f"{SIGNAL_STATUS_ICON.get(status, '')} {signal_status_text(status, lang)}".strip()


def kind_text(kind: str, lang: str = "da") -> str:
    """A kind of signal's name, e.g. 'Ophobning ved periodens slutning'."""
    return KIND_TEXT[_lang(lang)].get(kind, kind)


def signal_title(s: SignalResult, lang: str = "da") -> str:
    return title(s, lang)


def signal_rule(s: SignalResult, lang: str = "da") -> str:
    return s.rule_en if lang == "en" and s.rule_en else s.rule


def signal_reason(s: SignalResult, lang: str = "da") -> str:
    """Why the signal could not be assessed ('' when no reason is given)."""
    return (s.reason_en if lang == "en" and s.reason_en else s.reason) or ""


def _decimals(x: float, unit: str, against: float | None) -> int:
    """The unit's decimals, or more where they would show ``x`` equal to a different ``against``."""
    base = 0 if unit == "count" and float(x).is_integer() else _BASE_DECIMALS.get(unit, 1)
    if against is None or x == against:
        return base
    scale = 100 if unit == "share" else 1
    for d in range(base, base + EXTRA_DECIMALS + 1):
        if rounded(x, d, scale) != rounded(against, d, scale):
            return d
    return base + EXTRA_DECIMALS


def signal_value_text(x: float | None, unit: str, lang: str = "da", *, against: float | None = None) -> str:
    """A signal's value (or threshold, or baseline) in its unit: a share '12,5 %', a count '4.480', a
    ratio '2,5 ×', percentage points '3,2 procentpoint'; a dash when there is none. ``against``: the
    threshold, so that a value just beside it is never shown as equal to it."""
    lang = _lang(lang)
    if x is None:
        return "–"
    d = _decimals(x, unit, against)
    if unit == "share":
        return percent(x, d, lang)
    if unit == "ratio":
        return f"{number(x, d, lang)} ×"
    if unit == "pp":
        return f"{number(x, d, lang)} {_PP_WORD[lang]}"
    return number(x, d, lang)


def evidence_text(n: int, lang: str = "da") -> str:
    """'45 forekomster', '1 forekomst': the rows or companies behind a signal."""
    words = SIGNALS_TEXT[_lang(lang)]
    return f"{number(n, 0, lang)} {words['occurrence'] if n == 1 else words['occurrences']}"


def figures_text(s: SignalResult, lang: str = "da") -> str:
    """The value against the threshold and the baseline: '12,5 % (tærskel 10,0 %; sammenligning 4,1 %)';
    for a signal that could not be assessed, the reason."""
    if s.status == "not_assessed":
        return signal_reason(s, lang) or signal_status_text("not_assessed", lang)
    words = SIGNALS_TEXT[_lang(lang)]
    inside = [f"{words['threshold']} {signal_value_text(s.threshold, s.unit, lang)}"]
    if s.baseline is not None:
        inside.append(f"{words['baseline']} {signal_value_text(s.baseline, s.unit, lang)}")
    return f"{signal_value_text(s.value, s.unit, lang, against=s.threshold)} ({'; '.join(inside)})"


def heading_text(lang: str = "da") -> str:
    """'Integritetssignaler (spørgsmål, ikke konklusioner)'."""
    words = SIGNALS_TEXT[_lang(lang)]
    return f"{words['heading']} ({words['questions']})"


_NBSP = "\u00a0"
_UNIT_AFTER_NUMBER = re.compile(r"(?<=\d) (?=%|×|procentpoint\b|pp\b)")


def _fit(line: str, width: int | None) -> list[str]:
    """``line`` fitted to ``width`` by ``terminal.fit``, never broken between a number and its unit
    ('12,5 %') or inside the command ('hubmonitor check-data --signals-csv')."""
    from hubmonitor.render.terminal import fit  # terminal.render imports this module

    kept = _UNIT_AFTER_NUMBER.sub(_NBSP, line).replace(SIGNALS_CSV_COMMAND, SIGNALS_CSV_COMMAND.replace(" ", _NBSP))
    return [part.replace(_NBSP, " ") for part in fit([kept], width)]


def signal_lines(signals: Sequence[SignalResult], lang: str = "da", width: int | None = None) -> list[str]:
    """The signals for the terminal report (none: no lines), short: the heading with the counts per
    status; each signal to be looked into with its figures, occurrences and rule; those that could
    not be assessed by reason, their titles listed; those without remark by title only (their rules
    are on the report page and in the JSON); last, where the companies are. Fitted to ``width``."""
    if not signals:
        return []
    words = SIGNALS_TEXT[_lang(lang)]
    lines = ["", *_fit(f"{heading_text(lang)}: {counts_text(signals, lang)}", width)]
    for s in (s for s in signals if s.status == "investigate"):
        lines += _fit(f"  {signal_status_label(s.status, lang)}: {signal_title(s, lang)} — "
                      f"{figures_text(s, lang)} · {evidence_text(s.evidence, lang)}", width)
        lines += _fit(f"      {words['rule']}: {signal_rule(s, lang)}", width)
    reasons: dict[str, list[str]] = {}
    for s in (s for s in signals if s.status == "not_assessed"):
        reasons.setdefault(signal_reason(s, lang) or "", []).append(signal_title(s, lang))
    for reason, titles in reasons.items():
        lines += _fit(f"  {signal_status_label('not_assessed', lang)} ({reason}): {'; '.join(titles)}", width)
    quiet = [signal_title(s, lang) for s in signals if s.status == "no_remark"]
    if quiet:
        lines += _fit(f"  {signal_status_label('no_remark', lang)}: {'; '.join(quiet)}", width)
    lines += _fit(f"  {words['where']}: {SIGNALS_CSV_COMMAND}", width)
    return lines


def counts_text(signals: Sequence[SignalResult], lang: str = "da") -> str:
    """The signals counted by status, the ids of those to be looked into named:
    '1 bør undersøges (burst.referred), 8 ingen bemærkning, 4 kan ikke vurderes'."""
    parts = []
    for status in SIGNAL_STATUS_ORDER:
        found = [s for s in signals if s.status == status]
        if found:
            ids = f" ({', '.join(s.id for s in found)})" if status == "investigate" else ""
            parts.append(f"{number(len(found), 0, lang)} {signal_status_text(status, lang)}{ids}")
    return ", ".join(parts) if parts else SIGNALS_TEXT[_lang(lang)]["none"]


def year_line(year: int, signals: Sequence[SignalResult], lang: str = "da") -> str:
    """One year's signals counted by status (check-data): '2024: 1 bør undersøges (burst.referred), …'."""
    return f"{year}: {counts_text(signals, lang)}"
