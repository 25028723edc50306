"""Issue 16, points 1 and 9: output paths (R01, R11) and results that do not depend on the
working directory (docs/decisions.md, "Hostile input").

Every refusal is checked before anything is read or written: the path keeps what it was (a
device stays a device, an input keeps its bytes) and no temporary file is left. A write that
fails (a full disk, no permission) says so in one line and leaves the old file.
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
import shutil
import socket
import stat
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from helpers import MIDTJYLLAND, REPO, SAMPLE

from hubmonitor.cli import main

NATIONAL = REPO / "contracts" / "national" / "2024.yaml"
CANONICAL = REPO / "hubmonitor" / "profile" / "builtin" / "canonical.yaml"


def run(*args: object) -> Result:
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result


def one_line(result: Result, *parts: str) -> str:
    """The run stopped with exit 1 and one line on stderr holding every part."""
    assert result.exit_code == 1, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    for part in parts:
        assert part in lines[0], lines[0]
    assert "Traceback" not in result.output
    return lines[0]


def temporaries(*folders: Path) -> list[str]:
    return sorted(p.name for folder in folders if folder.is_dir() for p in folder.iterdir()
                  if p.name.startswith(".hubmonitor") or p.name.endswith(".tmp"))


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return Path(shutil.copytree(SAMPLE, tmp_path / "data"))


@pytest.fixture
def contract(tmp_path: Path) -> Path:
    """A copy of Midtjylland's 2024 contract and the framework it extends, in their folders."""
    (tmp_path / "c" / "midtjylland").mkdir(parents=True)
    (tmp_path / "c" / "national").mkdir()
    shutil.copy(NATIONAL, tmp_path / "c" / "national" / "2024.yaml")
    return Path(shutil.copy(MIDTJYLLAND, tmp_path / "c" / "midtjylland" / "2024.yaml"))


def snapshot(*folders: Path) -> dict[str, bytes]:
    return {str(p): p.read_bytes() for folder in folders for p in sorted(folder.rglob("*")) if p.is_file()}


# --- R01: what an output path may not be ----------------------------------------------------------

def _special(tmp_path: Path, kind: str) -> Path:
    path = tmp_path / f"out-{kind}"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "socket":
        with socket.socket(socket.AF_UNIX) as sock:
            sock.bind(str(path))
    elif kind == "folder":
        path.mkdir()
    elif kind == "device":
        if os.geteuid() != 0:
            pytest.skip("making a device needs root")
        os.mknod(path, stat.S_IFCHR | 0o600, os.makedev(1, 3))  # a replica of /dev/null
    elif kind == "link-to-file":
        (tmp_path / "real.json").write_text("old\n", encoding="utf-8")
        path.symlink_to(tmp_path / "real.json")
    elif kind == "link-to-device":
        path.symlink_to("/dev/zero")
    elif kind == "link-to-folder":
        path.symlink_to(tmp_path)
    elif kind == "dangling-link":
        path.symlink_to(tmp_path / "nowhere.json")
    return path


SPECIAL = {
    "fifo": "er en FIFO (navngivet pipe); hubmonitor skriver kun almindelige filer",
    "socket": "er en socket; hubmonitor skriver kun almindelige filer",
    "folder": "er en mappe; angiv en fil",
    "device": "er en tegnenhed (fx /dev/zero); hubmonitor skriver kun almindelige filer",
    "link-to-file": "er et symbolsk link til en fil (",
    "link-to-device": "er et symbolsk link til en tegnenhed (fx /dev/zero) (/dev/zero); angiv selve filen",
    "link-to-folder": "er et symbolsk link til en mappe (",
    "dangling-link": "er et symbolsk link til ",
}


@pytest.mark.parametrize("kind", sorted(SPECIAL))
def test_r01_output_that_is_a_device_fifo_socket_folder_or_link_is_refused(tmp_path: Path, kind: str) -> None:
    path = _special(tmp_path, kind)
    before = os.lstat(path)
    result = run("evaluate", MIDTJYLLAND, "--data", SAMPLE, "--json", path)
    one_line(result, f"Fejl [output-refused]: --json {path}: {SPECIAL[kind]}")
    after = os.lstat(path)
    assert (stat.S_IFMT(after.st_mode), after.st_ino) == (stat.S_IFMT(before.st_mode), before.st_ino)
    if kind == "link-to-file":
        assert (tmp_path / "real.json").read_text(encoding="utf-8") == "old\n"
    assert run("check-data", SAMPLE, "--csv", path).exit_code == 1
    assert os.lstat(path).st_ino == before.st_ino
    assert temporaries(tmp_path) == []


def test_r01_a_dangling_link_names_what_is_missing(tmp_path: Path) -> None:
    path = _special(tmp_path, "dangling-link")
    one_line(run("evaluate", MIDTJYLLAND, "--data", SAMPLE, "--json", path),
             f"er et symbolsk link til {tmp_path / 'nowhere.json'}, som ikke findes")
    assert not (tmp_path / "nowhere.json").exists()


@pytest.mark.parametrize(("which", "expected"), [
    ("data file", "er filen crm_activities_2024.csv i datamappen, som kørslen læser; vælg en anden sti"),
    ("external file", "er filen external-2024.yaml i datamappen, som kørslen læser"),
    ("contract", "er kontrakten, som kørslen læser; vælg en anden sti"),
    ("framework", "er rammeaftalen, som kørslen læser; vælg en anden sti"),
    ("profile", "er profilen, som kørslen læser; vælg en anden sti"),
    ("hard link", "er filen evaluations.csv i datamappen, som kørslen læser"),
    ("new file in the data folder", "ligger i datamappen "),
    ("file in a subfolder of the data folder", "ligger i datamappen "),
])
def test_r01_output_that_is_an_input_of_the_run_is_refused(tmp_path: Path, data: Path, contract: Path,
                                                           which: str, expected: str) -> None:
    profile = Path(shutil.copy(CANONICAL, tmp_path / "profile.yaml"))
    if which == "hard link":
        os.link(data / "evaluations.csv", tmp_path / "linked.json")
    path = {"data file": data / "crm_activities_2024.csv", "external file": data / "external-2024.yaml",
            "contract": contract, "framework": tmp_path / "c" / "national" / "2024.yaml",
            "profile": profile, "hard link": tmp_path / "linked.json",
            "new file in the data folder": data / "results.json",
            "file in a subfolder of the data folder": data / "ud" / "results.json"}[which]
    before = snapshot(tmp_path)
    result = run("evaluate", contract, "--data", data, "--profile", profile, "--json", path)
    one_line(result, f"--json {path}: {expected}")
    assert result.stdout == ""  # refused before anything was read
    if which != "contract" and which != "framework":
        one_line(run("check-data", data, "--profile", profile, "--csv", path), f"--csv {path}: {expected}")
    assert snapshot(tmp_path) == before
    assert temporaries(tmp_path, data) == []


def test_r01_the_profile_a_data_folder_names_is_an_input(tmp_path: Path, data: Path) -> None:
    profile = Path(shutil.copy(CANONICAL, tmp_path / "profil.yaml"))
    (data / "hubmonitor.yaml").write_text("profile: ../profil.yaml\n", encoding="utf-8")
    one_line(run("check-data", data, "--json", profile), f"--json {profile}: er profilen, som kørslen læser")
    assert profile.read_bytes() == CANONICAL.read_bytes()


def test_r01_two_outputs_on_one_file_are_refused(tmp_path: Path) -> None:
    out = tmp_path / "q.txt"
    one_line(run("check-data", SAMPLE, "--json", out, "--csv", out),
             f"--csv {out}: er samme fil som --json {out}")
    assert not out.exists()


def test_r01_dash_is_standard_output_and_the_report_goes_to_stderr(tmp_path: Path) -> None:
    to_file = run("evaluate", MIDTJYLLAND, "--data", SAMPLE, "--json", tmp_path / "r.json")
    assert to_file.exit_code == 0, to_file.output
    piped = run("evaluate", MIDTJYLLAND, "--data", SAMPLE, "--json", "-")
    assert piped.exit_code == 0, piped.output
    assert piped.stdout == (tmp_path / "r.json").read_text(encoding="utf-8")  # the JSON and nothing else
    assert to_file.stdout in piped.stderr  # the table, on standard error
    assert "Resultater skrevet til" not in piped.stderr


def test_r01_check_data_dash_for_the_csv_or_the_json(tmp_path: Path) -> None:
    csv = run("check-data", SAMPLE, "--csv", "-")
    assert csv.exit_code == 0, csv.output
    assert csv.stdout_bytes.startswith(b"\xef\xbb\xbf")  # the CSV for Excel, byte-order mark first
    assert b"source" in csv.stdout_bytes.splitlines()[0]
    assert csv.stderr.startswith("Profil: canonical\n")
    assert "4 rækker i karantæne skrevet til standardoutput" in csv.stderr
    quality = run("check-data", SAMPLE, "--json", "-", "--csv", tmp_path / "q.csv")
    assert json.loads(quality.stdout)["rows_read"] > 0
    assert (tmp_path / "q.csv").read_bytes() == csv.stdout_bytes
    one_line(run("check-data", SAMPLE, "--json", "-", "--csv", "-"),
             "kun én af dem kan skrive til standardoutput")


def _hubmonitor(*args: str, **kwargs: object) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "hubmonitor.cli", *args], check=False, cwd=REPO,
                          timeout=300, **kwargs)  # type: ignore[call-overload,no-any-return]


@pytest.mark.parametrize("name", ["/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"])
def test_r01_a_path_that_is_our_standard_output_is_standard_output(tmp_path: Path, name: str) -> None:
    if not os.path.exists(name):
        pytest.skip(f"{name} does not exist here")
    piped = _hubmonitor("evaluate", str(MIDTJYLLAND), "--data", str(SAMPLE), "--json", name,
                        stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert piped.returncode == 0, piped.stderr.decode()
    assert json.loads(piped.stdout)["hub"] == "Erhvervshus Midtjylland"
    assert "M8.reach" in piped.stderr.decode()  # the table went to standard error
    # standard output sent to a file and --json naming it: that file holds the JSON alone
    out = tmp_path / "so.txt"
    with out.open("wb") as fh:
        redirected = _hubmonitor("evaluate", str(MIDTJYLLAND), "--data", str(SAMPLE), "--json", str(out),
                                 stdout=fh, stderr=subprocess.PIPE)
    assert redirected.returncode == 0, redirected.stderr.decode()
    assert json.loads(out.read_bytes())["hub"] == "Erhvervshus Midtjylland"


def test_r01_our_standard_error_is_refused(tmp_path: Path) -> None:
    result = _hubmonitor("evaluate", str(MIDTJYLLAND), "--data", str(SAMPLE), "--json", "/dev/stderr",
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert result.returncode == 1
    assert result.stderr.decode().strip() == ("Fejl [output-refused]: --json /dev/stderr: er programmets "
                                              "standardfejl; brug - for standardoutput")
    assert result.stdout == b""


# --- R11: places that cannot be written, and failures while writing --------------------------------

def test_r11_an_empty_path_is_refused() -> None:
    for args in (["evaluate", MIDTJYLLAND, "--data", SAMPLE, "--json", ""], ["check-data", SAMPLE, "--csv", ""]):
        one_line(run(*args), "'': tom sti; angiv en fil (eller - for standardoutput)")
    one_line(run("dashboard", REPO / "pyproject.toml", "--out", ""), "--out '': angiv en mappe")


def test_r11_a_path_below_a_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "f").write_text("x", encoding="utf-8")
    below = tmp_path / "f" / "sub" / "r.json"
    expected = f"en del af stien, {tmp_path / 'f'}, er en fil, ikke en mappe"
    one_line(run("evaluate", MIDTJYLLAND, "--data", SAMPLE, "--json", below), f"--json {below}: {expected}")
    one_line(run("check-data", SAMPLE, "--csv", below), expected)
    one_line(run("demo", "--out", tmp_path / "f" / "demo"), f"--out {tmp_path / 'f' / 'demo'}: {expected}")
    one_line(run("dashboard", REPO / "pyproject.toml", "--out", tmp_path / "f"),
             f"--out {tmp_path / 'f'}: er en fil, ikke en mappe")
    assert (tmp_path / "f").read_text(encoding="utf-8") == "x"


@pytest.mark.parametrize(("path", "expected"), [
    ("/proc/version", "ligger i /proc, kernens virtuelle filsystem; skriv til en almindelig mappe"),
    ("/proc/self/status", "ligger i /proc"),
    ("/sys/kernel/hubmonitor.json", "ligger i /sys"),
    ("/dev/hubmonitor-test.json", "ligger i /dev, blandt enhederne; brug - for standardoutput"),
])
def test_r11_kernel_and_device_folders_are_refused(path: str, expected: str) -> None:
    one_line(run("check-data", SAMPLE, "--csv", path), f"--csv {path}: {expected}")
    assert not os.path.exists("/dev/hubmonitor-test.json")


def test_r11_a_folder_that_cannot_be_written_in_is_refused_before_the_run(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    readonly = tmp_path / "ro"
    readonly.mkdir()
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda p, mode, **kw: False if Path(p) == readonly else real_access(p, mode))
    expected = f"mappen {readonly} kan ikke skrives i (skrivebeskyttet eller ingen adgang)"
    result = run("evaluate", MIDTJYLLAND, "--data", SAMPLE, "--json", readonly / "r.json")
    one_line(result, expected)
    assert result.stdout == ""  # before the data was read
    one_line(run("dashboard", REPO / "pyproject.toml", "--out", readonly / "dash"), expected)
    assert list(readonly.iterdir()) == []


def _disk_full(fd: int) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


def test_r11_a_full_disk_is_one_line_and_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "r.json"
    out.write_text('{"old": 1}\n', encoding="utf-8")  # (a JSON object: the only kind --json replaces)
    monkeypatch.setattr(os, "fsync", _disk_full)  # fails after the bytes are written
    one_line(run("evaluate", MIDTJYLLAND, "--data", SAMPLE, "--json", out),
             f"Fejl [cannot-write]: {out}: kan ikke skrives: disken er fuld")
    one_line(run("check-data", SAMPLE, "--csv", tmp_path / "q.csv"), "kan ikke skrives: disken er fuld")
    assert out.read_text(encoding="utf-8") == '{"old": 1}\n'
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.json"]  # no temporary file, no q.csv


def test_r11_no_permission_while_writing_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refused(*args: object, **kwargs: object) -> tuple[int, str]:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr("hubmonitor.io.atomic._create_file", refused)  # making the temporary file is refused
    one_line(run("evaluate", MIDTJYLLAND, "--data", SAMPLE, "--json", tmp_path / "r.json"),
             f"{tmp_path / 'r.json'}: kan ikke skrives: ingen adgang")
    assert list(tmp_path.iterdir()) == []


def test_temporary_files_of_a_killed_write_are_removed_by_the_next(tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    ours = tmp_path / ".hubmonitor-r.json-abcd1234.tmp"
    kept = [tmp_path / ".r.json.k2j4h5g6.tmp",  # mkstemp's form (before issue 16): a user's file may look so
            tmp_path / ".r.json.backup01.tmp",  # review 5: the user's own file
            tmp_path / ".hubmonitor-r.json-busy5678.tmp",  # another run, still writing: its lock is held
            tmp_path / ".hubmonitor-r.json-other123.tmp",  # ours by name, but another user's
            tmp_path / ".hubmonitor-r.json-abcd1234.tmp.x", tmp_path / ".hubmonitor-r.json-abcd123.tmp"]
    for path in (ours, *kept):
        path.write_text("half", encoding="utf-8")
    if os.geteuid() == 0:
        os.chown(kept[3], 65534, 65534)
    else:
        kept.remove(kept[3])
        kept[3].unlink()
    with kept[2].open("rb") as held:
        fcntl.flock(held.fileno(), fcntl.LOCK_EX)
        assert run("evaluate", MIDTJYLLAND, "--data", SAMPLE, "--json", out).exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([p.name for p in kept] + ["r.json"])
    assert all(p.read_text(encoding="utf-8") == "half" for p in kept)


# --- point 9: the results do not depend on the working directory -------------------------------

def test_results_json_is_the_same_from_any_working_directory(tmp_path: Path, data: Path, contract: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "elsewhere" / "deeper").mkdir(parents=True)
    outputs = []
    for cwd, contract_arg, data_arg in [
        (tmp_path, "c/midtjylland/2024.yaml", "data"),                      # relative, from above
        (tmp_path / "elsewhere" / "deeper", str(contract), str(data)),      # absolute, from elsewhere
        (data, "../c/midtjylland/2024.yaml", "."),                          # from inside the data folder
        (contract.parent, "2024.yaml", "../../data/"),                      # from the contract's folder
    ]:
        monkeypatch.chdir(cwd)
        out = tmp_path / f"r{len(outputs)}.json"
        result = run("evaluate", contract_arg, "--data", data_arg, "--json", out)
        assert result.exit_code == 0, result.output
        outputs.append(out.read_bytes())
    assert all(o == outputs[0] for o in outputs[1:])
    doc = json.loads(outputs[0])
    assert doc["contract_files"] == ["2024.yaml", "../national/2024.yaml"]
    assert doc["data_dir"] == "data"
    assert str(tmp_path) not in outputs[0].decode("utf-8")
    # the pages and the workbook built from them say nothing of where the run was made
    monkeypatch.chdir(tmp_path)
    sites = []
    for i in (0, 1):
        assert run("dashboard", tmp_path / f"r{i}.json", "--out", f"site{i}", "--reproducible").exit_code == 0
        sites.append({p.relative_to(tmp_path / f"site{i}").as_posix(): p.read_bytes()
                      for p in sorted((tmp_path / f"site{i}").rglob("*")) if p.is_file()})
    assert sites[0] == sites[1]
    texts = [content.decode("utf-8", "replace") for content in sites[0].values()]
    texts += [zipfile.ZipFile(tmp_path / "site0" / name).read(member).decode("utf-8", "replace")
              for name in sites[0] if name.endswith(".xlsx")
              for member in zipfile.ZipFile(tmp_path / "site0" / name).namelist()]
    assert not [t for t in texts if str(tmp_path) in t or "c/midtjylland" in t]


def test_a_contract_through_a_linked_folder_records_the_same_files(tmp_path: Path, data: Path,
                                                                   contract: Path) -> None:
    (tmp_path / "link").symlink_to(tmp_path / "c")
    docs = []
    for path in (contract, tmp_path / "link" / "midtjylland" / "2024.yaml"):
        out = tmp_path / f"r{len(docs)}.json"
        assert run("evaluate", path, "--data", data, "--json", out).exit_code == 0
        docs.append(json.loads(out.read_bytes()))
    assert docs[0]["contract_files"] == docs[1]["contract_files"] == ["2024.yaml", "../national/2024.yaml"]


# --- dashboard --out -----------------------------------------------------------------------------

@pytest.fixture
def results(tmp_path: Path) -> Path:
    from dashboard_site import history_reports

    from hubmonitor.io.results_json import write_json

    folder = tmp_path / "results"
    for report in history_reports()[:2]:
        write_json(folder / f"{report.contract_id}.json", report)
    return folder


def test_dashboard_keeps_other_files_and_swaps_the_pages_in(tmp_path: Path, results: Path) -> None:
    out = tmp_path / "site"
    assert run("dashboard", *sorted(results.iterdir()), "--out", out).exit_code == 0
    (out / "noter.txt").write_text("mine\n", encoding="utf-8")
    (out / "egne" / "dybere").mkdir(parents=True)
    (out / "egne" / "dybere" / "a.txt").write_text("a\n", encoding="utf-8")
    (out / "assets" / "extra.js").write_text("// mine\n", encoding="utf-8")
    (out / "link.txt").symlink_to("noter.txt")
    (out / ".hubmonitor-index.html-k2j4h5g6.tmp").write_text("half", encoding="utf-8")  # a killed in-place write's
    (out / ".index.html.k2j4h5g6.tmp").write_text("mine", encoding="utf-8")  # looks like mkstemp's, but is not ours
    os.chmod(out, 0o750)
    again = run("dashboard", *sorted(results.iterdir()), "--out", out, "--lang", "en")
    assert again.exit_code == 0, again.output
    assert again.stdout.strip() == str(out / "index.html")
    assert (out / "noter.txt").read_text(encoding="utf-8") == "mine\n"
    assert (out / "egne" / "dybere" / "a.txt").read_text(encoding="utf-8") == "a\n"
    assert (out / "assets" / "extra.js").read_text(encoding="utf-8") == "// mine\n"
    assert os.readlink(out / "link.txt") == "noter.txt"
    assert not (out / ".hubmonitor-index.html-k2j4h5g6.tmp").exists()
    assert (out / ".index.html.k2j4h5g6.tmp").read_text(encoding="utf-8") == "mine"
    assert b'lang="en"' in (out / "index.html").read_bytes()
    assert oct(stat.S_IMODE(os.stat(out).st_mode)) == oct(0o750)
    assert oct(stat.S_IMODE(os.stat(out / "index.html").st_mode)) == oct(0o644)
    assert temporaries(tmp_path) == []


def test_dashboard_out_through_a_link_updates_the_real_folder(tmp_path: Path, results: Path) -> None:
    (tmp_path / "real").mkdir()
    (tmp_path / "site").symlink_to(tmp_path / "real")
    assert run("dashboard", *sorted(results.iterdir()), "--out", tmp_path / "site").exit_code == 0
    assert (tmp_path / "site").is_symlink()
    assert (tmp_path / "real" / "index.html").is_file()
    assert temporaries(tmp_path) == []


def test_dashboard_without_an_atomic_exchange_renames_twice(tmp_path: Path, results: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("hubmonitor.io.atomic._exchange", lambda a, b: False)
    out = tmp_path / "site"
    for lang in ("da", "en"):
        assert run("dashboard", *sorted(results.iterdir()), "--out", out, "--lang", lang).exit_code == 0
    assert b'lang="en"' in (out / "index.html").read_bytes()
    assert temporaries(tmp_path) == []


def test_dashboard_written_in_place_where_it_cannot_be_built_beside(tmp_path: Path, results: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("hubmonitor.io.atomic._in_place", lambda folder: ("en grund", "a reason"))
    out = tmp_path / "site"
    result = run("dashboard", *sorted(results.iterdir()), "--out", out)
    assert result.exit_code == 0
    assert (f"{out}: skrives fil for fil, da en grund; et afbrudt løb kan efterlade en blanding") in result.stderr
    assert (out / "index.html").is_file()
    assert temporaries(tmp_path, out) == []


def test_dashboard_written_in_place_when_the_swap_is_refused(tmp_path: Path, results: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    def across(*args: object) -> None:
        raise OSError(errno.EXDEV, "Invalid cross-device link")

    out = tmp_path / "site"
    assert run("dashboard", *sorted(results.iterdir()), "--out", out).exit_code == 0
    monkeypatch.setattr("hubmonitor.io.atomic._swap", across)  # a bind mount: rename(2) refuses
    result = run("dashboard", *sorted(results.iterdir()), "--out", out, "--lang", "en")
    assert result.exit_code == 0
    assert "written file by file as the folder cannot be renamed (a mount point?)" in result.stderr
    assert b'lang="en"' in (out / "index.html").read_bytes()
    assert temporaries(tmp_path, out) == []


def test_dashboard_out_may_not_be_a_file_or_standard_output(tmp_path: Path, results: Path) -> None:
    first = sorted(results.iterdir())[0]
    one_line(run("dashboard", first, "--out", first), f"--out {first}: er en fil, ikke en mappe")
    one_line(run("dashboard", first, "--out", "-"), "--out -: angiv en mappe")
    (tmp_path / "f.txt").write_text("x", encoding="utf-8")
    (tmp_path / "to-file").symlink_to(tmp_path / "f.txt")
    one_line(run("dashboard", first, "--out", tmp_path / "to-file"),
             "er et symbolsk link til en fil (")


def test_a_full_disk_while_building_keeps_the_old_site(tmp_path: Path, results: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "site"
    assert run("dashboard", *sorted(results.iterdir()), "--out", out).exit_code == 0
    before = snapshot(out)
    monkeypatch.setattr(os, "fsync", _disk_full)
    one_line(run("dashboard", *sorted(results.iterdir()), "--out", out, "--lang", "en"),
             f"Error [cannot-write]: {out}: cannot be written: the disk is full")
    assert snapshot(out) == before
    assert temporaries(tmp_path) == []


# --- the review of issue 16: the results files dashboard reads (1, 8) ----------------------------

def test_review_1_dashboard_refuses_a_device_as_results(tmp_path: Path) -> None:
    one_line(run("dashboard", "/dev/zero", "--out", tmp_path / "site"),
             "Fejl [not-a-regular-file]: /dev/zero: er en tegnenhed (fx /dev/zero), ikke en almindelig fil; den "
             "læses ikke")
    assert not (tmp_path / "site").exists()


def test_review_1_dashboard_refuses_a_fifo_as_results_without_waiting(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "r.json")  # opening it would wait for a writer: the child would hang
    result = _hubmonitor("dashboard", str(tmp_path / "r.json"), "--out", str(tmp_path / "site"),
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert result.returncode == 1
    assert result.stderr.decode() == (f"Fejl [not-a-regular-file]: {tmp_path / 'r.json'}: er en FIFO (navngivet pipe), "
                                      "ikke en almindelig fil; den læses ikke\n")


def test_review_1_dashboard_refuses_an_oversized_results_file_before_reading_it(tmp_path: Path) -> None:
    from hubmonitor.io.results_json import RESULTS_LIMIT

    big = tmp_path / "r.json"
    with big.open("wb") as fh:
        fh.truncate(RESULTS_LIMIT + 1)  # sparse: no disk used, nothing read
    one_line(run("dashboard", big, "--out", tmp_path / "site"),
             f"Fejl [file-too-large]: {big}: filen er 200.000.001 bytes; højst 200.000.000 tilladt")


def _results_with(tmp_path: Path, token: str) -> tuple[Path, int]:
    """A results file of the sample whose first target's value is ``token`` as written; its line."""
    import hubmonitor
    from hubmonitor.io.results_json import to_document

    doc = to_document(hubmonitor.evaluate(MIDTJYLLAND, SAMPLE))
    doc["targets"][0]["reason"] = "NaN og Infinity i en tekst er bare tekst"
    doc["targets"][0]["value"] = "@@"
    text = json.dumps(doc, ensure_ascii=False, indent=1).replace('"@@"', token)
    path = tmp_path / "r.json"
    path.write_text(text, encoding="utf-8")
    return path, text[:text.index(token)].count("\n") + 1


@pytest.mark.parametrize("token", ["NaN", "Infinity", "-Infinity", "1e999"])
def test_review_8_a_results_file_with_a_number_that_is_not_finite_is_refused(tmp_path: Path, token: str) -> None:
    path, line = _results_with(tmp_path, token)
    one_line(run("dashboard", path, "--out", tmp_path / "site"),
             f"Fejl [bad-results]: {path}: ikke gyldig JSON: {token} i linje {line} er ikke et endeligt tal")
    assert not (tmp_path / "site").exists()
    path, _ = _results_with(tmp_path, "0.5")  # the same file with a number: read (the texts hold NaN as words)
    assert run("dashboard", path, "--out", tmp_path / "site").exit_code == 0


@pytest.mark.parametrize(("content", "expected"), [
    ("{not json", "ikke gyldig JSON (linje 1, kolonne 2)"),
    ("[]", "er ikke en resultatfil (schema_version 1) fra hubmonitor evaluate --json: indholdet er ikke et "
           "JSON-objekt"),
    ('{"schema_version": 2}', "er ikke en resultatfil (schema_version 1) fra hubmonitor evaluate --json: "
                              "schema_version er 2: lavet af en nyere hubmonitor (denne læser 1)"),
    ('{"schema_version": "1"}', "fra hubmonitor evaluate --json: schema_version er '1'"),
    # a KL review: "schema_version er None" of a file without it (a check-data report, package.json)
    ('{"rows_read": 3}', "fra hubmonitor evaluate --json: feltet 'schema_version' mangler"),
    ('{"schema_version": 1}', "fra hubmonitor evaluate --json: feltet 'data_quality' mangler"),
    ("\udcff", "er ikke UTF-8 (byte 0); ikke en resultatfil"),
])
def test_review_a_bad_results_file_is_said_in_the_command_s_language(tmp_path: Path, content: str,
                                                                    expected: str) -> None:
    path = tmp_path / "r.json"
    path.write_bytes(content.encode("utf-8", "surrogateescape"))
    one_line(run("dashboard", path, "--out", tmp_path / "site"), f"Fejl [bad-results]: {path}: ", expected)


# --- 4: hubmonitor's own files are inputs too --------------------------------------------------------

def test_review_4_the_builtin_profiles_the_package_and_the_reference_data_are_not_outputs(tmp_path: Path) -> None:
    import hubmonitor
    from hubmonitor.reference import reference_dir

    package = Path(hubmonitor.__file__).resolve().parent
    reference = reference_dir().resolve()
    before = {p: p.read_bytes() for p in (CANONICAL, reference / "municipalities.csv")}
    for path, where in [(CANONICAL, f"ligger i hubmonitors programmappe ({package}), som kørslen læser; skriv den "
                                    f"et andet sted"),
                        (package / "ny.json", "ligger i hubmonitors programmappe"),
                        (reference / "municipalities.csv", f"ligger i kommunernes referencedata ({reference}), som "
                                                           "kørslen læser; skriv den et andet sted")]:
        result = run("evaluate", MIDTJYLLAND, "--data", SAMPLE, "--json", path)
        one_line(result, f"Fejl [output-refused]: --json {path}: {where}")
        assert result.stdout == ""  # before anything was read
        one_line(run("check-data", SAMPLE, "--csv", path), f"--csv {path}: {where}")
    one_line(run("dashboard", REPO / "pyproject.toml", "--out", package / "site"),
             f"--out {package / 'site'}: ligger i hubmonitors programmappe ({package})")
    assert {p: p.read_bytes() for p in before} == before
    assert not (package / "ny.json").exists() and not (package / "site").exists()


# --- 6: a page never replaces a folder, a link or anything else of the user's -----------------------

def test_review_6_a_folder_named_like_a_page_is_refused_and_kept(tmp_path: Path, results: Path) -> None:
    out = tmp_path / "s3"
    assert run("dashboard", *sorted(results.iterdir()), "--out", out).exit_code == 0
    (out / "notes.txt").write_text("mine\n", encoding="utf-8")
    (out / "national-2022.html").unlink()
    (out / "national-2022.html").mkdir()
    shutil.copy(sorted(results.iterdir())[0], out / "national-2022.html" / "r.json")
    before = snapshot(out)
    one_line(run("dashboard", out / "national-2022.html" / "r.json", sorted(results.iterdir())[1], "--out", out),
             f"Fejl [output-refused]: --out {out}: national-2022.html er en mappe, men hubmonitor skriver en side "
             "der; flyt eller omdøb den først (den slettes ikke)")
    assert snapshot(out) == before
    assert temporaries(tmp_path) == []


@pytest.mark.parametrize(("make", "expected"), [
    ("link-page", "index.html er et symbolsk link, men hubmonitor skriver en side der"),
    ("file-folder", "midtjylland-2022 er en fil, men hubmonitor skriver en mappe med sider der"),
    ("link-folder", "assets er et symbolsk link, men hubmonitor skriver en mappe med sider der"),
    ("fifo-page", "midtjylland-2023/rapport.html er en FIFO (navngivet pipe), men hubmonitor skriver en side der"),
])
def test_review_6_anything_but_a_file_where_a_page_goes_is_refused(tmp_path: Path, results: Path, make: str,
                                                                    expected: str) -> None:
    out = tmp_path / "site"
    (out / "midtjylland-2023").mkdir(parents=True)
    (tmp_path / "mine").mkdir()
    {"link-page": lambda: (out / "index.html").symlink_to(tmp_path / "mine"),
     "file-folder": lambda: (out / "midtjylland-2022").write_text("mine\n", encoding="utf-8"),
     "link-folder": lambda: (out / "assets").symlink_to(tmp_path / "mine"),
     "fifo-page": lambda: os.mkfifo(out / "midtjylland-2023" / "rapport.html")}[make]()
    before = sorted(p.name for p in out.rglob("*"))
    one_line(run("dashboard", *sorted(results.iterdir()), "--out", out), f"--out {out}: {expected}")
    assert sorted(p.name for p in out.rglob("*")) == before


# --- 11: the mode of a file written --------------------------------------------------------------------

@pytest.fixture
def umask() -> object:
    def set_mask(mask: int) -> None:
        os.umask(mask)

    previous = os.umask(0o022)
    yield set_mask
    os.umask(previous)


def _mode(path: Path) -> str:
    return oct(stat.S_IMODE(os.stat(path).st_mode))


def test_review_11_a_new_file_follows_the_umask_and_a_replaced_one_keeps_its_mode(tmp_path: Path, umask: Any) -> None:
    umask(0o077)
    assert run("evaluate", MIDTJYLLAND, "--data", SAMPLE, "--json", tmp_path / "r.json").exit_code == 0
    assert run("check-data", SAMPLE, "--csv", tmp_path / "q.csv").exit_code == 0
    assert (_mode(tmp_path / "r.json"), _mode(tmp_path / "q.csv")) == (oct(0o600), oct(0o600))
    umask(0o022)
    os.chmod(tmp_path / "q.csv", 0o640)  # the user's choice: kept when the file is written again
    os.chmod(tmp_path / "r.json", 0o4755)  # set-user-id is never kept
    assert run("evaluate", MIDTJYLLAND, "--data", SAMPLE, "--json", tmp_path / "r.json").exit_code == 0
    assert run("check-data", SAMPLE, "--csv", tmp_path / "q.csv").exit_code == 0
    assert run("check-data", SAMPLE, "--json", tmp_path / "new.json").exit_code == 0
    assert [_mode(tmp_path / n) for n in ("r.json", "q.csv", "new.json")] == [oct(0o755), oct(0o640), oct(0o644)]


def test_review_11_pages_follow_the_umask_and_a_page_replaced_keeps_its_mode(tmp_path: Path, results: Path,
                                                                            umask: Any) -> None:
    umask(0o027)
    out = tmp_path / "site"
    assert run("dashboard", *sorted(results.iterdir()), "--out", out).exit_code == 0
    assert (_mode(out), _mode(out / "index.html"), _mode(out / "midtjylland-2022")) == (
        oct(0o750), oct(0o640), oct(0o750))
    os.chmod(out / "national-2022.html", 0o600)
    os.chmod(out / "midtjylland-2022", 0o700)
    umask(0o022)
    assert run("dashboard", *sorted(results.iterdir()), "--out", out).exit_code == 0
    assert [_mode(out / n) for n in ("national-2022.html", "index.html", "midtjylland-2022", "national-historik.html",
                                     "")] == [oct(0o600), oct(0o640), oct(0o700), oct(0o640), oct(0o750)]


# --- 12: a data folder that cannot be examined, a name too long ------------------------------------------

def test_review_12_a_data_folder_name_too_long_is_one_line() -> None:
    name = "a" * 300
    for args in (["check-data", name], ["evaluate", str(MIDTJYLLAND), "--data", name]):
        one_line(run(*args), f"Fejl [unreadable-folder]: {name}: datamappen kan ikke læses (navnet er for langt)")
    one_line(run("check-data", SAMPLE, "--json", name + ".json"),
             f"Fejl [output-refused]: --json {name}.json: navnet er for langt")
    one_line(run("dashboard", REPO / "pyproject.toml", "--out", name),
             f"Fejl [output-refused]: --out {name}: navnet er for langt")


def test_review_12_a_data_folder_without_permission_is_one_line(tmp_path: Path, data: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    real_stat = os.stat

    def refused(path: object, *args: object, **kwargs: object) -> os.stat_result:
        if Path(str(path)) == data / "hubmonitor.yaml":
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_stat(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "stat", refused)  # as an ordinary user: the folder has no x permission
    one_line(run("check-data", data), f"Fejl [unreadable-folder]: {data}: datamappen kan ikke læses (ingen adgang)")


# --- lesser: a file output named as a folder -----------------------------------------------------------

@pytest.mark.parametrize("suffix", ["/", "/.", "/..", "//"])
def test_review_a_file_output_ending_as_a_folder_is_refused(tmp_path: Path, suffix: str) -> None:
    given = f"{tmp_path / 'out'}{suffix}"
    expected = "ender som en mappe (/, . eller ..); angiv en fil"
    one_line(run("evaluate", MIDTJYLLAND, "--data", SAMPLE, "--json", given), f"--json {given}: {expected}")
    one_line(run("check-data", SAMPLE, "--csv", given), f"--csv {given}: {expected}")
    assert list(tmp_path.iterdir()) == []


def test_dashboard_pages_are_not_written_into_a_data_folder(tmp_path: Path, data: Path) -> None:
    """dashboard is not told the data folder: a review wrote its pages into the sample's, and the next
    evaluate named seven unread files. A folder that holds a hub's exports (or whose parent does) is
    refused before anything is written; a folder beside it is fine."""
    results = tmp_path / "r.json"
    assert run("evaluate", MIDTJYLLAND, "--data", data, "--json", results).exit_code == 0
    before = sorted(p.name for p in data.iterdir())
    for out in (data, data / "sider", data / "sider" / "dybt"):  # (the last two made by the run)
        result = CliRunner().invoke(main, ["dashboard", str(results), "--out", str(out)])
        assert result.exit_code == 1, result.output
        assert (f"--out {out}: ligger i datamappen {data.resolve()} (den har crm_activities_2023.csv); næste kørsel "
                "ville læse siderne eller nævne dem som ulæste; skriv dem uden for datamappen") in result.stderr
    assert sorted(p.name for p in data.iterdir()) == before
    beside = CliRunner().invoke(main, ["dashboard", str(results), "--out", str(tmp_path / "sider")])
    assert beside.exit_code == 0, beside.stderr


def test_a_file_output_into_a_data_folder_not_given_to_the_run_is_refused(tmp_path: Path, data: Path) -> None:
    """A review: ``--json`` into another hub's export folder replaced its crm_activities_2025.csv, and
    ``check-data --csv`` an evaluations file, without a word. A folder that holds a hub's exports (or whose
    parent does) takes no file output, new or existing; the folder beside it does."""
    other = Path(shutil.copytree(SAMPLE, tmp_path / "other"))
    before = snapshot(other)
    for path in (other / "crm_activities_2024.csv", other / "results.json", other / "ud" / "results.json"):
        line = one_line(run("evaluate", MIDTJYLLAND, "--data", data, "--json", path),
                        f"--json {path}: ligger i en datamappe, {other.resolve()} (den har crm_activities_2023.csv); "
                        "en kørsel på den ville læse filen eller nævne den som ulæst; skriv den uden for datamappen")
        assert line.startswith("Fejl [output-refused]: ")
        one_line(run("check-data", data, "--csv", path), f"--csv {path}: ligger i en datamappe, {other.resolve()}")
        one_line(run("check-data", data, "--signals-csv", path), f"--signals-csv {path}: ligger i en datamappe")
    assert snapshot(other) == before and temporaries(other) == []
    assert run("evaluate", MIDTJYLLAND, "--data", data, "--json", tmp_path / "results.json").exit_code == 0


@pytest.mark.parametrize("option", ["--json", "--csv", "--signals-csv"])
def test_an_existing_file_of_another_kind_is_not_replaced(tmp_path: Path, data: Path, contract: Path,
                                                          option: str) -> None:
    """A review: ``--json`` given a contract not read by this run, ``--csv`` a hub's export lying outside any
    data folder: both replaced. An existing file is replaced only when it holds what the option writes
    (a JSON object; one of hubmonitor's two CSV files, which begin with the BOM and "source" or "signal");
    an empty file too."""
    other_year = Path(shutil.copy(MIDTJYLLAND, tmp_path / "2025.yaml"))
    export = Path(shutil.copy(SAMPLE / "crm_activities_2024.csv", tmp_path / "export.csv"))
    words = tmp_path / "notes.json"
    words.write_text("Noter om eksporten\n", encoding="utf-8")
    before = snapshot(tmp_path)
    command = ["evaluate", contract, "--data", data] if option == "--json" else ["check-data", data]
    kind = ("ikke en JSON-fil" if option == "--json" else
            "ikke en af hubmonitors CSV-filer (rækker i karantæne eller bag integritetssignalerne)")
    for path in (other_year, export, words):
        one_line(run(*command, option, path), f"{option} {path}: findes og er {kind}; hubmonitor erstatter kun en fil "
                 "af den slags, det selv skriver her; vælg et andet navn, eller flyt filen først")
    assert snapshot(tmp_path) == before and temporaries(tmp_path) == []
    english = CliRunner().invoke(main, [str(a) for a in (*command, option, export)], env={"HUBMONITOR_LANG": "en"})
    assert english.exit_code == 1 and english.stderr.strip().endswith(
        "hubmonitor replaces only a file of the kind it writes here; choose another name, or move the file first")
    # what it wrote itself it writes again, whichever of its CSV files was there; an empty file is taken too
    written = tmp_path / ("out.json" if option == "--json" else "out.csv")
    empty = tmp_path / ("empty.json" if option == "--json" else "empty.csv")
    empty.touch()
    for path in (written, written, empty):
        assert run(*command, option, path).exit_code == 0
    if option != "--json":
        swapped = "--signals-csv" if option == "--csv" else "--csv"
        assert run(*command, swapped, written).exit_code == 0
    assert written.read_bytes() != b"" and empty.read_bytes() != b""


def test_what_hubmonitor_wrote_is_replaced_and_does_not_make_a_data_folder(tmp_path: Path) -> None:
    """A second review: a quarantine list named as an export is (crm_activities_karantæne.csv) made its
    folder look like a data folder, so the second run refused it, and every later output there; a results
    file saved again with a BOM, and a quarantine list of the format before 4 December 2026 (its headings
    not quoted), were "not of the kind". Each is hubmonitor's own and is replaced."""
    out = tmp_path / "ud"
    out.mkdir()
    for _ in range(2):
        assert run("check-data", SAMPLE, "--csv", out / "crm_activities_karantæne.csv").exit_code == 0
    assert run("evaluate", MIDTJYLLAND, "--data", SAMPLE, "--json", out / "r.json").exit_code == 0
    (out / "bom.json").write_bytes(b'\xef\xbb\xbf{\n "schema_version": 1\n}\n')
    (out / "old.csv").write_bytes(b"\xef\xbb\xbfsource;file;sheet;row;reasons\n")
    assert run("evaluate", MIDTJYLLAND, "--data", SAMPLE, "--json", out / "bom.json").exit_code == 0
    assert run("check-data", SAMPLE, "--csv", out / "old.csv").exit_code == 0
    assert (out / "old.csv").read_bytes().startswith(b'\xef\xbb\xbf"source";')
    # an export so named is still one: its folder takes no output
    shutil.copy(SAMPLE / "crm_activities_2024.csv", out / "crm_activities_2024.csv")
    one_line(run("check-data", SAMPLE, "--csv", out / "q.csv"), f"--csv {out / 'q.csv'}: ligger i en datamappe")


def test_a_results_file_missing_a_field_says_it_is_missing(tmp_path: Path) -> None:
    """A target without its title_en was "targets.0.title_en har en forkert værdi" (a KL review): the field
    is missing, not wrong."""
    from dashboard_site import sample_report

    from hubmonitor.io.results_json import to_document

    document = to_document(sample_report())
    del document["targets"][0]["title_en"]
    path = tmp_path / "r.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    one_line(run("dashboard", path, "--out", tmp_path / "site"), f"Fejl [bad-results]: {path}: ",
             "fra hubmonitor evaluate --json: feltet targets.0.title_en mangler")
