"""A day written in words, Danish or English: "30. september 2025", "30.9.2025", "30 Sep 2025".

Plain Python, for every layer that writes a day in a sentence: the pages, the workbook and the
engine's calculation notes (which are Danish sentences too).
"""

from __future__ import annotations

from datetime import date

MONTHS = {
    "da": ("januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober",
           "november", "december"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"),
}

_LONGER = {"February": {"febr"}, "September": {"sept"}}  # abbreviations of four letters (Retskrivningsordbogen's)
# A month written as a word in a date a profile reads (``date_formats`` with ``MMM``): its name or its
# first three letters (or "febr", "sept"), Danish or English, in any case ("1. jan. 2024", "Oct 3, 2024")
MONTH_WORDS: tuple[frozenset[str], ...] = tuple(
    frozenset({da.lower(), da[:3].lower(), en.lower(), en[:3].lower()} | _LONGER.get(en, set()))
    for da, en in zip(MONTHS["da"], MONTHS["en"], strict=True))


# A time of day after a date ("14:05", "14.05", "14:05:30.5"): the date column reads the date before it
# (``io/columns.py``), and so does the calendar's check of a date (``findings``)
TIME_OF_DAY = r"(?:[01]?[0-9]|2[0-3])[:.][0-5][0-9](?:[:.][0-5][0-9](?:[.,][0-9]+)?)?"


def date_text(day: date, lang: str) -> str:
    """'31. december 2024' in Danish, '31 December 2024' in English."""
    month = MONTHS[lang][day.month - 1]
    return f"{day.day}. {month} {day.year}" if lang == "da" else f"{day.day} {month} {day.year}"


def short_date(day: date, lang: str, *, year: bool = True) -> str:
    """'31.12.2024' in Danish, '31 Dec 2024' in English; without the year '31.12.', '31 Dec'."""
    if lang == "da":
        return f"{day.day}.{day.month}." + (str(day.year) if year else "")
    return f"{day.day} {MONTHS['en'][day.month - 1][:3]}" + (f" {day.year}" if year else "")
