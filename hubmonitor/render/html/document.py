"""The page shell every dashboard page shares, and the one safe way to put text and figures in it.

- ``esc`` is the only way text from contracts or data reaches the HTML (``html.escape``).
- A figure is embedded as JSON inside ``<script type="application/json">`` with '<', '>' and
  '&' written as \\u escapes, so no string in it can close the script element; the shared
  ``assets/dashboard.js`` parses it and draws it. Pages carry no inline script at all, which lets
  a Content-Security-Policy forbid every script that is not a file in ``assets/``.
- Ids are fixed by the caller (``fig-1``, ``fig-2``, … per page): the same results give the same bytes.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar
from urllib.parse import quote

import plotly.io as pio

from hubmonitor.render.html.texts import slug, text
from hubmonitor.spreadsheet import text_cell

# Scripts only from files beside the page (assets/), no inline script, no network of any kind.
# 'file:' beside 'self' because some browsers give each file:// page an origin of its own.
CSP = ("default-src 'none'; script-src 'self' file:; style-src 'self' file: 'unsafe-inline'; "
       "img-src 'self' file: data: blob:; font-src 'self' data:; connect-src 'none'; base-uri 'none'; "
       "form-action 'none'")


def esc(value: object) -> str:
    """Text for HTML content or a quoted attribute value."""
    return html.escape(str(value), quote=True)


def danish(value: object, lang: str) -> str:
    """A text of the contract's own (a target's reference, "Mål 1", "Indsatsområde 2") escaped, and on an
    English page marked as Danish, so that a screen reader says it in Danish (WCAG 3.1.2; a review)."""
    return esc(value) if lang == "da" else f'<span lang="da">{esc(value)}</span>'


def css_string(value: object) -> str:
    """Text as a quoted CSS string that is safe inside a <style> element: every character but ASCII
    letters, digits, space and a few marks as a CSS escape, its code in hex and a space that ends it
    (the space is the escape's own: CSS takes it with the digits), so no quote, backslash, "<" or line
    break can end the string or the element."""
    safe = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,:()")
    return '"' + "".join(c if c in safe else f"\\{ord(c):x} " for c in str(value)) + '"'


def print_footer(title: str) -> str:
    """The printed page's footer on the left: the page's title (the hub, the year and the page) and when
    it was made, beside the page numbers of the stylesheet on the right, so that a sheet that leaves the
    pile still says which report it is of (a KKR review)."""
    return f"<style>@page {{ @bottom-left {{ content: {css_string(title)}; }} }}</style>\n"


class Drawable(Protocol):
    """A figure: a ``PlainFigure`` (every chart of the dashboards) or a plotly.py figure."""

    def to_dict(self) -> dict[str, Any]: ...


def figure_json(fig: Drawable) -> str:
    """The figure as JSON that is inert inside a <script> element: plotly.py's encoder with the
    stdlib json (the same bytes whether or not orjson is installed) and '<', '>', '&' as \\u
    escapes (valid JSON)."""
    raw = pio.to_json(fig.to_dict(), validate=False, pretty=False, engine="json")
    return raw.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


@dataclass(frozen=True)
class ChartData:
    """A chart's text alternative: one sentence that says what it shows (its caption and
    aria-describedby) and its numbers as a table (shown on request). ``headers`` and ``rows`` are
    plain text, already formatted the Danish (or English) way; they are escaped here. ``printed``:
    whether the table also prints (where the chart's numbers are not already on the page)."""

    summary: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    lang: str = "da"
    numeric: frozenset[int] = frozenset()
    printed: bool = False


_DATA_ATTR = "_hubmonitor_chart_data"
_SHOW_DATA = {"da": "Vis data som tabel", "en": "Show data as a table"}
_CSV_LINK = {"da": "Hent data (CSV)", "en": "Download data (CSV)"}
_TABLE_OF = {"da": "Tabel: {label}", "en": "Table: {label}"}
def chart_csv(data: ChartData) -> str:
    """The chart's table as CSV for a spreadsheet: ';'-separated (the Danish list separator), the
    cells as the table shows them, a formula start neutralised with an apostrophe."""
    return "".join(";".join(text_cell(c, ";", shown_numbers=True) for c in row) + "\r\n"
                   for row in (data.headers, *data.rows))


Fig = TypeVar("Fig", bound=Drawable)


def describe(fig: Fig, data: ChartData) -> Fig:
    """Attach ``data`` to ``fig`` (a private attribute: it never reaches the figure's JSON)."""
    object.__setattr__(fig, _DATA_ATTR, data)
    return fig


def chart_data(fig: Drawable) -> ChartData | None:
    found = getattr(fig, _DATA_ATTR, None)
    return found if isinstance(found, ChartData) else None


def data_block(fid: str, data: ChartData, label: str) -> str:
    """The caption under a chart and its numbers in a <details> (closed on screen)."""
    head = "".join(f'<th scope="col"{" class=num" if i in data.numeric else ""}>{esc(h)}</th>'
                   for i, h in enumerate(data.headers))
    body = "\n".join(
        "<tr>" + "".join((f'<th class="label" scope="row">{esc(c)}</th>' if i == 0 else
                          f'<td{" class=num" if i in data.numeric else ""}>{esc(c)}</td>') for i, c in enumerate(row))
        + "</tr>" for row in data.rows)
    printed = " printed" if data.printed else ""
    show = esc(_SHOW_DATA.get(data.lang, _SHOW_DATA["da"]))
    # the table scrolls sideways in its box on a narrow screen: the box takes the keyboard's focus
    # (arrow keys scroll it) and is named for the chart (axe: scrollable-region-focusable)
    region = esc(_TABLE_OF.get(data.lang, _TABLE_OF["da"]).format(label=label))
    return (f'<p class="chart-caption" id="{fid}-caption">{esc(data.summary)}</p>\n'
            f'<details class="chart-data{printed}"><summary>{show}<span class="sr">: {esc(label)}</span></summary>'
            f'<div class="chart-table" tabindex="0" role="region" aria-label="{region}">'
            f'<table class="data"><thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n'
            f'</tbody></table></div>'
            f'<p><a class="chart-csv" download="{esc(slug(label))}.csv" '
            f'href="data:text/csv;charset=utf-8,{esc(quote(chr(0xFEFF) + chart_csv(data), safe=""))}">'
            f'{esc(_CSV_LINK.get(data.lang, _CSV_LINK["da"]))}</a></p></details>\n')


class Figures:
    """Numbers the figures of one page in order: fig-1, fig-2, …"""

    def __init__(self) -> None:
        self.count = 0

    def block(self, fig: Drawable, label: str, css_class: str = "chart") -> str:
        """The chart, and where its builder described it (``describe``), its caption (also its
        aria-describedby) and its data table."""
        self.count += 1
        fid = f"fig-{self.count}"
        data = chart_data(fig)
        described = f' aria-describedby="{fid}-caption"' if data is not None else ""
        # role="figure", not "img": an img's children are presentational, and plotly puts a button
        # (download as PNG) inside the chart (axe: nested-interactive). dashboard.js hides plotly's SVG
        # layers from assistive technology, so the figure reads as its label and that one button.
        # in a box that scrolls: on a narrow screen the chart keeps a width its labels fit in (style.css)
        # data-name: the PNG the chart's download button saves is named as its CSV is (a review: every PNG
        # was "plot-image.png")
        return (f'<div class="chart-box"><div class="{css_class}" id="{fid}" data-figure="{fid}-data" '
                f'data-name="{esc(slug(label))}" role="figure" aria-label="{esc(label)}"{described}>'
                f'</div></div>\n<script type="application/json" id="{fid}-data">{figure_json(fig)}</script>\n'
                + (data_block(fid, data, label) if data is not None else ""))


@dataclass(frozen=True)
class Link:
    label: str
    href: str
    current: bool = False


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], *, numeric: set[int] | None = None,
          css_class: str = "data", caption: str | None = None, row_header: int | None = 0) -> str:
    """A table whose cells are already HTML (escape with ``esc`` before). The cells of column
    ``row_header`` (the first by default; None: none) name their row: ``<th class="label"
    scope="row">``, so that a screen reader reads each cell with its row's name (WCAG 1.3.1); the
    class keeps them in the cells' type and apart from the pages' main tables (``<th scope="row">``)."""
    numeric = numeric or set()
    head = "".join(f'<th scope="col"{" class=num" if i in numeric else ""}>{h}</th>' for i, h in enumerate(headers))

    def cell(i: int, c: str) -> str:
        num = " num" if i in numeric else ""
        if i == row_header:
            return f'<th class="label{num}" scope="row">{c}</th>'
        return f'<td{" class=num" if num else ""}>{c}</td>'

    body = "\n".join("<tr>" + "".join(cell(i, c) for i, c in enumerate(r)) + "</tr>" for r in rows)
    cap = f"<caption>{caption}</caption>" if caption else ""
    return f'<table class="{css_class}">{cap}<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody></table>\n'


def page(*, lang: str, title: str, heading: str, subtitle: str, body: str, root: str, nav: Sequence[Link],
         generated: str, charts: bool) -> str:
    """A whole page. ``root`` is the way back to the site's root ('' or '../'); ``title``,
    ``heading`` and ``subtitle`` are plain text (escaped here), ``body`` is HTML."""
    scripts = ""
    if charts:
        scripts = (f'<script defer src="{root}assets/plotly.min.js"></script>\n'
                   f'<script defer src="{root}assets/locale-da.js"></script>\n')
    scripts += f'<script defer src="{root}assets/dashboard.js"></script>\n'
    links = "".join(
        f'<li><a href="{esc(link.href)}"{" aria-current=page" if link.current else ""}>{esc(link.label)}</a></li>'
        for link in nav)
    return f"""<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="{CSP}">
<meta name="referrer" content="no-referrer">
<title>{esc(title)}</title>
<link rel="stylesheet" href="{root}assets/style.css">
{print_footer(f"{title} · {text('generated', lang)} {generated}")}{scripts}</head>
<body>
<a class="skip" href="#main">{esc(text("skip", lang))}</a>
<header class="top">
<nav aria-label="{esc(text("pages", lang))}"><ul>{links}</ul></nav>
<h1>{esc(heading)}</h1>
<p class="subtitle">{esc(subtitle)}</p>
</header>
<main id="main">
{body}</main>
<footer><p>{esc(text("generated", lang))} {esc(generated)} · hubmonitor</p></footer>
</body>
</html>
"""
