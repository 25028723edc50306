"""The static dashboards without a browser: figures through fig.to_dict() with the sample's
figures, the site's files, determinism, size, offline assets, language, escaping and no company
data. The browser checks are in test_dashboard_browser.py."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from dashboard_site import BREAKOUT, IMG, SCRIPT, company_data, html_pages, sample_report, xss_reports

from hubmonitor.cli import main
from hubmonitor.errors import DataError
from hubmonitor.io.results_json import from_document, load, to_document, write_json
from hubmonitor.render.html import figures, geo
from hubmonitor.render.html import municipal_figures as mf
from hubmonitor.render.html.document import figure_json
from hubmonitor.render.html.site import ReportBodies, build_site, report_bodies
from hubmonitor.render.html.texts import report_folder, slug
from hubmonitor.report import Report

ROW = '<tr><th class="label" scope="row">'  # a row of a table made by document.table

BLUE, VERMILLION = "#0072B2", "#D55E00"
PAGES = {"index.html", "national-2024.html", "midtjylland-2024/rapport.html", "midtjylland-2024/kommuner.html"}
ASSETS = {"assets/plotly.min.js", "assets/style.css", "assets/dashboard.js", "assets/locale-da.js"}


@pytest.fixture(scope="module")
def report() -> Report:
    return sample_report()


@pytest.fixture(scope="module")
def site(report: Report) -> dict[str, bytes]:
    return build_site([report], lang="da", generated="2024-12-31")


@pytest.fixture(scope="module")
def payload_reports(tmp_path_factory: pytest.TempPathFactory) -> list[Report]:
    """``dashboard_site.xss_reports``: payloads in data and contract texts, and a second hub."""
    return xss_reports(tmp_path_factory.mktemp("xss"))


@pytest.fixture(scope="module")
def xss_site(payload_reports: list[Report]) -> dict[str, bytes]:
    return build_site(payload_reports, lang="da", generated="2024-12-31", workbooks=False)


# --- reading results back -------------------------------------------------------------------

def test_results_json_round_trip(report: Report, tmp_path: Path) -> None:
    assert from_document(json.loads(json.dumps(to_document(report)))) == report
    write_json(tmp_path / "r.json", report)
    assert load(tmp_path / "r.json") == report


def test_unreadable_results_are_a_data_error(report: Report, tmp_path: Path) -> None:
    (tmp_path / "bad.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(DataError) as info:
        load(tmp_path / "bad.json")
    assert info.value.code == "bad-results"
    doc = to_document(report) | {"schema_version": 2}
    (tmp_path / "v2.json").write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(DataError, match="schema_version 1"):
        load(tmp_path / "v2.json")


# --- figures from the sample ----------------------------------------------------------------

def test_bullet_groups_hold_every_numeric_target_by_contract_group(report: Report) -> None:
    groups = {ref: fig.to_dict()["data"] for ref, fig in figures.bullet_groups(report, "da")}
    assert list(groups) == ["Mål 1", "Mål 3", "Mål 4", "Mål 5", "Mål 6", "Mål 7", "Mål 8", "Indsatsområde 1"]
    bullets = {t["name"]: t for data in groups.values() for t in data if t["type"] == "indicator"}
    # 21 targets less the milestone done/not done, the spread and the allocation (municipal page).
    assert len(bullets) == 18 and not {"M5.green_tool", "M8.spread", "ALLOC.basisbevilling"} & set(bullets)
    awareness = bullets["M1.awareness"]
    assert (awareness["value"], awareness["gauge"]["threshold"]["value"]) == (53.47, 50.0)
    assert awareness["gauge"]["bar"]["color"] == BLUE
    assert awareness["gauge"]["shape"] == "bullet"
    assert "53,5 %" in awareness["title"]["text"] and "✔ opfyldt" in awareness["title"]["text"]
    assert bullets["M3.nps"]["value"] == 64.54 and bullets["M3.nps"]["gauge"]["bar"]["color"] == VERMILLION
    assert bullets["M8.reach"]["value"] == 5152.0 and bullets["M8.reach"]["gauge"]["threshold"]["value"] == 5000.0
    balance = bullets["M8.balance"]["gauge"]  # a band, not a line
    assert balance["steps"][0]["range"] == [40.0, 60.0] and "threshold" not in balance
    colours = [t["gauge"]["bar"]["color"] for t in bullets.values()]
    assert (colours.count(BLUE), colours.count(VERMILLION)) == (10, 8)


def test_survey_bullets_carry_their_95_percent_interval_as_a_whisker(report: Report) -> None:
    figs = {ref: fig.to_dict() for ref, fig in figures.bullet_groups(report, "da")}
    one = figs["Mål 1"]
    bullet = one["data"][0]
    line, low_cap, high_cap = one["layout"]["shapes"]
    # M1.awareness: 631 of 1,180 = 53.47 %, Wilson 95 % interval 50.62 %–56.30 % (test_uncertainty.py), on a
    # bullet spanning x 0.48–0.98 of the figure for 0–100 %: 0.48 + 0.5 × 0.5062 and 0.48 + 0.5 × 0.5630
    assert bullet["domain"]["x"] == [0.48, 0.98] and bullet["gauge"]["axis"]["range"] == [0.0, 100.0]
    assert (line["x0"], line["x1"]) == (pytest.approx(0.7331, abs=1e-4), pytest.approx(0.7615, abs=1e-4))
    assert (low_cap["x0"], high_cap["x0"]) == (line["x0"], line["x1"])
    assert line["y0"] == line["y1"] == round(sum(bullet["domain"]["y"]) / 2, 4)  # across the middle of the bar
    assert low_cap["y0"] < line["y0"] < low_cap["y1"] and line["xref"] == line["yref"] == "paper"
    assert "Mål ≥ 50,0 % · 95 %: 50,6–56,3 %" in bullet["title"]["text"]
    assert "signifikant" not in bullet["title"]["text"]
    # M3.satisfaction: 275 / 350 = 78.57 % against 80 %: the interval 73.97 %–82.55 % holds the target, in words
    three = figs["Mål 3"]
    satisfaction = next(t for t in three["data"] if t["name"] == "M3.satisfaction")
    assert "Mål ≥ 80,0 % · 95 %: 74,0–82,5 %" in satisfaction["title"]["text"]
    assert "<i>ikke signifikant forskellig fra målet</i>" in satisfaction["title"]["text"]
    assert [s["name"] for s in three["layout"]["shapes"]] == [
        "M3.satisfaction interval", "M3.satisfaction interval low", "M3.satisfaction interval high",
        "M3.nps interval", "M3.nps interval low", "M3.nps interval high"]
    sat, nps = three["layout"]["shapes"][0], three["layout"]["shapes"][3]
    assert (sat["x0"], sat["x1"]) == (pytest.approx(0.48 + 0.5 * 0.7397, abs=1e-4),
                                      pytest.approx(0.48 + 0.5 * 0.8255, abs=1e-4))
    # NPS 64.54 on a 0–100 score axis, normal-approximation interval 61.15–67.93
    assert (nps["x0"], nps["x1"]) == (pytest.approx(0.48 + 0.5 * 0.6115, abs=1e-4),
                                      pytest.approx(0.48 + 0.5 * 0.6793, abs=1e-4))
    assert "shapes" not in figs["Mål 8"]["layout"]  # counts rest on no sample: no whisker


def test_the_card_says_when_the_target_lies_inside_the_interval(report: Report) -> None:
    from hubmonitor.render.html.report_page import card
    html = card(report.target("M3.satisfaction"), "da")
    assert ("95 %-konfidensinterval: <span class=\"num\">74,0–82,5 %</span> (n\u00a0=\u00a0350) – "
            "<strong class=\"uncertain\">ikke signifikant forskellig fra målet") in html
    html = card(report.target("M1.awareness"), "en")
    assert "95 % confidence interval: <span class=\"num\">50.6–56.3 %</span> (n\u00a0=\u00a01,180)</p>" in html
    assert "not significantly" not in html
    assert "interval" not in card(report.target("M8.reach"), "da")


def test_segment_bars_of_satisfaction(report: Report) -> None:
    assert [t.id for t in figures.segment_targets(report)] == ["M3.satisfaction"]
    fig = figures.segment_figure(report.target("M3.satisfaction"), "da").to_dict()
    bars = fig["data"][0]
    assert bars["x"] == ["drift", "vækst"] and bars["y"] == [80.22, 78.57]  # 588/733, 275/350
    assert bars["marker"]["color"] == [BLUE, VERMILLION]
    assert bars["marker"]["pattern"]["shape"] == ["", "/"]  # not met is hatched, not only vermillion
    assert fig["layout"]["xaxis"]["ticktext"] == ["drift<br><b>80,2 % ✔</b>", "vækst<br><b>78,6 % ✘</b>"]
    assert fig["layout"]["shapes"][0]["y0"] == 80.0
    assert fig["layout"]["separators"] == ",."
    # whiskers: drift 77.18 %–82.94 %, vækst 73.97 %–82.55 %; both hold the 80 % target
    assert bars["error_y"]["arrayminus"] == [3.04, 4.6] and bars["error_y"]["array"] == [2.72, 3.98]
    assert all("ikke signifikant forskellig fra målet" in h for h in bars["hovertext"])
    assert "95 %-konfidensinterval: 77,2–82,9 %" in bars["hovertext"][0]


def test_map_positions_against_the_band(report: Report) -> None:
    spread = report.target("M8.spread")
    hub_map = geo.hub_map([g.key for g in spread.groups])
    assert len(hub_map.shapes) == 19 and hub_map.frames == ()
    fig = mf.map_figure(spread, hub_map, "da").to_dict()
    fills = [t for t in fig["data"] if t.get("fill") == "toself"]
    assert len(fills) == 19
    markers = {t["legendgroup"]: t for t in fig["data"] if t.get("legendgroup")}
    assert {k: len(t["x"]) for k, t in markers.items()} == {"below": 4, "within": 10, "above": 5}
    # every municipality is numbered in name order (Aarhus 1, …); the key beside the map names them
    numbers = mf.map_numbers(spread)
    assert sorted(markers["below"]["text"], key=int) == ["5", "8", "10", "13"]
    assert [k for k, n in numbers.items() if n in (5, 8, 10, 13)] == ["Holstebro", "Lemvig", "Odder", "Samsø"]
    assert sum(len(t["text"]) for t in markers.values()) == 19
    assert [markers[k]["marker"]["symbol"] for k in ("below", "within", "above")] == [
        "triangle-down", "circle", "triangle-up"]
    samso = next(t for t in fills if t["name"] == "Samsø")
    assert samso["fillcolor"] == VERMILLION and samso["fillpattern"]["shape"] == "/"
    assert "Samsø" in samso["text"] and "under" in samso["text"]
    assert fig["layout"]["yaxis"]["scaleanchor"] == "x"
    assert "geo" not in fig["layout"] and "mapbox" not in fig["layout"] and "map" not in fig["layout"]


def test_spread_bars_actual_against_expected(report: Report) -> None:
    fig = mf.spread_figure(report.target("M8.spread"), "da").to_dict()
    bars = {t["name"]: t for t in fig["data"] if t["type"] == "bar"}
    below = bars["▼ under båndet"]
    assert below["y"] == ["Samsø ▼", "Lemvig ▼", "Holstebro ▼", "Odder ▼"] and below["x"] == [4, 29, 107, 44]
    assert len(bars["● inden for båndet"]["x"]) == 10 and len(bars["▲ over båndet"]["x"]) == 5
    expected = fig["data"][-1]
    assert expected["y"][0] == "Samsø ▼" and expected["x"][0] == 7.32
    assert expected["error_x"]["arrayminus"][0] == pytest.approx(0.73, abs=0.01)


def test_allocation_shares(report: Report) -> None:
    fig = mf.allocation_figure(report.target("ALLOC.basisbevilling"), "da").to_dict()
    grant, guided = fig["data"]
    assert grant["y"][0] == "Aarhus" and grant["x"][0] == 26.61  # 11,089 of 41,679 t.kr.
    assert guided["x"][0] == 25.46  # 713 of 2,801 individually guided
    assert grant["y"][-1] == "Samsø" and (grant["x"][-1], guided["x"][-1]) == (0.28, 0.14)


def test_national_figure_has_a_panel_per_national_target(payload_reports: list[Report]) -> None:
    reports = payload_reports
    fig = figures.national_figure(reports, "da")
    assert fig is not None
    data = fig.to_dict()["data"]
    national = [tid for tid, _ in figures.national_targets(reports)]
    assert len(national) == 13 and "M8.spread" not in national
    bars = [t for t in data if t["type"] == "bar"]
    assert len(bars) == 12  # 13 national targets less the milestone done / not done
    assert all(t["y"] == ["Midtjylland", "Sjælland"] for t in bars)
    # the hover says the status as the table beside it does, uncertainty included (a review: "✔ opfyldt" where
    # the table said "opfyldt, usikker")
    uncertain = [(r.erhvervshus, t.id) for r in reports for t in r.targets if t.uncertain and t.id in national]
    assert uncertain
    hub, tid = uncertain[0]
    bar = next(b for b in bars if b["name"] == tid)
    assert bar["hovertext"][bar["y"].index(hub)].endswith(", usikker")


# --- the site -------------------------------------------------------------------------------

def test_site_files(site: dict[str, bytes]) -> None:
    assert set(site) == PAGES | ASSETS | {"midtjylland-2024.xlsx", "national-2024.csv", "national-2024.xlsx"}
    assert site["midtjylland-2024.xlsx"][:2] == b"PK"


def test_deterministic(report: Report, site: dict[str, bytes], payload_reports: list[Report],
                       xss_site: dict[str, bytes]) -> None:
    again = build_site([report], lang="da", generated="2024-12-31")
    assert {k: v for k, v in again.items() if not k.endswith(".xlsx")} == {
        k: v for k, v in site.items() if not k.endswith(".xlsx")}
    # the same hubs in the other order give the same site (xss_site is built from them in order)
    assert build_site(list(reversed(payload_reports)), lang="da", generated="2024-12-31", workbooks=False) == xss_site


def test_bodies_made_beforehand_give_the_same_site(payload_reports: list[Report], xss_site: dict[str, bytes]) -> None:
    """The demo makes each report's page bodies in its workers (``report_bodies``): used as given,
    they give the site ``build_site`` makes on its own; a folder without one is made as before."""
    first, second = (report_folder(r.erhvervshus, r.period.start.year) for r in payload_reports)
    made = {first: report_bodies(payload_reports[0], "da")}
    assert build_site(payload_reports, lang="da", generated="2024-12-31", workbooks=False, bodies=made) == xss_site
    marked = {first: ReportBodies(report=("<p>made</p>", False), municipal=("<p>made too</p>", False))}
    site = build_site(payload_reports, lang="da", generated="2024-12-31", workbooks=False, bodies=marked)
    assert "<p>made</p>" in site[f"{first}/rapport.html"].decode()
    assert "<p>made too</p>" in site[f"{first}/kommuner.html"].decode()
    assert site[f"{second}/rapport.html"] == xss_site[f"{second}/rapport.html"]


def test_pages_are_small_and_use_the_shared_plotly(site: dict[str, bytes]) -> None:
    for name, page in html_pages(site).items():
        assert len(page.encode()) < 1_000_000, name
        assert "http://" not in page and "https://" not in page and "cdn.plot.ly" not in page, name
        scripts = re.findall(r"<script[^>]*>", page)
        for tag in scripts:  # only the shared assets, or inert JSON
            assert re.fullmatch(r'<script defer src="(\.\./)?assets/(plotly\.min|locale-da|dashboard)\.js">', tag) \
                or re.fullmatch(r'<script type="application/json" id="fig-\d+-data">', tag), (name, tag)
        charts = page.count("data-figure=")
        assert page.count("assets/plotly.min.js") == (1 if charts else 0), name
    assert len(site["assets/plotly.min.js"]) > 1_000_000  # the whole library, once
    assert html_pages(site)["midtjylland-2024/rapport.html"].count('data-figure="fig-') == 9


def test_danish_and_english(report: Report, site: dict[str, bytes]) -> None:
    da = html_pages(site)["midtjylland-2024/rapport.html"]
    assert '<html lang="da">' in da and "Alle mål" in da and "41.679 t.kr." in da and "80,0 %" in da
    assert "1. januar 2024 – 31. december 2024" in da and "✘</span> ikke opfyldt" in da
    en = build_site([report], lang="en", generated="2024-12-31", workbooks=False)
    page = en["midtjylland-2024/rapport.html"].decode()
    assert '<html lang="en">' in page and "All targets" in page and "41,679 thousand kr" in page
    assert "1 January 2024 – 31 December 2024" in page and "Alle mål" not in page
    assert '"separators":".,"' in page and '"separators":",."' in da
    kommuner = en["midtjylland-2024/kommuner.html"].decode()
    assert "Municipalities to invite to dialogue" in kommuner and "below the band" in kommuner


def test_scorecard_and_municipal_tables(site: dict[str, bytes]) -> None:
    pages = html_pages(site)
    report = pages["midtjylland-2024/rapport.html"]
    # 11 met and 9 not met of the 20 targets with a verdict; the grant's card is money (tests/test_grant_as_money.py)
    assert report.count('class="card status-met"') == 11 and report.count('class="card status-not_met"') == 9
    assert report.count('class="card status-grant"') == 1
    assert "Kommuner der inviteres til dialog: <strong>Holstebro, Lemvig, Odder, Samsø</strong>" in report
    kommuner = pages["midtjylland-2024/kommuner.html"]
    # what the expectations rest on, at the top (a KL review: no page said it); the grant is the contract's
    # own table, which rests on no population (a review: the page said the key did)
    assert ('<main id="main">\n<p class="note population">Spredningens forventninger bygger på '
            "kommunernes befolkningstal pr. 1. januar 2026 (Danmarks Statistik, FOLK1A).</p>") in kommuner
    assert "Fordelingen er kontraktens egen tabel, ikke en befolkningsnøgle." in kommuner
    dialogue = kommuner.split('id="dialogue"')[1].split("</section>")[0]
    assert (re.findall(ROW + r'([^<]+)</th>', dialogue)
            == ["Holstebro", "Lemvig", "Odder", "Samsø"])
    assert ROW + 'Samsø</th><td class=num>116</td><td class=num>0,3 %</td><td class=num>4</td>' in kommuner
    assert "29.000" in kommuner  # kr per individually guided company in Samsø
    assert "<strong>41.679</strong>" in kommuner


@pytest.mark.parametrize(("spread", "note"), [
    (True, "Spredningens forventninger og fordelingsnøglen bygger på kommunernes befolkningstal"),
    (False, "Fordelingsnøglen bygger på kommunernes befolkningstal")])
def test_a_population_key_is_said_to_rest_on_the_population(report: Report, spread: bool, note: str) -> None:
    targets = [t.model_copy(update={"details": {**t.details, "method": "population"}}) if t.kind == "allocation"
               else t for t in report.targets if spread or t.kind != "municipal_spread"]
    keyed = report.model_copy(update={"targets": targets})
    kommuner = html_pages(build_site([keyed], lang="da", generated="2024-12-31", workbooks=False))[
        "midtjylland-2024/kommuner.html"]
    assert f'<p class="note population">{note} pr. 1. januar 2026 (Danmarks Statistik, FOLK1A).</p>' in kommuner
    assert "kontraktens egen tabel" not in kommuner


def test_figure_json_cannot_close_its_script_element() -> None:
    import plotly.graph_objects as go

    text = figure_json(go.Figure(layout={"title": {"text": BREAKOUT + " & <!--"}}))
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text)["layout"]["title"]["text"] == BREAKOUT + " & <!--"


def test_payloads_are_escaped_everywhere(xss_site: dict[str, bytes]) -> None:
    pages = html_pages(xss_site)
    assert set(pages) >= {"midtjylland-2024/rapport.html", "sjaelland-2024/kommuner.html", "national-2024.html"}
    for name, page in pages.items():
        for payload in (SCRIPT, IMG, BREAKOUT, "<b onmouseover"):
            assert payload not in page, (name, payload)
        # every <script> element is an asset or JSON: the count of opening and closing tags agree
        assert page.count("<script") == page.count("</script>"), name
    report = pages["midtjylland-2024/rapport.html"]
    assert "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in report  # the title, shown as text
    assert "ukendt kommune &#x27;&lt;img src=x onerror=alert(1)&gt;&#x27;" in report  # the quarantined value
    # inside a figure: escaped for plotly's HTML-like labels, then '&' written as \u0026 in the JSON
    assert "\\u0026lt;\\u002fscript\\u0026gt;\\u0026lt;script\\u0026gt;alert(1)" in report


def test_no_company_data_in_any_page(xss_site: dict[str, bytes], site: dict[str, bytes]) -> None:
    secrets = company_data()
    assert len(secrets) > 1000
    for built in (site, xss_site):
        for name, page in html_pages(built).items():
            words = set(re.findall(r"[A-Za-z]+-\d+|\d{8}|Virksomhed \d+ ApS", page))
            assert not words & secrets, (name, sorted(words & secrets)[:5])
            assert "ACC-" not in page and "ApS" not in page, name


def test_geo_rounds_and_insets_bornholm() -> None:
    from hubmonitor.reference import load_registry

    hovedstaden = [m.name for m in load_registry().members("Hovedstaden")]
    hub_map = geo.hub_map(hovedstaden)
    assert len(hub_map.frames) == 1  # Bornholm, moved next to the others and framed
    bornholm = next(s for s in hub_map.shapes if s.name == "Bornholm")
    x0, y0, x1, y1 = hub_map.frames[0]
    assert all(x0 <= x <= x1 and y0 <= y <= y1 for r in bornholm.rings for x, y in r)
    for shape in hub_map.shapes:
        for ring in shape.rings:
            assert ring[0] == ring[-1] and len(ring) >= 4
            assert all(round(x, 4) == x and round(y, 4) == y for x, y in ring)
    assert sum(len(json.dumps(s.rings)) for s in hub_map.shapes) < 400_000


def test_slug() -> None:
    assert [slug(x) for x in ("Sjælland", "Midtjylland", "Høje-Taastrup", "Århus")] == [
        "sjaelland", "midtjylland", "hoeje-taastrup", "aarhus"]


# --- the command ----------------------------------------------------------------------------

def test_cli_dashboard(report: Report, tmp_path: Path) -> None:
    write_json(tmp_path / "midtjylland-2024.json", report)
    runner = CliRunner()
    out = tmp_path / "dashboards"
    first = runner.invoke(main, ["dashboard", str(tmp_path / "midtjylland-2024.json"), "--out", str(out),
                                 "--reproducible"])
    assert first.exit_code == 0, first.output
    assert first.stdout.strip() == str(out / "index.html")
    files = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert set(files) == PAGES | ASSETS | {"midtjylland-2024.xlsx", "national-2024.csv", "national-2024.xlsx"}
    assert b"Genereret 31. december 2024 (fastlagt til datadatoen)" in files["index.html"]
    assert oct((out / "index.html").stat().st_mode & 0o777) == oct(0o644)
    again = runner.invoke(main, ["dashboard", str(tmp_path / "midtjylland-2024.json"), "--out", str(out),
                                 "--reproducible"])
    assert again.exit_code == 0
    assert {k: (out / k).read_bytes() for k in PAGES} == {k: files[k] for k in PAGES}


def test_cli_dashboard_refuses_two_results_for_one_hub_and_year(report: Report, tmp_path: Path) -> None:
    write_json(tmp_path / "a.json", report)
    write_json(tmp_path / "b.json", report)
    result = CliRunner().invoke(main, ["dashboard", str(tmp_path / "a.json"), str(tmp_path / "b.json"),
                                       "--out", str(tmp_path / "d")])
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    assert result.exit_code == 2
    assert result.stderr == (f"Fejl: {a} og {b} er begge resultater af midtjylland-2024; giv én fil pr. kontrakt og "
                             f"år\n")
    assert not (tmp_path / "d").exists()  # refused before anything is written
    # two contracts of one hub (a review: a sub-area's contract): named by their contracts, not by the second's hub
    write_json(tmp_path / "b.json", report.model_copy(update={"contract_id": "vendsyssel-2024",
                                                              "hub": "Erhvervshus Midtjylland, Vest"}))
    result = CliRunner().invoke(main, ["dashboard", str(a), str(b), "--out", str(tmp_path / "d")])
    assert result.exit_code == 2
    assert result.stderr.startswith(
        f"Fejl: {a} (midtjylland-2024) og {b} (vendsyssel-2024) er begge for Erhvervshus Midtjylland 2024, og "
        "siderne samles pr. erhvervshus og år: byg hver kontrakts sider med sin egen --out")


def test_cli_dashboard_bad_results_file(tmp_path: Path) -> None:
    (tmp_path / "x.json").write_text("[]", encoding="utf-8")
    result = CliRunner().invoke(main, ["dashboard", str(tmp_path / "x.json"), "--out", str(tmp_path / "d")])
    assert result.exit_code == 1 and "[bad-results]" in result.stderr


def test_the_dialogue_municipalities_in_one_order_everywhere(report: Report) -> None:
    """A KKR review: the overview listed the groups' order ("Struer, Syddjurs, Skive"), the summary
    above it the alphabet ("Skive, Struer, Syddjurs"); the terminal the groups' order too."""
    from hubmonitor.render.terminal import render

    spread = report.target("M8.spread")
    turned = report.model_copy(update={"targets": [t.model_copy(update={"groups": t.groups[::-1]}) if t is spread
                                                   else t for t in report.targets]})
    listed = "Holstebro, Lemvig, Odder, Samsø"
    page = build_site([turned], lang="da", generated="x", workbooks=False)["midtjylland-2024/rapport.html"].decode()
    assert page.count(f"Kommuner der inviteres til dialog: <strong>{listed}</strong>") == 2
    assert f"(inviteres til dialog): {listed}" in render(turned, "da", None)


def test_every_expander_of_a_page_has_its_own_name(site: dict[str, bytes]) -> None:
    """An accessibility review: a screen reader tabbing through the report heard "Kontraktens ordlyd og
    beregning" 21 times and "Vis data som tabel" 9 times, never which target or chart each opens."""
    for name in ("midtjylland-2024/rapport.html", "midtjylland-2024/kommuner.html"):
        names = [re.sub(r"<[^>]+>", "", s) for s in re.findall(r"<summary>(.*?)</summary>", html_pages(site)[name])]
        assert len(names) > 1 and len(set(names)) == len(names), (name, sorted(names))
    page = html_pages(site)["midtjylland-2024/rapport.html"]
    assert '<summary>Kontraktens ordlyd og beregning<span class="sr">: Kendskabsgrad</span></summary>' in page


def test_the_data_quality_of_a_running_year_says_its_day_as_a_sentence_does() -> None:
    """A language review: "Datakvalitet · 2025 til og med 2025-09-30" under "Data til og med 30. september 2025"."""
    from datetime import date

    from helpers import MIDTJYLLAND, SAMPLE

    import hubmonitor

    running = hubmonitor.evaluate(MIDTJYLLAND, SAMPLE, as_of=date(2024, 6, 30))
    for lang, scope in (("da", "2024 til og med 30. juni 2024: "), ("en", "2024 up to 30 June 2024: ")):
        page = build_site([running], lang=lang, generated="x", workbooks=False)["midtjylland-2024/rapport.html"]
        quality = page.decode().split('id="quality"')[1].split('<div class="scroll">')[0]  # headline and note
        assert quality.count(f"<p>{scope}") == 1 and not re.search(r"\d{4}-\d\d-\d\d", quality), lang


def test_a_verdict_on_the_year_so_far_says_it_is_provisional() -> None:
    """A KKR review of a running year's report: "✘ ikke opfyldt" beside the spread on 30 September read
    as the year's verdict. Beside a verdict on the year so far: "foreløbig"; not beside a pace, a figure
    measured by others, a milestone done, the grant, nor in a year that is over."""
    from datetime import date

    from helpers import MIDTJYLLAND, SAMPLE

    import hubmonitor
    from hubmonitor.render.html.report_page import provisional_mark

    running = hubmonitor.evaluate(MIDTJYLLAND, SAMPLE, as_of=date(2024, 6, 30))
    marked = {t.id for t in running.targets if provisional_mark(t, True, "da")}
    expected = {t.id for t in running.targets if t.status in ("met", "not_met") and t.kind not in (
        "external", "allocation") and not (t.kind == "milestone" and t.status == "met")}
    assert marked == expected and "M8.spread" in marked and "M8.reach" not in marked  # reach: a pace
    page = build_site([running], lang="da", generated="x", workbooks=False)["midtjylland-2024/rapport.html"].decode()
    assert page.count('<span class="provisional">foreløbig</span>') == len(marked) + sum(
        1 for t in running.targets if t.id in marked and t.status == "not_met")  # the cards, and the list's not met
    whole = hubmonitor.evaluate(MIDTJYLLAND, SAMPLE)
    assert not any(provisional_mark(t, whole.period.in_year, "da") for t in whole.targets)
    assert provisional_mark(running.target("M8.spread"), True, "en") == ' <span class="provisional">provisional</span>'
