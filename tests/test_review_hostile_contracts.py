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

import pytest
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


def test_a_text_with_a_character_that_changes_what_is_shown_is_refused(tmp_path: Path) -> None:
    """2. Terminal escape sequences in a contract's text reached the terminal (an OSC sequence wrote to the
    clipboard, a CR faked a line of validate's output), and a right-to-left override showed a title as
    another. Such characters are refused where they are, with their code point and name; an ordinary
    Danish text with a tab, æøå, a dash and a non-breaking space is not, nor a quote with a line break (a
    title must be one line: ``tests/test_review_one_line.py``)."""
    from hubmonitor import load_contract
    from hubmonitor.errors import ContractError

    contract = write_contract(tmp_path, [
        target("T.osc", "distinct_companies", 1, title="Kendskab\x1b]52;c;aGk=\x07"),
        target("T.bidi", "distinct_companies", 1, title="BIDI"),
        target("T.c1", "distinct_companies", 1, title="Tal \x9b31m"),
        target("T.plain", "distinct_companies", 1, title="Æbler – og\tpærer\u00a0på én linje", quote="To\nlinjer"),
    ])
    # written as YAML escapes in double quotes ("\e", "\x9B", "\u202E"): the file itself holds none of them (a
    # character written as itself is refused before the file is parsed)
    text = contract.read_text(encoding="utf-8").replace("title: BIDI", 'title: "Virksomheder \\u202Edetaloiv"')
    assert "\x1b" not in text and "\u202e" not in text and "\\e" in text
    contract.write_text(text, encoding="utf-8")
    with pytest.raises(ContractError) as caught:
        load_contract(contract)
    assert [p.text("da").split(" ", 1)[1] for p in caught.value.problems] == [
        f"targets[{i}].title: teksten har tegnet {what}, som ikke vises, men gør teksten anderledes, end den ser ud "
        "(et styretegn, et usynligt tegn eller en skriveretning); slet det"
        for i, what in ((0, "U+001B"), (1, "U+202E RIGHT-TO-LEFT OVERRIDE"), (2, "U+009B"))]


def test_a_ratios_filters_on_another_hubs_municipality_are_refused(tmp_path: Path) -> None:
    """3. ``where: {municipality: Odense}`` in a Midtjylland contract was refused (a line from another hub's
    contract); the same in a ratio's numerator or a denominator's term was let through, and counted none of
    the hub's rows. Each is now refused where it is."""
    from hubmonitor import load_contract
    from hubmonitor.errors import ContractError

    contract = write_contract(tmp_path, [
        target("T.ratio", "company_ratio", 0.5, numerator={"municipality": "København"},
               denominator=[{"activity_type": "individuel"}, {"municipality": {"in": ["Aarhus", "Odense"]}}]),
    ], municipalities=["Aarhus", "Skive"])
    with pytest.raises(ContractError) as caught:
        load_contract(contract)
    assert [p.text("da").split(" ", 1)[1] for p in caught.value.problems] == [
        f"targets[0].{at}.municipality: '{name}' er ikke en af kontraktens kommuner, så filteret finder ingen af "
        "erhvervshusets rækker med den (en linje fra et andet erhvervshus' kontrakt?)"
        for at, name in (("numerator", "København"), ("denominator[1]", "Odense"))]


def test_a_key_with_a_character_that_changes_what_is_shown_is_refused(tmp_path: Path) -> None:
    """4. A third review: the same escapes in a mapping's key (an unknown key, a baseline's name, an
    allocation table's municipality) reached the terminal through the message's path, or passed."""
    from hubmonitor import load_contract
    from hubmonitor.errors import ContractError

    contract = write_contract(tmp_path, [target("T.reach", "distinct_companies", 1)], baselines={"KEY": 0.5})
    contract.write_text(contract.read_text(encoding="utf-8").replace("KEY:", '"x\\e]52;c;aGk=\\a":'),
                        encoding="utf-8")
    with pytest.raises(ContractError) as caught:
        load_contract(contract)
    problem, = caught.value.problems
    assert problem.text("da").split(" ", 1)[1] == (
        "nøglen: teksten har tegnet U+001B, som ikke vises, men gør teksten anderledes, end den ser ud "
        "(et styretegn, et usynligt tegn eller en skriveretning); slet det")
    assert "\x1b" not in problem.text("da") and "\x07" not in problem.text("en")
