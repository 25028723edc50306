"""The demo's hubs in worker processes (hubmonitor/demo/parallel.py): the same files, the same
output, the same error as the sequential run, and one CPU (or a small demo) in this process."""

from __future__ import annotations

import errno
import hashlib
import multiprocessing
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from hubmonitor.cli import _unexpected, main
from hubmonitor.demo import generate, parallel
from hubmonitor.demo.hubs import HUBS
from hubmonitor.demo.parallel import Outcome, Trace, worker_count, workers
from hubmonitor.demo.pipeline import DemoJob, contracts_dir, demo_jobs, evaluate_jobs
from hubmonitor.errors import ContractError, DataError, HubmonitorError, said
from hubmonitor.io.reading import NotRegularFileError, file_of, reading

SCALE = "0.02"


def _cpus(monkeypatch: pytest.MonkeyPatch, count: int, allowed: int | None = None) -> None:
    monkeypatch.setattr(os, "cpu_count", lambda: count)
    if hasattr(os, "sched_getaffinity"):
        monkeypatch.setattr(os, "sched_getaffinity", lambda pid: set(range(allowed or count)))


def _tree(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _demo(monkeypatch: pytest.MonkeyPatch, out: Path, cpus: int, *extra: str) -> Result:
    """``hubmonitor demo`` at scale 0.02, in workers when ``cpus`` > 1."""
    _cpus(monkeypatch, cpus)
    return CliRunner().invoke(main, ["demo", "--out", str(out), "--scale", SCALE, "--reproducible", *extra])


def _shown(result: Result, out: Path) -> tuple[int, str, str]:
    return result.exit_code, result.stdout.replace(str(out), "OUT"), result.stderr.replace(str(out), "OUT")


# --- how many workers ----------------------------------------------------------------------------

def test_one_cpu_runs_in_this_process_and_more_put_two_processes_to_work(monkeypatch: pytest.MonkeyPatch) -> None:
    _cpus(monkeypatch, 1)
    assert worker_count() == 0
    _cpus(monkeypatch, 8, allowed=1)  # allowed to run on one CPU only (a container, taskset)
    assert worker_count() == 0
    _cpus(monkeypatch, 2)
    assert worker_count() == 2
    _cpus(monkeypatch, 8)
    assert worker_count() == 2  # MAX_WORKERS: two hubs' data in memory at a time
    with workers(0) as pool:
        assert pool is None


def test_on_one_cpu_the_demo_starts_no_worker(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(count: int) -> None:
        raise AssertionError("no worker on one CPU")

    monkeypatch.setattr(parallel, "Workers", refuse)
    result = _demo(monkeypatch, tmp_path / "demo", 1)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == f"Dashboards: {tmp_path / 'demo' / 'dashboards' / 'index.html'}"


def _where(trace: Trace, name: str) -> tuple[str, int]:
    trace.steps.append(name)
    return name, os.getpid()


def test_this_process_works_beside_one_spawned_worker() -> None:
    """Two at work: the heaviest task to the spawned worker at the start, the next heaviest here at
    once (this process would otherwise wait); the outcomes in the order of the tasks."""
    with workers(2) as pool:
        assert pool is not None
        outcomes = list(pool.map(_where, [("light",), ("heavy",), ("middle",)], weights=[1.0, 3.0, 2.0]))
        assert len(pool._executor._processes) == 1  # one process spawned, not two
    assert [o.value[0] for o in outcomes] == ["light", "heavy", "middle"]
    assert [o.trace.steps for o in outcomes] == [["light"], ["heavy"], ["middle"]]
    where = dict(o.value for o in outcomes)
    assert where["heavy"] != os.getpid() and where["middle"] == os.getpid()


def test_a_task_that_fails_here_fails_as_in_a_worker() -> None:
    """The same outcome as ``_call`` in a worker (the exception as itself, the file, the steps reached)."""
    here, there = parallel._call_here(_os_error, ()), parallel._call(_os_error, ())
    assert (here.failed, here.trace.steps, here.file) == (there.failed, there.trace.steps, there.file)
    assert type(_again(here)) is type(_again(there)) and str(_again(here)) == str(_again(there))


def _marked(trace: Trace, name: str, folder: str) -> str:
    """A task that writes down that it ran; in the spawned worker, ``fail`` fails and ``die`` is
    killed (both after leaving word in ``gone``); ``wait…`` waits for that word and a second more
    (time for the pool to see the worker's end)."""
    with open(Path(folder) / "ran", "a", encoding="utf-8") as fh:
        fh.write(name + "\n")
    gone = Path(folder) / "gone"
    if name in ("fail", "die") and multiprocessing.parent_process() is not None:
        gone.write_text(name, encoding="utf-8")
        if name == "die":
            os.kill(os.getpid(), signal.SIGKILL)
        raise ValueError("failed in the worker")
    if name.startswith("wait"):
        for _ in range(1500):
            if gone.exists():
                break
            time.sleep(0.02)
        time.sleep(1.0)
    return name


def _ran(folder: Path) -> list[str]:
    return (folder / "ran").read_text(encoding="utf-8").split()


def test_a_worker_that_dies_stops_the_run_at_once(tmp_path: Path) -> None:
    """The heaviest task (the third) goes to the worker, which is killed; this process finishes the
    task it has and then gives the error, starting none of the others (they would all run, and
    be thrown away, before the third outcome was asked for)."""
    names = ["wait-1", "wait-2", "die", "wait-4", "wait-5"]
    with workers(2) as pool:
        assert pool is not None
        outcomes = pool.map(_marked, [(name, str(tmp_path)) for name in names], weights=[1, 1, 9, 1, 1])
        with pytest.raises(HubmonitorError, match="a worker process stopped unexpectedly"):
            list(outcomes)
    assert sorted(_ran(tmp_path)) == ["die", "wait-1"]


def test_after_a_failure_no_later_task_is_started(tmp_path: Path) -> None:
    """The second task fails in the worker while this process runs the first: the worker is given
    no further task, and this process none after the failed one, whose outcome comes next."""
    names = ["wait-1", "fail", "later-3", "later-4", "later-5"]
    with workers(2) as pool:
        assert pool is not None
        outcomes = pool.map(_marked, [(name, str(tmp_path)) for name in names], weights=[1, 9, 1, 1, 1])
        first, second = next(outcomes), next(outcomes)
        outcomes.close()
    assert (first.value, second.failed) == ("wait-1", True)
    assert sorted(_ran(tmp_path)) == ["fail", "wait-1"]


def _swallows_ctrl_c(trace: Trace) -> str:
    try:
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(2)
    except KeyboardInterrupt:  # as pydantic-core does inside an isinstance check
        pass
    return "went on"


def _turns_ctrl_c_into_an_error(trace: Trace) -> str:
    try:
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(2)
    except KeyboardInterrupt:  # as polars once did: "… is not a Polars data type"
        raise TypeError("'<unprintable str object>' is not a Polars data type") from None
    return "went on"


@pytest.fixture
def sigint(request: pytest.FixtureRequest) -> Iterator[None]:
    """Ctrl-C's handler set for the test (``request.param``), and the one before put back: pytest
    started in the background of a shell (``&``, nohup) inherits Ctrl-C ignored, not Python's own."""
    before = signal.signal(signal.SIGINT, request.param)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, before)


@pytest.mark.parametrize("sigint", [signal.default_int_handler], indirect=True)
@pytest.mark.parametrize("task", [_swallows_ctrl_c, _turns_ctrl_c_into_an_error])
def test_ctrl_c_in_a_task_run_here_stops_even_when_a_library_swallows_it(task: Any, sigint: None) -> None:
    with pytest.raises(KeyboardInterrupt):
        parallel._call_here(task, ())
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler  # Python's own handler again


@pytest.mark.parametrize("sigint", [signal.SIG_IGN], indirect=True)
def test_ctrl_c_ignored_by_whoever_started_the_run_stays_ignored(sigint: None) -> None:
    """Started with Ctrl-C ignored (nohup, a background job), a task run here is not stopped by it,
    and Ctrl-C is still ignored after it: the handler is only set where Python's own was."""
    assert parallel._call_here(_swallows_ctrl_c, ()).value == "went on"
    assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN


# --- the same bytes, the same output -------------------------------------------------------------

def test_workers_write_the_same_files_and_print_the_same(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    alone = _demo(monkeypatch, tmp_path / "alone", 1)
    shared = _demo(monkeypatch, tmp_path / "shared", 2)
    assert alone.exit_code == 0, alone.output
    assert _shown(shared, tmp_path / "shared") == _shown(alone, tmp_path / "alone")
    tree = _tree(tmp_path / "alone")
    assert len(tree) > 24 * 2 + 6 * 13 and _tree(tmp_path / "shared") == tree
    steps = [line for line in shared.stderr.splitlines() if line.startswith("Genererer ")]
    assert steps == [f"Genererer {p.slug} {year}" for p in HUBS for year in range(2021, 2026)]  # in hub order
    reused = _demo(monkeypatch, tmp_path / "shared", 2)  # complete: only evaluated, in workers
    assert reused.exit_code == 0 and "genbrugt" in reused.stderr and _tree(tmp_path / "shared") == tree


# --- errors: the sequential run's message --------------------------------------------------------

def test_a_hub_folder_that_cannot_be_written_gives_the_same_message(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    shown = []
    for name, cpus in (("alone", 1), ("shared", 2)):
        data = tmp_path / name / "demo" / "data"
        data.mkdir(parents=True)
        # an interrupted run's demo.json that was about to write "fyn": a file there is the demo's own
        (data / "demo.json").write_text('{"generator": 2, "seed": 2024, "scale": 0.02, "writing": ["fyn"]}\n')
        (data / "fyn").write_text("not a folder\n")
        result = _demo(monkeypatch, tmp_path / name / "demo", cpus)
        shown.append(_shown(result, tmp_path / name / "demo"))
        assert not [p for p in (tmp_path / name).rglob(".hubmonitor-*")]  # no temporary file left
    assert shown[0] == shown[1]
    code, stdout, stderr = shown[0]
    assert code == 1 and stdout == ""
    assert stderr.splitlines()[-1].startswith("Fejl [cannot-write]: OUT/data: kan ikke skrives: ")
    assert stderr.splitlines()[:-1] == [*(f"Genererer {p.slug} {year}" for p in HUBS[:2] for year in range(2021, 2026)),
                                        "Genererer fyn 2021"]  # up to the step that failed, as before


@pytest.fixture(scope="module")
def small_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate(tmp_path_factory.mktemp("demo") / "data", scale=0.02).folder


def _broken(tmp_path: Path, small_demo: Path, *, fifo: str | None = None, contract: str | None = None) -> list[DemoJob]:
    """The demo's jobs on a copy of its data and contracts: ``fifo`` (hub/file) a FIFO, ``contract``
    (hub/year) not YAML."""
    from hubmonitor.demo.write import DemoData

    data, contracts = tmp_path / "data", tmp_path / "contracts"
    shutil.copytree(small_demo, data)
    shutil.copytree(contracts_dir(), contracts)
    if fifo:
        (data / fifo).unlink()
        os.mkfifo(data / fifo)
    if contract:
        (contracts / f"{contract}.yaml").write_text("targets: [\n", encoding="utf-8")
    return demo_jobs(DemoData(data, 2024, 0.02, 0, 0, generated=False), contracts)


def _first_error(jobs: list[DemoJob], pool: parallel.Workers | None) -> tuple[type, str, list[str]]:
    done = []
    with pytest.raises(HubmonitorError) as caught:
        for job, _ in evaluate_jobs(jobs, pool):
            done.append(job.name)
    return type(caught.value), caught.value.text("en"), done


@pytest.mark.parametrize(("fifo", "contract", "expected"), [
    ("hovedstaden/crm_activities_2023.csv", None, NotRegularFileError),
    # evaluate_each loads the next hub's first contract before it reads this hub's folder
    ("hovedstaden/crm_activities_2023.csv", "sjaelland/2022", ContractError),
    ("hovedstaden/crm_activities_2023.csv", "sjaelland/2023", NotRegularFileError),
    (None, "fyn/2024", ContractError),
])
def test_an_evaluation_error_is_the_one_the_sequential_run_meets_first(
        tmp_path: Path, small_demo: Path, fifo: str | None, contract: str | None, expected: type) -> None:
    jobs = _broken(tmp_path, small_demo, fifo=fifo, contract=contract)
    alone = _first_error(jobs, None)
    assert alone[0] is expected
    with workers(2) as pool:
        assert _first_error(jobs, pool) == alone


# --- an exception crosses as itself --------------------------------------------------------------

def _fifo_refused(trace: Trace, path: str) -> None:
    raise NotRegularFileError(path, said("er ikke en almindelig fil", "is not a regular file"))


def _os_error(trace: Trace) -> None:
    trace.steps.append("one")
    raise FileNotFoundError(errno.ENOENT, "No such file or directory", "/x/fyn/evaluations_2022.csv")


def _unforeseen(trace: Trace) -> None:
    try:
        with reading("hovedstaden/crm_activities_2023.csv"):
            raise ZeroDivisionError("division by zero")
    except ZeroDivisionError as exc:
        raise ValueError("the row could not be typed") from exc


class _Odd(Exception):
    def __init__(self, code: int, where: Iterator[int]) -> None:
        self.code, self.where = code, where  # a generator does not pickle
        super().__init__(f"odd {code}")


def _odd(trace: Trace) -> None:
    raise _Odd(7, (i for i in [1]))


def _again(outcome: Outcome) -> BaseException:
    with pytest.raises(BaseException) as caught:
        outcome.raise_error()
    return caught.value


def test_an_exception_comes_back_with_its_type_message_and_file() -> None:
    refused = _again(parallel._call(_fifo_refused, ("fyn/x.csv",)))
    assert type(refused) is NotRegularFileError and isinstance(refused, DataError)
    assert (str(refused), refused.file, refused.code) == (
        "fyn/x.csv: er ikke en almindelig fil / is not a regular file", "fyn/x.csv", "not-a-regular-file")
    assert refused.text("en") == "fyn/x.csv: is not a regular file"  # both halves came back
    outcome = parallel._call(_os_error, ())
    assert outcome.trace.steps == ["one"]  # the steps reached before the failure
    missing = _again(outcome)
    assert type(missing) is FileNotFoundError
    assert (missing.errno, missing.strerror, missing.filename) == (
        errno.ENOENT, "No such file or directory", "/x/fyn/evaluations_2022.csv")
    unforeseen = _again(parallel._call(_unforeseen, ()))
    assert file_of(unforeseen) == "hovedstaden/crm_activities_2023.csv"
    assert _unexpected(unforeseen, "da") == (
        "Uventet fejl under læsning af hovedstaden/crm_activities_2023.csv (ValueError: the row could not be typed); "
        "kør igen med --debug for detaljer")
    assert "ZeroDivisionError" in str(unforeseen.__cause__)  # the worker's traceback, for --debug
    odd = _again(parallel._call(_odd, ()))
    assert type(odd) is _Odd and str(odd) == "odd 7" and odd.code == 7 and not hasattr(odd, "where")


def test_a_stopping_pool_skips_the_tasks_not_started(monkeypatch: pytest.MonkeyPatch) -> None:
    stop = parallel.multiprocessing.get_context("spawn").Event()
    stop.set()
    monkeypatch.setattr(parallel, "_stop", stop)
    outcome = parallel._call(_odd, ())
    assert outcome.interrupted and outcome.failed and outcome.trace.steps == []
    with pytest.raises(KeyboardInterrupt):
        outcome.raise_error()


# --- Ctrl-C --------------------------------------------------------------------------------------

_CTRL_C_WHILE_A_WORKER_STARTS = """
import os, signal
from contextlib import contextmanager
import hubmonitor.demo.parallel as parallel
held = parallel._sigint_held
@contextmanager
def starting():
    with held():
        yield  # the worker is being started
        os.killpg(0, signal.SIGINT)  # Ctrl-C now: the run and the starting worker both get it
parallel._sigint_held = starting
from hubmonitor.cli import main
main()
"""


def test_ctrl_c_while_a_worker_starts_stops_the_run(tmp_path: Path) -> None:
    """A Ctrl-C that lands while the worker is being started (SIGINT held there, so that the worker
    does not die of it before its handler is in place) is delivered when the start is done, and stops
    the run: ignored, it was lost and the demo ran to its end (the test below failed once in four)."""
    out = tmp_path / "demo"
    process = subprocess.run([sys.executable, "-c", _CTRL_C_WHILE_A_WORKER_STARTS, "demo", "--out", str(out),
                              "--scale", "0.1"], capture_output=True, start_new_session=True, timeout=120)
    assert process.returncode == 1 and process.stdout == b""
    assert process.stderr.decode().endswith("\nAfbrudt.\n") and b"Traceback" not in process.stderr
    assert not [p for p in out.rglob(".hubmonitor-*")]
    assert not (out / "results").exists()


def test_ctrl_c_stops_the_workers_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    """SIGINT to the whole process group (as a terminal's Ctrl-C) after the first hub is written."""
    out = tmp_path / "demo"
    process = subprocess.Popen([sys.executable, "-c", "from hubmonitor.cli import main; main()", "demo",
                                "--out", str(out), "--scale", "0.3"], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, start_new_session=True)
    assert process.stderr is not None
    first = process.stderr.readline()
    os.killpg(process.pid, signal.SIGINT)
    stdout, stderr = process.communicate(timeout=120)
    assert first.decode() == "Genererer hovedstaden 2021\n"
    assert process.returncode == 1 and stdout == b""
    assert stderr.decode().endswith("\nAfbrudt.\n") and b"Traceback" not in stderr
    assert not [p for p in out.rglob(".hubmonitor-*")]
    assert not (out / "results").exists()
    for _ in range(100):  # every process of the group gone (the resource tracker follows its parent)
        try:
            os.killpg(process.pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.1)
    else:
        raise AssertionError("a worker outlived the command")
