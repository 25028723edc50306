"""What was left on 7 December 2026, evening, of what a hostile contract author found, taken up.

1. A line feed in a contract's single-line text (``hub:``, a title) was printed as it is, a line of its
   own in the terminal's output. A name or a title must now be one line (a block scalar's final line
   feed, ``title: >``, is dropped); the contract's quote and the hub's status text may hold several.
2. The direction marks U+200E/U+200F (and the Arabic letter mark U+061C) and the line and paragraph
   separators U+2028/U+2029, written as YAML escapes, passed where the other direction and control
   characters were refused.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import target, write_contract

from hubmonitor import load_contract
from hubmonitor.errors import ContractError
from hubmonitor.profile.loader import load_profile

ONE_LINE = "skal stå på én linje: teksten har et linjeskift; skriv den uden"


def _problems(path: Path) -> list[str]:
    with pytest.raises(ContractError) as caught:
        load_contract(path)
    return [p.text("da") for p in caught.value.problems]


def test_a_name_or_title_with_a_line_feed_is_refused_at_its_line(tmp_path: Path) -> None:
    contract = write_contract(tmp_path, [
        target("T.title", "distinct_companies", 1, title="Kendskab\nOK: alt opfyldt"),
        target("T.ref", "distinct_companies", 1, ref="Mål 1\nMål 2"),
        target("T.quote", "distinct_companies", 1, quote="Første linje.\nAnden linje."),  # may hold several
    ])
    text = contract.read_text(encoding="utf-8").replace("hub: Erhvervshus Midtjylland",
                                                        'hub: "Erhvervshus Midtjylland\\nOK contract.yaml"')
    contract.write_text(text, encoding="utf-8")
    lines = text.splitlines()
    hub_line = next(i for i, line in enumerate(lines, start=1) if line.startswith("hub:"))
    assert [p.split(" ", 1)[1] for p in _problems(contract)] == [f"hub: {ONE_LINE}"]
    assert _problems(contract)[0].split(" ", 1)[0].endswith(f"contract.yaml:{hub_line}")
    contract.write_text(text.replace("\\nOK contract.yaml", ""), encoding="utf-8")  # the document's name mended
    lines = contract.read_text(encoding="utf-8").splitlines()
    assert [p.split(" ", 1)[0].rsplit("/", 1)[-1] + " " + p.split(" ", 1)[1] for p in _problems(contract)] == [
        f"contract.yaml:{lines.index('- id: T.title') + 4} targets[0].title: {ONE_LINE}",
        f"contract.yaml:{lines.index('- id: T.ref') + 2} targets[1].ref: {ONE_LINE}"]


def test_a_block_scalars_final_line_feed_is_dropped(tmp_path: Path) -> None:
    contract = write_contract(tmp_path, [target("T.reach", "distinct_companies", 1)])
    text = contract.read_text(encoding="utf-8").replace("title: Testkontrakt 2024",
                                                        "title: >\n  Testkontrakt\n  2024")
    contract.write_text(text, encoding="utf-8")
    assert load_contract(contract).title == "Testkontrakt 2024"


def test_a_profiles_title_with_a_line_feed_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text('document: profile\nname: test\ntitle: "Min eksport\\nOK"\nsources:\n  activities:\n'
                    "    files: x.csv\n", encoding="utf-8")
    with pytest.raises(ContractError) as caught:
        load_profile(path)
    problem, = (p.text() for p in caught.value.problems)
    assert problem.endswith(f"/p.yaml:3 title: {ONE_LINE}")


@pytest.mark.parametrize(("escape", "what"), [
    ("\\u200E", "U+200E LEFT-TO-RIGHT MARK"), ("\\u200F", "U+200F RIGHT-TO-LEFT MARK"),
    ("\\u061C", "U+061C ARABIC LETTER MARK"), ("\\L", "U+2028 LINE SEPARATOR"),
    ("\\P", "U+2029 PARAGRAPH SEPARATOR"),
    # a second review: more that show nothing
    ("\\u180E", "U+180E MONGOLIAN VOWEL SEPARATOR"), ("\\u2062", "U+2062 INVISIBLE TIMES"),
    ("\\U000E0041", "U+E0041 TAG LATIN CAPITAL LETTER A")])
def test_direction_marks_and_line_separators_are_refused(tmp_path: Path, escape: str, what: str) -> None:
    contract = write_contract(tmp_path, [target("T.reach", "distinct_companies", 1, title="MARK")])
    contract.write_text(contract.read_text(encoding="utf-8").replace("title: MARK", f'title: "Kendskab{escape}"'),
                        encoding="utf-8")
    problem, = _problems(contract)
    assert problem.split(" ", 1)[1] == (
        f"targets[0].title: teksten har tegnet {what}, som ikke vises, men gør teksten anderledes, end den ser ud "
        "(et styretegn, et usynligt tegn eller en skriveretning); slet det")


def test_a_name_that_is_only_a_line_feed_is_refused_as_empty(tmp_path: Path) -> None:
    """A second review: ``hub: "\\n"`` was an empty name (validate said "OK …:  2024")."""
    contract = write_contract(tmp_path, [target("T.reach", "distinct_companies", 1)])
    contract.write_text(contract.read_text(encoding="utf-8").replace("hub: Erhvervshus Midtjylland", 'hub: "\\n"'),
                        encoding="utf-8")
    assert [p.split(" ", 1)[1] for p in _problems(contract)] == ["hub: må ikke være tom"]


@pytest.mark.parametrize(("char", "line", "what"), [
    ("\u2028", 4, "U+2028 LINE SEPARATOR"), ("\u2029", 4, "U+2029 PARAGRAPH SEPARATOR"),
    ("\x85", 4, "U+0085 NEXT LINE")])
def test_a_line_break_of_yamls_own_written_as_itself_is_refused_at_its_line(tmp_path: Path, char: str, line: int,
                                                                             what: str) -> None:
    """A second review: U+2028 pasted from Word or a PDF is a line break to YAML and none to an editor: the
    error stood on another line, or a comment's text became a key (``# note<U+2028>hub: X``)."""
    contract = write_contract(tmp_path, [target("T.reach", "distinct_companies", 1)])
    text = contract.read_text(encoding="utf-8").replace("hub: Erhvervshus Midtjylland",
                                                        f"# kendskabsmåling{char}hub: Erhvervshus Vestjylland\n"
                                                        "hub: Erhvervshus Midtjylland")
    contract.write_text(text, encoding="utf-8")
    assert [p.split(" ", 1)[1] for p in _problems(contract)] == [
        f"tegnet {what} er et linjeskift for YAML, men ikke for en editor (det kommer ofte med tekst kopieret fra "
        "Word eller en PDF); slet det, eller skriv et almindeligt linjeskift"]
    assert _problems(contract)[0].split(" ", 1)[0].endswith(f"contract.yaml:{line}:")  # (a file's problem)
