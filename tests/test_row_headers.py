"""Every data table on the demo's pages names its rows: each body row holds a row header
(``<th scope="row">``), so that a screen reader reads a cell with its row's name as well as its
column's (WCAG 2.1 1.3.1, "Info and Relationships"; H63). axe-core does not ask for row headers, so
the pages are read here: the tables made by ``document.table`` had none (the dialogue list, the map's
key, the targets not met, the findings, the signals, the changes between contracts)."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

from hubmonitor.render.html.document import table


class _Rows(HTMLParser):
    """Each table body row's first header cell: (page, table caption or class, row's text) of rows without one."""

    def __init__(self) -> None:
        super().__init__()
        self.missing: list[tuple[str, str]] = []
        self.tables = 0
        self._head = False
        self._label: list[str] = []
        self._row: list[tuple[str, str | None]] | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "table":
            self.tables += 1
            self._label.append(found.get("class") or "")
        elif tag == "thead":
            self._head = True
        elif tag == "tbody":
            self._head = False
        elif tag == "tr" and not self._head:
            self._row, self._text = [], []
        elif tag in ("td", "th") and self._row is not None:
            self._row.append((tag, found.get("scope")))

    def handle_endtag(self, tag: str) -> None:
        if tag == "tr" and self._row is not None:
            if self._row and ("th", "row") not in self._row:
                self.missing.append((self._label[-1], "".join(self._text).strip()[:60]))
            self._row = None
        elif tag == "table":
            self._label.pop()
        elif tag == "thead":
            self._head = False

    def handle_data(self, data: str) -> None:
        if self._row is not None:
            self._text.append(data)


def _missing(html: str) -> tuple[int, list[tuple[str, str]]]:
    rows = _Rows()
    rows.feed(html)
    return rows.tables, rows.missing


def test_every_table_row_on_the_demos_pages_has_a_row_header(demo_site: Path) -> None:
    pages = sorted(demo_site.rglob("*.html"))
    assert len(pages) > 30
    tables = 0
    missing = []
    for page in pages:
        count, rows = _missing(page.read_text(encoding="utf-8"))
        tables += count
        missing += [(str(page.relative_to(demo_site)), *row) for row in rows]
    assert tables > 200
    assert missing == []


def test_the_row_header_is_the_column_asked_for_and_keeps_its_alignment() -> None:
    html = table(["Nr.", "Kommune", "Faktisk"], [["1", "Assens", "62"], ["2", "Faaborg-Midtfyn", "7"]],
                 numeric={0, 2}, row_header=1)
    assert ('<tr><td class=num>1</td><th class="label" scope="row">Assens</th><td class=num>62</td></tr>'
            in html)
    html = table(["Kommune", "Beløb"], [["Aarhus", "1.000"]], numeric={0})
    assert '<tr><th class="label num" scope="row">Aarhus</th><td>1.000</td></tr>' in html
    assert _missing(table(["a", "b"], [["x", "y"]], row_header=None))[1] == [("data", "xy")]
