"""Issue 16, point 8 (R19): a run killed at any moment leaves the previous output whole.

The build runs in a child process that kills itself with SIGKILL at a chosen point: after the
N-th page written into the folder being built, while carrying the old folder's other files over,
just before the swap, just after it, and (with no atomic exchange) between the two renames. The
point is reached by wrapping one function of ``hubmonitor.io.atomic`` in the child, so nothing
depends on timing and the program has no hook of its own.
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
import shutil
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from dashboard_site import history_reports
from helpers import act, ev, make_data, target, write_contract

from hubmonitor.cli import main
from hubmonitor.io.results_json import write_json

KILLER = r"""
import os, signal, sys
import hubmonitor.io.atomic as atomic

point, n, args = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
calls = 0

def die():
    os.kill(os.getpid(), signal.SIGKILL)

def after(name):
    original = getattr(atomic, name)
    def wrapped(*a, **k):
        global calls
        result = original(*a, **k)
        calls += 1
        if calls == n:
            die()
        return result
    setattr(atomic, name, wrapped)

if point == "page":
    after("_fresh_file")
elif point == "carry":
    after("_link")
elif point == "swapped":
    after("_swap")
elif point == "staged":
    after("stage")
elif point == "exchange":
    atomic._exchange = lambda a, b: die()
elif point == "aside":
    atomic._exchange = lambda a, b: False
    rename = os.rename
    def first_rename(src, dst):
        rename(src, dst)
        if ".hubmonitor-old-" in str(dst):
            die()
    atomic.os.rename = first_rename

from hubmonitor.cli import main
main(args=args, prog_name="hubmonitor")
"""


def killed(point: str, n: int, *args: object) -> None:
    proc = subprocess.run([sys.executable, "-c", KILLER, point, str(n), *map(str, args)], check=False,
                          capture_output=True, timeout=300)
    assert proc.returncode == -9, proc.stderr.decode()[-2000:]


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): (b"-> " + os.readlink(p).encode() if p.is_symlink() else p.read_bytes())
            for p in sorted(folder.rglob("*")) if p.is_file() or p.is_symlink()}


def siblings(folder: Path) -> list[str]:
    return sorted(p.name.rsplit("-", 1)[0] for p in folder.parent.iterdir() if p.name.startswith(".hubmonitor"))


@pytest.fixture
def results(tmp_path: Path) -> list[Path]:
    paths = []
    for report in history_reports()[:3]:
        paths.append(tmp_path / "results" / f"{report.contract_id}.json")
        write_json(paths[-1], report)
    return paths


@pytest.fixture
def site(tmp_path: Path, results: list[Path]) -> Path:
    """The previous site (Danish), with a file of the user's own and a leftover of an old run."""
    out = tmp_path / "out" / "site"
    result = CliRunner().invoke(main, ["dashboard", *map(str, results), "--out", str(out), "--reproducible"])
    assert result.exit_code == 0, result.output
    (out / "noter.txt").write_text("mine\n", encoding="utf-8")
    return out


def _new_site(tmp_path: Path, results: list[Path], old: Path) -> dict[str, bytes]:
    """What an uninterrupted English build over a copy of ``old`` gives."""
    reference = tmp_path / "reference"
    shutil.copytree(old, reference, symlinks=True)
    result = CliRunner().invoke(main, ["dashboard", *map(str, results), "--out", str(reference),
                                       "--reproducible", "--lang", "en"])
    assert result.exit_code == 0
    return files(reference)


@pytest.mark.parametrize(("point", "n"), [("page", 1), ("page", 10), ("page", 19), ("carry", 1),
                                              ("exchange", 1)])  # 19 pages: the first, tenth and last
def test_r19_killed_before_the_swap_the_previous_site_is_whole(tmp_path: Path, results: list[Path], site: Path,
                                                               point: str, n: int) -> None:
    before = files(site)
    expected = _new_site(tmp_path, results, site)
    killed(point, n, "dashboard", *results, "--out", site, "--reproducible", "--lang", "en")
    assert files(site) == before  # every previous file byte-identical, nothing of the new build inside
    assert siblings(site) == [".hubmonitor-journal-site", ".hubmonitor-new-site"]  # the half-built folder, listed
    # the next run removes it and builds as usual, keeping the user's file
    again = CliRunner().invoke(main, ["dashboard", *map(str, results), "--out", str(site), "--reproducible",
                                      "--lang", "en"])
    assert again.exit_code == 0
    assert siblings(site) == []
    assert files(site) == expected  # the new pages, and the user's own file kept


def test_r19_killed_just_after_the_swap_the_new_site_is_whole(tmp_path: Path, results: list[Path],
                                                              site: Path) -> None:
    before = files(site)
    expected = _new_site(tmp_path, results, site)
    killed("swapped", 1, "dashboard", *results, "--out", site, "--reproducible", "--lang", "en")
    assert files(site) == expected
    assert siblings(site) == [".hubmonitor-journal-site", ".hubmonitor-new-site"]  # now the previous site
    (old,) = [p for p in site.parent.iterdir() if p.name.startswith(".hubmonitor-new-")]
    assert files(old) == before
    assert CliRunner().invoke(main, ["dashboard", *map(str, results), "--out", str(site)]).exit_code == 0
    assert siblings(site) == []


def test_r19_killed_between_two_renames_the_next_run_puts_the_previous_site_back(
        tmp_path: Path, results: list[Path], site: Path) -> None:
    before = files(site)
    killed("aside", 1, "dashboard", *results, "--out", site, "--reproducible", "--lang", "en")
    assert not site.exists()
    assert siblings(site) == [".hubmonitor-journal-site", ".hubmonitor-new-site", ".hubmonitor-old-site"]
    (aside,) = [p for p in site.parent.iterdir() if p.name.startswith(".hubmonitor-old-")]
    assert files(aside) == before  # whole, set aside
    again = CliRunner().invoke(main, ["dashboard", *map(str, results), "--out", str(site), "--lang", "en"])
    assert again.exit_code == 0
    assert siblings(site) == []
    assert (site / "noter.txt").read_text(encoding="utf-8") == "mine\n"  # the previous site was put back first


def _journal(folder: Path, name: str, *listed: Path) -> Path:
    """A journal beside ``folder`` (the form ``hubmonitor.io.atomic`` writes) listing ``listed`` as
    folders a build made."""
    path = folder.parent / f".hubmonitor-journal-{folder.name}-{name}"
    path.write_text("".join(f"new {os.lstat(p).st_dev} {os.lstat(p).st_ino} {os.lstat(p).st_uid}\n" for p in listed),
                    encoding="ascii")
    return path


def test_r19_a_running_build_s_folder_is_not_taken_for_an_orphan(tmp_path: Path, results: list[Path],
                                                                 site: Path) -> None:
    busy = site.parent / ".hubmonitor-new-site-busy1234"  # a running build's: its journal is locked
    stale = site.parent / ".hubmonitor-new-site-stale123"  # a killed build's: its journal is not
    other = site.parent / ".hubmonitor-new-sites-abcd1234"  # the temporary folder of another --out ('sites')
    for folder in (busy, stale, other):
        folder.mkdir()
    running = _journal(site, "runs1234", busy)
    dead = _journal(site, "dead1234", stale, other)
    fd = os.open(running, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        result = CliRunner().invoke(main, ["dashboard", *map(str, results), "--out", str(site)])
        assert result.exit_code == 0
    finally:
        os.close(fd)
    assert busy.exists() and other.exists() and running.exists()
    assert not stale.exists() and not dead.exists()
    assert result.stderr == ""


def _left_alone(folder: Path, site: Path) -> str:
    return (f"{folder}: ligner en af hubmonitors midlertidige mapper, men ingen afbrudt kørsel af denne bruger har "
            "lavet den; den røres ikke (slet den selv, hvis den ikke skal bruges)\n")


def test_review_5_a_planted_old_folder_is_never_restored_nor_removed(tmp_path: Path, results: list[Path]) -> None:
    site = tmp_path / "out" / "site"
    planted = site.parent / ".hubmonitor-old-site-abcd1234"  # looks like a folder set aside by a killed build
    planted.mkdir(parents=True)
    (planted / "stale.html").write_text("<p>stale</p>", encoding="utf-8")
    (planted / "etc").symlink_to("/etc")
    result = CliRunner().invoke(main, ["dashboard", *map(str, results), "--out", str(site)])
    assert result.exit_code == 0, result.output
    assert result.stderr == _left_alone(planted, site)
    assert not (site / "stale.html").exists() and not (site / "etc").exists()  # nothing of it published
    assert sorted(p.name for p in planted.iterdir()) == ["etc", "stale.html"]  # left as it was
    again = CliRunner().invoke(main, ["dashboard", *map(str, results), "--out", str(site)])
    assert again.stderr == _left_alone(planted, site)  # said again on every run, never touched
    assert sorted(p.name for p in planted.iterdir()) == ["etc", "stale.html"]


def test_review_5_a_listed_folder_of_another_user_or_an_unknown_one_is_left_alone(
        tmp_path: Path, results: list[Path], site: Path) -> None:
    if os.geteuid() != 0:
        pytest.skip("giving a folder to another user needs root")
    unlisted = site.parent / ".hubmonitor-new-site-unlisted"
    listed = site.parent / ".hubmonitor-new-site-theirs12"
    for folder in (unlisted, listed):
        folder.mkdir()
    _journal(site, "dead1234", listed)
    os.chown(listed, 65534, 65534)  # listed, but now another user's: the journal's owner no longer fits
    result = CliRunner().invoke(main, ["dashboard", *map(str, results), "--out", str(site)])
    assert result.exit_code == 0
    assert result.stderr == _left_alone(listed, site) + _left_alone(unlisted, site)
    assert listed.is_dir() and unlisted.is_dir()
    assert siblings(site) == [".hubmonitor-new-site", ".hubmonitor-new-site"]  # the dead journal removed


def test_review_5_a_journal_of_another_user_is_not_followed(tmp_path: Path, results: list[Path], site: Path) -> None:
    if os.geteuid() != 0:
        pytest.skip("giving a file to another user needs root")
    ours = site.parent / ".hubmonitor-new-site-ours1234"
    ours.mkdir()
    journal = _journal(site, "them1234", ours)
    os.chown(journal, 65534, 65534)
    result = CliRunner().invoke(main, ["dashboard", *map(str, results), "--out", str(site)])
    assert result.exit_code == 0
    assert result.stderr == _left_alone(ours, site)
    assert ours.is_dir() and journal.exists()


# --- evaluate --years: every year's file renamed in at the end ---------------------------------

@pytest.fixture
def years(tmp_path: Path) -> tuple[Path, Path, Path]:
    """Contracts 2023 and 2024, one data folder, and the previous results of both years."""
    for year in (2023, 2024):
        write_contract(tmp_path / "contracts", [target("T.reach", "distinct_companies", 1)],
                       name=f"{year}.yaml", year=year)
    data = make_data(tmp_path / "data", activities=[act("A1", "2023-03-01", "C1"), act("A2", "2024-03-01", "C2")],
                     evaluations=[ev("R1", "2024-05-01")])
    out = tmp_path / "out"
    out.mkdir()
    for year in (2023, 2024):
        (out / f"hub-{year}.json").write_text(f'{{"old": {year}}}\n', encoding="utf-8")  # (a JSON object, as ours)
    return tmp_path / "contracts", data, out


def _years_args(contracts: Path, data: Path | str, out: Path) -> list[str]:
    return ["evaluate", str(contracts / "{year}.yaml"), "--years", "2023-2024", "--data", str(data),
            "--json", str(out / "hub-{year}.json")]


def test_r19_killed_after_the_first_year_both_previous_files_stay(years: tuple[Path, Path, Path]) -> None:
    contracts, data, out = years
    killed("staged", 1, *_years_args(contracts, data, out))
    assert [(p.name, p.read_text(encoding="utf-8")) for p in sorted(out.iterdir()) if not p.name.startswith(".")] == [
        ("hub-2023.json", '{"old": 2023}\n'), ("hub-2024.json", '{"old": 2024}\n')]
    assert [p.name[:len(".hubmonitor-hub-2023.json-")] for p in out.iterdir() if p.name.startswith(".")] == [
        ".hubmonitor-hub-2023.json-"]  # the staged file of the killed run
    result = CliRunner().invoke(main, _years_args(contracts, data, out))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["hub-2023.json", "hub-2024.json"]  # the orphan removed
    assert json.loads((out / "hub-2024.json").read_text(encoding="utf-8"))["period"]["start"] == "2024-01-01"


def test_r19_a_failing_later_year_writes_no_year(years: tuple[Path, Path, Path], tmp_path: Path) -> None:
    contracts, data, out = years
    (tmp_path / "data-2023").symlink_to(data)  # 2023 has its folder, 2024 has none
    result = CliRunner().invoke(main, _years_args(contracts, tmp_path / "data-{year}", out))
    assert result.exit_code == 1
    assert "data-2024" in result.stderr
    assert sorted((p.name, p.read_text(encoding="utf-8")) for p in out.iterdir()) == [
        ("hub-2023.json", '{"old": 2023}\n'), ("hub-2024.json", '{"old": 2024}\n')]


# --- the review of issue 16, 3: carrying the old folder's files over changes none of them --------------

def _owners(folder: Path) -> dict[str, tuple[int, int, int]]:
    """Every entry under ``folder``: (owner, group, mode)."""
    return {p.relative_to(folder).as_posix(): (os.lstat(p).st_uid, os.lstat(p).st_gid, os.lstat(p).st_mode)
            for p in sorted(folder.rglob("*"))}


def _others(site: Path) -> list[Path]:
    """A folder of another user's in the site, with a file and a read-only file of theirs; the user's
    own notes given away too. Needs root."""
    theirs = site / "egne" / "dybere"
    theirs.mkdir(parents=True)
    (theirs / "a.txt").write_text("a\n", encoding="utf-8")
    (site / "egne" / "laast.txt").write_text("b\n", encoding="utf-8")
    os.chmod(site / "egne" / "laast.txt", 0o400)
    os.chmod(theirs, 0o750)
    given = [site / "egne", theirs, theirs / "a.txt", site / "egne" / "laast.txt", site / "noter.txt"]
    for path in given:
        os.chown(path, 65534, 65534)
    return given


@pytest.mark.skipif(os.geteuid() != 0, reason="giving files to another user needs root")
@pytest.mark.parametrize("links", [True, False])
def test_review_3a_as_root_the_carried_files_and_folders_keep_their_owner(
        site: Path, results: list[Path], monkeypatch: pytest.MonkeyPatch, links: bool) -> None:
    given = _others(site)
    before = {k: v for k, v in _owners(site).items() if site / k in given}
    if not links:  # no hard links on this file system: every file is copied
        def refused(*args: object, **kwargs: object) -> None:
            raise OSError(1, "Operation not permitted")
        monkeypatch.setattr(os, "link", refused)
    result = CliRunner().invoke(main, ["dashboard", *map(str, results), "--out", str(site)])
    assert result.exit_code == 0 and result.stderr == ""
    assert {k: v for k, v in _owners(site).items() if site / k in given} == before
    assert (site / "egne" / "dybere" / "a.txt").read_text(encoding="utf-8") == "a\n"
    assert siblings(site) == []


def _as_user(*args: str) -> subprocess.CompletedProcess[str]:
    """hubmonitor run as an ordinary user would be: as root, root without any capability (so the
    files' own permissions and owners bind it); else as we are."""
    command = [sys.executable, "-m", "hubmonitor.cli", *args]
    if os.geteuid() == 0:
        if shutil.which("setpriv") is None:
            pytest.skip("setpriv is needed to drop root's capabilities")
        command = ["setpriv", "--bounding-set=-all", "--inh-caps=-all", "--", *command]
    return subprocess.run(command, check=False, capture_output=True, text=True, timeout=300)


def test_review_3c_a_read_only_subfolder_is_carried_over_whole(site: Path, results: list[Path]) -> None:
    locked = site / "locked"
    locked.mkdir()
    (locked / "x.txt").write_text("x\n", encoding="utf-8")
    os.chmod(locked, 0o555)
    try:
        result = _as_user("dashboard", *map(str, results), "--out", str(site))
        assert result.returncode == 0, result.stderr
        assert result.stderr == ""
        assert (locked / "x.txt").read_text(encoding="utf-8") == "x\n"
        assert oct(stat.S_IMODE(os.stat(locked).st_mode)) == oct(0o555)
        assert siblings(site) == []  # the old tree, with its read-only folder, removed
    finally:
        os.chmod(locked, 0o755)


@pytest.mark.skipif(os.geteuid() != 0, reason="giving files to another user needs root")
def test_review_3b_another_user_s_files_make_the_build_go_in_place(site: Path, results: list[Path]) -> None:
    given = _others(site)
    before = _owners(site)
    inodes = {p: os.lstat(p).st_ino for p in (site, *given)}
    result = _as_user("dashboard", *map(str, results), "--out", str(site), "--lang", "en")
    assert result.returncode == 0, result.stderr
    assert result.stderr == (f"{site}: written file by file as the folder or something in it belongs to another user "
                             "(or group) and cannot be carried over without changing its owner; an interrupted run may "
                             "leave a mix\n")  # --lang en
    assert {p: os.lstat(p).st_ino for p in inodes} == inodes  # nothing of theirs moved, copied or given away
    assert {k: v for k, v in _owners(site).items() if site / k in given} == {
        k: v for k, v in before.items() if site / k in given}
    assert b'lang="en"' in (site / "index.html").read_bytes()
    assert siblings(site) == []


def test_review_3b_an_ordinary_user_sees_others_files_before_building(site: Path, results: list[Path],
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "geteuid", lambda: 4242)  # every file here is another user's (root's or ours)
    result = CliRunner().invoke(main, ["dashboard", *map(str, results), "--out", str(site)])
    assert result.exit_code == 0
    assert "skrives fil for fil, da mappen eller noget i den tilhører en anden bruger" in result.stderr
    assert siblings(site) == []


def test_review_3b_an_old_folder_that_cannot_be_deleted_is_named(site: Path, results: list[Path],
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    (site / "stuck.txt").write_text("x\n", encoding="utf-8")
    unlink = os.unlink

    def stuck(path: object, *args: object, **kwargs: object) -> None:
        if os.fsdecode(path).endswith("stuck.txt"):  # type: ignore[arg-type]
            raise PermissionError(errno.EACCES, "Permission denied", os.fsdecode(path))  # type: ignore[arg-type]
        unlink(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "unlink", stuck)
    result = CliRunner().invoke(main, ["dashboard", *map(str, results), "--out", str(site)])
    assert result.exit_code == 0  # the new site is in place
    (old,) = [p for p in site.parent.iterdir() if p.name.startswith(".hubmonitor-new-")]
    assert result.stderr == (f"{site}: den forrige udgave kunne ikke slettes helt og ligger i {old}\n")
    assert sorted(p.name for p in old.iterdir()) == ["stuck.txt"]
    assert (site / "stuck.txt").read_text(encoding="utf-8") == "x\n"  # carried over (a link)
    assert siblings(site) == [".hubmonitor-journal-site", ".hubmonitor-new-site"]  # the journal names it still
    again = CliRunner().invoke(main, ["dashboard", *map(str, results), "--out", str(site)])
    assert again.exit_code == 0
    assert again.stderr.startswith(f"{old}: en afbrudt kørsels mappe kunne ikke slettes helt; slet resten selv\n")
    monkeypatch.setattr(os, "unlink", unlink)  # the obstacle gone: the next run finishes the cleanup
    last = CliRunner().invoke(main, ["dashboard", *map(str, results), "--out", str(site)])
    assert last.exit_code == 0
    assert siblings(site) == []


def test_review_years_a_failing_rename_names_the_file_and_discards_the_rest(
        years: tuple[Path, Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    contracts, data, out = years
    replace = os.replace

    def full(src: object, dst: object) -> None:
        if str(dst).endswith("hub-2023.json"):
            raise OSError(errno.ENOSPC, "No space left on device")
        replace(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "replace", full)
    result = CliRunner().invoke(main, _years_args(contracts, data, out))
    assert result.exit_code == 1
    assert result.stderr == (f"Fejl [cannot-write]: {out / 'hub-2023.json'}: kan ikke skrives: disken er fuld\n")
    assert sorted((p.name, p.read_text(encoding="utf-8")) for p in out.iterdir()) == [
        ("hub-2023.json", '{"old": 2023}\n'), ("hub-2024.json", '{"old": 2024}\n')]  # the later year not renamed either


# --- Ctrl-C the moment a temporary is made (a demo worker is stopped by SIGINT) -------------------

@pytest.fixture
def ctrl_c() -> Iterator[None]:
    """Ctrl-C raises KeyboardInterrupt here, as in a terminal: a test run started in the background by a
    shell without job control inherits SIGINT ignored (POSIX), and Python then keeps it ignored, so the
    tests below found no KeyboardInterrupt to wait for ("DID NOT RAISE")."""
    import signal

    before = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, before)


def _interrupt_after(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    """SIGINT to this process right after ``atomic.<name>`` made its temporary: without the hold,
    Python raises KeyboardInterrupt at once, before the caller has taken charge of the temporary."""
    import signal

    import hubmonitor.io.atomic as atomic

    original = getattr(atomic, name)

    def wrapped(*args: object, **kwargs: object) -> object:
        made = original(*args, **kwargs)
        os.kill(os.getpid(), signal.SIGINT)
        return made

    monkeypatch.setattr(atomic, name, wrapped)


@pytest.mark.usefixtures("ctrl_c")
@pytest.mark.parametrize("made", ["_create_file", "_create_folder"])
def test_ctrl_c_just_after_a_temporary_is_made_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                               made: str) -> None:
    from hubmonitor.io.atomic import write_file, write_tree

    site = tmp_path / "site"
    write_tree(site, {"a.html": b"old\n"})
    (tmp_path / "r.json").write_bytes(b"old\n")
    _interrupt_after(monkeypatch, made)
    with pytest.raises(KeyboardInterrupt):
        write_tree(site, {"a.html": b"new\n"})  # the journal (a file) or the new folder
    if made == "_create_file":
        with pytest.raises(KeyboardInterrupt):
            write_file(tmp_path / "r.json", lambda fh: fh.write(b"new\n"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.json", "site"]  # no temporary left
    assert (site / "a.html").read_bytes() == b"old\n" and (tmp_path / "r.json").read_bytes() == b"old\n"


@pytest.mark.usefixtures("ctrl_c")
def test_ctrl_c_between_the_two_renames_of_a_swap_finishes_the_swap(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    import signal

    import hubmonitor.io.atomic as atomic

    site = tmp_path / "site"
    atomic.write_tree(site, {"a.html": b"old\n"})
    monkeypatch.setattr(atomic, "_exchange", lambda a, b: False)  # no atomic exchange: two renames
    rename = os.rename

    def set_aside(src: object, dst: object) -> None:
        rename(src, dst)  # type: ignore[arg-type]
        if Path(str(src)) == site:  # the old site set aside, the new one not yet in
            os.kill(os.getpid(), signal.SIGINT)

    monkeypatch.setattr(os, "rename", set_aside)
    with pytest.raises(KeyboardInterrupt):
        atomic.write_tree(site, {"a.html": b"new\n"})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]  # the old one removed, no journal left
    assert (site / "a.html").read_bytes() == b"new\n"


@pytest.mark.usefixtures("ctrl_c")
def test_ctrl_c_just_after_a_file_is_staged_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The staged file is in the block's charge from the moment it exists, not from the moment its
    maker returns it (a SIGINT in between would leave it)."""
    import signal

    import hubmonitor.io.atomic as atomic

    made = atomic.Staged.__init__

    def staged_then_interrupted(self: atomic.Staged, *args: object) -> None:
        made(self, *args)  # type: ignore[arg-type]
        os.kill(os.getpid(), signal.SIGINT)

    (tmp_path / "r.json").write_bytes(b"old\n")
    monkeypatch.setattr(atomic.Staged, "__init__", staged_then_interrupted)
    with pytest.raises(KeyboardInterrupt):
        atomic.write_bytes(tmp_path / "r.json", b"new\n")
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["r.json"]
    assert (tmp_path / "r.json").read_bytes() == b"old\n"
