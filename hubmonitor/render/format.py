"""Numbers, statuses and targets as people read them: Danish by default, English on request.

Danish: thousands separated by '.', decimals by ',' and a space before '%' (41.679; 80,5 %).
English: 41,679; 80.5 %.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from hubmonitor.report import Forecast, PeriodInfo, Report, Season, TargetResult

LANGS = ("da", "en")

STATUS_TEXT = {
    "da": {"met": "opfyldt", "not_met": "ikke opfyldt", "insufficient_data": "mangler data",
           "on_track": "på sporet", "behind": "bagud", "within": "inden for", "below": "under",
           "above": "over"},
    "en": {"met": "met", "not_met": "not met", "insufficient_data": "insufficient data",
           "on_track": "on track", "behind": "behind", "within": "within", "below": "below",
           "above": "above"},
}
# A symbol per status, so status never depends on colour alone.
STATUS_ICON = {"met": "✔", "not_met": "✘", "insufficient_data": "?", "on_track": "↗", "behind": "↘"}
# The order statuses are listed in everywhere (legends, counts).
STATUS_ORDER = ("met", "not_met", "on_track", "behind", "insufficient_data")
# The statuses of a year end, listed even when no target has them; on track / behind only when counted.
BASE_STATUSES = ("met", "not_met", "insufficient_data")


def status_counts(targets: Iterable[TargetResult]) -> Counter[str]:
    """How many targets have each status (in the order first met)."""
    return Counter(t.status for t in targets)


def shown_statuses(counts: Mapping[str, int]) -> list[str]:
    """The statuses a summary lists, in ``STATUS_ORDER``."""
    return [s for s in STATUS_ORDER if counts.get(s) or s in BASE_STATUSES]


def in_year_dates(reports: Sequence[Report]) -> dict[int, date]:
    """Each year whose data end before the year does, with the latest data date among the reports
    of that year (one hub's years, or every hub's)."""
    latest: dict[int, date] = {}
    for r in reports:
        y = r.period.start.year
        if r.period.in_year and (y not in latest or r.period.as_of > latest[y]):
            latest[y] = r.period.as_of
    return latest


def place(file: str, sheet: str | None) -> str:
    """Where a row or an input is: the file, and the sheet of a workbook."""
    return f"{file} [{sheet}]" if sheet else file


def number(x: float | int, decimals: int = 0, lang: str = "da") -> str:
    text = f"{x:,.{decimals}f}"
    if lang == "da":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


def percent(share: float, decimals: int = 1, lang: str = "da") -> str:
    return f"{number(share * 100, decimals, lang)} %"


def value_text(value: Any, unit: str, lang: str = "da") -> str:
    """A target's value in its unit, or a dash when there is none."""
    if value is None:
        return "–"
    if isinstance(value, bool):
        return ("ja" if value else "nej") if lang == "da" else ("yes" if value else "no")
    if unit == "share":
        return percent(value, 1, lang)
    if unit == "pp":
        return f"{number(value, 1, lang)} {'procentpoint' if lang == 'da' else 'pp'}"
    if unit == "score":
        return number(value, 1, lang)
    if unit == "thousand_kr":
        return f"{number(value, 0, lang)} {'t.kr.' if lang == 'da' else 'thousand kr'}"
    if isinstance(value, int) or float(value).is_integer():
        return number(value, 0, lang)
    return number(value, 1, lang)


def target_text(result: TargetResult, lang: str = "da") -> str:
    """The threshold with its comparison, e.g. '≥ 50,0 %' or '40,0 % – 60,0 %'."""
    t, unit = result.target, result.unit
    if t is None:
        return "–"
    if result.comparison == "between" and isinstance(t, list):
        return f"{value_text(t[0], unit, lang)} – {value_text(t[1], unit, lang)}"
    symbol = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "==": "="}[result.comparison]
    return f"{symbol} {value_text(t, unit, lang)}"


def status_label(status: str, lang: str = "da") -> str:
    """A status with its icon, e.g. '✔ opfyldt'."""
    return f"{STATUS_ICON.get(status, '')} {status_text(status, lang)}".strip()


def expected_now(t: TargetResult) -> float | list[float] | None:
    """During the year: the expectation by the as-of date that decided on_track / behind (the
    seasonal one under ``pace: seasonal``, else the pro-rated target); None at the year end."""
    if t.pace is None:
        return None
    return t.expected_by_now if t.pace == "seasonal" and t.expected_by_now is not None else t.prorated_target


def status_text(status: str, lang: str = "da") -> str:
    return STATUS_TEXT[lang].get(status, status)


UNCERTAIN_TEXT = {"da": "usikker", "en": "uncertain"}
# What "uncertain" means, in words: the threshold lies inside the 95 % confidence interval.
UNCERTAIN_SHORT = {"da": "ikke signifikant forskellig fra målet",
                   "en": "not significantly different from the target"}
UNCERTAIN_MEANING = {
    "da": f"{UNCERTAIN_SHORT['da']} (målet ligger inden for 95 %-konfidensintervallet)",
    "en": f"{UNCERTAIN_SHORT['en']} (the target lies inside the 95 % confidence interval)",
}


def interval_text(result: Any, lang: str = "da", unit: str | None = None) -> str:
    """A result's (or group's) confidence interval in its unit (a group's is its target's ``unit``),
    e.g. '74,0–82,5 %', or ''."""
    interval = getattr(result, "interval", None)
    if interval is None:
        return ""
    unit = unit or getattr(result, "unit", "share")
    if unit == "share":
        return f"{number(interval.low * 100, 1, lang)}–{number(interval.high * 100, 1, lang)} %"
    low, high = value_text(interval.low, "score", lang), value_text(interval.high, "score", lang)
    return f"{low}–{high}" + (" pp" if unit == "pp" else "")


def expected_text(expected: Any, unit: str, lang: str = "da") -> str:
    """An expected value by now (a count, or a band's two edges), to one decimal when not whole."""
    if isinstance(expected, list):
        return f"{expected_text(expected[0], unit, lang)} – {expected_text(expected[1], unit, lang)}"
    return value_text(expected, unit, lang)


PACE_RULE_TEXT = {"da": {"prorata": "forholdsmæssigt", "seasonal": "sæsonprofil"},
                  "en": {"prorata": "pro rata", "seasonal": "seasonal profile"}}


def season_years(season: Season) -> str:
    """The earlier years a seasonal profile rests on, each named (a year without data is left out)."""
    return ", ".join(str(y) for y in season.years)


def pace_parts(t: TargetResult, lang: str = "da") -> list[str]:
    """A counting target during the year in words: the value against the expectation that decided
    its status, the other expectation, and the year-end forecast with its range."""
    da = lang == "da"
    rule = PACE_RULE_TEXT[lang]
    prorata = expected_text(t.prorated_target, t.unit, lang)
    seasonal = years = None
    if t.expected_by_now is not None and t.season is not None:
        seasonal = expected_text(t.expected_by_now, t.unit, lang)
        years = season_years(t.season)
    against = "mod forventet" if da else "against expected"
    if t.pace == "seasonal" and seasonal:
        parts = [f"{value_text(t.value, t.unit, lang)} {against} {seasonal} ({rule['seasonal']} {years})",
                 f"{rule['prorata']} {prorata}"]
    else:
        parts = [f"{value_text(t.value, t.unit, lang)} {against} {prorata} ({rule['prorata']})"]
        if seasonal:
            parts.append(f"{rule['seasonal']} {seasonal} ({years})")
    if t.forecast is not None:
        parts.append(f"{'prognose ultimo' if da else 'year-end forecast'} {forecast_text(t.forecast, t.unit, lang)}")
    return parts


def forecast_text(f: Forecast, unit: str, lang: str = "da") -> str:
    """A year-end forecast in whole units with its range, e.g. '6.274 (6.208–6.340)'."""
    text = value_text(round(f.value), unit, lang)
    if round(f.low) != round(f.high):
        text += f" ({value_text(round(f.low), unit, lang)}–{value_text(round(f.high), unit, lang)})"
    return text


def title(result: Any, lang: str = "da") -> str:
    return str(result.title_en if lang == "en" and result.title_en else result.title)


# Labels for tabular output (the workbook): units, comparisons, severities and input sources.
UNIT_TEXT = {
    "da": {"share": "andel", "pp": "procentpoint", "score": "score", "count": "antal", "thousand_kr": "t.kr.",
           "bool": "ja/nej", "number": "tal"},
    "en": {"share": "share", "pp": "pp", "score": "score", "count": "count", "thousand_kr": "thousand kr",
           "bool": "yes/no", "number": "number"},
}
COMPARISON_TEXT = {
    "da": {">=": "≥", ">": ">", "<=": "≤", "<": "<", "==": "=", "between": "mellem"},
    "en": {">=": "≥", ">": ">", "<=": "≤", "<": "<", "==": "=", "between": "between"},
}
SEVERITY_TEXT = {
    "da": {"quarantine": "karantæne", "warning": "advarsel", "info": "information"},
    "en": {"quarantine": "quarantine", "warning": "warning", "info": "information"},
}
SOURCE_TEXT = {
    "da": {"activities": "aktiviteter", "evaluations": "evalueringer"},
    "en": {"activities": "activities", "evaluations": "evaluations"},
}


def label(table: dict[str, dict[str, str]], key: str, lang: str = "da") -> str:
    """``key`` in one of the label tables above, or the key itself when it has no label."""
    return table[lang].get(key, key)


def quality_scope(period: PeriodInfo | None, lang: str = "da") -> str:
    """What a data-quality report covers: a contract year, to its as-of date during the year
    ("2024 til og med 2024-06-30"), or the whole data folder (check-data)."""
    da = lang == "da"
    if period is None:
        return "hele datamappen" if da else "the whole data folder"
    calendar_year = (period.start == date(period.start.year, 1, 1) and period.end == date(period.start.year, 12, 31))
    scope = str(period.start.year) if calendar_year else f"{period.start} – {period.end}"
    if period.in_year:
        scope += (" til og med " if da else " up to ") + period.as_of.isoformat()
    return scope


QUALITY_SCOPE_NOTE = {
    "da": ("Opgørelsen dækker rækkerne dateret i {year} og rækkerne uden læsbar dato i de filer, der har rækker fra "
           "{year} (de tælles i hvert år, filen har rækker fra). Hele datamappen: hubmonitor check-data."),
    "en": ("The accounting covers the rows dated in {year} and the rows without a readable date in the files that "
           "hold rows of {year} (they count in every year their file holds rows of). The whole data folder: "
           "hubmonitor check-data."),
}


def quality_note(period: PeriodInfo | None, lang: str = "da") -> str | None:
    """The sentence saying which rows a contract year's data quality covers (None: the whole folder)."""
    if period is None:
        return None
    return QUALITY_SCOPE_NOTE["en" if lang == "en" else "da"].format(year=quality_scope(
        period.model_copy(update={"as_of": period.end}), lang))
