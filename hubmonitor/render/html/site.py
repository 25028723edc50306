"""The whole static site as {relative path: bytes}; only the CLI writes it to disk.

    index.html                      every hub and year, the national pages; period, data date, generation
    assets/                         plotly.min.js (once), style.css, dashboard.js, locale-da.js
    <hub>-<year>/rapport.html       the hub report (KKR)
    <hub>-<year>/kommuner.html      the municipal page
    <hub>-<year>.xlsx               the Excel workbook (``render/workbook.py``)
    national-<year>.html            the national comparison (KL), one per year with results
    national-<year>.csv             its table for download (``render/national_table.py``)
    national-<year>.xlsx            the same table as an Excel workbook (left out with the other workbooks)
    historik-<hub>.html             a hub's years side by side (a hub with results for two years or more)
    national-historik.html          the national comparison over the years (two years or more)
    udkast-<hub>-<year>.html        a draft contract tested on the past years (``hubmonitor backtest``)
    aendringer-<hub>-<old>-<new>.html  two contracts compared (``hubmonitor diff``)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from hubmonitor.days import date_text
from hubmonitor.errors import said
from hubmonitor.reference import load_registry
from hubmonitor.render.format import LANGS, contract_title
from hubmonitor.render.html import geo
from hubmonitor.render.html.assets import assets
from hubmonitor.render.html.document import Link, page
from hubmonitor.render.html.draft_pages import DraftPage, DuplicateDrafts, draft_pages, drafts_section
from hubmonitor.render.html.figures import hub_count
from hubmonitor.render.html.history_page import hub_history_body, national_history_body
from hubmonitor.render.html.municipal_figures import spread_target
from hubmonitor.render.html.municipal_page import municipal_body
from hubmonitor.render.html.national_page import index_body, national_body
from hubmonitor.render.html.report_page import period_text, report_body
from hubmonitor.render.html.texts import NATIONAL_HISTORY, history_page, report_folder, text
from hubmonitor.render.national_table import national_csv, national_xlsx
from hubmonitor.render.workbook import workbook_bytes
from hubmonitor.report import Report

if TYPE_CHECKING:
    from hubmonitor.contract.diff import ContractDiff
    from hubmonitor.engine.backtest import Backtest


class DuplicateResults(ValueError):
    """Two results for the same hub and year (or two drafts for one page): which should the pages show?"""


def _sorted(reports: Sequence[Report]) -> list[Report]:
    """Year (newest first), then hub name: the same order whatever order the files came in."""
    ordered = sorted(reports, key=lambda r: (-r.period.start.year, r.erhvervshus, r.hub))
    seen: dict[str, Report] = {}
    for r in ordered:
        key = report_folder(r.erhvervshus, r.period.start.year)
        if key in seen:
            year, ids = r.period.start.year, f"{seen[key].contract_id}, {r.contract_id}"
            raise DuplicateResults(said(f"to resultater for {r.hub} {year} ({ids}): giv én fil pr. erhvervshus og år",
                                        f"two results for {r.hub} {year} ({ids}): give one file per hub and year"))
        seen[key] = r
    return ordered


def data_date_text(report: Report, lang: str) -> str:
    """"Data til og med 6. december 2025"; evaluated to a day after the data end (the
    data-ends-before-as-of warning): "Opgjort til og med 6. december 2025 · data slutter 30. september 2025";
    before the year's end "· året er ikke slut: foreløbige tal" after it (the pages' subtitle: a
    director or a KKR sees at the top that the figures are provisional)."""
    day = date_text(report.period.as_of, lang)
    ends = report.data_end()
    running = f" · {text('year_not_over', lang)}" if report.period.in_year else ""
    if ends is None:
        return f"{text('data_date', lang)} {day}{running}"
    return f"{text('evaluated_to', lang)} {day} · {text('data_ends', lang)} {date_text(ends, lang)}{running}"


def _spans_hubs(report: Report) -> bool:
    """Are the report's municipalities those of more than one hub (a contract over the country)?"""
    by_name = load_registry().by_name
    return len({by_name[m].erhvervshus for m in report.municipalities if m in by_name}) > 1


def not_a_hub(report: Report) -> bool:
    """Is ``report`` not one of the six hubs' own (shown beside the national comparison, not ranked in
    it): a contract over the country (``_spans_hubs``), or one of municipalities whose ``erhvervshus`` is
    not a hub of the reference data (a contract of a few municipalities of one hub, "Odense-samarbejdet";
    a results file edited to name a hub there is none of). A KL review found such a report ranked as a
    seventh hub without a word. A report naming no municipality (made by hand, as the tests' are) is
    taken as the hub it names: every report ``evaluate`` writes names its contract's municipalities."""
    return (bool(report.municipalities) and report.erhvervshus not in load_registry().hubs) or _spans_hubs(report)


@dataclass(frozen=True)
class ReportBodies:
    """The bodies of a hub-year's two pages, each with whether it holds a figure: most of the
    site's work, and a function of the report and the language alone (``report_bodies``)."""

    report: tuple[str, bool]  # rapport.html
    municipal: tuple[str, bool]  # kommuner.html


def report_bodies(report: Report, lang: str) -> ReportBodies:
    """The bodies of ``report``'s report page and municipal page in ``lang``, as ``build_site`` puts them."""
    spread = spread_target(report)
    hub_map = geo.hub_map([g.key for g in spread.groups] if spread is not None else [])
    return ReportBodies(report=report_body(report, lang, municipal_href="kommuner.html"),
                        municipal=municipal_body(report, hub_map, lang))


def build_site(reports: Sequence[Report], *, lang: str = "da", generated: str,
               workbooks: bool = True, drafts: Sequence[Backtest | ContractDiff] = (),
               made: Mapping[str, bytes] | None = None,
               bodies: Mapping[str, ReportBodies] | None = None) -> dict[str, bytes]:
    """Every page of the dashboards. ``generated`` is the text of the one generation line (the
    only thing that changes from run to run); ``workbooks=False`` leaves out the .xlsx files;
    ``drafts``: backtests and contract diffs, a page each, linked from the index; ``made``: the
    workbooks made already (``<folder>.xlsx``: ``workbook_bytes`` of that report in ``lang``) and
    ``bodies`` the pages' bodies (``<folder>``: ``report_bodies`` of that report in ``lang``): the
    demo makes both in its workers."""
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}")
    ordered = _sorted(reports)
    try:
        extra = draft_pages(drafts, lang)
    except DuplicateDrafts as exc:
        raise DuplicateResults(exc.args[0]) from None  # (both languages kept)
    # the national comparison ranks the hubs; a report over several hubs' municipalities (the whole
    # country) has its own pages, linked beside the comparison, not ranked in it
    beside = [r for r in ordered if not_a_hub(r)]
    compared = [r for r in ordered if r not in beside]
    years = sorted({r.period.start.year for r in compared}, reverse=True)  # the national pages' years
    all_years = sorted({r.period.start.year for r in ordered}, reverse=True)
    out: dict[str, bytes] = dict(assets())
    site_title = text("site_title", lang)
    # A hub's history page when the site holds two years or more of it; the national one likewise.
    by_hub: dict[str, list[Report]] = {}
    for r in ordered:
        by_hub.setdefault(history_page(r.erhvervshus), []).append(r)
    histories = {path: group for path, group in by_hub.items() if len(group) > 1}
    history_hrefs = {group[0].erhvervshus: path for path, group in histories.items()}
    national_history = len(years) > 1

    def nav(root: str, current: str, folder: str | None = None, year: int | None = None,
            history: str | None = None) -> list[Link]:
        links = [Link(text("index", lang), f"{root}index.html", current == "index")]
        if folder is not None:
            links += [Link(text("report", lang), f"{root}{folder}/rapport.html", current == "report"),
                      Link(text("municipal", lang), f"{root}{folder}/kommuner.html", current == "municipal")]
            if workbooks:
                links.append(Link(text("workbook", lang), f"{root}{folder}.xlsx"))
        if history is not None:
            links.append(Link(text("history", lang), f"{root}{history}", current == "history"))
        for y in [] if current == "history" else years if year is None else [y for y in years if y == year]:
            links.append(Link(f"{text('national', lang)} {y}", f"{root}national-{y}.html", current == f"national-{y}"))
        if national_history and folder is None:
            links.append(Link(text("national_history_short", lang), f"{root}{NATIONAL_HISTORY}",
                              current == "national-history"))
        return links

    for r in ordered:
        year = r.period.start.year
        folder = report_folder(r.erhvervshus, year)
        history = history_hrefs.get(r.erhvervshus)
        subtitle = (f"{contract_title(r, lang)} · {text('period', lang)}: {period_text(r, lang)} · "
                    f"{data_date_text(r, lang)}")
        made_bodies = (bodies or {}).get(folder)
        both = made_bodies if made_bodies is not None else report_bodies(r, lang)
        body, charts = both.report
        out[f"{folder}/rapport.html"] = page(
            lang=lang, title=f"{r.hub} {year} – {text('report', lang)}", heading=f"{r.hub} {year}",
            subtitle=subtitle, body=body, root="../", nav=nav("../", "report", folder, year, history),
            generated=generated, charts=charts).encode("utf-8")
        body, charts = both.municipal
        out[f"{folder}/kommuner.html"] = page(
            lang=lang, title=f"{r.hub} {year} – {text('municipal', lang)}",
            heading=f"{r.hub} {year}: {text('municipal', lang).lower()}", subtitle=subtitle, body=body, root="../",
            nav=nav("../", "municipal", folder, year, history), generated=generated, charts=charts).encode("utf-8")
        if workbooks:
            made_already = (made or {}).get(f"{folder}.xlsx")
            out[f"{folder}.xlsx"] = made_already if made_already is not None else workbook_bytes(r, lang)
    for y in years:
        group = [r for r in compared if r.period.start.year == y]
        csv_name, xlsx_name = f"national-{y}.csv", f"national-{y}.xlsx"
        body, charts = national_body(group, lang, csv_href=csv_name, xlsx_href=xlsx_name if workbooks else None,
                                     beside=[r for r in beside if r.period.start.year == y], site=compared)
        out[csv_name] = national_csv(group, lang)
        if workbooks:
            out[xlsx_name] = national_xlsx(group, lang)
        out[f"national-{y}.html"] = page(
            lang=lang, title=f"{text('national', lang)} {y}", heading=f"{text('national', lang)} {y}",
            subtitle=(f"{site_title} · {hub_count(len(group), lang)} · {text('data_date', lang)} "
                      f"{date_text(max(r.data_end() or r.period.as_of for r in group), lang)}"), body=body, root="",
            nav=nav("", f"national-{y}"), generated=generated, charts=charts).encode("utf-8")
    for path, group in histories.items():
        newest = group[0]
        span = f"{group[-1].period.start.year}–{newest.period.start.year}"
        body, charts = hub_history_body(group, lang)
        out[path] = page(
            lang=lang, title=f"{newest.hub} {span} – {text('history', lang)}",
            heading=f"{newest.hub} {span}: {text('history', lang).lower()}",
            subtitle=f"{site_title} · {data_date_text(newest, lang)}",
            body=body, root="", nav=nav("", "history", history=path), generated=generated,
            charts=charts).encode("utf-8")
    if national_history:
        body, charts = national_history_body(compared, lang, history_hrefs)
        span = f"{years[-1]}–{years[0]}"
        out[NATIONAL_HISTORY] = page(
            lang=lang, title=f"{text('national_history', lang)} {span}",
            heading=f"{text('national_history', lang)} {span}",
            subtitle=f"{site_title} · {hub_count(len({r.erhvervshus for r in compared}), lang)}",
            body=body, root="", nav=nav("", "national-history"), generated=generated, charts=charts).encode("utf-8")
    for draft in extra:
        out[draft.path] = _draft_page(draft, lang, nav("", draft.path), generated)
    hubs = len({r.erhvervshus for r in ordered}) or len({d.hub for d in extra})  # a site of drafts only: theirs
    spanned = ((f" · {text('years', lang)}: {all_years[-1]}–{all_years[0]}" if len(all_years) > 1
                else f" · {text('year', lang)}: {all_years[0]}") if all_years else "")
    out["index.html"] = page(
        lang=lang, title=site_title, heading=site_title, root="",
        subtitle=f"{text('hubs', lang)}: {hubs}{spanned}",
        body=drafts_section(extra, lang) + index_body(
            ordered, lang, years=all_years, workbooks=workbooks, histories=history_hrefs,
            national_history=NATIONAL_HISTORY if national_history else None, compared=years),
        nav=nav("", "index"), generated=generated, charts=False).encode("utf-8")
    return dict(sorted(out.items()))


def _draft_page(draft: DraftPage, lang: str, nav: list[Link], generated: str) -> bytes:
    # the browser tab and a screen reader's page list name the hub: every hub's draft has the same heading
    return page(lang=lang, title=f"{draft.title} · {draft.hub}", heading=draft.title, subtitle=draft.subtitle,
                body=draft.body(lang),
                root="", nav=nav, generated=generated, charts=False).encode("utf-8")
