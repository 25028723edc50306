"""Hostile and broken YAML (issue 16, points 3 and 4): every YAML file hubmonitor reads (contracts
and what they extend, profiles, hubmonitor.yaml, external-<year>.yaml) is refused with a clear
message, never a traceback or a hang, when it is not a regular file, too large, nested too deep,
or holds values that cannot be true (a date that does not exist, a number that is not finite or
too large, a baseline outside its unit, a part larger than its whole). The results JSON is always
valid JSON.

Each reproduction of the issue (R06, R07, R08, R09, R12, R13) is a test named after it. Limits are
tested by size and depth (just inside, just outside), never by timing.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import MIDTJYLLAND, REPO, SAMPLE, make_data, run, target, write_contract
from helpers import validate_command as validate

from hubmonitor.cli import main
from hubmonitor.contract import yaml_source
from hubmonitor.contract.loader import load_contract
from hubmonitor.contract.yaml_source import MAX_DEPTH, REJECTED, read_yaml
from hubmonitor.errors import ContractError, DataError, Problem
from hubmonitor.io.dataset import load_dataset
from hubmonitor.io.external import read_external, validate_external
from hubmonitor.io.reading import forget_last_read, last_read
from hubmonitor.io.results_json import dumps
from hubmonitor.profile.loader import load_profile, profile_for

HUB = "midtjylland/2024.yaml"
FIFO = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run in ``tmp_path`` with a copy of the Midtjylland 2024 contract and the framework it
    extends (``midtjylland/2024.yaml``, ``national/2024.yaml``), so messages name files as given."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "midtjylland").mkdir()
    shutil.copy(MIDTJYLLAND, tmp_path / HUB)
    shutil.copytree(REPO / "contracts" / "national", tmp_path / "national")
    return tmp_path


def hub_text() -> str:
    return MIDTJYLLAND.read_text(encoding="utf-8")


def write(path: Path | str, text: str) -> str:
    Path(path).write_text(text, encoding="utf-8")
    return str(path)


def line_of(text: str, needle: str) -> int:
    hits = [i for i, line in enumerate(text.splitlines(), start=1) if needle in line]
    assert hits, f"{needle!r} is not in the text"
    return hits[0]


def located(problems: list[Problem]) -> list[tuple[str, int | None, str]]:
    return [(p.file, p.line, p.path) for p in problems]


def contract_problems(path: str) -> list[Problem]:
    with pytest.raises(ContractError) as info:
        load_contract(path)
    return info.value.problems


def nested_block(levels: int) -> str:
    """``x:`` holding ``levels`` block sequences, one in another (the root mapping is one more)."""
    return "x:\n" + "".join(" " * (i + 1) + "-\n" for i in range(levels - 1)) + " " * levels + "- x\n"


def nested_flow(levels: int) -> str:
    return "x: " + "[" * levels + "]" * levels + "\n"


# --- R07: nesting ------------------------------------------------------------------------------


@pytest.mark.parametrize("nest", [nested_block, nested_flow])
def test_nesting_at_the_limit_is_read_one_deeper_is_refused_at_its_line(tmp_path: Path, nest: object) -> None:
    assert MAX_DEPTH == 50
    assert callable(nest)
    inside = write(tmp_path / "inside.yaml", nest(MAX_DEPTH - 1))  # the root mapping is the 50th level
    assert read_yaml(Path(inside), "inside.yaml").data is not None
    text = nest(MAX_DEPTH)
    with pytest.raises(ContractError) as info:
        read_yaml(Path(write(tmp_path / "deep.yaml", text)), "deep.yaml")
    line = 1 if nest is nested_flow else MAX_DEPTH + 1  # the line of the 51st collection
    assert located(info.value.problems) == [("deep.yaml", line, "")]
    assert info.value.problems[0].text("da") == f"deep.yaml:{line}: YAML'en er indlejret mere end 50 niveauer dybt"
    assert info.value.problems[0].text("en") == f"deep.yaml:{line}: the YAML is nested more than 50 levels deep"


def test_forty_levels_of_mappings_and_sequences_are_read(tmp_path: Path) -> None:
    text = "a:\n" + "".join("  " * i + f"- k{i}:\n" for i in range(1, 20)) + "  " * 20 + "- end\n"
    doc = read_yaml(Path(write(tmp_path / "mixed.yaml", text)), "mixed.yaml")
    value = doc.data["a"]
    for i in range(1, 20):
        value = value[0][f"k{i}"]
    assert value == ["end"]


def test_r07_block_nesting_900_levels_is_refused_at_its_line(here: Path) -> None:
    text = hub_text() + "\nx:\n" + "".join(" " * (i + 1) + "- \n" for i in range(900)).rstrip("\n") + " x\n"
    problem, = contract_problems(write("midtjylland/block900.yaml", text))
    assert problem.text("en") == (f"midtjylland/block900.yaml:{line_of(text, 'x:') + MAX_DEPTH}: "
                                  "the YAML is nested more than 50 levels deep")


@pytest.mark.parametrize("levels", [50_000, 490_000])
def test_r07_flow_nesting_is_refused_at_its_line(here: Path, levels: int) -> None:
    text = hub_text() + "\nx: " + "[" * levels + "]" * levels + "\n"  # 100 KB and 980 KB: under 1 MB
    code, stdout, stderr = validate(write("midtjylland/flow.yaml", text))
    assert (code, stdout) == (1, "")
    line = line_of(text, "x: [")
    assert stderr == ("Kontrakten kan ikke bruges:\n"
                      f"midtjylland/flow.yaml:{line}: YAML'en er indlejret mere end 50 niveauer dybt\n")


def test_more_values_than_the_limit_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yaml_source, "MAX_NODES", 10)
    fine = write(tmp_path / "fine.yaml", "x: [1, 2, 3, 4, 5, 6, 7]\n")  # 10 values: root, x, the list, 7 items
    assert read_yaml(Path(fine), "fine.yaml").data == {"x": [1, 2, 3, 4, 5, 6, 7]}
    with pytest.raises(ContractError) as info:
        read_yaml(Path(write(tmp_path / "many.yaml", "x: [1, 2, 3, 4, 5, 6, 7, 8]\n")), "many.yaml")
    assert [p.text("en") for p in info.value.problems] == ["many.yaml:1: the file holds more than 10 values"]


# --- R09 and R08: not a regular file, too large -----------------------------------------------


def test_r09_extends_a_3_gb_file_is_refused_before_reading_it(here: Path) -> None:
    with open(here / "national" / "huge.yaml", "wb") as handle:
        handle.truncate(3 * 1024**3)  # sparse: no disk, and reading it would need 3 GB of memory
    text = hub_text().replace("extends: ../national/2024.yaml", "extends: ../national/huge.yaml")
    at_extends, problem = contract_problems(write(HUB, text))  # the contract's line first (a review), then the file
    assert (at_extends.path, at_extends.text("en")) == ("extends", f"{HUB}:{at_extends.line} extends: points to "
                                                        "national/huge.yaml, which cannot be read as a framework "
                                                        "(document: framework)")
    assert problem.text("da") == "national/huge.yaml: filen er 3.221.225.472 bytes; højst 1.000.000 tilladt"
    assert problem.text("en") == "national/huge.yaml: the file is 3,221,225,472 bytes; at most 1,000,000 allowed"


@pytest.mark.parametrize("target", ["external", "folder", "data"])
def test_extends_to_a_file_that_is_no_framework_is_said_at_the_contracts_line(here: Path, target: str) -> None:
    """A data folder's external-2024.yaml, a folder or a CSV file named by extends: was said about that
    file alone ("the file is not a contract … hubmonitor validate also takes …", as if it had been the
    file validated), not at the contract's extends: line (a review)."""
    made = {"external": ("national/external-2024.yaml", "milestones: {}\n"), "folder": ("national", None),
            "data": ("national/crm.csv", "date,company_id\n" + "2024-01-01,C1\n" * 80_000)}[target]
    name, content = made
    if content is not None:
        write(name, content)
    text = hub_text().replace("extends: ../national/2024.yaml", f"extends: ../{name}")
    problems = contract_problems(write(HUB, text))
    assert (problems[0].file, problems[0].line, problems[0].path) == (HUB, line_of(text, "extends:"), "extends")
    assert problems[0].text("da").endswith(f"extends: peger på {name}, som ikke kan læses som en rammeaftale "
                                           "(document: framework)")
    assert [p.text("en").split(": ", 1)[1] for p in problems[1:]] == {
        "external": [], "folder": ["is a folder, not a regular file; it is not read"],
        "data": ["the file is 1,120,016 bytes; at most 1,000,000 allowed"]}[target]


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_r09_dev_zero_as_a_contract_an_extends_target_and_an_external_file(here: Path) -> None:
    device = "er en tegnenhed (fx /dev/zero), ikke en almindelig fil; den læses ikke"  # printed: --lang's half
    both = f"{device} / is a character device (like /dev/zero), not a regular file; it is not read"  # str()
    os.symlink("/dev/zero", here / "zero.yaml")
    assert validate("zero.yaml") == (1, "", f"Kontrakten kan ikke bruges:\nzero.yaml: {device}\n")
    os.symlink("/dev/zero", here / "national" / "zero.yaml")
    text = hub_text().replace("extends: ../national/2024.yaml", "extends: ../national/zero.yaml")
    at_extends, problem = contract_problems(write(HUB, text))
    assert at_extends.path == "extends"
    assert problem.text().endswith(f"/dev/zero: {device}")  # extends is followed to where it points
    os.symlink("/dev/zero", here / "external-2025.yaml")
    assert validate("external-2025.yaml") == (1, "", f"Datafilen kan ikke bruges:\nexternal-2025.yaml: {device}\n")
    with pytest.raises(DataError) as info:
        read_external(here / "external-2025.yaml", "external-2025.yaml")
    assert str(info.value) == f"external-2025.yaml: {both}"


FIFO_TEXT = "er en FIFO (navngivet pipe), ikke en almindelig fil; den læses ikke"


@FIFO
def test_r08_fifo_external_file_is_refused_not_waited_for(here: Path) -> None:
    os.mkfifo(here / "external-2025.yaml")
    assert validate("external-2025.yaml") == (1, "", f"Datafilen kan ikke bruges:\nexternal-2025.yaml: {FIFO_TEXT}\n")
    figures, problems = validate_external(here / "external-2025.yaml", "external-2025.yaml")
    assert figures is None
    assert [p.text() for p in problems] == [f"external-2025.yaml: {FIFO_TEXT}"]


@FIFO
def test_fifo_as_contract_framework_profile_and_folder_setting(here: Path) -> None:
    os.mkfifo(here / "national" / "fifo.yaml")
    text = hub_text().replace("extends: ../national/2024.yaml", "extends: ../national/fifo.yaml")
    _, problem = contract_problems(write(HUB, text))  # (the first at the contract's extends: line)
    assert problem.text() == f"national/fifo.yaml: {FIFO_TEXT}"
    assert validate("national/fifo.yaml") == (1, "", f"Kontrakten kan ikke bruges:\nnational/fifo.yaml: {FIFO_TEXT}\n")
    with pytest.raises(ContractError) as info:
        load_profile("national/fifo.yaml")
    assert info.value.document == "profile"
    assert [p.text() for p in info.value.problems] == [f"national/fifo.yaml: {FIFO_TEXT}"]
    data = here / "data"
    data.mkdir()
    os.mkfifo(data / "hubmonitor.yaml")
    with pytest.raises(ContractError) as info:
        profile_for(data)
    assert (info.value.document, [p.text() for p in info.value.problems]) == (
        "data", [f"data/hubmonitor.yaml: {FIFO_TEXT}"])  # the folder's own file: data, not a profile


def test_an_extends_target_that_is_a_folder_says_so(here: Path) -> None:
    (here / "national" / "dir.yaml").mkdir()
    text = hub_text().replace("extends: ../national/2024.yaml", "extends: ../national/dir.yaml")
    _, problem = contract_problems(write(HUB, text))  # (the first at the contract's extends: line)
    assert problem.text("en") == "national/dir.yaml: is a folder, not a regular file; it is not read"
    assert problem.text("da") == "national/dir.yaml: er en mappe, ikke en almindelig fil; den læses ikke"


# --- R06: dates and numbers YAML itself gives -------------------------------------------------


R06_CASES = [
    ("awareness:\n  respondents: 1180\n  aware: .nan\n",
     "external-2024.yaml:3 awareness.aware: skal være et endeligt tal, ikke nan",
     "linje 3 awareness.aware: skal være et endeligt tal, ikke nan",
     "line 3 awareness.aware: must be a finite number, not nan"),
    ("milestones:\n  dialogue_meetings:\n    - 2024-02-30\n",
     "external-2024.yaml:3 milestones.dialogue_meetings[0]: ugyldig dato '2024-02-30': den findes ikke i "
     "kalenderen (skriv ÅÅÅÅ-MM-DD)",
     "linje 3 milestones.dialogue_meetings[0]: ugyldig dato '2024-02-30': den findes ikke i kalenderen "
     "(skriv ÅÅÅÅ-MM-DD)",
     "line 3 milestones.dialogue_meetings[0]: invalid date '2024-02-30': no such day in the calendar "
     "(write YYYY-MM-DD)"),
    ("awareness:\n  respondents: 1" + "0" * 400 + "\n  aware: 1" + "0" * 399 + "\n",
     "external-2024.yaml:2 awareness.respondents: tallet 10000000000000000000… er for stort: højst 15 cifre",
     "linje 2 awareness.respondents: tallet 10000000000000000000… er for stort: højst 15 cifre (+1 andre; "
     "hubmonitor validate external-2024.yaml viser alle)",
     "line 2 awareness.respondents: the number 10000000000000000000… is too large: at most 15 digits (+1 more; "
     "hubmonitor validate external-2024.yaml shows them all)"),
]


@pytest.mark.parametrize(("text", "validated", "evaluated", "evaluated_en"), R06_CASES,
                         ids=["nan", "baddate", "hugeint"])
def test_r06_external_yaml_values_that_cannot_be_read_are_messages(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, validated: str, evaluated: str,
        evaluated_en: str) -> None:
    data = make_data(tmp_path / "data", external=text)
    monkeypatch.chdir(data)
    code, _, stderr = validate("external-2024.yaml")
    assert (code, stderr.splitlines()[:2]) == (1, ["Datafilen kan ikke bruges:", validated])
    with pytest.raises(DataError) as info:
        load_dataset(data)
    assert str(info.value) == f"external-2024.yaml: {evaluated} / {evaluated_en}"
    result = CliRunner().invoke(main, ["evaluate", str(MIDTJYLLAND), "--data", str(data)])
    assert (result.exit_code, result.stderr) == (1, f"Fejl: external-2024.yaml: {evaluated}\n")
    result = CliRunner().invoke(main, ["evaluate", "--lang", "en", str(MIDTJYLLAND), "--data", str(data)])
    assert (result.exit_code, result.stderr) == (1, f"Error: external-2024.yaml: {evaluated_en}\n")


def test_r06_impossible_date_in_a_contract_is_a_message(here: Path) -> None:
    text = hub_text() + "adopted: 2024-02-30\n"
    problem, = contract_problems(write(HUB, text))
    assert located([problem]) == [(HUB, line_of(text, "adopted:"), "adopted")]
    assert problem.text() == (f"{HUB}:{line_of(text, 'adopted:')} adopted: ugyldig dato '2024-02-30': den findes "
                              "ikke i kalenderen (skriv ÅÅÅÅ-MM-DD)")
    assert problem.text("en").endswith("adopted: invalid date '2024-02-30': no such day in the calendar "
                                       "(write YYYY-MM-DD)")


def test_every_value_yaml_cannot_take_is_listed_with_its_line(here: Path) -> None:
    extra = ("odd:\n"
             "  big: -1" + "0" * 20 + "\n"  # too large, quoted in short
             "  nan: .NaN\n"
             "  inf: -.inf\n"
             "  exp: 1.0e+400\n"  # too large for a float: infinite
             "  base60: " + "1:" * 40 + "1\n"  # YAML 1.1 base-60, too long to compute
             "  when: 2023-13-01\n"
             "  flag: !!bool maybe\n"
             "  fine: 123456789012345\n"  # 15 digits: a number
             "  long: 1234567890123456\n")
    text = hub_text() + extra
    found = contract_problems(write(HUB, text))
    at = line_of(text, "odd:")
    assert [p.text("en") for p in found] == [
        f"{HUB}:{at + 1} odd.big: the number -100000000000000000000 is too large: at most 15 digits",
        f"{HUB}:{at + 2} odd.nan: must be a finite number, not nan",
        f"{HUB}:{at + 3} odd.inf: must be a finite number, not -inf",
        f"{HUB}:{at + 4} odd.exp: must be a finite number, not inf",
        f"{HUB}:{at + 5} odd.base60: the number 1:1:1:1:1:1:1:1:1:1:… is too long: at most 64 characters",
        f"{HUB}:{at + 6} odd.when: invalid date '2023-13-01': no such day in the calendar (write YYYY-MM-DD)",
        f"{HUB}:{at + 7} odd.flag: invalid value 'maybe' for !!bool",
        f"{HUB}:{at + 9} odd.long: the number 1234567890123456 is too large: at most 15 digits",
    ]


def test_fifteen_digits_are_a_number(tmp_path: Path) -> None:
    doc = read_yaml(Path(write(tmp_path / "n.yaml", "a: 999999999999999\nb: -0.5e+15\nc: 0751\n")), "n.yaml")
    assert doc.data == {"a": 999_999_999_999_999, "b": -0.5e15, "c": "0751"}


def test_refused_values_can_be_collected_instead(tmp_path: Path) -> None:
    doc = read_yaml(Path(write(tmp_path / "c.yaml", "a: .inf\nb: [2024-02-30, 3]\n")), "c.yaml", collect=True)
    assert doc.data == {"a": REJECTED, "b": [REJECTED, 3]}
    assert located(doc.problems) == [("c.yaml", 1, "a"), ("c.yaml", 2, "b[0]")]


@pytest.mark.parametrize(("text", "line", "message"), [
    ("a: 1\nb: x\x00y\n", 2, "tegnet U+0000 er ikke tilladt i YAML / the character U+0000 is not allowed in YAML"),
    ("a: 1\n? [x, y]\n: 2\n", 2, "en nøgle skal være tekst eller et tal"),
    ("a: !python/object:os.system x\n", 1, "YAML-syntaksfejl: could not determine a constructor for the tag "
                                           "'!python/object:os.system' / YAML syntax error: could not determine a "
                                           "constructor for the tag '!python/object:os.system'"),
])
def test_yaml_a_reader_cannot_take_names_its_line(tmp_path: Path, text: str, line: int, message: str) -> None:
    with pytest.raises(ContractError) as info:
        read_yaml(Path(write(tmp_path / "y.yaml", text)), "y.yaml")
    assert [(p.line, p.message) for p in info.value.problems] == [(line, message)]


def test_keys_that_yaml_cannot_construct_stay_text(tmp_path: Path) -> None:
    text = "2024-02-30: a\n1" + "0" * 30 + ": b\ntrue: c\n"
    doc = read_yaml(Path(write(tmp_path / "k.yaml", text)), "k.yaml")
    assert doc.data == {"2024-02-30": "a", "1" + "0" * 30: "b", "true": "c"}  # as written (not "True")


def test_utf16_with_its_bom_is_read(here: Path) -> None:
    (here / HUB).write_bytes(hub_text().encode("utf-16"))
    assert load_contract(HUB).id == "midtjylland-2024"


def test_messages_quote_only_an_excerpt_of_a_long_value(here: Path) -> None:
    text = hub_text().replace("erhvervshus: Midtjylland", "erhvervshus: " + "x" * 5000)
    problem = contract_problems(write(HUB, text))[0]  # then: the allocation's municipalities are no hub's
    assert problem.message.startswith("intet erhvervshus 'xxxxxxxxxxxxxxxxxxxxxxxxxxxx… i referencedata; kendte: ")
    key = "k" * 1000  # YAML's longest plain key
    text = hub_text() + f"{key}: 1\n{key}: 2\n"
    problem, = contract_problems(write(HUB, text))
    assert problem.path == "k" * 39 + "…"
    assert len(problem.text()) < 200


def test_a_yaml_file_is_read_inside_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(text: str, name: str) -> None:
        raise RuntimeError("unforeseen")

    monkeypatch.setattr(yaml_source, "_compose", broken)
    forget_last_read()
    with pytest.raises(RuntimeError):
        read_yaml(Path(write(tmp_path / "r.yaml", "a: 1\n")), "r.yaml")
    assert last_read() == "r.yaml"  # the command line's last-resort guard names it
    forget_last_read()


# --- R12: impossible numbers in contracts -----------------------------------------------------


@pytest.mark.parametrize(("value", "shown"), [(".nan", "nan"), (".inf", "inf"), ("-.inf", "-inf")])
def test_r12_nan_and_inf_thresholds_are_validate_errors(here: Path, value: str, shown: str) -> None:
    text = hub_text().replace("threshold: 5000", f"threshold: {value}")
    write(HUB, text)
    code, stdout, stderr = validate(HUB, "--lang", "en")
    assert (code, stdout) == (1, "")
    assert stderr == (f"The contract cannot be used:\n{HUB}:{line_of(text, 'threshold: ' + value)} "
                      f"targets[2].threshold: must be a finite number, not {shown}\n")


def test_r12_share_baseline_written_as_a_percentage_is_a_validate_error_with_a_hint(here: Path) -> None:
    text = hub_text().replace("green_awareness_2020: 0.60", "green_awareness_2020: 60")
    write(HUB, text)
    code, _, stderr = validate(HUB)
    assert code == 1
    assert stderr == ("Kontrakten kan ikke bruges:\n"
                      f"{HUB}:{line_of(text, 'green_awareness_2020: 60')} baselines.green_awareness_2020: "
                      "basislinjen green_awareness_2020 skal være mellem 0 og 1 (en andel), ikke 60; skriv 0.60 for "
                      "60 % (M5.green_awareness har unit: share)\n")
    assert validate(HUB, "--lang", "en")[2].splitlines()[1].endswith(
        "the baseline green_awareness_2020 must be between 0 and 1 (a share), not 60; write 0.60 for 60 % "
        "(M5.green_awareness has unit: share)")


def test_baseline_plus_change_must_stay_a_share(here: Path) -> None:
    text = hub_text().replace("green_awareness_2020: 0.60", "green_awareness_2020: 0.95")
    problem, = contract_problems(write(HUB, text))
    assert located([problem]) == [(HUB, line_of(text, "green_awareness_2020: 0.95"), "baselines.green_awareness_2020")]
    assert problem.message_en == ("the baseline green_awareness_2020 plus change 0.1 must be between 0 and 1 "
                                  "(a share), not 1.05 (M5.green_awareness)")


def test_share_threshold_written_as_a_percentage_gets_the_hint(tmp_path: Path) -> None:
    path = write_contract(tmp_path, [target("T.share", "share", 70, answer="effect", success=["I høj grad"])])
    problem, = contract_problems(str(path))
    assert problem.message == "threshold skal være mellem 0 og 1 (en andel), ikke 70; skriv 0.70 for 70 %"


def test_r12_negative_allocation_amount_is_a_validate_error(here: Path) -> None:
    text = hub_text().replace("Favrskov: 1515", "Favrskov: -1515")
    problem, = contract_problems(write(HUB, text))
    assert located([problem]) == [(HUB, line_of(text, "Favrskov: -1515"), "targets[7].table.Favrskov")]
    assert (problem.message, problem.message_en) == ("et beløb kan ikke være negativt (-1515)",
                                                     "an amount cannot be negative (-1515)")


def test_r12_results_json_is_valid_json_and_a_non_finite_number_is_an_error() -> None:
    report = run(MIDTJYLLAND, SAMPLE)

    def refuse(constant: str) -> None:
        raise AssertionError(f"invalid JSON constant {constant}")

    assert json.loads(dumps(report), parse_constant=refuse)["contract_id"] == "midtjylland-2024"
    broken = report.model_copy(update={"targets": [report.targets[0].model_copy(update={"target": float("nan")}),
                                                   *report.targets[1:]]})
    with pytest.raises(DataError) as info:
        dumps(broken)
    assert info.value.code == "non-finite-number"
    assert info.value.message.endswith("/ the results hold a number that is not finite at targets[0].target; "
                                       "nothing written")


# --- R13: impossible external figures ---------------------------------------------------------


@pytest.mark.parametrize(("change", "message"), [
    (("aware: 631", "aware: 1500"),
     "linje 3 awareness.aware: aware (1500) er større end respondents (1180)"),
    (("respondents: 1180", "respondents: -1180"),
     "linje 2 awareness.respondents: skal være et antal (et helt tal, 0 eller mere), ikke -1180"),
    (("revenue_growth_pp: 11.2", "revenue_growth_pp: .inf"),
     "linje 8 effect_study.revenue_growth_pp: skal være et endeligt tal, ikke inf"),
], ids=["gt", "neg", "inf"])
def test_r13_impossible_external_figures_are_refused_with_their_line(
        tmp_path: Path, change: tuple[str, str], message: str) -> None:
    data = tmp_path / "data"
    shutil.copytree(SAMPLE, data)
    external = data / "external-2024.yaml"
    external.write_text(external.read_text(encoding="utf-8").replace(*change), encoding="utf-8")
    result = CliRunner().invoke(main, ["evaluate", str(MIDTJYLLAND), "--data", str(data)])
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == f"Fejl: external-2024.yaml: {message}\n"


def _survey(tmp_path: Path, external: str, **fields: object) -> tuple[Path, Path]:
    contract = write_contract(tmp_path, [target("T.rate", "external", 0.5, **fields)])
    return contract, make_data(tmp_path / "data", external=external)


@pytest.mark.parametrize(("external", "message"), [
    ("survey:\n  asked: 100\n  agreed: 150\n",
     "linje 3 survey.agreed: survey.agreed (150) er større end survey.asked (100), som T.rate deler med "
     "/ line 3 survey.agreed: survey.agreed (150) is larger than survey.asked (100), which T.rate divides by"),
    ("survey:\n  asked: -100\n  agreed: -50\n",
     "linje 3 survey.agreed: skal være et antal (et helt tal, 0 eller mere), ikke -50: T.rate regner "
     "survey.agreed / survey.asked som en andel / line 3 survey.agreed: must be a count (a whole number, 0 or "
     "more), not -50: T.rate takes survey.agreed / survey.asked as a share"),
    ("survey:\n  asked: 100\n  agreed: 12.5\n",
     "linje 3 survey.agreed: skal være et antal (et helt tal, 0 eller mere), ikke 12.5: T.rate regner "
     "survey.agreed / survey.asked som en andel / line 3 survey.agreed: must be a count (a whole number, 0 or "
     "more), not 12.5: T.rate takes survey.agreed / survey.asked as a share"),
])
def test_every_part_whole_pair_a_contract_reads_is_checked(tmp_path: Path, external: str, message: str) -> None:
    contract, data = _survey(tmp_path, external, numerator="survey.agreed", denominator="survey.asked")
    with pytest.raises(DataError) as info:
        run(contract, data)
    assert str(info.value) == f"external-2024.yaml: {message}"


def test_a_share_figure_outside_0_and_1_is_refused(tmp_path: Path) -> None:
    contract, data = _survey(tmp_path, "survey:\n  share: 60\n", figure="survey.share")
    with pytest.raises(DataError) as info:
        run(contract, data)
    assert str(info.value) == (
        "external-2024.yaml: linje 2 survey.share: survey.share (T.rate har unit: share) skal være mellem 0 og "
        "1 (en andel), ikke 60; skriv 0.60 for 60 % / line 2 survey.share: survey.share (T.rate has unit: share) "
        "must be between 0 and 1 (a share), not 60; write 0.60 for 60 %")
    contract, data = _survey(tmp_path, "survey:\n  share: {value: 0.5, low: -0.1, high: 0.9}\n",
                             figure="survey.share")
    with pytest.raises(DataError, match=r"linje 2 survey\.share: survey\.share\.low \(T\.rate har unit: share\) "
                                        r"skal være mellem 0 og 1 \(en andel\), ikke -0\.1 /"):
        run(contract, data)


def test_a_fair_part_of_a_whole_is_still_judged(tmp_path: Path) -> None:
    contract, data = _survey(tmp_path, "survey:\n  asked: 200\n  agreed: 110\n",
                             numerator="survey.agreed", denominator="survey.asked")
    rate = run(contract, data).target("T.rate")
    assert (rate.value, rate.numerator, rate.denominator, rate.status) == (110 / 200, 110, 200, "met")


def test_a_broken_link_named_hubmonitor_yaml_is_not_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "data").mkdir()
    os.symlink(tmp_path / "gone.yaml", tmp_path / "data" / "hubmonitor.yaml")
    with pytest.raises(ContractError) as info:
        profile_for(tmp_path / "data")
    assert [p.text() for p in info.value.problems] == ["data/hubmonitor.yaml: filen findes ikke"]


@pytest.mark.parametrize(("extends", "message"), [
    # a NUL written as a YAML escape: a control character, refused in any text (a review of 7 December 2026)
    ('"../national/\\0x.yaml"', "teksten har tegnet U+0000, som ikke vises, men gør teksten anderledes, end den ser ud "
        "(et styretegn, et usynligt tegn eller en skriveretning); slet det"),
    ('"' + "a" * 5000 + '"', None)])
def test_an_extends_that_cannot_be_a_path_is_a_message(here: Path, extends: str, message: str | None) -> None:
    text = hub_text().replace("extends: ../national/2024.yaml", f"extends: {extends}")
    problem, = contract_problems(write(HUB, text))
    assert located([problem]) == [(HUB, line_of(text, "extends:"), "extends")]
    if message is not None:
        assert problem.message == message
        return
    assert problem.message.endswith(" kan ikke bruges som filsti")
    assert len(problem.message) < 60


@pytest.mark.parametrize(("spec", "message"), [
    ("z" * 300, "ukendt profil 'zzzzzzzzzzzzzzzzzzzzzzzzzzzz…; indbyggede profiler: canonical, escrm-excel"),
    ("x\0.yaml", "ugyldigt filnavn"),
])
def test_a_profile_name_that_cannot_be_a_file_is_a_message(here: Path, spec: str, message: str) -> None:
    with pytest.raises(ContractError) as info:
        load_profile(spec)
    assert [p.message for p in info.value.problems] == [message]


# --- both parsers: libyaml's (where installed) and PyYAML's own give the same documents and refusals ----


@pytest.fixture(params=["c", "python"])
def parser(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Read with PyYAML's C parser (when the machine has libyaml) or its pure-Python one."""
    if request.param == "python":
        monkeypatch.setattr(yaml_source, "_CLoader", None)
    elif yaml_source._CLoader is None:
        pytest.skip("PyYAML without libyaml on this machine")
    return str(request.param)


@pytest.mark.parametrize("name", ["contracts/midtjylland/2024.yaml", "contracts/national/2024.yaml",
                                  "data/sample/midtjylland-2024/external-2024.yaml"])
def test_both_parsers_read_the_same_document(parser: str, name: str) -> None:
    doc = read_yaml(REPO / name, name)
    with pytest.MonkeyPatch.context() as m:  # the pure-Python parser's reading, to compare with
        m.setattr(yaml_source, "_CLoader", None)
        python = read_yaml(REPO / name, name)
    assert (doc.data, doc.lines) == (python.data, python.lines)


ANCHORS = "YAML anchors and aliases are not allowed"  # text("en"): the English half


@pytest.mark.parametrize(("text", "line", "message"), [
    (nested_block(MAX_DEPTH), MAX_DEPTH + 1, "the YAML is nested more than 50 levels deep"),
    (nested_flow(MAX_DEPTH), 1, "the YAML is nested more than 50 levels deep"),
    ("a: 1\nb: &x [1]\nc: *x\n", 2, ANCHORS),
    ("a: 1\nb: [1]\nc: *x\n", 3, ANCHORS),
])
def test_both_parsers_refuse_alike(tmp_path: Path, parser: str, text: str, line: int, message: str) -> None:
    with pytest.raises(ContractError) as info:
        read_yaml(Path(write(tmp_path / "x.yaml", text)), "x.yaml")
    assert [p.text("en") for p in info.value.problems] == [f"x.yaml:{line}: {message}"]


def test_both_parsers_count_values(tmp_path: Path, parser: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yaml_source, "MAX_NODES", 10)
    assert read_yaml(Path(write(tmp_path / "fine.yaml", "x: [1, 2, 3, 4, 5, 6, 7]\n")), "f").data is not None
    with pytest.raises(ContractError) as info:
        read_yaml(Path(write(tmp_path / "many.yaml", "x: [1, 2, 3, 4, 5, 6, 7, 8]\n")), "many.yaml")
    assert [p.text("en") for p in info.value.problems] == ["many.yaml:1: the file holds more than 10 values"]


@pytest.mark.parametrize(("text", "danish"), [
    ("a:\n  b: 1\n c: 2\n", "en nøgle var ventet her (er linjen rykket forkert ind?)"),
    ("a: [1, 2\nb: 3\n", "komma eller ']' mangler i listen [ … ]"),
    ("a:\n\tb: 1\n", "et tegn her kan ikke begynde en værdi (en tabulator? Ryk ind med mellemrum; eller skal "
                     "teksten i anførselstegn?)"),
    ('a: "abc\n', "filen slutter midt i en værdi (mangler et afsluttende anførselstegn?)"),
    ("a:\n  - 1\n  b: 2\n", "et '-' var ventet (er en linje i listen rykket forkert ind?)"),
])
def test_a_syntax_error_is_told_in_danish_with_its_usual_cause(tmp_path: Path, text: str, danish: str) -> None:
    """A language review: a contract writer's YAML mistake was told in the parser's English only."""
    path = tmp_path / "kontrakt.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ContractError) as caught:
        read_yaml(path)
    (problem,) = caught.value.problems
    assert problem.message == f"YAML-syntaksfejl: {danish}"
    assert (problem.message_en or "").startswith("YAML syntax error: ")
