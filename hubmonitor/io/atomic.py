"""Writing so that an interruption leaves the old output or the whole new one, never a mix.

- ``Staged``: a file written to a temporary sibling (``.hubmonitor-<name>-XXXXXXXX.tmp``), locked,
  and renamed over its target only when committed; ``commit_all`` commits several at the end
  (``evaluate --years``); ``write_file`` is one staged file committed at once. A new file gets the
  usual mode (``0666`` less the umask); a file replaced keeps its mode (and, as root, its owner).
- ``write_tree``: a folder built beside the old one (``.hubmonitor-new-<name>-XXXXXXXX``, same file
  system) and swapped in: ``renameat2(RENAME_EXCHANGE)`` on Linux, else the old folder renamed
  aside (``.hubmonitor-old-<name>-XXXXXXXX``) and the new one renamed in. Files of the old folder the
  build does not produce are carried over (hard links, copies where a link is refused).
- A build lists the folders it makes (and the folder it replaces) in a locked journal beside them
  (``.hubmonitor-journal-<name>-XXXXXXXX``: name, device, inode, owner). The next build of the same
  folder removes what a killed build's journal lists, or puts the old folder back when the kill left
  no folder; a temporary-looking folder no journal of ours lists is left alone and mentioned. A
  killed write's temporary file is removed by the next write of the same file when it is ours.
- Ctrl-C (a ``KeyboardInterrupt``; a demo worker is stopped by SIGINT) is held back from the moment
  a temporary is made until something is in charge of removing it (``_interrupt_held``; a staged
  file joins its ``discarding`` list then), and from a folder's swap to the removal of the old one:
  an interrupted write leaves the old output and no temporary.
"""

from __future__ import annotations

import ctypes
import errno
import hashlib
import os
import re
import secrets
import shutil
import signal
import stat
import sys
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, ExitStack, contextmanager, nullcontext, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from hubmonitor.errors import said
from hubmonitor.io.reading import da_int

try:
    import fcntl
except ImportError:  # pragma: no cover  (not POSIX: no locks)
    fcntl = None  # type: ignore[assignment]

PREFIX = ".hubmonitor-"  # every temporary file or folder hubmonitor leaves while writing
CARRY_LIMIT = 20_000  # entries of an old folder carried over into the new one; beyond: written in place
JOURNAL_LIMIT = 65_536  # bytes of a journal read (one holds three short lines)
_RANDOM = "[a-z0-9_]{8}"  # the eight random characters of a temporary name (``secrets.token_hex(4)`` gives them)
_CREATE_TRIES = 100


# --- the names of temporaries: one form ---------------------------------------------------------

NAME_MAX = 255  # bytes of one name in a folder (ext4, XFS, tmpfs, …)


def _named(role: str, name: str, suffix: str) -> str:
    """``name`` as a temporary's name holds it: whole where the temporary's name stays within ``NAME_MAX``
    bytes, else its first bytes and ``~`` with eight hex digits of its hash (the same for the same name,
    so a killed run's temporary is still found; a review: a legal name of 240 bytes was refused as "too
    long" for the 33 bytes a temporary adds)."""
    room = NAME_MAX - len(f"{PREFIX}{role}-xxxxxxxx{suffix}".encode())
    encoded = name.encode("utf-8", "surrogateescape")
    if len(encoded) <= room:
        return name
    tag = "~" + hashlib.sha256(encoded).hexdigest()[:8]
    head = encoded[:room - len(tag)].decode("utf-8", "ignore")  # (a character cut in two: left out)
    return head + tag


def temporary_pattern(role: str = "", name: str | None = None, suffix: str = ".tmp") -> re.Pattern[str]:
    """The one form of every temporary name hubmonitor makes, ``.hubmonitor-<role><name>-XXXXXXXX<suffix>``:
    ``role`` is ``""`` for a file's temporary (suffix ``.tmp``), ``new-``, ``old-`` or ``journal-``
    for a folder's (no suffix); a long name shortened (``_named``). ``name`` None matches any name and
    captures it as the temporary holds it (group 1: ``temporary_of`` tells whose it is)."""
    named = re.escape(_named(role, name, suffix)) if name is not None else "(.+)"
    return re.compile(rf"^{re.escape(PREFIX)}{re.escape(role)}{named}-{_RANDOM}{re.escape(suffix)}$")


def temporary_of(held: str, names: Iterable[str], role: str = "", suffix: str = ".tmp") -> str | None:
    """The one of ``names`` whose temporary holds it as ``held`` (``temporary_pattern``'s group 1: the name,
    or a long one shortened); None when none does."""
    return next((name for name in names if _named(role, name, suffix) == held), None)


def temporary_name(parent: Path, role: str, name: str, suffix: str) -> Path:
    """A fresh name of ``temporary_pattern``'s form in ``parent``."""
    return parent / f"{PREFIX}{role}{_named(role, name, suffix)}-{secrets.token_hex(4)}{suffix}"


def _create(parent: Path, role: str, name: str, suffix: str,
            make: Callable[[Path], int | None]) -> tuple[Path, int | None]:
    """A new temporary ``parent/.hubmonitor-<role><name>-XXXXXXXX<suffix>`` made by ``make`` (which
    must fail with ``FileExistsError`` when the name is taken); the path and what ``make`` returned."""
    for _ in range(_CREATE_TRIES):
        path = temporary_name(parent, role, name, suffix)
        try:
            return path, make(path)
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free temporary name", str(parent))


_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)


@contextmanager
def _interrupt_held() -> Iterator[None]:
    """Ctrl-C (SIGINT) and SIGTERM held back for the block and acted on at its end: between making a
    temporary and taking charge of removing it, a ``KeyboardInterrupt`` would leave it behind (a demo
    worker is stopped by SIGINT while it writes; the command line and the worker take SIGTERM as Ctrl-C).
    Only where Python runs signal handlers (the main thread), for a signal with a Python handler (the
    default SIGINT one raises ``KeyboardInterrupt``)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    handlers: dict[int, Callable[[int, Any], Any]] = {
        int(signum): handler for signum in (signal.SIGINT, signal.SIGTERM)
        if callable(handler := signal.getsignal(signum))}
    caught: list[tuple[int, Any]] = []
    for signum in handlers:
        signal.signal(signum, lambda number, frame: caught.append((number, frame)))
    try:
        yield
    finally:
        for signum, handler in handlers.items():
            signal.signal(signum, handler)
        if caught:
            handlers[caught[0][0]](*caught[0])


def _create_file(parent: Path, name: str, role: str = "", suffix: str = ".tmp", mode: int = 0o666) -> tuple[Path, int]:
    """A new temporary file (``mode`` less the umask, as for any new file) and its descriptor."""
    path, fd = _create(parent, role, name, suffix, lambda p: os.open(p, _NEW_FILE, mode))
    assert fd is not None
    return path, fd


def _create_folder(parent: Path, role: str, name: str) -> Path:
    """A new temporary folder (``0777`` less the umask, as for any new folder)."""
    return _create(parent, role, name, "", lambda p: os.mkdir(p, 0o777))[0]


# --- locks and owners ---------------------------------------------------------------------------

def _lock(fd: int) -> bool:
    """An exclusive lock on ``fd`` if nobody holds one (a killed run's are released with it)."""
    if fcntl is None:  # pragma: no cover
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _root() -> bool:
    return os.geteuid() == 0


def _mine(info: os.stat_result) -> bool:
    return info.st_uid == os.geteuid()


class _CannotCarry(Exception):
    """An entry of the old folder that cannot be carried over as it is: another user's (we may not
    give a file away) or one we cannot read. The folder is then written in place; ``why`` in Danish
    and English."""

    def __init__(self, why: tuple[str, str]) -> None:
        super().__init__(why[1])
        self.why = why


_FOREIGN = ("mappen eller noget i den tilhører en anden bruger (eller gruppe) og kan ikke flyttes med uden at "
            "skifte ejer", "the folder or something in it belongs to another user (or group) and cannot be carried "
            "over without changing its owner")
_UNREADABLE = ("noget i mappen kan ikke læses og derfor ikke flyttes med",
               "something in the folder cannot be read and so cannot be carried over")


def _give_owner(path: Path | int, info: os.stat_result) -> bool:
    """``path`` (a path, not followed, or a descriptor) gets the owner and group ``info`` names; False
    where that is not allowed (only root may give a file away)."""
    now = os.fstat(path) if isinstance(path, int) else os.lstat(path)
    if (now.st_uid, now.st_gid) == (info.st_uid, info.st_gid):
        return True
    try:
        if isinstance(path, int):
            os.fchown(path, info.st_uid, info.st_gid)
        else:
            os.chown(path, info.st_uid, info.st_gid, follow_symlinks=False)
    except OSError:
        return False
    return True


def _like_existing(fd: int, target: Path) -> None:
    """A file replacing the regular file ``target`` keeps its permissions (and its owner, where we
    may give it: as root): a results file or quarantine CSV the user made private stays private."""
    try:
        info = os.lstat(target)
    except OSError:
        return
    if stat.S_ISREG(info.st_mode):
        _give_owner(fd, info)  # where we may not, the new file is ours, as any file we write
        os.fchmod(fd, stat.S_IMODE(info.st_mode) & 0o777)  # never set-user-id, set-group-id or sticky


# --- one file -----------------------------------------------------------------------------------

def _open_unlocked(path: Path) -> int | None:
    """A locked descriptor of ``path`` when no running hubmonitor holds it, else None."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    if _lock(fd):
        return fd
    os.close(fd)
    return None


def clean_file_orphans(target: Path) -> None:
    """Remove the temporary files an interrupted write of ``target`` left beside it: only our own
    (``.hubmonitor-<name>-XXXXXXXX.tmp``, a regular file owned by us, not locked by a running write)."""
    pattern = temporary_pattern("", target.name)
    try:
        names = [n for n in os.listdir(target.parent) if pattern.match(n)]
    except OSError:
        return
    for name in names:
        path = target.parent / name
        fd = _open_unlocked(path)
        if fd is None:
            continue
        try:
            info = os.fstat(fd)
            if stat.S_ISREG(info.st_mode) and _mine(info):
                path.unlink(missing_ok=True)
        finally:
            os.close(fd)


class Staged:
    """A file written to a temporary sibling, locked, and renamed over its target on ``commit``.
    ``charge``: the list (of a ``discarding`` block) the file is added to the moment its temporary
    exists, so that no interruption falls between making it and the block's care of it."""

    def __init__(self, path: Path | str, write: Callable[[BinaryIO], object], charge: list[Staged]) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        clean_file_orphans(self.path)
        self.tmp: Path | None = None
        self._fd: int | None = None  # held, with its lock, until commit or discard
        try:
            with _interrupt_held():  # made and in our (and the block's) charge, or not made
                self.tmp, self._fd = _create_file(self.path.parent, self.path.name)
                charge.append(self)
            fd = self._fd
            _lock(fd)
            _like_existing(fd, self.path)
            with os.fdopen(os.dup(fd), "wb") as fh:
                write(fh)
                fh.flush()
                os.fsync(fh.fileno())
        except BaseException:
            self.discard()
            raise

    def commit(self) -> None:
        if self.tmp is not None:
            os.replace(self.tmp, self.path)
            self.tmp = None
        self._close()

    def discard(self) -> None:
        if self.tmp is not None:
            self.tmp.unlink(missing_ok=True)
            self.tmp = None
        self._close()

    def _close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


def stage(path: Path | str, data: bytes, charge: list[Staged]) -> Staged:
    """``data`` staged for ``path``, in the charge of ``charge`` (see ``Staged``)."""
    return Staged(path, lambda fh: fh.write(data), charge)


def write_file(path: Path | str, write: Callable[[BinaryIO], object]) -> None:
    """Let ``write`` fill ``path`` so that readers see the old file or the whole new one, never a part."""
    staged: list[Staged] = []
    with discarding(staged):
        Staged(path, write, staged)
        commit_all(staged)


def write_bytes(path: Path | str, data: bytes) -> None:
    """``write_file`` of ``data``."""
    write_file(path, lambda fh: fh.write(data))


@contextmanager
def discarding(staged: Sequence[Staged]) -> Iterator[None]:
    """Whatever happens inside, every file of ``staged`` not committed by the end is discarded
    (``staged`` may grow inside the block)."""
    try:
        yield
    finally:
        for item in staged:
            item.discard()


def commit_all(staged: Sequence[Staged],
               guard: Callable[[Staged], AbstractContextManager[object]] | None = None) -> None:
    """Rename every staged file over its target (the window between the renames is the only one in
    which some targets are new and some old); on a failure the rest are discarded. ``guard`` wraps
    each rename (the command line's names the file in its message)."""
    with discarding(staged):
        for item in staged:
            with guard(item) if guard is not None else nullcontext():
                item.commit()


# --- a folder swapped in whole ------------------------------------------------------------------

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
_NO_EXCHANGE = {errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV}


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux ``renameat2(RENAME_EXCHANGE)``); False where the system or
    the file system has no such call."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        call = libc.renameat2
    except (OSError, AttributeError):
        return False
    call.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    call.restype = ctypes.c_int
    if call(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in _NO_EXCHANGE:
        return False
    raise OSError(code, os.strerror(code), str(b))


@dataclass(frozen=True)
class _Entry:
    """A folder a build made or set aside, as its journal recorded it."""

    role: str  # "new": the folder being built; "site": the folder it replaces
    device: int
    inode: int
    owner: int  # the owner it was made for (as root: the old folder's)


class _Journal:
    """The locked file beside ``folder`` listing the folders one build makes and the one it replaces."""

    def __init__(self, folder: Path) -> None:
        self.path, self.fd = _create_file(folder.parent, folder.name, role="journal-", suffix="", mode=0o600)
        _lock(self.fd)

    def record(self, role: str, path: Path, owner: int | None = None) -> None:
        info = os.lstat(path)
        line = f"{role} {info.st_dev} {info.st_ino} {info.st_uid if owner is None else owner}\n"
        os.write(self.fd, line.encode("ascii"))
        os.fsync(self.fd)

    def close(self, keep: bool = False) -> None:
        """Done: the journal removed, or (``keep``) left for the next build to finish the cleanup."""
        if not keep:
            with suppress(OSError):
                self.path.unlink()
        os.close(self.fd)


def _journal_entries(fd: int) -> list[_Entry]:
    entries = []
    for line in os.read(fd, JOURNAL_LIMIT).decode("ascii", "replace").splitlines():
        parts = line.split()
        if len(parts) == 4 and parts[0] in ("new", "site") and all(p.isdigit() for p in parts[1:]):
            entries.append(_Entry(parts[0], int(parts[1]), int(parts[2]), int(parts[3])))
    return entries


def _read_journals(parent: Path, names: Sequence[str],
                   locks: ExitStack) -> tuple[dict[Path, list[_Entry]], list[_Entry]]:
    """The killed builds' journals (ours, no longer locked) with their entries, and the entries of
    running builds' journals."""
    dead: dict[Path, list[_Entry]] = {}
    running: list[_Entry] = []
    for name in names:
        path = parent / name
        try:
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
        except OSError:
            continue
        locks.callback(os.close, fd)
        try:
            info = os.fstat(fd)
            if not (stat.S_ISREG(info.st_mode) and _mine(info)):
                continue  # not ours: what it lists is not ours to touch
            entries = _journal_entries(fd)
        except OSError:
            continue
        if _lock(fd):
            dead[path] = entries
        else:
            running.extend(entries)
    return dead, running


def _listed(info: os.stat_result, entries: Sequence[_Entry]) -> _Entry | None:
    for entry in entries:
        if (entry.device, entry.inode) == (info.st_dev, info.st_ino) and info.st_uid in (entry.owner, os.geteuid()):
            return entry
    return None


def clean_folder_orphans(folder: Path) -> list[str]:
    """What killed builds of ``folder`` left beside it: a folder a journal of ours lists is removed
    (or, the old folder set aside when the kill left no ``folder``, put back); any other folder named
    like ours is left alone. Returns a line for each folder left alone (to be shown)."""
    parent = folder.parent
    try:
        names = sorted(os.listdir(parent))
    except OSError:
        return []
    new, old = (temporary_pattern(role, folder.name, "") for role in ("new-", "old-"))
    journal = temporary_pattern("journal-", folder.name, "")
    with ExitStack() as locks:
        journals, running = _read_journals(parent, [n for n in names if journal.match(n)], locks)
        dead = [entry for entries in journals.values() for entry in entries]
        found: list[tuple[Path, os.stat_result]] = []
        for name in names:
            if new.match(name) or old.match(name):
                with suppress(OSError):
                    found.append((parent / name, os.lstat(parent / name)))
        if not os.path.lexists(folder):
            aside = [(p, i) for p, i in found if old.match(p.name) and stat.S_ISDIR(i.st_mode)
                     and (e := _listed(i, dead)) is not None and e.role == "site"]
            if aside:
                latest = max(aside, key=lambda item: item[1].st_ctime_ns)
                os.rename(latest[0], folder)
                found.remove(latest)
        left: list[str] = []
        for path, info in found:
            if _listed(info, running) is not None:
                continue  # a running build's
            if not stat.S_ISDIR(info.st_mode) or _listed(info, dead) is None:
                left.append(said(f"{path}: ligner en af hubmonitors midlertidige mapper, men ingen afbrudt kørsel af "
                                 "denne bruger har lavet den; den røres ikke (slet den selv, hvis den ikke skal "
                                 "bruges)",
                                 f"{path}: looks like one of hubmonitor's temporary folders, but no interrupted run of "
                                 "this user made it; it is not touched (delete it yourself if it is not needed)"))
            elif not _remove_tree(path):
                left.append(said(f"{path}: en afbrudt kørsels mappe kunne ikke slettes helt; slet resten selv",
                                 f"{path}: an interrupted run's folder could not be deleted completely; delete the "
                                 "rest yourself"))
        remaining = [info for path, info in found if os.path.lexists(path)]
        for path, entries in journals.items():
            if not any(_listed(info, entries) for info in remaining):  # else it still names what is left
                path.unlink(missing_ok=True)
    return left


@dataclass
class _Scan:
    entries: int = 0
    other_system: bool = False
    foreign: bool = False


def _scan(folder: Path) -> _Scan:
    """How many entries ``folder`` holds at any depth (counting stops past ``CARRY_LIMIT``), whether
    some lie on another file system, and whether it or something in it belongs to another user."""
    info = os.lstat(folder)
    found = _Scan(foreign=not _root() and not _mine(info))
    for top, dirs, names in os.walk(folder):
        found.entries += len(dirs) + len(names)
        if found.entries > CARRY_LIMIT:
            break
        for name in (*dirs, *names):
            entry = os.lstat(Path(top) / name)
            found.other_system |= entry.st_dev != info.st_dev
            found.foreign |= not _root() and not _mine(entry)
        if found.other_system or found.foreign:
            break
    return found


def _in_place(folder: Path) -> tuple[str, str] | None:
    """Why ``folder`` cannot be built beside and swapped in (then its files are written one by one)."""
    parent = folder.parent
    if folder == parent:
        return "mappen er roden af filsystemet", "the folder is the root of the file system"
    if not os.access(parent, os.W_OK | os.X_OK):
        return f"der kan ikke skrives i {parent}", f"{parent} is not writable"
    if not folder.is_dir():
        return None
    if os.stat(folder).st_dev != os.stat(parent).st_dev:
        return "mappen er et monteringspunkt", "the folder is a mount point"
    found = _scan(folder)
    if found.entries > CARRY_LIMIT or found.other_system:
        return (f"mappen har over {da_int(CARRY_LIMIT)} filer eller et andet filsystem inde i sig",
                f"the folder holds over {CARRY_LIMIT:,} entries or another file system")
    if found.foreign:
        return _FOREIGN
    return None


def _fresh_file(path: Path, data: bytes, like: Path | None = None) -> None:
    """A new file in the folder being built (synced): the usual mode, or that of the file ``like`` it replaces."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, _NEW_FILE, 0o666)
    with os.fdopen(fd, "wb") as fh:
        if like is not None:
            _like_existing(fh.fileno(), like)
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


def _same_owner(source: Path, target: Path) -> None:
    if not _give_owner(target, os.lstat(source)):
        raise _CannotCarry(_FOREIGN)


def _carry(old: Path, new: Path) -> None:
    """Every entry of ``old`` that ``new`` does not have, linked (copied if it cannot be); a
    folder both have is merged, a name the build made something else of is the build's. A folder
    gets its old mode (and owner) after it is filled, so a read-only one can be filled first."""
    leftover = temporary_pattern("", None, ".tmp")
    try:
        entries = sorted(os.scandir(old), key=lambda e: e.name)
    except PermissionError as exc:
        raise _CannotCarry(_UNREADABLE) from exc
    built: list[str] | None = None  # the new folder's names, read when a temporary is met
    for entry in entries:
        target = new / entry.name
        page = leftover.match(entry.name)
        if page and built is None:
            built = os.listdir(new)
        if (page and temporary_of(page.group(1), built or ()) is not None
                and _mine(entry.stat(follow_symlinks=False))):
            continue  # an interrupted write's temporary file of a file the build has written again
        if entry.is_dir(follow_symlinks=False):
            if not os.path.lexists(target):
                target.mkdir()
            if target.is_dir() and not target.is_symlink():
                _same_owner(Path(entry.path), target)
                _carry(Path(entry.path), target)
                shutil.copystat(entry.path, target, follow_symlinks=False)  # after filling: it may be read-only
        elif not os.path.lexists(target):
            _link(Path(entry.path), target)


def _link(source: Path, target: Path) -> None:
    """``source`` linked as ``target``; a copy (with the owner) where a link is refused."""
    try:
        os.link(source, target, follow_symlinks=False)
        return
    except OSError:
        info = os.lstat(source)
        if stat.S_ISLNK(info.st_mode):
            os.symlink(os.readlink(source), target)
        elif stat.S_ISREG(info.st_mode):
            try:
                shutil.copy2(source, target)
            except PermissionError as exc:
                raise _CannotCarry(_UNREADABLE) from exc
        else:
            raise
    if not _give_owner(target, info):
        raise _CannotCarry(_FOREIGN)


def _inside(relative: str) -> Path:
    path = Path(relative)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise ValueError(f"not a relative path inside the folder: {relative!r}")
    return path


def _swap(new: Path, folder: Path, journal: _Journal) -> Path | None:
    """Put ``new`` where ``folder`` is; where the old folder now is (None when there was none)."""
    if not os.path.lexists(folder):
        os.rename(new, folder)
        return None
    journal.record("site", folder)
    if _exchange(new, folder):
        return new
    aside = temporary_name(folder.parent, "old-", folder.name, "")
    os.rename(folder, aside)
    try:
        os.rename(new, folder)
    except BaseException:
        os.rename(aside, folder)
        raise
    return aside


def _remove_tree(path: Path) -> bool:
    """Remove the folder ``path`` (ours: one we built, or an old folder swapped out); True when it
    is gone. A read-only folder of ours inside it is made writable first (only folders: a file
    may be a hard link shared with the new folder)."""

    def unlock(function: object, name: str, info: object) -> None:
        with suppress(OSError):
            if function in (os.open, os.scandir, os.listdir, os.lstat):  # a folder we cannot enter
                _writable(Path(name))
                _remove_tree(Path(name))
                return
            if function in (os.unlink, os.rmdir, os.remove) and os.path.lexists(name):
                _writable(Path(name).parent)
                function(name)

    shutil.rmtree(path, onerror=unlock)
    return not os.path.lexists(path)


def _writable(folder: Path) -> None:
    info = os.lstat(folder)
    if stat.S_ISDIR(info.st_mode) and _mine(info):
        os.chmod(folder, stat.S_IMODE(info.st_mode) | stat.S_IRWXU)


def _sync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_tree(folder: Path, files: Mapping[str, bytes], note: Callable[[str], None] | None = None) -> None:
    """Write ``files`` (relative path → bytes) into ``folder`` so that it holds the old files or all
    the new ones, never a mix: built beside it, then swapped in; files of the old folder the build
    does not produce stay. Where that cannot be done (``_in_place``, or the swap is refused as across
    file systems or busy: a bind mount) each file is written atomically in place. ``note`` is told
    that, and of anything left beside the folder."""
    tell = note or (lambda text: None)
    real = Path(os.path.realpath(folder))
    real.parent.mkdir(parents=True, exist_ok=True)
    for line in clean_folder_orphans(real):
        tell(line)
    why = _in_place(real)
    if why is None:
        why = _build_and_swap(real, files, tell)
        if why is None:
            return
    tell(said(f"{folder}: skrives fil for fil, da {why[0]}; et afbrudt løb kan efterlade en blanding",
              f"{folder}: written file by file as {why[1]}; an interrupted run may leave a mix"))
    real.mkdir(parents=True, exist_ok=True)
    for relative, data in files.items():
        write_bytes(real / _inside(relative), data)


def _build_and_swap(folder: Path, files: Mapping[str, bytes], tell: Callable[[str], None]) -> tuple[str, str] | None:
    """Build beside ``folder`` and swap it in; None when done, else why it must be written in place.
    Ctrl-C is held back while the journal and the new folder are made and listed, and from the swap
    to the end, so that an interruption finds each temporary either not made or in the journal's and
    this function's charge, and the site either not swapped or swapped with the old one removed."""
    journal: _Journal | None = None
    new: Path | None = None
    left = False
    try:
        with _interrupt_held():
            journal = _Journal(folder)
        with ExitStack() as held:
            try:
                with _interrupt_held():
                    new = _create_folder(folder.parent, "new-", folder.name)
                    journal.record("new", new, os.lstat(folder).st_uid if folder.is_dir() else None)
                _fill(new, folder, files)
                held.enter_context(_interrupt_held())
                old = _swap(new, folder, journal)
            except _CannotCarry as exc:
                if new is not None:  # always: _fill raises it
                    _remove_tree(new)
                return exc.why
            except OSError as exc:
                if new is None:
                    raise
                _remove_tree(new)
                if exc.errno not in (errno.EXDEV, errno.EBUSY):
                    raise
                return "mappen ikke kan omdøbes (et monteringspunkt?)", "the folder cannot be renamed (a mount point?)"
            except BaseException:
                if new is not None:
                    _remove_tree(new)
                raise
            _sync_dir(folder.parent)
            if old is not None and not _remove_tree(old):
                left = True  # the journal stays: the next build tries again
                tell(said(f"{folder}: den forrige udgave kunne ikke slettes helt og ligger i {old}",
                          f"{folder}: the previous version could not be deleted completely and is left in {old}"))
        return None
    finally:
        if journal is not None:
            journal.close(keep=left)


def _fill(new: Path, folder: Path, files: Mapping[str, bytes]) -> None:
    """The pages (a page replacing an old one keeps its mode), then the old folder's other entries;
    last the old folder's mode (and owner, as root)."""
    old = folder if folder.is_dir() else None
    for relative, data in files.items():
        _fresh_file(new / _inside(relative), data, like=old / relative if old is not None else None)
    if old is not None:
        _same_owner(old, new)
        _carry(old, new)
        shutil.copystat(old, new, follow_symlinks=False)
    _sync_dir(new)
