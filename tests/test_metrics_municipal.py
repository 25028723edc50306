"""Where companies are, the municipal spread and the allocation of the basic grant.

Populations are those of data/reference/municipalities.csv (1 January 2026 in the shipped file):
Aarhus 378361, Odder 24310, Samsø 3617, Skanderborg 66352, Egedal 46240, Billund 27200.
Every expected figure is computed by hand in the comments.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import (
    act,
    assert_accounting,
    groups,
    make_data,
    quarantined,
    run,
    steps,
    target,
    warnings,
    write_contract,
)

from hubmonitor import load_contract
from hubmonitor.engine.metrics.municipal import largest_remainder
from hubmonitor.errors import ContractError
from hubmonitor.reference import load_registry

CRM = "crm_activities.csv"
FOUR = ["Aarhus", "Odder", "Samsø", "Skanderborg"]  # 378361 + 24310 + 3617 + 66352 = 472640


def test_reference_populations_used_by_these_tests() -> None:
    # the hand arithmetic below depends on these numbers; fail loudly if the reference data changes
    registry = load_registry()
    populations = {name: registry.by_name[name].population
                   for name in [*FOUR, "Egedal", "Billund"]}
    assert populations == {"Aarhus": 378361, "Odder": 24310, "Samsø": 3617, "Skanderborg": 66352,
                           "Egedal": 46240, "Billund": 27200}


LOCATION_ROWS = [
    act("A1", "2024-01-10", "C1", "751"),  # row 2
    act("A2", "2024-01-11", "C2", "0751"),  # row 3
    act("A3", "2024-01-12", "C3", "aarhus"),  # row 4
    act("A4", "2024-01-13", "C4", "Århus"),  # row 5
    act("A5", "2024-01-14", "C5", "Aarhus Kommune"),  # row 6
    act("A6", "2024-01-15", "C6", "AARHUS"),  # row 7
    act("A7", "2024-01-16", "C7", "727"),  # row 8: Odder by code
    act("A8", "2024-01-17", "C8", "Odense"),  # row 9: outside the hub
    act("A9", "2024-01-18", "C9", "samsø"),  # row 10
    act("A10", "2024-02-01", "C10", "Skanderborg"),  # row 11
    act("A11", "2024-06-01", "C10", "Odder"),  # row 12: C10 moved to Odder
    act("A12", "2024-05-05", "C11", "Aarhus"),  # row 13
    act("A13", "2024-05-05", "C11", "Samsø"),  # row 14: same date, later row: Samsø
    act("A14", "2024-09-01", "C12", "Skanderborg"),  # row 15
    act("A15", "2024-03-01", "C12", "Aarhus"),  # row 16: later row but earlier date: Skanderborg
    act("A16", "2024-01-01", "C13", "Aarhus"),  # row 17
    act("A17", "2024-12-01", "C13", "Odense"),  # row 18: C13 moved out of the hub
    act("A18", "2024-02-02", "C15", "Aarhus"),  # row 19
    act("A19", "2024-08-08", "C15", "Odder", kind="kollektiv"),  # row 20: latest activity, any type
    act("A20", "2024-12-31", "C1", "Atlantis"),  # row 21: quarantined, does not move C1
    act("A21", "2025-01-05", "C2", "Odder"),  # row 22: after the period, does not move C2
]


def test_location_spellings_moves_and_spread(tmp_path: Path) -> None:
    contract = write_contract(tmp_path, [
        target("T.reach", "distinct_companies", 10),
        target("T.spread", "municipal_spread", "all", where={"activity_type": "individuel"}),
        target("T.alloc", "allocation", 100, total=100, method="population"),
    ], municipalities=FOUR)
    data = make_data(tmp_path / "data", activities=LOCATION_ROWS)
    report = run(contract, data)

    # C1-C13 and C15 (C8 and C13 located in Odense included): 14
    assert report.target("T.reach").value == 14
    assert report.target("T.reach").status == "met"

    spread = report.target("T.spread")
    by = groups(spread)
    assert list(by) == FOUR
    # located: Aarhus C1-C6 = 6; Odder C7, C10 (moved), C15 (latest activity) = 3;
    # Samsø C9, C11 (tie -> later row) = 2; Skanderborg C12 (latest date) = 1; Odense C8, C13
    assert {k: g.value for k, g in by.items()} == {"Aarhus": 6, "Odder": 3, "Samsø": 2, "Skanderborg": 1}
    assert steps(spread) == {"outside_hub": 2}
    assert spread.details["companies_in_hub"] == 12  # 6 + 3 + 2 + 1
    assert spread.details["hub_population"] == 472640
    # e = 12 × population / 472640
    assert by["Aarhus"].expected == 12 * 378361 / 472640  # 9.606; band 8.646 … 10.567; 6 below
    assert by["Aarhus"].low == pytest.approx(8.645689742721734)
    assert by["Aarhus"].high == pytest.approx(10.56695412999323)
    assert by["Odder"].expected == 12 * 24310 / 472640  # 0.617; band 0.555 … 0.679; 3 above
    assert by["Samsø"].expected == 12 * 3617 / 472640  # 0.092; band 0.083 … 0.101; 2 above
    assert by["Skanderborg"].expected == 12 * 66352 / 472640  # 1.685; band 1.516 … 1.853; 1 below
    assert {k: g.status for k, g in by.items()} == {
        "Aarhus": "below", "Odder": "above", "Samsø": "above", "Skanderborg": "below"}
    assert {k: g.dialogue for k, g in by.items()} == {
        "Aarhus": True, "Odder": False, "Samsø": False, "Skanderborg": True}
    assert spread.details["dialogue"] == ["Aarhus", "Skanderborg"]
    assert by["Samsø"].population_share == 3617 / 472640
    # no municipality inside its band: 0 of 4
    assert (spread.value, spread.numerator, spread.denominator) == (0, 0, 4)
    assert spread.target == 4
    assert spread.status == "not_met"

    alloc = groups(report.target("T.alloc"))
    # 100 × population / 472640: Aarhus 80.053, Odder 5.143, Samsø 0.765, Skanderborg 14.039;
    # floors 80 + 5 + 0 + 14 = 99; the one left goes to the largest remainder, Samsø (0.765)
    assert {k: g.amount for k, g in alloc.items()} == {"Aarhus": 80, "Odder": 5, "Samsø": 1, "Skanderborg": 14}
    # guided = individually guided companies located there, as in the spread
    assert {k: g.guided for k, g in alloc.items()} == {"Aarhus": 6, "Odder": 3, "Samsø": 2, "Skanderborg": 1}
    assert alloc["Aarhus"].kr_per_guided == 80 * 1000 / 6
    assert alloc["Samsø"].kr_per_guided == 1 * 1000 / 2
    assert report.target("T.alloc").value == 100
    assert report.target("T.alloc").status == "met"

    # the two Odense rows dated 2024 are warnings; the Atlantis row is quarantined
    assert warnings(report, "outside-hub") == [(CRM, 9, "municipality", "Odense"),
                                               (CRM, 18, "municipality", "Odense")]
    assert quarantined(report) == [(CRM, 21, "municipality", "unknown-municipality")]
    # 21 rows, row 22 (2025) not of 2024: 20 read = 19 used + row 21 quarantined
    assert_accounting(report, data, {CRM: (20, 19, 1, 0, 0)}, other_years={CRM: 1})


def test_spread_without_companies_in_the_hub(tmp_path: Path) -> None:
    contract = write_contract(tmp_path, [
        target("T.spread", "municipal_spread", "all", where={"activity_type": "individuel"}),
    ], municipalities=FOUR)
    data = make_data(tmp_path / "data", activities=[
        act("A1", "2024-03-01", "C1", "Odense"),
        act("A2", "2024-03-02", "C2", "Aarhus", kind="kollektiv"),
    ])
    report = run(contract, data)
    spread = report.target("T.spread")
    # individually guided: only C1, in Odense; 0 in the hub: no expected numbers
    assert (spread.value, spread.status) == (None, "insufficient_data")
    assert steps(spread) == {"outside_hub": 1}
    assert_accounting(report, data, {CRM: (2, 2, 0, 0, 0)})


# --- band edges ----------------------------------------------------------------------------------
# Egedal 46240 and Billund 27200 stand exactly 17 : 10 (gcd 2720), hub population 73440, so the
# expected numbers are exact fractions: with n companies, e(Billund) = 10n/27, e(Egedal) = 17n/27.

@pytest.mark.parametrize(("egedal", "billund", "expected"), [
    # n = 3: e(Billund) = 10/9, low = 10/9 × 0.9 = 1 exactly -> 1 is within (the low edge);
    #        e(Egedal) = 17/9 = 1.889, band 1.7 … 2.078 -> 2 within
    (2, 1, {"Egedal": "within", "Billund": "within"}),
    # n = 27: e(Billund) = 10, band 9 … 11; e(Egedal) = 17, band 15.3 … 18.7
    (18, 9, {"Egedal": "within", "Billund": "within"}),  # 9 = 10 × 0.9, the low edge
    (16, 11, {"Egedal": "within", "Billund": "within"}),  # 11 = 10 × 1.1, the high edge
    # n = 45: e(Billund) = 450/27 = 16.667, low = 15 exactly (in floating point 16.666… × 0.9 is
    # 15.000000000000002, so this needs exact arithmetic); e(Egedal) = 765/27 = 28.333, band
    # 25.5 … 31.167 -> 30 within
    (30, 15, {"Egedal": "within", "Billund": "within"}),
    (19, 8, {"Egedal": "above", "Billund": "below"}),  # 19 > 18.7; 8 < 9
    (15, 12, {"Egedal": "below", "Billund": "above"}),  # 15 < 15.3; 12 > 11
])
def test_spread_band_edges(tmp_path: Path, egedal: int, billund: int, expected: dict[str, str]) -> None:
    contract = write_contract(tmp_path, [
        target("T.spread", "municipal_spread", "all", tolerance=0.10),
    ], erhvervshus="Hovedstaden", municipalities=["Egedal", "Billund"])
    rows = [act(f"E{i}", "2024-05-01", f"E{i}", "Egedal") for i in range(egedal)]
    rows += [act(f"B{i}", "2024-05-01", f"B{i}", "Billund") for i in range(billund)]
    data = make_data(tmp_path / "data", activities=rows)
    report = run(contract, data)
    spread = report.target("T.spread")
    by = groups(spread)
    n = egedal + billund
    assert by["Billund"].expected == pytest.approx(10 * n / 27)
    assert by["Egedal"].expected == pytest.approx(17 * n / 27)
    assert {k: g.status for k, g in by.items()} == expected
    inside = sum(s == "within" for s in expected.values())
    assert spread.value == inside
    assert spread.status == ("met" if inside == 2 else "not_met")  # threshold 'all' = 2
    assert by["Billund"].dialogue == (expected["Billund"] == "below")
    assert_accounting(report, data, {CRM: (n, n, 0, 0, 0)})


# --- allocation ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("total", "amounts"), [
    # 8 × population / 406288 (Aarhus 378361 + Samsø 3617 + Odder 24310):
    # Aarhus 7.450, Samsø 0.071, Odder 0.479; floors 7 + 0 + 0 = 7; 1 left -> Odder (0.479 > 0.450).
    # Plain rounding would give 7 + 0 + 0 = 7, not 8.
    (8, {"Aarhus": 7, "Samsø": 0, "Odder": 1}),
    # 100 × …: Aarhus 93.126, Samsø 0.890, Odder 5.983; floors 93 + 0 + 5 = 98; 2 left -> Odder, Samsø
    (100, {"Aarhus": 93, "Samsø": 1, "Odder": 6}),
])
def test_allocation_by_population(tmp_path: Path, total: int, amounts: dict[str, int]) -> None:
    contract = write_contract(tmp_path, [
        target("T.alloc", "allocation", total, total=total, method="population"),
    ], municipalities=["Aarhus", "Samsø", "Odder"])
    data = make_data(tmp_path / "data", activities=[act("A1", "2024-01-01", "C1", "Odder")])
    report = run(contract, data)
    alloc = report.target("T.alloc")
    by = groups(alloc)
    assert {k: g.amount for k, g in by.items()} == amounts
    assert sum(g.amount for g in by.values()) == total
    assert (alloc.value, alloc.status) == (total, "met")
    assert by["Aarhus"].population_share == 378361 / 406288
    assert by["Odder"].share == amounts["Odder"] / total
    # one individually guided company, in Odder; none elsewhere -> no kr per company there
    assert (by["Odder"].guided, by["Aarhus"].guided) == (1, 0)
    assert by["Odder"].kr_per_guided == amounts["Odder"] * 1000 / 1
    assert by["Aarhus"].kr_per_guided is None
    assert_accounting(report, data, {CRM: (1, 1, 0, 0, 0)})


def test_allocation_by_population_for_the_whole_hub(tmp_path: Path) -> None:
    contract = write_contract(tmp_path, [
        target("T.alloc", "allocation", 41679, total=41679, method="population"),
    ])
    data = make_data(tmp_path / "data", activities=[act("A1", "2024-01-01", "C1")])
    report = run(contract, data)
    by = groups(report.target("T.alloc"))
    registry = load_registry()
    hub = {name: registry.by_name[name].population for name in by}
    assert len(hub) == 19
    population = sum(hub.values())
    assert population == 1383261
    # sums exactly, and each amount is its exact share rounded down or up
    assert sum(g.amount for g in by.values()) == 41679
    for name, g in by.items():
        exact = 41679 * hub[name] / population
        assert int(exact) <= g.amount <= int(exact) + 1, name
    # 41679 × population / 1383261; the floors leave 8 units, which go to the 8 largest
    # remainders: Samsø 108.984, Skive .896, Ikast-Brande .822, Favrskov .709, Hedensted .702,
    # Syddjurs .634, Holstebro .490, Odder 732.484. Ringkøbing-Skjern 1669.407 (9th) and
    # Aarhus 11400.385 (10th) stay rounded down.
    assert by["Samsø"].amount == 109
    assert by["Odder"].amount == 733
    assert by["Ringkøbing-Skjern"].amount == 1669
    assert by["Aarhus"].amount == 11400
    assert_accounting(report, data, {CRM: (1, 1, 0, 0, 0)})


def test_largest_remainder_ties() -> None:
    # equal remainders: the larger weight first, then the name
    assert largest_remainder(2, {"b": 1, "a": 1, "c": 1}) == {"b": 1, "a": 1, "c": 0}  # 2/3 each
    assert largest_remainder(2, {"a": 1, "b": 3}) == {"a": 0, "b": 2}  # 0.5 and 1.5
    assert largest_remainder(3, {"a": 1, "b": 1, "c": 1}) == {"a": 1, "b": 1, "c": 1}


def test_allocation_table(tmp_path: Path) -> None:
    contract = write_contract(tmp_path, [
        target("T.alloc", "allocation", 1000, total=1000, method="table",
               table={"Aarhus": 900, "samsø": 100}),
    ], municipalities=["Aarhus", "Samsø"])
    data = make_data(tmp_path / "data", activities=[
        act("A1", "2024-01-01", "C1"), act("A2", "2024-01-02", "C2"), act("A3", "2024-01-03", "C3"),
        act("A4", "2024-01-04", "C4", "Samsø", kind="kollektiv"),  # not individually guided
        act("A5", "2024-01-05", "C5", "Odense"),  # outside the hub: in no municipality's count
    ])
    report = run(contract, data)
    alloc = report.target("T.alloc")
    by = groups(alloc)
    # 900 + 100 = 1000 = total
    assert (alloc.value, alloc.numerator, alloc.denominator, alloc.status) == (1000, 1000, 1000, "met")
    assert {k: (g.amount, g.share, g.guided) for k, g in by.items()} == {
        "Aarhus": (900, 900 / 1000, 3), "Samsø": (100, 100 / 1000, 0)}
    assert by["Aarhus"].kr_per_guided == 900 * 1000 / 3  # 300,000 kr per company
    assert by["Samsø"].kr_per_guided is None
    assert by["Samsø"].population_share == 3617 / (378361 + 3617)
    assert_accounting(report, data, {CRM: (5, 5, 0, 0, 0)})


def test_an_allocation_table_that_does_not_sum_to_the_grant_is_refused(tmp_path: Path) -> None:
    """The table sums to 1000, not the stated 1001. It was evaluated "not met", which every page, the
    terminal and the summary showed as the grant's neutral "bevilling", with the amounts and kr. per company
    of a split that is not the grant's (a review of 7 December 2026, evening); docs/contract-language.md
    says the table must sum to ``total``: the contract is refused where the table is."""
    contract = write_contract(tmp_path, [
        target("T.alloc_off", "allocation", 1001, total=1001, method="table", table={"Aarhus": 900, "Samsø": 100}),
    ], municipalities=["Aarhus", "Samsø"])
    with pytest.raises(ContractError) as caught:
        load_contract(contract)
    assert [p.text("da").split(" ", 1)[1] for p in caught.value.problems] == [
        "targets[0].table: tabellens beløb giver 1.000 t.kr., ikke total (1.001); ret et beløb eller total"]
    assert caught.value.problems[0].text("da").split(" ")[0].endswith("contract.yaml:20")  # the table's line
