"""Where hubmonitor may write: every output path checked before anything is written
(docs/decisions.md, "Hostile input"); the writing itself is ``hubmonitor.io.atomic``'s.

- ``file_output(given, option)``: a path for ``--json`` / ``--csv``, or ``-`` (standard output; a
  path that *is* our standard output, such as ``/dev/stdout``, counts as ``-``). Refused: an empty
  path, a path ending as a folder does (``out/``), a folder, a device, a FIFO, a socket, a symbolic
  link, a place among hubmonitor's own files (its package, its reference data), in ``/proc``,
  ``/sys`` or ``/dev``, a path below a file, and a folder we cannot write in. ``folder_output`` is
  the same for ``--out`` (a folder, or a symbolic link to one).
- ``refuse_inputs``: no output may be a file the run reads (the contract and what it extends, the
  profile, any file of the data folder; compared by device and inode, so hard links and symbolic
  links count), lie inside a data folder (the run's own, or a folder that looks like one: the next run
  would read it or name it) or be another output; an existing file is replaced only when it is of the
  kind the option writes (a JSON object, one of hubmonitor's CSV files, or empty).
- ``refuse_site_inputs``, ``refuse_site_collisions``: a page may not replace one of the build's
  own input files, nor a folder, a link or anything but a regular file of the user's.
- ``writing(name)``: an ``OSError`` while writing becomes one line naming the file (``WriteError``);
  ``os_reason`` (in ``reading``) is the Danish and English words for an ``OSError``.
"""

from __future__ import annotations

import os
import re
import stat
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, TypeVar

from hubmonitor.errors import DataError, HubmonitorError, said
from hubmonitor.io.atomic import PREFIX
from hubmonitor.io.reading import display_name, file_identity, os_reason, special_kind, stream_identity

STDOUT = "-"
DATA_WALK_LIMIT = 100_000  # entries of a data folder compared with an existing output file
_SHOWN = 160  # characters of a link's target or a data file's name a message shows (paths typed are shown whole)
_VIRTUAL = ("/proc", "/sys")
_DEVICES, _SHM = "/dev", "/dev/shm"
T = TypeVar("T")
Kind = Literal["json", "csv"]  # what a file output holds (``Output.kind``)
# How each kind of file hubmonitor writes begins: an existing file that does not is not replaced. A JSON
# file with "{" (after a BOM and white space: a results file saved again by another program is read so too);
# every CSV of ours with the BOM and its first column's name, quoted or (before 4 December 2026) not.
_BEGINS: dict[Kind, re.Pattern[bytes]] = {"json": re.compile(rb"(?:\xef\xbb\xbf)?\s*\{"),
                                          "csv": re.compile(rb'\xef\xbb\xbf"?(?:source|signal)"?[;,]')}
_SNIFFED = 64  # bytes of an existing output file read to tell its kind


class OutputError(DataError):
    """An output path hubmonitor will not write to (checked before anything is written)."""

    code = "output-refused"


class StreamError(OutputError):
    """Standard output or standard error sent into a file the run reads. Refused on standard error, but
    where standard error is that file on standard output, or nowhere where standard output is an input too
    (``said_on``: ``_stream_refusal``)."""

    said_on: Literal["stderr", "stdout", "nowhere"] = "stderr"


class WriteError(DataError):
    """Writing an output failed (a full disk, a read-only folder, …); nothing half-written is left."""

    code = "cannot-write"


@dataclass(frozen=True)
class Output:
    """A checked output file: ``path``, or standard output when ``path`` is None."""

    option: str
    given: str
    path: Path | None
    kind: Kind = "json"  # what the file holds: an existing file is replaced only when it holds the same

    @property
    def to_stdout(self) -> bool:
        return self.path is None

    @property
    def label(self) -> str:
        return f"{self.option} {display_name(self.given) or repr('')}"

    @property
    def shown(self) -> str:
        """The name as given, on one line (a line break in it as ``\\n``: a review)."""
        return display_name(self.given)


def _refusal(option: str, given: str, da: str, en: str) -> OutputError:
    return OutputError(f"{option} {display_name(given) or repr('')}", said(f"{da}", f"{en}"))


def _short(text: str) -> str:
    return text if len(text) <= _SHOWN else text[:_SHOWN - 1] + "…"


# --- the output path ------------------------------------------------------------------------

def _std_stream(path: Path) -> int | None:
    """1 or 2 when ``path`` (through links) is the file our standard output or error is, else None."""
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return None
    for fd in (1, 2):
        try:
            mine = os.fstat(fd)
        except OSError:
            continue
        if (info.st_dev, info.st_ino) == (mine.st_dev, mine.st_ino):
            return fd
    return None


def _own_folders() -> list[tuple[Path, str, str]]:
    """hubmonitor's own files, which every run reads: the installed package (the built-in profiles,
    the page assets, the packaged reference data) and the municipality reference data folder read."""
    import hubmonitor
    from hubmonitor.errors import ReferenceDataError
    from hubmonitor.reference import reference_dir

    own = [(Path(hubmonitor.__file__).resolve().parent, "hubmonitors programmappe", "hubmonitor's package folder")]
    with suppress(ReferenceDataError, OSError):
        own.append((reference_dir().resolve(), "kommunernes referencedata", "the municipality reference data"))
    return own


def _check_place(option: str, given: str, path: Path) -> None:
    """Not among hubmonitor's own files, in the kernel's virtual file systems, nor among the devices."""
    real = Path(os.path.realpath(path))
    for folder, da, en in _own_folders():
        if real.is_relative_to(folder):
            raise _refusal(option, given, f"ligger i {da} ({folder}), som kørslen læser; skriv den et andet sted",
                           f"is inside {en} ({folder}), which the run reads; write it elsewhere")
    for root in _VIRTUAL:
        if real.is_relative_to(root):
            raise _refusal(option, given,
                           f"ligger i {root}, kernens virtuelle filsystem; skriv til en almindelig mappe",
                           f"is in {root}, the kernel's virtual file system; write to an ordinary folder")
    if real.is_relative_to(_DEVICES) and not real.is_relative_to(_SHM):
        raise _refusal(option, given, "ligger i /dev, blandt enhederne; brug - for standardoutput",
                       "is in /dev, among the devices; use - for standard output")


def _what(mode: int) -> tuple[str, str]:
    if stat.S_ISREG(mode):
        return "en fil", "a file"
    return special_kind(mode) or ("ikke en almindelig fil", "not a regular file")


def _check_link(option: str, given: str, path: Path, folder: bool) -> None:
    """A symbolic link is refused for a file (say the file itself); for a folder it must lead to one."""
    target = _short(os.readlink(path))
    try:
        mode: int | None = os.stat(path).st_mode
    except OSError:
        mode = None
    if folder and mode is not None and stat.S_ISDIR(mode):
        return
    if mode is None:
        raise _refusal(option, given, f"er et symbolsk link til {target}, som ikke findes",
                       f"is a symbolic link to {target}, which does not exist")
    da, en = _what(mode)
    hint_da, hint_en = ("angiv selve mappen", "give the folder itself") if folder else \
        ("angiv selve filen (eller - for standardoutput)", "give the file itself (or - for standard output)")
    raise _refusal(option, given, f"er et symbolsk link til {da} ({target}); {hint_da}",
                   f"is a symbolic link to {en} ({target}); {hint_en}")


def _check_existing(option: str, given: str, path: Path, folder: bool) -> None:
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return
    except NotADirectoryError:
        return  # a file above it: _check_parents names it
    except OSError as exc:
        raise _refusal(option, given, *os_reason(exc)) from exc
    if stat.S_ISLNK(info.st_mode):
        _check_link(option, given, path, folder)
        return
    if folder:
        if not stat.S_ISDIR(info.st_mode):
            da, en = _what(info.st_mode)
            raise _refusal(option, given, f"er {da}, ikke en mappe", f"is {en}, not a folder")
        return
    if stat.S_ISDIR(info.st_mode):
        raise _refusal(option, given, "er en mappe; angiv en fil", "is a folder; give a file")
    kind = special_kind(info.st_mode)
    if kind is not None:
        raise _refusal(option, given,
                       f"er {kind[0]}; hubmonitor skriver kun almindelige filer (brug - for standardoutput)",
                       f"is {kind[1]}; hubmonitor writes only regular files (use - for standard output)")


def _check_parents(option: str, given: str, path: Path, writable: Path | None = None) -> None:
    """The nearest folder above ``path`` that exists must be a folder we may write in."""
    for above in path.absolute().parents:
        try:
            info = os.stat(above)
        except (FileNotFoundError, NotADirectoryError):
            continue
        except OSError as exc:
            raise _refusal(option, given, *os_reason(exc)) from exc
        if not stat.S_ISDIR(info.st_mode):
            raise _refusal(option, given, f"en del af stien, {above}, er en fil, ikke en mappe",
                           f"part of the path, {above}, is a file, not a folder")
        check = writable if writable is not None and writable.exists() else above
        if not os.access(check, os.W_OK | os.X_OK):
            raise _refusal(option, given, f"mappen {check} kan ikke skrives i (skrivebeskyttet eller ingen adgang)",
                           f"the folder {check} is not writable (read-only or no permission)")
        return


def file_output(given: str | None, option: str, *, stdout: bool = True, kind: Kind = "json") -> Output | None:
    """``given`` (an option's value) checked as an output file; None when the option was not given.
    ``kind``: what the file will hold (``refuse_inputs`` replaces an existing file only of that kind)."""
    if given is None:
        return None
    if not given:
        raise _refusal(option, given, "tom sti; angiv en fil" + (" (eller - for standardoutput)" if stdout else ""),
                       "empty path; give a file" + (" (or - for standard output)" if stdout else ""))
    if given != STDOUT and _names_a_folder(given):
        raise _refusal(option, given, "ender som en mappe (/, . eller ..); angiv en fil",
                       "ends as a folder does (/, . or ..); give a file")
    path = Path(given)
    stream = None if given == STDOUT else _std_stream(path)
    if given == STDOUT or stream == 1:
        if not stdout:
            raise _refusal(option, given, "standardoutput kan ikke bruges her; angiv en fil",
                           "standard output cannot be used here; give a file")
        return Output(option, given, None, kind)
    if stream == 2:
        raise _refusal(option, given, "er programmets standardfejl; brug - for standardoutput",
                       "is the program's standard error; use - for standard output")
    _check_existing(option, given, path, folder=False)
    _check_place(option, given, path)
    _check_parents(option, given, path)
    return Output(option, given, path, kind)


def _names_a_folder(given: str) -> bool:
    """``out/``, ``out/.`` or ``..``: a path that can only name a folder (``Path`` would drop the
    trailing ``/`` and ``.`` and write a file named ``out``)."""
    last = given.replace(os.altsep or os.sep, os.sep).rsplit(os.sep, 1)[-1]
    return last in ("", ".", "..")


def folder_output(given: str, option: str) -> Path:
    """``given`` checked as an output folder (existing or to be made); the path as given."""
    if not given or given == STDOUT:
        raise _refusal(option, given, "angiv en mappe", "give a folder")
    path = Path(given)
    _check_existing(option, given, path, folder=True)
    _check_place(option, given, path)
    real = Path(os.path.realpath(path))
    _check_parents(option, given, real, writable=real)
    return path


@contextmanager
def folder_lock(path: Path, option: str) -> Iterator[None]:
    """``path`` (made if it is not there) held for this run for the block: a second run asking for it is
    refused at once, not let write beside this one (a review: two demos into one folder left a data folder
    of two seeds that the next run reused as one). An advisory lock on the folder itself (``flock``), so
    nothing is added to it and a killed process leaves none behind: taken alone (exclusive), then held
    shared, so that the run's worker processes hold it with it (``hold_folder``) and one outliving a killed
    run keeps the next out until it has ended. Where the system or the file system has no ``flock`` (not
    POSIX; NFS, where a folder opened for reading cannot be locked), the block runs unlocked."""
    try:
        import fcntl
    except ImportError:  # not a POSIX system
        yield
        return
    try:
        path.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDONLY)
    except OSError as exc:
        da, en = os_reason(exc)
        raise _refusal(option, str(path), f"kan ikke bruges: {da}", f"cannot be used: {en}") from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)  # (another run taking it in between: refused too)
        except BlockingIOError:
            raise _refusal(option, str(path), "en anden hubmonitor skriver i mappen lige nu; vent, til den er "
                           "færdig, eller vælg en anden mappe", "another hubmonitor is writing in the folder now; "
                           "wait till it has finished, or choose another folder") from None
        except OSError:  # no locks on this file system: unlocked, as where there is no flock
            pass
        yield
    finally:
        os.close(fd)  # (the lock goes with it)


def hold_folder(path: Path) -> int | None:
    """``path`` held shared by this process (a worker of the run that holds it: ``folder_lock``) until the
    process ends; the descriptor, or None where it cannot be (no ``flock``, no folder)."""
    try:
        import fcntl
    except ImportError:  # not a POSIX system
        return None
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        return None
    return fd


def refuse_data_folder(option: str, given: str, path: Path) -> None:
    """An output folder that is, or lies inside, what looks like a hub's data folder (its own
    ``hubmonitor.yaml``, an export named as the canonical profile names them, a year's external
    figures) is refused: the next run on that folder would read the pages or name them as unread.
    For a command that is not told the data folder (``dashboard``); the others check against it."""
    found = _data_folder_like(path)
    if found is not None:
        folder, telltale = found
        raise _refusal(option, given, f"ligger i datamappen {folder} (den har {_short(telltale)}); næste "
                       "kørsel ville læse siderne eller nævne dem som ulæste; skriv dem uden for datamappen",
                       f"is inside the data folder {folder} (it holds {_short(telltale)}); the next run would "
                       "read the pages or name them as unread; write them outside the data folder")


def _data_folder_like(path: Path) -> tuple[Path, str] | None:
    """The folder that looks like a hub's data folder (and the name that tells) which ``path`` is, or
    lies in: the first folder of the path that is there (an output may be made several levels down),
    or the one that folder is in; further up is another matter. A file hubmonitor wrote there
    (``crm_activities_karantæne.csv``: one of its CSV files, named as an export is) tells nothing (a
    review: the second run into a folder refused it for the first run's output)."""
    real = Path(os.path.realpath(path))
    there = next((f for f in (real, *real.parents) if f.is_dir()), real)
    for folder in (there, there.parent):
        try:
            names = sorted(os.listdir(folder)) if folder.is_dir() else []
        except OSError:
            continue
        telltale = next((n for n in names if n == "hubmonitor.yaml" or (
            _DATA_NAME.match(n) and not (n.endswith(".csv") and _ours(folder / n, "csv")))), None)
        if telltale is not None:
            return folder, telltale
    return None


def _ours(path: Path, kind: Kind) -> bool:
    """Does the file begin as hubmonitor's files of ``kind`` do (``_BEGINS``)?"""
    try:
        return _BEGINS[kind].match(_start(path)) is not None
    except OSError:
        return False


def _start(path: Path) -> bytes:
    """The first bytes of a file, enough to tell whose it is (``_BEGINS``)."""
    with open(path, "rb") as file:
        return file.read(_SNIFFED)


# the files that make a folder a hub's data folder: the canonical exports and a year's external figures
_DATA_NAME = re.compile(r"^(?:crm_activities.*\.(?:csv|xlsx)|evaluations.*\.(?:csv|xlsx)|external-\d{4}\.ya?ml)$")


# --- outputs against the run's inputs -----------------------------------------------------------

@dataclass
class Inputs:
    """What a run reads: named files (``(path, Danish, English)``) and whole data folders."""

    files: list[tuple[Path, str, str]] = field(default_factory=list)
    data_dirs: list[Path] = field(default_factory=list)

    def add(self, path: Path | str, da: str, en: str) -> None:
        self.files.append((Path(path), da, en))


def _data_file_like(folder: Path, ident: tuple[int, int]) -> Path | None:
    """The file of ``folder`` (any depth, links to files followed, not links to folders) that is
    the file ``ident`` names."""
    seen = 0
    for top, dirs, names in os.walk(folder):
        for name in names:
            seen += 1
            if seen > DATA_WALK_LIMIT:
                return None
            path = Path(top) / name
            if file_identity(path) == ident:
                return path
        dirs.sort()
    return None


def refuse_inputs(outputs: Iterable[Output | None], inputs: Inputs) -> None:
    """No output may be an input of the run, lie inside a data folder or be another output."""
    places: dict[str, Output] = {}
    given = [o for o in outputs if o is not None]
    _refuse_streams(inputs)
    for out in (o for o in given if o.path is not None):
        assert out.path is not None
        real = os.path.realpath(out.path)
        if real in places:
            other = places[real]
            raise _refusal(out.option, out.given, f"er samme fil som {other.label}",
                           f"is the same file as {other.label}")
        places[real] = out
        _refuse_input(out, out.path, inputs)
        for folder in inputs.data_dirs:
            if Path(real).is_relative_to(os.path.realpath(folder)):
                raise _refusal(out.option, out.given,
                               f"ligger i datamappen {folder}; næste kørsel ville læse filen eller nævne "
                               "den som ulæst; skriv den uden for datamappen",
                               f"is inside the data folder {folder}; the next run would read it or name "
                               "it as unread; write it outside the data folder")
        # another hub's data folder, or one not given to this run (a review: --json into another hub's
        # export folder replaced its crm_activities_2025.csv)
        found = _data_folder_like(Path(real).parent)
        if found is not None:
            folder, telltale = found
            raise _refusal(out.option, out.given,
                           f"ligger i en datamappe, {folder} (den har {_short(telltale)}); en kørsel på den "
                           "ville læse filen eller nævne den som ulæst; skriv den uden for datamappen",
                           f"is inside a data folder, {folder} (it holds {_short(telltale)}); a run on it would "
                           "read the file or name it as unread; write it outside the data folder")
        _refuse_other_kind(out, out.path)


def _refuse_other_kind(out: Output, path: Path) -> None:
    """An existing file is replaced only when it holds what the option writes: a JSON object for a JSON
    output, one of hubmonitor's CSV files (the quarantined rows, the signals' evidence) for a CSV output;
    an empty file too. Not a contract, an export or a profile given by a slip of the hand (a review: a
    contract and another hub's export were replaced without a word)."""
    try:
        start = _start(path)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise _refusal(out.option, out.given, *os_reason(exc)) from exc
    if not start or _BEGINS[out.kind].match(start):
        return
    what_da, what_en = (("en JSON-fil", "a JSON file") if out.kind == "json" else
                        ("en af hubmonitors CSV-filer (rækker i karantæne eller bag integritetssignalerne)",
                         "one of hubmonitor's CSV files (quarantined rows or the rows behind the integrity signals)"))
    raise _refusal(out.option, out.given,
                   f"findes og er ikke {what_da}; hubmonitor erstatter kun en fil af den slags, det selv skriver "
                   "her; vælg et andet navn, eller flyt filen først",
                   f"exists and is not {what_en}; hubmonitor replaces only a file of the kind it writes here; "
                   "choose another name, or move the file first")


def refuse_stdout_into(paths: Iterable[Path], da: str, en: str) -> None:
    """Standard output sent into one of ``paths`` (the files a command reads: ``validate``'s, ``dashboard``'s
    results), refused before anything is written (a review: ``validate F >> F`` broke the file)."""
    inputs = Inputs()
    for path in paths:
        inputs.add(path, da, en)
    _refuse_streams(inputs)


def _refuse_streams(inputs: Inputs) -> None:
    """Standard output or standard error sent into a file (``>> data/evaluations.csv``) that is an input of
    the run or lies in its data folder is refused before anything is written to it (a review: the results
    JSON and then the terminal's table appended to the evaluations). Standard error first: its refusal is
    said on standard output, as nothing may be written to standard error then (``_stream_refusal``)."""
    for stream, name_da, name_en in ((sys.stderr, "standardfejl", "standard error"),
                                     (sys.stdout, "standardoutput", "standard output")):
        found = _input_of(inputs, stream_identity(stream))
        if found is None:
            continue
        named, in_folder, what_da, what_en = found
        where_da = ("filen i datamappen, som kørslen læser; send den uden for datamappen" if in_folder else
                    f"{what_da}, som kørslen læser; send den et andet sted hen")
        where_en = ("the file in the data folder the run reads; send it outside the data folder" if in_folder else
                    f"{what_en}, which the run reads; send it elsewhere")
        raise _stream_refusal(named, f"{name_da} sendes til {where_da}", f"{name_en} is sent to {where_en}",
                              inputs, stream is sys.stderr)


def refuse_stderr_into_arguments(arguments: Sequence[str]) -> None:
    """Standard error sent into a file the command line names (a contract, a results file, ``--data=DIR``'s
    files) or into one inside a folder it names, refused before the command line is parsed: a usage
    error, or a contract refused before its run's inputs are known, would be written there (a review:
    ``evaluate BAD.yaml --data D 2>> D/evaluations.csv`` appended the refusal to the evaluations). Said
    as ``_refuse_streams`` says it; nothing at all is looked at unless standard error is a regular file."""
    ident = stream_identity(sys.stderr)
    if ident is None:
        return
    named = Inputs()
    for argument in arguments:
        for text in {argument, argument.partition("=")[2]} - {""}:
            try:
                path = Path(text)
                if path.is_file():
                    named.add(path, "en fil, kommandoen nævner", "a file the command names")
                elif path.is_dir():
                    named.data_dirs.append(path)
            except (OSError, ValueError):  # a name too long, a NUL: not a file of anyone's
                continue
    found = _input_of(named, ident)
    if found is not None:
        where = (("filen i en mappe, som kommandoen nævner", "the file in a folder the command names") if found[1]
                 else ("en fil, som kommandoen nævner", "a file the command names"))
        raise _stream_refusal(found[0], f"standardfejl sendes til {where[0]}; send den et andet sted hen",
                              f"standard error is sent to {where[1]}; send it elsewhere", named, stderr=True)


def _stream_refusal(file: Path, da: str, en: str, inputs: Inputs, stderr: bool) -> StreamError:
    """The refusal of a stream sent into ``file``; where standard error is the stream, said on standard
    output, or nowhere where standard output goes into one of ``inputs`` too."""
    error = StreamError(display_name(str(file)), said(da, en))
    if stderr:
        error.said_on = "stdout" if _input_of(inputs, stream_identity(sys.stdout)) is None else "nowhere"
    return error


def _input_of(inputs: Inputs, ident: tuple[int, int] | None) -> tuple[Path, bool, str, str] | None:
    """The input file ``ident`` names (a file the run reads, or one in its data folder: True), and what it is."""
    if ident is None:
        return None
    for named, what_da, what_en in inputs.files:
        if file_identity(named) == ident:
            return named, False, what_da, what_en
    for folder in inputs.data_dirs:
        found = _data_file_like(folder, ident)
        if found is not None:
            return found, True, "", ""
    return None


def _refuse_input(out: Output, path: Path, inputs: Inputs) -> None:
    ident = file_identity(path)
    if ident is None:
        return  # a file not there yet cannot be one the run reads
    for named, da, en in inputs.files:
        if file_identity(named) == ident:
            raise _refusal(out.option, out.given, f"er {da}, som kørslen læser; vælg en anden sti",
                           f"is {en}, which the run reads; choose another path")
    for folder in inputs.data_dirs:
        found = _data_file_like(folder, ident)
        if found is not None:
            shown = _short(found.relative_to(folder).as_posix())
            raise _refusal(out.option, out.given,
                           f"er filen {shown} i datamappen, som kørslen læser; vælg en anden sti",
                           f"is the file {shown} of the data folder the run reads; choose another path")


def contract_inputs(files: Sequence[str], inputs: Inputs) -> None:
    """A contract's files (``Contract.files``: the contract first, then what it extends)."""
    for i, name in enumerate(files):
        inputs.add(name, *(("kontrakten", "the contract") if i == 0 else ("rammeaftalen", "the framework")))


class UnreadableFolderError(DataError):
    """The data folder (or its ``hubmonitor.yaml``) cannot even be examined: no permission, a name
    too long, …"""

    code = "unreadable-folder"


def _is_file_in(data_dir: Path, path: Path) -> bool:
    """Whether ``path`` (in the data folder) is a file; an error other than "not there" means the
    data folder cannot be read (one line, not the last-resort guard)."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except (FileNotFoundError, NotADirectoryError):
        return False
    except OSError as exc:
        da, en = os_reason(exc)
        raise UnreadableFolderError(data_dir, said(f"datamappen kan ikke læses ({da})", f"the data folder cannot be "
                                                                                        f"read "
                                              f"({en})")) from exc


def profile_inputs(data_dir: Path, profile: str | None, inputs: Inputs) -> None:
    """The data folder, and the profile file it is read with when that lies outside it."""
    from hubmonitor.contract.loader import display_path
    from hubmonitor.contract.yaml_source import read_yaml
    from hubmonitor.profile.loader import SETTINGS_FILE, profile_path

    inputs.data_dirs.append(data_dir)
    spec: object = profile
    base: Path | None = None
    settings = data_dir / SETTINGS_FILE
    if not profile and _is_file_in(data_dir, settings):
        try:
            doc = read_yaml(settings, display_path(settings))
        except HubmonitorError:
            return  # reading the data folder says what is wrong with it
        spec = doc.data.get("profile") if isinstance(doc.data, dict) else None
        base = data_dir
    if isinstance(spec, str) and spec:
        try:
            inputs.add(profile_path(spec, base), "profilen", "the profile")
        except HubmonitorError:
            return  # an unknown profile name: loading it says so


# --- writing ------------------------------------------------------------------------------------



@contextmanager
def writing(name: Path | str) -> Iterator[None]:
    """Turn an ``OSError`` raised while writing ``name`` into one line naming it."""
    try:
        yield
    except BrokenPipeError:
        raise
    except OSError as exc:
        da, en = os_reason(exc)
        raise WriteError(display_name(str(name)), said(f"kan ikke skrives: {da}", f"cannot be written: {en}")) from exc


def to_stdout(data: bytes) -> None:
    """``data`` as they are on standard output (after whatever text went there before)."""
    sys.stdout.flush()
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()


def deliver(out: Output, produce: Callable[[Path], T]) -> T:
    """Let ``produce`` write ``out`` (a path it writes atomically); for standard output it writes a
    private temporary file whose bytes are then copied to standard output."""
    if out.path is not None:
        with writing(out.given):
            return produce(out.path)
    with tempfile.TemporaryDirectory(prefix=PREFIX) as folder:
        path = Path(folder) / "output"
        with writing(out.given):
            result = produce(path)
        to_stdout(path.read_bytes())
    return result


def refuse_site_inputs(folder: Path, relatives: Iterable[str], inputs: Sequence[Path], option: str) -> None:
    """A page the build writes must not replace one of its own input files."""
    idents = {i: p for p in inputs if (i := file_identity(p)) is not None}
    for relative in relatives:
        ident = file_identity(folder / relative)
        if ident is not None and ident in idents:
            raise _refusal(option, str(folder), f"{relative} ville erstatte inddatafilen {_short(str(idents[ident]))}",
                           f"{relative} would replace the input file {_short(str(idents[ident]))}")


def refuse_site_collisions(folder: Path, relatives: Iterable[str], option: str) -> None:
    """Each file the build writes must be, in ``folder``, a regular file or nothing, and each folder
    above it a folder or nothing: the build never replaces (deletes) a folder, a link, a device or a
    file of the user's where it needs the other kind."""
    seen: set[str] = set()
    for relative in relatives:
        parts = Path(relative).parts
        for depth in range(1, len(parts) + 1):
            sub = "/".join(parts[:depth])
            if sub in seen:
                continue
            seen.add(sub)
            try:
                mode = os.lstat(folder / sub).st_mode
            except (FileNotFoundError, NotADirectoryError):
                break
            except OSError as exc:
                da, en = os_reason(exc)
                raise _refusal(option, str(folder), f"{sub}: {da}", f"{sub}: {en}") from exc
            page = depth == len(parts)
            if stat.S_ISREG(mode) if page else stat.S_ISDIR(mode):
                continue
            what_da, what_en = ("et symbolsk link", "a symbolic link") if stat.S_ISLNK(mode) else _what(mode)
            need_da, need_en = ("en side", "a page") if page else ("en mappe med sider", "a folder of pages")
            raise _refusal(option, str(folder), f"{_short(sub)} er {what_da}, men hubmonitor skriver {need_da} der; "
                                                "flyt eller omdøb den først (den slettes ikke)",
                           f"{_short(sub)} is {what_en}, but hubmonitor writes {need_en} there; move or rename "
                           "it first (it is not deleted)")
