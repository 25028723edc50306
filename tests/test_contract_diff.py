"""hubmonitor diff (issue 20, item 3): two contracts compared target by target (contract/diff.py).

The contracts are the real Midtjylland 2024 contract and the national framework, copied into
tmp_path and edited as text: a threshold, a where filter, a title, a target removed, one added,
groups_needed and min_answers, an override, an id renamed."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from helpers import REPO

import hubmonitor
from hubmonitor.contract.diff import (
    THRESHOLD_FIELDS,
    WORDING_FIELDS,
    ContractDiff,
    FieldChange,
    TargetChange,
    aspect_of,
    diff_contracts,
    merged_order,
    same,
    shown,
)
from hubmonitor.contract.model import Contract
from hubmonitor.contract.targets import TARGET_KINDS

NATIONAL = REPO / "contracts" / "national" / "2024.yaml"
MIDTJYLLAND = REPO / "contracts" / "midtjylland" / "2024.yaml"
FYN = REPO / "contracts" / "fyn" / "2024.yaml"

NEW_TARGET = """
  - id: M8.collective
    ref: Mål 8
    kind: distinct_companies
    title: Deltagere i kollektive tilbud
    title_en: Participants in collective offers
    where: {activity_type: kollektiv}
    threshold: 2000
    quote: Mindst 2.000 virksomheder deltager i kollektive tilbud.
"""
REMOVED_TARGET = """  - id: F1.dialogue_meetings
    ref: Indsatsområde 1
    kind: milestone
    title: Dialogmøder med den lokale erhvervsservice
    title_en: Dialogue meetings with the local business service
    evidence: dialogue_meetings
    measure: count
    threshold: 3
    quote: >-
      […] så skal Erhvervshus Midtjylland 3-4 gange om året invitere den lokale erhvervsservice
      (herunder kommunale erhvervsmedarbejdere) til dialogmøder […]

"""

MULTI_YEAR = """\
document: contract
id: test-2024-2026
title: Treårig testkontrakt
hub: Erhvervshus Midtjylland
erhvervshus: Midtjylland
period: {years: [2024, 2026]}
targets:
  - id: T.reach
    ref: Mål 1
    kind: distinct_companies
    title: Virksomheder
    quote: Flere virksomheder hvert år.
    threshold: {by_year: {2024: 10, 2025: 12, 2026: 15}}
  - id: T.total
    ref: Mål 2
    kind: distinct_companies
    title: Virksomheder i perioden
    quote: 30 virksomheder i perioden.
    over: period
    threshold: 30
"""

# The hub contract's edits: a threshold, a where filter, a title, a target removed and one added,
# an override of a framework target's threshold; the new file extends the edited framework.
HUB_EDITS = (
    ("extends: ../national/2024.yaml", "extends: ../national/new.yaml"),
    ("    threshold: 5000\n", "    threshold: 5200\n"),
    ("    where: {growth_programme: true}\n", "    where: {growth_programme: true, segment: vækst}\n"),
    ("    title: Balance mellem individuelt vejledte og deltagere i kollektive tilbud\n",
     "    title: Balance mellem individuel og kollektiv vejledning\n"),
    (REMOVED_TARGET, ""),
    ("\n# Parts of the contract with no computed status.",
     NEW_TARGET + "\n# Parts of the contract with no computed status."),
    ("overrides:\n", "overrides:\n  M3.nps:\n    threshold: 60\n"),
)
# The framework's edits: groups_needed and min_answers on M3.satisfaction, M6.productivity's id renamed.
FRAMEWORK_EDITS = (
    ("    groups: [drift, vækst]\n", "    groups: [drift, vækst]\n    groups_needed: 1\n    min_answers: 50\n"),
    ("  - id: M6.productivity\n", "  - id: M6.productivity_gain\n"),
)


def edited(text: str, edits: tuple[tuple[str, str], ...]) -> str:
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text


def write_pair(tmp_path: Path, hub_edits: tuple[tuple[str, str], ...],
               framework_edits: tuple[tuple[str, str], ...] = ()) -> tuple[Path, Path]:
    """tmp_path/national/{2024,new}.yaml and tmp_path/midtjylland/{old,new}.yaml: the real files and
    the edited copies."""
    (tmp_path / "national").mkdir(exist_ok=True)
    (tmp_path / "midtjylland").mkdir(exist_ok=True)
    shutil.copy(NATIONAL, tmp_path / "national" / "2024.yaml")
    national = NATIONAL.read_text(encoding="utf-8")
    (tmp_path / "national" / "new.yaml").write_text(edited(national, framework_edits), encoding="utf-8")
    old = tmp_path / "midtjylland" / "old.yaml"
    new = tmp_path / "midtjylland" / "new.yaml"
    shutil.copy(MIDTJYLLAND, old)
    new.write_text(edited(MIDTJYLLAND.read_text(encoding="utf-8"), hub_edits), encoding="utf-8")
    return old, new


def load_pair(tmp_path: Path, hub_edits: tuple[tuple[str, str], ...],
              framework_edits: tuple[tuple[str, str], ...] = ()) -> tuple[Contract, Contract]:
    old, new = write_pair(tmp_path, hub_edits, framework_edits)
    return hubmonitor.load_contract(old), hubmonitor.load_contract(new)


@pytest.fixture
def diff(tmp_path: Path) -> ContractDiff:
    old, new = load_pair(tmp_path, HUB_EDITS, FRAMEWORK_EDITS)
    return diff_contracts(old, new, "old.yaml", "new.yaml")


def paths(t: TargetChange) -> list[tuple[str, str, object, object]]:
    """(aspect, path, old, new) of every change of a target."""
    return [(a.aspect, f.path, f.old, f.new) for a in t.aspects for f in a.fields]


def by_id(d: ContractDiff) -> dict[str, TargetChange]:
    return {t.id: t for t in d.targets}


def test_every_target_in_the_new_order_with_the_removed_after_their_old_neighbour(diff: ContractDiff) -> None:
    assert [(t.id, t.change) for t in diff.targets] == [
        ("M1.awareness", "unchanged"), ("M1.new_companies", "unchanged"), ("M3.satisfaction", "changed"),
        ("M3.nps", "changed"), ("M4.referral_use", "unchanged"), ("M5.green_tool", "unchanged"),
        ("M5.green_awareness", "unchanged"), ("M5.green_effect", "unchanged"), ("M6.effect", "unchanged"),
        ("M6.growth_revenue", "unchanged"), ("M6.growth_employment", "unchanged"),
        ("M6.productivity", "removed"), ("M6.productivity_gain", "added"), ("M7.digital_effect", "unchanged"),
        ("M4.municipal_presentations", "unchanged"), ("M8.spread", "unchanged"), ("M8.reach", "changed"),
        ("M8.growth_programmes", "changed"), ("M8.balance", "changed"), ("M8.referral_rate", "unchanged"),
        ("F1.dialogue_meetings", "removed"), ("ALLOC.basisbevilling", "unchanged"), ("M8.collective", "added"),
    ]


def test_each_changed_target_says_what_changed_by_aspect_and_path(diff: ContractDiff) -> None:
    t = by_id(diff)
    assert paths(t["M8.reach"]) == [("threshold", "threshold", 5000, 5200)]
    assert paths(t["M8.growth_programmes"]) == [("rule", "where.segment", None, "vækst")]
    assert paths(t["M8.balance"]) == [
        ("wording", "title", "Balance mellem individuelt vejledte og deltagere i kollektive tilbud",
         "Balance mellem individuel og kollektiv vejledning")]
    assert paths(t["M3.satisfaction"]) == [("rule", "min_answers", None, 50), ("rule", "groups_needed", None, 1)]
    # an override of a framework target: its threshold, and where it comes from
    assert paths(t["M3.nps"]) == [("threshold", "threshold", 70, 60),
                                  ("origin", "origin.overridden", [], ["threshold"])]
    assert t["M3.nps"].new is not None and t["M3.nps"].new.overridden == ("threshold",)
    growth = t["M8.growth_programmes"].aspects[0].fields[0]
    assert growth == FieldChange(path="where.segment", old=None, new="vækst", old_text=None, new_text="vækst")


def test_added_and_removed_targets_carry_their_own_side_only(diff: ContractDiff) -> None:
    t = by_id(diff)
    added, removed = t["M8.collective"], t["F1.dialogue_meetings"]
    assert (added.old, added.aspects, added.kind, added.title, added.title_en) == (
        None, (), "distinct_companies", "Deltagere i kollektive tilbud", "Participants in collective offers")
    assert added.new is not None
    assert (added.new.threshold, added.new.goal, added.new.comparison, added.new.origin) == (2000, 2000, ">=", "hub")
    assert removed.new is None and removed.old is not None
    assert (removed.kind, removed.old.unit, removed.old.goal, removed.old.origin) == ("milestone", "count", 3, "hub")


def test_a_renamed_id_is_a_removed_and_an_added_target(diff: ContractDiff) -> None:
    t = by_id(diff)
    assert (t["M6.productivity"].change, t["M6.productivity_gain"].change) == ("removed", "added")
    assert t["M6.productivity"].title == t["M6.productivity_gain"].title == "Øget produktivitet (driftssegmentet)"


def test_the_summary_counts_each_change_and_lists_the_unchanged(diff: ContractDiff) -> None:
    s = diff.summary
    assert (s.added, s.removed, s.changed, s.unchanged_count) == (2, 2, 5, 14)
    assert (s.threshold, s.rule, s.wording, s.origin) == (2, 2, 1, 1)
    assert (s.qualitative_added, s.qualitative_removed, s.qualitative_changed, s.contract) == (0, 0, 0, 0)
    assert (s.hub_changed, s.identical) == (False, False)
    assert s.unchanged == ("M1.awareness", "M1.new_companies", "M4.referral_use", "M5.green_tool",
                           "M5.green_awareness", "M5.green_effect", "M6.effect", "M6.growth_revenue",
                           "M6.growth_employment", "M7.digital_effect", "M4.municipal_presentations", "M8.spread",
                           "M8.referral_rate", "ALLOC.basisbevilling")
    assert diff.contract.fields == ()
    assert (diff.old.file, diff.new.file, diff.old.hub, diff.new.year) == (
        "old.yaml", "new.yaml", "Erhvervshus Midtjylland", 2024)


def test_the_diff_is_a_frozen_json_document(diff: ContractDiff) -> None:
    document = diff.model_dump(mode="json")
    assert (document["document"], document["schema_version"]) == ("contract-diff", 1)
    text = json.dumps(document, ensure_ascii=False, allow_nan=False)
    assert ContractDiff.model_validate(json.loads(text)) == diff
    with pytest.raises(ValueError, match="frozen"):
        diff.summary.added = 3  # type: ignore[misc]


def test_identical_contracts_give_no_change(tmp_path: Path) -> None:
    old, new = load_pair(tmp_path, ())
    d = diff_contracts(old, new, "a.yaml", "b.yaml")
    assert d.summary.identical
    assert d.changed_targets() == [] and d.qualitative == () and d.contract.fields == ()
    assert len(d.summary.unchanged) == len(d.targets) == 21
    assert all(t.aspects == () for t in d.targets)


def test_the_grant_is_the_allocation_s_threshold_and_its_table_a_rule(tmp_path: Path) -> None:
    edits = (("    total: 41679\n    threshold: 41679\n", "    total: 41700\n    threshold: 41700\n"),
             ("      Aarhus: 11089\n", "      Aarhus: 11110\n"))
    d = diff_contracts(*load_pair(tmp_path, edits), "a", "b")
    assert paths(by_id(d)["ALLOC.basisbevilling"]) == [
        ("threshold", "threshold", 41679, 41700), ("threshold", "total", 41679, 41700),
        ("rule", "table.Aarhus", 11089, 11110)]


def test_a_baseline_changed_in_the_contract_moves_the_threshold_it_builds_on(tmp_path: Path) -> None:
    d = diff_contracts(*load_pair(tmp_path, (("  green_awareness_2020: 0.60\n", "  green_awareness_2020: 0.65\n"),)),
                       "a", "b")
    assert [(f.path, f.old, f.new) for f in d.contract.fields] == [("baselines.green_awareness_2020", 0.6, 0.65)]
    t = by_id(d)["M5.green_awareness"]
    assert paths(t) == [("threshold", "goal", 0.7, 0.75)]
    assert t.old is not None and t.new is not None
    assert (t.old.basis, t.old.base, t.new.base) == ("baseline", 0.6, 0.65)
    assert t.new.threshold == {"baseline": "green_awareness_2020", "change": 0.1}
    assert d.summary.contract == 1 and d.summary.threshold == 1


def test_a_changed_filter_operator_is_a_nested_path(tmp_path: Path) -> None:
    """A framework's ``where`` condition edited: the path goes down to the operator, written as the
    contract writes it (``in``, not the model's ``in_``)."""
    framework = (("    where: {topics: {contains: grøn}}\n", "    where: {topics: {contains: eksport}}\n"),
                 ("    where: {referral_received: true}\n",
                  "    where: {referral_received: true, segment: {in: [drift, vækst]}}\n"))
    d = diff_contracts(*load_pair(tmp_path, (("extends: ../national/2024.yaml", "extends: ../national/new.yaml"),),
                                  framework), "a", "b")
    t = by_id(d)
    assert paths(t["M5.green_effect"]) == [("rule", "where.topics.contains", "grøn", "eksport")]
    referral = t["M4.referral_use"].aspects[0].fields[0]
    assert (referral.path, referral.new, referral.new_text) == (
        "where.segment", {"in": ["drift", "vækst"]}, "{in: [drift, vækst]}")


def test_contracts_of_two_hubs_are_compared_and_say_the_hub_changed(tmp_path: Path) -> None:
    old, _ = write_pair(tmp_path, ())
    (tmp_path / "fyn").mkdir()
    shutil.copy(FYN, tmp_path / "fyn" / "2024.yaml")
    d = diff_contracts(hubmonitor.load_contract(old), hubmonitor.load_contract(tmp_path / "fyn" / "2024.yaml"),
                       "midtjylland.yaml", "fyn.yaml")
    assert d.summary.hub_changed
    fields = {f.path: (f.old, f.new) for f in d.contract.fields}
    assert fields["hub"] == ("Erhvervshus Midtjylland", "Erhvervshus Fyn")
    assert fields["erhvervshus"] == ("Midtjylland", "Fyn")
    assert fields["baselines.green_awareness_2020"] == (0.6, 0.59)
    assert [(m.code, m.name) for m in d.contract.municipalities_added][:2] == [("420", "Assens"),
                                                                                ("430", "Faaborg-Midtfyn")]
    assert len(d.contract.municipalities_added) == 9 and len(d.contract.municipalities_removed) == 19
    assert ("751", "Aarhus") in [(m.code, m.name) for m in d.contract.municipalities_removed]
    assert (d.old.municipalities, d.new.municipalities) == (19, 9)
    # "all" comes to the hub's own number of municipalities
    assert ("threshold", "goal", 19, 9) in paths(by_id(d)["M8.spread"])


def test_qualitative_items_are_compared_by_id(tmp_path: Path) -> None:
    edits = (("    title: Digitalisering\n", "    title: Digital omstilling\n"),
             ("  - id: F5.water\n", "  - id: F5.water_tech\n"))
    d = diff_contracts(*load_pair(tmp_path, edits), "a", "b")
    assert [(q.id, q.change, [(f.path, f.old, f.new) for f in q.fields]) for q in d.qualitative] == [
        ("F4.digital", "changed", [("title", "Digitalisering", "Digital omstilling")]),
        ("F5.water", "removed", []), ("F5.water_tech", "added", [])]
    assert (d.summary.qualitative_added, d.summary.qualitative_removed, d.summary.qualitative_changed) == (1, 1, 1)
    assert not d.summary.identical and d.summary.changed == 0


def test_every_field_of_every_kind_has_an_aspect_and_the_sets_are_declared_once() -> None:
    """Wording and threshold are the declared sets; every other field of every kind is rule."""
    for kind in TARGET_KINDS:
        name = kind.model_fields["kind"].annotation.__args__[0]  # type: ignore[union-attr]
        for field in kind.model_fields:
            expected = ("wording" if field in WORDING_FIELDS else "threshold" if field in THRESHOLD_FIELDS
                        or (name, field) == ("allocation", "total") else "rule")
            assert aspect_of(field, [name]) == expected, (name, field)
    assert aspect_of("where", ["share"]) == aspect_of("groups_needed", ["share"]) == "rule"
    assert aspect_of("total", ["share"]) == "rule"


def test_values_compare_as_a_contract_means_them() -> None:
    assert same(70, 70.0) and same({"a": None}, {}) and same([1, 2], [1.0, 2])
    assert not same(True, 1) and not same(1, True) and not same("1", 1) and not same([1], [1, 2])


def test_values_are_shown_in_yaml_flow_style() -> None:
    assert shown({"topics": {"contains": "grøn"}}) == "{topics: {contains: grøn}}"
    assert shown(["Har benyttet", "Forventer at benytte"]) == "[Har benyttet, Forventer at benytte]"
    assert shown(["a, b", "c"]) == '["a, b", c]'
    assert shown("KKR Midtjylland, udkast") == "KKR Midtjylland, udkast"
    assert (shown("70"), shown(""), shown("true")) == ('"70"', '""', '"true"')
    assert (shown(0.1), shown(70.0), shown(True), shown(None)) == ("0.1", "70", "true", None)
    assert shown("x" * 200) == "x" * 159 + "…"
    assert shown("x" * 200, None) == "x" * 200


def test_merged_order_puts_each_removed_id_after_its_old_neighbour() -> None:
    assert merged_order(["a", "b", "c", "d"], ["a", "c", "e"]) == ["a", "b", "c", "d", "e"]
    assert merged_order(["x", "a"], ["a"]) == ["x", "a"]
    assert merged_order(["a", "x", "y", "b"], ["b", "a"]) == ["b", "a", "x", "y"]
    assert merged_order([], ["a"]) == ["a"]


def test_a_target_of_another_kind_is_a_rule_change_of_the_same_target(tmp_path: Path) -> None:
    """M8.reach counted as activities (count) instead of companies: the same id, its kind a rule."""
    edits = (("    kind: distinct_companies\n    title: Virksomheder der har brugt erhvervshuset\n",
              "    kind: count\n    title: Virksomheder der har brugt erhvervshuset\n    pace: seasonal\n"),)
    d = diff_contracts(*load_pair(tmp_path, edits), "a", "b")
    t = by_id(d)["M8.reach"]
    assert (t.change, t.kind) == ("changed", "count")
    assert paths(t) == [("rule", "pace", None, "seasonal"), ("rule", "kind", "distinct_companies", "count")]
    assert t.old is not None and t.old.kind == "distinct_companies"


def test_two_years_of_a_contract_over_several_years_differ_in_their_steps(tmp_path: Path) -> None:
    """One file over 2024–2026 loaded for 2024 and for 2025: the year, and the step of a by_year
    threshold (stated alike, coming to another value: a threshold change at ``goal``)."""
    path = tmp_path / "multi.yaml"
    path.write_text(MULTI_YEAR, encoding="utf-8")
    d = diff_contracts(hubmonitor.load_contract(path, 2024), hubmonitor.load_contract(path, 2025), "a", "b")
    assert [(f.path, f.old, f.new) for f in d.contract.fields] == [("period.year", 2024, 2025)]
    assert (d.old.span, d.new.span, d.old.year, d.new.year) == ((2024, 2026), (2024, 2026), 2024, 2025)
    reach = by_id(d)["T.reach"]
    assert paths(reach) == [("threshold", "goal", 10, 12)]
    assert reach.new is not None and (reach.new.basis, reach.new.threshold) == (
        "step", {"by_year": {"2024": 10, "2025": 12, "2026": 15}})
    assert d.summary.unchanged == ("T.total",)


def test_a_changed_signal_rule_is_a_contract_change(tmp_path: Path) -> None:
    """A contract's ``signals:`` block (the integrity signals' thresholds) added: said among the contract's
    own keys (a review found ``signals: {bulk_rows: 30}`` left out of the diff)."""
    d = diff_contracts(*load_pair(tmp_path, (("baselines:\n", "signals: {bulk_rows: 30}\nbaselines:\n"),)), "a", "b")
    assert [(f.path, f.old, f.new) for f in d.contract.fields] == [("signals.bulk_rows", 20, 30)]
    assert d.summary.contract == 1
