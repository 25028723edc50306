"""The pages over the contract years: a hub's history (every target's value, target and status per
year, and the trend of every numeric target with each year's own target) and, for KL, the
national comparison over the years (national targets met per hub and year, and a panel per
national target). HTML only; figures come from ``history_figures``. A year whose data end before
the contract year does is marked "til og med <date>", not left out."""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence

from hubmonitor.render.format import (
    GRANT_KINDS,
    STATUS_ICON,
    goal_text,
    result_value_text,
    rule_changed,
    shown_status,
    status_marks,
    status_text,
    title,
    whole_in_year_dates,
)
from hubmonitor.render.format import rule_changes as overridden_rule
from hubmonitor.render.html import history_figures as hf
from hubmonitor.render.html.document import Figures, danish, esc
from hubmonitor.render.html.figures import national_targets
from hubmonitor.render.html.national_page import in_year_mark, in_year_notes, met_cell, met_count, missing_hubs
from hubmonitor.render.html.palette import STATUS_MARKER_ICON
from hubmonitor.render.html.texts import report_folder, text
from hubmonitor.report import Report, TargetResult


def _year_head(r: Report, lang: str, href: str) -> str:
    partial = in_year_mark(r.period.as_of, lang) if r.period.in_year else ""
    css = ' class="partial"' if partial else ""
    return f'<th scope="col"{css}><a href="{esc(href)}">{r.period.start.year}</a>{partial}</th>'


def _changed(t: TargetResult, before: TargetResult | None) -> bool:
    """The target differs from the year before (not the allocation: its target is the year's grant)."""
    return (before is not None and t.kind not in GRANT_KINDS
            and (before.comparison, before.target) != (t.comparison, t.target))


def _cell(t: TargetResult | None, before: TargetResult | None, lang: str, *, partial: bool = False,
          first: bool = True, back: bool = False) -> str:
    """One target in one year; ``partial``: the year's data end before the year does; ``first``: the
    table's first year (nothing before it to be new against); ``back``: a year before the year before
    had it (absent the year before, it is back, not new: a KL review)."""
    extra = " partial" if partial else ""
    if t is None:
        return (f'<td class="cell absent{extra}">{esc(text("missing", lang))}'
                f'<span class="st">{esc(text("not_in_contract", lang))}</span></td>')
    # a target absent the year before is new in the contract; one whose threshold moved, a changed target
    # (a KL review: "nyt mål" said of a threshold's step and not of a target added)
    marks = ([text("target_back" if back else "target_new", lang)] if before is None and not first else
             [text("target_changed", lang)] if _changed(t, before) else [])
    marks += [text("rule_changed_year", lang)] if rule_changed(t, before) else []
    changed = "".join(f' <span class="changed">{esc(m)}</span>' for m in marks)
    return result_cell(t, lang, partial=partial, after_goal=changed)


def rule_changes(reports: Sequence[Report], ids: Sequence[str]) -> list[tuple[str, int]]:
    """(target id, year) where a target's rule differs from the year before's (``rule_changed``), in
    ``ids``' order, of one hub's years (``reports``, in year order)."""
    return [(tid, r.period.start.year) for tid in ids for before, r in itertools.pairwise(reports)
            if rule_changed(r.find(tid), before.find(tid))]


def rule_note(changes: Sequence[tuple[str, int]], lang: str) -> str:
    """The note naming where a target's rule changed between two years (empty: none)."""
    if not changes:
        return ""
    ids = ", ".join(text("rule_change_at", lang).format(id=tid, year=year) for tid, year in changes)
    return f'<p class="note rule-changes">{esc(text("rule_changes_note", lang).format(ids=ids))}</p>'


def result_cell(t: TargetResult, lang: str, *, partial: bool = False, after_goal: str = "",
                below_goal: str = "") -> str:
    """A target's result in a year's cell: value, goal, status (icon and word, "foreløbig" where the year
    runs, "usikker"), coloured by status; ``partial``: the year is evaluated before its end; ``after_goal``
    (HTML) follows the goal on its line, ``below_goal`` (text) is a line of its own."""
    extra = " partial" if partial else ""
    # the running year's verdict said as the report says it (a KKR review: "ikke opfyldt" in the history's
    # column of the running year read as the year's verdict)
    marks = status_marks(t, lang, partial, rule=False)  # (a rule changed: the cell's own mark, ``_cell``)
    beside = f" ({esc(', '.join(marks))})" if marks else ""
    status = shown_status(t)
    # the grant is no verdict: its amount and what it is split over, without "bevilling" under them as if one
    said = "" if t.kind in GRANT_KINDS else (
        f'<span class="st"><span aria-hidden="true">{STATUS_ICON.get(status, "")}</span> '
        f"{esc(status_text(status, lang))}{beside}</span>")
    return (f'<td class="cell status-{esc(status)}{extra}"><strong>{esc(result_value_text(t, lang))}</strong>'
            f'<span class="goal">{esc(goal_text(t, lang))}{after_goal}</span>'
            + (f'<span class="goal">{esc(below_goal)}</span>' if below_goal else "") + f"{said}</td>")


def history_table(reports: Sequence[Report], lang: str) -> str:
    """Targets × years: value, that year's target and status; '–' where a contract lacks the target."""
    ordered = sorted(reports, key=lambda r: r.period.start.year)
    heads = [f'<th scope="col">{esc(text("target", lang))}</th>']
    heads += [_year_head(r, lang, f"{report_folder(r.erhvervshus, r.period.start.year)}/rapport.html")
              for r in ordered]
    rows = []
    for tid in hf.target_ids(ordered):
        results = [r.find(tid) for r in ordered]
        newest = next(t for t in reversed(results) if t is not None)
        cells = [f'<th scope="row"><span class="meta">{danish(newest.ref, lang)} · {esc(tid)}</span>'
                 f"{esc(title(newest, lang))}{_earlier_titles(ordered, results, newest, lang)}</th>"]
        cells += [_cell(t, results[i - 1] if i else None, lang, partial=r.period.in_year, first=i == 0,
                        back=any(e is not None for e in results[:max(0, i - 1)]))
                  for i, (r, t) in enumerate(zip(ordered, results, strict=True))]
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return (f'<div class="scroll"><table class="data heat history"><thead><tr>{"".join(heads)}</tr></thead>\n'
            f'<tbody>\n{chr(10).join(rows)}\n</tbody></table></div>\n')


def _earlier_titles(ordered: Sequence[Report], results: Sequence[TargetResult | None], newest: TargetResult,
                    lang: str) -> str:
    """The titles a target had in earlier years where they differ from the newest, which heads its row,
    each with its years ("tidligere titel: Virksomheder der har brugt erhvervshuset (2022–2024)"): a KL
    review found a renamed target shown under its new title for every year, with no word of the old."""
    years: dict[str, list[int]] = {}
    for r, t in zip(ordered, results, strict=True):
        if t is not None and title(t, lang) != title(newest, lang):
            years.setdefault(title(t, lang), []).append(r.period.start.year)
    if not years:
        return ""
    shown = "; ".join(f"{name} ({_years_text(ys)})" for name, ys in years.items())
    return f'<span class="meta earlier-title">{esc(text("earlier_title", lang))}: {esc(shown)}</span>'


def _years_text(years: Sequence[int]) -> str:
    """Years as runs: 2022–2024, 2026."""
    runs: list[list[int]] = []
    for year in years:
        if runs and year == runs[-1][-1] + 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    return ", ".join(f"{run[0]}–{run[-1]}" if len(run) > 1 else str(run[0]) for run in runs)


def marker_legend(lang: str) -> str:
    """What the shapes and lines of the trend panels mean."""
    items = [f'<li><span class="mk status-{s}" aria-hidden="true">{icon}</span> {esc(status_text(s, lang))}</li>'
             for s, icon in STATUS_MARKER_ICON.items()]
    items += [f'<li><span class="mk" aria-hidden="true">▬</span> {esc(text("target", lang))}</li>',
              f'<li><span class="mk box" aria-hidden="true"></span> {esc(text("band", lang))}</li>',
              f'<li><span class="mk" aria-hidden="true">⋯</span> {esc(text("expected_to_date", lang))}</li>']
    return f'<ul class="legend" aria-label="{esc(text("legend_title", lang))}">{"".join(items)}</ul>'


def _missing_years(ordered: Sequence[Report], lang: str) -> str:
    """A note naming the years between the first and the last with no result of the hub (a review: a
    history "2022–2025" of 2022, 2024 and 2025 said nothing of 2023, and its trends ran over it)."""
    years = {r.period.start.year for r in ordered}
    gaps = [y for y in range(min(years), max(years) + 1) if y not in years] if years else []
    if not gaps:
        return ""
    last = f" {'og' if lang == 'da' else 'and'} {gaps[-1]}" if len(gaps) > 1 else str(gaps[-1])
    shown = ", ".join(map(str, gaps[:-1])) + last
    return f'<p class="note missing-years">{esc(text("missing_years", lang).format(years=shown))}</p>'


def hub_history_body(reports: Sequence[Report], lang: str) -> tuple[str, bool]:
    """The body of one hub's history page (``reports``: one per year) and whether it holds a figure."""
    figs = Figures()
    ordered = sorted(reports, key=lambda r: r.period.start.year)
    notes = (in_year_notes(ordered, lang) + _missing_years(ordered, lang)
             + rule_note(rule_changes(ordered, hf.target_ids(ordered)), lang))
    parts = [f'<section id="table"><h2>{esc(text("history_table", lang))}</h2>'
             f'<p class="note">{esc(text("history_note", lang))}</p>{notes}{history_table(ordered, lang)}</section>\n']
    panels = []
    for tid in hf.target_ids(ordered):
        results = [t for r in ordered if (t := r.find(tid)) is not None]
        if not any(hf.trended(t) for t in results):
            continue
        t = results[-1]
        label = f"{text('trend', lang)}: {title(t, lang)}"
        panels.append(f'<div class="panel"><p class="meta">{danish(t.ref, lang)} · {esc(tid)}</p>'
                      f"<h3>{esc(title(t, lang))}</h3>"
                      f"{figs.block(hf.trend_figure(ordered, tid, lang), label, 'chart-small')}</div>")
    if panels:
        parts.append(f'<section id="trend"><h2>{esc(text("trend", lang))}</h2>'
                     f'<p class="note">{esc(text("trend_note", lang))}</p>{marker_legend(lang)}'
                     f'<div class="multiples">{"".join(panels)}</div></section>\n')
    return "".join(parts), figs.count > 0


def national_met_table(reports: Sequence[Report], lang: str, history_hrefs: Mapping[str, str]) -> str:
    """Hubs × years: the national targets met out of those judged (met or not met), then those on
    track, behind or missing data (``national_page.met_count``), each linking to that year's
    national comparison."""
    years = sorted({r.period.start.year for r in reports})
    totals = {y: [tid for tid, _ in national_targets([r for r in reports if r.period.start.year == y])]
              for y in years}
    heads = [f'<th scope="col">{esc(text("hub", lang))}</th>']
    in_year = whole_in_year_dates(reports)  # a year marked only where every hub's is partial; a hub's cell says its own
    for y in years:
        mark = in_year_mark(in_year[y], lang) if y in in_year else ""
        heads.append(f'<th scope="col"><a href="national-{y}.html">{y}</a>{mark}</th>')
    rows = []
    for hub in hf.hubs(reports):
        mine = {r.period.start.year: r for r in reports if r.erhvervshus == hub}
        newest = mine[max(mine)]
        href = history_hrefs.get(hub, f"{report_folder(hub, newest.period.start.year)}/rapport.html")
        cells = [f'<th scope="row"><a href="{esc(href)}">{esc(newest.hub)}</a></th>']
        for y in years:
            r = mine.get(y)
            if r is None:
                cells.append(f'<td>{esc(text("missing", lang))}</td>')
                continue
            met = met_count(t for t in r.targets if t.id in totals[y])
            mark = in_year_mark(r.period.as_of, lang) if r.period.in_year else ""
            cells.append(f'<td>{met_cell(met, lang, f"national-{y}.html")}{mark}</td>')
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return (f'<div class="scroll"><table class="data national-years"><thead><tr>{"".join(heads)}</tr></thead>\n'
            f'<tbody>\n{chr(10).join(rows)}\n</tbody></table></div>\n')


HUB_CHANGES = ("framework_threshold", "framework_rule", "hub_removed", "hub_back")  # a hub's note, in this order
_THRESHOLD_KEYS = frozenset({"threshold", "comparison", "expected_total", "total"})  # a hub's own target, overridden


def _own(t: TargetResult | None, keys: frozenset[str] | None = None) -> bool:
    """Did the hub's contract override ``keys`` of the framework target (None: any key of its rule,
    ``GOAL_KEYS`` aside: ``rule_changes``)?"""
    if t is None:
        return False
    return bool(overridden_rule(t)) if keys is None else bool(keys & set(t.overridden))


def framework_notes(reports: Sequence[Report], lang: str) -> str:
    """A note per year whose national targets differ from the year before's: targets added or dropped,
    a threshold or a rule changed (a KL review: "8 / 13 | 9 / 12 | 11 / 14" read as progress over three
    different sets of targets). The framework's changes in one note; a hub's own (its contract overriding a
    threshold or a rule in one of the two years, removing a target the others keep, or taking it back) in a
    note naming the hub (a KL review: Fyn's own NPS target was said as the framework's, and its removal
    of a target not at all). Years in order; the first year is not compared."""
    by_year: dict[int, list[Report]] = {}
    for r in reports:
        by_year.setdefault(r.period.start.year, []).append(r)
    notes = []
    years = sorted(by_year)
    for last, year in itertools.pairwise(years):
        before = [tid for tid, _ in national_targets(by_year[last])]
        now = [tid for tid, _ in national_targets(by_year[year])]
        framework: dict[str, set[str]] = {"framework_threshold": set(), "framework_rule": set()}
        own: dict[str, dict[str, list[str]]] = {}  # hub → key → ids
        for r in by_year[year]:
            p = next((p for p in by_year[last] if p.erhvervshus == r.erhvervshus), None)
            if p is None:
                continue
            mine = own.setdefault(r.erhvervshus, {})
            for tid in now:
                t, q = r.find(tid), p.find(tid)
                if t is not None and q is not None:
                    for key, changed, keys in (
                            ("framework_threshold", (t.comparison, t.target) != (q.comparison, q.target),
                             _THRESHOLD_KEYS),
                            ("framework_rule", rule_changed(t, q), None)):
                        if not changed:
                            continue
                        if _own(t, keys) or _own(q, keys):
                            mine.setdefault(key, []).append(tid)
                        else:
                            framework[key].add(tid)
                elif tid in before and (t is None) != (q is None):  # the hub left it out, or took it back
                    mine.setdefault("hub_removed" if t is None else "hub_back", []).append(tid)
        changes = [text(key, lang).format(ids=", ".join(ids)) for key, ids in (
            ("framework_added", [tid for tid in now if tid not in before]),
            ("framework_removed", [tid for tid in before if tid not in now]),
            ("framework_threshold", sorted(framework["framework_threshold"])),
            ("framework_rule", sorted(framework["framework_rule"]))) if ids]
        if changes:
            notes.append(text("framework_changes", lang).format(year=year, changes="; ".join(changes)))
        for hub in sorted(own):  # the hubs' order everywhere on the page (``history_figures.hubs``)
            said = [text(key, lang).format(ids=", ".join(sorted(set(own[hub][key])))) for key in HUB_CHANGES
                    if own[hub].get(key)]
            if said:
                name = next(r.hub for r in by_year[year] if r.erhvervshus == hub)
                notes.append(text("hub_changes", lang).format(year=year, hub=name, changes="; ".join(said)))
    return "".join(f'<p class="note framework-changes">{esc(n)}</p>' for n in notes)


def missing_hub_years(reports: Sequence[Report], lang: str) -> str:
    """A note per hub without results in a year between its first and its last, or in a year the
    others have (a KL review: a "–" in the table said nothing, where each year's page names the hub)."""
    years = sorted({r.period.start.year for r in reports})
    notes = []
    for hub in hf.hubs(reports):
        mine = {r.period.start.year for r in reports if r.erhvervshus == hub}
        name = next(r.hub for r in reports if r.erhvervshus == hub)
        gaps = [str(y) for y in years if y not in mine]
        if gaps:
            notes.append(text("missing_hub_years", lang).format(hub=name, years=", ".join(gaps)))
    return "".join(f'<p class="note missing-years">{esc(n)}</p>' for n in notes)


def national_history_body(reports: Sequence[Report], lang: str, history_hrefs: Mapping[str, str]
                          ) -> tuple[str, bool]:
    """The body of the national comparison over the years (every hub, every year)."""
    figs = Figures()
    parts = [f'<section id="table"><h2>{esc(text("national_met", lang))}</h2>'
             f'<p class="note">{esc(text("national_history_note", lang))}</p>'
             f'<p class="note screen-only">{esc(text("national_history_how", lang))}</p>{in_year_notes(reports, lang)}'
             # a hub with no result in any year is named, as each year's page names the year's (a review:
             # "· 5 erhvervshuse" and no word of the sixth)
             f"{missing_hubs(reports, lang)}{missing_hub_years(reports, lang)}{framework_notes(reports, lang)}"
             f"{national_met_table(reports, lang, history_hrefs)}</section>\n"]
    fig = hf.national_history_figure(reports, lang)
    if fig is not None:
        parts.append(f'<section id="charts"><h2>{esc(text("national_trend", lang))}</h2>'
                     f'<p class="note">{esc(text("national_trend_note", lang))}</p><div class="panel">'
                     f'{figs.block(fig, text("national_trend", lang), "chart-wide")}</div></section>\n')
    return "".join(parts), figs.count > 0

