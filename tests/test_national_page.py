"""The national comparison (KL, issue 17 item 4): ranked by default, thresholds in the column
heads, a CSV of the same table beside the page, and at 1366 px a page that does not scroll
sideways (the table scrolls in its own box with the hub column fixed).

Five hubs made by hand (2024, three national targets), figures chosen so every tie-break shows:

- Fyn: awareness 55 % (≥ 50 %) met, green 72 % against its own 70 % met, tool done: 3 / 3
- Ærø: 60 % met, 75 % against 74 % met, done: 3 / 3 (ties Fyn; Danish order puts Æ after F)
- Bornholm: awareness without data, 80 % against 74 % met, done: 2 / 2 (share 1, fewer met)
- Sjælland: 44 % not met, 70 % against 74 % not met, done: 1 / 3
- Amager: nothing can be judged (0 / 0): last

Decisions: docs/decisions.md.
"""

from __future__ import annotations

import io
import json
import re
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from dashboard_site import history_report, history_target, open_page, require_chromium, write_site
from helpers import MIDTJYLLAND, SAMPLE

import hubmonitor
from hubmonitor.demo import generate
from hubmonitor.demo.pipeline import demo_jobs, evaluate_jobs
from hubmonitor.render.html.site import build_site
from hubmonitor.render.national_table import national_csv, ranked
from hubmonitor.report import Report, TargetResult


def aware(value: float | None, status: str) -> TargetResult:
    return history_target("M1.aware", value, 0.5, status)


def green(value: float | None, target: float, status: str) -> TargetResult:
    return history_target("M5.green", value, target, status, ref="Mål 5")


def tool(done: bool | None, status: str) -> TargetResult:
    return history_target("M5.tool", done, True, status, unit="bool", kind="milestone", comparison="==",
                          ref="Mål 5")


def hubs(sjaelland_name: str | None = None) -> list[Report]:
    """The five hubs, in an order that is none of the orders the page shows."""
    sj = history_report("Sjælland", 2024, [aware(0.44, "not_met"), green(0.70, 0.74, "not_met"), tool(True, "met")])
    if sjaelland_name is not None:
        sj = sj.model_copy(update={"hub": sjaelland_name})
    return [
        sj,
        history_report("Amager", 2024, [aware(None, "insufficient_data"), green(None, 0.74, "insufficient_data"),
                                         tool(None, "insufficient_data")]),
        history_report("Ærø", 2024, [aware(0.60, "met"), green(0.75, 0.74, "met"), tool(True, "met")]),
        history_report("Bornholm", 2024, [aware(None, "insufficient_data"), green(0.80, 0.74, "met"),
                                          tool(True, "met")]),
        history_report("Fyn", 2024, [aware(0.55, "met"), green(0.72, 0.70, "met"), tool(True, "met")]),
    ]


ORDER = ["Erhvervshus Fyn", "Erhvervshus Ærø", "Erhvervshus Bornholm", "Erhvervshus Sjælland", "Erhvervshus Amager"]


@pytest.fixture(scope="module")
def site() -> dict[str, bytes]:
    return build_site(hubs(), lang="da", generated="x", workbooks=False)


def table_of(page: str) -> str:
    return page.split('id="table"')[1].split("</table>")[0]


def test_ranked_by_share_met_then_count_then_danish_name() -> None:
    assert [r.hub for r in ranked(hubs())] == ORDER


def test_page_rows_are_ranked_and_the_order_is_said(site: dict[str, bytes]) -> None:
    page = site["national-2024.html"].decode()
    table = table_of(page)
    assert re.findall(r'<th scope="row" data-sort="([^"]*)">', table) == ORDER
    assert re.findall(r'<td class="num met" data-sort="([^"]*)">([^<]*)', table) == [
        ("1.0", "3 / 3"), ("1.0", "3 / 3"), ("1.0", "2 / 2"), ("0.3333", "1 / 3"), ("", "0 / 0")]
    # the default order is marked on the "Opfyldt" column and said in words above the table
    assert '<th scope="col" aria-sort="descending"><button type="button" title="Klik for at sortere">Opfyldt' in table
    assert ("Ordnet efter andelen af de nationale mål, der er opfyldt ud af dem, der kan vurderes (højeste først), "
            "dernæst antal opfyldte mål og erhvervshusets navn.") in page


def test_thresholds_in_the_column_heads(site: dict[str, bytes]) -> None:
    table = table_of(site["national-2024.html"].decode())
    heads = re.findall(r'<th scope="col" title="[^"]*"><button type="button" title="Klik for at sortere">(.*?)'
                       r"</button></th>", table)
    assert heads == [
        '<span class="ref">Mål 1</span> Titel M1.aware<span class="goal">≥ 50,0 %</span>',
        '<span class="ref">Mål 5</span> Titel M5.green<span class="goal">eget mål pr. hus</span>',
        '<span class="ref">Mål 5</span> Titel M5.tool<span class="goal">= ja</span>']
    # where the hubs' thresholds differ, each cell shows its own (Fyn first: 70 %, then 74 % for the rest)
    assert re.findall(r'<span class="goal">([^<]*)</span></td>', table) == [
        "≥ 70,0 %", "≥ 74,0 %", "≥ 74,0 %", "≥ 74,0 %", "≥ 74,0 %"]


def test_print_table_is_the_heat_table_turned(site: dict[str, bytes]) -> None:
    """The printed copy (hidden on screen): targets as rows, the hubs ranked as columns, the
    thresholds in the row heads or, where the hubs' differ, in each cell; the status in words."""
    page = site["national-2024.html"].decode()
    printed = page.split('<table class="data heat-print">')[1].split("</table>")[0]
    assert page.count('<table class="data heat-print">') == 1
    assert re.findall(r'<th scope="col">([^<]*)</th>', printed) == [
        "Mål og tærskel", "Fyn", "Ærø", "Bornholm", "Sjælland", "Amager"]
    assert re.findall(r'<td class="num met">([^<]*)', printed) == ["3 / 3", "3 / 3", "2 / 2", "1 / 3", "0 / 0"]
    rows = printed.split("<tr>")[3:]  # header row, "Opfyldt" row, then one row per target
    assert [re.findall(r'<th scope="row">(.*?)</th>', r)[0] for r in rows] == [
        '<span class="ref">Mål 1</span> Titel M1.aware<span class="goal">≥ 50,0 %</span>',
        '<span class="ref">Mål 5</span> Titel M5.green<span class="goal">eget mål pr. hus</span>',
        '<span class="ref">Mål 5</span> Titel M5.tool<span class="goal">= ja</span>']
    cell = r'<td class="cell status-(\w+)"><span aria-hidden="true">[^<]*</span> ([^<]*)<span class="st">([^<]*)</span>'
    assert re.findall(cell, rows[0]) == [("met", "55,0 %", "opfyldt"), ("met", "60,0 %", "opfyldt"),
                                         ("insufficient_data", "–", "mangler data"),
                                         ("not_met", "44,0 %", "ikke opfyldt"),
                                         ("insufficient_data", "–", "mangler data")]
    assert re.findall(r'<span class="goal">([^<]*)</span></td>', rows[1]) == [
        "≥ 70,0 %", "≥ 74,0 %", "≥ 74,0 %", "≥ 74,0 %", "≥ 74,0 %"]


def test_chart_follows_the_ranking(site: dict[str, bytes]) -> None:
    """The small multiples below the table list the hubs in the table's ranked order."""
    page = site["national-2024.html"].decode()
    data = json.loads(page.split('<script type="application/json" id="fig-1-data">')[1].split("</script>")[0])
    bars = [t for t in data["data"] if t["type"] == "bar"]
    assert len(bars) == 2 and all(t["y"] == ["Fyn", "Ærø", "Bornholm", "Sjælland", "Amager"] for t in bars)


def test_csv_beside_the_page_and_linked(site: dict[str, bytes]) -> None:
    page = site["national-2024.html"].decode()
    assert '<a href="national-2024.csv" download>Hent tabellen som CSV (semikolon, decimalkomma)</a>' in page
    # each hub's data date and whether its year is over (a review: a hub's data to 30 June were ranked
    # beside the others' to 30 September, and the file did not say so); each figure as the page shows it
    # (review 6 December 2026: "Opgjort før årets udgang", not "Året er ikke slut"; Fyn and Ærø tie: both rank 1)
    head = ("Rang;Erhvervshus;Opfyldt;Kan vurderes;På sporet;Bagud;Mangler data;Data til og med;"
            "Opgjort før årets udgang;"
            "Titel M1.aware [M1.aware] værdi (%);Titel M1.aware [M1.aware] mål;Titel M1.aware [M1.aware] status;"
            "Titel M5.green [M5.green] værdi (%);Titel M5.green [M5.green] mål;Titel M5.green [M5.green] status;"
            "Titel M5.tool [M5.tool] værdi;Titel M5.tool [M5.tool] mål;Titel M5.tool [M5.tool] status")
    rows = ["1;Erhvervshus Fyn;3;3;0;0;0;2024-12-31;nej;55,0;≥ 50,0 %;opfyldt;72,0;≥ 70,0 %;opfyldt;ja;ja;opfyldt",
            "1;Erhvervshus Ærø;3;3;0;0;0;2024-12-31;nej;60,0;≥ 50,0 %;opfyldt;75,0;≥ 74,0 %;opfyldt;ja;ja;opfyldt",
            "3;Erhvervshus Bornholm;2;2;0;0;1;2024-12-31;nej;;≥ 50,0 %;mangler data;80,0;≥ 74,0 %;opfyldt;ja;ja;"
            "opfyldt",
            "4;Erhvervshus Sjælland;1;3;0;0;0;2024-12-31;nej;44,0;≥ 50,0 %;ikke opfyldt;70,0;≥ 74,0 %;ikke opfyldt;"
            "ja;ja;opfyldt",
            "5;Erhvervshus Amager;0;0;0;0;3;2024-12-31;nej;;≥ 50,0 %;mangler data;;≥ 74,0 %;mangler data;;ja;"
            "mangler data"]
    assert site["national-2024.csv"] == ("\ufeff" + "\r\n".join([head, *rows]) + "\r\n").encode("utf-8")


def test_csv_decimals_and_english() -> None:
    reports = [history_report("Fyn", 2024, [history_target("M6.growth", -1.25, 0.0, "not_met", unit="pp",
                                                           comparison=">"),
                                            history_target("M1.aware", 0.51234, 0.5, "met")])]
    da = national_csv(reports, "da").decode("utf-8-sig").splitlines()
    # as the page shows them (a review found the file's 79,75 beside the page's 79,7 %), a half away from zero
    assert da[1] == ("1;Erhvervshus Fyn;1;2;0;0;0;2024-12-31;nej;-1,3;> 0,0 procentpoint;ikke opfyldt;51,2;≥ 50,0 %;"
                     "opfyldt")
    en = national_csv(reports, "en").decode("utf-8-sig").splitlines()
    assert en[0].startswith("Rank,Business hub,Met,Can be judged,On track,Behind,Missing data,Data up to,"
                            "Evaluated before the year's end,"  # review 6 December 2026, was "Year not over"
                            "Title M6.growth [M6.growth] value (pp),")
    assert en[1] == "1,Erhvervshus Fyn,1,2,0,0,0,2024-12-31,no,-1.3,> 0.0 pp,not met,51.2,≥ 50.0 %,met"


def test_hostile_hub_name_is_escaped_in_page_and_csv() -> None:
    name = '=HYPERLINK("x";"<b>y</b>")'
    site = build_site(hubs(sjaelland_name=name), lang="da", generated="x", workbooks=False)
    page = site["national-2024.html"].decode()
    assert "<b>y</b>" not in page and "=HYPERLINK(&quot;x&quot;;&quot;&lt;b&gt;y&lt;/b&gt;&quot;)" in page
    line = site["national-2024.csv"].decode("utf-8-sig").splitlines()[4]
    # an apostrophe so a spreadsheet reads text, not a formula; quoted because of ';' and '"'
    assert line.startswith('4;"\'=HYPERLINK(""x"";""<b>y</b>"")";1;3;')


def test_workbook_beside_the_page() -> None:
    site = build_site(hubs(), lang="da", generated="x", workbooks=True)
    page = site["national-2024.html"].decode()
    assert ('<p class="downloads"><a href="national-2024.xlsx" download>Hent tabellen som Excel-projektmappe</a> · '
            '<a href="national-2024.csv" download>') in page
    ws = openpyxl.load_workbook(io.BytesIO(site["national-2024.xlsx"]))["Nationale mål"]
    values = [[c.value for c in row] for row in ws.iter_rows()]
    assert values[0][:10] == ["Rang", "Erhvervshus", "Opfyldt", "Kan vurderes", "På sporet", "Bagud", "Mangler data",
                              "Data til og med", "Opgjort før årets udgang",  # review 6 December 2026
                              "Titel M1.aware [M1.aware] værdi (%)"]
    assert [row[1] for row in values[1:]] == ORDER
    assert values[1] == [1, "Erhvervshus Fyn", 3, 3, 0, 0, 0, datetime(2024, 12, 31), "nej", 55, "≥ 50,0 %",
                         "opfyldt", 72, "≥ 70,0 %", "opfyldt", "ja", "ja", "opfyldt"]
    assert values[5][9:12] == [None, "≥ 50,0 %", "mangler data"]
    assert ws.freeze_panes == "C2" and ws.auto_filter.ref == "A1:R6" and ws.print_title_rows == "$1:$1"
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToHeight == 0  # one page wide
    coloured = sorted(str(rng.sqref) for rng in ws.conditional_formatting)
    assert coloured == ["L2:L6", "O2:O6", "R2:R6"]
    assert build_site(list(reversed(hubs())), lang="da", generated="y", workbooks=True)["national-2024.xlsx"] == \
        site["national-2024.xlsx"]


def test_same_inputs_same_bytes_and_small() -> None:
    first = build_site(hubs(), lang="da", generated="x", workbooks=False)
    second = build_site(list(reversed(hubs())), lang="da", generated="x", workbooks=False)
    for name in ("national-2024.html", "national-2024.csv"):
        assert first[name] == second[name]
        assert len(first[name]) < 1_000_000


# --- in the browser, on the demo (six hubs, 13 national targets) -----------------------------

@pytest.fixture(scope="module")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = generate(tmp_path_factory.mktemp("national-demo") / "data", scale=0.02)
    reports = [report for _, report in evaluate_jobs(demo_jobs(data)) if report.period.start.year >= 2024]
    return write_site(tmp_path_factory.mktemp("national-site"), reports, "2025-09-30")


@pytest.fixture(scope="module")
def national_browser(request: pytest.FixtureRequest) -> Any:
    require_chromium()
    return request.getfixturevalue("browser")


@pytest.mark.parametrize("name", ["national-2024.html", "national-2025.html"])
def test_fits_1366_with_a_sticky_hub_column(national_browser: Any, demo_site: Path, name: str) -> None:
    page, watch = open_page(national_browser, demo_site, name)
    try:
        page.set_viewport_size({"width": 1366, "height": 768})
        page.wait_for_timeout(200)
        assert page.evaluate("document.documentElement.scrollWidth") <= 1366
        box = page.locator(".heat-scroll")
        # the table is wider than its box here, so it scrolls inside it ...
        assert box.evaluate("b => b.scrollWidth > b.clientWidth")
        first = page.locator("table.heat tbody tr").first.locator("th")
        assert first.evaluate("e => getComputedStyle(e).position") == "sticky"
        assert page.locator("table.heat thead th").first.evaluate("e => getComputedStyle(e).position") == "sticky"
        # ... and the hub column stays at the box's left edge when it does
        box.evaluate("b => { b.scrollLeft = b.scrollWidth; }")
        page.wait_for_timeout(100)
        left = box.evaluate("b => b.getBoundingClientRect().left")
        assert abs(first.evaluate("e => e.getBoundingClientRect().left") - left) < 1
        assert page.evaluate("document.documentElement.scrollWidth") <= 1366
        href = page.locator(".downloads a").get_attribute("href") or ""
        assert href == name.replace(".html", ".csv") and (demo_site / href).is_file()
        assert watch.problems == []
    finally:
        page.close()


def test_a_column_header_reached_by_tab_is_not_under_the_hub_column(national_browser: Any, demo_site: Path) -> None:
    """WCAG 2.4.7: tabbing back through the sort buttons scrolled each to the box's left edge, under the
    fixed hub column, where neither it nor its focus ring could be seen (0 of 119 px at 1280 px)."""
    page, watch = open_page(national_browser, demo_site, "national-2024.html")
    try:
        page.focus("table.heat thead th:last-child button")
        hidden = []
        for _ in range(page.locator("table.heat thead th button").count() - 1):  # not the hub column's own
            seen = page.evaluate("""() => { const b = document.activeElement.getBoundingClientRect();
                const hub = document.querySelector('table.heat thead tr > :first-child').getBoundingClientRect();
                return [document.activeElement.textContent.trim(), Math.round(b.left - hub.right)]; }""")
            if seen[1] < 0:
                hidden.append(seen)
            page.keyboard.press("Shift+Tab")
            page.wait_for_timeout(50)
        assert hidden == []
        assert watch.problems == []
    finally:
        page.close()


def test_a_hub_evaluated_before_the_year_end_beside_whole_years_is_marked_and_named() -> None:
    """A KL review (7 December 2026): five hubs' 2024 evaluated whole and Fyn's as of 30 June; Fyn was ranked
    among them with no mark on its row, and the only note, "2024: data til og med 30. juni 2024: opgjort
    før årets udgang …", named no hub under a heading of data to 31 December."""
    reports = [history_report("Fyn", 2024, [aware(0.55, "met")], as_of=date(2024, 6, 30)),
               history_report("Sydjylland", 2024, [aware(0.60, "met")], as_of=date(2024, 12, 31)),
               history_report("Sjælland", 2024, [aware(0.44, "not_met")], as_of=date(2024, 12, 31))]
    site = build_site(reports, lang="da", generated="x", workbooks=False)
    page = site["national-2024.html"].decode()
    assert ('<a href="fyn-2024/rapport.html">Erhvervshus Fyn</a><br><span class="inyear">til og med '
            "30. juni 2024</span></th>") in page
    assert '<th scope="col">Fyn<br><span class="inyear">til og med 30. juni 2024</span></th>' in page  # printed
    assert ('<p class="note inyear-note">2024: Erhvervshus Fyn er opgjort før årets udgang, med data til og med '
            "30. juni 2024: dens tal kan ikke sammenlignes med de andre erhvervshuses hele år.</p>") in page
    assert "2024: data til og med 30. juni 2024" not in page
    assert page.count('<span class="inyear">') == 2  # Fyn's row on screen and on paper; not the others'
    english = build_site(reports, lang="en", generated="x", workbooks=False)["national-2024.html"].decode()
    assert ("2024: Erhvervshus Fyn is evaluated before the year&#x27;s end, with data up to 30 June 2024: its "
            "figures cannot be compared with the other hubs&#x27; whole year.") in english


def test_a_hub_whose_data_end_earlier_and_a_missing_hub_are_named() -> None:
    """A KL review: one hub's year to 30 June ranked beside the others' to 30 September under the subtitle
    "Data til og med 30. september 2025", and a comparison of five hubs said nothing of the sixth."""
    reports = [history_report("Fyn", 2025, [aware(0.55, "met")], as_of=date(2025, 9, 30)),
               history_report("Sydjylland", 2025, [aware(0.60, "met")], as_of=date(2025, 6, 30)),
               history_report("Sjælland", 2025, [aware(0.44, "not_met")], as_of=date(2025, 9, 30))]
    site = build_site(reports, lang="da", generated="x", workbooks=False)
    page = site["national-2025.html"].decode()
    assert ("2025: data til og med 30. september 2025: opgjort før årets udgang" in page  # review 6 Dec 2026
            and " For Erhvervshus Sydjylland slutter data 30. juni 2025.</p>" in page)
    assert page.count("slutter data") == 1
    assert ('<a href="sydjylland-2025/rapport.html">Erhvervshus Sydjylland</a><br><span class="inyear">til og med '
            "30. juni 2025</span></th>") in page
    # the printed table (hubs as columns) says it under the hub's name too (a review: only the note did)
    assert '<th scope="col">Sydjylland<br><span class="inyear">til og med 30. juni 2025</span></th>' in page
    assert '<th scope="col">Fyn</th>' in page
    assert ('<p class="note missing-hubs">Ingen resultater for: Erhvervshus Hovedstaden, Erhvervshus Midtjylland, '
            "Erhvervshus Nordjylland.</p>") in page
    rows = site["national-2025.csv"].decode("utf-8-sig").splitlines()[1:]
    assert [row.split(";")[7:9] for row in rows] == [["2025-09-30", "ja"], ["2025-06-30", "ja"], ["2025-09-30", "ja"]]
    # reports not of a hub of the reference data (made up, as a contract over the country or a sub-area is
    # not a hub's) are left out of the note: it names the hubs missing beside Fyn and Sjælland, on the index as
    # on the national page (a review: the two disagreed), and nothing where no two hubs are on the site
    made_up = build_site(hubs(), lang="da", generated="x", workbooks=False)
    note = ('<p class="note missing-hubs">Ingen resultater for: Erhvervshus Hovedstaden, Erhvervshus Midtjylland, '
            "Erhvervshus Nordjylland, Erhvervshus Sydjylland.</p>")
    assert note in made_up["national-2024.html"].decode() and note in made_up["index.html"].decode()
    alone = build_site([r for r in hubs() if r.erhvervshus != "Sjælland"], lang="da", generated="x", workbooks=False)
    assert "missing-hubs" not in alone["national-2024.html"].decode() + alone["index.html"].decode()


def test_english_pages_name_the_contract_in_english() -> None:
    """A language review: every English report, municipal page and the index's link titles named the
    contract by its Danish title, though every contract has ``title_en``."""
    report = hubmonitor.evaluate(MIDTJYLLAND, SAMPLE)
    english = "Performance contract 2024 between KKR Midtjylland and Erhvervshus Midtjylland"
    danish = "Resultatkontrakt 2024 mellem KKR Midtjylland og Erhvervshus Midtjylland"
    site = build_site([report], lang="en", generated="x", workbooks=False)
    for name in ("midtjylland-2024/rapport.html", "midtjylland-2024/kommuner.html", "index.html"):
        page = site[name].decode()
        assert english in page and danish not in page, name
    assert danish in build_site([report], lang="da", generated="x", workbooks=False)["index.html"].decode()
    # the list under the verdict names what it lists: targets without data are in it too
    caption = "<caption>Targets not met, behind or without data</caption>"
    assert caption in site["midtjylland-2024/rapport.html"].decode()
    assert " · Year: 2024" in site["index.html"].decode()
    years = [history_report("Fyn", year, [aware(0.55, "met")]) for year in (2024, 2025)]
    two = build_site(years, lang="en", generated="x", workbooks=False)
    assert " · Years: 2024–2025" in two["index.html"].decode()  # it said "Year: 2024–2025"


def test_the_small_multiples_titles_fit_a_panel_on_paper() -> None:
    """A KKR review printing the national page: three titles of 40 characters a line ran into each other
    in panels of about 180 px (A4), and neighbouring axes read "100 %0 %"."""
    from hubmonitor.render.html.figures import national_figure

    long = "Meget tilfredse med medarbejdernes kompetencer"
    targets = [history_target("M3.satisfaction", 0.81, 0.8, "met", title=long), aware(0.55, "met")]
    fig = national_figure([history_report(hub, 2024, targets) for hub in ("Fyn", "Sjælland")], "da")
    assert fig is not None
    layout = fig.layout
    titles = [a["text"] for a in layout["annotations"]]
    # at most 22 characters a line (``PANEL_TITLE_WIDTH``): on paper and in a chart kept 480 px wide at 320 px
    # (a review of 8 December 2026: at 26 the rightmost panel's title ran 5 px past the chart)
    assert titles == ["Meget tilfredse med<br>medarbejdernes<br>kompetencer", "Titel M1.aware"]
    assert all(len(line) <= 22 for t in titles for line in t.split("<br>")), titles
    assert layout["xaxis2"]["domain"][0] - layout["xaxis"]["domain"][1] >= 0.07 - 1e-9
