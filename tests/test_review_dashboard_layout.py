"""What a reviewer found in the dashboards in Chromium (8 December 2026, WCAG 1.4.10 and 1.4.4's intent):

- a long word in a contract's text (a title of one compound word, a URL) widened the whole page: a
  chart's caption and a note did not wrap it (5.034 px wide at a 1.280 px window);
- the "Værdi mod mål" chart's label of a grouped target ("78,6 % (laveste: vækst) ✘ ikke opfyldt") began
  19 px left of the chart, where no scrolling shows it; the English "Target ≥ 80.0 %" lost its "%" at the
  right edge; small multiples' titles ran past the chart at 320 px;
- at 320 px a table's caption was cut at its box's edge, read only by scrolling the table;
- every chart's PNG download was "plot-image.png".
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from dashboard_site import open_page, require_chromium, sample_report

from hubmonitor.render.html.site import build_site

# every SVG text of a chart lying outside the chart's own box (so no scrolling brings it into view)
CUT_JS = """() => { const out = []; document.querySelectorAll('.js-plotly-plot').forEach(d => {
    const box = d.getBoundingClientRect();
    d.querySelectorAll('svg text').forEach(t => { const r = t.getBoundingClientRect(); if (r.width < 1) return;
      if (r.left < box.left - 1 || r.right > box.right + 1) out.push(d.id + ': ' + t.textContent.slice(0, 50)); });
  }); return out; }"""

PAGES = ["da/midtjylland-2024/rapport.html", "da/sjaelland-2024/rapport.html", "da/sydjylland-2024/rapport.html",
         "en/sjaelland-2024/rapport.html", "en/sydjylland-2024/rapport.html", "da/national-2024.html",
         "da/national-historik.html", "en/national-historik.html"]


@pytest.fixture(scope="module")
def layout_browser(request: pytest.FixtureRequest) -> Any:
    require_chromium()
    return request.getfixturevalue("browser")


@contextlib.contextmanager
def opened(browser: Any, site: Path, name: str, width: int) -> Iterator[Any]:
    """A page of ``site`` at ``width`` px, its figures drawn again for that width; no console error or
    failed request by the time it closes."""
    page, watch = open_page(browser, site, name)
    try:
        page.set_viewport_size({"width": width, "height": 900})
        page.wait_for_timeout(400)  # plotly redraws for the new width
        yield page
        assert watch.problems == []
    finally:
        page.close()


@pytest.mark.parametrize("width", [320, 1280])
@pytest.mark.parametrize("name", PAGES)
def test_no_chart_text_lies_outside_its_chart(layout_browser: Any, demo_site: Path, name: str, width: int) -> None:
    with opened(layout_browser, demo_site, name, width) as page:
        assert page.evaluate(CUT_JS) == []


def test_a_long_word_in_a_contract_does_not_widen_the_page(layout_browser: Any, tmp_path: Path) -> None:
    report = sample_report()
    word = "Erhvervsfremmesystemets" + "virksomhedsudviklingsforløbsdeltagere" * 8
    long = report.model_copy(update={"targets": [t.model_copy(update={"title": f"{word} {t.title}"})
                                                 for t in report.targets]})
    for name, content in build_site([long], lang="da", generated="x", workbooks=False).items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    for name in ("midtjylland-2024/rapport.html", "midtjylland-2024/kommuner.html"):
        for width in (1280, 320):
            with opened(layout_browser, tmp_path, name, width) as page:
                assert page.evaluate("() => document.documentElement.scrollWidth") <= width, (name, width)


def test_a_tables_caption_stays_within_a_narrow_screen(layout_browser: Any, demo_site: Path) -> None:
    with opened(layout_browser, demo_site, "da/midtjylland-2024/rapport.html", 320) as page:
        sides = page.evaluate("""() => Array.from(document.querySelectorAll('.scroll > table > caption'))
            .filter(c => c.getClientRects().length)
            .map(c => [c.getBoundingClientRect().left, c.getBoundingClientRect().right])""")
        assert sides and all(left >= 0 and right <= 320 for left, right in sides), sides


def test_a_charts_png_is_named_as_its_csv(layout_browser: Any, demo_site: Path) -> None:
    with opened(layout_browser, demo_site, "da/midtjylland-2024/rapport.html", 1280) as page:
        names = page.evaluate("""() => Array.from(document.querySelectorAll('div[data-figure]')).map(d => [
            d._context.toImageButtonOptions.filename,
            (d.closest('.chart-box').parentElement.querySelector('a.chart-csv') || {}).download])""")
        assert names and all(png and png != "plot-image" for png, _ in names)
        assert ["vaerdi-mod-maal-maal-1", "vaerdi-mod-maal-maal-1.csv"] in names
