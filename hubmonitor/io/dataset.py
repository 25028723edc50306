"""A hub's data folder: find the files through the profile, read each once, hand the engine a
``Dataset``.

    <data-dir>/hubmonitor.yaml        optional: ``profile: <built-in name or path>``
    <data-dir>/<the profile's files>  canonical: crm_activities*.csv|xlsx, evaluations*.csv|xlsx
    <data-dir>/external-<year>.yaml   figures measured by others + milestone evidence

Whatever in the folder no source reads is named (``unread_files``). A source whose patterns
match no file stops the run: at once when the folder holds files that nothing reads (the wrong
names) or nothing at all is found (the wrong folder), else once the other files are read (so a
broken file is reported first). A source the export does not have is written ``null`` in the
profile; a file holding only the header row says "no data this time" (docs/decisions.md).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from hubmonitor.contract.messages import Msg
from hubmonitor.errors import DataError, HubmonitorError, said
from hubmonitor.extension import DataBlock, extend
from hubmonitor.findings import CompanyValues
from hubmonitor.io.canonical import Lean, SourceTable, read_table
from hubmonitor.io.external import FILE_NAME, ExternalFigures, by_year, read_external
from hubmonitor.io.mapping import read_source, sheet_keys
from hubmonitor.io.reading import (
    NotRegularFileError,
    da_int,
    display_name,
    os_reason,
    reading,
    require_regular,
    special_kind,
)
from hubmonitor.profile.loader import (
    DEFAULT,
    SETTINGS_FILE,
    builtin_profile,
    chosen_profile,
    folder_settings,
    profile_path,
)
from hubmonitor.profile.model import (
    WORKBOOK_SUFFIXES,
    Profile,
    Settings,
    SourceMapping,
    format_note,
    pattern_matches,
    pattern_reaches,
)
from hubmonitor.reference import MunicipalityRegistry, load_registry
from hubmonitor.schema import SCHEMA, SourceSchema
from hubmonitor.vocabulary import Source

_LISTED = 20  # files a message names, at most
_SOURCE_NAME: dict[str, tuple[str, str]] = {Source.ACTIVITIES: ("aktiviteter", "activities"),
                                             Source.EVALUATIONS: ("evalueringer", "evaluations")}


def _noted(name: str, lang: str) -> str:
    """A file's name, with why it cannot be read when its format says so (``x.xls (gammelt Excel-format …)``)."""
    note = format_note(name)
    return f"{name} ({note[0] if lang == 'da' else note[1]})" if note else name


class MissingSourceError(DataError):
    """A source of the profile matches no file in the data folder: the wrong folder or the wrong
    file names. Names the patterns tried and what the folder holds."""

    code = "no-source-files"

    def __init__(self, folder: Path, profile: str, missing: list[tuple[str, list[str]]],
                 present: list[str]) -> None:
        self.profile, self.missing, self.present = profile, missing, present
        super().__init__(folder, self._message("da"))

    def _message(self, lang: str) -> str:
        da = lang == "da"
        sources = (" eller " if da else " or ").join(
            f"{_SOURCE_NAME.get(source, (source, source))[0 if da else 1]} ({', '.join(patterns)})"
            for source, patterns in self.missing)
        shown = ", ".join(_noted(name, lang) for name in self.present[:_LISTED])
        if len(self.present) > _LISTED:
            more = len(self.present) - _LISTED
            shown += f" … og {more} flere" if da else f" … and {more} more"
        if da:
            held = f"mappen indeholder {shown}" if shown else "mappen er tom"
            return (f"ingen fil til {sources} efter profilen {self.profile!r}; {held}. Forkert mappe eller "
                    "forkerte filnavne? Har en kilde ingen data, så læg en fil med kun overskriftsrækken i mappen. "
                    "Har eksporten slet ikke kilden, så skriv den som null i profilen (fx evaluations: null).")
        held = f"the folder holds {shown}" if shown else "the folder is empty"
        return (f"no file for {sources} under profile {self.profile!r}; {held}. The wrong folder or the wrong "
                "file names? If a source has no data, put a file holding only the header row in the folder. "
                "If the export has no such source, write it as null in the profile (e.g. evaluations: null).")

    def text(self, lang: str = "da") -> str:
        return f"{self.file}: {self._message(lang)}"


MAX_ENTRIES = 100_000  # entries looked at in the data folder and the folders its patterns reach, at most
MAX_FILES_PER_SOURCE = 1_000  # files one source reads, at most



def _hidden(name: str) -> bool:
    return name.startswith((".", "~$"))  # hidden files and Excel's lock files: never worth naming


@dataclass(frozen=True)
class _Entry:
    """One entry of the data folder (or of a folder a pattern reaches into), found without opening it."""

    name: str  # relative, "/" between folders, as the file system spells it (undecodable bytes as surrogates)
    path: Path
    kind: str  # "file", "folder", "linked-folder" (a symbolic link to a folder), "missing" (a link to nothing),
    #           or "other" (a FIFO, a device, a socket, or a link to one)
    mode: int = 0  # the file system's mode of what it is (followed through a link)
    outside: bool = False  # a symbolic link whose target lies outside the data folder

    @property
    def shown(self) -> str:
        return display_name(self.name)


def _classify(entry: os.DirEntry[str], name: str, root: Path) -> _Entry:
    """What an entry is, from ``lstat``/``stat`` only: nothing is opened, so a FIFO cannot block."""
    path = Path(entry.path)
    try:
        if not entry.is_symlink():
            mode = entry.stat(follow_symlinks=False).st_mode
            kind = "folder" if stat.S_ISDIR(mode) else "file" if stat.S_ISREG(mode) else "other"
            return _Entry(name, path, kind, mode)
        outside = not Path(os.path.realpath(path)).is_relative_to(root)
        mode = os.stat(path).st_mode
    except (OSError, ValueError):  # a link to nothing, or gone since the folder was listed
        return _Entry(name, path, "missing")
    kind = "linked-folder" if stat.S_ISDIR(mode) else "file" if stat.S_ISREG(mode) else "other"
    return _Entry(name, path, kind, mode, outside)


def _scan(base: Path, patterns: Sequence[str]) -> list[_Entry]:
    """The folder's entries, and those of the folders a pattern reaches into (symbolic links to folders
    are never followed), hidden files and Excel's lock files left out; sorted by name. At most
    ``MAX_ENTRIES`` entries are looked at: a folder holding more is not a hub's data folder. A
    folder that cannot be listed stops the run when it is the data folder or a pattern names it; one
    only a ``**`` takes in is listed as unread."""
    root = base.resolve()
    out: list[_Entry] = []
    seen = 0
    todo: list[tuple[Path, str, bool]] = [(base, "", True)]
    while todo:
        folder, prefix, named = todo.pop()
        try:
            listing = os.scandir(folder)
        except OSError as exc:
            if not named:
                continue
            da, en = os_reason(exc)
            raise DataError(display_name(prefix) or base, said(f"mappen kan ikke læses ({da})",
                                                          f"the folder cannot be read ({en})")) from exc
        with listing:
            for entry in listing:
                seen += 1
                if seen > MAX_ENTRIES:
                    raise DataError(base, said(
                        f"datamappen (med de undermapper mønstrene når ind i) har mere end {da_int(MAX_ENTRIES)} "
                        "filer og mapper; er det den rigtige mappe?",
                        f"the data folder (with the subfolders the patterns reach) holds more than {MAX_ENTRIES:,} "
                        "files and folders; is it the right folder?"), code="too-many-entries")
                if _hidden(entry.name):
                    continue
                found = _classify(entry, prefix + entry.name, root)
                out.append(found)
                reach = {pattern_reaches(p, found.name) for p in patterns} if found.kind == "folder" else set()
                if reach - {None}:
                    todo.append((found.path, found.name + "/", "named" in reach))
    return sorted(out, key=lambda e: e.name.split("/"))  # the order of paths: a folder's files together


def _refuse(entry: _Entry) -> None:
    """Stop when a file that is to be read is not a regular file inside the data folder with a
    readable name: never opened, never skipped in silence."""
    shown = entry.shown
    if entry.kind == "other":
        kind = special_kind(entry.mode) or ("ikke en almindelig fil", "not a regular file")
        raise NotRegularFileError(shown, said(f"er {kind[0]}, ikke en almindelig fil; den læses ikke",
                                         f"is {kind[1]}, not a regular file; it is not read"))
    if entry.kind == "missing":
        raise DataError(shown, said("er et symbolsk link til en fil, der ikke findes", "is a symbolic link to a file "
                               "that does not exist"), code="broken-link")
    if entry.kind in ("folder", "linked-folder"):
        raise NotRegularFileError(shown, said("er en mappe, ikke en fil", "is a folder, not a file"))
    if entry.outside:
        raise DataError(shown, said("er et symbolsk link til en fil uden for datamappen; den læses ikke, kopiér filen "
                               "ind i mappen", "is a symbolic link to a file outside the data folder; it is not read, "
                               "copy the file into the folder"), code="outside-data-folder")
    try:
        entry.name.encode("utf-8")
    except UnicodeEncodeError:
        raise DataError(shown, said("filnavnet er ikke gyldigt UTF-8 (de ulæselige bytes er vist som \\x..); omdøb "
                               "filen", "the file name is not valid UTF-8 (the bytes shown as \\x..); rename the "
                               "file"), code="file-name-not-utf8") from None


def _source_files(entries: Sequence[_Entry], mapping: SourceMapping, source: str) -> list[_Entry]:
    """The entries a source's patterns name, each once, sorted by name; one that cannot be read
    stops the run, and so do more than ``MAX_FILES_PER_SOURCE``."""
    patterns = mapping.patterns
    for entry in entries:
        if entry.kind == "linked-folder":
            named = [p for p in patterns if pattern_reaches(p, entry.name) == "named"]
            if named:
                raise DataError(entry.shown + "/", said(
                    f"er et symbolsk link til en mappe; mønstret {named[0]!r} følger ikke links ud af datamappen; "
                    "kopiér filerne ind i mappen",
                    f"is a symbolic link to a folder; pattern {named[0]!r} does not follow links out of the data "
                    "folder; copy the files into the folder"), code="linked-folder")
    found = [e for e in entries if e.kind not in ("folder", "linked-folder")  # a folder is no file: listed unread
             and any(pattern_matches(p, e.name) for p in patterns)]
    for entry in found:
        _refuse(entry)
    if len(found) > MAX_FILES_PER_SOURCE:
        da, en = _SOURCE_NAME.get(source, (source, source))
        raise DataError(found[0].shown, said(f"mønstrene for {da} ({', '.join(patterns)}) passer på "
                                             f"{da_int(len(found))} "
                                        f"filer; højst {da_int(MAX_FILES_PER_SOURCE)} læses: saml rækkerne i "
                                        "færre filer",
                                        f"the patterns of {en} ({', '.join(patterns)}) match {len(found):,} files; "
                                        f"at most {MAX_FILES_PER_SOURCE:,} are read: put the rows in fewer files"),
                        code="too-many-files")
    return found


def _entries(entries: Sequence[_Entry]) -> list[str]:
    """The folder's own entries as a person would list them (a folder as ``name/``), sorted."""
    return [e.shown + ("/" if e.kind in ("folder", "linked-folder") else "") for e in entries if "/" not in e.name]


def _profile_file(base: Path, override: str | None, settings: Settings | None) -> Path | None:
    """The profile file the folder is read with (``--profile`` or ``hubmonitor.yaml``'s
    ``profile:``), when it is a file and not a built-in name; ``chosen_profile`` has checked it."""
    if override:
        return profile_path(override, None)
    if settings is None or not settings.profile:
        return None
    return profile_path(settings.profile, base)


def _unread(entries: Sequence[_Entry], read: set[Path]) -> list[str]:
    """Everything in the folder that no source reads, relative and sorted; a subfolder as
    ``name/`` unless a file read lies in it (then its own entries are listed the same way).
    Hidden files and Excel's lock files are left out."""
    taken = {os.path.realpath(path) for path in read}
    holders = {os.path.realpath(parent) for path in read for parent in path.parents}
    opened = {e.name for e in entries if e.kind == "folder" and os.path.realpath(e.path) in holders}
    out: list[str] = []
    for entry in entries:
        parent = entry.name.rpartition("/")[0]
        if parent and parent not in opened:
            continue
        if entry.kind in ("folder", "linked-folder"):
            if entry.name not in opened:
                out.append(entry.shown + "/")
        elif os.path.realpath(entry.path) not in taken:
            out.append(entry.shown)
    return sorted(out)


@dataclass
class Dataset:
    data_dir: str
    tables: dict[str, SourceTable]  # every source of the schema: activities, evaluations, any a data: block adds
    external: dict[int, ExternalFigures] = field(default_factory=dict)
    profile: str = DEFAULT
    unread_files: list[str] = field(default_factory=list)  # in the folder, read by no source; relative, sorted
    schema: dict[str, SourceSchema] = field(default_factory=lambda: dict(SCHEMA))  # the schema it was read with
    declared_date: date | None = None  # hubmonitor.yaml's data_date: the day the export's data are complete to
    # the company ids the masking of findings' values always compares with, whatever the findings
    # (``engine.quality.company_values``: the first ``ID_SHAPES`` of the read, as keys and shapes):
    # worked out by the first evaluation on this read, kept for the others (``evaluate --years``)
    first_id_values: CompanyValues | None = field(default=None, repr=False, compare=False)

    @property
    def since(self) -> date | None:
        """The first day whose rows were read (``load_dataset(since=…)``); None: from the first."""
        return next((t.since for t in self.tables.values() if t.since is not None), None)

    @property
    def until(self) -> date | None:
        """The last day whose rows were read (``load_dataset(until=…)``); None: to the last."""
        return next((t.until for t in self.tables.values() if t.until is not None), None)

    @property
    def activities(self) -> SourceTable:
        return self.tables[Source.ACTIVITIES]

    @property
    def evaluations(self) -> SourceTable:
        return self.tables[Source.EVALUATIONS]

    def absent_columns(self) -> dict[str, dict[str, list[str]]]:
        """Per source, the columns some file read does not have: ``{column: the files without it}``,
        with no files when none of the source's files has it. A source the export does not have is
        left out (its targets name the source)."""
        out: dict[str, dict[str, list[str]]] = {}
        for source, table in self.tables.items():
            if not table.exported or not table.files:
                continue
            columns = {}
            for column in self.schema[source].names:
                parts = table.absent.get(column, [])
                if parts:
                    every = set(table.files) <= set(parts)
                    columns[column] = [] if every else sorted({f if s is None else f"{f} [{s}]" for f, s in parts})
            out[source] = columns
        return out


def _mapping(profile: Profile, source: str) -> SourceMapping | None:
    """The profile's mapping for ``source``: a profile may leave a standard source in the canonical
    layout, and a source it does not name is looked for as ``<source>*.csv|xlsx``; None when the
    profile says the export has no such source (``evaluations: null``)."""
    if source in profile.sources:
        return profile.sources[source]
    canonical = builtin_profile(DEFAULT).sources
    if source in canonical:
        return canonical[source]
    return SourceMapping.model_validate({"files": [f"{source}*.csv", f"{source}*.xlsx"]})


def _schema(profile: Profile, data: Sequence[DataBlock]) -> dict[str, SourceSchema]:
    """The input schema with the profile's data block, then the contract's (framework first)."""
    schema = dict(profile.input_schema())
    for block in data:
        try:
            schema = extend(schema, block)
        except Msg as exc:
            raise HubmonitorError(said(f"kontraktens data: passer ikke med profilen {profile.name!r}: {exc.da}",
                                  f"the contract's data: does not fit profile {profile.name!r}: {exc.en}")) from exc
    return schema


def _one_reader(files: dict[str, list[Path]], mappings: dict[str, SourceMapping | None], base: Path) -> None:
    """A file is read by one source, unless it is a workbook whose sheets the sources name (and no
    sheet twice): a file two sources' patterns match would otherwise be read twice, or by one of
    them in silence (another hub's broad pattern ``*.csv`` taking the evaluations as activities)."""
    readers: dict[Path, list[str]] = {}
    for source, paths in files.items():
        for path in paths:
            readers.setdefault(path, []).append(source)
    for path, sources in readers.items():
        if len(sources) < 2:
            continue
        sheets = [mappings[s].sheets for s in sources]  # type: ignore[union-attr]
        names = [n.casefold() for spec in sheets for sheet in spec or [] for n in sheet.name]
        if path.suffix.lower() in WORKBOOK_SUFFIXES and all(sheets) and len(names) == len(set(names)):
            continue
        da, en = " og ".join(sources), " and ".join(sources)
        raise DataError(display_name(path.relative_to(base).as_posix()),
                        said(f"filen passer på mønstrene for både {da}; giv hver kilde sine egne filer (eller sine "
                             "egne ark i et regneark)",
                             f"the file matches the patterns of both {en}; give each source its own files (or its "
                             "own sheets in a workbook)"), code="file-read-twice")


_NONE = SourceMapping.model_validate({"files": ["-"]})  # reads nothing: a source the export does not have


def load_dataset(data_dir: Path | str, registry: MunicipalityRegistry | None = None,
                 profile: str | None = None, data: Sequence[DataBlock] = (), since: date | None = None,
                 until: date | None = None, lean: Lean | None = None) -> Dataset:
    """Read a data folder with ``profile`` (a built-in name or a path), else the folder's own
    ``hubmonitor.yaml``, else the canonical layout; ``data`` are a contract's data blocks (more
    columns, values and sources to read). ``since``, ``until``: rows dated before or after those days
    are counted, not typed or checked (``read_table``): for an evaluation that reads nothing else;
    ``lean``: files of earlier years only, typed without the columns only the year reads (``canonical.Lean``);
    ``check-data`` reads every row, whole."""
    base = Path(data_dir)
    if not base.is_dir():
        raise DataError(base, said("datamappen findes ikke", "the data folder does not exist"))
    require_regular(base / SETTINGS_FILE, SETTINGS_FILE)  # a FIFO named hubmonitor.yaml: refused, not skipped
    registry = registry or load_registry()
    settings_read = folder_settings(base)  # hubmonitor.yaml, read once: its profile and its data_date
    chosen = chosen_profile(base, profile, settings_read)
    schema = _schema(chosen, data)
    mappings = {source: _mapping(chosen, source) for source in schema}
    entries = _scan(base, [p for m in mappings.values() if m is not None for p in m.patterns])
    files = {source: [e.path for e in _source_files(entries, mapping, source)] if mapping is not None else []
             for source, mapping in mappings.items()}
    _one_reader(files, mappings, base)
    taken = {path for paths in files.values() for path in paths}
    external_entries = [e for e in entries if FILE_NAME.match(e.name)]  # the folder's own: no "/" in the name
    for entry in external_entries:
        _refuse(entry)
    external_files = by_year([e.path for e in external_entries], base)  # two files for one year: refused
    settings = [base / SETTINGS_FILE] if (base / SETTINGS_FILE).is_file() else []
    profile_file = _profile_file(base, profile, settings_read)
    unread = _unread(entries, {*taken, *external_files.values(), *settings, *([profile_file] if profile_file else [])})
    missing = [(source, mapping.patterns) for source, mapping in mappings.items()
               if mapping is not None and not files[source]]
    if missing and (unread or not (taken or external_files)):  # the wrong folder: before reading anything
        raise MissingSourceError(base, chosen.name, missing, _entries(entries))
    external = {}
    for year, path in external_files.items():
        with reading(path.name):
            external[year] = read_external(path, path.name)
    tables = {}
    for source, mapping in mappings.items():
        # a workbook whose sheets two sources share (``_one_reader``): the others' sheets are theirs to read
        others = {path: sheet_keys([m for s, m in mappings.items() if s != source and path in files[s]])
                  for path in files[source]}
        read = read_source(schema[source], mapping or _NONE, files[source], base, chosen.name, others)
        tables[source] = read_table(schema[source], read, mapping or _NONE, registry, exported=mapping is not None,
                                    since=since, until=until, lean=lean)
    if missing:  # every source finds a file, or the profile says it has none (``null``): after the files
        raise MissingSourceError(base, chosen.name, missing, _entries(entries))  # were read, so theirs come first
    return Dataset(data_dir=str(base), tables=tables, external=external, profile=chosen.name, unread_files=unread,
                   schema=schema, declared_date=settings_read.data_date if settings_read is not None else None)
