"""The municipal page (for the hub director and the municipalities): the map against the
population band (the contract's tolerance), actual against expected, the municipalities to invite
to dialogue, and the allocation of the basic grant."""

from __future__ import annotations

import math
from collections.abc import Sequence

from hubmonitor.render.format import (
    band_edges_text,
    grant_so_far,
    held_back,
    held_back_note,
    no_count_note,
    number,
    percent,
    population_basis,
    title,
)
from hubmonitor.render.html import municipal_figures as mf
from hubmonitor.render.html.document import Figures, esc, table
from hubmonitor.render.html.geo import HubMap
from hubmonitor.render.html.municipal_table import band_badge, grant_totals, population_note, spread_cells
from hubmonitor.render.html.palette import BAND_ORDER
from hubmonitor.render.html.report_page import badge
from hubmonitor.render.html.texts import MAP_TEXTS, text
from hubmonitor.report import Report, TargetResult


def _counts(spread: TargetResult, lang: str) -> str:
    items = []
    for status in BAND_ORDER:
        n = sum(g.status == status for g in spread.groups)
        items.append(f'<li class="band-{status}"><span class="n">{n}</span>{band_badge(status, lang)}</li>')
    return f'<ul class="tiles">{"".join(items)}</ul>'


def _dialogue(spread: TargetResult, targets: Sequence[TargetResult], lang: str) -> str:
    """The spread's municipalities invited to dialogue, as a table; those another spread target of the
    contract invites, and those held back while the year runs (of every spread: ``held_back``), said under it."""
    below = sorted((g for g in spread.groups if g.dialogue), key=lambda g: g.key)
    narrow = no_count_note([spread], lang)  # also of a municipality above a band no count fits in
    waiting = held_back_note(targets, lang)  # below by less than one company while the year runs
    # a second spread target's invited (a review: the summary named eight, this table five)
    others = sorted({g.key for t in targets if t.kind == "municipal_spread" and t.id != spread.id for g in t.groups
                     if g.dialogue} - {g.key for g in below})
    also = (f"{text('dialogue_also', lang)}: {', '.join(others)}." if others else None)
    notes = "".join(f'<p class="note {kind}">{esc(said)}</p>' for kind, said in (
        ("dialogue-also", also), ("held-back", waiting), ("no-count", narrow)) if said)
    if not below:
        return f'<p class="note">{esc(text("no_dialogue_yet" if waiting else "no_dialogue", lang))}</p>' + notes
    rows = []
    for g in below:
        value = float(g.value or 0)
        short = max(0, math.ceil(round((g.low or 0) - value, 9)))  # (a whole edge's float: 15.000000000000002)
        rows.append([esc(g.key), number(value, 0, lang), number(g.expected or 0, 1, lang),
                     band_edges_text(g, lang), number(short, 0, lang)])
    return ('<div class="scroll">'  # five columns: scrolls in its own box at 320 px (WCAG 1.4.10)
            + table([esc(text(k, lang)) for k in ("municipality", "actual", "expected", "band", "shortfall")], rows,
                    numeric={1, 2, 3, 4}) + "</div>" + notes)


def map_note(spread: TargetResult, lang: str) -> str:
    """The map's note: the target's title and its band as the contract gives it."""
    return MAP_TEXTS[lang]["note"].format(title=title(spread, lang), band=mf.band_width(spread, lang))


def _map_key(spread: TargetResult, hub_map: HubMap, lang: str) -> str:
    """The key to the map's numbers, one row per municipality in number order, with the figures
    the map shows by colour: also the map's text alternative, and what the printed page reads."""
    words = MAP_TEXTS[lang]
    numbers = mf.map_numbers(spread)
    drawn = {s.name for s in hub_map.shapes}
    groups = {g.key: g for g in spread.groups}
    rows = []
    for key, n in numbers.items():
        g = groups[key]
        name = esc(key) if key in drawn else f"{esc(key)} <span class=\"note\">({esc(words['not_on_map'])})</span>"
        rows.append([str(n), name, *spread_cells(g, lang)])
    headers = [esc(words["number"]), esc(text("municipality", lang)), esc(text("actual", lang)),
               esc(words["expected_band"]), esc(words["position"])]
    key = table(headers, rows, numeric={0, 2, 3}, css_class="data map-key", caption=esc(words["key"]), row_header=1)
    return f'<div class="scroll map-key">{key}</div>'


def _allocation_table(alloc: TargetResult, lang: str) -> str:
    shares = mf.guided_shares(alloc)
    rows = []
    for g in sorted(alloc.groups, key=lambda g: g.key):
        rows.append([esc(g.key), number(g.amount or 0, 0, lang), percent(g.share or 0, 1, lang),
                     number(g.guided or 0, 0, lang), percent(shares[g.key], 1, lang),
                     number(g.kr_per_guided, 0, lang) if g.kr_per_guided is not None else "–"])
    total_amount, total_guided, per = grant_totals(alloc.groups)  # the whole grant per company, as the report says
    rows.append([f"<strong>{esc(text('total', lang))}</strong>", f"<strong>{number(total_amount, 0, lang)}</strong>",
                 percent(1, 1, lang), f"<strong>{number(total_guided, 0, lang)}</strong>",
                 percent(1, 1, lang) if total_guided else "–", number(per, 0, lang) if per is not None else "–"])
    return table([esc(text(k, lang)) for k in ("municipality", "amount", "grant_share", "guided", "guided_share",
                                               "kr_per_guided")], rows, numeric={1, 2, 3, 4, 5})


def municipal_body(report: Report, hub_map: HubMap, lang: str) -> tuple[str, bool]:
    """The body of the municipal page and whether it holds any figure."""
    figs = Figures()
    parts = []
    spread = mf.spread_target(report)
    if spread is None or not spread.groups:
        why = text("no_spread", lang) if spread is None else (spread.reason_en if lang == "en" else spread.reason)
        parts.append(f'<section id="map"><h2>{esc(text("map", lang))}</h2>'
                     + (f"<p>{badge(spread.status, lang)}</p>" if spread is not None else "")
                     + f'<p class="note">{esc(why or "")}</p></section>\n')
    else:
        parts.append(f'<section id="map"><h2>{esc(text("map", lang))}</h2>'
                     f'<p class="note">{esc(map_note(spread, lang))} '
                     f'<span class="screen-only">{esc(MAP_TEXTS[lang]["hover"])}</span></p>{_counts(spread, lang)}'
                     f'<div class="panel">{figs.block(mf.map_figure(spread, hub_map, lang), text("map", lang))}'
                     f'<p class="attribution">{esc(text("attribution", lang))}</p></div>'
                     f'{_map_key(spread, hub_map, lang)}</section>\n')
        parts.append(f'<section id="spread"><h2>{esc(text("spread_bars", lang))}</h2>'
                     f'<p class="note">{esc(text("spread_note", lang))}</p><div class="panel">'
                     f'{figs.block(mf.spread_figure(spread, lang), text("spread_bars", lang))}</div></section>\n')
        which = "dialogue_note_yet" if held_back(report.targets) else "dialogue_note"  # while the year runs
        parts.append(f'<section id="dialogue"><h2>{esc(text("dialogue", lang))}</h2>'
                     f'<p class="note">{esc(text(which, lang))}</p>{_dialogue(spread, report.targets, lang)}'
                     "</section>\n")
    alloc = mf.allocation_target(report)
    keyed = population_basis(report)[1]
    said = population_note(report, lang)
    if said is not None:
        parts.insert(0, f'<p class="note population">{esc(said)}</p>\n')
    if alloc is None or not alloc.groups:
        parts.append(f'<p class="note">{esc(text("no_allocation", lang))}</p>')
    else:
        note = text("allocation_note", lang) + ("" if keyed else " " + text("allocation_table", lang))
        so_far = grant_so_far(report, lang, sentence=True)  # during the year: the kr. per company so far
        if so_far is not None:
            note += f" {so_far}"
        parts.append(f'<section id="allocation"><h2>{esc(text("allocation", lang))}</h2>'
                     f'<p class="note">{esc(note)}</p><div class="scroll">'
                     f'{_allocation_table(alloc, lang)}</div><div class="panel">'
                     f'{figs.block(mf.allocation_figure(alloc, lang), text("allocation", lang))}</div></section>\n')
    return "".join(parts), figs.count > 0
