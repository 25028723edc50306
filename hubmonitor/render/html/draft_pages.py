"""The pages for next year's contract in the site: a backtest (``udkast-<hub>-<year>.html``) and a
diff of two contracts (``aendringer-<hub>-<old year>-<new year>.html``), and the index's section
linking them. HTML from ``backtest_page`` and ``diff_page``; the paths are declared here once."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from hubmonitor.contract.diff import ContractDiff
from hubmonitor.engine.backtest import Backtest
from hubmonitor.errors import said
from hubmonitor.render.backtest_text import tx, years_text
from hubmonitor.render.diff_text import words
from hubmonitor.render.format import in_language
from hubmonitor.render.html.backtest_page import backtest_body
from hubmonitor.render.html.diff_page import diff_body
from hubmonitor.render.html.document import esc
from hubmonitor.render.html.texts import slug

TEXTS = {
    "section": {"da": "Næste års kontrakt", "en": "Next year's contract"},
    "backtest_short": {"da": "Udkast {year}: test på tidligere år", "en": "Draft {year}: tested on past years"},
    "diff_short": {"da": "Ændringer {old} → {new}", "en": "Changes {old} → {new}"},
}


def dt(key: str, lang: str, **values: object) -> str:
    return TEXTS[key][lang].format(**values)


class DuplicateDrafts(ValueError):
    """Two backtests or diffs that would be the same page."""


@dataclass(frozen=True)
class DraftPage:
    path: str
    hub: str
    title: str  # the page's title and heading
    link: str  # the index's link text
    subtitle: str
    document: Backtest | ContractDiff

    def body(self, lang: str) -> str:
        if isinstance(self.document, Backtest):
            return backtest_body(self.document, lang)
        return diff_body(self.document, lang)


def draft_page(document: Backtest | ContractDiff, lang: str) -> DraftPage:
    if isinstance(document, Backtest):
        span = years_text([y.year for y in document.years])
        named = in_language(document.draft_title, document.draft_title_en, lang)
        return DraftPage(f"udkast-{slug(document.erhvervshus)}-{document.draft_year}.html", document.hub,
                         tx("title", lang, year=document.draft_year), dt("backtest_short", lang,
                                                                              year=document.draft_year),
                         f"{document.hub} · {named} · {span}", document)
    old, new = document.old, document.new
    return DraftPage(f"aendringer-{slug(new.erhvervshus)}-{old.year}-{new.year}.html", new.hub,
                     words("heading", lang).format(old=old.year, new=new.year),
                     dt("diff_short", lang, old=old.year, new=new.year),
                     f"{new.hub} · {old.file} → {new.file}", document)


def draft_pages(documents: Sequence[Backtest | ContractDiff], lang: str) -> list[DraftPage]:
    """The pages, by hub and path; two documents for one page are refused."""
    pages = sorted((draft_page(d, lang) for d in documents),  # a hub's backtest before its diff
                   key=lambda p: (p.hub, not isinstance(p.document, Backtest), p.path))
    seen: set[str] = set()
    for p in pages:
        if p.path in seen:
            raise DuplicateDrafts(said(f"to dokumenter giver siden {p.path}: giv én backtest pr. udkast og én "
                                       "sammenligning pr. par af år", f"two documents for the page {p.path}: give "
                                       "one backtest per draft and one diff per pair of years"))
        seen.add(p.path)
    return pages


def drafts_section(pages: Sequence[DraftPage], lang: str) -> str:
    """The index's section linking the draft pages (nothing without any)."""
    if not pages:
        return ""
    items = "".join(f'<li><a href="{esc(p.path)}">{esc(p.hub)}: {esc(p.link)}</a></li>' for p in pages)
    return f'<section id="drafts"><h2>{esc(dt("section", lang))}</h2><ul>{items}</ul></section>\n'
