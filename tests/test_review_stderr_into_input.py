"""What was left on 7 December 2026, evening, of what a file-system tester found, taken up: standard error
sent into a file the run reads (``2>> data/evaluations.csv``, ``validate F 2>> F``) was not refused, and
a refusal written there would have broken the file. It is now refused before anything is written, said
on standard output instead; where standard output goes into an input too, nothing is said at all and the
exit code tells. Real processes: the streams are the files the shell would open."""

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
    run = _run(["evaluate", str(CONTRACT), "--data", str(data)], tmp_path, stderr_into=read)
    assert run.returncode == 1
    assert run.stdout.decode() == (f"Fejl [output-refused]: {read}: standardfejl sendes til filen i datamappen, som "
                                   "kørslen læser; send den uden for datamappen\n")
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
    assert run.stdout.decode() == (f"Fejl [output-refused]: {contract}: standardfejl sendes til filen, som er filen, "
                                   "der valideres, som kørslen læser; send den et andet sted hen\n")


def test_standard_error_into_another_file_is_written_as_before(tmp_path: Path) -> None:
    log = tmp_path / "log.txt"
    run = _run(["evaluate", str(CONTRACT), "--data", str(tmp_path / "missing")], tmp_path, stderr_into=log)
    assert run.returncode == 1 and run.stdout == b""
    assert log.read_text(encoding="utf-8").startswith("Fejl")
