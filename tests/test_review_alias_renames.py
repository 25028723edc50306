"""What was left on 7 December 2026, evening, taken up: a profile's value aliases could rename one of a
column's own values as another (``{drift: vækst, vækst: drift}``, ``{Aarhus: Randers}``): the author's word
was taken, every such row read as the other value, and a figure moved without a word. Such a line is now
refused where it is; a spelling of the same value, or a word the column does not know, is not."""

from __future__ import annotations

from pathlib import Path

import pytest

from hubmonitor.errors import ContractError
from hubmonitor.profile.loader import load_profile


def _load(tmp_path: Path, column: str, aliases: str, source: str = "activities") -> list[str]:
    path = tmp_path / "p.yaml"
    path.write_text(f"document: profile\nname: t\ntitle: T\nsources:\n  {source}:\n    files: x.csv\n    values:\n"
                    f"      {column}: {aliases}\n", encoding="utf-8")
    try:
        load_profile(path)
    except ContractError as caught:
        return [p.text().split(" ", 1)[1] for p in caught.problems]
    return []


@pytest.mark.parametrize(("column", "aliases", "key", "as_is", "read_as", "source"), [
    ("segment", "{drift: vækst, vækst: drift}", "drift", "drift", "vækst", "activities"),
    ("segment", "{Vaekst: drift}", "Vaekst", "vækst", "drift", "activities"),  # a spelling of vækst
    ("municipality", "{Aarhus: Randers}", "Aarhus", "Aarhus", "Randers", "activities"),
    ("municipality", "{'0751': Randers}", "0751", "Aarhus", "Randers", "activities"),  # Aarhus by its code
    ("referred", "{ja: nej}", "ja", "ja", "nej", "activities"),
    ("topics", "{grøn: eksport}", "grøn", "grøn", "eksport", "activities"),
    ("nps", "{'10': 9}", "10", "10", "9", "evaluations"),
    ("satisfaction", "{Tilfreds: Meget tilfreds}", "Tilfreds", "Tilfreds", "Meget tilfreds", "evaluations"),
])
def test_a_value_renamed_as_another_is_refused(tmp_path: Path, column: str, aliases: str, key: str, as_is: str,
                                               read_as: str, source: str) -> None:
    assert _load(tmp_path, column, aliases, source) == [
        f"sources.{source}.values.{column}.{key}: '{key}' læses allerede som {column} {as_is}; med linjen ville "
        f"rækkerne med '{key}' blive læst som {read_as}; slet linjen, eller omkod værdierne i eksporten"]


@pytest.mark.parametrize(("column", "aliases", "source"), [
    ("segment", "{Vækst: vækst, Vækstvirksomhed: vækst, Stor virksomhed: drift}", "activities"),
    ("municipality", "{Århus: Aarhus, '751': Aarhus, Aarhus C: Aarhus, Viborg Kommune: Viborg}", "activities"),
    ("referred", "{Henvist: ja, Ikke henvist: nej, ja: ja}", "activities"),
    ("topics", "{Grønt: grøn, Grøn omstilling: grøn, Eksportfremme: eksport}", "activities"),
    ("nps", "{'10 - Meget sandsynligt': 10, '0 - Slet ikke sandsynligt': 0}", "evaluations"),
])
def test_a_spelling_of_the_same_value_or_the_exports_own_word_is_taken(tmp_path: Path, column: str, aliases: str,
                                                                       source: str) -> None:
    assert _load(tmp_path, column, aliases, source) == []
