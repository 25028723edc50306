"""Opening an input file safely, the one way every reader does it.

- Only regular files are read. A FIFO, a device (``/dev/zero``), a socket or a folder named like a
  data file, or a symlink to one, is refused before it is opened: opening a FIFO blocks until a
  writer comes, and a device never ends.
- A file is read up to a limit and no further: the size is checked on the open file before reading
  and at most ``limit + 1`` bytes are read, so a file that grows or lies about its size cannot
  make us read more.
- ``reading(name)`` remembers the file being read, so the command line's last-resort guard can
  name it when something unforeseen goes wrong: the exception leaving ``reading`` carries the name
  (``file_of(exc)``: the innermost file, also through ``raise … from``), so an exception a caller
  handled and went on from is never blamed for a later one. ``last_read()`` is the last such name.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from contextvars import ContextVar
from pathlib import Path

from hubmonitor.errors import DataError, said

_CURRENT: ContextVar[str | None] = ContextVar("hubmonitor_reading", default=None)


@contextmanager
def reading(name: str) -> Iterator[None]:
    """Mark ``name`` as the file being read; an exception leaving the block carries it (``file_of``)."""
    token = _CURRENT.set(name)
    try:
        yield
    except BaseException as exc:
        if getattr(exc, _MARK, None) is None:  # the innermost file wins
            with suppress(AttributeError, TypeError):
                setattr(exc, _MARK, name)
        raise  # the mark stays set: last_read() names the file after the exception
    _CURRENT.reset(token)


_MARK = "hubmonitor_file"


def file_of(exc: BaseException) -> str | None:
    """The file being read when ``exc`` (or an exception it was raised from) left ``reading``."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        name = getattr(current, _MARK, None)
        if isinstance(name, str):
            return name
        current = current.__cause__ or current.__context__
    return None


def last_read() -> str | None:
    """The file being read when an exception left ``reading`` (or None)."""
    return _CURRENT.get()


def forget_last_read() -> None:
    _CURRENT.set(None)


class NotRegularFileError(DataError):
    code = "not-a-regular-file"


class FileTooLargeError(DataError):
    code = "file-too-large"


_KINDS = (
    (stat.S_ISDIR, "en mappe", "a folder"),
    (stat.S_ISFIFO, "en FIFO (navngivet pipe)", "a FIFO (named pipe)"),
    (stat.S_ISCHR, "en tegnenhed (fx /dev/zero)", "a character device (like /dev/zero)"),
    (stat.S_ISBLK, "en blokenhed", "a block device"),
    (stat.S_ISSOCK, "en socket", "a socket"),
)


def special_kind(mode: int) -> tuple[str, str] | None:
    """(Danish, English) name of what a non-regular file is, or None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    for test, da, en in _KINDS:
        if test(mode):
            return da, en
    return "ikke en almindelig fil", "not a regular file"


def not_regular(path: Path) -> tuple[str, str] | None:
    """What ``path`` (followed through symlinks) is when it is not a regular file; None if it is
    one. A path that does not exist or cannot be examined is left to the reader to report."""
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        return None
    return special_kind(mode)


def require_regular(path: Path, display: str | None = None) -> None:
    """Raise ``NotRegularFileError`` unless ``path`` is a regular file (or missing)."""
    kind = not_regular(path)
    if kind is not None:
        raise NotRegularFileError(display or str(path),
                                  said(f"er {kind[0]}, ikke en almindelig fil; den læses ikke",
                                  f"is {kind[1]}, not a regular file; it is not read"))


# The files this process read whole (contracts, frameworks, profiles, external figures), or that a
# contract names to be read (``note_read``: the framework it extends, before it is refused): standard
# error is never written into one of them (``cli._fail``: a refusal said on standard output instead)
READ_IDENTITIES: set[tuple[int, int]] = set()


def stream_identity(stream: object) -> tuple[int, int] | None:
    """The file ``stream`` (``sys.stdout``, ``sys.stderr``) writes to, where it is a regular file (not a
    terminal or a pipe): its device and inode, as ``READ_IDENTITIES`` holds them."""
    try:
        info = os.fstat(stream.fileno())  # type: ignore[attr-defined]
    except (OSError, ValueError, AttributeError):  # (a replaced stream without a descriptor: a test's)
        return None
    return (info.st_dev, info.st_ino) if stat.S_ISREG(info.st_mode) else None


def file_identity(path: Path) -> tuple[int, int] | None:
    """The device and inode of the file at ``path``; None where there is none (or the name cannot be one)."""
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return None
    return info.st_dev, info.st_ino


def note_read(path: Path) -> None:
    """``path`` is a file the run reads (``READ_IDENTITIES``), where it is one."""
    if (ident := file_identity(path)) is not None:
        READ_IDENTITIES.add(ident)


def read_limited(path: Path, limit: int, display: str | None = None) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes; ``FileTooLargeError`` beyond it,
    checked before reading and bounded while reading. Missing or unreadable: ``OSError``."""
    name = display or str(path)
    require_regular(path, name)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    fd = os.open(path, flags)  # O_NONBLOCK: a FIFO swapped in after the check cannot block us
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        READ_IDENTITIES.add((info.st_dev, info.st_ino))
        kind = special_kind(info.st_mode)
        if kind is not None:
            raise NotRegularFileError(name, said(f"er {kind[0]}, ikke en almindelig fil", f"is {kind[1]}, not a "
                                                                                          f"regular file"))
        if info.st_size > limit:
            raise FileTooLargeError(name, too_large_text(info.st_size, limit))
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise FileTooLargeError(name, too_large_text(len(data), limit))
    return data


def too_large_text(size: int, limit: int) -> str:
    return said(f"filen er {da_int(size)} bytes; højst {da_int(limit)} tilladt",
                f"the file is {size:,} bytes; at most {limit:,} allowed")


def da_int(value: int) -> str:
    """A whole number the Danish way (41.679), for messages; render/format.py formats the reports."""
    return f"{value:,}".replace(",", ".")


# Danish and English words for what an OSError means; the system's own (English) text goes only
# in the English half.
_REASONS: dict[int, tuple[str, str]] = {
    errno.ENOSPC: ("disken er fuld", "the disk is full"),
    errno.EDQUOT: ("diskkvoten er brugt op", "the disk quota is used up"),
    errno.EACCES: ("ingen adgang", "permission denied"),
    errno.EPERM: ("ikke tilladt", "not permitted"),
    errno.EROFS: ("filsystemet er skrivebeskyttet", "the file system is read-only"),
    errno.ENOTDIR: ("en del af stien er en fil, ikke en mappe", "part of the path is a file, not a folder"),
    errno.ENOENT: ("mappen findes ikke", "the folder does not exist"),
    errno.EISDIR: ("er en mappe", "is a folder"),
    errno.ENAMETOOLONG: ("navnet er for langt", "the name is too long"),
    errno.EBUSY: ("er i brug (fx et monteringspunkt)", "is busy (e.g. a mount point)"),
    errno.EXDEV: ("ligger på et andet filsystem", "is on another file system"),
    errno.EMFILE: ("for mange åbne filer", "too many open files"),
    errno.EIO: ("ind-/uddatafejl på disken", "input/output error on the disk"),
    errno.ELOOP: ("for mange symbolske link i stien", "too many symbolic links in the path"),
    errno.EFBIG: ("filen bliver for stor", "the file would be too large"),
    errno.EMLINK: ("for mange link", "too many links"),
    errno.EEXIST: ("findes allerede", "already exists"),
    errno.ENOTEMPTY: ("mappen er ikke tom", "the folder is not empty"),
    errno.ETXTBSY: ("filen er i brug", "the file is in use"),
    errno.ENXIO: ("enheden findes ikke", "no such device"),
    errno.ESTALE: ("netværksfilen er forældet", "stale network file handle"),
}


def os_reason(exc: OSError) -> tuple[str, str]:
    """Danish and English words for what went wrong; the system's own (English) text only in the
    English half."""
    # an error raised by Rust code (polars' write_csv on a full disk) has no errno, only "(os error 28)" in
    # its text: read from there ("systemfejl" said of a full disk; a review)
    errno = exc.errno or next((int(n) for n in re.findall(r"\(os error (\d+)\)", str(exc))), None)
    known = _REASONS.get(errno or 0)
    if known is not None:
        return known
    text = exc.strerror or type(exc).__name__
    number = f" nr. {errno}" if errno else ""
    return f"systemfejl{number}", f"system error ({text})"


def display_name(name: str) -> str:
    """A file name as messages, findings and the JSON show it: itself when it is printable; else
    bytes that are not UTF-8 as ``\\xff`` and control characters (a line break) as ``\\n``, so a
    name is always one line of valid text."""
    if name.isprintable():
        return name
    text = os.fsencode(name).decode("utf-8", "backslashreplace")
    return "".join(ch if ch.isprintable() or ch == " " else ascii(ch)[1:-1] for ch in text)
