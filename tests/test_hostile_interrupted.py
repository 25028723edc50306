"""Issue 16, point 8 (R19): a run killed at any moment leaves the previous output whole.

The build runs in a child process that kills itself with SIGKILL at a chosen point: after the
N-th page written into the folder being built, while carrying the old folder's other files over,
just before the swap, just after it, and (with no atomic exchange) between the two renames. The
point is reached by wrapping one function of ``hubmonitor.io.atomic`` in the child, so nothing
depends on timing and the program has no hook of its own.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import subprocess
import sys
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
    assert siblings(site) == [".hubmonitor-new-site"]  # the half-built folder, beside it
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
    assert siblings(site) == [".hubmonitor-new-site"]  # now holding the previous site, to be removed
    (old,) = [p for p in site.parent.iterdir() if p.name.startswith(".hubmonitor")]
    assert files(old) == before
    assert CliRunner().invoke(main, ["dashboard", *map(str, results), "--out", str(site)]).exit_code == 0
    assert siblings(site) == []


def test_r19_killed_between_two_renames_the_next_run_puts_the_previous_site_back(
        tmp_path: Path, results: list[Path], site: Path) -> None:
    before = files(site)
    killed("aside", 1, "dashboard", *results, "--out", site, "--reproducible", "--lang", "en")
    assert not site.exists()
    assert siblings(site) == [".hubmonitor-new-site", ".hubmonitor-old-site"]
    (aside,) = [p for p in site.parent.iterdir() if p.name.startswith(".hubmonitor-old-")]
    assert files(aside) == before  # whole, set aside
    again = CliRunner().invoke(main, ["dashboard", *map(str, results), "--out", str(site), "--lang", "en"])
    assert again.exit_code == 0
    assert siblings(site) == []
    assert (site / "noter.txt").read_text(encoding="utf-8") == "mine\n"  # the previous site was put back first


def test_r19_a_running_build_s_folder_is_not_taken_for_an_orphan(tmp_path: Path, results: list[Path],
                                                                 site: Path) -> None:
    busy = site.parent / ".hubmonitor-new-site-busy1234"
    stale = site.parent / ".hubmonitor-new-site-stale123"
    other = site.parent / ".hubmonitor-new-sites-abcd1234"  # the temporary folder of another --out ('sites')
    for folder in (busy, stale, other):
        folder.mkdir()
    fd = os.open(busy, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        assert CliRunner().invoke(main, ["dashboard", *map(str, results), "--out", str(site)]).exit_code == 0
    finally:
        os.close(fd)
    assert busy.exists() and other.exists() and not stale.exists()


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
        (out / f"hub-{year}.json").write_text(f"old {year}\n", encoding="utf-8")
    return tmp_path / "contracts", data, out


def _years_args(contracts: Path, data: Path | str, out: Path) -> list[str]:
    return ["evaluate", str(contracts / "{year}.yaml"), "--years", "2023-2024", "--data", str(data),
            "--json", str(out / "hub-{year}.json")]


def test_r19_killed_after_the_first_year_both_previous_files_stay(years: tuple[Path, Path, Path]) -> None:
    contracts, data, out = years
    killed("staged", 1, *_years_args(contracts, data, out))
    assert [(p.name, p.read_text(encoding="utf-8")) for p in sorted(out.iterdir()) if not p.name.startswith(".")] == [
        ("hub-2023.json", "old 2023\n"), ("hub-2024.json", "old 2024\n")]
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
        ("hub-2023.json", "old 2023\n"), ("hub-2024.json", "old 2024\n")]
