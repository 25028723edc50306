"""The reviewer's findings on issue 16 about inputs (review points 7, 9, 10 and the lesser ones on
messages): the demo never writes over files it did not write, two external files for one year
stop the run, a municipality named twice under two spellings is a validate error wherever a
contract names municipalities, and contract messages are Danish in the Danish half.

Each finding is a test named after its point; the inputs are built in ``tmp_path``.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from helpers import MIDTJYLLAND, REPO, SAMPLE, act, make_data, run, target, write_contract

from hubmonitor.cli import main
from hubmonitor.contract.filters import Condition
from hubmonitor.contract.loader import load_contract, validate_file
from hubmonitor.contract.messages import PATTERNS, translate
from hubmonitor.contract.targets import ID_PATTERN, DistinctCompaniesTarget
from hubmonitor.contract.yaml_source import MAX_BYTES
from hubmonitor.demo import HUBS, generate
from hubmonitor.demo import write as demo_write
from hubmonitor.demo.write import MANIFEST, planned_files
from hubmonitor.errors import ContractError, DataError, HubmonitorError, Problem
from hubmonitor.io.dataset import load_dataset


def cli(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception  # no traceback
    return result.exit_code, result.stdout, result.stderr


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def refused(name: str, folder: str, lang: str | None = None) -> str:
    """The refusal as printed in ``lang``, or as the exception's string (both halves, each naming the folder)."""
    da = (f"{folder}: mappen indeholder andet end demodata ({name} er ikke skrevet af demo); vælg en anden mappe "
          "med --out")
    en = (f"{folder}: the folder holds files that are not demo data ({name} was not written by the demo); choose "
          "another folder with --out")
    return {"da": da, "en": en}.get(lang or "", f"{da} / {en}")


# --- 7: demo --out never writes over a file the demo did not write ----------------------------------


def test_review7_demo_refuses_real_data_in_a_hub_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The reviewer's reproduction, exactly: the name is a hub's, the file is not the demo's."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "dm" / "data" / "midtjylland").mkdir(parents=True)
    real = tmp_path / "dm" / "data" / "midtjylland" / "crm_activities_2024.csv"
    real.write_text("REAL DATA\n", encoding="utf-8")
    code, stdout, stderr = cli("demo", "--out", "dm", "--scale", "0.01")
    assert (code, stdout) == (1, "")
    assert stderr == "Fejl: " + refused("midtjylland/crm_activities_2024.csv", "dm/data", "da") + "\n"
    assert real.read_text(encoding="utf-8") == "REAL DATA\n"
    assert files(tmp_path / "dm") == {"data/midtjylland/crm_activities_2024.csv": b"REAL DATA\n"}  # nothing else


def test_review7_a_genuine_demo_folder_is_reused_and_regenerated(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    first = generate(folder, scale=0.01)
    assert first.generated and (first.activity_rows, first.evaluation_rows) == (1664, 139)
    written = files(folder)
    assert sorted(written) == sorted([MANIFEST, *planned_files()])
    again = generate(folder, scale=0.01)  # same seed and scale, every file there: reused
    assert not again.generated and (again.activity_rows, again.evaluation_rows) == (1664, 139)
    forced = generate(folder, scale=0.01, force=True)  # --regenerate over the demo's own folder
    assert forced.generated
    assert files(folder) == written  # byte for byte, demo.json included
    (folder / "fyn" / "crm_activities_2023.csv").write_text("edited", encoding="utf-8")
    assert generate(folder, scale=0.01).generated  # a listed file changed: the demo's, written again
    assert files(folder) == written


def test_review7_demo_command_reuses_an_existing_demo_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                                             ) -> None:
    monkeypatch.chdir(tmp_path)
    generate(tmp_path / "dm" / "data", scale=0.01)
    written = files(tmp_path / "dm" / "data")
    code, _, stderr = cli("demo", "--out", "dm", "--scale", "0.01", "--regenerate")
    assert code == 0, stderr
    assert "Demodata: dm/data (aktiviteter / evalueringssvar: 1.664 / 139)\n" in stderr
    assert files(tmp_path / "dm" / "data") == written


@pytest.mark.parametrize("foreign", ["fyn/notes.txt", "notes.txt", "fyn/2024/crm_activities_2024.csv",
                                     "fyn/.DS_Store"])
def test_review7_a_file_the_manifest_does_not_list_is_refused(tmp_path: Path, foreign: str) -> None:
    folder = tmp_path / "data"
    generate(folder, scale=0.01)
    (folder / foreign).parent.mkdir(parents=True, exist_ok=True)
    (folder / foreign).write_text("mine", encoding="utf-8")
    before = files(folder)
    with pytest.raises(HubmonitorError) as info:
        generate(folder, scale=0.02)  # another scale: would write every file again
    assert str(info.value) == refused(foreign, str(folder))
    assert files(folder) == before  # not a byte written, demo.json untouched


def test_review7_a_symlink_in_the_demo_folder_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    generate(folder, scale=0.01)
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "crm_activities_2024.csv").write_text("REAL DATA\n", encoding="utf-8")
    shutil.rmtree(folder / "fyn")
    (folder / "fyn").symlink_to(mine, target_is_directory=True)  # a hub's folder that is someone else's
    with pytest.raises(HubmonitorError) as info:
        generate(folder, scale=0.01, force=True)
    assert str(info.value) == refused("fyn", str(folder))
    assert (mine / "crm_activities_2024.csv").read_text(encoding="utf-8") == "REAL DATA\n"
    assert sorted(p.name for p in mine.iterdir()) == ["crm_activities_2024.csv"]


@pytest.mark.parametrize("manifest", ['{"files": {"fyn/crm_activities_2024.csv": {}}}', "not json", "[1, 2]"])
def test_review7_a_demo_json_the_demo_did_not_write_is_foreign(tmp_path: Path, manifest: str) -> None:
    """A folder without the demo's manifest must hold no file at all: a demo.json that is not one
    (no generator, not JSON, not a mapping) is itself the file named."""
    folder = tmp_path / "data"
    (folder / "fyn").mkdir(parents=True)
    (folder / MANIFEST).write_text(manifest, encoding="utf-8")
    (folder / "fyn" / "crm_activities_2024.csv").write_text("mine", encoding="utf-8")
    with pytest.raises(HubmonitorError) as info:
        generate(folder, scale=0.01)
    assert str(info.value) == refused(MANIFEST, str(folder))
    assert (folder / "fyn" / "crm_activities_2024.csv").read_text(encoding="utf-8") == "mine"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_review7_a_fifo_named_demo_json_is_refused_not_opened(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    os.mkfifo(folder / MANIFEST)  # opening it to read would wait for a writer for ever
    with pytest.raises(HubmonitorError) as info:
        generate(folder, scale=0.01)
    assert str(info.value) == refused(MANIFEST, str(folder))


def test_review7_empty_hub_folders_without_a_manifest_are_written_into(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    for p in HUBS:
        (folder / p.slug).mkdir(parents=True)
    assert generate(folder, scale=0.01).generated


def test_review7_an_interrupted_generation_is_finished_by_the_next_run(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """A run killed half-way leaves the manifest naming what it was writing (and a temporary file):
    the next run knows the folder as the demo's and finishes it, the same bytes as a clean run."""
    clean = tmp_path / "clean"
    generate(clean, scale=0.01)
    folder = tmp_path / "data"
    real_write_hub = demo_write.write_hub
    calls = 0

    def killed_after_two(hub_dir: Path, *args: Any, **kwargs: Any) -> Any:
        nonlocal calls
        calls += 1
        if calls == 3:
            (hub_dir).mkdir(parents=True)
            (hub_dir / ".hubmonitor-crm_activities_2021.csv-abcd1234.tmp").write_text("half", encoding="utf-8")
            raise KeyboardInterrupt
        return real_write_hub(hub_dir, *args, **kwargs)

    monkeypatch.setattr(demo_write, "write_hub", killed_after_two)
    with pytest.raises(KeyboardInterrupt):
        generate(folder, scale=0.01)
    pending = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    assert "files" not in pending and pending["writing"] == planned_files()
    monkeypatch.setattr(demo_write, "write_hub", real_write_hub)
    assert generate(folder, scale=0.01).generated
    assert files(folder) == files(clean)  # the temporary file removed by the write of its file


# --- 9: two external files for one year ---------------------------------------------------------


def test_review9_two_external_files_for_one_year_stop_the_run(tmp_path: Path) -> None:
    data = tmp_path / "d"
    shutil.copytree(SAMPLE, data)
    shutil.copy(data / "external-2024.yaml", data / "external-2024.yml")
    expected = ("external-2024.yaml og external-2024.yml er begge eksterne tal for 2024; behold den ene (slet eller "
                "omdøb den anden)")
    english = ("external-2024.yaml and external-2024.yml both hold the external figures for 2024; keep one (delete "
               "or rename the other)")
    with pytest.raises(DataError) as info:
        load_dataset(data)
    assert (info.value.code, info.value.file, info.value.message) == ("external-twice", str(data),
                                                                      f"{expected} / {english}")
    code, stdout, stderr = cli("evaluate", str(MIDTJYLLAND), "--data", str(data))
    assert (code, stdout, stderr) == (1, "", f"Fejl [external-twice]: {data}: {expected}\n")


def test_review9_external_files_for_different_years_are_all_read(tmp_path: Path) -> None:
    data = make_data(tmp_path / "d", activities=[act("A1", "2024-01-05", "C1")],
                     external="awareness: {respondents: 10, aware: 4}\n", external_year=2023)
    (data / "external-2024.yml").write_text("awareness: {respondents: 10, aware: 6}\n", encoding="utf-8")
    external = load_dataset(data).external
    assert sorted(external) == [2023, 2024]
    assert (external[2023].figure("awareness.aware"), external[2024].figure("awareness.aware")) == (4, 6)
    assert external[2024].file == "external-2024.yml"


# --- 10: a municipality twice under two spellings -----------------------------------------------


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """``tmp_path`` as the working directory, with Midtjylland's 2024 contract and its framework."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "midtjylland").mkdir()
    shutil.copy(MIDTJYLLAND, tmp_path / "midtjylland" / "2024.yaml")
    shutil.copytree(REPO / "contracts" / "national", tmp_path / "national")
    return tmp_path


def contract_problems(path: str) -> list[Problem]:
    with pytest.raises(ContractError) as info:
        load_contract(path)
    return info.value.problems


@pytest.mark.parametrize("second", ["Aarhus Kommune", "'751'", "'0751'", "aarhus", "Århus"])
def test_review10_allocation_table_with_aarhus_twice(here: Path, second: str) -> None:
    """The reviewer's case: 'Aarhus Kommune: 0' under 'Aarhus: 11089' replaced Aarhus's amount in silence."""
    text = MIDTJYLLAND.read_text(encoding="utf-8").replace("      Aarhus: 11089\n",
                                                           f"      Aarhus: 11089\n      {second}: 0\n")
    (here / "midtjylland" / "2024.yaml").write_text(text, encoding="utf-8")
    line = text.splitlines().index(f"      {second}: 0") + 1
    key = second.strip("'")
    problems = contract_problems("midtjylland/2024.yaml")
    assert [(p.file, p.line, p.path, p.message, p.message_en) for p in problems] == [
        ("midtjylland/2024.yaml", line, f"targets[7].table.{key}", "Aarhus står to gange (også som 'Aarhus')",
         "Aarhus appears twice (also as 'Aarhus')")]
    code, stdout, stderr = cli("validate", "midtjylland/2024.yaml")
    assert (code, stdout) == (1, "")
    assert stderr.splitlines()[1:] == [
        f"midtjylland/2024.yaml:{line} targets[7].table.{key}: Aarhus står to gange (også som 'Aarhus')"]


def test_review10_municipality_filters_take_any_spelling_and_refuse_twice_or_unknown(tmp_path: Path) -> None:
    """A filter on municipality names municipalities as the data holds them after reading: 'Aarhus
    Kommune' or 751 used to match no row (a figure of 0 given without an error)."""
    contract = write_contract(tmp_path, [
        target("T.aarhus", "distinct_companies", 1, where={"municipality": "Aarhus Kommune"}),
        target("T.code", "distinct_companies", 1, where={"municipality": "751"}),
        target("T.both", "distinct_companies", 1, where={"municipality": {"in": ["Odder", "aarhus"]}}),
        target("T.rest", "distinct_companies", 1, where={"municipality": {"not_in": ["Århus"]}}),
    ])
    data = make_data(tmp_path / "data", activities=[
        act("A1", "2024-01-05", "C1"), act("A2", "2024-01-06", "C2", "751"),
        act("A3", "2024-01-07", "C3", "Odder"), act("A4", "2024-01-08", "C4", "Samsø")])
    wheres = [t.where["municipality"] for t in load_contract(contract).targets
              if isinstance(t, DistinctCompaniesTarget)]
    assert wheres[:2] == ["Aarhus", "Aarhus"]  # as the data holds it after reading
    assert wheres[2:] == [Condition.model_validate({"in": ["Odder", "Aarhus"]}),
                          Condition.model_validate({"not_in": ["Aarhus"]})]
    report = run(contract, data)
    assert [report.target(t).value for t in ("T.aarhus", "T.code", "T.both", "T.rest")] == [2, 2, 3, 2]


@pytest.mark.parametrize(("where", "path", "da", "en"), [
    ({"in": ["Aarhus", "Aarhus Kommune"]}, "where.municipality.in[1]", "Aarhus står to gange (også som 'Aarhus')",
     "Aarhus appears twice (also as 'Aarhus')"),
    ({"not_in": ["Odder", 727]}, "where.municipality.not_in[1]", "Odder står to gange (også som 'Odder')",
     "Odder appears twice (also as 'Odder')"),
    ("Gotham", "where.municipality", "ukendt kommune 'Gotham'", "unknown municipality 'Gotham'"),
    ({"in": ["Aarhus", "Gotham"]}, "where.municipality.in[1]", "ukendt kommune 'Gotham'",
     "unknown municipality 'Gotham'"),
])
def test_review10_a_municipality_filter_naming_one_twice_or_none(tmp_path: Path, where: object, path: str,
                                                                  da: str, en: str) -> None:
    contract = write_contract(tmp_path, [target("T.reach", "distinct_companies", 1,
                                                where={"municipality": where})])
    problems = contract_problems(str(contract))
    assert [(p.path, p.message, p.message_en) for p in problems] == [(f"targets[0].{path}", da, en)]


# --- lesser: messages ---------------------------------------------------------------------------


HUB = """\
document: contract
id: t-2024
title: T
hub: Erhvervshus Midtjylland
erhvervshus: Midtjylland
"""


@pytest.mark.parametrize(("text", "path", "da", "en"), [
    (HUB + "period: {year: 1999}\n", "period.year", "uden for tilladt interval: skal være mindst 2000",
     "out of range: must be at least 2000"),
    (HUB + "period: {year: 2101}\n", "period.year", "uden for tilladt interval: skal være højst 2100",
     "out of range: must be at most 2100"),
    (HUB + "period: {year: x}\n", "period.year", "forkert type: skal være et heltal, ikke 'x'",
     "wrong type: must be a whole number, not 'x'"),
    (HUB + "period: {year: 2024}\nmunicipalities: [751]\n", "municipalities[0]",
     "forkert type: skal være tekst, ikke tallet 751; er det et navn, så skriv det i anførselstegn: '751'",
     "wrong type: must be text, not the number 751; if it is a name, write it in quotes: '751'"),
    (HUB + "period: {year: 2024}\nmunicipalities: Aarhus\n", "municipalities",
     "forkert type: skal være en liste, ikke 'Aarhus'", "wrong type: must be a list, not 'Aarhus'"),
    (HUB + "period: 2024\n", "period", "forkert type: skal være en mapping (nøgle: værdi), ikke 2024",
     "wrong type: must be a mapping (key: value), not 2024"),
    (HUB + "period: {year: 2024}\ntargets:\n  - {id: l1 nps, ref: r, kind: nps, title: t, quote: q, threshold: 1}\n",
     "targets[0].id", f"ugyldigt format: 'l1 nps'; skriv {PATTERNS[ID_PATTERN][0]}",
     f"invalid format: 'l1 nps'; write {PATTERNS[ID_PATTERN][1]}"),
])
def test_lesser_pydantic_errors_are_danish_in_the_danish_half(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                               text: str, path: str, da: str, en: str) -> None:
    monkeypatch.chdir(tmp_path)
    Path("c.yaml").write_text(text, encoding="utf-8")
    problems = contract_problems("c.yaml")
    assert [(p.path, p.message, p.message_en) for p in problems] == [(path, da, en)]


def test_lesser_no_pydantic_english_in_danish_for_the_common_types() -> None:
    cases: list[dict[str, Any]] = [
        {"type": "greater_than", "msg": "Input should be greater than 0", "ctx": {"gt": 0}, "input": 0},
        {"type": "less_than", "msg": "Input should be less than 1", "ctx": {"lt": 1}, "input": 1},
        {"type": "less_than_equal", "msg": "Input should be less than or equal to 0.5", "ctx": {"le": 0.5},
         "input": 2},
        {"type": "bool_type", "msg": "Input should be a valid boolean", "input": "maybe"},
        {"type": "float_type", "msg": "Input should be a valid number", "input": "x"},
        {"type": "dict_type", "msg": "Input should be a valid dictionary", "input": []},
        {"type": "date_type", "msg": "Input should be a valid date", "input": "x"},
        {"type": "too_long", "msg": "List should have at most 2 items", "ctx": {"max_length": 2}, "input": [1, 2, 3]},
        {"type": "string_too_short", "msg": "String should have at least 1 character", "ctx": {"min_length": 1},
         "input": ""},
        {"type": "multiple_of", "msg": "Input should be a multiple of 5", "ctx": {"multiple_of": 5}, "input": 3},
        {"type": "some_new_type", "msg": "Something went wrong", "input": "x"},
    ]
    assert [translate(case) for case in cases] == [
        ("uden for tilladt interval: skal være større end 0", "out of range: must be greater than 0"),
        ("uden for tilladt interval: skal være mindre end 1", "out of range: must be less than 1"),
        ("uden for tilladt interval: skal være højst 0.5", "out of range: must be at most 0.5"),
        ("forkert type: skal være true eller false, ikke 'maybe'", "wrong type: must be true or false, not 'maybe'"),
        ("forkert type: skal være et tal, ikke 'x'", "wrong type: must be a number, not 'x'"),
        ("forkert type: skal være en mapping (nøgle: værdi), ikke []",
         "wrong type: must be a mapping (key: value), not []"),
        ("forkert type: skal være en dato (ÅÅÅÅ-MM-DD), ikke 'x'", "wrong type: must be a date (YYYY-MM-DD), not 'x'"),
        ("for mange elementer: højst 2", "too many items: at most 2"),
        ("for kort: mindst 1 tegn", "too short: at least 1 character"),
        ("skal være et multiplum af 5", "must be a multiple of 5"),
        ("ugyldig værdi 'x'", "Something went wrong"),  # a type not foreseen: Danish, and pydantic's English
    ]


def test_lesser_yaml_size_message_uses_danish_thousands(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("big.yaml").write_text("# " + "x" * (MAX_BYTES - 2) + "\n", encoding="utf-8")  # one byte over
    problem, = contract_problems("big.yaml")
    assert (problem.file, problem.line, problem.path) == ("big.yaml", None, "")
    assert problem.message == ("filen er 1.000.001 bytes; højst 1.000.000 tilladt / the file is 1,000,001 bytes; "
                               "at most 1,000,000 allowed")


@pytest.mark.parametrize("text", ["titel: x\nmål: 3\n", "- a list\n", "", "42\n"])
def test_lesser_validate_a_yaml_file_that_is_no_contract_says_what_validate_takes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    monkeypatch.chdir(tmp_path)
    Path("typo.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ContractError) as info:
        validate_file("typo.yaml")
    assert info.value.document == "file"  # not a contract: the heading should say "the file"
    da = ("typo.yaml: filen er ikke en kontrakt, en rammeaftale eller en profil (den har ingen linje document: "
          "contract, framework eller profile); hubmonitor validate tager også en datamappes external-<år>.yaml og "
          "hubmonitor.yaml")
    assert [p.text("da") for p in info.value.problems] == [da]
    code, stdout, stderr = cli("validate", "typo.yaml")
    assert (code, stdout) == (1, "")
    assert stderr.splitlines()[1:] == [da]  # the path once, no "document: document:"
    code, _, stderr = cli("validate", "typo.yaml", "--lang", "en")
    assert stderr.splitlines()[1:] == [
        "typo.yaml: the file is not a contract, a framework or a profile (it has no line document: contract, "
        "framework or profile); hubmonitor validate also takes a data folder's external-<year>.yaml and "
        "hubmonitor.yaml"]


@pytest.mark.parametrize(("value", "da"), [
    ("report", "skal være 'contract' (en kontrakt), 'framework' (en rammeaftale) eller 'profile' (en profil), "
               "ikke 'report'"),
    ("profile", "'profile' er en profil, ikke en kontrakt; brug den med --profile"),
])
def test_lesser_a_document_key_naming_something_else_is_named_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                    value: str, da: str) -> None:
    monkeypatch.chdir(tmp_path)
    Path("c.yaml").write_text(f"# a comment\ndocument: {value}\n", encoding="utf-8")
    problem, = contract_problems("c.yaml")
    assert problem.text("da") == f"c.yaml:2 document: {da}"


def test_a_sheet_named_by_a_year_is_told_to_be_quoted(tmp_path: Path) -> None:
    """``sheets: [{name: 2023}]``: YAML reads 2023 as a number, and the message said only "skal være
    en liste, ikke 2023" (a review); it now says to quote the name."""
    from hubmonitor.errors import ContractError
    from hubmonitor.profile.loader import load_profile

    path = tmp_path / "profil.yaml"
    path.write_text("document: profile\nname: ark\ntitle: Ark\nsources:\n  activities:\n"
                    "    files: ['crm*.xlsx']\n    sheets: [{name: 2023}]\n", encoding="utf-8")
    with pytest.raises(ContractError) as info:
        load_profile(path)
    assert [p.text().split(":", 1)[1] for p in info.value.problems] == [
        "7 sources.activities.sheets[0].name: forkert type: skal være en liste, ikke tallet 2023; er det "
        "et navn, så skriv det i anførselstegn: '2023'"]
