"""What every kind of target shares: the threshold's forms and their ranges per unit, the keys
every target has (``TargetBase``) and a filtered source (``Filtered``). The kinds are in
``targets.py`` and beside it (counting.py, durations.py), each built on these."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    AllowInfNan,
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    ValidationInfo,
    model_validator,
)
from pydantic import Strict as StrictMode

from hubmonitor.contract.filters import Where, check_where
from hubmonitor.contract.messages import Msg, OneLine, excerpt
from hubmonitor.extension import unknown_source
from hubmonitor.numbers import spoken, spoken_pair
from hubmonitor.schema import SCHEMA, SourceSchema
from hubmonitor.vocabulary import Source

FiniteFloat = Annotated[float, StrictMode(), AllowInfNan(False)]
Number = StrictInt | FiniteFloat  # never NaN or infinite (a YAML file cannot even say so: yaml_source)
Comparison = Literal[">=", ">", "<=", "<", "==", "between"]
Unit = Literal["share", "count", "score", "pp", "number", "bool", "thousand_kr", "days", "hours"]
ID_PATTERN = r"^[A-Z][A-Za-z0-9]*\.[a-z0-9_]+$"
Pace = Literal["prorata", "seasonal"]
SourceName = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]


def schema_of(info: ValidationInfo) -> Mapping[str, SourceSchema]:
    """The schema a contract's rules are checked against: the input schema with what the contract's
    ``data:`` block adds (given by the loader as validation context)."""
    context = info.context if isinstance(info.context, dict) else {}
    schema = context.get("schema")
    return schema if schema is not None else SCHEMA


@dataclass(frozen=True)
class UnitRange:
    """The values a unit can take: [low, high] (None: no bound), and what a value of it is."""

    low: float | None
    high: float | None
    what: tuple[str, str] = ("", "")  # (Danish, English), e.g. ("en andel", "a share")


# Every unit's range, the one declaration: thresholds, baselines and figures measured by others are
# checked against it. pp (percentage points) and number have no range beyond being finite.
UNIT_RANGES: dict[str, UnitRange] = {
    "share": UnitRange(0, 1, ("en andel", "a share")),
    "score": UnitRange(-100, 100),
    "count": UnitRange(0, None, ("et antal", "a count")),
    "thousand_kr": UnitRange(0, None, ("et beløb", "an amount")),
}


def outside_unit(unit: str, value: float, name: tuple[str, str] = ("threshold", "threshold")
                 ) -> tuple[str, str] | None:
    """(Danish, English) of why ``value`` is outside the range of ``unit``; None inside it. ``name``
    says what the value is, in both languages. A share written as a percentage (60 for 0.60) gets
    a hint."""
    bounds = UNIT_RANGES.get(unit)
    if bounds is None or bounds.low is None or (bounds.low <= value and (bounds.high is None or value <= bounds.high)):
        return None
    shown = excerpt(value)
    if bounds.high is None:
        da, en = bounds.what
        return f"{da} kan ikke være negativt ({shown})", f"{en} cannot be negative ({shown})"
    what_da, what_en = (f" ({bounds.what[0]})", f" ({bounds.what[1]})") if bounds.what[0] else ("", "")
    hint = ("", "")
    if unit == "share" and 1 < value <= 100 and float(value).is_integer():
        hint = (f"; skriv {value / 100:.2f} for {value:g} %", f"; write {value / 100:.2f} for {value:g} %")
    return (f"{name[0]} skal være mellem {bounds.low:g} og {bounds.high:g}{what_da}, ikke {shown}{hint[0]}",
            f"{name[1]} must be between {bounds.low:g} and {bounds.high:g}{what_en}, not {shown}{hint[1]}")


def _known_source(source: str, schema: Mapping[str, SourceSchema]) -> None:
    if source not in schema:
        raise unknown_source(source, schema, "source")


# A target's keys that say how much is wanted and in what words, not what is counted: its words, its
# threshold (a baseline and a change in it), its comparison, its pace and its fewest answers. A hub may
# override them and a contract change them from year to year with the figure still the same rule's
# (``rule_digest``); any other key (a filter, an exclusion, a denominator) makes it another rule's.
GOAL_KEYS = frozenset({"ref", "title", "title_en", "quote", "status_text", "explanation", "comparison",
                       "threshold", "pace", "min_answers",
                       # the levels a kind's threshold stands for: the spread's target number, the grant's total
                       "expected_total", "total"})


def rule_digest(target: BaseModel) -> str:
    """What a target counts and how, as a short digest of its definition without ``GOAL_KEYS``, its id
    and the keys left at their defaults (a key a later version adds does not move it), lists of words
    in sorted order (``success: [Meget tilfreds, Tilfreds]`` is the same rule either way): equal for two
    years' (or two hubs') target when their figures are the same rule's. In the results
    (``TargetResult.rule``) for the pages over the years (a KL review: a filter changed under the same id
    and threshold was drawn as one line)."""
    definition = _unordered(target.model_dump(mode="json", exclude=set(GOAL_KEYS | {"id"}), exclude_defaults=True))
    text = json.dumps(definition, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _unordered(value: Any) -> Any:
    """Lists of plain values sorted (their order says nothing of what is counted), inside any structure."""
    if isinstance(value, dict):
        return {key: _unordered(item) for key, item in value.items()}
    if isinstance(value, list):
        items = [_unordered(item) for item in value]
        plain = all(isinstance(item, str | int | float | bool) or item is None for item in items)
        return sorted(items, key=lambda item: json.dumps(item, sort_keys=True)) if plain else items
    return value


DEFAULT_MIN_ANSWERS = 30  # fewer answers than this: insufficient_data (a contract may set min_answers)


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _check_relative(relative: float | None) -> None:
    """A relative change greater than -1 (-100 %): at -1 the threshold would be 0 whatever it builds on."""
    if relative is not None and relative <= -1:
        raise Msg(f"relative skal være større end -1 (-100 %), ikke {excerpt(relative)}",
                  f"relative must be greater than -1 (-100 %), not {excerpt(relative)}", at="relative")


def _applied(base: float, change: float | None, relative: float | None) -> float:
    """``base`` times (1 + ``relative``), else plus ``change``: the one rule of a threshold built on a
    value (a baseline, last year's), rounded to 10 places."""
    if relative is not None:
        return round(base * (1 + relative), 10)
    return round(base + (change or 0), 10)


class BaselineThreshold(Strict):
    """A threshold built on a baseline named by the hub contract: 'baseline + change' (points) or
    'baseline × (1 + relative)' (a relative change, 0.15 for 15 % more); exactly one of the two."""

    baseline: str
    change: Number | None = None
    relative: Number | None = None

    @model_validator(mode="after")
    def _one_change(self) -> BaselineThreshold:
        if (self.change is None) == (self.relative is None):
            raise Msg("angiv enten change eller relative ved baseline", "give either change or relative with baseline")
        _check_relative(self.relative)
        return self

    def resolve(self, base: float) -> float:
        """The threshold the baseline gives, the one rule (the engine and validate both use it)."""
        return _applied(base, self.change, self.relative)

    def outside(self, unit: str, base: float, shown: str) -> tuple[str, str] | None:
        """(Danish, English) of why the baseline ``shown`` (its name) or the threshold it gives lies
        outside the unit's range; None when both are inside (validate and the engine both ask)."""
        outside = outside_unit(unit, base, (f"basislinjen {shown}", f"the baseline {shown}"))
        if outside is not None:
            return outside
        applied = self.words()
        return outside_unit(unit, self.resolve(base), (f"basislinjen {shown} {applied[0]}",
                                                       f"the baseline {shown} {applied[1]}"))

    def words(self) -> tuple[str, str]:
        """What is applied to the baseline, e.g. ('plus change 0.1', 'plus change 0.1')."""
        if self.relative is not None:
            return f"gange (1 + relative {self.relative:g})", f"times (1 + relative {self.relative:g})"
        return f"plus change {self.change:g}", f"plus change {self.change:g}"

    def explained(self, base: float, unit: str = "count") -> tuple[str, str]:
        """The target in words, in its unit: 'basislinjen b2020 (60 %) plus 10 procentpoint' / 'the
        baseline b2020 (60 %) plus 10 percentage points' for a share (a review: "(0,6) plus 0,1" beside a
        figure of 70,0 %), 'basislinjen b2020 (410) plus 20' for a count, or '… × 1,15 = 69 %'."""
        def shown(x: float, points: bool = False) -> tuple[str, str]:
            if unit != "share":
                return spoken_pair(x)
            da, en = spoken_pair(x * 100)
            return (f"{da} procentpoint", f"{en} percentage points") if points else (f"{da} %", f"{en} %")
        b, total = shown(base), shown(self.resolve(base))
        if self.relative is not None:
            factor = spoken_pair(1 + self.relative)
            return (f"basislinjen {self.baseline} ({b[0]}) × {factor[0]} = {total[0]}",
                    f"the baseline {self.baseline} ({b[1]}) × {factor[1]} = {total[1]}")
        assert self.change is not None
        change = shown(self.change, points=True)
        return (f"basislinjen {self.baseline} ({b[0]}) plus {change[0]}",
                f"the baseline {self.baseline} ({b[1]}) plus {change[1]}")


class LastYearChange(Strict):
    """What is added to last year's value: nothing (at least / more than it), ``change`` (in the
    unit) or ``relative`` (0.05 for 5 % more); at most one of the two."""

    change: Number | None = None
    relative: Number | None = None

    @model_validator(mode="after")
    def _at_most_one(self) -> LastYearChange:
        if self.change is not None and self.relative is not None:
            raise Msg("angiv højst én af change og relative", "give at most one of change and relative")
        _check_relative(self.relative)
        return self


class PreviousYearThreshold(Strict):
    """A threshold read from the same target's value the year before, computed from the data with
    the same rule: ``{previous_year: {}}``, ``{previous_year: {change: N}}`` or
    ``{previous_year: {relative: R}}``."""

    previous_year: LastYearChange

    def resolve(self, previous: float) -> float:
        """Last year's value plus the change, or times (1 + relative); rounded as a baseline's."""
        return _applied(previous, self.previous_year.change, self.previous_year.relative)

    def words(self, year: int, previous: float) -> tuple[str, str]:
        """E.g. ('sidste års værdi (2023) 4.480 + 5 % = 4.704', "last year's value (2023) 4,480 + 5 % = 4,704")."""
        p, shown = self.previous_year, spoken_pair(previous)
        if p.relative is not None:
            sign, size = "+" if p.relative >= 0 else "−", spoken_pair(abs(p.relative) * 100)
            step = (f" {sign} {size[0]} %", f" {sign} {size[1]} %")
        elif p.change:
            sign, size = "+" if p.change >= 0 else "−", spoken_pair(abs(p.change))
            step = (f" {sign} {size[0]}", f" {sign} {size[1]}")
        else:
            return f"sidste års værdi ({year}) {shown[0]}", f"last year's value ({year}) {shown[1]}"
        total = spoken_pair(self.resolve(previous))
        return (f"sidste års værdi ({year}) {shown[0]}{step[0]} = {total[0]}",
                f"last year's value ({year}) {shown[1]}{step[1]} = {total[1]}")


class StepsThreshold(Strict):
    """A threshold per contract year, the steps of a contract or framework over several years:
    ``{by_year: {2024: 0.40, 2025: 0.50, 2026: 0.60}}``. The year evaluated takes its own step; the
    loader checks that every year of the contract's period has one."""

    by_year: Annotated[dict[Annotated[int, Field(ge=2000, le=2100)], Number], Field(min_length=1)]

    def words(self) -> tuple[str, str]:
        """The steps, e.g. '2024: 0,4; 2025: 0,5; 2026: 0,6' / '2024: 0.4, 2025: 0.5, 2026: 0.6'."""
        steps = sorted(self.by_year.items())
        return ("; ".join(f"{year}: {spoken(value, 'da')}" for year, value in steps),
                ", ".join(f"{year}: {spoken(value, 'en')}" for year, value in steps))


Threshold = (StrictBool | Number | Literal["all"] | list[Number] | BaselineThreshold | PreviousYearThreshold
             | StepsThreshold)


class TargetBase(Strict):
    id: Annotated[str, Field(pattern=ID_PATTERN)]
    ref: OneLine = Field(description="Where in the contract, e.g. 'Mål 1' or 'Indsatsområde 1'.")
    title: OneLine
    title_en: OneLine | None = None
    quote: str = Field(description="The contract's own words for this target (short).")
    status_text: str | None = Field(None, description="The hub's own text on qualitative parts.")
    explanation: str | None = Field(None, description="Overrides the generated Danish rule text.")
    comparison: Comparison = ">="
    threshold: Threshold
    pace: Pace | None = Field(
        None, description="Counting targets, during the year: judge the value so far against the target "
                          "pro-rated to the elapsed share of the year (prorata, the default) or against the "
                          "hub's own seasonal profile from earlier years (seasonal).")
    min_answers: Annotated[StrictInt, Field(ge=1)] | None = Field(
        None, description=f"Figures resting on a sample of answers: with fewer answers the status is "
                          f"insufficient_data (default {DEFAULT_MIN_ANSWERS}).")

    over: Literal["year", "period"] = Field(
        "year", description="Counts of rows or companies (distinct_companies, count, sum) in a contract over several "
                            "years: period counts from the first day of the contract's first year (one target "
                            "for the whole period, paced over it until its last year); year (the default) counts "
                            "the year evaluated.")
    unit: Unit = "share"  # subclasses fix or validate it

    reads_previous_year: ClassVar[bool] = False  # its rule reads the year before too (so do the column checks)
    spans_years: ClassVar[bool] = False  # can count over a contract's whole period (``over: period``)

    def reads(self) -> dict[str, set[str]]:
        """The canonical columns the rule reads, per source: where an export lacks one, the
        figure is not computed (insufficient data), never counted as empty."""
        return {}

    def reads_year_before(self) -> bool:
        """Does the rule read the activities of the year before (its kind does: new companies; or its
        answers are those of companies guided the year before)?"""
        return self.reads_previous_year

    def years_back(self) -> int:
        """How many calendar years before the one evaluated the target reads rows of: the year before
        for its rule (``reads_year_before``), one more for a goal set from its own figure of the
        year before (that figure reads the same way)."""
        return int(self.reads_year_before()) + int(isinstance(self.threshold, PreviousYearThreshold))

    def counts_up(self) -> bool:
        """Does the figure count up over the year (so that during the year it is judged against a
        share of the target)? Shares, scores, spreads and allocations do not."""
        return False

    def counts_municipalities(self) -> bool:
        """Is the value a number of the hub's municipalities (so that ``threshold: all`` means every one
        of them)? The spread and a milestone's distinct municipalities are."""
        return False

    def sampled(self) -> bool:
        """Can the figure rest on a sample of answers (so it gets an interval and a minimum n)?"""
        return False

    @property
    def pace_rule(self) -> Pace | None:
        return (self.pace or "prorata") if self.counts_up() else None

    @property
    def answers_needed(self) -> int | None:
        return (self.min_answers or DEFAULT_MIN_ANSWERS) if self.sampled() else None

    @model_validator(mode="after")
    def _threshold_fits(self) -> TargetBase:
        if self.threshold == "all" and not self.counts_municipalities():
            # 'all' is the number of the hub's municipalities: of companies or rows it would be a
            # target of 11 companies, met by any count
            raise _bad("'all' gælder kun mål der tæller kommuner (municipal_spread, milestone med measure: "
                       "distinct_municipalities); skriv et tal",
                       "'all' applies only to targets that count municipalities (municipal_spread, milestone "
                       "with measure: distinct_municipalities); write a number")
        check_threshold(self.unit, self.comparison, self.threshold)
        return self

    @model_validator(mode="after")
    def _over_fits(self) -> TargetBase:
        if self.over == "period":
            if not self.spans_years:
                raise Msg("over: period gælder kun distinct_companies, count og sum", "over: period applies only "
                          "to distinct_companies, count and sum", at="over")
            if self.pace == "seasonal" or isinstance(self.threshold, PreviousYearThreshold | StepsThreshold):
                raise Msg("over: period kan ikke kombineres med pace: seasonal, previous_year eller by_year (ét mål "
                          "for hele perioden)", "over: period cannot be combined with pace: seasonal, previous_year "
                          "or by_year (one target for the whole period)", at="over")
        return self

    @model_validator(mode="after")
    def _pace_and_answers_fit(self) -> TargetBase:
        if self.pace is not None and not self.counts_up():
            raise Msg("pace gælder kun mål der tæller op over året (distinct_companies, count, sum, og milestone "
                      "med measure: count eller distinct_municipalities)",
                      "pace applies only to targets that count up over the year (distinct_companies, count, sum, "
                      "and milestone with measure: count or distinct_municipalities)", at="pace")
        if self.min_answers is not None and not self.sampled():
            raise Msg("min_answers gælder kun tal der bygger på besvarelser (share med source: evaluations, "
                      "nps, external)",
                      "min_answers applies only to figures resting on answers (share with source: "
                      "evaluations, nps, external)", at="min_answers")
        return self


def _bad(da: str, en: str) -> Msg:
    return Msg(da, en, at="threshold")


def check_threshold(unit: str, comparison: str, threshold: Any) -> None:
    """Is the threshold of the right type and range for the unit and comparison?"""
    if comparison == "between":
        if not (isinstance(threshold, list) and len(threshold) == 2):
            raise _bad("'between' kræver threshold: [lav, høj]", "'between' needs threshold: [low, high]")
        low, high = threshold
        if low > high:
            raise _bad(f"threshold: lav {low} er større end høj {high}",
                      f"threshold: low {low} is greater than high {high}")
        values = [low, high]
    elif isinstance(threshold, list):
        raise _bad("en liste som threshold kræver comparison: between",
                  "a list threshold needs comparison: between")
    elif isinstance(threshold, BaselineThreshold):
        if unit not in ("share", "pp", "number", "count"):
            raise _bad("en basislinje kun for eksterne tal og antal", "a baseline is only for external figures and "
                       "counts")
        return
    elif isinstance(threshold, StepsThreshold):
        if unit in ("bool", "thousand_kr"):  # (a band: 'between' needs [low, high], said above)
            raise _bad("by_year kun for mål hvis mål er ét tal (ikke milepæle done eller fordeling)",
                       "by_year is only for targets whose threshold is one number (not milestones done or "
                       "allocation)")
        values = list(threshold.by_year.values())
    elif isinstance(threshold, PreviousYearThreshold):
        if unit in ("bool", "thousand_kr"):
            raise _bad("previous_year kun for mål hvis værdi er et tal (ikke milepæle done eller fordeling)",
                       "previous_year is only for targets whose value is a number (not milestones done, "
                       "not allocation)")
        change = threshold.previous_year.change
        if unit == "share" and change is not None and abs(change) >= 1:
            # a share's change is in its own unit: 1 is 100 percentage points, so the goal lies outside 0-1
            points = f"{change / 100:g}"
            raise _bad(f"previous_year: change lægges til en andel og skrives som en andel: {points} for "
                       f"{change:g} procentpoint, ikke {excerpt(change)}",
                       f"previous_year: change is added to a share and written as one: {points} for {change:g} "
                       f"percentage points, not {excerpt(change)}")
        return
    elif unit == "bool":
        # true only: false scored a milestone that is done "ikke opfyldt" (a review: an override to false)
        if threshold is not True or comparison != "==":
            raise _bad("en milepæl har threshold: true og comparison: '==' (den er nået, når den er gennemført)",
                      "a milestone has threshold: true and comparison: '==' (it is met when it is done)")
        return
    elif threshold == "all":
        if unit != "count":
            raise _bad("'all' kun for antal kommuner", "'all' is only for a count of municipalities")
        return
    elif isinstance(threshold, bool):
        raise _bad("threshold skal være et tal", "threshold must be a number")
    else:
        values = [threshold]
    for v in values:
        outside = outside_unit(unit, v) or _unlikely(unit, v)
        if outside is not None:
            raise _bad(*outside)


def _unlikely(unit: str, value: float) -> tuple[str, str] | None:
    """(Danish, English) of why a threshold inside its unit's range cannot be meant; None if it can. A
    count is written whole (5.000 is read by YAML as 5, 2.300 as 2,3: the point is its decimal sign);
    a score (NPS, -100 to 100) between -1 and 1 is a share written for the score (0.65 for 65)."""
    if unit == "count" and isinstance(value, float):
        thousands = value * 1000
        if 1 <= value < 1000 and abs(thousands - round(thousands)) < 1e-6:  # 5.000 or 2.300: thousands with a point
            dotted, read = f"{thousands:,.0f}".replace(",", "."), spoken_pair(value)
            return (f"et antal skrives som et helt tal uden punktum, ikke {excerpt(value)}: i YAML er punktum "
                    f"decimaltegn, så {dotted} læses som {read[0]}; skriv {thousands:.0f}",
                    f"a count is written as a whole number without a point, not {excerpt(value)}: in YAML the point "
                    f"is the decimal sign, so {dotted} reads as {read[1]}; write {thousands:.0f}")
        if float(value).is_integer():  # 1.5e3, 1500.0: whole, written as a decimal number
            return (f"et antal skrives som et helt tal uden punktum eller eksponent: skriv {value:.0f}, ikke "
                    f"{excerpt(value)}", f"a count is written as a whole number without a point or exponent: write "
                    f"{value:.0f}, not {excerpt(value)}")
        return (f"et antal skal være et helt tal, ikke {excerpt(value)}",
                f"a count must be a whole number, not {excerpt(value)}")
    if unit == "score" and -1 < value < 1 and value != 0:
        meant = f"{value * 100:g}"
        return (f"en score (NPS) går fra -100 til 100, så {excerpt(value)} er næsten 0; mente du {meant}? skriv "
                f"{meant}", f"a score (NPS) runs from -100 to 100, so {excerpt(value)} is almost 0; did you mean "
                f"{meant}? write {meant}")
    return None


class Filtered(TargetBase):
    source: SourceName = Source.ACTIVITIES
    where: Where = Field(default_factory=dict)

    def reads(self) -> dict[str, set[str]]:
        return {self.source: {"date", *self.where, *self._reads()}}

    def _reads(self) -> set[str]:
        return set() if self.source == Source.EVALUATIONS else {"company_id"}

    @model_validator(mode="after")
    def _check_where(self, info: ValidationInfo) -> Filtered:
        schema = schema_of(info)
        _known_source(self.source, schema)
        object.__setattr__(self, "where", check_where(self.where, self.source, ("where",), schema))
        return self
