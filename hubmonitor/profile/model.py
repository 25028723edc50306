"""Mapping profiles: how a real export maps onto the canonical columns.

A profile names, per source (``activities``, ``evaluations``), which files to read, which sheets
of a workbook, the candidate column names for every canonical column, value aliases, constants
per sheet, date formats, separator, decimal mark and encoding. It is a spec like a contract:
validated strictly (unknown keys, unknown canonical columns and alias targets outside the
vocabulary are errors with file and line), and it holds no code.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from hubmonitor.contract.messages import Msg
from hubmonitor.vocabulary import (
    ACTIVITY_TYPES,
    EFFECT,
    FALSE_WORDS,
    REFERRAL_USED,
    SATISFACTION,
    SEGMENTS,
    TRUE_WORDS,
    Source,
    alias_table,
    answer_key,
    canonical_topic,
)

# The canonical columns of each source, in order; ``required`` ones must be found in every
# file or sheet (or be given as a sheet constant).
CANONICAL: dict[Source, tuple[str, ...]] = {
    Source.ACTIVITIES: ("activity_id", "date", "company_id", "cvr", "company_name", "municipality",
                        "segment", "activity_type", "growth_programme", "referred", "topics"),
    Source.EVALUATIONS: ("response_id", "date", "company_id", "segment", "satisfaction", "effect",
                         "referral_received", "referral_used", "nps", "topics"),
}
OPTIONAL: dict[Source, frozenset[str]] = {
    Source.ACTIVITIES: frozenset({"company_name"}),
    Source.EVALUATIONS: frozenset(),
}

# What a value alias or a constant may map to, per canonical column.
_ENUMS: dict[str, tuple[str, ...]] = {
    "segment": SEGMENTS, "activity_type": ACTIVITY_TYPES, "satisfaction": SATISFACTION,
    "effect": EFFECT, "referral_used": REFERRAL_USED,
}
_BOOLEANS = frozenset({"growth_programme", "referred", "referral_received"})
_FREE = frozenset({"topics", "municipality"})  # topics: any tag; municipality: a name the registry knows

# Date formats are written as people write them: DD, MM, YYYY (or YY) and a separator.
_DATE_TOKEN = re.compile(r"DD|MM|YYYY|YY|[-./ ]")
_STRFTIME = {"DD": "%d", "MM": "%m", "YYYY": "%Y", "YY": "%y"}

Encoding = Literal["auto", "utf-8", "utf-8-sig", "cp1252"]
_ENCODING_ALIASES = {"windows-1252": "cp1252", "utf8": "utf-8", "latin-1": "cp1252", "latin1": "cp1252"}


def strftime_of(date_format: str) -> str:
    """``DD-MM-YYYY`` → ``%d-%m-%Y`` (the format must already be valid)."""
    return "".join(_STRFTIME.get(tok, tok) for tok in _DATE_TOKEN.findall(date_format))


def canonical_value(column: str, value: Any) -> str | bool:
    """The canonical form of an alias target or constant for ``column``, or ``Msg``."""
    if column in _BOOLEANS:
        if isinstance(value, bool):
            return value
        key = answer_key(str(value))
        if key in TRUE_WORDS or key in FALSE_WORDS:
            return key in TRUE_WORDS
        raise Msg(f"{value!r} er ikke ja/nej for {column}", f"{value!r} is not yes/no for {column}")
    if not isinstance(value, str | int) or isinstance(value, bool):
        raise Msg(f"{value!r} skal være tekst", f"{value!r} must be text")
    text = str(value)
    if column in _ENUMS:
        found = alias_table(_ENUMS[column]).get(answer_key(text))
        if found is None:
            raise Msg(f"{text!r} er ikke en kendt værdi for {column}; kendte: {', '.join(_ENUMS[column])}",
                      f"{text!r} is not a known value of {column}; known: {', '.join(_ENUMS[column])}")
        return found
    if column in _FREE:
        return canonical_topic(text) if column == "topics" else text.strip()
    raise Msg(f"kolonnen {column} kan ikke have aliaser eller konstanter",
              f"column {column} cannot have aliases or constants")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


Candidates = Annotated[list[Annotated[str, Field(min_length=1)]], Field(min_length=1)]


def _as_list(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


def _as_lists(value: Any) -> Any:
    """A column's candidate names: each given as one name or a list."""
    return {k: _as_list(v) for k, v in value.items()} if isinstance(value, dict) else value


class SheetSpec(_Model):
    """One sheet of a workbook: its name (or candidate names), constants and column overrides."""

    name: Candidates
    optional: bool = False
    constants: dict[str, Any] = Field(default_factory=dict)
    columns: dict[str, Candidates] = Field(default_factory=dict)

    _list_name = field_validator("name", mode="before")(_as_list)
    _list_columns = field_validator("columns", mode="before")(_as_lists)


class SourceMapping(_Model):
    """How one source (activities or evaluations) is found and read."""

    files: Annotated[list[Annotated[str, Field(min_length=1)]], Field(min_length=1)]
    sheets: list[SheetSpec] | None = None  # workbooks only; a CSV file has no sheets
    columns: dict[str, Candidates] = Field(default_factory=dict)
    values: dict[str, dict[str, Any]] = Field(default_factory=dict)
    date_formats: Annotated[list[str], Field(min_length=1)] = Field(default_factory=lambda: ["YYYY-MM-DD"])
    separator: Literal["auto", ",", ";", "\t", "tab"] = "auto"
    decimal: Literal[".", ","] = "."
    encoding: Encoding = "auto"
    list_separator: Annotated[str, Field(min_length=1, max_length=3)] = ";"
    header_row: Annotated[int, Field(ge=1, le=1000)] = 1

    _list_files = field_validator("files", mode="before")(_as_list)
    _list_columns = field_validator("columns", mode="before")(_as_lists)

    @field_validator("files")
    @classmethod
    def _inside_the_folder(cls, patterns: list[str]) -> list[str]:
        for i, pattern in enumerate(patterns):
            if pattern.startswith(("/", "\\")) or ":" in pattern or ".." in pattern.replace("\\", "/").split("/"):
                raise Msg(f"mønsteret {pattern!r} skal pege ind i datamappen (ingen '/' først, ingen '..')",
                          f"pattern {pattern!r} must point inside the data folder (no leading '/', no '..')", (i,))
        return patterns

    @field_validator("encoding", mode="before")
    @classmethod
    def _encoding_alias(cls, value: Any) -> Any:
        return _ENCODING_ALIASES.get(value.lower(), value.lower()) if isinstance(value, str) else value

    @field_validator("date_formats", mode="before")
    @classmethod
    def _date_formats(cls, value: Any) -> Any:
        value = _as_list(value)
        if isinstance(value, list):
            for i, fmt in enumerate(value):
                if not isinstance(fmt, str) or "".join(_DATE_TOKEN.findall(fmt)) != fmt or not all(
                        t in fmt for t in ("DD", "MM")) or "YY" not in fmt:
                    raise Msg(f"ugyldigt datoformat {fmt!r}; skriv fx DD-MM-YYYY, DD.MM.YYYY eller YYYY-MM-DD",
                              f"invalid date format {fmt!r}; write e.g. DD-MM-YYYY, DD.MM.YYYY or YYYY-MM-DD", (i,))
        return value

    def column_candidates(self, column: str, sheet: SheetSpec | None = None) -> list[str]:
        """The names tried for ``column``, in order: the sheet's own, the source's, else the canonical."""
        if sheet is not None and column in sheet.columns:
            return list(sheet.columns[column])
        return list(self.columns.get(column, [column]))

    def aliases(self, column: str) -> dict[str, str | bool]:
        """The profile's value aliases for ``column``, keyed by ``answer_key``."""
        return {answer_key(k): canonical_value(column, v) for k, v in self.values.get(column, {}).items()}

    def strftime_formats(self) -> list[str]:
        return [strftime_of(f) for f in self.date_formats]

    @property
    def sep(self) -> str | None:
        return None if self.separator == "auto" else ("\t" if self.separator == "tab" else self.separator)


class Profile(_Model):
    """A whole mapping profile (``document: profile``)."""

    document: Literal["profile"]
    name: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$")]
    title: str
    description: str | None = None
    sources: Annotated[dict[Source, SourceMapping], Field(min_length=1)]

    @model_validator(mode="after")
    def _check(self) -> Profile:
        for source, mapping in self.sources.items():
            self._check_columns(source, mapping.columns, ("sources", source.value, "columns"))
            for column, table in mapping.values.items():
                where = ("sources", source.value, "values", column)
                _check_column(column, source, where)
                for raw, target in table.items():
                    _check_value(column, target, (*where, str(raw)))
            for i, sheet in enumerate(mapping.sheets or []):
                base = ("sources", source.value, "sheets", i)
                self._check_columns(source, sheet.columns, (*base, "columns"))
                for column, value in sheet.constants.items():
                    at = (*base, "constants", column)
                    _check_column(column, source, at)
                    _check_value(column, value, at)
        return self

    @staticmethod
    def _check_columns(source: Source, columns: dict[str, Any], where: tuple[str | int, ...]) -> None:
        for column in columns:
            _check_column(column, source, (*where, column))


def _check_column(column: str, source: Source, where: tuple[str | int, ...]) -> None:
    """``column`` must be one of the source's canonical columns."""
    if column not in CANONICAL[source]:
        raise _unknown_column(column, source, where)


def _check_value(column: str, value: Any, where: tuple[str | int, ...]) -> None:
    """``value`` must be a valid alias target or constant for ``column``; the error names ``where``."""
    try:
        canonical_value(column, value)
    except Msg as exc:
        raise exc.under(*where) from None


def _unknown_column(column: str, source: Source, where: tuple[str | int, ...]) -> Msg:
    known = ", ".join(CANONICAL[source])
    return Msg(f"ukendt kanonisk kolonne {column!r} for {source.value}; kendte: {known}",
               f"unknown canonical column {column!r} for {source.value}; known: {known}", where)
