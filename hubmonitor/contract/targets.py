"""The kinds of target a contract can state. One class per kind; the ``kind`` key picks it.

Each class says what data the rule reads and how the threshold is compared. The matching
computation lives in ``hubmonitor/engine/metrics/`` (one function per kind, registered by class).

Two keys every target may carry where they apply: ``pace`` (``prorata`` | ``seasonal``) on targets
that count up over the year (``counts_up``), and ``min_answers`` on figures resting on a sample of
answers (``sampled``). See docs/decisions.md, "During the year" and "Uncertainty".
"""

from __future__ import annotations

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
    field_validator,
    model_validator,
)
from pydantic import Strict as StrictMode

from hubmonitor.contract.filters import Condition, Scalar, Where, check_where
from hubmonitor.contract.messages import Msg, excerpt
from hubmonitor.extension import unknown_source
from hubmonitor.schema import SCHEMA, Kind, SourceSchema
from hubmonitor.vocabulary import Source, fields_of

FiniteFloat = Annotated[float, StrictMode(), AllowInfNan(False)]
Number = StrictInt | FiniteFloat  # never NaN or infinite (a YAML file cannot even say so: yaml_source)
Comparison = Literal[">=", ">", "<=", "<", "==", "between"]
Unit = Literal["share", "count", "score", "pp", "number", "bool", "thousand_kr"]
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


DEFAULT_MIN_ANSWERS = 30  # fewer answers than this: insufficient_data (a contract may set min_answers)


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class BaselineThreshold(Strict):
    """A threshold of the form 'baseline + change', the baseline named by the hub contract."""

    baseline: str
    change: Number


Threshold = StrictBool | Number | Literal["all"] | list[Number] | BaselineThreshold


class TargetBase(Strict):
    id: Annotated[str, Field(pattern=ID_PATTERN)]
    ref: str = Field(description="Where in the contract, e.g. 'Mål 1' or 'Indsatsområde 1'.")
    title: str
    title_en: str | None = None
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

    unit: Unit = "share"  # subclasses fix or validate it

    reads_previous_year: ClassVar[bool] = False  # its rule reads the year before too (so do the column checks)

    def reads(self) -> dict[str, set[str]]:
        """The canonical columns the rule reads, per source: where an export lacks one, the
        figure is not computed (insufficient data), never counted as empty."""
        return {}

    def counts_up(self) -> bool:
        """Does the figure count up over the year (so that during the year it is judged against a
        share of the target)? Shares, scores, spreads and allocations do not."""
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
        check_threshold(self.unit, self.comparison, self.threshold)
        return self

    @model_validator(mode="after")
    def _pace_and_answers_fit(self) -> TargetBase:
        if self.pace is not None and not self.counts_up():
            raise Msg("pace gælder kun mål der tæller op over året (distinct_companies, og milestone med "
                      "measure: count eller distinct_municipalities)",
                      "pace applies only to targets that count up over the year (distinct_companies, and "
                      "milestone with measure: count or distinct_municipalities)", at="pace")
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
        if unit not in ("share", "pp", "number"):
            raise _bad("baseline + change kun for eksterne tal", "baseline + change is for external figures")
        return
    elif unit == "bool":
        if not isinstance(threshold, bool) or comparison != "==":
            raise _bad("en milepæl har threshold: true og comparison: '=='",
                      "a milestone has threshold: true and comparison: '=='")
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
        outside = outside_unit(unit, v)
        if outside is not None:
            raise _bad(*outside)


class _Filtered(TargetBase):
    source: SourceName = Source.ACTIVITIES
    where: Where = Field(default_factory=dict)

    def reads(self) -> dict[str, set[str]]:
        return {self.source: {"date", *self.where, *self._reads()}}

    def _reads(self) -> set[str]:
        return set() if self.source == Source.EVALUATIONS else {"company_id"}

    @model_validator(mode="after")
    def _check_where(self, info: ValidationInfo) -> _Filtered:
        schema = schema_of(info)
        _known_source(self.source, schema)
        object.__setattr__(self, "where", check_where(self.where, self.source, ("where",), schema))
        return self


class ShareTarget(_Filtered):
    """Share of records (responses by default) whose answer is a success.

    Records outside ``where`` are not counted; empty answers never enter the denominator; answers
    in ``exclude`` (e.g. 'Ved ikke') are taken out of it. With ``group_by`` (an enum column of the
    source) the share is computed per listed group and the target is met only if every listed group
    meets it, or with ``groups_needed: K`` at least K of them.
    """

    kind: Literal["share"]
    source: SourceName = Source.EVALUATIONS
    answer: str
    success: Annotated[list[str], Field(min_length=1)]
    exclude: list[str] = Field(default_factory=list)
    group_by: str | None = None
    groups: list[str] | None = None
    groups_needed: Annotated[StrictInt, Field(ge=1)] | None = Field(
        None, description="With group_by: met when at least this many of the listed groups meet the "
                          "threshold (default: every one of them).")
    unit: Literal["share"] = "share"

    def sampled(self) -> bool:
        return self.source == Source.EVALUATIONS

    def _reads(self) -> set[str]:
        return {self.answer, *([self.group_by] if self.group_by else [])}

    @model_validator(mode="after")
    def _check_answer(self, info: ValidationInfo) -> ShareTarget:
        schema = schema_of(info)
        if self.source not in schema:
            return self  # said by _check_where
        fields = fields_of(schema[self.source])
        if self.answer not in fields or fields[self.answer][0] != "enum":
            options = [f for f, (k, _) in fields.items() if k == "enum"]
            raise Msg(f"answer: {excerpt(self.answer)} er ikke et svarfelt; brug en af {', '.join(options)}",
                      f"answer: {excerpt(self.answer)} is not an answer field; use one of {', '.join(options)}",
                      at="answer")
        allowed = fields[self.answer][1]
        for key in ("success", "exclude"):
            for i, value in enumerate(getattr(self, key)):
                if allowed and value not in allowed:
                    raise Msg(f"{self.answer}: ukendt svar {excerpt(value)}; tilladte: {', '.join(allowed)}",
                              f"{self.answer}: unknown answer {excerpt(value)}; allowed: {', '.join(allowed)}",
                              at=(key, i))
        if set(self.success) & set(self.exclude):
            raise Msg("et svar kan ikke både være succes og udeladt",
                      "an answer cannot be both a success and excluded", at="exclude")
        if (self.group_by is None) != (self.groups is None):
            raise Msg("group_by og groups angives sammen", "group_by and groups go together")
        if self.group_by is not None:
            self._check_groups(schema[self.source], self.group_by, self.groups or [])
        if self.groups_needed is not None:
            self._check_needed(len(self.groups or []))
        return self

    def _check_groups(self, source: SourceSchema, group_by: str, groups: list[str]) -> None:
        """``group_by`` an enum column of the source; ``groups`` its values (those the input schema
        and the contract's ``data:`` block give), each once."""
        enums = [c.name for c in source.columns if c.kind is Kind.ENUM]
        if group_by not in source:
            raise Msg(f"kilden {self.source} har ingen kolonne {excerpt(group_by, quote=False)}",
                      f"source {self.source} has no column {excerpt(group_by, quote=False)}", at="group_by")
        column = source[group_by]
        if column.kind is not Kind.ENUM:
            raise Msg(f"group_by: {group_by} er ikke en kolonne med faste værdier (enum); brug en af "
                      f"{', '.join(enums)}",
                      f"group_by: {group_by} is not a column of fixed values (enum); use one of {', '.join(enums)}",
                      at="group_by")
        if not groups:
            raise Msg("groups: nævn mindst én gruppe", "groups: name at least one group", at="groups")
        for i, g in enumerate(groups):
            if g not in column.values and group_by == "segment":
                raise Msg(f"groups: ukendt segment {excerpt(g)}", f"groups: unknown segment {excerpt(g)}",
                          at=("groups", i))
            if g not in column.values:
                raise Msg(f"groups: {excerpt(g)} er ikke en værdi af {group_by}; tilladte: {', '.join(column.values)}",
                          f"groups: {excerpt(g)} is not a value of {group_by}; allowed: {', '.join(column.values)}",
                          at=("groups", i))
            if g in groups[:i]:
                raise Msg(f"groups: {excerpt(g)} står to gange", f"groups: {excerpt(g)} is listed twice",
                          at=("groups", i))

    def _check_needed(self, listed: int) -> None:
        if self.group_by is None:
            raise Msg("groups_needed kræver group_by og groups", "groups_needed needs group_by and groups",
                      at="groups_needed")
        if self.groups_needed is not None and self.groups_needed > listed:
            raise Msg(f"groups_needed: {self.groups_needed} er flere end de {listed} grupper i groups",
                      f"groups_needed: {self.groups_needed} is more than the {listed} groups in groups",
                      at="groups_needed")


class NpsTarget(_Filtered):
    """Net Promoter Score: 100 × (share answering 9–10 − share answering 0–6)."""

    kind: Literal["nps"]
    source: Literal[Source.EVALUATIONS] = Source.EVALUATIONS
    unit: Literal["score"] = "score"

    def _reads(self) -> set[str]:
        return {"nps"}

    def sampled(self) -> bool:
        return True


class DistinctCompaniesTarget(_Filtered):
    """Number of distinct companies with at least one activity matching ``where`` in the period."""

    kind: Literal["distinct_companies"]
    unit: Literal["count"] = "count"

    def counts_up(self) -> bool:
        return True

    @model_validator(mode="after")
    def _has_companies(self, info: ValidationInfo) -> DistinctCompaniesTarget:
        schema = schema_of(info)
        if self.source in schema and "company_id" not in schema[self.source]:
            raise Msg(f"kilden {self.source} har ingen kolonne company_id at tælle virksomheder i",
                      f"source {self.source} has no company_id column to count companies in", at="source")
        return self


class CompanyRatioTarget(TargetBase):
    """Distinct companies matching ``numerator`` over the sum of distinct companies per
    ``denominator`` term (one term: a plain share; two terms: e.g. individual vs collective)."""

    kind: Literal["company_ratio"]
    numerator: Where
    denominator: Annotated[list[Where], Field(min_length=1)]
    unit: Literal["share"] = "share"

    def reads(self) -> dict[str, set[str]]:
        return {Source.ACTIVITIES: {"date", "company_id", *self.numerator, *(k for w in self.denominator for k in w)}}

    @field_validator("numerator")
    @classmethod
    def _num(cls, v: Where, info: ValidationInfo) -> Where:
        return check_where(v, Source.ACTIVITIES, (), schema_of(info))

    @field_validator("denominator")
    @classmethod
    def _den(cls, v: list[Where], info: ValidationInfo) -> list[Where]:
        return [check_where(w, Source.ACTIVITIES, (i,), schema_of(info)) for i, w in enumerate(v)]


class NewCompaniesTarget(_Filtered):
    """Share of companies matching ``where`` in the period that did not match it in the
    previous period (the calendar year before). Needs data for the previous year."""

    kind: Literal["new_companies"]
    source: Literal[Source.ACTIVITIES] = Source.ACTIVITIES
    unit: Literal["share"] = "share"
    reads_previous_year: ClassVar[bool] = True


class SpreadTarget(_Filtered):
    """Companies per hub municipality against a population-proportional expectation.

    Expected e = (companies located in the hub's municipalities) × population share; inside the
    band when e × (1 − tolerance) ≤ actual ≤ e × (1 + tolerance). Value: municipalities inside.
    Not pro-rated during the year: the band is relative to the companies so far.
    """

    kind: Literal["municipal_spread"]
    source: Literal[Source.ACTIVITIES] = Source.ACTIVITIES
    tolerance: Annotated[float, Field(gt=0, lt=1)] = 0.10
    expected_from: Literal["guided", "target"] = Field(
        "guided", description="The expected number per municipality: the companies actually guided in the hub's "
                              "municipalities × the population share (guided, the default), or the contract's "
                              "target number (expected_total) × the population share (target), pro-rated during "
                              "the year.")
    expected_total: Annotated[StrictInt, Field(ge=1)] | None = Field(
        None, description="The target number the expectation is a share of (expected_from: target), e.g. 2500.")
    unit: Literal["count"] = "count"

    def _reads(self) -> set[str]:
        return {"company_id", "municipality"}

    @model_validator(mode="after")
    def _total_with_target(self) -> SpreadTarget:
        if (self.expected_from == "target") != (self.expected_total is not None):
            raise Msg("expected_from: target kræver expected_total (måltallet, fx 2500), og expected_total "
                      "gælder kun med expected_from: target",
                      "expected_from: target needs expected_total (the target number, e.g. 2500), and "
                      "expected_total applies only with expected_from: target",
                      at="expected_total" if self.expected_total is not None else "expected_from")
        return self


class ExternalTarget(TargetBase):
    """A figure measured by others, read from ``external-<year>.yaml``.

    Either ``figure`` (a dotted path to one number) or ``numerator`` and ``denominator`` (a share).
    The threshold may be ``{baseline: NAME, change: X}``: the hub contract's baseline plus X.
    """

    kind: Literal["external"]
    figure: str | None = None
    numerator: str | None = None
    denominator: str | None = None
    unit: Literal["share", "pp", "number"] = "share"

    def sampled(self) -> bool:
        return True  # when the external file gives a sample size (or an interval)

    @model_validator(mode="after")
    def _one_form(self) -> ExternalTarget:
        ratio = self.numerator is not None and self.denominator is not None
        if (self.figure is not None) == ratio or (self.numerator is None) != (self.denominator is None):
            raise Msg("angiv enten figure eller numerator og denominator",
                      "give either figure or both numerator and denominator")
        if ratio and self.unit != "share":
            raise Msg("numerator/denominator giver en andel: unit: share",
                      "numerator/denominator make a share: unit: share")
        return self


class MilestoneTarget(TargetBase):
    """Evidence listed under ``milestones`` in ``external-<year>.yaml``.

    measure ``done``: the item's ``done`` flag (threshold true). ``count``: items dated in the
    period. ``distinct_municipalities``: distinct hub municipalities among items dated in the period.
    """

    kind: Literal["milestone"]
    evidence: str
    measure: Literal["done", "count", "distinct_municipalities"]
    within_year: StrictBool = Field(
        False, description="measure done: the milestone must be done within this contract year (a yearly "
                           "milestone), by a date in the year's file; done in an earlier year does not count. "
                           "Default: done once is done (a one-off milestone).")
    unit: Literal["bool", "count"] = "count"

    def counts_up(self) -> bool:
        return self.measure != "done"

    @model_validator(mode="after")
    def _within_year_is_for_done(self) -> MilestoneTarget:
        if self.within_year and self.measure != "done":
            raise Msg("within_year gælder kun measure: done (count og distinct_municipalities tæller kun datoer i "
                      "året)", "within_year applies to measure: done only (count and distinct_municipalities "
                      "count dates in the year only)", at="within_year")
        return self

    @model_validator(mode="before")
    @classmethod
    def _unit_from_measure(cls, data: Any) -> Any:
        if isinstance(data, dict) and "unit" not in data:
            data = {**data, "unit": "bool" if data.get("measure") == "done" else "count"}
        return data


class AllocationTarget(TargetBase):
    """How the hub's basic grant is split over its municipalities (thousand kr).

    ``method: table`` takes the contract's table and checks it sums to ``total``; ``population``
    computes the split from population with largest-remainder rounding, so it sums exactly.
    The report adds, per municipality, companies matching ``guided`` and kr per such company.
    """

    kind: Literal["allocation"]
    total: Annotated[int, Field(gt=0)]
    method: Literal["table", "population"]
    table: dict[str, StrictInt] | None = None
    guided: Where = Field(default_factory=lambda: dict[str, Scalar | Condition](activity_type="individuel"))
    comparison: Literal["=="] = "=="
    unit: Literal["thousand_kr"] = "thousand_kr"

    def reads(self) -> dict[str, set[str]]:
        return {}  # the split is the contract's; the guided companies beside it are left empty without data

    @model_validator(mode="after")
    def _table_matches_method(self, info: ValidationInfo) -> AllocationTarget:
        if (self.method == "table") != (self.table is not None):
            raise Msg("method: table kræver en table (og kun da)", "method: table needs a table (and only then)")
        if self.threshold != self.total:
            raise Msg(f"threshold skal være total ({self.total})", f"threshold must equal total ({self.total})")
        for name, amount in (self.table or {}).items():
            outside = outside_unit(self.unit, amount)
            if outside is not None:
                raise Msg(*outside, at=("table", name))
        object.__setattr__(self, "guided", check_where(self.guided, Source.ACTIVITIES, ("guided",), schema_of(info)))
        return self


from hubmonitor.contract.counting import CountTarget, SumTarget  # noqa: E402  (it builds on the classes above)
from hubmonitor.contract.durations import DurationTarget  # noqa: E402  (it builds on the classes above)

TARGET_KINDS = (
    ShareTarget,
    NpsTarget,
    DistinctCompaniesTarget,
    CompanyRatioTarget,
    NewCompaniesTarget,
    SpreadTarget,
    ExternalTarget,
    MilestoneTarget,
    AllocationTarget,
    DurationTarget,
    CountTarget,
    SumTarget,
)

Target = Annotated[
    ShareTarget
    | NpsTarget
    | DistinctCompaniesTarget
    | CompanyRatioTarget
    | NewCompaniesTarget
    | SpreadTarget
    | ExternalTarget
    | MilestoneTarget
    | AllocationTarget
    | DurationTarget
    | CountTarget
    | SumTarget,
    Field(discriminator="kind"),
]


class Qualitative(Strict):
    """A part of the contract with no computed status: a focus area or an offer, with the hub's
    own status text shown beside the figures."""

    id: Annotated[str, Field(pattern=ID_PATTERN)]
    ref: str
    title: str
    title_en: str | None = None
    quote: str
    status_text: str | None = None
