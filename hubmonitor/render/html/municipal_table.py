"""The municipalities in one table: each one's companies against the spread's band and its part of the
basic grant. The report carries it (the KKR's printed scorecard: the municipal breakdown and the
money on the same paper as the targets, where a review found them only on the Kommuner page, which
prints on its own); the municipality page's key to the map shares its cells (``spread_cells``)."""

from __future__ import annotations

from collections.abc import Iterable

from hubmonitor.days import date_text
from hubmonitor.render.format import (
    band_edges_text,
    grant_so_far,
    held_back_note,
    no_count_note,
    number,
    population_basis,
    status_text,
    title,
)
from hubmonitor.render.html import municipal_figures as mf
from hubmonitor.render.html.document import esc, table
from hubmonitor.render.html.palette import BAND_ICON
from hubmonitor.render.html.texts import MAP_TEXTS, text
from hubmonitor.report import GroupResult, Report


def band_badge(status: str, lang: str) -> str:
    """A municipality's place against its band: icon, words and colour."""
    return (f'<span class="badge band-{esc(status)}"><span aria-hidden="true">{BAND_ICON.get(status, "")}</span> '
            f"{esc(status_text(status, lang))}</span>")


def population_note(report: Report, lang: str) -> str | None:
    """What the spread's expectations and the allocation key rest on: the population of its date (a KL
    review: a 2022 page rests on 2026's figures, and no page said so); the municipality page and the
    workbook's Kommuner and Fordeling sheets say it. None where neither rests on it (a contract's own
    table of the grant, Midtjylland 2024's, rests on no population: not said so, a review)."""
    spreads, keyed = population_basis(report)
    if not (spreads or keyed):
        return None
    return text("population_note" if keyed and spreads else "population_note_key" if keyed
                else "population_note_spread", lang).format(date=date_text(report.population_date, lang))


def spread_cells(g: GroupResult, lang: str) -> list[str]:
    """A municipality's spread as HTML cells: companies, expected (its band), its place against the band."""
    return [number(float(g.value or 0), 0, lang), f"{number(g.expected or 0, 1, lang)} ({band_edges_text(g, lang)})",
            band_badge(g.status, lang)]


def grant_totals(groups: Iterable[GroupResult]) -> tuple[float, int, float | None]:
    """The grant's total (t.kr.), the guided companies' total and the kr. per guided company of the
    whole (None: no company), as the total rows of the report's and the Kommuner page's tables say them."""
    groups = list(groups)
    amount = sum(g.amount or 0 for g in groups)
    guided = sum(g.guided or 0 for g in groups)
    return amount, guided, amount * 1000 / guided if guided else None


def _grant_cells(g: GroupResult | None, lang: str) -> list[str]:
    """A municipality's part of the basic grant (t.kr.) and the kr. per company it guided ("–": none guided)."""
    if g is None:
        return ["–", "–"]
    return [number(g.amount or 0, 0, lang), number(g.kr_per_guided, 0, lang) if g.kr_per_guided is not None else "–"]


def municipal_summary(report: Report, lang: str, municipal_href: str) -> str:
    """The section "Kommunerne": one row per municipality of the spread and the allocation, with the
    totals; empty where the contract has neither (a municipality's own service goals)."""
    spread, alloc = mf.spread_target(report), mf.allocation_target(report)
    spreads = {g.key: g for g in spread.groups} if spread is not None else {}
    grants = {g.key: g for g in alloc.groups} if alloc is not None else {}
    if not (spreads or grants):
        return ""
    words = MAP_TEXTS[lang]
    headers = [esc(text("municipality", lang))]
    if spreads:
        headers += [esc(text("actual", lang)), esc(words["expected_band"]), esc(words["position"])]
    if grants:
        headers += [esc(text("amount", lang)), esc(text("kr_per_guided", lang))]
    rows = []
    for key in sorted(spreads.keys() | grants.keys()):
        row = [esc(key)]
        if spreads:
            row += spread_cells(spreads[key], lang) if key in spreads else ["–", "–", ""]
        if grants:
            row += _grant_cells(grants.get(key), lang)
        rows.append(row)
    total = [f"<strong>{esc(text('total', lang))}</strong>"]
    if spreads:
        total += [f"<strong>{number(sum(float(g.value or 0) for g in spreads.values()), 0, lang)}</strong>", "", ""]
    if grants:
        amount, _, per = grant_totals(grants.values())
        total += [f"<strong>{number(amount, 0, lang)}</strong>", number(per, 0, lang) if per is not None else "–"]
    rows.append(total)
    numeric = {1, 2, 4, 5} if spreads and grants else {1, 2}
    notes = []
    if spread is not None and spreads:
        notes.append(text("municipal_summary_spread", lang).format(title=title(spread, lang),
                                                                   band=mf.band_width(spread, lang)))
        waiting = held_back_note(report.targets, lang)  # below by less than one company while the year runs
        notes.append(text("municipal_summary_band_yet" if waiting else "municipal_summary_band", lang))
        narrow = no_count_note([spread], lang)  # a band no count fits in: the KKR's paper says it too
        notes += [said for said in (waiting, narrow) if said is not None]
    if grants:
        notes.append(text("municipal_summary_grant", lang))
        so_far = grant_so_far(report, lang, sentence=True)
        if so_far is not None:
            notes.append(so_far)
    said = population_note(report, lang)
    if said is not None:
        notes.append(said)
    if grants and not population_basis(report)[1]:  # the contract's own table of amounts
        notes.append(text("allocation_table", lang))
    # what the Kommuner page adds: the map and the dialogue of the spread, the allocation's chart
    key = "municipal_summary_link" if spreads and grants else ("municipal_summary_link_spread" if spreads
                                                                else "municipal_summary_link_grant")
    link = f' <a href="{esc(municipal_href)}">{esc(text(key, lang))}</a>.'
    return (f'<section id="municipalities" class="municipal-summary"><h2>{esc(text("municipal_summary", lang))}</h2>'
            f'<p class="note">{esc(" ".join(notes))}{link}</p>'
            f'<div class="scroll">{table(headers, rows, numeric=numeric, css_class="data municipal-summary")}</div>'
            "</section>\n")
