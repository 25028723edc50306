"""The page of a backtest: "Udkast til resultatkontrakt <år> på de seneste års data". For the KKR
secretariat preparing a negotiation: every target of the draft × the past years (value, verdict,
margin), how many whole years met it, and the calibration in numbers and words with its method
and limits. HTML only; the figures are the backtest's (``engine.backtest``)."""

from __future__ import annotations

from hubmonitor.days import date_text
from hubmonitor.engine.backtest import Backtest, TargetBacktest
from hubmonitor.render.backtest_text import (
    draft_goal_text,
    incomplete_note,
    last_day,
    met_cell,
    tx,
    year_margin_text,
)
from hubmonitor.render.calibration_text import (
    SUMMARY_HEAD,
    calibration_facts,
    calibration_sentences,
    calibration_summary,
    method_notes,
)
from hubmonitor.render.format import (
    title,
)
from hubmonitor.render.html.document import esc, table
from hubmonitor.render.html.history_page import result_cell
from hubmonitor.render.html.national_page import in_year_mark
from hubmonitor.render.html.texts import text

PAGE_TEXTS = {
    "intro": {"da": "Udkastet er beregnet på hvert af årene {years} med samme motor og regler som en underskrevet "
                    "kontrakt, som om det var indgået for det år: samme mål, filtre og tærskler. Årenes egne "
                    "kontrakter er ikke brugt. Et år uden data til årets slutning er vurderet på tempo og er ikke "
                    "talt med som opfyldt.",
              "en": "The draft is computed on each of the years {years} by the same engine and rules as a signed "
                    "contract, as if it had been signed for that year: the same targets, filters and thresholds. "
                    "The years' own contracts are not used. A year without data to its end is judged on pace and "
                    "not counted as met."},
    "table": {"da": "Udkastets mål på de seneste års data", "en": "The draft's targets on the past years' data"},
    "caption": {"da": "Hvert mål: værdien, om målet ville være nået, og margin til målet (over: +, under: −).",
                "en": "Each target: the value, whether the target would have been met, and the margin to it "
                      "(above: +, below: −)."},
    "met_col": {"da": "Opfyldt (hele år)", "en": "Met (whole years)"},
    "calibration": {"da": "Kalibrering: hvad kan niveauet i {year} blive?",
                    "en": "Calibration: what may the level be in {year}?"},
    "per_target": {"da": "Hvad tallene betyder, mål for mål", "en": "What the numbers mean, target by target"},
    "method": {"da": "Metoder og begrænsninger", "en": "Methods and limits"},
    "none": {"da": "Ingen kalibrering (ikke et tal fra besvarelser og ikke et antal med flere års tal).",
             "en": "No calibration (not a figure from answers and not a count with several years' values)."},
}


def pt(key: str, lang: str, **values: object) -> str:
    return PAGE_TEXTS[key][lang].format(**values)


def _cell(t: TargetBacktest, i: int, lang: str, partial: bool) -> str:
    return result_cell(t.results[i], lang, partial=partial, below_goal=year_margin_text(t, i, lang))


def calibration_table(bt: Backtest, lang: str) -> str:
    """The calibration of every target in one table: the draft's threshold next year, what it rests
    on, the chance of meeting it, the reachable and ambitious levels."""
    rows = []
    for t in bt.targets:
        if t.calibration is None:
            continue
        name = title(t, lang)
        cells = [esc(v) for v in calibration_summary(t.calibration, t.unit, lang)]
        rows.append([f'<span class="meta">{esc(t.id)}</span> {esc(name)}', *cells])
    headers = [esc(text("target", lang)), *(esc(h) for h in SUMMARY_HEAD[lang])]
    return f'<div class="scroll">{table(headers, rows)}</div>\n'


def backtest_table(bt: Backtest, lang: str) -> str:
    """Targets × years, then the whole years met."""
    heads = [f'<th scope="col">{esc(text("target", lang))}</th>']
    for y in bt.years:
        mark = "" if y.complete else in_year_mark(last_day(y), lang)
        heads.append(f'<th scope="col"{"" if y.complete else " class=partial"}>{y.year}{mark}</th>')
    heads.append(f'<th scope="col">{esc(pt("met_col", lang))}</th>')
    rows = []
    for t in bt.targets:
        name = title(t, lang)
        goal = f'<span class="goal">{esc(tx("goal", lang))}: {esc(draft_goal_text(t, bt, lang))}</span>'
        cells = [f'<th scope="row"><span class="meta">{esc(t.ref)} · {esc(t.id)}</span>{esc(name)}{goal}</th>']
        # provisional: a year still running; a year over whose data end early is no whole year, but its verdict
        # is final (the note says why it is not counted)
        cells += [_cell(t, i, lang, not y.complete and y.data_end is None) for i, y in enumerate(bt.years)]
        cells.append(f'<td class="num">{esc(met_cell(t, lang))}</td>')
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return (f'<div class="scroll"><table class="data heat history"><caption>{esc(pt("caption", lang))}</caption>'
            f'<thead><tr>{"".join(heads)}</tr></thead>\n<tbody>\n{chr(10).join(rows)}\n</tbody></table></div>\n')


def _calibration(t: TargetBacktest, lang: str) -> str:
    if t.calibration is None:
        return ""
    head = f'<h3><span class="meta">{esc(t.id)}</span> {esc(title(t, lang))}</h3>'
    facts = calibration_facts(t.calibration, t.unit, lang)
    sentences = calibration_sentences(t.calibration, t.unit, lang)
    if not facts and not sentences:
        return f'<section class="calibration">{head}<p>{esc(pt("none", lang))}</p></section>\n'
    rows = "".join(f'<tr><th scope="row">{esc(k)}</th><td>{esc(v)}</td></tr>' for k, v in facts)
    table = f'<table class="data"><tbody>{rows}</tbody></table>' if rows else ""
    words = "".join(f"<p>{esc(s)}</p>" for s in sentences)
    return f'<section class="calibration">{head}{table}{words}</section>\n'


def backtest_body(bt: Backtest, lang: str) -> str:
    """The page's body (no charts)."""
    years = ", ".join(str(y.year) for y in bt.years)
    running = "".join(f'<p class="note inyear-note">{esc(note)}</p>' for y in bt.years
                      if (note := incomplete_note(y, lang, lambda day: date_text(day, lang))) is not None)
    parts = [f"<p>{esc(pt('intro', lang, years=years))}</p>", running,
             f'<h2>{esc(pt("table", lang))}</h2>', backtest_table(bt, lang),
             f'<p class="note">{esc(tx("margin", lang))}</p>',
             f'<h2>{esc(pt("calibration", lang, year=bt.draft_year))}</h2>', calibration_table(bt, lang),
             f'<h2>{esc(pt("per_target", lang))}</h2>']
    parts += [_calibration(t, lang) for t in bt.targets]
    notes = method_notes(lang)
    if notes:
        parts.append(f'<h2>{esc(pt("method", lang))}</h2>' + "".join(f"<p>{esc(n)}</p>" for n in notes))
    return "\n".join(p for p in parts if p)
