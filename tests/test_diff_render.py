"""hubmonitor diff in words (issue 20, item 3): the terminal text (render/diff_text.py) and the page
body (render/html/diff_page.py) of two contracts compared, with and without each target's figure
under both contracts on the same data (the sample)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from helpers import SAMPLE
from test_contract_diff import FRAMEWORK_EDITS, FYN, HUB_EDITS, MULTI_YEAR, load_pair, write_pair

import hubmonitor
from hubmonitor.contract.diff import ContractDiff, TargetSide, diff_contracts
from hubmonitor.contract.model import Contract
from hubmonitor.render.diff_text import Figures, diff_text, figure_text, threshold_words
from hubmonitor.render.html.diff_page import diff_body, diff_heading, diff_subtitle

ROW = '<tr><th class="label" scope="row">'  # a row of a table made by document.table

EXPECTED_DA = """\
Ændringer fra old.yaml til new.yaml
  før:   Erhvervshus Midtjylland 2024 · midtjylland-2024
  efter: Erhvervshus Midtjylland 2024 · midtjylland-2024

Mål: 2 nye, 2 fjernede, 5 ændrede, 14 uændrede (målsætning 2, beregning 2, ordlyd 1, oprindelse 1)

M3.satisfaction — Meget tilfredse med medarbejdernes kompetencer · ændret: beregning
  beregning:
    min_answers: (ikke angivet) → 50
    groups_needed: (ikke angivet) → 1

M3.nps — Net Promoter Score · ændret: målsætning, oprindelse
  målsætning: ≥ 70,0 → ≥ 60,0
    threshold: 70 → 60
  oprindelse:
    origin.overridden: (ikke angivet) → [threshold]

M6.productivity — Øget produktivitet (driftssegmentet) · fjernet
  external, målsætning var > 0,0 procentpoint, fra rammeaftalen

M6.productivity_gain — Øget produktivitet (driftssegmentet) · ny
  external, målsætning > 0,0 procentpoint, fra rammeaftalen

M8.reach — Virksomheder der har brugt erhvervshuset · ændret: målsætning
  målsætning: ≥ 5.000 → ≥ 5.200
    threshold: 5.000 → 5.200

M8.growth_programmes — Vækstforløb · ændret: beregning
  beregning:
    where.segment: (ikke angivet) → vækst

M8.balance — Balance mellem individuel og kollektiv vejledning · ændret: ordlyd
  ordlyd:
    title: Balance mellem individuelt vejledte og deltagere i kollektive tilbud → Balance mellem individuel og \
kollektiv vejledning

F1.dialogue_meetings — Dialogmøder med den lokale erhvervsservice · fjernet
  milestone, målsætning var ≥ 3, fra erhvervshuset

M8.collective — Deltagere i kollektive tilbud · ny
  distinct_companies, målsætning ≥ 2.000, fra erhvervshuset

Uændrede mål (14): M1.awareness, M1.new_companies, M4.referral_use, M5.green_tool, M5.green_awareness, \
M5.green_effect, M6.effect, M6.growth_revenue, M6.growth_employment, M7.digital_effect, \
M4.municipal_presentations, M8.spread, M8.referral_rate, ALLOC.basisbevilling
"""


@pytest.fixture(scope="module")
def pair(tmp_path_factory: pytest.TempPathFactory) -> tuple[Contract, Contract]:
    return load_pair(tmp_path_factory.mktemp("pair"), HUB_EDITS, FRAMEWORK_EDITS)


@pytest.fixture(scope="module")
def diff(pair: tuple[Contract, Contract]) -> ContractDiff:
    return diff_contracts(*pair, "old.yaml", "new.yaml")


@pytest.fixture(scope="module")
def figures(pair: tuple[Contract, Contract], diff: ContractDiff) -> Figures:
    """Each target's figure under both contracts on the sample data, as the lead's --data gives them."""
    old, new = (hubmonitor.evaluate(c, SAMPLE) for c in pair)
    return {t.id: (old.find(t.id), new.find(t.id)) for t in diff.targets}


# --- the terminal --------------------------------------------------------------------------------

def test_the_terminal_text_in_danish(diff: ContractDiff) -> None:
    assert diff_text(diff) == EXPECTED_DA


def test_the_terminal_text_in_english_fitted_to_a_width(diff: ContractDiff) -> None:
    text = diff_text(diff, "en", width=80)
    assert max(len(line) for line in text.splitlines()) <= 80
    lines = text.splitlines()
    assert lines[:5] == ["Changes from old.yaml to new.yaml",
                         "  before: Erhvervshus Midtjylland 2024 · midtjylland-2024",
                         "  after:  Erhvervshus Midtjylland 2024 · midtjylland-2024", "",
                         "Targets: 2 new, 2 removed, 5 changed, 14 unchanged (threshold 2, rule 2, wording"]
    assert lines[5] == "  1, origin 1)"
    for line in ("M3.nps — Net Promoter Score · changed: threshold, origin", "  threshold: ≥ 70.0 → ≥ 60.0",
                 "    threshold: 70 → 60", "  origin:", "    origin.overridden: (not set) → [threshold]",
                 "  external, threshold was > 0.0 pp, from the framework",
                 "  distinct_companies, threshold ≥ 2,000, from the hub",
                 "    where.segment: (not set) → vækst", "    min_answers: (not set) → 50"):
        assert line in lines, line


def test_figures_on_the_same_data_side_by_side(diff: ContractDiff, figures: Figures) -> None:
    lines = diff_text(diff, figures=figures).splitlines()
    reach = lines.index("M8.reach — Virksomheder der har brugt erhvervshuset · ændret: målsætning")
    # 5.152 companies: at least 5.000 is met, at least 5.200 is not
    assert lines[reach + 1:reach + 4] == ["  målsætning: ≥ 5.000 → ≥ 5.200", "    threshold: 5.000 → 5.200",
                                          "  på samme data: 5.152 ✔ opfyldt → 5.152 ✘ ikke opfyldt"]
    assert "  på samme data: 64,5 ✘ ikke opfyldt → 64,5 ✔ opfyldt" in lines  # NPS 64,5 against 70, then 60
    assert "  på samme data: 3 ✔ opfyldt → ikke i kontrakten" in lines  # F1.dialogue_meetings, removed
    collective = figures["M8.collective"][1]
    assert collective is not None and collective.value is not None
    assert f"  på samme data: ikke i kontrakten → {figure_text(collective)}" in lines
    # the unchanged targets, one line each after the line listing them
    assert ("  M5.green_awareness på samme data: 69,3 % ✘ ikke opfyldt (usikker) → 69,3 % ✘ ikke opfyldt (usikker)"
            in lines)
    assert "  ALLOC.basisbevilling på samme data: 41.679 t.kr. bevilling → 41.679 t.kr. bevilling" in lines


def test_identical_contracts_say_so(tmp_path: Path) -> None:
    d = diff_contracts(*load_pair(tmp_path, ()), "a.yaml", "a.yaml")
    assert diff_text(d) == ("Ændringer fra a.yaml til a.yaml\n"
                            "  før:   Erhvervshus Midtjylland 2024 · midtjylland-2024\n"
                            "  efter: Erhvervshus Midtjylland 2024 · midtjylland-2024\n\n"
                            "Ingen ændringer: de to kontrakter er ens.\n")
    assert diff_text(d, "en").endswith("\nNo changes: the two contracts are the same.\n")


def two_hubs(tmp_path: Path) -> ContractDiff:
    old, _ = write_pair(tmp_path, ())
    (tmp_path / "fyn").mkdir()
    shutil.copy(FYN, tmp_path / "fyn" / "2024.yaml")
    return diff_contracts(hubmonitor.load_contract(old), hubmonitor.load_contract(tmp_path / "fyn" / "2024.yaml"),
                          "midtjylland.yaml", "fyn.yaml")


def test_two_hubs_are_said_to_differ(tmp_path: Path) -> None:
    d = two_hubs(tmp_path)
    lines = diff_text(d).splitlines()
    assert lines[1:4] == ["  før:   Erhvervshus Midtjylland 2024 · midtjylland-2024",
                          "  efter: Erhvervshus Fyn 2024 · fyn-2024",
                          "Bemærk: kontrakterne gælder to forskellige erhvervshuse (Midtjylland → Fyn)."]
    assert "  hub: Erhvervshus Midtjylland → Erhvervshus Fyn" in lines
    assert "  målsætning: ≥ 19 (alle kommuner) → ≥ 9 (alle kommuner)" in lines  # M8.spread: all
    assert any(line.startswith("  kommuner tilføjet: Assens (420), Faaborg-Midtfyn (430), ") for line in lines)
    assert "Bemærk: kontrakterne gælder to forskellige erhvervshuse (Midtjylland → Fyn)." in diff_body(d, "da")


# --- thresholds in words -------------------------------------------------------------------------------

def side(**fields: object) -> TargetSide:
    base: dict[str, object] = {"kind": "share", "ref": "Mål 1", "unit": "share", "comparison": ">=",
                               "threshold": 0.5, "goal": 0.5, "year": 2025, "origin": "hub"}
    return TargetSide.model_validate({**base, **fields})


@pytest.mark.parametrize(("fields", "da", "en"), [
    ({}, "≥ 50,0 %", "≥ 50.0 %"),
    ({"comparison": "between", "threshold": [0.4, 0.6], "goal": [0.4, 0.6]}, "40,0 % – 60,0 %", "40.0 % – 60.0 %"),
    ({"kind": "municipal_spread", "unit": "count", "threshold": "all", "goal": 19, "basis": "all"},
     "≥ 19 (alle kommuner)", "≥ 19 (all municipalities)"),
    ({"kind": "external", "threshold": {"baseline": "b2020", "change": 0.1}, "goal": 0.7, "basis": "baseline",
      "base": 0.6}, "≥ 70,0 % (basislinjen b2020 60,0 % + 10,0 procentpoint)",
     "≥ 70.0 % (the baseline b2020 60.0 % + 10.0 pp)"),
    ({"kind": "external", "threshold": {"baseline": "aw", "relative": 0.15}, "goal": None, "basis": "baseline"},
     "≥ basislinjen aw + 15 % (læses fra data)", "≥ the baseline aw + 15 % (read from the data)"),
    ({"kind": "count", "unit": "count", "threshold": {"previous_year": {"relative": 0.05}}, "goal": None,
      "basis": "previous_year"}, "≥ sidste års værdi + 5 %", "≥ last year's value + 5 %"),
    ({"kind": "count", "unit": "count", "threshold": {"previous_year": {"change": -10}}, "goal": None,
      "basis": "previous_year"}, "≥ sidste års værdi − 10", "≥ last year's value − 10"),
    ({"kind": "count", "unit": "count", "threshold": {"previous_year": {}}, "goal": None, "basis": "previous_year"},
     "≥ sidste års værdi", "≥ last year's value"),
    ({"threshold": {"by_year": {"2024": 0.4, "2025": 0.5}}, "goal": 0.5, "basis": "step"},
     "≥ 50,0 % (trin for 2025)", "≥ 50.0 % (step for 2025)"),
    ({"kind": "milestone", "unit": "bool", "comparison": "==", "threshold": True, "goal": True}, "= ja", "= yes"),
    ({"kind": "allocation", "unit": "thousand_kr", "comparison": "==", "threshold": 41679, "goal": 41679},
     "bevilling 41.679 t.kr.", "grant 41,679 thousand kr"),
])
def test_threshold_words(fields: dict[str, object], da: str, en: str) -> None:
    assert (threshold_words(side(**fields)), threshold_words(side(**fields), "en")) == (da, en)


# --- the page ----------------------------------------------------------------------------------

def test_the_page_s_heading_and_subtitle(diff: ContractDiff) -> None:
    assert diff_heading(diff) == "Ændringer fra old.yaml til new.yaml"
    assert diff_heading(diff, "en") == "Changes from old.yaml to new.yaml"
    assert diff_subtitle(diff) == "Erhvervshus Midtjylland 2024 → Erhvervshus Midtjylland 2024"


def test_the_page_has_the_summary_the_table_and_the_details(diff: ContractDiff) -> None:
    body = diff_body(diff, "da")
    assert ('<ul class="tiles" aria-label="Mål"><li><span class="n">2</span>nye</li><li><span class="n">2</span>'
            'fjernede</li><li><span class="n">5</span>ændrede</li><li><span class="n">14</span>uændrede</li></ul>'
            in body)
    assert ('<tr><th scope="col">Mål</th><th scope="col">Ændring</th><th scope="col">Målsætning før</th>'
            '<th scope="col">Målsætning efter</th></tr>' in body)
    assert ('<tr><th scope="row"><a href="#change-M8.reach">Virksomheder der har brugt erhvervshuset</a> '
            '<span class="note">· Mål 8 · M8.reach</span></th><td><span class="changed">ændret: målsætning</span>'
            '</td><td>≥ 5.000</td><td>≥ 5.200</td></tr>' in body)
    assert ('<tr><th scope="row">Kendskabsgrad <span class="note">· Mål 1 · M1.awareness</span></th>'
            '<td><span class="note">uændret</span></td><td>≥ 50,0 %</td><td>≥ 50,0 %</td></tr>' in body)
    assert ('<td><span class="changed">fjernet</span></td><td>≥ 3</td><td>–</td></tr>' in body)
    assert '<td><span class="changed">ny</span></td><td>–</td><td>≥ 2.000</td></tr>' in body
    # the details of a changed target: one row per value, its key as code
    assert '<article class="panel" id="change-M8.growth_programmes">' in body
    assert (ROW + 'beregning</th><td><code>where.segment</code></td><td>(ikke angivet)</td><td>vækst</td></tr>'
            in body)
    assert "<p>Målsætning: ≥ 70,0 → ≥ 60,0</p>" in body
    assert "<p>Målsætning: &gt; 0,0 procentpoint, fra rammeaftalen</p>" in body
    assert '<th scope="row">Fil</th><td>old.yaml</td><td>new.yaml</td>' in body
    assert 'id="change-M1.awareness"' not in body  # unchanged: no details


def test_the_page_s_headings_are_in_order(diff: ContractDiff, figures: Figures) -> None:
    for lang in ("da", "en"):
        levels = [int(n) for n in re.findall(r"<h([1-6])", diff_body(diff, lang, figures))]
        assert levels[0] == 2 and levels.count(3) == 9
        assert all(b <= a + 1 for a, b in zip([1, *levels], levels, strict=False))


def test_the_page_shows_figures_with_status_in_words_and_icon(diff: ContractDiff, figures: Figures) -> None:
    body = diff_body(diff, "da", figures)
    assert '<th scope="col">Før: tal og status</th><th scope="col">Efter: tal og status</th>' in body
    assert ('<td>≥ 5.000</td><td>≥ 5.200</td><td><strong>5.152</strong> <span class="badge status-met">'
            '<span aria-hidden="true">✔</span> opfyldt</span></td><td><strong>5.152</strong> '
            '<span class="badge status-not_met"><span aria-hidden="true">✘</span> ikke opfyldt</span></td></tr>'
            in body)
    assert '<td><span class="note">ikke i kontrakten</span></td></tr>' in body  # a removed target's new figure
    assert "Tallene er beregnet på de samme data, efter hver kontrakts regler og mål." in body
    english = diff_body(diff, "en", figures)
    assert '<span class="badge status-not_met"><span aria-hidden="true">✘</span> not met</span>' in english


def test_a_script_in_a_title_is_escaped(tmp_path: Path) -> None:
    payload = "<script>alert(1)</script>"
    edits = (("    title: Vækstforløb\n", f"    title: Vækstforløb {payload}\n"),
             ("    quote: \"[…] heraf er min. 600 vækstforløb.\"\n", f"    quote: \"{payload}\"\n"))
    d = diff_contracts(*load_pair(tmp_path, edits), f"{payload}.yaml", "new.yaml")
    for lang in ("da", "en"):
        body = diff_body(d, lang)
        assert "<script" not in body
        assert "Vækstforløb &lt;script&gt;alert(1)&lt;/script&gt;" in body
        escaped = "&lt;script&gt;alert(1)&lt;/script&gt;"  # the quote's new value (Danish: marked on an English page)
        assert (f"<td>{escaped}</td>" if lang == "da" else f'<td><span lang="da">{escaped}</span></td>') in body
    assert diff_heading(d) == f"Ændringer fra {payload}.yaml til new.yaml"  # plain text: document.page escapes it


def test_identical_contracts_on_the_page(tmp_path: Path) -> None:
    d = diff_contracts(*load_pair(tmp_path, ()), "a.yaml", "b.yaml")
    body = diff_body(d, "da")
    assert "<p>Ingen ændringer: de to kontrakter er ens.</p>" in body
    assert 'id="targets"' not in body and 'id="details"' not in body


def test_a_year_of_a_contract_over_several_years_is_named_with_its_period(tmp_path: Path) -> None:
    path = tmp_path / "multi.yaml"
    path.write_text(MULTI_YEAR, encoding="utf-8")
    d = diff_contracts(hubmonitor.load_contract(path, 2024), hubmonitor.load_contract(path, 2025), "a", "b")
    lines = diff_text(d).splitlines()
    assert lines[1:3] == ["  før:   Erhvervshus Midtjylland 2024 af 2024–2026 · test-2024-2026",
                          "  efter: Erhvervshus Midtjylland 2025 af 2024–2026 · test-2024-2026"]
    assert lines[4:] == ["Mål: 0 nye, 0 fjernede, 1 ændret, 1 uændret (målsætning 1)", "Kontrakten: 1 ændring", "",
                         "Kontrakten:", "  period.year: 2024 → 2025", "",
                         "T.reach — Virksomheder · ændret: målsætning",
                         "  målsætning: ≥ 10 (trin for 2024) → ≥ 12 (trin for 2025)", "    goal: 10 → 12", "",
                         "Uændrede mål (1): T.total"]
    assert diff_subtitle(d, "en") == ("Erhvervshus Midtjylland 2024 of 2024–2026 → "
                                      "Erhvervshus Midtjylland 2025 of 2024–2026")


def test_changed_values_are_written_in_the_reader_s_language() -> None:
    """A language review: the changes page said "threshold: 0.8 → 0.85" under "≥ 80,0 % → ≥ 85,0 %",
    "total 42513 → 43363" and "origin.overridden: [] → [min_answers]"; an English title was not marked
    English on the Danish page."""
    from hubmonitor.contract.diff import FieldChange, _field_changes
    from hubmonitor.render.diff_text import field_line
    from hubmonitor.render.html.diff_page import _field_rows

    def change(path: str, old: object, new: object) -> FieldChange:
        return _field_changes(old, new, path)[0]  # as the comparison makes them, the values' text included

    share, total = change("threshold", 0.8, 0.85), change("total", 42513, 43363)
    year, listed = change("period.year", 2025, 2026), change("origin.overridden", [], ["min_answers"])
    assert [field_line(c, "da") for c in (share, total, year, listed)] == [
        "threshold: 0,8 → 0,85", "total: 42.513 → 43.363", "period.year: 2025 → 2026",
        "origin.overridden: (ikke angivet) → [min_answers]"]
    assert field_line(total, "en") == "total: 42,513 → 43,363"
    english = change("title_en", "Old title", "New title")
    marked = ['<span lang="en">Old title</span>', '<span lang="en">New title</span>']
    assert _field_rows([english], "da")[0][1:] == marked
    assert _field_rows([english], "en")[0][1:] == ["Old title", "New title"]
    danish = change("title", "Gammel titel", "Ny titel")  # and the Danish wording on the English page
    marked = ['<span lang="da">Gammel titel</span>', '<span lang="da">Ny titel</span>']
    assert _field_rows([danish], "en")[0][1:] == marked
    assert _field_rows([danish], "da")[0][1:] == ["Gammel titel", "Ny titel"]
    assert _field_rows([change("title_en", [], "X")], "da")[0][1] == "(ikke angivet)"  # not marked English
    # a number the language cannot write plainly is written as the contract writes it (it read "0 → 0")
    assert field_line(change("threshold", 1e-05, 2e-05), "da") == "threshold: 1e-05 → 2e-05"
    assert field_line(change("total", 2 ** 60, 2 ** 60 + 1), "da") == (
        "total: 1152921504606846976 → 1152921504606846977")
