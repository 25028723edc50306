"""The national comparison (for KL): every hub with results for a year on the national targets,
as a sortable heat-table (hubs × targets) with a link to each hub's report, and the targets side
by side as small multiples; and the index page that links everything."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from hubmonitor.render.format import STATUS_ICON, status_text, target_text, title, value_text
from hubmonitor.render.html import figures
from hubmonitor.render.html.document import Figures, esc, table
from hubmonitor.render.html.texts import report_folder, short_date, text
from hubmonitor.report import Report, TargetResult


def _sort_key(t: TargetResult | None) -> str:
    if t is None or t.value is None:
        return ""
    if isinstance(t.value, bool):
        return "1" if t.value else "0"
    if isinstance(t.value, int | float):
        return repr(figures.display(t.value, t.unit))
    return ""


def _cell(t: TargetResult | None, lang: str) -> str:
    if t is None:
        return f'<td class="cell" data-sort="">{esc(text("missing", lang))}</td>'
    label = f"{value_text(t.value, t.unit, lang)} · {text('target', lang)} {target_text(t, lang)} · " \
            f"{status_text(t.status, lang)}"
    return (f'<td class="cell status-{esc(t.status)}" data-sort="{esc(_sort_key(t))}" title="{esc(label)}">'
            f'<span aria-hidden="true">{STATUS_ICON.get(t.status, "")}</span> {esc(value_text(t.value, t.unit, lang))}'
            f'<span class="sr"> ({esc(status_text(t.status, lang))})</span></td>')


def heat_table(reports: Sequence[Report], lang: str) -> str:
    targets = figures.national_targets(reports)
    if not targets:
        return f'<p class="note">{esc(text("no_national", lang))}</p>'
    hint = esc(text("sort_hint", lang))
    met_heading = esc(status_text("met", lang).capitalize())
    heads = [f'<th scope="col"><button type="button" title="{hint}">{esc(text("hub", lang))}</button></th>',
             f'<th scope="col"><button type="button" title="{hint}">{met_heading}</button></th>']
    heads += [f'<th scope="col" title="{esc(title(t, lang))}"><button type="button" title="{hint}">{esc(t.ref)}<br>'
              f"{esc(title(t, lang))}</button></th>" for _, t in targets]
    rows = []
    for r in reports:
        by_id = {t.id: t for t in r.targets}
        national = [by_id.get(tid) for tid, _ in targets]
        met = sum(1 for t in national if t is not None and t.status == "met")
        href = f"{report_folder(r.erhvervshus, r.period.start.year)}/rapport.html"
        cells = [f'<th scope="row" data-sort="{esc(r.erhvervshus)}"><a href="{esc(href)}">{esc(r.hub)}</a></th>',
                 f'<td class="num" data-sort="{met}">{met} / {len(targets)}</td>']
        cells += [_cell(t, lang) for t in national]
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return (f'<div class="scroll"><table class="data heat sortable"><thead><tr>{"".join(heads)}</tr></thead>\n'
            f'<tbody>\n{chr(10).join(rows)}\n</tbody></table></div>\n')


def national_body(reports: Sequence[Report], lang: str) -> tuple[str, bool]:
    figs = Figures()
    parts = [f'<section id="table"><h2>{esc(text("hubs", lang))}</h2>'
             f'<p class="note">{esc(text("national_note", lang))}</p>{heat_table(reports, lang)}</section>\n']
    fig = figures.national_figure(reports, lang)
    if fig is not None:
        parts.append(f'<section id="charts"><h2>{esc(text("national_charts", lang))}</h2><div class="panel">'
                     f'{figs.block(fig, text("national_charts", lang), "chart-wide")}</div></section>\n')
    return "".join(parts), figs.count > 0


def _status_counts(r: Report, lang: str) -> str:
    counts: dict[str, int] = {}
    for t in r.targets:
        counts[t.status] = counts.get(t.status, 0) + 1
    return " ".join(f'<span class="badge status-{s}" title="{esc(status_text(s, lang))}">'
                    f'<span aria-hidden="true">{STATUS_ICON.get(s, "")}</span> {n}'
                    f'<span class="sr"> {esc(status_text(s, lang))}</span></span>'
                    for s in ("met", "not_met", "on_track", "behind", "insufficient_data") if (n := counts.get(s)))


def _history_links(reports: Sequence[Report], lang: str, histories: Mapping[str, str],
                   national_history: str | None) -> str:
    """The pages over the years: the national comparison, then each hub's history."""
    if not histories and national_history is None:
        return ""
    parts = [f'<p><a class="big" href="{esc(national_history)}">{esc(text("national_history", lang))}</a></p>'
             ] if national_history is not None else []
    names = {r.erhvervshus: r.hub for r in reports}
    if histories:
        links = " · ".join(f'<a href="{esc(href)}">{esc(names[hub])}</a>' for hub, href in sorted(histories.items()))
        parts.append(f"<p>{esc(text('history', lang))}: {links}</p>")
    return f'<section id="history"><h2>{esc(text("over_the_years", lang))}</h2>{"".join(parts)}</section>\n'


def index_body(reports: Sequence[Report], lang: str, *, years: Sequence[int], workbooks: bool,
               histories: Mapping[str, str] | None = None, national_history: str | None = None) -> str:
    """The pages over the years (each hub's history, the national comparison over the years),
    then per year (newest first): the national comparison, then a row per hub with its status
    counts, contract period, data date and links to its pages."""
    histories = histories or {}
    sections = [_history_links(reports, lang, histories, national_history)]
    for y in years:
        rows = []
        for r in (r for r in reports if r.period.start.year == y):
            folder = report_folder(r.erhvervshus, y)
            links = [f'<a href="{folder}/rapport.html">{esc(text("report", lang))}</a>',
                     f'<a href="{folder}/kommuner.html">{esc(text("municipal", lang))}</a>']
            if workbooks:
                links.append(f'<a href="{folder}.xlsx">{esc(text("workbook", lang))}</a>')
            if r.erhvervshus in histories:
                links.append(f'<a href="{esc(histories[r.erhvervshus])}">{esc(text("history", lang))}</a>')
            rows.append([f'<a href="{folder}/rapport.html" title="{esc(r.contract)}">{esc(r.hub)}</a>',
                         _status_counts(r, lang), esc(f"{short_date(r.period.start, lang)} – "
                                                      f"{short_date(r.period.end, lang)}"),
                         esc(short_date(r.period.as_of, lang)), " · ".join(links)])
        listing = table([esc(text(k, lang)) for k in ("hub", "status", "period", "data_date", "pages")], rows)
        sections.append(f'<section id="year-{y}"><h2>{y}</h2><p><a class="big" href="national-{y}.html">'
                        f'{esc(text("national", lang))} {y}</a></p><div class="scroll">{listing}</div></section>\n')
    return "".join(sections)
