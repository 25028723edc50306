"""More data than the standard export: a ``data:`` block in a profile or a contract.

A hub's export may know more than the canonical columns, and a contract may count what only that
hub records. Both say so in the same words:

    data:
      activities:
        values: {activity_type: [vækstkortlægning, fysisk møde]}   # more values of a vocabulary
        columns:                                                   # more typed columns
          employees: {kind: integer, minimum: 0, label: antal ansatte, label_en: employees}
          referred_to: {kind: enum, values: [privat, offentlig], label: henvist til}
          followed_up_at: {kind: datetime, label: fulgt op}
      inquiries:                                                   # a source of its own
        label: henvendelser
        columns:
          date: {kind: date}
          channel: {kind: enum, values: [telefon, mail, web], label: kanal}

``extend`` adds such a block to the input schema (``hubmonitor.schema``) and gives the schema the
readers and the contract's validation then use. A column added this way never quarantines a row:
a value it cannot read is a warning and counts as an empty cell. A new source must have a ``date``
column; without an ``id`` column, an identical row is a copy.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictFloat, StrictInt, StrictStr

from hubmonitor.contract.messages import Msg
from hubmonitor.schema import SCHEMA, Column, Kind, SourceSchema, Text
from hubmonitor.vocabulary import answer_key

_NAME = r"^[a-z][a-z0-9_]*$"
# What a column added by a data block raises for a value it cannot read (all warnings).
INVALID_CODE = {Kind.ENUM: "unknown-value", Kind.BOOLEAN: "unknown-value", Kind.INTEGER: "bad-number",
                Kind.NUMBER: "bad-number", Kind.DATE: "bad-datetime", Kind.DATETIME: "bad-datetime",
                Kind.MUNICIPALITY: "unknown-value"}
ADDABLE = tuple(k.value for k in Kind if k not in (Kind.CVR,))

Schema = Mapping[str, SourceSchema]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ColumnSpec(_Model):
    """One added column: its kind and what it may hold."""

    kind: Annotated[str, Field(description=f"one of {', '.join(ADDABLE)}")]
    label: StrictStr | None = None
    label_en: StrictStr | None = None
    values: list[StrictStr] | None = None  # enum
    minimum: StrictInt | StrictFloat | None = None  # integer, number
    maximum: StrictInt | StrictFloat | None = None
    company_data: StrictBool = False


class SourceSpec(_Model):
    """More values and columns for a source, or a new source."""

    label: StrictStr | None = None
    label_en: StrictStr | None = None
    values: dict[str, list[StrictStr]] = Field(default_factory=dict)
    columns: dict[Annotated[str, Field(pattern=_NAME)], ColumnSpec] = Field(default_factory=dict)


DataBlock = dict[Annotated[str, Field(pattern=_NAME)], SourceSpec]


# names the quarantine list (check-data --csv) and the findings use for themselves
RESERVED = frozenset({"file", "sheet", "row", "reasons", "source"})


def _column(name: str, spec: ColumnSpec, at: tuple[str | int, ...], new_source: bool = False) -> Column:
    if name in RESERVED:
        raise Msg(f"{name!r} er et navn hubmonitor selv bruger (for {', '.join(sorted(RESERVED))}); vælg et andet",
                  f"{name!r} is a name hubmonitor uses itself ({', '.join(sorted(RESERVED))}); choose another", at)
    if spec.kind not in ADDABLE:
        raise Msg(f"ukendt kolonnetype {spec.kind!r}; kendte: {', '.join(ADDABLE)}",
                  f"unknown column kind {spec.kind!r}; known: {', '.join(ADDABLE)}", (*at, "kind"))
    kind = Kind(spec.kind)
    if (kind is Kind.ENUM) != (spec.values is not None):
        raise Msg("values angives for en enum-kolonne (og kun da)", "values are given for an enum column (only then)",
                  (*at, "values"))
    if spec.values is not None:
        _distinct(spec.values, (*at, "values"))
    if (spec.minimum is not None or spec.maximum is not None) and kind not in (Kind.INTEGER, Kind.NUMBER):
        raise Msg("minimum/maximum gælder kun tal", "minimum/maximum apply to numbers only", at)
    if spec.minimum is not None and spec.maximum is not None and spec.minimum > spec.maximum:
        raise Msg("minimum er større end maximum", "minimum is greater than maximum", (*at, "minimum"))
    label = Text(spec.label or name, spec.label_en or spec.label or name)
    if kind is Kind.DATE and new_source and name == "date":  # the date of its rows: as the activities' date
        return Column(name, kind, label, label, required=True, blank="missing", missing="missing-date",
                      invalid="bad-date")
    return Column(name, kind, label, label, company_data=spec.company_data or name == "company_id",
                  filterable=kind not in (Kind.ID, Kind.TEXT, Kind.DATE, Kind.DATETIME),
                  blank="false" if kind is Kind.BOOLEAN else "allowed", invalid=INVALID_CODE.get(kind),
                  values=tuple(spec.values or ()), minimum=spec.minimum, maximum=spec.maximum)


def _distinct(values: list[str], at: tuple[str | int, ...]) -> None:
    """A list of values must say something, and each value once (as data compares them)."""
    if not values:
        raise Msg("en tom liste af værdier virker ikke", "an empty list of values does nothing", at)
    seen: dict[str, str] = {}
    for i, value in enumerate(values):
        key = answer_key(value)
        if key in seen:
            raise Msg(f"{value!r} står to gange (som {seen[key]!r}); data sammenlignes uden store/små bogstaver",
                      f"{value!r} is listed twice (as {seen[key]!r}); data is compared ignoring case", (*at, i))
        seen[key] = value


def _with_values(column: Column, extra: tuple[str, ...] | list[str]) -> Column:
    """``column`` with the values of ``extra`` it does not have yet, after its own."""
    return dataclasses.replace(column, values=(*column.values, *(v for v in extra if v not in column.values)))


def unknown_source(source: str, schema: Schema, at: str | tuple[str | int, ...]) -> Msg:
    """The message for a source that neither the input schema nor a data: block describes."""
    return Msg(f"ukendt kilde {source!r}; kendte: {', '.join(schema)} (en ny kilde beskrives under data:)",
               f"unknown source {source!r}; known: {', '.join(schema)} (a new source is described under data:)", at)


def _more_values(schema: SourceSchema, values: dict[str, list[str]], at: tuple[str | int, ...]) -> SourceSchema:
    columns = list(schema.columns)
    for name, extra in values.items():
        where = (*at, "values", name)
        _distinct(extra, where)
        if name not in schema:
            raise Msg(f"{schema.source} har ingen kolonne {name!r}", f"{schema.source} has no column {name!r}", where)
        i = schema.names.index(name)
        if columns[i].kind is Kind.TAGS:  # (the vocabulary is the same for every hub: the national targets read it)
            raise Msg(f"{name} er en liste af emner, som ikke kan udvides under data: (de er de samme for alle "
                      f"erhvervshuse); en anden stavemåde af et kendt emne gives i en profil under sources: "
                      f"{schema.source}: values: {name}:", f"{name} is a list of topics, which cannot be extended "
                      f"under data: (they are the same for every hub); another spelling of a known topic goes in a "
                      f"profile under sources: {schema.source}: values: {name}:", where)
        if columns[i].kind is not Kind.ENUM:
            raise Msg(f"{name} har ikke en liste af værdier", f"{name} has no list of values", where)
        columns[i] = _with_values(columns[i], extra)
    return dataclasses.replace(schema, columns=tuple(columns))


def extend(base: Schema, block: Mapping[str, SourceSpec] | None, at: tuple[str | int, ...] = ("data",)
           ) -> dict[str, SourceSchema]:
    """``base`` with the block's values, columns and sources added; ``Msg`` (located) when the
    block contradicts it (a column of another kind, a source without a date)."""
    schema: dict[str, SourceSchema] = dict(base)
    for source, spec in (block or {}).items():
        here = (*at, source)
        current = schema.get(source)
        if current is None:
            new = {name: _column(name, c, (*here, "columns", name), new_source=True)
                   for name, c in spec.columns.items()}
            if "date" not in new or new["date"].kind is not Kind.DATE:
                raise Msg(f"en ny kilde skal have en kolonne date (kind: date); {source} har ingen",
                          f"a new source needs a column date (kind: date); {source} has none", (*here, "columns"))
            if "id" not in new:
                new = {"id": Column("id", Kind.ID, Text("id", "id"), Text("rækkens id", "the row's id")), **new}
            label = Text(spec.label or source, spec.label_en or spec.label or source)
            current = SourceSchema(source, label, "id", tuple(new.values()))
        else:
            columns = list(current.columns)
            for name, c in spec.columns.items():
                at_column = (*here, "columns", name)
                column = _column(name, c, at_column, new_source=source not in SCHEMA)
                if source in SCHEMA and name in SCHEMA[source]:
                    hint_da = " Flere værdier gives under values:." if SCHEMA[source][name].kind is Kind.ENUM else ""
                    hint_en = " More values go under values:." if SCHEMA[source][name].kind is Kind.ENUM else ""
                    raise Msg(f"{source}.{name} er en standardkolonne og kan ikke beskrives igen.{hint_da}",
                              f"{source}.{name} is a standard column and cannot be described again.{hint_en}",
                              at_column)
                if name not in current:
                    columns.append(column)
                    continue
                # declared by the profile and by the contract: the same column, its values together
                i = current.names.index(name)
                if columns[i].kind is not column.kind:
                    raise Msg(f"{source}.{name} er allerede en kolonne af typen {columns[i].kind}",
                              f"{source}.{name} is already a column of kind {columns[i].kind}", at_column)
                if dataclasses.replace(columns[i], values=()) != dataclasses.replace(column, values=()):
                    raise Msg(f"{source}.{name} er beskrevet før med andre nøgler (profilen og kontrakten skal sige "
                              "det samme, bortset fra flere værdier)", f"{source}.{name} was described before with "
                              "other keys (profile and contract must agree, more values aside)", at_column)
                columns[i] = _with_values(columns[i], column.values)
            current = dataclasses.replace(current, columns=tuple(columns))
        schema[source] = _more_values(current, spec.values, here)
    return schema
