"""Good contracts: the real Midtjylland 2024 contract, merging, and the allocation split."""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from math import ceil, floor
from pathlib import Path
from textwrap import dedent

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hubmonitor.contract.filters import Condition
from hubmonitor.contract.loader import load_contract, validate_file
from hubmonitor.contract.model import Contract, FrameworkDocument
from hubmonitor.contract.targets import (
    AllocationTarget,
    BaselineThreshold,
    CompanyRatioTarget,
    ExternalTarget,
    ShareTarget,
)
from hubmonitor.engine.metrics.municipal import largest_remainder
from hubmonitor.reference import load_registry

REPO = Path(__file__).resolve().parents[1]
HUB_FILE = "contracts/midtjylland/2024.yaml"
FW_FILE = "contracts/national/2024.yaml"

NATIONAL_IDS = [
    "M1.awareness", "M1.new_companies", "M3.satisfaction", "M3.nps", "M4.referral_use",
    "M5.green_tool", "M5.green_awareness", "M5.green_effect", "M6.effect", "M6.growth_revenue",
    "M6.growth_employment", "M6.productivity", "M7.digital_effect",
]
LOCAL_IDS = [
    "M4.municipal_presentations", "M8.spread", "M8.reach", "M8.growth_programmes", "M8.balance",
    "M8.referral_rate", "F1.dialogue_meetings", "ALLOC.basisbevilling",
]

# The contract's "Økonomi" table (1.000 kr.), docs/sources/resultatkontrakt-midtjylland-2024.txt.
SEED_ALLOCATION = {
    "Favrskov": 1515, "Hedensted": 1460, "Herning": 2759, "Holstebro": 1809, "Horsens": 2959,
    "Ikast-Brande": 1305, "Lemvig": 594, "Norddjurs": 1134, "Odder": 725, "Randers": 3065,
    "Ringkøbing-Skjern": 1728, "Samsø": 116, "Silkeborg": 3049, "Skanderborg": 1998, "Skive": 1382,
    "Struer": 638, "Syddjurs": 1356, "Viborg": 2998, "Aarhus": 11089,
}


@pytest.fixture
def midtjylland(monkeypatch: pytest.MonkeyPatch) -> Contract:
    monkeypatch.chdir(REPO)
    return load_contract(HUB_FILE)


# --- the real contract -------------------------------------------------------------------------


def test_midtjylland_has_exactly_the_targets_of_the_spec(midtjylland: Contract) -> None:
    ids = [t.id for t in midtjylland.targets]
    assert sorted(ids) == sorted(NATIONAL_IDS + LOCAL_IDS)
    assert len(ids) == len(set(ids)) == 21


def test_midtjylland_origins(midtjylland: Contract) -> None:
    assert midtjylland.files == (HUB_FILE, FW_FILE)
    assert set(midtjylland.origins) == set(NATIONAL_IDS + LOCAL_IDS)
    for tid in NATIONAL_IDS:
        overridden = ("quote",) if tid == "M5.green_awareness" else ()
        assert midtjylland.origins[tid].model_dump() == {
            "source": "framework", "file": FW_FILE, "overridden": overridden}, tid
    for tid in LOCAL_IDS:
        assert midtjylland.origins[tid].model_dump() == {"source": "hub", "file": HUB_FILE, "overridden": ()}


def test_midtjylland_override_changes_only_the_quote(midtjylland: Contract) -> None:
    target = midtjylland.target("M5.green_awareness")
    assert isinstance(target, ExternalTarget)
    assert target.quote.startswith("For Erhvervshus Midtjylland skal virksomhedernes kendskab")
    assert target.threshold == BaselineThreshold(baseline="green_awareness_2020", change=0.10)
    assert (target.numerator, target.denominator) == ("green_awareness.aware_of_green",
                                                      "green_awareness.respondents")
    assert midtjylland.baselines == {"green_awareness_2020": 0.60}


def test_midtjylland_header(midtjylland: Contract) -> None:
    assert (midtjylland.id, midtjylland.erhvervshus, midtjylland.period.year) == (
        "midtjylland-2024", "Midtjylland", 2024)
    assert midtjylland.framework == "Rammeaftale for erhvervshusene (nationale mål), anvendt for 2024"
    assert (midtjylland.period.start.isoformat(), midtjylland.period.end.isoformat()) == (
        "2024-01-01", "2024-12-31")


def test_midtjylland_municipalities(midtjylland: Contract) -> None:
    assert len(midtjylland.municipalities) == 19
    assert set(midtjylland.municipalities) == set(SEED_ALLOCATION)
    members = load_registry().members("Midtjylland")
    assert midtjylland.municipalities == tuple(m.name for m in members)


def test_midtjylland_allocation_table_is_the_seeds(midtjylland: Contract) -> None:
    target = midtjylland.target("ALLOC.basisbevilling")
    assert isinstance(target, AllocationTarget)
    assert (target.method, target.total, target.threshold, target.comparison) == ("table", 41679, 41679, "==")
    assert target.table == SEED_ALLOCATION
    assert sum(target.table.values()) == 41679
    assert target.guided == {"activity_type": "individuel"}


def test_midtjylland_qualitative_items(midtjylland: Contract) -> None:
    ids = [q.id for q in midtjylland.qualitative]
    assert ids[0] == "M4.academy"
    assert sorted(i.split(".")[0] for i in ids[1:]) == ["F1", "F2", "F3", "F4", "F5", "F6"]
    assert len(ids) == 7
    assert not {t.id for t in midtjylland.targets} & set(ids)


def test_midtjylland_rules_as_written(midtjylland: Contract) -> None:
    satisfaction = midtjylland.target("M3.satisfaction")
    assert isinstance(satisfaction, ShareTarget)
    assert (satisfaction.group_by, satisfaction.groups) == ("segment", ["drift", "vækst"])
    referral = midtjylland.target("M4.referral_use")
    assert isinstance(referral, ShareTarget)
    assert (referral.success, referral.exclude) == (["Har benyttet", "Forventer at benytte"], ["Ved ikke"])
    balance = midtjylland.target("M8.balance")
    assert isinstance(balance, CompanyRatioTarget)
    assert (balance.comparison, balance.threshold) == ("between", [0.40, 0.60])
    green = midtjylland.target("M5.green_effect")
    assert isinstance(green, ShareTarget)
    assert green.where == {"topics": Condition(contains="grøn")}
    with pytest.raises(KeyError):
        midtjylland.target("M2.unknown")


def test_framework_validates_on_its_own(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    framework = validate_file(FW_FILE)
    assert isinstance(framework, FrameworkDocument)
    assert framework.id == "national-2024" and framework.years == [2024]
    assert [t["id"] for t in framework.targets] == NATIONAL_IDS


def test_validate_file_on_a_contract_is_load_contract(midtjylland: Contract) -> None:
    assert validate_file(HUB_FILE) == midtjylland


def test_contract_path_is_reported_as_given(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO / "contracts")
    contract = load_contract("midtjylland/2024.yaml")
    assert contract.files == ("midtjylland/2024.yaml", "national/2024.yaml")
    assert contract.origins["M8.reach"].file == "midtjylland/2024.yaml"


# --- merging and defaults in small contracts ---------------------------------------------------

FRAMEWORK = dedent("""\
    document: framework
    id: fw
    title: Testramme
    targets:
      - id: N1.effect
        ref: Mål 1
        kind: share
        title: Effekt
        answer: effect
        success: [I høj grad]
        threshold: 0.70
        quote: Rammens ord.
      - id: N2.nps
        ref: Mål 2
        kind: nps
        title: NPS
        threshold: 70
        quote: NPS.
    qualitative:
      - id: N3.offer
        ref: Mål 3
        title: Tilbud
        quote: Et tilbud.
    """)

HUB = dedent("""\
    document: contract
    id: test-2024
    title: Testkontrakt
    hub: Erhvervshus Fyn
    erhvervshus: Fyn
    extends: ../national/2024.yaml
    period: {year: 2024}
    """)


WriteHub = Callable[[str], str]


@pytest.fixture
def write_hub(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> WriteHub:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "contracts/national").mkdir(parents=True)
    (tmp_path / "contracts/fyn").mkdir()
    (tmp_path / "contracts/national/2024.yaml").write_text(FRAMEWORK, encoding="utf-8")

    def _write(text: str) -> str:
        (tmp_path / "contracts/fyn/2024.yaml").write_text(text, encoding="utf-8")
        return "contracts/fyn/2024.yaml"

    return _write


def test_override_and_remove(write_hub: WriteHub) -> None:
    contract = load_contract(write_hub(HUB + dedent("""\
        overrides:
          N1.effect:
            threshold: 0.75
            success: [I høj grad, I nogen grad]
        remove: [N2.nps]
        """)))
    assert [t.id for t in contract.targets] == ["N1.effect"]
    effect = contract.target("N1.effect")
    assert isinstance(effect, ShareTarget)
    assert (effect.threshold, effect.success, effect.quote) == (0.75, ["I høj grad", "I nogen grad"],
                                                                 "Rammens ord.")
    assert contract.origins["N1.effect"].overridden == ("success", "threshold")
    assert [q.id for q in contract.qualitative] == ["N3.offer"]
    assert contract.municipalities == tuple(m.name for m in load_registry().members("Fyn"))


def test_contract_without_framework(write_hub: WriteHub) -> None:
    text = HUB.replace("extends: ../national/2024.yaml\n", "") + dedent("""\
        municipalities: [Odense Kommune, faaborg-midtfyn]
        targets:
          - id: L1.nps
            ref: r
            kind: nps
            title: t
            quote: q
            threshold: 50
        """)
    contract = load_contract(write_hub(text))
    assert [t.id for t in contract.targets] == ["L1.nps"]
    assert contract.framework is None and contract.files == ("contracts/fyn/2024.yaml",)
    assert contract.municipalities == ("Odense", "Faaborg-Midtfyn")  # official spellings


@pytest.mark.parametrize(
    ("kind", "threshold", "extra"),
    [
        ("share", "0", "answer: effect\n    success: [I høj grad]"),
        ("share", "1", "answer: effect\n    success: [I høj grad]"),
        ("nps", "100", ""),
        ("nps", "-100", ""),
        ("nps", "[20, 20]", "comparison: between"),
        ("distinct_companies", "0", ""),
    ],
)
def test_threshold_limits_are_inclusive(write_hub: WriteHub, kind: str, threshold: str,
                                       extra: str) -> None:
    text = HUB + f"targets:\n  - id: L1.x\n    ref: r\n    kind: {kind}\n    title: t\n    quote: q\n" + (
        f"    {extra}\n" if extra else "") + f"    threshold: {threshold}\n"
    assert load_contract(write_hub(text)).target("L1.x").threshold is not None


def test_filter_aliases_are_made_canonical(write_hub: WriteHub) -> None:
    text = HUB + dedent("""\
        targets:
          - id: L1.green
            ref: r
            kind: share
            title: t
            quote: q
            where: {topics: {contains: Green}, segment: {in: [drift, vækst]}}
            answer: effect
            success: [I høj grad]
            threshold: 0.5
        """)
    target = load_contract(write_hub(text)).target("L1.green")
    assert isinstance(target, ShareTarget)
    assert target.where == {"topics": Condition(contains="grøn"),
                            "segment": Condition.model_validate({"in": ["drift", "vækst"]})}


def test_allocation_table_accepts_other_spellings(write_hub: WriteHub) -> None:
    text = HUB.replace("extends: ../national/2024.yaml\n", "") + dedent("""\
        municipalities: [Odense, Nordfyns]
        targets:
          - id: ALLOC.grant
            ref: r
            kind: allocation
            title: t
            quote: q
            total: 100
            threshold: 100
            method: table
            table: {Odense Kommune: 80, Nordfyn: 20}
        """)
    target = load_contract(write_hub(text)).target("ALLOC.grant")
    assert isinstance(target, AllocationTarget) and target.table == {"Odense Kommune": 80, "Nordfyn": 20}


# --- largest remainder -------------------------------------------------------------------------
# Populations of up to a few million and grants of up to 10 million (thousand kr) cover every
# hub; within these bounds the float quotas in largest_remainder are exact enough.

weights_strategy = st.dictionaries(
    st.text(alphabet="abcdefghijklmnopqrstuvwxyzæøå-", min_size=1, max_size=12),
    # small weights as well, so that equal remainders (ties) are common
    st.integers(min_value=1, max_value=5) | st.integers(min_value=1, max_value=2_000_000),
    min_size=1,
    max_size=30,
)


@settings(max_examples=300, database=None, deadline=None)
@given(total=st.integers(min_value=0, max_value=10_000_000), weights=weights_strategy, data=st.data())
def test_largest_remainder_sums_exactly_and_rounds_each_quota(
    total: int, weights: dict[str, int], data: st.DataObject
) -> None:
    parts = largest_remainder(total, weights)
    assert set(parts) == set(weights)
    assert sum(parts.values()) == total
    weight_sum = sum(weights.values())
    for name, part in parts.items():
        quota = Fraction(total * weights[name], weight_sum)
        assert part in (floor(quota), ceil(quota)), (name, part, quota)
    # Deterministic: the same result again, and whatever order the weights come in.
    assert largest_remainder(total, weights) == parts
    shuffled = dict(data.draw(st.permutations(list(weights.items()))))
    assert largest_remainder(total, shuffled) == parts


def test_largest_remainder_by_hand() -> None:
    # Quotas 10/3 each: one extra unit, to the first name on the tie.
    assert largest_remainder(10, {"b": 1, "a": 1, "c": 1}) == {"a": 4, "b": 3, "c": 3}
    # Quotas 7.5 and 2.5: equal remainders, the larger weight wins the unit.
    assert largest_remainder(10, {"small": 1, "big": 3}) == {"small": 2, "big": 8}
    assert largest_remainder(0, {"x": 5}) == {"x": 0}
