"""The demo's per-hub work (generating a hub's files, evaluating a hub's years) in two processes.

- ``min(2, CPUs)`` at work: this process and one spawned worker (never ``fork``: polars' thread
  pool deadlocks in a forked child); none spawned (the caller runs sequentially, as before) on one CPU.
- ``Workers.map`` hands out the tasks heaviest first, the worker's when it is free and this
  process's whenever the outcome it is to give next is not there yet, and gives the outcomes back
  in the order of the tasks, so the caller prints progress and raises the first error in the
  sequential order. A task run here fails as one run in the worker does (its outcome), except
  Ctrl-C, which stops it at once.
- A task's exception comes back as the same exception (type, message, attributes, the file being
  read), with the worker's traceback as its cause for ``--debug``.
- Stopping (an error, Ctrl-C): the workers are started with SIGINT held; while a task runs, the
  first SIGINT raises ``KeyboardInterrupt`` in it, so its atomic writes remove their temporary files
  as in the sequential run. On the way out of ``workers()`` the tasks not started are skipped, the
  running ones interrupted, and the workers waited for.
"""

from __future__ import annotations

import _thread
import multiprocessing
import os
import pickle
import signal
import threading
import time
import traceback
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from functools import partial
from multiprocessing.synchronize import Event
from pathlib import Path
from typing import Any

from hubmonitor.errors import HubmonitorError, said

MAX_WORKERS = 2  # processes at work, this one included: two hubs' data in memory at a time
# (at --scale 57 a hub's evaluation holds ~10^6 rows)


def worker_count() -> int:
    """The size of the demo's pool (``workers()``): how many processes it puts to work, this one
    and the workers it spawns, ``min(MAX_WORKERS, CPUs this process may run on)``; on one CPU 0,
    no pool at all (everything runs in this process, as the sequential code does).
    Whatever the scale: a hub's work has a fixed part (reading its contracts, polars' start, four
    evaluations) that outweighs starting a worker even at --scale 0.005 (docs/decisions.md, "The
    demo on two cores")."""
    cpus = os.cpu_count() or 1
    if hasattr(os, "sched_getaffinity"):
        cpus = min(cpus, len(os.sched_getaffinity(0)))
    count = min(MAX_WORKERS, cpus)
    return count if count > 1 else 0


@dataclass
class Trace:
    """What a task reports besides its value, also when it fails: the progress steps it reached and
    free marks (``evaluate``'s: which contract was being loaded)."""

    steps: list[str] = field(default_factory=list)
    marks: dict[str, int | None] = field(default_factory=dict)


@dataclass
class Outcome:
    trace: Trace
    value: Any = None
    error: bytes | None = None  # the pickled exception (``_portable``)
    file: str | None = None  # the file being read when it was raised (``reading.file_of``)
    remote: str = ""  # the traceback where the task ran (the worker's, or this process's)
    interrupted: bool = False

    @property
    def failed(self) -> bool:
        return self.error is not None or self.interrupted

    def raise_error(self) -> None:
        """Raise the task's exception here as it was raised in the worker (a no-op when it did not fail)."""
        if self.interrupted:
            raise KeyboardInterrupt
        if self.error is None:
            return
        from hubmonitor.io.reading import reading

        exc = pickle.loads(self.error)
        exc.__cause__ = _RemoteTraceback(self.remote)
        if self.file is None:
            raise exc
        with reading(self.file):  # marks it (if no file is marked) for the last-resort message
            raise exc


class _RemoteTraceback(Exception):
    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class _Rebuilt:
    """An exception that does not pickle as itself (an ``__init__`` whose arguments are not its
    ``args``, as ``DataError``'s): made again from its class, ``args`` and attributes."""

    def __init__(self, exc: BaseException) -> None:
        self.cls, self.args = type(exc), exc.args
        self.state = {k: v for k, v in vars(exc).items() if _pickles(v)}

    def __reduce__(self) -> tuple[Any, ...]:
        return _rebuild, (self.cls, self.args, self.state)


def _rebuild(cls: type[BaseException], args: tuple[Any, ...], state: dict[str, Any]) -> BaseException:
    exc = cls.__new__(cls, *args)
    exc.args = args
    exc.__dict__.update(state)
    return exc


def _pickles(value: object) -> bool:
    try:
        pickle.dumps(value)
    except Exception:
        return False
    return True


def _portable(exc: BaseException) -> bytes:
    """``exc`` as bytes that unpickle into an exception of its type with its message and attributes."""
    with suppress(Exception):
        data = pickle.dumps(exc)
        copy = pickle.loads(data)
        if type(copy) is type(exc) and str(copy) == str(exc):
            return data  # e.g. an OSError keeps its errno, strerror and file name only so
    with suppress(Exception):
        data = pickle.dumps(_Rebuilt(exc))
        copy = pickle.loads(data)
        if type(copy) is type(exc) and str(copy) == str(exc):
            return data
    return pickle.dumps(RuntimeError(f"{type(exc).__name__}: {exc}"))


# --- in the worker -----------------------------------------------------------------------------

_busy = False  # a task is running: the first SIGINT interrupts it
_running = False  # a task is running or cleaning up after an interrupt (``_orphaned`` waits for it)
_stop: Event | None = None


def _on_sigint(signum: int, frame: object) -> None:
    global _busy
    if _busy:
        _busy = False  # once: a second SIGINT must not break the cleanup of the first
        raise KeyboardInterrupt


def _on_sigterm(signum: int, frame: object) -> None:
    """SIGTERM (a whole process group killed: ``kill -- -PGID``, a cancelled job): a running task stops as
    Ctrl-C stops it, so that its atomic writes remove their temporary files (a review found them left);
    one already cleaning up goes on; an idle worker ends at once."""
    global _busy
    if _busy:
        _busy = False
        raise KeyboardInterrupt
    if _running:  # a task cleaning up after a Ctrl-C (the run's own SIGINT came first): let it finish
        return
    os._exit(128 + signum)


_held: int | None = None  # the output folder held shared with the run (``output.hold_folder``)


def _start_worker(stop: Event, hold: str | None = None, parent: int | None = None) -> None:
    """``parent``: the run's process id, given by it (a worker asking once started would be told 1 where
    the run was killed while it started, and wait on that for ever: a review)."""
    global _stop, _held
    _stop = stop
    signal.signal(signal.SIGINT, _on_sigint)
    signal.signal(signal.SIGTERM, _on_sigterm)
    if hasattr(signal, "pthread_sigmask"):  # started with SIGINT held (``_sigint_held``): a Ctrl-C since, now
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    if hold is not None:  # a worker outliving a killed run keeps the next one out of the folder till it ends
        from hubmonitor.io.output import hold_folder

        _held = hold_folder(Path(hold))
    threading.Thread(target=_orphaned, args=(os.getppid() if parent is None else parent,), name="parent-watch",
                     daemon=True).start()


ORPHAN_POLL = 0.5  # seconds between a worker's looks at its parent
ORPHAN_GRACE = 10.0  # seconds an orphaned worker's interrupted task has to clean up before it ends


def _orphaned(parent: int) -> None:
    """End the worker once the process that started it is gone (killed: SIGKILL, or SIGTERM before this
    process handled it): a review found a killed demo's worker alive minutes later, writing a hub's
    files into the folder a new run was writing. A running task is interrupted as Ctrl-C interrupts it
    (its atomic writes remove their temporary files), then the worker ends."""
    while os.getppid() == parent:
        time.sleep(ORPHAN_POLL)
    if _busy:
        _thread.interrupt_main()  # SIGINT's handler: KeyboardInterrupt in the task
    waited = 0.0
    while _running and waited < ORPHAN_GRACE:  # (also a cleanup a Ctrl-C began before the parent died)
        time.sleep(ORPHAN_POLL / 5)
        waited += ORPHAN_POLL / 5
    os._exit(1)


def _failed(trace: Trace, exc: Exception) -> Outcome:
    """The outcome of a task that raised ``exc``, wherever it ran: the exception as bytes, the file
    being read, the traceback."""
    from hubmonitor.io.reading import file_of

    return Outcome(trace, error=_portable(exc), file=file_of(exc), remote="".join(traceback.format_exception(exc)))


def _call(task: Callable[..., Any], args: tuple[Any, ...]) -> Outcome:
    """Run ``task(trace, *args)`` in a worker: its value, or its exception as bytes; skipped when stopping."""
    global _busy, _running
    trace = Trace()
    _busy = _running = True
    try:
        if _stop is not None and _stop.is_set():
            return Outcome(trace, interrupted=True)
        return Outcome(trace, value=task(trace, *args))
    except KeyboardInterrupt:
        return Outcome(trace, interrupted=True)
    except Exception as exc:
        return _failed(trace, exc)
    finally:
        _busy = _running = False


# --- in the caller -----------------------------------------------------------------------------

_BROKEN = said("en arbejdsproces stoppede uventet (for lidt hukommelse?)",
               "a worker process stopped unexpectedly (out of memory?)")


class _Noted:
    interrupted = False


@contextmanager
def _interrupts_noted() -> Iterator[_Noted]:
    """For a task run here: Ctrl-C raises ``KeyboardInterrupt`` as always, and is noted, so that a
    library that swallows it (pydantic-core inside an ``isinstance``, polars turning it into a
    ``TypeError``) cannot let the run go on (``_call_here`` raises it again). Only in the main
    thread, and only where Ctrl-C has Python's own handler."""
    noted = _Noted()
    if threading.current_thread() is not threading.main_thread() \
            or signal.getsignal(signal.SIGINT) is not signal.default_int_handler:
        yield noted
        return

    def on_signal(signum: int, frame: object) -> None:
        noted.interrupted = True
        raise KeyboardInterrupt

    # SIGTERM too where the command line takes it as Ctrl-C (``cli._terminate_as_interrupt``)
    terminate = signal.getsignal(signal.SIGTERM)
    signal.signal(signal.SIGINT, on_signal)
    if callable(terminate):
        signal.signal(signal.SIGTERM, on_signal)
    try:
        yield noted
    finally:
        signal.signal(signal.SIGINT, signal.default_int_handler)
        if callable(terminate):
            signal.signal(signal.SIGTERM, terminate)


def _call_here(task: Callable[..., Any], args: tuple[Any, ...]) -> Outcome:
    """``_call`` in this process: a failure is the same outcome; Ctrl-C stops it at once, as in the
    sequential run, also when the task's libraries swallowed it (``_interrupts_noted``)."""
    trace = Trace()
    with _interrupts_noted() as noted:
        try:
            outcome = Outcome(trace, value=task(trace, *args))
        except Exception as exc:
            outcome = _failed(trace, exc)
    if noted.interrupted:
        raise KeyboardInterrupt
    return outcome


class _Plan:
    """Where the tasks of one ``Workers.map`` are: pending (heaviest first), with the worker, done
    here; and what is known to have gone wrong. Read and changed under ``lock``: the worker's
    done-callback runs in another thread."""

    def __init__(self, order: Sequence[int]) -> None:
        self.pending = deque(order)
        self.futures: dict[int, Future[Outcome]] = {}
        self.here: dict[int, Outcome] = {}
        self.failed_at = len(order)  # the first task, in the order of the items, known to have failed
        self.broken = False  # the worker died: nothing more is started
        self.lock = threading.Lock()

    def next_task(self, asked: int) -> int | None:
        """The heaviest pending task still worth running: one before the first known failure (a
        later one's outcome is never given), or one up to ``asked``, the outcome wanted now."""
        if self.broken:
            return None
        for i in self.pending:
            if i < self.failed_at or i <= asked:
                self.pending.remove(i)
                return i
        return None

    def done(self, i: int, outcome: Outcome) -> None:
        if outcome.failed:
            self.failed_at = min(self.failed_at, i)


class Workers:
    """``count`` at work on the demo's per-hub tasks (``workers()``): this process and ``count`` - 1
    spawned worker processes. This process would otherwise only wait, and a worker it does not
    start saves a second import of everything (0.9 s of CPU: a seventh of the demo's)."""

    def __init__(self, count: int, hold: Path | None = None) -> None:
        self._context = multiprocessing.get_context("spawn")
        self._stop = self._context.Event()
        self._spawned = count - 1
        self._hold = hold
        self._executor = ProcessPoolExecutor(max_workers=self._spawned, mp_context=self._context,
                                             initializer=_start_worker,
                                             initargs=(self._stop, None if hold is None else str(hold), os.getpid()))

    def map(self, task: Callable[..., Any], items: Sequence[tuple[Any, ...]],
            weights: Sequence[float] | None = None) -> Iterator[Outcome]:
        """``task(trace, *item)`` for every item, the heaviest first; the outcomes in the order of
        ``items``. A worker is handed the next task when it is free (at the start: the heaviest);
        this process takes the next one whenever the outcome it is to give next is not there yet.
        Once a task has failed, no task after it (in the order of the items) is started; once the
        worker has died, none at all, and the next outcome not there is the error."""
        plan = _Plan(sorted(range(len(items)), key=lambda i: -weights[i]) if weights else range(len(items)))

        def feed(finished: int | None = None, future: Future[Outcome] | None = None) -> None:
            """Hand the worker its next task; also the callback of the one it finished."""
            with plan.lock:
                if future is not None and finished is not None and not future.cancelled():
                    error = future.exception()  # a task's own exception is in its outcome: this is the pool's
                    if isinstance(error, BrokenProcessPool):
                        plan.broken = True
                    elif error is None:
                        plan.done(finished, future.result())
                if self._stop.is_set() or (i := plan.next_task(-1)) is None:
                    return
                try:
                    plan.futures[i] = self._executor.submit(_call, task, items[i])
                except BrokenProcessPool:
                    plan.broken = True
                    return
                except RuntimeError:  # shut down: left to this process
                    plan.pending.appendleft(i)
                    return
            plan.futures[i].add_done_callback(partial(feed, i))

        def take(n: int) -> int | None:
            """The next task for this process, or None when outcome ``n`` is there, or coming from
            the worker, or will not come (the worker died)."""
            with plan.lock:
                if n in plan.here or (n in plan.futures and plan.futures[n].done()):
                    return None
                return plan.next_task(n)

        with _sigint_held():  # the workers start with SIGINT held, till their handler is in place
            for _ in range(self._spawned):
                feed()
        for n in range(len(items)):
            while (i := take(n)) is not None:
                outcome = _call_here(task, items[i])
                with plan.lock:
                    plan.here[i] = outcome
                    plan.done(i, outcome)
            if n in plan.here:
                yield plan.here.pop(n)
                continue
            if n not in plan.futures:  # never started: the worker died
                raise HubmonitorError(_BROKEN)
            try:
                yield plan.futures[n].result()
            except BrokenProcessPool as exc:
                raise HubmonitorError(_BROKEN) from exc

    def close(self, interrupt: bool) -> None:
        """End the workers. With ``interrupt``: skip the tasks not started, interrupt the running and
        wait till the workers have ended. Without: let them finish the task they have, if any (a
        worker is handed one at a time), and end while this process goes on (their exit took 0.1 s);
        ``concurrent.futures`` waits for them when this process exits. Workers that hold the run's output
        folder (``hold``) are waited for: the next run into it must not find it held by them (a test ran two
        demos one after the other and the second was refused)."""
        if interrupt:
            self._stop.set()
            for process in list(getattr(self._executor, "_processes", {}).values()):
                with suppress(OSError):
                    os.kill(process.pid, signal.SIGINT)
        self._executor.shutdown(wait=interrupt or self._hold is not None, cancel_futures=interrupt)


@contextmanager
def workers(count: int, hold: Path | None = None) -> Iterator[Workers | None]:
    """``count`` at work for the block, this process one of them (None when ``count`` < 2: run in this process);
    leaving the block by an exception (Ctrl-C too) stops them, and waits till they have. ``hold``: the
    output folder this run holds (``output.folder_lock``), held by the workers too."""
    if count < 2:
        yield None
        return
    pool = Workers(count, hold)
    try:
        yield pool
    except BaseException:
        pool.close(interrupt=True)
        raise
    pool.close(interrupt=False)


@contextmanager
def _sigint_held() -> Iterator[None]:
    """SIGINT held back in this thread for the block (a child started in it inherits that, and lets
    it through once its own handler is in place: ``_start_worker``), when this is the main thread,
    where signals are handled. Held, not ignored: a Ctrl-C while a worker starts is delivered when
    the block ends and stops the run (ignored, it was lost, and the demo ran to its end: the Ctrl-C
    test failed once in four runs). Where signals cannot be held (Windows), ignored as before."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    if not hasattr(signal, "pthread_sigmask"):  # pragma: no cover - not on POSIX
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
        try:
            yield
        finally:
            signal.signal(signal.SIGINT, previous)
        return
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
