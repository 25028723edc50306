"""A review (7 December 2026, evening): `hubmonitor demo` killed with SIGKILL or SIGTERM left its spawned
worker alive (re-parented, minutes later), and after SIGTERM the worker went on writing a hub's files
into the folder a new run would write. The worker now ends once its parent is gone, its running task
interrupted as Ctrl-C interrupts it (``demo.parallel._orphaned``); SIGTERM stops every command as Ctrl-C
does ("Afbrudt.", the temporary files removed: ``cli._terminate_as_interrupt``).

Real processes: the demo is started as a user starts it and killed once its worker is at work."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from hubmonitor.demo.parallel import worker_count

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux") or worker_count() < 2,
                                reason="the demo spawns a worker on Linux with two CPUs")


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(c) for c in path.read_text().split()] if path.exists() else []


def _running(pid: int) -> bool:
    """Alive and not a zombie waiting to be reaped."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def _demo_at_work(out: Path, group: bool = False) -> tuple[subprocess.Popen[bytes], list[int]]:
    """The demo started, once its worker runs (its children: the worker and multiprocessing's tracker);
    its messages in ``err.txt`` beside ``out`` (not a pipe, which a worker left alive would hold open)."""
    with (out.parent / "err.txt").open("wb") as err:
        demo = subprocess.Popen([sys.executable, "-m", "hubmonitor.cli", "demo", "--out", str(out), "--scale", "1"],
                                stdout=subprocess.DEVNULL, stderr=err, start_new_session=group)
    deadline = time.monotonic() + 60
    while len(_children(demo.pid)) < 2 and time.monotonic() < deadline and demo.poll() is None:
        time.sleep(0.05)
    children = _children(demo.pid)
    assert len(children) >= 2, "the demo's worker did not start"
    time.sleep(1.0)  # at work on a hub's files
    return demo, children


def _gone(pids: list[int], within: float = 45.0) -> bool:
    deadline = time.monotonic() + within
    while any(_running(p) for p in pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    return not any(_running(p) for p in pids)


def test_a_killed_demos_worker_ends_and_stops_writing(tmp_path: Path) -> None:
    out = tmp_path / "demo"
    demo, children = _demo_at_work(out)
    demo.kill()
    demo.wait(timeout=60)
    assert _gone(children), "the worker lives on after its parent was killed"
    files = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}
    time.sleep(1.0)
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()} == files  # nothing written since
    # (the killed process's own temporary may be left: the next run removes it)


def test_sigterm_stops_the_demo_as_ctrl_c_does(tmp_path: Path) -> None:
    out = tmp_path / "demo"
    demo, children = _demo_at_work(out)
    os.kill(demo.pid, signal.SIGTERM)
    assert demo.wait(timeout=60) == 1
    assert (tmp_path / "err.txt").read_text(encoding="utf-8").strip().endswith("Afbrudt.")
    assert _gone(children)
    assert not [p for p in out.rglob("*") if p.name.startswith(".hubmonitor")]  # no temporary left


def test_sigterm_to_the_process_group_leaves_no_temporary(tmp_path: Path) -> None:
    """A second review: SIGTERM to the demo's whole process group (``kill -- -PGID``, a cancelled job) killed
    the worker mid-write, its temporary file left; the worker now takes SIGTERM as Ctrl-C."""
    out = tmp_path / "demo"
    demo, children = _demo_at_work(out, group=True)
    os.killpg(demo.pid, signal.SIGTERM)
    assert demo.wait(timeout=60) == 1
    assert _gone(children)
    assert not [p for p in out.rglob("*") if p.name.startswith(".hubmonitor")]


def test_a_worker_started_after_its_run_was_killed_ends() -> None:
    """A third review: a run killed while its worker was starting left the worker asking for its parent
    once started, told 1 (init), and waiting on that for ever, holding the output folder. The worker is
    now given the run's process id: here a process set up as a worker of a run that is gone ends in time."""
    code = ("import multiprocessing, time\n"
            "from hubmonitor.demo.parallel import _start_worker\n"
            "_start_worker(multiprocessing.get_context('spawn').Event(), None, parent=1_999_999_999)\n"
            "time.sleep(60)\n")
    worker = subprocess.run([sys.executable, "-c", code], timeout=30, capture_output=True)
    assert worker.returncode == 1, worker.stderr
