"""The hub report (for the KKR): the scorecard of every target, value against target per group,
the per-segment bars, the focus areas and a data-quality summary. HTML only; figures come from
``figures``. Every text from the contract or the data goes through ``esc``."""

from __future__ import annotations

import functools

from hubmonitor.days import date_text
from hubmonitor.findings import describe
from hubmonitor.reference import load_registry
from hubmonitor.render.format import (
    PROVISIONAL_TEXT,
    SEVERITY_TEXT,
    STATUS_ICON,
    STATUS_ORDER,
    UNCERTAIN_MEANING,
    UNCERTAIN_TEXT,
    by_segment,
    dialogue_names,
    export_headings,
    goal_text,
    grant_so_far,
    group_name,
    held_back,
    interval_text,
    judged,
    label,
    municipalities,
    number,
    pace_parts,
    place,
    provisional,
    quality_note,
    quality_scope,
    result_value_text,
    rule_changes,
    shown_column,
    shown_status,
    shown_statuses,
    status_counts,
    status_text,
    target_text,
    title,
    value_text,
)
from hubmonitor.render.html import figures, pace_figures
from hubmonitor.render.html.document import Figures, danish, esc, table
from hubmonitor.render.html.municipal_table import municipal_summary
from hubmonitor.render.html.signals_section import signals_section
from hubmonitor.render.html.texts import SUMMARY_TEXTS, text
from hubmonitor.render.privacy import finding_message
from hubmonitor.report import DataQuality, Report, TargetResult

TOP_FINDINGS = 10
# The statuses the summary lists as needing attention, in this order (docs/decisions.md).
ATTENTION = ("not_met", "behind", "insufficient_data")


def badge(status: str, lang: str) -> str:
    icon = STATUS_ICON.get(status, "")
    return (f'<span class="badge status-{esc(status)}"><span aria-hidden="true">{icon}</span> '
            f"{esc(status_text(status, lang))}</span>")


def period_text(report: Report, lang: str) -> str:
    p = report.period
    return f"{date_text(p.start, lang)} – {date_text(p.end, lang)}"


GROUPS_ON_A_LINE = 6  # a grouped target's groups' numerators and denominators listed on one line, at most


def _ratio(numerator: int | None, denominator: int | None, lang: str) -> str:
    num = number(numerator, 0, lang) if numerator is not None else "–"
    den = number(denominator, 0, lang) if denominator is not None else "–"
    return f'<span class="num">{num} / {den}</span>'


def _ratio_line(t: TargetResult, lang: str) -> str:
    """The numerator and denominator; of a target judged per group (a share per segment), each group's,
    named: the value is one group's, while the exclusions listed below it are every group's, so the
    deciding group's counts alone did not add up to the answers (a review: 263 / 403 beside 234 outside
    the segments, with the other segment's 187 answers nowhere)."""
    counted = [g for g in t.groups if g.numerator is not None or g.denominator is not None]
    if len(counted) > GROUPS_ON_A_LINE:  # many groups (a share per municipality): the deciding group's, named
        deciding = t.details.get("deciding_group") if t.details else None
        counted = [g for g in counted if g.key == deciding]
    if counted:
        parts = "; ".join(f"{esc(group_name(t, g.key, lang))} {_ratio(g.numerator, g.denominator, lang)}"
                          for g in counted)
        return f"<p>{esc(text('numerator', lang))} / {esc(text('denominator', lang))}: {parts}</p>"
    if t.numerator is None and t.denominator is None:
        return ""
    return (f"<p>{esc(text('numerator', lang))} / {esc(text('denominator', lang))}: "
            f"{_ratio(t.numerator, t.denominator, lang)}</p>")


def _interval_line(t: TargetResult, lang: str) -> str:
    """The 95 % interval of a figure from a sample of answers, and in words when it holds the target."""
    interval = interval_text(t, lang)
    if not interval:
        return ""
    words = f' – <strong class="uncertain">{esc(UNCERTAIN_MEANING[lang])}</strong>' if t.uncertain else ""
    n = f" (n\u00a0=\u00a0{number(t.n, 0, lang)})" if t.n is not None else ""  # kept on one line
    return f'<p class="interval">{esc(text("interval", lang))}: <span class="num">{esc(interval)}</span>{n}{words}</p>'


def _pace_line(t: TargetResult, lang: str) -> str:
    """During the year: how pro rata and the seasonal profile each see the target (the forecast
    against the target), and which decided when they differ; one line each."""
    if t.pace is None:
        return ""
    note = t.pace_note_en if lang == "en" else t.pace_note
    extra = f'<br><span class="note">{esc(note)}</span>' if note else ""
    return f'<p class="pace">{"<br>".join(esc(part) for part in pace_parts(t, lang))}{extra}</p>'


def quote(words: str, lang: str) -> str:
    """The contract's own words, as written: Danish, and marked so on an English page (WCAG 3.1.2)."""
    return f'<blockquote{"" if lang == "da" else " lang=da"}>{esc(words)}</blockquote>'


def provisional_mark(t: TargetResult, in_year: bool, lang: str) -> str:
    """Beside a verdict taken on the year so far: "foreløbig" (the rule: ``format.provisional``)."""
    return f' <span class="provisional">{esc(PROVISIONAL_TEXT[lang])}</span>' if provisional(t, in_year) else ""


def card(t: TargetResult, lang: str, in_year: bool = False) -> str:
    """One target: title, value, target, status (icon + text + colour), and the contract's wording
    and the rule behind an expander (its title attribute shows the wording on hover)."""
    explanation = t.explanation_en if lang == "en" else t.explanation
    reason = t.reason_en if lang == "en" else t.reason
    exclusions = "".join(f"<li>{esc(e.label_en if lang == 'en' else e.label)}: {number(e.count, 0, lang)}</li>"
                         for e in t.exclusions if e.count)
    details = [quote(t.quote, lang),
               f"<p><strong>{esc(text('rule', lang))}:</strong> {esc(explanation)}</p>", _ratio_line(t, lang)]
    if exclusions:
        details.append(f"<p>{esc(text('excluded', lang))}:</p><ul>{exclusions}</ul>")
    status_extra = f'<p class="status-text">{esc(t.status_text)}</p>' if t.status_text else ""
    changed = rule_changes(t)  # the framework's words are quoted below, its rule is not the one counted
    if changed:
        status_extra += (f'<p class="note rule-changed">'
                         f'{esc(text("rule_changed_card", lang).format(keys=", ".join(changed)))}</p>')
    reason_html = f'<p class="reason">{esc(text("reason", lang))}: {esc(reason)}</p>' if reason else ""
    reason_html += _interval_line(t, lang) + _pace_line(t, lang)
    opens = f'{esc(text("wording", lang))}<span class="sr">: {esc(title(t, lang))}</span>'  # which target's
    verdict = badge(shown_status(t), lang) + provisional_mark(t, in_year, lang)
    # the contract's Danish words on hover, on a Danish page only: an attribute cannot be marked as another
    # language than the page's (a review); the English page quotes them in the card, marked lang="da"
    hover = f' title="{esc(t.quote)}"' if lang == "da" else ""
    return f"""<article class="card status-{esc(shown_status(t))}" id="target-{esc(t.id)}">
<p class="meta"><span>{danish(t.ref, lang)}</span><span>{esc(t.id)}</span></p>
<h3{hover}>{esc(title(t, lang))}</h3>
<p class="figures"><span class="value">{esc(result_value_text(t, lang))}</span>
<span class="goal">{esc(goal_text(t, lang))}</span> {verdict}</p>
{reason_html}{status_extra}<details><summary>{opens}</summary>
{''.join(details)}
</details>
</article>
"""


def overview(report: Report, lang: str, municipal_href: str) -> str:
    counts = status_counts(report.targets)
    order = shown_statuses(counts)
    tiles = "".join(f'<li class="status-{s}"><span class="n">{counts.get(s, 0)}</span>'
                    f'<span aria-hidden="true">{STATUS_ICON.get(s, "")}</span> {esc(status_text(s, lang))}</li>'
                    for s in order)
    dialogue = dialogue_names(report)
    lines = ""
    if dialogue:
        label = text("dialogue", lang)
        lines = (f'<p>{esc(label)}: <strong>{esc(", ".join(dialogue))}</strong> '
                 f'(<a href="{esc(municipal_href)}">{esc(text("municipal", lang))}</a>)</p>')
    return (f'<section id="overview"><h2>{esc(text("overview", lang))}</h2><ul class="tiles">{tiles}</ul>{lines}'
            "</section>\n")


def verdict(report: Report, lang: str) -> str:
    """The verdict in one sentence (plain text): met of the targets that could be assessed, and
    during the year (the as-of date before the year end) on track and behind too."""
    words = SUMMARY_TEXTS[lang]
    counts = status_counts(report.targets)
    missing = counts.get("insufficient_data", 0)
    n = sum(counts.values()) - missing
    p = report.period
    running = p.as_of < p.end or counts.get("on_track", 0) or counts.get("behind", 0)
    values = {"hub": report.hub, "year": str(p.start.year), "date": date_text(p.as_of, lang), "n": number(n, 0, lang),
              **{k: number(counts.get(k, 0), 0, lang) for k in ("met", "not_met", "on_track", "behind")},
              "missing": number(missing, 0, lang)}
    sentence = words["none" if n == 0 else "running" if running else "year_end"].format(**values)
    if missing:
        sentence += ("; " if n == 0 or running else ", ") + words["missing_one" if missing == 1 else "missing"].format(
            **values)
    ends = report.data_end()
    if ends is not None:  # a day after the data end, or a finished year whose data end early
        sentence += "; " + words["data_ends" if running else "data_ends_early"].format(ends=date_text(ends, lang))
    return sentence + "."


def attention(report: Report) -> list[TargetResult]:
    """The targets not met, then behind, then without data, each in the contract's order."""
    targets = judged(report.targets)
    return [t for status in ATTENTION for t in targets if t.status == status]


def _attention_table(report: Report, lang: str) -> str:
    words = SUMMARY_TEXTS[lang]
    rows = []
    for t in attention(report):
        uncertain = f' <span class="note">({esc(UNCERTAIN_TEXT[lang])})</span>' if t.uncertain else ""
        rows.append([f'<a href="#target-{esc(t.id)}">{esc(title(t, lang))}</a>'
                     f'<span class="meta">{danish(t.ref, lang)} · {esc(t.id)}</span>',
                     esc(result_value_text(t, lang)), esc(target_text(t, lang)),
                     badge(t.status, lang) + provisional_mark(t, report.period.in_year, lang) + uncertain])
    if not rows:
        return f'<p>{esc(words["no_attention"])}</p>'
    headers = [esc(words[k]) for k in ("target_col", "result_col", "threshold_col")] + [esc(text("status", lang))]
    return table(headers, rows, numeric={1}, css_class="data attention", caption=esc(words["attention"]))


def _dialogue_line(report: Report, lang: str, municipal_href: str) -> str:
    spread = next((t for t in report.targets if t.kind == "municipal_spread"), None)
    if spread is None:
        return ""
    names = dialogue_names(report)
    shown = ", ".join(names) if names else text("no_dialogue_yet" if held_back(report.targets) else "no_dialogue", lang)
    return (f'<p class="dialogue">{esc(text("dialogue", lang))}: <strong>{esc(shown)}</strong> '
            f'(<a href="{esc(municipal_href)}">{esc(text("municipal", lang))}</a>)</p>')


def _money_line(report: Report, lang: str, municipal_href: str) -> str:
    """The basic grant as money: its total in the contract's unit, and kr. per individually guided
    company overall (the total in kr. / the guided companies of every municipality), with the range."""
    words = SUMMARY_TEXTS[lang]
    alloc = next((t for t in report.targets if t.kind == "allocation"), None)
    if alloc is None or not alloc.groups:
        return f'<p class="money">{esc(words["no_grant"])}</p>'
    total = sum(g.amount or 0 for g in alloc.groups)
    guided = sum(g.guided or 0 for g in alloc.groups)
    kr = total * 1000 if alloc.unit == "thousand_kr" else total
    line = words["grant"].format(total=value_text(total, alloc.unit, lang),
                                 count=municipalities(len(alloc.groups), lang),
                                 per=number(kr / guided, 0, lang) if guided else "–", guided=number(guided, 0, lang))
    priced = sorted((g for g in alloc.groups if g.kr_per_guided is not None), key=lambda g: (g.kr_per_guided, g.key))
    if len(priced) > 1:
        low, high = priced[0], priced[-1]
        line += words["grant_range"].format(low=number(low.kr_per_guided or 0, 0, lang), low_key=low.key,
                                            high=number(high.kr_per_guided or 0, 0, lang), high_key=high.key)
    # a municipality paying its share with no company guided has no kr. per company: named, not left out of
    # the range in silence (a KKR review: Samsø, 116 t.kr. for 0 companies)
    unguided = sorted(g.key for g in alloc.groups if not g.guided and (g.amount or 0) > 0)
    if unguided:
        line += words["grant_unguided"].format(names=", ".join(unguided))
    so_far = grant_so_far(report, lang)  # during the year the kr. per company are the year's so far
    if so_far is not None:
        line += f" ({so_far})"
    # the split per municipality is on this page (its print too), the map on the Kommuner page
    return f'<p class="money">{esc(line)}. <a href="#municipalities">{esc(words["grant_link"])}</a>.</p>'


def summary(report: Report, lang: str, municipal_href: str) -> str:
    """The KKR summary that opens the report and its print: the verdict, the targets needing
    attention with figure and requirement, the dialogue municipalities and the grant as money."""
    words = SUMMARY_TEXTS[lang]
    # before the year's end, what is paced and what is provisional, under the verdict (a review found it a
    # screen further down, under the targets, while the verdict above read as the year's)
    in_year = (f'<p class="note provisional">'
               f'{esc(text("provisional", lang).format(date=date_text(report.period.as_of, lang)))}</p>'
               if report.period.in_year else "")
    # the basic grant is a hub's: a contract of another body (a municipality's service goals) without an
    # allocation says nothing of it, where a hub's says it has none
    money = (f'<h3>{esc(words["money"])}</h3>{_money_line(report, lang, municipal_href)}'
             if report.erhvervshus in load_registry().hubs or any(t.kind == "allocation" for t in report.targets)
             else "")
    return (f'<section id="summary" class="summary"><h2>{esc(words["summary"])}</h2>'
            f'<p class="verdict">{esc(verdict(report, lang))}</p>{in_year}'
            f'<div class="scroll">{_attention_table(report, lang)}</div>'
            f'{_dialogue_line(report, lang, municipal_href)}{money}</section>\n')


def quality(q: DataQuality, lang: str) -> str:
    """Rows read / used / quarantined per input (of the contract year), counts per finding code, and
    examples of the findings, one of each code first (file, row, code, column, problem; a company's
    own data left out of the problem)."""
    def n(x: int) -> str:
        return number(x, 0, lang)

    undated = q.period is not None  # a contract year's accounting: rows without a readable date too
    skipped = any(i.skipped for i in q.inputs)  # rows the profile left out (not read): only where there are any
    inputs = [[esc(place(i.file, i.sheet)), n(i.rows_read), n(i.rows_used), n(i.quarantined), n(i.duplicates),
               n(i.outside_period), *([n(i.undated or 0)] if undated else []),
               *([n(i.skipped or 0)] if skipped else [])] for i in q.inputs]
    inputs.append([f"<strong>{esc(text('total', lang))}</strong>", n(q.rows_read), n(q.rows_used),
                   n(q.quarantined_rows), n(sum(i.duplicates for i in q.inputs)),
                   n(sum(i.outside_period for i in q.inputs)),
                   *([n(sum(i.undated or 0 for i in q.inputs))] if undated else []),
                   *([n(sum(i.skipped or 0 for i in q.inputs))] if skipped else [])])
    keys = ("file", "rows_read", "rows_used", "quarantined", "duplicates", "outside_period",
            *(("undated",) if undated else ()), *(("skipped",) if skipped else ()))
    accounting = table([esc(text(k, lang)) for k in keys], inputs, numeric=set(range(1, len(keys))))
    codes = []
    for s in q.summary:
        description = describe(s.code, lang) or ""
        codes.append([f"<code>{esc(s.code)}</code>", esc(label(SEVERITY_TEXT, s.severity, lang)), esc(description),
                      n(s.count)])
    by_code = table([esc(text(k, lang)) for k in ("code", "kind", "message", "count")], codes, numeric={3},
                    caption=esc(text("findings", lang)))
    examples = q.examples()
    top = examples[:max(TOP_FINDINGS, len({f.code for f in examples}))]  # every code at least once
    if top:
        headings = export_headings(q)  # a column named as the export heads it
        rows = [[esc(place(f.file, f.sheet)), str(f.row) if f.row is not None else "", f"<code>{esc(f.code)}</code>",
                 esc(shown_column(f, headings) or ""), esc(finding_message(f, lang))] for f in top]
        sample = table([esc(text(k, lang)) for k in ("file", "row", "code", "column", "message")], rows,
                       numeric={1}, caption=esc(text("top_findings", lang)))
    else:
        sample = f'<p class="note">{esc(text("no_findings", lang))}</p>'
    written = functools.partial(date_text, lang=lang)  # a day as the page's prose writes it, "30. september 2025"
    headline = " · ".join(f"{n(count)} {esc(text(key, lang).lower())}" for count, key in (
        (q.rows_read, "rows_read"), (q.rows_used, "rows_used"), (q.quarantined_rows, "quarantined")))
    if q.period is not None:
        headline = f"{esc(quality_scope(q.period, lang, written))}: {headline}"
    note = quality_note(q.period, lang, written)
    scope = f'<p class="note">{esc(note)}</p>' if note else ""
    tables = "".join(f'<div class="scroll">{t}</div>' for t in (accounting, by_code, sample))
    return (f'<section class="quality" id="quality"><h2>{esc(text("quality", lang))}</h2>\n<p>{headline}</p>'
            f"{scope}{tables}</section>\n")


def qualitative(report: Report, lang: str) -> str:
    if not report.qualitative:
        return ""
    items = []
    for q in report.qualitative:
        status = (f'<p class="status-text">{esc(q.status_text)}</p>' if q.status_text
                  else f'<p class="note">{esc(text("no_status_text", lang))}</p>')
        items.append(f'<article class="card"><p class="meta"><span>{danish(q.ref, lang)}</span>'
                     f'<span>{esc(q.id)}</span></p>'
                     f"<h3>{esc(title(q, lang))}</h3>{quote(q.quote, lang)}{status}</article>\n")
    return (f'<section class="qualitative" id="focus"><h2>{esc(text("qualitative", lang))}</h2>'
            f'<div class="cards">{"".join(items)}</div></section>\n')


def status_legend(lang: str) -> str:
    items = "".join(f"<li>{badge(s, lang)}</li>" for s in STATUS_ORDER)
    return f'<ul class="legend" aria-label="{esc(text("legend_title", lang))}">{items}</ul>'


def report_body(report: Report, lang: str, *, municipal_href: str) -> tuple[str, bool]:
    """The body of the hub report and whether it holds any figure."""
    figs = Figures()
    parts = [summary(report, lang, municipal_href), overview(report, lang, municipal_href)]
    cards = "".join(card(t, lang, report.period.in_year) for t in report.targets)
    parts.append(f'<section id="targets"><h2>{esc(text("scorecard", lang))}</h2>{status_legend(lang)}'
                 f'<div class="cards">{cards}</div></section>\n')
    parts.append(municipal_summary(report, lang, municipal_href))  # the KKR's paper: the municipalities and the money
    paced = pace_figures.paced_targets(report)
    if paced:
        blocks = "".join(f'<div class="panel"><h3>{esc(title(t, lang))}</h3>'
                         + figs.block(pace_figures.pace_figure(t, report.period.start, lang, report.data_end()),
                                      f"{text('pace', lang)}: {title(t, lang)}") + "</div>" for t in paced)
        parts.append(f'<section id="pace"><h2>{esc(text("pace", lang))}</h2>'
                     f'<p class="note">{esc(text("pace_note", lang))}</p><div class="two">{blocks}</div></section>\n')
    bullets = figures.bullet_groups(report, lang)
    if bullets:
        blocks = "".join(f'<div class="panel"><h3>{danish(ref, lang)}</h3>'
                         + figs.block(fig, f"{text('bullets', lang)}: {ref}") + "</div>" for ref, fig in bullets)
        parts.append(f'<section id="bullets"><h2>{esc(text("bullets", lang))}</h2>'
                     f'<p class="note screen-only">{esc(text("bullets_note", lang))}</p>'
                     f'<p class="note print-only">{esc(text("bullets_print", lang))}</p>'
                     f'<div class="two screen-only">{blocks}</div></section>\n')
    segments = figures.segment_targets(report)
    if segments:
        blocks = "".join(f'<div class="panel"><h3>{esc(title(t, lang))}</h3>'
                         + figs.block(figures.segment_figure(t, lang), title(t, lang)) + "</div>" for t in segments)
        word = "segments" if by_segment(segments) else "groups"  # a case log's teams are not segments
        parts.append(f'<section id="segments"><h2>{esc(text(word, lang))}</h2>'
                     f'<p class="note">{esc(text(word + "_note", lang))}</p><div class="two">{blocks}</div>'
                     "</section>\n")
    parts.append(qualitative(report, lang))
    parts.append(signals_section(report, lang))  # none: ''
    parts.append(quality(report.data_quality, lang))
    return "".join(parts), figs.count > 0
