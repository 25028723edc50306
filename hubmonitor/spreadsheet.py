"""Cells bound for a spreadsheet: the one rule for text a spreadsheet would run as a formula (CSV
injection), and CSV quoting. Used by every CSV hubmonitor writes: the quarantined rows
(io/quarantine_csv.py), the national table (render/national_table.py) and each chart's data
(render/html/document.py). No dependencies.

A text cell gets a leading apostrophe, the spreadsheet's "this is text" mark, when its first
character is ``=``, ``+``, ``-``, ``@``, tab, carriage return or NUL (OWASP's CSV-injection advice;
ASVS adds NUL), also in their full-width forms, or when one of ``= + - @`` comes after leading
white space. A number as a page shows it ("-1,3 procentpoint", "5.152", "53,5 %") is left as it is
where the caller says so: a spreadsheet reads it as the number it is."""

from __future__ import annotations

import re

TEXT_MARK = "'"  # the apostrophe that makes a spreadsheet read a cell as text
_TRIGGERS = "=+\\-@＝＋－＠"  # formula starts, ASCII and full-width (a regex character class body)
# first character a trigger, tab, CR or NUL; or a trigger after leading white space
FORMULA_START = rf"^(?:[{_TRIGGERS}\t\r\x00]|\s+[{_TRIGGERS}])"
_FORMULA = re.compile(FORMULA_START)
# A number as the pages show it ('-1,3 procentpoint', '5.152', '53,5 %', '-0.5 pp'): not a formula.
SHOWN_NUMBER = re.compile(r"-?[0-9][0-9.,]*( %| procentpoint| pp)?")


def looks_like_formula(value: str) -> bool:
    """Would a spreadsheet read ``value`` as a formula?"""
    return _FORMULA.match(value) is not None


def text_cell(value: str, sep: str, *, shown_numbers: bool = False) -> str:
    """``value`` as one CSV field: marked with the apostrophe when it looks like a formula (unless
    ``shown_numbers`` and it is a number as the pages show it), quoted when it holds ``sep``, a
    quote or a line break (quotes doubled)."""
    if looks_like_formula(value) and not (shown_numbers and SHOWN_NUMBER.fullmatch(value)):
        value = TEXT_MARK + value
    if any(ch in value for ch in (sep, '"', "\n", "\r")):
        value = '"' + value.replace('"', '""') + '"'
    return value
