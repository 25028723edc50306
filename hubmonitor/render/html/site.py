"""The whole static site as {relative path: bytes}; only the CLI writes it to disk.

    index.html                      every hub and year, the national pages; period, data date, generation
    assets/                         plotly.min.js (once), style.css, dashboard.js, locale-da.js
    <hub>-<year>/rapport.html       the hub report (KKR)
    <hub>-<year>/kommuner.html      the municipal page
    <hub>-<year>.xlsx               the Excel workbook (``render/workbook.py``)
    national-<year>.html            the national comparison (KL), one per year with results
"""

from __future__ import annotations

from collections.abc import Sequence

from hubmonitor.render.format import LANGS
from hubmonitor.render.html import geo
from hubmonitor.render.html.assets import assets
from hubmonitor.render.html.document import Link, page
from hubmonitor.render.html.municipal_page import municipal_body
from hubmonitor.render.html.national_page import index_body, national_body
from hubmonitor.render.html.report_page import period_text, report_body
from hubmonitor.render.html.texts import date_text, report_folder, text
from hubmonitor.render.workbook import workbook_bytes
from hubmonitor.report import Report


class DuplicateResults(ValueError):
    """Two results for the same hub and year: which one should the pages show?"""


def _sorted(reports: Sequence[Report]) -> list[Report]:
    """Year (newest first), then hub name: the same order whatever order the files came in."""
    ordered = sorted(reports, key=lambda r: (-r.period.start.year, r.erhvervshus, r.hub))
    seen: dict[str, Report] = {}
    for r in ordered:
        key = report_folder(r.erhvervshus, r.period.start.year)
        if key in seen:
            raise DuplicateResults(f"two results for {r.hub} {r.period.start.year} ({seen[key].contract_id}, "
                             f"{r.contract_id}): give one file per hub and year")
        seen[key] = r
    return ordered


def build_site(reports: Sequence[Report], *, lang: str = "da", generated: str,
               workbooks: bool = True) -> dict[str, bytes]:
    """Every page of the dashboards. ``generated`` is the text of the one generation line (the
    only thing that changes from run to run); ``workbooks=False`` leaves out the .xlsx files."""
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}")
    ordered = _sorted(reports)
    make_workbook = workbook_bytes if workbooks else None
    years = sorted({r.period.start.year for r in ordered}, reverse=True)
    out: dict[str, bytes] = dict(assets())
    site_title = text("site_title", lang)

    def nav(root: str, current: str, folder: str | None = None, year: int | None = None) -> list[Link]:
        links = [Link(text("index", lang), f"{root}index.html", current == "index")]
        if folder is not None:
            links += [Link(text("report", lang), f"{root}{folder}/rapport.html", current == "report"),
                      Link(text("municipal", lang), f"{root}{folder}/kommuner.html", current == "municipal")]
            if make_workbook is not None:
                links.append(Link(text("workbook", lang), f"{root}{folder}.xlsx"))
        for y in years if year is None else [year]:
            links.append(Link(f"{text('national', lang)} {y}", f"{root}national-{y}.html", current == f"national-{y}"))
        return links

    for r in ordered:
        year = r.period.start.year
        folder = report_folder(r.erhvervshus, year)
        subtitle = (f"{r.contract} · {text('period', lang)}: {period_text(r, lang)} · "
                    f"{text('data_date', lang)} {date_text(r.period.as_of, lang)}")
        body, charts = report_body(r, lang, municipal_href="kommuner.html")
        out[f"{folder}/rapport.html"] = page(
            lang=lang, title=f"{r.hub} {year} – {text('report', lang)}", heading=f"{r.hub} {year}",
            subtitle=subtitle, body=body, root="../", nav=nav("../", "report", folder, year), generated=generated,
            charts=charts).encode("utf-8")
        hub_map = geo.hub_map([g.key for t in r.targets if t.kind == "municipal_spread" for g in t.groups])
        body, charts = municipal_body(r, hub_map, lang)
        out[f"{folder}/kommuner.html"] = page(
            lang=lang, title=f"{r.hub} {year} – {text('municipal', lang)}",
            heading=f"{r.hub} {year}: {text('municipal', lang).lower()}", subtitle=subtitle, body=body, root="../",
            nav=nav("../", "municipal", folder, year), generated=generated, charts=charts).encode("utf-8")
        if make_workbook is not None:
            out[f"{folder}.xlsx"] = make_workbook(r, lang)
    for y in years:
        group = [r for r in ordered if r.period.start.year == y]
        body, charts = national_body(group, lang)
        out[f"national-{y}.html"] = page(
            lang=lang, title=f"{text('national', lang)} {y}", heading=f"{text('national', lang)} {y}",
            subtitle=f"{site_title} · {len(group)} {text('hubs', lang).lower()}", body=body, root="",
            nav=nav("", f"national-{y}"), generated=generated, charts=charts).encode("utf-8")
    out["index.html"] = page(
        lang=lang, title=site_title, heading=site_title, root="",
        subtitle=(f"{text('hubs', lang)}: {len({r.erhvervshus for r in ordered})} · {text('year', lang)}: "
                  + (f"{years[-1]}–{years[0]}" if len(years) > 1 else str(years[0]))),
        body=index_body(ordered, lang, years=years, workbooks=make_workbook is not None),
        nav=nav("", "index"), generated=generated, charts=False).encode("utf-8")
    return dict(sorted(out.items()))
