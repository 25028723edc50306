"""``hubmonitor validate`` on a data folder's own files: ``external-<year>.yaml`` and
``hubmonitor.yaml``, every problem as ``file:line path: message``."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from helpers import MIDTJYLLAND, SAMPLE, act, make_data, validate_command

from hubmonitor.cli import main
from hubmonitor.errors import DataError
from hubmonitor.io.dataset import load_dataset

BAD_EXTERNAL = """\
awareness:
  respondents: -1180
  aware: 631
green_awareness:
  respondents: 631
  aware_of_green: 700
effect_study:
  revenue_growth_pp: elleve
  employment_growth_pp: .inf
  productivity_growth_pp: {value: 1.3, n: 40, ci: 2}
milestones:
  municipal_presentations:
    - {municipality: Horsens, date: 2024-01-03, sted: rådhuset}
    - 2024-12-01
  green_dialogue_tool: {done: ja}
"""


def test_every_problem_of_an_external_file_with_its_line(here: Path) -> None:
    (here / "external-2024.yaml").write_text(BAD_EXTERNAL, encoding="utf-8")
    code, stdout, stderr = validate_command("external-2024.yaml")
    assert (code, stdout) == (1, "")
    assert stderr.splitlines() == [
        "Datafilen kan ikke bruges:",
        "external-2024.yaml:2 awareness.respondents: skal være et antal (et helt tal, 0 eller mere), ikke -1180",
        "external-2024.yaml:6 green_awareness.aware_of_green: aware_of_green (700) er større end respondents (631)",
        "external-2024.yaml:8 effect_study.revenue_growth_pp: skal være et tal, ikke 'elleve'",
        "external-2024.yaml:9 effect_study.employment_growth_pp: skal være et endeligt tal, ikke inf",
        "external-2024.yaml:10 effect_study.productivity_growth_pp.ci: ukendt nøgle 'ci'; forventet "
        "{value, low, high} eller {value, n}",
        "external-2024.yaml:13 milestones.municipal_presentations[0].sted: ukendt nøgle 'sted'; forventet "
        "{date, municipality, note}",
        "external-2024.yaml:15 milestones.green_dialogue_tool.done: skal være true eller false, ikke 'ja'",
    ]
    code, _, stderr = validate_command("external-2024.yaml", "--lang", "en")
    assert code == 1
    assert stderr.splitlines()[:3] == [
        "The data file cannot be used:",
        "external-2024.yaml:2 awareness.respondents: must be a count (a whole number, 0 or more), not -1180",
        "external-2024.yaml:6 green_awareness.aware_of_green: aware_of_green (700) is larger than respondents (631)",
    ]


# PyYAML's parser words it "here", its C parser (libyaml, used where installed) "in this context"
NOT_HERE = "in this context" if yaml.__with_libyaml__ else "here"


@pytest.mark.parametrize(("text", "line"), [
    ("awareness:\n  respondents: 1180\n  aware: 631.5\n",
     "external-2023.yaml:3 awareness.aware: skal være et antal (et helt tal, 0 eller mere), ikke 631.5"),
    ("survey:\n  respondents: 12.5\n  share: 0.4\n",  # respondents is a count in any block
     "external-2023.yaml:2 survey.respondents: skal være et antal (et helt tal, 0 eller mere), ikke 12.5"),
    ("effect_study:\n  revenue_growth_pp: .nan\n",
     "external-2023.yaml:2 effect_study.revenue_growth_pp: skal være et endeligt tal, ikke nan"),
    ("effect_study:\n  revenue_growth_pp: 1" + "0" * 400 + "\n",
     "external-2023.yaml:2 effect_study.revenue_growth_pp: tallet 10000000000000000000… er for stort: højst 15 cifre"),
    ("milestones:\n  dialogue_meetings:\n    - 2024-02-30\n",
     "external-2023.yaml:3 milestones.dialogue_meetings[0]: ugyldig dato '2024-02-30': den findes ikke i kalenderen "
     "(skriv ÅÅÅÅ-MM-DD)"),
    ("milestones:\n  meetings:\n    - {municipality: Skive}\n",
     "external-2023.yaml:3 milestones.meetings[0]: mangler date: dagen, ÅÅÅÅ-MM-DD"),
    ("milestones:\n  meetings:\n    - {municipality: Skive, date: 30-11-2026}\n",  # the value shown (a review)
     "external-2023.yaml:3 milestones.meetings[0].date: ugyldig dato '30-11-2026' (skriv ÅÅÅÅ-MM-DD)"),
    ("awareness: 631\n", "external-2023.yaml:1 awareness: skal være en mapping (navn: tal)"),
    ("awareness:\n  aware: 5\n   respondents: 3\n",
     "external-2023.yaml:3: YAML-syntaksfejl: et kolon her kan ikke læses (et kolon i en tekst kræver "
     "anførselstegn: \"Mål: 50 %\"; eller mangler der et mellemrum efter en nøgles kolon?)"),
])
def test_one_problem_and_its_line(here: Path, text: str, line: str) -> None:
    (here / "external-2023.yaml").write_text(text, encoding="utf-8")
    code, _, stderr = validate_command("external-2023.yaml")
    assert (code, stderr) == (1, f"Datafilen kan ikke bruges:\n{line}\n")


def test_a_good_external_file(here: Path) -> None:
    path = str(SAMPLE / "external-2024.yaml")
    assert validate_command(path) == (0, f"OK {path}: eksterne tal: 7 tal, 3 milepæle\n", "")
    assert validate_command(path, "--lang", "en")[1] == f"OK {path}: external figures: 7 figures, 3 milestones\n"
    (here / "external-2022.yml").write_text("", encoding="utf-8")  # an empty file: no figures, valid
    assert validate_command("external-2022.yml")[:2] == (0, "OK external-2022.yml: eksterne tal: 0 tal, 0 milepæle\n")


def test_evaluate_stops_at_the_first_problem_and_points_to_validate(tmp_path: Path) -> None:
    data = make_data(tmp_path / "data", activities=[act("A1", "2024-01-02", "C1")], external=BAD_EXTERNAL)
    with pytest.raises(DataError) as info:
        load_dataset(data)
    assert str(info.value) == (
        "external-2024.yaml: linje 2 awareness.respondents: skal være et antal (et helt tal, 0 eller mere), "
        "ikke -1180 (+6 andre; hubmonitor validate external-2024.yaml viser alle) / line 2 awareness.respondents: "
        "must be a count (a whole number, 0 or more), not -1180 (+6 more; hubmonitor validate external-2024.yaml "
        "shows them all)")
    result = CliRunner().invoke(main, ["evaluate", str(MIDTJYLLAND), "--data", str(data)])
    assert result.exit_code == 1
    assert result.stderr == ("Fejl: external-2024.yaml: linje 2 awareness.respondents: skal være et antal (et helt "
                             "tal, 0 eller mere), ikke -1180 (+6 andre; hubmonitor validate external-2024.yaml viser "
                             "alle)\n")


def test_a_good_folder_setting(here: Path) -> None:
    (here / "hubmonitor.yaml").write_text("profile: escrm-excel\n", encoding="utf-8")
    assert validate_command("hubmonitor.yaml") == (
        0, "OK hubmonitor.yaml: datamappen læses med profilen 'escrm-excel'\n", "")
    (here / "data").mkdir()
    (here / "data" / "hubmonitor.yaml").write_text("profile: min.yaml\n", encoding="utf-8")
    (here / "data" / "min.yaml").write_text(
        "document: profile\nname: min\ntitle: Min\nsources:\n  activities:\n    files: [eksport*.csv]\n",
        encoding="utf-8")
    assert validate_command("data/hubmonitor.yaml", "--lang", "en") == (
        0, "OK data/hubmonitor.yaml: the data folder is read with profile 'min'\n", "")


def test_a_folder_setting_with_another_key(here: Path) -> None:
    (here / "hubmonitor.yaml").write_text("# vores eksport\nprofile: escrm-excel\nprofil: x\n", encoding="utf-8")
    assert validate_command("hubmonitor.yaml") == (1, "", "Datafilen kan ikke bruges:\nhubmonitor.yaml:3 profil: skal "
                                                   "indeholde 'profile: <navn eller sti>' og/eller "
                                                   "'data_date: ÅÅÅÅ-MM-DD' og intet andet\n")


def test_a_folder_setting_checks_the_profile_it_names(here: Path) -> None:
    (here / "hubmonitor.yaml").write_text("profile: min.yaml\n", encoding="utf-8")
    assert validate_command("hubmonitor.yaml") == (
        1, "", "Profilen kan ikke bruges:\nmin.yaml: filen findes ikke\n")
    (here / "min.yaml").write_text("document: profile\nname: min\ntitle: Min\nsources:\n  activities:\n"
                                   "    files: [eksport*.csv]\n    separator: '|'\n", encoding="utf-8")
    code, _, stderr = validate_command("hubmonitor.yaml")
    assert code == 1
    assert stderr.startswith("Profilen kan ikke bruges:\nmin.yaml:7 sources.activities.separator: ")


@pytest.mark.parametrize(("text", "line", "lang", "heading"), [
    # a profile that does not parse was headed "Kontrakten kan ikke bruges:"; its own first line says what it is
    ("document: profile\nname: min\nsources:\n  activities: [\n", 5, "da", "Profilen kan ikke bruges:"),
    ("document: 'profile'  # vores\nname: min\nsources: {activities: {files: x.csv}}\nfra: 2024-02-30\n", 4, "en",
     "The profile cannot be used:"),
    ("# vores eksport\ndocument: profile\nname: min\n\u2028\n", 4, "da", "Profilen kan ikke bruges:"),
    ("document: contract\nid: [\n", 3, "da", "Kontrakten kan ikke bruges:"),
    ("id: x\ndocument: profiles\nname: [\n", 4, "en", "The contract cannot be used:"),
])
def test_a_file_that_does_not_parse_is_headed_by_what_it_says_it_is(here: Path, text: str, line: int, lang: str,
                                                                    heading: str) -> None:
    (here / "min.yaml").write_text(text, encoding="utf-8")
    code, out, err = validate_command("min.yaml", "--lang", lang)
    assert (code, out, err.splitlines()[0], err.splitlines()[1].split(" ")[0].rstrip(":")) == (
        1, "", heading, f"min.yaml:{line}")


@pytest.mark.parametrize(("raw", "said"), [
    # a review: a profile edited in Notepad, CRLF line endings and a syntax error, or saved as Windows-1252
    (b"document: profile\r\nname: min\r\nsources:\r\n  activities: [\r\n", "min.yaml:5: YAML-syntaksfejl"),
    ("document: profile # Århus\nname: min\n".encode("cp1252"), "min.yaml:1: ikke UTF-8 (byte 20, 0xc5)"),
])
def test_a_profile_saved_as_notepad_does_is_headed_as_a_profile(here: Path, raw: bytes, said: str) -> None:
    (here / "min.yaml").write_bytes(raw)
    code, out, err = validate_command("min.yaml")
    assert (code, out, err.splitlines()[0], err.splitlines()[1].startswith(said)) == (
        1, "", "Profilen kan ikke bruges:", True)


@pytest.mark.parametrize("raw", [
    # a review: a UTF-8 byte-order mark (Notepad's "UTF-8 with BOM") or UTF-16 put the document: line out of sight
    b"\xef\xbb\xbfdocument: profile\nname: min\nsources: [\n",
    "document: profile\r\nname: min\r\nsources: [\r\n".encode("utf-16"),
])
def test_a_profile_with_a_byte_order_mark_is_headed_as_a_profile(here: Path, raw: bytes) -> None:
    (here / "min.yaml").write_bytes(raw)
    code, out, err = validate_command("min.yaml")
    assert (code, out, err.splitlines()[0]) == (1, "", "Profilen kan ikke bruges:")
