"""The municipal spread's expectation from the contract's target number (issue 18, item 8):
"+/- 10 % ift. måltallet for individuelle vejledninger" read as target number × population share,
beside today's reading (the companies actually guided × population share).

Egedal (46240) and Billund (27200) stand exactly 17 : 10 (hub population 73440 = 27 × 2720), so
with a target number of 27 the expected numbers are Egedal 17 and Billund 10, bands 15,3–18,7 and
9–11."""

from __future__ import annotations

from datetime import date
from fractions import Fraction
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import act, groups, make_data, run, target, write_contract

from hubmonitor.cli import main

HUB = {"erhvervshus": "Hovedstaden", "municipalities": ["Egedal", "Billund"]}


def _rows(egedal: int, billund: int, day: str = "2024-05-01") -> list[list[str]]:
    rows = [act(f"E{i}", day, f"E{i}", "Egedal") for i in range(egedal)]
    return rows + [act(f"B{i}", day, f"B{i}", "Billund") for i in range(billund)]


def test_the_two_readings_on_the_same_data(tmp_path: Path) -> None:
    """16 in Egedal, 8 in Billund. From the companies guided (24): e(Egedal) = 17 × 24 / 27 = 15,11,
    band 13,6–16,6 -> 16 within; e(Billund) = 10 × 24 / 27 = 8,89, band 8,0–9,8 -> 8 within: 2 of 2.
    From the target number 27: Egedal 16 within 15,3–18,7; Billund 8 below 9–11: 1 of 2, Billund to
    dialogue."""
    data = make_data(tmp_path / "data", activities=_rows(16, 8))
    guided = run(write_contract(tmp_path / "g", [target("T.spread", "municipal_spread", "all")], **HUB), data)
    by = groups(guided.target("T.spread"))
    assert {k: g.status for k, g in by.items()} == {"Egedal": "within", "Billund": "within"}
    assert guided.target("T.spread").value == 2 and "expected_from" not in guided.target("T.spread").details

    contract = write_contract(tmp_path / "t", [target("T.spread", "municipal_spread", "all", expected_from="target",
                                                      expected_total=27)], **HUB)
    spread = run(contract, data).target("T.spread")
    by = groups(spread)
    assert (by["Egedal"].expected, by["Billund"].expected) == (17.0, 10.0)
    assert (by["Billund"].low, by["Billund"].high) == (pytest.approx(9.0), pytest.approx(11.0))
    assert {k: g.status for k, g in by.items()} == {"Egedal": "within", "Billund": "below"}
    assert (spread.value, spread.status, spread.details["dialogue"]) == (1, "not_met", ["Billund"])
    assert spread.details | {} == {**spread.details, "expected_from": "target", "expected_total": 27,
                                   "expected_now": 27.0}
    assert "måltallet 27 × kommunens andel af indbyggerne" in spread.explanation


def test_the_target_number_is_pro_rated_during_the_year(tmp_path: Path) -> None:
    """As of 30 June 2024: 182 of 366 days, so 27 × 182 / 366 = 13,43 expected in all; Billund
    10 × 182 / 366 = 4,973 (band 4,475–5,470), Egedal 17 × 182 / 366 = 8,454 (band 7,608–9,299)."""
    rows = _rows(8, 5, "2024-03-01") + _rows(0, 3, "2024-09-01")  # Billund's last three after 30 June
    contract = write_contract(tmp_path, [target("T.spread", "municipal_spread", "all", expected_from="target",
                                                expected_total=27)], **HUB)
    spread = run(contract, make_data(tmp_path / "data", activities=rows), as_of=date(2024, 6, 30)).target("T.spread")
    by = groups(spread)
    assert by["Billund"].expected == float(Fraction(27 * 182, 366) * 27200 / 73440) == pytest.approx(4.97268, abs=1e-5)
    assert by["Egedal"].expected == pytest.approx(17 * 182 / 366)
    assert {k: (g.value, g.status) for k, g in by.items()} == {"Egedal": (8, "within"), "Billund": (5, "within")}
    assert spread.details["expected_now"] == pytest.approx(27 * 182 / 366)
    assert "måltallet 27 forholdsmæssigt for den forløbne del af året" in spread.explanation


def test_no_company_in_the_hub_is_still_judged_against_the_target_number(tmp_path: Path) -> None:
    """Only a collective activity: no individually guided company. From the companies guided there is
    no expectation (insufficient data); from the target number both are below: 0 < 15,3 and 0 < 9."""
    contract = write_contract(tmp_path, [target("T.spread", "municipal_spread", "all", expected_from="target",
                                                expected_total=27, where={"activity_type": "individuel"})], **HUB)
    rows = [act("A1", "2024-03-01", "C1", "Egedal", kind="kollektiv")]
    result = run(contract, make_data(tmp_path / "data", activities=rows)).target("T.spread")
    assert (result.value, result.status) == (0, "not_met")
    assert {k: g.status for k, g in groups(result).items()} == {"Egedal": "below", "Billund": "below"}


@pytest.mark.parametrize(("fields", "where"), [
    ({"expected_from": "target"}, "targets[0].expected_from"),
    ({"expected_total": 2500}, "targets[0].expected_total"),
    ({"expected_from": "target", "expected_total": 0}, "targets[0].expected_total"),
    ({"expected_from": "måltal", "expected_total": 2500}, "targets[0].expected_from"),
])
def test_misuse_is_a_validate_error(tmp_path: Path, fields: dict[str, object], where: str) -> None:
    contract = write_contract(tmp_path, [target("T.spread", "municipal_spread", "all", **fields)], **HUB)
    result = CliRunner().invoke(main, ["validate", str(contract)])
    assert result.exit_code == 1
    assert "contract.yaml:" in result.stderr and where in result.stderr, result.stderr
