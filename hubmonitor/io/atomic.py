"""Writing so that an interruption leaves the old output or the whole new one, never a mix.

- ``Staged``: a file written to a temporary sibling (``.hubmonitor-<name>-XXXXXXXX.tmp``), locked,
  and renamed over its target only when committed; ``commit_all`` commits several at the end
  (``evaluate --years``); ``write_file`` is one staged file committed at once.
- ``write_tree``: a folder built beside the old one (``.hubmonitor-new-<name>-XXXXXXXX``, same file
  system) and swapped in: ``renameat2(RENAME_EXCHANGE)`` on Linux, else the old folder renamed
  aside (``.hubmonitor-old-<name>-XXXXXXXX``) and the new one renamed in. Files of the old folder the
  build does not produce are carried over (hard links, copies where a link is refused).
- A killed run's temporaries carry that fixed prefix: the next write of the same target removes
  them, or puts an old folder set aside back when the kill left no folder. A running write holds
  an ``flock`` on its own temporaries, so a run never removes another's.
"""

from __future__ import annotations

import ctypes
import errno
import os
import re
import secrets
import shutil
import stat
import sys
import tempfile
from collections.abc import Callable, Mapping, Sequence
from contextlib import ExitStack, suppress
from pathlib import Path
from typing import BinaryIO

try:
    import fcntl
except ImportError:  # pragma: no cover  (not POSIX: no locks)
    fcntl = None  # type: ignore[assignment]

PREFIX = ".hubmonitor-"  # every temporary file or folder hubmonitor leaves while writing
CARRY_LIMIT = 20_000  # entries of an old folder carried over into the new one; beyond: written in place


def _lock(fd: int) -> bool:
    """An exclusive lock on ``fd`` if nobody holds one (a killed run's are released with it)."""
    if fcntl is None:  # pragma: no cover
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


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


_TEMPORARY = re.compile(rf"^(?:{re.escape(PREFIX)}(.+)-|\.(.+)\.)[a-z0-9_]{{8}}\.tmp$")


def _file_orphans(target: Path) -> re.Pattern[str]:
    name = re.escape(target.name)
    # ours, and the form before issue 16 (mkstemp's ".<name>.XXXXXXXX.tmp")
    return re.compile(rf"^(?:{re.escape(PREFIX)}{name}-|\.{name}\.)[a-z0-9_]{{8}}\.tmp$")


def clean_file_orphans(target: Path) -> None:
    """Remove temporary files an interrupted write of ``target`` left beside it."""
    pattern = _file_orphans(target)
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
            if stat.S_ISREG(os.fstat(fd).st_mode):
                path.unlink(missing_ok=True)
        finally:
            os.close(fd)


class Staged:
    """A file written to a temporary sibling, locked, and renamed over its target on ``commit``."""

    def __init__(self, path: Path | str, write: Callable[[BinaryIO], object]) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        clean_file_orphans(self.path)
        fd, tmp = tempfile.mkstemp(prefix=f"{PREFIX}{self.path.name}-", suffix=".tmp", dir=self.path.parent)
        self.tmp: Path | None = Path(tmp)
        self._fd: int | None = fd  # held, with its lock, until commit or discard
        try:
            _lock(fd)
            os.fchmod(fd, 0o644)  # readable by all like any file written to be opened or served
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


def stage(path: Path | str, data: bytes) -> Staged:
    return Staged(path, lambda fh: fh.write(data))


def write_file(path: Path | str, write: Callable[[BinaryIO], object]) -> None:
    """Let ``write`` fill ``path`` so that readers see the old file or the whole new one, never a part."""
    commit_all([Staged(path, write)])


def commit_all(staged: Sequence[Staged]) -> None:
    """Rename every staged file over its target (the window between the renames is the only one in
    which some targets are new and some old); on a failure the rest are discarded."""
    try:
        for item in staged:
            item.commit()
    finally:
        for item in staged:
            item.discard()


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


def _sibling(folder: Path, role: str) -> re.Pattern[str]:
    return re.compile(rf"^{re.escape(PREFIX)}{role}-{re.escape(folder.name)}-[a-z0-9_]{{8}}$")


def _open_dir(path: Path) -> int | None:
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    if _lock(fd):
        return fd
    os.close(fd)
    return None


def _remove_tree(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)


def clean_folder_orphans(folder: Path) -> None:
    """Temporary folders a killed build of ``folder`` left beside it: a half-built new folder is
    removed; an old folder set aside is removed, or put back when the kill left no ``folder``."""
    parent = folder.parent
    try:
        names = sorted(os.listdir(parent))
    except OSError:
        return
    new, old = _sibling(folder, "new"), _sibling(folder, "old")
    with ExitStack() as locks:
        found: list[tuple[Path, bool]] = []
        for name in names:
            if new.match(name) or old.match(name):
                fd = _open_dir(parent / name)
                if fd is not None:  # else a running build holds it
                    locks.callback(os.close, fd)
                    found.append((parent / name, bool(old.match(name))))
        if not os.path.lexists(folder):
            aside = [p for p, is_old in found if is_old]
            if aside:
                latest = max(aside, key=lambda p: p.stat().st_ctime_ns)
                os.rename(latest, folder)
                found = [(p, o) for p, o in found if p != latest]
        for path, _ in found:
            _remove_tree(path)


def _entries(folder: Path) -> int | None:
    """How many entries ``folder`` holds at any depth, or None when some lie on another file system
    or there are more than ``CARRY_LIMIT`` (then they cannot be carried over by links)."""
    device = os.stat(folder).st_dev
    count = 0
    for top, dirs, names in os.walk(folder):
        count += len(dirs) + len(names)
        if count > CARRY_LIMIT:
            return None
        for name in dirs:
            info = os.lstat(Path(top) / name)
            if info.st_dev != device:
                return None
    return count


def _in_place(folder: Path) -> tuple[str, str] | None:
    """Why ``folder`` cannot be built beside and swapped in (then its files are written one by one)."""
    parent = folder.parent
    if folder == parent:
        return "mappen er roden af filsystemet", "the folder is the root of the file system"
    if not os.access(parent, os.W_OK | os.X_OK):
        return f"der kan ikke skrives i {parent}", f"{parent} is not writable"
    if folder.is_dir():
        if os.stat(folder).st_dev != os.stat(parent).st_dev:
            return "mappen er et monteringspunkt", "the folder is a mount point"
        if _entries(folder) is None:
            return (f"mappen har over {CARRY_LIMIT:,} filer eller et andet filsystem inde i sig".replace(",", "."),
                    f"the folder holds over {CARRY_LIMIT:,} entries or another file system")
    return None


def _fresh_file(path: Path, data: bytes) -> None:
    """A new file in the folder being built (0644, synced)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    with os.fdopen(fd, "wb") as fh:
        os.fchmod(fh.fileno(), 0o644)
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


def _carry(old: Path, new: Path) -> None:
    """Every entry of ``old`` that ``new`` does not have, linked (copied if it cannot be); a
    folder both have is merged, a name the build made something else of is the build's."""
    for entry in sorted(os.scandir(old), key=lambda e: e.name):
        target = new / entry.name
        leftover = _TEMPORARY.match(entry.name)
        if leftover and os.path.lexists(new / (leftover.group(1) or leftover.group(2))):
            continue  # an interrupted write's temporary file of a file the build has written again
        if entry.is_dir(follow_symlinks=False):
            if not os.path.lexists(target):
                target.mkdir()
                shutil.copystat(entry.path, target, follow_symlinks=False)
            if target.is_dir() and not target.is_symlink():
                _carry(Path(entry.path), target)
        elif not os.path.lexists(target):
            _link(Path(entry.path), target)


def _link(source: Path, target: Path) -> None:
    try:
        os.link(source, target, follow_symlinks=False)
    except OSError:
        if source.is_symlink():
            os.symlink(os.readlink(source), target)
        elif source.is_file():
            shutil.copy2(source, target)
        else:
            raise


def _inside(relative: str) -> Path:
    path = Path(relative)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise ValueError(f"not a relative path inside the folder: {relative!r}")
    return path


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _swap(new: Path, folder: Path, locks: ExitStack) -> Path | None:
    """Put ``new`` where ``folder`` is; where the old folder now is (None when there was none)."""
    if not os.path.lexists(folder):
        os.rename(new, folder)
        return None
    fd = _open_dir(folder)
    if fd is not None:
        locks.callback(os.close, fd)
    if _exchange(new, folder):
        return new
    aside = folder.parent / f"{PREFIX}old-{folder.name}-{secrets.token_hex(4)}"
    os.rename(folder, aside)
    try:
        os.rename(new, folder)
    except BaseException:
        os.rename(aside, folder)
        raise
    return aside


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
    file systems or busy: a bind mount) each file is written atomically in place and ``note`` is told why."""
    real = Path(os.path.realpath(folder))
    real.parent.mkdir(parents=True, exist_ok=True)
    clean_folder_orphans(real)
    why = _in_place(real)
    if why is None:
        with ExitStack() as locks:
            new = _build_locked(real, files, locks)
            try:
                old = _swap(new, real, locks)
            except OSError as exc:
                _remove_tree(new)
                if exc.errno not in (errno.EXDEV, errno.EBUSY):
                    raise
                why = ("mappen ikke kan omdøbes (et monteringspunkt?)", "the folder cannot be renamed (a mount point?)")
            except BaseException:
                _remove_tree(new)
                raise
            else:
                _sync_dir(real.parent)
                if old is not None:
                    _remove_tree(old)
                return
    if note is not None:
        note(f"{folder}: skrives fil for fil, da {why[0]}; et afbrudt løb kan efterlade en blanding "
             f"/ written file by file as {why[1]}; an interrupted run may leave a mix")
    real.mkdir(parents=True, exist_ok=True)
    for relative, data in files.items():
        commit_all([stage(real / _inside(relative), data)])


def _build_locked(folder: Path, files: Mapping[str, bytes], locks: ExitStack) -> Path:
    new = Path(tempfile.mkdtemp(prefix=f"{PREFIX}new-{folder.name}-", dir=folder.parent))
    fd = _open_dir(new)
    if fd is not None:
        locks.callback(os.close, fd)
    try:
        _fill(new, folder, files)
    except BaseException:
        _remove_tree(new)
        raise
    return new


def _fill(new: Path, folder: Path, files: Mapping[str, bytes]) -> None:
    """The pages, then the old folder's other entries; the old folder's mode (and owner, where we may)."""
    if folder.is_dir():
        info = os.stat(folder)
        os.chmod(new, stat.S_IMODE(info.st_mode))
        if (info.st_uid, info.st_gid) != (os.getuid(), os.getgid()):
            with suppress(OSError):  # only root may give a folder away: else it stays ours, as a new one would
                os.chown(new, info.st_uid, info.st_gid)
    else:
        os.chmod(new, 0o777 & ~_umask())
    for relative, data in files.items():
        _fresh_file(new / _inside(relative), data)
    if folder.is_dir():
        _carry(folder, new)
    _sync_dir(new)
