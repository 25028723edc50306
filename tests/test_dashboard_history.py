"""The dashboards over several years without a browser: a hub's history page (targets × years,
the trend of every numeric target with each year's own target) and the national comparison over
the years, from hand-made reports with known figures (``dashboard_site.history_reports``). The
browser checks are in test_dashboard_history_browser.py."""

from __future__ import annotations

import re
from datetime import date

import pytest
from dashboard_site import BREAKOUT, IMG, SCRIPT, history_report, history_reports, history_target, html_pages

from hubmonitor.render.html import history_figures as hf
from hubmonitor.render.html.history_page import hub_history_body, marker_legend
from hubmonitor.render.html.national_page import met_count
from hubmonitor.render.html.palette import STATUS_COLOUR, STATUS_MARKER_ICON, STATUS_SYMBOL
from hubmonitor.render.html.site import build_site
from hubmonitor.report import PeriodInfo, Report

BLUE, VERMILLION, SKY = "#0072B2", "#D55E00", "#56B4E9"
MID, SJ = "historik-midtjylland.html", "historik-sjaelland.html"


@pytest.fixture(scope="module")
def reports() -> list[Report]:
    return history_reports()


@pytest.fixture(scope="module")
def midtjylland(reports: list[Report]) -> list[Report]:
    return [r for r in reports if r.erhvervshus == "Midtjylland"]


@pytest.fixture(scope="module")
def pages(reports: list[Report]) -> dict[str, str]:
    return html_pages(build_site(reports, lang="da", generated="2024-06-30", workbooks=False))


def first(pattern: str, text: str) -> str:
    found = re.search(pattern, text)
    assert found is not None, pattern
    return found.group(1)


def traces(fig: dict[str, object]) -> dict[str, dict[str, object]]:
    data = fig["data"]
    assert isinstance(data, list)
    return {t["name"]: t for t in data}


# --- the trend of one target ----------------------------------------------------------------

def test_trend_of_a_count_whose_target_changes_every_year(midtjylland: list[Report]) -> None:
    fig = hf.trend_figure(list(reversed(midtjylland)), "M8.reach", "da").to_dict()  # any order in
    t = traces(fig)
    value = t["value"]
    assert value["x"] == [2022, 2023, 2024] and value["y"] == [4939.0, 4700.0, 2600.0]
    assert value["marker"]["color"] == [BLUE, VERMILLION, SKY]  # met, not met, on track
    assert value["marker"]["symbol"] == ["circle", "x", "triangle-up"]  # the shape says it without colour
    assert value["text"] == ["4.939", "4.700", "2.600"]  # Danish thousands separator
    # each year's own target as a segment over that year: a step where the contract changed it
    target = t["target"]
    assert target["y"] == [4500.0, 4500.0, None, 4750.0, 4750.0, None, 5000.0, 5000.0]
    assert target["x"] == pytest.approx([2021.68, 2022.32, None, 2022.68, 2023.32, None, 2023.68, 2024.32])
    assert target["line"]["color"] == "#111111" and target["line"]["dash"] == "solid"
    # 2024 is up to 30 June: the pro-rated target 5.000 × 182/366 = 2.486,34, a dotted line into it
    expected = t["expected"]
    assert expected["y"] == [2486.34, 2486.34] and expected["line"]["dash"] == "dot"
    assert "30. juni 2024" in expected["hovertext"][0] and "2.486,3" in expected["hovertext"][0]
    assert t["line"]["y"] == [4939.0, 4700.0, None]  # full years joined by a solid line
    assert t["line in year"]["x"] == [2023, 2024] and t["line in year"]["y"] == [4700.0, 2600.0]
    assert t["line in year"]["line"]["dash"] == "dot"
    assert fig["layout"]["xaxis"]["ticktext"] == ["2022", "2023", "2024<br>t.o.m. 30.6."]
    assert "Data til og med 30. juni 2024" in value["hovertext"][2]


def test_trend_of_a_band_and_of_a_share(midtjylland: list[Report]) -> None:
    balance = traces(hf.trend_figure(midtjylland, "M8.balance", "da").to_dict())
    assert balance["value"]["y"] == [48.2, 62.0]  # not in the 2024 contract: no point that year
    band = balance["target band"]
    assert band["fill"] == "toself" and "target" not in balance
    assert band["y"] == [40.0, 40.0, 60.0, 60.0, 40.0, None, 40.0, 40.0, 60.0, 60.0, 40.0]
    assert band["x"][:5] == pytest.approx([2021.68, 2022.32, 2022.32, 2021.68, 2021.68])
    aware = hf.trend_figure(midtjylland, "M1.awareness", "en").to_dict()
    value = traces(aware)["value"]
    assert value["y"] == [39.0, 43.0, 51.0] and value["marker"]["color"] == [VERMILLION, VERMILLION, BLUE]
    assert value["text"] == ["39.0 %", "43.0 %", "51.0 %"]
    assert traces(aware)["target"]["y"] == [50.0, 50.0, None, 50.0, 50.0, None, 50.0, 50.0]
    assert aware["layout"]["xaxis"]["ticktext"][-1] == "2024<br>to 30 Jun"
    assert aware["layout"]["yaxis"]["ticksuffix"] == " %" and aware["layout"]["separators"] == ".,"


def test_which_targets_get_a_trend(midtjylland: list[Report]) -> None:
    assert hf.target_ids(midtjylland) == ["M1.awareness", "M5.green_tool", "M8.reach", "M8.balance"]
    tool = history_target("M5.green_tool", True, True, "met", unit="bool", kind="milestone", comparison="==")
    grant = history_target("ALLOC", 100, 100, "met", unit="thousand_kr", kind="allocation", comparison="==")
    missing = history_target("M6.growth", None, 10, "insufficient_data", unit="pp", kind="external")
    assert [hf.trended(t) for t in (tool, grant, missing)] == [False, False, True]


# --- the national comparison over the years --------------------------------------------------

def test_national_history_figure(reports: list[Report]) -> None:
    fig = hf.national_history_figure(reports, "da")
    assert fig is not None
    data = fig.to_dict()["data"]
    lines = {t["name"]: t for t in data if t["name"] in ("Fyn", "Midtjylland", "Sjælland")}
    assert lines["Midtjylland"]["y"] == [39.0, 43.0, 51.0]
    assert lines["Sjælland"]["y"] == [30.0, 44.0, None] and lines["Fyn"]["y"] == [None, 55.0, None]
    styles = {k: (t["line"]["color"], t["line"]["dash"]) for k, t in lines.items()}
    assert styles == {"Fyn": (BLUE, "solid"), "Midtjylland": ("#B07A00", "dash"), "Sjælland": ("#009E73", "dot")}
    assert lines["Midtjylland"]["marker"]["symbol"] == ["square", "square", "square-open"]  # 2024: up to 30 June
    assert lines["Sjælland"]["marker"]["symbol"] == "diamond"
    targets = [t for t in data if t["name"] == "Nationalt mål"]
    # 2022: Sjælland's own 45 % beside the national 50 %: both, dotted; 2023 and 2024: one target, solid
    assert [(t["y"], t["line"]["dash"]) for t in targets] == [
        ([45.0, 45.0, None, 50.0, 50.0], "dot"), ([50.0, 50.0], "solid"), ([50.0, 50.0], "solid")]
    assert all(t["line"]["color"] == "#111111" for t in targets)
    assert [t["showlegend"] for t in targets] == [False, True, False]  # one legend entry for the target
    assert "Sjælland" in targets[0]["hovertext"][0] and "Midtjylland" in targets[0]["hovertext"][3]
    layout = fig.to_dict()["layout"]
    assert "egne mål" in layout["annotations"][0]["text"]
    assert layout["xaxis"]["ticktext"] == ["2022", "2023", "2024<br>t.o.m. 30.6."]


def test_national_met_table_links_each_year(pages: dict[str, str]) -> None:
    page = pages["national-historik.html"]
    rows = re.findall(r"<tr><th scope=\"row\">(.*?)</tr>", page)
    cells = {first(r">([^<]+)</a></th>", r): re.findall(r"<td>(.*?)</td>", r) for r in rows}
    assert list(cells) == ["Erhvervshus Fyn", "Erhvervshus Midtjylland", "Erhvervshus Sjælland"]
    assert cells["Erhvervshus Midtjylland"][:2] == ['<a href="national-2022.html">0 / 2</a>',
                                                     '<a href="national-2023.html">1 / 2</a>']
    assert cells["Erhvervshus Midtjylland"][2].startswith('<a href="national-2024.html">2 / 2</a>')
    assert "til og med 30. juni 2024" in cells["Erhvervshus Midtjylland"][2]
    assert cells["Erhvervshus Sjælland"] == ['<a href="national-2022.html">1 / 2</a>',
                                             '<a href="national-2023.html">1 / 2</a>', "–"]
    assert cells["Erhvervshus Fyn"][1] == '<a href="national-2023.html">2 / 2</a>'
    assert f'<a href="{MID}">Erhvervshus Midtjylland</a>' in page
    assert '<a href="fyn-2023/rapport.html">Erhvervshus Fyn</a>' in page  # one year: its report instead


# --- the pages -------------------------------------------------------------------------------

def test_history_table(pages: dict[str, str]) -> None:
    page = pages[MID]
    table = page.split('id="table"')[1].split("</section>")[0]
    head = table.split("</thead>")[0]
    assert re.findall(r'<a href="([^"]+)">(\d{4})</a>', head) == [
        ("midtjylland-2022/rapport.html", "2022"), ("midtjylland-2023/rapport.html", "2023"),
        ("midtjylland-2024/rapport.html", "2024")]
    assert '<span class="inyear">til og med 30. juni 2024</span>' in head
    assert "2024: data til og med 30. juni 2024: opgjort før årets udgang" in table  # review 6 Dec 2026
    rows = {first(r'<span class="meta">[^·]+· ([^<]+)</span>', r): r for r in table.split("<tr>")[2:]}
    assert list(rows) == ["M1.awareness", "M5.green_tool", "M8.reach", "M8.balance"]
    reach = re.findall(r"<td class=\"([^\"]+)\"><strong>([^<]+)</strong><span class=\"goal\">([^<]+)", rows["M8.reach"])
    assert reach == [("cell status-met", "4.939", "Mål ≥ 4.500"), ("cell status-not_met", "4.700", "Mål ≥ 4.750 "),
                     ("cell status-on_track partial", "2.600", "Mål ≥ 5.000 ")]
    assert rows["M8.reach"].count('<span class="changed">mål ændret</span>') == 2
    assert "✔</span> opfyldt" in rows["M8.reach"] and "↗</span> på sporet" in rows["M8.reach"]
    assert '<td class="cell absent partial">–<span class="st">ikke i kontrakten</span>' in rows["M8.balance"]
    assert "Mål 40,0 % – 60,0 %" in rows["M8.balance"]
    tool = rows["M5.green_tool"]  # a milestone: icons in the table, no chart
    assert "<strong>nej</strong>" in tool and "✘</span> ikke opfyldt" in tool and tool.count("<strong>ja</strong>") == 2
    assert "opfyldt (usikker)" in rows["M1.awareness"]
    trend = page.split('id="trend"')[1]
    assert trend.count('data-figure="fig-') == 3 and "Titel M5.green_tool" not in trend


def test_history_pages_and_nav_links(pages: dict[str, str]) -> None:
    assert {k for k in pages if "historik" in k} == {MID, SJ, "national-historik.html"}  # Fyn has one year
    for year in (2022, 2023, 2024):
        for name in ("rapport", "kommuner"):
            assert f'<a href="../{MID}">Historik</a>' in pages[f"midtjylland-{year}/{name}.html"]
    assert f'<a href="../{SJ}">Historik</a>' in pages["sjaelland-2022/rapport.html"]
    assert "Historik</a>" not in pages["fyn-2023/rapport.html"]
    for page in ("index.html", "national-2022.html", "national-2024.html", MID):
        assert '<a href="national-historik.html">National historik</a>' in pages[page], page
    assert f'<a href="{MID}" aria-current=page>Historik</a>' in pages[MID]
    index = pages["index.html"]
    assert f'<a href="{MID}">Erhvervshus Midtjylland</a>' in index and f'<a href="{SJ}">' in index
    assert f'<a href="{MID}">Historik</a>' in index  # in the year's row as well
    assert "historik-fyn" not in index
    assert "<h1>Erhvervshus Midtjylland 2022–2024: historik</h1>" in pages[MID]
    for name, page in pages.items():
        assert len(page.encode()) < 1_000_000, name
        assert "http://" not in page and "https://" not in page, name


def test_no_history_with_one_year(reports: list[Report]) -> None:
    one = build_site([r for r in reports if r.period.start.year == 2023], lang="da", generated="x", workbooks=False)
    assert not [k for k in one if "historik" in k]
    assert not [k for k, v in one.items() if k.endswith(".html") and b"historik" in v]


def test_english(reports: list[Report]) -> None:
    site = build_site(reports, lang="en", generated="x", workbooks=False)
    page = site[MID].decode()
    assert "<h1>Erhvervshus Midtjylland 2022–2024: history</h1>" in page and "Targets per year" in page
    assert "up to 30 June 2024" in page and "not in the contract" in page and "target changed" in page
    assert "<strong>4,939</strong>" in page and "Title M8.reach" in page
    assert "National comparison over the years" in site["national-historik.html"].decode()


def test_escaping(reports: list[Report]) -> None:
    evil = []
    for r in reports:
        targets = [t.model_copy(update={"title": f"{BREAKOUT} {t.title}", "ref": f"{SCRIPT} {t.ref}"})
                   for t in r.targets]
        hub = f"Erhvervshus <b onmouseover=alert(1)>{r.erhvervshus}</b>"
        evil.append(r.model_copy(update={"hub": hub, "erhvervshus": f"<i>{r.erhvervshus}</i>", "targets": targets}))
    pages = html_pages(build_site(evil, lang="da", generated="x", workbooks=False))
    assert "historik-i-midtjylland-i.html" in pages and "national-historik.html" in pages
    for name in ("historik-i-midtjylland-i.html", "national-historik.html", "index.html"):
        page = pages[name]
        for payload in (SCRIPT, BREAKOUT, "<b onmouseover", "<i>"):
            assert payload not in page, (name, payload)
        assert page.count("<script") == page.count("</script>"), name
    history = pages["historik-i-midtjylland-i.html"]
    assert "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; Titel M8.reach" in history
    assert "Erhvervshus &lt;b onmouseover=alert(1)&gt;Midtjylland&lt;/b&gt;" in history
    # inside the national figure's JSON: escaped for plotly's labels, then '&' written as \u0026
    national = pages["national-historik.html"]
    assert "\\u0026lt;i\\u0026gt;Midtjylland\\u0026lt;\\u002fi\\u0026gt;" in national
    assert "\\u003ci\\u003e" not in national and "\\u003ci\\u003e" not in history  # no raw tag in any figure


# --- national targets met: out of those judged ----------------------------------------------

def national_year(erhvervshus: str, year: int, statuses: dict[str, int], as_of: date | None = None) -> Report:
    """A hub-year with 13 national targets by status (count per status), made by hand."""
    names = [s for s, n in statuses.items() for _ in range(n)]
    assert len(names) == 13
    targets = [history_target(f"N{i}", 0.5, 0.5, status) for i, status in enumerate(names, 1)]
    return history_report(erhvervshus, year, targets, as_of)


@pytest.fixture(scope="module")
def national_years() -> list[Report]:
    """As the demo: Midtjylland 12 of 13 met in 2024; on 30 September 2025 the 8 targets that can
    be judged met, 5 figures not yet published. Sjælland 2025: 3 met, 1 not met, 2 on track, 1
    behind, 6 without data (3 / 4 judged); 2024: nothing could be judged."""
    sep30 = date(2025, 9, 30)
    return [national_year("Midtjylland", 2024, {"met": 12, "not_met": 1}),
            national_year("Midtjylland", 2025, {"met": 8, "insufficient_data": 5}, sep30),
            national_year("Sjælland", 2024, {"insufficient_data": 13}),
            national_year("Sjælland", 2025, {"met": 3, "not_met": 1, "on_track": 2, "behind": 1,
                                             "insufficient_data": 6}, sep30)]


@pytest.fixture(scope="module")
def national_pages(national_years: list[Report]) -> dict[str, dict[str, str]]:
    """The national pages of ``national_years``, by language ("da", "en")."""
    pages: dict[str, dict[str, str]] = {}
    for lang in ("da", "en"):
        site = build_site(national_years, lang=lang, generated="x", workbooks=False)
        pages[lang] = {k: v.decode() for k, v in site.items() if k.startswith("national")}
    return pages


def met_cells(page: str) -> dict[str, list[str]]:
    """Hub → its 'national targets met' cells (the heat-table's one column, or one per year)."""
    rows = re.findall(r'<tr><th scope="row"[^>]*>(.*?)</tr>', page)
    return {first(r">([^<]+)</a></th>", r): re.findall(r'<td(?: class="num met" data-sort="[^"]*")?>(.*?)</td>', r)
            for r in rows}


def test_national_met_counts_only_the_judged_targets(national_pages: dict[str, dict[str, str]]) -> None:
    pages = national_pages["da"]
    years = met_cells(pages["national-historik.html"])
    mid, sj = years["Erhvervshus Midtjylland"], years["Erhvervshus Sjælland"]
    assert mid[0] == '<a href="national-2024.html">12 / 13</a>'  # a whole year: all 13 judged
    assert mid[1].startswith('<a href="national-2025.html">8 / 8</a><span class="met-rest"> · 5 mangler data</span>')
    assert sj[0] == '<a href="national-2024.html">0 / 0</a><span class="met-rest"> · 13 mangler data</span>'
    assert sj[1].startswith('<a href="national-2025.html">3 / 4</a>'
                            '<span class="met-rest"> · 2 på sporet · 1 bagud · 6 mangler data</span>')
    # the same count, by the same function, on the year's national page; sorted by the share met
    heat = pages["national-2025.html"].split('id="table"')[1].split("</table>")[0]
    assert re.findall(r'<td class="num met" data-sort="([^"]*)">(.*?)</td>', heat) == [
        ("1.0", '8 / 8<span class="met-rest"> · 5 mangler data</span>'),
        ("0.75", '3 / 4<span class="met-rest"> · 2 på sporet · 1 bagud · 6 mangler data</span>')]
    assert 'data-sort="">0 / 0<span class="met-rest"> · 13 mangler data</span>' in pages["national-2024.html"]
    assert "ud af dem, der kan vurderes" in pages["national-historik.html"]
    english = national_pages["en"]
    assert '3 / 4</a><span class="met-rest"> · 2 on track · 1 behind · 6 missing data</span>' in english[
        "national-historik.html"]
    assert '8 / 8<span class="met-rest"> · 5 missing data</span>' in english["national-2025.html"]


def test_met_count() -> None:
    targets = [history_target(f"N{i}", 1, 1, s) for i, s in enumerate(
        ("met", "met", "not_met", "on_track", "behind", "behind", "insufficient_data"))]
    count = met_count([*targets, None])  # None: a target the hub's contract lacks, not counted at all
    assert (count.met, count.judged, count.on_track, count.behind, count.missing) == (2, 3, 1, 2, 1)
    assert count.fraction() == "2 / 3" and count.sort_key() == "0.6667"
    assert count.rest("da") == " · 1 på sporet · 2 bagud · 1 mangler data"
    assert met_count([]).sort_key() == "" and met_count([]).rest("en") == ""


# --- a year not yet ended on the year's national page ---------------------------------------

def test_national_year_page_says_the_year_is_partial(national_pages: dict[str, dict[str, str]],
                                                    pages: dict[str, str]) -> None:
    site = national_pages["da"]
    partial, whole = site["national-2025.html"], site["national-2024.html"]
    assert ('<p class="subtitle">Erhvervshusenes resultatkontrakter · 2 erhvervshuse · Data til og med '
            "30. september 2025</p>") in partial
    # review 6 December 2026: words that stay true once the year has ended (was "Året er ikke slut")
    assert ('<p class="note inyear-note">2025: data til og med 30. september 2025: opgjort før årets udgang, så '
            "tallene kan ikke sammenlignes med et helt år.</p>") in partial
    assert "Data til og med 31. december 2024</p>" in whole and "inyear-note" not in whole
    assert "2024: data til og med 30. juni 2024: opgjort før årets udgang" in pages["national-2024.html"]
    assert "inyear-note" not in pages["national-2023.html"]
    english = national_pages["en"]["national-2025.html"]
    assert "Data up to 30 September 2025</p>" in english and "2025: data up to 30 September 2025: evaluated" in english


def test_period_in_year() -> None:
    whole = PeriodInfo(start=date(2025, 1, 1), end=date(2025, 12, 31), as_of=date(2025, 12, 31))
    partial = whole.model_copy(update={"as_of": date(2025, 9, 30)})
    assert not whole.in_year and partial.in_year
    assert "in_year" not in partial.model_dump()  # a property: the results JSON is unchanged


# --- one table of marker shapes, one drawing of the expected line ----------------------------

def test_status_markers_come_from_one_table(midtjylland: list[Report]) -> None:
    assert STATUS_SYMBOL.keys() == STATUS_MARKER_ICON.keys() == STATUS_COLOUR.keys()
    legend = marker_legend("da")
    for status, icon in STATUS_MARKER_ICON.items():
        assert f'<span class="mk status-{status}" aria-hidden="true">{icon}</span>' in legend
    value = traces(hf.trend_figure(midtjylland, "M8.reach", "da").to_dict())["value"]
    assert value["marker"]["symbol"] == [STATUS_SYMBOL[s] for s in ("met", "not_met", "on_track")]
    assert value["hovertext"][0].split("<br>")[2] == "✔ opfyldt"  # figures.status_label


def test_the_expected_line_is_dotted_in_drawing_and_words(midtjylland: list[Report]) -> None:
    assert traces(hf.trend_figure(midtjylland, "M8.reach", "da").to_dict())["expected"]["line"]["dash"] == "dot"
    for lang, word, wrong in (("da", "den prikkede streg er det forventede", "stiplede"),
                              ("en", "the dotted line is the expectation", "dashed")):
        body, _ = hub_history_body(midtjylland, lang)
        trend = body.split('id="trend"')[1]
        assert word in trend and wrong not in trend, lang
        assert '<span class="mk" aria-hidden="true">⋯</span>' in trend  # dots, as drawn


# --- a national target's title in the national figure ----------------------------------------

def test_national_panel_titles_are_escaped(reports: list[Report]) -> None:
    evil = [r.model_copy(update={"targets": [
        t.model_copy(update={"title": f"{BREAKOUT} {IMG} {t.title}"}) if t.id == "M1.awareness" else t
        for t in r.targets]}) for r in reports]
    assert {r.period.start.year for r in evil if any(t.origin == "framework" for t in r.targets)} >= {2022, 2023}
    page = build_site(evil, lang="da", generated="x", workbooks=False)["national-historik.html"].decode()
    # escaped for plotly's labels ('<' as &lt;), then inert JSON ('&' as \u0026, '/' as \u002f)
    assert "\\u0026lt;\\u002fscript\\u0026gt;\\u0026lt;script\\u0026gt;alert(1)" in page
    assert "\\u0026lt;img" in page
    for raw in (BREAKOUT, "</script><script", "<img", "\\u003c\\u002fscript", "\\u003cimg", "\\u003cscript"):
        assert raw not in page, raw
