"""The pages over the years say where a target changed (a KL review, 7 December 2026): a rule changed
under the same id and threshold (a filter added) was compared and joined by one line as if the same; a
hub's trend line ran across a year whose contract lacked the target; "nyt mål" was said of a
threshold's step and not of a target added; the national count of targets met compared different sets
of targets without a word; one hub's partial year marked the whole year's column; a hub missing a year
was a bare "–"; a national target removed by one hub a blank; a renamed target two panels of one title.

Reports made by hand (``dashboard_site.history_target``); ``rule`` is the digest the engine writes
(``contract.target_base.rule_digest``), checked on real contracts at the end."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from dashboard_site import history_report, history_target
from helpers import REPO

import hubmonitor
from hubmonitor.contract.diff import THRESHOLD_FIELDS, WORDING_FIELDS
from hubmonitor.contract.target_base import GOAL_KEYS, rule_digest
from hubmonitor.render.html import history_figures as hf
from hubmonitor.render.html.history_page import hub_history_body, national_history_body
from hubmonitor.render.html.site import build_site
from hubmonitor.render.national_table import national_csv
from hubmonitor.report import Report, TargetResult


def reach(value: int, target: int, rule: str | None, status: str = "met") -> TargetResult:
    return history_target("M8.reach", value, target, status, unit="count", kind="distinct_companies",
                          origin="hub", ref="Mål 8", rule=rule)


def new(value: float, rule: str | None, tid: str = "M1.new_companies", title: str | None = None) -> TargetResult:
    t = history_target(tid, value, 0.5, "met", kind="new_companies", rule=rule)
    return t if title is None else t.model_copy(update={"title": title})


@pytest.fixture(scope="module")
def fyn() -> list[Report]:
    """Fyn 2022–2025: reach counted by rule "a" in 2022 and 2023, by rule "b" (a filter added) from 2024,
    its threshold 1.600, 1.600, 1.700, 1.700; growth programmes in 2022, not in 2023's contract, back in
    2024 and 2025."""
    growth = [history_target("M8.growth", v, 200, "met", unit="count", kind="count", origin="hub", ref="Mål 8",
                             rule="g") for v in (237, 209, 215)]
    return [history_report("Fyn", 2022, [reach(1612, 1600, "a"), growth[0]]),
            history_report("Fyn", 2023, [reach(1650, 1600, "a")]),
            history_report("Fyn", 2024, [reach(841, 1700, "b", "not_met"), growth[1]]),
            history_report("Fyn", 2025, [reach(900, 1700, "b", "not_met"), growth[2]])]


def test_the_history_table_says_new_changed_and_another_rule(fyn: list[Report]) -> None:
    body = hub_history_body(fyn, "da")[0]
    table = body.split('<table class="data heat history">')[1].split("</table>")[0]
    rows = {re.search(r"· ([^<]+)</span>", r)[1]: r for r in table.split("<tr>")[2:]}  # type: ignore[index]
    marks = [re.findall(r'<span class="changed">([^<]+)</span>', cell) for cell in rows["M8.reach"].split("<td")[1:]]
    assert marks == [[], [], ["mål ændret", "regel ændret"], []]
    growth = [re.findall(r'<span class="changed">([^<]+)</span>', cell) for cell in rows["M8.growth"].split("<td")[1:]]
    # absent in 2023, in 2022's: back in 2024's contract, not new (a KL review, 8 December 2026)
    assert growth == [[], [], ["med i kontrakten igen"], []]
    assert ("M8.reach i 2024: reglen (hvad der tælles) er ændret fra året før under samme id, så tallene før og "
            "efter er ikke samme regels; tendensens linje er brudt dér.") in body
    english = hub_history_body(fyn, "en")[0]
    assert '<span class="changed">target changed</span> <span class="changed">rule changed</span>' in english
    assert '<span class="changed">back in the contract</span>' in english
    # a target absent the year before and never before that is new
    first_in_2024 = [r.model_copy(update={"targets": [t for t in r.targets if t.id != "M8.growth"]})
                     if r.period.start.year == 2022 else r for r in fyn]
    assert '<span class="changed">nyt i kontrakten</span>' in hub_history_body(first_in_2024, "da")[0]


def test_a_trend_line_breaks_at_a_year_without_the_target_and_at_another_rule(fyn: list[Report]) -> None:
    line = {t["name"]: t for t in hf.trend_figure(fyn, "M8.reach", "da").to_dict()["data"]}["line"]
    assert line["x"] == [2022, 2023, 2023.5, 2024, 2025] and line["y"] == [1612.0, 1650.0, None, 841.0, 900.0]
    assert line["connectgaps"] is False
    growth = {t["name"]: t for t in hf.trend_figure(fyn, "M8.growth", "da").to_dict()["data"]}["line"]
    assert growth["x"] == [2022, 2023, 2024, 2025] and growth["y"] == [237.0, None, 209.0, 215.0]
    # results written before the rule was (rule None) are not said to differ
    old = [r.model_copy(update={"targets": [t.model_copy(update={"rule": None}) for t in r.targets]}) for r in fyn]
    assert "regel ændret" not in hub_history_body(old, "da")[0]


def national(hubs: dict[str, list[tuple[int, list[TargetResult], date | None]]]) -> list[Report]:
    return [history_report(hub, year, targets, as_of) for hub, years in hubs.items() for year, targets, as_of in years]


def test_the_national_history_says_what_changed_and_who_is_missing() -> None:
    """2023: M3.nps added, M6.growth dropped; 2024: M1.new_companies counted by another rule (for both hubs),
    M1.awareness's threshold moved; Sydjylland without 2023; Fyn's 2024 up to 30 June, Midtjylland's whole."""
    def aware(v: float, target: float) -> TargetResult:
        return history_target("M1.awareness", v, target, "met", kind="external", rule="w")

    def growth() -> TargetResult:
        return history_target("M6.growth", 1.0, 0.5, "met", unit="pp", kind="external", rule="x")

    def nps() -> TargetResult:
        return history_target("M3.nps", 72.0, 70, "met", unit="score", kind="nps", rule="n")

    reports = national({
        "Fyn": [(2022, [aware(0.5, 0.5), new(0.7, "a"), growth()], None),
                (2023, [aware(0.5, 0.5), new(0.7, "a"), nps()], None),
                (2024, [aware(0.5, 0.55), new(0.6, "b"), nps()], date(2024, 6, 30))],
        "Sydjylland": [(2022, [aware(0.6, 0.5), new(0.8, "a"), growth()], None),
                       (2024, [aware(0.6, 0.55), new(0.8, "b"), nps()], None)]})
    body = national_history_body(reports, "da", {})[0]
    notes = re.findall(r'<p class="note (?:framework-changes|missing-years)">([^<]+)</p>', body)
    assert notes == [
        "Ingen resultater for Erhvervshus Sydjylland i 2023.",
        "2023: rammeaftalens mål er andre end året før (nye: M3.nps; udgået: M6.growth); antallet er ud af årets "
        "egne mål.",
        "2024: rammeaftalens mål er andre end året før (andet mål: M1.awareness; anden regel: M1.new_companies); "
        "antallet er ud af årets egne mål."]
    # one hub's partial 2024 is said in its own cell, not over the whole year's column
    head = body.split('<table class="data national-years">')[1].split("</thead>")[0]
    assert '<a href="national-2024.html">2024</a></th>' in head and "til og med" not in head
    fig = hf.national_history_figure(reports, "da")
    assert fig is not None
    layout = fig.to_dict()["layout"]
    assert layout["xaxis"]["ticktext"] == ["2022", "2023", "2024"]
    # the panels in the newest contract's order: M1.awareness first, then M1.new_companies (the second panel)
    fyn_aware, fyn_new = [t for t in fig.to_dict()["data"] if t["name"] == "Fyn"][:2]
    assert fyn_new["x"] == [2022, 2023, 2023.5, 2024] and fyn_new["y"] == [70.0, 70.0, None, 60.0]
    assert fyn_aware["marker"]["symbol"] == ["circle", "circle", "circle-open"]  # its own partial year


def test_a_removed_national_target_and_a_renamed_one_are_said() -> None:
    """Sjælland's contract removes M6.growth in 2024: its cell says so, on the page and in the CSV; M1.new
    renamed M1.new_companies (same title) gets its id beside its title in the panels."""
    def growth(v: float) -> TargetResult:
        return history_target("M6.growth", v, 0.5, "met", unit="pp", kind="external", rule="x")
    reports = national({
        "Fyn": [(2023, [new(0.7, "a", "M1.new", "Nye virksomheder"), growth(1.0)], None),
                (2024, [new(0.7, "a", title="Nye virksomheder"), growth(1.0)], None)],
        "Sjælland": [(2023, [new(0.6, "a", "M1.new", "Nye virksomheder"), growth(2.0)], None),
                     (2024, [new(0.6, "a", title="Nye virksomheder")], None)]})
    site = build_site(reports, lang="da", generated="x", workbooks=False)
    page = site["national-2024.html"].decode()
    assert '<td class="cell" data-sort="">–<span class="unsure">ikke i husets kontrakt</span></td>' in page
    assert '<td>–<span class="st">ikke i husets kontrakt</span></td>' in page  # the printed table
    csv = national_csv([r for r in reports if r.period.start.year == 2024], "da").decode("utf-8-sig")
    assert csv.count("ikke i husets kontrakt") == 1
    fig = hf.national_history_figure(reports, "da")
    assert fig is not None
    titles = [a["text"].replace("<br>", " ") for a in fig.to_dict()["layout"]["annotations"]]
    assert titles[:3] == ["Nye virksomheder (M1.new_companies)", "Titel M6.growth", "Nye virksomheder (M1.new)"]


def test_the_rule_digest_is_of_what_is_counted(tmp_path: Path) -> None:
    """Equal for a target whose words or threshold change, different for one whose filter or exclusion does;
    the keys a digest leaves out include every key ``hubmonitor diff`` calls wording or threshold."""
    assert WORDING_FIELDS | THRESHOLD_FIELDS <= GOAL_KEYS
    contract = hubmonitor.load_contract(REPO / "contracts" / "midtjylland" / "2024.yaml")
    target = next(t for t in contract.targets if t.id == "M4.referral_use")
    same = target.model_copy(update={"threshold": 0.6, "quote": "Andre ord", "title": "Ny titel"})
    other = target.model_copy(update={"exclude": []})
    assert rule_digest(same) == rule_digest(target) != rule_digest(other)
    assert len(rule_digest(target)) == 16
    # a list's order and a default written out say nothing of what is counted (a second reviewer)
    assert rule_digest(target.model_copy(update={"success": list(reversed(target.success))})) == rule_digest(target)
    assert rule_digest(target.model_copy(update={"over": "year"})) == rule_digest(target)
    # the levels a kind's threshold stands for are no rule: the grant's total, the spread's target number
    grant = next(t for t in contract.targets if t.kind == "allocation")
    assert rule_digest(grant.model_copy(update={"total": grant.total + 1})) == rule_digest(grant)
    # the engine writes it: the sample's results carry each target's digest
    report = hubmonitor.evaluate(contract, REPO / "data" / "sample" / "midtjylland-2024")
    assert next(t for t in report.targets if t.id == "M4.referral_use").rule == rule_digest(target)


def test_the_terminal_over_the_years_says_a_year_without_the_target(fyn: list[Report]) -> None:
    """`evaluate --years`: the year whose contract lacks a target is said, in the table and in the
    listing by target of a narrow terminal (a KL review: the listing left 2023 out)."""
    from hubmonitor.render.terminal import history
    wide = history(fyn, "da")
    assert "M8.growth" in wide and "– ikke i kontrakten" in wide.split("M8.growth")[1].split("\n")[0]
    narrow = history(fyn, "da", 40).split("\n")
    at = narrow.index("M8.growth")
    assert narrow[at + 1:at + 5] == ["  2022: 237 ≥ 200 ✔", "  2023: – ikke i kontrakten", "  2024: 209 ≥ 200 ✔",
                                     "  2025: 215 ≥ 200 ✔"]
    assert "2023: – not in the contract" in history(fyn, "en", 40)


def test_a_stray_row_of_another_year_is_no_year_of_the_seasonal_profile(tmp_path: Path) -> None:
    """One row typed "2016-03-01" in the 2024 file made 2016 a year of the seasonal profile, which had
    reached everything by March: the pace "bagud" where it was "på sporet", without a word (a director's
    review). A year whose usable rows lie on fewer days than a tenth of the busiest year's (a sliver of
    stray rows) is kept out of the profile, and the pace's note says so. The sample as of 30 June 2024: the profile is
    2023's alone, share 0,5822 (as without the stray row)."""
    import shutil
    folder = tmp_path / "data"
    shutil.copytree(REPO / "data" / "sample" / "midtjylland-2024", folder)
    path = folder / "crm_activities_2024.csv"
    path.write_text(path.read_text(encoding="utf-8")
                    + "Z9,2016-03-01,ACC-999999,,Virksomhed Z ApS,Aarhus,drift,individuel,nej,nej,\n",
                    encoding="utf-8")
    contract = REPO / "contracts" / "midtjylland" / "2024.yaml"
    plain = hubmonitor.evaluate(contract, REPO / "data" / "sample" / "midtjylland-2024", as_of=date(2024, 6, 30))
    stray = hubmonitor.evaluate(contract, folder, as_of=date(2024, 6, 30))
    before, after = (next(t for t in r.targets if t.id == "M8.reach") for r in (plain, stray))
    assert before.season is not None and after.season is not None
    assert after.season.years == before.season.years == [2023]
    assert round(after.season.share, 4) == 0.5822 and after.season == before.season
    assert (after.status, after.expected_by_now, after.forecast) == (before.status, before.expected_by_now,
                                                                    before.forecast)
    assert after.pace_note == ("2016 indgår ikke i sæsonprofilen: den har data på kun 1 dag (1.3.2016–1.3.2016), "
                               "for få til at vise et års forløb")
    assert after.pace_note_en == ("2016 is left out of the seasonal profile: it has data on only 1 day (1 Mar "
                                  "2016–1 Mar 2016), too few to show a year's course")
    assert before.pace_note is None


def test_a_year_that_ends_before_the_date_is_still_a_year_of_the_profile(tmp_path: Path) -> None:
    """A Christmas break is a year's course: 2023's activities ending on 20 December, the pace as of
    30 December 2024 reads 2023 as a year that had reached all by then (a share of 1), not as a sliver
    (a second reviewer: a rule of "data end before the date" dropped every year after a holiday stop)."""
    import shutil
    folder = tmp_path / "data"
    shutil.copytree(REPO / "data" / "sample" / "midtjylland-2024", folder)
    for path in folder.glob("*.csv"):  # every 2023 row after 20 December, activity or answer, in whichever file
        header, *rows = path.read_text(encoding="utf-8").rstrip("\n").split("\n")
        kept = [row for row in rows if not row.split(",")[1].startswith(("2023-12-2", "2023-12-3"))]
        path.write_text("\n".join([header, *kept]) + "\n", encoding="utf-8")
    report = hubmonitor.evaluate(REPO / "contracts" / "midtjylland" / "2024.yaml", folder, as_of=date(2024, 12, 30))
    reach = next(t for t in report.targets if t.id == "M8.reach")
    assert reach.season is not None and reach.season.years == [2023] and reach.season.shares == [1.0]
    assert reach.pace_note is None


def test_a_hubs_own_changes_are_said_as_the_hubs_not_the_frameworks() -> None:
    """Fyn's contract set its own NPS target in 2023 (60, the framework's 70), went back in 2024 and left
    M6.growth out of 2024 (the others kept it), and counted M4.use by its own rule in 2024: the national
    history said "rammeaftalens mål er andre end året før (andet mål: M3.nps …)" and nothing of the removal
    (a KL review, 8 December 2026). The framework's changes and each hub's own are said apart."""
    def nps(target: float, own: bool) -> TargetResult:
        return history_target("M3.nps", 65.0, target, "met", unit="score", kind="nps", rule="n",
                              overridden=["threshold"] if own else [])

    def use(rule: str, own: bool) -> TargetResult:
        return history_target("M4.use", 0.6, 0.5, "met", kind="share", rule=rule, overridden=["success"] if own else [])

    def growth() -> TargetResult:
        return history_target("M6.growth", 1.0, 0.5, "met", unit="pp", kind="external", rule="x")

    reports = national({
        "Fyn": [(2022, [nps(70, False), use("u", False), growth()], None),
                (2023, [nps(60, True), use("u", False), growth()], None),
                (2024, [nps(70, False), use("v", True)], None)],
        "Sydjylland": [(2022, [nps(70, False), use("u", False), growth()], None),
                       (2023, [nps(70, False), use("u", False), growth()], None),
                       (2024, [nps(70, False), use("u", False), growth()], None)]})
    notes = re.findall(r'<p class="note framework-changes">([^<]+)</p>', national_history_body(reports, "da", {})[0])
    assert notes == [
        "2023: Erhvervshus Fyn har i sin egen kontrakt andre nationale mål end året før (andet mål: M3.nps); husets "
        "antal er ud af dets egne mål.",
        "2024: Erhvervshus Fyn har i sin egen kontrakt andre nationale mål end året før (andet mål: M3.nps; anden "
        "regel: M4.use; udeladt: M6.growth); husets antal er ud af dets egne mål."]
    english = re.findall(r'<p class="note framework-changes">([^<]+)</p>', national_history_body(reports, "en", {})[0])
    assert english[1] == ("2024: Erhvervshus Fyn&#x27;s own contract holds other national targets than the year "
                          "before (other target: M3.nps; other rule: M4.use; left out: M6.growth); the hub&#x27;s "
                          "count is out of its own targets.")
    # the framework's own change (both hubs' threshold moved, neither overriding it) is the framework's
    moved = national({hub: [(2022, [nps(70, False)], None), (2023, [nps(75, False)], None)]
                      for hub in ("Fyn", "Sydjylland")})
    assert re.findall(r'<p class="note framework-changes">([^<]+)</p>', national_history_body(moved, "da", {})[0]) == [
        "2023: rammeaftalens mål er andre end året før (andet mål: M3.nps); antallet er ud af årets egne mål."]


def test_a_national_column_is_headed_by_the_frameworks_words_in_the_frameworks_place() -> None:
    """Fyn's contract gave M4.use its own title and left M3.nps out: Fyn's title headed the column of every
    hub (Fyn being first of the files), and M3.nps's column came last (a KL review)."""
    from hubmonitor.render.html.figures import national_targets

    def t(tid: str, own_title: str | None = None) -> TargetResult:
        made = history_target(tid, 0.6, 0.5, "met", rule="r")
        return made if own_title is None else made.model_copy(update={"title": own_title, "overridden": ["title"]})

    fyn = history_report("Fyn", 2024, [t("M1.a"), t("M4.use", "Fyns egen titel"), t("M5.b")])
    syd = history_report("Sydjylland", 2024, [t("M1.a"), t("M3.nps"), t("M4.use"), t("M5.b")])
    assert [(tid, r.title) for tid, r in national_targets([fyn, syd])] == [
        ("M1.a", "Titel M1.a"), ("M3.nps", "Titel M3.nps"), ("M4.use", "Titel M4.use"), ("M5.b", "Titel M5.b")]
    csv_head = national_csv([fyn, syd], "da").decode("utf-8-sig").splitlines()[0]
    assert "Fyns egen titel" not in csv_head and csv_head.index("M3.nps") < csv_head.index("M4.use")


def test_a_renamed_target_says_its_earlier_title_and_years(fyn: list[Report]) -> None:
    """M8.reach renamed in 2025: the history showed the new title for all four years, with no word that
    2022–2024's contracts called it otherwise (a KL review)."""
    renamed = [r.model_copy(update={"targets": [t.model_copy(update={"title": "Virksomheder, der har benyttet "
                                                                              "tilbuddene"})
                                                if t.id == "M8.reach" and r.period.start.year == 2025 else t
                                                for t in r.targets]}) for r in fyn]
    body = hub_history_body(renamed, "da")[0]
    assert ('Virksomheder, der har benyttet tilbuddene<span class="meta earlier-title">tidligere titel: Titel '
            'M8.reach (2022–2024)</span></th>') in body
    assert "earlier-title" not in hub_history_body(fyn, "da")[0]


def test_the_terminals_years_say_a_rule_changed_from_the_year_before(fyn: list[Report]) -> None:
    """`evaluate --years` showed each year's threshold but nothing of a rule that counts otherwise than the
    year before's, which the pages mark (a KL review): M8.reach counted by rule "b" from 2024."""
    from hubmonitor.render.terminal import history

    lines = [line.strip() for line in history(fyn, "da", 60).splitlines()]
    reach = lines[lines.index("M8.reach") + 1:lines.index("M8.reach") + 5]
    assert reach == ["2022: 1.612 ≥ 1.600 ✔", "2023: 1.650 ≥ 1.600 ✔",
                     "2024: 841 ≥ 1.700 ✘ (regel ændret fra året før)", "2025: 900 ≥ 1.700 ✘"]
    growth = lines[lines.index("M8.growth") + 1:lines.index("M8.growth") + 5]
    assert growth[1:3] == ["2023: – ikke i kontrakten", "2024: 209 ≥ 200 ✔"]  # back: no rule to compare with
    assert "(rule changed from the year before)" in history(fyn, "en", 60)


def test_the_national_columns_keep_the_frameworks_order_when_two_hubs_leave_out_different_targets() -> None:
    """Hub 1 without the third framework target and hub 2 without the second put the third before the
    second (a review of the change): each report's order is kept, ties by first appearance."""
    from hubmonitor.render.html.figures import merged_order, national_targets

    def t(tid: str) -> TargetResult:
        return history_target(tid, 0.6, 0.5, "met", rule="r")

    fyn = history_report("Fyn", 2024, [t("A"), t("B"), t("D"), t("E")])
    syd = history_report("Sydjylland", 2024, [t("A"), t("C"), t("D"), t("E")])
    assert [tid for tid, _ in national_targets([fyn, syd])] == ["A", "B", "C", "D", "E"]
    # two contracts ordering B and C apart disagree: after A, first appearance decides
    assert merged_order([["A", "B", "C"], ["A", "C", "B"]]) == ["A", "B", "C"]
