"""Review of 7 December 2026, evening (a hostile contract author).

1. A ``company_ratio`` whose numerator is not part of its denominator (``numerator: {}`` over the referred
   companies) gave 234 % and "opfyldt". Where the numerator's companies are not all among the
   denominator's, the target now has no figure and says how many are outside and what to do; a numerator
   whose filter holds a term's conditions is that term's part and is not looked up; one that is a part by
   the data only (``in: [individuel]`` over ``individuel``) is computed as before.

Made by hand: four companies of 2024 — C1 and C2 individually guided and referred, C3 individually guided,
C4 in a collective offer (referred).
"""

from __future__ import annotations

from pathlib import Path

from helpers import act, make_data, run, target, write_contract

ROWS = [act("A1", "2024-02-01", "C1", referred="1"), act("A2", "2024-03-01", "C2", referred="1"),
        act("A3", "2024-04-01", "C3"), act("A4", "2024-05-01", "C4", kind="kollektiv", referred="1")]
REFERRED = {"activity_type": "individuel", "referred": True}


def test_a_numerator_outside_its_denominator_gives_no_share(tmp_path: Path) -> None:
    contract = write_contract(tmp_path, [
        target("T.wide", "company_ratio", 0.5, numerator={}, denominator=[dict(REFERRED)]),  # 4 over 2: 200 %
        target("T.referred", "company_ratio", 0.5, numerator={"referred": True},  # C4 is no individual's
               denominator=[{"activity_type": "individuel"}]),
        target("T.part", "company_ratio", 0.5, numerator=dict(REFERRED), denominator=[{"activity_type": "individuel"}]),
        target("T.by_data", "company_ratio", 0.5, numerator={"activity_type": {"in": ["individuel"]}, "referred": True},
               denominator=[{"activity_type": "individuel"}]),
    ])
    report = run(contract, make_data(tmp_path / "data", activities=ROWS))
    wide, referred, part, by_data = report.targets
    assert (wide.value, wide.status, wide.numerator, wide.denominator) == (None, "insufficient_data", 4, 2)
    assert wide.reason == ("2 af tællerens virksomheder er ikke i nævneren: tælleren skal være en del af nævneren "
                           "(giv tælleren nævnerens filter)")
    assert wide.details["outside_denominator"] == 2  # C3 (not referred) and C4 (collective)
    assert (referred.value, referred.status, referred.details["outside_denominator"]) == (
        None, "insufficient_data", 1)  # C4
    assert (part.value, part.status, part.numerator, part.denominator) == (2 / 3, "met", 2, 3)
    assert "outside_denominator" not in part.details
    assert (by_data.value, by_data.status) == (2 / 3, "met")  # looked up: none outside
