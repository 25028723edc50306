"""Row filters as contracts write them: ``where: {activity_type: individuel, topics: {contains: grøn}}``.

A filter is a mapping from a field of the source to either a plain value (equality) or one
operator: ``in``, ``not_in``, ``contains`` (topics), ``present``, and on integer and number columns
``more_than``, ``at_least``, ``less_than``, ``at_most`` and ``between: [low, high]`` (both ends
included), e.g. ``where: {employees: {at_least: 10}}``; an empty cell never passes a numeric one.

The engine turns a filter into a polars expression; this module only checks that a
filter makes sense for its source, so that a typo fails when the contract is validated, not when
data happens to be missing.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, StrictStr

from hubmonitor.contract.messages import TRUTH_VALUE, Msg, excerpt
from hubmonitor.schema import SCHEMA, Column, Kind, SourceSchema
from hubmonitor.vocabulary import FIELD_LABELS, FieldSpec, as_read, fields_of, topic_as_read

Scalar = StrictBool | StrictInt | StrictStr
# The numeric operators: on integer and number columns only; an empty cell never passes one.
NUMERIC_OPS: dict[str, tuple[str, str]] = {  # key → (symbol, English words)
    "more_than": (">", "more than"), "at_least": ("≥", "at least"),
    "less_than": ("<", "less than"), "at_most": ("≤", "at most"), "between": ("", "between"),
}
_OTHER_OPS = ("in", "not_in", "contains", "present")


class Condition(BaseModel):
    """One operator on one field. Exactly one key is set."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    in_: Annotated[list[Scalar] | None, Field(alias="in", min_length=1)] = None
    not_in: Annotated[list[Scalar] | None, Field(min_length=1)] = None
    contains: StrictStr | None = None
    present: StrictBool | None = None
    # Any value here, checked by check_where (_check_numeric): one clear message for a text or a list
    # of the wrong length, rather than pydantic's for each way the filter could have been read.
    more_than: Any = Field(None, json_schema_extra={"type": "number"})
    at_least: Any = Field(None, json_schema_extra={"type": "number"})
    less_than: Any = Field(None, json_schema_extra={"type": "number"})
    at_most: Any = Field(None, json_schema_extra={"type": "number"})
    between: Any = Field(None, json_schema_extra={"type": "array", "items": {"type": "number"},
                                                  "minItems": 2, "maxItems": 2})

    def operator(self) -> tuple[str, Any]:
        set_ops = [(k, v) for k, v in (("in", self.in_), ("not_in", self.not_in),
                   ("contains", self.contains), ("present", self.present),
                   *((op, getattr(self, op)) for op in NUMERIC_OPS)) if v is not None]
        if len(set_ops) != 1:
            raise _not_one([k for k, _ in set_ops])
        return set_ops[0]


def _not_one(given: list[str]) -> Msg:
    """Why a condition with ``given`` keys (none, or more than one) is refused: naming the keys of
    its kind (all of them when it has none), with a hint for a range written as two bounds."""
    if given and not set(given) & set(NUMERIC_OPS):
        keys, hint = ", ".join(_OTHER_OPS), ("", "")
    elif given:
        keys = ", ".join(NUMERIC_OPS)
        hint = ("; et interval skrives between: [lav, høj]", "; write a range as between: [low, high]")
    else:
        keys, hint = ", ".join((*_OTHER_OPS, *NUMERIC_OPS)), ("", "")
    return Msg(f"en betingelse skal have præcis én af nøglerne {keys}{hint[0]}",
               f"a condition needs exactly one of the keys {keys}{hint[1]}")


Where = dict[str, Scalar | Condition]


def _check_value(fields: dict[str, FieldSpec], field: str, value: Any, column: Column | None = None) -> Any:
    """``value`` checked against the column and written as the data hold it once read: an enum's
    spelling the data accept (``Vækst``, ``vaekst``) as its value; a topic by the column's own
    spellings (the shipped topics' aliases; a column a ``data:`` block adds has none: its cells and the
    filter are compared by their answer key alike)."""
    kind, allowed = fields[field]
    if kind == "enum":
        if isinstance(value, bool):  # YAML reads yes, no, on, off, true and false as a truth value
            raise Msg(f"{field}: en værdi på listen skal være tekst, {TRUTH_VALUE[0]}: skriv den i anførselstegn",
                      f"{field}: a value of the list must be text, {TRUTH_VALUE[1]}: write it in quotes")
        if isinstance(value, int | float):  # a number YAML read: the data's cell is its text ("1")
            value = str(value)
        if column is not None:
            value = as_read(column, value)
        if value not in allowed:
            raise Msg(
                f"{field}: ukendt værdi {excerpt(value)}; tilladte værdier: {', '.join(allowed)}",
                f"{field}: unknown value {excerpt(value)}; allowed values: {', '.join(allowed)}",
            )
        return value
    if kind == "bool":
        if not isinstance(value, bool):
            raise Msg(f"{field}: skal være true eller false", f"{field}: must be true or false")
        return value
    if kind == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            raise Msg(f"{field}: skal være et heltal", f"{field}: must be a whole number")
        return value
    if kind == "list":
        if not isinstance(value, str):
            raise Msg(f"{field}: et emne skal være tekst", f"{field}: a topic must be text")
        topic = topic_as_read(column, value)
        if allowed and topic not in allowed:  # a topic outside the vocabulary is on no row read as that
            # topic (a row's unknown topic is a warning): the target would count nothing, in silence
            raise Msg(
                f"{field}: ukendt emne {excerpt(value)}; kendte emner: {', '.join(allowed)}",
                f"{field}: unknown topic {excerpt(value)}; known topics: {', '.join(allowed)}",
            )
        return topic
    if not isinstance(value, str):
        raise Msg(f"{field}: skal være tekst", f"{field}: must be text")
    return value


def check_where(where: Where, source: str, at: tuple[str | int, ...] = (),
                schema: Mapping[str, SourceSchema] = SCHEMA) -> Where:
    """Validate a filter for ``source`` (a source of ``schema``: the input schema, with what the
    contract's ``data:`` block adds) and return it with topic aliases made canonical; a problem is
    located under ``at`` (the key that holds the filter), then the field."""
    fields = fields_of(schema[source])
    checked: dict[str, Scalar | Condition] = {}
    for field, spec in where.items():
        try:
            column = schema[source].by_name.get(field)
            if column is not None and column.kind is Kind.MUNICIPALITY:
                spec = _municipalities(spec)
            checked[field] = _check_field(source, fields, field, spec, column)
        except Msg as exc:
            raise exc.under(*at, field) from None
    return checked


def _municipalities(spec: Scalar | Condition) -> Scalar | Condition:
    """A filter on a municipality column names municipalities as the data holds them after reading:
    by the reference data's name. Any spelling it resolves (``Aarhus Kommune``, ``751``) is taken
    and made that name; one it does not know, or a municipality twice in a list, is refused, since
    either would match nothing and give a wrong figure in silence."""
    if not isinstance(spec, Condition):
        return _municipality(spec)
    op, arg = spec.operator()
    if op not in ("in", "not_in"):
        return spec
    names: dict[str, Scalar] = {}
    for i, value in enumerate(arg):
        try:
            name = _municipality(value)
        except Msg as exc:
            raise exc.under(op, i) from None
        if name in names:
            raise Msg(f"{name} står to gange (også som {excerpt(names[name])})",
                      f"{name} appears twice (also as {excerpt(names[name])})", (op, i))
        names[name] = value
    return Condition.model_validate({op: list(names)})


def _municipality(value: Scalar) -> str:
    """The reference data's name of the municipality ``value`` names (a name, a spelling, a kommunekode)."""
    from hubmonitor.reference import load_registry  # the reference data is read only when a filter names one

    if isinstance(value, bool) or not isinstance(value, int | str):
        raise Msg(f"skal være en kommune (navn eller kommunekode), ikke {excerpt(value)}",
                  f"must be a municipality (name or kommunekode), not {excerpt(value)}")
    found = load_registry().resolve(str(value))
    if found is None:
        raise Msg(f"ukendt kommune {excerpt(value)}", f"unknown municipality {excerpt(value)}")
    return found.name


def _check_field(source: str, fields: dict[str, FieldSpec], field: str, spec: Scalar | Condition,
                 column: Column | None = None) -> Scalar | Condition:
    if field not in fields:
        raise Msg(
            f"ukendt felt {excerpt(field)} for {source}; kendte felter: {', '.join(fields)}",
            f"unknown field {excerpt(field)} for {source}; known fields: {', '.join(fields)}",
        )
    kind = fields[field][0]
    if isinstance(spec, Condition):
        op, arg = spec.operator()
        if op == "contains" and kind != "list":
            raise Msg(f"{field}: 'contains' kun for emner", f"{field}: 'contains' is for topics only")
        if kind == "list" and op != "contains" and op != "present":
            raise Msg(f"{field}: brug 'contains' for emner", f"{field}: use 'contains' for topics")
        if op in NUMERIC_OPS:
            _check_numeric(field, kind, op, arg)
        elif op in ("in", "not_in"):
            spec = Condition.model_validate({op: [_check_value(fields, field, v, column) for v in arg]})
        elif op == "contains":
            spec = Condition(contains=_check_value(fields, field, arg, column))
        return spec
    if kind == "list":
        raise Msg(f"{field}: brug {{contains: ...}} for emner", f"{field}: use {{contains: ...}} for topics")
    return _check_value(fields, field, spec, column)


def _check_numeric(field: str, kind: str, op: str, arg: Any) -> None:
    """A numeric operator is for a number column (integer or number), and a range runs low to high."""
    if kind != "int":
        raise Msg(f"{field}: {op} kun for talkolonner (integer, number)",
                  f"{field}: {op} is for number columns only (integer, number)", at=op)
    if op == "between":
        if not (isinstance(arg, list) and len(arg) == 2 and all(_is_number(v) for v in arg)):
            raise Msg(f"{field}: between skal være [lav, høj], to tal, ikke {excerpt(arg)}",
                      f"{field}: between must be [low, high], two numbers, not {excerpt(arg)}", at=op)
    elif not _is_number(arg):
        raise Msg(f"{field}: {op} skal være et tal, ikke {excerpt(arg)}",
                  f"{field}: {op} must be a number, not {excerpt(arg)}", at=op)
    if op == "between" and arg[0] > arg[1]:
        raise Msg(f"{field}: between: lav {_number(arg[0], 'da')} er større end høj {_number(arg[1], 'da')}",
                  f"{field}: between: low {_number(arg[0], 'en')} is greater than high {_number(arg[1], 'en')}",
                  at=op)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _number(value: float, lang: str) -> str:
    """A bound as a text shows it: a whole number as such, a decimal with a comma in Danish."""
    text = str(value) if isinstance(value, int) else f"{value:g}"
    return text.replace(".", ",") if lang == "da" else text


def _describe_numeric(label: str, op: str, arg: Any, i: int) -> str:
    lang = "da" if i == 0 else "en"
    if op == "between":
        low, high = (_number(v, lang) for v in arg)
        return f"{label} mellem {low} og {high}" if i == 0 else f"{label} between {low} and {high}"
    return f"{label} {NUMERIC_OPS[op][0]} {_number(arg, lang)}"


def describe_where(where: Where, lang: str = "da", labels: Mapping[str, tuple[str, str]] | None = None) -> str:
    """A short human description of a filter, for the one-sentence explanations; ``labels`` (Danish,
    English per column) names the columns a ``data:`` block adds, which the input schema does not know."""
    i = 0 if lang == "da" else 1
    parts = []
    for field, spec in where.items():
        label = ((labels or {}).get(field) or FIELD_LABELS.get(field) or (field, field))[i]
        if isinstance(spec, Condition):
            op, arg = spec.operator()
            if op in NUMERIC_OPS:
                parts.append(_describe_numeric(label, op, arg, i))
            elif op == "contains":
                parts.append(f"{label} omfatter '{arg}'" if i == 0 else f"{label} include '{arg}'")
            elif op == "present":
                parts.append(f"{label} {'er udfyldt' if arg else 'er tom'}" if i == 0
                             else f"{label} {'is filled in' if arg else 'is empty'}")
            else:
                vals = ", ".join(f"'{v}'" for v in arg)
                neg = op == "not_in"
                parts.append(f"{label} {'ikke ' if neg and i == 0 else ''}{'not ' if neg and i else ''}"
                             f"{'blandt' if i == 0 else 'in'} {vals}")
        elif isinstance(spec, bool):
            parts.append(f"{label}: {('ja' if spec else 'nej') if i == 0 else ('yes' if spec else 'no')}")
        else:
            parts.append(f"{label} = '{spec}'")
    return (" og " if i == 0 else " and ").join(parts)
