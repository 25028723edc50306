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

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from hubmonitor.contract.loader import display_path
from hubmonitor.contract.messages import Msg
from hubmonitor.contract.yaml_source import read_yaml
from hubmonitor.errors import DataError, HubmonitorError
from hubmonitor.extension import DataBlock, extend
from hubmonitor.io.canonical import SourceTable, read_table
from hubmonitor.io.external import FILE_NAME, ExternalFigures, read_external
from hubmonitor.io.mapping import read_source, source_files
from hubmonitor.profile.loader import DEFAULT, SETTINGS_FILE, builtin_profile, profile_for, profile_path
from hubmonitor.profile.model import WORKBOOK_SUFFIXES, Profile, SourceMapping
from hubmonitor.reference import MunicipalityRegistry, load_registry
from hubmonitor.schema import SCHEMA, SourceSchema
from hubmonitor.vocabulary import Source

_LISTED = 20  # files a message names, at most
_SOURCE_NAME: dict[str, tuple[str, str]] = {Source.ACTIVITIES: ("aktiviteter", "activities"),
                                             Source.EVALUATIONS: ("evalueringer", "evaluations")}


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
        shown = ", ".join(self.present[:_LISTED])
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


def _hidden(name: str) -> bool:
    return name.startswith((".", "~$"))  # hidden files and Excel's lock files: never worth naming


def _entries(folder: Path) -> list[str]:
    """The folder's own entries as a person would list them (a folder as ``name/``), sorted."""
    return sorted(p.name + ("/" if p.is_dir() else "") for p in folder.iterdir() if not _hidden(p.name))


def _profile_file(base: Path, override: str | None) -> Path | None:
    """The profile file the folder is read with (``--profile`` or ``hubmonitor.yaml``'s
    ``profile:``), when it is a file and not a built-in name; ``profile_for`` has checked it."""
    spec: object = override
    relative_to: Path | None = None
    if not override:
        settings = base / SETTINGS_FILE
        if not settings.is_file():
            return None
        doc = read_yaml(settings, display_path(settings))
        spec = doc.data.get("profile") if isinstance(doc.data, dict) else None
        relative_to = base
    return profile_path(spec, relative_to) if isinstance(spec, str) and spec else None


def _unread(base: Path, read: set[Path]) -> list[str]:
    """Everything in the folder that no source reads, relative and sorted; a subfolder as
    ``name/`` unless a pattern reaches into it (then its own entries are listed the same way).
    Hidden files and Excel's lock files are left out."""
    taken = {path.resolve() for path in read}
    holders = {parent for path in taken for parent in path.parents}
    out: list[str] = []

    def walk(folder: Path) -> None:
        for entry in folder.iterdir():
            if _hidden(entry.name):
                continue
            name = entry.relative_to(base).as_posix()
            if entry.is_dir():
                if entry.resolve() in holders:
                    walk(entry)
                else:
                    out.append(name + "/")
            elif entry.resolve() not in taken:
                out.append(name)

    walk(base)
    return sorted(out)


@dataclass
class Dataset:
    data_dir: str
    tables: dict[str, SourceTable]  # every source of the schema: activities, evaluations, any a data: block adds
    external: dict[int, ExternalFigures] = field(default_factory=dict)
    profile: str = DEFAULT
    unread_files: list[str] = field(default_factory=list)  # in the folder, read by no source; relative, sorted
    schema: dict[str, SourceSchema] = field(default_factory=lambda: dict(SCHEMA))  # the schema it was read with

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
            raise HubmonitorError(f"kontraktens data: passer ikke med profilen {profile.name!r}: {exc.da} "
                                  f"/ the contract's data: does not fit profile {profile.name!r}: {exc.en}") from exc
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
        raise DataError(path.relative_to(base).as_posix(),
                        f"filen passer på mønstrene for både {da}; giv hver kilde sine egne filer (eller sine egne ark "
                        f"i et regneark) / the file matches the patterns of {en}", code="file-read-twice")


_NONE = SourceMapping.model_validate({"files": ["-"]})  # reads nothing: a source the export does not have


def load_dataset(data_dir: Path | str, registry: MunicipalityRegistry | None = None,
                 profile: str | None = None, data: Sequence[DataBlock] = ()) -> Dataset:
    """Read a data folder with ``profile`` (a built-in name or a path), else the folder's own
    ``hubmonitor.yaml``, else the canonical layout; ``data`` are a contract's data blocks (more
    columns, values and sources to read)."""
    base = Path(data_dir)
    if not base.is_dir():
        raise DataError(base, "datamappen findes ikke / the data folder does not exist")
    registry = registry or load_registry()
    chosen = profile_for(base, profile)
    schema = _schema(chosen, data)
    mappings = {source: _mapping(chosen, source) for source in schema}
    files = {source: source_files(base, mapping) if mapping is not None else [] for source, mapping in mappings.items()}
    _one_reader(files, mappings, base)
    taken = {path for paths in files.values() for path in paths}
    external_files = sorted(p for p in base.iterdir() if FILE_NAME.match(p.name) and p.is_file())
    settings = [base / SETTINGS_FILE] if (base / SETTINGS_FILE).is_file() else []
    profile_file = _profile_file(base, profile)
    unread = _unread(base, {*taken, *external_files, *settings, *([profile_file] if profile_file is not None else [])})
    missing = [(source, mapping.patterns) for source, mapping in mappings.items()
               if mapping is not None and not files[source]]
    if missing and (unread or not (taken or external_files)):  # the wrong folder: before reading anything
        raise MissingSourceError(base, chosen.name, missing, _entries(base))
    external = {}
    for path in external_files:
        match = FILE_NAME.match(path.name)
        assert match is not None
        external[int(match.group(1))] = read_external(path, path.name)
    tables = {}
    for source, mapping in mappings.items():
        read = read_source(schema[source], mapping or _NONE, files[source], base, chosen.name)
        tables[source] = read_table(schema[source], read, mapping or _NONE, registry, exported=mapping is not None)
    if missing:  # every source finds a file, or the profile says it has none (``null``): after the files
        raise MissingSourceError(base, chosen.name, missing, _entries(base))  # were read, so theirs come first
    return Dataset(data_dir=str(base), tables=tables, external=external, profile=chosen.name, unread_files=unread,
                   schema=schema)
