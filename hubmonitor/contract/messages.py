"""Validation messages in Danish and English.

Validators raise ``Msg`` (a ``ValueError``, so pydantic collects it with its location); the loader
pulls both texts back out. Pydantic's own error types are translated in ``translate``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import Annotated, Any

from pydantic import AfterValidator

_ENUM_REPR = re.compile(r"<\w+\.\w+: '([^']*)'>")  # an enum member as repr() writes it
# why a text was read as true or false: said wherever YAML's reading of yes/no/on/off meets a text
TRUTH_VALUE = ("ikke sand/falsk (YAML læser yes, no, on, off, true og false uden anførselstegn sådan)",
               "not true/false (YAML reads yes, no, on, off, true and false without quotes so)")


def excerpt(value: object, limit: int = 30, quote: bool = True) -> str:
    """A value as a message quotes it: ``repr`` (``str`` without ``quote``), cut to ``limit``
    characters with an ellipsis, so a message never carries a whole file's worth of data."""
    text = repr(value) if quote else str(value)
    return text if len(text) <= limit else text[:limit - 1] + "…"


_WRITTEN_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")  # ASCII digits: \d takes any script's


def written_day(text: str) -> date | None:
    """A day written YYYY-MM-DD as text (a quoted ``'2024-05-27'`` in YAML, a command-line value):
    the day; None when the text is not written so; ``ValueError`` when it is, but no such day
    exists (``no_such_day`` says so)."""
    text = text.strip()
    return date.fromisoformat(text) if _WRITTEN_DAY.fullmatch(text) else None


def no_such_day(shown: str) -> tuple[str, str]:
    """The message for a day written YYYY-MM-DD that is not in the calendar (``shown``: as quoted)."""
    return (f"ugyldig dato {shown}: den findes ikke i kalenderen (skriv ÅÅÅÅ-MM-DD)",
            f"invalid date {shown}: no such day in the calendar (write YYYY-MM-DD)")


class Msg(ValueError):
    """A validation message in both languages; ``at`` names the key (or path) it is about."""

    def __init__(self, da: str, en: str, at: str | tuple[str | int, ...] | None = None) -> None:
        super().__init__(en)
        self.da = da
        self.en = en
        self.at: tuple[str | int, ...] = (at,) if isinstance(at, str) else (at or ())

    def under(self, *prefix: str | int) -> Msg:
        """The same message, located under ``prefix`` (e.g. the key that holds a filter)."""
        return Msg(self.da, self.en, (*prefix, *self.at))


_BOUNDS: dict[str, tuple[str, str, str]] = {  # pydantic's type → its ctx key, Danish, English
    "greater_than": ("gt", "skal være større end {}", "must be greater than {}"),
    "greater_than_equal": ("ge", "skal være mindst {}", "must be at least {}"),
    "less_than": ("lt", "skal være mindre end {}", "must be less than {}"),
    "less_than_equal": ("le", "skal være højst {}", "must be at most {}"),
}
_TYPES: dict[str, tuple[str, str]] = {  # what a value of the wrong type must be, Danish and English
    "string_type": ("tekst", "text"),
    "int_type": ("et heltal", "a whole number"),
    "int_parsing": ("et heltal", "a whole number"),
    "int_from_float": ("et heltal", "a whole number"),
    "float_type": ("et tal", "a number"),
    "float_parsing": ("et tal", "a number"),
    "bool_type": ("true eller false", "true or false"),
    "bool_parsing": ("true eller false", "true or false"),
    "list_type": ("en liste", "a list"),
    "tuple_type": ("en liste", "a list"),
    "set_type": ("en liste", "a list"),
    "dict_type": ("en mapping (nøgle: værdi)", "a mapping (key: value)"),
    "model_type": ("en mapping (nøgle: værdi)", "a mapping (key: value)"),
    "model_attributes_type": ("en mapping (nøgle: værdi)", "a mapping (key: value)"),
    "date_type": ("en dato (ÅÅÅÅ-MM-DD)", "a date (YYYY-MM-DD)"),
    "date_parsing": ("en dato (ÅÅÅÅ-MM-DD)", "a date (YYYY-MM-DD)"),
    "date_from_datetime_inexact": ("en dato uden klokkeslæt (ÅÅÅÅ-MM-DD)", "a date without a time (YYYY-MM-DD)"),
    "date_from_datetime_parsing": ("en dato (ÅÅÅÅ-MM-DD)", "a date (YYYY-MM-DD)"),
    "none_required": ("tom (null)", "empty (null)"),
}


# What the patterns of names in contracts and profiles ask for, in words (Danish, English)
PATTERNS: dict[str, tuple[str, str]] = {
    r"^[A-Z][A-Za-z0-9]*\.[a-z0-9_]+$": (  # a target's id (contract.targets.ID_PATTERN)
        "et id som 'M1.reach': stort bogstav, bogstaver og tal, punktum, så små bogstaver, tal og _",
        "an id like 'M1.reach': a capital, letters and digits, a dot, then lower-case letters, digits and _"),
    r"^[a-z][a-z0-9_]*$": ("små bogstaver, tal og _ (fx activities), begyndende med et bogstav",
                           "lower-case letters, digits and _ (e.g. activities), starting with a letter"),
    r"^[a-z0-9][a-z0-9-]*$": ("små bogstaver, tal og - (fx min-profil)", "lower-case letters, digits and - "
                                                                           "(e.g. my-profile)"),
}


def _shown(value: object) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def translate(error: Mapping[str, Any]) -> tuple[str, str]:
    """(Danish, English) text for one entry of ``ValidationError.errors()``: our own ``Msg``, else
    a text per pydantic error type (in both languages: pydantic's English never stands in the
    Danish half); a type not foreseen gives a plain Danish text and pydantic's English."""
    ctx = error.get("ctx") or {}
    cause = ctx.get("error")
    if isinstance(cause, Msg):
        return cause.da, cause.en
    kind = error["type"]
    en = str(error["msg"])
    value = excerpt(error.get("input"))
    if kind == "extra_forbidden":
        return "ukendt nøgle (stavefejl?)", "unknown key (a typo?)"
    if kind == "missing":
        return "mangler (skal angives)", "missing (required)"
    if kind == "union_tag_invalid":
        tags = ctx.get("expected_tags", "")
        got = ctx.get("tag", "")
        return (f"ukendt måltype {excerpt(got)}; kendte typer: {tags}",
                f"unknown target kind {excerpt(got)}; known kinds: {tags}")
    if kind == "union_tag_not_found":
        return "mangler 'kind' (måltype)", "missing 'kind' (target kind)"
    if kind in _TYPES:
        da_what, en_what = _TYPES[kind]
        given = error.get("input")
        if kind in ("string_type", "list_type") and isinstance(given, int | float) and not isinstance(given, bool):
            # YAML read a bare 2023 (a sheet, a column, a value named by a number) as a number
            return (f"forkert type: skal være {da_what}, ikke tallet {value}; er det et navn, så skriv det i "
                    f"anførselstegn: '{value}'", f"wrong type: must be {en_what}, not the number {value}; if it "
                    f"is a name, write it in quotes: '{value}'")
        if kind == "string_type" and isinstance(given, bool):  # YAML read a bare yes, no, on or off as true/false
            return (f"forkert type: skal være {da_what}, {TRUTH_VALUE[0]}: skriv værdien i anførselstegn",
                    f"wrong type: must be {en_what}, {TRUTH_VALUE[1]}: write the value in quotes")
        if given is None:  # "title:" with nothing after it
            return f"er tom: skal være {da_what}", f"is empty: must be {en_what}"
        hint = number_hint(given)
        return (f"forkert type: skal være {da_what}, ikke {value}{hint[0]}",
                f"wrong type: must be {en_what}, not {value}{hint[1]}")
    if kind in ("literal_error", "enum"):
        # a Literal of an enum member reads "<Source.ACTIVITIES: 'activities'>" in pydantic's words: its value
        expected = _ENUM_REPR.sub(r"'\1'", str(ctx.get("expected", en)))
        head, sep, last = expected.rpartition(" or ")  # pydantic's "'a', 'b' or 'c'": its "or" in Danish
        return (f"ugyldig værdi {value}: {head + ' eller ' + last if sep else expected} forventet",
                f"invalid value {value}: expected {expected}")
    if kind in _BOUNDS and _BOUNDS[kind][0] in ctx:
        key, da, en_text = _BOUNDS[kind]
        bound = _shown(ctx[key])
        return f"uden for tilladt interval: {da.format(bound)}", f"out of range: {en_text.format(bound)}"
    if kind == "multiple_of" and "multiple_of" in ctx:
        step = _shown(ctx["multiple_of"])
        return f"skal være et multiplum af {step}", f"must be a multiple of {step}"
    if kind == "finite_number":
        return "skal være et endeligt tal", "must be a finite number"
    if kind == "too_short":
        least = ctx.get("min_length", 1)
        return f"for få elementer: mindst {least}", f"too few items: at least {least}"
    if kind == "too_long" and "max_length" in ctx:
        most = ctx["max_length"]
        return f"for mange elementer: højst {most}", f"too many items: at most {most}"
    if kind == "string_too_short" and "min_length" in ctx:
        least = ctx["min_length"]
        return f"for kort: mindst {least} tegn", f"too short: at least {least} character{'' if least == 1 else 's'}"
    if kind == "string_too_long" and "max_length" in ctx:
        most = ctx["max_length"]
        return f"for lang: højst {most} tegn", f"too long: at most {most} characters"
    if kind == "string_pattern_mismatch":
        pattern = str(ctx.get("pattern", ""))
        if pattern in PATTERNS:
            da_what, en_what = PATTERNS[pattern]
            return f"ugyldigt format: {value}; skriv {da_what}", f"invalid format: {value}; write {en_what}"
        return (f"ugyldigt format: {value} passer ikke til mønsteret {pattern}",
                f"invalid format: {value} does not match the pattern {pattern}")
    return f"ugyldig værdi {value}", en


_DECIMAL_COMMA = re.compile(r"^\s*-?\d+,\d+\s*$")
_PERCENT = re.compile(r"^\s*(-?\d+(?:[.,]\d+)?)\s*(?:%|pct\.?|procent)\s*$", re.IGNORECASE)
_DIGITS = re.compile(r"^\s*-?\d+(?:\.\d+)?\s*$")
# a number in scientific notation that YAML 1.1 (PyYAML) reads as text ("1e15", "2.5E6", "1.0e15": it needs a
# point and a signed exponent) or that is quoted ("1.0e+15")
_EXPONENT = re.compile(r"^\s*[-+]?\d+(?:\.\d*)?[eE][-+]?\d{1,3}\s*$")


def number_hint(given: object) -> tuple[str, str]:
    """How to write a number that was given as text: ('; skriv 0.75 …', '; write 0.75 …'), or ('', '').
    A share as "75 %", a Danish decimal comma ("0,75"), a number in quotes ("4")."""
    if not isinstance(given, str):
        return "", ""
    percent = _PERCENT.match(given)
    if percent:
        number = float(percent.group(1).replace(",", "."))
        if not 0 <= number <= 100:  # (a review: "skriv 1.5 for 150 %" pointed at a value refused in turn)
            return (f"; en andel skrives som et tal mellem 0 og 1, og {percent.group(1)} % ligger ikke mellem 0 "
                    "og 100 %", f"; a share is written as a number between 0 and 1, and {percent.group(1)} % is not "
                    "between 0 and 100 %")
        return (f"; en andel skrives som et tal mellem 0 og 1: skriv {number / 100:g} for {percent.group(1)} %",
                f"; a share is written as a number between 0 and 1: write {number / 100:g} for {percent.group(1)} %")
    if _DECIMAL_COMMA.match(given):
        dotted = given.strip().replace(",", ".")
        return (f"; i YAML er punktum decimaltegn: skriv {dotted}", f"; in YAML the point is the decimal sign: "
                f"write {dotted}")
    if _DIGITS.match(given):
        return (f"; skriv tallet uden anførselstegn: {given.strip()}",
                f"; write the number without quotes: {given.strip()}")
    if _EXPONENT.match(given):  # (a review: "1e15" was said to be of the wrong type or form, and no more)
        number = float(given)
        if abs(number) >= 1e15:  # (a second review: "skriv 1.0e+15" led to the next refusal, too large)
            return ("; et tal har højst 15 cifre", "; a number has at most 15 digits")
        written = str(int(number)) if number.is_integer() else repr(number)
        return (f"; et tal med eksponent læses her som tekst: skriv det helt ud, {written}",
                f"; a number with an exponent is read as text here: write it in full, {written}")
    return "", ""


def _one_line(value: str) -> str:
    """A name or a title: one line (the line feed a block scalar, ``title: >``, ends with is dropped). A
    line feed inside one would be a line of its own in the terminal's output and a message's (a review
    of 7 December 2026: ``hub:`` with a line feed was printed as two lines)."""
    text = value.removesuffix("\n")
    if "\n" in text:
        raise Msg("skal stå på én linje: teksten har et linjeskift; skriv den uden",
                  "must be one line: the text holds a line break; write it without")
    if not text.strip():  # (a review: hub: "\n" was an empty name, and validate said "OK …:  2024")
        raise Msg("må ikke være tom", "must not be empty")
    return text


OneLine = Annotated[str, AfterValidator(_one_line)]  # a name or title printed on a line of its own
