"""What was left on 7 December 2026, evening, of what a file-system tester found, taken up: standard error
sent into a file the run reads (``2>> data/evaluations.csv``, ``validate F 2>> F``) was not refused, and
a refusal written there would have broken the file. It is now refused before anything is written, said
on standard output instead (in both languages: before the command line is read); where standard output
goes into an input too, nothing is said at all and the exit code tells. A second review found a contract
refused, a usage error and a dashboard's bad ``--out`` still written there: a file the command line names,
or one in a folder it names, is now looked for before the command line is parsed. Real processes: the
streams are the files the shell would open."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CONTRACT = ROOT / "contracts" / "midtjylland" / "2024.yaml"


def _run(args: list[str], cwd: Path, *, stderr_into: Path,
         stdout_into: Path | None = None) -> subprocess.CompletedProcess[bytes]:
    with stderr_into.open("ab") as err:
        out = stdout_into.open("ab") if stdout_into is not None else None
        try:
            return subprocess.run([sys.executable, "-m", "hubmonitor.cli", *args], cwd=cwd, stderr=err,
                                  stdout=out if out is not None else subprocess.PIPE)
        finally:
            if out is not None:
                out.close()


def test_standard_error_into_the_data_folder_is_refused_on_standard_output(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data" / "sample" / "midtjylland-2024", data)
    read = data / "evaluations.csv"
    before = read.read_bytes()
    said = (f"Fejl [output-refused]: {read}: standardfejl sendes til filen i en mappe, som kommandoen nævner; send "
            f"den et andet sted hen / Error [output-refused]: {read}: standard error is sent to the file in a folder "
            "the command names; send it elsewhere\n")
    bad = tmp_path / "bad.yaml"  # a contract refused before the run's inputs are known
    bad.write_text("document: contract\nhub: x\n", encoding="utf-8")
    for args in (["evaluate", str(CONTRACT), "--data", str(data)], ["evaluate", str(bad), f"--data={data}"],
                 ["evaluate", str(CONTRACT), "--data", str(data), "--as-of", "2024-13-01"],  # a usage error
                 ["evaluate", str(CONTRACT), "--data", str(data), "--jsn", "x"]):
        run = _run(args, tmp_path, stderr_into=read)
        assert (run.returncode, run.stdout.decode()) == (1, said)
        assert read.read_bytes() == before
    # both streams into it: nothing said, nothing written, the exit code tells
    run = _run(["evaluate", str(CONTRACT), "--data", str(data), "--json", "-"], tmp_path, stderr_into=read,
               stdout_into=read)
    assert run.returncode == 1 and read.read_bytes() == before


def test_standard_error_into_the_contract_validated_is_refused(tmp_path: Path) -> None:
    contract = tmp_path / "2024.yaml"
    shutil.copy(CONTRACT, contract)
    before = contract.read_bytes()
    run = _run(["validate", str(contract)], tmp_path, stderr_into=contract)
    assert (run.returncode, contract.read_bytes()) == (1, before)
    assert run.stdout.decode().startswith(f"Fejl [output-refused]: {contract}: standardfejl sendes til en fil, som "
                                          "kommandoen nævner; send den et andet sted hen / Error")


def test_standard_error_into_an_input_the_command_line_does_not_name_is_refused_by_the_run(tmp_path: Path) -> None:
    """The framework a contract extends is read, not named: the run's own check says it is the framework."""
    shutil.copytree(ROOT / "contracts", tmp_path / "contracts")
    framework = tmp_path / "contracts" / "national" / "2024.yaml"
    before = framework.read_bytes()
    run = _run(["evaluate", str(tmp_path / "contracts" / "midtjylland" / "2024.yaml"), "--data",
                str(ROOT / "data" / "sample" / "midtjylland-2024")], tmp_path, stderr_into=framework)
    assert (run.returncode, framework.read_bytes()) == (1, before)
    assert run.stdout.decode() == ("Fejl [output-refused]: contracts/national/2024.yaml: standardfejl sendes til "
                                   "rammeaftalen, som kørslen læser; send den et andet sted hen\n")  # (from the cwd)


def test_a_dashboards_bad_out_is_not_said_into_the_results_it_reads(tmp_path: Path) -> None:
    results = tmp_path / "r.json"
    shutil.copy(ROOT / "tests" / "fixtures" / "recorded" / next(
        p.name for p in (ROOT / "tests" / "fixtures" / "recorded").glob("*.json")), results)
    (tmp_path / "notafolder").write_text("x", encoding="utf-8")
    before = results.read_bytes()
    run = _run(["dashboard", str(results), "--out", str(tmp_path / "notafolder")], tmp_path, stderr_into=results)
    assert (run.returncode, results.read_bytes()) == (1, before)


def test_standard_error_into_another_file_is_written_as_before(tmp_path: Path) -> None:
    log = tmp_path / "log.txt"
    run = _run(["evaluate", str(CONTRACT), "--data", str(tmp_path / "missing")], tmp_path, stderr_into=log)
    assert run.returncode == 1 and run.stdout == b""
    assert log.read_text(encoding="utf-8").startswith("Fejl")


def test_a_refused_contracts_framework_gets_no_refusal(tmp_path: Path) -> None:
    """A third review: a contract refused before its framework is read (``hub: ""``) wrote its refusal into
    the framework standard error was sent to (``2>> contracts/national/2024.yaml``), for validate and
    evaluate alike. The file a contract extends is now one the run reads from the moment the contract is."""
    shutil.copytree(ROOT / "contracts", tmp_path / "contracts")
    framework = tmp_path / "contracts" / "national" / "2024.yaml"
    bad = tmp_path / "contracts" / "midtjylland" / "bad.yaml"
    bad.write_text((tmp_path / "contracts" / "midtjylland" / "2024.yaml").read_text(encoding="utf-8")
                   .replace("hub: Erhvervshus Midtjylland", 'hub: ""'), encoding="utf-8")
    before = framework.read_bytes()
    for args in (["validate", str(bad)], ["evaluate", str(bad), "--data", str(ROOT / "data" / "sample" /
                                                                           "midtjylland-2024")]):
        run = _run(args, tmp_path, stderr_into=framework)
        assert (run.returncode, framework.read_bytes()) == (1, before)
        assert run.stdout.decode().startswith("Kontrakten kan ikke bruges:\n")
