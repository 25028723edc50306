"""Mapping profiles: how a real export maps onto the canonical columns.

A profile names, per source (``activities``, ``evaluations``), which files to read, which sheets
of a workbook, the candidate column names for every canonical column, value aliases, constants
per sheet, date formats, separator, decimal mark and encoding. It is a spec like a contract:
validated strictly (unknown keys, unknown canonical columns and alias targets outside the
vocabulary are errors with file and line), and it holds no code.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from fnmatch import fnmatchcase
from functools import cache
from pathlib import PurePosixPath
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from hubmonitor.contract.messages import Msg, OneLine, excerpt, no_such_day, written_day
from hubmonitor.extension import DataBlock, Schema, extend, unknown_source
from hubmonitor.reference import load_registry
from hubmonitor.schema import SCHEMA, Column, Kind, SourceSchema
from hubmonitor.vocabulary import FALSE_WORDS, TRUE_WORDS, answer_key, enum_table, topic_as_read

# The canonical columns of each source, in order (from the schema); a file must have the
# ``required`` ones, the others may be missing (the targets that read them then say so).
CANONICAL: dict[str, tuple[str, ...]] = {source: schema.names for source, schema in SCHEMA.items()}
REQUIRED: dict[str, frozenset[str]] = {source: schema.required for source, schema in SCHEMA.items()}

# The kinds of column a value alias (``values:``) or a constant may be given for; a whole number (the
# recommendation score) too: a survey tool writes the scale's end points as labels, "10 - Meget sandsynligt"
_ALIASED = frozenset({Kind.ENUM, Kind.BOOLEAN, Kind.TAGS, Kind.MUNICIPALITY, Kind.INTEGER})
TEXT_SUFFIXES = (".csv", ".txt", ".tsv")
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")

# Date formats are written as people write them: DD, MM, YYYY (or YY) and a separator; MMM is the month
# written as a word, its name or first three letters, Danish or English ("1. jan. 2024": DD. MMM YYYY)
_DATE_TOKEN = re.compile(r"DD|MMMM|MMM|MM|YYYY|YY|[-./, ]")
_MONTH_WORD = ("MMM", "MMMM")
EXCEL_SERIAL = "EXCEL"  # a date format: Excel's serial day number (45352 is 2024-03-01), a number cell's value
_STRFTIME = {"DD": "%d", "MM": "%m", "MMM": "M%m", "MMMM": "M%m", "YYYY": "%Y", "YY": "%y"}

Encoding = Literal["auto", "utf-8", "utf-8-sig", "cp1252"]
_ENCODING_ALIASES = {"windows-1252": "cp1252", "utf8": "utf-8", "latin-1": "cp1252", "latin1": "cp1252"}


def _written(date_format: str, parts: Mapping[str, str]) -> tuple[str, ...]:
    """``date_format``'s tokens, each part (DD, MM, YY, YYYY) as ``parts`` writes it, separators kept."""
    return tuple(parts.get(t, t) for t in _DATE_TOKEN.findall(date_format))


def _shape(date_format: str) -> tuple[str, ...]:
    """What a date written in ``date_format`` looks like, part by part, the parts unnamed:
    ``DD-MM-YYYY`` and ``MM-DD-YYYY`` are both ``99 - 99 - 9999`` (one text, two dates);
    ``YYYYMMDD`` and ``DDMMYYYY`` are not (their parts lie at other places)."""
    return _written(date_format, {"DD": "99", "MM": "99", "YY": "99", "YYYY": "9999"})


def _example(date_format: str) -> str:
    """3 April 2024 written in ``date_format``: the date two formats of one shape read apart."""
    return "".join(_written(date_format, {"DD": "03", "MM": "04", "MMM": "apr", "MMMM": "april", "YY": "24",
                                          "YYYY": "2024"}))


def swapped_day_month(date_format: str) -> str | None:
    """``date_format`` with its day and month changed places (``MM-DD-YYYY`` → ``DD-MM-YYYY``), as a
    profile writes it; None for a format without both (``EXCEL``, ``YYYY``)."""
    tokens = _DATE_TOKEN.findall(date_format)
    if "DD" not in tokens or "MM" not in tokens:
        return None
    return "".join({"DD": "MM", "MM": "DD"}.get(t, t) for t in tokens)


def _date_format(fmt: object) -> bool:
    """A format of the tokens only, with one day (DD), one month (MM, or MMM as a word) and one year
    (YYYY or YY): ``DD MMM MMM YYYY`` read nothing (a review)."""
    if not isinstance(fmt, str):
        return False
    tokens = _DATE_TOKEN.findall(fmt)
    return ("".join(tokens) == fmt and tokens.count("DD") == 1
            and sum(t in ("MM", *_MONTH_WORD) for t in tokens) == 1 and sum(t in ("YY", "YYYY") for t in tokens) == 1)


def strftime_of(date_format: str) -> str:
    """``DD-MM-YYYY`` → ``%d-%m-%Y`` (the format must already be valid). A month word is read as the mark
    and number ``io/columns.py`` writes it as before the parse (``month_numbers``), the dot of its
    abbreviation taken with it where a space or another separator follows: ``DD. MMM. YYYY`` → ``%d. M%m %Y``,
    ``YYYY-MMM.-DD`` → ``%Y-M%m-%d``, ``DD.MMM.YYYY`` → ``%d.M%m.%Y``."""
    tokens = _DATE_TOKEN.findall(date_format)
    return "".join(_STRFTIME.get(tok, tok) for i, tok in enumerate(tokens)
                   if not (tok == "." and i and tokens[i - 1] in _MONTH_WORD
                           and tokens[i + 1:i + 2] in ([" "], [], ["-"], ["/"], [","])))


def canonical_value(column: Column, value: Any) -> str | bool:
    """The canonical form of an alias target or constant for ``column``, or ``Msg``."""
    name = column.name
    if column.kind not in _ALIASED:
        raise Msg(f"kolonnen {name} kan ikke have aliaser eller konstanter",
                  f"column {name} cannot have aliases or constants")
    if value is None:  # (a review: "None skal være tekst", "None er ikke ja/nej")
        raise Msg(f"null (intet svar) kan kun stå for en kolonne med hele tal (fx nps), ikke for {name}",
                  f"null (no answer) can only be given for a whole-number column (e.g. nps), not for {name}")
    if column.kind is Kind.BOOLEAN:
        if isinstance(value, bool):
            return value
        key = answer_key(str(value))
        if key in TRUE_WORDS or key in FALSE_WORDS:
            return key in TRUE_WORDS
        raise Msg(f"{value!r} er ikke ja/nej for {name}", f"{value!r} is not yes/no for {name}")
    if not isinstance(value, str | int) or isinstance(value, bool):
        raise Msg(f"{value!r} skal være tekst", f"{value!r} must be text")
    text = str(value)
    if column.kind is Kind.INTEGER:
        number = int(text) if text.strip().lstrip("-").isdigit() and text.strip().isascii() else None
        low = column.minimum if column.minimum is not None else float("-inf")
        high = column.maximum if column.maximum is not None else float("inf")
        if number is None or not low <= number <= high:
            ranged = column.minimum is not None and column.maximum is not None
            raise Msg(f"{value!r} er ikke et helt tal"
                      f"{f' fra {column.minimum:g} til {column.maximum:g}' if ranged else ''} for {name}",
                      f"{value!r} is not a whole number"
                      f"{f' from {column.minimum:g} to {column.maximum:g}' if ranged else ''} for {name}")
        return str(number)
    if column.kind is Kind.ENUM:
        found = enum_table(column).get(answer_key(text))
        if found is None:
            raise Msg(f"{text!r} er ikke en kendt værdi for {name}; kendte: {', '.join(column.values)}",
                      f"{text!r} is not a known value of {name}; known: {', '.join(column.values)}")
        return found
    return topic_as_read(column, text) if column.kind is Kind.TAGS else text.strip()


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


Candidates = Annotated[list[Annotated[str, Field(min_length=1)]], Field(min_length=1)]
Pattern = Annotated[str, Field(min_length=1)]


# What a profile may write where a list is meant (one name alone is a list of one): for the JSON
# Schema (`hubmonitor schema profile`), which describes the file as written, not as validated.
_ONE_OR_MORE = str | list[str]
_NAMES_BY_COLUMN = dict[str, str | list[str]]


def _as_list(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


def _as_lists(value: Any) -> Any:
    """A column's candidate names: each given as one name or a list."""
    return {k: _as_list(v) for k, v in value.items()} if isinstance(value, dict) else value


def pattern_parts(pattern: str) -> list[str]:
    """A pattern's path components, ``/`` or ``\\`` between them, case folded."""
    return [p.casefold() for p in pattern.replace("\\", "/").split("/") if p not in ("", ".")]


def _match(pattern: Sequence[str], parts: Sequence[str]) -> bool:
    """Whether ``parts`` (a path's components) match ``pattern``'s. Each (pattern position, path
    position) is worked out once: a pattern of many ``**`` against a deep folder took exponential time
    (eight ``**`` over 40 nested folders ran for minutes); now the work is at most their product."""

    @cache
    def at(i: int, j: int) -> bool:
        if i == len(pattern):
            return j == len(parts)
        if pattern[i] == "**":  # this folder and every folder below it; the rest must still name the file
            return any(at(i + 1, k) for k in range(j, len(parts)))
        return j < len(parts) and fnmatchcase(parts[j], pattern[i]) and at(i + 1, j + 1)

    return at(0, 0)


def pattern_matches(pattern: str, name: str) -> bool:
    """Does a file pattern name the file at ``name`` (relative to the data folder, ``/`` between
    folders)? Shell wildcards per component (``*``, ``?``, ``[…]``), ``**`` for any depth of
    folders; upper and lower case alike (``crm_activities*.csv`` reads ``CRM_Activities_2024.CSV``:
    exports made on Windows vary the case, and Windows and macOS ignore it)."""
    return _match(pattern_parts(pattern), [p.casefold() for p in name.split("/")])


def pattern_reaches(pattern: str, folder: str) -> str | None:
    """Could the pattern name a file below ``folder`` (relative, ``/`` between folders)? ``"named"``
    when the folder is spelt out in the pattern (``eksport/*.csv`` for ``eksport``), ``"any"`` when
    only a ``**`` takes it in, None when not."""
    pattern_left = pattern_parts(pattern)
    for part in folder.casefold().split("/"):
        if not pattern_left:
            return None
        if pattern_left[0] == "**":
            return "any" if len(pattern_left) > 1 else None
        if not fnmatchcase(part, pattern_left[0]):
            return None
        pattern_left = pattern_left[1:]
    return "named" if pattern_left and pattern_left != ["**"] else None


# Files that look like data but are in a format hubmonitor does not read: (extension, Danish, English).
OTHER_FORMATS: dict[str, tuple[str, str]] = {
    ".xls": ("gammelt Excel-format (.xls), kan ikke læses; gem som .xlsx i Excel",
             "old Excel format (.xls), cannot be read; save as .xlsx in Excel"),
    ".xlsb": ("binært Excel-format (.xlsb), kan ikke læses; gem som .xlsx i Excel",
              "binary Excel format (.xlsb), cannot be read; save as .xlsx in Excel"),
    ".ods": ("OpenDocument-regneark (.ods), kan ikke læses; gem som .xlsx eller .csv",
             "OpenDocument spreadsheet (.ods), cannot be read; save as .xlsx or .csv"),
    ".numbers": ("Numbers-regneark, kan ikke læses; eksportér som .xlsx eller .csv",
                 "Numbers spreadsheet, cannot be read; export as .xlsx or .csv"),
    ".zip": ("pakket fil (.zip), læses ikke; pak den ud i datamappen",
             "compressed file (.zip), not read; unpack it into the data folder"),
}
_BACKUP_ENDINGS = (".bak", ".old", ".orig", ".backup", ".tmp", "~")
_DATA_SUFFIXES = (".csv", ".tsv", *WORKBOOK_SUFFIXES)
_EXTERNAL_LIKE = re.compile(r"^external[-_ ]?\d+.*\.ya?ml$")
_EXTERNAL = re.compile(r"^external-\d{4}\.ya?ml$")


def format_note(name: str) -> tuple[str, str] | None:
    """(Danish, English) reason a file in a format hubmonitor cannot read is not read, or None."""
    return OTHER_FORMATS.get(PurePosixPath(name).suffix.lower())


def unread_note(name: str) -> tuple[str, str] | None:
    """Why a file of the data folder that looks like data is not read (listed beside it), or None: a
    note, a README, or a .csv or .xlsx that no pattern names (the list's heading says that much).
    Decided on the name alone."""
    base = PurePosixPath(name).name
    folded = base.casefold()
    note = format_note(base)
    if note is not None:
        return note
    if folded.endswith(_BACKUP_ENDINGS) and any(s in folded for s in (*_DATA_SUFFIXES, *OTHER_FORMATS)):
        return "en kopi af en datafil? læses ikke", "a copy of a data file? not read"
    if _EXTERNAL.match(base) and "/" in name:
        return "external-<år>.yaml læses kun i selve datamappen", "external-<year>.yaml is read in the data folder only"
    if _EXTERNAL_LIKE.match(folded) and not _EXTERNAL.match(base):
        return ("ligner external-<år>.yaml, men kun præcis det navn læses (små bogstaver, firecifret år)",
                "looks like external-<year>.yaml, but only exactly that name is read (lower case, four-digit year)")
    return None


def _inside_the_folder(pattern: str, at: tuple[str | int, ...]) -> str:
    if pattern.startswith(("/", "\\")) or ":" in pattern or ".." in pattern.replace("\\", "/").split("/"):
        raise Msg(f"mønsteret {pattern!r} skal pege ind i datamappen (ingen '/' først, ingen '..')",
                  f"pattern {pattern!r} must point inside the data folder (no leading '/', no '..')", at)
    return pattern


class SheetSpec(_Model):
    """One sheet of a workbook: its name (or candidate names), constants and column overrides."""

    name: Candidates
    optional: bool = False
    constants: dict[str, Any] = Field(default_factory=dict)
    columns: dict[str, Candidates] = Field(default_factory=dict)

    _list_name = field_validator("name", mode="before", json_schema_input_type=_ONE_OR_MORE)(_as_list)
    _list_columns = field_validator("columns", mode="before", json_schema_input_type=_NAMES_BY_COLUMN)(_as_lists)


class FileSpec(_Model):
    """Some of a source's files (a pattern) with their own constants and column names: e.g. last
    year's export, whose headings differ, or a file that holds only collective activities."""

    pattern: Pattern
    constants: dict[str, Any] = Field(default_factory=dict)
    columns: dict[str, Candidates] = Field(default_factory=dict)
    header_row: Annotated[int, Field(ge=1, le=1000)] | None = None  # this file's, where it differs from the source's
    # this file's rows that are not data, in place of the source's (its status heading written otherwise)
    skip_rows: dict[Annotated[str, Field(min_length=1)], Candidates] | None = None

    _list_columns = field_validator("columns", mode="before", json_schema_input_type=_NAMES_BY_COLUMN)(_as_lists)
    _list_skipped = field_validator("skip_rows", mode="before", json_schema_input_type=_NAMES_BY_COLUMN)(_as_lists)

    @field_validator("pattern")
    @classmethod
    def _inside(cls, pattern: str) -> str:
        return _inside_the_folder(pattern, ())


def _file_entry(value: Any) -> Any:
    return {"pattern": value} if isinstance(value, str) else value


class SourceMapping(_Model):
    """How one source (activities or evaluations) is found and read."""

    files: Annotated[list[FileSpec], Field(min_length=1)]
    sheets: list[SheetSpec] | None = None  # workbooks only; a CSV file has no sheets
    columns: dict[str, Candidates] = Field(default_factory=dict)
    absent: list[str] = Field(default_factory=list)  # canonical columns the export does not have
    constants: dict[str, Any] = Field(default_factory=dict)  # the same value on every row of the source
    values: dict[str, dict[str, Any]] = Field(default_factory=dict)
    date_formats: Annotated[list[str], Field(min_length=1)] = Field(default_factory=lambda: ["YYYY-MM-DD"])
    separator: Literal["auto", ",", ";", "\t", "tab"] = "auto"
    decimal: Literal[".", ","] = "."
    encoding: Encoding = "auto"
    list_separator: Annotated[str, Field(min_length=1, max_length=3)] = ";"
    header_row: Annotated[int, Field(ge=1, le=1000)] = 1
    # rows that are not data, left out before anything is read of them: per heading of the export (not a
    # canonical column: a survey tool's "Status"), the values whose rows are left out ("Distribueret")
    skip_rows: dict[Annotated[str, Field(min_length=1)], Candidates] = Field(default_factory=dict)

    _list_columns = field_validator("columns", mode="before", json_schema_input_type=_NAMES_BY_COLUMN)(_as_lists)
    _list_skipped = field_validator("skip_rows", mode="before", json_schema_input_type=_NAMES_BY_COLUMN)(_as_lists)

    @field_validator("files", mode="before", json_schema_input_type=str | list[str | FileSpec])
    @classmethod
    def _files(cls, value: Any) -> Any:
        value = _as_list(value)
        return [_file_entry(v) for v in value] if isinstance(value, list) else value

    @field_validator("encoding", mode="before", json_schema_input_type=str)
    @classmethod
    def _encoding_alias(cls, value: Any) -> Any:
        return _ENCODING_ALIASES.get(value.lower(), value.lower()) if isinstance(value, str) else value

    @field_validator("date_formats", mode="before", json_schema_input_type=_ONE_OR_MORE)
    @classmethod
    def _date_formats(cls, value: Any) -> Any:
        value = _as_list(value)
        if isinstance(value, list):
            bad = [(i, fmt) for i, fmt in enumerate(value) if fmt != EXCEL_SERIAL and not _date_format(fmt)]
            if bad:  # every one said (a review: only the first of six was), on the first one's line
                listed = ", ".join(repr(fmt) for _, fmt in bad)
                several = len(bad) > 1
                # a list written [DD-MM-YYYY, MMM DD, YYYY] is split at the comma by YAML (a review)
                split = any(isinstance(fmt, str) and fmt.strip() in ("YYYY", "YY") for _, fmt in bad)
                quoted = ((" (et format med komma skal stå i anførselstegn i en liste: \"MMM DD, YYYY\")",
                           " (a format with a comma must be quoted in a list: \"MMM DD, YYYY\")")
                          if split else ("", ""))
                raise Msg(f"ugyldig{'e' if several else 't'} datoformat{'er' if several else ''} {listed}; skriv fx "
                          "DD-MM-YYYY, DD.MM.YYYY, YYYY-MM-DD eller DD. MMM YYYY (måneden som ord: 1. jan. 2024) "
                          f"(eller {EXCEL_SERIAL} for Excels datonumre, fx 45352){quoted[0]}",
                          f"invalid date format{'s' if several else ''} {listed}; write e.g. DD-MM-YYYY, "
                          "DD.MM.YYYY, YYYY-MM-DD or DD. MMM YYYY (the month as a word: 1. jan. 2024) "
                          f"(or {EXCEL_SERIAL} for Excel's day numbers, e.g. 45352){quoted[1]}",
                          (bad[0][0],))
            for j, fmt in enumerate(value):
                if fmt == EXCEL_SERIAL:
                    continue
                other = next((f for f in value[:j] if f != fmt and _shape(f) == _shape(fmt)), None)
                if other is not None:  # 03-04-2024: 3 April by one, 4 March by the other
                    example = _example(fmt)
                    raise Msg(f"datoformaterne {other!r} og {fmt!r} læser samme dato på to måder (fx {example}); "
                              "angiv kun det, eksporten bruger",
                              f"the date formats {other!r} and {fmt!r} read the same date two ways (e.g. "
                              f"{example}); give only the one the export uses", (j,))
        return value

    @property
    def patterns(self) -> list[str]:
        return [f.pattern for f in self.files]

    def column_candidates(self, column: str, *overrides: FileSpec | SheetSpec | None) -> list[str]:
        """The names tried for ``column``, in order: the sheet's or file's own, the source's, else the
        canonical name."""
        for spec in overrides:
            if spec is not None and column in spec.columns:
                return list(spec.columns[column])
        return list(self.columns.get(column, [column]))

    def skip_rows_of(self, file: FileSpec | None) -> dict[str, list[str]]:
        """The ``skip_rows`` a file is read with: its own (``files:``), else the source's."""
        return file.skip_rows if file is not None and file.skip_rows is not None else self.skip_rows

    def aliases(self, column: Column) -> dict[str, str | bool]:
        """The profile's value aliases for ``column``, keyed by ``answer_key`` (not the spellings of no
        answer: ``unanswered``)."""
        return {answer_key(k): canonical_value(column, v) for k, v in self.values.get(column.name, {}).items()
                if v is not None}

    def unanswered(self, column: Column) -> list[str]:
        """The spellings the profile says are no answer in a whole-number column (``nps: {"Ved ikke": null}``:
        a survey tool's "don't know" beside the 0–10 scale), keyed by ``answer_key``: read as an empty cell,
        not as a number that cannot be read (which quarantines the whole response; a review)."""
        if column.kind is not Kind.INTEGER:
            return []
        return [answer_key(k) for k, v in self.values.get(column.name, {}).items() if v is None]

    def strftime_formats(self) -> list[str]:
        return [strftime_of(f) for f in self.date_formats if f != EXCEL_SERIAL]

    @property
    def month_words(self) -> bool:
        """Does a format write the month as a word (``MMM``)? Then every date cell's month words are
        written as a mark and their number first (``io/columns.py`` ``month_numbers``)."""
        return any(word in _DATE_TOKEN.findall(f) for f in self.date_formats for word in _MONTH_WORD)

    @property
    def excel_serial(self) -> bool:
        """Are dates also read as Excel's serial day numbers (``date_formats`` names ``EXCEL``)?"""
        return EXCEL_SERIAL in self.date_formats

    @property
    def sep(self) -> str | None:
        return None if self.separator == "auto" else ("\t" if self.separator == "tab" else self.separator)


class Profile(_Model):
    """A whole mapping profile (``document: profile``)."""

    document: Literal["profile"]
    name: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$")]
    title: OneLine
    description: str | None = None
    data: DataBlock = Field(default_factory=dict)  # columns, values and sources beyond the standard export
    # a source written ``null``: the export has no such source (its targets say "mangler data")
    sources: Annotated[dict[Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")], SourceMapping | None],
                       Field(min_length=1)]

    @model_validator(mode="after")
    def _check(self) -> Profile:
        schema = self.input_schema()
        for source, mapping in self.sources.items():
            if source not in schema:
                raise unknown_source(source, schema, ("sources", source))
            if mapping is not None:
                _check_mapping(source, mapping, ("sources", source), schema)
        return self

    def input_schema(self) -> Schema:
        """The input schema with the profile's ``data:`` block."""
        return extend(SCHEMA, self.data)


def _check_mapping(source: str, mapping: SourceMapping, at: tuple[str | int, ...], full: Schema) -> None:
    """Every key must name a canonical column of ``source``, every value must fit it, and no key
    may be without effect (a constant under a sheet of a CSV export, candidates for a column the
    profile says is absent, …): what a profile says is either used or an error."""
    schema = full[source]
    absent = set(mapping.absent)
    for i, column in enumerate(mapping.absent):
        _check_column(column, schema, (*at, "absent", i))
        if column in schema.required:
            raise Msg(f"{column} kan ikke mangle: uden den kan ingen række bruges",
                      f"{column} cannot be absent: no row can be used without it", (*at, "absent", i))
    _check_columns(schema, mapping.columns, (*at, "columns"), absent)
    _check_constants(schema, mapping.constants, (*at, "constants"), absent, mapping.columns)
    if len(absent) < len(mapping.absent):
        raise Msg("en kolonne står to gange under absent", "a column is listed twice under absent", (*at, "absent"))
    tags = [c.name for c in schema.columns if c.kind is Kind.TAGS]
    if mapping.list_separator != ";" and tags and set(tags) <= absent:
        raise Msg(f"list_separator virker kun på {', '.join(tags)}, som står under absent",
                  f"list_separator applies to {', '.join(tags)} only, which is listed under absent",
                  (*at, "list_separator"))
    fixed = set(mapping.constants)  # the same value on every row of the source: nothing else applies
    for column, table in mapping.values.items():
        where = (*at, "values", column)
        _check_column(column, schema, where)
        _not_absent(column, absent, where)
        _not_fixed(column, fixed, where)
        spelled: dict[str, str] = {}
        for raw, target in table.items():
            # a spelling of no answer ("Ved ikke": null) is read as an empty cell (``unanswered``), not a value
            if target is not None or schema[column].kind is not Kind.INTEGER:
                _check_value(schema[column], target, (*where, str(raw)))
                _not_renamed(schema[column], raw, target, (*where, str(raw)))
            key = answer_key(str(raw))
            if key in spelled:
                raise Msg(f"{raw!r} og {spelled[key]!r} er samme stavemåde (store/små bogstaver og mellemrum tæller "
                          "ikke); skriv den én gang", f"{raw!r} and {spelled[key]!r} are the same spelling (case and "
                          "white space do not count); write it once", (*where, str(raw)))
            spelled[key] = str(raw)
    _check_skip_rows(schema, mapping, at, absent)
    for i, spec in enumerate(mapping.files):
        base = (*at, "files", i)
        _check_columns(schema, spec.columns, (*base, "columns"), absent)
        for column in spec.columns:
            _not_fixed(column, fixed, (*base, "columns", column))
        _check_constants(schema, spec.constants, (*base, "constants"), absent, spec.columns)
        if spec.skip_rows is not None:
            _check_skip_rows(schema, mapping, base, absent, spec)
        elif mapping.skip_rows:  # the source's skip_rows applies to the file: not a heading its columns read
            _not_skipped_by(spec.columns, mapping.skip_rows, base)
    text_only = all(p.lower().endswith(TEXT_SUFFIXES) for p in mapping.patterns)
    books_only = all(p.lower().endswith(WORKBOOK_SUFFIXES) for p in mapping.patterns)
    if mapping.sheets is not None and text_only:
        raise Msg("sheets virker kun på regneark (.xlsx), og filerne her er tekstfiler; giv konstanter under "
                  "kildens constants: eller under en fil (files: - pattern: …, constants: …)",
                  "sheets apply to workbooks (.xlsx) only, and these files are text files; give constants under "
                  "the source's constants: or under a file (files: - pattern: …, constants: …)", (*at, "sheets"))
    for key, default in (("separator", "auto"), ("encoding", "auto")):
        if books_only and getattr(mapping, key) != default:
            raise Msg(f"{key} virker kun på tekstfiler (.csv), og filerne her er regneark",
                      f"{key} applies to text files (.csv) only, and these files are workbooks", (*at, key))
    for i, sheet in enumerate(mapping.sheets or []):
        base = (*at, "sheets", i)
        _check_columns(schema, sheet.columns, (*base, "columns"), absent)
        for column in sheet.columns:
            _not_fixed(column, fixed, (*base, "columns", column))
        _check_constants(schema, sheet.constants, (*base, "constants"), absent, sheet.columns)
        if mapping.skip_rows and all(spec.skip_rows is None for spec in mapping.files):  # (else: at the read)
            _not_skipped_by(sheet.columns, mapping.skip_rows, base)


def _check_columns(schema: SourceSchema, columns: dict[str, Any], where: tuple[str | int, ...], absent: set[str]
                   ) -> None:
    for column in columns:
        _check_column(column, schema, (*where, column))
        _not_absent(column, absent, (*where, column))


def _check_constants(schema: SourceSchema, constants: dict[str, Any], where: tuple[str | int, ...], absent: set[str],
                     columns: dict[str, Any]) -> None:
    for column, value in constants.items():
        at = (*where, column)
        _check_column(column, schema, at)
        _not_absent(column, absent, at)
        if column in columns:
            raise Msg(f"{column} har både en konstant og kolonnenavne; konstanten vinder, så navnene virker ikke",
                      f"{column} has both a constant and column names; the constant wins, so the names do nothing",
                      at)
        _check_value(schema[column], value, at)


def _not_fixed(column: str, fixed: set[str], where: tuple[str | int, ...]) -> None:
    if column in fixed:
        raise Msg(f"{column} har en konstant for hele kilden (constants:), så denne nøgle virker ikke",
                  f"{column} has a constant for the whole source (constants:), so this key does nothing", where)


def _not_absent(column: str, absent: set[str], where: tuple[str | int, ...]) -> None:
    if column in absent:
        raise Msg(f"{column} står under absent (findes ikke i eksporten), så denne nøgle virker ikke",
                  f"{column} is listed under absent (not in the export), so this key does nothing", where)


def _check_column(column: str, schema: SourceSchema, where: tuple[str | int, ...]) -> None:
    """``column`` must be one of the source's canonical columns."""
    if column not in schema:
        known = ", ".join(schema.names)
        raise Msg(f"ukendt kanonisk kolonne {column!r} for {schema.source}; kendte: {known}",
                  f"unknown canonical column {column!r} for {schema.source}; known: {known}", where)


def _check_skip_rows(schema: SourceSchema, mapping: SourceMapping, at: tuple[str | int, ...],
                     absent: set[str] | frozenset[str], file: FileSpec | None = None) -> None:
    """``skip_rows``: each heading once, and none a canonical column is read from (the source's ``columns:``
    names, or the column's own name): answers left out by their value would move a figure while said as
    information only (a review skipped every score below 7 and every answer but "Meget tilfreds": the NPS and
    the satisfaction "met"). The read checks it again against the headings each file's columns are found by."""
    read_as = {answer_key(name): column for column in schema.names if column not in absent
               for name in mapping.column_candidates(column, file)}
    seen: dict[str, str] = {}
    for heading in mapping.skip_rows_of(file):
        key, where = answer_key(heading), (*at, "skip_rows", heading)
        if key in seen:
            raise Msg(f"{heading!r} og {seen[key]!r} er samme overskrift (store/små bogstaver og mellemrum tæller "
                      "ikke); skriv den én gang", f"{heading!r} and {seen[key]!r} are the same heading (case and "
                      "white space do not count); write it once", where)
        seen[key] = heading
        if key in read_as:
            raise Msg(f"{heading!r} er overskriften, {read_as[key]} læses fra: rækker må ikke udelades efter en værdi, "
                      "et mål regner med; giv en kolonne, der ikke er data (fx en status)",
                      f"{heading!r} is the heading {read_as[key]} is read from: rows may not be left out by a value a "
                      "target counts; give a column that is not data (e.g. a status)", where)


def _not_skipped_by(columns: dict[str, Any], skip_rows: dict[str, Any], at: tuple[str | int, ...]) -> None:
    """A file's or a sheet's own ``columns:`` do not read a heading the source's ``skip_rows`` leaves rows out
    by (the read refused it, ``shared-column``, only when the file was read: a review). A sheet where a file
    has its own ``skip_rows`` is left to the read (which file the sheet is in is known there)."""
    skipped = {answer_key(heading): heading for heading in skip_rows}
    for column, names in columns.items():
        for name in names:
            heading = skipped.get(answer_key(str(name)))
            if heading is not None:
                raise Msg(f"{column} læses her fra {name!r}, som kildens skip_rows udelader rækker efter: rækker må "
                          "ikke udelades efter en værdi, et mål regner med; giv filen sin egen skip_rows med en "
                          "kolonne, der ikke er data (fx en status)",
                          f"{column} is read here from {name!r}, which the source's skip_rows leaves rows out by: "
                          "rows may not be left out by a value a target counts; give the file its own skip_rows with "
                          "a column that is not data (e.g. a status)", (*at, "columns", column))


def _not_renamed(column: Column, raw: Any, target: Any, where: tuple[str | int, ...]) -> None:
    """A spelling that is itself one of the column's values, aliased to another (``{drift: vækst}``,
    ``{Aarhus: Randers}``, ``{ja: nej}``): every such cell would be read as the other value, a figure
    moved without a word (a review of 7 December 2026). Refused; a spelling of the same value
    (``{Vækst: vækst}``, ``{Århus: Aarhus}``) is not."""
    said: tuple[str | bool | None, str | bool | None]
    if column.kind is Kind.MUNICIPALITY:
        registry = load_registry()
        as_is, aliased = registry.resolve(str(raw)), registry.resolve(str(target))
        said = (as_is.name if as_is is not None else None), (aliased.name if aliased is not None else None)
    else:
        try:
            as_read = canonical_value(column, raw)
        except Msg:
            return  # not a value of the column: a spelling of the export's own
        if column.kind is Kind.TAGS and as_read not in set(column.aliases.values()):
            return  # a topic the column does not know (any of a column without spellings): the export's own word
        said = as_read, canonical_value(column, target)
    if said[0] is None or said[0] == said[1]:
        return
    (first_da, first_en), (other_da, other_en) = (_shown(v) for v in said)
    raise Msg(f"{str(raw)!r} læses allerede som {column.name} {first_da}; med linjen ville rækkerne med {str(raw)!r} "
              f"blive læst som {other_da}; slet linjen, eller omkod værdierne i eksporten",
              f"{str(raw)!r} is already read as {column.name} {first_en}; with the line the rows with {str(raw)!r} "
              f"would be read as {other_en}; delete the line, or recode the values in the export", where)


def _shown(value: str | bool | None) -> tuple[str, str]:
    """A canonical value as a message writes it, Danish and English."""
    if isinstance(value, bool):
        return ("ja", "yes") if value else ("nej", "no")
    return str(value), str(value)


def _check_value(column: Column, value: Any, where: tuple[str | int, ...]) -> None:
    """``value`` must be a valid alias target or constant for ``column``; the error names ``where``."""
    try:
        canonical_value(column, value)
    except Msg as exc:
        raise exc.under(*where) from None


# --- the data folder's own settings (hubmonitor.yaml) --------------------------------------------

FIRST_DATA_DATE, LAST_DATA_DATE = date(2000, 1, 1), date(2100, 12, 31)  # as --years' years


class Settings(_Model):
    """A data folder's ``hubmonitor.yaml``: the profile its files are read with, and the date its
    data are complete to (``data_date``: the export's day; a contract year not over by then is
    evaluated as of it, and it wins over the latest date in the data). Both optional, one at least."""

    profile: Annotated[str, Field(min_length=1)] | None = None
    data_date: date | None = None

    @field_validator("data_date", mode="before")
    @classmethod
    def _real_date(cls, value: Any) -> Any:
        """A date written YYYY-MM-DD (YAML reads it as a date; quoted, as text), 2000–2100; not a
        number, a date and time or another order of day and month."""
        if isinstance(value, str):
            try:
                value = written_day(value) or value
            except ValueError:
                raise Msg(*no_such_day(excerpt(value))) from None
        if value is None:  # written, but empty (the default is not checked)
            raise Msg("mangler en dato; skriv fx data_date: 2025-09-30, eller fjern nøglen",
                      "lacks a date; write e.g. data_date: 2025-09-30, or remove the key")
        if not isinstance(value, date) or isinstance(value, datetime):
            shown = excerpt(value if isinstance(value, str) else str(value))
            raise Msg(f"skal være en dato skrevet ÅÅÅÅ-MM-DD, fx 2025-09-30, ikke {shown}",
                      f"must be a date written YYYY-MM-DD, e.g. 2025-09-30, not {shown}")
        if not FIRST_DATA_DATE <= value <= LAST_DATA_DATE:
            raise Msg(f"{value} ligger ikke mellem {FIRST_DATA_DATE} og {LAST_DATA_DATE}",
                      f"{value} is not between {FIRST_DATA_DATE} and {LAST_DATA_DATE}")
        return value

    @model_validator(mode="after")
    def _something(self) -> Settings:
        if self.profile is None and self.data_date is None:
            raise Msg("skal indeholde 'profile: <navn eller sti>' og/eller 'data_date: ÅÅÅÅ-MM-DD' og intet andet",
                      "must hold 'profile: <name or path>' and/or 'data_date: YYYY-MM-DD' and nothing else")
        return self
