"""Validation messages in Danish and English.

Validators raise ``Msg`` (a ``ValueError``, so pydantic collects it with its location); the loader
pulls both texts back out. Pydantic's own error types are translated in ``translate``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def excerpt(value: object, limit: int = 30, quote: bool = True) -> str:
    """A value as a message quotes it: ``repr`` (``str`` without ``quote``), cut to ``limit``
    characters with an ellipsis, so a message never carries a whole file's worth of data."""
    text = repr(value) if quote else str(value)
    return text if len(text) <= limit else text[:limit - 1] + "…"


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


def translate(error: Mapping[str, Any]) -> tuple[str, str]:
    """(Danish, English) text for one entry of ``ValidationError.errors()``."""
    ctx = error.get("ctx") or {}
    cause = ctx.get("error")
    if isinstance(cause, Msg):
        return cause.da, cause.en
    kind = error["type"]
    en = str(error["msg"])
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
    if kind in ("string_type", "int_type", "float_type", "bool_type", "list_type", "dict_type",
                "int_parsing", "float_parsing", "bool_parsing", "model_type", "date_type"):
        return f"forkert type: {en}", f"wrong type: {en}"
    if kind in ("literal_error", "enum"):
        expected = ctx.get("expected", en)
        return f"ugyldig værdi: {expected} forventet", f"invalid value: expected {expected}"
    if kind.startswith(("greater_than", "less_than")):
        return f"uden for tilladt interval: {en}", f"out of range: {en}"
    if kind == "finite_number":
        return "skal være et endeligt tal", "must be a finite number"
    if kind == "too_short":
        least = ctx.get("min_length", 1)
        return f"for få elementer: mindst {least}", f"too few items: at least {least}"
    if kind == "string_pattern_mismatch":
        return f"ugyldigt format: {en}", f"invalid format: {en}"
    return en, en
