"""The national comparison (for KL): every hub with results for a year on the national targets,
as a sortable heat-table (hubs × targets) with a link to each hub's report, and the targets side
by side as small multiples; and the index page that links everything. The count of national
targets met and the note on a year evaluated before its end are shared with the pages over the years."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from hubmonitor.days import date_text, short_date
from hubmonitor.reference import hub_name, load_registry
from hubmonitor.render.format import (
    RULE_CHANGED_TEXT,
    STATUS_ICON,
    STATUS_ORDER,
    contract_title,
    goal_text,
    in_year_dates,
    result_value_text,
    rule_changes,
    status_counts,
    status_marks,
    status_text,
    target_text,
    title,
)
from hubmonitor.render.html import figures
from hubmonitor.render.html.document import Figures, danish, esc, table
from hubmonitor.render.html.report_page import status_legend
from hubmonitor.render.html.signals_section import national_signals
from hubmonitor.render.html.texts import NATIONAL_TEXTS, report_folder, text
from hubmonitor.render.national_table import column_threshold, ranked
from hubmonitor.report import Report, TargetResult


@dataclass(frozen=True)
class MetCount:
    """A hub-year's national targets by status. Judged are the targets met or not met; during the
    year a target on track or behind is not judged yet, and one without data cannot be: both are
    counted beside the judged, not in them."""

    met: int = 0
    not_met: int = 0
    on_track: int = 0
    behind: int = 0
    missing: int = 0

    @property
    def judged(self) -> int:
        return self.met + self.not_met

    def fraction(self) -> str:
        """'8 / 8': met out of judged."""
        return f"{self.met} / {self.judged}"

    def rest(self, lang: str) -> str:
        """'· 2 på sporet · 5 mangler data': the targets not judged, by why ('' when none)."""
        parts = [(self.on_track, status_text("on_track", lang)), (self.behind, status_text("behind", lang)),
                 (self.missing, text("missing_data", lang))]
        return "".join(f" · {n} {label}" for n, label in parts if n)

    def sort_key(self) -> str:
        """The share met of those judged ('' when none is judged: sorted last)."""
        return repr(round(self.met / self.judged, 4)) if self.judged else ""


def met_count(targets: Iterable[TargetResult | None]) -> MetCount:
    """Count national targets by status (``None``: a target the hub's contract lacks, not counted)."""
    statuses = [t.status for t in targets if t is not None]
    return MetCount(met=statuses.count("met"), not_met=statuses.count("not_met"),
                    on_track=statuses.count("on_track"), behind=statuses.count("behind"),
                    missing=statuses.count("insufficient_data"))


def met_cell(count: MetCount, lang: str, href: str | None = None) -> str:
    """The content of a 'national targets met' cell: '8 / 8' (a link to ``href`` if given), then
    the targets not judged on a line of their own ('· 5 mangler data')."""
    main = f'<a href="{esc(href)}">{count.fraction()}</a>' if href is not None else count.fraction()
    rest = count.rest(lang)
    return main + (f'<span class="met-rest">{esc(rest)}</span>' if rest else "")


def in_year_mark(day: date, lang: str) -> str:
    """'til og med <date>' under a year or a figure whose data end before the year does."""
    return f'<span class="inyear">{esc(text("in_year", lang))} {esc(date_text(day, lang))}</span>'


def _data_up_to(r: Report, lang: str) -> str:
    """The listing's "data up to" cell: the as-of date, or where the data end before it (the
    data-ends-before-as-of warning) that day, and the day evaluated to beside it."""
    ends = r.data_end()
    if ends is None:
        return short_date(r.period.as_of, lang)
    to = short_date(r.period.as_of, lang)
    return f"{short_date(ends, lang)} ({'opgjort til' if lang == 'da' else 'evaluated to'} {to})"


def _provisional(r: Report, lang: str) -> str:
    """Beside the data date in the index of a year evaluated before its end: that its figures are
    provisional (in words that stay true once the year has ended)."""
    return f'<br><span class="note">{esc(text("provisional_short", lang))}</span>' if r.period.in_year else ""


def newest_dates(reports: Sequence[Report]) -> dict[int, date]:
    """Each year's latest day evaluated to among ``reports``: a year evaluated whole counts as its last
    day (a hub evaluated as of 30 June beside five whole years is the one whose data end early)."""
    newest: dict[int, date] = {}
    for r in reports:
        y = r.period.start.year
        newest[y] = max(newest.get(y, r.period.as_of), r.period.as_of)
    return newest


def hub_data_end(r: Report, latest: Mapping[int, date]) -> date | None:
    """Where a hub's data end when that is to be said beside the others: before the day it is evaluated
    to (``Report.data_end``), or, during the year, before the latest day the year's hubs are evaluated to
    (``latest``, ``newest_dates``); None otherwise."""
    ends = r.data_end()
    if ends is not None:
        return ends
    newest = latest.get(r.period.start.year)
    return r.period.as_of if newest is not None and r.period.as_of < newest else None


def missing_hubs(reports: Sequence[Report], lang: str, site: Sequence[Report] | None = None) -> str:
    """A note naming the hubs with no result among ``reports`` (a year's, or every year's) in a
    comparison of hubs (a review: "5 erhvervshuse" and no word of the sixth); '' when every hub is
    there or the site (``site``: its reports; default ``reports``) holds one hub's results alone (its
    own site compares it with none). A year in which one hub of several on the site has results names
    the others. Reports not of a hub (a municipality's, a sub-area's, made-up hubs) are not counted."""
    hubs = load_registry().hubs
    present = {r.erhvervshus for r in reports} & set(hubs)  # (a contract not of a hub is not compared here)
    on_site = {r.erhvervshus for r in site} & set(hubs) if site is not None else present
    if len(on_site) < 2:
        return ""
    absent = [h for h in hubs if h not in present]
    names = ", ".join(hub_name(h) for h in absent)  # (the hubs' own names, in either language)
    return f'<p class="note missing-hubs">{esc(text("missing_hubs", lang).format(hubs=names))}</p>' if absent else ""


def rule_notes(reports: Sequence[Report], lang: str) -> str:
    """A note per hub whose contract changed the rule of a national target (``format.rule_changes``):
    its figure stands in the column and counts in the ranking, marked "regel ændret af huset", and the
    note says which keys (a KL review found it ranked beside the others without a word)."""
    ids = {tid for tid, _ in figures.national_targets(reports)}
    notes = [text("rule_changed_note", lang).format(hub=r.hub, ref=t.ref, title=title(t, lang),
                                                    keys=", ".join(keys))
             for r in ranked(reports) for t in r.targets if t.id in ids and (keys := rule_changes(t))]
    return "".join(f'<p class="note rule-changed">{esc(n)}</p>' for n in notes)


def in_year_notes(reports: Sequence[Report], lang: str) -> str:
    """A note per year evaluated before its end (``in_year_dates``; "opgjort før årets udgang", true
    during the year and after it), and per finished year
    where a hub's data end early (``Report.data_end``)."""
    latest, newest = in_year_dates(reports), newest_dates(reports)
    whole = {r.period.start.year for r in reports if not r.period.in_year}

    def ended(year: int) -> str:
        """Each hub whose data end before the others' (a review found a hub's data to 30 June ranked
        beside the others' to 30 September with no word of it), or before the day it is evaluated to."""
        return "".join(" " + text("hub_data_ends", lang).format(hub=r.hub, date=date_text(e, lang))
                       for r in reports if r.period.start.year == year and (e := hub_data_end(r, newest)) is not None)

    def running(year: int) -> str:
        """Each hub evaluated before the year's end in a year the others are evaluated whole (a review:
        "2024: data til og med 30. juni 2024" under a heading of data to 31 December, naming no hub)."""
        return "".join(" " + text("hub_in_year", lang).format(hub=r.hub, date=date_text(r.period.as_of, lang))
                       for r in reports if r.period.start.year == year and r.period.in_year)

    notes = [(text("in_year_note", lang).format(year=y, date=date_text(latest[y], lang)) + ended(y)) if y not in whole
             else f"{y}:{running(y)}" for y in sorted(latest)]
    # a finished year whose data end early for a hub (data-ends-early): evaluated whole, its end said
    notes += [f"{y}:{said}" for y in sorted({r.period.start.year for r in reports} - set(latest)) if (said := ended(y))]
    return "".join(f'<p class="note inyear-note">{esc(n)}</p>' for n in notes)


def _sort_key(t: TargetResult | None) -> str:
    if t is None or t.value is None:
        return ""
    if isinstance(t.value, bool):
        return "1" if t.value else "0"
    if isinstance(t.value, int | float):
        return repr(figures.display(t.value, t.unit))
    return ""




def _cell(t: TargetResult | None, lang: str, own_target: bool, in_year: bool = False) -> str:
    """A target's cell: icon, value (and the hub's own threshold where the hubs' differ); ``in_year``:
    the hub's year is evaluated before its end (its verdict "foreløbig")."""
    if t is None:  # the hub's contract does not hold the national target (removed: a KL review found a bare "–")
        return (f'<td class="cell" data-sort="">{esc(text("missing", lang))}'
                f'<span class="unsure">{esc(text("removed_by_hub", lang))}</span></td>')
    status = _status_words(t, lang, in_year)
    label = f"{result_value_text(t, lang)} · {goal_text(t, lang)} · {status}"
    goal = f'<span class="goal">{esc(target_text(t, lang))}</span>' if own_target else ""
    marks = status_marks(t, lang, in_year, rule=False)  # (a rule changed: its own mark below)
    unsure = "".join(f'<span class="unsure" aria-hidden="true">{esc(m)}</span>' for m in marks)
    # seen in the cell, not only in its title and read-aloud text (its figure is another rule's)
    changed = (f'<span class="unsure" aria-hidden="true">{esc(RULE_CHANGED_TEXT[lang])}</span>'
               if rule_changes(t) else "")
    return (f'<td class="cell status-{esc(t.status)}" data-sort="{esc(_sort_key(t))}" title="{esc(label)}">'
            f'<span aria-hidden="true">{STATUS_ICON.get(t.status, "")}</span> {esc(result_value_text(t, lang))}'
            f'<span class="sr"> ({esc(status)})</span>{unsure}{changed}{goal}</td>')


def _status_words(t: TargetResult, lang: str, in_year: bool = False) -> str:
    """The status in words, with what the hub's report says beside its badge (``status_marks``): "foreløbig"
    in a running year (``in_year``), "usikker" where the interval holds the target ("opfyldt, usikker")."""
    return ", ".join([status_text(t.status, lang), *status_marks(t, lang, in_year)])


def _head(t: TargetResult, threshold: str | None, lang: str) -> str:
    """A target's column heading: reference, title and the threshold ('≥ 50,0 %'), or 'own
    target per hub' when the hubs are held to different thresholds (each cell then shows its own)."""
    hint = esc(text("sort_hint", lang))
    goal = esc(threshold) if threshold is not None else esc(NATIONAL_TEXTS[lang]["per_hub"])
    return (f'<th scope="col" title="{esc(title(t, lang))}"><button type="button" title="{hint}">'
            f'<span class="ref">{danish(t.ref, lang)}</span> {esc(title(t, lang))}<span class="goal">{goal}</span>'
            f"</button></th>")


def heat_table(reports: Sequence[Report], lang: str) -> str:
    """The hubs × national targets, ranked (``national_table.ranked``)."""
    targets = figures.national_targets(reports)
    if not targets:
        return f'<p class="note">{esc(text("no_national", lang))}</p>'
    hint = esc(text("sort_hint", lang))
    met_heading = esc(status_text("met", lang).capitalize())
    thresholds = [column_threshold(reports, tid, lang) for tid, _ in targets]
    heads = [f'<th scope="col"><button type="button" title="{hint}">{esc(text("hub", lang))}</button></th>',
             f'<th scope="col" aria-sort="descending"><button type="button" title="{hint}">{met_heading}</button>'
             f"</th>"]
    heads += [_head(t, threshold, lang) for (_, t), threshold in zip(targets, thresholds, strict=True)]
    rows = []
    latest = newest_dates(reports)
    for r in ranked(reports):
        by_id = {t.id: t for t in r.targets}
        national = [by_id.get(tid) for tid, _ in targets]
        met = met_count(national)
        href = f"{report_folder(r.erhvervshus, r.period.start.year)}/rapport.html"
        early = hub_data_end(r, latest)  # its data end before the others': said under its name
        mark = f"<br>{in_year_mark(early, lang)}" if early is not None else ""
        cells = [f'<th scope="row" data-sort="{esc(r.hub)}"><a href="{esc(href)}">{esc(r.hub)}</a>{mark}</th>',
                 f'<td class="num met" data-sort="{met.sort_key()}">{met_cell(met, lang)}</td>']
        cells += [_cell(t, lang, threshold is None, r.period.in_year)
                  for t, threshold in zip(national, thresholds, strict=True)]
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return (f'<div class="scroll heat-scroll" role="region" aria-label="{esc(NATIONAL_TEXTS[lang]["region"])}">'
            f'<table class="data heat sortable"><thead><tr>{"".join(heads)}</tr></thead>\n'
            f'<tbody>\n{chr(10).join(rows)}\n</tbody></table></div>\n')


def _print_cell(t: TargetResult | None, lang: str, own_target: bool, in_year: bool = False) -> str:
    """A cell of the printed table: icon, value, the status in words (paper has no colour key
    for a reader without colour) and the hub's own threshold where the hubs' differ."""
    if t is None:
        return f"<td>{esc(text('missing', lang))}<span class=\"st\">{esc(text('removed_by_hub', lang))}</span></td>"
    goal = f'<span class="goal">{esc(target_text(t, lang))}</span>' if own_target else ""
    return (f'<td class="cell status-{esc(t.status)}"><span aria-hidden="true">{STATUS_ICON.get(t.status, "")}'
            f'</span> {esc(result_value_text(t, lang))}<span class="st">{esc(_status_words(t, lang, in_year))}'
            f"</span>{goal}</td>")


def print_table(reports: Sequence[Report], lang: str) -> str:
    """The heat table turned for A4 portrait paper (docs/decisions.md): the national
    targets as rows, the hubs as columns in the ranked order, every figure and threshold of the
    screen table; the hubs' header row repeats on each printed page. Hidden on screen (and so
    from assistive technology there), where the sortable table above is the table."""
    targets = figures.national_targets(reports)
    if not targets:
        return ""
    order = ranked(reports)
    thresholds = [column_threshold(reports, tid, lang) for tid, _ in targets]
    heads = [f'<th scope="col">{esc(NATIONAL_TEXTS[lang]["target_col"])}</th>']
    latest = newest_dates(reports)  # a hub whose data end before the others': said under its name, as on screen
    heads += [f'<th scope="col">{esc(r.erhvervshus)}'
              + (f"<br>{in_year_mark(early, lang)}" if (early := hub_data_end(r, latest)) is not None else "")
              + "</th>" for r in order]
    by_hub = [({t.id: t for t in r.targets}, r.period.in_year) for r in order]
    met_heading = esc(status_text("met", lang).capitalize())
    rows = [f'<tr><th scope="row">{met_heading}</th>'
            + "".join(f'<td class="num met">{met_cell(met_count(b.get(tid) for tid, _ in targets), lang)}</td>'
                      for b, _ in by_hub) + "</tr>"]
    for (tid, t), threshold in zip(targets, thresholds, strict=True):
        goal = esc(threshold) if threshold is not None else esc(NATIONAL_TEXTS[lang]["per_hub"])
        head = (f'<th scope="row"><span class="ref">{danish(t.ref, lang)}</span> {esc(title(t, lang))}'
                f'<span class="goal">{goal}</span></th>')
        rows.append("<tr>" + head + "".join(_print_cell(b.get(tid), lang, threshold is None, in_year)
                                            for b, in_year in by_hub)
                    + "</tr>")
    return (f'<table class="data heat-print"><thead><tr>{"".join(heads)}</tr></thead>\n'
            f'<tbody>\n{chr(10).join(rows)}\n</tbody></table>\n')


def national_body(reports: Sequence[Report], lang: str, csv_href: str | None = None,
                  xlsx_href: str | None = None, beside: Sequence[Report] = (),
                  site: Sequence[Report] | None = None) -> tuple[str, bool]:
    """The national page's body: the ranked table (its order said in words, links to its CSV at
    ``csv_href`` and its workbook at ``xlsx_href``; turned for paper in print), then the targets
    side by side, the hubs in the table's ranked order. ``beside``: reports of the year that are not
    a hub's (the whole country), linked above the table, not ranked in it. ``site``: the hubs' reports
    of every year on the site (a hub on it without a result this year is named)."""
    figs = Figures()
    links = [f'<a href="{esc(href)}" download>{esc(NATIONAL_TEXTS[lang][key])}</a>'
             for key, href in (("xlsx", xlsx_href), ("csv", csv_href)) if href is not None]
    download = (f'<p class="downloads">{" · ".join(links)}</p>'
                if links and figures.national_targets(reports) else "")
    whole = ", ".join(f'<a href="{esc(report_folder(r.erhvervshus, r.period.start.year))}/rapport.html">'
                      f"{esc(r.hub)}</a>" for r in beside)
    also = f'<p class="note beside">{esc(NATIONAL_TEXTS[lang]["beside"])}: {whole}</p>' if beside else ""
    parts = [f'<section id="table"><h2>{esc(text("hubs", lang))}</h2>'
             f'<p class="note">{esc(text("national_note", lang))}</p>{also}{in_year_notes(reports, lang)}'
             f'{missing_hubs(reports, lang, site)}{rule_notes(reports, lang)}'
             f'<p class="note order">{esc(NATIONAL_TEXTS[lang]["order"])}</p>'
             f'<p class="note screen-only">{esc(NATIONAL_TEXTS[lang]["how"])}</p>{download}'
             f"{heat_table(reports, lang)}{print_table(reports, lang)}</section>\n"]
    fig = figures.national_figure(ranked(reports), lang)
    if fig is not None:
        parts.append(f'<section id="charts"><h2>{esc(text("national_charts", lang))}</h2><div class="panel">'
                     f'{figs.block(fig, text("national_charts", lang), "chart-wide")}</div></section>\n')
    parts.append(national_signals(reports, lang))  # no report with signals: ''
    return "".join(parts), figs.count > 0


def _status_counts(r: Report, lang: str) -> str:
    counts = status_counts(r.targets)
    return " ".join(f'<span class="badge status-{s}" title="{esc(status_text(s, lang))}">'
                    f'<span aria-hidden="true">{STATUS_ICON.get(s, "")}</span> {n}'
                    f'<span class="sr"> {esc(status_text(s, lang))}</span></span>'
                    for s in STATUS_ORDER if (n := counts.get(s)))


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
               histories: Mapping[str, str] | None = None, national_history: str | None = None,
               compared: Sequence[int] | None = None) -> str:
    """The pages over the years (each hub's history, the national comparison over the years),
    then per year (newest first): the national comparison (``compared``: the years that have one;
    default every year), then a row per hub with its status counts, contract period, data date and
    links to its pages."""
    histories = histories or {}
    # what the table's signs mean, in words: the report's own key
    sections = [_history_links(reports, lang, histories, national_history), status_legend(lang) + "\n"]
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
            rows.append([f'<a href="{folder}/rapport.html" title="{esc(contract_title(r, lang))}">{esc(r.hub)}</a>',
                         _status_counts(r, lang), esc(f"{short_date(r.period.start, lang)} – "
                                                      f"{short_date(r.period.end, lang)}"),
                         esc(_data_up_to(r, lang)) + _provisional(r, lang), " · ".join(links)])
        listing = table([esc(text(k, lang)) for k in ("hub", "status", "period", "data_date", "pages")], rows)
        national, missing = "", ""
        if compared is None or y in compared:  # the hubs compared that year: a hub without a result is named
            national = f'<p><a class="big" href="national-{y}.html">{esc(text("national", lang))} {y}</a></p>'
            missing = missing_hubs([r for r in reports if r.period.start.year == y], lang, reports)
        sections.append(f'<section id="year-{y}"><h2>{y}</h2>{national}{missing}<div class="scroll">{listing}</div>'
                        f'</section>\n')
    return "".join(sections)
