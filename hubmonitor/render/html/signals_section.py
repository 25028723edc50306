"""The integrity signals on the pages (issue 21): the hub report's section (every signal with its
status, value, threshold, baseline, the number of occurrences and its rule) and KL's overview per
hub on the national page (counts only).

Aggregates only: a page receives a ``Report``, whose signals carry counts and figures, never the
companies behind them (those are in the hub's internal CSV, ``check-data --signals-csv``). Each
status is an icon and a word in one of the existing badges (``signals_text.SIGNAL_STATUS_CSS``);
every text goes through ``esc``. No signals: no section, so a page without them is unchanged.
"""

from __future__ import annotations

from collections.abc import Sequence

from hubmonitor.render.format import number
from hubmonitor.render.html.document import esc, table
from hubmonitor.render.html.texts import report_folder, text
from hubmonitor.render.national_table import name_key
from hubmonitor.render.signals_text import (
    KIND_ORDER,
    SIGNAL_STATUS_CSS,
    SIGNAL_STATUS_ICON,
    SIGNALS_CSV_COMMAND,
    kind_text,
    signal_reason,
    signal_rule,
    signal_status_text,
    signal_title,
    signal_value_text,
)
from hubmonitor.report import Report, SignalResult

SECTION_ID = "signals"  # the hub report's section, linked from the national page

SIGNAL_PAGE_TEXTS = {
    "da": {
        "heading": "Integritetssignaler",
        "intro": ("Et integritetssignal er et mønster i årets data, som det er værd at spørge til – for eksempel "
                  "mange registreringer lige før periodens slutning eller på kort tid. Et signal er et spørgsmål, "
                  "ikke en konklusion: der kan være gode grunde til mønstret, og det siger ikke, at noget er "
                  "forkert. Hvert signal vises med sin regel, tærskel og værdi. Siden viser kun tal; de enkelte "
                  "virksomheder bag et signal står i erhvervshusets interne liste ({command}), ikke her."),
        "signal": "Signal", "value": "Værdi", "threshold": "Tærskel", "baseline": "Sammenligning",
        "evidence": "Forekomster", "rule": "Regel",
        "national_heading": "Integritetssignaler pr. erhvervshus",
        "national_intro": ("Antal integritetssignaler pr. erhvervshus og slags, der bør undersøges, ud af dem der er "
                           "beregnet; under tallet de signaler, data ikke kan vurdere. Et signal er et spørgsmål til "
                           "erhvervshuset, ikke en konklusion, og tallene er ikke en rangordning (husene står i "
                           "alfabetisk orden). Regel, tærskel og værdi står i hvert erhvervshus' rapport; de enkelte "
                           "virksomheder kun hos erhvervshuset selv. – : ingen signaler af den slags i resultaterne."),
        "national_caption": "Signaler der bør undersøges, ud af de beregnede",
        "all": "I alt", "of": "af",
    },
    "en": {
        "heading": "Integrity signals",
        "intro": ("An integrity signal is a pattern in the year's data that is worth asking about – for example "
                  "many registrations just before the period's end or within a short time. A signal is a question, "
                  "not a conclusion: there may be good reasons for the pattern, and it does not say that anything "
                  "is wrong. Each signal is shown with its rule, threshold and value. The page shows figures only; "
                  "the companies behind a signal are in the hub's internal list ({command}), not here."),
        "signal": "Signal", "value": "Value", "threshold": "Threshold", "baseline": "Baseline",
        "evidence": "Occurrences", "rule": "Rule",
        "national_heading": "Integrity signals per business hub",
        "national_intro": ("The number of integrity signals per business hub and kind that are to be looked into, "
                           "out of those computed; below it the signals the data cannot assess. A signal is a "
                           "question to the hub, not a conclusion, and the figures are not a ranking (the hubs are "
                           "in alphabetical order). Rule, threshold and value are in each hub's report; the "
                           "companies only with the hub itself. – : no signals of that kind in the results."),
        "national_caption": "Signals to be looked into, out of those computed",
        "all": "Total", "of": "of",
    },
}


def _words(lang: str) -> dict[str, str]:
    return SIGNAL_PAGE_TEXTS["en" if lang == "en" else "da"]


def signal_badge(status: str, lang: str) -> str:
    """A signal's status as a badge: its icon and its word, in an existing badge colour."""
    css = SIGNAL_STATUS_CSS.get(status, "insufficient_data")
    return (f'<span class="badge status-{esc(css)}"><span aria-hidden="true">{esc(SIGNAL_STATUS_ICON.get(status, ""))}'
            f"</span> {esc(signal_status_text(status, lang))}</span>")


def _row(s: SignalResult, lang: str) -> list[str]:
    status = signal_badge(s.status, lang)
    reason = signal_reason(s, lang) if s.status == "not_assessed" else ""
    if reason:
        status += f'<br><span class="note">{esc(reason)}</span>'
    assessed = s.status != "not_assessed"
    return [f'{esc(signal_title(s, lang))}<br><span class="note">{esc(kind_text(s.kind, lang))}</span>', status,
            esc(signal_value_text(s.value if assessed else None, s.unit, lang, against=s.threshold)),
            esc(signal_value_text(s.threshold, s.unit, lang)),
            esc(signal_value_text(s.baseline if assessed else None, s.unit, lang)),
            esc(number(s.evidence, 0, lang)) if assessed else "–", _rule(s, lang)]


def _rule(s: SignalResult, lang: str) -> str:
    """The rule; on paper only where the signal asks a question or could not be assessed (the KKR's
    printout stays short: a signal without remark keeps its title, value and threshold there)."""
    rule = esc(signal_rule(s, lang))
    return rule if s.status != "no_remark" else f'<span class="screen-only">{rule}</span>'


def signals_section(report: Report, lang: str) -> str:
    """The hub report's section of integrity signals ('' when the report has none)."""
    if not report.signals:
        return ""
    words = _words(lang)
    intro = esc(words["intro"]).replace(esc("{command}"), f"<code>{esc(SIGNALS_CSV_COMMAND)}</code>")
    headers = [esc(words[k]) for k in ("signal",)] + [esc(text("status", lang))]
    headers += [esc(words[k]) for k in ("value", "threshold", "baseline", "evidence", "rule")]
    rows = [_row(s, lang) for s in report.signals]
    # no rule printed on any row (every signal without remark): on paper the column goes too (a review: an
    # empty "Regel" column on the KKR's printout)
    quiet = " quiet" if all(s.status == "no_remark" for s in report.signals) else ""
    return (f'<section class="signals" id="{SECTION_ID}"><h2>{esc(words["heading"])}</h2>'
            f'<p class="note">{intro}</p><div class="scroll">'
            f'{table(headers, rows, numeric={2, 3, 4, 5}, css_class="data signals" + quiet)}</div></section>\n')


def _kinds(reports: Sequence[Report]) -> list[str]:
    """The kinds of signal any report has, in ``KIND_ORDER``."""
    present: set[str] = {s.kind for r in reports for s in r.signals}
    return [k for k in KIND_ORDER if k in present]


def _count_cell(signals: Sequence[SignalResult], lang: str) -> str:
    """'1 af 3' (to be looked into, of those assessed) and, below, how many could not be assessed;
    '–' when there are none (a review found '0 af 4 · 4 kan ikke vurderes' under a caption saying "of
    those computed": the four were counted as computed)."""
    if not signals:
        return "<td>–</td>"
    words = _words(lang)
    asked = sum(s.status == "investigate" for s in signals)
    missing = sum(s.status == "not_assessed" for s in signals)
    assessed = len(signals) - missing
    shown = f"{number(asked, 0, lang)} {words['of']} {number(assessed, 0, lang)}" if assessed else "–"
    word = signal_status_text("investigate", lang)
    icon = f'<span aria-hidden="true">{esc(SIGNAL_STATUS_ICON["investigate"])}</span> ' if asked else ""
    rest = (f'<span class="met-rest">{esc(number(missing, 0, lang))} {esc(signal_status_text("not_assessed", lang))}'
            "</span>") if missing else ""
    return f'<td title="{esc(f"{word}: {shown}")}">{icon}{esc(shown)}{rest}</td>'


def national_signals(reports: Sequence[Report], lang: str) -> str:
    """KL's overview: a row per hub (alphabetical, not ranked), for every kind of signal how many are
    to be looked into of those computed and how many could not be assessed, the hub linked to its
    report's section. '' when no report has signals (the page is then unchanged)."""
    if not any(r.signals for r in reports):
        return ""
    words = _words(lang)
    kinds = _kinds(reports)
    heads = [f'<th scope="col">{esc(text("hub", lang))}</th>', f'<th scope="col">{esc(words["all"])}</th>']
    heads += [f'<th scope="col">{esc(kind_text(k, lang))}</th>' for k in kinds]
    rows = []
    for r in sorted(reports, key=lambda r: (name_key(r.hub), r.erhvervshus)):
        folder = report_folder(r.erhvervshus, r.period.start.year)
        href = f"{folder}/rapport.html" + (f"#{SECTION_ID}" if r.signals else "")
        cells = [f'<th scope="row"><a href="{esc(href)}">{esc(r.hub)}</a></th>', _count_cell(r.signals, lang)]
        cells += [_count_cell([s for s in r.signals if s.kind == k], lang) for k in kinds]
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return (f'<section class="signals" id="{SECTION_ID}"><h2>{esc(words["national_heading"])}</h2>'
            f'<p class="note">{esc(words["national_intro"])}</p><div class="scroll">'
            f'<table class="data signals national"><caption>{esc(words["national_caption"])}</caption>'
            f'<thead><tr>{"".join(heads)}</tr></thead>\n'
            f'<tbody>\n{chr(10).join(rows)}\n</tbody></table></div></section>\n')
