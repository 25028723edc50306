"""Numbers, statuses and targets as people read them: Danish by default, English on request.

Danish: thousands separated by '.', decimals by ',' and a space before '%' (41.679; 80,5 %).
English: 41,679; 80.5 %.
"""

from __future__ import annotations

import functools
import math
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from hubmonitor.contract.target_base import GOAL_KEYS
from hubmonitor.days import date_text
from hubmonitor.findings import AS_WRITTEN
from hubmonitor.goal import Goal, compare
from hubmonitor.numbers import localised, rounded
from hubmonitor.report import GRANT_KINDS, Finding, Forecast, GroupResult, PeriodInfo, Report, Season, TargetResult
from hubmonitor.schema import SEGMENT

LANGS = ("da", "en")

STATUS_TEXT = {
    "da": {"met": "opfyldt", "not_met": "ikke opfyldt", "insufficient_data": "mangler data",
           "on_track": "på sporet", "behind": "bagud", "within": "inden for", "below": "under",
           "above": "over", "grant": "bevilling"},
    "en": {"met": "met", "not_met": "not met", "insufficient_data": "insufficient data",
           "on_track": "on track", "behind": "behind", "within": "within", "below": "below",
           "above": "above", "grant": "grant"},
}
# A symbol per status, so status never depends on colour alone.
STATUS_ICON = {"met": "✔", "not_met": "✘", "insufficient_data": "?", "on_track": "↗", "behind": "↘"}
# The order statuses are listed in everywhere (legends, counts).
STATUS_ORDER = ("met", "not_met", "on_track", "behind", "insufficient_data")
# The statuses of a year end, listed even when no target has them; on track / behind only when counted.
BASE_STATUSES = ("met", "not_met", "insufficient_data")


# The allocation of the basic grant (``report.GRANT_KINDS``) is shown on every page, the terminal
# and the workbook as money with the neutral label GRANT, and no count of targets includes it.
GRANT = "grant"


def judged(targets: Iterable[TargetResult]) -> list[TargetResult]:
    """The targets with a verdict: every target but the allocation of the grant."""
    return [t for t in targets if t.kind not in GRANT_KINDS]


def shown_status(t: TargetResult) -> str:
    """The status a reader is shown: the target's own, or GRANT for the allocation of the grant."""
    return GRANT if t.kind in GRANT_KINDS else t.status


def status_counts(targets: Iterable[TargetResult]) -> Counter[str]:
    """How many of the targets with a verdict (``judged``) have each status (in the order first met)."""
    return Counter(t.status for t in judged(targets))


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


def whole_in_year_dates(reports: Sequence[Report]) -> dict[int, date]:
    """``in_year_dates`` of the years in which every report is evaluated before the year's end: a
    year's heading or axis label says "til og med" only then, one hub's partial year being said at
    that hub (a KL review: the whole 2024 column marked for Fyn's 30 June)."""
    return {y: d for y, d in in_year_dates(reports).items()
            if all(r.period.in_year for r in reports if r.period.start.year == y)}


Headings = Mapping[tuple[str, str | None], Mapping[str, str]]  # (file, sheet) → canonical column → its heading


def export_headings(q: Any) -> Headings:
    """Each input's own headings of the canonical columns, where they differ (``InputSummary.headings``)."""
    return {(i.file, i.sheet): i.headings for i in q.inputs if i.headings}


def shown_column(f: Finding, headings: Headings) -> str | None:
    """The column a finding names, as its file heads it: "Dato" where the profile reads date from it (a
    review: "date: ugyldig dato" in an export headed Dato; the results keep the canonical name). A finding
    whose column is a heading already (``findings.AS_WRITTEN``) is shown as it is."""
    if f.column is None or f.code in AS_WRITTEN:
        return f.column
    return headings.get((f.file, f.sheet), {}).get(f.column, f.column)


def place(file: str, sheet: str | None) -> str:
    """Where a row or an input is: the file, and the sheet of a workbook."""
    return f"{file} [{sheet}]" if sheet else file


def number(x: float | int, decimals: int = 0, lang: str = "da", scale: float = 1) -> str:
    """``x`` × ``scale`` with ``decimals`` decimals, thousands marked, in ``lang``'s way (41.679,5 /
    41,679.5); rounded a half away from zero, as Excel (``numbers.rounded``)."""
    if isinstance(x, int) and scale == 1:  # a count: nothing to round (most numbers of a page)
        return localised(f"{x:,.{decimals}f}", lang)
    if not math.isfinite(x):
        return str(x)
    x = rounded(x, decimals, scale)
    if x == 0:
        x = 0  # -0,02 shown to one decimal is 0,0, not -0,0 (nor -0.0 as -0)
    return localised(f"{x:,.{decimals}f}", lang)


def percent(share: float, decimals: int = 1, lang: str = "da") -> str:
    return f"{number(share, decimals, lang, scale=100)} %"


DURATION_UNITS = {"days": ("dage", "days"), "hours": ("timer", "hours")}  # duration targets' units


def _first_places(value: float | int, unit: str) -> tuple[int, float]:
    """The decimals a value of ``unit`` is shown with (of the number as shown: a share's percent) and
    that scale: (1, 100) for a share, (0, 1) for a whole count …"""
    if unit == "share":
        return 1, 100.0
    if unit in ("pp", "score"):
        return 1, 1.0
    if unit == "thousand_kr":
        return 0, 1.0
    return (0 if isinstance(value, int) or float(value).is_integer() else 1), 1.0


def value_text(value: Any, unit: str, lang: str = "da", *, side: Callable[[float], bool] | None = None,
               goal: Goal | None = None, places: int | None = None) -> str:
    """A target's value in its unit, or a dash when there is none. ``side``: the comparison the value
    is shown beside (its target's ``Goal.met_by``): the value then takes as many more decimals (up to
    six) as keep the shown number on the same side of it, 79,96 % beside ≥ 80,0 %, never 80,0 %;
    with ``goal`` (whose ``met_by`` ``side`` is) also as many as make the numbers as shown tell the
    verdict (63,95 % beside ≥ 64,0 %, never 64,0 % beside ≥ 64,0 % not met). ``places``: the decimals
    to show, whatever the unit's (a goal shown beside its value, ``goal_places``)."""
    if value is None:
        return "–"
    if isinstance(value, bool):
        return ("ja" if value else "nej") if lang == "da" else ("yes" if value else "no")
    first, scale = _first_places(value, unit)
    shown = number(value, places if places is not None else value_places(value, first, scale, side, goal), lang,
                   scale)
    if unit == "share":
        return f"{shown} %"
    if unit == "pp":
        return f"{shown} {'procentpoint' if lang == 'da' else 'pp'}"
    if unit == "thousand_kr":
        return f"{shown} {'t.kr.' if lang == 'da' else 'thousand kr'}"
    if unit in DURATION_UNITS:  # a time: days or hours, to one decimal when not whole
        return f"{shown} {DURATION_UNITS[unit][0 if lang == 'da' else 1]}"
    return shown


Target = float | tuple[float, ...]  # a goal's value as a cache key: a number, or a band's edges


def _as_goal(target: Target) -> float | list[float]:
    """A cache key back as a goal's value (``compare`` takes a band as a list)."""
    return list(target) if isinstance(target, tuple) else target


def _shown_target(target: Target, scale: float, places: int) -> float | list[float]:
    """A goal's value as shown to ``places`` decimals (of the number times ``scale``)."""
    if isinstance(target, tuple):
        return [rounded(e, places, scale) / scale for e in target]
    return rounded(target, places, scale) / scale


def _target_key(goal: Goal) -> Target | None:
    v = goal.value
    if isinstance(v, list):
        return tuple(float(e) for e in v)
    return float(v) if isinstance(v, int | float) and not isinstance(v, bool) else None


@functools.lru_cache(maxsize=8192)
def _goal_value_places(x: float, first: int, scale: float, comparison: str, target: Target) -> int:
    """``value_places`` beside a goal (``comparison`` ``target``): the decimals that keep ``x`` on its
    side and make the numbers as shown tell its verdict. Cached: every page asks it of every figure."""
    goal = _as_goal(target)
    met = compare(x, comparison, goal)
    for places in range(first, 7):
        shown = rounded(x, places, scale) / scale
        if compare(shown, comparison, goal) != met:
            continue
        if compare(shown, comparison, _shown_target(target, scale, places)) != met:
            continue
        return places
    return 6


def value_places(x: float, first: int, scale: float, side: Callable[[float], bool] | None,
                 goal: Goal | None = None) -> int:
    """``first`` decimals (of ``x`` × ``scale``, as shown), or more where fewer would show a number
    on the other side of ``side`` than ``x`` is (rounding never crosses the comparison), or, with
    ``goal`` (whose ``met_by`` ``side`` then is), where the number and the goal as shown to that many
    decimals would tell another verdict."""
    target = _target_key(goal) if goal is not None else None
    if target is not None and goal is not None:
        return _goal_value_places(float(x), first, scale, goal.comparison, target)
    if side is None:
        return first
    for places in range(first, 7):
        if side(rounded(x, places, scale) / scale) == side(x):
            return places
    return 6


def shown_places(t: TargetResult) -> tuple[int, float]:
    """The decimals ``result_value_text`` shows a (numeric) value with, and of what scale (a share's
    percent: 100): what a table beside the page rounds it to, to say the same number."""
    assert isinstance(t.value, int | float) and not isinstance(t.value, bool)
    side = goal_side(t)
    first, scale = _first_places(t.value, t.unit)
    return value_places(t.value, first, scale, side, t.goal if side is not None else None), scale


def goal_places(t: TargetResult) -> int | None:
    """The decimals a target's goal is shown with beside its value: the unit's (None), unless the
    value as shown beside the goal shown so would tell another verdict; then the value's."""
    value, goal = t.value, t.goal
    target = _target_key(goal)
    if goal_side(t) is None or not isinstance(value, int | float) or isinstance(value, bool) or target is None:
        return None
    return _goal_places(float(value), t.unit, goal.comparison, target)


@functools.lru_cache(maxsize=8192)
def _goal_places(value: float, unit: str, comparison: str, target: Target) -> int | None:
    first, scale = _first_places(value, unit)
    places = _goal_value_places(value, first, scale, comparison, target)
    shown = rounded(value, places, scale) / scale
    goal_first = _first_places(target[0] if isinstance(target, tuple) else target, unit)[0]
    if compare(shown, comparison, _shown_target(target, scale, goal_first)) == compare(value, comparison,
                                                                                        _as_goal(target)):
        return None
    return max(goal_first, places)


def result_value_text(t: TargetResult, lang: str = "da", *, short: bool = False) -> str:
    """The value of target result ``t`` as it is shown beside its target (``value_text`` with its
    goal's comparison as the side), and, where it is one group's (a share per segment: the lowest
    segment's), which: "78,6 % (laveste: vækst)", with ``short`` (the terminal's narrow table) "78,6 %
    (vækst)" (a review: the growth segment's share read as the hub's)."""
    side = goal_side(t)
    shown = value_text(t.value, t.unit, lang, side=side, goal=t.goal if side is not None else None)
    deciding = deciding_group_text(t, lang, short=short)
    return shown if deciding is None or t.value is None else f"{shown} ({deciding})"


def deciding_group_text(t: TargetResult, lang: str = "da", *, short: bool = False) -> str | None:
    """Which group a grouped target's value is (``details.deciding_group``): "laveste: vækst", "ringeste:
    team a" (a duration's), "afgørende: nord" (of ``groups_needed``), with ``short`` the group alone;
    None for a target not grouped."""
    key = t.details.get("deciding_group") if t.details and t.groups else None
    if key is None or short:
        return None if key is None else group_name(t, str(key), lang)
    value_is = str(t.details.get("value_is", ""))
    word = (("laveste", "lowest") if "lowest" in value_is else ("ringeste", "worst") if "worst" in value_is
            else ("afgørende", "deciding"))
    return f"{word[0] if lang == 'da' else word[1]}: {group_name(t, str(key), lang)}"


def group_name(t: TargetResult, key: str, lang: str = "da") -> str:
    """A group of ``t`` as a page in ``lang`` names it: where ``t``'s groups are the segments
    (``by_segment``), in English by the segment's English word ("growth" for "vækst"); any other group (a
    team, a department that is also called "drift", a municipality) as the data write it (a review)."""
    return SEGMENT.values_en.get(key, key) if lang == "en" and by_segment([t]) else key


def group_value_text(t: TargetResult, g: GroupResult, lang: str = "da") -> str:
    """A group's value of ``t`` (a segment's share, a team's): beside the target's goal where the
    group is judged against it (met / not met)."""
    side = group_side(t, g)
    return value_text(g.value, t.unit, lang, side=side, goal=t.goal if side is not None else None)


def band_edge_places(g: GroupResult) -> tuple[int, int]:
    """The decimals a municipality's band edges are shown with: one, or as many more (up to six) as
    keep each edge on its side of every whole count, the municipality's own among them: the lower edge
    shown admits the same counts as the edge itself (the same smallest count inside), and so does the
    upper. 6 companies against a band from 6.0199 is "6,02–7,4", never "6,0–7,4" beside "under" (a
    review), and 14 against 16.0065 is "16,01", which leaves 3 to go as the shortfall says, not 2. The lower
    edge of one held back while the year runs also keeps its whole part (``held_back``)."""

    def places(edge: float | None, inside: Callable[[float], object]) -> int:
        if edge is None or not math.isfinite(edge):
            return 1
        edge = round(edge, 9)  # a whole edge in exact arithmetic (50 × 1/3 × 0,9 is 15.000000000000002 as a float)
        return next((p for p in range(1, 7) if inside(rounded(edge, p)) == inside(edge)), 6)

    # one below the band and not invited while the year runs (less than a whole company short): the edge shown
    # keeps that too, "14,99" beside 14, not "15,0" (a review: one whole company short as shown, not invited)
    held = g.status == "below" and not g.dialogue
    return (places(g.low, (lambda x: (math.ceil(x), math.floor(x))) if held else math.ceil),
            places(g.high, math.floor))


def band_edges_text(g: GroupResult, lang: str = "da") -> str:
    """A municipality's band, "6,02–7,4" (``band_edge_places``); a missing edge is a dash."""
    low, high = band_edge_places(g)
    return "–".join("–" if edge is None else number(edge, p, lang) for edge, p in ((g.low, low), (g.high, high)))


def group_side(t: TargetResult, g: GroupResult) -> Callable[[float], bool] | None:
    """The comparison a group's value of ``t`` is shown beside: the target's goal where the group is
    judged against it (met / not met), none where it is judged otherwise (a municipality's band)."""
    return goal_side(t) if g.status in ("met", "not_met") else None


def goal_side(t: TargetResult) -> Callable[[float], bool] | None:
    if t.kind in GRANT_KINDS or not t.goal.edges():
        return None
    return t.goal.met_by


def data_up_to(report: Report, lang: str = "da",
               dated: Callable[[date], str] = date.isoformat) -> tuple[str, str | None]:
    """How far a report's data go, dates written by ``dated`` (ISO in the terminal, "30. september
    2025" in the workbook): ("data til og med 2025-09-30", None); evaluated to a day after the data end
    (``Report.data_end``): ("opgjort til og med 2025-12-06", "data slutter 2025-09-30")."""
    ends, da = report.data_end(), lang == "da"
    if ends is None:
        return f"{'data til og med' if da else 'data up to'} {dated(report.period.as_of)}", None
    return (f"{'opgjort til og med' if da else 'evaluated up to'} {dated(report.period.as_of)}",
            f"{'data slutter' if da else 'the data end'} {dated(ends)}")


def target_text(result: TargetResult, lang: str = "da") -> str:
    """The threshold with its comparison, e.g. '≥ 50,0 %' or '40,0 % – 60,0 %'; for the allocation
    of the grant, what it is split over ('fordelt på 19 kommuner')."""
    t, unit = result.target, result.unit
    if result.kind in GRANT_KINDS:
        n = municipalities(len(result.groups), lang)
        return f"fordelt på {n}" if lang == "da" else f"split over {n}"
    if t is None:
        return "–"
    places = goal_places(result)  # more decimals where the unit's would not tell the verdict beside the value
    nouns = COUNTED.get(result.kind, {}).get(lang)  # what the count counts, where it is not what the title says
    if result.comparison == "between" and isinstance(t, list):
        return (f"{value_text(t[0], unit, lang, places=places)} – "
                f"{value_text(t[1], unit, lang, places=places)}{_counted(nouns, 2)}")  # a range: plural
    symbol = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "==": "="}[result.comparison]
    shown = value_text(t, unit, lang, places=places) + _counted(nouns, t)
    goal = result.goal  # a previous_year threshold: last year's value beside it
    if goal.basis == "previous_year" and goal.base is not None:
        return f"{symbol} {shown} ({goal.year}: {value_text(goal.base, unit, lang, places=places)})"
    period = result.details.get("period")  # a target on a contract's whole period: its years beside it
    if isinstance(period, list) and len(period) == 2:
        return f"{symbol} {shown} ({period[0]}–{period[1]})"
    return f"{symbol} {shown}"


# A count's noun beside its target where the title names something else: the spread counts municipalities
# inside their band ("10 ≥ 19 kommuner"), its title the companies guided (a review read "7 ≥ 11" as companies)
# (singular, plural): "≥ 1 kommune", "≥ 19 kommuner"
COUNTED = {"municipal_spread": {"da": (" kommune", " kommuner"), "en": (" municipality", " municipalities")}}


def _counted(nouns: tuple[str, str] | None, count: object) -> str:
    """The counted noun after a number, singular for exactly one."""
    if nouns is None:
        return ""
    return nouns[0] if count == 1 else nouns[1]


def municipalities(count: float, lang: str = "da") -> str:
    """A number of municipalities, "1 kommune", "19 kommuner" ("1 municipality")."""
    return number(count, 0, lang) + _counted(COUNTED["municipal_spread"][lang], count)


TARGET_WORD = {"da": "Mål", "en": "Target"}


def goal_text(result: TargetResult, lang: str = "da") -> str:
    """The target as a card writes it, 'Mål ≥ 50,0 %'; the grant as what it is split over."""
    rule = target_text(result, lang)
    return rule if result.kind in GRANT_KINDS else f"{TARGET_WORD[lang]} {rule}"


def status_label(status: str, lang: str = "da") -> str:
    """A status with its icon, e.g. '✔ opfyldt'."""
    return f"{STATUS_ICON.get(status, '')} {status_text(status, lang)}".strip()


def expected_now(t: TargetResult) -> float | list[float] | None:
    """During the year: the expectation by the as-of date that decided on_track / behind (the
    seasonal one under ``pace: seasonal``, else the pro-rated target); None at the year end."""
    rule = expected_rule(t)
    if rule is None:
        return None
    return t.expected_by_now if rule == "seasonal" else t.prorated_target


def expected_rule(t: TargetResult) -> str | None:
    """By which rule ``expected_now`` is: "seasonal" (the hub's seasonal profile decided and gave one) or
    "prorata"; None at the year end."""
    if t.pace is None:
        return None
    return "seasonal" if t.pace == "seasonal" and t.expected_by_now is not None else "prorata"


def status_text(status: str, lang: str = "da") -> str:
    return STATUS_TEXT[lang].get(status, status)


UNCERTAIN_TEXT = {"da": "usikker", "en": "uncertain"}
PROVISIONAL_TEXT = {"da": "foreløbig", "en": "provisional"}


def provisional(t: TargetResult, in_year: bool) -> bool:
    """A verdict taken on the year so far, to be said "foreløbig" beside it (a KKR reading the running
    year's report took "✘ ikke opfyldt" for the year's verdict): met or not met while the year runs. Not
    a pace (on track / behind: in the year by its nature), a figure measured by others, a milestone done
    (it stays done) or the grant. The pages, the terminal and the workbook say it alike."""
    status = shown_status(t)
    return in_year and status in ("met", "not_met") and t.kind != "external" and not (
        t.kind == "milestone" and status == "met")


RULE_CHANGED_TEXT = {"da": "regel ændret af huset", "en": "rule changed by the hub"}
RULE_CHANGED_YEAR_TEXT = {"da": "regel ændret fra året før", "en": "rule changed from the year before"}


def rule_changed(t: TargetResult | None, before: TargetResult | None) -> bool:
    """What the target counts differs from the year before under the same id (``TargetResult.rule``;
    unknown, so not said, for results written before it): the two figures are not one rule's (a KL
    review: a filter changed in the framework was drawn as one line). Not the allocation (its rule
    holds the year's grant). The pages over the years and ``evaluate --years`` alike."""
    return (t is not None and before is not None and t.kind not in GRANT_KINDS and t.rule is not None
            and before.rule is not None and t.rule != before.rule)


def rule_changes(t: TargetResult) -> list[str]:
    """The keys of a framework target's rule that the hub's contract changed (``target_base.GOAL_KEYS``
    aside: a threshold overridden is the hub's own target, shown as such where the hubs' differ): its
    figure is not counted as the other hubs' are (a KL review: a hub keeping "Ved ikke" in the
    denominator ranked beside the hubs that leave it out, with no word of it)."""
    return sorted(key for key in t.overridden if key not in GOAL_KEYS) if t.origin == "framework" else []


def status_marks(t: TargetResult, lang: str, in_year: bool = False, *, rule: bool = True) -> list[str]:
    """What is said beside a result's status: "foreløbig" (``provisional``), "usikker" (its
    interval holds the target) and "regel ændret af huset" (``rule_changes``; not with ``rule=False``, for
    a table that says it in its own way), in that order; the terminal, the workbook and the pages' tables
    alike."""
    return [*([PROVISIONAL_TEXT[lang]] if provisional(t, in_year) else []),
            *([UNCERTAIN_TEXT[lang]] if t.uncertain else []),
            *([RULE_CHANGED_TEXT[lang]] if rule and rule_changes(t) else [])]


def bracketed(text: str, marks: Sequence[str]) -> str:
    """``text`` with ``marks`` after it in brackets ("✘ ikke opfyldt (foreløbig, usikker)"); as it is
    without any."""
    return f"{text} ({', '.join(marks)})" if marks else text


def clipped(text: str, width: int) -> str:
    """``text`` cut to ``width`` characters, its last an ellipsis where it was cut: a reader does not
    take the piece for the whole."""
    return text if len(text) <= width else text[:width - 1] + "…"
# What "uncertain" means, in words: the threshold lies inside the 95 % confidence interval.
UNCERTAIN_SHORT = {"da": "ikke signifikant forskellig fra målet",
                   "en": "not significantly different from the target"}
UNCERTAIN_MEANING = {
    # (a no-break space: the terminal wrapped the line between "95" and "%-konfidensintervallet")
    "da": f"{UNCERTAIN_SHORT['da']} (målet ligger inden for 95\u00a0%-konfidensintervallet)",
    "en": f"{UNCERTAIN_SHORT['en']} (the target lies inside the 95\u00a0% confidence interval)",
}


def interval_text(result: Any, lang: str = "da", unit: str | None = None) -> str:
    """A result's (or group's) confidence interval in its unit (a group's is its target's ``unit``),
    e.g. '74,0–82,5 %', or ''."""
    interval = getattr(result, "interval", None)
    if interval is None:
        return ""
    unit = unit or getattr(result, "unit", "share")
    if unit == "share":
        return f"{number(interval.low, 1, lang, scale=100)}–{number(interval.high, 1, lang, scale=100)} %"
    low, high = value_text(interval.low, "score", lang), value_text(interval.high, "score", lang)
    # percentage points in the words the value is written in ("11,2 procentpoint (95 %-interval 6,8–15,6
    # procentpoint)", not "… pp" beside it in Danish: a review)
    return f"{low}–{high}" + ((" procentpoint" if lang == "da" else " pp") if unit == "pp" else "")


def expected_text(expected: Any, unit: str, lang: str = "da", *, beside: TargetResult | None = None) -> str:
    """An expected value by now (a count, or a band's two edges), to one decimal when not whole.
    ``beside``: the target whose value is judged against it: then with as many more decimals (up to six)
    as keep the value on the side of it that it is (0 beside an expectation of 0,03: "0,03", not "0,0",
    which 0 would meet; a review)."""
    places = None if beside is None else _expected_places(expected, unit, beside)
    if isinstance(expected, list):
        return (f"{value_text(expected[0], unit, lang, places=places)} – "
                f"{value_text(expected[1], unit, lang, places=places)}")
    return value_text(expected, unit, lang, places=places)


def _expected_places(expected: Any, unit: str, t: TargetResult) -> int | None:
    """The decimals of an expectation by now that keep ``t``'s value on its side of it (None: the
    unit's own, when there is no number to keep apart)."""
    value = t.value
    if not isinstance(value, int | float) or isinstance(value, bool) or expected is None:
        return None
    first, scale = _first_places(expected[0] if isinstance(expected, list) else expected, unit)
    comparison = "between" if isinstance(expected, list) else t.comparison
    if comparison == "between" and not isinstance(expected, list):
        return None
    verdict = compare(value, comparison, expected)
    for places in range(first, 7):
        shown = ([rounded(e, places, scale) / scale for e in expected] if isinstance(expected, list)
                 else rounded(expected, places, scale) / scale)
        if compare(value, comparison, shown) == verdict:
            return places
    return 6


PACE_RULE_TEXT = {"da": {"prorata": "forholdsmæssigt", "seasonal": "sæsonprofil"},
                  "en": {"prorata": "pro rata", "seasonal": "seasonal profile"}}


def season_years(season: Season) -> str:
    """The earlier years a seasonal profile rests on, each named (a year without data is left out)."""
    return ", ".join(str(y) for y in season.years)


# --- the pace verdict in words (issue 17): how pro rata and the seasonal profile each see a target ----

_SYMBOL = {">=": "≥", ">": ">", "<=": "≤", "<": "<"}
_NEGATED = {">=": "<", ">": "≤", "<=": ">", "<": "≥"}


def pace_views(t: TargetResult) -> tuple[str | None, str | None]:
    """How pro rata and the seasonal profile each see a counting target during the year: on_track /
    behind, None when there is no value (or, for the profile, no profile). The profile's view is the
    year-end forecast against the target, or without a forecast (or for '==') the value against the
    seasonal expectation by now (``engine.pace.seasonal_view``)."""
    prorata = t.goal.paced(t.value, t.prorated_target)
    if prorata is None or t.season is None or t.expected_by_now is None:
        return prorata, None
    if t.forecast is not None and t.comparison != "==":
        return prorata, "on_track" if t.goal.met_by(t.forecast.value) else "behind"
    return prorata, t.goal.paced(t.value, t.expected_by_now)


def forecast_uncertain(t: TargetResult) -> bool:
    """Does the forecast's range (the earlier years' shares) hold the target, so that the earlier
    years disagree on whether it is reached? Then the profile's view is worded "usikker"."""
    f, goal = t.forecast, t.goal
    if f is None or not goal.edges() or goal.comparison == "==":
        return False
    if goal.met_by(f.low) != goal.met_by(f.high):
        return True
    edges = goal.edges() if goal.comparison == "between" else []
    return any(f.low < edge < f.high for edge in edges)  # a band inside the range


def _shown(x: float, agrees: Any, lang: str, decimals: int | None = None) -> str:
    """``x`` with as few decimals as show it on the side of a comparison it is on: 658,2 rather than
    658, and 879,6 (not 880) for a forecast below 880."""
    first = decimals if decimals is not None else (0 if float(x).is_integer() else 1)
    for d in range(first, 7):
        if agrees(rounded(x, d)):
            return number(x, d, lang)
    return number(x, 6, lang)


def _relation(t: TargetResult, expected: Any, on_track: bool, lang: str) -> str:
    """The value so far against an expectation by now, e.g. '696 ≥ 658,2' or '4 < 5,0'."""
    value, c = t.value, t.comparison
    shown = value_text(value, t.unit, lang)
    if isinstance(expected, list) or c == "between":
        word = ("inden for" if on_track else "uden for") if lang == "da" else ("inside" if on_track else "outside")
        return f"{shown} {word} {expected_text(expected, t.unit, lang)}"
    assert isinstance(value, int | float)
    if c == "==" and on_track:
        return f"{shown} ≥ {_shown(expected, lambda e: value >= e, lang)}"
    if c == "==" and value > expected:  # past the full target
        return f"{shown} > {value_text(t.target, t.unit, lang)}"
    if c == "==":
        return f"{shown} < {_shown(expected, lambda e: value < e, lang)}"
    symbol = _SYMBOL[c] if on_track else _NEGATED[c]
    return f"{shown} {symbol} {_shown(expected, lambda e: compare(value, c, e) == on_track, lang)}"


def _forecast_relation(t: TargetResult, f: Forecast, on_track: bool, lang: str) -> str:
    """The year-end forecast with its range against the target, e.g. '800 (793–811) < 880'."""
    def shown(x: float) -> str:  # whole, unless rounding would move it across the target
        return _shown(x, lambda v: t.goal.met_by(v) == t.goal.met_by(x), lang, 0)

    point = shown(f.value)
    low, high = shown(f.low), shown(f.high)
    span = f" ({low}–{high})" if low != high else ""
    if t.comparison == "between":
        word = ("inden for" if on_track else "uden for") if lang == "da" else ("inside" if on_track else "outside")
        return f"{point}{span} {word} {target_text(t, lang)}"
    symbol = _SYMBOL[t.comparison] if on_track else _NEGATED[t.comparison]
    return f"{point}{span} {symbol} {value_text(t.target, t.unit, lang)}"


def _overall(t: TargetResult, lang: str) -> str:
    """When the two views differ: which one decided the status, and why."""
    da = lang == "da"
    head = f"{'samlet' if da else 'overall'}: {status_text(t.status, lang)}"
    if t.pace == "seasonal" and t.status == "behind":
        if t.forecast is not None and t.comparison != "==":
            return head + (", da prognosen ikke når målet" if da else ", as the forecast does not reach the target")
        return head + (", da værdien er under sæsonprofilens forventning" if da else
                       ", as the value is below the seasonal expectation")
    rule = PACE_RULE_TEXT[lang][t.pace or "prorata"]
    return head + (f" efter målets regel ({rule})" if da else f" by the target's rule ({rule})")


def pace_parts(t: TargetResult, lang: str = "da") -> list[str]:
    """A counting target during the year in words: how pro rata sees it (the value against the
    pro-rated target), how the hub's seasonal profile sees it (the expectation by now and the
    year-end forecast against the target, "usikker" when the forecast's range holds the target),
    and, when the two differ, which decided the status (``engine.pace.verdict``)."""
    da = lang == "da"
    rule = PACE_RULE_TEXT[lang]
    expecting = "forventet nu" if da else "expected now"
    prorata, seasonal = pace_views(t)
    if prorata is None:
        parts = [f"{rule['prorata']}: {expecting} {expected_text(t.prorated_target, t.unit, lang, beside=t)}"]
    else:
        parts = [f"{rule['prorata']}: {status_text(prorata, lang)} "
                 f"({_relation(t, t.prorated_target, prorata == 'on_track', lang)})"]
    if t.season is None or t.expected_by_now is None:
        return parts
    head = f"{rule['seasonal']} ({season_years(t.season)})"
    expected = expected_text(t.expected_by_now, t.unit, lang, beside=t)
    if seasonal is None:
        parts.append(f"{head}: {expecting} {expected}")
    elif t.forecast is not None and t.comparison != "==":
        unsure = f", {UNCERTAIN_TEXT[lang]}" if forecast_uncertain(t) else ""
        text = (f"{head}: {status_text(seasonal, lang)}{unsure} — {expecting} {expected}, "
                f"{'prognose ultimo' if da else 'year-end forecast'} "
                f"{_forecast_relation(t, t.forecast, seasonal == 'on_track', lang)}")
        if unsure:
            text += ("; målet ligger inden for prognosens spænd" if da else
                     "; the target lies inside the forecast's range")
        parts.append(text)
    else:
        parts.append(f"{head}: {status_text(seasonal, lang)} "
                     f"({_relation(t, t.expected_by_now, seasonal == 'on_track', lang)})")
    if t.forecast is not None and t.comparison == "==":  # judged by the expectation; the forecast as it is
        parts.append(f"{'prognose ultimo' if da else 'year-end forecast'} {forecast_text(t.forecast, t.unit, lang)}")
    if seasonal is not None and prorata != seasonal:
        parts.append(_overall(t, lang))
    return parts


def forecast_text(f: Forecast, unit: str, lang: str = "da") -> str:
    """A year-end forecast in whole units with its range, e.g. '6.274 (6.208–6.340)'."""
    value, low, high = (int(rounded(x, 0)) for x in (f.value, f.low, f.high))
    text = value_text(value, unit, lang)
    if low != high:
        text += f" ({value_text(low, unit, lang)}–{value_text(high, unit, lang)})"
    return text


def in_language(danish: str, english: str | None, lang: str) -> str:
    """A text written in Danish and perhaps in English, in ``lang``: the Danish where no English is written."""
    return english if lang == "en" and english else danish


def by_segment(targets: Iterable[TargetResult]) -> bool:
    """Are the targets' groups the segments (every key a segment of the vocabulary), as the framework's
    are? Else they are another column's (a case log's teams), headed "Pr. gruppe", not "Pr. segment":
    the results do not carry the grouping column, its values tell it."""
    return all(g.key in SEGMENT.values for t in targets for g in t.groups)


def title(result: Any, lang: str = "da") -> str:
    return in_language(str(result.title), result.title_en, lang)


def dialogue_names(report: Any) -> list[str]:
    """The municipalities the spread invites to dialogue, in alphabetical order: one order in the
    summary, the overview and the terminal (the overview gave the groups' order, the summary the
    alphabet: "Struer, Syddjurs, Skive" beside "Skive, Struer, Syddjurs")."""
    return sorted({g.key for t in report.targets if t.kind == "municipal_spread" for g in t.groups if g.dialogue})


def held_back(targets: Iterable[TargetResult]) -> list[str]:
    """The municipalities below their band that the spread does not invite while the year runs (less than
    one company short: one more lifts them into the band or above it), in alphabetical order; not one that
    another spread target invites (a review: two spreads named Lemvig invited and not invited)."""
    spreads = [t for t in targets if t.kind == "municipal_spread"]
    invited = {g.key for t in spreads for g in t.groups if g.dialogue}
    return sorted({g.key for t in spreads for g in t.groups if g.status == "below" and g.key not in invited})


def held_back_note(targets: Iterable[TargetResult], lang: str = "da") -> str | None:
    """``held_back`` said: who, and why they are not invited yet; None when there is none."""
    names = held_back(targets)
    if not names:
        return None
    listed, one = ", ".join(names), len(names) == 1
    if lang == "da":
        return (f"Under båndet med mindre end én virksomhed: {listed}. {'Den' if one else 'De'} inviteres ikke, mens "
                f"året løber: én virksomhed mere bringer {'den' if one else 'dem'} op i båndet eller over det.")
    return (f"Below the band by less than one company: {listed}. {'It is' if one else 'They are'} not invited while "
            f"the year runs: one more company lifts {'it' if one else 'them'} into the band or above it.")


def population_basis(report: Any) -> tuple[bool, bool]:
    """Whether the report's spread has municipalities (its expectations rest on the population) and
    whether its grant is split by a population key (not the contract's own table, which rests on none):
    what the municipality page and the workbook's municipal sheets say they rest on."""
    spreads = any(t.kind == "municipal_spread" and t.groups for t in report.targets)
    keyed = any(t.kind == "allocation" and t.groups and t.details.get("method") != "table" for t in report.targets)
    return spreads, keyed


def grant_so_far(report: Any, lang: str = "da", *, sentence: bool = False) -> str | None:
    """During the year: the kr. per company guided divide the whole year's grant by the companies guided
    so far, said wherever they stand (a KKR review: Hovedstaden 2025's 27.872 kr. to 30 September read as
    24 % dearer than 2024's whole year); None once the year is over or without a grant. ``sentence``: as a
    sentence of its own (capital, full stop), else as a clause."""
    if not report.period.in_year or not any(t.kind == "allocation" and t.groups for t in report.targets):
        return None
    day = date_text(report.period.as_of, lang)
    clause = (f"kr. pr. vejledt virksomhed er hele årets beløb delt med de virksomheder, der er vejledt til og med "
              f"{day}: tallet falder, efterhånden som året går" if lang == "da" else
              f"kr per guided company is the whole year's amount divided by the companies guided up to {day}: it "
              "falls as the year goes on")
    return f"{clause[0].upper()}{clause[1:]}." if sentence else clause


def holds_no_count(g: GroupResult) -> bool:
    """A municipality's band holds no whole number of companies (1,055–1,289 for a small municipality
    early in the year, or under a narrow band): it can only be below or above it, whatever it does."""
    return (g.low is not None and g.high is not None and math.isfinite(g.low) and math.isfinite(g.high)
            and math.ceil(g.low) > math.floor(g.high))


def no_count_note(targets: Iterable[TargetResult], lang: str = "da") -> str | None:
    """The municipalities whose band holds no whole number (``holds_no_count``), said: they can only be
    below or above it (a review: Læsø invited on a band of 1,055–1,289 with no word of it); the dialogue
    with one below should look at the figure; and where too few bands hold a whole number for the spread's
    target, that it cannot be met with the companies guided now (a review: Nordjylland's "7 ≥ 11" with
    Læsø's band 3,1–3,7, and no word of it). None when every band holds a whole number."""
    notes: list[str] = []
    for t in targets:
        if t.kind != "municipal_spread":
            continue
        narrow = sorted((g for g in t.groups if holds_no_count(g)), key=lambda g: g.key)
        if not narrow:
            continue
        listed = ", ".join(g.key for g in narrow)
        dialogue = any(g.dialogue for g in narrow)
        countable = sum(g.low is not None and g.high is not None and not holds_no_count(g) for g in t.groups)
        goal = t.target if isinstance(t.target, int | float) and not isinstance(t.target, bool) else None
        unreachable = goal is not None and t.comparison in (">=", ">") and countable < goal + (t.comparison == ">")
        goal_count = municipalities(goal or 0, lang)
        if lang == "da":
            note = (f"Båndet rummer intet helt antal virksomheder for {listed}: kommunen kan kun ligge under eller "
                    "over det" + (", så dialogen bør se på tallet, ikke på båndet." if dialogue else "."))
            note += (f" Målet om {goal_count} inden for båndet kan derfor ikke nås med de "
                     "virksomheder, der er vejledt nu." if unreachable else "")
        else:
            note = (f"The band holds no whole number of companies for {listed}: the municipality can only be below or "
                    "above it" + (", so the dialogue should look at the figure, not the band." if dialogue else "."))
            note += (f" The target of {goal_count} within the band can therefore not be "
                     "met with the companies guided now." if unreachable else "")
        notes.append(note)
    return " ".join(notes) or None


def contract_title(report: Any, lang: str = "da") -> str:
    """The contract's title in ``lang``: its English title where it has one (results written before
    it was kept have none: the Danish)."""
    return in_language(report.contract, report.contract_en, lang)


# Labels for tabular output (the workbook): units, comparisons, severities and input sources.
UNIT_TEXT = {
    "da": {"share": "andel", "pp": "procentpoint", "score": "score", "count": "antal", "thousand_kr": "t.kr.",
           "bool": "ja/nej", "number": "tal", "ratio": "gange", **{u: da for u, (da, _) in DURATION_UNITS.items()}},
    "en": {"share": "share", "pp": "pp", "score": "score", "count": "count", "thousand_kr": "thousand kr",
           "bool": "yes/no", "number": "number", "ratio": "times", **{u: en for u, (_, en) in DURATION_UNITS.items()}},
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


def quality_scope(period: PeriodInfo | None, lang: str = "da", dated: Callable[[date], str] = date.isoformat) -> str:
    """What a data-quality report covers: a contract year, to its as-of date during the year
    ("2024 til og med 2024-06-30"; dates written by ``dated``), or the whole data folder (check-data)."""
    da = lang == "da"
    if period is None:
        return "hele datamappen" if da else "the whole data folder"
    calendar_year = (period.start == date(period.start.year, 1, 1) and period.end == date(period.start.year, 12, 31))
    scope = str(period.start.year) if calendar_year else f"{dated(period.start)} – {dated(period.end)}"
    if period.in_year:
        scope += (" til og med " if da else " up to ") + dated(period.as_of)
    return scope


QUALITY_SCOPE_NOTE = {
    "da": ("Opgørelsen dækker rækkerne dateret i {year} og rækkerne uden læsbar dato i de filer, der har rækker fra "
           "{year} (de tælles i hvert år, filen har rækker fra). Hele datamappen: hubmonitor check-data."),
    "en": ("The accounting covers the rows dated in {year} and the rows without a readable date in the files that "
           "hold rows of {year} (they count in every year their file holds rows of). The whole data folder: "
           "hubmonitor check-data."),
}


def quality_note(period: PeriodInfo | None, lang: str = "da",
                 dated: Callable[[date], str] = date.isoformat) -> str | None:
    """The sentence saying which rows a contract year's data quality covers (None: the whole folder)."""
    if period is None:
        return None
    da = lang != "en"
    note = QUALITY_SCOPE_NOTE["da" if da else "en"].format(year=quality_scope(
        period.model_copy(update={"as_of": period.end}), lang, dated))
    if period.in_year and period.asked:  # the rows after the day asked for: outside the period, whatever they are
        note += (f" Rækker dateret efter {dated(period.as_of)} tælles uden for perioden, også de rækker i karantæne og "
                 "dubletter, og deres fund er ikke med her." if da else
                 f" Rows dated after {dated(period.as_of)} count as outside the period, quarantined rows and "
                 "duplicates too, and their findings are not shown here.")
    return note
