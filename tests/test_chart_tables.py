"""Every chart of the hub report has a text alternative: a one-sentence caption (its
aria-describedby) and its numbers as a table in a closed <details> (WCAG 1.1.1, as Open SDG gives
every indicator a table)."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from dashboard_site import (
    BREAKOUT,
    IMG,
    MIDTJYLLAND,
    SAMPLE,
    history_reports,
    open_page,
    require_chromium,
    sample_report,
    write_site,
    xss_reports,
)

import hubmonitor
from hubmonitor.render.html import figures, pace_figures
from hubmonitor.render.html.document import ChartData, Figures, chart_csv, chart_data, describe
from hubmonitor.render.html.site import build_site

REPORT_PAGE = "midtjylland-2024/rapport.html"
FIGURE = re.compile(r'<div class="[^"]+" id="(fig-\d+)" data-figure="fig-\d+-data" data-name="[^"]+" role="figure" '
                    r'aria-label="[^"]+"( aria-describedby="([^"]+)")?></div>')


@pytest.fixture(scope="module")
def page() -> str:
    return build_site([sample_report()], lang="da", generated="2024-12-31", workbooks=False)[REPORT_PAGE].decode()


def chart(page: str, fid: str) -> tuple[dict, str, list[list[str]]]:
    """The figure's JSON, its caption and its table's rows (header row first) as text."""
    data = json.loads(re.search(rf'<script type="application/json" id="{fid}-data">(.*?)</script>', page).group(1))
    caption = re.search(rf'<p class="chart-caption" id="{fid}-caption">(.*?)</p>', page).group(1)
    after = page[page.index(f'id="{fid}-caption"'):]
    table = after[after.index("<details"):after.index("</details>")]
    rows = [re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row) for row in re.findall(r"<tr>(.*?)</tr>", table)]
    return data, caption, rows


def danish(x: float) -> str:
    return f"{x:.1f}".replace(".", ",")


def test_every_chart_has_a_caption_and_a_table(page: str) -> None:
    found = FIGURE.findall(page)
    assert len(found) == 9
    for fid, _, described in found:
        assert described == f"{fid}-caption"
        _, caption, rows = chart(page, fid)
        assert caption.endswith(".") and len(rows) >= 2
    assert page.count('<summary>Vis data som tabel<span class="sr">: ') == 9
    assert "<details open" not in page  # shown on request


def test_bullet_table_is_the_figures_numbers(page: str) -> None:
    data, caption, rows = chart(page, "fig-1")
    assert caption == ("Kendskabsgrad 53,5 % mod målet ≥ 50,0 %: ✔ opfyldt; Andel nye vejledte virksomheder "
                       "54,0 % mod målet ≥ 50,0 %: ✔ opfyldt.")
    assert rows == [["Mål", "Værdi", "Målet", "95 %-konfidensinterval", "Status"],
                    ["Kendskabsgrad", "53,5 %", "≥ 50,0 %", "50,6–56,3 %", "✔ opfyldt"],
                    ["Andel nye vejledte virksomheder", "54,0 %", "≥ 50,0 %", "–", "✔ opfyldt"]]
    assert [danish(t["value"]) + " %" for t in data["data"]] == [r[1] for r in rows[1:]]
    assert [danish(t["gauge"]["threshold"]["value"]) for t in data["data"]] == ["50,0", "50,0"]


def test_every_bullet_table_has_the_bullets_values(page: str) -> None:
    for fid, _, _ in FIGURE.findall(page):
        data, _, rows = chart(page, fid)
        if data["data"][0]["type"] != "indicator":
            continue
        assert len(rows) == len(data["data"]) + 1, fid
        for trace, row in zip(data["data"], rows[1:], strict=True):
            shown = row[1].split(" ")[0].replace(".", "").replace(",", ".")
            decimals = len(shown.partition(".")[2])
            # the table rounds the unrounded value, as the card does; the chart's value is rounded to 2 decimals
            assert abs(float(shown) - trace["value"]) <= 0.5 * 10 ** -decimals + 0.005, (fid, row)


def test_segment_table_is_the_figures_numbers(page: str) -> None:
    data, caption, rows = chart(page, "fig-9")
    # each interval holds 80 %: the statuses say "usikker", as the bars' words do (a review: the table did not)
    assert caption == ("Meget tilfredse med medarbejdernes kompetencer, målet ≥ 80,0 %: drift 80,2 % (✔ opfyldt, "
                       "usikker); vækst 78,6 % (✘ ikke opfyldt, usikker).")
    assert rows == [["Gruppe", "Værdi", "Antal", "95 %-konfidensinterval", "Status"],
                    ["drift", "80,2 %", "588 / 733", "77,2–82,9 %", "✔ opfyldt, usikker"],
                    ["vækst", "78,6 %", "275 / 350", "74,0–82,5 %", "✘ ikke opfyldt, usikker"]]
    bar = data["data"][0]
    assert bar["x"] == ["drift", "vækst"] and [danish(y) + " %" for y in bar["y"]] == ["80,2 %", "78,6 %"]
    assert '<details class="chart-data printed">' in page  # the segments' table prints; the bullets' do not


def test_the_bullets_table_says_what_the_cards_say_beside_a_status() -> None:
    """The table beside the bullets wrote "✘ ikke opfyldt" where the card says "foreløbig (usikker)" (a
    review): the statuses carry the same marks (``render/format.status_marks``)."""
    report = hubmonitor.evaluate(MIDTJYLLAND, SAMPLE, as_of=date(2024, 6, 30))
    nps = next(t for t in report.targets if t.id == "M3.nps")
    data = figures.bullet_data([nps], "da", report.period.in_year)
    assert data.rows[0][-1] == "✘ ikke opfyldt, foreløbig, usikker"
    assert data.summary.endswith(": ✘ ikke opfyldt, foreløbig, usikker.")
    assert figures.bullet_data([nps], "en", False).rows[0][-1] == "✘ not met, uncertain"  # the year end's words


def test_pace_table_in_a_running_year() -> None:
    report = hubmonitor.evaluate(MIDTJYLLAND, SAMPLE, as_of=date(2024, 6, 30))
    t = pace_figures.paced_targets(report)[0]
    data = chart_data(pace_figures.pace_figure(t, report.period.start, "da"))
    assert data is not None
    assert data.summary == "Kommuner der har fået tilbudt et oplæg: opnået 12 (30.6.2024); mål 19: ↗ på sporet."
    assert data.headers == ("Dato", "Opnået", "Forventet forholdsmæssigt")
    assert data.rows[:2] == (("31.1.2024", "2", "1,6"), ("29.2.2024", "4", "3,1"))
    assert data.rows[6] == ("31.7.2024", "–", "11,1")  # after the data date: nothing reached yet
    assert len(data.rows) == len(t.progress)


def test_texts_are_escaped_and_not_in_the_figure_json() -> None:
    import plotly.graph_objects as go
    fig = describe(go.Figure(), ChartData(f"{BREAKOUT} {IMG}", ("a", "<b>"), ((IMG, "1"),), lang="en"))
    block = Figures().block(fig, "x")
    assert BREAKOUT not in block and IMG not in block and "<b>" not in block
    assert "&lt;img src=x onerror=alert(1)&gt;" in block and "Show data as a table" in block
    assert "hubmonitor_chart_data" not in block and "onerror" not in block.split("<p")[0]


def test_payload_site_escapes_captions_and_tables(tmp_path: Path) -> None:
    site = build_site(xss_reports(tmp_path / "xss"), lang="da", generated="2024-12-31", workbooks=False)
    page = site[REPORT_PAGE].decode()
    captions = re.findall(r'<p class="chart-caption"[^>]*>(.*?)</p>', page)
    tables = re.findall(r'<details class="chart-data[^"]*">(.*?)</details>', page, re.S)
    assert captions and tables
    for part in captions + tables:
        assert "<script" not in part and "<img" not in part
    assert any("&lt;/script&gt;&lt;script&gt;" in c for c in captions)


def test_page_stays_small_and_identical(page: str) -> None:
    again = build_site([sample_report()], lang="da", generated="2024-12-31", workbooks=False)[REPORT_PAGE].decode()
    assert again == page
    assert len(page.encode()) < 1_000_000


def test_history_and_national_charts_have_tables() -> None:
    """Every chart but the map (whose key is its table) has a caption."""
    site = build_site(history_reports(), lang="da", generated="2024-06-30", workbooks=False)
    for name, raw in site.items():
        if name.endswith(".html"):
            found = FIGURE.findall(raw.decode())
            if name.endswith("kommuner.html"):
                found = [f for f in found if f[0] != "fig-1"]
            assert all(described == f"{fid}-caption" for fid, _, described in found), name
    trend = site["historik-midtjylland.html"].decode()
    _, caption, rows = chart(trend, "fig-1")
    assert caption == ("Titel M1.awareness: 2022 39,0 % (✘ ikke opfyldt); 2023 43,0 % (✘ ikke opfyldt); "
                       "2024 t.o.m. 30.6. 51,0 % (✔ opfyldt, usikker).")  # its interval holds 50 %
    assert rows[0] == ["År", "Værdi", "Målet", "Status"]
    assert rows[3] == ["2024 t.o.m. 30.6.", "51,0 %", "≥ 50,0 %", "✔ opfyldt, usikker"]
    _, caption, rows = chart(site["national-historik.html"].decode(), "fig-1")
    assert caption == ("1 landsdækkende mål med et tal (milepæle står i tabellen), 3 erhvervshuse, 2022–2024: "
                       "2 af 6 vurderede resultater opfyldt.")  # review 6 Dec 2026: of those judged
    assert len(rows) == 1 + 6 and rows[0] == ["Mål", "Erhvervshus", "År", "Værdi", "Målet", "Status"]
    _, caption, rows = chart(site["national-2023.html"].decode(), "fig-1")
    assert caption == ("1 landsdækkende mål med et tal (milepæle står i tabellen), 3 erhvervshuse: "
                       "1 af 3 vurderede resultater opfyldt.")
    assert len(rows) == 1 + 3


def test_csv_download_is_the_table(page: str) -> None:
    from html import unescape
    from urllib.parse import unquote
    links = re.findall(r'<a class="chart-csv" download="([^"]+)" href="data:text/csv;charset=utf-8,([^"]+)">', page)
    assert len(links) == 9
    name, href = links[0]
    assert name == "vaerdi-mod-maal-maal-1.csv"
    assert unquote(unescape(href)) == ("\ufeffMål;Værdi;Målet;95 %-konfidensinterval;Status\r\n"
                                       "Kendskabsgrad;53,5 %;≥ 50,0 %;50,6–56,3 %;✔ opfyldt\r\n"
                                       "Andel nye vejledte virksomheder;54,0 %;≥ 50,0 %;–;✔ opfyldt\r\n")


def test_csv_neutralises_formulas_but_not_negative_numbers() -> None:
    data = ChartData("s", ("a", "b"), (("=HYPERLINK(1)", "-1,3 procentpoint"), ('@x;"y"', "-5.152")))
    assert chart_csv(data) == 'a;b\r\n\'=HYPERLINK(1);-1,3 procentpoint\r\n"\'@x;""y""";-5.152\r\n'


def test_table_opens_by_keyboard_and_csv_downloads(browser: Any, tmp_path: Path) -> None:
    require_chromium()
    site = write_site(tmp_path / "site", [sample_report()], "2024-12-31")
    page, watch = open_page(browser, site, REPORT_PAGE, accept_downloads=True)
    try:
        table = page.locator("#fig-9-caption + details table")
        assert not table.is_visible()
        page.locator("#fig-9-caption + details > summary").focus()
        page.keyboard.press("Enter")
        assert table.is_visible()
        described = page.evaluate("document.getElementById('fig-9').getAttribute('aria-describedby')")
        assert page.locator(f"#{described}").inner_text().startswith("Meget tilfredse")
        with page.expect_download() as info:
            page.locator("#fig-9-caption + details a.chart-csv").click()
        download = info.value
        assert download.suggested_filename == "meget-tilfredse-med-medarbejdernes-kompetencer.csv"
        assert Path(download.path()).read_text(encoding="utf-8-sig").splitlines()[1] == \
            "drift;80,2 %;588 / 733;77,2–82,9 %;✔ opfyldt, usikker"
        assert not watch.problems and not watch.dialogs, watch.problems
    finally:
        page.close()


MUNICIPAL_PAGE = "midtjylland-2024/kommuner.html"


def municipal_page(lang: str) -> str:
    return build_site([sample_report()], lang=lang, generated="2024-12-31", workbooks=False)[MUNICIPAL_PAGE].decode()


def test_municipal_page_charts_have_captions_and_tables() -> None:
    """The map (fig-1) has its key as its table; the spread (fig-2) and allocation (fig-3) charts
    have a caption, a table on request and a CSV, like every other chart."""
    page = municipal_page("da")
    found = {fid: described for fid, _, described in FIGURE.findall(page)}
    assert found == {"fig-1": "", "fig-2": "fig-2-caption", "fig-3": "fig-3-caption"}
    assert page.count('<summary>Vis data som tabel<span class="sr">: ') == 2
    assert page.count('<a class="chart-csv" download="') == 2
    assert '<details class="chart-data printed">' not in page  # the key and the allocation table print
    assert page == municipal_page("da") and len(page.encode()) < 1_000_000


def test_spread_table_is_the_figures_numbers() -> None:
    """The sample: 19 municipalities; Holstebro, Lemvig, Odder and Samsø below the band (the
    dialogue list). Samsø: 4 against 7,324 expected (band 6,592–8,057), ratio 0,55, first; Struer
    56 against 40,75 (ratio 1,37), last."""
    data, caption, rows = chart(municipal_page("da"), "fig-2")
    assert caption == ("19 kommuner mod det forventede ±10 %: 4 under båndet (Holstebro, Lemvig, Odder, Samsø), "
                       "10 inden for, 5 over.")
    assert rows[0] == ["Kommune", "Faktisk", "Forventet", "Bånd", "Placering"]
    assert len(rows) == 1 + 19
    assert rows[1] == ["Samsø", "4", "7,3", "6,6–8,1", "▼ under"]
    assert rows[2] == ["Lemvig", "29", "37,7", "33,9–41,4", "▼ under"]
    assert rows[-1] == ["Struer", "56", "40,7", "36,7–44,8", "▲ over"]
    assert sorted(r[0] for r in rows[1:] if r[4] == "▼ under") == ["Holstebro", "Lemvig", "Odder", "Samsø"]
    bars = {name.split(" ")[0]: x for trace in data["data"] if trace["type"] == "bar"
            for name, x in zip(trace["y"], trace["x"], strict=True)}
    assert all(bars[r[0]] == int(r[1]) for r in rows[1:])


def test_allocation_table_is_the_figures_numbers() -> None:
    """41.679 t.kr. over 19 municipalities and 2.801 guided companies: Aarhus 11.089 / 41.679 =
    26,6 % of the grant, 713 / 2.801 = 25,5 % of the guided; Samsø 116 / 41.679 = 0,3 %, 4 / 2.801 = 0,1 %."""
    data, caption, rows = chart(municipal_page("da"), "fig-3")
    assert caption == ("Basisbevilling 41.679 t.kr. til 19 kommuner; størst andel har Aarhus: 26,6 % af bevillingen "
                       "mod 25,5 % af de 2.801 individuelt vejledte virksomheder.")
    assert rows[0] == ["Kommune", "Andel af bevillingen", "Andel af individuelt vejledte", "Beløb (t.kr.)"]
    assert len(rows) == 1 + 19 + 1
    assert rows[1] == ["Aarhus", "26,6 %", "25,5 %", "11.089"]
    assert rows[2] == ["Randers", "7,4 %", "7,3 %", "3.065"]
    assert rows[-2] == ["Samsø", "0,3 %", "0,1 %", "116"]
    assert rows[-1] == ["I alt", "100,0 %", "100,0 %", "41.679"]
    grant = data["data"][0]
    assert grant["y"][:2] == ["Aarhus", "Randers"] and grant["x"][:2] == [26.61, 7.35]  # 26,606 %, 7,354 %


def test_municipal_charts_in_english() -> None:
    page = municipal_page("en")
    _, caption, rows = chart(page, "fig-2")
    assert caption == ("19 municipalities against the expected ±10 %: 4 below the band (Holstebro, Lemvig, Odder, "
                       "Samsø), 10 within, 5 above.")
    assert rows[0] == ["Municipality", "Actual", "Expected", "Band", "Position"]
    assert rows[1] == ["Samsø", "4", "7.3", "6.6–8.1", "▼ below"]
    _, caption, rows = chart(page, "fig-3")
    assert caption == ("Basic grant 41,679 thousand kr to 19 municipalities; the largest share goes to Aarhus: 26.6 % "
                       "of the grant against 25.5 % of the 2,801 individually guided companies.")
    assert rows[1] == ["Aarhus", "26.6 %", "25.5 %", "11,089"] and rows[-1] == ["Total", "100.0 %", "100.0 %", "41,679"]
    assert page.count('<summary>Show data as a table<span class="sr">: ') == 2
