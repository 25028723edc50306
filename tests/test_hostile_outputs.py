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
    "folder": "er en mappe; angiv en fil / is a folder; give a file",
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
             f"er et symbolsk link til {tmp_path / 'nowhere.json'}, som ikke findes / is a symbolic link to")
    assert not (tmp_path / "nowhere.json").exists()


@pytest.mark.parametrize(("which", "expected"), [
    ("data file", "er filen crm_activities_2024.csv i datamappen, som kørslen læser; vælg en anden sti"),
    ("external file", "er filen external-2024.yaml i datamappen, som kørslen læser"),
    ("contract", "er kontrakten, som kørslen læser; vælg en anden sti / is the contract, which the run reads"),
    ("framework", "er rammeaftalen, som kørslen læser; vælg en anden sti / is the framework, which the run reads"),
    ("profile", "er profilen, som kørslen læser; vælg en anden sti / is the profile, which the run reads"),
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
             f"--csv {out}: er samme fil som --json {out} / is the same file as --json {out}")
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
             "kun én af dem kan skrive til standardoutput / only one of them can write to standard output")


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
                                              "standardfejl; brug - for standardoutput / is the program's standard "
                                              "error; use - for standard output")
    assert result.stdout == b""


# --- R11: places that cannot be written, and failures while writing --------------------------------

def test_r11_an_empty_path_is_refused() -> None:
    for args in (["evaluate", MIDTJYLLAND, "--data", SAMPLE, "--json", ""], ["check-data", SAMPLE, "--csv", ""]):
        one_line(run(*args), "'': tom sti; angiv en fil (eller - for standardoutput) / empty path")
    one_line(run("dashboard", REPO / "pyproject.toml", "--out", ""), "--out '': angiv en mappe / give a folder")


def test_r11_a_path_below_a_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "f").write_text("x", encoding="utf-8")
    below = tmp_path / "f" / "sub" / "r.json"
    expected = f"en del af stien, {tmp_path / 'f'}, er en fil, ikke en mappe / part of the path"
    one_line(run("evaluate", MIDTJYLLAND, "--data", SAMPLE, "--json", below), f"--json {below}: {expected}")
    one_line(run("check-data", SAMPLE, "--csv", below), expected)
    one_line(run("demo", "--out", tmp_path / "f" / "demo"), f"--out {tmp_path / 'f' / 'demo'}: {expected}")
    one_line(run("dashboard", REPO / "pyproject.toml", "--out", tmp_path / "f"),
             f"--out {tmp_path / 'f'}: er en fil, ikke en mappe / is a file, not a folder")
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
    expected = f"mappen {readonly} kan ikke skrives i (skrivebeskyttet eller ingen adgang) / the folder {readonly}"
    result = run("evaluate", MIDTJYLLAND, "--data", SAMPLE, "--json", readonly / "r.json")
    one_line(result, expected)
    assert result.stdout == ""  # before the data was read
    one_line(run("dashboard", REPO / "pyproject.toml", "--out", readonly / "dash"), expected)
    assert list(readonly.iterdir()) == []


def _disk_full(fd: int) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


def test_r11_a_full_disk_is_one_line_and_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "r.json"
    out.write_text("old\n", encoding="utf-8")
    monkeypatch.setattr(os, "fsync", _disk_full)  # fails after the bytes are written
    one_line(run("evaluate", MIDTJYLLAND, "--data", SAMPLE, "--json", out),
             f"Fejl [cannot-write]: {out}: kan ikke skrives: disken er fuld / cannot be written: the disk is full")
    one_line(run("check-data", SAMPLE, "--csv", tmp_path / "q.csv"), "kan ikke skrives: disken er fuld")
    assert out.read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.json"]  # no temporary file, no q.csv


def test_r11_no_permission_while_writing_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import tempfile

    def refused(*args: object, **kwargs: object) -> tuple[int, str]:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refused)
    one_line(run("evaluate", MIDTJYLLAND, "--data", SAMPLE, "--json", tmp_path / "r.json"),
             f"{tmp_path / 'r.json'}: kan ikke skrives: ingen adgang / cannot be written: permission denied")
    assert list(tmp_path.iterdir()) == []


def test_temporary_files_of_a_killed_write_are_removed_by_the_next(tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    ours, older, foreign = (tmp_path / ".hubmonitor-r.json-abcd1234.tmp", tmp_path / ".r.json.k2j4h5g6.tmp",
                            tmp_path / ".r.json.backup.tmp")
    busy = tmp_path / ".hubmonitor-r.json-busy5678.tmp"  # another run, still writing: its lock is held
    for path in (ours, older, foreign, busy):
        path.write_text("half", encoding="utf-8")
    with busy.open("rb") as held:
        fcntl.flock(held.fileno(), fcntl.LOCK_EX)
        assert run("evaluate", MIDTJYLLAND, "--data", SAMPLE, "--json", out).exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [".hubmonitor-r.json-busy5678.tmp", ".r.json.backup.tmp",
                                                         "r.json"]


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
    (out / ".index.html.k2j4h5g6.tmp").write_text("half", encoding="utf-8")  # left by a run before issue 16
    os.chmod(out, 0o750)
    again = run("dashboard", *sorted(results.iterdir()), "--out", out, "--lang", "en")
    assert again.exit_code == 0, again.output
    assert again.stdout.strip() == str(out / "index.html")
    assert (out / "noter.txt").read_text(encoding="utf-8") == "mine\n"
    assert (out / "egne" / "dybere" / "a.txt").read_text(encoding="utf-8") == "a\n"
    assert (out / "assets" / "extra.js").read_text(encoding="utf-8") == "// mine\n"
    assert os.readlink(out / "link.txt") == "noter.txt"
    assert not (out / ".index.html.k2j4h5g6.tmp").exists()
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
    assert (f"{out}: skrives fil for fil, da en grund; et afbrudt løb kan efterlade en blanding / written file by "
            "file as a reason; an interrupted run may leave a mix") in result.stderr
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
    one_line(run("dashboard", first, "--out", "-"), "--out -: angiv en mappe / give a folder")
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
             f"[cannot-write]: {out}: kan ikke skrives: disken er fuld / cannot be written: the disk is full")
    assert snapshot(out) == before
    assert temporaries(tmp_path) == []
