"""Review of 6 December 2026, night (KL comparing the six hubs): the national comparison.

1. Tied hubs share a rank (competition ranking, "1, 1, 3, 4, 4, 6, 6"); the rows keep their order
   (ties by the Danish name), in the CSV and the workbook, and the page says so.
2. A year evaluated before its end is said so in words that stay true once the year has ended
   ("opgjort før årets udgang"), not "Året er ikke slut", on the national pages, the index and the
   downloads, in both languages.
3. "X af Y resultater opfyldt" counts met out of those judged (met or not met), the heat table's
   rule, and says beside it how many are on track, behind or lack data.
4. The English summary says "1 lacks data", not "1 lack data".

Every input is made by hand (tests/dashboard_site.py); the expected values are worked out in the
comments. Decisions: docs/decisions.md ("Reviews of 6 December 2026, night: the national comparison").
"""

from __future__ import annotations

import io
from datetime import date, datetime

import openpyxl
from dashboard_site import history_report, history_target

from hubmonitor.render.html.figures import met_of_judged, national_data
from hubmonitor.render.html.history_figures import national_history_data
from hubmonitor.render.html.report_page import verdict
from hubmonitor.render.html.site import build_site
from hubmonitor.render.national_table import national_csv, national_xlsx, ranks
from hubmonitor.report import Report, TargetResult


def aware(value: float | None, status: str) -> TargetResult:
    return history_target("M1.aware", value, 0.5, status)


def green(value: float | None, status: str) -> TargetResult:
    return history_target("M5.green", value, 0.7, status, ref="Mål 5")


def tool(done: bool | None, status: str) -> TargetResult:
    return history_target("M5.tool", done, True, status, unit="bool", kind="milestone", comparison="==",
                          ref="Mål 5")


def tied_hubs() -> list[Report]:
    """Seven hubs (2024, three national targets), given in no order the table uses:

    - Fyn 3 / 3 and Ærø 3 / 3: the same share (1) and number met (3): both rank 1 (Fyn first: Æ after F)
    - Bornholm 2 / 2 (awareness without data): share 1 but 2 met: rank 3
    - Nordjylland 1 / 3 and Sjælland 1 / 3: both rank 4 (N before S)
    - Amager 0 / 0 and Bogense 0 / 0 (nothing judged, last): both rank 6
    """
    met3 = [aware(0.55, "met"), green(0.72, "met"), tool(True, "met")]
    one = [aware(0.44, "not_met"), green(0.65, "not_met"), tool(True, "met")]
    none = [aware(None, "insufficient_data"), green(None, "insufficient_data"), tool(None, "insufficient_data")]
    return [history_report("Sjælland", 2024, one), history_report("Bogense", 2024, none),
            history_report("Ærø", 2024, met3), history_report("Nordjylland", 2024, one),
            history_report("Amager", 2024, none), history_report("Fyn", 2024, met3),
            history_report("Bornholm", 2024, [aware(None, "insufficient_data"), green(0.80, "met"), tool(True, "met")])]


RANKS = [(1, "Erhvervshus Fyn"), (1, "Erhvervshus Ærø"), (3, "Erhvervshus Bornholm"), (4, "Erhvervshus Nordjylland"),
         (4, "Erhvervshus Sjælland"), (6, "Erhvervshus Amager"), (6, "Erhvervshus Bogense")]


# --- 1. tied hubs share a rank ------------------------------------------------------------------

def test_tied_hubs_share_the_rank_and_the_next_rank_skips() -> None:
    assert [(rank, r.hub) for rank, r in ranks(tied_hubs())] == RANKS


def test_the_csv_gives_tied_hubs_the_same_rank() -> None:
    rows = national_csv(tied_hubs(), "da").decode("utf-8-sig").splitlines()[1:]
    # rank; hub; met; judged; on track; behind; missing data; data date; evaluated before the year's end
    assert [row.split(";")[:9] for row in rows] == [
        ["1", "Erhvervshus Fyn", "3", "3", "0", "0", "0", "2024-12-31", "nej"],
        ["1", "Erhvervshus Ærø", "3", "3", "0", "0", "0", "2024-12-31", "nej"],
        ["3", "Erhvervshus Bornholm", "2", "2", "0", "0", "1", "2024-12-31", "nej"],
        ["4", "Erhvervshus Nordjylland", "1", "3", "0", "0", "0", "2024-12-31", "nej"],
        ["4", "Erhvervshus Sjælland", "1", "3", "0", "0", "0", "2024-12-31", "nej"],
        ["6", "Erhvervshus Amager", "0", "0", "0", "0", "3", "2024-12-31", "nej"],
        ["6", "Erhvervshus Bogense", "0", "0", "0", "0", "3", "2024-12-31", "nej"]]
    english = national_csv(tied_hubs(), "en").decode("utf-8-sig").splitlines()[1:]
    assert [tuple(row.split(",")[:2]) for row in english] == [(str(n), hub) for n, hub in RANKS]


def test_the_workbook_gives_tied_hubs_the_same_rank() -> None:
    ws = openpyxl.load_workbook(io.BytesIO(national_xlsx(tied_hubs(), "da")))["Nationale mål"]
    assert [(row[0].value, row[1].value) for row in ws.iter_rows(min_row=2)] == RANKS


def test_the_page_keeps_the_order_and_says_that_ties_share_a_rank() -> None:
    page = build_site(tied_hubs(), lang="da", generated="x", workbooks=False)["national-2024.html"].decode()
    table = page.split('<table class="data heat sortable">')[1].split("</table>")[0]
    assert [hub for _, hub in RANKS] == [
        line.split('data-sort="')[1].split('"')[0] for line in table.split('<th scope="row" ')[1:]]
    assert ("Ordnet efter andelen af de nationale mål, der er opfyldt ud af dem, der kan vurderes (højeste først), "
            "dernæst antal opfyldte mål og erhvervshusets navn. Erhvervshuse med samme andel og samme antal opfyldte "
            "mål deler placeringen; navnet afgør kun rækkefølgen.</p>") in page
    english = build_site(tied_hubs(), lang="en", generated="x", workbooks=False)["national-2024.html"].decode()
    assert ("then the number of targets met and the hub&#x27;s name. Hubs with the same share and the same number "
            "of targets met share a rank; the name decides only the order.</p>") in english


# --- 2. a year evaluated before its end ---------------------------------------------------------

def two_years() -> list[Report]:
    """2024 whole; 2025 evaluated to 30 September 2025 (as the demo's snapshot: long over by today)."""
    early = date(2025, 9, 30)
    return [history_report("Fyn", 2024, [aware(0.55, "met"), green(0.72, "met")]),
            history_report("Sjælland", 2024, [aware(0.44, "not_met"), green(None, "insufficient_data")]),
            history_report("Fyn", 2025, [aware(0.56, "met"), green(None, "insufficient_data")], as_of=early),
            history_report("Sjælland", 2025, [aware(0.40, "not_met"), green(0.75, "met")], as_of=early)]


def test_the_national_pages_say_evaluated_before_the_year_s_end() -> None:
    site = {k: v.decode("utf-8-sig") for k, v in build_site(two_years(), lang="da", generated="x",
                                                          workbooks=False).items() if not k.endswith(".xlsx")}
    note = ('<p class="note inyear-note">2025: data til og med 30. september 2025: opgjort før årets udgang, så '
            "tallene kan ikke sammenlignes med et helt år.</p>")
    assert note in site["national-2025.html"] and note in site["national-historik.html"]
    assert ("mål på sporet eller bagud i et år opgjort før årets udgang, og mål uden data står for sig."
            in site["national-historik.html"])
    assert site["index.html"].count('30.9.2025<br><span class="note">opgjort før årets udgang: foreløbig</span>') == 2
    for name in ("national-2025.html", "national-historik.html", "index.html", "national-2025.csv"):
        assert "ikke slut" not in site[name].lower(), name
    header, *rows = site["national-2025.csv"].splitlines()
    assert header.split(";")[7:9] == ["Data til og med", "Opgjort før årets udgang"]
    assert [row.split(";")[7:9] for row in rows] == [["2025-09-30", "ja"], ["2025-09-30", "ja"]]
    assert site["national-2024.csv"].splitlines()[1].split(";")[7:9] == ["2024-12-31", "nej"]


def test_the_english_pages_and_downloads_say_it_too() -> None:
    site = build_site(two_years(), lang="en", generated="x", workbooks=True)
    note = ('<p class="note inyear-note">2025: data up to 30 September 2025: evaluated before the year&#x27;s end, '
            "so its figures are not comparable with a whole year.</p>")
    assert note in site["national-2025.html"].decode() and note in site["national-historik.html"].decode()
    assert ("targets on track or behind in a year evaluated before its end, and targets missing data, are counted "
            "apart.") in site["national-historik.html"].decode()
    assert site["index.html"].decode().count(
        '<td>30 Sep 2025<br><span class="note">evaluated before the year&#x27;s end: provisional</span>') == 2
    for name in ("national-2025.html", "national-historik.html", "index.html"):
        assert "not over" not in site[name].decode() and "has not ended" not in site[name].decode(), name
    assert site["national-2025.csv"].decode("utf-8-sig").splitlines()[0].split(",")[7:9] == [
        "Data up to", "Evaluated before the year's end"]
    ws = openpyxl.load_workbook(io.BytesIO(site["national-2025.xlsx"]))["National targets"]
    assert [c.value for c in ws[1]][7:9] == ["Data up to", "Evaluated before the year's end"]
    assert [c.value for c in ws[2]][7:9] == [datetime(2025, 9, 30), "yes"]  # a date cell (a KL review)


# --- 3. met out of those judged, the rest said beside ---------------------------------------------

def test_met_of_those_judged_and_the_rest_beside() -> None:
    # 1,234 met + 266 not met = 1,500 judged; 2 on track, 1 behind, 30 without data beside
    statuses = ["met"] * 1234 + ["not_met"] * 266 + ["on_track"] * 2 + ["behind"] + ["insufficient_data"] * 30
    results = [aware(0.5, s) for s in statuses]
    assert met_of_judged(results, "da") == ("1.234 af 1.500 vurderede resultater opfyldt; 2 på sporet, 1 bagud, "
                                            "30 mangler data")
    assert met_of_judged(results, "en") == "1,234 of 1,500 judged results met; 2 on track, 1 behind, 30 missing data"
    # nothing beside: nothing said
    assert met_of_judged([aware(0.5, "met"), aware(0.4, "not_met")], "da") == "1 af 2 vurderede resultater opfyldt"


def test_the_history_caption_leaves_results_without_data_out_of_the_denominator() -> None:
    # two_years: 2 targets × 2 hubs × 2 years = 8 results: met Fyn 2024 ×2, Fyn 2025 aware, Sjælland 2025 green
    # = 4; not met Sjælland aware 2024 and 2025 = 2; without data Sjælland green 2024, Fyn green 2025 = 2.
    # Before: "4 af 8 resultater opfyldt"; now 4 of 4 + 2 = 6 judged, 2 lack data.
    reports = two_years()
    names = ["Erhvervshus Fyn", "Erhvervshus Sjælland"]
    data = national_history_data(reports, ["M1.aware", "M5.green"], names, "da")
    assert data.summary == ("2 landsdækkende mål med et tal (milepæle står i tabellen), 2 erhvervshuse, 2024–2025: "
                            "4 af 6 vurderede resultater opfyldt; 2 mangler data.")
    english = national_history_data(reports, ["M1.aware", "M5.green"], names, "en")
    assert english.summary.endswith(": 4 of 6 judged results met; 2 missing data.")
    page = build_site(reports, lang="da", generated="x", workbooks=False)["national-historik.html"].decode()
    assert "4 af 6 vurderede resultater opfyldt; 2 mangler data." in page


def test_the_year_caption_uses_the_same_rule() -> None:
    # 2024: met Fyn ×2, not met Sjælland aware, no data Sjælland green: 2 of 3 judged, 1 lacks data
    year = [r for r in two_years() if r.period.start.year == 2024]
    assert national_data(year, ["M1.aware", "M5.green"], "da").summary == (
        "2 landsdækkende mål med et tal (milepæle står i tabellen), 2 erhvervshuse: 2 af 3 vurderede resultater "
        "opfyldt; 1 mangler data.")


# --- 4. the English summary's singular ----------------------------------------------------------

def test_one_target_lacks_data_in_english() -> None:
    one = history_report("Fyn", 2024, [aware(0.55, "met"), green(0.65, "not_met"), tool(None, "insufficient_data")])
    assert verdict(one, "en") == ("Erhvervshus Fyn met 1 of the 2 targets that could be assessed in 2024; 1 not met, "
                                  "1 lacks data.")
    assert verdict(one, "da") == ("Erhvervshus Fyn opfyldte 1 af 2 mål, der kunne vurderes, i 2024; 1 er ikke "
                                  "opfyldt, 1 mangler data.")
    two = history_report("Fyn", 2024, [aware(0.55, "met"), green(None, "insufficient_data"),
                                       tool(None, "insufficient_data")])
    assert verdict(two, "en") == ("Erhvervshus Fyn met 1 of the 1 targets that could be assessed in 2024; 0 not met, "
                                  "2 lack data.")


# --- 5. a hub without a result in any year is named on the history page ---------------------------

def test_the_national_history_names_a_hub_with_no_result_in_any_year() -> None:
    """A review removed every Sydjylland file: the year pages named it, the history page said
    "· 5 erhvervshuse" and nothing of the sixth."""
    five = [history_report(hub, year, [aware(0.55, "met")]) for hub in
            ("Fyn", "Hovedstaden", "Midtjylland", "Nordjylland", "Sjælland") for year in (2023, 2024)]
    site = build_site(five, lang="da", generated="x", workbooks=False)
    page = site["national-historik.html"].decode()
    assert '<p class="note missing-hubs">Ingen resultater for: Erhvervshus Sydjylland.</p>' in page
    english = build_site(five, lang="en", generated="x", workbooks=False)["national-historik.html"].decode()
    assert '<p class="note missing-hubs">No results for: Erhvervshus Sydjylland.</p>' in english
    six = [*five, history_report("Sydjylland", 2024, [aware(0.40, "not_met")])]
    assert "missing-hubs" not in build_site(six, lang="da", generated="x", workbooks=False)[
        "national-historik.html"].decode()


def test_the_index_names_a_hub_without_a_result_in_each_year_compared() -> None:
    """The index said "Erhvervshuse: 5" and listed five hubs a year without a word of the sixth (a
    review): each year with a national comparison now names the hubs with no result that year; a
    year every hub has says nothing, and a hub's own site (no comparison) names no other hub."""
    five = [history_report(hub, year, [aware(0.55, "met")]) for hub in
            ("Fyn", "Hovedstaden", "Midtjylland", "Nordjylland", "Sjælland") for year in (2023, 2024)]
    six = [*five, history_report("Sydjylland", 2024, [aware(0.40, "not_met")])]
    index = build_site(six, lang="da", generated="x", workbooks=False)["index.html"].decode()
    year_2024 = index[index.index('<section id="year-2024">'):index.index('<section id="year-2023">')]
    year_2023 = index[index.index('<section id="year-2023">'):]
    assert "missing-hubs" not in year_2024
    assert '<p class="note missing-hubs">Ingen resultater for: Erhvervshus Sydjylland.</p>' in year_2023
    english = build_site(six, lang="en", generated="x", workbooks=False)["index.html"].decode()
    assert english.count('<p class="note missing-hubs">No results for: Erhvervshus Sydjylland.</p>') == 1
    own = [history_report("Fyn", year, [aware(0.55, "met")]) for year in (2023, 2024)]
    assert "missing-hubs" not in build_site(own, lang="da", generated="x", workbooks=False)["index.html"].decode()
    # two hubs on the site, one of them in one year only: that year's pages name the other, in each
    # place that compares the year (a review: the year of one hub said nothing of the second)
    two = [*own, history_report("Midtjylland", 2024, [aware(0.60, "met")])]
    site = build_site(two, lang="da", generated="x", workbooks=False)
    others = "Erhvervshus Nordjylland, Erhvervshus Sjælland, Erhvervshus Sydjylland."
    in_2023 = f"Ingen resultater for: Erhvervshus Hovedstaden, Erhvervshus Midtjylland, {others}"
    assert f'<p class="note missing-hubs">{in_2023}</p>' in site["national-2023.html"].decode()
    index = site["index.html"].decode()
    assert in_2023 in index[index.index('<section id="year-2023">'):]
    assert (f'<p class="note missing-hubs">Ingen resultater for: Erhvervshus Hovedstaden, {others}</p>'
            in site["national-2024.html"].decode())


def test_an_uncertain_result_is_marked_in_the_national_comparison() -> None:
    """The hub's report says "opfyldt (usikker)" where the interval holds the threshold; the national
    table showed the same result as plainly met (a review). The cell, its words for a screen reader,
    the printed table, the CSV and the workbook now say it; a result that is sure is not marked."""
    sure = history_target("M3.sat", 0.84, 0.8, "met", ref="Mål 3")
    unsure = history_target("M3.sat", 0.81, 0.8, "met", ref="Mål 3", uncertain=True)
    reports = [history_report("Fyn", 2024, [aware(0.55, "met"), unsure]),
               history_report("Sjælland", 2024, [aware(0.60, "met"), sure])]
    page = build_site(reports, lang="da", generated="x", workbooks=False)["national-2024.html"].decode()
    assert page.count('<span class="unsure" aria-hidden="true">usikker</span>') == 1
    assert ('title="81,0 % · Mål ≥ 80,0 % · opfyldt, usikker"><span aria-hidden="true">✔</span> 81,0 %'
            '<span class="sr"> (opfyldt, usikker)</span><span class="unsure" aria-hidden="true">usikker</span></td>'
            ) in page
    assert page.count('<span class="st">opfyldt, usikker</span>') == 1  # the printed table
    assert page.count("<td>✔ opfyldt, usikker</td>") == 1  # the table beside the chart (a review)
    english = build_site(reports, lang="en", generated="x", workbooks=False)["national-2024.html"].decode()
    assert ('<span class="sr"> (met, uncertain)</span><span class="unsure" aria-hidden="true">uncertain</span>'
            in english)
    rows = national_csv(reports, "da").decode("utf-8-sig").splitlines()
    statuses = {row.split(";")[1]: row.split(";")[-1] for row in rows[1:]}
    assert statuses == {"Erhvervshus Fyn": "opfyldt (usikker)", "Erhvervshus Sjælland": "opfyldt"}
    sheet = openpyxl.load_workbook(io.BytesIO(national_xlsx(reports, "en"))).active
    assert [row[-1] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["met (uncertain)", "met"]
    # the status colours by the start of the text: an uncertain result keeps its status's colour (a review:
    # "opfyldt (usikker)" matched no "equal to" rule and was left white)
    rules = [rule for ranges in sheet.conditional_formatting for rule in ranges.rules]
    assert {(rule.type, rule.operator, rule.text) for rule in rules} >= {("beginsWith", "beginsWith", "met")}
    assert "equal" not in {rule.operator for rule in rules}


def test_a_long_title_is_shortened_in_the_national_tables_headings() -> None:
    """A title of 36,000 characters was cut at Excel's limit inside the heading, so the value, target
    and status columns had one heading (a review); a heading keeps 120 characters of the title."""
    long = history_target("M3.sat", 0.84, 0.8, "met", ref="Mål 3").model_copy(update={"title": "Tilfredse " * 3600})
    header = national_csv([history_report("Fyn", 2024, [long])], "da").decode("utf-8-sig").splitlines()[0]
    names = header.split(";")[-3:]
    assert [n.rsplit("[M3.sat]", 1)[1] for n in names] == [" værdi (%)", " mål", " status"]
    assert all(len(n.split(" [")[0]) == 120 and n.split(" [")[0].endswith("…") for n in names)


def test_a_hubs_history_names_a_year_without_a_result() -> None:
    """A history "2022–2025" of 2022, 2024 and 2025 had no word of 2023, and its trends ran from 2022 to
    2024 (a review); the index and the national pages named it. The page now says which years have no
    result; a history without a gap says nothing of it."""
    reports = [history_report("Fyn", year, [aware(0.55, "met")]) for year in (2021, 2022, 2024, 2026)]
    page = build_site(reports, lang="da", generated="x", workbooks=False)["historik-fyn.html"].decode()
    assert ('<p class="note missing-years">Ingen resultater for 2023 og 2025: tabellen og tendenserne springer '
            "fra året før til året efter.</p>") in page
    english = build_site(reports[1:3], lang="en", generated="x", workbooks=False)["historik-fyn.html"].decode()
    assert ('<p class="note missing-years">No results for 2023: the table and the trends go from the year before '
            "to the year after.</p>") in english
    whole = build_site(reports[:2], lang="da", generated="x", workbooks=False)["historik-fyn.html"].decode()
    assert "missing-years" not in whole


def test_the_workbooks_data_date_is_a_date_cell() -> None:
    """"Data til og med" was the text '2024-12-31' in the national workbook (a KL review): Excel neither
    sorts nor filters it as a date. It is a date cell shown as the CSV writes it; the CSV is unchanged."""
    ws = openpyxl.load_workbook(io.BytesIO(national_xlsx(tied_hubs(), "da")))["Nationale mål"]
    assert ws.cell(1, 8).value == "Data til og med"
    cell = ws.cell(2, 8)
    assert cell.is_date and cell.value.date() == date(2024, 12, 31) and cell.number_format == "yyyy-mm-dd"
    assert national_csv(tied_hubs(), "da").decode("utf-8-sig").splitlines()[1].split(";")[7] == "2024-12-31"
