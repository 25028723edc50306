"""What a finding may show outside the hub's own lists: its value only where the value cannot be a
company's data (``hubmonitor.findings``: by its column, its code and what it looks like); otherwise
its mask, on the pages, in the workbook and on the terminal alike. Findings made now carry the mask
already; this applies the same rule again to a results JSON written before (or edited by hand), so
no page shows a value the rule hides. The hub's internal list is `hubmonitor check-data --csv`."""

from __future__ import annotations

import re

from hubmonitor.findings import hidden_message, is_hidden, mask
from hubmonitor.report import Finding


def is_sensitive(f: Finding) -> bool:
    return f.value is not None and (f.sensitive or is_hidden(f.code, f.column, f.value))


def shown_value(f: Finding) -> str | None:
    """The finding's value, or its mask where the value is, or may be, a company's data."""
    return mask(f.value) if f.value is not None and is_sensitive(f) else f.value


def finding_message(f: Finding, lang: str) -> str:
    """The finding's message, or its template with the mask where the value is, or may be, a
    company's data."""
    detail = f.detail_en if lang == "en" else f.detail
    more = f"; {detail}" if detail else ""
    if f.value is not None and is_sensitive(f):  # (its template again: a results file may hold the value)
        return hidden_message(f.code, f.value, lang, said=f.message) + more
    return (f.message_en if lang == "en" else f.message) + more


_MASKED_PART = re.compile(r"[X#][X#\s\W_]*(?:\.[A-Za-z0-9]{1,5})?/?")  # X, # and separators only


def is_masked_name(name: str) -> bool:
    """A name of a report's ``unread_files`` that ``findings.shown_file_name`` masked: a part of its
    path is made of ``X``, ``#`` and separators only (its extension aside)."""
    return any(_MASKED_PART.fullmatch(part) is not None for part in name.split("/") if part)
