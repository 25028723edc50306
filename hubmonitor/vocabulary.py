"""The canonical vocabulary, as the contract language and the readers use it: derived from the
input schema (``hubmonitor.schema``), where each column and its values are declared once.

Matching of data values ignores case and surrounding white space; aliases map other spellings to
the canonical value. Plain Python only: both the contract model and the readers use it.
"""

from __future__ import annotations

import re
from typing import Final

from hubmonitor.schema import SCHEMA, SEGMENT, TOPIC_ALIASES, Column, Kind, Source, SourceSchema

__all__ = ["FALSE_WORDS", "FIELDS", "FIELD_LABELS", "SEGMENTS", "TOPIC_ALIASES", "TRUE_WORDS", "FieldSpec",
           "Source", "alias_table", "answer_key", "as_read", "enum_table", "fields_of",
           "topic_as_read"]

SEGMENTS: Final = SEGMENT.values

TRUE_WORDS: Final = frozenset({"true", "ja", "1", "x", "yes", "sand"})
FALSE_WORDS: Final = frozenset({"false", "nej", "0", "no", "falsk"})


def answer_key(text: str) -> str:
    """How answers are compared: lower case, white space collapsed: as polars keys the cells
    (``io/columns.cell_key``), so that a contract's or a profile's spelling and the data's agree (case
    folding made "Straße" "strasse" here and "straße" there: a cell spelled as the value was unknown)."""
    return _SPACE.sub(" ", _EDGES.sub("", text)).lower()


# White space as polars (Rust's Unicode White_Space) has it: Python's also takes the information
# separators U+001C–U+001F, which polars leaves in a cell
_SPACE = re.compile(r"[^\S\x1c-\x1f]+")
_EDGES = re.compile(r"^[^\S\x1c-\x1f]+|[^\S\x1c-\x1f]+$")


def alias_table(canonical: tuple[str, ...]) -> dict[str, str]:
    """A lookup from ``answer_key`` to the canonical spelling."""
    return {answer_key(v): v for v in canonical}


def enum_table(column: Column) -> dict[str, str]:
    """Every spelling the schema knows for an enum column, keyed by ``answer_key``."""
    return {**alias_table(column.values), **{answer_key(k): v for k, v in column.aliases.items()}}


def as_read(column: Column, value: object) -> object:
    """An enum's value as a contract writes it (``Vækst``, ``vaekst``, ``Meget tilfredse``), as the data
    hold it once read (``vækst``, ``Meget tilfreds``); anything the column does not know as it stands."""
    return enum_table(column).get(answer_key(value), value) if isinstance(value, str) else value


def topic_as_read(column: Column | None, text: str) -> str:
    """A topic as a tags column reads it: by the column's own spellings (the shipped topics' aliases),
    else its answer key (a tags column a data: block adds has no spellings: its cells, a contract's
    filter and a profile's spelling are compared by their answer key alike)."""
    key = answer_key(text)
    return key if column is None else {answer_key(k): v for k, v in column.aliases.items()}.get(key, key)


# The fields a contract may filter on, per source, and what kind of value each holds:
# "enum" (values listed), "bool", "list" (topics), "int", "text".
FieldSpec = tuple[str, tuple[str, ...]]
_FILTER_KIND = {Kind.ENUM: "enum", Kind.BOOLEAN: "bool", Kind.TAGS: "list", Kind.INTEGER: "int",
                Kind.NUMBER: "int", Kind.MUNICIPALITY: "text", Kind.TEXT: "text", Kind.ID: "text"}


def fields_of(schema: SourceSchema) -> dict[str, FieldSpec]:
    """The columns of a source a contract may filter on, the kind of value of each and the values it
    knows: an enum's values; a list of topics' vocabulary (its values and every topic a spelling leads
    to, in order; empty: any topic)."""
    return {c.name: (_FILTER_KIND[c.kind], _vocabulary(c)) for c in schema.columns if c.filterable}


def _vocabulary(column: Column) -> tuple[str, ...]:
    if column.kind is not Kind.TAGS:
        return column.values
    return tuple(dict.fromkeys((*column.values, *column.aliases.values())))


FIELDS: Final[dict[str, dict[str, FieldSpec]]] = {source: fields_of(schema) for source, schema in SCHEMA.items()}

# Danish and English labels of every column, used in generated explanations.
FIELD_LABELS: Final = {c.name: (c.label.da, c.label.en) for s in SCHEMA.values() for c in s.columns}
